"""The project follows its rulebook: every convention check, run over its own code.

A failure lists each violation as ``path:line: what is wrong`` with the rule it
breaks. See AGENTS.md for the rules and tests/conventions/ for the checks.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from functools import partial

import pytest
from sqlalchemy.orm import configure_mappers

import app
from app.api.listing import ListQuerySchema
from app.models.base import Base
from tests.conventions.catalogue import SOURCE_CHECKS
from tests.conventions.core import (
    APP_CODE,
    PROJECT_ROOT,
    Violation,
    forget_sources,
    load_sources,
    run_check,
)
from tests.conventions.models import check_models
from tests.conventions.queries import check_filtered_columns_indexed, check_list_keys_indexed
from tests.conventions.schemas import check_input_schemas, loaded_schema_names, schema_classes


@pytest.fixture(autouse=True, scope="module")
def parsed_sources_forgotten_after() -> Iterator[None]:
    """The checks of this module share the parsed project; the rest of the run does not."""
    yield
    forget_sources()


def assert_no_violations(violations: list[Violation]) -> None:
    if violations:
        listing = "\n".join(str(violation) for violation in violations)
        pytest.fail(f"{len(violations)} convention violation(s):\n{listing}", pytrace=False)


def import_every_app_module() -> None:
    """Import all of ``app`` so every model and schema class exists."""
    for module in pkgutil.walk_packages(app.__path__, prefix="app."):
        importlib.import_module(module.name)
    configure_mappers()


@pytest.mark.parametrize("name", SOURCE_CHECKS)
def test_source_follows_convention(name: str) -> None:
    check, scope = SOURCE_CHECKS[name]
    assert_no_violations(run_check(check, load_sources(PROJECT_ROOT, scope)))


def test_models_have_a_uuid_key_and_mapped_annotations() -> None:
    import_every_app_module()
    assert_no_violations(check_models(Base.registry.mappers))


def test_filtered_columns_are_indexed() -> None:
    import_every_app_module()
    check = partial(check_filtered_columns_indexed, mappers=Base.registry.mappers)
    assert_no_violations(run_check(check, load_sources(PROJECT_ROOT, APP_CODE)))


def test_what_lists_filter_and_sort_on_is_indexed() -> None:
    import_every_app_module()
    lists = ListQuerySchema.__subclasses__()
    assert lists, "no list query schema found"
    assert_no_violations(check_list_keys_indexed(lists, Base.registry.mappers))


def test_input_schemas_reject_unknown_fields() -> None:
    import_every_app_module()
    loaded = loaded_schema_names(load_sources(PROJECT_ROOT, APP_CODE))
    assert_no_violations(check_input_schemas(schema_classes("app."), loaded))
