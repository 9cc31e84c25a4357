"""Language names and codes: free text and codes → canonical language codes.

Canonical codes are ISO 639-1 when the language has one, else ISO 639-3
(``"es"``, ``"zh"``, ``"yue"``, ``"ase"``).  The table lives in
``pfmatch/data/languages.csv`` (ISO 639-1, ISO 639-3, English name, Spanish name,
native names, common alternates and misspellings).

Coding decisions (also in ``docs/attributes.md``):

* **Chinese.**  "Chinese", "Mandarin", "中文", "普通话" → ``zh``: in US directories
  "Chinese" almost always means Mandarin and/or written Chinese, and a family
  asking for Mandarin should match a provider that says "Chinese".  Cantonese
  (``yue``) and Taiwanese/Hokkien (``nan``) are kept apart because their speakers
  often do not speak Mandarin.  "Chinese (Cantonese)" → ``yue``.
* **Tagalog / Filipino** → ``tl``.  **Farsi / Persian** → ``fa``; Dari → ``prs``.
* **American Sign Language**, "ASL", "sign language" → ``ase`` (ISO 639-3).
* A bare "Creole" is not resolved (Haitian? Cape Verdean? Louisiana?): it is
  reported as unresolved, never guessed -- except where the directory's region
  has a convention (:func:`regional_language`): in Florida, New York, New
  Jersey, Massachusetts and Connecticut directories "Creole" / "Kreyol" is
  Haitian Creole (``ht``), the Creole those states' 211s list (Haitian Creole
  is the third language of Florida's public schools and of Miami-Dade's 211).
* "Other languages upon request", "all languages", "Language Line" mean
  interpretation is available (``interpretation`` = YES), not a language.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from pfmatch._offering import NO, UNKNOWN, YES, Tri

__all__ = [
    "LanguageParse",
    "known_codes",
    "language_name",
    "language_scope",
    "normalize_language",
    "parse_language_text",
    "regional_language",
]

#: Language names whose meaning depends on the directory's region: (name key,
#: state) → code.  Each is documented in the module docstring and in
#: ``docs/attributes.md``.
_REGIONAL: dict[tuple[str, str], str] = {
    (name, st): "ht"
    for name in ("creole", "kreyol", "kreyol creole", "creole french", "french creole")
    for st in ("FL", "NY", "NJ", "MA", "CT")
}


def regional_language(name: str, state: str | None) -> str | None:
    """The code a region's convention gives an ambiguous language name, or None.

    Parameters
    ----------
    name : str
        A language name as an export writes it ("Creole").
    state : str or None
        The two-letter state of the offering (the directory's region).

    Examples
    --------
    >>> regional_language("Creole", "FL")
    'ht'
    >>> regional_language("Creole", "CA") is None
    True
    """
    if not state or not isinstance(name, str):
        return None
    key = " ".join(_NONWORD.sub(" ", unicodedata.normalize("NFKD", name).encode(
        "ascii", "ignore").decode().lower()).split())
    return _REGIONAL.get((key, state.upper()))

#: ISO 639-2/B bibliographic codes that differ from 639-3 (seen in older data).
_BIBLIOGRAPHIC = {
    "chi": "zh", "fre": "fr", "ger": "de", "per": "fa", "arm": "hy", "gre": "el",
    "dut": "nl", "rum": "ro", "cze": "cs", "slo": "sk", "alb": "sq", "geo": "ka",
    "bur": "my", "may": "ms", "fil": "tl", "cmn": "zh", "pes": "fa", "sgn": "ase",
}

#: Names that are too short or too ambiguous to be spotted inside longer text.
_NO_SCAN = frozenset({"mam", "mong", "viet", "latina", "ibo", "dine", "akan", "maya", "arabi",
                      "bisaya", "hangul", "tw", "twi", "kreyol", "maay", "bangla", "lao"})

#: Words that say something about language service but are not language names.
_FILLER = frozenset(["a", "accommodation", "accommodations", "accommodate", "accommodated", "accommodates", "access", "advance", "advanced", "all", "also", "and", "any", "appointment", "arrangement", "arrangements", "are", "as", "at", "available", "availability", "basis", "by", "call", "can", "clinic", "communicate", "day", "days", "depending", "depends", "details", "for", "from", "groups", "have", "in", "interpreter", "interpreters", "interpretation", "is", "language", "languages", "limited", "line", "lines", "made", "many", "materials", "may", "minimal", "most", "multi", "multilingual", "n", "na", "needed", "no", "none", "not", "notes", "notice", "of", "on", "only", "other", "others", "possible", "prior", "provided", "request", "requested", "see", "services", "service", "some", "special", "speaking", "staff", "the", "through", "to", "translation", "translator", "translators", "upon", "usually", "various", "vary", "varies", "via", "when", "with"])

_WS = re.compile(r"\s+")
_NONWORD = re.compile(r"[^\w']+", re.UNICODE)
_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_PAREN = re.compile(r"([^\s,;()][^,;()]*?)\s*\(([^()]*)\)")
_SENTENCES = re.compile(r"[.;\n]+")
_CHUNKS = re.compile(r"[,/&+:()\[\]]|\s(?:and|or|with|plus|y|e)\s", re.IGNORECASE)
_MATERIALS = re.compile(r"\b(?:materials?|brochures?|literature|pamphlets?|handouts?|flyers?|"
                        r"publications?|application forms?|forms? only|books?)\b",
                        re.IGNORECASE)
_INTERP_YES = re.compile(
    r"language\s*lines?|interpret(?:er|ers|ation|ing|e)?\b|translat(?:or|ors|ion|ing|e)\b|"
    r"accommodat\w*|arrangements?\s+(?:can|are|may|possible)|special arrangements?|"
    r"bi-?lingual|multi-?lingual|all languages|other languages|any language|"
    r"\d+\s+(?:different\s+)?languages|interpretaci[oó]n|int[eé]rpretes?|traducci[oó]n",
    re.IGNORECASE,
)
_INTERP_NO = re.compile(
    r"\bno\s+(?:interpret\w*|translat\w*)|interpret\w*\s+(?:is\s+|are\s+)?not\s+available",
    re.IGNORECASE,
)
_ONLY_AFTER = re.compile(r"([^\W\d_]+)(?:[- ]speaking)?\s+only\b", re.IGNORECASE)
_ONLY_BEFORE = re.compile(r"\bonly\s+(?:in\s+)?([^\W\d_]+)", re.IGNORECASE)
_NO_ENGLISH = re.compile(r"\bno\s+english\b|\benglish\s+(?:is\s+)?not\s+(?:spoken|available)",
                         re.IGNORECASE)

_FUZZY_CUTOFF = 88.0

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?'?s?\.?"
#: Scopes of language help, most specific first (see LanguageParse.scope).
_SCOPE_DAYS = re.compile(r"\b(?:on\s+)?(" + _DAY + r"(?:\s*(?:&|and|,|-|/)\s*" + _DAY + r")*"
                         r"(?:\s+(?:evenings?|mornings?|afternoons?|nights?))?)(?:\s+only)?"
                         r"(?=[\s.,;)]|$)", re.IGNORECASE)
_SCOPE_FOR = re.compile(r"\b(?:translators?|interpreters?|speakers?|staff|available|on[- ]site|"
                        r"spoken|only)\b[^.;]{0,30}?\bfor\s+(?:the\s+)?([A-Za-z][A-Za-z ]{2,30}?)"
                        r"(?=\s*(?:only\b|unit\b|program\b|[.,;)]|$))", re.IGNORECASE)
_SCOPE_FOR_NOT = re.compile(r"^(?:other|all|non|any|most|many|persons?|people|patients?|"
                            r"clients?|callers?|those|deaf|hearing|information|details|more|"
                            r"further|an?|appointments?|assistance|help|services?)\b", re.IGNORECASE)
_SCOPE_PLACE = re.compile(r"\b(?:at\s+(?:the\s+)?[A-Z][\w ]{0,40}?\b(?:site|location|office|clinic|"
                          r"center|centre)s?\b|\d+\s+location\s+only|(?:some|certain|selected|"
                          r"ethnic)\s+(?:sites|locations|offices|clinics)|depending on the (?:clinic|"
                          r"site|location|office)|var(?:y|ies) (?:according to|by|with) (?:the )?"
                          r"(?:office|site|location|program|clinic))", re.IGNORECASE)
_SCOPE_LIMITED = re.compile(r"\b(?:limited|basic|some|minimal|medical)\s+(?:[a-z]+\s+)?"
                            r"(?:spanish|[A-Z][a-z]+)\b|\((?:limited)\)|\bspanish \(limited\)",
                            re.IGNORECASE)
_SCOPE_NOTICE = re.compile(r"\badvanced? notice\b|\bprior arrangements?\b|\badvance arrangements?\b|"
                           r"\barrangements? (?:are |is )?made in advance\b|\bcall ahead\b|"
                           r"\b\d+\s*(?:-\s*)?hours?'?s? notice\b|\bweek'?s? (?:advance )?notice\b|"
                           r"\bby appointment\b", re.IGNORECASE)


def language_scope(text: str) -> str | None:
    """What limits the language help a text names ("Spanish speaker available Fridays only").

    Returns a few words -- "on Fridays", "for tax assistance", "at some
    locations", "limited", "with advance notice" -- or None when the help is
    unqualified.  See :attr:`LanguageParse.scope`.

    Examples
    --------
    >>> language_scope("Spanish speaker available Friday's only.")
    'on Fridays'
    >>> language_scope("Spanish translators available for Tax Assistance.")
    'for tax assistance'
    >>> language_scope("Spanish, French.") is None
    True
    """
    if not isinstance(text, str) or not text.strip():
        return None
    m = _SCOPE_DAYS.search(text)
    if m:
        days = m.group(1).strip(" .").lower()
        part_of_day = re.search(r"evening|morning|afternoon|night", days) is not None
        words = []
        for w in re.findall(r"[a-z']+|&|,", days):
            day = next((full for full in _DAY_NAMES if w.startswith(full[:3].lower())), None)
            if day is None:
                words.append(w.replace("'", ""))
            else:
                words.append(day if part_of_day else day + "s")
        out = " ".join(words)
        return "on " + out.replace(" ,", ",")
    for m in _SCOPE_FOR.finditer(text):
        what = m.group(1).strip()
        if not _SCOPE_FOR_NOT.match(what) and _lookup_name(_key(what)) is None:
            return "for " + what.lower()
    if _SCOPE_PLACE.search(text):
        return "at some locations"
    if _SCOPE_LIMITED.search(text):
        return "limited"
    if _SCOPE_NOTICE.search(text):
        return "with advance notice" if not re.search(r"by appointment", text, re.IGNORECASE) \
            else "by appointment"
    return None


@dataclass(frozen=True, slots=True)
class LanguageParse:
    """What a free-text language cell says.

    Attributes
    ----------
    codes : tuple of str
        Canonical codes of the languages named, in order of first mention.
    interpretation : Tri
        ``YES`` when the text offers interpretation or other-language
        accommodation ("Language Line", "interpreters available",
        "Accommodations possible"), ``NO`` when it denies it, else ``UNKNOWN``.
    only : bool
        The text limits service to the named languages ("Spanish only", "no English").
    unresolved : tuple of str
        Short fragments that look like language names but were not recognized
        (e.g. "Creole"), for the load report.
    scope : str or None
        What limits the language help the text names, in a few words, when it
        says so: "on Fridays", "for tax assistance", "at some locations",
        "limited", "with advance notice".  None when the help is unqualified.
        The languages stay offered; a reason should carry the scope.
    """

    codes: tuple[str, ...] = ()
    interpretation: Tri = UNKNOWN
    only: bool = False
    unresolved: tuple[str, ...] = ()
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class _Language:
    code: str
    iso639_3: str
    english: str
    spanish: str


def _key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive lookup key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", _NONWORD.sub(" ", stripped)).strip()


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, _Language], dict[str, str], dict[str, str]]:
    """(languages by canonical code, codes → canonical, name keys → canonical)."""
    languages: dict[str, _Language] = {}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    text = resources.files("pfmatch").joinpath("data/languages.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        code = row["iso639_1"].strip() or row["iso639_3"].strip()
        languages[code] = _Language(code, row["iso639_3"].strip(), row["english"].strip(),
                                    row["spanish"].strip())
        for c in (row["iso639_1"], row["iso639_3"]):
            if c.strip():
                codes.setdefault(c.strip().lower(), code)
        for field in ("english", "spanish", "native", "alternates"):
            for name in row[field].split("|"):
                k = _key(name)
                if k:
                    names.setdefault(k, code)
    for b, canonical in _BIBLIOGRAPHIC.items():
        codes.setdefault(b, canonical)
    return languages, codes, names


def known_codes() -> tuple[str, ...]:
    """All canonical codes in the language table, sorted."""
    return tuple(sorted(_table()[0]))


def _lookup_code(text: str) -> str | None:
    _, codes, _ = _table()
    raw = text.strip().lower().replace("_", "-")
    if raw in codes:
        return codes[raw]
    if raw in ("zh-yue", "zh-hk"):
        return "yue"
    if raw in ("zh-min-nan", "zh-tw-nan"):
        return "nan"
    primary = raw.split("-", 1)[0]
    if primary != raw and 2 <= len(primary) <= 3 and primary in codes:
        return codes[primary]
    return None


def _lookup_name(key: str) -> str | None:
    return _table()[2].get(key)


@lru_cache(maxsize=8192)
def _exact(text: str) -> str | None:
    """Code or name lookup without fuzzy matching."""
    if not text or not text.strip():
        return None
    stripped = text.strip()
    if len(stripped) <= 11 and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", stripped):
        hit = _lookup_code(stripped)
        if hit is not None:
            return hit
    key = _key(stripped)
    hit = _lookup_name(key)
    if hit is not None:
        return hit
    if key.endswith(" language"):
        return _lookup_name(key[: -len(" language")])
    return None


@lru_cache(maxsize=8192)
def _fuzzy(key: str) -> str | None:
    """Strict fuzzy lookup for one short misspelled name; None when unsure."""
    if not 4 <= len(key) <= 30:
        return None
    names = _table()[2]
    candidates = [n for n in names if n[:1] == key[:1] and abs(len(n) - len(key)) <= 3]
    if not candidates:
        return None
    hits = process.extract(key, candidates, scorer=fuzz.ratio, limit=3,
                           score_cutoff=_FUZZY_CUTOFF)
    if not hits:
        return None
    best_code = names[hits[0][0]]
    # Refuse when a different language scores almost as well.
    for name, score, _ in hits[1:]:
        if names[name] != best_code and score >= hits[0][1] - 3:
            return None
    return best_code


def normalize_language(text: str) -> str | None:
    """The canonical code for one language code or name, or None when unsure.

    Parameters
    ----------
    text : str
        An ISO 639-1/-2/-3 code or BCP 47 tag (``"es"``, ``"spa"``, ``"es-MX"``),
        or an English, Spanish or native name, any case, with or without accents
        ("Spanish", "español", "Tiếng Việt", "한국어").  Short misspellings
        ("Spansh", "Portugese") are matched with a strict fuzzy cutoff.

    Returns
    -------
    str or None
        ISO 639-1 when one exists, else ISO 639-3; None when the text is not
        recognized with confidence.  Never a guess.

    Examples
    --------
    >>> normalize_language("Español")
    'es'
    >>> normalize_language("Chinese (Cantonese)")
    'yue'
    """
    if not isinstance(text, str) or not text.strip():
        return None
    hit = _exact(text)
    if hit is not None:
        return hit
    m = _PAREN.fullmatch(text.strip())
    if m:
        outer, inner = _exact(m.group(1)), _exact(m.group(2))
        if inner is not None and (outer is None or outer == "zh"):
            return inner
        if outer is not None:
            return outer
    key = _key(text)
    if not key or len(key.split()) > 3:
        return None
    return _fuzzy(key)


def language_name(code: str, *, lang: str = "en") -> str:
    """Display name of a language.

    Parameters
    ----------
    code : str
        A canonical code (or anything :func:`normalize_language` accepts).
    lang : {"en", "es"}
        Language of the display name.

    Returns
    -------
    str
        The English or Spanish name; the input unchanged when it is not a known
        language.

    Raises
    ------
    ValueError
        When ``lang`` is not ``"en"`` or ``"es"``.
    """
    if lang not in ("en", "es"):
        raise ValueError(f"lang must be 'en' or 'es'; got {lang!r}")
    languages = _table()[0]
    canonical = code if code in languages else normalize_language(code)
    if canonical is None or canonical not in languages:
        return code
    entry = languages[canonical]
    return entry.english if lang == "en" else entry.spanish


def _exact_name(text: str) -> str | None:
    """Name lookup only (no codes: "No." is not Norwegian in a free-text cell)."""
    key = _key(text)
    hit = _lookup_name(key)
    if hit is None and key.endswith(" language"):
        hit = _lookup_name(key[: -len(" language")])
    return hit


def _scan_chunk(chunk: str) -> list[str]:
    """Languages named inside one chunk of text (exact names, longest n-grams first)."""
    words = _key(chunk).split()
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            gram = " ".join(words[i:i + n])
            if n == 1 and gram in _NO_SCAN:
                continue
            hit = _lookup_name(gram)
            if hit is not None:
                found.append(hit)
                i += n
                break
        else:
            i += 1
    return found


def _resolve_parens(sentence: str) -> str:
    """Rewrite "Chinese (Cantonese)" to "Cantonese"; keep the outer name otherwise."""

    def repl(m: re.Match[str]) -> str:
        outer_text, inner_text = m.group(1), m.group(2)
        outer, inner = _exact(outer_text), _exact(inner_text)
        if inner is not None and (outer is None or outer == "zh"):
            return inner_text
        if outer is not None:
            return outer_text
        return f"{outer_text}, {inner_text}"

    return _PAREN.sub(repl, sentence)


@lru_cache(maxsize=4096)
def parse_language_text(text: str) -> LanguageParse:
    """Parse a free-text language cell ("Spanish, Tagalog", "ASL.", "Language Line.").

    Parameters
    ----------
    text : str
        The cell.  Any text is accepted; this never raises.

    Returns
    -------
    LanguageParse
        Codes named (materials-only mentions such as "brochures in Spanish" are
        ignored), interpretation, whether service is limited to the named
        languages ("Spanish only", "no English"), and unresolved fragments.

    Examples
    --------
    >>> parse_language_text("Spanish, Tagalog").codes
    ('es', 'tl')
    >>> parse_language_text("Language Line.").interpretation
    1
    """
    if not isinstance(text, str) or not text.strip():
        return LanguageParse()
    clean = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    codes: list[str] = []
    unresolved: list[str] = []
    for sentence in _SENTENCES.split(clean):
        if not sentence.strip() or _MATERIALS.search(sentence):
            continue
        for chunk in _CHUNKS.split(_resolve_parens(sentence)):
            if not chunk or not chunk.strip():
                continue
            exact = _exact_name(chunk)
            hits = [exact] if exact is not None else _scan_chunk(chunk)
            words = _key(chunk).split()
            if not hits and 1 <= len(words) <= 2 and not any(w in _FILLER for w in words):
                fuzzy = _fuzzy(" ".join(words))
                if fuzzy is not None:
                    hits = [fuzzy]
                elif all(w.isalpha() for w in words):
                    unresolved.append(chunk.strip())
            codes.extend(h for h in hits if h not in codes)
    interpretation: Tri = UNKNOWN
    if _INTERP_NO.search(clean):
        interpretation = NO
    elif _INTERP_YES.search(clean):
        interpretation = YES
    only = bool(_NO_ENGLISH.search(clean))
    if not only:
        for m in (*_ONLY_AFTER.finditer(clean), *_ONLY_BEFORE.finditer(clean)):
            if _exact_name(m.group(1)) is not None:
                only = True
                break
    return LanguageParse(tuple(codes), interpretation, only, tuple(unresolved),
                         language_scope(clean) if (codes or interpretation == YES) else None)
