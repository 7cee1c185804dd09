"""`flask --app jobboard search rebuild | sync [--follow] | check`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from jobboard.extensions import db
from jobboard.postings import workflow
from jobboard.search import get_index


def index_ids() -> set[int]:
    return {int(f["id"]) for f in get_index().searcher().all_stored_fields()}


@pytest.fixture
def postings(factory):
    made = [factory.vacancy(title=f"Entwickler {n}") for n in range(3)]
    made.append(factory.vacancy(title="Entwurf", status="draft"))
    db.session.commit()
    return made


def test_rebuild_shows_progress_and_switches_over(runner, postings):
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing postings" in result.output
    assert "Indexed 3 visible posting(s)" in result.output
    assert index_ids() == {p.id for p in postings[:3]}
    first = get_index().read_pointer().generation
    again = runner.invoke(args=["search", "rebuild", "--quiet"])
    assert again.exit_code == 0, again.output
    assert "Indexing postings" not in again.output
    assert get_index().read_pointer().generation != first


def test_rebuild_refuses_while_another_runs(runner, postings):
    with get_index().rebuild_lock():
        result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 1
    assert "rebuild of the search index is running" in result.output


def test_sync_applies_the_outbox(runner, postings):
    assert runner.invoke(args=["search", "rebuild", "--quiet"]).exit_code == 0
    workflow.withdraw(postings[0], None)
    db.session.commit()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Applied 1 outbox row(s): 0 indexed, 1 removed" in result.output
    assert postings[0].id not in index_ids()


def test_sync_builds_a_missing_index(runner, postings):
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Built the missing index." in result.output
    assert index_ids() == {p.id for p in postings[:3]}


def test_sync_during_a_rebuild_says_try_later(runner, postings):
    assert runner.invoke(args=["search", "rebuild", "--quiet"]).exit_code == 0
    with get_index().rebuild_lock():
        result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 75
    assert "Index busy" in result.output


def test_check_exits_non_zero_on_any_difference(runner, postings, factory):
    assert runner.invoke(args=["search", "rebuild", "--quiet"]).exit_code == 0
    ok = runner.invoke(args=["search", "check"])
    assert ok.exit_code == 0, ok.output
    assert "Index and database agree." in ok.output

    new = factory.vacancy(title="Entwickler neu")
    db.session.commit()
    bad = runner.invoke(args=["search", "check"])
    assert bad.exit_code == 1
    assert f"Missing from the index (visible in the database): 1: {new.id}" in bad.output
    assert "outbox rows waiting: 1" in bad.output

    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert runner.invoke(args=["search", "check"]).exit_code == 0


def test_check_without_an_index_fails(runner, postings):
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert "No usable index" in result.output


def test_sync_follow_is_the_single_writer_until_sigterm(app, app_config, tmp_path, factory):
    """The external writer in its own process: it builds the index, applies what the
    board commits, and stops cleanly on SIGTERM."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")}
    env.update(
        JOBBOARD_INSTANCE_PATH=str(tmp_path / "follow-instance"),
        JOBBOARD_SECRET_KEY="follow-test-secret",
        JOBBOARD_SQLALCHEMY_DATABASE_URI=app_config["SQLALCHEMY_DATABASE_URI"],
        JOBBOARD_SQLALCHEMY_ENGINE_OPTIONS=json.dumps(
            app_config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        ),
        JOBBOARD_SEARCH_INDEX_DIR=app_config["SEARCH_INDEX_DIR"],
        JOBBOARD_SEARCH_SYNC_MODE="external",
        PYTHONWARNINGS="ignore",
    )
    first = factory.vacancy(title="Entwickler vorher")
    db.session.commit()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "jobboard",
            "search",
            "sync",
            "--follow",
            "--interval",
            "0.1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(lambda: first.id in _ids_or_empty()), "index not built"
        second = factory.vacancy(title="Entwickler nachher")
        db.session.commit()
        assert _wait_for(lambda: second.id in _ids_or_empty()), "change not applied"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert "Following the search outbox" in output
    assert "Stopped." in output


def _ids_or_empty() -> set[int]:
    from jobboard.search import IndexMissing

    try:
        return index_ids()
    except IndexMissing:
        return set()


def _wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
