"""First attempts by struggling beginners who had not read the checks (issue 21).

``tests/beginner/exNN.py`` each hold ``ATTEMPTS``: a list of dicts with
``task`` (``"2.5"``), ``label`` (``"right"`` or ``"wrong"``), ``why`` (one
line: what the beginner did) and ``code`` (the cell as they wrote it, kept
as written). A helper wrote them without reading ``nnteach/checks``.

Each attempt runs as the notebook would run it: after the solutions
notebook's earlier code cells (check cells left out; task 2.4 needs the
notebook's ``X_train``), its code is executed and the task's check runs over
several seeded draws. A right attempt must pass every draw (else a *false
fail*), a wrong one fail every draw (else a *false pass*); which mistake is
named is not judged here, since the beginners did not label it.

:data:`RECLASSIFIED` lists the attempts whose label the course corrects,
each with the reason (the task statement decides).
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

BEGINNER_DIR = Path(__file__).parent / "beginner"
SOLUTIONS = Path(__file__).parents[1] / "solutions"
KERAS_TASKS = frozenset({"1.3", "1.4", "2.3", "2.4", "3.3", "4.5", "5.2", "6.3"})  # models
NUMPY_DRAWS, KERAS_DRAWS = 20, 3

#: (file, index in ATTEMPTS) -> (label the course gives it, why)
RECLASSIFIED: dict[tuple[str, int], tuple[str, str]] = {
    ("ex04", 10): (
        "wrong",
        "4.1 now asks for softmax written from exp, max and sum (issue 18): a library "
        "softmax is refused. The beginner wrote against the earlier statement.",
    ),
    ("ex04", 22): (
        "wrong",
        "4.2 now asks for the cross-entropy written with log and mean (issue 18): Keras's "
        "own loss is refused. The beginner wrote against the earlier statement.",
    ),
}


@dataclass(frozen=True)
class Attempt:
    """One beginner attempt at one task."""

    file: str  # "ex02"
    index: int  # position in the file's ATTEMPTS
    task: str
    label: str  # "right" or "wrong", after RECLASSIFIED
    why: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.file}[{self.index}]"


@dataclass
class BeginnerSweep:
    """An attempt's verdicts over seeded draws."""

    attempt: Attempt
    draws: int
    agreed: int = 0
    disagreements: list[tuple[int, str, str]] = field(default_factory=list)


def attempts(exercises: tuple[str, ...] | None = None) -> list[Attempt]:
    """Every attempt of ``tests/beginner/exNN.py`` (all files, or the ``exercises`` given)."""
    found = []
    for path in sorted(BEGINNER_DIR.glob("ex[0-9][0-9].py")):
        if exercises is not None and path.stem[2:] not in exercises:
            continue
        spec = importlib.util.spec_from_file_location(f"beginner_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for index, raw in enumerate(module.ATTEMPTS):
            label = RECLASSIFIED.get((path.stem, index), (raw["label"], ""))[0]
            found.append(Attempt(path.stem, index, raw["task"], label, raw["why"], raw["code"]))
    return found


@functools.cache
def _notebook_namespaces(notebook: str) -> dict[str, dict]:
    """``{task id: the notebook's variables before that task's solution cell}``."""
    from bench.mutate_checks import namespaces_before
    from bench.mutation import solution_cells

    path = SOLUTIONS / f"{notebook}.ipynb"
    cells = {cell.index: cell.task_id for cell in solution_cells(path)}
    before = namespaces_before(path, set(cells))
    return {cells[index]: namespace for index, namespace in before.items()}


def namespace_before(task_id: str) -> dict:
    """A copy of the notebook's variables before task ``task_id``'s cell."""
    exercise = f"{int(task_id.split('.')[0]):02d}"
    notebook = next(p.stem for p in SOLUTIONS.glob(f"{exercise}_*.ipynb"))
    return dict(_notebook_namespaces(notebook)[task_id])


def draws_for(task_id: str) -> int:
    return KERAS_DRAWS if task_id in KERAS_TASKS else NUMPY_DRAWS


def sweep_attempt(attempt: Attempt, *, draws: int, first_seed: int = 0) -> BeginnerSweep:
    """Execute the attempt's cell as the notebook would, then check it over ``draws`` seeds."""
    import contextlib
    import io

    from nnteach.checks import run_task
    from nnteach.checks.helpers import seeded_draws

    result = BeginnerSweep(attempt, draws)
    namespace = namespace_before(attempt.task)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(attempt.code, f"<{attempt.name}>", "exec"), namespace)  # noqa: S102
    except Exception as error:  # noqa: BLE001 - the cell itself raises: never a pass
        ok = attempt.label == "wrong"
        result.agreed = draws if ok else 0
        if not ok:
            result.disagreements.append((first_seed, "cell raised", repr(error)[:200]))
        return result
    for seed in range(first_seed, first_seed + draws):
        with seeded_draws(seed):
            outcome = run_task(None, attempt.task, namespace, timeout=60)
        good = outcome.passed if attempt.label == "right" else outcome.status == "failed"
        if good:
            result.agreed += 1
        else:
            result.disagreements.append((seed, outcome.status, outcome.message))
    return result
