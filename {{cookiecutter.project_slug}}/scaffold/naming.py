"""Domain names: which are allowed, and every spelling of one that the code uses.

The one copy of these rules. The template's hooks run it on the answers of a bake
(the pre-gen checks from the template's copy, post_gen_project's spellings from the
project's), and ``flask scaffold domain`` on a name given later, so a domain added to
a baked project is named and checked exactly as a baked one. Standard library only:
the hooks run it on cookiecutter's interpreter.
"""

# Word lists written as "a b c".split() read better than long list literals.
# ruff: noqa: SIM905

from __future__ import annotations

import builtins
import keyword
import re
import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple, NotRequired, TypedDict

DOMAIN_PATTERN = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
# `private notes`: an owner-only domain; `title:str filter`: a field lists filter on.
PRIVATE = "private"
FILTER = "filter"
# Longer names would push baked lines past the line length that ruff checks.
MAX_DOMAIN_LENGTH = 24
MAX_WORD_LENGTH = 16
# Each name the project keeps for itself -> what it is kept for.
RESERVED_DOMAINS = {
    **{name: f"the project's own app/api/{name} blueprint" for name in ("auth", "users", "health")},
    **{
        name: f"app/api/{name}.py, a module beside the domain packages"
        for name in ("pagination", "listing", "fields", "etags", "openapi")
    },
    "docs": "the API documentation at /api/v1/docs",
    "api": "the project's app/api package",
    "app": "the project's app package",
    "models": "the project's app/models package",
    "tests": "the project's tests package",
    "migrations": "the project's migrations folder",
    "errors": "the project's app/errors.py module",
    "extensions": "the project's app/extensions.py module",
    "config": "the project's config.py module",
}
PROJECT_MODEL_MODULES = frozenset({"user", "base", "refresh_token_family", "outbox_message"})
PROJECT_MODEL_CLASSES = frozenset({"User", "Base", "RefreshTokenFamily", "OutboxMessage"})
# The accounts API's response schemas; a domain's would take the same OpenAPI name.
ACCOUNT_RESPONSE_SCHEMAS = frozenset({"SessionResponse", "TokenResponse"})
# Names imported next to a domain's model class; a model named like one would hide it.
IMPORTED_CLASSES = frozenset(
    {"String", "Text", "ForeignKey", "Mapped", "Model", "VersionedModel", "Pagination"}
)
# Names the domain modules import or use as locals; a variable named like one would
# hide it, so such a domain's `var` gets a trailing underscore.
IMPORTED_NAMES = frozenset(
    """db bp request jsonify select current_user jwt_required transaction uuid sa op factory
    response client url data owner page query services pagination created body error user
    fields changes responses attribute value editor pytest caching update args""".split()
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
    # The fields of `posts(title:str, ...)`; absent for a plain name (name, description).
    fields: NotRequired[list[FieldSpec]]
    # `private notes`: each user sees and changes only their own rows.
    private: NotRequired[bool]


class FieldSpec(TypedDict):
    name: str
    type: str
    nullable: bool
    # As written after `=` (false, 0, "x"); None without a default.
    default: str | None
    # ref only: the plural domain the field points at.
    target: str | None
    # `title:str filter`: the list takes query parameters for it, and it gets an index.
    filter: NotRequired[bool]


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


def split_items(raw: str) -> list[str]:
    """Split at the commas outside parentheses and quotes; strip, drop empty items."""
    items, current, depth, quoted = [], "", 0, False
    for char in raw:
        quoted = quoted != (char == '"')
        depth += 0 if quoted else (char == "(") - (char == ")")
        if char == "," and depth == 0 and not quoted:
            items.append(current)
            current = ""
        else:
            current += char
    return [item.strip() for item in [*items, current] if item.strip()]


def split_spec(item: str) -> tuple[str, str | None]:
    """``posts(title:str)`` -> ("posts", "title:str"); ``private notes`` -> ("notes",
    None): the name without ``private`` (see ``private_domains``), then the fields."""
    name, bracket, rest = item.partition("(")
    return split_private(name.strip())[0], rest.removesuffix(")") if bracket else None


def split_private(name: str) -> tuple[str, bool]:
    """``private notes`` -> ("notes", True); ``notes`` -> ("notes", False)."""
    first, space, rest = name.partition(" ")
    if space and first == PRIVATE:
        return rest.strip(), True
    return name, False


def split_domains(raw: str) -> list[str]:
    """The domain names of the comma-separated answer, without their field specs."""
    return [split_spec(item)[0] for item in split_items(raw)]


def private_domains(raw: str) -> set[str]:
    """The domains of the answer written ``private name``: owner-only."""
    names = (split_private(item.partition("(")[0].strip()) for item in split_items(raw))
    return {name for name, private in names if private}


class Problem(NamedTuple):
    """One bad part of an answer, printed as one line. ``rules`` names the entry of RULES
    that explains what is allowed: a report prints each entry once, after the lines."""

    answer: str
    value: str
    reason: str
    rules: str = ""

    def __str__(self) -> str:
        return f"{self.answer}: {self.value!r} {self.reason}."


def and_list(parts: list[str]) -> str:
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def spelling_faults(name: str) -> list[str]:
    """What keeps ``name`` from being lowercase words joined by _, most telling first."""
    faults = []
    if name[:1].isdigit() or name[:1] == "_":
        faults.append(f"starts with {'a digit' if name[0].isdigit() else '_'}")
    if any(char.isupper() for char in name):
        faults.append("has uppercase letters")
    others = sorted({char for char in name if not re.fullmatch(r"[A-Za-z0-9_]", char)})
    if others:
        faults.append(f"has {', '.join(map(repr, others))} (only a-z, 0-9 and _ are allowed)")
    if "__" in name:
        faults.append("has two _ in a row")
    if name.endswith("_") and len(name) > 1:
        faults.append("ends with _")
    if not faults and not DOMAIN_PATTERN.fullmatch(name):
        faults.append("is not lowercase words joined by _")
    return faults


def spelling_reason(name: str) -> str | None:
    """Why ``name`` is not a well-formed domain name, or None when it is."""
    if faults := spelling_faults(name):
        return and_list(faults)
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
        return f"is reserved for {RESERVED_DOMAINS[name]}"
    names = domain_names(name)
    if not DOMAIN_PATTERN.fullmatch(names["singular"]):
        return f"has no usable singular (got {names['singular']!r})"
    return clash_reason(names)


def clash_reason(names: DomainNames) -> str | None:
    """Why the domain's model or schema would clash with a name the project has."""
    if names["singular"] in PROJECT_MODEL_MODULES or names["class_name"] in PROJECT_MODEL_CLASSES:
        return f"would make a model {names['class_name']!r}, which the project already has"
    if names["class_name"] in IMPORTED_CLASSES:
        return f"would make a model {names['class_name']!r}, which hides a name the model imports"
    if (schema := f"{names['class_name']}Response") in ACCOUNT_RESPONSE_SCHEMAS:
        return f"would make a schema {schema!r}, which the accounts API already has"
    return None


def domain_problems(names: list[str], answer: str = "domains") -> list[Problem]:
    reasons = {name: domain_reason(name) for name in names}
    return [Problem(answer, name, reason, "domains") for name, reason in reasons.items() if reason]


def repeated_domain_problems(names: list[str], answer: str = "domains") -> list[Problem]:
    return [
        Problem(answer, name, f"is listed {count} times")
        for name, count in Counter(names).items()
        if count > 1
    ]


def shared_singular_problems(names: list[str], answer: str = "domains") -> list[Problem]:
    by_singular: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        by_singular.setdefault(singularize(name), []).append(name)
    return [
        Problem(answer, ", ".join(group), f"share the singular {singular!r}: keep one")
        for singular, group in by_singular.items()
        if len(group) > 1
    ]


def private_problems(raw: str, answer: str = "domains", owners: bool = True) -> list[Problem]:
    """``private`` needs users to own rows: without authentication there are none."""
    if owners:
        return []
    return [
        Problem(answer, f"{PRIVATE} {name}", "needs authentication (auth is none)", "domains")
        for name in sorted(private_domains(raw))
    ]


def domain_list_problems(
    raw: str, answer: str = "domains", known: dict[str, str] | None = None, owners: bool = True
) -> list[Problem]:
    """Every problem with comma-separated domains, one each; empty when all is well.

    ``known`` maps the singular and plural of each domain the project already has
    to its plural: field specs may point at those too. ``owners`` is False when the
    project has no users, so no domain can be private.
    """
    names = split_domains(raw)
    if not names:
        return [Problem(answer, raw, "names no domain", "domains")]
    valid_names = [name for name in names if domain_reason(name) is None]
    return (
        domain_problems(names, answer)
        + repeated_domain_problems(names, answer)
        + shared_singular_problems(valid_names, answer)
        + private_problems(raw, answer, owners)
        + spec_problems(raw, known or {}, answer)
    )


# Field specs: posts(title:str, body:text?, published:bool=false, author:ref(authors)).
FIELD_TYPES = (
    "str",
    "text",
    "int",
    "float",
    "bool",
    "date",
    "datetime",
    "uuid",
    "decimal",
    "json",
    "ref",
)
FIELD_PATTERN = re.compile(
    r"(?P<name>[^:]*):(?P<type>[a-z]*)(\((?P<target>[^)]*)\))?(?P<nullable>\?)?"
    r"(=(?P<default>.*?))?(?P<filter>\s+filter)?"
)
# Types a list cannot filter on.
UNFILTERABLE_TYPES = frozenset({"json"})
# The parameters of every list (app/api/listing.py): a filter field must not take one.
LIST_PARAMETERS = frozenset({"q", "sort", "page", "per_page", "cursor"})
FIELD_NAME_PATTERN = DOMAIN_PATTERN
MAX_FIELD_LENGTH = 24
# Field names taken already -> by what.
RESERVED_FIELDS = {
    **dict.fromkeys(
        "id created_at updated_at row_version owner owner_id".split(), "every model has already"
    ),
    **dict.fromkeys(
        "metadata registry query query_class mapped_column relationship".split(),
        "the SQLAlchemy model class uses",
    ),
    **dict.fromkeys(
        """fields validate load dump loads dumps opts context many partial unknown only
        exclude load_only dump_only declared_fields load_fields dump_fields error_messages
        set_class dict_class handle_error get_attribute on_bind_field from_dict""".split(),
        "the marshmallow schema class uses",
    ),
    **dict.fromkeys(
        """create build stub generate simple_generate create_batch build_batch stub_batch
        generate_batch simple_generate_batch reset_sequence attributes declarations""".split(),
        "the factory_boy factory class uses",
    ),
    **dict.fromkeys(
        "utc_now datetime decimal uuid sa op db any".split(), "the generated modules import"
    ),
}
DEFAULT_PATTERNS = {
    "str": re.compile(r'"[^"\\]*"'),
    "text": re.compile(r'"[^"\\]*"'),
    "int": re.compile(r"-?(0|[1-9][0-9]{0,8})"),
    "float": re.compile(r"-?(0|[1-9][0-9]{0,8})(\.[0-9]{1,6})?"),
    "decimal": re.compile(r"-?(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?"),
    "bool": re.compile(r"true|false"),
}


def parse_field(text: str) -> FieldSpec | None:
    """``title:str=\"x\"`` as a FieldSpec; None when it is not name:type at all."""
    match = FIELD_PATTERN.fullmatch(text.strip())
    if match is None:
        return None
    default = match["default"]
    nullable = bool(match["nullable"]) or default == "null"
    return {
        "name": match["name"].strip(),
        "type": match["type"],
        "nullable": nullable,
        "default": None if default == "null" else default,
        "target": match["target"].strip() if match["target"] is not None else None,
        "filter": bool(match["filter"]),
    }


def ref_target(field: FieldSpec) -> str:
    """The plural domain a ref points at: given, or the plural whose singular is the name."""
    return field["target"] or field["name"]


def field_name_reason(name: str) -> str | None:
    if faults := spelling_faults(name):
        return f"has a field name {name!r} that {and_list(faults)}"
    if len(name) > MAX_FIELD_LENGTH:
        return f"has a field name {name!r} longer than {MAX_FIELD_LENGTH} characters"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"has a field name {name!r} that is a Python keyword"
    if name in dir(builtins):
        return f"has a field name {name!r} that is a Python builtin"
    if name in RESERVED_FIELDS:
        return f"has a field name {name!r} that {RESERVED_FIELDS[name]}"
    return None


def type_reason(field: FieldSpec, known: dict[str, str]) -> str | None:
    """Why the field's type, target or filter mark cannot be baked."""
    if field["type"] not in FIELD_TYPES:
        return f"has an unknown type {field['type']!r} (types: {', '.join(FIELD_TYPES)})"
    if field["target"] is not None and field["type"] != "ref":
        return f"gives a target domain to a {field['type']} field"
    if field["type"] == "ref" and ref_target(field) not in known:
        return f"refers to {ref_target(field)!r}, which is not a domain listed before it"
    if field.get("filter") and field["type"] in UNFILTERABLE_TYPES:
        return f"marks a {field['type']} field {FILTER}: lists cannot filter on {field['type']}"
    if field.get("filter") and field["name"] in LIST_PARAMETERS:
        return f"marks {field['name']!r} {FILTER}, but every list takes a parameter of that name"
    return None


def field_reason(field: FieldSpec, known: dict[str, str]) -> str | None:
    """Why one parsed field cannot be baked; ``known`` maps singulars and plurals of
    the domains it may point at to their plural."""
    if reason := field_name_reason(field["name"]):
        return reason
    if reason := type_reason(field, known):
        return reason
    default, pattern = field["default"], DEFAULT_PATTERNS.get(field["type"])
    if default is not None and (pattern is None or not pattern.fullmatch(default)):
        return f"has a default {default!r} that does not fit the type {field['type']}"
    return None


def field_spec_problems(
    domain: str, spec: str, known: dict[str, str], answer: str = "domains"
) -> list[Problem]:
    """Every problem with the fields of one domain, each naming the bad part."""
    problems, seen = [], set()
    parts = split_items(spec)
    if not parts:
        return [Problem(answer, f"{domain}()", "names no field", "fields")]
    for part in parts:
        field = parse_field(part)
        shown = f"{domain}({part})"
        if field is None:
            problems.append(Problem(answer, shown, "is not name:type", "fields"))
            continue
        column = f"{field['name']}_id" if field["type"] == "ref" else field["name"]
        if field["name"] in seen or column in seen:
            problems.append(Problem(answer, shown, f"repeats the field {field['name']!r}"))
        seen |= {field["name"], column}
        if reason := field_reason(field, known):
            problems.append(Problem(answer, shown, reason, "fields"))
    return problems


def domain_fields(raw: str, known: dict[str, str] | None = None) -> dict[str, list[FieldSpec]]:
    """Plural -> its parsed fields, for an answer without problems; refs get their target."""
    found: dict[str, list[FieldSpec]] = {}
    targets = dict(known or {})
    for item in split_items(raw):
        name, spec = split_spec(item)
        fields = [field for part in split_items(spec or "") if (field := parse_field(part))]
        for field in fields:
            if field["type"] == "ref":
                target = ref_target(field)
                field["target"] = targets.get(target) or target
        found[name] = fields
        targets |= {name: name, singularize(name): name}
    return found


def spec_problems(raw: str, known: dict[str, str], answer: str = "domains") -> list[Problem]:
    """The field specs of every domain, each checked against the domains before it."""
    problems, targets = [], dict(known)
    for item in split_items(raw):
        name, spec = split_spec(item)
        if spec is not None and (not item.endswith(")") or item.count("(") != item.count(")")):
            problems.append(Problem(answer, item, "has unbalanced parentheses", "fields"))
        elif spec is not None:
            problems += field_spec_problems(name, spec, targets, answer)
        targets |= {name: name, singularize(name): name}
    return problems


# What a Problem's ``rules`` stand for; a report prints each once, however many
# problems break it.
RULES = {
    "domains": (
        "Domain names are plurals written as lowercase words (a-z, 0-9, starting with a "
        f"letter) joined by single _, at most {MAX_DOMAIN_LENGTH} characters with the last "
        f"word at most {MAX_WORD_LENGTH}; not a Python keyword, none of "
        f"{', '.join(sorted(RESERVED_DOMAINS))}, and no name whose model would clash "
        f"with the project's ({', '.join(sorted(PROJECT_MODEL_CLASSES))}) or with a class "
        f"the models import ({', '.join(sorted(IMPORTED_CLASSES))}), nor whose response "
        f"schema would clash with the accounts API's "
        f"({', '.join(sorted(ACCOUNT_RESPONSE_SCHEMAS))}). Written {PRIVATE} notes, a "
        "domain is owner-only (needs authentication): each user lists, reads and changes "
        "only their own rows, and another's are 404."
    ),
    "fields": (
        "Fields follow a domain in parentheses: posts(title:str, body:text?, "
        "published:bool=false, author:ref). Each is name:type (required), name:type? or "
        "name:type=null (nullable), or name:type=default (true/false for bool, a number for "
        'int, float and decimal, "quoted" for str and text); types '
        f"{', '.join(FIELD_TYPES)}. author:ref points at the domain whose singular is "
        "author, writer:ref(authors) at authors; either must be listed before. A field "
        f"followed by {FILTER} (title:str {FILTER}, price:decimal? {FILTER}) gets an index "
        "and parameters of the list (equality; ranges for numbers, dates and "
        "datetimes; lists for str, int, uuid and ref; search with q for str and text; "
        f"sort for those that cannot be null, but not text); json cannot be filtered. "
        f"Field names are lowercase words joined by _, at most {MAX_FIELD_LENGTH} characters."
    ),
}


def report(heading: str, problems: Sequence[object]) -> str:
    """The heading, one line per problem, then the rules the problems break, once each."""
    broken = dict.fromkeys(p.rules for p in problems if isinstance(p, Problem) and p.rules)
    rules = [textwrap.fill(RULES[key], width=88) for key in broken]
    return "\n".join([heading, *(f"  {problem}" for problem in problems), *rules])
