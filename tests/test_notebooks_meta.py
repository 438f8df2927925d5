"""Notebooks are reviewable text: paired, in sync, executed in order, seeded.

nbval (in `make test`) re-runs every notebook; these tests check what nbval
cannot see: the jupytext pair, the committed execution order and the seeds.
"""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest

from tests._notebooks import ROOT, all_notebooks, notebook_ids

NOTEBOOKS = all_notebooks()


def test_there_are_notebooks():
    assert (ROOT / "course" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_pair_is_in_sync(path):
    py = path.with_suffix(".py")
    assert py.exists(), f"{path.name} has no py:percent pair; run `make sync`"
    expected = jupytext.writes(jupytext.read(path), fmt="py:percent")
    assert py.read_text() == expected, (
        f"{py.relative_to(ROOT)} and {path.name} differ: edit the .py, then run "
        "`python tools/execute_notebooks.py` on it (or `make sync` after editing in JupyterLab)"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_committed_executed_in_order_without_errors(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in code]
    assert None not in counts, f"{path.name}: some code cells were never run"
    assert counts == list(range(1, len(code) + 1)), (
        f"{path.name}: cells were not run top to bottom in a fresh kernel: {counts}"
    )
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{path.name}: committed outputs contain an error: {errors[0].ename}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_seeds_are_fixed_where_keras_is_used(path):
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    if re.search(r"^\s*(import keras|from keras)", source, re.M):
        assert "keras.utils.set_random_seed(" in source, (
            f"{path.name} uses Keras without `keras.utils.set_random_seed(...)`"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_ids())
def test_no_nbval_comments_in_cells(path):
    """Students read every cell: nbval's markers go in the cell's tags, not in comments."""
    cells = nbformat.read(path, as_version=4).cells
    marked = [i + 1 for i, c in enumerate(cells) if re.search(r"^\s*#\s*NBVAL_", c.source, re.M)]
    assert not marked, (
        f"{path.name}: cells {marked} carry a '# NBVAL_...' comment; remove it and tag the "
        'cell instead, in the .py pair: `# %% tags=["nbval-check-output"]`'
    )
