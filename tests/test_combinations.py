"""Every combination of the deployment prompts with the database and Redis choices
bakes, with no Jinja left and exactly the files of its options; auth alternates.

Only database and Redis change what the Docker and CI files hold, so these 24
bakes cover every pairing that matters. The variants in tests/helpers.py are
linted, type-checked and tested in depth."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import TEMPLATE_DIR, leftover_jinja

DEPLOYMENT_OPTIONS: dict[str, list[str | bool]] = {
    "database": ["sqlite", "postgresql"],
    "use_redis": [False, True],
    "use_docker": [False, True],
    "ci": ["github", "gitlab", "none"],
}
COMBINATIONS = [
    dict(zip(DEPLOYMENT_OPTIONS, values, strict=True)) | {"auth": ("jwt", "none")[index % 2]}
    for index, values in enumerate(itertools.product(*DEPLOYMENT_OPTIONS.values()))
]


def combination_id(answers: dict[str, Any]) -> str:
    return "-".join(f"{name}={value}" for name, value in answers.items())


def files_of(project: Path) -> set[str]:
    return {path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()}


@pytest.mark.parametrize("answers", COMBINATIONS, ids=combination_id)
def test_combination_bakes_clean(cookies: Any, answers: dict[str, Any]) -> None:
    result = cookies.bake(extra_context=answers, template=str(TEMPLATE_DIR))
    assert result.exception is None, result.exception
    project: Path = result.project_path
    files = files_of(project)

    assert leftover_jinja(project, files) == []
    file_cache = answers["database"] == "sqlite" and not answers["use_redis"]
    expected = {
        "app/api/auth/routes.py": answers["auth"] == "jwt",
        "tests/redis_fixtures.py": answers["use_redis"],
        "settings/redis.py": answers["use_redis"],
        "settings/memory.py": not answers["use_redis"],
        "settings/file_cache.py": file_cache,
        "tests/file_cache_fixtures.py": file_cache,
        "tests/test_file_cache.py": file_cache,
        "settings/accounts.py": answers["auth"] == "jwt",
        "Dockerfile": answers["use_docker"],
        "docker-compose.yml": answers["use_docker"],
        ".github/workflows/ci.yml": answers["ci"] == "github",
        ".gitlab-ci.yml": answers["ci"] == "gitlab",
    }
    assert {name: name in files for name in expected} == expected
    dependencies = (project / "pyproject.toml").read_text()
    assert ("psycopg[binary]" in dependencies) == (answers["database"] == "postgresql")
    assert ('"redis>=' in dependencies) == answers["use_redis"]
