"""Delivery and intake modes.

Reads ``location_type`` (physical / virtual), ``schedule.attending_type``,
``phone.type`` ("text", "sms"; "cell"/"mobile" with "text" in the description),
``application_process`` and descriptions.  See ``docs/attributes.md`` for the
phrase list.  ``phone_only_intake`` is YES when the application process names
the phone and no other way in (walk-in, online, email, mail, referral, visit),
NO when it names another way, UNKNOWN when it says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pfmatch._offering import NO, UNKNOWN, YES, Tri
from pfmatch.normalize._text import as_list, as_str

__all__ = ["home_visit_text", "mode_attributes", "parse_intake_text"]

_I = re.IGNORECASE
_WALK_IN = re.compile(r"\bwalk[- ]?ins?\b|\bwalk in\b|\bdrop[- ]?ins?\b|\bno appointments? "
                      r"(?:is |are )?(?:needed|necessary|required)\b|\bfirst[- ]come,?[- ]first[- ]"
                      r"served\b|\bwithout an appointment\b|\bjust come\b|\bcome in\b", _I)
_NO_WALK_IN = re.compile(r"\bno walk[- ]?ins?\b|\bwalk[- ]?ins? (?:are )?not\b|\bappointments? "
                         r"only\b|\bby appointment only\b|\bonly by appointment\b|"
                         r"\b(?:do not|don't|don\u2019t|cannot|can't|may not) (?:walk[- ]?in|drop[- ]?in)\b|"
                         r"\bnot (?:a )?walk[- ]?in\b|\bno drop[- ]?ins?\b", _I)
_APPT = re.compile(r"\bappointments? (?:is |are )?(?:required|necessary|needed|only)\b|"
                   r"\bby appointment\b|\bmust (?:make|have|schedule) an appointment\b|"
                   r"\bcall (?:for|to make|to schedule|to set(?: up)?|to request) (?:an |a )?"
                   r"(?:screening )?appointment\b|\bschedule an appointment\b|"
                   r"\bapply by phone for an appointment\b|\bfor an appointment\b", _I)
_JOINED = re.compile(r"([a-z])([A-Z][a-z])")
#: "by phone or in-person": the phone is one way in, not the only one.
_PHONE_OR = re.compile(r"\b(?:(?:tele)?phone|call)\w*\s+or\s+(?:in[- ]person|walk|online|e-?mail|mail|"
                       r"visit|come in|stop|in writing)", _I)
_NO_APPT = re.compile(r"\bno appointments? (?:is |are )?(?:needed|necessary|required)\b|"
                      r"\bappointments? (?:is |are )?not (?:needed|necessary|required)\b|"
                      r"\bwithout (?:an )?appointment\b|\bno appointment\b(?! (?:slots|left|"
                      r"available))", _I)
_PHONE = re.compile(r"\bcall\b|\bcalls\b|\bphone\b|\btelephone\b|\bby phone\b|\bhotline\b|"
                    r"\bhelpline\b|\bcalling\b|\b211\b|\(\d{3}\)\s*\d{3}|\b\d{3}-\d{3}-\d{4}\b", _I)
_PHONE_ONLY = re.compile(r"\b(?:by )?(?:tele)?phone only\b|\bonly by (?:tele)?phone\b|\bcall to "
                         r"enrol+\b|\bcall first\b|\bmust call\b|\bintake is (?:done )?(?:by|over "
                         r"the) (?:tele)?phone\b|\bmust speak to someone by phone\b", _I)
_ONLINE = re.compile(r"\b(?:apply|register|enrol+|sign up|request|submit|complete)\w*\s+(?:\w+\s+)"
                     r"{0,3}(?:online|on-line|on the web|through (?:our|the) website|via (?:our |"
                     r"the )?website)\b|\bonline (?:application|intake|form|registration|referral|"
                     r"request|questionnaire)s?\b|\bapply online\b|^\s*online\b|\bweb(?:page|site)? "
                     r"registration\b|\bonline through\b|\bonline at\b", _I | re.MULTILINE)
_ONLINE_ONLY = re.compile(r"\bonline only\b|\bonly online\b|\b100% online\b|\bentirely online\b",
                          _I)
_TEXT = re.compile(r"\btext\s+(?:[A-Z]{2,}\s+|the word \w+\s+)?(?:to\s+)?\d{3,6}\b|\btext us\b|"
                   r"\bby text\b|\btext messag\w*|\bsms\b|\btexting\b|\bvia text\b|\bor text\b", _I)
_HOME = re.compile(r"\bhome[- ]visit\w*|\bin[- ]home\b|\bin (?:your|the (?:family'?s?|client'?s?)|"
                   r"their|person'?s|the) home\b|\bhome[- ]based\b|\bvisits? (?:families|clients|"
                   r"you) (?:at|in) (?:their|your) homes?\b|\bcomes? to (?:your|the) home\b", _I)
#: A labelled line, as iCarol exports write it: "HOME VISITS: No", "Home visits: Yes",
#: "HOME VISITS: Limited" / "For established clients only" (scoped: not a promise).
_HOME_LABEL = re.compile(r"\bhome[- ]visits?\s*:[ \t]*([^\n]*)", _I)
_HOME_LABEL_NO = re.compile(r"^(?:no|none|not\b|n/a\b|does not\b)", _I)
_HOME_LABEL_YES = re.compile(r"^yes\b", _I)
_NO_HOME = re.compile(r"\bno home[- ]visit\w*|\bdoes not (?:do|make|offer|provide|conduct) home[- ]"
                      r"visits?\b|\bhome[- ]visits? (?:are |is )?not (?:available|offered|"
                      r"provided|made)\b|\bnot (?:offer|provide) (?:any )?home[- ]visit", _I)
#: Phone named only as the way to learn more: not phone-only intake.
_CALL_INFO = re.compile(r"\bcall(?: the (?:appropriate |main )?(?:number|office))?(?: [\w()-]+){0,3}? "
                        r"for (?:more |further |additional )?(?:information|info|details|"
                        r"services|questions)\b|\bcall appropriate number\b", _I)
_VIRTUAL = re.compile(r"\btele-?health\b|\btele-?medicine\b|\btele-?therapy\b|\btelepsychiatry\b|"
                      r"\bvirtual(?:ly)?\b|\bvideo(?:[- ]conferenc\w*| calls?| visits?| sessions?| "
                      r"chat)\b|\bzoom\b|\bonline (?:sessions?|classes|class|meetings?|counsel\w*|"
                      r"groups?|therapy|support|services?)\b|\bremote(?:ly)?\b|\bonline/remote\b",
                      _I)
_VIRTUAL_WORDS = ("tele", "virtual", "video", "zoom", "online", "remote")
_WALK_IN_DESC = re.compile(r"\bwalk[- ]?ins? (?:welcome|accepted)\b|\bdrop[- ]in\b", _I)
_IN_PERSON_WORD = re.compile(r"\bin[- ]person\b|\bvenue\b|\bon[- ]site\b", _I)
_REFERRAL = re.compile(r"\breferr(?:al|ed)\b", _I)
_OTHER_WAY = re.compile(r"\bwalk\b|\bwalk-in\b|\bvisit\b|\bonline\b|\bweb\w*\b|\be-?mail\b|"
                        r"\bmail\b|\bin[- ]person\b|\breferr\w*\b|\bcome (?:in|to)\b|\bstop (?:by|in)\b|"
                        r"\bdrop (?:by|in)\b|"
                        r"\bfax\b|\bapply at\b|\bin writing\b|\bwritten application\b", _I)


def home_visit_text(text: str) -> Tri | None:
    """Whether a text says staff come to the home: YES, NO, or None when silent.

    Labelled lines ("HOME VISITS: No") decide first: a "No" is NO, else a
    "Yes" is YES, and a scoped value ("Limited", "For established clients only", "In
    an emergency") says nothing for a new family.  Then negations ("no home
    visits", "does not make home visits"), then the positive phrases.
    """
    labels = [m.group(1).strip() for m in _HOME_LABEL.finditer(text)]
    if labels:
        # The export's own field ("Home visits: No") outranks a section of the
        # description ("HOME VISITS: Provided by the county for clients only").
        if any(_HOME_LABEL_NO.match(v) for v in labels):
            return NO
        if any(_HOME_LABEL_YES.match(v) for v in labels):
            return YES
        text = _HOME_LABEL.sub(" ", text)
    if _NO_HOME.search(text):
        return NO
    if _HOME.search(text):
        return YES
    return None


@lru_cache(maxsize=8192)
def parse_intake_text(text: str) -> dict[str, Tri]:
    """Modes stated in an application-process or description text.  Never raises."""
    out: dict[str, Tri] = {}
    if not isinstance(text, str) or not text.strip():
        return out
    # exports that join list items without a space ("Walk-inFirst come", "TelephonePlease call")
    text = _JOINED.sub(r"\1 \2", text)
    if _NO_WALK_IN.search(text):
        out["walk_in"] = NO
        out["appointment_required"] = YES
    elif _WALK_IN.search(text):
        out["walk_in"] = YES
    if "appointment_required" not in out and _NO_APPT.search(text):
        out["appointment_required"] = NO   # "no appointment needed": the negation wins
    if "appointment_required" not in out and _APPT.search(text):
        out["appointment_required"] = YES
    if out.get("walk_in") == YES and out.get("appointment_required") is None:
        out["appointment_required"] = NO
    if _PHONE.search(text):
        out["phone_intake"] = YES
        if _PHONE_ONLY.search(text) and not _PHONE_OR.search(text):
            out["phone_only_intake"] = YES
        elif _OTHER_WAY.search(text):
            out["phone_only_intake"] = NO
        elif not _PHONE.search(_CALL_INFO.sub(" ", text)):
            pass   # "Call for information": says how to ask, not that the phone is the only way in
        else:
            out["phone_only_intake"] = YES
    elif _OTHER_WAY.search(text):
        out["phone_only_intake"] = NO
    if out.get("walk_in") == YES and out.get("phone_only_intake") == YES:
        out["phone_only_intake"] = NO   # one can walk in: the phone is not the only way
    if _ONLINE.search(text):
        out["online_intake"] = YES
    if _ONLINE_ONLY.search(text):
        out["online_only"] = YES
    if _TEXT.search(text):
        out["text_intake"] = YES
    hv = home_visit_text(text)
    if hv is not None:
        out["home_visit"] = hv
    if _VIRTUAL.search(text):
        out["virtual"] = YES
    if _IN_PERSON_WORD.search(text):
        out["in_person_word"] = YES
    return out


@lru_cache(maxsize=8192)
def _delivery_text(text: str) -> dict[str, Tri]:
    """Description text: only the delivery words (not intake), to avoid false intake hits."""
    out: dict[str, Tri] = {}
    if not isinstance(text, str) or not text.strip():
        return out
    # Descriptions are long: a substring test on the lower-cased text skips
    # most regex scans (each pattern needs one of these words to match).
    low = text.lower()
    if "home" in low:
        hv = home_visit_text(text)
        if hv is not None:
            out["home_visit"] = hv
    if any(w in low for w in _VIRTUAL_WORDS) and _VIRTUAL.search(text):
        out["virtual"] = YES
    if ("text" in low or "sms" in low) and _TEXT.search(text):
        out["text_intake"] = YES
    if "online" in low and _ONLINE_ONLY.search(text):
        out["online_only"] = YES
    if ("walk" in low or "drop" in low) and _WALK_IN_DESC.search(text):
        out["walk_in"] = YES
    return out


def _phone_modes(phones: Iterable[dict[str, Any]]) -> dict[str, Tri]:
    out: dict[str, Tri] = {}
    for p in phones:
        typ = as_str(p.get("type")).lower()
        desc = as_str(p.get("description")).lower()
        if typ in ("text", "sms") or (typ in ("cell", "mobile") and "text" in desc) or \
                re.search(r"\btext(?:ing)?\b|\bsms\b", desc):
            out["text_intake"] = YES
        if typ in ("voice", "cell", "mobile", "hotline", "") and as_str(p.get("number")):
            out["has_voice"] = YES
        if typ in ("textphone", "tty", "tdd") or re.search(r"\btty\b|\btdd\b", desc):
            out["tty"] = YES
    return out


def mode_attributes(*, physical: bool, remote: bool, location_types: Iterable[str],
                    attending_types: Iterable[str], phones: Iterable[dict[str, Any]],
                    application_process: str, descriptions: Iterable[str]) -> dict[str, Tri]:
    """The ten delivery/intake attributes for one offering.

    Parameters
    ----------
    physical : bool
        The offering is at a physical location.
    remote : bool
        The offering is the remote offering of a service with no physical location.
    location_types : iterable of str
        ``location_type`` of every location of the service.
    attending_types : iterable of str
        ``schedule.attending_type`` texts.
    phones : iterable of dict
        Phones of the service and of this location.
    application_process : str
    descriptions : iterable of str
        Service / location descriptions, transportation, alert.
    """
    res: dict[str, Tri] = {}
    app = parse_intake_text(application_process) if application_process else {}
    att: dict[str, Tri] = {}
    for a in attending_types:
        for k, v in parse_intake_text(a).items():
            att.setdefault(k, v)
        if re.search(r"\bphone\b|\btelephone\b", a, _I):
            att["phone_service"] = YES
        if re.search(r"\bonline\b|\bvideo\b|\bremote", a, _I):
            att["virtual"] = YES
    desc: dict[str, Tri] = {}
    for d in descriptions:
        for k, v in _delivery_text(d).items():
            desc.setdefault(k, v)
    phone = _phone_modes(phones)
    types = {t.lower() for t in location_types if t}

    def first(*vals: Tri | None) -> Tri:
        for v in vals:
            if v is not None and v != UNKNOWN:
                return v
        return UNKNOWN

    if physical:
        res["in_person"] = YES
    elif remote:
        res["in_person"] = NO
    res["walk_in"] = first(app.get("walk_in"), att.get("walk_in"), desc.get("walk_in"))
    if remote and res["walk_in"] == UNKNOWN:
        res["walk_in"] = NO
    res["appointment_required"] = first(app.get("appointment_required"),
                                        att.get("appointment_required"))
    res["phone_intake"] = first(app.get("phone_intake"), att.get("phone_intake"))
    res["phone_only_intake"] = first(app.get("phone_only_intake"))
    res["online_intake"] = first(app.get("online_intake"), att.get("online_intake"))
    virtual = first(YES if "virtual" in types else None, att.get("virtual"), app.get("virtual"),
                    desc.get("virtual"))
    res["virtual"] = virtual
    online_only = first(app.get("online_only"), desc.get("online_only"))
    if physical:
        online_only = NO
    elif remote and online_only == UNKNOWN and "virtual" in types and \
            phone.get("has_voice") is None and att.get("phone_service") is None:
        online_only = YES
    elif phone.get("has_voice") == YES and online_only == UNKNOWN:
        online_only = NO
    res["online_only"] = online_only
    res["text_intake"] = first(phone.get("text_intake"), app.get("text_intake"),
                               att.get("text_intake"), desc.get("text_intake"))
    res["home_visit"] = first(att.get("home_visit"), app.get("home_visit"), desc.get("home_visit"))
    if online_only == YES:
        res["phone_only_intake"] = NO if res["phone_only_intake"] == UNKNOWN else \
            res["phone_only_intake"]
    return res


def phone_tty(phones: Iterable[dict[str, Any]]) -> bool:
    """Whether any phone is a TTY / textphone line."""
    return _phone_modes(as_list(list(phones))).get("tty") == YES
