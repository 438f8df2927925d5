"""``nnteach grade``: grade a class's exercise notebooks, safely and in parallel.

Each submitted notebook runs in a fresh kernel on a temporary copy, then every
task of its exercise is checked by the instructor's installed checks, loaded
afresh inside the kernel. Results go to a gradebook folder: one JSON file per
student as soon as it is graded, ``grades.csv`` and ``grades.json`` for the
class, and one HTML feedback page per student. Notebooks that loop, crash,
are not notebooks or belong to another exercise get a clear status, and
notebooks that tamper with their check cells or the checks are flagged.

Modules: :mod:`~nnteach.grading.discover` (who submitted what),
:mod:`~nnteach.grading.runner` (one submission), :mod:`~nnteach.grading.integrity`
and :mod:`~nnteach.grading._kernel` (tamper checks), :mod:`~nnteach.grading.gradebook`,
:mod:`~nnteach.grading.feedback`, :mod:`~nnteach.grading.batch` (the whole class) and
:mod:`~nnteach.grading.cli` (the command). Instructors: see ``docs/instructors.md``.
"""

from __future__ import annotations

from .batch import GradeReport, UsageError, grade_class
from .discover import Submission, discover_submissions, sanitize_student_id
from .feedback import render_feedback, write_feedback
from .gradebook import CSV_COLUMNS, build_gradebook, load_results, summary_line, write_gradebook
from .runner import GradeOptions, grade_notebook, grade_submission
from .statuses import (
    GRADED,
    GRADER_ERROR,
    INVALID_NOTEBOOK,
    KERNEL_DIED,
    MISSING,
    NOTEBOOK_STATUSES,
    TIMEOUT,
    WRONG_EXERCISE,
)

__all__ = [
    "CSV_COLUMNS",
    "GRADED",
    "GRADER_ERROR",
    "INVALID_NOTEBOOK",
    "KERNEL_DIED",
    "MISSING",
    "NOTEBOOK_STATUSES",
    "TIMEOUT",
    "WRONG_EXERCISE",
    "GradeOptions",
    "GradeReport",
    "Submission",
    "UsageError",
    "build_gradebook",
    "discover_submissions",
    "grade_class",
    "grade_notebook",
    "grade_submission",
    "load_results",
    "render_feedback",
    "sanitize_student_id",
    "summary_line",
    "write_feedback",
    "write_gradebook",
]
