import os
import pathlib

import nbformat
from nbclient import NotebookClient

from conftest import ROOT


def test_the_policy_change_notebook_runs_headless(tmp_path):
    notebook = nbformat.read(ROOT / "examples" / "policy_change.ipynb", as_version=4)
    plots = pathlib.Path(os.environ.get("TRAPPE_BUILD_DIR", tmp_path)) / "notebook"
    plots.mkdir(parents=True, exist_ok=True)
    os.environ["TRAPPE_SOURCE_DIR"] = str(ROOT)
    # The kernel runs elsewhere: make the package path absolute.
    os.environ["PYTHONPATH"] = os.pathsep.join(str(pathlib.Path(p).resolve())
                                               for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    os.environ["TRAPPE_PLOT_DIR"] = str(plots)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on any cell error
    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert (plots / "policy_change.png").stat().st_size > 10_000
    text = "".join(o.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "trin" in text and "->" in text
