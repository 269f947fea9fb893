"""Production hashes passwords at OWASP's scrypt minimum, in 8 MiB a hash."""

from __future__ import annotations

import pytest

from config import ProductionConfig

MIB = 1024 * 1024


def test_production_hashes_at_owasps_scrypt_minimum_in_8_mib(
    production_env: pytest.MonkeyPatch,
) -> None:
    # Werkzeug's method string, as each hash also starts: scrypt:N:r:p.
    name, n, r, p = ProductionConfig().PASSWORD_HASH_METHOD.split(":")

    work, block_size, parallelism = int(n), int(r), int(p)
    assert name == "scrypt"
    # OWASP's table trades memory (N) against passes (p) at r=8: 2^13 needs p >= 10.
    assert block_size == 8
    assert work * parallelism >= 2**13 * 10
    assert 128 * block_size * work <= 8 * MIB
