"""Moderation by the programme office: the queue, the review page with its decisions,
the conversation, postings published without review, and visitors' reports.

Access rule for the whole blueprint: signed-in moderators and administrators who have
passed the second factor in this session (others: 403; without the second factor: the
second-factor step). The pages are German-only, like the managers' pages.

Every decision is a POST with a CSRF token and one function of `jobboard.office.moderation`
(one workflow change and the mail to the organisation), then one commit; a move the
lifecycle does not allow becomes a message, and nothing is changed or mailed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from ..accounts import second_factor
from ..extensions import db
from ..models import (
    Organisation,
    Posting,
    PostingRevision,
    PostingStatus,
    Report,
    ReportStatus,
    User,
)
from ..office import moderation, reports
from ..office.forms import MessageForm, ReasonForm, RequestChangesForm, RevisionRejectForm
from ..postings import queries, revisions, workflow
from ..templating import status_label
from ..timeutil import utcnow
from .auth import second_factor_step
from .manage import event_label, reason_label

bp = Blueprint("moderate", __name__, url_prefix="/programmbuero/moderation")

S = PostingStatus


@bp.before_request
@login_required
def _programme_office_only():
    if not current_user.is_programme_office:
        abort(403)
    if not second_factor.satisfied(current_user):
        return redirect(second_factor_step(request.full_path))
    return None


@bp.app_context_processor
def _moderation_count() -> dict[str, Any]:
    """The number of waiting items for the navigation: only for programme-office users
    who have passed the second factor."""
    user = current_user
    if not (user and user.is_authenticated and user.is_programme_office):
        return {}
    if not second_factor.satisfied(user):
        return {}
    try:
        return {"moderation_count": queries.moderation_queue_count()}
    except SQLAlchemyError:  # e.g. on an error page after a failed transaction
        return {}


def _user() -> User:
    return current_user._get_current_object()


def _posting(posting_id: int) -> Posting:
    """Any posting that has left its organisation's drafts; drafts are private."""
    posting = db.session.get(Posting, posting_id)
    if posting is None or posting.status == S.DRAFT:
        abort(404)
    return posting


# --- the queue -----------------------------------------------------------------------------


@bp.get("/")
def queue():
    """Submitted postings and pending revisions, oldest first, with filters and pages."""
    args = request.args
    kind = args.get("kind") or None
    land = args.get("land") or None
    organisation_id = args.get("organisation", type=int)
    pagination = db.paginate(
        queries.moderation_queue(kind=kind, organisation_id=organisation_id, land=land),
        page=max(args.get("page", 1, type=int), 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    items = [_queue_item(p) for p in pagination.items]
    organisations = db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()
    return render_template(
        "moderate/queue.html",
        pagination=pagination,
        items=items,
        kind=kind,
        land=land,
        organisation_id=organisation_id,
        organisations=organisations,
        filtered=bool(kind or land or organisation_id),
    )


def _queue_item(posting: Posting) -> dict[str, Any]:
    revision = posting.pending_revision if posting.status == S.PUBLISHED else None
    since = revision.created_at if revision else posting.submitted_at
    return {"posting": posting, "revision": revision, "since": since}


# --- the review page -----------------------------------------------------------------------


@bp.get("/angebot/<int:posting_id>")
def review(posting_id: int):
    """The posting as the public will see it, the checklist, the changes proposed, the
    decisions its status allows, the trail and the conversation."""
    return _render_review(_posting(posting_id))


def _render_review(posting: Posting, **forms: FlaskForm) -> str:
    revision = posting.pending_revision if posting.status == S.PUBLISHED else None
    forms.setdefault("changes_form", RequestChangesForm(prefix="changes", formdata=None))
    forms.setdefault("reject_form", ReasonForm(prefix="reject", formdata=None))
    forms.setdefault("remove_form", ReasonForm(prefix="remove", formdata=None))
    forms.setdefault("revision_form", RevisionRejectForm(prefix="revision", formdata=None))
    forms.setdefault("message_form", MessageForm(prefix="message", formdata=None))
    return render_template(
        "moderate/review.html",
        posting=posting,
        archived=False,
        revision=revision,
        changes=revisions.diff(posting, revision) if revision else [],
        events=list(reversed(posting.events)),
        event_label=event_label,
        reason_label=reason_label,
        messages=db.session.scalars(queries.messages_of(posting.id)).all(),
        open_reports=db.session.scalars(queries.open_reports_of(posting.id)).all(),
        report_reasons=reports.REASONS,
        waiting_since=(revision.created_at if revision else posting.submitted_at),
        **forms,
    )


def _decide(
    posting: Posting,
    change: Callable[[], Any],
    done: str,
    next_url: str | None = None,
) -> Response:
    """Run one decision and commit it with its mail; a refused move changes nothing."""
    try:
        change()
    except revisions.RevisionInvalid as error:
        db.session.rollback()
        problems = "; ".join(f"{label}: {message}" for label, message in error.problems)
        flash(
            _("The proposed changes no longer pass the checks, so they cannot be approved: "
              "%(problems)s. Reject them with a note on what to correct.", problems=problems),
            "error",
        )  # fmt: skip
        return redirect(url_for("moderate.review", posting_id=posting.id))
    except workflow.WorkflowError as error:
        db.session.rollback()
        flash(_refusal(error), "error")
        return redirect(url_for("moderate.review", posting_id=posting.id))
    db.session.commit()
    flash(done, "success")
    return redirect(next_url or url_for("moderate.queue"))


def _refusal(error: workflow.WorkflowError) -> str:
    return _(
        "This decision is not possible in the posting's current status (“%(status)s”). "
        "Nothing was changed.",
        status=_status(error.posting),
    )


def _status(posting: Posting) -> str:
    return status_label(posting.status)


@bp.post("/angebot/<int:posting_id>/freigeben")
def approve(posting_id: int):
    """Publish a submitted posting (not when its deadline has passed while it waited)."""
    posting = _posting(posting_id)
    now = utcnow()
    if posting.status == S.SUBMITTED and workflow.expiry_for(posting, now) <= now:
        flash(
            _("The posting's deadline has passed while it waited, so it would be offline at "
              "once. Request changes to the dates instead. Nothing was changed."),
            "error",
        )  # fmt: skip
        return redirect(url_for("moderate.review", posting_id=posting.id))
    return _decide(
        posting,
        lambda: moderation.approve(posting, _user()),
        _("“%(title)s” has been published; the organisation has been told.", title=posting.title),
    )


@bp.post("/angebot/<int:posting_id>/aenderungen")
def request_changes(posting_id: int):
    """Send a submitted posting back with a message (required)."""
    posting = _posting(posting_id)
    form = RequestChangesForm(prefix="changes")
    if not form.validate_on_submit():
        return _render_review(posting, changes_form=form)
    return _decide(
        posting,
        lambda: moderation.request_changes(posting, _user(), form.message.data),
        _("The organisation has been asked to change “%(title)s”.", title=posting.title),
    )


@bp.post("/angebot/<int:posting_id>/ablehnen")
def reject(posting_id: int):
    """Reject a submitted posting with a reason and a message."""
    posting = _posting(posting_id)
    form = ReasonForm(prefix="reject")
    if not form.validate_on_submit():
        return _render_review(posting, reject_form=form)
    return _decide(
        posting,
        lambda: moderation.reject(posting, _user(), form.reason.data, form.message.data),
        _("“%(title)s” has been rejected; the organisation has been told.", title=posting.title),
    )


@bp.post("/angebot/<int:posting_id>/entfernen")
def remove(posting_id: int):
    """Take a published posting offline with a reason and a message."""
    posting = _posting(posting_id)
    form = ReasonForm(prefix="remove")
    if not form.validate_on_submit():
        return _render_review(posting, remove_form=form)
    return _decide(
        posting,
        lambda: moderation.remove(posting, _user(), form.reason.data, form.message.data),
        _("“%(title)s” has been taken offline; the organisation has been told.",
          title=posting.title),
        next_url=url_for("moderate.review", posting_id=posting.id),
    )  # fmt: skip


@bp.post("/angebot/<int:posting_id>/geprueft")
def mark_reviewed(posting_id: int):
    """A posting published without review has been checked."""
    posting = _posting(posting_id)
    return _decide(
        posting,
        lambda: moderation.mark_reviewed(posting, _user()),
        _("“%(title)s” has been marked as checked.", title=posting.title),
        next_url=url_for("moderate.unreviewed"),
    )


def _revision(revision_id: int) -> PostingRevision:
    revision = db.session.get(PostingRevision, revision_id)
    if revision is None:
        abort(404)
    return revision


@bp.post("/aenderung/<int:revision_id>/freigeben")
def approve_revision(revision_id: int):
    """Put the proposed changes of a published posting online."""
    revision = _revision(revision_id)
    posting = revision.posting
    return _decide(
        posting,
        lambda: moderation.approve_revision(revision, _user()),
        _("The changes to “%(title)s” are online; the organisation has been told.",
          title=posting.title),
    )  # fmt: skip


@bp.post("/aenderung/<int:revision_id>/ablehnen")
def reject_revision(revision_id: int):
    """Turn the proposed changes down with a message; the live version stays."""
    revision = _revision(revision_id)
    posting = revision.posting
    form = RevisionRejectForm(prefix="revision")
    if not form.validate_on_submit():
        return _render_review(posting, revision_form=form)
    return _decide(
        posting,
        lambda: moderation.reject_revision(revision, _user(), form.message.data),
        _("The changes to “%(title)s” have not been approved; the organisation has been told.",
          title=posting.title),
    )  # fmt: skip


# --- the conversation ----------------------------------------------------------------------


@bp.post("/angebot/<int:posting_id>/nachricht")
def post_message(posting_id: int):
    """Write to the posting's organisation; they receive the message by e-mail."""
    posting = _posting(posting_id)
    form = MessageForm(prefix="message")
    if not form.validate_on_submit():
        return _render_review(posting, message_form=form)
    moderation.post_message(posting, _user(), form.body.data)
    db.session.commit()
    flash(_("Your message has been sent to the organisation."), "success")
    return redirect(url_for("moderate.review", posting_id=posting.id, _anchor="conversation"))


# --- published without review --------------------------------------------------------------


@bp.get("/ohne-pruefung")
def unreviewed():
    """Postings of trusted organisations that went online at once, oldest first."""
    pagination = db.paginate(
        queries.published_without_review(),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("moderate/unreviewed.html", pagination=pagination)


# --- reports -------------------------------------------------------------------------------


@bp.get("/meldungen")
def report_queue():
    """Open reports of visitors, grouped by posting, the posting reported first on top."""
    groups: dict[int, dict[str, Any]] = {}
    for report in db.session.scalars(queries.open_reports()):
        group = groups.setdefault(report.posting_id, {"posting": report.posting, "reports": []})
        group["reports"].append(report)
    return render_template(
        "moderate/reports.html",
        groups=list(groups.values()),
        reasons=reports.REASONS,
    )


@bp.post("/meldung/<int:report_id>/verwerfen")
def dismiss_report(report_id: int):
    """The report needs no action; the posting stays online."""
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    if report.status != ReportStatus.OPEN:
        flash(_("This report has already been handled."), "info")
        return redirect(url_for("moderate.report_queue"))
    return _decide(
        report.posting,
        lambda: moderation.dismiss_report(report, _user()),
        _("The report has been dismissed."),
        next_url=url_for("moderate.report_queue"),
    )
