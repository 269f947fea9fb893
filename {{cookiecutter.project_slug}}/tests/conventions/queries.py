"""Query rules: no legacy ``Model.query``, and an index on every filtered column."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Any

from marshmallow.validate import OneOf
from sqlalchemy import Column, UniqueConstraint
from sqlalchemy.orm import Mapper

from app.api.listing import CONTROLS, ListQuerySchema, Sort
from tests.conventions import rules
from tests.conventions.core import SourceFile, Violation, definition_site, dotted_name, walk

FILTER_METHODS = frozenset({"where", "filter"})
# Calls whose first argument names the entity a following filter_by() applies to.
ENTITY_CALLS = frozenset({"select", "join", "outerjoin", "query"})


def check_legacy_query(source: SourceFile) -> list[Violation]:
    """``Model.query``, ``<anything>.query.<method>`` and ``session.query(...)``."""
    found = {id(node): node for node in map(legacy_query_attribute, walk(source.tree)) if node}
    message = "legacy query API; use `db.session.execute(select(Model).where(...))`"
    return [
        source.violation(node, message, rules.LEGACY_QUERY)
        for node in sorted(found.values(), key=lambda node: (node.lineno, node.col_offset))
    ]


def legacy_query_attribute(node: ast.AST) -> ast.Attribute | None:
    """The ``.query`` attribute of a legacy query at ``node``; one query may match twice."""
    if isinstance(node, ast.Attribute) and node.attr == "query":
        owner = dotted_name(node.value).split(".")[-1]
        return node if owner[:1].isupper() else None  # Model.query
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
        return node.value if node.value.attr == "query" else None  # <x>.query.<method>
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "query"
        and dotted_name(node.func.value).endswith("session")
    ):
        return node.func  # session.query(...)
    return None


def models_by_name(mappers: Iterable[Mapper[Any]]) -> dict[str, Mapper[Any]]:
    return {mapper.class_.__name__: mapper for mapper in mappers}


def check_filtered_columns_indexed(
    source: SourceFile, mappers: Iterable[Mapper[Any]]
) -> list[Violation]:
    """Columns compared in ``.where()``, ``.filter()`` or ``.filter_by()`` have an index.

    ``Model.attribute`` references are resolved by the model's class name against
    the mapped models; a relationship counts through its foreign-key columns. A
    column is indexed when it is a primary key, ``index=True``, ``unique=True``, or
    leads a multi-column index or unique constraint in ``__table_args__``.
    """
    models = models_by_name(mappers)
    violations = []
    for node, model_name, attribute in filtered_attributes(source.tree, models):
        for column in columns_of(models[model_name], attribute):
            if not is_indexed(column):
                message = (
                    f"`{model_name}.{attribute}` is filtered on, but column "
                    f"`{column.table.name}.{column.name}` has no index; add index=True"
                )
                violations.append(source.violation(node, message, rules.FILTER_INDEX))
    return violations


def filtered_attributes(
    tree: ast.AST, models: dict[str, Mapper[Any]]
) -> Iterator[tuple[ast.AST, str, str]]:
    """(node, model name, attribute) for every model attribute used in a filter."""
    for call in walk(tree):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            if call.func.attr in FILTER_METHODS:
                yield from referenced_attributes(call, models)
            elif call.func.attr == "filter_by":
                yield from keyword_attributes(call, filtered_entity(call.func.value), models)


def referenced_attributes(
    call: ast.Call, models: dict[str, Mapper[Any]]
) -> Iterator[tuple[ast.AST, str, str]]:
    """``Model.attribute`` anywhere in the arguments of ``where(...)`` or ``filter(...)``."""
    for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
        for node in walk(argument):
            if isinstance(node, ast.Attribute):
                model_name = dotted_name(node.value).split(".")[-1]
                if model_name in models:
                    yield node, model_name, node.attr


def keyword_attributes(
    call: ast.Call, model_name: str, models: dict[str, Mapper[Any]]
) -> Iterator[tuple[ast.AST, str, str]]:
    """The keywords of ``filter_by(attribute=...)``, as attributes of ``model_name``."""
    if model_name in models:
        for keyword in call.keywords:
            if keyword.arg is not None:
                yield keyword.value, model_name, keyword.arg


def filtered_entity(receiver: ast.expr) -> str:
    """The class name of the entity ``filter_by`` applies to: the latest select/join."""
    node: ast.expr = receiver
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Attribute):
            if node.attr == "query":
                return dotted_name(node.value).split(".")[-1]
            node = node.value
            continue
        name = dotted_name(node.func).split(".")[-1]
        if name in ENTITY_CALLS and node.args:
            return dotted_name(node.args[0]).split(".")[-1]
        node = node.func
    return ""


def columns_of(mapper: Mapper[Any], attribute: str) -> list[Column[Any]]:
    """The table columns behind a mapped attribute (foreign keys for a relationship)."""
    if attribute in mapper.column_attrs:
        columns: Iterable[object] = mapper.column_attrs[attribute].columns
    elif attribute in mapper.relationships:
        columns = mapper.relationships[attribute].local_columns
    else:
        columns = []
    return [column for column in columns if isinstance(column, Column)]


def is_indexed(column: Column[Any]) -> bool:
    if column.primary_key or column.index or column.unique:
        return True
    table = column.table
    leading_columns = [next(iter(index.columns), None) for index in table.indexes]
    leading_columns += [
        next(iter(constraint.columns), None)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    return any(leading is column for leading in leading_columns)


def check_list_keys_indexed(
    schemas: Iterable[type[ListQuerySchema]], mappers: Iterable[Mapper[Any]]
) -> list[Violation]:
    """Each filter and sort key of a list (``<Model>ListQuerySchema``) has an index that
    leads with it, or with the owner's id and then it (a private domain's lists)."""
    models = models_by_name(mappers)
    violations = []
    for schema in schemas:
        mapper = models.get(schema.__name__.removesuffix("ListQuerySchema"))
        if mapper is None:
            continue
        for key in sorted(list_keys(schema)):
            for column in columns_of(mapper, key):
                if not is_indexed(column) and not follows_the_owner(column):
                    path, line = definition_site(schema)
                    message = (
                        f"`{schema.__name__}` filters or sorts on `{column.table.name}."
                        f"{column.name}`, which no index serves; add one to __table_args__"
                    )
                    violations.append(Violation(path, line, message, rules.FILTER_INDEX))
    return violations


def list_keys(schema: type[ListQuerySchema]) -> set[str]:
    """The columns a list schema's parameters name: ``price__gte`` -> price, and sort's."""
    fields = schema().fields
    keys = {name.partition("__")[0] for name in fields if name not in CONTROLS}
    sort = fields.get("sort")
    if isinstance(sort, Sort) and isinstance(sort.inner.validate, OneOf):
        keys |= {Sort.key(str(choice)) for choice in sort.inner.validate.choices}
    return keys


def follows_the_owner(column: Column[Any]) -> bool:
    """An index on (owner_id, column, ...): what a list of the owner's rows alone uses."""
    return any(
        [found.name for found in index.columns][:2] == ["owner_id", column.name]
        for index in column.table.indexes
    )
