"""Malformed input: a clear ProviderDataError or a report entry, never another exception."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfmatch import ProviderDataError
from pfmatch.io import read_directory, read_records


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id": "s1", "name": "x"},\n  {"id": "s2" "name": "y"}\n]\n')
    with pytest.raises(ProviderDataError) as exc:
        read_directory(path)
    msg = str(exc.value)
    assert "bad.json" in msg and "line 3" in msg and "column" in msg
    assert exc.value.row == 3


def test_bad_ndjson_line(tmp_path: Path) -> None:
    path = tmp_path / "x.ndjson"
    path.write_text('{"id": "a", "name": "A"}\n{"id": "b", "name": "B"}\n{"id": \n')
    with pytest.raises(ProviderDataError, match="line 3"):
        read_directory(path)


@pytest.mark.parametrize(("content", "match"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x00\x01\x02\x03binary\xff\xfe\x00", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\x1f\x8bnot really gzip", "gzip"),
    (b'{"id": 1, "code": "x", "taxonomy": "t"}', "not HSDS service data"),
])
def test_bad_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(content)
    with pytest.raises(ProviderDataError, match=match) as exc:
        read_directory(path)
    assert "data.json" in str(exc.value)


def test_missing_path_and_unknown_folder(tmp_path: Path) -> None:
    with pytest.raises(ProviderDataError, match="does not exist"):
        read_directory(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ProviderDataError, match="supported") as exc:
        read_directory(tmp_path)
    assert "notes.txt" in str(exc.value)


def _package(tmp_path: Path, services: str) -> Path:
    (tmp_path / "datapackage.json").write_text(json.dumps({"version": "3.0.0"}))
    (tmp_path / "organizations.csv").write_text("id,name\no1,Org\n")
    (tmp_path / "services.csv").write_text(services)
    return tmp_path


def test_missing_required_columns(tmp_path: Path) -> None:
    _package(tmp_path, "id,organization_id,title\ns1,o1,x\n")
    with pytest.raises(ProviderDataError) as exc:
        read_directory(tmp_path)
    msg = str(exc.value)
    assert "services.csv" in msg and "'name'" in msg and "HSDS 3.0" in msg


def test_table_not_csv(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text(json.dumps({"version": "3.0.0"}))
    (tmp_path / "services.csv").write_bytes(b"\x00\x00\x01binary")
    with pytest.raises(ProviderDataError, match="binary"):
        read_directory(tmp_path)
    (tmp_path / "services.csv").write_text('{"id": "s1", "name": "x"}')
    with pytest.raises(ProviderDataError, match="JSON, not a CSV"):
        read_directory(tmp_path)
    (tmp_path / "services.csv").write_bytes(b"")
    with pytest.raises(ProviderDataError, match="empty"):
        read_directory(tmp_path)


def test_wrong_types_and_latitude_140(tmp_path: Path) -> None:
    _package(tmp_path, "id,organization_id,name,minimum_age\ns1,o1,A,ten\ns2,o1,B,4\n")
    (tmp_path / "locations.csv").write_text(
        "id,location_type,latitude,longitude\nl1,physical,140,10\nl2,physical,abc,10\n")
    (tmp_path / "service_at_location.csv").write_text(
        "id,service_id,location_id\na1,s1,l1\na2,s2,l2\n")
    result = read_directory(tmp_path)
    reasons = [(p.kind, p.file, p.row, p.reason) for p in result.report.problems]
    assert ("repaired", "locations.csv", 1,
            "latitude 140 out of range; coordinates dropped") in reasons
    assert any(r[1] == "services.csv" and r[2] == 1 and "minimum_age 'ten'" in r[3]
               for r in reasons)
    assert any(r[1] == "locations.csv" and r[2] == 2 and "latitude 'abc'" in r[3]
               for r in reasons)
    by_id = {s["id"]: s for s in result.services}
    assert by_id["s1"]["minimum_age"] is None and by_id["s2"]["minimum_age"] == 4
    loc = by_id["s1"]["service_at_locations"][0]["location"]
    assert loc["latitude"] is None and loc["longitude"] is None


def test_json_latitude_out_of_range() -> None:
    svc = {"id": "s", "name": "n", "service_at_locations": [
        {"location": {"id": "l", "latitude": 140, "longitude": 10}}]}
    result = read_records([svc])
    (p,) = result.report.problems
    assert p.kind == "repaired" and p.table == "locations"
    assert p.reason == "latitude 140 out of range; coordinates dropped"


def test_read_records_rejects_non_iterables() -> None:
    with pytest.raises(ProviderDataError):
        read_records({"id": "s", "name": "n"})  # type: ignore[arg-type]
    with pytest.raises(ProviderDataError):
        read_records("abc")  # type: ignore[arg-type]


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=5))
_garbage = st.recursive(_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=10)
_fields = st.sampled_from([
    "id", "name", "minimum_age", "maximum_age", "organization", "phones", "languages",
    "service_at_locations", "schedules", "attributes", "cost_options", "status", "_source",
    "service_areas", "required_documents", "description"])
_location = st.fixed_dictionaries({}, optional={
    "id": _garbage, "latitude": _garbage, "longitude": _garbage, "addresses": _garbage,
    "phones": _garbage})
_record = st.one_of(
    _garbage,
    st.dictionaries(_fields, _garbage, max_size=8),
    st.fixed_dictionaries({"id": st.text(min_size=1, max_size=4), "name": st.text(max_size=4)},
                          optional={"service_at_locations": st.lists(
                              st.fixed_dictionaries({}, optional={"location": _location}),
                              max_size=2),
                                    "minimum_age": _garbage, "phones": _garbage,
                                    "organization": _garbage}),
)


@given(st.lists(_record, max_size=6))
def test_read_records_never_crashes(records: list[Any]) -> None:
    try:
        result = read_records(records)
    except ProviderDataError:
        return
    rep = result.report
    assert rep.counts["services"] + rep.skipped_count("services") == len(records)
    json.dumps(result.services)
    for s in result.services:
        assert isinstance(s["id"], str) and isinstance(s["name"], str)
        for sal in s["service_at_locations"]:
            loc = sal["location"]
            if loc and loc["latitude"] is not None:
                assert -90 <= loc["latitude"] <= 90
                assert -180 <= loc["longitude"] <= 180
