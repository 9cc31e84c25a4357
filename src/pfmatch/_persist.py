"""Saving and loading a compiled index: ``Directory.save`` / ``Directory.load``.

A saved index is a folder::

    pfmatch-index.json     manifest: format name and version, sizes, vocabularies,
                           the directory checksum, the load report, and a
                           sha256 for every other file
    <column>.npy           one numpy array per column (sparse matrices as
                           <name>.data / .indices / .indptr)
    offerings.bin          the display records, one compact JSON array per
                           offering, concatenated (decoded only for the k shown)
    offerings.offsets.npy  int64 byte offsets into offerings.bin (N + 1)

Columns the match path reads are read into memory; identifiers are read
into memory; ``offerings.bin`` and its offsets are memory-mapped, so a loaded
index holds no Python object per offering (only a bounded cache of the records
last shown, see :class:`StoredOfferings`).  Loading refuses (with
:class:`pfmatch.ConfigError`) a folder whose format version differs from
:data:`FORMAT_VERSION` or whose files do not match the checksums in the
manifest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import json.scanner
import mmap
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp

from pfmatch._errors import ConfigError
from pfmatch._index import NeedMatrix, OfferingIndex, area_unknown_column, population_column
from pfmatch._offering import Offering
from pfmatch._report import LoadReport, Problem
from pfmatch._version import __version__

if TYPE_CHECKING:
    from pfmatch._directory import Directory

__all__ = ["FORMAT", "FORMAT_VERSION", "MANIFEST", "is_saved_index", "load_index", "save_index"]

MANIFEST = "pfmatch-index.json"
FORMAT = "pfmatch-index"
FORMAT_VERSION = 1

_DENSE = ("order_key", "load_rank", "lat", "lon", "lat_rad", "lon_rad", "cos_lat", "remote", "active",
          "confidential", "min_age", "max_age", "income_fpl", "has_area", "lang_known", "attrs",
          "factor_cov", "crisis_line", "dv_hotline", "population", "area_unknown")
_SPARSE = ("area", "lang", "need_rel")
#: Dense columns added after format version 1 was first written: an index saved
#: before them lacks their file, and they are derived from its records on load.
_ADDED: dict[str, Callable[[Sequence[Offering]], np.ndarray]] = {
    "population": population_column, "area_unknown": area_unknown_column}
_FIELDS = tuple(f.name for f in dataclasses.fields(Offering))
_TUPLE_FIELDS = frozenset(f.name for f in dataclasses.fields(Offering) if f.default == ())
_PHONES_POS = _FIELDS.index("phones")
# phones are converted on their own (their records hold lists too)
_TUPLE_POS = tuple(i for i, name in enumerate(_FIELDS) if name in _TUPLE_FIELDS and i != _PHONES_POS)
#: Decoded records kept per loaded index (about 3.7 KB each; see StoredOfferings).
CACHE_SIZE = 4096


def is_saved_index(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder holding a saved pfmatch index (it has a manifest)."""
    p = Path(path)
    return p.is_dir() and (p / MANIFEST).is_file()


# -- offering records --------------------------------------------------------------------------

def encode_offering(o: Offering) -> bytes:
    """One offering as a compact JSON array (fields in :class:`Offering` order)."""
    return json.dumps([getattr(o, f) for f in _FIELDS], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


#: json's C scanner for one value, set up as ``json.loads`` sets up its own: calling it
#: directly skips the encoding sniffing and whitespace checks of ``json.loads``, about 40%
#: of its time on a 1.2 KB record.  It keeps no state between calls.  (The type stubs ask
#: for a scanner where the decoder's settings are what is read.)
_SCAN = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def decode_offering(raw: bytes) -> Offering:
    """The inverse of :func:`encode_offering`."""
    text = raw.decode("utf-8", "surrogatepass")  # as json.loads decodes bytes
    try:
        v, end = _SCAN(text, 0)
    except StopIteration:
        end = -1
    if end != len(text):  # not one compact JSON value: let json.loads say what is wrong
        v = json.loads(raw)
    for i in _TUPLE_POS:
        v[i] = tuple(v[i])
    # phone records hold tuples too (e.g. their languages); JSON gives lists back.  The
    # dicts are fresh from the parser, so their values are replaced in place.
    phones = v[_PHONES_POS]
    for ph in phones:
        for k, x in ph.items():
            if type(x) is list:
                ph[k] = tuple(x)
    v[_PHONES_POS] = tuple(phones)
    return Offering(*v)


class StoredOfferings(Sequence[Offering]):
    """Offering records decoded on demand from a memory-mapped blob.

    The last :data:`CACHE_SIZE` records read by index are kept decoded (least
    recently used dropped first): the records looked up per family (the safety
    lines checked for pins, the services a family is connected to) repeat
    between families.  Explanations keep their own, smaller cache of what they
    show of each offering (``pfmatch._explain``) and read records with
    :meth:`peek`.  The records handed out are shared, as those of an in-memory
    directory are; nothing in pfmatch modifies an offering.  The cache is never
    pickled.
    """

    def __init__(self, blob: mmap.mmap | bytes, offsets: np.ndarray, cache_size: int = CACHE_SIZE) -> None:
        self._blob = blob
        self._bounds = np.asarray(offsets)  # a plain view: slicing a memmap is slower
        self._n = len(offsets) - 1
        self._cache_size = cache_size
        self._cache: OrderedDict[int, Offering] = OrderedDict()

    def __reduce__(self) -> tuple[Any, ...]:
        # the cache stays behind: a copy starts empty
        return (type(self), (self._blob, self._bounds, self._cache_size))

    def __len__(self) -> int:
        return self._n

    def _row(self, i: int) -> int:
        n = self._n
        i = int(i)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"offering {i} is out of range ({n} offerings)")
        return i

    def _decode(self, i: int) -> Offering:
        a, b = self._bounds[i:i + 2].tolist()
        return decode_offering(self._blob[a:b])

    def __getitem__(self, i: int) -> Offering:  # type: ignore[override]
        i = self._row(i)
        cache = self._cache
        # pop and put back: the entry becomes the most recent; each OrderedDict call
        # is atomic under the GIL, and two threads at worst decode a record twice
        o = cache.pop(i, None)
        if o is None:
            o = self._decode(i)
        cache[i] = o
        if len(cache) > self._cache_size:
            with contextlib.suppress(KeyError):  # emptied by another thread meanwhile
                cache.popitem(last=False)
        return o

    def peek(self, i: int) -> Offering:
        """Record ``i``, from the cache when there, else decoded without caching it.

        For reads of many records at once (the exclusions, a full scan), which
        would otherwise push the often-shown records out of the cache.
        """
        i = self._row(i)
        o = self._cache.get(i)
        return o if o is not None else self._decode(i)

    def __iter__(self) -> Iterator[Offering]:
        return (self.peek(i) for i in range(self._n))


# -- saving --------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    return h.hexdigest()


def save_index(directory: Directory, path: str | os.PathLike[str]) -> Path:
    """Write ``directory``'s compiled index to the folder ``path`` (created or overwritten)."""
    ix = directory.index
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"cannot save an index to {out}: it exists and is not a folder.")
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)  # a half-written folder is never loadable
    files: list[str] = []

    def put(name: str, arr: np.ndarray) -> None:
        np.save(out / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
        files.append(f"{name}.npy")

    for name in _DENSE:
        put(name, getattr(ix, name))
    for name in _SPARSE:
        m = getattr(ix, name)
        put(f"{name}.data", m.data)
        put(f"{name}.indices", m.indices)
        put(f"{name}.indptr", m.indptr)
    put("service_id", np.array([str(s) for s in ix.service_id], dtype=str))
    put("location_id", np.array(["" if s is None else str(s) for s in ix.location_id], dtype=str))
    put("location_none", np.array([s is None for s in ix.location_id], dtype=bool))

    offsets = np.zeros(len(ix) + 1, dtype=np.int64)
    with open(out / "offerings.bin", "wb") as f:
        pos = 0
        for i, o in enumerate(ix.offerings):
            raw = encode_offering(o)
            f.write(raw)
            pos += len(raw)
            offsets[i + 1] = pos
    files.append("offerings.bin")
    put("offerings.offsets", offsets)

    rep = directory.report
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pfmatch_version": __version__,
        "n": len(ix),
        "n_geo": ix.n_geo,
        "checksum": ix.checksum,
        "shapes": {name: list(getattr(ix, name).shape) for name in _SPARSE},
        "need_codes": list(ix.need_codes),
        "factor_names": list(ix.factor_names),
        "area_vocab": ix.area_vocab,
        "lang_vocab": ix.lang_vocab,
        "report": rep.to_dict(),
        "files": {name: _sha256(out / name) for name in files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return out


# -- loading -------------------------------------------------------------------------------------

def _refuse(path: Path, problem: str) -> ConfigError:
    return ConfigError(f"cannot load the saved index {path}: {problem}. "
                       "Rebuild it: Directory.load(<provider files>).save(<folder>).")


def load_index(path: str | os.PathLike[str], *, verify: bool = True,
               step: Callable[[str], None] | None = None) -> tuple[OfferingIndex, LoadReport]:
    """Read a folder written by :func:`save_index`.

    Parameters
    ----------
    verify : bool, default=True
        Check every file against the sha256 in the manifest.
    step : callable, optional
        Called with a short label after each stage (for a progress bar).

    Raises
    ------
    ConfigError
        When the manifest is missing or unreadable, its format or version is
        not this pfmatch's, or a file does not match its checksum.
    """
    p = Path(path)
    tick = step or (lambda _label: None)
    try:
        manifest = json.loads((p / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise _refuse(p, f"its manifest {MANIFEST} cannot be read ({type(e).__name__})") from None
    if manifest.get("format") != FORMAT:
        raise _refuse(p, f"{MANIFEST} is not a pfmatch index manifest")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise _refuse(p, f"it is in index format version {version!r}, this pfmatch "
                         f"({__version__}) reads version {FORMAT_VERSION}")
    files: dict[str, str] = manifest.get("files", {})
    if verify:
        for name, digest in files.items():
            f = p / name
            if not f.is_file():
                raise _refuse(p, f"the file {name} is missing")
            if _sha256(f) != digest:
                raise _refuse(p, f"the file {name} does not match the checksum recorded when it was "
                                 "saved (it was changed or partly copied)")
        tick("verified")

    def arr(name: str, mmap_mode: Literal["r"] | None = None) -> np.ndarray:
        try:
            return np.load(p / f"{name}.npy", mmap_mode=mmap_mode, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise _refuse(p, f"the file {name}.npy cannot be read ({type(e).__name__})") from None

    dense = {name: arr(name) for name in _DENSE if name not in _ADDED}
    sparse: dict[str, Any] = {}
    for name in _SPARSE:
        shape = tuple(manifest["shapes"][name])
        m = sp.csc_matrix((arr(f"{name}.data"), arr(f"{name}.indices"), arr(f"{name}.indptr")),
                          shape=shape)
        m.has_sorted_indices = True
        sparse[name] = NeedMatrix(m) if name == "need_rel" else m
    tick("columns")

    sid = arr("service_id").astype(object)
    lid = arr("location_id").astype(object)
    lid[arr("location_none")] = None
    tick("identifiers")

    with open(p / "offerings.bin", "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        blob: mmap.mmap | bytes = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    offerings = StoredOfferings(blob, arr("offerings.offsets", mmap_mode="r"))

    for name, derive in _ADDED.items():   # columns newer than the index: derived from its records
        dense[name] = arr(name) if (p / f"{name}.npy").is_file() else derive(offerings)
    index = OfferingIndex(
        offerings=offerings, service_id=sid, location_id=lid, n_geo=int(manifest["n_geo"]),
        area_vocab=dict(manifest["area_vocab"]), lang_vocab=dict(manifest["lang_vocab"]),
        need_codes=tuple(manifest["need_codes"]), factor_names=tuple(manifest["factor_names"]),
        checksum=str(manifest["checksum"]), **dense, **sparse,
    )
    r = manifest.get("report", {})
    report = LoadReport(source=r.get("source", str(p)), format=r.get("format", FORMAT),
                        counts=dict(r.get("counts", {})), source_counts=dict(r.get("source_counts", {})),
                        problems=[Problem(**x) for x in r.get("problems", [])])
    tick("records")
    return index, report
