"""Full-text search of the visible postings (Whoosh). The only package that imports whoosh.

The index is a derived copy of the database: it answers with ids and counts, the database
decides what is shown, and `flask --app jobboard search rebuild` can recreate it at any time.

Public interface:

    search(SearchQuery) -> SearchResult        the search page, feeds and the API use this
    SearchQuery, SearchResult, FACETS, SORTS, POSTED_WITHIN, PAGE_SIZE, MAX_TEXT_LENGTH
    IndexUnavailable                           no index yet, and this process may not build one
    init_app(app)                              index after each request that committed changes
                                               (embedded mode; see jobboard.search.sync)
    sync_outbox(), rebuild_index(), check_index()   what `flask search sync|rebuild|check` run

Modules: analysis (German and English text), schema (fields, posting -> document),
index (directory, generations, locks, searchers), parse (search text -> query),
service (search), apply (outbox rows -> one generation), sync (outbox -> index: who runs
apply, and when), rebuild, check, cli. Imports run one way: sync -> rebuild -> apply.
"""

from __future__ import annotations

from flask import Flask

from .apply import SyncReport, pending_count
from .check import CheckReport
from .check import check as check_index
from .index import IndexBusy, IndexMissing, IndexUnavailable, SearchIndex, get_index
from .parse import MAX_TEXT_LENGTH
from .rebuild import RebuildReport, ensure_index
from .rebuild import rebuild as rebuild_index
from .service import (
    FACETS,
    FACETS_BY_NAME,
    PAGE_SIZE,
    POSTED_WITHIN,
    SORTS,
    SearchQuery,
    SearchResult,
    search,
)
from .sync import follow
from .sync import install as install_after_commit_sync
from .sync import sync as sync_outbox


def init_app(app: Flask) -> None:
    """Embedded mode: bring the index up to date after each request whose transaction
    wrote search outbox rows. Builds nothing and opens nothing now."""
    install_after_commit_sync(app)


__all__ = [
    "FACETS",
    "FACETS_BY_NAME",
    "MAX_TEXT_LENGTH",
    "PAGE_SIZE",
    "POSTED_WITHIN",
    "SORTS",
    "CheckReport",
    "IndexBusy",
    "IndexMissing",
    "IndexUnavailable",
    "RebuildReport",
    "SearchIndex",
    "SearchQuery",
    "SearchResult",
    "SyncReport",
    "check_index",
    "ensure_index",
    "follow",
    "get_index",
    "init_app",
    "pending_count",
    "rebuild_index",
    "search",
    "sync_outbox",
]
