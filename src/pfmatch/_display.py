"""Plain-text and HTML renderings of a :class:`~pfmatch._results.MatchResult`.

Every provider string is HTML-escaped; the HTML uses no JavaScript and no
external CSS, so it renders in untrusted notebooks and on GitHub.
"""

from __future__ import annotations

import html
import textwrap
from typing import TYPE_CHECKING

from pfmatch._weights import COMPONENTS

if TYPE_CHECKING:
    from pfmatch._results import Match, MatchResult

__all__ = ["html_table", "text_table"]

MAX_HTML_ROWS = 50
COLORS = {"need": "#3b82f6", "factor": "#8b5cf6", "distance": "#10b981", "language": "#f59e0b",
          "access": "#ef4444", "urgency": "#6b7280"}


def _first_phone(m: Match) -> str:
    phones = m.contact.get("phones") or []
    return str(phones[0].get("number", "")) if phones else ""


def _text_block(m: Match, width: int) -> list[str]:
    dist = "" if m.distance_km is None else f"{m.distance_km:.1f} km"
    score = "" if m.pinned else f"{m.score:.2f}"
    head = f"{m.rank:>2}. {m.service}"
    right = f"{score:>5} {dist:>8}"
    room = width - len(right) - 1
    if len(head) > room:
        head = head[: room - 1] + "…"
    lines = [head.ljust(room) + " " + right]
    sub = m.organization
    phone = _first_phone(m)
    if phone:
        sub += f" · {phone}"
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    lines.extend(wrap.wrap(sub))
    lines.extend(wrap.wrap("; ".join(m.reasons)))
    warn = textwrap.TextWrapper(width=width, initial_indent="    ! ", subsequent_indent="      ")
    for w in m.warnings:
        lines.extend(warn.wrap(w))
    return lines


def text_table(result: MatchResult, *, width: int = 80) -> str:
    """The result as plain text that fits ``width`` columns."""
    width = max(40, width)
    lines: list[str] = []
    if result.needs:
        needs = ", ".join(f"{n.code} ({n.urgency})" for n in result.needs)
        lines.extend(textwrap.wrap("Needs: " + needs, width=width, subsequent_indent="  "))
    if result.pinned:
        lines.append("=" * width)
        lines.append("PINNED FOR SAFETY — offer these first".center(width))
        lines.append("=" * width)
        for m in result.pinned:
            lines.extend(_text_block(m, width))
    lines.append("-" * width)
    lines.append(f"{'#':>2}  {'service':<{width - 20}}{'score':>5} {'distance':>8}"[:width])
    lines.append("-" * width)
    if not result.matches:
        lines.append("No services passed the rules for this family.")
    for m in result.matches:
        lines.extend(_text_block(m, width))
    lines.append("-" * width)
    for note in result.notes:
        lines.extend(textwrap.wrap("Note: " + note, width=width, subsequent_indent="  "))
    if result.excluded:
        lines.append(f"{len(result.excluded)} offerings left out (see --explain output / result.excluded).")
    return "\n".join(lines)


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
    return "<span style='white-space:nowrap'>" + "".join(parts) + "</span>"


def _row(m: Match) -> str:
    dist = "" if m.distance_km is None else f"{m.distance_km:.1f} km"
    how = m.contact.get("how_to_apply") or ""
    warn = "".join(f"<div style='color:#b45309'>⚠ {_esc(w)}</div>" for w in m.warnings)
    score = "" if m.pinned else f"{m.score:.2f}"
    return (
        "<tr>"
        f"<td>{m.rank}</td><td><b>{_esc(m.service)}</b><br><small>{_esc(m.organization)}</small></td>"
        f"<td>{_esc(dist)}</td><td>{_esc(', '.join(m.languages))}</td>"
        f"<td><small>{_esc(how[:120])}</small></td><td>{score}<br>{_bar(m)}</td>"
        f"<td><small>{_esc('; '.join(m.reasons))}</small>{warn}</td>"
        "</tr>"
    )


def html_table(result: MatchResult) -> str:
    """A compact HTML table for notebooks."""
    head = ("<tr><th>#</th><th>Service</th><th>Distance</th><th>Languages</th>"
            "<th>How to get in</th><th>Score</th><th>Why</th></tr>")
    out = ["<div class='pfmatch-result'>"]
    if result.pinned:
        out.append("<div style='border:2px solid #dc2626;background:#fef2f2;padding:4px;margin-bottom:6px'>"
                   "<b>Pinned for safety — offer these first</b><table>" + head
                   + "".join(_row(m) for m in result.pinned) + "</table></div>")
    rows = result.matches[:MAX_HTML_ROWS]
    if rows:
        out.append("<table>" + head + "".join(_row(m) for m in rows) + "</table>")
    else:
        out.append("<p>No services passed the rules for this family.</p>")
    if len(result.matches) > MAX_HTML_ROWS:
        out.append(f"<p>… {len(result.matches) - MAX_HTML_ROWS} more (use .to_frame())</p>")
    out.extend(f"<p><small>{_esc(n)}</small></p>" for n in result.notes)
    if result.excluded:
        out.append(f"<p><small>{len(result.excluded)} offerings excluded — see .excluded</small></p>")
    out.append("</div>")
    return "".join(out)
