"""Rate limits hold across gunicorn workers when they share Redis.

Starts gunicorn with two workers on 127.0.0.1 and a free port, sends a bounded number of
login attempts with a new connection each, and stops gunicorn by its process id.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis

from jobboard.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/14"
LIMIT = 5
MAX_REQUESTS = 40


@pytest.fixture
def gunicorn(app, app_config, factory, tmp_path, free_port):
    """Two workers serving this test's database, counting in Redis."""
    factory.user(email="anna@cluster.example")
    db.session.commit()
    redis.Redis.from_url(REDIS_URL).flushdb()

    port = free_port()
    access_log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")},
        "JOBBOARD_INSTANCE_PATH": str(tmp_path / "instance"),
        "JOBBOARD_SECRET_KEY": "gunicorn-test-secret-0123456789abcdef",
        "JOBBOARD_SQLALCHEMY_DATABASE_URI": app_config["SQLALCHEMY_DATABASE_URI"],
        "JOBBOARD_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(
            app_config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        ),
        "JOBBOARD_RATELIMIT_STORAGE_URI": REDIS_URL,
        # Per hour, so that a slow machine cannot outlast the window during the test.
        "JOBBOARD_LOGIN_RATE_LIMIT": f"{LIMIT} per hour",
        # This test is about the counter, not about CSRF tokens.
        "JOBBOARD_WTF_CSRF_ENABLED": "false",
    }
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(s)s %(m)s %(U)s",
            "--graceful-timeout",
            "2",
            "jobboard:create_app()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/konto/anmelden", timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield base, access_log
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    process.stderr.close()


def attempt(base: str) -> int:
    data = urllib.parse.urlencode({"email": "anna@cluster.example", "password": "falsch" * 3})
    request = urllib.request.Request(
        base + "/konto/anmelden", data=data.encode(), headers={"Connection": "close"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_login_limit_is_shared_by_two_workers(gunicorn):
    base, access_log = gunicorn
    codes = []
    started = time.monotonic()
    while len(codes) < MAX_REQUESTS and time.monotonic() - started < 60:
        codes.append(attempt(base))
        posts = [line.split() for line in access_log.read_text().splitlines() if " POST " in line]
        limited_by = {pid for pid, status, *_ in posts if status == "429"}
        if len(codes) > LIMIT and len(limited_by) == 2:
            break

    assert codes[:LIMIT] == [200] * LIMIT
    assert set(codes[LIMIT:]) == {429}
    # Both workers refused attempts: the count lives in Redis, not in a worker.
    assert len(limited_by) == 2, f"only one worker answered in {len(codes)} requests"
