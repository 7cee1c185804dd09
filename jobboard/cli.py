"""`flask --app jobboard ...` commands for operators."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .models import PostingStatus
from .search.cli import search_cli

postings_cli = AppGroup("postings", help="Import and export postings as JSON Lines.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds postings.")
def demo_command(if_empty: bool) -> None:
    """Load the deterministic demo data set (organisations, users, postings).

    Refused unless DEMO_MODE is on: the demo accounts have passwords written in the source.
    """
    from . import demo

    if not current_app.config.get("DEMO_MODE"):
        raise click.ClickException(
            "The demo accounts have publicly known passwords. Load them only into a demo "
            "board: set JOBBOARD_DEMO_MODE=true (make run does)."
        )
    try:
        created = demo.load(if_empty=if_empty)
    except demo.DemoError as error:
        raise click.ClickException(str(error)) from error
    if created is None:
        click.echo("Database is not empty: demo data not loaded.")
        if current_app.config.get("DEMO_MODE"):
            click.echo(demo.logins_text())
        return
    click.echo(created.summary())


@postings_cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option(
    "--publish",
    is_flag=True,
    help="Publish at once instead of submitting for review (migrating live listings).",
)
def import_command(file, publish: bool) -> None:
    """Import postings from a JSON Lines FILE ('-' for standard input). All or nothing."""
    from .postings import importexport

    result = importexport.import_lines(file, publish=publish)
    if result.errors:
        for error in result.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(
            f"{len(result.errors)} error(s) in {result.lines_read} line(s); nothing was imported."
        )
    click.echo(f"Imported {result.imported} posting(s).")


@postings_cli.command("export")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice([s.value for s in PostingStatus]),
    help="Only postings in this status (repeatable).",
)
def export_command(output, status: tuple[str, ...]) -> None:
    """Export postings as JSON Lines (to standard output by default)."""
    from .postings import importexport

    count = importexport.export_lines(output, statuses=status or None)
    click.echo(f"Exported {count} posting(s).", err=True)


mail_cli = AppGroup("mail", help="The outgoing mail queue.")


@mail_cli.command("send")
def send_mail_command() -> None:
    """Send queued e-mails that were not sent yet (run from cron every few minutes)."""
    from . import mail

    sent = mail.deliver_pending()
    click.echo(f"Sent {sent} e-mail(s).")


sessions_cli = AppGroup("sessions", help="Server-side sessions.")


@sessions_cli.command("purge")
def purge_sessions_command() -> None:
    """Delete expired sessions from the database store (Redis expires them by itself)."""
    from flask import current_app

    removed = current_app.session_interface.store.purge_expired()
    click.echo(f"Removed {removed} expired session(s).")


lifecycle_cli = AppGroup("lifecycle", help="Expiry and reminders.")


@lifecycle_cli.command("run")
def lifecycle_run_command() -> None:
    """Expire due postings and send reminders 7 days before expiry (cron, every 15 min)."""
    from .postings import lifecycle

    click.echo(str(lifecycle.run()))


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_command)
    app.cli.add_command(postings_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(lifecycle_cli)
    app.cli.add_command(search_cli)
