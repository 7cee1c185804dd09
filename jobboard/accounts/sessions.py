"""Server-side sessions: the cookie carries a random id, the data stays on the server.

Logging out deletes the record, so a cookie copied before logout opens nothing afterwards
(Flask's default signed-cookie session cannot do that). Records live in the database by
default and in Redis when `SESSION_REDIS_URL` is set. A session ends after
`SESSION_IDLE_TIMEOUT` without a request and `SESSION_ABSOLUTE_TIMEOUT` after it began,
whichever comes first. Anonymous visitors get no session and no cookie until something is
stored for them (a CSRF token when they open a form).

Why not Flask-Session: its SQLAlchemy backend creates its table while the app is built,
commits the request's ORM session from `save_session`, and uses naive UTC timestamps.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SessionInterface
from flask.sessions import session_json_serializer as serializer
from sqlalchemy import delete, insert, select

from ..extensions import db
from ..models import WebSession

# Seconds between two writes of the "last seen" time of an unchanged session.
TOUCH_INTERVAL = 60
CREATED, SEEN = "_created", "_seen"
# Flask's own tagged JSON: keeps tuples (flashed messages), Markup, dates and lazy strings.


def digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class ServerSession(SecureCookieSession):
    """A dict that remembers whether it changed, with the id it is stored under."""

    def __init__(self, initial=None, sid: str | None = None, stale_cookie: bool = False):
        super().__init__(initial)
        self.sid = sid  # None until the session is first stored
        self.stale_cookie = stale_cookie  # the request carried a cookie we no longer honour
        self.rotate = False

    def regenerate(self) -> None:
        """Give the session a new id when it is saved; the old id stops working."""
        self.rotate = True
        self.modified = True


class SessionStore(Protocol):
    def load(self, key: str) -> dict | None: ...
    def save(self, key: str, data: dict, user_id: int | None, expires_at: datetime) -> None: ...
    def delete(self, key: str) -> None: ...


class DatabaseStore:
    """Sessions in the `web_session` table, written on a connection of their own so that
    saving a session never commits (or waits for) the request's ORM work."""

    def load(self, key: str) -> dict | None:
        with db.engine.connect() as conn:
            row = conn.execute(
                select(WebSession.data, WebSession.expires_at).where(WebSession.digest == key)
            ).first()
        if row is None:
            return None
        expires_at = (
            WebSession.__table__.c.expires_at.type.process_result_value(
                row.expires_at, db.engine.dialect
            )
            if row.expires_at.tzinfo is None
            else row.expires_at
        )
        if expires_at <= datetime.now(UTC):
            return None
        return serializer.loads(row.data)

    def save(self, key: str, data: dict, user_id: int | None, expires_at: datetime) -> None:
        values = {
            "digest": key,
            "user_id": user_id,
            "data": serializer.dumps(data),
            "expires_at": expires_at,
        }
        with db.engine.begin() as conn:
            conn.execute(delete(WebSession).where(WebSession.digest == key))
            conn.execute(insert(WebSession).values(**values))

    def delete(self, key: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(WebSession).where(WebSession.digest == key))

    def purge_expired(self, now: datetime | None = None) -> int:
        with db.engine.begin() as conn:
            result = conn.execute(
                delete(WebSession).where(WebSession.expires_at <= (now or datetime.now(UTC)))
            )
        return result.rowcount


class RedisStore:
    """Sessions in Redis: each key expires by itself, so nothing needs purging."""

    prefix = "jobboard:session:"

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)

    def load(self, key: str) -> dict | None:
        raw = self.client.get(self.prefix + key)
        return serializer.loads(raw) if raw else None

    def save(self, key: str, data: dict, user_id: int | None, expires_at: datetime) -> None:
        ttl = max(1, int((expires_at - datetime.now(UTC)).total_seconds()))
        self.client.set(self.prefix + key, serializer.dumps(data), ex=ttl)

    def delete(self, key: str) -> None:
        self.client.delete(self.prefix + key)

    def purge_expired(self, now: datetime | None = None) -> int:
        return 0


class ServerSessionInterface(SessionInterface):
    def __init__(self, store: SessionStore, idle: timedelta, absolute: timedelta):
        self.store = store
        self.idle = idle
        self.absolute = absolute

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid:
            return ServerSession()
        data = self.store.load(digest(sid))
        now = time.time()
        if data is None:
            return ServerSession(stale_cookie=True)
        created, seen = data.get(CREATED, 0), data.get(SEEN, 0)
        if now - created > self.absolute.total_seconds() or now - seen > self.idle.total_seconds():
            self.store.delete(digest(sid))
            return ServerSession(stale_cookie=True)
        return ServerSession(data, sid=sid)

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name, domain, path = (
            self.get_cookie_name(app),
            self.get_cookie_domain(app),
            self.get_cookie_path(app),
        )
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            # Emptied (logout) or never used: forget the record and the cookie.
            if session.sid:
                self.store.delete(digest(session.sid))
            if session.sid or session.stale_cookie:
                response.delete_cookie(name, domain=domain, path=path)
            return

        now = time.time()
        is_new = session.sid is None or session.rotate
        if not (is_new or session.modified or now - session.get(SEEN, 0) > TOUCH_INTERVAL):
            return
        if session.rotate and session.sid:
            self.store.delete(digest(session.sid))
        if is_new:
            session.sid = secrets.token_urlsafe(32)
            session.rotate = False
        data = dict(session)
        data.setdefault(CREATED, now)
        data[SEEN] = now
        expires_at = min(
            data[CREATED] + self.absolute.total_seconds(), now + self.idle.total_seconds()
        )
        user_id = data.get("_user_id")
        self.store.save(
            digest(session.sid),
            data,
            int(user_id) if user_id else None,
            datetime.fromtimestamp(expires_at, UTC),
        )
        if is_new:
            # A browser-session cookie; the server decides how long the session lives.
            from flask import request

            response.set_cookie(
                name,
                session.sid,
                httponly=True,
                secure=bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure),
                samesite=app.config["SESSION_COOKIE_SAMESITE"] or "Lax",
                domain=domain,
                path=path,
            )


def init_app(app: Flask) -> None:
    url = app.config.get("SESSION_REDIS_URL")
    store: SessionStore = RedisStore(url) if url else DatabaseStore()
    app.session_interface = ServerSessionInterface(
        store,
        idle=app.config["SESSION_IDLE_TIMEOUT"],
        absolute=app.config["SESSION_ABSOLUTE_TIMEOUT"],
    )
