"""Grades into the LMS: ``nnteach export canvas`` and ``nnteach export moodle``.

**Canvas.** Canvas imports grades from the CSV file its own gradebook exports
(Grades > Export, then Import): the columns ``Student``, ``ID`` (the Canvas user
id), ``SIS User ID``, ``SIS Login ID`` and ``Section``, then one column per
assignment named ``Name (assignment id)`` and read-only score columns; the
second line is a ``Points Possible`` row, not a student. ``nnteach export
canvas --gradebook DIR --template EXPORT.csv`` fills one assignment column of
that file: each row is matched to a graded student on the Canvas ``ID``, the
``SIS User ID`` or the ``SIS Login ID`` (the roster's ``canvas_id``,
``sis_user_id``, ``sis_login_id``; the login also matches the student id or the
roster e-mail). Students are never added, removed or reordered; rows that match
no student keep their cell as it was, and the summary lists every unmatched
row and every graded student that no row matched.

**Moodle.** Moodle's "Import grades from CSV" reads any CSV file whose columns
you then map: one column identifies the user (e-mail address, ID number or
username), the others are mapped to grade items. ``nnteach export moodle``
writes one row per graded student (in the roster's order) with the identifier,
the name, one column per exercise and the total.

Both apply the rule of ``grades.csv``: a text cell that a spreadsheet would run
as a formula gets a leading ``'`` (:func:`~nnteach.grading.gradebook.spreadsheet_safe`);
numbers stay numbers. Both write atomically and never overwrite the template.

Sources of the formats: see ``docs/instructors.md`` ("Grades into Canvas or Moodle").
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.result import format_points
from ..cli import add_subcommand, report_error
from .gradebook import atomic_write_text, spreadsheet_safe
from .records import Gradebook, StudentSummary
from .statuses import MISSING
from .term import NOT_GRADED, Term

__all__ = [
    "CANVAS_IDENTITY",
    "ExportError",
    "ExportSummary",
    "add_parser",
    "assignment_columns",
    "fill_canvas",
    "moodle_table",
    "run",
    "student_points",
]

#: The identity columns of a Canvas gradebook export (``Integration ID`` in some exports).
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
_READ_ONLY = re.compile(r"(Current|Final|Unposted) (Score|Points|Grade)|Override", re.I)
_ASSIGNMENT = re.compile(r".+\(\d+\)\s*$")


class ExportError(ValueError):
    """The export cannot be made: a bad template, column or gradebook (exit status 2)."""


@dataclass
class ExportSummary:
    """What an export did.

    Attributes
    ----------
    path : Path
        The file written.
    column : str
        The column filled (Canvas) or ``""`` (Moodle).
    filled : list of str
        Gradebook students whose grade was written.
    unmatched_rows : list of str
        Canvas rows (``"Name (ID 15)"``) that no graded student matched: left as they were.
    unmatched_students : list of str
        Graded students that no row matched (Canvas) or that have no identifier (Moodle).
    warnings : list of str
    """

    path: Path
    column: str = ""
    filled: list[str] = field(default_factory=list)
    unmatched_rows: list[str] = field(default_factory=list)
    unmatched_students: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary, as lines for the terminal."""
        where = f" into the column {self.column!r}" if self.column else ""
        lines = [f"Wrote {self.path}: {len(self.filled)} student(s) filled{where}."]
        if self.unmatched_rows:
            lines.append(
                f"{len(self.unmatched_rows)} row(s) of the template matched no graded student "
                f"and were left as they were: {', '.join(self.unmatched_rows)}."
            )
        if self.unmatched_students:
            lines.append(
                f"{len(self.unmatched_students)} graded student(s) are not in the file: "
                f"{', '.join(self.unmatched_students)}."
            )
        return lines + [f"Warning: {w}" for w in self.warnings]


def _safe(cell: str) -> str:
    """Spreadsheet-safe text; numbers (even negative ones) stay as they are."""
    try:
        float(cell)
    except ValueError:
        return spreadsheet_safe(cell)
    return cell


def student_points(student: StudentSummary, exercise: str | None) -> float:
    """A gradebook student's points: one exercise's (after late penalties) or the total.

    Examples
    --------
    >>> from nnteach.grading.lms import student_points
    >>> from nnteach.grading.records import StudentSummary
    >>> student_points(StudentSummary("amy", points=6.5, exercise_points={"01": 6.5}), "01")
    6.5
    """
    if exercise is None:
        return float(student.points)
    return float(student.exercise_points.get(exercise, 0.0))


def _load(gradebook_dir: str | Path) -> tuple[Gradebook, Term | None]:
    path = Path(gradebook_dir) / "grades.json"
    try:
        book = Gradebook.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        raise ExportError(
            f"{path}: no readable gradebook; give the --out folder of `nnteach grade` "
            "as --gradebook."
        ) from None
    return book, Term.stored(gradebook_dir)


def assignment_columns(header: list[str]) -> list[str]:
    """The assignment columns of a Canvas export header (``Name (id)``, not read-only ones).

    Examples
    --------
    >>> from nnteach.grading.lms import assignment_columns
    >>> assignment_columns(["Student", "ID", "Lab 1 (7)", "Current Score", "Final Score"])
    ['Lab 1 (7)']
    """
    return [
        name
        for name in header
        if name not in CANVAS_IDENTITY and _ASSIGNMENT.match(name) and not _READ_ONLY.search(name)
    ]


def _choose_column(header: list[str], column: str | None, exercise: str | None, book) -> str:
    candidates = assignment_columns(header)
    if column is not None:
        if column not in header or column in CANVAS_IDENTITY:
            raise ExportError(
                f"--column {column!r} is not an assignment column of the template; its "
                f"assignment columns are: {', '.join(map(repr, candidates)) or 'none'}."
            )
        return column
    if exercise is not None and len(candidates) > 1:
        info = book.exercises.get(exercise)
        chosen = _naming(candidates, exercise, info.title if info else "")
        if chosen is not None:
            return chosen
    if len(candidates) == 1:
        return candidates[0]
    raise ExportError(
        f"the template has {len(candidates)} assignment columns "
        f"({', '.join(map(repr, candidates)) or 'none'}); choose one with --column "
        '"Name (id)", copied from the template\'s first line.'
    )


def _naming(candidates: list[str], exercise: str, title: str) -> str | None:
    """The one column whose name shares the most words with the exercise's id and title."""
    words = {w for w in re.findall(r"\w+", title.lower()) if len(w) > 3} | {exercise}
    scores = {
        c: len(words & set(re.findall(r"\w+", c.lower().rsplit("(", 1)[0]))) for c in candidates
    }
    best = max(scores.values(), default=0)
    top = [c for c, score in scores.items() if score == best]
    return top[0] if best and len(top) == 1 else None


def _read_template(template: Path) -> tuple[list[list[str]], str, bool]:
    try:
        raw = template.read_bytes()
    except OSError as error:
        raise ExportError(f"--template {template}: cannot be read ({error.strerror}).") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"--template {template}: not UTF-8 text; export it again.") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not {"Student", "ID", "SIS Login ID"} <= set(rows[0]):
        raise ExportError(
            f"--template {template}: line 1 is not the header of a Canvas gradebook export "
            "(Student, ID, SIS User ID, SIS Login ID, Section, ...); export the gradebook "
            "from Canvas (Grades > Export) and give that file."
        )
    return rows, newline, bom


def _identities(book: Gradebook, term: Term | None) -> dict[tuple[str, str], str]:
    """``(Canvas column, value) -> gradebook student``."""
    roster = {entry.id: entry for entry in (term.roster or [])} if term else {}
    keys: dict[tuple[str, str], str] = {}
    for student in book.students:
        sid = student.student
        entry = roster.get(sid)
        pairs = [("SIS Login ID", sid)]
        if entry is not None:
            pairs += [
                ("ID", entry.canvas_id),
                ("SIS User ID", entry.sis_user_id),
                ("SIS Login ID", entry.sis_login_id),
                ("SIS Login ID", entry.email),
            ]
        for column, value in pairs:
            if value:
                keys.setdefault((column, value.strip().lower()), sid)
    return keys


def _is_pseudo_row(row: Mapping[str, str]) -> bool:
    name = row.get("Student", "")
    return name.strip() in ("Points Possible", "Manual Posting") or (
        name.startswith(" ") and not row.get("ID", "").strip()
    )


def fill_canvas(
    gradebook_dir: str | Path,
    template: str | Path,
    out: str | Path,
    *,
    column: str | None = None,
    exercise: str | None = None,
) -> ExportSummary:
    """Fill one assignment column of a Canvas gradebook export with the gradebook's points.

    Parameters
    ----------
    gradebook_dir : str or Path
        The ``--out`` folder of ``nnteach grade``.
    template : str or Path
        The CSV file Canvas exported.
    out : str or Path
        The file to write (never the template).
    column : str, optional
        The assignment column (``"Perceptron (1234)"``); by default the only
        assignment column, or the one naming ``exercise``.
    exercise : str, optional
        Write this exercise's points (after late penalties); by default the total.

    Raises
    ------
    ExportError
    """
    template, out = Path(template), Path(out)
    if out.resolve() == template.resolve():
        raise ExportError(f"--out {out} is the template; write the import file elsewhere.")
    book, term = _load(gradebook_dir)
    rows, newline, bom = _read_template(template)
    header = rows[0]
    chosen = _choose_column(header, column, exercise, book)
    index = header.index(chosen)
    keys = _identities(book, term)
    students = {s.student: s for s in book.students}
    summary = ExportSummary(out, chosen)
    matched: set[str] = set()
    filled = [header]
    for line, cells in enumerate(rows[1:], start=2):
        cells = cells + [""] * (len(header) - len(cells))
        row = dict(zip(header, cells, strict=False))
        if _is_pseudo_row(row):
            if row.get("Student", "").strip() == "Points Possible":
                _check_possible(cells[index], book, exercise, summary, line)
            filled.append(cells)
            continue
        sid = next(
            (
                keys[k]
                for c in ("ID", "SIS User ID", "SIS Login ID")
                if (k := (c, row.get(c, "").strip().lower())) in keys and k[1]
            ),
            None,
        )
        if sid is None:
            summary.unmatched_rows.append(f"{row.get('Student', '')!r} (ID {row.get('ID', '')})")
        elif students[sid].statuses == [NOT_GRADED]:
            summary.unmatched_rows.append(f"{row.get('Student', '')!r} ({sid}: not graded yet)")
            matched.add(sid)
        else:
            cells = list(cells)
            cells[index] = format_points(student_points(students[sid], exercise))
            matched.add(sid)
            summary.filled.append(sid)
        filled.append(cells)
    summary.unmatched_students = [s for s in students if s not in matched]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow([_safe(c) for c in filled[0]])
    for cells in filled[1:]:
        writer.writerow([_safe(c) for c in cells])
    atomic_write_text(out, ("\ufeff" if bom else "") + buffer.getvalue())
    return summary


def _check_possible(cell: str, book, exercise: str | None, summary: ExportSummary, line: int):
    info = book.exercises.get(exercise) if exercise else None
    top = info.max_points if info is not None else book.summary.max_points
    try:
        possible = float(cell)
    except ValueError:
        return
    if abs(possible - float(top)) > 1e-9:
        summary.warnings.append(
            f"the template's Points Possible (line {line}) is {cell}, the gradebook's maximum "
            f"is {format_points(top)}: Canvas will read the points out of {cell}."
        )


def moodle_table(
    book: Gradebook, term: Term | None, identify_by: str = "email"
) -> tuple[list[list[str]], list[str], list[str]]:
    """``(rows with a header, students written, students without the identifier)``.

    Columns: the identifier (``Email address``, ``ID number`` or ``Username``),
    ``Full name``, one column per exercise (``Exercise 01: The perceptron``,
    after late penalties) and ``Total``.
    """
    roster = {entry.id: entry for entry in (term.roster or [])} if term else {}
    label = {"email": "Email address", "idnumber": "ID number", "username": "Username"}
    exercises = book.exercises
    header = [label[identify_by], "Full name"]
    header += [f"Exercise {e}: {info.title}".rstrip(": ") for e, info in exercises.items()]
    rows, written, without = [header + ["Total"]], [], []
    for student in book.students:
        sid, entry = student.student, roster.get(student.student)
        if identify_by == "username":
            ident = sid
        elif identify_by == "email":
            ident = entry.email if entry else ""
        else:
            ident = (entry.moodle_id or entry.sis_user_id) if entry else ""
        if not ident or student.statuses == [NOT_GRADED]:
            without.append(sid)
            continue
        cells = [ident, entry.name if entry else sid]
        cells += [format_points(student_points(student, e)) for e in exercises]
        rows.append(cells + [format_points(student.points)])
        written.append(sid)
    return rows, written, without


def export_moodle(
    gradebook_dir: str | Path, out: str | Path, *, identify_by: str = "email"
) -> ExportSummary:
    """Write a Moodle grade-import CSV of the gradebook; see :func:`moodle_table`."""
    book, term = _load(gradebook_dir)
    if identify_by != "username" and not (term and term.roster):
        raise ExportError(
            f"--identify-by {identify_by} needs a roster with that column (grading.toml's "
            "roster, stored with the gradebook); grade with a roster, or use --identify-by "
            "username."
        )
    rows, written, without = moodle_table(book, term, identify_by)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[_safe(c) for c in r] for r in rows])
    atomic_write_text(out, buffer.getvalue())
    summary = ExportSummary(Path(out), filled=written, unmatched_students=without)
    if without:
        summary.warnings.append(
            f"{len(without)} student(s) have no {identify_by} (or were not graded) and are "
            f"not in the file: {', '.join(without)}."
        )
        summary.unmatched_students = []
    if any(s.statuses == [MISSING] for s in book.students):
        summary.warnings.append("students who submitted nothing are in the file with 0 points.")
    return summary


# --------------------------------------------------------------------------- #
# nnteach export
# --------------------------------------------------------------------------- #


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``nnteach export canvas|moodle`` on the ``nnteach`` command's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from nnteach.grading.lms import add_parser
    >>> sub = argparse.ArgumentParser(prog="nnteach").add_subparsers()
    >>> add_parser(sub).parse_args(["canvas", "--gradebook", "book"]).lms
    'canvas'
    """
    parser = add_subcommand(
        subparsers,
        "export",
        run,
        help="write a gradebook's grades into a Canvas gradebook export or a Moodle import CSV",
        description="canvas: fill one assignment column of the CSV file Canvas's gradebook "
        "exported (--template), matching rows on the Canvas ID, SIS User ID or SIS Login ID; "
        "students are never added or reordered and every unmatched one is listed. moodle: "
        "write a CSV for Moodle's 'Import grades from CSV' (one row per student: identifier, "
        "name, one column per exercise, total). Points are after late penalties. Exit "
        "status 0, or 2 for bad input.",
        argument=("lms", "LMS", "canvas or moodle"),
    )
    parser.add_argument(
        "--gradebook", required=True, metavar="DIR", help="the --out folder of `nnteach grade`"
    )
    parser.add_argument(
        "--template",
        metavar="CSV",
        default=None,
        help="canvas: the gradebook export downloaded from Canvas",
    )
    parser.add_argument(
        "--out",
        metavar="CSV",
        default=None,
        help="file to write (default DIR/canvas_import.csv or DIR/moodle_import.csv)",
    )
    parser.add_argument(
        "--column",
        metavar="NAME",
        default=None,
        help='canvas: the assignment column to fill, e.g. "Perceptron (1234)"',
    )
    parser.add_argument(
        "--exercise",
        metavar="ID",
        default=None,
        help="canvas: write this exercise's points instead of the total",
    )
    parser.add_argument(
        "--identify-by",
        choices=("email", "idnumber", "username"),
        default="email",
        help="moodle: the column that identifies students",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out ``nnteach export``; print the summary; return the exit status."""
    try:
        if args.lms == "canvas":
            if args.template is None:
                raise ExportError("canvas needs --template, the CSV file Canvas exported.")
            out = args.out or Path(args.gradebook) / "canvas_import.csv"
            summary = fill_canvas(
                args.gradebook, args.template, out, column=args.column, exercise=args.exercise
            )
        elif args.lms == "moodle":
            out = args.out or Path(args.gradebook) / "moodle_import.csv"
            summary = export_moodle(args.gradebook, out, identify_by=args.identify_by)
        else:
            raise ExportError(f"unknown LMS {args.lms!r}; use canvas or moodle.")
    except ExportError as error:
        return report_error("export", error)
    print("\n".join(summary.lines()))
    return 0
