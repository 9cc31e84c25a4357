"""Eligibility rules: boolean masks over the index, and why each offering failed.

Rules are hard: no weight can bring back an offering a rule left out.  Each
offering gets the code of the *first* rule it fails, in :data:`RULES` order, so
an exclusion always names one rule.  Unknown attributes pass (and the
explanation says so).

Only offerings that can pass at all are evaluated on the match path: rows
within the family's latitude band (the index is sorted by latitude) plus
remote offerings and offerings with unknown coordinates, and, when the family
has needs, only rows in the postings of those needs.  Every other offering
fails ``too_far`` or ``no_matching_need`` (or an earlier rule); which one is
worked out lazily, over the whole index, only when ``RuleResult.failed`` is
read (``explain=True``).  ``tests/test_reference_scorer.py`` checks this fast
path against a slow per-offering reference written from the documented rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.lib.mixins as npmix

from pfmatch._geo import haversine_km, haversine_pairs_km, haversine_rad_km
from pfmatch._index import (
    ANSWERS,
    ATTR,
    OfferingIndex,
    column_member,
    column_rows,
    row_max,
)
from pfmatch._offering import YES
from pfmatch._query import Query
from pfmatch._querycols import QueryColumns

__all__ = [
    "RULES",
    "DistanceColumn",
    "RowBatch",
    "RowCache",
    "RuleResult",
    "apply_rules",
    "apply_rules_many",
    "distances",
    "distances_at",
    "evaluate_rows",
    "need_values_at",
    "outside_population",
    "row_values",
    "unknown_area",
]

#: Rule codes in the order they are checked; the index in this tuple + 1 is the code.
RULES: tuple[str, ...] = (
    "inactive",
    "already_connected",
    "outside_service_area",
    "age",
    "population",
    "income",
    "language",
    "phone_only_intake",
    "online_only",
    "too_far",
    "no_matching_need",
)
RULE_ID = {r: i + 1 for i, r in enumerate(RULES)}

_TOO_FAR = RULE_ID["too_far"]


def distances(index: OfferingIndex, q: Query) -> np.ndarray:
    """Great-circle km from the family to every offering (NaN when unknown or remote)."""
    if q.lat is None or q.lon is None:
        return np.full(len(index), np.nan)
    return haversine_km(q.lat, q.lon, index.lat, index.lon)


def distances_at(index: OfferingIndex, q: Query, rows: np.ndarray) -> np.ndarray:
    """Great-circle km from the family to the offerings ``rows`` (same values as :func:`distances`)."""
    if q.lat is None or q.lon is None:
        return np.full(len(rows), np.nan)
    return haversine_rad_km(q.lat, q.lon, index.lat_rad.take(rows), index.lon_rad.take(rows),
                            index.cos_lat.take(rows))


def _columns(vocab: dict[str, int], tokens: object) -> list[int]:
    return [vocab[t] for t in tokens if t in vocab]  # type: ignore[attr-defined]


def _need_columns(index: OfferingIndex, q: Query) -> list[int]:
    col = index.need_col
    return [col[c] for c in q.need_codes if c in col]


def language_offered(index: OfferingIndex, code: str, rows: np.ndarray | None = None) -> np.ndarray:
    """Whether each offering (or each of ``rows``) offers a language (ASL also from ``asl``)."""
    j = index.lang_vocab.get(code)
    if rows is None:
        out = (np.asarray(index.lang[:, j].toarray()).ravel() if j is not None
               else np.zeros(len(index), dtype=bool))
        if code == "ase":
            out = out | (index.attrs[:, ATTR["asl"]] == YES)
        return out
    words, bits = index.lang_bits
    if code in bits:
        out = (words.take(rows) & np.uint64(1 << bits[code])) != 0
    elif j is not None:
        out = column_member(index.lang, j, rows)
    else:
        out = np.zeros(len(rows), dtype=bool)
    if code == "ase":
        out = out | (index.attrs[rows, ATTR["asl"]] == YES)
    return out


class RowCache:
    """Values the rules already read for some rows, reused by scoring and selection.

    Attributes
    ----------
    dist : ndarray of float64
        Distances of the rows (NaN when unknown or remote).
    rel : ndarray of float32 or None
        (m, needs) need relevance (:func:`need_values_at`); None when the
        family has no needs.  A batch pads the columns with zeros up to the
        most needs of any family in it.
    pref, other : ndarray of bool
        Whether each row offers the family's preferred language, or one of
        its other languages (ASL also through the ``asl`` attribute).
    attrs : ndarray of int8
        (m, len(ATTRIBUTES)) three-valued attributes of the rows.
    """

    __slots__ = ("attrs", "dist", "other", "pref", "rel")

    def __init__(self, dist: np.ndarray, rel: np.ndarray | None, pref: np.ndarray, other: np.ndarray,
                 attrs: np.ndarray) -> None:
        self.dist = dist
        self.rel = rel
        self.pref = pref
        self.other = other
        self.attrs = attrs

    def take(self, pos: np.ndarray) -> RowCache:
        """The same values for the rows at positions ``pos``."""
        return RowCache(self.dist.take(pos), None if self.rel is None else self.rel.take(pos, axis=0),
                        self.pref.take(pos), self.other.take(pos), self.attrs.take(pos, axis=0))

    def span(self, a: int, b: int, n_needs: int) -> RowCache:
        """Rows ``[a, b)`` of a batch, for a family with ``n_needs`` needs (views, no copy)."""
        rel = None if self.rel is None or not n_needs else self.rel[a:b, :n_needs]
        return RowCache(self.dist[a:b], rel, self.pref[a:b], self.other[a:b], self.attrs[a:b])


def _gather_needs(index: OfferingIndex, cols: Sequence[int], rows: np.ndarray, out: np.ndarray,
                  text_rel: Sequence[np.ndarray] = ()) -> None:
    """Fill ``out[:, j]`` with the relevance of ``rows`` to need column ``cols[j]`` (-1: leave 0).

    Columns from ``len(index.need_codes)`` on are needs found in the
    directory's text, read from ``text_rel`` (:attr:`QueryColumns.text_rel`).
    """
    dense = index.need_dense
    n = len(dense)
    for j, col in enumerate(cols):
        if col >= n:
            text_rel[col - n].take(rows, out=out[:, j])
        elif col >= 0:
            dense[col].take(rows, out=out[:, j])


def _query_need_cols(index: OfferingIndex, q: Query) -> tuple[list[int], list[np.ndarray]]:
    """One family's need columns (as :class:`QueryColumns` numbers them) and its text columns."""
    col = index.need_col
    extra = {tn.code: len(col) + i for i, tn in enumerate(q.text_needs)}
    return ([extra.get(c, col.get(c, -1)) for c in q.need_codes], [tn.rel for tn in q.text_needs])


def need_values_at(index: OfferingIndex, q: Query, rows: np.ndarray) -> np.ndarray:
    """(len(rows), len(q.need_codes)) float32 relevance of ``rows`` to the family's needs.

    Columns in ``q.need_codes`` order; 0 where nothing is stored or a need is
    not in the index's vocabulary.  One gather per need from ``need_dense``.
    """
    out = np.zeros((len(rows), len(q.need_codes)), dtype=index.need_dense.dtype)
    cols, text_rel = _query_need_cols(index, q)
    _gather_needs(index, cols, rows, out, text_rel)
    return out


def _need_values_batch(index: OfferingIndex, qc: QueryColumns, rows: np.ndarray,
                       bounds: np.ndarray) -> np.ndarray:
    """:func:`need_values_at` for the rows of many families: (m, most needs), zero padded.

    One gather per need of each family (a few calls per family, each reading
    nearly in order).
    """
    out = np.zeros((len(rows), qc.need_cols.shape[1]), dtype=index.need_dense.dtype)
    for f, cols in enumerate(qc.need_cols.tolist()):
        a, b = int(bounds[f]), int(bounds[f + 1])
        if a < b:
            _gather_needs(index, cols, rows[a:b], out[a:b], qc.text_rel)
    return out


def _languages(index: OfferingIndex, qc: QueryColumns, rows: np.ndarray, fid: np.ndarray,
               attrs: np.ndarray, bounds: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Whether each row offers its family's preferred language, and any of the others.

    ``bounds`` are the rows' family spans (None: one family); a language with
    no bit in ``lang_bits`` is read from its sparse column, family by family.
    """
    words = index.lang_bits[0].take(rows)
    pref = (words & qc.per_row(qc.pref_bits, fid)) != 0
    other = (words & qc.per_row(qc.other_bits, fid)) != 0
    if qc.pref_ase.any() or qc.other_ase.any():
        asl = attrs[:, ATTR["asl"]] == YES
        pref |= asl & qc.per_row(qc.pref_ase, fid)
        other |= asl & qc.per_row(qc.other_ase, fid)
    for f, code, preferred in qc.lang_slow:
        a, b = (0, len(rows)) if bounds is None else (int(bounds[f]), int(bounds[f + 1]))
        hit = column_member(index.lang, index.lang_vocab[code], rows[a:b])
        (pref if preferred else other)[a:b] |= hit
    return pref, other


def _in_area(index: OfferingIndex, qc: QueryColumns, rows: np.ndarray, fid: np.ndarray,
             has_area: np.ndarray) -> np.ndarray:
    """Whether each row that states a service area serves its family's area.

    A row's tokens among the 64 most used are bits (``area_bits``), tested
    against its family's in one pass; rows with other tokens too are looked
    up token by token among their family's, coded ``family * V + token`` in
    one small sorted array.
    """
    words, bit_of, more = index.area_bits
    v = index.area.shape[1]
    fam_tokens = [_columns(index.area_vocab, q.area_tokens) for q in qc.queries]
    masks = np.array([sum(1 << int(bit_of[j]) for j in toks if bit_of[j] >= 0) for toks in fam_tokens],
                     dtype=np.uint64)
    out = (words.take(rows) & qc.per_row(masks, fid)) != 0
    slow = np.flatnonzero(has_area & ~out & more.take(rows))
    wanted = np.array(sorted(f * v + j for f, toks in enumerate(fam_tokens) for j in toks), dtype=np.int64)
    if not len(slow) or not len(wanted):
        return out
    indptr, indices = index.area_rows
    r = rows.take(slow)
    start = indptr.take(r)
    count = indptr.take(r + 1) - start
    pos = np.repeat(slow, count)  # one entry per (row, token of the row)
    within = np.arange(len(pos)) - np.repeat(np.cumsum(count) - count, count)
    fam = 0 if qc.n == 1 else fid.take(pos) * v
    key = fam + indices.take(np.repeat(start, count) + within)
    at = np.minimum(np.searchsorted(wanted, key), len(wanted) - 1)
    out[pos[wanted.take(at) == key]] = True
    return out


class RowBatch:
    """The rules evaluated for the rows of many families at once.

    ``rows`` concatenates each family's rows (sorted within a family);
    family ``f`` owns ``[bounds[f], bounds[f + 1])`` and ``fid`` holds each
    row's family.  ``failed``, ``dist``, ``in_area``, ``need_max`` and
    ``widened`` are per row; ``cache`` holds the values scoring reuses.
    """

    __slots__ = ("bounds", "cache", "cols", "dist", "failed", "fid", "in_area", "need_max", "rows",
                 "widened")

    def __init__(self, cols: QueryColumns, rows: np.ndarray, bounds: np.ndarray, fid: np.ndarray,
                 failed: np.ndarray, dist: np.ndarray, in_area: np.ndarray, need_max: np.ndarray,
                 cache: RowCache) -> None:
        self.cols = cols
        self.rows = rows
        self.bounds = bounds
        self.fid = fid
        self.failed = failed
        self.dist = dist
        self.in_area = in_area
        self.need_max = need_max
        self.cache = cache
        self.widened = np.zeros(len(rows), dtype=bool)

    def rule_result(self, index: OfferingIndex, f: int) -> RuleResult:
        """The :class:`RuleResult` of family ``f`` (views into the batch)."""
        a, b = int(self.bounds[f]), int(self.bounds[f + 1])
        q = self.cols.queries[f]
        return RuleResult._over_rows(index, q, self.rows[a:b], self.failed[a:b], self.dist[a:b],
                                     self.widened[a:b])


def _concat(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of many families end to end, and the bounds of each family's span."""
    bounds = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=bounds[1:])
    rows = np.concatenate(parts).astype(np.int64, copy=False) if parts else np.zeros(0, dtype=np.int64)
    return rows, bounds


def _evaluate(index: OfferingIndex, q: Query, rows: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """First failing rule (0 = none), distance, in_area and need_max for ``rows`` (sorted)."""
    b = evaluate_rows(index, QueryColumns(index, [q]), *_concat([np.asarray(rows, dtype=np.int64)]))
    return b.failed, b.dist, b.in_area, b.need_max


def row_values(index: OfferingIndex, cols: QueryColumns, rows: np.ndarray, fid: np.ndarray,
               dist: np.ndarray, bounds: np.ndarray | None = None) -> RowCache:
    """The :class:`RowCache` values of ``rows`` for their families, given their distances.

    ``bounds`` are the families' spans of ``rows``; None means one family.
    """
    if bounds is None:
        bounds = np.array([0, len(rows)], dtype=np.int64)
    attrs = index.attrs.take(rows, axis=0)
    pref, other = _languages(index, cols, rows, fid, attrs, bounds)
    rel = _need_values_batch(index, cols, rows, bounds) if cols.need_cols.shape[1] else None
    return RowCache(dist, rel, pref, other, attrs)


def evaluate_rows(index: OfferingIndex, cols: QueryColumns, rows: np.ndarray, bounds: np.ndarray
                  ) -> RowBatch:
    """Every rule for the rows of many families (family ``f`` owns ``rows[bounds[f]:bounds[f+1]]``).

    Each rule is one pass over all the rows, reading each row's family's
    values through ``fid``: a batch costs about as many numpy calls as one
    family, and every value equals what the family alone would get.
    """
    m = len(rows)
    qs = cols.queries
    fid = np.repeat(np.arange(cols.n, dtype=np.int64), np.diff(bounds))
    failed = np.zeros(m, dtype=np.int8)
    checks: list[tuple[str, np.ndarray]] = []

    checks.append(("inactive", ~index.active.take(rows)))

    connected = [f for f, q in enumerate(qs) if q.connected]
    if connected:
        mask = np.zeros(m, dtype=bool)
        for f in connected:
            a, b = int(bounds[f]), int(bounds[f + 1])
            mask[a:b] = np.isin(index.service_id[rows[a:b]], list(qs[f].connected))
        checks.append(("already_connected", mask))

    in_area = np.zeros(m, dtype=bool)
    with_tokens = np.array([bool(q.area_tokens) for q in qs], dtype=bool)
    if with_tokens.any():
        has_area = index.has_area.take(rows)
        in_area = _in_area(index, cols, rows, fid, has_area)
        # only offerings that state an area can be outside it; no area, no check
        checks.append(("outside_service_area", has_area & ~in_area & cols.per_row(with_tokens, fid)))

    if cols.has_ages.any():
        lo = index.min_age.take(rows)
        # An integral upper bound means "through that year of age": ages 0-3 covers 3 years 11 months.
        hi_open = index.max_age_open.take(rows)
        no_lo = np.isnan(lo)
        no_hi = np.isnan(index.max_age.take(rows))
        fits = np.zeros(m, dtype=bool)
        for j in range(cols.ages.shape[1]):
            age = cols.per_row(cols.ages[:, j], fid)  # NaN padding fits only where any age fits
            fits |= (no_lo | (lo <= age)) & (no_hi | (age < hi_open))
        checks.append(("age", ~fits & cols.per_row(cols.has_ages, fid)))

    if cols.pop_out.any() or cols.sex_out.any():
        # limited to a population the family is known not to belong to: with
        # populations_checked, any group not in its list; a program for men and a family of
        # women (sex applies to programs for adults, or to families without children: a
        # program for "males, ages 8-13" may be for the family's son)
        limits = index.population.take(rows)
        mask = (limits & cols.per_row(cols.pop_out, fid)) != 0
        adults = ~(index.min_age.take(rows) < 18.0) & ~np.isnan(index.min_age.take(rows))
        mask |= (((limits & cols.per_row(cols.sex_out, fid)) != 0)
                 & (adults | ~cols.per_row(cols.has_children, fid)))
        checks.append(("population", mask))

    if not np.isnan(cols.income).all():
        inc = index.income_fpl.take(rows)
        checks.append(("income", ~np.isnan(inc) & (inc < cols.per_row(cols.income, fid))))

    attrs = index.attrs.take(rows, axis=0)
    pref, other = _languages(index, cols, rows, fid, attrs, bounds)
    interp = attrs[:, ATTR["interpretation"]] == YES
    checks.append(("language", index.lang_known.take(rows) & ~(pref | other) & ~interp))

    rel = _need_values_batch(index, cols, rows, bounds) if cols.need_cols.shape[1] else None
    if cols.any("no_phone"):
        phone_only = (attrs[:, ATTR["phone_only_intake"]] == YES) & cols.per_row(cols.has("no_phone"), fid)
        if rel is not None and phone_only.any():
            # a phone-only service answering an urgent need (an early-intervention referral due in
            # 7 days) stays: the coordinator calls with the family (explanations say so)
            urgent = cols.per_row(cols.cannot_wait[:, : rel.shape[1]], fid)
            phone_only &= ~((rel >= ANSWERS) & urgent).any(axis=1)
        checks.append(("phone_only_intake", phone_only))
    if cols.any("no_internet"):
        checks.append(("online_only",
                       (attrs[:, ATTR["online_only"]] == YES) & cols.per_row(cols.has("no_internet"), fid)))

    dist = np.full(m, np.nan)
    if cols.has_loc.any():
        # remote rows and rows with unknown coordinates (the tail of the index) stay NaN
        geo = np.flatnonzero(rows < index.n_geo)
        g, r = fid.take(geo), rows.take(geo)
        dist[geo] = haversine_pairs_km(cols.per_row(cols.lam1, g), cols.per_row(cols.sin_p1, g),
                                       cols.per_row(cols.cos_p1, g),
                                       index.sin_lat.take(r), index.lon_rad.take(r), index.cos_lat.take(r))
    checks.append(("too_far", dist > cols.per_row(cols.max_km, fid)))  # NaN (remote, unknown) is never too far

    if rel is not None:
        need_max = row_max(rel)
        checks.append(("no_matching_need", (need_max < ANSWERS) & cols.per_row(cols.n_needs > 0, fid)))
    else:
        need_max = np.zeros(m, dtype=np.float32)

    # Apply in reverse so the first failing rule in RULES order wins.
    for rule, mask in reversed(checks):
        np.copyto(failed, RULE_ID[rule], where=mask)
    return RowBatch(cols, rows, bounds, fid, failed, dist, in_area, need_max,
                    RowCache(dist, rel, pref, other, attrs))


def _known_positions(known: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where ``rows`` sit in the sorted array ``known`` of rows already evaluated.

    Returns ``(pos, hit)``: ``known[pos[hit]] == rows[hit]``; rows with
    ``hit`` False were not evaluated on the fast path.
    """
    if not len(known):
        return np.zeros(len(rows), dtype=np.int64), np.zeros(len(rows), dtype=bool)
    pos = np.minimum(np.searchsorted(known, rows), len(known) - 1)
    return pos, known[pos] == rows


class DistanceColumn(npmix.NDArrayOperatorsMixin):
    """Distances from the family to every offering, computed only where read.

    Behaves like a float64 array of length N (indexing with ints, slices,
    masks or row arrays; numpy functions and operators): rows the rules
    already measured are looked up, others are computed on demand, and
    converting the whole column (``np.asarray``) computes every distance once.
    """

    __array_priority__ = 20.0

    def __init__(self, index: OfferingIndex, q: Query, rows: np.ndarray, values: np.ndarray) -> None:
        self._index = index
        self._q = q
        self._rows = rows
        self._values = values
        self._full: np.ndarray | None = None

    # -- array protocol ------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int]:
        return (len(self._index),)

    @property
    def dtype(self) -> np.dtype[Any]:
        return np.dtype(np.float64)

    @property
    def ndim(self) -> int:
        return 1

    @property
    def size(self) -> int:
        return len(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def full(self) -> np.ndarray:
        """Every distance, as a plain array (computed once)."""
        if self._full is None:
            out = distances(self._index, self._q)
            out[self._rows] = self._values
            self._full = out
        return self._full

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        out = self.full()
        return out if dtype is None else out.astype(dtype)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        args = [np.asarray(x) if isinstance(x, DistanceColumn) else x for x in inputs]
        return getattr(ufunc, method)(*args, **kwargs)

    def __iter__(self) -> Any:
        return iter(self.full())

    def __repr__(self) -> str:
        return f"DistanceColumn({len(self)} offerings, {len(self._rows)} measured)"

    # -- reading -------------------------------------------------------------------------------
    def at(self, rows: np.ndarray) -> np.ndarray:
        """Distances of ``rows`` (int array of row numbers, non-negative)."""
        rows = np.asarray(rows, dtype=np.int64)
        if self._full is not None:
            return self._full[rows]
        out = np.empty(len(rows), dtype=np.float64)
        pos, hit = _known_positions(self._rows, rows)
        out[hit] = self._values[pos[hit]]
        if not hit.all():
            out[~hit] = distances_at(self._index, self._q, rows[~hit])
        return out

    def __getitem__(self, key: Any) -> Any:
        n = len(self)
        if isinstance(key, (int, np.integer)):
            i = int(key)
            if i < 0:
                i += n
            if not 0 <= i < n:
                raise IndexError(f"index {key} is out of bounds for {n} offerings")
            if self._full is not None:
                return self._full[i]
            known = self._rows
            pos = int(known.searchsorted(i))
            if pos < len(known) and known[pos] == i:
                return self._values[pos]
            return distances_at(self._index, self._q, np.array([i]))[0]
        if isinstance(key, slice):
            return self.at(np.arange(*key.indices(n)))
        k = np.asarray(key)
        if k.dtype == bool:
            return self.at(np.flatnonzero(k))
        k = k.astype(np.int64)
        return self.at(np.where(k < 0, k + n, k))


class RuleResult:
    """Per-offering rule outcome.

    ``failed[i]`` is 0 when offering i passes every rule, else the 1-based
    position in :data:`RULES` of the first rule it fails.  Every attribute is
    an array over all N offerings (``distance`` an array-like
    :class:`DistanceColumn` on the match path); ``candidates`` is the sorted
    row numbers of the eligible offerings.  Whole-index arrays are built on
    first use; ``failed`` over the whole index is the costly one.
    """

    def __init__(self, failed: np.ndarray, distance: np.ndarray, in_area: np.ndarray,
                 need_max: np.ndarray, widened: np.ndarray) -> None:
        n = len(failed)
        self._n = n
        self._index: OfferingIndex | None = None
        self._q: Query | None = None
        self._rows = np.arange(n, dtype=np.int64)
        self._failed_rows = np.asarray(failed, dtype=np.int8)
        self._widened_rows = np.asarray(widened, dtype=bool)
        self._full: dict[str, Any] = {"failed": self._failed_rows, "distance": distance,
                                      "in_area": np.asarray(in_area, dtype=bool),
                                      "need_max": np.asarray(need_max, dtype=np.float32),
                                      "widened": self._widened_rows}

    @classmethod
    def _over_rows(cls, index: OfferingIndex, q: Query, rows: np.ndarray, failed: np.ndarray,
                   dist: np.ndarray, widened: np.ndarray) -> RuleResult:
        self = cls.__new__(cls)
        self._n = len(index)
        self._index = index
        self._q = q
        self._rows = rows
        self._failed_rows = failed
        self._widened_rows = widened
        self._full = {"distance": DistanceColumn(index, q, rows, dist)}
        return self

    # -- cheap views -----------------------------------------------------------------------
    @property
    def candidates(self) -> np.ndarray:
        """Sorted row numbers of the eligible offerings."""
        return self._rows[self._failed_rows == 0]

    @property
    def eligible(self) -> np.ndarray:
        if "failed" in self._full:
            return self._full["failed"] == 0
        out = np.zeros(self._n, dtype=bool)
        out[self.candidates] = True
        return out

    @property
    def distance(self) -> Any:
        return self._full["distance"]

    @property
    def widened(self) -> np.ndarray:
        if "widened" not in self._full:
            out = np.zeros(self._n, dtype=bool)
            out[self._rows[self._widened_rows]] = True
            self._full["widened"] = out
        return self._full["widened"]

    def widened_at(self, rows: np.ndarray) -> np.ndarray:
        """Whether rural widening let in each of ``rows`` (no full-length pass when none was)."""
        rows = np.asarray(rows, dtype=np.int64)
        if not np.count_nonzero(self._widened_rows):
            return np.zeros(len(rows), dtype=bool)
        if "widened" in self._full:
            return np.asarray(self._full["widened"][rows], dtype=bool)
        known = self._rows
        pos = np.minimum(np.searchsorted(known, rows), len(known) - 1)
        return (known[pos] == rows) & self._widened_rows[pos]

    @property
    def n_widened(self) -> int:
        return int(np.count_nonzero(self._widened_rows))

    # -- whole-index views (built on first use) --------------------------------------------
    @property
    def in_area(self) -> np.ndarray:
        if "in_area" not in self._full:
            index, q = self._index, self._q
            assert index is not None and q is not None
            out = np.zeros(self._n, dtype=bool)
            if q.area_tokens:
                for j in _columns(index.area_vocab, q.area_tokens):
                    out[column_rows(index.area, j, 0, self._n)[0]] = True
            self._full["in_area"] = out
        return self._full["in_area"]

    @property
    def need_max(self) -> np.ndarray:
        if "need_max" not in self._full:
            index, q = self._index, self._q
            assert index is not None and q is not None
            out = np.zeros(self._n, dtype=np.float32)
            for j in _need_columns(index, q):
                r, v = column_rows(index.need_rel, j, 0, self._n)
                out[r] = np.maximum(out[r], v)
            for tn in q.text_needs:
                np.maximum(out, tn.rel, out=out)
            self._full["need_max"] = out
        return self._full["need_max"]

    @property
    def failed(self) -> np.ndarray:
        if "failed" not in self._full:
            index, q = self._index, self._q
            assert index is not None and q is not None
            out = _evaluate(index, q, np.arange(self._n, dtype=np.int64))[0]
            out[self._rows] = self._failed_rows
            self._full["failed"] = out
        return self._full["failed"]

    def failed_at(self, rows: np.ndarray) -> np.ndarray:
        """The first failing rule of ``rows`` without building the whole-index array."""
        rows = np.asarray(rows, dtype=np.int64)
        if "failed" in self._full or self._index is None or self._q is None:
            return self.failed[rows]
        out = np.empty(len(rows), dtype=np.int8)
        pos, hit = _known_positions(self._rows, rows)
        out[hit] = self._failed_rows[pos[hit]]
        if not hit.all():
            out[~hit] = _evaluate(self._index, self._q, rows[~hit])[0]
        return out

    def __repr__(self) -> str:
        return f"RuleResult({self._n} offerings, {len(self.candidates)} eligible)"


def _universe(index: OfferingIndex, q: Query, radius_km: float, *, with_area: bool) -> np.ndarray:
    """Sorted rows that can pass the distance and need rules (a superset of the eligible)."""
    n = len(index)
    if q.lat is None or q.lon is None:
        ranges = [(0, n)]
    else:
        lo, hi = index.lat_band(q.lat, radius_km)
        ranges = [(lo, hi), (index.n_geo, n)]
    area_rows = np.zeros(0, dtype=np.int64)
    if with_area and q.area_tokens:
        parts_a = [column_rows(index.area, j, 0, n)[0] for j in _columns(index.area_vocab, q.area_tokens)]
        if parts_a:
            area_rows = np.unique(np.concatenate(parts_a)).astype(np.int64)
            area_rows = area_rows[index.has_area[area_rows]]
    if q.need_codes:
        needs = _need_columns(index, q)
        if not needs and not q.text_needs:
            return np.zeros(0, dtype=np.int64)
        indptr, answering = index.need_answers
        spans = ranges if not len(area_rows) else [(0, n)]
        ends = np.array([e for span in spans for e in span], dtype=answering.dtype)
        postings = [answering[indptr[j]:indptr[j + 1]] for j in needs]
        postings += [tn.answering for tn in q.text_needs]
        parts: list[np.ndarray] = []
        for post in postings:
            cut = post.searchsorted(ends).tolist()
            parts.extend(post[cut[2 * i]:cut[2 * i + 1]] for i in range(len(spans)))
        rows = _sorted_union(parts, per_need=len(spans))
        if len(area_rows):  # keep rows in the band, the tail, or the family's area
            keep = np.zeros(len(rows), dtype=bool)
            for lo, hi in ranges:
                keep |= (rows >= lo) & (rows < hi)
            keep |= np.isin(rows, area_rows, assume_unique=True)
            rows = rows[keep]
        return rows
    rows = np.concatenate([np.arange(lo, hi, dtype=np.int64) for lo, hi in ranges])
    if len(area_rows):
        rows = np.union1d(rows, area_rows)
    return rows


def _sorted_union(parts: list[np.ndarray], per_need: int) -> np.ndarray:
    """Sorted distinct rows of postings slices (each sorted; the spans of one need are disjoint, ascending)."""
    if len(parts) <= per_need:  # one need: its slices are in ascending, disjoint spans
        return np.concatenate(parts).astype(np.int64)
    r = np.sort(np.concatenate(parts), kind="stable").astype(np.int64)  # timsort: merges sorted runs
    if len(r) > 1:
        r = r[np.concatenate(([True], r[1:] != r[:-1]))]
    return r


def apply_rules_many(index: OfferingIndex, cols: QueryColumns, *, min_candidates: int = 0
                     ) -> list[tuple[RowBatch, int]]:
    """Evaluate every rule for many families (only where an offering could pass).

    Parameters
    ----------
    cols : QueryColumns
        The families' queries.
    min_candidates : int
        Rural widening: when fewer offerings than this pass, offerings that
        failed only the distance rule are let back in if the family is inside
        their stated service area or, for a family that can travel (no
        ``no_transportation`` barrier), they are within three times the limit.

    Returns
    -------
    list of (RowBatch, int)
        Per family, the batch holding its rows and its number in that batch:
        the first batch for most, a second one for the families widened.
    """
    parts = [_universe(index, q, q.max_km, with_area=False) for q in cols.queries]
    first = evaluate_rows(index, cols, *_concat(parts))
    out = [(first, f) for f in range(cols.n)]
    if min_candidates:
        passed = np.zeros(len(first.rows) + 1, dtype=np.int64)
        np.cumsum(first.failed == 0, out=passed[1:])
        few = np.flatnonzero(np.diff(passed.take(first.bounds)) < min_candidates)
        if len(few):
            wide = cols.take(few.tolist(), index)
            parts = [_universe(index, q, 3 * q.max_km, with_area=True) for q in wide.queries]
            second = evaluate_rows(index, wide, *_concat(parts))
            second.widened = _widen(index, second)
            second.failed[second.widened] = 0
            for k, f in enumerate(few.tolist()):
                out[f] = (second, k)
    return out


def apply_rules(index: OfferingIndex, q: Query, *, min_candidates: int = 0) -> RuleResult:
    """Evaluate every rule for the family (:func:`apply_rules_many` for one family)."""
    batch, f = apply_rules_many(index, QueryColumns(index, [q]), min_candidates=min_candidates)[0]
    return batch.rule_result(index, f)


def _widen(index: OfferingIndex, b: RowBatch) -> np.ndarray:
    only_far = b.failed == _TOO_FAR
    # Re-check: "too_far" was recorded only when no earlier rule failed, but a
    # later rule (no_matching_need) may also fail; keep those out.
    only_far &= (b.need_max >= ANSWERS) | (b.cols.n_needs == 0).take(b.fid)
    # Farther than the limit by distance alone only for a family that can travel: a family
    # without transport is widened only to offerings whose stated area includes its place
    # (a county programme that comes to it), not to a pantry in the next county.
    can_travel = ~b.cols.per_row(b.cols.has("no_transportation"), b.fid)
    near_enough = ((index.has_area.take(b.rows) & b.in_area)
                   | ((np.nan_to_num(b.dist, nan=np.inf) <= 3 * b.cols.max_km.take(b.fid))
                      & can_travel))
    return only_far & near_enough


def outside_population(index: OfferingIndex, rows: np.ndarray, ok: np.ndarray | int) -> np.ndarray:
    """bool per row: limited to a population the row's family is not known to be in.

    Such offerings ("HIV positive individuals", "homebound persons") are not
    excluded, since the family was not asked, but follow every offering open
    to it, as offerings let in by widening do.

    Parameters
    ----------
    index : OfferingIndex
    rows : ndarray of int
    ok : ndarray of uint32 or int
        Per row (or one for all rows): the population bits the family meets
        (:attr:`pfmatch._query.Query.population_ok`).
    """
    limits = index.population.take(rows)
    return (limits & ~np.asarray(ok, dtype=np.uint32)) != 0


def unknown_area(index: OfferingIndex, rows: np.ndarray, has_place: np.ndarray | bool) -> np.ndarray:
    """bool per row: not known to serve the family's place, so ranked after those that are.

    A row whose stated area was not understood (``area_unknown``), for a family
    whose place is known, and a physical site that could not be placed (no
    coordinates, not even from its ZIP or city).  Neither is excluded -- the
    area or distance rule cannot say no -- but both follow every offering known
    to serve the family's place, as offerings let in by widening do.

    Parameters
    ----------
    index : OfferingIndex
    rows : ndarray of int
    has_place : ndarray of bool or bool
        Per row (or one for all rows): whether the row's family has area tokens.
    """
    return (index.area_unknown.take(rows) & np.asarray(has_place, dtype=bool)) | index.unplaced.take(rows)
