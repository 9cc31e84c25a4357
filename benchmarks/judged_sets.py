"""The judged real-data sets: loading, merging and scoring, shared by the benchmark and the test.

A *judged set* is a JSON file naming a directory in ``../shared/data`` and a
list of cases: a family, the judgments of results keyed by service id
(``relevant`` / ``partly`` / ``irrelevant`` / ``infeasible``), graded pins
(``right...`` / ``wrong...``), ``should_find`` and a note.  The rules used to
judge are in ``benchmarks/quality/README.md``.

Sets live in ``../shared/quality/*.json`` (read-only, judged elsewhere) and
``benchmarks/quality/*.json`` (the project's own).  A file with an
``"extends"`` key adds judgments to the cases of another set by case id (the
judgments of the extended set win where both judge a service); it is not a
set of its own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GAIN = {"relevant": 1.0, "partly": 0.5, "irrelevant": 0.0, "infeasible": 0.0}
VERDICTS = frozenset(GAIN)


@dataclass
class Case:
    """One judged family."""

    id: str
    family: dict[str, Any]
    judged: dict[str, str]
    judged_pins: dict[str, str] = field(default_factory=dict)
    should_find: list[str] = field(default_factory=list)
    note: str = ""

    def match_family(self) -> dict[str, Any]:
        """The family as ``match`` takes it (the case id is not a family field it needs)."""
        return {k: v for k, v in self.family.items() if k != "id"}


@dataclass
class JudgedSet:
    """A judged set: its name, directory and cases (with any extension merged in)."""

    name: str
    path: Path
    directory: Path
    cases: list[Case]
    extended_by: list[str] = field(default_factory=list)


def _check_verdicts(path: Path, case_id: str, judged: dict[str, str]) -> None:
    bad = {sid: v for sid, v in judged.items() if v not in VERDICTS}
    if bad:
        raise ValueError(f"{path.name}: case {case_id}: unknown judgments {bad}; "
                         f"use one of {sorted(VERDICTS)}")


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def set_paths() -> list[Path]:
    """Every judged-set file, shared ones first."""
    return sorted((SHARED / "quality").glob("*.json")) + sorted(
        (REPO / "benchmarks" / "quality").glob("*.json"))


def load_sets(paths: list[Path] | None = None) -> list[JudgedSet]:
    """Load and merge the judged sets.

    Parameters
    ----------
    paths : list of Path, optional
        The files to read; default every file of :func:`set_paths`.

    Returns
    -------
    list of JudgedSet
        One per set that is not an extension, with extensions merged in.
    """
    paths = set_paths() if paths is None else paths
    raw = {p: _read(p) for p in paths}
    sets: dict[str, JudgedSet] = {}
    for p, data in raw.items():
        if "extends" in data:
            continue
        cases = []
        for c in data["cases"]:
            _check_verdicts(p, c["id"], c.get("judged", {}))
            cases.append(Case(id=c["id"], family=c["family"], judged=dict(c.get("judged", {})),
                              judged_pins=dict(c.get("judged_pins") or {}),
                              should_find=list(c.get("should_find", [])),
                              note=c.get("note", "")))
        sets[p.name] = JudgedSet(name=p.name, path=p,
                                 directory=(REPO / data["directory"]).resolve(), cases=cases)
    for p, data in raw.items():
        if "extends" not in data:
            continue
        target = sets.get(Path(data["extends"]).name)
        if target is None:
            if (REPO / data["extends"]).exists() and paths is None:
                raise ValueError(f"{p.name} extends {data['extends']}, which is not loaded")
            continue  # the extended set is absent (no ../shared checkout) or not asked for
        by_id = {c.id: c for c in target.cases}
        for c in data["cases"]:
            case = by_id.get(c["id"])
            if case is None:
                raise ValueError(f"{p.name}: case {c['id']} is not a case of {target.name}")
            _check_verdicts(p, c["id"], c.get("judged", {}))
            for sid, v in c.get("judged", {}).items():
                case.judged.setdefault(sid, v)
            for sid, v in (c.get("judged_pins") or {}).items():
                case.judged_pins.setdefault(sid, v)
            for sid in c.get("should_find", []):
                if sid not in case.should_find:
                    case.should_find.append(sid)
            if c.get("note"):
                case.note = (case.note + " " + c["note"]).strip()
        target.extended_by.append(p.name)
    return list(sets.values())


def dcg(gains: list[float]) -> float:
    """Discounted cumulative gain, ``sum(g / log2(rank + 1))`` from rank 1."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked_ids: list[str], case: Case, k: int = 5) -> float | None:
    """nDCG@k of one ranking from the case's judged gains; unjudged results are condensed out.

    Results not yet judged are removed from the ranking before scoring (a
    *condensed* list), so they count neither as right nor as wrong; the ideal
    ranking is built from every judged gain of the case plus ``should_find``
    services (gain 1 unless judged otherwise).  Returns None when the case has
    no positive gain to find.
    """
    gains = [GAIN[case.judged[s]] for s in ranked_ids if s in case.judged][:k]
    pool = dict.fromkeys(case.should_find, 1.0)
    pool.update({s: GAIN[v] for s, v in case.judged.items()})
    ideal = sorted(pool.values(), reverse=True)[:k]
    best = dcg(ideal)
    return None if best == 0 else dcg(gains) / best
