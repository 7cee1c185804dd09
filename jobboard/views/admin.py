"""Administration by the programme office: member organisations and their first admins.

Access rule: signed-in programme-office administrators.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from .. import accounts, organisations, second_factor
from ..account_forms import OrganisationForm
from ..extensions import db
from ..models import Organisation, Role, User
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
    return render_template("admin/people.html", people=office, action_form=FlaskForm())


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
    return render_template(
        "admin/organisations.html", pagination=pagination, counts=counts, action_form=FlaskForm()
    )


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
        except accounts.AccountError as error:
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
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("A new invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.organisations"))
