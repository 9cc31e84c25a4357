"""Readers: any supported 211 directory format -> HSDS 3.0 service objects + a load report.

:func:`read_directory` sniffs the content of a file or folder (never trusting
names alone) and dispatches to one reader:

* :mod:`pfmatch.io.hsds_json`: HSDS 3.0/3.1 JSON, API pages, NDJSON, gzip;
* :mod:`pfmatch.io.hsds_csv`: HSDS CSV data packages and folders, 1.1 / 2.0 / 3.0;
* :mod:`pfmatch.io.ohana_csv`: Ohana API CSV folders (with the BCHD extras);
* :mod:`pfmatch.io.ilao_csv`: the Illinois Legal Aid Online resource-database export.

Every reader hands raw service objects to :func:`pfmatch.io._shape.clean_service`,
so that all formats come out in one shape: every service has the HSDS 3.0
scalar fields (``None`` when absent), the child lists (possibly empty), an
``organization`` object (all fields ``None`` when unknown), and
``"_source": {"file": ..., "row": ...}``.  See ``docs/architecture.md``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch._report import LoadReport
from pfmatch._safe import repair_tree, safe_url, url_scheme
from pfmatch.io._shape import clean_service, fill_service
from pfmatch.io._sniff import SUPPORTED, json_files, resolve_folder
from pfmatch.io._tables import Ctx
from pfmatch.io.hsds_csv import read_hsds_csv
from pfmatch.io.hsds_json import FORMAT as JSON_FORMAT
from pfmatch.io.hsds_json import RawRecord, read_json_file
from pfmatch.io.ilao_csv import read_ilao
from pfmatch.io.ohana_csv import read_ohana

__all__ = ["ReadResult", "read_directory", "read_records"]


@dataclass
class ReadResult:
    """What a reader returns.

    Attributes
    ----------
    services : list of dict
        HSDS 3.0 service objects with their children embedded, each with
        ``"_source": {"file": ..., "row": ...}``.
    report : LoadReport
        Format, source, counts (``offerings`` is left at 0 for the
        normalizers), source counts per table, and every record skipped or
        repaired.
    """

    services: list[dict[str, Any]] = field(default_factory=list)
    report: LoadReport = field(default_factory=LoadReport)


#: Where a cleaned service holds URLs: (path to an object or a list of objects, keys).
_URL_FIELDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((), ("url",)),
    (("organization",), ("url", "website", "uri", "logo")),
    (("service_at_locations", "location"), ("url",)),
    (("service_at_locations", "location", "accessibility"), ("url",)),
    (("required_documents",), ("uri",)),
)


def _sanitize(services: list[dict[str, Any]], report: LoadReport, *, text: bool) -> None:
    """Clean text once, at load, and drop unsafe URLs; every repair goes in the report.

    ``text=False`` when the reader saw no character that needs cleaning in its
    input (that check on the raw text is cheap; walking every string is not).
    """
    # objects shared between services (a location) are walked once by each pass
    seen: set[int] = set()
    seen_urls: set[int] = set()
    for service in services:
        sid = service.get("id")
        source = service.get("_source") or {}
        file, row = source.get("file"), source.get("row")

        def note(where: str, what: str, sid: Any = sid, file: Any = file, row: Any = row) -> None:
            report.repair("services", sid, f"{where} had {what}", file=file, row=row)

        if text:
            src = service.pop("_source", None)
            repair_tree(service, note, seen=seen)
            if src is not None:
                service["_source"] = src
        _check_urls(service, note, seen_urls)


def _objects(obj: Any, path: tuple[str, ...], where: str) -> Any:
    """(where, object) for the objects at ``path`` below ``obj``, through lists."""
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _objects(item, path, f"{where}[{i}]")
    elif isinstance(obj, dict):
        if not path:
            yield where, obj
        else:
            yield from _objects(obj.get(path[0]), path[1:],
                                f"{where}.{path[0]}" if where else path[0])


def _check_urls(service: dict[str, Any], note: Any, seen: set[int]) -> None:
    """Drop URL fields whose scheme is not http, https, mailto or tel (``javascript:``...)."""
    for path, keys in _URL_FIELDS:
        for where, obj in _objects(service, path, ""):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            for key in keys:
                value = obj.get(key)
                if isinstance(value, str) and safe_url(value) is None and value.strip():
                    obj[key] = None
                    note(f"{where}.{key}" if where else key,
                         f"a {url_scheme(value)}: URL (only http, https, mailto and tel are "
                         "kept); dropped")


def _finish_trusted(services: list[dict[str, Any]], report: LoadReport, *,
                    text: bool = True) -> list[dict[str, Any]]:
    """Give services built by a CSV reader (ids unique, values typed) the output shape."""
    seen: set[int] = set()
    for service in services:
        fill_service(service, seen)
    _sanitize(services, report, text=text)
    report.counts["services"] = len(services)
    return services


def _finish(raw_services: Iterable[Any], report: LoadReport, *,
            count_entities: bool, text: bool = True) -> list[dict[str, Any]]:
    """Clean every raw service, skip duplicates, report, and fill the counts."""
    out: list[dict[str, Any]] = []
    seen: dict[str, tuple[str | None, int | None]] = {}
    noted: set[tuple[str, str | None, str]] = set()
    for raw in raw_services:
        if isinstance(raw, RawRecord):
            value, source, reason = raw.value, raw.source, raw.reason
        else:
            value, source, reason = raw, raw.get("_source") or {}, None
        file, row = source.get("file"), source.get("row")
        if reason is not None:
            report.skip("services", None, reason, file=file, row=row)
            continue
        service, skip_reason, notes = clean_service(value)
        if service is None:
            rid = value.get("id") if isinstance(value, Mapping) else None
            report.skip("services", rid if isinstance(rid, str) else None,
                        skip_reason or "unusable record", file=file, row=row)
            continue
        sid = service["id"]
        if sid in seen:
            first_file, first_row = seen[sid]
            where = f"{first_file}, row {first_row}" if first_file != file else f"row {first_row}"
            report.skip("services", sid, f"duplicate id (first seen in {where})", file=file,
                        row=row)
            continue
        seen[sid] = (file, row)
        for note in notes:
            key = (note.table, note.record, note.reason)
            if note.table != "services" and key in noted:
                continue
            noted.add(key)
            report.repair(note.table, note.record, note.reason, file=file, row=row)
        service["_source"] = {"file": file, "row": row}
        out.append(service)
    _sanitize(out, report, text=text)
    report.counts["services"] = len(out)
    if count_entities:
        orgs = {s["organization"].get("id") for s in out} - {None}
        locs = {sal["location"].get("id") for s in out for sal in s["service_at_locations"]
                if sal.get("location")} - {None}
        report.counts["organizations"] = len(orgs)
        report.counts["locations"] = len(locs)
    return out


def read_directory(path: str | os.PathLike[str]) -> ReadResult:
    """Read a provider directory in any supported format.

    Parameters
    ----------
    path : str or os.PathLike
        A file (HSDS JSON, NDJSON, optionally gzip-compressed) or a folder (HSDS
        CSV data package or folder, Ohana API CSV folder, a folder of JSON
        files, or a folder whose only readable content is one subfolder).

    Returns
    -------
    ReadResult
        The service objects and the load report.

    Raises
    ------
    ProviderDataError
        When the path does not exist, its format is not recognized, or a file
        is malformed (the message names the file and the row, or the JSON
        line and column).

    Examples
    --------
    >>> result = read_directory("providers/")          # doctest: +SKIP
    >>> result.report.counts["services"]                # doctest: +SKIP
    1876
    """
    try:
        root = Path(os.fspath(path))
    except TypeError:
        raise ProviderDataError(f"expected a path (str or os.PathLike), got a "
                                f"{type(path).__name__}") from None
    if not root.exists():
        raise ProviderDataError("does not exist", file=str(root),
                                fix="check the path; " + SUPPORTED)
    was_enabled = gc.isenabled()
    gc.disable()  # bulk-building many small dicts: cyclic GC passes only cost time here
    try:
        return _read_path(root, LoadReport(source=str(path)))
    finally:
        if was_enabled:
            gc.enable()


def _read_path(root: Path, report: LoadReport) -> ReadResult:
    ctx = Ctx(report, root)
    if root.is_file():
        report.format = JSON_FORMAT
        raw = read_json_file(root, ctx)
        return ReadResult(_finish(raw, report, count_entities=True, text=ctx.dirty), report)
    kind, folder = resolve_folder(root)
    if kind == "ohana":
        return ReadResult(_finish_trusted(read_ohana(folder, ctx), report, text=ctx.dirty),
                          report)
    if kind == "ilao":
        return ReadResult(_finish_trusted(read_ilao(folder, ctx), report, text=ctx.dirty),
                          report)
    if kind == "hsds-csv":
        return ReadResult(_finish_trusted(read_hsds_csv(folder, ctx), report, text=ctx.dirty),
                          report)
    report.format = JSON_FORMAT
    files = json_files(folder)
    report.source_counts["files"] = len(files)
    raw = []
    for file in files:
        raw.extend(read_json_file(file, ctx, in_folder=True))
    return ReadResult(_finish(raw, report, count_entities=True, text=ctx.dirty), report)


def read_records(records: Iterable[Mapping[str, Any]], *,
                 source: str = "<records>") -> ReadResult:
    """Read HSDS 3.0 service objects already in memory (``Directory.from_records``).

    Parameters
    ----------
    records : iterable of Mapping
        HSDS 3.0 service dicts with children embedded.  Records that are not
        objects or lack an id or a name are skipped; malformed fields are
        dropped; both are reported.
    source : str
        What to call the source in the report and in ``_source["file"]``.

    Returns
    -------
    ReadResult

    Raises
    ------
    ProviderDataError
        When ``records`` is not an iterable of records (e.g. a single dict or a
        string).
    """
    if isinstance(records, (Mapping, str, bytes)) or not isinstance(records, Iterable):
        raise ProviderDataError(
            f"expected an iterable of service dicts, got a {type(records).__name__}",
            file=source, fix="pass a list of HSDS 3.0 service objects (wrap a single one in "
                             "a list)")
    report = LoadReport(source=source, format="hsds-3.0-records")
    raw: list[Any] = []
    for n, record in enumerate(records, start=1):
        src: dict[str, Any] = {"file": source, "row": n}
        if isinstance(record, Mapping):
            given = record.get("_source")
            if (isinstance(given, Mapping) and isinstance(given.get("file"), str)
                    and (given.get("row") is None or (isinstance(given.get("row"), int)
                                                      and not isinstance(given.get("row"), bool)))):
                src = {"file": given["file"], "row": given.get("row")}
            raw.append({**record, "_source": src})
        else:
            raw.append(RawRecord(record, src, None))
    report.source_counts["services"] = len(raw)
    return ReadResult(_finish(raw, report, count_entities=True), report)
