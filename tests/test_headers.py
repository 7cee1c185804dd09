"""Security headers on every response, including errors and static files."""

import re

import pytest

from jobboard.headers import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/en/offers", "/static/board.css", "/no-such-page"])
def test_security_headers_everywhere(client, url):
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_csp_forbids_inline_code_and_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_pages_have_no_inline_script_or_style(client, factory):
    from jobboard.extensions import db

    job = factory.vacancy()
    db.session.commit()
    for url in ["/", "/angebote", f"/angebote/{job.id}", "/cluster"]:
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        # JSON-LD blocks are data, not script; nothing else may be inline.
        html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
        assert "<script" not in html and "<style" not in html and " style=" not in html, url
