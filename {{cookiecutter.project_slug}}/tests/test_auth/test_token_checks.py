"""Every access token is checked against its account when it is verified, not later.

``@jwt_required()`` runs ``verify_jwt_in_request``; the user loader must refuse a
deactivated or deleted account there, so routes that never read ``current_user``
refuse the token too.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask_jwt_extended import create_access_token, verify_jwt_in_request
from flask_jwt_extended.exceptions import UserLookupError

from app.extensions import db
from app.models import User
from tests.auth_fixtures import with_token


def verify_token_of(app: Flask, user: User) -> None:
    token = create_access_token(identity=str(user.id))
    with app.test_request_context(headers=with_token(token)):
        verify_jwt_in_request()


def test_an_active_users_token_is_verified(app: Flask, user: User) -> None:
    verify_token_of(app, user)


def test_a_deactivated_users_token_is_refused_at_verification(app: Flask, user: User) -> None:
    user.is_active = False
    db.session.commit()

    with pytest.raises(UserLookupError):
        verify_token_of(app, user)


def test_a_deleted_users_token_is_refused_at_verification(app: Flask, user: User) -> None:
    db.session.delete(user)
    db.session.commit()

    with pytest.raises(UserLookupError):
        verify_token_of(app, user)
