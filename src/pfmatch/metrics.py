"""Offline ranking metrics for tuning pfmatch, and the judgments file format.

Researchers who tune ranking weights compare pfmatch's rankings with
*judgments*: for each family (a query), how useful each service was, ideally
taken from referral outcomes (helped, connected, contacted, referred).

* Metric functions: :func:`ndcg`, :func:`recall`, :func:`precision`,
  :func:`reciprocal_rank`, :func:`hit_rate`.  The cutoff is the keyword-only
  ``k``.
* Metric names: ``"ndcg@10"``, ``"recall@5"``, ``"mrr"``...  :func:`parse_metric`
  reads them into a :class:`Metric`; ``str(metric)`` gives the name back.
* :func:`evaluate` scores many queries at once and returns an
  :class:`Evaluation` (means, per-query values, skipped queries, provenance).
* :func:`compare` ranks the same families with several weightings and
  returns one :class:`Comparison` table (means, paired differences against a
  baseline, paired significance tests, provenance).
* :func:`load_judgments` reads a JSONL or CSV judgments file into
  :class:`Judgments`; :func:`item_id` builds item ids.

Item ids are strings: ``service_id`` for a remote service, or
``"service_id@location_id"`` for a service at a location (see :func:`item_id`).

A query with no relevant item (no gain above 0) has no defined value for any
of these metrics: the functions return ``NaN`` and emit a
:class:`pfmatch.DataWarning`, and :func:`evaluate` leaves such queries out of
the means and counts them in :attr:`Evaluation.skipped`.

See ``docs/metrics.md`` for the definitions and the file format.
"""

from __future__ import annotations

import copy
import html
import json
import math
import re
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, TypeAlias, overload

from pfmatch._errors import ConfigError, DataWarning
from pfmatch._judgments import DEFAULT_GAINS, JudgmentRow, Judgments, item_id, load_judgments
from pfmatch._optional import require
from pfmatch._version import __version__

__all__ = [
    "DEFAULT_GAINS",
    "Comparison",
    "Evaluation",
    "JudgmentRow",
    "Judgments",
    "Metric",
    "MetricValue",
    "compare",
    "evaluate",
    "hit_rate",
    "item_id",
    "load_judgments",
    "ndcg",
    "parse_metric",
    "precision",
    "recall",
    "reciprocal_rank",
]

#: ``relevant`` argument: a collection of relevant item ids, or item id -> gain.
Relevant: TypeAlias = "Collection[str] | Mapping[str, float]"

_RESERVED_PROVENANCE = ("metrics", "pfmatch_version")


# --------------------------------------------------------------------------- validation


@overload
def _check_k(k: object, func: str, *, required: Literal[True]) -> int: ...
@overload
def _check_k(k: object, func: str, *, required: bool) -> int | None: ...
def _check_k(k: object, func: str, *, required: bool) -> int | None:
    if k is None and not required:
        return None
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        allowed = "an int >= 1" if required else "an int >= 1 or None"
        msg = f"The 'k' parameter of {func}() must be {allowed}. Got {k!r} instead."
        raise ConfigError(msg)
    return k


def _gains(relevant: object, func: str, name: str = "relevant") -> dict[str, float]:
    """Item id -> gain (a collection of ids gives gain 1 each)."""
    if isinstance(relevant, (str, bytes)):
        msg = (f"The {name!r} parameter of {func}() must be a collection of item ids or a "
               f"mapping item id -> gain, not a single {type(relevant).__name__}. "
               f"Got {relevant!r}; wrap it in a list.")
        raise ConfigError(msg)
    if isinstance(relevant, Mapping):
        out: dict[str, float] = {}
        for key, gain in relevant.items():
            if not isinstance(key, str):
                msg = f"Item ids in {name!r} of {func}() must be str. Got {key!r}."
                raise ConfigError(msg)
            if isinstance(gain, bool) or not isinstance(gain, (int, float)) or not (
                    math.isfinite(gain) and gain >= 0):
                msg = (f"Gains in {name!r} of {func}() must be finite numbers >= 0. "
                       f"Got {gain!r} for item {key!r}.")
                raise ConfigError(msg)
            out[key] = float(gain)
        return out
    if not isinstance(relevant, Collection):
        msg = (f"The {name!r} parameter of {func}() must be a collection of item ids or a "
               f"mapping item id -> gain. Got {type(relevant).__name__}.")
        raise ConfigError(msg)
    ids = {}
    for key in relevant:
        if not isinstance(key, str):
            msg = f"Item ids in {name!r} of {func}() must be str. Got {key!r}."
            raise ConfigError(msg)
        ids[key] = 1.0
    return ids


def _ranking(ranking: object, func: str, name: str = "ranking") -> list[str]:
    if isinstance(ranking, (str, bytes, Mapping, AbstractSet)) or not isinstance(
            ranking, Sequence):
        msg = (f"The {name!r} parameter of {func}() must be a sequence (list or tuple) of item "
               f"ids in rank order. Got {type(ranking).__name__}.")
        raise ConfigError(msg)
    items = list(ranking)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            msg = f"Item ids in {name!r} of {func}() must be str. Got {item!r}."
            raise ConfigError(msg)
        if item in seen:
            msg = (f"The {name!r} of {func}() lists item {item!r} more than once; an item "
                   "can hold only one rank. Remove the repeat.")
            raise ConfigError(msg)
        seen.add(item)
    return items


def _warn_no_relevant(func: str) -> None:
    msg = (f"{func}(): no relevant item (no gain above 0), so the metric is undefined; "
           "returning NaN")
    warnings.warn(msg, DataWarning, stacklevel=3)


# --------------------------------------------------------------------------- computation
# Private kernels: validated inputs in, NaN out when there is no relevant item.


def _ndcg(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> float:
    ideal = sorted((g for g in gains.values() if g > 0), reverse=True)[:k]
    if not ideal:
        return math.nan
    top = ranking[:k]
    dcg = sum(gains.get(item, 0.0) / math.log2(rank + 2) for rank, item in enumerate(top))
    idcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg


def _relevant_set(gains: Mapping[str, float]) -> set[str]:
    return {item for item, g in gains.items() if g > 0}


def _hits(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> tuple[int, int]:
    rel = _relevant_set(gains)
    return sum(item in rel for item in ranking[:k]), len(rel)


def _recall(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> float:
    hits, n_rel = _hits(gains, ranking, k)
    return hits / n_rel if n_rel else math.nan


def _precision(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> float:
    hits, n_rel = _hits(gains, ranking, k)
    if not n_rel:
        return math.nan
    return hits / (k if k is not None else max(len(ranking), 1))


def _hit_rate(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> float:
    hits, n_rel = _hits(gains, ranking, k)
    return (1.0 if hits else 0.0) if n_rel else math.nan


def _rr(gains: Mapping[str, float], ranking: Sequence[str], k: int | None) -> float:
    rel = _relevant_set(gains)
    if not rel:
        return math.nan
    for rank, item in enumerate(ranking[:k], start=1):
        if item in rel:
            return 1.0 / rank
    return 0.0


_Kernel: TypeAlias = Callable[[Mapping[str, float], Sequence[str], "int | None"], float]

#: canonical name -> (kernel, public function name, k required)
_REGISTRY: dict[str, tuple[_Kernel, str, bool]] = {
    "hit_rate": (_hit_rate, "hit_rate", True),
    "mrr": (_rr, "reciprocal_rank", False),
    "ndcg": (_ndcg, "ndcg", False),
    "precision": (_precision, "precision", True),
    "recall": (_recall, "recall", True),
}
_ALIASES: dict[str, str] = {"hits": "hit_rate", "reciprocal_rank": "mrr", "rr": "mrr"}


def _run(name: str, relevant: object, ranking: object, k: object) -> float:
    kernel, func, required = _REGISTRY[name]
    cutoff = _check_k(k, func, required=required)
    value = kernel(_gains(relevant, func), _ranking(ranking, func), cutoff)
    if math.isnan(value):
        _warn_no_relevant(func)
    return value


# --------------------------------------------------------------------------- public functions


def ndcg(relevance: Mapping[str, float], ranking: Sequence[str], *, k: int | None = None) -> float:
    """Normalized discounted cumulative gain, with linear gain and log2 discount.

    ``DCG@k = sum(gain(item_r) / log2(r + 1) for r = 1..k)`` over the ranking,
    divided by the same sum over the judged gains sorted from high to low
    (the ideal ranking, which may include items the ranking missed).
    Unjudged items have gain 0.  On rankings without tied scores this equals
    ``sklearn.metrics.ndcg_score([gains], [scores], k=k)``.

    Parameters
    ----------
    relevance : mapping of str to float, or collection of str
        Item id -> gain (>= 0), e.g. a graded relevance 0-3.  A collection of
        ids gives each gain 1.
    ranking : sequence of str
        Item ids, best first; no repeats.
    k : int or None, default=None
        Cutoff; ``None`` uses the whole ranking and every judged item.

    Returns
    -------
    float
        In [0, 1]; ``NaN`` (with a :class:`~pfmatch.DataWarning`) when no item
        has a gain above 0.

    Examples
    --------
    >>> round(ndcg({"a": 3, "b": 1}, ["b", "a"]), 4)
    0.7967
    >>> ndcg({"a": 3, "b": 1}, ["a", "b", "c"], k=2)
    1.0
    """
    return _run("ndcg", relevance, ranking, k)


def recall(relevant: Relevant, ranking: Sequence[str], *, k: int) -> float:
    """Share of the relevant items found in the top ``k``.

    ``recall@k = |relevant ∩ top k| / |relevant|``; an item is relevant when
    its gain is above 0.

    Parameters
    ----------
    relevant : collection of str, or mapping of str to float
        Relevant item ids, or item id -> gain.
    ranking : sequence of str
        Item ids, best first; no repeats.
    k : int
        Cutoff (>= 1).

    Returns
    -------
    float
        In [0, 1]; ``NaN`` (with a :class:`~pfmatch.DataWarning`) when nothing
        is relevant.

    Examples
    --------
    >>> recall({"a", "b"}, ["a", "c", "b"], k=2)
    0.5
    """
    return _run("recall", relevant, ranking, k)


def precision(relevant: Relevant, ranking: Sequence[str], *, k: int) -> float:
    """Share of the top ``k`` positions holding a relevant item.

    ``precision@k = |relevant ∩ top k| / k``.  The denominator is ``k`` even
    when the ranking is shorter, so an empty slot counts as a miss (the
    ``trec_eval`` convention).

    Parameters
    ----------
    relevant : collection of str, or mapping of str to float
        Relevant item ids, or item id -> gain.
    ranking : sequence of str
        Item ids, best first; no repeats.
    k : int
        Cutoff (>= 1).

    Returns
    -------
    float
        In [0, 1]; ``NaN`` (with a :class:`~pfmatch.DataWarning`) when nothing
        is relevant.

    Examples
    --------
    >>> precision({"a", "b"}, ["a", "c", "b"], k=2)
    0.5
    """
    return _run("precision", relevant, ranking, k)


def reciprocal_rank(relevant: Relevant, ranking: Sequence[str], *, k: int | None = None) -> float:
    """One over the rank of the first relevant item (0 if none in the top ``k``).

    Its mean over queries is the MRR (metric name ``"mrr"``).

    Parameters
    ----------
    relevant : collection of str, or mapping of str to float
        Relevant item ids, or item id -> gain.
    ranking : sequence of str
        Item ids, best first; no repeats.
    k : int or None, default=None
        Cutoff; ``None`` searches the whole ranking.

    Returns
    -------
    float
        In [0, 1]; ``NaN`` (with a :class:`~pfmatch.DataWarning`) when nothing
        is relevant.

    Examples
    --------
    >>> reciprocal_rank({"b"}, ["a", "b"])
    0.5
    >>> reciprocal_rank({"b"}, ["a", "b"], k=1)
    0.0
    """
    return _run("mrr", relevant, ranking, k)


def hit_rate(relevant: Relevant, ranking: Sequence[str], *, k: int) -> float:
    """1.0 if any relevant item is in the top ``k``, else 0.0.

    Parameters
    ----------
    relevant : collection of str, or mapping of str to float
        Relevant item ids, or item id -> gain.
    ranking : sequence of str
        Item ids, best first; no repeats.
    k : int
        Cutoff (>= 1).

    Returns
    -------
    float
        0.0 or 1.0; ``NaN`` (with a :class:`~pfmatch.DataWarning`) when
        nothing is relevant.

    Examples
    --------
    >>> hit_rate({"b"}, ["a", "b"], k=2)
    1.0
    """
    return _run("hit_rate", relevant, ranking, k)


# --------------------------------------------------------------------------- metric names


def _valid_names() -> str:
    names = ", ".join(repr(f"{n}@k" if _REGISTRY[n][2] else n) for n in sorted(_REGISTRY))
    aliases = ", ".join(repr(a) for a in sorted(_ALIASES))
    return f"{names} (aliases: {aliases})"


@dataclass(frozen=True)
class Metric:
    """A metric with its cutoff; ``str()`` gives its name, e.g. ``"ndcg@10"``.

    Parameters
    ----------
    name : str
        ``"ndcg"``, ``"recall"``, ``"precision"``, ``"mrr"`` or ``"hit_rate"``
        (aliases ``"rr"``, ``"reciprocal_rank"``, ``"hits"``; any case).
        Stored in canonical lower case.
    k : int or None, default=None
        Cutoff.  Required for ``recall``, ``precision`` and ``hit_rate``.

    Examples
    --------
    >>> m = Metric("nDCG", 10)
    >>> m
    Metric(name='ndcg', k=10)
    >>> str(m)
    'ndcg@10'
    """

    name: str
    k: int | None = None

    def __post_init__(self) -> None:
        raw = self.name
        if not isinstance(raw, str):
            msg = f"A metric name must be a str; got {raw!r}. Valid names are {_valid_names()}."
            raise ConfigError(msg)
        name = raw.strip().lower()
        name = _ALIASES.get(name, name)
        if name not in _REGISTRY:
            msg = f"Unknown metric {raw!r}; valid names are {_valid_names()}."
            raise ConfigError(msg)
        required = _REGISTRY[name][2]
        if self.k is None and required:
            msg = f"Metric {name!r} needs a cutoff: write e.g. '{name}@10'."
            raise ConfigError(msg)
        if self.k is not None:
            _check_k(self.k, "Metric", required=True)
        object.__setattr__(self, "name", name)

    def __str__(self) -> str:
        return self.name if self.k is None else f"{self.name}@{self.k}"

    def compute(self, relevant: Relevant, ranking: Sequence[str]) -> float:
        """This metric for one query (same as calling its function with ``k``).

        Examples
        --------
        >>> parse_metric("recall@2").compute({"a", "b"}, ["a", "c", "b"])
        0.5
        """
        return _run(self.name, relevant, ranking, self.k)

    def _value(self, gains: Mapping[str, float], ranking: Sequence[str]) -> float:
        return _REGISTRY[self.name][0](gains, ranking, self.k)


_NAME_RE = re.compile(r"\s*([A-Za-z_]+)\s*(?:@\s*([0-9]+))?\s*")


def parse_metric(text: str | Metric) -> Metric:
    """Read a metric name such as ``"ndcg@10"`` or ``"MRR"``.

    Parameters
    ----------
    text : str or Metric
        ``name`` or ``name@k``, case-insensitive.  A :class:`Metric` is
        returned unchanged.

    Returns
    -------
    Metric
        ``str(parse_metric(s))`` is the canonical lower-case name.

    Raises
    ------
    ConfigError
        For an unknown name (the message lists the valid ones), a bad cutoff,
        or a missing cutoff for ``recall``, ``precision`` or ``hit_rate``.

    Examples
    --------
    >>> str(parse_metric("nDCG@10"))
    'ndcg@10'
    >>> str(parse_metric("rr"))
    'mrr'
    """
    if isinstance(text, Metric):
        return text
    if not isinstance(text, str):
        msg = f"A metric must be a str such as 'ndcg@10' or a Metric. Got {text!r}."
        raise ConfigError(msg)
    match = _NAME_RE.fullmatch(text)
    if match is None:
        msg = (f"Cannot read metric {text!r}: write a name, optionally with '@' and a whole "
               f"number cutoff, e.g. 'ndcg@10'. Valid names are {_valid_names()}.")
        raise ConfigError(msg)
    name, k = match.group(1), match.group(2)
    return Metric(name, None if k is None else int(k))


# --------------------------------------------------------------------------- evaluation


class MetricValue(NamedTuple):
    """One metric for one query (``value`` is NaN for a skipped query)."""

    query_id: str
    metric: str
    value: float


def _fmt(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.4f}"


@dataclass(frozen=True)
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    metrics : tuple of str
        Canonical metric names, in the order asked for.
    mean : dict of str to float
        Metric -> mean over the queries that have at least one relevant item
        (``NaN`` if there are none).
    per_query : list of MetricValue
        One value per query and metric, in ``rankings`` order; ``NaN`` for
        skipped queries.
    n_queries : int
        Queries in ``rankings``.
    skipped : int
        Queries left out of the means: no judgments, or no gain above 0.
    skipped_ids : tuple of str
        Their ids, in ``rankings`` order.
    provenance : dict
        What produced the rankings (filled by the caller) plus
        ``pfmatch_version`` and ``metrics``.
    """

    metrics: tuple[str, ...]
    mean: dict[str, float]
    per_query: list[MetricValue] = field(repr=False)
    n_queries: int
    skipped: int
    skipped_ids: tuple[str, ...] = field(repr=False)
    provenance: dict[str, Any] = field(repr=False)

    def __repr__(self) -> str:
        scored = self.n_queries - self.skipped
        head = (f"Evaluation: {self.n_queries} queries, {scored} scored, "
                f"{self.skipped} skipped (no relevant item)")
        width = max(len("metric"), *(len(m) for m in self.metrics))
        lines = [head, f"  {'metric':<{width}}  {'mean':>6}"]
        lines += [f"  {m:<{width}}  {_fmt(self.mean[m]):>6}" for m in self.metrics]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        scored = self.n_queries - self.skipped
        rows = "".join(f"<tr><td>{esc(m)}</td><td>{esc(_fmt(self.mean[m]))}</td></tr>"
                       for m in self.metrics)
        prov = "".join(
            f"<tr><td>{esc(str(key))}</td><td>{esc(json.dumps(value, default=str))}</td></tr>"
            for key, value in self.provenance.items())
        return (
            "<div class='pfmatch-evaluation'>"
            f"<p>{self.n_queries} queries, {scored} scored, {self.skipped} skipped "
            "(no relevant item)</p>"
            "<table><thead><tr><th>metric</th><th>mean</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            "<details><summary>provenance</summary>"
            f"<table><tbody>{prov}</tbody></table></details></div>"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``NaN`` becomes ``None``.

        Examples
        --------
        >>> ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"])
        >>> ev.to_dict()["mean"]
        {'mrr': 1.0}
        """
        def num(x: float) -> float | None:
            return None if math.isnan(x) else x

        return {
            "metrics": list(self.metrics),
            "mean": {m: num(v) for m, v in self.mean.items()},
            "n_queries": self.n_queries,
            "skipped": self.skipped,
            "skipped_ids": list(self.skipped_ids),
            "per_query": [{"query_id": q, "metric": m, "value": num(v)}
                          for q, m, v in self.per_query],
            "provenance": copy.deepcopy(self.provenance),
        }

    def to_frame(self) -> Any:
        """Per-query values as a pandas DataFrame: one row per query, one column per metric.

        The index is ``query_id``; skipped queries hold ``NaN``.  ``df.attrs``
        carries ``provenance`` and ``skipped``.  Needs pandas
        (``pip install 'pfmatch[pandas]'``).

        Raises
        ------
        ImportError
            If pandas is not installed.
        """
        pd = require("pandas", extra="pandas", feature="to_frame()")
        queries = list(dict.fromkeys(v.query_id for v in self.per_query))
        columns: dict[str, list[float]] = {m: [] for m in self.metrics}
        for value in self.per_query:
            columns[value.metric].append(value.value)
        frame = pd.DataFrame(columns, index=pd.Index(queries, name="query_id"))
        frame.attrs["provenance"] = copy.deepcopy(self.provenance)
        frame.attrs["skipped"] = self.skipped
        return frame


def _metrics_arg(metrics: object) -> list[Metric]:
    if isinstance(metrics, (str, Metric)):
        metrics = [metrics]
    if not isinstance(metrics, Collection) or not metrics:
        msg = (f"The 'metrics' parameter of evaluate() must be a non-empty list of metric "
               f"names such as ['ndcg@10', 'mrr']. Got {metrics!r} instead.")
        raise ConfigError(msg)
    parsed = [parse_metric(m) for m in metrics]
    names = [str(m) for m in parsed]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        msg = f"The 'metrics' parameter of evaluate() names {dupes} more than once."
        raise ConfigError(msg)
    return parsed


def _provenance_arg(provenance: object, names: list[str]) -> dict[str, Any]:
    if provenance is None:
        provenance = {}
    if not isinstance(provenance, Mapping):
        msg = (f"The 'provenance' parameter of evaluate() must be a dict or None. "
               f"Got {type(provenance).__name__}.")
        raise ConfigError(msg)
    out = copy.deepcopy(dict(provenance))
    computed: dict[str, Any] = {"pfmatch_version": __version__, "metrics": names}
    for key in _RESERVED_PROVENANCE:
        if key in out and out[key] != computed[key]:
            msg = (f"provenance[{key!r}] is set by evaluate() to {computed[key]!r}; got "
                   f"{out[key]!r}. Store a different value under another key, e.g. "
                   f"'ranker_{key}'.")
            raise ConfigError(msg)
    out.update(computed)
    try:
        json.dumps(out, allow_nan=False)
    except (TypeError, ValueError) as exc:
        msg = (f"The 'provenance' parameter of evaluate() must be JSON-serialisable ({exc}). "
               "Convert objects first, e.g. dataclasses.asdict(weights).")
        raise ConfigError(msg) from None
    return out


def evaluate(
    rankings: Mapping[str, Sequence[str]],
    judgments: Mapping[str, Mapping[str, float]],
    metrics: Sequence[str | Metric] = ("ndcg@10", "recall@10", "mrr"),
    *,
    provenance: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Score rankings for many queries against judgments.

    The queries are those in ``rankings``.  A query with no entry in
    ``judgments``, or whose judgments have no gain above 0, is *skipped*: its
    values are ``NaN``, it is left out of the means and counted in
    :attr:`Evaluation.skipped`, and one :class:`~pfmatch.DataWarning` says how
    many were skipped.  Judged queries missing from ``rankings`` are not
    evaluated; to score a query the ranker returned nothing for, pass an
    empty list for it.  Neither input is modified.

    Parameters
    ----------
    rankings : mapping of str to sequence of str
        Query (family) id -> item ids, best first.
    judgments : mapping of str to mapping of str to float
        Query id -> {item id: gain}; a :class:`Judgments` works directly.
    metrics : sequence of str or Metric, default=("ndcg@10", "recall@10", "mrr")
        Metric names (see :func:`parse_metric`).  A single name is accepted.
    provenance : mapping, optional
        What produced the rankings (weights, directory checksum, seed...).
        Must be JSON-serialisable.  ``pfmatch_version`` and ``metrics`` are
        added.

    Returns
    -------
    Evaluation
        Always, whatever the number of metrics.

    Raises
    ------
    ConfigError
        For bad metric names, empty ``rankings``, or malformed inputs.

    Examples
    --------
    >>> ev = evaluate({"fam-1": ["a", "b"], "fam-2": ["c", "a"]},
    ...               {"fam-1": {"a": 3}, "fam-2": {"a": 1}},
    ...               ["ndcg@10", "mrr"])
    >>> ev.mean["mrr"]
    0.75
    >>> ev.per_query[0]
    MetricValue(query_id='fam-1', metric='ndcg@10', value=1.0)
    """
    parsed = _metrics_arg(metrics)
    names = [str(m) for m in parsed]
    prov = _provenance_arg(provenance, names)
    if not isinstance(rankings, Mapping) or not rankings:
        msg = ("The 'rankings' parameter of evaluate() must be a non-empty mapping "
               f"query id -> ranked item ids. Got {type(rankings).__name__} "
               f"of length {len(rankings) if isinstance(rankings, Mapping) else '?'}.")
        raise ConfigError(msg)
    if not isinstance(judgments, Mapping):
        msg = ("The 'judgments' parameter of evaluate() must be a mapping "
               f"query id -> {{item id: gain}}. Got {type(judgments).__name__}.")
        raise ConfigError(msg)

    per_query: list[MetricValue] = []
    sums = dict.fromkeys(names, 0.0)
    skipped_ids: list[str] = []
    for qid, ranked in rankings.items():
        if not isinstance(qid, str):
            msg = f"Query ids in 'rankings' of evaluate() must be str. Got {qid!r}."
            raise ConfigError(msg)
        ranking = _ranking(ranked, "evaluate", f"rankings[{qid!r}]")
        gains = _gains(judgments.get(qid, {}), "evaluate", f"judgments[{qid!r}]")
        if not _relevant_set(gains):
            skipped_ids.append(qid)
            per_query.extend(MetricValue(qid, name, math.nan) for name in names)
            continue
        for metric, name in zip(parsed, names, strict=True):
            value = metric._value(gains, ranking)
            sums[name] += value
            per_query.append(MetricValue(qid, name, value))

    scored = len(rankings) - len(skipped_ids)
    mean = {name: (sums[name] / scored if scored else math.nan) for name in names}
    if skipped_ids:
        msg = (f"evaluate(): {len(skipped_ids)} of {len(rankings)} queries have no relevant "
               "item in the judgments (or no judgments); their values are NaN and they are "
               "left out of the means. See Evaluation.skipped_ids.")
        warnings.warn(msg, DataWarning, stacklevel=2)
    return Evaluation(metrics=tuple(names), mean=mean, per_query=per_query,
                      n_queries=len(rankings), skipped=len(skipped_ids),
                      skipped_ids=tuple(skipped_ids), provenance=prov)


# --------------------------------------------------------------------------- comparison

_TESTS = ("wilcoxon", "ttest")
_CORRECTIONS = (None, "holm", "bonferroni")


def _paired_p(diffs: Sequence[float], test: str) -> float:
    """Two-sided p-value of a paired test on per-query differences (1.0 when all are 0)."""
    import numpy as np
    from scipy import stats

    d = np.asarray(diffs, dtype=np.float64)
    if len(d) < 2 or not np.any(d != 0):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if test == "wilcoxon":
            p = float(stats.wilcoxon(d, zero_method="wilcox").pvalue)
        else:
            p = float(stats.ttest_1samp(d, 0.0).pvalue)
    return p if math.isfinite(p) else 1.0


def _adjust(pvalues: list[float], correction: str | None) -> list[float]:
    m = len(pvalues)
    if correction is None or m <= 1:
        return list(pvalues)
    if correction == "bonferroni":
        return [min(1.0, p * m) for p in pvalues]
    # Holm step-down
    order = sorted(range(m), key=pvalues.__getitem__)
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        out[i] = running
    return out


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: one row per system, against a baseline.

    Attributes
    ----------
    systems : tuple of str
        System names, in the order given; the baseline is one of them.
    baseline : str
    metrics : tuple of str
        Canonical metric names.
    mean : dict of str to dict of str to float
        system -> metric -> mean over the scored queries.
    delta : dict of str to dict of str to float
        system -> metric -> mean paired difference (system - baseline).
    pvalue : dict of str to dict of str to float
        system -> metric -> p-value of the paired test (after ``correction``);
        NaN for the baseline.
    wins, losses : dict of str to dict of str to int
        system -> metric -> queries where the system beats / trails the baseline.
    n_scored : int
        Queries in the tests (those with at least one relevant item).
    test : str
        ``"wilcoxon"`` (signed-rank) or ``"ttest"`` (paired t).
    correction : str or None
        ``"holm"``, ``"bonferroni"`` or None, over the non-baseline systems per metric.
    evaluations : dict of str to Evaluation
        The full evaluation of each system (per-query values, provenance).
    provenance : dict
        pfmatch version, every system's weights, directory checksum, seed,
        ``k``, ``coverage``, test, and what the caller added.
    """

    systems: tuple[str, ...]
    baseline: str
    metrics: tuple[str, ...]
    mean: dict[str, dict[str, float]]
    delta: dict[str, dict[str, float]]
    pvalue: dict[str, dict[str, float]]
    wins: dict[str, dict[str, int]]
    losses: dict[str, dict[str, int]]
    n_scored: int
    test: str
    correction: str | None
    evaluations: dict[str, Evaluation] = field(repr=False)
    provenance: dict[str, Any] = field(repr=False)

    def _cells(self, system: str, metric: str) -> tuple[str, str, str]:
        mean = _fmt(self.mean[system][metric])
        if system == self.baseline:
            return mean, "", "(baseline)"
        d = self.delta[system][metric]
        p = self.pvalue[system][metric]
        return mean, ("nan" if math.isnan(d) else f"{d:+.4f}"), f"p={p:.3g}"

    def __repr__(self) -> str:
        head = (f"Comparison: {len(self.systems)} systems, {self.n_scored} scored queries, "
                f"baseline {self.baseline!r}, {self.test}"
                + (f", {self.correction} correction" if self.correction else ""))
        width = max(len("system"), *(len(s) for s in self.systems))
        lines = [head]
        for metric in self.metrics:
            lines.append(f"  {metric}")
            for s in self.systems:
                mean, d, p = self._cells(s, metric)
                lines.append(f"    {s:<{width}}  {mean:>6}  {d:>8}  {p}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(m)}</th><th>Δ</th><th>p</th>" for m in self.metrics)
        body = ""
        for s in self.systems:
            cells = "".join("".join(f"<td>{esc(c)}</td>" for c in self._cells(s, m))
                            for m in self.metrics)
            body += f"<tr><td>{esc(s)}</td>{cells}</tr>"
        prov = "".join(
            f"<tr><td>{esc(str(key))}</td><td>{esc(json.dumps(value, default=str))}</td></tr>"
            for key, value in self.provenance.items())
        return ("<div class='pfmatch-comparison'>"
                f"<p>{self.n_scored} scored queries; baseline {esc(self.baseline)}; "
                f"{esc(self.test)} test{esc(', ' + self.correction) if self.correction else ''}</p>"
                f"<table><thead><tr><th>system</th>{head}</tr></thead><tbody>{body}</tbody></table>"
                "<details><summary>provenance</summary>"
                f"<table><tbody>{prov}</tbody></table></details></div>")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``NaN`` becomes ``None``)."""
        def clean(x: Any) -> Any:
            if isinstance(x, float) and math.isnan(x):
                return None
            if isinstance(x, dict):
                return {k: clean(v) for k, v in x.items()}
            return x

        return {
            "systems": list(self.systems), "baseline": self.baseline,
            "metrics": list(self.metrics), "mean": clean(self.mean), "delta": clean(self.delta),
            "pvalue": clean(self.pvalue), "wins": self.wins, "losses": self.losses,
            "n_scored": self.n_scored, "test": self.test, "correction": self.correction,
            "provenance": copy.deepcopy(self.provenance),
        }

    def to_frame(self) -> Any:
        """The table as a pandas DataFrame: index ``system``; per metric its mean,
        ``"<metric> Δ"``, ``"<metric> p"``, ``"<metric> +"`` (wins) and ``"<metric> -"``
        (losses).  ``df.attrs["provenance"]`` holds the provenance.  Needs pandas.

        Raises
        ------
        ImportError
            If pandas is not installed.
        """
        pd = require("pandas", extra="pandas", feature="to_frame()")
        data: dict[str, list[Any]] = {}
        for m in self.metrics:
            data[m] = [self.mean[s][m] for s in self.systems]
            data[f"{m} Δ"] = [self.delta[s][m] for s in self.systems]
            data[f"{m} p"] = [self.pvalue[s][m] for s in self.systems]
            data[f"{m} +"] = [self.wins[s][m] for s in self.systems]
            data[f"{m} -"] = [self.losses[s][m] for s in self.systems]
        frame = pd.DataFrame(data, index=pd.Index(list(self.systems), name="system"))
        frame.attrs["provenance"] = copy.deepcopy(self.provenance)
        frame.attrs["baseline"] = self.baseline
        return frame

    def per_query_frame(self) -> Any:
        """Long per-query values: columns ``system, query_id, metric, value`` (needs pandas)."""
        pd = require("pandas", extra="pandas", feature="to_frame()")
        rows = [(s, v.query_id, v.metric, v.value)
                for s in self.systems for v in self.evaluations[s].per_query]
        return pd.DataFrame(rows, columns=["system", "query_id", "metric", "value"])


def compare(
    systems: Mapping[str, Any],
    families: Sequence[Mapping[str, Any]],
    directory: Any = None,
    judgments: Mapping[str, Mapping[str, float]] | None = None,
    *,
    metrics: Sequence[str | Metric] | str = ("ndcg@10", "recall@10", "mrr"),
    baseline: str | None = None,
    k: int | None = None,
    coverage: bool = True,
    test: str = "wilcoxon",
    correction: str | None = None,
    seed: int | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare weightings on the same families: means, paired differences and tests.

    A small cousin of PyTerrier's ``Experiment``.  Each system is a set of
    weights; every family is ranked by ``match()`` with each (the candidates
    and components are computed once per family), each ranking list is
    scored with :func:`evaluate`, and each system is compared with the
    baseline query by query.

    Parameters
    ----------
    systems : mapping of str to weights
        Name -> anything ``match(weights=...)`` accepts (Weights, mapping, path).
    families : sequence of family mappings
        Each with an ``id`` (the query id in ``judgments``); a family without
        one is named by its position.
    directory : Directory, path or None, default=None
        As for :func:`pfmatch.match`.
    judgments : mapping family_id -> {item_id: gain}
        E.g. :func:`load_judgments`' result.
    metrics : sequence of str, default=("ndcg@10", "recall@10", "mrr")
    baseline : str, optional
        The system to compare against; default the first.
    k : int, optional
        ``match()``'s ``k``; default the largest metric cutoff (10 if none).
    coverage : bool, default=True
        As for :func:`pfmatch.match`.
    test : {"wilcoxon", "ttest"}, default="wilcoxon"
        Paired test on per-query differences (``scipy.stats``): Wilcoxon
        signed-rank (no normality assumption; zero differences dropped) or a
        paired t-test.  All-zero differences give p = 1.
    correction : {None, "holm", "bonferroni"}, default=None
        Multiple-comparison correction across the non-baseline systems, per metric.
    seed : int, optional
        Recorded in the provenance (e.g. the simulation or split seed).
    provenance : mapping, optional
        Added to the provenance (JSON-serialisable).

    Returns
    -------
    Comparison

    Raises
    ------
    ConfigError
        For an empty ``systems`` or ``families``, an unknown ``baseline``,
        test or correction, or bad metrics.

    Examples
    --------
    >>> import warnings
    >>> from pfmatch import Weights, simulate
    >>> sim = simulate.simulate(30, seed=4)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     c = compare({"default": Weights(), "planted": sim.true_weights},
    ...                 sim.families, None, sim.judgments, metrics=["ndcg@10"])
    >>> c.systems, c.baseline
    (('default', 'planted'), 'default')
    >>> sorted(c.provenance["weights"])
    ['default', 'planted']
    """
    from pfmatch._features import _directory, family_features
    from pfmatch._weights import Weights

    if not isinstance(systems, Mapping) or not systems:
        msg = ("The 'systems' parameter of compare() must be a non-empty mapping name -> "
               f"weights. Got {systems!r}.")
        raise ConfigError(msg)
    names = [str(s) for s in systems]
    weights = {str(name): Weights.coerce(w) for name, w in systems.items()}
    base = names[0] if baseline is None else baseline
    if base not in weights:
        msg = f"compare(): baseline {base!r} is not one of the systems {names}."
        raise ConfigError(msg)
    if test not in _TESTS:
        msg = f"The 'test' parameter of compare() must be one of {list(_TESTS)}. Got {test!r}."
        raise ConfigError(msg)
    if correction not in _CORRECTIONS:
        msg = (f"The 'correction' parameter of compare() must be one of {list(_CORRECTIONS)}. "
               f"Got {correction!r}.")
        raise ConfigError(msg)
    if judgments is None or not isinstance(judgments, Mapping):
        msg = ("The 'judgments' parameter of compare() must be a mapping family_id -> "
               f"{{item_id: gain}}. Got {type(judgments).__name__}.")
        raise ConfigError(msg)
    parsed = _metrics_arg(metrics)
    metric_names = [str(m) for m in parsed]
    if k is None:
        cutoffs = [m.k for m in parsed if m.k is not None]
        k = max(cutoffs) if cutoffs else 10
    k = _check_k(k, "compare", required=True)
    fams = list(families)
    if not fams:
        msg = "The 'families' parameter of compare() is empty; give at least one family."
        raise ConfigError(msg)

    d = _directory(directory)
    feats = []
    for i, fam in enumerate(fams):
        fid = fam.get("id") if isinstance(fam, Mapping) else getattr(fam, "id", None)
        feats.append(family_features(fam, d, k=k, family_id=str(fid) if fid is not None
                                     else str(i)))
    common = {"directory_checksum": d.checksum, "seed": seed, "k": k, "coverage": coverage,
              "ranker": "pfmatch.match", **copy.deepcopy(dict(provenance or {}))}

    evaluations: dict[str, Evaluation] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        for name in names:
            w = weights[name]
            rankings = {ff.family_id: ff.ranking(w, k=k, coverage=coverage) for ff in feats}
            evaluations[name] = evaluate(rankings, judgments, parsed, provenance={
                **common, "system": name, "weights": w.to_dict()})
    first = evaluations[base]
    if first.skipped:
        msg = (f"compare(): {first.skipped} of {first.n_queries} families have no relevant item "
               "in the judgments (or no judgments); they are left out of the means and tests.")
        warnings.warn(msg, DataWarning, stacklevel=2)
    skipped = set(first.skipped_ids)

    def values(name: str, metric: str) -> list[float]:
        return [v.value for v in evaluations[name].per_query
                if v.metric == metric and v.query_id not in skipped]

    mean = {s: dict(evaluations[s].mean) for s in names}
    delta: dict[str, dict[str, float]] = {s: {} for s in names}
    pvalue: dict[str, dict[str, float]] = {s: {} for s in names}
    wins: dict[str, dict[str, int]] = {s: {} for s in names}
    losses: dict[str, dict[str, int]] = {s: {} for s in names}
    others = [s for s in names if s != base]
    for metric in metric_names:
        b = values(base, metric)
        raw: list[float] = []
        for s in names:
            diffs = [x - y for x, y in zip(values(s, metric), b, strict=True)]
            delta[s][metric] = sum(diffs) / len(diffs) if diffs else math.nan
            wins[s][metric] = sum(x > 1e-12 for x in diffs)
            losses[s][metric] = sum(x < -1e-12 for x in diffs)
            if s != base:
                raw.append(_paired_p(diffs, test))
        pvalue[base][metric] = math.nan
        for s, p in zip(others, _adjust(raw, correction), strict=True):
            pvalue[s][metric] = p

    prov = _provenance_arg({**common, "weights": {s: weights[s].to_dict() for s in names},
                            "baseline": base, "test": test, "correction": correction},
                           metric_names)
    return Comparison(systems=tuple(names), baseline=base, metrics=tuple(metric_names),
                      mean=mean, delta=delta, pvalue=pvalue, wins=wins, losses=losses,
                      n_scored=first.n_queries - first.skipped, test=test, correction=correction,
                      evaluations=evaluations, provenance=prov)
