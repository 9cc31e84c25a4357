"""The data files shipped in ``pfmatch/data`` (TOML), read once per process."""

from __future__ import annotations

import functools
import sys
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

__all__ = ["load_toml"]


@functools.cache
def load_toml(name: str) -> dict[str, Any]:
    """Parse one TOML file from ``pfmatch/data`` (e.g. ``"needs.toml"``).

    The result is cached and shared: treat it as read-only.
    """
    text = (resources.files("pfmatch") / "data" / name).read_text(encoding="utf-8")
    return tomllib.loads(text)
