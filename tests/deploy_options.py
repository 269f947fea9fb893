"""The deployment options of each bake variant, and the linters that check their files."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import TEMPLATE_DIR, VARIANTS

TOOLS = Path(sys.executable).parent


@dataclass(frozen=True)
class Options:
    python_version: str
    jwt: bool
    postgres: bool
    redis: bool
    celery: bool
    docker: bool
    ci: str

    def services(self) -> set[str]:
        """The servers the bake's compose file and CI start beside the app."""
        return {name for name, used in (("postgres", self.postgres), ("redis", self.redis)) if used}


def options_of(variant: str) -> Options:
    """A variant's answers, with cookiecutter.json's defaults for the rest."""
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
    answers = {
        name: value[0] if isinstance(value, list) else value for name, value in defaults.items()
    } | VARIANTS[variant]
    return Options(
        python_version=str(answers["python_version"]),
        jwt=answers["auth"] != "none",
        postgres=answers["database"] == "postgresql",
        redis=answers["use_redis"] in (True, "yes"),
        celery=answers["background_jobs"] == "celery",
        docker=answers["use_docker"] in (True, "yes"),
        ci=str(answers["ci"]),
    )


OPTIONS = {variant: options_of(variant) for variant in VARIANTS}


def variants_where(wanted: Callable[[Options], bool]) -> pytest.MarkDecorator:
    """Run a test once per distinct set of ``wanted`` options (domains change no file here)."""
    chosen: dict[Options, str] = {}
    for variant, options in OPTIONS.items():
        if wanted(options):
            chosen.setdefault(options, variant)
    return pytest.mark.parametrize("variant", list(chosen.values()))


every_variant = variants_where(lambda _: True)
with_docker = variants_where(lambda options: options.docker)
with_github = variants_where(lambda options: options.ci == "github")
with_gitlab = variants_where(lambda options: options.ci == "gitlab")


def tool(name: str) -> Path:
    """A linter installed in this venv by the template's dev dependency group."""
    path = TOOLS / name
    assert path.exists(), f"{name} is missing: run `bash scripts/test.sh` to install it"
    return path


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
