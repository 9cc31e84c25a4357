"""``pfmatch match`` with many families: files, NDJSON, stdin, formats, -j, --output-dir."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import pfmatch
from pfmatch.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(str(p) for p in EXAMPLES.glob("family-*.json"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _families() -> list[dict]:
    return [json.loads(Path(f).read_text(encoding="utf-8")) for f in FILES]


def test_many_files_to_ndjson_equal_match_per_family(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "match", *FILES, "-k", "3", "--format", "ndjson")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == len(FILES)
    for line, path, fam in zip(lines, FILES, _families(), strict=True):
        doc = json.loads(line)
        assert doc["input"]["file"] == path and doc["input"]["line"] == 1
        assert doc["input"].get("id") == fam.get("id")
        assert doc["schema"] == "pfmatch.result/1"
        assert doc["pfmatch_version"] == pfmatch.__version__
        expected = json.loads(pfmatch.match(fam, k=3).to_json())
        assert {k: v for k, v in doc.items() if k != "input"} == expected


def test_ndjson_file_and_stdin(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    fams = _families()[:3]
    text = "\n".join(json.dumps(f) for f in fams) + "\n\n"
    src = tmp_path / "families.ndjson"
    src.write_text(text, encoding="utf-8")
    code, out, err = _run(capsys, "match", str(src), "-k", "2", "--format", "ndjson")
    assert code == 0, err
    assert [json.loads(x)["input"]["line"] for x in out.splitlines()] == [1, 2, 3]
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out2, _ = _run(capsys, "match", "-", "-k", "2", "--format", "ndjson")
    assert code == 0
    strip = [{k: v for k, v in json.loads(x).items() if k != "input"} for x in out.splitlines()]
    assert strip == [{k: v for k, v in json.loads(x).items() if k != "input"}
                     for x in out2.splitlines()]
    assert json.loads(out2.splitlines()[0])["input"]["file"] == "standard input"


def test_json_array_csv_and_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    arr = tmp_path / "two.json"
    arr.write_text(json.dumps(_families()[:2]), encoding="utf-8")
    code, out, _ = _run(capsys, "match", str(arr), "-k", "2", "--format", "json")
    assert code == 0
    docs = json.loads(out)
    assert [d["input"]["line"] for d in docs] == [1, 2]
    code, out, _ = _run(capsys, "match", *FILES[:2], "-k", "2", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["input_file"] == FILES[0]
    assert {r["input_file"] for r in rows} == set(FILES[:2])
    assert out.count("input_file") == 1                 # one header
    code, out, _ = _run(capsys, "match", *FILES[:2], "-k", "2", "--width", "80")
    assert code == 0 and out.count("== ") == 2 and f"== {FILES[1]}, line 1" in out


def test_output_dir_one_file_per_family(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = _run(capsys, "match", *FILES[:3], "-k", "2", "--format", "json",
                          "--output-dir", str(out_dir))
    assert code == 0 and out == "" and "3 result files written" in err
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == sorted(f"{Path(f).stem}-1.json" for f in FILES[:3])
    assert json.loads((out_dir / names[0]).read_text())["schema"] == "pfmatch.result/1"


def test_invalid_family_stops_the_batch_unless_keep_going(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    src = tmp_path / "mixed.ndjson"
    good = _families()[0]
    src.write_text(json.dumps(good) + "\n" + '{"children": [{"age_years": -31337.5}]}\n' + "[1]\n",
                   encoding="utf-8")
    code, out, err = _run(capsys, "match", str(src), "--format", "ndjson")
    assert code == 1 and out == ""
    assert "line 2: " in err and "$.children[0]" in err and "line 3: " in err
    assert "31337" not in err and "Traceback" not in err
    code, out, err = _run(capsys, "match", str(src), "--format", "ndjson", "--keep-going")
    assert code == 1 and len(out.splitlines()) == 1
    src.write_text('{"location": {"zip": "90011"}}\n{oops\n', encoding="utf-8")
    code, out, err = _run(capsys, "match", str(src))
    assert code == 1 and "line 2 is not valid JSON" in err


def test_jobs_and_saved_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from pfmatch._directory import sample_path

    idx = tmp_path / "idx"
    code, _, err = _run(capsys, "index", str(sample_path() / "services.json"), str(idx))
    assert code == 0 and "saved index" in err
    code, one, _ = _run(capsys, "match", *FILES, "-k", "3", "--format", "ndjson",
                        "--providers", str(idx))
    assert code == 0
    code, two, err = _run(capsys, "match", *FILES, "-k", "3", "--format", "ndjson",
                          "--providers", str(idx), "-j", "2")
    assert code == 0, err
    assert one == two


@pytest.mark.parametrize("argv", [["match", FILES[0], "-j", "0"],
                                  ["match", FILES[0], "--format", "yaml"]])
def test_batch_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2 and "usage:" in err


def test_handout_needs_one_family(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "match", *FILES[:2], "--handout", str(tmp_path / "h.html"))
    assert code == 2 and "one family" in err


def test_output_dir_never_overwrites_a_result_of_the_run(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.json").write_text(Path(FILES[0]).read_text(encoding="utf-8"),
                                               encoding="utf-8")
    out_dir = tmp_path / "out"
    code, _, _ = _run(capsys, "match", str(tmp_path / "a" / "x.json"), str(tmp_path / "b" / "x.json"),
                      "-k", "1", "--format", "csv", "--output-dir", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["x-1-2.csv", "x-1.csv"]


def test_validate_json_carries_schema_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    from pfmatch._directory import sample_path

    code, out, _ = _run(capsys, "validate", str(sample_path() / "services.json"), "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["schema"] == "pfmatch.load_report/1"
    assert doc["pfmatch_version"] == pfmatch.__version__
    assert doc["counts"]["services"] == 2193
