"""Reading JSON and newline-delimited JSON files, with errors that name file, line and column."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch._safe import needs_cleaning
from pfmatch.io._tables import GZIP_MAGIC, ZIP_MAGIC, Ctx, is_binary

__all__ = ["load_json", "parse_documents", "read_text"]

_FIX_JSON = "fix the JSON syntax there (a validator such as `python -m json.tool` shows it)"


def read_text(path: Path, ctx: Ctx) -> str:
    """The text of a (possibly gzip-compressed) UTF-8 file.

    Raises
    ------
    ProviderDataError
        When the file cannot be read, is empty, binary or not UTF-8.
    """
    file = ctx.rel(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProviderDataError(f"cannot read the file ({exc.strerror or exc})", file=file,
                                fix="check that the file exists and is readable") from None
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ProviderDataError(f"is a damaged gzip file ({exc})", file=file,
                                    fix="re-create the .gz file") from None
    if not data.strip():
        raise ProviderDataError("is empty", file=file,
                                fix="export the directory again; an HSDS JSON file holds a "
                                    "service object, a list of them or an API page")
    if data[:4] == ZIP_MAGIC:
        raise ProviderDataError("is a ZIP archive, not JSON or CSV", file=file,
                                fix="unzip it and load the extracted folder")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            ctx.dirty = ctx.dirty or needs_cleaning(text, json_text=True)
            return text
    if is_binary(data[:8192]):
        raise ProviderDataError("holds binary data, not JSON or CSV text", file=file,
                                fix="supported: HSDS JSON, NDJSON, HSDS CSV data packages, "
                                    "Ohana API CSV folders (optionally gzip-compressed JSON)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProviderDataError(f"is not UTF-8 text (bad byte at line {line})", file=file,
                                row=line, fix="save the file as UTF-8") from None
    ctx.dirty = ctx.dirty or needs_cleaning(text, json_text=True)
    return text


def _error(exc: json.JSONDecodeError, file: str, line_offset: int = 0) -> ProviderDataError:
    line = exc.lineno + line_offset
    return ProviderDataError(f"bad JSON at line {line}, column {exc.colno}: {exc.msg}",
                             file=file, row=line, fix=_FIX_JSON)


def parse_documents(text: str, file: str) -> tuple[str, list[tuple[int, Any]]]:
    """Parse JSON, or newline-delimited JSON when the file holds one value per line.

    Returns
    -------
    kind : {"json", "ndjson"}
    documents : list of (line, value)
        One entry for plain JSON (line 1); one per non-blank line for NDJSON.

    Raises
    ------
    ProviderDataError
        With the line and column of the first syntax error.
    """
    try:
        return "json", [(1, json.loads(text))]
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise _error(exc, file) from None
    except RecursionError:
        raise ProviderDataError("JSON is nested too deeply", file=file) from None
    except ValueError as exc:  # an integer of more than 4,300 digits (int_max_str_digits)
        raise ProviderDataError(f"holds a number that cannot be read ({str(exc)[:80]})",
                                file=file, fix="remove or shorten the number") from None
    docs: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise _error(exc, file, n - 1) from None
        except RecursionError:
            raise ProviderDataError("JSON is nested too deeply", file=file, row=n) from None
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise ProviderDataError(f"holds a number that cannot be read ({str(exc)[:80]})",
                                    file=file, row=n, fix="remove or shorten the number") from None
    return "ndjson", docs


def load_json(path: Path, ctx: Ctx) -> Any:
    """One JSON value from ``path`` (gzip allowed)."""
    file = ctx.rel(path)
    kind, docs = parse_documents(read_text(path, ctx), file)
    if kind != "json":
        raise ProviderDataError("holds several JSON values; expected one", file=file,
                                row=docs[1][0] if len(docs) > 1 else None)
    return docs[0][1]
