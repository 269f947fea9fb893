"""Admins: list accounts, and deactivate one with immediate effect."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app.api.users.services import find_user_by_email
from app.models import User
from tests.auth_fixtures import client_for
from tests.factories import UserFactory

USERS = "/api/v1/users"


def test_an_admin_lists_accounts_a_page_at_a_time(app: Flask) -> None:
    admin = client_for(app, UserFactory.create(is_admin=True))
    UserFactory.create_batch(3)

    response = admin.get(f"{USERS}?per_page=2")

    assert response.status_code == 200
    body = response.get_json()
    assert len(body["data"]) == 2
    assert body["meta"]["total"] == 4


def test_a_user_who_is_not_an_admin_gets_403(signed_in_client: FlaskClient, user: User) -> None:
    assert signed_in_client.get(USERS).status_code == 403
    response = signed_in_client.patch(f"{USERS}/{user.id}", json={"is_active": False})
    assert response.status_code == 403


def test_deactivating_a_user_stops_their_tokens_at_once(app: Flask) -> None:
    admin = client_for(app, UserFactory.create(is_admin=True))
    user = UserFactory.create()
    users_client = client_for(app, user)
    assert users_client.get(f"{USERS}/me").status_code == 200

    response = admin.patch(f"{USERS}/{user.id}", json={"is_active": False})

    assert response.status_code == 200
    assert response.get_json()["data"]["is_active"] is False
    refused = users_client.get(f"{USERS}/me")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "token_revoked"


def test_an_admin_cannot_deactivate_themselves(app: Flask) -> None:
    admin_user = UserFactory.create(is_admin=True)
    admin = client_for(app, admin_user)

    response = admin.patch(f"{USERS}/{admin_user.id}", json={"is_active": False})

    assert response.status_code == 409


def test_patching_an_unknown_user_is_404(app: Flask) -> None:
    admin = client_for(app, UserFactory.create(is_admin=True))

    unknown = "00000000-0000-4000-8000-000000000000"

    response = admin.patch(f"{USERS}/{unknown}", json={"is_active": True})

    assert response.status_code == 404


def test_only_is_active_can_be_patched(app: Flask) -> None:
    admin_user = UserFactory.create(is_admin=True)
    target = UserFactory.create()

    response = client_for(app, admin_user).patch(f"{USERS}/{target.id}", json={"is_admin": True})

    assert response.status_code == 422


@pytest.mark.parametrize("admin", [True, False])
def test_create_user_makes_an_account_whose_email_is_verified(
    runner: FlaskCliRunner, admin: bool
) -> None:
    """The owner made it on the command line: no mail needs to prove the address."""
    args = ["create-user", "boss@example.com", "--password", "s3cret-pass"]

    result = runner.invoke(args=[*args, "--admin"] if admin else args)

    assert result.exit_code == 0, result.output
    created = find_user_by_email("boss@example.com")
    assert created is not None
    assert (created.is_admin, created.is_verified) == (admin, True)


def test_create_user_names_each_invalid_field(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-user", "not-an-email", "--password", "short"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: email: Not a valid email address.",
        "password: Length must be between 8 and 128.",
    ]


def test_account_management_has_the_stricter_rate_limit(app: Flask) -> None:
    admin = client_for(app, UserFactory.create(is_admin=True))

    statuses = [admin.get(USERS).status_code for _ in range(11)]

    assert statuses == [200] * 10 + [429]
