"""The {{ domain.label }} model."""

from __future__ import annotations

{% if use_jwt %}
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
{% else %}
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column
{% endif %}

from app.models.base import Model
{% if use_jwt %}

if TYPE_CHECKING:
    from app.models.user import User
{% endif %}

NAME_MAX_LENGTH = 200


class {{ domain.class_name }}(Model):
{% if use_jwt %}
    """A {{ domain.label }}; only its owner may change or delete it."""
{% else %}
    """A {{ domain.label }}."""
{% endif %}

    __tablename__ = "{{ domain.name }}"

    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
{% if use_jwt %}
    owner_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )

    owner: Mapped[User] = relationship()
{% endif %}

    def __repr__(self) -> str:
        return f"<{{ domain.class_name }} {self.name!r}>"
