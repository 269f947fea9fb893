"""Check every answer, then write the bake plan that post_gen_project renders.

Cookiecutter renders this file with Jinja before running it, so the one line
holding the answers is the only Jinja here. Its raw string keeps the file
importable unrendered, which lets the template's tests import the helpers.
The hook runs on cookiecutter's own interpreter: standard library only.
"""

from __future__ import annotations

import builtins
import json
import keyword
import re
import sys
from collections import Counter
from pathlib import Path
from typing import TypedDict

COOKIECUTTER_CONTEXT = r"""{{ cookiecutter | tojson }}"""

PLAN_FILE = ".bake-plan.json"
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
DOMAIN_PATTERN = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]+")
# PEP 440 public versions in canonical form (the regex from the PEP's appendix).
VERSION_PATTERN = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)
# Longer names would push baked lines past the line length that ruff checks.
MAX_DOMAIN_LENGTH = 24
MAX_WORD_LENGTH = 16
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
AUTH_CHOICES = ("jwt", "none")
DATABASE_CHOICES = ("sqlite", "postgresql")
CI_CHOICES = ("github", "gitlab", "none")
# Yes/no answers: cookiecutter has already turned them into booleans.
FLAGS = ("use_redis", "use_docker")
IMPORTED_MODULES = frozenset(
    """app config wsgi tests migrations flask werkzeug sqlalchemy flask_sqlalchemy
    flask_migrate alembic flask_jwt_extended jwt marshmallow pydantic pydantic_settings
    dotenv flask_limiter limits pythonjsonlogger factory faker pytest gunicorn flask_caching
    flask_cors redis psycopg fakeredis""".split()
)
RESERVED_DOMAINS = frozenset(
    # Built-in blueprints, modules beside the domain packages in app/api, and docs paths.
    """auth users api health app models tests migrations errors extensions config pagination
    fields etags docs openapi""".split()
)
PROJECT_MODEL_MODULES = frozenset({"user", "base", "refresh_token_family"})
PROJECT_MODEL_CLASSES = frozenset({"User", "Base", "RefreshTokenFamily"})
# Names imported next to a domain's model class; a model named like one would hide it.
IMPORTED_CLASSES = frozenset({"String", "Text", "ForeignKey", "Mapped", "Model", "Pagination"})
# Names the baked domain modules import or use as locals; a variable named like one would
# hide it, so such a domain's `var` gets a trailing underscore.
IMPORTED_NAMES = frozenset(
    """db bp request jsonify select current_user jwt_required transaction uuid sa op factory
    response client url data owner page query services pagination created body error user
    fields changes responses attribute value editor pytest""".split()
)
IRREGULAR_SINGULARS = {
    plural: singular
    for plural, _, singular in (
        pair.partition("->")
        for pair in """people->person children->child men->man women->woman mice->mouse
        geese->goose feet->foot teeth->tooth statuses->status buses->bus campuses->campus
        bonuses->bonus viruses->virus quizzes->quiz analyses->analysis crises->crisis
        theses->thesis diagnoses->diagnosis hypotheses->hypothesis heroes->hero
        potatoes->potato tomatoes->tomato echoes->echo caches->cache niches->niche
        knives->knife lives->life wives->wife leaves->leaf halves->half shelves->shelf
        wolves->wolf thieves->thief movies->movie cookies->cookie pies->pie ties->tie
        lies->lie zombies->zombie indices->index matrices->matrix vertices->vertex""".split()
    )
}
UNCOUNTABLE = frozenset(
    """news series species data media metadata information equipment feedback software
    sheep fish deer""".split()
)
# (plural ending, singular ending), tried in order after the two tables above.
SUFFIX_RULES = (
    ("ies", "y"),
    ("sses", "ss"),
    ("xes", "x"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("zzes", "zz"),
)
KEPT_ENDINGS = ("ss", "us", "is")


class DomainNames(TypedDict):
    name: str
    singular: str
    word: str
    var: str
    module: str
    class_name: str
    label: str
    label_plural: str


class Plan(TypedDict):
    use_jwt: bool
    use_postgresql: bool
    use_redis: bool
    use_docker: bool
    use_github_ci: bool
    use_gitlab_ci: bool
    project_slug: str
    project_name: str
    domains: list[DomainNames]


def singularize_word(word: str) -> str:
    """Return the singular of one lowercase English plural."""
    if word in UNCOUNTABLE:
        return word
    if word in IRREGULAR_SINGULARS:
        return IRREGULAR_SINGULARS[word]
    for plural_end, singular_end in SUFFIX_RULES:
        if word.endswith(plural_end):
            return word.removesuffix(plural_end) + singular_end
    if word.endswith(KEPT_ENDINGS) or not word.endswith("s"):
        return word
    return word[:-1]


def singularize(name: str) -> str:
    """Singularize only the last word of a snake_case name: blog_posts -> blog_post."""
    head, _, last = name.rpartition("_")
    return f"{head}_{singularize_word(last)}" if head else singularize_word(last)


def hides_a_name(identifier: str) -> bool:
    """True when a variable or module called `identifier` would hide another name."""
    return (
        keyword.iskeyword(identifier)
        or keyword.issoftkeyword(identifier)
        or identifier in dir(builtins)
        or identifier in IMPORTED_NAMES
    )


def domain_names(name: str) -> DomainNames:
    """Every spelling of one domain that the skeleton templates use."""
    singular = singularize(name)
    word = singular.rpartition("_")[2]
    return {
        "name": name,
        "singular": singular,
        "word": word,
        "var": f"{word}_" if hides_a_name(word) else word,
        "module": f"{singular}_" if keyword.iskeyword(singular) else singular,
        "class_name": "".join(word.capitalize() for word in singular.split("_")),
        "label": singular.replace("_", " "),
        "label_plural": name.replace("_", " "),
    }


def split_domains(raw: str) -> list[str]:
    """Split the comma-separated answer, stripping whitespace and dropping empty items."""
    return [item.strip() for item in raw.split(",") if item.strip()]


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
    checks = {
        "email": (EMAIL_PATTERN.fullmatch(answers["email"]), "an address like you@example.com"),
        "version": (VERSION_PATTERN.fullmatch(answers["version"]), "PEP 440, like 0.1.0 or 1.0rc1"),
        "python_version": (answers["python_version"] in PYTHON_VERSIONS, python_versions),
        "auth": (answers["auth"] in AUTH_CHOICES, auth_choices),
        "database": (answers["database"] in DATABASE_CHOICES, databases),
        "ci": (answers["ci"] in CI_CHOICES, ci_choices),
    }
    return [
        problem(answer, answers[answer], "is not valid", allowed)
        for answer, (valid, allowed) in checks.items()
        if not valid
    ]


def domain_reason(name: str) -> str | None:
    """Why one domain name cannot be baked, or None when it can."""
    if not DOMAIN_PATTERN.fullmatch(name):
        return "is not lowercase words (a-z, 0-9) joined by _"
    if len(name) > MAX_DOMAIN_LENGTH:
        return f"is longer than {MAX_DOMAIN_LENGTH} characters"
    if len(name.rpartition("_")[2]) > MAX_WORD_LENGTH:
        return f"ends in a word longer than {MAX_WORD_LENGTH} characters"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in RESERVED_DOMAINS:
        return "collides with a built-in part of the project"
    names = domain_names(name)
    if not DOMAIN_PATTERN.fullmatch(names["singular"]):
        return f"has no usable singular (got {names['singular']!r})"
    if names["singular"] in PROJECT_MODEL_MODULES or names["class_name"] in PROJECT_MODEL_CLASSES:
        return f"would make a model {names['class_name']!r}, which the project already has"
    if names["class_name"] in IMPORTED_CLASSES:
        return f"would make a model {names['class_name']!r}, which hides a name the model imports"
    return None


def domain_problems(names: list[str]) -> list[str]:
    allowed = (
        f"plural lowercase words joined by _, at most {MAX_DOMAIN_LENGTH} characters "
        f"(the last word at most {MAX_WORD_LENGTH}), not a "
        f"keyword, none of {', '.join(sorted(RESERVED_DOMAINS))}, "
        f"and not a plural of {', '.join(sorted(PROJECT_MODEL_MODULES))} "
        f"or of a name the models import ({', '.join(sorted(IMPORTED_CLASSES))})"
    )
    reasons = {name: domain_reason(name) for name in names}
    return [problem("domains", name, reason, allowed) for name, reason in reasons.items() if reason]


def repeated_domain_problems(names: list[str]) -> list[str]:
    repeated = [name for name, count in Counter(names).items() if count > 1]
    return [problem("domains", name, "is repeated", "each domain once") for name in repeated]


def shared_singular_problems(names: list[str]) -> list[str]:
    by_singular: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        by_singular.setdefault(singularize(name), []).append(name)
    return [
        problem(
            "domains",
            ", ".join(group),
            f"share the singular {singular!r}",
            "one domain per singular",
        )
        for singular, group in by_singular.items()
        if len(group) > 1
    ]


def domain_list_problems(raw: str) -> list[str]:
    names = split_domains(raw)
    if not names:
        return [problem("domains", raw, "names no domain", "comma-separated plurals like posts")]
    valid_names = [name for name in names if domain_reason(name) is None]
    return (
        domain_problems(names)
        + repeated_domain_problems(names)
        + shared_singular_problems(valid_names)
    )


def flag_problems(flags: dict[str, object]) -> list[str]:
    return [
        problem(name, str(value), "is not yes or no", "yes or no")
        for name, value in flags.items()
        if not isinstance(value, bool)
    ]


def validate(answers: dict[str, str]) -> list[str]:
    """Every problem with the answers, one message each; empty when all is well."""
    return (
        text_problems(answers)
        + slug_problems(answers["project_slug"])
        + choice_problems(answers)
        + domain_list_problems(answers["domains"])
    )


def build_plan(answers: dict[str, str], flags: dict[str, bool]) -> Plan:
    return {
        "use_jwt": answers["auth"] == "jwt",
        "use_postgresql": answers["database"] == "postgresql",
        "use_redis": flags["use_redis"],
        "use_docker": flags["use_docker"],
        "use_github_ci": answers["ci"] == "github",
        "use_gitlab_ci": answers["ci"] == "gitlab",
        "project_slug": answers["project_slug"],
        "project_name": answers["project_name"],
        "domains": [domain_names(name) for name in split_domains(answers["domains"])],
    }


def main() -> None:
    context = json.loads(COOKIECUTTER_CONTEXT)
    answers = {key: value for key, value in context.items() if isinstance(value, str)}
    flags = {name: context.get(name) for name in FLAGS}
    problems = validate(answers) + flag_problems(flags)
    if problems:
        print("Cannot bake the project:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    plan = json.dumps(build_plan(answers, {name: bool(flags[name]) for name in FLAGS}), indent=2)
    Path(PLAN_FILE).write_text(plan + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
