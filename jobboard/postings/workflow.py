"""The write side of a posting's lifecycle. `_move()` is the only code that changes a
posting's status: it checks the transition against `TRANSITIONS`, stamps the dates and
writes the audit entry. Callers commit; side effects (index, mail) follow the commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    AuditEvent,
    Posting,
    PostingKind,
    PostingRevision,
    PostingStatus,
    RevisionStatus,
    SearchOutbox,
    TrainingRun,
    TrustLevel,
    User,
)
from ..timeutil import end_of_day, utcnow

S = PostingStatus

#: The lifecycle of domain.md: from-status -> statuses it may move to.
TRANSITIONS: dict[PostingStatus | None, frozenset[PostingStatus]] = {
    None: frozenset({S.DRAFT, S.SUBMITTED, S.PUBLISHED}),  # creation (import may publish)
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED, S.WITHDRAWN}),
    S.CHANGES_REQUESTED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.REJECTED: frozenset({S.SUBMITTED}),
    S.PUBLISHED: frozenset({S.EXPIRED, S.FILLED, S.WITHDRAWN, S.REMOVED}),
    S.EXPIRED: frozenset({S.PUBLISHED}),
    S.FILLED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.REMOVED: frozenset(),
}

VACANCY_LIFETIME = timedelta(days=60)
RENEWAL_WINDOW = timedelta(days=30)


class WorkflowError(ValueError):
    """A transition the lifecycle does not allow; nothing was changed."""

    def __init__(self, posting: Posting, to_status: PostingStatus, reason: str | None = None):
        self.posting, self.to_status = posting, to_status
        frm = posting.status.value if posting.status else "new"
        super().__init__(reason or f"posting {posting.id}: {frm} -> {to_status.value} not allowed")


def can_move(posting: Posting, to_status: PostingStatus) -> bool:
    # A posting not yet created has no status: the column default applies at insert only.
    return to_status in TRANSITIONS[posting.status]


def expiry_for(posting: Posting, now: datetime) -> datetime:
    """When a posting published `now` stops being visible.

    Vacancies: 60 days, or the end of the application deadline if that is earlier.
    Training offers: the end of the registration deadline, else the start of the last run,
    else 60 days.
    """
    default = now + VACANCY_LIFETIME
    if posting.kind == PostingKind.VACANCY:
        if posting.application_deadline:
            return min(default, end_of_day(posting.application_deadline))
        return default
    if posting.registration_deadline:
        return end_of_day(posting.registration_deadline)
    if posting.runs:
        return end_of_day(max(run.start_date for run in posting.runs))
    return default


def _move(
    posting: Posting,
    to_status: PostingStatus,
    actor: User | None,
    *,
    reason_code: str | None = None,
    message: str | None = None,
    action: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Change the status, stamp the dates and record who did it and why."""
    now = now or utcnow()
    from_status = posting.status
    if not can_move(posting, to_status):
        raise WorkflowError(posting, to_status)
    posting.status = to_status
    if to_status == S.SUBMITTED:
        posting.submitted_at = now
    elif to_status == S.PUBLISHED:
        if from_status != S.EXPIRED:
            posting.published_at = now
        posting.expires_at = expiry_for(posting, now)
    event = AuditEvent(
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        at=now,
        reason_code=reason_code,
        message=message,
        action=action,
    )
    posting.events.append(event)
    db.session.add(posting)
    if S.PUBLISHED in (from_status, to_status):
        mark_for_reindex(posting)
    return event


def mark_for_reindex(posting: Posting) -> None:
    """Tell the search indexer, in this transaction, that the posting's entry may be stale.

    Written for every change of visibility and every change to a published posting's
    content; the indexer decides from the database what the entry must be.
    """
    db.session.add(SearchOutbox(posting=posting))


def create(
    posting: Posting,
    actor: User | None,
    *,
    status: PostingStatus = S.DRAFT,
    message: str | None = None,
    now: datetime | None = None,
) -> Posting:
    """Add a new posting as a draft, submitted for review, or (import only) published."""
    if posting.status is not None:
        raise WorkflowError(posting, status, "create() takes a new posting")
    _move(posting, status, actor, message=message, now=now)
    return posting


def submit(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """Send a draft (or a posting sent back by the programme office) for review.

    A trusted organisation's posting is published at once and listed for a moderator to
    check afterwards ("published without review").
    """
    event = _move(posting, S.SUBMITTED, actor, now=now)
    if posting.organisation.trust_level == TrustLevel.TRUSTED and expiry_for(
        posting, now or utcnow()
    ) > (now or utcnow()):
        posting.needs_post_review = True
        return _move(posting, S.PUBLISHED, actor, action="trusted", now=now)
    return event


def approve(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """Publish a submitted posting: `published_at` now, expiry by `expiry_for()`.

    Refused when the posting's deadline has passed while it waited, since it would be
    invisible from the start; the moderator asks for new dates instead.
    """
    now = now or utcnow()
    if posting.status != S.SUBMITTED:
        # Expired -> published exists for renewal only, with its own checks (renew()).
        raise WorkflowError(posting, S.PUBLISHED, "only submitted postings can be approved")
    if expiry_for(posting, now) <= now:
        raise WorkflowError(posting, S.PUBLISHED, "its deadline has passed; ask for new dates")
    return _move(posting, S.PUBLISHED, actor, now=now)


def request_changes(
    posting: Posting, actor: User | None, message: str, now: datetime | None = None
) -> AuditEvent:
    """Send a submitted posting back to its organisation with what to change."""
    if not (message or "").strip():
        raise WorkflowError(posting, S.CHANGES_REQUESTED, "a message is required")
    return _move(posting, S.CHANGES_REQUESTED, actor, message=message.strip(), now=now)


def reject(
    posting: Posting,
    actor: User | None,
    reason_code: str,
    message: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Turn a submitted posting down for good, with a reason code and a message."""
    if not reason_code:
        raise WorkflowError(posting, S.REJECTED, "a reason is required")
    return _move(posting, S.REJECTED, actor, reason_code=reason_code, message=message, now=now)


def remove(
    posting: Posting,
    actor: User | None,
    reason_code: str,
    message: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Take a published posting offline as the programme office (after a report or a
    check after publication), with a reason."""
    if not reason_code:
        raise WorkflowError(posting, S.REMOVED, "a reason is required")
    _discard_pending_revision(posting, now)
    posting.needs_post_review = False
    return _move(posting, S.REMOVED, actor, reason_code=reason_code, message=message, now=now)


def mark_reviewed(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """A moderator has checked a posting that a trusted organisation published directly."""
    if not posting.needs_post_review:
        raise WorkflowError(posting, posting.status, "nothing to review")
    posting.needs_post_review = False
    event = AuditEvent(
        from_status=posting.status,
        to_status=posting.status,
        actor=actor,
        at=now or utcnow(),
        action="post_reviewed",
    )
    posting.events.append(event)
    return event


def extend(
    posting: Posting,
    actor: User | None,
    days: int = 30,
    now: datetime | None = None,
) -> AuditEvent:
    """Keep a published posting online for `days` more days (the "still open" link)."""
    now = now or utcnow()
    if posting.status != S.PUBLISHED or posting.expires_at is None or posting.expires_at <= now:
        raise WorkflowError(posting, S.PUBLISHED, "only current postings can be extended")
    posting.expires_at = posting.expires_at + timedelta(days=days)
    posting.reminder_sent_for = None
    event = AuditEvent(
        from_status=S.PUBLISHED, to_status=S.PUBLISHED, actor=actor, at=now, action="extend"
    )
    posting.events.append(event)
    mark_for_reindex(posting)
    return event


def expire_due(now: datetime | None = None) -> list[Posting]:
    """Mark every published posting past its expiry as expired (the lifecycle job).

    Idempotent: a posting already expired is not touched again.
    """
    now = now or utcnow()
    due = db.session.scalars(
        select(Posting).where(Posting.status == S.PUBLISHED, Posting.expires_at <= now)
    ).all()
    for posting in due:
        expire(posting, now=now)
    return list(due)


def expire(posting: Posting, now: datetime | None = None) -> AuditEvent:
    return _move(posting, S.EXPIRED, None, now=now)


def withdraw(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """Take a posting offline (or out of review) for good."""
    _discard_pending_revision(posting, now)
    return _move(posting, S.WITHDRAWN, actor, now=now)


def mark_filled(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """Take a published vacancy offline because it has been filled; its page stays
    reachable, marked as filled. Training offers have no "filled": they are withdrawn."""
    if posting.kind != PostingKind.VACANCY:
        raise WorkflowError(posting, S.FILLED, "only vacancies can be marked as filled")
    _discard_pending_revision(posting, now)
    return _move(posting, S.FILLED, actor, now=now)


def renewal_deadline(posting: Posting) -> datetime | None:
    """Until when an expired posting may be renewed by its publisher."""
    return posting.expires_at + RENEWAL_WINDOW if posting.expires_at else None


#: Why `renew()` would refuse, as codes the views translate (see `renewal_problem()`).
RENEW_NOT_EXPIRED = "not_expired"
RENEW_WINDOW_PASSED = "window_passed"
RENEW_DEADLINE_PASSED = "deadline_passed"


def is_overdue(posting: Posting, now: datetime | None = None) -> bool:
    """Published but past its expiry: no longer visible, though the lifecycle job has not
    marked it expired yet."""
    now = now or utcnow()
    return (
        posting.status == S.PUBLISHED
        and posting.expires_at is not None
        and posting.expires_at <= now
    )


def renewal_problem(posting: Posting, now: datetime | None = None) -> str | None:
    """None if `renew()` would put the posting back online now, else why not:
    `RENEW_NOT_EXPIRED` (not expired, nor published past its expiry),
    `RENEW_WINDOW_PASSED` (more than 30 days after expiry) or
    `RENEW_DEADLINE_PASSED` (its application or registration deadline, or the start of
    its last run, has passed, so a new period would end at once)."""
    now = now or utcnow()
    if posting.status != S.EXPIRED and not is_overdue(posting, now):
        return RENEW_NOT_EXPIRED
    deadline = renewal_deadline(posting)
    if deadline is None or now > deadline:
        return RENEW_WINDOW_PASSED
    if expiry_for(posting, now) <= now:
        return RENEW_DEADLINE_PASSED
    return None


def renew(posting: Posting, actor: User | None, now: datetime | None = None) -> AuditEvent:
    """Put an expired posting back online for another period, within 30 days of expiry.

    A posting still marked published but past its expiry (the lifecycle job has not run
    yet) is expired first, so the trail shows both steps. Every check runs before the
    first move, so a refused renewal changes nothing.
    """
    now = now or utcnow()
    problem = renewal_problem(posting, now)
    if problem == RENEW_NOT_EXPIRED:
        raise WorkflowError(posting, S.PUBLISHED, "only expired postings can be renewed")
    if problem == RENEW_WINDOW_PASSED:
        raise WorkflowError(posting, S.PUBLISHED, "renewal window of 30 days has passed")
    if problem == RENEW_DEADLINE_PASSED:
        raise WorkflowError(posting, S.PUBLISHED, "its deadline has passed; edit the dates first")
    if is_overdue(posting, now):
        _move(posting, S.EXPIRED, None, now=now)
    return _move(posting, S.PUBLISHED, actor, action="renew", now=now)


# --- changes that are not status moves --------------------------------------------------


def duplicate(posting: Posting, actor: User | None, now: datetime | None = None) -> Posting:
    """A new draft with the same content (for a similar job or the next course)."""
    skip = {"id", "status", "created_at", "updated_at", "submitted_at", "published_at",
            "expires_at", "created_by_id"}  # fmt: skip
    values = {
        column.key: getattr(posting, column.key)
        for column in Posting.__table__.columns
        if column.key not in skip
    }
    copy = type(posting)(**values)
    copy.sectors = posting.sectors
    copy.runs = [
        TrainingRun(start_date=r.start_date, end_date=r.end_date, note=r.note) for r in posting.runs
    ]
    copy.created_by = actor
    return create(copy, actor, now=now)


def delete_draft(posting: Posting) -> None:
    """Delete a draft for good; anything that was ever submitted stays on record."""
    if posting.status != S.DRAFT:
        raise WorkflowError(posting, S.DRAFT, "only drafts can be deleted")
    db.session.delete(posting)


def propose_revision(
    posting: Posting, data: dict, actor: User | None, now: datetime | None = None
) -> PostingRevision:
    """Record edits to a published posting for review; the live version stays online.

    A newer proposal replaces an older one that is still pending.
    """
    now = now or utcnow()
    if posting.status != S.PUBLISHED:
        raise WorkflowError(posting, S.PUBLISHED, "only published postings take revisions")
    _discard_pending_revision(posting, now, RevisionStatus.SUPERSEDED)
    revision = PostingRevision(
        status=RevisionStatus.PENDING, data=data, created_by=actor, created_at=now
    )
    posting.revisions.append(revision)
    posting.events.append(
        AuditEvent(from_status=S.PUBLISHED, to_status=S.PUBLISHED, actor=actor, at=now,
                   action="revision_proposed")
    )  # fmt: skip
    db.session.add(posting)
    return revision


def _discard_pending_revision(
    posting: Posting, now: datetime | None, status: RevisionStatus = RevisionStatus.REJECTED
) -> None:
    pending = posting.pending_revision
    if pending is not None:
        pending.status = status
        pending.decided_at = now or utcnow()
