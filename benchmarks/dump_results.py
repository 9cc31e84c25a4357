"""Dump everything a loader or matcher change could alter, to compare before/after byte for byte.

Run from the repository root::

    .venv/bin/python benchmarks/dump_results.py OUT.json
    # change the code, then
    .venv/bin/python benchmarks/dump_results.py OUT2.json
    cmp OUT.json OUT2.json     # or: diff <(jq . OUT.json) <(jq . OUT2.json)

For every directory named by a judged set (``judged_sets.py``) it writes the
load report, the index checksum (a hash over every offering's identity and
attributes), each offering's fields, and for every judged family the whole
``match()`` result as JSON (k=10, with explanations and the assessment).  A
performance-only change must leave the file identical.  Directories that are
absent (no ``../shared`` checkout) are listed as skipped.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from judged_sets import load_sets

import pfmatch


def _plain(x: Any) -> Any:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in x]
        return sorted(items, key=repr) if isinstance(x, (set, frozenset)) else items
    if isinstance(x, (str, int, float, bool)) or x is None:
        return x
    return repr(x)


def dump() -> dict[str, Any]:
    """Everything to compare, keyed by judged set and directory."""
    out: dict[str, Any] = {"directories": {}, "sets": {}}
    loaded: dict[Path, pfmatch.Directory] = {}
    for js in load_sets():
        key = str(js.directory)
        if not js.directory.exists():
            out["sets"][js.name] = f"skipped: {js.directory} absent"
            continue
        if js.directory not in loaded:
            d = pfmatch.Directory.load(js.directory)
            loaded[js.directory] = d
            out["directories"][key] = {
                "report": d.report.to_dict(),
                "checksum": d.checksum,
                "offerings": [_plain(o) for o in d.offerings],
            }
        d = loaded[js.directory]
        out["sets"][js.name] = {
            c.id: json.loads(pfmatch.match(c.match_family(), d, k=10, explain=True)
                             .to_json(include_assessment=True))
            for c in js.cases}
    return out


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: dump_results.py OUT.json")
    Path(sys.argv[1]).write_text(json.dumps(dump(), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                 encoding="utf-8")


if __name__ == "__main__":
    main()
