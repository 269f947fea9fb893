"""Each bake's deployment files: gunicorn config, Docker files, CI and dependency updates,
linted and read.

No Docker engine runs here, and nothing reaches GitHub, GitLab or a vulnerability
database: the Dockerfile is linted by hadolint and its instructions read; the compose
and GitLab files, the Dependabot and Renovate configs are checked against their
published JSON schemas (vendored by check-jsonschema), the GitHub workflows against
theirs, and every `run:` script of a workflow by shellcheck. (actionlint installs from
no registry but through an unvetted fork, so it is not used.) tests/test_lock.py runs
the locked installs and the audit's export offline.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

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

# The baked CI's install: exactly uv.lock, failing when pyproject.toml changed without it.
LOCKED_INSTALL = "uv sync --locked"
# Its checks after the install, in order, on GitHub and GitLab alike; the last one
# fails under the coverage of pyproject.toml.
CI_CHECKS = [
    "ruff check .",
    "ruff format --check .",
    "mypy",
    "flask --app wsgi db upgrade",
    "flask --app wsgi db check",
    "pytest --cov",
]
# The audit job: every locked package, dev tools and extras included, to pip-audit.
AUDIT_COMMANDS = [
    "uv export --locked --all-groups --all-extras --no-emit-project --format requirements-txt"
    " --output-file audit-requirements.txt",
    "uvx pip-audit@2.10.1 --strict --disable-pip --requirement audit-requirements.txt",
]
# uv's own image, at a release: the Dockerfile copies uv from it, GitLab CI runs in it.
UV_IMAGE = re.compile(r"ghcr\.io/astral-sh/uv:(\d+\.\d+\.\d+)")
# Only the runtime dependencies, as locked, and not the project itself (its code is
# copied into the runtime stage).
DOCKER_SYNC = "uv sync --locked --no-dev --no-install-project"
DEV_SELECTORS = ("--dev", "--group", "--all-groups", "--only-dev", "--extra dev", "--all-extras")
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
        ".github/dependabot.yml": options.ci == "github",
        ".gitlab-ci.yml": options.ci == "gitlab",
        "renovate.json": options.ci == "gitlab",
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
    uv_image, *pythons = stages
    assert uv_image == f"ghcr.io/astral-sh/uv:{uv_release(uv_image)} AS uv"
    assert pythons == ["python:${PYTHON_VERSION}-slim AS builder", "python:${PYTHON_VERSION}-slim"]
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
def test_dockerfile_installs_the_lock_without_dev_tools(
    bake_variant: BakeVariant, variant: str
) -> None:
    steps = instructions(bake_variant(variant) / "Dockerfile")
    builder = steps[: max(index for index, (name, _) in enumerate(steps) if name == "FROM")]
    (install,) = [args for name, args in builder if name == "RUN" and " sync " in args]

    assert ("COPY", "--from=uv /uv /usr/local/bin/uv") in builder
    assert ("COPY", "pyproject.toml uv.lock ./") in builder
    assert any(
        name == "ENV" and "UV_PROJECT_ENVIRONMENT=/opt/venv" in args for name, args in builder
    )
    assert DOCKER_SYNC in install
    assert not [selector for selector in DEV_SELECTORS if f"{selector} " in f"{install} "]
    assert "pip install" not in " ".join(args for _, args in steps)


@with_docker
def test_compose_file(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    assert_matches_schema(project / "docker-compose.yml", "vendor.compose-spec")
    services = read_yaml(project / "docker-compose.yml")["services"]
    app = services.pop("app")
    environment = app["environment"]
    celery = {name: services.pop(name) for name in ("worker", "beat") if name in services}

    assert set(services) == options.services()
    assert set(celery) == ({"worker", "beat"} if options.celery else set())
    for name, process in celery.items():
        assert process["command"][:4] == ["celery", "--app", "wsgi:celery_app", name]
        assert process["environment"] == environment
        assert process["depends_on"] == {"app": {"condition": "service_healthy"}}
    assert environment["APP_ENV"] == "production"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert ("JWT_SECRET_KEY" in environment) == options.jwt
    for setting in ("LINK_BASE_URL", "MAIL_DEFAULT_SENDER", "MAIL_SERVER"):  # no default reaches
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
    setup_uv = uses_step(job, "astral-sh/setup-uv")

    assert set(services) == options.services()
    assert all("--health-cmd" in service["options"] for service in services.values())
    assert setup_uv["with"]["python-version"] == options.python_version
    assert setup_uv["with"]["activate-environment"] is True
    assert setup_uv["with"]["cache-dependency-glob"] == "uv.lock"
    assert run_lines(job) == [LOCKED_INSTALL, *CI_CHECKS]
    assert_ci_settings(job["env"], options, {"postgres": "localhost", "redis": "localhost"})


@with_github
def test_github_audit_runs_on_every_push_and_every_week(
    bake_variant: BakeVariant, variant: str
) -> None:
    workflow = read_yaml(bake_variant(variant) / ".github/workflows/ci.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    jobs = workflow["jobs"]
    audit = jobs["audit"]

    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert jobs["test"]["if"] == "github.event_name != 'schedule'"
    assert "if" not in audit
    assert uses_step(audit, "astral-sh/setup-uv")["with"]["python-version"] == (
        OPTIONS[variant].python_version
    )
    assert run_lines(audit) == AUDIT_COMMANDS
    # Every action at a release tag, which Dependabot moves forward.
    actions = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(\.\d+)*", action) for action in actions)


@with_github
def test_dependabot_updates_the_lock_actions_hooks_and_image(
    bake_variant: BakeVariant, variant: str
) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    assert_matches_schema(project / ".github/dependabot.yml", "vendor.dependabot")
    updates = read_yaml(project / ".github/dependabot.yml")["updates"]
    ecosystems = {update["package-ecosystem"] for update in updates}

    assert ecosystems == {"uv", "github-actions", "pre-commit"} | (
        {"docker"} if options.docker else set()
    )
    assert all(update["directory"] == "/" for update in updates)
    assert all(update["schedule"]["interval"] == "weekly" for update in updates)


@with_gitlab
def test_gitlab_pipeline(bake_variant: BakeVariant, variant: str) -> None:
    project, options = bake_variant(variant), OPTIONS[variant]
    assert_matches_schema(project / ".gitlab-ci.yml", "vendor.gitlab-ci")
    pipeline = read_yaml(project / ".gitlab-ci.yml")
    job = pipeline["test"]
    image = pipeline["default"]["image"]
    release = uv_release(image)

    assert image.endswith(f":{release}-python{options.python_version}-trixie-slim")
    if options.docker:  # the same uv as the Dockerfile's
        assert uv_release((project / "Dockerfile").read_text(encoding="utf-8")) == release
    assert {image.split(":")[0] for image in job.get("services", [])} == options.services()
    assert job["script"] == [LOCKED_INSTALL, ". .venv/bin/activate", *CI_CHECKS]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE != "schedule"'}]
    assert re.search(job["coverage"].strip("/"), "TOTAL    2142    129    93.98%")
    assert pipeline["audit"]["script"] == AUDIT_COMMANDS
    assert "rules" not in pipeline["audit"]  # schedules run the audit alone
    assert_ci_settings(job["variables"], options, {"postgres": "postgres", "redis": "redis"})


@with_gitlab
def test_renovate_config(bake_variant: BakeVariant, variant: str) -> None:
    config_path = bake_variant(variant) / "renovate.json"
    assert_matches_schema(config_path, "vendor.renovate")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    # The schema lets unknown keys through: a misspelt option would be silently ignored.
    vendored = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    known: dict[str, Any] = json.loads((vendored / "renovate.json").read_text(encoding="utf-8"))

    assert set(config) - {"$schema"} <= set(known["properties"])
    assert "config:recommended" in config["extends"]
    assert config["lockFileMaintenance"]["enabled"] is True
    assert config["osvVulnerabilityAlerts"] is True
    assert config["pre-commit"]["enabled"] is True


@every_variant
def test_readme_names_the_coverage_gate(bake_variant: BakeVariant, variant: str) -> None:
    project = bake_variant(variant)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    threshold = pyproject["tool"]["coverage"]["report"]["fail_under"]
    readme = (project / "README.md").read_text(encoding="utf-8")

    assert "pytest-cov" in " ".join(pyproject["dependency-groups"]["dev"])
    assert f"fails under {threshold}% line coverage" in readme
    assert f"falls under {threshold}%" in readme


def test_template_workflow_is_valid(tmp_path: Path) -> None:
    lint_github_workflow(TEMPLATE_DIR / ".github/workflows/template.yml", tmp_path)
    jobs = read_yaml(TEMPLATE_DIR / ".github/workflows/template.yml")["jobs"]
    assert any(
        step.get("run") == "bash scripts/test.sh" for step in jobs["template-tests"]["steps"]
    )


def uv_release(text: str) -> str:
    """The release of the first uv image that ``text`` names."""
    found = UV_IMAGE.search(text)
    assert found, f"no uv image in {text!r}"
    return found.group(1)


def uses_step(job: dict[str, Any], action: str) -> Any:
    """The job's step that uses ``action`` (at whatever version)."""
    (step,) = [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]
    return step


def run_lines(job: dict[str, Any]) -> list[str]:
    return [line for step in job["steps"] for line in step.get("run", "").splitlines()]


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
