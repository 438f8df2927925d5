"""The gradebook: one result file per student, then ``grades.csv`` and ``grades.json``.

Layout of ``GRADEBOOK_DIR``::

    results/<student>.json   one per student, written as soon as it is graded
    grades.csv               one row per student, exercise and task
    grades.json              the same rows, per-student totals, and every detail
    feedback/<student>.html  what each student gets back (see feedback.py)

Every file is written to a temporary file in the same folder and then moved
into place with :func:`os.replace`, so a reader (or an interrupted run) never
sees half a file. ``grades.csv`` and ``grades.json`` are rebuilt from the
result files, so an interrupted run loses nothing already graded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .records import (
    ClassSummary,
    ExerciseInfo,
    Gradebook,
    GradeRow,
    NotebookRecord,
    StudentResult,
    StudentSummary,
)
from .statuses import GRADED, MISSING, NOTEBOOK_STATUSES

__all__ = [
    "CSV_COLUMNS",
    "atomic_write_text",
    "build_gradebook",
    "class_exercises",
    "best_points",
    "class_summary",
    "load_results",
    "missing_rows",
    "notebook_rows",
    "result_path",
    "rows_for",
    "save_result",
    "spreadsheet_safe",
    "summary_line",
    "up_to_date",
    "write_gradebook",
]

CSV_COLUMNS = ("student", "exercise", "task", "points", "max_points", "status", "tampered")
RESULTS_DIR = "results"


def _points(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


#: First characters that make a spreadsheet read a cell as a formula (or, for tab
#: and carriage return, shift it into one); see :func:`spreadsheet_safe`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading ``'`` (the OWASP rule against CSV injection). Only text
    columns (student, exercise, task, status) go through it: points are
    numbers, never negative, and stay numeric.

    Examples
    --------
    >>> from nnteach.grading.gradebook import spreadsheet_safe
    >>> print(spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("alice"))
    '=HYPERLINK("http://x") alice
    """
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from nnteach.grading.gradebook import atomic_write_text
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "grades.csv"
    >>> atomic_write_text(target, "student\\n")
    >>> target.read_text()
    'student\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def result_path(out: str | Path, student: str) -> Path:
    """``out/results/<student>.json``.

    Examples
    --------
    >>> from nnteach.grading.gradebook import result_path
    >>> result_path("gradebook", "alice").as_posix()
    'gradebook/results/alice.json'
    """
    return Path(out) / RESULTS_DIR / f"{student}.json"


def save_result(out: str | Path, result: StudentResult) -> Path:
    """Write one student's result (atomically); return its path.

    Examples
    --------
    >>> import tempfile
    >>> from nnteach.grading.gradebook import load_results, save_result
    >>> from nnteach.grading.records import StudentResult
    >>> out = tempfile.mkdtemp()
    >>> save_result(out, StudentResult("bob", "bob.ipynb", "file")).name
    'bob.json'
    >>> list(load_results(out))
    ['bob']
    """
    path = result_path(out, result.student)
    atomic_write_text(path, json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n")
    return path


def load_results(out: str | Path) -> dict[str, StudentResult]:
    """Every readable ``out/results/*.json``, by student id (unreadable files are skipped).

    Examples
    --------
    >>> from nnteach.grading.gradebook import load_results
    >>> load_results("/no/such/folder")
    {}
    """
    results = {}
    for path in sorted((Path(out) / RESULTS_DIR).glob("*.json")):
        try:
            result = StudentResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        if result.student == path.stem:
            results[path.stem] = result
    return results


def up_to_date(result: StudentResult | None, fingerprint: Mapping[str, str]) -> bool:
    """Whether a stored result graded exactly these files (``relative path -> sha256``).

    Examples
    --------
    >>> from nnteach.grading.gradebook import up_to_date
    >>> from nnteach.grading.records import NotebookRecord, StudentResult
    >>> stored = StudentResult("a", "a.ipynb", "file", notebooks=[NotebookRecord("a.ipynb", "ab")])
    >>> up_to_date(stored, {"a.ipynb": "ab"}), up_to_date(stored, {"a.ipynb": "cd"})
    (True, False)
    """
    if not result:
        return False
    return {nb.notebook: nb.sha256 for nb in result.notebooks} == dict(fingerprint)


# --------------------------------------------------------------------------- #
# Rows
# --------------------------------------------------------------------------- #


def class_exercises(results: Iterable[StudentResult]) -> dict[str, ExerciseInfo]:
    """The exercises seen in any student's result, by id.

    Examples
    --------
    >>> from nnteach.grading.gradebook import class_exercises
    >>> from nnteach.grading.runner import new_record
    >>> from nnteach.grading.records import StudentResult
    >>> result = StudentResult("a", "a.ipynb", "file", notebooks=[new_record("a", "01")])
    >>> class_exercises([result])["01"].max_points
    8.0
    """
    found: dict[str, ExerciseInfo] = {}
    for result in results:
        for nb in result.notebooks:
            if nb.exercise and nb.tasks and nb.exercise not in found:
                found[nb.exercise] = ExerciseInfo.of(nb)
    return dict(sorted(found.items()))


def notebook_rows(student: str, nb: NotebookRecord) -> list[GradeRow]:
    """The rows of one notebook: one per task (the notebook's status when it was not graded).

    Examples
    --------
    >>> from nnteach.grading.gradebook import notebook_rows
    >>> from nnteach.grading.runner import new_record
    >>> record = new_record("bob.ipynb", "01", status="timeout")
    >>> [row.status for row in notebook_rows("bob", record)]
    ['timeout', 'timeout', 'timeout', 'timeout', 'timeout']
    """
    graded = nb.status == GRADED
    if not nb.tasks:
        return [GradeRow(student, nb.exercise, "", 0.0, 0.0, nb.status, nb.tampered)]
    return [
        GradeRow(
            student,
            nb.exercise,
            task.task_id,
            float(task.points) if graded else 0.0,
            float(task.max_points),
            task.status if graded else nb.status,
            nb.tampered,
        )
        for task in nb.tasks
    ]


def missing_rows(
    student: str, exercises: Mapping[str, ExerciseInfo], status: str = MISSING
) -> list[GradeRow]:
    """0-point rows with ``status`` for every task of ``exercises``."""
    return [
        GradeRow(student, exercise, task.task_id, 0.0, float(task.max_points), status)
        for exercise, info in exercises.items()
        for task in info.tasks
    ]


def rows_for(
    result: StudentResult, exercises: Mapping[str, ExerciseInfo] | None = None
) -> list[GradeRow]:
    """The gradebook rows of one student.

    A graded notebook gives one row per task with the task's own status; a
    notebook that could not be graded gives its tasks 0 points and the
    notebook's status (one row without a task when its exercise is unknown).
    A student in the folder layout without a notebook for an exercise of the
    class gets that exercise's tasks with status ``missing``.

    Examples
    --------
    >>> from nnteach.grading.gradebook import rows_for
    >>> from nnteach.grading.records import NotebookRecord, StudentResult
    >>> nb = NotebookRecord("bob.ipynb", status="invalid notebook")
    >>> rows_for(StudentResult("bob", "bob.ipynb", "file", notebooks=[nb]))[0].status
    'invalid notebook'
    """
    rows = []
    for nb in result.notebooks:
        rows += notebook_rows(result.student, nb)
    if result.layout == "folder":
        seen = {nb.exercise for nb in result.notebooks}
        absent = {k: v for k, v in (exercises or {}).items() if k not in seen}
        rows += missing_rows(result.student, absent)
        if not result.notebooks and not exercises:
            rows.append(GradeRow(result.student, "", "", 0.0, 0.0, MISSING))
    return rows


def best_points(notebooks: Iterable[NotebookRecord]) -> dict[str, float]:
    """Per exercise the points of the student's best notebook for it (0 unless graded)."""
    best: dict[str, float] = {}
    for nb in notebooks:
        best[nb.exercise] = max(best.get(nb.exercise, 0.0), nb.points)
    return best


def _student_summary(
    result: StudentResult, rows: list[GradeRow], class_max: float
) -> StudentSummary:
    best = best_points(result.notebooks)
    statuses = [nb.status for nb in result.notebooks]
    statuses += [MISSING] * len({r.exercise for r in rows if r.status == MISSING})
    return StudentSummary(
        student=result.student,
        submission=result.submission,
        points=float(sum(best.values())),
        max_points=float(class_max),
        statuses=statuses,
        tampered=result.tampered,
        tamper_reasons=[
            f"{nb.notebook}: {r}" for nb in result.notebooks for r in nb.tamper_reasons
        ],
        graded_at=result.graded_at,
        sandboxed=result.sandboxed,
        notebooks=list(result.notebooks),
        exercise_points=best,
    )


def class_summary(students: list[StudentSummary], class_max: float) -> ClassSummary:
    """The class's counts and mean over ``students`` (notebooks counted per status)."""
    counts: Counter = Counter()
    for student in students:
        counts.update(student.statuses)
    ordered = {s: counts[s] for s in NOTEBOOK_STATUSES if counts.get(s)}
    ordered.update({s: n for s, n in counts.items() if s not in ordered})
    mean = sum(s.points for s in students) / len(students) if students else 0.0
    return ClassSummary(
        students=len(students),
        notebooks=ordered,
        tampered=sum(1 for s in students if s.tampered),
        mean_points=round(mean, 3),
        max_points=float(class_max),
        unsandboxed=sum(1 for s in students if not s.sandboxed),
    )


def build_gradebook(results: Iterable[StudentResult]) -> Gradebook:
    """Rows, per-student totals and the class summary from the students' results.

    Examples
    --------
    >>> from nnteach.grading.gradebook import build_gradebook
    >>> from nnteach.grading.records import StudentResult
    >>> build_gradebook([StudentResult("bob", "bob", "folder")]).summary.students
    1
    """
    results = sorted(results, key=lambda r: r.student.lower())
    exercises = class_exercises(results)
    class_max = float(sum(info.max_points for info in exercises.values()))
    rows: list[GradeRow] = []
    students: list[StudentSummary] = []
    for result in results:
        student_rows = rows_for(result, exercises)
        rows += student_rows
        students.append(_student_summary(result, student_rows, class_max))
    return Gradebook(
        generated_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        summary=class_summary(students, class_max),
        exercises=exercises,
        students=students,
        rows=rows,
    )


def summary_line(gradebook: Gradebook) -> str:
    """One line for the end of ``nnteach grade``.

    The notebooks are counted per status; an exercise a student submitted
    nothing for (or a student who submitted nothing) is counted apart, as
    missing, since no notebook was there to grade.

    Examples
    --------
    >>> from nnteach.grading.gradebook import summary_line
    >>> from nnteach.grading.records import ClassSummary, Gradebook
    >>> summary = ClassSummary(students=3, notebooks={"graded": 1, "timeout": 1, "missing": 1},
    ...                        mean_points=3.0, max_points=8.0)
    >>> summary_line(Gradebook(summary=summary))
    '3 students (2 notebooks: graded 1, timeout 1; 1 missing); 0 tampered; mean score 3/8 (38%).'
    """
    summary = gradebook.summary
    submitted = {status: n for status, n in summary.notebooks.items() if status != MISSING}
    count, missing = sum(submitted.values()), summary.notebooks.get(MISSING, 0)
    parts = ", ".join(f"{status} {n}" for status, n in submitted.items())
    notebooks = f"{count} notebook{'s' if count != 1 else ''}" + (f": {parts}" if parts else "")
    notebooks += f"; {missing} missing" if missing else ""
    mean, top = summary.mean_points, summary.max_points
    share = f" ({100 * mean / top:.0f}%)" if top else ""
    line = (
        f"{summary.students} student{'s' if summary.students != 1 else ''} ({notebooks}); "
        f"{summary.tampered} tampered; mean score {round(mean, 2):g}/{_points(top)}{share}."
    )
    if summary.unsandboxed:
        line += (
            f" WARNING: {summary.unsandboxed} graded without the sandbox (--no-sandbox): "
            "their notebooks could read and change your files."
        )
    return line


def write_gradebook(
    out: str | Path, results: Iterable[StudentResult], term: Any = None
) -> Gradebook:
    """Write ``out/grades.csv`` and ``out/grades.json`` (atomically); return the gradebook.

    Text cells of ``grades.csv`` that a spreadsheet would run as a formula are
    neutralised (:func:`spreadsheet_safe`); ``grades.json`` keeps them as they are.
    With a ``term`` (:class:`~nnteach.grading.term.Term`) the gradebook is
    :func:`~nnteach.grading.term.term_gradebook`'s and ``grades.csv`` gains its
    columns (:data:`nnteach.grading.term.CSV_COLUMNS`).

    Examples
    --------
    >>> import tempfile
    >>> from nnteach.grading.gradebook import write_gradebook
    >>> out = tempfile.mkdtemp()
    >>> write_gradebook(out, []).summary.students
    0
    """
    from . import term_book as terms

    gradebook = build_gradebook(results) if term is None else terms.term_gradebook(results, term)
    columns = CSV_COLUMNS + (terms.CSV_COLUMNS if term is not None else ())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in gradebook.rows:
        writer.writerow(
            {
                **(terms.csv_cells(row) if term is not None else {}),
                **{key: spreadsheet_safe(getattr(row, key)) for key in ("student", "exercise")},
                "task": spreadsheet_safe(row.task),
                "status": spreadsheet_safe(row.status),
                "points": _points(row.points),
                "max_points": _points(row.max_points),
                "tampered": "yes" if row.tampered else "no",
            }
        )
    atomic_write_text(Path(out) / "grades.csv", buffer.getvalue())
    text = json.dumps(gradebook.to_dict(), indent=1, ensure_ascii=False)
    atomic_write_text(Path(out) / "grades.json", text + "\n")
    return gradebook
