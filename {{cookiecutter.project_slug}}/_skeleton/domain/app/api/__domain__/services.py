"""Business logic for {{ domain.label_plural }}: queries{% if use_jwt %}, ownership{% endif %}, versions and transactions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
{% set refs = domain.uses.refs if domain.fields else [] %}
{% if refs %}
from sqlalchemy.orm import joinedload
{% endif %}
from werkzeug.datastructures import ETags

from app.api import etags, listing
{% if use_jwt and not domain.private %}
from app.errors import PermissionDeniedError, ResourceNotFoundError
{% else %}
from app.errors import ResourceNotFoundError
{% endif %}
from app.extensions import db
from app.models import {{ (([domain.class_name, "User"] if use_jwt else [domain.class_name]) + (refs | map(attribute="target.class_name") | list)) | unique | sort | join(", ") }}
from app.models.base import utc_now
from app.transaction import transaction
{% if refs %}

# Field -> the model it points at: a write naming a missing row is a 404.
REFERENCES = {
{% for ref in refs %}
    "{{ ref.attribute }}": {{ ref.target.class_name }},
{% endfor %}
}
{% endif %}
{% set model = domain.class_name %}

{% for line in domain.listing.definition %}
{{ line }}
{% endfor %}


{% if domain.private %}
def list_{{ domain.name }}(args: dict[str, Any], owner_id: UUID) -> listing.Page:
    """A page of ``owner_id``'s {{ domain.label_plural }}, as the list's query (``args``) asks."""
    query = select({{ model }}).where({{ model }}.owner_id == owner_id)
{% else %}
def list_{{ domain.name }}(args: dict[str, Any]) -> listing.Page:
    """A page of {{ domain.label_plural }}, as the list's query (``args``) asks."""
    query = select({{ model }})
{% endif %}
{% for ref in refs %}
    query = query.options(joinedload({{ model }}.{{ ref.name }}))
{% endfor %}
    return LISTING.page(query, args)


def get_{{ domain.word }}(
    {{ domain.word }}_id: UUID,
{% if domain.private %}
    viewer: User,
{% endif %}
    *,
    for_update: bool = False,
) -> {{ domain.class_name }}:
{% if domain.private %}
    """The {{ domain.label }} with this id if ``viewer`` owns it; 404 otherwise, as if there
    were none. ``for_update`` locks its row until the transaction ends, so that no
    other request writes it meanwhile."""
{% else %}
    """The {{ domain.label }} with this id; 404 if there is none. ``for_update`` locks its
    row until the transaction ends, so that no other request writes it meanwhile."""
{% endif %}
    {{ domain.var }} = db.session.get(
        {{ domain.class_name }},
        {{ domain.word }}_id,
        with_for_update=for_update,
    )
{% if domain.private %}
    if {{ domain.var }} is None or {{ domain.var }}.owner_id != viewer.id:
{% else %}
    if {{ domain.var }} is None:
{% endif %}
        raise ResourceNotFoundError("{{ domain.label | capitalize }} not found.")
    return {{ domain.var }}


def get_{{ domain.word }}_to_change(
    {{ domain.word }}_id: UUID,
{% if use_jwt %}
    editor: User,
{% endif %}
    if_match: ETags,
) -> {{ domain.class_name }}:
{% if domain.private %}
    """The {{ domain.label }}, locked until the write commits: 404 if missing or not
    ``editor``'s, then 412 if ``if_match`` names an older version."""
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id, editor, for_update=True)
{% elif use_jwt %}
    """The {{ domain.label }}, locked until the write commits: 404 if missing, 403 if
    ``editor`` does not own it, then 412 if ``if_match`` names an older version."""
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id, for_update=True)
    if {{ domain.var }}.owner_id != editor.id:
        raise PermissionDeniedError("Only the owner may change this {{ domain.label }}.")
{% else %}
    """The {{ domain.label }}, locked until the write commits: 404 if missing, 412 if
    ``if_match`` names an older version."""
    {{ domain.var }} = get_{{ domain.word }}({{ domain.word }}_id, for_update=True)
{% endif %}
    etags.require_match({{ domain.var }}, if_match)
    return {{ domain.var }}
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
    return {{ domain.var }}


def update_{{ domain.word }}(
    {{ domain.word }}_id: UUID,
    changes: dict[str, Any],
{% if use_jwt %}
    editor: User,
{% endif %}
    if_match: ETags,
) -> {{ domain.class_name }}:
    {{ domain.var }} = get_{{ domain.word }}_to_change({{ domain.word }}_id{{ ", editor" if use_jwt else "" }}, if_match)
{% if refs %}
    check_references(changes)
{% endif %}
    with transaction():
        for attribute, value in changes.items():
            setattr({{ domain.var }}, attribute, value)
        {{ domain.var }}.updated_at = utc_now()  # a new version even if no field changed
    return {{ domain.var }}


def delete_{{ domain.word }}(
    {{ domain.word }}_id: UUID,
{% if use_jwt %}
    editor: User,
{% endif %}
    if_match: ETags,
) -> None:
    {{ domain.var }} = get_{{ domain.word }}_to_change({{ domain.word }}_id{{ ", editor" if use_jwt else "" }}, if_match)
    with transaction():
        db.session.delete({{ domain.var }})
