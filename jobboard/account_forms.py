"""WTForms for signing in, passwords and invitations (field rules only)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from .accounts import PASSWORD_MAX, password_problems


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=PASSWORD_MAX * 4)],
        render_kw={"autocomplete": "current-password"},
    )


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username"},
    )


class NewPasswordForm(FlaskForm):
    """Choosing a password: 12 to 128 characters, pasting allowed, not a common one."""

    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least 12 characters. Long passphrases are good; a password manager is best."
        ),
        validators=[DataRequired(_l("Enter a password."))],
        render_kw={"autocomplete": "new-password", "minlength": 12, "maxlength": PASSWORD_MAX},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )

    def __init__(self, *args, email: str = "", name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email, self._name = email, name

    def validate_password(self, field):
        problems = password_problems(field.data or "", email=self._email, name=self._name)
        if problems:
            raise ValidationError(" ".join(problems))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class InviteForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Email(_l("Enter a valid e-mail address, like name@example.org.")),
            Length(max=254),
        ],
    )
    role = SelectField(_l("Role"), choices=[])
    language = SelectField(
        _l("Language of the e-mails"), choices=[("de", "Deutsch"), ("en", "English")]
    )
