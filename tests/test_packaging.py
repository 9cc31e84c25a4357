"""The package as users install it: a plain (non-editable) wheel, used from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.mark.slow
def test_sample_directory_works_after_a_plain_install(tmp_path: Path, repo_root: Path) -> None:
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (the dev extra)")
    wheels, site, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(repo_root)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("pfmatch-*.whl")
    with zipfile.ZipFile(wheel) as zf:  # the licence travels with every install
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in zf.namelist())
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, cwd=tmp_path)
    code = (
        "import pfmatch, sys\n"
        f"assert pfmatch.__file__.startswith({str(site)!r}), pfmatch.__file__\n"
        "d = pfmatch.Directory.sample()\n"
        "r = pfmatch.match({'location': {'zip': '90011'}, 'needs': ['food']}, k=3)\n"
        "print(len(d), len(r))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=elsewhere, env=env,
                         capture_output=True, text=True)
    n_offerings, n_results = map(int, out.stdout.split())
    assert n_offerings > 3000
    assert n_results == 3
