"""{{ domain.label_plural | capitalize }} endpoints under /api/v1/{{ domain.name }}."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, jsonify, request
{% if use_jwt %}
from flask_jwt_extended import current_user, jwt_required
{% endif %}

from app import caching
from app.api import etags, openapi
from app.api.{{ domain.name }} import services
from app.api.{{ domain.name }}.schemas import (
{% set schemas = ["Create" ~ domain.class_name ~ "Schema", domain.class_name ~ "ListQuerySchema", domain.class_name ~ "ResponseSchema", "Update" ~ domain.class_name ~ "Schema"] %}
{% for schema in schemas | sort %}
    {{ schema }},
{% endfor %}
)

bp = openapi.Blueprint(
    "{{ domain.name }}",
    __name__,
    url_prefix="/api/v1/{{ domain.name }}",
)
bp.after_request(caching.forget_lists_after_a_write)

response_schema = {{ domain.class_name }}ResponseSchema()
page_schema = {{ domain.class_name }}ResponseSchema(many=True)
{% set editor = ", current_user" if use_jwt else "" %}
{% set viewer = ", current_user" if domain.private else "" %}
{% set owner_errors = "403, 404" if use_jwt and not domain.private else "404" %}
{% if use_jwt %}


@bp.before_request
@jwt_required()
def require_access_token() -> None:
    """Every {{ domain.label_plural }} endpoint needs a signed-in user."""
{% endif %}


@bp.get("")
@bp.arguments({{ domain.class_name }}ListQuerySchema, location="query")
@bp.response(200, openapi.listing_envelope({{ domain.class_name }}ResponseSchema))
def list_{{ domain.name }}(args: dict[str, Any]) -> tuple[Response, int]:
{% if domain.private %}
    """List the signed-in user's {{ domain.label_plural }}: filtered, searched and sorted, by
    numbered page or by cursor (see app.api.listing)."""
    return jsonify(page_of_{{ domain.name }}(args, current_user.id)), 200
{% else %}
    """List {{ domain.label_plural }}: filtered, searched and sorted, by numbered page or by
    cursor (see app.api.listing)."""
    return jsonify(page_of_{{ domain.name }}(args)), 200
{% endif %}


@bp.post("")
@bp.arguments(Create{{ domain.class_name }}Schema)
@bp.response(201, openapi.envelope({{ domain.class_name }}ResponseSchema))
@bp.versioned
{% if use_email_verification and domain.fields and domain.uses.refs %}
@bp.errors(403, 404)  # the email is not verified yet; a field points at no row
{% elif use_email_verification %}
@bp.errors(403)  # the email is not verified yet
{% elif domain.fields and domain.uses.refs %}
@bp.errors(404)  # a field points at a row that does not exist
{% endif %}
def create_{{ domain.singular }}(fields: dict[str, Any]) -> tuple[Response, int]:
    """Create a {{ domain.label }}{% if use_jwt %} owned by the signed-in user{% endif %}."""
    {{ domain.var }} = services.create_{{ domain.word }}(fields{{ editor }})
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 201


@bp.get("/<uuid:{{ domain.word }}_id>")
@bp.response(200, openapi.envelope({{ domain.class_name }}ResponseSchema))
@bp.versioned
@bp.errors(404)
def get_{{ domain.singular }}({{ domain.word }}_id: UUID) -> tuple[Response, int]:
    """Show one {{ domain.label }}{% if domain.private %} of the signed-in user's{% endif %}."""
    {{ domain.var }} = services.get_{{ domain.word }}({{ domain.word }}_id{{ viewer }})
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 200


@bp.put("/<uuid:{{ domain.word }}_id>")
@bp.arguments(Update{{ domain.class_name }}Schema)
@bp.response(200, openapi.envelope({{ domain.class_name }}ResponseSchema))
@bp.versioned
@bp.errors({{ owner_errors }})
def replace_{{ domain.singular }}(
    changes: dict[str, Any],
    {{ domain.word }}_id: UUID,
) -> tuple[Response, int]:
    """Replace every field of a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}; honours If-Match."""
    return write_{{ domain.word }}({{ domain.word }}_id, changes), 200


@bp.patch("/<uuid:{{ domain.word }}_id>")
@bp.arguments(Update{{ domain.class_name }}Schema(partial=True))
@bp.response(200, openapi.envelope({{ domain.class_name }}ResponseSchema))
@bp.versioned
@bp.errors({{ owner_errors }})
def update_{{ domain.singular }}(
    changes: dict[str, Any],
    {{ domain.word }}_id: UUID,
) -> tuple[Response, int]:
    """Change the given fields of a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}; honours If-Match."""
    return write_{{ domain.word }}({{ domain.word }}_id, changes), 200


@bp.delete("/<uuid:{{ domain.word }}_id>")
@bp.no_content
@bp.versioned
@bp.errors({{ owner_errors }})
def delete_{{ domain.singular }}({{ domain.word }}_id: UUID) -> tuple[str, int]:
    """Delete a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}; honours If-Match."""
    services.delete_{{ domain.word }}({{ domain.word }}_id{{ editor }}, request.if_match)
    return "", 204


def write_{{ domain.word }}({{ domain.word }}_id: UUID, changes: dict[str, Any]) -> Response:
    """Apply ``changes`` unless If-Match names an older version."""
    {{ domain.var }} = services.update_{{ domain.word }}(
        {{ domain.word }}_id,
        changes,
{% if use_jwt %}
        current_user,
{% endif %}
        request.if_match,
    )
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }})


@caching.cached_list
{% if domain.private %}
def page_of_{{ domain.name }}(args: dict[str, Any], owner_id: UUID) -> dict[str, Any]:
    """The body of a list response, cached until a write (see app.caching)."""
    found = services.list_{{ domain.name }}(args, owner_id)
{% else %}
def page_of_{{ domain.name }}(args: dict[str, Any]) -> dict[str, Any]:
    """The body of a list response, cached until a write (see app.caching)."""
    found = services.list_{{ domain.name }}(args)
{% endif %}
    return {"data": page_schema.dump(found.items), "meta": found.meta}
