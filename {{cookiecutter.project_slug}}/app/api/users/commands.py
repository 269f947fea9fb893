"""``flask create-user``: make an account from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from marshmallow import ValidationError

from app.api.users.schemas import CreateUserSchema
from app.api.users.services import create_user
from app.errors import ConflictError


@click.command("create-user")
@click.argument("email")
@click.password_option(help="Asked for when not given.")
@click.option("--admin", is_flag=True, help="Let the user manage every account.")
@with_appcontext
def create_user_command(email: str, password: str, admin: bool) -> None:
    """Create a user who signs in with EMAIL and PASSWORD; the email counts as verified."""
    try:
        fields = CreateUserSchema().load({"email": email, "password": password})
        # Whoever runs the command owns the server: no mail needs to prove the address.
        user = create_user(**fields, is_admin=admin, verified=True)
    except ValidationError as error:
        raise click.ClickException(describe_problems(error)) from error
    except ConflictError as error:
        raise click.ClickException(error.message) from error
    role = "admin" if user.is_admin else "user"
    click.echo(f"Created {role} {user.email} ({user.id}).")


def describe_problems(error: ValidationError) -> str:
    """One line per field: ``password: Length must be between 8 and 128.``"""
    problems = error.messages_dict.items()
    return "\n".join(f"{field}: {' '.join(messages)}" for field, messages in problems)
