"""Form helpers that every part shares: cleaning typed text and accepting web addresses.

Filters and validators for WTForms fields; the posting, account and office forms use them,
and so does the JSON Lines import through the posting forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f]")


# --- filters --------------------------------------------------------------------------


def clean_line(value: Any) -> Any:
    """One-line text: control characters removed (PostgreSQL refuses NUL), trimmed."""
    if isinstance(value, str):
        return _CONTROL_SINGLE_LINE.sub("", value).strip()
    return value


def clean_text(value: Any) -> Any:
    """Multi-line text: Unix line ends, control characters other than tab and newline
    removed, trimmed."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _CONTROL.sub("", value).strip()
    return value


# --- validators -----------------------------------------------------------------------


def http_url(message: str | None = None) -> Callable[[Any, Field], None]:
    """Accept only absolute http:// or https:// addresses with a host name.

    Rejects `javascript:`, `data:`, `ftp:`, scheme-relative `//host` and anything with
    white space. Empty values pass (combine with `Optional()` or a required rule).
    """
    msg = message or _l("Enter a web address starting with http:// or https://.")

    def _validate(form: Any, field: Field) -> None:
        value = field.data
        if not value:
            return
        if not is_http_url(value):
            raise ValidationError(msg)

    return _validate


def is_http_url(value: str) -> bool:
    if any(ch.isspace() for ch in value) or _CONTROL.search(value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = parts.hostname or ""
    return "." in host.strip(".") or host == "localhost"
