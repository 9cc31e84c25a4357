"""Feature export: the score components ``match()`` combines, one row per offering.

:func:`features` runs the same steps as :func:`pfmatch.match` (query, rules with
the same rural widening, safety pins, components, active weights, ordering)
and returns, for every offering that passes the rules, each score component
as a column, the score and the rank ``match()`` gives it.  Nothing is
recomputed differently: the numbers are the ones ``match()`` reports in
``Match.contributions`` (a contribution is a component times its active
weight).

:func:`features_many` stacks several families, with a ``family_id`` column.

Researchers use this to fit their own models on pfmatch's components, and
:mod:`pfmatch.tune` uses the per-family form (:class:`FamilyFeatures`) to try
many weightings without re-running the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from pfmatch._errors import ConfigError
from pfmatch._index import OfferingIndex
from pfmatch._judgments import item_id as _item_id
from pfmatch._optional import require
from pfmatch._query import Query, build_query, with_text_needs
from pfmatch._rules import RuleResult, apply_rules, outside_population, unknown_area
from pfmatch._score import active_weights, components
from pfmatch._select import choose_pins, final_order
from pfmatch._weights import COMPONENTS, Weights
from pfmatch.assess import Family

__all__ = ["FamilyFeatures", "Features", "family_features", "features", "features_many"]


#: Columns of :class:`Features`, in :meth:`Features.to_frame` order.
ID_COLUMNS: tuple[str, ...] = ("family_id", "service_id", "location_id", "item_id")
EXTRA_COLUMNS: tuple[str, ...] = ("score", "rank", "pinned")


def _directory(directory: Any) -> Any:
    # The same resolution as match(): None = sample, a path is loaded.
    from pfmatch._match import _directory as resolve

    return resolve(directory)


def _check_k(k: object, func: str) -> int:
    if isinstance(k, bool) or not isinstance(k, Integral) or int(k) < 1:
        msg = f"The 'k' parameter of {func}() must be an int >= 1. Got {k!r} instead."
        raise ConfigError(msg)
    return int(k)


def _family_id(family: Family | Mapping[str, Any], position: int) -> str:
    fid = family.id if isinstance(family, Family) else family.get("id")
    return str(fid) if fid is not None else str(position)


@dataclass(frozen=True, eq=False)
class FamilyFeatures:
    """One family's candidates and their components: what :mod:`pfmatch.tune` reuses.

    Built by :func:`family_features`.  ``rows`` are index rows of the offerings
    ``match()`` ranks (eligible and not pinned), ``pinned_rows`` those it pins.
    :meth:`ranking` reproduces ``match()``'s order for any weights without
    re-running the rules.

    Attributes
    ----------
    family_id : str
    index : OfferingIndex
    query : Query
    rules : RuleResult
    rows : ndarray of int64
        Ranked candidates (eligible, not pinned).
    pinned_rows : ndarray of int64
        Eligible offerings ``match()`` pins instead of ranking (safety flags).
    components : ndarray of float64, shape (len(rows), 6)
        In :data:`pfmatch._weights.COMPONENTS` order.
    pinned_components : ndarray of float64, shape (len(pinned_rows), 6)
    item_ids : tuple of str
        Item id of each row in ``rows``.
    """

    family_id: str
    index: OfferingIndex
    query: Query
    rules: RuleResult
    rows: np.ndarray
    pinned_rows: np.ndarray
    components: np.ndarray
    pinned_components: np.ndarray
    item_ids: tuple[str, ...]

    def active(self, weights: Weights) -> np.ndarray:
        """The weights ``match()`` uses for this family (non-applicable ones zeroed, sum 1)."""
        return active_weights(weights, self.query)

    def scores(self, weights: Weights) -> np.ndarray:
        """``components @ active weights``: the score ``match()`` gives each row."""
        return self.components @ self.active(weights)

    def order(self, weights: Weights, *, coverage: bool = True) -> np.ndarray:
        """Positions into ``rows`` in ``match()``'s order (score, distance, ids, coverage).

        As in ``match()``, one site per service: a service's other sites (placed
        after its best-placed one) are left out.
        """
        order, _ = final_order(self.index, self.query, self.rows, self.scores(weights),
                               self.rules.distance, self.rules.widened_at(self.rows) |
                               outside_population(self.index, self.rows, self.query.population_ok) |
                               unknown_area(self.index, self.rows, bool(self.query.area_tokens)),
                               coverage=coverage)
        return order

    def ranking(self, weights: Weights, *, k: int | None = None, coverage: bool = True) -> list[str]:
        """Item ids in ``match()``'s order (pinned resources left out), cut at ``k``."""
        order = self.order(weights, coverage=coverage)[:k]
        return [self.item_ids[int(i)] for i in order]


def family_features(family: Family | Mapping[str, Any], directory: Any, *, k: int = 10,
                    family_id: str | None = None, geocoder: Any = None) -> FamilyFeatures:
    """Run match()'s query, rules and pins for one family; keep the components.

    Parameters
    ----------
    family : Family or mapping
    directory : Directory, path or None
        As for :func:`pfmatch.match`.
    k : int, default=10
        The ``k`` of the ``match()`` call to reproduce: rural widening lets in
        farther offerings when fewer than ``k`` pass, so it changes the candidates.
    family_id : str, optional
        Defaults to the family's ``id`` (or ``"0"``).
    geocoder : object, optional
        As for :func:`pfmatch.match`.

    Returns
    -------
    FamilyFeatures
    """
    k = _check_k(k, "features")
    d = _directory(directory)
    index = d.index
    q = with_text_needs(build_query(family, index.factor_names, geocoder=geocoder), index)
    rules = apply_rules(index, q, min_candidates=k)
    pinned: list[int] = []
    for _flag, rows in choose_pins(index, q, rules):
        pinned.extend(int(r) for r in rows if int(r) not in pinned)
    pinned_rows = np.array(pinned, dtype=np.int64)
    eligible = np.flatnonzero(rules.eligible)
    cand = eligible[~np.isin(eligible, pinned_rows)] if len(pinned_rows) else eligible
    comps = components(index, q, cand, rules.distance)
    # match() scores pins too; only eligible pinned rows are exported.
    pin_elig = pinned_rows[rules.eligible[pinned_rows]] if len(pinned_rows) else pinned_rows
    pin_comps = components(index, q, pin_elig, rules.distance)
    ids = tuple(_item_id(str(index.service_id[i]), index.location_id[i] or None) for i in cand)
    fid = family_id if family_id is not None else _family_id(family, 0)
    return FamilyFeatures(family_id=fid, index=index, query=q, rules=rules, rows=cand,
                          pinned_rows=pin_elig, components=comps, pinned_components=pin_comps,
                          item_ids=ids)


@dataclass(frozen=True, eq=False)
class Features:
    """Score components per (family, offering), as numpy columns.

    One row per offering that passed the rules.  ``rank`` is the 1-based
    position ``match()`` gives the row (over its whole ordered list, before
    cutting at ``k``), or 0 when ``match()`` does not rank it: pinned safety
    resources (``pinned=True``) and the other sites of a service whose
    best-placed site is ranked (``match()`` lists one site per service).  ``score`` equals ``components @ active weights``, the sum
    of ``Match.contributions``.

    Attributes
    ----------
    family_id, service_id, location_id, item_id : ndarray of object
        Identity columns; ``location_id`` is None for remote services.
    components : ndarray of float64, shape (n, 6)
        Columns in :attr:`component_names` order.
    active_weights : ndarray of float64, shape (n, 6)
        The weights match() used for each row's family (non-applicable
        components zeroed, normalized to sum 1).
    score : ndarray of float64
    rank : ndarray of int64
    pinned : ndarray of bool
    weights : Weights
        The weights the scores were computed with.
    component_names : tuple of str

    Examples
    --------
    >>> import pfmatch
    >>> f = pfmatch.features({"location": {"zip": "90011"}, "needs": ["food"]})
    >>> f.component_names
    ('need', 'factor', 'distance', 'language', 'access', 'urgency')
    >>> bool(abs(f.score - f.components @ f.active_weights[0]).max() < 1e-12)
    True
    """

    family_id: np.ndarray
    service_id: np.ndarray
    location_id: np.ndarray
    item_id: np.ndarray
    components: np.ndarray
    active_weights: np.ndarray
    score: np.ndarray
    rank: np.ndarray
    pinned: np.ndarray
    weights: Weights
    component_names: tuple[str, ...] = COMPONENTS

    def __len__(self) -> int:
        return len(self.score)

    def __getitem__(self, name: str) -> np.ndarray:
        """A column by name: an id column, a component, ``score``, ``rank`` or ``pinned``."""
        if name in self.component_names:
            return self.components[:, self.component_names.index(name)]
        if name in ID_COLUMNS or name in EXTRA_COLUMNS:
            return getattr(self, name)
        msg = f"Unknown column {name!r}; columns are {list(self.columns)}."
        raise KeyError(msg)

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names, in :meth:`to_frame` order."""
        return (*ID_COLUMNS, *self.component_names, *EXTRA_COLUMNS)

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __repr__(self) -> str:
        n_fam = len(set(self.family_id.tolist()))
        return (f"<Features: {len(self)} offerings for {n_fam} "
                f"famil{'y' if n_fam == 1 else 'ies'}; columns {list(self.columns)}>")

    def to_dict(self) -> dict[str, np.ndarray]:
        """Every column as a dict of numpy arrays."""
        return {c: self[c] for c in self.columns}

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per (family, offering).

        ``df.attrs["weights"]`` holds the weights.  Needs pandas
        (``pip install 'pfmatch[pandas]'``).

        Raises
        ------
        ImportError
            If pandas is not installed.
        """
        pd = require("pandas", extra="pandas", feature="to_frame()")
        frame = pd.DataFrame({c: self[c] for c in self.columns})
        frame.attrs["weights"] = self.weights.to_dict()
        return frame


def _concat(parts: list[FamilyFeatures], w: Weights, *, coverage: bool) -> Features:
    cols: dict[str, list[np.ndarray]] = {c: [] for c in
                                         (*ID_COLUMNS, "components", "active", "score", "rank",
                                          "pinned")}
    for ff in parts:
        aw = ff.active(w)
        n_c, n_p = len(ff.rows), len(ff.pinned_rows)
        rows = np.concatenate([ff.pinned_rows, ff.rows])
        comps = np.vstack([ff.pinned_components, ff.components])
        rank = np.zeros(n_p + n_c, dtype=np.int64)
        order = ff.order(w, coverage=coverage)
        rank[n_p + order] = np.arange(1, len(order) + 1)
        sid = ff.index.service_id[rows].astype(object)
        lid = np.array([x or None for x in ff.index.location_id[rows]], dtype=object)
        pin_ids = [_item_id(str(s), loc) for s, loc in zip(sid[:n_p], lid[:n_p], strict=True)]
        cols["family_id"].append(np.full(n_p + n_c, ff.family_id, dtype=object))
        cols["service_id"].append(sid)
        cols["location_id"].append(lid)
        cols["item_id"].append(np.array([*pin_ids, *ff.item_ids], dtype=object))
        cols["components"].append(comps.reshape(-1, len(COMPONENTS)))
        cols["active"].append(np.tile(aw, (n_p + n_c, 1)))
        cols["score"].append(comps.reshape(-1, len(COMPONENTS)) @ aw)
        cols["rank"].append(rank)
        cols["pinned"].append(np.arange(n_p + n_c) < n_p)

    def cat(name: str, dtype: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
        return np.concatenate(cols[name]) if cols[name] else np.zeros(shape, dtype=dtype)

    return Features(
        family_id=cat("family_id", object), service_id=cat("service_id", object),
        location_id=cat("location_id", object), item_id=cat("item_id", object),
        components=(np.vstack(cols["components"]) if parts
                    else np.zeros((0, len(COMPONENTS)))),
        active_weights=(np.vstack(cols["active"]) if parts else np.zeros((0, len(COMPONENTS)))),
        score=cat("score", np.float64), rank=cat("rank", np.int64), pinned=cat("pinned", bool),
        weights=w,
    )


def features(family: Family | Mapping[str, Any], directory: Any = None, *,
             weights: Weights | Mapping[str, Any] | str | None = None, k: int = 10,
             coverage: bool = True, geocoder: Any = None) -> Features:
    """The score components of every offering that passes the rules for one family.

    These are exactly the numbers :func:`pfmatch.match` combines:
    ``score = components @ active_weights``, and for the offerings ``match()``
    shows, ``components * active_weights`` equals ``Match.contributions``.

    Parameters
    ----------
    family : Family or mapping
        As for :func:`pfmatch.match`.
    directory : Directory, path or None, default=None
        As for :func:`pfmatch.match`; None uses the bundled sample.
    weights : Weights, mapping, path or None, default=None
        Used for ``score``, ``active_weights`` and ``rank`` (components do not
        depend on weights).
    k : int, default=10
        The ``k`` of the ``match()`` call to mirror (rural widening depends on it).
    coverage : bool, default=True
        As for :func:`pfmatch.match`; affects ``rank`` only.
    geocoder : object, optional
        As for :func:`pfmatch.match`.

    Returns
    -------
    Features
        ``family_id`` is the family's ``id`` (or ``"0"``).

    Examples
    --------
    >>> import pfmatch
    >>> fam = {"id": "f1", "location": {"zip": "90011"}, "needs": ["food"]}
    >>> f = pfmatch.features(fam)
    >>> top = pfmatch.match(fam, k=1)[0]
    >>> row = list(f.item_id).index(pfmatch.metrics.item_id(top.service_id, top.location_id))
    >>> int(f.rank[row]), bool(abs(f.score[row] - top.score) < 1e-12)
    (1, True)
    """
    w = Weights.coerce(weights)
    ff = family_features(family, directory, k=k, geocoder=geocoder)
    return _concat([ff], w, coverage=coverage)


def features_many(families: Iterable[Family | Mapping[str, Any]], directory: Any = None, *,
                  weights: Weights | Mapping[str, Any] | str | None = None, k: int = 10,
                  coverage: bool = True) -> Features:
    """:func:`features` for many families, stacked, with a ``family_id`` column.

    Parameters
    ----------
    families : iterable of Family or mapping
        ``family_id`` is each family's ``id``, or its position (``"0"``,
        ``"1"``...) when it has none.
    directory, weights, k, coverage
        As for :func:`features`; the directory is loaded once.

    Returns
    -------
    Features

    Examples
    --------
    >>> import pfmatch
    >>> fams = [{"location": {"zip": "90011"}, "needs": ["food"]},
    ...         {"id": "b", "location": {"zip": "90006"}, "needs": ["child care"]}]
    >>> f = pfmatch.features_many(fams)
    >>> sorted(set(f.family_id))
    ['0', 'b']
    """
    w = Weights.coerce(weights)
    d = _directory(directory)
    parts = [family_features(fam, d, k=k, family_id=_family_id(fam, i))
             for i, fam in enumerate(families)]
    return _concat(parts, w, coverage=coverage)
