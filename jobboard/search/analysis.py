"""How text becomes index terms: German and English job language.

German (`GermanAnalyzer`):
- Snowball German through PyStemmer: "Entwickler", "Entwicklers", "Entwicklern" meet.
- Gender forms meet the base word: "Entwicklerin", "Entwicklerinnen", "Ingenieur*in",
  "Ingenieur:innen", "Mitarbeiter/-in", "Mitarbeiter/in", "Berater_innen", "EntwicklerIn",
  "Ärztin"; the "(m/w/d)" letters are stop words.
- Umlauts: the ae/oe/ue spelling and the plain vowel are indexed beside each umlaut word,
  so "Müller" is found as "Mueller" and "Muller", "München" as "Muenchen". "ß" meets "ss"
  ("Straße" = "Strasse"); whoosh's `accent_map` is not used because it turns "ß" into "s".
- Compounds are split at index time with a list of head words shipped in
  `data/heads-de.txt`: "Softwareentwickler" is also indexed as "Entwickler" and "Software",
  "Pflegefachkraft" as "Fachkraft" and "Pflege". Queries are not split, so a search for
  "Softwareentwickler" stays precise. Hyphenated words index their parts and the joined
  word ("Software-Entwickler" is found by "Softwareentwickler").

English (`EnglishAnalyzer`): Snowball English, English stop words, the same umlaut spellings
(for place and company names in English text).

Every analyzer reads text normalised to NFC, so decomposed umlauts meet composed ones.
Terms that come from one word share its position and its character span, so phrase search
and highlighting work on the original text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import Stemmer
from whoosh.analysis import Analyzer, Token
from whoosh.lang import stopwords_for_language

#: Longest word we index; longer "words" are hashes, URLs without separators and the like.
MAX_WORD_LENGTH = 40

# A word: letters and digits, hyphenated parts, and a gender ending written with a star,
# colon, slash, middle dot or "/-" ("Ingenieur*in", "Mitarbeiter/-innen"). "_" is part of
# \w, so "Berater_innen" is one word already.
_WORD = re.compile(r"\w+(?:-\w+)*(?:(?:[*:·]|/-?)[iI]n(?:nen)?(?!\w))?")
_GENDER_MARK = re.compile(r"^(?P<base>\w+?)(?:[*:·_]|/-?)in(?:nen)?$", re.IGNORECASE)
# "EntwicklerIn", "EntwicklerInnen" (the capital I after a small letter).
_BINNEN_I = re.compile(r"^(?P<base>\w*[a-zäöüß])In(?:nen)?$")
# Feminine "-in"/"-innen" after the endings of person nouns: "Entwicklerin", "Ingenieurin",
# "Studentin", "Biologin", "Architektin". The base needs three letters before the ending.
_FEMININE = re.compile(
    r"^(?P<base>\w{3,}(?:er|eur|ent|ant|ist|og|eg|at|or|ekt|and|eut|ot|ef|om|är))(?:in|innen)$"
)
# Feminine forms that change the vowel.
_IRREGULAR_FEMININE = (
    ("ärztinnen", "arzt"),
    ("ärztin", "arzt"),
    ("anwältinnen", "anwalt"),
    ("anwältin", "anwalt"),
    ("köchinnen", "koch"),
    ("köchin", "koch"),
    ("bäuerinnen", "bauer"),
    ("bäuerin", "bauer"),
)

# Letters of "(m/w/d)", "(w/m/x)", "(gn)" and friends.
_JOB_AD_STOPS = frozenset({"m", "w", "d", "f", "x", "gn", "mwd", "wmd", "mfd", "div"})
GERMAN_STOPS = frozenset(stopwords_for_language("de")) | _JOB_AD_STOPS
# "it" stays searchable: "IT" is a field of work ("IT-Administrator", "IT Support").
ENGLISH_STOPS = (frozenset(stopwords_for_language("en")) - {"it"}) | _JOB_AD_STOPS
#: Words a search ignores: stop words of either language (a word that one analyzer drops
#: would otherwise be required in the other language's fields only).
QUERY_STOPS = GERMAN_STOPS | ENGLISH_STOPS

_UMLAUT_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_UMLAUT_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
# "ae"/"oe"/"ue" written for an umlaut; not "ue" after "q" ("Quelle") or a vowel ("neue").
_SPELLED_UMLAUT = re.compile(r"(?<![qaeiouäöü])(ae|oe|ue)")
_UMLAUT_OF = {"ae": "ä", "oe": "ö", "ue": "ü"}

_local = threading.local()


def _stemmer(language: str) -> Stemmer.Stemmer:
    """PyStemmer objects are not thread-safe: one per thread and language."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = Stemmer.Stemmer(language, 10_000)
    return stemmer


def normalise(text: str) -> str:
    """NFC, and no control characters (they would only confuse the tokenizer)."""
    text = unicodedata.normalize("NFC", text)
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)


@lru_cache(maxsize=100_000)
def base_form(word: str) -> str:
    """The word without gender marks and feminine endings, lower-cased.

    >>> [base_form(w) for w in ("Ingenieur*in", "Mitarbeiter/-innen", "EntwicklerIn",
    ...                          "Entwicklerinnen", "Ärztin", "Berlin")]
    ['ingenieur', 'mitarbeiter', 'entwickler', 'entwickler', 'arzt', 'berlin']
    """
    match = _GENDER_MARK.match(word) or _BINNEN_I.match(word)
    if match:
        word = match["base"]
    word = word.lower()
    for feminine, masculine in _IRREGULAR_FEMININE:
        if word.endswith(feminine):
            return word[: -len(feminine)] + masculine
    match = _FEMININE.match(word)
    return match["base"] if match else word


def spellings(word: str) -> list[str]:
    """The word and its other spellings: umlauts as ae/oe/ue and as plain vowels, ß as
    ss, and ae/oe/ue as umlauts. The word itself comes first."""
    out = [word]
    if any(ch in word for ch in "äöüß"):
        out += [word.translate(_UMLAUT_SPELLED), word.translate(_UMLAUT_PLAIN)]
    elif _SPELLED_UMLAUT.search(word):
        out.append(_SPELLED_UMLAUT.sub(lambda m: _UMLAUT_OF[m[1]], word))
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class _Heads:
    surface: dict[str, str]  # a word ending ("techniker", "technikern") -> the head's stem
    surface_lengths: tuple[int, ...]  # longest first
    stems: frozenset[str]  # head stems ("fachkraft", "entwickl")
    stem_lengths: tuple[int, ...]
    exceptions: tuple[str, ...]  # words and stems that are never split


# Endings a head word may carry inside a compound ("Elektrotechnikern").
_HEAD_ENDINGS = ("", "s", "n", "e", "en", "es", "er", "ern")


@cache
def _heads() -> _Heads:
    """The head words of data/heads-de.txt, ready for suffix look-ups."""
    text = resources.files(__package__).joinpath("data/heads-de.txt").read_text("utf-8")
    heads, exceptions = {}, []
    stemmer = Stemmer.Stemmer("german")
    for raw in text.splitlines():
        line = raw.strip().lower()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            exceptions += [line[1:], stemmer.stemWord(line[1:])]
            continue
        stem = stemmer.stemWord(line)
        if len(stem) >= 4:  # shorter heads would split far too much
            heads[line] = stem
    surface: dict[str, str] = {}
    for head in sorted(heads, key=len, reverse=True):  # the longest head wins
        for ending in _HEAD_ENDINGS:
            surface.setdefault(head + ending, heads[head])
    stems = frozenset(heads.values())
    return _Heads(
        surface=surface,
        surface_lengths=tuple(sorted({len(k) for k in surface}, reverse=True)),
        stems=stems,
        stem_lengths=tuple(sorted({len(k) for k in stems}, reverse=True)),
        exceptions=tuple(exceptions),
    )


def decompound(word: str, stem: str, language: str = "german", depth: int = 3) -> list[str]:
    """Stems of the parts of a compound: its head and its first part, recursively.

    `stem` is the stem of `word`. "softwareentwickler" -> ["entwickl", "softwar"].
    The head is found in the word itself ("elektrotechniker" ends in "techniker") or else
    in its stem (inflected forms: "pflegefachkräfte" stems to "...fachkraft"); the part
    in front needs three letters at least.
    """
    heads = _heads()
    if depth <= 0 or any(e in word or e in stem for e in heads.exceptions):
        return []
    head_stem, first = None, None
    for length in heads.surface_lengths:
        if len(word) - length >= 3 and word[-length:] in heads.surface:
            head_stem, first = heads.surface[word[-length:]], word[:-length]
            break
    else:
        for length in heads.stem_lengths:
            if len(stem) - length >= 3 and stem[-length:] in heads.stems:
                head_stem, first = stem[-length:], stem[:-length]
                break
    if head_stem is None or first is None:
        return []
    parts = [head_stem]
    first_stem = _stemmer(language).stemWord(first)
    if len(first_stem) >= 3 and first not in GERMAN_STOPS:
        parts.append(first_stem)
        parts += decompound(first, first_stem, language, depth - 1)
    return parts


@lru_cache(maxsize=200_000)
def _word_terms(language: str, split: bool, word: str) -> tuple[str, ...]:
    """Stems of a word's spellings (its own stem first), and the parts of a compound.
    Cached: job ads repeat their vocabulary a lot."""
    stemmer = _stemmer(language)
    stems = [stemmer.stemWord(w) for w in spellings(word)]
    if split:
        stems += decompound(word, stems[0], language)
    return tuple(dict.fromkeys(stems))


class _BaseAnalyzer(Analyzer):
    """Tokenizes, normalises and stems in one pass (see the module docstring).

    Whoosh pickles analyzers into the index's table of contents, so the object holds only
    plain settings; stemmers are created per thread when needed.
    """

    language = "german"
    stops: frozenset[str] = GERMAN_STOPS
    split_compounds = False
    strip_gender = True

    def __init__(self):
        pass  # settings are class attributes: nothing to pickle but the class

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __repr__(self):
        return f"{type(self).__name__}()"

    def terms(self, word: str, mode: str) -> list[str]:
        """All terms for one lower-cased word (no hyphens): stems of its spellings, and in
        index mode the parts of a compound. The first term is the word's own stem."""
        return list(_word_terms(self.language, mode == "index" and self.split_compounds, word))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        if not isinstance(value, str):
            value = str(value)
        index_mode = mode == "index"
        # One Token object for the whole stream, as whoosh's own tokenizers do: consumers
        # use each token before asking for the next, and copy() what they keep.
        token = Token(positions=positions, chars=chars, removestops=removestops, mode=mode)
        token.boost = 1.0
        pos = start_pos - 1
        plans = _plans_for(self, index_mode)
        for match in _WORD.finditer(value) if tokenize else [_whole(value)]:
            raw = match.group()
            start = start_char + match.start()
            plan = plans.get(raw) or _plan(self, index_mode, raw)
            for offset, length, stopped, texts in plan:
                pos += 1
                if stopped is not None:
                    if removestops:
                        continue
                    texts = (stopped,)
                token.stopped = stopped is not None
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start + offset
                    token.endchar = start + offset + length
                if keeporiginal:
                    token.original = raw
                for text in texts:
                    token.text = text
                    yield token

    def spans(self, value: str, mode: str = "index") -> Iterator[tuple[int, int, str]]:
        """(start, end, term) of every token `__call__(value, chars=True, mode=mode,
        removestops=False)` would give, stop words included, without Token objects (for
        highlighting, which looks at every token of a description)."""
        index_mode = mode == "index"
        plans = _plans_for(self, index_mode)
        for match in _WORD.finditer(value):
            start = match.start()
            raw = match.group()
            for offset, length, stopped, texts in plans.get(raw) or _plan(self, index_mode, raw):
                begin = start + offset
                end = begin + length
                if stopped is not None:
                    yield begin, end, stopped
                    continue
                for text in texts:
                    yield begin, end, text


#: (character offset in the word, length, the stop word or None, terms) per part of a word.
_Part = tuple[int, int, str | None, tuple[str, ...]]


#: Plans per (analyzer class, index mode): word -> plan. Plain dicts (an lru_cache would
#: hash the analyzer in Python for every word); emptied when they grow past _PLANS_MAX.
_plans: dict[tuple[type, bool], dict[str, tuple[_Part, ...]]] = {}
_PLANS_MAX = 200_000


def _plans_for(analyzer: _BaseAnalyzer, index_mode: bool) -> dict[str, tuple[_Part, ...]]:
    key = (type(analyzer), index_mode)
    plans = _plans.get(key)
    if plans is None or len(plans) > _PLANS_MAX:
        plans = _plans[key] = {}
    return plans


def _plan(analyzer: _BaseAnalyzer, index_mode: bool, raw: str) -> tuple[_Part, ...]:
    """What one word of the text becomes, computed once per analyzer class, mode and word:
    each hyphenated part that is not too long takes one position; a stop word yields no
    terms (but a stopped token when stops are kept). Job ads repeat their vocabulary, so
    indexing and highlighting mostly find the plan made already."""
    plans = _plans_for(analyzer, index_mode)
    plan = plans.get(raw)
    if plan is None:
        plan = plans[raw] = _make_plan(analyzer, index_mode, raw)
    return plan


def _make_plan(analyzer: _BaseAnalyzer, index_mode: bool, raw: str) -> tuple[_Part, ...]:
    mode = "index" if index_mode else "query"
    parts = [
        (base_form(part) if analyzer.strip_gender else part.lower(), offset, len(part))
        for part, offset in _hyphen_parts(raw, 0)
    ]
    joined = "".join(p for p, _, _ in parts) if len(parts) > 1 else None
    plan: list[_Part] = []
    for index, (part, offset, length) in enumerate(parts):
        if len(part) > MAX_WORD_LENGTH:
            continue
        if part in analyzer.stops or (len(part) < 2 and not part.isdigit()):
            plan.append((offset, length, part, ()))
            continue
        texts = analyzer.terms(part, mode)
        if index == 0 and joined and index_mode and len(joined) <= MAX_WORD_LENGTH:
            # "Software-Entwickler" is also "Softwareentwickler".
            texts += analyzer.terms(joined, mode)
            offset, length = 0, len(raw)
        plan.append((offset, length, None, tuple(dict.fromkeys(texts))))
    return tuple(plan)


def _whole(value: str) -> re.Match:
    return re.match(r".*", value, re.DOTALL)


_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _hyphen_parts(word: str, start: int) -> list[tuple[str, int]]:
    """The parts of a hyphenated word with their character offsets. A hyphen in a gender
    ending ("Mitarbeiter/-in") does not split."""
    parts, offset = [], start
    for part in _HYPHEN.split(word):
        if part:
            parts.append((part, offset))
        offset += len(part) + 1
    return parts


class GermanAnalyzer(_BaseAnalyzer):
    """Titles and descriptions of German postings."""

    split_compounds = True


class EnglishAnalyzer(_BaseAnalyzer):
    """Titles and descriptions of English postings."""

    language = "english"
    stops = ENGLISH_STOPS


class NameAnalyzer(_BaseAnalyzer):
    """Names of organisations and places: German stemming and spellings, no splitting."""


class SpellingAnalyzer(_BaseAnalyzer):
    """Whole words, lower-cased, for "did you mean": suggestions are real words, not stems."""

    stops = QUERY_STOPS

    def terms(self, word: str, mode: str) -> list[str]:
        if len(word) < 3 or any(ch.isdigit() for ch in word):
            return []
        return [word]
