"""Error pages in the site's layout, never a stack trace."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check your input.")),
    403: (_l("Access denied"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Method not allowed"), _l("This page cannot be used this way.")),
    410: (
        _l("No longer available"),
        _l("This offer has been taken down by its publisher or by the programme office."),
    ),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again later."),
    ),
}


def _render(error: HTTPException):
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
    # A 4xx raised with its own description (abort(400, "…")) shows that description.
    if code < 500 and error.description and error.description != type(error).description:
        text = error.description
    return render_template("errors/error.html", code=code, title=title, text=text), code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render)

    @app.errorhandler(InternalServerError)
    def _internal(error: InternalServerError):
        return _render(InternalServerError())
