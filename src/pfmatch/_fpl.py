"""Household income as a percent of the federal poverty level (dated data in ``data/fpl.toml``)."""

from __future__ import annotations

import functools
from typing import Any

from pfmatch._datafiles import load_toml

__all__ = ["fpl_year", "percent_of_fpl", "poverty_line"]


@functools.cache
def _table() -> dict[str, Any]:
    return dict(load_toml("fpl.toml")["guidelines"])


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
