"""The search service: `search(SearchQuery) -> SearchResult`.

The index answers with ids, counts and highlights; the database has the last word: the ids
of the page are re-read with `queries.visible_postings()`, so an entry the index still holds
for a withdrawn or expired posting is never shown. Expiry is also checked by time inside
the index (`expires` field), so counts do not wait for the cron sweep.

Facet counts are computed with every other active filter applied (the count next to
"Bayern" says how many results choosing Bayern would give). They are taken from bitmaps
(Python ints, one bit per document) of each filter value, kept per index segment and put
together per searcher and thread (`bitsets`); a search then costs a few ANDs and
popcounts per value. The "posted within" windows and expiry come from the date columns,
and pages sorted by date are taken in column order, so only a ranking by relevance asks
whoosh to score.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from markupsafe import Markup, escape

from .. import taxonomy
from ..extensions import db
from ..models import Posting
from ..postings.queries import visible_postings
from ..timeutil import utcnow
from . import settings
from .analysis import base_form
from .bitsets import DocSets, docnums
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
    bits = DocSets(searcher, index.segments, index.thread_cache(searcher))

    live = bits.live()
    expired = live & bits.at_most("expires", int(now.timestamp()))
    alive = live & ~expired
    matched = alive if text_query is None else alive & bits.of_query(text_query)
    active = {
        name: bits.term(FACETS_BY_NAME[name].field, value) for name, value in q.filters().items()
    }
    windows = {d: bits.at_least("published", _since(now, d)) for d in POSTED_WITHIN}
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
        ranked = _page_ids(searcher, bits, q, text_query, hits, matched, bool(active), expired)
        by_id = {
            p.id: p for p in db.session.scalars(visible_postings(now).where(Posting.id.in_(ranked)))
        }
        result.postings = [by_id[i] for i in ranked if i in by_id]
        result.ids = [p.id for p in result.postings]
        result.stale = len(ranked) - len(result.ids)
        result.snippets = {p.id: s for p in result.postings if (s := _snippet(p, builder))}
    # Every word is required, so with a result no word can be one that finds nothing: "did
    # you mean" is only looked for when nothing is found.
    if parsed.words and total == 0:
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


def _since(now: datetime, days: int) -> int:
    return int((now - timedelta(days=days)).timestamp())


#: Up to this many hits, a filtered search scores only its hits (`_ranked`); measured at
#: 10,000 postings, that was faster than whoosh's collector for every typical query.
RANK_HITS = 5000

#: Column order of the date sorts: (column, descending).
_ORDERS = {
    "newest": (("published", True), ("pid", True)),
    "due": (("due", False), ("published", True)),
}


def _page_ids(
    searcher,
    bits: DocSets,
    q: SearchQuery,
    text_query,
    hits: int,
    matched: int,
    filtered: bool,
    expired: int,
) -> list[int]:
    """The posting ids of the page: by date straight from the columns; by relevance from
    whoosh's scores, of the hits only."""
    sort = q.sort if text_query is not None or q.sort != "relevance" else "newest"
    start, stop = (q.page - 1) * q.per_page, q.page * q.per_page
    if sort in _ORDERS:
        docs = bits.ordered(hits, _ORDERS[sort], start, stop)
    elif filtered and (hits.bit_count() <= RANK_HITS or hits.bit_count() * 4 < matched.bit_count()):
        # Filters (or expiry) leave part of what the text matches: score just the hits.
        docs = _ranked(searcher, text_query, docnums(hits), stop)[start:stop]
    else:
        results = searcher.search(
            text_query,
            limit=stop,
            filter=set(docnums(hits)) if filtered else None,
            mask=set(docnums(expired)) if expired and not filtered else None,
            terms=False,
        )
        docs = [results.docnum(i) for i in range(start, min(stop, results.scored_length()))]
    pids = bits.column("pid")
    return [bits.value("pid", pids[d]) for d in docs]


def _ranked(searcher, text_query, wanted: list[int], limit: int) -> list[int]:
    """The `limit` best of `wanted` (ascending document numbers, all matching the query)
    by whoosh's score, ties by document number: the order `searcher.search()` gives, with
    the matcher moved from hit to hit (`skip_to`) instead of through every match."""
    context = searcher.context()
    scored: list[tuple[float, int]] = []
    i = 0
    for leaf, offset in searcher.leaf_searchers():
        end = offset + leaf.reader().doc_count_all()
        j = bisect_left(wanted, end, lo=i)
        if j > i:
            matcher = text_query.matcher(leaf, context)
            for docnum in wanted[i:j]:
                local = docnum - offset
                if not matcher.is_active():
                    break
                if matcher.id() < local:
                    matcher.skip_to(local)
                    if not matcher.is_active():
                        break
                if matcher.id() == local:
                    scored.append((-matcher.score(), docnum))
        i = j
    return [docnum for _score, docnum in heapq.nsmallest(limit, scored)]


# --- snippets ---------------------------------------------------------------------------


#: Snippets: up to two passages of about 160 characters around the matched words, with 50
#: characters of context. `highlight_text()` gives what whoosh's `highlight()` gave with a
#: ContextFragmenter(160, 50), the basic fragment scorer and a <mark> formatter (the same
#: output for 8,090 description/query pairs of the benchmark corpus), computed on (start,
#: end, term) spans instead of Token objects and generators, in two thirds of the time.
SNIPPET_CHARS, SNIPPET_SURROUND, SNIPPET_TOP = 160, 50, 2
_CHARLIMIT = 2**15  # whoosh's DEFAULT_CHARLIMIT: nothing after it is looked at


def _snippet(posting: Posting, builder: QueryBuilder) -> Markup | None:
    """Up to two passages of the description around the matched words, or None."""
    language = posting.language if posting.language in TEXT_FIELDS else "de"
    fieldname = TEXT_FIELDS[language][1]
    terms = builder.terms.get(fieldname)
    if not terms:
        return None
    html = highlight_text(body_text(posting), frozenset(terms), builder.schema[fieldname].analyzer)
    return Markup(html) if html else None  # noqa: S704 - every part was escaped


def highlight_text(text: str, terms: frozenset[str], analyzer) -> str:
    """The best passages of `text` (escaped) with <mark> around the words whose index
    terms are in `terms`; "" when none matches."""
    maxchars, surround = SNIPPET_CHARS, SNIPPET_SURROUND
    fragments: list[tuple[float, int, int, list[tuple[int, int]]]] = []
    first: int | None = None
    firsts: deque[int] = deque()
    countdown, currentlen, endchar = -1, 0, None
    matches: list[tuple[int, int]] = []
    matched_terms: set[str] = set()

    def fragment() -> None:
        start = first if first is not None else (matches[0][0] if matches else 0)
        end = min(len(text), endchar if endchar is not None else len(text))
        score = float(len(matches)) * ((len(matched_terms) * 100) or 1)
        fragments.append((score, max(0, start), end, matches))

    for startchar, endchar, term in analyzer.spans(text):
        length = endchar - startchar
        if endchar > _CHARLIMIT:
            break
        matched = term in terms
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + length > maxchars:
            countdown = 0
        elif matched:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            matches.append((startchar, endchar))
            matched_terms.add(term)
        if countdown >= 0:
            currentlen += length
            countdown -= length
            if countdown <= 0:
                fragment()
                matches, matched_terms, firsts, first, currentlen = [], set(), deque(), None, 0
    if matches:
        fragment()
    best = heapq.nlargest(SNIPPET_TOP, fragments, key=lambda f: (f[0], f[1]))
    best = sorted((f for f in best if f[0] >= 1), key=lambda f: f[1])
    return " ".join(_format_fragment(text, start, end, spans) for _s, start, end, spans in best)


def _format_fragment(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out, index = [], start
    for begin, stop in sorted(spans, key=lambda span: (span[0], span[0] - span[1])):
        if begin < index:
            continue
        if begin > index:
            out.append(str(escape(text[index:begin])))
        out.append(f"<mark>{escape(text[begin:stop])}</mark>")
        index = stop
    out.append(str(escape(text[index:end])))
    html = "".join(out)
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return html


# --- did you mean -----------------------------------------------------------------------


def _count(query, bits: DocSets, alive: int) -> int:
    return 0 if query is None else (alive & bits.of_query(query)).bit_count()


def _suggest(
    text: str,
    parsed: ParsedText,
    searcher,
    builder: QueryBuilder,
    bits: DocSets,
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
