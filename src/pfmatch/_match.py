"""match() and match_many(): the public entry points.

The flow is one pass over columns: rules → scores for the candidates →
selection (pins, coverage, top-k) → explanations for the k shown.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from numbers import Integral
from typing import Any, cast

import numpy as np

from pfmatch._directory import Directory
from pfmatch._errors import ConfigError, FamilyDataError
from pfmatch._explain import LazyExclusions, explain_rows, fallback_pin
from pfmatch._index import OfferingIndex
from pfmatch._log import logger
from pfmatch._query import Query, build_query, with_text_needs
from pfmatch._querycols import QueryColumns
from pfmatch._results import Exclusion, Match, MatchResult
from pfmatch._rules import RowCache, RuleResult, apply_rules_many, outside_population, unknown_area
from pfmatch._score import active_weights_many, components, components_rows, weighted_sum
from pfmatch._select import choose_pins, final_order, top_order
from pfmatch._weights import Weights
from pfmatch.assess import STATED_TEXT, Family

__all__ = ["match", "match_batch", "match_many"]

#: One batch is ranked at a time in a process (families are validated and geocoded
#: before, outside it).  Ranking is mostly Python (the GIL held) with many short numpy
#: calls that release the GIL; threads inside it handed the GIL back and forth at every
#: such call (context switches, caches moved between cores), so 8 threads could be slower
#: than one (issue 13).  A thread waiting on this lock holds no GIL, so the one ranking
#: keeps it across its numpy calls.  Processes (match_many(n_jobs=...)) use several cores.
_BATCH_LOCK = threading.Lock()

DirectoryLike = Directory | str | os.PathLike[str] | None
WeightsLike = Weights | Mapping[str, Any] | str | os.PathLike[str] | None


def _directory(directory: DirectoryLike) -> Directory:
    if directory is None:
        return Directory.sample()
    if isinstance(directory, Directory):
        return directory
    if isinstance(directory, (str, os.PathLike)):
        return Directory.load(directory)
    raise ConfigError(
        "directory must be a pfmatch.Directory, a path to a provider directory, or None "
        f"(the bundled sample); got {type(directory).__name__}."
    )


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, Integral) or int(k) < 1:
        raise ConfigError(f"The 'k' parameter of match must be an int >= 1; got {k!r}.")
    return int(k)


def match(family: Family | Mapping[str, Any], directory: DirectoryLike = None, *, k: int = 10,
          weights: WeightsLike = None, explain: bool = False, coverage: bool = True,
          geocoder: Any = None) -> MatchResult:
    """Rank the services a family can use, with reasons.

    Parameters
    ----------
    family : Family or mapping
        The family, as a :class:`pfmatch.Family` or a mapping in the JSON shape
        of the public contract (validated; bad input raises FamilyDataError).
    directory : Directory, path or None, default=None
        The provider directory; a path is loaded with :meth:`Directory.load`;
        None uses the bundled sample directory.
    k : int, default=10
        How many ranked results (pinned safety resources come in addition).
    weights : Weights, mapping, path or None, default=None
        Score weights (see :class:`pfmatch.Weights`); None uses the defaults.
    explain : bool, default=False
        Also list every offering left out, with the rule and reason, in
        ``result.excluded``.
    coverage : bool, default=True
        Answer each distinct need before repeating one (see the selection notes
        in the documentation).  False gives plain score order.
    geocoder : object, optional
        A geopy-style geocoder (``.geocode(address)``), needed only for families
        whose location is a street address.  pfmatch never makes network calls
        itself.

    Returns
    -------
    MatchResult
        The ranked matches, pinned safety resources, needs, gaps, flags, notes.

    Examples
    --------
    >>> r = match({"location": {"zip": "90011"}, "needs": ["food"], "languages": ["es"]}, k=3)
    >>> len(r)
    3
    >>> abs(r[0].score - sum(r[0].contributions.values())) < 1e-9
    True
    """
    k = _check_k(k)
    t0 = time.perf_counter()
    result = match_batch([family], _directory(directory), k=k, weights=Weights.coerce(weights),
                         explain=explain, coverage=coverage, geocoder=geocoder)[0]
    if logger.isEnabledFor(logging.DEBUG):  # counts and time only, never a family field
        logger.debug("match: k=%d, %d ranked, %d pinned, in %.2f ms", k, len(result),
                     len(result.pinned), 1e3 * (time.perf_counter() - t0))
    return result


def _family_id(family: Any) -> str | None:
    """A family's id for an error message (None when it has no usable one)."""
    fid = family.id if isinstance(family, Family) else (
        family.get("id") if isinstance(family, Mapping) else None)
    if not isinstance(fid, str) or not fid.strip():
        return None
    return fid if len(fid) <= 40 else fid[:39] + "…"


def _queries(families: Sequence[Family | Mapping[str, Any]], index: OfferingIndex, geocoder: Any,
             start: int | None) -> list[Query]:
    """One query per family; with ``start``, a FamilyDataError names the family's position."""
    if start is None:
        return [with_text_needs(build_query(f, index.factor_names, geocoder=geocoder), index)
                for f in families]
    out = []
    for i, f in enumerate(families):
        try:
            out.append(with_text_needs(build_query(f, index.factor_names, geocoder=geocoder), index))
        except FamilyDataError as e:
            raise e.at(start + i, None if e.path == "$.id" else _family_id(f)) from None
    return out


def match_batch(families: Sequence[Family | Mapping[str, Any]], d: Directory, *, k: int, weights: Weights,
                explain: bool, coverage: bool, geocoder: Any = None,
                start: int | None = None) -> list[MatchResult]:
    """:func:`match` for many families at once (arguments already checked).

    The rules and scores run once over every family's rows together (see
    :func:`pfmatch._rules.evaluate_rows`); pins, ordering and explanations
    follow family by family.  One family is a batch of one, so a batch gives
    exactly the answers of :func:`match` in a loop.  ``start`` is the position
    of the first family in a larger batch (:func:`match_many`): an invalid
    family's error then says which one it is.
    """
    # validation and geocoding (a user's geocoder may wait on the network) outside the lock
    queries = _queries(families, d.index, geocoder, start)
    with _BATCH_LOCK:
        return _match_queries(queries, d, k=k, weights=weights, explain=explain,
                              coverage=coverage)


def _match_queries(queries: list[Query], d: Directory, *, k: int, weights: Weights,
                   explain: bool, coverage: bool) -> list[MatchResult]:
    index = d.index
    cols = QueryColumns(index, queries)
    placed = apply_rules_many(index, cols, min_candidates=k)
    wmat = active_weights_many(weights, queries)
    rules = [b.rule_result(index, f) for b, f in placed]
    pins = [_pins(index, q, r, wmat[i]) for i, (q, r) in enumerate(zip(queries, rules, strict=True))]

    # candidates (eligible, pins removed) and their scores, one pass per batch of rows
    scored: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, RowCache] | None] = [None] * len(queries)
    for batch in {id(b): b for b, _ in placed}.values():
        local = [(i, f) for i, (b, f) in enumerate(placed) if b is batch]
        keep = batch.failed == 0
        if len(local) < batch.cols.n:  # families widened since: their rows here are not read
            mine = np.zeros(batch.cols.n, dtype=bool)
            mine[[f for _, f in local]] = True
            keep &= mine.take(batch.fid)
        for i, f in local:
            if pins[i][1]:
                a, b = int(batch.bounds[f]), int(batch.bounds[f + 1])
                keep[a:b] &= ~np.isin(batch.rows[a:b], pins[i][1])
        pos = np.flatnonzero(keep)
        cut = np.searchsorted(pos, batch.bounds)
        rows, fid = batch.rows.take(pos), batch.fid.take(pos)
        pre = batch.cache.take(pos)
        comps = components_rows(index, batch.cols, rows, fid, pre)
        order = np.zeros(batch.cols.n, dtype=np.int64)
        order[[f for _, f in local]] = [i for i, _ in local]
        score = weighted_sum(comps, batch.cols.per_row(wmat.take(order, axis=0), fid))
        widened = batch.widened.take(pos)
        # limited to a population the family is not known to be in: after the rest
        ok = np.zeros(batch.cols.n, dtype=np.uint32)
        ok[[f for _, f in local]] = [queries[i].population_ok for i, _ in local]
        widened = widened | outside_population(index, rows, ok.take(fid))
        # an area not understood, or a site not placed: after those known to serve the place
        placed_q = np.zeros(batch.cols.n, dtype=bool)
        placed_q[[f for _, f in local]] = [bool(queries[i].area_tokens) for i, _ in local]
        widened |= unknown_area(index, rows, placed_q.take(fid))
        for i, f in local:
            a, b = int(cut[f]), int(cut[f + 1])
            scored[i] = (rows[a:b], comps[a:b], score[a:b], widened[a:b],
                         pre.span(a, b, len(queries[i].need_codes)))

    out = []
    for i, (q, r) in enumerate(zip(queries, rules, strict=True)):
        s = scored[i]
        assert s is not None
        out.append(_result(d, q, r, wmat[i], pins[i], *s, k=k, weights=weights, explain=explain,
                           coverage=coverage))
    return out


def _pins(index: OfferingIndex, q: Query, rules: RuleResult, wvec: np.ndarray
          ) -> tuple[list[Match], list[int], list[str]]:
    """Safety pins first, independent of weights: the matches, their rows, and notes."""
    pinned_rows: list[int] = []
    pinned: list[Match] = []
    notes: list[str] = []
    for flag, rows in choose_pins(index, q, rules):
        rows = np.array([r for r in rows if r not in pinned_rows], dtype=np.int64)
        if len(rows) and bool(index.pin_restricted.take(rows).all()):
            # every local line is limited to part of the population ("youth under
            # 24", "Jewish women"): the national line comes first, open to everyone
            pinned.append(fallback_pin(flag, len(pinned) + 1))
            notes.append(f"The local lines for the {flag.replace('_', ' ')} flag serve part of the "
                         "population only; a national line is pinned first.")
        if len(rows):
            comps = components(index, q, rows, rules.distance)
            raised = q.assessment.flag(flag)
            if raised is not None and raised.sources == (STATED_TEXT,):
                # a disclosure in a stated need: name the source, never the words
                reason = ("pinned for safety: thoughts of self-harm were stated in the need "
                          "text; same-day crisis support" if flag == "self_harm_risk" else
                          "pinned for safety: violence or fear at home was stated in the need "
                          "text; talk privately")
            else:
                reason = ("pinned for safety: a screening answer calls for same-day crisis "
                          "support" if flag == "self_harm_risk" else
                          "pinned for safety: a screening answer points to violence at home; "
                          "talk privately")
            pinned.extend(explain_rows(index, q, rows, comps, wvec, rules,
                                       first_rank=len(pinned) + 1, pinned=True, pin_reason=reason))
            pinned_rows.extend(int(r) for r in rows)
        else:
            pinned.append(fallback_pin(flag, len(pinned) + 1))
            notes.append(f"No eligible local line for the {flag.replace('_', ' ')} flag in this "
                         "directory; a national line is pinned instead.")
    return pinned, pinned_rows, notes


def _result(d: Directory, q: Query, rules: RuleResult, wvec: np.ndarray,
            pins: tuple[list[Match], list[int], list[str]], cand: np.ndarray, comps: np.ndarray,
            score: np.ndarray, widened: np.ndarray, pre: RowCache, *, k: int, weights: Weights,
            explain: bool, coverage: bool) -> MatchResult:
    """Order one family's scored candidates, explain the first k and assemble the result."""
    index = d.index
    pinned, _, pin_notes = pins
    notes = list(pin_notes)
    if explain:  # the exclusions also name every other site of a listed service
        order, other_sites = final_order(index, q, cand, score, rules.distance, widened,
                                         coverage=coverage, pre=pre)
        top = order[:k]
    else:
        top = top_order(index, q, cand, score, rules.distance, widened, k, coverage=coverage, pre=pre)
    matches = explain_rows(index, q, cand[top], comps[top], wvec, rules, first_rank=1)

    if q.lat is None:
        notes.append("No location given: distance is not scored and no distance limit applies.")
    if q.languages_assumed:
        notes.append("No languages given: English assumed.")
    if not q.need_codes and not q.stated_needs:
        notes.append("No needs found in the family's data: ranked by the other components only.")
    n_widened = rules.n_widened
    if n_widened:
        notes.append(f"Fewer than {k} services within {q.max_km:.0f} km: widened to "
                     f"{n_widened} farther services in the family's area.")
    if len(cand) < k:
        notes.append(f"Only {len(cand)} services passed the rules (asked for {k}).")
    if q.assessment.unresolved:
        n_text = len(q.text_needs)
        n_none = len(q.assessment.unresolved) - n_text
        if n_text:
            notes.append(f"{n_text} stated need(s) matched no known need and were looked for in the "
                         "directory's own text (results say which words matched); see "
                         "result.unresolved.")
        if n_none:
            notes.append(f"{n_none} stated need(s) matched no known need and nothing in the "
                         "directory's text; see result.unresolved."
                         + ("" if q.need_codes else
                            " No service answers a stated need: these are ranked by the other "
                            "components only, and none scores for need."))

    connected_rows: np.ndarray | list[int] = (
        np.flatnonzero(np.isin(index.service_id, list(q.connected))) if q.connected else [])
    connected = sorted({index.offering(int(i)).service_name for i in connected_rows})

    return MatchResult(
        matches=matches,
        pinned=pinned,
        needs=list(q.assessment.needs),
        unresolved=list(q.assessment.unresolved),
        factor_gaps=dict(q.assessment.factor_gaps),
        flags=list(q.assessment.flags),
        # LazyExclusions is a read-only stand-in for the list (see its docstring)
        excluded=(cast("list[Exclusion]", LazyExclusions(index, q, rules, other_sites))
                  if explain else []),
        connected=connected,
        notes=notes,
        weights=weights,
        k=k,
        directory=d,
    )


def match_many(families: Iterable[Family | Mapping[str, Any]], directory: DirectoryLike = None, *,
               k: int = 10, weights: WeightsLike = None, n_jobs: int = 1, explain: bool = False,
               coverage: bool = True, progress: bool | None = None) -> list[MatchResult]:
    """Match many families; the same answers as calling :func:`match` in a loop.

    Parameters
    ----------
    families : iterable of Family or mapping
    directory, k, weights, explain, coverage
        As for :func:`match`; the directory is loaded once.
    n_jobs : int, default=1
        Workers for large batches; 1 runs in this process, -1 uses every core.
        Workers are joblib's (processes by default); inside
        ``joblib.parallel_config(backend="dask")`` with a ``dask.distributed``
        client the same call runs on the Dask cluster (the ``dask`` extra).
        A directory loaded from a saved index (:meth:`Directory.save`) is sent
        to workers as its path, which is much cheaper than a copy.
    progress : bool or None, default=None
        Show a progress bar (tqdm, on stderr).  None shows one for batches of
        1,000 families or more when stderr is a terminal.

    Returns
    -------
    list of MatchResult
        One per family, in order.

    Examples
    --------
    >>> rs = match_many([{"location": {"zip": "90011"}, "needs": ["food"]}] * 2, k=3)
    >>> [len(r) for r in rs]
    [3, 3]
    """
    k = _check_k(k)
    d = _directory(directory)
    w = Weights.coerce(weights)
    fams: Sequence[Any] = list(families)
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, Integral) or n_jobs == 0:
        raise ConfigError(f"The 'n_jobs' parameter of match_many must be a non-zero int; got {n_jobs!r}.")
    from pfmatch._batch import run_parallel, run_serial

    t0 = time.perf_counter()
    if n_jobs == 1 or len(fams) < 2:
        out = run_serial(fams, d, k=k, weights=w, explain=explain, coverage=coverage, progress=progress)
    else:
        out = run_parallel(fams, d, k=k, weights=w, n_jobs=int(n_jobs), explain=explain,
                           coverage=coverage, progress=progress)
    if logger.isEnabledFor(logging.DEBUG):
        took = time.perf_counter() - t0
        logger.debug("match_many: %d families, k=%d, n_jobs=%d, in %.3f s (%.0f families/s)",
                     len(fams), k, n_jobs, took, len(fams) / took if took > 0 else 0.0)
    return out
