"""Servers that tests start as separate processes: gunicorn serving the board.

Each binds 127.0.0.1 and a free port, waits for readiness with a bound that a loaded machine
meets, treats every kind of timeout as "not ready yet", and is stopped by its process id in
a `finally`, also when it never became ready.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Seconds a server may take to answer its first request. Generous on purpose: the suite
#: must pass while another test run loads the machine, and a bound that is never reached
#: costs nothing on an idle one.
SERVER_START_TIMEOUT = 60


@dataclass
class Gunicorn:
    """A gunicorn serving the board on 127.0.0.1; its logs are files of the test."""

    port: int
    access_log: Path
    error_log: Path
    process: subprocess.Popen


def _answers(port: int, path: str) -> bool:
    """True once the server answers `path` with 200. Every kind of failure to connect or
    to read in time (refused, reset, timed out) only means: not ready yet."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    """Stop a server by its process id: TERM, then KILL if it does not end in time."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def gunicorn_process(
    env: dict[str, str],
    log_dir: Path,
    port: int,
    *,
    workers: int = 2,
    ready_path: str = "/robots.txt",
    args: tuple[str, ...] = (),
) -> Iterator[Gunicorn]:
    """Serve `jobboard:create_app()` with gunicorn until the block ends.

    Binds 127.0.0.1 only, without gunicorn's control socket (one per user otherwise, shared
    by every gunicorn of the machine), and waits up to SERVER_START_TIMEOUT for `ready_path`
    to answer 200. The process is stopped in a `finally`, also when it never became ready.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    access_log = log_dir / f"access-{port}.log"
    error_log = log_dir / f"error-{port}.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--graceful-timeout",
        "2",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(p)s %(s)s %(m)s %(U)s",
        *args,
        "jobboard:create_app()",
    ]
    with open(error_log, "wb") as errors:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _answers(port, ready_path):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"gunicorn did not answer {ready_path} within {SERVER_START_TIMEOUT} s:\n"
                    + error_log.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.2)
        yield Gunicorn(port, access_log, error_log, process)
    finally:
        _stop(process)


def gunicorn_env(app_config: dict, instance: Path, **settings: str) -> dict[str, str]:
    """The environment of a gunicorn that serves this test's database: the caller's
    environment without JOBBOARD_* variables, plus `settings` as JOBBOARD_<KEY>."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_")},
        "JOBBOARD_INSTANCE_PATH": str(instance),
        "JOBBOARD_SQLALCHEMY_DATABASE_URI": app_config["SQLALCHEMY_DATABASE_URI"],
        "JOBBOARD_SQLALCHEMY_ENGINE_OPTIONS": json.dumps(
            app_config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        ),
        **{f"JOBBOARD_{key}": value for key, value in settings.items()},
    }
