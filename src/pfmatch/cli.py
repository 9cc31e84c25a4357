"""The ``pfmatch`` command line: ``pfmatch match`` and ``pfmatch validate``.

Exit codes: 0 success, 1 bad input (message on stderr, no traceback), 2 usage.

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
from typing import TYPE_CHECKING

from pfmatch._errors import PfmatchError
from pfmatch._version import __version__
from pfmatch._weights import COMPONENTS

if TYPE_CHECKING:
    from pfmatch._directory import Directory

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
    m = sub.add_parser("match", help="rank services for a family (JSON file, or - for stdin)")
    m.add_argument("family", help="family JSON file (API shape), or - to read standard input")
    m.add_argument("--providers", metavar="PATH", help="provider directory (default: bundled sample)")
    m.add_argument("-k", type=_positive_int, default=10, help="number of results (default 10)")
    m.add_argument("--weights", metavar="FILE", help="weights file (JSON or TOML)")
    m.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help="table for people (default), json or csv for software")
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
    return p


def _csv(result: object, *, raw: bool = False) -> str:
    from pfmatch._safe import spreadsheet_cell

    cell = (lambda v: v) if raw else spreadsheet_cell
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["rank", "pinned", "score", "service_id", "location_id", "service", "organization",
                "distance_km", "needs", "languages", "phone", "address", "reasons", "warnings",
                *[f"points_{c}" for c in COMPONENTS]])
    for m in [*result.pinned, *result.matches]:  # type: ignore[attr-defined]
        phones = m.contact.get("phones") or []
        w.writerow([m.rank, m.pinned, f"{m.score:.6f}", *map(cell, (
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

    try:
        text = sys.stdin.read() if args.family == "-" else Path(args.family).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        why = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
        print(f"pfmatch: cannot read family file {args.family}: {why}", file=sys.stderr)
        return 1
    try:
        family = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"pfmatch: {args.family} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}",
              file=sys.stderr)
        return 1
    except RecursionError:
        print(f"pfmatch: {args.family} is nested too deeply to be a family", file=sys.stderr)
        return 1
    except ValueError:  # an integer of more than 4,300 digits (sys.int_max_str_digits)
        print(f"pfmatch: {args.family} holds a number too long to read", file=sys.stderr)
        return 1
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


def _validate(args: argparse.Namespace) -> int:
    report = _load(args.path).report
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
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
