"""Every blueprint is mounted at ``/api/v1/<domain>``, read from the syntax tree."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import PurePosixPath

from tests.conventions import rules
from tests.conventions.core import SourceFile, Violation, dotted_name, walk

API_PREFIX = "/api/v1/"
# Probes expect /healthz at the root, so this one blueprint may have no prefix.
UNPREFIXED_BLUEPRINTS = frozenset({"health"})
# Where url_prefix falls when Blueprint's arguments are all given by position.
URL_PREFIX_POSITION = 5


def is_blueprint_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and dotted_name(node.func).split(".")[-1] == "Blueprint"


def blueprint_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in walk(tree):
        if isinstance(node, ast.Call) and is_blueprint_call(node):
            yield node


def argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    given = next((item.value for item in call.keywords if item.arg == keyword), None)
    if given is None and len(call.args) > position:
        return call.args[position]
    return given


def literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def prefix_problem(call: ast.Call, package: str | None) -> str | None:
    """What is wrong with one ``Blueprint(...)`` call in ``app/api/<package>/``, if anything."""
    name = literal(argument(call, 0, "name"))
    prefix = argument(call, URL_PREFIX_POSITION, "url_prefix")
    if name is None:
        return "blueprint name is not a string literal, so its prefix cannot be checked"
    if package is not None and name != package:
        return f"blueprint `{name}` lives in app/api/{package}/; name it `{package}`"
    if prefix is None and name in UNPREFIXED_BLUEPRINTS:
        return None
    if literal(prefix) == f"{API_PREFIX}{name}":
        return None
    shown = "no url_prefix" if prefix is None else f"url_prefix {ast.unparse(prefix)}"
    return f"blueprint `{name}` has {shown}; use url_prefix='{API_PREFIX}{name}'"


def is_prefixed_registration(call: ast.Call) -> bool:
    """``app.register_blueprint(bp, url_prefix=...)``."""
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "register_blueprint"
        and any(item.arg == "url_prefix" for item in call.keywords)
    )


def check_blueprint_prefix(source: SourceFile) -> list[Violation]:
    """``Blueprint(name, ..., url_prefix=f"/api/v1/{name}")``, in ``app/api/<name>/``.

    Only the blueprints named in UNPREFIXED_BLUEPRINTS may leave out ``url_prefix``.
    Registering a blueprint with a ``url_prefix`` of its own would move it, so
    that is reported too.
    """
    parts = PurePosixPath(source.path).parts
    package = parts[2] if parts[:2] == ("app", "api") and len(parts) > 3 else None
    violations = []
    for node in walk(source.tree):
        if not isinstance(node, ast.Call):
            continue
        problem = prefix_problem(node, package) if is_blueprint_call(node) else None
        if is_prefixed_registration(node):
            problem = "register_blueprint() overrides the blueprint's url_prefix"
        if problem is not None:
            violations.append(source.violation(node, problem, rules.BLUEPRINT_PREFIX))
    return violations
