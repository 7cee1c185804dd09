"""The read side: named queries. Every public surface asks `visible_postings()`.

Visible to the public = status published and not past its expiry. Nothing else decides
what the public sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import aliased

from .. import taxonomy
from ..extensions import db
from ..models import (
    Message,
    Organisation,
    Posting,
    PostingKind,
    PostingRevision,
    PostingSector,
    PostingStatus,
    ReasonCode,
    Report,
    ReportStatus,
    RevisionStatus,
    Role,
    User,
)
from ..timeutil import utcnow

# Statuses whose detail page stays reachable, marked as no longer current.
ARCHIVED_STATUSES = (PostingStatus.EXPIRED, PostingStatus.FILLED)
# Statuses that were public once and were taken down: the page says "gone", nothing more.
GONE_STATUSES = (PostingStatus.WITHDRAWN, PostingStatus.REMOVED)


def is_visible(now: datetime | None = None) -> ColumnElement[bool]:
    """The visibility rule as a SQL condition."""
    now = now or utcnow()
    return and_(
        Posting.status == PostingStatus.PUBLISHED,
        or_(Posting.expires_at.is_(None), Posting.expires_at > now),
    )


def visible_postings(now: datetime | None = None) -> Select[tuple[Posting]]:
    """All postings the public may see, newest first."""
    return (
        select(Posting)
        .join(Posting.organisation)
        .where(is_visible(now), Organisation.active.is_(True))
        .order_by(Posting.published_at.desc(), Posting.id.desc())
    )


@dataclass(frozen=True)
class PostingFilter:
    """Filters of the public listing; unknown codes are dropped, not errors."""

    kind: str | None = None
    region: str | None = None  # a Land (NUTS-1) or a region (NUTS-2)
    sector: str | None = None
    organisation_id: int | None = None

    def apply(self, stmt: Select) -> Select:
        if self.kind in PostingKind.__members__.values():
            stmt = stmt.where(Posting.kind == PostingKind(self.kind))
        if self.region:
            codes = taxonomy.region_filter_codes(self.region)
            if codes:
                stmt = stmt.where(Posting.region.in_(codes))
        if self.sector in taxonomy.SECTORS:
            stmt = stmt.where(
                Posting.id.in_(
                    select(PostingSector.posting_id).where(PostingSector.sector == self.sector)
                )
            )
        if self.organisation_id is not None:
            stmt = stmt.where(Posting.organisation_id == self.organisation_id)
        return stmt


def public_posting(posting_id: int, now: datetime | None = None) -> Posting | None:
    """The posting if the public may see it, else None."""
    return db.session.scalar(visible_postings(now).where(Posting.id == posting_id))


def archived_posting(posting_id: int, now: datetime | None = None) -> Posting | None:
    """A posting that was public and has run out (expired, filled, or published but past its
    expiry): its page stays reachable with a banner and `noindex`."""
    now = now or utcnow()
    return db.session.scalar(
        select(Posting)
        .join(Posting.organisation)
        .where(
            Posting.id == posting_id,
            Organisation.active.is_(True),
            or_(
                Posting.status.in_(ARCHIVED_STATUSES),
                and_(Posting.status == PostingStatus.PUBLISHED, Posting.expires_at <= now),
            ),
        )
    )


def gone_posting_exists(posting_id: int) -> bool:
    """True for a posting that was taken down (withdrawn or removed): answered with 410."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Posting)
            .where(Posting.id == posting_id, Posting.status.in_(GONE_STATUSES))
        )
        > 0
    )


def visible_counts_by_kind(now: datetime | None = None) -> dict[PostingKind, int]:
    sub = visible_postings(now).order_by(None).subquery()
    rows = db.session.execute(select(sub.c.kind, func.count()).group_by(sub.c.kind)).all()
    counts = dict.fromkeys(PostingKind, 0)
    counts.update({PostingKind(kind): n for kind, n in rows})
    return counts


def active_organisations() -> Select[tuple[Organisation]]:
    return select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(active_organisations().where(Organisation.slug == slug))


def postings_of(
    organisation_id: int,
    *,
    status: str | None = None,
    kind: str | None = None,
    text: str | None = None,
) -> Select[tuple[Posting]]:
    """An organisation's own postings in every status, most recently changed first."""
    stmt = select(Posting).where(Posting.organisation_id == organisation_id)
    if status in PostingStatus.__members__.values():
        stmt = stmt.where(Posting.status == PostingStatus(status))
    if kind in PostingKind.__members__.values():
        stmt = stmt.where(Posting.kind == PostingKind(kind))
    if text:
        # LIKE wildcards in the user's text are literal.
        escaped = text.strip()[:100].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Posting.title.ilike(f"%{escaped}%", escape="\\"))
    return stmt.order_by(Posting.updated_at.desc(), Posting.id.desc())


def posting_of(organisation_id: int, posting_id: int) -> Posting | None:
    """The posting if it belongs to the organisation, else None (never another's)."""
    return db.session.scalar(
        select(Posting).where(Posting.id == posting_id, Posting.organisation_id == organisation_id)
    )


# --- the programme office ------------------------------------------------------------------


def moderation_queue(
    kind: str | None = None,
    organisation_id: int | None = None,
    land: str | None = None,
) -> Select[tuple[Posting]]:
    """What waits for a moderator, oldest first: submitted postings, and published postings
    with a pending revision (ordered by when the revision was proposed). Unknown filter
    values are dropped, not errors."""
    pending = aliased(PostingRevision)
    waiting_since = func.coalesce(pending.created_at, Posting.submitted_at)
    stmt = (
        select(Posting)
        .outerjoin(
            pending,
            and_(pending.posting_id == Posting.id, pending.status == RevisionStatus.PENDING),
        )
        .where(
            or_(
                Posting.status == PostingStatus.SUBMITTED,
                and_(Posting.status == PostingStatus.PUBLISHED, pending.id.is_not(None)),
            )
        )
    )
    if kind in PostingKind.__members__.values():
        stmt = stmt.where(Posting.kind == PostingKind(kind))
    if organisation_id is not None:
        stmt = stmt.where(Posting.organisation_id == organisation_id)
    if land in taxonomy.LAENDER:
        stmt = stmt.where(Posting.region.in_(taxonomy.regions_of(land)))
    return stmt.order_by(waiting_since, Posting.id)


def moderation_queue_count() -> int:
    """How many items wait in the moderation queue (shown in the office's navigation)."""
    sub = moderation_queue().order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(sub)) or 0


def published_without_review() -> Select[tuple[Posting]]:
    """Postings a trusted organisation published directly, not yet checked, oldest first."""
    return (
        select(Posting)
        .where(Posting.needs_post_review.is_(True), Posting.status == PostingStatus.PUBLISHED)
        .order_by(Posting.published_at, Posting.id)
    )


def open_reports() -> Select[tuple[Report]]:
    """Visitors' reports not yet handled, oldest first."""
    return (
        select(Report)
        .where(Report.status == ReportStatus.OPEN)
        .order_by(Report.created_at, Report.id)
    )


def open_reports_of(posting_id: int) -> Select[tuple[Report]]:
    return open_reports().where(Report.posting_id == posting_id)


def reason_codes(active_only: bool = True) -> Select[tuple[ReasonCode]]:
    """The canned reasons for rejecting or removing a posting, in the order they were made."""
    stmt = select(ReasonCode).order_by(ReasonCode.id)
    if active_only:
        stmt = stmt.where(ReasonCode.active.is_(True))
    return stmt


def reason_code(code: str | None) -> ReasonCode | None:
    if not code:
        return None
    return db.session.scalar(select(ReasonCode).where(ReasonCode.code == code))


def messages_of(posting_id: int) -> Select[tuple[Message]]:
    """The conversation on a posting, oldest first."""
    return (
        select(Message)
        .where(Message.posting_id == posting_id)
        .order_by(Message.created_at, Message.id)
    )


def active_programme_office() -> Select[tuple[User]]:
    """Moderators and administrators who can still sign in."""
    return (
        select(User)
        .where(User.role.in_((Role.MODERATOR, Role.ADMIN)), User.active.is_(True))
        .order_by(User.name, User.id)
    )


def live_postings_of(organisation_id: int) -> Select[tuple[Posting]]:
    """An organisation's postings that are online or waiting for review."""
    return (
        select(Posting)
        .where(
            Posting.organisation_id == organisation_id,
            Posting.status.in_((PostingStatus.PUBLISHED, PostingStatus.SUBMITTED)),
        )
        .order_by(Posting.id)
    )
