"""Protective-factor gaps from PFS-2, explicit factor_gaps and other inputs.

The rule and its numbers live in ``data/factors.toml``:

* PFS-2 subscale mean -> gap ``clip((midpoint - mean) / span, 0, 1)`` (default
  midpoint 3, span 2), subscale -> factor per instruments.md section 1.5;
* inputs that inform a factor PFS-2 cannot (ASQ monitoring-zone results ->
  knowledge of parenting) set a documented gap;
* ``factor_gaps`` given by the caller override everything for that factor.
"""

from __future__ import annotations

from pfmatch._needmap import FACTORS
from pfmatch.assess._data import factors_doc
from pfmatch.assess._family import Family

__all__ = ["factor_gaps", "pfs2_gap"]


def pfs2_gap(mean: float) -> float:
    """Gap in [0, 1] for a PFS-2 subscale mean (factors.toml ``[pfs2]``)."""
    cfg = factors_doc()["pfs2"]
    return float(min(1.0, max(0.0, (cfg["midpoint"] - mean) / cfg["span"])))


def factor_gaps(family: Family, informed: set[str]
                ) -> tuple[dict[str, float], frozenset[str], dict[str, str], tuple[str, ...]]:
    """Combine every gap input.

    Parameters
    ----------
    family : Family
    informed : set of str
        Factors informed by screenings (see :func:`screening_hits`).

    Returns
    -------
    (gaps, unknown, origin, notes)
        All five factors -> gap in [0, 1] (unknown -> 0.0); the unknown
        factors; factor -> source code (``"pfs2"``, ``"factor_gaps"``,
        ``"asq3"``) of the gap; notes for the coordinator.
    """
    doc = factors_doc()
    gaps: dict[str, float] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    if family.pfs2 is not None:
        for sub, fac in doc["pfs2"]["subscales"].items():
            mean = getattr(family.pfs2, sub)
            if mean is not None:
                gaps[fac] = pfs2_gap(mean)
                origin[fac] = "pfs2"
        cp = family.pfs2.caregiver_practitioner
        if cp is not None and cp < doc["pfs2"]["caregiver_practitioner_note_below"]:
            notes.append("PFS-2 caregiver/practitioner relationship is low: check engagement "
                         "with the family (this does not change the ranking).")
    inferred = doc["inferred"]["asq_monitoring"]
    for fac in sorted(informed):
        if fac not in gaps:
            gaps[fac] = float(inferred["gap"])
            origin[fac] = "asq3"
    for fac, v in family.factor_gaps.items():
        gaps[fac] = float(v)
        origin[fac] = "factor_gaps"
    full = {f: gaps.get(f, 0.0) for f in FACTORS}
    unknown = frozenset(f for f in FACTORS if f not in gaps)
    return full, unknown, origin, tuple(notes)
