"""Production refuses mail settings under which links and mail would reach no one."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config import ProductionConfig


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("http://app.flask-api-template.dev", "LINK_BASE_URL must be an https:// address"),
        ("app.flask-api-template.dev", "LINK_BASE_URL must be an https:// address"),
        ("https://", "LINK_BASE_URL must be an https:// address"),
        ("https://localhost:3000", r"LINK_BASE_URL points at this machine \(localhost\)"),
        ("https://shop.localhost", r"this machine \(shop.localhost\)"),
        ("https://127.0.0.2/app", r"this machine \(127.0.0.2\)"),
        ("https://[::1]:8443", r"this machine \(::1\)"),
        ("https://0.0.0.0", r"this machine \(0.0.0.0\)"),
    ],
)
def test_production_refuses_links_that_reach_no_one(
    production_env: pytest.MonkeyPatch, url: str, complaint: str
) -> None:
    production_env.setenv("LINK_BASE_URL", url)

    with pytest.raises(ValidationError, match=complaint):
        ProductionConfig()


@pytest.mark.parametrize(
    ("sender", "domain"),
    [
        ("you@example.com", "example.com"),
        ("noreply@mail.example.net", "mail.example.net"),
        ("App <noreply@example.org>", "example.org"),
        ("noreply@shop.example", "shop.example"),
        ("noreply@app.test", "app.test"),
        ("noreply@nowhere.invalid", "nowhere.invalid"),
        ("root@localhost", "localhost"),
        ("noreply@app.localhost", "app.localhost"),
    ],
)
def test_production_refuses_a_sender_at_a_reserved_domain(
    production_env: pytest.MonkeyPatch, sender: str, domain: str
) -> None:
    production_env.setenv("MAIL_DEFAULT_SENDER", sender)

    with pytest.raises(ValidationError, match=f"MAIL_DEFAULT_SENDER is at {domain}, reserved"):
        ProductionConfig()


def test_production_refuses_a_sender_that_is_no_address(
    production_env: pytest.MonkeyPatch,
) -> None:
    production_env.setenv("MAIL_DEFAULT_SENDER", "noreply")

    with pytest.raises(ValidationError, match="MAIL_DEFAULT_SENDER must be an email address"):
        ProductionConfig()


@pytest.mark.parametrize(
    ("url", "sender"),
    [
        ("https://app.flask-api-template.dev", "noreply@flask-api-template.dev"),
        ("https://flask-api-template.dev:8443/account", "App <noreply@flask-api-template.dev>"),
        ("https://localhost.flask-api-template.dev", "noreply@test.flask-api-template.dev"),
    ],
)
def test_production_accepts_mail_that_can_arrive(
    production_env: pytest.MonkeyPatch, url: str, sender: str
) -> None:
    production_env.setenv("LINK_BASE_URL", url)
    production_env.setenv("MAIL_DEFAULT_SENDER", sender)

    settings = ProductionConfig()

    assert (url, sender) == (settings.LINK_BASE_URL, settings.MAIL_DEFAULT_SENDER)
