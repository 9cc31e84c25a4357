"""pfmatch.metrics: hand-computed cases, the sklearn oracle, properties, evaluate()."""

from __future__ import annotations

import copy
import json
import math
import sys
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import ndcg_score

import pfmatch
from pfmatch import ConfigError, DataWarning
from pfmatch.metrics import (
    Evaluation,
    Metric,
    MetricValue,
    evaluate,
    hit_rate,
    ndcg,
    parse_metric,
    precision,
    recall,
    reciprocal_rank,
)

LOG2_3 = math.log2(3)  # discount of rank 2
LOG2_4 = 2.0  # discount of rank 3


# --------------------------------------------------------------------------- hand-computed


def test_ndcg_hand_computed() -> None:
    # gains a=3, b=2, c=0 (judged), d unjudged (0); ranking d, b, a
    # DCG  = 0/1 + 2/log2(3) + 3/log2(4) = 1.26186 + 1.5       = 2.76186
    # IDCG = 3/1 + 2/log2(3)             = 3 + 1.26186         = 4.26186
    # nDCG = 2.76186 / 4.26186 = 0.64804
    gains = {"a": 3, "b": 2, "c": 0}
    expected = (2 / LOG2_3 + 3 / LOG2_4) / (3 + 2 / LOG2_3)
    assert ndcg(gains, ["d", "b", "a"]) == pytest.approx(expected)
    assert ndcg(gains, ["d", "b", "a"]) == pytest.approx(0.64804, abs=1e-5)


def test_ndcg_cutoff_uses_ideal_top_k() -> None:
    # k=2: DCG@2 = 0/1 + 2/log2(3) = 1.26186; IDCG@2 = 3 + 2/log2(3) = 4.26186
    # nDCG@2 = 0.29608
    gains = {"a": 3, "b": 2, "c": 0}
    assert ndcg(gains, ["d", "b", "a"], k=2) == pytest.approx((2 / LOG2_3) / (3 + 2 / LOG2_3))


def test_ndcg_counts_relevant_items_missing_from_ranking() -> None:
    # a (gain 1) is ranked first, b (gain 1) never ranked:
    # DCG = 1; IDCG = 1 + 1/log2(3) = 1.63093; nDCG = 0.61315
    assert ndcg({"a": 1, "b": 1}, ["a", "x"]) == pytest.approx(1 / (1 + 1 / LOG2_3))


def test_ndcg_collection_means_binary_gain() -> None:
    assert ndcg({"a", "b"}, ["a", "b"]) == 1.0  # type: ignore[arg-type]


def test_recall_hand_computed() -> None:
    # relevant {a, b, c}; top-2 of [a, x, b] holds a -> 1/3; top-3 holds a, b -> 2/3
    assert recall({"a", "b", "c"}, ["a", "x", "b"], k=2) == pytest.approx(1 / 3)
    assert recall({"a", "b", "c"}, ["a", "x", "b"], k=3) == pytest.approx(2 / 3)


def test_recall_gain_zero_is_not_relevant() -> None:
    # relevant = {a} only (b has gain 0): 1/1
    assert recall({"a": 2, "b": 0}, ["a"], k=1) == 1.0


def test_precision_hand_computed() -> None:
    # top-3 of [a, x, b]: a and b relevant -> 2/3
    assert precision({"a", "b"}, ["a", "x", "b"], k=3) == pytest.approx(2 / 3)
    # ranking shorter than k: empty slots are misses -> 1/4
    assert precision({"a"}, ["a"], k=4) == 0.25


def test_reciprocal_rank_hand_computed() -> None:
    # first relevant at rank 3 -> 1/3
    assert reciprocal_rank({"c", "d"}, ["a", "b", "c", "d"]) == pytest.approx(1 / 3)
    # cut off at 2 -> not found -> 0
    assert reciprocal_rank({"c"}, ["a", "b", "c"], k=2) == 0.0


def test_hit_rate_hand_computed() -> None:
    assert hit_rate({"c"}, ["a", "b", "c"], k=3) == 1.0
    assert hit_rate({"c"}, ["a", "b", "c"], k=2) == 0.0


def test_empty_ranking_scores_zero() -> None:
    assert ndcg({"a": 1}, []) == 0.0
    assert reciprocal_rank({"a"}, []) == 0.0
    assert recall({"a"}, (), k=3) == 0.0


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [(ndcg, {}), (ndcg, {"k": 3}), (recall, {"k": 3}), (precision, {"k": 3}),
     (reciprocal_rank, {}), (hit_rate, {"k": 3})],
)
@pytest.mark.parametrize("relevant", [{}, set(), {"a": 0, "b": 0.0}])
def test_no_relevant_item_gives_nan_and_warning(func, kwargs, relevant) -> None:
    with pytest.warns(DataWarning, match="no relevant item"):
        value = func(relevant, ["a", "b"], **kwargs)
    assert math.isnan(value)


# --------------------------------------------------------------------------- argument errors


@pytest.mark.parametrize("func", [recall, precision, hit_rate])
@pytest.mark.parametrize("k", [0, -1, 2.0, True, None, "3"])
def test_bad_k_required(func, k) -> None:
    with pytest.raises(ConfigError, match=r"The 'k' parameter of \w+\(\) must be an int >= 1"):
        func({"a"}, ["a"], k=k)


@pytest.mark.parametrize("func", [ndcg, reciprocal_rank])
def test_bad_k_optional(func) -> None:
    with pytest.raises(ConfigError, match=r"must be an int >= 1 or None\. Got 0 instead"):
        func({"a": 1}, ["a"], k=0)


def test_k_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        recall({"a"}, ["a"], 3)  # type: ignore[misc]


def test_string_ranking_rejected() -> None:
    with pytest.raises(ConfigError, match="must be a sequence"):
        ndcg({"a": 1}, "abc")


def test_set_ranking_rejected() -> None:
    with pytest.raises(ConfigError, match="in rank order"):
        recall({"a"}, {"a", "b"}, k=1)  # type: ignore[arg-type]


def test_duplicate_in_ranking_rejected() -> None:
    with pytest.raises(ConfigError, match="lists item 'a' more than once"):
        recall({"a"}, ["a", "b", "a"], k=3)


def test_string_relevant_rejected() -> None:
    with pytest.raises(ConfigError, match="wrap it in a list"):
        recall("svc-1", ["svc-1"], k=1)


@pytest.mark.parametrize("gain", [-1, math.nan, math.inf, "2", None])
def test_bad_gain_rejected(gain) -> None:
    with pytest.raises(ConfigError, match="finite numbers >= 0"):
        ndcg({"a": gain}, ["a"])


def test_non_str_ids_rejected() -> None:
    with pytest.raises(ConfigError, match="must be str"):
        ndcg({1: 1.0}, ["a"])  # type: ignore[dict-item]
    with pytest.raises(ConfigError, match="must be str"):
        ndcg({"a": 1.0}, [1])  # type: ignore[list-item]


# --------------------------------------------------------------------------- sklearn oracle


@st.composite
def tie_free_case(draw: st.DrawFn) -> tuple[list[float], list[str], int | None]:
    """Gains for n items (at least one > 0) and a full ranking of them."""
    n = draw(st.integers(2, 15))
    gains = draw(st.lists(st.integers(0, 3).map(float), min_size=n, max_size=n)
                 .filter(lambda g: any(x > 0 for x in g)))
    order = draw(st.permutations(range(n)))
    k = draw(st.none() | st.integers(1, n + 2))
    return gains, [f"s{i}" for i in order], k


@given(tie_free_case())
def test_ndcg_equals_sklearn_on_tie_free_inputs(case) -> None:
    gains, ranking, k = case
    n = len(gains)
    relevance = {f"s{i}": g for i, g in enumerate(gains)}
    # distinct scores, highest for rank 1, so sklearn sees the same order
    scores = [0.0] * n
    for rank, item in enumerate(ranking):
        scores[int(item[1:])] = float(n - rank)
    expected = ndcg_score([gains], [scores], k=k)
    assert ndcg(relevance, ranking, k=k) == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------- properties

ITEMS = [f"s{i}" for i in range(12)]


@st.composite
def judged_ranking(draw: st.DrawFn) -> tuple[dict[str, float], list[str]]:
    """Gains with at least one relevant item, and a ranking (maybe partial, maybe unjudged)."""
    judged = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=8, unique=True))
    gains = {item: draw(st.floats(0, 3)) for item in judged}
    gains[judged[0]] = draw(st.floats(0.5, 3))
    ranking = draw(st.lists(st.sampled_from(ITEMS), max_size=12, unique=True))
    return gains, ranking


@given(judged_ranking(), st.integers(1, 15))
def test_every_metric_in_unit_interval(case, k) -> None:
    gains, ranking = case
    for value in (ndcg(gains, ranking), ndcg(gains, ranking, k=k),
                  recall(gains, ranking, k=k), precision(gains, ranking, k=k),
                  reciprocal_rank(gains, ranking), reciprocal_rank(gains, ranking, k=k),
                  hit_rate(gains, ranking, k=k)):
        assert 0.0 <= value <= 1.0 + 1e-12


def _ideal(gains: dict[str, float]) -> list[str]:
    return sorted(gains, key=lambda item: -gains[item])


@given(judged_ranking(), st.none() | st.integers(1, 15))
def test_perfect_ranking_gives_ndcg_one(case, k) -> None:
    gains, _ = case
    assert ndcg(gains, _ideal(gains), k=k) == pytest.approx(1.0, abs=1e-12)


@given(judged_ranking(), st.none() | st.integers(1, 15))
def test_reversing_a_ranking_never_raises_ndcg(case, k) -> None:
    # Reversing an *arbitrary* ranking can raise nDCG (a worst-first ranking
    # improves), so the property is stated for the ideal order: reversing it
    # never raises nDCG, and every permutation lies between the two.
    gains, _ = case
    ideal = _ideal(gains)
    worst = ndcg(gains, ideal[::-1], k=k)
    assert worst <= ndcg(gains, ideal, k=k) + 1e-12


@given(judged_ranking(), st.data())
def test_any_permutation_between_reversed_ideal_and_ideal(case, data) -> None:
    gains, _ = case
    ideal = _ideal(gains)
    perm = data.draw(st.permutations(ideal))
    k = data.draw(st.none() | st.integers(1, 10))
    value = ndcg(gains, perm, k=k)
    assert ndcg(gains, ideal[::-1], k=k) - 1e-12 <= value <= 1.0 + 1e-12


@given(judged_ranking())
def test_recall_non_decreasing_in_k(case) -> None:
    gains, ranking = case
    values = [recall(gains, ranking, k=k) for k in range(1, 15)]
    assert values == sorted(values)


# --------------------------------------------------------------------------- metric names


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("ndcg@10", "ndcg@10"), ("nDCG@10", "ndcg@10"), ("NDCG", "ndcg"), ("mrr", "mrr"),
     ("RR", "mrr"), ("reciprocal_rank@5", "mrr@5"), ("hits@1", "hit_rate@1"),
     ("Hit_Rate@3", "hit_rate@3"), ("recall@5", "recall@5"), ("precision@3", "precision@3"),
     (" ndcg @ 10 ", "ndcg@10"), ("ndcg@010", "ndcg@10")],
)
def test_parse_metric(text, canonical) -> None:
    assert str(parse_metric(text)) == canonical


def test_metric_is_frozen_and_hashable() -> None:
    m = parse_metric("ndcg@10")
    assert m == Metric("ndcg", 10)
    assert repr(m) == "Metric(name='ndcg', k=10)"
    assert {m, Metric("NDCG", 10)} == {m}
    with pytest.raises(AttributeError):
        m.k = 5  # type: ignore[misc]
    assert parse_metric(m) is m


def test_metric_compute_matches_function() -> None:
    assert parse_metric("recall@2").compute({"a", "b"}, ["a", "c", "b"]) == 0.5


@given(st.sampled_from(["ndcg", "recall", "precision", "mrr", "hit_rate"]),
       st.integers(1, 10_000), st.booleans())
def test_metric_names_round_trip(name, k, upper) -> None:
    text = f"{name}@{k}"
    parsed = parse_metric(text.upper() if upper else text)
    assert str(parsed) == text
    assert parse_metric(str(parsed)) == parsed


def test_unknown_metric_lists_valid_names() -> None:
    with pytest.raises(ConfigError) as err:
        parse_metric("ndgc@10")
    msg = str(err.value)
    assert "Unknown metric 'ndgc'" in msg
    for name in ("'hit_rate@k'", "'mrr'", "'ndcg'", "'precision@k'", "'recall@k'", "'rr'",
                 "'hits'", "'reciprocal_rank'"):
        assert name in msg


@pytest.mark.parametrize("name", ["recall", "precision", "hit_rate", "hits"])
def test_cutoff_required(name) -> None:
    with pytest.raises(ConfigError, match="needs a cutoff"):
        parse_metric(name)


@pytest.mark.parametrize("text", ["ndcg@0", "ndcg@", "ndcg@x", "ndcg@-1", "ndcg@1.5",
                                  "ndcg@10@2", "", "@10", 10])
def test_bad_metric_text(text) -> None:
    with pytest.raises(ConfigError):
        parse_metric(text)


# --------------------------------------------------------------------------- evaluate

RANKINGS = {"fam-1": ["a", "b", "c"], "fam-2": ["c", "a"], "fam-3": ["x"]}
JUDGMENTS = {"fam-1": {"a": 3, "c": 1}, "fam-2": {"a": 2, "b": 0}, "fam-3": {"x": 0}}


def _evaluate(*args, **kwargs) -> Evaluation:
    with pytest.warns(DataWarning, match="1 of 3 queries have no relevant item"):
        return evaluate(*args, **kwargs)


def test_evaluate_hand_computed() -> None:
    ev = _evaluate(RANKINGS, JUDGMENTS, ["mrr", "recall@1", "ndcg"])
    # fam-1: rr = 1 (a at 1); recall@1 = 1/2; ndcg = (3 + 1/log2(4)) / (3 + 1/log2(3))
    # fam-2: rr = 1/2 (a at 2); recall@1 = 0; ndcg = (2/log2(3)) / 2 = 1/log2(3)
    # fam-3: skipped (only gain 0)
    ndcg1 = (3 + 1 / LOG2_4) / (3 + 1 / LOG2_3)
    ndcg2 = 1 / LOG2_3
    assert ev.metrics == ("mrr", "recall@1", "ndcg")
    assert ev.mean == pytest.approx({"mrr": 0.75, "recall@1": 0.25, "ndcg": (ndcg1 + ndcg2) / 2})
    assert ev.n_queries == 3
    assert ev.skipped == 1
    assert ev.skipped_ids == ("fam-3",)
    assert ev.per_query[0] == MetricValue("fam-1", "mrr", 1.0)
    assert len(ev.per_query) == 9
    assert [v.query_id for v in ev.per_query[-3:]] == ["fam-3"] * 3
    assert all(math.isnan(v.value) for v in ev.per_query[-3:])


def test_evaluate_always_returns_evaluation() -> None:
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, "ndcg@5")
    assert isinstance(ev, Evaluation)
    assert ev.mean == {"ndcg@5": 1.0}
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, [Metric("rr")])
    assert ev.metrics == ("mrr",)


def test_evaluate_default_metrics() -> None:
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}})
    assert ev.metrics == ("ndcg@10", "recall@10", "mrr")


def test_query_without_judgments_is_skipped() -> None:
    with pytest.warns(DataWarning, match="1 of 2 queries"):
        ev = evaluate({"q1": ["a"], "q2": ["a"]}, {"q1": {"a": 1}}, ["mrr"])
    assert ev.skipped_ids == ("q2",)
    assert ev.mean == {"mrr": 1.0}


def test_judged_query_missing_from_rankings_is_not_evaluated() -> None:
    ev = evaluate({"q1": ["a"]}, {"q1": {"a": 1}, "q2": {"a": 1}}, ["mrr"])
    assert ev.n_queries == 1
    assert ev.skipped == 0


def test_all_queries_skipped_gives_nan_means() -> None:
    with pytest.warns(DataWarning, match="1 of 1 queries"):
        ev = evaluate({"q": ["a"]}, {}, ["mrr", "ndcg"])
    assert all(math.isnan(v) for v in ev.mean.values())
    assert ev.to_dict()["mean"] == {"mrr": None, "ndcg": None}


def test_evaluate_warns_once() -> None:
    rankings = {f"q{i}": ["a"] for i in range(5)}
    with pytest.warns(DataWarning) as record:
        evaluate(rankings, {}, ["mrr", "ndcg"])
    assert len(record) == 1


def test_evaluate_does_not_mutate_inputs() -> None:
    rankings = copy.deepcopy(RANKINGS)
    judgments = copy.deepcopy(JUDGMENTS)
    metrics = ["ndcg@10", "mrr"]
    provenance = {"seed": 7, "weights": {"distance": 0.3}}
    ev = _evaluate(rankings, judgments, metrics, provenance=provenance)
    assert rankings == RANKINGS
    assert judgments == JUDGMENTS
    assert metrics == ["ndcg@10", "mrr"]
    assert provenance == {"seed": 7, "weights": {"distance": 0.3}}
    ev.provenance["weights"]["distance"] = 9  # the stored copy is independent
    assert provenance["weights"]["distance"] == 0.3


def test_evaluate_is_deterministic() -> None:
    a = _evaluate(RANKINGS, JUDGMENTS).to_dict()
    b = _evaluate(RANKINGS, JUDGMENTS).to_dict()
    assert a == b


@pytest.mark.parametrize("metrics", [[], (), ["ndcg", "NDCG"], ["mrr", "rr"], 5])
def test_evaluate_bad_metrics(metrics) -> None:
    with pytest.raises(ConfigError, match="'metrics' parameter of evaluate"):
        evaluate({"q": ["a"]}, {"q": {"a": 1}}, metrics)


def test_evaluate_unknown_metric() -> None:
    with pytest.raises(ConfigError, match="Unknown metric 'map'"):
        evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["map@10"])


def test_evaluate_bad_inputs() -> None:
    with pytest.raises(ConfigError, match="non-empty mapping"):
        evaluate({}, {})
    with pytest.raises(ConfigError, match="non-empty mapping"):
        evaluate([("q", ["a"])], {})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="'judgments' parameter"):
        evaluate({"q": ["a"]}, [])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"rankings\['q'\]"):
        evaluate({"q": "abc"}, {"q": {"a": 1}})
    with pytest.raises(ConfigError, match=r"judgments\['q'\]"):
        evaluate({"q": ["a"]}, {"q": {"a": -1}})
    with pytest.raises(ConfigError, match="Query ids"):
        evaluate({1: ["a"]}, {})  # type: ignore[dict-item]


# --------------------------------------------------------------------------- provenance


def test_provenance_added() -> None:
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"],
                  provenance={"seed": 3, "directory_sha256": "ab12"})
    assert ev.provenance == {"seed": 3, "directory_sha256": "ab12",
                             "pfmatch_version": pfmatch.__version__, "metrics": ["mrr"]}
    assert ev.to_dict()["provenance"] == ev.provenance


def test_provenance_default() -> None:
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"])
    assert ev.provenance == {"pfmatch_version": pfmatch.__version__, "metrics": ["mrr"]}


def test_provenance_same_version_accepted_conflicting_rejected() -> None:
    ok = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"],
                  provenance={"pfmatch_version": pfmatch.__version__})
    assert ok.provenance["pfmatch_version"] == pfmatch.__version__
    with pytest.raises(ConfigError, match="ranker_pfmatch_version"):
        evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"], provenance={"pfmatch_version": "0.0.1"})


def test_provenance_must_be_json() -> None:
    with pytest.raises(ConfigError, match="JSON-serialisable"):
        evaluate({"q": ["a"]}, {"q": {"a": 1}}, provenance={"weights": object()})
    with pytest.raises(ConfigError, match="must be a dict or None"):
        evaluate({"q": ["a"]}, {"q": {"a": 1}}, provenance=["seed"])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- display and export


def test_to_dict_is_json_ready() -> None:
    d = _evaluate(RANKINGS, JUDGMENTS, ["mrr"], provenance={"seed": 1}).to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text) == d
    assert d["skipped"] == 1
    assert d["per_query"][2] == {"query_id": "fam-3", "metric": "mrr", "value": None}


def test_repr_is_a_table() -> None:
    ev = _evaluate(RANKINGS, JUDGMENTS, ["mrr", "recall@1"])
    assert repr(ev) == (
        "Evaluation: 3 queries, 2 scored, 1 skipped (no relevant item)\n"
        "  metric      mean\n"
        "  mrr       0.7500\n"
        "  recall@1  0.2500"
    )


def test_repr_html_escapes_strings() -> None:
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"],
                  provenance={"<script>k</script>": "<b>v</b>"})
    out = ev._repr_html_()
    assert "<script>" not in out
    assert "<b>" not in out
    assert "&lt;script&gt;k&lt;/script&gt;" in out
    assert "&lt;b&gt;v&lt;/b&gt;" in out
    assert "<td>mrr</td><td>1.0000</td>" in out


def test_to_frame_without_pandas_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    ev = evaluate({"q": ["a"]}, {"q": {"a": 1}}, ["mrr"])
    with pytest.raises(ImportError) as err:
        ev.to_frame()
    assert str(err.value) == (
        "pandas is needed for to_frame(); install it with pip install 'pfmatch[pandas]'")


def test_to_frame_with_pandas() -> None:
    pd = pytest.importorskip("pandas")
    ev = _evaluate(RANKINGS, JUDGMENTS, ["mrr", "recall@1"], provenance={"seed": 1})
    frame = ev.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["mrr", "recall@1"]
    assert list(frame.index) == ["fam-1", "fam-2", "fam-3"]
    assert frame.index.name == "query_id"
    assert frame.loc["fam-2", "mrr"] == 0.5
    assert frame.attrs["provenance"]["seed"] == 1


def test_public_names() -> None:
    from pfmatch import metrics

    assert len(set(metrics.__all__)) == len(metrics.__all__)  # order: ruff RUF022 (isort-style)
    for name in metrics.__all__:
        assert hasattr(metrics, name)


def test_to_frame_builds_wide_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs without pandas: a stand-in module records how to_frame() calls pandas.
    class FakeIndex(list):
        def __init__(self, data, name=None) -> None:
            super().__init__(data)
            self.name = name

    class FakeFrame:
        def __init__(self, data, index=None) -> None:
            self.data, self.index, self.attrs = data, index, {}

    fake = types.ModuleType("pandas")
    fake.DataFrame = FakeFrame  # type: ignore[attr-defined]
    fake.Index = FakeIndex  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pandas", fake)
    ev = _evaluate(RANKINGS, JUDGMENTS, ["mrr", "recall@1"], provenance={"seed": 1})
    frame = ev.to_frame()
    assert list(frame.index) == ["fam-1", "fam-2", "fam-3"]
    assert frame.index.name == "query_id"
    assert frame.data["mrr"][:2] == [1.0, 0.5]
    assert math.isnan(frame.data["recall@1"][2])
    assert frame.attrs == {"provenance": ev.provenance, "skipped": 1}
