"""Tokens in the body, for API clients and mobile apps: they send each one back in an
``Authorization: Bearer`` header."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, jsonify, make_response

from app.api.auth.schemas import TokenResponseSchema
from app.api.auth.services import TokenPair

# What sign-in and refresh answer with.
TokenBody = TokenResponseSchema
token_schema = TokenResponseSchema()


def with_tokens(tokens: TokenPair) -> Response:
    """Both tokens, and when the access token expires, in the body."""
    return jsonify(data=token_schema.dump(asdict(tokens)))


def without_tokens() -> Response:
    """An empty response: the client forgets the tokens it holds."""
    return make_response("")
