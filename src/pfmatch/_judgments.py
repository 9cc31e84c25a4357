"""The judgments file format: which services helped which family.

A judgments file says, for each family, how useful each judged service (or
service at a location) was.  It is read by :func:`load_judgments` into a
:class:`Judgments` mapping ``family_id -> {item_id: gain}`` that
:func:`pfmatch.metrics.evaluate` accepts directly.  The format is documented,
with examples, in ``docs/metrics.md``.

Error messages name the file, the line, the field, the value received and a
fix.  They never echo a family id: a line number is enough to find the row.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from pfmatch._errors import ConfigError

__all__ = ["DEFAULT_GAINS", "OUTCOMES", "JudgmentRow", "Judgments", "item_id", "load_judgments"]

#: Referral outcome columns, from the first step of the funnel to the last.
OUTCOMES: tuple[str, ...] = ("referred", "contacted", "connected", "helped")

#: Gain of a judged item, keyed by the furthest outcome it reached.
DEFAULT_GAINS: Mapping[str, float] = MappingProxyType(
    {"referred": 0.0, "contacted": 1.0, "connected": 2.0, "helped": 3.0}
)

_ID_FIELDS = ("family_id", "service_id")
_MAX_RELEVANCE = 3.0
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def item_id(service_id: str, location_id: str | None = None) -> str:
    """Return the item id pfmatch uses for a service, or a service at a location.

    Parameters
    ----------
    service_id : str
        The HSDS ``service.id``.  Must be non-empty and must not contain ``@``.
    location_id : str or None, default=None
        The HSDS ``location.id``; ``None`` or ``""`` for a remote service.

    Returns
    -------
    str
        ``service_id`` alone, or ``"service_id@location_id"``.

    Raises
    ------
    ConfigError
        If ``service_id`` is empty or contains ``@``.

    Examples
    --------
    >>> item_id("svc-12")
    'svc-12'
    >>> item_id("svc-12", "loc-3")
    'svc-12@loc-3'
    """
    if not isinstance(service_id, str) or not service_id:
        msg = f"service_id must be a non-empty str; got {service_id!r}"
        raise ConfigError(msg)
    if "@" in service_id:
        msg = (f"service_id must not contain '@' (it separates service and location in "
               f"item ids); got {service_id!r}")
        raise ConfigError(msg)
    if location_id is None or location_id == "":
        return service_id
    if not isinstance(location_id, str):
        msg = f"location_id must be a str or None; got {location_id!r}"
        raise ConfigError(msg)
    return f"{service_id}@{location_id}"


class JudgmentRow(NamedTuple):
    """One row of a judgments file, parsed.

    Exactly one of ``relevance`` and the four outcomes is set: a relevance row
    has ``relevance`` and ``None`` outcomes; an outcome row has the four
    booleans and ``relevance=None``.  ``gain`` is the value metrics use.
    ``line`` is the 1-based line of the file (0 for rows built in code).
    ``propensity`` is the probability that the policy which made the
    referrals would have referred this family to this item (in (0, 1]), when
    the log records it; :mod:`pfmatch.tune` uses it to correct for how the
    logged referrals were chosen (inverse-propensity weighting).
    """

    family_id: str
    service_id: str
    location_id: str | None
    relevance: float | None
    referred: bool | None
    contacted: bool | None
    connected: bool | None
    helped: bool | None
    gain: float
    line: int = 0
    propensity: float | None = None

    @property
    def item_id(self) -> str:
        """``service_id`` or ``service_id@location_id``."""
        return item_id(self.service_id, self.location_id)

    def to_record(self) -> dict[str, Any]:
        """The row as it is written to JSONL (without ``gain`` and ``line``)."""
        rec: dict[str, Any] = {"family_id": self.family_id, "service_id": self.service_id}
        if self.location_id is not None:
            rec["location_id"] = self.location_id
        if self.relevance is not None:
            rec["relevance"] = self.relevance
        else:
            rec.update({name: getattr(self, name) for name in OUTCOMES})
        if self.propensity is not None:
            rec["propensity"] = self.propensity
        return rec


class Judgments(Mapping[str, Mapping[str, float]]):
    """Judged gains per family: a read-only mapping ``family_id -> {item_id: gain}``.

    Build it with :func:`load_judgments`.  Items with gain 0 are judged *not
    relevant*; items missing from a family's mapping are unjudged, which the
    metrics also treat as gain 0.

    Parameters
    ----------
    rows : iterable of JudgmentRow
        The parsed rows.
    source : str or None, default=None
        The file they came from, for messages and ``repr``.

    Attributes
    ----------
    rows : tuple of JudgmentRow
        Every row, in file order, with its line number.
    source : str or None
        The file the rows came from.
    propensities : mapping
        ``family_id -> {item_id: propensity}`` for the rows that give one
        (empty when the log records none).

    Examples
    --------
    >>> row = JudgmentRow("fam-1", "svc-1", None, 2.0, None, None, None, None, 2.0)
    >>> j = Judgments([row])
    >>> dict(j["fam-1"])
    {'svc-1': 2.0}
    """

    def __init__(self, rows: Iterable[JudgmentRow], *, source: str | None = None) -> None:
        self.rows: tuple[JudgmentRow, ...] = tuple(rows)
        self.source = source
        by_family: dict[str, dict[str, float]] = {}
        props: dict[str, dict[str, float]] = {}
        first_line: dict[tuple[str, str], int] = {}
        for row in self.rows:
            key = (row.family_id, row.item_id)
            if key in first_line:
                msg = (f"{source or '<rows>'}, line {row.line}: duplicate judgment: the same "
                       f"family_id, service_id and location_id as line {first_line[key]}. "
                       "Keep one row per family and item.")
                raise ConfigError(msg)
            first_line[key] = row.line
            by_family.setdefault(row.family_id, {})[row.item_id] = row.gain
            if row.propensity is not None:
                props.setdefault(row.family_id, {})[row.item_id] = float(row.propensity)
        self._by_family = {fam: MappingProxyType(items) for fam, items in by_family.items()}
        self.propensities: Mapping[str, Mapping[str, float]] = MappingProxyType(
            {fam: MappingProxyType(items) for fam, items in props.items()})

    def __getitem__(self, family_id: str) -> Mapping[str, float]:
        return self._by_family[family_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_family)

    def __len__(self) -> int:
        return len(self._by_family)

    def __repr__(self) -> str:
        src = f", source={self.source!r}" if self.source else ""
        return f"Judgments({len(self)} families, {len(self.rows)} rows{src})"

    def to_jsonl(self, path: str | os.PathLike[str]) -> None:
        """Write the rows to a JSONL file that :func:`load_judgments` reads back.

        Relevance rows are written with ``relevance``, outcome rows with the
        four outcome booleans, so reloading with the same ``gains`` gives the
        same judgments.

        Parameters
        ----------
        path : str or path-like
            The file to write (overwritten).
        """
        with Path(path).open("w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(json.dumps(row.to_record(), ensure_ascii=False) + "\n"
                          for row in self.rows)


def _check_gains(gains: Mapping[str, float] | None) -> dict[str, float]:
    if gains is None:
        return dict(DEFAULT_GAINS)
    if not isinstance(gains, Mapping):
        msg = f"The 'gains' parameter of load_judgments() must be a mapping; got {gains!r}"
        raise ConfigError(msg)
    unknown = sorted(set(gains) - set(OUTCOMES))
    if unknown:
        msg = (f"The 'gains' parameter of load_judgments() has unknown keys {unknown}; "
               f"valid keys are {list(OUTCOMES)}")
        raise ConfigError(msg)
    out = dict(DEFAULT_GAINS)
    for name, value in gains.items():
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not math.isfinite(value) or value < 0):
            msg = (f"The 'gains' parameter of load_judgments() must map outcomes to finite "
                   f"numbers >= 0; got {name}={value!r}")
            raise ConfigError(msg)
        out[name] = float(value)
    return out


class _Where:
    """File and line, for error messages."""

    def __init__(self, file: str, line: int) -> None:
        self.file = file
        self.line = line

    def fail(self, problem: str, fix: str = "", *, got: object = None,
             show: bool = True) -> ConfigError:
        msg = f"{self.file}, line {self.line}: {problem}"
        if show:
            msg += f"; got {got!r}"
        if fix:
            msg += f". {fix}"
        return ConfigError(msg)


def _parse_id(value: object, field: str, where: _Where) -> str | None:
    """The id as a stripped str, or None when empty."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise where.fail(f"field {field!r} must be a string",
                         f"Write the {field} as a JSON string", got=type(value).__name__)
    text = str(value).strip()
    if field == "service_id" and "@" in text:
        raise where.fail("field 'service_id' must not contain '@' (it separates service and "
                         "location in item ids)", got=text)
    return text or None


def _required_id(value: object, field: str, where: _Where) -> str:
    text = _parse_id(value, field, where)
    if text is None:
        raise where.fail(f"field {field!r} is empty", f"Every row needs a {field}", show=False)
    return text


def _parse_relevance(value: object, where: _Where) -> float:
    fix = "Use a number from 0 (not relevant) to 3 (highly relevant)"
    if isinstance(value, bool):
        raise where.fail("field 'relevance' must be a number from 0 to 3", fix, got=value)
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise where.fail("field 'relevance' must be a number from 0 to 3", fix,
                             got=value) from None
    else:
        raise where.fail("field 'relevance' must be a number from 0 to 3", fix, got=value)
    if not (0.0 <= number <= _MAX_RELEVANCE):  # also rejects NaN
        raise where.fail("field 'relevance' must be a number from 0 to 3", fix, got=value)
    return number


def _parse_propensity(value: object, where: _Where) -> float | None:
    """The optional ``propensity`` field: a probability in (0, 1], or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    fix = ("Give the probability (0 < p <= 1) that the referral policy would refer this "
           "family to this item, or leave the field empty")
    number = math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value.strip())
    if not (0.0 < number <= 1.0):  # also rejects NaN
        raise where.fail("field 'propensity' must be a number in (0, 1]", fix, got=value)
    return number


def _parse_bool(value: object, field: str, where: _Where) -> bool:
    fix = "Use true/false, yes/no or 1/0"
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise where.fail(f"unknown value for outcome {field!r}", fix, got=value)


def _parse_record(rec: Mapping[str, Any], where: _Where,
                  gains: Mapping[str, float]) -> JudgmentRow:
    missing = [name for name in _ID_FIELDS if name not in rec]
    if missing:
        raise where.fail(f"missing field(s) {missing}",
                         "Every row needs family_id and service_id", show=False)
    family = _required_id(rec["family_id"], "family_id", where)
    service = _required_id(rec["service_id"], "service_id", where)
    location = _parse_id(rec.get("location_id"), "location_id", where)
    propensity = _parse_propensity(rec.get("propensity"), where)
    has_rel = rec.get("relevance") not in (None, "")
    present = [name for name in OUTCOMES if name in rec]
    if has_rel and present:
        raise where.fail("row has both 'relevance' and outcome fields " + str(present),
                         "Give either relevance or the four outcomes, not both", show=False)
    if has_rel:
        rel = _parse_relevance(rec["relevance"], where)
        return JudgmentRow(family, service, location, rel, None, None, None, None, rel,
                           where.line, propensity)
    if not present:
        raise where.fail("row has neither 'relevance' nor the outcome fields "
                         f"{list(OUTCOMES)}",
                         "Add a relevance (0-3) or the four outcome booleans", show=False)
    missing = [name for name in OUTCOMES if name not in rec]
    if missing:
        raise where.fail(f"missing outcome field(s) {missing}",
                         "Give all four outcomes: referred, contacted, connected, helped",
                         show=False)
    flags = {name: _parse_bool(rec[name], name, where) for name in OUTCOMES}
    gain = 0.0
    for name in OUTCOMES:  # the furthest outcome reached sets the gain
        if flags[name]:
            gain = gains[name]
    return JudgmentRow(family, service, location, None, flags["referred"], flags["contacted"],
                       flags["connected"], flags["helped"], gain, where.line, propensity)


def _read_jsonl(path: Path, gains: Mapping[str, float]) -> list[JudgmentRow]:
    rows = []
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            where = _Where(str(path), lineno)
            try:
                rec = json.loads(text)
            except json.JSONDecodeError as exc:
                raise where.fail(f"not valid JSON ({exc.msg})",
                                 "Write one JSON object per line", show=False) from None
            if not isinstance(rec, dict):
                raise where.fail("each line must be a JSON object",
                                 'Write e.g. {"family_id": ..., "service_id": ...}',
                                 got=type(rec).__name__)
            rows.append(_parse_record(rec, where, gains))
    return rows


def _read_csv(path: Path, gains: Mapping[str, float]) -> list[JudgmentRow]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = None
        for raw in reader:
            if header is None:
                if not any(cell.strip() for cell in raw):
                    continue
                header = [cell.strip().lower() for cell in raw]
                _check_header(header, _Where(str(path), reader.line_num))
                continue
            if not any(cell.strip() for cell in raw):
                continue
            where = _Where(str(path), reader.line_num)
            if len(raw) > len(header):
                raise where.fail(f"row has {len(raw)} fields but the header has {len(header)}",
                                 "Quote values that contain commas", show=False)
            rec = {name: (raw[i] if i < len(raw) else "") for i, name in enumerate(header)}
            rows.append(_parse_record(rec, where, gains))
    return rows


def _check_header(header: list[str], where: _Where) -> None:
    dupes = sorted({name for name in header if header.count(name) > 1})
    if dupes:
        raise where.fail(f"duplicate column(s) {dupes} in the header", show=False)
    missing = [name for name in _ID_FIELDS if name not in header]
    if missing:
        raise where.fail(f"missing column(s) {missing}",
                         "The header needs family_id, service_id (location_id optional) and "
                         "either relevance or referred, contacted, connected, helped",
                         show=False)
    outcomes = [name for name in OUTCOMES if name in header]
    if "relevance" in header and outcomes:
        raise where.fail(f"the header has both 'relevance' and outcome columns {outcomes}",
                         "Keep either relevance or the four outcome columns", show=False)
    if "relevance" not in header:
        missing = [name for name in OUTCOMES if name not in header]
        if missing:
            raise where.fail(f"missing column(s) {missing}",
                             "Add a 'relevance' column (0-3) or all four outcome columns: "
                             "referred, contacted, connected, helped", show=False)


def load_judgments(path: str | os.PathLike[str], *,
                   gains: Mapping[str, float] | None = None) -> Judgments:
    """Read a judgments file (JSONL or CSV).

    Parameters
    ----------
    path : str or path-like
        A ``.jsonl`` (or ``.ndjson``) file with one JSON object per line, or a
        ``.csv`` file with a header row.  Fields: ``family_id``,
        ``service_id``, optional ``location_id`` (empty for remote services)
        and either ``relevance`` (a number from 0 to 3) or the four referral
        outcomes ``referred``, ``contacted``, ``connected``, ``helped``
        (true/false, yes/no or 1/0).  An optional ``propensity`` (in (0, 1]) is
        the probability that the referral policy would have made this
        referral; see :attr:`Judgments.propensities`.  Other fields are ignored.
    gains : mapping, optional
        Gain for the furthest outcome reached, overriding entries of
        :data:`DEFAULT_GAINS` (``helped`` 3, ``connected`` 2, ``contacted`` 1,
        ``referred`` 0).  Rows with every outcome false get gain 0.
        Ignored for relevance rows.

    Returns
    -------
    Judgments
        ``family_id -> {item_id: gain}``, plus the parsed rows.

    Raises
    ------
    ConfigError
        For an unknown extension, an empty file, missing columns, a relevance
        outside 0-3 or not a number, an unknown outcome value, or duplicate
        (family_id, service_id, location_id) rows.  The message names the file,
        line, field and value, and says how to fix it.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "j.csv"
    >>> _ = p.write_text("family_id,service_id,location_id,relevance\\n"
    ...                  "fam-1,svc-1,loc-1,3\\nfam-1,svc-2,,0\\n")
    >>> dict(load_judgments(p)["fam-1"])
    {'svc-1@loc-1': 3.0, 'svc-2': 0.0}
    """
    path = Path(path)
    table = _check_gains(gains)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        rows = _read_jsonl(path, table)
    elif suffix == ".csv":
        rows = _read_csv(path, table)
    else:
        msg = (f"{path}: cannot tell the judgments format from the extension {suffix!r}. "
               "Name the file *.jsonl (one JSON object per line) or *.csv")
        raise ConfigError(msg)
    if not rows:
        msg = f"{path}: the file has no judgment rows. Add at least one row"
        raise ConfigError(msg)
    return Judgments(rows, source=str(path))
