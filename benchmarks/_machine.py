"""Machine facts printed at the top of every benchmark (RapidFuzz's get_platform pattern)."""

from __future__ import annotations

import os
import platform

import numpy as np


def machine_info() -> str:
    """One line: CPU count, Python, numpy, platform."""
    return (f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"numpy {np.__version__}, {platform.platform(terse=True)}")


def percentile_ms(samples: list[float], q: float) -> float:
    """The q-th percentile of samples given in seconds, in milliseconds."""
    return float(np.percentile(np.asarray(samples) * 1000.0, q))
