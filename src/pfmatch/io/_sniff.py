"""Deciding what a path holds, from its content rather than its name."""

from __future__ import annotations

from pathlib import Path

from pfmatch._errors import ProviderDataError
from pfmatch.io.hsds_csv import is_hsds_folder
from pfmatch.io.hsds_json import holds_services, is_json_name
from pfmatch.io.ilao_csv import is_ilao_folder
from pfmatch.io.ohana_csv import is_ohana_folder

__all__ = ["SUPPORTED", "folder_kind", "json_files", "resolve_folder"]

SUPPORTED = ("supported: HSDS 3.0/3.1 JSON (a service, a list of services, an API page "
             '{"contents": [...]}, organizations with "services", or NDJSON; optionally '
             "gzip-compressed), an HSDS CSV data package (datapackage.json + services.csv; "
             "HSDS 1.1, 2.0, 3.0), a folder of HSDS CSV files, an Ohana API CSV folder "
             "(services.csv with location_id, locations.csv, organizations.csv), or an Illinois "
             "Legal Aid Online (ILAO) export (services.csv with Services-ID, locations.csv, "
             "organizations.csv)")


def _visible(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise ProviderDataError(f"cannot list the folder ({exc.strerror or exc})",
                                file=str(folder)) from None


def json_files(folder: Path) -> list[Path]:
    """The JSON files of a folder (``datapackage.json`` excepted), sorted by name."""
    return [p for p in _visible(folder)
            if p.is_file() and is_json_name(p) and p.name.lower() != "datapackage.json"]


def folder_kind(folder: Path) -> str | None:
    """``"ohana"``, ``"ilao"``, ``"hsds-csv"``, ``"json"`` or ``None`` for a folder."""
    if is_ohana_folder(folder):
        return "ohana"
    if is_ilao_folder(folder):
        return "ilao"
    if is_hsds_folder(folder):
        return "hsds-csv"
    if json_files(folder):
        return "json"
    return None


def resolve_folder(folder: Path) -> tuple[str, Path]:
    """The kind of a folder and the folder to read.

    A folder whose only recognizable content is one subfolder resolves to that
    subfolder.

    Raises
    ------
    ProviderDataError
        When nothing, or more than one subfolder, is recognizable.
    """
    kind = folder_kind(folder)
    if kind in ("ohana", "ilao", "hsds-csv"):
        return kind, folder
    entries = _visible(folder)
    subs = [(k, d) for d in entries if d.is_dir() and (k := folder_kind(d)) is not None]
    if kind == "json" and (not subs or any(holds_services(p) for p in json_files(folder))):
        return kind, folder
    if len(subs) == 1:
        return subs[0]
    if len(subs) > 1:
        found = ", ".join(f"{d.name}/ ({k})" for k, d in subs)
        raise ProviderDataError(f"holds several directories: {found}", file=str(folder),
                                fix="load one of these subfolders")
    files = [p.name + ("/" if p.is_dir() else "") for p in entries]
    shown = ", ".join(files[:10]) + (f" and {len(files) - 10} more" if len(files) > 10 else "")
    found = f"found {shown}" if files else "the folder is empty"
    if "services.csv" in {f.lower() for f in files}:
        found += (" (services.csv has neither organization_id (HSDS), nor location_id (Ohana), "
                  "nor Services-ID (ILAO))")
    raise ProviderDataError(f"is not a provider directory pfmatch can read: {found}",
                            file=str(folder), fix=SUPPORTED)
