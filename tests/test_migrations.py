"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from jobboard import create_app
from jobboard.extensions import db

POSTGRES_URL = os.environ.get("JOBBOARD_TEST_DATABASE_URL", "")


def test_upgrade_matches_models_and_downgrade_removes_all(empty_database, tmp_path, monkeypatch):
    monkeypatch.setenv("JOBBOARD_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, **empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], "models and migrations disagree; run `flask db migrate`"

        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
