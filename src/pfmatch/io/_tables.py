"""Reading CSV tables robustly, and the bookkeeping every CSV reader shares.

* :func:`read_table` decodes a CSV file (UTF-8 with or without BOM, falling back
  to cp1252 with a repair note), refuses binary, compressed and empty files with
  a :class:`~pfmatch.ProviderDataError`, checks the required columns and returns
  the data rows as dicts (blank cells are ``None``), each with its 1-based row.
* :func:`index_records` turns an entity table (organizations, services,
  locations) into a dict by id, skipping rows without an id or a required
  field, and duplicate ids.
* :func:`child_rows` yields every row of a child table, repairing repeated ids
  and noting blank ones.
* :func:`attach` puts a child record in its parent's list, or skips it when no
  parent it names exists.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch._report import LoadReport
from pfmatch._safe import needs_cleaning
from pfmatch.io._shape import check_coordinates, to_number

__all__ = [
    "Ctx",
    "Parent",
    "Table",
    "attach",
    "child_rows",
    "index_records",
    "note_blank_id",
    "read_table",
]

Row = dict[str, Any]

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass
class Ctx:
    """What a reader needs besides the data: the report and the root path."""

    report: LoadReport
    root: Path
    #: Some input text held characters that need cleaning (see :mod:`pfmatch._safe`).
    dirty: bool = False

    def rel(self, path: Path) -> str:
        """``path`` relative to the loaded path (its name when a file was loaded)."""
        try:
            if self.root.is_dir():
                return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        return path.name


@dataclass
class Table:
    """The data rows of one CSV file."""

    name: str
    file: str
    header: list[str]
    rows: list[tuple[int, Row]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def csv_files(folder: Path) -> dict[str, Path]:
    """The files of a folder by lower-cased name."""
    return {p.name.lower(): p for p in folder.iterdir() if p.is_file()}


def csv_header(path: Path) -> list[str]:
    """The lower-cased column names of a CSV file's first line ([] when unreadable)."""
    try:
        with path.open("rb") as fh:
            first = fh.readline(65536)
    except OSError:
        return []
    text = first.decode("utf-8-sig", errors="replace")
    return [h.strip().strip('"').lower() for h in text.split(",")]


def is_binary(head: bytes) -> bool:
    """True when the first bytes of a file look like binary data, not text."""
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) // 20


def decode_text(data: bytes, table: str, file: str, ctx: Ctx) -> str:
    """Decode CSV bytes: UTF-8 (BOM stripped), else cp1252 with a repair note."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    line = data.count(b"\n", 0, bad) + 1
    ctx.report.repair(table, None, f"file is not UTF-8 (first bad byte on line {line}); "
                      "decoded as cp1252 (Windows-1252)", file=file)
    return text


def read_table(path: Path, table: str, ctx: Ctx, *, required: Sequence[str] = (),
               expected: str = "HSDS") -> Table:
    """Read one CSV table.

    Parameters
    ----------
    path : Path
        The CSV file.
    table : str
        Table name used in the report (``"services"``, ``"phones"``...).
    ctx : Ctx
        Report and root path.
    required : sequence of str
        Columns that must be present (lower case).
    expected : str
        The format expected, for messages (``"HSDS 1.1"``, ``"Ohana API CSV"``).

    Returns
    -------
    Table
        The data rows; ``ctx.report.source_counts[table]`` is increased by their number.

    Raises
    ------
    ProviderDataError
        When the file is empty, binary, compressed or lacks a required column.
    """
    file = ctx.rel(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProviderDataError(f"cannot read the file ({exc.strerror or exc})", file=file,
                                fix="check that the file exists and is readable") from None
    if data[:2] == GZIP_MAGIC:
        raise ProviderDataError("is gzip-compressed, not a CSV table", file=file,
                                fix="decompress it (gunzip) and load the folder again")
    if data[:4] == ZIP_MAGIC:
        raise ProviderDataError("is a ZIP archive (an Excel workbook?), not a CSV table",
                                file=file, fix="export the sheet as CSV (UTF-8)")
    if not data.strip():
        raise ProviderDataError("is empty: a CSV table needs at least a header row", file=file,
                                fix=f"add the header row of the {expected} {table} table, "
                                    "or remove the file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ProviderDataError("is UTF-16 text; CSV tables must be UTF-8", file=file,
                                fix="save the file as CSV UTF-8")
    if is_binary(data[:8192]):
        raise ProviderDataError("holds binary data, not a CSV table", file=file,
                                fix=f"replace it with the {expected} {table} table as CSV text")
    text = decode_text(data, table, file, ctx)
    ctx.dirty = ctx.dirty or needs_cleaning(text)
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(min(_FIELD_LIMIT, sys.maxsize))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ProviderDataError(f"cannot read the header row ({exc})", file=file) from None
    header = [h.strip().lower() for h in header]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0].lstrip("\ufeff")
    missing = [c for c in required if c not in header]
    if missing:
        if header and header[0][:1] in ("{", "["):
            problem = "holds JSON, not a CSV table"
        else:
            cols = ", ".join(repr(c) for c in missing)
            problem = (f"is missing required column(s) {cols} of the {expected} {table} table "
                       f"(found: {', '.join(h for h in header[:12] if h) or 'no columns'})")
        raise ProviderDataError(problem, file=file, row=None,
                                fix=f"rename or add the column(s) so the header matches {expected}")
    out = Table(table, file, header)
    width = len(header)
    extra_rows: list[int] = []
    blank_rows: list[int] = []
    n = 0
    try:
        for cells in reader:
            if not cells:
                continue
            n += 1
            if not "".join(cells).strip():
                blank_rows.append(n)
                continue
            if len(cells) > width and "".join(cells[width:]).strip():
                extra_rows.append(n)
            # one comprehension per row (the hot loop of every CSV read)
            rec: Row = {key: (value.strip() or None)
                        for key, value in zip(header, cells, strict=False) if key}
            out.rows.append((n, rec))
    except csv.Error as exc:
        raise ProviderDataError(f"is not valid CSV near data row {n + 1} ({exc})", file=file,
                                row=n + 1, fix="check the quoting of that row") from None
    for r in blank_rows:
        ctx.report.skip(table, None, "row is blank (every cell empty)", file=file, row=r)
    for r in extra_rows:
        ctx.report.repair(table, None, "row has more cells than the header; extra cells ignored",
                          file=file, row=r)
    ctx.report.source_counts[table] = ctx.report.source_counts.get(table, 0) + n
    return out


def index_records(table: Table, ctx: Ctx, *, required: Sequence[str] = ()) -> dict[str, tuple[int,
                                                                                            Row]]:
    """Index an entity table by id, skipping rows without id or a required field, and duplicates.

    Returns
    -------
    dict
        id -> (row number, row).
    """
    out: dict[str, tuple[int, Row]] = {}
    report = ctx.report
    for row, rec in table.rows:
        rid = rec.get("id")
        if rid is None:
            report.skip(table.name, None, "no id", file=table.file, row=row)
            continue
        if rid in out:
            report.skip(table.name, rid, f"duplicate id (first seen on row {out[rid][0]})",
                        file=table.file, row=row)
            continue
        lacking = [c for c in required if rec.get(c) is None]
        if lacking:
            report.skip(table.name, rid, f"no {' or '.join(lacking)}", file=table.file, row=row)
            continue
        out[rid] = (row, rec)
    return out


def child_rows(table: Table, ctx: Ctx) -> Iterator[tuple[int, str | None, Row]]:
    """Rows of a child table (languages, phones, schedules...), every one of them.

    A child row is linked by its parent ids, not its own: a repeated id is
    repaired (the row keeps its content under ``<id>#row<N>``, reported) rather
    than dropped; blank ids are noted by whoever keeps the row (see
    :func:`note_blank_id`).

    Yields
    ------
    (row, id, record)
    """
    seen: dict[str, int] = {}
    report = ctx.report
    for row, rec in table.rows:
        rid = rec.get("id")
        if rid is None:
            pass  # reported by whoever keeps it (see note_blank_id)
        elif rid in seen:
            new = f"{rid}#row{row}"
            report.repair(table.name, rid, f"id repeats row {seen[rid]}; kept as {new} (child rows "
                                           "are linked by their parent ids)",
                          file=table.file, row=row)
            rid = new
        else:
            seen[rid] = row
        yield row, rid, rec


def note_blank_id(table: Table, row: int, ctx: Ctx) -> None:
    """Report a child record kept although its id is blank."""
    ctx.report.repair(table.name, None, "id is blank; kept without an id", file=table.file,
                      row=row)


@dataclass(frozen=True)
class Parent:
    """One kind of parent a child row may name: its column, the index, the list key."""

    column: str
    index: dict[str, Any]
    key: str
    label: str = ""


def attach(child: dict[str, Any], rec: Row, parents: Sequence[Parent], *, table: Table,
           row: int, rid: str | None, ctx: Ctx) -> bool:
    """Append ``child`` to the list ``key`` of the first parent ``rec`` names that exists.

    Skips the record (with a report entry) when it names no parent, or only
    missing ones; notes a repair when a more specific parent was missing.

    Returns
    -------
    bool
        Whether it was attached.
    """
    missing: list[str] = []
    for p in parents:
        pid = rec.get(p.column)
        if pid is None:
            continue
        target = p.index.get(pid)
        if target is None:
            missing.append(f"{p.label or p.column.removesuffix('_id')} {pid}")
            continue
        target.setdefault(p.key, []).append(child)
        if rid is None:
            note_blank_id(table, row, ctx)
        if missing:
            ctx.report.repair(table.name, rid, f"{' and '.join(missing)} not found; attached to "
                              f"{p.label or p.column.removesuffix('_id')} {pid}",
                              file=table.file, row=row)
        return True
    if missing:
        reason = f"parent not found: {' and '.join(missing)}"
    else:
        cols = ", ".join(p.column for p in parents)
        reason = f"no parent: none of {cols} is filled"
    ctx.report.skip(table.name, rid, reason, file=table.file, row=row)
    return False


def number(rec: Row, col: str, *, table: Table, row: int, rid: str | None,
           ctx: Ctx) -> int | float | None:
    """A numeric cell as a number; a repair note and ``None`` when it is not numeric."""
    value = rec.get(col)
    if value is None:
        return None
    try:
        return to_number(value)
    except ValueError:
        shown = value if len(value) <= 40 else value[:37] + "..."
        ctx.report.repair(table.name, rid, f"{col} {shown!r} is not a number; dropped",
                          file=table.file, row=row)
        return None


def coordinates(loc: dict[str, Any], rec: Row, *, table: Table, row: int, rid: str | None,
                ctx: Ctx) -> None:
    """Set latitude/longitude on ``loc`` from ``rec``, dropping bad ones with a note."""
    loc["latitude"] = number(rec, "latitude", table=table, row=row, rid=rid, ctx=ctx)
    loc["longitude"] = number(rec, "longitude", table=table, row=row, rid=rid, ctx=ctx)
    reason = check_coordinates(loc)
    if reason:
        ctx.report.repair(table.name, rid, reason, file=table.file, row=row)


def pick(rec: Row, *cols: str) -> dict[str, Any]:
    """The named cells of ``rec`` (``None`` when absent)."""
    return {c: rec.get(c) for c in cols}
