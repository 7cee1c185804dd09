"""Pages for cluster managers: their organisation's postings, forms and colleagues.

Access rule for the whole blueprint: a signed-in, active user of a cluster organisation.
Every object is looked up through the user's organisation, so another organisation's
postings answer 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from .. import queries
from ..extensions import db
from ..models import PostingStatus

bp = Blueprint("manage", __name__, url_prefix="/verwaltung")


@bp.before_request
@login_required
def _cluster_staff_only():
    if current_user.organisation_id is None:
        abort(403)


@bp.get("/")
def dashboard():
    """Our postings: every posting of the user's organisation, filterable and paged."""
    args = request.args
    status, kind = args.get("status") or None, args.get("kind") or None
    text = (args.get("q") or "").strip()[:100] or None
    pagination = db.paginate(
        queries.postings_of(current_user.organisation_id, status=status, kind=kind, text=text),
        page=max(args.get("page", 1, type=int), 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "manage/dashboard.html",
        pagination=pagination,
        status=status,
        kind=kind,
        text=text or "",
        statuses=list(PostingStatus),
    )


@bp.route("/neu/<kind>", methods=["GET", "POST"])
def new_posting(kind: str):
    """Placeholder until the posting form pages land."""
    abort(404)


@bp.get("/angebot/<int:posting_id>")
def posting(posting_id: int):
    """Placeholder until the posting pages land."""
    abort(404)
