"""The ``flask scaffold`` commands."""

from __future__ import annotations

from pathlib import Path

import click

from scaffold.generate import ScaffoldError, add_domains

# scaffold/cli.py -> the project's root, where the code and migrations live.
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@click.group("scaffold")
def scaffold_cli() -> None:
    """Add code as the project's template would have baked it."""


@scaffold_cli.command("domain")
@click.argument("names", nargs=-1, required=True)
def domain_command(names: tuple[str, ...]) -> None:
    """Add domains (plural names, e.g. comments, or with fields, e.g.
    "comments(body:text, post:ref)"): model, blueprint, services, schemas, factory,
    tests and one migration. Names and fields are checked as the bake checks them."""
    if not (PROJECT_ROOT / "migrations/versions").is_dir():
        raise click.ClickException(f"{PROJECT_ROOT} is not the project's source tree")
    try:
        added = add_domains(PROJECT_ROOT, list(names))
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from error
    click.echo("Wrote:")
    for path in added["files"]:
        click.echo(f"  {path}")
    for path in added["migrations"]:
        click.echo(f"  {path} (read it before you apply it)")
    if added["snapshot"]:
        click.echo("  openapi.json (the API changed)")
    else:
        click.echo("Write the API snapshot: flask --app wsgi openapi write openapi.json")
    click.echo("Next: flask --app wsgi db upgrade, then pytest; commit it all together.")
