"""Unit tests of pre_gen_project: every validation rule, the plan and answers it writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from cookiecutter.utils import create_env_with_context

from tests.helpers import HOOKS_DIR

GOOD_ANSWERS = {
    "project_name": "My Flask API",
    "project_slug": "my_flask_api",
    "description": "A REST API built with Flask.",
    "author_name": "Ada Lovelace",
    "email": "ada@example.com",
    "version": "0.1.0",
    "python_version": "3.11",
    "domains": "posts",
    "auth": "jwt",
    "jwt_location": "headers",
    "database": "sqlite",
    "ci": "github",
}
FLAGS = {"use_redis": False, "use_docker": True, "email_verification": False}


def problems_with(pre_gen: ModuleType, **changes: str) -> list[str]:
    problems: list[str] = pre_gen.validate(GOOD_ANSWERS | changes)
    return problems


def test_good_answers_have_no_problem(pre_gen: ModuleType) -> None:
    assert problems_with(pre_gen) == []


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("project_name", "Blog"),
        ("project_name", "Zoë's café API"),
        ("project_slug", "blog"),
        ("project_slug", "my_api_2"),
        ("email", "first.last+api@mail.example.org"),
        ("version", "1.0"),
        ("version", "2.3.1rc2"),
        ("version", "1.0.post1.dev3"),
        ("python_version", "3.13"),
        ("auth", "none"),
    ],
)
def test_good_value_is_accepted(pre_gen: ModuleType, answer: str, value: str) -> None:
    assert problems_with(pre_gen, **{answer: value}) == []


@pytest.mark.parametrize(
    ("answer", "value", "reason"),
    [
        ("project_name", "", "is blank"),
        ("project_name", "   ", "is blank"),
        ("project_name", 'The "API"', "double quote"),
        ("description", "two\nlines", "line break"),
        ("author_name", "back\\slash", "backslash"),
        ("project_slug", "my-api", "not a lowercase identifier"),
        ("project_slug", "MyApi", "not a lowercase identifier"),
        ("project_slug", "2api", "not a lowercase identifier"),
        ("project_slug", "", "not a lowercase identifier"),
        ("project_slug", "class", "keyword"),
        ("project_slug", "flask", "shadows a module"),
        ("project_slug", "app", "shadows a module"),
        ("project_slug", "tests", "shadows a module"),
        ("project_slug", "pydantic_settings", "shadows a module"),
        ("project_slug", "json", "shadows a module"),
        ("email", "not-an-email", "is not valid"),
        ("email", "ada@example", "is not valid"),
        ("email", "ada lovelace@example.com", "is not valid"),
        ("version", "one", "is not valid"),
        ("version", "v1.0", "is not valid"),
        ("version", "1.0.0-beta", "is not valid"),
        ("python_version", "3.10", "is not valid"),
        ("auth", "oauth", "is not valid"),
    ],
)
def test_bad_value_is_named_with_what_is_allowed(
    pre_gen: ModuleType, answer: str, value: str, reason: str
) -> None:
    [message] = problems_with(pre_gen, **{answer: value})
    assert message.startswith(f"{answer}: {value!r} ")
    assert reason in message
    assert "Allowed: " in message


def test_every_problem_is_reported_at_once(pre_gen: ModuleType) -> None:
    problems = problems_with(pre_gen, project_slug="flask", email="nope", version="one")
    assert [problem.split(":")[0] for problem in problems] == ["project_slug", "email", "version"]


def test_build_plan_keeps_the_domains_in_typed_order(pre_gen: ModuleType) -> None:
    answers = GOOD_ANSWERS | {"domains": "tags, blog_posts", "auth": "none"}
    plan = pre_gen.build_plan(answers, FLAGS)
    assert plan["use_jwt"] is False
    assert (plan["project_slug"], plan["project_name"]) == ("my_flask_api", "My Flask API")
    # post_gen_project checks and spells them, with the project's naming module.
    assert plan["domains"] == "tags, blog_posts"


def render_hook(context: dict[str, str]) -> str:
    """Render the hook as cookiecutter does: the file is a Jinja template."""
    source = (HOOKS_DIR / "pre_gen_project.py").read_text(encoding="utf-8")
    env = create_env_with_context({"cookiecutter": context})
    return str(env.from_string(source).render(cookiecutter=context))


def test_the_context_line_is_the_hooks_only_jinja() -> None:
    source = (HOOKS_DIR / "pre_gen_project.py").read_text(encoding="utf-8")
    jinja_lines = [line for line in source.splitlines() if re.search(r"\{\{|\{%|\{#", line)]
    assert jinja_lines == ['COOKIECUTTER_CONTEXT = r"""{{ cookiecutter | tojson }}"""']


def test_rendered_hook_reads_back_any_answer_text() -> None:
    context = GOOD_ANSWERS | {"description": "quotes \"\"\" and ''' and a backslash \\"}
    namespace: dict[str, object] = {"__name__": "rendered_hook"}
    exec(compile(render_hook(context), "pre_gen_project.py", "exec"), namespace)
    assert json.loads(str(namespace["COOKIECUTTER_CONTEXT"])) == context


def test_main_writes_the_plan(
    pre_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(pre_gen, "COOKIECUTTER_CONTEXT", json.dumps(GOOD_ANSWERS | FLAGS))
    pre_gen.main()
    plan = json.loads((tmp_path / ".bake-plan.json").read_text(encoding="utf-8"))
    assert plan == pre_gen.build_plan(GOOD_ANSWERS, FLAGS)


def test_main_records_the_answers_without_cookiecutters_own_keys(
    pre_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    private = {"_template": "/home/ada/template", "_output_dir": "/tmp", "__prompts__": {}}
    context = GOOD_ANSWERS | FLAGS | private
    monkeypatch.setattr(pre_gen, "COOKIECUTTER_CONTEXT", json.dumps(context))
    pre_gen.main()
    text = (tmp_path / ".cookiecutter.json").read_text(encoding="utf-8")
    assert json.loads(text) == GOOD_ANSWERS | FLAGS
    assert text == json.dumps(GOOD_ANSWERS | FLAGS, indent=2, sort_keys=True) + "\n"


def test_build_plan_turns_choices_into_flags(pre_gen: ModuleType) -> None:
    answers = GOOD_ANSWERS | {"database": "postgresql", "ci": "gitlab"}
    plan = pre_gen.build_plan(answers, FLAGS | {"use_redis": True, "use_docker": False})
    options = ("use_postgresql", "use_redis", "use_docker", "use_github_ci", "use_gitlab_ci")
    assert [plan[option] for option in options] == [True, True, False, False, True]


def test_build_plan_turns_account_options_on_only_with_jwt(pre_gen: ModuleType) -> None:
    answers = GOOD_ANSWERS | {"jwt_location": "cookies"}
    plan = pre_gen.build_plan(answers, FLAGS | {"email_verification": True})
    assert (plan["use_jwt_cookies"], plan["use_email_verification"]) == (True, True)
    plan = pre_gen.build_plan(GOOD_ANSWERS | {"auth": "none"}, FLAGS)
    assert (plan["use_jwt_cookies"], plan["use_email_verification"]) == (False, False)


def test_account_options_without_jwt_are_named(pre_gen: ModuleType) -> None:
    answers = GOOD_ANSWERS | {"auth": "none", "jwt_location": "cookies"}
    problems = pre_gen.auth_option_problems(answers, FLAGS | {"email_verification": True})
    assert [problem.split(":")[0] for problem in problems] == ["jwt_location", "email_verification"]
    assert all("needs auth=jwt" in problem for problem in problems)
    assert pre_gen.auth_option_problems(GOOD_ANSWERS | {"auth": "none"}, FLAGS) == []


@pytest.mark.parametrize("value", ["yes", None, 1])
def test_a_flag_that_is_not_a_boolean_is_named(pre_gen: ModuleType, value: object) -> None:
    [message] = pre_gen.flag_problems({"use_redis": value})
    assert message.startswith(f"use_redis: {str(value)!r} ")


def test_main_exits_1_and_writes_nothing_on_bad_answers(
    pre_gen: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = GOOD_ANSWERS | {"project_slug": "flask"}
    monkeypatch.setattr(pre_gen, "COOKIECUTTER_CONTEXT", json.dumps(bad))
    with pytest.raises(SystemExit) as stopped:
        pre_gen.main()
    assert stopped.value.code == 1
    assert "project_slug: 'flask' shadows a module" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
