"""pfmatch: rank community services for a family, with reasons.

>>> import pfmatch
>>> result = pfmatch.match({"location": {"zip": "90011"}, "needs": ["food"]}, k=3)
>>> len(result)
3

The public surface is small: :func:`match`, :func:`match_many`,
:class:`Directory`, :class:`Family`, :class:`Weights`, the result classes and the
errors.  Public submodules: :mod:`pfmatch.assess` (screenings → needs, gaps,
flags) and :mod:`pfmatch.metrics` (ranking metrics and judgments).
"""

from __future__ import annotations

from pfmatch._directory import Directory
from pfmatch._errors import (
    ConfigError,
    DataWarning,
    FamilyDataError,
    PfmatchError,
    ProviderDataError,
)
from pfmatch._features import features, features_many
from pfmatch._log import logger as _logger  # noqa: F401  (the "pfmatch" logger, NullHandler)
from pfmatch._match import match, match_many
from pfmatch._report import LoadReport, Problem
from pfmatch._results import Exclusion, Match, MatchResult
from pfmatch._version import __version__
from pfmatch._weights import Weights
from pfmatch._whatif import what_if
from pfmatch.assess import Family

__all__ = [
    "ConfigError",
    "DataWarning",
    "Directory",
    "Exclusion",
    "Family",
    "FamilyDataError",
    "LoadReport",
    "Match",
    "MatchResult",
    "PfmatchError",
    "Problem",
    "ProviderDataError",
    "Weights",
    "__version__",
    "features",
    "features_many",
    "match",
    "match_many",
    "what_if",
]
