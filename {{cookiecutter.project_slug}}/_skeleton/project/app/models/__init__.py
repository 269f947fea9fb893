"""Every model, imported here so Alembic and ``flask shell`` see them all."""

from __future__ import annotations

{% set models = [] %}
{% for domain in domains %}
{% set _ = models.append((domain.module, domain.class_name)) %}
{% endfor %}
{% if use_jwt %}
{% set _ = models.append(("outbox_message", "OutboxMessage")) %}
{% set _ = models.append(("refresh_token_family", "RefreshTokenFamily")) %}
{% set _ = models.append(("user", "User")) %}
{% endif %}
{% for module, class_name in models | sort %}
from app.models.{{ module }} import {{ class_name }}
{% endfor %}

__all__ = [
{% for class_name in models | map(attribute=1) | sort %}
    "{{ class_name }}",
{% endfor %}
]
