"""Signing in and out, password reset and invitations, through the pages and real SMTP."""

from __future__ import annotations

import re

import pytest

from jobboard.extensions import db
from jobboard.models import OutboxMail, Role, User

LINK = re.compile(r"https://jobs\.example(/konto/[\w/-]+)")


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def member(factory):
    user = factory.user(email="anna@cluster.example", name="Anna Beispiel")
    db.session.commit()
    return user


def post_form(client, url, data, csrf_token_from, **kw):
    page = client.get(url)
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page)}, **kw)


def test_login_page_and_wrong_password(client, member, csrf_token_from):
    html = client.get("/konto/anmelden").get_data(as_text=True)
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    wrong = post_form(
        client, "/konto/anmelden", {"email": member.email, "password": "x" * 14}, csrf_token_from
    )
    unknown = post_form(
        client, "/konto/anmelden", {"email": "who@x.example", "password": "x" * 14}, csrf_token_from
    )
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "E-Mail-Adresse oder Passwort ist nicht korrekt." in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, member, password):
    response = client.post("/konto/anmelden", data={"email": member.email, "password": password})
    assert response.status_code == 400


def test_login_redirects_to_the_dashboard_and_next_stays_on_site(
    client, member, password, csrf_token_from
):
    page = client.get("/konto/anmelden?next=//evil.example/x")
    response = client.post(
        "/konto/anmelden?next=//evil.example/x",
        data={"email": member.email, "password": password, "csrf_token": csrf_token_from(page)},
    )
    assert response.headers["Location"] == "/verwaltung/"


def test_protected_pages_send_anonymous_visitors_to_login(client):
    for url in [
        "/verwaltung/",
        "/verwaltung/organisation/",
        "/konto/passwort",
        "/programmbuero/organisationen",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/konto/anmelden?next=")


def test_logout_needs_post_with_csrf(client, member, login):
    login(client, member.email)
    assert client.get("/konto/abmelden").status_code == 405
    assert client.post("/konto/abmelden").status_code == 400
    assert client.get("/konto/passwort").status_code == 200


def test_password_reset_end_to_end(client, member, smtp_server, csrf_token_from, login):
    response = post_form(
        client, "/konto/passwort-vergessen", {"email": "ANNA@cluster.example"}, csrf_token_from
    )
    assert "Prüfen Sie Ihr E-Mail-Postfach" in response.get_data(as_text=True)
    [message] = smtp_server.to("anna@cluster.example")
    assert message["Subject"] == "Ihr neues Passwort für die Cluster-Jobbörse"
    assert "noreply@jobs.example" in message["From"]
    path = LINK.search(smtp_server.body(message)).group(1)

    weak = post_form(
        client, path, {"password": "passwort1234", "confirm": "passwort1234"}, csrf_token_from
    )
    assert weak.status_code == 200 and "zu verbreitet" in weak.get_data(as_text=True)
    done = post_form(
        client,
        path,
        {"password": "Neues Passwort mit Sonne", "confirm": "Neues Passwort mit Sonne"},
        csrf_token_from,
    )
    assert done.status_code == 302
    assert login(client, member.email, "Neues Passwort mit Sonne").status_code == 302
    # The link works once.
    again = client.get(path)
    assert again.status_code == 410
    assert "Nichts wurde geändert" in again.get_data(as_text=True)


def test_reset_answer_does_not_reveal_accounts(client, member, smtp_server, csrf_token_from):
    known = post_form(
        client, "/konto/passwort-vergessen", {"email": member.email}, csrf_token_from
    ).get_data(as_text=True)
    unknown = post_form(
        client, "/konto/passwort-vergessen", {"email": "niemand@x.example"}, csrf_token_from
    ).get_data(as_text=True)

    def message_of(html):
        return (
            re.search(r"<h1>.*?</p>", html, re.S)
            .group(0)
            .replace(member.email, "X")
            .replace("niemand@x.example", "X")
        )

    assert message_of(known) == message_of(unknown)
    assert len(smtp_server.messages) == 1


def test_forged_reset_link_changes_nothing(client, member):
    response = client.get("/konto/passwort-neu/forged-token-value")
    assert response.status_code == 410


def test_change_password_keeps_this_session_and_ends_others(
    app, client, member, login, csrf_token_from, password
):
    login(client, member.email)
    other = app.test_client()
    login(other, member.email)
    response = post_form(
        client,
        "/konto/passwort",
        {
            "current": password,
            "password": "ein völlig neues Passwort",
            "confirm": "ein völlig neues Passwort",
        },
        csrf_token_from,
    )
    assert response.status_code == 302
    assert client.get("/konto/passwort").status_code == 200
    assert other.get("/konto/passwort").status_code == 302


def test_admin_registers_organisation_and_invitation_is_accepted(
    app, client, office_user, smtp_server, csrf_token_from, office_login
):
    admin = office_user(role=Role.ADMIN, email="admin@office.example", name="Petra Programm")
    db.session.commit()
    office_login(client, admin)
    response = post_form(
        client,
        "/programmbuero/organisationen/neu",
        {
            "name": "Cluster Wasserstoff Nord",
            "land": "DEF",
            "city": "Kiel",
            "website": "https://h2-nord.example",
            "sectors": ["renewables", "energy-intensive"],
            "description": "Wasserstoff im Norden.",
            "admin_name": "Jonas Jansen",
            "admin_email": "jonas@h2-nord.example",
            "admin_language": "en",
        },
        csrf_token_from,
    )
    assert response.status_code == 302
    [message] = smtp_server.to("jonas@h2-nord.example")
    assert message["Subject"] == "Invitation to the cluster job board"
    body = smtp_server.body(message)
    assert "Petra Programm has invited you" in body and "Cluster Wasserstoff Nord" in body
    path = LINK.search(body).group(1)

    newcomer = app.test_client()
    page = newcomer.get(path)
    assert "Jonas Jansen" in page.get_data(as_text=True)
    done = newcomer.post(
        path,
        data={
            "password": "Wind über der Förde",
            "confirm": "Wind über der Förde",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert done.status_code == 302 and done.headers["Location"] == "/verwaltung/"
    assert newcomer.get("/verwaltung/").status_code == 200
    jonas = db.session.scalar(db.select(User).where(User.email == "jonas@h2-nord.example"))
    assert jonas.role == Role.ORG_ADMIN and jonas.organisation.slug == "cluster-wasserstoff-nord"
    assert newcomer.get(path).status_code == 410  # used once


def test_invitation_link_expires(client, factory, csrf_token_from):
    from datetime import timedelta

    from jobboard.accounts import users
    from jobboard.models import TokenPurpose, UserToken

    user = factory.user(password=None)
    token = users.issue_token(user, TokenPurpose.INVITATION, timedelta(days=7))
    db.session.commit()
    row = db.session.scalar(db.select(UserToken))
    row.expires_at = row.created_at - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/konto/einladung/{token}").status_code == 410


def test_login_is_rate_limited(client, member, csrf_token_from):
    page = client.get("/konto/anmelden")
    token = csrf_token_from(page)
    codes = [
        client.post(
            "/konto/anmelden",
            data={"email": member.email, "password": "falsch" * 3, "csrf_token": token},
        ).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [200] * 10
    assert codes[10:] == [429, 429]
    blocked = client.post(
        "/konto/anmelden", data={"email": member.email, "password": "x", "csrf_token": token}
    )
    assert "Zu viele Versuche" in blocked.get_data(as_text=True)


def test_reset_is_rate_limited(client, smtp_server, csrf_token_from):
    token = csrf_token_from(client.get("/konto/passwort-vergessen"))
    codes = [
        client.post(
            "/konto/passwort-vergessen", data={"email": f"x{n}@example.org", "csrf_token": token}
        ).status_code
        for n in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_mail_waits_in_the_outbox_when_smtp_is_down(
    app, client, member, smtp_server, csrf_token_from, runner
):
    mailer = app.extensions["mailman"]
    mailer.port = 1  # nothing listens there
    response = post_form(
        client, "/konto/passwort-vergessen", {"email": member.email}, csrf_token_from
    )
    assert response.status_code == 200  # the user is not bothered with the outage
    row = db.session.scalar(db.select(OutboxMail))
    assert row.sent_at is None and row.last_error and row.attempts == 1
    assert smtp_server.messages == []

    mailer.port = smtp_server.port
    result = runner.invoke(args=["mail", "send"])
    assert "Sent 1 e-mail(s)." in result.output
    assert len(smtp_server.to(member.email)) == 1
    assert runner.invoke(args=["mail", "send"]).output.strip() == "Sent 0 e-mail(s)."
