"""Grading throughput: ``nnteach grade`` on 6 copies of solution 01.

Three rows: 2 workers against one notebook after the other (``--workers 1``);
the bubblewrap sandbox against ``--no-sandbox`` (2 workers each, on the same
class, interleaved, best of two; the target is under 10 % overhead per
notebook); and the judge (checks in the grading process, the student's code
called through the kernel's relay) against the checks run inside the
student's kernel as before it (sandboxed, 2 workers, interleaved, best of
two; the budget is +15 %). ``python bench/bench_grading.py --judge N`` times
only that last row on N copies. Times are seconds per
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


def _seconds(workers: int, sandbox: bool = True, in_kernel: bool = False) -> float:
    import os

    from nnteach.grading import grade_class
    from nnteach.grading.runner import _BENCH_IN_KERNEL

    os.environ[_BENCH_IN_KERNEL] = "1" if in_kernel else "0"
    with tempfile.TemporaryDirectory(prefix="nnteach-bench-grade-") as tmp:
        submissions = _class(Path(tmp))
        start = time.perf_counter()
        book = Path(tmp) / "book"
        report = grade_class(submissions, book, workers=workers, sandbox=sandbox, log=None)
        seconds = time.perf_counter() - start
        summary = report.gradebook.summary
        if summary.notebooks != {"graded": COPIES} or summary.mean_points != 8:
            raise RuntimeError(f"unexpected grading result: {summary}")
    return seconds


def _judge_row() -> dict:
    """The judge against in-kernel checks, interleaved, best of two."""
    judged, in_kernel = [], []
    for _ in range(2):
        judged.append(_seconds(2))
        in_kernel.append(_seconds(2, in_kernel=True))
    per_judged, per_kernel = min(judged) / COPIES, min(in_kernel) / COPIES
    return {
        "topic": "grading",
        "case": f"{COPIES} x solution 01, judge (naive: checks in the kernel), s/notebook",
        "nnteach_s": per_judged,
        "naive_s": per_kernel,
        "budget_s": per_kernel * 1.15,
        "note": f"judge overhead {100 * (per_judged / per_kernel - 1):+.0f}% per notebook "
        f"(runs: judge {', '.join(f'{t:.1f}' for t in judged)} s, in-kernel "
        f"{', '.join(f'{t:.1f}' for t in in_kernel)} s)",
    }


def run() -> list[dict]:
    # interleaved, best of two: other load on the machine hits both alike
    sandboxed, unsandboxed = [], []
    for _ in range(2):
        sandboxed.append(_seconds(2))
        unsandboxed.append(_seconds(2, sandbox=False))
    parallel, unsandboxed = min(sandboxed), min(unsandboxed)
    sequential = _seconds(1)
    per_parallel, per_sequential = parallel / COPIES, sequential / COPIES
    per_open = unsandboxed / COPIES
    return [
        {
            "topic": "grading",
            "case": f"{COPIES} x solution 01, 2 workers (naive: 1 worker), s/notebook",
            "nnteach_s": per_parallel,
            "naive_s": per_sequential,
            "budget_s": BUDGET_S,
            "note": f"notebooks/min = {60 / per_parallel:.1f} with 2 workers, "
            f"{60 / per_sequential:.1f} with 1",
        },
        {
            "topic": "grading",
            "case": f"{COPIES} x solution 01, sandboxed (naive: --no-sandbox), s/notebook",
            "nnteach_s": per_parallel,
            "naive_s": per_open,
            "budget_s": per_open * 1.1,
            "note": f"sandbox overhead {100 * (per_parallel / per_open - 1):+.0f}% per notebook",
        },
        _judge_row(),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--judge":
        COPIES = int(sys.argv[2])
        print(_judge_row())
    else:
        for row in run():
            print(row)
