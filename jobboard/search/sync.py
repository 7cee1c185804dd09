"""Bring the index up to date from the search outbox.

`jobboard.postings.workflow` writes a `SearchOutbox` row in the same transaction as every change of
visibility or content. The indexer reads the rows in batches, re-reads the current postings
from the database (never what a request believed), and per posting either (re)indexes it,
when it is visible, or deletes its entry. The rows are deleted only after the index commit,
so a crash anywhere in between leaves them for the next run: applying a row twice is harmless.

Every writer takes the index's write lock, and reads the database only after taking it: two
writers can never apply an older state over a newer one. While a rebuild runs, syncs step
aside (the rebuild applies the outbox to the new generation before it lets go).

Who runs it:
- embedded mode (default): `after_commit()`, called after a request whose transaction wrote
  outbox rows (see `install()`);
- external mode: `flask --app jobboard search sync --follow`, the single writer;
- either mode: `flask --app jobboard search sync` from cron, which also repairs what a crash
  left behind and removes entries past their expiry.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from flask import Flask, Response, current_app, g, has_app_context
from sqlalchemy import event

from ..extensions import db
from ..models import SearchOutbox
from . import settings
from .apply import SyncReport, apply_pending
from .index import IndexBusy, IndexMissing, SearchIndex, get_index
from .rebuild import ensure_index

log = logging.getLogger(__name__)


def sync(
    index: SearchIndex | None = None,
    *,
    lock_timeout: float | None = None,
    batch_size: int | None = None,
    sweep: bool = True,
    now: datetime | None = None,
) -> SyncReport:
    """Apply every pending outbox row. Builds the index first if there is none."""
    index = index or get_index()
    lock_timeout = settings.setting("SEARCH_LOCK_TIMEOUT") if lock_timeout is None else lock_timeout
    batch_size = batch_size or settings.setting("SEARCH_SYNC_BATCH")
    if index.rebuild_running():
        return SyncReport(deferred=True)
    try:
        with index.write_lock(lock_timeout):
            return apply_pending(index, batch_size=batch_size, sweep=sweep, now=now)
    except IndexBusy:
        return SyncReport(deferred=True)
    except IndexMissing:
        pass
    ensure_index(index)
    report = sync(index, lock_timeout=lock_timeout, batch_size=batch_size, sweep=sweep, now=now)
    report.rebuilt = True
    return report


def follow(
    index: SearchIndex | None = None,
    *,
    stop: threading.Event | None = None,
    interval: float | None = None,
    on_report: Callable[[SyncReport], None] | None = None,
) -> None:
    """Run as the single writer until `stop` is set (or the process is stopped)."""
    index = index or get_index()
    stop = stop or threading.Event()
    interval = settings.setting("SEARCH_FOLLOW_INTERVAL") if interval is None else interval
    sweep_every = settings.setting("SEARCH_SWEEP_INTERVAL")
    last_sweep = 0.0
    while not stop.is_set():
        sweep = time.monotonic() - last_sweep >= sweep_every
        try:
            report = sync(index, lock_timeout=max(interval, 1.0), sweep=sweep)
        except Exception:
            log.exception("search sync failed; retrying")
            stop.wait(max(interval, 1.0) * 5)
            continue
        if sweep and not report.deferred:
            last_sweep = time.monotonic()
        if on_report and (report.rows or report.swept or report.rebuilt):
            on_report(report)
        if not report.rows:
            stop.wait(interval)


# --- embedded mode: after the commit of a request that wrote outbox rows ---------------

_FLAG = "jobboard_search_outbox"


def _after_flush(session, flush_context) -> None:
    if any(isinstance(obj, SearchOutbox) for obj in session.new):
        session.info[_FLAG] = True


def _after_commit(session) -> None:
    if session.info.pop(_FLAG, False) and has_app_context():
        g.search_outbox_committed = True


def _after_rollback(session) -> None:
    session.info.pop(_FLAG, None)


def _listen_once() -> None:
    for name, fn in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_rollback", _after_rollback),
    ):
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


def wrote_outbox() -> bool:
    """True once per request whose committed transaction wrote outbox rows."""
    return bool(g.pop("search_outbox_committed", False))


def after_commit(app: Flask | None = None) -> SyncReport | None:
    """Index what the request's commit changed (embedded mode only). Never raises: a
    failure leaves the rows in the outbox for the next sync."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if settings.sync_mode(app) != settings.EMBEDDED:
        return None
    try:
        return sync(get_index(app), sweep=False)
    except Exception:
        log.exception("search index not updated after commit; the outbox keeps the change")
        return None


def install(app: Flask) -> None:
    """Run `after_commit()` after each request that committed outbox rows."""
    _listen_once()

    @app.after_request
    def _sync_search_index(response: Response) -> Response:
        if wrote_outbox():
            after_commit(app)
        return response
