"""Template updates with cruft: a project baked from the template's previous commit,
committed by its owner, takes the current template with `cruft update` and is then
exactly a bake of the current template that passes its suite.

Self-contained: the two templates are commits of a git repository made here (cruft
clones templates with git), and nothing uses the network.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.helpers import TEMPLATE_DIR, clean_env, run_ok, write_openapi_snapshot

CRUFT = [sys.executable, "-m", "cruft"]
GIT = ["git", "-c", "user.name=Template Tests", "-c", "user.email=tests@example.com"]
ANSWERS = {"project_name": "Update Check", "domains": "posts, comments"}
SLUG = "update_check"
# Written by cruft or by the project's owner, not by the template.
NOT_FROM_THE_TEMPLATE = {".cruft.json", "openapi.json"}


def git(args: list[str], cwd: Path) -> str:
    return run_ok([*GIT, *args], cwd).stdout.strip()


def previous_revision() -> str:
    """The commit before the template as it is now: HEAD~1 on a clean checkout,
    HEAD while the working tree holds uncommitted changes."""
    dirty = git(["status", "--porcelain", "--", "."], TEMPLATE_DIR)
    return "HEAD" if dirty else "HEAD~1"


def unpack_previous(revision: str, into: Path) -> bool:
    """The template at ``revision``; False if this clone does not have it (shallow)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return False
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return True


def copy_working_tree(into: Path) -> None:
    """The template as it is on disk: tracked and new files, not the ignored ones."""
    listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], TEMPLATE_DIR)
    for name in filter(None, listed.split("\0")):
        source = TEMPLATE_DIR / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)


def clear_worktree(repo: Path) -> None:
    for path in repo.iterdir():
        if path.name != ".git":
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def last_revision_with(text: str, path: str) -> str | None:
    """The newest commit whose ``path`` holds ``text``; None when this clone has none."""
    for revision in git(["rev-list", "HEAD", "--", path], TEMPLATE_DIR).split():
        shown = subprocess.run(
            ["git", "show", f"{revision}:{path}"],
            cwd=TEMPLATE_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if text in shown.stdout:
            return revision
    return None


def template_repo(root: Path, previous: str | None = None) -> tuple[Path, str, str]:
    """A git repository holding the previous template (or ``previous``), then the
    current one."""
    repo = root / "template"
    repo.mkdir()
    git(["init", "--quiet"], repo)
    if not unpack_previous(previous or previous_revision(), repo):
        # No history here: the previous template is the current one with an older README.
        copy_working_tree(repo)
        readme = repo / "{{cookiecutter.project_slug}}/README.md"
        readme.write_text(readme.read_text(encoding="utf-8") + "\nAn older line.\n")
    git(["add", "--all"], repo)
    git(["commit", "--quiet", "--allow-empty", "--message", "Previous template"], repo)
    old = git(["rev-parse", "HEAD"], repo)
    clear_worktree(repo)
    copy_working_tree(repo)
    git(["add", "--all"], repo)
    git(["commit", "--quiet", "--allow-empty", "--message", "Current template"], repo)
    return repo, old, git(["rev-parse", "HEAD"], repo)


def cruft_create(repo: Path, commit: str, output: Path, answers: dict[str, str] = ANSWERS) -> Path:
    output.mkdir()
    context = json.dumps(answers)
    run_ok(
        [
            *CRUFT,
            "create",
            repo,
            "--checkout",
            commit,
            "--no-input",
            "--output-dir",
            output,
            "--extra-context",
            context,
        ],
        output,
    )
    return output / SLUG


# Runtime data that the project's .gitignore leaves out: instance/ holds the SQLite
# database and the list cache's files, which any `flask` command run there creates.
NOT_SOURCE = {".git", "instance"}


def project_files(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in project.rglob("*")
        if path.is_file()
        and not NOT_SOURCE.intersection(path.relative_to(project).parts)
        and path.name not in NOT_FROM_THE_TEMPLATE
    }


def commit_bake(project: Path) -> None:
    git(["init", "--quiet"], project)
    git(["add", "--all"], project)
    git(["commit", "--quiet", "--message", "Baked"], project)


def test_a_bake_of_the_previous_template_updates_and_passes_its_suite(tmp_path: Path) -> None:
    repo, old, new = template_repo(tmp_path)
    project = cruft_create(repo, old, tmp_path / "owner")
    write_openapi_snapshot(project)
    commit_bake(project)

    run_ok([*CRUFT, "update", "--skip-apply-ask", "--checkout", new], project)

    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    assert state["commit"] == new
    assert list(project.rglob("*.rej")) == []
    fresh = cruft_create(repo, new, tmp_path / "fresh")
    updated, expected = project_files(project), project_files(fresh)
    assert sorted(updated) == sorted(expected)
    assert [path for path in expected if updated[path] != expected[path]] == []
    # The API may have changed with the template: the owner writes the snapshot anew.
    write_openapi_snapshot(project)
    suite = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = run_ok(suite, project, clean_env(CI="true"))
    assert re.search(r"\b\d+ passed\b", result.stdout)
    assert not re.search(r"\b\d+ (skipped|xfailed|failed|errors?)\b", result.stdout)


def test_tokens_in_cookies_update_with_the_readmes_one_off_command(tmp_path: Path) -> None:
    """Cookies were answered `auth=jwt, jwt_location=cookies` before `auth=jwt-cookies`;
    cookiecutter drops an answer the template no longer asks, so the README gives the
    owner one `cruft update --variables-to-update` for it."""
    revision = last_revision_with('"jwt_location"', "cookiecutter.json")
    if revision is None:
        pytest.skip("this clone holds no template with the jwt_location prompt")
    repo, old, new = template_repo(tmp_path, revision)
    project = cruft_create(repo, old, tmp_path / "owner", ANSWERS | {"jwt_location": "cookies"})
    commit_bake(project)

    new_answers = json.dumps({"auth": "jwt-cookies"})
    update = ["update", "--skip-apply-ask", "--checkout", new, "--variables-to-update", new_answers]
    run_ok([*CRUFT, *update], project)

    fresh = cruft_create(repo, new, tmp_path / "fresh", ANSWERS | {"auth": "jwt-cookies"})
    updated, expected = project_files(project), project_files(fresh)
    assert "app/api/auth/cookie_tokens.py" in expected
    assert sorted(updated) == sorted(expected)
    assert [path for path in expected if updated[path] != expected[path]] == []
