"""Tests for the users endpoints and the create-user command."""

from __future__ import annotations

from flask.testing import FlaskClient, FlaskCliRunner

from app.api.users.services import find_user_by_email
from app.models import User


def test_me_returns_the_signed_in_user(signed_in_client: FlaskClient, user: User) -> None:
    verified_at = user.email_verified_at
    assert verified_at is not None

    response = signed_in_client.get("/api/v1/users/me")

    assert response.status_code == 200
    assert response.get_json()["data"] == {
        "id": str(user.id),
        "email": user.email,
        "is_active": True,
        "is_admin": False,
        "email_verified_at": verified_at.isoformat(),
        "created_at": user.created_at.isoformat(),
    }


def test_me_without_a_token_is_401(client: FlaskClient) -> None:
    response = client.get("/api/v1/users/me")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_missing"


def test_create_user_command_creates_an_account(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-user", "Admin@Example.com", "--password", "s3cret-pass"])

    assert result.exit_code == 0, result.output
    assert find_user_by_email("admin@example.com") is not None


def test_create_user_command_rejects_a_bad_email(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-user", "nope", "--password", "s3cret-pass"])

    assert result.exit_code != 0
    assert "email" in result.output
    assert find_user_by_email("nope") is None
