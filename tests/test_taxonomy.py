"""The controlled vocabularies are complete and consistent with domain.md."""

import pytest

from jobboard import taxonomy

ALL_VOCABULARIES = [
    taxonomy.LAENDER,
    taxonomy.REGIONS,
    taxonomy.SECTORS,
    taxonomy.EMPLOYMENT_TYPES,
    taxonomy.CONTRACT_TYPES,
    taxonomy.REMOTE_MODES,
    taxonomy.CAREER_LEVELS,
    taxonomy.SALARY_PERIODS,
    taxonomy.TRAINING_FORMATS,
    taxonomy.TRAINING_SCHEDULES,
    taxonomy.DURATION_UNITS,
    taxonomy.KINDS,
    taxonomy.POSTING_LANGUAGES,
]


def test_sixteen_laender_as_nuts1():
    assert taxonomy.LAENDER.codes == (
        "DE1", "DE2", "DE3", "DE4", "DE5", "DE6", "DE7", "DE8",
        "DE9", "DEA", "DEB", "DEC", "DED", "DEE", "DEF", "DEG",
    )  # fmt: skip
    assert taxonomy.LAENDER["DEA"].de == "Nordrhein-Westfalen"
    assert taxonomy.LAENDER["DEG"].de == "Thüringen"


def test_thirty_eight_nuts2_regions_each_in_a_land():
    assert len(taxonomy.REGIONS) == 38
    for code in taxonomy.REGIONS.codes:
        assert taxonomy.land_of(code) in taxonomy.LAENDER, code
    # every Land has at least one region; city states and small Länder exactly one
    for land in taxonomy.LAENDER.codes:
        assert taxonomy.regions_of(land), land
    assert taxonomy.regions_of("DE1") == ("DE11", "DE12", "DE13", "DE14")
    assert len(taxonomy.regions_of("DE2")) == 7
    assert taxonomy.regions_of("DED") == ("DED2", "DED4", "DED5")
    assert taxonomy.regions_of("DE3") == ("DE30",)


def test_fourteen_eu_industrial_ecosystems():
    assert len(taxonomy.SECTORS) == 14
    english = {term.en for term in taxonomy.SECTORS}
    assert {
        "Aerospace & Defence",
        "Agri-food",
        "Digital",
        "Health",
        "Textile",
        "Tourism",
    } <= english
    assert taxonomy.SECTORS["renewables"].de == "Erneuerbare Energien"


def test_employment_types_and_training_formats_of_domain():
    assert set(taxonomy.EMPLOYMENT_TYPES.codes) == {
        "full_time", "part_time", "internship", "apprenticeship",
        "working_student", "thesis", "freelance",
    }  # fmt: skip
    assert set(taxonomy.CONTRACT_TYPES.codes) == {"permanent", "fixed_term"}
    assert set(taxonomy.REMOTE_MODES.codes) == {"on_site", "hybrid", "remote"}
    assert set(taxonomy.CAREER_LEVELS.codes) == {"entry", "professional", "senior", "management"}
    assert set(taxonomy.TRAINING_FORMATS.codes) == {
        "on_site",
        "online_live",
        "self_paced",
        "blended",
    }


@pytest.mark.parametrize("vocabulary", ALL_VOCABULARIES, ids=lambda v: v.terms[0].code)
def test_every_term_named_in_german_and_english(vocabulary):
    for term in vocabulary:
        assert term.de.strip() and term.en.strip(), term


def test_region_filter_matches_land_and_its_regions():
    assert taxonomy.region_filter_codes("DE2") == taxonomy.regions_of("DE2")
    assert taxonomy.region_filter_codes("DE21") == ("DE21",)
    assert taxonomy.region_filter_codes("XX9") == ()
    assert taxonomy.region_ancestors("DEA2") == ("DEA", "DEA2")


def test_labels_follow_the_request_language(app):
    with app.app_context(), app.test_request_context("/en/"):
        app.preprocess_request()
        assert taxonomy.SECTORS.label("agri-food") == "Agri-food"
        assert taxonomy.region_label("DEA2") == "Cologne, North Rhine-Westphalia"
    with app.app_context(), app.test_request_context("/"):
        app.preprocess_request()
        assert taxonomy.SECTORS.label("agri-food") == "Agrar- und Ernährungswirtschaft"
        assert taxonomy.region_label("DEA2") == "Köln, Nordrhein-Westfalen"
        assert taxonomy.region_label("DE30") == "Berlin"
