"""The synthetic HSDS 3.0 generator of the build benchmark (benchmarks/synth_hsds.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pfmatch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from synth_hsds import write_hsds


def test_synthetic_hsds_directory_loads_and_matches(tmp_path: Path) -> None:
    """500 offerings: loaded count, clean report, several states, all factors, a match."""
    info = write_hsds(500, tmp_path / "services.ndjson", seed=3)
    d = pfmatch.Directory.load(tmp_path / "services.ndjson", progress=False)

    assert abs(len(d.index) - 500) <= 50
    assert not [p for p in d.report.problems if p.kind == "skipped"]
    states = {o.state for o in d.offerings if o.state}
    assert len(states) >= 4
    assert (d.index.factor_cov >= 0.5).any(axis=0).all()

    family = {"location": {"zip": info["zips"][0]}, "needs": ["food", "parenting_education"],
              "languages": ["en"], "children": [{"age_months": 30}]}
    assert len(pfmatch.match(family, d, k=10)) > 0


def test_synthetic_hsds_is_deterministic(tmp_path: Path) -> None:
    """The same size and seed write the same bytes."""
    a, b = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    write_hsds(200, a, seed=7)
    write_hsds(200, b, seed=7)
    assert a.read_bytes() == b.read_bytes()
