"""`make mutate`: every mutant of every solution cell against its task's check.

For each task, the solution cell of ``solutions/NN_*.ipynb`` is changed in
one small place at a time (the operators of ``bench/mutation.py``: swapped
operators and names, constants off by one, axes, dropped terms, arguments
and keywords, swapped arguments and items, an in-place update). Each mutant
is executed as the notebook would define it (after the notebook's earlier
code cells, check cells left out) and checked over many seeded draws
(50 for NumPy tasks, 3 for tasks that build, call or train Keras models).

- *killed*: the mutant raised when defined, or failed on at least one draw;
  the draws on which a killed mutant **passed** are counted (goal: 0, else
  the check's verdict depends on the draw);
- *equivalent*: it passed every draw and ``tests/mutation_equivalents.toml``
  lists it, with a one-line reason why it behaves like the solution;
- *survived*: it passed every draw and is not listed: a gap in the check.

Exit status 1 on any survivor, any draw on which a killed mutant passed, any
listed equivalent that the check kills (the list is stale) and any solution
that fails its own check. ``seeded_draws(seed)`` replays a reported draw.

Usage: ``python bench/mutate_checks.py [TASK ...] [--draws N] [--keras-draws N]
[--summary] [--list]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
import time
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

from bench.mutation import Mutant, context_cells, mutants, solution_cells  # noqa: E402

EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.toml"
SOLUTIONS = ROOT / "solutions"
NUMPY_DRAWS, KERAS_DRAWS = 50, 3
DEFINE_LIMIT = 300.0  # seconds to execute one mutated cell (a cell may train a model)


@dataclass
class TaskReport:
    """What the mutants of one task did."""

    task_id: str
    draws: int
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    survivors: list[str] = field(default_factory=list)
    flaky: list[tuple[str, list[int]]] = field(default_factory=list)  # (mutant, passing seeds)
    stale: list[str] = field(default_factory=list)  # listed as equivalent, but killed
    errors: list[tuple[str, int, str]] = field(default_factory=list)  # check errors
    solution_failures: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed_draws(self) -> int:
        return sum(len(seeds) for _, seeds in self.flaky)

    @property
    def score(self) -> float:
        judged = self.mutants - self.equivalent
        return 100.0 if judged == 0 else 100.0 * self.killed / judged

    @property
    def ok(self) -> bool:
        return not (self.survivors or self.flaky or self.stale or self.solution_failures)


def load_equivalents(path: Path = EQUIVALENTS) -> dict[str, dict[str, str]]:
    """``{task id: {mutant id: reason}}`` from the reviewed TOML file.

    The file holds one array of tables per task: ``[["2.5"]]`` with
    ``mutant = "<id>"`` and ``reason = "<why it behaves like the solution>"``.
    """
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        task: {entry["mutant"]: entry.get("reason", "") for entry in entries}
        for task, entries in data.items()
    }


def task_cells() -> dict[str, tuple[Path, object]]:
    """``{task id: (notebook, SolutionCell)}`` for every solutions notebook."""
    found = {}
    for path in sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb")):
        for cell in solution_cells(path):
            found[cell.task_id] = (path, cell)
    return found


@contextlib.contextmanager
def _silenced():
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        yield


def _reseed() -> None:
    import numpy as np

    np.random.seed(0)  # noqa: NPY002 - what a notebook's global state would be
    if "keras" in sys.modules:
        sys.modules["keras"].utils.set_random_seed(0)


def _execute(code: str, namespace: dict, label: str) -> None:
    from nnteach.checks._sandbox import time_limit

    with _silenced(), time_limit(DEFINE_LIMIT):
        exec(compile(code, label, "exec"), namespace)  # noqa: S102 - the point


def namespaces_before(path: Path, indices: set[int]) -> dict[int, dict]:
    """The notebook's variables just before each solution cell in ``indices``.

    Every code cell but the check cells runs in order (solution cells as
    written), as a student's notebook would; a copy of the namespace is
    taken before each cell of ``indices``.
    """
    namespace: dict = {"__name__": "__main__"}
    snapshots = {}
    for index, code, _ in context_cells(path):
        if index in indices:
            snapshots[index] = dict(namespace)
        if index > max(indices):
            break
        _reseed()
        try:
            _execute(code, namespace, f"<{path.stem} cell {index}>")
        except Exception as error:  # noqa: BLE001 - say so, and go on like a notebook would
            print(f"warning: {path.name}, cell {index} raised {error!r}", file=sys.stderr)
    return snapshots


def _verdicts(task_id: str, namespace: dict, seeds: range) -> list[tuple[int, str, str]]:
    """``(seed, status, message)`` of the task's check on each seeded draw."""
    from nnteach.checks import run_task
    from nnteach.checks.helpers import seeded_draws

    verdicts = []
    for seed in seeds:
        with seeded_draws(seed), _silenced():
            result = run_task(None, task_id, namespace)
        verdicts.append((seed, result.status, result.message))
    return verdicts


def judge_mutant(
    task_id: str, mutant: Mutant, before: dict, seeds: range
) -> tuple[str, list[tuple[int, str, str]]]:
    """``("killed-at-definition" | "checked", verdicts)`` for one mutant."""
    namespace = dict(before)
    _reseed()
    try:
        _execute(mutant.code, namespace, f"<mutant of {task_id}>")
    except BaseException as error:  # noqa: BLE001 - whatever the mutant raises
        if isinstance(error, KeyboardInterrupt):
            raise
        return "killed-at-definition", []
    try:
        return "checked", _verdicts(task_id, namespace, seeds)
    finally:
        del namespace
        gc.collect()


def run_task_mutants(
    task_id: str,
    cell: object,
    before: dict,
    draws: int,
    listed: dict[str, str],
    only: set[str] | None = None,
) -> TaskReport:
    """Mutate one task's solution cell and judge every mutant."""
    start = time.perf_counter()
    report = TaskReport(task_id, draws)
    seeds = range(draws)
    solution_ns = dict(before)
    _reseed()
    _execute(cell.source, solution_ns, f"<solution of {task_id}>")
    report.solution_failures = [
        (seed, message)
        for seed, status, message in _verdicts(task_id, solution_ns, seeds)
        if status != "passed"
    ]
    del solution_ns
    for mutant in mutants(cell.source, cell.lines):
        if only is not None and mutant.id not in only:
            continue
        report.mutants += 1
        how, verdicts = judge_mutant(task_id, mutant, before, seeds)
        passing = [seed for seed, status, _ in verdicts if status == "passed"]
        report.errors += [
            (mutant.id, seed, msg) for seed, status, msg in verdicts if status == "error"
        ]
        if how == "checked" and len(passing) == len(verdicts):
            if mutant.id in listed:
                report.equivalent += 1
            else:
                report.survivors.append(mutant.id)
            continue
        report.killed += 1
        if mutant.id in listed:
            report.stale.append(mutant.id)
        if passing:
            report.flaky.append((mutant.id, passing))
    report.seconds = time.perf_counter() - start
    return report


def _print_details(report: TaskReport, verbose: bool) -> None:
    t = report.task_id
    for seed, message in report.solution_failures[:3]:
        print(f"  {t} THE SOLUTION FAILS its check, seed {seed}: {message}")
    for mutant in report.survivors:
        print(f"  {t} survived: {mutant}")
    for mutant, seeds in report.flaky:
        print(f"  {t} killed, but passed on {len(seeds)} draw(s) (seeds {seeds[:5]}): {mutant}")
    for mutant in report.stale:
        print(f"  {t} listed as equivalent, but the check kills it: {mutant}")
    if verbose:
        for mutant, seed, message in report.errors[:5]:
            print(f"  {t} check error on {mutant}, seed {seed}: {message}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tasks", nargs="*", help="task ids, e.g. 2.5 3.4 (default: all)")
    parser.add_argument("--draws", type=int, default=NUMPY_DRAWS, help="draws, NumPy tasks")
    parser.add_argument("--keras-draws", type=int, default=KERAS_DRAWS, help="draws, Keras tasks")
    parser.add_argument("--mutant", action="append", help="judge only this mutant id")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--summary", action="store_true", help="the table only")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list check errors")
    args = parser.parse_args(argv)

    cells = task_cells()
    unknown = [t for t in args.tasks if t not in cells]
    if unknown:
        parser.error(f"unknown task id(s) {unknown}; expected some of {list(cells)}")
    selected = [t for t in cells if not args.tasks or t in args.tasks]
    if args.list:
        for task_id in selected:
            _, cell = cells[task_id]
            for mutant in mutants(cell.source, cell.lines):
                print(f"{task_id}\t{mutant.id}")
        return 0

    import logging

    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    from tests.check_corpus import CORPUS
    from tests.check_corpus import KERAS_DRAWS as CORPUS_KERAS_DRAWS

    equivalents = load_equivalents()
    print(
        "| task | mutants | killed | equivalent | survived | score | "
        "draws a killed mutant passed | draws/mutant | time |\n|" + "---|" * 9
    )
    reports = []
    for path in sorted({cells[t][0] for t in selected}):
        tasks = [t for t in selected if cells[t][0] == path]
        before = namespaces_before(path, {cells[t][1].index for t in tasks})
        for task_id in tasks:
            cell = cells[task_id][1]
            keras_task = CORPUS[task_id].draws <= CORPUS_KERAS_DRAWS
            draws = args.keras_draws if keras_task else args.draws
            only = set(args.mutant) if args.mutant else None
            report = run_task_mutants(
                task_id, cell, before[cell.index], draws, equivalents.get(task_id, {}), only
            )
            reports.append(report)
            print(
                f"| {task_id} | {report.mutants} | {report.killed} | {report.equivalent} "
                f"| {len(report.survivors)} | {report.score:.0f} % | {report.passed_draws} "
                f"| {draws} | {report.seconds:.0f} s |",
                flush=True,
            )
            if not args.summary:
                _print_details(report, args.verbose)
    total = sum(r.mutants for r in reports)
    killed = sum(r.killed for r in reports)
    equivalent = sum(r.equivalent for r in reports)
    survived = sum(len(r.survivors) for r in reports)
    passed = sum(r.passed_draws for r in reports)
    print(
        f"\nmutants: {total}   killed: {killed}   equivalent: {equivalent}   "
        f"survived: {survived}   draws on which a killed mutant passed: {passed}"
    )
    if args.summary:
        for report in reports:
            _print_details(report, False)
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
