"""The ``pfmatch`` command line: ``pfmatch match``, ``validate``, ``index`` and ``serve``.

Exit codes: 0 success, 1 bad input (message on stderr, no traceback), 2 usage.

``pfmatch match`` takes one family file or many (``a.json b.json``), NDJSON
files or standard input (one family per line), and JSON arrays of families.
Several families are matched in one process with :func:`pfmatch.match_many`
(``-j N`` workers) and written as NDJSON (``--format ndjson``), one CSV, a
JSON array, tables, or one file per family (``--output-dir``).  Each batch
result names its input (``file``, ``line``, and the family's ``id`` if it has
one) so outputs join back to inputs.  ``pfmatch index SRC OUT`` saves a
compiled index that ``--providers OUT`` loads in a fraction of a second.

``--format table`` is for people (it fits the terminal, 80 columns or
``--width``); ``--format json`` and ``--format csv`` are for software.
Loading a large provider directory shows a progress bar on stderr when stderr
is a terminal, and stays quiet when piped.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import io
import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pfmatch._errors import PfmatchError
from pfmatch._version import __version__
from pfmatch._weights import COMPONENTS

if TYPE_CHECKING:
    from pfmatch._directory import Directory
    from pfmatch._results import MatchResult

__all__ = ["main"]


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {v}")
    return v


def _width(text: str) -> int:
    v = _positive_int(text)
    if v < 40:
        raise argparse.ArgumentTypeError(f"must be at least 40 columns, got {v}")
    return v


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pfmatch", description="Rank community services for a family.")
    p.add_argument("--version", action="version", version=f"pfmatch {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("match", help="rank services for families (JSON/NDJSON files, or - for stdin)")
    m.add_argument("family", nargs="+", metavar="FAMILY",
                   help="family JSON file (API shape), a JSON array or NDJSON file of families "
                        "(one per line), or - to read standard input")
    m.add_argument("--providers", metavar="PATH", help="provider directory (default: bundled sample)")
    m.add_argument("-k", type=_positive_int, default=10, help="number of results (default 10)")
    m.add_argument("--weights", metavar="FILE", help="weights file (JSON or TOML)")
    m.add_argument("--format", choices=("table", "json", "csv", "ndjson"), default="table",
                   help="table for people (default); json, csv or ndjson (one result per line) "
                        "for software")
    m.add_argument("-j", "--jobs", type=_jobs, default=1, metavar="N",
                   help="worker processes for many families (default 1; -1 uses every core)")
    m.add_argument("--output-dir", metavar="DIR",
                   help="write one file per family into DIR (name from its input file and line)")
    m.add_argument("--keep-going", action="store_true",
                   help="with many families, match the valid ones and report the others on "
                        "stderr (exit code 1) instead of stopping")
    m.add_argument("--explain", action="store_true", help="also list what was left out and why")
    m.add_argument("--raw", action="store_true",
                   help="csv: keep cells as they are (by default a cell starting with = + - @ "
                        "gets a leading ' so a spreadsheet does not run it as a formula)")
    m.add_argument("--width", type=_width, default=None,
                   help="table width in columns (default: the terminal's, at most 100)")
    m.add_argument("--handout", metavar="FILE",
                   help="also write the family's referral sheet (.html, or .md for Markdown)")
    m.add_argument("--language", choices=("en", "es"), default="en",
                   help="language of the referral sheet (default en)")
    m.add_argument("--first-name", metavar="NAME",
                   help="first name printed on the referral sheet (nothing else about the family is)")
    v = sub.add_parser("validate", help="load a provider directory and print its load report")
    v.add_argument("path")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    x = sub.add_parser("index", help="compile a provider directory into a saved index that "
                                     "--providers loads in a fraction of a second")
    x.add_argument("path", help="provider directory (HSDS JSON/CSV, Ohana CSV)")
    x.add_argument("out", help="folder to write the index to")
    from pfmatch.serve._cli import add_parser as add_serve_parser

    add_serve_parser(sub)
    return p


def _jobs(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if v == 0 or v < -1:
        raise argparse.ArgumentTypeError(f"must be at least 1, or -1 for every core; got {v}")
    return v


_CSV_HEADER = ["rank", "pinned", "score", "service_id", "location_id", "service", "organization",
               "distance_km", "needs", "languages", "phone", "address", "reasons", "warnings",
               *[f"points_{c}" for c in COMPONENTS]]


def _csv(result: object, prefix: Sequence[object] | None = None, *, header: bool = True,
         raw: bool = False) -> str:
    """The result as CSV; ``prefix`` adds the batch input columns before each row.

    Text cells that a spreadsheet would run as a formula are neutralized unless ``raw``.
    """
    from pfmatch._safe import spreadsheet_cell

    cell = (lambda v: v) if raw else spreadsheet_cell
    buf = io.StringIO()
    w = csv.writer(buf)
    if header:
        w.writerow([*(_INPUT_COLUMNS if prefix is not None else []), *_CSV_HEADER])
    for m in [*result.pinned, *result.matches]:  # type: ignore[attr-defined]
        phones = m.contact.get("phones") or []
        w.writerow([*map(cell, prefix or []), m.rank, m.pinned, f"{m.score:.6f}", *map(cell, (
                    m.service_id, m.location_id or "", m.service, m.organization)),
                    "" if m.distance_km is None else m.distance_km,
                    *map(cell, (" ".join(m.needs), " ".join(m.languages),
                                phones[0].get("number", "") if phones else "",
                                m.contact.get("address") or "",
                                "; ".join(m.reasons), "; ".join(m.warnings))),
                    *[f"{m.contributions.get(c, 0.0):.6f}" for c in COMPONENTS]])
    return buf.getvalue()


def _load(path: str) -> Directory:
    """Load a provider directory, with a progress bar on a terminal when supported."""
    from pfmatch._directory import Directory

    if "progress" in inspect.signature(Directory.load).parameters:
        return Directory.load(path, progress=None)
    return Directory.load(path)


def _left_out(result: object, width: int) -> list[str]:
    from pfmatch._display import fit

    excluded = result.excluded  # type: ignore[attr-defined]
    lines = ["", f"Left out by the rules: {len(excluded)}"]
    for rule, n in Counter(e.rule for e in excluded).most_common():
        lines.append(fit(f"  {n:>5}  {rule}", width))
    lines.append("")
    for e in excluded[:50]:
        lines.append(fit(f"  {e.service} — {e.rule}: {e.reason}", width))
    if len(excluded) > 50:
        lines.append(f"  ... {len(excluded) - 50} more (use --format json)")
    return lines


def _match(args: argparse.Namespace) -> int:
    from pfmatch._match import match

    inputs: list[_Input] = []
    for name in args.family:
        got = _read_families(name)
        if isinstance(got, str):
            print(f"pfmatch: {got}", file=sys.stderr)
            return 1
        inputs.extend(got)
    if not inputs:
        print(f"pfmatch: no family in {', '.join(args.family)}", file=sys.stderr)
        return 1
    if len(inputs) > 1 or args.format == "ndjson" or args.output_dir:
        return _match_batch(args, inputs)
    family = inputs[0].family
    directory = _load(args.providers) if args.providers else None
    result = match(family, directory, k=args.k, weights=args.weights, explain=args.explain)
    if args.format == "json":
        print(result.to_json(indent=2))
    elif args.format == "csv":
        sys.stdout.write(_csv(result, raw=args.raw))
    else:
        width = args.width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
        print(result.to_table(width=width))
        if args.explain and result.excluded:
            print("\n".join(_left_out(result, width)))
    if args.handout:
        out = Path(args.handout)
        fmt = "markdown" if out.suffix.lower() in (".md", ".markdown") else "html"
        sheet = result.to_handout(args.language, first_name=args.first_name, format=fmt,
                                  directory=directory)
        try:
            out.write_text(sheet, encoding="utf-8", errors="replace")  # a non-UTF-8 argv name
        except OSError as e:
            print(f"pfmatch: cannot write {out}: {e.strerror}", file=sys.stderr)
            return 1
        print(f"pfmatch: referral sheet written to {out}", file=sys.stderr)
    return 0


class _Input:
    """One family read from the command line, and where it came from."""

    __slots__ = ("family", "file", "line")

    def __init__(self, family: Any, file: str, line: int) -> None:
        self.family, self.file, self.line = family, file, line

    def ref(self) -> dict[str, object]:
        """``file``, ``line`` and the family's own ``id`` (its join key), if it has one."""
        out: dict[str, object] = {"file": self.file, "line": self.line}
        fid = self.family.get("id") if isinstance(self.family, dict) else None
        if isinstance(fid, (str, int)) and not isinstance(fid, bool):
            out["id"] = fid
        return out


_INPUT_COLUMNS = ["input_file", "input_line", "family_id"]
_NDJSON_SUFFIXES = (".ndjson", ".jsonl")


def _read_families(name: str) -> list[_Input] | str:
    """The families in a file (or ``-``), or an error message.

    A JSON object is one family; a JSON array holds several (``line`` is the
    1-based item number); NDJSON (``.ndjson``/``.jsonl``, or text with one
    object per line) holds one per line.
    """
    label = "standard input" if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        why = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
        return f"cannot read family file {name}: {why}"
    if Path(name).suffix.lower() not in _NDJSON_SUFFIXES:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            if e.msg != "Extra data":
                return (f"{label} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}")
        except RecursionError:
            return f"{label} is nested too deeply to be a family"
        except ValueError:  # an integer of more than 4,300 digits (sys.int_max_str_digits)
            return f"{label} holds a number too long to read"
        else:
            if isinstance(doc, list):
                return [_Input(f, label, i) for i, f in enumerate(doc, start=1)]
            return [_Input(doc, label, 1)]
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(_Input(json.loads(line), label, lineno))
        except json.JSONDecodeError as e:
            return f"{label} line {lineno} is not valid JSON (column {e.colno}): {e.msg}"
        except RecursionError:
            return f"{label} line {lineno} is nested too deeply to be a family"
        except ValueError:
            return f"{label} line {lineno} holds a number too long to read"
    return out


def _match_batch(args: argparse.Namespace, inputs: list[_Input]) -> int:
    """Many families in one process: validate all, match with match_many, write them out."""
    from pfmatch._match import match_many
    from pfmatch.assess import Family

    if args.handout:
        print("pfmatch: --handout writes one family's sheet; give one family", file=sys.stderr)
        return 2
    good: list[tuple[_Input, Family]] = []
    bad = 0
    for item in inputs:
        try:
            if not isinstance(item.family, dict):
                msg = f"a family must be a JSON object, got {type(item.family).__name__}"
                raise PfmatchError(msg)
            good.append((item, Family.from_dict(item.family)))
        except PfmatchError as e:  # the message names the field path, never the value
            bad += 1
            if bad <= 20:
                print(f"pfmatch: {item.file} line {item.line}: {e}", file=sys.stderr)
    if bad:
        if bad > 20:
            print(f"pfmatch: ... {bad - 20} more invalid families", file=sys.stderr)
        if not args.keep_going:
            print(f"pfmatch: {bad} of {len(inputs)} families are invalid; nothing matched "
                  "(--keep-going matches the others)", file=sys.stderr)
            return 1
    directory = _load(args.providers) if args.providers else None
    results = match_many([f for _, f in good], directory, k=args.k, weights=args.weights,
                         n_jobs=args.jobs, explain=args.explain)
    pairs = list(zip((item for item, _ in good), results, strict=True))
    if args.output_dir:
        err = _write_per_family(args, pairs)
        if err:
            print(f"pfmatch: {err}", file=sys.stderr)
            return 1
    elif args.format in ("ndjson", "json"):
        docs = ['{"input": ' + json.dumps(item.ref(), ensure_ascii=False) + ", "
                + r.to_json()[1:] for item, r in pairs]
        if args.format == "ndjson":
            sys.stdout.writelines(d + "\n" for d in docs)
        else:
            sys.stdout.write("[\n" + ",\n".join(docs) + "\n]\n")
    elif args.format == "csv":
        for n, (item, r) in enumerate(pairs):
            ref = item.ref()
            sys.stdout.write(_csv(r, [ref["file"], ref["line"], ref.get("id", "")], header=n == 0, raw=args.raw))
    else:
        width = args.width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
        for n, (item, r) in enumerate(pairs):
            ref = item.ref()
            title = f"== {ref['file']}, line {ref['line']}" + (
                f" (id {ref['id']})" if "id" in ref else "") + " "
            print(("\n" if n else "") + title + "=" * max(0, width - len(title)))
            print(r.to_table(width=width))
            if args.explain and r.excluded:
                print("\n".join(_left_out(r, width)))
    return 1 if bad else 0


def _write_per_family(args: argparse.Namespace, pairs: list[tuple[_Input, MatchResult]]) -> str | None:
    """One file per family in ``--output-dir``: ``<input stem>-<line>.<json|csv|txt>``.

    Inputs with the same stem (``a/x.json``, ``b/x.json``) get ``-2``, ``-3``... so no
    result of the run overwrites another.
    """
    out = Path(args.output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return f"cannot create {out}: {e.strerror}"
    ext = {"json": "json", "ndjson": "json", "csv": "csv", "table": "txt"}[args.format]
    width = args.width or 80
    used: set[str] = set()
    for item, r in pairs:
        stem = "stdin" if item.file == "standard input" else Path(item.file).stem
        name, n = f"{stem}-{item.line}", 1
        while name in used:  # a/x.json and b/x.json: never overwrite a result of this run
            n += 1
            name = f"{stem}-{item.line}-{n}"
        used.add(name)
        target = out / f"{name}.{ext}"
        if ext == "json":
            text = r.to_json(indent=2) + "\n"
        elif ext == "csv":
            text = _csv(r, raw=args.raw)
        else:
            text = r.to_table(width=width) + "\n"
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as e:
            return f"cannot write {target}: {e.strerror}"
    print(f"pfmatch: {len(pairs)} result files written to {out}", file=sys.stderr)
    return None


def _index(args: argparse.Namespace) -> int:
    d = _load(args.path)
    saved = d.save(args.out)
    print(f"pfmatch: saved index of {len(d)} offerings to {saved}; "
          f"use --providers {saved}", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    report = _load(args.path).report
    if args.json:
        doc = {"schema": "pfmatch.load_report/1", "pfmatch_version": __version__,
               **report.to_dict()}
        print(json.dumps(doc, indent=2))
    else:
        print(report.summary())
    return 1 if report.skipped else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 bad input, 2 usage)."""
    for stream in (sys.stdout, sys.stderr):  # never a UnicodeEncodeError on a narrow console
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="replace")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse: --help/--version (0) or a usage error (2)
        return e.code if isinstance(e.code, int) else 2
    try:
        if args.command == "match":
            return _match(args)
        if args.command == "index":
            return _index(args)
        if args.command == "serve":
            from pfmatch.serve._cli import run as serve

            return serve(args)
        return _validate(args)
    except PfmatchError as e:
        print(f"pfmatch: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `pfmatch match ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
