"""How tests present tokens, as browser front-ends do: cookies, with the CSRF header
that double submit asks for, and the tokens read from the cookies that sign-in and
refresh set."""

from __future__ import annotations

from http.cookies import SimpleCookie

import jwt
from werkzeug.test import TestResponse


def tokens_from(response: TestResponse) -> dict[str, str]:
    """The ``access_token`` and ``refresh_token`` that sign-in or refresh gave back."""
    cookies = cookies_set_by(response)
    return {
        "access_token": cookies["access_token_cookie"],
        "refresh_token": cookies["refresh_token_cookie"],
    }


def with_token(token: str, kind: str = "access") -> dict[str, str]:
    """The headers that present ``token`` (an ``access`` or ``refresh`` token)."""
    return {"Cookie": f"{kind}_token_cookie={token}", "X-CSRF-TOKEN": csrf_of(token)}


def csrf_of(token: str) -> str:
    """The double-submit value the front-end reads from the CSRF cookie."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.DecodeError:
        return ""
    return str(claims.get("csrf", ""))


def cookies_set_by(response: TestResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}
