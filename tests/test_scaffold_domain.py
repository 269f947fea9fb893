"""`flask scaffold domain` in a baked project: domains added after the bake are the
files a bake would have written, and pass the project's checks, suite and migrations;
a bad or taken name stops the command with the bake's message and writes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import TEMPLATE_DIR, VARIANTS, BakeVariant, clean_env, run_ok

VARIANT = "default"
# The longest allowed name, one whose variable would hide a builtin (`type_`), and one
# with field specs, among them a ref to the baked `posts`.
ADDED = (
    "customer_support_tickets",
    "types",
    "reviews(body:text filter, post:ref filter, stars:int=5 filter, seen_at:datetime?, "
    "score:decimal? filter)",
    "private drafts(title:str filter, due:date? filter)",
)
TABLES = ("customer_support_tickets", "types", "reviews", "drafts")
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]
GIT = ["git", "-c", "user.name=Template Tests", "-c", "user.email=tests@example.com"]
# Files a bake writes from the domain skeleton or that list every domain.
SAME_AS_BAKED = [
    "app/api/__init__.py",
    "app/models/__init__.py",
    "tests/factories.py",
    ".cookiecutter.json",
    "app/api/customer_support_tickets/routes.py",
    "app/api/customer_support_tickets/schemas.py",
    "app/api/customer_support_tickets/services.py",
    "app/models/customer_support_ticket.py",
    "tests/test_customer_support_tickets/test_routes.py",
    "tests/test_customer_support_tickets/test_lists.py",
    "app/api/types/routes.py",
    "app/models/type.py",
    "tests/test_types/test_routes.py",
    "app/api/reviews/routes.py",
    "app/api/reviews/schemas.py",
    "app/api/reviews/services.py",
    "app/models/review.py",
    "tests/test_reviews/test_routes.py",
    "tests/test_reviews/test_lists.py",
    "app/api/drafts/routes.py",
    "app/api/drafts/schemas.py",
    "app/api/drafts/services.py",
    "app/models/draft.py",
    "tests/test_drafts/test_routes.py",
    "tests/test_drafts/test_lists.py",
]


def git_status(project: Path) -> str:
    return run_ok(["git", "status", "--porcelain"], project).stdout


def scaffold(project: Path, *names: str) -> subprocess.CompletedProcess[str]:
    """Run `flask scaffold domain`, which may fail: the test reads its exit and output."""
    command = [*FLASK, "scaffold", "domain", *names]
    options: dict[str, Any] = {"cwd": project, "env": clean_env(), "capture_output": True}
    return subprocess.run(command, text=True, check=False, **options)


@pytest.fixture(scope="module")
def grown(bake_variant: BakeVariant, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bake, committed, then given one domain per `flask scaffold domain` call."""
    project = tmp_path_factory.mktemp("scaffold") / "project"
    shutil.copytree(bake_variant(VARIANT), project)
    run_ok(["git", "init", "--quiet"], project)
    for name in ADDED:
        run_ok([*FLASK, "scaffold", "domain", name], project)
    run_ok(["git", "add", "--all"], project)
    run_ok([*GIT, "commit", "--quiet", "--message", "Add domains"], project)
    return project


def test_the_added_domains_are_the_files_a_bake_writes(grown: Path, cookies: Any) -> None:
    domains = ", ".join([str(VARIANTS[VARIANT].get("domains", "posts")), *ADDED])
    answers = VARIANTS[VARIANT] | {"domains": domains}
    baked = cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR)).project_path

    different = [
        path
        for path in SAME_AS_BAKED
        if (grown / path).read_text(encoding="utf-8") != (baked / path).read_text(encoding="utf-8")
    ]
    assert different == []


def test_each_domain_has_its_own_migration_with_a_real_downgrade(grown: Path) -> None:
    versions = sorted(path.name for path in (grown / "migrations/versions").glob("*.py"))
    assert versions == [
        "0001_initial_schema.py",
        "0002_add_customer_support_tickets.py",
        "0003_add_types.py",
        "0004_add_reviews.py",
        "0005_add_drafts.py",
    ]
    for version, table in zip(versions[1:], TABLES, strict=True):
        source = (grown / "migrations/versions" / version).read_text(encoding="utf-8")
        downgrade = source.partition("def downgrade() -> None:")[2]
        assert f'op.create_table(\n        "{table}"' in source
        assert f'op.drop_table("{table}")' in downgrade


def test_the_grown_project_passes_lint_types_and_its_suite(
    grown: Path, mypy_cache_dir: Path
) -> None:
    run_ok([sys.executable, "-m", "ruff", "check", "--no-cache", "."], grown)
    run_ok([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."], grown)
    run_ok([sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache_dir), "."], grown)
    # CI=true: the snapshot must exist and match, so the command rewrote openapi.json.
    suite = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = run_ok(suite, grown, clean_env(CI="true"))
    assert re.search(r"\b\d+ passed\b", result.stdout)
    assert not re.search(r"\b\d+ (skipped|xfailed|failed|errors?)\b", result.stdout)
    assert "/api/v1/customer_support_tickets" in (grown / "openapi.json").read_text()


def test_the_migrations_upgrade_downgrade_and_match_the_models(grown: Path, tmp_path: Path) -> None:
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'grown.db'}", APP_ENV="development")
    for step in (["upgrade"], ["downgrade", "base"], ["upgrade"], ["check"]):
        run_ok([*FLASK, "db", *step], grown, env)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["types"], "domain: 'types' collides with app/api/types, which already exists"),
        (["type"], "domain: 'type' collides with app/models/type.py, which already exists"),
        (["Widgets"], "domain: 'Widgets' has uppercase letters."),
        (["widgets", "class"], "domain: 'class' is a Python keyword"),
        (["users"], "domain: 'users' is reserved for the project's own app/api/users blueprint"),
        (["widgets", "widget"], "domain: 'widgets, widget' share the singular 'widget'"),
        (["notes(post:reff)"], "domain: 'notes(post:reff)' has an unknown type 'reff'"),
        (["notes(tag:ref)"], "domain: 'notes(tag:ref)' refers to 'tag', which is not a domain"),
        (["notes(id:uuid)"], "domain: 'notes(id:uuid)' has a field name 'id'"),
    ],
)
def test_a_bad_or_taken_name_writes_nothing(grown: Path, names: list[str], message: str) -> None:
    result = scaffold(grown, *names)

    assert result.returncode == 1
    assert "Cannot add the domain:" in result.stderr
    assert message in result.stderr
    assert git_status(grown) == ""


def test_models_ahead_of_their_migrations_stop_it_before_it_writes(grown: Path) -> None:
    model = grown / "app/models/type.py"
    original = model.read_text(encoding="utf-8")
    column = "    rank: Mapped[int | None]\n\n"
    model.write_text(original.replace("    def __repr__", column + "    def __repr__"), "utf-8")
    try:
        result = scaffold(grown, "widgets")
        assert result.returncode == 1
        assert "The models already differ from the migrations" in result.stderr
        assert git_status(grown) == " M app/models/type.py\n"
    finally:
        model.write_text(original, encoding="utf-8")
