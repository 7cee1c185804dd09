"""Moderation by the programme office: the queue, the review page and its decisions, the
conversation, postings published without review, reports, and who may open what.

Every decision is checked end to end: the status, the audit entry, and the mail as the
real SMTP server (aiosmtpd) received it — recipient, language, subject and link. The
German catalog is filled separately, so expected texts are English msgids translated as
the recipient's language translates them; language-bound values that do not depend on
the catalog (the kind of offer, reason labels, date formats) are checked literally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import current_app
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    Message,
    Organisation,
    Posting,
    PostingStatus,
    ReasonCode,
    Report,
    ReportStatus,
    RevisionStatus,
    Role,
    TrustLevel,
    User,
)
from jobboard.office import reports
from jobboard.postings import revisions, workflow
from jobboard.postings.forms import posting_form_data
from jobboard.templating import posting_url, waited
from jobboard.timeutil import today_berlin, utcnow

S = PostingStatus
BASE = "/programmbuero/moderation"
LOGIN_PATH = "/konto/anmelden"
EN_DATE = re.compile(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b")  # "Mar 5, 2027"
DE_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")  # "05.03.2027"


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config, "PAGE_SIZE": 5}


# --- the board ------------------------------------------------------------------------------


@dataclass
class Board:
    org_a: Organisation
    org_b: Organisation
    author: User  # of org A, reads English
    admin_a: User  # of org A, reads German
    author_b: User
    moderator: User
    admin: User
    retired: User  # a deactivated moderator


@pytest.fixture
def reasons(factory):
    rows = [
        ReasonCode(code="duplicate", label_de="Doppelt eingestellt",
                   label_en="Duplicate of another offer"),
        ReasonCode(code="misleading", label_de="Irreführende Angaben",
                   label_en="Misleading information"),
        ReasonCode(code="old_reason", label_de="Alter Grund", label_en="Old reason",
                   active=False),
    ]  # fmt: skip
    db.session.add_all(rows)
    db.session.commit()
    return rows


@pytest.fixture
def board(factory, office_user, reasons) -> Board:
    org_a = factory.organisation(name="Cluster Bayern Digital", slug="bayern-digital", land="DE2")
    org_b = factory.organisation(name="Cluster Sachsen Energie", slug="sachsen", land="DED")
    board = Board(
        org_a=org_a,
        org_b=org_b,
        author=factory.user(org_a, name="Emma English", email="emma@bayern.example",
                            language="en"),
        admin_a=factory.user(org_a, role=Role.ORG_ADMIN, name="Alois Admin",
                             email="alois@bayern.example", language="de"),
        author_b=factory.user(org_b, name="Sina Sachs", email="sina@sachsen.example"),
        moderator=office_user(name="Moni Moderatorin", email="moni@office.example"),
        admin=office_user(role=Role.ADMIN, name="Adi Admin", email="adi@office.example",
                          language="en"),
        retired=office_user(name="Rudi Ruhestand", email="rudi@office.example", active=False),
    )  # fmt: skip
    db.session.commit()
    return board


def job(factory, board, status=S.SUBMITTED, org=None, author="author", **kw):
    """A vacancy of organisation A (or `org`) by `author` (None: nobody)."""
    org = org or board.org_a
    kw.setdefault("created_by", getattr(board, author) if author else None)
    posting = factory.vacancy(organisation=org, status=status, **kw)
    db.session.commit()
    return posting


@pytest.fixture
def moderator_client(client, board, office_login, csrf_token_from):
    """The test client, signed in as the moderator with the second factor; `.token` is the
    session's CSRF token."""
    office_login(client, board.moderator)
    client.token = csrf_token_from(client.get(f"{BASE}/"))
    return client


def post(client, url, data=None, **kw):
    return client.post(url, data={**(data or {}), "csrf_token": client.token}, **kw)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def path_of(response) -> str:
    return urlsplit(response.headers["Location"]).path


def reload(posting_id: int) -> Posting:
    db.session.expire_all()
    return db.session.get(Posting, posting_id)


def events_of(posting_id: int) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.posting_id == posting_id).order_by(AuditEvent.id)
    ).all()


def translated(language: str, msgid: str, **values) -> str:
    """`msgid` as a mail in `language` says it."""
    with current_app.test_request_context("/"), force_locale(language):
        return gettext(msgid, **values)


def page_text(msgid: str, **values) -> str:
    """`msgid` as a programme-office page shows it (German, HTML-escaped)."""
    with current_app.test_request_context(f"{BASE}/"):
        return str(escape(gettext(msgid, **values)))


def manage_link(posting) -> str:
    return f"https://jobs.example/verwaltung/angebot/{posting.id}"


def subject(message) -> str:
    # A long encoded subject is folded onto the next line; unfolding leaves a space.
    return str(message["Subject"]).strip()


def only_mail(smtp_server, address):
    messages = smtp_server.to(address)
    assert len(messages) == 1, [m["Subject"] for m in smtp_server.messages]
    return messages[0], smtp_server.body(messages[0])


def titles_in(html: str, titles: list[str]) -> list[str]:
    """The given titles in the order the page shows them."""
    found = [(html.find(f">{t}<"), t) for t in titles if f">{t}<" in html]
    return [t for _pos, t in sorted(found)]


# --- access ---------------------------------------------------------------------------------


def every_moderation_url(app, ids: dict[str, int]) -> list[tuple[str, str]]:
    """(method, url) of every route of the blueprint, with real ids filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("moderate."):
            continue
        path = rule.rule
        for name, value in ids.items():
            path = path.replace(f"<int:{name}>", str(value))
        assert "<" not in path, path
        urls += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return urls


@pytest.fixture
def everything(factory, board):
    """One object of each kind the routes take, so every URL exists."""
    posting = job(factory, board, status=S.PUBLISHED, title="Stelle mit allem")
    revision = workflow.propose_revision(posting, revisions.to_json(
        {**posting_form_data(posting), "title": "Stelle mit allem, geändert"}), board.author)  # fmt: skip
    report = reports.file_report(posting, "fraud", None)
    db.session.commit()
    return {"posting_id": posting.id, "revision_id": revision.id, "report_id": report.id}


def snapshot():
    db.session.expire_all()
    return (
        db.session.execute(select(Posting.id, Posting.status, Posting.title).order_by(Posting.id)).all(),
        db.session.scalar(select(func.count()).select_from(AuditEvent)),
        db.session.scalar(select(func.count()).select_from(Message)),
        db.session.execute(select(Report.id, Report.status)).all(),
    )  # fmt: skip


def test_the_routes_are_the_ones_this_module_checks(app, everything):
    """A new route must be added here, and so to the access tests below."""
    p, r, m = everything["posting_id"], everything["revision_id"], everything["report_id"]
    assert set(every_moderation_url(app, everything)) == {
        ("GET", f"{BASE}/"),
        ("GET", f"{BASE}/angebot/{p}"),
        ("POST", f"{BASE}/angebot/{p}/freigeben"),
        ("POST", f"{BASE}/angebot/{p}/aenderungen"),
        ("POST", f"{BASE}/angebot/{p}/ablehnen"),
        ("POST", f"{BASE}/angebot/{p}/entfernen"),
        ("POST", f"{BASE}/angebot/{p}/geprueft"),
        ("POST", f"{BASE}/angebot/{p}/nachricht"),
        ("POST", f"{BASE}/aenderung/{r}/freigeben"),
        ("POST", f"{BASE}/aenderung/{r}/ablehnen"),
        ("GET", f"{BASE}/ohne-pruefung"),
        ("GET", f"{BASE}/meldungen"),
        ("POST", f"{BASE}/meldung/{m}/verwerfen"),
    }


@pytest.mark.parametrize("who", ["anonymous", "cluster_user", "without_second_factor",
                                 "not_enrolled"])  # fmt: skip
def test_only_the_programme_office_with_second_factor_gets_in(
    app, client, factory, board, everything, login, csrf_token_from, who
):
    not_enrolled = factory.user(role=Role.MODERATOR, email="neu@office.example")
    db.session.commit()
    token = csrf_token_from(client.get(LOGIN_PATH))
    if who == "cluster_user":
        login(client, board.author.email)
        token = csrf_token_from(client.get("/verwaltung/"))
    elif who == "without_second_factor":
        step = login(client, board.moderator.email)  # password only, code not entered yet
        token = csrf_token_from(client.get(step.headers["Location"]))
    elif who == "not_enrolled":
        step = login(client, not_enrolled.email)
        token = csrf_token_from(client.get(step.headers["Location"]))
    before = snapshot()

    for method, url in every_moderation_url(app, everything):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "message-body": "Hallo",
                                              "changes-message": "x", "revision-message": "x",
                                              "reject-reason": "duplicate",
                                              "reject-message": "x"})  # fmt: skip
        where = f"{method} {url}"
        if who == "anonymous":
            assert response.status_code == 302 and path_of(response) == LOGIN_PATH, where
        elif who == "cluster_user":
            assert response.status_code == 403, where
        elif who == "without_second_factor":
            assert response.status_code == 302, where
            assert path_of(response) == "/konto/zwei-faktor/pruefen", where
        else:
            assert response.status_code == 302, where
            assert path_of(response) == "/konto/zwei-faktor", where
    assert snapshot() == before  # nothing changed, nothing was mailed
    home = text_of(client.get("/"))
    assert not re.search(r'\(\d+<span class="visually-hidden">', home)  # no count either
    if who in ("anonymous", "cluster_user"):
        assert f'href="{BASE}/"' not in home


def test_moderators_and_administrators_with_second_factor_get_in(
    app, board, everything, office_login
):
    for user in (board.moderator, board.admin):
        other = app.test_client()
        office_login(other, user)
        for method, url in every_moderation_url(app, everything):
            if method == "GET":
                assert other.get(url).status_code == 200, url


def test_office_users_land_on_the_queue_after_signing_in(client, board, office_login):
    response = office_login(client, board.moderator)
    assert response.status_code == 302 and path_of(response) == f"{BASE}/"


# --- the queue ------------------------------------------------------------------------------


@pytest.fixture
def queue(factory, board):
    """Three items waiting (a submission, a revision, a submission) and some that are not."""
    now = utcnow()
    oldest = job(factory, board, title="Älteste Einreichung", published_days_ago=3)
    revised = job(factory, board, status=S.PUBLISHED, title="Geänderte Stelle",
                  published_days_ago=20)  # fmt: skip
    workflow.propose_revision(
        revised, revisions.to_json({**posting_form_data(revised), "title": "Neu"}),
        board.author, now=now - timedelta(days=2),
    )  # fmt: skip
    newest = factory.training(organisation=board.org_b, status=S.SUBMITTED, region="DED2",
                              title="Neuester Kurs in Sachsen", published_days_ago=1)  # fmt: skip
    job(factory, board, status=S.DRAFT, title="Entwurf")
    job(factory, board, status=S.PUBLISHED, title="Online ohne Änderung")
    job(factory, board, status=S.CHANGES_REQUESTED, title="Zurückgeschickt")
    db.session.commit()
    return oldest, revised, newest


ALL = ["Älteste Einreichung", "Geänderte Stelle", "Neuester Kurs in Sachsen", "Entwurf",
       "Online ohne Änderung", "Zurückgeschickt"]  # fmt: skip


def test_queue_lists_submissions_and_revisions_oldest_first(moderator_client, queue):
    oldest, revised, newest = queue
    html = text_of(moderator_client.get(f"{BASE}/"))
    assert titles_in(html, ALL) == ["Älteste Einreichung", "Geänderte Stelle",
                                    "Neuester Kurs in Sachsen"]  # fmt: skip
    assert page_text("Changes to a published offer") in html
    assert html.count(page_text("New submission")) == 2
    with current_app.test_request_context(f"{BASE}/"):  # the waiting times
        assert escape(waited(oldest.submitted_at)) in html
        assert escape(waited(revised.pending_revision.created_at)) in html
    for posting in (oldest, revised, newest):
        assert f'href="{BASE}/angebot/{posting.id}"' in html


def test_the_navigation_counts_what_is_waiting(app, moderator_client, queue, board, login):
    html = text_of(moderator_client.get("/"))
    assert re.search(r">[^<]*\(3<span class=\"visually-hidden\">", html)
    cluster = app.test_client()
    login(cluster, board.author.email)
    assert "(3<span" not in text_of(cluster.get("/verwaltung/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=training", ["Neuester Kurs in Sachsen"]),
        ("kind=vacancy", ["Älteste Einreichung", "Geänderte Stelle"]),
        ("land=DED", ["Neuester Kurs in Sachsen"]),
        ("land=DE2", ["Älteste Einreichung", "Geänderte Stelle"]),
        ("organisation={org_b}", ["Neuester Kurs in Sachsen"]),
        ("kind=nonsense&land=XX", ["Älteste Einreichung", "Geänderte Stelle",
                                   "Neuester Kurs in Sachsen"]),
    ],
)  # fmt: skip
def test_queue_filters(moderator_client, queue, board, query, expected):
    url = f"{BASE}/?" + query.format(org_b=board.org_b.id)
    assert titles_in(text_of(moderator_client.get(url)), ALL) == expected


def test_queue_pages_and_empty_states(moderator_client, factory, board):
    html = text_of(moderator_client.get(f"{BASE}/"))
    assert page_text("Nothing is waiting for review. Well done!") in html
    for n in range(7):
        job(factory, board, title=f"Einreichung Nummer {n}", published_days_ago=10 - n)
    first = text_of(moderator_client.get(f"{BASE}/"))
    second = text_of(moderator_client.get(f"{BASE}/?page=2"))
    assert first.count("Einreichung Nummer") == 5 and second.count("Einreichung Nummer") == 2
    assert ">Einreichung Nummer 0<" in first and ">Einreichung Nummer 6<" in second
    assert 'rel="next"' in first
    filtered = text_of(moderator_client.get(f"{BASE}/?kind=training"))
    assert page_text("Nothing that matches these filters is waiting for review.") in filtered


# --- decisions on submitted postings ---------------------------------------------------------


def test_the_review_page_shows_the_posting_checklist_and_decisions(moderator_client, factory,
                                                                   board):  # fmt: skip
    posting = job(factory, board, title="Firmware-Entwicklerin", contact_name="Erika Muster")
    html = text_of(moderator_client.get(f"{BASE}/angebot/{posting.id}"))
    assert '<article class="posting">' in html and "Erika Muster" in html  # the public body
    assert page_text("The links and the application address work.") in html
    assert f'action="{BASE}/angebot/{posting.id}/freigeben"' in html
    assert 'name="reject-reason"' in html
    # Only active reason codes are offered.
    assert '<option value="duplicate">Doppelt eingestellt</option>' in html
    assert "old_reason" not in html
    assert page_text("Report this offer") not in html  # no public report link in the office


def test_a_draft_has_no_review_page(moderator_client, factory, board):
    draft = job(factory, board, status=S.DRAFT)
    assert moderator_client.get(f"{BASE}/angebot/{draft.id}").status_code == 404
    assert moderator_client.get(f"{BASE}/angebot/999999").status_code == 404


def test_approve_publishes_and_mails_the_author_in_english(moderator_client, factory, board,
                                                           smtp_server):  # fmt: skip
    posting = job(factory, board, title="Firmware-Entwicklerin")
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/freigeben")
    assert response.status_code == 302 and path_of(response) == f"{BASE}/"

    posting = reload(posting.id)
    assert posting.status == S.PUBLISHED and posting.published_at is not None
    assert posting.expires_at > utcnow() + timedelta(days=59)
    event = events_of(posting.id)[-1]
    assert (event.from_status, event.to_status, event.actor_id) == (
        S.SUBMITTED, S.PUBLISHED, board.moderator.id)  # fmt: skip

    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated("en", "Published: %(title)s",
                                            title="Firmware-Entwicklerin")  # fmt: skip
    assert "Hello Emma English," in body
    assert "Job vacancy: Firmware-Entwicklerin" in body
    assert EN_DATE.search(body) and not DE_DATE.search(body)
    assert manage_link(posting) in body
    assert f"https://jobs.example/en/offers/{posting.id}-firmware-entwicklerin" in body
    assert len(smtp_server.messages) == 1  # the admin is not mailed while the author is active


def test_a_posting_without_author_mails_the_organisations_admin_in_german(
    moderator_client, factory, board, smtp_server
):
    posting = job(factory, board, author=None, title="Stelle ohne Autorin")
    post(moderator_client, f"{BASE}/angebot/{posting.id}/freigeben")
    message, body = only_mail(smtp_server, board.admin_a.email)
    assert subject(message) == translated("de", "Published: %(title)s",
                                            title="Stelle ohne Autorin")  # fmt: skip
    assert "Stellenangebot: Stelle ohne Autorin" in body
    assert DE_DATE.search(body) and not EN_DATE.search(body)
    assert f"https://jobs.example/angebote/{posting.id}-stelle-ohne-autorin" in body
    assert manage_link(posting) in body


def test_approve_is_refused_when_the_deadline_has_passed(moderator_client, factory, board,
                                                         smtp_server):  # fmt: skip
    posting = job(factory, board, application_deadline=today_berlin() - timedelta(days=1))
    before = snapshot()
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/freigeben",
                    follow_redirects=True)  # fmt: skip
    assert page_text("The posting's deadline has passed while it waited, so it would be offline "
                     "at once. Request changes to the dates instead. Nothing was changed.") in (
        text_of(response))  # fmt: skip
    assert snapshot() == before and smtp_server.messages == []


def test_request_changes_needs_a_message(moderator_client, factory, board, smtp_server):
    posting = job(factory, board)
    before = snapshot()
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/aenderungen",
                    {"changes-message": "   "})  # fmt: skip
    html = text_of(response)
    assert response.status_code == 200
    assert 'id="changes-message"' in html and 'aria-invalid="true"' in html
    assert page_text("Say what should be changed; the organisation sees this message.") in html
    assert 'href="#changes-message"' in html  # the error summary links to the field
    assert snapshot() == before and smtp_server.messages == []


def test_request_changes_sends_the_message(moderator_client, factory, board, smtp_server):
    posting = job(factory, board, title="Stelle ohne Gehalt")
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/aenderungen",
                    {"changes-message": "Bitte geben Sie eine Gehaltsspanne an."})  # fmt: skip
    assert response.status_code == 302
    assert reload(posting.id).status == S.CHANGES_REQUESTED
    event = events_of(posting.id)[-1]
    assert (event.to_status, event.message, event.actor_id) == (
        S.CHANGES_REQUESTED, "Bitte geben Sie eine Gehaltsspanne an.", board.moderator.id)  # fmt: skip

    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated("en", "Changes requested: %(title)s",
                                            title="Stelle ohne Gehalt")  # fmt: skip
    assert "Bitte geben Sie eine Gehaltsspanne an." in body
    assert manage_link(posting) in body
    # The cluster manager sees the request on the posting's page.
    assert "Job vacancy: Stelle ohne Gehalt" in body


def test_reject_needs_a_listed_reason_and_a_message(moderator_client, factory, board,
                                                    smtp_server):  # fmt: skip
    posting = job(factory, board)
    before = snapshot()
    for data in (
        {"reject-reason": "", "reject-message": "Doppelt."},
        {"reject-reason": "old_reason", "reject-message": "Inaktiver Grund."},
        {"reject-reason": "made_up", "reject-message": "Erfunden."},
        {"reject-reason": "duplicate", "reject-message": ""},
    ):
        response = post(moderator_client, f"{BASE}/angebot/{posting.id}/ablehnen", data)
        assert response.status_code == 200 and 'aria-invalid="true"' in text_of(response), data
    assert snapshot() == before and smtp_server.messages == []


def test_reject_with_a_reason_mails_its_label_in_the_recipients_language(
    moderator_client, factory, board, smtp_server
):
    for_emma = job(factory, board, title="Doppelte Stelle")
    for_alois = job(factory, board, author=None, title="Noch eine doppelte Stelle")
    for posting in (for_emma, for_alois):
        response = post(moderator_client, f"{BASE}/angebot/{posting.id}/ablehnen",
                        {"reject-reason": "duplicate",
                         "reject-message": "Diese Stelle gibt es schon."})  # fmt: skip
        assert response.status_code == 302
        assert reload(posting.id).status == S.REJECTED
        event = events_of(posting.id)[-1]
        assert (event.reason_code, event.message) == ("duplicate", "Diese Stelle gibt es schon.")

    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated("en", "Not published: %(title)s",
                                            title="Doppelte Stelle")  # fmt: skip
    assert "Duplicate of another offer" in body and "Doppelt eingestellt" not in body
    assert "Diese Stelle gibt es schon." in body and manage_link(for_emma) in body

    message, body = only_mail(smtp_server, board.admin_a.email)
    assert "Doppelt eingestellt" in body and "Duplicate of another offer" not in body
    assert "Stellenangebot: Noch eine doppelte Stelle" in body
    assert manage_link(for_alois) in body


def test_a_decision_on_a_posting_already_decided_changes_nothing(moderator_client, factory,
                                                                 board, smtp_server):  # fmt: skip
    posting = job(factory, board, status=S.CHANGES_REQUESTED)
    before = snapshot()
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/freigeben",
                    follow_redirects=True)  # fmt: skip
    assert 'class="flash flash-error"' in text_of(response)
    assert snapshot() == before and smtp_server.messages == []


def test_decisions_need_a_csrf_token(moderator_client, factory, board):
    posting = job(factory, board)
    response = moderator_client.post(f"{BASE}/angebot/{posting.id}/freigeben")
    assert response.status_code == 400
    assert reload(posting.id).status == S.SUBMITTED


# --- revisions ------------------------------------------------------------------------------


@pytest.fixture
def revised(factory, board):
    posting = job(factory, board, status=S.PUBLISHED, title="Embedded-Entwicklerin")
    data = {**posting_form_data(posting), "title": "Embedded-Entwicklerin (m/w/d)",
            "contact_name": "Neue Ansprechpartnerin"}  # fmt: skip
    revision = workflow.propose_revision(posting, revisions.to_json(data), board.author)
    db.session.commit()
    return posting, revision


def test_the_review_page_shows_the_diff(moderator_client, revised):
    posting, _revision = revised
    html = text_of(moderator_client.get(f"{BASE}/angebot/{posting.id}"))
    table = html[html.index('<table class="data-table diff">') :]
    table = table[: table.index("</table>")]
    assert "<caption>" in table
    assert table.count('<th scope="col">') == 3
    assert re.search(r'<th scope="row">[^<]+</th>\s*<td class="pre"><del>Embedded-Entwicklerin'
                     r'</del></td>\s*<td class="pre"><ins>Embedded-Entwicklerin \(m/w/d\)</ins>',
                     table)  # fmt: skip
    assert "<ins>Neue Ansprechpartnerin</ins>" in table
    assert table.count('<th scope="row">') == 2  # only the changed fields


def test_approving_a_revision_updates_the_live_posting(moderator_client, revised, client,
                                                       smtp_server):  # fmt: skip
    posting, revision = revised
    response = post(moderator_client, f"{BASE}/aenderung/{revision.id}/freigeben")
    assert response.status_code == 302 and path_of(response) == f"{BASE}/"

    posting = reload(posting.id)
    assert posting.title == "Embedded-Entwicklerin (m/w/d)"
    assert posting.contact_name == "Neue Ansprechpartnerin"
    assert posting.pending_revision is None
    assert events_of(posting.id)[-1].action == "revision_approved"
    with current_app.test_request_context("/"):
        public = posting_url(posting)
    page = text_of(moderator_client.get(public))
    assert "Embedded-Entwicklerin (m/w/d)" in page and "Neue Ansprechpartnerin" in page

    message, body = only_mail(smtp_server, "emma@bayern.example")
    assert subject(message) == translated("en", "Your changes are online: %(title)s",
                                            title="Embedded-Entwicklerin (m/w/d)")  # fmt: skip
    assert manage_link(posting) in body


def test_rejecting_a_revision_needs_a_message_and_keeps_the_live_version(
    moderator_client, revised, smtp_server
):
    posting, revision = revised
    before = snapshot()
    empty = post(moderator_client, f"{BASE}/aenderung/{revision.id}/ablehnen",
                 {"revision-message": ""})  # fmt: skip
    assert empty.status_code == 200 and 'id="revision-message"' in text_of(empty)
    assert snapshot() == before and smtp_server.messages == []

    response = post(moderator_client, f"{BASE}/aenderung/{revision.id}/ablehnen",
                    {"revision-message": "Die Ansprechpartnerin fehlt im Impressum."})  # fmt: skip
    assert response.status_code == 302
    posting = reload(posting.id)
    assert posting.title == "Embedded-Entwicklerin" and posting.status == S.PUBLISHED
    assert posting.revisions[-1].status == RevisionStatus.REJECTED
    event = events_of(posting.id)[-1]
    assert (event.action, event.message) == (
        "revision_rejected", "Die Ansprechpartnerin fehlt im Impressum.")  # fmt: skip
    message, body = only_mail(smtp_server, "emma@bayern.example")
    assert subject(message) == translated("en", "Your changes were not approved: %(title)s",
                                            title="Embedded-Entwicklerin")  # fmt: skip
    assert "Die Ansprechpartnerin fehlt im Impressum." in body and manage_link(posting) in body


def test_a_revision_that_fails_the_rules_by_now_is_not_applied(moderator_client, factory, board,
                                                               smtp_server):  # fmt: skip
    posting = job(factory, board, status=S.PUBLISHED, title="Stelle mit Frist")
    data = revisions.to_json({**posting_form_data(posting), "title": "Stelle mit alter Frist"})
    data["application_deadline"] = (today_berlin() - timedelta(days=2)).isoformat()
    revision = workflow.propose_revision(posting, data, board.author)
    db.session.commit()
    before = snapshot()
    response = post(moderator_client, f"{BASE}/aenderung/{revision.id}/freigeben",
                    follow_redirects=True)  # fmt: skip
    assert 'class="flash flash-error"' in text_of(response)
    assert snapshot() == before and smtp_server.messages == []


# --- the conversation -------------------------------------------------------------------------


def test_a_moderators_message_reaches_the_organisation(moderator_client, app, factory, board,
                                                       smtp_server, login):  # fmt: skip
    posting = job(factory, board, title="Stelle mit Rückfrage")
    response = post(moderator_client, f"{BASE}/angebot/{posting.id}/nachricht",
                    {"message-body": "Ist die Stelle auch in Teilzeit möglich?"})  # fmt: skip
    assert response.status_code == 302
    stored = db.session.scalar(select(Message).where(Message.posting_id == posting.id))
    assert (stored.author_id, stored.body) == (
        board.moderator.id, "Ist die Stelle auch in Teilzeit möglich?")  # fmt: skip

    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated(
        "en", "Message from the programme office: %(title)s", title="Stelle mit Rückfrage"
    )
    assert "Ist die Stelle auch in Teilzeit möglich?" in body
    assert manage_link(posting) + "#conversation" in body
    assert len(smtp_server.messages) == 1

    cluster = app.test_client()
    login(cluster, board.author.email)
    html = text_of(cluster.get(f"/verwaltung/angebot/{posting.id}"))
    assert "Ist die Stelle auch in Teilzeit möglich?" in html and "Moni Moderatorin" in html


def test_an_organisations_message_reaches_the_programme_office(
    app, client, factory, board, smtp_server, login, csrf_token_from, office_login
):
    posting = job(factory, board, title="Stelle mit Antwort")
    login(client, board.author.email)
    page = client.get(f"/verwaltung/angebot/{posting.id}")
    assert 'id="conversation"' in text_of(page)
    token = csrf_token_from(page)
    empty = client.post(f"/verwaltung/angebot/{posting.id}/nachricht",
                        data={"body": " ", "csrf_token": token})  # fmt: skip
    assert empty.status_code == 200 and 'aria-invalid="true"' in text_of(empty)
    assert 'href="#body"' in text_of(empty)  # the error summary links to the field
    assert smtp_server.messages == []

    response = client.post(f"/verwaltung/angebot/{posting.id}/nachricht",
                           data={"body": "Ja, auch in Teilzeit.", "csrf_token": token})  # fmt: skip
    assert response.status_code == 302
    assert {m["To"] for m in smtp_server.messages} == {board.moderator.email, board.admin.email}
    message, body = only_mail(smtp_server, board.admin.email)
    assert subject(message) == translated(
        "en", "Message from %(org)s: %(title)s", org="Cluster Bayern Digital",
        title="Stelle mit Antwort")  # fmt: skip
    assert "Ja, auch in Teilzeit." in body and "Emma English" in body
    assert f"https://jobs.example{BASE}/angebot/{posting.id}#conversation" in body
    assert not smtp_server.to(board.retired.email)  # deactivated people are not mailed

    office = app.test_client()
    office_login(office, board.moderator)
    assert "Ja, auch in Teilzeit." in text_of(office.get(f"{BASE}/angebot/{posting.id}"))


# --- trust: published without review ----------------------------------------------------------


@pytest.fixture
def trusted_posting(factory, board):
    board.org_a.trust_level = TrustLevel.TRUSTED
    posting = job(factory, board, status=S.DRAFT, title="Sofort online")
    workflow.submit(posting, board.author)
    db.session.commit()
    assert posting.status == S.PUBLISHED and posting.needs_post_review
    return posting


def test_trusted_postings_are_checked_afterwards(moderator_client, trusted_posting, smtp_server,
                                                 board):  # fmt: skip
    html = text_of(moderator_client.get(f"{BASE}/ohne-pruefung"))
    assert ">Sofort online<" in html
    assert ">Sofort online<" not in text_of(moderator_client.get(f"{BASE}/"))  # not in the queue

    response = post(moderator_client, f"{BASE}/angebot/{trusted_posting.id}/geprueft")
    assert response.status_code == 302 and path_of(response) == f"{BASE}/ohne-pruefung"
    posting = reload(trusted_posting.id)
    assert posting.needs_post_review is False and posting.status == S.PUBLISHED
    event = events_of(posting.id)[-1]
    assert (event.action, event.actor_id) == ("post_reviewed", board.moderator.id)
    html = text_of(moderator_client.get(f"{BASE}/ohne-pruefung"))
    assert ">Sofort online<" not in html
    assert page_text("Every offer published without review has been checked.") in html
    assert smtp_server.messages == []  # nothing changes for the organisation


def test_a_trusted_posting_is_removed_with_a_reason(moderator_client, trusted_posting,
                                                    smtp_server, board):  # fmt: skip
    url = f"{BASE}/angebot/{trusted_posting.id}/entfernen"
    empty = post(moderator_client, url, {"remove-reason": "misleading", "remove-message": ""})
    assert empty.status_code == 200 and 'id="remove-message"' in text_of(empty)
    assert reload(trusted_posting.id).status == S.PUBLISHED

    response = post(moderator_client, url, {"remove-reason": "misleading",
                                            "remove-message": "Das Gehalt ist unrealistisch."})  # fmt: skip
    assert response.status_code == 302
    posting = reload(trusted_posting.id)
    assert posting.status == S.REMOVED and posting.needs_post_review is False
    event = events_of(posting.id)[-1]
    assert (event.to_status, event.reason_code, event.actor_id) == (
        S.REMOVED, "misleading", board.moderator.id)  # fmt: skip
    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated(
        "en", "Taken offline by the programme office: %(title)s", title="Sofort online"
    )
    assert "Misleading information" in body and "Das Gehalt ist unrealistisch." in body
    assert manage_link(posting) in body
    assert ">Sofort online<" not in text_of(moderator_client.get(f"{BASE}/ohne-pruefung"))


# --- reports --------------------------------------------------------------------------------


@pytest.fixture
def reported(factory, board):
    bad = job(factory, board, status=S.PUBLISHED, title="Verdächtige Stelle")
    fine = job(factory, board, status=S.PUBLISHED, title="Harmlose Stelle", org=board.org_b,
               author="author_b")  # fmt: skip
    first = reports.file_report(bad, "fraud", "Verlangt Geld vorab.")
    second = reports.file_report(bad, "misleading", None)
    other = reports.file_report(fine, "other", "Tippfehler im Titel")
    db.session.commit()
    return bad, fine, (first, second, other)


def test_reports_are_grouped_by_posting(moderator_client, reported):
    bad, fine, _reports = reported
    html = text_of(moderator_client.get(f"{BASE}/meldungen"))
    assert f'href="{BASE}/angebot/{bad.id}"' in html and f'href="{BASE}/angebot/{fine.id}"' in html
    assert html.count(">Verdächtige Stelle<") == 1 and html.count(">Harmlose Stelle<") == 1
    assert "Verlangt Geld vorab." in html and "Tippfehler im Titel" in html
    with current_app.test_request_context(f"{BASE}/"):
        assert str(escape(reports.REASONS["fraud"])) in html
    assert html.index(">Verdächtige Stelle<") < html.index(">Harmlose Stelle<")


def test_dismissing_a_report_keeps_the_posting_online(moderator_client, reported, smtp_server):
    _bad, fine, (_first, _second, other) = reported
    response = post(moderator_client, f"{BASE}/meldung/{other.id}/verwerfen")
    assert response.status_code == 302 and path_of(response) == f"{BASE}/meldungen"
    db.session.expire_all()
    assert db.session.get(Report, other.id).status == ReportStatus.DISMISSED
    assert db.session.get(Report, other.id).handled_by_id is not None
    assert reload(fine.id).status == S.PUBLISHED
    assert ">Harmlose Stelle<" not in text_of(moderator_client.get(f"{BASE}/meldungen"))
    again = post(moderator_client, f"{BASE}/meldung/{other.id}/verwerfen")
    assert again.status_code == 302
    assert smtp_server.messages == []


def test_removing_a_reported_posting_closes_its_reports_and_tells_the_organisation(
    moderator_client, reported, smtp_server, board
):
    bad, _fine, (first, second, other) = reported
    review = text_of(moderator_client.get(f"{BASE}/angebot/{bad.id}"))
    assert "Verlangt Geld vorab." in review  # the open reports are shown
    response = post(moderator_client, f"{BASE}/angebot/{bad.id}/entfernen",
                    {"remove-reason": "misleading", "remove-message": "Vorkasse verlangt."})  # fmt: skip
    assert response.status_code == 302
    assert reload(bad.id).status == S.REMOVED
    db.session.expire_all()
    statuses = {r.id: db.session.get(Report, r.id).status for r in (first, second, other)}
    assert statuses == {first.id: ReportStatus.ACTED, second.id: ReportStatus.ACTED,
                        other.id: ReportStatus.OPEN}  # fmt: skip
    message, body = only_mail(smtp_server, board.author.email)
    assert subject(message) == translated(
        "en", "Taken offline by the programme office: %(title)s", title="Verdächtige Stelle"
    )
    assert "Vorkasse verlangt." in body and manage_link(bad) in body
    html = text_of(moderator_client.get(f"{BASE}/meldungen"))
    assert ">Verdächtige Stelle<" not in html and ">Harmlose Stelle<" in html
    # The public page now says the offer is gone.
    with current_app.test_request_context("/"):
        assert moderator_client.get(posting_url(reload(bad.id))).status_code == 410


def test_visible_postings_offer_a_report_link_and_archived_ones_do_not(client, factory, board):
    visible = job(factory, board, status=S.PUBLISHED, title="Aktuelle Stelle")
    expired = job(factory, board, status=S.EXPIRED, title="Alte Stelle", published_days_ago=70)
    with current_app.test_request_context("/"):
        visible_url, expired_url = posting_url(visible), posting_url(expired)
    page = client.get(visible_url)
    assert f'href="/angebote/{visible.id}/melden"' in text_of(page)
    assert "Set-Cookie" not in page.headers  # plain browsing sets no cookie
    english = client.get(f"/en/offers/{visible.id}", follow_redirects=True)
    assert f'href="/en/offers/{visible.id}/report"' in text_of(english)
    assert "/melden" not in text_of(client.get(expired_url))
