"""The directory being served, and how a new one replaces it without downtime.

A request takes one :class:`Loaded` snapshot when it starts and uses it to the
end, so a reload never changes the directory under a request in flight.  A
reload builds the new directory completely (off the event loop), then swaps
one reference; a directory that fails to load leaves the old one serving.

With several worker processes, the worker that receives the admin call loads
the new directory and answers; it also writes the request to a small control
file that every worker polls (once a second), so the others follow within
about a second.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pfmatch._directory import Directory

__all__ = ["DirectoryHolder", "Loaded"]

log = logging.getLogger("pfmatch.serve")


@dataclass(frozen=True)
class Loaded:
    """One loaded directory and what the service derives from it once."""

    directory: Directory
    path: str | None
    loaded_at: float
    generation: int
    #: service id -> rows of the index (every location of the service).
    rows_by_service: dict[str, list[int]] = field(repr=False)

    @classmethod
    def build(cls, directory: Directory, path: str | None, generation: int) -> Loaded:
        rows: dict[str, list[int]] = {}
        for i, sid in enumerate(directory.index.service_id.tolist()):
            rows.setdefault(sid, []).append(i)
        return cls(directory, path, time.time(), generation, rows)

    def summary(self) -> dict[str, Any]:
        rep = self.directory.report
        return {"source": rep.source, "checksum": self.directory.checksum,
                "counts": dict(rep.counts), "offerings": len(self.directory.index),
                "rankable": len(self.directory), "problems": len(rep.problems),
                "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.loaded_at)),
                "generation": self.generation}


def load_directory(path: str | None) -> Directory:
    """Load ``path`` (any format :meth:`Directory.load` reads), or the bundled sample."""
    if path is None:
        return Directory.sample()
    return Directory.load(path, progress=False)


class DirectoryHolder:
    """Holds the current :class:`Loaded`; swaps it atomically on reload."""

    def __init__(self, path: str | None, control: str | None = None) -> None:
        self._lock = threading.Lock()
        self._control = Path(control) if control else None
        self.current: Loaded | None = None
        self.last_error: str | None = None
        self._path = path
        self._seen = 0  # the newest generation announced that this worker acted on

    def load_initial(self) -> Loaded:
        gen = self._control_state()[0] if self._control else 0
        path = self._control_state()[1] if self._control and gen else self._path
        loaded = Loaded.build(load_directory(path), path, gen)
        self.current = loaded
        return loaded

    def reload(self, path: str | None, *, announce: bool = True) -> Loaded:
        """Load ``path`` (None: the path served now) and swap it in.

        Raises
        ------
        PfmatchError
            When the new directory does not load; the old one keeps serving.
        """
        with self._lock:
            old = self.current
            target = path if path is not None else (old.path if old else self._path)
            gen = (old.generation if old else 0) + 1
            if announce and self._control is not None:
                gen = max(gen, self._control_state()[0] + 1)
            try:
                new = Loaded.build(load_directory(target), target, gen)
            except Exception as e:
                self.last_error = f"{type(e).__name__}: {e}"
                raise
            self.current = new
            self.last_error = None
            if announce and self._control is not None:
                self._announce(gen, target)
            log.info("directory reloaded: generation %d, %d offerings, checksum %s", gen,
                     len(new.directory.index), new.directory.checksum[:12])
            return new

    # -- several workers ---------------------------------------------------------
    def _control_state(self) -> tuple[int, str | None]:
        assert self._control is not None
        try:
            doc = json.loads(self._control.read_text(encoding="utf-8"))
            return int(doc["generation"]), doc.get("path")
        except (OSError, ValueError, KeyError, TypeError):
            return 0, None

    def _announce(self, generation: int, path: str | None) -> None:
        assert self._control is not None
        tmp = self._control.with_name(f".{self._control.name}.{os.getpid()}")
        tmp.write_text(json.dumps({"generation": generation, "path": path}), encoding="utf-8")
        tmp.replace(self._control)

    def follow(self) -> None:
        """Reload when another worker announced a newer generation (polled)."""
        if self._control is None or self.current is None:
            return
        gen, path = self._control_state()
        if gen <= max(self.current.generation, self._seen):
            return
        with self._lock:
            if max(self.current.generation, self._seen) >= gen:
                return
            self._seen = gen
            try:
                new = Loaded.build(load_directory(path), path, gen)
            except Exception as e:  # noqa: BLE001 - the old directory keeps serving
                self.last_error = f"{type(e).__name__}: {e}"
                log.error("worker %d: reload to generation %d failed, still serving "
                          "generation %d: %s", os.getpid(), gen, self.current.generation,
                          type(e).__name__)
                return
            self.current = new
            log.info("worker %d followed reload to generation %d", os.getpid(), gen)
