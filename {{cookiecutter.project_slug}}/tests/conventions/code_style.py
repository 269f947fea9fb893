"""Rules every module follows: postponed annotations, full type hints, pathlib."""

from __future__ import annotations

import ast

from tests.conventions import rules
from tests.conventions.core import (
    SourceFile,
    Violation,
    dotted_name,
    functions,
    walk,
    without_docstring,
)


def check_future_annotations(source: SourceFile) -> list[Violation]:
    """A module with code imports ``from __future__ import annotations``.

    A module of nothing but a docstring is empty here, as it is for ruff's
    ``required-imports``, which would not add the import to it either.
    """
    if not without_docstring(source.tree.body):
        return []
    for node in source.tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "__future__"
            and any(alias.name == "annotations" for alias in node.names)
        ):
            return []
    message = "module lacks `from __future__ import annotations`"
    return [source.violation(None, message, rules.FUTURE_ANNOTATIONS)]


def check_type_hints(source: SourceFile) -> list[Violation]:
    """Every parameter and every return of every function, nested ones too, is annotated.

    The first parameter of a method (``self``, ``cls``) is exempt, as in ruff's ANN
    rules; a ``@staticmethod`` has no such parameter. Lambdas cannot be annotated.
    """
    methods = {
        id(node)
        for parent in walk(source.tree)
        if isinstance(parent, ast.ClassDef)
        for node in parent.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and not any(dotted_name(item) == "staticmethod" for item in node.decorator_list)
    }
    violations = []
    for function in functions(source.tree):
        missing = unannotated_parameters(function, is_method=id(function) in methods)
        if function.returns is None:
            missing.append("the return")
        if missing:
            message = f"`{function.name}` has no type hint for {', '.join(missing)}"
            violations.append(source.violation(function, message, rules.TYPE_HINTS))
    return violations


def unannotated_parameters(
    function: ast.FunctionDef | ast.AsyncFunctionDef, *, is_method: bool
) -> list[str]:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    if is_method:
        positional = positional[1:]
    named = [*positional, *arguments.kwonlyargs]
    starred = [
        (prefix, argument)
        for prefix, argument in (("*", arguments.vararg), ("**", arguments.kwarg))
        if argument is not None
    ]
    missing = [f"`{argument.arg}`" for argument in named if argument.annotation is None]
    missing += [f"`{prefix}{arg.arg}`" for prefix, arg in starred if arg.annotation is None]
    return missing


def check_no_os_path(source: SourceFile) -> list[Violation]:
    """No ``os.path``: not imported, not used as an attribute; ``pathlib.Path`` does it all."""
    violations = []
    for node in walk(source.tree):
        if is_os_path(node):
            message = "uses `os.path`; use `pathlib.Path`"
            violations.append(source.violation(node, message, rules.PATHLIB))
    return violations


def is_os_path(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[:2] == ["os", "path"] for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        from_os = node.module == "os" and any(alias.name == "path" for alias in node.names)
        return from_os or node.module == "os.path"
    return isinstance(node, ast.Attribute) and dotted_name(node) == "os.path"
