"""Sets of documents as Python ints (bit n = document number n), for counting and paging.

The search page needs, per request, the documents of every filter value, of the "posted
within" windows and of the expired entries, and the first page in date order. Asking whoosh
for each of them (a query, a matcher, one Python step per document) cost most of a search.
Instead:

- Everything that depends only on a segment's content is computed once per segment and
  kept for the life of the process (`SegmentCache`): the documents of each filter term, the
  segment's values of the date columns sorted (with bitmaps of their suffixes every few
  hundred positions), and its documents in date order. A segment never changes once
  written (a deletion only marks documents), so an index change (a sync adds a small
  segment) costs only the new segment's share.
- A searcher's sets (`DocSets`) are put together from its segments' parts with shifts and
  ORs, and kept per thread while the searcher is current (`SearchIndex.thread_cache`).
- "Published since t" and "expired by now" are a bisection in a segment's sorted values,
  one stored suffix bitmap and at most a few hundred single bits; exact for every `now`.

A segment's parts may hold documents deleted since (columns keep every document; term
parts leave out only what was deleted when they were read); `live()` leaves deleted
documents out, and every set the service counts or pages through is ANDed with it.
"""

from __future__ import annotations

import heapq
import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from whoosh import query as wq
from whoosh.reading import TermNotFound

_NONZERO = re.compile(rb"[^\x00]")
_BITS_OF_BYTE = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))
#: How many segments' parts a process keeps (a live index has one big segment and a few
#: small ones; older ones belong to searchers that are gone).
MAX_SEGMENTS = 64


def from_docnums(docnums: Iterable[int], size: int) -> int:
    buf = bytearray(size // 8 + 1)
    for n in docnums:
        buf[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(buf, "little")


def docnums(bits: int) -> list[int]:
    """The document numbers in a set, ascending."""
    if not bits:
        return []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    out: list[int] = []
    for match in _NONZERO.finditer(data):
        base = match.start() * 8
        out += [base + i for i in _BITS_OF_BYTE[data[match.start()]]]
    return out


class SegmentCache:
    """Per-segment parts, shared by all threads of a process. Values are never changed
    once stored, so readers need no lock; two threads may compute the same part once each."""

    def __init__(self, max_segments: int = MAX_SEGMENTS):
        self.max_segments = max_segments
        self._parts: dict[str, dict] = {}
        self._lock = threading.Lock()

    def parts(self, segment_id: str) -> dict:
        parts = self._parts.get(segment_id)
        if parts is None:
            with self._lock:
                parts = self._parts.setdefault(segment_id, {})
        return parts

    def keep_only(self, segment_ids: set[str]) -> None:
        """Forget other segments once there are too many (called with a new searcher)."""
        if len(self._parts) > self.max_segments:
            with self._lock:
                for key in [k for k in self._parts if k not in segment_ids]:
                    del self._parts[key]

    def clear(self) -> None:
        with self._lock:
            self._parts.clear()


class _Sorted:
    """One segment's values of a numeric column, sorted, with the bitmap of every K-th
    suffix of that order: `at_least(v)` is one stored bitmap and fewer than K bits."""

    def __init__(self, values: array):
        size = len(values)
        self.size = size
        self.order = array("I", sorted(range(size), key=values.__getitem__))
        self.values = array("Q", (values[d] for d in self.order))
        self.step = max(256, size // 128 + 1)
        buf = bytearray(size // 8 + 1)
        marks = list(range(0, size, self.step))
        suffixes = [0] * (len(marks) + 1)
        end = size
        for j in range(len(marks) - 1, -1, -1):
            for d in self.order[marks[j] : end]:
                buf[d >> 3] |= 1 << (d & 7)
            suffixes[j] = int.from_bytes(buf, "little")
            end = marks[j]
        self.suffixes = suffixes  # suffixes[j]: documents at sorted positions >= j * step

    def _from_position(self, position: int) -> int:
        j = -(-position // self.step)
        bits = self.suffixes[j] if j < len(self.suffixes) else 0
        stop = min(j * self.step, self.size)
        if position < stop:
            bits |= from_docnums(self.order[position:stop], self.size)
        return bits

    def at_least(self, value: int) -> int:
        return self._from_position(bisect_left(self.values, value))

    def greater(self, value: int) -> int:
        return self._from_position(bisect_right(self.values, value))


class DocSets:
    """The document sets of one searcher. Build one per searcher and thread (it caches
    in `cache`, which must belong to that searcher)."""

    def __init__(self, searcher, segments: SegmentCache, cache: dict):
        self.searcher = searcher
        self.cache = cache
        self.schema = searcher.schema
        if "leaves" not in cache:
            leaves = []
            for leaf, offset in searcher.leaf_searchers():
                reader = leaf.reader()
                if not reader.doc_count_all():
                    continue  # an empty index: nothing to read, no columns
                leaves.append((segments.parts(_segment_key(reader)), offset, reader))
            segments.keep_only({_segment_key(r) for _, _, r in leaves})
            cache["leaves"] = leaves
            cache["size"] = searcher.reader().doc_count_all()
        self.leaves: list[tuple[dict, int, object]] = cache["leaves"]
        self.size: int = cache["size"]

    # --- combining per-segment parts ---------------------------------------------------

    def _combine(self, key, part) -> int:
        """The searcher-wide set of `key`, from each segment's part (cached)."""
        bits = self.cache.get(key)
        if bits is None:
            bits = 0
            for parts, offset, reader in self.leaves:
                local = parts.get(key)
                if local is None:
                    local = parts[key] = part(reader)
                if local:
                    bits |= local << offset
            self.cache[key] = bits
        return bits

    def live(self) -> int:
        """Every document that is not deleted."""
        bits = self.cache.get("live")
        if bits is None:
            bits = 0
            for _parts, offset, reader in self.leaves:
                count = reader.doc_count_all()
                local = (1 << count) - 1
                if reader.has_deletions():
                    local &= ~from_docnums(reader.deleted_docs_set, count)
                bits |= local << offset
            self.cache["live"] = bits
        return bits

    def term(self, fieldname: str, value: str) -> int:
        """Documents with the keyword `value` in `fieldname` (kept per segment)."""
        return self._combine(("term", fieldname, value), lambda r: _postings(r, fieldname, value))

    def values(self, fieldname: str) -> tuple[str, ...]:
        """The values of a keyword field in the index, sorted."""
        key = ("values", fieldname)
        if key not in self.cache:
            found: set[str] = set()
            for parts, _offset, reader in self.leaves:
                lexicon = parts.get(key)
                if lexicon is None:
                    lexicon = parts[key] = tuple(
                        v.decode("utf-8") if isinstance(v, bytes) else v
                        for v in reader.lexicon(fieldname)
                    )
                found.update(lexicon)
            self.cache[key] = tuple(sorted(found))
        return self.cache[key]

    # --- numeric columns ---------------------------------------------------------------

    def _raw(self, fieldname: str, value: int) -> int:
        return self.schema[fieldname].to_column_value(value)

    def _sorted(self, parts: dict, reader, fieldname: str) -> _Sorted:
        key = ("sorted", fieldname)
        found = parts.get(key)
        if found is None:
            found = parts[key] = _Sorted(_column(parts, reader, fieldname))
        return found

    def at_least(self, fieldname: str, value: int) -> int:
        """Documents whose `fieldname` is >= value (a sortable numeric field)."""
        raw, bits = self._raw(fieldname, value), 0
        for parts, offset, reader in self.leaves:
            local = self._sorted(parts, reader, fieldname).at_least(raw)
            if local:
                bits |= local << offset
        return bits

    def at_most(self, fieldname: str, value: int) -> int:
        """Documents whose `fieldname` is <= value (a sortable numeric field)."""
        raw, bits = self._raw(fieldname, value), 0
        for parts, offset, reader in self.leaves:
            count = reader.doc_count_all()
            local = ((1 << count) - 1) & ~self._sorted(parts, reader, fieldname).greater(raw)
            if local:
                bits |= local << offset
        return bits

    def column(self, fieldname: str) -> array:
        """The column's raw (order-preserving) value of every document, by number."""
        key = ("column", fieldname)
        if key not in self.cache:
            values = array("Q")
            for parts, _offset, reader in self.leaves:
                values += _column(parts, reader, fieldname)
            self.cache[key] = values
        return self.cache[key]

    def value(self, fieldname: str, raw: int) -> int:
        return self.schema[fieldname].from_column_value(raw)

    # --- queries -----------------------------------------------------------------------

    def of_query(self, query: wq.Query) -> int:
        """The documents a query matches (deleted ones may be included: AND with live).
        Words, alternatives and exclusions are combined here from each term's postings;
        anything else (phrases) is asked from whoosh."""
        kind = type(query)
        if kind is wq.Term:
            bits = 0
            for _parts, offset, reader in self.leaves:
                local = _postings(reader, query.fieldname, query.text)
                if local:
                    bits |= local << offset
            return bits
        if kind is wq.Or:
            bits = 0
            for sub in query.subqueries:
                bits |= self.of_query(sub)
            return bits
        if kind is wq.And:
            subs = query.subqueries
            bits = self.of_query(subs[0]) if subs else 0
            for sub in subs[1:]:
                if not bits:
                    break
                bits &= self.of_query(sub)
            return bits
        if kind is wq.AndNot:
            return self.of_query(query.a) & ~self.of_query(query.b)
        if kind is wq.Every and not query.fieldname:
            return self.live()
        return from_docnums(self.searcher.docs_for_query(query), self.size)

    # --- date order --------------------------------------------------------------------

    def ordered(self, hits: int, keys: tuple[tuple[str, bool], ...], start: int, stop: int):
        """Documents of `hits` at positions start..stop in the order of `keys` (column,
        descending?), ties by document number."""
        count = hits.bit_count()
        if stop <= start or count <= start:
            return []
        sort_key = _sort_key([(self.column(name), desc) for name, desc in keys])
        if count <= max(2000, self.size // 20):
            return sorted(docnums(hits), key=sort_key)[start:stop]
        # Many hits: walk the documents in order (each segment's order is kept) until the
        # page is full.
        data = hits.to_bytes(self.size // 8 + 1, "little")
        streams = [
            _shifted(self._order(parts, reader, keys), offset)
            for parts, offset, reader in self.leaves
        ]
        out, seen = [], 0
        for d in heapq.merge(*streams, key=sort_key):
            if data[d >> 3] >> (d & 7) & 1:
                if seen >= start:
                    out.append(d)
                    if len(out) >= stop - start:
                        break
                seen += 1
        return out

    def _order(self, parts: dict, reader, keys) -> list[int]:
        key = ("order", keys)
        order = parts.get(key)
        if order is None:
            columns = [(_column(parts, reader, name), desc) for name, desc in keys]
            order = parts[key] = array(
                "I", sorted(range(reader.doc_count_all()), key=_sort_key(columns))
            )
        return order


def _sort_key(columns: list[tuple[array, bool]]):
    """The sort key of a document number: its column values (negated when descending),
    then the number itself."""
    signed = [(column, -1 if desc else 1) for column, desc in columns]
    if len(signed) == 2:
        (first, s1), (second, s2) = signed
        return lambda d: (s1 * first[d], s2 * second[d], d)
    return lambda d: (*(sign * column[d] for column, sign in signed), d)


def _segment_key(reader) -> str:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else f"anon-{id(reader)}"


def _shifted(order: array, offset: int) -> Iterator[int]:
    return iter(order) if not offset else (d + offset for d in order)


def _postings(reader, fieldname: str, text) -> int:
    """A segment's documents with a term (deleted ones included)."""
    try:
        matcher = reader.postings(fieldname, text)
    except TermNotFound:
        return 0
    return from_docnums(matcher.all_ids(), reader.doc_count_all())


def _column(parts: dict, reader, fieldname: str) -> array:
    """A segment's raw column values (unsigned 64-bit, in the order of the numbers)."""
    key = ("column", fieldname)
    values = parts.get(key)
    if values is None:
        values = parts[key] = array("Q", reader.column_reader(fieldname, translate=False))
    return values
