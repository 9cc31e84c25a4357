"""Optional dependencies, imported only when a feature needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["require"]


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import an optional dependency, or explain which extra provides it.

    Parameters
    ----------
    module : str
        Module to import, e.g. ``"pandas"``.
    extra : str
        The pfmatch extra that installs it, e.g. ``"pandas"`` or ``"notebooks"``.
    feature : str
        What needs it, e.g. ``"to_frame()"``.

    Raises
    ------
    ImportError
        ``"pandas is needed for to_frame(); install it with pip install 'pfmatch[pandas]'"``.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise ImportError(f"{module} is needed for {feature}; install it with "
                          f"pip install 'pfmatch[{extra}]'") from None
