"""What every check shares: the violation it reports and the source it reads."""

from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Everything the project's own Python lives in: its packages and the modules beside them.
ALL_CODE = ("app", "migrations", "settings", "tests", "*.py")
APP_CODE = ("app",)
SKIPPED_DIRECTORIES = frozenset({"__pycache__", ".venv", "venv", "node_modules"})


@dataclass(frozen=True)
class Violation:
    """One broken rule: where, what exactly, and the rule it breaks."""

    path: str
    line: int
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}\n    rule: {self.rule}"


@dataclass(frozen=True)
class SourceFile:
    """A parsed Python module; ``path`` is relative to the project root."""

    path: str
    tree: ast.Module = field(repr=False)

    def violation(self, node: ast.AST | None, message: str, rule: str) -> Violation:
        """A violation at ``node``'s line, or at line 1 for the module as a whole."""
        return Violation(self.path, getattr(node, "lineno", 1), message, rule)


SourceCheck = Callable[[SourceFile], list[Violation]]


def parse_source(path: str, text: str) -> SourceFile:
    return SourceFile(path, ast.parse(text, filename=path))


def python_files(root: Path, scope: tuple[str, ...]) -> Iterator[Path]:
    """The ``.py`` files under each folder, file or glob of ``scope`` that exist under ``root``."""
    for entry in scope:
        path = root / entry
        if "*" in entry:
            yield from sorted(found for found in root.glob(entry) if found.is_file())
        elif path.is_file():
            yield path
        elif path.is_dir():
            for found in sorted(path.rglob("*.py")):
                parts = found.relative_to(root).parts
                if not SKIPPED_DIRECTORIES & set(parts) and not any(
                    part.startswith(".") for part in parts
                ):
                    yield found


@functools.cache
def load_sources(root: Path, scope: tuple[str, ...]) -> tuple[SourceFile, ...]:
    """The parsed modules of ``scope``, read once: every check reads the same files."""
    return tuple(load_source(root, path) for path in python_files(root, scope))


@functools.cache
def load_source(root: Path, path: Path) -> SourceFile:
    """One module, parsed once for every scope it is in."""
    return parse_source(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))


def forget_sources() -> None:
    """Drop every parsed module and walk: once the checks are done, the garbage
    collector would otherwise scan their hundred thousand nodes to the end of the run."""
    load_sources.cache_clear()
    load_source.cache_clear()
    walk.cache_clear()


def run_check(check: SourceCheck, sources: Sequence[SourceFile]) -> list[Violation]:
    return [violation for source in sources for violation in check(source)]


@functools.cache
def walk(tree: ast.AST) -> tuple[ast.AST, ...]:
    """Every node under ``tree`` in source order, so violations come out line by line.

    Each check walks the same trees; the sorted walk is kept, not repeated.
    """
    return tuple(
        sorted(
            ast.walk(tree),
            key=lambda node: (getattr(node, "lineno", 0), getattr(node, "col_offset", 0)),
        )
    )


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    return (node for node in walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef))


def dotted_name(node: ast.expr) -> str:
    """``a.b.c`` for a chain of names and attributes; empty for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        prefix = dotted_name(node.value)
        return f"{prefix}.{node.attr}" if prefix else ""
    return ""


def without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    first = body[0] if body else None
    is_docstring = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    return body[1:] if is_docstring else body


def definition_site(
    cls: type, attribute: str | None = None, root: Path = PROJECT_ROOT
) -> tuple[str, int]:
    """File (relative to ``root`` when inside it) and line where ``cls`` or its attribute is set."""
    try:
        source_file = inspect.getsourcefile(cls) or cls.__module__
        lines, class_line = inspect.getsourcelines(cls)
    except (OSError, TypeError):
        return cls.__module__, 1
    path = Path(source_file)
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    class_node = ast.parse(textwrap.dedent("".join(lines))).body[0]
    for node in class_node.body if isinstance(class_node, ast.ClassDef) else []:
        if attribute is not None and attribute in assigned_names(node):
            return shown, class_line + node.lineno - 1
    return shown, class_line


def assigned_names(node: ast.stmt) -> set[str]:
    """The plain names a statement of a class body binds: ``x = ...``, ``x: T = ...``."""
    targets = node.targets if isinstance(node, ast.Assign) else []
    if isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return {target.id for target in targets if isinstance(target, ast.Name)}
