"""Input schemas reject unknown fields: checked on the classes, and on the calls."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from marshmallow import RAISE, Schema

from tests.conventions import rules
from tests.conventions.core import (
    PROJECT_ROOT,
    SourceFile,
    Violation,
    definition_site,
    dotted_name,
    walk,
)

# Schemas named like this take input even before anything loads them.
INPUT_SCHEMA_NAME = re.compile(r"^(Create|Update)|Query")
LOADING_METHODS = frozenset({"load", "loads", "validate"})


def check_input_schemas(
    schemas: Iterable[type[Schema]], loaded_names: set[str], root: Path = PROJECT_ROOT
) -> list[Violation]:
    """Every input schema declares ``class Meta: unknown = RAISE``, itself or inherited.

    Input schemas are those named Create*, Update* or *Query*, and those whose
    instances some code loads (``loaded_names``). Marshmallow's default is RAISE
    too, but the rule asks for it in writing, where the next reader sees it.
    """
    violations = []
    for schema in sorted(schemas, key=lambda schema: schema.__name__):
        name = schema.__name__
        if not (INPUT_SCHEMA_NAME.search(name) or name in loaded_names):
            continue
        declared = getattr(schema.Meta, "unknown", None)
        if declared is None:
            message = f"input schema `{name}` does not declare `class Meta: unknown = RAISE`"
        elif schema.opts.unknown != RAISE:
            message = f"input schema `{name}` has Meta.unknown = {schema.opts.unknown!r}, not RAISE"
        else:
            continue
        path, line = definition_site(schema, root=root)
        violations.append(Violation(path, line, message, rules.UNKNOWN_FIELDS))
    return violations


def schema_classes(module_prefix: str) -> list[type[Schema]]:
    """Every Schema subclass defined in a module whose name starts with ``module_prefix``."""
    found: list[type[Schema]] = []
    pending = list(Schema.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        if schema.__module__.startswith(module_prefix) and schema not in found:
            found.append(schema)
    return found


def loaded_schema_names(sources: Iterable[SourceFile]) -> set[str]:
    """Class names of schemas whose instances are loaded: ``CreateUserSchema().load(...)``,
    or ``schema = CreateUserSchema()`` and later ``schema.load(...)``, in the same module,
    or ``@bp.arguments(LoginSchema)``."""
    sources = list(sources)  # read twice
    names: set[str] = set()
    for source in sources:
        instances: dict[str, str] = {}
        for node in walk(source.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                for target in node.targets:
                    instances[dotted_name(target)] = dotted_name(node.value.func).split(".")[-1]
        for node in walk(source.tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in LOADING_METHODS:
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Call):
                names.add(dotted_name(receiver.func).split(".")[-1])
            elif dotted_name(receiver) in instances:
                names.add(instances[dotted_name(receiver)])
    return names | argument_schema_names(sources)


def argument_schema_names(sources: Iterable[SourceFile]) -> set[str]:
    """Class names of schemas that flask-smorest loads: ``@bp.arguments(LoginSchema)``,
    ``@bp.arguments(UpdatePostSchema(partial=True))``."""
    names: set[str] = set()
    for source in sources:
        for node in walk(source.tree):
            if not (isinstance(node, ast.Call) and dotted_name(node.func).endswith(".arguments")):
                continue
            if node.args:
                schema = node.args[0]
                schema = schema.func if isinstance(schema, ast.Call) else schema
                names.add(dotted_name(schema).split(".")[-1])
    return names


def check_unknown_overrides(source: SourceFile) -> list[Violation]:
    """No ``unknown=`` argument other than RAISE, which would undo a schema's Meta."""
    violations = []
    for node in walk(source.tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            value = keyword.value
            is_raise = dotted_name(value).split(".")[-1] == "RAISE" or (
                isinstance(value, ast.Constant) and value.value == RAISE
            )
            if keyword.arg == "unknown" and not is_raise:
                message = "`unknown=` lets unknown fields through; leave it to the schema's RAISE"
                violations.append(source.violation(node, message, rules.UNKNOWN_FIELDS))
    return violations
