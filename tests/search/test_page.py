"""The search page: /suche and /en/search. Filters with counts, chips, "did you mean",
paging, snippets, empty states, no cookie, and any input answered without a 5xx."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobboard import taxonomy
from jobboard.extensions import db
from jobboard.search import SearchQuery, search
from jobboard.views.search import PARAMS

HYPOTHESIS = settings(
    max_examples=60,
    deadline=2000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def board(factory):
    org = factory.organisation(name="Batterie-Cluster Süd", slug="batterie-sued")
    made = {
        "dev": factory.vacancy(
            organisation=org,
            title="Softwareentwickler (m/w/d) <script>alert(1)</script>",
            description="Wir suchen Entwickler & Entwicklerinnen. <b>Fett</b> "
            "<script>alert('x')</script> **Python** im Team.",
            region="DE21",
            city="München",
        ),
        "pflege": factory.vacancy(
            title="Pflegefachkraft",
            description="Pflege im Klinikum.",
            region="DE30",
            city="Berlin",
            sectors=["health"],
        ),
        "kurs": factory.training(
            organisation=org,
            title="Batteriezellfertigung kompakt",
            is_free=True,
            training_format="online_live",
            target_group="Beschäftigte",
        ),
        "gone": factory.vacancy(title="Entwickler zurückgezogen", status="withdrawn"),
    }
    db.session.commit()
    return made


def page(client, url: str):
    response = client.get(url)
    return response, response.get_data(as_text=True)


def test_the_page_exists_in_german_and_english_without_a_cookie(client, board):
    for url in ("/suche", "/en/search", "/suche?q=Entwickler", "/en/search?q=Entwickler"):
        response, html = page(client, url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers
        assert '<meta name="robots" content="noindex, follow">' in html
    assert '<html lang="en">' in page(client, "/en/search")[1]


def test_results_counts_and_snippets(client, board):
    _response, html = page(client, "/en/search?q=Entwickler")
    assert "1 offer found" in html
    assert "Softwareentwickler (m/w/d) &lt;script&gt;" in html  # the title, escaped
    assert "zurückgezogen" not in html  # withdrawn
    snippet = re.search(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S)[1]
    assert "<mark>Entwickler</mark>" in snippet and "<mark>Entwicklerinnen</mark>" in snippet
    assert set(re.findall(r"</?([a-zA-Z]+)", snippet)) == {"mark"}  # nothing else
    assert "<script" not in html.split("<main")[1]


def option(html: str, param: str, value: str) -> str:
    select = re.search(rf'<select id="s-{param}" name="{param}">(.*?)</select>', html, re.S)[1]
    return re.search(rf'<option value="{re.escape(value)}"[^>]*>([^<]*)</option>', select)[1]


def test_each_filter_value_shows_its_count_with_the_other_filters_applied(client, board):
    _, html = page(client, "/en/search?kind=vacancy")
    assert option(html, "region", "DE2").endswith("(1)")
    assert option(html, "region", "DE21").endswith("(1)")
    assert option(html, "region", "DE3").endswith("(1)")
    assert option(html, "sector", "health").endswith("(1)")
    assert option(html, "kind", "training").endswith("(1)")  # counted without the kind filter
    assert option(html, "cluster", "batterie-sued") == "Batterie-Cluster Süd (1)"
    assert "Free of charge only (0)" in html  # the free training is not a vacancy
    _, html = page(client, "/en/search")
    assert "Free of charge only (1)" in html
    assert option(html, "posted", "7").endswith("(3)")


def test_filters_narrow_the_results(client, board):
    for url, title in [
        ("/en/search?region=DE3", "Pflegefachkraft"),
        ("/en/search?region=DE2&kind=vacancy", "Softwareentwickler"),
        ("/en/search?free=yes", "Batteriezellfertigung"),
        ("/en/search?format=online_live", "Batteriezellfertigung"),
        ("/en/search?sector=health", "Pflegefachkraft"),
        ("/en/search?cluster=batterie-sued&kind=training", "Batteriezellfertigung"),
        ("/en/search?q=Pflege&posted=7", "Pflegefachkraft"),
    ]:
        _, html = page(client, url)
        assert "1 offer found" in html, url
        assert title in html, url


def test_active_filters_are_removable_chips(client, board):
    _, html = page(client, "/en/search?q=Entwickler&region=DE2&sort=newest")
    chips = re.search(r'<ul class="counts chips">(.*?)</ul>', html, re.S)[1]
    links = {
        re.sub(r"<.*", "", text).strip(): href
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', chips, re.S)
    }
    assert parse_qs(urlsplit(links["Search words: Entwickler"].replace("&amp;", "&")).query) == {
        "region": ["DE2"],
        "sort": ["newest"],
    }
    assert parse_qs(urlsplit(links["Region: Bavaria"].replace("&amp;", "&")).query) == {
        "q": ["Entwickler"],
        "sort": ["newest"],
    }
    assert links["Remove all"] == "/en/search"


def test_did_you_mean_links_to_the_corrected_search(client, board):
    _, html = page(client, "/en/search?q=Entwicklr&region=DE2")
    assert "0 offers found" in html
    assert re.search(
        r'Did you mean <a href="/en/search\?q=Entwickler&amp;region=DE2"><strong>Entwickler</strong></a>\?',
        html,
    )
    assert "No offers match your search" in html


def test_empty_state_suggests_what_to_change(client, board):
    _, html = page(client, "/en/search?q=Zahnarzt&region=DEG")
    assert "No offers match your search" in html
    assert "Remove a filter above" in html
    assert 'href="/en/offers?kind=vacancy"' in html


def test_paging_and_pages_beyond_the_end(client, factory):
    for n in range(25):
        factory.vacancy(title=f"Ingenieur {n}", published_days_ago=n / 10)
    db.session.commit()
    _, first = page(client, "/en/search?q=Ingenieur")
    assert first.count('class="card posting-card search-hit"') == 20
    assert "page 1 of 2" in first
    assert 'href="/en/search?q=Ingenieur&amp;page=2" rel="next"' in first
    _, second = page(client, "/en/search?q=Ingenieur&page=2")
    assert second.count('class="card posting-card search-hit"') == 5
    assert 'rel="prev"' in second
    response, beyond = page(client, "/en/search?q=Ingenieur&page=9")
    assert response.status_code == 200
    assert "beyond the last page" in beyond


@pytest.mark.parametrize(
    "query_string",
    [
        "q=*",
        "q=AND",
        "q=-",
        "q=%22",
        "q=title%3A(",
        "q=OR+OR+NOT",
        "q=)(%5B%5D%7B%7D%5E~",
        "q=%FF%FE",
        "q=%C3%28",
        "q=%00%01abc",
        "q=a&q=b",
        "q=" + "Entwickler+" * 400,
        "q=" + "x" * 10000,
        "region=XX&sector=nope&kind=job&posted=5&sort=zzz&format=..&remote=%00",
        "cluster=does-not-exist",
        "cluster=%2F..%2F",
        "posted=99999999999999999999",
        "page=-1",
        "page=abc",
        "page=999999999999999",
        "page=0",
        "page=%C2%B2&posted=%C2%B2",
        "page=%D9%A3",
        "free=no",
    ],
)
def test_odd_input_gets_a_page_not_an_error(client, board, query_string):
    response, html = page(client, "/en/search?" + query_string)
    assert response.status_code == 200
    assert "offers found" in html or "offer found" in html


def test_unknown_filter_values_are_named_in_a_notice(client, board):
    _, html = page(client, "/en/search?region=XX&sector=nope&posted=5&sort=zzz")
    notice = re.search(r'<div class="note" role="status">\s*<p>(.*?)</p>', html, re.S)[1]
    for name in ("Region", "Sector", "Published", "Sort by"):
        assert name in notice
    assert "3 offers found" in html


def test_long_text_is_capped_and_said_so(client, board):
    _, html = page(client, "/en/search?q=" + "Entwickler " * 100)
    assert "only its first 200 characters" in html
    value = re.search(r'<input id="s-q" type="search" name="q" value="([^"]*)"', html)[1]
    assert len(value) <= 200


def test_home_page_and_navigation_lead_to_the_search(client, board):
    _, home = page(client, "/en/")
    assert re.search(r'<form[^>]*action="/en/search"[^>]*role="search"', home)
    assert '<input id="home-q" type="search" name="q"' in home
    assert '<a href="/en/search">Search</a>' in home
    _, results = page(client, "/en/search")
    assert '<a href="/en/search" aria-current="page">Search</a>' in results


def test_the_search_form_submits_with_get_and_keeps_the_filters(client, board):
    _, html = page(client, "/en/search?q=Pflege&sector=health&free=yes&sort=due")
    form = re.search(r'<form class="filters search-form"(.*?)</form>', html, re.S)[1]
    assert 'method="get"' in html.split('<form class="filters search-form"')[1][:200]
    assert 'value="Pflege"' in form
    assert re.search(r'<option value="health" selected>', form)
    assert 'name="free" value="yes" checked' in form
    assert re.search(r'<option value="due" selected>', form)


# --- property-based: whatever comes in, the service and the page answer -------------------

texts = st.text(max_size=300)
codes = st.sampled_from(
    taxonomy.LAENDER.codes + taxonomy.REGIONS.codes + taxonomy.SECTORS.codes + ("", "x")
)
values = st.one_of(st.none(), texts, codes)


@HYPOTHESIS
@given(
    text=texts,
    region=values,
    sector=values,
    kind=st.one_of(values, st.sampled_from(("vacancy", "training"))),
    free=values,
    posted=st.one_of(st.none(), st.integers(-(10**12), 10**12), st.sampled_from((1, 7, 30))),
    sort=st.one_of(texts, st.sampled_from(("relevance", "newest", "due"))),
    page=st.integers(-(10**12), 10**12),
)
def test_the_service_answers_any_query(board, text, region, sector, kind, free, posted, sort, page):
    result = search(
        SearchQuery(
            text=text,
            region=region,
            sector=sector,
            kind=kind,
            free=free,
            posted_within=posted,
            sort=sort,
            page=page,
        )
    )
    assert 0 <= len(result.ids) <= result.query.per_page
    assert result.total >= len(result.ids)
    assert board["gone"].id not in result.ids
    assert len(result.query.text) <= 200


@HYPOTHESIS
@given(
    params=st.dictionaries(
        st.sampled_from([*PARAMS, "page", "per_page", "x"]),
        st.one_of(texts, codes, st.integers().map(str)),
        max_size=6,
    )
)
def test_the_page_answers_any_parameters(client, board, params):
    response = client.get("/en/search", query_string=params)
    assert response.status_code in (200, 400)
    assert "Set-Cookie" not in response.headers
