"""The search page in Chromium: a whole search done with the keyboard alone (words,
filters from the form, counts, removing a filter by its chip, page 2), axe-core with no
WCAG 2.1 A/AA violation on results, on empty results and on a "did you mean" page, reflow
at 320 px; and the site's promises: only 127.0.0.1 asked, no cookie, no web storage."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from jobboard.extensions import db

PATHS = {"de": "/suche", "en": "/en/search"}
PAGE_SIZE = 20  # jobboard.search.PAGE_SIZE

# In Bavaria and in the mobility sector: more than one page of results.
BAVARIAN_MOBILITY = 23
# In Bavaria, another sector: found again once the sector chip is removed.
BAVARIAN_DIGITAL = 3
# Elsewhere: found by the words, never with the Bavaria filter.
ELSEWHERE = 4


@pytest.fixture
def board(factory):
    mobility = factory.organisation(
        name="Cluster Mobilität Bayern e.V.", slug="mobilitaet-bayern", sectors=["mobility"]
    )
    north = factory.organisation(
        name="Maritimes Cluster Norddeutschland", slug="maritim-nord", land="DE6"
    )
    for n in range(BAVARIAN_MOBILITY):
        factory.vacancy(
            organisation=mobility,
            title=f"Ingenieur Fahrzeugtechnik Nummer {n} (m/w/d)",
            description="Sie entwickeln **Antriebe** für Ingenieurinnen und Ingenieure von morgen.",
            region=("DE21", "DE22", "DE25")[n % 3],
            sectors=["mobility"],
            published_days_ago=n / 10,
        )
    for n in range(BAVARIAN_DIGITAL):
        factory.vacancy(
            organisation=mobility,
            title=f"Ingenieurin Datenplattform {n}",
            region="DE21",
            sectors=["digital"],
        )
    for n in range(ELSEWHERE):
        factory.vacancy(
            organisation=north,
            title=f"Ingenieur Schiffbau {n}",
            city="Hamburg",
            postcode="20095",
            region="DE60",
            sectors=["mobility"],
        )
    factory.training(organisation=north, title="Schweißtechnik kompakt", region="DE60")
    db.session.commit()


def assert_no_trace(page, network) -> None:
    network.assert_only_local()
    network.assert_no_failures()
    assert page.context.cookies() == []
    assert page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]


def query_of(url: str) -> dict[str, list[str]]:
    """The URL's non-empty parameters; the default sort (which the form sends) left out."""
    query = parse_qs(urlsplit(url).query)
    if query.get("sort") == ["relevance"]:
        del query["sort"]
    return query


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector` (a CSS selector)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def choose_with_keys(page, name: str, value: str) -> None:
    """On the focused select, press ArrowDown until `value` is chosen (no mouse, no popup)."""
    select = page.locator(f"main form[role='search'] select[name='{name}']")
    expect(select).to_be_focused()
    for _ in range(select.locator("option").count()):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value


def result_count(page) -> str:
    return page.locator("main .result-count").inner_text()


def test_a_search_with_the_keyboard_only(page, network, board):
    page.goto(PATHS["en"])

    # Words into the search field.
    tab_to(page, "input[name='q']")
    page.keyboard.type("Ingenieur")

    # Two filters from the form: each option says how many results it would give.
    tab_to(page, "select[name='region']")
    region = page.locator("select[name='region'] option[value='DE2']")
    expect(region).to_have_text(f"Bavaria (whole Land) ({BAVARIAN_MOBILITY + BAVARIAN_DIGITAL})")
    choose_with_keys(page, "region", "DE2")
    tab_to(page, "select[name='sector']")
    choose_with_keys(page, "sector", "mobility")
    tab_to(page, "main form[role='search'] button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "sector=" in url)
    assert query_of(page.url) == {"q": ["Ingenieur"], "region": ["DE2"], "sector": ["mobility"]}

    # The counts: results, and beside each other value of the form.
    assert result_count(page).startswith(f"{BAVARIAN_MOBILITY} offers found")
    assert "page 1 of 2" in result_count(page)
    expect(page.locator("main .search-hit")).to_have_count(PAGE_SIZE)
    expect(page.locator("select[name='sector'] option[value='digital']")).to_have_text(
        re.compile(rf"\({BAVARIAN_DIGITAL}\)$")
    )
    expect(page.locator("main .search-hit mark").first).to_have_text(re.compile(r"^Ingenieur"))
    # Beside the results, the regions of Bavaria narrow the search further.
    upper_bavaria = page.locator("main .facets a", has_text="Upper Bavaria")
    expect(upper_bavaria).to_contain_text("(8)")

    # Remove the sector filter by its chip.
    chip = "main .active-filters a[href*='region=DE2']:not([href*='sector='])"
    expect(page.locator(chip)).to_contain_text("Sector: Mobility")
    tab_to(page, chip)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "sector=" not in url)
    assert query_of(page.url) == {"q": ["Ingenieur"], "region": ["DE2"]}
    total = BAVARIAN_MOBILITY + BAVARIAN_DIGITAL
    assert result_count(page).startswith(f"{total} offers found")
    expect(page.locator("main .active-filters li")).to_have_count(3)  # words, region, all

    # On to page 2, where the rest of the results are.
    tab_to(page, "main nav.pager a[rel='next']")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "page=2" in url)
    assert query_of(page.url) == {"q": ["Ingenieur"], "region": ["DE2"], "page": ["2"]}
    assert "page 2 of 2" in result_count(page)
    expect(page.locator("main .search-hit")).to_have_count(total - PAGE_SIZE)
    expect(page.locator("main h2.card-title", has_text="Schiffbau")).to_have_count(0)

    assert_no_trace(page, network)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_results_empty_results_and_did_you_mean_pass_axe(page, network, axe, board, lang):
    path = PATHS[lang]
    expected_lang = {"de": "de", "en": "en"}[lang]

    # Results with chips, highlights, counts, facet lists and a pager.
    page.goto(f"{path}?q=Ingenieur&region=DE2&sort=newest")
    expect(page.locator("main .search-hit")).to_have_count(PAGE_SIZE)
    expect(page.locator("main .search-hit mark").first).to_be_visible()
    expect(page.locator("main .active-filters li").first).to_be_visible()
    expect(page.locator("main .facets")).to_be_visible()
    feed = page.locator("main .feed-link a")
    expect(feed).to_have_attribute("href", re.compile(r"\.atom\?q=Ingenieur&region=DE2$"))
    assert page.locator("html").get_attribute("lang") == expected_lang
    axe.assert_no_violations(page)

    # No results: the empty state with its suggestions.
    page.goto(f"{path}?q=Zahnarzt&region=DEG")
    expect(page.locator("main .empty h2")).to_be_visible()
    expect(page.locator("main .search-hit")).to_have_count(0)
    axe.assert_no_violations(page)

    # A misspelling: "did you mean" leads to the corrected search.
    page.goto(f"{path}?q=Ingneieur")
    suggestion = page.locator("main .did-you-mean a")
    expect(suggestion).to_have_text("Ingenieur")
    axe.assert_no_violations(page)
    suggestion.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: query_of(url) == {"q": ["Ingenieur"]})
    expect(page.locator("main .search-hit")).to_have_count(PAGE_SIZE)

    assert_no_trace(page, network)


def test_search_page_reflows_at_320_px(page, network, board):
    """WCAG 1.4.10: at 320 CSS pixels nothing scrolls sideways; chips and facets wrap."""
    page.set_viewport_size({"width": 320, "height": 640})
    for url in (
        "/en/search?q=Ingenieur&region=DE2&sector=mobility&posted=30&free=yes",
        "/en/search?q=Ingenieur&region=DE21",
        "/suche?q=Ingneieur",
        "/en/search?q=" + "Donaudampfschifffahrtsgesellschaftskapitän" * 3,
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320 + 1, f"{url} is {width} px wide at a 320 px viewport"
    assert_no_trace(page, network)
