"""What templates can use beyond Jinja's defaults: Markdown, vocabularies, formatting."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask import Flask, request, url_for
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_timedelta,
    get_locale,
)
from flask_babel import lazy_gettext as _l

from . import taxonomy
from .models import Posting, PostingKind, PostingStatus
from .richtext import plain_text, render_markdown
from .timeutil import BERLIN, utcnow


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII slug for URLs: 'Entwickler (m/w/d) München' -> 'entwickler-m-w-d-muenchen'."""
    text = text.replace("ß", "ss")
    for umlaut, spelled in zip("äöüÄÖÜ", ("ae", "oe", "ue", "Ae", "Oe", "Ue"), strict=True):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].rstrip("-") or "angebot"


def posting_url(posting: Posting, _external: bool = False, **kwargs) -> str:
    return url_for(
        "public.posting_detail",
        posting_id=posting.id,
        slug=slugify(posting.title),
        _external=_external,
        **kwargs,
    )


def money(value: Decimal | int | None) -> str:
    """An amount in EUR in the current locale; whole amounts without cents (48.000 €)."""
    if value is None:
        return ""
    if Decimal(value) != Decimal(value).to_integral_value():
        return format_currency(value, "EUR")
    pattern = get_locale().currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, "EUR", format=pattern, currency_digits=False)


def salary_range(posting: Posting) -> str:
    period = taxonomy.SALARY_PERIODS.label(posting.salary_period)
    low, high = posting.salary_min, posting.salary_max
    if low is None and high is None:
        return ""
    if low is not None and high is not None and low != high:
        text = f"{money(low)} – {money(high)}"
    else:
        text = money(low if low is not None else high)
    return f"{text} {period}".strip()


def page_url(page: int) -> str:
    """The current page with another `page` query value, keeping every filter."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_date(value.astimezone(BERLIN), "medium")
    return format_date(value, "medium")


STATUS_LABELS = {
    PostingStatus.DRAFT: _l("Draft"),
    PostingStatus.SUBMITTED: _l("In review"),
    PostingStatus.CHANGES_REQUESTED: _l("Changes requested"),
    PostingStatus.REJECTED: _l("Rejected"),
    PostingStatus.PUBLISHED: _l("Published"),
    PostingStatus.EXPIRED: _l("Expired"),
    PostingStatus.FILLED: _l("Filled"),
    PostingStatus.WITHDRAWN: _l("Withdrawn"),
    PostingStatus.REMOVED: _l("Removed by the programme office"),
}


def status_label(status: PostingStatus | str) -> str:
    return str(STATUS_LABELS[PostingStatus(status)])


def waited(since: datetime) -> str:
    """How long ago, in words of the current locale ("3 days")."""
    return format_timedelta(utcnow() - since, granularity="hour", threshold=1.1)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        markdown=render_markdown,
        plain=plain_text,
        money=money,
        short_date=short_date,
        number=format_decimal,
        datetime=format_datetime,
    )
    app.jinja_env.globals.update(
        taxonomy=taxonomy,
        PostingKind=PostingKind,
        posting_url=posting_url,
        slugify=slugify,
        salary_range=salary_range,
        page_url=page_url,
        status_label=status_label,
        waited=waited,
        timedelta=timedelta,
    )
