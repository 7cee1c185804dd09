"""The cluster managers' posting pages: the forms, the preview, submitting, the posting's
page and its actions in each status, mass assignment, and who may open what.

Authorisation matrix (`test_authorisation_matrix`): 19 routes (every manage route for
postings, as method and path; `test_the_matrix_covers_every_manage_route` keeps the list
complete) × 7 actors (anonymous; member and organisation administrator of organisation A;
member and organisation administrator of organisation B; moderator; administrator)
× 1 owning organisation (A owns every posting) = 133 requests.

The manage pages are German-only; expected texts are English msgids translated as a
/verwaltung page would translate them, so the tests stay right when the German catalog
grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from flask import current_app
from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    HiringOrganisation,
    Message,
    Organisation,
    Posting,
    PostingStatus,
    ReasonCode,
    RevisionStatus,
    Role,
    TrainingOffer,
    TrustLevel,
    User,
    Vacancy,
)
from jobboard.postings import workflow
from jobboard.postings.forms import posting_form_data
from jobboard.templating import posting_url, short_date, status_label, waited
from jobboard.timeutil import today_berlin, utcnow

S = PostingStatus
LOGIN_PATH = "/konto/anmelden"


# --- helpers ---------------------------------------------------------------------------


def text_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def t(app):
    """t(msgid, **values): the text a /verwaltung page shows for an English msgid, escaped
    as the templates escape it."""

    def translate(msgid: str, **values) -> str:
        with app.test_request_context("/verwaltung/"):
            return str(escape(gettext(msgid, **values)))

    return translate


@pytest.fixture
def label(app):
    """The status label a /verwaltung page shows."""

    def status(value: PostingStatus) -> str:
        with app.test_request_context("/verwaltung/"):
            return str(escape(status_label(value)))

    return status


def flashes(response) -> list[tuple[str, str]]:
    return re.findall(r'<p class="flash flash-(\w+)">(.*?)</p>', text_of(response), re.S)


def value_of(html: str, name: str) -> str | None:
    """The value of the input called `name` as the page shows it."""
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    value = tag and re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def day(offset: int) -> str:
    return (today_berlin() + timedelta(days=offset)).isoformat()


def path_of(response) -> str:
    return urlsplit(response.headers["Location"]).path


def posting_url_of(posting: Posting) -> str:
    """The public address of a posting."""
    with current_app.test_request_context("/"):
        return posting_url(posting)


def vacancy_form(**changes) -> dict:
    data = {
        "title": "Embedded-Entwicklerin (m/w/d)",
        "description": "Wir suchen Verstärkung für **Firmware** und Elektronik in München.",
        "language": "de",
        "hiring_choice": "other",
        "hiring_name": "Präzision Huber GmbH",
        "hiring_website": "https://huber.example",
        "street": "Marienplatz 1",
        "postcode": "80331",
        "city": "München",
        "land": "DE2",
        "region": "DE21",
        "sectors": ["digital", "electronics"],
        "employment_type": "full_time",
        "contract_type": "permanent",
        "remote_mode": "hybrid",
        "career_level": "professional",
        "salary_min": "52000",
        "salary_max": "64000",
        "salary_period": "year",
        "start_date": day(45),
        "application_deadline": day(20),
        "openings": "2",
        "contact_name": "Erika Mustermann",
        "contact_email": "erika@huber.example",
        "contact_phone": "+49 89 123456-0",
        "apply_url": "https://huber.example/jobs/42",
        "apply_email": "",
        "action": "save",
    }
    data.update(changes)
    return data


def training_form(**changes) -> dict:
    data = {
        "title": "Zertifikatskurs Batterietechnik",
        "description": "Grundlagen der **Batteriezellfertigung** für Fachkräfte aus der Produktion.",
        "language": "de",
        "hiring_choice": "cluster",
        "hiring_name": "",
        "hiring_website": "",
        "street": "",
        "postcode": "89073",
        "city": "Ulm",
        "land": "DE1",
        "region": "DE14",
        "sectors": ["mobility"],
        "training_format": "blended",
        "schedule": "part_time",
        "duration_value": "24",
        "duration_unit": "hours",
        "price_eur": "490",
        "funding_eligible": "y",
        "funding_note": "Bildungsgutschein möglich",
        "certificate": "Teilnahmezertifikat",
        "target_group": "Fachkräfte aus der Produktion",
        "prerequisites": "",
        "registration_deadline": day(25),
        "min_participants": "4",
        "max_participants": "12",
        "runs-0-start_date": day(30),
        "runs-0-end_date": day(32),
        "runs-0-note": "Ulm, Campus",
        "runs-1-start_date": day(60),
        "runs-1-end_date": day(62),
        "runs-1-note": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "apply_url": "",
        "apply_email": "anmeldung@cluster.example",
        "action": "save",
    }
    data.update(changes)
    return data


def form_of(posting: Posting, **changes) -> dict:
    """The edit form as a browser would send it back for `posting`, with `changes`."""
    data = {}
    for key, value in posting_form_data(posting).items():
        if key == "runs":
            for i, run in enumerate(value):
                for field, v in run.items():
                    data[f"runs-{i}-{field}"] = v.isoformat() if isinstance(v, date) else v
        elif isinstance(value, bool):
            if value:
                data[key] = "y"
        elif isinstance(value, date):
            data[key] = value.isoformat()
        elif isinstance(value, Decimal):
            data[key] = str(value)
        elif value is None:
            data[key] = ""
        else:
            data[key] = value
    data["action"] = "save"
    data.update(changes)
    return data


@dataclass
class People:
    org_a: Organisation
    org_b: Organisation
    member_a: User
    admin_a: User
    member_b: User
    admin_b: User
    moderator: User
    admin: User


@pytest.fixture
def people(factory) -> People:
    org_a = factory.organisation(name="Cluster Bayern Digital", slug="bayern-digital")
    org_b = factory.organisation(name="Cluster NRW Gesundheit", slug="nrw-gesundheit", land="DEA")
    people = People(
        org_a=org_a,
        org_b=org_b,
        member_a=factory.user(org_a, name="Anna Aigner"),
        admin_a=factory.user(org_a, role=Role.ORG_ADMIN, name="Alois Admin"),
        member_b=factory.user(org_b, name="Berta Brandt"),
        admin_b=factory.user(org_b, role=Role.ORG_ADMIN, name="Bernd Boss"),
        moderator=factory.user(None, role=Role.MODERATOR, name="Moni Moderatorin"),
        admin=factory.user(None, role=Role.ADMIN, name="Adi Admin"),
    )
    db.session.commit()
    return people


@pytest.fixture
def signed_in(client, login, csrf_token_from):
    """signed_in(user) -> CSRF token of the signed-in session (None: stay anonymous)."""

    def sign_in(user: User | None) -> str:
        if user is None:
            return csrf_token_from(client.get(LOGIN_PATH))
        response = login(client, user.email)
        assert response.status_code == 302, "sign-in failed"
        # The sign-out form of every page carries the session's token.
        return csrf_token_from(client.get("/"))

    return sign_in


def post(client, url: str, token: str, data: dict | None = None, **kw):
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kw)


def reload(posting_id: int) -> Posting | None:
    db.session.expire_all()
    return db.session.get(Posting, posting_id)


def snapshot(organisation_id: int) -> list[tuple]:
    """Everything an action could change about an organisation's postings."""
    db.session.expire_all()
    postings = db.session.scalars(
        select(Posting).where(Posting.organisation_id == organisation_id).order_by(Posting.id)
    ).all()
    messages = dict(
        db.session.execute(
            select(Message.posting_id, func.count()).group_by(Message.posting_id)
        ).all()
    )
    return [
        (p.id, p.status, p.title, p.published_at, p.expires_at, p.submitted_at,
         len(p.events), [(r.status, r.data) for r in p.revisions], messages.get(p.id, 0))
        for p in postings
    ]  # fmt: skip


def events_of(posting_id: int) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.posting_id == posting_id).order_by(AuditEvent.id)
    ).all()


def count_postings() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Posting))


def make(factory, people, status=S.PUBLISHED, kind="vacancy", **kw) -> Posting:
    build = factory.vacancy if kind == "vacancy" else factory.training
    posting = build(organisation=people.org_a, status=status, **kw)
    db.session.commit()
    return posting


# --- creating, previewing and submitting -----------------------------------------------


def test_create_a_vacancy_preview_and_submit_it(client, people, signed_in, t, label):
    token = signed_in(people.member_a)
    form_page = client.get("/verwaltung/neu/vacancy")
    assert form_page.status_code == 200

    response = post(client, "/verwaltung/neu/vacancy", token, vacancy_form(action="preview"))
    assert response.status_code == 302
    posting = db.session.scalars(select(Posting)).one()
    assert isinstance(posting, Vacancy)
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}/vorschau"
    assert posting.status == S.DRAFT
    assert posting.organisation_id == people.org_a.id
    assert posting.created_by_id == people.member_a.id
    assert posting.hiring_organisation.name == "Präzision Huber GmbH"
    assert posting.salary_min == Decimal("52000") and posting.salary_period == "year"
    assert posting.sectors == ["digital", "electronics"]
    [created] = events_of(posting.id)
    assert (created.from_status, created.to_status, created.actor_id) == (
        None, S.DRAFT, people.member_a.id)  # fmt: skip

    preview = client.get(f"/verwaltung/angebot/{posting.id}/vorschau")
    html = text_of(preview)
    assert preview.status_code == 200
    assert t("Preview — not public yet") in html
    assert "<h1>Embedded-Entwicklerin (m/w/d)</h1>" in html
    assert "Präzision Huber GmbH, via Cluster Bayern Digital" in html  # the public markup
    assert f'action="/verwaltung/angebot/{posting.id}/einreichen"' in html
    assert f'href="/verwaltung/angebot/{posting.id}/bearbeiten"' in html
    assert f'<button type="submit">{t("Submit for review")}</button>' in html
    assert 'name="robots" content="noindex"' in html

    response = post(client, f"/verwaltung/angebot/{posting.id}/einreichen", token)
    assert response.status_code == 302
    assert path_of(response) == "/verwaltung/"
    posting = reload(posting.id)
    assert posting.status == S.SUBMITTED
    assert posting.submitted_at is not None
    submitted = events_of(posting.id)[-1]
    assert (submitted.from_status, submitted.to_status, submitted.actor_id) == (
        S.DRAFT, S.SUBMITTED, people.member_a.id)  # fmt: skip

    dashboard = client.get("/verwaltung/")
    assert ("success", t("“%(title)s” has been submitted for review.", title=posting.title)) in (
        flashes(dashboard)
    )
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", text_of(dashboard), re.S).group(0)
    assert "Embedded-Entwicklerin (m/w/d)" in row
    assert f'<span class="status status-submitted">{label(S.SUBMITTED)}</span>' in row

    # The public never sees it before the programme office approves it.
    assert client.get(f"/angebote/{posting.id}").status_code == 404


def test_save_as_draft_and_reuse_the_hiring_organisation(client, people, signed_in, t):
    token = signed_in(people.member_a)
    response = post(client, "/verwaltung/neu/vacancy", token, vacancy_form())
    posting = db.session.scalars(select(Posting)).one()
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    page = client.get(path_of(response))
    assert ("success", t("Your changes have been saved.")) in flashes(page)
    assert posting.status == S.DRAFT

    # The next form offers the name again; typing it in any case re-uses the same row.
    form_page = text_of(client.get("/verwaltung/neu/vacancy"))
    assert 'list="hiring-names"' in form_page
    assert '<option value="Präzision Huber GmbH"></option>' in form_page
    post(client, "/verwaltung/neu/vacancy", token,
         vacancy_form(title="Zweite Stelle bei Huber", hiring_name="präzision  huber gmbh",
                      hiring_website=""))  # fmt: skip
    assert db.session.scalar(select(func.count()).select_from(HiringOrganisation)) == 1
    assert count_postings() == 2


def test_datalist_holds_only_our_own_hiring_organisations(client, factory, people, signed_in):
    factory.hiring(people.org_a, name="Unsere Partnerfirma GmbH")
    factory.hiring(people.org_b, name="Fremde Firma AG")
    db.session.commit()
    signed_in(people.member_a)
    html = text_of(client.get("/verwaltung/neu/training"))
    datalist = re.search(r'<datalist id="hiring-names">(.*?)</datalist>', html, re.S).group(1)
    assert "Unsere Partnerfirma GmbH" in datalist
    assert "Fremde Firma AG" not in html


def test_create_a_training_offer_with_two_runs(client, people, signed_in):
    token = signed_in(people.member_a)
    page = text_of(client.get("/verwaltung/neu/training"))
    # Two blank rows to start with.
    assert 'name="runs-0-start_date"' in page and 'name="runs-1-start_date"' in page
    assert 'name="runs-2-start_date"' not in page

    data = training_form(**{"runs-2-start_date": "", "runs-2-end_date": "", "runs-2-note": ""})
    response = post(client, "/verwaltung/neu/training", token, data)
    assert response.status_code == 302
    posting = db.session.scalars(select(Posting)).one()
    assert isinstance(posting, TrainingOffer)
    assert [(r.start_date.isoformat(), r.end_date.isoformat(), r.note) for r in posting.runs] == [
        (day(30), day(32), "Ulm, Campus"),
        (day(60), day(62), None),
    ]
    assert posting.hiring_organisation is None  # the cluster itself
    assert posting.price_eur == Decimal("490") and posting.funding_eligible is True

    # Editing shows the two runs and two blank rows under them.
    edit = text_of(client.get(f"/verwaltung/angebot/{posting.id}/bearbeiten"))
    assert value_of(edit, "runs-1-start_date") == day(60)
    assert value_of(edit, "runs-2-start_date") == value_of(edit, "runs-3-start_date") == ""
    assert value_of(edit, "runs-4-start_date") is None


def test_one_mistake_is_shown_next_to_the_field_and_in_the_summary(client, people, signed_in, t):
    token = signed_in(people.member_a)
    response = post(client, "/verwaltung/neu/vacancy", token, vacancy_form(postcode="8033"))
    html = text_of(response)
    assert response.status_code == 200
    assert count_postings() == 0

    message = t("Enter a postcode of 5 digits.")
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary and "autofocus" in re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary.group(1))
    assert len(links) == 1
    assert links[0][0] == "postcode" and message in links[0][1]
    assert re.search(
        r'<p class="field-error" id="postcode-error">.*?' + re.escape(message), html, re.S
    )
    assert 'aria-describedby="postcode-error"' in html and 'aria-invalid="true"' in html

    # Nothing typed is lost: the wrong value and every other value come back.
    assert value_of(html, "postcode") == "8033"
    assert value_of(html, "title") == "Embedded-Entwicklerin (m/w/d)"
    assert "Wir suchen Verstärkung für **Firmware** und Elektronik in München." in html
    assert value_of(html, "hiring_name") == "Präzision Huber GmbH"
    assert value_of(html, "hiring_website") == "https://huber.example"
    assert 'checked id="hiring_choice-1"' in html
    assert 'id="sectors-4" name="sectors" value="digital" checked' in html
    assert 'id="sectors-5" name="sectors" value="electronics" checked' in html
    assert '<option selected value="full_time">' in html
    assert '<option selected value="hybrid">' in html
    assert (value_of(html, "salary_min"), value_of(html, "salary_max")) == ("52000", "64000")
    assert '<option selected value="year">' in html
    assert value_of(html, "application_deadline") == day(20)
    assert value_of(html, "start_date") == day(45)
    assert value_of(html, "openings") == "2"
    assert value_of(html, "contact_phone") == "+49 89 123456-0"
    assert value_of(html, "apply_url") == "https://huber.example/jobs/42"


def test_invalid_values_of_other_types_come_back_as_typed(client, people, signed_in):
    token = signed_in(people.member_a)
    data = vacancy_form(salary_min="viel", openings="zwei", start_date="morgen")
    html = text_of(post(client, "/verwaltung/neu/vacancy", token, data))
    assert value_of(html, "salary_min") == "viel"
    assert value_of(html, "openings") == "zwei"
    assert value_of(html, "start_date") == "morgen"
    assert count_postings() == 0


def test_error_summary_lists_errors_in_the_order_of_the_page(client, people, signed_in):
    token = signed_in(people.member_a)
    data = {"action": "save", "runs-0-start_date": "", "runs-0-end_date": "",
            "runs-1-start_date": day(5), "runs-1-end_date": day(3), "salary_min": "x"}  # fmt: skip
    html = text_of(post(client, "/verwaltung/neu/training", token, data))
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    targets = re.findall(r'<a href="#([^"]+)">', summary)
    assert {"title", "description", "sectors", "training_format", "price_eur",
            "runs-1-end_date", "apply_url"} <= set(targets)  # fmt: skip
    # Each link leads to an element of the form, and the links follow the form's order.
    form = html.index('<form method="post" novalidate')
    positions = {target: html.index(f'id="{target}"', form) for target in targets}
    assert targets == sorted(targets, key=positions.get)


def test_add_another_run_adds_a_row_without_saving_or_checking(client, people, signed_in):
    token = signed_in(people.member_a)
    data = {
        "action": "",
        "add_run": "1",
        "title": "Kurs in Arbeit",
        "postcode": "12",  # wrong, but nothing is checked yet
        "runs-0-start_date": day(30),
        "runs-0-end_date": day(31),
        "runs-0-note": "Erster Termin",
        "runs-1-start_date": "",
        "runs-1-end_date": "",
        "runs-1-note": "",
        "sectors": ["health"],
        "is_free": "y",
    }
    response = post(client, "/verwaltung/neu/training", token, data)
    html = text_of(response)
    assert response.status_code == 200
    assert count_postings() == 0
    assert "error-summary" not in html and "field-error" not in html
    assert 'name="runs-2-start_date"' in html and 'name="runs-3-start_date"' not in html
    assert re.search(r'<input autofocus id="runs-2-start_date"', html)
    assert value_of(html, "title") == "Kurs in Arbeit"
    assert value_of(html, "postcode") == "12"
    assert value_of(html, "runs-0-start_date") == day(30)
    assert value_of(html, "runs-0-note") == "Erster Termin"
    assert value_of(html, "runs-2-start_date") == ""
    assert 'name="sectors" value="health" checked' in html
    assert re.search(r'<input checked id="is_free"', html)


def test_enter_in_a_field_saves_rather_than_adds_a_run(client, people, signed_in):
    signed_in(people.member_a)
    html = text_of(client.get("/verwaltung/neu/training"))
    form = html[html.index('<form method="post" novalidate') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="action" value="save"' in first_button
    assert 'tabindex="-1"' in first_button and 'aria-hidden="true"' in first_button


def test_the_form_is_grouped_and_labelled(client, people, signed_in, t):
    signed_in(people.member_a)
    for kind, legends in {
        "vacancy": ["The offer", "Hiring organisation", "The job", "Salary", "Contact person",
                    "How to apply"],
        "training": ["The offer", "Hiring organisation", "The course", "Cost and funding",
                     "Registration", "Dates of the runs", "Contact person",
                     "How to register"],
    }.items():  # fmt: skip
        html = text_of(client.get(f"/verwaltung/neu/{kind}"))
        found = re.findall(r"<legend>([^<]+)", html)
        for legend in legends:
            assert t(legend).strip() in [f.strip() for f in found], (kind, legend)
        if kind == "training":
            assert t("Run %(n)d", n=1) in [f.strip() for f in found]
        # Every input, select and textarea has a label (check boxes of the sectors too).
        ids = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"',
                         html)  # fmt: skip
        for field_id in ids:
            assert f'<label for="{field_id}">' in html, field_id
    vacancy = text_of(client.get("/verwaltung/neu/vacancy"))
    assert t("How to format the description") in vacancy
    assert "2023/970" in vacancy


def test_unknown_kind_is_404(client, people, signed_in):
    signed_in(people.member_a)
    assert client.get("/verwaltung/neu/praktikum").status_code == 404
    assert client.get("/verwaltung/angebot/999999").status_code == 404


# --- editing ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED])
def test_a_posting_not_online_is_edited_directly(client, factory, people, signed_in, t, status):
    posting = make(factory, people, status=status)
    token = signed_in(people.admin_a)
    page = text_of(client.get(f"/verwaltung/angebot/{posting.id}/bearbeiten"))
    assert value_of(page, "title") == posting.title
    response = post(client, f"/verwaltung/angebot/{posting.id}/bearbeiten", token,
                    form_of(posting, title="Neuer Titel der Stelle"))  # fmt: skip
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    posting = reload(posting.id)
    assert posting.title == "Neuer Titel der Stelle"
    assert posting.status == status
    assert posting.revisions == []


def test_editing_a_published_posting_creates_a_revision(client, factory, people, signed_in, t):
    posting = make(factory, people, title="Alter Titel der Stelle")
    public = posting_url_of(posting)
    token = signed_in(people.member_a)
    page = text_of(client.get(f"/verwaltung/angebot/{posting.id}/bearbeiten"))
    assert t("Send changes for review") in page
    assert value_of(page, "title") == "Alter Titel der Stelle"

    response = post(client, f"/verwaltung/angebot/{posting.id}/bearbeiten", token,
                    form_of(posting, title="Neuer Titel der Stelle", salary_max="70000",
                            action="propose"))  # fmt: skip
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    posting = reload(posting.id)
    assert posting.title == "Alter Titel der Stelle"
    assert posting.status == S.PUBLISHED
    [revision] = posting.revisions
    assert revision.status == RevisionStatus.PENDING
    assert revision.created_by_id == people.member_a.id
    assert revision.data["title"] == "Neuer Titel der Stelle"
    assert revision.data["salary_max"] == "70000.00"
    assert set(revision.data) == set(posting_form_data(posting))
    event = events_of(posting.id)[-1]
    assert (event.action, event.actor_id) == ("revision_proposed", people.member_a.id)

    # The public keeps seeing the approved version.
    live = text_of(client.get(public))
    assert "Alter Titel der Stelle" in live and "Neuer Titel der Stelle" not in live

    manage = client.get(f"/verwaltung/angebot/{posting.id}")
    assert t("Changes pending review") in text_of(manage)
    # The form now shows the pending values; a second proposal replaces the first.
    again = text_of(client.get(f"/verwaltung/angebot/{posting.id}/bearbeiten"))
    assert value_of(again, "title") == "Neuer Titel der Stelle"
    assert value_of(again, "salary_max") == "70000.00"
    post(client, f"/verwaltung/angebot/{posting.id}/bearbeiten", token,
         form_of(posting, title="Dritter Titel der Stelle", action="propose"))  # fmt: skip
    statuses = [r.status for r in reload(posting.id).revisions]
    assert statuses == [RevisionStatus.SUPERSEDED, RevisionStatus.PENDING]


def test_sending_a_published_posting_back_unchanged_creates_no_revision(
    client, factory, people, signed_in, t
):
    token = signed_in(people.member_a)
    for posting in (make(factory, people), make(factory, people, kind="training")):
        response = post(client, f"/verwaltung/angebot/{posting.id}/bearbeiten", token,
                        form_of(posting, action="propose"))  # fmt: skip
        assert ("info", t("You have not changed anything.")) in flashes(
            client.get(path_of(response))
        )
        assert reload(posting.id).revisions == []


def test_a_revision_with_errors_is_not_stored(client, factory, people, signed_in):
    posting = make(factory, people)
    token = signed_in(people.member_a)
    response = post(client, f"/verwaltung/angebot/{posting.id}/bearbeiten", token,
                    form_of(posting, title="x", action="propose"))  # fmt: skip
    assert response.status_code == 200
    assert "error-summary" in text_of(response)
    assert reload(posting.id).revisions == []


# --- actions in each status ------------------------------------------------------------


@pytest.mark.parametrize("status", [S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED])
def test_withdraw(client, factory, people, signed_in, t, status):
    posting = make(factory, people, status=status)
    token = signed_in(people.member_a)
    manage = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    assert f'href="/verwaltung/angebot/{posting.id}/zurueckziehen"' in manage
    confirm = client.get(f"/verwaltung/angebot/{posting.id}/zurueckziehen")
    html = text_of(confirm)
    assert confirm.status_code == 200
    assert t("This cannot be undone.") in html
    assert f'href="/verwaltung/angebot/{posting.id}">{t("Cancel")}</a>' in html
    assert reload(posting.id).status == status  # GET changes nothing

    response = post(client, f"/verwaltung/angebot/{posting.id}/zurueckziehen", token)
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    assert reload(posting.id).status == S.WITHDRAWN
    event = events_of(posting.id)[-1]
    assert (event.from_status, event.to_status, event.actor_id) == (
        status, S.WITHDRAWN, people.member_a.id)  # fmt: skip


def test_withdrawing_discards_pending_changes(client, factory, people, signed_in):
    posting = make(factory, people)
    workflow.propose_revision(posting, {"title": "Neu"}, people.member_a)
    db.session.commit()
    token = signed_in(people.member_a)
    post(client, f"/verwaltung/angebot/{posting.id}/zurueckziehen", token)
    assert [r.status for r in reload(posting.id).revisions] == [RevisionStatus.REJECTED]


def test_mark_a_published_vacancy_as_filled(client, factory, people, signed_in, t):
    posting = make(factory, people)
    token = signed_in(people.member_a)
    assert client.get(f"/verwaltung/angebot/{posting.id}/besetzt").status_code == 200
    response = post(client, f"/verwaltung/angebot/{posting.id}/besetzt", token)
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    assert reload(posting.id).status == S.FILLED
    event = events_of(posting.id)[-1]
    assert (event.to_status, event.actor_id) == (S.FILLED, people.member_a.id)
    # The page stays reachable, marked as filled.
    assert client.get(posting_url_of(posting)).status_code == 200


def test_renew_an_expired_posting(client, factory, people, signed_in, t):
    posting = make(factory, people, status=S.EXPIRED, published_days_ago=70)  # expired 10 days ago
    published_at = posting.published_at
    deadline = workflow.renewal_deadline(posting)
    token = signed_in(people.member_a)
    manage = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    assert f'action="/verwaltung/angebot/{posting.id}/verlaengern"' in manage
    with client.application.test_request_context("/verwaltung/"):
        shown = short_date(deadline)
    assert t("Possible until %(date)s.", date=shown) in manage

    response = post(client, f"/verwaltung/angebot/{posting.id}/verlaengern", token)
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    posting = reload(posting.id)
    assert posting.status == S.PUBLISHED
    assert posting.expires_at > utcnow() + timedelta(days=59)
    assert posting.published_at == published_at
    event = events_of(posting.id)[-1]
    assert (event.from_status, event.to_status, event.action, event.actor_id) == (
        S.EXPIRED, S.PUBLISHED, "renew", people.member_a.id)  # fmt: skip
    assert client.get(posting_url_of(posting)).status_code == 200


def test_renew_a_published_posting_past_its_expiry(client, factory, people, signed_in):
    posting = make(factory, people, status=S.PUBLISHED, published_days_ago=65)
    token = signed_in(people.member_a)
    before = len(events_of(posting.id))
    post(client, f"/verwaltung/angebot/{posting.id}/verlaengern", token)
    posting = reload(posting.id)
    assert posting.status == S.PUBLISHED and posting.expires_at > utcnow()
    expired, renewed = events_of(posting.id)[before:]
    assert (expired.to_status, expired.actor_id) == (S.EXPIRED, None)
    assert (renewed.to_status, renewed.action, renewed.actor_id) == (
        S.PUBLISHED, "renew", people.member_a.id)  # fmt: skip


def test_delete_a_draft(client, factory, people, signed_in, t):
    posting = make(factory, people, status=S.DRAFT, title="Entwurf zum Löschen")
    token = signed_in(people.member_a)
    confirm = client.get(f"/verwaltung/angebot/{posting.id}/loeschen")
    assert confirm.status_code == 200 and "Entwurf zum Löschen" in text_of(confirm)
    posting_id = posting.id
    response = post(client, f"/verwaltung/angebot/{posting_id}/loeschen", token)
    assert path_of(response) == "/verwaltung/"
    assert reload(posting_id) is None
    assert events_of(posting_id) == []  # the trail goes with the draft
    page = client.get("/verwaltung/")
    assert ("success", t("The draft “%(title)s” has been deleted.", title="Entwurf zum Löschen")
            ) in flashes(page)  # fmt: skip


@pytest.mark.parametrize("status", [S.DRAFT, S.PUBLISHED, S.EXPIRED, S.WITHDRAWN])
@pytest.mark.parametrize("kind", ["vacancy", "training"])
def test_duplicate_as_a_new_draft(client, factory, people, signed_in, status, kind):
    original = make(factory, people, status=status, kind=kind, title="Vorlage für die Kopie")
    token = signed_in(people.member_a)
    response = post(client, f"/verwaltung/angebot/{original.id}/duplizieren", token)
    copy = db.session.scalars(select(Posting).where(Posting.id != original.id)).one()
    assert path_of(response) == f"/verwaltung/angebot/{copy.id}/bearbeiten"
    assert (copy.status, copy.title, copy.kind) == (S.DRAFT, original.title, original.kind)
    assert copy.organisation_id == people.org_a.id
    assert copy.created_by_id == people.member_a.id
    assert copy.published_at is None and copy.expires_at is None
    assert len(copy.runs) == len(original.runs)
    [event] = events_of(copy.id)
    assert (event.from_status, event.to_status, event.actor_id) == (
        None, S.DRAFT, people.member_a.id)  # fmt: skip
    assert reload(original.id).status == status


@pytest.mark.parametrize("status", [S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED])
def test_submit_from_each_status_that_allows_it(client, factory, people, signed_in, status):
    posting = make(factory, people, status=status)
    token = signed_in(people.member_a)
    assert client.get(f"/verwaltung/angebot/{posting.id}/vorschau").status_code == 200
    response = post(client, f"/verwaltung/angebot/{posting.id}/einreichen", token)
    assert path_of(response) == "/verwaltung/"
    assert reload(posting.id).status == S.SUBMITTED
    event = events_of(posting.id)[-1]
    assert (event.from_status, event.to_status, event.actor_id) == (
        status, S.SUBMITTED, people.member_a.id)  # fmt: skip


def test_submit_checks_the_stored_values_again(client, factory, people, signed_in, t):
    # A copy of an old posting carries a deadline that has passed since.
    posting = make(
        factory, people, status=S.DRAFT, application_deadline=date.today() - timedelta(days=3)
    )
    token = signed_in(people.member_a)
    response = post(client, f"/verwaltung/angebot/{posting.id}/einreichen", token)
    html = text_of(response)
    assert response.status_code == 200
    assert t("Please correct the following before you submit the posting.") in html
    assert '<a href="#application_deadline">' in html
    assert f'action="/verwaltung/angebot/{posting.id}/bearbeiten"' in html
    assert reload(posting.id).status == S.DRAFT


# --- what is refused -------------------------------------------------------------------


REFUSED = [
    # (what, status, kind, extra factory values, method, path, message msgid)
    ("withdraw a draft", S.DRAFT, "vacancy", {}, "POST", "zurueckziehen",
     "A posting that is “%(status)s” cannot be withdrawn. Nothing was changed."),
    ("open withdrawing of a draft", S.DRAFT, "vacancy", {}, "GET", "zurueckziehen",
     "A posting that is “%(status)s” cannot be withdrawn. Nothing was changed."),
    ("withdraw an expired posting", S.EXPIRED, "vacancy", {}, "POST", "zurueckziehen",
     "A posting that is “%(status)s” cannot be withdrawn. Nothing was changed."),
    ("withdraw a filled posting", S.FILLED, "vacancy", {}, "POST", "zurueckziehen",
     "A posting that is “%(status)s” cannot be withdrawn. Nothing was changed."),
    ("mark a draft as filled", S.DRAFT, "vacancy", {}, "POST", "besetzt",
     "Only a published vacancy can be marked as filled. This posting is “%(status)s”; "
     "nothing was changed."),
    ("mark a submitted posting as filled", S.SUBMITTED, "vacancy", {}, "GET", "besetzt",
     "Only a published vacancy can be marked as filled. This posting is “%(status)s”; "
     "nothing was changed."),
    ("mark a training offer as filled", S.PUBLISHED, "training", {}, "POST", "besetzt",
     "Only a published vacancy can be marked as filled. This posting is “%(status)s”; "
     "nothing was changed."),
    ("delete a submitted posting", S.SUBMITTED, "vacancy", {}, "POST", "loeschen",
     "Only drafts can be deleted; anything that was submitted stays on record. "
     "This posting is “%(status)s”; nothing was changed."),
    ("delete a published posting", S.PUBLISHED, "vacancy", {}, "GET", "loeschen",
     "Only drafts can be deleted; anything that was submitted stays on record. "
     "This posting is “%(status)s”; nothing was changed."),
    ("delete a rejected posting", S.REJECTED, "vacancy", {}, "POST", "loeschen",
     "Only drafts can be deleted; anything that was submitted stays on record. "
     "This posting is “%(status)s”; nothing was changed."),
    ("submit a published posting", S.PUBLISHED, "vacancy", {}, "POST", "einreichen",
     "Only a draft or a posting sent back by the programme office can be submitted. "
     "This posting is “%(status)s”; nothing was changed."),
    ("submit a posting twice", S.SUBMITTED, "vacancy", {}, "POST", "einreichen",
     "Only a draft or a posting sent back by the programme office can be submitted. "
     "This posting is “%(status)s”; nothing was changed."),
    ("preview a published posting", S.PUBLISHED, "vacancy", {}, "GET", "vorschau",
     "Only postings that have not been submitted yet have a preview."),
    ("renew a published posting that has not expired", S.PUBLISHED, "vacancy", {}, "POST",
     "verlaengern", "Only an expired posting can be renewed."),
    ("renew a draft", S.DRAFT, "vacancy", {}, "POST", "verlaengern",
     "Only an expired posting can be renewed."),
    ("renew after the 30-day window", S.EXPIRED, "vacancy", {"published_days_ago": 100},
     "POST", "verlaengern", "It could be renewed until %(date)s. Duplicate it to publish it again."),
    ("renew an overdue posting after the window", S.PUBLISHED, "vacancy",
     {"published_days_ago": 100}, "POST", "verlaengern",
     "It could be renewed until %(date)s. Duplicate it to publish it again."),
    ("renew when the deadline has passed", S.EXPIRED, "vacancy",
     {"published_days_ago": 10, "application_deadline": date.today() - timedelta(days=5)},
     "POST", "verlaengern",
     "Its application or registration deadline has passed, so it cannot be renewed. "
     "Duplicate it and enter new dates."),
    ("edit a submitted posting", S.SUBMITTED, "vacancy", {}, "GET", "bearbeiten",
     "A posting that is “%(status)s” can no longer be edited. You can duplicate it."),
    ("save an edit of a withdrawn posting", S.WITHDRAWN, "vacancy", {}, "POST", "bearbeiten",
     "A posting that is “%(status)s” can no longer be edited. You can duplicate it."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "kind", "extra", "method", "action", "msgid"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_actions_say_why_and_change_nothing(
    client, factory, people, signed_in, t, label, status, kind, extra, method, action, msgid
):
    posting = make(factory, people, status=status, kind=kind, **extra)
    token = signed_in(people.member_a)
    before = snapshot(people.org_a.id)
    url = f"/verwaltung/angebot/{posting.id}/{action}"
    data = (
        form_of(posting, title="Sollte nicht gespeichert werden") if action == "bearbeiten" else {}
    )
    response = client.get(url) if method == "GET" else post(client, url, token, data)
    assert response.status_code == 302
    assert path_of(response) == f"/verwaltung/angebot/{posting.id}"
    page = client.get(path_of(response))
    with client.application.test_request_context("/verwaltung/"):
        deadline = short_date(workflow.renewal_deadline(posting))
    expected = t(msgid, status=label(status), date=deadline)
    assert [m for c, m in flashes(page) if c in ("error", "info")] == [expected]
    assert snapshot(people.org_a.id) == before


def test_refused_actions_are_not_offered(client, factory, people, signed_in):
    draft = make(factory, people, status=S.DRAFT)
    published = make(factory, people, kind="training")
    submitted = make(factory, people, status=S.SUBMITTED)
    signed_in(people.member_a)
    html = text_of(client.get(f"/verwaltung/angebot/{draft.id}"))
    for action in ("zurueckziehen", "besetzt", "verlaengern"):
        assert f"/{draft.id}/{action}" not in html
    assert f"/{draft.id}/loeschen" in html and f"/{draft.id}/vorschau" in html
    html = text_of(client.get(f"/verwaltung/angebot/{published.id}"))
    for action in ("besetzt", "loeschen", "vorschau", "verlaengern"):
        assert f"/{published.id}/{action}" not in html
    html = text_of(client.get(f"/verwaltung/angebot/{submitted.id}"))
    for action in ("bearbeiten", "loeschen", "vorschau", "besetzt"):
        assert f"/{submitted.id}/{action}" not in html


def test_a_workflow_error_becomes_a_message_and_rolls_back(
    client, factory, people, signed_in, monkeypatch, t, label
):
    posting = make(factory, people, title="Stelle mit Wettlauf")

    def refuse(p, actor, now=None):
        p.title = "Halb geändert"
        raise workflow.WorkflowError(p, S.WITHDRAWN)

    monkeypatch.setattr(workflow, "withdraw", refuse)
    token = signed_in(people.member_a)
    response = post(client, f"/verwaltung/angebot/{posting.id}/zurueckziehen", token)
    assert response.status_code == 302
    expected = t("A posting that is “%(status)s” cannot be withdrawn. Nothing was changed.",
                 status=label(S.PUBLISHED))  # fmt: skip
    assert ("error", expected) in flashes(client.get(path_of(response)))
    posting = reload(posting.id)
    assert (posting.title, posting.status) == ("Stelle mit Wettlauf", S.PUBLISHED)


def test_changes_may_only_be_posted_with_a_csrf_token(client, factory, people, signed_in):
    posting = make(factory, people)
    signed_in(people.member_a)
    response = client.post(f"/verwaltung/angebot/{posting.id}/zurueckziehen")
    assert response.status_code == 400
    assert reload(posting.id).status == S.PUBLISHED


# --- the posting's page ----------------------------------------------------------------


def test_the_posting_page_shows_status_dates_trail_and_public_link(
    client, factory, people, signed_in, label, t
):
    posting = make(factory, people)
    signed_in(people.member_a)
    html = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    assert f'<span class="status status-published">{label(S.PUBLISHED)}</span>' in html
    assert f'href="{posting_url_of(posting)}"' in html
    assert t("Online until") in html
    trail = re.search(r'<table class="data-table".*?</table>', html, re.S).group(0)
    assert trail.count("<tr>") == 1 + len(posting.events)  # header + one row per event
    assert t("Created as “%(to)s”", to=label(S.SUBMITTED)) in trail


def test_the_posting_page_shows_the_wait_for_review(client, factory, people, signed_in, t):
    posting = make(factory, people, status=S.SUBMITTED, published_days_ago=3)
    signed_in(people.member_a)
    html = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    with client.application.test_request_context("/verwaltung/"):
        expected = t("waiting for review for %(time)s", time=waited(posting.submitted_at))
    assert expected in html


def test_the_moderators_request_for_changes_is_shown(client, factory, people, signed_in):
    posting = make(factory, people, status=S.SUBMITTED)
    workflow.request_changes(posting, people.moderator, "Bitte ergänzen Sie eine Gehaltsspanne.")
    db.session.commit()
    signed_in(people.member_a)
    html = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    banner = re.search(r'<div class="banner banner-decision".*?</div>', html, re.S).group(0)
    assert "Bitte ergänzen Sie eine Gehaltsspanne." in banner
    assert "Moni Moderatorin" in banner
    assert f'href="/verwaltung/angebot/{posting.id}/vorschau"' in html


def test_the_rejection_reason_is_shown_with_its_label(client, factory, people, signed_in):
    db.session.add(ReasonCode(code="misleading", label_de="Irreführende Angaben",
                              label_en="Misleading information"))  # fmt: skip
    posting = make(factory, people, status=S.SUBMITTED)
    workflow.reject(posting, people.moderator, "misleading", "Das Gehalt fehlt.")
    db.session.commit()
    signed_in(people.member_a)
    html = text_of(client.get(f"/verwaltung/angebot/{posting.id}"))
    banner = re.search(r'<div class="banner banner-decision".*?</div>', html, re.S).group(0)
    assert "Irreführende Angaben" in banner and "misleading" not in banner
    assert "Das Gehalt fehlt." in banner


def test_a_trusted_organisation_publishes_at_once(client, factory, people, signed_in, t):
    people.org_a.trust_level = TrustLevel.TRUSTED
    posting = make(factory, people, status=S.DRAFT)
    token = signed_in(people.member_a)
    preview = text_of(client.get(f"/verwaltung/angebot/{posting.id}/vorschau"))
    assert f'<button type="submit">{t("Publish")}</button>' in preview
    response = post(client, f"/verwaltung/angebot/{posting.id}/einreichen", token)
    assert reload(posting.id).status == S.PUBLISHED
    expected = t(
        "“%(title)s” has been published. The programme office checks it afterwards.",
        title=posting.title,
    )
    assert ("success", expected) in flashes(client.get(path_of(response)))


def test_only_an_organisations_own_postings_are_listed(client, factory, people, signed_in):
    factory.vacancy(organisation=people.org_b, title="Stelle der anderen", status=S.DRAFT)
    make(factory, people, status=S.DRAFT, title="Unsere eigene Stelle")
    signed_in(people.member_a)
    html = text_of(client.get("/verwaltung/"))
    assert "Unsere eigene Stelle" in html and "Stelle der anderen" not in html


# --- mass assignment -------------------------------------------------------------------

FORBIDDEN_FIELDS = {
    "status": "published",
    "published_at": "2020-01-01T00:00:00+00:00",
    "expires_at": "2099-01-01T00:00:00+00:00",
    "submitted_at": "2020-01-01T00:00:00+00:00",
    "created_by_id": "1",
    "created_by": "1",
    "kind": "training",
    "id": "4242",
}


def test_mass_assignment_on_a_new_draft(client, people, signed_in):
    token = signed_in(people.member_a)
    data = vacancy_form(**{**FORBIDDEN_FIELDS, "organisation_id": str(people.org_b.id),
                           "organisation": str(people.org_b.id),
                           "created_by_id": str(people.member_b.id)})  # fmt: skip
    response = post(client, "/verwaltung/neu/vacancy", token, data)
    assert response.status_code == 302
    posting = db.session.scalars(select(Posting)).one()
    assert posting.status == S.DRAFT
    assert posting.organisation_id == people.org_a.id
    assert posting.created_by_id == people.member_a.id
    assert posting.published_at is None and posting.expires_at is None
    assert posting.submitted_at is None
    assert isinstance(posting, Vacancy) and posting.id != 4242


def test_mass_assignment_on_an_edited_draft_and_a_revision(client, factory, people, signed_in):
    draft = make(factory, people, status=S.DRAFT)
    published = make(factory, people)
    before = {p.id: (p.organisation_id, p.published_at, p.expires_at, p.created_by_id)
              for p in (draft, published)}  # fmt: skip
    token = signed_in(people.member_a)
    extra = {**FORBIDDEN_FIELDS, "organisation_id": str(people.org_b.id)}
    post(client, f"/verwaltung/angebot/{draft.id}/bearbeiten", token,
         form_of(draft, title="Entwurf geändert", **extra))  # fmt: skip
    post(client, f"/verwaltung/angebot/{published.id}/bearbeiten", token,
         form_of(published, title="Revision geändert", action="propose", **extra))  # fmt: skip
    draft, published = reload(draft.id), reload(published.id)
    assert (draft.title, draft.status) == ("Entwurf geändert", S.DRAFT)
    assert published.status == S.PUBLISHED
    for p in (draft, published):
        assert (p.organisation_id, p.published_at, p.expires_at, p.created_by_id) == before[p.id]
    revision = published.pending_revision
    assert not set(FORBIDDEN_FIELDS) & set(revision.data)
    assert "organisation_id" not in revision.data


# --- the authorisation matrix ----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # "{id}" stands for the posting of organisation A
    status: PostingStatus | None = None  # the posting's status; None: no posting in the path
    data: str | None = None  # "vacancy", "training", "edit" or "message": a valid form

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ROUTES = [
    Route("GET", "/verwaltung/"),
    Route("GET", "/verwaltung/neu/vacancy"),
    Route("POST", "/verwaltung/neu/vacancy", data="vacancy"),
    Route("GET", "/verwaltung/neu/training"),
    Route("POST", "/verwaltung/neu/training", data="training"),
    Route("GET", "/verwaltung/angebot/{id}", S.PUBLISHED),
    Route("GET", "/verwaltung/angebot/{id}/bearbeiten", S.DRAFT),
    Route("POST", "/verwaltung/angebot/{id}/bearbeiten", S.DRAFT, data="edit"),
    Route("GET", "/verwaltung/angebot/{id}/vorschau", S.DRAFT),
    Route("POST", "/verwaltung/angebot/{id}/einreichen", S.DRAFT),
    Route("POST", "/verwaltung/angebot/{id}/duplizieren", S.PUBLISHED),
    Route("GET", "/verwaltung/angebot/{id}/zurueckziehen", S.PUBLISHED),
    Route("POST", "/verwaltung/angebot/{id}/zurueckziehen", S.PUBLISHED),
    Route("GET", "/verwaltung/angebot/{id}/besetzt", S.PUBLISHED),
    Route("POST", "/verwaltung/angebot/{id}/besetzt", S.PUBLISHED),
    Route("POST", "/verwaltung/angebot/{id}/verlaengern", S.EXPIRED),
    Route("GET", "/verwaltung/angebot/{id}/loeschen", S.DRAFT),
    Route("POST", "/verwaltung/angebot/{id}/loeschen", S.DRAFT),
    Route("POST", "/verwaltung/angebot/{id}/nachricht", S.PUBLISHED, data="message"),
]
ACTORS = ["anonymous", "member_a", "admin_a", "member_b", "admin_b", "moderator", "admin"]
OWNERS = {"member_a", "admin_a"}
OTHER_ORGANISATION = {"member_b", "admin_b"}
PROGRAMME_OFFICE = {"moderator", "admin"}


def test_the_matrix_covers_every_manage_route(app):
    """Every (method, rule) of the manage blueprint for postings is in ROUTES."""
    registered = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("manage."):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            path = rule.rule.replace("<int:posting_id>", "{id}")
            if "<kind>" in path:
                registered |= {(method, path.replace("<kind>", k)) for k in ("vacancy", "training")}
            else:
                registered.add((method, path))
    assert registered == {(r.method, r.path) for r in ROUTES}
    assert len(ROUTES) * len(ACTORS) == 133


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_authorisation_matrix(client, factory, people, signed_in, route, actor):
    extra = {"published_days_ago": 70} if route.status == S.EXPIRED else {}
    posting = make(factory, people, status=route.status or S.PUBLISHED,
                   title="Stelle von Organisation A", **extra)  # fmt: skip
    url = route.path.format(id=posting.id)
    data = {
        None: {},
        "vacancy": vacancy_form(title="Neue Stelle aus der Matrix"),
        "training": training_form(title="Neuer Kurs aus der Matrix"),
        "edit": form_of(posting, title="Geändert aus der Matrix"),
        "message": {"body": "Nachricht aus der Matrix"},
    }[route.data]
    user = None if actor == "anonymous" else getattr(people, actor)
    token = signed_in(user)
    before_a = snapshot(people.org_a.id)
    total_before = count_postings()

    response = client.get(url) if route.method == "GET" else post(client, url, token, data)

    status = response.status_code
    if actor == "anonymous":
        assert status == 302 and path_of(response) == LOGIN_PATH
    elif actor in PROGRAMME_OFFICE:
        assert status == 403
    elif actor in OTHER_ORGANISATION and route.status is not None:
        assert status == 404
    else:  # owners, and other organisations on pages of their own
        assert status == (200 if route.method == "GET" else 302), text_of(response)[:500]
        if status == 302:
            assert path_of(response) != LOGIN_PATH
        if actor in OTHER_ORGANISATION:
            assert "Stelle von Organisation A" not in text_of(response)

    if actor not in OWNERS:
        # Organisation A's postings are exactly as they were.
        assert snapshot(people.org_a.id) == before_a
        if actor not in OTHER_ORGANISATION or route.data not in ("vacancy", "training"):
            assert count_postings() == total_before
    elif route.method == "POST":
        assert snapshot(people.org_a.id) != before_a  # the owner's action took effect
