"""No secret is written into the code: they come from the environment."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from tests.conventions import rules
from tests.conventions.core import SourceFile, Violation, walk

WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
SECRET_WORDS = frozenset(
    {"secret", "password", "passwd", "pwd", "passphrase", "token", "key", "apikey", "credential"}
)
# A last word like these names something about a secret, not the secret itself:
# PASSWORD_HASH_METHOD = "scrypt", JWT_TOKEN_LOCATION = "headers", TOKEN_TYPE = "Bearer".
DESCRIPTIVE_WORDS = frozenset(
    {"method", "algorithm", "header", "location", "type", "name", "field", "length", "prefix"}
)
# The development default (settings/__init__.py): allowed only while the same module
# refuses it somewhere (secret_problem compares every secret against it).
GUARDED_DEFAULTS = frozenset({"DEVELOPMENT_SECRET"})


def is_secret_name(name: str) -> bool:
    words = [word.lower().removesuffix("s") for word in WORD.findall(name)]
    return bool(SECRET_WORDS & set(words)) and words[-1] not in DESCRIPTIVE_WORDS


def literal_text(value: ast.expr | None) -> str | None:
    """A non-empty string literal, or one given as ``default=`` (pydantic's Field)."""
    if isinstance(value, ast.Call):
        value = next((kw.value for kw in value.keywords if kw.arg == "default"), None)
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
        return value.value
    return None


def target_name(target: ast.expr) -> str:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = target.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
    return ""


def named_values(tree: ast.AST) -> Iterator[tuple[ast.AST, str, ast.expr | None]]:
    """(node, name, value) for assignments, keyword arguments and dict entries."""
    for node in walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                yield node, target_name(target), node.value
        elif isinstance(node, ast.AnnAssign):
            yield node, target_name(node.target), node.value
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                yield keyword.value, keyword.arg or "", keyword.value
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    yield key, key.value, value


def refused_names(tree: ast.AST) -> set[str]:
    """Names that some comparison in the module checks a value against."""
    return {
        operand.id
        for node in walk(tree)
        if isinstance(node, ast.Compare)
        for operand in [node.left, *node.comparators]
        if isinstance(operand, ast.Name)
    }


def check_hardcoded_secrets(source: SourceFile) -> list[Violation]:
    """A string literal bound to a secret-like name (SECRET, PASSWORD, TOKEN, KEY, ...)."""
    allowed = GUARDED_DEFAULTS & refused_names(source.tree)
    violations = []
    for node, name, value in named_values(source.tree):
        if name in allowed or not is_secret_name(name) or literal_text(value) is None:
            continue
        message = f"`{name}` is set to a string literal; read it from the environment"
        violations.append(source.violation(node, message, rules.NO_SECRETS))
    return violations
