"""What ships: the wheel `pip install .` builds and the Docker image hold what the app
runs, and leave out the development tools (the domain generator in scaffold/, tests)."""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

from tests.helpers import BakeVariant, run_ok

UV = [sys.executable, "-m", "uv"]
DEVELOPMENT_ONLY = ("scaffold", "tests")
# The final stage's COPY lines that take files from the build context.
CONTEXT_COPY = re.compile(r"^COPY (?!--from=)(?P<sources>.+) \S+$", re.MULTILINE)


def test_the_wheel_holds_the_app_and_not_the_generator(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    dist = tmp_path / "dist"

    run_ok([*UV, "build", "--wheel", "--offline", "--quiet", "--out-dir", dist], project)

    [wheel] = dist.glob("*.whl")
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {"app", "config.py", "wsgi.py"} <= tops
    assert tops.isdisjoint(DEVELOPMENT_ONLY)


def test_the_image_copies_the_app_and_not_the_generator(bake_variant: BakeVariant) -> None:
    project = bake_variant("default")
    dockerfile = (project / "Dockerfile").read_text(encoding="utf-8")
    copied = {
        source for match in CONTEXT_COPY.finditer(dockerfile) for source in match["sources"].split()
    }

    assert {"app", "migrations", "config.py", "wsgi.py"} <= copied
    assert copied.isdisjoint({".", *DEVELOPMENT_ONLY})
    ignored = (project / ".dockerignore").read_text(encoding="utf-8").split()
    assert set(DEVELOPMENT_ONLY) <= set(ignored)
