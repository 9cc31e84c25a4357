"""The synthetic outcome simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

import pfmatch
from pfmatch import metrics, simulate


def test_deterministic_and_reproducible() -> None:
    a = simulate.simulate(40, seed=5)
    b = simulate.simulate(40, seed=5)
    c = simulate.simulate(40, seed=6)
    assert a.families == b.families and a.judgments.rows == b.judgments.rows
    assert a.families != c.families


def test_funnel_rates_follow_the_211_follow_up() -> None:
    s = simulate.simulate(150, seed=0)
    rates = s.outcome_rates()
    assert rates["contacted"] == pytest.approx(0.91, abs=0.02)
    assert rates["connected"] == pytest.approx(0.82, abs=0.02)
    assert rates["helped"] == pytest.approx(0.36, abs=0.04)   # about a third (peers.md §4)
    assert all(len(g) <= 8 for g in s.judgments.values())
    gains = {r.gain for r in s.judgments.rows}
    assert gains <= {0.0, 1.0, 2.0, 3.0}


def test_capacity_limits_help_by_need() -> None:
    # no capacity at all for any need: nobody is helped, the funnel above is unchanged
    caps = dict.fromkeys([*pfmatch.Directory.sample().index.need_codes, ""], 0.0)
    s = simulate.simulate(60, seed=1, capacity=caps)
    assert not any(r.helped for r in s.judgments.rows)
    assert s.outcome_rates()["connected"] == pytest.approx(0.82, abs=0.03)
    # food (capacity > 0.9) helps a larger share of the referrals that pass the
    # help threshold than rent (capacity < 0.5)
    assert simulate.CAPACITY["food"] > 0.9
    assert simulate.CAPACITY["rent_assistance"] < 0.5


def test_families_are_valid_and_local() -> None:
    fams = simulate.sample_families(50, seed=2)
    zips = {o.postal_code for o in pfmatch.Directory.sample().offerings}
    for f in fams:
        pfmatch.Family.from_dict(f)
        if "location" in f:
            assert f["location"]["zip"] in zips


def test_full_judgments_cover_every_candidate_and_provenance() -> None:
    s = simulate.simulate(20, seed=3, full_judgments=True)
    assert s.full_judgments is not None
    for fid, gains in s.judgments.items():
        assert set(gains) <= set(s.full_judgments[fid])
    feats = pfmatch.features_many(s.families)
    assert len(s.full_judgments.rows) == len(feats) - int(feats.pinned.sum())
    prov = s.provenance
    assert prov["seed"] == 3 and prov["true_weights"] == simulate.TRUE_WEIGHTS.to_dict()
    assert prov["directory_checksum"] == pfmatch.Directory.sample().checksum
    assert prov["pfmatch_version"] == pfmatch.__version__


def test_judgments_round_trip_through_a_file(tmp_path: Path) -> None:
    s = simulate.simulate(15, seed=4)
    path = tmp_path / "outcomes.jsonl"
    s.judgments.to_jsonl(path)
    loaded = metrics.load_judgments(path)
    assert {k: dict(v) for k, v in loaded.items()} == {k: dict(v) for k, v in s.judgments.items()}


def test_planted_weights_and_validation() -> None:
    w = pfmatch.Weights(distance=1.0)
    assert simulate.simulate(5, seed=0, true_weights=w).true_weights == w
    with pytest.raises(pfmatch.ConfigError, match="'explore' parameter of simulate"):
        simulate.simulate(5, explore=2)
    with pytest.raises(pfmatch.ConfigError, match="contacted >= connected >= helped"):
        simulate.simulate(5, rates={"helped": 0.95})
    with pytest.raises(pfmatch.ConfigError, match="Unknown rate"):
        simulate.simulate(5, rates={"cured": 0.1})
    train, test = simulate.split([{"id": str(i)} for i in range(10)], test_size=0.3, seed=1)
    assert len(train) == 7 and not {f["id"] for f in train} & {f["id"] for f in test}
