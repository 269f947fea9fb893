"""The baked project: bake it (timed), run its suite (timed), set up its database, probe it."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

from procs import BENCH_DIR, PYTHON, BenchError, Deadline, clean_env, run, timed_run

EMAIL = "bench@example.com"
PASSWORD = secrets.token_urlsafe(16)
# One small file per app, copied next to the database so nothing is written in the repo.
APP_FILES = ("ceiling_app.py", "bare_app.py", "floor_app.py")
# Printed by a fresh interpreter: seconds from the first statement to a built app.
COLD_START = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
# What gunicorn runs: wsgi.py builds the app with the garbage collector paused.
BAKED_START = "import wsgi"
CEILING_START = "import ceiling_app"
BARE_START = "import bare_app"
FLOOR_START = "import floor_app"
# Flask with the ORM every variant needs (a card package), nothing else, nothing built.
FLASK_SQLALCHEMY_START = "import flask, flask_sqlalchemy, sqlalchemy.orm"
# The floor of any app that follows the rulebook: the libraries it names, imported
# with the garbage collector paused as wsgi.py does, nothing built. Start-up
# cannot go below this without dropping one of them.
RULEBOOK_LIBRARIES_START = (
    "import gc; gc.disable(); "
    "import flask, flask_sqlalchemy, flask_migrate, flask_jwt_extended, flask_limiter, "
    "flask_caching, marshmallow, pydantic_settings, dotenv, pythonjsonlogger.json; "
    "gc.freeze(); gc.enable()"
)


@dataclass(frozen=True)
class Baked:
    project: Path
    bake_seconds: list[float]


@dataclass(frozen=True)
class Probe:
    """SQL statements per read (``list_10``, ``list_100``, ``single``) and a post's id."""

    queries: dict[str, int]
    post_id: str


@dataclass(frozen=True)
class SuiteRun:
    seconds: float  # median of the timed runs
    runs: list[float]  # every run, the first one (which writes bytecode) included
    summary: str  # pytest's last line
    passed: bool


def bake(
    template: Path,
    workdir: Path,
    times: int,
    deadline: Deadline,
    answers: dict[str, str] | None = None,
) -> Baked:
    """Bake ``times`` times, each into a new directory; keep the first.

    The default answers, but for ``answers`` (e.g. ``{"database": "postgresql"}``).
    """
    workdir.mkdir(exist_ok=True)
    config = workdir / "cookiecutter.yaml"
    config.write_text(
        f"cookiecutters_dir: {workdir / 'cookiecutters'}\nreplay_dir: {workdir / 'replay'}\n"
    )
    env = clean_env(COOKIECUTTER_CONFIG=str(config))
    seconds = []
    for number in range(times):
        out = workdir / f"bake-{number}"
        command: list[str | Path] = [PYTHON, "-m", "cookiecutter", "--no-input", template]
        command += ["-o", out, *(f"{name}={value}" for name, value in (answers or {}).items())]
        elapsed, _ = timed_run(command, cwd=workdir, env=env, deadline=deadline, timeout=120)
        seconds.append(elapsed)
    projects = [path for path in (workdir / "bake-0").iterdir() if path.is_dir()]
    if len(projects) != 1:
        raise BenchError(f"expected one baked project in {workdir / 'bake-0'}, found {projects}")
    return Baked(projects[0], seconds)


def project_venv(project: Path, workdir: Path, deadline: Deadline) -> Path:
    """A venv holding what the baked README installs (``-e . --group dev``), and its python.

    The dev venv also holds the template's own pytest plugins (pytest-cookies loads
    cookiecutter, xdist, ...), which a baked project's suite never loads. uv installs
    from the cache that ``scripts/test.sh`` filled, without the network.
    """
    venv = workdir / "project-venv"
    python = venv / "bin" / "python"
    uv = [PYTHON, "-m", "uv"]
    run([*uv, "venv", "--quiet", "--python", PYTHON, venv], cwd=workdir, deadline=deadline)
    install: list[str | Path] = [*uv, "pip", "install", "--quiet", "--offline", "--python", python]
    try:
        run([*install, "-e", ".", "--group", "dev"], cwd=project, deadline=deadline, timeout=300)
    except BenchError as error:
        raise BenchError(
            f"{error}\n(run `bash scripts/test.sh` once: it fills uv's cache)"
        ) from error
    # A project keeps its OpenAPI snapshot in git (under CI a missing one fails the suite).
    write_spec: list[str | Path] = [
        python,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "openapi",
        "write",
        "openapi.json",
    ]
    run(write_spec, cwd=project, deadline=deadline)
    return python


def run_suite(project: Path, python: Path, times: int, deadline: Deadline) -> SuiteRun:
    """The baked project's own test suite as its README runs it: median of ``times`` runs.

    The first run of a new bake also compiles the project's modules and rewrites its
    test modules' asserts; a developer pays that once, so it is shown but not counted
    (as ``cold_starts`` discards its first start). A failing suite is reported, not
    fatal: the rest of the figures still count.
    """
    command: list[str | Path] = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    runs = []
    for _ in range(times + 1):
        elapsed, result = timed_run(
            command, cwd=project, deadline=deadline, timeout=600, check=False
        )
        runs.append(elapsed)
        last_lines = result.stdout.strip().splitlines()[-1:] or [""]
        summary = re.sub(r"=+", "", last_lines[0]).strip()
        if result.returncode != 0:
            return SuiteRun(elapsed, runs, summary, passed=False)
    return SuiteRun(statistics.median(runs[1:]), runs, summary, passed=True)


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings for the baked app and the ceiling: one database, one JWT secret."""
    return clean_env(
        APP_ENV="production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(48),
        JWT_SECRET_KEY=secrets.token_urlsafe(48),
        # Production refuses mail links to this machine and senders at example domains.
        LINK_BASE_URL="https://app.flask-api-template.dev",
        MAIL_DEFAULT_SENDER="noreply@flask-api-template.dev",
        # The limiter stays on, but one client sending thousands of requests a
        # second must not be answered 429.
        RATELIMIT_DEFAULT="1000000 per second",
        # One token serves the whole load, however many rounds are asked for.
        JWT_ACCESS_TOKEN_EXPIRES="PT24H",  # ISO 8601: a bare number is not a timedelta
        **extra,
    )


def prepare_database(project: Path, env: dict[str, str], rows: int, deadline: Deadline) -> Probe:
    """Migrate, create the user, seed ``rows`` posts; the probe's counts and a post id."""
    migrate_and_create_user(project, env, deadline)
    probe: list[str | Path] = [PYTHON, BENCH_DIR / "probe.py", EMAIL, PASSWORD, str(rows)]
    result = run(probe, cwd=project, env=env | {"PYTHONPATH": str(project)}, deadline=deadline)
    probed = json.loads(result.stdout.strip().splitlines()[-1])
    return Probe(queries=probed["queries"], post_id=probed["post_id"])


def migrate_and_create_user(project: Path, env: dict[str, str], deadline: Deadline) -> None:
    """``flask db upgrade``, then the account EMAIL with PASSWORD."""
    flask = [PYTHON, "-m", "flask", "--app", "wsgi"]
    run([*flask, "db", "upgrade"], cwd=project, env=env, deadline=deadline)
    create_user = [*flask, "create-user", EMAIL, "--password", PASSWORD]
    run(create_user, cwd=project, env=env, deadline=deadline)


def copy_app_files(workdir: Path) -> Path:
    """Copy the ceiling and the bare app into ``workdir/apps``; return that directory."""
    apps = workdir / "apps"
    apps.mkdir()
    for name in APP_FILES:
        shutil.copy(BENCH_DIR / name, apps / name)
    return apps


def cold_starts(
    starts: dict[str, tuple[str, Path]], env: dict[str, str], times: int, deadline: Deadline
) -> dict[str, list[float]]:
    """Seconds to import and build each app (name -> code, directory), each in a new process.

    One discarded start each first (it writes the bytecode caches), then they
    alternate ``times`` times.
    """
    seconds: dict[str, list[float]] = {name: [] for name in starts}
    for number in range(times + 1):
        for name, (code, cwd) in starts.items():
            command = [PYTHON, "-c", COLD_START.format(code)]
            result = run(command, cwd=cwd, env=env, deadline=deadline, timeout=60)
            if number > 0:
                seconds[name].append(float(result.stdout.strip().splitlines()[-1]))
    return seconds
