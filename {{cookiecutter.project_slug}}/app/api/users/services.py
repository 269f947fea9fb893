"""Business logic for user accounts."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.api.auth.passwords import hash_password
from app.errors import ConflictError
from app.extensions import db
from app.models import User
from app.transaction import transaction


def create_user(*, email: str, password: str) -> User:
    """Create an account; the unique index on email settles races."""
    user = User(email=email, password_hash=hash_password(password))
    try:
        with transaction():
            db.session.add(user)
    except IntegrityError as error:
        raise ConflictError(
            "An account with this email already exists.",
            details={"email": ["An account with this email already exists."]},
        ) from error
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.lower()))


def find_active_user(user_id: uuid.UUID) -> User | None:
    """The user with ``user_id``, or None if it is gone or deactivated."""
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_active else None
