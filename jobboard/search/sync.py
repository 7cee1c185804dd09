"""Bring the index up to date from the search outbox.

`jobboard.workflow` writes a `SearchOutbox` row in the same transaction as every change of
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
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, g, has_app_context
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session
from whoosh.query import NumericRange

from ..extensions import db
from ..models import Posting, SearchOutbox
from ..queries import visible_postings
from ..timeutil import utcnow
from . import settings
from .index import IndexBusy, IndexMissing, SearchIndex, get_index
from .schema import document

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    rows: int = 0  # outbox rows applied and deleted
    indexed: int = 0  # entries added or replaced
    deleted: int = 0  # entries removed (not visible any more)
    swept: int = 0  # entries removed because their expiry passed
    deferred: bool = False  # the lock was busy or a rebuild runs: rows left for later
    rebuilt: bool = False  # there was no usable index: it was built from the database

    def __str__(self) -> str:
        if self.deferred:
            return "Index busy (a rebuild or another writer); outbox left for the next sync."
        text = (
            f"Applied {self.rows} outbox row(s): {self.indexed} indexed, {self.deleted} removed"
            f"; {self.swept} expired entr{'y' if self.swept == 1 else 'ies'} removed."
        )
        return ("Built the missing index. " if self.rebuilt else "") + text


def pending_count() -> int:
    with Session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(SearchOutbox)) or 0


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
    from .rebuild import ensure_index

    ensure_index(index)
    report = sync(index, lock_timeout=lock_timeout, batch_size=batch_size, sweep=sweep, now=now)
    report.rebuilt = True
    return report


def apply_pending(
    index: SearchIndex, *, batch_size: int = 200, sweep: bool = True, now: datetime | None = None
) -> SyncReport:
    """Apply the outbox to the live generation. The caller holds the write lock."""
    _generation, ix = index.writable()
    report = SyncReport()
    while True:
        with Session(db.engine) as session:
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.posting_id)
                .order_by(SearchOutbox.id)
                .limit(batch_size)
            ).all()
            if not rows:
                break
            posting_ids = sorted({row.posting_id for row in rows})
            visible = {
                p.id: p
                for p in session.scalars(
                    visible_postings(now).where(Posting.id.in_(posting_ids))
                ).unique()
            }
            indexed = deleted = 0
            writer = ix.writer()
            try:
                for posting_id in posting_ids:
                    if posting_id in visible:
                        writer.update_document(**document(visible[posting_id]))
                        indexed += 1
                    else:
                        writer.delete_by_term("id", str(posting_id))
                        deleted += 1
                writer.commit()
            except BaseException:
                cancel_quietly(writer)
                raise
            report.indexed += indexed
            report.deleted += deleted
            # Only the rows read above: a change committed meanwhile keeps its own row.
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
            session.commit()
            report.rows += len(rows)
    if sweep:
        report.swept = sweep_expired(ix, now)
    return report


def sweep_expired(ix, now: datetime | None = None) -> int:
    """Remove entries whose expiry has passed (searches already hide them by time)."""
    cutoff = int((now or utcnow()).timestamp())
    expired = NumericRange("expires", None, cutoff)
    with ix.searcher() as searcher:
        count = sum(1 for _ in searcher.docs_for_query(expired))
    if count:
        writer = ix.writer()
        try:
            writer.delete_by_query(expired)
            writer.commit()
        except BaseException:
            cancel_quietly(writer)
            raise
    return count


def cancel_quietly(writer) -> None:
    """Give up a writer after a failure: close its files and release whoosh's lock."""
    try:
        writer.cancel()
    except Exception:
        log.warning("could not cancel the index writer cleanly", exc_info=True)


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
