"""How tests present tokens, as API clients do: ``Authorization: Bearer`` headers, with
the tokens read from the body that sign-in and refresh answer with."""

from __future__ import annotations

from werkzeug.test import TestResponse


def tokens_from(response: TestResponse) -> dict[str, str]:
    """The ``access_token`` and ``refresh_token`` that sign-in or refresh gave back."""
    data: dict[str, str] = response.get_json()["data"]
    return data


def with_token(token: str, kind: str = "access") -> dict[str, str]:
    """The headers that present ``token`` (an ``access`` or ``refresh`` token)."""
    return {"Authorization": f"Bearer {token}"}
