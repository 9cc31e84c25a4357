"""Soft scores: one component per concern, each in [0, 1], vectorized.

Components (columns of the array :func:`components` returns, in
:data:`pfmatch._weights.COMPONENTS` order):

need
    Best relevance of the offering to any of the family's needs (taxonomy
    match 1.0 or 0.9, text similarity at most 0.8).
factor
    Family gaps · offering coverage / sum of gaps: how much of the family's
    protective-factor gap the offering builds.
distance
    ``exp(-km / scale)``.  The scale is 8 km, or 3 km for a family with no
    car (6 km when the site has a transit note).  Without a car, a site within
    1.6 km (a 20-minute walk) scores at least 0.9.  Home visits score 1 (they
    come to the family).  Remote services score 0.8 (about a 2 km site), or 0.9
    without a car (the same as a short walk, so neither always wins: the other
    components decide).  A site with unknown coordinates scores 0.3.
language
    1 for the preferred language, 0.7 for another language the family speaks,
    0.5 for interpretation only, 0.4 when the offering's languages are unknown.
access
    Mean over the family's barriers of how well the offering gets around each
    (yes 1, unknown 0.5, no 0): see :data:`BARRIER_FIT`.
urgency
    Best of relevance × urgency weight (urgent 1, soon 0.6, routine 0.3).

A component that does not apply to the family (distance without a location,
access without barriers, factor without gaps, need and urgency without needs)
gets weight 0 and the remaining weights are renormalized; this is the same for
every offering, so it changes no comparison between offerings.
"""

from __future__ import annotations

import numpy as np

from pfmatch._index import ATTR, OfferingIndex, row_max
from pfmatch._offering import NO, UNKNOWN, YES
from pfmatch._query import Query
from pfmatch._rules import RowCache, language_offered, need_values_at
from pfmatch._weights import COMPONENTS, Weights

__all__ = ["BARRIER_FIT", "DISTANCE", "active_weights", "components"]

DISTANCE = {
    "scale_km": 8.0,
    "scale_no_car_km": 3.0,
    "scale_no_car_transit_km": 6.0,
    "walkable_km": 1.6,
    "walkable_score": 0.9,
    "remote": 0.8,
    "remote_no_car": 0.9,
    "unknown": 0.3,
}

#: For each barrier, the attributes that get around it (the best one counts).
#: ``"remote"`` and ``"walkable"`` are computed, not stored, attributes.
BARRIER_FIT: dict[str, tuple[str, ...]] = {
    "no_phone": ("walk_in", "text_intake", "online_intake", "home_visit"),
    "no_transportation": ("home_visit", "virtual", "remote", "transit", "walkable"),
    "no_internet": ("in_person", "phone_intake", "walk_in"),
    "needs_childcare": ("childcare_onsite", "home_visit", "virtual", "remote"),
    "work_hours": ("evening", "weekend", "open_24_7"),
    "cost": ("free", "sliding_scale"),
    "disability_access": ("wheelchair", "home_visit", "virtual", "remote"),
    "hearing_impairment": ("asl", "tty", "text_intake"),
    "limited_literacy": ("walk_in", "home_visit", "phone_intake"),
    "immigration_concerns": ("no_documents_required",),
}


#: float value of a three-valued attribute, indexed by the int8 value + 1.
_TRI_VALUE = np.empty(3)
_TRI_VALUE[[YES + 1, NO + 1, UNKNOWN + 1]] = (1.0, 0.0, 0.5)


def _tri(col: np.ndarray) -> np.ndarray:
    """int8 three-valued → float: yes 1, unknown 0.5, no 0."""
    return _TRI_VALUE.take(col.astype(np.intp) + 1)


def active_weights(weights: Weights, q: Query) -> np.ndarray:
    """Weights with non-applicable components zeroed, normalized to sum 1 (or all 0)."""
    w = np.array(weights.as_array(), dtype=np.float64)
    applies = {
        "need": bool(q.need_codes),
        "factor": bool(q.gaps.sum() > 0),
        "distance": q.lat is not None,
        "language": True,
        "access": any(b in BARRIER_FIT for b in q.barriers),
        "urgency": bool(q.need_codes),
    }
    w = w * np.array([applies[c] for c in COMPONENTS], dtype=np.float64)
    total = w.sum()
    return w / total if total > 0 else w


def _offered(index: OfferingIndex, code: str, rows: np.ndarray, pre: RowCache | None) -> np.ndarray:
    if pre is not None and code in pre.langs:
        return pre.langs[code]
    return language_offered(index, code, rows)


def components(index: OfferingIndex, q: Query, rows: np.ndarray, dist: np.ndarray,
               pre: RowCache | None = None) -> np.ndarray:
    """Score components for the offerings ``rows``: an array (len(rows), 6) in [0, 1].

    Parameters
    ----------
    pre : RowCache, optional
        Values the rules already read for exactly these ``rows`` (distances,
        need relevance, languages); used instead of reading them again.
    """
    rows = np.asarray(rows, dtype=np.int64)
    m = len(rows)
    out = np.zeros((m, len(COMPONENTS)), dtype=np.float64)
    attrs = pre.attrs if pre is not None else index.attrs.take(rows, axis=0)
    d = pre.dist if pre is not None else np.asarray(dist[rows], dtype=np.float64)
    remote = index.remote.take(rows)
    no_car = "no_transportation" in q.barriers

    # need and urgency
    if q.need_codes:
        rel = (pre.rel if pre is not None and pre.rel is not None
               else need_values_at(index, q, rows)).astype(np.float64)
        out[:, 0] = row_max(rel)
        out[:, 5] = row_max(rel * q.need_urgency[None, :])

    # protective-factor fit
    g = q.gaps
    if g.sum() > 0:
        out[:, 1] = index.factor_cov.take(rows, axis=0).astype(np.float64) @ g / g.sum()

    # distance
    if q.lat is not None:
        transit = attrs[:, ATTR["transit"]] == YES
        if no_car:
            scale = np.where(transit, DISTANCE["scale_no_car_transit_km"], DISTANCE["scale_no_car_km"])
        else:
            scale = np.full(m, DISTANCE["scale_km"])
        known = ~np.isnan(d)
        dscore = np.full(m, DISTANCE["unknown"])
        dscore[known] = np.exp(-d[known] / scale[known])
        if no_car:
            walk = known & (d <= DISTANCE["walkable_km"])
            dscore[walk] = np.maximum(dscore[walk], DISTANCE["walkable_score"])
        dscore[remote] = DISTANCE["remote_no_car"] if no_car else DISTANCE["remote"]
        dscore[attrs[:, ATTR["home_visit"]] == YES] = 1.0
        out[:, 2] = dscore

    # language
    lang_known = index.lang_known.take(rows)
    pref = _offered(index, q.languages[0], rows, pre)
    other = np.zeros(m, dtype=bool)
    for code in q.languages[1:]:
        other |= _offered(index, code, rows, pre)
    interp = attrs[:, ATTR["interpretation"]] == YES
    lscore = np.where(pref, 1.0, np.where(other, 0.7, np.where(interp, 0.5, 0.0)))
    lscore = np.where(lang_known, lscore, np.where(interp, 0.5, 0.4))
    out[:, 3] = lscore

    # access fit
    fits = []
    for barrier in sorted(q.barriers):
        names = BARRIER_FIT.get(barrier)
        if not names:
            continue
        best = np.zeros(m)
        for name in names:
            if name == "remote":
                v = remote.astype(np.float64)
            elif name == "walkable":
                v = (np.nan_to_num(d, nan=np.inf) <= DISTANCE["walkable_km"]).astype(np.float64)
            elif name == "no_documents_required":
                v = 1.0 - _tri(attrs[:, ATTR["documents_required"]])
            else:
                v = _tri(attrs[:, ATTR[name]])
            best = np.maximum(best, v)
        if barrier == "cost":
            # sliding scale helps, but less than free; a stated fee with neither is a 0
            free = _tri(attrs[:, ATTR["free"]])
            sliding = 0.8 * (attrs[:, ATTR["sliding_scale"]] == YES)
            best = np.maximum(free, sliding)
        fits.append(best)
    if fits:
        out[:, 4] = np.mean(fits, axis=0)

    return np.clip(out, 0.0, 1.0)
