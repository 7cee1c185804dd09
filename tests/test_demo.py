"""The deterministic demo data set (`flask --app jobboard demo`)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select

from jobboard import create_app, demo, taxonomy
from jobboard.accounts.passwords import verify_password
from jobboard.extensions import db
from jobboard.models import (
    AuditEvent,
    Organisation,
    OrganisationSector,
    Posting,
    PostingKind,
    PostingSector,
    PostingStatus,
    Role,
    TrainingOffer,
    TrustLevel,
    User,
    Vacancy,
)
from jobboard.postings.queries import visible_postings
from jobboard.timeutil import utcnow

S = PostingStatus
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
PASSWORDS = {login.password for login in demo.LOGINS}


@pytest.fixture
def loaded(app) -> demo.DemoResult:
    result = demo.load(now=NOW)
    assert result is not None
    return result


@pytest.fixture
def app_config(app_config):
    return {**app_config, "DEMO_MODE": True}


def count(stmt) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def status_counts() -> Counter:
    rows = db.session.execute(
        select(Posting.kind, Posting.status, func.count()).group_by(Posting.kind, Posting.status)
    ).all()
    return Counter({(PostingKind(k), PostingStatus(s)): n for k, s, n in rows})


def test_the_demo_command_loads_the_set(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output

    organisations = db.session.scalars(select(Organisation)).all()
    assert len(organisations) >= 12
    assert len({org.land for org in organisations}) >= 8
    sectors = set(db.session.scalars(select(OrganisationSector.sector))) | set(
        db.session.scalars(select(PostingSector.sector))
    )
    assert len(sectors) >= 8
    assert sum(org.trust_level == TrustLevel.TRUSTED for org in organisations) == 2

    assert count(visible_postings()) >= 150
    assert count(visible_postings().where(Posting.kind == PostingKind.TRAINING)) >= 40
    statuses = status_counts()
    for status in (S.EXPIRED, S.SUBMITTED, S.DRAFT):
        assert sum(n for (_, s), n in statuses.items() if s == status) > 0, status


def test_counts_match_the_result_and_the_brief(loaded):
    statuses = status_counts()
    assert loaded.postings == dict(statuses)
    by_status = Counter()
    for (_, status), n in statuses.items():
        by_status[status] += n
    assert statuses[(PostingKind.VACANCY, S.PUBLISHED)] >= 170
    assert statuses[(PostingKind.TRAINING, S.PUBLISHED)] >= 45
    assert by_status[S.EXPIRED] >= 10
    assert by_status[S.SUBMITTED] >= 8
    assert by_status[S.DRAFT] >= 6
    for status in (S.FILLED, S.WITHDRAWN, S.CHANGES_REQUESTED, S.REJECTED):
        assert by_status[status] >= 1, status
    # Every published posting is visible (at `now`) and the result says so.
    visible = Counter(p.kind for p in db.session.scalars(visible_postings(NOW)))
    assert visible[PostingKind.VACANCY] == statuses[(PostingKind.VACANCY, S.PUBLISHED)]
    assert visible[PostingKind.TRAINING] == statuses[(PostingKind.TRAINING, S.PUBLISHED)]
    assert loaded.visible == dict(visible)
    assert loaded.organisations == count(select(Organisation))
    assert loaded.users == count(select(User))


def test_same_now_gives_the_same_set_in_a_fresh_database(app, tmp_path):
    def snapshot():
        return [
            (p.kind, p.title, p.status, p.region, p.hiring_name, p.published_at, p.expires_at)
            for p in db.session.scalars(select(Posting).order_by(Posting.id))
        ]

    demo.load(now=NOW)
    first = snapshot()

    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-second-app",
            "SEARCH_INDEX_DIR": str(tmp_path / "second-index"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'second.sqlite3'}",
        }
    )
    with other.app_context():
        db.create_all()
        try:
            demo.load(now=NOW)
            second = snapshot()
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()

    assert len(first) > 200
    assert [row[1] for row in first] == [row[1] for row in second]
    assert first == second


def test_if_empty_does_nothing_on_a_second_run(app, runner):
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    before = status_counts()

    second = runner.invoke(args=["demo", "--if-empty"])
    assert second.exit_code == 0, second.output
    assert "not empty" in second.output
    assert status_counts() == before


def test_if_empty_respects_data_that_is_not_the_demo(app, factory):
    factory.organisation()
    assert demo.load(if_empty=True, now=NOW) is None
    assert count(select(Posting)) == 0


def test_loading_twice_without_if_empty_fails_cleanly(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    before = status_counts()
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1
    assert "loaded already" in again.output
    assert status_counts() == before


def test_places_and_sectors_are_valid(loaded):
    for org in db.session.scalars(select(Organisation)):
        assert org.land in taxonomy.LAENDER
        assert org.sectors and set(org.sectors) <= set(taxonomy.SECTORS.codes)
        assert org.website == f"https://{org.slug}.example.org"
    postings = db.session.scalars(select(Posting)).all()
    for p in postings:
        assert p.region in taxonomy.REGIONS, p.region
        assert taxonomy.land_of(p.region) in taxonomy.LAENDER
        assert p.postcode and len(p.postcode) == 5 and p.postcode.isdigit()
        assert p.city
        assert 1 <= len(p.sectors) <= 3
        assert set(p.sectors) <= set(taxonomy.SECTORS.codes)
        if p.hiring_organisation is not None:
            assert p.hiring_organisation.website.endswith(".example.com")
    # Mostly near the cluster: in the cluster's own Land.
    same_land = sum(taxonomy.land_of(p.region) == p.organisation.land for p in postings)
    assert same_land / len(postings) > 0.8
    assert any(p.nationwide for p in postings)
    assert any(p.hiring_organisation is None for p in postings)
    assert sum(p.hiring_organisation is not None for p in postings) > len(postings) / 2


def test_every_visible_posting_says_how_to_apply(loaded):
    for p in db.session.scalars(visible_postings(NOW)):
        assert p.apply_url or p.apply_email, p.title
        assert p.contact_name and p.contact_email
        assert "## " in p.description


def test_languages_and_titles(loaded):
    postings = db.session.scalars(select(Posting)).all()
    german = [p for p in postings if p.language == "de"]
    english = [p for p in postings if p.language == "en"]
    assert 0.75 < len(german) / len(postings) < 0.95
    assert english
    for p in postings:
        if p.kind == PostingKind.VACANCY:
            assert ("(m/w/d)" if p.language == "de" else "(m/f/d)") in p.title, p.title
    for p in german:
        headings = ("## Ihre Aufgaben", "## Ihr Profil", "## Wir bieten")
        if p.kind == PostingKind.VACANCY:
            assert all(h in p.description for h in headings), p.title
        else:
            assert "## Inhalte" in p.description


def test_vacancy_fields(loaded):
    vacancies = db.session.scalars(select(Vacancy)).all()
    assert {v.employment_type for v in vacancies} == set(taxonomy.EMPLOYMENT_TYPES.codes)
    assert {v.remote_mode for v in vacancies} == set(taxonomy.REMOTE_MODES.codes)
    assert {v.career_level for v in vacancies} == set(taxonomy.CAREER_LEVELS.codes)
    assert {v.contract_type for v in vacancies} == set(taxonomy.CONTRACT_TYPES.codes)
    with_salary = [v for v in vacancies if v.salary_min is not None]
    assert len(with_salary) / len(vacancies) > 0.75
    for v in with_salary:
        assert v.salary_period in taxonomy.SALARY_PERIODS
        assert 0 < v.salary_min <= v.salary_max
        if v.salary_period == "year":
            assert 30000 <= v.salary_min <= 150000
        if v.salary_period == "hour":
            assert v.salary_min >= 12
    assert all(v.openings and v.openings >= 1 for v in vacancies)
    assert any(v.application_deadline for v in vacancies)
    assert any(v.start_date for v in vacancies)
    for v in vacancies:
        if v.employment_type == "apprenticeship":
            assert v.title.startswith(("Ausbildung", "Duales Studium"))


def test_training_fields(loaded):
    offers = db.session.scalars(select(TrainingOffer)).all()
    today = NOW.date()
    assert {o.training_format for o in offers} == set(taxonomy.TRAINING_FORMATS.codes)
    assert any(o.is_free for o in offers) and any(not o.is_free for o in offers)
    assert any(o.funding_eligible and o.funding_note for o in offers)
    for o in offers:
        assert o.schedule in taxonomy.TRAINING_SCHEDULES
        assert o.duration_unit in taxonomy.DURATION_UNITS and o.duration_value > 0
        assert o.is_free == (o.price_eur is None)
        assert o.certificate and o.target_group and o.prerequisites
        assert 1 <= len(o.runs) <= 3
        starts = [run.start_date for run in o.runs]
        assert starts == sorted(starts)
        assert all(run.end_date >= run.start_date for run in o.runs)
        if o.min_participants is not None:
            assert o.min_participants <= o.max_participants
        if o.registration_deadline:
            assert o.registration_deadline < o.runs[0].start_date
    for o in db.session.scalars(visible_postings(NOW).where(Posting.kind == PostingKind.TRAINING)):
        assert o.registration_deadline is None or o.registration_deadline > today


def test_status_changes_went_through_the_workflow(loaded):
    for p in db.session.scalars(select(Posting)):
        events = p.events
        assert events, p.title
        assert events[0].from_status is None
        for before, after in pairwise(events):
            assert after.from_status == before.to_status
            assert before.at <= after.at
        assert events[-1].to_status == p.status
        assert events[-1].at <= NOW
        assert p.created_at == events[0].at
        assert p.updated_at == events[-1].at
        if p.status in (S.CHANGES_REQUESTED, S.REJECTED):
            assert events[-1].message and events[-1].actor.role.is_programme_office
        if p.status == S.REJECTED:
            assert events[-1].reason_code
        if p.organisation.trust_level == TrustLevel.TRUSTED:
            # Trusted clusters publish at once: nothing of theirs waits in moderation.
            assert p.status not in (S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED)
            submitted = [e.at for e in events if e.to_status == S.SUBMITTED]
            published = [e.at for e in events if e.to_status == S.PUBLISHED]
            if published:
                assert published[0] - submitted[-1] < timedelta(minutes=1)
                assert events[[e.to_status for e in events].index(S.PUBLISHED)].actor is None
    assert db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.to_status == S.SUBMITTED)
    ) >= count(select(Posting).where(Posting.status != S.DRAFT))


def test_dates_spread_over_weeks_and_visible_ones_stay_visible(loaded):
    visible = db.session.scalars(visible_postings(NOW)).all()
    published = [p.published_at for p in visible]
    assert min(published) < NOW - timedelta(days=35)
    assert max(published) > NOW - timedelta(days=3)
    assert all(NOW - timedelta(days=56) < at <= NOW for at in published)
    assert all(p.expires_at >= NOW + timedelta(days=14) for p in visible)
    expired = db.session.scalars(select(Posting).where(Posting.status == S.EXPIRED)).all()
    assert len(expired) >= 10
    assert all(p.expires_at < NOW for p in expired)
    assert all(p.events[-1].at >= p.expires_at for p in expired)


def test_users_for_every_role(loaded):
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert {u.role for u in users.values()} == set(Role)
    for user in users.values():
        assert user.role.is_programme_office == (user.organisation is None)
        assert user.password_hash.startswith("$argon2id$")
    checked: dict[tuple[str, str], bool] = {}  # argon2 is slow on purpose; users share hashes
    for login in demo.LOGINS:
        user = users[login.email]
        assert user.role == login.role
        key = (user.password_hash, login.password)
        if key not in checked:
            checked[key] = verify_password(*key)
        assert checked[key], login.email
        assert len(login.password) >= 12
    assert not verify_password(users[f"admin@{demo.DEMO_DOMAIN}"].password_hash, "wrong")
    teams = Counter()
    for user in users.values():
        if user.role in (Role.ORG_ADMIN, Role.MEMBER):
            teams[(user.organisation_id, user.role)] += 1
    with_both = {
        org for org, role in teams if role == Role.MEMBER and (org, Role.ORG_ADMIN) in teams
    }
    assert len(with_both) >= 2


def test_the_command_refuses_outside_demo_mode(app, runner):
    """Demo accounts have passwords written in the source: never on a real board."""
    app.config["DEMO_MODE"] = False
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "JOBBOARD_DEMO_MODE=true" in result.output
    assert not any(password in result.output for password in PASSWORDS)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_logins_are_shown_again_when_the_data_is_there(app, runner):
    app.config["DEMO_MODE"] = True
    assert runner.invoke(args=["demo"]).exit_code == 0
    shown = runner.invoke(args=["demo", "--if-empty"])
    assert shown.exit_code == 0, shown.output
    assert "not empty" in shown.output
    assert all(password in shown.output for password in PASSWORDS)
    for login in demo.LOGINS:
        if login.featured:
            assert login.email in shown.output
            assert login.role.value in shown.output


def test_the_summary_lists_logins_in_demo_mode(app, runner):
    app.config["DEMO_MODE"] = True
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output
    assert f"admin@{demo.DEMO_DOMAIN}" in result.output
    assert all(password in result.output for password in PASSWORDS)


def test_logins_text_hides_passwords_outside_demo_mode(app):
    app.config["DEMO_MODE"] = False
    assert not any(password in demo.logins_text() for password in PASSWORDS)
    app.config["DEMO_MODE"] = True
    assert all(password in demo.logins_text() for password in PASSWORDS)


def test_load_uses_the_current_time_by_default(app):
    before = utcnow()
    demo.load()
    newest = db.session.scalar(select(func.max(Posting.published_at)))
    assert before - timedelta(days=2) < newest <= utcnow()
