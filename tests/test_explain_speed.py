"""The fast explanation and pickling paths give exactly what the plain ones gave.

``explain_rows`` caches per-offering display pieces and builds matches without
the dataclass ``__init__``; ``Match`` and ``MatchResult`` pickle compactly.  The
reference below is the straightforward per-row code those paths replaced: every
match the library builds is checked against it, field by field.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import math
import pickle
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import directories, families

import pfmatch
import pfmatch._explain as explain_mod
import pfmatch._match as match_mod
from pfmatch import Directory
from pfmatch._explain import FACTOR_PHRASE, LazyExclusions, _answered
from pfmatch._index import OfferingIndex
from pfmatch._languages import language_name
from pfmatch._offering import UNKNOWN, YES, Offering
from pfmatch._persist import decode_offering, encode_offering
from pfmatch._query import Query
from pfmatch._results import Match, MatchResult, new_match
from pfmatch._rules import RuleResult
from pfmatch._weights import COMPONENTS
from pfmatch.normalize.populations import (
    POPULATION_LABELS,
    eligibility_to_check,
    offering_populations,
    opening_sentence,
    population_bits,
    population_limits,
    population_text,
)

# -- the reference: the per-row code the cached path replaced ---------------------------------

_OPEN_TO_ALL = re.compile(
    r"\b(?:open to (?:all|any|every)\w*|all ages|anyone|everyone|no (?:eligibility )?restrictions?"
    r"|families and individuals|none)\b", re.IGNORECASE)


def _short(text: str | None, n: int = 70) -> str | None:
    if not text:
        return None
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip(" ,;.") + "…"


def _lower_first(s: str) -> str:
    return s if s[:2].isupper() else s[:1].lower() + s[1:]


def _needs_phrase(labels: Sequence[str], o: Offering, code: str) -> str:
    text = labels[0] + "".join(f", {_lower_first(x)}" for x in labels[1:-1])
    if len(labels) > 1:
        text += f" and {_lower_first(labels[-1])}"
    kind = explain_mod._kind_for(explain_mod._kinds(o), code)  # the one most related to the need
    return f"{kind}: {_lower_first(text)}" if kind else text


def _contact(o: Offering) -> dict[str, Any]:
    return {"phones": [dict(p) for p in o.phones], "url": o.url, "email": o.email,
            "address": None if o.confidential else o.address, "how_to_apply": o.application_process,
            "hours": o.hours}


def _lang_phrase(o: Offering, q: Query) -> str:
    offered = set(o.languages)
    interp = o.attr("interpretation") == YES
    spoken = [c for c in q.languages if c in offered or (c == "ase" and o.attr("asl") == YES)]
    if spoken:
        return (explain_mod.spoken_phrase(spoken, o.language_scope)
                + ("; interpreters for other languages" if interp else ""))
    if interp:
        return "interpreters available"
    if not o.languages_known:
        return "languages not listed (unknown)"
    return "languages: " + ", ".join([language_name(c) for c in sorted(offered)[:3]])


def _distance_phrase(o: Offering, d: float | None, q: Query) -> str | None:
    if o.attr("home_visit") == YES:
        if d is None or q.lat is None:
            return "comes to your home (home visits)"
        return f"comes to your home (home visits; based {d:.1f} km away)"
    if o.remote:
        ways = []
        if o.attr("phone_intake") != 0 and o.phones and "no_phone" not in q.barriers:
            ways.append("by phone")
        if o.attr("text_intake") == YES:
            ways.append("by text")
        if o.attr("virtual") == YES or o.attr("online_intake") == YES or o.url:
            ways.append("online")
        if not ways:
            ways = ["online"] if "no_phone" in q.barriers else ["by phone or online"]
        return " or ".join(ways) + ", no travel needed"
    if q.lat is None:
        return None
    if o.confidential:
        return "confidential location; they explain how to get there when you call"
    if d is None:
        return "distance unknown (no map location listed)"
    s = f"{d:.1f} km away"
    if o.placed_by:   # an address-only site (the rewritten sample has them), placed offline
        s += f" (placed by {'ZIP' if o.placed_by == 'zip' else 'city'}: no map location listed)"
    if "no_transportation" in q.barriers and d <= 1.6:
        s += ", about a 20-minute walk or less"
    transit = _short(o.transportation, 60)
    if transit:
        s += f", transit: {transit}"
    return s


def _access_phrases(o: Offering, q: Query) -> list[str]:
    out: list[str] = []
    b = q.barriers
    a = o.attr
    if "no_phone" in b:
        if a("walk_in") == YES:
            out.append("walk in, no phone needed")
        elif a("text_intake") == YES:
            out.append("can be reached by text")
        elif a("online_intake") == YES:
            out.append("apply online, no phone needed")
        elif a("walk_in") == UNKNOWN:
            out.append("unknown whether walk-ins are taken")
    if "work_hours" in b:
        times = [t for t, k in (("evenings", "evening"), ("weekends", "weekend")) if a(k) == YES]
        if a("open_24_7") == YES:
            out.append("open 24/7")
        elif times:
            out.append("open " + " and ".join(times))
        elif a("evening") == UNKNOWN and a("weekend") == UNKNOWN:
            out.append("evening/weekend hours unknown")
    if "needs_childcare" in b:
        if a("childcare_onsite") == YES:
            out.append("child care on site")
        elif a("home_visit") == YES or o.remote:
            out.append("no child care needed to take part")
    if "cost" in b:
        if a("free") == YES:
            out.append("free")
        elif a("sliding_scale") == YES:
            out.append("sliding-scale fees")
        elif a("fee") == YES:
            out.append("charges a fee")
        else:
            out.append("cost unknown")
    if "disability_access" in b and a("wheelchair") == YES:
        out.append("wheelchair accessible")
    if "hearing_impairment" in b:
        if a("asl") == YES:
            out.append("ASL available")
        elif a("tty") == YES:
            out.append("TTY line")
    if "cost" not in b and a("free") == YES:
        out.append("free")
    return out


def _warnings(o: Offering, q: Query, *, widened: bool) -> list[str]:
    w: list[str] = []
    a = o.attr
    if a("phone_only_intake") == YES:
        w.append("intake by phone only (they may call back)")
    if a("waitlist") == YES:
        w.append("has a waiting list" + (f": {_short(o.wait_time, 50)}" if o.wait_time else ""))
    if a("documents_required") == YES:
        docs = ", ".join(o.required_documents[:3])
        w.append("bring documents" + (f": {_short(docs, 60)}" if docs else ""))
    if a("appointment_required") == YES:
        w.append("appointment required")
    # a population limit from eligibility prose (the rewritten sample has them): "only for
    # ... — check", left out when the family's data shows it belongs
    who_text = population_text(o.eligibility, o.description, o.service_name)
    limits = offering_populations(o.service_name, o.eligibility, o.description)
    if limits and not population_limits(who_text):
        # read from the description's opening sentence or the service's name: quote that
        opening = opening_sentence(o.description)
        who_text = opening if offering_populations("", o.eligibility, opening) else o.service_name
    if limits:
        bits = population_bits(limits)
        if bits & ~q.population_ok:
            who = " or ".join(POPULATION_LABELS[c] for c in limits[:3])
            w.append(f"only for {who} — check: {_short(who_text, 80)}")
    elif ((elig := eligibility_to_check(o.eligibility, o.description))
            and o.min_age_years is None and o.max_age_years is None
            and o.income_limit_fpl is None and not _OPEN_TO_ALL.search(elig)):
        w.append(f"check eligibility: {_short(elig, 80)}")
    if o.area_unknown is not None:
        w.append(f"check the service area: {_short(o.area_unknown, 80)}")
    if o.alert:
        w.append(_short(o.alert, 100) or "")
    if widened:
        w.append(f"farther than the {q.max_km:.0f} km limit (few closer options)")
    if "no_phone" in q.barriers and a("phone_only_intake") == YES:
        w.append(explain_mod._CALL_TOGETHER)
    return [x for x in w if x]


def _built_factors(cov: list[float], weighted: list[float]) -> list[int]:
    kept = [f for f, c in enumerate(cov) if c >= 0.5]
    kept.sort(key=lambda f: (-weighted[f], -cov[f], f))
    return kept


def _ref_answered(index: OfferingIndex, q: Query, rows: np.ndarray) -> list[tuple[str, ...]]:
    from pfmatch._index import ANSWERS
    from pfmatch._rules import need_values_at

    codes = q.need_codes
    if not codes:
        return [() for _ in range(len(rows))]
    rel = need_values_at(index, q, rows)
    answers = (rel >= ANSWERS).tolist()
    out: list[tuple[str, ...]] = []
    for vals, ok in zip(rel.tolist(), answers, strict=True):
        kept = [j for j, y in enumerate(ok) if y]
        if len(kept) > 1:
            kept.sort(key=lambda j: -vals[j])
        out.append(tuple([codes[j] for j in kept]))
    return out


def ref_explain_rows(index: OfferingIndex, q: Query, rows: np.ndarray, comps: np.ndarray,
                     weights: np.ndarray, rules: RuleResult, *, first_rank: int = 1,
                     pinned: bool = False, pin_reason: str | None = None) -> list[Match]:
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []
    labels = {n.code: n.label for n in q.assessment.needs}
    contribs = (np.asarray(comps, dtype=np.float64) * weights).tolist()
    answered_all = _ref_answered(index, q, rows)
    gaps = q.gaps
    cov_k = index.factor_cov[rows]
    cov_all = cov_k.tolist()
    weighted_all = (gaps[None, :] * cov_k).tolist()
    dists = np.asarray(rules.distance.at(rows) if hasattr(rules.distance, "at")
                       else rules.distance[rows], dtype=np.float64).tolist()
    widened = rules.widened_at(rows).tolist()
    factor_names = index.factor_names
    gap_names = {f for f, g in zip(factor_names, gaps.tolist(), strict=False) if g > 0}
    out: list[Match] = []
    for pos, i in enumerate(rows.tolist()):
        o = index.offerings[i]
        contributions = dict(zip(COMPONENTS, contribs[pos], strict=False))
        score = min(1.0, max(0.0, math.fsum(contributions.values())))
        answered = answered_all[pos]
        factors = tuple([factor_names[f] for f in _built_factors(cov_all[pos], weighted_all[pos])])
        d = dists[pos]
        dist = None if (math.isnan(d) or o.confidential) else round(d, 2)
        reasons: list[str] = []
        if pin_reason:
            reasons.append(pin_reason)
        said = {tn.code: tn for tn in q.text_needs}
        coded = tuple(c for c in answered if c not in said)
        if coded:
            reasons.append(_needs_phrase([labels.get(c, c) for c in coded[:3]], o, coded[0]))
        if len(coded) < len(answered):
            reasons.extend(explain_mod._said_reasons(index, said, answered, int(rows[pos])))
        dp = _distance_phrase(o, dist, q)
        if dp:
            reasons.append(dp)
        reasons.append(_lang_phrase(o, q))
        reasons.extend(_access_phrases(o, q))
        gap_factors = [f for f in factors if f in gap_names]
        if gap_factors:
            reasons.append("builds " + " and ".join(FACTOR_PHRASE[f] for f in gap_factors[:2]))
        out.append(Match(
            rank=first_rank + pos, score=score, service_id=o.service_id, location_id=o.location_id,
            service=o.service_name, organization=o.organization_name, needs=answered,
            factors=factors, distance_km=dist, languages=tuple(o.languages),
            contact=_contact(o), contributions=contributions, reasons=tuple(reasons),
            warnings=tuple(_warnings(o, q, widened=widened[pos])), pinned=pinned,
        ))
    return out


# -- checking every match built against the reference -----------------------------------------

def _same(a: Match, b: Match) -> None:
    """Equal field by field, with the same types (a tuple is not a list here)."""
    assert type(a) is type(b) is Match
    for f in dataclasses.fields(Match):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert type(x) is type(y), f.name
        assert x == y, f.name
    assert repr(a) == repr(b)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())


@contextlib.contextmanager
def checking() -> Iterator[list[int]]:
    """Make every ``explain_rows`` call of ``match`` also run the reference and compare."""
    calls = [0]
    fast = explain_mod.explain_rows

    def both(*args: Any, **kw: Any) -> list[Match]:
        got = fast(*args, **kw)
        want = ref_explain_rows(*args, **kw)
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            _same(a, b)
        calls[0] += 1
        return got

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(match_mod, "explain_rows", both)
        yield calls


@pytest.fixture
def checked() -> Iterator[list[int]]:
    with checking() as calls:
        yield calls


EXTRA_BARRIERS = ["disability_access", "hearing_impairment", "work_hours", "no_phone", "cost",
                  "needs_childcare", "no_transportation"]


@st.composite
def displayed(draw: Any) -> list[Offering]:
    """Small directories whose display fields take every branch of the phrases."""
    text = st.sampled_from([None, "", "  ", "Open to all", "Families with children under 5",
                            "Bring ID, proof of address and the last two pay stubs, please, "
                            "and a utility bill from the last month " * 2])
    out = []
    for o in draw(directories(max_size=12)):
        out.append(dataclasses.replace(
            o,
            confidential=draw(st.sampled_from([False, False, True])),
            address=draw(st.sampled_from([None, "12 Main St, Los Angeles"])),
            url=draw(st.sampled_from([None, "https://example.org"])),
            phones=draw(st.sampled_from([(), o.phones, (
                {"number": "555-0101", "type": "text", "description": None, "languages": ("es", "en")},
                {"number": "555-0102"})])),
            transportation=draw(text), eligibility=draw(text), alert=draw(text), wait_time=draw(text),
            required_documents=draw(st.sampled_from([(), ("ID",), ("ID", "lease", "pay stubs", "bill")])),
            taxonomy_names=draw(st.sampled_from([o.taxonomy_names, (), ("", "A" * 41, "Food Pantry"),
                                                 ("WIC Office",)])),
            languages=draw(st.sampled_from([o.languages, ("ase",), ("es", "en", "ko", "zh")])),
        ))
    return out


@given(displayed(), families(), st.lists(st.sampled_from(EXTRA_BARRIERS), max_size=4, unique=True),
       st.sampled_from([None, ["ase"], ["ko", "es", "en"]]),
       st.sampled_from([None, {"social_connections": "high", "concrete_support": 0.4}]))
def test_explanations_match_the_reference(offs: list[Offering],
                                          fam: dict[str, Any], barriers: list[str],
                                          langs: list[str] | None, gaps: dict[str, Any] | None) -> None:
    fam = {**fam, "barriers": sorted({*fam.get("barriers", []), *barriers})}
    if langs is not None:
        fam["languages"] = langs
    if gaps is not None:
        fam["factor_gaps"] = gaps
    d = Directory.from_offerings(offs)
    with checking() as calls:
        for _ in range(2):  # the second time from the cache
            pfmatch.match(fam, d, k=30, explain=True)
    assert calls[0] >= 2


SAMPLE_FAMILIES: list[dict[str, Any]] = [
    {"location": {"zip": z}, "needs": needs, "barriers": barriers, "languages": langs,
     "factor_gaps": {"social_connections": "high", "parental_resilience": 0.7}}
    for z in ("90011", "91331", "93535")
    for needs in (["food", "rent_assistance"], ["child_care", "mental_health", "food"])
    for barriers, langs in ((["no_phone", "cost"], ["es"]),
                            (["work_hours", "needs_childcare", "no_transportation"], ["ko", "en"]),
                            (["hearing_impairment", "disability_access"], ["ase"]))
] + [
    {"needs": ["mental_health"], "safety_concern": True,
     "screenings": {"phq9": {"items": [1, 1, 1, 1, 1, 1, 1, 1, 2]}}},
    {"location": {"zip": "90011"}, "needs": ["food"], "max_distance_km": 1},
]


@pytest.fixture(scope="module")
def saved_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Directory.sample().save(tmp_path_factory.mktemp("idx") / "sample.pfidx")


def test_sample_directory_in_memory_and_saved(checked: list[int], saved_sample: Path) -> None:
    for d in (Directory.sample(), Directory.load(saved_sample, progress=False)):
        for fam in SAMPLE_FAMILIES * 2:
            pfmatch.match(fam, d, k=10)
    assert checked[0] >= 4 * len(SAMPLE_FAMILIES)


def test_a_small_cache_gives_the_same_answers(checked: list[int], saved_sample: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explain_mod, "SHOWN_CACHE_SIZE", 3)
    d = Directory.load(saved_sample, progress=False)
    for fam in SAMPLE_FAMILIES:
        pfmatch.match(fam, d, k=10)
    assert len(explain_mod._shown_cache(d.index)) <= 3


def test_matches_share_no_mutable_object() -> None:
    d = Directory.sample()
    fam = SAMPLE_FAMILIES[0]
    a, b = pfmatch.match(fam, d, k=10), pfmatch.match(fam, d, k=10)
    assert a == b
    before = b.to_json()
    for m in a:
        m.contact["url"] = "changed"
        m.contributions["need"] = 9.0
        for p in m.contact["phones"]:
            p["number"] = "changed"
        m.contact["phones"].append({"number": "extra"})
    assert b.to_json() == before
    assert pfmatch.match(fam, d, k=10).to_json() == before
    ms = [*a, *b]
    for x in ms:
        for y in ms:
            if x is not y:
                assert x.contact is not y.contact and x.contributions is not y.contributions
                assert x.contact["phones"] is not y.contact["phones"]
                assert not {id(p) for p in x.contact["phones"]} & {id(p) for p in y.contact["phones"]}


def test_answered_matches_the_reference_with_many_needs() -> None:
    d = Directory.sample()
    from pfmatch._query import build_query
    from pfmatch._rules import apply_rules

    fam = {"location": {"zip": "90011"},
           "needs": ["food", "rent_assistance", "child_care", "mental_health", "parenting_education",
                     "domestic_violence", "crisis_line"]}
    q = build_query(fam, d.index.factor_names)
    rules = apply_rules(d.index, q, min_candidates=10)
    rows = np.flatnonzero(rules.failed == 0)[:400]
    assert _answered(d.index, q, rows) == _ref_answered(d.index, q, rows)


# -- Match built fast, Match pickled -------------------------------------------------------------

FIELDS: dict[str, Any] = {
    "rank": 2, "score": 0.5, "service_id": "s", "location_id": None, "service": "S", "organization": "O",
    "needs": ("food",), "factors": ("social_connections",), "distance_km": 1.25, "languages": ("en",),
    "contact": {"phones": [{"number": "1", "languages": ("es",)}], "url": None},
    "contributions": dict.fromkeys(COMPONENTS, 0.1), "reasons": ("r",), "warnings": (), "pinned": True,
}


def test_new_match_is_a_plain_match() -> None:
    a, b = Match(**FIELDS), new_match(*FIELDS.values())
    assert a == b and repr(a) == repr(b) and vars(a) == vars(b)
    assert dataclasses.asdict(a) == dataclasses.asdict(b) and a.to_dict() == b.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.rank = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        hash(b)  # a dict field: unhashable, as before
    assert dataclasses.replace(b, rank=3).rank == 3
    assert new_match(*list(FIELDS.values())[:-1]).pinned is False


def test_match_pickles_and_copies() -> None:
    m = new_match(*FIELDS.values())
    for back in (pickle.loads(pickle.dumps(m)), pickle.loads(pickle.dumps(m, protocol=2)),
                 copy.deepcopy(m)):
        assert back == m and repr(back) == repr(m)
        assert back.contact is not m.contact
    assert copy.copy(m).contact is m.contact  # shallow, as for any dataclass

    @dataclasses.dataclass(frozen=True)
    class Sub(Match):
        extra: int = 0

    s = Sub(**FIELDS, extra=4)
    assert copy.deepcopy(s) == s and type(copy.deepcopy(s)) is Sub


def test_results_pickle_without_their_directory(saved_sample: Path) -> None:
    d = Directory.load(saved_sample, progress=False)
    rs = [pfmatch.match(fam, d, k=10, explain=True) for fam in SAMPLE_FAMILIES]
    assert any(r.pinned for r in rs)
    assert all(isinstance(r.excluded, LazyExclusions) for r in rs)
    back = pickle.loads(pickle.dumps(rs))
    assert back == rs
    assert [r.to_json() for r in back] == [r.to_json() for r in rs]
    assert [r.to_dicts() for r in back] == [r.to_dicts() for r in rs]
    assert all(r.directory is None and type(r.excluded) is list for r in back)
    assert [r.k for r in back] == [r.k for r in rs] and [r.weights for r in back] == [r.weights for r in rs]
    assert all(r.directory is d for r in rs)  # the originals keep theirs
    assert len(pickle.dumps(rs[0])) < len(pickle.dumps(rs[0].__dict__ | {"directory": None}))
    plain = pfmatch.match(SAMPLE_FAMILIES[0], d, k=10)
    assert b"organization" not in pickle.dumps(plain)  # the matches travel packed, no field names


@dataclasses.dataclass
class Tagged(MatchResult):
    """A subclass with a field of its own (pickled the default way, every field kept)."""

    tag: str = ""


def test_results_of_unusual_shape_pickle_as_they_are() -> None:
    m = new_match(*FIELDS.values())
    twice = MatchResult(matches=[m, m], pinned=[m])
    back = pickle.loads(pickle.dumps(twice))
    assert back == twice and back.matches[0] is back.matches[1] is back.pinned[0]
    as_tuple = MatchResult(matches=(m,), pinned=[])  # type: ignore[arg-type]
    back = pickle.loads(pickle.dumps(as_tuple))
    assert back.matches == (m,) and type(back.matches) is tuple
    empty = MatchResult(matches=[])
    assert pickle.loads(pickle.dumps(empty)) == empty
    t = Tagged(matches=[m], tag="x")
    back = pickle.loads(pickle.dumps(t))
    assert type(back) is Tagged and back == t and back.tag == "x"


def test_result_copies_keep_the_directory() -> None:
    d = Directory.sample()
    r = pfmatch.match(SAMPLE_FAMILIES[0], d, k=3)
    c = copy.copy(r)
    assert c == r and c.directory is r.directory is d and c.matches is r.matches
    r.directory = None  # a deep copy of the whole sample directory is slow; the fields are enough
    dc = copy.deepcopy(r)
    assert dc == r and dc.matches is not r.matches and dc.matches[0].contact is not r.matches[0].contact


def test_match_many_in_processes_gives_equal_results(saved_sample: Path) -> None:
    d = Directory.load(saved_sample, progress=False)
    one = pfmatch.match_many(SAMPLE_FAMILIES, d, k=5, n_jobs=1)
    two = pfmatch.match_many(SAMPLE_FAMILIES, d, k=5, n_jobs=2)
    assert two == one and [r.to_json() for r in two] == [r.to_json() for r in one]
    assert all(r.directory is d for r in two)


# -- decoding saved records ----------------------------------------------------------------------

def test_decode_is_the_inverse_of_encode() -> None:
    d = Directory.sample()
    offs = list(d.offerings)[:300]
    for o in offs:
        assert decode_offering(encode_offering(o)) == o
    o = dataclasses.replace(offs[0], phones=({"number": "1", "languages": ("es", "en"), "ext": None},))
    back = decode_offering(encode_offering(o))
    assert back == o and type(back.phones) is tuple and back.phones[0]["languages"] == ("es", "en")
    assert decode_offering(b"  " + encode_offering(o) + b"\n") == o  # what json.loads accepts
    for bad in (encode_offering(o) + b"[]", encode_offering(o)[:-1], b""):
        with pytest.raises(json.JSONDecodeError):
            decode_offering(bad)
