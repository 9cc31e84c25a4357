"""The library's logger: ``logging.getLogger("pfmatch")``, silent unless the application configures it.

pfmatch logs what an embedding service needs to watch: directory loads,
saves and reloads (with their load-report counts and timings, at INFO) and
the timing of each ``match`` / ``match_many`` call (at DEBUG).  It never logs a
family field, a need text, a screening answer or a family id: only counts,
``k``, durations and provider-directory paths.  ``tests/test_logging.py`` runs
a full match of a family with distinctive values at DEBUG and checks that
none of them appears.

As the :mod:`logging` HOWTO asks of libraries, the ``pfmatch`` logger has a
:class:`logging.NullHandler` and no other handler; to see the messages::

    import logging
    logging.basicConfig(level=logging.INFO)          # or
    logging.getLogger("pfmatch").setLevel(logging.DEBUG)
"""

from __future__ import annotations

import logging

__all__ = ["logger", "report_counts"]

logger = logging.getLogger("pfmatch")
logger.addHandler(logging.NullHandler())


def report_counts(report: object) -> str:
    """One line of a load report's counts: what was loaded, skipped and repaired."""
    counts = getattr(report, "counts", {}) or {}
    skipped = len(getattr(report, "skipped", ()))
    repaired = len(getattr(report, "repaired", ()))
    return (f"{counts.get('services', 0)} services, {counts.get('offerings', 0)} offerings, "
            f"{skipped} records skipped, {repaired} repaired")
