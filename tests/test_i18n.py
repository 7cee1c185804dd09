"""German by default, English one click away, no cookie needed, nothing left untranslated."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from jobboard.extensions import db

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "jobboard" / "translations" / "de" / "LC_MESSAGES" / "messages.po"


def german_catalog():
    with CATALOG.open("rb") as f:
        return read_po(f, locale="de")


def visible_text(response) -> str:
    """The page's text as a reader sees it: no tags, entities decoded."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def test_every_source_string_has_a_german_translation():
    catalog = german_catalog()
    method_map = [
        ("jobboard/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    missing = []
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        msgid = message if isinstance(message, str) else message[0]
        entry = catalog.get(msgid)
        translated = entry and (
            entry.string if isinstance(entry.string, str) else all(entry.string)
        )
        if not translated or (entry and entry.fuzzy):
            missing.append(f"{filename}: {msgid!r}")
    assert not missing, "untranslated (run `make translations`, then translate):\n" + "\n".join(
        missing
    )


@pytest.fixture
def english_board(factory):
    org = factory.organisation(name="Photonics Cluster Berlin", slug="photonics-berlin", land="DE3")
    job = factory.vacancy(
        organisation=org,
        title="Optical Engineer",
        description="Design optical systems.",
        language="en",
        region="DE30",
        city="Berlin",
        postcode="10115",
        start_date=date(2027, 2, 1),
    )
    course = factory.training(
        organisation=org, title="Laser Safety Officer", description="Learn laser safety.",
        language="en", region="DE30", city="Berlin", postcode="10115",
    )  # fmt: skip
    db.session.commit()
    return {"org": org, "job": job, "course": course}


def english_pages(board) -> list[str]:
    job, course = board["job"], board["course"]
    return [
        "/en/",
        "/en/offers",
        "/en/offers?kind=vacancy&page=2",
        f"/en/offers/{job.id}-optical-engineer",
        f"/en/offers/{course.id}-laser-safety-officer",
        "/en/clusters",
        "/en/clusters/photonics-berlin",
        "/en/no-such-page",
    ]


def test_no_german_string_left_on_english_pages(client, english_board):
    german = {
        (m.string if isinstance(m.string, str) else m.string[0])
        for m in german_catalog()
        if m.id
        and m.string
        and (m.string if isinstance(m.string, str) else m.string[0])
        != (m.id if isinstance(m.id, str) else m.id[0])
    }
    # Words that are spelt the same in both languages say nothing about the language.
    german = {
        g for g in german if len(g) > 4 and g not in {"Senior", "Hybrid", "Remote", "Cluster"}
    }
    for url in english_pages(english_board):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        text = visible_text(response)
        leftovers = [g for g in german if "%" not in g and g in text]
        assert not leftovers, (url, leftovers)
        assert '<html lang="en">' in response.get_data(as_text=True)


def test_german_is_the_default(client, english_board):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Zum Hauptinhalt springen" in html
    assert "Stellenangebote" in html


def test_language_switch_keeps_page_and_query(client, english_board):
    html = client.get("/angebote?kind=training&region=DE3").get_data(as_text=True)
    assert 'href="/en/offers?kind=training&amp;region=DE3" hreflang="en"' in html
    job = english_board["job"]
    html = client.get(f"/en/offers/{job.id}-optical-engineer").get_data(as_text=True)
    assert f'href="/angebote/{job.id}-optical-engineer" hreflang="de"' in html
    # Language-specific paths of the same page announce each other for search engines.
    assert (
        f'<link rel="alternate" hreflang="en" href="/en/offers/{job.id}-optical-engineer">' in html
    )


def test_posting_in_another_language_is_marked(client, english_board):
    job = english_board["job"]
    html = client.get(f"/angebote/{job.id}-optical-engineer").get_data(as_text=True)
    # The posting's own words carry their language; the page around them stays German.
    assert '<h1 lang="en">Optical Engineer</h1>' in html
    assert '<div class="prose" lang="en">' in html
    assert '<html lang="de">' in html


def test_dates_numbers_and_money_follow_the_locale(client, english_board):
    job = english_board["job"]
    german = client.get(f"/angebote/{job.id}-optical-engineer").get_data(as_text=True)
    english = client.get(f"/en/offers/{job.id}-optical-engineer").get_data(as_text=True)
    assert "01.02.2027" in german and "52.000\xa0€ – 64.000\xa0€ pro Jahr" in german
    assert "Feb 1, 2027" in english and "€52,000 – €64,000 per year" in english


def test_no_cookie_for_anonymous_visitors(client, english_board):
    job = english_board["job"]
    for url in ["/", "/angebote", f"/angebote/{job.id}-optical-engineer", "/cluster",
                "/en/", "/en/offers?region=DE3", "/impressum", "/nirgendwo"]:  # fmt: skip
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
    assert client.get_cookie("session") is None
