"""Directory: loading every real dataset end to end, the load report, factor coverage, validate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import pfmatch
from pfmatch.cli import main

DATASETS = {
    "baltimore": ("bchd-charmcare-baltimore", 1876),
    "san-mateo": ("ohana-smc-sample/sample-csv", 23),
    "ilao-1.1": ("ilao-florida-legal-aid/ilao/hsds-1.1-output", None),
    "ilao-raw": ("ilao-florida-legal-aid/ilao/raw-input", 429),
    "hsds-3.0-csv": ("hsds-spec-examples/v3.0/examples/csv", 1),
    "hsds-3.0-json": ("hsds-spec-examples/v3.0/examples/json/service_full.json", 1),
}


@pytest.fixture(scope="module")
def baltimore(shared_data: Path) -> pfmatch.Directory:
    return pfmatch.Directory.load(shared_data / "bchd-charmcare-baltimore")


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_real_dataset_loads_and_nothing_is_dropped_silently(shared_data: Path, name: str) -> None:
    rel, services = DATASETS[name]
    d = pfmatch.Directory.load(shared_data / rel)
    rep = d.report
    if services is not None:
        assert rep.counts["services"] == services
    for table, found in rep.source_counts.items():
        loaded = rep.counts.get(table)
        if loaded is not None:
            assert loaded + rep.skipped_count(table) == found, table
    assert rep.counts["offerings"] == len(d.index) > 0
    assert len(d) <= len(d.index)
    assert all(p.reason for p in rep.problems)
    doc = rep.to_dict()
    assert set(doc["counts"]) >= {"organizations", "services", "locations", "offerings"}


@pytest.mark.shared_data
def test_baltimore_family_gets_eligible_explained_results(baltimore: pfmatch.Directory) -> None:
    fam = {"location": {"zip": "21217"}, "needs": ["food", "parenting classes"], "languages": ["es", "en"],
           "children": [{"age_years": 3}], "barriers": ["no_transportation"]}
    r = pfmatch.match(fam, baltimore, k=10, explain=True)
    assert len(r) == 10
    excluded = {(e.service_id, e.location_id) for e in r.excluded}
    assert not excluded & {(m.service_id, m.location_id) for m in r}
    assert {"food", "parenting_education"} <= {n for m in r for n in m.needs}
    assert all(m.reasons for m in r)


@pytest.mark.shared_data
def test_every_protective_factor_is_built_by_many_baltimore_offerings(baltimore: pfmatch.Directory) -> None:
    covered = (baltimore.index.factor_cov >= 0.5).sum(axis=0)
    assert covered.min() >= 25, dict(zip(baltimore.index.factor_names, covered.tolist(), strict=True))


def test_every_protective_factor_is_built_by_many_sample_offerings() -> None:
    idx = pfmatch.Directory.sample().index
    covered = (idx.factor_cov >= 0.5).sum(axis=0)
    assert covered.min() >= 50, dict(zip(idx.factor_names, covered.tolist(), strict=True))
    # every need code is answered by some sample offering
    answered = np.asarray((idx.need_rel >= 0.3).sum(axis=0)).ravel()
    assert answered.min() >= 10, dict(zip(idx.need_codes, answered.tolist(), strict=True))


def test_sample_directory_has_safety_resources() -> None:
    idx = pfmatch.Directory.sample().index
    assert idx.crisis_line.sum() >= 2
    assert idx.dv_hotline.sum() >= 2
    assert any(o.confidential and o.address is None for o in idx.offerings)


def test_validate_exits_zero_without_skips_and_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    from pfmatch._directory import sample_path

    assert main(["validate", str(sample_path() / "services.json")]) == 0
    out = capsys.readouterr().out
    assert "2193 services" in out and "offerings" in out


@pytest.mark.shared_data
def test_validate_exits_non_zero_when_records_were_skipped(shared_data: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(shared_data / "bchd-charmcare-baltimore")]) == 1
    out = capsys.readouterr().out
    assert "skipped" in out


def test_missing_path_is_a_provider_error(tmp_path: Path) -> None:
    with pytest.raises(pfmatch.ProviderDataError, match="no such file"):
        pfmatch.Directory.load(tmp_path / "nope")


def test_from_records_round_trip() -> None:
    svc = {"id": "s1", "name": "Food Pantry", "status": "active",
           "organization": {"id": "o1", "name": "Org"},
           "attributes": [{"taxonomy_term": {"code": "1130", "name": "Food Pantry"}}],
           "service_at_locations": [{"id": "sal1", "location": {
               "id": "l1", "location_type": "physical", "latitude": 34.0, "longitude": -118.25}}]}
    d = pfmatch.Directory.from_records([svc])
    assert len(d) == 1 and d.report.counts["services"] == 1
    r = pfmatch.match({"location": {"zip": "90011"}, "needs": ["food"]}, d)
    assert r[0].service_id == "s1"
