"""German first, English second, no cookie needed: the language lives in the URL.

Public pages exist twice, under German paths (`/stellen`) and under `/en` with English
paths (`/en/jobs`); both rules point at the same view, told apart by the `lang` default.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, current_app, g, request, url_for

DEFAULT_LANGUAGE = "de"
ENGLISH_PREFIX = "/en"


def localized_route(bp: Blueprint, de: str, en: str, **options) -> Callable:
    """Register a view under its German path and under `/en` + its English path."""

    def decorator(view: Callable) -> Callable:
        english = ENGLISH_PREFIX + (en if en != "/" else "/")
        bp.add_url_rule(de, view_func=view, defaults={"lang": "de"}, **options)
        bp.add_url_rule(english, view_func=view, defaults={"lang": "en"}, **options)
        return view

    return decorator


def current_language() -> str:
    lang = g.get("lang")
    if lang:
        return lang
    # Pages outside the bilingual public area (errors, later the signed-in areas).
    path = request.path if request else ""
    if path == ENGLISH_PREFIX or path.startswith(ENGLISH_PREFIX + "/"):
        return "en"
    return DEFAULT_LANGUAGE


def select_locale() -> str:
    lang = current_language()
    return lang if lang in current_app.config["LANGUAGES"] else DEFAULT_LANGUAGE


def _pull_language(endpoint: str | None, values: dict | None) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def _add_language(endpoint: str, values: dict) -> None:
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language()


def switch_language_url(lang: str) -> str:
    """This page in the other language, with its query; the home page where there is none."""
    endpoint = request.endpoint
    if endpoint and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        args = dict(request.view_args or {})
        args.update(request.args.to_dict(flat=False))
        args["lang"] = lang
        return url_for(endpoint, **args)
    return url_for("public.home", lang=lang)


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.jinja_env.globals.update(
        switch_language_url=switch_language_url, current_language=current_language
    )
