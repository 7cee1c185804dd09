"""Organisation administrators manage their colleagues and profile; nobody else can."""

from __future__ import annotations

import re

import pytest

from jobboard.extensions import db
from jobboard.models import Role, User


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def team(factory):
    org = factory.organisation(name="Cluster Optik Jena", slug="optik-jena", land="DEG")
    other = factory.organisation(name="Cluster Holz Süd", slug="holz-sued")
    people = {
        "admin": factory.user(
            organisation=org, role=Role.ORG_ADMIN, email="chefin@optik.example", name="Clara Chefin"
        ),
        "member": factory.user(organisation=org, email="max@optik.example", name="Max Muster"),
        "stranger": factory.user(
            organisation=other, role=Role.ORG_ADMIN, email="boss@holz.example"
        ),
        "moderator": factory.user(role=Role.MODERATOR, email="mod@office.example"),
    }
    db.session.commit()
    return org, other, people


def post(client, url, data, csrf_token_from, page_url=None):
    page = client.get(page_url or url)
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page)})


def test_admin_invites_a_colleague_in_english(client, team, login, smtp_server, csrf_token_from):
    org, _, people = team
    login(client, people["admin"].email)
    response = post(
        client,
        "/verwaltung/organisation/einladen",
        {
            "name": "Lea Lang",
            "email": "lea@optik.example",
            "role": "member",
            "language": "en",
        },
        csrf_token_from,
    )
    assert response.status_code == 302
    lea = db.session.scalar(db.select(User).where(User.email == "lea@optik.example"))
    assert lea.organisation_id == org.id and lea.role == Role.MEMBER and lea.password_hash is None
    [message] = smtp_server.to("lea@optik.example")
    assert message["Subject"] == "Invitation to the cluster job board"
    assert (
        "Clara Chefin has invited you to publish job and training offers for Cluster Optik Jena"
        in (smtp_server.body(message).replace("\n", " "))
    )
    assert re.search(r"https://jobs\.example/konto/einladung/\S+", smtp_server.body(message))


def test_an_address_of_another_organisation_cannot_be_invited(
    client, team, login, csrf_token_from, smtp_server
):
    _, _, people = team
    login(client, people["admin"].email)
    response = post(
        client,
        "/verwaltung/organisation/einladen",
        {
            "name": "X",
            "email": people["stranger"].email,
            "role": "member",
            "language": "de",
        },
        csrf_token_from,
    )
    assert response.status_code == 200
    assert db.session.get(User, people["stranger"].id).organisation_id != team[0].id
    assert smtp_server.messages == []


def test_admin_deactivates_a_colleague_after_confirmation(
    app, client, team, login, csrf_token_from
):
    _, _, people = team
    colleague_client = app.test_client()
    login(colleague_client, people["member"].email)
    login(client, people["admin"].email)
    url = f"/verwaltung/organisation/person/{people['member'].id}/deaktivieren"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Max Muster" in confirm.get_data(as_text=True)
    assert db.session.get(User, people["member"].id).active  # nothing happened on GET
    assert post(client, url, {}, csrf_token_from).status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, people["member"].id).active
    # The colleague's open session ends at once.
    assert colleague_client.get("/verwaltung/").status_code == 302


def test_the_last_admin_cannot_be_deactivated_nor_oneself(client, factory, login, csrf_token_from):
    org = factory.organisation()
    admin = factory.user(organisation=org, role=Role.ORG_ADMIN, email="solo@example.org")
    db.session.commit()
    login(client, admin.email)
    response = post(
        client, f"/verwaltung/organisation/person/{admin.id}/deaktivieren", {}, csrf_token_from
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


def test_admin_edits_the_public_profile(client, team, login, csrf_token_from):
    _, _, people = team
    login(client, people["admin"].email)
    response = post(
        client,
        "/verwaltung/organisation/profil",
        {
            "website": "https://optik-jena.example",
            "city": "Jena",
            "sectors": ["electronics", "health"],
            "description": "Licht für **alle**.",
        },
        csrf_token_from,
    )
    assert response.status_code == 302
    page = client.get("/cluster/optik-jena").get_data(as_text=True)
    assert "Licht für <strong>alle</strong>." in page and "Elektronik" in page
    bad = post(
        client,
        "/verwaltung/organisation/profil",
        {"website": "javascript:alert(1)", "sectors": ["health"]},
        csrf_token_from,
    )
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.get_data(as_text=True)


ADMIN_ROUTES = [
    ("get", "/verwaltung/organisation/profil"),
    ("post", "/verwaltung/organisation/profil"),
    ("get", "/verwaltung/organisation/einladen"),
    ("post", "/verwaltung/organisation/einladen"),
    ("get", "/verwaltung/organisation/person/{member}/deaktivieren"),
    ("post", "/verwaltung/organisation/person/{member}/deaktivieren"),
    ("post", "/verwaltung/organisation/person/{member}/reaktivieren"),
    ("post", "/verwaltung/organisation/person/{member}/einladung"),
]


ACTORS = [(None, {302}), ("member", {403}), ("stranger", {404}), ("moderator", {403})]
# Profile and invitation routes act on the actor's own organisation, so a stranger (the
# admin of another organisation) may use them by design; only the person routes apply.
MATRIX = [
    (method, route, actor, expected)
    for method, route in ADMIN_ROUTES
    for actor, expected in ACTORS
    if not (actor == "stranger" and "{member}" not in route)
]


@pytest.mark.parametrize(("method", "route", "actor", "expected"), MATRIX)
def test_only_the_organisations_admin_may_change_it(
    client, team, login, csrf_token_from, method, route, actor, expected
):
    _, _, people = team
    if actor:
        login(client, people[actor].email)
    url = route.format(member=people["member"].id)
    # A valid CSRF token, so that the answer is about authorisation, not CSRF.
    token = csrf_token_from(client.get("/konto/passwort" if actor else "/konto/anmelden"))
    response = getattr(client, method)(url, data={"csrf_token": token})
    assert response.status_code in expected
    if actor is None:
        assert "/konto/anmelden" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(User, people["member"].id).active


def test_programme_office_admin_routes_are_for_admins_only(app, team, login):
    _, _, people = team
    for actor in ("admin", "member", "moderator"):
        client = app.test_client()
        login(client, people[actor].email)
        assert client.get("/programmbuero/organisationen").status_code == 403
        assert client.post("/programmbuero/organisationen/neu").status_code in (400, 403)
