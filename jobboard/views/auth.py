"""Signing in and out, password reset and accepting invitations."""

from __future__ import annotations

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

from .. import mail
from ..accounts import second_factor, users
from ..accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    SecondFactorForm,
)
from ..accounts.passwords import verify_password
from ..extensions import db, limiter
from ..models import Role, TokenPurpose

bp = Blueprint("auth", __name__, url_prefix="/konto")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def home_for(user) -> str:
    """Where a user lands after signing in."""
    if user.organisation_id is not None:
        return url_for("manage.dashboard")
    if "moderate.queue" in current_app.view_functions:
        return url_for("moderate.queue")
    if user.role == Role.ADMIN:
        return url_for("admin.organisations")
    return url_for("public.home")


def _safe_next(target: str | None) -> str | None:
    # Only paths on this site: no scheme, no host, no protocol-relative "//".
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/anmelden", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is None:
            # One message for unknown address, wrong password and inactive account.
            form.password.errors.append(_("E-mail address or password is not correct."))
        else:
            users.start_session(user)
            db.session.commit()
            target = _safe_next(request.args.get("next")) or home_for(user)
            if second_factor.required(user):
                return redirect(second_factor_step(target))
            return redirect(target)
    return render_template("auth/login.html", form=form)


def second_factor_step(target: str | None = None) -> str:
    """Where a programme-office user goes to pass (or set up) the second factor."""
    endpoint = (
        "auth.verify_second_factor"
        if second_factor.enrolled(current_user)
        else ("auth.enrol_second_factor")
    )
    return url_for(endpoint, next=target) if target else url_for(endpoint)


@bp.route("/zwei-faktor", methods=["GET", "POST"])
@login_required
def enrol_second_factor():
    """Set up the authenticator app: QR code and secret drawn here, confirmed by a code."""
    if not second_factor.required(current_user):
        abort(404)
    if second_factor.enrolled(current_user):
        return redirect(second_factor_step(request.args.get("next")))
    form = SecondFactorForm()
    secret = second_factor.pending_secret()
    if form.validate_on_submit():
        codes = second_factor.confirm_enrolment(current_user, form.code.data)
        if codes is None:
            form.code.errors.append(_("This code does not fit. Check the time on your device."))
        else:
            db.session.commit()
            # Shown once, on this response: they are stored only as digests.
            return render_template(
                "auth/recovery_codes.html",
                codes=codes,
                next=_safe_next(request.args.get("next")) or home_for(current_user),
            )
    uri = second_factor.provisioning_uri(current_user, secret)
    return render_template(
        "auth/enrol_second_factor.html",
        form=form,
        secret=second_factor.grouped(secret),
        qr=second_factor.qr_code_data_url(uri),
    )


@bp.route("/zwei-faktor/pruefen", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def verify_second_factor():
    """Ask for the current code of the authenticator app, or a recovery code."""
    if not second_factor.required(current_user):
        abort(404)
    if not second_factor.enrolled(current_user):
        return redirect(second_factor_step(request.args.get("next")))
    form = SecondFactorForm()
    if form.validate_on_submit():
        if second_factor.verify(current_user, form.code.data):
            db.session.commit()
            left = second_factor.unused_recovery_codes(current_user)
            if left <= 3:
                flash(
                    _(
                        "Only %(n)d recovery codes are left. Ask an administrator to reset "
                        "your second factor to get new ones.",
                        n=left,
                    ),
                    "info",
                )
            return redirect(_safe_next(request.args.get("next")) or home_for(current_user))
        form.code.errors.append(_("This code is not valid."))
    return render_template("auth/verify_second_factor.html", form=form)


@bp.post("/abmelden")
def logout():
    """Sign out. The server forgets the session."""
    users.end_session()
    flash(_("You have been signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_request():
    """Ask for a password reset link by e-mail."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        issued = users.request_password_reset(form.email.data)
        if issued:
            user, token = issued
            mail.queue(user.email, "password_reset", user.language, user=user, token=token)
        db.session.commit()
        # The same answer whether or not the address has an account.
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/reset_request.html", form=form)


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password with the link from the e-mail."""
    row = users.valid_token(token, TokenPurpose.PASSWORD_RESET)
    if row is None:
        return render_template("auth/link_invalid.html"), 410
    form = NewPasswordForm(email=row.user.email, name=row.user.name)
    if form.validate_on_submit():
        users.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, purpose="reset")


@bp.route("/einladung/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def accept_invitation(token: str):
    """Accept an invitation by choosing a password; signs the new user in."""
    row = users.valid_token(token, TokenPurpose.INVITATION)
    if row is None or not row.user.active:
        return render_template("auth/link_invalid.html"), 410
    form = NewPasswordForm(email=row.user.email, name=row.user.name)
    if form.validate_on_submit():
        user = users.accept_invitation(token, form.password.data)
        users.start_session(user)
        db.session.commit()
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(home_for(user))
    return render_template(
        "auth/new_password.html", form=form, purpose="invitation", invited=row.user
    )


@bp.route("/passwort", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other session of the user ends."""
    form = ChangePasswordForm(email=current_user.email, name=current_user.name)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash or "", form.current.data):
            form.current.errors.append(_("The current password is not correct."))
        else:
            user = current_user._get_current_object()
            users.set_password(user, form.password.data)
            users.start_session(user)  # this browser stays signed in, on a new id
            db.session.commit()
            flash(
                _("Your password has been changed. Other sessions have been signed out."), "success"
            )
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form)


@bp.errorhandler(429)
def too_many(error):
    return render_template("auth/too_many.html", retry=error.description), 429
