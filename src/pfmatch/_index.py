"""The columnar offering index: what ``match()`` reads.

:func:`build_index` packs a list of :class:`~pfmatch._offering.Offering`
records into numpy arrays and sparse matrices, once, at load time.  The match
path reads columns and never iterates over offerings in Python; full records
are kept only to explain the k results shown.

Rows are stored sorted by latitude (offerings with a map location first,
ascending; remote offerings and offerings with unknown coordinates last), so
the offerings within a distance of a family are one contiguous slice found
with :func:`numpy.searchsorted` (``lat_band``).  Row order never affects a
score: ties are broken by ``order_key``.  ``load_rank`` keeps the order the
offerings were given in.

Sparse matrices are CSC with sorted row indices: a column is a sorted
postings list, so "which rows of this slice have need j" and "the value of
column j for these rows" are binary searches (:func:`column_rows`,
:func:`column_values`, :func:`column_member`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from pfmatch._geo import EARTH_RADIUS_KM
from pfmatch._needmap import NeedMap
from pfmatch._offering import ATTRIBUTES, UNKNOWN, YES, Offering
from pfmatch._textsearch import TextSearch, offering_text
from pfmatch.normalize.populations import offering_populations, population_bits

__all__ = ["ATTR", "OfferingIndex", "build_index", "column_member", "column_rows", "column_values",
           "is_988", "pinnable_lines"]

#: Column number of each three-valued attribute in ``OfferingIndex.attrs``.
ATTR: dict[str, int] = {name: i for i, name in enumerate(ATTRIBUTES)}

#: Relevance at or above which an offering counts as answering a need
#: (taxonomy matches score 1.0 or 0.9; text alone at most 0.8).
ANSWERS = 0.3
#: Share of its crisis-line relevance a line keeps when the pin rules refuse it as a
#: crisis line (see :func:`pinnable_lines`): it ranks after the lines that are.
NOT_A_CRISIS_LINE_SHARE = 0.4
#: Relevance at or above which an offering is a crisis / violence resource for pinning.
PIN_RELEVANCE = 0.75
_DV_WORDS = ("domestic", "violence", "abuse", "dv ", "safe house", "survivor")
#: AIRS/211HSIS leaf codes of crisis and suicide hotlines (a code, or a code below it).
#: "RP-1500" alone is all of crisis intervention (anger management, DV, sexual assault...)
#: and does not make a line a suicide crisis line.
CRISIS_LINE_CODES = ("RP-1500.1400-800",)
#: Exact codes of general crisis hotlines (their children -200 DV, -750 sexual assault,
#: -150 child abuse... are other lines).
CRISIS_LINE_EXACT = ("RP-1500.1400",)
#: Codes of domestic-violence hotlines.
DV_LINE_CODES = ("RP-1500.1400-200",)
#: A record's name and description saying it is a crisis or suicide line.
_CRISIS_TEXT = re.compile(r"\bcrisis (?:hot|help|text )?line|\bsuicid|\b988\b|\bcrisis lifeline")
_CRISIS_INTERVENTION = re.compile(r"\bcrisis intervention\b")
_LINE_TEXT = re.compile(r"\bhotline|\bhelpline|\blifeline|\bline\b")
#: A service name that states it is a crisis line (overrides the off-topic words below).
_CRISIS_NAME = re.compile(r"\bcrisis (?:hot|help|text )?line|\bsuicid|\b988\b|lifeline|"
                          r"\bcrisis (?:response|intervention|center hotline)\b|warmline")
#: Words in a service name that say a line is about something else than a suicide
#: crisis: enrollment, information and benefits lines, anger management, violence
#: and abuse lines (the latter are domestic-violence pins, not self-harm ones).
_OFF_TOPIC_NAME = re.compile(r"\benrol|\binformation(?:al)? (?:hot)?line|\binformational\b|\binfo line|"
                             r"\banger\b|\bangry\b|\bbenefit|\binsurance|\bmedicaid|\bmedicare|"
                             r"\bhealthchoice|\bcontracepti|\bviolence|\babuse|\bbattered")
#: Words in a description that say a line is about something else than a crisis
#: (they count only when the name does not state a crisis line).
_OFF_TOPIC_TEXT = re.compile(r"\benrol|\binformational\b|\binfo line|\banger\b|\bangry\b|"
                             r"\bviolent feelings|\bmedical assistance|\bhealth insurance|"
                             r"\bmanaged care|\binsurance (?:plan|benefits)")
#: A service name that says it is a domestic-violence line.
_DV_NAME = re.compile(r"\bdomestic (?:violence|abuse)|\babused (?:women|spouses|partners)|\bbattered|"
                      r"\bintimate partner|\bfamily violence|\bspouse abuse|\bdv\b")
#: Eligibility that limits a line to part of the population (a faith or ethnic
#: community, one sex or age group, a diagnosis, members...).  Such lines are
#: pinned after lines open to everyone.
RESTRICTED_ELIGIBILITY = re.compile(
    r"\bonly\b|\bexclusively\b|\bjewish|\bcatholic|\bchristian|\bmuslim|\bislamic|\blatin[oax]s?\b|"
    r"\blatinas\b|\bhispanic|\basian\b|\bkorean|\bchinese|\bafrican[- ]american|\bnative american|"
    r"\bhiv\b|\baids\b|\bveteran|\bmilitary\b|\bmen\b|\bmales?\b|\bsenior|\belderly|\bolder adults|"
    r"\byouth\b|\badolescent|\bteens?\b|\blgbt|\bgay\b|\blesbian|\btransgender|\brefugee|"
    r"\bimmigrant|\bstudents?\b|\bdeaf\b", re.IGNORECASE)
#: km per degree of latitude on the sphere used for distances.
KM_PER_DEGREE = EARTH_RADIUS_KM * np.pi / 180.0


@dataclass(frozen=True, eq=False)
class OfferingIndex:
    """Columns over N offerings (row i is ``offerings[i]``), sorted by latitude.

    Three-valued attributes are int8 with 1 = yes, 0 = no, -1 = unknown.
    Missing numbers are NaN.  Rows ``[0, n_geo)`` have a latitude, ascending;
    rows ``[n_geo, N)`` are remote or have unknown coordinates.
    """

    offerings: Sequence[Offering]   # a tuple, or a lazy decoder of a persisted index
    service_id: np.ndarray          # object (str)
    location_id: np.ndarray         # object (str or None)
    order_key: np.ndarray           # int64: rank of (service_id, location_id); the tie-break
    load_rank: np.ndarray           # int64: position of the row in the order offerings were given
    n_geo: int                      # rows with a latitude (sorted ascending); the rest follow
    lat: np.ndarray                 # float64 degrees, NaN when unknown or remote
    lon: np.ndarray
    lat_rad: np.ndarray             # float64 radians (precomputed for haversine)
    lon_rad: np.ndarray
    cos_lat: np.ndarray
    remote: np.ndarray              # bool
    active: np.ndarray              # bool
    confidential: np.ndarray        # bool
    min_age: np.ndarray             # float32 years, NaN = no lower bound stated
    max_age: np.ndarray             # float32 years, NaN = no upper bound stated
    income_fpl: np.ndarray          # float32 percent of FPL, NaN = no limit stated
    has_area: np.ndarray            # bool: the offering states a service area
    area: sp.csc_matrix             # (N, n_area_tokens) bool
    area_vocab: dict[str, int]
    lang: sp.csc_matrix             # (N, n_languages) bool
    lang_vocab: dict[str, int]
    lang_known: np.ndarray          # bool
    attrs: np.ndarray               # (N, len(ATTRIBUTES)) int8
    need_rel: sp.csc_matrix         # (N, n_needs) float32 in [0, 1]
    need_codes: tuple[str, ...]
    factor_cov: np.ndarray          # (N, 5) float32 in [0, 1]
    factor_names: tuple[str, ...]
    crisis_line: np.ndarray         # bool: pinnable for a self-harm flag
    dv_hotline: np.ndarray          # bool: pinnable for an interpersonal-violence flag
    population: np.ndarray          # uint32 bits over normalize.populations.POPULATIONS: limits
    area_unknown: np.ndarray        # bool: states an area that was not understood
    checksum: str                   # sha256 over the offerings' identity and attributes

    def __len__(self) -> int:
        return len(self.lat)

    def offering(self, i: int) -> Offering:
        """The full record of offering ``i`` (for explanations; never on the scoring path)."""
        return self.offerings[i]

    @functools.cached_property
    def service_code(self) -> np.ndarray:
        """int64 per row: the rank of its ``service_id`` among the distinct ids (computed once).

        Equal codes mean equal service ids, so grouping rows by service reads
        integers instead of Python strings.
        """
        by_key = np.argsort(self.order_key, kind="stable")  # rows sorted by (service_id, location_id)
        sid = self.service_id[by_key]
        new = np.ones(len(sid), dtype=bool)
        if len(sid) > 1:
            new[1:] = sid[1:] != sid[:-1]
        code = np.empty(len(sid), dtype=np.int64)
        code[by_key] = np.cumsum(new) - 1
        return code

    # -- dense views for gathering many rows at once (derived once, on first use) ------------
    # Reading a column of a CSC matrix at m sorted rows is m binary searches in
    # its postings; at 10k rows and 1M offerings that is ~0.5 ms per column and
    # the postings fall out of cache.  These views answer the same question with
    # one contiguous gather.  They are derived from the columns above, so a
    # saved index does not store them.

    @functools.cached_property
    def unplaced(self) -> np.ndarray:
        """bool per row: a physical site with no coordinates (not even from its ZIP or city)."""
        return ~self.remote & np.isnan(self.lat)

    @functools.cached_property
    def pin_restricted(self) -> np.ndarray:
        """bool per row: a pinnable line whose eligibility limits it to part of the population.

        Read once per index from the eligibility text of the few rows in
        ``crisis_line | dv_hotline`` (see :data:`RESTRICTED_ELIGIBILITY`);
        such lines are pinned after lines open to everyone.
        """
        out = np.zeros(len(self), dtype=bool)
        for i in np.flatnonzero(self.crisis_line | self.dv_hotline).tolist():
            out[i] = bool(RESTRICTED_ELIGIBILITY.search(self.offering(i).eligibility or ""))
        return out

    @functools.cached_property
    def pin_national(self) -> np.ndarray:
        """bool per row: a pinnable line that is the national 988 line (by name or number).

        Read once per index, over the rows in ``crisis_line | dv_hotline``.
        """
        out = np.zeros(len(self), dtype=bool)
        for i in np.flatnonzero(self.crisis_line | self.dv_hotline).tolist():
            out[i] = is_988(self.offering(i))
        return out

    @functools.cached_property
    def text_search(self) -> TextSearch:
        """The directory's own text, indexed for stated needs no need code resolves.

        Built on first use (a directory that never sees such a need never
        pays for it) from every offering's names, taxonomy names and
        description; see :mod:`pfmatch._textsearch`.
        """
        return TextSearch.build([offering_text(o) for o in self.offerings])

    @functools.cached_property
    def need_dense(self) -> np.ndarray:
        """(n_needs, N) float32: ``need_dense[j, i]`` is ``need_rel[i, j]`` (0 when not stored)."""
        m = self.need_rel
        out = np.zeros((m.shape[1], m.shape[0]), dtype=m.data.dtype)
        for j in range(m.shape[1]):
            a, b = int(m.indptr[j]), int(m.indptr[j + 1])
            out[j, m.indices[a:b]] = m.data[a:b]
        return out

    @functools.cached_property
    def need_answers(self) -> tuple[list[int], np.ndarray]:
        """The rows that answer each need (relevance >= ANSWERS), as CSC ``(indptr, indices)``.

        The postings the match path starts from, without reading and
        filtering the relevance values for every family.
        """
        m = self.need_rel
        keep = m.data >= ANSWERS
        kept_before = np.zeros(len(keep) + 1, dtype=np.int64)
        np.cumsum(keep, out=kept_before[1:])
        return kept_before.take(m.indptr).tolist(), m.indices[keep]

    @functools.cached_property
    def sin_lat(self) -> np.ndarray:
        """Sine of each row's latitude (the index stores the cosine): one pass less per distance."""
        return np.sin(self.lat_rad)

    @functools.cached_property
    def area_bits(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Service-area tokens as bits, like :attr:`lang_bits`.

        Returns ``(words, bit_of_token, more)``: a uint64 per row with a bit
        for each of its tokens among the 64 most used; per token, its bit or
        -1; per row, whether it also has a token without a bit (read from
        :attr:`area_rows` instead).
        """
        m = self.area
        counts = np.diff(m.indptr)
        top = sorted(range(m.shape[1]), key=lambda j: (-int(counts[j]), j))[:64]
        bit_of = np.full(m.shape[1], -1, dtype=np.int64)
        words = np.zeros(m.shape[0], dtype=np.uint64)
        more = np.zeros(m.shape[0], dtype=bool)
        for j in range(m.shape[1]):
            a, b = int(m.indptr[j]), int(m.indptr[j + 1])
            if j in top:
                bit_of[j] = top.index(j)
                words[m.indices[a:b]] |= np.uint64(1 << int(bit_of[j]))
            else:
                more[m.indices[a:b]] = True
        return words, bit_of, more

    @functools.cached_property
    def area_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The service-area tokens of each row: CSR ``(indptr, indices)`` of ``area``.

        Whether rows serve their families' areas is then one pass over the
        few tokens of each row (see ``_rules._in_area``).
        """
        m = sp.csr_matrix(self.area)
        m.sort_indices()
        return m.indptr.astype(np.int64), m.indices.astype(np.int32)

    @functools.cached_property
    def lang_bits(self) -> tuple[np.ndarray, dict[str, int]]:
        """Languages as bits: a uint64 per row and the bit of each language that has one.

        The 64 most widely offered languages get a bit (every language, in
        practice); a rarer one is read from ``lang`` (see ``language_offered``).
        """
        m = self.lang
        counts = np.diff(m.indptr)
        by_count = sorted(self.lang_vocab.items(), key=lambda kv: (-int(counts[kv[1]]), kv[1]))
        bits: dict[str, int] = {}
        words = np.zeros(m.shape[0], dtype=np.uint64)
        for bit, (code, j) in enumerate(by_count[:64]):
            a, b = int(m.indptr[j]), int(m.indptr[j + 1])
            words[m.indices[a:b]] |= np.uint64(1 << bit)
            bits[code] = bit
        return words, bits

    @functools.cached_property
    def max_age_open(self) -> np.ndarray:
        """float32 exclusive upper age bound: an integral ``max_age`` means "through that year".

        Ages 0-3 covers 3 years 11 months, so 3.0 becomes 4.0; a fractional
        bound is exclusive just above itself; NaN (no bound) stays NaN.
        """
        hi = self.max_age
        return np.where(np.floor(hi) == hi, hi + 1.0, np.nextafter(hi, np.inf)).astype(hi.dtype)

    def attr(self, name: str) -> np.ndarray:
        """The int8 column of a three-valued attribute."""
        return self.attrs[:, ATTR[name]]

    @functools.cached_property
    def need_col(self) -> dict[str, int]:
        """The column of each need code in ``need_rel`` (and the row in ``need_dense``)."""
        return {c: j for j, c in enumerate(self.need_codes)}

    def need_column(self, code: str) -> np.ndarray:
        """Dense float32 relevance of every offering to one need."""
        j = self.need_codes.index(code)
        return np.asarray(self.need_rel[:, j].toarray()).ravel()

    def lat_band(self, lat: float, radius_km: float) -> tuple[int, int]:
        """Rows ``[lo, hi)`` whose latitude is within ``radius_km`` of ``lat`` (a superset).

        Any point within great-circle distance r of the family differs in
        latitude by at most r / R radians, so no row outside the slice can be
        within ``radius_km``.
        """
        if not np.isfinite(radius_km):
            return 0, self.n_geo
        dlat = radius_km / KM_PER_DEGREE * (1.0 + 1e-9) + 1e-9
        geo = self.lat[: self.n_geo]
        bounds = np.array([lat - dlat, lat + dlat], dtype=geo.dtype)
        lo = int(np.searchsorted(geo, bounds[0], side="left"))
        hi = int(np.searchsorted(geo, bounds[1], side="right"))
        return lo, hi

    def load_order(self) -> np.ndarray:
        """Row numbers in the order the offerings were given."""
        return np.argsort(self.load_rank, kind="stable")


class NeedMatrix(sp.csc_matrix):
    """The need-relevance CSC matrix, with a fast path for one row and a few columns.

    ``m[i, cols]`` (an int and a list of column numbers, as the explanation
    of one shown offering reads it) is answered with binary searches in the
    columns' postings instead of scipy's general fancy indexing (about 0.5 ms
    per call); the result is a (1, len(cols)) dense array that also has
    ``toarray()``.  Every other operation is the plain CSC one.
    """

    def __getitem__(self, key: Any) -> Any:
        if (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], (int, np.integer))
                and isinstance(key[1], (list, tuple))
                and all(isinstance(c, (int, np.integer)) for c in key[1])):
            i = int(key[0])
            if i < 0:
                i += self.shape[0]
            row = np.array([i], dtype=np.int64)
            vals = [column_values(self, int(j), row)[0] for j in key[1]]
            return _RowValues(np.array([vals], dtype=self.dtype).reshape(1, len(vals)))
        return super().__getitem__(key)


class _RowValues(np.ndarray):
    """A small dense result that also answers ``toarray()`` / ``todense()`` like a sparse one."""

    def __new__(cls, values: np.ndarray) -> _RowValues:  # noqa: PYI034
        return np.asarray(values).view(cls)

    def toarray(self) -> np.ndarray:
        return np.asarray(self)

    def todense(self) -> np.ndarray:
        return np.asarray(self)


# -- sparse column helpers (CSC with sorted indices) ------------------------------------------

def column_rows(m: sp.csc_matrix, j: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers in ``[lo, hi)`` with a stored value in column ``j``, and the values."""
    a, b = int(m.indptr[j]), int(m.indptr[j + 1])
    idx = m.indices[a:b]
    bounds = np.array([lo, hi], dtype=idx.dtype)
    s, e = np.searchsorted(idx, bounds)
    return idx[s:e], m.data[a + s:a + e]


def _positions(m: sp.csc_matrix, j: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    a, b = int(m.indptr[j]), int(m.indptr[j + 1])
    idx = m.indices[a:b]
    r = np.asarray(rows).astype(idx.dtype, copy=False)
    if b == a:
        return np.zeros(len(r), dtype=np.int64), np.zeros(len(r), dtype=bool), a
    pos = np.searchsorted(idx, r)
    pos_c = np.minimum(pos, b - a - 1)
    hit = idx[pos_c] == r
    return pos_c, hit, a


def column_member(m: sp.csc_matrix, j: int, rows: np.ndarray) -> np.ndarray:
    """Whether each of ``rows`` has a stored value in column ``j`` (bool array)."""
    _, hit, _ = _positions(m, j, rows)
    return hit


def column_values(m: sp.csc_matrix, j: int, rows: np.ndarray) -> np.ndarray:
    """Column ``j`` of a CSC matrix at ``rows`` (0 where nothing is stored), in its dtype."""
    pos, hit, a = _positions(m, j, rows)
    out = np.zeros(len(hit), dtype=m.data.dtype)
    if len(out):
        out[hit] = m.data[a + pos[hit]]
    return out


# -- building --------------------------------------------------------------------------------

def _vocab_matrix(rows: Sequence[Sequence[str]], n: int) -> tuple[sp.csc_matrix, dict[str, int]]:
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for toks in rows:
        for t in dict.fromkeys(toks):  # de-duplicate, keep order
            indices.append(vocab.setdefault(t, len(vocab)))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=bool)
    m = sp.csr_matrix((data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
                      shape=(n, max(len(vocab), 1)))
    return _csc(m), vocab


def _csc(m: sp.spmatrix) -> sp.csc_matrix:
    out = sp.csc_matrix(m)
    out.sort_indices()
    if out.indices.dtype != np.int32 and out.shape[0] < 2**31 - 1:
        out.indices = out.indices.astype(np.int32)
    return out


def _float_col(values: list[float | None], dtype: type = np.float32) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=dtype)


def is_988(o: Offering) -> bool:
    """The national 988 Suicide & Crisis Lifeline (by name or number)."""
    digits = ("".join(ch for ch in str(p.get("number", "")) if ch.isdigit()) for p in o.phones)
    return "988" in o.service_name or any(n == "988" for n in digits)


def pinnable_lines(offs: Sequence[Offering], hotline: np.ndarray, crisis_rel: np.ndarray,
                   dv_rel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which offerings a safety flag may pin: (crisis lines, domestic-violence hotlines).

    Decided once, when the index is built, from each record's own words and
    codes; ``match()`` only reads the two boolean columns.

    A **crisis line** (pinned for a self-harm flag) is a line (``hotline``)
    whose record says it is a crisis or suicide line: a crisis or suicide
    hotline leaf code (``RP-1500.1400``, ``RP-1500.1400-800...``), or its name
    or description says "crisis line", "crisis hotline", "suicide", "988", or
    "crisis intervention" together with a hotline.  A record that carries such
    evidence but whose name or description is about something else
    (enrollment, information or benefits lines, anger management, violence or
    abuse) is not one, unless its name itself states a crisis line: exports
    tag many lines with the general crisis-hotline code.

    A **domestic-violence hotline** (pinned for an interpersonal-violence
    flag) is a line with taxonomy-strength domestic-violence relevance
    (>= 0.9), or text relevance backed by a telling word in its name, or a
    domestic-violence hotline code (``RP-1500.1400-200...``), or a name that
    says domestic violence; never one whose name or description is about
    anger management or enrollment (unless its name says domestic violence).

    Parameters
    ----------
    offs : sequence of Offering
        The offerings, in index row order.
    hotline : ndarray of bool
        Per offering, whether it is a line one calls or texts.
    crisis_rel, dv_rel : ndarray of float
        Per offering, its relevance to the ``crisis_line`` and
        ``domestic_violence`` needs.

    Returns
    -------
    crisis_line, dv_hotline : ndarray of bool
    """
    n = len(offs)
    crisis_ev = np.zeros(n, dtype=bool)    # codes or words say crisis / suicide line
    crisis_name = np.zeros(n, dtype=bool)  # the name itself states a crisis line
    off_topic = np.zeros(n, dtype=bool)    # name or description about something else
    dv_ev = np.zeros(n, dtype=bool)        # DV hotline code, or the name says DV
    dv_off = np.zeros(n, dtype=bool)       # anger management, enrollment... and not named DV
    dv_named = np.zeros(n, dtype=bool)     # a DV word in the service or organization name
    for i in np.flatnonzero(hotline).tolist():  # at index build time, over lines only
        o = offs[i]
        name = o.service_name.lower()
        text = name + " " + o.description.lower()
        codes = [str(c).strip() for c in o.taxonomy_codes]
        crisis_ev[i] = (any(c in CRISIS_LINE_EXACT or c.startswith(CRISIS_LINE_CODES) for c in codes)
                        or bool(_CRISIS_TEXT.search(text))
                        or bool(_CRISIS_INTERVENTION.search(text) and _LINE_TEXT.search(text)))
        crisis_name[i] = bool(_CRISIS_NAME.search(name))
        about_else = bool(_OFF_TOPIC_TEXT.search(text))
        off_topic[i] = about_else or bool(_OFF_TOPIC_NAME.search(name))
        named_dv = bool(_DV_NAME.search(name))
        dv_ev[i] = named_dv or any(c.startswith(DV_LINE_CODES) for c in codes)
        dv_off[i] = about_else and not named_dv
        dv_named[i] = any(w in name + " " + o.organization_name.lower() for w in _DV_WORDS)
    # text relevance backed by a name that states a crisis line (a "warmline", a "lifeline")
    crisis_ev |= (crisis_rel >= PIN_RELEVANCE) & crisis_name
    crisis_line = hotline & crisis_ev & (crisis_name | ~off_topic)
    dv_ev |= (dv_rel >= 0.9) | ((dv_rel >= PIN_RELEVANCE) & dv_named)
    dv_hotline = hotline & dv_ev & ~dv_off
    return crisis_line, dv_hotline


def population_column(offerings: Sequence[Offering]) -> np.ndarray:
    """uint32 per row: the population limits its eligibility text states (bit masks).

    See :mod:`pfmatch.normalize.populations`; 0 = no limit stated.
    """
    return np.fromiter((population_bits(offering_populations(o.service_name, o.eligibility,
                                                             o.description))
                        for o in offerings), dtype=np.uint32, count=len(offerings))


def area_unknown_column(offerings: Sequence[Offering]) -> np.ndarray:
    """bool per row: the record states an area that was not understood (see ``Offering.area_unknown``)."""
    return np.fromiter((o.area_unknown is not None for o in offerings), dtype=bool,
                       count=len(offerings))


def build_index(offerings: Sequence[Offering], needmap: NeedMap | None = None) -> OfferingIndex:
    """Pack offerings into an :class:`OfferingIndex`.

    Parameters
    ----------
    offerings : sequence of Offering
        Normalized offerings, in any order.  Row order does not affect any
        score: ties are broken by ``order_key`` (service id, location id).
    needmap : NeedMap, optional
        The need vocabulary; defaults to the bundled one.
    """
    nm = needmap or NeedMap.default()
    given = tuple(offerings)
    n = len(given)

    # Sort rows by latitude (NaN = remote or unknown last), stable in the given order.
    lat0 = _float_col([None if o.remote else o.latitude for o in given], np.float64)
    perm = np.argsort(lat0, kind="stable")
    offs = [given[i] for i in perm.tolist()]
    load_rank = perm.astype(np.int64)

    sid = np.array([o.service_id for o in offs], dtype=object)
    lid = np.array([o.location_id for o in offs], dtype=object)
    keys = [(o.service_id, o.location_id or "") for o in offs]
    order = sorted(range(n), key=keys.__getitem__)
    order_key = np.empty(n, dtype=np.int64)
    order_key[order] = np.arange(n, dtype=np.int64)

    lat = lat0[perm]
    lon = _float_col([None if o.remote else o.longitude for o in offs], np.float64)
    lat_rad = np.radians(lat)
    lon_rad = np.radians(lon)
    n_geo = int(np.count_nonzero(~np.isnan(lat)))

    remote = np.array([o.remote for o in offs], dtype=bool)
    active = np.array([o.status == "active" for o in offs], dtype=bool)
    confidential = np.array([o.confidential for o in offs], dtype=bool)

    area, area_vocab = _vocab_matrix([o.service_area for o in offs], n)
    has_area = np.array([bool(o.service_area) for o in offs], dtype=bool)
    lang, lang_vocab = _vocab_matrix([o.languages for o in offs], n)
    lang_known = np.array([o.languages_known for o in offs], dtype=bool)

    attrs = np.full((n, len(ATTRIBUTES)), UNKNOWN, dtype=np.int8)
    for i, o in enumerate(offs):
        for name, v in o.attributes.items():
            j = ATTR.get(name)
            if j is not None:
                attrs[i, j] = v

    rel_csr = nm.relevance([o.text for o in offs], [o.taxonomy_codes for o in offs],
                           [o.taxonomy_names for o in offs])
    need_rel = NeedMatrix(_csc(sp.csr_matrix(rel_csr, dtype=np.float32)))
    factor_cov = np.asarray(nm.factor_coverage(need_rel), dtype=np.float32)

    def rel(code: str) -> np.ndarray:
        return np.asarray(need_rel[:, nm.codes.index(code)].toarray()).ravel()

    names = [(o.service_name + " " + o.organization_name).lower() for o in offs]
    line_word = np.array([("hotline" in s or "helpline" in s or "lifeline" in s or " line" in s
                           or "988" in s) for s in names], dtype=bool)
    reachable = (attrs[:, ATTR["phone_intake"]] == YES) | (attrs[:, ATTR["text_intake"]] == YES)
    hotline = line_word | ((remote | (attrs[:, ATTR["open_24_7"]] == YES)) & reachable)
    crisis_line, dv_hotline = pinnable_lines(offs, hotline, rel("crisis_line"), rel("domestic_violence"))
    # a violence hotline answers when called: named a line, or open around the clock, never
    # "call to set an appointment" (a DV legal clinic reached by phone is not a hotline)
    by_appointment = attrs[:, ATTR["appointment_required"]] == YES
    dv_hotline &= (line_word | (attrs[:, ATTR["open_24_7"]] == YES)) & ~by_appointment
    crisis_line &= ~by_appointment
    # a line the pin rules refuse as a crisis line (an enrolment, information or
    # anger-management line filed under a crisis category, a line reached by appointment)
    # does not answer a stated crisis-line need at full strength either
    demote = np.flatnonzero(hotline & ~crisis_line & (rel("crisis_line") >= ANSWERS))
    if len(demote):
        j = nm.codes.index("crisis_line")
        cut = (1.0 - NOT_A_CRISIS_LINE_SHARE) * rel("crisis_line")[demote]
        rel_csr = sp.csr_matrix(rel_csr - sp.csr_matrix(
            (cut, (demote, np.full(len(demote), j))), shape=rel_csr.shape), dtype=np.float32)
        rel_csr.eliminate_zeros()
        rel_csr.sort_indices()
        need_rel = NeedMatrix(_csc(rel_csr))
        factor_cov = np.asarray(nm.factor_coverage(need_rel), dtype=np.float32)

    h = hashlib.sha256()
    for i in order:
        o = offs[i]
        h.update(repr((o.service_id, o.location_id, o.status, o.latitude, o.longitude,
                       o.languages, o.service_area, sorted(o.attributes.items()),
                       o.taxonomy_codes, o.min_age_years, o.max_age_years,
                       o.income_limit_fpl, o.text)).encode())

    return OfferingIndex(
        offerings=tuple(offs), service_id=sid, location_id=lid, order_key=order_key,
        load_rank=load_rank, n_geo=n_geo,
        lat=lat, lon=lon, lat_rad=lat_rad, lon_rad=lon_rad, cos_lat=np.cos(lat_rad),
        remote=remote, active=active, confidential=confidential,
        min_age=_float_col([o.min_age_years for o in offs]),
        max_age=_float_col([o.max_age_years for o in offs]),
        income_fpl=_float_col([o.income_limit_fpl for o in offs]),
        has_area=has_area, area=area, area_vocab=area_vocab,
        lang=lang, lang_vocab=lang_vocab, lang_known=lang_known,
        attrs=attrs, need_rel=need_rel, need_codes=tuple(nm.codes),
        factor_cov=factor_cov, factor_names=tuple(nm.factors),
        crisis_line=crisis_line, dv_hotline=dv_hotline, population=population_column(offs),
        area_unknown=area_unknown_column(offs), checksum=h.hexdigest(),
    )


def row_max(a: np.ndarray) -> np.ndarray:
    """Row-wise maximum of a (rows, few columns) array.

    ``a.max(axis=1)`` reduces along a short inner axis, which numpy does slowly;
    an elementwise maximum over the few columns gives the same values faster.
    """
    if a.shape[1] == 0:
        return np.zeros(a.shape[0], dtype=a.dtype)
    out = a[:, 0].copy()
    for j in range(1, a.shape[1]):
        np.maximum(out, a[:, j], out=out)
    return out
