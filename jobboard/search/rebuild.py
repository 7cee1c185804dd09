"""Build the whole index from the database, into a fresh generation, and switch over.

Searches keep using the live generation while the new one is built; `switch_to()` replaces
the pointer atomically, and each reader opens the new generation on its next search.

A rebuild holds the rebuild lock (one rebuild at a time) and the write lock from before it
reads the database until after it has applied the outbox to the new generation: syncs step
aside meanwhile and leave their rows, so no change made during the rebuild is lost.
Outbox rows that were already committed when the rebuild started are deleted instead of
applied once the new generation is live: the rebuild read the database after them, so the new
generation holds their change already (after a bulk import of 100,000 postings, applying them
one batch of 200 at a time would take longer than the rebuild itself).
The generation before the new one is kept (a reader may still be finishing a search on it);
older ones and leftovers of failed rebuilds are deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Posting, SearchOutbox
from ..postings.queries import visible_postings
from .apply import SyncReport, apply_pending, cancel_quietly
from .index import SearchIndex, get_index
from .schema import document

#: Memory (MB, as whoosh estimates it) for the postings of a rebuild before whoosh sorts them
#: into temporary runs on disk. 512 keeps a board of 10,000 postings in memory: measured,
#: its rebuild took 20 s instead of 30 s with 128 (which spilled), at a peak of 480 MB
#: instead of 260 MB for the process. Larger boards spill whatever the size.
WRITER_MB = 512
#: Seconds a rebuild waits for a sync that holds the write lock.
WRITE_LOCK_WAIT = 120.0
#: Seconds a process that found no index waits for another process's rebuild.
ENSURE_WAIT = 300.0

Progress = Callable[[int, int], None]


@dataclass
class RebuildReport:
    generation: str
    documents: int
    seconds: float
    outbox: SyncReport = field(default_factory=SyncReport)
    superseded: int = 0  # outbox rows committed before the rebuild read the database
    removed_generations: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Indexed {self.documents} visible posting(s) in {self.seconds:.1f} s into "
            f"{self.generation}; applied {self.outbox.rows} outbox row(s) written meanwhile."
        )


def rebuild(
    index: SearchIndex | None = None,
    *,
    progress: Progress | None = None,
    batch_size: int = 500,
    now: datetime | None = None,
) -> RebuildReport:
    """Rebuild now. Raises `IndexBusy` if another rebuild is running."""
    index = index or get_index()
    with index.rebuild_lock(timeout=0):
        return _rebuild_locked(index, progress=progress, batch_size=batch_size, now=now)


def ensure_index(index: SearchIndex | None = None) -> RebuildReport | None:
    """Build the index if there is no usable one (first use, unreadable, other version).
    Waits for a rebuild another process is running instead of starting a second one."""
    index = index or get_index()
    if index.is_usable():
        return None
    with index.rebuild_lock(timeout=ENSURE_WAIT):
        if index.is_usable():  # built by whoever held the lock before us
            return None
        return _rebuild_locked(index)


def _rebuild_locked(
    index: SearchIndex,
    *,
    progress: Progress | None = None,
    batch_size: int = 500,
    now: datetime | None = None,
) -> RebuildReport:
    started = time.monotonic()
    with index.write_lock(WRITE_LOCK_WAIT):
        previous = index.read_pointer()
        covered = _committed_outbox_ids()
        generation, ix = index.new_generation()
        count = 0
        try:
            writer = ix.writer(limitmb=WRITER_MB)
            try:
                count = _add_all(writer, batch_size, progress, now)
                writer.commit(optimize=True)
            except BaseException:
                cancel_quietly(writer)
                raise
        except BaseException:
            index.remove_generations(keep=_keep(index, previous))
            raise
        index.switch_to(generation)
        _delete_outbox_rows(covered)
        outbox = apply_pending(index, now=now)
        keep = {generation} | ({previous.generation} if previous else set())
        removed = index.remove_generations(keep=keep)
    return RebuildReport(
        generation=generation,
        documents=count,
        seconds=time.monotonic() - started,
        outbox=outbox,
        superseded=len(covered),
        removed_generations=removed,
    )


def _committed_outbox_ids() -> list[int]:
    """The outbox rows committed so far. Read before the postings: whatever they announce
    is in the database state the rebuild reads, so the new generation covers them."""
    with Session(db.engine) as session:
        return list(session.scalars(select(SearchOutbox.id)))


def _delete_outbox_rows(ids: list[int], chunk: int = 500) -> None:
    """Delete exactly these rows (not "every id up to n": on PostgreSQL a smaller id may
    commit later); rows written during the rebuild stay for `apply_pending`."""
    with Session(db.engine) as session:
        for start in range(0, len(ids), chunk):
            session.execute(
                delete(SearchOutbox).where(SearchOutbox.id.in_(ids[start : start + chunk]))
            )
        session.commit()


def _keep(index: SearchIndex, previous) -> set[str]:
    """After a failed build: keep what is live (and its predecessor's files in use)."""
    current = index.read_pointer()
    return {p.generation for p in (previous, current) if p is not None}


def _add_all(writer, batch_size: int, progress: Progress | None, now: datetime | None) -> int:
    with Session(db.engine) as session:
        ids = session.scalars(
            visible_postings(now).with_only_columns(Posting.id).order_by(None).order_by(Posting.id)
        ).all()
    total, done = len(ids), 0
    if progress:
        progress(0, total)
    for start in range(0, total, batch_size):
        chunk = ids[start : start + batch_size]
        with Session(db.engine) as session:
            # Re-read with the visibility rule: a posting withdrawn since is left out.
            for posting in session.scalars(visible_postings(now).where(Posting.id.in_(chunk))):
                writer.add_document(**document(posting))
                done += 1
        if progress:
            progress(min(start + len(chunk), total), total)
    return done
