"""Match quality on judged real-data cases: the yardstick every change is read against.

For each judged set (``../shared/quality/baltimore-dev.json`` with the project's
extra judgments in ``benchmarks/quality/baltimore-dev-extra.json``, and the
project's own sets in ``benchmarks/quality/*.json``, judged by reading the
source records under the rules in ``benchmarks/quality/README.md``), match
every family with k = 5 and print:

* precision@5 over the judged results (relevant = 1, partly = 0.5, irrelevant
  and infeasible = 0), with the judged share of the results;
* nDCG@5 from the judged gains (graded 1 / 0.5 / 0), averaged over the cases
  that have something to find; results not yet judged are *condensed out* of
  the ranking (removed before scoring), so they count neither way; the ideal
  ranking uses every judged gain of the case plus ``should_find`` (gain 1);
* infeasible results in the top 5 (the family cannot use them), each named;
* pins graded wrong, and pins not yet graded;
* stated needs of families that get nothing judged relevant in the top 5, and
  stated needs the engine left unresolved;
* ``should_find`` services found in the top 5;
* the targets of issue 12 point 10 and issue 11 point 12 beside the figures;
* every result not yet judged, with ``--unjudged`` (read the record, then add
  the judgment: ``benchmarks/judge_records.py`` prints results beside their
  source rows).

Then it runs the vignettes: a handful of families on the bundled sample
(``pfmatch.Directory.sample()``) with the outcome a coordinator expects, each
printed as pass or FAIL.

The judgments belong to the results they were made on: a change that moves new
services into the top 5 leaves them unjudged until someone reads them.

Run: ``.venv/bin/python benchmarks/bench_quality.py [--unjudged] [--no-vignettes]``;
``--xfail-list`` prints the failing cases in the form of ``KNOWN_FAILURES`` in
``tests/test_quality_invariants.py`` (after an engine change, replace the entries
and write the record text behind each service id into its reason).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pfmatch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judged_sets import GAIN, REPO, JudgedSet, load_sets, ndcg_at_k

K = 5
BASELINE = {"baltimore-dev.json": "precision@5 0.39, 24/90 infeasible, wrong pins in 3/3 pinned "
                                  "cases (commit bba8cf2, from the set's README)"}
TARGET_P5 = 0.85  # issue 12 point 10, for baltimore-dev and for the project's own sets


@dataclass
class Figures:
    """The figures of one judged set at the current engine."""

    name: str
    families: int
    results: int = 0
    judged: int = 0
    gain: float = 0.0
    ndcgs: list[float] = field(default_factory=list)
    infeasible: list[str] = field(default_factory=list)
    wrong_pins: list[str] = field(default_factory=list)
    ungraded_pins: int = 0
    pinned_cases: int = 0
    stated_needs: int = 0
    needs_unanswered: int = 0
    needs_unresolved: int = 0
    should_find: int = 0
    should_found: int = 0
    unjudged: list[str] = field(default_factory=list)
    load_s: float = 0.0

    @property
    def p5(self) -> float:
        return self.gain / self.judged if self.judged else float("nan")

    @property
    def ndcg(self) -> float:
        return sum(self.ndcgs) / len(self.ndcgs) if self.ndcgs else float("nan")


_LOADED: dict[Path, tuple[pfmatch.Directory, float]] = {}


def evaluate(js: JudgedSet) -> Figures:
    """Match every family of a judged set and gather its figures."""
    if js.directory not in _LOADED:  # two sets on one directory load it once
        t0 = time.perf_counter()
        _LOADED[js.directory] = (pfmatch.Directory.load(js.directory), time.perf_counter() - t0)
    d, load_s = _LOADED[js.directory]
    fig = Figures(name=js.name, families=len(js.cases), load_s=load_s)
    for case in js.cases:
        r = pfmatch.match(case.match_family(), d, k=K)
        if r.pinned:
            fig.pinned_cases += 1
        for p in r.pinned:
            verdict = case.judged_pins.get(p.service_id)
            if verdict is None:
                fig.ungraded_pins += 1
                fig.unjudged.append(f"  {case.id} PIN {p.service_id} {p.service}")
            elif verdict.startswith("wrong"):
                fig.wrong_pins.append(f"{case.id}/{p.service_id}")
        ranked = [m.service_id for m in r]
        relevant_found = False
        for m in r:
            fig.results += 1
            j = case.judged.get(m.service_id)
            if j is None:
                fig.unjudged.append(f"  {case.id} #{m.rank} {m.service_id} {m.service} / "
                                    f"{m.organization}")
                continue
            fig.judged += 1
            fig.gain += GAIN[j]
            relevant_found |= j == "relevant"
            if j == "infeasible":
                fig.infeasible.append(f"{case.id}/{m.service_id}")
        n = ndcg_at_k(ranked, case, K)
        if n is not None:
            fig.ndcgs.append(n)
        stated = case.family.get("needs") or []
        fig.stated_needs += len(stated)
        fig.needs_unresolved += len(r.unresolved)
        if stated and not relevant_found:
            fig.needs_unanswered += len(stated)
        fig.should_find += len(case.should_find)
        fig.should_found += len(set(case.should_find) & set(ranked))
    return fig


def _pct(a: int, b: int) -> str:
    return f"{a}/{b}" + (f" ({100 * a / b:.0f} %)" if b else "")


def report(fig: Figures, js: JudgedSet, show_unjudged: bool) -> None:
    """Print one set's figures beside their targets."""
    own = js.path.is_relative_to(REPO)
    title = fig.name + (f" + {', '.join(js.extended_by)}" if js.extended_by else "")
    print(f"{title}: {fig.families} families, directory loaded in {fig.load_s:.1f} s")
    target = f"target >= {TARGET_P5:.2f}"
    print(f"  precision@5 (judged results only)   {fig.p5:.2f}   {target}")
    print(f"  nDCG@5 (unjudged condensed out)     {fig.ndcg:.2f}   "
          f"(over {len(fig.ndcgs)} cases with something to find)")
    print(f"  judged share of the top 5           {_pct(fig.judged, fig.results)}")
    print(f"  infeasible in the top 5             {len(fig.infeasible)}   target 0")
    print(f"  pins graded wrong                   {len(fig.wrong_pins)}   target 0   "
          f"(not yet graded: {fig.ungraded_pins}; cases with pins: {fig.pinned_cases})")
    print(f"  stated needs, nothing relevant      {_pct(fig.needs_unanswered, fig.stated_needs)}"
          f"   (stated needs of families with no result judged relevant in the top 5)")
    print(f"  stated needs left unresolved        {_pct(fig.needs_unresolved, fig.stated_needs)}")
    print(f"  should_find found in the top 5      {_pct(fig.should_found, fig.should_find)}")
    if fig.name in BASELINE:
        print(f"  baseline                            {BASELINE[fig.name]}")
    elif own:
        print("  baseline                            none recorded before this set was judged")
    if fig.infeasible:
        print(textwrap.fill("infeasible (case/service): " + ", ".join(fig.infeasible),
                            width=100, initial_indent="  ", subsequent_indent="    "))
    if fig.wrong_pins:
        print(textwrap.fill("wrong pins (case/service): " + ", ".join(fig.wrong_pins),
                            width=100, initial_indent="  ", subsequent_indent="    "))
    if show_unjudged and fig.unjudged:
        print("  not yet judged (read the record, then add the judgment):")
        print("\n".join(fig.unjudged))


# --- vignettes on the bundled sample ---------------------------------------------------------

Check = Callable[[pfmatch.MatchResult], bool]
_CRISIS = re.compile(r"crisis|suicid|988", re.IGNORECASE)
_DV = re.compile(r"domestic violence|\bdv\b", re.IGNORECASE)


def _example(name: str) -> dict[str, Any]:
    fam: dict[str, Any] = json.loads((REPO / "examples" / name).read_text(encoding="utf-8"))
    fam.pop("id", None)
    return fam


def _flag(code: str) -> Check:
    return lambda r: any(f.code == code for f in r.flags)


def _first_pin(pattern: re.Pattern[str]) -> Check:
    return lambda r: bool(r.pinned) and bool(pattern.search(r.pinned[0].service))


def _answers(*codes: str, top: int = K) -> Check:
    return lambda r: all(any(c in m.needs for m in list(r)[:top]) for c in codes)


def _every_result(pred: Callable[[pfmatch.Match], bool]) -> Check:
    return lambda r: len(r) > 0 and all(pred(m) for m in r)


def _no_phone_only(m: pfmatch.Match) -> bool:
    return not any("phone only" in w for w in m.warnings)


VIGNETTES: list[tuple[str, dict[str, Any], list[tuple[str, Check]]]] = [
    ("postpartum parent, EPDS item 10 = 1", _example("family-postpartum-crisis.json"), [
        ("self_harm_risk flag", _flag("self_harm_risk")),
        ("first pin is a crisis line", _first_pin(_CRISIS)),
        ("maternal mental health answered in the top 5", _answers("maternal_mental_health"))]),
    ("DV safety concern", _example("family-dv-safety.json"), [
        ("interpersonal_violence flag", _flag("interpersonal_violence")),
        ("first pin is a DV hotline", _first_pin(_DV)),
        ("domestic violence answered in the top 5", _answers("domestic_violence"))]),
    ("toddler, ASQ-3 communication below cutoff", _example("family-toddler-asq.json"), [
        ("early_intervention_referral flag", _flag("early_intervention_referral")),
        ("early intervention in the top 3", _answers("early_intervention", top=3))]),
    ("Spanish first, no car, food / diapers / rent", _example("family-spanish-no-car.json"), [
        ("every result offers Spanish", _every_result(lambda m: "es" in m.languages)),
        ("food, baby supplies and rent answered in the top 5",
         _answers("food", "baby_supplies", "rent_assistance"))]),
    ("Korean first, working hours, child care", _example("family-korean-working-parent.json"), [
        ("the top 3 offer Korean", lambda r: len(r) >= 3 and all("ko" in m.languages
                                                                 for m in list(r)[:3])),
        ("child care answered in the top 5", _answers("child_care"))]),
    ("no phone, no car, Antelope Valley", _example("family-antelope-valley-no-phone.json"), [
        ("no phone-only intake", _every_result(_no_phone_only)),
        ("food, utilities and WIC answered", _answers("food", "utilities", "wic"))]),
    ("'my husband hits me' said in words", {
        "location": {"zip": "90011"}, "languages": ["en"], "needs": ["my husband hits me"],
        "children": [{"age_years": 4}]}, [
        ("interpersonal_violence flag", _flag("interpersonal_violence")),
        ("first pin is a DV hotline", _first_pin(_DV))]),
    ("'quiero morirme' said in words", {
        "location": {"zip": "90011"}, "languages": ["es"], "needs": ["quiero morirme"]}, [
        ("self_harm_risk flag", _flag("self_harm_risk")),
        ("first pin is a crisis line", _first_pin(_CRISIS))]),
    ("'sleeping in our car with the kids'", {
        "location": {"zip": "90011"}, "languages": ["en"],
        "needs": ["we are sleeping in our car with the kids"], "children": [{"age_years": 6}]}, [
        ("shelter answered in the top 5", _answers("shelter"))]),
    ("'not food, rent'", {
        "location": {"zip": "90011"}, "languages": ["en"], "needs": ["not food, rent"]}, [
        ("rent answered in the top 5", _answers("rent_assistance")),
        ("no food result", _every_result(lambda m: "food" not in m.needs))]),
]


def run_vignettes() -> tuple[int, int]:
    """Match the vignettes on the bundled sample; print and count the checks that pass."""
    d = pfmatch.Directory.sample()
    passed = total = 0
    print(f"vignettes on the bundled sample ({len(VIGNETTES)} families)")
    for title, fam, checks in VIGNETTES:
        r = pfmatch.match(fam, d, k=K)
        marks = []
        for what, check in checks:
            ok = check(r)
            passed += ok
            total += 1
            marks.append(f"{'pass' if ok else 'FAIL'}: {what}")
        print(f"  {title}: " + "; ".join(marks))
    print(f"  {passed}/{total} checks pass   target {total}/{total}")
    return passed, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--unjudged", action="store_true", help="list every result not yet judged")
    ap.add_argument("--no-vignettes", action="store_true", help="skip the bundled-sample vignettes")
    ap.add_argument("--xfail-list", action="store_true",
                    help="print the failing cases as KNOWN_FAILURES entries for "
                         "tests/test_quality_invariants.py (then write the record text in)")
    args = ap.parse_args(argv)
    sets = load_sets()
    if not sets:
        print("no judged sets found", file=sys.stderr)
        return 1
    own: list[Figures] = []
    for js in sets:
        if not js.directory.is_dir():
            print(f"{js.name}: skipped, its directory {js.directory} is absent")
            continue
        fig = evaluate(js)
        if args.xfail_list:
            failing: dict[str, list[str]] = {}
            for entry in fig.infeasible + fig.wrong_pins:
                case_id, sid = entry.split("/", 1)
                failing.setdefault(case_id, []).append(sid)
            for case_id, sids in failing.items():
                print(f"    {js.name + '::' + case_id!r}: {'; '.join(sids)!r},")
            continue
        report(fig, js, args.unjudged)
        if js.path.is_relative_to(REPO):
            own.append(fig)
        print()
    if own:
        judged = sum(f.judged for f in own)
        gain = sum(f.gain for f in own)
        ndcgs = [n for f in own for n in f.ndcgs]
        print(f"project's own real-data sets ({sum(f.families for f in own)} families): "
              f"precision@5 {gain / judged if judged else float('nan'):.2f} (target >= "
              f"{TARGET_P5:.2f}), nDCG@5 {sum(ndcgs) / len(ndcgs) if ndcgs else float('nan'):.2f}, "
              f"infeasible {sum(len(f.infeasible) for f in own)} (target 0), wrong pins "
              f"{sum(len(f.wrong_pins) for f in own)} (target 0)")
        print()
    if not args.no_vignettes and not args.xfail_list:
        run_vignettes()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
