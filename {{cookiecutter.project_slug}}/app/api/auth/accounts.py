"""Passwords after sign-up: reset by mail, and change while signed in."""

from __future__ import annotations

import uuid

from flask import current_app
from marshmallow import ValidationError
from sqlalchemy.orm.exc import StaleDataError

from app.api.auth import links
from app.api.auth.passwords import hash_password, verify_password
from app.api.auth.sessions import end_sessions_of
from app.api.users.schemas import SAME_AS_EMAIL
from app.api.users.services import find_user_by_email
from app.background import after_response
from app.errors import AuthenticationError
from app.models import User
from app.models.base import utc_now
from app.outbox import queue_mail
from app.transaction import release_locks, transaction

SAME_AS_CURRENT = "The new password must differ from the current one."


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account has ``email``; say nothing either way.

    The lookup and the mail wait until the response has been sent, so an answer
    takes as long for an unknown email as for a known one; the link then waits in
    the outbox until it is sent.
    """
    after_response(mail_reset_link, email)


def mail_reset_link(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    minutes = int(current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds() // 60)
    link = links.link_to("reset-password", links.password_reset_token(user))
    context = {"email": user.email, "link": link, "minutes": minutes}
    with transaction():
        queue_mail(user.email, "Reset your password", "reset_password", **context)


def reset_password(token: str, password: str) -> None:
    """Set a new password from a reset link, and sign out every session of the user.

    The link works once, even when it is followed twice at once: the second write
    finds the user's row changed since its check (``StaleDataError``).
    """
    user = links.user_of_password_reset_token(token)
    try:
        set_password(user, password)
    except StaleDataError:
        raise links.invalid_link() from None
    end_sessions_of(user)


def change_password(
    user: User, *, current_password: str, new_password: str, session: uuid.UUID | None
) -> None:
    """Change the password of a signed-in user, who stays signed in on ``session`` only.

    The new password is checked against the current one and the email only once the
    current password is proven: until then nothing is said about either.
    """
    release_locks()
    if not verify_password(user.password_hash, current_password):
        raise AuthenticationError("The current password is wrong.")
    if new_password == current_password:
        raise ValidationError({"new_password": [SAME_AS_CURRENT]})
    if new_password.lower() == user.email.lower():
        raise ValidationError({"new_password": [SAME_AS_EMAIL]})
    set_password(user, new_password)
    end_sessions_of(user, keep=session)


def set_password(user: User, password: str) -> None:
    """Store a hash of ``password`` and tell the owner by mail, in one transaction; the
    hash is made before it, since the write holds a lock."""
    release_locks()
    password_hash = hash_password(password)
    with transaction():
        user.password_hash = password_hash
        changed_at = f"{utc_now():%Y-%m-%d %H:%M}"
        context = {"email": user.email, "changed_at": changed_at}
        queue_mail(user.email, "Your password was changed", "password_changed", **context)
