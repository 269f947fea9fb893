"""Add domains to a baked project: every file written at once, or none at all."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scaffold import columns, listings, naming, project, render

LISTINGS = {
    "app/api/__init__.py": listings.add_blueprint,
    "app/models/__init__.py": listings.add_model,
}
FACTORIES = "tests/factories.py"
ANSWER_FILES = (".cookiecutter.json", ".cruft.json")
SNAPSHOT = "openapi.json"
FLASK = (sys.executable, "-m", "flask", "--app", "wsgi")


class ScaffoldError(Exception):
    """Why the domains were not added; the project is left as it was."""


def planned_changes(
    root: Path, added: list[naming.DomainNames], specs: str | None = None
) -> dict[str, str]:
    """Path -> new text of every file to create or change; nothing is written yet.

    ``specs`` is the command's answer (``comments(body:text, post:ref)``); without
    it the domains are plain names.
    """
    changes: dict[str, str] = {}
    fields = naming.domain_fields(specs or "", project.known_domains(root))
    private = naming.private_domains(specs or "")
    postgresql = render.bake_options()["use_postgresql"]

    def current(path: str) -> str:
        return changes.get(path) or (root / path).read_text(encoding="utf-8")

    for names in added:
        domain = columns.with_fields(
            names,
            fields.get(names["name"], []),
            naming.domain_names,
            private=names["name"] in private,
            postgresql=postgresql,
        )
        changes |= render.domain_files(domain)
        for path, add in LISTINGS.items():
            changes[path] = add(current(path), names)
        factory = render.factory_class(domain)
        text = listings.add_factory(current(FACTORIES), names, factory)
        changes[FACTORIES] = listings.add_factory_imports(text, domain["uses"])
    answered = naming.split_items(specs) if specs else [names["name"] for names in added]
    for path in ANSWER_FILES:
        if (root / path).is_file():
            changes[path] = with_domains(current(path), path, answered)
    return changes


def with_domains(text: str, path: str, added: list[str]) -> str:
    """The recorded answers with the new domains appended, so re-bakes and updates
    (cruft) know them; formatted as cookiecutter's hook and cruft write each file."""
    state = json.loads(text)
    answers = state["context"]["cookiecutter"] if path == ".cruft.json" else state
    answers["domains"] = ", ".join([answers["domains"], *added])
    if path == ".cruft.json":
        return json.dumps(state, ensure_ascii=False, indent=2, separators=(",", ": ")) + "\n"
    return json.dumps(state, indent=2, sort_keys=True) + "\n"


@contextmanager
def all_or_nothing(root: Path, changes: dict[str, str]) -> Iterator[None]:
    """Write ``changes``; if the block raises, put back every file as it was."""
    before = {
        path: (root / path).read_text(encoding="utf-8") if (root / path).exists() else None
        for path in changes
    }
    created_dirs = {
        parent
        for path in changes
        for parent in (root / path).parents
        if not parent.exists() and root in parent.parents
    }
    versions = set((root / "migrations/versions").glob("*.py"))
    try:
        for path, text in changes.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
        yield
    except BaseException:
        for path, old_text in before.items():
            if old_text is None:
                (root / path).unlink(missing_ok=True)
            else:
                (root / path).write_text(old_text, encoding="utf-8")
        for folder in sorted(created_dirs, key=lambda folder: len(folder.parts), reverse=True):
            shutil.rmtree(folder, ignore_errors=True)
        for migration in set((root / "migrations/versions").glob("*.py")) - versions:
            migration.unlink()
        raise


def run_flask(root: Path, database: Path, *args: str) -> str:
    """Run a ``flask`` command of this project on a scratch SQLite database."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "APP_ENV": "development"}
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [*FLASK, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()[-3000:]
        raise ScaffoldError(f"`flask {' '.join(args)}` failed:\n{output}")
    return result.stdout


def next_revision(root: Path) -> str | None:
    """0002 after 0001; None (Alembic picks) when the revisions are not numbered."""
    pattern = re.compile(r'^revision = "(\d+)"', re.MULTILINE)
    found = [
        pattern.search(path.read_text(encoding="utf-8"))
        for path in (root / "migrations/versions").glob("*.py")
    ]
    numbers = [int(match.group(1)) for match in found if match]
    if not numbers or len(numbers) != len(found):
        return None
    return f"{max(numbers) + 1:04d}"


def add_domains(root: Path, requested: list[str]) -> dict[str, Any]:
    """Add the domains, their migration and the new OpenAPI snapshot; return what changed."""
    if problems := project.domain_problems(root, requested):
        raise ScaffoldError(naming.report("Cannot add the domain:", problems))
    names = naming.split_domains(", ".join(requested))
    added = [naming.domain_names(name) for name in names]
    changes = planned_changes(root, added, ", ".join(requested))
    revision = next_revision(root)
    message = f"add {', '.join(names)}"
    versions = set((root / "migrations/versions").glob("*.py"))
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "scaffold.db"
        run_flask(root, database, "db", "upgrade")
        try:
            run_flask(root, database, "db", "check")
        except ScaffoldError as error:
            raise ScaffoldError(
                "The models already differ from the migrations: migrate those changes first."
            ) from error
        with all_or_nothing(root, changes):
            revision_args = ["--rev-id", revision] if revision else []
            run_flask(root, database, "db", "migrate", "-m", message, *revision_args)
            if (root / SNAPSHOT).exists():
                run_flask(root, database, "openapi", "write", SNAPSHOT)
    migrations = set((root / "migrations/versions").glob("*.py")) - versions
    return {
        "files": sorted(changes),
        "migrations": sorted(path.relative_to(root).as_posix() for path in migrations),
        "snapshot": (root / SNAPSHOT).exists(),
    }
