"""``nnteach grade``: grade a class's exercise notebooks, safely and in parallel.

Each student's notebooks run in a bubblewrap sandbox (:mod:`~nnteach.grading.sandbox`),
each in a fresh kernel on a temporary copy, then every task of its exercise is
checked by the judge (:mod:`~nnteach.grading.judge`): the installed checks run in
the grading process, outside the kernel, on the student's values read over a
codec that cannot carry code (:mod:`~nnteach.grading.codec`). Results go to
a gradebook folder: one JSON file per student as soon as it is graded,
``grades.csv`` and ``grades.json`` for the class, and one HTML feedback page
per student, then the class report ``report.html`` (what the class got wrong, who
needs attention) and ``grades_wide.csv``. Notebooks that loop, crash,
are not notebooks or belong to another exercise get a clear status, and
notebooks that tamper with their check cells or the checks are flagged; those
that break the grading protocol get 0 points (status ``tampered``).

Modules: :mod:`~nnteach.grading.discover` (who submitted what),
:mod:`~nnteach.grading.runner` (one student, inside the sandbox),
:mod:`~nnteach.grading.judge` and :mod:`~nnteach.grading.codec` (the checks, outside the kernel),
:mod:`~nnteach.grading.sandbox`, :mod:`~nnteach.grading.integrity` (tamper checks),
:mod:`~nnteach.grading.records` (typed results), :mod:`~nnteach.grading.gradebook`,
:mod:`~nnteach.grading.feedback`, :mod:`~nnteach.grading.report` (the class report),
:mod:`~nnteach.grading.reteach` (lesson sections to reteach, and their links),
:mod:`~nnteach.grading.batch` (the whole class),
:mod:`~nnteach.grading.cli` (the command), :mod:`~nnteach.grading.term`,
:mod:`~nnteach.grading.term_book` and :mod:`~nnteach.grading.term_cli` (a term:
roster, due dates, late policy, extensions, ``--only``) and
:mod:`~nnteach.grading.lms` (``nnteach export canvas|moodle``). Instructors: see
``docs/instructors.md``.
"""

from __future__ import annotations

from .batch import GradeReport, UsageError, grade_class, notebook_digest
from .discover import Submission, discover_submissions, sanitize_student_id
from .feedback import render_feedback, write_feedback
from .gradebook import CSV_COLUMNS, build_gradebook, load_results, summary_line, write_gradebook
from .records import CellError, Gradebook, GradingJob, NotebookRecord, StudentResult
from .report import ClassReport, render_report, write_report
from .runner import GradeOptions, grade_notebook, grade_submission
from .statuses import NOTEBOOK_STATUSES

__all__ = [
    "CSV_COLUMNS",
    "CellError",
    "ClassReport",
    "NOTEBOOK_STATUSES",
    "GradeOptions",
    "GradeReport",
    "Gradebook",
    "GradingJob",
    "NotebookRecord",
    "StudentResult",
    "Submission",
    "UsageError",
    "build_gradebook",
    "discover_submissions",
    "grade_class",
    "grade_notebook",
    "grade_submission",
    "load_results",
    "notebook_digest",
    "render_feedback",
    "render_report",
    "sanitize_student_id",
    "summary_line",
    "write_feedback",
    "write_gradebook",
    "write_report",
]
