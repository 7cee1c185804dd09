"""WTForms of the programme office and of the conversation: decisions, messages, reason
codes, and the visitors' report form. Field rules only; the decisions themselves are in
`jobboard.office.moderation`.

Several of these forms share one page (the review page), so each page gives every form a
`prefix`; field names and ids then stay unique.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..extensions import db
from ..fields import clean_line, clean_text
from ..postings import queries
from .moderation import MESSAGE_MAX
from .reports import REASONS


def _message_field(label: Any, required_message: Any, description: Any = None) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=required_message),
            Length(max=MESSAGE_MAX, message=_l("Enter at most %(max)d characters.")),
        ],
        filters=[clean_text],
        description=description,
        render_kw={"rows": 5},
    )


class MessageForm(FlaskForm):
    """A message in the conversation on a posting."""

    body = _message_field(_l("Your message"), _l("Write a message."))


class RequestChangesForm(FlaskForm):
    message = _message_field(
        _l("What should be changed?"),
        _l("Say what should be changed; the organisation sees this message."),
        description=_l("The organisation receives this message by e-mail."),
    )


class ReasonForm(FlaskForm):
    """Reject a submitted posting or remove a published one: a reason from the list and
    a message to the organisation."""

    reason = SelectField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Choose a reason."))],
        invalid_choice_message=_l("Choose one of the listed reasons."),
    )
    message = _message_field(
        _l("Message to the organisation"),
        _l("Write a message to the organisation."),
        description=_l("The organisation receives the reason and this message by e-mail."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice("", _l("– please choose –"))] + [
            SelectChoice(r.code, r.label) for r in db.session.scalars(queries.reason_codes())
        ]


class RevisionRejectForm(FlaskForm):
    message = _message_field(
        _l("Why are the changes not approved?"),
        _l("Say why the changes are not approved."),
        description=_l("The organisation receives this message by e-mail."),
    )


def _label_field(label: Any, required_message: Any) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(required_message),
            Length(max=200, message=_l("Enter at most %(max)d characters.")),
        ],
        filters=[clean_line],
    )


class ReasonLabelsForm(FlaskForm):
    label_de = _label_field(_l("Label in German"), _l("Enter the German label."))
    label_en = _label_field(_l("Label in English"), _l("Enter the English label."))


class NewReasonCodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l(
            "Lower-case letters, digits and underscores, e.g. “duplicate”. Stored with each "
            "decision; it cannot be changed later."
        ),
        validators=[
            DataRequired(_l("Enter a code.")),
            Regexp(
                r"^[a-z][a-z0-9_]{1,39}$",
                message=_l(
                    "Use 2 to 40 lower-case letters, digits and underscores, "
                    "starting with a letter."
                ),
            ),
        ],
        filters=[clean_line],
    )
    label_de = _label_field(_l("Label in German"), _l("Enter the German label."))
    label_en = _label_field(_l("Label in English"), _l("Enter the English label."))


class ReportForm(FlaskForm):
    """A visitor reports a posting: a reason, and a message if they like."""

    reason = RadioField(
        _l("What is wrong with this offer?"),
        validators=[DataRequired(_l("Choose what is wrong with this offer."))],
    )
    message = TextAreaField(
        _l("Message (optional)"),
        description=_l("Please do not enter personal data. We do not reply to reports."),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 5},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice(code, label) for code, label in REASONS.items()]
