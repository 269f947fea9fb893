"""Settings for each environment, read from environment variables and `.env`.

Every field can be set by an environment variable of the same name;
``DATABASE_URL`` (``TEST_DATABASE_URL`` under tests) sets the database.
"""

from __future__ import annotations

{% if cookiecutter.auth == "jwt" %}from datetime import timedelta
{% endif %}from pathlib import Path

from dotenv import load_dotenv
from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BASE_DIR = Path(__file__).resolve().parent
# Good enough on a laptop; ProductionConfig refuses to start with it.
DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"  # noqa: S105
MIN_SECRET_LENGTH = 32


class BaseConfig(BaseSettings):
    """Settings shared by every environment."""

    model_config = SettingsConfigDict(case_sensitive=True, extra="ignore")

    DEBUG: bool = False
    TESTING: bool = False
    SECRET_KEY: str = DEVELOPMENT_SECRET
    SQLALCHEMY_DATABASE_URI: str = Field(
        # Flask-SQLAlchemy puts a relative SQLite path under instance/.
        default="sqlite:///development.db",
        validation_alias=AliasChoices("DATABASE_URL"),
    )
    MAX_CONTENT_LENGTH: int = 1024 * 1024
    LOG_LEVEL: str = "INFO"
    RATELIMIT_STORAGE_URI: str = "memory://"
    RATELIMIT_DEFAULT: str = "300 per minute"
    RATELIMIT_HEADERS_ENABLED: bool = True
{%- if cookiecutter.auth == "jwt" %}
    AUTH_RATE_LIMIT: str = "10 per minute"
    JWT_SECRET_KEY: str = DEVELOPMENT_SECRET
    JWT_ACCESS_TOKEN_EXPIRES: timedelta = timedelta(minutes=15)
    JWT_REFRESH_TOKEN_EXPIRES: timedelta = timedelta(days=30)
    JWT_COOKIE_SECURE: bool = True
    JWT_COOKIE_SAMESITE: str = "Strict"
    PASSWORD_HASH_METHOD: str = "scrypt"  # noqa: S105 (a method name)
{%- endif %}


class DevelopmentConfig(BaseConfig):
    """Local development: debug on, SQLite file under ``instance/``."""

    DEBUG: bool = True


class TestingConfig(BaseConfig):
    """The test suite: in-memory SQLite unless ``TEST_DATABASE_URL`` is set."""

    TESTING: bool = True
    SQLALCHEMY_DATABASE_URI: str = Field(
        default="sqlite://", validation_alias=AliasChoices("TEST_DATABASE_URL")
    )
    LOG_LEVEL: str = "WARNING"
{%- if cookiecutter.auth == "jwt" %}
    # A cheap hash keeps the suite fast; never use it outside tests.
    PASSWORD_HASH_METHOD: str = "pbkdf2:sha256:1000"  # noqa: S105
{%- endif %}


class ProductionConfig(BaseConfig):
    """Production: secrets and the database must come from the environment."""

    SQLALCHEMY_DATABASE_URI: str = Field(validation_alias=AliasChoices("DATABASE_URL"))
    SECRET_KEY: str
{%- if cookiecutter.auth == "jwt" %}
    JWT_SECRET_KEY: str
{%- endif %}

    @model_validator(mode="after")
    def refuse_unsafe_settings(self) -> ProductionConfig:
        """Stop start-up on settings that would make production unsafe."""
        if self.DEBUG:
            raise ValueError("DEBUG must be off in production")
        for name in SECRET_SETTINGS:
            check_secret(name, getattr(self, name))
        return self


SECRET_SETTINGS = ("SECRET_KEY",{% if cookiecutter.auth == "jwt" %} "JWT_SECRET_KEY"{% endif %})

CONFIGS: dict[str, type[BaseConfig]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def check_secret(name: str, value: str) -> None:
    """Raise ValueError naming ``name`` if its value is the default or too short."""
    if value == DEVELOPMENT_SECRET:
        raise ValueError(f"{name} is the development default; set a random value")
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"{name} must be at least {MIN_SECRET_LENGTH} characters")


def load_config(name: str) -> BaseConfig:
    """Read `.env`, then build the settings of the environment called ``name``."""
    if name not in CONFIGS:
        choices = ", ".join(CONFIGS)
        raise ValueError(f"Unknown config {name!r}; choose one of: {choices}")
    load_dotenv(BASE_DIR / ".env")
    return CONFIGS[name]()
