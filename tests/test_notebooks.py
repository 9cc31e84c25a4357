"""Every notebook in notebooks/ runs end to end, and is stored without outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 120
#: Inline plots each notebook must show when executed: the researcher notebook's
#: NDCG against C, the weights, NDCG against each weight, per-family distribution.
MIN_IMAGES = {"researcher-tuning.ipynb": 4}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stripped(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has outputs; strip them"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has a count"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat", reason="notebook tests need nbformat "
                                   "(pip install 'pfmatch[notebooks]')")
    nbclient = pytest.importorskip("nbclient", reason="notebook tests need nbclient "
                                   "(pip install 'pfmatch[notebooks]')")
    pytest.importorskip("ipykernel", reason="notebook tests need ipykernel "
                        "(pip install 'pfmatch[notebooks]')")
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.skip("no 'python3' Jupyter kernel is installed")
    argv0 = spec.argv[0]
    if argv0 not in ("python", "python3", "{python}") and Path(argv0).resolve() != Path(
            sys.executable).resolve():
        pytest.skip(f"the 'python3' kernel runs {argv0}, not this interpreter ({sys.executable})")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors
    # the notebook ran in tmp_path: anything it wrote next to itself would be here
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "the notebook wrote files"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= MIN_IMAGES.get(path.name, 0), (
        f"{path.name}: {len(images)} inline images, expected {MIN_IMAGES.get(path.name, 0)}")
    for o in outputs:
        text = "".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", ""))
        assert "0 new, 0 dropped, 0 moved" not in text, f"{path.name}: a what-if changed nothing"
