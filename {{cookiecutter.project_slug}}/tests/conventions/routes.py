"""Route-handler rules, read from the syntax tree of each module."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from tests.conventions import rules
from tests.conventions.blueprints import is_blueprint_call
from tests.conventions.core import SourceFile, Violation, dotted_name, walk, without_docstring

ROUTE_METHODS = frozenset({"get", "post", "put", "patch", "delete", "route"})
# "Under 15 lines": counted from the first statement after the docstring to the end
# of the last one, blank and comment lines between them included.
MAX_HANDLER_BODY_LINES = 14
Handler = ast.FunctionDef | ast.AsyncFunctionDef
# Returns inside these belong to them, not to the handler around them.
OWN_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def route_handlers(tree: ast.Module) -> Iterator[Handler]:
    """Functions decorated with ``@<blueprint>.get(...)`` and the like.

    A blueprint is a name bound to ``Blueprint(...)`` in the module, or ``bp``, the
    name every blueprint of the project has (so routes split across modules count).
    """
    blueprints = {"bp"}
    for node in walk(tree):
        if isinstance(node, ast.Assign) and is_blueprint_call(node.value):
            blueprints |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    for node in walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr in ROUTE_METHODS
                    and dotted_name(target.value) in blueprints
                ):
                    yield node
                    break


def body_line_count(function: Handler) -> int:
    """Lines from the first statement after the docstring to the end of the last one."""
    body = without_docstring(function.body)
    if not body:
        return 0
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def check_handler_length(source: SourceFile) -> list[Violation]:
    violations = []
    for handler in route_handlers(source.tree):
        length = body_line_count(handler)
        if length > MAX_HANDLER_BODY_LINES:
            message = (
                f"route handler `{handler.name}` has {length} body lines "
                f"(at most {MAX_HANDLER_BODY_LINES}, docstring not counted); move logic to services"
            )
            violations.append(source.violation(handler, message, rules.HANDLER_LENGTH))
    return violations


def own_returns(node: ast.AST) -> Iterator[ast.Return]:
    """The ``return`` statements of a function, not of functions or classes nested in it."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Return):
            yield child
        if not isinstance(child, OWN_SCOPES):
            yield from own_returns(child)


def is_explicit_status(node: ast.expr) -> bool:
    """An int literal, or a member of ``HTTPStatus``."""
    if isinstance(node, ast.Constant):
        return type(node.value) is int
    return "HTTPStatus" in dotted_name(node).split(".")[:-1]


def check_explicit_status(source: SourceFile) -> list[Violation]:
    """Every ``return`` of a handler is ``body, <status>`` with the status written out."""
    violations = []
    for handler in route_handlers(source.tree):
        returns = list(own_returns(handler))
        if not returns:
            message = f"route handler `{handler.name}` never returns a response and status"
            violations.append(source.violation(handler, message, rules.EXPLICIT_STATUS))
        for statement in returns:
            value = statement.value
            if not (
                isinstance(value, ast.Tuple)
                and len(value.elts) >= 2
                and is_explicit_status(value.elts[1])
            ):
                message = (
                    f"route handler `{handler.name}` returns without an explicit status: "
                    "return `jsonify(...), 200` (for an error, raise an APIError)"
                )
                violations.append(source.violation(statement, message, rules.EXPLICIT_STATUS))
    return violations
