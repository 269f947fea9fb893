"""Schemas for signing in, passwords and sessions: what may come in, and what goes out."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from app.api.fields import Text
from app.api.users.schemas import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

MAX_TOKEN_LENGTH = 1000


def new_password() -> Text:
    """A password being set: the same rules as at sign-up."""
    length = validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)
    return Text(required=True, load_only=True, validate=length)


class LoginSchema(Schema):
    """Credentials. The email is not validated as one: a bad email is a 401 too."""

    class Meta:
        unknown = RAISE

    email = Text(required=True, validate=validate.Length(min=1, max=320))
    password = Text(required=True, validate=validate.Length(min=1, max=128))
{%- if cookiecutter.auth == "jwt-cookies" %}


class TokenExpirySchema(Schema):
    """When to refresh: the tokens themselves travel in HttpOnly cookies."""

    expires_in = fields.Integer(
        required=True, metadata={"description": "Access token lifetime, seconds."}
    )
{%- else %}


class TokenResponseSchema(Schema):
    """An access token and the refresh token that renews it."""

    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, dump_default="Bearer")
    expires_in = fields.Integer(
        required=True, metadata={"description": "Access token lifetime, seconds."}
    )
{%- endif %}


class PasswordResetRequestSchema(Schema):
    """Whose password to reset: a link goes to this address if it has an account."""

    class Meta:
        unknown = RAISE

    email = fields.Email(required=True, validate=validate.Length(max=320))


class LinkTokenSchema(Schema):
    """The token from a link in mail."""

    class Meta:
        unknown = RAISE

    token = Text(required=True, validate=validate.Length(min=1, max=MAX_TOKEN_LENGTH))


class PasswordResetSchema(LinkTokenSchema):
    """The token from the reset link, and the new password."""

    password = new_password()


class PasswordChangeSchema(Schema):
    """The signed-in user's current password, and the new one."""

    class Meta:
        unknown = RAISE

    current_password = Text(required=True, load_only=True, validate=validate.Length(min=1, max=128))
    new_password = new_password()


class AcceptedSchema(Schema):
    """A request taken in: what happens next, in words."""

    message = fields.String(required=True)


class SessionResponseSchema(Schema):
    """A signed-in device or client: a refresh-token family."""

    id = fields.UUID(required=True)
    created_at = fields.DateTime(required=True)
    last_used_at = fields.DateTime(required=True, attribute="updated_at")
    user_agent = fields.String(required=True, allow_none=True)
    current = fields.Boolean(
        required=True, metadata={"description": "Whether this request's token belongs to it."}
    )
