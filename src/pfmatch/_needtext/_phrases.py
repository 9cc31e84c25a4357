"""The need phrase index: stemmed phrases of needs.toml and need_text.toml -> need codes."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from pfmatch._datafiles import load_toml
from pfmatch._needtext._analyze import phrase_words, stem

__all__ = ["IGNORED", "LANGS", "PhraseIndex", "phrase_index"]

LANGS: tuple[str, ...] = ("en", "es")
#: the code of a phrase that is known not to be a need ("car insurance")
IGNORED = ""


@dataclass(frozen=True, eq=False)
class PhraseIndex:
    """Stemmed phrase keys per language, and the word lists reading needs.

    Attributes
    ----------
    keys : dict
        Language -> stem tuple -> need code; ``None`` when two needs claim the
        key (ambiguous), :data:`IGNORED` for a phrase known not to be a need.
    standalone : dict
        Language -> one-stem keys that count only as a whole clause.
    standalone_exact : frozenset of str
        Words (not stems) that count only as a whole clause ("house", whose
        stem is that of "housing").
    stop : dict
        Language -> stop words.
    """

    keys: dict[str, dict[tuple[str, ...], str | None]]
    standalone: dict[str, frozenset[tuple[str, ...]]]
    standalone_exact: frozenset[str]
    stop: dict[str, frozenset[str]]
    fillers: frozenset[str]
    split: frozenset[str]
    negate_before: tuple[tuple[str, ...], ...]
    negate_after: tuple[tuple[str, ...], ...]
    negate_gap: frozenset[str]
    negate_after_final: tuple[tuple[str, ...], ...]
    standalone_ok: frozenset[str]
    context: tuple[tuple[str, str, bool, tuple[tuple[str, ...], ...]], ...]
    words: dict[str, frozenset[str]]
    longest: dict[str, dict[str, int]]
    known_stems: dict[str, frozenset[str]]
    vocab: tuple[str, ...]
    conflicts: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = field(repr=False)

    def key(self, words: list[str], lang: str) -> tuple[str, ...]:
        """The stem key of a phrase's words (stop words dropped)."""
        return tuple(stem(w, lang) for w in words if w not in self.stop[lang])


def _phrases_by_code(needs: list[dict[str, Any]], extra: list[dict[str, Any]]
                     ) -> dict[str, list[tuple[str, str]]]:
    """Language -> [(phrase, code)] from both need files."""
    kw_owner: dict[str, set[str]] = {}
    for n in needs:
        for kw in n.get("keywords", []):
            kw_owner.setdefault(kw.casefold(), set()).add(n["code"])
    out: dict[str, list[tuple[str, str]]] = {"en": [], "es": []}
    for n in needs:
        c = n["code"]
        out["en"] += [(p, c) for p in (c, n["label"], *n.get("synonyms", []))]
        out["en"] += [(k, c) for k in n.get("keywords", []) if kw_owner[k.casefold()] == {c}]
        out["es"] += [(p, c) for p in (n.get("label_es", ""), *n.get("synonyms_es", [])) if p]
    for e in extra:
        for lang in LANGS:
            out[lang] += [(p, e["code"]) for p in e.get(lang, [])]
    return out


def build(needs_doc: dict[str, Any], text_doc: dict[str, Any]) -> PhraseIndex:
    """Compile the two need files into a :class:`PhraseIndex`."""
    codes = {n["code"] for n in needs_doc["need"]}
    stop = {"en": frozenset(text_doc["stop_en"]), "es": frozenset(text_doc["stop_es"])}
    keys: dict[str, dict[tuple[str, ...], str | None]] = {"en": {}, "es": {}}
    owners: dict[str, dict[tuple[str, ...], set[str]]] = {"en": {}, "es": {}}
    for e in [*text_doc.get("phrases", []), *text_doc.get("context", [])]:
        for c in (e["code"], e.get("becomes", e["code"])):
            if c not in codes:
                raise ValueError(f"need_text.toml: unknown need code {c!r}")
    by_lang = _phrases_by_code(needs_doc["need"], [])
    extra = _phrases_by_code([], text_doc.get("phrases", []))
    vocab: set[str] = set()
    weak = frozenset(text_doc.get("standalone_ok", []))
    words: dict[str, frozenset[str]] = {}
    for lang in LANGS:
        words[lang] = frozenset(w for table in (by_lang, extra) for p, _ in table[lang]
                                for w in phrase_words(p))
        # need_text.toml is written for reading sentences: where its phrase and
        # a needs.toml phrase share a key, need_text.toml decides
        claimed: dict[tuple[str, ...], set[str]] = {}
        for source, table in ((extra, claimed), (by_lang, owners[lang])):
            for phrase, code in source[lang]:
                ws = [w for w in phrase_words(phrase) if w not in stop[lang]]
                vocab.update(w for w in ws if len(w) >= 4)
                k = tuple(stem(w, lang) for w in ws)
                if k and not all(w in weak for w in ws):   # "no", "not" alone say nothing
                    table.setdefault(k, set()).add(code)
        for k, who in owners[lang].items():
            keys[lang][k] = next(iter(who)) if len(who) == 1 else None
        for k, who in claimed.items():
            keys[lang][k] = next(iter(who)) if len(who) == 1 else None
            if len(who) == 1:
                owners[lang].pop(k, None)
            else:
                owners[lang][k] = who
        for phrase in text_doc.get("ignore", []):
            k = tuple(stem(w, lang) for w in phrase_words(phrase) if w not in stop[lang])
            if k:
                keys[lang][k] = IGNORED
    conflicts = tuple((lang, k, tuple(sorted(who))) for lang in LANGS
                      for k, who in sorted(owners[lang].items()) if len(who) > 1)
    known = {lang: frozenset(s for k in keys[lang] for s in k) for lang in LANGS}

    def cues(name: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(phrase_words(c)) for c in text_doc.get(name, []))

    return PhraseIndex(
        keys=keys, stop=stop,
        standalone={lang: frozenset((stem(w, lang),) for w in text_doc.get("standalone", []))
                    for lang in LANGS},
        standalone_exact=frozenset(text_doc.get("standalone_exact", [])),
        fillers=frozenset(text_doc.get("fillers", [])),
        split=frozenset(text_doc.get("split", [])),
        negate_before=cues("negate_before"), negate_after=cues("negate_after"),
        negate_gap=frozenset(text_doc.get("negate_gap", [])),
        negate_after_final=cues("negate_after_final"),
        standalone_ok=frozenset(text_doc.get("standalone_ok", [])),
        context=tuple((c["code"], c["becomes"], c.get("scope") == "text",
                       tuple(tuple(phrase_words(w)) for w in c["when"]))
                      for c in text_doc.get("context", [])),
        words=words,
        longest={lang: _longest(keys[lang]) for lang in LANGS},
        known_stems=known, vocab=tuple(sorted(vocab)), conflicts=conflicts,
    )


def _longest(keys: dict[tuple[str, ...], str | None]) -> dict[str, int]:
    """First stem -> length of the longest key starting with it."""
    out: dict[str, int] = {}
    for k in keys:
        out[k[0]] = max(out.get(k[0], 0), len(k))
    return out


@functools.cache
def phrase_index() -> PhraseIndex:
    """The phrase index of the bundled need files (built once)."""
    return build(load_toml("needs.toml"), load_toml("need_text.toml"))
