"""Browser test harness: the app on a live local server, Debian's Chromium through Playwright,
axe-core for WCAG 2.1 A/AA, and a log of every request the page makes.

Without /usr/bin/chromium the browser tests are skipped with one reason; with
JOBBOARD_REQUIRE_BROWSER=1 (set by CI) they fail instead. Playwright's own browser
downloads are never used: `playwright install` is not part of this project.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    "Chromium not found: install Debian's chromium package (apt-get install chromium) "
    "to run the browser tests"
)
# Read at import: the `app` fixture removes JOBBOARD_* variables while a test runs.
REQUIRE_BROWSER = os.environ.get("JOBBOARD_REQUIRE_BROWSER") == "1"

LOCAL_HOST = "127.0.0.1"
TIMEOUT_MS = 10_000

# Keep Chromium off the network: no updates, sync, metrics, prefetching or other
# background traffic; every host name but the local server fails to resolve.
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--metrics-recording-only",
    "--no-pings",
    "--dns-prefetch-disable",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}",
]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a `browser` test."""
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


class _Chromium:
    """The one Chromium of the session, started for the first browser test that runs.

    A missing or broken Chromium is remembered, so every browser test is skipped (or
    failed) with the same reason from the same place: `-ra` shows it as one line.
    """

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.problem: str | None = None
        self._tried = False

    def start(self) -> str | None:
        """Launch once; None when the browser runs, else why it does not."""
        if self._tried:
            return self.problem
        self._tried = True
        if not CHROMIUM.is_file():
            self.problem = CHROMIUM_MISSING
            return self.problem
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        try:
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as exc:
            self.stop()
            first_line = str(exc).strip().splitlines()[0]
            self.problem = f"{CHROMIUM_MISSING} (starting {CHROMIUM} failed: {first_line})"
        return self.problem

    def stop(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        if self.playwright is not None:
            self.playwright.stop()
            self.playwright = None

    def require(self) -> None:
        """Skip the current test without a browser; fail it instead in CI."""
        problem = self.start()
        if problem and REQUIRE_BROWSER:
            pytest.fail(problem, pytrace=False)
        if problem:
            # The reason is outside the project: this machine has no Chromium. `make test`
            # says so in one line; CI sets JOBBOARD_REQUIRE_BROWSER=1 and fails instead.
            pytest.skip(problem)


_chromium = _Chromium()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture: no database is built for a test that cannot run.
    if item.get_closest_marker("browser"):
        _chromium.require()


def pytest_sessionfinish(session, exitstatus):
    _chromium.stop()  # the fixture has stopped it already, unless no test asked for it


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; each test gets its own context."""
    _chromium.require()
    try:
        yield _chromium.browser
    finally:
        _chromium.stop()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served on a free local port; yields the base URL.

    Create data with `factory` and `db.session.commit()` before the browser asks for it:
    the server answers from its own threads and sessions.
    """
    server = make_server(LOCAL_HOST, 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="live-server",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@dataclass
class NetworkLog:
    """Every request a test's browser context made, and every answer of 400 and above."""

    urls: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests that went anywhere but the local server."""
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("http", "https") or urlsplit(url).hostname != LOCAL_HOST
        ]

    def assert_only_local(self) -> None:
        assert self.urls, "the browser made no request at all"
        foreign = self.foreign()
        assert not foreign, (
            "requests to other hosts than " + LOCAL_HOST + ":\n" + "\n".join(foreign)
        )

    def assert_no_failures(self) -> None:
        assert not self.failed, "answers with an error status:\n" + "\n".join(self.failed)


@pytest.fixture
def network() -> NetworkLog:
    return NetworkLog()


@pytest.fixture
def page(browser, live_server, network):
    """A page in a fresh browser context (no cookies, no storage) with `base_url` set to
    the live server, bounded timeouts, and every request recorded in `network`."""
    context = browser.new_context(
        base_url=live_server,
        # Neither site language: the language must come from the URL alone.
        locale="fr-FR",
        viewport={"width": 1280, "height": 800},
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.on("request", lambda request: network.urls.append(request.url))
    context.on(
        "response",
        lambda response: (
            network.failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def format_violations(violations: list[dict], url: str) -> str:
    """A readable report: each rule with impact and help, each failing node's target and
    HTML."""
    lines = [f"{len(violations)} axe WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact'}): "
            f"{violation['help']} <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '').strip()}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend("      " + line for line in summary.splitlines())
    return "\n".join(lines)


class AxeChecker:
    """axe-core (bundled with axe-playwright-python) restricted to WCAG 2.1 A and AA."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()

    def violations(self, page) -> list[dict]:
        results = self._axe.run(page, options=AXE_OPTIONS)
        return results.response["violations"]

    def assert_no_violations(self, page) -> None:
        violations = self.violations(page)
        if violations:
            raise AssertionError(format_violations(violations, page.url))


@pytest.fixture(scope="session")
def axe() -> AxeChecker:
    return AxeChecker()
