"""Schemas for users: what may come in, and what goes out."""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from app.api.fields import Text

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
SAME_AS_EMAIL = "The password must not be the email."


class CreateUserSchema(Schema):
    """A new account: email and password."""

    class Meta:
        unknown = RAISE

    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = Text(
        required=True,
        load_only=True,
        validate=validate.Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
    )

    @validates_schema
    def password_is_not_the_email(self, data: dict[str, Any], **_kwargs: object) -> None:
        if data.get("password", "").lower() == data.get("email", "").lower():
            raise ValidationError(SAME_AS_EMAIL, "password")

    @post_load
    def normalise_email(self, data: dict[str, Any], **_kwargs: object) -> dict[str, Any]:
        return data | {"email": data["email"].lower()}


class UserResponseSchema(Schema):
    """A user as the API shows it: never the password hash."""

    id = fields.UUID(required=True)
    email = fields.Email(required=True)
    is_active = fields.Boolean(required=True)
    is_admin = fields.Boolean(required=True)
    email_verified_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class UserStatusSchema(Schema):
    """What an admin may change about an account."""

    class Meta:
        unknown = RAISE

    is_active = fields.Boolean(required=True)
