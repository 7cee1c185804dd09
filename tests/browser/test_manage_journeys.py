"""Cluster managers in a real browser (issue "Cluster managers", point 8): signing in,
writing a vacancy and a training offer with a mistake, correcting it through the error
summary, previewing and submitting, and finding the posting in review on the dashboard;
every page on the way free of WCAG 2.1 A/AA violations (axe), and the vacancy flow done
with the keyboard alone, with a visible focus at every step that is checked.

Every test ends with: each request went to the local server, and no answer was an error.

The manage pages are German-only and the German catalog may still be incomplete, so texts
shown by the app are worked out with the app's own translation (as a /verwaltung page
would show them); the tests find fields and buttons by name and value, not by wording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from jobboard import taxonomy
from jobboard.extensions import db
from jobboard.models import Posting, PostingStatus
from jobboard.templating import short_date, status_label
from jobboard.timeutil import today_berlin

S = PostingStatus
LOGIN_PATH = "/konto/anmelden"
DASHBOARD_PATH = "/verwaltung/"
NEW_PATH = {"vacancy": "/verwaltung/neu/vacancy", "training": "/verwaltung/neu/training"}
PREVIEW_SUFFIX = "/vorschau"

BAD_POSTCODE = "8033"

# Chromium's idea of a focused element that shows where the focus is.
FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
        what: el.outerHTML.slice(0, 120),
        width: box.width,
        height: box.height,
        inViewport: box.bottom > 0 && box.top < window.innerHeight,
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
    };
}"""


def day(offset: int) -> str:
    return (today_berlin() + timedelta(days=offset)).isoformat()


# --- data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Manager:
    email: str
    password: str
    organisation: str


@pytest.fixture
def manager(factory, password) -> Manager:
    """A cluster manager of an organisation that has no postings yet."""
    org = factory.organisation(name="Cluster Mobilität Bayern e.V.", slug="mobilitaet-bayern")
    user = factory.user(org, name="Maria Managerin", email="maria@cluster.example")
    db.session.commit()  # the live server reads in threads and sessions of its own
    return Manager(user.email, password, org.name)


@pytest.fixture
def busy_manager(factory, password) -> Manager:
    """A cluster manager whose organisation has postings in several statuses."""
    org = factory.organisation(name="Cluster Energie Sachsen e.V.", slug="energie-sachsen")
    user = factory.user(org, name="Sven Sachse", email="sven@cluster.example")
    for status in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED, S.EXPIRED):
        factory.vacancy(organisation=org, status=status, title=f"Bestand {status.value} (m/w/d)")
    factory.training(organisation=org, status=S.REJECTED, title="Bestand Kurs abgelehnt")
    db.session.commit()
    return Manager(user.email, password, org.name)


VACANCY = {
    "title": "Embedded-Entwicklerin / Embedded-Entwickler Ladeelektronik (m/w/d)",
    "description": (
        "Wir suchen Verstärkung für **Firmware** und Leistungselektronik in München.\n\n"
        "* C und Rust\n* Hardwarenahe Tests"
    ),
    "sectors": ["mobility", "electronics"],
    "postcode": "80331",
    "city": "München",
    "land": "DE2",
    "region": "DE21",
    "employment_type": "full_time",
    "remote_mode": "hybrid",
    "apply_url": "https://cluster.example/jobs/ladeelektronik",
}

TRAINING = {
    "title": "Zertifikatskurs Hochvolt-Sicherheit für Werkstätten",
    "description": (
        "Zwei Tage **Praxis** an Hochvolt-Fahrzeugen: Freischalten, Prüfen, Dokumentieren."
    ),
    "sectors": ["mobility"],
    "postcode": "89073",
    "city": "Ulm",
    "land": "DE1",
    "region": "DE14",
    "training_format": "on_site",
    "price_eur": "490",
    "apply_email": "anmeldung@cluster.example",
    "runs": [
        (day(30), day(31), "Ulm, Campus"),
        (day(60), day(61), ""),
    ],
}


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture
def shown(app) -> Callable[[Callable[[], str]], str]:
    """shown(lambda: ...): a text as a /verwaltung page shows it (German, with whatever the
    catalog translates)."""

    def run(make: Callable[[], str]) -> str:
        with app.test_request_context(DASHBOARD_PATH):
            return str(make())

    return run


def in_review_labels(shown) -> set[str]:
    """The label for "submitted" the app shows, or its English msgid while the German
    catalog lacks it."""
    return {shown(lambda: status_label(S.SUBMITTED)), "In review"}


def path_of(page) -> str:
    return urlsplit(page.url).path


def active(page, js: str = "el => el.id"):
    """Something about the focused element."""
    return page.evaluate(f"() => {{ const el = document.activeElement; return ({js})(el); }}")


def assert_focus_visible(page) -> None:
    """The focused element takes up space, is on screen and shows a focus indicator."""
    state = page.evaluate(FOCUS_STATE)
    assert state is not None, "nothing has the focus"
    assert state["width"] > 0 and state["height"] > 0, f"focused element has no size: {state}"
    assert state["inViewport"], f"focused element is off screen: {state}"
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    assert outline or state["boxShadow"] != "none", f"no visible focus indicator: {state}"


def assert_network_clean(network) -> None:
    network.assert_only_local()
    network.assert_no_failures()


def sign_in(page, manager: Manager) -> None:
    """Through the sign-in form, with the mouse."""
    page.goto(LOGIN_PATH)
    form = page.locator("main form")
    form.locator("input[name='email']").fill(manager.email)
    form.locator("input[name='password']").fill(manager.password)
    form.locator("button[type='submit']").click()
    page.wait_for_url(f"**{DASHBOARD_PATH}")


def fill_common(form, data: dict, postcode: str) -> None:
    form.locator("#title").fill(data["title"])
    form.locator("#description").fill(data["description"])
    for sector in data["sectors"]:
        form.locator(f"input[name='sectors'][value='{sector}']").check()
    form.locator("#postcode").fill(postcode)
    form.locator("#city").fill(data["city"])
    form.locator("#land").select_option(data["land"])
    form.locator("#region").select_option(data["region"])


def check_error_at(page, field_id: str) -> None:
    """The error summary has the focus and links to the field, whose error sits next to
    it; following the link moves the focus onto the field."""
    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert active(page, "el => el.classList.contains('error-summary')")
    assert_focus_visible(page)
    # The summary is the first thing of the main content after the introduction.
    assert page.evaluate(
        "() => document.querySelector('main .error-summary').compareDocumentPosition("
        "document.querySelector('main form.posting-form')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    links = summary.locator("a")
    expect(links).to_have_count(1)  # the one mistake, and nothing else
    link = summary.locator(f"a[href='#{field_id}']")
    expect(link).to_have_count(1)

    field = page.locator(f"#{field_id}")
    error = page.locator(f"#{field_id}-error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert f"{field_id}-error" in (field.get_attribute("aria-describedby") or "").split()
    # Next to the field: in the same .field block.
    assert field.evaluate(
        "(el, id) => el.closest('.field').contains(document.getElementById(id))",
        f"{field_id}-error",
    )
    # The summary repeats the message shown at the field.
    message = error.inner_text().split(None, 1)[-1].strip()  # without "Error:"
    assert message in link.inner_text()

    link.click()
    expect(field).to_be_focused()
    assert_focus_visible(page)


def find_in_dashboard(page, title: str):
    row = page.locator("main table.data-table tbody tr").filter(
        has=page.locator("th a", has_text=title)
    )
    expect(row).to_have_count(1)
    return row


def stored(title: str) -> Posting:
    db.session.expire_all()
    posting = db.session.scalar(select(Posting).where(Posting.title == title))
    assert posting is not None, f"{title!r} was not stored"
    return posting


# --- the journeys ----------------------------------------------------------------------


def test_vacancy_journey(page, network, axe, manager, shown):
    """Sign in, write a vacancy with a wrong postcode, correct it through the error
    summary, preview it, submit it, and find it in review on the dashboard."""
    page.goto(LOGIN_PATH)
    axe.assert_no_violations(page)
    sign_in(page, manager)

    # The empty dashboard.
    axe.assert_no_violations(page)
    expect(page.locator("main h1")).to_contain_text(manager.organisation)
    expect(page.locator("main table.data-table")).to_have_count(0)
    page.locator(f"main a[href='{NEW_PATH['vacancy']}']").click()
    page.wait_for_url(f"**{NEW_PATH['vacancy']}")

    # The empty form: no error summary yet, nothing focused by force.
    form = page.locator("main form.posting-form")
    expect(page.locator("main .error-summary")).to_have_count(0)
    axe.assert_no_violations(page)

    fill_common(form, VACANCY, postcode=BAD_POSTCODE)
    form.locator("#employment_type").select_option(VACANCY["employment_type"])
    form.locator("#remote_mode").select_option(VACANCY["remote_mode"])
    form.locator("#apply_url").fill(VACANCY["apply_url"])
    form.locator("button[name='action'][value='preview']").click()

    # Back on the form with the one error, everything typed still there.
    expect(page.locator("main .error-summary")).to_be_visible()  # the answer has come
    assert path_of(page) == NEW_PATH["vacancy"]
    expect(form.locator("#title")).to_have_value(VACANCY["title"])
    expect(form.locator("#postcode")).to_have_value(BAD_POSTCODE)
    expect(form.locator("#region")).to_have_value(VACANCY["region"])
    for sector in VACANCY["sectors"]:
        expect(form.locator(f"input[name='sectors'][value='{sector}']")).to_be_checked()
    axe.assert_no_violations(page)
    check_error_at(page, "postcode")

    # Correct it and preview again.
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(VACANCY["postcode"])
    form.locator("button[name='action'][value='preview']").click()
    page.wait_for_url(f"**{PREVIEW_SUFFIX}")
    axe.assert_no_violations(page)

    # The preview: the public page's body, marked as not public yet.
    expect(page.locator("main .preview-flag")).to_be_visible()
    body = page.locator("main .preview-frame article.posting")
    expect(body.locator("h1")).to_have_text(VACANCY["title"])
    expect(body.locator(".prose strong")).to_have_text("Firmware")
    expect(body.locator(".prose li")).to_have_count(2)
    facts = body.locator(".posting-facts")
    expect(facts).to_contain_text(f"{VACANCY['postcode']} {VACANCY['city']}")
    expect(facts).to_contain_text(shown(lambda: taxonomy.region_label(VACANCY["region"])))
    for sector in VACANCY["sectors"]:
        expect(facts).to_contain_text(shown(lambda s=sector: taxonomy.SECTORS.label(s)))
    expect(facts).to_contain_text(
        shown(lambda: taxonomy.EMPLOYMENT_TYPES.label(VACANCY["employment_type"]))
    )
    expect(facts).to_contain_text(
        shown(lambda: taxonomy.REMOTE_MODES.label(VACANCY["remote_mode"]))
    )
    expect(facts).to_contain_text(manager.organisation)
    expect(body.locator(".apply a.button")).to_have_attribute("href", VACANCY["apply_url"])
    assert body.locator("input, select, textarea").count() == 0
    assert stored(VACANCY["title"]).status == S.DRAFT

    # Submit from the bar at the top.
    page.locator("main form[action$='/einreichen'] button[type='submit']").first.click()
    page.wait_for_url(f"**{DASHBOARD_PATH}")
    expect(page.locator("main .flash-success")).to_contain_text(VACANCY["title"])
    row = find_in_dashboard(page, VACANCY["title"])
    status = row.locator(".status")
    assert status.inner_text().strip() in in_review_labels(shown)
    expect(status).to_have_class("status status-submitted")
    axe.assert_no_violations(page)  # the dashboard with a posting
    assert stored(VACANCY["title"]).status == S.SUBMITTED

    assert_network_clean(network)


def test_training_journey(page, network, axe, busy_manager, shown):
    """The same for a training offer with two runs: the second run ends before it starts,
    which the form points out; corrected, previewed with both runs, submitted."""
    sign_in(page, busy_manager)
    axe.assert_no_violations(page)  # the dashboard with postings in several statuses
    rows_before = page.locator("main table.data-table tbody tr").count()
    assert rows_before == 6
    page.locator(f"main a[href='{NEW_PATH['training']}']").click()
    page.wait_for_url(f"**{NEW_PATH['training']}")
    axe.assert_no_violations(page)  # the empty training form

    form = page.locator("main form.posting-form")
    runs = form.locator("fieldset.run")
    for _ in range(2):
        if runs.count() >= 2:
            break
        with page.expect_navigation():  # the same address, answered with one more row
            form.locator("button[name='add_run']").click()
    expect(runs).to_have_count(2)

    fill_common(form, TRAINING, postcode=TRAINING["postcode"])
    form.locator("#training_format").select_option(TRAINING["training_format"])
    form.locator("#price_eur").fill(TRAINING["price_eur"])
    form.locator("#apply_email").fill(TRAINING["apply_email"])
    (start_1, end_1, note_1), (start_2, end_2, _note_2) = TRAINING["runs"]
    form.locator("#runs-0-start_date").fill(start_1)
    form.locator("#runs-0-end_date").fill(end_1)
    form.locator("#runs-0-note").fill(note_1)
    wrong_end = (date.fromisoformat(start_2) - timedelta(days=1)).isoformat()
    form.locator("#runs-1-start_date").fill(start_2)
    form.locator("#runs-1-end_date").fill(wrong_end)
    form.locator("button[name='action'][value='preview']").click()

    expect(page.locator("main .error-summary")).to_be_visible()  # the answer has come
    assert path_of(page) == NEW_PATH["training"]
    expect(form.locator("#runs-0-note")).to_have_value(note_1)
    expect(form.locator("#runs-1-end_date")).to_have_value(wrong_end)
    axe.assert_no_violations(page)  # the training form with an error
    check_error_at(page, "runs-1-end_date")
    page.locator("#runs-1-end_date").fill(end_2)
    form.locator("button[name='action'][value='preview']").click()
    page.wait_for_url(f"**{PREVIEW_SUFFIX}")
    axe.assert_no_violations(page)

    body = page.locator("main .preview-frame article.posting")
    expect(body.locator("h1")).to_have_text(TRAINING["title"])
    rows = body.locator("table.runs tbody tr")
    expect(rows).to_have_count(2)
    for row, (start, end, note) in zip(rows.all(), TRAINING["runs"], strict=True):
        cells = row.locator("td")
        expect(cells.nth(0)).to_have_text(shown(lambda s=start: short_date(date.fromisoformat(s))))
        expect(cells.nth(1)).to_have_text(shown(lambda e=end: short_date(date.fromisoformat(e))))
        expect(cells.nth(2)).to_have_text(note)
    facts = body.locator(".posting-facts")
    expect(facts).to_contain_text(f"{TRAINING['postcode']} {TRAINING['city']}")
    expect(facts).to_contain_text(
        shown(lambda: taxonomy.TRAINING_FORMATS.label(TRAINING["training_format"]))
    )
    expect(facts).to_contain_text("490")
    expect(body.locator(".apply a.button")).to_have_attribute(
        "href", f"mailto:{TRAINING['apply_email']}"
    )

    page.locator("main form[action$='/einreichen'] button[type='submit']").last.click()
    page.wait_for_url(f"**{DASHBOARD_PATH}")
    expect(page.locator("main table.data-table tbody tr")).to_have_count(rows_before + 1)
    row = find_in_dashboard(page, TRAINING["title"])
    assert row.locator(".status").inner_text().strip() in in_review_labels(shown)
    axe.assert_no_violations(page)
    posting = stored(TRAINING["title"])
    assert posting.status == S.SUBMITTED
    assert [(r.start_date.isoformat(), r.end_date.isoformat()) for r in posting.runs] == [
        (start, end) for start, end, _note in TRAINING["runs"]
    ]

    assert_network_clean(network)


# --- the keyboard alone ----------------------------------------------------------------


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 150) -> int:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`; the number
    of presses it took."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        if active(page, f"el => !!el && el.matches({selector!r})"):
            return presses
    raise AssertionError(f"{key} × {limit} did not reach {selector}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page, selector: str, value: str) -> None:
    """Tab to a select and move to `value` with the arrow keys (the list stays closed)."""
    tab_to(page, selector)
    target, current = active(
        page, f"el => [[...el.options].findIndex(o => o.value === {value!r}), el.selectedIndex]"
    )
    assert target >= 0, f"{value} is not an option of {selector}"
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    assert active(page, "el => el.value") == value


def test_vacancy_journey_with_the_keyboard_alone(page, network, manager, shown):
    """Sign in, open the form, fill it, correct a mistake through the error summary,
    preview and submit: Tab, Shift+Tab, Enter, Space, arrow keys and typing only."""
    page.goto(LOGIN_PATH)
    type_into(page, "input[name='email']", manager.email)
    assert_focus_visible(page)
    type_into(page, "input[name='password']", manager.password)
    tab_to(page, "main form button[type='submit']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DASHBOARD_PATH}")

    tab_to(page, f"main a[href='{NEW_PATH['vacancy']}']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{NEW_PATH['vacancy']}")

    type_into(page, "#title", VACANCY["title"])
    assert_focus_visible(page)
    type_into(page, "#description", VACANCY["description"])
    for sector in VACANCY["sectors"]:
        tab_to(page, f"input[name='sectors'][value='{sector}']")
        page.keyboard.press("Space")
        assert active(page, "el => el.checked")
    assert_focus_visible(page)  # a check box
    # The radio group is one stop; the arrow keys choose within it (and back again).
    tab_to(page, "input[name='hiring_choice']")
    assert active(page, "el => el.value") == "cluster"
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")
    assert active(page, "el => el.checked && el.value") == "other"
    page.keyboard.press("ArrowUp")
    assert active(page, "el => el.checked && el.value") == "cluster"

    type_into(page, "#postcode", BAD_POSTCODE)
    type_into(page, "#city", VACANCY["city"])
    # Shift+Tab goes back to the postcode, Tab forward again.
    tab_to(page, "#postcode", backwards=True)
    tab_to(page, "#city")
    choose(page, "#land", VACANCY["land"])
    assert_focus_visible(page)  # a select
    choose(page, "#region", VACANCY["region"])
    choose(page, "#employment_type", VACANCY["employment_type"])
    choose(page, "#remote_mode", VACANCY["remote_mode"])
    type_into(page, "#apply_url", VACANCY["apply_url"])
    tab_to(page, "button[name='action'][value='preview']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    # The error summary has the focus; its link leads to the field.
    expect(page.locator("main .error-summary")).to_be_focused()
    assert path_of(page) == NEW_PATH["vacancy"]
    assert_focus_visible(page)
    tab_to(page, "main .error-summary a[href='#postcode']", limit=3)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#postcode")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(VACANCY["postcode"])
    tab_to(page, "button[name='action'][value='preview']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{PREVIEW_SUFFIX}")
    expect(page.locator("main .preview-frame h1")).to_have_text(VACANCY["title"])
    assert stored(VACANCY["title"]).postcode == VACANCY["postcode"]

    tab_to(page, "main form[action$='/einreichen'] button[type='submit']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{DASHBOARD_PATH}")
    row = find_in_dashboard(page, VACANCY["title"])
    assert row.locator(".status").inner_text().strip() in in_review_labels(shown)
    assert stored(VACANCY["title"]).status == S.SUBMITTED

    assert_network_clean(network)
