"""Configuration defaults.

Order, later wins: these defaults -> instance/config.py -> JOBBOARD_* environment
variables (values parsed as JSON where they can be, e.g. JOBBOARD_PAGE_SIZE=20) -> the
test dict given to create_app().
"""

from datetime import timedelta

#: The placeholder secret. The app refuses to start with it outside debug and testing.
INSECURE_SECRET = "dev-insecure-change-me"  # noqa: S105 - the value we refuse


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
    # Server-side sessions (jobboard.accounts.sessions): in the database unless a Redis URL is set.
    SESSION_REDIS_URL: str | None = None
    SESSION_IDLE_TIMEOUT = timedelta(hours=8)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=24)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Where the Whoosh index lives; relative paths are inside the instance folder.
    SEARCH_INDEX_DIR = "search-index"
    # Who writes the index and how (docs/operations.md; read by jobboard.search.settings).
    SEARCH_SYNC_MODE = "embedded"  # or "external": only `flask search sync --follow` writes
    SEARCH_LOCK_TIMEOUT = 5.0  # seconds a request waits for the write lock, then defers
    SEARCH_SYNC_BATCH = 200  # outbox rows per index commit
    SEARCH_FOLLOW_INTERVAL = 1.0  # seconds `sync --follow` waits when the outbox is empty
    SEARCH_SWEEP_INTERVAL = 60.0  # seconds between sweeps of expired entries (`--follow`)

    # Shown in the imprint / privacy pages. Replace in instance/config.py.
    OPERATOR_NAME = "Programmbüro go-cluster"
    OPERATOR_ADDRESS = "Musterstraße 1, 10115 Berlin"
    OPERATOR_EMAIL = "programmbuero@example.org"
    OPERATOR_PHONE = "+49 30 000000"
    # None shows a clearly marked "to be completed" placeholder on the legal pages.
    OPERATOR_REPRESENTATIVE: str | None = None
    OPERATOR_VAT_ID: str | None = None
    OPERATOR_CONTENT_RESPONSIBLE: str | None = None
    OPERATOR_REGISTER: str | None = None  # section hidden unless set
    OPERATOR_DPO: str | None = None
    OPERATOR_DPO_EMAIL: str | None = None
    HOSTING_PROVIDER: str | None = None
    SUPERVISORY_AUTHORITY: str | None = None

    # Mail (Flask-Mailman): SMTP by default; `make run` writes mail to the console log.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "Cluster-Jobbörse <noreply@example.org>"

    # Rate limits (Flask-Limiter): memory per process by default; use redis://… when
    # several workers or hosts serve the board, so that they share the counts.
    RATELIMIT_STORAGE_URI = "memory://"
    # A moving window: no burst of twice the limit around the turn of a fixed window.
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute; 50 per hour"
    RESET_RATE_LIMIT = "5 per 15 minutes"
    REPORT_RATE_LIMIT = "5 per hour"

    # Absolute base URL for links in e-mails (https://jobs.go-cluster.example).
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"

    # `make run` sets this so the demo logins may be printed and shown.
    DEMO_MODE = False
