"""Initial schema: {% if use_jwt %}users, refresh-token families, the mail outbox and {% endif %}one table per domain.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
{% macro common_columns(table) %}
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ table }}")),
{%- endmacro %}
{% macro owner_key(table, column) %}
        sa.ForeignKeyConstraint(
            ["{{ column }}"],
            ["users.id"],
            name=op.f("fk_{{ table }}_{{ column }}_users"),
            ondelete="CASCADE",
        ),
{%- endmacro %}
{% macro foreign_key(table, column, target, on_delete) %}
        sa.ForeignKeyConstraint(
            ["{{ column }}"],
            ["{{ target }}.id"],
{% set name = "fk_" ~ table ~ "_" ~ column ~ "_" ~ target %}
{% if name | length > 74 %}
            name=op.f(
                "{{ name }}"
            ),
{% else %}
            name=op.f("{{ name }}"),
{% endif %}
            ondelete="{{ on_delete }}",
        ),
{%- endmacro %}
{% macro index(table, column, unique=False, then=[]) %}
    op.create_index(
        op.f("ix_{{ table }}_{{ column }}"),
        "{{ table }}",
        [{{ ([column] + then) | map("tojson") | join(", ") }}],
        unique={{ unique }},
    )
{%- endmacro %}


def upgrade() -> None:
{% if use_postgresql %}
    if op.get_context().dialect.name == "postgresql":  # the tests also migrate SQLite
        # Trigram indexes serve the lists' ?q= search (ILIKE '%word%').
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
{% endif %}
{% if use_jwt %}
    op.create_table(
        "users",
{{ common_columns("users") }}
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True),
    )
{{ index("users", "created_at", then=["id"]) }}
{{ index("users", "email", unique=True) }}

    op.create_table(
        "refresh_token_families",
{{ common_columns("refresh_token_families") }}
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("current_jti", sa.String(length=36), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=256), nullable=True),
{{ owner_key("refresh_token_families", "user_id") }}
    )
{{ index("refresh_token_families", "created_at", then=["id"]) }}
{{ index("refresh_token_families", "current_jti", unique=True) }}
{{ index("refresh_token_families", "user_id") }}

    op.create_table(
        "outbox_messages",
{{ common_columns("outbox_messages") }}
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
{{ index("outbox_messages", "created_at", then=["id"]) }}
{{ index("outbox_messages", "next_attempt_at") }}
{{ index("outbox_messages", "sent_at") }}
{% endif %}
{% for domain in domains %}
{% if use_jwt or not loop.first %}

{% endif %}
    op.create_table(
        "{{ domain.name }}",
{{ common_columns(domain.name) }}
        sa.Column("row_version", sa.Integer(), nullable=False),
{% if domain.fields %}
{% for field in domain.fields %}
{% for line in field.migration %}
{{ line }}
{% endfor %}
{% endfor %}
{% else %}
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
{% endif %}
{% if use_jwt %}
        sa.Column("owner_id", sa.Uuid(), nullable=False),
{% endif %}
{% for ref in (domain.uses.refs if domain.fields else []) %}
{{ foreign_key(domain.name, ref.attribute, ref.target.name, "SET NULL" if ref.nullable else "CASCADE") }}
{% endfor %}
{% if use_jwt %}
{{ owner_key(domain.name, "owner_id") }}
{% endif %}
    )
{% for line in domain.listing.migration_indexes %}
{{ line }}
{% endfor %}
{% if use_jwt and not domain.private %}
{{ index(domain.name, "owner_id") }}
{% endif %}
{% for ref in (domain.uses.refs if domain.fields else []) if ref.indexed_alone %}
{{ index(domain.name, ref.attribute) }}
{% endfor %}
{% endfor %}


def downgrade() -> None:
{% for domain in domains | reverse %}
    op.drop_table("{{ domain.name }}")
{% endfor %}
{% if use_jwt %}
    op.drop_table("outbox_messages")
    op.drop_table("refresh_token_families")
    op.drop_table("users")
{% endif %}
