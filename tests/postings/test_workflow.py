"""The lifecycle, table-driven: every allowed transition works through its named function;
every other one raises a clear error and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    PostingStatus,
    RevisionStatus,
    Role,
    SearchOutbox,
    TrustLevel,
)
from jobboard.postings import workflow
from jobboard.timeutil import utcnow

S = PostingStatus

# Each named action: the function call and the status it moves to.
ACTIONS = {
    "submit": (lambda p, u: workflow.submit(p, u), S.SUBMITTED),
    "approve": (lambda p, u: workflow.approve(p, u), S.PUBLISHED),
    "request_changes": (
        lambda p, u: workflow.request_changes(p, u, "Bitte Gehalt"),
        S.CHANGES_REQUESTED,
    ),
    "reject": (lambda p, u: workflow.reject(p, u, "duplicate", "Doppelt"), S.REJECTED),
    "expire": (lambda p, u: workflow.expire(p), S.EXPIRED),
    "mark_filled": (lambda p, u: workflow.mark_filled(p, u), S.FILLED),
    "withdraw": (lambda p, u: workflow.withdraw(p, u), S.WITHDRAWN),
    "remove": (lambda p, u: workflow.remove(p, u, "fraud", "Betrug"), S.REMOVED),
    "renew": (lambda p, u: workflow.renew(p, u), S.PUBLISHED),
}

ALLOWED = {
    (S.DRAFT, "submit"),
    (S.SUBMITTED, "approve"),
    (S.SUBMITTED, "request_changes"),
    (S.SUBMITTED, "reject"),
    (S.SUBMITTED, "withdraw"),
    (S.CHANGES_REQUESTED, "submit"),
    (S.CHANGES_REQUESTED, "withdraw"),
    (S.REJECTED, "submit"),
    (S.PUBLISHED, "expire"),
    (S.PUBLISHED, "mark_filled"),
    (S.PUBLISHED, "withdraw"),
    (S.PUBLISHED, "remove"),
    (S.EXPIRED, "renew"),
}

CASES = [(status, action) for status in PostingStatus for action in ACTIONS]


@pytest.mark.parametrize(("status", "action"), CASES, ids=[f"{s.value}-{a}" for s, a in CASES])
def test_transition_table(factory, status, action):
    actor = factory.user(role=Role.MODERATOR)
    posting = factory.vacancy(status=status, application_deadline=date.today() + timedelta(days=40))
    db.session.commit()
    events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    call, target = ACTIONS[action]

    if (status, action) in ALLOWED:
        event = call(posting, actor)
        db.session.commit()
        assert posting.status == target
        assert event.from_status in (status, S.EXPIRED) and event.to_status == target
        assert posting.events[-1].actor_id == (None if action == "expire" else actor.id)
    else:
        before = (posting.status, posting.published_at, posting.expires_at)
        with pytest.raises(workflow.WorkflowError) as error:
            call(posting, actor)
        assert str(error.value)  # a clear message
        db.session.rollback()
        db.session.refresh(posting)
        assert (posting.status, posting.published_at, posting.expires_at) == before
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events_before


def test_approve_sets_dates_by_kind(factory):
    moderator = factory.user(role=Role.MODERATOR)
    deadline = date.today() + timedelta(days=10)
    short = factory.vacancy(status=S.SUBMITTED, application_deadline=deadline)
    long = factory.vacancy(status=S.SUBMITTED, application_deadline=None)
    start = date.today() + timedelta(days=20)
    course = factory.training(
        status=S.SUBMITTED,
        registration_deadline=None,
        runs=[(start, start), (start + timedelta(days=30), start + timedelta(days=31))],
    )
    now = utcnow()
    for posting in (short, long, course):
        workflow.approve(posting, moderator, now=now)
    assert short.published_at == now
    assert short.expires_at.date() in (deadline, deadline + timedelta(days=1))  # end of day, Berlin
    assert long.expires_at == now + timedelta(days=60)
    assert course.expires_at.astimezone().date() >= start + timedelta(days=30)


def test_approve_refuses_a_deadline_that_passed_while_waiting(factory):
    moderator = factory.user(role=Role.MODERATOR)
    posting = factory.vacancy(
        status=S.SUBMITTED, application_deadline=date.today() + timedelta(days=1)
    )
    with pytest.raises(workflow.WorkflowError, match="deadline"):
        workflow.approve(posting, moderator, now=utcnow() + timedelta(days=3))
    assert posting.status == S.SUBMITTED


def test_request_changes_needs_a_message_and_reject_a_reason(factory):
    moderator = factory.user(role=Role.MODERATOR)
    posting = factory.vacancy(status=S.SUBMITTED)
    with pytest.raises(workflow.WorkflowError):
        workflow.request_changes(posting, moderator, "   ")
    with pytest.raises(workflow.WorkflowError):
        workflow.reject(posting, moderator, "", "x")
    assert posting.status == S.SUBMITTED


def test_trusted_organisation_publishes_at_once_for_later_review(factory):
    org = factory.organisation(trust_level=TrustLevel.TRUSTED)
    author = factory.user(organisation=org)
    posting = factory.vacancy(organisation=org, status=S.DRAFT)
    workflow.submit(posting, author)
    db.session.commit()
    assert posting.status == S.PUBLISHED and posting.needs_post_review
    assert [e.action for e in posting.events][-1] == "trusted"
    moderator = factory.user(role=Role.MODERATOR)
    workflow.mark_reviewed(posting, moderator)
    assert not posting.needs_post_review
    with pytest.raises(workflow.WorkflowError):
        workflow.mark_reviewed(posting, moderator)


def test_visibility_changes_write_the_search_outbox(factory):
    posting = factory.vacancy(status=S.SUBMITTED)
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(SearchOutbox))
    workflow.approve(posting, None)
    workflow.withdraw(posting, None)
    db.session.commit()
    rows = db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id)).all()
    assert len(rows) == before + 2 and {r.posting_id for r in rows[-2:]} == {posting.id}


def test_renewal_window_and_extension(factory):
    posting = factory.vacancy(status=S.EXPIRED, application_deadline=None)
    expired_at = posting.expires_at
    with pytest.raises(workflow.WorkflowError, match="30 days"):
        workflow.renew(posting, None, now=expired_at + timedelta(days=31))
    workflow.renew(posting, None, now=expired_at + timedelta(days=29))
    assert posting.status == S.PUBLISHED
    before = posting.expires_at
    workflow.extend(posting, None, now=before - timedelta(days=1))
    assert posting.expires_at == before + timedelta(days=30)


def test_revision_keeps_live_version_and_a_newer_one_supersedes(factory):
    posting = factory.vacancy(title="Alt")
    first = workflow.propose_revision(posting, {"title": "Neu"}, None)
    second = workflow.propose_revision(posting, {"title": "Neuer"}, None)
    assert posting.title == "Alt" and posting.status == S.PUBLISHED
    assert first.status == RevisionStatus.SUPERSEDED and posting.pending_revision is second
    workflow.withdraw(posting, None)
    assert second.status == RevisionStatus.REJECTED
    with pytest.raises(workflow.WorkflowError):
        workflow.propose_revision(posting, {"title": "x"}, None)


def test_expire_due_is_idempotent(factory):
    overdue = factory.vacancy(published_days_ago=70)
    current = factory.vacancy()
    db.session.commit()
    assert workflow.expire_due() == [overdue]
    assert workflow.expire_due() == []
    assert overdue.status == S.EXPIRED and current.status == S.PUBLISHED
