"""`make audit`: every exercise check against its corpus, over many fresh draws.

For each task, each answer of ``tests/check_corpus.py`` (at least three right
ones written differently, at least three typical mistakes) is checked over
many seeded draws: hundreds for NumPy tasks, fewer for tasks that build or
train Keras models. The table says, per task, how many verdicts were right:

- ``right accepted``: passes of right answers (the rest are *false fails*);
- ``wrong rejected``: failures of wrong answers (the rest are *false passes*);
- ``diagnosed``: failures that named the mistake the answer makes.

A disagreement is listed with its seed; ``seeded_draws(seed)`` replays it.
Exit status 1 when any verdict was wrong. The test suite runs the same corpus
with fewer draws (``tests/test_check_audit.py``).

With ``--judge`` every check reads its answer the way ``nnteach grade`` does,
through the judge's remote namespace: values and calls cross the codec to a
relay (in this process), so the same table shows that the judge gives every
verdict the checks give locally (``make audit`` runs both ways).

Usage: ``python bench/audit_checks.py [TASK ...] [--draws-scale F] [--judge]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tasks", nargs="*", help="task ids, e.g. 2.2 5.2 (default: all)")
    parser.add_argument(
        "--draws-scale", type=float, default=1.0, help="multiply every task's draws (default 1)"
    )
    parser.add_argument(
        "--beginners-only", action="store_true", help="only the beginner corpus (tests/beginner)"
    )
    parser.add_argument(
        "--judge", action="store_true", help="read every answer through the judge's relay"
    )
    args = parser.parse_args(argv)
    if args.beginners_only:
        return beginner_table(args.tasks, args.draws_scale)

    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # retracing warnings
    from tests.check_corpus import CORPUS, sweep

    unknown = [t for t in args.tasks if t not in CORPUS]
    if unknown:
        parser.error(f"unknown task id(s) {unknown}; expected some of {list(CORPUS)}")
    header = (
        f"| task | right answers | right accepted | wrong answers | wrong rejected "
        f"| diagnosed | draws/answer | time |\n|{'---|' * 8}"
    )
    print(f"through the judge's relay ({'yes' if args.judge else 'no'})\n\n{header}")
    false_passes = false_fails = 0
    problems = []
    for task_id, corpus in CORPUS.items():
        if args.tasks and task_id not in args.tasks:
            continue
        draws = max(1, round(corpus.draws * args.draws_scale))
        start = time.perf_counter()
        right = [sweep(task_id, name, draws=draws, judge=args.judge) for name in corpus.right]
        wrong = [sweep(task_id, name, draws=draws, judge=args.judge) for name in corpus.wrong]
        seconds = time.perf_counter() - start
        accepted = sum(s.agreed for s in right)
        rejected = sum(s.agreed for s in wrong)
        diagnosed = sum(s.diagnosed for s in wrong)
        total_right, total_wrong = draws * len(right), draws * len(wrong)
        false_fails += total_right - accepted
        false_passes += total_wrong - rejected
        print(
            f"| {task_id} | {len(right)} | {accepted}/{total_right} | {len(wrong)} "
            f"| {rejected}/{total_wrong} | {diagnosed}/{total_wrong} | {draws} "
            f"| {seconds:.1f} s |",
            flush=True,
        )
        problems += [(s, d) for s in right + wrong for d in s.disagreements[:3]]
    print(f"\nfalse passes: {false_passes}   false fails: {false_fails}")
    for s, (seed, status, message) in problems:
        kind = "right" if s.right else "wrong"
        print(f"  {s.task_id} {kind} answer {s.answer!r}, seed {seed}: {status}: {message}")
    beginners = beginner_table(args.tasks, args.draws_scale)
    return 1 if false_passes or false_fails or beginners else 0


def beginner_table(tasks: list[str], draws_scale: float = 1.0) -> int:
    """The beginner corpus (``tests/beginner_corpus.py``): false passes and false fails per task."""
    from tests.beginner_corpus import attempts, draws_for, sweep_attempt

    print(
        "\nBeginner corpus (tests/beginner/, written without reading the checks)\n"
        f"| task | right attempts | right accepted | wrong attempts | wrong rejected "
        f"| draws/attempt |\n|{'---|' * 6}"
    )
    by_task: dict[str, list] = {}
    for attempt in attempts():
        if not tasks or attempt.task in tasks:
            by_task.setdefault(attempt.task, []).append(attempt)
    false_passes = false_fails = 0
    problems = []
    for task_id in sorted(by_task, key=lambda t: tuple(map(int, t.split(".")))):
        draws = max(1, round(draws_for(task_id) * draws_scale))
        sweeps = [sweep_attempt(a, draws=draws) for a in by_task[task_id]]
        right = [s for s in sweeps if s.attempt.label == "right"]
        wrong = [s for s in sweeps if s.attempt.label == "wrong"]
        accepted, rejected = sum(s.agreed for s in right), sum(s.agreed for s in wrong)
        false_fails += draws * len(right) - accepted
        false_passes += draws * len(wrong) - rejected
        print(
            f"| {task_id} | {len(right)} | {accepted}/{draws * len(right)} | {len(wrong)} "
            f"| {rejected}/{draws * len(wrong)} | {draws} |",
            flush=True,
        )
        problems += [(s, d) for s in sweeps for d in s.disagreements[:2]]
    print(f"\nbeginner corpus: false passes: {false_passes}   false fails: {false_fails}")
    for s, (seed, status, message) in problems:
        a = s.attempt
        print(f"  {a.task} {a.label} {a.name} ({a.why[:60]}), seed {seed}: {status}: {message}")
    return 1 if false_passes or false_fails else 0


if __name__ == "__main__":
    sys.exit(main())
