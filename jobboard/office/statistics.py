"""Figures for the programme office and its reports to the ministry.

Every figure is a named query; the page and the CSV download show the same rows.
"""

from __future__ import annotations

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from .. import taxonomy
from ..extensions import db
from ..models import (
    AuditEvent,
    Organisation,
    Posting,
    PostingSector,
    PostingStatus,
    Report,
    ReportStatus,
)

S = PostingStatus
FIRST_DECISIONS = (S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED)


@dataclass(frozen=True)
class Table:
    """A titled list of (label, count) rows, in display order."""

    key: str
    rows: list[tuple[str, int]]

    @property
    def maximum(self) -> int:
        return max((n for _, n in self.rows), default=0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)


def by_status() -> Table:
    counts = dict(
        db.session.execute(select(Posting.status, func.count()).group_by(Posting.status)).all()
    )
    from ..templating import status_label

    return Table("status", [(status_label(s), counts.get(s, 0)) for s in PostingStatus])


def by_kind() -> Table:
    counts = dict(
        db.session.execute(select(Posting.kind, func.count()).group_by(Posting.kind)).all()
    )
    return Table("kind", [(t.label, counts.get(t.code, 0)) for t in taxonomy.KINDS])


def by_land() -> Table:
    rows = db.session.execute(
        select(Posting.region, func.count())
        .where(Posting.region.is_not(None))
        .group_by(Posting.region)
    ).all()
    per_land: dict[str, int] = defaultdict(int)
    for region, n in rows:
        per_land[taxonomy.land_of(region)] += n
    return Table("land", [(t.label, per_land.get(t.code, 0)) for t in taxonomy.LAENDER])


def by_sector() -> Table:
    counts = dict(
        db.session.execute(
            select(PostingSector.sector, func.count()).group_by(PostingSector.sector)
        ).all()
    )
    return Table("sector", [(t.label, counts.get(t.code, 0)) for t in taxonomy.SECTORS])


def by_organisation() -> Table:
    rows = db.session.execute(
        select(Organisation.name, func.count(Posting.id))
        .join(Posting, Posting.organisation_id == Organisation.id, isouter=True)
        .group_by(Organisation.id, Organisation.name)
        .order_by(func.count(Posting.id).desc(), Organisation.name)
    ).all()
    return Table("organisation", [(name, n) for name, n in rows])


def new_per_month(months: int = 12) -> Table:
    """Postings created per calendar month (UTC), oldest first, the last `months` months."""
    created = db.session.scalars(select(Posting.created_at)).all()
    counts: dict[str, int] = defaultdict(int)
    for moment in created:
        counts[f"{moment.year:04d}-{moment.month:02d}"] += 1
    keys = sorted(counts)[-months:]
    return Table("month", [(k, counts[k]) for k in keys])


def median_hours_to_first_decision() -> float | None:
    """Median time from the first submission to the first moderator decision, in hours."""
    events = db.session.execute(
        select(
            AuditEvent.posting_id, AuditEvent.to_status, AuditEvent.at, AuditEvent.action
        ).order_by(AuditEvent.posting_id, AuditEvent.at, AuditEvent.id)
    ).all()
    submitted: dict[int, datetime] = {}
    waits: list[float] = []
    decided: set[int] = set()
    for posting_id, to_status, at, action in events:
        if to_status == S.SUBMITTED and posting_id not in submitted:
            submitted[posting_id] = at
        elif (
            to_status in FIRST_DECISIONS
            and posting_id in submitted
            and posting_id not in decided
            and action != "trusted"  # published without review: no decision was waited for
        ):
            decided.add(posting_id)
            waits.append((at - submitted[posting_id]).total_seconds() / 3600)
    return round(stats.median(waits), 1) if waits else None


def reports_handled() -> Table:
    counts = dict(
        db.session.execute(select(Report.status, func.count()).group_by(Report.status)).all()
    )
    from flask_babel import gettext as _

    labels = {
        ReportStatus.OPEN: _("open"),
        ReportStatus.DISMISSED: _("dismissed"),
        ReportStatus.ACTED: _("posting removed"),
    }
    return Table("reports", [(labels[s], counts.get(s, 0)) for s in ReportStatus])


def all_tables() -> list[Table]:
    return [
        by_status(),
        by_kind(),
        by_land(),
        by_sector(),
        by_organisation(),
        new_per_month(),
        reports_handled(),
    ]
