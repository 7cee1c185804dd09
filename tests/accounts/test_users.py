"""User accounts: hashing on sign-in, single-use tokens, invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from jobboard.accounts import users
from jobboard.accounts.passwords import verify_password
from jobboard.extensions import db
from jobboard.models import Role, TokenPurpose
from jobboard.timeutil import utcnow


def test_email_is_unique_case_insensitively(factory):
    user = factory.user(email="  Jana.Kraft@Cluster.EXAMPLE ")
    db.session.commit()
    assert user.email == "jana.kraft@cluster.example"
    assert users.find_user("JANA.kraft@cluster.example") is user


def test_authenticate(factory, password):
    user = factory.user(email="ok@example.org")
    inactive = factory.user(email="gone@example.org", active=False)
    invited = factory.user(email="new@example.org", password=None)
    db.session.commit()
    assert users.authenticate("OK@example.org", password) is user
    assert users.authenticate("ok@example.org", "falsch-falsch-falsch") is None
    assert users.authenticate("nobody@example.org", password) is None
    assert users.authenticate(inactive.email, password) is None
    assert users.authenticate(invited.email, "") is None


def test_hash_is_upgraded_at_sign_in_when_parameters_change(factory, password):
    old = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(password)
    user = factory.user(email="old@example.org", password_hash=old)
    db.session.commit()
    assert users.authenticate(user.email, password) is user
    assert user.password_hash != old
    assert user.password_hash.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in user.password_hash
    assert verify_password(user.password_hash, password)


def test_set_password_ends_sessions_and_refuses_weak(factory):
    user = factory.user()
    version = user.session_version
    with pytest.raises(users.AccountError):
        users.set_password(user, "passwort1234")
    assert user.session_version == version
    users.set_password(user, "ein langer neuer Satz")
    assert user.session_version == version + 1
    assert verify_password(user.password_hash, "ein langer neuer Satz")


def test_tokens_are_single_use_stored_as_digest_and_expire(factory):
    user = factory.user()
    token = users.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    db.session.commit()
    row = users.valid_token(token, TokenPurpose.PASSWORD_RESET)
    assert row is not None and row.digest != token and token not in row.digest
    # Wrong purpose, forged, expired
    assert users.valid_token(token, TokenPurpose.INVITATION) is None
    assert (
        users.valid_token(
            token[:-1] + ("A" if token[-1] != "A" else "B"), TokenPurpose.PASSWORD_RESET
        )
        is None
    )
    later = utcnow() + timedelta(hours=1, seconds=1)
    assert users.valid_token(token, TokenPurpose.PASSWORD_RESET, now=later) is None

    users.reset_password(token, "ganz neues langes Passwort")
    db.session.commit()
    assert users.valid_token(token, TokenPurpose.PASSWORD_RESET) is None
    with pytest.raises(users.AccountError):
        users.reset_password(token, "noch ein anderes Passwort")


def test_a_new_token_voids_the_older_one(factory):
    user = factory.user()
    first = users.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    second = users.issue_token(user, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    db.session.commit()
    assert users.valid_token(first, TokenPurpose.PASSWORD_RESET) is None
    assert users.valid_token(second, TokenPurpose.PASSWORD_RESET) is not None


def test_reset_is_not_offered_for_unknown_or_inactive_accounts(factory):
    factory.user(email="gone@example.org", active=False)
    db.session.commit()
    assert users.request_password_reset("nobody@example.org") is None
    assert users.request_password_reset("gone@example.org") is None


def test_invitation_creates_account_without_password_until_accepted(factory):
    org = factory.organisation()
    admin = factory.user(organisation=org, role=Role.ORG_ADMIN)
    user, token = users.invite(
        email="Neu@Cluster.example",
        name="Neue Person",
        role=Role.MEMBER,
        organisation=org,
        invited_by=admin,
    )
    db.session.commit()
    assert user.password_hash is None and user.email == "neu@cluster.example"
    assert users.authenticate(user.email, "") is None
    users.accept_invitation(token, "mein neues langes Passwort")
    db.session.commit()
    assert users.authenticate(user.email, "mein neues langes Passwort") is user
    with pytest.raises(users.AccountError):
        users.accept_invitation(token, "mein neues langes Passwort")
    with pytest.raises(users.AccountError):
        users.invite(
            email=user.email, name="x", role=Role.MEMBER, organisation=org, invited_by=admin
        )
