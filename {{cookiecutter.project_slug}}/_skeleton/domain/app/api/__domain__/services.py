"""Business logic for {{ domain.label_plural }}: queries{% if use_jwt %}, ownership{% endif %} and transactions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
{% set refs = domain.uses.refs if domain.fields else [] %}
{% if refs %}
from sqlalchemy.orm import joinedload
{% endif %}
from werkzeug.datastructures import ETags

from app.api import etags, pagination
from app.api.{{ domain.name }}.schemas import {{ domain.class_name }}ResponseSchema
from app.caching import forget
{% if use_jwt %}
from app.errors import PermissionDeniedError, ResourceNotFoundError
{% else %}
from app.errors import ResourceNotFoundError
{% endif %}
from app.extensions import cache, db
from app.models import {{ (([domain.class_name, "User"] if use_jwt else [domain.class_name]) + (refs | map(attribute="target.class_name") | list)) | unique | sort | join(", ") }}
from app.models.base import utc_now
from app.transaction import transaction

page_schema = {{ domain.class_name }}ResponseSchema(many=True)
{% if refs %}
# Field -> the model it points at: a write naming a missing row is a 404.
REFERENCES = {
{% for ref in refs %}
    "{{ ref.attribute }}": {{ ref.target.class_name }},
{% endfor %}
}
{% endif %}


@cache.memoize()
def list_{{ domain.name }}(page: int, per_page: int) -> dict[str, Any]:
    """A page of {{ domain.label_plural }}, newest first, as served; cached until a write."""
    newest_first = ({{ domain.class_name }}.created_at.desc(), {{ domain.class_name }}.id)
    query = select({{ domain.class_name }}).order_by(*newest_first)
{% for ref in refs %}
    query = query.options(joinedload({{ domain.class_name }}.{{ ref.name }}))
{% endfor %}
    found = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return {"data": page_schema.dump(found.items), "meta": pagination.page_meta(found)}


def get_{{ domain.word }}({{ domain.word }}_id: UUID) -> {{ domain.class_name }}:
    """The {{ domain.label }} with this id; 404 if there is none."""
    {{ domain.var }} = db.session.get({{ domain.class_name }}, {{ domain.word }}_id)
    if {{ domain.var }} is None:
        raise ResourceNotFoundError("{{ domain.label | capitalize }} not found.")
    return {{ domain.var }}
{% if use_jwt %}


def get_owned_{{ domain.word }}({{ domain.word }}_id: UUID, user: User) -> {{ domain.class_name }}:
    """The {{ domain.label }} if ``user`` owns it; 404 if missing, 403 if not theirs."""
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id)
    if {{ domain.var }}.owner_id != user.id:
        raise PermissionDeniedError("Only the owner may change this {{ domain.label }}.")
    return {{ domain.var }}
{% endif %}


def check_{{ domain.word }}_unchanged({{ domain.word }}_id: UUID, if_match: ETags) -> None:
    """412 if If-Match names an older version of the {{ domain.label }}."""
    etags.require_match(get_{{ domain.word }}({{ domain.word }}_id), if_match)
{% if refs %}


def check_references(changes: dict[str, Any]) -> None:
    """404 when a change points at a row that does not exist."""
    for attribute, model in REFERENCES.items():
        target_id = changes.get(attribute)
        if target_id is not None and db.session.get(model, target_id) is None:
            raise ResourceNotFoundError(f"{model.__name__} not found.")
{% endif %}


{% if use_jwt %}
def create_{{ domain.word }}(fields: dict[str, Any], owner: User) -> {{ domain.class_name }}:
    {{ domain.var }} = {{ domain.class_name }}(owner_id=owner.id, **fields)
{% else %}
def create_{{ domain.word }}(fields: dict[str, Any]) -> {{ domain.class_name }}:
    {{ domain.var }} = {{ domain.class_name }}(**fields)
{% endif %}
{% if refs %}
    check_references(fields)
{% endif %}
    with transaction():
        db.session.add({{ domain.var }})
    forget(list_{{ domain.name }})
    return {{ domain.var }}


{% if use_jwt %}
def update_{{ domain.word }}(
    {{ domain.word }}_id: UUID,
    changes: dict[str, Any],
    editor: User,
) -> {{ domain.class_name }}:
    {{ domain.var }} = get_owned_{{ domain.word }}({{ domain.word }}_id, editor)
{% else %}
def update_{{ domain.word }}(
    {{ domain.word }}_id: UUID,
    changes: dict[str, Any],
) -> {{ domain.class_name }}:
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id)
{% endif %}
{% if refs %}
    check_references(changes)
{% endif %}
    with transaction():
        for attribute, value in changes.items():
            setattr({{ domain.var }}, attribute, value)
        {{ domain.var }}.updated_at = utc_now()  # every write is a new version (ETag)
    forget(list_{{ domain.name }})
    return {{ domain.var }}


{% if use_jwt %}
def delete_{{ domain.word }}({{ domain.word }}_id: UUID, editor: User) -> None:
    {{ domain.var }} = get_owned_{{ domain.word }}({{ domain.word }}_id, editor)
{% else %}
def delete_{{ domain.word }}({{ domain.word }}_id: UUID) -> None:
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id)
{% endif %}
    with transaction():
        db.session.delete({{ domain.var }})
    forget(list_{{ domain.name }})
