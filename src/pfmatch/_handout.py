"""The family-facing referral sheet: :meth:`MatchResult.to_handout`.

A plain, printable page (HTML or Markdown) in English or Spanish.  It carries
no scores, no ranks' reasons, no needs, no screening results and no family
details: only a first name, when the coordinator passes one.  For each service
it says what it is, how to get there (address and bus note) or how to reach it
without a phone, hours, what to bring and cost.  Safety resources pinned by a
safety rule come first, under a neutral heading.

The fixed strings live in ``pfmatch/data/handout.toml`` (human translations
kept as data).  Provider text is shown as the directory lists it, escaped.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pfmatch._datafiles import load_toml
from pfmatch._errors import ConfigError
from pfmatch._offering import YES
from pfmatch._safe import safe_url

if TYPE_CHECKING:
    from pfmatch._directory import Directory
    from pfmatch._offering import Offering
    from pfmatch._results import Match, MatchResult

__all__ = ["LANGUAGES", "handout", "strings"]

#: Languages the sheet is written in.
LANGUAGES: tuple[str, ...] = ("en", "es")
FORMATS: tuple[str, ...] = ("html", "markdown")
_DAY = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
_MAX_NAME = 40


@functools.cache
def _doc() -> dict[str, Any]:
    return load_toml("handout.toml")


def strings(language: str) -> dict[str, Any]:
    """The fixed strings of the sheet in ``language`` ("en" or "es")."""
    if language not in LANGUAGES:
        raise ConfigError(f"The 'language' parameter of to_handout must be one of "
                          f"{', '.join(LANGUAGES)}; got {language!r}.")
    return dict(_doc()[language])


# ------------------------------------------------------------------ content model
@dataclass
class _Item:
    """One service on the sheet, as plain strings (not yet escaped)."""

    name: str
    organization: str
    what: str | None = None
    get_there: list[tuple[str, str | None]] = field(default_factory=list)  # (text, url)
    reach: list[tuple[str, str | None]] = field(default_factory=list)
    hours: str | None = None
    bring: str | None = None
    cost: str | None = None
    start: str | None = None
    languages: str | None = None
    good_to_know: list[str] = field(default_factory=list)


def _short(text: str | None, n: int = 240) -> str | None:
    if not text:
        return None
    t = " ".join(str(text).split())
    if len(t) <= n:
        return t
    cut = t[:n]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > n // 2 else cut.rstrip(" ,;.") + "…"


def _hours(o: Offering | None, m: Match, s: dict[str, Any]) -> str:
    raw = (o.hours if o is not None else None) or m.contact.get("hours")
    if (o is not None and o.attr("open_24_7") == YES) or raw == "Mon-Sun 00:00-23:59":
        return str(s["open_24_7"])
    if not raw:
        return str(s["hours_unknown"])
    days = s["days"]
    return _DAY.sub(lambda x: str(days[x.group(1)]), str(raw))


def _cost(o: Offering | None, s: dict[str, Any]) -> str:
    if o is None:
        return str(s["cost_unknown"])
    if o.attr("free") == YES:
        return str(s["cost_free"])
    if o.attr("sliding_scale") == YES:
        return str(s["cost_sliding"])
    if o.attr("fee") == YES:
        fees = _short(o.fees, 120)
        return f"{s['cost_fee']}: {fees}" if fees else str(s["cost_fee"])
    return str(s["cost_unknown"])


def _url(u: Any) -> str | None:
    """A web link to print: a safe URL (one definition, :func:`pfmatch._safe.safe_url`) on http(s)."""
    u = safe_url(u) or ""
    return u if re.match(r"^https?://[^\s<>\"']+$", u) else None


def _item(m: Match, o: Offering | None, s: dict[str, Any], language: str) -> _Item:
    from pfmatch._languages import language_name

    it = _Item(name=m.service, organization=m.organization)
    if o is not None:
        it.what = _short(o.description) or (", ".join(o.taxonomy_names[:2]) or None)
    # how to get there
    address = m.contact.get("address")
    if o is not None and o.confidential:
        it.get_there.append((str(s["confidential"]), None))
    elif o is not None and o.attr("home_visit") == YES:
        it.get_there.append((str(s["home_visit"]), None))
    elif (o is not None and o.remote) or (o is None and not address):
        it.get_there.append((str(s["remote"]), None))
    elif address:
        it.get_there.append((str(address), None))
        if o is not None and o.transportation:
            it.get_there.append((f"{s['transit']}: {_short(o.transportation, 160)}", None))
    else:
        it.get_there.append((str(s["no_address"]), None))
    # how to reach them: every way, phone-free ones included
    if o is not None and o.attr("walk_in") == YES and not o.confidential and not o.remote:
        it.reach.append((str(s["walk_in"]), None))
    for p in m.contact.get("phones") or []:
        number = str(p.get("number") or "").strip()
        if not number:
            continue
        verb = s["text"] if str(p.get("type") or "").lower() in ("text", "sms") else s["call"]
        desc = _short(p.get("description"), 60)
        it.reach.append((f"{verb} {number}" + (f" ({desc})" if desc else ""), None))
    url = _url(m.contact.get("url"))
    if url:
        it.reach.append((f"{s['website']}: {url}", url))
    if m.contact.get("email"):
        it.reach.append((f"{s['email']}: {m.contact['email']}", None))
    it.hours = _hours(o, m, s)
    docs = list(o.required_documents) if o is not None else []
    it.bring = "; ".join(docs[:6]) if docs else str(s["bring_none"])
    it.cost = _cost(o, s)
    it.start = _short(m.contact.get("how_to_apply"), 240)
    if m.languages:
        it.languages = ", ".join(language_name(c, lang=language) for c in m.languages[:6])
    if o is not None:
        if o.attr("waitlist") == YES:
            it.good_to_know.append(str(s["waitlist"]))
        if o.attr("appointment_required") == YES and o.attr("walk_in") != YES:
            it.good_to_know.append(str(s["appointment"]))
    return it


# ------------------------------------------------------------------ renderers
def _e(x: object) -> str:
    return html.escape("" if x is None else str(x), quote=True)


_CSS = """
body{font-family:Georgia,'Times New Roman',serif;font-size:13pt;line-height:1.4;
max-width:48em;margin:1.5em auto;padding:0 1em;color:#000;background:#fff}
h1{font-size:20pt;margin:0 0 .2em}h2{font-size:15pt;margin:1em 0 .4em}
h3{font-size:13.5pt;margin:0}.org{margin:0 0 .4em;font-style:italic}
.meta{margin:.2em 0 1em}.crisis{border:3px solid #000;padding:.4em .8em;margin:1em 0}
.service{border-top:1px solid #555;padding:.6em 0;page-break-inside:avoid;break-inside:avoid}
dl{margin:0;display:grid;grid-template-columns:10em 1fr;gap:.15em .8em}dt{font-weight:bold}
dd{margin:0}ul{margin:.2em 0;padding-left:1.2em}.note{font-size:11pt;margin-top:1.5em}
@media print{body{margin:0;max-width:none}a{color:#000;text-decoration:none}}
""".strip()


def _html_lines(lines: list[tuple[str, str | None]]) -> str:
    out = []
    for text, url in lines:
        if url:
            label, _, _ = text.partition(": ")
            out.append(f"{_e(label)}: <a href=\"{_e(url)}\">{_e(url)}</a>")
        else:
            out.append(_e(text))
    return "<br>".join(out)


def _html(pins: list[_Item], items: list[_Item], s: dict[str, Any], name: str | None) -> str:
    parts = [f"<!DOCTYPE html><html lang=\"{_e(s['lang'])}\"><head><meta charset=\"utf-8\">",
             f"<title>{_e(s['title'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_e(s['title'])}</h1><p class=\"meta\">"]
    meta = []
    if name:
        meta.append(_e(s["prepared_for"].format(name=name)))
    meta.append(f"{_e(s['date'])}: ____________")
    meta.append(f"{_e(s['coordinator'])}: ______________________")
    parts.append("<br>".join(meta) + "</p>")
    if pins:
        parts.append(f"<section class=\"crisis\"><h2>{_e(s['crisis_heading'])}</h2>"
                     f"<p><b>{_e(s['emergency'])}</b></p><ul>")
        for it in pins:
            reach = _html_lines(it.reach)
            parts.append(f"<li><b>{_e(it.name)}</b>"
                         + (f" — {_e(it.organization)}" if it.organization != it.name else "")
                         + (f"<br>{reach}" if reach else "")
                         + f"<br>{_e(s['hours'])}: {_e(it.hours)}</li>")
        parts.append("</ul></section>")
    parts.append(f"<h2>{_e(s['services_heading'])}</h2>")
    if not items:
        parts.append(f"<p>{_e(s['none'])}</p>")
    for n, it in enumerate(items, 1):
        rows = [(s["what"], _e(it.what) if it.what else None),
                (s["get_there"], _html_lines(it.get_there)),
                (s["reach"], _html_lines(it.reach) or None),
                (s["hours"], _e(it.hours)),
                (s["bring"], _e(it.bring)),
                (s["cost"], _e(it.cost)),
                (s["start"], _e(it.start) if it.start else None),
                (s["languages"], _e(it.languages) if it.languages else None),
                (s["good_to_know"], "<br>".join(_e(g) for g in it.good_to_know) or None)]
        dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
        parts.append(f"<section class=\"service\"><h3>{n}. {_e(it.name)}</h3>"
                     f"<p class=\"org\">{_e(it.organization)}</p><dl>{dl}</dl></section>")
    parts.append(f"<p class=\"note\">{_e(s['provider_note'])} {_e(s['footer'])}</p>")
    parts.append("</body></html>")
    return "".join(parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def _md(x: object) -> str:
    """Escape text for Markdown: neutralize HTML and Markdown syntax."""
    t = html.escape("" if x is None else " ".join(str(x).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", t)


def _markdown(pins: list[_Item], items: list[_Item], s: dict[str, Any], name: str | None) -> str:
    out = [f"# {_md(s['title'])}", ""]
    if name:
        out += [_md(s["prepared_for"].format(name=name)) + "  "]
    out += [f"{_md(s['date'])}: \\_\\_\\_\\_\\_\\_\\_\\_  ",
            f"{_md(s['coordinator'])}: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_", ""]
    if pins:
        out += [f"## {_md(s['crisis_heading'])}", "", f"**{_md(s['emergency'])}**", ""]
        for it in pins:
            org = f" — {_md(it.organization)}" if it.organization != it.name else ""
            out.append(f"- **{_md(it.name)}**{org}")
            out.extend(f"  - {_md(text)}" for text, _ in it.reach)
            out.append(f"  - {_md(s['hours'])}: {_md(it.hours)}")
        out.append("")
    out += [f"## {_md(s['services_heading'])}", ""]
    if not items:
        out += [_md(s["none"]), ""]
    for n, it in enumerate(items, 1):
        out += [f"### {n}. {_md(it.name)}", "", f"*{_md(it.organization)}*", ""]
        rows: list[tuple[str, list[str]]] = [
            (s["what"], [it.what] if it.what else []),
            (s["get_there"], [t for t, _ in it.get_there]),
            (s["reach"], [t for t, _ in it.reach]),
            (s["hours"], [it.hours or ""]),
            (s["bring"], [it.bring or ""]),
            (s["cost"], [it.cost or ""]),
            (s["start"], [it.start] if it.start else []),
            (s["languages"], [it.languages] if it.languages else []),
            (s["good_to_know"], it.good_to_know)]
        for label, vals in rows:
            vals = [v for v in vals if v]
            if not vals:
                continue
            if len(vals) == 1:
                out.append(f"- **{_md(label)}:** {_md(vals[0])}")
            else:
                out.append(f"- **{_md(label)}:**")
                out.extend(f"  - {_md(v)}" for v in vals)
        out.append("")
    out += ["---", "", f"{_md(s['provider_note'])} {_md(s['footer'])}", ""]
    return "\n".join(out)


def handout(result: MatchResult, directory: Directory | None = None, *, language: str = "en",
            first_name: str | None = None, format: str = "html") -> str:
    """Render the referral sheet (see :meth:`MatchResult.to_handout`)."""
    from pfmatch._map import offering_lookup

    s = strings(language)
    if format not in FORMATS:
        raise ConfigError(f"The 'format' parameter of to_handout must be one of "
                          f"{', '.join(FORMATS)}; got {format!r}.")
    name: str | None = None
    if first_name is not None:
        if not isinstance(first_name, str):
            raise ConfigError("The 'first_name' parameter of to_handout must be a string.")
        name = " ".join(first_name.split())[:_MAX_NAME] or None
    lookup = offering_lookup(directory)
    pins = [_item(m, lookup.get((m.service_id, m.location_id)), s, language)
            for m in result.pinned]
    items = [_item(m, lookup.get((m.service_id, m.location_id)), s, language)
             for m in result.matches]
    if format == "markdown":
        return _markdown(pins, items, s, name)
    return _html(pins, items, s, name)
