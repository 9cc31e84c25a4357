"""The service's own shapes (request envelopes, responses, problems) for OpenAPI 3.1.

The family, weights and result come from :mod:`pfmatch.serve._schemas` (built
from the library); the envelopes here name the same fields as the parsers in
:mod:`pfmatch.serve._requests` (a test holds them equal).
"""

from __future__ import annotations

from typing import Any

from pfmatch.serve._problems import MEDIA_TYPE

__all__ = ["SERVICE_SCHEMAS", "body", "problems", "returns"]


def _c(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}

SERVICE_SCHEMAS: dict[str, Any] = {
    "MatchRequest": {
        "type": "object", "additionalProperties": False, "required": ["family"],
        "properties": {
            "family": _c("Family"),
            "k": {"type": "integer", "minimum": 1, "default": 10,
                  "description": "Number of ranked results (at most the service's max_k)."},
            "weights": _c("Weights"),
            "explain": {"type": "boolean", "default": False,
                        "description": "Also list offerings left out, with the rule and reason."},
            "include_assessment": {"type": "boolean", "default": False,
                                   "description": "Also return the needs, factor gaps and flags "
                                                  "derived from the family."},
            "handout": {"description": "Also return the referral sheet as HTML.",
                        "oneOf": [{"type": "boolean"}, {
                            "type": "object", "additionalProperties": False,
                            "properties": {"language": {"enum": ["en", "es"], "default": "en"},
                                           "first_name": {"type": "string", "minLength": 1,
                                                          "maxLength": 100}}}]},
        },
    },
    "BatchRequest": {
        "type": "object", "additionalProperties": False, "required": ["families"],
        "properties": {
            "families": {"type": "array", "items": _c("Family"), "minItems": 1},
            "k": {"type": "integer", "minimum": 1, "default": 10},
            "weights": _c("Weights"),
            "include_assessment": {"type": "boolean", "default": False},
        },
    },
    "BatchResponse": {
        "type": "object", "required": ["results"],
        "properties": {"results": {"type": "array", "items": _c("MatchResult"),
                                   "description": "One result per family, in order."}},
    },
    "ExplainRequest": {
        "type": "object", "additionalProperties": False, "required": ["family", "service_id"],
        "properties": {
            "family": _c("Family"),
            "service_id": {"type": "string", "minLength": 1},
            "location_id": _OPT_STR,
            "k": {"type": "integer", "minimum": 1, "default": 10},
            "weights": _c("Weights"),
        },
    },
    "ExplainResponse": {
        "type": "object", "required": ["service_id", "status", "text", "why_not"],
        "properties": {
            "service_id": _STR, "location_id": _OPT_STR,
            "status": {"enum": ["pinned", "shown", "excluded", "ranked_below"],
                       "description": "pinned/shown: in the result (see match and "
                                      "waterfall); excluded: a rule left it out (see why_not); "
                                      "ranked_below: it passed the rules but ranked below k."},
            "match": {"oneOf": [_c("Match"), {"type": "null"}]},
            "waterfall": {"type": "array", "items": {
                "type": "object", "required": ["component", "points", "weight"],
                "properties": {"component": _STR, "points": {"type": "number"},
                               "weight": {"type": "number"}}},
                "description": "Points per score component; they add up to the score."},
            "why_not": {"type": "array", "items": _c("Exclusion")},
            "text": {"type": "string", "description": "The explanation a coordinator reads."},
        },
    },
    "ServiceRecord": {
        "type": "object", "required": ["service_id", "service", "organization", "locations"],
        "properties": {"service_id": _STR, "service": _STR, "organization": _STR,
                       "organization_id": _OPT_STR, "description": _STR, "status": _STR,
                       "locations": {"type": "array", "items": {"type": "object"}}},
        "description": "A service's display record; confidential locations carry no address "
                       "or coordinates.",
    },
    "DirectorySummary": {
        "type": "object", "required": ["counts", "checksum", "rankable"],
        "properties": {"source": _OPT_STR, "checksum": _STR,
                       "counts": {"type": "object",
                                  "additionalProperties": {"type": "integer"}},
                       "offerings": {"type": "integer"}, "rankable": {"type": "integer"},
                       "problems": {"type": "integer"}, "loaded_at": _STR,
                       "generation": {"type": "integer"}},
    },
    "LoadReport": {"type": "object", "description": "Directory.report.to_dict(): counts, "
                   "source counts and every record skipped or repaired (paged)."},
    "Vocabularies": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {
            "type": "object", "required": ["code"], "properties": {"code": _STR}}},
    },
    "Vocabulary": {"type": "array", "items": {"type": "object", "required": ["code"],
                                              "properties": {"code": _STR}}},
    "ReloadRequest": {
        "type": "object", "additionalProperties": False,
        "properties": {"path": {"type": "string", "description": "A provider directory or "
                                "saved index on the server; omitted: reload the one served."}},
    },
    "Health": {"type": "object", "required": ["status"], "properties": {"status": _STR}},
    "Problem": {
        "type": "object", "required": ["type", "title", "status"],
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string", "format": "uri"}, "title": _STR,
            "status": {"type": "integer"}, "detail": _STR, "instance": _STR,
            "request_id": _STR,
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["path", "detail"],
                "properties": {"path": {"type": "string", "description": "JSON path"},
                               "detail": _STR, "fix": _STR}}},
        },
    },
}


def body(name: str) -> dict[str, Any]:
    """``openapi_extra`` for a JSON request body of component ``name``."""
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": _c(name)}}}}


def returns(name: str, description: str = "OK") -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description,
                  "content": {"application/json": {"schema": _c(name)}}}}


_WHAT = {400: "The body is not JSON", 401: "No API key", 403: "The key is not accepted",
         404: "Not found", 413: "The body is too large", 415: "The body is not application/json",
         422: "Invalid request or family",
         503: "At capacity (Retry-After) or not ready"}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"description": _WHAT[c],
                "content": {MEDIA_TYPE: {"schema": _c("Problem")}}} for c in codes}
