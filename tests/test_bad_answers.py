"""Every kind of bad answer stops a real bake, says what is wrong and leaves nothing;
cookiecutter's own command line shows the message without a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import TEMPLATE_DIR, clean_env

HEADING = "Cannot bake the project:"
DOMAIN_RULES = "Domain names are plurals"
FIELD_RULES = "Fields follow a domain"
COOKIECUTTER = Path(sys.executable).with_name("cookiecutter")

BAD_ANSWERS = [
    pytest.param({"project_slug": "my-api"}, "project_slug: 'my-api'", id="slug-chars"),
    pytest.param({"project_slug": "import"}, "project_slug: 'import'", id="slug-keyword"),
    pytest.param({"project_slug": "flask"}, "project_slug: 'flask'", id="slug-flask"),
    pytest.param({"project_slug": "app"}, "project_slug: 'app'", id="slug-app"),
    pytest.param({"project_slug": "tests"}, "project_slug: 'tests'", id="slug-tests"),
    pytest.param({"project_slug": "json"}, "project_slug: 'json'", id="slug-stdlib"),
    pytest.param(
        {"project_name": "  ", "project_slug": "blank_name"}, "project_name: '  '", id="blank-name"
    ),
    pytest.param({"email": "ada-at-example.com"}, "email: 'ada-at-example.com'", id="email"),
    pytest.param({"version": "first"}, "version: 'first'", id="version"),
    pytest.param(
        {"background_jobs": "celery"},
        "background_jobs: 'celery' needs Redis, its broker, but use_redis is no.",
        id="celery-without-redis",
    ),
    pytest.param(
        {"auth": "none", "domains": "posts, private notes"},
        "domains: 'private notes' needs authentication (auth is none).",
        id="private-without-auth",
    ),
    pytest.param(
        {"domains": "posts(meta:json filter)"},
        "domains: 'posts(meta:json filter)' marks a json field filter",
        id="json-filter",
    ),
    pytest.param({"domains": "1bad"}, "domains: '1bad' starts with a digit.", id="domain-digit"),
    pytest.param(
        {"domains": "Posts"}, "domains: 'Posts' has uppercase letters.", id="domain-uppercase"
    ),
    pytest.param({"domains": "blog-posts"}, "domains: 'blog-posts' has '-'", id="domain-chars"),
    pytest.param({"domains": "posts, class"}, "domains: 'class' is a Python keyword", id="keyword"),
    pytest.param(
        {"domains": "posts, tags, posts"}, "domains: 'posts' is listed 2 times", id="repeated"
    ),
    pytest.param(
        {"domains": "auth"},
        "domains: 'auth' is reserved for the project's own app/api/auth blueprint.",
        id="builtin-auth",
    ),
    pytest.param({"domains": "posts, users"}, "domains: 'users' is reserved", id="builtin-users"),
    pytest.param({"domains": "api"}, "domains: 'api' is reserved", id="builtin-api"),
    pytest.param({"domains": "health"}, "domains: 'health' is reserved", id="builtin-health"),
    pytest.param(
        {"domains": "docs"},
        "domains: 'docs' is reserved for the API documentation at /api/v1/docs.",
        id="docs-path",
    ),
    pytest.param({"domains": ""}, "domains: '' names no domain", id="domains-empty"),
    pytest.param({"domains": "post, posts"}, "domains: 'post, posts'", id="same-singular"),
    pytest.param({"domains": "bases"}, "domains: 'bases' would make a model 'Base'", id="model"),
    pytest.param(
        {"domains": "posts(title:str), comments(body:text, post:reff)"},
        "domains: 'comments(post:reff)' has an unknown type 'reff' (types: str, text, int,",
        id="field-spec-type",
    ),
    pytest.param(
        {"domains": "comments(post:ref), posts"},
        "domains: 'comments(post:ref)' refers to 'post'",
        id="field-spec-ref",
    ),
]


def problem_lines(message: str) -> list[str]:
    """The problems of a report: the indented lines under its heading."""
    heading, *rest = message.splitlines()
    assert heading == HEADING
    return [line.strip() for line in rest if line.startswith("  ")]


def assert_nothing_left(tmp_path: Path) -> None:
    # The `cookies` fixture bakes into <tmp_path>/cookies/bake00; the answers were refused
    # before cookiecutter created even that.
    assert list((tmp_path / "cookies").rglob("*")) == []


@pytest.mark.parametrize(("answers", "named"), BAD_ANSWERS)
def test_bad_answer_stops_the_bake(
    cookies: Any, tmp_path: Path, answers: dict[str, str], named: str
) -> None:
    result = cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR))

    assert result.exit_code != 0
    assert result.project_path is None
    [problem] = problem_lines(str(result.exception))
    assert problem.startswith(named)
    assert_nothing_left(tmp_path)


def test_every_bad_answer_is_reported_at_once_domains_included(
    cookies: Any, tmp_path: Path
) -> None:
    answers = {
        "project_slug": "flask",
        "email": "nope",
        "domains": "1bad, Posts, auth, notes(body:txt, Title:str)",
    }
    result = cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR))

    message = str(result.exception)
    assert [line.split(" ")[:2] for line in problem_lines(message)] == [
        ["project_slug:", "'flask'"],
        ["email:", "'nope'"],
        ["domains:", "'1bad'"],
        ["domains:", "'Posts'"],
        ["domains:", "'auth'"],
        ["domains:", "'notes(body:txt)'"],
        ["domains:", "'notes(Title:str)'"],
    ]
    # The rules of domain names and of fields, each once however many broke them.
    assert (message.count(DOMAIN_RULES), message.count(FIELD_RULES)) == (1, 1)
    assert_nothing_left(tmp_path)


def cookiecutter_cli(*answers: str, output: Path) -> subprocess.CompletedProcess[str]:
    """The real `cookiecutter` command, as a user types it."""
    command = [COOKIECUTTER, "--no-input", TEMPLATE_DIR, "-o", output, *answers]
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=300,
        check=False,
    )


def test_the_command_line_shows_bad_answers_without_a_traceback(tmp_path: Path) -> None:
    result = cookiecutter_cli("domains=1bad, Posts", "project_slug=flask", output=tmp_path / "out")

    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.startswith(
        f"{HEADING}\n  project_slug: 'flask' shadows a module the project imports. Allowed: "
    )
    assert "  domains: '1bad' starts with a digit.\n" in result.stdout
    assert "  domains: 'Posts' has uppercase letters.\n" in result.stdout
    assert result.stdout.count(DOMAIN_RULES) == 1
    assert "Traceback" not in result.stdout
    assert "Hook script failed" not in result.stdout
    assert not (tmp_path / "out").exists()


def test_the_command_line_prints_the_next_steps_of_a_good_bake(tmp_path: Path) -> None:
    result = cookiecutter_cli("project_name=Blog API", output=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / "blog_api"
    assert result.stdout.splitlines() == [
        f"Baked Blog API in {project}. Next:",
        f"  cd {project}",
        "  uv sync   # makes .venv and uv.lock (commit it); without uv, see README.md",
        "  .venv/bin/flask --app wsgi db upgrade",
        "  .venv/bin/flask --app wsgi run   # API docs on http://127.0.0.1:5000/api/v1/docs",
        "  .venv/bin/pytest",
        "Its README.md says how to configure, deploy and add domains.",
    ]
    assert (project / "wsgi.py").is_file()
