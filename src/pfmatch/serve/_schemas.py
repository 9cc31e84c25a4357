"""JSON Schemas (2020-12) for the family, the weights and the result.

The schemas are built from the library's own definitions, so they cannot fall
behind it: field names come from the validator's field lists
(``pfmatch.assess._family``), ranges and categories from the same data files
the validator reads (``instruments.toml``, ``factors.toml``, ``barriers.toml``,
the language table), weight names from :data:`pfmatch._weights.COMPONENTS`
and the result fields from the :class:`~pfmatch.Match` dataclass.  A field the
library gains without a schema here is an error when the schemas are built
(and so in the tests), not a silent gap.

The schemas describe the *canonical* form: every document they accept, the
library accepts.  The library also accepts everyday spellings the schemas do
not list ("often true", "Spanish", "no car"), and checks rules JSON Schema
cannot state (a PHQ-9 total equal to the sum of its items, an ASQ ``child``
index that exists).  ``tests/test_serve_schemas.py`` holds both to that.
"""

from __future__ import annotations

import copy
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_NAMES", "SchemaDriftError", "build_schemas", "for_openapi", "standalone",
           "write_schemas"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://pfmatch.org/schemas/v1/"
#: The published top-level schemas (one file each under ``schemas/``).
SCHEMA_NAMES: tuple[str, ...] = ("Family", "Weights", "MatchResult")
_REF = "#/$defs/"


class SchemaDriftError(RuntimeError):
    """The library has a field that the published schemas do not describe."""


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _closed(props: dict[str, Any], *, required: tuple[str, ...] = (),
            description: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if description:
        out["description"] = description
    out.update(extra)
    return out


def _check(name: str, described: set[str], library: tuple[str, ...] | set[str]) -> None:
    missing = sorted(set(library) - described)
    extra = sorted(described - set(library))
    if missing or extra:
        raise SchemaDriftError(
            f"the {name} schema and the library disagree: library fields without a schema "
            f"{missing}, schema fields the library does not know {extra}. Describe the new "
            "field in src/pfmatch/serve/_schemas.py and run tools/write_schemas.py")


def _int(lo: int, hi: int, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "integer", "minimum": lo, "maximum": hi}
    if description:
        out["description"] = description
    return out


def _items(n: int, hi: int) -> dict[str, Any]:
    return {"type": "array", "items": _int(0, hi), "minItems": n, "maxItems": n}


def _nonblank(max_len: int, description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_len,
                           "pattern": r"\S"}
    # what JSON Schema cannot say: the library refuses lone surrogates and control characters
    out["description"] = ((description + " " if description else "")
                          + "Valid text: no lone surrogates or control characters.")
    return out


def _instrument(cfg: dict[str, Any], shortcut: str | None, what: str) -> dict[str, Any]:
    props: dict[str, Any] = {
        "items": {**_items(cfg["items"], cfg["item_max"]),
                  "description": f"All {cfg['items']} item scores (0-{cfg['item_max']})."},
        "total": _int(0, cfg["total_max"], "The total score (when items are not given)."),
    }
    if shortcut:
        props[shortcut] = _int(0, cfg["item_max"], "The self-harm item's score.")
    return _closed(props, description=what + " Give items or total (or both, agreeing).",
                   anyOf=[{"required": ["items"]}, {"required": ["total"]}])


def _family_defs() -> dict[str, Any]:
    from pfmatch._languages import known_codes
    from pfmatch._needmap import FACTORS
    from pfmatch.assess import _family as fam
    from pfmatch.assess._data import barrier_codes, factors_doc, instruments_doc
    from pfmatch.normalize.populations import POPULATIONS

    ins = instruments_doc()
    fdoc = factors_doc()
    asq = list(fam.ASQ_CATEGORIES)
    ahc = ins["ahc_hrsn"]
    defs: dict[str, Any] = {}
    defs["Location"] = {
        "description": "Where the family is: exactly one of a ZIP, lat+lon, or an address.",
        "oneOf": [
            _closed({"zip": {"type": "string", "pattern": r"^\d{5}(-\d{4})?$"}},
                    required=("zip",)),
            _closed({"lat": {"type": "number", "minimum": -90, "maximum": 90},
                     "lon": {"type": "number", "minimum": -180, "maximum": 180}},
                    required=("lat", "lon")),
            _closed({"address": _nonblank(500)}, required=("address",)),
        ],
    }
    lo, hi = fdoc["pfs2"]["scale_min"], fdoc["pfs2"]["scale_max"]
    pfs2_names = tuple(f.name for f in fields(fam.PFS2))
    defs["PFS2"] = _closed({k: {"type": "number", "minimum": lo, "maximum": hi}
                            for k in pfs2_names},
                           description=f"PFS-2 subscale means on its {lo}-{hi} scale.")
    defs["PHQ9"] = _instrument(ins["phq9"], "item9", "PHQ-9.")
    defs["PHQ2"] = _instrument(ins["phq2"], None, "PHQ-2.")
    defs["EPDS"] = _instrument(ins["epds"], "item10", "EPDS (scored items only).")
    child_ix = {"type": "integer", "minimum": 0,
                "description": "Index of the child in $.children (from 0)."}
    defs["ASQ3Result"] = _closed(
        {"child": child_ix, "area": {"enum": list(ins["asq"]["asq3_areas"])},
         "result": {"enum": asq}}, required=("child", "area", "result"))
    defs["ASQSE2Result"] = _closed({"child": child_ix, "result": {"enum": asq}},
                                   required=("child", "result"))
    ahc_props: dict[str, Any] = {
        "living_situation": {"enum": list(ahc["living_situation"])},
        "housing_problems": {"type": "array", "items": {"enum": list(ahc["housing_problems"])}},
        "food_worry": {"enum": list(ahc["food_answers"])},
        "food_ran_out": {"enum": list(ahc["food_answers"])},
        "transportation": {"enum": list(ahc["transportation"])},
        "utilities": {"enum": list(ahc["utilities"])},
        "safety": {"type": "array", "minItems": ahc["safety_items"],
                   "maxItems": ahc["safety_items"],
                   "items": _int(ahc["safety_item_min"], ahc["safety_item_max"])},
    }
    _check("AHC HRSN", set(ahc_props), tuple(f.name for f in fields(fam.AHCHRSN)))
    defs["AHCHRSN"] = _closed(ahc_props, description="AHC HRSN core questions, as answer "
                              "categories.")
    hvs = list(ins["hunger_vital_sign"]["answers"])
    defs["HungerVitalSign"] = _closed({"food_worry": {"enum": hvs},
                                       "food_ran_out": {"enum": hvs}},
                                      required=("food_worry", "food_ran_out"))
    scr_props = {"phq9": _ref("PHQ9"), "phq2": _ref("PHQ2"), "epds": _ref("EPDS"),
                 "asq3": {"type": "array", "items": _ref("ASQ3Result")},
                 "asq_se2": {"type": "array", "items": _ref("ASQSE2Result")},
                 "ahc_hrsn": _ref("AHCHRSN"), "hunger_vital_sign": _ref("HungerVitalSign")}
    _check("screenings", set(scr_props), tuple(f.name for f in fields(fam.Screenings)))
    defs["Screenings"] = _closed(scr_props, description="Screening scores and publisher "
                                 "categories only.")
    months = fam.MAX_CHILD_MONTHS
    defs["Child"] = {
        "description": "A child: exactly one of age_months or age_years.",
        "oneOf": [_closed({"age_months": {"type": "number", "minimum": 0, "maximum": months}},
                          required=("age_months",)),
                  _closed({"age_years": {"type": "number", "minimum": 0,
                                         "maximum": months / 12}}, required=("age_years",))],
    }
    cg_props = {"age_years": {"type": "number", "minimum": 10, "maximum": 120},
                "pregnant": {"type": "boolean"}, "postpartum": {"type": "boolean"},
                "gender": {"enum": list(fam.GENDERS),
                           "description": "Read only against services limited to women or to "
                                          "men (the library also takes other letter cases)."}}
    _check("caregiver", set(cg_props), tuple(f.name for f in fields(fam.Caregiver)))
    defs["Caregiver"] = _closed(cg_props)
    hh_props = {"size": _int(1, 50), "annual_income": {"type": "number", "minimum": 0,
                                                       "maximum": 1e9}}
    _check("household", set(hh_props), tuple(f.name for f in fields(fam.Household)))
    defs["Household"] = _closed(hh_props)
    gap = {"oneOf": [{"type": "number", "minimum": 0, "maximum": 1},
                     {"enum": list(fdoc["levels"])}],
           "description": "1 = largest gap; or a level word."}
    defs["FactorGaps"] = _closed(dict.fromkeys(FACTORS, gap),
                                 description="The five Strengthening Families protective "
                                             "factors, each a gap.")
    top: dict[str, Any] = {
        "id": {**_nonblank(200), "description": "The caller's reference; never echoed back."},
        "location": _ref("Location"),
        "languages": {"type": "array", "items": {"enum": list(known_codes())},
                      "description": "Language codes, preferred first (the library also "
                                     "takes names such as \"Spanish\" or \"español\")."},
        "needs": {"type": "array", "items": _nonblank(500),
                  "description": "Need codes or free text (see /v1/vocabularies/needs)."},
        "factor_gaps": _ref("FactorGaps"),
        "pfs2": _ref("PFS2"),
        "screenings": _ref("Screenings"),
        "children": {"type": "array", "items": _ref("Child")},
        "caregivers": {"type": "array", "items": _ref("Caregiver")},
        "barriers": {"type": "array", "items": {"enum": list(barrier_codes())},
                     "description": "Barrier codes (the library also takes phrasings such "
                                    "as \"no car\"; see /v1/vocabularies/barriers)."},
        "insurance": {"type": "array", "items": {"enum": list(fam.INSURANCE)}},
        "household": _ref("Household"),
        "max_distance_km": {"type": "number", "exclusiveMinimum": 0, "maximum": 5000},
        "connected_services": {"type": "array", "items": _nonblank(200),
                               "description": "Service ids the family already uses."},
        "safety_concern": {"type": "boolean"},
        "populations": {"type": "array", "items": {"enum": list(POPULATIONS)},
                        "description": "Population codes the family belongs to (services "
                                       "limited to them are open to it; docs/populations.md)."},
        "populations_checked": {"type": "boolean",
                                "description": "The coordinator asked about every population "
                                               "code: services limited to groups not in "
                                               "populations are left out."},
    }
    _check("family", set(top), fam._TOP)
    defs["Family"] = _closed(top, description="A family's assessment data (API section 2); "
                                              "every field is optional.")
    return defs


def _weights_def() -> dict[str, Any]:
    from pfmatch._weights import COMPONENTS, Weights

    _check("weights", set(COMPONENTS), tuple(f.name for f in fields(Weights)))
    defaults = Weights().to_dict()
    props = {c: {"type": "number", "minimum": 0, "default": defaults[c]} for c in COMPONENTS}
    out = _closed(props, description="Non-negative weights, one per score component; only "
                  "ratios matter. Left-out components keep their defaults; not all zero.")
    out["not"] = {"required": list(COMPONENTS),
                  "properties": {c: {"const": 0} for c in COMPONENTS}}
    return out


def _result_defs() -> dict[str, Any]:
    from pfmatch._results import Exclusion, Match
    from pfmatch._weights import COMPONENTS

    str_list = {"type": "array", "items": {"type": "string"}}
    opt_str = {"type": ["string", "null"]}
    phone = {"type": "object", "properties": {"number": {"type": "string"},
                                              "type": opt_str, "description": opt_str,
                                              "languages": str_list}}
    match_props: dict[str, Any] = {
        "rank": {"type": "integer", "minimum": 1},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "service_id": {"type": "string"},
        "location_id": {**opt_str, "description": "null for remote services"},
        "service": {"type": "string"}, "organization": {"type": "string"},
        "needs": str_list, "factors": str_list,
        "distance_km": {"type": ["number", "null"], "minimum": 0},
        "languages": str_list,
        "contact": {"type": "object", "description": "phones, url, email, address (null when "
                    "confidential), how_to_apply, hours",
                    "properties": {"phones": {"type": "array", "items": phone},
                                   "url": opt_str, "email": opt_str, "address": opt_str,
                                   "how_to_apply": opt_str, "hours": opt_str}},
        "contributions": {"type": "object", "description": "Points per score component; "
                          "they add up to score.",
                          "propertyNames": {"enum": list(COMPONENTS)},
                          "additionalProperties": {"type": "number"}},
        "reasons": str_list, "warnings": str_list,
        "pinned": {"type": "boolean"},
    }
    _check("match", set(match_props), tuple(f.name for f in fields(Match)))
    ex_props = {"service_id": {"type": "string"}, "location_id": opt_str,
                "service": {"type": "string"}, "rule": {"type": "string"},
                "reason": {"type": "string"}}
    _check("exclusion", set(ex_props), tuple(f.name for f in fields(Exclusion)))
    need = {"type": "object", "properties": {
        "code": {"type": "string"}, "label": {"type": "string"},
        "source": {"type": "string"}, "urgency": {"enum": ["routine", "soon", "urgent"]}}}
    flag = {"type": "object", "properties": {
        "code": {"type": "string"}, "reason": {"type": "string"},
        "deadline_days": {"type": ["integer", "null"]}}}
    result = _closed({
        "pinned": {"type": "array", "items": _ref("Match"),
                   "description": "Safety resources a safety rule placed first."},
        "matches": {"type": "array", "items": _ref("Match")},
        "excluded": {"type": "array", "items": _ref("Exclusion"),
                     "description": "With explain: one entry per offering left out."},
        "connected": {"type": "array", "items": {"type": "string"}},
        "notes": str_list,
        "weights": _ref("Weights"),
        "needs": {"type": "array", "items": need,
                  "description": "With include_assessment only."},
        "unresolved": str_list,
        "factor_gaps": {"type": "object", "additionalProperties": {"type": "number"}},
        "flags": {"type": "array", "items": flag},
        "handout_html": {"type": "string", "description": "The referral sheet, when asked."},
        "excluded_total": {"type": "integer", "minimum": 0,
                           "description": "When more offerings were left out than are listed "
                                          "in excluded (HTTP service)."},
    }, required=("pinned", "matches", "excluded", "connected", "notes", "weights"),
        description="A ranked, explained list (MatchResult.to_json shape).")
    # The result keeps additionalProperties open for optional fields the library adds.
    result["additionalProperties"] = True
    match = {"type": "object", "properties": match_props, "required": list(match_props)}
    exclusion = {"type": "object", "properties": ex_props, "required": list(ex_props)}
    return {"Match": match, "Exclusion": exclusion, "MatchResult": result}


def build_schemas() -> dict[str, Any]:
    """Every named definition, with references of the form ``#/$defs/Name``."""
    defs = _family_defs()
    defs["Weights"] = _weights_def()
    defs.update(_result_defs())
    return defs


def _refs_of(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            out.add(ref[len(_REF):])
        for v in node.values():
            _refs_of(v, out)
    elif isinstance(node, list):
        for v in node:
            _refs_of(v, out)


def standalone(name: str, defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """One published schema document: the named shape and the definitions it uses."""
    defs = build_schemas() if defs is None else defs
    need: set[str] = set()
    todo = [name]
    while todo:
        n = todo.pop()
        found: set[str] = set()
        _refs_of(defs[n], found)
        for f in sorted(found - need - {name}):
            need.add(f)
            todo.append(f)
    doc: dict[str, Any] = {"$schema": DRAFT, "$id": f"{BASE_ID}{name}.json",
                           "title": name, **copy.deepcopy(defs[name])}
    if need:
        doc["$defs"] = {n: copy.deepcopy(defs[n]) for n in sorted(need)}
    return doc


def _rewrite(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {k: (prefix + v[len(_REF):] if k == "$ref" and isinstance(v, str)
                    and v.startswith(_REF) else _rewrite(v, prefix)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite(v, prefix) for v in node]
    return node


def for_openapi(defs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The definitions as OpenAPI 3.1 ``components.schemas`` (refs rewritten)."""
    defs = build_schemas() if defs is None else defs
    return {k: _rewrite(v, "#/components/schemas/") for k, v in sorted(defs.items())}


def dumps(doc: Any) -> str:
    """The one JSON text form of a published document (stable, diff-friendly)."""
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write ``Family.json``, ``Weights.json`` and ``MatchResult.json`` into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    defs = build_schemas()
    written = []
    for name in SCHEMA_NAMES:
        p = out / f"{name}.json"
        p.write_text(dumps(standalone(name, defs)), encoding="utf-8")
        written.append(p)
    return written
