"""Business logic for user accounts."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.api.auth.passwords import hash_password
from app.api.auth.sessions import end_sessions_of
from app.errors import ConflictError, PermissionDeniedError, ResourceNotFoundError
from app.extensions import db
from app.models import User
from app.models.base import utc_now
from app.transaction import transaction


def create_user(
    *,
    email: str,
    password: str,
    is_admin: bool = False,
    verified: bool = False,
    with_user: Callable[[User], object] | None = None,
) -> User:
    """Create an account, its email ``verified`` if proven some other way than by
    mail; ``with_user`` runs in the same transaction (say, to queue a mail). The
    unique index on email settles races."""
    user = User(
        id=uuid.uuid4(), email=email, password_hash=hash_password(password), is_admin=is_admin
    )
    user.email_verified_at = utc_now() if verified else None
    try:
        with transaction():
            db.session.add(user)
            if with_user is not None:
                with_user(user)
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


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise PermissionDeniedError("Only an admin may do this.")


def list_users(page: int, per_page: int) -> Pagination:
    """A page of accounts, newest first (the index on created_at, id serves it)."""
    query = select(User).order_by(User.created_at.desc(), User.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def set_active(user_id: uuid.UUID, active: bool, admin: User) -> User:
    """(De)activate an account; deactivating also signs it out everywhere."""
    user = db.session.get(User, user_id)
    if user is None:
        raise ResourceNotFoundError("User not found.")
    if user.id == admin.id and not active:
        raise ConflictError("You cannot deactivate your own account.")
    with transaction():
        user.is_active = active
    if not active:
        end_sessions_of(user)
    return user
