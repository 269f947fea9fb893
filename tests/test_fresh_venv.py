"""The default bake installs from its own pyproject into a new venv and passes there.

No network: uv installs with --offline from its cache, which holds every wheel
because scripts/test.sh installed the template's dev environment with uv, and checked.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import BakeVariant, run_ok

UV = [sys.executable, "-m", "uv"]


@pytest.mark.fresh_venv
def test_default_bake_passes_its_suite_in_a_fresh_venv(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    # A copy, so the editable install's build files stay out of the shared bake.
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    venv = tmp_path / "venv"
    python = venv / "bin" / "python"
    run_ok([*UV, "venv", "--quiet", "--python", sys.executable, venv], tmp_path)
    # What the README's plain-pip path installs: `pip install -e . --group dev`.
    install: list[str | Path] = [*UV, "pip", "install", "--offline", "--python", python]
    install += ["-e", ".", "--group", "dev"]
    run_ok(install, project)
    result = run_ok([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert re.search(r"\b\d+ passed\b", result.stdout)
