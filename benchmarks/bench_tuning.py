"""Which model-selection score picks the best C when only logged referrals are known?

On the simulator (200 families, 60 % train with logged referrals only, 40 %
held out with every candidate judged), for each seed:

* the held-out NDCG@10 of ``WeightTuner(C=c)`` fitted on the training
  families, for every ``c`` of the grid (the truth the selection aims at);
* the C that 3-fold ``GroupKFold`` cross-validation on the *logged* training
  referrals picks under each score:

  - ``logged``: plain NDCG@10, unjudged offerings count as gain 0 (the old
    recipe; ``unjudged="zero"``);
  - ``condensed``: NDCG@10 of the ranking restricted to judged offerings
    (``WeightTuner.score``'s default, ``unjudged="ignore"``);
  - ``ips``: DCG@10 estimated with inverse-propensity weights from the
    logged propensities, scaled per family by the best value any ranking
    could reach (Joachims et al. 2017; Agarwal et al. 2019);
  - ``dr``: doubly robust: a ridge regression of gain on the components,
    fitted on the training folds with inverse-propensity weights, corrected
    by the IPS residuals of the logged referrals.

Run: ``.venv/bin/python benchmarks/bench_tuning.py [--seeds 0 1 2]`` (about
20 s per seed on one core).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold

from pfmatch import simulate, tune
from pfmatch._features import FamilyFeatures
from pfmatch.metrics import ndcg

GRID = (0.01, 0.1, 1.0, 10.0)
K = 10
Part = tuple[FamilyFeatures, dict[str, float], dict[str, float]]


def _disc(n: int) -> np.ndarray:
    return 1.0 / np.log2(np.arange(n) + 2.0)


def _relevant(g: dict[str, float]) -> bool:
    return any(v > 0 for v in g.values())


def logged(part: Part, order: list[str], _model: Any) -> float:
    _ff, g, _p = part
    return ndcg(g, order[:K], k=K) if _relevant(g) else math.nan


def condensed(part: Part, order: list[str], _model: Any) -> float:
    _ff, g, _p = part
    return ndcg(g, [i for i in order if i in g][:K], k=K) if _relevant(g) else math.nan


def ips(part: Part, order: list[str], _model: Any) -> float:
    _ff, g, p = part
    vals = {i: g[i] / p[i] for i in g if g[i] > 0}
    if not vals:
        return math.nan
    num = sum(vals.get(i, 0.0) * d for i, d in zip(order[:K], _disc(K), strict=False))
    ideal = sorted(vals.values(), reverse=True)[:K]
    return num / float(np.array(ideal) @ _disc(len(ideal)))


def dr(part: Part, order: list[str], model: Any) -> float:
    ff, g, p = part
    if not _relevant(g):
        return math.nan
    ghat = model.predict(ff.components)
    pos = {iid: q for q, iid in enumerate(ff.item_ids)}
    est = ghat.copy()
    for i, gi in g.items():
        if i in pos:
            est[pos[i]] += (gi - ghat[pos[i]]) / p[i]
    top = [pos[i] for i in order[:K]]
    ideal = np.sort(ghat)[::-1][:K]
    return float(est[top] @ _disc(len(top))) / float(ideal @ _disc(len(ideal)))


SCORES: dict[str, Callable[[Part, list[str], Any], float]] = {
    "logged": logged, "condensed": condensed, "ips": ips, "dr": dr}


def _reward_model(parts: list[Part]) -> Ridge:
    x, y, w = [], [], []
    for ff, g, p in parts:
        pos = {iid: q for q, iid in enumerate(ff.item_ids)}
        for i, gi in g.items():
            if i in pos:
                x.append(ff.components[pos[i]])
                y.append(gi)
                w.append(1.0 / p[i])
    return Ridge(alpha=1.0).fit(np.array(x), np.array(y), sample_weight=np.array(w))


def run(seed: int) -> None:
    t0 = time.perf_counter()
    sim = simulate.simulate(200, seed=seed, full_judgments=True)
    train, test = simulate.split(sim.families, test_size=0.4, seed=seed)
    y_train = tune.align(train, sim.judgments)
    y_test = tune.align(test, sim.full_judgments)
    held = {c: tune.WeightTuner(C=c, random_state=0).fit(train, y_train).score(test, y_test)
            for c in GRID}
    probe = tune.WeightTuner(random_state=0)
    _, tr = probe._parts(train, y_train, "bench")
    parts: list[Part] = [(ff, g, dict(sim.judgments.propensities.get(ff.family_id, {})))
                         for ff, g in tr]
    cv: dict[str, dict[float, list[float]]] = {s: {c: [] for c in GRID} for s in SCORES}
    for a, b in GroupKFold(3).split(train, groups=[f["id"] for f in train]):
        fold_x = [train[i] for i in a]
        fold_y = [y_train[i] for i in a]
        model = _reward_model([parts[i] for i in a])
        for c in GRID:
            w = tune.WeightTuner(C=c, random_state=0).fit(fold_x, fold_y).weights_
            for i in b:
                ff = parts[i][0]
                order = [ff.item_ids[int(j)] for j in ff.order(w)]
                for name, score in SCORES.items():
                    cv[name][c].append(score(parts[i], order, model))
    best = max(GRID, key=held.__getitem__)
    print(f"seed {seed}: held-out NDCG@10 by C: "
          + "  ".join(f"{c:g}: {held[c]:.4f}" for c in GRID) + f"   (best C = {best:g})")
    for name in SCORES:
        means = {c: float(np.nanmean(cv[name][c])) for c in GRID}
        pick = max(GRID, key=means.__getitem__)
        print(f"  {name:<10} picks C = {pick:<5g} held-out {held[pick]:.4f} "
              f"({held[pick] - held[best]:+.4f} vs best)   cv: "
              + "  ".join(f"{means[c]:.4f}" for c in GRID))
    print(f"  ({time.perf_counter() - t0:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    for seed in ap.parse_args().seeds:
        run(seed)


if __name__ == "__main__":
    main()
