"""Eligibility rules: boolean masks over the index, and why each offering failed.

Rules are hard: no weight can bring back an offering a rule left out.  Each
offering gets the code of the *first* rule it fails, in :data:`RULES` order, so
an exclusion always names one rule.  Unknown attributes pass (and the
explanation says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pfmatch._geo import haversine_km
from pfmatch._index import ANSWERS, ATTR, OfferingIndex
from pfmatch._offering import YES
from pfmatch._query import Query

__all__ = ["RULES", "RuleResult", "apply_rules", "distances"]

#: Rule codes in the order they are checked; the index in this tuple + 1 is the code.
RULES: tuple[str, ...] = (
    "inactive",
    "already_connected",
    "outside_service_area",
    "age",
    "income",
    "language",
    "phone_only_intake",
    "online_only",
    "too_far",
    "no_matching_need",
)
RULE_ID = {r: i + 1 for i, r in enumerate(RULES)}


@dataclass(frozen=True)
class RuleResult:
    """Per-offering rule outcome.

    ``failed[i]`` is 0 when offering i passes every rule, else the 1-based
    position in :data:`RULES` of the first rule it fails.
    """

    failed: np.ndarray        # int8 (N,)
    distance: np.ndarray      # float64 km (N,), NaN for remote or unknown
    in_area: np.ndarray       # bool (N,): the offering states an area and the family is in it
    need_max: np.ndarray      # float32 (N,): best relevance to any of the family's needs
    widened: np.ndarray       # bool (N,): let in by rural widening

    @property
    def eligible(self) -> np.ndarray:
        return self.failed == 0


def distances(index: OfferingIndex, q: Query) -> np.ndarray:
    """Great-circle km from the family to every offering (NaN when unknown or remote)."""
    if q.lat is None or q.lon is None:
        return np.full(len(index), np.nan)
    return haversine_km(q.lat, q.lon, index.lat, index.lon)


def _columns(vocab: dict[str, int], tokens: object) -> list[int]:
    return [vocab[t] for t in tokens if t in vocab]  # type: ignore[attr-defined]


def language_offered(index: OfferingIndex, code: str) -> np.ndarray:
    """Whether each offering offers a language (ASL also from the ``asl`` attribute)."""
    j = index.lang_vocab.get(code)
    out = (np.asarray(index.lang[:, j].toarray()).ravel() if j is not None
           else np.zeros(len(index), dtype=bool))
    if code == "ase":
        out = out | (index.attrs[:, ATTR["asl"]] == YES)
    return out


def apply_rules(index: OfferingIndex, q: Query, *, min_candidates: int = 0) -> RuleResult:
    """Evaluate every rule over the whole index at once.

    Parameters
    ----------
    min_candidates : int
        Rural widening: when fewer offerings than this pass, offerings that
        failed only the distance rule are let back in if the family is inside
        their stated service area or they are within three times the limit.
    """
    n = len(index)
    failed = np.zeros(n, dtype=np.int8)
    checks: list[tuple[str, np.ndarray]] = []

    checks.append(("inactive", ~index.active))

    if q.connected:
        checks.append(("already_connected", np.isin(index.service_id, list(q.connected))))

    in_area = np.zeros(n, dtype=bool)
    if q.area_tokens:
        cols = _columns(index.area_vocab, q.area_tokens)
        if cols:
            in_area = np.asarray(index.area[:, cols].sum(axis=1)).ravel() > 0
        checks.append(("outside_service_area", index.has_area & ~in_area))

    if q.ages_years:
        lo = index.min_age
        hi = index.max_age
        # An integral upper bound means "through that year of age": ages 0-3 covers 3 years 11 months.
        hi_open = np.where(np.floor(hi) == hi, hi + 1.0, np.nextafter(hi, np.inf))
        fits = np.zeros(n, dtype=bool)
        for a in q.ages_years:
            fits |= (np.isnan(lo) | (lo <= a)) & (np.isnan(hi) | (a < hi_open))
        checks.append(("age", ~fits))

    if q.income_pct_fpl is not None:
        checks.append(("income", ~np.isnan(index.income_fpl) & (index.income_fpl < q.income_pct_fpl)))

    speaks = np.zeros(n, dtype=bool)
    for code in q.languages:
        speaks |= language_offered(index, code)
    interp = index.attrs[:, ATTR["interpretation"]] == YES
    checks.append(("language", index.lang_known & ~speaks & ~interp))

    if "no_phone" in q.barriers:
        checks.append(("phone_only_intake", index.attrs[:, ATTR["phone_only_intake"]] == YES))
    if "no_internet" in q.barriers:
        checks.append(("online_only", index.attrs[:, ATTR["online_only"]] == YES))

    dist = distances(index, q)
    too_far = np.nan_to_num(dist, nan=0.0) > q.max_km
    checks.append(("too_far", too_far))

    if q.need_codes:
        cols = [index.need_codes.index(c) for c in q.need_codes if c in index.need_codes]
        if cols:
            need_max = np.asarray(index.need_rel[:, cols].max(axis=1).toarray()).ravel()
        else:
            need_max = np.zeros(n, dtype=np.float32)
        checks.append(("no_matching_need", need_max < ANSWERS))
    else:
        need_max = np.zeros(n, dtype=np.float32)

    # Apply in reverse so the first failing rule in RULES order wins.
    for rule, mask in reversed(checks):
        failed[mask] = RULE_ID[rule]

    widened = np.zeros(n, dtype=bool)
    if min_candidates and int((failed == 0).sum()) < min_candidates:
        only_far = failed == RULE_ID["too_far"]
        # Re-check: "too_far" was recorded only when no earlier rule failed, but a
        # later rule (no_matching_need) may also fail; keep those out.
        if q.need_codes:
            only_far &= need_max >= ANSWERS
        near_enough = (index.has_area & in_area) | (np.nan_to_num(dist, nan=np.inf) <= 3 * q.max_km)
        widened = only_far & near_enough
        failed[widened] = 0

    return RuleResult(failed=failed, distance=dist, in_area=in_area, need_max=need_max.astype(np.float32),
                      widened=widened)
