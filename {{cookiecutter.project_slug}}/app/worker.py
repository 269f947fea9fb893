"""The Celery app, Flask's way: built from the app's settings, every task run inside
an app context. Start a worker with ``celery --app wsgi:celery_app worker
--loglevel INFO`` and the periodic tasks with ``celery --app wsgi:celery_app beat``.

Every task lives in a module of ``app.tasks``; the worker imports each of them, and
a module's ``schedule(config)`` adds its periodic tasks to beat's schedule.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from celery import Celery, Task
from flask import Flask

from app import tasks


def init_celery(app: Flask) -> Celery[Any]:
    """The Celery app of ``app``, also kept in ``app.extensions["celery"]``."""

    class FlaskTask(Task[Any, Any]):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    modules = list(task_modules())
    celery_app.conf.include = [module.__name__ for module in modules]
    celery_app.conf.beat_schedule = {
        name: entry
        for module in modules
        if hasattr(module, "schedule")
        for name, entry in module.schedule(app.config).items()
    }
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


def task_modules() -> Iterator[ModuleType]:
    for module in pkgutil.iter_modules(tasks.__path__, f"{tasks.__name__}."):
        yield importlib.import_module(module.name)
