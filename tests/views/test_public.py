"""The public pages: home, listing, detail, cluster pages, legal pages, errors, headers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from jobboard.extensions import db
from jobboard.models import PostingStatus

S = PostingStatus


def text_of(response) -> str:
    return response.get_data(as_text=True)


def titles_on(response) -> list[str]:
    """Titles of the posting cards, in page order."""
    return re.findall(r'class="card-title"><a href="[^"]+"[^>]*>([^<]+)</a>', text_of(response))


@pytest.fixture
def board(factory):
    """Two clusters in two Länder with a few visible and hidden postings."""
    bavaria = factory.organisation(name="Cluster Bayern Digital", slug="bayern-digital", land="DE2")
    nrw = factory.organisation(name="Cluster NRW Gesundheit", slug="nrw-gesundheit", land="DEA")
    hiring = factory.hiring(bavaria, name="Präzision Huber GmbH", website="https://huber.example")
    data = {
        "bavaria": bavaria,
        "nrw": nrw,
        "job": factory.vacancy(
            organisation=bavaria,
            hiring_organisation=hiring,
            title="Embedded-Entwicklerin (m/w/d)",
            region="DE21",
            sectors=["digital", "electronics"],
            published_days_ago=2,
        ),
        "course": factory.training(
            organisation=nrw,
            title="Zertifikatskurs Medizinprodukterecht",
            region="DEA2",
            sectors=["health"],
            published_days_ago=3,
        ),
        "draft": factory.vacancy(organisation=bavaria, title="Geheimer Entwurf", status=S.DRAFT),
        "submitted": factory.vacancy(
            organisation=nrw, title="Wartet auf Prüfung", status=S.SUBMITTED
        ),
        "expired": factory.vacancy(organisation=nrw, title="Abgelaufene Stelle", status=S.EXPIRED),
        "withdrawn": factory.vacancy(
            organisation=bavaria, title="Zurückgezogen", status=S.WITHDRAWN
        ),
        "stale": factory.vacancy(organisation=bavaria, title="Ueberfaellig", published_days_ago=61),
    }
    db.session.commit()
    return data


HIDDEN_TITLES = ["Geheimer Entwurf", "Wartet auf Prüfung", "Abgelaufene Stelle", "Zurückgezogen",
                 "Ueberfaellig"]  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["/", "/en/", "/angebote", "/en/offers", "/angebote?kind=vacancy", "/angebote?kind=training",
     "/cluster/bayern-digital", "/cluster/nrw-gesundheit", "/en/clusters/bayern-digital"],
)  # fmt: skip
def test_hidden_postings_never_appear_on_public_pages(client, board, url):
    response = client.get(url)
    assert response.status_code == 200
    for title in HIDDEN_TITLES:
        assert title not in text_of(response), (title, url)


def test_home_shows_latest_of_each_kind_and_counts(client, board):
    html = text_of(client.get("/"))
    assert "Embedded-Entwicklerin (m/w/d)" in html
    assert "Zertifikatskurs Medizinprodukterecht" in html
    assert re.search(r"<strong>1</strong>", html)
    assert 'action="/angebote"' in html  # the filter form leads to the listing


def test_home_empty_state(client):
    html = text_of(client.get("/en/"))
    assert html.count("There are no offers of this kind at the moment") == 2


def test_listing_filters(client, board):
    assert titles_on(client.get("/angebote")) == [
        "Embedded-Entwicklerin (m/w/d)",
        "Zertifikatskurs Medizinprodukterecht",
    ]
    assert titles_on(client.get("/angebote?kind=training")) == [
        "Zertifikatskurs Medizinprodukterecht"
    ]
    assert titles_on(client.get("/angebote?region=DE2")) == ["Embedded-Entwicklerin (m/w/d)"]
    assert titles_on(client.get("/angebote?region=DE21")) == ["Embedded-Entwicklerin (m/w/d)"]
    assert titles_on(client.get("/angebote?region=DE22")) == []
    assert titles_on(client.get("/angebote?sector=health")) == [
        "Zertifikatskurs Medizinprodukterecht"
    ]
    # The chosen filter is shown as selected in the form, so the user sees what applies.
    assert '<option value="DE2" selected>' in text_of(client.get("/angebote?region=DE2"))


def test_listing_empty_state_has_a_way_back(client, board):
    html = text_of(client.get("/en/offers?region=DE22&sector=textile"))
    assert "No offers match these filters" in html
    assert 'href="/en/offers"' in html


@pytest.mark.parametrize("query", ["page=abc", "page=-3", "page=0", "kind=<script>", "region=%00",
                                   "sector=" + "x" * 5000])  # fmt: skip
def test_listing_survives_odd_input(client, board, query):
    response = client.get("/angebote?" + query)
    assert response.status_code == 200
    assert "<script>" not in text_of(response)


def test_listing_pages_of_twenty(client, factory):
    org = factory.organisation()
    for n in range(45):
        factory.vacancy(organisation=org, title=f"Stelle {n:02d}", published_days_ago=50 - n)
    db.session.commit()

    first, second, third = (client.get(f"/angebote?kind=vacancy&page={n}") for n in (1, 2, 3))
    assert titles_on(first) == [f"Stelle {n:02d}" for n in range(44, 24, -1)]
    assert titles_on(second) == [f"Stelle {n:02d}" for n in range(24, 4, -1)]
    assert titles_on(third) == [f"Stelle {n:02d}" for n in range(4, -1, -1)]
    html = text_of(second)
    assert "45 Angebote gefunden" in html or "45 offers found" in html
    # Paging links keep the filter.
    assert 'href="/angebote?kind=vacancy&amp;page=3" rel="next"' in html
    assert 'href="/angebote?kind=vacancy&amp;page=1" rel="prev"' in html
    assert 'aria-current="page"><span class="visually-hidden">' in html

    beyond = client.get("/angebote?kind=vacancy&page=9")
    assert beyond.status_code == 200
    assert titles_on(beyond) == []
    assert 'href="/angebote?kind=vacancy&amp;page=1"' in text_of(beyond)


def test_vacancy_detail_shows_all_fields(client, factory):
    org = factory.organisation(name="Leichtbau-Cluster Nord", slug="leichtbau-nord")
    hiring = factory.hiring(org, name="Faserwerk GmbH", website="https://faserwerk.example")
    job = factory.vacancy(
        organisation=org,
        hiring_organisation=hiring,
        title="Ingenieur Faserverbund (m/w/d)",
        description="## Ihre Aufgaben\n\n* Bauteile auslegen\n\n[Mehr](https://faserwerk.example/job)",
        street="Hafenstraße 4",
        postcode="21073",
        city="Hamburg",
        region="DE60",
        employment_type="part_time",
        contract_type="fixed_term",
        remote_mode="remote",
        career_level="senior",
        salary_min=Decimal("48000"),
        salary_max=Decimal("61000"),
        salary_period="year",
        start_date=date(2027, 2, 1),
        application_deadline=date.today() + timedelta(days=20),
        openings=3,
        contact_name="Jana Kraft",
        contact_email="jana.kraft@faserwerk.example",
        contact_phone="+49 40 123456",
        apply_url="https://faserwerk.example/bewerben",
        sectors=["mobility", "aerospace-defence"],
    )
    db.session.commit()
    response = client.get(f"/angebote/{job.id}-ingenieur-faserverbund-m-w-d")
    assert response.status_code == 200
    html = text_of(response)
    for expected in [
        "Ingenieur Faserverbund (m/w/d)",
        "Faserwerk GmbH, via Leichtbau-Cluster Nord",  # hiring organisation, via cluster
        'href="/cluster/leichtbau-nord"',
        "<h4>Ihre Aufgaben</h4>",  # Markdown rendered, headings below the page's own
        'href="https://faserwerk.example/job"',
        "Hafenstraße 4",
        "21073 Hamburg",
        "Teilzeit, Befristet",
        "Remote",
        "Senior",
        "48.000\xa0€ – 61.000\xa0€ pro Jahr",
        "01.02.2027",
        "Jana Kraft",
        "mailto:jana.kraft@faserwerk.example",
        "+49 40 123456",
        'href="https://faserwerk.example/bewerben"',
        "Mobilität, Verkehr, Automobil",
        "Luft- und Raumfahrt, Verteidigung",
        "Jetzt bewerben",
    ]:
        assert expected in html, expected
    assert 'name="robots"' not in html


def test_training_detail_shows_runs_and_cost(client, factory):
    first = date.today() + timedelta(days=30)
    course = factory.training(
        title="Wasserstoff-Sicherheit kompakt",
        runs=[
            (first, first + timedelta(days=1)),
            (first + timedelta(days=60), first + timedelta(days=61)),
        ],
        is_free=True,
        price_eur=None,
        apply_url=None,
        apply_email="anmeldung@h2.example",
        max_participants=16,
    )
    db.session.commit()
    html = text_of(client.get(f"/en/offers/{course.id}", follow_redirects=True))
    assert "Wasserstoff-Sicherheit kompakt" in html
    assert html.count("<tr><td>") == 2
    assert "Free of charge" in html
    assert 'href="mailto:anmeldung@h2.example"' in html
    assert "Register by e-mail" in html
    assert "max. 16" in html


def test_detail_redirects_to_canonical_address(client, board):
    job = board["job"]
    response = client.get(f"/angebote/{job.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/angebote/{job.id}-embedded-entwicklerin-m-w-d")
    wrong = client.get(f"/en/offers/{job.id}-old-title")
    assert wrong.status_code == 301
    assert wrong.headers["Location"].endswith(f"/en/offers/{job.id}-embedded-entwicklerin-m-w-d")


@pytest.mark.parametrize("name", ["expired", "stale"])
def test_run_out_posting_stays_reachable_marked_and_noindex(client, board, name):
    posting = board[name]
    response = client.get(f"/angebote/{posting.id}", follow_redirects=True)
    assert response.status_code == 200
    html = text_of(response)
    assert '<meta name="robots" content="noindex">' in html
    assert "banner-archived" in html
    assert "Jetzt bewerben" not in html  # no apply button on an offer that ran out


def test_never_public_postings_are_not_found_and_taken_down_ones_gone(client, board):
    for name in ("draft", "submitted"):
        response = client.get(f"/angebote/{board[name].id}", follow_redirects=True)
        assert response.status_code == 404
        assert board[name].title not in text_of(response)
    gone = client.get(f"/angebote/{board['withdrawn'].id}", follow_redirects=True)
    assert gone.status_code == 410
    assert "Zurückgezogen" not in text_of(gone)
    assert client.get("/angebote/999999", follow_redirects=True).status_code == 404


def test_cluster_directory_and_page(client, board):
    html = text_of(client.get("/cluster"))
    assert "Cluster Bayern Digital" in html and "Cluster NRW Gesundheit" in html
    page = text_of(client.get("/cluster/bayern-digital"))
    assert "Embedded-Entwicklerin (m/w/d)" in page
    assert "Zertifikatskurs Medizinprodukterecht" not in page
    assert "<strong>Innovationscluster</strong>" in page  # profile Markdown rendered
    assert client.get("/cluster/unknown").status_code == 404


def test_inactive_cluster_has_no_page(client, board):
    board["bavaria"].active = False
    db.session.commit()
    assert client.get("/cluster/bayern-digital").status_code == 404
    assert "Embedded-Entwicklerin" not in text_of(client.get("/angebote"))


@pytest.mark.parametrize(
    "url", ["/impressum", "/datenschutz", "/barrierefreiheit", "/en/imprint", "/en/privacy",
            "/en/accessibility"],
)  # fmt: skip
def test_legal_pages(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert text_of(response).count("<h1") == 1


def test_markdown_is_sanitised_on_output(client, factory):
    job = factory.vacancy(
        description=(
            "Hallo <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
            "[klick](javascript:alert(1)) [ftp](ftp://example.org/x) [ok](https://ok.example)"
            " [mail](mailto:a@b.example)"
        )
    )
    db.session.commit()
    html = text_of(client.get(f"/angebote/{job.id}", follow_redirects=True))
    body = html.split('class="prose">', 1)[1].split("</div>", 1)[0]
    # Raw HTML stays visible as text, never as markup.
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="javascript:' not in body and 'href="ftp:' not in body
    assert 'href="https://ok.example"' in body and 'href="mailto:a@b.example"' in body


def test_sitemap_lists_exactly_the_visible_postings(client, board):
    response = client.get("/sitemap.xml")
    assert response.mimetype == "application/xml"
    xml = response.get_data(as_text=True)
    job, course = board["job"], board["course"]
    assert f"<loc>http://localhost/angebote/{job.id}-embedded-entwicklerin-m-w-d</loc>" in xml
    assert f'hreflang="en" href="http://localhost/en/offers/{course.id}-' in xml
    for name in ("draft", "submitted", "expired", "withdrawn", "stale"):
        assert f"/angebote/{board[name].id}-" not in xml, name
    assert "<loc>http://localhost/cluster/bayern-digital</loc>" in xml
    assert "Set-Cookie" not in response.headers


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_accounts(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /verwaltung/" in text and "Disallow: /konto/" in text
