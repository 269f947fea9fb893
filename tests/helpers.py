"""Paths, bake variants and the one subprocess helper the template's tests share."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
HOOKS_DIR = TEMPLATE_DIR / "hooks"
TEMPLATE_PROJECT_DIR = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
NAMING_MODULE = TEMPLATE_PROJECT_DIR / "scaffold/naming.py"
# `cookiecutter.x` left unrendered; `.cookiecutter.json`, the answers file, is no leftover.
LEFTOVER_JINJA = re.compile(rb"\{\{|\{%|(?<![.\w])cookiecutter\.\w")
# Flask's own Jinja templates: copied as they are (`_copy_without_render`).
FLASK_TEMPLATES = "app/templates/"
# The domain skeleton, kept for `flask scaffold domain` as _skeleton/<path> + ".jinja".
SCAFFOLD_TEMPLATES = "scaffold/templates/"

# Settings a developer's shell may carry that would change how a baked project behaves.
LEAKY_VARIABLES = (
    "APP_ENV",
    "DATABASE_URL",
    "TEST_DATABASE_URL",
    "REDIS_URL",
    "TEST_REDIS_URL",
    "CACHE_TYPE",
    "CACHE_DIR",
    "SECRET_KEY",
    "JWT_SECRET_KEY",
    "FLASK_APP",
)

# A good answer to every prompt, as cookiecutter hands the answers to the hooks.
GOOD_CONTEXT: dict[str, str | bool] = {
    "project_name": "My Flask API",
    "project_slug": "my_flask_api",
    "description": "A REST API built with Flask.",
    "author_name": "Ada Lovelace",
    "email": "ada@example.com",
    "version": "0.1.0",
    "python_version": "3.11",
    "domains": "posts",
    "auth": "jwt",
    "email_verification": False,
    "database": "sqlite",
    "use_redis": False,
    "background_jobs": "none",
    "use_docker": True,
    "ci": "github",
}

# The `bake_variant` fixture: variant name -> baked project directory.
BakeVariant = Callable[[str], Path]

# Lists (filter, private): a filter on every filterable type (edition is nullable),
# a field without one (remark), and a private domain with filters of its own.
LIST_DOMAINS = (
    "authors, books(title:str filter, summary:text filter, pages:int filter, "
    "rating:float filter, in_print:bool filter, released:date filter, "
    "published_at:datetime filter, isbn:uuid filter, price:decimal filter, "
    "author:ref filter, edition:int? filter, remark:str?), "
    "private notes(topic:str filter, body:text filter, due:date? filter, book:ref filter)"
)

# Answer sets baked once per test session (per xdist worker) and checked in depth.
VARIANTS: dict[str, dict[str, str | bool]] = {
    "default": {},
    "auth_none": {"auth": "none"},
    "one_domain": {"domains": "articles"},
    "four_domains": {"domains": "posts, comments, tags, categories"},
    "tricky_names": {"domains": "blog_posts,categories , addresses", "python_version": "3.13"},
    # The longest names allowed (the longest private), and singulars that are a keyword
    # or a builtin.
    "edge_names": {"domains": "private customer_support_tickets, acknowledgements, classes, types"},
    "postgres_redis": {"database": "postgresql", "use_redis": True, "domains": "posts, comments"},
    # Deployment files: GitLab CI with both servers; then neither Docker nor CI.
    "gitlab_ci": {
        "ci": "gitlab",
        "database": "postgresql",
        "use_redis": True,
        "auth": "none",
        "python_version": "3.12",
    },
    "no_docker_no_ci": {"use_docker": False, "ci": "none"},
    # With the variants above, every auth x database x Redis combination is baked.
    "jwt_postgres": {"database": "postgresql"},
    "jwt_redis": {"use_redis": True, "domains": "orders, order_items"},
    "none_redis": {"auth": "none", "use_redis": True},
    "none_postgres": {"auth": "none", "database": "postgresql"},
    # Background jobs on Celery (Redis is its broker): with accounts (mail on the
    # worker) on SQLite and on PostgreSQL, and without accounts (no mail at all).
    "celery": {"use_redis": True, "background_jobs": "celery"},
    "celery_postgres": {
        "use_redis": True,
        "background_jobs": "celery",
        "database": "postgresql",
        "email_verification": True,
    },
    "none_celery": {"auth": "none", "use_redis": True, "background_jobs": "celery"},
    # The account options: tokens in cookies, and email verification.
    "jwt_cookies": {"auth": "jwt-cookies", "domains": "posts, comments"},
    "email_verification": {"email_verification": True},
    # Field specs: every type, defaults, nullable fields (`?` or `=null`) and refs by
    # singular (author:ref) and by plural (co_author:ref(authors)?).
    "field_specs": {
        "domains": (
            "authors(name:str, bio:text?, born:date=null, age:int=0, rating:float=1.5, "
            "active:bool=true, joined:datetime?, key:uuid?, fee:decimal=2.50, extra:json?, "
            'motto:str="hi"), books(title:str, author:ref, pages:int, price:decimal, '
            "meta:json, released:datetime, isbn:uuid, co_author:ref(authors)?)"
        )
    },
    # The indexes of lists and the plans that use them: tests/test_list_queries.py.
    "list_filters": {"domains": LIST_DOMAINS},
    "list_filters_postgres": {"domains": LIST_DOMAINS, "database": "postgresql"},
    # A private domain whose lists Redis caches for every worker.
    "private_redis": {"use_redis": True, "domains": "posts, private notes(body:text filter)"},
}


def load_hook(name: str) -> ModuleType:
    """Import hooks/<name>.py as it is in the repository, unrendered."""
    return load_module(HOOKS_DIR / f"{name}.py")


def load_naming() -> ModuleType:
    """The domain naming rules a bake ships in scaffold/naming.py (no Jinja in it).
    Compiled here, not imported: an import would leave __pycache__ in the template."""
    module = ModuleType("naming")
    source = NAMING_MODULE.read_text(encoding="utf-8")
    exec(compile(source, NAMING_MODULE, "exec"), module.__dict__)
    return module


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clean_env(**overrides: str) -> dict[str, str]:
    """This process's environment without settings that leak into a baked project."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in LEAKY_VARIABLES and not name.startswith(("PYTEST_", "FLASK_"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env | overrides


def run_ok(
    args: Sequence[str | Path], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion and fail the test, showing its output, unless it exits 0."""
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=dict(env) if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    command = " ".join(result.args)
    assert result.returncode == 0, (
        f"`{command}` in {cwd} exited {result.returncode}\n"
        f"--- stdout\n{result.stdout[-8000:]}\n--- stderr\n{result.stderr[-8000:]}"
    )
    return result


def write_openapi_snapshot(project: Path) -> None:
    """What a user does once after baking: write openapi.json, which the baked suite
    compares with the served document (and, under CI, requires)."""
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "openapi", "write", "openapi.json"]
    run_ok(command, project)


def leftover_jinja(project: Path, files: Iterable[str]) -> list[str]:
    """Baked files that still hold cookiecutter's Jinja, or Flask templates and
    scaffold templates that are not byte for byte the template's."""
    leftovers = []
    for path in files:
        baked = (project / path).read_bytes()
        if path.startswith((FLASK_TEMPLATES, SCAFFOLD_TEMPLATES)):
            source = path
            if path.startswith(SCAFFOLD_TEMPLATES):
                skeleton = path.removeprefix(SCAFFOLD_TEMPLATES).removesuffix(".jinja")
                source = f"_skeleton/{skeleton}"
            copied = baked == (TEMPLATE_PROJECT_DIR / source).read_bytes()
            if not copied:
                leftovers.append(path)
        elif LEFTOVER_JINJA.search(baked):
            leftovers.append(path)
    return leftovers


def assert_one_problem(naming: ModuleType, domains: str, named: str, reason: str) -> None:
    """The ``domains`` answer has exactly one problem: it names the bad part and says why."""
    [problem] = naming.domain_list_problems(domains)
    assert str(problem).startswith(f"domains: {named} ")
    assert reason in str(problem)
