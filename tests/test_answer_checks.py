"""Unit tests of hooks/answer_checks.py, the Jinja extension that runs pre_gen_project's
checks in cookiecutter's own process right after the last prompt."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.utils import create_env_with_context

from tests.helpers import GOOD_CONTEXT, TEMPLATE_DIR, load_hook

CONTEXT: dict[str, Any] = dict(GOOD_CONTEXT)
COOKIECUTTER_JSON: dict[str, Any] = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())


@pytest.fixture(scope="module")
def answer_checks() -> ModuleType:
    return load_hook("answer_checks")


def test_good_answers_are_marked_checked(answer_checks: ModuleType) -> None:
    assert answer_checks.checked_answers(CONTEXT) == "yes"


def test_bad_answers_stop_with_every_problem_in_one_message(answer_checks: ModuleType) -> None:
    bad = CONTEXT | {"email": "nope", "domains": "1bad, Posts, auth"}
    with pytest.raises(answer_checks.BadAnswers) as stopped:
        answer_checks.checked_answers(bad)
    assert str(stopped.value).splitlines()[:5] == [
        "Cannot bake the project:",
        "  email: 'nope' is not valid. Allowed: an address like you@example.com.",
        "  domains: '1bad' starts with a digit.",
        "  domains: 'Posts' has uppercase letters.",
        "  domains: 'auth' is reserved for the project's own app/api/auth blueprint.",
    ]
    # cookiecutter's command line prints these without a traceback.
    assert isinstance(stopped.value, FailedHookException)


def test_the_checks_are_read_from_the_hook_on_every_call(
    answer_checks: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = tmp_path / "pre_gen_project.py"
    hook.write_text("def problems_report(context, template_dir):\n    return 'changed'\n")
    monkeypatch.setattr(answer_checks, "PRE_GEN_HOOK", hook)
    with pytest.raises(answer_checks.BadAnswers, match=r"^changed$"):
        answer_checks.checked_answers(CONTEXT)


def test_cookiecutter_loads_the_extension_with_the_template_folder() -> None:
    env = create_env_with_context({"cookiecutter": COOKIECUTTER_JSON})
    assert env.from_string("{{ template_dir }}").render() == str(TEMPLATE_DIR)
    assert "checked_answers" in env.filters


def test_the_check_is_rendered_after_the_last_prompt() -> None:
    order = list(COOKIECUTTER_JSON)
    prompts = [order.index(key) for key in order if not key.startswith("_")]
    assert order.index("__answers_checked") > max(prompts)
    assert COOKIECUTTER_JSON["__answers_checked"] == "{{ cookiecutter | checked_answers }}"
