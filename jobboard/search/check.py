"""Compare the index with the database: every difference, by posting id.

- missing: visible in the database, not in the index;
- extra: in the index, not visible in the database (withdrawn, expired, deleted ...);
- stale: in both, but the entry was built from other content (fingerprints differ);
- duplicate: more than one entry for one posting.

Changes waiting in the outbox show up as differences until the next sync; the report
says how many rows are waiting, so an operator can tell a lagging index from a broken one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from ..extensions import db
from ..postings.queries import visible_postings
from .apply import pending_count
from .index import IndexMissing, SearchIndex, get_index
from .schema import document


@dataclass
class CheckReport:
    database: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    duplicate: list[int] = field(default_factory=list)
    pending: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.error or self.missing or self.extra or self.stale or self.duplicate)

    def lines(self) -> list[str]:
        if self.error:
            return [f"No usable index: {self.error}"]
        out = [
            f"Visible postings in the database: {self.database}; entries in the index: "
            f"{self.indexed}; outbox rows waiting: {self.pending}."
        ]
        for label, ids in (
            ("Missing from the index (visible in the database)", self.missing),
            ("In the index but not visible in the database", self.extra),
            ("Indexed with out-of-date content", self.stale),
            ("Indexed more than once", self.duplicate),
        ):
            if ids:
                out.append(f"{label}: {len(ids)}: " + ", ".join(map(str, ids)))
        out.append("Index and database agree." if self.ok else "Index and database differ.")
        return out


def check(index: SearchIndex | None = None, now: datetime | None = None) -> CheckReport:
    index = index or get_index()
    report = CheckReport()
    try:
        searcher = index.searcher()
    except IndexMissing as error:
        report.error = str(error)
        return report
    entries: dict[int, str] = {}
    counts: Counter[int] = Counter()
    for stored in searcher.all_stored_fields():
        posting_id = int(stored["id"])
        counts[posting_id] += 1
        entries[posting_id] = stored.get("fingerprint", "")
    with Session(db.engine) as session:
        rows = session.scalars(visible_postings(now).execution_options(yield_per=500))
        expected = {p.id: document(p)["fingerprint"] for p in rows}
    report.database, report.indexed = len(expected), sum(counts.values())
    report.missing = sorted(set(expected) - set(entries))
    report.extra = sorted(set(entries) - set(expected))
    report.stale = sorted(i for i in set(expected) & set(entries) if expected[i] != entries[i])
    report.duplicate = sorted(i for i, n in counts.items() if n > 1)
    report.pending = pending_count()
    return report
