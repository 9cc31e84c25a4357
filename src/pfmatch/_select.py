"""Selection: safety pins, ordering, need coverage and top-k.

Order
    By score (descending), then distance (ascending; remote and unknown
    last), then service id and location id (ascending).  The same inputs give
    the same order, whatever order the directory lists its offerings in.

Need coverage (``coverage=True``, the default)
    The top of the list answers each of the family's distinct needs before it
    repeats one: for each need, most urgent first, the best-ordered offering
    that answers it (relevance >= 0.3) and is not already chosen is placed;
    then the rest follow in score order.  The whole order is computed before
    cutting at k, so the first k results are a prefix of the first k + 1.
    With ``coverage=False`` the list is in plain score order.

Safety pins
    A ``self_harm_risk`` flag pins crisis lines; an ``interpersonal_violence``
    flag pins domestic-violence hotlines (two each).  Which offerings are
    such lines is decided when the index is built
    (:func:`pfmatch._index.pinnable_lines`): a crisis line's record says
    crisis or suicide line, never an enrollment, information or
    anger-management line.  A line whose eligibility limits it to part of the
    population (a faith or ethnic community, one sex or age group, a
    diagnosis) is pinned only when no eligible line is open to everyone, and
    then ``pfmatch._match`` pins the national line before it.  Among the
    lines kept, for a family with no phone, those that take text
    messages; then those open 24/7, those in the family's preferred language,
    the national 988 line, those that take text messages, the most relevant,
    remote before sited, nearest, and by id.  Pins are chosen after the rules that
    concern who may use a service (status, service area, language) and before
    any weight, so no weight can remove them.  When the directory holds no
    eligible one, a built-in national line (988; the National Domestic Violence
    Hotline) is pinned instead, with a note.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pfmatch._index import ANSWERS, ATTR, OfferingIndex, column_values
from pfmatch._offering import YES
from pfmatch._query import Query
from pfmatch._rules import RULE_ID, RowCache, RuleResult, language_offered, need_values_at

__all__ = ["PIN_RULES", "choose_pins", "final_order", "order_candidates", "top_order"]

#: Flag code → (index column of pinnable offerings, need code, how many to pin).
PIN_RULES: dict[str, tuple[str, str, int]] = {
    "self_harm_risk": ("crisis_line", "crisis_line", 2),
    "interpersonal_violence": ("dv_hotline", "domestic_violence", 2),
}
#: Rules a pinned resource must still pass.
PIN_RESPECTS = ("inactive", "outside_service_area", "age", "population", "income", "language",
                "phone_only_intake", "online_only")


def sort_key(index: OfferingIndex, rows: np.ndarray, score: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Positions that sort ``rows`` by (-score, distance, ids)."""
    return sort_key_at(index, rows, score, dist[rows])


def sort_key_at(index: OfferingIndex, rows: np.ndarray, score: np.ndarray, d: np.ndarray) -> np.ndarray:
    """:func:`sort_key` given the distances of ``rows`` themselves (NaN = unknown)."""
    d = np.nan_to_num(np.asarray(d, dtype=np.float64), nan=np.inf)
    return np.lexsort((index.order_key[rows], d, -score))


def order_candidates(index: OfferingIndex, q: Query, rows: np.ndarray, score: np.ndarray,
                     dist: np.ndarray, *, coverage: bool = True,
                     pre: RowCache | None = None) -> np.ndarray:
    """Order candidate rows; returns positions into ``rows``.

    ``pre`` holds values the rules already read for exactly ``rows``.
    """
    order = (sort_key_at(index, rows, score, pre.dist) if pre is not None
             else sort_key(index, rows, score, dist))
    if not coverage or len(q.need_codes) < 2 or len(order) == 0:
        return order
    rel = pre.rel if pre is not None and pre.rel is not None else need_values_at(index, q, rows)
    # in sorted order, the first candidate answering a need is the best-placed one
    first = _coverage_picks(rel[order] >= ANSWERS, lambda pos: int(pos[0]))
    rest = np.ones(len(order), dtype=bool)
    rest[first] = False
    return np.concatenate([order[first], order[rest]]).astype(np.int64)


def _coverage_picks(answers: np.ndarray, best: Callable[[np.ndarray], int]) -> list[int]:
    """For each need in turn, the best of the candidates answering it not picked yet.

    ``answers`` is (m, n_needs) bool; ``best`` chooses among candidate positions.
    """
    free = np.ones(len(answers), dtype=bool)
    picks: list[int] = []
    for j in range(answers.shape[1]):
        pos = np.flatnonzero(answers[:, j] & free)
        if len(pos):
            p = best(pos)
            free[p] = False
            picks.append(p)
    return picks


def final_order(index: OfferingIndex, q: Query, rows: np.ndarray, score: np.ndarray,
                dist: np.ndarray, widened: np.ndarray, *, coverage: bool = True,
                pre: RowCache | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The order ``match()`` lists candidates in, and the sites it leaves out.

    1. :func:`order_candidates` (score, distance, ids; need coverage first).
    2. Offerings let in by rural widening (beyond the distance limit), and those
       ranked after the rest (a population limit, an unknown area), come after
       every other offering, each tier ordered on its own (need coverage within
       it), so the first k results are a prefix of the first k + 1 whether or
       not widening was needed.
    3. One site per service: the best-placed site stands for the service.

    Parameters
    ----------
    rows : ndarray of int
        Candidate rows (eligible, pins removed).
    score, dist : ndarray
        Scores per candidate; distances per index row.
    widened : ndarray of bool
        Per candidate, whether rural widening let it in.
    pre : RowCache, optional
        Values the rules already read for exactly ``rows``.

    Returns
    -------
    order : ndarray of int
        Positions into ``rows`` in display order.
    other_sites : ndarray of int
        Index rows of services' other sites that were left out.
    """
    far = np.asarray(widened, dtype=bool)
    if far.any():
        # each tier is ordered on its own (coverage picks included), so what comes first never
        # depends on the offerings that follow: a need whose best answer is in the later tier
        # still gets its best answer in the first
        rows = np.asarray(rows)
        tiers = []
        for pos in (np.flatnonzero(~far), np.flatnonzero(far)):
            sub = order_candidates(index, q, rows[pos], np.asarray(score)[pos], dist,
                                   coverage=coverage, pre=pre.take(pos) if pre is not None else None)
            tiers.append(pos[sub])
        order = np.concatenate(tiers).astype(np.int64)
    else:
        order = order_candidates(index, q, rows, score, dist, coverage=coverage, pre=pre)
    _, first = np.unique(index.service_code[np.asarray(rows)[order]], return_index=True)
    keep = np.zeros(len(order), dtype=bool)
    keep[first] = True
    return order[keep], np.asarray(rows)[order[~keep]]


def top_order(index: OfferingIndex, q: Query, rows: np.ndarray, score: np.ndarray,
              dist: np.ndarray, widened: np.ndarray, k: int, *, coverage: bool = True,
              pre: RowCache | None = None) -> np.ndarray:
    """The first ``k`` positions of :func:`final_order`, without sorting every candidate.

    ``match()`` shows k results out of thousands of candidates at 1M
    offerings; sorting them all and grouping every site by service is most of
    its ordering time.  The first k of the display order only need:

    * the coverage picks (for each need, the best-placed candidate answering
      it and not picked yet), one pass per need over the candidates;
    * the best ``t`` other candidates within the distance limit, found with
      :func:`numpy.partition` (every tie with the t-th score is kept, so they
      are a prefix of the full order) and then sorted.

    ``t`` grows until the prefix holds k distinct services; when every
    candidate within the limit is used up (rural widening, a thin directory)
    :func:`final_order` decides.  Arguments are as for :func:`final_order`;
    ``tests/test_select.py`` checks the result equals ``final_order(...)[0][:k]``.
    """
    rows = np.asarray(rows)
    m = len(rows)
    t = 4 * k + 8
    far = np.asarray(widened, dtype=bool)
    if pre is None or m <= t:
        return final_order(index, q, rows, score, dist, widened, coverage=coverage, pre=pre)[0][:k]
    dinf = np.where(np.isnan(pre.dist), np.inf, pre.dist)
    okey = index.order_key.take(rows)
    answers = (pre.rel >= ANSWERS if coverage and len(q.need_codes) >= 2 and pre.rel is not None
               else None)
    codes = index.service_code
    if far.any():
        return _top_order_widened(index, rows, score, dinf, okey, far, answers, k, t,
                                  lambda: final_order(index, q, rows, score, dist, widened,
                                                      coverage=coverage, pre=pre)[0][:k])

    while True:
        # every candidate scoring at least the t-th best (ties kept), in display order
        sel = np.flatnonzero(score >= np.partition(score, m - t)[m - t]) if t < m else np.arange(m)
        sel = sel[np.lexsort((okey.take(sel), dinf.take(sel), -score.take(sel)))]
        seq = sel.tolist()
        picks: list[int] = []
        if answers is not None:
            # the first of ``sel`` answering a need is the best-placed candidate answering it
            # (any better one would score above the cut); a need none of them answers is
            # looked for among all the candidates
            picked: set[int] = set()
            rows_ans = answers.take(sel, axis=0).tolist()
            for j in range(answers.shape[1]):
                p = next((pos for pos, ans in zip(seq, rows_ans, strict=True)
                          if ans[j] and pos not in picked), None)
                if p is None and len(sel) < m:
                    free = answers[:, j].copy()
                    free[list(picked)] = False
                    pos_j = np.flatnonzero(free)
                    p = _first_in_order(pos_j, score, dinf, okey) if len(pos_j) else None
                if p is not None:
                    picked.add(p)
                    picks.append(p)
            seq = picks + [pos for pos in seq if pos not in picked]
        # one site per service: the first k distinct services in display order
        seen: set[int] = set()
        top: list[int] = []
        for pos, c in zip(seq, codes.take(rows.take(seq)).tolist(), strict=True):
            if c not in seen:
                seen.add(c)
                top.append(pos)
                if len(top) == k:
                    return np.array(top, dtype=np.int64)
        if len(sel) == m:  # every candidate is listed
            return np.array(top, dtype=np.int64)
        t *= 4


def _top_order_widened(index: OfferingIndex, rows: np.ndarray, score: np.ndarray, dinf: np.ndarray,
                       okey: np.ndarray, far: np.ndarray, answers: np.ndarray | None, k: int, t: int,
                       full: Callable[[], np.ndarray]) -> np.ndarray:
    """:func:`top_order` when rural widening let candidates in beyond the distance limit.

    Coverage picks are chosen among all candidates; the widened ones (and
    widened picks) follow every candidate within the limit, so the first k come
    from the picks within the limit and the best ``t`` others within it; when
    those run out, ``full()`` (the full order) decides.
    """
    picks: list[int] = []
    if answers is not None:  # picks within the first tier only, as final_order orders it
        picks = _coverage_picks(answers & ~far[:, None],
                                lambda pos: _first_in_order(pos, score, dinf, okey))
    near_picks = np.array(picks, dtype=np.int64)
    rest = ~far
    rest[picks] = False
    rest_pos = np.flatnonzero(rest)
    while True:
        if len(rest_pos) > t:
            s = score.take(rest_pos)
            sel = rest_pos[s >= np.partition(s, len(s) - t)[len(s) - t]]
        else:
            sel = rest_pos
        sel = sel[np.lexsort((okey.take(sel), dinf.take(sel), -score.take(sel)))]
        seq = np.concatenate([near_picks, sel.astype(np.int64)]).tolist()
        seen: set[int] = set()
        top: list[int] = []
        for pos, c in zip(seq, index.service_code.take(rows.take(seq)).tolist(), strict=True):
            if c not in seen:
                seen.add(c)
                top.append(pos)
                if len(top) == k:
                    return np.array(top, dtype=np.int64)
        if len(sel) == len(rest_pos):  # all within the limit used; widened ones follow
            return full()
        t *= 4


def _first_in_order(pos: np.ndarray, score: np.ndarray, dinf: np.ndarray, okey: np.ndarray) -> int:
    """The position among ``pos`` (not empty) that sorts first by (-score, distance, ids)."""
    s = score.take(pos)
    tie = pos[s == s.max()]
    if len(tie) > 1:
        tie = tie[np.lexsort((okey.take(tie), dinf.take(tie)))]
    return int(tie[0])


def choose_pins(index: OfferingIndex, q: Query, rules: RuleResult) -> list[tuple[str, np.ndarray]]:
    """Rows to pin for each safety flag raised, as (flag code, rows)."""
    out: list[tuple[str, np.ndarray]] = []
    respect_ids = np.array([RULE_ID[r] for r in PIN_RESPECTS], dtype=np.int8)
    for flag, (column, need, how_many) in PIN_RULES.items():
        if flag not in q.flag_codes:
            continue
        rows = np.flatnonzero(getattr(index, column))
        rows = rows[~np.isin(rules.failed_at(rows), respect_ids)]
        limited = index.pin_restricted[rows]
        if not limited.all():
            # lines open to everyone exist: none for part of the population (a faith
            # or ethnic community, one sex or age group, a diagnosis) is pinned
            rows = rows[~limited]
        if len(rows):
            rel = column_values(index.need_rel, index.need_codes.index(need), rows)
            attrs = index.attrs[rows]
            always_open = attrs[:, ATTR["open_24_7"]] == YES
            texts = attrs[:, ATTR["text_intake"]] == YES
            own_language = language_offered(index, q.languages[0], rows)
            d = np.nan_to_num(np.asarray(rules.distance[rows], dtype=np.float64), nan=0.0)
            # lexsort: the last key is the primary one
            national = index.pin_national[rows]
            keys = [index.order_key[rows], d, ~index.remote[rows], -rel, ~texts, ~national,
                    ~own_language, ~always_open]
            if "no_phone" in q.barriers:
                keys.append(~texts)  # a line the family can text comes first
            rows = rows[np.lexsort(tuple(keys))][:how_many]
        out.append((flag, rows))
    return out
