"""The lifecycle job: expire due postings, remind organisations before expiry.

`flask --app jobboard lifecycle run` is meant for cron every 15 minutes and is idempotent:
running it twice has the same effect as once. Visibility never waits for it — queries
decide at read time — so a late run only delays the e-mails and the status labels.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select

from .. import mail
from ..extensions import db
from ..models import Posting, PostingLink, PostingStatus, Role, User
from ..timeutil import utcnow
from . import workflow

REMIND_BEFORE = timedelta(days=7)
LINK_ACTIONS = ("extend", "filled", "withdraw")


@dataclass
class RunResult:
    expired: int
    reminded: int

    def __str__(self) -> str:
        return f"Expired {self.expired} posting(s); sent {self.reminded} reminder(s)."


def run(now: datetime | None = None) -> RunResult:
    """Expire what is due, then queue reminders for what expires within 7 days."""
    now = now or utcnow()
    expired = workflow.expire_due(now)
    db.session.commit()
    reminded = 0
    for posting in due_for_reminder(now):
        send_reminder(posting, now)
        db.session.commit()
        reminded += 1
    mail.deliver_queued()
    return RunResult(expired=len(expired), reminded=reminded)


def due_for_reminder(now: datetime) -> list[Posting]:
    """Published postings expiring within 7 days whose current expiry has no reminder yet."""
    return list(
        db.session.scalars(
            select(Posting).where(
                Posting.status == PostingStatus.PUBLISHED,
                Posting.expires_at > now,
                Posting.expires_at <= now + REMIND_BEFORE,
                or_(
                    Posting.reminder_sent_for.is_(None),
                    Posting.reminder_sent_for != Posting.expires_at,
                ),
            )
        )
    )


def recipients(posting: Posting) -> list[User]:
    """Who hears about a posting: its author if still active, else the organisation's
    administrators."""
    author = posting.created_by
    if (
        author is not None
        and author.is_active
        and author.organisation_id == posting.organisation_id
    ):
        return [author]
    return [u for u in posting.organisation.users if u.is_active and u.role == Role.ORG_ADMIN]


def send_reminder(posting: Posting, now: datetime) -> None:
    """Queue the reminder with its one-click links (valid until 30 days after expiry)."""
    valid_until = posting.expires_at + workflow.RENEWAL_WINDOW
    links = {action: issue_link(posting, action, valid_until) for action in LINK_ACTIONS}
    if not posting.is_vacancy:
        links.pop("filled")
    for user in recipients(posting):
        mail.queue(user.email, "expiry_reminder", user.language, user=user, posting=posting,
                   links=links)  # fmt: skip
    posting.reminder_sent_for = posting.expires_at


def issue_link(posting: Posting, action: str, expires_at: datetime) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        PostingLink(posting=posting, action=action, digest=_digest(token), expires_at=expires_at)
    )
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LinkError(ValueError):
    """The link cannot be used; `reason` is one of: unknown, expired, used, not_applicable."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find_link(token: str, now: datetime | None = None) -> PostingLink:
    """The usable link for `token`, or LinkError saying why not (nothing is changed)."""
    now = now or utcnow()
    if not token or len(token) > 100:
        raise LinkError("unknown")
    link = db.session.scalar(select(PostingLink).where(PostingLink.digest == _digest(token)))
    if link is None:
        raise LinkError("unknown")
    if link.used_at is not None:
        raise LinkError("used")
    if link.expires_at <= now:
        raise LinkError("expired")
    return link


def use_link(token: str, now: datetime | None = None) -> PostingLink:
    """Carry out the link's action once; every link of the same reminder stops working."""
    now = now or utcnow()
    link = find_link(token, now)
    posting = link.posting
    try:
        if link.action == "extend":
            if workflow.renewal_problem(posting, now) is None:
                workflow.renew(posting, None, now=now)
            else:
                workflow.extend(posting, None, now=now)
        elif link.action == "filled":
            if workflow.is_overdue(posting, now):
                workflow.expire(posting, now=now)
            if posting.status == PostingStatus.EXPIRED:
                raise LinkError("not_applicable")
            workflow.mark_filled(posting, None, now=now)
        elif link.action == "withdraw":
            workflow.withdraw(posting, None, now=now)
        else:
            raise LinkError("unknown")
    except workflow.WorkflowError as error:
        raise LinkError("not_applicable") from error
    for sibling in db.session.scalars(
        select(PostingLink).where(
            and_(PostingLink.posting_id == posting.id, PostingLink.used_at.is_(None))
        )
    ):
        sibling.used_at = now
    return link
