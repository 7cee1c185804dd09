"""The posting forms: one set of field rules for the web forms and the JSON Lines import.

`VacancyForm` and `TrainingForm` share `PostingForm`. Rules that involve several fields
(place required unless nationwide or remote, salary range, runs in order, ...) run in
`validate()` after the field validators and attach their message to the field concerned,
so every error can be shown next to (and linked to) its field.

`populate_posting()` copies validated data onto a posting field by field. It never touches
the status, the publisher or the workflow dates: there is no `populate_obj()` here, so
extra form data ("status", "organisation_id", ...) has nowhere to go.

Messages, labels and help texts are English msgids for `flask_babel.lazy_gettext`;
choices are built per form instance so they follow the language of the request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from .. import taxonomy
from ..fields import clean_line, clean_text, http_url
from ..models import HiringOrganisation, Organisation, Posting, TrainingOffer, TrainingRun, Vacancy
from ..timeutil import today_berlin

HIRING_CLUSTER = "cluster"
HIRING_OTHER = "other"

TITLE_MIN, TITLE_MAX = 5, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 30, 20000
MAX_SECTORS = 3
MAX_RUNS = 50
MAX_AMOUNT = Decimal("99999999.99")  # Numeric(10, 2)
LONG_TEXT_MAX = 2000


class NotInPast:
    """A date that is today (German time) or later."""

    def __init__(self, message: str | None = None):
        self.message = message or _l("The date must not be in the past.")

    def __call__(self, form: Any, field: Field) -> None:
        if field.data is not None and field.data < today_berlin():
            raise ValidationError(self.message)


# --- fields ---------------------------------------------------------------------------


class IsoDateField(DateField):
    """A date as YYYY-MM-DD (what `<input type=date>` sends and ISO 8601 writes)."""

    _pattern = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip()
        if not raw:
            self.data = None
            return
        try:
            if not self._pattern.fullmatch(raw):
                raise ValueError(raw)
            self.data = date.fromisoformat(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a valid date as YYYY-MM-DD.")) from None


_GROUPED = re.compile(r"^[1-9]\d{0,2}([.\s']\d{3})+$")


def normalise_amount(raw: str) -> str:
    """German and English ways of writing an amount, as a plain decimal string:
    "490,50" and "490.50" -> "490.50"; "52.000", "52 000" and "52,000.00" -> "52000(.00)".
    A single separator followed by exactly three digits groups thousands."""
    text = raw.replace("€", "").replace("EUR", "").replace("\u00a0", " ").strip()
    if "," in text and "." in text:
        # Whichever comes last is the decimal separator.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        whole, _, cents = text.rpartition(",")
        text = text.replace(",", "") if len(cents) == 3 and whole else whole + "." + cents
    elif _GROUPED.match(text):
        text = re.sub(r"[.\s']", "", text)
    return text.replace(" ", "")


class AmountField(DecimalField):
    """A finite, non-negative amount in euros with at most two decimal places."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip()
        if not raw:
            self.data = None
            return
        try:
            value = Decimal(normalise_amount(raw))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.data = None
            raise ValueError(_l("Enter an amount in euros, for example 52000 or 490.50."))
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            self.data = None
            raise ValueError(_l("Enter an amount with at most two decimal places."))
        self.data = value


class WholeNumberField(IntegerField):
    """An integer with a translatable error message."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        raw = str(valuelist[0]).strip()
        if not raw:
            self.data = None
            return
        if not re.fullmatch(r"[0-9]{1,9}", raw):
            self.data = None
            raise ValueError(_l("Enter a whole number."))
        self.data = int(raw)


def _choice_error() -> Any:
    return _l("Choose one of the listed options.")


def _choices(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _blank(label: Any = None) -> list[SelectChoice]:
    """The empty first option of a select."""
    return [SelectChoice("", label or _l("– please choose –"))]


def _text(label: Any, max_length: int, description: Any = None, **kw: Any) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Length(max=max_length, message=_too_long())],
        filters=[clean_line],
        description=description,
        **kw,
    )


def _amount_validators() -> list[Any]:
    return [
        Optional(),
        NumberRange(min=0, message=_l("Enter an amount of 0 or more.")),
        NumberRange(max=MAX_AMOUNT, message=_l("Enter an amount below 100 million.")),
    ]


def _too_long() -> Any:
    return _l("Enter at most %(max)d characters.")


def _select(label: Any, required: bool, description: Any = None) -> SelectField:
    validators: list[Any] = [DataRequired(message=_l("Choose an option."))] if required else []
    return SelectField(
        label,
        validators=validators,
        default="",
        description=description,
        invalid_choice_message=_choice_error(),
    )


def _is_empty(field: Field) -> bool:
    return field.data is None or field.data == "" or field.data == []


def _require(field: Field, message: Any) -> None:
    """Add a 'required' error unless the field has a value or already an error."""
    if _is_empty(field) and not field.errors:
        _add_error(field, message)


def _add_error(field: Field, message: Any) -> None:
    if isinstance(field.errors, tuple):  # not validated yet
        field.errors = list(field.errors)
    field.errors.append(message)


def _has_input(field: Field) -> bool:
    raw = field.raw_data
    return bool(raw and str(raw[0]).strip()) or not _is_empty(field)


def _value(field: Field) -> Any:
    """Field data with empty strings as None, for the model."""
    return None if field.data == "" else field.data


def iter_errors(form: Any) -> Iterator[tuple[Field, str]]:
    """Every (leaf field, message) pair of a validated form, in field order.

    Sub-form fields carry their full name (`runs-0-start_date`), which is also their id.
    """
    for field in form:
        if isinstance(field, FormField):
            yield from iter_errors(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from iter_errors(entry.form)
                else:
                    for message in entry.errors:
                        yield entry, str(message)
            for message in field.errors:
                if not isinstance(message, dict | list):
                    yield field, str(message)
        else:
            for message in field.errors:
                yield field, str(message)


# --- the forms ------------------------------------------------------------------------


class RunForm(FlaskForm):
    """One run (Durchführung) of a training offer. Completely blank rows are ignored."""

    class Meta:
        csrf = False

    start_date = IsoDateField(_l("First day"), validators=[Optional()])
    end_date = IsoDateField(_l("Last day"), validators=[Optional()])
    note = _text(
        _l("Note on this run"),
        200,
        description=_l("For example the place or the times of day, if they differ."),
    )

    def is_blank(self) -> bool:
        """True when nothing was entered (neither valid nor invalid input)."""
        return not any(_has_input(f) for f in self)

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        start, end = self.start_date.data, self.end_date.data
        if start and end and end < start:
            _add_error(self.end_date, _l("The last day must not be before the first day."))
        return not any(True for _ in iter_errors(self))


class PostingForm(FlaskForm):
    """Fields and rules common to vacancies and training offers."""

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Enter a title.")),
            Length(
                min=TITLE_MIN,
                max=TITLE_MAX,
                message=_l("Enter a title of %(min)d to %(max)d characters."),
            ),
        ],
        filters=[clean_line],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            DataRequired(message=_l("Enter a description.")),
            Length(
                min=DESCRIPTION_MIN,
                max=DESCRIPTION_MAX,
                message=_l("Enter a description of %(min)d to %(max)d characters."),
            ),
        ],
        filters=[clean_text],
        description=_l(
            "Markdown: **bold**, *italic*, lists with * and links as [text](https://…)."
        ),
    )
    language = SelectField(
        _l("Language of the posting"),
        validators=[DataRequired(message=_l("Choose the language of the posting."))],
        default="de",
        invalid_choice_message=_choice_error(),
    )

    hiring_choice = RadioField(
        _l("Who offers this?"),
        choices=[
            SelectChoice(HIRING_CLUSTER, _l("Our cluster organisation")),
            SelectChoice(HIRING_OTHER, _l("A member company or institute")),
        ],
        default=HIRING_CLUSTER,
        invalid_choice_message=_choice_error(),
    )
    hiring_name = _text(
        _l("Name of the company or institute"),
        200,
        description=_l("Names you used before are re-used, whatever their capitalisation."),
    )
    hiring_website = StringField(
        _l("Website of the company or institute"),
        validators=[Optional(), Length(max=500, message=_too_long()), http_url()],
        filters=[clean_line],
    )

    street = _text(_l("Street and number"), 200)
    postcode = StringField(
        _l("Postcode"),
        validators=[
            Optional(),
            Regexp(r"^[0-9]{5}$", message=_l("Enter a postcode of 5 digits.")),
        ],
        filters=[clean_line],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code"},
    )
    city = _text(_l("City"), 100)
    land = _select(_l("Land"), required=False)
    region = _select(
        _l("Region"),
        required=False,
        description=_l("The NUTS-2 region: a Regierungsbezirk or a whole Land."),
    )
    nationwide = BooleanField(
        _l("Nationwide"),
        description=_l("The place does not matter, or the offer is available everywhere."),
    )

    sectors = SelectMultipleField(
        _l("Sectors"),
        description=_l("Choose one to three sectors."),
        invalid_choice_message=_choice_error(),
    )

    contact_name = _text(_l("Contact person"), 200)
    contact_email = StringField(
        _l("Contact e-mail address"),
        validators=[
            Optional(),
            Length(max=254, message=_too_long()),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
        filters=[clean_line],
    )
    contact_phone = StringField(
        _l("Contact phone number"),
        validators=[
            Optional(),
            Length(max=50, message=_too_long()),
            Regexp(
                r"^\+?[0-9 ()/\-]{3,}$",
                message=_l("Enter a phone number with digits, spaces and + ( ) / - only."),
            ),
        ],
        filters=[clean_line],
    )
    apply_url = StringField(
        _l("Web address for applications"),
        validators=[Optional(), Length(max=500, message=_too_long()), http_url()],
        filters=[clean_line],
        description=_l("An http:// or https:// address. Give this or an e-mail address."),
    )
    apply_email = StringField(
        _l("E-mail address for applications"),
        validators=[
            Optional(),
            Length(max=254, message=_too_long()),
            Email(message=_l("Enter a valid e-mail address.")),
        ],
        filters=[clean_line],
    )

    #: The model class this form fills.
    posting_class: type[Posting] = Posting

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.language.choices = _choices(taxonomy.POSTING_LANGUAGES.choices())
        self.land.choices = _blank() + _choices(taxonomy.LAENDER.choices())
        self.region.choices = _blank() + [
            SelectChoice(code, taxonomy.region_label(code)) for code in taxonomy.REGIONS.codes
        ]
        self.sectors.choices = _choices(taxonomy.SECTORS.choices())
        self._set_choices()

    def _set_choices(self) -> None:
        """Choices of the kind's own select fields."""

    # -- validation ---------------------------------------------------------------------

    def place_required(self) -> bool:
        return not self.nationwide.data

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        self._check_common()
        self._check_kind()
        self._refresh_errors()
        return not any(True for _ in iter_errors(self))

    def _check_common(self) -> None:
        if self.hiring_choice.data == HIRING_OTHER:
            _require(self.hiring_name, _l("Enter the name of the company or institute."))
        else:  # fields of the hidden choice do not count
            self.hiring_name.errors = []
            self.hiring_website.errors = []

        region = self.region.data
        if region and not self.region.errors:
            if not self.land.data and not self.land.errors:
                self.land.data = taxonomy.land_of(region)
            elif (
                self.land.data
                and not self.land.errors
                and taxonomy.land_of(region) != self.land.data
            ):
                _add_error(self.region, _l("The region is not in the selected Land."))
        if self.place_required():
            _require(self.postcode, _l("Enter the postcode."))
            _require(self.city, _l("Enter the city."))
            _require(self.region, _l("Choose the region."))

        sectors = list(dict.fromkeys(self.sectors.data or []))
        if not self.sectors.errors:
            if not sectors:
                _add_error(self.sectors, _l("Choose at least one sector."))
            elif len(sectors) > MAX_SECTORS:
                _add_error(self.sectors, _l("Choose at most %(max)d sectors.", max=MAX_SECTORS))

        if (
            _is_empty(self.apply_url)
            and _is_empty(self.apply_email)
            and not self.apply_url.errors
            and not self.apply_email.errors
        ):
            _add_error(
                self.apply_url,
                _l("Give a web address or an e-mail address for applications."),
            )

    def _check_kind(self) -> None:
        """Rules of the kind's own fields."""

    def _refresh_errors(self) -> None:
        """FieldList keeps a copy of its entries' errors from validation time."""

    # -- filling the model --------------------------------------------------------------

    def populate_posting(self, posting: Posting, publisher: Organisation) -> Posting:
        """Copy the validated data onto `posting`, field by field.

        `publisher` is the cluster organisation the posting belongs to; it is used to find
        or create the hiring organisation and is not assigned to the posting (the caller
        sets `posting.organisation`). Status, publisher, author and workflow dates are
        never touched.
        """
        if not isinstance(posting, self.posting_class):
            raise TypeError(f"{type(self).__name__} fills a {self.posting_class.__name__}")
        owner = posting.organisation
        if owner is not None and owner is not publisher:
            raise ValueError("the posting belongs to another organisation")

        posting.title = self.title.data
        posting.description = self.description.data
        posting.language = self.language.data
        if self.hiring_choice.data == HIRING_OTHER:
            posting.hiring_organisation = hiring_organisation_for(
                publisher, self.hiring_name.data, _value(self.hiring_website)
            )
        else:
            posting.hiring_organisation = None
        posting.street = _value(self.street)
        posting.postcode = _value(self.postcode)
        posting.city = _value(self.city)
        posting.region = _value(self.region)
        posting.nationwide = bool(self.nationwide.data)
        posting.sectors = list(self.sectors.data or [])
        posting.contact_name = _value(self.contact_name)
        posting.contact_email = _value(self.contact_email)
        posting.contact_phone = _value(self.contact_phone)
        posting.apply_url = _value(self.apply_url)
        posting.apply_email = _value(self.apply_email)
        self._populate_kind(posting)
        return posting

    def _populate_kind(self, posting: Posting) -> None:
        """Copy the kind's own fields."""

    @classmethod
    def for_posting(cls, posting: Posting, **kwargs: Any) -> PostingForm:
        """The form for editing `posting`: request data wins over the stored values."""
        return cls(data=posting_form_data(posting), **kwargs)


class VacancyForm(PostingForm):
    """A job vacancy (Stellenangebot)."""

    posting_class = Vacancy

    employment_type = _select(_l("Type of employment"), required=True)
    contract_type = _select(_l("Contract"), required=False)
    remote_mode = _select(_l("Place of work"), required=True)
    career_level = _select(_l("Career level"), required=False)
    salary_min = AmountField(
        _l("Salary from (EUR)"),
        validators=_amount_validators(),
        description=_l("Optional, but applicants look for it (EU pay transparency)."),
    )
    salary_max = AmountField(
        _l("Salary up to (EUR)"),
        validators=_amount_validators(),
    )
    salary_period = _select(_l("Salary per"), required=False)
    start_date = IsoDateField(
        _l("Start date"),
        validators=[Optional()],
        description=_l("Leave empty for “as soon as possible”."),
    )
    application_deadline = IsoDateField(
        _l("Application deadline"), validators=[Optional(), NotInPast()]
    )
    openings = WholeNumberField(
        _l("Number of openings"),
        validators=[
            Optional(),
            NumberRange(min=1, max=999, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
        default=1,
    )

    def _set_choices(self) -> None:
        self.employment_type.choices = _blank() + _choices(taxonomy.EMPLOYMENT_TYPES.choices())
        self.contract_type.choices = _blank() + _choices(taxonomy.CONTRACT_TYPES.choices())
        self.remote_mode.choices = _blank() + _choices(taxonomy.REMOTE_MODES.choices())
        self.career_level.choices = _blank() + _choices(taxonomy.CAREER_LEVELS.choices())
        self.salary_period.choices = _blank() + _choices(taxonomy.SALARY_PERIODS.choices())

    def place_required(self) -> bool:
        return super().place_required() and self.remote_mode.data != "remote"

    def _check_kind(self) -> None:
        low, high = self.salary_min.data, self.salary_max.data
        if low is not None and high is not None and low > high:
            _add_error(self.salary_max, _l("The upper amount must not be below the lower one."))
        if low is not None or high is not None:
            _require(
                self.salary_period, _l("Choose whether the salary is per year, month or hour.")
            )

    def _populate_kind(self, posting: Posting) -> None:
        posting.employment_type = _value(self.employment_type)
        posting.contract_type = _value(self.contract_type)
        posting.remote_mode = _value(self.remote_mode)
        posting.career_level = _value(self.career_level)
        posting.salary_min = self.salary_min.data
        posting.salary_max = self.salary_max.data
        has_salary = posting.salary_min is not None or posting.salary_max is not None
        posting.salary_period = _value(self.salary_period) if has_salary else None
        posting.start_date = self.start_date.data
        posting.application_deadline = self.application_deadline.data
        posting.openings = self.openings.data if self.openings.data is not None else 1


class TrainingForm(PostingForm):
    """A training or qualification offer (Weiterbildungsangebot) with its runs."""

    posting_class = TrainingOffer

    training_format = _select(_l("Format"), required=True)
    schedule = _select(_l("Full- or part-time"), required=False)
    duration_value = WholeNumberField(
        _l("Duration"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
    )
    duration_unit = _select(_l("Duration in"), required=False)
    is_free = BooleanField(_l("Free of charge"))
    price_eur = AmountField(
        _l("Price (EUR)"),
        validators=_amount_validators(),
    )
    funding_eligible = BooleanField(
        _l("Eligible for funding"), description=_l("For example with a Bildungsgutschein.")
    )
    funding_note = _text(_l("Note on funding"), 200)
    certificate = _text(
        _l("Certificate"), 200, description=_l("For example “Certificate of attendance”.")
    )
    target_group = TextAreaField(
        _l("Target group"),
        validators=[Optional(), Length(max=LONG_TEXT_MAX, message=_too_long())],
        filters=[clean_text],
    )
    prerequisites = TextAreaField(
        _l("Prerequisites"),
        validators=[Optional(), Length(max=LONG_TEXT_MAX, message=_too_long())],
        filters=[clean_text],
    )
    registration_deadline = IsoDateField(
        _l("Registration deadline"), validators=[Optional(), NotInPast()]
    )
    min_participants = WholeNumberField(
        _l("Minimum number of participants"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
    )
    max_participants = WholeNumberField(
        _l("Maximum number of participants"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from %(min)s to %(max)s.")),
        ],
    )
    runs = FieldList(FormField(RunForm), label=_l("Dates"), min_entries=1)

    def _set_choices(self) -> None:
        self.training_format.choices = _blank() + _choices(taxonomy.TRAINING_FORMATS.choices())
        self.schedule.choices = _blank() + _choices(taxonomy.TRAINING_SCHEDULES.choices())
        self.duration_unit.choices = _blank() + _choices(taxonomy.DURATION_UNITS.choices())

    def filled_runs(self) -> list[RunForm]:
        """The run sub-forms that are not completely blank, in the order given."""
        return [entry.form for entry in self.runs.entries if not entry.form.is_blank()]

    def _check_kind(self) -> None:
        if self.duration_value.data is not None:
            _require(self.duration_unit, _l("Choose hours or days."))

        if self.is_free.data:
            if self.price_eur.data is not None:
                _add_error(self.price_eur, _l("Leave the price empty for a free offer."))
        else:
            _require(self.price_eur, _l("Enter the price, or mark the offer as free."))

        low, high = self.min_participants.data, self.max_participants.data
        if low is not None and high is not None and low > high:
            _add_error(
                self.max_participants,
                _l("The maximum must not be below the minimum number of participants."),
            )

        runs = self.filled_runs()
        if not runs:
            _add_error(
                self.runs.entries[0].form.start_date, _l("Enter the dates of at least one run.")
            )
        elif len(runs) > MAX_RUNS:
            _add_error(runs[MAX_RUNS].start_date, _l("Enter at most %(max)d runs.", max=MAX_RUNS))
        previous: date | None = None
        for run in runs:
            _require(run.start_date, _l("Enter the first day."))
            _require(run.end_date, _l("Enter the last day."))
            start = run.start_date.data
            if start is None:
                continue
            if previous is not None and start < previous:
                _add_error(run.start_date, _l("List the runs in order of their first day."))
            previous = start if previous is None else max(previous, start)

        starts = [run.start_date.data for run in runs if run.start_date.data]
        deadline = self.registration_deadline.data
        if deadline and starts and deadline > min(starts):
            _add_error(
                self.registration_deadline,
                _l("The registration deadline must not be after the first day of the first run."),
            )

    def _refresh_errors(self) -> None:
        errors = [entry.errors for entry in self.runs.entries]
        self.runs.errors = errors if any(errors) else []

    def _populate_kind(self, posting: Posting) -> None:
        posting.training_format = _value(self.training_format)
        posting.schedule = _value(self.schedule)
        posting.duration_value = self.duration_value.data
        posting.duration_unit = (
            _value(self.duration_unit) if self.duration_value.data is not None else None
        )
        posting.is_free = bool(self.is_free.data)
        posting.price_eur = None if posting.is_free else self.price_eur.data
        posting.funding_eligible = bool(self.funding_eligible.data)
        posting.funding_note = _value(self.funding_note)
        posting.certificate = _value(self.certificate)
        posting.target_group = _value(self.target_group)
        posting.prerequisites = _value(self.prerequisites)
        posting.registration_deadline = self.registration_deadline.data
        posting.min_participants = self.min_participants.data
        posting.max_participants = self.max_participants.data
        posting.runs = [
            TrainingRun(
                start_date=run.start_date.data,
                end_date=run.end_date.data,
                note=_value(run.note),
            )
            for run in self.filled_runs()
        ]


FORMS: dict[str, type[PostingForm]] = {"vacancy": VacancyForm, "training": TrainingForm}


def form_class_for(posting: Posting) -> type[PostingForm]:
    return VacancyForm if isinstance(posting, Vacancy) else TrainingForm


# --- hiring organisations -------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def hiring_organisation_for(
    publisher: Organisation, name: str, website: str | None = None
) -> HiringOrganisation:
    """The publisher's hiring organisation called `name` (case and spacing ignored), created
    if the publisher has none yet; its website is updated when one is given."""
    name = " ".join(name.split())
    key = _name_key(name)
    for existing in publisher.hiring_organisations:
        if _name_key(existing.name) == key:
            if website:
                existing.website = website
            return existing
    hiring = HiringOrganisation(name=name, website=website or None)
    publisher.hiring_organisations.append(hiring)
    return hiring


# --- editing --------------------------------------------------------------------------


def _text_or_empty(value: Any) -> Any:
    return "" if value is None else value


def posting_form_data(posting: Posting) -> dict[str, Any]:
    """The stored values of `posting` as form data (for `Form(data=...)`)."""
    hiring = posting.hiring_organisation
    data: dict[str, Any] = {
        "title": posting.title,
        "description": posting.description,
        "language": posting.language,
        "hiring_choice": HIRING_OTHER if hiring else HIRING_CLUSTER,
        "hiring_name": hiring.name if hiring else "",
        "hiring_website": _text_or_empty(hiring.website if hiring else None),
        "street": _text_or_empty(posting.street),
        "postcode": _text_or_empty(posting.postcode),
        "city": _text_or_empty(posting.city),
        "land": taxonomy.land_of(posting.region) if posting.region else "",
        "region": _text_or_empty(posting.region),
        "nationwide": bool(posting.nationwide),
        "sectors": list(posting.sectors),
        "contact_name": _text_or_empty(posting.contact_name),
        "contact_email": _text_or_empty(posting.contact_email),
        "contact_phone": _text_or_empty(posting.contact_phone),
        "apply_url": _text_or_empty(posting.apply_url),
        "apply_email": _text_or_empty(posting.apply_email),
    }
    if isinstance(posting, Vacancy):
        data.update(
            employment_type=_text_or_empty(posting.employment_type),
            contract_type=_text_or_empty(posting.contract_type),
            remote_mode=_text_or_empty(posting.remote_mode),
            career_level=_text_or_empty(posting.career_level),
            salary_min=posting.salary_min,
            salary_max=posting.salary_max,
            salary_period=_text_or_empty(posting.salary_period),
            start_date=posting.start_date,
            application_deadline=posting.application_deadline,
            openings=posting.openings,
        )
    else:
        data.update(
            training_format=_text_or_empty(posting.training_format),
            schedule=_text_or_empty(posting.schedule),
            duration_value=posting.duration_value,
            duration_unit=_text_or_empty(posting.duration_unit),
            is_free=bool(posting.is_free),
            price_eur=posting.price_eur,
            funding_eligible=bool(posting.funding_eligible),
            funding_note=_text_or_empty(posting.funding_note),
            certificate=_text_or_empty(posting.certificate),
            target_group=_text_or_empty(posting.target_group),
            prerequisites=_text_or_empty(posting.prerequisites),
            registration_deadline=posting.registration_deadline,
            min_participants=posting.min_participants,
            max_participants=posting.max_participants,
            runs=[
                {"start_date": r.start_date, "end_date": r.end_date, "note": r.note or ""}
                for r in posting.runs
            ],
        )
    return data
