"""User accounts: signing in and out, setting passwords, single-use e-mail tokens, invitations.

The session side: `start_session()` gives the browser a new session id and remembers the
user's `session_version`; `load_user()` honours a session only while that version still
matches, so a password change or a deactivation ends every session of the user at once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import delete, select

from ..extensions import db, login_manager
from ..models import Organisation, Role, TokenPurpose, User, UserToken, WebSession, normalise_email
from ..timeutil import utcnow
from .passwords import hash_password, needs_rehash, password_problems, verify_password

RESET_LIFETIME = timedelta(hours=1)
INVITATION_LIFETIME = timedelta(days=7)
SESSION_VERSION_KEY = "_sv"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the e-mail address is unknown, so that a login
    attempt takes as long for a missing account as for a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An account action that cannot be done; the message is shown to the user."""


def set_password(user: User, password: str) -> None:
    """Store a new password and end every session the user has (callers commit)."""
    problems = password_problems(password, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version = (user.session_version or 1) + 1
    _delete_stored_sessions(user)


# --- signing in and out ------------------------------------------------------------------


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail address and password, else None.

    Rehashes the password when the hashing parameters have changed since it was set.
    """
    user = find_user(email)
    if user is None or not user.password_hash:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User) -> None:
    """Sign `user` in on a new session id (the old id, if any, stops working)."""
    session.clear()
    session.regenerate()
    login_user(user)
    session[SESSION_VERSION_KEY] = user.session_version
    user.last_login_at = utcnow()


def end_session() -> None:
    """Sign out: the server forgets the session, so a copied cookie opens nothing."""
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> None:
    user.session_version = (user.session_version or 1) + 1
    _delete_stored_sessions(user)


def deactivate(user: User) -> None:
    user.active = False
    end_all_sessions(user)


def _delete_stored_sessions(user: User) -> None:
    # The version check already refuses them; deleting database rows is tidiness.
    if user.id is not None:
        db.session.execute(delete(WebSession).where(WebSession.user_id == user.id))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    if user is None or not user.is_active:
        return None
    if session.get(SESSION_VERSION_KEY) != user.session_version:
        return None
    return user


# --- single-use e-mail tokens ---------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    user: User, purpose: TokenPurpose, lifetime: timedelta, created_by: User | None = None
) -> str:
    """A new single-use token for `user`; only its digest is stored. Earlier unused tokens
    of the same purpose stop working."""
    now = utcnow()
    for old in db.session.scalars(
        select(UserToken).where(
            UserToken.user_id == user.id,
            UserToken.purpose == purpose,
            UserToken.used_at.is_(None),
        )
    ):
        old.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserToken(
            purpose=purpose,
            digest=_digest(token),
            user=user,
            created_by_id=created_by.id if created_by else None,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def valid_token(token: str, purpose: TokenPurpose, now: datetime | None = None) -> UserToken | None:
    """The unused, unexpired token row for `token`, else None (nothing is changed)."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(
        select(UserToken).where(UserToken.digest == _digest(token), UserToken.purpose == purpose)
    )
    if row is None or row.used_at is not None or row.expires_at <= (now or utcnow()):
        return None
    return row


def request_password_reset(email: str) -> tuple[User, str] | None:
    """A reset token for the active account with this address, else None. Callers show
    the same message either way, so the answer never reveals whether an account exists."""
    user = find_user(email)
    if user is None or not user.is_active or not user.password_hash:
        return None
    return user, issue_token(user, TokenPurpose.PASSWORD_RESET, RESET_LIFETIME)


def reset_password(token: str, password: str) -> User:
    row = valid_token(token, TokenPurpose.PASSWORD_RESET)
    if row is None:
        raise AccountError(str(_l("This link is invalid, expired or already used.")))
    set_password(row.user, password)
    row.used_at = utcnow()
    return row.user


# --- invitations --------------------------------------------------------------------------


def invite(
    *,
    email: str,
    name: str,
    role: Role,
    organisation: Organisation | None,
    invited_by: User | None,
) -> tuple[User, str]:
    """Create the account (no password yet) and an invitation token for it.

    Re-inviting someone who has not accepted yet issues a fresh token; inviting an
    address that already has an active account is an error.
    """
    user = find_user(email)
    if user is not None and user.password_hash:
        raise AccountError(str(_l("An account with this e-mail address already exists.")))
    if user is None:
        user = User(email=email, name=name, role=role, organisation=organisation)
        db.session.add(user)
    else:
        user.name, user.role, user.organisation = name, role, organisation
    user.active = True
    db.session.flush()
    return user, issue_token(user, TokenPurpose.INVITATION, INVITATION_LIFETIME, invited_by)


def accept_invitation(token: str, password: str) -> User:
    row = valid_token(token, TokenPurpose.INVITATION)
    if row is None or not row.user.active:
        raise AccountError(str(_l("This invitation is invalid, expired or already used.")))
    set_password(row.user, password)
    row.used_at = utcnow()
    return row.user


def init_app(app) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    # Sessions are rotated at sign-in and checked against session_version instead.
    login_manager.session_protection = None
