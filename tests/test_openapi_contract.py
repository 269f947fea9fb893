"""The baked OpenAPI contract from the outside: the snapshot test catches a changed API,
a long fuzz run on a three-domain bake finds nothing, and Swagger UI shows every
operation in a real browser (a screenshot is kept in ``artifacts/``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import TEMPLATE_DIR, BakeVariant, clean_env, run_ok, write_openapi_snapshot
from tests.served import gunicorn, migrate, production_env

SNAPSHOT_TEST = "tests/test_openapi.py::test_the_served_spec_matches_the_committed_snapshot"
PLUGINS_DIR = Path(__file__).parent / "baked_plugins"
ARTIFACTS_DIR = Path(os.environ.get("ARTIFACTS_DIR", TEMPLATE_DIR / "artifacts"))
# Examples per operation and phase: over 2,000 requests on a three-domain bake.
LONG_RUN_EXAMPLES = "60"
LONG_RUN_MIN_REQUESTS = 2000
THREE_DOMAINS = "tricky_names"
BROWSER = shutil.which("chromium") or shutil.which("google-chrome")
HEADLESS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--virtual-time-budget=15000",
    "--window-size=1280,1800",
]


def snapshot_test(project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", SNAPSHOT_TEST]
    return subprocess.run(
        command, cwd=project, env=clean_env(**env), capture_output=True, text=True, check=False
    )


def test_the_snapshot_test_catches_a_changed_api(bake_variant: BakeVariant, tmp_path: Path) -> None:
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    (project / "openapi.json").unlink()

    missing = snapshot_test(project, CI="true")
    assert missing.returncode == 1
    assert "openapi.json is missing" in missing.stdout
    assert not (project / "openapi.json").exists()

    first_local_run = snapshot_test(project, CI="")
    assert first_local_run.returncode == 0, first_local_run.stdout
    assert (project / "openapi.json").exists()

    routes = project / "app/api/posts/routes.py"
    routes.write_text(routes.read_text().replace("Show one post.", "Show a post."))
    changed = snapshot_test(project, CI="true")
    assert changed.returncode == 1
    assert "The API changed: run `flask --app wsgi openapi write openapi.json`" in changed.stdout

    write_openapi_snapshot(project)
    assert snapshot_test(project, CI="true").returncode == 0


def test_a_long_fuzz_run_on_three_domains_finds_no_error(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    tally_file = tmp_path / "tally.json"
    env = clean_env(
        FUZZ_EXAMPLES=LONG_RUN_EXAMPLES,
        FUZZ_TALLY_FILE=str(tally_file),
        PYTHONPATH=str(PLUGINS_DIR),
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "fuzz_tally"]

    run_ok([*command, "tests/test_fuzz.py"], bake_variant(THREE_DOMAINS), env)

    tally: dict[str, int] = json.loads(tally_file.read_text())
    statuses = {int(key.rsplit(" ", 1)[1]) for key in tally}
    print(f"fuzz requests: {sum(tally.values())}; statuses: {sorted(statuses)}")
    assert sum(tally.values()) >= LONG_RUN_MIN_REQUESTS
    assert max(statuses) < 500
    assert {200, 201, 401, 404, 422} <= statuses  # past validation, and into the database


def test_swagger_ui_shows_every_operation_in_headless_chromium(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    env = production_env(f"sqlite:///{tmp_path / 'served.db'}", API_DOCS_UI="true")
    migrate(project, env)
    spec = json.loads((project / "openapi.json").read_text())
    operations = sorted(
        (path, method.upper())
        for path, item in spec["paths"].items()
        for method in item
        if method != "parameters"
    )
    assert BROWSER, "No chromium nor google-chrome: run scripts/install-servers.sh"
    browser = [BROWSER, *HEADLESS, f"--user-data-dir={tmp_path / 'chromium'}"]
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)

    with gunicorn(project, env) as client:
        docs_url = f"{client.base_url}/api/v1/docs"
        dom = run_ok([*browser, "--dump-dom", docs_url], tmp_path).stdout
        screenshot = ARTIFACTS_DIR / "swagger-ui.png"
        run_ok([*browser, f"--screenshot={screenshot}", docs_url], tmp_path)

    shown = re.findall(
        r'class="opblock opblock-(\w+)[^"]*".*?data-path="([^"]+)"', dom, flags=re.DOTALL
    )
    assert sorted((path, method.upper()) for method, path in shown) == operations
    assert screenshot.stat().st_size > 10_000
