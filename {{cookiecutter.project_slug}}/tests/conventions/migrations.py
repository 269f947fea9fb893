"""Every migration can be rolled back."""

from __future__ import annotations

import ast

from tests.conventions import rules
from tests.conventions.core import SourceFile, Violation, without_docstring


def check_downgrade(source: SourceFile) -> list[Violation]:
    """A module-level ``downgrade()`` exists and does something.

    A body of only ``pass``, ``...`` or a docstring (comments are not code) counts
    as empty: Alembic writes exactly that when autogenerate saw no change to undo.
    """
    downgrade = next(
        (
            node
            for node in source.tree.body
            if isinstance(node, ast.FunctionDef) and node.name == "downgrade"
        ),
        None,
    )
    if downgrade is None:
        message = "migration has no `downgrade()`; write one that undoes `upgrade()`"
        return [source.violation(None, message, rules.DOWNGRADE)]
    if all(is_placeholder(statement) for statement in without_docstring(downgrade.body)):
        message = "`downgrade()` is empty; make it undo `upgrade()`"
        return [source.violation(downgrade, message, rules.DOWNGRADE)]
    return []


def is_placeholder(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and (statement.value.value is Ellipsis or isinstance(statement.value.value, str))
    )
