"""Grading throughput: ``nnteach grade`` on 6 copies of solution 01, 2 workers vs 1.

The naive approach is one notebook after the other (``--workers 1``); both
runs use the same grader, measured in the same run. Times are seconds per
notebook (kernel start, TensorFlow import, the student's cells and the checks);
``note`` gives notebooks per minute. The budget (15 s per notebook with 2
workers, i.e. 4 notebooks a minute on 2 cores) is this project's own target:
a class of 60 graded in a quarter of an hour.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COPIES = 6
BUDGET_S = 15.0  # per notebook, 2 workers


def _class(folder: Path) -> Path:
    submissions = folder / "submissions"
    submissions.mkdir()
    for i in range(COPIES):
        shutil.copyfile(ROOT / "solutions" / "01_perceptron.ipynb", submissions / f"s{i}.ipynb")
    return submissions


def _seconds(workers: int) -> float:
    from nnteach.grading import grade_class

    with tempfile.TemporaryDirectory(prefix="nnteach-bench-grade-") as tmp:
        submissions = _class(Path(tmp))
        start = time.perf_counter()
        report = grade_class(submissions, Path(tmp) / "book", workers=workers, log=None)
        seconds = time.perf_counter() - start
        statuses = report.gradebook["summary"]["notebooks"]
        if statuses != {"graded": COPIES} or report.gradebook["summary"]["mean_points"] != 8:
            raise RuntimeError(f"unexpected grading result: {report.gradebook['summary']}")
    return seconds


def run() -> list[dict]:
    parallel = _seconds(2)
    sequential = _seconds(1)
    per_parallel, per_sequential = parallel / COPIES, sequential / COPIES
    return [
        {
            "topic": "grading",
            "case": f"{COPIES} x solution 01, 2 workers (naive: 1 worker), s/notebook",
            "nnteach_s": per_parallel,
            "naive_s": per_sequential,
            "budget_s": BUDGET_S,
            "note": f"notebooks/min = {60 / per_parallel:.1f} with 2 workers, "
            f"{60 / per_sequential:.1f} with 1",
        }
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
