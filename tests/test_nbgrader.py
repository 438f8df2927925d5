"""nbgrader accepts solutions/ as its source notebooks, unchanged (issue 6 and 7).

``nbgrader generate_assignment`` turns a copy of a solutions notebook into the
student version; the test checks the answers are gone and that the student
version runs, as nbgrader's autograder runs it: every check cell gives 0 points
and no check cell errors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nnteach.notebooks import kernel_environment, run_notebook
from tests._notebooks import ROOT

pytest.importorskip("nbgrader")


@pytest.mark.slow
def test_nbgrader_generates_a_student_version_that_runs(tmp_path):
    from nbgrader.utils import determine_grade

    source = tmp_path / "source" / "ps1"
    source.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "01_perceptron.ipynb", source)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # alembic
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "ps1", "--force"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    student = nbformat.read(tmp_path / "release" / "ps1" / "01_perceptron.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in student.cells if cell.cell_type == "code")
    assert "BEGIN SOLUTION" not in text and "np.linalg.lstsq" not in text
    assert text.count("YOUR CODE HERE") == 5

    kernel = kernel_environment()
    kernel["NBGRADER_EXECUTION"] = "autograde"
    run_notebook(student, cwd=tmp_path, cell_timeout=120, allow_errors=True, env=kernel)
    for cell in student.cells:
        meta = cell.metadata.get("nbgrader", {})
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if meta.get("solution"):  # nbgrader's stub: raise NotImplementedError()
            assert not errors or errors[0].ename == "NotImplementedError"
        elif meta.get("grade"):
            assert not errors
            panel = cell.outputs[0].data["text/plain"]
            assert "not attempted yet" in panel
            assert determine_grade(cell) == (0, meta["points"])
        else:
            assert not errors
