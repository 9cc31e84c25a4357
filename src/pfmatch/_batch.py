"""Parallel batches for :func:`pfmatch.match_many`: joblib locally, Dask on a cluster.

Families are cut into contiguous chunks; each chunk runs in one worker, as
batches of :data:`BATCH` families whose rules and scores are evaluated together
(:func:`pfmatch._match.match_batch`, which :func:`pfmatch.match` also runs for a
batch of one), and chunks are put back in order, so a batch gives the same
answers as a loop.  The joblib backend in effect is used, so the same call
runs on a ``dask.distributed`` cluster inside ``joblib.parallel_config("dask")``
(the ``dask`` extra)::

    from dask.distributed import Client
    import joblib

    with Client(cluster), joblib.parallel_config(backend="dask"):
        results = pfmatch.match_many(families, directory, n_jobs=-1)

A directory loaded from a saved index (:meth:`Directory.save`) is sent to
workers as its path, so each worker memory-maps the same files instead of
receiving a copy; other directories are pickled once per chunk, which is why
they are cut into one chunk per worker.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from pfmatch._directory import Directory
from pfmatch._results import MatchResult
from pfmatch._weights import Weights

__all__ = ["PROGRESS_MIN_FAMILIES", "gc_paused", "progress_bar", "run_parallel", "run_serial"]

#: With ``progress=None``, batches at least this long show a bar (when stderr is a terminal).
PROGRESS_MIN_FAMILIES = 1000
#: Families per chunk when the directory travels by path (chunks are cheap to send).
CHUNK_BY_PATH = 250
#: Families whose rules and scores run as one batch (:func:`pfmatch._match.match_batch`):
#: enough rows per numpy call to amortize its overhead, few enough to bound the memory.
BATCH = 64


def show_progress(progress: bool | None, n: int) -> bool:
    """Whether a batch of ``n`` families shows a progress bar."""
    if progress is None:
        return n >= PROGRESS_MIN_FAMILIES and sys.stderr.isatty()
    return bool(progress)


def progress_bar(show: bool, total: int) -> Any:
    """A tqdm bar over families, or None (tqdm is imported only when a bar is shown)."""
    if not show:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional: no bar
        return None
    return tqdm(total=total, desc="match_many", unit="family")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, and restore its state after.

    Building (or unpickling) results allocates many small objects and none
    of them form reference cycles, so the collector's passes over the growing
    heap find nothing to free; paused, a batch runs faster.  Reference
    counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _batches(families: Sequence[Any], directory: Directory, k: int, weights: Weights, explain: bool,
             coverage: bool, start: int = 0) -> Iterator[list[MatchResult]]:
    """Results for :data:`BATCH` families at a time, in order (``start``: the first one's position)."""
    from pfmatch._match import match_batch

    for i in range(0, len(families), BATCH):
        yield match_batch(families[i:i + BATCH], directory, k=k, weights=weights, explain=explain,
                          coverage=coverage, start=start + i)


def _chunk(families: Sequence[Any], directory: Directory, k: int, weights: Weights, explain: bool,
           coverage: bool, start: int = 0) -> list[MatchResult]:
    with gc_paused():
        results = [r for part in _batches(families, directory, k, weights, explain, coverage, start)
                   for r in part]
    for r in results:
        r.directory = None  # the parent re-attaches its own; never ship the index back
    return results


def run_serial(families: Sequence[Any], directory: Directory, *, k: int, weights: Weights,
               explain: bool, coverage: bool, progress: bool | None) -> list[MatchResult]:
    """Match families in this process, a batch at a time."""
    bar = progress_bar(show_progress(progress, len(families)), len(families))
    out: list[MatchResult] = []
    try:
        with gc_paused():
            for part in _batches(families, directory, k, weights, explain, coverage):
                out.extend(part)
                if bar is not None:
                    bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    return out


def _chunks(families: Sequence[Any], directory: Directory,
            workers: int) -> list[tuple[int, Sequence[Any]]]:
    """(position of the first family, families) per chunk."""
    n = len(families)
    if directory._saved_at is not None:
        size = max(1, min(CHUNK_BY_PATH, -(-n // (4 * workers))))
    else:
        size = -(-n // workers)
    return [(i, families[i:i + size]) for i in range(0, n, size)]


def run_parallel(families: Sequence[Any], directory: Directory, *, k: int, weights: Weights,
                 n_jobs: int, explain: bool, coverage: bool,
                 progress: bool | None = False) -> list[MatchResult]:
    """Run chunks of ``families`` on the joblib backend in effect and keep their order.

    Parameters
    ----------
    n_jobs : int
        Workers; negative counts back from all cores (joblib's convention).
        Under a Dask backend -1 means every worker of the cluster.
    """
    from joblib import Parallel, cpu_count, delayed

    workers = cpu_count() + 1 + n_jobs if n_jobs < 0 else n_jobs
    workers = max(1, min(workers, len(families)))
    chunks = _chunks(families, directory, workers)
    bar = progress_bar(show_progress(progress, len(families)), len(families))
    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    parts: Iterator[list[MatchResult]] = parallel(
        delayed(_chunk)(c, directory, k, weights, explain, coverage, start) for start, c in chunks
    )
    out: list[MatchResult] = []
    try:
        with gc_paused():  # results are unpickled here (in joblib's thread) and kept
            for part in parts:
                for r in part:
                    r.directory = directory
                out.extend(part)
                if bar is not None:
                    bar.update(len(part))
    finally:
        if bar is not None:
            bar.close()
    return out
