"""The prompts ask only what matters, and no answer can contradict another."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import GOOD_CONTEXT, TEMPLATE_DIR

COOKIECUTTER_JSON: dict[str, Any] = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
# The prompts with a fixed set of answers: choices and yes/no questions.
CLOSED_PROMPTS = {
    name: value if isinstance(value, list) else [False, True]
    for name, value in COOKIECUTTER_JSON.items()
    if not name.startswith("_") and isinstance(value, list | bool)
}


def test_one_auth_prompt_says_where_tokens_travel() -> None:
    assert COOKIECUTTER_JSON["auth"] == ["jwt", "jwt-cookies", "none"]
    assert "jwt_location" not in COOKIECUTTER_JSON
    labels = COOKIECUTTER_JSON["__prompts__"]["auth"]
    assert "Bearer headers" in labels["jwt"]
    assert "HttpOnly cookies" in labels["jwt-cookies"]


def test_the_verification_prompt_says_it_needs_authentication() -> None:
    prompt = COOKIECUTTER_JSON["__prompts__"]["email_verification"]
    assert "ignored without authentication" in prompt


def test_every_combination_of_closed_answers_is_accepted_but_celery_without_redis(
    pre_gen: ModuleType, naming: ModuleType
) -> None:
    combinations = [
        dict(zip(CLOSED_PROMPTS, values, strict=True))
        for values in itertools.product(*CLOSED_PROMPTS.values())
    ]
    # python, auth, database, background jobs, ci; 3 yes/no
    assert len(combinations) == 3 * 3 * 2 * 2 * 3 * 2**3
    refused = {
        (answers["background_jobs"], answers["use_redis"], *map(str, problems))
        for answers in combinations
        if (problems := pre_gen.answer_problems(GOOD_CONTEXT | answers, naming))
    }
    message = (
        "background_jobs: 'celery' needs Redis, its broker, but use_redis is no. "
        "Allowed: celery with use_redis=yes, or none."
    )
    assert refused == {("celery", False, message)}


def test_the_background_jobs_prompt_says_celery_needs_redis() -> None:
    assert COOKIECUTTER_JSON["background_jobs"] == ["none", "celery"]
    assert "needs use_redis=yes" in COOKIECUTTER_JSON["__prompts__"]["background_jobs"]["celery"]


def project_files(result: Any) -> dict[str, bytes]:
    project: Path = result.project_path
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in project.rglob("*")
        if path.is_file()
    }


def test_email_verification_is_ignored_without_authentication(cookies: Any) -> None:
    template = str(TEMPLATE_DIR)
    answers = {"auth": "none", "email_verification": True}
    asked = cookies.bake(extra_context=answers, template=template)
    plain = cookies.bake(extra_context={"auth": "none"}, template=template)
    assert asked.exception is None, asked.exception
    assert project_files(asked) == project_files(plain)


@pytest.mark.parametrize(
    ("old_answers", "new_answers"),
    [
        ({"auth": "jwt", "jwt_location": "headers"}, {"auth": "jwt"}),
        ({"auth": "none", "jwt_location": "headers"}, {"auth": "none"}),
    ],
    ids=["jwt-headers", "none"],
)
def test_old_answers_with_bearer_tokens_bake_as_before(
    cookies: Any, old_answers: dict[str, str], new_answers: dict[str, str]
) -> None:
    """An answer the template no longer asks is ignored; jwt_location=cookies needs the
    one-off `cruft update --variables-to-update` of the README (tests/test_template_update.py)."""
    template = str(TEMPLATE_DIR)
    old = cookies.bake(extra_context=old_answers | {"email_verification": False}, template=template)
    new = cookies.bake(extra_context=new_answers, template=template)
    assert old.exception is None, old.exception
    assert project_files(old) == project_files(new)
