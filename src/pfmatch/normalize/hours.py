"""Opening hours: evening / weekend / open_24_7, and a display string.

Structured ``schedules`` first (``byday`` + ``opens_at`` / ``closes_at``; 1.1
``weekday`` names or numbers are accepted too).  Evening = closes after 17:00
on some day (or closes past midnight); weekend = open on SA or SU; open_24_7 =
all seven days 00:00-24:00.  With structured times, a missing evening or weekend
is NO.  Text ("Mon-Fri 9am-5pm", "M-F 8:30am-7:00pm", "Saturdays 10-2",
"24 hours", "24/7", "Tuesday evenings", "Sunday: Closed Monday: 9:00-17:00")
sets YES; it sets NO only when it reads as a full weekly timetable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pfmatch._offering import NO, UNKNOWN, YES, Tri
from pfmatch.normalize._text import as_list, as_str, squash

__all__ = ["HoursParse", "hours_attributes", "parse_hours_text", "parse_time"]

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_LABEL = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat",
              "SU": "Sun"}
_DAY_WORDS = {
    "mo": "MO", "mon": "MO", "monday": "MO", "mondays": "MO", "m": "MO",
    "tu": "TU", "tue": "TU", "tues": "TU", "tuesday": "TU", "tuesdays": "TU",
    "we": "WE", "wed": "WE", "weds": "WE", "wednesday": "WE", "wednesdays": "WE", "w": "WE",
    "th": "TH", "thu": "TH", "thur": "TH", "thurs": "TH", "thursday": "TH", "thursdays": "TH",
    "fr": "FR", "fri": "FR", "friday": "FR", "fridays": "FR", "f": "FR",
    "sa": "SA", "sat": "SA", "saturday": "SA", "saturdays": "SA",
    "su": "SU", "sun": "SU", "sunday": "SU", "sundays": "SU",
}
_DAY_RX = (r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|"
           r"mon|tues?|weds?|thurs?|thu|fri|sat|sun|mo|tu|we|th|fr|sa|su|m|w|f)\.?")
_DAYSPEC = re.compile(
    r"(?<![\w])(" + _DAY_RX + r"(?:\s*(?:-|–|to|through|thru|,|&|and|/)\s*" + _DAY_RX + r")*)"
    r"(?![\w])\s*:?\s*",
    re.IGNORECASE,
)
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|noon|midnight)?"
_RANGE = re.compile(_TIME + r"\s*(?:-|–|to|until)\s*" + _TIME, re.IGNORECASE)
_CLOSED = re.compile(r"^\s*closed\b", re.IGNORECASE)
_ALWAYS = re.compile(r"\b24\s*/\s*7\b|\b24\s*(?:hours?|hrs?)\b(?:\s*(?:a|per)\s*day)?|"
                     r"\b24/7/365\b|\baround the clock\b|\bopen all day and night\b",
                     re.IGNORECASE)
_EVENING = re.compile(r"\bevenings?\b|\bnights?\b|\bafter\s+(?:5|6|7)\s*(?:pm|p\.m\.)?|"
                      r"\buntil\s+(?:[6-9]|1[01])(?::\d\d)?\s*(?:pm|p\.m\.)", re.IGNORECASE)
_WEEKEND = re.compile(r"\bweekends?\b|\bsaturdays?\b|\bsundays?\b|\bsat\b|\bsun\b", re.IGNORECASE)
_NO_WEEKEND = re.compile(r"\bclosed\s+(?:on\s+)?(?:weekends|saturdays?\s+and\s+sundays?)\b",
                         re.IGNORECASE)


def parse_time(value: Any) -> float | None:
    """Hours since midnight for "08:00", "17:00:00", "4:00 PM", "3pm", "noon"; else None."""
    s = as_str(value).lower().replace(" ", "")
    if not s:
        return None
    if s in ("noon", "12noon"):
        return 12.0
    if s == "midnight":
        return 24.0
    m = re.fullmatch(r"(\d{1,2})(?:[:.]?(\d{2}))?(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?"
                     r"(a\.?m\.?|p\.?m\.?)?", s)
    if not m:
        return None
    h, mins, ap = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    if ap:
        if h > 12:
            return None
        if ap.startswith("p") and h != 12:
            h += 12
        if ap.startswith("a") and h == 12:
            h = 0
    if h > 24 or mins > 59:
        return None
    return h + mins / 60.0


def _days(spec: str) -> list[str]:
    words = re.findall(r"[a-z]+", spec.lower())
    out: list[str] = []
    parts = re.split(r"\s*(-|–|to|through|thru)\s*", spec.lower())
    # Walk ranges: "mon-fri", "m-f", "monday through friday".
    if len(parts) >= 3 and any(p in ("-", "–", "to", "through", "thru") for p in parts):
        tokens = [re.findall(r"[a-z]+", p) for p in parts]
        prev: str | None = None
        pending = False
        for tok in tokens:
            if tok and tok[0] in ("to", "through", "thru") and len(tok) == 1:
                pending = True
                continue
            if not tok:
                pending = True
                continue
            for w in tok:
                d = _DAY_WORDS.get(w)
                if d is None:
                    continue
                if pending and prev is not None:
                    i, j = DAYS.index(prev), DAYS.index(d)
                    rng = DAYS[i:j + 1] if i <= j else DAYS[i:] + DAYS[:j + 1]
                    out.extend(x for x in rng if x not in out)
                    pending = False
                elif d not in out:
                    out.append(d)
                prev = d
        return out
    for w in words:
        d = _DAY_WORDS.get(w)
        if d and d not in out:
            out.append(d)
    return out


def _range_hours(m: re.Match[str]) -> tuple[float, float] | None:
    h1, m1, ap1, h2, m2, ap2 = m.groups()
    a, b = int(h1), int(h2)
    if a > 24 or b > 24:
        return None
    start = a + int(m1 or 0) / 60.0
    end = b + int(m2 or 0) / 60.0
    ap1 = (ap1 or "").lower()
    ap2 = (ap2 or "").lower()
    if ap2.startswith("p") and b < 12:
        end += 12
    if ap2 == "noon":
        end = 12.0
    if ap1.startswith("p") and a < 12:
        start += 12
    if not ap1 and ap2.startswith("p") and a < 12 and start + 12 < end:
        start += 12  # "6-9pm"
    if not ap2 and not ap1 and m2 is None and b <= 7:
        end += 12    # "10-2", "9-5"
    elif not ap2 and end < start and end + 12 <= 24:
        end += 12
    return start, end


class HoursParse:
    """Open intervals per weekday parsed from text."""

    __slots__ = ("always", "days", "evening_word", "no_weekend", "weekend_word")

    def __init__(self) -> None:
        self.days: dict[str, list[tuple[float, float]]] = {}
        self.always = False
        self.evening_word = False
        self.weekend_word = False
        self.no_weekend = False


@lru_cache(maxsize=4096)
def parse_hours_text(text: str) -> HoursParse:
    """Parse free-text hours.  Never raises."""
    hp = HoursParse()
    if not isinstance(text, str) or not text.strip():
        return hp
    hp.always = bool(_ALWAYS.search(text))
    hp.evening_word = bool(_EVENING.search(text))
    hp.no_weekend = bool(_NO_WEEKEND.search(text))
    hp.weekend_word = bool(_WEEKEND.search(text)) and not hp.no_weekend
    pos = 0
    for dm in _DAYSPEC.finditer(text):
        if dm.start() < pos or not dm.group(1).strip():
            continue
        days = _days(dm.group(1))
        if not days:
            continue
        # Single letters ("m", "w", "f") only count in a range such as "M-F".
        if len(dm.group(1).strip()) == 1:
            continue
        rest = text[dm.end(): dm.end() + 60]
        if _CLOSED.match(rest):
            for d in days:
                hp.days.setdefault(d, [])
            pos = dm.end()
            continue
        rm = _RANGE.match(rest) or _RANGE.match(re.sub(r"^(?:from|,)\s*", "", rest))
        if rm:
            hrs = _range_hours(rm)
            if hrs:
                for d in days:
                    hp.days.setdefault(d, []).append(hrs)
                # Further ranges for the same days: "8:30-12:00 , 13:00-17:00".
                tail = rest[rm.end():]
                while True:
                    more = re.match(r"\s*[,&]\s*(?:and\s+)?" + _RANGE.pattern, tail, re.IGNORECASE)
                    if not more:
                        break
                    h2 = _range_hours(_RANGE.match(tail[more.start():].lstrip(" ,&and")) or more)
                    if h2:
                        for d in days:
                            hp.days[d].append(h2)
                    tail = tail[more.end():]
        pos = dm.end()
    return hp


def _format(day_hours: dict[str, list[tuple[float, float]]]) -> str:
    def hhmm(x: float) -> str:
        if x == 24.0:
            return "24:00"
        h = int(x) % 24
        m = round((x - int(x)) * 60)
        return f"{h:02d}:{m:02d}"

    groups: list[tuple[list[str], str]] = []
    for d in DAYS:
        if d not in day_hours or not day_hours[d]:
            continue
        label = ", ".join(f"{hhmm(a)}-{hhmm(b)}" for a, b in sorted(day_hours[d]))
        if groups and groups[-1][1] == label and DAYS.index(groups[-1][0][-1]) == DAYS.index(d) - 1:
            groups[-1][0].append(d)
        else:
            groups.append(([d], label))
    parts = []
    for ds, label in groups:
        name = _DAY_LABEL[ds[0]] if len(ds) == 1 else f"{_DAY_LABEL[ds[0]]}-{_DAY_LABEL[ds[-1]]}"
        parts.append(f"{name} {label}")
    return "; ".join(parts)


def _schedule_days(s: dict[str, Any]) -> list[str]:
    out: list[str] = []
    byday = s.get("byday")
    if isinstance(byday, str) and byday.strip():
        for tok in re.split(r"[,\s]+", byday.strip()):
            d = _DAY_WORDS.get(re.sub(r"^[+-]?\d+", "", tok).lower())
            if d and d not in out:
                out.append(d)
    wd = s.get("weekday")
    if wd is not None and str(wd).strip():
        w = str(wd).strip().lower()
        if w.isdigit() and 1 <= int(w) <= 7:
            # HSDS 1.1: 1 = Monday ... 7 = Sunday (ISO).  0 is treated as Sunday.
            out.append(DAYS[int(w) - 1])
        elif w == "0":
            out.append("SU")
        elif w in _DAY_WORDS:
            out.append(_DAY_WORDS[w])
    return out


def hours_attributes(schedules: Iterable[Any], texts: Iterable[str]
                     ) -> tuple[dict[str, Tri], str | None]:
    """``evening``, ``weekend``, ``open_24_7`` and the display hours string.

    Parameters
    ----------
    schedules : iterable of list
        ``schedules`` arrays (service, service_at_location, location).
    texts : iterable of str
        Hours text (schedule descriptions, an "HOURS:" line of a description).
    """
    day_hours: dict[str, list[tuple[float, float]]] = {}
    descriptions: list[str] = []
    structured = False
    for sched_list in schedules:
        for s in as_list(sched_list):
            desc = as_str(s.get("description"))
            if desc:
                descriptions.append(desc)
            days = _schedule_days(s)
            o, c = parse_time(s.get("opens_at")), parse_time(s.get("closes_at"))
            if s.get("closed") in (True, "true", "TRUE", "1"):
                continue
            if not days and o is not None and c is not None and \
                    as_str(s.get("freq")).upper() in ("", "DAILY"):
                days = list(DAYS) if as_str(s.get("freq")).upper() == "DAILY" else []
            if days and o is not None and c is not None:
                structured = True
                if c <= o:      # closes past midnight ("9am-03:00") or 00:00-00:00
                    c += 24.0
                for d in days:
                    day_hours.setdefault(d, []).append((o, c))
    text_all = [t for t in (*descriptions, *texts) if t]
    parsed = [parse_hours_text(t) for t in text_all]
    always = any(p.always for p in parsed)
    text_days: dict[str, list[tuple[float, float]]] = {}
    for p in parsed:
        for d, iv in p.days.items():
            text_days.setdefault(d, []).extend(iv)
    if not structured and any(text_days.values()):
        day_hours = text_days
    timetable = structured or sum(1 for v in text_days.values() if v) >= 3 or \
        len(text_days) >= 5
    if day_hours and all(
        d in day_hours and any(a <= 0.0 and b >= 23.98 for a, b in day_hours[d]) for d in DAYS
    ):
        always = True
    evening: Tri = UNKNOWN
    weekend: Tri = UNKNOWN
    if always:
        evening = weekend = YES
    else:
        if any(b > 17.0 for iv in day_hours.values() for _, b in iv) or \
                any(p.evening_word for p in parsed):
            evening = YES
        elif timetable and day_hours:
            evening = NO
        if any(day_hours.get(d) for d in ("SA", "SU")) or any(p.weekend_word and not p.days
                                                              for p in parsed):
            weekend = YES
        elif (timetable and day_hours) or any(p.no_weekend for p in parsed):
            weekend = NO
    open_24_7: Tri = YES if always else (NO if structured and day_hours else UNKNOWN)
    if day_hours:
        display: str | None = _format(day_hours)
        if always and not structured:
            display = "24 hours, 7 days"
    elif always:
        display = "24 hours, 7 days"
    else:
        display = squash(descriptions[0])[:200] if descriptions else None
    return {"evening": evening, "weekend": weekend, "open_24_7": open_24_7}, display
