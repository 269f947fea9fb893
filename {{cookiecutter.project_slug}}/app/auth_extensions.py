"""The extensions of accounts, Flask-JWT-Extended and Flask-Mail: created unbound here,
bound to an app by ``app.extensions.init_extensions``."""

from __future__ import annotations

from flask import Flask
from flask_jwt_extended import JWTManager
from flask_mail import Mail

jwt = JWTManager()
mail = Mail()


def init_app(app: Flask) -> None:
    """Bind both to ``app``."""
    jwt.init_app(app)
    mail.init_app(app)
