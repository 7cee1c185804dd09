"""Revisions of published postings: the edited values waiting for the programme office.

A revision stores the values of a validated posting form as JSON, in the shape of
`forms.posting_form_data()`. The moderator sees them as a field-by-field diff against the
live posting; approving runs the stored values through the posting's form once more (as
form data, so that every rule runs as it does for a browser's request) and writes them
onto the posting with `populate_posting()`. Callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import (
    Field,
    FieldList,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)

from .. import taxonomy
from ..models import AuditEvent, Posting, PostingRevision, PostingStatus, RevisionStatus, User
from ..templating import money, short_date
from ..timeutil import utcnow
from . import workflow
from .forms import (
    HIRING_OTHER,
    PostingForm,
    TrainingForm,
    form_class_for,
    iter_errors,
    posting_form_data,
)

_DATE_KEYS = ("start_date", "application_deadline", "registration_deadline", "end_date")
_AMOUNT_KEYS = ("salary_min", "salary_max", "price_eur")
_CENT = Decimal("0.01")


class RevisionInvalid(workflow.WorkflowError):
    """The stored values no longer pass the form's rules (a date has passed, a rule has
    changed); `problems` lists (field label, message). Nothing was changed."""

    def __init__(self, posting: Posting, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__(posting, posting.status, "the proposed values do not pass the checks")


# --- revision data: the form's values as JSON, in the shape of posting_form_data() -------


def form_values(form: PostingForm) -> dict[str, Any]:
    """What `populate_posting()` would store, keyed and shaped like `posting_form_data()`."""
    data: dict[str, Any] = {}
    for field in form:
        if field.name in ("csrf_token", "runs"):
            continue
        value = field.data
        if value is None and _is_text(field):
            value = ""
        data[field.name] = value
    if data.get("hiring_choice") != HIRING_OTHER:
        data["hiring_name"] = data["hiring_website"] = ""
    data["land"] = taxonomy.land_of(data["region"]) if data.get("region") else ""
    data["nationwide"] = bool(data.get("nationwide"))
    data["sectors"] = list(dict.fromkeys(data.get("sectors") or []))
    if isinstance(form, TrainingForm):
        data["is_free"] = bool(data["is_free"])
        data["funding_eligible"] = bool(data["funding_eligible"])
        if data["duration_value"] is None:
            data["duration_unit"] = ""
        if data["is_free"]:
            data["price_eur"] = None
        data["runs"] = [
            {"start_date": run.start_date.data, "end_date": run.end_date.data,
             "note": run.note.data or ""}
            for run in form.filled_runs()
        ]  # fmt: skip
    else:
        if data["salary_min"] is None and data["salary_max"] is None:
            data["salary_period"] = ""
        if data["openings"] is None:
            data["openings"] = 1
    return data


def _is_text(field: Field) -> bool:
    return isinstance(field, StringField | SelectField | RadioField)


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    """Form values as JSON: dates in ISO 8601, amounts as strings with two decimals."""

    def convert(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return format(value.quantize(_CENT), "f")
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    return convert(data)


def data_from_form(form: PostingForm) -> dict[str, Any]:
    """The JSON data of a revision, from a validated posting form."""
    return to_json(form_values(form))


def from_json(data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of `to_json()`: typed values, for `Form(data=...)` defaults."""

    def revive(key: str, value: Any) -> Any:
        if value in (None, ""):
            return value
        if key in _DATE_KEYS:
            return date.fromisoformat(value)
        if key in _AMOUNT_KEYS:
            return Decimal(value)
        return value

    out = {key: revive(key, value) for key, value in data.items() if key != "runs"}
    if "runs" in data:
        out["runs"] = [{k: revive(k, v) for k, v in run.items()} for run in data["runs"]]
    return out


def as_formdata(data: dict[str, Any]) -> MultiDict:
    """Values shaped like `posting_form_data()` (typed or JSON) as a browser sends them."""
    out = MultiDict()
    for key, value in to_json(data).items():
        if key == "runs":
            for i, run in enumerate(value):
                for name, v in run.items():
                    out.add(f"runs-{i}-{name}", "" if v is None else str(v))
        elif isinstance(value, bool):
            if value:
                out.add(key, "y")
        elif isinstance(value, list):
            for v in value:
                out.add(key, v)
        else:
            out.add(key, "" if value is None else str(value))
    return out


def form_from_data(posting: Posting, data: dict[str, Any]) -> PostingForm:
    """The posting's form filled with stored values as form data, ready to `validate()`."""
    return form_class_for(posting)(formdata=as_formdata(data), meta={"csrf": False})


def same_values(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True if two sets of revision data say the same (sectors in any order)."""
    return _comparable(a) == _comparable(b)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    data = to_json(data)
    return {**data, "sectors": sorted(data.get("sectors") or [])}


# --- the moderator's view: a field-by-field diff ------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field that a revision changes, as the moderator reads it."""

    name: str
    label: str
    old: str
    new: str


def diff(posting: Posting, revision: PostingRevision) -> list[Change]:
    """The fields whose values the revision changes, in form order, with readable values
    (labels of codes, dates and amounts in the current locale)."""
    old, new = _comparable(posting_form_data(posting)), _comparable(revision.data)
    form = form_class_for(posting)(formdata=None, meta={"csrf": False})
    changes = []
    for field in form:
        name = field.name
        if name == "csrf_token" or old.get(name) == new.get(name):
            continue
        label = str(field.label.text)
        changes.append(
            Change(name, label, _readable(field, old.get(name)), _readable(field, new.get(name)))
        )
    return changes


def _readable(field: Field, value: Any) -> str:
    if isinstance(field, FieldList):
        return "; ".join(_run_text(run) for run in value or []) or _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(field, SelectMultipleField | SelectField | RadioField):
        labels = {str(value): str(label) for value, label, *_rest in field.choices or []}
        if isinstance(value, list):
            return "; ".join(labels.get(v, v) for v in value)
        return labels.get(str(value), str(value))
    if field.name in _DATE_KEYS:
        return short_date(date.fromisoformat(value))
    if field.name in _AMOUNT_KEYS:
        return money(Decimal(value))
    return str(value)


def _run_text(run: dict[str, Any]) -> str:
    start, end = (run.get(k) for k in ("start_date", "end_date"))
    text = " – ".join(short_date(date.fromisoformat(d)) for d in (start, end) if d)
    return f"{text} ({run['note']})" if run.get("note") else text


# --- decisions ----------------------------------------------------------------------------


def _check_pending(revision: PostingRevision) -> Posting:
    posting = revision.posting
    if revision.status != RevisionStatus.PENDING:
        raise workflow.WorkflowError(posting, posting.status, "the revision is not pending")
    if posting.status != PostingStatus.PUBLISHED:
        raise workflow.WorkflowError(posting, posting.status, "the posting is not published")
    return posting


def apply(
    revision: PostingRevision, moderator: User | None, now: datetime | None = None
) -> AuditEvent:
    """Approve a pending revision: its values go onto the live posting.

    The stored values are validated with the posting's form first; if they fail,
    `RevisionInvalid` says why and nothing is changed. A deadline moved earlier also
    brings the end of the posting's run forward (never later: that is renewal's job).
    """
    now = now or utcnow()
    posting = _check_pending(revision)
    form = form_from_data(posting, revision.data)
    if not form.validate():
        problems = [(str(field.label.text), message) for field, message in iter_errors(form)]
        raise RevisionInvalid(posting, problems)
    form.populate_posting(posting, posting.organisation)
    latest = workflow.expiry_for(posting, now)
    if posting.expires_at is not None and latest < posting.expires_at:
        posting.expires_at = latest
    revision.status = RevisionStatus.APPROVED
    revision.decided_at = now
    event = AuditEvent(
        from_status=posting.status,
        to_status=posting.status,
        actor=moderator,
        at=now,
        action="revision_approved",
    )
    posting.events.append(event)
    workflow.mark_for_reindex(posting)
    return event


def reject_revision(
    revision: PostingRevision, moderator: User | None, message: str, now: datetime | None = None
) -> AuditEvent:
    """Turn the proposed changes down with a message; the live posting stays as it is."""
    now = now or utcnow()
    posting = _check_pending(revision)
    if not (message or "").strip():
        raise workflow.WorkflowError(posting, posting.status, "a message is required")
    revision.status = RevisionStatus.REJECTED
    revision.decided_at = now
    event = AuditEvent(
        from_status=posting.status,
        to_status=posting.status,
        actor=moderator,
        at=now,
        message=message.strip(),
        action="revision_rejected",
    )
    posting.events.append(event)
    return event
