"""Celery (app/worker.py), with Redis as its broker: the settings of settings/redis.py,
and the worker's."""

from __future__ import annotations

from settings import redis


class BackendSettings(redis.BackendSettings):
    """Redis for rate limits and the cache, and Celery's broker and result backend."""

    # The broker and result backend default to REDIS_URL.
    CELERY_BROKER_URL: str | None = None
    CELERY_RESULT_BACKEND: str | None = None
    CELERY_TASK_ALWAYS_EAGER: bool = False
    # A task is stopped after CELERY_TASK_TIME_LIMIT seconds (soft: an exception first).
    CELERY_TASK_SOFT_TIME_LIMIT: int = 120
    CELERY_TASK_TIME_LIMIT: int = 150
    # A task taken by a worker that died goes back to the queue after this long.
    CELERY_VISIBILITY_TIMEOUT: int = 3600

    @property
    def CELERY(self) -> dict[str, object]:  # noqa: N802 (read by app/worker.py)
        """Celery's settings: JSON only, a task acknowledged once it has run (so one
        that a dying worker held runs again), one task prefetched at a time."""
        return {
            "broker_url": self.CELERY_BROKER_URL or self.REDIS_URL,
            "result_backend": self.CELERY_RESULT_BACKEND or self.REDIS_URL,
            "task_ignore_result": True,
            "task_serializer": "json",
            "result_serializer": "json",
            "accept_content": ["json"],
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_soft_time_limit": self.CELERY_TASK_SOFT_TIME_LIMIT,
            "task_time_limit": self.CELERY_TASK_TIME_LIMIT,
            "task_always_eager": self.CELERY_TASK_ALWAYS_EAGER,
            "task_eager_propagates": True,
            "broker_connection_retry_on_startup": True,
            "broker_transport_options": {"visibility_timeout": self.CELERY_VISIBILITY_TIMEOUT},
            "timezone": "UTC",
        }


class TestingBackendSettings(redis.TestingBackendSettings):
    """What the test suite changes: its own Redis database, and Celery without a broker
    server."""

    # Tasks run in the test's process, at once, and nothing needs a broker server.
    CELERY_TASK_ALWAYS_EAGER: bool = True
    CELERY_BROKER_URL: str | None = "memory://"
    CELERY_RESULT_BACKEND: str | None = "cache+memory://"
