"""Atom feeds of searches: /suche.atom and /en/search.atom take the search page's
parameters and list its newest visible offers. Parsed as XML; checked against the search
service; filters, visibility (even with a stale index), escaping, links on the page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobboard.extensions import db
from jobboard.models import Posting
from jobboard.postings import workflow
from jobboard.postings.feeds import MAX_ENTRIES
from jobboard.postings.queries import visible_postings
from jobboard.search import SearchQuery, check_index, ensure_index, search
from jobboard.timeutil import utcnow

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG_ENTRY = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:posting-(\d+)$")


def fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "application/atom+xml"
    assert "Set-Cookie" not in response.headers
    return response, ET.fromstring(response.get_data())


def entries(feed) -> list:
    return feed.findall(f"{ATOM}entry")


def text(element, name: str) -> str:
    return element.findtext(f"{ATOM}{name}") or ""


def entry_ids(feed) -> list[int]:
    ids = []
    for entry in entries(feed):
        match = TAG_ENTRY.match(text(entry, "id"))
        assert match, text(entry, "id")
        ids.append(int(match[1]))
    return ids


def titles(feed) -> set[str]:
    return {text(entry, "title") for entry in entries(feed)}


def timestamp(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    return parsed


@pytest.fixture
def board(factory):
    bavaria = factory.organisation(name="Cluster Mobilität Bayern e.V.", slug="mobil-bayern")
    berlin = factory.organisation(name="Health Capital Berlin", slug="health-berlin", land="DE3")
    supplier = factory.hiring(bavaria, name="Fahrzeugtechnik Ingolstadt GmbH")
    made = {
        "dev": factory.vacancy(
            organisation=bavaria,
            hiring_organisation=supplier,
            title="Softwareentwickler Fahrzeugsoftware (m/w/d)",
            description="Wir suchen **Entwicklerinnen** und Entwickler.\n\n* C++\n* Rust",
            region="DE21",
            sectors=["mobility"],
            published_days_ago=2,
        ),
        "dev2": factory.vacancy(
            organisation=berlin,
            title="Entwickler Medizinsoftware",
            region="DE30",
            city="Berlin",
            sectors=["health"],
            published_days_ago=1,
        ),
        "pflege": factory.vacancy(
            organisation=berlin,
            title="Pflegefachkraft Intensivstation",
            region="DE30",
            city="Berlin",
            sectors=["health"],
            published_days_ago=0.5,
        ),
        "kurs": factory.training(
            organisation=bavaria,
            title="Hochvolt-Sicherheit kompakt",
            region="DE21",
            sectors=["mobility"],
            is_free=True,
            price_eur=None,
            published_days_ago=10,
        ),
        "withdrawn": factory.vacancy(title="Entwickler zurückgezogen", status="withdrawn"),
        "expired": factory.vacancy(title="Entwickler abgelaufen", status="expired"),
        "draft": factory.vacancy(title="Entwickler Entwurf", status="draft"),
    }
    db.session.commit()
    return made


# --- the feed is the search -------------------------------------------------------------


def test_feed_entries_are_the_search_results_newest_first(client, board):
    _response, feed = fetch(client, "/en/search.atom?q=Entwickler")
    expected = search(SearchQuery(text="Entwickler", sort="newest", per_page=MAX_ENTRIES))
    assert entry_ids(feed) == expected.ids == [board["dev2"].id, board["dev"].id]
    published = [timestamp(text(e, "published")) for e in entries(feed)]
    assert published == sorted(published, reverse=True)
    # The same search as a page, sorted by date, lists the same offers in the same order.
    page = client.get("/en/search?q=Entwickler&sort=newest").get_data(as_text=True)
    page_ids = [int(i) for i in re.findall(r'class="card-title"><a href="/en/offers/(\d+)-', page)]
    assert page_ids == entry_ids(feed)


def test_every_entry_has_what_atom_and_readers_need(client, board):
    response, feed = fetch(client, "/en/search.atom?q=Fahrzeugsoftware")
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert feed.tag == f"{ATOM}feed"
    assert feed.get(XML_LANG) == "en"
    assert text(feed, "id").startswith("tag:127.0.0.1,")
    assert timestamp(text(feed, "updated"))
    links = {link.get("rel"): link for link in feed.findall(f"{ATOM}link")}
    assert links["self"].get("href") == "http://localhost/en/search.atom?q=Fahrzeugsoftware"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == "http://localhost/en/search?q=Fahrzeugsoftware"

    [entry] = entries(feed)
    dev = board["dev"]
    assert text(entry, "title") == dev.title
    assert text(entry, "id") == (f"tag:127.0.0.1,{dev.created_at:%Y-%m-%d}:posting-{dev.id}")
    [link] = entry.findall(f"{ATOM}link")
    assert link.get("href") == (
        f"http://localhost/en/offers/{dev.id}-softwareentwickler-fahrzeugsoftware-m-w-d"
    )
    assert link.get("rel") in (None, "alternate")
    assert timestamp(text(entry, "published")) == dev.published_at.replace(microsecond=0)
    assert timestamp(text(entry, "updated")) >= timestamp(text(entry, "published"))
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") in (None, "text")
    assert summary.text == "Wir suchen Entwicklerinnen und Entwickler. C++ Rust"  # plain text
    # The hiring organisation is the author; the cluster that published it contributes.
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Fahrzeugtechnik Ingolstadt GmbH"
    assert entry.findtext(f"{ATOM}author/{ATOM}uri") == dev.hiring_organisation.website
    assert entry.findtext(f"{ATOM}contributor/{ATOM}name") == "Cluster Mobilität Bayern e.V."
    assert (
        entry.findtext(f"{ATOM}contributor/{ATOM}uri")
        == "http://localhost/en/clusters/mobil-bayern"
    )
    categories = {c.get("term"): c.get("label") for c in entry.findall(f"{ATOM}category")}
    assert categories == {"vacancy": "Job vacancy", "mobility": "Mobility – Transport – Automotive"}


def test_a_cluster_posting_for_itself_has_the_cluster_as_author(client, board):
    _response, feed = fetch(client, "/en/search.atom?q=Pflegefachkraft")
    [entry] = entries(feed)
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Health Capital Berlin"
    assert entry.findtext(f"{ATOM}author/{ATOM}uri") == "http://localhost/en/clusters/health-berlin"
    assert entry.find(f"{ATOM}contributor") is None


def test_the_german_feed_links_to_german_pages(client, board):
    _response, feed = fetch(client, "/suche.atom?q=Pflegefachkraft")
    assert feed.get(XML_LANG) == "de"
    [entry] = entries(feed)
    assert entry.find(f"{ATOM}link").get("href").startswith("http://localhost/angebote/")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://localhost/suche.atom?q=Pflegefachkraft"
    # One offer, one id, in either language.
    _response, english = fetch(client, "/en/search.atom?q=Pflegefachkraft")
    assert entry_ids(english) == entry_ids(feed)


def test_feed_title_says_what_the_search_is(client, board):
    _response, feed = fetch(client, "/en/search.atom?q=Entwickler&region=DE2&kind=vacancy")
    title = text(feed, "title")
    assert "Entwickler" in title and "Bavaria" in title and "Job vacancy" in title
    _response, everything = fetch(client, "/en/search.atom")
    assert text(everything, "title").startswith("All offers")
    assert text(everything, "title") != title


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=DE3", {"dev2", "pflege"}),
        ("region=DE21", {"dev", "kurs"}),
        ("kind=training", {"kurs"}),
        ("sector=health", {"dev2", "pflege"}),
        ("free=yes", {"kurs"}),
        ("cluster=mobil-bayern", {"dev", "kurs"}),
        ("posted=7", {"dev", "dev2", "pflege"}),
        ("q=Entwickler&region=DE3", {"dev2"}),
        ("q=Entwickler&sector=mobility&kind=vacancy", {"dev"}),
        ("q=Zahnarzt", set()),
        ("", {"dev", "dev2", "pflege", "kurs"}),
    ],
)
def test_filters_apply(client, board, query, expected):
    _response, feed = fetch(client, "/en/search.atom?" + query)
    assert titles(feed) == {board[name].title for name in expected}


def test_sort_and_page_do_not_change_a_feed(client, board):
    _response, plain = fetch(client, "/en/search.atom?sector=health")
    _response, sorted_ = fetch(client, "/en/search.atom?sector=health&sort=due&page=7")
    assert entry_ids(sorted_) == entry_ids(plain) == [board["pflege"].id, board["dev2"].id]


def test_at_most_fifty_newest_entries(client, factory):
    made = [
        factory.vacancy(title=f"Ingenieur Nummer {n}", published_days_ago=n / 24)
        for n in range(MAX_ENTRIES + 5)
    ]
    db.session.commit()
    _response, feed = fetch(client, "/en/search.atom?q=Ingenieur")
    assert len(entries(feed)) == MAX_ENTRIES
    assert entry_ids(feed) == [p.id for p in made[:MAX_ENTRIES]]  # n = 0 is the newest


def test_withdrawn_expired_and_unpublished_offers_never_appear(client, board):
    _response, feed = fetch(client, "/en/search.atom")
    shown = set(entry_ids(feed))
    assert shown == {board[n].id for n in ("dev", "dev2", "pflege", "kurs")}
    for name in ("withdrawn", "expired", "draft"):
        assert board[name].id not in shown


def test_taken_down_offers_leave_the_feed_even_while_the_index_is_stale(client, board):
    ensure_index()
    _response, feed = fetch(client, "/en/search.atom?q=Entwickler")
    assert set(entry_ids(feed)) == {board["dev"].id, board["dev2"].id}
    # Withdrawn outside a request (so no sync), and another offer's time simply ran out.
    workflow.withdraw(board["dev"], None)
    pflege = db.session.get(Posting, board["pflege"].id)
    pflege.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert board["dev"].id in check_index().extra  # the index still holds it ...
    _response, feed = fetch(client, "/en/search.atom?q=Entwickler")
    assert entry_ids(feed) == [board["dev2"].id]  # ... the feed does not
    _response, feed = fetch(client, "/en/search.atom")
    assert set(entry_ids(feed)) == {board["dev2"].id, board["kurs"].id}


HOSTILE = "Entwickler <script>alert('x')</script> & ]]> \"quoted\" \x01\x0b\x1f €"


def test_hostile_text_is_escaped_and_the_feed_stays_well_formed(client, factory):
    org = factory.organisation(name="Cluster <b>&amp;</b> \x02 e.V.", slug="hostile")
    hiring = factory.hiring(org, name="Firma ]]><x/> & Co", website="javascript:alert(1)")
    posting = factory.vacancy(
        organisation=org,
        hiring_organisation=hiring,
        title=HOSTILE,
        description="<script>alert(1)</script> <b>fett</b> & **Markdown** ]]>\x07",
    )
    db.session.commit()
    query = "q=Entwickler+<script>%26+]]>&region=DE2"
    response, feed = fetch(client, "/en/search.atom?" + query)
    raw = response.get_data(as_text=True)
    assert "<script" not in raw and "<b>" not in raw and "<x/>" not in raw
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", raw)
    assert "<script>" in text(feed, "title")  # the search words, as text
    [entry] = entries(feed)
    assert text(entry, "title") == HOSTILE.replace("\x01\x0b\x1f", "")
    assert "<script>alert(1)</script>" in text(entry, "summary")
    assert "\x07" not in text(entry, "summary")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Firma ]]><x/> & Co"
    assert entry.find(f"{ATOM}author/{ATOM}uri") is None  # not an http(s) address
    assert entry.findtext(f"{ATOM}contributor/{ATOM}name") == "Cluster <b>&amp;</b>  e.V."
    assert entry_ids(feed) == [posting.id]


@pytest.mark.parametrize(
    "query_string",
    [
        "q=*",
        "q=%22",
        "q=%FF%FE",
        "q=" + "x" * 5000,
        "region=XX&sector=nope&posted=5&sort=zzz",
        "cluster=%2F..%2F",
        "page=-1&posted=99999999999999999999",
        "q=a&q=b",
    ],
)
def test_odd_input_still_gets_a_feed(client, board, query_string):
    _response, feed = fetch(client, "/en/search.atom?" + query_string)
    assert text(feed, "title")


def test_conditional_requests_get_a_304(client, board):
    response, _feed = fetch(client, "/en/search.atom?q=Entwickler")
    etag = response.headers["ETag"]
    assert "max-age" in response.headers["Cache-Control"]
    again = client.get("/en/search.atom?q=Entwickler", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert "Set-Cookie" not in again.headers


# --- the search page offers its feed ----------------------------------------------------


@pytest.mark.parametrize(
    ("page_url", "feed_path"), [("/suche", "/suche.atom"), ("/en/search", "/en/search.atom")]
)
def test_search_page_links_to_its_feed(client, board, page_url, feed_path):
    url = page_url + "?q=Entwickler&region=DE2&sort=due&page=1&posted=30"
    html = client.get(url).get_data(as_text=True)
    alternate = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)[0]
    href = re.search(r'href="([^"]+)"', alternate)[1].replace("&amp;", "&")
    assert re.search(r'title="[^"]*Entwickler[^"]*"', alternate)
    visible = re.search(r'<p class="feed-link"><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert visible[1].replace("&amp;", "&") == href
    if page_url.startswith("/en"):
        assert visible[2] == "Subscribe to this search as a feed"
    path = urlsplit(href).path
    assert path == feed_path
    # The same words and filters; no sort, no page.
    assert parse_qs(urlsplit(href).query) == {
        "q": ["Entwickler"],
        "region": ["DE2"],
        "posted": ["30"],
    }
    _response, feed = fetch(client, href)
    assert entry_ids(feed) == [board["dev"].id]


def test_feed_link_is_there_on_an_empty_search(client, board):
    html = client.get("/en/search?q=Zahnarzt").get_data(as_text=True)
    assert 'href="/en/search.atom?q=Zahnarzt"' in html
    _response, feed = fetch(client, "/en/search.atom?q=Zahnarzt")
    assert entries(feed) == []
    assert timestamp(text(feed, "updated"))


def test_visible_postings_in_the_database_match_an_unfiltered_feed(client, board):
    visible = db.session.scalars(visible_postings()).all()
    _response, feed = fetch(client, "/en/search.atom")
    assert entry_ids(feed) == [p.id for p in visible]


# --- property-based: whatever the parameters, a well-formed feed ------------------------

texts = st.text(max_size=300)
values = st.one_of(
    texts,
    st.sampled_from(["DE2", "DE21", "health", "vacancy", "training", "yes", "7", "newest", ""]),
    st.integers().map(str),
)


@settings(
    max_examples=40,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["q", "kind", "region", "sector", "free", "posted", "cluster", "sort", "page", "x"]
        ),
        values,
        max_size=6,
    )
)
def test_any_parameters_give_a_well_formed_feed(client, board, params):
    response = client.get("/en/search.atom", query_string=params)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    feed = ET.fromstring(response.get_data())
    ids = entry_ids(feed)
    assert len(ids) <= MAX_ENTRIES
    assert not {board[n].id for n in ("withdrawn", "expired", "draft")} & set(ids)
