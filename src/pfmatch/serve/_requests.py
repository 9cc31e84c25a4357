"""Reading request bodies: JSON envelopes around the library's own family and weights.

The family itself is validated by :meth:`pfmatch.Family.from_dict` and the
weights by :meth:`pfmatch.Weights.from_dict`, so the service accepts exactly
what the library accepts; errors are re-pathed under the envelope
(``$.children[0]`` becomes ``$.family.children[0]``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pfmatch._errors import FamilyDataError, PfmatchError
from pfmatch._weights import Weights
from pfmatch.assess import Family
from pfmatch.serve._problems import Problem

__all__ = ["BatchRequest", "ExplainRequest", "MatchRequest", "parse_json"]

HANDOUT_LANGUAGES = ("en", "es")


def parse_json(body: bytes) -> Any:
    """The body as JSON, or a 400 problem naming the position (never the text)."""
    if not body:
        raise Problem("invalid-json", "The body is empty; send a JSON object.")
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise Problem("invalid-json", "The body is not UTF-8 text.") from None
    except json.JSONDecodeError as e:
        raise Problem("invalid-json", f"{e.msg} at line {e.lineno}, column {e.colno}.") from None


def _bad(path: str, problem: str, fix: str | None = None) -> Problem:
    return Problem("invalid-request", f"{path} {problem}", path=path, fix=fix)


def _object(doc: Any, allowed: tuple[str, ...], required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise _bad("$", "must be a JSON object")
    unknown = sorted(str(k) for k in doc if k not in allowed)
    if unknown:
        p = f"$.{unknown[0]}" if len(unknown) == 1 else "$"
        raise _bad(p, "is not a known field", fix="Valid fields: " + ", ".join(allowed))
    for k in required:
        if k not in doc:
            raise _bad(f"$.{k}", "is required")
    return doc


def _int(doc: Mapping[str, Any], key: str, default: int, hi: int) -> int:
    v = doc.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= hi:
        raise _bad(f"$.{key}", f"must be a whole number from 1 to {hi}")
    return v


def _flag(doc: Mapping[str, Any], key: str) -> bool:
    v = doc.get(key, False)
    if not isinstance(v, bool):
        raise _bad(f"$.{key}", "must be true or false")
    return v


def family_at(x: Any, path: str) -> Family:
    """Validate a family found at ``path`` in the request (``$.family``)."""
    if not isinstance(x, Mapping):
        raise Problem("invalid-family", f"{path} must be a JSON object", path=path)
    try:
        family = Family.from_dict(x)
    except FamilyDataError as e:
        raise family_problem(e, path) from None
    if family.location is not None and family.location.address is not None:
        where = f"{path}.location.address"
        raise Problem("invalid-family", f"{where} cannot be resolved: this service has no "
                      "geocoder (it makes no network calls)", path=where,
                      fix="Give a ZIP code or lat/lon")
    return family


def family_problem(e: FamilyDataError, path: str) -> Problem:
    """A library family error as a 422 problem, its path under ``path`` (``$.family``)."""
    where = path + e.path[1:] if e.path.startswith("$") else path
    detail = f"{where} {e.problem}" + (f"; got {e.received}" if e.received else "")
    return Problem("invalid-family", detail, path=where, fix=e.fix)


def weights_at(doc: Mapping[str, Any]) -> Weights | None:
    if doc.get("weights") is None:
        return None
    w = doc["weights"]
    if not isinstance(w, Mapping):  # never a path: the service reads no files for a caller
        raise _bad("$.weights", "must be an object of component to number")
    try:
        return Weights.from_dict(w)
    except PfmatchError as e:
        raise _bad("$.weights", f"is invalid: {e}") from None


@dataclass(frozen=True)
class Handout:
    language: str
    first_name: str | None


def _handout(doc: Mapping[str, Any]) -> Handout | None:
    h = doc.get("handout")
    if h is None or h is False:
        return None
    if h is True:
        return Handout("en", None)
    if not isinstance(h, Mapping):
        raise _bad("$.handout", "must be true or an object {language, first_name}")
    unknown = sorted(str(k) for k in h if k not in ("language", "first_name"))
    if unknown:
        raise _bad("$.handout", "has an unknown field", fix="Valid fields: language, first_name")
    lang = h.get("language", "en")
    if lang not in HANDOUT_LANGUAGES:
        raise _bad("$.handout.language", "must be one of " + ", ".join(HANDOUT_LANGUAGES))
    name = h.get("first_name")
    if name is not None and (not isinstance(name, str) or not 0 < len(name) <= 100):
        raise _bad("$.handout.first_name", "must be a string of 1 to 100 characters")
    return Handout(lang, name)


@dataclass(frozen=True)
class MatchRequest:
    """``POST /v1/match``."""

    family: Family
    k: int
    weights: Weights | None
    explain: bool
    include_assessment: bool
    handout: Handout | None

    FIELDS = ("family", "k", "weights", "explain", "include_assessment", "handout")

    @classmethod
    def parse(cls, doc: Any, max_k: int) -> MatchRequest:
        d = _object(doc, cls.FIELDS, ("family",))
        return cls(family_at(d["family"], "$.family"), _int(d, "k", 10, max_k), weights_at(d),
                   _flag(d, "explain"), _flag(d, "include_assessment"), _handout(d))


@dataclass(frozen=True)
class BatchRequest:
    """``POST /v1/match/batch``."""

    families: list[Family]
    k: int
    weights: Weights | None
    include_assessment: bool

    FIELDS = ("families", "k", "weights", "include_assessment")

    @classmethod
    def parse(cls, doc: Any, max_k: int, max_batch: int) -> BatchRequest:
        d = _object(doc, cls.FIELDS, ("families",))
        fams = d["families"]
        if not isinstance(fams, list):
            raise _bad("$.families", "must be a list of families")
        if not 1 <= len(fams) <= max_batch:
            raise _bad("$.families", f"must hold 1 to {max_batch} families",
                       fix="Split larger batches into several requests")
        return cls([family_at(f, f"$.families[{i}]") for i, f in enumerate(fams)],
                   _int(d, "k", 10, max_k), weights_at(d), _flag(d, "include_assessment"))


@dataclass(frozen=True)
class ExplainRequest:
    """``POST /v1/explain``."""

    family: Family
    service_id: str
    location_id: str | None
    k: int
    weights: Weights | None

    FIELDS = ("family", "service_id", "location_id", "k", "weights")

    @classmethod
    def parse(cls, doc: Any, max_k: int) -> ExplainRequest:
        d = _object(doc, cls.FIELDS, ("family", "service_id"))
        sid = d["service_id"]
        if not isinstance(sid, str) or not sid:
            raise _bad("$.service_id", "must be a non-empty string")
        loc = d.get("location_id")
        if loc is not None and not isinstance(loc, str):
            raise _bad("$.location_id", "must be a string or null")
        return cls(family_at(d["family"], "$.family"), sid, loc, _int(d, "k", 10, max_k),
                   weights_at(d))
