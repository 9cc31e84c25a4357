"""Saved indexes: Directory.save / Directory.load round trip, format checks, pickling by path."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import pfmatch
from pfmatch import ConfigError, Directory
from pfmatch._persist import MANIFEST

FAMILIES = [
    {"location": {"zip": "90011"}, "needs": ["food", "rent_assistance"], "languages": ["es"]},
    {"location": {"zip": "91331"}, "needs": ["child_care"], "barriers": ["no_transportation"],
     "children": [{"age_months": 30}]},
    {"needs": ["mental_health"], "safety_concern": True},
]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Directory.sample().save(tmp_path_factory.mktemp("idx") / "sample.pfidx")


def test_round_trip_gives_the_same_directory_and_answers(saved: Path) -> None:
    a = Directory.sample()
    b = Directory.load(saved, progress=False)
    assert b.checksum == a.checksum and len(b) == len(a) and len(b.index) == len(a.index)
    assert b.offerings == a.offerings  # load order, decoded records
    assert b.report.counts == a.report.counts
    for fam in FAMILIES:
        for explain in (False, True):
            ra = pfmatch.match(fam, a, explain=explain)
            rb = pfmatch.match(fam, b, explain=explain)
            assert ra.to_dicts() == rb.to_dicts()
            assert ra.excluded == rb.excluded
    assert pfmatch.match(FAMILIES[0], str(saved)).to_dicts() == pfmatch.match(FAMILIES[0], a).to_dicts()


def test_a_saved_index_travels_by_path(saved: Path) -> None:
    b = Directory.load(saved, progress=False)
    raw = pickle.dumps(b)
    assert len(raw) < 1000
    assert pickle.loads(raw).checksum == b.checksum


def _copy(saved: Path, dest: Path) -> Path:
    dest.mkdir()
    for f in saved.iterdir():
        (dest / f.name).write_bytes(f.read_bytes())
    return dest


def test_other_format_version_is_refused(saved: Path, tmp_path: Path) -> None:
    p = _copy(saved, tmp_path / "v")
    m = json.loads((p / MANIFEST).read_text())
    m["format_version"] = 999
    (p / MANIFEST).write_text(json.dumps(m))
    with pytest.raises(ConfigError, match="version"):
        Directory.load(p)


def test_changed_file_is_refused(saved: Path, tmp_path: Path) -> None:
    p = _copy(saved, tmp_path / "c")
    raw = bytearray((p / "lat.npy").read_bytes())
    raw[-1] ^= 0xFF
    (p / "lat.npy").write_bytes(bytes(raw))
    with pytest.raises(ConfigError, match="checksum"):
        Directory.load(p)
