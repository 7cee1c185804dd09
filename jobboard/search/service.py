"""The search service: `search(SearchQuery) -> SearchResult`.

The index answers with ids, counts and highlights; the database has the last word: the ids
of the page are re-read with `queries.visible_postings()`, so an entry the index still holds
for a withdrawn or expired posting is never shown. Expiry is also checked by time inside
the index (`expires` field), so counts do not wait for the cron sweep.

Facet counts are computed with every other active filter applied (the count next to
"Bayern" says how many results choosing Bayern would give). They are taken from bitmaps
(Python ints, one bit per document) of each filter value, built once per searcher
generation and thread; a search then costs a few ANDs and popcounts per value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from markupsafe import Markup, escape
from whoosh import highlight, sorting
from whoosh import query as wq

from .. import taxonomy
from ..extensions import db
from ..models import Posting
from ..queries import visible_postings
from ..timeutil import utcnow
from . import settings
from .analysis import base_form
from .index import IndexMissing, IndexUnavailable, SearchIndex, get_index
from .parse import MAX_TEXT_LENGTH, ParsedText, QueryBuilder, clean_text, parse
from .schema import SPELLING_FIELD, TEXT_FIELDS, body_text

SORTS = ("relevance", "newest", "due")
POSTED_WITHIN = (1, 7, 30)
PAGE_SIZE = 20
#: Deepest page we serve; beyond it a person should narrow the search.
MAX_PAGE = 500
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass(frozen=True)
class Facet:
    """A filter of the search page: its query attribute, index field and closed values."""

    name: str
    field: str
    values: tuple[str, ...] | None  # None: the values come from the index (clusters)


FACETS: tuple[Facet, ...] = (
    Facet("kind", "kind", taxonomy.KINDS.codes),
    Facet("region", "region", taxonomy.LAENDER.codes + taxonomy.REGIONS.codes),
    Facet("sector", "sector", taxonomy.SECTORS.codes),
    Facet("employment_type", "employment", taxonomy.EMPLOYMENT_TYPES.codes),
    Facet("remote_mode", "remote", taxonomy.REMOTE_MODES.codes),
    Facet("training_format", "format", taxonomy.TRAINING_FORMATS.codes),
    Facet("cluster", "cluster", None),
    Facet("free", "free", ("yes",)),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}
POSTED = "posted_within"


@dataclass(frozen=True)
class SearchQuery:
    """What a person asked for. `cleaned()` drops what the board does not know."""

    text: str = ""
    kind: str | None = None
    region: str | None = None  # a Land (NUTS-1) or a region (NUTS-2)
    sector: str | None = None
    employment_type: str | None = None
    remote_mode: str | None = None
    training_format: str | None = None
    cluster: str | None = None  # organisation slug
    free: str | None = None  # "yes": free of charge only
    posted_within: int | None = None  # days: 1, 7 or 30
    sort: str = "relevance"
    page: int = 1
    per_page: int = PAGE_SIZE

    def filters(self) -> dict[str, str]:
        """The active keyword filters, facet name -> value."""
        return {f.name: getattr(self, f.name) for f in FACETS if getattr(self, f.name)}

    @property
    def has_filters(self) -> bool:
        return bool(self.filters() or self.posted_within)

    def cleaned(self) -> tuple[SearchQuery, list[str]]:
        """This query with unknown values dropped, and the names of what was dropped."""
        dropped: list[str] = []
        changes: dict = {}
        for facet in FACETS:
            value = getattr(self, facet.name)
            if value in (None, ""):
                changes[facet.name] = None
                continue
            known = _SLUG.match(value) if facet.values is None else value in facet.values
            if not known:
                changes[facet.name] = None
                dropped.append(facet.name)
        if self.posted_within is not None and self.posted_within not in POSTED_WITHIN:
            changes[POSTED] = None
            dropped.append(POSTED)
        if self.sort not in SORTS:
            changes["sort"] = "relevance"
            dropped.append("sort")
        text, _ = clean_text(self.text)
        changes["text"] = text
        changes["page"] = min(max(self.page, 1), MAX_PAGE)
        changes["per_page"] = min(max(self.per_page, 1), 100)
        return replace(self, **changes), dropped

    def without(self, name: str) -> SearchQuery:
        """The same search without one filter (for the removable chips)."""
        return replace(self, **{name: None if name != "text" else ""}, page=1)


@dataclass
class SearchResult:
    query: SearchQuery
    ids: list[int]  # this page, in rank order, all visible
    postings: list[Posting]  # the same, loaded with the visibility query
    total: int
    facets: dict[str, dict[str, int]]  # facet name -> value -> count (other filters applied)
    posted_within: dict[int, int]
    snippets: dict[int, Markup] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean": the text with real words replaced
    truncated: bool = False  # the text was longer than MAX_TEXT_LENGTH (or had many parts)
    stale: int = 0  # index entries of this page the database no longer shows

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.query.per_page), 1)

    @property
    def beyond_last_page(self) -> bool:
        return self.total > 0 and self.query.page > self.pages


def search(q: SearchQuery, now: datetime | None = None) -> SearchResult:
    """Search the visible postings. Raises IndexUnavailable when there is no index and this
    process may not build one (external sync mode)."""
    q, _dropped = q.cleaned()
    now = now or utcnow()
    index = get_index()
    searcher = _searcher(index)
    parsed = parse(q.text)
    builder = QueryBuilder(searcher.schema)
    text_query = builder.build(parsed)
    bits = _Bits(searcher, index.thread_cache(searcher))

    expired = wq.NumericRange("expires", None, int(now.timestamp()))
    alive = bits.live() & ~bits.of_query(expired)
    matched = alive if text_query is None else alive & bits.of_query(text_query)
    active = {
        name: bits.term(FACETS_BY_NAME[name].field, value) for name, value in q.filters().items()
    }
    windows = {d: bits.of_query(_since(now, d)) for d in POSTED_WITHIN}
    if q.posted_within:
        active[POSTED] = windows[q.posted_within]

    def narrowed(skip: str | None) -> int:
        result = matched
        for name, b in active.items():
            if name != skip:
                result &= b
        return result

    hits = narrowed(None)
    total = hits.bit_count()
    facets = {}
    for facet in FACETS:
        base = narrowed(facet.name)
        values = facet.values if facet.values is not None else bits.values(facet.field)
        facets[facet.name] = {v: (base & bits.term(facet.field, v)).bit_count() for v in values}
    base = narrowed(POSTED)
    posted = {d: (base & windows[d]).bit_count() for d in POSTED_WITHIN}

    result = SearchResult(
        query=q,
        ids=[],
        postings=[],
        total=total,
        facets=facets,
        posted_within=posted,
        truncated=parsed.truncated,
    )
    if total and q.page <= result.pages:
        ranked = _page_ids(searcher, q, text_query, expired, now)
        by_id = {
            p.id: p for p in db.session.scalars(visible_postings(now).where(Posting.id.in_(ranked)))
        }
        result.postings = [by_id[i] for i in ranked if i in by_id]
        result.ids = [p.id for p in result.postings]
        result.stale = len(ranked) - len(result.ids)
        result.snippets = {p.id: s for p in result.postings if (s := _snippet(p, builder))}
    if parsed.words and (total == 0 or _has_dead_word(parsed, builder, bits, alive)):
        result.suggestion = _suggest(q.text, parsed, searcher, builder, bits, alive, total)
    return result


def _searcher(index: SearchIndex):
    try:
        return index.searcher()
    except IndexMissing:
        if settings.sync_mode() == settings.EXTERNAL:
            raise IndexUnavailable(
                "The search index is not built yet; `flask search sync --follow` builds it."
            ) from None
    from .rebuild import ensure_index

    ensure_index(index)
    return index.searcher()


def _since(now: datetime, days: int) -> wq.Query:
    return wq.NumericRange("published", int((now - timedelta(days=days)).timestamp()), None)


def _page_ids(searcher, q: SearchQuery, text_query, expired, now) -> list[int]:
    filters = [wq.Term(FACETS_BY_NAME[n].field, v) for n, v in q.filters().items()]
    if q.posted_within:
        filters.append(_since(now, q.posted_within))
    sort = q.sort if text_query is not None or q.sort != "relevance" else "newest"
    sortedby = None
    if sort == "newest":
        sortedby = sorting.MultiFacet(
            [sorting.FieldFacet("published", reverse=True), sorting.FieldFacet("pid", reverse=True)]
        )
    elif sort == "due":
        sortedby = sorting.MultiFacet(
            [sorting.FieldFacet("due"), sorting.FieldFacet("published", reverse=True)]
        )
    page = searcher.search_page(
        text_query if text_query is not None else wq.Every(),
        q.page,
        pagelen=q.per_page,
        filter=wq.And(filters) if filters else None,
        mask=expired,
        sortedby=sortedby,
    )
    if page.pagenum != q.page:  # whoosh serves the last page instead of one beyond it
        return []
    return [int(hit["id"]) for hit in page]


# --- snippets ---------------------------------------------------------------------------


class _MarkFormatter(highlight.Formatter):
    """Escapes the text and adds nothing but <mark> around matched words."""

    between = " "

    def format_fragment(self, fragment, replace=False):
        html = super().format_fragment(fragment, replace)
        if fragment.startchar > 0:
            html = "… " + html
        if fragment.endchar < len(fragment.text):
            html += " …"
        return html

    def _text(self, text: str) -> str:
        return str(escape(text))

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"


def _snippet(posting: Posting, builder: QueryBuilder) -> Markup | None:
    """Up to two passages of the description around the matched words, or None."""
    language = posting.language if posting.language in TEXT_FIELDS else "de"
    fieldname = TEXT_FIELDS[language][1]
    terms = builder.terms.get(fieldname)
    if not terms:
        return None
    text = body_text(posting)
    html = highlight.highlight(
        text,
        terms,
        builder.schema[fieldname].analyzer,
        highlight.ContextFragmenter(maxchars=160, surround=50),
        _MarkFormatter(),
        top=2,
        mode="index",
    )
    return Markup(html) if html else None  # noqa: S704 - every part was escaped above


# --- counting ---------------------------------------------------------------------------


class _Bits:
    """Sets of documents as Python ints: bit n = document number n."""

    def __init__(self, searcher, cache: dict):
        self.searcher = searcher
        self.cache = cache
        self.size = searcher.reader().doc_count_all()

    def _from(self, docnums: Iterable[int]) -> int:
        buf = bytearray(self.size // 8 + 1)
        for n in docnums:
            buf[n >> 3] |= 1 << (n & 7)
        return int.from_bytes(buf, "little")

    def live(self) -> int:
        if "live" not in self.cache:
            self.cache["live"] = self._from(self.searcher.reader().all_doc_ids())
        return self.cache["live"]

    def term(self, fieldname: str, value: str) -> int:
        key = ("term", fieldname, value)
        if key not in self.cache:
            self.cache[key] = self.of_query(wq.Term(fieldname, value))
        return self.cache[key]

    def values(self, fieldname: str) -> tuple[str, ...]:
        key = ("values", fieldname)
        if key not in self.cache:
            reader = self.searcher.reader()
            self.cache[key] = tuple(
                sorted(
                    v.decode("utf-8") if isinstance(v, bytes) else v
                    for v in reader.lexicon(fieldname)
                )
            )
        return self.cache[key]

    def of_query(self, query: wq.Query) -> int:
        return self._from(self.searcher.docs_for_query(query))


# --- did you mean -----------------------------------------------------------------------


def _count(query, bits: _Bits, alive: int) -> int:
    return 0 if query is None else (alive & bits.of_query(query)).bit_count()


def _has_dead_word(parsed: ParsedText, builder: QueryBuilder, bits: _Bits, alive: int) -> bool:
    scratch = QueryBuilder(builder.schema)
    return any(
        (q := scratch.word(w, remember=False)) is not None and _count(q, bits, alive) == 0
        for w in parsed.words
    )


def _suggest(
    text: str,
    parsed: ParsedText,
    searcher,
    builder: QueryBuilder,
    bits: _Bits,
    alive: int,
    total: int,
) -> str | None:
    """The text with each word that finds nothing replaced by the closest real word of the
    postings (edit distance 2 at most), if that finds more than the text does."""
    corrector = searcher.corrector(SPELLING_FIELD)
    scratch = QueryBuilder(builder.schema)
    corrected, changed = text, False
    for word in parsed.words:
        query = scratch.word(word, remember=False)
        if query is None or _count(query, bits, alive):
            continue
        plain = base_form(word)
        if not 3 <= len(plain) <= 30:
            continue
        suggestions = corrector.suggest(plain, limit=1, maxdist=2, prefix=1)
        if not suggestions or suggestions[0] == plain:
            continue
        better = suggestions[0]
        if word[:1].isupper():
            better = better[:1].upper() + better[1:]
        corrected = re.sub(
            rf"(?<!\w){re.escape(word)}(?!\w)", lambda _m, b=better: b, corrected, count=1
        )
        changed = True
    if not changed or corrected == text:
        return None
    check = QueryBuilder(builder.schema).build(parse(corrected))
    if _count(check, bits, alive) <= total:
        return None
    return corrected[:MAX_TEXT_LENGTH]
