"""Readers of the need-text and disclosure corpora in ``tests/data`` (tests and benchmarks)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise ValueError(f"{name}: expected 3 tab-separated columns: {line!r}")
        out.append(cols)
    return out


NEED_FILES = ("need_texts_en.tsv", "need_texts_es.tsv", "need_texts_heldout.tsv",
              "need_texts_heldout2.tsv")
DISCLOSURE_FILES = ("disclosures.tsv", "disclosures_heldout.tsv", "disclosures_heldout2.tsv")


def need_corpus(files: tuple[str, ...] = NEED_FILES) -> list[tuple[str, frozenset[str], str]]:
    """(text, expected need codes, language) of the need-text corpus files."""
    rows = []
    for name in files:
        for text, codes, lang in _rows(name):
            exp = frozenset() if codes in ("", "none") else frozenset(codes.split(","))
            rows.append((text, exp, lang))
    return rows


def disclosure_corpus(files: tuple[str, ...] = DISCLOSURE_FILES) -> list[tuple[str, str, str]]:
    """(text, expected flag or "-" for a near-miss that must not fire, language)."""
    return [(t, f, lang) for name in files for t, f, lang in _rows(name)]
