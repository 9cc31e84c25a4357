"""Feature export: the components match() combines, exactly."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import pfmatch
from pfmatch._directory import Directory
from pfmatch._offering import YES, Offering
from pfmatch._weights import COMPONENTS
from pfmatch.metrics import item_id

FAMILIES: list[dict[str, Any]] = [
    {"id": "one-need", "location": {"zip": "90011"}, "needs": ["food"], "languages": ["es"]},
    {"id": "multi", "location": {"zip": "90006"}, "needs": ["child care", "help paying rent", "diapers"],
     "barriers": ["work_hours", "no_transportation"],
     "factor_gaps": {"social_connections": "high"}},
    {"id": "no-location", "needs": ["counseling"], "barriers": ["cost"]},
    {"id": "flagged", "location": {"zip": "90011"}, "needs": ["food"],
     "screenings": {"ahc_hrsn": {"safety": [5, 5, 5, 5]}}},
]


@pytest.mark.parametrize("family", FAMILIES, ids=[f["id"] for f in FAMILIES])
@pytest.mark.parametrize("weights", [None, pfmatch.Weights(access=0.6, language=0.3, need=0.1)])
def test_features_equal_match_contributions(family: dict[str, Any], weights: Any) -> None:
    w = pfmatch.Weights.coerce(weights)
    f = pfmatch.features(family, weights=w, k=10)
    r = pfmatch.match(family, k=10, weights=w)
    row_of = {iid: i for i, iid in enumerate(f.item_id)}
    assert len(r) > 0
    for m in r:
        i = row_of[item_id(m.service_id, m.location_id)]
        assert f.rank[i] == m.rank
        assert not f.pinned[i]
        assert f.score[i] == pytest.approx(m.score, abs=1e-12)
        contrib = f.components[i] * f.active_weights[i]
        for c, v in zip(COMPONENTS, contrib, strict=True):
            assert m.contributions[c] == pytest.approx(v, abs=1e-12)
    # the ranked rows are match()'s whole order, one site per service: 1..n
    ranks = np.sort(f.rank[f.rank > 0])
    assert ranks.tolist() == list(range(1, len(ranks) + 1))
    assert len(set(f.service_id[f.rank > 0])) == len(ranks)
    assert not (f.pinned & (f.rank > 0)).any()
    for m in r.pinned:
        if m.location_id is not None or m.service_id in set(f.service_id):
            i = row_of.get(item_id(m.service_id, m.location_id))
            if i is not None:
                assert f.pinned[i] and f.rank[i] == 0


def test_flagged_family_marks_pinned_rows() -> None:
    f = pfmatch.features(FAMILIES[3])
    r = pfmatch.match(FAMILIES[3])
    pinned_ids = {item_id(m.service_id, m.location_id) for m in r.pinned}
    assert set(f.item_id[f.pinned]) <= pinned_ids
    assert f.pinned.any()


def test_score_is_components_at_active_weights() -> None:
    f = pfmatch.features(FAMILIES[1])
    assert np.allclose(f.score, np.einsum("ij,ij->i", f.components, f.active_weights))
    assert np.allclose(f.active_weights.sum(axis=1), 1.0)
    assert ((f.components >= 0) & (f.components <= 1)).all()


def test_weights_change_scores_not_components() -> None:
    a = pfmatch.features(FAMILIES[0])
    b = pfmatch.features(FAMILIES[0], weights={"distance": 1.0})
    assert np.array_equal(a.components, b.components)
    assert np.array_equal(a.item_id, b.item_id)
    assert not np.allclose(a.score, b.score)


def test_features_many_stacks_with_family_ids() -> None:
    fams = [{k: v for k, v in FAMILIES[0].items() if k != "id"}, FAMILIES[1]]
    many = pfmatch.features_many(fams)
    one = pfmatch.features(FAMILIES[1])
    assert set(many.family_id) == {"0", "multi"}
    sel = many.family_id == "multi"
    assert np.array_equal(many.components[sel], one.components)
    assert np.array_equal(many.rank[sel], one.rank)
    assert len(many) == len(one) + int((many.family_id == "0").sum())


def test_to_frame_and_columns() -> None:
    pytest.importorskip("pandas")
    f = pfmatch.features(FAMILIES[0])
    df = f.to_frame()
    assert list(df.columns) == list(f.columns)
    assert list(f.columns[4:10]) == list(COMPONENTS)
    assert len(df) == len(f)
    assert df.attrs["weights"] == pfmatch.Weights().to_dict()
    assert np.array_equal(f["need"], f.components[:, 0])
    with pytest.raises(KeyError, match="Unknown column"):
        f["nope"]
    assert "offerings for 1 family" in repr(f)


def _off(sid: str, **kw: Any) -> Offering:
    base: dict[str, Any] = {
        "service_id": sid, "location_id": f"{sid}-loc", "organization_id": "org",
        "service_name": f"Pantry {sid}", "organization_name": "Org", "latitude": 34.0129,
        "longitude": -118.2582, "taxonomy_codes": ("1130",), "taxonomy_names": ("Food Pantry",),
        "text": "food pantry", "languages": ("en", "es"), "languages_known": True,
    }
    base.update(kw)
    return Offering(**base)


def test_only_offerings_that_pass_the_rules() -> None:
    d = Directory.from_offerings([
        _off("a"), _off("b", status="defunct"), _off("c", languages=("ko",)),
        _off("d", latitude=34.3, attributes={"walk_in": YES}), _off("remote", location_id=None,
                                                                   remote=True, latitude=None,
                                                                   longitude=None)])
    fam = {"id": "x", "location": {"zip": "90011"}, "needs": ["food"], "languages": ["es"]}
    f = pfmatch.features(fam, d)
    assert set(f.service_id) == {"a", "d", "remote"}
    assert "remote" in set(f.item_id)          # remote item id has no location part
    assert f.location_id[list(f.service_id).index("remote")] is None
    r = pfmatch.match(fam, d)
    ranked = np.flatnonzero(f.rank > 0)
    assert [m.service_id for m in r] == [f.service_id[i] for i in ranked[np.argsort(f.rank[ranked])]]


def test_empty_batch_and_bad_k() -> None:
    f = pfmatch.features_many([])
    assert len(f) == 0 and f.components.shape == (0, 6)
    with pytest.raises(pfmatch.ConfigError, match="'k' parameter of features"):
        pfmatch.features(FAMILIES[0], k=0)
