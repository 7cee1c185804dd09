"""What a search finds, on a small German and English set: stems, umlauts, ß, compounds,
gender forms, English terms, phrases, exclusions, ranking and "did you mean"."""

from __future__ import annotations

import pytest

from jobboard.extensions import db
from jobboard.search import SearchQuery, search

VACANCY, TRAINING = "vacancy", "training"

CORPUS = {
    "dev_muc": {
        "kind": VACANCY,
        "title": "Softwareentwickler (m/w/d) Backend",
        "description": "Für unser Team suchen wir eine erfahrene Entwicklerin oder einen "
        "Entwickler mit Freude an sauberem Code.",
        "city": "München",
        "postcode": "80331",
        "region": "DE21",
    },
    "dev_web": {
        "kind": VACANCY,
        "title": "Webentwickler*in Frontend",
        "description": "Du baust barrierefreie Oberflächen für unsere Kundschaft.",
        "city": "Leipzig",
        "postcode": "04109",
        "region": "DED5",
    },
    "ing": {
        "kind": VACANCY,
        "title": "Ingenieur*in Elektrotechnik",
        "description": "Planung von Schaltanlagen und Prüfung von Komponenten.",
        "city": "Stuttgart",
        "postcode": "70173",
        "region": "DE11",
    },
    "pflege": {
        "kind": VACANCY,
        "title": "Pflegefachkraft (m/w/d) Intensivstation",
        "description": "Sie versorgen schwer kranke Menschen im Schichtdienst.",
        "city": "Köln",
        "postcode": "50667",
        "region": "DEA2",
        "hiring": "Klinikum Müller",
    },
    "pflege_kurs": {
        "kind": TRAINING,
        "title": "Weiterbildung Altenpflege",
        "description": "Berufsbegleitender Lehrgang für Menschen, die Senioren betreuen.",
        "city": "Hamburg",
        "postcode": "20095",
        "region": "DE60",
    },
    "vertrieb": {
        "kind": VACANCY,
        "title": "Mitarbeiter/-in Vertrieb Innendienst",
        "description": "Angebote schreiben, Kunden beraten, Aufträge abwickeln.",
        "city": "Düsseldorf",
        "postcode": "40213",
        "region": "DEA1",
    },
    "strasse": {
        "kind": VACANCY,
        "title": "Projektleiter*in Straßenbau",
        "description": "Baustellen in Muenchen und Umgebung, Abstimmung mit Behörden.",
        "city": "Augsburg",
        "postcode": "86150",
        "region": "DE27",
    },
    "chips": {
        "kind": VACANCY,
        "title": "Prozessingenieur Halbleiterfertigung",
        "description": "Sie optimieren die Fertigung von Leistungshalbleitern im Reinraum.",
        "city": "Dresden",
        "postcode": "01067",
        "region": "DED2",
    },
    "en_dev": {
        "kind": VACANCY,
        "language": "en",
        "title": "Senior Software Engineer (m/f/d)",
        "description": "You will design data pipelines and mentor junior engineers.",
        "city": "Berlin",
        "postcode": "10115",
        "region": "DE30",
    },
    "en_course": {
        "kind": TRAINING,
        "language": "en",
        "title": "Nursing leadership course",
        "description": "A course for nurses who lead teams on a ward.",
        "city": "Hannover",
        "postcode": "30159",
        "region": "DE92",
    },
}


@pytest.fixture
def corpus(factory) -> dict[str, int]:
    ids = {}
    for name, spec in CORPUS.items():
        spec = dict(spec)
        kind = spec.pop("kind")
        hiring = spec.pop("hiring", None)
        org = factory.organisation(name=f"Innovationscluster {name.replace('_', ' ')}")
        if hiring:
            spec["hiring_organisation"] = factory.hiring(org, name=hiring)
        if kind == TRAINING:
            spec.setdefault("target_group", "Beschäftigte")
            posting = factory.training(organisation=org, **spec)
        else:
            posting = factory.vacancy(organisation=org, **spec)
        ids[name] = posting.id
    db.session.commit()
    return ids


def found(text: str) -> list[int]:
    return search(SearchQuery(text=text, per_page=100)).ids


def names(corpus: dict[str, int], text: str) -> set[str]:
    by_id = {i: n for n, i in corpus.items()}
    return {by_id[i] for i in found(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # stems and gender forms
        ("Entwickler", {"dev_muc", "dev_web"}),
        ("Entwicklerin", {"dev_muc", "dev_web"}),
        ("Entwickler*innen", {"dev_muc", "dev_web"}),
        ("Ingenieur", {"ing", "chips"}),
        ("Ingenieurinnen", {"ing", "chips"}),
        ("Mitarbeiterin", {"vertrieb"}),
        ("Projektleiterin", {"strasse"}),
        # compounds: the head and the first part find the compound, the compound stays precise
        ("Softwareentwickler", {"dev_muc"}),
        ("Software", {"dev_muc", "en_dev"}),
        ("Pflege", {"pflege", "pflege_kurs"}),
        ("Fachkraft", {"pflege"}),
        ("Leiter", {"strasse"}),  # not "Halbleiter", not "berufsbegleitend"
        ("Projekt", {"strasse"}),
        # umlauts and ß
        ("Müller", {"pflege"}),
        ("Mueller", {"pflege"}),
        ("Muller", {"pflege"}),
        ("München", {"dev_muc", "strasse"}),
        ("Muenchen", {"dev_muc", "strasse"}),
        ("Munchen", {"dev_muc", "strasse"}),
        ("Strasse", {"strasse"}),
        ("Straßenbau", {"strasse"}),
        ("Düsseldorf", {"vertrieb"}),
        ("Duesseldorf", {"vertrieb"}),
        # places by region and Land, in German and English
        ("Bayern", {"dev_muc", "strasse"}),
        ("Bavaria", {"dev_muc", "strasse"}),
        ("Oberbayern", {"dev_muc"}),
        # English
        ("engineers", {"en_dev"}),
        ("engineering", {"en_dev"}),
        ("nurse", {"en_course"}),
        ("courses", {"en_course"}),
        ("mentoring", {"en_dev"}),
        # several words: all must match; phrases; exclusions
        ("Entwickler Leipzig", {"dev_web"}),
        ('"data pipelines"', {"en_dev"}),
        ('"pipelines data"', set()),
        ("Entwickler -Leipzig", {"dev_muc"}),
        ('Pflege -"Intensivstation"', {"pflege_kurs"}),
        # organisations
        ("Klinikum", {"pflege"}),
        ("Innovationscluster chips", {"chips"}),
    ],
)
def test_finds(corpus, text, expected):
    assert names(corpus, text) == expected


def test_title_matches_rank_above_description_matches(corpus, factory):
    in_title = factory.vacancy(title="Elektroniker für Betriebstechnik", city="Bremen")
    in_body = factory.vacancy(
        title="Servicetechniker Windenergie",
        description="Ausbildung als Elektroniker oder Mechatroniker erwünscht.",
        city="Bremen",
    )
    db.session.commit()
    assert found("Elektroniker")[:2] == [in_title.id, in_body.id]


def test_more_matches_rank_higher(corpus):
    # "Entwickler" is in dev_muc's title and twice in its description.
    assert found("Entwickler")[0] == corpus["dev_muc"]


def test_did_you_mean_offers_real_words(corpus):
    result = search(SearchQuery(text="Entwickelr"))
    assert result.total == 0
    assert result.suggestion == "Entwickler"
    assert search(SearchQuery(text=result.suggestion)).total == 2

    result = search(SearchQuery(text="Pflegefachkraf Köln"))
    assert result.suggestion == "Pflegefachkraft Köln"

    # A word that finds something is left alone; nothing to suggest for nonsense.
    assert search(SearchQuery(text="Entwickler")).suggestion is None
    assert search(SearchQuery(text="qqqqxxxx")).suggestion is None


def test_suggestion_is_a_word_of_the_postings_not_a_stem(corpus):
    result = search(SearchQuery(text="Intensivstatoin"))
    assert result.suggestion == "Intensivstation"
    assert result.suggestion.lower() != "intensivstation"[:-1]


def test_stop_words_and_noise_are_ignored(corpus):
    assert names(corpus, "Entwickler in München") == {"dev_muc"}
    assert names(corpus, "die Entwickler (m/w/d)") == {"dev_muc", "dev_web"}
    assert names(corpus, "the engineers") == {"en_dev"}


def test_snippets_mark_the_matched_words(corpus):
    result = search(SearchQuery(text="Entwickler"))
    snippet = result.snippets[corpus["dev_muc"]]
    assert "<mark>Entwicklerin</mark>" in snippet
    assert "<mark>Entwickler</mark>" in snippet
    english = search(SearchQuery(text="engineer")).snippets[corpus["en_dev"]]
    assert "<mark>engineers</mark>" in english
