"""Revisions of published postings: the stored data, the diff, approving and rejecting."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import gettext
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from jobboard.extensions import db
from jobboard.models import (
    HiringOrganisation,
    PostingStatus,
    RevisionStatus,
    Role,
    SearchOutbox,
)
from jobboard.postings import revisions, workflow
from jobboard.postings.forms import TrainingForm, VacancyForm, posting_form_data
from jobboard.timeutil import end_of_day, today_berlin, utcnow

S = PostingStatus


@pytest.fixture
def ctx(app):
    """A request to a managers' page (German), as the views have."""
    with app.test_request_context("/verwaltung/"):
        yield


@pytest.fixture
def moderator(factory):
    return factory.user(role=Role.MODERATOR, name="Moni Moderatorin")


@pytest.fixture
def job(factory):
    org = factory.organisation(name="Cluster Bayern Digital")
    author = factory.user(org, name="Anna Aigner")
    posting = factory.vacancy(organisation=org, created_by=author, title="Embedded-Entwicklerin")
    db.session.commit()
    return posting


def propose(posting, **changes):
    """Propose `changes` (typed values) to the posting's current values."""
    data = {**posting_form_data(posting), **changes}
    revision = workflow.propose_revision(posting, revisions.to_json(data), posting.created_by)
    db.session.commit()
    return revision


def outbox_rows(posting_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(SearchOutbox).where(SearchOutbox.posting_id == posting_id)
    )


# --- the stored data ----------------------------------------------------------------------


def test_form_data_round_trips_through_json(ctx, job):
    browser = revisions.as_formdata(posting_form_data(job))
    browser.setlist("sectors", ["digital", "electronics"])
    browser["salary_max"] = "70000"
    form = VacancyForm(formdata=browser, meta={"csrf": False})
    assert form.validate(), form.errors

    data = revisions.data_from_form(form)
    assert json.loads(json.dumps(data)) == data  # plain JSON, storable as it is
    assert data["salary_max"] == "70000.00"
    assert data["sectors"] == ["digital", "electronics"]

    again = revisions.form_from_data(job, data)
    assert again.validate(), again.errors
    assert revisions.data_from_form(again) == data


def test_training_runs_round_trip(ctx, factory):
    start = today_berlin() + timedelta(days=30)
    course = factory.training(runs=[(start, start + timedelta(days=1)),
                                    (start + timedelta(days=20), start + timedelta(days=21))])  # fmt: skip
    data = revisions.to_json(posting_form_data(course))
    form = revisions.form_from_data(course, data)
    assert isinstance(form, TrainingForm)
    assert form.validate(), form.errors
    assert revisions.data_from_form(form)["runs"] == data["runs"]
    assert len(data["runs"]) == 2 and data["runs"][0]["start_date"] == start.isoformat()


def test_stored_data_is_validated_as_form_data(ctx, job):
    """Values are checked the way a browser's request is: a typed-in wrong value fails."""
    data = revisions.to_json(posting_form_data(job))
    data["postcode"] = "8033"
    form = revisions.form_from_data(job, data)
    assert not form.validate()
    assert form.postcode.errors


# --- the diff -----------------------------------------------------------------------------


def test_diff_lists_changed_fields_in_form_order_with_readable_values(ctx, job):
    revision = propose(
        job,
        title="Embedded-Entwicklerin (m/w/d) in Berlin",
        region="DE30",
        land="DE3",
        city="Berlin",
        postcode="10115",
        sectors=["digital", "health"],
        salary_max=Decimal("70000"),
    )
    changes = revisions.diff(job, revision)
    assert [c.name for c in changes] == [
        "title", "postcode", "city", "land", "region", "sectors", "salary_max",
    ]  # fmt: skip
    by_name = {c.name: c for c in changes}
    assert (by_name["title"].old, by_name["title"].new) == (
        "Embedded-Entwicklerin",
        "Embedded-Entwicklerin (m/w/d) in Berlin",
    )
    assert by_name["land"].label == gettext("Land")
    assert (by_name["land"].old, by_name["land"].new) == ("Bayern", "Berlin")
    assert "Oberbayern" in by_name["region"].old and "Berlin" in by_name["region"].new
    assert by_name["sectors"].old == "Digitalwirtschaft"
    assert by_name["sectors"].new == "Digitalwirtschaft; Gesundheitswirtschaft"
    assert "64.000" in by_name["salary_max"].old and "70.000" in by_name["salary_max"].new


def test_an_unchanged_revision_has_an_empty_diff(ctx, job):
    revision = propose(job)
    assert revisions.diff(job, revision) == []


def test_sector_order_is_not_a_change(ctx, factory):
    posting = factory.vacancy(sectors=["health", "digital"])
    revision = propose(posting, sectors=["digital", "health"])
    assert revisions.diff(posting, revision) == []


# --- approving ------------------------------------------------------------------------------


def test_apply_writes_the_values_onto_the_live_posting(ctx, job, moderator):
    revision = propose(
        job,
        title="Embedded-Entwicklerin (m/w/d)",
        salary_max=Decimal("70000"),
        hiring_choice="other",
        hiring_name="Präzision Huber GmbH",
        hiring_website="https://huber.example",
    )
    before = outbox_rows(job.id)
    event = revisions.apply(revision, moderator)
    db.session.commit()
    db.session.expire_all()

    assert job.status == S.PUBLISHED
    assert job.title == "Embedded-Entwicklerin (m/w/d)"
    assert job.salary_max == Decimal("70000")
    assert job.hiring_organisation.name == "Präzision Huber GmbH"
    assert db.session.scalar(select(HiringOrganisation).where(
        HiringOrganisation.publisher_id == job.organisation_id)).website == "https://huber.example"  # fmt: skip
    assert revision.status == RevisionStatus.APPROVED and revision.decided_at is not None
    assert (event.action, event.actor_id, event.from_status, event.to_status) == (
        "revision_approved", moderator.id, S.PUBLISHED, S.PUBLISHED,
    )  # fmt: skip
    assert job.events[-1].id == event.id
    assert outbox_rows(job.id) == before + 1  # the search index hears about it


def test_apply_refuses_values_that_fail_the_rules_by_now(ctx, job, moderator):
    data = revisions.to_json({**posting_form_data(job), "title": "Neuer Titel der Stelle"})
    data["application_deadline"] = (today_berlin() - timedelta(days=1)).isoformat()
    revision = workflow.propose_revision(job, data, job.created_by)
    db.session.commit()

    with pytest.raises(revisions.RevisionInvalid) as caught:
        revisions.apply(revision, moderator)
    db.session.rollback()
    db.session.expire_all()
    assert [label for label, _message in caught.value.problems] == [gettext("Application deadline")]
    assert job.title == "Embedded-Entwicklerin"
    assert revision.status == RevisionStatus.PENDING
    assert job.events[-1].action == "revision_proposed"


def test_apply_brings_the_expiry_forward_when_the_deadline_moves_earlier(ctx, job, moderator):
    deadline = today_berlin() + timedelta(days=10)
    assert job.expires_at > end_of_day(deadline)
    revision = propose(job, application_deadline=deadline)
    revisions.apply(revision, moderator)
    db.session.commit()
    assert job.expires_at == end_of_day(deadline)

    later = propose(job, application_deadline=deadline + timedelta(days=40))
    expiry = job.expires_at
    revisions.apply(later, moderator)
    db.session.commit()
    assert job.expires_at == expiry  # never later: that is renewal's job


def test_only_pending_revisions_of_published_postings_are_decided(ctx, job, moderator):
    revision = propose(job, title="Erste Änderung der Stelle")
    newer = propose(job, title="Zweite Änderung der Stelle")
    assert revision.status == RevisionStatus.SUPERSEDED
    with pytest.raises(workflow.WorkflowError):
        revisions.apply(revision, moderator)
    with pytest.raises(workflow.WorkflowError):
        revisions.reject_revision(revision, moderator, "Nein")

    workflow.expire(job, now=utcnow())  # an expiry leaves the revision pending
    db.session.commit()
    assert newer.status == RevisionStatus.PENDING
    with pytest.raises(workflow.WorkflowError):
        revisions.apply(newer, moderator)
    db.session.rollback()
    db.session.expire_all()
    assert job.title == "Embedded-Entwicklerin"


# --- rejecting ------------------------------------------------------------------------------


def test_reject_revision_needs_a_message_and_keeps_the_live_version(ctx, job, moderator):
    revision = propose(job, title="Ganz andere Stelle")
    with pytest.raises(workflow.WorkflowError):
        revisions.reject_revision(revision, moderator, "   ")
    assert revision.status == RevisionStatus.PENDING

    event = revisions.reject_revision(revision, moderator, " Bitte Gehalt angeben. ")
    db.session.commit()
    db.session.expire_all()
    assert job.title == "Embedded-Entwicklerin"
    assert revision.status == RevisionStatus.REJECTED and revision.decided_at is not None
    assert (event.action, event.message, event.actor_id) == (
        "revision_rejected", "Bitte Gehalt angeben.", moderator.id,
    )  # fmt: skip


def test_as_formdata_sends_booleans_and_lists_as_a_browser_does():
    sent = revisions.as_formdata({"nationwide": False, "is_free": True, "sectors": ["a", "b"],
                                  "openings": 2, "salary_min": None})  # fmt: skip
    assert sent == MultiDict([("is_free", "y"), ("sectors", "a"), ("sectors", "b"),
                              ("openings", "2"), ("salary_min", "")])  # fmt: skip
