"""Apply search outbox rows to one index generation: the step that `sync` and `rebuild` share.

Per posting named in a batch of rows, the current row is re-read from the database (never
what a request believed) and its entry is either (re)written, when the posting is visible,
or deleted. The rows are deleted only after the index commit, so a crash in between leaves
them for the next run: applying a row twice is harmless. Callers hold the write lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from whoosh.query import NumericRange

from ..extensions import db
from ..models import Posting, SearchOutbox
from ..postings.queries import visible_postings
from ..timeutil import utcnow
from .index import SearchIndex
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
