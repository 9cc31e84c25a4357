"""Turn a family's assessment into needs, protective-factor gaps and safety flags.

:func:`assess` is pure and deterministic.  Every rule it applies is data in
``pfmatch/data/`` (``instruments.toml``, ``factors.toml``, ``needs.toml``,
``barriers.toml``) and is described for care coordinators in
``docs/screenings.md``.

Examples
--------
>>> from pfmatch.assess import assess
>>> a = assess({"needs": ["fud bank"], "screenings": {"phq9": {"total": 12}}})
>>> [(n.code, n.urgency.value) for n in a.needs]
[('mental_health', 'soon'), ('food', 'routine')]
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pfmatch._needmap import NeedMap
from pfmatch._needtext import disclosure_rules, read_need
from pfmatch.assess._data import factors_doc, instruments_doc
from pfmatch.assess._factors import factor_gaps as _factor_gaps
from pfmatch.assess._family import (
    AHCHRSN,
    EPDS,
    PFS2,
    PHQ2,
    PHQ9,
    ASQ3Result,
    ASQSE2Result,
    Caregiver,
    Child,
    Family,
    Household,
    HungerVitalSign,
    Location,
    Screenings,
    normalize_barrier,
)
from pfmatch.assess._instruments import FlagHit, NeedHit, screening_hits

__all__ = [
    "AHCHRSN",
    "EPDS",
    "PFS2",
    "PHQ2",
    "PHQ9",
    "SOURCES",
    "STATED_TEXT",
    "ASQ3Result",
    "ASQSE2Result",
    "Assessment",
    "Caregiver",
    "Child",
    "Family",
    "Flag",
    "Household",
    "HungerVitalSign",
    "Location",
    "Need",
    "Screenings",
    "Urgency",
    "assess",
    "normalize_barrier",
]

#: Need sources, in the fixed order used for ``Need.sources`` and tie-breaks.
SOURCES: tuple[str, ...] = ("stated", "phq9", "phq2", "epds", "asq3", "asq_se2", "ahc_hrsn",
                            "hunger_vital_sign", "pfs2", "factor_gaps")


class Urgency(str, enum.Enum):
    """How soon a need should be acted on: ``routine < soon < urgent``.

    urgent = today (safety); soon = within days (clinical threshold, legal
    deadline); routine = when convenient.  Compares by rank; equal to its string.
    """

    ROUTINE = "routine"
    SOON = "soon"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for routine, 1 for soon, 2 for urgent."""
        return _RANK[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Urgency):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Urgency):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Urgency):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Urgency):
            return NotImplemented
        return self.rank >= other.rank

    def __str__(self) -> str:
        return self.value


_RANK = {"routine": 0, "soon": 1, "urgent": 2}


@dataclass(frozen=True)
class Need:
    """One need of the family.

    Attributes
    ----------
    code : str
        Need code (``data/needs.toml``).
    label : str
        English label.
    source : str
        The input that raised it at its highest urgency (first in
        :data:`SOURCES` order on ties).
    urgency : Urgency
    sources : tuple of str
        Every input that raised it, in :data:`SOURCES` order.
    """

    code: str
    label: str
    source: str
    urgency: Urgency
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """A safety or urgency flag: ``code``, a ``reason`` to read out, ``deadline_days``.

    ``sources`` names the inputs that raised it ("PHQ-9 item 9", "stated in the
    need text" for a disclosure in a stated need; never the text itself).
    """

    code: str
    reason: str
    deadline_days: int | None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """What :func:`assess` found.

    Attributes
    ----------
    needs : tuple of Need
        One per code; most urgent first, then in need-vocabulary order.
    factor_gaps : dict
        All five protective factors -> gap in [0, 1] (unknown -> 0.0).
    unknown_factors : frozenset of str
        Factors no input informed.
    flags : tuple of Flag
        In the order of ``[flags]`` in instruments.toml (most serious first).
    unresolved : tuple of str
        Stated need texts that matched no need (or matched ambiguously).
    barriers : frozenset of str
        Barrier codes.
    languages : tuple of str
        Canonical language codes, preferred first.
    notes : tuple of str
        Information for the coordinator that does not change ranking.
    """

    needs: tuple[Need, ...]
    factor_gaps: dict[str, float]
    unknown_factors: frozenset[str]
    flags: tuple[Flag, ...]
    unresolved: tuple[str, ...]
    barriers: frozenset[str]
    languages: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def need_codes(self) -> tuple[str, ...]:
        """The need codes, in order."""
        return tuple(n.code for n in self.needs)

    def flag(self, code: str) -> Flag | None:
        """The flag with this code, or None."""
        return next((f for f in self.flags if f.code == code), None)


def assess(family: Family | Mapping[str, Any]) -> Assessment:
    """Assess a family: needs, protective-factor gaps, flags.

    Parameters
    ----------
    family : Family or mapping
        A :class:`Family` or its JSON form (validated with
        :meth:`Family.from_dict`).

    Returns
    -------
    Assessment

    Raises
    ------
    FamilyDataError
        When ``family`` is a mapping with malformed data.
    """
    fam = Family.coerce(family)
    nm = NeedMap.default()
    hits, unresolved, t_flags = _stated(fam.needs, nm)
    s_needs, s_flags, informed = screening_hits(fam)
    s_flags.extend(t_flags)
    hits.extend(s_needs)
    gaps, unknown, origin, notes = _factor_gaps(fam, informed)
    hits.extend(_gap_needs(gaps, origin))
    return Assessment(
        needs=_merge_needs(hits, nm),
        factor_gaps=gaps,
        unknown_factors=unknown,
        flags=_merge_flags(s_flags),
        unresolved=tuple(unresolved),
        barriers=fam.barriers,
        languages=fam.languages,
        notes=notes,
    )


#: how a flag raised by a disclosure in a stated need names its source
STATED_TEXT = "stated in the need text"


def _stated(texts: tuple[str, ...], nm: NeedMap
            ) -> tuple[list[NeedHit], list[str], list[FlagHit]]:
    """Stated need texts -> need hits, unresolved leftovers, disclosure flags.

    A text may state several needs, rule some out ("not food") and disclose
    danger ("my husband hits me"): a disclosure raises its flag (detail
    :data:`STATED_TEXT`, never the text) and its need at its urgency, as the
    screenings do.
    """
    hits: list[NeedHit] = []
    unresolved: list[str] = []
    flags: list[FlagHit] = []
    rules = _disclosure_rules()
    for text in texts:
        r = read_need(text)
        hits.extend(NeedHit(c, "stated", nm.stated_urgency.get(c, "routine")) for c in r.codes)
        for f in r.flags:
            flags.append(FlagHit(f, STATED_TEXT))
            hits.extend(NeedHit(c, "stated", rules[f].urgency) for c in rules[f].needs)
        unresolved.extend(u for u in r.unresolved if u not in unresolved)
    return hits, unresolved, flags


@functools.cache
def _disclosure_rules() -> dict[str, Any]:
    return {r.flag: r for r in disclosure_rules()}


def _gap_needs(gaps: dict[str, float], origin: dict[str, str]) -> list[NeedHit]:
    doc = factors_doc()
    rule = doc["needs_rule"]
    out: list[NeedHit] = []
    for fac in doc["factor"]:
        code = fac["code"]
        if code in origin and gaps[code] >= rule["threshold"]:
            src = origin[code] if origin[code] in ("pfs2", "factor_gaps") else "factor_gaps"
            out.extend(NeedHit(n, src, rule["urgency"]) for n in fac["primary_needs"])
    return out


def _merge_needs(hits: list[NeedHit], nm: NeedMap) -> tuple[Need, ...]:
    order = {c: i for i, c in enumerate(nm.codes)}
    src_rank = {s: i for i, s in enumerate(SOURCES)}
    best: dict[str, tuple[int, int]] = {}   # code -> (urgency rank, -source rank)
    srcs: dict[str, set[str]] = {}
    for h in hits:
        key = (_RANK[h.urgency], -src_rank[h.source])
        if h.code not in best or key > best[h.code]:
            best[h.code] = key
        srcs.setdefault(h.code, set()).add(h.source)
    needs = [
        Need(code=c, label=nm.labels[c], source=SOURCES[-k[1]],
             urgency=Urgency(("routine", "soon", "urgent")[k[0]]),
             sources=tuple(sorted(srcs[c], key=src_rank.__getitem__)))
        for c, k in best.items()
    ]
    needs.sort(key=lambda n: (-n.urgency.rank, order[n.code]))
    return tuple(needs)


def _merge_flags(hits: list[FlagHit]) -> tuple[Flag, ...]:
    table = instruments_doc()["flags"]
    details: dict[str, list[str]] = {}
    for h in hits:
        lst = details.setdefault(h.code, [])
        if h.detail not in lst:
            lst.append(h.detail)
    out = []
    for code, spec in table.items():   # file order = report order
        if code in details:
            base = (spec.get("reason_stated", spec["reason"])
                    if details[code] == [STATED_TEXT] else spec["reason"])
            reason = f"{base} ({'; '.join(details[code])})"
            out.append(Flag(code=code, reason=reason, deadline_days=spec.get("deadline_days"),
                            sources=tuple(details[code])))
    return tuple(out)
