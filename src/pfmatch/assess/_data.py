"""Loaded-once access to the assessment data files (factors, instruments, barriers)."""

from __future__ import annotations

import functools
from typing import Any

from pfmatch._needmap import load_data_toml, normalize_phrase

__all__ = ["barrier_codes", "barrier_phrases", "factors_doc", "instruments_doc"]


@functools.cache
def factors_doc() -> dict[str, Any]:
    """``data/factors.toml``, parsed once."""
    return load_data_toml("factors.toml")


@functools.cache
def instruments_doc() -> dict[str, Any]:
    """``data/instruments.toml``, parsed once."""
    return load_data_toml("instruments.toml")


@functools.cache
def _barriers_doc() -> dict[str, Any]:
    return load_data_toml("barriers.toml")


@functools.cache
def barrier_codes() -> tuple[str, ...]:
    """The barrier codes, in file order."""
    return tuple(b["code"] for b in _barriers_doc()["barrier"])


@functools.cache
def barrier_phrases() -> dict[str, str]:
    """Normalized phrase (or code) -> barrier code."""
    out: dict[str, str] = {}
    for b in _barriers_doc()["barrier"]:
        for p in [b["code"], b["label"], *b.get("phrases", [])]:
            key = normalize_phrase(p)
            if key in out and out[key] != b["code"]:
                raise ValueError(f"barriers.toml: phrase {key!r} belongs to two barriers")
            out[key] = b["code"]
    return out
