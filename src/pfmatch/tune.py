"""Learn pfmatch's score weights from judgments, as a scikit-learn estimator.

:class:`WeightTuner` fits non-negative :class:`pfmatch.Weights` from families
and what is known about which services served them (judgments, ideally
referral outcomes).  It follows the scikit-learn estimator contract, so it
works with :func:`~sklearn.base.clone`, :class:`~sklearn.model_selection.GridSearchCV`
and :func:`~sklearn.model_selection.cross_validate` with
:class:`~sklearn.model_selection.GroupKFold` by family.

Data convention
    ``X`` is a list of family mappings (the JSON shape :func:`pfmatch.match`
    takes), each with an ``id``.  ``y`` is a list, aligned with ``X``, of
    per-family judgments ``{item_id: gain}`` (see :func:`pfmatch.metrics.item_id`);
    :func:`align` builds it from a :class:`~pfmatch.metrics.Judgments`.
    ``fit`` and ``score`` also accept ``y`` as a mapping ``family_id ->
    {item_id: gain}`` (then looked up by each family's ``id``), but
    scikit-learn's splitters need the aligned list.  One row of ``X`` is one
    family, so any splitter keeps a family's judgments together; pass
    ``groups=[f["id"] for f in X]`` to ``GroupKFold`` to make that explicit
    (and to group several rows of the same household, if you have them).

Method: pairwise logistic regression with non-negative weights
    pfmatch's score for an offering is linear in its components,
    ``s = x @ w``.  For every family and every pair of its judged offerings
    with different gains (``g_i > g_j``), the tuner minimizes the pairwise
    logistic loss (RankNet with a linear scorer; Burges et al. 2005; Joachims
    2002 for the pairwise reduction)::

        C * sum_ij |g_i - g_j| * log(1 + exp(-(x_i - x_j) @ w)) + 0.5 * ||w||^2

    subject to ``w >= 0``, with L-BFGS-B (:func:`scipy.optimize.minimize`),
    then normalizes ``w`` to sum 1.  Why this method:

    * the loss is convex, so the optimum is unique: no restarts, no
      dependence on a starting point, the same answer every run;
    * it uses the whole graded funnel (helped > connected > contacted >
      referred) rather than only "helped or not", weighting each pair by how
      far apart its outcomes are;
    * comparisons are within a family, so anything that makes one family
      more likely to be helped than another (circumstances, the navigator)
      cancels out;
    * non-negativity is an exact bound constraint, as :class:`~pfmatch.Weights`
      requires; scikit-learn's ``LogisticRegression`` has no such option;
    * six parameters and a few thousand pairs fit in milliseconds, so it can
      sit inside a grid search.

    Limits: it optimizes a smooth surrogate, not NDCG itself, and it does not
    see the need-coverage reordering ``match()`` applies after scoring.  That
    is why :meth:`WeightTuner.score` measures NDCG@k of the real ``match()``
    ranking, so model selection (``C``, ``k``...) is done on the true target.
    Only judged offerings are compared (unjudged ones are unknown, not bad) unless
    ``unjudged="zero"``.

Model selection on logged referrals: the condensed list
    Logged referrals were chosen by a policy (mostly the top of the ranking in
    use when they were made).  Scoring a candidate weighting with plain NDCG
    on them counts every offering that policy never referred as gain 0, so
    the closer a weighting stays to the logging policy, the better it looks:
    cross-validation then picks the strongest shrinkage.  With the default
    ``unjudged="ignore"``, :meth:`WeightTuner.score` therefore scores the
    *condensed list* (Sakai 2007; Sakai & Kando 2008): ``match()``'s full
    ranking with the unjudged offerings removed, cut at ``k``.  Each setting
    is judged only on how it orders what is known, wherever the logging
    policy put it.  With ``unjudged="zero"`` (exhaustive judgments) it is
    plain NDCG@k.  ``docs/research.md`` gives the figures on the simulator
    and the inverse-propensity estimators that were tried and not kept.

Examples
--------
>>> from pfmatch import simulate, tune
>>> sim = simulate.simulate(60, seed=0)
>>> y = tune.align(sim.families, sim.judgments)
>>> tuner = tune.WeightTuner(random_state=0).fit(sim.families, y)
>>> round(sum(tuner.weights_.as_array()), 6)
1.0
>>> 0.0 <= tuner.score(sim.families, y) <= 1.0
True
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, clone

from pfmatch._errors import ConfigError, DataWarning
from pfmatch._features import FamilyFeatures, family_features
from pfmatch._log import logger
from pfmatch._version import __version__
from pfmatch._weights import COMPONENTS, Weights

__all__ = ["WeightTuner", "align", "clear_cache", "condensed"]

FamilyLike = Mapping[str, Any]
GainsLike = Mapping[str, float]

_CACHE: OrderedDict[tuple[str, int, str], FamilyFeatures] = OrderedDict()
_CACHE_SIZE = 20_000
_DIRS: dict[tuple[str, float], Any] = {}


def clear_cache() -> None:
    """Forget the per-family features the tuner keeps between fits."""
    _CACHE.clear()
    _DIRS.clear()


def _resolve_directory(directory: Any) -> Any:
    """A Directory; paths are loaded once per (path, modification time)."""
    from pfmatch._features import _directory

    if isinstance(directory, (str, os.PathLike)):
        p = Path(directory).resolve()
        key = (str(p), p.stat().st_mtime if p.exists() else 0.0)
        if key not in _DIRS:
            if any(path == key[0] for path, _mtime in _DIRS):
                logger.info("reloading directory %s: it changed on disk since it was loaded", p)
            _DIRS[key] = _directory(p)
        return _DIRS[key]
    return _directory(directory)


def _family_key(family: FamilyLike) -> str:
    try:
        return json.dumps(family, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(family)


def _features_for(family: FamilyLike, directory: Any, k: int, fid: str) -> FamilyFeatures:
    key = (directory.checksum, k, _family_key(family))
    ff = _CACHE.get(key)
    if ff is None or ff.family_id != fid:
        ff = family_features(family, directory, k=k, family_id=fid)
        _CACHE[key] = ff
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return ff


def _family_id(family: Any, position: int) -> str:
    if isinstance(family, Mapping):
        fid = family.get("id")
    else:
        fid = getattr(family, "id", None)
    return str(fid) if fid is not None else str(position)


def condensed(ranking: Sequence[str], gains: Mapping[str, float]) -> list[str]:
    """The condensed list: ``ranking`` without the items ``gains`` does not judge.

    Scoring it (Sakai 2007) judges a ranking only on how it orders what is
    known, so offerings a logging policy never referred neither help nor hurt.

    Examples
    --------
    >>> condensed(["a", "x", "b", "y"], {"a": 1.0, "b": 0.0})
    ['a', 'b']
    """
    return [iid for iid in ranking if iid in gains]


def align(families: Sequence[FamilyLike], judgments: Mapping[str, GainsLike]) -> list[dict[str, float]]:
    """The tuner's ``y``: each family's ``{item_id: gain}``, in ``families`` order.

    Families without judgments get ``{}``.

    Examples
    --------
    >>> align([{"id": "a"}, {"id": "b"}], {"a": {"svc-1": 3.0}})
    [{'svc-1': 3.0}, {}]
    """
    return [dict(judgments.get(_family_id(f, i), {})) for i, f in enumerate(families)]


def _targets(X: Sequence[FamilyLike], y: Any, func: str) -> list[dict[str, float]]:
    if isinstance(y, Mapping):
        return align(X, y)
    if y is None or isinstance(y, (str, bytes)) or not hasattr(y, "__len__"):
        msg = (f"The 'y' parameter of {func}() must be a list of {{item_id: gain}} mappings "
               f"aligned with X, or a mapping family_id -> {{item_id: gain}}. Got {y!r}.")
        raise ConfigError(msg)
    ys = list(y)
    if len(ys) != len(X):
        msg = f"{func}(): X has {len(X)} families but y has {len(ys)} judgment mappings."
        raise ConfigError(msg)
    out = []
    for i, g in enumerate(ys):
        if not isinstance(g, Mapping):
            msg = (f"{func}(): y[{i}] must be a mapping item_id -> gain; "
                   f"got {type(g).__name__}.")
            raise ConfigError(msg)
        out.append({str(key): float(v) for key, v in g.items()})
    return out


def _families(X: Any, func: str) -> list[FamilyLike]:
    if X is None or isinstance(X, (str, bytes, Mapping)) or not hasattr(X, "__len__"):
        msg = (f"The 'X' parameter of {func}() must be a list of family mappings. "
               f"Got {type(X).__name__}.")
        raise ConfigError(msg)
    fams = list(X)
    if not fams:
        msg = f"The 'X' parameter of {func}() is empty; give at least one family."
        raise ConfigError(msg)
    return fams


def _pairwise_data(parts: list[tuple[FamilyFeatures, dict[str, float]]], *, unjudged: str,
                   max_pairs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Component differences (winner - loser) and pair weights |g_i - g_j|."""
    diffs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for ff, gains in parts:
        pos = {iid: p for p, iid in enumerate(ff.item_ids)}
        judged = [(pos[iid], g) for iid, g in gains.items() if iid in pos]
        if unjudged == "zero":
            seen = {p for p, _g in judged}
            judged += [(p, 0.0) for p in range(len(ff.item_ids)) if p not in seen]
        if len(judged) < 2:
            continue
        idx = np.array([p for p, _g in judged], dtype=np.int64)
        g = np.array([gg for _p, gg in judged], dtype=np.float64)
        win, lose = np.nonzero(g[:, None] > g[None, :])
        if not len(win):
            continue
        if len(win) > max_pairs:
            keep = np.sort(rng.choice(len(win), size=max_pairs, replace=False))
            win, lose = win[keep], lose[keep]
        x = ff.components[idx]
        diffs.append(x[win] - x[lose])
        weights.append(g[win] - g[lose])
    if not diffs:
        return np.zeros((0, len(COMPONENTS))), np.zeros(0)
    return np.vstack(diffs), np.concatenate(weights)


def _fit_pairwise(d: np.ndarray, a: np.ndarray, C: float, tol: float,
                  max_iter: int) -> tuple[np.ndarray, Any]:
    from scipy.optimize import minimize

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        m = d @ w
        loss = np.logaddexp(0.0, -m)
        sig = np.exp(-np.logaddexp(0.0, m))      # sigmoid(-m), stable
        f = C * float(a @ loss) + 0.5 * float(w @ w)
        grad = -C * (d.T @ (a * sig)) + w
        return f, grad

    w0 = np.full(d.shape[1], 1.0 / d.shape[1])
    res = minimize(objective, w0, jac=True, method="L-BFGS-B",
                   bounds=[(0.0, None)] * d.shape[1],
                   options={"maxiter": max_iter, "gtol": tol, "ftol": tol * 1e-3})
    return np.asarray(res.x, dtype=np.float64), res


class WeightTuner(BaseEstimator):
    """Fit pfmatch :class:`~pfmatch.Weights` from judgments (pairwise logistic, w >= 0).

    See the module docstring for the method and why it was chosen, and for
    the ``X`` / ``y`` convention.

    Parameters
    ----------
    directory : Directory, path or None, default=None
        The provider directory; None uses the bundled sample.  A path is
        loaded once per process.  ``clone`` shares the (immutable) directory
        instead of copying it.
    C : float, default=1.0
        Inverse strength of the L2 penalty (as in scikit-learn's
        ``LogisticRegression``): smaller values shrink weights toward equal
        shares after normalization.
    k : int, default=10
        The ``k`` of the ``match()`` calls: the NDCG cutoff of :meth:`score`,
        and the ``k`` whose rural widening decides the candidates.
    coverage : bool, default=True
        As for :func:`pfmatch.match` (used by :meth:`score` and :meth:`rankings`).
    unjudged : {"ignore", "zero"}, default="ignore"
        ``"ignore"`` fits on judged offerings only and :meth:`score` ranks
        them only (the condensed list), so logged referrals do not favour the
        ranking that chose them.  ``"zero"`` treats every unjudged candidate
        as gain 0 in both (only when judgments are exhaustive).
    max_pairs_per_family : int, default=500
        Pairs kept per family (sampled with ``random_state`` beyond that).
    tol : float, default=1e-6
        L-BFGS-B gradient tolerance.
    max_iter : int, default=500
    random_state : int or None, default=None
        Seeds the pair sampling; ``None`` means 0, so fits are always repeatable.

    Attributes
    ----------
    weights_ : Weights
        The fitted weights, summing to 1.
    coef_ : ndarray of shape (6,)
        The same in :data:`component_names_` order.
    component_names_ : tuple of str
    n_pairs_ : int
        Pairs the loss was computed on.
    n_families_ : int
        Families with at least one pair.
    provenance_ : dict
        pfmatch version, parameters, directory checksum, seed, data sizes,
        the fitted weights and the optimizer's status: what :meth:`save` writes.

    Examples
    --------
    >>> from sklearn.model_selection import GroupKFold, cross_validate
    >>> from pfmatch import simulate
    >>> sim = simulate.simulate(60, seed=2)
    >>> y = align(sim.families, sim.judgments)
    >>> cv = cross_validate(WeightTuner(), sim.families, y, cv=GroupKFold(3),
    ...                     groups=[f["id"] for f in sim.families])
    >>> len(cv["test_score"])
    3
    """

    def __init__(self, directory: Any = None, *, C: float = 1.0, k: int = 10,
                 coverage: bool = True, unjudged: str = "ignore",
                 max_pairs_per_family: int = 500, tol: float = 1e-6, max_iter: int = 500,
                 random_state: int | None = None) -> None:
        self.directory = directory
        self.C = C
        self.k = k
        self.coverage = coverage
        self.unjudged = unjudged
        self.max_pairs_per_family = max_pairs_per_family
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state

    # -- scikit-learn plumbing ---------------------------------------------------------
    def __sklearn_clone__(self) -> WeightTuner:
        """Clone the parameters, sharing the directory (immutable and large)."""
        params = self.get_params(deep=False)
        directory = params.pop("directory")
        return type(self)(directory=directory, **{k: clone(v, safe=False)
                                                  for k, v in params.items()})

    def _validate(self) -> None:
        name = type(self).__name__

        def bad(param: str, must: str) -> ConfigError:
            value = getattr(self, param)
            return ConfigError(f"The {param!r} parameter of {name} must be {must}. "
                               f"Got {value!r} instead.")

        if isinstance(self.C, bool) or not isinstance(self.C, Real) or not (
                math.isfinite(self.C) and self.C > 0):
            raise bad("C", "a float > 0")
        for param, low in (("k", 1), ("max_pairs_per_family", 1), ("max_iter", 1)):
            v = getattr(self, param)
            if isinstance(v, bool) or not isinstance(v, Integral) or v < low:
                raise bad(param, f"an int >= {low}")
        if not isinstance(self.coverage, bool):
            raise bad("coverage", "a bool")
        if self.unjudged not in ("ignore", "zero"):
            raise bad("unjudged", "a str among {'ignore', 'zero'}")
        if isinstance(self.tol, bool) or not isinstance(self.tol, Real) or not self.tol > 0:
            raise bad("tol", "a float > 0")
        rs = self.random_state
        if rs is not None and (isinstance(rs, bool) or not isinstance(rs, Integral) or rs < 0):
            raise bad("random_state", "an int >= 0 or None")

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            from sklearn.exceptions import NotFittedError

            msg = (f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                   "appropriate arguments before using this estimator.")
            raise NotFittedError(msg)

    def _parts(self, X: Any, y: Any, func: str) -> tuple[Any, list[tuple[FamilyFeatures,
                                                                          dict[str, float]]]]:
        fams = _families(X, func)
        targets = _targets(fams, y, func)
        d = _resolve_directory(self.directory)
        parts = [(_features_for(f, d, int(self.k), _family_id(f, i)), g)
                 for i, (f, g) in enumerate(zip(fams, targets, strict=True))]
        return d, parts

    # -- fit ------------------------------------------------------------------------------
    def fit(self, X: Sequence[FamilyLike], y: Any, groups: Any = None) -> WeightTuner:
        """Learn the weights.

        Parameters
        ----------
        X : list of family mappings
            Each with an ``id`` (the family id of the judgments).
        y : list of {item_id: gain}, or mapping family_id -> {item_id: gain}
            Judgments; see the module docstring.
        groups : ignored
            Accepted so ``fit(X, y, groups=...)`` works; splitting is the
            splitter's job.

        Returns
        -------
        WeightTuner
            ``self``, fitted.

        Raises
        ------
        ConfigError
            For bad parameters or inputs, or when no family has two judged
            offerings with different gains (nothing to learn from).
        """
        self._validate()
        d, parts = self._parts(X, y, "fit")
        seed = 0 if self.random_state is None else int(self.random_state)
        rng = np.random.default_rng(seed)
        diffs, pair_w = _pairwise_data(parts, unjudged=self.unjudged,
                                       max_pairs=int(self.max_pairs_per_family), rng=rng)
        if not len(diffs):
            msg = ("fit(): no family has two judged offerings (among those that pass the rules) "
                   "with different gains, so there is nothing to learn from. Check that the "
                   "judgments' item ids match the directory, or use unjudged='zero'.")
            raise ConfigError(msg)
        w, res = _fit_pairwise(diffs, pair_w, float(self.C), float(self.tol), int(self.max_iter))
        total = float(w.sum())
        if not total > 0:
            msg = ("fit(): every learned weight is 0: no component separates better from worse "
                   "offerings in these judgments. Try a larger C.")
            raise ConfigError(msg)
        coef = w / total
        self.coef_ = coef
        self.component_names_ = COMPONENTS
        self.weights_ = Weights(**{c: float(v) for c, v in zip(COMPONENTS, coef, strict=True)})
        self.n_pairs_ = len(diffs)
        self.n_families_ = len({id(ff) for ff, g in parts if g})
        self.provenance_ = {
            "estimator": "pfmatch.tune.WeightTuner",
            "method": "pairwise logistic regression, w >= 0 (L-BFGS-B), normalized to sum 1",
            "pfmatch_version": __version__,
            "params": {k: v for k, v in self.get_params(deep=False).items() if k != "directory"},
            "seed": seed,
            "directory_checksum": d.checksum,
            "n_families": len(parts),
            "n_pairs": len(diffs),
            "weights": self.weights_.to_dict(),
            "optimizer": {"converged": bool(res.success), "iterations": int(res.nit),
                          "message": str(res.message)},
        }
        return self

    # -- use ------------------------------------------------------------------------------
    def rankings(self, X: Sequence[FamilyLike], *, weights: Any = None) -> dict[str, list[str]]:
        """``match()``'s top-k item ids per family id, with the fitted (or given) weights."""
        if weights is None:
            self._check_fitted()
            w = self.weights_
        else:
            w = Weights.coerce(weights)
        self._validate()
        fams = _families(X, "rankings")
        d = _resolve_directory(self.directory)
        out: dict[str, list[str]] = {}
        for i, f in enumerate(fams):
            fid = _family_id(f, i)
            ff = _features_for(f, d, int(self.k), fid)
            out[fid] = ff.ranking(w, k=int(self.k), coverage=bool(self.coverage))
        return out

    def evaluate(self, X: Sequence[FamilyLike], y: Any,
                 metrics: Sequence[str] | str = ("ndcg@10", "recall@10", "mrr"), *,
                 weights: Any = None) -> Any:
        """An :class:`~pfmatch.metrics.Evaluation` of the fitted (or given) weights.

        Provenance records the weights, directory checksum, seed, ``k`` and
        ``coverage``.
        """
        from pfmatch import metrics as m

        fams = _families(X, "evaluate")
        targets = _targets(fams, y, "evaluate")
        ranks = self.rankings(fams, weights=weights)
        w = self.weights_ if weights is None else Weights.coerce(weights)
        judg = {_family_id(f, i): g for i, (f, g) in enumerate(zip(fams, targets, strict=True))}
        d = _resolve_directory(self.directory)
        prov = {"weights": w.to_dict(), "directory_checksum": d.checksum,
                "seed": self.random_state, "k": int(self.k), "coverage": bool(self.coverage),
                "ranker": "pfmatch.match"}
        return m.evaluate(ranks, judg, metrics, provenance=prov)

    def score(self, X: Sequence[FamilyLike], y: Any) -> float:
        """Mean NDCG@k of ``match()``'s rankings with the fitted weights.

        With ``unjudged="ignore"`` (the default) each family's ranking is
        first *condensed* to its judged offerings, so offerings nobody
        referred neither help nor hurt (see the module docstring: this is
        what keeps cross-validation on logged referrals from favouring the
        logging policy).  With ``unjudged="zero"`` it is plain NDCG@k, as
        :meth:`evaluate` computes.  When every candidate is judged the two
        are equal.

        Families with no relevant judged item are left out of the mean (as in
        :func:`pfmatch.metrics.evaluate`; no warning is raised here).  NaN if
        none is left.
        """
        self._check_fitted()
        if self.unjudged == "zero":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataWarning)
                ev = self.evaluate(X, y, [f"ndcg@{int(self.k)}"])
            return float(ev.mean[f"ndcg@{int(self.k)}"])
        values = self.per_family_scores(X, y)
        kept = values[np.isfinite(values)]
        return float(kept.mean()) if len(kept) else math.nan

    def per_family_scores(self, X: Sequence[FamilyLike], y: Any, *,
                          weights: Any = None) -> np.ndarray:
        """Each family's NDCG@k as :meth:`score` computes it (NaN: nothing relevant).

        Parameters
        ----------
        X, y
            As for :meth:`score`.
        weights : Weights, mapping or path, optional
            Score these weights instead of the fitted ones (no fit needed).

        Returns
        -------
        ndarray of shape (len(X),)
            In ``X`` order: what error bars and paired tests over families need.
        """
        from pfmatch.metrics import ndcg

        if weights is None:
            self._check_fitted()
            w = self.weights_
        else:
            w = Weights.coerce(weights)
        self._validate()
        _, parts = self._parts(X, y, "score")
        k = int(self.k)
        out = np.full(len(parts), math.nan)
        for i, (ff, gains) in enumerate(parts):
            if not any(g > 0 for g in gains.values()):
                continue
            order = ff.order(w, coverage=bool(self.coverage))
            ids = [ff.item_ids[int(j)] for j in order]
            if self.unjudged != "zero":
                ids = condensed(ids, gains)
            out[i] = ndcg(gains, ids[:k], k=k)
        return out

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted weights and :attr:`provenance_` as JSON.

        ``pfmatch.match(family, weights=path)`` and :meth:`pfmatch.Weights.load`
        read the file.
        """
        self._check_fitted()
        self.weights_.save(path, metadata=self.provenance_)
