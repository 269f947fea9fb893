"""Accounts: their tokens and passwords, the mail they send and the links in it, and
what production refuses of these."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from pydantic_settings import BaseSettings

from settings import DEVELOPMENT_SECRET
{% if cookiecutter.auth == "jwt-cookies" %}from settings.cookie_tokens import CookieTokenSettings, DevelopmentCookieTokenSettings
{% endif %}{% if cookiecutter.background_jobs == "celery" %}from settings.mail_tasks import MailTaskSettings
{% endif %}{% if cookiecutter.email_verification %}from settings.verification import VerificationSettings
{% endif %}
# Reserved for examples and tests (RFC 2606, RFC 6761): mail from them goes nowhere.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TOP_LEVEL_DOMAINS = ("example", "test", "invalid", "localhost")


class AccountSettings({% if cookiecutter.auth == "jwt-cookies" %}CookieTokenSettings, {% endif %}{% if cookiecutter.email_verification %}VerificationSettings, {% endif %}{% if cookiecutter.background_jobs == "celery" %}MailTaskSettings, {% endif %}BaseSettings):
    """Tokens, passwords, and the mail that accounts are sent."""

    AUTH_RATE_LIMIT: str = "10 per minute"
    JWT_SECRET_KEY: str = DEVELOPMENT_SECRET
    JWT_ACCESS_TOKEN_EXPIRES: timedelta = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES: timedelta = timedelta(days=30)
    JWT_COOKIE_SECURE: bool = True
    JWT_COOKIE_SAMESITE: str = "Strict"
    # OWASP's scrypt minimum in its least memory, 8 MiB a hash (N=2^13, r=8, p=10).
    # Werkzeug's plain "scrypt" (N=2^15, p=1) costs less work yet holds 32 MiB, and
    # every worker keeps its peak.
    PASSWORD_HASH_METHOD: str = "scrypt:8192:8:10"  # noqa: S105 (a method name)
    PASSWORD_RESET_MAX_AGE: timedelta = timedelta(minutes=30)
    # Mail (Flask-Mail): SMTP in production; development logs each message instead.
    MAIL_SERVER: str = "127.0.0.1"
    MAIL_PORT: int = 587
    MAIL_USE_TLS: bool = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER: str = "{{ cookiecutter.email }}"
    MAIL_SUPPRESS_SEND: bool = False
    # Seconds an SMTP connection waits for the server at each step before it gives up.
    MAIL_TIMEOUT: float = 10
    # The outbox (app/mail.py): a sender holds a message this long, a failed one waits
    # MAIL_RETRY_DELAY seconds, doubled at each attempt up to MAIL_RETRY_MAX_DELAY, and
    # sent messages are deleted after MAIL_KEEP_SENT_DAYS.
    MAIL_CLAIM_SECONDS: int = 300
    MAIL_RETRY_DELAY: int = 30
    MAIL_RETRY_MAX_DELAY: int = 3600
    MAIL_KEEP_SENT_DAYS: int = 30
    # Links in mail point here, followed by the token: the front-end page that takes it.
    LINK_BASE_URL: str = "http://127.0.0.1:5000"

    def unsafe_account_settings(self) -> list[str | None]:
        """What production refuses of these settings: a line naming each, or None."""
        return [
            "JWT_COOKIE_SECURE must be on in production" if not self.JWT_COOKIE_SECURE else None,
            link_base_url_problem(self.LINK_BASE_URL),
            mail_sender_problem(self.MAIL_DEFAULT_SENDER),
        ]


# What each environment changes of the settings above. These classes hold only that,
# beside AccountSettings rather than below it: pydantic takes a field that two bases
# share from the first of them, not from the first in the MRO (pydantic#13678).
class DevelopmentAccountSettings({% if cookiecutter.auth == "jwt-cookies" %}DevelopmentCookieTokenSettings, {% endif %}BaseSettings):
    """Mail is logged, not sent."""

    MAIL_SUPPRESS_SEND: bool = True


class TestingAccountSettings(BaseSettings):
    """Mail is recorded, not sent, and passwords are hashed cheaply."""

    # A cheap hash keeps the suite fast; never use it outside tests.
    PASSWORD_HASH_METHOD: str = "pbkdf2:sha256:1000"  # noqa: S105
    MAIL_SUPPRESS_SEND: bool = True


class ProductionAccountSettings(BaseSettings):
    """The token secret must come from the environment."""

    JWT_SECRET_KEY: str = ""


def link_base_url_problem(url: str) -> str | None:
    """Why links in mail would not reach their readers, if they would not: https, elsewhere."""
    host = urlsplit(url).hostname
    if not url.startswith("https://") or not host:
        return f"LINK_BASE_URL must be an https:// address in production, not {url!r}"
    if is_this_machine(host):
        return f"LINK_BASE_URL points at this machine ({host}), not at your front-end"
    return None


def mail_sender_problem(sender: str) -> str | None:
    """Why mail from ``sender`` could not be delivered, if it could not."""
    address = parseaddr(sender)[1]
    if "@" not in address:
        return f"MAIL_DEFAULT_SENDER must be an email address, not {sender!r}"
    domain = address.rpartition("@")[2]
    if is_reserved_domain(domain):
        return f"MAIL_DEFAULT_SENDER is at {domain}, reserved for examples and tests"
    return None


def is_this_machine(host: str) -> bool:
    """``localhost`` and its subdomains, loopback addresses and 0.0.0.0 (or ::)."""
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a name
        return False
    return address.is_loopback or address.is_unspecified


def is_reserved_domain(domain: str) -> bool:
    """example.com (.net, .org) or under one, or anything ending in .test, .localhost, ..."""
    labels = domain.lower().rstrip(".").split(".")
    return labels[-1] in RESERVED_TOP_LEVEL_DOMAINS or ".".join(labels[-2:]) in RESERVED_DOMAINS
