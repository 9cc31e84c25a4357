"""Lexical search over the directory's own text, for what a family said that maps to no need code.

A stated need that the need vocabulary cannot resolve ("ged classes",
"speech therapy for my son") is not thrown away: it is matched against each
offering's service name, organization name, taxonomy term names and
description, and the answer becomes one more need column for that family
(see :func:`pfmatch._query.with_text_needs`).

Scoring is BM25's term weighting turned into a bounded relevance:

* each word is lower-cased, stripped of accents and stemmed (Snowball,
  English); stop words and words that only say who needs help or that help
  is needed (``data/textsearch.toml``) are ignored;
* for a stated text with distinct stems ``Q`` and an offering ``d``,
  ``relevance(d) = 0.8 * sum_t idf(t) * m(t, d) / sum_t idf(t)`` where
  ``m(t, d) = min(1, tf (k1 + 1) / (tf + k1 (1 - b + b |d| / avgdl)))`` is
  BM25's saturated term frequency (one mention in a record of average length
  gives 1) and ``idf`` is BM25's (Lucene) inverse document frequency over the
  directory.  A stem the directory never uses counts with the median idf, so
  a text whose informative words no record uses matches weakly.

The relevance is the idf-weighted share of the family's words that the record
uses, at most 0.8 like the need vocabulary's text similarity; below
:data:`MIN_RELEVANCE` (56 % of what was said) it is 0, so a record answers
only when most of what was said is there.  The term matrix is
built once per index on first use (each distinct word is stemmed once and
the counts summed in one sparse matrix); a query is one pass over the postings of its few
stems, never a loop over offerings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pfmatch._datafiles import load_toml
from pfmatch._needmap import STOP_WORDS, normalize_phrase, strip_accents
from pfmatch._offering import Offering

__all__ = ["MAX_RELEVANCE", "MIN_RELEVANCE", "TextSearch", "offering_text", "snippet"]

#: The most a text match can count (a taxonomy match counts 1.0).
MAX_RELEVANCE = 0.8
#: The least that counts: well over half of what was said (by idf) is in the
#: record, so "ged classes" is not answered by "parenting classes".  Below it
#: the relevance is 0.
MIN_RELEVANCE = 0.45
K1 = 1.2
B = 0.75
_WORD = re.compile(r"(?u)\b\w\w+\b")


@functools.lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    data = load_toml("textsearch.toml")["ignore"]
    return STOP_WORDS | frozenset(w for words in data.values() for w in words)


@functools.lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (English) stem of a lower-case, accent-free word."""
    return str(_stemmer().stemWord(word))


#: A clause that says what a service does not do ("Does not offer burial assistance").
_NEGATED = re.compile(r"\b(?:does not|do not|doesn'?t|don'?t|cannot|can'?t|will not|won'?t|no longer|"
                      r"not (?:offer|provide|available|accept|serve|cover)\w*|unable to)\b", re.IGNORECASE)
_CLAUSES = re.compile(r"[.;:\n•|()]+")


def affirmed(text: str) -> str:
    """``text`` without its negated clauses: the search never matches what a record denies."""
    if not _NEGATED.search(text):
        return text
    return " ".join(c for c in _CLAUSES.split(text) if c.strip() and not _NEGATED.search(c))


def offering_text(o: Offering) -> str:
    """The text of an offering that the search reads (names count twice, denials not at all)."""
    names = f"{o.service_name} {o.organization_name}"
    return " ".join((names, names, " ".join(o.taxonomy_names), affirmed(o.description)))


def query_stems(text: str) -> tuple[str, ...]:
    """Distinct stems of the informative words of ``text``, in order of first use."""
    out: dict[str, None] = {}
    ignored = _ignored()
    for w in _WORD.findall(normalize_phrase(text)):
        if w not in ignored and not w.isdigit():
            out.setdefault(stem(w), None)
    return tuple(out)


@dataclass(frozen=True, eq=False)
class TextSearch:
    """Saturated term weights of every offering (rows) for every stem (columns).

    Attributes
    ----------
    vocab : dict of str to int
        Stem -> column.
    idf : ndarray of float64
        BM25 (Lucene) idf per column.
    weight : scipy.sparse.csc_matrix
        (N, V) float32: ``m(t, d)`` of the module notes.
    """

    vocab: dict[str, int]
    idf: np.ndarray
    weight: sp.csc_matrix

    @classmethod
    def build(cls, texts: Sequence[str]) -> TextSearch:
        """Index one text per offering (see :func:`offering_text`)."""
        n = len(texts)
        ignored = _ignored()
        word_id: dict[str, int] = {}
        docs: list[int] = []
        ids: list[int] = []
        length = np.zeros(n, dtype=np.float64)
        for i, text in enumerate(texts):
            words = _WORD.findall(strip_accents(text.casefold()))
            length[i] = len(words)
            ids.extend(word_id.setdefault(w, len(word_id)) for w in words)
            docs.extend([i] * len(words))
        # one stem per distinct word, then (doc, stem) counts with one sparse sum
        vocab: dict[str, int] = {}
        to_stem = np.full(len(word_id), -1, dtype=np.int64)
        for w, j in word_id.items():
            if w not in ignored and not w.isdigit():
                to_stem[j] = vocab.setdefault(stem(w), len(vocab))
        col = to_stem.take(np.asarray(ids, dtype=np.int64))
        keep = col >= 0
        tf = sp.csc_matrix((np.ones(int(keep.sum()), dtype=np.float32),
                            (np.asarray(docs, dtype=np.int64)[keep], col[keep])),
                           shape=(n, len(vocab)))
        tf.sum_duplicates()
        tf.sort_indices()
        avg = float(length.mean()) if n and length.mean() > 0 else 1.0
        df = np.diff(tf.indptr).astype(np.float64)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        norm = K1 * (1.0 - B + B * length / avg)
        t = tf.data.astype(np.float64)
        tf.data = np.minimum(1.0, t * (K1 + 1.0) / (t + norm.take(tf.indices))).astype(np.float32)
        return cls(vocab, idf, tf)

    @functools.cached_property
    def _median_idf(self) -> float:
        return float(np.median(self.idf)) if len(self.idf) else 1.0

    def relevance(self, text: str) -> tuple[np.ndarray, tuple[str, ...]]:
        """Relevance of every offering to ``text`` (float32, N) and the stems read.

        All zeros when no informative word of the text is in the directory.
        """
        n = self.weight.shape[0]
        out = np.zeros(n, dtype=np.float32)
        stems = query_stems(text)
        if not stems:
            return out, stems
        cols = [self.vocab.get(s) for s in stems]
        idf = [self.idf[c] if c is not None else self._median_idf for c in cols]
        total = float(sum(idf))
        if total <= 0 or all(c is None for c in cols):
            return out, stems
        acc = np.zeros(n, dtype=np.float64)
        w = self.weight
        for c, v in zip(cols, idf, strict=True):
            if c is not None:
                a, b = int(w.indptr[c]), int(w.indptr[c + 1])
                acc[w.indices[a:b]] += v * w.data[a:b]
        acc *= MAX_RELEVANCE / total
        out[acc >= MIN_RELEVANCE] = acc[acc >= MIN_RELEVANCE]
        return out, stems


def snippet(search: TextSearch, text: str, o: Offering) -> str | None:
    """A short piece of the record that shows why ``text`` matched it, or None.

    The service name when it holds the most informative word matched;
    otherwise the clause of the taxonomy names or description whose matched
    words weigh most (by idf; the shortest on a tie), cut to about 70
    characters around its first match.
    """
    want = {s for s in query_stems(text) if s in search.vocab}
    if not want:
        return None

    def weight(part: str) -> float:
        got = {stem(strip_accents(w.casefold())) for w in _WORD.findall(part)} & want
        return float(sum(search.idf[search.vocab[s]] for s in got))

    parts = [p.strip() for src in (o.service_name, *o.taxonomy_names, o.description)
             for p in _CLAUSES.split(src) if p.strip() and not _NEGATED.search(p)]
    scored = [(weight(p), -len(p), p) for p in parts]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    best = max(scored)[2]
    if len(best) <= 70:
        return best
    first = next(m.start() for m in _WORD.finditer(best)
                 if stem(strip_accents(m.group().casefold())) in want)
    start = max(0, best.rfind(" ", 0, max(0, first - 20)) + 1)
    cut = best[start:start + 70]
    cut = cut[: cut.rfind(" ")] if len(best) > start + 70 and " " in cut else cut
    return ("…" if start else "") + cut + ("…" if start + len(cut) < len(best) else "")
