"""Each bake's deployment files: gunicorn config, Docker files and CI, linted and read.

No Docker engine runs here: the Dockerfile is linted by hadolint and its instructions
read; the compose and GitLab files are checked against their published JSON schemas
(vendored by check-jsonschema), the GitHub workflows against theirs, and every `run:`
script of a workflow by shellcheck. (actionlint installs from no registry but through
an unvetted fork, so it is not used.)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from tests.deploy_options import (
    OPTIONS,
    Options,
    every_variant,
    read_yaml,
    tool,
    with_docker,
    with_github,
    with_gitlab,
)
from tests.helpers import TEMPLATE_DIR, BakeVariant, clean_env, run_ok

# The steps of the baked CI, in order, on GitHub and GitLab alike.
CI_COMMANDS = [
    'pip install -e ".[dev]"',
    "ruff check .",
    "ruff format --check .",
    "mypy",
    "flask --app wsgi db upgrade",
    "flask --app wsgi db check",
    "pytest",
]
START_COMMAND = "flask --app wsgi db upgrade && exec gunicorn -c gunicorn.conf.py wsgi:app"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """The Dockerfile's (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = dockerfile.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    pairs = [line.split(maxsplit=1) for line in lines if line and not line.startswith("#")]
    return [(pair[0].upper(), pair[1]) for pair in pairs]


def assert_ci_settings(settings: dict[str, str], options: Options, hosts: dict[str, str]) -> None:
    """Migrations and the baked suite use the CI's service containers when there are some."""
    if options.postgres:
        database = settings["TEST_DATABASE_URL"]
        assert database.startswith(f"postgresql+psycopg://app:app@{hosts['postgres']}:5432/")
        assert settings["DATABASE_URL"] == database
    else:
        assert "TEST_DATABASE_URL" not in settings
        assert settings["DATABASE_URL"].startswith("sqlite:///")
    if options.redis:
        assert settings["TEST_REDIS_URL"].startswith(f"redis://{hosts['redis']}:6379/")
    else:
        assert "TEST_REDIS_URL" not in settings


@every_variant
def test_deploy_files_follow_the_options(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    expected = {
        "gunicorn.conf.py": True,
        "Dockerfile": options.docker,
        ".dockerignore": options.docker,
        "docker-compose.yml": options.docker,
        ".github/workflows/ci.yml": options.ci == "github",
        ".gitlab-ci.yml": options.ci == "gitlab",
    }
    assert {path: (project / path).exists() for path in expected} == expected
    assert (project / ".github").exists() == (options.ci == "github")


@every_variant
def test_gunicorn_accepts_its_config(bake_variant: BakeVariant, variant: str) -> None:
    command = [sys.executable, "-m", "gunicorn", "--check-config", "-c", "gunicorn.conf.py"]
    run_ok([*command, "wsgi:app"], bake_variant(variant), clean_env(APP_ENV="development"))


@with_docker
def test_dockerfile(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    run_ok([tool("hadolint"), "Dockerfile"], project)
    steps = instructions(project / "Dockerfile")
    stages = [args for name, args in steps if name == "FROM"]
    final = steps[max(index for index, (name, _) in enumerate(steps) if name == "FROM") :]

    assert ("ARG", f"PYTHON_VERSION={options.python_version}") in steps
    assert stages == ["python:${PYTHON_VERSION}-slim AS builder", "python:${PYTHON_VERSION}-slim"]
    assert ("COPY", "--from=builder /opt/venv /opt/venv") in final
    assert any(name == "ENV" and "APP_ENV=production" in args for name, args in final)
    users = [args for name, args in final if name == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    (healthcheck,) = [args for name, args in final if name == "HEALTHCHECK"]
    assert "urllib" in healthcheck
    assert "/healthz" in healthcheck
    assert json.loads(dict(final)["CMD"]) == ["sh", "-c", START_COMMAND]


@with_docker
def test_compose_file(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    assert_matches_schema(project / "docker-compose.yml", "vendor.compose-spec")
    services = read_yaml(project / "docker-compose.yml")["services"]
    app = services.pop("app")
    environment = app["environment"]

    assert set(services) == options.services()
    assert environment["APP_ENV"] == "production"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert ("JWT_SECRET_KEY" in environment) == options.jwt
    for setting in ("LINK_BASE_URL", "MAIL_DEFAULT_SENDER"):  # production refuses the defaults
        assert (setting in environment) == options.jwt
    assert set(app.get("depends_on", {})) == options.services()
    assert all(
        needed["condition"] == "service_healthy" for needed in app.get("depends_on", {}).values()
    )
    if options.postgres:
        assert services["postgres"]["image"] == "postgres:16"
        assert "healthcheck" in services["postgres"]
        database = environment["DATABASE_URL"]
        assert database.startswith("postgresql+psycopg://app:${POSTGRES_PASSWORD:?")
        assert database.endswith("@postgres:5432/app")
    else:
        assert environment["DATABASE_URL"].startswith("sqlite:////app/instance/")
        assert app["volumes"] == ["instance:/app/instance"]
    if options.redis:
        assert services["redis"]["image"] == "redis:7"
        assert environment["REDIS_URL"] == "redis://redis:6379/0"


GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


@with_github
def test_github_workflow(bake_variant: BakeVariant, variant: str, tmp_path: Path) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    lint_github_workflow(project / ".github/workflows/ci.yml", tmp_path)
    job = read_yaml(project / ".github/workflows/ci.yml")["jobs"]["test"]
    services = job.get("services", {})
    setup_python = next(step for step in job["steps"] if "setup-python" in step.get("uses", ""))

    assert set(services) == options.services()
    assert all("--health-cmd" in service["options"] for service in services.values())
    assert setup_python["with"]["python-version"] == options.python_version
    assert setup_python["with"]["cache"] == "pip"
    commands = [line for step in job["steps"] for line in step.get("run", "").splitlines()]
    assert commands == CI_COMMANDS
    assert_ci_settings(job["env"], options, {"postgres": "localhost", "redis": "localhost"})


@with_gitlab
def test_gitlab_pipeline(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    assert_matches_schema(project / ".gitlab-ci.yml", "vendor.gitlab-ci")
    job = read_yaml(project / ".gitlab-ci.yml")["test"]

    assert job["image"] == f"python:{options.python_version}-slim"
    assert {image.split(":")[0] for image in job.get("services", [])} == options.services()
    assert job["script"] == CI_COMMANDS
    assert_ci_settings(job["variables"], options, {"postgres": "postgres", "redis": "redis"})


def test_template_workflow_is_valid(tmp_path: Path) -> None:
    lint_github_workflow(TEMPLATE_DIR / ".github/workflows/template.yml", tmp_path)
    jobs = read_yaml(TEMPLATE_DIR / ".github/workflows/template.yml")["jobs"]
    assert any(
        step.get("run") == "bash scripts/test.sh" for step in jobs["template-tests"]["steps"]
    )


def lint_github_workflow(workflow: Path, scratch: Path) -> None:
    """Check ``workflow`` against the GitHub workflow schema, and shellcheck its scripts."""
    assert_matches_schema(workflow, "vendor.github-workflows")
    jobs = read_yaml(workflow)["jobs"]
    scripts = [step["run"] for job in jobs.values() for step in job["steps"] if "run" in step]
    for number, script in enumerate(scripts):
        # GitHub fills ${{ ... }} before the shell sees the script.
        path = scratch / f"step{number}.sh"
        path.write_text(GITHUB_EXPRESSION.sub("x", script), encoding="utf-8")
        run_ok([tool("shellcheck"), "--shell=bash", "--severity=warning", path], scratch)


def assert_matches_schema(path: Path, schema: str) -> None:
    """Validate ``path`` against a schema that check-jsonschema ships (no download)."""
    run_ok([tool("check-jsonschema"), "--builtin-schema", schema, path], path.parent)
