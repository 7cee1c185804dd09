"""The job and training board of the German innovation clusters (go-cluster)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from . import paths
from .config import INSECURE_SECRET, Defaults


class ConfigurationError(RuntimeError):
    """The configuration is unsafe or incomplete; the message says what to change."""


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application. Only builds: no migrations, no network, no prompts.

    Configuration order, later wins: `config.Defaults` -> `instance/config.py` ->
    `JOBBOARD_*` environment variables -> `test_config`.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("JOBBOARD_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("JOBBOARD")
    if test_config:
        app.config.update(test_config)
    _finish_config(app)

    from . import cli, errors, headers, i18n, mail, templating
    from .accounts import sessions, users
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .extensions import mail as mailer

    db.init_app(app)
    migrate.init_app(app, db, directory=str(paths.MIGRATIONS))
    sessions.init_app(app)
    csrf.init_app(app)
    users.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    mailer.init_app(app)
    mail.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(paths.TRANSLATIONS),
    )
    i18n.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)

    from .views import (
        admin,
        auth,
        links,
        manage,
        moderate,
        organisation,
        public,
        search,
        statistics,
    )

    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(manage.bp)
    app.register_blueprint(organisation.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(links.bp)
    app.register_blueprint(statistics.bp)
    app.register_blueprint(moderate.bp)
    app.register_blueprint(search.bp)
    return app


def _finish_config(app: Flask) -> None:
    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "jobboard.sqlite3"
        )
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args.setdefault("timeout", cfg["SQLITE_BUSY_TIMEOUT"])
        options["connect_args"] = connect_args
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = options
    index_dir = Path(cfg["SEARCH_INDEX_DIR"])
    if not index_dir.is_absolute():
        cfg["SEARCH_INDEX_DIR"] = str(Path(app.instance_path) / index_dir)

    secret = cfg.get("SECRET_KEY")
    if not (app.debug or app.testing) and (not secret or secret == INSECURE_SECRET):
        raise ConfigurationError(
            "SECRET_KEY is missing or the insecure default. Set a long random value in "
            f"{Path(app.instance_path) / 'config.py'} or in JOBBOARD_SECRET_KEY "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )
