"""The posting forms: every field rule, and copying validated data onto a posting."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from jobboard.extensions import db
from jobboard.fields import is_http_url
from jobboard.models import HiringOrganisation, PostingStatus, TrainingOffer, Vacancy
from jobboard.postings.forms import (
    PostingForm,
    TrainingForm,
    VacancyForm,
    hiring_organisation_for,
    iter_errors,
)
from jobboard.timeutil import today_berlin

S = PostingStatus


@pytest.fixture(autouse=True)
def english(app):
    """Forms are built as in a request for an English page; messages are English msgids."""
    with app.test_request_context("/en/", method="POST"), force_locale("en"):
        yield


def day(offset: int) -> str:
    return (today_berlin() + timedelta(days=offset)).isoformat()


COMMON = {
    "title": "Softwareentwickler (m/w/d)",
    "description": "Wir suchen Verstärkung für unser Team in **München**.",
    "language": "de",
    "hiring_choice": "other",
    "hiring_name": "Müller Technik GmbH",
    "hiring_website": "https://mueller.example.com",
    "street": "Marienplatz 1",
    "postcode": "80331",
    "city": "München",
    "land": "DE2",
    "region": "DE21",
    "sectors": ["digital", "mobility"],
    "contact_name": "Erika Mustermann",
    "contact_email": "erika@example.org",
    "contact_phone": "+49 89 123456-0",
    "apply_url": "https://mueller.example.com/jobs/42",
    "apply_email": "jobs@example.org",
}
VACANCY = {
    **COMMON,
    "employment_type": "full_time",
    "contract_type": "permanent",
    "remote_mode": "hybrid",
    "career_level": "professional",
    "salary_min": "52000",
    "salary_max": "64000.50",
    "salary_period": "year",
    "start_date": day(30),
    "application_deadline": day(20),
    "openings": "2",
}
TRAINING = {
    **COMMON,
    "title": "Weiterbildung Batterietechnik",
    "training_format": "blended",
    "schedule": "part_time",
    "duration_value": "24",
    "duration_unit": "hours",
    "price_eur": "490",
    "funding_eligible": "y",
    "funding_note": "Bildungsgutschein möglich",
    "certificate": "Teilnahmezertifikat",
    "target_group": "Fachkräfte aus der Produktion",
    "prerequisites": "Keine",
    "registration_deadline": day(10),
    "min_participants": "5",
    "max_participants": "12",
    "runs-0-start_date": day(30),
    "runs-0-end_date": day(32),
    "runs-0-note": "Ulm",
    "runs-1-start_date": day(60),
    "runs-1-end_date": day(60),
}


def formdata(base: dict, **changes) -> MultiDict:
    """`base` with `changes`; a change to None removes the key."""
    values = {**base, **changes}
    data = MultiDict()
    for key, value in values.items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    return data


def vacancy_form(**changes) -> VacancyForm:
    return VacancyForm(formdata=formdata(VACANCY, **changes), meta={"csrf": False})


def training_form(**changes) -> TrainingForm:
    return TrainingForm(formdata=formdata(TRAINING, **changes), meta={"csrf": False})


def errors_of(form: PostingForm) -> dict[str, list[str]]:
    form.validate()
    found: dict[str, list[str]] = {}
    for field, message in iter_errors(form):
        found.setdefault(field.name, []).append(message)
    return found


def assert_only_error(form: PostingForm, field: str, text: str | None = None) -> None:
    errors = errors_of(form)
    assert list(errors) == [field], errors
    if text is not None:
        assert any(text in message for message in errors[field]), errors


# --- valid data ----------------------------------------------------------------------


def test_complete_forms_are_valid():
    assert errors_of(vacancy_form()) == {}
    assert errors_of(training_form()) == {}


def test_minimal_forms_are_valid():
    minimal = {
        "title": "Praktikum",
        "description": "Ein Praktikum im Bereich Sensorik für sechs Monate.",
        "postcode": "01067",
        "city": "Dresden",
        "region": "DED2",
        "sectors": "electronics",
        "apply_email": "praktikum@example.org",
    }
    form = VacancyForm(
        formdata=formdata(minimal, employment_type="internship", remote_mode="on_site"),
        meta={"csrf": False},
    )
    assert errors_of(form) == {}
    assert form.land.data == "DED"  # derived from the region

    training = {**minimal, "training_format": "self_paced", "is_free": "y"}
    training["runs-0-start_date"] = training["runs-0-end_date"] = day(5)
    form = TrainingForm(formdata=formdata(training), meta={"csrf": False})
    assert errors_of(form) == {}


# --- required fields ------------------------------------------------------------------


COMMON_REQUIRED = {"title", "description", "postcode", "city", "region", "sectors", "apply_url"}


def test_required_fields_of_a_vacancy():
    form = VacancyForm(formdata=MultiDict(), meta={"csrf": False})
    assert set(errors_of(form)) == COMMON_REQUIRED | {"employment_type", "remote_mode"}


def test_required_fields_of_a_training_offer():
    form = TrainingForm(formdata=MultiDict(), meta={"csrf": False})
    assert set(errors_of(form)) == COMMON_REQUIRED | {
        "training_format",
        "price_eur",
        "runs-0-start_date",
    }


@pytest.mark.parametrize("field", ["title", "description", "employment_type", "remote_mode"])
def test_each_required_vacancy_field(field):
    assert_only_error(vacancy_form(**{field: None}), field)


@pytest.mark.parametrize("field", ["title", "description", "training_format"])
def test_each_required_training_field(field):
    assert_only_error(training_form(**{field: None}), field)


def test_white_space_is_not_a_value():
    assert_only_error(vacancy_form(title="      "), "title", "Enter a title.")


def test_hiring_name_is_required_for_another_organisation_only():
    assert_only_error(vacancy_form(hiring_name=""), "hiring_name")
    # The fields of the unchosen option do not count, even if filled in wrongly.
    form = vacancy_form(hiring_choice="cluster", hiring_name="", hiring_website="ftp://x.example")
    assert errors_of(form) == {}
    assert_only_error(vacancy_form(hiring_choice="somebody"), "hiring_choice")


# --- lengths ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("title", "a" * 4, False),
        ("title", "a" * 5, True),
        ("title", "a" * 200, True),
        ("title", "a" * 201, False),
        ("description", "d" * 29, False),
        ("description", "d" * 30, True),
        ("description", "d" * 20000, True),
        ("description", "d" * 20001, False),
        ("city", "c" * 101, False),
        ("hiring_name", "h" * 201, False),
        ("funding_note", "f" * 201, False),
        ("target_group", "t" * 2001, False),
    ],
)
def test_lengths(field, value, ok):
    errors = errors_of(training_form(**{field: value}))
    assert (errors == {}) is ok, errors
    if not ok:
        assert list(errors) == [field]


def test_length_counts_after_trimming():
    assert_only_error(vacancy_form(title="  abcd  "), "title", "5 to 200 characters")


def test_control_characters_are_removed():
    form = vacancy_form(title="Entwick\x00ler (m/w/d)", description="Zeile eins\r\nZeile zwei " * 3)
    assert errors_of(form) == {}
    assert form.title.data == "Entwickler (m/w/d)"
    assert "\r" not in form.description.data


# --- place ----------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["1234", "123456", "12a45", "80 331", "８０３３１"])
def test_postcode_has_five_digits(postcode):
    assert_only_error(vacancy_form(postcode=postcode), "postcode", "Enter a postcode of 5 digits.")


def test_postcode_with_leading_zero():
    assert errors_of(vacancy_form(postcode="01067", land="DED", region="DED2")) == {}


def test_region_must_lie_in_the_land():
    assert_only_error(
        vacancy_form(land="DE1", region="DE21"),
        "region",
        "The region is not in the selected Land.",
    )
    assert errors_of(vacancy_form(land="DE2", region="DE27")) == {}
    assert errors_of(vacancy_form(land=None, region="DEA2")) == {}


def test_unknown_region_and_land_codes():
    assert_only_error(vacancy_form(land=None, region="DE99"), "region")
    assert_only_error(vacancy_form(land="DEZ"), "land")


def test_place_is_optional_when_nationwide():
    place = {"street": None, "postcode": None, "city": None, "land": None, "region": None}
    assert set(errors_of(vacancy_form(**place))) == {"postcode", "city", "region"}
    assert errors_of(vacancy_form(nationwide="y", **place)) == {}
    assert errors_of(training_form(nationwide="y", **place)) == {}
    # A nationwide posting may still name its base, which must then be valid.
    assert_only_error(vacancy_form(nationwide="y", postcode="123"), "postcode")


def test_place_is_optional_for_remote_vacancies():
    place = {"postcode": None, "city": None, "land": None, "region": None}
    assert errors_of(vacancy_form(remote_mode="remote", **place)) == {}
    assert set(errors_of(vacancy_form(remote_mode="hybrid", **place))) == {
        "postcode",
        "city",
        "region",
    }


# --- sectors ----------------------------------------------------------------------------


def test_one_to_three_sectors():
    assert_only_error(vacancy_form(sectors=None), "sectors", "at least one sector")
    four = ["digital", "health", "retail", "tourism"]
    assert_only_error(vacancy_form(sectors=four), "sectors", "at most 3 sectors")
    assert errors_of(vacancy_form(sectors=four[:3])) == {}
    assert_only_error(vacancy_form(sectors=["digital", "space-travel"]), "sectors")


# --- vacancy specifics ----------------------------------------------------------------


def test_salary_range():
    assert_only_error(vacancy_form(salary_min="70000", salary_max="60000"), "salary_max")
    assert errors_of(vacancy_form(salary_min="60000", salary_max="60000")) == {}
    assert errors_of(vacancy_form(salary_min=None, salary_max=None, salary_period=None)) == {}
    assert errors_of(vacancy_form(salary_min=None)) == {}


def test_salary_period_is_required_with_an_amount():
    assert_only_error(vacancy_form(salary_period=""), "salary_period")
    assert_only_error(vacancy_form(salary_min=None, salary_period=""), "salary_period")


# "1.005" is not here: in German it reads one thousand and five (see the notation test).
@pytest.mark.parametrize(
    "amount", ["-1", "abc", "NaN", "Infinity", "sNaN", "12.3456", "0.005", "1e12"]
)
def test_salary_must_be_a_plain_non_negative_amount(amount):
    assert_only_error(vacancy_form(salary_min=amount, salary_max=None), "salary_min")


def test_application_deadline_not_in_the_past():
    assert_only_error(
        vacancy_form(application_deadline=day(-1)),
        "application_deadline",
        "must not be in the past",
    )
    assert errors_of(vacancy_form(application_deadline=day(0))) == {}


@pytest.mark.parametrize("value", ["31.12.2030", "2030-02-30", "2030-1-5", "tomorrow", "20301231"])
def test_dates_are_iso(value):
    assert_only_error(vacancy_form(start_date=value), "start_date", "YYYY-MM-DD")


@pytest.mark.parametrize(
    ("openings", "ok"), [("0", False), ("1", True), ("999", True), ("1000", False), ("2.5", False)]
)
def test_openings(openings, ok):
    errors = errors_of(vacancy_form(openings=openings))
    assert (errors == {}) is ok, errors


def test_remote_mode_and_employment_type_come_from_the_taxonomy():
    assert_only_error(vacancy_form(employment_type="minijob"), "employment_type")
    assert_only_error(vacancy_form(remote_mode="moon"), "remote_mode")


# --- training specifics -----------------------------------------------------------------


def test_price_or_free():
    assert_only_error(training_form(price_eur=None), "price_eur", "mark the offer as free")
    assert errors_of(training_form(price_eur=None, is_free="y")) == {}
    assert_only_error(training_form(is_free="y"), "price_eur", "free offer")
    assert errors_of(training_form(price_eur="0")) == {}
    assert_only_error(training_form(price_eur="-10"), "price_eur")


def test_duration():
    assert_only_error(training_form(duration_value="0"), "duration_value")
    assert_only_error(training_form(duration_value="10001"), "duration_value")
    assert_only_error(training_form(duration_unit=""), "duration_unit")
    assert errors_of(training_form(duration_value=None, duration_unit=None)) == {}


def test_participants_min_not_above_max():
    assert_only_error(
        training_form(min_participants="13", max_participants="12"), "max_participants"
    )
    assert errors_of(training_form(min_participants="12", max_participants="12")) == {}


def test_registration_deadline():
    assert_only_error(training_form(registration_deadline=day(-1)), "registration_deadline")
    assert_only_error(
        training_form(registration_deadline=day(31)),
        "registration_deadline",
        "not be after the first day of the first run",
    )
    assert errors_of(training_form(registration_deadline=day(30))) == {}


def test_at_least_one_run():
    no_runs = {"runs-0-start_date": None, "runs-0-end_date": None, "runs-0-note": None}
    form = training_form(**no_runs, **{"runs-1-start_date": None, "runs-1-end_date": None})
    assert_only_error(form, "runs-0-start_date", "at least one run")


def test_each_run_ends_on_or_after_its_start():
    assert_only_error(
        training_form(**{"runs-1-end_date": day(59)}),
        "runs-1-end_date",
        "not be before the first day",
    )


def test_runs_in_chronological_order():
    form = training_form(**{"runs-1-start_date": day(20), "runs-1-end_date": day(21)})
    errors = errors_of(form)
    assert list(errors) == ["runs-1-start_date"]
    assert "in order" in errors["runs-1-start_date"][0]
    # form.errors (what templates use) shows it too.
    assert form.errors["runs"][1]["start_date"] == errors["runs-1-start_date"]


def test_a_run_needs_both_days_and_blank_rows_are_ignored():
    assert_only_error(training_form(**{"runs-1-end_date": ""}), "runs-1-end_date")
    form = training_form(**{"runs-2-start_date": "", "runs-2-end_date": "", "runs-2-note": " "})
    assert errors_of(form) == {}
    assert len(form.filled_runs()) == 2


def test_an_invalid_run_date_is_reported_once():
    assert errors_of(training_form(**{"runs-0-start_date": "morgen"})) == {
        "runs-0-start_date": ["Enter a valid date as YYYY-MM-DD."]
    }


# --- addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://files.example.org/jobs.pdf",
        "data:text/html,<script>alert(1)</script>",
        "mailto:jobs@example.org",
        "//example.org/jobs",
        "example.org/jobs",
        "https://",
        "https://exa mple.org",
        "http://example.org:99999/",
        "https://nodot/",
    ],
)
def test_only_http_and_https_addresses(url):
    assert not is_http_url(url)
    assert_only_error(vacancy_form(apply_url=url), "apply_url", "http:// or https://")
    assert_only_error(vacancy_form(hiring_website=url), "hiring_website")


@pytest.mark.parametrize(
    "url",
    ["http://example.org", "https://example.org/jobs?id=4#x", "HTTPS://Example.ORG/Stellen/ä"],
)
def test_http_and_https_addresses_pass(url):
    assert is_http_url(url)
    assert errors_of(vacancy_form(apply_url=url, hiring_website=url)) == {}


@pytest.mark.parametrize(
    "email", ["not-an-email", "a@b", "jobs@example.org,x@example.org", "@x.de"]
)
def test_email_addresses_must_be_valid(email):
    assert_only_error(vacancy_form(apply_email=email), "apply_email", "valid e-mail address")
    assert_only_error(vacancy_form(contact_email=email), "contact_email")


def test_phone_number_characters():
    assert_only_error(vacancy_form(contact_phone="call me"), "contact_phone")


def test_apply_url_or_apply_email_is_required():
    assert_only_error(
        vacancy_form(apply_url=None, apply_email=None),
        "apply_url",
        "web address or an e-mail address",
    )
    assert errors_of(vacancy_form(apply_url=None)) == {}
    assert errors_of(vacancy_form(apply_email=None)) == {}
    # An invalid address is reported as such, not as "missing".
    errors = errors_of(vacancy_form(apply_url="ftp://x.example.org", apply_email=None))
    assert errors == {"apply_url": ["Enter a web address starting with http:// or https://."]}


# --- languages and choices --------------------------------------------------------------


def pairs(field) -> list[tuple[str, str]]:
    return [(choice.value, str(choice.label)) for choice in field.choices]


def test_choices_follow_the_language_of_the_request(app):
    with force_locale("de"):
        german = VacancyForm(meta={"csrf": False})
    english = VacancyForm(meta={"csrf": False})
    assert ("full_time", "Vollzeit") in pairs(german.employment_type)
    assert ("full_time", "Full-time") in pairs(english.employment_type)
    assert ("DE21", "Upper Bavaria, Bavaria") in pairs(english.region)
    assert ("DE21", "Oberbayern, Bayern") in pairs(german.region)
    assert_only_error(vacancy_form(language="fr"), "language")


# --- copying onto a posting -----------------------------------------------------------


def test_populate_a_new_vacancy(factory):
    org = factory.organisation()
    form = vacancy_form()
    assert form.validate()
    posting = Vacancy(organisation=org)
    form.populate_posting(posting, org)
    assert posting.title == "Softwareentwickler (m/w/d)"
    assert posting.sectors == ["digital", "mobility"]
    assert posting.region == "DE21" and posting.postcode == "80331"
    assert posting.salary_min == Decimal("52000") and posting.salary_max == Decimal("64000.50")
    assert posting.openings == 2
    assert posting.hiring_organisation.name == "Müller Technik GmbH"
    assert posting.hiring_organisation.publisher is org
    assert posting.status is None and posting.published_at is None


def test_populate_a_new_training_offer(factory):
    org = factory.organisation()
    form = training_form(hiring_choice="cluster")
    assert form.validate()
    posting = TrainingOffer(organisation=org)
    form.populate_posting(posting, org)
    assert posting.hiring_organisation is None
    assert [(r.start_date.isoformat(), r.end_date.isoformat(), r.note) for r in posting.runs] == [
        (day(30), day(32), "Ulm"),
        (day(60), day(60), None),
    ]
    assert posting.price_eur == Decimal("490") and posting.is_free is False
    assert posting.funding_eligible is True and posting.min_participants == 5


def test_populate_ignores_workflow_fields_sent_as_form_data(factory):
    org, other = factory.organisation(), factory.organisation()
    posting = factory.vacancy(organisation=org, status=S.SUBMITTED)
    db.session.commit()
    before = (posting.status, posting.organisation_id, posting.published_at, posting.submitted_at)
    extra = {
        "status": "published",
        "organisation_id": str(other.id),
        "published_at": "2020-01-01T00:00:00",
        "expires_at": "2099-01-01T00:00:00",
        "created_by_id": "1",
        "id": "999",
        "kind": "training",
    }
    form = vacancy_form(**extra)
    assert form.validate()
    form.populate_posting(posting, org)
    db.session.commit()
    after = (posting.status, posting.organisation_id, posting.published_at, posting.submitted_at)
    assert after == before
    assert posting.expires_at is None and posting.created_by_id is None
    assert posting.kind.value == "vacancy" and posting.id != 999


def test_populate_refuses_the_wrong_kind_or_publisher(factory):
    org, other = factory.organisation(), factory.organisation()
    form = vacancy_form()
    assert form.validate()
    with pytest.raises(TypeError):
        form.populate_posting(TrainingOffer(organisation=org), org)
    with pytest.raises(ValueError, match="another organisation"):
        form.populate_posting(Vacancy(organisation=other), org)


def count_hiring(org) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(HiringOrganisation)
        .where(HiringOrganisation.publisher_id == org.id)
    )


def test_hiring_organisation_is_reused_case_insensitively(factory):
    org, other = factory.organisation(), factory.organisation()
    known = factory.hiring(org, name="Müller Technik GmbH", website="https://old.example.com")
    db.session.commit()

    form = vacancy_form(
        hiring_name="  MÜLLER   technik gmbh ", hiring_website="https://new.example.com"
    )
    assert form.validate()
    posting = Vacancy(organisation=org)
    form.populate_posting(posting, org)
    assert posting.hiring_organisation is known
    assert known.website == "https://new.example.com"
    assert known.name == "Müller Technik GmbH"

    # Without a website the stored one stays.
    assert hiring_organisation_for(org, "müller technik gmbh", None) is known
    assert known.website == "https://new.example.com"

    # Another publisher gets its own row.
    theirs = hiring_organisation_for(other, "Müller Technik GmbH")
    assert theirs is not known and theirs.publisher is other
    db.session.commit()
    assert count_hiring(org) == 1 and count_hiring(other) == 1


def test_form_for_editing_an_existing_posting(factory):
    org = factory.organisation()
    hiring = factory.hiring(org, name="Firma Beispiel GmbH")
    vacancy = factory.vacancy(organisation=org, hiring_organisation=hiring)
    training = factory.training(organisation=org)
    db.session.commit()

    form = VacancyForm.for_posting(vacancy, formdata=None, meta={"csrf": False})
    assert form.title.data == vacancy.title
    assert form.hiring_choice.data == "other" and form.hiring_name.data == "Firma Beispiel GmbH"
    assert form.land.data == "DE2" and form.sectors.data == ["digital"]
    assert form.validate(), form.errors

    form = TrainingForm.for_posting(training, formdata=None, meta={"csrf": False})
    assert form.runs.entries[0].form.start_date.data == training.runs[0].start_date
    assert form.hiring_choice.data == "cluster"
    assert form.validate(), form.errors


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("490,50", "490.50"),
        ("490.50", "490.50"),
        ("52.000", "52000"),
        ("52 000", "52000"),
        ("52.000,00", "52000.00"),
        ("52,000.00", "52000.00"),
        ("52000 €", "52000"),
    ],
)
def test_amounts_typed_the_german_or_english_way(typed, expected):
    from decimal import Decimal

    from jobboard.postings.forms import normalise_amount

    assert Decimal(normalise_amount(typed)) == Decimal(expected)
