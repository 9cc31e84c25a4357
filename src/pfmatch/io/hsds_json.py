"""Reader for HSDS 3.0/3.1 JSON: service objects, lists, API pages, NDJSON.

Accepted documents (a file may be gzip-compressed):

* one service object;
* a list of service objects;
* an API ``Page`` envelope ``{"contents": [...], "total_items": ...}``;
* newline-delimited JSON, one object per line;
* organization objects with nested ``services`` (flattened; each service keeps
  the organization, without its ``services``/``locations``/``programs``);
* service-at-location objects with a nested ``service`` (turned into the service
  with that service-at-location; several for one service are merged).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch._report import LoadReport
from pfmatch.io._jsonfile import parse_documents, read_text
from pfmatch.io._tables import Ctx

__all__ = ["JSON_SUFFIXES", "RawRecord", "holds_services", "is_json_name", "read_json_file"]

FORMAT = "hsds-3.0-json"
JSON_SUFFIXES = (".json", ".ndjson", ".jsonl", ".json.gz", ".ndjson.gz", ".jsonl.gz")

_SERVICE_KEYS = frozenset({
    "status", "service_at_locations", "organization", "eligibility_description",
    "fees_description", "application_process", "interpretation_services", "minimum_age",
    "maximum_age", "wait_time", "fees", "program", "cost_options", "required_documents",
    "service_areas", "alert", "assured_date",
})
_NOT_SERVICE_KEYS = frozenset({
    "location_type", "latitude", "longitude", "code", "taxonomy", "taxonomy_detail", "term_uri",
    "website", "tax_status", "tax_id", "legal_status", "year_incorporated", "logo",
    "parent_organization_id", "organization_identifiers", "version",
})
_ORG_DROP = ("services", "locations", "programs")


def is_json_name(path: Path) -> bool:
    """True for names ending in a JSON suffix (used only inside folders)."""
    name = path.name.lower()
    return any(name.endswith(s) for s in JSON_SUFFIXES)


def _what(doc: Any) -> str:
    """A short description of a non-service JSON document, for messages."""
    if isinstance(doc, Mapping):
        keys = set(doc)
        if {"location_type", "latitude", "longitude"} & keys and "name" in keys:
            return "a location object"
        if {"code", "taxonomy", "term_uri", "parent_id"} & keys or "taxonomy_detail" in keys:
            return "a taxonomy term"
        if {"website", "tax_status", "legal_status", "year_incorporated", "logo"} & keys:
            return "an organization object without services"
        if any(str(k).endswith(".csv") for k in keys):
            return "a tabular (CSV-as-JSON) document"
        shown = ", ".join(sorted(map(str, keys))[:8]) or "no keys"
        return f"an object with keys {shown}"
    if isinstance(doc, list):
        return "an empty list" if not doc else f"a list of {type(doc[0]).__name__}"
    return f"a JSON {type(doc).__name__}"


def _top_kind(doc: Any) -> str:
    if isinstance(doc, list):
        return "list"
    if not isinstance(doc, Mapping):
        return "other"
    if isinstance(doc.get("contents"), list):
        return "page"
    return _item_kind(doc, strict=True)


def _item_kind(doc: Any, *, strict: bool = False) -> str:
    if not isinstance(doc, Mapping):
        return "service"  # let the cleaner skip it with a reason
    if isinstance(doc.get("services"), list) and not (_SERVICE_KEYS & set(doc)):
        return "organization"
    if isinstance(doc.get("service"), Mapping) and "location" in doc:
        return "service_at_location"
    if not strict or _SERVICE_KEYS & set(doc):
        return "service"
    if "name" in doc and "id" in doc and not (_NOT_SERVICE_KEYS & set(doc)):
        return "service"
    return "other"


class _Collector:
    """Collects raw services from the documents of one file."""

    def __init__(self, file: str, ctx: Ctx) -> None:
        self.file = file
        self.ctx = ctx
        self.services: list[Any] = []
        self.by_sal_service: dict[str, dict[str, Any]] = {}
        self.organizations = 0

    def add(self, raw: Any, org: Mapping[str, Any] | None = None) -> None:
        row = len(self.services) + 1
        if isinstance(raw, Mapping):
            svc = dict(raw)
            if org is not None and svc.get("organization") is None:
                svc["organization"] = org
            svc["_source"] = {"file": self.file, "row": row}
            self.services.append(svc)
        else:
            self.services.append(RawRecord(raw, {"file": self.file, "row": row}))

    def item(self, doc: Any) -> None:
        kind = _item_kind(doc, strict=True)
        if kind == "other":
            self.services.append(RawRecord(doc, {"file": self.file, "row": len(self.services) + 1},
                                      f"not a service object: holds {_what(doc)}"))
        elif kind == "organization":
            self.organizations += 1
            org = {k: v for k, v in doc.items() if k not in _ORG_DROP}
            for svc in doc["services"]:
                self.add(svc, org)
        elif kind == "service_at_location":
            sal = {k: v for k, v in doc.items() if k != "service"}
            svc = doc["service"]
            sid = svc.get("id")
            key = str(sid) if isinstance(sid, (str, int)) and not isinstance(sid, bool) else None
            if key is not None and key in self.by_sal_service:
                self.by_sal_service[key]["service_at_locations"].append(sal)
                return
            merged = dict(svc)
            sals = merged.get("service_at_locations")
            merged["service_at_locations"] = [*(sals if isinstance(sals, list) else []), sal]
            self.add(merged)
            if key is not None:
                self.by_sal_service[key] = self.services[-1]
        else:
            self.add(doc)


class RawRecord:
    """A record that is not an object, kept so that the cleaner reports it."""

    def __init__(self, value: Any, source: dict[str, Any], reason: str | None = None) -> None:
        self.value = value
        self.source = source
        self.reason = reason


def read_json_file(path: Path, ctx: Ctx, *, in_folder: bool = False) -> list[Any]:
    """Read the service objects in one JSON/NDJSON file.

    Parameters
    ----------
    path : Path
        The file.
    ctx : Ctx
        Report (its ``source_counts`` are increased) and root path.
    in_folder : bool
        When True, a file that holds no service data is reported as a skipped
        ``files`` record instead of raising.

    Returns
    -------
    list
        Raw service dicts with ``_source`` (or :class:`RawRecord` for non-objects).

    Raises
    ------
    ProviderDataError
        Bad JSON (with line and column), or, for a single file, no service data.
    """
    file = ctx.rel(path)
    kind, docs = parse_documents(read_text(path, ctx), file)
    col = _Collector(file, ctx)
    if kind == "ndjson":
        for _, doc in docs:
            col.item(doc)
    else:
        doc = docs[0][1]
        top = _top_kind(doc)
        items = doc if top == "list" else doc["contents"] if top == "page" else None
        if items and all(_item_kind(i, strict=True) == "other" for i in items):
            top = "other"
            doc = items[0]
        if top == "list":
            for item in doc:
                col.item(item)
        elif top == "page":
            for item in doc["contents"]:
                col.item(item)
        elif top == "other":
            what = _what(doc)
            if in_folder:
                ctx.report.skip("files", file, f"holds {what}, not HSDS service data; not read",
                                file=file)
                return []
            raise ProviderDataError(
                f"holds {what}, not HSDS service data", file=file,
                fix="supported JSON: a service object, a list of services, an API page "
                    '{"contents": [...]}, organization objects with "services", or NDJSON')
        else:
            col.item(doc)
    report = ctx.report
    report.source_counts["services"] = report.source_counts.get("services", 0) + len(col.services)
    if col.organizations:
        report.source_counts["organizations"] = (report.source_counts.get("organizations", 0)
                                                 + col.organizations)
    return col.services


def holds_services(path: Path) -> bool:
    """Whether a JSON file holds service data (True as well when it cannot be parsed,
    so that reading it reports the error)."""
    ctx = Ctx(LoadReport(), path)
    try:
        kind, docs = parse_documents(read_text(path, ctx), path.name)
    except ProviderDataError:
        return True
    if kind == "ndjson":
        return True
    doc = docs[0][1]
    top = _top_kind(doc)
    if top in ("list", "page"):
        items = doc if top == "list" else doc["contents"]
        return not items or any(_item_kind(i, strict=True) != "other" for i in items)
    return top != "other"
