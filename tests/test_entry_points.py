"""A bake started the ways people start it: in production with settings missing or unsafe
(through gunicorn, flask and wsgi.py) it names each problem on a line of its own and
exits 1, with no traceback; the development server's banner is logged as plain text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BakeVariant, clean_env
from tests.served import JsonClient, free_port, production_env, wait_until_healthy

PREFIX = "Cannot start (APP_ENV=production): "
SECRET_HINT = "is not set; set a random value of at least 32 characters"
NOTHING_SET = {
    "default": [
        "DATABASE_URL is not set",
        f"SECRET_KEY {SECRET_HINT}",
        f"JWT_SECRET_KEY {SECRET_HINT}",
        "LINK_BASE_URL must be an https:// address in production, not 'http://127.0.0.1:5000'",
        "MAIL_DEFAULT_SENDER is at example.com, reserved for examples and tests",
    ],
    "auth_none": ["DATABASE_URL is not set", f"SECRET_KEY {SECRET_HINT}"],
}
# gunicorn must stop before it binds: if it served instead, the test would wait this long.
EXIT_TIMEOUT_SECONDS = 60
ENTRY_POINTS = {
    "gunicorn": ["-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket", "wsgi:app"],
    "flask": ["-m", "flask", "--app", "wsgi", "db", "upgrade"],
    "wsgi.py": ["wsgi.py"],
    "import wsgi": ["-c", "import wsgi"],
}


def start(project: Path, entry_point: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    settings = {"GUNICORN_BIND": f"127.0.0.1:{free_port()}", "GUNICORN_WORKERS": "1"}
    return subprocess.run(
        [sys.executable, *ENTRY_POINTS[entry_point]],
        cwd=project,
        env=env | settings,
        capture_output=True,
        text=True,
        timeout=EXIT_TIMEOUT_SECONDS,
        check=False,
    )


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines that name a problem, after checking that every other line on stderr is
    one of gunicorn's JSON log lines and that nothing else was printed."""
    output = f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.returncode == 1, output
    assert "Traceback" not in result.stdout + result.stderr, output
    problems = [line for line in result.stderr.splitlines() if line.startswith(PREFIX)]
    others = [line for line in result.stderr.splitlines() if not line.startswith(PREFIX)]
    assert all(json.loads(line)["name"] == "gunicorn.error" for line in others), output
    return [line.removeprefix(PREFIX) for line in problems]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
@pytest.mark.parametrize("variant", NOTHING_SET)
def test_production_without_settings_names_each_missing_one(
    bake_variant: BakeVariant, variant: str, entry_point: str
) -> None:
    result = start(bake_variant(variant), entry_point, clean_env(APP_ENV="production"))

    assert problem_lines(result) == NOTHING_SET[variant]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_production_with_unsafe_settings_names_each_one(
    bake_variant: BakeVariant, tmp_path: Path, entry_point: str
) -> None:
    settings = {"SECRET_KEY": "too-short", "LINK_BASE_URL": "https://localhost:3000"}
    env = production_env(f"sqlite:///{tmp_path / 'unsafe.db'}", DEBUG="true") | settings

    result = start(bake_variant("default"), entry_point, env)

    assert problem_lines(result) == [
        "DEBUG must be off in production",
        "SECRET_KEY must be at least 32 characters",
        "LINK_BASE_URL points at this machine (localhost), not at your front-end",
    ]


def test_the_development_server_logs_its_banner_as_plain_text(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    port = free_port()
    command = ["-m", "flask", "--app", "wsgi", "run", "--host", "127.0.0.1", "--port", str(port)]
    env = clean_env(APP_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path / 'dev.db'}")
    log = tmp_path / "server.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, *command], cwd=bake_variant("default"), env=env, stderr=stderr
        )
    try:
        wait_until_healthy(JsonClient(f"http://127.0.0.1:{port}"), server, log)
    finally:
        server.terminate()
        server.wait(timeout=30)

    raw = log.read_text(encoding="utf-8")
    messages = [json.loads(line)["message"] for line in raw.splitlines()]
    banner = next(message for message in messages if "development server" in message)
    assert banner.startswith("WARNING: This is a development server."), raw
    assert "\x1b" not in raw, raw
    assert "\\u001b" not in raw, raw
