"""Visitors report postings: no account, CSRF-protected, rate-limited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobboard.extensions import db
from jobboard.models import PostingStatus, Report, ReportStatus, Role
from jobboard.office import reports


@pytest.fixture
def job(factory):
    posting = factory.vacancy(title="Verdächtige Stelle")
    db.session.commit()
    return posting


def test_report_form_is_the_first_page_that_sets_a_cookie(client, job, csrf_token_from):
    detail = client.get(f"/angebote/{job.id}", follow_redirects=True)
    assert "Set-Cookie" not in detail.headers
    page = client.get(f"/angebote/{job.id}/melden")
    assert page.status_code == 200 and "Verdächtige Stelle" in page.get_data(as_text=True)
    assert "HttpOnly" in page.headers["Set-Cookie"]
    response = client.post(
        f"/angebote/{job.id}/melden",
        data={
            "reason": "fraud",
            "message": "Will Geld vorab.",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 200
    report = db.session.scalar(select(Report))
    assert (report.posting_id, report.reason, report.message) == (
        job.id,
        "fraud",
        "Will Geld vorab.",
    )
    assert report.status == ReportStatus.OPEN


def test_report_needs_csrf_and_a_known_reason(client, job, csrf_token_from):
    assert client.post(f"/angebote/{job.id}/melden", data={"reason": "fraud"}).status_code == 400
    page = client.get(f"/en/offers/{job.id}/report")
    bad = client.post(
        f"/en/offers/{job.id}/report",
        data={"reason": "nonsense", "csrf_token": csrf_token_from(page)},
    )
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert db.session.scalar(select(Report)) is None


def test_only_visible_postings_can_be_reported(client, factory):
    draft = factory.vacancy(status=PostingStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/angebote/{draft.id}/melden").status_code == 404
    assert client.get("/angebote/999/melden").status_code == 404


def test_reports_are_rate_limited(client, job, csrf_token_from):
    token = csrf_token_from(client.get(f"/angebote/{job.id}/melden"))
    codes = [
        client.post(
            f"/angebote/{job.id}/melden", data={"reason": "other", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
    assert len(db.session.scalars(select(Report)).all()) == 5


def test_removing_a_reported_posting_closes_its_reports(factory, job):
    moderator = factory.user(role=Role.MODERATOR)
    first = reports.file_report(job, "fraud", None)
    second = reports.file_report(job, "misleading", "Gehalt stimmt nicht")
    other = reports.file_report(factory.vacancy(), "other", None)
    db.session.commit()
    reports.remove_posting(first, moderator, "fraud", "Vorkasse verlangt")
    db.session.commit()
    assert job.status == PostingStatus.REMOVED
    assert job.events[-1].reason_code == "fraud"
    assert {first.status, second.status} == {ReportStatus.ACTED}
    assert other.status == ReportStatus.OPEN
    reports.dismiss(other, moderator)
    assert other.status == ReportStatus.DISMISSED and other.handled_by == moderator
