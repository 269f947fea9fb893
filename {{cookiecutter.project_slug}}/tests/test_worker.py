"""The Celery app: Flask's settings, JSON only, tasks acknowledged after they ran,
each task inside an app context. tests/test_mail runs tasks; the template's own
tests run a real worker against Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

import pytest
from flask import Flask, current_app, has_app_context
from flask.testing import FlaskClient

from config import DevelopmentConfig


def test_the_worker_speaks_json_only_and_acknowledges_a_task_once_it_ran(app: Flask) -> None:
    conf = app.extensions["celery"].conf

    assert (conf.task_serializer, conf.result_serializer, conf.accept_content) == (
        "json",
        "json",
        ["json"],
    )
    assert (conf.task_acks_late, conf.task_reject_on_worker_lost) == (True, True)
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


def test_a_task_runs_inside_an_app_context(app: Flask) -> None:
    @app.extensions["celery"].task
    def name_of_the_app() -> str:
        return str(current_app.name)

    def outside_any_context() -> str:
        assert not has_app_context()
        return str(name_of_the_app.delay().get())

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(outside_any_context).result() == app.name


def test_the_broker_and_results_default_to_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/2")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.delenv("CELERY_RESULT_BACKEND", raising=False)

    settings = DevelopmentConfig().CELERY

    assert settings["broker_url"] == settings["result_backend"] == "redis://cache.internal:6379/2"


def test_readyz_names_the_broker_when_it_is_down(client: FlaskClient) -> None:
    with patch("app.api.health.services.ping_broker", side_effect=OSError("refused")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["error"]["details"]["broker"] == "unavailable"
