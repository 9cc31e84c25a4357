"""Explanations: contributions, reasons and warnings for the offerings shown.

Only the k offerings returned (and the pins) are explained, so this module may
loop over its rows.  Reasons are short phrases a coordinator can read out to a
parent; they never repeat family data beyond what the family told the
coordinator (no scores, no screening results).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from pfmatch._datafiles import load_toml
from pfmatch._index import ANSWERS, OfferingIndex
from pfmatch._languages import language_name
from pfmatch._offering import UNKNOWN, YES, Offering
from pfmatch._persist import StoredOfferings
from pfmatch._query import Query
from pfmatch._results import Exclusion, Match
from pfmatch._rules import RULES, RuleResult, need_values_at
from pfmatch._weights import COMPONENTS

__all__ = ["LazyExclusions", "exclusions", "explain_rows", "fallback_pin", "other_sites"]

#: Eligibility text that restricts nothing (no "check eligibility" warning).
_OPEN_TO_ALL = re.compile(
    r"\b(?:open to (?:all|any|every)\w*|all ages|anyone|everyone|no (?:eligibility )?restrictions?"
    r"|families and individuals|none)\b", re.IGNORECASE)

FACTOR_PHRASE = {
    "parental_resilience": "parental resilience",
    "social_connections": "social connections",
    "knowledge_of_parenting": "knowledge of parenting and child development",
    "concrete_support": "concrete support in times of need",
    "social_emotional_competence": "children's social and emotional competence",
}


def _short(text: str | None, n: int = 70) -> str | None:
    if not text:
        return None
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip(" ,;.") + "…"


def _lower_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("WIC", "ESL")."""
    return s if s[:2].isupper() else s[:1].lower() + s[1:]


def _needs_phrase(labels: Sequence[str], o: Offering) -> str:
    """What the offering is for: "Food Pantry: food" or "Help paying rent and food"."""
    text = labels[0] + "".join(f", {_lower_first(x)}" for x in labels[1:-1])
    if len(labels) > 1:
        text += f" and {_lower_first(labels[-1])}"
    for kind in o.taxonomy_names:  # the first short taxonomy name
        if kind and len(kind) <= 40:
            return f"{kind}: {_lower_first(text)}"
    return text


def _contact(o: Offering) -> dict[str, Any]:
    return {
        "phones": [dict(p) for p in o.phones],
        "url": o.url,
        "email": o.email,
        "address": None if o.confidential else o.address,
        "how_to_apply": o.application_process,
        "hours": o.hours,
    }


def _lang_phrase(o: Offering, q: Query) -> str:
    offered = set(o.languages)
    interp = o.attr("interpretation") == YES
    spoken = [c for c in q.languages if c in offered or (c == "ase" and o.attr("asl") == YES)]
    if spoken:
        names = " and ".join([language_name(c) for c in spoken[:2]])
        return f"{names} spoken" + ("; interpreters for other languages" if interp else "")
    if interp:
        return "interpreters available"
    if not o.languages_known:
        return "languages not listed (unknown)"
    return "languages: " + ", ".join([language_name(c) for c in sorted(offered)[:3]])


def _distance_phrase(o: Offering, d: float | None, q: Query) -> str | None:
    if o.attr("home_visit") == YES:
        return "comes to your home (home visits)"
    if o.remote:
        ways = []
        if o.attr("phone_intake") != 0 and o.phones and "no_phone" not in q.barriers:
            ways.append("by phone")
        if o.attr("text_intake") == YES:
            ways.append("by text")
        if o.attr("virtual") == YES or o.attr("online_intake") == YES or o.url:
            ways.append("online")
        if not ways:
            ways = ["online"] if "no_phone" in q.barriers else ["by phone or online"]
        return " or ".join(ways) + ", no travel needed"
    if q.lat is None:
        return None
    if o.confidential:
        return "confidential location; they explain how to get there when you call"
    if d is None:
        return "distance unknown (no map location listed)"
    s = f"{d:.1f} km away"
    if "no_transportation" in q.barriers and d <= 1.6:
        s += ", about a 20-minute walk or less"
    transit = _short(o.transportation, 60)
    if transit:
        s += f", transit: {transit}"
    return s


def _access_phrases(o: Offering, q: Query) -> list[str]:
    out: list[str] = []
    b = q.barriers
    a = o.attr
    if "no_phone" in b:
        if a("walk_in") == YES:
            out.append("walk in, no phone needed")
        elif a("text_intake") == YES:
            out.append("can be reached by text")
        elif a("online_intake") == YES:
            out.append("apply online, no phone needed")
        elif a("walk_in") == UNKNOWN:
            out.append("unknown whether walk-ins are taken")
    if "work_hours" in b:
        times = [t for t, k in (("evenings", "evening"), ("weekends", "weekend")) if a(k) == YES]
        if a("open_24_7") == YES:
            out.append("open 24/7")
        elif times:
            out.append("open " + " and ".join(times))
        elif a("evening") == UNKNOWN and a("weekend") == UNKNOWN:
            out.append("evening/weekend hours unknown")
    if "needs_childcare" in b:
        if a("childcare_onsite") == YES:
            out.append("child care on site")
        elif a("home_visit") == YES or o.remote:
            out.append("no child care needed to take part")
    if "cost" in b:
        if a("free") == YES:
            out.append("free")
        elif a("sliding_scale") == YES:
            out.append("sliding-scale fees")
        elif a("fee") == YES:
            out.append("charges a fee")
        else:
            out.append("cost unknown")
    if "disability_access" in b and a("wheelchair") == YES:
        out.append("wheelchair accessible")
    if "hearing_impairment" in b:
        if a("asl") == YES:
            out.append("ASL available")
        elif a("tty") == YES:
            out.append("TTY line")
    if "cost" not in b and a("free") == YES:
        out.append("free")
    return out


def _warnings(o: Offering, q: Query, *, widened: bool) -> list[str]:
    w: list[str] = []
    a = o.attr
    if a("phone_only_intake") == YES:
        w.append("intake by phone only (they may call back)")
    if a("waitlist") == YES:
        w.append("has a waiting list" + (f": {_short(o.wait_time, 50)}" if o.wait_time else ""))
    if a("documents_required") == YES:
        docs = ", ".join(o.required_documents[:3])
        w.append("bring documents" + (f": {_short(docs, 60)}" if docs else ""))
    if a("appointment_required") == YES:
        w.append("appointment required")
    if (o.eligibility and o.min_age_years is None and o.max_age_years is None
            and o.income_limit_fpl is None and not _OPEN_TO_ALL.search(o.eligibility)):
        w.append(f"check eligibility: {_short(o.eligibility, 80)}")
    if o.alert:
        w.append(_short(o.alert, 100) or "")
    if widened:
        w.append(f"farther than the {q.max_km:.0f} km limit (few closer options)")
    return [x for x in w if x]


def _built_factors(cov: list[float], weighted: list[float]) -> list[int]:
    """Positions of the factors an offering builds (coverage >= 0.5).

    Ordered by gap-weighted coverage, then coverage (both descending), then position.
    """
    kept = [f for f, c in enumerate(cov) if c >= 0.5]
    kept.sort(key=lambda f: (-weighted[f], -cov[f], f))
    return kept


def _answered(index: OfferingIndex, q: Query, rows: np.ndarray) -> list[tuple[str, ...]]:
    """Per row, the family's needs it answers (relevance >= ANSWERS), most relevant first.

    The order of a stable argsort of ``-relevance``: a stable sort of the kept
    needs by ``-relevance`` in Python floats (float32 values convert exactly),
    ties in need order.  Rows hold 1-3 needs, so this avoids a numpy call per row.
    """
    codes = q.need_codes
    if not codes:
        return [() for _ in range(len(rows))]
    rel = need_values_at(index, q, rows)
    answers = (rel >= ANSWERS).tolist()
    out: list[tuple[str, ...]] = []
    for vals, ok in zip(rel.tolist(), answers, strict=True):
        kept = [j for j, y in enumerate(ok) if y]
        if len(kept) > 1:
            kept.sort(key=lambda j: -vals[j])
        out.append(tuple([codes[j] for j in kept]))
    return out


def explain_rows(index: OfferingIndex, q: Query, rows: np.ndarray, comps: np.ndarray,
                 weights: np.ndarray, rules: RuleResult, *, first_rank: int = 1,
                 pinned: bool = False, pin_reason: str | None = None) -> list[Match]:
    """Build :class:`Match` objects for ``rows`` (already in display order)."""
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []
    labels = {n.code: n.label for n in q.assessment.needs}
    contribs = (np.asarray(comps, dtype=np.float64) * weights).tolist()
    answered_all = _answered(index, q, rows)
    gaps = q.gaps
    cov_k = index.factor_cov[rows]
    cov_all = cov_k.tolist()
    weighted_all = (gaps[None, :] * cov_k).tolist()
    dists = np.asarray(rules.distance.at(rows) if hasattr(rules.distance, "at")
                       else rules.distance[rows], dtype=np.float64).tolist()
    widened = rules.widened_at(rows).tolist()
    factor_names = index.factor_names
    gap_names = {f for f, g in zip(factor_names, gaps.tolist(), strict=False) if g > 0}
    offering = index.offering
    out: list[Match] = []
    for pos, i in enumerate(rows.tolist()):
        o = offering(i)
        contributions = dict(zip(COMPONENTS, contribs[pos], strict=False))
        # components are in [0, 1] and weights sum to 1, so only rounding can
        # push the sum past the ends; clamp so the bound holds exactly
        score = min(1.0, max(0.0, math.fsum(contributions.values())))
        answered = answered_all[pos]
        factors = tuple([factor_names[f] for f in _built_factors(cov_all[pos], weighted_all[pos])])
        d = dists[pos]
        dist = None if (math.isnan(d) or o.confidential) else round(d, 2)

        reasons: list[str] = []
        if pin_reason:
            reasons.append(pin_reason)
        if answered:
            reasons.append(_needs_phrase([labels.get(c, c) for c in answered[:3]], o))
        dp = _distance_phrase(o, dist, q)
        if dp:
            reasons.append(dp)
        reasons.append(_lang_phrase(o, q))
        reasons.extend(_access_phrases(o, q))
        gap_factors = [f for f in factors if f in gap_names]
        if gap_factors:
            reasons.append("builds " + " and ".join(FACTOR_PHRASE[f] for f in gap_factors[:2]))
        out.append(Match(
            rank=first_rank + pos, score=score, service_id=o.service_id, location_id=o.location_id,
            service=o.service_name, organization=o.organization_name, needs=answered,
            factors=factors, distance_km=dist, languages=tuple(o.languages),
            contact=_contact(o), contributions=contributions, reasons=tuple(reasons),
            warnings=tuple(_warnings(o, q, widened=widened[pos])), pinned=pinned,
        ))
    return out


def _exclusion_reason(rule: str, o: Offering, d: float, q: Query) -> str:
    if rule == "inactive":
        return f"status is {o.status}"
    if rule == "already_connected":
        return "the family is already connected to this service (a strength, not a new referral)"
    if rule == "outside_service_area":
        areas = ", ".join(t.split(":", 1)[1].split("|")[0] for t in o.service_area[:3])
        more = "…" if len(o.service_area) > 3 else ""
        return f"serves {areas}{more}; the family lives outside that area"
    if rule == "age":
        lo = "0" if o.min_age_years is None else f"{o.min_age_years:g}"
        hi = "up" if o.max_age_years is None else f"{o.max_age_years:g}"
        return f"serves ages {lo}-{hi}; no child or caregiver in the family fits"
    if rule == "income":
        return (f"income limit {o.income_limit_fpl:g}% of the federal poverty level; "
                "the household's income is above it")
    if rule == "language":
        names = ", ".join(language_name(c) for c in o.languages[:4]) or "other languages"
        return f"offers {names} only, none of the family's languages, and no interpretation"
    if rule == "phone_only_intake":
        return "intake is by phone only and the family has no reliable phone"
    if rule == "online_only":
        return "offered only online and the family has no internet access"
    if rule == "too_far":
        return f"{d:.1f} km away, beyond the {q.max_km:.0f} km limit"
    if rule == "no_matching_need":
        return "does not answer any of the family's needs"
    return rule


def _bulk_reader(index: OfferingIndex) -> Callable[[int], Offering]:
    """How to read many records: a saved index's cache of shown offerings is read, not refilled."""
    offs = index.offerings
    return offs.peek if isinstance(offs, StoredOfferings) else index.offering


def exclusions(index: OfferingIndex, q: Query, rules: RuleResult) -> list[Exclusion]:
    """One :class:`Exclusion` per offering a rule left out (only with ``explain=True``)."""
    rows = np.flatnonzero(rules.failed)
    rows = rows[np.argsort(index.order_key[rows], kind="stable")]
    offering = _bulk_reader(index)
    out = []
    for i in rows:
        o = offering(int(i))
        rule = RULES[int(rules.failed[i]) - 1]
        out.append(Exclusion(o.service_id, o.location_id, o.service_name, rule,
                             _exclusion_reason(rule, o, float(rules.distance[i]), q)))
    return out


def other_sites(index: OfferingIndex, rows: np.ndarray) -> list[Exclusion]:
    """One ``other_location`` :class:`Exclusion` per left-out site of a listed service."""
    offering = _bulk_reader(index)
    out = []
    for i in rows[np.argsort(index.order_key[rows], kind="stable")]:
        o = offering(int(i))
        out.append(Exclusion(o.service_id, o.location_id, o.service_name, "other_location",
                             "another site of the same service ranks higher and is listed instead"))
    return out


class LazyExclusions(Sequence[Exclusion]):
    """``MatchResult.excluded`` built on first read.

    Behaves like the list ``exclusions(index, q, rules) + other_sites(index,
    rows)``: length, iteration, indexing, slicing, ``==`` with a list, ``+``.
    The records of the excluded offerings are decoded only when an entry is
    read; ``len()`` needs only the rule columns.  Pickling sends the plain list.
    """

    def __init__(self, index: OfferingIndex, q: Query, rules: RuleResult, other_rows: np.ndarray) -> None:
        self._index = index
        self._q = q
        self._rules = rules
        self._other = np.asarray(other_rows, dtype=np.int64)
        self._items: list[Exclusion] | None = None

    def _list(self) -> list[Exclusion]:
        if self._items is None:
            self._items = exclusions(self._index, self._q, self._rules) + other_sites(self._index, self._other)
        return self._items

    def __len__(self) -> int:
        if self._items is not None:
            return len(self._items)
        return int(np.count_nonzero(self._rules.failed)) + len(self._other)

    def __getitem__(self, i: Any) -> Any:
        return self._list()[i]

    def __iter__(self) -> Iterator[Exclusion]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyExclusions):
            other = other._list()
        if isinstance(other, (list, tuple)):
            return self._list() == list(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Any) -> list[Exclusion]:
        return self._list() + list(other)

    def __radd__(self, other: Any) -> list[Exclusion]:
        return list(other) + self._list()

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (self._list(),))

    def __repr__(self) -> str:
        return repr(self._list()) if self._items is not None else f"<{len(self)} exclusions, not yet built>"


@functools.cache
def _fallbacks() -> dict[str, dict[str, Any]]:
    return {f["flag"]: f for f in load_toml("safety.toml")["fallback"]}


def fallback_pin(flag: str, rank: int) -> Match:
    """The built-in national line for a safety flag (used when the directory has none)."""
    f = _fallbacks()[flag]
    contributions = dict.fromkeys(COMPONENTS, 0.0)
    return Match(
        rank=rank, score=0.0, service_id=f["service_id"], location_id=None, service=f["service"],
        organization=f["organization"], needs=(), factors=("parental_resilience",), distance_km=None,
        languages=tuple(f["languages"]),
        contact={"phones": [dict(p) for p in f["phones"]], "url": f["url"], "email": None,
                 "address": None, "how_to_apply": f["reason"], "hours": "24/7"},
        contributions=contributions,
        reasons=("pinned for safety: " + f["reason"],),
        warnings=("national line built into pfmatch; this directory lists no eligible local one",),
        pinned=True,
    )
