"""Screening rules, pinned at every band edge (instruments.md sections 1-4)."""

from __future__ import annotations

from typing import Any

import pytest

from pfmatch.assess import Urgency, assess


def _needs(fam: dict[str, Any]) -> dict[str, str]:
    return {n.code: n.urgency.value for n in assess(fam).needs}


def _flags(fam: dict[str, Any]) -> set[str]:
    return {f.code for f in assess(fam).flags}


# ------------------------------------------------------------------ PHQ-9
@pytest.mark.parametrize(("total", "need", "urgency", "rescreen"), [
    (0, None, None, False), (4, None, None, False),
    (5, "support_groups", "routine", True), (9, "support_groups", "routine", True),
    (10, "mental_health", "soon", False), (14, "mental_health", "soon", False),
    (15, "mental_health", "urgent", False), (19, "mental_health", "urgent", False),
    (20, "mental_health", "urgent", False), (27, "mental_health", "urgent", False),
])
def test_phq9_bands(total: int, need: str | None, urgency: str | None, rescreen: bool) -> None:
    got = _needs({"screenings": {"phq9": {"total": total}}})
    if need is None:
        assert got == {}
    else:
        assert got[need] == urgency
    assert ("mental_health" in got) == (total >= 10)
    assert ("rescreen" in _flags({"screenings": {"phq9": {"total": total}}})) == rescreen


@pytest.mark.parametrize("family_extra", [
    {"caregivers": [{"pregnant": True}]},
    {"caregivers": [{"postpartum": True}]},
    {"children": [{"age_months": 11}]},
])
def test_phq9_perinatal_is_maternal_mental_health(family_extra: dict[str, Any]) -> None:
    got = _needs({"screenings": {"phq9": {"total": 10}}, **family_extra})
    assert got == {"maternal_mental_health": "soon"}


def test_phq9_child_twelve_months_is_not_perinatal() -> None:
    got = _needs({"screenings": {"phq9": {"total": 10}}, "children": [{"age_months": 12}]})
    assert got == {"mental_health": "soon"}


@pytest.mark.parametrize(("item9", "flag"), [(0, False), (1, True), (3, True)])
def test_phq9_item9(item9: int, flag: bool) -> None:
    fam = {"screenings": {"phq9": {"total": 3, "item9": item9}}}
    a = assess(fam)
    assert (a.flag("self_harm_risk") is not None) == flag
    if flag:
        assert a.needs[0].code == "crisis_line" and a.needs[0].urgency is Urgency.URGENT
        assert a.flag("self_harm_risk").deadline_days == 0  # type: ignore[union-attr]


def test_phq9_item9_from_items() -> None:
    a = assess({"screenings": {"phq9": {"items": [0, 0, 0, 0, 0, 0, 0, 0, 1]}}})
    assert a.flag("self_harm_risk") is not None


# ------------------------------------------------------------------ PHQ-2
@pytest.mark.parametrize(("total", "positive"), [(0, False), (2, False), (3, True), (6, True)])
def test_phq2(total: int, positive: bool) -> None:
    fam = {"screenings": {"phq2": {"total": total}}}
    assert ("complete_phq9" in _flags(fam)) == positive
    assert (_needs(fam).get("mental_health") == "soon") == positive


def test_phq2_with_phq9_does_not_ask_for_phq9() -> None:
    fam = {"screenings": {"phq2": {"total": 4}, "phq9": {"total": 3}}}
    assert "complete_phq9" not in _flags(fam)


# ------------------------------------------------------------------ EPDS
@pytest.mark.parametrize(("total", "urgency"), [
    (0, None), (9, None), (10, "routine"), (12, "routine"), (13, "soon"), (30, "soon"),
])
def test_epds_cutoffs(total: int, urgency: str | None) -> None:
    assert _needs({"screenings": {"epds": {"total": total}}}).get("maternal_mental_health") \
        == urgency


@pytest.mark.parametrize(("item10", "flag"), [(0, False), (1, True), (2, True)])
def test_epds_item10(item10: int, flag: bool) -> None:
    fam = {"screenings": {"epds": {"total": 5, "item10": item10}}}
    assert ("self_harm_risk" in _flags(fam)) == flag
    assert (_needs(fam).get("crisis_line") == "urgent") == flag


# ------------------------------------------------------------------ ASQ
@pytest.mark.parametrize(("months", "need", "flag"), [
    (0, "early_intervention", "early_intervention_referral"),
    (35.9, "early_intervention", "early_intervention_referral"),
    (36, "school_evaluation", "school_district_evaluation"),
    (60, "school_evaluation", "school_district_evaluation"),
])
def test_asq3_below_cutoff_branches_on_age(months: float, need: str, flag: str) -> None:
    fam = {"children": [{"age_months": months}],
           "screenings": {"asq3": [{"child": 0, "area": "fine_motor",
                                    "result": "below_cutoff"}]}}
    a = assess(fam)
    assert a.needs[0].code == need and a.needs[0].urgency is Urgency.SOON
    assert {f.code for f in a.flags} == {flag}
    if flag == "early_intervention_referral":
        assert a.flag(flag).deadline_days == 7  # type: ignore[union-attr]


def test_asq3_monitoring_and_above() -> None:
    fam = {"children": [{"age_months": 20}],
           "screenings": {"asq3": [{"child": 0, "area": "communication",
                                    "result": "monitoring"}]}}
    a = assess(fam)
    assert {"child_development", "parenting_education"} <= set(a.need_codes)
    assert a.flag("rescreen") is not None
    assert "knowledge_of_parenting" not in a.unknown_factors
    assert a.factor_gaps["knowledge_of_parenting"] == 0.5
    fam["screenings"]["asq3"][0]["result"] = "above_cutoff"  # type: ignore[index]
    a = assess(fam)
    assert a.needs == () and a.flags == ()
    assert "knowledge_of_parenting" in a.unknown_factors


@pytest.mark.parametrize(("months", "need", "flag"), [
    (30, "early_intervention", "early_intervention_referral"),
    (48, "school_evaluation", "school_district_evaluation"),
])
def test_asq_se2_concern_is_above_cutoff(months: int, need: str, flag: str) -> None:
    fam = {"children": [{"age_months": months}],
           "screenings": {"asq_se2": [{"child": 0, "result": "above_cutoff"}]}}
    got = _needs(fam)
    assert got == {need: "soon", "child_mental_health": "soon"}
    assert _flags(fam) == {flag}
    fam["screenings"]["asq_se2"][0]["result"] = "below_cutoff"  # type: ignore[index]
    assert _needs(fam) == {} and _flags(fam) == set()


def test_asq_se2_monitoring() -> None:
    fam = {"children": [{"age_months": 30}],
           "screenings": {"asq_se2": [{"child": 0, "result": "monitoring"}]}}
    assert set(_needs(fam)) >= {"parenting_education", "child_development"}
    assert _flags(fam) == {"rescreen"}


# ------------------------------------------------------------------ AHC HRSN / HVS
@pytest.mark.parametrize(("answers", "expected"), [
    ({"living_situation": "steady"}, {}),
    ({"living_situation": "worried_about_losing"}, {"rent_assistance": "soon"}),
    ({"living_situation": "no_steady_place"}, {"shelter": "urgent"}),
    ({"housing_problems": ["mold"]}, {"housing_search": "routine"}),
    ({"food_worry": "often", "food_ran_out": "never"}, {"food": "soon"}),
    ({"food_worry": "never", "food_ran_out": "sometimes"}, {"food": "soon"}),
    ({"food_worry": "never", "food_ran_out": "never"}, {}),
    ({"transportation": "yes"}, {"transportation": "routine"}),
    ({"transportation": "no"}, {}),
    ({"utilities": "yes"}, {"utilities": "soon"}),
    ({"utilities": "already_shut_off"}, {"utilities": "urgent"}),
    ({"utilities": "no"}, {}),
])
def test_ahc_core(answers: dict[str, Any], expected: dict[str, str]) -> None:
    assert _needs({"screenings": {"ahc_hrsn": answers}}) == expected


@pytest.mark.parametrize(("safety", "positive"), [
    ([1, 1, 1, 1], False), ([3, 3, 2, 2], False), ([3, 3, 3, 1], False),
    ([3, 3, 3, 2], True), ([5, 5, 5, 5], True),
])
def test_ahc_safety_sum_above_ten(safety: list[int], positive: bool) -> None:
    fam = {"screenings": {"ahc_hrsn": {"safety": safety}}}
    assert ("interpersonal_violence" in _flags(fam)) == positive
    assert (_needs(fam).get("domestic_violence") == "urgent") == positive


def test_safety_concern_raises_violence_flag() -> None:
    a = assess({"safety_concern": True})
    assert a.flag("interpersonal_violence") is not None
    assert a.needs[0].code == "domestic_violence" and a.needs[0].urgency is Urgency.URGENT


@pytest.mark.parametrize(("worry", "ran_out", "positive"), [
    ("often", "never", True), ("never", "sometimes", True), ("sometimes true", "often", True),
    ("never", "never", False), ("declined", "never", False),
])
def test_hunger_vital_sign(worry: str, ran_out: str, positive: bool) -> None:
    a = assess({"screenings": {"hunger_vital_sign": {"food_worry": worry,
                                                     "food_ran_out": ran_out}}})
    assert ("food" in a.need_codes) == positive
    if positive:
        assert a.needs[0].source == "hunger_vital_sign"


# ------------------------------------------------------------------ PFS-2 / factor gaps
@pytest.mark.parametrize(("mean", "gap"), [(1.0, 1.0), (2.0, 0.5), (2.5, 0.25), (3.0, 0.0),
                                           (4.2, 0.0), (5.0, 0.0)])
def test_pfs2_gap_rule(mean: float, gap: float) -> None:
    a = assess({"pfs2": {"social_supports": mean}})
    assert a.factor_gaps["social_connections"] == pytest.approx(gap)
    assert ("support_groups" in a.need_codes) == (gap >= 0.5)
    if gap >= 0.5:
        assert {n.code: n.source for n in a.needs}["support_groups"] == "pfs2"


def test_pfs2_mapping_and_unknowns() -> None:
    a = assess({"pfs2": {"family_functioning": 1.0, "nurturing_attachment": 1.0,
                         "social_supports": 5.0, "concrete_supports": 2.0}})
    assert a.factor_gaps == {"parental_resilience": 1.0, "social_connections": 0.0,
                             "knowledge_of_parenting": 0.0, "concrete_support": 0.5,
                             "social_emotional_competence": 1.0}
    assert a.unknown_factors == frozenset({"knowledge_of_parenting"})


def test_caregiver_practitioner_never_changes_ranking() -> None:
    low = assess({"pfs2": {"caregiver_practitioner": 1.0}})
    high = assess({"pfs2": {"caregiver_practitioner": 5.0}})
    assert low.needs == high.needs == ()
    assert low.factor_gaps == high.factor_gaps
    assert low.notes and not high.notes


def test_explicit_factor_gaps_override() -> None:
    a = assess({"pfs2": {"social_supports": 1.0},
                "factor_gaps": {"social_connections": "low", "knowledge_of_parenting": "high"}})
    assert a.factor_gaps["social_connections"] == 0.25
    assert a.factor_gaps["knowledge_of_parenting"] == 0.85
    assert "support_groups" not in a.need_codes
    srcs = {n.code: n.source for n in a.needs}
    assert srcs["parenting_education"] == "factor_gaps"


# ------------------------------------------------------------------ merging / order
def test_one_need_per_code_keeps_most_urgent_and_all_sources() -> None:
    a = assess({"needs": ["food"],
                "screenings": {"hunger_vital_sign": {"food_worry": "often",
                                                     "food_ran_out": "often"},
                               "ahc_hrsn": {"food_worry": "often"}}})
    (food,) = a.needs
    assert food.urgency is Urgency.SOON and food.source == "ahc_hrsn"
    assert food.sources == ("stated", "ahc_hrsn", "hunger_vital_sign")


def test_needs_order_urgent_first_then_vocabulary_order() -> None:
    a = assess({"needs": ["legal aid", "food"], "safety_concern": True,
                "screenings": {"phq9": {"total": 12}}})
    assert a.need_codes == ("domestic_violence", "mental_health", "food", "legal_aid")
    assert [n.urgency for n in a.needs] == sorted((n.urgency for n in a.needs), reverse=True)


def test_assess_does_not_mutate_and_is_deterministic() -> None:
    import copy

    from test_family import EXAMPLE

    before = copy.deepcopy(EXAMPLE)
    a1, a2 = assess(EXAMPLE), assess(EXAMPLE)
    assert a1 == a2
    assert before == EXAMPLE
