"""One-click links from reminder e-mails: still open, filled, withdraw — no sign-in needed.

The GET only shows what the link will do; the change happens on the button's POST, so
that mail scanners which open links do not act on them. The token in the address is the
authorisation (unguessable, single-use, expiring), which is why the POST needs no CSRF
token and no session.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from ..extensions import csrf, db
from ..postings import lifecycle

bp = Blueprint("links", __name__, url_prefix="/aktion")

MESSAGES_STATUS = {"unknown": 404, "expired": 410, "used": 410, "not_applicable": 409}


@bp.get("/<token>")
def confirm(token: str):
    """What this link does, with a button to do it."""
    try:
        link = lifecycle.find_link(token)
    except lifecycle.LinkError as error:
        return render_template("links/invalid.html", reason=error.reason), MESSAGES_STATUS[
            error.reason
        ]
    return render_template("links/confirm.html", link=link, posting=link.posting)


@bp.post("/<token>")
@csrf.exempt
def act(token: str):
    """Carry out the link's action once."""
    try:
        link = lifecycle.use_link(token)
    except lifecycle.LinkError as error:
        db.session.rollback()
        return render_template("links/invalid.html", reason=error.reason), MESSAGES_STATUS[
            error.reason
        ]
    db.session.commit()
    return render_template("links/done.html", link=link, posting=link.posting)
