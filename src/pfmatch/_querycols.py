"""Many queries as columns: the per-family numbers the rules and scores read.

The rules and scores of a batch of families run over one concatenation of
every family's candidate rows; a row reads its family's values through the
family number of the row (``cols.lat[fid]``).  One family is a batch of one,
so :func:`pfmatch.match` and :func:`pfmatch.match_many` share every line of
the scoring path and give the same answers to the last bit.

Values are stored in the dtype the single-family comparison used (an age or
an income limit is compared in float32, as numpy compares a Python float with
a float32 column), so a batch compares exactly what one family would.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pfmatch._index import OfferingIndex
from pfmatch._query import Query

__all__ = ["BARRIERS_READ", "QueryColumns"]

#: Barriers that change a rule or a score (the others only change wording).
BARRIERS_READ = ("no_phone", "no_internet", "no_transportation")


class QueryColumns:
    """The values of ``queries`` that the rules and scores read, one row per family.

    Attributes
    ----------
    queries : tuple of Query
    lat, lon : ndarray of float64
        Degrees; NaN when the family gave no location.
    phi1, lam1, sin_p1, cos_p1 : ndarray of float64
        The location in radians and the sine and cosine of its latitude.
    max_km : ndarray of float64
    ages : ndarray of float32
        (F, most ages in the batch), NaN padded; ``has_ages`` is False for a
        family with no known age (no age rule then).
    income : ndarray of float32
        Percent of the poverty level, NaN when unknown (no income rule then).
    need_cols : ndarray of int64
        (F, most needs in the batch): the need's column in the index, -1 for
        padding or a need the index does not know (relevance 0).
    urgency : ndarray of float64
        (F, most needs), the urgency weight of each need, 0 for padding.
    n_needs : ndarray of int64
    gaps : ndarray of float64
        (F, 5) factor gaps; ``gap_sum`` their sum.
    pref_bits, other_bits : ndarray of uint64
        The index's language bits of the preferred language and of the
        family's other languages; ``pref_ase``/``other_ase`` flag ASL, which
        the ``asl`` attribute also answers.
    lang_slow : list of (int, str, bool)
        (family, language, preferred) for languages that have a column in
        the index but no bit (read from the sparse column instead).
    barrier : dict of str to ndarray of bool
        For every barrier any family of the batch has, whether each family has it.
    """

    def __init__(self, index: OfferingIndex, queries: Sequence[Query]) -> None:
        qs = tuple(queries)
        self.queries = qs
        f = len(qs)
        self.n = f
        located = [q.lat is not None and q.lon is not None for q in qs]
        self.has_loc = np.array(located, dtype=bool)
        nan = float("nan")
        self.lat = np.array([q.lat if h else nan for q, h in zip(qs, located, strict=True)], dtype=np.float64)
        self.lon = np.array([q.lon if h else nan for q, h in zip(qs, located, strict=True)], dtype=np.float64)
        self.phi1 = np.radians(self.lat)
        self.lam1 = np.radians(self.lon)
        self.sin_p1 = np.sin(self.phi1)
        self.cos_p1 = np.cos(self.phi1)
        self.max_km = np.array([q.max_km for q in qs], dtype=np.float64)

        ages = [q.ages_years for q in qs]
        n_ages = max(map(len, ages), default=0)
        self.has_ages = np.array([bool(a) for a in ages], dtype=bool)
        self.ages = np.array([list(a) + [nan] * (n_ages - len(a)) for a in ages],
                             dtype=np.float32).reshape(f, n_ages)
        self.income = np.array([nan if q.income_pct_fpl is None else q.income_pct_fpl for q in qs],
                               dtype=np.float32)

        self.pop_out = np.array([q.population_out for q in qs], dtype=np.uint32)
        self.sex_out = np.array([q.sex_out for q in qs], dtype=np.uint32)
        self.has_children = np.array([q.has_children for q in qs], dtype=bool)
        col = index.need_col
        codes = [q.need_codes for q in qs]
        width = max(map(len, codes), default=0)
        self.n_needs = np.array([len(c) for c in codes], dtype=np.int64)
        # needs found in the directory's text (pfmatch._textsearch) are columns after the index's own
        self.text_rel: list[np.ndarray] = []
        rows_of_cols = []
        for q, cs in zip(qs, codes, strict=True):
            extra: dict[str, int] = {}
            for tn in q.text_needs:
                extra[tn.code] = len(col) + len(self.text_rel)
                self.text_rel.append(tn.rel)
            rows_of_cols.append([extra.get(c, col.get(c, -1)) for c in cs] + [-1] * (width - len(cs)))
        self.need_cols = np.array(rows_of_cols, dtype=np.int64).reshape(f, width)
        self.urgency = np.zeros((f, width), dtype=np.float64)
        for i, q in enumerate(qs):
            self.urgency[i, : len(q.need_codes)] = q.need_urgency
        # needs that cannot wait: urgent ones, and those due soon when a screening set a
        # deadline (an early-intervention referral within 7 days); a phone-only service
        # answering one stays for a family without a phone
        deadline = np.array([any(fl.deadline_days is not None for fl in q.assessment.flags)
                             for q in qs], dtype=bool)
        self.cannot_wait = (self.urgency >= 1.0) | ((self.urgency >= 0.6) & deadline[:, None])
        self.gaps = (np.array([q.gaps for q in qs], dtype=np.float64) if f
                     else np.zeros((0, len(index.factor_names))))
        self.gap_sum = self.gaps.sum(axis=1)

        _, bits = index.lang_bits
        pref_bits, other_bits = [0] * f, [0] * f
        pref_ase, other_ase = [False] * f, [False] * f
        self.lang_slow: list[tuple[int, str, bool]] = []
        for i, q in enumerate(qs):
            for pos, code in enumerate(q.languages):
                preferred = pos == 0
                if code == "ase":
                    (pref_ase if preferred else other_ase)[i] = True
                if code in bits:
                    (pref_bits if preferred else other_bits)[i] |= 1 << bits[code]
                elif code in index.lang_vocab:
                    self.lang_slow.append((i, code, preferred))
        self.pref_bits = np.array(pref_bits, dtype=np.uint64)
        self.other_bits = np.array(other_bits, dtype=np.uint64)
        self.pref_ase = np.array(pref_ase, dtype=bool)
        self.other_ase = np.array(other_ase, dtype=bool)

        names = sorted({b for q in qs for b in q.barriers})
        self.barrier = {b: np.array([b in q.barriers for q in qs], dtype=bool) for b in names}

    def per_row(self, values: np.ndarray, fid: np.ndarray) -> np.ndarray:
        """``values[fid]``: each row's family's value.

        For a batch of one family, the value itself (a numpy scalar, or a row
        of a 2-D column), which numpy broadcasts over the rows with the same
        result bit for bit, without building a row-long copy.
        """
        return values[0] if self.n == 1 else values.take(fid, axis=0)

    def has(self, barrier: str) -> np.ndarray:
        """Whether each family has ``barrier`` (all False when none of the batch does)."""
        v = self.barrier.get(barrier)
        return v if v is not None else np.zeros(self.n, dtype=bool)

    def any(self, barrier: str) -> bool:
        """Whether any family of the batch has ``barrier``."""
        return barrier in self.barrier

    def take(self, families: Sequence[int], index: OfferingIndex) -> QueryColumns:
        """The columns of a subset of the families (in the order given)."""
        return QueryColumns(index, [self.queries[i] for i in families])
