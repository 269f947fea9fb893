"""What the project already has, read from its files: a new domain must not collide."""

from __future__ import annotations

import ast
from pathlib import Path

from scaffold import naming, render

ANSWER = "domain"


def api_packages(root: Path) -> list[str]:
    """The blueprint packages under app/api: the domains and the built-in ones."""
    return sorted(path.parent.name for path in (root / "app/api").glob("*/routes.py"))


def model_classes(root: Path) -> set[str]:
    """The class names listed in ``app.models.__all__``."""
    tree = ast.parse((root / "app/models/__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return {ast.literal_eval(element) for element in getattr(node.value, "elts", [])}
    return set()


def table_names(root: Path) -> set[str]:
    """Every ``__tablename__`` set in app/models."""
    tables = set()
    for path in (root / "app/models").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                tables.add(str(node.value.value))
    return tables


def collision_reason(root: Path, names: naming.DomainNames) -> str | None:
    """Why the project cannot take this domain, or None when it can."""
    for path in (
        f"app/api/{names['name']}",
        f"app/models/{names['module']}.py",
        f"tests/test_{names['name']}",
    ):
        if (root / path).exists():
            return f"collides with {path}, which already exists"
    if names["class_name"] in model_classes(root):
        return f"would make a model {names['class_name']!r}, which the project already has"
    if names["name"] in table_names(root):
        return f"would make a table {names['name']!r}, which the project already has"
    for existing in api_packages(root):
        if naming.singularize(existing) == names["singular"]:
            return f"shares the singular {names['singular']!r} with the domain {existing!r}"
    return None


def known_domains(root: Path) -> dict[str, str]:
    """The singular and plural of each domain the project has -> its plural: what a
    new domain's ref fields may point at."""
    domains = [name for name in api_packages(root) if name not in naming.RESERVED_DOMAINS]
    return {spelling: name for name in domains for spelling in (name, naming.singularize(name))}


def domain_problems(root: Path, requested: list[str]) -> list[naming.Problem]:
    """Every reason the requested domains cannot be added; empty when all is well.

    The bake's rules first (spelling, reserved names, repeats, field specs), then
    what this project already has.
    """
    raw = ", ".join(requested)
    owners = render.bake_options()["use_jwt"]
    problems = naming.domain_list_problems(raw, ANSWER, known_domains(root), owners=owners)
    for name in dict.fromkeys(naming.split_domains(raw)):
        if naming.domain_reason(name) is None:
            reason = collision_reason(root, naming.domain_names(name))
            if reason:
                problems.append(naming.Problem(ANSWER, name, reason))
    return problems
