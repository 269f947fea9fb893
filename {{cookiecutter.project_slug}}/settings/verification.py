"""Email verification (app/api/auth/verification.py): how long a link works, and how
often a user can ask for a new one."""

from __future__ import annotations

from datetime import timedelta

from pydantic_settings import BaseSettings


class VerificationSettings(BaseSettings):
    """The link that verifies an account's email."""

    EMAIL_VERIFICATION_MAX_AGE: timedelta = timedelta(days=2)
    VERIFICATION_RESEND_RATE_LIMIT: str = "3 per hour"
