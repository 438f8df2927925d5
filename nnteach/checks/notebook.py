"""Run an exercise notebook headless and score it: ``nnteach check NOTEBOOK``.

The notebook runs top to bottom in a fresh kernel, in a temporary folder (the
file itself is only read, never changed), with :func:`nnteach.notebooks.run_notebook`.
Then, in the same kernel, every task of the exercise is checked on the
notebook's variables (:func:`nnteach.notebooks.check_expression`), and a
scorecard is printed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cli import add_subcommand, report_error
from .registry import get_exercise
from .result import CheckResult, format_points

__all__ = [
    "NotebookCheckError",
    "Scorecard",
    "add_parser",
    "check_notebook",
    "read_notebook",
]

DEFAULT_CELL_TIMEOUT = 120


class NotebookCheckError(Exception):
    """The notebook cannot be checked (missing, not a notebook, unknown exercise).

    ``exit_code`` is 2 for a problem with the command line (the file or the
    exercise), 1 when the notebook could not be run to the end.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def read_notebook(path: Path) -> Any:
    """Read an ``.ipynb`` (or its jupytext ``.py`` pair) or raise :class:`NotebookCheckError`."""
    import nbformat

    path = Path(path)
    if not path.exists():
        raise NotebookCheckError(f"{path}: no such file.")
    if path.is_dir():
        raise NotebookCheckError(f"{path} is a folder; give the path of one notebook (.ipynb).")
    if path.suffix not in (".ipynb", ".py"):
        raise NotebookCheckError(f"{path} is not a notebook: expected an .ipynb file.")
    try:
        if path.suffix == ".py":
            import jupytext

            return jupytext.read(path)
        return nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - any parse error: one line
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise NotebookCheckError(
            f"{path} is not a valid notebook ({type(error).__name__}: {first[:120]})."
        ) from None


def _exercise_for(path: Path, nb: Any, exercise: str | None) -> Any:
    candidates = [exercise] if exercise else [path.stem]
    if not exercise:
        sources = "\n".join(c.get("source", "") for c in nb.cells if c.get("cell_type") == "code")
        found = re.findall(r"""\bcheck\(\s*["'](\d+)\.\d+["']""", sources)
        candidates += sorted(set(found))
    for candidate in candidates:
        try:
            return get_exercise(candidate)
        except LookupError:
            continue
    what = f"exercise {exercise!r}" if exercise else f"the exercise of {path.name}"
    raise NotebookCheckError(
        f"Cannot tell {what}: unknown exercise. Name the notebook like "
        "01_perceptron.ipynb or pass --exercise 01."
    )


# --------------------------------------------------------------------------- #
# The scorecard
# --------------------------------------------------------------------------- #


@dataclass
class Scorecard:
    """What ``nnteach check`` found: one result per task, and cells that raised."""

    path: Path
    exercise_id: str
    title: str
    results: list[CheckResult]
    cell_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def points(self) -> float:
        """Points earned."""
        return float(sum(r.points for r in self.results))

    @property
    def max_points(self) -> float:
        """Points available."""
        return float(sum(r.max_points for r in self.results))

    def format(self) -> str:
        """The scorecard as a text table, then the messages of unfinished tasks."""
        total = f"{format_points(self.points)}/{format_points(self.max_points)}"
        rows = [("task", "title", "status", "points")]
        rows += [(r.task_id, r.title, r.status, r.score) for r in self.results]
        rows.append(("total", "", "", total))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = [f"{self.path} · exercise {self.exercise_id}, {self.title}", ""]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join([*cells, row[3]]))
        details = [r for r in self.results if r.status in ("failed", "error")]
        if details:
            lines.append("")
            lines += [f"{r.task_id}: {r.summary()}" for r in details]
        if self.cell_errors:
            lines.append("")
            lines.append(f"{len(self.cell_errors)} cell(s) raised an error while running:")
            lines += [f"  {error}" for error in self.cell_errors]
        return "\n".join(lines)


def check_notebook(
    path: str | Path,
    *,
    exercise: str | None = None,
    timeout: float = DEFAULT_CELL_TIMEOUT,
) -> Scorecard:
    """Run a notebook in a fresh kernel on a temporary copy and check every task.

    Parameters
    ----------
    path : str or Path
        The exercise notebook (``.ipynb``, or its jupytext ``.py`` pair).
    exercise : str, optional
        The exercise id (``"01"``); by default taken from the file name, or from
        the notebook's ``check("1.2")`` calls.
    timeout : float, default=120
        Seconds each cell may run before it is interrupted.

    Returns
    -------
    Scorecard

    Raises
    ------
    NotebookCheckError
        Missing file, not a notebook, unknown exercise (``exit_code`` 2), or
        the kernel died or printed no results (``exit_code`` 1).

    Examples
    --------
    >>> from nnteach.checks.notebook import check_notebook
    >>> print(check_notebook("solutions/01_perceptron.ipynb").format())  # doctest: +SKIP
    """
    from nnteach.notebooks import check_expression, run_notebook

    path = Path(path)
    nb = read_notebook(path)
    exercise_obj = _exercise_for(path, nb, exercise)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with tempfile.TemporaryDirectory(prefix="nnteach-check-") as tmp:
        shutil.copyfile(path, Path(tmp) / path.name)  # the kernel runs beside a copy
        try:
            run = run_notebook(
                nb,
                cwd=tmp,
                cell_timeout=timeout,
                allow_errors=True,
                keep_outputs=False,
                evaluate=check_expression(exercise_obj.id),
            )
        except Exception as error:  # noqa: BLE001 - the checks failed and the like
            first = (str(error).strip().splitlines() or [""])[0][:160]
            raise NotebookCheckError(
                f"{path}: the checks did not run ({type(error).__name__}: {first}).", exit_code=1
            ) from None
    if run.stopped:
        raise NotebookCheckError(
            f"{path}: the notebook could not be run to the end ({run.detail}).", exit_code=1
        )
    results = [CheckResult.from_dict(item) for item in run.value["results"]]
    cell_errors = [f"cell {e.cell}: {e.error}"[:200] for e in run.cell_errors]
    return Scorecard(path, exercise_obj.id, exercise_obj.title, results, cell_errors, run.seconds)


# --------------------------------------------------------------------------- #
# Command line: nnteach check
# --------------------------------------------------------------------------- #


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``nnteach check NOTEBOOK [--timeout S] [--exercise ID]``."""
    parser = add_subcommand(
        subparsers,
        "check",
        _run_check,
        help="run an exercise notebook headless and print its scorecard",
        description="Run NOTEBOOK top to bottom in a fresh kernel, on a temporary copy "
        "(the file is never changed), check every task of its exercise and print a "
        "scorecard. Exit status 0 when it ran, 1 when it could not run to the end, 2 for "
        "a missing file, a file that is not a notebook or an unknown exercise.",
        argument=("notebook", "NOTEBOOK", "an exercise notebook (.ipynb)"),
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_CELL_TIMEOUT,
        metavar="S",
        help=f"seconds each cell may run (default {DEFAULT_CELL_TIMEOUT})",
    )
    parser.add_argument(
        "--exercise", metavar="ID", help="exercise id such as 01 (default: from the file name)"
    )
    return parser


def _run_check(args: argparse.Namespace) -> int:
    try:
        scorecard = check_notebook(args.notebook, exercise=args.exercise, timeout=args.timeout)
    except NotebookCheckError as error:
        return report_error("check", error, error.exit_code)
    print(scorecard.format())
    return 0
