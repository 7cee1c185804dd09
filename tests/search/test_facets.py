"""Facet counts and filters: every count equals a SQL count of the same filter, with the
other active filters applied; the region filter is hierarchical (a Land finds its regions)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobboard import taxonomy
from jobboard.extensions import db
from jobboard.models import Organisation, Posting, PostingKind, PostingSector, PostingStatus
from jobboard.postings.queries import visible_postings
from jobboard.search import FACETS, POSTED_WITHIN, SearchQuery, search
from jobboard.timeutil import utcnow

MARKER = "Quantensensorik"
REGION_POOL = ("DE21", "DE22", "DE27", "DE30", "DE11", "DE14", "DEA2", "DED5", "DE60", None)


@pytest.fixture
def postings(factory) -> list[Posting]:
    """A deterministic mix of kinds, places, sectors, types, clusters, ages and statuses."""
    rng = random.Random(20240611)
    clusters = [factory.organisation(name=f"Cluster {c}", slug=f"cluster-{c}") for c in "abcd"]
    made = []
    for n in range(60):
        region = rng.choice(REGION_POOL)
        common = {
            "organisation": rng.choice(clusters),
            "title": f"{MARKER} Stelle {n}" if n % 3 == 0 else f"Angebot Nummer {n}",
            "region": region,
            "city": None if region is None else "Ort",
            "nationwide": region is None,
            "sectors": rng.sample(taxonomy.SECTORS.codes, rng.choice((1, 1, 2))),
            "published_days_ago": rng.choice((0.2, 3, 10, 20, 45)),
            "status": rng.choice(
                (PostingStatus.PUBLISHED,) * 6
                + (PostingStatus.WITHDRAWN, PostingStatus.SUBMITTED, PostingStatus.EXPIRED)
            ),
        }
        if n % 4 == 3:
            made.append(
                factory.training(
                    training_format=rng.choice(taxonomy.TRAINING_FORMATS.codes),
                    is_free=rng.random() < 0.4,
                    **common,
                )
            )
        else:
            made.append(
                factory.vacancy(
                    employment_type=rng.choice(taxonomy.EMPLOYMENT_TYPES.codes),
                    remote_mode=rng.choice(taxonomy.REMOTE_MODES.codes),
                    **common,
                )
            )
    # Published but past its expiry: not visible, though its status says published.
    made.append(factory.vacancy(title=f"{MARKER} abgelaufen", published_days_ago=70))
    db.session.commit()
    return made


def sql_condition(name: str, value, now):
    if name == "kind":
        return Posting.kind == PostingKind(value)
    if name == "region":
        return Posting.region.in_(taxonomy.region_filter_codes(value))
    if name == "sector":
        return Posting.id.in_(select(PostingSector.posting_id).where(PostingSector.sector == value))
    if name == "employment_type":
        return (Posting.kind == PostingKind.VACANCY) & (Posting.employment_type == value)
    if name == "remote_mode":
        return (Posting.kind == PostingKind.VACANCY) & (Posting.remote_mode == value)
    if name == "training_format":
        return (Posting.kind == PostingKind.TRAINING) & (Posting.training_format == value)
    if name == "cluster":
        return Organisation.slug == value
    if name == "free":
        return (Posting.kind == PostingKind.TRAINING) & Posting.is_free.is_(True)
    if name == "posted_within":
        return Posting.published_at >= now - timedelta(days=value)
    if name == "text":
        return Posting.title.contains(value)
    raise AssertionError(name)


def sql_count(conditions: dict, now) -> int:
    stmt = visible_postings(now).order_by(None).with_only_columns(func.count(Posting.id))
    for name, value in conditions.items():
        stmt = stmt.where(sql_condition(name, value, now))
    return db.session.scalar(stmt)


def conditions_of(q: SearchQuery) -> dict:
    conditions = dict(q.filters())
    if q.posted_within:
        conditions["posted_within"] = q.posted_within
    if q.text:
        conditions["text"] = q.text
    return conditions


QUERIES = [
    SearchQuery(),
    SearchQuery(text=MARKER),
    SearchQuery(kind="vacancy", region="DE2"),
    SearchQuery(region="DE21", sector="digital"),
    SearchQuery(kind="training", free="yes", posted_within=30),
    SearchQuery(text=MARKER, cluster="cluster-b", posted_within=7),
    SearchQuery(employment_type="full_time", remote_mode="hybrid", region="DEA"),
]


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: repr(conditions_of(q)))
def test_every_facet_count_equals_a_sql_count(postings, q):
    now = utcnow()
    result = search(q, now=now)
    active = conditions_of(q)
    assert result.total == sql_count(active, now)
    for facet in FACETS:
        others = {k: v for k, v in active.items() if k != facet.name}
        values = facet.values or [o.slug for o in db.session.scalars(select(Organisation))]
        for value in values:
            expected = sql_count({**others, facet.name: value}, now)
            assert result.facets[facet.name].get(value, 0) == expected, (facet.name, value)
    others = {k: v for k, v in active.items() if k != "posted_within"}
    for days in POSTED_WITHIN:
        assert result.posted_within[days] == sql_count({**others, "posted_within": days}, now)


@pytest.mark.parametrize("q", QUERIES, ids=lambda q: repr(conditions_of(q)))
def test_results_are_exactly_the_filtered_visible_postings(postings, q):
    now = utcnow()
    result = search(SearchQuery(**{**q.__dict__, "per_page": 100}), now=now)
    stmt = visible_postings(now).with_only_columns(Posting.id)
    for name, value in conditions_of(q).items():
        stmt = stmt.where(sql_condition(name, value, now))
    assert sorted(result.ids) == sorted(db.session.scalars(stmt))


def test_region_filter_is_hierarchical(factory):
    upper = factory.vacancy(region="DE21", city="München")
    swabia = factory.vacancy(region="DE27", city="Augsburg")
    berlin = factory.vacancy(region="DE30", city="Berlin")
    db.session.commit()

    def ids(region):
        return set(search(SearchQuery(region=region)).ids)

    assert ids("DE2") == {upper.id, swabia.id}  # the Land finds all its regions
    assert ids("DE21") == {upper.id}
    assert ids("DE3") == ids("DE30") == {berlin.id}
    assert ids("DE4") == set()
    counts = search(SearchQuery()).facets["region"]
    assert counts["DE2"] == counts["DE21"] + counts["DE27"] == 2
    assert counts["DE3"] == counts["DE30"] == 1


def test_counts_for_a_filter_ignore_that_filter_but_apply_the_others(factory):
    factory.vacancy(region="DE21", sectors=["digital"])
    factory.vacancy(region="DE30", sectors=["digital"])
    factory.vacancy(region="DE30", sectors=["health"])
    db.session.commit()
    result = search(SearchQuery(region="DE3", sector="digital"))
    assert result.total == 1
    # Choosing another region keeps the sector: Bayern has 1 digital posting.
    assert result.facets["region"]["DE2"] == 1
    # Choosing another sector keeps the region: Berlin has 1 health posting.
    assert result.facets["sector"]["health"] == 1
    assert result.facets["sector"]["digital"] == 1


def test_sorting(factory):
    today = utcnow().date()
    late = factory.vacancy(published_days_ago=1, application_deadline=today + timedelta(days=30))
    soon = factory.vacancy(published_days_ago=5, application_deadline=today + timedelta(days=3))
    none = factory.vacancy(published_days_ago=3)
    course = factory.training(
        published_days_ago=2,
        runs=[(today + timedelta(days=10), today + timedelta(days=11))],
    )
    db.session.commit()
    assert search(SearchQuery(sort="newest")).ids == [late.id, course.id, none.id, soon.id]
    assert search(SearchQuery(sort="due")).ids == [soon.id, course.id, late.id, none.id]
    # Without text, "relevance" means newest first.
    assert search(SearchQuery()).ids == [late.id, course.id, none.id, soon.id]


def test_paging(factory):
    made = [factory.vacancy(published_days_ago=i / 10) for i in range(45)]
    db.session.commit()
    newest_first = [p.id for p in made]
    pages = [search(SearchQuery(page=n)) for n in (1, 2, 3)]
    assert [len(p.ids) for p in pages] == [20, 20, 5]
    assert pages[0].ids + pages[1].ids + pages[2].ids == newest_first
    assert {p.pages for p in pages} == {3}
    beyond = search(SearchQuery(page=4))
    assert beyond.ids == [] and beyond.total == 45 and beyond.beyond_last_page
