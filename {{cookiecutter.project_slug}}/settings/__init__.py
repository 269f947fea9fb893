"""Settings of the project's options, a module each, that config.py mixes into its
environments; and what they share: the development secret that production refuses."""

from __future__ import annotations

# Good enough on a laptop; ProductionConfig refuses to start with it.
DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"  # noqa: S105
MIN_SECRET_LENGTH = 32


def secret_problem(name: str, value: str) -> str | None:
    """What makes the secret ``name`` unsafe, if anything."""
    if not value:
        return f"{name} is not set; set a random value of at least {MIN_SECRET_LENGTH} characters"
    if value == DEVELOPMENT_SECRET:
        return f"{name} is the development default; set a random value"
    if len(value) < MIN_SECRET_LENGTH:
        return f"{name} must be at least {MIN_SECRET_LENGTH} characters"
    return None
