"""Plain-text and HTML renderings of a :class:`~pfmatch._results.MatchResult`.

Every provider string is HTML-escaped; the HTML uses no JavaScript and no
external CSS, so it renders in untrusted notebooks and on GitHub.  The text
table counts display columns (East Asian wide characters take two), so it
fits the terminal width it is given.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pfmatch._weights import COMPONENTS

if TYPE_CHECKING:
    from pfmatch._results import Match, MatchResult

__all__ = [
    "MAX_HTML_ROWS",
    "classify_reasons",
    "display_width",
    "fit",
    "html_table",
    "text_table",
    "waterfall",
    "wrap",
]

#: Rows shown by ``_repr_html_`` before "… N more".
MAX_HTML_ROWS = 50
#: One colour per score component (bars in HTML, legend).
COLORS = {"need": "#3b82f6", "factor": "#8b5cf6", "distance": "#10b981", "language": "#f59e0b",
          "access": "#ef4444", "urgency": "#6b7280"}
#: What each component measures, for the waterfall.
COMPONENT_HELP = {
    "need": "answers the family's needs",
    "factor": "builds protective factors where the family has gaps",
    "distance": "closeness",
    "language": "language fit",
    "access": "fit with the family's barriers",
    "urgency": "answers the most urgent needs",
}
_FACTOR_PHRASE = {
    "parental_resilience": "parental resilience",
    "social_connections": "social connections",
    "knowledge_of_parenting": "knowledge of parenting and child development",
    "concrete_support": "concrete support in times of need",
    "social_emotional_competence": "children's social and emotional competence",
}


# ------------------------------------------------------------------ text width helpers
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide CJK/Hangul characters count 2)."""
    return sum(_char_width(c) for c in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` display columns, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def wrap(text: str, width: int, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Word-wrap by display columns; words longer than a line are cut with "…"."""
    subsequent = indent if subsequent is None else subsequent
    lines: list[str] = []
    cur = indent
    fresh = True
    for word in " ".join(str(text).split()).split(" "):
        if not word:
            continue
        prefix = indent if not lines else subsequent
        room = width - display_width(prefix)
        if display_width(word) > room:
            word = fit(word, room)
        sep = "" if fresh else " "
        if display_width(cur) + len(sep) + display_width(word) <= width:
            cur += sep + word
            fresh = False
        else:
            lines.append(cur)
            cur = subsequent + word
            fresh = False
    if not fresh:
        lines.append(cur)
    return lines


# ------------------------------------------------------------------ shared phrases
def _first_phone(m: Match) -> str:
    phones = m.contact.get("phones") or []
    return str(phones[0].get("number", "")) if phones else ""


def where(m: Match) -> str:
    """Short "distance" column: "4.5 km", "phone/web", "private" or ""."""
    if m.distance_km is not None:
        return f"{m.distance_km:.1f} km"
    low = " ".join(m.reasons).lower()
    if "home visits" in low:
        return "home visit"
    if "no travel needed" in low or (m.location_id is None and not m.contact.get("address")):
        return "phone/web"
    if "confidential location" in low or (m.location_id and not m.contact.get("address")):
        return "private"
    return "—"


def classify_reasons(m: Match) -> dict[str, list[str]]:
    """Sort a match's reasons by the score component they explain.

    Keys are ``"pin"`` and the names in :data:`~pfmatch._weights.COMPONENTS`
    (``"urgency"`` is never filled here: it follows from the needs answered).
    """
    out: dict[str, list[str]] = {k: [] for k in ("pin", *COMPONENTS)}
    need_done = not m.needs
    for r in m.reasons:
        low = r.lower()
        if low.startswith("pinned for safety"):
            out["pin"].append(r)
        elif low.startswith("builds "):
            out["factor"].append(r)
        elif not need_done:
            out["need"].append(r)
            need_done = True
        elif any(s in low for s in ("km away", "no travel needed", "home visits",
                                    "confidential location", "distance unknown")):
            out["distance"].append(r)
        elif " spoken" in low or "interpreters" in low or low.startswith("languages"):
            out["language"].append(r)
        else:
            out["access"].append(r)
    return out


def _drivers(m: Match, labels: Mapping[str, str], urgency: Mapping[str, str],
             gaps: Mapping[str, float]) -> dict[str, str]:
    """One line per component: what drove its points."""
    by = classify_reasons(m)
    d: dict[str, str] = {}
    if m.needs:
        d["need"] = "answers " + ", ".join(labels.get(c, c) for c in m.needs)
    else:
        d["need"] = "answers none of the family's needs directly"
    facs = [f for f in m.factors if gaps.get(f, 0.0) > 0] if gaps else []
    if facs:
        d["factor"] = "builds " + ", ".join(_FACTOR_PHRASE.get(f, f) for f in facs[:3])
    elif m.factors:
        d["factor"] = ("builds " + ", ".join(_FACTOR_PHRASE.get(f, f) for f in m.factors[:2])
                       + (" (no gap there)" if gaps else ""))
    else:
        d["factor"] = "builds no protective factor the directory records"
    d["distance"] = "; ".join(by["distance"]) or (
        f"{m.distance_km:.1f} km away" if m.distance_km is not None else "distance not known")
    d["language"] = "; ".join(by["language"]) or ", ".join(m.languages) or "languages not listed"
    d["access"] = "; ".join(by["access"]) or "nothing stated about the family's barriers"
    urgent = [labels.get(c, c) for c in m.needs if urgency.get(c) in ("urgent", "soon")]
    d["urgency"] = ("answers " + ", ".join(urgent) + " (needed soon)") if urgent else \
        "answers no urgent need"
    return d


def waterfall(m: Match, *, weights: Mapping[str, float] | None = None,
              labels: Mapping[str, str] | None = None, urgency: Mapping[str, str] | None = None,
              gaps: Mapping[str, float] | None = None, width: int = 80) -> str:
    """A readable waterfall of one match's score: points per component and what drove each.

    Parameters
    ----------
    m : Match
    weights : mapping, optional
        Component weights (a component weighted 0 is marked as such).
    labels, urgency : mapping, optional
        Need code to label / to urgency (``"urgent"``, ``"soon"``, ``"routine"``).
    gaps : mapping, optional
        Factor gaps of the family (to say which built factors close a gap).
    width : int, default=80
    """
    labels, urgency, gaps = labels or {}, urgency or {}, gaps or {}
    lines = wrap(f"{m.service} — {m.organization}", width)
    by = classify_reasons(m)
    if m.pinned:
        lines.extend(wrap("Pinned first by a safety rule, whatever its score: "
                          + "; ".join(by["pin"] or ["safety resource"]), width, indent="  "))
    lines.append(f"  score {m.score:.3f} = the points below, added up")
    drivers = _drivers(m, labels, urgency, gaps)
    total = 0.0
    for c in COMPONENTS:
        pts = m.contributions.get(c, 0.0)
        total += pts
        bar = "█" * round(pts * 40)
        off = " (weight 0)" if weights is not None and not weights.get(c, 0.0) else ""
        head = f"  {c:<9}{pts:+.3f}  {_pad(bar, 16)} running {total:.3f}{off}"
        lines.append(fit(head, width))
        lines.extend(wrap(drivers[c], width, indent="      ↳ ", subsequent="        "))
    if m.warnings:
        lines.append("  Before referring:")
        for w in m.warnings:
            lines.extend(wrap(w, width, indent="    ! ", subsequent="      "))
    return "\n".join(lines)


# ------------------------------------------------------------------ text table
def _text_block(m: Match, width: int) -> list[str]:
    score = "pinned" if m.pinned else f"{m.score:.2f}"
    right = f"{score:>6} {where(m):>9}"
    room = width - len(right) - 1
    head = fit(f"{m.rank:>2}. {m.service}", room)
    lines = [_pad(head, room) + " " + right]
    sub = m.organization
    phone = _first_phone(m)
    if phone:
        sub += f" · {phone}"
    lines.extend(wrap(sub, width, indent="    "))
    if m.contact.get("address"):
        lines.extend(wrap(str(m.contact["address"]), width, indent="    "))
    lines.extend(wrap("; ".join(m.reasons), width, indent="    "))
    for w in m.warnings:
        lines.extend(wrap(w, width, indent="    ! ", subsequent="      "))
    return lines


def text_table(result: MatchResult, *, width: int = 80) -> str:
    """The result as plain text; no line is wider than ``width`` display columns."""
    width = max(40, width)
    lines: list[str] = []
    if result.needs:
        needs = ", ".join(f"{n.code} ({n.urgency})" for n in result.needs)
        lines.extend(wrap("Needs: " + needs, width, subsequent="  "))
    if result.pinned:
        lines.append("=" * width)
        lines.append("PINNED FOR SAFETY — offer these first".center(width).rstrip())
        lines.append("=" * width)
        for m in result.pinned:
            lines.extend(_text_block(m, width))
    lines.append("-" * width)
    lines.append(_pad(" #  service", width - 16) + f"{'score':>6} {'distance':>9}")
    lines.append("-" * width)
    if not result.matches:
        lines.append("No services passed the rules for this family.")
    for m in result.matches:
        lines.extend(_text_block(m, width))
    lines.append("-" * width)
    for note in result.notes:
        lines.extend(wrap("Note: " + note, width, subsequent="  "))
    if result.excluded:
        lines.extend(wrap(f"{len(result.excluded)} offerings left out by the rules "
                          "(see result.excluded, or result.explain(name)).", width))
    return "\n".join(lines)


# ------------------------------------------------------------------ HTML
def _esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _bar(m: Match) -> str:
    parts = []
    for c in COMPONENTS:
        pts = m.contributions.get(c, 0.0)
        if pts <= 0:
            continue
        parts.append(f"<span title='{_esc(c)} {pts:.3f}' style='display:inline-block;height:10px;"
                     f"width:{pts * 120:.1f}px;background:{COLORS[c]}'></span>")
    return ("<span style='white-space:nowrap;display:inline-block;background:#f3f4f6;"
            "width:120px'>" + "".join(parts) + "</span>")


def _how(m: Match) -> str:
    how = str(m.contact.get("how_to_apply") or "")
    if len(how) > 140:
        how = how[:139].rstrip() + "…"
    bits = [f"<small>{_esc(how)}</small>"] if how else []
    phone = _first_phone(m)
    if phone:
        bits.append(f"<small>☎ {_esc(phone)}</small>")
    return "<br>".join(bits)


_TD = "style='text-align:left;vertical-align:top;padding:2px 6px'"


def _row(m: Match) -> str:
    warn = "".join(f"<div style='color:#b45309'>⚠ {_esc(w)}</div>" for w in m.warnings)
    score = "pinned" if m.pinned else f"{m.score:.2f}"
    reasons = "".join(f"<li>{_esc(r)}</li>" for r in m.reasons)
    return (
        "<tr>"
        f"<td {_TD}>{m.rank}</td>"
        f"<td {_TD}><b>{_esc(m.service)}</b><br><small>{_esc(m.organization)}</small></td>"
        f"<td {_TD}>{_esc(where(m))}</td><td {_TD}>{_esc(', '.join(m.languages[:6]))}</td>"
        f"<td {_TD}>{_how(m)}</td><td {_TD}>{_esc(score)}<br>{_bar(m)}</td>"
        f"<td {_TD}><ul style='margin:0;padding-left:1.1em'>{reasons}</ul>{warn}</td>"
        "</tr>"
    )


_HEAD = ("<thead><tr>" + "".join(
    f"<th {_TD}>{h}</th>" for h in ("#", "Service / organization", "Distance", "Languages",
                                    "How to get in", "Score", "Why")) + "</tr></thead>")


def _table(rows: Iterable[Match]) -> str:
    return ("<table style='border-collapse:collapse;font-size:90%'>" + _HEAD + "<tbody>"
            + "".join(_row(m) for m in rows) + "</tbody></table>")


def _legend() -> str:
    return ("<div style='font-size:80%;color:#374151;margin:2px 0'>Score bar: "
            + " ".join(f"<span style='display:inline-block;width:9px;height:9px;"
                       f"background:{COLORS[c]}'></span> {_esc(c)}" for c in COMPONENTS)
            + "</div>")


def html_table(result: MatchResult | Sequence[Match], *, max_rows: int = MAX_HTML_ROWS) -> str:
    """A compact HTML table for notebooks (escaped; no JavaScript, no external CSS)."""
    pinned: list[Match] = list(getattr(result, "pinned", []))
    matches: list[Match] = list(getattr(result, "matches", result))
    notes: list[str] = list(getattr(result, "notes", []))
    excluded: list[Any] = list(getattr(result, "excluded", []))
    out = ["<div class='pfmatch-result'>"]
    if pinned:
        out.append("<div style='border:2px solid #dc2626;background:#fef2f2;padding:4px;"
                   "margin-bottom:6px'><b>Pinned for safety — offer these first</b>"
                   + _table(pinned) + "</div>")
    rows = matches[:max_rows]
    if rows:
        out.append(_legend())
        out.append(_table(rows))
    else:
        out.append("<p>No services passed the rules for this family.</p>")
    if len(matches) > max_rows:
        out.append(f"<p>… {len(matches) - max_rows} more (use .to_frame())</p>")
    out.extend(f"<p><small>Note: {_esc(n)}</small></p>" for n in notes)
    if excluded:
        out.append(f"<p><small>{len(excluded)} offerings excluded by the rules — see "
                   ".excluded or .explain(name)</small></p>")
    out.append("</div>")
    return "".join(out)
