"""pfmatch: rank community services for a family, with reasons.

The public surface is small: :func:`match`, :func:`match_many`,
:class:`Directory`, :class:`Family`, :class:`Weights`, the result classes and the
errors.  Public submodules: :mod:`pfmatch.assess`, :mod:`pfmatch.metrics`,
:mod:`pfmatch.tune`.
"""

from __future__ import annotations

from pfmatch._errors import (
    ConfigError,
    DataWarning,
    FamilyDataError,
    PfmatchError,
    ProviderDataError,
)
from pfmatch._report import LoadReport, Problem
from pfmatch._version import __version__

__all__ = [
    "ConfigError",
    "DataWarning",
    "FamilyDataError",
    "LoadReport",
    "PfmatchError",
    "Problem",
    "ProviderDataError",
    "__version__",
]
