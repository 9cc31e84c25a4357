"""Family validation: paths, kinds, round trip."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pfmatch import FamilyDataError
from pfmatch.assess import Family

EXAMPLE: dict[str, Any] = {
    "id": "F-1024",
    "location": {"zip": "90011"},
    "languages": ["es", "en"],
    "needs": ["food", "diapers", "help paying rent"],
    "factor_gaps": {"concrete_support": "high", "social_connections": 0.6},
    "pfs2": {"family_functioning": 2.3, "nurturing_attachment": 3.8,
             "social_supports": 2.0, "concrete_supports": 1.8, "caregiver_practitioner": 4.5},
    "screenings": {
        "phq9": {"items": [1, 2, 1, 2, 1, 1, 2, 1, 0]},
        "phq2": {"total": 3},
        "epds": {"total": 14, "item10": 0},
        "asq3": [{"child": 0, "area": "communication", "result": "below_cutoff"}],
        "asq_se2": [{"child": 0, "result": "monitoring"}],
        "ahc_hrsn": {"living_situation": "worried_about_losing", "food_worry": "sometimes",
                     "food_ran_out": "never", "transportation": "yes", "utilities": "no",
                     "safety": [1, 1, 1, 1]},
        "hunger_vital_sign": {"food_worry": "often true", "food_ran_out": "never true"},
    },
    "children": [{"age_months": 18}, {"age_years": 4}],
    "caregivers": [{"age_years": 24, "postpartum": True}],
    "barriers": ["no_transportation", "no_phone"],
    "insurance": ["medicaid"],
    "household": {"size": 4, "annual_income": 28000},
    "max_distance_km": 20,
    "connected_services": ["svc-0042"],
    "safety_concern": False,
}


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    d = copy.deepcopy(EXAMPLE)
    node: Any = d
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return d


def test_example_parses_and_round_trips() -> None:
    f = Family.from_dict(EXAMPLE)
    assert f.children[1].age_months == 48
    assert f.factor_gaps["concrete_support"] == 0.85
    assert f.barriers == frozenset({"no_transportation", "no_phone"})
    assert f.screenings.phq9 is not None and f.screenings.phq9.total == 11
    assert f.screenings.phq9.item9 == 0
    assert Family.from_dict(f.to_dict()) == f
    assert Family.coerce(f) is f
    assert Family.coerce(EXAMPLE) == f


def test_empty_family_is_valid() -> None:
    assert Family.from_dict({}) == Family()


@pytest.mark.parametrize(("path", "value", "expected"), [
    (["children", 1], {"age_months": -3}, "$.children[1].age_months"),
    (["children", 0], {"age_months": 3, "age_years": 1}, "$.children[0]"),
    (["screenings", "phq9"], {"total": 28}, "$.screenings.phq9.total"),
    (["screenings", "phq9"], {"items": [0] * 8}, "$.screenings.phq9.items"),
    (["screenings", "phq9"], {"items": [0] * 8 + [4]}, "$.screenings.phq9.items[8]"),
    (["screenings", "phq9"], {"total": "12"}, "$.screenings.phq9.total"),
    (["screenings", "phq9"], {"total": True}, "$.screenings.phq9.total"),
    (["screenings", "phq9"], {"items": [1] * 9, "total": 8}, "$.screenings.phq9.total"),
    (["screenings", "phq2"], {"total": 7}, "$.screenings.phq2.total"),
    (["screenings", "epds"], {"total": 31}, "$.screenings.epds.total"),
    (["screenings", "epds"], {"total": 5, "item10": 4}, "$.screenings.epds.item10"),
    (["screenings", "asq3", 0, "result"], "bad", "$.screenings.asq3[0].result"),
    (["screenings", "asq3", 0, "area"], "juggling", "$.screenings.asq3[0].area"),
    (["screenings", "asq3", 0, "child"], 2, "$.screenings.asq3[0].child"),
    (["screenings", "asq_se2", 0, "child"], 5, "$.screenings.asq_se2[0].child"),
    (["screenings", "ahc_hrsn", "living_situation"], "x",
     "$.screenings.ahc_hrsn.living_situation"),
    (["screenings", "ahc_hrsn", "safety"], [1, 1, 1], "$.screenings.ahc_hrsn.safety"),
    (["screenings", "ahc_hrsn", "safety"], [1, 1, 1, 6], "$.screenings.ahc_hrsn.safety[3]"),
    (["screenings", "hunger_vital_sign", "food_worry"], "maybe",
     "$.screenings.hunger_vital_sign.food_worry"),
    (["screenings", "gad7"], {"total": 3}, "$.screenings"),  # unknown keys: never their text
    (["factor_gaps", "concrete_support"], 1.5, "$.factor_gaps.concrete_support"),
    (["factor_gaps", "concrete_support"], "very high", "$.factor_gaps.concrete_support"),
    (["factor_gaps", "grit"], 0.5, "$.factor_gaps"),
    (["pfs2", "social_supports"], 5.5, "$.pfs2.social_supports"),
    (["location"], {"zip": "9001"}, "$.location.zip"),
    (["location"], {"zip": 90011}, "$.location.zip"),
    (["location"], {"lat": 91, "lon": 0}, "$.location.lat"),
    (["location"], {"lat": 0, "lon": -181}, "$.location.lon"),
    (["location"], {"zip": "90011", "address": "x"}, "$.location"),
    (["household", "annual_income"], -1, "$.household.annual_income"),
    (["household", "size"], 0, "$.household.size"),
    (["barriers", 1], "teleportation", "$.barriers[1]"),
    (["max_distance_km"], 0, "$.max_distance_km"),
    (["safety_concern"], "no", "$.safety_concern"),
    (["insurance", 0], "gold plan", "$.insurance[0]"),
    (["needs"], "food", "$.needs"),
    (["children"], {"age_months": 3}, "$.children"),
])
def test_errors_name_the_path(path: list[Any], value: Any, expected: str) -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict(_with(path, value))
    assert ei.value.path == expected
    assert str(ei.value).startswith(expected)


def test_unknown_top_level_key_lists_valid_fields() -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"neds": ["food"]})
    assert ei.value.path == "$"  # the key's text is not shown (issue 13), its position is
    assert "key 1 of 1" in str(ei.value) and "neds" not in str(ei.value)
    assert "Did you mean 'needs'?" in (ei.value.fix or "")


def test_unknown_barrier_lists_codes() -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"barriers": ["teleportation"]})
    assert "no_transportation" in str(ei.value) and "limited_literacy" in str(ei.value)


def test_messages_do_not_echo_sensitive_values() -> None:
    for fam in ({"screenings": {"phq9": {"total": 31}}},
                {"screenings": {"epds": {"total": 9137}}},
                {"screenings": {"ahc_hrsn": {"safety": [1, 1, 1, 77]}}},
                {"household": {"annual_income": -48213}},
                {"children": [{"age_months": 9876}]},
                {"barriers": ["my husband hits me"]},
                {"screenings": {"ahc_hrsn": {"living_situation": "in my car behind the mall"}}}):
        with pytest.raises(FamilyDataError) as ei:
            Family.from_dict(fam)
        msg = str(ei.value)
        for secret in ("31", "9137", "77", "48213", "9876", "husband", "mall"):
            assert secret not in msg


def test_barrier_phrasings_normalize() -> None:
    f = Family.from_dict({"barriers": ["no car", "Works nights", "sin carro", "Sin teléfono",
                                       "deaf", "cant afford", "wheelchair"]})
    assert f.barriers == frozenset({"no_transportation", "work_hours", "no_phone",
                                    "hearing_impairment", "cost", "disability_access"})


def test_category_spelling_is_normalized() -> None:
    f = Family.from_dict({"children": [{"age_months": 10}],
                          "screenings": {"asq3": [{"child": 0, "area": "Gross Motor",
                                                   "result": "Below cutoff"}]}})
    assert f.screenings.asq3[0].area == "gross_motor"
    assert f.screenings.asq3[0].result == "below_cutoff"


def test_languages_normalized() -> None:
    f = Family.from_dict({"languages": ["Spanish", "español", "spa", "en"]})
    assert f.languages == ("es", "en")


def test_frozen() -> None:
    f = Family.from_dict(EXAMPLE)
    with pytest.raises(AttributeError):
        f.id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        f.factor_gaps["concrete_support"] = 0.1  # type: ignore[index]
