"""Rate limits hold across gunicorn processes when they share Redis.

Starts two gunicorns on 127.0.0.1 and free ports, as two hosts behind a load balancer would
run, both counting in the same Redis, and sends login attempts to them by turns. Which
server answers is chosen by the test, not by the kernel (two workers of one gunicorn share
one socket, and on a busy machine one of them may take every connection). Each run counts
under a key prefix of its own, so a second test run beside this one cannot disturb it.
"""

from __future__ import annotations

import http.client
import uuid
from urllib.parse import urlencode

import pytest

from jobboard.extensions import db

from .servers import gunicorn_env, gunicorn_process

REDIS_URL = "redis://127.0.0.1:6379/14"
LIMIT = 5


@pytest.fixture
def servers(app, app_config, factory, tmp_path, free_port):
    """Two single-worker gunicorns serving this test's database, counting in Redis."""
    factory.user(email="anna@cluster.example")
    db.session.commit()
    env = gunicorn_env(
        app_config,
        tmp_path / "instance",
        SECRET_KEY="gunicorn-test-secret-0123456789abcdef",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",
        # Per hour, so that a slow machine cannot outlast the window during the test.
        LOGIN_RATE_LIMIT=f"{LIMIT} per hour",
        # This test is about the counter, not about CSRF tokens.
        WTF_CSRF_ENABLED="false",
    )
    logs = tmp_path / "logs"
    with (
        gunicorn_process(env, logs, free_port(), workers=1, ready_path="/konto/anmelden") as a,
        gunicorn_process(env, logs, free_port(), workers=1, ready_path="/konto/anmelden") as b,
    ):
        yield a.port, b.port


def attempt(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/konto/anmelden",
            body=urlencode({"email": "anna@cluster.example", "password": "falsch" * 3}),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"},
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_login_limit_is_shared_by_two_servers(servers):
    a, b = servers
    # Three attempts on A and two on B: neither alone has reached the limit.
    allowed = [attempt(port) for port in (a, b, a, b, a)]
    assert allowed == [200] * LIMIT
    # The count lives in Redis, not in a process: both refuse the next attempts.
    assert [attempt(b), attempt(a), attempt(b)] == [429, 429, 429]
