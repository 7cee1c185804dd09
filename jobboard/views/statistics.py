"""Figures for the programme office: accessible bar charts with their numbers, and CSV.

Access rule: signed-in programme-office users who passed the second factor.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts import second_factor
from ..office import statistics
from .auth import second_factor_step

bp = Blueprint("statistics", __name__, url_prefix="/programmbuero/statistik")


@bp.before_request
@login_required
def _programme_office_only():
    if not current_user.is_programme_office:
        abort(403)
    if not second_factor.satisfied(current_user):
        return redirect(second_factor_step(request.full_path))
    return None


def _titles() -> dict[str, str]:
    return {
        "status": _("Postings by status"),
        "kind": _("Postings by type"),
        "land": _("Postings by Land"),
        "sector": _("Postings by sector"),
        "organisation": _("Postings by cluster organisation"),
        "month": _("New postings per month"),
        "reports": _("Reports by outcome"),
    }


@bp.get("/")
def overview():
    """All figures on one page."""
    return render_template(
        "statistics/overview.html",
        tables=statistics.all_tables(),
        titles=_titles(),
        median_hours=statistics.median_hours_to_first_decision(),
    )


@bp.get("/<key>.csv")
def download(key: str):
    """One figure as CSV (semicolon-separated, UTF-8 with BOM so spreadsheets open it)."""
    tables = {t.key: t for t in statistics.all_tables()}
    if key not in tables:
        abort(404)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_titles()[key], _("Number")])
    writer.writerows(tables[key].rows)
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="jobboard-{key}.csv"'},
    )
