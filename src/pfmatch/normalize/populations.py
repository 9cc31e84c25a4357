"""Who a service is for: population limits read from eligibility prose.

Real 211 records state population limits in free text: "HIV positive
individuals and their families", "Homebound persons", "Jewish residents
only", "Males, 18 and older, who have completed a 28-day detoxification
program", "Requires a referral from a lead agency (DSS, DJS...)".  Each limit
becomes one of the codes in :data:`POPULATIONS`.  A limit is read from the
clause that names who is served; a group named after "including",
"especially", "focus on", "geared towards", "priority to" or "welcome" widens
or colours the audience and is not a limit, and "open to anyone" / "open to
the public" clears the clause.

A family is rarely known to belong to such a group, so the engine does not
exclude these offerings: it ranks them after the offerings without a limit
(see ``pfmatch._match``) and warns "only for ... — check", unless the
family's own data shows it belongs (:func:`family_belongs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pfmatch.normalize._casefold import lowered

__all__ = ["POPULATIONS", "POPULATION_LABELS", "family_belongs", "family_outside",
           "population_bits", "population_limits", "population_text"]

_I = re.IGNORECASE

#: Population code → pattern naming the group in an eligibility clause.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "hiv": re.compile(r"\bHIV\b|\bAIDS\b", _I),
    "homebound": re.compile(r"\bhomebound\b|\bhome[- ]bound\b|\bunable to leave (?:their|the) home",
                            _I),
    "homeless": re.compile(r"\bhomeless\b|\bwithout permanent housing\b|\bexperiencing homelessness",
                           _I),
    "mental_illness": re.compile(r"\bmental(?:ly)? ill\w*|\bpsychiatric\b|\bserious(?:ly)? mental|"
                                 r"\bsevere (?:and )?persistent mental|\bemotional problems?\b|"
                                 r"\bobsessive[- ]compulsive", _I),
    "developmental_disability": re.compile(r"\bdevelopmental(?:ly)? (?:disab\w*|delay\w*)|"
                                           r"\bintellectual(?:ly)? disab\w*|\bmental retardation|"
                                           r"\bepilepsy\b|\bneurological disorders?\b|"
                                           r"\bDDA funding\b", _I),
    "substance_use": re.compile(r"\bsubstance abusers?\b|\bsubstance abus\w* (?:treatment|program)|"
                                r"\b(?:persons|people|individuals|adults|men|women|youth) "
                                r"(?:who (?:are|have been) )?(?:recovering from |in recovery from )?"
                                r"(?:substance|drug|alcohol) (?:abuse|use|addiction)|"
                                r"\bdrug (?:addict\w*|abus\w*|users?)|"
                                r"\balcoholi\w*|\bchemical(?:ly)? dependen\w*|\bIV drug|"
                                r"\bdetoxification\b|\b(?:drug|inpatient) (?:drug )?treatment "
                                r"program|\brecovering from (?:drug|substance|alcohol)\w*|"
                                r"\baddiction\b", _I),
    "agency_referral": re.compile(r"\breferral from\b|\breferred by\b|\bplacements? only\b|"
                                  r"\bplaced by\b|\bcourt[- ]ordered\b|\bmust be referred\b|"
                                  r"\brequires? (?:a )?referral\b|\breferral (?:is )?required\b|"
                                  r"\bpatients who have been referred\b|\bonly (?:through|by) "
                                  r"referral\b|\bDSS placements?\b", _I),
    "faith_or_ethnic": re.compile(r"\bJewish\b|\bCatholic\b|\bMuslim\b|\bIslamic\b|\bKorean\b|"
                                  r"\bChinese\b|\bVietnamese\b|\bHispanic\b|\bLatin[oax]s?\b|"
                                  r"\bLatinas?\b|\bAfrican[- ]American\b|\bNative American\b|"
                                  r"\bforeign[- ]born\b", _I),
    "veterans": re.compile(r"\bveterans?\b|\bmilitary families\b", _I),
    "women": re.compile(r"^\W*(?:homeless |low[- ]income |pregnant |abused |battered )?"
                        r"(?:women|females?)\b(?!\s+and\s+(?:men|males?|children|families))|"
                        r"\b(?:women|females?) only\b", _I),
    "men": re.compile(r"^\W*(?:homeless |low[- ]income )?(?:men|males?)\b"
                      r"(?!\s*(?:,|and)\s*(?:women|females?))|\b(?:men|males?) only\b|"
                      r"\bmen recovering\b", _I),
    "students": re.compile(r"\bstudents (?:at|of|in|enrolled)\b|\benrolled (?:students|in "
                           r"(?:the )?school)\b", _I),
    "public_housing": re.compile(r"\bpublic housing residents\b|\bresidents of (?:city )?public "
                                 r"housing\b|\bhousing choice voucher\b", _I),
    "disability": re.compile(r"\b(?:persons?|people|individuals|adults|children|youth|anyone|those) "
                             r"(?:\w+ ){0,2}with (?:\w+ ){0,2}disabilit\w*|\bhandicapp\w*|"
                             r"\bdisabled (?:persons|people|individuals|adults|children)\b|"
                             r"^\W*(?:the )?(?:elderly, )?disabled\b|\bmedically fragile\b|"
                             r"\bphysical(?:ly)? (?:disab\w*|handicap\w*)|\bwheelchair users\b", _I),
    "diagnosis": re.compile(r"\bterminally ill\b|\blife expectancy\b|\bneuromuscular\b|"
                            r"\bdown'?s syndrome\b|\bmuscular dystrophy\b|\bcerebral palsy\b|"
                            r"\bmultiple sclerosis\b|\bsickle cell\b|\bcancer (?:patients|survivors)|"
                            r"\b(?:persons|people|individuals|children|patients) (?:\w+ ){0,2}with "
                            r"(?:cancer|diabetes|autism|epilepsy|kidney disease|lupus|asthma)\b|"
                            r"\bspecific (?:medical )?diagnos\w*|\bdiagnosed (?:with|and certified)\b|"
                            r"\bfamilies of (?:persons|people|children) with\b", _I),
    "abused_children": re.compile(r"\babused(?:,| or| and)? (?:\w+, )*(?:neglected )?children\b|"
                                  r"\bchildren (?:and adolescents )?who have been (?:sexually |"
                                  r"physically )?abused\b|\bfrom abusive(?:/| or )neglectful "
                                  r"famil\w*|\bvictims of child (?:sexual )?abuse\b", _I),
    "justice_involved": re.compile(r"\bviolated the law\b|\bjuvenile (?:justice|offenders?|court)\b|"
                                   r"\bcourt[- ]involved\b|\bon (?:probation|parole)\b|"
                                   r"\b(?:ex-?offenders|formerly incarcerated|returning citizens)\b|"
                                   r"\badjudicated\b|\bincarcerated\b", _I),
    "older_adults": re.compile(r"^\W*(?:the )?(?:elderly|seniors?|senior citizens|older adults|"
                               r"older persons|aged)\b|\b(?:who are|for the) elderly\b|"
                               r"\b(?:seniors?|elderly|older adults) only\b", _I),}

#: The population codes, in bit order.
POPULATIONS: tuple[str, ...] = tuple(_PATTERNS)

#: Plain words for warnings: "only for <label> — check".
POPULATION_LABELS: dict[str, str] = {
    "hiv": "people living with HIV",
    "homebound": "homebound people",
    "homeless": "people experiencing homelessness",
    "mental_illness": "people with a mental illness",
    "developmental_disability": "people with a developmental disability",
    "substance_use": "people in or after substance-use treatment",
    "agency_referral": "clients referred or placed by an agency",
    "faith_or_ethnic": "members of a named faith or ethnic community",
    "veterans": "veterans",
    "women": "women",
    "men": "men",
    "students": "students of named schools",
    "public_housing": "public-housing residents",
    "disability": "people with a disability",
    "diagnosis": "people with a named illness or diagnosis",
    "abused_children": "children who have been abused or neglected",
    "justice_involved": "people involved with the justice system",
    "older_adults": "older adults",
}

#: Words before a group that widen or colour the audience rather than limit it.
_NOT_A_LIMIT = re.compile(r"\b(?:including|includes|especially|focus(?:ed|es)?(?: mainly)? on|"
                          r"geared (?:towards?|to)|priority(?: is given)? to|welcome[ds]?|"
                          r"are welcome|also|as well as|regardless of|cannot help|not serve|"
                          r"except)\b", _I)
_OPEN_TO_ALL = re.compile(r"\bopen to (?:anyone|everyone|all|the (?:general )?public|any "
                          r"(?:person|resident|child|one))\b|\banyone\b|\ball are welcome\b|"
                          r"\bno (?:restrictions|eligibility requirements)\b", _I)
_CLAUSE = re.compile(r"(?<=[.;])\s+|\n+")
#: The same patterns for lower-cased ASCII clauses (faster; see ``_casefold``).
_PATTERNS_LOWER = {code: lowered(pat) for code, pat in _PATTERNS.items()}


@lru_cache(maxsize=16384)
def population_limits(eligibility: str) -> tuple[str, ...]:
    """Population codes an eligibility text limits a service to, sorted.

    Parameters
    ----------
    eligibility : str
        The record's eligibility prose.

    Returns
    -------
    tuple of str
        Codes from :data:`POPULATIONS`; empty when the text states no such
        limit (or says the service is open to anyone).

    Examples
    --------
    >>> population_limits("HIV positive individuals and their families.")
    ('hiv',)
    >>> population_limits("Homeless women, 18 and older, including those with HIV/AIDS")
    ('homeless', 'women')
    >>> population_limits("Testing for HIV/STDs is open to anyone.")
    ()
    """
    if not isinstance(eligibility, str) or not eligibility.strip():
        return ()
    found: set[str] = set()
    for clause in _CLAUSE.split(eligibility.strip()):
        if not clause or _OPEN_TO_ALL.search(clause):
            continue
        cut = _NOT_A_LIMIT.search(clause)
        head = clause[:cut.start()] if cut else clause
        ascii_head = head.isascii()
        low = head.lower()
        for code, pat in _PATTERNS.items():
            fast = _PATTERNS_LOWER[code] if ascii_head else None
            if fast.search(low) if fast is not None else pat.search(head):
                found.add(code)
    return tuple(sorted(found))


_DEFERS = re.compile(r"^\W*(?:also,? )?see (?:notes|(?:the )?(?:program )?description|below)\W*$", _I)
_OVERVIEW = re.compile(r"^[ \t]*OVERVIEW:[ \t]*(.+?)(?:\n[ \t]*\n|\Z)", re.MULTILINE | re.DOTALL)
_LABELLED = re.compile(r"^[ \t]*ELIGIBILITY:[ \t]*(.+?)(?:\n[ \t]*\n|\Z)", re.IGNORECASE | re.MULTILINE | re.DOTALL)


def population_text(eligibility: str | None, description: str | None) -> str:
    """The text that states who a service is for.

    The eligibility field, and where it is empty or defers ("See notes.",
    "See program description", "Also, see notes"), the description's labelled
    "ELIGIBILITY:" paragraph, else its first paragraph (the overview a 211
    writer opens with: "Program for ...", "transitional home for infants ...
    with HIV/AIDS"); a labelled "OVERVIEW:" paragraph is always read as well.
    """
    elig = (eligibility or "").strip()
    desc = description or ""
    clauses = [c for c in re.split(r"(?<=[.;])\s+", elig) if c.strip()]
    kept = [c for c in clauses if not _DEFERS.match(c)]
    overview = _OVERVIEW.search(desc)
    if elig and len(kept) == len(clauses):
        # the labelled overview says who the service is for too ("treatment to youth who
        # have violated the law" beside an eligibility of "Ages 7-18")
        return f"{elig} {overview.group(1).strip()}" if overview else elig
    labelled = _LABELLED.search(desc)
    if labelled:
        extra = labelled.group(1)
    elif not elig or not kept:
        first = desc.strip().split("\n\n", 1)[0]
        # the overview, past a leading label ("OVERVIEW:", "1) MATERNAL AND INFANT NURSING:")
        extra = re.sub(r"^(?:\d\)\s*)?[A-Z][A-Z &/,'-]{2,60}:\s*", "", first.strip())
        if first.lstrip().upper().startswith("TRANSPORTATION:") and "OVERVIEW:" in desc:
            extra = desc.split("OVERVIEW:", 1)[1].strip().split("\n\n", 1)[0]
    else:
        extra = ""
    return " ".join([*kept, extra]).strip()


def population_bits(codes: Iterable[str]) -> int:
    """A bit mask over :data:`POPULATIONS` (bit i = ``POPULATIONS[i]``)."""
    bits = 0
    for c in codes:
        if c in _PATTERNS:
            bits |= 1 << POPULATIONS.index(c)
    return bits


#: Need codes whose statement shows a family belongs to a population.
_NEED_POPULATIONS: dict[str, tuple[str, ...]] = {
    "shelter": ("homeless",),
    "substance_use": ("substance_use",),
    "early_intervention": ("developmental_disability", "disability"),
    "respite_care": ("disability",),
}


def family_belongs(need_codes: Iterable[str], *, woman_caregiver: bool = False,
                   man_caregiver: bool = False, stated: Iterable[str] = ()) -> int:
    """Bits of the populations a family's own data shows it belongs to.

    A stated or screened shelter need shows homelessness; a substance-use need
    shows substance use in the family; a pregnant or postpartum caregiver, or
    one whose gender is stated female, is a woman (male: a man); ``stated``
    are the codes of the family's ``populations`` field.  Everything else
    stays unknown unless the coordinator asked (see :func:`family_outside`).
    """
    codes: set[str] = set(stated)
    for n in need_codes:
        codes.update(_NEED_POPULATIONS.get(n, ()))
    if woman_caregiver:
        codes.add("women")
    if man_caregiver:
        codes.add("men")
    return population_bits(codes)


def family_outside(belongs: int, *, checked: bool, genders_known: bool) -> tuple[int, int]:
    """Bits of the populations a family is known **not** to belong to: ``(groups, sexes)``.

    ``groups``: with ``checked`` (the coordinator asked about every population)
    every population but sex that the family does not belong to, else 0.
    ``sexes``: when every caregiver's sex is known (``genders_known``), the
    one of women / men no caregiver is.  Children's sex is not asked, so the
    engine applies ``sexes`` only to services for adults or families without
    children (a program for "males, ages 8-13" may be for a son).
    """
    sex = population_bits(("women", "men"))
    groups = population_bits(POPULATIONS) & ~sex & ~belongs if checked else 0
    return groups, (sex & ~belongs if genders_known else 0)
