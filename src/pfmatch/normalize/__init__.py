"""Normalizers: one HSDS 3.0 service dict → :class:`~pfmatch._offering.Offering` records.

Each module parses one thing, structured HSDS fields first and free text
second: :mod:`.ages`, :mod:`.income`, :mod:`.areas`, :mod:`.modes`,
:mod:`.hours`, :mod:`.fees`, :mod:`.status`, :mod:`.access`, :mod:`.taxonomy`;
languages live in :mod:`pfmatch._languages`.  Every attribute is documented in
``docs/attributes.md``.
"""

from __future__ import annotations

from pfmatch.normalize._service import normalize_service, normalize_services

__all__ = ["normalize_service", "normalize_services"]
