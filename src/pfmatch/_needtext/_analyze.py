"""Words of a stated need: tokens with their place in the text, stop words, stems."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import Stemmer  # PyStemmer: the Snowball stemmers, in C

from pfmatch._needmap import normalize_phrase, strip_accents

__all__ = ["Token", "stem", "tokenize"]

#: a word, apostrophes inside it included ("can't", "I'm"); "&" between letters
#: stays inside the word ("PG&E")
_WORD = re.compile(r"(?u)\w+(?:['\u2019&]\w+)*")
#: characters that end a clause when they sit between two words
_BREAK = re.compile(r"[,;.!?:()\[\]\n/|+]")


class Token(NamedTuple):
    """One word of the text: normalized form, character span, and whether a
    punctuation break comes before it."""

    norm: str
    start: int
    end: int
    broken: bool


@functools.cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer({"en": "english", "es": "spanish"}[lang])


@functools.lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of a normalized word (``"en"`` or ``"es"``)."""
    return str(_stemmer(lang).stemWord(word))


def _norm_word(word: str) -> str:
    w = strip_accents(word.casefold()).replace("'", "").replace("\u2019", "")
    return w.replace("&", "and")


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their spans (into the original text).

    ``"PG&E"`` is one word (``"pgande"``); so are ``"can't"`` (``"cant"``) and
    ``"w/"`` (``"with"``).  A token is ``broken`` when punctuation separates it
    from the word before.
    """
    out: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        gap = text[prev_end:m.start()]
        if out and out[-1].norm == "with" and gap.startswith("/"):
            gap = gap[1:]  # the slash of "w/"
        word = m.group()
        if word.casefold() == "w" and text[m.end():m.end() + 1] == "/":
            norm = "with"
        else:
            norm = _norm_word(word)
        if norm:
            out.append(Token(norm, m.start(), m.end(), bool(out) and bool(_BREAK.search(gap))))
        prev_end = m.end()
    return out


def phrase_words(phrase: str) -> list[str]:
    """The normalized words of a vocabulary phrase (same analysis as the text)."""
    return [t.norm for t in tokenize(phrase)] or normalize_phrase(phrase).split()
