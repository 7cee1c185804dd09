"""Error pages come in the site's layout and language, never with a stack trace."""

import pytest
from flask import abort


@pytest.fixture
def app_config(app_config):
    # Let the app turn exceptions into its 500 page, as in production.
    return {**app_config, "PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def error_routes(app):
    def boom():
        raise RuntimeError("secret internal detail")

    def form():
        return "never reached without a CSRF token"

    def forbidden():
        abort(403)

    app.add_url_rule("/test/boom", view_func=boom)
    app.add_url_rule("/test/form", view_func=form, methods=["POST"])
    app.add_url_rule("/test/forbidden", view_func=forbidden)
    return app


@pytest.mark.parametrize(
    ("method", "url", "code", "title"),
    [
        ("post", "/test/form", 400, "Ungültige Anfrage"),  # CSRF token missing
        ("get", "/test/forbidden", 403, "Zugriff verweigert"),
        ("get", "/gibt-es-nicht", 404, "Seite nicht gefunden"),
        ("post", "/angebote", 405, "Methode nicht erlaubt"),
        ("get", "/test/boom", 500, "Etwas ist schiefgelaufen"),
        ("get", "/en/does-not-exist", 404, "Page not found"),
    ],
)
def test_error_pages(client, error_routes, method, url, code, title):
    response = getattr(client, method)(url)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert f"<h1>{title}</h1>" in html
    assert 'class="site-header"' in html  # the site's layout
    assert '<meta name="robots" content="noindex">' in html
    assert "Traceback" not in html and "secret internal detail" not in html
    assert "Set-Cookie" not in response.headers
