"""The HTTP API: one blueprint per domain, mounted under ``/api/v1``."""

from __future__ import annotations

from flask import Flask

from app.api import openapi
{% set blueprints = ["health"] + (["auth", "users"] if use_jwt else []) + domains | map(attribute="name") | list %}
{% for name in blueprints | sort %}
from app.api.{{ name }}.routes import bp as {{ name }}_bp
{% endfor %}


def register_blueprints(app: Flask) -> None:
    """Mount every blueprint on ``app`` and document it in the app's OpenAPI document."""
    api = openapi.Api(app{% if use_jwt %}, auth="{{ "cookies" if use_jwt_cookies else "headers" }}"{% endif %})
{% for name in blueprints | sort %}
    api.register_blueprint({{ name }}_bp)
{% endfor %}
