"""JSON Lines import and export: the form rules, all or nothing, the audit trail, and a
round trip through `flask postings export` and `flask postings import`."""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    HiringOrganisation,
    Posting,
    PostingStatus,
    TrainingOffer,
    Vacancy,
)
from jobboard.postings import queries
from jobboard.postings.importexport import (
    READ_ONLY_KEYS,
    export_lines,
    import_lines,
    posting_record,
)
from jobboard.timeutil import today_berlin

S = PostingStatus


def day(offset: int) -> str:
    return (today_berlin() + timedelta(days=offset)).isoformat()


def vacancy_line(org_slug: str) -> dict:
    return {
        "kind": "vacancy",
        "organisation": org_slug,
        "title": "Ingenieurin Leistungselektronik (m/w/d)",
        "description": "Sie entwickeln **Wechselrichter** für Speicher.\n\n* Erfahrung mit SiC",
        "language": "de",
        "hiring_organisation": {"name": "Volt Werke GmbH", "website": "https://volt.example.com"},
        "place": {
            "street": "Industriestraße 5",
            "postcode": "90402",
            "city": "Nürnberg",
            "region": "DE25",
            "nationwide": False,
        },
        "sectors": ["electronics", "renewables"],
        "contact": {"name": "Max Muster", "email": "max@example.org", "phone": "+49 911 12345"},
        "apply": {"url": "https://volt.example.com/karriere/17", "email": None},
        "employment_type": "full_time",
        "contract_type": "permanent",
        "remote_mode": "hybrid",
        "career_level": "senior",
        "salary": {"min": 65000, "max": 80000.5, "period": "year"},
        "start_date": day(45),
        "application_deadline": day(30),
        "openings": 2,
    }


def training_line(org_slug: str) -> dict:
    return {
        "kind": "training",
        "organisation": org_slug,
        "title": "Zertifikatskurs Wasserstofftechnik",
        "description": "Grundlagen der Elektrolyse, Speicherung und Sicherheit in 5 Modulen.",
        "language": "de",
        "hiring_organisation": None,
        "place": {"postcode": "01067", "city": "Dresden", "region": "DED2"},
        "sectors": ["renewables"],
        "contact": {"email": "kurse@example.org"},
        "apply": {"email": "anmeldung@example.org"},
        "training_format": "blended",
        "schedule": "part_time",
        "duration": {"value": 40, "unit": "hours"},
        "cost": {"free": False, "price_eur": 1290},
        "funding": {"eligible": True, "note": "Bildungsgutschein"},
        "certificate": "Zertifikat",
        "target_group": "Technikerinnen und Ingenieure",
        "prerequisites": "Grundkenntnisse Chemie",
        "registration_deadline": day(20),
        "participants": {"min": 6, "max": 16},
        "runs": [
            {"start": day(30), "end": day(34), "note": "Präsenzwoche in Dresden"},
            {"start": day(90), "end": day(94)},
        ],
    }


def write_lines(path, *lines) -> str:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def org(factory):
    organisation = factory.organisation(slug="wasserstoff-sachsen", name="H2 Sachsen e.V.")
    db.session.commit()
    return organisation


# --- good files ---------------------------------------------------------------------------


def test_a_good_file_imports_both_kinds_submitted_with_audit_events(runner, org, tmp_path):
    path = write_lines(tmp_path / "in.jsonl", vacancy_line(org.slug), "", training_line(org.slug))
    result = runner.invoke(args=["postings", "import", path])
    assert result.exit_code == 0, result.output
    assert "Imported 2 posting(s)." in result.output

    vacancy, training = db.session.scalars(select(Posting).order_by(Posting.id)).all()
    assert isinstance(vacancy, Vacancy) and isinstance(training, TrainingOffer)
    for posting in (vacancy, training):
        assert posting.status == S.SUBMITTED
        assert posting.organisation is org
        assert posting.submitted_at is not None and posting.published_at is None
        assert [(e.from_status, e.to_status, e.actor, e.message) for e in posting.events] == [
            (None, S.SUBMITTED, None, "imported")
        ]
    assert vacancy.hiring_organisation.name == "Volt Werke GmbH"
    assert vacancy.hiring_name == "Volt Werke GmbH"
    assert vacancy.salary_max == Decimal("80000.50")
    assert vacancy.sectors == ["electronics", "renewables"]
    assert training.hiring_organisation is None
    assert [r.note for r in training.runs] == ["Präsenzwoche in Dresden", None]
    assert training.funding_eligible is True and training.price_eur == Decimal("1290")
    # Submitted, not public.
    assert db.session.scalars(queries.visible_postings()).all() == []


def test_publish_makes_imported_postings_visible(runner, org, tmp_path):
    path = write_lines(tmp_path / "in.jsonl", vacancy_line(org.slug), training_line(org.slug))
    result = runner.invoke(args=["postings", "import", "--publish", path])
    assert result.exit_code == 0, result.output

    visible = db.session.scalars(queries.visible_postings()).all()
    assert {p.title for p in visible} == {
        "Ingenieurin Leistungselektronik (m/w/d)",
        "Zertifikatskurs Wasserstofftechnik",
    }
    for posting in visible:
        assert posting.status == S.PUBLISHED
        assert posting.published_at is not None and posting.expires_at is not None
        events = [(e.from_status, e.to_status, e.message) for e in posting.events]
        assert events == [(None, S.PUBLISHED, "imported")]
    assert count(AuditEvent) == 2


def test_import_lines_reports_counts_and_skips_blank_lines(org):
    text = "\n".join(["", json.dumps(vacancy_line(org.slug)), "   ", ""]) + "\n"
    result = import_lines(io.StringIO(text))
    assert (result.lines_read, result.imported, result.errors) == (1, 1, [])
    assert result.ok


def test_a_byte_order_mark_is_accepted(org):
    result = import_lines(io.StringIO("\ufeff" + json.dumps(vacancy_line(org.slug)) + "\n"))
    assert result.ok, result.errors


def test_hiring_organisations_are_shared_case_insensitively(org, factory):
    known = factory.hiring(org, name="Volt Werke GmbH", website="https://old.example.com")
    db.session.commit()
    second = vacancy_line(org.slug)
    second["hiring_organisation"] = {"name": "VOLT WERKE GMBH", "website": None}
    result = import_lines(
        io.StringIO(json.dumps(vacancy_line(org.slug)) + "\n" + json.dumps(second))
    )
    assert result.ok, result.errors
    assert count(HiringOrganisation) == 1
    assert {p.hiring_organisation for p in db.session.scalars(select(Posting))} == {known}
    assert known.website == "https://volt.example.com"  # updated by the first line


def test_read_only_keys_are_accepted_and_ignored(org):
    line = vacancy_line(org.slug)
    line.update(id=4711, status="published", published_at="2020-01-01T00:00:00+00:00",
                expires_at="2020-03-01T00:00:00+00:00")  # fmt: skip
    result = import_lines(io.StringIO(json.dumps(line)))
    assert result.ok, result.errors
    posting = db.session.scalars(select(Posting)).one()
    assert posting.id != 4711 and posting.status == S.SUBMITTED and posting.published_at is None


# --- bad lines: every error reported, nothing imported --------------------------------------


def _bad(change):
    def make(slug: str):
        line = vacancy_line(slug)
        change(line)
        return line

    return make


def _training_bad(change):
    def make(slug: str):
        line = training_line(slug)
        change(line)
        return line

    return make


BAD_LINES = {
    "invalid JSON": (lambda slug: '{"kind": "vacancy", "title": ', None, "invalid JSON"),
    "trailing comma": (lambda slug: '{"kind": "vacancy",}', None, "invalid JSON"),
    "duplicate key": (
        lambda slug: '{"kind": "vacancy", "kind": "training"}',
        None,
        "duplicate key 'kind'",
    ),
    "NaN": (lambda slug: '{"kind": "vacancy", "salary": {"min": NaN}}', None, "NaN"),
    "not an object": (lambda slug: '["vacancy", "Ingenieurin"]', None, "expected a JSON object"),
    "a string": (lambda slug: '"vacancy"', None, "expected a JSON object"),
    "unknown kind": (_bad(lambda d: d.update(kind="internship")), "kind", "unknown kind"),
    "missing kind": (_bad(lambda d: d.pop("kind")), "kind", "required"),
    "unknown organisation": (
        _bad(lambda d: d.update(organisation="no-such-cluster")),
        "organisation",
        "unknown organisation 'no-such-cluster'",
    ),
    "unknown key": (_bad(lambda d: d.update(titel="Tippfehler")), "titel", "unknown key"),
    "unknown nested key": (
        _bad(lambda d: d["place"].update(plz="90402")),
        "place.plz",
        "unknown key",
    ),
    "key of the other kind": (
        _bad(lambda d: d.update(runs=[])),
        "runs",
        "unknown key for a vacancy",
    ),
    "missing title": (_bad(lambda d: d.pop("title")), "title", "Enter a title."),
    "missing sectors": (_bad(lambda d: d.pop("sectors")), "sectors", "at least one sector"),
    "missing apply": (
        _bad(lambda d: d.pop("apply")),
        "apply.url",
        "web address or an e-mail address",
    ),
    "missing price": (
        _training_bad(lambda d: d["cost"].pop("price_eur")),
        "cost.price_eur",
        "mark the offer as free",
    ),
    "missing runs": (
        _training_bad(lambda d: d.pop("runs")),
        "runs[0].start",
        "at least one run",
    ),
    "bad date": (
        _bad(lambda d: d.update(application_deadline="31.12.2030")),
        "application_deadline",
        "YYYY-MM-DD",
    ),
    "deadline in the past": (
        _bad(lambda d: d.update(application_deadline=day(-3))),
        "application_deadline",
        "must not be in the past",
    ),
    "bad run date": (
        _training_bad(lambda d: d["runs"][1].update(end="2030-02-30")),
        "runs[1].end",
        "YYYY-MM-DD",
    ),
    "run ends before it starts": (
        _training_bad(lambda d: d["runs"][0].update(end=day(29))),
        "runs[0].end",
        "must not be before the first day",
    ),
    "region not in the Land": (
        _bad(lambda d: d["place"].update(land="DE1", region="DE25")),
        "place.region",
        "not in the selected Land",
    ),
    "unknown region": (
        _bad(lambda d: d["place"].update(region="DE99")),
        "place.region",
        "Choose one of the listed options.",
    ),
    "bad postcode": (
        _bad(lambda d: d["place"].update(postcode="9040")),
        "place.postcode",
        "5 digits",
    ),
    "javascript: URL": (
        _bad(lambda d: d["apply"].update(url="javascript:alert(1)")),
        "apply.url",
        "http:// or https://",
    ),
    "ftp: URL": (
        _bad(lambda d: d["hiring_organisation"].update(website="ftp://volt.example.com")),
        "hiring_organisation.website",
        "http:// or https://",
    ),
    "bad e-mail": (
        _bad(lambda d: d["contact"].update(email="max(at)example.org")),
        "contact.email",
        "valid e-mail address",
    ),
    "salary min above max": (
        _bad(lambda d: d["salary"].update(min=90000)),
        "salary.max",
        "must not be below",
    ),
    "section not an object": (_bad(lambda d: d.update(place="Nürnberg")), "place", "object"),
    "sectors not a list": (_bad(lambda d: d.update(sectors="digital")), "sectors", "list"),
    "boolean as text": (
        _bad(lambda d: d["place"].update(nationwide="yes")),
        "place.nationwide",
        "true or false",
    ),
    "object for a text": (
        _bad(lambda d: d.update(title={"de": "Ingenieurin"})),
        "title",
        "text or a number",
    ),
    "hiring organisation without name": (
        _bad(lambda d: d.update(hiring_organisation={"website": "https://x.example.com"})),
        "hiring_organisation.name",
        "Enter the name",
    ),
}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_a_bad_line_is_reported_and_nothing_is_imported(case, runner, org, tmp_path):
    make, field, text = BAD_LINES[case]
    path = write_lines(
        tmp_path / "in.jsonl",
        vacancy_line(org.slug),
        training_line(org.slug),
        make(org.slug),
        vacancy_line(org.slug),
    )
    result = runner.invoke(args=["postings", "import", path])

    assert result.exit_code != 0
    expected = f"line 3: {field}: " if field else "line 3: "
    lines = [line for line in result.output.splitlines() if line.startswith(expected)]
    assert any(text in line for line in lines), result.output
    assert "line 1" not in result.output and "line 2" not in result.output
    assert "nothing was imported" in result.output
    assert count(Posting) == 0
    assert count(HiringOrganisation) == 0
    assert count(AuditEvent) == 0


def test_every_error_of_every_line_is_reported(org):
    first = vacancy_line(org.slug)
    first["place"]["postcode"] = "123"
    first["apply"]["url"] = "ftp://volt.example.com"
    second = training_line("nobody")
    second["runs"][0]["end"] = day(1)
    lines = [json.dumps(first), "", json.dumps(vacancy_line(org.slug)), "{", json.dumps(second)]
    result = import_lines(io.StringIO("\n".join(lines)))

    assert result.lines_read == 4 and result.imported == 0
    assert [str(e) for e in result.errors] == [
        "line 1: place.postcode: Enter a postcode of 5 digits.",
        "line 1: apply.url: Enter a web address starting with http:// or https://.",
        "line 4: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        "line 5: organisation: unknown organisation 'nobody'",
        "line 5: runs[0].end: The last day must not be before the first day.",
    ]
    assert count(Posting) == 0


def test_an_inactive_organisation_is_refused(org):
    org.active = False
    db.session.commit()
    result = import_lines(io.StringIO(json.dumps(vacancy_line(org.slug))))
    assert [str(e) for e in result.errors] == [
        "line 1: organisation: organisation 'wasserstoff-sachsen' is not active"
    ]


# --- export and round trip ------------------------------------------------------------------


def without_read_only(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in READ_ONLY_KEYS}


def test_export_then_import_round_trips(runner, factory, org, tmp_path):
    hiring = factory.hiring(org, name="Sensorik Süd GmbH", website="https://sensorik.example.com")
    factory.vacancy(
        organisation=org,
        hiring_organisation=hiring,
        salary_min=Decimal("48000.50"),
        salary_max=Decimal("56000"),
        contact_phone="+49 351 1234",
        street="Am Markt 3",
        nationwide=True,
        start_date=today_berlin() + timedelta(days=60),
        application_deadline=today_berlin() + timedelta(days=20),
        sectors=["digital", "electronics"],
    )
    training = factory.training(
        organisation=org,
        status=S.SUBMITTED,
        is_free=True,
        price_eur=None,
        prerequisites="Keine\nZweite Zeile",
        min_participants=3,
        max_participants=9,
    )
    training.runs[0].note = "Ulm, Raum 2"
    factory.vacancy(organisation=org, remote_mode="remote", postcode=None, city=None, region=None,
                    salary_min=None, salary_max=None, salary_period=None)  # fmt: skip
    db.session.commit()

    first = tmp_path / "first.jsonl"
    result = runner.invoke(args=["postings", "export", "-o", str(first)])
    assert result.exit_code == 0, result.output
    assert "Exported 3 posting(s)." in result.output
    exported = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in exported] == sorted(r["id"] for r in exported)
    assert exported[0]["status"] == "published" and exported[0]["published_at"]
    assert exported[1]["runs"][0]["note"] == "Ulm, Raum 2"
    assert exported[0]["salary"] == {"min": 48000.5, "max": 56000, "period": "year"}
    assert "Süd" in first.read_text(encoding="utf-8")  # UTF-8, not \u escapes

    result = runner.invoke(args=["postings", "import", str(first)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 posting(s)." in result.output

    second = io.StringIO()
    assert export_lines(second, statuses=["submitted"]) == 4  # the training and the copies
    again = [json.loads(line) for line in second.getvalue().splitlines()]
    copies = again[1:]
    assert [without_read_only(r) for r in copies] == [without_read_only(r) for r in exported]
    assert count(HiringOrganisation) == 1  # the copy re-used the hiring organisation


def test_export_filters_by_status(factory):
    factory.vacancy(status=S.PUBLISHED)
    factory.vacancy(status=S.DRAFT)
    factory.training(status=S.REJECTED)
    db.session.commit()
    out = io.StringIO()
    assert export_lines(out, statuses=["draft", "rejected"]) == 2
    assert [json.loads(line)["status"] for line in out.getvalue().splitlines()] == [
        "draft",
        "rejected",
    ]
    assert export_lines(io.StringIO()) == 3
    with pytest.raises(ValueError, match="unknown status"):
        export_lines(io.StringIO(), statuses=["online"])


def test_export_record_of_a_cluster_posting(factory, org):
    posting = factory.vacancy(organisation=org)
    record = posting_record(posting)
    assert record["hiring_organisation"] is None
    assert record["organisation"] == "wasserstoff-sachsen"
    assert record["place"]["land"] == "DE2" and record["place"]["region"] == "DE21"
    assert set(READ_ONLY_KEYS) <= set(record)
    line = copy.deepcopy(record)
    assert import_lines(io.StringIO(json.dumps(line))).ok


# --- the documented format -------------------------------------------------------------------


def _doc_blocks(language: str) -> list[str]:
    text = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text("utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_the_documented_examples_import(factory):
    factory.organisation(slug="h2-sachsen")
    db.session.commit()
    (block,) = _doc_blocks("jsonl")
    # The examples use dates in 2030; keep them in the future.
    year = max(2030, today_berlin().year + 1)
    block = block.replace("2030-", f"{year}-")
    lines = block.strip().splitlines()
    assert len(lines) == 2
    (pretty,) = _doc_blocks("json")
    assert json.loads(pretty.replace("2030-", f"{year}-")) == json.loads(lines[0])

    result = import_lines(io.StringIO(block))
    assert result.ok, [str(e) for e in result.errors]
    assert result.imported == 2
