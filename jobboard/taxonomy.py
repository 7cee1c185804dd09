"""Controlled vocabularies: regions (NUTS), sectors (EU industrial ecosystems), employment
types, training formats and the other closed lists of a posting.

Each term carries its German and English name; codes are what the database stores.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale


@dataclass(frozen=True, slots=True)
class Term:
    code: str
    de: str
    en: str

    @property
    def label(self) -> str:
        """The name in the language of the current request (German outside a request)."""
        try:
            lang = get_locale().language
        except (AttributeError, RuntimeError):
            lang = "de"
        return self.en if lang == "en" else self.de

    def __str__(self) -> str:
        return self.label


class Vocabulary:
    """An ordered, closed list of terms, looked up by code."""

    def __init__(self, *terms: Term):
        self.terms: tuple[Term, ...] = terms
        self._by_code = {t.code: t for t in terms}
        if len(self._by_code) != len(terms):
            raise ValueError("duplicate code in vocabulary")

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Term:
        return self._by_code[code]

    def get(self, code: str | None) -> Term | None:
        return self._by_code.get(code) if code else None

    def label(self, code: str | None) -> str:
        term = self.get(code)
        return term.label if term else ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def choices(self) -> list[tuple[str, str]]:
        """(code, label) pairs in the current language, for select fields."""
        return [(t.code, t.label) for t in self.terms]


# --- Regions: NUTS-1 (the 16 Länder) and NUTS-2 (38 regions), NUTS 2021 ----------------

LAENDER = Vocabulary(
    Term("DE1", "Baden-Württemberg", "Baden-Württemberg"),
    Term("DE2", "Bayern", "Bavaria"),
    Term("DE3", "Berlin", "Berlin"),
    Term("DE4", "Brandenburg", "Brandenburg"),
    Term("DE5", "Bremen", "Bremen"),
    Term("DE6", "Hamburg", "Hamburg"),
    Term("DE7", "Hessen", "Hesse"),
    Term("DE8", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    Term("DE9", "Niedersachsen", "Lower Saxony"),
    Term("DEA", "Nordrhein-Westfalen", "North Rhine-Westphalia"),
    Term("DEB", "Rheinland-Pfalz", "Rhineland-Palatinate"),
    Term("DEC", "Saarland", "Saarland"),
    Term("DED", "Sachsen", "Saxony"),
    Term("DEE", "Sachsen-Anhalt", "Saxony-Anhalt"),
    Term("DEF", "Schleswig-Holstein", "Schleswig-Holstein"),
    Term("DEG", "Thüringen", "Thuringia"),
)

REGIONS = Vocabulary(
    Term("DE11", "Stuttgart", "Stuttgart"),
    Term("DE12", "Karlsruhe", "Karlsruhe"),
    Term("DE13", "Freiburg", "Freiburg"),
    Term("DE14", "Tübingen", "Tübingen"),
    Term("DE21", "Oberbayern", "Upper Bavaria"),
    Term("DE22", "Niederbayern", "Lower Bavaria"),
    Term("DE23", "Oberpfalz", "Upper Palatinate"),
    Term("DE24", "Oberfranken", "Upper Franconia"),
    Term("DE25", "Mittelfranken", "Middle Franconia"),
    Term("DE26", "Unterfranken", "Lower Franconia"),
    Term("DE27", "Schwaben", "Swabia"),
    Term("DE30", "Berlin", "Berlin"),
    Term("DE40", "Brandenburg", "Brandenburg"),
    Term("DE50", "Bremen", "Bremen"),
    Term("DE60", "Hamburg", "Hamburg"),
    Term("DE71", "Darmstadt", "Darmstadt"),
    Term("DE72", "Gießen", "Giessen"),
    Term("DE73", "Kassel", "Kassel"),
    Term("DE80", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    Term("DE91", "Braunschweig", "Brunswick"),
    Term("DE92", "Hannover", "Hanover"),
    Term("DE93", "Lüneburg", "Lüneburg"),
    Term("DE94", "Weser-Ems", "Weser-Ems"),
    Term("DEA1", "Düsseldorf", "Düsseldorf"),
    Term("DEA2", "Köln", "Cologne"),
    Term("DEA3", "Münster", "Münster"),
    Term("DEA4", "Detmold", "Detmold"),
    Term("DEA5", "Arnsberg", "Arnsberg"),
    Term("DEB1", "Koblenz", "Koblenz"),
    Term("DEB2", "Trier", "Trier"),
    Term("DEB3", "Rheinhessen-Pfalz", "Rhenish Hesse-Palatinate"),
    Term("DEC0", "Saarland", "Saarland"),
    Term("DED2", "Dresden", "Dresden"),
    Term("DED4", "Chemnitz", "Chemnitz"),
    Term("DED5", "Leipzig", "Leipzig"),
    Term("DEE0", "Sachsen-Anhalt", "Saxony-Anhalt"),
    Term("DEF0", "Schleswig-Holstein", "Schleswig-Holstein"),
    Term("DEG0", "Thüringen", "Thuringia"),
)


def land_of(region_code: str) -> str:
    """The NUTS-1 code (Land) a NUTS-2 code belongs to: its first three characters."""
    return region_code[:3]


def regions_of(land_code: str) -> tuple[str, ...]:
    """The NUTS-2 codes within a Land."""
    return tuple(code for code in REGIONS.codes if land_of(code) == land_code)


def region_filter_codes(code: str) -> tuple[str, ...]:
    """The NUTS-2 codes a region filter matches: a Land matches all its regions."""
    if code in LAENDER:
        return regions_of(code)
    if code in REGIONS:
        return (code,)
    return ()


def region_ancestors(region_code: str) -> tuple[str, ...]:
    """The codes a posting in `region_code` is found under: the region and its Land."""
    return (land_of(region_code), region_code)


def region_label(code: str | None) -> str:
    """`Region, Land` for a NUTS-2 code, or the Land alone where both are the same."""
    if not code:
        return ""
    if code in LAENDER:
        return LAENDER.label(code)
    region, land = REGIONS.get(code), LAENDER.get(land_of(code))
    if region is None or land is None:
        return code
    return land.label if region.label == land.label else f"{region.label}, {land.label}"


# --- Sectors: the 14 EU industrial ecosystems (European Cluster Collaboration Platform) ----

SECTORS = Vocabulary(
    Term("aerospace-defence", "Luft- und Raumfahrt, Verteidigung", "Aerospace & Defence"),
    Term("agri-food", "Agrar- und Ernährungswirtschaft", "Agri-food"),
    Term("construction", "Bauwirtschaft", "Construction"),
    Term(
        "cultural-creative",
        "Kultur- und Kreativwirtschaft",
        "Cultural and Creative Industries",
    ),
    Term("digital", "Digitalwirtschaft", "Digital"),
    Term("electronics", "Elektronik", "Electronics"),
    Term("energy-intensive", "Energieintensive Industrien", "Energy-Intensive Industries"),
    Term("renewables", "Erneuerbare Energien", "Energy – Renewables"),
    Term("health", "Gesundheitswirtschaft", "Health"),
    Term("mobility", "Mobilität, Verkehr, Automobil", "Mobility – Transport – Automotive"),
    Term(
        "proximity-social",
        "Nahversorgung, Sozialwirtschaft und zivile Sicherheit",
        "Proximity, Social Economy and Civil Security",
    ),
    Term("retail", "Einzelhandel", "Retail"),
    Term("textile", "Textil", "Textile"),
    Term("tourism", "Tourismus", "Tourism"),
)

# --- Vacancies --------------------------------------------------------------------------

EMPLOYMENT_TYPES = Vocabulary(
    Term("full_time", "Vollzeit", "Full-time"),
    Term("part_time", "Teilzeit", "Part-time"),
    Term("internship", "Praktikum", "Internship"),
    Term("apprenticeship", "Ausbildung / duales Studium", "Apprenticeship / dual study"),
    Term("working_student", "Werkstudium", "Working student"),
    Term("thesis", "Abschlussarbeit", "Thesis"),
    Term("freelance", "Freie Mitarbeit", "Freelance"),
)

CONTRACT_TYPES = Vocabulary(
    Term("permanent", "Unbefristet", "Permanent"),
    Term("fixed_term", "Befristet", "Fixed-term"),
)

REMOTE_MODES = Vocabulary(
    Term("on_site", "Vor Ort", "On site"),
    Term("hybrid", "Hybrid", "Hybrid"),
    Term("remote", "Remote", "Remote"),
)

CAREER_LEVELS = Vocabulary(
    Term("entry", "Berufseinstieg", "Entry level"),
    Term("professional", "Berufserfahren", "Professional"),
    Term("senior", "Senior", "Senior"),
    Term("management", "Führungskraft", "Management"),
)

SALARY_PERIODS = Vocabulary(
    Term("year", "pro Jahr", "per year"),
    Term("month", "pro Monat", "per month"),
    Term("hour", "pro Stunde", "per hour"),
)

# --- Training offers --------------------------------------------------------------------

TRAINING_FORMATS = Vocabulary(
    Term("on_site", "Präsenz", "On site"),
    Term("online_live", "Online (live)", "Online (live)"),
    Term("self_paced", "Selbstlernkurs", "Self-paced"),
    Term("blended", "Blended Learning", "Blended learning"),
)

TRAINING_SCHEDULES = Vocabulary(
    Term("full_time", "Vollzeit", "Full-time"),
    Term("part_time", "Berufsbegleitend / Teilzeit", "Part-time"),
)

DURATION_UNITS = Vocabulary(
    Term("hours", "Stunden", "hours"),
    Term("days", "Tage", "days"),
)

# --- Posting ----------------------------------------------------------------------------

KINDS = Vocabulary(
    Term("vacancy", "Stellenangebot", "Job vacancy"),
    Term("training", "Weiterbildungsangebot", "Training offer"),
)

POSTING_LANGUAGES = Vocabulary(
    Term("de", "Deutsch", "German"),
    Term("en", "Englisch", "English"),
)

TRUST_LEVELS = Vocabulary(
    Term("standard", "Vorab geprüft", "Reviewed before publication"),
    Term("trusted", "Vertrauenswürdig", "Trusted"),
)
