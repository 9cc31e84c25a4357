"""The command line: exit codes, an 80-column table, JSON and CSV for software."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pfmatch._directory import sample_path
from pfmatch._display import display_width
from pfmatch.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SPANISH = str(EXAMPLES / "family-spanish-no-car.json")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("family-*.json")))
def test_table_fits_80_columns(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = _run(capsys, "match", str(EXAMPLES / name), "--width", "80", "--explain")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) > 5
    for line in lines:
        assert display_width(line) <= 80, line
    assert "Left out by the rules" in out


def test_json_parses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "match", SPANISH, "-k", "4", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert len(doc["matches"]) == 4
    assert "needs" not in doc  # family data is not echoed back


def test_csv_has_header(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "match", SPANISH, "-k", "3", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["rank", "pinned", "score", "service_id"]
    assert len(rows) == 4


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(Path(SPANISH).read_text(encoding="utf-8")))
    code, out, _ = _run(capsys, "match", "-", "-k", "2", "--format", "json")
    assert code == 0 and len(json.loads(out)["matches"]) == 2


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not valid JSON"),
    ('{"location": {"zip": 90011}}', "$.location.zip"),
    ('{"favourite_colour": "blue"}', "unknown field (key 1 of 1)"),  # never the key's text
    ('{"children": [{"age_years": -4}]}', "$.children[0]"),
])
def test_bad_input_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str,
                           message: str) -> None:
    f = tmp_path / "family.json"
    f.write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, "match", str(f))
    assert code == 1
    assert message in err
    assert "Traceback" not in err and out == ""


def test_missing_files_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "match", str(tmp_path / "nope.json"))
    assert code == 1 and "cannot read family file" in err
    code, _, err = _run(capsys, "match", SPANISH, "--providers", str(tmp_path / "nowhere"))
    assert code == 1 and "no such file" in err and "Traceback" not in err
    code, _, err = _run(capsys, "match", SPANISH, "--weights", str(tmp_path / "w.toml"))
    assert code == 1 and "Traceback" not in err


@pytest.mark.parametrize("argv", [
    [], ["match"], ["match", SPANISH, "-k", "0"], ["match", SPANISH, "-k", "two"],
    ["match", SPANISH, "--format", "xml"], ["match", SPANISH, "--width", "10"], ["frobnicate"],
])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert "usage:" in err


def test_version_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.startswith("pfmatch ")


def test_handout_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "hoja.md"
    code, _, err = _run(capsys, "match", SPANISH, "-k", "3", "--format", "json",
                        "--handout", str(out_file), "--language", "es", "--first-name", "Ana")
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Servicios para su familia")
    assert "Preparado para Ana" in text


def test_providers_load_is_quiet_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    # stderr is captured (not a terminal): no progress bar may be drawn
    code, out, err = _run(capsys, "match", SPANISH, "-k", "2", "--format", "csv",
                          "--providers", str(sample_path() / "services.json"))
    assert code == 0
    assert err == ""
    assert out.startswith("rank,")
