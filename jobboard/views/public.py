"""Pages for job seekers: anonymous, bilingual, no cookies, no JavaScript needed."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from .. import taxonomy
from ..extensions import db, limiter
from ..i18n import localized_route
from ..models import Posting, PostingKind
from ..office import reports
from ..office.forms import ReportForm
from ..postings import queries, structured_data
from ..templating import posting_url, slugify

bp = Blueprint("public", __name__)

HOME_LATEST = 6


@localized_route(bp, de="/", en="/")
def home():
    """Latest postings of each kind, the counts, and the ways into the listing."""
    latest = {
        kind: db.session.scalars(
            queries.visible_postings().where(Posting.kind == kind).limit(HOME_LATEST)
        ).all()
        for kind in PostingKind
    }
    return render_template(
        "public/home.html", latest=latest, counts=queries.visible_counts_by_kind()
    )


def _listing_filter() -> queries.PostingFilter:
    args = request.args
    return queries.PostingFilter(
        kind=args.get("kind") or None,
        region=args.get("region") or None,
        sector=args.get("sector") or None,
    )


@localized_route(bp, de="/angebote", en="/offers")
def postings():
    """The listing: visible postings, newest first, filtered by kind, region and sector."""
    filters = _listing_filter()
    page = max(request.args.get("page", 1, type=int), 1)
    pagination = db.paginate(
        filters.apply(queries.visible_postings()),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=True,
    )
    return render_template("public/postings.html", pagination=pagination, filters=filters)


@localized_route(bp, de="/angebote/<int:posting_id>-<slug>", en="/offers/<int:posting_id>-<slug>")
def posting_detail(posting_id: int, slug: str):
    """A posting's page. Run-out postings stay reachable, marked and `noindex`; postings
    taken down answer 410; anything never public answers 404."""
    posting = queries.public_posting(posting_id)
    archived = False
    if posting is None:
        posting = queries.archived_posting(posting_id)
        archived = posting is not None
    if posting is None:
        abort(410 if queries.gone_posting_exists(posting_id) else 404)
    if slug != slugify(posting.title):
        return redirect(posting_url(posting), code=301)
    return render_template("public/posting.html", posting=posting, archived=archived)


@localized_route(bp, de="/angebote/<int:posting_id>", en="/offers/<int:posting_id>")
def posting_short(posting_id: int):
    """Short link without the title part: redirects to the full address."""
    return posting_detail(posting_id, slug="")


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@localized_route(
    bp,
    de="/angebote/<int:posting_id>/melden",
    en="/offers/<int:posting_id>/report",
    methods=["GET", "POST"],
)
@limiter.limit(_report_limit, methods=["POST"])
def report(posting_id: int):
    """Report a visible posting to the programme office. No account needed; opening this
    form is the only public page that sets a cookie (for its CSRF token)."""
    posting = queries.public_posting(posting_id)
    if posting is None:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        reports.file_report(posting, form.reason.data, form.message.data)
        db.session.commit()
        return render_template("public/report_sent.html", posting=posting)
    return render_template("public/report.html", posting=posting, form=form)


@localized_route(bp, de="/cluster", en="/clusters")
def organisations():
    """All member cluster organisations."""
    orgs = db.session.scalars(queries.active_organisations()).all()
    return render_template("public/organisations.html", organisations=orgs)


@localized_route(bp, de="/cluster/<slug>", en="/clusters/<slug>")
def organisation(slug: str):
    """A cluster organisation's profile and its visible postings."""
    org = queries.organisation_by_slug(slug)
    if org is None:
        abort(404)
    page = max(request.args.get("page", 1, type=int), 1)
    pagination = db.paginate(
        queries.PostingFilter(organisation_id=org.id).apply(queries.visible_postings()),
        page=page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("public/organisation.html", org=org, pagination=pagination)


def _legal_page(name: str) -> str:
    # Legal texts are whole documents per language rather than hundreds of msgids.
    return render_template(f"public/legal/{name}.{get_locale().language}.html")


@localized_route(bp, de="/impressum", en="/imprint")
def imprint():
    """Imprint (Impressum, § 5 DDG)."""
    return _legal_page("imprint")


@localized_route(bp, de="/datenschutz", en="/privacy")
def privacy():
    """Privacy notice (Datenschutzerklärung, Art. 13 GDPR)."""
    return _legal_page("privacy")


@localized_route(bp, de="/barrierefreiheit", en="/accessibility")
def accessibility():
    """Accessibility statement (Erklärung zur Barrierefreiheit, § 12b BGG / BITV 2.0)."""
    return _legal_page("accessibility")


SITEMAP_LIMIT = 50_000  # the sitemap protocol's maximum per file


@bp.get("/sitemap.xml")
def sitemap():
    """The visible postings (German and English address each) and the main pages."""
    postings = db.session.scalars(queries.visible_postings().limit(SITEMAP_LIMIT)).all()
    orgs = db.session.scalars(queries.active_organisations()).all()
    xml = render_template("public/sitemap.xml", postings=postings, organisations=orgs)
    return current_app.response_class(xml, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawlers may read the public pages; the signed-in areas are none of their business."""
    lines = [
        "User-agent: *",
        "Disallow: /konto/",
        "Disallow: /verwaltung/",
        "Disallow: /programmbuero/",
        "Disallow: /aktion/",
        "Sitemap: " + url_for("public.sitemap", _external=True),
    ]
    return current_app.response_class("\n".join(lines) + "\n", mimetype="text/plain")


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Länder with their NUTS-2 regions, for a grouped select."""
    return [
        (
            land.code,
            [(code, taxonomy.REGIONS.label(code)) for code in taxonomy.regions_of(land.code)],
        )
        for land in taxonomy.LAENDER
    ]


bp.add_app_template_global(region_choices)
bp.add_app_template_global(structured_data.for_posting, name="structured_data")
