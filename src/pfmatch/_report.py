"""The load report: what was read from a provider directory, and what was not.

A record is never dropped silently.  Every reader and normalizer that skips or
repairs a record adds a :class:`Problem`; for every table, records loaded plus
records skipped equal the records in the source.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pfmatch._safe import clean_text

__all__ = ["LoadReport", "Problem"]

ProblemKind = Literal["skipped", "repaired"]


@dataclass(frozen=True)
class Problem:
    """One record skipped or repaired while loading.

    Attributes
    ----------
    kind : {"skipped", "repaired"}
        ``skipped``: the record is not in the directory.  ``repaired``: it is,
        with the field named in ``reason`` dropped or fixed.
    table : str
        HSDS table name, e.g. ``"services"``, ``"locations"``, ``"phones"``.
    record : str or None
        The record's id, when it has one.
    file : str or None
        The file it came from (relative to the loaded path).
    row : int or None
        1-based data row in a CSV file, or 1-based record number in JSON.
    reason : str
        Why, in words a data steward can act on.
    """

    kind: ProblemKind
    table: str
    record: str | None
    file: str | None
    row: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = self.file or "?"
        if self.row is not None:
            where += f":{self.row}"
        rec = f" {self.record}" if self.record else ""
        return f"{self.kind:8s} {self.table}{rec} ({where}): {self.reason}"


@dataclass
class LoadReport:
    """What was read.

    Attributes
    ----------
    source : str
        The path that was loaded (or ``"<records>"``).
    format : str
        The format that was detected, e.g. ``"hsds-3.0-json"``, ``"hsds-1.1-csv"``,
        ``"ohana-csv"``.
    counts : dict
        Loaded counts with the keys ``organizations``, ``services``,
        ``locations`` and ``offerings``.
    source_counts : dict
        Records found in the source, per table (``services``, ``locations``...).
    problems : list of Problem
        One entry per record skipped or repaired.
    """

    source: str = "<records>"
    format: str = "unknown"
    counts: dict[str, int] = field(
        default_factory=lambda: {"organizations": 0, "services": 0, "locations": 0, "offerings": 0}
    )
    source_counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    # -- building -----------------------------------------------------------
    def skip(self, table: str, record: str | None, reason: str, *, file: str | None = None,
             row: int | None = None) -> None:
        """Record that a record was left out."""
        self.problems.append(Problem("skipped", table, record and _clean(record), file, row,
                                     _clean(reason)))

    def repair(self, table: str, record: str | None, reason: str, *, file: str | None = None,
               row: int | None = None) -> None:
        """Record that a record was kept with a field dropped or fixed."""
        self.problems.append(Problem("repaired", table, record and _clean(record), file, row,
                                     _clean(reason)))

    # -- reading ------------------------------------------------------------
    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "skipped"]

    @property
    def repaired(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "repaired"]

    def skipped_count(self, table: str) -> int:
        """Number of records of ``table`` that were skipped."""
        return sum(1 for p in self.problems if p.kind == "skipped" and p.table == table)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "source": self.source,
            "format": self.format,
            "counts": dict(self.counts),
            "source_counts": dict(self.source_counts),
            "problems": [p.to_dict() for p in self.problems],
        }

    def summary(self, *, max_problems: int = 20) -> str:
        """A human-readable summary, as ``pfmatch validate`` prints it."""
        c = self.counts
        lines = [
            f"{self.source} ({self.format})",
            (f"  loaded: {c.get('organizations', 0)} organizations, {c.get('services', 0)} services, "
             f"{c.get('locations', 0)} locations, {c.get('offerings', 0)} offerings"),
        ]
        if self.source_counts:
            found = ", ".join(f"{v} {k}" for k, v in sorted(self.source_counts.items()))
            lines.append(f"  in source: {found}")
        n = c.get("offerings", 0)
        if n and "with_area" in c:   # what normalizing could read (see normalize_services)
            placed = c.get("placed_by_zip", 0) + c.get("placed_by_city", 0)
            lines.append(
                f"  read: {c['with_area']} offerings with a known service area, "
                f"{c.get('area_unknown', 0)} with an area not understood (ranked after known), "
                f"{c.get('with_languages', 0)} with languages; {placed} sites placed from their "
                f"address (ZIP or city), {c.get('unplaced', 0)} not placed")
        by_kind = Counter((p.kind, p.table) for p in self.problems)
        if not by_kind:
            lines.append("  no records skipped or repaired")
        else:
            for (kind, table), n in sorted(by_kind.items()):
                lines.append(f"  {kind}: {n} {table}")
            for p in self.problems[:max_problems]:
                lines.append(f"    {p}")
            if len(self.problems) > max_problems:
                lines.append(f"    ... {len(self.problems) - max_problems} more (report.to_dict())")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()



def _clean(text: str) -> str:
    """A reason or record id as UTF-8 can carry it: reasons quote source text (keys, ids),
    which is otherwise cleaned only where it becomes an offering."""
    return clean_text(text)[0] if text else text
