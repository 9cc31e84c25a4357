"""Hypothesis strategies for valid family JSON (API section 2)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

FACTORS = ("parental_resilience", "social_connections", "knowledge_of_parenting",
           "concrete_support", "social_emotional_competence")
ASQ = ("above_cutoff", "monitoring", "below_cutoff")
AREAS = ("communication", "gross_motor", "fine_motor", "problem_solving", "personal_social")
FOOD = ("often", "sometimes", "never", "declined")
BARRIERS = ("no_transportation", "no_phone", "no_internet", "needs_childcare", "work_hours",
            "disability_access", "cost", "immigration_concerns", "limited_literacy",
            "hearing_impairment", "no car", "works nights", "sin carro")
NEEDS = ("food", "fud bank", "diapres", "help w/ rent", "comida", "WIC", "daycare",
         "therapist", "lawyer", "zzqx plonk", "ayuda con la renta")


def _items(n: int, lo: int, hi: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(lo, hi), min_size=n, max_size=n)


def _total_or_items(n: int, hi: int, total_max: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(st.builds(lambda xs: {"items": xs}, _items(n, 0, hi)),
                     st.builds(lambda t: {"total": t}, st.integers(0, total_max)))


@st.composite
def families(draw: st.DrawFn) -> dict[str, Any]:
    """A valid family JSON object."""
    fam: dict[str, Any] = {}
    children = draw(st.lists(st.one_of(
        st.builds(lambda m: {"age_months": m}, st.integers(0, 216)),
        st.builds(lambda y: {"age_years": y}, st.integers(0, 18))), max_size=3))
    if children:
        fam["children"] = children
    if draw(st.booleans()):
        fam["caregivers"] = draw(st.lists(st.fixed_dictionaries(
            {}, optional={"age_years": st.integers(14, 70), "pregnant": st.booleans(),
                          "postpartum": st.booleans()}), max_size=2))
    scr: dict[str, Any] = {}
    if draw(st.booleans()):
        phq9 = draw(_total_or_items(9, 3, 27))
        if "total" in phq9 and draw(st.booleans()):
            phq9["item9"] = draw(st.integers(0, min(3, phq9["total"])))
        scr["phq9"] = phq9
    if draw(st.booleans()):
        scr["phq2"] = draw(_total_or_items(2, 3, 6))
    if draw(st.booleans()):
        epds = draw(_total_or_items(10, 3, 30))
        if "total" in epds and draw(st.booleans()):
            epds["item10"] = draw(st.integers(0, min(3, epds["total"])))
        scr["epds"] = epds
    if children and draw(st.booleans()):
        scr["asq3"] = draw(st.lists(st.fixed_dictionaries({
            "child": st.integers(0, len(children) - 1), "area": st.sampled_from(AREAS),
            "result": st.sampled_from(ASQ)}), max_size=4))
    if children and draw(st.booleans()):
        scr["asq_se2"] = draw(st.lists(st.fixed_dictionaries({
            "child": st.integers(0, len(children) - 1), "result": st.sampled_from(ASQ)}),
            max_size=2))
    if draw(st.booleans()):
        scr["ahc_hrsn"] = draw(st.fixed_dictionaries({}, optional={
            "living_situation": st.sampled_from(("steady", "worried_about_losing",
                                                 "no_steady_place", "declined")),
            "food_worry": st.sampled_from(FOOD), "food_ran_out": st.sampled_from(FOOD),
            "transportation": st.sampled_from(("yes", "no", "yes_medical", "declined")),
            "utilities": st.sampled_from(("yes", "no", "already_shut_off", "declined")),
            "safety": _items(4, 1, 5)}))
    if draw(st.booleans()):
        scr["hunger_vital_sign"] = {"food_worry": draw(st.sampled_from(FOOD)),
                                    "food_ran_out": draw(st.sampled_from(FOOD))}
    if scr:
        fam["screenings"] = scr
    if draw(st.booleans()):
        fam["pfs2"] = draw(st.fixed_dictionaries({}, optional={
            k: st.floats(1, 5, allow_nan=False) for k in (
                "family_functioning", "nurturing_attachment", "social_supports",
                "concrete_supports", "caregiver_practitioner")}))
    if draw(st.booleans()):
        fam["factor_gaps"] = draw(st.fixed_dictionaries({}, optional={
            f: st.one_of(st.floats(0, 1, allow_nan=False),
                         st.sampled_from(("low", "medium", "high"))) for f in FACTORS}))
    if draw(st.booleans()):
        fam["needs"] = draw(st.lists(st.sampled_from(NEEDS), max_size=4))
    if draw(st.booleans()):
        fam["barriers"] = draw(st.lists(st.sampled_from(BARRIERS), max_size=3))
    if draw(st.booleans()):
        fam["safety_concern"] = draw(st.booleans())
    if draw(st.booleans()):
        fam["location"] = draw(st.one_of(
            st.builds(lambda z: {"zip": z}, st.from_regex(r"\A\d{5}(-\d{4})?\Z")),
            st.builds(lambda a, b: {"lat": a, "lon": b}, st.floats(-90, 90), st.floats(-180, 180))))
    if draw(st.booleans()):
        fam["household"] = {"size": draw(st.integers(1, 12)),
                            "annual_income": draw(st.integers(0, 200000))}
    return fam
