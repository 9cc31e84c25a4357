"""The need vocabulary: need phrases -> need codes, offerings -> need relevance.

This is the one module that knows need codes (data in ``data/needs.toml``).  It
serves both sides of a match:

* the family side: :meth:`NeedMap.resolve` turns a stated need ("fud bank",
  "ayuda con la renta") into a need code with rapidfuzz;
* the provider side (used by the index at build time):
  :meth:`NeedMap.relevance` scores offerings against every need from their
  taxonomy codes, taxonomy names and free text, and
  :meth:`NeedMap.factor_coverage` turns that into protective-factor coverage.

Provider scores never depend on which other providers are loaded: the TF-IDF
vocabulary and the IDF come from the need file (each need's keywords and
synonyms are one document), not from the directory.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process

from pfmatch._datafiles import load_toml

__all__ = ["FACTORS", "NeedMap", "load_data_toml", "normalize_phrase"]

#: The five Strengthening Families protective factors, in the fixed column order.
FACTORS: tuple[str, ...] = (
    "parental_resilience",
    "social_connections",
    "knowledge_of_parenting",
    "concrete_support",
    "social_emotional_competence",
)

#: Fuzzy-matching cut-off (0-100, rapidfuzz scale) for stated needs.
FUZZY_CUTOFF = 82.0
#: Stricter cut-off for short queries (at most SHORT_LEN characters).
FUZZY_CUTOFF_SHORT = 88.0
SHORT_LEN = 6
#: Queries this short are never fuzzy-matched (exact only).
MIN_FUZZY_LEN = 4
#: A best match whose runner-up (another need) is this close is ambiguous.
AMBIGUITY_MARGIN = 3.0

#: Relevance of an exact taxonomy code match, a taxonomy name match, and the
#: ceiling of a text-only match (so a taxonomy match always outranks text alone).
CODE_SCORE = 1.0
NAME_SCORE = 0.9
TEXT_CEILING = 0.8
#: Cosine at which the text score reaches TEXT_CEILING, and the floor below
#: which a text score is dropped (keeps the matrix sparse).
TEXT_SATURATION = 0.5
TEXT_FLOOR = 0.05

_EN_STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "help",
    "i", "in", "is", "it", "my", "of", "on", "or", "our", "the", "to", "we", "with", "you",
    "your", "need", "needs", "needed", "assistance", "service", "services", "program",
    "programs", "free", "get", "getting", "can", "cant",
))
_ES_STOP = frozenset((
    "de", "la", "el", "los", "las", "y", "en", "un", "una", "por", "para", "con", "sin",
    "mi", "mis", "que", "me", "se", "del", "al", "ayuda", "necesito",
))
STOP_WORDS: frozenset[str] = _EN_STOP | _ES_STOP

_LEADING_FILLERS = (
    "i need ", "we need ", "need ", "needs ", "looking for ", "help with ", "help for ",
    "necesito ", "necesitamos ", "busco ", "quiero ", "ayuda con ", "ayuda para ",
    "a ", "an ", "some ", "the ", "un ", "una ", "el ", "la ", "los ", "las ",
)
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
_WITH = re.compile(r"\bw/\s*")
_TOKEN = re.compile(r"(?u)\b\w+\b")


def load_data_toml(name: str) -> dict[str, Any]:
    """Read one TOML file shipped in ``pfmatch/data`` (see :func:`pfmatch._datafiles.load_toml`)."""
    return load_toml(name)


def strip_accents(text: str) -> str:
    """Remove combining marks (``"pañales"`` -> ``"panales"``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=4096)
def normalize_phrase(text: str) -> str:
    """Normalize a short phrase for matching.

    Lower-cases, strips accents, expands ``"w/"`` to ``"with"`` and ``"&"`` to
    ``"and"``, turns underscores and punctuation into spaces (apostrophes are
    dropped: ``"can't"`` -> ``"cant"``) and collapses white space.

    Parameters
    ----------
    text : str
        The phrase.

    Returns
    -------
    str
        The normalized phrase (possibly empty).
    """
    s = strip_accents(text.casefold())
    s = _WITH.sub("with ", s)
    s = s.replace("&", " and ").replace("'", "").replace("\u2019", "").replace("_", " ")
    s = _PUNCT.sub(" ", s)
    return _WS.sub(" ", s).strip()


def _strip_fillers(s: str) -> str:
    """Drop leading filler words ("i need a ...", "ayuda con la ...")."""
    changed = True
    while changed:
        changed = False
        for filler in _LEADING_FILLERS:
            if s.startswith(filler) and len(s) > len(filler):
                s = s[len(filler):]
                changed = True
    return s


def _analyze(text: str) -> list[str]:
    """Tokens -> unigrams and bigrams, stop words removed before n-gramming."""
    toks = [t for t in _TOKEN.findall(normalize_phrase(text)) if t not in STOP_WORDS]
    return toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)]


def _analyze_long(text: str) -> list[str]:
    """Same analysis as :func:`_analyze` without the phrase cache (long texts)."""
    s = strip_accents(text.casefold()).replace("'", "").replace("\u2019", "")
    toks = [t for t in _TOKEN.findall(s.replace("_", " ")) if t not in STOP_WORDS]
    return toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)]


@dataclass(frozen=True, eq=False)
class NeedMap:
    """The need vocabulary, compiled.

    Build it with :meth:`default` (``data/needs.toml``, loaded once) or
    :meth:`from_document`.

    Attributes
    ----------
    codes : tuple of str
        Need codes, in file order (the row/column order of every array here).
    labels, labels_es : dict
        Need code -> English / Spanish label.
    factors : tuple of str
        The five protective factors, in fixed order (:data:`FACTORS`).
    need_factor : numpy.ndarray
        ``(n_needs, 5)`` float32 weights in [0, 1] from ``factors`` in needs.toml.
    version : str
        The need file's version.
    """

    codes: tuple[str, ...]
    labels: dict[str, str]
    labels_es: dict[str, str]
    factors: tuple[str, ...]
    need_factor: np.ndarray
    version: str
    stated_urgency: dict[str, str]
    _phrases: dict[str, str] = field(repr=False)      # normalized phrase -> code
    _choices: tuple[str, ...] = field(repr=False)     # fuzzy candidates
    _choice_codes: tuple[str, ...] = field(repr=False)
    _oe: dict[str, tuple[int, ...]] = field(repr=False)
    _hsis: dict[str, tuple[int, ...]] = field(repr=False)
    _hsis_exclude: dict[str, tuple[int, ...]] = field(repr=False)
    _names: dict[str, tuple[int, ...]] = field(repr=False)
    _vocab: dict[str, int] = field(repr=False)
    _idf: np.ndarray = field(repr=False)
    _need_vectors: sp.csr_matrix = field(repr=False)  # (V, n_needs), columns L2-normed

    # ------------------------------------------------------------ construction
    @classmethod
    @functools.cache
    def default(cls) -> NeedMap:
        """The need map of the bundled ``data/needs.toml`` (built once)."""
        return cls.from_document(load_data_toml("needs.toml"))

    @classmethod
    def from_document(cls, doc: dict[str, Any]) -> NeedMap:
        """Compile a parsed needs.toml document.

        Parameters
        ----------
        doc : dict
            ``{"version": ..., "need": [{code, label, label_es, factors, oe,
            oe_names, hsis, keywords, synonyms, synonyms_es, ...}, ...]}``.

        Returns
        -------
        NeedMap
        """
        needs = doc["need"]
        codes = tuple(n["code"] for n in needs)
        if len(set(codes)) != len(codes):
            raise ValueError("needs.toml: duplicate need codes")
        need_factor = np.zeros((len(codes), len(FACTORS)), dtype=np.float32)
        for i, n in enumerate(needs):
            for f, w in n.get("factors", {}).items():
                need_factor[i, FACTORS.index(f)] = float(w)

        phrases, choices, choice_codes = cls._compile_phrases(needs)
        oe: dict[str, list[int]] = {}
        hsis: dict[str, list[int]] = {}
        hsis_exclude: dict[str, list[int]] = {}
        names: dict[str, list[int]] = {}
        for i, n in enumerate(needs):
            for o in n.get("oe", []):
                oe.setdefault(str(o), []).append(i)
            for h in n.get("hsis", []):
                hsis.setdefault(h, []).append(i)
            for h in n.get("hsis_exclude", []):
                hsis_exclude.setdefault(h, []).append(i)
            for name in [*n.get("oe_names", []), *n.get("keywords", [])]:
                key = name.strip().casefold()
                if i not in names.setdefault(key, []):
                    names[key].append(i)

        vocab, idf, need_vectors = cls._compile_tfidf(needs)
        return cls(
            codes=codes,
            labels={n["code"]: n["label"] for n in needs},
            labels_es={n["code"]: n.get("label_es", n["label"]) for n in needs},
            factors=FACTORS,
            need_factor=need_factor,
            version=str(doc.get("version", "")),
            stated_urgency={n["code"]: n.get("stated_urgency", "routine") for n in needs},
            _phrases=phrases,
            _choices=choices,
            _choice_codes=choice_codes,
            _oe={k: tuple(v) for k, v in oe.items()},
            _hsis={k: tuple(v) for k, v in hsis.items()},
            _hsis_exclude={k: tuple(v) for k, v in hsis_exclude.items()},
            _names={k: tuple(v) for k, v in names.items()},
            _vocab=vocab,
            _idf=idf,
            _need_vectors=need_vectors,
        )

    @staticmethod
    def _compile_phrases(
        needs: list[dict[str, Any]],
    ) -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]:
        """Exact phrase table and fuzzy candidates.

        Codes, labels and synonyms are exact phrases; keywords are added only
        when they belong to a single need.  A synonym claimed by two needs is a
        data error.
        """
        phrases: dict[str, str] = {}
        owners: dict[str, set[str]] = {}
        for n in needs:
            code = n["code"]
            own = [code, n["label"], n.get("label_es", ""), *n.get("synonyms", []),
                   *n.get("synonyms_es", [])]
            for p in own:
                key = normalize_phrase(p)
                if not key:
                    continue
                if key in phrases and phrases[key] != code:
                    raise ValueError(f"needs.toml: phrase {key!r} belongs to both "
                                     f"{phrases[key]} and {code}")
                phrases[key] = code
            for kw in n.get("keywords", []):
                owners.setdefault(normalize_phrase(kw), set()).add(code)
        for key, who in owners.items():
            if len(who) == 1 and key not in phrases:
                phrases[key] = next(iter(who))
        ordered = sorted(phrases)
        return phrases, tuple(ordered), tuple(phrases[k] for k in ordered)

    @staticmethod
    def _compile_tfidf(
        needs: list[dict[str, Any]],
    ) -> tuple[dict[str, int], np.ndarray, sp.csr_matrix]:
        """Fixed vocabulary and IDF from the need file itself.

        Each need's document is its keywords, synonyms and Spanish synonyms;
        terms are the unigrams and bigrams of those phrases (stop words
        removed).  ``idf = ln((1 + N) / (1 + df)) + 1`` (sklearn's smoothed
        form) with N the number of needs.  A need's vector is binary term
        presence times idf, L2-normalized.
        """
        docs: list[set[str]] = []
        for n in needs:
            terms: set[str] = set()
            for p in [*n.get("keywords", []), *n.get("synonyms", []), *n.get("synonyms_es", [])]:
                terms.update(_analyze(p))
            docs.append(terms)
        vocab_terms = sorted(set().union(*docs))
        vocab = {t: i for i, t in enumerate(vocab_terms)}
        df = np.zeros(len(vocab), dtype=np.float64)
        for terms in docs:
            for t in terms:
                df[vocab[t]] += 1
        n_docs = len(docs)
        idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        rows, cols, vals = [], [], []
        for j, terms in enumerate(docs):
            for t in sorted(terms):
                rows.append(vocab[t])
                cols.append(j)
                vals.append(idf[vocab[t]])
        mat = sp.csr_matrix((vals, (rows, cols)), shape=(len(vocab), n_docs), dtype=np.float64)
        norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=0))).ravel()
        norms[norms == 0] = 1.0
        mat = sp.csr_matrix(mat @ sp.diags(1.0 / norms))
        return vocab, idf, mat

    # ------------------------------------------------------------ family side
    def resolve(self, text: str) -> tuple[str | None, float]:
        """Resolve a need phrase to a need code.

        Exact match first (a need code, label or synonym, after
        :func:`normalize_phrase`; leading fillers such as "I need a", "help
        with", "necesito" are ignored), then fuzzy matching with rapidfuzz
        (``fuzz.token_sort_ratio``) against every phrase, accepted at
        :data:`FUZZY_CUTOFF` (:data:`FUZZY_CUTOFF_SHORT` for queries of at most
        :data:`SHORT_LEN` characters; queries under :data:`MIN_FUZZY_LEN` are
        exact-only).  When the best phrase of another need scores within
        :data:`AMBIGUITY_MARGIN` of the best, the phrase is ambiguous and
        nothing is returned: pfmatch never guesses silently.

        Parameters
        ----------
        text : str
            What the family or coordinator wrote.

        Returns
        -------
        (code or None, score)
            The need code and the match score (0-100); ``None`` when nothing
            matched well enough or the match is ambiguous.
        """
        return _resolve_cached(self, text)

    def exact(self, text: str) -> str | None:
        """The need code whose phrase is exactly ``text`` (after
        :func:`normalize_phrase`, leading fillers ignored), else None."""
        s = normalize_phrase(text)
        for cand in (s, _strip_fillers(s)):
            if cand in self._phrases:
                return self._phrases[cand]
        return None

    def _resolve(self, text: str) -> tuple[str | None, float]:
        s = normalize_phrase(text)
        if not s:
            return None, 0.0
        for cand in (s, _strip_fillers(s)):
            if cand in self._phrases:
                return self._phrases[cand], 100.0
        q = _strip_fillers(s)
        if len(q) < MIN_FUZZY_LEN:
            return None, 0.0
        cutoff = FUZZY_CUTOFF_SHORT if len(q) <= SHORT_LEN else FUZZY_CUTOFF
        hits = process.extract(q, self._choices, scorer=fuzz.token_sort_ratio, limit=8,
                               score_cutoff=cutoff - AMBIGUITY_MARGIN)
        if not hits:
            return None, 0.0
        # deterministic: best score, then the phrase (choices are sorted)
        hits = sorted(hits, key=lambda h: (-h[1], h[2]))
        best_code = self._choice_codes[hits[0][2]]
        best = float(hits[0][1])
        if best < cutoff:
            return None, best
        for _, score, j in hits[1:]:
            if self._choice_codes[j] != best_code and best - score < AMBIGUITY_MARGIN:
                return None, best
        return best_code, best

    # ------------------------------------------------------------ provider side
    def taxonomy_relevance(self, taxonomy: Sequence[Sequence[str]],
                           taxonomy_names: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Need relevance from taxonomy codes and names.

        A code equal to an Open Eligibility id of a need, or starting with one
        of its 211HSIS prefixes at a code boundary (``"BD-1800"`` matches
        ``"BD-1800.2000-620"`` but not ``"BD-18000"``, unless the need's
        ``hsis_exclude`` names a narrower branch of it), scores
        :data:`CODE_SCORE`; a taxonomy name equal (case-insensitive) to one of
        the need's ``oe_names`` or keywords scores :data:`NAME_SCORE`.

        Parameters
        ----------
        taxonomy : sequence of sequences of str
            Per offering, its taxonomy codes.
        taxonomy_names : sequence of sequences of str
            Per offering, its taxonomy term names (may be empty lists).

        Returns
        -------
        scipy.sparse.csr_matrix
            ``(n, n_needs)`` float32 in [0, 1].
        """
        n = len(taxonomy)
        if len(taxonomy_names) != n:
            raise ValueError("taxonomy and taxonomy_names must have the same length")
        code_memo: dict[str, tuple[int, ...]] = {}
        name_memo: dict[str, tuple[int, ...]] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for i in range(n):
            best: dict[int, float] = {}
            for code in taxonomy[i] or ():
                hit = code_memo.get(code)
                if hit is None:
                    hit = code_memo[code] = self._code_needs(code)
                for j in hit:
                    best[j] = CODE_SCORE
            for name in taxonomy_names[i] or ():
                hit = name_memo.get(name)
                if hit is None:
                    hit = name_memo[name] = self._names.get(name.strip().casefold(), ())
                for j in hit:
                    if best.get(j, 0.0) < NAME_SCORE:
                        best[j] = NAME_SCORE
            for j in sorted(best):
                rows.append(i)
                cols.append(j)
                vals.append(best[j])
        out = sp.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                            shape=(n, len(self.codes)), dtype=np.float32)
        out.sort_indices()
        return out

    def _code_needs(self, code: str) -> tuple[int, ...]:
        c = str(code).strip()
        hits: set[int] = set(self._oe.get(c, ()))
        # every prefix of c that ends at a code boundary ('-' or '.'), plus c itself;
        # a need's hsis_exclude prefixes take a branch back out ("RP-1500" is crisis
        # intervention, but "RP-1500.1400-200" domestic-violence hotlines are not
        # suicide crisis lines).
        prefixes = [c[:k] for k, ch in enumerate(c) if ch in "-."] + [c]
        for p in prefixes:
            hits.update(self._hsis.get(p, ()))
        for p in prefixes:
            hits.difference_update(self._hsis_exclude.get(p, ()))
        return tuple(sorted(hits))

    def text_relevance(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Need relevance from free text (TF-IDF over the fixed need vocabulary).

        Term frequencies are counted with ``CountVectorizer(vocabulary=...)``
        over the need file's unigrams and bigrams, damped as ``1 + ln(tf)``,
        weighted by the need file's IDF and L2-normalized; the cosine with each
        need's vector is scaled as ``TEXT_CEILING * min(1, cos / TEXT_SATURATION)``
        and values under :data:`TEXT_FLOOR` are dropped.  Nothing depends on
        other offerings.

        Parameters
        ----------
        texts : sequence of str
            Per offering, its text (name, description, eligibility...).

        Returns
        -------
        scipy.sparse.csr_matrix
            ``(n, n_needs)`` float32 in [0, TEXT_CEILING].
        """
        counts = _count_terms(self._vocab, texts)
        counts.data = 1.0 + np.log(counts.data)
        x = sp.csr_matrix(counts @ sp.diags(self._idf))
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
        norms[norms == 0] = 1.0
        x = sp.csr_matrix(sp.diags(1.0 / norms) @ x)
        cos = sp.csr_matrix(x @ self._need_vectors)
        cos.data = TEXT_CEILING * np.minimum(1.0, cos.data / TEXT_SATURATION)
        cos.data[cos.data < TEXT_FLOOR] = 0.0
        cos.eliminate_zeros()
        out = cos.astype(np.float32)
        out.sort_indices()
        return out

    def relevance(self, texts: Sequence[str], taxonomy: Sequence[Sequence[str]],
                  taxonomy_names: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Need relevance of each offering: ``max(taxonomy, text)``.

        Parameters
        ----------
        texts : sequence of str
            Per offering, its text.
        taxonomy, taxonomy_names : sequence of sequences of str
            Per offering, taxonomy codes and names.

        Returns
        -------
        scipy.sparse.csr_matrix
            ``(n, n_needs)`` float32 in [0, 1].
        """
        if not (len(texts) == len(taxonomy) == len(taxonomy_names)):
            raise ValueError("texts, taxonomy and taxonomy_names must have the same length")
        tax = self.taxonomy_relevance(taxonomy, taxonomy_names)
        txt = self.text_relevance(texts)
        out = sp.csr_matrix(tax.maximum(txt), dtype=np.float32)
        out.sort_indices()
        return out

    def factor_coverage(self, relevance: sp.spmatrix | np.ndarray) -> np.ndarray:
        """Protective-factor coverage of each offering (noisy-OR over needs).

        ``coverage[i, f] = 1 - prod_n (1 - relevance[i, n] * need_factor[n, f])``:
        an offering answering several needs that build a factor covers it more
        than any one of them, and never above 1.

        Parameters
        ----------
        relevance : scipy.sparse matrix or numpy.ndarray
            ``(n, n_needs)`` in [0, 1], as returned by :meth:`relevance`.

        Returns
        -------
        numpy.ndarray
            ``(n, 5)`` float32 in [0, 1], columns in :attr:`factors` order.
        """
        r = sp.csr_matrix(relevance, dtype=np.float64)
        if r.shape[1] != len(self.codes):
            raise ValueError(f"relevance has {r.shape[1]} columns, expected {len(self.codes)}")
        r.sort_indices()
        out = np.zeros((r.shape[0], len(self.factors)), dtype=np.float64)
        data = np.clip(r.data, 0.0, 1.0)
        for f in range(len(self.factors)):
            prod_terms = np.clip(data * self.need_factor[r.indices, f], 0.0, 1.0 - 1e-12)
            logs = sp.csr_matrix((np.log1p(-prod_terms), r.indices, r.indptr), shape=r.shape)
            out[:, f] = 1.0 - np.exp(np.asarray(logs.sum(axis=1)).ravel())
        return np.clip(out, 0.0, 1.0).astype(np.float32)


@functools.lru_cache(maxsize=8192)
def _resolve_cached(nm: NeedMap, text: str) -> tuple[str | None, float]:
    return nm._resolve(text)


def _count_terms(vocab: dict[str, int], texts: Sequence[str]) -> sp.csr_matrix:
    """Term counts over the fixed vocabulary, one row per text (CSR, float64).

    The same analysis as the need file's (:func:`_analyze_long`); terms outside
    the vocabulary are ignored, so nothing depends on the other texts.
    """
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    get = vocab.get
    # the offerings of one service share its text: count each distinct text once
    rows: dict[str, tuple[list[int], list[float]]] = {}
    for text in texts:
        key = text or ""
        row = rows.get(key)
        if row is None:
            counts = Counter([j for j in map(get, _analyze_long(key)) if j is not None])
            cols = sorted(counts)
            row = rows[key] = (cols, [float(counts[j]) for j in cols])
        indices.extend(row[0])
        data.extend(row[1])
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int32),
                          np.asarray(indptr, dtype=np.int64)), shape=(len(texts), len(vocab)))


def idf_of(nm: NeedMap, term: str) -> float:
    """The fixed IDF of a vocabulary term (for explanations and tests)."""
    j = nm._vocab.get(term)
    return float(nm._idf[j]) if j is not None else math.nan
