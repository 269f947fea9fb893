"""What each field of a field spec becomes: the lines of the model, schemas, migration,
factory and tests that the domain skeleton pastes in.

Standard library only, and no imports from the project: the template's post-gen hook
runs it on cookiecutter's interpreter, as it runs ``naming.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

LINE_LENGTH = 100
STRING_LENGTH = 200
TEXT_LENGTH = 10_000
INT_RANGE = "min=-2_147_483_648, max=2_147_483_647"
FLOAT_RANGE = "min=-1e15, max=1e15"
DECIMAL_RANGE = "min=-9_999_999_999, max=9_999_999_999"

# type -> (Python type, explicit column type or "", migration type, load field, response
# field, factory declaration, sample request value, the value the response echoes).
TYPES: dict[str, tuple[str, str, str, str, str, str, str, str]] = {
    "str": (
        "str",
        f"String({STRING_LENGTH})",
        f"sa.String(length={STRING_LENGTH})",
        f"Text(@validate=validate.Length(max={STRING_LENGTH}))",
        "fields.String(@)",
        'Faker("sentence", nb_words=3)',
        '"Some words"',
        '"Some words"',
    ),
    "text": (
        "str",
        "Text",
        "sa.Text()",
        f"Text(@validate=validate.Length(max={TEXT_LENGTH}))",
        "fields.String(@)",
        'Faker("paragraph")',
        '"A longer text."',
        '"A longer text."',
    ),
    "int": (
        "int",
        "",
        "sa.Integer()",
        f"Integer(@validate=validate.Range({INT_RANGE}))",
        "fields.Integer(@)",
        'Faker("pyint")',
        "42",
        "42",
    ),
    "float": (
        "float",
        "Float",
        "sa.Float()",
        f"Float(@allow_nan=False, validate=validate.Range({FLOAT_RANGE}))",
        "fields.Float(@)",
        'Faker("pyfloat", min_value=-1000, max_value=1000)',
        "1.5",
        "1.5",
    ),
    "bool": (
        "bool",
        "",
        "sa.Boolean()",
        "Boolean(@)",
        "fields.Boolean(@)",
        'Faker("pybool")',
        "True",
        "True",
    ),
    "date": (
        "datetime.date",
        "",
        "sa.Date()",
        "fields.Date(@)",
        "fields.Date(@)",
        'Faker("date_object")',
        '"2024-05-01"',
        '"2024-05-01"',
    ),
    "datetime": (
        "datetime.datetime",
        "",
        "sa.DateTime(timezone=True)",
        "fields.AwareDateTime(@)",
        "fields.AwareDateTime(@)",
        "LazyFunction(utc_now)",
        '"2024-05-01T12:30:00+02:00"',
        '"2024-05-01T10:30:00+00:00"',
    ),
    "uuid": (
        "uuid.UUID",
        "",
        "sa.Uuid()",
        "fields.UUID(@)",
        "fields.UUID(@)",
        'Faker("uuid4", cast_to=None)',
        '"0f8fad5b-d9cb-469f-a165-70867728950e"',
        '"0f8fad5b-d9cb-469f-a165-70867728950e"',
    ),
    "decimal": (
        "decimal.Decimal",
        "Numeric(12, 2)",
        "sa.Numeric(precision=12, scale=2)",
        # apispec would write the range as strings: the metadata gives the numbers.
        f"Decimal(@places=2, validate=validate.Range({DECIMAL_RANGE}), metadata=%)",
        # As a string, so no digit is lost on the way.
        "fields.String(@)",
        'Faker("pydecimal", left_digits=5, right_digits=2)',
        "12.5",
        '"12.50"',
    ),
    "json": (
        "dict[str, Any]",
        "JSON",
        "sa.JSON()",
        "fields.Dict(@keys=fields.String())",
        "fields.Dict(@)",
        'LazyFunction(lambda: {"key": "value"})',
        '{"key": "value"}',
        '{"key": "value"}',
    ),
    "ref": (
        "uuid.UUID",
        "",
        "sa.Uuid()",
        "fields.UUID(@)",
        "fields.UUID(@)",
        "",
        "",
        "",
    ),
}


# type -> (the query parameter's field, the operators besides equality). Numbers and
# times take ranges; short values lists of alternatives (repeated: ?tag__in=a&tag__in=b).
FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "str": (f"Text(validate=validate.Length(max={STRING_LENGTH}))", ("in",)),
    "text": (f"Text(validate=validate.Length(max={TEXT_LENGTH}))", ()),
    "int": (f"fields.Integer(validate=validate.Range({INT_RANGE}))", ("gte", "lte", "in")),
    "float": (
        f"fields.Float(allow_nan=False, validate=validate.Range({FLOAT_RANGE}))",
        ("gte", "lte"),
    ),
    "decimal": (
        f"fields.Decimal(places=2, validate=validate.Range({DECIMAL_RANGE}), metadata=%)",
        ("gte", "lte"),
    ),
    "bool": ("fields.Boolean()", ()),
    "date": ("fields.Date()", ("gte", "lte")),
    "datetime": ("fields.AwareDateTime()", ("gte", "lte")),
    "uuid": ("fields.UUID()", ("in",)),
    "ref": ("fields.UUID()", ("in",)),
}
# Types searched by ?q=, and those whose values are too long to sort by.
SEARCHED_TYPES = frozenset({"str", "text"})
UNSORTED_TYPES = frozenset({"text"})


# What the list of a domain without fields filters on: its name, as name:str filter.
PLAIN_NAME = {
    "name": "name",
    "attribute": "name",
    "type": "str",
    "nullable": False,
    "default": None,
    "target": None,
    "filter": True,
}


def call(indent: int, head: str, args: str, tail: str = ")") -> list[str]:
    """``head(args)`` on one line when it fits, else one argument a line (as ruff does)."""
    one_line = f"{' ' * indent}{head}{args}{tail}"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    parts, depth, current = [], 0, ""
    for char in args:
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    inner = " " * (indent + 4)
    return [
        f"{' ' * indent}{head}",
        *(f"{inner}{part}," for part in parts),
        f"{' ' * indent}{tail}",
    ]


def python_default(field: Mapping[str, Any]) -> str | None:
    """The default as Python source: false -> False, "x" -> "x", 1.5 -> decimal.Decimal("1.5")."""
    default = field["default"]
    if default is None:
        return None
    if field["type"] == "bool":
        return "True" if default == "true" else "False"
    if field["type"] == "decimal":
        return f'decimal.Decimal("{default}")'
    if field["type"] == "float" and "." not in default:
        return f"{default}.0"
    return str(default)


def decimal_metadata(field: Mapping[str, Any]) -> str:
    """The OpenAPI range (and default) of a decimal field, as numbers."""
    bounds = DECIMAL_RANGE.replace("min=", '"minimum": ').replace("max=", '"maximum": ')
    if field["default"] is not None:
        bounds += f', "default": {float(field["default"])!r}'
    return "{" + bounds + "}"


def load_arguments(field: Mapping[str, Any]) -> str:
    default = python_default(field)
    if field["nullable"]:
        return f"load_default={default or 'None'}, allow_none=True"
    if default is not None:
        return f"load_default={default}"
    return "required=True"


def describe(field: Mapping[str, Any], target: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything the skeleton needs to write one field; ``target`` names a ref's domain."""
    kind, name, nullable = field["type"], field["name"], field["nullable"]
    python, column, migration, load, dump, factory, sample, echo = TYPES[kind]
    attribute = f"{name}_id" if kind == "ref" else name
    mapped = f"{python} | None" if nullable else python
    column_args = [column] if column else []
    if kind == "ref" and target is not None:
        on_delete = "SET NULL" if nullable else "CASCADE"
        column_args = [f'ForeignKey("{target["name"]}.id", ondelete="{on_delete}")']
        if not sortable(field):  # else an index of the list leads with it: list_indexes
            column_args.append("index=True")
    if (default := python_default(field)) is not None:
        column_args.append(f"default={default}")
    load_args = load_arguments(field)
    load = load.replace("@)", f"{load_args})").replace("@", f"{load_args}, ")
    if kind == "decimal":
        load = load.replace("%", decimal_metadata(field))
    dump_args = "required=True, allow_none=True" if nullable else "required=True"
    dump = dump.replace("@", dump_args)
    described: dict[str, Any] = {
        **field,
        "attribute": attribute,
        "model": call(4, f"{attribute}: Mapped[{mapped}] = mapped_column(", ", ".join(column_args)),
        "migration": call(
            8, "sa.Column(", f'"{attribute}", {migration}, nullable={nullable}', "),"
        ),
        "load": split_call(4, f"{attribute} = ", load),
        "dump": split_call(4, f"{attribute} = ", dump),
        "factory": [f"    {name} = {factory}"] if factory else [],
        "sample": sample,
        "echo": echo,
        "required": not nullable and default is None,
        # A sortable ref's list index leads with it and serves its foreign key too.
        "indexed_alone": kind == "ref" and not sortable(field),
    }
    if kind == "ref" and target is not None:
        described["target"] = target
        mapped_target = f"{target['class_name']} | None" if nullable else target["class_name"]
        # One foreign key each: two refs to one domain must not be ambiguous.
        described["relationship"] = call(
            4, f"{name}: Mapped[{mapped_target}] = relationship(", f"foreign_keys=[{attribute}]"
        )
        described["factory"] = [f"    {name} = SubFactory({target['class_name']}Factory)"]
    return described


def sample_of(field: Mapping[str, Any]) -> str:
    """The test's sample of a field (tests/samples.py): its type, or a ref's factory."""
    if field["type"] == "ref":
        return f"{field['target']['class_name']}Factory"
    return dumps(field["type"])


def sortable(field: Mapping[str, Any]) -> bool:
    """A filter field a list may sort by: never null, and short enough for a b-tree."""
    short = field["type"] not in UNSORTED_TYPES
    return bool(field.get("filter")) and not field["nullable"] and short


def filter_lines(field: Mapping[str, Any]) -> list[str]:
    """The list's query parameters for one filter field: equality, then its operators."""
    if not field.get("filter"):
        return []
    attribute = f"{field['name']}_id" if field["type"] == "ref" else field["name"]
    parameter, operators = FILTERS[field["type"]]
    parameter = parameter.replace("%", decimal_metadata({**field, "default": None}))
    lines = split_call(4, f"{attribute} = ", parameter)
    for operator in operators:
        wrapped = f"InList({parameter})" if operator == "in" else parameter
        lines += split_call(4, f"{attribute}__{operator} = ", wrapped)
    return lines


def list_indexes(
    table: str, fields: Sequence[Mapping[str, Any]], *, private: bool, postgresql: bool
) -> list[dict[str, Any]]:
    """The indexes that serve the list: its default order (newest first, id breaking
    ties), each filter field, and ?q= on PostgreSQL (pg_trgm GIN, which also serves
    equality on text). A private domain's b-trees lead with the owner, whose rows
    alone it lists."""
    owner = ["owner_id"] if private else []
    indexes: list[dict[str, Any]] = [{"columns": [*owner, "created_at", "id"], "trigram": False}]
    for field in fields:
        if not field.get("filter"):
            continue
        attribute = f"{field['name']}_id" if field["type"] == "ref" else field["name"]
        text_on_postgresql = field["type"] in UNSORTED_TYPES and postgresql
        if not text_on_postgresql:
            tiebreak = ["id"] if sortable(field) else []
            indexes.append({"columns": [*owner, attribute, *tiebreak], "trigram": False})
        if field["type"] == "ref" and private and sortable(field):
            indexes.append({"columns": [attribute], "trigram": False})  # its foreign key
        if field["type"] in SEARCHED_TYPES and postgresql:
            indexes.append({"columns": [attribute], "trigram": True})
    for index in indexes:
        named = [column for column in index["columns"] if column != "id"]
        suffix = "_trgm" if index["trigram"] else ""
        index["name"] = f"ix_{table}_{'_'.join(named)}{suffix}"
    return indexes


def trigram_ops(column: str) -> str:
    """The operator class of a trigram index, as Python source."""
    return dumps({column: "gin_trgm_ops"})


def index_lines(indexes: Sequence[Mapping[str, Any]], *, private: bool) -> list[str]:
    """``__table_args__`` of the model, one ``Index(...)`` a line, as ruff formats it;
    none when the model's base gives the one it needs (created_at, id)."""
    if len(indexes) == 1 and not private:
        return []
    lines = []
    for index in indexes:
        columns = ", ".join(f'"{column}"' for column in index["columns"])
        args = f'"{index["name"]}", {columns}'
        if index["trigram"]:
            column = index["columns"][0]
            args += f', postgresql_using="gin", postgresql_ops={trigram_ops(column)}'
        lines += call(8, "Index(", args, "),")
    one_line = f"    __table_args__ = ({lines[0].strip()})"
    if len(lines) == 1 and len(one_line) <= LINE_LENGTH:
        return [one_line]
    return ["    __table_args__ = (", *lines, "    )"]


def migration_index_lines(table: str, indexes: Sequence[Mapping[str, Any]]) -> list[str]:
    """``op.create_index(...)`` for each index, as Alembic's autogenerate writes them."""
    lines = []
    for index in indexes:
        columns = ", ".join(f'"{column}"' for column in index["columns"])
        args = [f'op.f("{index["name"]}")', f'"{table}"', f"[{columns}]", "unique=False"]
        if index["trigram"]:
            column = index["columns"][0]
            args += ['postgresql_using="gin"', f"postgresql_ops={trigram_ops(column)}"]
        lines += ["    op.create_index(", *(f"        {arg}," for arg in args), "    )"]
    return lines


def listing_definition(class_name: str, searched: Sequence[str]) -> list[str]:
    """``LISTING = listing.Listing(Post, searched=(Post.title,))`` as ruff formats it."""
    if not searched:
        return [f"LISTING = listing.Listing({class_name})"]
    columns = ", ".join(f"{class_name}.{name}" for name in searched)
    columns += "," if len(searched) == 1 else ""
    lines = call(4, "searched=(", columns, "),")
    return ["LISTING = listing.Listing(", f"    {class_name},", *lines, ")"]


def listing_of(
    names: Mapping[str, Any],
    fields: Sequence[Mapping[str, Any]],
    *,
    private: bool,
    postgresql: bool,
) -> dict[str, Any]:
    """What the list endpoint of a domain takes, and the indexes that serve it."""
    filtered = [field for field in fields if field.get("filter")]
    indexes = list_indexes(names["name"], fields, private=private, postgresql=postgresql)
    sort_keys = [field["attribute"] for field in filtered if sortable(field)]
    searched = [field["attribute"] for field in filtered if field["type"] in SEARCHED_TYPES]
    parameters = split_call(4, "sort = ", f"Sort({', '.join(map(dumps, sort_keys))})")
    if searched:
        parameters += split_call(4, "q = ", f"Search({', '.join(map(dumps, searched))})")
    return {
        "parameters": parameters + [line for field in filtered for line in filter_lines(field)],
        "filters": [
            f"{field['attribute']}{'__' + operator if operator else ''}"
            for field in filtered
            for operator in ("", *FILTERS[field["type"]][1])
        ],
        "sample_factories": sorted(
            {sample_of(field) for field in filtered if field["type"] == "ref"}
        ),
        # Each key the list filters or sorts on -> (its factory argument, its sample).
        "samples": {
            "created_at": ("created_at", dumps("datetime")),
            **{field["attribute"]: (field["name"], sample_of(field)) for field in filtered},
        },
        "sort_keys": sort_keys,
        "searched": searched,
        "in_lists": any("in" in FILTERS[field["type"]][1] for field in filtered),
        "definition": listing_definition(names["class_name"], searched),
        "indexes": index_lines(indexes, private=private),
        "migration_indexes": migration_index_lines(names["name"], indexes),
    }


def split_call(indent: int, prefix: str, expression: str) -> list[str]:
    """``prefix + Name(args)`` as ruff would format it."""
    head, _, args = expression.partition("(")
    return call(indent, f"{prefix}{head}(", args.removesuffix(")"))


def imports_of(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """Which names the domain's modules need for these fields."""
    kinds = {field["type"] for field in fields}
    sqlalchemy = {"JSON" if kind == "json" else "" for kind in kinds}
    sqlalchemy |= {
        {
            "str": "String",
            "text": "Text",
            "float": "Float",
            "decimal": "Numeric",
            "ref": "ForeignKey",
        }.get(kind, "")
        for kind in kinds
    }
    return {
        "datetime": bool(kinds & {"date", "datetime"}),
        "decimal": "decimal" in kinds,
        "uuid": bool(kinds & {"uuid", "ref"}),
        "any": "json" in kinds,
        "sqlalchemy": sorted(sqlalchemy - {""}, key=lambda name: (not name.isupper(), name)),
        "refs": [field for field in fields if field["type"] == "ref"],
        # The fields of app/api/fields.py that the schemas use.
        "api_fields": sorted(
            {"str": "Text", "text": "Text", "int": "Integer", "float": "Float"}.get(kind, "")
            or {"bool": "Boolean", "decimal": "Decimal"}.get(kind, "")
            for kind in kinds
            if kind in {"str", "text", "int", "float", "bool", "decimal"}
        ),
        "validate": bool(kinds & {"str", "text", "int", "float", "decimal"}),
        "lazy_function": bool(kinds & {"datetime", "json"}),
        "utc_now": "datetime" in kinds,
        "sub_factory": "ref" in kinds,
        "faker": bool(kinds - {"datetime", "json", "ref"}),
    }


def dumps(value: object) -> str:
    return json.dumps(value)


def with_fields(
    names: Mapping[str, Any],
    fields: Sequence[Mapping[str, Any]],
    spell: Callable[[str], Any],
    *,
    private: bool = False,
    postgresql: bool = False,
) -> dict[str, Any]:
    """A domain's spellings with its described fields and its list (the filters, sort
    keys and indexes); ``spell`` spells a ref's target. A domain without fields lists
    by its ``name``, as if written ``name:str filter``."""
    described = [
        describe(field, spell(field["target"]) if field["type"] == "ref" else None)
        for field in fields
    ]
    listed = described or [PLAIN_NAME]
    listing = listing_of(names, listed, private=private, postgresql=postgresql)
    return {
        **names,
        "fields": described,
        "uses": imports_of(described),
        "private": private,
        "listing": listing,
    }
