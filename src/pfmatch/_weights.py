"""Weights: how much each score component counts.

Weights are not rules.  Eligibility rules and safety pins are applied before
and after scoring, so no weight setting can rank an ineligible offering or
remove a pinned crisis resource.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from pfmatch._errors import ConfigError

__all__ = ["COMPONENTS", "MAX_WEIGHT", "Weights"]

#: Largest weight allowed: only the ratios matter, and with every weight at most this
#: their sum (and every weighted score) stays far from float overflow.
MAX_WEIGHT = 1e6

#: Score components, in the order they are reported.
COMPONENTS: tuple[str, ...] = ("need", "factor", "distance", "language", "access", "urgency")


@dataclass(frozen=True)
class Weights:
    """Non-negative weights, one per score component.

    Each weight is a finite number between 0 and :data:`MAX_WEIGHT` (1e6), and at
    least one is positive; anything else is a :class:`~pfmatch.ConfigError`.

    Only the ratios matter: scaling every weight by the same factor leaves every
    score and the ranking unchanged.  Components that do not apply to a family
    (distance without a location, access without barriers, factor fit without
    gaps) are left out and the others renormalized, for every offering alike.

    Parameters
    ----------
    need : float, default=0.35
        How well the offering answers the family's needs (taxonomy first, text second).
    factor : float, default=0.15
        How well it builds the protective factors where the family has gaps.
    distance : float, default=0.20
        Closeness, with a decay that shrinks when the family has no car.
    language : float, default=0.10
        Preferred language > another spoken language > interpretation.
    access : float, default=0.15
        Fit with the family's barriers (walk-in for no phone, evenings for work hours...).
    urgency : float, default=0.05
        Answers the family's most urgent needs.

    Examples
    --------
    >>> w = Weights(distance=0.5)
    >>> Weights.from_dict(w.to_dict()) == w
    True
    """

    need: float = 0.35
    factor: float = 0.15
    distance: float = 0.20
    language: float = 0.10
    access: float = 0.15
    urgency: float = 0.05

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ConfigError(
                    f"The {f.name!r} weight must be a non-negative number; got {type(v).__name__}."
                )
            # compared before float(): an int such as 10**400 compares exactly but overflows
            if (isinstance(v, float) and not math.isfinite(v)) or not 0 <= v <= MAX_WEIGHT:
                got = f"{v!r}" if isinstance(v, float) else "an int out of range"
                raise ConfigError(
                    f"The {f.name!r} weight must be a finite number between 0 and "
                    f"{MAX_WEIGHT:g}; got {got}. Only the ratios of the weights matter, "
                    "so scale them down."
                )
            object.__setattr__(self, f.name, float(v))
        total = self.total()
        if total == 0:
            raise ConfigError("At least one weight must be positive; all weights are 0.")
        if not math.isfinite(total):  # cannot happen within MAX_WEIGHT; checked before scoring
            raise ConfigError("The weights add up to more than a float holds; scale them down.")

    def total(self) -> float:
        """Sum of all weights."""
        return sum(getattr(self, c) for c in COMPONENTS)

    def to_dict(self) -> dict[str, float]:
        """The weights as a plain dict."""
        return asdict(self)

    def as_array(self) -> list[float]:
        """The weights in :data:`COMPONENTS` order."""
        return [getattr(self, c) for c in COMPONENTS]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        """Build weights from a mapping; unknown keys are an error listing the valid ones."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"Weights must be a mapping of component to number; got {type(data).__name__}.")
        unknown = sorted(repr(k)[:40] for k in data if k not in COMPONENTS)
        if unknown:
            raise ConfigError(
                f"Unknown weight name(s) {', '.join(unknown[:5])}"
                f"{f' and {len(unknown) - 5} more' if len(unknown) > 5 else ''}. "
                f"Valid names are: {list(COMPONENTS)}."
            )
        return cls(**dict(data))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Weights:
        """Read weights from a JSON or TOML file.

        A file may hold the weights at its top level or under a ``weights`` key
        (as files written by :meth:`save` and by the tuner do).
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"Cannot read weights file {p}: {e.strerror or e}.") from None
        except UnicodeDecodeError:
            raise ConfigError(f"Weights file {p} is not UTF-8 text.") from None
        except ValueError as e:  # e.g. a NUL byte in the path
            raise ConfigError(f"Cannot read weights file {p!r}: {e}.") from None
        data: Any
        if p.suffix.lower() == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # Python 3.10
                import tomli as tomllib
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                raise ConfigError(f"Weights file {p} is not valid TOML: {e}.") from None
            except RecursionError:
                raise ConfigError(f"Weights file {p} is nested too deeply.") from None
        else:
            try:
                data = json.loads(text)
            except json.JSONDecodeError as e:
                raise ConfigError(
                    f"Weights file {p} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}."
                ) from None
            except RecursionError:
                raise ConfigError(f"Weights file {p} is nested too deeply.") from None
            except ValueError as e:  # e.g. an integer of more than 4,300 digits
                raise ConfigError(f"Weights file {p} holds a number that cannot be read: "
                                  f"{str(e)[:120]}.") from None
        if isinstance(data, Mapping) and "weights" in data and isinstance(data["weights"], Mapping):
            data = data["weights"]
        return cls.from_dict(data)

    def save(self, path: str | os.PathLike[str], *, metadata: Mapping[str, Any] | None = None) -> None:
        """Write the weights as JSON (``{"weights": {...}, "metadata": {...}}``)."""
        doc: dict[str, Any] = {"weights": self.to_dict()}
        if metadata:
            doc["metadata"] = dict(metadata)
        Path(path).write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def coerce(cls, value: Weights | Mapping[str, Any] | str | os.PathLike[str] | None) -> Weights:
        """Accept weights in any of the forms ``match()`` takes."""
        if value is None:
            return cls()
        if isinstance(value, Weights):
            return value
        if isinstance(value, Mapping):
            return cls.from_dict(value)
        if isinstance(value, (str, os.PathLike)):
            return cls.load(value)
        raise ConfigError(
            "weights must be a pfmatch.Weights, a mapping, a path to a JSON/TOML file, or None; "
            f"got {type(value).__name__}."
        )
