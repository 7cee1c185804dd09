"""WTForms for accounts and organisations: signing in, passwords, invitations, profiles.

Field rules only; the posting forms live in `jobboard.postings.forms`.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from .. import taxonomy
from ..fields import http_url
from .passwords import PASSWORD_MAX, password_problems

LANGUAGE_CHOICES = [SelectChoice("de", "Deutsch"), SelectChoice("en", "English")]


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


class SecondFactorForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
        validators=[DataRequired(_l("Enter the code.")), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
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
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("member", _l("Member: manages the organisation's postings")),
            SelectChoice(
                "org_admin", _l("Administrator: also invites colleagues and edits the profile")
            ),
        ],
    )
    language = SelectField(_l("Language of the e-mails"), choices=LANGUAGE_CHOICES)


class ProfileForm(FlaskForm):
    """What an organisation's administrator may change about the organisation."""

    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=500), http_url()],
        render_kw={"autocomplete": "url", "inputmode": "url"},
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    description = TextAreaField(
        _l("Profile"),
        description=_l("Shown on your cluster's public page. Markdown: **bold**, *italic*, lists."),
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 8},
    )
    sectors = SelectMultipleField(
        _l("Sectors"),
        validators=[DataRequired(_l("Choose at least one sector."))],
        render_kw={"size": 8},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors.choices = [SelectChoice(c, label) for c, label in taxonomy.SECTORS.choices()]


class OrganisationForm(ProfileForm):
    """The programme office registers a member organisation and invites its administrator."""

    name = StringField(
        _l("Name of the cluster organisation"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
    )
    land = SelectField(_l("Land"), validators=[DataRequired(_l("Choose a Land."))])
    admin_name = StringField(
        _l("Name of its administrator"),
        validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)],
    )
    admin_email = EmailField(
        _l("E-mail address of its administrator"),
        description=_l("This person receives an invitation to choose a password."),
        validators=[
            DataRequired(_l("Enter an e-mail address.")),
            Email(_l("Enter a valid e-mail address, like name@example.org.")),
            Length(max=254),
        ],
    )
    admin_language = SelectField(_l("Language of the e-mails"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.land.choices = [
            SelectChoice("", _l("Choose …")),
            *(SelectChoice(c, label) for c, label in taxonomy.LAENDER.choices()),
        ]
