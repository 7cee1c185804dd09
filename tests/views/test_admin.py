"""Administration by the programme office: trust, deactivating organisations and people,
reason codes, and who may open these pages. The default reason codes of migration 0006."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import current_app
from flask_babel import gettext
from flask_migrate import upgrade
from markupsafe import escape
from sqlalchemy import select

from jobboard import create_app
from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    Organisation,
    Posting,
    PostingStatus,
    ReasonCode,
    Role,
    TrustLevel,
    User,
)
from jobboard.postings import workflow
from jobboard.templating import posting_url

S = PostingStatus
BASE = "/programmbuero"
LOGIN_PATH = "/konto/anmelden"


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def office(factory, office_user):
    admin = office_user(role=Role.ADMIN, name="Adi Admin", email="adi@office.example")
    moderator = office_user(name="Moni Moderatorin", email="moni@office.example")
    org = factory.organisation(name="Cluster Bayern Digital", slug="bayern-digital")
    author = factory.user(org, name="Emma Autorin", email="emma@bayern.example")
    org_admin = factory.user(org, role=Role.ORG_ADMIN, name="Alois Admin",
                             email="alois@bayern.example")  # fmt: skip
    db.session.commit()
    return {"admin": admin, "moderator": moderator, "org": org, "author": author,
            "org_admin": org_admin}  # fmt: skip


@pytest.fixture
def admin_client(client, office, office_login, csrf_token_from):
    office_login(client, office["admin"])
    client.token = csrf_token_from(client.get(f"{BASE}/organisationen"))
    return client


def post(client, url, data=None, **kw):
    return client.post(url, data={**(data or {}), "csrf_token": client.token}, **kw)


def text_of(response) -> str:
    return response.get_data(as_text=True)


def path_of(response) -> str:
    return urlsplit(response.headers["Location"]).path


def page_text(msgid: str, **values) -> str:
    with current_app.test_request_context(f"{BASE}/"):
        return str(escape(gettext(msgid, **values)))


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


# --- trust ----------------------------------------------------------------------------------


def test_mark_an_organisation_trusted_and_standard_again(admin_client, office, factory):
    org = office["org"]
    page = text_of(admin_client.get(f"{BASE}/organisationen/{org.id}"))
    assert page_text("Mark as trusted") in page
    response = post(admin_client, f"{BASE}/organisationen/{org.id}/vertrauen", {"level": "trusted"})
    assert response.status_code == 302
    assert fresh(Organisation, org.id).trust_level == TrustLevel.TRUSTED

    # A trusted organisation's submission goes online at once, listed for a later check.
    posting = factory.vacancy(organisation=fresh(Organisation, org.id), status=S.DRAFT)
    workflow.submit(posting, office["author"])
    db.session.commit()
    assert posting.status == S.PUBLISHED and posting.needs_post_review

    post(admin_client, f"{BASE}/organisationen/{org.id}/vertrauen", {"level": "standard"})
    assert fresh(Organisation, org.id).trust_level == TrustLevel.STANDARD
    assert post(admin_client, f"{BASE}/organisationen/{org.id}/vertrauen",
                {"level": "nonsense"}).status_code == 400  # fmt: skip


# --- deactivating an organisation ----------------------------------------------------------


@pytest.fixture
def postings(factory, office):
    org = office["org"]
    made = {
        status: factory.vacancy(organisation=org, status=status, title=f"Stelle {status.value}",
                                created_by=office["author"])
        for status in (S.PUBLISHED, S.SUBMITTED, S.DRAFT, S.CHANGES_REQUESTED, S.EXPIRED)
    }  # fmt: skip
    db.session.commit()
    return made


def test_deactivating_asks_first_and_lists_the_postings_it_withdraws(admin_client, office,
                                                                     postings):  # fmt: skip
    org = office["org"]
    page = admin_client.get(f"{BASE}/organisationen/{org.id}/deaktivieren")
    html = text_of(page)
    assert page.status_code == 200
    assert "Stelle published" in html and "Stelle submitted" in html
    for untouched in ("Stelle draft", "Stelle changes_requested", "Stelle expired"):
        assert untouched not in html
    # Nothing has happened yet.
    assert fresh(Organisation, org.id).active is True
    assert fresh(Posting, postings[S.PUBLISHED].id).status == S.PUBLISHED


def test_deactivating_withdraws_live_postings_and_ends_sessions(
    app, admin_client, office, postings, login
):
    org, author = office["org"], office["author"]
    cluster = app.test_client()
    login(cluster, author.email)
    assert cluster.get("/verwaltung/").status_code == 200
    with current_app.test_request_context("/"):
        public = posting_url(postings[S.PUBLISHED])
    version = author.session_version

    response = post(admin_client, f"{BASE}/organisationen/{org.id}/deaktivieren")
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.get(Organisation, org.id).active is False
    expected = {S.PUBLISHED: S.WITHDRAWN, S.SUBMITTED: S.WITHDRAWN, S.DRAFT: S.DRAFT,
                S.CHANGES_REQUESTED: S.CHANGES_REQUESTED, S.EXPIRED: S.EXPIRED}  # fmt: skip
    assert {s: db.session.get(Posting, p.id).status for s, p in postings.items()} == expected
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.posting_id == postings[S.PUBLISHED].id)
        .order_by(AuditEvent.id.desc())
    ).first()  # fmt: skip
    assert (event.to_status, event.actor_id) == (S.WITHDRAWN, office["admin"].id)
    people = db.session.scalars(select(User).where(User.organisation_id == org.id)).all()
    assert people and all(not u.active for u in people)
    assert db.session.get(User, author.id).session_version > version

    assert path_of(cluster.get("/verwaltung/")) == LOGIN_PATH  # signed out at once
    assert login(cluster, author.email).status_code == 200  # and cannot sign in again
    assert admin_client.get(public).status_code == 410


def test_reactivating_an_organisation_and_then_its_people(app, admin_client, office, login):
    org, author = office["org"], office["author"]
    post(admin_client, f"{BASE}/organisationen/{org.id}/deaktivieren")
    response = post(admin_client, f"{BASE}/organisationen/{org.id}/reaktivieren")
    assert response.status_code == 302
    assert fresh(Organisation, org.id).active is True
    assert fresh(User, author.id).active is False  # people come back one by one

    assert post(admin_client, f"{BASE}/person/{author.id}/reaktivieren").status_code == 302
    assert fresh(User, author.id).active is True
    assert login(app.test_client(), author.email).status_code == 302


# --- people ---------------------------------------------------------------------------------


def test_deactivate_and_reactivate_a_cluster_user(app, admin_client, office, login):
    author = office["author"]
    cluster = app.test_client()
    login(cluster, author.email)
    page = admin_client.get(f"{BASE}/person/{author.id}/deaktivieren")
    assert page.status_code == 200 and "emma@bayern.example" in text_of(page)
    assert fresh(User, author.id).active is True  # asked first

    response = post(admin_client, f"{BASE}/person/{author.id}/deaktivieren")
    assert path_of(response) == f"{BASE}/organisationen/{office['org'].id}"
    assert fresh(User, author.id).active is False
    assert path_of(cluster.get("/verwaltung/")) == LOGIN_PATH

    overview = text_of(admin_client.get(f"{BASE}/organisationen/{office['org'].id}"))
    assert f'action="{BASE}/person/{author.id}/reaktivieren"' in overview
    post(admin_client, f"{BASE}/person/{author.id}/reaktivieren")
    assert fresh(User, author.id).active is True


def test_an_administrator_cannot_deactivate_themselves(admin_client, office):
    admin = office["admin"]
    response = post(admin_client, f"{BASE}/person/{admin.id}/deaktivieren", follow_redirects=True)
    assert 'class="flash flash-error"' in text_of(response)
    assert fresh(User, admin.id).active is True


def test_a_moderator_can_be_deactivated_from_the_people_page(app, admin_client, office,
                                                             office_login):  # fmt: skip
    moderator = office["moderator"]
    other = app.test_client()
    office_login(other, moderator)
    assert other.get("/programmbuero/moderation/").status_code == 200
    people = text_of(admin_client.get(f"{BASE}/personen"))
    assert f'href="{BASE}/person/{moderator.id}/deaktivieren"' in people
    response = post(admin_client, f"{BASE}/person/{moderator.id}/deaktivieren")
    assert path_of(response) == f"{BASE}/personen"
    assert fresh(User, moderator.id).active is False
    assert path_of(other.get("/programmbuero/moderation/")) == LOGIN_PATH


def test_resend_an_invitation_from_the_organisation_page(admin_client, office, factory,
                                                         smtp_server):  # fmt: skip
    invited = factory.user(office["org"], password=None, name="Ina Eingeladen",
                           email="ina@bayern.example")  # fmt: skip
    db.session.commit()
    page = text_of(admin_client.get(f"{BASE}/organisationen/{office['org'].id}"))
    assert f'action="{BASE}/person/{invited.id}/einladung"' in page
    response = post(admin_client, f"{BASE}/person/{invited.id}/einladung")
    assert path_of(response) == f"{BASE}/organisationen/{office['org'].id}"
    [message] = smtp_server.to("ina@bayern.example")
    assert "/konto/einladung/" in smtp_server.body(message)


# --- reason codes ---------------------------------------------------------------------------


def test_reason_codes_are_listed_created_edited_and_deactivated(admin_client, office):
    empty = text_of(admin_client.get(f"{BASE}/gruende"))
    assert page_text("There are no reasons yet. Add the first one.") in empty

    response = post(admin_client, f"{BASE}/gruende/neu", {"code": "duplicate",
                    "label_de": "Doppelt eingestellt", "label_en": "Duplicate"})  # fmt: skip
    assert path_of(response) == f"{BASE}/gruende"
    reason = db.session.scalar(select(ReasonCode).where(ReasonCode.code == "duplicate"))
    assert (reason.label_de, reason.label_en, reason.active) == (
        "Doppelt eingestellt", "Duplicate", True)  # fmt: skip
    listing = text_of(admin_client.get(f"{BASE}/gruende"))
    assert "<code>duplicate</code>" in listing and "Doppelt eingestellt" in listing

    edit = admin_client.get(f"{BASE}/gruende/{reason.id}")
    assert 'value="Doppelt eingestellt"' in text_of(edit) and 'name="code"' not in text_of(edit)
    post(admin_client, f"{BASE}/gruende/{reason.id}", {"label_de": "Doppelt vorhanden",
         "label_en": "Duplicate of another offer", "code": "changed"})  # fmt: skip
    reason = fresh(ReasonCode, reason.id)
    assert (reason.code, reason.label_de, reason.label_en) == (
        "duplicate", "Doppelt vorhanden", "Duplicate of another offer")  # fmt: skip

    post(admin_client, f"{BASE}/gruende/{reason.id}/deaktivieren")
    assert fresh(ReasonCode, reason.id).active is False
    post(admin_client, f"{BASE}/gruende/{reason.id}/aktivieren")
    assert fresh(ReasonCode, reason.id).active is True


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "Nicht gut!", "label_de": "x", "label_en": "x"}, "code"),
        ({"code": "", "label_de": "x", "label_en": "x"}, "code"),
        ({"code": "ok_code", "label_de": "", "label_en": "x"}, "label_de"),
        ({"code": "ok_code", "label_de": "x", "label_en": " "}, "label_en"),
        ({"code": "taken", "label_de": "x", "label_en": "x"}, "code"),
    ],
)
def test_invalid_reason_codes_are_refused(admin_client, office, data, field):
    db.session.add(ReasonCode(code="taken", label_de="Vergeben", label_en="Taken"))
    db.session.commit()
    response = post(admin_client, f"{BASE}/gruende/neu", data)
    html = text_of(response)
    assert response.status_code == 200
    assert f'id="{field}"' in html and 'aria-invalid="true"' in html
    assert f'href="#{field}"' in html  # listed in the error summary, linked to the field
    assert db.session.scalar(select(ReasonCode).where(ReasonCode.code == "ok_code")) is None
    assert len(db.session.scalars(select(ReasonCode)).all()) == 1


def test_a_deactivated_reason_is_no_longer_offered_to_moderators(app, admin_client, office,
                                                                 factory, office_login):  # fmt: skip
    active = ReasonCode(code="fraud", label_de="Betrugsverdacht", label_en="Fraud")
    retired = ReasonCode(code="outdated", label_de="Veralteter Grund", label_en="Outdated")
    db.session.add_all([active, retired])
    posting = factory.vacancy(organisation=office["org"], status=S.SUBMITTED)
    db.session.commit()
    post(admin_client, f"{BASE}/gruende/{retired.id}/deaktivieren")

    moderator = app.test_client()
    office_login(moderator, office["moderator"])
    review = text_of(moderator.get(f"{BASE}/moderation/angebot/{posting.id}"))
    assert '<option value="fraud">Betrugsverdacht</option>' in review
    assert 'value="outdated"' not in review


# --- access ---------------------------------------------------------------------------------

NEW_ROUTES = [
    ("GET", "/organisationen/{org}"),
    ("POST", "/organisationen/{org}/vertrauen"),
    ("GET", "/organisationen/{org}/deaktivieren"),
    ("POST", "/organisationen/{org}/deaktivieren"),
    ("POST", "/organisationen/{org}/reaktivieren"),
    ("GET", "/person/{user}/deaktivieren"),
    ("POST", "/person/{user}/deaktivieren"),
    ("POST", "/person/{user}/reaktivieren"),
    ("GET", "/gruende"),
    ("GET", "/gruende/neu"),
    ("POST", "/gruende/neu"),
    ("GET", "/gruende/{reason}"),
    ("POST", "/gruende/{reason}"),
    ("POST", "/gruende/{reason}/deaktivieren"),
    ("POST", "/gruende/{reason}/aktivieren"),
]


@pytest.mark.parametrize("who", ["anonymous", "cluster_admin", "moderator"])
def test_only_administrators_reach_the_new_pages(app, client, office, who, login, office_login,
                                                 csrf_token_from):  # fmt: skip
    reason = ReasonCode(code="fraud", label_de="Betrug", label_en="Fraud")
    db.session.add(reason)
    db.session.commit()
    ids = {"org": office["org"].id, "user": office["author"].id, "reason": reason.id}
    token = csrf_token_from(client.get(LOGIN_PATH))
    if who == "cluster_admin":
        login(client, office["org_admin"].email)
        token = csrf_token_from(client.get("/verwaltung/"))
    elif who == "moderator":
        office_login(client, office["moderator"])
        token = csrf_token_from(client.get("/programmbuero/moderation/"))

    for method, path in NEW_ROUTES:
        url = BASE + path.format(**ids)
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "level": "trusted",
                                              "code": "neu", "label_de": "x", "label_en": "x"})  # fmt: skip
        if who == "anonymous":
            assert response.status_code == 302 and path_of(response) == LOGIN_PATH, url
        else:
            assert response.status_code == 403, (method, url)
    db.session.expire_all()
    org = db.session.get(Organisation, office["org"].id)
    assert (org.active, org.trust_level) == (True, TrustLevel.STANDARD)
    assert db.session.get(User, office["author"].id).active is True
    assert db.session.get(ReasonCode, reason.id).active is True
    assert db.session.scalar(select(ReasonCode).where(ReasonCode.code == "neu")) is None


def test_the_new_routes_are_the_ones_checked(app):
    registered = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    placeholders = {"{org}": "<int:org_id>", "{user}": "<int:user_id>",
                    "{reason}": "<int:reason_id>"}  # fmt: skip
    expected = set()
    for method, path in NEW_ROUTES:
        for short, long in placeholders.items():
            path = path.replace(short, long)
        expected.add((method, BASE + path))
    older = {
        ("GET", f"{BASE}/personen"),
        ("GET", f"{BASE}/person/<int:user_id>/zwei-faktor"),
        ("POST", f"{BASE}/person/<int:user_id>/zwei-faktor"),
        ("GET", f"{BASE}/organisationen"),
        ("GET", f"{BASE}/organisationen/neu"),
        ("POST", f"{BASE}/organisationen/neu"),
        ("POST", f"{BASE}/person/<int:user_id>/einladung"),
    }
    assert registered == expected | older


# --- the default reason codes (migration 0006) ------------------------------------------------


def test_the_migrations_seed_default_reason_codes(empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("JOBBOARD_INSTANCE_PATH", str(tmp_path))
    migrated = create_app({"TESTING": True, **empty_database})
    with migrated.app_context():
        upgrade()
        rows = db.session.scalars(select(ReasonCode).order_by(ReasonCode.id)).all()
        codes = [r.code for r in rows]
        assert codes == ["duplicate", "not_a_cluster_offer", "incomplete", "discriminatory",
                         "misleading", "fraud", "expired_offer", "other"]  # fmt: skip
        assert all(r.active and r.label_de and r.label_en for r in rows)
        assert len({r.label_de for r in rows}) == len({r.label_en for r in rows}) == 8
        db.session.remove()
        db.engine.dispose()
