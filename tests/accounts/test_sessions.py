"""Server-side sessions: logout and password changes really end them; ids rotate; timeouts."""

from __future__ import annotations

import time

import pytest
import redis as redis_lib
from sqlalchemy import func, select

from jobboard.accounts import sessions, users
from jobboard.extensions import db
from jobboard.models import Role, WebSession

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["database", "redis"])
def app_config(request, app_config):
    """Every test here runs against both stores. Redis is not emptied first: session keys
    are random, and a test run beside this one may hold sessions there too."""
    if request.param == "redis":
        return {**app_config, "SESSION_REDIS_URL": REDIS_URL}
    return app_config


@pytest.fixture
def member(factory):
    user = factory.user(email="anna@cluster.example", name="Anna Beispiel")
    db.session.commit()
    return user


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def signed_in(client) -> bool:
    response = client.get("/konto/passwort")
    return response.status_code == 200


def test_login_sets_a_hardened_cookie_with_a_new_id(client, member, login):
    client.get("/konto/anmelden")  # the form stores a CSRF token: a pre-login session
    before = session_cookie(client)
    response = login(client, member.email)
    assert response.status_code == 302
    after = session_cookie(client)
    assert before and after and before != after  # the id changes at sign-in
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # plain HTTP here
    assert signed_in(client)


def test_cookie_is_secure_over_https(client, member, password, csrf_token_from):
    page = client.get("/konto/anmelden", base_url="https://localhost")
    response = client.post(
        "/konto/anmelden",
        base_url="https://localhost",
        data={"email": member.email, "password": password, "csrf_token": csrf_token_from(page)},
        # Flask-WTF checks the referrer over HTTPS, as browsers send it.
        headers={"Referer": "https://localhost/konto/anmelden"},
    )
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_replayed_cookie_after_logout_gets_nothing(app, client, member, login, csrf_token_from):
    login(client, member.email)
    stolen = session_cookie(client)
    page = client.get("/konto/passwort")
    client.post("/konto/abmelden", data={"csrf_token": csrf_token_from(page)})
    assert not signed_in(client)

    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/konto/passwort")
    assert response.status_code == 302
    assert "/konto/anmelden" in response.headers["Location"]


def test_password_change_and_deactivation_end_other_sessions(app, client, member, login):
    login(client, member.email)
    other = app.test_client()
    login(other, member.email)
    assert signed_in(client) and signed_in(other)

    users.set_password(db.session.get(type(member), member.id), "ein-ganz-neues-Passwort-42")
    db.session.commit()
    assert not signed_in(client) and not signed_in(other)

    login(client, member.email, "ein-ganz-neues-Passwort-42")
    assert signed_in(client)
    users.deactivate(db.session.get(type(member), member.id))
    db.session.commit()
    assert not signed_in(client)
    assert login(client, member.email, "ein-ganz-neues-Passwort-42").status_code == 200


class Clock:
    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now

    def advance(self, hours: float):
        self.now += hours * 3600


def test_idle_timeout_is_eight_hours(client, member, monkeypatch, login):
    clock = Clock()
    monkeypatch.setattr(sessions.time, "time", clock)
    login(client, member.email)
    clock.advance(7.9)
    assert signed_in(client)  # a request counts as activity
    clock.advance(7.9)
    assert signed_in(client)
    clock.advance(8.1)
    assert not signed_in(client)


def test_absolute_timeout_is_twenty_four_hours(client, member, monkeypatch, login):
    clock = Clock()
    monkeypatch.setattr(sessions.time, "time", clock)
    login(client, member.email)
    for _ in range(5):  # busy all day, a request every 4 hours ...
        clock.advance(4)
        assert signed_in(client)
    clock.advance(4.1)  # ... still ends 24 hours after signing in
    assert not signed_in(client)


def test_anonymous_visitors_store_nothing(app, client, factory):
    factory.vacancy()
    db.session.commit()
    for url in ["/", "/angebote", "/cluster"]:
        client.get(url)
    assert session_cookie(client) is None
    if not app.config.get("SESSION_REDIS_URL"):
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_records_are_stored_under_a_digest_of_the_cookie(app, client, member, login):
    login(client, member.email)
    raw = session_cookie(client)
    if app.config.get("SESSION_REDIS_URL"):
        keys = {k.decode() for k in redis_lib.Redis.from_url(REDIS_URL).keys("jobboard:session:*")}
        stored = {k.removeprefix("jobboard:session:") for k in keys}
    else:
        stored = set(db.session.scalars(select(WebSession.digest)))
    assert raw not in stored
    assert sessions.digest(raw) in stored


def test_programme_office_user_can_sign_in(client, factory, login):
    moderator = factory.user(role=Role.MODERATOR, email="mod@office.example")
    db.session.commit()
    assert login(client, moderator.email).status_code == 302
