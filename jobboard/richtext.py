"""Markdown descriptions: rendered with markdown-it (raw HTML off), then sanitised by nh3.

Only `http`, `https` and `mailto` links survive; every link opens without a referrer
and tells search engines that we do not vouch for it.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # commonmark without raw HTML; linkify is off so bare text never becomes a link.
    # Headings are shifted down (h1/h2 belong to the page) by the sanitiser below.
    return MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")


def _shift_headings(html: str) -> str:
    for level in (2, 1):  # h1 -> h3, h2 -> h4 keeps the page outline intact
        html = html.replace(f"<h{level}>", f"<h{level + 2}>")
        html = html.replace(f"</h{level}>", f"</h{level + 2}>")
    return html


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a Markdown text written by a cluster manager."""
    if not text:
        return Markup("")
    html = _shift_headings(_markdown().render(text))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def plain_text(text: str | None, limit: int | None = None) -> str:
    """The description as plain text (for teasers, feeds and structured data)."""
    if not text:
        return ""
    html = _markdown().render(text)
    plain = " ".join(nh3.clean(html, tags=set()).split())
    plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    plain = plain.replace("&quot;", '"').replace("&#39;", "'")
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rsplit(" ", 1)[0] + "…"
    return plain
