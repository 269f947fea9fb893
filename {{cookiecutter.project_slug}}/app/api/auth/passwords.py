"""Password hashing with werkzeug (scrypt outside tests)."""

from __future__ import annotations

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password``; with no hash, burn the same time on a dummy one.

    Unknown emails then cost as much as wrong passwords, so timing does not
    tell an attacker which emails have accounts.
    """
    if password_hash is None:
        check_password_hash(dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return False
    return check_password_hash(password_hash, password)


@cache
def dummy_hash(method: str) -> str:
    return generate_password_hash("not-a-real-password", method=method)
