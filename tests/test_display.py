"""Notebook and terminal displays of a result: escaping, pins, caps, waterfall, why-not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import pfmatch
from pfmatch._display import MAX_HTML_ROWS, display_width, fit, html_table, text_table, wrap
from pfmatch._offering import YES, Offering
from pfmatch._results import Match, MatchResult

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EVIL = "<script>alert('pwned')</script> Food Pantry"


def _offering(sid: str, name: str, *, lat: float = 34.01, lon: float = -118.26,
              **kw: object) -> Offering:
    base: dict[str, object] = {
        "organization_id": "o-" + sid, "organization_name": kw.pop("org", "Helpers & <Co>"),
        "text": "food pantry groceries", "taxonomy_names": ("Food Pantries",),
        "languages": ("en", "es"), "languages_known": True, "address": "1 Main St, Los Angeles",
        "attributes": {"free": YES, "walk_in": YES},
    }
    base.update(kw)
    return Offering(service_id=sid, location_id="l-" + sid, service_name=name, latitude=lat,
                    longitude=lon, **base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tiny() -> pfmatch.Directory:
    return pfmatch.Directory.from_offerings([
        _offering("s1", EVIL),
        _offering("s2", "Corner Pantry", lat=34.02),
        _offering("s3", "Far Pantry", lat=35.5, lon=-119.9),
    ])


FAMILY = {"location": {"zip": "90011"}, "needs": ["food"], "max_distance_km": 20}


def _match(k: int = 1, **kw: object) -> Match:
    return Match(rank=k, score=0.5, service_id=f"id{k}", location_id=None, service=f"Service {k}",
                 organization="Org", needs=(), factors=(), distance_km=1.0, languages=("en",),
                 contact={"phones": [], "address": None}, contributions={"need": 0.5},
                 reasons=("a reason",), warnings=(), **kw)  # type: ignore[arg-type]


def test_html_escapes_provider_strings(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5, explain=True)
    assert any(m.service == EVIL for m in r)
    out = r._repr_html_()
    assert "<script" not in out.lower()
    assert "&lt;script&gt;" in out
    assert "Helpers &amp; &lt;Co&gt;" in out
    assert "javascript" not in out.lower()
    assert "<link" not in out and "@import" not in out
    # the single-match display escapes too
    assert "<script" not in r[0]._repr_html_().lower()


def test_html_lists_exclusions_and_components(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5, explain=True)
    out = r._repr_html_()
    assert "1 offerings excluded" in out
    for h in ("Distance", "Languages", "How to get in", "Why"):
        assert h in out
    assert "need " in out  # the bar's tooltip names the component


def test_html_empty_result() -> None:
    out = MatchResult([])._repr_html_()
    assert "No services passed the rules" in out
    assert "<table" not in out


def test_html_rows_capped() -> None:
    r = MatchResult([_match(i) for i in range(1, MAX_HTML_ROWS + 8)])
    out = r._repr_html_()
    assert out.count("<tr>") == MAX_HTML_ROWS + 1  # + header row
    assert "… 7 more" in out


def test_html_pinned_block_first() -> None:
    r = MatchResult([_match(1)], pinned=[_match(1, pinned=True)])
    out = r._repr_html_()
    assert out.index("Pinned for safety") < out.index("Service 1")
    assert "#fef2f2" in out  # highlighted block


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("family-*.json")))
@pytest.mark.parametrize("width", [80, 60])
def test_text_table_fits(name: str, width: int) -> None:
    r = pfmatch.match(json.loads((EXAMPLES / name).read_text(encoding="utf-8")), k=10)
    for line in text_table(r, width=width).splitlines():
        assert display_width(line) <= width, line


def test_text_table_wide_characters() -> None:
    m = _match(1)
    wide = Match(**{**m.__dict__, "service": "한국어 가족 지원 서비스 " * 6,
                    "reasons": ("한국어 상담 " * 20,)})
    for line in text_table(MatchResult([wide]), width=80).splitlines():
        assert display_width(line) <= 80


def test_wrap_and_fit() -> None:
    assert fit("abcdef", 4) == "abc…"
    assert display_width(fit("가나다라마", 5)) <= 5
    lines = wrap("x" * 200 + " short words here", 30, indent="  ")
    assert all(display_width(x) <= 30 for x in lines)


def test_explain_waterfall_adds_up() -> None:
    r = pfmatch.match(json.loads((EXAMPLES / "family-pfs2-gaps.json").read_text()), k=3,
                      explain=True)
    m = r[0]
    text = r.explain(m.service_id, m.location_id)
    assert f"score {m.score:.3f}" in text
    for c in ("need", "factor", "distance", "language", "access", "urgency"):
        assert re.search(rf"^\s+{c}\s+[+-]\d\.\d{{3}}", text, re.MULTILINE), c
    assert f"running {m.score:.3f}" in text
    assert "↳" in text
    # by name, fuzzily
    assert f"score {m.score:.3f}" in r.explain(m.service.lower())


def test_why_not_names_the_rule(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5, explain=True)
    (e,) = r.excluded
    assert e.rule == "too_far"
    for q in (e.service_id, "far pantry", "Far Pantyr"):
        text = r.explain(q)
        assert "Why not 'Far Pantry'" in text
        assert "rule too_far" in text
        assert "beyond the 20 km limit" in text
    assert r.why_not("far pantry") == [e]


def test_why_not_without_explain(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5)
    assert "explain=True" in r.explain("Far Pantry")
    r2 = pfmatch.match(FAMILY, tiny, k=5, explain=True)
    assert "neither in the results" in r2.explain("zzz qqq")


def test_to_frame(tiny: pfmatch.Directory) -> None:
    pytest.importorskip("pandas")
    r = pfmatch.match(FAMILY, tiny, k=5)
    df = r.to_frame()
    assert len(df) == len(r)
    assert {"rank", "service", "distance_km", "phone", "address", "points_need"} <= set(df.columns)
    assert df["points_need"].iloc[0] == pytest.approx(r[0].contributions["need"])


def test_html_table_accepts_plain_list() -> None:
    assert "Service 1" in html_table([_match(1)])
