"""Check every answer, then write the bake plan that post_gen_project renders.

``answer_problems`` is every check, the domains included: their names and field
specs follow the template's copy of ``scaffold/naming.py``, the rules that
``flask scaffold domain`` applies in the project later. Cookiecutter has normally
run it already, in its own process right after the last prompt
(``hooks/answer_checks.py``), so a bad answer stops the bake before anything is
created and without a traceback; ``main()`` runs it again for the bakes that skip
the prompts (``--replay``). This hook also records the answers in
``.cookiecutter.json`` (see the README on template updates).

Cookiecutter renders this file with Jinja before running it: the two lines holding
the answers and the template's folder are the only Jinja here. Their raw strings
keep the file importable unrendered, which lets the template's tests and
``answer_checks`` import it. It runs on cookiecutter's own interpreter: standard
library only.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, TypedDict

COOKIECUTTER_CONTEXT = r"""{{ cookiecutter | tojson }}"""
# The hook runs in the new project's folder, and cookiecutter's `_repo_dir` is relative
# to where it was started (cruft leaves it out): answer_checks tells where the template is.
TEMPLATE_DIR = r"""{{ template_dir }}"""

PLAN_FILE = ".bake-plan.json"
# The answers, for `cruft link` and re-bakes; `flask scaffold domain` adds to `domains`.
ANSWERS_FILE = ".cookiecutter.json"
# The project template's folder is the one named after cookiecutter.project_slug.
PROJECT_TEMPLATE_GLOB = "*cookiecutter.project_slug*"
NAMING_MODULE = "scaffold/naming.py"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]+")
# PEP 440 public versions in canonical form (the regex from the PEP's appendix).
VERSION_PATTERN = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
# jwt: Bearer headers; jwt-cookies: HttpOnly cookies with CSRF; none: no accounts.
AUTH_CHOICES = ("jwt", "jwt-cookies", "none")
DATABASE_CHOICES = ("sqlite", "postgresql")
# celery: a Celery worker and beat, whose broker and result backend are Redis.
BACKGROUND_JOB_CHOICES = ("none", "celery")
CI_CHOICES = ("github", "gitlab", "none")
# Yes/no answers: cookiecutter has already turned them into booleans.
FLAGS = ("use_redis", "use_docker", "email_verification")
IMPORTED_MODULES = frozenset(
    """app config settings wsgi tests migrations flask werkzeug sqlalchemy flask_sqlalchemy
    flask_migrate alembic flask_jwt_extended jwt marshmallow pydantic pydantic_settings
    dotenv flask_limiter limits pythonjsonlogger factory faker pytest gunicorn flask_caching
    flask_cors redis psycopg fakeredis flask_mail itsdangerous flask_smorest apispec webargs
    schemathesis hypothesis celery kombu""".split()
)
HEADING = "Cannot bake the project:"


class Plan(TypedDict):
    use_jwt: bool
    use_postgresql: bool
    use_redis: bool
    use_file_cache: bool
    use_celery: bool
    use_docker: bool
    use_github_ci: bool
    use_gitlab_ci: bool
    use_jwt_cookies: bool
    use_email_verification: bool
    project_slug: str
    project_name: str
    # As answered and checked; post_gen_project spells each one.
    domains: str


def problem(answer: str, value: str, reason: str, allowed: str) -> str:
    return f"{answer}: {value!r} {reason}. Allowed: {allowed}."


def text_problems(answers: dict[str, str]) -> list[str]:
    """Free-text answers are pasted into TOML and Python strings."""
    allowed = "one line of text without double quotes or backslashes"
    problems = []
    if not answers["project_name"].strip():
        problems.append(problem("project_name", answers["project_name"], "is blank", allowed))
    for answer in ("project_name", "description", "author_name"):
        if re.search(r'["\\\r\n]', answers[answer]):
            reason = "contains a double quote, backslash or line break"
            problems.append(problem(answer, answers[answer], reason, allowed))
    return problems


def slug_problems(slug: str) -> list[str]:
    allowed = (
        "a lowercase Python identifier (a-z, 0-9 and _, starting with a letter) that is "
        "not a keyword and not the name of a module the project imports"
    )
    if not SLUG_PATTERN.fullmatch(slug):
        return [problem("project_slug", slug, "is not a lowercase identifier", allowed)]
    if keyword.iskeyword(slug):
        return [problem("project_slug", slug, "is a Python keyword", allowed)]
    if slug in IMPORTED_MODULES or slug in sys.stdlib_module_names:
        return [problem("project_slug", slug, "shadows a module the project imports", allowed)]
    return []


def choice_problems(answers: dict[str, str]) -> list[str]:
    python_versions, auth_choices = ", ".join(PYTHON_VERSIONS), ", ".join(AUTH_CHOICES)
    databases, ci_choices = ", ".join(DATABASE_CHOICES), ", ".join(CI_CHOICES)
    background_jobs = ", ".join(BACKGROUND_JOB_CHOICES)
    checks = {
        "email": (EMAIL_PATTERN.fullmatch(answers["email"]), "an address like you@example.com"),
        "version": (VERSION_PATTERN.fullmatch(answers["version"]), "PEP 440, like 0.1.0 or 1.0rc1"),
        "python_version": (answers["python_version"] in PYTHON_VERSIONS, python_versions),
        "auth": (answers["auth"] in AUTH_CHOICES, auth_choices),
        "database": (answers["database"] in DATABASE_CHOICES, databases),
        "background_jobs": (answers["background_jobs"] in BACKGROUND_JOB_CHOICES, background_jobs),
        "ci": (answers["ci"] in CI_CHOICES, ci_choices),
    }
    return [
        problem(answer, answers[answer], "is not valid", allowed)
        for answer, (valid, allowed) in checks.items()
        if not valid
    ]


def flag_problems(flags: dict[str, object]) -> list[str]:
    return [
        problem(name, str(value), "is not yes or no", "yes or no")
        for name, value in flags.items()
        if not isinstance(value, bool)
    ]


def broker_problems(context: dict[str, Any]) -> list[str]:
    """Celery's broker is Redis: background_jobs=celery with use_redis=no would bake a
    worker with nothing to talk to."""
    if context.get("background_jobs") == "celery" and context.get("use_redis") is False:
        reason = "needs Redis, its broker, but use_redis is no"
        return [problem("background_jobs", "celery", reason, "celery with use_redis=yes, or none")]
    return []


def answer_problems(context: dict[str, Any], naming: ModuleType) -> list[object]:
    """Every problem with the answers, one each (``str()`` is its line); empty when all
    is well. No two answers can contradict each other: email_verification is simply
    ignored with auth=none, background_jobs=celery is refused without Redis and a private
    domain without auth."""
    answers = {key: value for key, value in context.items() if isinstance(value, str)}
    flags = {name: context.get(name) for name in FLAGS}
    return [
        *text_problems(answers),
        *slug_problems(answers["project_slug"]),
        *choice_problems(answers),
        *flag_problems(flags),
        *broker_problems(context),
        *naming.domain_list_problems(answers["domains"], owners=answers.get("auth") != "none"),
    ]


def load_naming(template_dir: Path) -> ModuleType:
    """The template's scaffold/naming.py (copied into bakes as it is, so it holds no
    Jinja); compiled rather than imported, so no __pycache__ lands in what bakes copy."""
    [project_template] = template_dir.glob(PROJECT_TEMPLATE_GLOB)
    path = project_template / NAMING_MODULE
    module = ModuleType("template_naming")
    exec(compile(path.read_text(encoding="utf-8"), path, "exec"), module.__dict__)
    return module


def problems_report(context: dict[str, Any], template_dir: Path) -> str | None:
    """Every problem with the answers under one heading, each set of rules they break
    once; None when all is well."""
    naming = load_naming(template_dir)
    problems = answer_problems(context, naming)
    return naming.report(HEADING, problems) if problems else None


def build_plan(answers: dict[str, Any]) -> Plan:
    use_jwt = answers["auth"] != "none"
    return {
        "use_jwt": use_jwt,
        "use_postgresql": answers["database"] == "postgresql",
        "use_redis": answers["use_redis"],
        # SQLite without Redis: list pages cached in files that the host's workers share.
        "use_file_cache": answers["database"] == "sqlite" and not answers["use_redis"],
        "use_celery": answers["background_jobs"] == "celery",
        "use_docker": answers["use_docker"],
        "use_github_ci": answers["ci"] == "github",
        "use_gitlab_ci": answers["ci"] == "gitlab",
        "use_jwt_cookies": answers["auth"] == "jwt-cookies",
        "use_email_verification": use_jwt and answers["email_verification"],
        "project_slug": answers["project_slug"],
        "project_name": answers["project_name"],
        "domains": answers["domains"],
    }


def answers_json(context: dict[str, Any]) -> str:
    """The answers as baked, without cookiecutter's own keys (paths of this machine, the
    prompts): email verification is off without auth, whatever was answered."""
    answers = {key: value for key, value in context.items() if not key.startswith("_")}
    if answers["auth"] == "none":
        answers["email_verification"] = False
    return json.dumps(answers, indent=2, sort_keys=True) + "\n"


def main() -> None:
    context = json.loads(COOKIECUTTER_CONTEXT)
    if report := problems_report(context, Path(TEMPLATE_DIR)):
        print(report, file=sys.stderr)
        sys.exit(1)
    plan = json.dumps(build_plan(context), indent=2)
    Path(PLAN_FILE).write_text(plan + "\n", encoding="utf-8")
    Path(ANSWERS_FILE).write_text(answers_json(context), encoding="utf-8")


if __name__ == "__main__":
    main()
