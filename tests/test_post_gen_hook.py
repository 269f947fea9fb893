"""Unit tests of post_gen_project on a small skeleton written by each test."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import jinja2
import pytest

from tests.helpers import GOOD_CONTEXT, HOOKS_DIR, NAMING_MODULE, load_hook

pre_gen_hook = load_hook("pre_gen_project")

SKELETON = {
    "_skeleton/project/app/models/__init__.py": (
        "{% for domain in domains %}\n"
        "from app.models.{{ domain.module }} import {{ domain.class_name }}\n"
        "{% endfor %}"
    ),
    "_skeleton/project/README.md": "# {{ project_name }}\n{% if use_jwt %}With JWT.\n{% endif %}",
    "_skeleton/domain/app/api/__domain__/routes.py": (
        'bp = Blueprint("{{ domain.name }}", url_prefix="/api/v1/{{ domain.name }}")\n'
    ),
    "_skeleton/domain/app/models/__module__.py": "class {{ domain.class_name }}:\n    pass\n",
    "_skeleton/domain/tests/test___domain__/test_routes.py": "# {{ domain.label_plural }}\n",
    "app/api/auth/routes.py": "auth\n",
    "app/models/user.py": "user\n",
    "tests/test_users/test_me.py": "me\n",
}


def write_project(root: Path, use_jwt: bool, domains: str, extra: dict[str, str]) -> None:
    """Lay out what cookiecutter leaves before post_gen runs: files, skeleton, plan."""
    # The modules the hook runs from the project: naming rules, field descriptions and
    # the Jinja settings.
    naming = {
        f"scaffold/{path.name}": path.read_text(encoding="utf-8")
        for path in (
            NAMING_MODULE,
            NAMING_MODULE.with_name("columns.py"),
            NAMING_MODULE.with_name("render.py"),
        )
    }
    for relative, text in (SKELETON | naming | extra).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    answers: dict[str, str | bool] = {"auth": "jwt" if use_jwt else "none", "domains": domains}
    answers |= {"project_slug": "blog", "project_name": "Blog", "ci": "none", "use_docker": False}
    plan = pre_gen_hook.build_plan(GOOD_CONTEXT | answers)
    (root / ".bake-plan.json").write_text(json.dumps(plan), encoding="utf-8")


def run_hook(
    post_gen: ModuleType,
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    use_jwt: bool = True,
    domains: str = "posts, blog_posts, classes",
    extra: dict[str, str] | None = None,
) -> list[str]:
    """Run main() in a laid-out project and list the files it leaves."""
    write_project(root, use_jwt, domains, extra or {})
    monkeypatch.chdir(root)
    post_gen.main()
    files = (path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())
    return sorted(path for path in files if not path.startswith("scaffold/"))


def test_renders_project_once_and_domain_files_per_domain(
    post_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = run_hook(post_gen, tmp_path, monkeypatch)
    assert files == [
        "README.md",
        "app/api/auth/routes.py",
        "app/api/blog_posts/routes.py",
        "app/api/classes/routes.py",
        "app/api/posts/routes.py",
        "app/models/__init__.py",
        "app/models/blog_post.py",
        "app/models/class_.py",
        "app/models/post.py",
        "app/models/user.py",
        "tests/test_blog_posts/test_routes.py",
        "tests/test_classes/test_routes.py",
        "tests/test_posts/test_routes.py",
        "tests/test_users/test_me.py",
    ]
    assert (tmp_path / "app/models/__init__.py").read_text(encoding="utf-8") == (
        "from app.models.post import Post\n"
        "from app.models.blog_post import BlogPost\n"
        "from app.models.class_ import Class\n"
    )
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Blog\nWith JWT.\n"
    routes = (tmp_path / "app/api/blog_posts/routes.py").read_text(encoding="utf-8")
    assert routes == 'bp = Blueprint("blog_posts", url_prefix="/api/v1/blog_posts")\n'
    label = (tmp_path / "tests/test_blog_posts/test_routes.py").read_text(encoding="utf-8")
    assert label == "# blog posts\n"


def test_without_jwt_removes_auth_users_and_token_files(
    post_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = run_hook(post_gen, tmp_path, monkeypatch, use_jwt=False, domains="posts")
    assert files == [
        "README.md",
        "app/api/posts/routes.py",
        "app/models/__init__.py",
        "app/models/post.py",
        "tests/test_posts/test_routes.py",
    ]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# Blog\n"
    assert not (tmp_path / "app/api/auth").exists()


def test_the_domain_skeleton_and_the_options_ship_for_the_scaffold_command(
    post_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_hook(post_gen, tmp_path, monkeypatch, use_jwt=False, domains="posts")
    shipped = tmp_path / "scaffold"
    assert sorted(path.relative_to(shipped).as_posix() for path in shipped.rglob("*.jinja")) == [
        "templates/domain/app/api/__domain__/routes.py.jinja",
        "templates/domain/app/models/__module__.py.jinja",
        "templates/domain/tests/test___domain__/test_routes.py.jinja",
    ]
    routes = shipped / "templates/domain/app/api/__domain__/routes.py.jinja"
    assert (
        routes.read_text(encoding="utf-8")
        == SKELETON["_skeleton/domain/app/api/__domain__/routes.py"]
    )
    options = json.loads((shipped / "options.json").read_text(encoding="utf-8"))
    assert (options["use_jwt"], options["project_slug"], "domains" in options) == (
        False,
        "blog",
        False,
    )


def test_the_last_words_are_the_next_steps(
    post_gen: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run_hook(post_gen, tmp_path, monkeypatch, domains="posts")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Baked Blog in {tmp_path}. Next:"
    assert lines[-2:] == [
        "  .venv/bin/pytest",
        "Its README.md says how to configure, deploy and add domains.",
    ]


def test_next_steps_install_migrate_run_and_test_in_the_project(post_gen: ModuleType) -> None:
    plan = pre_gen_hook.build_plan(GOOD_CONTEXT)
    assert post_gen.next_steps(Path("/work/my api"), plan).splitlines() == [
        "Baked My Flask API in /work/my api. Next:",
        "  cd '/work/my api'",
        "  uv sync   # makes .venv and uv.lock (commit it); without uv, see README.md",
        "  .venv/bin/flask --app wsgi db upgrade",
        "  .venv/bin/flask --app wsgi run   # API docs on http://127.0.0.1:5000/api/v1/docs",
        "  .venv/bin/pytest",
        "Its README.md says how to configure, deploy and add domains.",
    ]


def test_next_steps_create_the_postgresql_database_first(post_gen: ModuleType) -> None:
    plan = pre_gen_hook.build_plan(GOOD_CONTEXT | {"database": "postgresql"})
    steps = post_gen.next_steps(Path("/srv/api"), plan).splitlines()
    assert steps[3:5] == [
        "  createdb my_flask_api   # or set DATABASE_URL in .env",
        "  .venv/bin/flask --app wsgi db upgrade",
    ]


def test_every_option_on_removes_only_what_an_option_replaces(post_gen: ModuleType) -> None:
    every_option = dict.fromkeys(post_gen.PATHS_OF_OPTION, True)
    replaced = [
        Path("settings/memory.py"),
        Path("app/mail_delivery.py"),
        Path("tests/test_mail/test_mail_delivery.py"),
        Path("app/api/auth/bearer_tokens.py"),
        Path("tests/bearer_tokens.py"),
        Path("app/api/auth/sign_up.py"),
    ]
    assert post_gen.disabled_paths(every_option) == replaced
    without_celery = post_gen.disabled_paths(every_option | {"use_celery": False})
    assert Path("app/worker.py") in without_celery
    assert Path("app/mail_delivery.py") not in without_celery
    without_jwt = post_gen.disabled_paths(every_option | {"use_jwt": False})
    assert Path("app/models/refresh_token_family.py") in without_jwt
    assert Path("Dockerfile") in post_gen.disabled_paths(every_option | {"use_docker": False})


def test_domain_path_fills_both_placeholders(post_gen: ModuleType, naming: ModuleType) -> None:
    domain = naming.domain_names("classes")
    path = post_gen.domain_path(Path("app/__domain__/__module__.py"), domain)
    assert path == Path("app/classes/class_.py")


def test_undefined_template_variable_fails_the_bake(
    post_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = {"_skeleton/project/setup.cfg": "name = {{ project_slugg }}\n"}
    with pytest.raises(jinja2.UndefinedError, match="project_slugg"):
        run_hook(post_gen, tmp_path, monkeypatch, extra=extra)


def test_two_renderings_of_one_path_fail_the_bake(
    post_gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = {"_skeleton/domain/app/models/__init__.py": "{{ domain.var }}\n"}
    with pytest.raises(FileExistsError, match=r"app/models/__init__\.py"):
        run_hook(post_gen, tmp_path, monkeypatch, extra=extra)


def test_hook_holds_no_jinja() -> None:
    source = (HOOKS_DIR / "post_gen_project.py").read_text(encoding="utf-8")
    assert re.search(r"\{\{|\{%|\{#", source) is None
