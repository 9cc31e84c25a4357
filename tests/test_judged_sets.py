"""The judged-set loader and nDCG of the quality benchmark (benchmarks/judged_sets.py)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from judged_sets import Case, load_sets, ndcg_at_k

FAMILY = {"location": {"zip": "21217"}, "needs": ["food"]}


def _write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_extension_adds_judgments_and_the_extended_set_wins(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"directory": "x", "cases": [
        {"id": "A", "family": FAMILY, "judged": {"1": "relevant"}, "should_find": ["9"]}]})
    extra = _write(tmp_path / "extra.json", {"directory": "x", "extends": "base.json", "cases": [
        {"id": "A", "judged": {"1": "irrelevant", "2": "partly"},
         "judged_pins": {"p": "right"}, "should_find": ["8"], "note": "extra"}]})
    (js,) = load_sets([base, extra])
    case = js.cases[0]
    assert case.judged == {"1": "relevant", "2": "partly"}
    assert case.judged_pins == {"p": "right"}
    assert case.should_find == ["9", "8"]
    assert js.extended_by == ["extra.json"]


def test_unknown_verdict_is_an_error(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.json", {"directory": "x", "cases": [
        {"id": "A", "family": FAMILY, "judged": {"1": "good"}}]})
    with pytest.raises(ValueError, match="unknown judgments"):
        load_sets([bad])


def test_extension_of_a_case_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"directory": "x", "cases": [
        {"id": "A", "family": FAMILY, "judged": {}}]})
    extra = _write(tmp_path / "extra.json", {"directory": "x", "extends": "base.json",
                                             "cases": [{"id": "B", "judged": {}}]})
    with pytest.raises(ValueError, match="not a case"):
        load_sets([base, extra])


def test_ndcg_condenses_unjudged_results_out() -> None:
    case = Case(id="A", family=FAMILY, judged={"r": "relevant", "p": "partly", "i": "irrelevant"})
    perfect = ndcg_at_k(["r", "p"], case)
    assert perfect == pytest.approx(1.0)
    # an unjudged result in front changes nothing: it is removed before scoring
    assert ndcg_at_k(["unjudged", "r", "p"], case) == pytest.approx(1.0)
    worse = ndcg_at_k(["i", "p", "r"], case)
    assert worse is not None and 0 < worse < 1


def test_ndcg_counts_should_find_in_the_ideal_and_none_without_gain() -> None:
    case = Case(id="A", family=FAMILY, judged={"r": "relevant"}, should_find=["s"])
    got = ndcg_at_k(["r"], case)
    assert got == pytest.approx(1.0 / (1.0 + 1.0 / math.log2(3)))
    assert ndcg_at_k(["i"], Case(id="B", family=FAMILY, judged={"i": "irrelevant"})) is None
