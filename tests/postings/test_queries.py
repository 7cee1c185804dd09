"""The visibility rule: published and not past its expiry, and nothing else."""

from datetime import timedelta

import pytest

from jobboard.extensions import db
from jobboard.models import PostingKind, PostingStatus
from jobboard.postings import queries
from jobboard.timeutil import utcnow

S = PostingStatus
HIDDEN = [S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.EXPIRED, S.FILLED,
          S.WITHDRAWN, S.REMOVED]  # fmt: skip


def visible_ids() -> set[int]:
    return set(db.session.scalars(queries.visible_postings().with_only_columns(queries.Posting.id)))


def test_only_published_and_current_postings_are_visible(factory):
    shown = factory.vacancy()
    hidden = [factory.vacancy(status=status) for status in HIDDEN]
    past_expiry = factory.vacancy(published_days_ago=61)  # still "published", but expired
    db.session.commit()

    assert past_expiry.status == S.PUBLISHED and past_expiry.expires_at < utcnow()
    assert visible_ids() == {shown.id}
    assert all(queries.public_posting(p.id) is None for p in [*hidden, past_expiry])


def test_expiry_is_decided_at_query_time(factory):
    posting = factory.vacancy()
    db.session.commit()
    assert queries.public_posting(posting.id) is not None
    later = posting.expires_at + timedelta(seconds=1)
    assert queries.public_posting(posting.id, now=later) is None
    assert queries.archived_posting(posting.id, now=later) is not None


def test_postings_of_a_deactivated_cluster_are_not_visible(factory):
    posting = factory.vacancy()
    posting.organisation.active = False
    db.session.commit()
    assert visible_ids() == set()


def test_archived_and_gone(factory):
    expired = factory.vacancy(status=S.EXPIRED)
    filled = factory.vacancy(status=S.FILLED)
    withdrawn = factory.vacancy(status=S.WITHDRAWN)
    draft = factory.vacancy(status=S.DRAFT)
    db.session.commit()
    assert queries.archived_posting(expired.id) is expired
    assert queries.archived_posting(filled.id) is filled
    assert queries.archived_posting(withdrawn.id) is None
    assert queries.gone_posting_exists(withdrawn.id)
    assert not queries.gone_posting_exists(draft.id)


@pytest.mark.parametrize(
    ("region", "expected"),
    [("DE2", {"munich", "nuremberg"}), ("DE21", {"munich"}), ("DEA", {"cologne"}),
     ("nonsense", {"munich", "nuremberg", "cologne"})],
)  # fmt: skip
def test_region_filter_is_hierarchical(factory, region, expected):
    postings = {
        "munich": factory.vacancy(region="DE21"),
        "nuremberg": factory.training(region="DE25"),
        "cologne": factory.vacancy(region="DEA2"),
    }
    db.session.commit()
    stmt = queries.PostingFilter(region=region).apply(queries.visible_postings())
    found = set(db.session.scalars(stmt))
    assert found == {postings[name] for name in expected}


def test_kind_and_sector_filters_combine(factory):
    digital_job = factory.vacancy(sectors=["digital", "electronics"])
    health_job = factory.vacancy(sectors=["health"])
    digital_course = factory.training(sectors=["digital"])
    db.session.commit()

    def found(**kw):
        return set(
            db.session.scalars(queries.PostingFilter(**kw).apply(queries.visible_postings()))
        )

    assert found(sector="digital") == {digital_job, digital_course}
    assert found(sector="digital", kind="vacancy") == {digital_job}
    assert found(kind="training") == {digital_course}
    assert found(sector="health", kind="training") == set()
    assert found(sector="unknown") == {digital_job, health_job, digital_course}


def test_counts_by_kind(factory):
    factory.vacancy()
    factory.vacancy()
    factory.training()
    factory.training(status=S.SUBMITTED)
    db.session.commit()
    assert queries.visible_counts_by_kind() == {PostingKind.VACANCY: 2, PostingKind.TRAINING: 1}


def test_visible_postings_newest_first(factory):
    old = factory.vacancy(published_days_ago=10)
    new = factory.vacancy(published_days_ago=1)
    db.session.commit()
    assert list(db.session.scalars(queries.visible_postings())) == [new, old]
