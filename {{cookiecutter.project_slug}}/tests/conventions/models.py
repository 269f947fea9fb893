"""Model rules, checked on the mapped classes themselves rather than on their text."""

from __future__ import annotations

import ast
import inspect
import typing
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Mapped, Mapper

from tests.conventions import rules
from tests.conventions.core import PROJECT_ROOT, Violation, definition_site, dotted_name


def check_models(mappers: Iterable[Mapper[Any]], root: Path = PROJECT_ROOT) -> list[Violation]:
    """Every mapped model has a single UUID primary key and declares each column and
    relationship with a ``Mapped[...]`` annotation (on itself or a base class)."""
    violations = []
    for mapper in sorted(mappers, key=lambda mapper: mapper.class_.__name__):
        model = mapper.class_
        if not has_uuid_primary_key(mapper):
            path, line = definition_site(model, root=root)
            keys = ", ".join(f"{column.name}: {column.type}" for column in mapper.primary_key)
            message = f"model `{model.__name__}` has primary key ({keys}), not a single UUID"
            violations.append(Violation(path, line, message, rules.UUID_PRIMARY_KEY))
        for attribute in [*mapper.column_attrs.keys(), *mapper.relationships.keys()]:
            if not is_declared_mapped(model, attribute):
                owner = annotating_class(model, attribute) or model
                path, line = definition_site(owner, attribute, root=root)
                message = f"`{model.__name__}.{attribute}` has no `Mapped[...]` annotation"
                violations.append(Violation(path, line, message, rules.MAPPED_ANNOTATIONS))
    return violations


def has_uuid_primary_key(mapper: Mapper[Any]) -> bool:
    if len(mapper.primary_key) != 1:
        return False
    try:
        return mapper.primary_key[0].type.python_type is uuid.UUID
    except NotImplementedError:
        return False


def annotating_class(model: type, attribute: str) -> type | None:
    """The nearest class in ``model``'s MRO that annotates ``attribute``."""
    return next(
        (klass for klass in model.__mro__ if attribute in inspect.get_annotations(klass)), None
    )


def is_declared_mapped(model: type, attribute: str) -> bool:
    owner = annotating_class(model, attribute)
    annotation = inspect.get_annotations(owner).get(attribute) if owner else None
    if isinstance(annotation, str):
        try:
            expression = ast.parse(annotation, mode="eval").body
        except SyntaxError:
            return False
        target = expression.value if isinstance(expression, ast.Subscript) else expression
        return dotted_name(target).split(".")[-1] == "Mapped"
    return annotation is Mapped or typing.get_origin(annotation) is Mapped
