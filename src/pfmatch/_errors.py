"""The errors and warnings pfmatch raises.

Every error a user can cause derives from :class:`PfmatchError`, which is also a
:class:`ValueError`, so existing ``except ValueError`` handlers keep working::

    ValueError
    └── PfmatchError
        ├── FamilyDataError     a family's data is malformed (names a JSON path)
        ├── ProviderDataError   a provider file cannot be read (names file and row)
        └── ConfigError         weights, options or a persisted index are unusable

    UserWarning
    └── DataWarning             the data is usable but something was repaired or unknown

Messages follow one template: what is wrong, the value received, where, and how
to fix it.  Family data is sensitive: a :class:`FamilyDataError` names the field
path and the *kind* of value it received, never the value itself, unless the
caller passes ``show_value=True`` for non-sensitive fields such as a ZIP format.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ConfigError", "DataWarning", "FamilyDataError", "PfmatchError", "ProviderDataError"]


def _rebuild(cls: type[PfmatchError], args: tuple[Any, ...], state: dict[str, Any]) -> PfmatchError:
    """Unpickle a :class:`PfmatchError` without calling its ``__init__``."""
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class PfmatchError(ValueError):
    """Base class of every error pfmatch raises for bad input.

    Every error pickles with its message and attributes (``path``, ``file``,
    ``row``...), so one raised in a worker process (``match_many(n_jobs=2)``)
    reaches the caller as the same error, not as a broken process pool.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce calls cls(*self.args), which fails for subclasses whose
        # __init__ takes other arguments than the message (FamilyDataError(path, problem)).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class FamilyDataError(PfmatchError):
    """A family's data is malformed.

    Parameters
    ----------
    path : str
        JSON path of the offending field, e.g. ``$.children[1].age_months``.
    problem : str
        What is wrong, e.g. ``"must be a number between 0 and 240"``.
    fix : str, optional
        How to fix it, when that is obvious.
    received : str, optional
        A description of what was received.  Never the value of a sensitive
        field; use the type name (``"a str"``) instead.
    index : int, optional
        In a batch (:func:`pfmatch.match_many`), the 0-based position of the
        family concerned.
    family_id : str, optional
        In a batch, that family's ``id`` when it has one.
    """

    def __init__(self, path: str, problem: str, *, fix: str | None = None,
                 received: str | None = None, index: int | None = None,
                 family_id: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        self.received = received
        self.index = index
        self.family_id = family_id
        msg = ""
        if index is not None:
            msg = f"family {index}" + (f" (id {family_id!r})" if family_id else "") + ": "
        msg += f"{path} {problem}"
        if received is not None:
            msg += f"; got {received}"
        if fix:
            msg += f". {fix}"
        super().__init__(msg)

    def at(self, index: int, family_id: str | None = None) -> FamilyDataError:
        """The same error, naming the family's position (and id) in a batch."""
        if self.index is not None:
            return self
        return type(self)(self.path, self.problem, fix=self.fix, received=self.received,
                          index=index, family_id=family_id)


class ProviderDataError(PfmatchError):
    """A provider directory cannot be read.

    Parameters
    ----------
    problem : str
        What is wrong.
    file : str, optional
        The file (or folder) concerned.
    row : int, optional
        1-based data row (CSV) or record number (JSON), when known.
    fix : str, optional
        How to fix it, when that is obvious.
    """

    def __init__(self, problem: str, *, file: str | None = None, row: int | None = None,
                 fix: str | None = None) -> None:
        self.problem = problem
        self.file = file
        self.row = row
        self.fix = fix
        where = ""
        if file is not None:
            where = f"{file}"
            if row is not None:
                where += f", row {row}"
            where += ": "
        msg = where + problem
        if fix:
            msg += f". {fix}"
        super().__init__(msg)


class ConfigError(PfmatchError):
    """Weights, options or a persisted index are unusable."""


class DataWarning(UserWarning):
    """Data was usable but incomplete or repaired (see the load report)."""
