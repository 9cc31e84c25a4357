"""The family-facing referral sheet: both languages, no family data, escaping."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

import pfmatch
from pfmatch._handout import LANGUAGES, _doc, strings
from pfmatch._offering import NO, YES, Offering

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _family(name: str) -> dict[str, object]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny() -> pfmatch.Directory:
    common: dict[str, object] = {"organization_id": "o", "text": "food pantry groceries",
                                 "languages": ("en", "es"), "languages_known": True}
    return pfmatch.Directory.from_offerings([
        Offering(service_id="s1", location_id="l1", service_name="<img src=x onerror=alert(1)>Pantry",
                 organization_name="Helpers *bold* & Co", latitude=34.01, longitude=-118.25,
                 address="100 Main St, Los Angeles, CA 90011", transportation="Metro Bus 20",
                 hours="Mon-Fri 09:00-17:00; Sat 08:00-12:00", required_documents=("Photo ID",),
                 attributes={"free": YES, "walk_in": YES, "waitlist": YES},
                 description="Free groceries every week.", **common),  # type: ignore[arg-type]
        Offering(service_id="s2", location_id="l2", service_name="Safe Shelter Pantry",
                 organization_name="Haven", latitude=34.02, longitude=-118.26, confidential=True,
                 address=None, attributes={"free": NO, "sliding_scale": YES}, **common),  # type: ignore[arg-type]
        Offering(service_id="s3", location_id=None, service_name="Food Line", remote=True,
                 organization_name="Phone Food", phones=({"number": "555-0100", "type": "voice"},
                                                         {"number": "55501", "type": "text"}),
                 url="https://food.example.org", **common),  # type: ignore[arg-type]
    ])


FAMILY = {"location": {"zip": "90011"}, "needs": ["food"], "languages": ["es"],
          "children": [{"age_years": 4}], "household": {"size": 3, "annual_income": 23456},
          "barriers": ["no_phone"], "screenings": {"phq9": {"items": [1, 1, 1, 1, 1, 1, 1, 1, 0]}}}


def test_strings_have_the_same_keys_in_every_language() -> None:
    doc = _doc()
    keys = {lang: set(doc[lang]) for lang in LANGUAGES}
    assert keys["en"] == keys["es"]
    assert set(doc["en"]["days"]) == set(doc["es"]["days"])
    # real translations, not copies
    same = [k for k in keys["en"] if k not in ("lang", "days") and doc["en"][k] == doc["es"][k]]
    assert same == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_sheet_content(tiny: pfmatch.Directory, language: str, fmt: str) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5)
    assert len(r) == 3
    out = r.to_handout(language, first_name="Ana", format=fmt, directory=tiny)
    s = strings(language)
    for key in ("title", "what", "get_there", "reach", "hours", "bring", "cost"):
        assert s[key] in out or s[key].replace("(", "\\(") in out, key
    assert s["prepared_for"].format(name="Ana") in out
    assert "100 Main St" in out and "Metro Bus 20" in out          # address and bus note
    assert "Photo ID" in out                                        # what to bring
    assert s["cost_free"] in out and s["cost_sliding"] in out       # cost
    assert s["walk_in"] in out                                      # reach without a phone
    assert s["confidential"] in out                                 # confidential: no address
    assert s["remote"] in out
    assert "555-0100" in out and "55501" in out
    assert s["waitlist"] in out
    if language == "es":
        assert "lun-vie 09:00-17:00; sáb 08:00-12:00" in out
        assert "Qué llevar" in out and "Cómo llegar" in out and "Costo" in out
    else:
        assert "Mon-Fri 09:00-17:00" in out


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_no_family_data_or_scores(tiny: pfmatch.Directory, fmt: str) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5)
    out = r.to_handout("es", format=fmt, directory=tiny)
    assert "90011" not in out.replace("CA 90011", "")  # only the provider's own address
    assert "23456" not in out and "23,456" not in out
    for m in r:
        assert f"{m.score:.2f}" not in out
        for reason in m.reasons:
            assert len(reason) < 25 or reason not in out
    for word in ("score", "phq", "no_phone", "depress", "need"):
        assert word not in out.lower()
    assert "Preparado para" not in out  # no name given


def test_html_is_escaped_and_static(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5)
    out = r.to_handout("en", first_name="<b>Ana</b>", directory=tiny)
    assert out.startswith("<!DOCTYPE html>")
    assert "<img" not in out and "&lt;img src=x" in out
    assert "&lt;b&gt;Ana&lt;/b&gt;" in out
    assert "<script" not in out.lower() and "<link" not in out.lower()
    assert re.search(r"<a href=\"https://food\.example\.org\">", out)


def test_markdown_is_escaped(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=5)
    out = r.to_handout("en", format="markdown", directory=tiny)
    assert "<img" not in out and "&lt;img" in out
    assert "Helpers \\*bold\\* &amp; Co" in out


def test_crisis_lines_first_when_pinned() -> None:
    r = pfmatch.match(_family("family-postpartum-crisis.json"), k=3)
    assert r.pinned
    for lang in LANGUAGES:
        out = r.to_handout(lang)
        s = strings(lang)
        assert out.index(s["crisis_heading"]) < out.index(s["services_heading"])
        assert s["emergency"] in out
        assert html.escape(r.pinned[0].service) in out  # provider text is escaped in HTML


def test_confidential_address_never_shown() -> None:
    d = pfmatch.Directory.sample()
    r = pfmatch.match(_family("family-dv-safety.json"), d, k=10)
    hidden = {(o.service_id, o.location_id): o for o in d.offerings if o.confidential}
    shown = [m for m in [*r.pinned, *r] if (m.service_id, m.location_id) in hidden]
    for lang in LANGUAGES:
        out = r.to_handout(lang, directory=d)
        for m in shown:
            o = hidden[(m.service_id, m.location_id)]
            street = (o.address or "").split(",")[0]
            assert not street or street not in out


def test_empty_result_and_bad_arguments(tiny: pfmatch.Directory) -> None:
    from pfmatch._results import MatchResult

    out = MatchResult([]).to_handout("es", directory=tiny)
    assert strings("es")["none"] in out
    with pytest.raises(pfmatch.ConfigError):
        MatchResult([]).to_handout("fr")
    with pytest.raises(pfmatch.ConfigError):
        MatchResult([]).to_handout("en", format="pdf")
