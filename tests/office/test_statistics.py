"""Figures for the programme office: correct counts, accessible page, CSV."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobboard.extensions import db
from jobboard.models import PostingStatus, Role
from jobboard.office import statistics
from jobboard.postings import workflow
from jobboard.templating import status_label

S = PostingStatus


@pytest.fixture
def figures(factory):
    bavaria = factory.organisation(name="Bayern Cluster", land="DE2")
    saxony = factory.organisation(name="Sachsen Cluster", land="DED")
    factory.vacancy(organisation=bavaria, region="DE21", sectors=["digital", "health"])
    factory.vacancy(organisation=bavaria, region="DE25", status=S.SUBMITTED)
    factory.training(organisation=saxony, region="DED2", sectors=["digital"])
    db.session.commit()


def rows(table):
    return dict(table.rows)


def test_counts_by_land_kind_sector_and_organisation(app, figures):
    with app.test_request_context("/"):
        assert rows(statistics.by_land())["Bayern"] == 2
        assert rows(statistics.by_land())["Sachsen"] == 1
        assert rows(statistics.by_land())["Hamburg"] == 0
        assert rows(statistics.by_kind()) == {"Stellenangebot": 2, "Weiterbildungsangebot": 1}
        assert rows(statistics.by_sector())["Digitalwirtschaft"] == 3  # the factory default too
        assert rows(statistics.by_sector())["Gesundheitswirtschaft"] == 1
        assert statistics.by_organisation().rows[0] == ("Bayern Cluster", 2)
        assert rows(statistics.by_status())[status_label(S.PUBLISHED)] == 2
        assert rows(statistics.by_status())[status_label(S.SUBMITTED)] == 1
        assert statistics.new_per_month().total == 3


def test_median_time_to_first_decision(factory):
    moderator = factory.user(role=Role.MODERATOR)
    waits = [2, 10, 30]  # hours
    for hours in waits:
        posting = factory.vacancy(status=S.SUBMITTED)
        submitted = posting.submitted_at
        workflow.approve(posting, moderator, now=submitted + timedelta(hours=hours))
    later = factory.vacancy(status=S.SUBMITTED)
    workflow.request_changes(
        later, moderator, "Bitte Gehalt angeben", now=later.submitted_at + timedelta(hours=4)
    )
    db.session.commit()
    assert statistics.median_hours_to_first_decision() == 7.0  # median of 2, 4, 10, 30


def test_page_and_csv_for_the_programme_office(client, figures, office_user, office_login):
    moderator = office_user(role=Role.MODERATOR)
    db.session.commit()
    office_login(client, moderator)
    html = client.get("/programmbuero/statistik/").get_data(as_text=True)
    assert '<th scope="row">Bayern</th>' in html
    assert html.count('<svg class="bar"') >= 16  # a bar beside each number
    csv = client.get("/programmbuero/statistik/land.csv")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Postings by Land") or lines[0].startswith("Angebote nach")
    assert "Bayern;2" in lines and "Sachsen;1" in lines
    assert client.get("/programmbuero/statistik/unknown.csv").status_code == 404


def test_statistics_are_closed_to_others(app, client, factory, login, office_user):
    member = factory.user()
    moderator_without_2fa = factory.user(role=Role.MODERATOR, email="no2fa@office.example")
    db.session.commit()
    assert client.get("/programmbuero/statistik/").status_code == 302
    login(client, member.email)
    assert client.get("/programmbuero/statistik/").status_code == 403
    other = app.test_client()
    login(other, moderator_without_2fa.email)
    response = other.get("/programmbuero/statistik/")
    assert response.status_code == 302 and "/konto/zwei-faktor" in response.headers["Location"]
