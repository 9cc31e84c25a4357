"""Screening rules: validated screening results -> need hits and flag hits.

Every number used here comes from ``data/instruments.toml`` (bands, cut-offs,
urgencies, deadlines); this module only applies them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pfmatch.assess._data import instruments_doc
from pfmatch.assess._family import Family

__all__ = ["FlagHit", "NeedHit", "band", "screening_hits"]


class NeedHit(NamedTuple):
    """One need raised by one input."""

    code: str
    source: str
    urgency: str


class FlagHit(NamedTuple):
    """One flag raised by one input, with the input-specific detail."""

    code: str
    detail: str


def band(bands: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """The band (``[[x.band]]`` table) containing ``total``."""
    for b in bands:
        if b["min"] <= total <= b["max"]:
            return b
    raise ValueError("total outside every band")  # unreachable after validation


def _needs(codes: list[str], source: str, urgency: str, perinatal: bool) -> list[NeedHit]:
    out = []
    for c in codes:
        if c == "@depression":
            c = "maternal_mental_health" if perinatal else "mental_health"
        out.append(NeedHit(c, source, urgency))
    return out


def _rule(rule: dict[str, Any], source: str, detail: str, perinatal: bool,
          needs: list[NeedHit], flags: list[FlagHit]) -> None:
    needs.extend(_needs(rule.get("needs", []), source, rule["urgency"], perinatal))
    flags.extend(FlagHit(f, detail) for f in rule.get("flags", []))


def screening_hits(family: Family) -> tuple[list[NeedHit], list[FlagHit], set[str]]:
    """Apply every screening rule.

    Returns
    -------
    (needs, flags, informed)
        Need hits, flag hits, and the factors the screenings inform
        (``{"knowledge_of_parenting"}`` after an ASQ monitoring-zone result).
    """
    cfg = instruments_doc()
    s = family.screenings
    peri = family.perinatal
    needs: list[NeedHit] = []
    flags: list[FlagHit] = []
    informed: set[str] = set()

    if s.phq9 is not None:
        b = band(cfg["phq9"]["band"], s.phq9.total)
        _rule(b, "phq9", f"PHQ-9 {b['name'].replace('_', ' ')} band", peri, needs, flags)
        if s.phq9.item9 is not None and s.phq9.item9 >= 1:
            _rule(cfg["self_harm"], "phq9", "PHQ-9 item 9", peri, needs, flags)
            flags.append(FlagHit("self_harm_risk", "PHQ-9 item 9"))
    if s.phq2 is not None and s.phq2.total >= cfg["phq2"]["positive_at"]:
        rule = dict(cfg["phq2"])
        if s.phq9 is not None:
            rule["flags"] = [f for f in rule["flags"] if f != "complete_phq9"]
        _rule(rule, "phq2", "PHQ-2 positive", peri, needs, flags)
    if s.epds is not None:
        b = band(cfg["epds"]["band"], s.epds.total)
        _rule(b, "epds", f"EPDS {b['name'].replace('_', ' ')}", peri, needs, flags)
        if s.epds.item10 is not None and s.epds.item10 >= 1:
            _rule(cfg["self_harm"], "epds", "EPDS item 10", peri, needs, flags)
            flags.append(FlagHit("self_harm_risk", "EPDS item 10"))

    asq = cfg["asq"]
    for tool, results, concern in (("asq3", s.asq3, "below_cutoff"),
                                   ("asq_se2", s.asq_se2, "above_cutoff")):
        label = "ASQ-3" if tool == "asq3" else "ASQ:SE-2"
        for r in results:
            months = family.children[r.child].age_months
            where = f"{label}, child {r.child}"
            if r.result == concern:
                key = ("concern_under_part_c" if months < asq["part_c_max_months"]
                       else "concern_part_c_and_older")
                _rule(asq[key], tool, where, peri, needs, flags)
                if tool == "asq_se2":
                    _rule(asq["se2_concern_extra"], tool, where, peri, needs, flags)
            elif r.result == "monitoring":
                key = "asq3_monitoring" if tool == "asq3" else "se2_monitoring"
                _rule(asq[key], tool, where, peri, needs, flags)
                informed.add(_inferred_factor())

    ahc = s.ahc_hrsn
    if ahc is not None:
        c, rules = cfg["ahc_hrsn"], cfg["ahc_hrsn"]["rules"]
        if ahc.living_situation in ("worried_about_losing", "no_steady_place"):
            _rule(rules[ahc.living_situation], "ahc_hrsn", "AHC housing", peri, needs, flags)
        if ahc.housing_problems:
            _rule(rules["housing_problems"], "ahc_hrsn", "AHC housing quality", peri, needs,
                  flags)
        if ahc.food_worry in c["food_positive"] or ahc.food_ran_out in c["food_positive"]:
            _rule(rules["food"], "ahc_hrsn", "AHC food", peri, needs, flags)
        if ahc.transportation in c["transportation_positive"]:
            _rule(rules["transportation"], "ahc_hrsn", "AHC transportation", peri, needs, flags)
        if ahc.utilities == "already_shut_off":
            _rule(rules["utilities_shut_off"], "ahc_hrsn", "AHC utilities", peri, needs, flags)
        elif ahc.utilities in c["utilities_positive"]:
            _rule(rules["utilities"], "ahc_hrsn", "AHC utilities", peri, needs, flags)
        if ahc.safety is not None and sum(ahc.safety) > c["safety_positive_above"]:
            _rule(rules["safety"], "ahc_hrsn", "AHC interpersonal safety", peri, needs, flags)

    hvs = s.hunger_vital_sign
    if hvs is not None:
        h = cfg["hunger_vital_sign"]
        if hvs.food_worry in h["positive"] or hvs.food_ran_out in h["positive"]:
            _rule(h, "hunger_vital_sign", "Hunger Vital Sign", peri, needs, flags)

    if family.safety_concern:
        _rule(cfg["safety_concern"], "stated", "safety concern", peri, needs, flags)
    return needs, flags, informed


def _inferred_factor() -> str:
    from pfmatch.assess._data import factors_doc

    return str(factors_doc()["inferred"]["asq_monitoring"]["factor"])
