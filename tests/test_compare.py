"""compare(): one table of systems against a baseline, with paired tests."""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache

import pytest

import pfmatch
from pfmatch import metrics, simulate


@lru_cache(maxsize=2)
def data() -> simulate.Simulation:
    s = simulate.simulate(60, seed=7, full_judgments=True)
    # compare() warns about (and leaves out) families with no relevant item;
    # these tests are about the table, so they keep only families that have one
    keep = [f for f in s.families if any(g > 0 for g in s.full_judgments[f["id"]].values())]
    return dataclasses.replace(s, families=keep)


def run(**kw: object) -> metrics.Comparison:
    s = data()
    systems = {"default": pfmatch.Weights(), "planted": s.true_weights,
               "same": pfmatch.Weights()}
    return metrics.compare(systems, s.families, None, s.full_judgments, **kw)  # type: ignore[arg-type]


def test_table_means_deltas_and_tests() -> None:
    c = run(metrics=["ndcg@10", "recall@10"])
    assert c.systems == ("default", "planted", "same") and c.baseline == "default"
    assert c.metrics == ("ndcg@10", "recall@10")
    for m in c.metrics:
        assert c.delta["default"][m] == 0 and math.isnan(c.pvalue["default"][m])
        assert c.delta["same"][m] == 0 and c.pvalue["same"][m] == 1.0
        assert c.delta["planted"][m] == pytest.approx(
            c.mean["planted"][m] - c.mean["default"][m])
    assert c.delta["planted"]["ndcg@10"] > 0
    assert c.pvalue["planted"]["ndcg@10"] < 0.05
    assert c.wins["planted"]["ndcg@10"] > c.losses["planted"]["ndcg@10"]
    assert "baseline 'default'" in repr(c) and "(baseline)" in repr(c)
    assert "<table>" in c._repr_html_()


def test_evaluations_match_evaluate_on_match_rankings() -> None:
    s = data()
    c = run(metrics=["ndcg@10"])
    fams = s.families[:10]
    rankings = {f["id"]: [metrics.item_id(m.service_id, m.location_id)
                          for m in pfmatch.match(f, k=10, weights=s.true_weights)] for f in fams}
    ev = metrics.evaluate(rankings, s.full_judgments, ["ndcg@10"])
    per = {v.query_id: v.value for v in c.evaluations["planted"].per_query}
    for v in ev.per_query:
        assert per[v.query_id] == pytest.approx(v.value)


def test_provenance_is_recorded() -> None:
    c = run(metrics="ndcg@5", seed=7, provenance={"judgments": "simulated"})
    p = c.provenance
    assert p["weights"]["planted"] == data().true_weights.to_dict()
    assert p["directory_checksum"] == pfmatch.Directory.sample().checksum
    assert p["seed"] == 7 and p["k"] == 5 and p["judgments"] == "simulated"
    assert p["pfmatch_version"] == pfmatch.__version__ and p["metrics"] == ["ndcg@5"]
    assert c.evaluations["planted"].provenance["system"] == "planted"
    assert c.to_dict()["provenance"] == p


def test_ttest_corrections_and_frames() -> None:
    raw = run(metrics=["ndcg@10"], test="ttest")
    holm = run(metrics=["ndcg@10"], test="ttest", correction="holm")
    bonf = run(metrics=["ndcg@10"], test="ttest", correction="bonferroni")
    p = raw.pvalue["planted"]["ndcg@10"]
    assert p <= holm.pvalue["planted"]["ndcg@10"] <= bonf.pvalue["planted"]["ndcg@10"]
    pytest.importorskip("pandas")
    df = raw.to_frame()
    assert list(df.index) == ["default", "planted", "same"]
    assert {"ndcg@10", "ndcg@10 Δ", "ndcg@10 p", "ndcg@10 +", "ndcg@10 -"} <= set(df.columns)
    long = raw.per_query_frame()
    assert set(long["system"]) == {"default", "planted", "same"}


def test_baseline_choice_and_errors() -> None:
    c = run(metrics=["mrr"], baseline="planted")
    assert c.baseline == "planted" and c.delta["planted"]["mrr"] == 0
    s = data()
    with pytest.raises(pfmatch.ConfigError, match="baseline 'x' is not one of"):
        run(baseline="x")
    with pytest.raises(pfmatch.ConfigError, match="'test' parameter of compare"):
        run(test="anova")
    with pytest.raises(pfmatch.ConfigError, match="'systems' parameter"):
        metrics.compare({}, s.families, None, s.judgments)
    with pytest.raises(pfmatch.ConfigError, match="'families' parameter"):
        metrics.compare({"a": None}, [], None, s.judgments)


def test_one_warning_for_families_without_judgments() -> None:
    s = data()
    fams = [*s.families[:5], {"id": "unjudged", "location": {"zip": "90011"}, "needs": ["food"]}]
    with pytest.warns(pfmatch.DataWarning, match="1 of 6 families"):
        c = metrics.compare({"a": None, "b": {"access": 1.0}}, fams, None, s.full_judgments)
    assert c.n_scored == 5
