"""The organisation's own page for cluster managers: profile and colleagues.

Access rule: signed-in users of a cluster organisation; changing things needs the
organisation's administrator role. People are looked up within the user's organisation.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..accounts import organisations, users
from ..accounts.forms import InviteForm, ProfileForm
from ..extensions import db
from ..models import Role, User

bp = Blueprint("organisation", __name__, url_prefix="/verwaltung/organisation")


@bp.before_request
@login_required
def _cluster_staff_only():
    if current_user.organisation_id is None:
        abort(403)


def _admin_only():
    if current_user.role != Role.ORG_ADMIN:
        abort(403)


def _colleague(user_id: int) -> User:
    user = db.session.scalar(
        select(User).where(User.id == user_id, User.organisation_id == current_user.organisation_id)
    )
    if user is None:
        abort(404)
    return user


@bp.get("/")
def overview():
    """Profile and colleagues of the user's organisation."""
    org = current_user.organisation
    return render_template(
        "organisation/overview.html",
        org=org,
        people=organisations.members_of(org),
        action_form=FlaskForm(),
    )


@bp.route("/profil", methods=["GET", "POST"])
def profile():
    """Edit the public profile (organisation administrators)."""
    _admin_only()
    org = current_user.organisation
    form = ProfileForm(obj=org)
    if not form.is_submitted():
        form.sectors.data = org.sectors
    if form.validate_on_submit():
        org.website = form.website.data or None
        org.city = form.city.data or None
        org.description = form.description.data or ""
        org.sectors = form.sectors.data
        db.session.commit()
        flash(_("The profile has been saved."), "success")
        return redirect(url_for("organisation.overview"))
    return render_template("organisation/profile.html", form=form, org=org)


@bp.route("/einladen", methods=["GET", "POST"])
def invite():
    """Invite a colleague by e-mail (organisation administrators)."""
    _admin_only()
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = organisations.invite_colleague(
                current_user.organisation,
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                language=form.language.data,
                invited_by=current_user,
            )
        except users.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("organisation.overview"))
    return render_template("organisation/invite.html", form=form)


@bp.post("/person/<int:user_id>/einladung")
def resend(user_id: int):
    """Send a new invitation link to someone who has not accepted yet."""
    _admin_only()
    user = _colleague(user_id)
    if FlaskForm().validate_on_submit():
        try:
            organisations.resend_invitation(user, current_user)
        except users.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("A new invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("organisation.overview"))


@bp.route("/person/<int:user_id>/deaktivieren", methods=["GET", "POST"])
def deactivate(user_id: int):
    """Deactivate a colleague after a confirmation; their sessions end at once."""
    _admin_only()
    user = _colleague(user_id)
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            organisations.deactivate_colleague(user, current_user)
        except users.AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(name)s can no longer sign in.", name=user.name), "success")
        return redirect(url_for("organisation.overview"))
    return render_template("organisation/deactivate.html", person=user, form=form)


@bp.post("/person/<int:user_id>/reaktivieren")
def reactivate(user_id: int):
    _admin_only()
    user = _colleague(user_id)
    if FlaskForm().validate_on_submit():
        organisations.reactivate_colleague(user)
        db.session.commit()
        flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("organisation.overview"))
