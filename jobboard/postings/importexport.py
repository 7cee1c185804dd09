"""Import and export postings as JSON Lines (one posting per line). See docs/import-format.md.

The import checks every line with the same form classes as the web forms
(`jobboard.postings.forms`): each JSON object is turned into the form data an HTML form would post
(`place.postcode` -> `postcode`, `runs[0].start` -> `runs-0-start_date`, ...) and validated.
Errors are reported as `line N: field: message`, with the field named as in the JSON.

All or nothing: when any line has an error, nothing is written. Otherwise every posting is
created through the workflow (submitted for review, or published with `publish=True`) with
the audit message "imported", in one transaction.

The export writes the same format, so an export can be imported again, plus the read-only
keys `id`, `status`, `published_at` and `expires_at`, which the import accepts and ignores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .. import taxonomy
from ..extensions import db
from ..models import Organisation, Posting, PostingKind, PostingStatus
from . import workflow
from .forms import FORMS, HIRING_CLUSTER, HIRING_OTHER, PostingForm, iter_errors

#: Keys the export writes for information; the import accepts and ignores them.
READ_ONLY_KEYS = ("id", "status", "published_at", "expires_at")

#: The audit message of an imported posting's first entry.
IMPORT_MESSAGE = "imported"

# JSON path -> form field name. Paths of two parts are keys of a nested object.
COMMON_FIELDS: dict[tuple[str, ...], str] = {
    ("title",): "title",
    ("description",): "description",
    ("language",): "language",
    ("hiring_organisation", "name"): "hiring_name",
    ("hiring_organisation", "website"): "hiring_website",
    ("place", "street"): "street",
    ("place", "postcode"): "postcode",
    ("place", "city"): "city",
    ("place", "land"): "land",
    ("place", "region"): "region",
    ("place", "nationwide"): "nationwide",
    ("sectors",): "sectors",
    ("contact", "name"): "contact_name",
    ("contact", "email"): "contact_email",
    ("contact", "phone"): "contact_phone",
    ("apply", "url"): "apply_url",
    ("apply", "email"): "apply_email",
}
VACANCY_FIELDS: dict[tuple[str, ...], str] = {
    ("employment_type",): "employment_type",
    ("contract_type",): "contract_type",
    ("remote_mode",): "remote_mode",
    ("career_level",): "career_level",
    ("salary", "min"): "salary_min",
    ("salary", "max"): "salary_max",
    ("salary", "period"): "salary_period",
    ("start_date",): "start_date",
    ("application_deadline",): "application_deadline",
    ("openings",): "openings",
}
TRAINING_FIELDS: dict[tuple[str, ...], str] = {
    ("training_format",): "training_format",
    ("schedule",): "schedule",
    ("duration", "value"): "duration_value",
    ("duration", "unit"): "duration_unit",
    ("cost", "free"): "is_free",
    ("cost", "price_eur"): "price_eur",
    ("funding", "eligible"): "funding_eligible",
    ("funding", "note"): "funding_note",
    ("certificate",): "certificate",
    ("target_group",): "target_group",
    ("prerequisites",): "prerequisites",
    ("registration_deadline",): "registration_deadline",
    ("participants", "min"): "min_participants",
    ("participants", "max"): "max_participants",
}
# runs[i].<key> -> runs-i-<form field>
RUN_FIELDS = {"start": "start_date", "end": "end_date", "note": "note"}

FIELDS: dict[str, dict[tuple[str, ...], str]] = {
    "vacancy": {**COMMON_FIELDS, **VACANCY_FIELDS},
    "training": {**COMMON_FIELDS, **TRAINING_FIELDS},
}
BOOLEAN_FIELDS = frozenset({"nationwide", "is_free", "funding_eligible"})
LIST_FIELDS = frozenset({"sectors"})


def _top_level_keys(kind: str) -> frozenset[str]:
    keys = {path[0] for path in FIELDS[kind]} | {"kind", "organisation", *READ_ONLY_KEYS}
    if kind == "training":
        keys.add("runs")
    return frozenset(keys)


def _sections(kind: str) -> dict[str, frozenset[str]]:
    sections: dict[str, set[str]] = {}
    for path in FIELDS[kind]:
        if len(path) == 2:
            sections.setdefault(path[0], set()).add(path[1])
    return {name: frozenset(keys) for name, keys in sections.items()}


TOP_LEVEL_KEYS = {kind: _top_level_keys(kind) for kind in FIELDS}
SECTIONS = {kind: _sections(kind) for kind in FIELDS}

# Form field name -> the JSON path shown in error messages.
_ERROR_PATHS = {name: ".".join(path) for fields in FIELDS.values() for path, name in fields.items()}
_ERROR_PATHS["hiring_choice"] = "hiring_organisation"
_ERROR_PATHS["runs"] = "runs"
_RUN_PATHS = {form_name: key for key, form_name in RUN_FIELDS.items()}


@dataclass(frozen=True)
class LineError:
    """One problem of one line: `str()` gives `line N: field: message`."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"line {self.line}: {self.field}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    lines_read: int = 0  # non-blank lines
    imported: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- JSON -> form data -------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_line(text: str) -> Any:
    """Parse one JSON line strictly: no NaN/Infinity, no duplicate keys, exact decimals."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_constant=_reject_constant,
        object_pairs_hook=_object_without_duplicates,
    )


def error_path(form_field_name: str) -> str:
    """The JSON path of a form field, as error messages name it (`runs[0].start`)."""
    if form_field_name.startswith("runs-"):
        _, index, name = form_field_name.split("-", 2)
        return f"runs[{index}].{_RUN_PATHS.get(name, name)}"
    return _ERROR_PATHS.get(form_field_name, form_field_name)


def _form_value(value: Any, form_name: str, path: str, problems: list[tuple[str, str]]) -> list:
    """The form values for one JSON value ([] for null or false)."""
    if value is None:
        return []
    if form_name in BOOLEAN_FIELDS:
        if not isinstance(value, bool):
            problems.append((path, "expected true or false"))
            return []
        return ["y"] if value else []
    if form_name in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append((path, "expected a list of codes"))
            return []
        return list(value)
    if isinstance(value, bool | dict | list):
        problems.append((path, "expected a text or a number"))
        return []
    return [str(value)]


def formdata_from_json(obj: dict[str, Any], kind: str) -> tuple[MultiDict, list[tuple[str, str]]]:
    """The HTML form data for one posting object, and the problems of its shape
    (unknown keys, wrong types) as (JSON path, message) pairs."""
    problems: list[tuple[str, str]] = []
    other_kinds = [k for k in FIELDS if k != kind]
    for key in obj:
        if key not in TOP_LEVEL_KEYS[kind]:
            if any(key in TOP_LEVEL_KEYS[k] for k in other_kinds):
                problems.append((key, f"unknown key for a {kind}"))
            else:
                problems.append((key, "unknown key"))

    sections: dict[str, dict[str, Any]] = {}
    for name, allowed in SECTIONS[kind].items():
        value = obj.get(name)
        if value is None:
            sections[name] = {}
            continue
        if not isinstance(value, dict):
            problems.append((name, "expected an object"))
            sections[name] = {}
            continue
        for key in value:
            if key not in allowed:
                problems.append((f"{name}.{key}", "unknown key"))
        sections[name] = value

    data: MultiDict = MultiDict()
    for path, form_name in FIELDS[kind].items():
        value = obj.get(path[0]) if len(path) == 1 else sections[path[0]].get(path[1])
        for item in _form_value(value, form_name, ".".join(path), problems):
            data.add(form_name, item)

    hiring = obj.get("hiring_organisation")
    data["hiring_choice"] = HIRING_OTHER if isinstance(hiring, dict) else HIRING_CLUSTER

    # The Land follows from the region unless given (the web form asks for both).
    region = data.get("region")
    if "land" not in data and region:
        data["land"] = taxonomy.land_of(region)

    if kind == "training":
        runs = obj.get("runs")
        if runs is not None and not isinstance(runs, list):
            problems.append(("runs", "expected a list of runs"))
            runs = None
        for index, run in enumerate(runs or []):
            if not isinstance(run, dict):
                problems.append((f"runs[{index}]", "expected an object"))
                continue
            for key in run:
                if key not in RUN_FIELDS:
                    problems.append((f"runs[{index}].{key}", "unknown key"))
            for key, form_name in RUN_FIELDS.items():
                path = f"runs[{index}].{key}"
                for item in _form_value(run.get(key), form_name, path, problems):
                    data.add(f"runs-{index}-{form_name}", item)
    return data, problems


# --- import -------------------------------------------------------------------------------


@dataclass
class _Checked:
    line: int
    form: PostingForm
    organisation: Organisation


class _Organisations:
    def __init__(self) -> None:
        self._by_slug: dict[str, Organisation | None] = {}

    def get(self, slug: str) -> Organisation | None:
        if slug not in self._by_slug:
            self._by_slug[slug] = db.session.scalar(
                select(Organisation).where(Organisation.slug == slug)
            )
        return self._by_slug[slug]


def _check_line(
    text: str, line: int, organisations: _Organisations
) -> tuple[_Checked | None, list[LineError]]:
    errors: list[LineError] = []

    def error(path: str | None, message: str) -> None:
        errors.append(LineError(line, path, message))

    try:
        obj = parse_line(text)
    except _DuplicateKey as exc:
        error(None, f"invalid JSON: {exc}")
        return None, errors
    except json.JSONDecodeError as exc:
        error(None, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return None, errors
    except (ValueError, RecursionError) as exc:
        error(None, f"invalid JSON: {exc}")
        return None, errors
    if not isinstance(obj, dict):
        error(None, "expected a JSON object, one posting per line")
        return None, errors

    kind = obj.get("kind")
    if kind is None:
        error("kind", "required: vacancy or training")
    elif not isinstance(kind, str) or kind not in FIELDS:
        error("kind", f"unknown kind {kind!r}: expected vacancy or training")

    organisation = None
    slug = obj.get("organisation")
    if slug is None:
        error("organisation", "required: the slug of the publishing cluster organisation")
    elif not isinstance(slug, str):
        error("organisation", "expected the slug of a cluster organisation")
    else:
        organisation = organisations.get(slug)
        if organisation is None:
            error("organisation", f"unknown organisation {slug!r}")
        elif not organisation.active:
            error("organisation", f"organisation {slug!r} is not active")

    if not isinstance(kind, str) or kind not in FIELDS:
        return None, errors

    formdata, problems = formdata_from_json(obj, kind)
    for path, message in problems:
        error(path, message)
    form = FORMS[kind](formdata=formdata, meta={"csrf": False})
    if not form.validate():
        for form_field, message in iter_errors(form):
            error(error_path(form_field.name), message)
    if errors or organisation is None:
        return None, errors
    return _Checked(line, form, organisation), errors


def import_lines(file: Iterable[str], publish: bool = False) -> ImportResult:
    """Check every line of `file` (JSON Lines, blank lines skipped), then create all
    postings in one transaction, or none when any line has an error.

    Postings are created submitted for review, or published with `publish=True`; either
    way through `workflow.create()` with the audit message "imported" and no actor.
    Messages are in English (the language of the command line).
    """
    result = ImportResult()
    checked: list[_Checked] = []
    organisations = _Organisations()
    with force_locale("en"):
        for number, raw in enumerate(file, start=1):
            text = raw.strip()
            if number == 1:
                text = text.lstrip("\ufeff").strip()
            if not text:
                continue
            result.lines_read += 1
            item, errors = _check_line(text, number, organisations)
            result.errors.extend(errors)
            if item is not None:
                checked.append(item)
        if result.errors:
            return result

        status = PostingStatus.PUBLISHED if publish else PostingStatus.SUBMITTED
        try:
            for item in checked:
                posting = item.form.posting_class(organisation=item.organisation)
                item.form.populate_posting(posting, item.organisation)
                workflow.create(posting, None, status=status, message=IMPORT_MESSAGE)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    result.imported = len(checked)
    return result


# --- export -------------------------------------------------------------------------------


def _number(value: Decimal | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def posting_record(posting: Posting) -> dict[str, Any]:
    """One posting in the import format, with the read-only keys."""
    hiring = posting.hiring_organisation
    record: dict[str, Any] = {
        "id": posting.id,
        "kind": posting.kind.value,
        "organisation": posting.organisation.slug,
        "title": posting.title,
        "description": posting.description,
        "language": posting.language,
        "hiring_organisation": (
            {"name": hiring.name, "website": hiring.website} if hiring is not None else None
        ),
        "place": {
            "street": posting.street,
            "postcode": posting.postcode,
            "city": posting.city,
            "land": taxonomy.land_of(posting.region) if posting.region else None,
            "region": posting.region,
            "nationwide": bool(posting.nationwide),
        },
        "sectors": list(posting.sectors),
        "contact": {
            "name": posting.contact_name,
            "email": posting.contact_email,
            "phone": posting.contact_phone,
        },
        "apply": {"url": posting.apply_url, "email": posting.apply_email},
    }
    if posting.kind == PostingKind.VACANCY:
        record.update(
            employment_type=posting.employment_type,
            contract_type=posting.contract_type,
            remote_mode=posting.remote_mode,
            career_level=posting.career_level,
            salary={
                "min": _number(posting.salary_min),
                "max": _number(posting.salary_max),
                "period": posting.salary_period,
            },
            start_date=_iso(posting.start_date),
            application_deadline=_iso(posting.application_deadline),
            openings=posting.openings,
        )
    else:
        record.update(
            training_format=posting.training_format,
            schedule=posting.schedule,
            duration={"value": posting.duration_value, "unit": posting.duration_unit},
            cost={"free": bool(posting.is_free), "price_eur": _number(posting.price_eur)},
            funding={"eligible": bool(posting.funding_eligible), "note": posting.funding_note},
            certificate=posting.certificate,
            target_group=posting.target_group,
            prerequisites=posting.prerequisites,
            registration_deadline=_iso(posting.registration_deadline),
            participants={"min": posting.min_participants, "max": posting.max_participants},
            runs=[
                {"start": _iso(run.start_date), "end": _iso(run.end_date), "note": run.note}
                for run in posting.runs
            ],
        )
    record.update(
        status=posting.status.value,
        published_at=_iso(posting.published_at),
        expires_at=_iso(posting.expires_at),
    )
    return record


def export_lines(output: TextIO, statuses: Iterable[str] | None = None) -> int:
    """Write postings (all, or those in `statuses`) to `output` as JSON Lines, by id.

    Raises ValueError for an unknown status. Returns the number of postings written.
    """
    stmt = select(Posting).order_by(Posting.id)
    if statuses:
        try:
            wanted = [PostingStatus(s) for s in statuses]
        except ValueError:
            known = ", ".join(s.value for s in PostingStatus)
            raise ValueError(f"unknown status in {list(statuses)}; known: {known}") from None
        stmt = stmt.where(Posting.status.in_(wanted))
    count = 0
    for posting in db.session.scalars(stmt):
        output.write(json.dumps(posting_record(posting), ensure_ascii=False) + "\n")
        count += 1
    return count
