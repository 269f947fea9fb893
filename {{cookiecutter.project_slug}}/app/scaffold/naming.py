"""Domain names: which are allowed, and every spelling of one that the code uses.

The one copy of these rules. The template's post-gen hook runs it on the answers of
a bake, and ``flask scaffold domain`` on a name given later, so a domain added to a
baked project is named and checked exactly as a baked one. Standard library only:
the hook runs it on cookiecutter's interpreter.
"""

# Word lists written as "a b c".split() read better than long list literals.
# ruff: noqa: SIM905

from __future__ import annotations

import builtins
import keyword
import re
from collections import Counter
from typing import TypedDict

DOMAIN_PATTERN = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# Longer names would push baked lines past the line length that ruff checks.
MAX_DOMAIN_LENGTH = 24
MAX_WORD_LENGTH = 16
RESERVED_DOMAINS = frozenset(
    # Built-in blueprints, modules beside the domain packages in app/api, and docs paths.
    """auth users api health app models tests migrations errors extensions config pagination
    fields etags docs openapi""".split()
)
PROJECT_MODEL_MODULES = frozenset({"user", "base", "refresh_token_family"})
PROJECT_MODEL_CLASSES = frozenset({"User", "Base", "RefreshTokenFamily"})
# Names imported next to a domain's model class; a model named like one would hide it.
IMPORTED_CLASSES = frozenset({"String", "Text", "ForeignKey", "Mapped", "Model", "Pagination"})
# Names the domain modules import or use as locals; a variable named like one would
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
ALLOWED_DOMAINS = (
    f"plural lowercase words joined by _, at most {MAX_DOMAIN_LENGTH} characters "
    f"(the last word at most {MAX_WORD_LENGTH}), not a "
    f"keyword, none of {', '.join(sorted(RESERVED_DOMAINS))}, "
    f"and not a plural of {', '.join(sorted(PROJECT_MODEL_MODULES))} "
    f"or of a name the models import ({', '.join(sorted(IMPORTED_CLASSES))})"
)


class DomainNames(TypedDict):
    name: str
    singular: str
    word: str
    var: str
    module: str
    class_name: str
    label: str
    label_plural: str


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
    """One problem, as the bake and the scaffold command print it."""
    return f"{answer}: {value!r} {reason}. Allowed: {allowed}."


def spelling_reason(name: str) -> str | None:
    """Why ``name`` is not a well-formed domain name, or None when it is."""
    if not DOMAIN_PATTERN.fullmatch(name):
        return "is not lowercase words (a-z, 0-9) joined by _"
    if len(name) > MAX_DOMAIN_LENGTH:
        return f"is longer than {MAX_DOMAIN_LENGTH} characters"
    if len(name.rpartition("_")[2]) > MAX_WORD_LENGTH:
        return f"ends in a word longer than {MAX_WORD_LENGTH} characters"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    return None


def domain_reason(name: str) -> str | None:
    """Why one domain name cannot be baked, or None when it can."""
    if reason := spelling_reason(name):
        return reason
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


def domain_problems(names: list[str], answer: str = "domains") -> list[str]:
    reasons = {name: domain_reason(name) for name in names}
    return [
        problem(answer, name, reason, ALLOWED_DOMAINS) for name, reason in reasons.items() if reason
    ]


def repeated_domain_problems(names: list[str], answer: str = "domains") -> list[str]:
    repeated = [name for name, count in Counter(names).items() if count > 1]
    return [problem(answer, name, "is repeated", "each domain once") for name in repeated]


def shared_singular_problems(names: list[str], answer: str = "domains") -> list[str]:
    by_singular: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        by_singular.setdefault(singularize(name), []).append(name)
    return [
        problem(
            answer,
            ", ".join(group),
            f"share the singular {singular!r}",
            "one domain per singular",
        )
        for singular, group in by_singular.items()
        if len(group) > 1
    ]


def domain_list_problems(raw: str, answer: str = "domains") -> list[str]:
    """Every problem with comma-separated domains, one message each; empty when all is well."""
    names = split_domains(raw)
    if not names:
        return [problem(answer, raw, "names no domain", "comma-separated plurals like posts")]
    valid_names = [name for name in names if domain_reason(name) is None]
    return (
        domain_problems(names, answer)
        + repeated_domain_problems(names, answer)
        + shared_singular_problems(valid_names, answer)
    )
