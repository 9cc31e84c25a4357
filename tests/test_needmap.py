"""NeedMap: vocabulary integrity, taxonomy/text relevance, factor coverage."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from pfmatch._needmap import FACTORS, TEXT_CEILING, NeedMap, load_data_toml


@pytest.fixture(scope="module")
def nm() -> NeedMap:
    return NeedMap.default()


def test_codes_are_the_contract(nm: NeedMap) -> None:
    assert len(nm.codes) == 34 and len(set(nm.codes)) == 34
    assert nm.factors == FACTORS
    assert nm.need_factor.shape == (34, 5) and nm.need_factor.dtype == np.float32
    assert ((nm.need_factor >= 0) & (nm.need_factor <= 1)).all()
    assert (nm.need_factor.max(axis=1) > 0).all()
    assert set(nm.labels) == set(nm.labels_es) == set(nm.codes)
    assert NeedMap.default() is nm


def test_factor_service_kinds_are_need_codes(nm: NeedMap) -> None:
    doc = load_data_toml("factors.toml")
    assert tuple(doc["order"]) == FACTORS
    for f in doc["factor"]:
        assert set(f["service_kinds"]) <= set(nm.codes)
        assert set(f["primary_needs"]) <= set(f["service_kinds"])


def test_hsis_verified_subset(nm: NeedMap) -> None:
    for n in load_data_toml("needs.toml")["need"]:
        assert set(n["hsis_verified"]) <= set(n["hsis"]), n["code"]


@pytest.mark.parametrize(("code", "need", "hit"), [
    ("BD-1800.2000-620", "food", True), ("BD-1800", "food", True), ("BD-18000", "food", False),
    ("BD-1800.20", "food", True), ("1130", "food", True), ("11300", "food", False),
    ("RX-8450", "substance_use", True), ("RXA", "substance_use", False),
    ("BH-1800.1500-100", "domestic_violence", True), ("BH-1800.1500-100", "shelter", True),
    ("FT-3600.3300", "immigration_legal", True), ("LV-1600", "dental_care", True),
    ("LV-6800", "dental_care", False),
])
def test_taxonomy_code_boundary(nm: NeedMap, code: str, need: str, hit: bool) -> None:
    r = nm.taxonomy_relevance([[code]], [[]]).toarray()[0]
    assert (r[nm.codes.index(need)] == 1.0) == hit


def test_taxonomy_names_score_point_nine(nm: NeedMap) -> None:
    r = nm.taxonomy_relevance([["101-02-01"]], [["Help Pay for Food"]]).toarray()[0]
    assert r[nm.codes.index("food")] == pytest.approx(0.9)
    r = nm.taxonomy_relevance([["102-04"]], [["food pantry"]]).toarray()[0]
    assert r[nm.codes.index("food")] == pytest.approx(0.9)


def test_text_relevance_bounded_and_sensible(nm: NeedMap) -> None:
    texts = ["Weekly food pantry and emergency food distribution for families.",
             "Diaper bank: free diapers, wipes and baby formula.",
             "Individual counseling and therapy for depression and anxiety.",
             "Tax preparation for small businesses.", ""]
    r = nm.text_relevance(texts)
    d = r.toarray()
    assert d.shape == (5, 34) and r.dtype == np.float32
    assert d.min() >= 0 and d.max() <= TEXT_CEILING + 1e-6
    assert d[0].argmax() == nm.codes.index("food")
    assert d[1].argmax() == nm.codes.index("baby_supplies")
    assert d[2].argmax() == nm.codes.index("mental_health")
    assert d[4].sum() == 0


def test_relevance_is_max_and_taxonomy_outranks_text(nm: NeedMap) -> None:
    texts = ["food pantry food bank groceries emergency food", "food pantry"]
    r = nm.relevance(texts, [[], ["BD-1800.2000"]], [[], []]).toarray()
    j = nm.codes.index("food")
    assert r[0, j] <= TEXT_CEILING and r[1, j] == 1.0
    assert r.min() >= 0 and r.max() <= 1


def test_scores_do_not_depend_on_other_offerings(nm: NeedMap) -> None:
    a = ["Food pantry open Tuesdays.", "Legal aid for tenants facing eviction."]
    b = ["Something unrelated about dogs."] * 20
    ra = nm.relevance(a, [["BD-1800"], []], [[], []]).toarray()
    rb = nm.relevance(b + a, [[]] * 20 + [["BD-1800"], []], [[]] * 22).toarray()[20:]
    np.testing.assert_array_equal(ra, rb)
    np.testing.assert_array_equal(nm.factor_coverage(ra), nm.factor_coverage(rb))


def test_factor_coverage_noisy_or(nm: NeedMap) -> None:
    n = len(nm.codes)
    r = np.zeros((3, n), dtype=np.float32)
    r[1, nm.codes.index("food")] = 1.0
    r[2, nm.codes.index("support_groups")] = 0.5
    r[2, nm.codes.index("parenting_education")] = 0.5
    cov = nm.factor_coverage(r)
    assert cov.shape == (3, 5) and cov.dtype == np.float32
    assert (cov[0] == 0).all()
    assert cov[1, FACTORS.index("concrete_support")] == pytest.approx(1.0)
    # social connections: support groups weight 1.0 at relevance 0.5 -> 0.5; parenting ed 0
    assert cov[2, FACTORS.index("social_connections")] == pytest.approx(0.5)
    # parental resilience: 1 - (1 - 0.5*0.5) * (1 - 0.5*0.3)
    assert cov[2, 0] == pytest.approx(1 - 0.75 * 0.85, abs=1e-6)
    full = nm.factor_coverage(np.ones((1, n)))
    assert ((full >= 0) & (full <= 1)).all()


@pytest.mark.shared_data
def test_baltimore_every_factor_covered(shared_data: Path, nm: NeedMap) -> None:
    base = shared_data / "bchd-charmcare-baltimore" / "icarol-csv"
    if not (base / "services.csv").is_file():
        pytest.skip("Baltimore iCarol export absent")
    with (base / "services.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cats = json.loads((base / "service_icarol_categories.json").read_text(encoding="utf-8"))
    texts = [" ".join(r.get(k) or "" for k in ("name", "description", "eligibility"))
             for r in rows]
    codes = [cats.get(r["id"], []) for r in rows]
    rel = nm.relevance(texts, codes, [[] for _ in rows])
    cov = nm.factor_coverage(rel)
    assert cov.shape == (len(rows), 5)
    assert np.isfinite(cov).all() and cov.min() >= 0 and cov.max() <= 1
    counts = (cov >= 0.5).sum(axis=0)
    for f, c in zip(FACTORS, counts, strict=True):
        assert c >= 25, (f, int(c))
    # deterministic
    np.testing.assert_array_equal(cov, nm.factor_coverage(nm.relevance(texts, codes,
                                                                       [[] for _ in rows])))
