"""Pages for cluster managers: their organisation's postings, forms and colleagues.

Access rule for the whole blueprint: a signed-in, active user of a cluster organisation.
Every object is looked up through the user's organisation, so another organisation's
postings answer 404.

Every change of state is a POST with a CSRF token and one named function of
`jobboard.postings.workflow`; a move the lifecycle does not allow becomes a message on the
posting's page, never an error page. Destructive actions (withdraw, mark as filled,
delete) first show a confirmation page.
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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..extensions import db
from ..models import AuditEvent, Posting, PostingStatus, ReasonCode, User
from ..office import moderation
from ..office.forms import MessageForm
from ..postings import queries, revisions, workflow
from ..postings.forms import (
    FORMS,
    MAX_RUNS,
    PostingForm,
    TrainingForm,
    form_class_for,
    iter_errors,
    posting_form_data,
)
from ..templating import posting_url, short_date, status_label
from ..timeutil import utcnow

bp = Blueprint("manage", __name__, url_prefix="/verwaltung")

S = PostingStatus

#: Statuses in which the poster edits the posting itself (it is not online).
DIRECTLY_EDITABLE = frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED})
#: Blank rows for training runs shown under the existing ones.
BLANK_RUNS = 2

#: The order of the fields on the form page; the error summary lists errors in it.
PAGE_ORDER = (
    "title", "description", "language", "sectors",
    "hiring_choice", "hiring_name", "hiring_website",
    "street", "postcode", "city", "land", "region", "nationwide",
    "employment_type", "contract_type", "remote_mode", "career_level",
    "start_date", "application_deadline", "openings",
    "salary_min", "salary_max", "salary_period",
    "training_format", "schedule", "duration_value", "duration_unit",
    "certificate", "target_group", "prerequisites",
    "is_free", "price_eur", "funding_eligible", "funding_note",
    "registration_deadline", "min_participants", "max_participants", "runs",
    "contact_name", "contact_email", "contact_phone",
    "apply_url", "apply_email",
)  # fmt: skip

#: Trail entries whose status alone does not say what happened (`AuditEvent.action`).
ACTION_LABELS = {
    "revision_proposed": _l("Changes proposed for review"),
    "renew": _l("Renewed"),
    "trusted": _l("Published at once (trusted organisation)"),
    "extend": _l("Extended"),
    "post_reviewed": _l("Checked by the programme office"),
    "revision_approved": _l("Proposed changes approved and online"),
    "revision_rejected": _l("Proposed changes not approved"),
}


@bp.before_request
@login_required
def _cluster_staff_only():
    if current_user.organisation_id is None:
        abort(403)


def _user() -> User:
    return current_user._get_current_object()


def _own_posting(posting_id: int) -> Posting:
    """The posting if it belongs to the user's organisation; 404 for anybody else's."""
    posting = queries.posting_of(current_user.organisation_id, posting_id)
    if posting is None:
        abort(404)
    return posting


def _to_posting(posting: Posting) -> Response:
    return redirect(url_for("manage.posting", posting_id=posting.id))


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


# --- the posting form --------------------------------------------------------------------


@bp.route("/neu/<kind>", methods=["GET", "POST"])
def new_posting(kind: str):
    """The form for a new vacancy or training offer; saved as a draft."""
    form_class = FORMS.get(kind)
    if form_class is None:
        abort(404)
    return _posting_form(form_class(), None)


@bp.route("/angebot/<int:posting_id>/bearbeiten", methods=["GET", "POST"])
def edit(posting_id: int):
    """Edit a posting. Drafts and postings sent back are changed directly; a published
    posting gets a revision for review while the live version stays online."""
    posting = _own_posting(posting_id)
    form_class = form_class_for(posting)
    if posting.status == S.PUBLISHED:
        pending = posting.pending_revision
        data = revisions.from_json(pending.data) if pending else posting_form_data(posting)
        return _posting_form(form_class(data=data), posting)
    if posting.status not in DIRECTLY_EDITABLE:
        flash(
            _("A posting that is “%(status)s” can no longer be edited. You can duplicate it.",
              status=_status(posting)),
            "error",
        )  # fmt: skip
        return _to_posting(posting)
    return _posting_form(form_class.for_posting(posting), posting)


def _posting_form(form: PostingForm, posting: Posting | None):
    """Show, re-show or save the form. Both save buttons validate; "Add another run"
    only re-shows the form with one more blank row, saving and checking nothing."""
    if request.method == "POST" and "add_run" in request.form and isinstance(form, TrainingForm):
        if len(form.runs.entries) < MAX_RUNS:
            row = form.runs.append_entry()
            row.form.start_date.render_kw = {"autofocus": True}
        else:
            flash(_("A training offer can have at most %(max)d runs.", max=MAX_RUNS), "error")
        return _render_form(form, posting)
    if request.method == "GET":
        _pad_runs(form)
        return _render_form(form, posting)
    if not form.validate_on_submit():
        return _render_form(form, posting)

    user = _user()
    organisation = user.organisation
    try:
        if posting is not None and posting.status == S.PUBLISHED:
            return _propose_revision(form, posting, user)
        if posting is None:
            posting = form.posting_class()
            posting.organisation = organisation
            posting.created_by = user
            form.populate_posting(posting, organisation)
            workflow.create(posting, user, status=S.DRAFT)
        else:  # `edit()` has checked that it is not online and not in review
            form.populate_posting(posting, organisation)
    except workflow.WorkflowError:
        db.session.rollback()
        flash(_("This posting can no longer be changed this way; nothing was saved."), "error")
        return redirect(url_for("manage.dashboard"))
    db.session.commit()
    if request.form.get("action") == "preview":
        return redirect(url_for("manage.preview", posting_id=posting.id))
    flash(_("Your changes have been saved."), "success")
    return _to_posting(posting)


def _propose_revision(form: PostingForm, posting: Posting, user: User) -> Response:
    new = revisions.data_from_form(form)
    pending = posting.pending_revision
    current = pending.data if pending else posting_form_data(posting)
    if revisions.same_values(new, current):
        flash(_("You have not changed anything."), "info")
        return _to_posting(posting)
    workflow.propose_revision(posting, new, user)
    db.session.commit()
    flash(
        _("Your changes have been sent for review. The published version stays online "
          "until the programme office approves them."),
        "success",
    )  # fmt: skip
    return _to_posting(posting)


def _pad_runs(form: PostingForm) -> None:
    """Blank rows under the existing runs, so that more can be entered without script."""
    if isinstance(form, TrainingForm):
        blank = sum(1 for entry in form.runs.entries if entry.form.is_blank())
        for _row in range(max(0, BLANK_RUNS - blank)):
            form.runs.append_entry()


def _render_form(form: PostingForm, posting: Posting | None, notice: str | None = None):
    kind = "training" if isinstance(form, TrainingForm) else "vacancy"
    form.hiring_name.render_kw = {**(form.hiring_name.render_kw or {}), "list": "hiring-names"}
    hiring_names = sorted(
        (h.name for h in current_user.organisation.hiring_organisations), key=str.casefold
    )
    return render_template(
        "manage/posting_form.html",
        form=form,
        posting=posting,
        kind=kind,
        revising=posting is not None and posting.status == S.PUBLISHED,
        errors=_error_list(form),
        hiring_names=hiring_names,
        can_add_run=isinstance(form, TrainingForm) and len(form.runs.entries) < MAX_RUNS,
        notice=notice,
    )


def _error_list(form: PostingForm) -> list[tuple[str, str, str]]:
    """(field id, label, message) of every error, in the order of the fields on the page."""
    rank = {name: i for i, name in enumerate(PAGE_ORDER)}
    problems = []
    for position, (field, message) in enumerate(iter_errors(form)):
        name, label = field.name, str(field.label.text)
        if name.startswith("runs-"):
            number = int(name.split("-")[1]) + 1
            label = _("Run %(n)d: %(field)s", n=number, field=label)
            name = "runs"
        problems.append((rank.get(name, len(rank)), position, field.id, label, message))
    return [(field_id, label, msg) for _r, _p, field_id, label, msg in sorted(problems)]


# --- preview and submission --------------------------------------------------------------


@bp.get("/angebot/<int:posting_id>/vorschau")
def preview(posting_id: int):
    """The posting as the public will see it, with "Edit" and "Submit for review"."""
    posting = _own_posting(posting_id)
    if not workflow.can_move(posting, S.SUBMITTED):
        flash(_("Only postings that have not been submitted yet have a preview."), "info")
        return _to_posting(posting)
    return render_template("manage/preview.html", posting=posting, archived=False)


@bp.post("/angebot/<int:posting_id>/einreichen")
def submit(posting_id: int):
    """Send the posting to the programme office for review. The stored values are checked
    with the form's rules first (a copy may carry dates that have passed since)."""
    posting = _own_posting(posting_id)
    if not workflow.can_move(posting, S.SUBMITTED):
        return _refused(posting, "submit")
    # As form data, so that every rule runs as it does for a browser's request.
    form = revisions.form_from_data(posting, posting_form_data(posting))
    if not form.validate():
        _pad_runs(form)
        notice = _("Please correct the following before you submit the posting.")
        return _render_form(form, posting, notice=notice)

    def done() -> str:
        if posting.status == S.PUBLISHED:  # a trusted organisation publishes at once
            return _(
                "“%(title)s” has been published. The programme office checks it afterwards.",
                title=posting.title,
            )
        return _("“%(title)s” has been submitted for review.", title=posting.title)

    return _act(
        posting,
        lambda: workflow.submit(posting, _user()),
        done,
        "submit",
        next_url=url_for("manage.dashboard"),
    )


# --- the posting's page and its actions --------------------------------------------------


def available_actions(posting: Posting, now) -> set[str]:
    """The actions offered in the posting's current status (the workflow still decides)."""
    actions = {"duplicate"}
    if posting.status in DIRECTLY_EDITABLE or posting.status == S.PUBLISHED:
        actions.add("edit")
    if workflow.can_move(posting, S.SUBMITTED):
        actions.add("submit")
    if workflow.can_move(posting, S.WITHDRAWN):
        actions.add("withdraw")
    if posting.is_vacancy and workflow.can_move(posting, S.FILLED):
        actions.add("mark_filled")
    if workflow.renewal_problem(posting, now) is None:
        actions.add("renew")
    if posting.status == S.DRAFT:
        actions.add("delete")
    return actions


@bp.get("/angebot/<int:posting_id>")
def posting(posting_id: int):
    """A posting's status, dates, trail, conversation and the actions its status allows."""
    return _render_posting(_own_posting(posting_id))


def _render_posting(posting: Posting, message_form: MessageForm | None = None) -> str:
    now = utcnow()
    visible = posting.status == S.PUBLISHED and not workflow.is_overdue(posting, now)
    archived = posting.status in queries.ARCHIVED_STATUSES or workflow.is_overdue(posting, now)
    last_decision = None
    if posting.status in (S.CHANGES_REQUESTED, S.REJECTED):
        last_decision = next(
            (e for e in reversed(posting.events) if e.to_status == posting.status), None
        )
    renewable_after_expiry = posting.status == S.EXPIRED or workflow.is_overdue(posting, now)
    return render_template(
        "manage/posting.html",
        posting=posting,
        actions=available_actions(posting, now),
        visible=visible,
        archived=archived,
        public_url=posting_url(posting) if visible or archived else None,
        last_decision=last_decision,
        renewal_deadline=workflow.renewal_deadline(posting) if renewable_after_expiry else None,
        renew_problem=_renew_problem_text(posting, now) if renewable_after_expiry else None,
        events=list(reversed(posting.events)),
        event_label=event_label,
        reason_label=reason_label,
        messages=db.session.scalars(queries.messages_of(posting.id)).all(),
        message_form=message_form or MessageForm(formdata=None),
        now=now,
    )


@bp.post("/angebot/<int:posting_id>/nachricht")
def post_message(posting_id: int):
    """Write to the programme office about the posting; they receive it by e-mail."""
    posting = _own_posting(posting_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _render_posting(posting, message_form=form)
    moderation.post_message(posting, _user(), form.body.data)
    db.session.commit()
    flash(_("Your message has been sent to the programme office."), "success")
    return redirect(url_for("manage.posting", posting_id=posting.id, _anchor="conversation"))


def event_label(event: AuditEvent) -> str:
    if event.action in ACTION_LABELS:
        return str(ACTION_LABELS[event.action])
    if event.from_status is None:
        return _("Created as “%(to)s”", to=_status(event.to_status))
    return _("“%(from)s” → “%(to)s”", **{"from": _status(event.from_status),
                                          "to": _status(event.to_status)})  # fmt: skip


def reason_label(code: str) -> str:
    """The label of a canned reason of the programme office, else the code itself."""
    reason = db.session.scalar(select(ReasonCode).where(ReasonCode.code == code))
    return reason.label if reason else code


@bp.post("/angebot/<int:posting_id>/duplizieren")
def duplicate(posting_id: int):
    """Copy the posting into a new draft and open the copy's form."""
    posting = _own_posting(posting_id)
    copy = workflow.duplicate(posting, _user())
    db.session.commit()
    flash(
        _("A copy has been saved as a new draft. Check the dates before you submit it."),
        "success",
    )
    return redirect(url_for("manage.edit", posting_id=copy.id))


@bp.post("/angebot/<int:posting_id>/verlaengern")
def renew(posting_id: int):
    """Put an expired posting online for another period (within 30 days of expiry)."""
    posting = _own_posting(posting_id)
    problem = _renew_problem_text(posting, utcnow())
    if problem:
        flash(problem, "error")
        return _to_posting(posting)

    def done() -> str:
        return _("“%(title)s” is online again until %(date)s.", title=posting.title,
                 date=short_date(posting.expires_at))  # fmt: skip

    return _act(posting, lambda: workflow.renew(posting, _user()), done, "renew")


def _renew_problem_text(posting: Posting, now) -> str | None:
    problem = workflow.renewal_problem(posting, now)
    if problem == workflow.RENEW_NOT_EXPIRED:
        return _("Only an expired posting can be renewed.")
    if problem == workflow.RENEW_WINDOW_PASSED:
        return _(
            "It could be renewed until %(date)s. Duplicate it to publish it again.",
            date=short_date(workflow.renewal_deadline(posting)),
        )
    if problem == workflow.RENEW_DEADLINE_PASSED:
        return _(
            "Its application or registration deadline has passed, so it cannot be renewed. "
            "Duplicate it and enter new dates."
        )
    return None


# Destructive actions: GET shows what will happen, POST does it.

CONFIRMABLE: dict[str, dict[str, Any]] = {
    "withdraw": {
        "allowed": lambda p: workflow.can_move(p, S.WITHDRAWN),
        "run": lambda p, user: workflow.withdraw(p, user),
        "done": _l("“%(title)s” has been withdrawn."),
    },
    "mark_filled": {
        "allowed": lambda p: p.is_vacancy and workflow.can_move(p, S.FILLED),
        "run": lambda p, user: workflow.mark_filled(p, user),
        "done": _l("“%(title)s” has been marked as filled."),
    },
    "delete": {
        "allowed": lambda p: p.status == S.DRAFT,
        "run": lambda p, user: workflow.delete_draft(p),
        "done": _l("The draft “%(title)s” has been deleted."),
    },
}


def _confirmable(name: str, posting_id: int):
    spec = CONFIRMABLE[name]
    posting = _own_posting(posting_id)
    if not spec["allowed"](posting):
        return _refused(posting, name)
    if request.method == "GET":
        return render_template("manage/confirm.html", posting=posting, action=name)
    title = posting.title
    next_url = url_for("manage.dashboard") if name == "delete" else None
    return _act(
        posting,
        lambda: spec["run"](posting, _user()),
        str(spec["done"]) % {"title": title},
        name,
        next_url=next_url,
    )


@bp.route("/angebot/<int:posting_id>/zurueckziehen", methods=["GET", "POST"])
def withdraw(posting_id: int):
    """Withdraw a posting from review or take it offline for good (with confirmation)."""
    return _confirmable("withdraw", posting_id)


@bp.route("/angebot/<int:posting_id>/besetzt", methods=["GET", "POST"])
def mark_filled(posting_id: int):
    """Mark a published vacancy as filled (with confirmation)."""
    return _confirmable("mark_filled", posting_id)


@bp.route("/angebot/<int:posting_id>/loeschen", methods=["GET", "POST"])
def delete(posting_id: int):
    """Delete a draft for good (with confirmation)."""
    return _confirmable("delete", posting_id)


# --- helpers -----------------------------------------------------------------------------


def _status(status_or_posting: Posting | PostingStatus) -> str:
    return status_label(getattr(status_or_posting, "status", status_or_posting))


#: Why an action is refused in the posting's current status; %(status)s is its label.
REFUSALS = {
    "submit": _l(
        "Only a draft or a posting sent back by the programme office can be submitted. "
        "This posting is “%(status)s”; nothing was changed."
    ),
    "withdraw": _l("A posting that is “%(status)s” cannot be withdrawn. Nothing was changed."),
    "mark_filled": _l(
        "Only a published vacancy can be marked as filled. This posting is “%(status)s”; "
        "nothing was changed."
    ),
    "delete": _l(
        "Only drafts can be deleted; anything that was submitted stays on record. "
        "This posting is “%(status)s”; nothing was changed."
    ),
    "renew": _l("A posting that is “%(status)s” cannot be renewed. Nothing was changed."),
}


def _refused(posting: Posting, action: str) -> Response:
    flash(str(REFUSALS[action]) % {"status": _status(posting)}, "error")
    return _to_posting(posting)


def _act(
    posting: Posting,
    change: Callable[[], Any],
    done: str | Callable[[], str],
    action: str,
    next_url: str | None = None,
) -> Response:
    """Run one workflow change and commit it; a refused move rolls back and says so."""
    posting_id = posting.id
    try:
        change()
    except workflow.WorkflowError:
        db.session.rollback()  # nothing of a refused move reaches the database
        return _refused(posting, action)
    message = done() if callable(done) else done
    db.session.commit()
    flash(message, "success")
    return redirect(next_url or url_for("manage.posting", posting_id=posting_id))
