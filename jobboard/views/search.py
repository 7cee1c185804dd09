"""The search page for job seekers: `/suche` and `/en/search`, and its Atom feed:
`/suche.atom` and `/en/search.atom` with the same parameters (see `jobboard.postings.feeds`).

Anonymous, no cookie, no JavaScript needed: a GET form whose URL can be shared. Any input
is answered: unknown filter values are dropped with a notice, text is capped, a page
beyond the last one says so. Registering this blueprint also installs the embedded
indexer (`jobboard.search.init_app`), which brings the index up to date after each request
that committed a change of visibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import search, taxonomy
from ..extensions import db
from ..i18n import current_language, localized_route
from ..postings import feeds, queries

bp = Blueprint("search", __name__)
bp.record_once(lambda state: search.init_app(state.app))

#: URL parameter -> SearchQuery attribute. Short, stable names: URLs are shared.
PARAMS = {
    "q": "text",
    "kind": "kind",
    "region": "region",
    "sector": "sector",
    "employment": "employment_type",
    "remote": "remote_mode",
    "format": "training_format",
    "cluster": "cluster",
    "free": "free",
    "posted": "posted_within",
    "sort": "sort",
}
PARAM_OF = {attr: param for param, attr in PARAMS.items()}

FILTER_LABELS = {
    "text": _l("Search words"),
    "kind": _l("Type of offer"),
    "region": _l("Region"),
    "sector": _l("Sector"),
    "employment_type": _l("Employment type"),
    "remote_mode": _l("Remote work"),
    "training_format": _l("Training format"),
    "cluster": _l("Cluster"),
    "free": _l("Cost"),
    "posted_within": _l("Published"),
    "sort": _l("Sort by"),
}
ANY_LABELS = {
    "kind": _l("Jobs and training"),
    "region": _l("All of Germany"),
    "sector": _l("All sectors"),
    "employment_type": _l("Any employment type"),
    "remote_mode": _l("On site, hybrid or remote"),
    "training_format": _l("Any format"),
    "cluster": _l("All clusters"),
    "posted_within": _l("Any time"),
}
SORT_LABELS = {
    "relevance": _l("Best match"),
    "newest": _l("Newest first"),
    "due": _l("Deadline or start date"),
}
VOCABULARIES = {
    "kind": taxonomy.KINDS,
    "sector": taxonomy.SECTORS,
    "employment_type": taxonomy.EMPLOYMENT_TYPES,
    "remote_mode": taxonomy.REMOTE_MODES,
    "training_format": taxonomy.TRAINING_FORMATS,
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    group: str | None = None  # optgroup label (regions under their Land)


@dataclass
class FilterGroup:
    name: str  # SearchQuery attribute
    param: str  # URL parameter
    label: str
    any_label: str
    options: list[Option] = field(default_factory=list)

    @property
    def option_groups(self) -> list[tuple[str | None, list[Option]]]:
        """Options in order, consecutive ones of the same group together (optgroups)."""
        grouped: list[tuple[str | None, list[Option]]] = []
        for option in self.options:
            if grouped and grouped[-1][0] == option.group:
                grouped[-1][1].append(option)
            else:
                grouped.append((option.group, [option]))
        return grouped


@dataclass
class FacetLink:
    label: str
    count: int
    url: str


@dataclass
class FacetList:
    """Beside the results: the values that narrow the search, each with its count."""

    name: str
    label: str
    links: list[FacetLink]


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str


@dataclass
class Pages:
    """Just enough of a pagination object for the `pager` macro."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=2, left_current=2, right_current=4, right_edge=2):
        """Page numbers with None for the gaps, like Flask-SQLAlchemy's pagination."""
        last = 0
        for number in range(1, self.pages + 1):
            if (
                number <= left_edge
                or self.page - left_current <= number <= self.page + right_current
                or number > self.pages - right_edge
            ):
                if last + 1 != number:
                    yield None
                yield number
                last = number


def query_from_args(args) -> tuple[search.SearchQuery, list[str]]:
    """The SearchQuery of the request's arguments, and the names of dropped values."""
    values: dict = {}
    dropped: list[str] = []
    for param, attr in PARAMS.items():
        raw = args.get(param, "")
        if not isinstance(raw, str):
            raw = ""
        raw = raw.strip()
        if not raw:
            continue
        if attr == "posted_within":
            if raw.isascii() and raw.isdigit() and len(raw) <= 3:
                values[attr] = int(raw)
            else:
                dropped.append(attr)
        elif attr == "text":
            values[attr] = raw
        else:
            values[attr] = raw[:100]
    page = args.get("page", "").strip()
    if page.isascii() and page.isdigit():
        values["page"] = int(page[:6])
    query, unknown = search.SearchQuery(**values).cleaned()
    return query, dropped + unknown


def url_args(query: search.SearchQuery) -> dict[str, str]:
    """URL parameters of a query (empty ones left out, page 1 implied)."""
    args = {}
    for param, attr in PARAMS.items():
        value = getattr(query, attr)
        if value in (None, "") or (attr == "sort" and value == "relevance"):
            continue
        args[param] = str(value)
    if query.page > 1:
        args["page"] = str(query.page)
    return args


def search_url(query: search.SearchQuery) -> str:
    return url_for("search.results", **url_args(query))


def _query_and_clusters() -> tuple[search.SearchQuery, list[str], dict[str, str]]:
    """The request's query (clusters checked against the active organisations), the names
    of dropped values, and the active clusters' names by slug."""
    query, dropped = query_from_args(request.args)
    clusters = {org.slug: org.name for org in db.session.scalars(queries.active_organisations())}
    if query.cluster and query.cluster not in clusters:
        query, dropped = replace(query, cluster=None), [*dropped, "cluster"]
    return query, dropped, clusters


@localized_route(bp, de="/suche", en="/search")
def results():
    """Full-text search of the visible postings with filters, counts and paging."""
    query, dropped, clusters = _query_and_clusters()
    # No index yet (external mode), or none can be built here and now (disk, locks): an
    # outage of the search, not a problem with what the person asked.
    try:
        result = search.search(query)
    except search.IndexUnavailable as error:
        current_app.logger.warning("search unavailable: %s", error)
        return render_template("search/unavailable.html", query=query), 503
    except (search.IndexBusy, OSError):
        current_app.logger.exception("search unavailable")
        return render_template("search/unavailable.html", query=query), 503
    return render_template(
        "search/results.html",
        query=result.query,
        result=result,
        groups=filter_groups(result, clusters),
        chips=chips(result.query, clusters),
        dropped=[str(FILTER_LABELS.get(name, name)) for name in dict.fromkeys(dropped)],
        pages=Pages(result.query.page, result.pages),
        sort_labels=SORT_LABELS,
        max_text_length=search.MAX_TEXT_LENGTH,
        suggestion_url=(
            search_url(replace(result.query, text=result.suggestion, page=1))
            if result.suggestion
            else None
        ),
        clear_url=url_for("search.results"),
        facet_lists=facet_lists(result, clusters),
        feed_url=feed_url(result.query),
        feed_title=feed_title(result.query, clusters),
    )


# --- the Atom feed of a search ------------------------------------------------------------


def feed_args(query: search.SearchQuery) -> dict[str, str]:
    """The parameters a feed depends on: text and filters (no sort, no page)."""
    args = url_args(replace(query, page=1))
    args.pop("sort", None)
    return args


def feed_url(query: search.SearchQuery, external: bool = False) -> str:
    return url_for("search.feed", **feed_args(query), _external=external)


def feed_title(query: search.SearchQuery, clusters: dict[str, str]) -> str:
    """Says what the search is: its words and filters, or that it is every offer."""
    parts = []
    if query.text:
        parts.append(_("“%(text)s”", text=query.text))
    active = [*query.filters(), *(["posted_within"] if query.posted_within else [])]
    parts += [
        f"{FILTER_LABELS[name]}: {value_label(name, getattr(query, name), clusters)}"
        for name in active
    ]
    what = _("Offers matching %(search)s", search="; ".join(parts)) if parts else _("All offers")
    return f"{what} – {_('Cluster job and training board')}"


@localized_route(bp, de="/suche.atom", en="/search.atom")
def feed():
    """The newest offers of a search as an Atom feed: the search page's parameters, newest
    first, at most `feeds.MAX_ENTRIES`. No cookie; conditional requests get a 304."""
    query, _dropped, clusters = _query_and_clusters()
    query = replace(query, sort="newest", page=1, per_page=feeds.MAX_ENTRIES)
    try:
        result = search.search(query)
    except (search.IndexUnavailable, search.IndexBusy, OSError):
        current_app.logger.warning("search feed unavailable", exc_info=True)
        response = current_app.response_class(
            _("The search is being prepared. Please try again in a minute.") + "\n",
            status=503,
            mimetype="text/plain",
        )
        response.headers["Retry-After"] = "60"
        return response
    info = feeds.FeedInfo(
        title=feed_title(result.query, clusters),
        subtitle=_("The newest offers of this search, at most %(num)d.", num=feeds.MAX_ENTRIES),
        self_url=feed_url(result.query, external=True),
        html_url=url_for("search.results", **feed_args(result.query), _external=True),
        language=current_language(),
        search_key=urlencode(feed_args(result.query)),
    )
    response = current_app.response_class(
        feeds.atom_feed(result.postings, info), mimetype=feeds.MEDIA_TYPE
    )
    response.headers["X-Robots-Tag"] = "noindex"
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)


def value_label(name: str, value, clusters: dict[str, str]) -> str:
    if name == "region":
        if value in taxonomy.LAENDER:
            return taxonomy.LAENDER.label(value)
        return taxonomy.region_label(value)
    if name == "cluster":
        return clusters.get(value, value)
    if name == "free":
        return str(_l("Free of charge"))
    if name == "posted_within":
        return posted_label(int(value))
    if name == "text":
        return str(value)
    vocabulary = VOCABULARIES.get(name)
    return vocabulary.label(value) if vocabulary else str(value)


def posted_label(days: int) -> str:
    if days == 1:
        return str(_l("Last 24 hours"))
    return ngettext("Last %(num)d day", "Last %(num)d days", days)


def filter_groups(result: search.SearchResult, clusters: dict[str, str]) -> list[FilterGroup]:
    """The selects of the form, each option with its count (other filters applied)."""
    query = result.query
    groups = []
    for facet in search.FACETS:
        if facet.name == "free":
            continue  # a checkbox, see the template
        counts = result.facets[facet.name]
        current = getattr(query, facet.name)
        group = FilterGroup(
            facet.name,
            PARAM_OF[facet.name],
            str(FILTER_LABELS[facet.name]),
            str(ANY_LABELS[facet.name]),
        )
        if facet.name == "region":
            for land in taxonomy.LAENDER:
                land_label = land.label
                group.options.append(
                    Option(
                        land.code,
                        str(_l("%(land)s (whole Land)", land=land_label)),
                        counts.get(land.code, 0),
                        current == land.code,
                        land_label,
                    )
                )
                regions = taxonomy.regions_of(land.code)
                if len(regions) > 1:
                    group.options += [
                        Option(
                            code,
                            taxonomy.REGIONS.label(code),
                            counts.get(code, 0),
                            current == code,
                            land_label,
                        )
                        for code in regions
                    ]
        elif facet.name == "cluster":
            slugs = [s for s, n in counts.items() if n and s in clusters]
            if current and current not in slugs:
                slugs.append(current)
            slugs.sort(key=lambda s: clusters.get(s, s).casefold())
            group.options = [
                Option(s, clusters.get(s, s), counts.get(s, 0), current == s) for s in slugs
            ]
        else:
            group.options = [
                Option(v, value_label(facet.name, v, clusters), counts.get(v, 0), current == v)
                for v in facet.values or ()
            ]
        groups.append(group)
    posted = FilterGroup(
        "posted_within",
        PARAM_OF["posted_within"],
        str(FILTER_LABELS["posted_within"]),
        str(ANY_LABELS["posted_within"]),
        [
            Option(str(d), posted_label(d), n, query.posted_within == d)
            for d, n in result.posted_within.items()
        ],
    )
    groups.append(posted)
    return groups


#: Facets listed beside the results, and how many values each shows at most (by count).
FACET_LISTS = {"kind": 2, "region": 8, "sector": 8, "posted_within": 3}


def facet_lists(result: search.SearchResult, clusters: dict[str, str]) -> list[FacetList]:
    """Links that narrow the search by one more value, each with the number of results it
    would give. A facet already in use is a chip instead; a chosen Land lists its regions."""
    query = result.query
    lists = []
    for name, limit in FACET_LISTS.items():
        if name == "posted_within":
            counts = {str(d): n for d, n in result.posted_within.items()}
            values = [] if query.posted_within else list(counts)
        elif name == "region" and query.region in taxonomy.LAENDER:
            counts = result.facets[name]
            regions = taxonomy.regions_of(query.region)
            values = list(regions) if len(regions) > 1 else []
        elif getattr(query, name):
            continue
        else:
            counts = result.facets[name]
            values = list(taxonomy.LAENDER.codes) if name == "region" else list(counts)
            if name == "region":
                # All results in one Land: its regions are what narrows the search.
                whole = [v for v in values if counts.get(v, 0) == result.total]
                if len(whole) == 1 and len(taxonomy.regions_of(whole[0])) > 1:
                    values = list(taxonomy.regions_of(whole[0]))
        # A value that keeps every result does not narrow anything.
        shown = [v for v in values if 0 < counts.get(v, 0) < result.total]
        if name != "posted_within":  # days stay in their order: 1, 7, 30
            shown.sort(key=lambda v: -counts[v])
        links = [
            FacetLink(
                # Regions are listed under their Land: the region's own name is enough.
                taxonomy.REGIONS.label(v)
                if v in taxonomy.REGIONS
                else value_label(name, v, clusters),
                counts[v],
                search_url(
                    replace(query, **{name: int(v) if name == "posted_within" else v}, page=1)
                ),
            )
            for v in shown[:limit]
        ]
        if links:
            lists.append(FacetList(name, str(FILTER_LABELS[name]), links))
    return lists


def chips(query: search.SearchQuery, clusters: dict[str, str]) -> list[Chip]:
    """The active text and filters, each with a link that removes it."""
    active = []
    if query.text:
        active.append("text")
    active += list(query.filters())
    if query.posted_within:
        active.append("posted_within")
    return [
        Chip(
            str(FILTER_LABELS[name]),
            value_label(name, getattr(query, name), clusters),
            search_url(query.without(name)),
        )
        for name in active
    ]
