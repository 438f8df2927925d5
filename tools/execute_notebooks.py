"""Execute notebooks top to bottom and save them with their outputs.

Usage::

    python tools/execute_notebooks.py course/01_perceptron.py   # one pair
    python tools/execute_notebooks.py course solutions          # folders

A ``.py`` argument (the jupytext ``py:percent`` pair) is the source: its cells
are read, run in a fresh kernel from the notebook's folder, and written to the
``.ipynb`` beside it with outputs. The ``.py`` is then rewritten from the
notebook so the pair is in sync. Stops at the first notebook with an error.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnteach.notebooks import kernel_environment, run_notebook  # noqa: E402


def execute(py_path: Path, timeout: int = 600) -> float:
    """Run a ``.py`` pair's cells, write the ``.ipynb`` with outputs, re-sync the ``.py``."""
    import jupytext

    nb = jupytext.read(py_path)
    ipynb_path = py_path.with_suffix(".ipynb")
    _keep_cell_ids(nb, ipynb_path)
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    elapsed = run_notebook(nb, cwd=py_path.parent, cell_timeout=timeout, env=ENV).seconds
    jupytext.write(nb, ipynb_path, fmt="ipynb")
    jupytext.write(nb, py_path, fmt="py:percent")
    return elapsed


def time_notebook(path: Path, timeout: int = 600) -> float:
    """Run a notebook in a fresh kernel without saving anything; return seconds taken.

    The kernel start and TensorFlow's import are included, as a student would see.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return run_notebook(nb, cwd=path.parent, cell_timeout=timeout, env=ENV).seconds


def _keep_cell_ids(nb, ipynb_path: Path) -> None:
    """Reuse the existing notebook's cell ids for unchanged cells (quieter diffs)."""
    import nbformat

    if not ipynb_path.exists():
        return
    old = nbformat.read(ipynb_path, as_version=4)
    ids: dict[tuple[str, str], list[str]] = {}
    for cell in old.cells:
        if "id" in cell:
            ids.setdefault((cell.cell_type, cell.source), []).append(cell.id)
    for cell in nb.cells:
        candidates = ids.get((cell.cell_type, cell.source), [])
        if candidates:
            cell.id = candidates.pop(0)


ENV = kernel_environment(ipython_dir=ROOT / "tests" / "ipython", figures=True)


def main(argv: list[str]) -> int:
    targets: list[Path] = []
    for arg in argv or ["course", "solutions", "exercises"]:
        path = Path(arg)
        if path.is_dir():
            targets += sorted(
                p
                for p in path.glob("*.py")
                if p.with_suffix(".ipynb").exists() or p.read_text().startswith("# ---")
            )
        elif path.suffix in (".py", ".ipynb"):
            targets.append(path.with_suffix(".py"))
        else:
            print(f"Not a notebook pair or folder: {arg}", file=sys.stderr)
            return 2
    for py_path in targets:
        print(f"executing {py_path} ...", end=" ", flush=True)
        elapsed = execute(py_path)
        print(f"{elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
