"""Unit tests of pre_gen_project: every validation rule, the plan and answers it writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cookiecutter.utils import create_env_with_context

from tests.helpers import GOOD_CONTEXT, HOOKS_DIR, TEMPLATE_DIR

CONTEXT: dict[str, Any] = dict(GOOD_CONTEXT)
EXTENSIONS = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["_extensions"]


@pytest.fixture(scope="module")
def template_naming(pre_gen: ModuleType) -> ModuleType:
    module: ModuleType = pre_gen.load_naming(TEMPLATE_DIR)
    return module


def problems_with(pre_gen: ModuleType, naming: ModuleType, **changes: object) -> list[str]:
    return [str(problem) for problem in pre_gen.answer_problems(CONTEXT | changes, naming)]


def test_good_answers_have_no_problem(pre_gen: ModuleType, template_naming: ModuleType) -> None:
    assert problems_with(pre_gen, template_naming) == []


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
        ("auth", "jwt-cookies"),
        ("auth", "none"),
        ("domains", "blog_posts, people(name:str), notes(person:ref)"),
    ],
)
def test_good_value_is_accepted(
    pre_gen: ModuleType, template_naming: ModuleType, answer: str, value: str
) -> None:
    assert problems_with(pre_gen, template_naming, **{answer: value}) == []


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
        ("auth", "oauth", "is not valid. Allowed: jwt, jwt-cookies, none"),
        ("background_jobs", "rq", "is not valid. Allowed: none, celery"),
        ("background_jobs", "celery", "needs Redis, its broker, but use_redis is no"),
    ],
)
def test_bad_value_is_named_with_what_is_allowed(
    pre_gen: ModuleType, template_naming: ModuleType, answer: str, value: str, reason: str
) -> None:
    [message] = problems_with(pre_gen, template_naming, **{answer: value})
    assert message.startswith(f"{answer}: {value!r} ")
    assert reason in message
    assert "Allowed: " in message


def test_every_problem_is_reported_at_once_domains_included(
    pre_gen: ModuleType, template_naming: ModuleType
) -> None:
    changes = {"project_slug": "flask", "email": "nope", "version": "one", "domains": "1bad"}
    problems = problems_with(pre_gen, template_naming, **changes)
    assert [problem.split(":")[0] for problem in problems] == [
        "project_slug",
        "email",
        "version",
        "domains",
    ]
    assert problems[-1] == "domains: '1bad' starts with a digit."


@pytest.mark.parametrize("value", ["yes", None, 1])
def test_a_flag_that_is_not_a_boolean_is_named(pre_gen: ModuleType, value: object) -> None:
    [message] = pre_gen.flag_problems({"use_redis": value})
    assert message.startswith(f"use_redis: {str(value)!r} ")


def test_the_domain_rules_are_the_templates_copy_of_the_naming_module(
    template_naming: ModuleType,
) -> None:
    scaffold = TEMPLATE_DIR / "{{cookiecutter.project_slug}}/scaffold"
    assert template_naming.domain_reason.__code__.co_filename == str(scaffold / "naming.py")
    # Compiled rather than imported: bakes copy scaffold/ as it is.
    assert not (scaffold / "__pycache__").exists()


def test_build_plan_turns_choices_into_flags(pre_gen: ModuleType) -> None:
    answers = CONTEXT | {"database": "postgresql", "ci": "gitlab", "use_redis": True}
    answers |= {"background_jobs": "celery"}
    plan = pre_gen.build_plan(answers | {"use_docker": False, "domains": "tags, blog_posts"})
    options = ("use_postgresql", "use_redis", "use_celery", "use_docker", "use_github_ci")
    assert [plan[option] for option in options] == [True, True, True, False, False]
    assert (plan["use_gitlab_ci"], pre_gen.build_plan(CONTEXT)["use_celery"]) == (True, False)
    # Files beside the database cache the lists of SQLite without Redis, and only those.
    file_cache = [
        pre_gen.build_plan(CONTEXT | {"database": database, "use_redis": redis})["use_file_cache"]
        for database, redis in (("sqlite", False), ("sqlite", True), ("postgresql", False))
    ]
    assert [*file_cache, plan["use_file_cache"]] == [True, False, False, False]
    # As answered: post_gen_project spells them with the project's naming module.
    assert plan["domains"] == "tags, blog_posts"
    assert (plan["project_slug"], plan["project_name"]) == ("my_flask_api", "My Flask API")


@pytest.mark.parametrize(
    ("auth", "verification", "expected"),
    [
        ("jwt", False, (True, False, False)),
        ("jwt", True, (True, False, True)),
        ("jwt-cookies", False, (True, True, False)),
        ("jwt-cookies", True, (True, True, True)),
        ("none", False, (False, False, False)),
        # Not a contradiction: verification is simply ignored without accounts.
        ("none", True, (False, False, False)),
    ],
)
def test_build_plan_reads_the_account_options_from_auth(
    pre_gen: ModuleType, auth: str, verification: bool, expected: tuple[bool, bool, bool]
) -> None:
    plan = pre_gen.build_plan(CONTEXT | {"auth": auth, "email_verification": verification})
    assert (plan["use_jwt"], plan["use_jwt_cookies"], plan["use_email_verification"]) == expected


def render_hook(context: dict[str, Any]) -> str:
    """Render the hook as cookiecutter does: the file is a Jinja template, rendered with
    the template's extensions."""
    source = (HOOKS_DIR / "pre_gen_project.py").read_text(encoding="utf-8")
    full = {"cookiecutter": context | {"_extensions": EXTENSIONS}}
    env = create_env_with_context(full)
    return str(env.from_string(source).render(**full))


def test_the_answers_and_the_template_folder_are_the_hooks_only_jinja() -> None:
    source = (HOOKS_DIR / "pre_gen_project.py").read_text(encoding="utf-8")
    jinja_lines = [line for line in source.splitlines() if re.search(r"\{\{|\{%|\{#", line)]
    assert jinja_lines == [
        'COOKIECUTTER_CONTEXT = r"""{{ cookiecutter | tojson }}"""',
        'TEMPLATE_DIR = r"""{{ template_dir }}"""',
    ]


def test_rendered_hook_reads_back_any_answer_text_and_the_template_folder() -> None:
    context = CONTEXT | {"description": "quotes \"\"\" and ''' and a backslash \\"}
    namespace: dict[str, object] = {"__name__": "rendered_hook"}
    exec(compile(render_hook(context), "pre_gen_project.py", "exec"), namespace)
    rendered = json.loads(str(namespace["COOKIECUTTER_CONTEXT"]))
    assert rendered == context | {"_extensions": EXTENSIONS}
    assert namespace["TEMPLATE_DIR"] == str(TEMPLATE_DIR)


def run_main(
    pre_gen: ModuleType, context: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    monkeypatch.setattr(pre_gen, "COOKIECUTTER_CONTEXT", json.dumps(context))
    monkeypatch.setattr(pre_gen, "TEMPLATE_DIR", str(TEMPLATE_DIR))
    pre_gen.main()


def test_main_writes_the_plan(
    pre_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_main(pre_gen, CONTEXT, tmp_path, monkeypatch)
    plan = json.loads((tmp_path / ".bake-plan.json").read_text(encoding="utf-8"))
    assert plan == pre_gen.build_plan(CONTEXT)


def test_main_records_the_answers_without_cookiecutters_own_keys(
    pre_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = {"_template": "/home/ada/template", "_output_dir": "/tmp", "__prompts__": {}}
    run_main(pre_gen, CONTEXT | private, tmp_path, monkeypatch)
    text = (tmp_path / ".cookiecutter.json").read_text(encoding="utf-8")
    assert json.loads(text) == CONTEXT
    assert text == json.dumps(CONTEXT, indent=2, sort_keys=True) + "\n"


def test_the_answers_record_no_email_verification_without_auth(pre_gen: ModuleType) -> None:
    asked = CONTEXT | {"auth": "none", "email_verification": True}
    answers = json.loads(pre_gen.answers_json(asked))
    assert (answers["auth"], answers["email_verification"]) == ("none", False)


def test_main_exits_1_and_writes_nothing_on_bad_answers(
    pre_gen: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = CONTEXT | {"project_slug": "flask", "domains": "1bad, Posts"}
    with pytest.raises(SystemExit) as stopped:
        run_main(pre_gen, bad, tmp_path, monkeypatch)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot bake the project:\n")
    assert "  project_slug: 'flask' shadows a module" in err
    assert "  domains: '1bad' starts with a digit.\n" in err
    assert "  domains: 'Posts' has uppercase letters.\n" in err
    assert err.count("Domain names are plurals") == 1
    assert list(tmp_path.iterdir()) == []
