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

__all__ = ["POPULATIONS", "POPULATION_LABELS", "eligibility_to_check", "family_belongs",
           "family_outside", "name_audience", "offering_populations", "opening_sentence",
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
                                           r"\bDDA funding\b|\b(?:show|have) (?:a )?(?:\w+ )?delay\b|"
                                           r"\bdelay of at least\b|\b(?:children|youth) (?:and youth )?with "
                                           r"(?:a variety of )?(?:[\w-]+,? (?:and )?){0,3}"
                                           r"(?:developmental|neurological)\b[^.;]*\bdisorders\b", _I),
    "substance_use": re.compile(r"\bsubstance abusers?\b|\bsubstance abus\w* (?:treatment|program)|"
                                r"\b(?:persons|people|individuals|adults|men|women|youth) "
                                r"(?:who (?:are|have been) )?(?:recovering from |in recovery from )?"
                                r"(?:substance|drug|alcohol) (?:abuse|use|addiction)|"
                                r"\bdrug (?:addict\w*|abus\w*|users?)|"
                                r"\balcoholi\w*|\bchemical(?:ly)? dependen\w*|\bIV drug|"
                                r"\bdetoxification\b|\b(?:drug|inpatient) (?:drug )?treatment "
                                r"program|\brecovering from (?:drug|substance|alcohol)\w*|"
                                r"\baddiction\b|\baffected by (?:substance|drug|alcohol) (?:abuse|use|"
                                r"addiction)|\bwants? to stop (?:drinking|using)\b|"
                                r"\bin need of substance abuse\b", _I),
    "agency_referral": re.compile(r"\breferral from\b|\breferred by\b|\bplacements? only\b|"
                                  r"\bplaced by\b|\bcourt[- ]ordered\b|\bmust be referred\b|"
                                  r"\brequires? (?:a )?referral\b|\breferral (?:is )?required\b|"
                                  r"\bpatients who have been referred\b|\bonly (?:through|by) "
                                  r"referral\b|\bDSS placements?\b", _I),
    "faith_or_ethnic": re.compile(r"\bJewish\b|\bCatholic\b|\bMuslim\b|\bIslamic\b|\bKorean\b|"
                                  r"\bChinese\b|\bVietnamese\b|\bHispanic\b|\bLatin[oax]s?\b|"
                                  r"\bLatinas?\b|\bAfrican[- ]American\b|\bNative American\b|"
                                  r"\bforeign[- ]born\b", _I),
    "veterans": re.compile(r"\bveterans?\b|\bmilitary families\b|\bentered the armed forces\b|"
                           r"\bhonorabl[ey] discharge", _I),
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
    "disability": re.compile(r"\b(?:persons?|people|individuals|adults|children|youth|anyone|those),? "
                             r"(?:[\w-]+,? ){0,2}with (?:\w+ ){0,2}disabilit\w*|\bhandicapp\w*|"
                             r"\bdisabled (?:persons|people|individuals|adults|children)\b|"
                             r"^\W*(?:the )?(?:elderly, )?disabled\b|\bmedically fragile\b|"
                             r"\bphysical(?:ly)? (?:disab\w*|handicap\w*)|\bwheelchair users\b", _I),
    "diagnosis": re.compile(r"\bterminally ill\b|\blife expectancy\b|\bneuromuscular\b|"
                            r"\bdown'?s syndrome\b|\bmuscular dystrophy\b|\bcerebral palsy\b|"
                            r"\bmultiple sclerosis\b|\bsickle cell\b|\bcancer (?:patients|survivors)|"
                            r"\b(?:persons|people|individuals|children|patients) (?:\w+ ){0,2}with "
                            r"(?:cancer|diabetes|autism|epilepsy|kidney disease|lupus|asthma)\b|"
                            r"\bspecific (?:medical )?diagnos\w*|\bdiagnosed (?:with|and certified)\b|"
                            r"\bfamilies of (?:persons|people|children) with\b|\bwith a laryngectomy\b|"
                            r"\b(?:anyone|persons|people|individuals) with (?:an? )?(?:(?!mental\b)\w+ ){0,3}"
                            r"(?:injury|injuries|disease|illness)\b", _I),
    "abused_children": re.compile(r"\babused(?:,| or| and)? (?:\w+, )*(?:neglected )?children\b|"
                                  r"\bchildren (?:and adolescents )?who have been (?:sexually |"
                                  r"physically )?abused\b|\bfrom abusive(?:/| or )neglectful "
                                  r"famil\w*|\bvictims of child (?:sexual )?abuse\b", _I),
    "justice_involved": re.compile(r"\bviolated the law\b|\bungovernable\b|\bdelinquent youth\b|\bjuvenile (?:justice|offenders?|court)\b|"
                                   r"\bcourt[- ]involved\b|\bon (?:probation|parole)\b|"
                                   r"\b(?:ex-?offenders|formerly incarcerated|returning citizens)\b|"
                                   r"\badjudicated\b|\bincarcerated\b", _I),
    "older_adults": re.compile(r"^\W*(?:the )?(?:elderly|seniors?|senior citizens|older adults|"
                               r"older persons|aged)\b|\b(?:who are|for the) elderly\b|"
                               r"\b(?:seniors?|elderly|older adults) only\b|"
                               r"\b(?:services|care) (?:to|for) (?:the )?(?:elderly|frail elderly|"
                               r"seniors|older adults)\b(?![^.;]*\b(?:low[- ]income|families|anyone|"
                               r"all ages)\b)|\bpersons aged (?:5[5-9]|6\d) and older\b",
                               _I),
    "immigrants": re.compile(r"\bimmigrants?\b|\bundocumented\b|\brefugees?\b|"
                             r"\basylum seekers?\b", _I),
    "crime_victims": re.compile(r"\bvictims? of (?:\w+ ){0,2}crimes?\b|\bcrime victims?\b|"
                                r"\bsurvivors? of (?:\w+ ){0,3}crimes?\b|\btrafficking "
                                r"(?:survivors?|victims?)\b|\b(?:survivors?|victims?) of "
                                r"(?:human )?trafficking\b", _I),
    # a clause that opens by naming organizations: "Non-profit organizations.", "Only for
    # non-profit organizations or small businesses.", "Agencies, businesses, schools ..."
    "organizations": re.compile(r"^\W*(?:only for |open to )?(?:(?:human service )?non-?profit"
                                r"(?:s\b| organizations?\b)|small business(?:es)?\b|(?:agencies, )?"
                                r"businesses\b)", _I),
    "dv_survivors": re.compile(r"\bvictims? of (?:domestic|intimate partner|family|dating) "
                               r"violence\b|\b(?:domestic violence|dv|abuse) (?:victims|survivors)\b|"
                               r"\bbattered (?:women|spouses|persons)\b|\bsurvivors of (?:domestic|"
                               r"intimate partner|dating) (?:violence|abuse)\b", _I),
    # people living with abuse: "families who are experiencing the effect of physical, sexual,
    # and/or emotional abuse", "Any adult suspected of being abused, exploited or neglected"
    "abuse_survivors": re.compile(r"\bexperiencing the effects? of (?:physical|sexual|emotional)\b|"
                                  r"\bsuspected of being abused\b|\bvictims of (?:abuse|neglect|"
                                  r"exploitation)\b", _I),
    # WIC itself as the audience ("WIC is a federally funded program that provides ... to
    # pregnant women, new mothers, infants and children under age five"), not "see notes for
    # WIC eligibility" in a clinic that also runs WIC
    "wic": re.compile(r"^\W*WIC\b(?! eligibility)|\bWIC (?:participants|clients|recipients|"
                      r"eligible)\b", _I),
    # a limit only where no one else is named: "homeowners of all ages who qualify", not
    # "renters, roomers, boarders and homeowners" or "current and prospective homeowners"
    "homeowners": re.compile(r"^(?!.*\b(?:renters?|tenants?|roomers|prospective|homebuyers?|"
                             r"home buyers?|buyers|become|first[- ]time|future)\b)(?:.*\bhomeowners?\b|"
                             r".*\bmust (?:own|have a legal interest in) (?:the|their|a) "
                             r"(?:home|house|property)\b|.*\bowner[- ]occupied\b)", _I),
}

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
    "immigrants": "immigrants",
    "crime_victims": "survivors of a crime or of abuse",
    "organizations": "organizations or businesses, not individuals",
    "dv_survivors": "people who have lived through domestic violence",
    "homeowners": "homeowners",
    "abuse_survivors": "people who have been abused, neglected or exploited",
    "wic": "pregnant women, new mothers and children under five (WIC)",
}

#: Words before a group that widen or colour the audience rather than limit it.
_NOT_A_LIMIT = re.compile(r"\b(?:including|includes|especially|focus(?:ed|es)?(?: mainly)? on|"
                          r"geared (?:towards?|to)|priority(?: is given)? to|welcome[ds]?|"
                          r"are welcome|also|as well as|regardless of|cannot help|not serve|"
                          r"except)\b", _I)
_OPEN_TO_ALL = re.compile(r"\bopen to (?:anyone|everyone|all|the (?:general )?public|any "
                          r"(?:person|resident|child|one))\b|"
                          r"\banyone\b(?! (?:with|who|living|diagnosed|experiencing|age|ages|\d))|"
                          r"\bany (?:other )?interested (?:person|people|party|individual)s?\b|\ball are welcome\b|"
                          r"\bno (?:restrictions|eligibility requirements|limits on eligibility)\b", _I)
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
    # 211 writers pad with runs of spaces ("children  who have been abused")
    text = re.sub(r"[ \t\xa0]+", " ", eligibility.strip())
    for clause in _CLAUSE.split(text):
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


def eligibility_to_check(eligibility: str | None, description: str | None) -> str:
    """The eligibility text worth quoting to a coordinator ("" when there is none).

    An eligibility that only defers ("See notes.", "See program description")
    says nothing to check: the description's labelled "ELIGIBILITY:"
    paragraph is quoted instead, when it has one.

    Examples
    --------
    >>> eligibility_to_check("See notes.", "Food boxes.\n\nELIGIBILITY: Residents of 21217.")
    'Residents of 21217.'
    >>> eligibility_to_check("See notes.", "Food boxes.")
    ''
    """
    elig = (eligibility or "").strip()
    clauses = [c for c in re.split(r"(?<=[.;])\s+", elig) if c.strip()]
    if clauses and not all(_DEFERS.match(c) for c in clauses):
        return elig
    labelled = _LABELLED.search(description or "")
    return labelled.group(1).strip() if labelled else ""


#: The part of a service name that says whom it is for: "Free legal advice for immigrants",
#: "Help to victims of hate crimes" (an organization's own name, "Catholic Charities", is not).
_NAME_FOR = re.compile(r"\b(?:for|to)\s+(?!(?:apply|get|find|pay|help)\b)(.+)$", _I)


def name_audience(name: str | None) -> str:
    """The "for <whom>" tail of a service name ("" when the name has none).

    Examples
    --------
    >>> name_audience("Free legal advice for immigrants")
    'immigrants'
    >>> name_audience("Catholic Charities, Project Serve")
    ''
    """
    m = _NAME_FOR.search(name or "")
    return m.group(1).strip() if m else ""


def population_text(eligibility: str | None, description: str | None,
                    name: str | None = None) -> str:
    """The text that states who a service is for.

    With ``name``, the "for <whom>" tail of the service name is read too (see
    :func:`name_audience`), as its own clause.

    The eligibility field, and where it is empty or defers ("See notes.",
    "See program description", "Also, see notes"), the description's labelled
    "ELIGIBILITY:" paragraph, else its first paragraph (the overview a 211
    writer opens with: "Program for ...", "transitional home for infants ...
    with HIV/AIDS"); a labelled "OVERVIEW:" paragraph is always read as well.
    """
    text = _record_text(eligibility, description)
    audience = name_audience(name)
    if audience:
        text = f"{text}; {audience}" if text else audience
    return text


def _record_text(eligibility: str | None, description: str | None) -> str:
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
    elif kept:  # an eligibility that defers in part ("Ages 11 and older. See notes."): the
        # overview's opening sentence says who ("... for persons with severe psychiatric illnesses")
        extra = opening_sentence(desc)
    else:  # no eligibility, or one that defers in whole: the overview says who
        first = desc.strip().split("\n\n", 1)[0]
        # the overview, past a leading label ("OVERVIEW:", "1) MATERNAL AND INFANT NURSING:")
        extra = re.sub(r"^(?:\d\)\s*)?[A-Z][A-Z &/,'-]{2,60}:\s*", "", first.strip())
        if first.lstrip().upper().startswith("TRANSPORTATION:") and "OVERVIEW:" in desc:
            extra = desc.split("OVERVIEW:", 1)[1].strip().split("\n\n", 1)[0]
    return " ".join([*kept, extra]).strip()


#: Codes read from a description's opening sentence as well: groups a writer
#: names there as the audience ("Provides treatment to children who have been
#: sexually abused", "for families with children who have developmental
#: disabilities").  Broad words (homeless, women, a faith) are left out: an
#: opening sentence names them as often to colour a service as to limit it.
_OPENING_CODES = ("abused_children", "developmental_disability", "diagnosis", "justice_involved",
                  "older_adults", "dv_survivors", "homeowners", "wic")
_OPENING_WHO = re.compile(r"\b(?:to|for|serves|serving|helps)\b", _I)
_OPENING_CUT = re.compile(r"\b(?:has|have|with|offers) (?:\w+ )?programs? for\b", _I)
_LEAD_LABEL = re.compile(r"^\s*(?:\d\)\s*)?(?:[A-Z][A-Z &/,'-]{2,60}:\s*)?")

#: Limits a service's own name states: a programme named for people living
#: with HIV ("Women's HIV Health Program"; not an HIV *test*, prevention or
#: information line), for seniors ("Senior Care Program", "Dept. of Aging"),
#: for homeowners ("Homeowners' Property Tax Credit").
_NAME_PATTERNS: dict[str, re.Pattern[str]] = {
    "hiv": re.compile(r"^(?!.*\b(?:test\w*|prevention|info\w*|education|awareness|action|"
                      r"hotline|administration|against)\b).*(?:\bHIV\b|\bAIDS\b|\bRyan White\b)",
                      _I),
    "older_adults": re.compile(r"^(?!.*\b(?:famil(?:y|ies)|youth|children|kids|all ages)\b)"
                               r".*(?:\bseniors?\b(?! (?:high|pastor|staff))|\belderly\b|\bdept\.? of aging\b|"
                               r"\b(?:office|commission|department|division|agency) on aging\b|"
                               r"\bfor the aging\b)", _I),
    "homeowners": _PATTERNS["homeowners"],
    "wic": re.compile(r"\bWIC\b"),
}


def opening_sentence(description: str | None) -> str:
    """The first sentence of a description, past a leading label ("OVERVIEW:", "1) WIC:")."""
    first = (description or "").strip().split("\n\n", 1)[0]
    first = re.sub(r"[ \t\xa0]+", " ", _LEAD_LABEL.sub("", first, count=1)).strip()
    return re.split(r"(?<=[.;!?])\s", first, maxsplit=1)[0]


@lru_cache(maxsize=16384)
def offering_populations(name: str | None, eligibility: str | None,
                         description: str | None) -> tuple[str, ...]:
    """Population codes a service is limited to, from every place its record states them.

    The eligibility prose (with the description parts :func:`population_text`
    adds), the description's opening sentence for the specific groups of
    :data:`_OPENING_CODES`, and the service's name (:data:`_NAME_PATTERNS`).
    An eligibility that says the service is open to anyone overrides the
    opening sentence and the name.

    Examples
    --------
    >>> offering_populations("Kennedy Krieger Family Center, S.T.A.R.", "Children & adolescents, "
    ...     "ages 2-18.", "Provides treatment to children  who have been sexually abused.")
    ('abused_children',)
    >>> offering_populations("Johns Hopkins Womens' HIV Health Program",
    ...     "Women in need of gynecology/obstetrical services.", "")
    ('hiv', 'women')
    """
    elig = eligibility or ""
    if _OPEN_TO_ALL.search(elig) and not population_limits(elig):
        return ()   # the writer says who may come: anyone ("Open to anyone.")
    found = set(population_limits(population_text(eligibility, description, name)))
    opening = opening_sentence(description)
    cuts = [m.start() for m in (_NOT_A_LIMIT.search(opening), _OPENING_CUT.search(opening)) if m]
    head = opening[:min(cuts)] if cuts else opening
    if _OPENING_WHO.search(head):
        found.update(c for c in _OPENING_CODES if _PATTERNS[c].search(head))
    found.update(c for c, pat in _NAME_PATTERNS.items() if name and pat.search(name))
    return tuple(sorted(found))


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
    "immigration_legal": ("immigrants",),
    "domestic_violence": ("crime_victims", "dv_survivors", "abuse_survivors"),
    "wic": ("wic",),
}
#: WIC serves children up to their fifth birthday.
WIC_CHILD_AGE = 5.0
#: Flags (screenings, disclosures) that show a family belongs to a population.
_FLAG_POPULATIONS: dict[str, tuple[str, ...]] = {
    "interpersonal_violence": ("crime_victims", "dv_survivors", "abuse_survivors"),
}
#: A caregiver this old counts as an older adult (the youngest age a senior
#: programme in the real directories states: "Persons ages 55 and older").
OLDER_ADULT_AGE = 55.0


def family_belongs(need_codes: Iterable[str], *, woman_caregiver: bool = False,
                   man_caregiver: bool = False, stated: Iterable[str] = (),
                   flags: Iterable[str] = (), oldest_caregiver: float | None = None,
                   youngest_child: float | None = None, expecting: bool = False) -> int:
    """Bits of the populations a family's own data shows it belongs to.

    A stated or screened shelter need shows homelessness; a substance-use need
    shows substance use in the family; a pregnant or postpartum caregiver, or
    one whose gender is stated female, is a woman (male: a man); a
    domestic-violence need or an ``interpersonal_violence`` flag (``flags``)
    shows a survivor of domestic violence; a caregiver aged
    :data:`OLDER_ADULT_AGE` or more (``oldest_caregiver``) an older adult; a
    pregnant or postpartum caregiver (``expecting``), a child under
    :data:`WIC_CHILD_AGE` (``youngest_child``, years) or a stated WIC need
    WIC's audience;
    ``stated`` are the codes of the family's ``populations`` field.  Everything else
    stays unknown unless the coordinator asked (see :func:`family_outside`).
    """
    codes: set[str] = set(stated)
    for n in need_codes:
        codes.update(_NEED_POPULATIONS.get(n, ()))
    for f in flags:
        codes.update(_FLAG_POPULATIONS.get(f, ()))
    if oldest_caregiver is not None and oldest_caregiver >= OLDER_ADULT_AGE:
        codes.add("older_adults")
    if expecting or (youngest_child is not None and youngest_child < WIC_CHILD_AGE):
        codes.add("wic")
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
