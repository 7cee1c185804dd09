"""Fixtures and factories shared by the whole suite.

The database is SQLite in a temporary file by default. With JOBBOARD_TEST_DATABASE_URL set
to a PostgreSQL URL, every test session works in a schema of its own that is dropped at the
end, so runs never see each other's rows.
"""

from __future__ import annotations

import functools
import os
import uuid
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from jobboard import create_app
from jobboard.accounts.passwords import hash_password
from jobboard.extensions import db
from jobboard.models import (
    HiringOrganisation,
    Organisation,
    Posting,
    PostingStatus,
    Role,
    TrainingOffer,
    TrainingRun,
    User,
    Vacancy,
)
from jobboard.postings import workflow
from jobboard.timeutil import utcnow

from .servers import SERVER_START_TIMEOUT

S = PostingStatus
PASSWORD = "korrekt-Pferd-Batterie-Heftklammer"
POSTGRES_URL = os.environ.get("JOBBOARD_TEST_DATABASE_URL", "")

# How a test reaches each status through the real workflow (the one code path that
# changes a status), starting from creation.
LIFECYCLE_PATHS: dict[PostingStatus, tuple[PostingStatus, ...]] = {
    S.DRAFT: (S.DRAFT,),
    S.SUBMITTED: (S.SUBMITTED,),
    S.CHANGES_REQUESTED: (S.SUBMITTED, S.CHANGES_REQUESTED),
    S.REJECTED: (S.SUBMITTED, S.REJECTED),
    S.PUBLISHED: (S.SUBMITTED, S.PUBLISHED),
    S.EXPIRED: (S.SUBMITTED, S.PUBLISHED, S.EXPIRED),
    S.FILLED: (S.SUBMITTED, S.PUBLISHED, S.FILLED),
    S.WITHDRAWN: (S.SUBMITTED, S.PUBLISHED, S.WITHDRAWN),
    S.REMOVED: (S.SUBMITTED, S.PUBLISHED, S.REMOVED),
}


@pytest.fixture(scope="session")
def postgres_schema():
    """A fresh PostgreSQL schema for this test session, or None on SQLite."""
    if not POSTGRES_URL:
        yield None
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield schema
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def empty_database(tmp_path):
    """Configuration for a database with no tables at all (a schema of its own on
    PostgreSQL), for tests that run the migrations themselves."""
    if not POSTGRES_URL:
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}"}
        return
    schema = f"migr_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield {
        "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
        "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}},
    }
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def database_config(tmp_path, postgres_schema) -> dict:
    if postgres_schema:
        return {
            "SQLALCHEMY_DATABASE_URI": POSTGRES_URL,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "connect_args": {"options": f"-csearch_path={postgres_schema}"}
            },
        }
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}


@pytest.fixture
def app_config(tmp_path, database_config) -> dict:
    """The test dict given to create_app(); tests may add to it before `app` is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        **database_config,
    }


class IsolatedClient(FlaskClient):
    """Runs every request in an application context of its own, as a server does.

    Without this, requests would share the test's app context: its `g` (where the
    language of the last request is cached) and its database session (so uncommitted
    test data would look published). Tests therefore commit what requests should see.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(app_config, monkeypatch, tmp_path):
    # Keep the developer's instance/config.py and JOBBOARD_* variables out of the tests.
    monkeypatch.setenv("JOBBOARD_INSTANCE_PATH", str(tmp_path / "instance"))
    for key in list(os.environ):
        if key.startswith("JOBBOARD_") and key != "JOBBOARD_INSTANCE_PATH":
            monkeypatch.delenv(key)
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@functools.cache
def _hash(password: str) -> str:
    # argon2 is slow on purpose; one hash per distinct test password is enough.
    return hash_password(password)


class Factory:
    """Builds realistic rows with sensible defaults; every keyword can be overridden."""

    def __init__(self):
        self._seq = count(1)

    def organisation(self, **kw) -> Organisation:
        n = next(self._seq)
        kw.setdefault("name", f"Cluster Nummer {n} e.V.")
        kw.setdefault("slug", f"cluster-{n}")
        kw.setdefault("land", "DE2")
        kw.setdefault("city", "München")
        kw.setdefault("website", f"https://cluster-{n}.example.org")
        kw.setdefault("description", "Ein **Innovationscluster** für die Region.")
        sectors = kw.pop("sectors", ["digital"])
        org = Organisation(**kw)
        org.sectors = sectors
        db.session.add(org)
        db.session.flush()
        return org

    def user(
        self, organisation: Organisation | None = None, password: str | None = PASSWORD, **kw
    ) -> User:
        """A user who can sign in with `password` (None: invited, no password yet)."""
        n = next(self._seq)
        kw.setdefault("role", Role.MEMBER)
        if password:
            kw.setdefault("password_hash", _hash(password))
        if organisation is None and not Role(kw["role"]).is_programme_office:
            organisation = self.organisation()
        kw.setdefault("email", f"person{n}@example.org")
        kw.setdefault("name", f"Person {n}")
        user = User(organisation=organisation, **kw)
        db.session.add(user)
        db.session.flush()
        return user

    def hiring(self, publisher: Organisation, **kw) -> HiringOrganisation:
        n = next(self._seq)
        kw.setdefault("name", f"Firma {n} GmbH")
        kw.setdefault("website", f"https://firma-{n}.example.com")
        hiring = HiringOrganisation(publisher=publisher, **kw)
        db.session.add(hiring)
        db.session.flush()
        return hiring

    def _posting(self, cls, defaults: dict, status, published_days_ago, kw) -> Posting:
        organisation = kw.pop("organisation", None) or self.organisation()
        sectors = kw.pop("sectors", ["digital"])
        runs = kw.pop("runs", None)
        values = {**defaults, **kw}
        posting = cls(organisation=organisation, **values)
        posting.sectors = sectors
        if runs is not None:
            posting.runs = [TrainingRun(start_date=s, end_date=e) for s, e in runs]
        now = utcnow() - timedelta(days=published_days_ago)
        path = LIFECYCLE_PATHS[PostingStatus(status)]
        workflow.create(posting, None, status=path[0], now=now)
        for step in path[1:]:
            # The workflow's single transition function, as every named action uses it.
            workflow._move(posting, step, None, message="test", now=now)
        db.session.flush()
        return posting

    def vacancy(self, status=S.PUBLISHED, published_days_ago: float = 1, **kw) -> Vacancy:
        n = next(self._seq)
        defaults = {
            "title": f"Softwareentwickler (m/w/d) Nummer {n}",
            "description": "Wir suchen Verstärkung für unser Team.\n\n* Python\n* Flask",
            "language": "de",
            "city": "München",
            "postcode": "80331",
            "region": "DE21",
            "employment_type": "full_time",
            "contract_type": "permanent",
            "remote_mode": "hybrid",
            "career_level": "professional",
            "salary_min": Decimal("52000"),
            "salary_max": Decimal("64000"),
            "salary_period": "year",
            "openings": 1,
            "contact_name": "Erika Mustermann",
            "contact_email": "jobs@example.org",
            "apply_url": "https://example.org/bewerben",
        }
        return self._posting(Vacancy, defaults, status, published_days_ago, kw)

    def training(self, status=S.PUBLISHED, published_days_ago: float = 1, **kw) -> TrainingOffer:
        n = next(self._seq)
        start = date.today() + timedelta(days=40)
        kw.setdefault("runs", [(start, start + timedelta(days=2))])
        defaults = {
            "title": f"Weiterbildung Batterietechnik Nummer {n}",
            "description": "Grundlagen der **Batteriezellfertigung**.",
            "language": "de",
            "city": "Ulm",
            "postcode": "89073",
            "region": "DE14",
            "training_format": "blended",
            "schedule": "part_time",
            "duration_value": 24,
            "duration_unit": "hours",
            "is_free": False,
            "price_eur": Decimal("490"),
            "funding_eligible": True,
            "certificate": "Teilnahmezertifikat",
            "target_group": "Fachkräfte aus der Produktion",
            "contact_email": "weiterbildung@example.org",
            "apply_email": "anmeldung@example.org",
        }
        return self._posting(TrainingOffer, defaults, status, published_days_ago, kw)


@pytest.fixture
def factory(app) -> Factory:
    return Factory()


# --- accounts and mail -----------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_port():
    """free_port(): a TCP port on 127.0.0.1 that nothing listens on right now."""
    return _free_port


class MailBox:
    """What the in-process SMTP server received, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str):
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port, stopped afterwards."""
    from aiosmtpd.controller import Controller

    box = MailBox()
    controller = Controller(
        box, hostname="127.0.0.1", port=_free_port(), ready_timeout=SERVER_START_TIMEOUT
    )
    try:
        controller.start()
        box.port = controller.port
        yield box
    finally:
        controller.stop(no_assert=True)


@pytest.fixture
def mail_config(smtp_server) -> dict:
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "MAIL_DEFAULT_SENDER": "Jobbörse <noreply@jobs.example>",
        "PUBLIC_BASE_URL": "https://jobs.example",
    }


def _csrf_token_from(response) -> str:
    import re as _re

    match = _re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no CSRF token on the page"
    return match.group(1)


def _login(client, email: str, password: str = PASSWORD, follow_redirects=False):
    page = client.get("/konto/anmelden")
    return client.post(
        "/konto/anmelden",
        data={"email": email, "password": password, "csrf_token": _csrf_token_from(page)},
        follow_redirects=follow_redirects,
    )


@pytest.fixture
def csrf_token_from():
    """csrf_token_from(response): the CSRF token of the form on a page."""
    return _csrf_token_from


@pytest.fixture
def login():
    """login(client, email, password=PASSWORD): sign in through the real form."""
    return _login


@pytest.fixture
def password() -> str:
    """The password every factory-made user signs in with."""
    return PASSWORD


OFFICE_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _office_login(client, user, password: str = PASSWORD):
    """Sign a programme-office user in, second factor included (their secret is fixed)."""
    import pyotp

    _login(client, user.email, password)
    page = client.get("/konto/zwei-faktor/pruefen")
    # A code is accepted once; a second sign-in within 30 seconds uses the next step,
    # which the server accepts for clock drift.
    db.session.refresh(user)
    totp = pyotp.TOTP(user.totp_secret)
    step = int(utcnow().timestamp()) // totp.interval
    if user.totp_last_step is not None and user.totp_last_step >= step:
        step = user.totp_last_step + 1
    return client.post(
        "/konto/zwei-faktor/pruefen",
        data={"code": totp.at(step * totp.interval), "csrf_token": _csrf_token_from(page)},
    )


@pytest.fixture
def office_login():
    """office_login(client, user): sign in with password and TOTP code."""
    return _office_login


@pytest.fixture
def office_user(factory):
    """office_user(role=Role.MODERATOR, **kw): a programme-office user with a second factor."""

    def make(role=Role.MODERATOR, **kw):
        kw.setdefault("totp_secret", OFFICE_TOTP_SECRET)
        kw.setdefault("totp_confirmed_at", utcnow())
        return factory.user(role=role, **kw)

    return make
