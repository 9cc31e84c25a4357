"""Accessibility, transit, on-site child care, waiting lists, documents, confidentiality."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pfmatch._offering import NO, UNKNOWN, YES, Tri
from pfmatch.normalize._casefold import lowered
from pfmatch.normalize._text import as_list, as_str

__all__ = [
    "accessibility_attributes",
    "childcare_onsite",
    "documents_required",
    "is_confidential",
    "transit",
    "waitlist",
    "wheelchair_text",
]

_I = re.IGNORECASE
_WHEELCHAIR_NO = re.compile(r"\bnot (?:wheel\s*chair |ada |handicap(?:ped)? )?accessible\b|"
                            r"\bno (?:wheel\s*chair|ada|handicap(?:ped)?) acc\w*|\binaccessible\b|"
                            r"\bstairs only\b|\bnot accessible (?:to|for) wheel\s*chairs?\b|"
                            r"\bno (?:elevator|ramp)s?\b", _I)
#: In a structured accessibility field a bare "wheelchair" (HSDS 1.1 enum) says it.
_WHEELCHAIR = re.compile(r"\bwheel\s*chair\b|\bwheelchair_van\b|\bada[- ](?:accessible|compliant)"
                         r"\b|\bhandicap(?:ped)?[- ]accessible\b|\bfully accessible\b|"
                         r"\bstep[- ]free\b|\baccessible entrance\b", _I)
#: In prose, "wheelchair" must be about access: "repair of wheelchairs" says nothing.
_WHEELCHAIR_TEXT = re.compile(
    r"\bwheel\s*chair[- ]accessib\w*|\bwheel\s*chair access\b(?!\s*(?:is )?(?:limited|to the))|"
    r"\baccessible (?:to|for) (?:people (?:in|using) )?wheel\s*chairs?\b|\bada[- ](?:accessible|"
    r"compliant)\b|\bhandicap(?:ped)?[- ]accessible\b|\bfully accessible\b|\bstep[- ]free\b|"
    r"\baccessible entrance\b", _I)
#: Access for some sites, floors or parts only: not a yes a family can count on.
_WHEELCHAIR_PARTIAL = re.compile(
    r"\blimited (?:wheel\s*chair |handicap(?:ped)? )?access|\b(?:some|one|not all|most) (?:of the )?"
    r"[\w ]{0,20}(?:are|is) (?:wheel\s*chair )?accessible\b|\bsites? vary\b|\bvar(?:y|ies) by "
    r"(?:site|location)\b|\bwheel\s*chair access is to\b|\bcall ahead for (?:a )?ramp\b|"
    r"\baccessible (?:meeting )?(?:locations|sites) (?:are )?listed\b", _I)
#: "WHEELCHAIR ACCESSIBILITY: <value>" lines of iCarol descriptions.
_WHEELCHAIR_LABEL = re.compile(r"\bwheel\s*chair a(?:c|s)+es+(?:ibility|ible)?\s*:[ \t]*([^\n]*)", _I)
_LABEL_YES = re.compile(r"^(?:yes|available|accessible|fully accessible|all (?:sites|locations))\b"
                        r"(?![^\n]*\b(?:except\w*|only|vary|some|most|limited|not all)\b)", _I)
_LABEL_NO = re.compile(r"^(?:no|none|not\b|n/a\b)", _I)
_ASL = re.compile(r"\bdeaf_interpreter\b|\bsign language\b|\basl\b|\bdeaf interpret\w*|"
                  r"\binterpreters? for (?:the )?deaf\b|\bsigning\b", _I)
_TTY = re.compile(r"\btty\b|\btdd\b|\btextphone\b|\brelay (?:service|line)\b|\b711\b|"
                  r"\bvideophone\b", _I)
_TRANSIT_NO = re.compile(r"\bno (?:public )?(?:transit|transportation|bus(?:es)?)\b|"
                         r"\bnot (?:on|near|accessible by) (?:a )?(?:public )?(?:transit|bus)", _I)
_TRANSIT = re.compile(r"\bbus(?:es|line)?\b|\bmetro\b|\brail\b|\btrain\b|\bsubway\b|\btransit\b|"
                      r"\blight rail\b|\btrolley\b|\bstreetcar\b|\bstops?\b|\bstation\b|\bbart\b|"
                      r"\bsamtrans\b|\bmuni\b|\bvta\b|\bcaltrain\b|\bmarta\b|\bmta\b|\bshuttle\b|"
                      r"\bline \d+\b|\broute \d+\b", _I)
_CHILDCARE_NO = re.compile(r"\bno (?:child ?care|babysitting)\b|\bchildren (?:are )?not "
                           r"(?:allowed|permitted)\b|\bno children\b|\bleave (?:your )?children\b",
                           _I)
_CHILDCARE = re.compile(r"\bchild ?care (?:is )?(?:provided|available|offered|on[- ]site)\b|"
                        r"\bon[- ]site child ?care\b|\bfree child ?care\b|\bbabysitting\b|"
                        r"\bchildren (?:are )?welcome\b|\bkids (?:are )?welcome\b|"
                        r"\bchild[- ]?watch\b|\bnursery (?:is )?(?:provided|available)\b|"
                        r"\bchildcare during\b|\bchild care during\b", _I)
_WAIT_NO = re.compile(r"^\s*(?:no(?:ne)?|no wait\w*|none\.?|immediate\w*|same[- ]day|n/?a)\b", _I)
_WAIT_YES = re.compile(r"\bwait(?:ing)?[- ]?list\b|\bwaitlist\b|\b\d+\s*(?:-\s*\d+\s*)?"
                       r"(?:days?|weeks?|months?|years?)\b|\bwait\b", _I)
_DOCS_NO = re.compile(r"\bno (?:documents?|documentation|id|identification|papers)\b[^.]*"
                      r"(?:required|needed|necessary)?|\bdocuments? (?:are )?not required\b", _I)
_DOCS = re.compile(r"\bbring (?:a |your |valid |photo |picture )*(?:id|identification|proof|"
                   r"documents?|birth certificates?|social security|pay ?stubs?)\b|\bproof of "
                   r"(?:income|residency|residence|address|identity|age|citizenship|insurance)\b|"
                   r"\b(?:id|identification|documents?|documentation) (?:is |are )?required\b|"
                   r"\bbirth certificates?\b|\bsocial security cards?\b|\bpicture id\b|\bphoto id\b|"
                   r"\bgovernment[- ]issued\b|\bpay ?stubs?\b|\bidentification\b", _I)
_CONFIDENTIAL = re.compile(r"\bconfidential (?:location|address|site|shelter)\b|\baddress (?:is )?"
                           r"(?:confidential|undisclosed|withheld|not disclosed|not published)\b|"
                           r"\bundisclosed (?:location|address|site)\b|\b(?:shelter )?location "
                           r"(?:is )?(?:confidential|undisclosed|not disclosed|kept confidential)\b|"
                           r"\bsecret location\b|\bsafe house\b", _I)
_DV = re.compile(r"\bdomestic (?:violence|abuse)\b|\bbattered\b|\bintimate partner\b|\bdv\b|"
                 r"\bsexual assault\b|\bhuman trafficking\b", _I)
_SHELTER = re.compile(r"\bshelters?\b|\bsafe house\b|\bsafehouse\b|\brefuge\b", _I)


#: Cheap substring pre-checks: a pattern cannot match a text with none of its keys.
_KEYS: dict[re.Pattern[str], tuple[str, ...]] = {
    _WHEELCHAIR_NO: ("accessible", "wheel", "ada", "handicap", "stairs", "elevator", "ramp"),
    _WHEELCHAIR: ("wheel", "ada", "handicap", "accessible", "step"),
    _WHEELCHAIR_TEXT: ("wheel", "ada", "handicap", "accessible", "step"),
    _WHEELCHAIR_PARTIAL: ("access", "vary", "varies", "ramp"),
    _WHEELCHAIR_LABEL: ("wheel",),
    _ASL: ("deaf", "sign", "asl"),
    _TTY: ("tty", "tdd", "textphone", "relay", "711", "videophone"),
    _CHILDCARE_NO: ("child", "babysit", "children"),
    _CHILDCARE: ("child", "babysit", "kids", "nursery"),
    _DOCS_NO: ("document", "id", "identification", "papers"),
    _DOCS: ("bring", "proof", "id", "identification", "document", "certificate", "social security",
            "government", "stub"),
    _CONFIDENTIAL: ("confidential", "undisclosed", "withheld", "disclosed", "published",
                    "secret", "safe house"),
    _DV: ("domestic", "battered", "intimate", "dv", "sexual", "trafficking"),
    _SHELTER: ("shelter", "safe", "refuge"),
}


@lru_cache(maxsize=8192)
def _lower(text: str) -> str:
    """``text.lower()``, once per text (one description is checked against many patterns)."""
    return text.lower()


@lru_cache(maxsize=65536)
def _has(rx: re.Pattern[str], text: str) -> bool:
    """Cached ``rx.search(text)`` with a substring pre-check (long descriptions)."""
    if not text:
        return False
    keys = _KEYS.get(rx)
    if keys is not None:
        low = _lower(text)
        for k in keys:   # a plain loop: a generator per call cost more than the regex it saves
            if k in low:
                break
        else:
            return False
    if text.isascii():
        twin = _twin(rx)
        if twin is not None:
            return twin.search(_lower(text)) is not None
    return rx.search(text) is not None


@lru_cache(maxsize=256)
def _twin(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern's twin for lower-cased ASCII text (faster; see ``_casefold``)."""
    return lowered(rx)


def _texts(items: Iterable[dict[str, Any]]) -> list[str]:
    out = []
    for it in items:
        for k in ("description", "details", "accessibility", "name", "value"):
            v = as_str(it.get(k))
            if v:
                out.append(v)
    return out


@lru_cache(maxsize=8192)
def wheelchair_text(text: str) -> Tri:
    """Wheelchair access as free text states it, with its polarity and scope.

    "WHEELCHAIR ACCESSIBILITY: Yes" / "wheelchair accessible" → YES; "not
    wheelchair accessible", "No wheelchair access", "WHEELCHAIR
    ACCESSIBILITY: No" → NO; access for some sites, floors or parts only
    ("Limited wheelchair access to the pool", "Main building only", "Service
    sites vary") and mentions that are not about access ("repair of
    wheelchairs") → UNKNOWN.
    """
    if not text:
        return UNKNOWN
    if _has(_WHEELCHAIR_LABEL, text):
        m = _WHEELCHAIR_LABEL.search(text)
        value = m.group(1).strip() if m else ""
        if _LABEL_NO.match(value):
            return NO
        if _LABEL_YES.match(value) and not _has(_WHEELCHAIR_PARTIAL, value):
            return YES
        if value:
            return UNKNOWN   # "Main building only", "Service sites vary": partial
    if _has(_WHEELCHAIR_NO, text):
        return NO
    if _has(_WHEELCHAIR_PARTIAL, text):
        return UNKNOWN
    return YES if _has(_WHEELCHAIR_TEXT, text) else UNKNOWN


def accessibility_attributes(accessibility: Any, texts: Iterable[str], *, asl_language: bool,
                             tty_phone: bool) -> dict[str, Tri]:
    """``wheelchair``, ``asl`` and ``tty``.

    Parameters
    ----------
    accessibility : list of dict
        ``location.accessibility`` (3.0 ``description``/``details``; 1.1 enum values).
    texts : iterable of str
        Other text (service description, language cells).
    asl_language : bool
        American Sign Language (``ase``) is among the offering's languages.
    tty_phone : bool
        A phone of type textphone / TTY.
    """
    acc = " ; ".join(_texts(as_list(accessibility)))
    other = " ; ".join(t for t in texts if t)
    wheel = wheelchair_text(other)
    if _has(_WHEELCHAIR_NO, acc):
        wheel = NO
    elif wheel == UNKNOWN and _has(_WHEELCHAIR, acc) and not _has(_WHEELCHAIR_PARTIAL, acc):
        wheel = YES
    asl: Tri = YES if asl_language or _has(_ASL, acc) or _has(_ASL, other) else UNKNOWN
    tty: Tri = YES if tty_phone or _has(_TTY, acc) or _has(_TTY, other) else UNKNOWN
    return {"wheelchair": wheel, "asl": asl, "tty": tty}


@lru_cache(maxsize=4096)
def transit(transportation: str) -> Tri:
    """YES when the transportation note names public transit near the site."""
    if not transportation:
        return UNKNOWN
    if _has(_TRANSIT_NO, transportation):
        return NO
    return YES if _has(_TRANSIT, transportation) else UNKNOWN


def childcare_onsite(texts: Iterable[str]) -> Tri:
    """On-site child care / children welcome during the service."""
    joined = " ; ".join(t for t in texts if t)
    if _has(_CHILDCARE_NO, joined):
        return NO
    return YES if _has(_CHILDCARE, joined) else UNKNOWN


def waitlist(wait_time: str, texts: Iterable[str]) -> Tri:
    """``wait_time`` first ("No wait." → NO, "2-4 weeks" / "waiting list" → YES), then text."""
    if wait_time:
        if _has(_WAIT_NO, wait_time) and not re.search(r"\bto\s+\d", wait_time):
            return NO
        if _has(_WAIT_YES, wait_time):
            return YES
    joined = " ; ".join(t for t in texts if t)
    if re.search(r"\bwait(?:ing)?[- ]?list\b|\bwaitlist\b", joined, _I):
        if re.search(r"\bno wait(?:ing)?[- ]?list\b", joined, _I):
            return NO
        return YES
    return UNKNOWN


def documents_required(required_documents: Any, texts: Iterable[str]) -> tuple[Tri, tuple[str, ...]]:
    """(documents_required, the document names)."""
    docs = tuple(d for d in (as_str(x.get("document")) for x in as_list(required_documents)) if d)
    if docs:
        return YES, docs
    joined = " ; ".join(t for t in texts if t)
    if _has(_DOCS_NO, joined):
        return NO, ()
    return (YES if _has(_DOCS, joined) else UNKNOWN), ()


def is_confidential(location_type: str, texts: Iterable[str], *, service_texts: Iterable[str],
                    taxonomy_names: Iterable[str]) -> bool:
    """Whether the location must be hidden.

    True for ``location_type == "redacted"``, for confidential-location phrases,
    and for a domestic-violence (or trafficking / sexual-assault) *shelter*
    named so in the service name, description or taxonomy: a DV shelter's
    address is never kept, even when the source forgot to say so.
    """
    if location_type.strip().lower() == "redacted":
        return True
    joined = " ; ".join(t for t in texts if t)
    if _has(_CONFIDENTIAL, joined):
        return True
    service = " ; ".join([*service_texts, *taxonomy_names])
    return bool(_has(_DV, service) and _has(_SHELTER, service))
