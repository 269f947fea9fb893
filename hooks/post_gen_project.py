"""Render the skeleton that cookiecutter copied unrendered, tidy up, say what is next.

The domain names, checked before the bake began, are spelled first by the
project's own `scaffold/naming.py`. `_skeleton/project/` is rendered once with
the plan written by pre_gen_project; `_skeleton/domain/` is rendered once per
domain, with `__domain__` and `__module__` in paths replaced by the domain's name
and module name, with the Jinja settings of the project's `scaffold/render.py`,
which `flask scaffold domain` uses too. The domain skeleton and its partials, with
the options of this bake, stay in `scaffold/` for `flask scaffold domain`. Files
of options that are switched off are removed last, so a disabled option leaves
nothing behind. Last, the next steps are printed. This file holds no Jinja:
cookiecutter renders hooks itself.
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, TypedDict

import jinja2

PLAN_FILE = Path(".bake-plan.json")
SKELETON_DIR = Path("_skeleton")
SCAFFOLD_DIR = Path("scaffold")
NAMING_MODULE = SCAFFOLD_DIR / "naming.py"
COLUMNS_MODULE = SCAFFOLD_DIR / "columns.py"
RENDER_MODULE = SCAFFOLD_DIR / "render.py"
# The parts of the skeleton that `flask scaffold domain` renders, each file kept
# with this suffix so that no tool takes it for Python.
SHIPPED_SKELETON = ("domain", "partials")
SHIPPED_SUFFIX = ".jinja"
SHIPPED_OPTIONS = SCAFFOLD_DIR / "options.json"

# Option in the plan -> paths that exist only while the option is on (a path under
# two options, only while both are).
PATHS_OF_OPTION = {
    "use_jwt": (
        "app/api/auth",
        "app/api/users",
        "app/models/user.py",
        "app/models/refresh_token_family.py",
        "tests/test_auth",
        "tests/test_users",
        "tests/auth_fixtures.py",
        "tests/bearer_tokens.py",
        "app/mail.py",
        "app/outbox.py",
        "app/mail_delivery.py",
        "app/mail_commands.py",
        "app/tasks/mail.py",
        "app/models/outbox_message.py",
        "app/templates/mail",
        "tests/test_mail",
        "app/auth_extensions.py",
        "settings/accounts.py",
        "settings/mail_tasks.py",
    ),
    "use_redis": ("tests/redis_fixtures.py", "settings/redis.py"),
    "use_file_cache": (
        "settings/file_cache.py",
        "tests/file_cache_fixtures.py",
        "tests/test_file_cache.py",
    ),
    "use_celery": (
        "app/worker.py",
        "app/tasks",
        "tests/test_worker.py",
        "tests/test_mail/test_mail_tasks.py",
        "settings/celery.py",
        "settings/mail_tasks.py",
    ),
    "use_docker": ("Dockerfile", ".dockerignore", "docker-compose.yml"),
    "use_github_ci": (".github",),
    "use_gitlab_ci": (".gitlab-ci.yml", "renovate.json"),
    "use_jwt_cookies": (
        "app/api/auth/cookie_tokens.py",
        "settings/cookie_tokens.py",
        "tests/cookie_tokens.py",
        "tests/test_auth/test_cookies.py",
    ),
    "use_email_verification": (
        "app/api/auth/verification.py",
        "app/api/auth/verification_routes.py",
        "app/templates/mail/verify_email.txt",
        "settings/verification.py",
        "tests/test_auth/test_verification.py",
    ),
}

# Option in the plan -> paths that the option's own files replace.
PATHS_REPLACED_BY_OPTION = {
    "use_redis": ("settings/memory.py",),
    "use_celery": ("app/mail_delivery.py", "tests/test_mail/test_mail_delivery.py"),
    "use_jwt_cookies": ("app/api/auth/bearer_tokens.py", "tests/bearer_tokens.py"),
    "use_email_verification": ("app/api/auth/sign_up.py",),
}


# Every spelling of one domain, as scaffold/naming.py's domain_names() gives it,
# with its fields described by scaffold/columns.py's with_fields().
Domain = dict[str, Any]


class Plan(TypedDict):
    use_jwt: bool
    use_postgresql: bool
    use_redis: bool
    use_file_cache: bool
    use_celery: bool
    use_docker: bool
    use_github_ci: bool
    use_gitlab_ci: bool
    use_jwt_cookies: bool
    use_email_verification: bool
    project_slug: str
    project_name: str
    domains: str


def load_plan(path: Path) -> Plan:
    plan: Plan = json.loads(path.read_text(encoding="utf-8"))
    return plan


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


def load_baked_module(path: Path) -> ModuleType:
    """One of the project's scaffold modules (naming rules, field descriptions, the Jinja
    settings), from the file this bake just wrote; compiled here rather than imported,
    so no __pycache__ is left."""
    module = ModuleType(f"baked_{path.stem}")
    module.__file__ = str(path.resolve())
    exec(compile(path.read_text(encoding="utf-8"), path, "exec"), module.__dict__)
    return module


def spelled_domains(
    naming: ModuleType, columns: ModuleType, answer: str, *, postgresql: bool
) -> list[Domain]:
    """Every spelling of each domain answered (pre_gen_project checked them), with its
    fields and its list."""
    fields, private = naming.domain_fields(answer), naming.private_domains(answer)
    return [
        columns.with_fields(
            naming.domain_names(name),
            fields[name],
            naming.domain_names,
            private=name in private,
            postgresql=postgresql,
        )
        for name in naming.split_domains(answer)
    ]


def render_project(env: jinja2.Environment, context: dict[str, Any]) -> None:
    folder = SKELETON_DIR / "project"
    for source in template_files(folder):
        render_file(env, source, source.relative_to(folder), context)


def render_domain(env: jinja2.Environment, context: dict[str, Any], domain: Domain) -> None:
    folder = SKELETON_DIR / "domain"
    for source in template_files(folder):
        target = domain_path(source.relative_to(folder), domain)
        render_file(env, source, target, {**context, "domain": domain})


def ship_scaffold(plan: Plan) -> None:
    """Keep the domain skeleton and this bake's options for `flask scaffold domain`."""
    for part in SHIPPED_SKELETON:
        for source in template_files(SKELETON_DIR / part):
            relative = source.relative_to(SKELETON_DIR).as_posix()
            target = SCAFFOLD_DIR / "templates" / f"{relative}{SHIPPED_SUFFIX}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    options = {key: value for key, value in plan.items() if key != "domains"}
    SHIPPED_OPTIONS.write_text(
        json.dumps(options, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def disabled_paths(plan: Plan) -> list[Path]:
    options: dict[str, Any] = dict(plan)
    return [
        Path(path)
        for option, paths in PATHS_OF_OPTION.items()
        if not options[option]
        for path in paths
    ] + [
        Path(path)
        for option, paths in PATHS_REPLACED_BY_OPTION.items()
        if options[option]
        for path in paths
    ]


def remove(paths: Iterable[Path]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def next_steps(project: Path, plan: Plan) -> str:
    """What to type after a bake: install, migrate, run, test."""
    database = [f"createdb {plan['project_slug']}   # or set DATABASE_URL in .env"]
    steps = [
        f"cd {shlex.quote(str(project))}",
        "uv sync   # makes .venv and uv.lock (commit it); without uv, see README.md",
        *(database if plan["use_postgresql"] else []),
        ".venv/bin/flask --app wsgi db upgrade",
        ".venv/bin/flask --app wsgi run   # API docs on http://127.0.0.1:5000/api/v1/docs",
        ".venv/bin/pytest",
    ]
    return "\n".join(
        [
            f"Baked {plan['project_name']} in {project}. Next:",
            *(f"  {step}" for step in steps),
            "Its README.md says how to configure, deploy and add domains.",
        ]
    )


def main() -> None:
    plan = load_plan(PLAN_FILE)
    naming, columns = load_baked_module(NAMING_MODULE), load_baked_module(COLUMNS_MODULE)
    domains = spelled_domains(naming, columns, plan["domains"], postgresql=plan["use_postgresql"])
    context = {**plan, "domains": domains}
    env: jinja2.Environment = load_baked_module(RENDER_MODULE).environment(SKELETON_DIR)
    render_project(env, context)
    for domain in domains:
        render_domain(env, context, domain)
    ship_scaffold(plan)
    remove(disabled_paths(plan))
    remove([SKELETON_DIR, PLAN_FILE])
    print(next_steps(Path.cwd(), plan))


if __name__ == "__main__":
    main()
