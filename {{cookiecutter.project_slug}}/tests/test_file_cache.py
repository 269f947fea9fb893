"""List pages cached in files beside the SQLite database: where the files go, and
that every worker shares them, so a write on one forgets the lists of all."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, Response

from app import caching, create_app
from app.extensions import cache
from config import SettingsError, load_config


def test_the_files_go_to_the_instance_folder_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance, elsewhere = tmp_path / "instance", tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda _app: str(instance))
    monkeypatch.setenv("CACHE_DIR", "cache")
    monkeypatch.chdir(elsewhere)

    app = create_app("testing")
    with app.app_context():
        cache.set("probe", 1)

    assert app.config["CACHE_TYPE"] == "FileSystemCache"
    assert app.config["CACHE_DIR"] == str(instance / "cache")
    assert list((instance / "cache").iterdir()) != []
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("folder", ["", ".", "..", "/", "cache/.."])
def test_a_folder_the_cache_would_share_is_refused(
    folder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CACHE_DIR", folder)

    with pytest.raises(SettingsError, match=r"CACHE_DIR: .*a folder of the cache's own"):
        load_config("testing")


def test_a_list_cached_by_one_worker_is_forgotten_after_a_write_on_another(app: Flask) -> None:
    """Two apps on one cache folder, as two gunicorn workers are: each keeps nothing
    of the cache in its memory."""
    other_worker = create_app("testing")
    built: list[int] = []

    def page(number: int) -> caching.ListBody:
        built.append(number)
        return {"data": [number], "meta": {"built": len(built)}}

    memoized = caching.cached_list(page)
    try:
        first = memoized(1)
        with other_worker.app_context():
            seen_by_the_other = memoized(1)
        with other_worker.test_request_context(method="PATCH"):
            caching.forget_lists_after_a_write(Response(status=412))
        with other_worker.app_context():
            after_a_failed_write = memoized(1)
        with other_worker.test_request_context(method="PATCH"):
            caching.forget_lists_after_a_write(Response(status=200))
        after_a_write = memoized(1)
    finally:
        caching.cached_lists.remove(memoized)

    bodies = (first, seen_by_the_other, after_a_failed_write, after_a_write)
    assert [body["meta"]["built"] for body in bodies] == [1, 1, 1, 2]
