"""Which source check reads which part of the project."""

from __future__ import annotations

from tests.conventions.blueprints import check_blueprint_prefix
from tests.conventions.code_style import (
    check_future_annotations,
    check_no_os_path,
    check_type_hints,
)
from tests.conventions.core import ALL_CODE, APP_CODE, SourceCheck
from tests.conventions.hardcoded_secrets import check_hardcoded_secrets
from tests.conventions.migrations import check_downgrade
from tests.conventions.queries import check_legacy_query
from tests.conventions.routes import check_explicit_status, check_handler_length
from tests.conventions.schemas import check_unknown_overrides

# Check name -> (check, the folders and files it reads). The checks that need the
# mapped models or the schema classes run in tests/test_conventions.py itself.
SOURCE_CHECKS: dict[str, tuple[SourceCheck, tuple[str, ...]]] = {
    "route-handler-length": (check_handler_length, APP_CODE),
    "route-explicit-status": (check_explicit_status, APP_CODE),
    "blueprint-prefix": (check_blueprint_prefix, APP_CODE),
    "type-hints": (check_type_hints, ALL_CODE),
    "future-annotations": (check_future_annotations, ALL_CODE),
    "no-os-path": (check_no_os_path, ALL_CODE),
    "no-legacy-query": (check_legacy_query, ALL_CODE),
    "no-unknown-override": (check_unknown_overrides, APP_CODE),
    "migration-downgrade": (check_downgrade, ("migrations/versions",)),
    "no-hardcoded-secrets": (check_hardcoded_secrets, (*APP_CODE, "config.py", "settings")),
}
