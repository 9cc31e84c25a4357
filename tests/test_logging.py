"""The library logs to the "pfmatch" logger (NullHandler), and never a family field."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

import pfmatch
from pfmatch._directory import sample_path

#: A family whose every value is distinctive enough to be found in a log line.
FAMILY = {
    "id": "fam-QX7ZETA",
    "location": {"zip": "90011"},
    "languages": ["es", "hy"],
    "needs": ["food", "quetzal feather cleaning", "help paying rent"],
    "barriers": ["no_transportation", "work_hours"],
    "children": [{"age_months": 17}],
    "caregivers": [{"age_years": 37}],
    "household": {"size": 5, "annual_income": 23457},
    "screenings": {"phq9": {"items": [3, 2, 1, 2, 1, 1, 2, 1, 1]}},
    "factor_gaps": {"social_connections": 0.8765},
    "max_distance_km": 13.579,
}
SECRETS = ["fam-QX7ZETA", "quetzal", "feather", "23457", "0.8765", "13.579", "Armenian",
           "help paying rent"]


def _messages(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.name.startswith("pfmatch")]


def test_logger_has_a_null_handler_only() -> None:
    logger = logging.getLogger("pfmatch")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert all(isinstance(h, logging.NullHandler) for h in logger.handlers)


def test_no_family_field_is_ever_logged(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    caplog.set_level(logging.DEBUG, logger="pfmatch")
    d = pfmatch.Directory.load(sample_path() / "services.json", progress=False)
    r = pfmatch.match(FAMILY, d, k=8, explain=True)
    assert r.pinned, "the PHQ-9 item 9 answer should pin a crisis line"
    r.to_json(include_assessment=True)
    r.explain(r[0].service_id)
    pfmatch.match_many([FAMILY, FAMILY], d, k=5)
    pfmatch.what_if(FAMILY, d, {"remove_barriers": ["no_transportation"]}, k=5)
    saved = d.save(tmp_path / "index")
    pfmatch.Directory.load(saved, progress=False)
    messages = _messages(caplog.records)
    text = "\n".join(messages)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} was logged"
    # and the log says what an operator needs: loads with counts, saves, timings
    assert any(m.startswith("loaded directory") and "offerings" in m and "skipped" in m
               for m in messages)
    assert any(m.startswith("loaded saved index") for m in messages)
    assert any(m.startswith("saved index") for m in messages)
    assert any(m.startswith("match: k=8") and " ms" in m for m in messages)
    assert any(m.startswith("match_many: 2 families") for m in messages)
    for rec in caplog.records:  # nothing hides in the arguments either
        assert not any(s in json.dumps(rec.args, default=str) for s in SECRETS)


def test_silent_without_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    pfmatch.match(FAMILY, k=3)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
