"""The programme office's second factor: enrolment, codes, recovery codes, reset."""

from __future__ import annotations

import re

import pyotp
import pytest

from jobboard.accounts import second_factor
from jobboard.extensions import db
from jobboard.models import Role, User

OFFICE_PAGE = "/programmbuero/organisationen"


@pytest.fixture
def fresh_admin(factory):
    """An administrator who has not set up the second factor yet."""
    user = factory.user(role=Role.ADMIN, email="neu@office.example", name="Nora Neu")
    db.session.commit()
    return user


def enrol(client, csrf_token_from):
    """Walk through the enrolment page; returns (secret, recovery codes)."""
    page = client.get("/konto/zwei-faktor")
    html = page.get_data(as_text=True)
    secret = re.search(r'class="secret"><code>([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")
    assert 'src="data:image/svg+xml;base64,' in html  # QR code drawn on the server
    done = client.post(
        "/konto/zwei-faktor",
        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token_from(page)},
    )
    codes = re.findall(
        r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", done.get_data(as_text=True)
    )
    return secret, codes


def test_office_pages_stay_closed_until_enrolled(client, fresh_admin, login, csrf_token_from):
    response = login(client, fresh_admin.email)
    assert response.headers["Location"].startswith("/konto/zwei-faktor")
    closed = client.get(OFFICE_PAGE)
    assert closed.status_code == 302 and "/konto/zwei-faktor" in closed.headers["Location"]

    secret, codes = enrol(client, csrf_token_from)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(OFFICE_PAGE).status_code == 200
    user = db.session.get(User, fresh_admin.id)
    db.session.refresh(user)
    assert user.totp_secret == secret and user.totp_confirmed_at is not None
    # Only digests of the recovery codes are stored.
    assert not {r.digest for r in user.recovery_codes} & set(codes)


def test_wrong_code_at_enrolment_stores_nothing(client, fresh_admin, login, csrf_token_from):
    login(client, fresh_admin.email)
    page = client.get("/konto/zwei-faktor")
    response = client.post(
        "/konto/zwei-faktor", data={"code": "000000", "csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    db.session.refresh(db.session.get(User, fresh_admin.id))
    assert db.session.get(User, fresh_admin.id).totp_secret is None
    assert client.get(OFFICE_PAGE).status_code == 302


def test_sign_in_asks_for_the_code_and_refuses_reuse(app, office_user, login, csrf_token_from):
    admin = office_user(role=Role.ADMIN, email="chef@office.example")
    db.session.commit()
    totp = pyotp.TOTP(admin.totp_secret)

    first = app.test_client()
    assert "/konto/zwei-faktor/pruefen" in login(first, admin.email).headers["Location"]
    assert first.get(OFFICE_PAGE).status_code == 302
    code = totp.now()
    page = first.get("/konto/zwei-faktor/pruefen")
    ok = first.post(
        "/konto/zwei-faktor/pruefen", data={"code": code, "csrf_token": csrf_token_from(page)}
    )
    assert ok.status_code == 302
    assert first.get(OFFICE_PAGE).status_code == 200

    # The same code, seen by someone over the shoulder, does not open a second session.
    second = app.test_client()
    login(second, admin.email)
    page = second.get("/konto/zwei-faktor/pruefen")
    again = second.post(
        "/konto/zwei-faktor/pruefen", data={"code": code, "csrf_token": csrf_token_from(page)}
    )
    assert again.status_code == 200
    assert second.get(OFFICE_PAGE).status_code == 302


def test_recovery_code_works_once(app, client, fresh_admin, login, csrf_token_from):
    login(client, fresh_admin.email)
    _, codes = enrol(client, csrf_token_from)
    other = app.test_client()
    login(other, fresh_admin.email)
    page = other.get("/konto/zwei-faktor/pruefen")
    used = codes[3].upper().replace("-", " ")  # typed differently, still accepted
    assert (
        other.post(
            "/konto/zwei-faktor/pruefen", data={"code": used, "csrf_token": csrf_token_from(page)}
        ).status_code
        == 302
    )
    assert other.get(OFFICE_PAGE).status_code == 200

    third = app.test_client()
    login(third, fresh_admin.email)
    page = third.get("/konto/zwei-faktor/pruefen")
    assert (
        third.post(
            "/konto/zwei-faktor/pruefen",
            data={"code": codes[3], "csrf_token": csrf_token_from(page)},
        ).status_code
        == 200
    )
    user = db.session.get(User, fresh_admin.id)
    db.session.refresh(user)
    assert second_factor.unused_recovery_codes(user) == 9


def test_admin_resets_a_moderators_second_factor(
    app, client, office_user, office_login, login, csrf_token_from
):
    admin = office_user(role=Role.ADMIN, email="chef@office.example", name="Chefin")
    moderator = office_user(role=Role.MODERATOR, email="mod@office.example", name="Moritz Mod")
    db.session.commit()
    mod_client = app.test_client()
    office_login(mod_client, moderator)
    assert mod_client.get("/konto/passwort").status_code == 200

    office_login(client, admin)
    url = f"/programmbuero/person/{moderator.id}/zwei-faktor"
    assert "Moritz Mod" in client.get(url).get_data(as_text=True)
    page = client.get(url)
    assert client.post(url, data={"csrf_token": csrf_token_from(page)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, moderator.id).totp_secret is None
    assert mod_client.get("/konto/passwort").status_code == 302  # signed out everywhere
    assert "/konto/zwei-faktor" in login(mod_client, moderator.email).headers["Location"]


def test_cluster_users_have_no_second_factor_pages(client, factory, login):
    member = factory.user()
    db.session.commit()
    login(client, member.email)
    assert client.get("/konto/zwei-faktor").status_code == 404
    assert client.get("/konto/zwei-faktor/pruefen").status_code == 404
