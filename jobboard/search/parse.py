"""What a person types, turned into a whoosh query. Never raises.

The syntax is small on purpose: words (all of them must match, in any text field),
"quoted phrases", and -word or -"phrase" to exclude. Everything else is text: there are no
field names, wildcards or operators to get wrong, so `*`, `AND`, `title:`, unbalanced
quotes or a lone `-` all mean what the letters in them mean. Stop words of German and
English are ignored, so "Entwickler in München" is "Entwickler München".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import QUERY_STOPS, base_form, normalise
from .schema import FIELD_BOOSTS

#: Longest search text we read; the rest is cut off (the page says so).
MAX_TEXT_LENGTH = 200
#: Most words and phrases per search (bounds the work one request can cause).
MAX_PARTS = 12

_PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


@dataclass
class ParsedText:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.excluded)


def clean_text(text: str | None) -> tuple[str, bool]:
    """The text as we search it (normalised, capped) and whether it was cut."""
    text = " ".join(normalise(text or "").split())
    if len(text) > MAX_TEXT_LENGTH:
        return text[:MAX_TEXT_LENGTH].rstrip(), True
    return text, False


def parse(text: str | None) -> ParsedText:
    cleaned, truncated = clean_text(text)
    parsed = ParsedText(truncated=truncated)
    count = 0
    for match in _PART.finditer(cleaned):
        if count >= MAX_PARTS:
            parsed.truncated = True
            break
        negative = bool(match[1] or match[3])
        content = (match[2] if match[2] is not None else match[4] or "").strip()
        if not _has_words(content):
            continue
        count += 1
        if negative:
            parsed.excluded.append(content)
        elif match[2] is not None and len(content.split()) > 1:
            parsed.phrases.append(content)
        else:
            parsed.words.append(content)
    return parsed


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class QueryBuilder:
    """Builds the whoosh query of a ParsedText against the schema's text fields, and
    remembers the terms per field (for highlighting)."""

    def __init__(self, schema):
        self.schema = schema
        self.terms: dict[str, set[str]] = {}

    def build(self, parsed: ParsedText) -> wq.Query | None:
        """The text query, or None when the text holds nothing to search for."""
        required = [q for q in (self.word(w) for w in parsed.words) if q is not None]
        required += [q for q in (self.phrase(p) for p in parsed.phrases) if q is not None]
        excluded = [
            q for q in (self.phrase(e, remember=False) for e in parsed.excluded) if q is not None
        ]
        if not required and not excluded:
            return None
        main = wq.And(required) if len(required) > 1 else (required[0] if required else wq.Every())
        if excluded:
            return wq.AndNot(main, wq.Or(excluded))
        return main

    def _positions(self, fieldname: str, text: str) -> list[list[str]]:
        """The terms of `text` in a field, grouped by position (alternatives together)."""
        analyzer = self.schema[fieldname].analyzer
        groups: dict[int, list[str]] = {}
        for token in analyzer(text, positions=True, mode="query"):
            groups.setdefault(token.pos, [])
            if token.text not in groups[token.pos]:
                groups[token.pos].append(token.text)
        return [groups[pos] for pos in sorted(groups)]

    def word(self, word: str, remember: bool = True) -> wq.Query | None:
        """A word in any text field; its spellings are alternatives, the parts of a
        hyphenated word are all required."""
        if base_form(word) in QUERY_STOPS or word.lower() in QUERY_STOPS:
            return None
        per_field = []
        for fieldname, boost in FIELD_BOOSTS.items():
            positions = self._positions(fieldname, word)
            if not positions:
                continue
            if remember:
                self.terms.setdefault(fieldname, set()).update(
                    t for alts in positions for t in alts
                )
            parts = [_any(fieldname, alts, boost) for alts in positions]
            per_field.append(parts[0] if len(parts) == 1 else wq.And(parts))
        if not per_field:
            return None
        return per_field[0] if len(per_field) == 1 else wq.Or(per_field)

    def phrase(self, text: str, remember: bool = True) -> wq.Query | None:
        """Words next to each other, in one field (stop words between them allowed)."""
        if len(text.split()) == 1:
            return self.word(text, remember)
        per_field = []
        for fieldname, boost in FIELD_BOOSTS.items():
            analyzer = self.schema[fieldname].analyzer
            tokens = [(t.pos, t.text) for t in analyzer(text, positions=True, mode="query")]
            if not tokens:
                continue
            firsts: dict[int, str] = {}
            for pos, term in tokens:
                firsts.setdefault(pos, term)
            positions = sorted(firsts)
            if remember:
                self.terms.setdefault(fieldname, set()).update(t for _, t in tokens)
            if len(positions) == 1:
                per_field.append(wq.Term(fieldname, firsts[positions[0]], boost=boost))
                continue
            gaps = positions[-1] - positions[0] - (len(positions) - 1)
            words = [firsts[p] for p in positions]
            per_field.append(wq.Phrase(fieldname, words, slop=1 + gaps, boost=boost))
        if not per_field:
            return None
        return per_field[0] if len(per_field) == 1 else wq.Or(per_field)


def _any(fieldname: str, alternatives: list[str], boost: float) -> wq.Query:
    if len(alternatives) == 1:
        return wq.Term(fieldname, alternatives[0], boost=boost)
    return wq.Or([wq.Term(fieldname, t, boost=boost) for t in alternatives])
