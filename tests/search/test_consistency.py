"""The index never disagrees with the database where it matters: what is shown.

Visibility is re-checked in the database; the outbox makes index updates survive a crash;
syncs run after the commit (embedded) or in one external writer; rebuilds switch over
atomically while searches go on; `check` finds every difference.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import Posting, PostingStatus, SearchOutbox
from jobboard.postings import workflow
from jobboard.search import (
    IndexUnavailable,
    SearchQuery,
    check_index,
    ensure_index,
    get_index,
    rebuild_index,
    search,
    sync_outbox,
)
from jobboard.search import apply as apply_module
from jobboard.search import sync as sync_module
from jobboard.timeutil import utcnow


def outbox_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def ids(text: str = "", **filters) -> set[int]:
    return set(search(SearchQuery(text=text, per_page=100, **filters)).ids)


def index_ids() -> set[int]:
    searcher = get_index().searcher()
    return {int(fields["id"]) for fields in searcher.all_stored_fields()}


@pytest.fixture
def published(factory) -> list[Posting]:
    made = [factory.vacancy(title=f"Entwickler Nummer {n}") for n in range(3)]
    db.session.commit()
    ensure_index()
    assert index_ids() == {p.id for p in made}
    return made


# --- visibility is decided by the database ------------------------------------------------


@pytest.mark.parametrize("move", [workflow.withdraw, workflow.mark_filled])
def test_taken_down_postings_are_never_found_even_while_the_index_is_stale(published, move):
    gone = published[0]
    move(gone, None)
    db.session.commit()  # no sync: the index still holds the entry
    assert gone.id in index_ids()
    result = search(SearchQuery(text="Entwickler"))
    assert gone.id not in result.ids
    assert set(result.ids) == {p.id for p in published[1:]}
    # ... and the next sync removes the entry.
    assert sync_outbox().deleted == 1
    assert gone.id not in index_ids()


def test_expired_postings_are_never_found_and_not_counted(published):
    later = utcnow() + timedelta(days=61)  # every posting's 60 days have run out
    result = search(SearchQuery(text="Entwickler"), now=later)
    assert result.ids == [] and result.total == 0
    assert result.facets["kind"]["vacancy"] == 0
    assert index_ids() == {p.id for p in published}  # still in the index ...
    assert sync_outbox(now=later).swept == 3  # ... until a sync sweeps them
    assert index_ids() == set()


def test_entries_the_database_hides_are_dropped_from_the_page(published):
    gone = published[0]
    workflow.withdraw(gone, None)
    db.session.commit()
    result = search(SearchQuery(text="Entwickler"))
    assert result.stale == 1
    assert gone not in result.postings


# --- the outbox: after the commit, or by the next sync -------------------------------------


def test_a_crash_between_commit_and_index_update_is_repaired_by_the_next_sync(published, factory):
    # The transaction commits the change and its outbox row; then the process "dies"
    # before the index is updated (no request hook runs here).
    new = factory.vacancy(title="Entwickler Neu")
    workflow.withdraw(published[1], None)
    db.session.commit()
    assert outbox_rows() == 2
    assert new.id not in ids("Entwickler")  # not in the index yet
    assert published[1].id not in ids("Entwickler")  # hidden by the database already

    report = sync_outbox()
    assert (report.rows, report.indexed, report.deleted) == (2, 1, 1)
    assert outbox_rows() == 0
    assert ids("Entwickler") == {published[0].id, published[2].id, new.id}
    assert check_index().ok


def test_a_crash_during_the_index_commit_keeps_the_outbox_rows(published, factory, monkeypatch):
    new = factory.vacancy(title="Entwickler Neu")
    db.session.commit()

    from whoosh.writing import SegmentWriter

    def crash(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(SegmentWriter, "commit", crash)
    with pytest.raises(OSError):
        sync_outbox()
    monkeypatch.undo()
    assert outbox_rows() == 1
    assert new.id not in index_ids()
    assert sync_outbox().indexed == 1
    assert new.id in index_ids()


def test_sync_applies_current_state_not_the_state_at_the_time_of_the_change(published):
    posting = published[0]
    posting.title = "Ingenieur Nummer 0"
    workflow.mark_for_reindex(posting)
    db.session.commit()
    workflow.withdraw(posting, None)
    db.session.commit()
    report = sync_outbox()
    assert report.rows == 2 and report.deleted == 1 and report.indexed == 0
    assert posting.id not in index_ids()


def test_rows_written_during_a_sync_stay_for_the_next(published, factory, monkeypatch):
    late = []
    original = apply_module.document

    def document_and_meanwhile_publish(posting):
        if not late:  # another request commits while the sync runs
            late.append(factory.vacancy(title="Entwickler spät"))
            db.session.commit()
        return original(posting)

    workflow.mark_for_reindex(published[0])
    db.session.commit()
    monkeypatch.setattr(apply_module, "document", document_and_meanwhile_publish)
    first = sync_outbox()
    assert first.rows >= 1
    monkeypatch.undo()
    sync_outbox()
    assert late[0].id in index_ids()
    assert outbox_rows() == 0


def _commit_route(app):
    """A tiny view that changes visibility and commits, like the manage views do."""

    def publish_view(posting_id: int):
        posting = db.session.get(Posting, posting_id)
        workflow.approve(posting, None)
        db.session.commit()
        return "ok"

    from jobboard.extensions import csrf

    csrf.exempt(publish_view)
    app.add_url_rule("/_test/publish/<int:posting_id>", view_func=publish_view, methods=["POST"])


def test_embedded_mode_updates_the_index_right_after_the_request_commits(app, client, factory):
    _commit_route(app)
    ensure_index()
    submitted = factory.vacancy(title="Entwickler frisch", status=PostingStatus.SUBMITTED)
    db.session.commit()
    assert client.post(f"/_test/publish/{submitted.id}").status_code == 200
    assert submitted.id in index_ids()
    assert outbox_rows() == 0
    assert submitted.id in ids("Entwickler")


def test_requests_that_write_no_outbox_rows_do_not_sync(app, client, published, monkeypatch):
    calls = []
    monkeypatch.setattr(sync_module, "sync", lambda *a, **k: calls.append(1))
    assert client.get("/suche?q=Entwickler").status_code == 200
    assert client.get("/").status_code == 200
    assert calls == []


@pytest.fixture
def external(app_config):
    app_config["SEARCH_SYNC_MODE"] = "external"


def test_external_mode_requests_never_write_the_index(external, app, client, factory):
    _commit_route(app)
    rebuild_index()
    submitted = factory.vacancy(title="Entwickler frisch", status=PostingStatus.SUBMITTED)
    db.session.commit()
    assert client.post(f"/_test/publish/{submitted.id}").status_code == 200
    assert submitted.id not in index_ids()
    assert outbox_rows() == 1
    sync_outbox()  # what `flask search sync --follow` does
    assert submitted.id in index_ids()


def test_external_mode_without_an_index_answers_503_with_a_message(external, client, published):
    index = get_index()
    index.forget()
    index.remove_generations(keep=set())
    index.pointer_path.unlink()
    with pytest.raises(IndexUnavailable):
        search(SearchQuery())
    response = client.get("/en/search?q=Entwickler")
    assert response.status_code == 503
    assert "The search is being prepared" in response.get_data(as_text=True)
    assert not get_index().root.joinpath("current").exists()  # the request built nothing


def test_follow_applies_changes_until_stopped(app, published, factory):
    stop = threading.Event()
    reports = []

    def run():
        with app.app_context():
            sync_module.follow(stop=stop, interval=0.05, on_report=reports.append)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        new = factory.vacancy(title="Entwickler gefolgt")
        db.session.commit()
        for _ in range(200):
            if new.id in index_ids():
                break
            stop.wait(0.05)
        assert new.id in index_ids()
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert any(r.indexed for r in reports)


# --- building and rebuilding ---------------------------------------------------------------


def test_create_app_does_no_index_work(app):
    assert not get_index().root.exists()


def test_a_missing_index_is_built_on_first_use(factory):
    posting = factory.vacancy(title="Entwickler erstmals")
    db.session.commit()
    assert not get_index().root.exists()
    assert ids("Entwickler") == {posting.id}
    assert get_index().read_pointer() is not None
    assert outbox_rows() == 0  # the build applied the outbox


@pytest.mark.parametrize("damage", ["pointer", "generation", "version"])
def test_an_unreadable_index_is_rebuilt_on_first_use(published, damage):
    index = get_index()
    pointer = index.read_pointer()
    if damage == "pointer":
        index.pointer_path.write_text("{not json", "utf-8")
    elif damage == "version":
        index.pointer_path.write_text(
            f'{{"generation": "{pointer.generation}", "schema_version": -1}}', "utf-8"
        )
    else:
        for path in index.generation_path(pointer.generation).iterdir():
            path.write_bytes(b"garbage")
    index.forget()
    assert ids("Entwickler") == {p.id for p in published}
    assert index.read_pointer().generation != pointer.generation


def test_searches_keep_working_during_a_rebuild(app, published, factory):
    index = get_index()
    before = index.read_pointer().generation
    halfway, resume = threading.Event(), threading.Event()
    errors = []

    def progress(done, total):
        if done == 0:
            halfway.set()
            resume.wait(30)

    def run():
        with app.app_context():
            try:
                rebuild_index(progress=progress)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert halfway.wait(30)
        # Mid-rebuild: searches answer from the old generation ...
        for _ in range(5):
            assert ids("Entwickler") == {p.id for p in published}
        assert index.rebuild_running()
        # ... and a change made now is not lost: the sync steps aside, the rebuild applies it.
        new = factory.vacancy(title="Entwickler während")
        db.session.commit()
        assert sync_outbox(lock_timeout=0.1).deferred
    finally:
        resume.set()
        thread.join(60)
    assert not errors
    after = index.read_pointer().generation
    assert after != before
    assert set(index.generations()) == {before, after}  # the previous one is kept
    assert ids("Entwickler") == {p.id for p in published} | {new.id}
    assert outbox_rows() == 0
    assert check_index().ok


def test_a_second_rebuild_keeps_only_the_previous_generation(published):
    first = get_index().read_pointer().generation
    second = rebuild_index().generation
    third = rebuild_index().generation
    assert set(get_index().generations()) == {second, third}
    assert first not in get_index().generations()
    assert ids("Entwickler") == {p.id for p in published}


def test_only_one_rebuild_at_a_time(published):
    from jobboard.search import IndexBusy

    with get_index().rebuild_lock(), pytest.raises(IndexBusy):
        rebuild_index()


# --- check ---------------------------------------------------------------------------------


def test_check_reports_every_difference(published, factory):
    assert check_index().ok
    missing = factory.vacancy(title="Entwickler ungesehen")
    workflow.withdraw(published[0], None)
    published[1].title = "Geänderter Titel"  # changed without telling the indexer
    db.session.commit()
    extra_deleted = published[2].id
    db.session.delete(published[2])
    db.session.commit()

    report = check_index()
    assert not report.ok
    assert report.missing == [missing.id]
    assert sorted(report.extra) == sorted([published[0].id, extra_deleted])
    assert report.stale == [published[1].id]
    assert report.pending >= 2
    text = "\n".join(report.lines())
    assert "Missing from the index" in text and "Index and database differ." in text

    workflow.mark_for_reindex(published[1])
    db.session.add(SearchOutbox(posting_id=extra_deleted))
    db.session.commit()
    sync_outbox()
    assert check_index().ok


def test_check_without_an_index_is_an_error(app):
    report = check_index()
    assert not report.ok and report.error
