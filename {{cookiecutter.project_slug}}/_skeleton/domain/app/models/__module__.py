"""The {{ domain.label }} model."""

from __future__ import annotations

{% if domain.fields %}
{% set uses = domain.uses %}
{% set relationships = use_jwt or uses.refs %}
{% if uses.datetime %}
import datetime
{% endif %}
{% if uses.decimal %}
import decimal
{% endif %}
{% if uses.uuid or use_jwt %}
import uuid
{% endif %}
{% if relationships or uses.any %}
from typing import {{ (["TYPE_CHECKING"] if relationships else []) | join(", ") }}{{ ", " if relationships and uses.any else "" }}{{ "Any" if uses.any else "" }}
{% endif %}
{% if uses.datetime or uses.decimal or uses.uuid or use_jwt or relationships or uses.any %}

{% endif %}
{% set sqlalchemy = (uses.sqlalchemy + (["ForeignKey"] if use_jwt else []) + (["Index"] if domain.listing.indexes else [])) | unique | list %}
{% if sqlalchemy %}
from sqlalchemy import {{ ((sqlalchemy | select("upper") | sort | list) + (sqlalchemy | reject("upper") | sort(case_sensitive=True) | list)) | join(", ") }}
{% endif %}
from sqlalchemy.orm import Mapped, mapped_column{{ ", relationship" if relationships else "" }}

from app.models.base import VersionedModel
{% if relationships %}

if TYPE_CHECKING:
{% for ref in uses.refs | sort(attribute="target.module") %}
{% if loop.previtem is not defined or loop.previtem.target.module != ref.target.module %}
    from app.models.{{ ref.target.module }} import {{ ref.target.class_name }}
{% endif %}
{% endfor %}
{% if use_jwt %}
    from app.models.user import User
{% endif %}
{% endif %}


class {{ domain.class_name }}(VersionedModel):
{% if use_jwt %}
{% if domain.private %}
    """A {{ domain.label }}; only its owner may see, change or delete it."""
{% else %}
    """A {{ domain.label }}; only its owner may change or delete it."""
{% endif %}
{% else %}
    """A {{ domain.label }}."""
{% endif %}

    __tablename__ = "{{ domain.name }}"
{% for line in domain.listing.indexes %}
{{ line }}
{% endfor %}

{% for field in domain.fields %}
{% for line in field.model %}
{{ line }}
{% endfor %}
{% endfor %}
{% if use_jwt %}
{% if domain.private %}
    # Indexed first in each index of the list: it lists the owner's rows alone.
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
{% else %}
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
{% endif %}
{% endif %}
{% if relationships %}

{% for ref in uses.refs %}
{% for line in ref.relationship %}
{{ line }}
{% endfor %}
{% endfor %}
{% if use_jwt %}
    owner: Mapped[User] = relationship()
{% endif %}
{% endif %}

    def __repr__(self) -> str:
        return f"<{{ domain.class_name }} {self.id}>"
{% else %}
{% if use_jwt %}
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
{% else %}
from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column
{% endif %}

from app.models.base import VersionedModel
{% if use_jwt %}

if TYPE_CHECKING:
    from app.models.user import User
{% endif %}

NAME_MAX_LENGTH = 200


class {{ domain.class_name }}(VersionedModel):
{% if use_jwt %}
{% if domain.private %}
    """A {{ domain.label }}; only its owner may see, change or delete it."""
{% else %}
    """A {{ domain.label }}; only its owner may change or delete it."""
{% endif %}
{% else %}
    """A {{ domain.label }}."""
{% endif %}

    __tablename__ = "{{ domain.name }}"
{% for line in domain.listing.indexes %}
{{ line }}
{% endfor %}

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
{% if use_jwt %}
{% if domain.private %}
    # Indexed first in each index of the list: it lists the owner's rows alone.
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
{% else %}
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
{% endif %}

    owner: Mapped[User] = relationship()
{% endif %}

    def __repr__(self) -> str:
        return f"<{{ domain.class_name }} {self.name!r}>"
{% endif %}
