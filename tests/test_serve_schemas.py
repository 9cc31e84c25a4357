"""The published contract: JSON Schemas and the OpenAPI document, and that they match the library.

The family schema is built from the validator's own field lists and data
files; these tests hold the two together from both sides:

- every document the schema accepts, the library accepts (generated from the
  schema), except the cross-field rules JSON Schema cannot state, which are
  listed here by path and problem;
- every error case of the library's own family tests is rejected by the
  schema too (or is one of those cross-field rules);
- each object's properties are exactly the fields the validator knows (probed
  through its "Valid fields" error).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator
from strategies_schema import from_schema

from pfmatch import FamilyDataError, MatchResult, Weights
from pfmatch.assess import Family

pytest.importorskip("fastapi", reason="the serve extra is not installed")

from pfmatch.serve._app import openapi_document
from pfmatch.serve._schemas import (
    SCHEMA_NAMES,
    SchemaDriftError,
    _check,
    build_schemas,
    dumps,
    standalone,
)

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"

#: Rules the library checks that JSON Schema cannot state: (path regex, problem start).
CROSS_FIELD = [
    (r"\.child$", "refers to a child that does not exist"),
    (r"\.total$", "does not equal the sum of items"),
    (r"\.item(9|10)$", "exceeds the total"),
    (r"\.item(9|10)$", "does not match items"),
]


def _cross_field(e: FamilyDataError) -> bool:
    return any(re.search(p, e.path) and e.problem.startswith(w) for p, w in CROSS_FIELD)


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(standalone(name))


def _spec_example() -> dict[str, Any]:
    text = (REPO.parent / "shared" / "spec" / "API.md")
    if not text.is_file():
        pytest.skip("../shared/spec/API.md is absent")
    block = text.read_text(encoding="utf-8").split("```json", 1)[1].split("```", 1)[0]
    doc: dict[str, Any] = json.loads(block)
    return doc


# ------------------------------------------------------------------ published files
@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_published_schema_is_valid_2020_12_and_committed(name: str) -> None:
    doc = standalone(name)
    Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    committed = (SCHEMAS / f"{name}.json").read_text(encoding="utf-8")
    assert committed == dumps(doc), (f"schemas/{name}.json is stale: run "
                                     ".venv/bin/python tools/write_schemas.py")


def test_committed_openapi_equals_generated() -> None:
    doc = openapi_document()
    assert doc["openapi"].startswith("3.1")
    committed = (SCHEMAS / "openapi.json").read_text(encoding="utf-8")
    assert committed == dumps(doc), ("schemas/openapi.json is stale: run "
                                     ".venv/bin/python tools/write_schemas.py")


def test_committed_openapi_file_validates_as_openapi_3_1() -> None:
    """What a Java or .NET client generator reads: the committed file, as a 3.1 document."""
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8")))


def test_typescript_client_types_name_every_schema_property() -> None:
    """CI has no npm, so regenerating clients/typescript/pfmatch.d.ts is manual; this catches
    the drift that matters (a field the contract has and the types lack)."""
    dts = (REPO / "clients" / "typescript" / "pfmatch.d.ts").read_text(encoding="utf-8")
    doc = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    missing = sorted(f"{name}.{prop}" for name, schema in doc["components"]["schemas"].items()
                     for prop in schema.get("properties", {})
                     if not re.search(rf'(^|\s|"){re.escape(prop)}"?\??:', dts, re.MULTILINE))
    assert not missing, ("clients/typescript/pfmatch.d.ts lacks " + ", ".join(missing)
                         + ": regenerate it (clients/typescript/README.md)")


def test_openapi_components_are_valid_schemas_and_refs_resolve() -> None:
    doc = openapi_document()
    comps = doc["components"]["schemas"]
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in comps, ref
    for name, schema in comps.items():
        Draft202012Validator.check_schema(schema), name
    assert "HTTPValidationError" not in comps  # problems, not FastAPI's error shape


# ------------------------------------------------------------------ examples
def test_spec_example_is_valid_for_schema_and_library() -> None:
    ex = _spec_example()
    assert not list(_validator("Family").iter_errors(ex))
    Family.from_dict(ex)


def test_canonical_form_of_every_family_is_schema_valid() -> None:
    """Family.to_dict() (the canonical form) of the spec example validates."""
    ex = _spec_example()
    assert not list(_validator("Family").iter_errors(Family.from_dict(ex).to_dict()))


def test_weights_schema_agrees_with_library() -> None:
    v = _validator("Weights")
    assert v.is_valid(Weights().to_dict())
    assert v.is_valid({"distance": 0.5})
    for bad in ({"distance": -1}, {"bogus": 1}, dict.fromkeys(Weights().to_dict(), 0),
                {"need": "0.3"}):
        assert not v.is_valid(bad), bad
        with pytest.raises(Exception):  # noqa: B017 - ConfigError or TypeError alike
            Weights.from_dict(bad)


def test_result_schema_accepts_real_results() -> None:
    import pfmatch

    v = _validator("MatchResult")
    fam = {"location": {"zip": "90011"}, "needs": ["food", "rent"],
           "screenings": {"phq9": {"total": 12, "item9": 1}}}
    for kw in ({}, {"explain": True}):
        r: MatchResult = pfmatch.match(fam, k=5, **kw)
        for assess in (False, True):
            doc = json.loads(r.to_json(include_assessment=assess))
            errors = [e.message for e in v.iter_errors(doc)]
            assert not errors, errors[:3]
    assert doc["pinned"], "a self-harm item pins a crisis line"


# ------------------------------------------------------------------ drift, both ways
@given(from_schema(standalone("Family")))
def test_every_schema_valid_family_is_library_valid(doc: dict[str, Any]) -> None:
    assert _validator("Family").is_valid(doc)  # the generator keeps to the schema
    try:
        Family.from_dict(doc)
    except FamilyDataError as e:
        assert _cross_field(e), f"schema accepts, library rejects: {e.path} {e.problem}"


def _library_error_cases() -> list[tuple[list[Any], Any, str]]:
    import test_family

    marks = [m for m in test_family.test_errors_name_the_path.pytestmark
             if m.name == "parametrize"]
    cases: list[tuple[list[Any], Any, str]] = marks[0].args[1]
    return cases


@pytest.mark.parametrize(("path", "value", "expected"), _library_error_cases())
def test_every_library_error_case_is_a_schema_error(path: list[Any], value: Any,
                                                    expected: str) -> None:
    import test_family

    doc = test_family._with(path, value)
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict(doc)
    if _cross_field(ei.value):
        return
    errors = list(_validator("Family").iter_errors(doc))
    assert errors, f"the library rejects {expected} but the schema accepts it"


def _valid_fields(doc: dict[str, Any], at: list[Any]) -> list[str]:
    """The fields the validator accepts at ``at``, read from its unknown-field error."""
    d = copy.deepcopy(doc)
    node: Any = d
    for k in at:
        node = node[k]
    node["zz_not_a_field"] = 1
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict(d)
    assert ei.value.fix and ei.value.fix.startswith("Valid fields: "), ei.value
    return sorted(ei.value.fix[len("Valid fields: "):].split(", "))


def _props(defs: dict[str, Any], name: str) -> list[str]:
    s = defs[name]
    if "oneOf" in s:
        return sorted({k for o in s["oneOf"] for k in o["properties"]})
    return sorted(s["properties"])


@pytest.mark.parametrize(("at", "name"), [
    ([], "Family"), (["location"], "Location"), (["pfs2"], "PFS2"),
    (["screenings"], "Screenings"), (["screenings", "phq9"], "PHQ9"),
    (["screenings", "phq2"], "PHQ2"), (["screenings", "epds"], "EPDS"),
    (["screenings", "ahc_hrsn"], "AHCHRSN"),
    (["screenings", "hunger_vital_sign"], "HungerVitalSign"),
    (["screenings", "asq3", 0], "ASQ3Result"), (["screenings", "asq_se2", 0], "ASQSE2Result"),
    (["children", 0], "Child"), (["caregivers", 0], "Caregiver"), (["household"], "Household"),
    (["factor_gaps"], "FactorGaps"),
])
def test_schema_properties_are_the_validators_fields(at: list[Any], name: str) -> None:
    import test_family

    ex = copy.deepcopy(test_family.EXAMPLE)
    assert _props(build_schemas(), name) == _valid_fields(ex, at)


def test_a_library_field_without_a_schema_is_an_error() -> None:
    with pytest.raises(SchemaDriftError, match="populations"):
        _check("family", {"id"}, ("id", "populations"))


def test_request_envelopes_name_the_parsers_fields() -> None:
    from pfmatch.serve._openapi import SERVICE_SCHEMAS
    from pfmatch.serve._requests import BatchRequest, ExplainRequest, MatchRequest

    for cls, name in ((MatchRequest, "MatchRequest"), (BatchRequest, "BatchRequest"),
                      (ExplainRequest, "ExplainRequest")):
        assert sorted(SERVICE_SCHEMAS[name]["properties"]) == sorted(cls.FIELDS)
