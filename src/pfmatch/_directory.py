"""Directory: a loaded provider directory and its index."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch._index import OfferingIndex, build_index
from pfmatch._offering import Offering
from pfmatch._report import LoadReport

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

    # -- construction ----------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Directory:
        """Read a directory from disk, sniffing its format from the content.

        Reads HSDS 3.0/3.1 JSON (a list of services, an API ``Page`` envelope,
        one service object, or newline-delimited JSON), HSDS CSV data packages
        (1.1, 2.0, 3.0) and Ohana API CSV folders.

        Raises
        ------
        ProviderDataError
            When the path does not exist or cannot be read as any supported format.
        """
        from pfmatch.io import read_directory

        p = Path(path)
        if not p.exists():
            raise ProviderDataError("no such file or folder", file=str(p),
                                    fix="Pass the path of an HSDS JSON file or a directory folder")
        result = read_directory(p)
        return cls._from_services(result.services, result.report)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, source: str = "<records>") -> Directory:
        """Build a directory from HSDS 3.0 service objects (dicts)."""
        from pfmatch.io import read_records

        result = read_records(records, source=source)
        return cls._from_services(result.services, result.report)

    @classmethod
    def from_offerings(cls, offerings: Iterable[Offering], *, report: LoadReport | None = None) -> Directory:
        """Build a directory from already-normalized offerings (tests, synthetic data)."""
        offs = list(offerings)
        rep = report or LoadReport(format="offerings")
        rep.counts["offerings"] = len(offs)
        rep.counts["services"] = rep.counts.get("services") or len({o.service_id for o in offs})
        return cls(build_index(offs), rep)

    @classmethod
    def _from_services(cls, services: list[dict[str, Any]], report: LoadReport) -> Directory:
        from pfmatch.normalize import normalize_services

        offerings = normalize_services(services, report)
        report.counts["offerings"] = len(offerings)
        return cls(build_index(offerings), report)

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
        return self._index.offerings

    @property
    def checksum(self) -> str:
        """A SHA-256 over the offerings' identity and attributes (for reproducibility)."""
        return self._index.checksum

    def __repr__(self) -> str:
        c = self.report.counts
        return (f"<Directory {self.report.source!r}: {c.get('services', 0)} services, "
                f"{len(self._index)} offerings ({len(self)} rankable), "
                f"{len(self.report.problems)} problems>")


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
