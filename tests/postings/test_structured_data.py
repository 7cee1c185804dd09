"""schema.org JSON-LD on posting pages, checked against the property lists of domain.md."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from jobboard.extensions import db
from jobboard.models import PostingStatus

JOB_POSTING_PROPERTIES = {
    "title",
    "description",
    "datePosted",
    "validThrough",
    "hiringOrganization",
    "employmentType",
    "baseSalary",
    "directApply",
    "identifier",
}
COURSE_INSTANCE_PROPERTIES = {"courseMode", "startDate", "endDate", "location", "offers"}


def json_ld(response) -> list[dict]:
    html = response.get_data(as_text=True)
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.fixture
def job(factory):
    org = factory.organisation(name="Cluster Chemie")
    hiring = factory.hiring(org, name="Polymer AG", website="https://polymer.example")
    posting = factory.vacancy(
        organisation=org,
        hiring_organisation=hiring,
        title="Chemikerin (m/w/d)",
        street="Werkstraße 1",
        postcode="06217",
        city="Merseburg",
        region="DEE0",
        employment_type="full_time",
        contract_type="fixed_term",
        remote_mode="hybrid",
        salary_min=Decimal("55000"),
        salary_max=Decimal("68000"),
        salary_period="year",
    )
    db.session.commit()
    return posting


def test_vacancy_page_carries_a_complete_job_posting(client, job):
    page = client.get(f"/angebote/{job.id}", follow_redirects=True)
    [data] = json_ld(page)
    assert data["@type"] == "JobPosting"
    assert data.keys() >= JOB_POSTING_PROPERTIES
    assert "jobLocation" in data
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Polymer AG",
        "sameAs": "https://polymer.example",
    }
    assert data["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 55000.0,
        "maxValue": 68000.0,
    }
    assert data["jobLocation"]["address"]["postalCode"] == "06217"
    assert data["validThrough"].startswith(job.expires_at.date().isoformat()[:4])
    # Everything in the markup is visible on the page.
    html = page.get_data(as_text=True)
    for visible in [
        "Chemikerin (m/w/d)",
        "Polymer AG",
        "Werkstraße 1",
        "06217 Merseburg",
        "55.000\xa0€",
        "68.000\xa0€",
    ]:
        assert visible in html


def test_remote_vacancy_uses_telecommute(client, factory):
    posting = factory.vacancy(remote_mode="remote", city=None, postcode=None, region=None)
    db.session.commit()
    [data] = json_ld(client.get(f"/angebote/{posting.id}", follow_redirects=True))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"]["@type"] == "Country"
    assert "jobLocation" not in data


def test_training_page_carries_a_course_with_instances(client, factory):
    start = date.today() + timedelta(days=30)
    course = factory.training(
        training_format="blended",
        runs=[
            (start, start + timedelta(days=2)),
            (start + timedelta(days=40), start + timedelta(days=42)),
        ],
        is_free=False,
        price_eur=Decimal("890"),
    )
    db.session.commit()
    [data] = json_ld(client.get(f"/en/offers/{course.id}", follow_redirects=True))
    assert data["@type"] == "Course" and data["provider"]["name"] == course.hiring_name
    assert len(data["hasCourseInstance"]) == 2
    for instance in data["hasCourseInstance"]:
        assert instance["@type"] == "CourseInstance"
        assert instance.keys() >= COURSE_INSTANCE_PROPERTIES
        assert instance["courseMode"] == "Blended"
        assert instance["offers"]["price"] == 890.0 and instance["offers"]["priceCurrency"] == "EUR"
    assert data["hasCourseInstance"][0]["startDate"] == start.isoformat()


@pytest.mark.parametrize("status", [PostingStatus.EXPIRED, PostingStatus.FILLED])
def test_pages_of_offers_that_ran_out_have_no_markup(client, factory, status):
    posting = factory.vacancy(status=status)
    db.session.commit()
    page = client.get(f"/angebote/{posting.id}", follow_redirects=True)
    assert page.status_code == 200
    assert json_ld(page) == []
    assert '<meta name="robots" content="noindex">' in page.get_data(as_text=True)
