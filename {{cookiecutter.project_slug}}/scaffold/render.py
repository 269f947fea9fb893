"""Render the domain skeleton that the bake kept, for one new domain."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# The options the project was baked with (auth, database, ...), as the skeleton reads them.
OPTIONS_FILE = Path(__file__).resolve().parent / "options.json"
SUFFIX = ".jinja"
FACTORY_TEMPLATE = "partials/domain_factory.py.jinja"


def bake_options() -> dict[str, Any]:
    options: dict[str, Any] = json.loads(OPTIONS_FILE.read_text(encoding="utf-8"))
    return options


def environment(templates: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """The settings the skeleton is rendered with, here and by the template's post-gen
    hook (which runs this module from the new project), so both write the same files."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 (renders Python source, not HTML)
    )


def target_path(relative: str, names: Mapping[str, Any]) -> str:
    """domain/app/models/__module__.py.jinja -> app/models/blog_post.py."""
    path = relative.removeprefix("domain/").removesuffix(SUFFIX)
    return path.replace("__domain__", names["name"]).replace("__module__", names["module"])


def domain_files(names: Mapping[str, Any]) -> dict[str, str]:
    """Every file of the new domain (its spellings and described fields, as
    ``columns.with_fields`` gives them): its path in the project -> its text."""
    env, context = environment(), {**bake_options(), "domain": names}
    files = {}
    for source in sorted((TEMPLATES_DIR / "domain").rglob(f"*{SUFFIX}")):
        relative = source.relative_to(TEMPLATES_DIR).as_posix()
        files[target_path(relative, names)] = env.get_template(relative).render(context)
    return files


def factory_class(names: Mapping[str, Any]) -> str:
    context = {**bake_options(), "domain": names}
    return environment().get_template(FACTORY_TEMPLATE).render(context)
