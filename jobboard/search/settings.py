"""Search settings, read from the app config. Their defaults live with all the others in
`jobboard.config.Defaults` (so `create_app()` always sets them); `DEFAULTS` repeats them
from there for an app built without those defaults.

SEARCH_SYNC_MODE     "embedded" (default): the request that committed a change brings the
                     index up to date right after its commit, under the write lock.
                     "external": requests never write the index; run
                     `flask --app jobboard search sync --follow` as the single writer.
SEARCH_LOCK_TIMEOUT  seconds a request waits for the write lock before it leaves its change
                     to the next sync.
SEARCH_SYNC_BATCH    outbox rows applied per index commit.
SEARCH_FOLLOW_INTERVAL  seconds `sync --follow` waits when the outbox is empty.
SEARCH_SWEEP_INTERVAL   seconds between sweeps of entries past their expiry (`--follow`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from ..config import Defaults

EMBEDDED = "embedded"
EXTERNAL = "external"

NAMES = (
    "SEARCH_SYNC_MODE",
    "SEARCH_LOCK_TIMEOUT",
    "SEARCH_SYNC_BATCH",
    "SEARCH_FOLLOW_INTERVAL",
    "SEARCH_SWEEP_INTERVAL",
)
DEFAULTS: dict[str, Any] = {name: getattr(Defaults, name) for name in NAMES}


def setting(name: str, app: Flask | None = None) -> Any:
    app = app or current_app
    return app.config.get(name, DEFAULTS[name])


def sync_mode(app: Flask | None = None) -> str:
    """EXTERNAL when configured so; anything else is the embedded default (safe either
    way: every writer takes the same lock)."""
    value = str(setting("SEARCH_SYNC_MODE", app) or "").strip().lower()
    return EXTERNAL if value == EXTERNAL else EMBEDDED
