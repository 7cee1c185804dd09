"""Atom feeds (RFC 4287) of searches: `/suche.atom` and `/en/search.atom`.

A feed takes the search page's parameters (text and filters; `sort` and `page` are
ignored) and lists the newest matching offers, at most `MAX_ENTRIES`. The offers come from
the search service, which re-reads every hit with the visibility query: a withdrawn or
expired offer never reaches a feed, even while the index lags behind.

The XML is written by feedgen (lxml), which escapes all text. Characters that XML 1.0
cannot carry at all (control characters) are dropped first, so an odd title can never
break a feed.

Identifiers are tag URIs (RFC 4151) on the host name of `PUBLIC_BASE_URL`, the board's
public name, never the Host header of a request:

    entry: tag:jobs.example,2026-03-01:posting-123   (date: when the posting was created)
    feed:  tag:jobs.example,2026:search/en?q=...     (the canonical search parameters)

An entry keeps its id for life (renewals and approved edits only change `updated`); the
German and the English feed carry the same ids for the same offers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app, url_for

from .. import taxonomy
from ..models import Posting
from ..richtext import plain_text
from ..templating import posting_url
from ..timeutil import utcnow

#: Entries per feed: the newest offers of the search.
MAX_ENTRIES = 50
#: Length of an entry's plain-text summary (the start of the description).
SUMMARY_LENGTH = 400
#: The date part of the feed's own tag URI: the year the board went online under its name.
FEED_TAG_YEAR = "2026"
MEDIA_TYPE = "application/atom+xml"

# Everything XML 1.0 does not allow in a document (C0 controls but TAB/LF/CR, lone
# surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str | None) -> str:
    """`value` without the characters XML cannot carry (escaping is lxml's job)."""
    return _NOT_XML.sub("", value or "")


@dataclass(frozen=True)
class FeedInfo:
    """What the feed says about itself."""

    title: str
    subtitle: str
    self_url: str  # absolute address of this feed
    html_url: str  # absolute address of the same search as a web page
    language: str  # "de" or "en"
    search_key: str  # the canonical query string of the search ("" for all offers)


def tag_authority() -> str:
    """The tag URIs' authority: the host name of PUBLIC_BASE_URL."""
    host = urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "").hostname
    return (host or "localhost").lower()


def entry_id(posting: Posting) -> str:
    created = posting.created_at or posting.published_at or utcnow()
    return f"tag:{tag_authority()},{created:%Y-%m-%d}:posting-{posting.id}"


def feed_id(info: FeedInfo) -> str:
    search = f"?{info.search_key}" if info.search_key else ""
    return f"tag:{tag_authority()},{FEED_TAG_YEAR}:search/{info.language}{search}"


def entry_updated(posting: Posting) -> datetime:
    """When the offer last changed in public: its publication, or a later change."""
    published = posting.published_at or posting.created_at
    updated = posting.updated_at or published
    return max(published, updated)


def _http(url: str | None) -> str | None:
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _person(name: str, uri: str | None) -> dict[str, str]:
    person = {"name": xml_text(name)}
    if uri:
        person["uri"] = xml_text(uri)
    return person


def _add_entry(fg: FeedGenerator, posting: Posting) -> None:
    entry = fg.add_entry(order="append")
    entry.id(entry_id(posting))
    entry.title(xml_text(posting.title))
    entry.link(href=posting_url(posting, _external=True), rel="alternate", type="text/html")
    entry.published((posting.published_at or posting.created_at).replace(microsecond=0))
    entry.updated(entry_updated(posting).replace(microsecond=0))
    entry.summary(xml_text(plain_text(posting.description, SUMMARY_LENGTH)) or " ")
    cluster_page = url_for("public.organisation", slug=posting.organisation.slug, _external=True)
    if posting.posted_via_cluster:
        # The hiring organisation wrote the offer; the cluster published it.
        entry.author(_person(posting.hiring_name, _http(posting.hiring_website)))
        entry.contributor(_person(posting.organisation.name, cluster_page))
    else:
        entry.author(_person(posting.organisation.name, cluster_page))
    entry.category(
        term=posting.kind.value, label=xml_text(taxonomy.KINDS.label(posting.kind.value))
    )
    for sector in posting.sectors:
        label = taxonomy.SECTORS.label(sector)
        if label:
            entry.category(term=sector, label=xml_text(label))


def atom_feed(postings: Iterable[Posting], info: FeedInfo) -> bytes:
    """The Atom document of `postings` (newest first, as given), UTF-8."""
    postings = list(postings)[:MAX_ENTRIES]
    fg = FeedGenerator()
    fg.id(feed_id(info))
    fg.title(xml_text(info.title))
    fg.subtitle(xml_text(info.subtitle))
    fg.link(href=info.self_url, rel="self", type=MEDIA_TYPE)
    fg.link(href=info.html_url, rel="alternate", type="text/html")
    fg.language(info.language)
    fg.generator("go-cluster")
    fg.author({"name": xml_text(str(current_app.config.get("OPERATOR_NAME") or "go-cluster"))})
    for posting in postings:
        _add_entry(fg, posting)
    updated = max((entry_updated(p) for p in postings), default=None) or utcnow()
    fg.updated(updated.replace(microsecond=0))
    return fg.atom_str(pretty=True)
