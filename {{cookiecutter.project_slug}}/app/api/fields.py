"""Marshmallow fields shared by every schema of the API."""

from __future__ import annotations

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
