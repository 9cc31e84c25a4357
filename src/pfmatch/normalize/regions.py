"""Region files: named areas that no national list has, as ZIP lists.

A 211 record often states its area as a name only local staff know: a
planning area ("SPA 6", "Antelope Valley"), a neighbourhood ("Hampden",
"Sandtown-Winchester") or an informal region ("Southeast LA", "East
Baltimore").  A region file maps such names to ZIP codes.  pfmatch ships two
(``pfmatch/data/regions/``: Los Angeles County and Baltimore City, each
naming its source); a deployer passes their own with
``Directory.load(path, regions=...)``.

The format (TOML; ``docs/regions.md``)::

    format = "pfmatch-regions/1"
    name = "Los Angeles County, California"      # what the file covers
    state = "CA"                                  # names match only in this state
    source = "where the names and ZIP lists come from"

    [[regions]]
    name = "SPA 6 South"
    aliases = ["SPA 6", "South Los Angeles", "South LA"]
    zips = ["90001", "90002"]
    source = "optional: this region's own source"

Names are matched whole, case- and punctuation-insensitively, after the
area parser has taken off "the", "greater", "area", "residents of"...; a
name matches only for offerings in the file's state (or of unknown state).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pfmatch._errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

__all__ = ["FORMAT", "Region", "Regions", "bundled_regions", "load_regions", "region_key"]

FORMAT = "pfmatch-regions/1"
_ZIP = re.compile(r"^\d{5}$")
_NON_WORD = re.compile(r"[^a-z0-9]+")

def region_key(name: str) -> str:
    """The form a region name is matched in: lower case, letters and digits, single spaces.

    "Sandtown-Winchester", "sandtown winchester" and "SANDTOWN/WINCHESTER" are one key;
    "Mt." is "mount", "St." is "saint"; a leading "the" is dropped ("The Waverlies").
    """
    key = _NON_WORD.sub(" ", name.lower().replace("'", "")).strip()
    key = key.removeprefix("the ")
    key = re.sub(r"\bmt\b", "mount", key)
    return re.sub(r"\bst\b", "saint", key)


@dataclass(frozen=True)
class Region:
    """One named area: its name, other names, ZIP codes and where that comes from."""

    name: str
    zips: tuple[str, ...]
    state: str | None
    aliases: tuple[str, ...] = ()
    source: str = ""
    file: str = ""

    def tokens(self) -> tuple[str, ...]:
        """Area tokens (``zip:NNNNN``) for the region."""
        return tuple(f"zip:{z}" for z in self.zips)


@dataclass(frozen=True, eq=False)
class Regions:
    """A set of region files, looked up by name and state.

    Build one with :func:`load_regions`.  Hashable by identity (parsers cache
    per set).
    """

    regions: tuple[Region, ...] = ()
    files: tuple[str, ...] = ()
    _by_key: dict[tuple[str | None, str], Region] = field(default_factory=dict, repr=False)

    def lookup(self, name: str, state: str | None) -> Region | None:
        """The region called ``name`` in ``state`` (a region file's state), or None."""
        key = region_key(name)
        if not key:
            return None
        if state:
            hit = self._by_key.get((state.upper(), key))
            return hit if hit is not None else self._by_key.get((None, key))
        hits = [r for (st, k), r in self._by_key.items() if k == key]
        return hits[0] if len(hits) == 1 else None

    def __len__(self) -> int:
        return len(self.regions)


#: What ``regions=`` accepts: a path, several paths, a loaded set, or None (bundled only).
RegionSpec = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | Regions | None


def _problem(file: str, what: str) -> ConfigError:
    return ConfigError(f"region file {file}: {what}. See docs/regions.md for the format "
                       f"(format = \"{FORMAT}\", [[regions]] with name, aliases, zips).")


def _parse(data: dict[str, Any], file: str) -> list[Region]:
    if data.get("format") != FORMAT:
        raise _problem(file, f"'format' must be \"{FORMAT}\", got {data.get('format')!r}")
    state = data.get("state")
    if state is not None and not (isinstance(state, str) and re.fullmatch(r"[A-Za-z]{2}", state)):
        raise _problem(file, f"'state' must be a two-letter US state code, got {state!r}")
    if not str(data.get("source") or "").strip():
        raise _problem(file, "'source' is missing: say where the names and ZIP lists come from")
    items = data.get("regions")
    if not isinstance(items, list) or not items:
        raise _problem(file, "it has no [[regions]] tables")
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise _problem(file, f"region {i} is not a table")
        name = item.get("name")
        if not isinstance(name, str) or not region_key(name):
            raise _problem(file, f"region {i} has no name")
        zips = item.get("zips")
        if not isinstance(zips, list) or not zips:
            raise _problem(file, f"region {name!r} has no zips list")
        bad = [z for z in zips if not (isinstance(z, str) and _ZIP.match(z))]
        if bad:
            raise _problem(file, f"region {name!r}: {bad[0]!r} is not a 5-digit ZIP code "
                                 "(write ZIPs as strings: \"21201\")")
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise _problem(file, f"region {name!r}: 'aliases' must be a list of strings")
        unknown = set(item) - {"name", "aliases", "zips", "source"}
        if unknown:
            raise _problem(file, f"region {name!r} has unknown keys {sorted(unknown)}")
        out.append(Region(name=name, zips=tuple(dict.fromkeys(zips)),
                          state=state.upper() if state else None, aliases=tuple(aliases),
                          source=str(item.get("source") or data["source"]), file=file))
    return out


def _read(path: Path) -> list[Region]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"region file {path} does not exist. Pass the path of a region "
                          "file (TOML; see docs/regions.md).") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"region file {path} cannot be read ({type(e).__name__}).") from None
    except tomllib.TOMLDecodeError as e:
        raise _problem(str(path), f"it is not valid TOML ({e})") from None
    return _parse(data, str(path))


def _build(regions: Iterable[Region], files: Sequence[str]) -> Regions:
    regs = tuple(regions)
    by_key: dict[tuple[str | None, str], Region] = {}
    for r in regs:   # later files win: a deployer's file overrides a bundled name
        for name in (r.name, *r.aliases):
            by_key[(r.state, region_key(name))] = r
    return Regions(regs, tuple(files), by_key)


def _bundled_files() -> list[tuple[str, str]]:
    folder = resources.files("pfmatch") / "data" / "regions"
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir()
                  if f.name.endswith(".toml"))


@functools.cache
def bundled_regions() -> Regions:
    """The region files shipped with pfmatch (Los Angeles County, Baltimore City)."""
    regs: list[Region] = []
    names = []
    for name, text in _bundled_files():
        regs.extend(_parse(tomllib.loads(text), f"pfmatch/data/regions/{name}"))
        names.append(f"pfmatch/data/regions/{name}")
    return _build(regs, names)


def load_regions(spec: RegionSpec = None, *, bundled: bool = True) -> Regions:
    """Region files to read areas with.

    Parameters
    ----------
    spec : path, list of paths, Regions or None
        A deployer's region file(s) (TOML, see ``docs/regions.md``); None for
        the bundled files only.  A :class:`Regions` is returned as it is.
    bundled : bool, default=True
        Include the bundled files (a deployer's names override theirs).

    Raises
    ------
    ConfigError
        When a file is missing or not in the region-file format.
    """
    if isinstance(spec, Regions):
        return spec
    base = bundled_regions() if bundled else Regions()
    if spec is None:
        return base
    paths = [spec] if isinstance(spec, (str, os.PathLike)) else list(spec)
    regs = list(base.regions)
    files = list(base.files)
    for p in paths:
        regs.extend(_read(Path(p)))
        files.append(str(p))
    return _build(regs, files)
