"""Check every answer, then write the bake plan that post_gen_project renders.

The domain names are checked and spelled by post_gen_project, with the project's
own ``app/scaffold/naming.py``: the rules that ``flask scaffold domain`` applies
later. This hook also writes the answers to ``.cookiecutter.json`` (see the README
on template updates).

Cookiecutter renders this file with Jinja before running it, so the one line
holding the answers is the only Jinja here. Its raw string keeps the file
importable unrendered, which lets the template's tests import the helpers.
The hook runs on cookiecutter's own interpreter: standard library only.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from typing import TypedDict

COOKIECUTTER_CONTEXT = r"""{{ cookiecutter | tojson }}"""

PLAN_FILE = ".bake-plan.json"
# The answers, for `cruft link` and re-bakes; `flask scaffold domain` adds to `domains`.
ANSWERS_FILE = ".cookiecutter.json"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]+")
# PEP 440 public versions in canonical form (the regex from the PEP's appendix).
VERSION_PATTERN = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
AUTH_CHOICES = ("jwt", "none")
DATABASE_CHOICES = ("sqlite", "postgresql")
CI_CHOICES = ("github", "gitlab", "none")
JWT_LOCATION_CHOICES = ("headers", "cookies")
# Yes/no answers: cookiecutter has already turned them into booleans.
FLAGS = ("use_redis", "use_docker", "email_verification")
IMPORTED_MODULES = frozenset(
    """app config wsgi tests migrations flask werkzeug sqlalchemy flask_sqlalchemy
    flask_migrate alembic flask_jwt_extended jwt marshmallow pydantic pydantic_settings
    dotenv flask_limiter limits pythonjsonlogger factory faker pytest gunicorn flask_caching
    flask_cors redis psycopg fakeredis flask_mail itsdangerous flask_smorest apispec webargs
    schemathesis hypothesis""".split()
)


class Plan(TypedDict):
    use_jwt: bool
    use_postgresql: bool
    use_redis: bool
    use_docker: bool
    use_github_ci: bool
    use_gitlab_ci: bool
    use_jwt_cookies: bool
    use_email_verification: bool
    project_slug: str
    project_name: str
    # As answered: post_gen_project checks the names and spells each one.
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
    locations = ", ".join(JWT_LOCATION_CHOICES)
    checks = {
        "email": (EMAIL_PATTERN.fullmatch(answers["email"]), "an address like you@example.com"),
        "version": (VERSION_PATTERN.fullmatch(answers["version"]), "PEP 440, like 0.1.0 or 1.0rc1"),
        "python_version": (answers["python_version"] in PYTHON_VERSIONS, python_versions),
        "auth": (answers["auth"] in AUTH_CHOICES, auth_choices),
        "database": (answers["database"] in DATABASE_CHOICES, databases),
        "ci": (answers["ci"] in CI_CHOICES, ci_choices),
        "jwt_location": (answers["jwt_location"] in JWT_LOCATION_CHOICES, locations),
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


def auth_option_problems(answers: dict[str, str], flags: dict[str, object]) -> list[str]:
    """Token and account options only mean something with auth=jwt."""
    if answers["auth"] == "jwt":
        return []
    allowed = "the default when auth is none (these options need auth=jwt)"
    problems = []
    if answers["jwt_location"] != JWT_LOCATION_CHOICES[0]:
        problems.append(problem("jwt_location", answers["jwt_location"], "needs auth=jwt", allowed))
    if flags.get("email_verification") is True:
        problems.append(problem("email_verification", "yes", "needs auth=jwt", allowed))
    return problems


def validate(answers: dict[str, str]) -> list[str]:
    """Every problem with the answers, one message each; empty when all is well."""
    return (
        text_problems(answers) + slug_problems(answers["project_slug"]) + choice_problems(answers)
    )


def build_plan(answers: dict[str, str], flags: dict[str, bool]) -> Plan:
    return {
        "use_jwt": answers["auth"] == "jwt",
        "use_postgresql": answers["database"] == "postgresql",
        "use_redis": flags["use_redis"],
        "use_docker": flags["use_docker"],
        "use_github_ci": answers["ci"] == "github",
        "use_gitlab_ci": answers["ci"] == "gitlab",
        "use_jwt_cookies": answers["auth"] == "jwt" and answers["jwt_location"] == "cookies",
        "use_email_verification": answers["auth"] == "jwt" and flags["email_verification"],
        "project_slug": answers["project_slug"],
        "project_name": answers["project_name"],
        "domains": answers["domains"],
    }


def answers_json(context: dict[str, object]) -> str:
    """The answers without cookiecutter's own keys (paths of this machine, the prompts)."""
    answers = {key: value for key, value in context.items() if not key.startswith("_")}
    return json.dumps(answers, indent=2, sort_keys=True) + "\n"


def main() -> None:
    context = json.loads(COOKIECUTTER_CONTEXT)
    answers = {key: value for key, value in context.items() if isinstance(value, str)}
    flags = {name: context.get(name) for name in FLAGS}
    problems = validate(answers) + flag_problems(flags) + auth_option_problems(answers, flags)
    if problems:
        print("Cannot bake the project:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    plan = json.dumps(build_plan(answers, {name: bool(flags[name]) for name in FLAGS}), indent=2)
    Path(PLAN_FILE).write_text(plan + "\n", encoding="utf-8")
    Path(ANSWERS_FILE).write_text(answers_json(context), encoding="utf-8")


if __name__ == "__main__":
    main()
