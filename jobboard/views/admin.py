"""Administration by the programme office: member organisations (registration, trust,
deactivation), their people, the programme office's people, and the reason codes.

Access rule: signed-in programme-office administrators who passed the second factor.
Destructive changes (deactivating an organisation or a person) first show what will
happen; every change is a POST with a CSRF token.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from ..accounts import organisations, second_factor, users
from ..accounts.forms import OrganisationForm
from ..extensions import db
from ..models import Organisation, ReasonCode, Role, TrustLevel, User
from ..office import administration
from ..office.forms import NewReasonCodeForm, ReasonLabelsForm
from ..postings import queries, workflow
from .auth import second_factor_step

bp = Blueprint("admin", __name__, url_prefix="/programmbuero")


@bp.before_request
@login_required
def _administrators_only():
    if current_user.role != Role.ADMIN:
        abort(403)
    if not second_factor.satisfied(current_user):
        return redirect(second_factor_step(request.full_path))
    return None


@bp.get("/personen")
def people():
    """Everyone of the programme office, with the state of their second factor."""
    office = db.session.scalars(
        select(User).where(User.organisation_id.is_(None)).order_by(User.name)
    ).all()
    return render_template("admin/people.html", people=office)


@bp.route("/person/<int:user_id>/zwei-faktor", methods=["GET", "POST"])
def reset_second_factor(user_id: int):
    """Remove a person's second factor after a confirmation; they set it up again."""
    user = db.session.get(User, user_id)
    if user is None or not second_factor.required(user):
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        second_factor.reset(user)
        db.session.commit()
        flash(_("The second factor of %(name)s has been reset.", name=user.name), "success")
        return redirect(url_for("admin.people"))
    return render_template("admin/reset_second_factor.html", person=user, form=form)


@bp.get("/organisationen", endpoint="organisations")
def organisation_list():
    """All member organisations with their number of users."""
    counts = dict(
        db.session.execute(
            select(User.organisation_id, func.count()).group_by(User.organisation_id)
        ).all()
    )
    pagination = db.paginate(
        select(Organisation).order_by(Organisation.name),
        page=max(request.args.get("page", 1, type=int), 1),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("admin/organisations.html", pagination=pagination, counts=counts)


@bp.route("/organisationen/neu", methods=["GET", "POST"])
def new_organisation():
    """Register a member organisation and invite its first administrator by e-mail."""
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org, admin = organisations.register(
                name=form.name.data,
                land=form.land.data,
                sectors=form.sectors.data,
                website=form.website.data,
                city=form.city.data,
                description=form.description.data,
                admin_name=form.admin_name.data,
                admin_email=form.admin_email.data,
                admin_language=form.admin_language.data,
                registered_by=current_user,
            )
        except users.AccountError as error:
            form.admin_email.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _(
                    "%(org)s has been registered; %(email)s has been invited.",
                    org=org.name,
                    email=admin.email,
                ),
                "success",
            )
            return redirect(url_for("admin.organisations"))
    return render_template("admin/new_organisation.html", form=form)


@bp.post("/person/<int:user_id>/einladung")
def resend_invitation(user_id: int):
    """Send a new invitation link to a cluster user who has not accepted yet."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id is None:
        abort(404)
    if FlaskForm().validate_on_submit():
        try:
            organisations.resend_invitation(user, current_user)
        except users.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("A new invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.organisation", org_id=user.organisation_id))


# --- one organisation: trust, deactivation, its people ---------------------------------------


def _organisation(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        abort(404)
    return org


@bp.get("/organisationen/<int:org_id>")
def organisation(org_id: int):
    """An organisation's state, trust level and people, with what can be changed."""
    org = _organisation(org_id)
    return render_template(
        "admin/organisation.html",
        org=org,
        people=organisations.members_of(org),
        live=db.session.scalars(queries.live_postings_of(org.id)).all(),
    )


@bp.post("/organisationen/<int:org_id>/vertrauen")
def set_trust(org_id: int):
    """Mark an organisation trusted (it publishes at once) or standard (pre-moderation)."""
    org = _organisation(org_id)
    level = request.form.get("level")
    if level not in TrustLevel.__members__.values():
        abort(400)
    administration.set_trust(org, TrustLevel(level))
    db.session.commit()
    if org.trust_level == TrustLevel.TRUSTED:
        flash(_("%(org)s is trusted now: its postings go online at once and are checked "
                "afterwards.", org=org.name), "success")  # fmt: skip
    else:
        flash(_("The postings of %(org)s are reviewed before they go online again.",
                org=org.name), "success")  # fmt: skip
    return redirect(url_for("admin.organisation", org_id=org.id))


@bp.route("/organisationen/<int:org_id>/deaktivieren", methods=["GET", "POST"])
def deactivate_organisation(org_id: int):
    """Deactivate an organisation after a confirmation that lists the postings that will
    be withdrawn; its people are signed out and can no longer sign in."""
    org = _organisation(org_id)
    if not org.active:
        flash(_("%(org)s is deactivated already.", org=org.name), "info")
        return redirect(url_for("admin.organisation", org_id=org.id))
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            withdrawn = administration.deactivate_organisation(org, current_user)
        except workflow.WorkflowError:
            db.session.rollback()
            flash(_("A posting could not be withdrawn; nothing was changed."), "error")
            return redirect(url_for("admin.organisation", org_id=org.id))
        db.session.commit()
        flash(
            _("%(org)s has been deactivated; %(n)d posting(s) withdrawn.", org=org.name,
              n=len(withdrawn)),
            "success",
        )  # fmt: skip
        return redirect(url_for("admin.organisation", org_id=org.id))
    return render_template(
        "admin/deactivate_organisation.html",
        org=org,
        live=db.session.scalars(queries.live_postings_of(org.id)).all(),
        people=[u for u in org.users if u.active],
        form=form,
    )


@bp.post("/organisationen/<int:org_id>/reaktivieren")
def reactivate_organisation(org_id: int):
    org = _organisation(org_id)
    administration.reactivate_organisation(org)
    db.session.commit()
    flash(
        _("%(org)s is active again. Reactivate the people who should sign in again.",
          org=org.name),
        "success",
    )  # fmt: skip
    return redirect(url_for("admin.organisation", org_id=org.id))


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _back_to(user: User):
    if user.organisation_id is not None:
        return redirect(url_for("admin.organisation", org_id=user.organisation_id))
    return redirect(url_for("admin.people"))


@bp.route("/person/<int:user_id>/deaktivieren", methods=["GET", "POST"])
def deactivate_user(user_id: int):
    """Deactivate a person after a confirmation; their sessions end at once."""
    user = _person(user_id)
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            administration.deactivate_user(user, current_user)
        except administration.AdministrationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s can no longer sign in.", name=user.name), "success")
        return _back_to(user)
    return render_template("admin/deactivate_user.html", person=user, form=form)


@bp.post("/person/<int:user_id>/reaktivieren")
def reactivate_user(user_id: int):
    user = _person(user_id)
    administration.reactivate_user(user)
    db.session.commit()
    if user.organisation is not None and not user.organisation.active:
        flash(
            _("%(name)s is active again, but cannot sign in while %(org)s is deactivated.",
              name=user.name, org=user.organisation.name),
            "info",
        )  # fmt: skip
    else:
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return _back_to(user)


# --- reason codes ------------------------------------------------------------------------------


@bp.get("/gruende")
def reason_codes():
    """The canned reasons for rejecting and removing postings, active and inactive."""
    return render_template(
        "admin/reason_codes.html",
        reasons=db.session.scalars(queries.reason_codes(active_only=False)).all(),
    )


@bp.route("/gruende/neu", methods=["GET", "POST"])
def new_reason_code():
    form = NewReasonCodeForm()
    if form.validate_on_submit():
        try:
            reason = administration.create_reason_code(
                form.code.data, form.label_de.data, form.label_en.data
            )
        except administration.AdministrationError as error:
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The reason “%(code)s” has been added.", code=reason.code), "success")
            return redirect(url_for("admin.reason_codes"))
    return render_template("admin/reason_code_form.html", form=form, reason=None)


def _reason(reason_id: int) -> ReasonCode:
    reason = db.session.get(ReasonCode, reason_id)
    if reason is None:
        abort(404)
    return reason


@bp.route("/gruende/<int:reason_id>", methods=["GET", "POST"])
def edit_reason_code(reason_id: int):
    """Change the German and English labels; the code itself stays."""
    reason = _reason(reason_id)
    form = ReasonLabelsForm(obj=reason)
    if form.validate_on_submit():
        administration.update_reason_labels(reason, form.label_de.data, form.label_en.data)
        db.session.commit()
        flash(_("The reason “%(code)s” has been saved.", code=reason.code), "success")
        return redirect(url_for("admin.reason_codes"))
    return render_template("admin/reason_code_form.html", form=form, reason=reason)


@bp.post("/gruende/<int:reason_id>/deaktivieren")
def deactivate_reason_code(reason_id: int):
    reason = _reason(reason_id)
    administration.set_reason_active(reason, False)
    db.session.commit()
    flash(_("The reason “%(code)s” is no longer offered.", code=reason.code), "success")
    return redirect(url_for("admin.reason_codes"))


@bp.post("/gruende/<int:reason_id>/aktivieren")
def activate_reason_code(reason_id: int):
    reason = _reason(reason_id)
    administration.set_reason_active(reason, True)
    db.session.commit()
    flash(_("The reason “%(code)s” is offered again.", code=reason.code), "success")
    return redirect(url_for("admin.reason_codes"))
