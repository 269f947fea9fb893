"""Settings for each environment, read from environment variables and `.env`.

Every field can be set by an environment variable of the same name;
``DATABASE_URL`` (``TEST_DATABASE_URL`` under tests) sets the database. The settings
of the project's options come from the modules of ``settings/``, mixed in below.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from dotenv import load_dotenv
from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from settings import DEVELOPMENT_SECRET, secret_problem
{% if cookiecutter.auth != "none" %}from settings.accounts import (
    AccountSettings,
    DevelopmentAccountSettings,
    ProductionAccountSettings,
    TestingAccountSettings,
)
{% endif %}from settings.{% if cookiecutter.background_jobs == "celery" %}celery{% elif cookiecutter.use_redis %}redis{% elif cookiecutter.database == "sqlite" %}file_cache{% else %}memory{% endif %} import BackendSettings{% if cookiecutter.use_redis %}, TestingBackendSettings{% endif %}

BASE_DIR = Path(__file__).resolve().parent


class CoreSettings(BaseSettings):
    """The settings of every project: Flask's, the database's, logs, rate limits, CORS,
    the API document and the cache."""

    DEBUG: bool = False
    TESTING: bool = False
    SECRET_KEY: str = DEVELOPMENT_SECRET
    SQLALCHEMY_DATABASE_URI: str = Field(
        # A relative SQLite path (sqlite:///name.db) goes under instance/.
        default="{% if cookiecutter.database == "postgresql" %}postgresql+psycopg://postgres:postgres@127.0.0.1:5432/{{ cookiecutter.project_slug }}{% else %}sqlite:///development.db{% endif %}",
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


class BaseConfig({% if cookiecutter.auth != "none" %}AccountSettings, {% endif %}BackendSettings, CoreSettings):
    """Settings shared by every environment: the core's, and those of the options."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")


class DevelopmentConfig({% if cookiecutter.auth != "none" %}DevelopmentAccountSettings, {% endif %}BaseConfig):
    """Local development: debug on."""

    DEBUG: bool = True


class TestingConfig({% if cookiecutter.auth != "none" %}TestingAccountSettings, {% endif %}{% if cookiecutter.use_redis %}TestingBackendSettings, {% endif %}BaseConfig):
    """The test suite: in-memory SQLite unless ``TEST_DATABASE_URL`` is set."""

    TESTING: bool = True
    SQLALCHEMY_DATABASE_URI: str = Field(
        default="sqlite://", validation_alias=AliasChoices("TEST_DATABASE_URL")
    )
    LOG_LEVEL: str = "WARNING"


class ProductionConfig({% if cookiecutter.auth != "none" %}ProductionAccountSettings, {% endif %}BaseConfig):
    """Production: secrets and the database must come from the environment."""

    HSTS_SECONDS: int = 31_536_000
    # Swagger UI only when asked for (API_DOCS_UI=true); /api/v1/openapi.json stays.
    API_DOCS_UI: bool = False
    # Empty until set, so that refuse_unsafe_settings reports them with every other problem.
    SQLALCHEMY_DATABASE_URI: str = Field(default="", validation_alias=AliasChoices("DATABASE_URL"))
    SECRET_KEY: str = ""

    @model_validator(mode="after")
    def refuse_unsafe_settings(self) -> ProductionConfig:
        """Stop start-up on settings that would make production unsafe, naming each one."""
        problems = [
            "DATABASE_URL is not set" if not self.SQLALCHEMY_DATABASE_URI else None,
            "DEBUG must be off in production" if self.DEBUG else None,
            *(secret_problem(name, getattr(self, name)) for name in SECRET_SETTINGS),
{%- if cookiecutter.auth != "none" %}
            *self.unsafe_account_settings(),
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
