"""Reader for HSDS CSV data packages and folders: versions 1.1, 2.0(.1) and 3.0.

The version comes from ``datapackage.json`` ``version`` and is confirmed by the
file and column names (1.1: ``services_taxonomy.csv``, ``regular_schedules.csv``,
``taxonomy.csv``, ``services.taxonomy_ids``, ``schedules.weekday``; 2.0:
``service_attributes.csv``, ``other_attributes.csv``; 3.0: ``attributes.csv``,
``service_at_location.csv``, ``addresses.csv``, ``cost_options.csv``...).  When
the declared version has no evidence in the files and another one has, the
files win.  Reading itself is driven by the columns present, so mixed outputs
(e.g. a 1.1 converter writing 3.0 file names) still load.

Older fields go to their HSDS 3.0 place: ``fees`` -> ``fees_description``; 1.1
``eligibility`` enum -> ``attributes [{"link_type": "eligibility", "value": ...}]``;
``service_area`` text -> ``service_areas [{"name": ...}]``; ``language`` ->
``languages [{"name": ...}]``; ``accessibility_for_disabilities`` ->
``location.accessibility [{"description": ...}]``; physical/postal addresses ->
``location.addresses`` with ``address_type``; ``regular_schedules`` -> schedules
with ``byday``; taxonomy links -> ``attributes[].taxonomy_term``;
``payments_accepted`` -> ``attributes [{"link_type": "payment_accepted"}]``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch.io._convert import holiday_schedule, regular_schedule, split_list
from pfmatch.io._jsonfile import load_json
from pfmatch.io._tables import (
    Ctx,
    Parent,
    Row,
    Table,
    attach,
    child_rows,
    coordinates,
    csv_files,
    csv_header,
    index_records,
    note_blank_id,
    number,
    pick,
    read_table,
)

__all__ = ["detect_version", "is_hsds_folder", "read_hsds_csv"]

VERSIONS = ("1.1", "2.0", "3.0")
MARKERS: dict[str, tuple[str, ...]] = {
    "1.1": ("services_taxonomy.csv", "regular_schedules.csv", "holiday_schedules.csv",
            "taxonomy.csv", "services.csv:taxonomy_ids", "schedules.csv:weekday"),
    "2.0": ("service_attributes.csv", "other_attributes.csv", "taxonomy_terms.csv:term"),
    "3.0": ("attributes.csv", "service_at_location.csv", "addresses.csv:address_type",
            "cost_options.csv", "accessibility.csv", "taxonomies.csv",
            "organization_identifiers.csv", "services.csv:eligibility_description",
            "locations.csv:location_type"),
}
_ENTITY = {"service": "service", "services": "service", "location": "location",
           "locations": "location", "service_at_location": "sal",
           "service_at_locations": "sal", "services_at_location": "sal",
           "organization": "organization", "organizations": "organization"}




def _evidence(files: dict[str, Path]) -> dict[str, int]:
    scores = dict.fromkeys(VERSIONS, 0)
    headers: dict[str, list[str]] = {}
    for version, markers in MARKERS.items():
        for marker in markers:
            name, _, column = marker.partition(":")
            if name not in files:
                continue
            if column:
                if name not in headers:
                    headers[name] = csv_header(files[name])
                if column not in headers[name]:
                    continue
            scores[version] += 1
    return scores


def _declared(folder: Path, ctx: Ctx) -> str | None:
    path = folder / "datapackage.json"
    if not path.is_file():
        return None
    doc = load_json(path, ctx)
    if not isinstance(doc, dict):
        raise ProviderDataError("is not a data package descriptor (expected a JSON object)",
                                file=ctx.rel(path))
    match = re.match(r"\s*v?(\d+)(?:\.(\d+))?", str(doc.get("version") or ""))
    if not match:
        return None
    major = match.group(1)
    return {"1": "1.1", "2": "2.0", "3": "3.0"}.get(major)


def detect_version(folder: Path, ctx: Ctx) -> str:
    """The HSDS version of a CSV folder: ``"1.1"``, ``"2.0"`` or ``"3.0"``.

    Parameters
    ----------
    folder : Path
        The folder (with or without ``datapackage.json``).
    ctx : Ctx
        For error messages.

    Returns
    -------
    str
    """
    declared = _declared(folder, ctx)
    scores = _evidence(csv_files(folder))
    best = max(VERSIONS, key=lambda v: (scores[v], v))
    if declared is not None and (scores[declared] > 0 or scores[best] == 0):
        return declared
    if scores[best] > 0:
        return best
    return "3.0"


def is_hsds_folder(folder: Path) -> bool:
    """True for a folder with ``services.csv`` in HSDS shape (``organization_id`` column)."""
    files = csv_files(folder)
    if "services.csv" not in files:
        return False
    if "datapackage.json" in files:
        return True
    header = csv_header(files["services.csv"])
    return "organization_id" in header or any(_evidence(files).values())


class _Reader:
    """Reads one HSDS CSV folder; the tables are read in dependency order."""

    def __init__(self, folder: Path, ctx: Ctx, version: str) -> None:
        self.ctx = ctx
        self.files = csv_files(folder)
        self.version = version
        self.expected = f"HSDS {version}"
        self.orgs: dict[str, dict[str, Any]] = {}
        self.programs: dict[str, dict[str, Any]] = {}
        self.services: dict[str, dict[str, Any]] = {}
        self.locs: dict[str, dict[str, Any]] = {}
        self.sals: dict[str, dict[str, Any]] = {}
        self.contacts: dict[str, dict[str, Any]] = {}
        self.phones: dict[str, dict[str, Any]] = {}
        self.terms: dict[str, dict[str, Any]] = {}
        self.eligibility: dict[str, str] = {}

    def table(self, name: str, table: str, required: tuple[str, ...] = ()) -> Table | None:
        path = self.files.get(name)
        if path is None:
            return None
        return read_table(path, table, self.ctx, required=required, expected=self.expected)

    def term(self, tid: str) -> dict[str, Any]:
        return dict(self.terms.get(tid) or {"id": tid})

    # -- entities -------------------------------------------------------------
    def read_entities(self) -> None:
        ctx = self.ctx
        t = self.table("organizations.csv", "organizations", ("id", "name"))
        if t is not None:
            for rid, (row, rec) in index_records(t, ctx, required=("name",)).items():
                org = pick(rec, "name", "alternate_name", "description", "email", "tax_status",
                           "tax_id", "legal_status", "logo", "uri", "parent_organization_id")
                org.update(id=rid, website=rec.get("website") or rec.get("url"),
                           phones=[], contacts=[], funding=[], attributes=[])
                year = rec.get("year_incorporated")
                if year and re.fullmatch(r"\d{4}([-/].*)?", year):
                    org["year_incorporated"] = int(year[:4])
                elif year:
                    ctx.report.repair(t.name, rid, f"year_incorporated {year!r} is not a year; "
                                      "dropped", file=t.file, row=row)
                self.orgs[rid] = org
        t = self.table("programs.csv", "programs", ("id", "name"))
        if t is not None:
            for rid, (_, rec) in index_records(t, ctx, required=("name",)).items():
                self.programs[rid] = {"id": rid, **pick(rec, "name", "alternate_name",
                                                        "description")}
        t = self.table("services.csv", "services", ("id", "name"))
        if t is None:
            raise ProviderDataError("services.csv is missing", file=ctx.rel(ctx.root),
                                    fix=f"an {self.expected} data package needs services.csv")
        for rid, (row, rec) in index_records(t, ctx, required=("name",)).items():
            self.services[rid] = self.service(rid, rec, t, row)
        t = self.table("locations.csv", "locations", ("id",))
        if t is not None:
            for rid, (row, rec) in index_records(t, ctx).items():
                loc = pick(rec, "url", "name", "alternate_name", "description", "transportation",
                           "external_identifier", "external_identifier_type")
                loc.update(id=rid, location_type=rec.get("location_type") or "physical",
                           addresses=[], accessibility=[], languages=[], phones=[],
                           schedules=[], contacts=[], attributes=[])
                coordinates(loc, rec, table=t, row=row, rid=rid, ctx=ctx)
                self.locs[rid] = loc

    def service(self, rid: str, rec: Row, t: Table, row: int) -> dict[str, Any]:
        ctx = self.ctx
        svc = pick(rec, "name", "alternate_name", "description", "url", "email", "status",
                   "interpretation_services", "application_process", "wait_time", "fees",
                   "accreditations", "licenses", "eligibility_description", "assured_date",
                   "assurer_email", "alert", "last_modified")
        svc.update(id=rid, fees_description=rec.get("fees_description") or rec.get("fees"),
                   service_at_locations=[], phones=[], languages=[], schedules=[],
                   service_areas=[], attributes=[], cost_options=[], required_documents=[],
                   contacts=[], funding=[], _source={"file": t.file, "row": row})
        for col in ("minimum_age", "maximum_age"):
            svc[col] = number(rec, col, table=t, row=row, rid=rid, ctx=ctx)
        org_id = rec.get("organization_id")
        org = self.orgs.get(org_id) if org_id else None
        if org is None:
            why = f"organization {org_id} not found" if org_id else "no organization_id"
            ctx.report.repair(t.name, rid, f"{why}; kept with an empty organization",
                              file=t.file, row=row)
            org = {}
        svc["organization"] = org
        prog_id = rec.get("program_id")
        if prog_id:
            if prog_id in self.programs:
                svc["program"] = self.programs[prog_id]
            else:
                ctx.report.repair(t.name, rid, f"program {prog_id} not found; dropped",
                                  file=t.file, row=row)
        svc["_taxonomy_ids"] = split_list(rec.get("taxonomy_ids"))
        return svc

    # -- links and children ---------------------------------------------------
    def read_links(self) -> None:
        ctx = self.ctx
        for name in ("service_at_location.csv", "services_at_location.csv"):
            t = self.table(name, "service_at_location", ("service_id", "location_id"))
            if t is None:
                continue
            for row, rid, rec in child_rows(t, ctx):
                sid, lid = rec.get("service_id"), rec.get("location_id")
                svc = self.services.get(sid) if sid else None
                loc = self.locs.get(lid) if lid else None
                if svc is None or loc is None:
                    what = [f"service {sid} not found" if sid else "no service_id"] if svc is None \
                        else []
                    if loc is None:
                        what.append(f"location {lid} not found" if lid else "no location_id")
                    ctx.report.skip(t.name, rid, "; ".join(what), file=t.file, row=row)
                    continue
                sal: dict[str, Any] = {"id": rid, "description": rec.get("description"),
                                       "location": loc, "phones": [], "schedules": [],
                                       "contacts": [], "attributes": [], "service_areas": []}
                svc["service_at_locations"].append(sal)
                if rid is None:
                    note_blank_id(t, row, ctx)
                if rid:
                    self.sals[rid] = sal

    def parents(self, key: str, *which: str) -> list[Parent]:
        index = {"sal": ("service_at_location_id", self.sals, "service at location"),
                 "service": ("service_id", self.services, "service"),
                 "contact": ("contact_id", self.contacts, "contact"),
                 "location": ("location_id", self.locs, "location"),
                 "phone": ("phone_id", self.phones, "phone"),
                 "organization": ("organization_id", self.orgs, "organization")}
        return [Parent(index[w][0], index[w][1], key, index[w][2]) for w in which]

    def read_children(self) -> None:
        ctx = self.ctx
        t = self.table("contacts.csv", "contacts")
        if t is not None:
            parents = self.parents("contacts", "sal", "service", "location", "organization")
            for row, rid, rec in child_rows(t, ctx):
                contact = {"id": rid, **pick(rec, "name", "title", "department", "email"),
                           "phones": []}
                if attach(contact, rec, parents, table=t, row=row, rid=rid, ctx=ctx) and rid:
                    self.contacts[rid] = contact

        t = self.table("phones.csv", "phones", ("number",))
        if t is not None:
            parents = self.parents("phones", "sal", "service", "contact", "location",
                                   "organization")
            for row, rid, rec in child_rows(t, ctx):
                if rec.get("number") is None:
                    ctx.report.skip(t.name, rid, "no number", file=t.file, row=row)
                    continue
                desc, dept = rec.get("description"), rec.get("department")
                if dept:
                    desc = f"{desc} ({dept})" if desc else dept
                phone = {"id": rid, "number": rec["number"], "type": rec.get("type"),
                         "description": desc, "languages": [],
                         "extension": number(rec, "extension", table=t, row=row, rid=rid,
                                             ctx=ctx)}
                if rec.get("language"):
                    phone["languages"].append({"name": rec["language"]})
                if attach(phone, rec, parents, table=t, row=row, rid=rid, ctx=ctx) and rid:
                    self.phones[rid] = phone

        for name, kind in (("addresses.csv", None), ("physical_addresses.csv", "physical"),
                           ("postal_addresses.csv", "postal")):
            t = self.table(name, name.removesuffix(".csv"))
            if t is None:
                continue
            parents = self.parents("addresses", "location")
            for row, rid, rec in child_rows(t, ctx):
                address = {"id": rid, **pick(rec, "attention", "address_1", "city", "region",
                                             "state_province", "postal_code", "country")}
                extra = [rec[c] for c in ("address_2", "address_3", "address_4") if rec.get(c)]
                address["address_2"] = ", ".join(extra) or None
                address["address_type"] = kind or rec.get("address_type") or "physical"
                attach(address, rec, parents, table=t, row=row, rid=rid, ctx=ctx)

        self.read_schedules()

        simple: list[tuple[str, str, tuple[str, ...], str, Any]] = [
            ("service_areas.csv", "service_areas", ("sal", "service"), "service_areas",
             lambda r: {"name": r.get("name") or r.get("service_area"),
                        **pick(r, "description", "extent", "extent_type", "uri")}),
            ("required_documents.csv", "required_documents", ("service",), "required_documents",
             lambda r: pick(r, "document", "uri")),
            ("funding.csv", "funding", ("service", "organization"), "funding",
             lambda r: pick(r, "source")),
            ("payments_accepted.csv", "payments_accepted", ("service",), "attributes",
             lambda r: {"link_type": "payment_accepted", "value": r.get("payment")}),
            ("accessibility.csv", "accessibility", ("location",), "accessibility",
             lambda r: {"description": r.get("description") or r.get("accessibility"),
                        **pick(r, "details", "url")}),
            ("accessibility_for_disabilities.csv", "accessibility_for_disabilities",
             ("location",), "accessibility",
             lambda r: {"description": r.get("accessibility"), **pick(r, "details")}),
            ("languages.csv", "languages", ("service", "location", "phone"), "languages",
             lambda r: {"name": r.get("name") or r.get("language"), **pick(r, "code", "note")}),
        ]
        for name, table, which, key, make in simple:
            t = self.table(name, table)
            if t is None:
                continue
            parents = self.parents(key, *which)
            for row, rid, rec in child_rows(t, ctx):
                child = {"id": rid, **make(rec)}
                if not any(v for k, v in child.items() if k not in ("id", "link_type")):
                    ctx.report.skip(t.name, rid, "no content (every field is blank)",
                                    file=t.file, row=row)
                    continue
                attach(child, rec, parents, table=t, row=row, rid=rid, ctx=ctx)

        t = self.table("cost_options.csv", "cost_options", ("service_id",))
        if t is not None:
            parents = self.parents("cost_options", "service")
            for row, rid, rec in child_rows(t, ctx):
                cost = {"id": rid, **pick(rec, "option", "currency", "amount_description",
                                          "valid_from", "valid_to"),
                        "amount": number(rec, "amount", table=t, row=row, rid=rid, ctx=ctx)}
                attach(cost, rec, parents, table=t, row=row, rid=rid, ctx=ctx)

    def read_schedules(self) -> None:
        ctx = self.ctx
        parents = self.parents("schedules", "sal", "service", "location")
        for name in ("regular_schedules.csv", "schedules.csv", "holiday_schedules.csv"):
            t = self.table(name, name.removesuffix(".csv"))
            if t is None:
                continue
            regular = "weekday" in t.header
            holiday = name.startswith("holiday")
            for row, rid, rec in child_rows(t, ctx):
                if holiday:
                    sched = holiday_schedule(rec, rid=rid)
                elif regular:
                    sched = regular_schedule(rec, table=t, row=row, rid=rid, ctx=ctx)
                else:
                    sched = {"id": rid, **pick(
                        rec, "freq", "wkst", "byday", "byweekno", "bymonthday", "byyearday",
                        "opens_at", "closes_at", "valid_from", "valid_to", "dtstart", "until",
                        "description", "schedule_link", "attending_type", "notes")}
                    for col in ("timezone", "count", "interval"):
                        sched[col] = number(rec, col, table=t, row=row, rid=rid, ctx=ctx)
                attach(sched, rec, parents, table=t, row=row, rid=rid, ctx=ctx)

    # -- taxonomy and attributes ----------------------------------------------
    def read_taxonomy(self) -> None:
        ctx = self.ctx
        taxonomies: dict[str, str] = {}
        t = self.table("taxonomies.csv", "taxonomies", ("id",))
        if t is not None:
            for rid, (_, rec) in index_records(t, ctx).items():
                taxonomies[rid] = rec.get("name") or rid
        for name in ("taxonomy_terms.csv", "taxonomy.csv"):
            t = self.table(name, name.removesuffix(".csv"), ("id",))
            if t is None:
                continue
            for rid, (_, rec) in index_records(t, ctx).items():
                term = {"id": rid, **pick(rec, "code", "description", "parent_id", "language",
                                          "taxonomy_id", "term_uri"),
                        "name": rec.get("name") or rec.get("term"),
                        "taxonomy": rec.get("taxonomy") or rec.get("vocabulary")}
                if term["taxonomy"] is None and term["taxonomy_id"] in taxonomies:
                    term["taxonomy"] = taxonomies[term["taxonomy_id"]]
                self.terms.setdefault(rid, term)

    def read_attributes(self) -> None:
        ctx = self.ctx
        for name in ("eligibility.csv", "eligibilities.csv"):
            t = self.table(name, name.removesuffix(".csv"), ("service_id",))
            if t is None:
                continue
            has_value = "eligibility" in t.header
            parents = self.parents("attributes", "service")
            for row, rid, rec in child_rows(t, ctx):
                if not has_value:  # 2.0: an anchor for other_attributes
                    if rec.get("service_id") in self.services and rid:
                        self.eligibility[rid] = rec["service_id"]
                        continue
                    ctx.report.skip(t.name, rid, "no service_id or id to link criteria to",
                                    file=t.file, row=row)
                    continue
                if rec.get("eligibility") is None:
                    ctx.report.skip(t.name, rid, "eligibility value is blank", file=t.file,
                                    row=row)
                    continue
                attr = {"id": rid, "link_type": "eligibility", "value": rec["eligibility"]}
                attach(attr, rec, parents, table=t, row=row, rid=rid, ctx=ctx)

        t = self.table("services_taxonomy.csv", "services_taxonomy", ("service_id", "taxonomy_id"))
        if t is not None:
            parents = self.parents("attributes", "service")
            for row, rid, rec in child_rows(t, ctx):
                if rec.get("taxonomy_id") is None:
                    ctx.report.skip(t.name, rid, "no taxonomy_id", file=t.file, row=row)
                    continue
                attr = {"id": rid, "value": rec.get("taxonomy_detail"),
                        "taxonomy_term": self.term(rec["taxonomy_id"])}
                attach(attr, rec, parents, table=t, row=row, rid=rid, ctx=ctx)
        for svc in self.services.values():
            have = {(a.get("taxonomy_term") or {}).get("id") for a in svc["attributes"]}
            for tid in svc.pop("_taxonomy_ids"):
                if tid not in have:
                    svc["attributes"].append({"taxonomy_term": self.term(tid)})

        t = self.table("service_attributes.csv", "service_attributes", ("service_id",))
        if t is not None:
            parents = self.parents("attributes", "service")
            for row, rid, rec in child_rows(t, ctx):
                self.link_term(t, row, rid, rec, parents, link_type=None)
        t = self.table("other_attributes.csv", "other_attributes", ("link_id", "link_type"))
        if t is not None:
            for row, rid, rec in child_rows(t, ctx):
                self.link_generic(t, row, rid, rec, rec.get("link_type"), None)
        t = self.table("attributes.csv", "attributes", ("link_id",))
        if t is not None:
            for row, rid, rec in child_rows(t, ctx):
                self.link_generic(t, row, rid, rec, rec.get("link_entity"), rec.get("link_type"))

    def link_term(self, t: Table, row: int, rid: str | None, rec: Row, parents: list[Parent],
                  *, link_type: str | None) -> None:
        tid = rec.get("taxonomy_term_id")
        value = rec.get("value")
        if tid is None and value is None:
            self.ctx.report.skip(t.name, rid, "no taxonomy_term_id or value", file=t.file,
                                 row=row)
            return
        attr: dict[str, Any] = {"id": rid, "link_type": link_type,
                                "link_entity": rec.get("link_entity"), "value": value}
        if tid is not None:
            attr["taxonomy_term"] = self.term(tid)
        attach(attr, rec, parents, table=t, row=row, rid=rid, ctx=self.ctx)

    def link_generic(self, t: Table, row: int, rid: str | None, rec: Row, entity: str | None,
                     link_type: str | None) -> None:
        link_id = rec.get("link_id")
        kind = _ENTITY.get((entity or "").lower())
        if (entity or "").lower() == "eligibility" and link_id in self.eligibility:
            rec = {**rec, "service_id": self.eligibility[link_id]}
            self.link_term(t, row, rid, rec, self.parents("attributes", "service"),
                           link_type="eligibility")
            return
        candidates = [kind] if kind else ["service", "location", "sal", "organization"]
        indexes = {"service": self.services, "location": self.locs, "sal": self.sals,
                   "organization": self.orgs}
        for cand in candidates:
            if link_id in indexes[cand]:
                parent = Parent("link_id", indexes[cand], "attributes")
                self.link_term(t, row, rid, rec, [parent], link_type=link_type)
                return
        what = f"{entity} {link_id}" if kind else f"{link_id} (link_entity {entity!r})"
        self.ctx.report.skip(t.name, rid, f"parent not found: {what}", file=t.file, row=row)


def read_hsds_csv(folder: Path, ctx: Ctx) -> list[dict[str, Any]]:
    """Read an HSDS CSV folder (1.1, 2.0 or 3.0) into raw HSDS 3.0 service objects.

    Parameters
    ----------
    folder : Path
        The folder holding ``services.csv`` (and ``datapackage.json`` when it is a
        data package).
    ctx : Ctx
        Report (filled here) and root path.

    Returns
    -------
    list of dict
        Service objects with ``_source``; to be passed through ``clean_service``.
    """
    version = detect_version(folder, ctx)
    ctx.report.format = f"hsds-{version}-csv"
    reader = _Reader(folder, ctx, version)
    reader.read_entities()
    reader.read_links()
    reader.read_children()
    reader.read_taxonomy()
    reader.read_attributes()
    ctx.report.counts["organizations"] = len(reader.orgs)
    ctx.report.counts["locations"] = len(reader.locs)
    return list(reader.services.values())
