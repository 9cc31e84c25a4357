"""No traceback from any input (issue 13): a result or a PfmatchError, never another exception.

Arbitrary JSON values as families and weights, arbitrary bytes as provider files
and family files (API and CLI), plus targeted cases: huge numbers, deep nesting,
lone surrogates, NUL bytes, mixed encodings.  The family and weights entry
points run 10,000 examples under the ``thorough`` hypothesis profile
(``make fuzz``, the last step of ``make test`` and so of CI); the other
profiles run the usual few dozen.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.strategies_family import families as valid_families

import pfmatch
from pfmatch import Directory, PfmatchError, match
from pfmatch._safe import clean_text
from pfmatch._weights import COMPONENTS, MAX_WEIGHT
from pfmatch.cli import main

#: Examples for the family and weights entry points: 10,000 under the thorough profile.
FUZZ_EXAMPLES = 10_000 if settings.default.max_examples >= 1000 else settings.default.max_examples
fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# ------------------------------------------------------------------ strategies
#: Every character, lone surrogates and controls included.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
nasty_text = st.one_of(
    st.text(any_char, max_size=30),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "nul\x00byte", "\x1b[31m", "=HYPERLINK(1)",
                     "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "javascript:alert(1)", "ﬀ", "İ",
                     "x" * 600, "food\u202e", "\ufeff", "e\u0301"]),
)
huge_int = st.sampled_from([10**400, -(10**400), 2**63, 2**64 + 1, -(2**63) - 1, 10**20])
any_number = st.one_of(st.integers(), huge_int, st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), any_number, nasty_text)


def _known_keys() -> list[str]:
    from pfmatch.assess import _family

    keys = set(_family._TOP)
    for cls in (_family.Location, _family.PFS2, _family.PHQ9, _family.EPDS, _family.AHCHRSN,
                _family.Caregiver, _family.Household, _family.Screenings):
        keys.update(f for f in cls.__dataclass_fields__)
    keys.update(("age_months", "age_years", "items", "total", "child", "area", "result",
                 "food_worry", "food_ran_out"))
    return sorted(keys)


KNOWN_KEYS = _known_keys()
keys = st.one_of(st.sampled_from(KNOWN_KEYS), nasty_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(keys, inner, max_size=6)),
    max_leaves=25,
)


def _paths(x: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(x, dict):
        for k, v in x.items():
            out.extend(_paths(v, (*path, k)))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out.extend(_paths(v, (*path, i)))
    return out


@st.composite
def mutated_families(draw: st.DrawFn) -> Any:
    """A valid family with one value somewhere replaced by an arbitrary JSON value."""
    fam = draw(valid_families())
    path = draw(st.sampled_from(_paths(fam)))
    value = draw(json_values)
    if not path:
        return value
    node: Any = fam
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return fam


def deep(n: int) -> Any:
    x: Any = []
    for _ in range(n):
        x = [x]
    return x


@pytest.fixture(scope="module")
def sample() -> Directory:
    return Directory.sample()


def _result_or_pfmatch_error(call: Any) -> Any:
    try:
        return call()
    except PfmatchError as e:
        str(e)  # the message itself must build
        return e


def _utf8_outputs(result: pfmatch.MatchResult) -> None:
    """Every output of a result can be written as UTF-8."""
    result.to_json().encode("utf-8")
    result.to_json(include_assessment=True).encode("utf-8")
    result.to_handout().encode("utf-8")
    json.dumps(result.to_dicts(), ensure_ascii=False).encode("utf-8")
    result.to_table().encode("utf-8")
    result._repr_html_().encode("utf-8")


# ------------------------------------------------------------------ families (API)
@fuzz
@given(family=json_values)
def test_any_json_value_as_a_family(sample: Directory, family: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match(family, sample, k=3))
    if not isinstance(r, PfmatchError):
        _utf8_outputs(r)


@fuzz
@given(family=mutated_families())
def test_any_value_anywhere_in_a_valid_family(sample: Directory, family: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match(family, sample, k=3))
    if not isinstance(r, PfmatchError):
        _utf8_outputs(r)


@fuzz
@given(weights=json_values)
def test_any_json_value_as_weights(sample: Directory, weights: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match({"needs": ["food"]}, sample, k=3, weights=weights))
    if not isinstance(r, PfmatchError):
        assert all(math.isfinite(m.score) for m in r)


@fuzz
@given(weights=st.dictionaries(st.sampled_from(COMPONENTS), any_number, min_size=1))
def test_any_numbers_as_weights(sample: Directory, weights: dict[str, Any]) -> None:
    r = _result_or_pfmatch_error(lambda: match({"needs": ["food"], "location": {"zip": "90011"}},
                                               sample, k=3, weights=weights))
    if not isinstance(r, PfmatchError):
        for m in r:
            assert math.isfinite(m.score)
            assert abs(m.score - sum(m.contributions.values())) < 1e-9


# ------------------------------------------------------------------ provider files
def _service(**over: Any) -> dict[str, Any]:
    """A small valid HSDS 3.0 food pantry in Los Angeles."""
    svc: dict[str, Any] = {
        "id": "s1", "name": "Eastside Food Pantry", "description": "Free groceries: food pantry.",
        "url": "https://pantry.example.org", "organization": {"id": "o1", "name": "Eastside Org"},
        "phones": [{"number": "555-0100"}],
        "service_at_locations": [{"id": "sal1", "location": {
            "id": "l1", "name": "Main", "latitude": 34.0, "longitude": -118.25,
            "addresses": [{"address_1": "1 Main St", "city": "Los Angeles",
                           "state_province": "CA", "postal_code": "90011"}]}}],
    }
    svc.update(over)
    return svc


def _load_bytes(tmp_path: Path, data: bytes, name: str) -> Any:
    f = tmp_path / name
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(data)
    return _result_or_pfmatch_error(lambda: Directory.load(f.parent if "/" in name else f))


provider_bytes = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    json_values.map(lambda v: json.dumps([_service(name=v)] if v else v).encode()),
    st.builds(lambda v, enc: json.dumps([_service(description=v)], ensure_ascii=False)
              .encode(enc, errors="surrogatepass" if enc != "latin-1" else "replace"),
              nasty_text, st.sampled_from(["utf-8", "utf-16", "latin-1"])),
    st.builds(lambda head, b: head + b, st.sampled_from([b"\xef\xbb\xbf", b"\x1f\x8b", b"PK\x03\x04",
                                                        b"\xff\xfe", b"\x00"]), st.binary(max_size=50)),
)


@settings(max_examples=min(FUZZ_EXAMPLES, 300), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=provider_bytes, name=st.sampled_from(["p.json", "p.ndjson", "d/services.csv",
                                                  "p.json.gz"]))
# found by this test: a skip reason quoted a key with a lone surrogate into the load report
@example(data=b'[null,{"\\ud800":null}]', name="p.json")
def test_any_bytes_as_a_provider_file(tmp_path: Path, data: bytes, name: str) -> None:
    for old in tmp_path.rglob("*"):
        if old.is_file():
            old.unlink()
    d = _load_bytes(tmp_path, data, name)
    if isinstance(d, Directory):
        json.dumps(d.report.to_dict(), ensure_ascii=False).encode("utf-8")
        _utf8_outputs(match({"needs": ["food"]}, d, k=3))


@pytest.mark.parametrize("value", ["Pantry\ud800", "Pan\x00try", "Pan\x1b[2Jtry", "\udfff\x07"])
def test_invalid_unicode_is_repaired_at_load_and_reported(tmp_path: Path, value: str) -> None:
    for how in ("records", "file"):
        svc = _service(name=value, alternate_name=value)
        if how == "records":
            d = Directory.from_records([svc])
        else:
            f = tmp_path / "p.json"
            f.write_text(json.dumps([svc]), encoding="ascii")  # \ud800 written as an escape
            d = Directory.load(f)
        fixed = [p for p in d.report.repaired if p.record == "s1" and " had " in p.reason]
        assert {p.reason.split(" had ")[0] for p in fixed} == {"name", "alternate_name"}, how
        r = match({"needs": ["food"]}, d, k=3)
        assert r[0].service == clean_text(value)[0]
        assert not any(c in r[0].service for c in "\x00\x07\x1b\ud800\udfff")
        _utf8_outputs(r)
        r.to_frame().to_csv(tmp_path / "out.csv", encoding="utf-8")
        (tmp_path / "out.json").write_text(r.to_json(), encoding="utf-8")


def test_the_988_line_with_a_lone_surrogate_still_prints(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    crisis = _service(id="c988", name="988 Suicide \ud800 Crisis Lifeline",
                      description="24/7 suicide and crisis lifeline, call or text 988.",
                      phones=[{"number": "988"}], service_at_locations=[])
    f = tmp_path / "p.json"
    f.write_text(json.dumps([_service(), crisis]), encoding="ascii")
    fam = tmp_path / "f.json"
    fam.write_text(json.dumps({"needs": ["food"], "screenings": {"phq9": {"total": 20, "item9": 2}}}))
    for fmt in ("table", "json", "csv"):
        assert main(["match", str(fam), "--providers", str(f), "--format", fmt]) == 0
        out, _ = capsys.readouterr()
        out.encode("utf-8")
        assert "988" in out


# ------------------------------------------------------------------ safe outputs
FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_neutralized_in_csv_and_frames(tmp_path: Path, formula: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    d = Directory.from_records([_service(name=formula + " food pantry",
                                         organization={"id": "o1", "name": formula})])
    r = match({"needs": ["food"]}, d, k=3)
    frame = r.to_frame()
    loaded = formula.strip()  # text is stripped at load
    assert frame.loc[0, "service"] == "'" + loaded + " food pantry"
    assert frame.loc[0, "organization"] == "'" + loaded
    assert r.to_frame(raw=True).loc[0, "organization"] == loaded
    for col in frame.columns:
        for cell in frame[col]:
            assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r")))
    f = tmp_path / "p.json"
    f.write_text(json.dumps([_service(name=formula + " food pantry",
                                      organization={"id": "o1", "name": formula})]))
    fam = tmp_path / "f.json"
    fam.write_text('{"needs": ["food"]}')
    import csv as csvlib
    assert main(["match", str(fam), "--providers", str(f), "--format", "csv"]) == 0
    rows = list(csvlib.DictReader(io.StringIO(capsys.readouterr()[0])))
    assert rows[0]["organization"] == "'" + loaded
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for v in row.values())
    assert main(["match", str(fam), "--providers", str(f), "--format", "csv", "--raw"]) == 0
    rows = list(csvlib.DictReader(io.StringIO(capsys.readouterr()[0])))
    assert rows[0]["organization"] == loaded


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:x",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x",
                                 "file:///etc/passwd"])
def test_unsafe_urls_are_dropped_at_load_and_never_output(tmp_path: Path, url: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    svc = _service(url=url, organization={"id": "o1", "name": "Org", "url": url, "website": url})
    d = Directory.from_records([svc])
    dropped = [p for p in d.report.repaired if "URL" in p.reason]
    assert {p.reason.split(" had ")[0] for p in dropped} == {"url", "organization.url",
                                                              "organization.website"}
    assert url.strip() not in str(d.report)  # the report names the scheme, not the URL
    r = match({"needs": ["food"]}, d, k=3)
    assert r[0].contact.get("url") is None
    for text in (r.to_json(), json.dumps(r.to_dicts()), r._repr_html_(), r.to_handout()):
        assert "script:" not in text.lower().replace("\t", "") and "data:text" not in text
    f = tmp_path / "p.json"
    f.write_text(json.dumps([svc]))
    fam = tmp_path / "f.json"
    fam.write_text('{"needs": ["food"]}')
    for fmt in ("json", "csv", "table"):
        assert main(["match", str(fam), "--providers", str(f), "--format", fmt]) == 0
        assert "script:" not in capsys.readouterr()[0].lower()


@pytest.mark.parametrize("url", ["https://example.org/a?b=c", "http://x.org", "mailto:a@b.org",
                                 "tel:+15550100", "www.example.org", "example.org:8080/x"])
def test_safe_urls_are_kept(url: str) -> None:
    d = Directory.from_records([_service(url=url)])
    assert not [p for p in d.report.repaired if "URL" in p.reason]
    assert match({"needs": ["food"]}, d, k=1)[0].contact["url"] == url


def test_outputs_guard_urls_of_older_indexes_too() -> None:
    from dataclasses import replace

    r = match({"needs": ["food"]}, Directory.from_records([_service()]), k=1)
    bad = replace(r[0], contact={**r[0].contact, "url": "javascript:alert(1)"})
    assert bad.to_dict()["contact"]["url"] is None


# ------------------------------------------------------------------ huge numbers, deep nesting
FAMILY_NUMBERS = ["$.location.lat", "$.location.lon", "$.max_distance_km",
                  "$.household.annual_income", "$.household.size", "$.children[0].age_months",
                  "$.children[0].age_years", "$.caregivers[0].age_years", "$.pfs2.social_supports",
                  "$.factor_gaps.social_connections", "$.screenings.phq9.total"]


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    node: Any = doc
    parts = path[2:].replace("[0]", ".0").split(".")
    for p, nxt in itertools.pairwise(parts):
        key: Any = int(p) if p.isdigit() else p
        if isinstance(node, list):
            while len(node) <= key:
                node.append({})
            node = node[key]
        else:
            node = node.setdefault(key, [] if nxt.isdigit() else {})
    last: Any = parts[-1]
    if last == "lat":
        node["lon"] = 0.0
    if last == "lon":
        node["lat"] = 0.0
    node[last] = value
    return doc


@pytest.mark.parametrize("path", FAMILY_NUMBERS)
@pytest.mark.parametrize("value", [10**400, -(10**400), 2**64])
def test_huge_integers_in_family_fields(sample: Directory, path: str, value: int) -> None:
    with pytest.raises(pfmatch.FamilyDataError) as err:
        match(_set({}, path, value), sample, k=2)
    assert err.value.path == path


@pytest.mark.parametrize("value", [10**400, 1e308, 2e6, -1, float("inf"), float("nan")])
def test_weights_out_of_range_are_config_errors(value: Any) -> None:
    with pytest.raises(pfmatch.ConfigError, match="between 0 and"):
        pfmatch.Weights(need=value)


def test_weights_that_would_overflow_their_sum_are_refused(sample: Directory) -> None:
    with pytest.raises(pfmatch.ConfigError):
        match({"needs": ["food"]}, sample, weights=dict.fromkeys(COMPONENTS, 1.7e308))
    w = pfmatch.Weights(**dict.fromkeys(COMPONENTS, MAX_WEIGHT))
    r = match({"needs": ["food"], "location": {"zip": "90011"}}, sample, k=3, weights=w)
    assert r[0].score > 0 and all(math.isfinite(m.score) for m in r)


@pytest.mark.parametrize("field", ["latitude", "longitude"])
def test_huge_provider_numbers_are_dropped_with_a_report_entry(field: str) -> None:
    svc = _service(cost_options=[{"amount": 10**400}, {"amount": "9" * 5000}])
    svc["service_at_locations"][0]["location"][field] = 10**400
    d = Directory.from_records([svc])
    reasons = " | ".join(p.reason for p in d.report.repaired)
    assert field in reasons and "amount" in reasons
    match({"needs": ["food"]}, d, k=2)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


BAD_FAMILY_TEXTS = {
    "5000 digits": '{"household": {"annual_income": ' + "9" * 5000 + "}}",
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep objects": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "NUL": '{"needs": ["food\\u0000"]}',
    "surrogate key": '{"\\ud800": 1}',
    "latin-1": None,
}


@pytest.mark.parametrize("name", sorted(BAD_FAMILY_TEXTS))
def test_cli_bad_family_files_exit_1_without_traceback(tmp_path: Path, name: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "f.json"
    text = BAD_FAMILY_TEXTS[name]
    if text is None:
        f.write_bytes('{"needs": ["comida y café"]}'.encode("latin-1"))
    else:
        f.write_text(text, encoding="utf-8")
    code, _, err = _cli(capsys, "match", str(f))
    assert code in (0, 1), err
    assert "Traceback" not in err
    err.encode("utf-8")
    assert "\ud800" not in err


@pytest.mark.parametrize("name", ["5000 digits", "deep nesting", "deep objects"])
def test_provider_files_with_huge_numbers_or_deep_nesting(tmp_path: Path, name: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    text = {"5000 digits": json.dumps([_service()])[:-2] + ', "x": ' + "9" * 5000 + "}]",
            "deep nesting": "[" * 100_000 + "]" * 100_000,
            "deep objects": '[{"id": "s", "name": "n", "x": ' + '{"a":' * 50_000 + "1"
                            + "}" * 50_000 + "}]"}[name]
    f = tmp_path / "p.json"
    f.write_text(text)
    with pytest.raises(pfmatch.ProviderDataError):
        Directory.load(f)
    code, _, err = _cli(capsys, "validate", str(f))
    assert code == 1 and err.startswith("pfmatch: ") and "Traceback" not in err


# ------------------------------------------------------------------ limits and error text
def test_list_limits_name_the_limit(sample: Directory) -> None:
    from pfmatch.assess._family import MAX_ITEMS

    for name, limit in MAX_ITEMS.items():
        if name in ("asq3", "asq_se2", "housing_problems"):
            continue
        with pytest.raises(pfmatch.FamilyDataError, match=f"at most {limit} items") as err:
            match({name: ["x"] * (limit + 1)}, sample)
        assert err.value.path == f"$.{name}"
    with pytest.raises(pfmatch.FamilyDataError, match="at most 150 items"):
        match({"children": [{"age_years": 3}], "screenings": {"asq3": [{}] * 151}}, sample)
    with pytest.raises(pfmatch.FamilyDataError, match="at most 500 characters"):
        match({"needs": ["food " * 200]}, sample)


def test_huge_lists_fail_fast(sample: Directory) -> None:
    # 100,000 connected services or needs are refused by length before anything is read
    for name in ("needs", "connected_services", "languages", "barriers"):
        with pytest.raises(pfmatch.FamilyDataError, match="at most"):
            match({name: ["food"] * 100_000}, sample)


def test_the_limits_are_documented(repo_root: Path) -> None:
    from pfmatch.assess._family import MAX_ITEMS, MAX_ITEMS_DEFAULT, MAX_WORD_CHARS

    doc = (repo_root / "docs" / "limits.md").read_text(encoding="utf-8")
    for name, limit in MAX_ITEMS.items():
        assert f"`{name}` | {limit:,}" in doc, name
    assert f"{MAX_ITEMS_DEFAULT}" in doc and f"{MAX_WORD_CHARS}" in doc
    assert f"{MAX_WEIGHT:,.0f}" in doc


@pytest.mark.parametrize("family", [
    {"SECRETKEY": 1}, {"needs": ["food"], "Maria Lopez 555-0100": True},
    {"screenings": {"phq9": {"total": 3, "SSN 123-45-6789": 1}}},
    {"children": [{"age_years": 2, "diagnosis autism": 1}]},
])
def test_the_unknown_key_error_does_not_print_the_key(sample: Directory,
                                                      family: dict[str, Any]) -> None:
    with pytest.raises(pfmatch.FamilyDataError) as err:
        match(family, sample)
    msg = str(err.value)
    for word in ("SECRETKEY", "Maria", "555", "SSN", "123", "autism"):
        assert word not in msg
    assert "unknown field (key" in msg and "Valid fields:" in msg


def test_the_unknown_key_error_suggests_a_close_valid_name(sample: Directory) -> None:
    with pytest.raises(pfmatch.FamilyDataError, match="Did you mean 'needs'"):
        match({"Needs": ["food"]}, sample)


# ------------------------------------------------------------------ errors cross processes
def _all_error_classes() -> list[type[PfmatchError]]:
    import importlib
    import pkgutil

    for mod in pkgutil.walk_packages(pfmatch.__path__, "pfmatch."):
        if mod.name not in ("pfmatch.__main__",):
            with contextlib.suppress(ImportError):
                importlib.import_module(mod.name)
    out: list[type[PfmatchError]] = []
    todo: list[type[PfmatchError]] = [PfmatchError]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return out


def _example(cls: type[PfmatchError]) -> PfmatchError:
    import inspect

    params = [p for p in inspect.signature(cls.__init__).parameters.values()
              if p.name != "self" and p.default is inspect.Parameter.empty
              and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if cls is pfmatch.FamilyDataError or issubclass(cls, pfmatch.FamilyDataError):
        return cls("$.needs[0]", "must be a string", fix="Give text", received="a int",
                   index=3, family_id="F-1")  # type: ignore[call-arg]
    if issubclass(cls, pfmatch.ProviderDataError):
        return cls("bad JSON", file="p.json", row=4, fix="fix it")  # type: ignore[call-arg]
    return cls(*[f"{p.name}-value" for p in params] or ["something is wrong"])


def test_every_pfmatch_error_pickles_with_its_message_and_path() -> None:
    import pickle

    classes = _all_error_classes()
    assert {"FamilyDataError", "ProviderDataError", "ConfigError"} <= {c.__name__ for c in classes}
    for cls in classes:
        err = _example(cls)
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(err, protocol))
            assert type(back) is cls and str(back) == str(err) and back.args == err.args
            assert back.__dict__ == err.__dict__, cls


@pytest.mark.parametrize("bad", [{"id": "F-7", "needs": [3]}, {"id": "F-7", "bogus": 1},
                                 {"id": "F-7", "location": {"zip": "00000"}}])
def test_match_many_raises_the_same_error_with_any_n_jobs(sample: Directory,
                                                          bad: dict[str, Any]) -> None:
    pytest.importorskip("joblib")
    fams = [{"needs": ["food"]}] * 5 + [bad] + [{"needs": ["food"]}] * 3
    errors = []
    for n_jobs in (1, 2):
        with pytest.raises(pfmatch.FamilyDataError) as err:
            pfmatch.match_many(fams, sample, k=2, n_jobs=n_jobs)
        errors.append(err.value)
    assert str(errors[0]) == str(errors[1])
    assert errors[0].index == errors[1].index == 5
    assert errors[0].family_id == "F-7"
    assert str(errors[0]).startswith("family 5 (id 'F-7'): $")


def test_families_pickle(sample: Directory) -> None:
    import pickle

    fam = pfmatch.Family.from_dict({"needs": ["food"], "factor_gaps": {"social_connections": 0.5},
                                    "children": [{"age_years": 2}]})
    assert pickle.loads(pickle.dumps(fam)) == fam
    rs = pfmatch.match_many([fam, fam], sample, k=2, n_jobs=2)
    assert [m.service_id for m in rs[0]] == [m.service_id for m in match(fam, sample, k=2)]


# ------------------------------------------------------------------ the command line, any bytes
family_bytes = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    mutated_families().map(lambda v: json.dumps(v).encode()),
    st.builds(lambda v, enc: json.dumps({"needs": [v]}, ensure_ascii=False)
              .encode(enc, errors="surrogatepass" if enc != "latin-1" else "replace"),
              nasty_text, st.sampled_from(["utf-8", "utf-16", "latin-1"])),
)


@settings(max_examples=min(FUZZ_EXAMPLES, 200), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=family_bytes, fmt=st.sampled_from(["table", "json", "csv"]))
def test_cli_any_bytes_as_a_family_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        data: bytes, fmt: str) -> None:
    f = tmp_path / "family.json"
    f.write_bytes(data)
    code, out, err = _cli(capsys, "match", str(f), "--format", fmt, "-k", "3")
    assert code in (0, 1) and "Traceback" not in err
    assert (code == 0) == bool(out)
    out.encode("utf-8")
    err.encode("utf-8")


@settings(max_examples=min(FUZZ_EXAMPLES, 100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=provider_bytes)
def test_cli_any_bytes_as_a_provider_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          data: bytes) -> None:
    f = tmp_path / "p.json"
    f.write_bytes(data)
    for argv in (["validate", str(f)], ["validate", str(f), "--json"]):
        code, out, err = _cli(capsys, *argv)
        assert code in (0, 1) and "Traceback" not in err
        (out + err).encode("utf-8")


def test_match_many_in_processes_gives_pfmatch_errors_for_nasty_families(sample: Directory) -> None:
    pytest.importorskip("joblib")
    for bad in ({"needs": ["food\ud800"]}, {"household": {"size": 10**400}}, {"\ud800": 1},
                {"needs": deep(50)}, {"languages": ["x" * 10_000]}):
        for n_jobs in (1, 2):
            with pytest.raises(pfmatch.FamilyDataError) as err:
                pfmatch.match_many([{"needs": ["food"]}, bad], sample, k=2, n_jobs=n_jobs)
            assert err.value.index == 1
            str(err.value).encode("utf-8")


@settings(max_examples=min(FUZZ_EXAMPLES, 200), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=100), json_values.map(lambda v: json.dumps(v).encode()),
                      st.just(b'{"need": ' + b"9" * 5000 + b"}"), st.just(b"[" * 100_000)),
       suffix=st.sampled_from([".json", ".toml"]))
def test_any_bytes_as_a_weights_file(tmp_path: Path, sample: Directory, data: bytes,
                                     suffix: str) -> None:
    f = tmp_path / f"w{suffix}"
    f.write_bytes(data)
    r = _result_or_pfmatch_error(lambda: match({"needs": ["food"]}, sample, k=2, weights=f))
    assert isinstance(r, (pfmatch.ConfigError, pfmatch.MatchResult))


def _deep_dict(n: int) -> Any:
    x: Any = 1
    for _ in range(n):
        x = {"screenings": x}
    return x


@pytest.mark.parametrize("family", [deep(100_000), {"needs": deep(100_000)}, _deep_dict(100_000),
                                    {"screenings": {"phq9": deep(100_000)}},
                                    {"children": [{"age_years": deep(10_000)}]}])
def test_deeply_nested_families_through_the_api(sample: Directory, family: Any) -> None:
    with pytest.raises(pfmatch.FamilyDataError):
        match(family, sample)
