"""The programme office's decisions on postings, and the conversation about them.

Each decision is one named change of `jobboard.postings.workflow` (or `jobboard.postings.revisions`,
`jobboard.office.reports`) plus the e-mail that tells the posting's organisation, queued in the
same transaction and sent after the commit. Callers commit; a refused decision raises
`workflow.WorkflowError` and the caller rolls back, so neither the change nor the mail
happens.

Who hears about a posting: its author if still active, else the organisation's
administrators (`lifecycle.recipients`), each in their own language.
"""

from __future__ import annotations

from datetime import datetime

from .. import mail
from ..extensions import db
from ..models import (
    AuditEvent,
    Message,
    Posting,
    PostingRevision,
    PostingStatus,
    ReasonCode,
    Report,
    User,
)
from ..postings import lifecycle, queries, revisions, workflow
from ..templating import slugify
from ..timeutil import utcnow
from . import reports

MESSAGE_MAX = 5000


def tell_organisation(posting: Posting, template: str, **context) -> list[str]:
    """Queue `mail/<template>.txt` for everyone who hears about `posting`; returns the
    addresses."""
    addresses = []
    for user in lifecycle.recipients(posting):
        mail.queue(
            user.email,
            template,
            user.language,
            user=user,
            posting=posting,
            manage_url=mail.absolute_url("manage.posting", posting_id=posting.id),
            public_url=public_url(posting, user.language),
            **context,
        )
        addresses.append(user.email)
    return addresses


def public_url(posting: Posting, language: str) -> str:
    return mail.absolute_url(
        "public.posting_detail",
        posting_id=posting.id,
        slug=slugify(posting.title),
        lang=language if language in ("de", "en") else "de",
    )


def _reason(posting: Posting, code: str, to_status: PostingStatus) -> ReasonCode:
    reason = queries.reason_code(code)
    if reason is None or not reason.active:
        raise workflow.WorkflowError(posting, to_status, "unknown or inactive reason code")
    return reason


# --- decisions on submitted postings ---------------------------------------------------------


def approve(posting: Posting, moderator: User, now: datetime | None = None) -> AuditEvent:
    """Publish a submitted posting and tell its organisation until when it is online."""
    event = workflow.approve(posting, moderator, now=now)
    tell_organisation(posting, "decision_approved", event=event)
    return event


def request_changes(
    posting: Posting, moderator: User, message: str, now: datetime | None = None
) -> AuditEvent:
    """Send a submitted posting back with what to change (a message is required)."""
    event = workflow.request_changes(posting, moderator, message, now=now)
    tell_organisation(posting, "decision_changes_requested", event=event)
    return event


def reject(
    posting: Posting, moderator: User, reason_code: str, message: str, now: datetime | None = None
) -> AuditEvent:
    """Turn a submitted posting down with a reason from the list and a message."""
    reason = _reason(posting, reason_code, PostingStatus.REJECTED)
    event = workflow.reject(posting, moderator, reason.code, message, now=now)
    tell_organisation(posting, "decision_rejected", event=event, reason=reason)
    return event


# --- published postings ------------------------------------------------------------------


def remove(
    posting: Posting, moderator: User, reason_code: str, message: str, now: datetime | None = None
) -> AuditEvent:
    """Take a published posting offline with a reason. Open reports on it are closed as
    acted upon."""
    reason = _reason(posting, reason_code, PostingStatus.REMOVED)
    first_report = db.session.scalar(queries.open_reports_of(posting.id))
    if first_report is not None:
        reports.remove_posting(first_report, moderator, reason.code, message)
        event = posting.events[-1]
    else:
        event = workflow.remove(posting, moderator, reason.code, message, now=now)
    tell_organisation(posting, "decision_removed", event=event, reason=reason)
    return event


def mark_reviewed(posting: Posting, moderator: User, now: datetime | None = None) -> AuditEvent:
    """A moderator has checked a posting that a trusted organisation published directly.
    Nothing changes for the organisation, so nobody is mailed."""
    return workflow.mark_reviewed(posting, moderator, now=now)


def dismiss_report(report: Report, moderator: User) -> None:
    reports.dismiss(report, moderator)


# --- revisions -----------------------------------------------------------------------------


def approve_revision(
    revision: PostingRevision, moderator: User, now: datetime | None = None
) -> AuditEvent:
    """Put the proposed changes online (`revisions.RevisionInvalid` if they fail the
    form's rules by now)."""
    event = revisions.apply(revision, moderator, now=now)
    tell_organisation(revision.posting, "decision_revision_approved", event=event)
    return event


def reject_revision(
    revision: PostingRevision, moderator: User, message: str, now: datetime | None = None
) -> AuditEvent:
    event = revisions.reject_revision(revision, moderator, message, now=now)
    tell_organisation(revision.posting, "decision_revision_rejected", event=event)
    return event


# --- the conversation ------------------------------------------------------------------------


class MessageError(ValueError):
    """A message that cannot be posted (empty or too long)."""


def post_message(posting: Posting, author: User, body: str, now: datetime | None = None) -> Message:
    """Add a message to the conversation on `posting` and mail the other side: the
    organisation when a moderator writes, the programme office when the organisation does.

    Only programme-office users and users of the posting's organisation take part.
    """
    body = (body or "").strip()
    if not body or len(body) > MESSAGE_MAX:
        raise MessageError("a message of 1 to 5000 characters is required")
    from_office = author.is_programme_office
    if not from_office and author.organisation_id != posting.organisation_id:
        raise MessageError("only the posting's organisation and the programme office write here")
    message = Message(posting_id=posting.id, author=author, body=body, created_at=now or utcnow())
    db.session.add(message)
    if from_office:
        tell_organisation(posting, "message_to_organisation", message=message, author=author)
    else:
        review_url = mail.absolute_url("moderate.review", posting_id=posting.id)
        for user in db.session.scalars(queries.active_programme_office()):
            mail.queue(user.email, "message_to_office", user.language, user=user,
                       posting=posting, message=message, author=author,
                       review_url=review_url)  # fmt: skip
    return message
