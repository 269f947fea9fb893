"""Schemas for signing in and the tokens that come back."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from app.api.fields import Text


class LoginSchema(Schema):
    """Credentials. The email is not validated as one: a bad email is a 401 too."""

    class Meta:
        unknown = RAISE

    email = Text(required=True, validate=validate.Length(min=1, max=320))
    password = Text(required=True, validate=validate.Length(min=1, max=128))


class TokenResponseSchema(Schema):
    """An access token and the refresh token that renews it."""

    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, dump_default="Bearer")
    expires_in = fields.Integer(
        required=True, metadata={"description": "Access token lifetime, seconds."}
    )
