"""What a team adopting pfmatch checks first: licence, changelog, metadata, docs, links, schema."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pfmatch

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO.parent / "shared" / "spec" / "API.md"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_license_file_matches_the_metadata() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert PYPROJECT["project"]["license"] == "BSD-3-Clause"
    assert text.startswith("BSD 3-Clause License")
    assert "Neither the name of the copyright holder" in text


def test_changelog_has_this_version_and_the_next() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text
    assert f"## [{pfmatch.__version__}]" in text
    assert "vX.Y.Z" in text                       # the tag policy


def test_metadata_classifiers_urls_and_extras() -> None:
    project = PYPROJECT["project"]
    low = int(project["requires-python"].removeprefix(">=3."))
    versions = [c.rsplit(" ", 1)[1] for c in project["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert versions and min(int(v.split(".")[1]) for v in versions) == low
    assert {"Homepage", "Documentation", "Repository", "Issues", "Changelog"} <= set(
        project["urls"])
    extras = project["optional-dependencies"]
    assert any(d.startswith("nbconvert") for d in extras["notebooks"])
    assert any(d.startswith("mkdocs") for d in extras["docs"])


@pytest.mark.skipif(not SPEC.is_file(), reason="../shared/spec/API.md is not beside this checkout")
def test_docs_api_is_the_public_contract() -> None:
    assert (REPO / "docs" / "api.md").read_text(encoding="utf-8") == SPEC.read_text(
        encoding="utf-8"), "docs/api.md differs from the contract: cp ../shared/spec/API.md docs/"


def _links() -> list[tuple[Path, str]]:
    out = []
    for md in [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").rglob("*.md"))]:
        for target in LINK.findall(md.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target) and not target.startswith("#"):
                out.append((md, target.split("#", 1)[0]))
    return out


def test_relative_links_resolve_inside_the_repository_and_the_sdist() -> None:
    include = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    links = _links()
    assert any(t == "docs/api.md" for _, t in links)  # the README links the contract
    for md, target in links:
        path = (md.parent / target).resolve()
        where = f"{md.relative_to(REPO)} links {target}"
        assert path.exists(), f"{where}, which does not exist"
        rel = path.relative_to(REPO)                   # raises if it leaves the repository
        assert any(rel == Path(i) or Path(i) in rel.parents for i in include), (
            f"{where}, which the sdist does not include")


def test_json_output_starts_with_schema_and_version() -> None:
    doc = json.loads(pfmatch.match({"location": {"zip": "90011"}}, k=1).to_json())
    assert list(doc)[:2] == ["schema", "pfmatch_version"]
    assert doc["schema"] == "pfmatch.result/1" and doc["pfmatch_version"] == pfmatch.__version__


@pytest.mark.slow
def test_docs_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("mkdocstrings", reason="the docs site needs the docs extra "
                        "(pip install 'pfmatch[docs]')")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    if mkdocs is None:
        pytest.skip("mkdocs is not installed beside this interpreter")
    run = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(tmp_path / "site")],
                         check=False, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (tmp_path / "site" / "reference" / "tune" / "index.html").is_file()
