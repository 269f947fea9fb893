"""Settings for each environment, read from environment variables and `.env`.

Every field can be set by an environment variable of the same name;
``DATABASE_URL`` (``TEST_DATABASE_URL`` under tests) sets the database.
"""

from __future__ import annotations

{% if cookiecutter.auth != "none" %}import ipaddress
from datetime import timedelta
from email.utils import parseaddr
{% endif %}from pathlib import Path
from typing import NoReturn
{%- if cookiecutter.auth != "none" %}
from urllib.parse import urlsplit
{%- endif %}

from dotenv import load_dotenv
from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent
# Good enough on a laptop; ProductionConfig refuses to start with it.
DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"  # noqa: S105
MIN_SECRET_LENGTH = 32
{%- if cookiecutter.auth != "none" %}
# Reserved for examples and tests (RFC 2606, RFC 6761): mail from them goes nowhere.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
RESERVED_TOP_LEVEL_DOMAINS = ("example", "test", "invalid", "localhost")
{%- endif %}


class BaseConfig(BaseSettings):
    """Settings shared by every environment."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")

    DEBUG: bool = False
    TESTING: bool = False
    SECRET_KEY: str = DEVELOPMENT_SECRET
    SQLALCHEMY_DATABASE_URI: str = Field(
{%- if cookiecutter.database == "postgresql" %}
        default="postgresql+psycopg://postgres:postgres@127.0.0.1:5432/{{ cookiecutter.project_slug }}",
{%- else %}
        # Flask-SQLAlchemy puts a relative SQLite path under instance/.
        default="sqlite:///development.db",
{%- endif %}
        validation_alias=AliasChoices("DATABASE_URL"),
    )
    SQLALCHEMY_POOL_SIZE: int = 5
    SQLALCHEMY_MAX_OVERFLOW: int = 10
    SQLALCHEMY_POOL_RECYCLE: int = 1800
    SQLALCHEMY_POOL_PRE_PING: bool = True
    DATABASE_CONNECT_TIMEOUT: int = 5
    MAX_CONTENT_LENGTH: int = 1024 * 1024
    LOG_LEVEL: str = "INFO"
    RATELIMIT_DEFAULT: str = "300 per minute"
    RATELIMIT_HEADERS_ENABLED: bool = True
    # Browser origins allowed to call the API (CORS); none by default.
    CORS_ORIGINS: list[str] = []
    # Proxies (nginx, a load balancer) in front of the app whose X-Forwarded-For and
    # X-Forwarded-Proto to trust; without it every client shares the proxy's rate limit.
    TRUSTED_PROXIES: int = 0
    # Strict-Transport-Security max-age; on in production, where TLS is assumed.
    HSTS_SECONDS: int = 0
    # The OpenAPI document at /api/v1/openapi.json and Swagger UI at /api/v1/docs.
    API_TITLE: str = "{{ cookiecutter.project_name }}"
    API_VERSION: str = "{{ cookiecutter.version }}"
    OPENAPI_VERSION: str = "3.0.3"
    OPENAPI_URL_PREFIX: str = "/api/v1"
    OPENAPI_JSON_PATH: str = "openapi.json"
    API_DOCS_UI: bool = True
    CACHE_DEFAULT_TIMEOUT: int = 60
    CACHE_KEY_PREFIX: str = "{{ cookiecutter.project_slug }}:"
{%- if cookiecutter.use_redis %}
    REDIS_URL: str = "redis://127.0.0.1:6379/0"
    CACHE_TYPE: str = "RedisCache"
    # With Redis down, rate limits fall back to per-process memory and are logged.
    RATELIMIT_SWALLOW_ERRORS: bool = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED: bool = True
{%- else %}
    # Each process keeps its own rate limits; use Redis to share them. No cache: one
    # in each process's memory would serve lists that another worker's write changed.
    RATELIMIT_STORAGE_URI: str = "memory://"
    CACHE_TYPE: str = "NullCache"
    CACHE_NO_NULL_WARNING: bool = True
{%- endif %}
{%- if cookiecutter.background_jobs == "celery" %}
    # Celery (app/worker.py): the broker and result backend default to REDIS_URL.
    CELERY_BROKER_URL: str | None = None
    CELERY_RESULT_BACKEND: str | None = None
    CELERY_TASK_ALWAYS_EAGER: bool = False
    # A task is stopped after CELERY_TASK_TIME_LIMIT seconds (soft: an exception first).
    CELERY_TASK_SOFT_TIME_LIMIT: int = 120
    CELERY_TASK_TIME_LIMIT: int = 150
    # A task taken by a worker that died goes back to the queue after this long.
    CELERY_VISIBILITY_TIMEOUT: int = 3600
{%- endif %}
{%- if cookiecutter.auth != "none" %}
    AUTH_RATE_LIMIT: str = "10 per minute"
    JWT_SECRET_KEY: str = DEVELOPMENT_SECRET
    JWT_ACCESS_TOKEN_EXPIRES: timedelta = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES: timedelta = timedelta(days=30)
    JWT_COOKIE_SECURE: bool = True
    JWT_COOKIE_SAMESITE: str = "Strict"
    PASSWORD_HASH_METHOD: str = "scrypt"  # noqa: S105 (a method name)
    PASSWORD_RESET_MAX_AGE: timedelta = timedelta(minutes=30)
{%- if cookiecutter.email_verification %}
    EMAIL_VERIFICATION_MAX_AGE: timedelta = timedelta(days=2)
    VERIFICATION_RESEND_RATE_LIMIT: str = "3 per hour"
{%- endif %}
{%- if cookiecutter.auth == "jwt-cookies" %}
    # Tokens travel in HttpOnly cookies; unsafe methods need the CSRF cookie's value
    # echoed in X-CSRF-TOKEN. The refresh cookie only goes to /api/v1/auth/.
    JWT_TOKEN_LOCATION: list[str] = ["cookies"]
    JWT_COOKIE_CSRF_PROTECT: bool = True
    JWT_ACCESS_COOKIE_PATH: str = "/api/"
    JWT_REFRESH_COOKIE_PATH: str = "/api/v1/auth/"
{%- endif %}
    # Mail (Flask-Mail): SMTP in production; development logs each message instead.
    MAIL_SERVER: str = "127.0.0.1"
    MAIL_PORT: int = 587
    MAIL_USE_TLS: bool = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER: str = "{{ cookiecutter.email }}"
    MAIL_SUPPRESS_SEND: bool = False
    # Seconds an SMTP connection waits for the server at each step before it gives up.
    MAIL_TIMEOUT: int = 10
    # The outbox (app/mail.py): a sender holds a message this long, a failed one waits
    # MAIL_RETRY_DELAY seconds, doubled at each attempt up to MAIL_RETRY_MAX_DELAY, and
    # sent messages are deleted after MAIL_KEEP_SENT_DAYS.
    MAIL_CLAIM_SECONDS: int = 300
    MAIL_RETRY_DELAY: int = 30
    MAIL_RETRY_MAX_DELAY: int = 3600
    MAIL_KEEP_SENT_DAYS: int = 30
{%- if cookiecutter.background_jobs == "celery" %}
    # Beat enqueues every due message this often, at most MAIL_SWEEP_BATCH at a time.
    MAIL_SWEEP_SECONDS: int = 60
    MAIL_SWEEP_BATCH: int = 1000
{%- endif %}
    # Links in mail point here, followed by the token: the front-end page that takes it.
    LINK_BASE_URL: str = "http://127.0.0.1:5000"
{%- endif %}

    @property
    def SQLALCHEMY_ENGINE_OPTIONS(self) -> dict[str, object]:  # noqa: N802 (a Flask setting)
        """Pool settings for a database server; SQLite keeps SQLAlchemy's defaults."""
        if self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            return {}
        return {
            "pool_size": self.SQLALCHEMY_POOL_SIZE,
            "max_overflow": self.SQLALCHEMY_MAX_OVERFLOW,
            "pool_recycle": self.SQLALCHEMY_POOL_RECYCLE,
            "pool_pre_ping": self.SQLALCHEMY_POOL_PRE_PING,
            "connect_args": {"connect_timeout": self.DATABASE_CONNECT_TIMEOUT},
        }

    @property
    def OPENAPI_SWAGGER_UI_PATH(self) -> str | None:  # noqa: N802 (a flask-smorest setting)
        return "docs" if self.API_DOCS_UI else None

    @property
    def OPENAPI_SWAGGER_UI_URL(self) -> str:  # noqa: N802 (a flask-smorest setting)
        """Where Swagger UI's scripts and styles are served from: this app, not a CDN."""
        return f"{self.OPENAPI_URL_PREFIX}/docs/"
{%- if cookiecutter.use_redis %}

    @property
    def RATELIMIT_STORAGE_URI(self) -> str:  # noqa: N802 (a Flask-Limiter setting)
        return self.REDIS_URL

    @property
    def CACHE_REDIS_URL(self) -> str:  # noqa: N802 (a Flask-Caching setting)
        return self.REDIS_URL
{%- endif %}
{%- if cookiecutter.background_jobs == "celery" %}

    @property
    def CELERY(self) -> dict[str, object]:  # noqa: N802 (read by app/worker.py)
        """Celery's settings: JSON only, a task acknowledged once it has run (so one
        that a dying worker held runs again), one task prefetched at a time."""
        return {
            "broker_url": self.CELERY_BROKER_URL or self.REDIS_URL,
            "result_backend": self.CELERY_RESULT_BACKEND or self.REDIS_URL,
            "task_ignore_result": True,
            "task_serializer": "json",
            "result_serializer": "json",
            "accept_content": ["json"],
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_soft_time_limit": self.CELERY_TASK_SOFT_TIME_LIMIT,
            "task_time_limit": self.CELERY_TASK_TIME_LIMIT,
            "task_always_eager": self.CELERY_TASK_ALWAYS_EAGER,
            "task_eager_propagates": True,
            "broker_connection_retry_on_startup": True,
            "broker_transport_options": {"visibility_timeout": self.CELERY_VISIBILITY_TIMEOUT},
            "timezone": "UTC",
        }
{%- endif %}


class DevelopmentConfig(BaseConfig):
    """Local development: debug on{% if cookiecutter.database == "sqlite" %}, SQLite file under ``instance/``{% endif %}."""

    DEBUG: bool = True
{%- if cookiecutter.auth != "none" %}
    MAIL_SUPPRESS_SEND: bool = True
{%- endif %}
{%- if cookiecutter.auth == "jwt-cookies" %}
    JWT_COOKIE_SECURE: bool = False  # plain http on localhost
{%- endif %}


class TestingConfig(BaseConfig):
    """The test suite: in-memory SQLite unless ``TEST_DATABASE_URL`` is set."""

    TESTING: bool = True
    SQLALCHEMY_DATABASE_URI: str = Field(
        default="sqlite://", validation_alias=AliasChoices("TEST_DATABASE_URL")
    )
{%- if cookiecutter.use_redis %}
    # Unset, the suite swaps in an in-process fake Redis (tests/redis_fixtures.py).
    REDIS_URL: str = Field(
        default="redis://127.0.0.1:6379/15", validation_alias=AliasChoices("TEST_REDIS_URL")
    )
{%- endif %}
    LOG_LEVEL: str = "WARNING"
{%- if cookiecutter.background_jobs == "celery" %}
    # Tasks run in the test's process, at once, and nothing needs a broker server.
    CELERY_TASK_ALWAYS_EAGER: bool = True
    CELERY_BROKER_URL: str | None = "memory://"
    CELERY_RESULT_BACKEND: str | None = "cache+memory://"
{%- endif %}
{%- if cookiecutter.auth != "none" %}
    # A cheap hash keeps the suite fast; never use it outside tests.
    PASSWORD_HASH_METHOD: str = "pbkdf2:sha256:1000"  # noqa: S105
    MAIL_SUPPRESS_SEND: bool = True
{%- endif %}


class ProductionConfig(BaseConfig):
    """Production: secrets and the database must come from the environment."""

    HSTS_SECONDS: int = 31_536_000
    # Swagger UI only when asked for (API_DOCS_UI=true); /api/v1/openapi.json stays.
    API_DOCS_UI: bool = False
    # Empty until set, so that refuse_unsafe_settings reports them with every other problem.
    SQLALCHEMY_DATABASE_URI: str = Field(default="", validation_alias=AliasChoices("DATABASE_URL"))
    SECRET_KEY: str = ""
{%- if cookiecutter.auth != "none" %}
    JWT_SECRET_KEY: str = ""
{%- endif %}

    @model_validator(mode="after")
    def refuse_unsafe_settings(self) -> ProductionConfig:
        """Stop start-up on settings that would make production unsafe, naming each one."""
        problems = [
            "DATABASE_URL is not set" if not self.SQLALCHEMY_DATABASE_URI else None,
            "DEBUG must be off in production" if self.DEBUG else None,
{%- if cookiecutter.auth != "none" %}
            "JWT_COOKIE_SECURE must be on in production" if not self.JWT_COOKIE_SECURE else None,
{%- endif %}
            *(secret_problem(name, getattr(self, name)) for name in SECRET_SETTINGS),
{%- if cookiecutter.auth != "none" %}
            link_base_url_problem(self.LINK_BASE_URL),
            mail_sender_problem(self.MAIL_DEFAULT_SENDER),
{%- endif %}
        ]
        if found := [problem for problem in problems if problem]:
            raise SettingsError(found)
        return self


SECRET_SETTINGS = ("SECRET_KEY",{% if cookiecutter.auth != "none" %} "JWT_SECRET_KEY"{% endif %})

CONFIGS: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


class SettingsError(ValueError):
    """Settings the app cannot start with: one problem per line, each naming its setting."""

    def __init__(self, problems: list[str], environment: str = "production") -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.environment = environment

    def exit(self) -> NoReturn:
        """End the process with one line per problem on stderr and status 1, and no
        traceback, which would bury the settings to fix (wsgi.py, gunicorn.conf.py)."""
        lines = (f"Cannot start (APP_ENV={self.environment}): {line}" for line in self.problems)
        raise SystemExit("\n".join(lines))


def secret_problem(name: str, value: str) -> str | None:
    """What makes the secret ``name`` unsafe, if anything."""
    if not value:
        return f"{name} is not set; set a random value of at least {MIN_SECRET_LENGTH} characters"
    if value == DEVELOPMENT_SECRET:
        return f"{name} is the development default; set a random value"
    if len(value) < MIN_SECRET_LENGTH:
        return f"{name} must be at least {MIN_SECRET_LENGTH} characters"
    return None
{%- if cookiecutter.auth != "none" %}


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
{%- endif %}


def load_config(name: str) -> BaseConfig:
    """Read `.env`, then build the settings of the environment called ``name``.

    Raises SettingsError listing every problem found, one line each.
    """
    if name not in CONFIGS:
        choices = ", ".join(CONFIGS)
        raise SettingsError([f"APP_ENV is {name!r}; choose one of: {choices}"], name)
    load_dotenv(BASE_DIR / ".env")
    try:
        return CONFIGS[name]()
    except ValidationError as error:
        problems = [line for item in error.errors() for line in describe(item)]
        raise SettingsError(problems, name) from None


def describe(error: ErrorDetails) -> list[str]:
    """pydantic's error as lines that name the setting: ``TRUSTED_PROXIES: Input should ...``."""
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, SettingsError):
        return cause.problems
    setting = ".".join(str(part) for part in error["loc"])
    return [f"{setting}: {error['msg']}"]
