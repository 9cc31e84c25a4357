"""The README's quick-start examples run as written."""

from __future__ import annotations

import doctest
from pathlib import Path


def test_readme_examples_run(repo_root: Path) -> None:
    failures, tried = doctest.testfile(str(repo_root / "README.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried >= 5
    assert failures == 0
