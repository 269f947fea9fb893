"""Tokens in HttpOnly cookies (app/api/auth/cookie_tokens.py): unsafe methods need the
CSRF cookie's value echoed in X-CSRF-TOKEN."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class CookieTokenSettings(BaseSettings):
    """Flask-JWT-Extended's cookies; the refresh cookie only goes to /api/v1/auth/."""

    JWT_TOKEN_LOCATION: list[str] = ["cookies"]
    JWT_COOKIE_CSRF_PROTECT: bool = True
    JWT_ACCESS_COOKIE_PATH: str = "/api/"
    JWT_REFRESH_COOKIE_PATH: str = "/api/v1/auth/"


class DevelopmentCookieTokenSettings(BaseSettings):
    """What development changes: cookies go without TLS too."""

    JWT_COOKIE_SECURE: bool = False  # plain http on localhost
