"""The ``pfmatch`` command line: ``pfmatch match`` and ``pfmatch validate``.

Exit codes: 0 success, 1 bad input (message on stderr, no traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from pfmatch._errors import PfmatchError
from pfmatch._version import __version__
from pfmatch._weights import COMPONENTS

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pfmatch", description="Rank community services for a family.")
    p.add_argument("--version", action="version", version=f"pfmatch {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("match", help="rank services for a family (JSON file, or - for stdin)")
    m.add_argument("family", help="family JSON file (API shape), or - to read standard input")
    m.add_argument("--providers", metavar="PATH", help="provider directory (default: bundled sample)")
    m.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    m.add_argument("--weights", metavar="FILE", help="weights file (JSON or TOML)")
    m.add_argument("--format", choices=("table", "json", "csv"), default="table")
    m.add_argument("--explain", action="store_true", help="also list what was left out and why")
    m.add_argument("--width", type=int, default=None, help="table width (default: terminal, max 100)")
    v = sub.add_parser("validate", help="load a provider directory and print its load report")
    v.add_argument("path")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def _csv(result: object) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["rank", "pinned", "score", "service_id", "location_id", "service", "organization",
                "distance_km", "needs", "languages", "phone", "address", "reasons", "warnings",
                *[f"points_{c}" for c in COMPONENTS]])
    for m in [*result.pinned, *result.matches]:  # type: ignore[attr-defined]
        phones = m.contact.get("phones") or []
        w.writerow([m.rank, m.pinned, f"{m.score:.6f}", m.service_id, m.location_id or "", m.service,
                    m.organization, "" if m.distance_km is None else m.distance_km,
                    " ".join(m.needs), " ".join(m.languages),
                    phones[0].get("number", "") if phones else "", m.contact.get("address") or "",
                    "; ".join(m.reasons), "; ".join(m.warnings),
                    *[f"{m.contributions.get(c, 0.0):.6f}" for c in COMPONENTS]])
    return buf.getvalue()


def _match(args: argparse.Namespace) -> int:
    from pfmatch._directory import Directory
    from pfmatch._match import match

    try:
        text = sys.stdin.read() if args.family == "-" else Path(args.family).read_text(encoding="utf-8")
    except OSError as e:
        print(f"pfmatch: cannot read family file {args.family}: {e.strerror}", file=sys.stderr)
        return 1
    try:
        family = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"pfmatch: {args.family} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}",
              file=sys.stderr)
        return 1
    directory = Directory.load(args.providers) if args.providers else None
    result = match(family, directory, k=args.k, weights=args.weights, explain=args.explain)
    if args.format == "json":
        print(result.to_json(indent=2))
    elif args.format == "csv":
        sys.stdout.write(_csv(result))
    else:
        width = args.width or min(100, shutil.get_terminal_size((80, 24)).columns)
        print(result.to_table(width=width))
        if args.explain and result.excluded:
            print()
            print("Left out:")
            for e in result.excluded[:50]:
                print(f"  {e.service[:40]:40s} {e.rule}: {e.reason}"[:width])
            if len(result.excluded) > 50:
                print(f"  ... {len(result.excluded) - 50} more (use --format json)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from pfmatch._directory import Directory

    d = Directory.load(args.path)
    if args.json:
        print(json.dumps(d.report.to_dict(), indent=2))
    else:
        print(d.report.summary())
    return 1 if d.report.skipped else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "match":
            return _match(args)
        return _validate(args)
    except PfmatchError as e:
        print(f"pfmatch: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
