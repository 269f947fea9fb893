"""Schemas for {{ domain.label_plural }}: what may come in, and what goes out."""

from __future__ import annotations
{% set listing = domain.listing %}
{% set listing_imports = ((["InList"] if listing.in_lists else []) + ["ListQuerySchema"] + (["Search"] if listing.searched else []) + ["Sort"]) | join(", ") %}

{% if domain.fields %}
{% if domain.fields | selectattr("type", "equalto", "decimal") | selectattr("default") | list %}
import decimal

{% endif %}
from marshmallow import RAISE, Schema, fields{{ ", validate" if domain.uses.validate else "" }}

{% if domain.uses.api_fields %}
from app.api.fields import {{ domain.uses.api_fields | unique | join(", ") }}
{% endif %}
from app.api.listing import {{ listing_imports }}


class Create{{ domain.class_name }}Schema(Schema):
    """A new {{ domain.label }}."""

    class Meta:
        unknown = RAISE

{% for field in domain.fields %}
{% for line in field.load %}
{{ line }}
{% endfor %}
{% endfor %}


class Update{{ domain.class_name }}Schema(Create{{ domain.class_name }}Schema):
    """A whole {{ domain.label }} for PUT; load with ``partial=True`` for PATCH."""


class {{ domain.class_name }}ResponseSchema(Schema):
    """A {{ domain.label }} as the API shows it."""

    id = fields.UUID(required=True)
{% for field in domain.fields %}
{% for line in field.dump %}
{{ line }}
{% endfor %}
{% endfor %}
{% if use_jwt %}
    owner_id = fields.UUID(required=True)
{% endif %}
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
{% else %}
from marshmallow import RAISE, Schema, fields, validate

from app.api.fields import Text
from app.api.listing import {{ listing_imports }}
from app.models.{{ domain.module }} import NAME_MAX_LENGTH

DESCRIPTION_MAX_LENGTH = 10_000


class Create{{ domain.class_name }}Schema(Schema):
    """A new {{ domain.label }}."""

    class Meta:
        unknown = RAISE

    name = Text(required=True, validate=validate.Length(min=1, max=NAME_MAX_LENGTH))
    description = Text(
        load_default=None, allow_none=True, validate=validate.Length(max=DESCRIPTION_MAX_LENGTH)
    )


class Update{{ domain.class_name }}Schema(Create{{ domain.class_name }}Schema):
    """A whole {{ domain.label }} for PUT; load with ``partial=True`` for PATCH."""


class {{ domain.class_name }}ResponseSchema(Schema):
    """A {{ domain.label }} as the API shows it."""

    id = fields.UUID(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True, allow_none=True)
{% if use_jwt %}
    owner_id = fields.UUID(required=True)
{% endif %}
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
{% endif %}


class {{ domain.class_name }}ListQuerySchema(ListQuerySchema):
    """What the list of {{ domain.label_plural }} takes: filters, search, sort and a page."""

{% for line in listing.parameters %}
{{ line }}
{% endfor %}
