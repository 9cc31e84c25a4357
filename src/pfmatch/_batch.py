"""Parallel batches for :func:`pfmatch.match_many` (joblib processes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pfmatch._directory import Directory
from pfmatch._results import MatchResult
from pfmatch._weights import Weights

__all__ = ["run_parallel"]


def _chunk(families: Sequence[Any], directory: Directory, k: int, weights: Weights, explain: bool,
           coverage: bool) -> list[MatchResult]:
    from pfmatch._match import match

    return [match(f, directory, k=k, weights=weights, explain=explain, coverage=coverage)
            for f in families]


def run_parallel(families: Sequence[Any], directory: Directory, *, k: int, weights: Weights,
                 n_jobs: int, explain: bool, coverage: bool) -> list[MatchResult]:
    """Split ``families`` into one contiguous chunk per worker and keep their order."""
    from joblib import Parallel, cpu_count, delayed

    workers = cpu_count() if n_jobs < 0 else n_jobs
    workers = max(1, min(workers, len(families)))
    size = -(-len(families) // workers)
    chunks = [families[i:i + size] for i in range(0, len(families), size)]
    parts = Parallel(n_jobs=workers)(
        delayed(_chunk)(c, directory, k, weights, explain, coverage) for c in chunks
    )
    return [r for part in parts for r in part]
