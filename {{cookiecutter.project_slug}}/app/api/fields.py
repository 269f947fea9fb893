"""Marshmallow fields shared by every schema of the API."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields


class Text(fields.String):
    """A string a database can store: no NUL character, no unpaired surrogate."""

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        try:
            text.encode()
        except UnicodeEncodeError:
            raise ValidationError("Must not contain unpaired surrogates.") from None
        return text


def require_json_type(field: fields.Field[Any], value: object, *types: type) -> None:
    """Refuse what JSON Schema would: a number in a string, a boolean for a number."""
    if isinstance(value, bool) != (bool in types) or not isinstance(value, types):
        raise field.make_error("invalid")


class Boolean(fields.Boolean):
    """``true`` or ``false`` only: no 0, 1, "yes" or "on"."""

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> bool:
        require_json_type(self, value, bool)
        return bool(value)


class Integer(fields.Integer):
    """A JSON integer only: no string, no boolean, no 1.5."""

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> int:
        require_json_type(self, value, int)
        return super()._deserialize(value, attr, data, **kwargs)


class Float(fields.Float):
    """A JSON number only: no string, no boolean."""

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> float:
        require_json_type(self, value, int, float)
        return super()._deserialize(value, attr, data, **kwargs)


class Decimal(fields.Decimal):
    """A JSON number only, kept as a decimal: no string, no boolean."""

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> decimal.Decimal:
        require_json_type(self, value, int, float)
        return super()._deserialize(value, attr, data, **kwargs)
