"""Read one stated need text: phrases found, negated, leftovers.

The flow for one text (cached per text):

1. words with their places (:func:`~pfmatch._needtext._analyze.tokenize`), clause
   breaks at punctuation and at ``split`` words ("and", "pero");
2. misspelt words corrected against the phrase words (rapidfuzz);
3. the longest stemmed phrases, English and Spanish, that do not overlap;
4. negation cues ("not", "no necesito", "... not needed") remove the needs
   they reach;
5. clauses with words that matched nothing are the leftovers (``unresolved``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pfmatch._needtext._analyze import Token, stem, tokenize
from pfmatch._needtext._phrases import IGNORED, LANGS, PhraseIndex

__all__ = ["Reading", "read"]

#: misspelt words are corrected to the nearest phrase word within this many
#: edits (optimal string alignment: a swap of two letters is one edit)
FIX_EDITS_SHORT = 1       # 5-7 letters
FIX_EDITS = 2             # 8 letters or more
FIX_LONG = 8
FIX_MIN_LEN = 5


class _Hit(NamedTuple):
    first: int          # token index of the first word
    last: int           # token index of the last word
    size: int           # content words matched
    lang: str
    code: str | None    # None: ambiguous


@dataclass(frozen=True)
class Reading:
    """What one stated need text says.

    Attributes
    ----------
    codes : tuple of str
        Need codes found, in the order of the text (each once).
    negated : tuple of str
        Need codes the text rules out ("not food").
    unresolved : tuple of str
        Clauses (as typed) whose words matched no need.
    ambiguous : bool
        A phrase of the text belongs to two needs.
    ignored : bool
        A phrase of the text is known not to be a need ("car insurance").
    """

    codes: tuple[str, ...]
    negated: tuple[str, ...]
    unresolved: tuple[str, ...]
    ambiguous: bool
    ignored: bool = False


def _language(tokens: list[Token], px: PhraseIndex) -> str | None:
    en = sum(t.norm in px.stop["en"] and t.norm not in px.stop["es"] for t in tokens)
    es = sum(t.norm in px.stop["es"] and t.norm not in px.stop["en"] for t in tokens)
    return "en" if en > es else "es" if es > en else None


def _is_content(w: str, px: PhraseIndex) -> bool:
    return not (w in px.stop["en"] or w in px.stop["es"] or w in px.split or w.isdigit())


def _slip(w: str, fix: str) -> bool:
    """A typing slip in a short word: a letter left out or doubled, or two
    letters swapped; a changed letter more often makes another real word
    ("takes" / "taxes", "cocinar" / "cocaina")."""
    return abs(len(w) - len(fix)) == 1 or sorted(w) == sorted(fix)


def _correct(words: list[str], px: PhraseIndex) -> list[str]:
    out = []
    for w in words:
        if (len(w) >= FIX_MIN_LEN and _is_content(w, px) and w not in px.fillers
                and not any(stem(w, lang) in px.known_stems[lang] for lang in LANGS)):
            edits = FIX_EDITS if len(w) >= FIX_LONG else FIX_EDITS_SHORT
            best = process.extractOne(w, px.vocab, scorer=OSA.distance, score_cutoff=edits)
            if best is not None and (len(w) >= FIX_LONG or _slip(w, best[0])):
                w = best[0]
        out.append(w)
    return out


def _segments(tokens: list[Token], px: PhraseIndex) -> list[int]:
    """Clause number per token (-1 for a split word itself)."""
    seg, out = 0, []
    for i, t in enumerate(tokens):
        if t.broken and i:
            seg += 1
        if t.norm in px.split:
            out.append(-1)
            seg += 1
        else:
            out.append(seg)
    return out


def _own_word(w: str, words: frozenset[str]) -> bool:
    """``w`` is one of ``words``, or its plural or singular."""
    return (w in words or f"{w}s" in words or f"{w}es" in words
            or (w.endswith("s") and w[:-1] in words) or (w.endswith("es") and w[:-2] in words))


def _candidates(words: list[str], tokens: list[Token], seg: list[int],
                px: PhraseIndex, pref: str | None) -> list[_Hit]:
    """Every phrase of either language found in the words.

    In a text that is plainly one language, a phrase of the other counts only
    when its words are that language's own words ("la renta" in English, yes;
    "comes" read as Spanish "com-", no).
    """
    # a cue of several words ("no necesito", "already have") is never part of a need phrase
    held = {k for a, b in _cue_spans(words, px.negate_before + px.negate_after) if b > a
            for k in range(a, b + 1)}
    hits: list[_Hit] = []
    for lang in LANGS:
        stop = px.stop[lang]
        seq = [(i, stem(w, lang)) for i, w in enumerate(words) if w not in stop]
        for j in range(len(seq)):
            longest = px.longest[lang].get(seq[j][1], 0)
            for n in range(min(longest, len(seq) - j), 0, -1):
                first, last = seq[j][0], seq[j + n - 1][0]
                if any(tokens[k].broken for k in range(first + 1, last + 1)):
                    continue
                if any(k in held for k in range(first, last + 1)):
                    continue
                key = tuple(s for _, s in seq[j:j + n])
                if key not in px.keys[lang]:
                    continue
                if pref is not None and lang != pref and any(
                        words[i] not in px.words[lang] for i, _ in seq[j:j + n]):
                    continue
                if n == 1 and lang == "es" and not _own_word(words[first], px.words[lang]):
                    continue   # Spanish stems join verb forms: "mandaron" is not "mandado"
                if n == 1 and (key in px.standalone[lang]
                               or _own_word(words[first], px.standalone_exact)):
                    clause = [w for i, w in enumerate(words) if seg[i] == seg[first]
                              and w not in stop and w not in px.fillers
                              and w not in px.standalone_ok]
                    if len(clause) != 1:
                        continue
                hits.append(_Hit(first, last, n, lang, px.keys[lang][key]))
    return hits


def _choose(hits: list[_Hit], pref: str | None) -> list[_Hit]:
    """Longest first, then the text's language, then earliest; no overlaps.

    Two same-size phrases of the other language on the same words with another
    code make the words ambiguous unless the text's language decides.
    """
    order = sorted(hits, key=lambda h: (-h.size, h.lang != pref, h.first, h.lang))
    taken: list[_Hit] = []
    used: set[int] = set()
    for h in order:
        span = set(range(h.first, h.last + 1))
        if span & used:
            same = [t for t in taken if (t.first, t.last, t.size) == (h.first, h.last, h.size)]
            if same and pref is None and same[0].code != h.code and h.code != IGNORED:
                taken[taken.index(same[0])] = same[0]._replace(code=None)
            continue
        taken.append(h)
        used |= span
    return sorted(taken, key=lambda h: h.first)


def _cue_spans(words: list[str], cues: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """(first, last) word index of every occurrence of a cue phrase."""
    by_first = _by_first(cues)
    spans = []
    for i, w in enumerate(words):
        for c in by_first.get(w, ()):
            if tuple(words[i:i + len(c)]) == c:
                spans.append((i, i + len(c) - 1))
    return spans


@functools.lru_cache(maxsize=64)
def _by_first(cues: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for c in cues:
        if c:
            out.setdefault(c[0], []).append(c)
    return {k: tuple(v) for k, v in out.items()}


def _negated(words: list[str], tokens: list[Token], seg: list[int], chosen: list[_Hit],
             px: PhraseIndex) -> set[int]:
    """Indices into ``chosen`` of the hits a negation cue reaches.

    A cue before needs reaches the next need when only ``negate_gap`` words sit
    between them, and goes on through "or" / "ni" ("not food or clothes"); a
    punctuation break or any other word ends it.  A cue after a need ("food
    stamps not needed") reaches back the same way.  A cue inside a phrase
    ("not talking", "no tengo donde vivir") is part of that phrase.
    """
    inside = {k for h in chosen for k in range(h.first, h.last + 1)}
    chain = {"or", "nor", "o", "u", "ni"}

    def gap_ok(a: int, b: int) -> bool:   # words strictly between a and b, and b itself
        if any(tokens[k].broken for k in range(a + 1, b + 1)):
            return False
        return all(words[k] in px.negate_gap or words[k] in chain for k in range(a + 1, b))

    out: set[int] = set()
    for a, b in _cue_spans(words, px.negate_before):
        if any(k in inside for k in range(a, b + 1)):
            continue
        edge = b
        for idx, h in enumerate(chosen):
            if h.first <= edge:
                continue
            if not gap_ok(edge, h.first):
                break
            out.add(idx)
            edge = h.last
    final = [(a, b) for a, b in _cue_spans(words, px.negate_after_final)
             if b + 1 == len(words) or tokens[b + 1].broken or seg[b + 1] == -1]
    for a, b in [*_cue_spans(words, px.negate_after), *final]:
        if any(k in inside for k in range(a, b + 1)):
            continue
        edge = a
        for idx in range(len(chosen) - 1, -1, -1):
            h = chosen[idx]
            if h.last >= edge:
                continue
            if not gap_ok(h.last, edge):
                break
            out.add(idx)
            edge = h.first
    return out


def _narrow(words: list[str], seg: list[int], chosen: list[_Hit], px: PhraseIndex
            ) -> list[_Hit]:
    """Context rules: a broad need in a clause that names a child or a new baby
    becomes the narrower one (``[[context]]`` in need_text.toml).  When the
    text states one need in a clause of its own ("my teen is so angry, needs
    counseling"), the rest of the text is its context."""
    out = []
    for h in chosen:
        own = [i for i, _ in enumerate(words) if seg[i] == seg[h.first]]
        bare = (len(chosen) == 1   # the text's only need: the rest describes who needs it
                and all(h.first <= i <= h.last or not _is_content(words[i], px) for i in own))
        for code, becomes, whole, when in px.context:
            if h.code != code:
                continue
            clause = words if whole or bare else [words[i] for i in own]
            if any(_cue_spans(clause, when)):
                h = h._replace(code=becomes)
                break
        out.append(h)
    return out


def read(text: str, px: PhraseIndex) -> Reading:
    """Read one stated need text (see the module docstring for the steps)."""
    tokens = tokenize(text)
    if not tokens:
        return Reading((), (), (), False, False)
    seg = _segments(tokens, px)
    words = _correct([t.norm for t in tokens], px)
    pref = _language(tokens, px)
    chosen = _choose(_candidates(words, tokens, seg, px, pref), pref)
    neg = _negated(words, tokens, seg, chosen, px)
    chosen = _narrow(words, seg, chosen, px)
    codes: list[str] = []
    negated: list[str] = []
    for idx, h in enumerate(chosen):
        if h.code is None or h.code == IGNORED:
            continue
        dest = negated if idx in neg else codes
        if h.code not in dest:
            dest.append(h.code)
    negated = [c for c in negated if c not in codes]   # "no food bank, just food": food
    cue_words = {k for spans in (_cue_spans(words, px.negate_before),
                                 _cue_spans(words, px.negate_after)) for a, b in spans
                 for k in range(a, b + 1)}
    answered = {seg[k] for h in chosen if h.code for k in range(h.first, h.last + 1)}
    leftovers: dict[int, list[int]] = {}
    for i in range(len(words)):
        if seg[i] < 0 or seg[i] in answered or i in cue_words:
            continue
        if any(h.first <= i <= h.last for h in chosen if h.code):
            continue
        leftovers.setdefault(seg[i], []).append(i)
    unresolved = []
    for idxs in leftovers.values():
        if any(_is_content(words[i], px) and words[i] not in px.fillers for i in idxs):
            clause = [k for k in range(len(tokens)) if seg[k] == seg[idxs[0]]]
            unresolved.append(text[tokens[clause[0]].start:tokens[clause[-1]].end])
    return Reading(tuple(codes), tuple(negated), tuple(unresolved),
                   any(h.code is None for h in chosen), any(h.code == IGNORED for h in chosen))
