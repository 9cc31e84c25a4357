"""what_if(): before/after lists when a barrier is removed or a weight changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pfmatch
from pfmatch._whatif import WhatIf, apply_changes
from pfmatch.assess import Family

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _family(name: str) -> dict[str, object]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_removing_a_barrier_moves_the_list() -> None:
    fam = _family("family-pfs2-gaps.json")
    w = pfmatch.what_if(fam, changes={"remove_barriers": ["no_internet"]}, k=6)
    assert isinstance(w, WhatIf)
    assert w.before.k == w.after.k == 6
    # the same as two plain calls
    plain = pfmatch.match({**fam, "barriers": []}, k=6)
    assert [m.service_id for m in w.after] == [m.service_id for m in plain]
    assert w.new and w.dropped
    assert len(w.rows) == len({(r.service_id, r.location_id) for r in w.rows})
    text = w.to_table(width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "new" in text and "dropped" in text
    assert "without no_internet" in w.summary()


def test_no_change_is_all_equal() -> None:
    fam = _family("family-pfs2-gaps.json")
    w = pfmatch.what_if(fam, changes={"weights": {}, "label": "same"}, k=5)
    assert {r.move for r in w.rows} == {"="}
    assert w.summary().startswith("same:")


def test_weight_change() -> None:
    fam = {"location": {"zip": "90011"}, "needs": ["food", "parenting classes"]}
    w = pfmatch.what_if(fam, changes={"weights": {"distance": 5.0, "need": 0.01}}, k=8)
    assert w.after.weights.distance == 5.0
    assert w.before.weights == pfmatch.Weights()
    assert any(r.move != "=" for r in w.rows)


def test_apply_changes() -> None:
    fam = Family.from_dict(_family("family-spanish-no-car.json"))
    f2 = apply_changes(fam, {"remove_barriers": ["no transportation"], "max_distance_km": 15,
                             "add_needs": ["diapers"]})
    assert "no_transportation" not in f2.barriers
    assert f2.max_distance_km == 15
    assert "diapers" in f2.needs
    assert apply_changes(fam, {"max_distance_km": None}).max_distance_km is None


def test_bad_changes() -> None:
    fam = _family("family-spanish-no-car.json")
    with pytest.raises(pfmatch.ConfigError):
        pfmatch.what_if(fam, changes={})
    with pytest.raises(pfmatch.FamilyDataError):
        pfmatch.what_if(fam, changes={"max_distance_km": -3})
    with pytest.raises(pfmatch.FamilyDataError):
        pfmatch.what_if(fam, changes={"favourite_colour": "blue"})


def test_html_and_frame_escape() -> None:
    fam = _family("family-pfs2-gaps.json")
    w = pfmatch.what_if(fam, changes={"remove_barriers": ["no_internet"]}, k=4)
    out = w._repr_html_()
    assert "<script" not in out and "Before" in out and "After" in out
    pytest.importorskip("pandas")
    df = w.to_frame()
    assert list(df.columns[:3]) == ["before", "after", "move"]
    assert len(df) == len(w.rows)


def test_pins_survive_and_are_marked() -> None:
    fam = _family("family-dv-safety.json")
    w = pfmatch.what_if(fam, changes={"remove_barriers": ["no_phone"]}, k=4)
    pinned = [r for r in w.rows if r.pinned]
    assert pinned and all(r.move == "pinned" for r in pinned)
    assert w.rows[: len(pinned)] == pinned
