"""The gradebook of a term: missing roster students, submission times, late penalties.

:func:`term_gradebook` extends :func:`~nnteach.grading.gradebook.build_gradebook`
with what a :class:`~nnteach.grading.term.Term` says (``grading.toml``);
:func:`~nnteach.grading.gradebook.write_gradebook` writes its extra columns
(:data:`CSV_COLUMNS`) into ``grades.csv``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from .gradebook import class_summary, missing_rows, notebook_rows
from .records import (
    AttentionEntry,
    ExerciseInfo,
    Gradebook,
    GradeRow,
    Lateness,
    NotebookRecord,
    StudentResult,
    StudentSummary,
    TermSummary,
)
from .statuses import GRADED, MISSING
from .term import FROM_MTIME, NOT_GRADED, Term, _iso

__all__ = [
    "CSV_COLUMNS",
    "csv_cells",
    "format_delta",
    "term_gradebook",
    "term_summary_line",
]

#: Columns that ``grades.csv`` gains with a term (after the usual ones).
CSV_COLUMNS = (
    "points_before_penalty",
    "penalty_percent",
    "submitted_at",
    "submitted_from",
    "due",
    "late_by",
    "days_late",
)
_DAY = 86400.0


def format_delta(seconds: float) -> str:
    """``93780`` -> ``'1 day 2 h 3 min'``; ``0`` -> ``''``.

    Examples
    --------
    >>> from nnteach.grading.term_book import format_delta
    >>> format_delta(93780), format_delta(120), format_delta(0)
    ('1 day 2 h 3 min', '2 min', '')
    """
    if seconds <= 0:
        return ""
    minutes = math.ceil(seconds / 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    return " ".join(parts)


def _lateness(term: Term, student: str, notebook: str, exercise: str) -> Lateness:
    """Due date, submission time, lateness and penalty of one notebook."""
    at, source = term.submitted(student, notebook, exercise)
    due, why = term.due_for(student, exercise)
    info = Lateness(
        exercise,
        notebook,
        submitted_at=at,
        submitted_from=source,
        due=_iso(due) if due else "",
        due_changed=why,
    )
    if due is None or not at:
        return info
    policy = term.policy_for(exercise)
    seconds = (dt.datetime.fromisoformat(at) - due).total_seconds()
    if seconds <= policy.grace_minutes * 60:
        return info
    days = math.ceil(seconds / _DAY)
    return replace(
        info,
        late_by_seconds=seconds,
        late_by=format_delta(seconds),
        days_late=days,
        penalty_percent=policy.percent(days),
        penalty_reason=f"submitted {format_delta(seconds)} after the due date "
        f"({days} started day{'s' if days != 1 else ''}); late policy: {policy.describe()}",
    )


def _scaled(points: float, percent: float) -> float:
    return round(float(points) * (1 - percent / 100.0), 4)


def _term_exercises(term: Term, exercises: dict[str, ExerciseInfo]) -> dict[str, ExerciseInfo]:
    from .runner import new_record

    merged = dict(exercises)
    for exercise in term.due:
        if exercise not in merged:
            merged[exercise] = ExerciseInfo.of(new_record("", exercise))
    return dict(sorted(merged.items()))


def _annotate(rows: list[GradeRow], info: Lateness | None) -> None:
    """Set the term's fields of ``rows``; ``points`` becomes the points after the penalty."""
    info = info or Lateness("", "")
    for row in rows:
        before = row.points
        row.points_before_penalty = before
        row.points = _scaled(before, info.penalty_percent)
        row.penalty_percent = info.penalty_percent
        row.submitted_at, row.submitted_from = info.submitted_at, info.submitted_from
        row.due, row.late_by, row.days_late = info.due, info.late_by, info.days_late


def _student_rows(
    result: StudentResult, exercises: Mapping[str, ExerciseInfo], term: Term
) -> tuple[list[GradeRow], list[Lateness]]:
    """``(rows, lateness of each notebook)`` of one graded student."""
    rows, lateness = [], []
    for nb in result.notebooks:
        info = _lateness(term, result.student, nb.notebook, nb.exercise)
        lateness.append(info)
        nb_rows = notebook_rows(result.student, nb)
        _annotate(nb_rows, info)
        rows += nb_rows
    seen = {nb.exercise for nb in result.notebooks}
    absent = {k: v for k, v in exercises.items() if k not in seen}
    if result.layout == "folder" or term.due:
        absent = {k: v for k, v in absent.items() if result.layout == "folder" or k in term.due}
        extra = missing_rows(result.student, absent)
        _annotate(extra, None)
        rows += extra
    return rows, lateness


def _exercise_points(
    rows: list[GradeRow], notebooks: Sequence[NotebookRecord]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per exercise the best notebook's points after and before the penalty."""
    after: dict[str, float] = {}
    before: dict[str, float] = {}
    index = 0
    for nb in notebooks:
        count = max(1, len(nb.tasks))
        chunk = rows[index : index + count]
        index += count
        if nb.status != GRADED:
            continue
        a = round(sum(r.points for r in chunk), 4)
        b = round(sum(r.points_before_penalty or 0.0 for r in chunk), 4)
        if a >= after.get(nb.exercise, -1.0):
            after[nb.exercise], before[nb.exercise] = a, b
    return after, before


def term_gradebook(results: Iterable[StudentResult], term: Term) -> Gradebook:
    """The gradebook of a term: :func:`~nnteach.grading.gradebook.build_gradebook`'s, plus

    - a row ``missing`` (0 points) for every task of every exercise with a due
      date that a student did not submit, and every roster student without a
      submission;
    - on every row the term's fields (:class:`~nnteach.grading.records.GradeRow`);
      ``points`` is after the penalty;
    - per student ``points`` and ``exercise_points`` after penalties,
      ``points_before_penalty``, ``lateness`` (one
      :class:`~nnteach.grading.records.Lateness` per notebook), ``on_roster``;
    - ``term`` (:class:`~nnteach.grading.records.TermSummary`): the late notebooks,
      the late count per exercise, the missing students and those not on the roster.

    Examples
    --------
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.term import RosterEntry, Term
    >>> from nnteach.grading.term_book import term_gradebook
    >>> roster = [RosterEntry("amy"), RosterEntry("ben")]
    >>> term = Term(roster=roster, due={"01": "2026-10-05T23:59:00+00:00"})
    >>> book = term_gradebook([StudentResult("amy", "amy", "folder")], term)
    >>> [(s.student, s.statuses) for s in book.students]
    [('amy', ['missing']), ('ben', ['missing'])]
    """
    from .gradebook import build_gradebook

    results = sorted(results, key=lambda r: r.student.lower())
    book = build_gradebook(results)
    exercises = _term_exercises(term, book.exercises)
    class_max = float(sum(info.max_points for info in exercises.values()))
    by_student = {s.student: s for s in book.students}
    roster = {entry.id: entry for entry in term.roster or []}
    rows: list[GradeRow] = []
    students: list[StudentSummary] = []
    for result in results:
        student_rows, lateness = _student_rows(result, exercises, term)
        after, before = _exercise_points(student_rows, result.notebooks)
        summary = by_student[result.student]
        summary.statuses = [nb.status for nb in result.notebooks] + [MISSING] * len(
            {r.exercise for r in student_rows if r.status == MISSING}
        )
        summary.max_points = class_max
        summary.points = round(sum(after.values()), 4)
        summary.points_before_penalty = round(sum(before.values()), 4)
        summary.exercise_points = after
        summary.lateness = lateness
        summary.on_roster = term.roster is None or result.student in roster
        rows += student_rows
        students.append(summary)
    graded = {r.student for r in results}
    submitted = set(term.files)
    for entry in term.roster or []:
        if entry.id in graded:
            continue
        status = NOT_GRADED if entry.id in submitted else MISSING
        extra = missing_rows(entry.id, exercises, status)
        _annotate(extra, None)
        rows += extra
        students.append(
            StudentSummary(
                entry.id,
                max_points=class_max,
                statuses=[status],
                points_before_penalty=0.0,
                lateness=[],
                on_roster=True,
            )
        )
    order = {sid: i for i, sid in enumerate(term.roster_ids)}
    students.sort(key=lambda s: (order.get(s.student, len(order)), s.student.lower()))
    position = {s.student: i for i, s in enumerate(students)}
    rows.sort(key=lambda r: position[r.student])  # stable: tasks keep their order
    book.exercises, book.students, book.rows = exercises, students, rows
    book.summary = class_summary(students, class_max)
    book.term = _term_summary(students, term)
    return book


def _term_summary(students: list[StudentSummary], term: Term) -> TermSummary:
    late = [
        AttentionEntry(
            s.student,
            info.exercise,
            info.notebook,
            f"{info.late_by} late; {info.penalty_percent:g}% off",
        )
        for s in students
        for info in s.lateness or []
        if info.days_late
    ]
    per_exercise = {exercise: 0 for exercise in term.due}
    for entry in late:
        per_exercise[entry.exercise] = per_exercise.get(entry.exercise, 0) + 1
    return TermSummary(
        source=term.source,
        roster=term.roster_file,
        due=dict(term.due),
        late=late,
        late_per_exercise=per_exercise,
        missing_students=[s.student for s in students if s.statuses == [MISSING]],
        not_graded=[s.student for s in students if s.statuses == [NOT_GRADED]],
        not_on_roster=[s.student for s in students if not s.on_roster],
        submitted_from=dict(
            Counter(
                i.submitted_from for s in students for i in s.lateness or [] if i.submitted_from
            )
        ),
    )


def csv_cells(row: GradeRow) -> dict[str, str]:
    """The term columns of one ``grades.csv`` row, as text."""
    from nnteach.checks.result import format_points

    before = row.points if row.points_before_penalty is None else row.points_before_penalty
    return {
        "points_before_penalty": format_points(before),
        "penalty_percent": format_points(row.penalty_percent or 0.0),
        "submitted_at": row.submitted_at or "",
        "submitted_from": row.submitted_from or "",
        "due": row.due or "",
        "late_by": row.late_by or "",
        "days_late": str(row.days_late or 0),
    }


def term_summary_line(gradebook: Gradebook) -> str:
    """What ``nnteach grade`` adds to its summary line with a term ("" without one).

    Examples
    --------
    >>> from nnteach.grading.records import AttentionEntry, Gradebook, TermSummary
    >>> from nnteach.grading.term_book import term_summary_line
    >>> term = TermSummary(late=[AttentionEntry("a"), AttentionEntry("b")],
    ...                    missing_students=["x"], submitted_from={"file modification time": 1})
    >>> term_summary_line(Gradebook(term=term)).split(";")[0]
    ' Term: 2 late notebooks (penalties applied), 1 roster student missing'
    """
    term = gradebook.term
    if term is None:
        return ""
    parts = [
        f"{len(term.late)} late notebook{'s' if len(term.late) != 1 else ''} (penalties applied)"
    ]
    missing = len(term.missing_students)
    parts.append(f"{missing} roster student{'s' if missing != 1 else ''} missing")
    if term.not_on_roster:
        parts.append(f"{len(term.not_on_roster)} not on the roster")
    if term.not_graded:
        parts.append(f"{len(term.not_graded)} submitted but not graded yet")
    line = " Term: " + ", ".join(parts)
    mtimes = term.submitted_from.get(FROM_MTIME, 0)
    if mtimes:
        line += (
            f"; {mtimes} submission time{'s' if mtimes != 1 else ''} from file modification times"
        )
    return line + "."
