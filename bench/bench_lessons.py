"""Each lesson's run time top to bottom in a fresh kernel (budget 20 s, TF import included).

Every lesson runs twice, in two passes over the course, and the faster run
counts: other load on a shared machine only ever adds time, so the best of
two is the closer estimate of what the lesson itself costs. ``note`` gives
both runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

RUNS = 2
BUDGET_S = 20.0


def run() -> list[dict]:
    from execute_notebooks import time_notebook

    paths = sorted((ROOT / "course").glob("*.ipynb"))
    times: dict[Path, list[float]] = {path: [] for path in paths}
    for _ in range(RUNS):
        for path in paths:
            times[path].append(time_notebook(path))
    return [
        {
            "topic": "lesson",
            "case": f"{path.stem} (best of {RUNS})",
            "nnteach_s": min(times[path]),
            "naive_s": None,
            "budget_s": BUDGET_S,
            "note": "runs: " + ", ".join(f"{seconds:.1f} s" for seconds in times[path]),
        }
        for path in paths
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
