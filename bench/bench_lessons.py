"""Each lesson's run time top to bottom in a fresh kernel (budget 20 s, TF import included)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))


def run() -> list[dict]:
    from execute_notebooks import time_notebook

    rows = []
    for path in sorted((ROOT / "course").glob("*.ipynb")):
        rows.append(
            {
                "topic": "lesson",
                "case": path.stem,
                "nnteach_s": time_notebook(path),
                "naive_s": None,
                "budget_s": 20.0,
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
