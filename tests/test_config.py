"""create_app(): configuration order, the secret-key refusal, database defaults."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from jobboard import ConfigurationError, create_app
from jobboard.config import INSECURE_SECRET
from jobboard.extensions import db


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder, and no JOBBOARD_* variable from the caller's shell."""
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("JOBBOARD_INSTANCE_PATH", str(folder))
    for key in list(os.environ):
        if key.startswith("JOBBOARD_") and key != "JOBBOARD_INSTANCE_PATH":
            monkeypatch.delenv(key)
    return folder


def test_order_defaults_instance_env_test_dict(instance, monkeypatch):
    (instance / "config.py").write_text(
        "SECRET_KEY = 'from-instance-file-0123456789'\n"
        "PAGE_SIZE = 30\n"
        "OPERATOR_NAME = 'Instanz'\n"
        "OPERATOR_EMAIL = 'instanz@example.org'\n"
    )
    monkeypatch.setenv("JOBBOARD_PAGE_SIZE", "40")
    monkeypatch.setenv("JOBBOARD_OPERATOR_NAME", "Umgebung")
    app = create_app({"OPERATOR_NAME": "Testdict"})

    assert app.config["BABEL_DEFAULT_LOCALE"] == "de"  # default survives
    assert app.config["OPERATOR_EMAIL"] == "instanz@example.org"  # instance file over default
    assert app.config["SECRET_KEY"] == "from-instance-file-0123456789"
    assert app.config["PAGE_SIZE"] == 40  # environment over instance file, parsed as JSON
    assert app.config["OPERATOR_NAME"] == "Testdict"  # test dict over everything


@pytest.mark.parametrize("secret", [None, "", INSECURE_SECRET])
def test_refuses_to_start_without_a_real_secret(instance, monkeypatch, secret):
    if secret is not None:
        monkeypatch.setenv("JOBBOARD_SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_missing_secret_allowed_in_testing_and_debug(instance):
    assert create_app({"TESTING": True}).testing
    assert create_app({"DEBUG": True}).debug


def test_secret_from_environment_is_enough(instance, monkeypatch):
    monkeypatch.setenv("JOBBOARD_SECRET_KEY", "a-real-secret-from-the-environment")
    app = create_app()
    assert app.config["SECRET_KEY"] == "a-real-secret-from-the-environment"


def test_default_database_is_sqlite_in_instance_with_wal(instance):
    app = create_app({"TESTING": True})
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri == f"sqlite:///{instance / 'jobboard.sqlite3'}"
    assert app.config["SEARCH_INDEX_DIR"] == str(instance / "search-index")
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # The driver's timeout becomes SQLite's busy timeout (milliseconds).
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15_000


def test_database_url_is_one_key(instance, tmp_path):
    other = tmp_path / "elsewhere.sqlite3"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{other}"})
    with app.app_context():
        db.create_all()
    assert other.exists()


def test_factory_has_no_side_effects(instance):
    """Building the app creates no database file and no index (migrations are a command)."""
    create_app({"TESTING": True})
    assert list(instance.iterdir()) == []
