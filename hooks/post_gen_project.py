"""Render the skeleton that cookiecutter copied unrendered, then tidy up.

`_skeleton/project/` is rendered once with the plan written by pre_gen_project;
`_skeleton/domain/` is rendered once per domain, with `__domain__` and
`__module__` in paths replaced by the domain's name and module name. Files of
options that are switched off are removed last, so a disabled option leaves
nothing behind. This file holds no Jinja: cookiecutter renders hooks itself.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypedDict

import jinja2

PLAN_FILE = Path(".bake-plan.json")
SKELETON_DIR = Path("_skeleton")

# Option in the plan -> paths that exist only while the option is on.
PATHS_OF_OPTION = {
    "use_jwt": (
        "app/api/auth",
        "app/api/users",
        "app/models/user.py",
        "app/models/refresh_token_family.py",
        "tests/test_auth",
        "tests/test_users",
        "tests/auth_fixtures.py",
    ),
    "use_redis": ("tests/redis_fixtures.py",),
    "use_docker": ("Dockerfile", ".dockerignore", "docker-compose.yml"),
    "use_github_ci": (".github",),
    "use_gitlab_ci": (".gitlab-ci.yml",),
}


class Domain(TypedDict):
    name: str
    singular: str
    word: str
    var: str
    module: str
    class_name: str
    label: str
    label_plural: str


class Plan(TypedDict):
    use_jwt: bool
    use_postgresql: bool
    use_redis: bool
    use_docker: bool
    use_github_ci: bool
    use_gitlab_ci: bool
    project_slug: str
    project_name: str
    domains: list[Domain]


def load_plan(path: Path) -> Plan:
    plan: Plan = json.loads(path.read_text(encoding="utf-8"))
    return plan


def make_environment(skeleton: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(skeleton),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )


def template_files(folder: Path) -> Iterator[Path]:
    return (path for path in sorted(folder.rglob("*")) if path.is_file())


def domain_path(relative: Path, domain: Domain) -> Path:
    """Fill the path placeholders: __domain__/__module__.py -> posts/post.py."""
    text = relative.as_posix().replace("__domain__", domain["name"])
    return Path(text.replace("__module__", domain["module"]))


def render_file(env: jinja2.Environment, source: Path, target: Path, context: Any) -> None:
    # Two sources for one target (say, a domain file without a placeholder in its
    # path) would silently keep only the last rendering.
    if target.exists():
        raise FileExistsError(f"{source} would overwrite {target}, which already exists")
    name = source.relative_to(SKELETON_DIR).as_posix()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(env.get_template(name).render(context), encoding="utf-8")
    shutil.copymode(source, target)


def render_project(env: jinja2.Environment, plan: Plan) -> None:
    folder = SKELETON_DIR / "project"
    for source in template_files(folder):
        render_file(env, source, source.relative_to(folder), plan)


def render_domain(env: jinja2.Environment, plan: Plan, domain: Domain) -> None:
    folder = SKELETON_DIR / "domain"
    for source in template_files(folder):
        target = domain_path(source.relative_to(folder), domain)
        render_file(env, source, target, {**plan, "domain": domain})


def disabled_paths(plan: Plan) -> list[Path]:
    options: dict[str, Any] = dict(plan)
    return [
        Path(path)
        for option, paths in PATHS_OF_OPTION.items()
        if not options[option]
        for path in paths
    ]


def remove(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def main() -> None:
    plan = load_plan(PLAN_FILE)
    env = make_environment(SKELETON_DIR)
    render_project(env, plan)
    for domain in plan["domains"]:
        render_domain(env, plan, domain)
    remove(disabled_paths(plan))
    remove([SKELETON_DIR, PLAN_FILE])


if __name__ == "__main__":
    main()
