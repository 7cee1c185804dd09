"""E-mail: rendered from templates in the recipient's language, sent after the commit.

`queue()` renders the message and adds an `OutboxMail` row to the current transaction.
After the request's commit, `deliver_queued()` sends what this request queued; anything
left over (a crash, an SMTP outage) is sent by `flask --app jobboard mail send`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, current_app, g, has_request_context, url_for
from flask_babel import force_locale
from flask_mailman import EmailMessage
from sqlalchemy import or_, select, update

from .extensions import db
from .models import OutboxMail
from .timeutil import utcnow

log = logging.getLogger(__name__)
RETRY_CLAIM_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 10


def queue(recipient: str, template: str, language: str, **context) -> OutboxMail:
    """Render `mail/<template>.txt` in `language` and queue it for `recipient`.

    The template sets the subject with `{% set subject = _("…") %}` on its first lines.
    """
    with force_locale(language if language in current_app.config["LANGUAGES"] else "de"):
        tmpl = current_app.jinja_env.get_template(f"mail/{template}.txt")
        module = tmpl.make_module(dict(context, **_globals()))
        subject = str(getattr(module, "subject", "")).strip()
        body = str(module).strip() + "\n"
    row = OutboxMail(recipient=recipient, subject=subject, body=body)
    db.session.add(row)
    g.setdefault("queued_mail", []).append(row)
    return row


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail: PUBLIC_BASE_URL and the path, the same in requests and commands."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    with current_app.test_request_context():  # commands (cron) have no request to build from
        return base + url_for(endpoint, **values)


def _globals() -> dict:
    return {"link": absolute_url, "config": current_app.config}


def _claim(row_id: int) -> bool:
    """Take a row for sending; False if another process has it or it is sent."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == row_id,
            OutboxMail.sent_at.is_(None),
            or_(OutboxMail.claimed_at.is_(None), OutboxMail.claimed_at < now - RETRY_CLAIM_AFTER),
        )
        .values(claimed_at=now, attempts=OutboxMail.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def _send(row: OutboxMail) -> bool:
    if not _claim(row.id):
        return False
    db.session.refresh(row)
    try:
        EmailMessage(
            subject=row.subject,
            body=row.body,
            from_email=current_app.config["MAIL_DEFAULT_SENDER"],
            to=[row.recipient],
        ).send()
    except Exception as error:
        log.warning("mail %s to %s not sent: %s", row.id, row.recipient, error)
        row.last_error = str(error)[:2000]
        row.claimed_at = None
        db.session.commit()
        return False
    row.sent_at = utcnow()
    row.last_error = None
    db.session.commit()
    return True


def deliver_queued() -> int:
    """Send the mail this request queued, once its transaction has committed.

    Whatever the request left uncommitted is rolled back first (as the teardown would do),
    so a message whose transaction failed is never sent.
    """
    rows = g.pop("queued_mail", [])
    db.session.rollback()
    return sum(_send(row) for row in rows if row.id is not None and row.sent_at is None)


def deliver_pending(limit: int = 100) -> int:
    """Send every unsent message (the cron / operator path)."""
    ids = db.session.scalars(
        select(OutboxMail.id)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMail.id)
        .limit(limit)
    ).all()
    return sum(_send(db.session.get(OutboxMail, i)) for i in ids)


def init_app(app: Flask) -> None:
    @app.after_request
    def _deliver_after_commit(response):
        # Views commit before they return; mail queued in a request that failed was
        # rolled back with it and has no id, so nothing is sent for it.
        if g.get("queued_mail"):
            deliver_queued()
        return response
