"""{{ domain.label_plural | capitalize }} endpoints under /api/v1/{{ domain.name }}."""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, Response, jsonify, request
{% if use_jwt %}
from flask_jwt_extended import current_user, jwt_required
{% endif %}

from app.api import etags, pagination
from app.api.{{ domain.name }} import services
from app.api.{{ domain.name }}.schemas import (
{% set schemas = ["Create" ~ domain.class_name ~ "Schema", domain.class_name ~ "ResponseSchema", "Update" ~ domain.class_name ~ "Schema"] %}
{% for schema in schemas | sort %}
    {{ schema }},
{% endfor %}
)

bp = Blueprint("{{ domain.name }}", __name__, url_prefix="/api/v1/{{ domain.name }}")

page_query_schema = pagination.PageQuerySchema()
creation_schema = Create{{ domain.class_name }}Schema()
replacement_schema = Update{{ domain.class_name }}Schema()
patch_schema = Update{{ domain.class_name }}Schema(partial=True)
response_schema = {{ domain.class_name }}ResponseSchema()
{% set editor = ", current_user" if use_jwt else "" %}
{% if use_jwt %}


@bp.before_request
@jwt_required()
def require_access_token() -> None:
    """Every {{ domain.label_plural }} endpoint needs a signed-in user."""
{% endif %}


@bp.get("")
def list_{{ domain.name }}() -> tuple[Response, int]:
    """List {{ domain.label_plural }}, newest first, a page at a time."""
    page = services.list_{{ domain.name }}(**page_query_schema.load(request.args))
    return jsonify(page), 200


@bp.post("")
def create_{{ domain.word }}() -> tuple[Response, int]:
    """Create a {{ domain.label }}{% if use_jwt %} owned by the signed-in user{% endif %}."""
    fields = creation_schema.load(request.get_json())
    {{ domain.var }} = services.create_{{ domain.word }}(fields{{ editor }})
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 201


@bp.get("/<uuid:{{ domain.word }}_id>")
def get_{{ domain.word }}({{ domain.word }}_id: UUID) -> tuple[Response, int]:
    """Show one {{ domain.label }}."""
    {{ domain.var }} = services.get_{{ domain.word }}({{ domain.word }}_id)
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 200


@bp.put("/<uuid:{{ domain.word }}_id>")
def replace_{{ domain.word }}({{ domain.word }}_id: UUID) -> tuple[Response, int]:
    """Replace every field of a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}; honours If-Match."""
    changes = replacement_schema.load(request.get_json())
    services.check_{{ domain.word }}_unchanged({{ domain.word }}_id, request.if_match)
    {{ domain.var }} = services.update_{{ domain.word }}({{ domain.word }}_id, changes{{ editor }})
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 200


@bp.patch("/<uuid:{{ domain.word }}_id>")
def update_{{ domain.word }}({{ domain.word }}_id: UUID) -> tuple[Response, int]:
    """Change the given fields of a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}; honours If-Match."""
    changes = patch_schema.load(request.get_json())
    services.check_{{ domain.word }}_unchanged({{ domain.word }}_id, request.if_match)
    {{ domain.var }} = services.update_{{ domain.word }}({{ domain.word }}_id, changes{{ editor }})
    response = jsonify(data=response_schema.dump({{ domain.var }}))
    return etags.with_etag(response, {{ domain.var }}), 200


@bp.delete("/<uuid:{{ domain.word }}_id>")
def delete_{{ domain.word }}({{ domain.word }}_id: UUID) -> tuple[str, int]:
    """Delete a {{ domain.label }}{% if use_jwt %} (owner only){% endif %}."""
    services.delete_{{ domain.word }}({{ domain.word }}_id{{ editor }})
    return "", 204
