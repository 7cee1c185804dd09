"""The programme office in a real browser (issue "Programme office", point 10).

The journey: a moderator signs in with password and TOTP code and sends a submitted
vacancy back with a message; the cluster manager reads the message, edits the posting,
previews it and submits it again; the moderator approves it; a visitor finds it on the
listing under its new title. And a revision: the manager changes a published posting,
the moderator approves the field-by-field diff, the public page shows the new value.

axe-core (WCAG 2.1 A/AA, 0 violations) runs on the moderation queue with items, empty and
with an error-free filter, the review page (also with the error of a missing message),
the revision diff, the public report form (also with an error) and the statistics page.

Each person has a browser context of their own (nothing shared but the server), and every
test ends with: each request went to 127.0.0.1, and no answer was an unexpected error.
The office pages are German-only and the German catalog may be incomplete, so texts are
found by name, value and class, or worked out with the app's own translation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from jobboard.extensions import db
from jobboard.models import (
    Organisation,
    Posting,
    PostingStatus,
    ReasonCode,
    Report,
    RevisionStatus,
    TrustLevel,
    User,
)
from jobboard.postings import revisions
from jobboard.templating import posting_url, status_label

S = PostingStatus
TIMEOUT_MS = 10_000  # as the `page` fixture has it
LOGIN_PATH = "/konto/anmelden"
SECOND_FACTOR_PATH = "/konto/zwei-faktor/pruefen"
QUEUE_PATH = "/programmbuero/moderation/"
DASHBOARD_PATH = "/verwaltung/"
STATISTICS_PATH = "/programmbuero/statistik/"
LISTING_PATH = "/angebote"

OLD_TITLE = "Prozessingenieurin / Prozessingenieur Zellfertigung (m/w/d)"
NEW_TITLE = "Prozessingenieurin / Prozessingenieur Zellfertigung und Formierung (m/w/d)"
OLD_CITY = "München"
NEW_CITY = "Garching bei München"
MODERATOR_MESSAGE = (
    "Bitte nennen Sie die Formierung im Titel und geben Sie den Arbeitsort genauer an."
)


@pytest.fixture
def app_config(app_config, mail_config):
    # Decisions mail the organisation: a real SMTP server in this process receives them.
    return {**app_config, **mail_config}


# --- people and data -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    password: str
    name: str


@dataclass(frozen=True)
class Cast:
    moderator: Person
    manager: Person
    organisation: str
    organisation_id: int


@pytest.fixture
def cast(factory, office_user, password) -> Cast:
    """Organisation A with its cluster manager, and a moderator with a second factor."""
    org = factory.organisation(name="Cluster Batterie Bayern e.V.", slug="batterie-bayern")
    manager = factory.user(org, name="Bea Batterie", email="bea@batterie.example")
    moderator = office_user(name="Moni Moderatorin", email="moni@office.example")
    db.session.add(
        ReasonCode(code="misleading", label_de="Irreführende Angaben",
                   label_en="Misleading information")
    )  # fmt: skip
    db.session.commit()  # the live server reads in threads and sessions of its own
    return Cast(
        moderator=Person(moderator.id, moderator.email, password, moderator.name),
        manager=Person(manager.id, manager.email, password, manager.name),
        organisation=org.name,
        organisation_id=org.id,
    )


def vacancy_of(factory, cast: Cast, status: PostingStatus, **kw) -> int:
    org = db.session.get(Organisation, cast.organisation_id)
    kw.setdefault("title", OLD_TITLE)
    kw.setdefault("city", OLD_CITY)
    posting = factory.vacancy(
        organisation=org,
        status=status,
        created_by=db.session.get(User, cast.manager.id),
        sectors=["electronics", "mobility"],
        **kw,
    )
    db.session.commit()
    return posting.id


def stored(posting_id: int) -> Posting:
    db.session.expire_all()
    posting = db.session.get(Posting, posting_id)
    assert posting is not None
    return posting


# --- browser contexts ------------------------------------------------------------------


@pytest.fixture
def new_page(browser, live_server, network) -> Iterator[Callable[[], Page]]:
    """new_page(): a page in a fresh browser context (another person: no cookies), set up
    like the `page` fixture and recorded in the same `network` log."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(
            base_url=live_server,
            locale="fr-FR",  # neither site language
            viewport={"width": 1280, "height": 800},
            service_workers="block",
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.on("request", lambda request: network.urls.append(request.url))
        context.on(
            "response",
            lambda response: (
                network.failed.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shown(app) -> Callable[[Callable[[], str]], str]:
    """shown(lambda: ...): a text as an office page shows it (German, catalog as it is)."""

    def run(make: Callable[[], str]) -> str:
        with app.test_request_context(QUEUE_PATH):
            return str(make())

    return run


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def assert_network_clean(network) -> None:
    network.assert_only_local()  # every request went to 127.0.0.1
    network.assert_no_failures()


# --- signing in and out ----------------------------------------------------------------


def fill_login(page: Page, person: Person) -> None:
    page.goto(LOGIN_PATH)
    form = page.locator("main form")
    form.locator("input[name='email']").fill(person.email)
    form.locator("input[name='password']").fill(person.password)
    form.locator("button[type='submit']").click()


def next_totp_code(person: Person) -> str:
    """The code of the current 30-second step, or of the next one when this user has used
    the current step already (the server accepts one step of drift, each step once)."""
    db.session.expire_all()
    user = db.session.get(User, person.id)
    totp = pyotp.TOTP(user.totp_secret)
    step = int(time.time()) // totp.interval
    if user.totp_last_step is not None and user.totp_last_step >= step:
        step = user.totp_last_step + 1
    assert step <= int(time.time()) // totp.interval + 1, "no TOTP step left to use"
    return totp.at(step * totp.interval)


def sign_in_moderator(page: Page, person: Person, axe=None) -> None:
    """Password, then the code typed into the second-factor form; lands on the queue."""
    fill_login(page, person)
    page.wait_for_url(f"**{SECOND_FACTOR_PATH}**")
    if axe is not None:
        axe.assert_no_violations(page)
    form = page.locator("main form")
    form.locator("input[name='code']").fill(next_totp_code(person))
    form.locator("button[type='submit']").click()
    page.wait_for_url(f"**{QUEUE_PATH}")
    expect(page.locator("main h1")).to_be_visible()


def sign_in_manager(page: Page, person: Person) -> None:
    fill_login(page, person)
    page.wait_for_url(f"**{DASHBOARD_PATH}")


def sign_out(page: Page) -> None:
    page.locator("header form[action$='/konto/abmelden'] button[type='submit']").click()
    page.wait_for_url(f"**{LOGIN_PATH}")
    expect(page.locator("main .flash-success")).to_be_visible()


# --- pages -----------------------------------------------------------------------------


def queue_row(page: Page, title: str):
    row = page.locator("main table.data-table tbody tr").filter(
        has=page.locator("th a", has_text=title)
    )
    expect(row).to_have_count(1)
    return row


def open_from_queue(page: Page, title: str) -> None:
    queue_row(page, title).locator("th a").click()
    page.wait_for_url("**/programmbuero/moderation/angebot/*")
    expect(page.locator("main h1#review-title")).to_contain_text(title)


def decide(page: Page, action_suffix: str) -> None:
    """Press the button of the decision form whose action ends in `action_suffix`."""
    page.locator(f"main form[action$='{action_suffix}'] button[type='submit']").click()


# --- the journey -----------------------------------------------------------------------


def test_changes_requested_resubmitted_and_approved(
    new_page, network, axe, factory, cast, shown, smtp_server
):
    """Moderator (TOTP) requests changes → manager edits and resubmits → moderator
    approves → a visitor finds the posting under its new title."""
    posting_id = vacancy_of(factory, cast, S.SUBMITTED)

    # 1. The moderator signs in with password and code and opens the queue.
    moderator = new_page()
    moderator.goto(LOGIN_PATH)
    sign_in_moderator(moderator, cast.moderator, axe=axe)
    assert path_of(moderator) == QUEUE_PATH
    row = queue_row(moderator, OLD_TITLE)
    expect(row).to_contain_text(cast.organisation)
    expect(moderator.locator("main table.data-table tbody tr")).to_have_count(1)
    axe.assert_no_violations(moderator)  # the queue with an item

    # The review page, and the form's answer to a missing message.
    open_from_queue(moderator, OLD_TITLE)
    expect(moderator.locator("main .preview-frame h1")).to_have_text(OLD_TITLE)
    axe.assert_no_violations(moderator)
    decide(moderator, "/aenderungen")
    expect(moderator.locator("main .error-summary")).to_be_visible()
    expect(moderator.locator("#changes-message")).to_have_attribute("aria-invalid", "true")
    axe.assert_no_violations(moderator)  # the review page with an error
    assert stored(posting_id).status == S.SUBMITTED

    moderator.locator("#changes-message").fill(MODERATOR_MESSAGE)
    decide(moderator, "/aenderungen")
    moderator.wait_for_url(f"**{QUEUE_PATH}")
    expect(moderator.locator("main .flash-success")).to_contain_text(OLD_TITLE)
    expect(moderator.locator("main table.data-table")).to_have_count(0)
    expect(moderator.locator("main .empty")).to_be_visible()
    axe.assert_no_violations(moderator)  # the empty queue
    assert stored(posting_id).status == S.CHANGES_REQUESTED
    sign_out(moderator)
    moderator.goto(QUEUE_PATH)  # signed out: back to the sign-in form
    assert path_of(moderator) == LOGIN_PATH
    moderator.context.close()

    mails = smtp_server.to(cast.manager.email)
    assert len(mails) == 1
    assert MODERATOR_MESSAGE in smtp_server.body(mails[0])

    # 2. The cluster manager reads the message, edits, previews and submits again.
    manager = new_page()
    sign_in_manager(manager, cast.manager)
    row = manager.locator("main table.data-table tbody tr").filter(
        has=manager.locator("th a", has_text=OLD_TITLE)
    )
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_class("status status-changes_requested")
    expect(row.locator(".status")).to_have_text(shown(lambda: status_label(S.CHANGES_REQUESTED)))
    row.locator("th a").click()
    manager.wait_for_url(f"**/verwaltung/angebot/{posting_id}")
    decision = manager.locator("main .banner-decision")
    expect(decision).to_be_visible()
    expect(decision.locator(".moderator-message")).to_have_text(MODERATOR_MESSAGE)
    expect(decision).to_contain_text(cast.moderator.name)
    expect(manager.locator("main .status-line .status")).to_have_class(
        "status status-changes_requested"
    )

    manager.locator(f"main a[href$='/angebot/{posting_id}/bearbeiten']").click()
    manager.wait_for_url(f"**/angebot/{posting_id}/bearbeiten")
    form = manager.locator("main form.posting-form")
    expect(form.locator("#title")).to_have_value(OLD_TITLE)
    form.locator("#title").fill(NEW_TITLE)
    form.locator("#city").fill(NEW_CITY)
    form.locator("button[name='action'][value='preview']").click()
    manager.wait_for_url(f"**/angebot/{posting_id}/vorschau")
    body = manager.locator("main .preview-frame article.posting")
    expect(body.locator("h1")).to_have_text(NEW_TITLE)
    expect(body.locator(".posting-facts")).to_contain_text(NEW_CITY)
    manager.locator("main form[action$='/einreichen'] button[type='submit']").first.click()
    manager.wait_for_url(f"**{DASHBOARD_PATH}")
    expect(manager.locator("main .flash-success")).to_contain_text(NEW_TITLE)
    posting = stored(posting_id)
    assert (posting.status, posting.title, posting.city) == (S.SUBMITTED, NEW_TITLE, NEW_CITY)
    manager.context.close()

    # 3. The moderator, in a new session with the next code, approves.
    moderator = new_page()
    sign_in_moderator(moderator, cast.moderator)
    expect(queue_row(moderator, NEW_TITLE)).to_contain_text(cast.organisation)
    open_from_queue(moderator, NEW_TITLE)
    expect(moderator.locator("main .preview-frame .posting-facts")).to_contain_text(NEW_CITY)
    decide(moderator, f"/angebot/{posting_id}/freigeben")
    moderator.wait_for_url(f"**{QUEUE_PATH}")
    expect(moderator.locator("main .flash-success")).to_contain_text(NEW_TITLE)
    posting = stored(posting_id)
    assert posting.status == S.PUBLISHED
    assert posting.published_at is not None and posting.expires_at is not None
    moderator.context.close()

    # 4. A visitor, not signed in, finds it on the listing.
    visitor = new_page()
    visitor.goto(LISTING_PATH)
    link = visitor.locator("main .posting-card a", has_text=NEW_TITLE)
    expect(link).to_have_count(1)
    expect(visitor.locator("main .posting-card a", has_text=OLD_TITLE)).to_have_count(0)
    link.click()
    expected_path = urlsplit(_public_url(stored(posting_id), shown)).path
    visitor.wait_for_url(f"**{expected_path}")
    expect(visitor.locator("main article.posting h1")).to_have_text(NEW_TITLE)
    expect(visitor.locator("main .posting-facts")).to_contain_text(NEW_CITY)

    assert_network_clean(network)


def _public_url(posting: Posting, shown) -> str:
    return shown(lambda: posting_url(posting))


def test_revision_of_a_published_posting(new_page, network, axe, factory, cast, shown):
    """Manager edits a published posting → a pending revision while the live version
    stays; the moderator sees the diff (published / proposed) and approves it; the
    public page shows the new value."""
    posting_id = vacancy_of(factory, cast, S.PUBLISHED)
    public_path = urlsplit(_public_url(stored(posting_id), shown)).path

    manager = new_page()
    sign_in_manager(manager, cast.manager)
    manager.goto(f"/verwaltung/angebot/{posting_id}")
    manager.locator(f"main a[href$='/angebot/{posting_id}/bearbeiten']").click()
    manager.wait_for_url(f"**/angebot/{posting_id}/bearbeiten")
    form = manager.locator("main form.posting-form")
    expect(form.locator("#city")).to_have_value(OLD_CITY)
    form.locator("#city").fill(NEW_CITY)
    form.locator("button[name='action'][value='propose']").click()
    manager.wait_for_url(f"**/verwaltung/angebot/{posting_id}")
    expect(manager.locator("main #revision-title")).to_be_visible()
    posting = stored(posting_id)
    assert posting.status == S.PUBLISHED and posting.city == OLD_CITY
    assert posting.pending_revision is not None
    manager.context.close()

    # The live version is unchanged for the public meanwhile.
    visitor = new_page()
    visitor.goto(public_path)
    expect(visitor.locator("main .posting-facts")).to_contain_text(OLD_CITY)
    expect(visitor.locator("main .posting-facts")).not_to_contain_text(NEW_CITY)

    moderator = new_page()
    sign_in_moderator(moderator, cast.moderator)
    open_from_queue(moderator, OLD_TITLE)
    table = moderator.locator("main table.diff")
    expect(table).to_be_visible()
    expect(table.locator("thead th")).to_have_count(3)
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)  # only the city has changed
    posting = stored(posting_id)
    (change,) = shown_diff(posting, shown)
    assert (change.name, change.old, change.new) == ("city", OLD_CITY, NEW_CITY)
    expect(rows.locator("th[scope='row']")).to_have_text(change.label)
    expect(rows.locator("td del")).to_have_text(OLD_CITY)
    expect(rows.locator("td ins")).to_have_text(NEW_CITY)
    axe.assert_no_violations(moderator)  # the review page with the diff

    revision_id = posting.pending_revision.id
    decide(moderator, f"/aenderung/{revision_id}/freigeben")
    moderator.wait_for_url(f"**{QUEUE_PATH}")
    expect(moderator.locator("main .flash-success")).to_be_visible()
    posting = stored(posting_id)
    assert posting.city == NEW_CITY and posting.status == S.PUBLISHED
    assert posting.pending_revision is None
    assert posting.revisions[-1].status == RevisionStatus.APPROVED

    visitor.goto(public_path)
    expect(visitor.locator("main .posting-facts")).to_contain_text(NEW_CITY)

    assert_network_clean(network)


def shown_diff(posting: Posting, shown) -> list[revisions.Change]:
    """The diff as the review page computes it, in the office's language."""
    changes: list[revisions.Change] = []

    def compute() -> str:
        changes.extend(revisions.diff(posting, posting.pending_revision))
        return ""

    shown(compute)
    return changes


# --- axe on the remaining pages --------------------------------------------------------


def test_report_form_with_and_without_error(page, network, axe, factory, cast, shown):
    """The public report form, as opened and after sending it without a reason."""
    posting_id = vacancy_of(factory, cast, S.PUBLISHED)
    page.goto(urlsplit(_public_url(stored(posting_id), shown)).path)
    page.locator("main .report-link a").click()
    page.wait_for_url(f"**/angebote/{posting_id}/melden")
    axe.assert_no_violations(page)

    page.locator("main form button[type='submit']").click()
    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(1)
    axe.assert_no_violations(page)  # with the error
    assert db.session.scalar(select(Report).where(Report.posting_id == posting_id)) is None

    assert_network_clean(network)


def test_statistics_and_filtered_queue(new_page, network, axe, factory, cast):
    """The statistics page with figures, and the queue filtered down to nothing."""
    org = db.session.get(Organisation, cast.organisation_id)
    other = factory.organisation(name="Cluster Energie Sachsen", slug="sachsen", land="DED")
    other.trust_level = TrustLevel.TRUSTED
    for status in (S.SUBMITTED, S.PUBLISHED, S.CHANGES_REQUESTED, S.REJECTED, S.EXPIRED):
        factory.vacancy(organisation=org, status=status)
    factory.training(organisation=other, status=S.PUBLISHED)
    factory.training(organisation=other, status=S.SUBMITTED, region="DED2")
    db.session.commit()

    moderator = new_page()
    sign_in_moderator(moderator, cast.moderator)
    expect(moderator.locator("main table.data-table tbody tr")).to_have_count(2)
    moderator.locator("main #kind").select_option("training")
    moderator.locator("main #land").select_option("DE2")
    moderator.locator("main form.filters button[type='submit']").click()
    moderator.wait_for_url("**/programmbuero/moderation/?*")
    expect(moderator.locator("main .empty")).to_be_visible()
    axe.assert_no_violations(moderator)  # nothing matches the filters

    moderator.goto(STATISTICS_PATH)
    expect(moderator.locator("main table.bar-table").first).to_be_visible()
    assert moderator.locator("main table.bar-table").count() >= 5
    axe.assert_no_violations(moderator)

    assert_network_clean(network)
