"""Configuration defaults.

Order, later wins: these defaults -> instance/config.py -> JOBBOARD_* environment
variables (values parsed as JSON where they can be, e.g. JOBBOARD_PAGE_SIZE=20) -> the
test dict given to create_app().
"""

from datetime import timedelta

#: The placeholder secret. The app refuses to start with it outside debug and testing.
INSECURE_SECRET = "dev-insecure-change-me"


class Defaults:
    SECRET_KEY = INSECURE_SECRET
    # Set in create_app() to SQLite in the instance folder unless configured.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # Seconds a SQLite connection waits for another writer before giving up.
    SQLITE_BUSY_TIMEOUT = 15

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    PAGE_SIZE = 20
    # Public pages set no cookie; the session cookie is only for signed-in users.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Where the Whoosh index lives; relative paths are inside the instance folder.
    SEARCH_INDEX_DIR = "search-index"

    # Shown in the imprint / privacy pages. Replace in instance/config.py.
    OPERATOR_NAME = "Programmbüro go-cluster"
    OPERATOR_ADDRESS = "Musterstraße 1, 10115 Berlin"
    OPERATOR_EMAIL = "programmbuero@example.org"
    OPERATOR_PHONE = "+49 30 000000"

    # `make run` sets this so the demo logins may be printed and shown.
    DEMO_MODE = False
