"""The index schema, and how a posting becomes an index document.

The index holds exactly the postings `queries.visible_postings()` returns (status-wise;
expiry by time is also checked at query time through the `expires` field). It returns
ids; the database decides what is shown.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date, datetime

from whoosh import fields

from .. import taxonomy
from ..models import Posting, PostingKind
from .analysis import EnglishAnalyzer, GermanAnalyzer, NameAnalyzer, SpellingAnalyzer, normalise

#: Raise when the schema or the analysis changes: an index of another version counts as
#: unreadable and is rebuilt.
#: 2: numbers are indexed as one term each (not 16 trie terms), `expires` got a column.
SCHEMA_VERSION = 2

#: `expires` of a posting that never expires; `due` of a posting without a date (sorts last).
NEVER = 9_999_999_999
NO_DATE = 99_991_231

#: Text fields per posting language, and the language-neutral name fields.
TEXT_FIELDS = {
    "de": ("title_de", "body_de"),
    "en": ("title_en", "body_en"),
}
NAME_FIELDS = ("hiring", "cluster_name", "place")
#: Every field a search text is matched against, with its weight.
FIELD_BOOSTS = {
    "title_de": 3.0,
    "title_en": 3.0,
    "body_de": 1.0,
    "body_en": 1.0,
    "hiring": 1.5,
    "cluster_name": 1.2,
    "place": 1.5,
}
SPELLING_FIELD = "spell"

#: Keyword fields the search page filters and counts by (index field -> query attribute).
FACET_FIELDS = (
    "kind",
    "region",
    "sector",
    "employment",
    "remote",
    "format",
    "cluster",
    "free",
)


def _keyword() -> fields.KEYWORD:
    return fields.KEYWORD(lowercase=False, commas=False, scorable=False)


def _number(sortable: bool = False) -> fields.NUMERIC:
    """A 64-bit integer indexed as a single term (`shift_step=64`): the search answers date
    windows and expiry from the columns (see `service`), so the 16 trie terms per value that
    whoosh would write for fast range queries (a third of all postings) are not needed.
    Range queries still work; they enumerate the values in the range."""
    return fields.NUMERIC(numtype=int, bits=64, signed=True, sortable=sortable, shift_step=64)


def build_schema() -> fields.Schema:
    german, english, names = GermanAnalyzer(), EnglishAnalyzer(), NameAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        pid=_number(sortable=True),
        fingerprint=fields.STORED(),
        kind=_keyword(),
        language=_keyword(),
        region=_keyword(),
        sector=_keyword(),
        employment=_keyword(),
        remote=_keyword(),
        format=_keyword(),
        cluster=_keyword(),
        free=_keyword(),
        published=_number(sortable=True),
        expires=_number(sortable=True),
        due=_number(sortable=True),
        salary_min=_number(),
        salary_max=_number(),
        salary_period=_keyword(),
        title_de=fields.TEXT(analyzer=german),
        body_de=fields.TEXT(analyzer=german),
        title_en=fields.TEXT(analyzer=english),
        body_en=fields.TEXT(analyzer=english),
        hiring=fields.TEXT(analyzer=names),
        cluster_name=fields.TEXT(analyzer=names),
        place=fields.TEXT(analyzer=names),
        spell=fields.TEXT(analyzer=SpellingAnalyzer(), phrase=False),
    )


# Markdown that is not text: the address of a link (its text stays), emphasis and code
# marks at the edge of a word ("Ingenieur*in" keeps its star), list bullets and numbers,
# heading and quote marks, table pipes and rules; backslash escapes are resolved first.
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MD_LINK = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_MD_TABLE_RULE = re.compile(
    r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$"
)
_MD_MARKS = re.compile(
    r"(?m)^[ \t]*(?:[-+*][ \t]+|\d{1,9}[.)][ \t]+|#{1,6}[ \t]|>[ \t]?)"
    r"|(?<!\w)[*_]+|[*_]+(?!\w)|`+|[|\[\]]"
)


def markdown_text(text: str | None) -> str:
    """A description's words without its Markdown, for the index and for snippets.

    Gives the words of `richtext.plain_text()` (which renders the Markdown to HTML and
    strips the tags) at a fraction of the cost: that rendering was most of the time spent
    per document in a rebuild and per hit in a search.
    """
    if not text:
        return ""
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    if "](" in text:
        text = _MD_LINK.sub("]", text)
    if "---" in text:
        text = _MD_TABLE_RULE.sub("", text)
    text = _MD_MARKS.sub("", text)
    return " ".join(html.unescape(text).split())


def body_text(posting: Posting) -> str:
    """The searchable description: the Markdown as plain text, and for training offers the
    target group, prerequisites, certificate and funding note."""
    parts = [markdown_text(posting.description)]
    if posting.kind == PostingKind.TRAINING:
        parts += [
            posting.target_group or "",
            posting.prerequisites or "",
            posting.certificate or "",
            posting.funding_note or "",
        ]
    return normalise(" ".join(p for p in parts if p))


def place_text(posting: Posting) -> str:
    """City, postcode, region and Land in German and English, and "bundesweit"."""
    parts = [posting.city or "", posting.postcode or ""]
    if posting.region in taxonomy.REGIONS:
        region = taxonomy.REGIONS[posting.region]
        land = taxonomy.LAENDER.get(taxonomy.land_of(posting.region))
        parts += [region.de, region.en]
        if land:
            parts += [land.de, land.en]
    if posting.nationwide:
        parts += ["bundesweit", "nationwide"]
    if posting.remote_mode == "remote":
        parts += ["remote"]
    return normalise(" ".join(dict.fromkeys(p for p in parts if p)))


def _epoch(value: datetime | None, default: int) -> int:
    return int(value.timestamp()) if value is not None else default


def _day(value: date | None) -> int:
    return value.year * 10_000 + value.month * 100 + value.day if value else NO_DATE


def due_date(posting: Posting) -> date | None:
    """What "sort by deadline / start" sorts by: a vacancy's application deadline; a
    training offer's registration deadline, else the start of its first run."""
    if posting.kind == PostingKind.VACANCY:
        return posting.application_deadline
    if posting.registration_deadline:
        return posting.registration_deadline
    return posting.runs[0].start_date if posting.runs else None


def document(posting: Posting) -> dict:
    """The index document of a visible posting (keyword values space-separated)."""
    language = posting.language if posting.language in TEXT_FIELDS else "de"
    title_field, body_field = TEXT_FIELDS[language]
    title, body = normalise(posting.title), body_text(posting)
    hiring = normalise(posting.hiring_organisation.name) if posting.hiring_organisation else ""
    cluster_name = normalise(posting.organisation.name)
    place = place_text(posting)
    vacancy = posting.kind == PostingKind.VACANCY
    region_codes = (
        taxonomy.region_ancestors(posting.region) if posting.region in taxonomy.REGIONS else ()
    )
    doc = {
        "id": str(posting.id),
        "pid": posting.id,
        "kind": posting.kind.value,
        "language": language,
        "region": " ".join(region_codes),
        "sector": " ".join(s for s in posting.sectors if s in taxonomy.SECTORS),
        "employment": (posting.employment_type or "") if vacancy else "",
        "remote": (posting.remote_mode or "") if vacancy else "",
        "format": "" if vacancy else (posting.training_format or ""),
        "cluster": posting.organisation.slug,
        "free": "" if vacancy or not posting.is_free else "yes",
        "published": _epoch(posting.published_at, 0),
        "expires": _epoch(posting.expires_at, NEVER),
        "due": _day(due_date(posting)),
        "salary_min": int(posting.salary_min) if posting.salary_min is not None else None,
        "salary_max": int(posting.salary_max) if posting.salary_max is not None else None,
        "salary_period": posting.salary_period or "",
        title_field: title,
        body_field: body,
        "hiring": hiring,
        "cluster_name": cluster_name,
        "place": place,
        SPELLING_FIELD: " ".join((title, body, hiring, cluster_name, posting.city or "")),
    }
    doc = {key: value for key, value in doc.items() if value not in (None, "")}
    doc["fingerprint"] = fingerprint(doc)
    return doc


def fingerprint(doc: dict) -> str:
    """A digest of everything a document holds, to find stale entries (`search check`)."""
    content = {k: v for k, v in doc.items() if k != "fingerprint"}
    raw = json.dumps([SCHEMA_VERSION, content], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]
