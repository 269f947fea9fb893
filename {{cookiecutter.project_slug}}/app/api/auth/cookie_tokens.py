"""Tokens in cookies, for browser front-ends: HttpOnly, so scripts cannot read them.

Flask-JWT-Extended also sets a readable ``csrf_access_token`` (and
``csrf_refresh_token``) cookie: the front-end echoes it in ``X-CSRF-TOKEN`` on every
POST, PUT, PATCH and DELETE, which another site's page cannot do (double submit).
"""

from __future__ import annotations

from flask import Response, jsonify, make_response
from flask_jwt_extended import set_access_cookies, set_refresh_cookies, unset_jwt_cookies

from app.api.auth.schemas import TokenExpirySchema
from app.api.auth.services import TokenPair

# What sign-in and refresh answer with.
TokenBody = TokenExpirySchema


def with_tokens(tokens: TokenPair) -> Response:
    """A body that says when the access token expires, and both tokens as cookies."""
    response = jsonify(data={"expires_in": tokens.expires_in})
    set_access_cookies(response, tokens.access_token)
    set_refresh_cookies(response, tokens.refresh_token)
    return response


def without_tokens() -> Response:
    """An empty response that deletes every token and CSRF cookie."""
    response = make_response("")
    unset_jwt_cookies(response)
    return response
