"""factory_boy factories: build and save test rows in the app's scoped session."""

from __future__ import annotations

{% set uses = domains | map(attribute="uses") | list %}
{% set declarations = (["LazyFunction", "Sequence", "SubFactory"] if use_jwt else []) + (["LazyFunction"] if uses | selectattr("lazy_function") | list else []) + (["SubFactory"] if uses | selectattr("sub_factory") | list else []) %}
{% set faker = domains | rejectattr("fields") | list or uses | selectattr("faker") | list %}
{% set utc_now = use_jwt or uses | selectattr("utc_now") | list %}
from factory.alchemy import SQLAlchemyModelFactory
{% if declarations %}
from factory.declarations import {{ declarations | unique | sort | join(", ") }}
{% endif %}
{% if faker %}
from factory.faker import Faker
{% endif %}

{% if use_jwt %}
from app.api.auth.passwords import hash_password
{% endif %}
from app.extensions import db
from app.models import (
{% for class_name in (domains | map(attribute="class_name") | list + (["User"] if use_jwt else [])) | sort %}
    {{ class_name }},
{% endfor %}
)
{% if utc_now %}
from app.models.base import utc_now
{% endif %}
{% if use_jwt %}

DEFAULT_PASSWORD = "correct horse battery staple"
{% endif %}


class ModelFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = db.session
        sqlalchemy_session_persistence = "commit"
{% if use_jwt %}


class UserFactory(ModelFactory):
    class Meta:
        model = User

    email = Sequence(lambda n: f"user{n}@example.com")
    password_hash = LazyFunction(lambda: hash_password(DEFAULT_PASSWORD))
    email_verified_at = LazyFunction(utc_now)
{% endif %}
{% for domain in domains %}


{% include "partials/domain_factory.py" %}
{% endfor %}
