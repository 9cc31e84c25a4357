"""The judgments file format: load_judgments, Judgments, item_id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pfmatch import ConfigError
from pfmatch.metrics import (
    DEFAULT_GAINS,
    JudgmentRow,
    Judgments,
    evaluate,
    item_id,
    load_judgments,
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(tmp_path: Path, *records: object, name: str = "j.jsonl") -> Path:
    return write(tmp_path, name, "".join(json.dumps(r) + "\n" for r in records))


# --------------------------------------------------------------------------- item_id


def test_item_id() -> None:
    assert item_id("svc-1") == "svc-1"
    assert item_id("svc-1", None) == "svc-1"
    assert item_id("svc-1", "") == "svc-1"
    assert item_id("svc-1", "loc-9") == "svc-1@loc-9"


@pytest.mark.parametrize("service", ["", "a@b", None, 5])
def test_item_id_rejects_bad_service(service) -> None:
    with pytest.raises(ConfigError, match="service_id"):
        item_id(service)


def test_item_id_rejects_bad_location() -> None:
    with pytest.raises(ConfigError, match="location_id"):
        item_id("svc", 5)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- happy paths


def test_csv_relevance(tmp_path: Path) -> None:
    path = write(tmp_path, "j.csv",
                 "family_id,service_id,location_id,relevance,note\n"
                 "fam-1,svc-1,loc-1,3,great\n"
                 "fam-1,svc-2,,0,\n"
                 "fam-2,svc-1,loc-2,1.5,\n")
    j = load_judgments(path)
    assert dict(j) == {"fam-1": {"svc-1@loc-1": 3.0, "svc-2": 0.0},
                       "fam-2": {"svc-1@loc-2": 1.5}}
    assert len(j) == 2
    assert j.rows[0] == JudgmentRow("fam-1", "svc-1", "loc-1", 3.0, None, None, None, None,
                                    3.0, 2)
    assert j.rows[1].location_id is None
    assert j.rows[1].line == 3
    assert repr(j) == f"Judgments(2 families, 3 rows, source={str(path)!r})"


def test_csv_without_location_column_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "j.csv"
    path.write_bytes("\ufeffFamily_ID, Service_ID ,relevance\r\nf,s,2\r\n".encode())
    assert dict(load_judgments(path)["f"]) == {"s": 2.0}


def test_csv_outcomes_default_gains(tmp_path: Path) -> None:
    path = write(tmp_path, "j.csv",
                 "family_id,service_id,location_id,referred,contacted,connected,helped\n"
                 "f,helped,,yes,yes,yes,yes\n"
                 "f,connected,,true,TRUE,1,0\n"
                 "f,contacted,,1,1,no,no\n"
                 "f,referred,,yes,no,no,no\n"
                 "f,nothing,,no,no,no,no\n")
    assert dict(load_judgments(path)["f"]) == {
        "helped": 3.0, "connected": 2.0, "contacted": 1.0, "referred": 0.0, "nothing": 0.0}


def test_outcome_gain_is_furthest_step_reached(tmp_path: Path) -> None:
    # helped without a recorded contact still counts as helped
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "referred": True,
                            "contacted": False, "connected": False, "helped": True})
    assert load_judgments(path)["f"]["s"] == 3.0


def test_custom_gains(tmp_path: Path) -> None:
    path = jsonl(tmp_path,
                 {"family_id": "f", "service_id": "a", "referred": 1, "contacted": 1,
                  "connected": 0, "helped": 0},
                 {"family_id": "f", "service_id": "b", "referred": 1, "contacted": 0,
                  "connected": 0, "helped": 0})
    j = load_judgments(path, gains={"contacted": 0.5, "referred": 0.1})
    assert dict(j["f"]) == {"a": 0.5, "b": 0.1}
    assert DEFAULT_GAINS["contacted"] == 1.0  # defaults untouched


def test_gains_ignored_for_relevance_rows(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "a", "relevance": 2})
    assert load_judgments(path, gains={"helped": 10})["f"]["a"] == 2.0


def test_jsonl_mixed_kinds_ids_and_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "j.ndjson",
                 '{"family_id": "f", "service_id": "a", "location_id": null, "relevance": 2}\n'
                 "\n"
                 '{"family_id": 7, "service_id": "b", "location_id": "L", "referred": "yes",'
                 ' "contacted": "no", "connected": "no", "helped": "no"}\n'
                 "   \n")
    j = load_judgments(path)
    assert dict(j) == {"f": {"a": 2.0}, "7": {"b@L": 0.0}}
    assert [r.line for r in j.rows] == [1, 3]


def test_judgments_is_read_only(tmp_path: Path) -> None:
    j = load_judgments(jsonl(tmp_path, {"family_id": "f", "service_id": "a", "relevance": 2}))
    with pytest.raises(TypeError):
        j["f"]["a"] = 0  # type: ignore[index]


def test_to_jsonl_round_trip(tmp_path: Path) -> None:
    src = write(tmp_path, "j.csv",
                "family_id,service_id,location_id,referred,contacted,connected,helped\n"
                "f,a,L1,yes,yes,no,no\n"
                "g,b,,yes,yes,yes,yes\n")
    first = load_judgments(src, gains={"contacted": 0.7})
    out = tmp_path / "out.jsonl"
    first.to_jsonl(out)
    again = load_judgments(out, gains={"contacted": 0.7})
    assert dict(again) == dict(first)
    assert [r._replace(line=0) for r in again.rows] == [r._replace(line=0) for r in first.rows]
    assert json.loads(out.read_text().splitlines()[1]) == {
        "family_id": "g", "service_id": "b", "referred": True, "contacted": True,
        "connected": True, "helped": True}


def test_to_jsonl_relevance_round_trip(tmp_path: Path) -> None:
    first = load_judgments(jsonl(tmp_path, {"family_id": "f", "service_id": "a",
                                            "location_id": "L", "relevance": 2.5}))
    out = tmp_path / "out.jsonl"
    first.to_jsonl(out)
    assert dict(load_judgments(out)) == {"f": {"a@L": 2.5}}


def test_judgments_feed_evaluate(tmp_path: Path) -> None:
    j = load_judgments(write(tmp_path, "j.csv",
                             "family_id,service_id,location_id,relevance\n"
                             "f,svc-1,loc-1,3\nf,svc-2,,1\n"))
    ev = evaluate({"f": [item_id("svc-2"), item_id("svc-1", "loc-1")]}, j, ["mrr", "recall@1"])
    assert ev.mean == {"mrr": 1.0, "recall@1": 0.5}


def test_judgments_constructor_rejects_duplicates() -> None:
    row = JudgmentRow("f", "s", None, 1.0, None, None, None, None, 1.0)
    with pytest.raises(ConfigError, match="duplicate judgment"):
        Judgments([row, row])


# --------------------------------------------------------------------------- error paths


def test_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "j.txt", "family_id,service_id,relevance\nf,s,1\n")
    with pytest.raises(ConfigError, match=r"j\.txt: cannot tell the judgments format.*\.jsonl"):
        load_judgments(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_judgments(tmp_path / "nope.csv")


@pytest.mark.parametrize(("name", "text"), [("e.csv", ""), ("e.csv", "\n\n"),
                                            ("e.csv", "family_id,service_id,relevance\n"),
                                            ("e.jsonl", ""), ("e.jsonl", "\n  \n")])
def test_empty_file(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(ConfigError, match="has no judgment rows"):
        load_judgments(write(tmp_path, name, text))


@pytest.mark.parametrize(
    ("header", "match"),
    [("family_id,relevance", r"line 1: missing column\(s\) \['service_id'\]"),
     ("service,family,relevance", r"missing column\(s\) \['family_id', 'service_id'\]"),
     ("family_id,service_id",
      r"missing column\(s\) \['referred', 'contacted', 'connected', 'helped'\]"),
     ("family_id,service_id,referred,helped",
      r"missing column\(s\) \['contacted', 'connected'\]"),
     ("family_id,service_id,relevance,helped", "both 'relevance' and outcome columns"),
     ("family_id,service_id,relevance,relevance", r"duplicate column\(s\) \['relevance'\]")],
)
def test_csv_header_errors(tmp_path: Path, header: str, match: str) -> None:
    path = write(tmp_path, "j.csv", header + "\nf,s,1,1\n")
    with pytest.raises(ConfigError, match=match) as err:
        load_judgments(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("value", ["4", "-1", "high", "nan", "", "3.5"])
def test_csv_bad_relevance(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "j.csv", f"family_id,service_id,relevance\nf,s,1\ng,s,{value}\n")
    if value == "":
        match = "line 3: row has neither 'relevance' nor the outcome fields"
    else:
        match = (rf"line 3: field 'relevance' must be a number from 0 to 3; got '{value}'\. "
                 "Use a number from 0")
    with pytest.raises(ConfigError, match=match):
        load_judgments(path)


@pytest.mark.parametrize("value", [True, None, [1], 3.01, "x"])
def test_jsonl_bad_relevance(tmp_path: Path, value: object) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "relevance": value})
    with pytest.raises(ConfigError, match=r"line 1: (field 'relevance'|row has neither)"):
        load_judgments(path)


@pytest.mark.parametrize("value", ["maybe", "", "2", "y"])
def test_csv_unknown_outcome_value(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "j.csv",
                 "family_id,service_id,referred,contacted,connected,helped\n"
                 f"f,s,yes,no,{value},no\n")
    with pytest.raises(ConfigError,
                       match=rf"line 2: unknown value for outcome 'connected'; got '{value}'\. "
                             "Use true/false, yes/no or 1/0"):
        load_judgments(path)


@pytest.mark.parametrize("value", [2, None, 0.5])
def test_jsonl_unknown_outcome_value(tmp_path: Path, value: object) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "referred": True,
                            "contacted": True, "connected": True, "helped": value})
    with pytest.raises(ConfigError, match="line 1: unknown value for outcome 'helped'"):
        load_judgments(path)


def test_jsonl_missing_outcome_field(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "referred": True})
    with pytest.raises(ConfigError, match=r"missing outcome field\(s\) \['contacted', "):
        load_judgments(path)


def test_jsonl_both_kinds_in_one_row(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "relevance": 1,
                            "helped": True})
    with pytest.raises(ConfigError, match="both 'relevance' and outcome fields"):
        load_judgments(path)


def test_jsonl_missing_ids(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "relevance": 1},
                 {"family": "f", "service_id": "s", "relevance": 1})
    with pytest.raises(ConfigError, match=r"line 2: missing field\(s\) \['family_id'\]"):
        load_judgments(path)


@pytest.mark.parametrize(("field", "value", "match"),
                         [("family_id", "", "field 'family_id' is empty"),
                          ("family_id", None, "field 'family_id' is empty"),
                          ("service_id", "  ", "field 'service_id' is empty"),
                          ("service_id", ["s"], "field 'service_id' must be a string"),
                          ("service_id", "a@b", "must not contain '@'"),
                          ("location_id", {"id": 1}, "field 'location_id' must be a string")])
def test_jsonl_bad_ids(tmp_path: Path, field: str, value: object, match: str) -> None:
    rec = {"family_id": "f", "service_id": "s", "relevance": 1, field: value}
    with pytest.raises(ConfigError, match=match):
        load_judgments(jsonl(tmp_path, rec))


def test_error_never_echoes_family_id(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"family_id": "SECRET-CASE-42", "service_id": "s", "relevance": 9})
    with pytest.raises(ConfigError) as err:
        load_judgments(path)
    assert "SECRET-CASE-42" not in str(err.value)


def test_invalid_json_line(tmp_path: Path) -> None:
    path = write(tmp_path, "j.jsonl",
                 '{"family_id": "f", "service_id": "s", "relevance": 1}\n{"family_id": \n')
    with pytest.raises(ConfigError, match=r"line 2: not valid JSON \(.*\)\. Write one JSON"):
        load_judgments(path)


def test_jsonl_line_not_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, "j.jsonl", '["f", "s", 1]\n')
    with pytest.raises(ConfigError, match="line 1: each line must be a JSON object; got 'list'"):
        load_judgments(path)


@pytest.mark.parametrize(("second", "line"), [("f,s,L,2", 3), ("f, s ,L,0", 3)])
def test_duplicate_rows(tmp_path: Path, second: str, line: int) -> None:
    path = write(tmp_path, "j.csv",
                 f"family_id,service_id,location_id,relevance\nf,s,L,1\n{second}\n")
    with pytest.raises(ConfigError,
                       match=rf"line {line}: duplicate judgment: the same family_id, "
                             r"service_id and location_id as line 2\. Keep one row"):
        load_judgments(path)


def test_same_service_at_two_locations_is_not_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path, "j.csv",
                 "family_id,service_id,location_id,relevance\nf,s,L1,1\nf,s,L2,2\nf,s,,3\n")
    assert dict(load_judgments(path)["f"]) == {"s@L1": 1.0, "s@L2": 2.0, "s": 3.0}


def test_csv_row_too_long(tmp_path: Path) -> None:
    path = write(tmp_path, "j.csv", "family_id,service_id,relevance\nf,s,1,extra\n")
    with pytest.raises(ConfigError, match="line 2: row has 4 fields but the header has 3"):
        load_judgments(path)


def test_csv_line_numbers_count_quoted_newlines(tmp_path: Path) -> None:
    path = write(tmp_path, "j.csv",
                 'family_id,service_id,relevance,note\nf,s,1,"two\nlines"\ng,s,7,\n')
    with pytest.raises(ConfigError, match="line 4: field 'relevance'"):
        load_judgments(path)


@pytest.mark.parametrize(("gains", "match"),
                         [({"halped": 3}, r"unknown keys \['halped'\]"),
                          ({"helped": -1}, "finite numbers >= 0; got helped=-1"),
                          ({"helped": float("nan")}, "finite numbers >= 0"),
                          ({"helped": "3"}, "finite numbers >= 0"),
                          ([("helped", 3)], "must be a mapping")])
def test_bad_gains(tmp_path: Path, gains: object, match: str) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "relevance": 1})
    with pytest.raises(ConfigError, match=match):
        load_judgments(path, gains=gains)  # type: ignore[arg-type]


def test_csv_propensity_column(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv",
                 "family_id,service_id,referred,contacted,connected,helped,propensity\n"
                 "f,a,1,1,1,0,0.25\n"
                 "f,b,1,0,0,0,\n")
    j = load_judgments(path)
    assert dict(j.propensities["f"]) == {"a": 0.25}
    assert j.rows[1].propensity is None


@pytest.mark.parametrize("value", [0, "0", -0.1, 1.5, "often", True, "nan"])
def test_bad_propensity(tmp_path: Path, value: object) -> None:
    path = jsonl(tmp_path, {"family_id": "f", "service_id": "s", "relevance": 1,
                            "propensity": value})
    with pytest.raises(ConfigError, match=r"line 1: field 'propensity' must be a number in \(0, 1\]"):
        load_judgments(path)
