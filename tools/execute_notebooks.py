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

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def execute(py_path: Path, timeout: int = 600) -> float:
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(py_path)
    ipynb_path = py_path.with_suffix(".ipynb")
    _keep_cell_ids(nb, ipynb_path)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(py_path.parent)}},
    )
    client.execute()
    elapsed = time.perf_counter() - start
    # drop volatile per-cell metadata nbclient adds (execution timestamps)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    jupytext.write(nb, ipynb_path, fmt="ipynb")
    jupytext.write(nb, py_path, fmt="py:percent")
    return elapsed


def run_notebook(path: Path, timeout: int = 600) -> float:
    """Run a notebook in a fresh kernel without saving anything; return seconds taken.

    The kernel start and TensorFlow's import are included, as a student would see.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return time.perf_counter() - start


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


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("IPYTHONDIR", str(ROOT / "tests" / "ipython"))
os.environ.setdefault("PYTHONHASHSEED", "0")


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
