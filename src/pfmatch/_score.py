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
    1.6 km (a 20-minute walk) scores at least 0.9.  Home visits score
    ``exp(-km / 16)`` with or without a car (they come to the family, from
    somewhere; the access component counts the visit for a family without a
    car), or the remote score when the site is unknown.  Remote services score 0.8 (about a 2 km site), or 0.9
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

from collections.abc import Sequence

import numpy as np

from pfmatch._index import ATTR, OfferingIndex, row_max
from pfmatch._offering import NO, UNKNOWN, YES
from pfmatch._query import Query
from pfmatch._querycols import QueryColumns
from pfmatch._rules import RowCache, row_values
from pfmatch._weights import COMPONENTS, Weights

__all__ = ["BARRIER_FIT", "DISTANCE", "active_weights", "active_weights_many", "components",
           "components_rows", "weighted_sum"]

DISTANCE = {
    "scale_km": 8.0,
    "scale_no_car_km": 3.0,
    "scale_no_car_transit_km": 6.0,
    "walkable_km": 1.6,
    "walkable_score": 0.9,
    "remote": 0.8,
    "remote_no_car": 0.9,
    "unknown": 0.3,
    "home_visit_km": 16.0,
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
        # stated needs keep the need component even when none resolved: an offering
        # that answers none of them then scores 0 there (no score without evidence)
        "need": bool(q.need_codes) or q.stated_needs,
        "factor": bool(q.gaps.sum() > 0),
        "distance": q.lat is not None,
        "language": True,
        "access": any(b in BARRIER_FIT for b in q.barriers),
        "urgency": bool(q.need_codes),
    }
    w = w * np.array([applies[c] for c in COMPONENTS], dtype=np.float64)
    total = w.sum()
    return w / total if total > 0 else w


def active_weights_many(weights: Weights, queries: Sequence[Query]) -> np.ndarray:
    """(F, 6): :func:`active_weights` for each of many families."""
    if not queries:
        return np.zeros((0, len(COMPONENTS)), dtype=np.float64)
    return np.stack([active_weights(weights, q) for q in queries])


def weighted_sum(comps: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Score per row: ``comps[i] · w[i]``, summed in component order.

    ``w`` is (m, 6), each row its family's active weights, or one (6,) row for all.  An explicit sum
    (not a BLAS product) gives every row the same bits whether it is scored
    alone or in a batch.
    """
    out = comps[:, 0] * w[..., 0]
    for j in range(1, comps.shape[1]):
        out += comps[:, j] * w[..., j]
    return out


def components(index: OfferingIndex, q: Query, rows: np.ndarray, dist: np.ndarray,
               pre: RowCache | None = None) -> np.ndarray:
    """Score components for the offerings ``rows``: an array (len(rows), 6) in [0, 1].

    Parameters
    ----------
    dist : array-like
        Distances of every offering (read at ``rows``), unless ``pre`` is given.
    pre : RowCache, optional
        Values the rules already read for exactly these ``rows`` (distances,
        need relevance, languages); used instead of reading them again.
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = QueryColumns(index, [q])
    fid = np.zeros(len(rows), dtype=np.int64)
    if pre is None:
        d = np.asarray(dist.at(rows) if hasattr(dist, "at") else dist[rows], dtype=np.float64)
        pre = row_values(index, cols, rows, fid, d)
    return components_rows(index, cols, rows, fid, pre)


def _fit(name: str, attrs: np.ndarray, remote: np.ndarray, d: np.ndarray) -> np.ndarray:
    """How well each row gets around a barrier through one attribute (yes 1, unknown 0.5, no 0)."""
    if name == "remote":
        return remote.astype(np.float64)
    if name == "walkable":
        return (np.nan_to_num(d, nan=np.inf) <= DISTANCE["walkable_km"]).astype(np.float64)
    if name == "no_documents_required":
        return 1.0 - _tri(attrs[:, ATTR["documents_required"]])
    return _tri(attrs[:, ATTR[name]])


def components_rows(index: OfferingIndex, cols: QueryColumns, rows: np.ndarray, fid: np.ndarray,
                    pre: RowCache) -> np.ndarray:
    """Score components for rows of many families: (len(rows), 6) in [0, 1].

    Row ``i`` belongs to family ``fid[i]`` of ``cols``; ``pre`` holds the
    values the rules read for exactly these rows.  Every operation is
    elementwise per row, so a row scores the same alone or in a batch.
    """
    m = len(rows)
    out = np.zeros((m, len(COMPONENTS)), dtype=np.float64)
    attrs = pre.attrs
    d = pre.dist
    remote = index.remote.take(rows)
    no_car = cols.per_row(cols.has("no_transportation"), fid)

    # need and urgency (padding columns hold 0, which changes no maximum)
    if pre.rel is not None and pre.rel.shape[1]:
        rel = pre.rel.astype(np.float64)
        out[:, 0] = row_max(rel)
        out[:, 5] = row_max(rel * cols.per_row(cols.urgency[:, : rel.shape[1]], fid))

    # protective-factor fit
    if (cols.gap_sum > 0).any():
        cov = index.factor_cov.take(rows, axis=0).astype(np.float64)
        fit = cov[:, 0] * cols.per_row(cols.gaps[:, 0], fid)
        for j in range(1, cov.shape[1]):
            fit += cov[:, j] * cols.per_row(cols.gaps[:, j], fid)
        total = cols.per_row(cols.gap_sum, fid)
        out[:, 1] = np.where(total > 0, fit / np.where(total > 0, total, 1.0), 0.0)

    # distance
    located = cols.per_row(cols.has_loc, fid)
    if located.any():
        transit = attrs[:, ATTR["transit"]] == YES
        scale = np.where(no_car, np.where(transit, DISTANCE["scale_no_car_transit_km"],
                                          DISTANCE["scale_no_car_km"]), DISTANCE["scale_km"])
        known = ~np.isnan(d)
        dscore = np.full(m, DISTANCE["unknown"])
        dscore[known] = np.exp(-d[known] / scale[known])
        walk = no_car & known & (d <= DISTANCE["walkable_km"])
        dscore[walk] = np.maximum(dscore[walk], DISTANCE["walkable_score"])
        remote_score = np.where(no_car, DISTANCE["remote_no_car"], DISTANCE["remote"])
        dscore = np.where(remote, remote_score, dscore)
        # home visits come to the family, but from somewhere: their points fall off over twice
        # the with-car scale whether or not the family has a car (the access component counts
        # the visit for a family without one), so a visiting program 2 km away and one 12 km
        # away differ
        home = attrs[:, ATTR["home_visit"]] == YES
        if home.any():
            visit = np.where(known, np.exp(-np.nan_to_num(d, nan=0.0) / DISTANCE["home_visit_km"]),
                             remote_score)
            dscore = np.where(home, np.maximum(visit, np.where(remote, remote_score, 0.0)), dscore)
        out[:, 2] = np.where(located, dscore, 0.0)

    # language
    lang_known = index.lang_known.take(rows)
    interp = attrs[:, ATTR["interpretation"]] == YES
    lscore = np.where(pre.pref, 1.0, np.where(pre.other, 0.7, np.where(interp, 0.5, 0.0)))
    lscore = np.where(lang_known, lscore, np.where(interp, 0.5, 0.4))
    out[:, 3] = lscore

    # access fit: the mean over the family's barriers, summed in sorted barrier order
    n_fit = np.zeros(cols.n, dtype=np.float64)
    total_fit = np.zeros(m, dtype=np.float64)
    fit_of: dict[str, np.ndarray] = {}
    for barrier in sorted(BARRIER_FIT):
        if not cols.any(barrier):
            continue
        has = cols.has(barrier)
        n_fit += has
        if barrier == "cost":
            # sliding scale helps, but less than free; a stated fee with neither is a 0
            best = np.maximum(_tri(attrs[:, ATTR["free"]]), 0.8 * (attrs[:, ATTR["sliding_scale"]] == YES))
        else:
            best = np.zeros(m)
            for name in BARRIER_FIT[barrier]:
                if name not in fit_of:  # several barriers read the same attribute
                    fit_of[name] = _fit(name, attrs, remote, d)
                best = np.maximum(best, fit_of[name])
        total_fit += np.where(cols.per_row(has, fid), best, 0.0)
    if n_fit.any():
        k = cols.per_row(n_fit, fid)
        out[:, 4] = np.where(k > 0, total_fit / np.where(k > 0, k, 1.0), 0.0)

    return np.clip(out, 0.0, 1.0)
