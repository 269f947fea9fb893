"""Sign-up: the account is open at once, its email taken as given."""

from __future__ import annotations

from app.api.users.services import create_user
from app.models import User


def sign_up(email: str, password: str) -> User:
    """Create an account."""
    return create_user(email=email, password=password)
