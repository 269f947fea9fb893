"""Add a domain to the files that list every domain, in the order the bake writes them.

Each function takes a file's text and returns the new text; nothing is written
here. A file whose listing cannot be found raises ``ListingError``, so the
command stops before it writes anything.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from scaffold.naming import DomainNames


class ListingError(Exception):
    """A file no longer lists its entries in a shape this module can extend."""


LINE_LENGTH = 100
# (sort key, first line, last line) of one entry of a listing; lines count from 1.
Entry = tuple[str, int, int]


def insert_sorted(text: str, where: str, entries: list[Entry], key: str, line: str) -> str:
    """Insert ``line`` among one-line ``entries``, keeping them sorted by key."""
    if not entries:
        raise ListingError(f"{where}: found nothing to add {line.strip()!r} next to")
    lines = text.splitlines(keepends=True)
    later = [start for entry_key, start, _ in entries if entry_key > key]
    index = later[0] - 1 if later else entries[-1][2]
    lines.insert(index, line + "\n")
    return "".join(lines)


def replace_lines(text: str, node: ast.stmt, replacement: str) -> str:
    lines = text.splitlines(keepends=True)
    end = node.end_lineno or node.lineno
    return "".join([*lines[: node.lineno - 1], replacement + "\n", *lines[end:]])


def import_entries(tree: ast.Module, key: Callable[[ast.ImportFrom], str | None]) -> list[Entry]:
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    return [
        (entry_key, node.lineno, node.end_lineno or node.lineno)
        for node in imports
        if (entry_key := key(node)) is not None
    ]


def blueprint_key(node: ast.ImportFrom) -> str | None:
    """``from app.api.posts.routes import bp as posts_bp`` -> posts."""
    parts = (node.module or "").split(".")
    is_routes = len(parts) == 4 and parts[:2] == ["app", "api"] and parts[3] == "routes"
    return parts[2] if is_routes else None


def registration_entries(tree: ast.Module) -> list[Entry]:
    """Each ``api.register_blueprint(<name>_bp)`` line, keyed by the blueprint's name."""
    entries = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "register_blueprint"
            and node.value.args
            and isinstance(node.value.args[0], ast.Name)
        ):
            name = node.value.args[0].id.removesuffix("_bp")
            entries.append((name, node.lineno, node.end_lineno or node.lineno))
    return entries


def add_blueprint(text: str, names: DomainNames) -> str:
    """app/api/__init__.py: import the domain's blueprint and register it."""
    where, name = "app/api/__init__.py", names["name"]
    registrations = registration_entries(ast.parse(text))
    indent = " " * 4
    if registrations:
        first = text.splitlines()[registrations[0][1] - 1]
        indent = first[: len(first) - len(first.lstrip())]
    line = f"{indent}api.register_blueprint({name}_bp)"
    text = insert_sorted(text, where, registrations, name, line)
    imports = import_entries(ast.parse(text), blueprint_key)
    line = f"from app.api.{name}.routes import bp as {name}_bp"
    return insert_sorted(text, where, imports, name, line)


def model_key(node: ast.ImportFrom) -> str | None:
    """``from app.models.blog_post import BlogPost`` -> blog_post BlogPost."""
    module = node.module or ""
    if not module.startswith("app.models.") or len(node.names) != 1:
        return None
    return f"{module.removeprefix('app.models.')} {node.names[0].name}"


def find_all(tree: ast.Module, where: str) -> ast.Assign:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return node
    raise ListingError(f"{where}: found no __all__ to add the model to")


def add_model(text: str, names: DomainNames) -> str:
    """app/models/__init__.py: import the model and list it in ``__all__``."""
    where, module, class_name = "app/models/__init__.py", names["module"], names["class_name"]
    listed = find_all(ast.parse(text), where)
    exported = sorted({*ast.literal_eval(listed.value), class_name}, key=str.lower)
    body = "".join(f'    "{name}",\n' for name in exported)
    text = replace_lines(text, listed, f"__all__ = [\n{body}]")
    imports = import_entries(ast.parse(text), model_key)
    line = f"from app.models.{module} import {class_name}"
    return insert_sorted(text, where, imports, f"{module} {class_name}", line)


def add_factory(text: str, names: DomainNames, factory: str) -> str:
    """tests/factories.py: import the model and append its factory class."""
    where = "tests/factories.py"
    tree = ast.parse(text)
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "app.models"
    ]
    if not found:
        raise ListingError(f"{where}: found no `from app.models import ...` to extend")
    aliases = {
        alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"
        for alias in found[0].names
    }
    imported = sorted({*aliases, names["class_name"]}, key=str.lower)
    body = "".join(f"    {name},\n" for name in imported)
    text = replace_lines(text, found[0], f"from app.models import (\n{body})")
    return text.rstrip("\n") + "\n\n\n" + factory


def with_import(text: str, module: str, name: str, after: str) -> str:
    """Import ``name`` from ``module``: into its import if there is one, else on a new
    line after the import from ``after``."""
    tree = ast.parse(text)
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    found = [node for node in imports if node.module == module]
    if found:
        names = {alias.name for alias in found[0].names}
        if name in names:
            return text
        joined = ", ".join(sorted({*names, name}, key=lambda each: (not each.isupper(), each)))
        line = f"from {module} import {joined}"
        if len(line) > LINE_LENGTH:
            body = "".join(f"    {each},\n" for each in joined.split(", "))
            line = f"from {module} import (\n{body})"
        return replace_lines(text, found[0], line)
    anchors = [node for node in imports if node.module == after]
    if not anchors:
        raise ListingError(f"tests/factories.py: found no `from {after} import` to follow")
    lines = text.splitlines(keepends=True)
    lines.insert(anchors[0].end_lineno or anchors[0].lineno, f"from {module} import {name}\n")
    return "".join(lines)


def add_factory_imports(text: str, uses: Mapping[str, Any]) -> str:
    """tests/factories.py: the declarations a new factory's fields use."""
    if uses.get("lazy_function"):
        text = with_import(text, "factory.declarations", "LazyFunction", "factory.alchemy")
    if uses.get("sub_factory"):
        text = with_import(text, "factory.declarations", "SubFactory", "factory.alchemy")
    if uses.get("faker"):
        text = with_import(text, "factory.faker", "Faker", "factory.declarations")
    if uses.get("utc_now"):
        text = with_import(text, "app.models.base", "utc_now", "app.models")
    return text
