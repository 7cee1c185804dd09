"""The public pages in a real browser, in German and in English: WCAG 2.1 A/AA (axe),
keyboard use, reflow at 320 px, the language switch, and the promises of the site:
no request to another host, no cookie, no web storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from jobboard.extensions import db
from jobboard.models import PostingStatus
from jobboard.templating import slugify

LANGUAGES = ["de", "en"]
OTHER = {"de": "en", "en": "de"}
PAGE_SIZE = 8

# Where each page lives in each language.
PATHS = {
    "de": {
        "home": "/",
        "listing": "/angebote",
        "posting": "/angebote/{id}-{slug}",
        "clusters": "/cluster",
        "cluster": "/cluster/{slug}",
    },
    "en": {
        "home": "/en/",
        "listing": "/en/offers",
        "posting": "/en/offers/{id}-{slug}",
        "clusters": "/en/clusters",
        "cluster": "/en/clusters/{slug}",
    },
}

# The filter the listing test applies with the form: a whole Land and a sector.
FILTER_LAND = "DE2"  # Bayern / Bavaria
FILTER_SECTOR = "mobility"


@pytest.fixture
def app_config(app_config):
    # Small pages, so a few postings already make the listing run to a second page.
    return {**app_config, "PAGE_SIZE": PAGE_SIZE}


@dataclass(frozen=True)
class Shown:
    """What a test needs to know of a posting, read before the browser runs."""

    id: int
    title: str
    language: str
    kind: str

    def path(self, lang: str) -> str:
        return PATHS[lang]["posting"].format(id=self.id, slug=slugify(self.title))


@dataclass(frozen=True)
class Board:
    matching: list[Shown]  # visible, in Bavaria and in the mobility sector
    not_matching: list[Shown]  # visible, but another Land or another sector
    hidden: list[Shown]  # in Bavaria and mobility, but not visible (expired, draft)
    expired: Shown
    cluster_slug: str
    cluster_name: str
    cluster_training: Shown  # a training offer on that cluster's page
    long_title: Shown

    @property
    def visible(self) -> list[Shown]:
        return self.matching + self.not_matching


def _shown(posting) -> Shown:
    return Shown(posting.id, posting.title, posting.language, posting.kind.value)


@pytest.fixture
def board(factory) -> Board:
    """Five cluster organisations in five Länder with German and English vacancies and
    training offers: more than one listing page, some matching the test filter."""
    mobility_bavaria = factory.organisation(
        name="Cluster Mobilität Bayern e.V.",
        slug="mobilitaet-bayern",
        land="DE2",
        city="München",
        sectors=["mobility", "digital"],
        description="Das Netzwerk für **vernetzte Mobilität** in Bayern.",
    )
    medical_franconia = factory.organisation(
        name="Medical Valley Franken e.V.",
        slug="medical-valley-franken",
        land="DE2",
        city="Erlangen",
        sectors=["health", "digital"],
    )
    energy_saxony = factory.organisation(
        name="Energy Saxony e.V.",
        slug="energy-saxony",
        land="DED",
        city="Dresden",
        sectors=["renewables", "mobility"],
    )
    automotive_bw = factory.organisation(
        name="Automotive Cluster Baden-Württemberg",
        slug="automotive-bw",
        land="DE1",
        city="Stuttgart",
        sectors=["mobility"],
    )
    life_science_nord = factory.organisation(
        name="Life Science Nord e.V.",
        slug="life-science-nord",
        land="DE6",
        city="Hamburg",
        sectors=["health"],
        description="The **life science** cluster of northern Germany.",
    )
    supplier = factory.hiring(mobility_bavaria, name="Fahrzeugtechnik Ingolstadt GmbH")
    start = date.today() + timedelta(days=30)

    matching = [
        factory.vacancy(
            organisation=mobility_bavaria,
            hiring_organisation=supplier,
            title="Ingenieurin / Ingenieur Fahrzeugsoftware (m/w/d)",
            city="Ingolstadt",
            postcode="85049",
            region="DE21",
            sectors=["mobility"],
            published_days_ago=2,
        ),
        factory.vacancy(
            organisation=mobility_bavaria,
            title="Battery Systems Engineer (m/f/d)",
            description="Join our team working on **battery systems** for e-buses.",
            language="en",
            city="Regensburg",
            postcode="93047",
            region="DE23",
            sectors=["mobility", "electronics"],
            published_days_ago=3,
        ),
        factory.vacancy(
            organisation=mobility_bavaria,
            title="Werkstudent Verkehrsplanung (m/w/d)",
            employment_type="working_student",
            city="Nürnberg",
            postcode="90402",
            region="DE25",
            sectors=["mobility"],
            published_days_ago=5,
        ),
        factory.training(
            organisation=mobility_bavaria,
            title="Zertifikatskurs Hochvolt-Sicherheit",
            city="München",
            postcode="80331",
            region="DE21",
            sectors=["mobility"],
            runs=[(start, start + timedelta(days=2))],
            published_days_ago=6,
        ),
    ]
    not_matching = [
        factory.vacancy(  # Bavaria, but digital and health only
            organisation=medical_franconia,
            title="Data Scientist Medizintechnik (m/w/d)",
            city="Erlangen",
            postcode="91052",
            region="DE25",
            sectors=["health", "digital"],
            published_days_ago=1,
        ),
        factory.training(
            organisation=medical_franconia,
            title="Regulatory Affairs for Medical Devices",
            description="A two-day course on the **EU MDR**.",
            language="en",
            city="Erlangen",
            postcode="91052",
            region="DE25",
            sectors=["health"],
            is_free=True,
            price_eur=None,
            published_days_ago=4,
        ),
        factory.vacancy(  # mobility, but Saxony
            organisation=energy_saxony,
            title="Projektleitung Wasserstoffmobilität (m/w/d)",
            city="Dresden",
            postcode="01067",
            region="DED2",
            sectors=["mobility", "renewables"],
            published_days_ago=2,
        ),
        factory.training(
            organisation=energy_saxony,
            title="Grundlagen der Netzintegration erneuerbarer Energien",
            city="Leipzig",
            postcode="04109",
            region="DED5",
            sectors=["renewables"],
            published_days_ago=3,
        ),
        factory.vacancy(  # mobility, but Baden-Württemberg
            organisation=automotive_bw,
            title="Entwicklungsingenieur Antriebsstrang (m/w/d)",
            city="Stuttgart",
            postcode="70173",
            region="DE11",
            sectors=["mobility"],
            published_days_ago=1,
        ),
        factory.training(
            organisation=automotive_bw,
            title="Functional Safety ISO 26262 Workshop",
            language="en",
            city="Karlsruhe",
            postcode="76133",
            region="DE12",
            sectors=["mobility", "electronics"],
            published_days_ago=7,
        ),
        factory.vacancy(
            organisation=life_science_nord,
            title="Laboratory Technician Cell Culture (m/f/d)",
            description="Support our **cell culture** laboratory.",
            language="en",
            city="Hamburg",
            postcode="20095",
            region="DE60",
            sectors=["health"],
            published_days_ago=2,
        ),
        factory.vacancy(
            organisation=life_science_nord,
            title=(
                "Qualitätssicherungsbeauftragte / Qualitätssicherungsbeauftragter "
                "Arzneimittelherstellung (m/w/d)"
            ),
            city="Hamburg",
            postcode="20095",
            region="DE60",
            sectors=["health"],
            published_days_ago=0.5,  # the newest: on the home page and the listing's first
        ),
        factory.training(
            organisation=life_science_nord,
            title="Good Manufacturing Practice kompakt",
            city="Hamburg",
            postcode="20095",
            region="DE60",
            sectors=["health"],
            published_days_ago=9,
        ),
    ]
    hidden = [
        factory.vacancy(
            organisation=mobility_bavaria,
            status=PostingStatus.EXPIRED,
            title="Softwareentwickler Ladeinfrastruktur (m/w/d)",
            city="Augsburg",
            postcode="86150",
            region="DE27",
            sectors=["mobility"],
            published_days_ago=70,
        ),
        factory.vacancy(
            organisation=mobility_bavaria,
            status=PostingStatus.DRAFT,
            title="Entwurf: Fahrdienstleitung (m/w/d)",
            region="DE21",
            sectors=["mobility"],
        ),
    ]
    board = Board(
        matching=[_shown(p) for p in matching],
        not_matching=[_shown(p) for p in not_matching],
        hidden=[_shown(p) for p in hidden],
        expired=_shown(hidden[0]),
        cluster_slug=mobility_bavaria.slug,
        cluster_name=mobility_bavaria.name,
        cluster_training=_shown(matching[3]),
        long_title=_shown(not_matching[7]),
    )
    db.session.commit()  # the live server reads in threads and sessions of its own
    return board


# --- helpers ----------------------------------------------------------------------------


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def path_and_query(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def card_titles(page) -> set[str]:
    return {t.strip() for t in page.locator("main .posting-card .card-title").all_inner_texts()}


def check_page(page, axe, lang: str) -> None:
    """What every public page must pass: its language and no WCAG 2.1 A/AA violation."""
    assert html_lang(page) == lang, page.url
    axe.assert_no_violations(page)


def check_language_switch(page, lang: str, expected_other_path: str) -> None:
    """The switch leads to this same page (with its query) in the other language, and
    the way back works too."""
    other = OTHER[lang]
    here = page.url
    heading = page.locator("h1").inner_text()
    page.locator(f"body a[hreflang='{other}']").click()
    page.wait_for_url(lambda url: url != here)
    path, query = path_and_query(page.url)
    assert path == expected_other_path
    assert query == path_and_query(here)[1]
    assert html_lang(page) == other
    if urlsplit(here).path not in (PATHS[lang]["home"], PATHS[lang]["listing"]):
        # Content pages: the same posting or organisation, named the same.
        assert page.locator("h1").inner_text() == heading
    page.locator(f"body a[hreflang='{lang}']").click()
    page.wait_for_url(here)
    assert html_lang(page) == lang


def assert_no_trace(page, network) -> None:
    """After the visit: only the local server was asked, nothing was stored."""
    network.assert_only_local()
    network.assert_no_failures()
    assert page.context.cookies() == []
    assert page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]


# --- tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_visit_public_pages(page, network, axe, board, lang):
    """Home, listing filtered with the form, a posting, the clusters: accessible, in the
    right language, switchable, local-only and traceless."""
    paths = PATHS[lang]
    other_paths = PATHS[OTHER[lang]]

    # Home page.
    page.goto(paths["home"])
    check_page(page, axe, lang)
    assert page.locator('meta[name="robots"]').count() == 0
    check_language_switch(page, lang, other_paths["home"])

    # The listing runs to a second page; the second page is as accessible as the first.
    page.goto(paths["listing"])
    check_page(page, axe, lang)
    assert len(board.visible) > PAGE_SIZE
    assert len(card_titles(page)) == PAGE_SIZE
    page.locator("nav.pager a[rel='next']").click()
    page.wait_for_url(lambda url: path_and_query(url)[1] == {"page": ["2"]})
    check_page(page, axe, lang)
    assert len(card_titles(page)) == len(board.visible) - PAGE_SIZE

    # Filter with the form: a whole Land and a sector, submitted from the keyboard.
    form = page.locator("main form[role='search']")
    form.locator("select[name='region']").select_option(FILTER_LAND)
    form.locator("select[name='sector']").select_option(FILTER_SECTOR)
    form.locator("button[type='submit']").press("Enter")
    page.wait_for_url(lambda url: "sector=" in url)
    path, query = path_and_query(page.url)
    assert path == paths["listing"]
    assert query["region"] == [FILTER_LAND]
    assert query["sector"] == [FILTER_SECTOR]
    assert "page" not in query
    shown = card_titles(page)
    assert shown == {p.title for p in board.matching}
    for p in board.not_matching + board.hidden:
        assert p.title not in shown
    # The form shows the filter it applied.
    expect(form.locator("select[name='region']")).to_have_value(FILTER_LAND)
    expect(form.locator("select[name='sector']")).to_have_value(FILTER_SECTOR)
    check_page(page, axe, lang)
    check_language_switch(page, lang, other_paths["listing"])

    # A posting's page, opened from its card: one written in the other language.
    target = next(p for p in board.matching if p.language != lang and p.kind == "vacancy")
    page.locator("main .posting-card .card-title a", has_text=target.title).click()
    page.wait_for_url(f"**{target.path(lang)}")
    check_page(page, axe, lang)
    title = page.locator("main h1")
    expect(title).to_have_text(target.title)
    # The posting's own words carry their language; the page around them does not.
    expect(title).to_have_attribute("lang", target.language)
    assert page.locator('meta[name="robots"]').count() == 0
    check_language_switch(page, lang, target.path(OTHER[lang]))

    # The clusters: the list in the main navigation, then one organisation's page.
    page.locator(f"header nav a[href='{paths['clusters']}']").click()
    page.wait_for_url(f"**{paths['clusters']}")
    check_page(page, axe, lang)
    page.get_by_role("link", name=board.cluster_name).click()
    cluster_path = paths["cluster"].format(slug=board.cluster_slug)
    page.wait_for_url(f"**{cluster_path}")
    check_page(page, axe, lang)
    expect(page.locator("main h1")).to_have_text(board.cluster_name)
    assert card_titles(page) == {p.title for p in board.matching}
    check_language_switch(page, lang, other_paths["cluster"].format(slug=board.cluster_slug))

    # A training offer from the cluster's page (dates table, costs).
    training = board.cluster_training
    page.locator("main .posting-card .card-title a", has_text=training.title).click()
    page.wait_for_url(f"**{training.path(lang)}")
    check_page(page, axe, lang)
    expect(page.locator("main table")).to_be_visible()

    assert_no_trace(page, network)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_skip_link_is_first_and_moves_focus_to_main(page, network, board, lang):
    page.goto(PATHS[lang]["listing"])
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()  # visible once focused
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert urlsplit(page.url).fragment == "main"
    # The next Tab continues inside main, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert_no_trace(page, network)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_reaches_filter_submit(page, network, board, lang):
    """Tabbing from the top reaches the filter's fields in order, then its button, which
    shows a visible focus indicator."""
    page.goto(PATHS[lang]["listing"])
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const form = el.closest('form[role="search"]');
                return form ? (el.name || el.type || el.tagName) : null;
            }"""
        )
        if focused:
            reached.append(focused)
        if focused == "submit":
            break
    assert reached == ["kind", "region", "sector", "submit"]
    button = page.locator("main form[role='search'] button[type='submit']")
    expect(button).to_be_focused()
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "kind=" in url)
    assert urlsplit(page.url).path == PATHS[lang]["listing"]
    assert_no_trace(page, network)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reflow_at_320_px(page, network, board, lang):
    """WCAG 1.4.10: at 320 CSS pixels nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    paths = PATHS[lang]
    for path in (
        paths["home"],
        paths["listing"],
        board.long_title.path(lang),
        board.cluster_training.path(lang),
        paths["cluster"].format(slug=board.cluster_slug),
    ):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320 + 1, f"{path} is {width} px wide at a 320 px viewport"
    assert_no_trace(page, network)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_expired_posting_is_marked_and_noindex(page, network, axe, board, lang):
    page.goto(board.expired.path(lang))
    check_page(page, axe, lang)
    expect(page.locator("main h1")).to_have_text(board.expired.title)
    expect(page.locator("main .banner-archived")).to_be_visible()
    expect(page.locator("main .banner-archived h2")).not_to_be_empty()
    robots = page.locator('meta[name="robots"]')
    assert robots.count() == 1
    assert robots.get_attribute("content") == "noindex"
    # No way to apply on a run-out offer.
    assert page.locator("main .apply").count() == 0
    assert_no_trace(page, network)
