"""The lifecycle job and the one-click links of its reminders."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobboard.extensions import db
from jobboard.models import AuditEvent, PostingLink, PostingStatus, Role
from jobboard.postings import lifecycle

S = PostingStatus
LINK = re.compile(r"https://jobs\.example(/aktion/[\w-]+)")


@pytest.fixture
def app_config(app_config, mail_config):
    return {**app_config, **mail_config}


@pytest.fixture
def board(factory):
    org = factory.organisation(name="Cluster Süd")
    author = factory.user(organisation=org, email="autorin@sued.example", name="Alma Autorin")
    admin = factory.user(organisation=org, role=Role.ORG_ADMIN, email="chef@sued.example")
    postings = {
        # published 55 days ago: expires in 5 days -> reminder
        "soon": factory.vacancy(
            organisation=org, created_by=author, published_days_ago=55, title="Bald ablaufend"
        ),
        # published 61 days ago: past expiry -> expired by the job
        "due": factory.vacancy(
            organisation=org, created_by=author, published_days_ago=61, title="Abgelaufen"
        ),
        "fresh": factory.vacancy(organisation=org, created_by=author, published_days_ago=1),
        # the author left: the administrators are told
        "orphan": factory.training(organisation=org, published_days_ago=1, runs=[]),
    }
    db.session.commit()
    return org, author, admin, postings


def snapshot():
    rows = db.session.execute(
        select(AuditEvent.posting_id, AuditEvent.to_status, AuditEvent.action)
    ).all()
    return sorted(map(tuple, rows), key=str)


def test_run_expires_and_reminds_once(runner, board, smtp_server):
    _, author, _, postings = board
    first = runner.invoke(args=["lifecycle", "run"])
    assert first.exit_code == 0, first.output
    assert "Expired 1 posting(s); sent 1 reminder(s)." in first.output
    db.session.expire_all()
    assert postings["due"].status == S.EXPIRED
    assert postings["soon"].status == S.PUBLISHED
    [message] = smtp_server.to(author.email)
    assert "Bald ablaufend" in message["Subject"]
    assert len(LINK.findall(smtp_server.body(message))) == 3

    state = snapshot()
    second = runner.invoke(args=["lifecycle", "run"])
    assert "Expired 0 posting(s); sent 0 reminder(s)." in second.output
    assert snapshot() == state  # twice has the same effect as once
    assert len(smtp_server.messages) == 1


def test_reminder_goes_to_admins_when_no_author(runner, board, smtp_server, factory):
    _, _, admin, postings = board
    orphan = postings["orphan"]
    orphan.expires_at = orphan.published_at + timedelta(days=3)
    db.session.commit()
    runner.invoke(args=["lifecycle", "run"])
    [message] = smtp_server.to(admin.email)
    links = LINK.findall(smtp_server.body(message))
    assert len(links) == 2  # a training offer cannot be "filled"


def reminder_links(runner, smtp_server, author):
    runner.invoke(args=["lifecycle", "run"])
    [message] = smtp_server.to(author.email)
    extend, filled, withdraw = LINK.findall(smtp_server.body(message))
    return {"extend": extend, "filled": filled, "withdraw": withdraw}


def test_extend_link_keeps_the_offer_online_once(client, runner, board, smtp_server):
    _, author, _, postings = board
    links = reminder_links(runner, smtp_server, author)
    before = postings["soon"].expires_at

    page = client.get(links["extend"])
    assert page.status_code == 200 and "Bald ablaufend" in page.get_data(as_text=True)
    db.session.expire_all()
    assert postings["soon"].expires_at == before  # looking changes nothing

    done = client.post(links["extend"])
    assert done.status_code == 200
    db.session.expire_all()
    assert postings["soon"].expires_at == before + timedelta(days=30)
    assert "Set-Cookie" not in done.headers  # no sign-in, no session

    again = client.post(links["extend"])
    assert again.status_code == 410
    db.session.expire_all()
    assert postings["soon"].expires_at == before + timedelta(days=30)
    # The other links of the same reminder are spent too.
    assert client.post(links["withdraw"]).status_code == 410
    assert postings["soon"].status == S.PUBLISHED


def test_filled_and_withdraw_links(client, runner, board, smtp_server):
    _, author, _, postings = board
    links = reminder_links(runner, smtp_server, author)
    assert client.post(links["filled"]).status_code == 200
    db.session.expire_all()
    assert postings["soon"].status == S.FILLED
    event = postings["soon"].events[-1]
    assert event.to_status == S.FILLED and event.actor_id is None


def test_forged_and_expired_links_change_nothing(client, runner, board, smtp_server):
    _, author, _, postings = board
    links = reminder_links(runner, smtp_server, author)
    assert client.get("/aktion/forged-token").status_code == 404
    assert client.post("/aktion/forged-token").status_code == 404
    for link in db.session.scalars(select(PostingLink)):
        link.expires_at = link.expires_at - timedelta(days=400)
    db.session.commit()
    response = client.post(links["withdraw"])
    assert response.status_code == 410
    assert "Nothing was changed" in response.get_data(as_text=True) or (
        "Es wurde nichts geändert" in response.get_data(as_text=True)
    )
    db.session.expire_all()
    assert postings["soon"].status == S.PUBLISHED


def test_visibility_does_not_wait_for_the_job(client, board):
    _, _, _, postings = board
    # Before any run, the overdue posting is already out of the listings.
    html = client.get("/angebote").get_data(as_text=True)
    assert "Abgelaufen" not in html
    assert db.session.scalar(select(func.count()).select_from(PostingLink)) == 0
    assert postings["due"] not in lifecycle.due_for_reminder(postings["due"].expires_at)
