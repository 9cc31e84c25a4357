"""Directory: a loaded provider directory and its index."""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pfmatch._errors import ProviderDataError
from pfmatch._index import OfferingIndex, build_index
from pfmatch._log import logger, report_counts
from pfmatch._offering import Offering
from pfmatch._report import LoadReport

if TYPE_CHECKING:
    from pfmatch.normalize.regions import Regions, RegionSpec

__all__ = ["Directory"]


class Directory:
    """A provider directory, indexed for matching.

    Build one with :meth:`load`, :meth:`from_records` or :meth:`sample`; a
    directory is immutable once built, and safe to share between threads.

    Attributes
    ----------
    report : LoadReport
        What was read, and every record skipped or repaired.

    Examples
    --------
    >>> d = Directory.sample()
    >>> len(d) > 3000
    True
    """

    def __init__(self, index: OfferingIndex, report: LoadReport) -> None:
        self._index = index
        self.report = report
        self._saved_at: Path | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # A directory loaded from a saved index travels to worker processes as its
        # path (each process memory-maps the same files); others travel whole.
        if self._saved_at is not None:
            return (_load_saved, (str(self._saved_at), self._index.checksum))
        return (Directory, (self._index, self.report))

    # -- construction ----------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str], *, progress: bool | None = None,
             regions: RegionSpec = None) -> Directory:
        """Read a directory from disk, sniffing its format from the content.

        Reads a saved pfmatch index (a folder with a ``pfmatch-index.json``
        manifest, written by :meth:`save`), HSDS 3.0/3.1 JSON (a list of
        services, an API ``Page`` envelope, one service object, or
        newline-delimited JSON), HSDS CSV data packages (1.1, 2.0, 3.0) and
        Ohana API CSV folders.

        Parameters
        ----------
        path : path-like
            A file or folder.
        progress : bool or None, default=None
            Show a progress bar (tqdm, on stderr) over the loading stages;
            None shows one only when stderr is a terminal.
        regions : path, list of paths or None, default=None
            The deployer's region files (TOML; ``docs/regions.md``): local
            area names ("SPA 6", "Hampden", "East Baltimore") with their ZIP
            codes, read in addition to the bundled Los Angeles County and
            Baltimore City files.  Not used for a saved index (its areas were
            read when it was built).

        Raises
        ------
        ProviderDataError
            When the path does not exist or cannot be read as any supported format.
        ConfigError
            When a saved index is of another format version or its files do
            not match their recorded checksums, or a region file is missing or
            malformed.
        """
        from pfmatch._persist import is_saved_index, load_index

        t0 = time.perf_counter()
        p = Path(path)
        if not p.exists():
            raise ProviderDataError("no such file or folder", file=str(p),
                                    fix="Pass the path of an HSDS JSON file or a directory folder")
        from pfmatch.normalize.regions import load_regions

        regs = load_regions(regions)
        if is_saved_index(p):
            with _Stages(progress, 4, f"loading index {p.name}") as bar:
                index, report = load_index(p, step=bar.step)
            d = cls(index, report)
            d._saved_at = p.resolve()
            logger.info("loaded saved index %s: %s, in %.3f s", p, report_counts(report),
                        time.perf_counter() - t0)
            return d
        from pfmatch.io import read_directory

        with _Stages(progress, 3, f"loading {p.name}") as bar:
            result = read_directory(p)
            bar.step("read")
            d = cls._from_services(result.services, result.report, step=bar.step, regions=regs)
        logger.info("loaded directory %s (%s): %s, in %.2f s", p, result.report.format,
                    report_counts(result.report), time.perf_counter() - t0)
        return d

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Save the compiled index to the folder ``path``; :meth:`load` reads it back.

        The folder holds numpy arrays, the display records and a versioned
        ``pfmatch-index.json`` manifest with checksums (see ``pfmatch._persist``).
        Loading it takes a fraction of the time of reading provider files and
        keeps no Python object per offering in memory.

        Returns
        -------
        pathlib.Path
            The folder written.
        """
        from pfmatch._persist import save_index

        t0 = time.perf_counter()
        out = save_index(self, path)
        logger.info("saved index of %d offerings to %s in %.2f s", len(self), out,
                    time.perf_counter() - t0)
        return out

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, source: str = "<records>",
                     regions: RegionSpec = None) -> Directory:
        """Build a directory from HSDS 3.0 service objects (dicts).

        ``regions`` is as in :meth:`load`.
        """
        from pfmatch.io import read_records
        from pfmatch.normalize.regions import load_regions

        regs = load_regions(regions)
        result = read_records(records, source=source)
        return cls._from_services(result.services, result.report, regions=regs)

    @classmethod
    def from_offerings(cls, offerings: Iterable[Offering], *, report: LoadReport | None = None) -> Directory:
        """Build a directory from already-normalized offerings (tests, synthetic data)."""
        offs = list(offerings)
        rep = report or LoadReport(format="offerings")
        rep.counts["offerings"] = len(offs)
        rep.counts["services"] = rep.counts.get("services") or len({o.service_id for o in offs})
        return cls(build_index(offs), rep)

    @classmethod
    def _from_services(cls, services: list[dict[str, Any]], report: LoadReport,
                       step: Callable[[str], None] | None = None,
                       regions: Regions | None = None) -> Directory:
        from pfmatch.normalize import normalize_services

        offerings = normalize_services(services, report, regions=regions)
        report.counts["offerings"] = len(offerings)
        if step:
            step("normalized")
        index = build_index(offerings)
        if step:
            step("indexed")
        return cls(index, report)

    @classmethod
    def sample(cls) -> Directory:
        """The bundled sample directory: a synthetic Los Angeles County directory.

        Works after a plain ``pip install`` from any working directory.  Loaded
        once per process and shared.
        """
        return _sample()

    # -- reading -------------------------------------------------------------------
    def __len__(self) -> int:
        """Number of offerings that can be ranked (active ones)."""
        return int(self._index.active.sum())

    @property
    def index(self) -> OfferingIndex:
        """The columnar index (internal; its shape may change between versions)."""
        return self._index

    @property
    def offerings(self) -> tuple[Offering, ...]:
        """Every offering, rankable or not, in load order."""
        offs = self._index.offerings
        return tuple(offs[int(i)] for i in self._index.load_order())

    @property
    def checksum(self) -> str:
        """A SHA-256 over the offerings' identity and attributes (for reproducibility)."""
        return self._index.checksum

    def __repr__(self) -> str:
        c = self.report.counts
        return (f"<Directory {self.report.source!r}: {c.get('services', 0)} services, "
                f"{len(self._index)} offerings ({len(self)} rankable), "
                f"{len(self.report.problems)} problems>")


class _Stages:
    """A stage-by-stage progress bar (tqdm) that is silent when off or when tqdm is missing."""

    def __init__(self, progress: bool | None, total: int, desc: str) -> None:
        show = sys.stderr.isatty() if progress is None else bool(progress)
        self._bar: Any = None
        if show:
            try:
                from tqdm.auto import tqdm
            except ImportError:  # tqdm is optional
                return
            self._bar = tqdm(total=total, desc=desc, unit="step", leave=False)

    def step(self, label: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(label)
            self._bar.update(1)

    def __enter__(self) -> _Stages:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


@functools.lru_cache(maxsize=4)
def _load_saved(path: str, checksum: str) -> Directory:
    """Load a saved index once per process (used when a directory is unpickled in a worker)."""
    logger.debug("reloading saved index %s in process %d", path, os.getpid())
    d = Directory.load(path, progress=False)
    if d.checksum != checksum:
        from pfmatch._errors import ConfigError

        raise ConfigError(f"the saved index {path} changed since this directory was loaded from it.")
    return d


def sample_path() -> Path:
    """Where the bundled sample directory lives (installed package, else the checkout)."""
    packaged = resources.files("pfmatch") / "_sample" / "la-county"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "data" / "providers" / "la-county"
    if checkout.is_dir():
        return checkout
    raise ProviderDataError("the bundled sample directory is missing from this installation",
                            file=str(packaged), fix="Reinstall pfmatch")


@functools.lru_cache(maxsize=1)
def _sample() -> Directory:
    d = Directory.load(sample_path() / "services.json")
    d.report.source = "pfmatch sample: la-county"
    return d
