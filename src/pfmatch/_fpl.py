"""Household income as a percent of the federal poverty level (dated data in ``data/fpl.toml``)."""

from __future__ import annotations

import functools
import sys
from importlib import resources
from typing import Any

__all__ = ["fpl_year", "percent_of_fpl", "poverty_line"]


@functools.cache
def _table() -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    text = (resources.files("pfmatch") / "data" / "fpl.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)["guidelines"])


def fpl_year() -> str:
    """The guideline year in use (the newest in the data file)."""
    return max(_table())


def poverty_line(household_size: int, state: str | None = None) -> float:
    """The poverty guideline in dollars for a household of ``household_size``."""
    g = _table()[fpl_year()]
    region = {"AK": "alaska", "HI": "hawaii"}.get((state or "").upper(), "contiguous")
    base = g[region]
    return float(base["first"] + base["additional"] * (max(1, household_size) - 1))


def percent_of_fpl(annual_income: float, household_size: int, state: str | None = None) -> float:
    """Annual household income as a percent of the poverty guideline."""
    return 100.0 * annual_income / poverty_line(household_size, state)
