"""`flask --app jobboard search ...`: rebuild, sync, check. See docs/operations.md."""

from __future__ import annotations

import signal
import threading

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The full-text search index (a copy of the database).")


@search_cli.command("rebuild")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def rebuild_command(quiet: bool) -> None:
    """Build the index from the database into a fresh directory and switch over.

    Searches keep working on the old index meanwhile; changes made during the rebuild are
    applied to the new index before it goes live.
    """
    from .index import IndexBusy
    from .rebuild import rebuild

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Indexing postings", show_pos=True)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = rebuild(progress=progress)
    except IndexBusy as error:
        raise click.ClickException(str(error)) from error
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(str(report))


@search_cli.command("sync")
@click.option(
    "--follow",
    is_flag=True,
    help="Keep running as the single writer of the index (SEARCH_SYNC_MODE = 'external').",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=None,
    help="With --follow: seconds to wait when there is nothing to do (default 1).",
)
def sync_command(follow: bool, interval: float | None) -> None:
    """Apply the changes waiting in the search outbox (and remove expired entries).

    Without --follow it runs once: from cron, it repairs what a crash between a commit and
    the index update left behind.
    """
    from . import sync

    if not follow:
        report = sync.sync()
        click.echo(str(report))
        if report.deferred:
            raise SystemExit(75)  # EX_TEMPFAIL: try again later
        return

    stop = threading.Event()

    def _stop(signum, frame) -> None:
        stop.set()

    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if in_main_thread else None
    click.echo("Following the search outbox; stop with Ctrl-C or SIGTERM.")
    try:
        sync.follow(stop=stop, interval=interval, on_report=lambda r: click.echo(str(r)))
    except KeyboardInterrupt:
        pass
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    click.echo("Stopped.")


@search_cli.command("check")
def check_command() -> None:
    """Report every difference between the database and the index; exit 1 if any."""
    from .check import check

    report = check()
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        raise SystemExit(1)
