"""A course term for ``nnteach grade``: roster, due dates, late policy, extensions.

A term is read from a small TOML file, ``grading.toml`` (standard library
:mod:`tomllib`), and the files it names. Without one, ``nnteach grade`` works
exactly as before. With one, the gradebook also has

- every student of the **roster** (``roster.csv``: id, name, email, section and,
  optionally, the LMS ids ``sis_user_id``, ``sis_login_id``, ``canvas_id``,
  ``moodle_id``), those who submitted nothing with the status ``missing``;
- per exercise the **due date** (with its time zone), the **submission time**
  of each notebook and the **late penalty** of the **late policy** (a percentage
  per started day late, a cap, zero after N days), moved by per-student
  **extensions**.

Example ``grading.toml`` (paths are relative to the file)::

    [course]
    timezone = "Europe/Berlin"        # due dates without an offset are in this zone
    roster = "roster.csv"
    submission_times = "submissions.csv"  # optional (default SUBMISSIONS/submissions.csv)

    [late_policy]                     # every exercise, unless it has its own
    percent_per_day = 10              # each started day late takes 10 % off
    cap = 30                          # never more than 30 % off ...
    zero_after_days = 7               # ... but 0 points when more than 7 days late
    grace_minutes = 5                 # up to 5 minutes late counts as on time

    [exercises.01]
    due = 2026-10-05T23:59:00         # TOML date-time; or "2026-10-05 23:59 Europe/Paris"

    [exercises.02]
    due = 2026-10-19T23:59:00+02:00
    late_policy = { percent_per_day = 20, cap = 100 }

    [[extensions]]
    student = "dana"
    days = 3                          # every exercise, three days more

    [[extensions]]
    student = "eli"
    exercise = "02"
    due = 2026-10-23T12:00:00         # a new due date for one exercise

**Submission times** come, for each notebook, from nbgrader's ``timestamp.txt``
in the notebook's folder (or a folder above it, up to the student's folder),
else from ``submissions.csv`` (``student,exercise,submitted_at``, as an LMS
download can produce; the latest line of a student and exercise counts), else,
as a last resort, from the file's modification time; the gradebook says which
(``submitted_from``).

Bad input stops ``nnteach grade`` before anything is written, with one
sentence naming the file, the line and the fix (:class:`TermError`).

:func:`~nnteach.grading.term_book.term_gradebook` builds the gradebook of a term
(:mod:`~nnteach.grading.term_book`), and :mod:`~nnteach.grading.term_cli` holds the
command-line options that override the file. The term is stored with the
gradebook as ``term.json`` (:data:`TERM_FILE`), so that ``nnteach report`` and
``nnteach export`` need nothing but the gradebook folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "LATE",
    "NOT_GRADED",
    "NOT_ON_ROSTER",
    "TERM_FILE",
    "Extension",
    "LatePolicy",
    "RosterEntry",
    "Term",
    "TermError",
    "load_roster",
    "load_submission_times",
    "load_term",
    "parse_when",
    "read_timestamp",
    "remove_stored",
    "submission_times",
]

TERM_FILE = "term.json"
CONFIG_FILE = "grading.toml"
SUBMISSIONS_CSV = "submissions.csv"
TIMESTAMP_FILE = "timestamp.txt"
LATE = "late"
NOT_ON_ROSTER = "not on the roster"
#: A roster student whose notebook was not graded in this run (``--only``) and never before.
NOT_GRADED = "not graded"
FROM_TIMESTAMP = "timestamp.txt"
FROM_CSV = "submissions.csv"
FROM_MTIME = "file modification time"
ROSTER_COLUMNS = (
    "id",
    "name",
    "email",
    "section",
    "sis_user_id",
    "sis_login_id",
    "canvas_id",
    "moodle_id",
)


class TermError(ValueError):
    """Bad input in a term file: one sentence naming the file, the line and the fix.

    Examples
    --------
    >>> from nnteach.grading.term import TermError
    >>> str(TermError("roster.csv", 3, "the id 'amy' is listed twice", "remove one line"))
    "roster.csv, line 3: the id 'amy' is listed twice; remove one line."
    """

    def __init__(self, path: str | Path, line: int | None, problem: str, fix: str) -> None:
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}; {fix}.")


# --------------------------------------------------------------------------- #
# Records
# --------------------------------------------------------------------------- #


@dataclass
class LatePolicy:
    """How late work loses points: a percentage per started day, a cap, zero after N days.

    Examples
    --------
    >>> from nnteach.grading.term import LatePolicy
    >>> policy = LatePolicy(percent_per_day=10, cap=30, zero_after_days=7)
    >>> [policy.percent(days) for days in (0, 1, 2, 5, 7, 8)]
    [0.0, 10.0, 20.0, 30.0, 30.0, 100.0]
    """

    percent_per_day: float = 0.0
    cap: float = 100.0
    zero_after_days: int | None = None
    grace_minutes: float = 0.0

    def percent(self, days_late: int) -> float:
        """The percent of the points taken off for ``days_late`` started days."""
        if days_late <= 0:
            return 0.0
        if self.zero_after_days is not None and days_late > self.zero_after_days:
            return 100.0
        return float(min(self.cap, self.percent_per_day * days_late, 100.0))

    def describe(self) -> str:
        """The policy in words (for the feedback page).

        Examples
        --------
        >>> from nnteach.grading.term import LatePolicy
        >>> LatePolicy(10, 30, 7).describe()
        '10% off per started day late, at most 30%, 0 points after 7 days'
        """
        parts = [f"{self.percent_per_day:g}% off per started day late"]
        if self.cap < 100:
            parts.append(f"at most {self.cap:g}%")
        if self.zero_after_days is not None:
            parts.append(f"0 points after {self.zero_after_days} days")
        return ", ".join(parts)


@dataclass
class RosterEntry:
    """One student of the roster (``roster.csv``)."""

    id: str
    name: str = ""
    email: str = ""
    section: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    canvas_id: str = ""
    moodle_id: str = ""


@dataclass
class Extension:
    """More time for one student: ``days`` more, or a new ``due`` date; one exercise or all."""

    student: str
    exercise: str = ""
    days: float = 0.0
    due: str = ""  # ISO 8601 with offset
    reason: str = ""


@dataclass
class Term:
    """A term: roster, due dates, late policies, extensions and where submission times come from.

    ``due`` maps exercise ids to ISO 8601 date-times with an offset. Build it
    with :func:`load_term` (``grading.toml``) or
    :func:`~nnteach.grading.term_cli.term_from_args`.

    Examples
    --------
    >>> from nnteach.grading.term import LatePolicy, Term
    >>> term = Term(due={"01": "2026-10-05T23:59:00+00:00"}, policy=LatePolicy(10))
    >>> term.due_for("amy", "01")
    (datetime.datetime(2026, 10, 5, 23, 59, tzinfo=datetime.timezone.utc), '')
    """

    source: str = ""
    timezone: str = "UTC"
    roster: list[RosterEntry] | None = None
    roster_file: str = ""
    due: dict[str, str] = field(default_factory=dict)
    policy: LatePolicy = field(default_factory=LatePolicy)
    policies: dict[str, LatePolicy] = field(default_factory=dict)
    extensions: list[Extension] = field(default_factory=list)
    submissions_csv: str = ""
    # Filled by nnteach grade: per student, notebook path -> {"timestamp", "mtime"}
    files: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # From submissions.csv: student -> exercise -> ISO time
    csv_times: dict[str, dict[str, str]] = field(default_factory=dict)

    # ------------------------------------------------------------------ #
    def policy_for(self, exercise: str) -> LatePolicy:
        """The late policy of ``exercise``."""
        return self.policies.get(exercise, self.policy)

    def due_for(self, student: str, exercise: str) -> tuple[dt.datetime | None, str]:
        """``(due date-time, why it differs from the course's)`` for one student and exercise."""
        base = self.due.get(exercise)
        if base is None:
            return None, ""
        due, why = dt.datetime.fromisoformat(base), ""
        for ext in self.extensions:
            if ext.student == student and ext.exercise in ("", exercise):
                if ext.due:
                    due, why = dt.datetime.fromisoformat(ext.due), "extension to a new due date"
                else:
                    due = due + dt.timedelta(days=ext.days)
                    why = f"extension of {ext.days:g} day{'s' if ext.days != 1 else ''}"
        return due, why

    def submitted(self, student: str, notebook: str, exercise: str) -> tuple[str, str]:
        """``(ISO time, source)`` of one submitted notebook; ``("", "")`` when unknown."""
        info = self.files.get(student, {}).get(notebook, {})
        if info.get("timestamp"):
            return info["timestamp"], FROM_TIMESTAMP
        at = self.csv_times.get(student, {}).get(exercise)
        if at:
            return at, FROM_CSV
        if info.get("mtime"):
            return info["mtime"], FROM_MTIME
        return "", ""

    @property
    def roster_ids(self) -> list[str]:
        """The roster's ids, in its order (empty without a roster)."""
        return [entry.id for entry in self.roster or []]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``term.json``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Term:
        """The inverse of :meth:`to_dict`."""
        data = dict(data)
        roster = data.pop("roster", None)
        term = cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        term.roster = None if roster is None else [RosterEntry(**r) for r in roster]
        term.policy = LatePolicy(**data.get("policy", {}))
        term.policies = {k: LatePolicy(**v) for k, v in data.get("policies", {}).items()}
        term.extensions = [Extension(**e) for e in data.get("extensions", [])]
        return term

    def save(self, out: str | Path) -> None:
        """Write ``out/term.json`` (atomically)."""
        from .gradebook import atomic_write_text

        text = json.dumps(self.to_dict(), indent=1, ensure_ascii=False, sort_keys=True)
        atomic_write_text(Path(out) / TERM_FILE, text + "\n")

    @classmethod
    def stored(cls, out: str | Path) -> Term | None:
        """The term stored with the gradebook ``out`` (``term.json``), or ``None``."""
        path = Path(out) / TERM_FILE
        if not path.is_file():
            return None
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- #
# Parsing
# --------------------------------------------------------------------------- #


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name.upper() in ("UTC", "GMT", "Z"):
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def parse_when(value: Any, timezone: str = "UTC") -> dt.datetime:
    """A date-time with its time zone, from TOML or text; local times are in ``timezone``.

    Accepted: a TOML date-time (with or without offset), a TOML date (the end of
    that day), ISO 8601 text (``2026-10-05T23:59``, ``...+02:00``, ``...Z``),
    text followed by a zone name (``2026-10-05 23:59 Europe/Paris``, nbgrader's
    ``2026-10-05 21:58:10.123456 UTC``).

    Raises
    ------
    ValueError
        Not a date-time, or an unknown time zone.

    Examples
    --------
    >>> from nnteach.grading.term import parse_when
    >>> parse_when("2026-10-05 23:59 Europe/Paris").isoformat()
    '2026-10-05T23:59:00+02:00'
    >>> parse_when("2026-10-05 21:58:10.5 UTC").isoformat()
    '2026-10-05T21:58:10.500000+00:00'
    """
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime.combine(value, dt.time(23, 59, 59))
    elif isinstance(value, str):
        text = value.strip()
        parts = text.split()
        zone = None
        if len(parts) >= 2 and re.fullmatch(r"[+-]\d{4}", parts[-1]):  # nbgrader's %z
            text = " ".join(parts[:-1]) + parts[-1][:3] + ":" + parts[-1][3:]
        elif len(parts) >= 2 and re.fullmatch(r"[A-Za-z][A-Za-z_+\-/0-9]*", parts[-1]):
            zone, text = parts[-1], " ".join(parts[:-1])
        try:
            when = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a date and time") from None
        if zone is not None:
            if when.tzinfo is not None:
                raise ValueError(f"{value!r} has both an offset and a zone name")
            when = when.replace(tzinfo=_zone(zone))
    else:
        raise ValueError(f"{value!r} is not a date and time")
    if when.tzinfo is None:
        when = when.replace(tzinfo=_zone(timezone))
    return when


def _iso(when: dt.datetime) -> str:
    return when.isoformat()


class _Lines:
    """Where each key of a TOML file is: ``(table, index, key) -> line``."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            header = re.match(r"\s*(\[\[?)([^\]]+)\]\]?\s*(#.*)?$", line)
            if header:
                table = _normal(header.group(2))
                index = counts.get(table, 0) if header.group(1) == "[[" else 0
                counts[table] = index + 1 if header.group(1) == "[[" else 0
                self.tables[table, index] = number
                continue
            key = re.match(r"\s*([A-Za-z0-9_\-\"'. ]+?)\s*=", line)
            if key:
                self.keys.setdefault((table, index, _normal(key.group(1))), number)

    def of(self, table: str, key: str = "", index: int = 0) -> int | None:
        """The line of ``key`` in ``table`` (or of the table's header)."""
        if key and (table, index, key) in self.keys:
            return self.keys[table, index, key]
        if (table, index) in self.tables:
            return self.tables[table, index]
        if key:  # a dotted key written in the parent table
            parent, _, last = table.rpartition(".")
            found = self.keys.get((parent, index, f"{last}.{key}" if last else key))
            if found:
                return found
        return None


def _normal(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _number(value: Any, path: str, line: int | None, name: str, *, whole: bool = False) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    if ok and whole:
        ok = float(value).is_integer()
    if not ok or not math.isfinite(float(value)):
        kind = "a whole number of days" if whole else "a number, 0 or more"
        raise TermError(path, line, f"{name} is {value!r}", f"write {kind}, e.g. {name} = 7")
    return float(value)


def _policy(data: Any, path: str, lines: _Lines, table: str) -> LatePolicy:
    if not isinstance(data, dict):
        raise TermError(
            path,
            lines.of(table),
            f"{table} is not a table",
            "write it as [late_policy] with percent_per_day = 10",
        )
    known = {"percent_per_day", "cap", "zero_after_days", "grace_minutes"}
    for key in data:
        if key not in known:
            raise TermError(
                path,
                lines.of(table, key),
                f"unknown late-policy setting {key!r}",
                f"use one of {', '.join(sorted(known))}",
            )
    policy = LatePolicy()
    for key in ("percent_per_day", "cap", "grace_minutes"):
        if key in data:
            setattr(policy, key, _number(data[key], path, lines.of(table, key), key))
    if "zero_after_days" in data:
        line = lines.of(table, "zero_after_days")
        policy.zero_after_days = int(
            _number(data["zero_after_days"], path, line, "zero_after_days", whole=True)
        )
    if policy.cap > 100:
        raise TermError(
            path,
            lines.of(table, "cap"),
            f"cap is {policy.cap:g}",
            "write a percentage between 0 and 100",
        )
    return policy


def _when(value: Any, path: str, line: int | None, name: str, timezone: str) -> str:
    try:
        return _iso(parse_when(value, timezone))
    except ValueError as error:
        raise TermError(
            path,
            line,
            f"{name} {error}",
            'write a date and time such as 2026-10-05T23:59:00 or "2026-10-05 23:59 Europe/Berlin"',
        ) from None


def _check_exercise(exercise: str, path: str, line: int | None) -> str:
    from nnteach.checks import EXERCISE_MODULES

    if exercise not in EXERCISE_MODULES:
        raise TermError(
            path,
            line,
            f"the course has no exercise {exercise!r}",
            f"use one of {', '.join(EXERCISE_MODULES)}",
        )
    return exercise


def _exercises(data: Any, path: str, lines: _Lines, term: Term) -> None:
    if not isinstance(data, dict):
        raise TermError(
            path,
            lines.of("exercises"),
            "exercises is not a table",
            "write one [exercises.01] table per exercise",
        )
    for exercise, info in data.items():
        table = f"exercises.{exercise}"
        _check_exercise(str(exercise), path, lines.of(table))
        if not isinstance(info, dict) or "due" not in info:
            raise TermError(
                path,
                lines.of(table),
                f"exercise {exercise} has no due date",
                f"add due = 2026-10-05T23:59:00 under [{table}]",
            )
        for key in info:
            if key not in ("due", "late_policy"):
                raise TermError(
                    path,
                    lines.of(table, key),
                    f"unknown setting {key!r}",
                    "an exercise has only due and late_policy",
                )
        term.due[exercise] = _when(info["due"], path, lines.of(table, "due"), "due", term.timezone)
        if "late_policy" in info:
            term.policies[exercise] = _policy(
                info["late_policy"], path, lines, f"{table}.late_policy"
            )


def _extensions(data: Any, path: str, lines: _Lines, term: Term) -> None:
    if not isinstance(data, list):
        raise TermError(
            path,
            lines.of("extensions"),
            "extensions is not a list of tables",
            'write each one as [[extensions]] with student = "id"',
        )
    known = {"student", "exercise", "days", "due", "reason"}
    for index, item in enumerate(data):

        def line(key: str = "", index: int = index) -> int | None:
            return lines.of("extensions", key, index)

        for key in item:
            if key not in known:
                raise TermError(
                    path,
                    line(key),
                    f"unknown extension setting {key!r}",
                    f"use one of {', '.join(sorted(known))}",
                )
        student = str(item.get("student", ""))
        if not student:
            raise TermError(
                path,
                line(),
                "an extension names no student",
                'add student = "id" (an id of the roster)',
            )
        if term.roster is not None and student not in term.roster_ids:
            raise TermError(
                path,
                line("student"),
                f"the extension is for {student!r}, who is not on the roster {term.roster_file}",
                "correct the id or add the student to the roster",
            )
        exercise = str(item.get("exercise", ""))
        if exercise:
            _check_exercise(exercise, path, line("exercise"))
            if term.due and exercise not in term.due:
                raise TermError(
                    path,
                    line("exercise"),
                    f"exercise {exercise} has no due date",
                    f"add [exercises.{exercise}] with its due date",
                )
        if ("days" in item) == ("due" in item):
            raise TermError(
                path,
                line(),
                f"the extension for {student} needs days or due",
                "give exactly one of days = 3 or due = 2026-10-08T23:59:00",
            )
        ext = Extension(student, exercise, reason=str(item.get("reason", "")))
        if "days" in item:
            ext.days = _number(item["days"], path, line("days"), "days")
        else:
            ext.due = _when(item["due"], path, line("due"), "due", term.timezone)
        term.extensions.append(ext)


def load_term(path: str | Path) -> Term:
    """Read ``grading.toml`` and the roster it names; check everything.

    Raises
    ------
    TermError
        Anything wrong, named by file and line, with the fix.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from nnteach.grading.term import load_term
    >>> toml = pathlib.Path(tempfile.mkdtemp()) / "grading.toml"
    >>> _ = toml.write_text('[exercises.01]\\ndue = 2026-10-05T23:59:00Z\\n')
    >>> load_term(toml).due
    {'01': '2026-10-05T23:59:00+00:00'}
    >>> _ = toml.write_text('[exercises.09]\\ndue = 2026-10-05T23:59:00Z\\n')
    >>> load_term(toml)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    nnteach.grading.term.TermError: .../grading.toml, line 1: the course has no exercise '09'; ...
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise TermError(
            path, None, f"cannot be read ({error.strerror})", "give the path of your grading.toml"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise TermError(
            path,
            int(match.group(1)) if match else None,
            f"it is not valid TOML ({str(error).split(' (at')[0]})",
            "correct the syntax (text values need quotes, tables [brackets])",
        ) from None
    lines, name = _Lines(text), str(path)
    for key in data:
        if key not in ("course", "late_policy", "exercises", "extensions"):
            raise TermError(
                name,
                lines.of(key) or lines.of("", key),
                f"unknown section {key!r}",
                "use [course], [late_policy], [exercises.ID] and [[extensions]]",
            )
    course = data.get("course", {})
    term = Term(source=str(path.resolve()))
    for key in course:
        if key not in ("timezone", "roster", "submission_times"):
            raise TermError(
                name,
                lines.of("course", key),
                f"unknown setting {key!r}",
                "[course] has timezone, roster and submission_times",
            )
    term.timezone = str(course.get("timezone", "UTC"))
    try:
        _zone(term.timezone)
    except ValueError as error:
        raise TermError(
            name,
            lines.of("course", "timezone"),
            str(error),
            'use an IANA name such as "Europe/Berlin" or "UTC"',
        ) from None
    if "roster" in course:
        roster = path.parent / str(course["roster"])
        term.roster_file = str(roster)
        term.roster = load_roster(roster, at=(name, lines.of("course", "roster")))
    if "submission_times" in course:
        term.submissions_csv = str(path.parent / str(course["submission_times"]))
    if "late_policy" in data:
        term.policy = _policy(data["late_policy"], name, lines, "late_policy")
    _exercises(data.get("exercises", {}), name, lines, term)
    _extensions(data.get("extensions", []), name, lines, term)
    return term


def load_roster(path: str | Path, *, at: tuple[str, int | None] | None = None) -> list[RosterEntry]:
    """The students of ``roster.csv``, in its order.

    The header names the columns (any order, any case): ``id`` is required;
    ``name``, ``email``, ``section``, ``sis_user_id``, ``sis_login_id``,
    ``canvas_id`` and ``moodle_id`` are optional. An id must be a safe file name
    (what ``nnteach grade`` calls the student: the file or folder name).

    Raises
    ------
    TermError
        No such file, no ``id`` column, an empty id, an unsafe id, an id twice.
    """
    from .discover import sanitize_student_id

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        where, line = at or (str(path), None)
        raise TermError(
            where,
            line,
            f"the roster {path} cannot be read ({error.strerror})",
            "correct the roster path",
        ) from None
    reader = csv.DictReader(text.splitlines())
    columns = {c.strip().lower(): c for c in reader.fieldnames or []}
    if "id" not in columns:
        raise TermError(
            path,
            1,
            "the roster has no id column",
            f"start it with a header such as {','.join(ROSTER_COLUMNS[:4])}",
        )
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {k: (row.get(original) or "").strip() for k, original in columns.items()}
        student = values.get("id", "")
        if not student:
            raise TermError(path, line, "the id is empty", "fill in the student's id")
        if sanitize_student_id(student) != student:
            raise TermError(
                path,
                line,
                f"the id {student!r} is not a safe file name",
                f"use {sanitize_student_id(student)!r}, the name nnteach grade "
                "gives that student's notebook or folder",
            )
        if student.lower() in seen:
            raise TermError(
                path,
                line,
                f"the id {student!r} is listed twice (first on line {seen[student.lower()]})",
                "remove or correct one of the two lines",
            )
        seen[student.lower()] = line
        entries.append(
            RosterEntry(**{k: values.get(k, "") for k in ROSTER_COLUMNS if k != "id"}, id=student)
        )
    return entries


def load_submission_times(path: str | Path, term: Term | None = None) -> dict[str, dict[str, str]]:
    """``student -> exercise -> ISO time`` from ``submissions.csv`` (the latest line counts).

    Raises
    ------
    TermError
        A missing column, an unknown exercise, an unparsable time.
    """
    path = Path(path)
    timezone = term.timezone if term else "UTC"
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    columns = {c.strip().lower(): c for c in reader.fieldnames or []}
    for needed in ("student", "exercise", "submitted_at"):
        if needed not in columns:
            raise TermError(
                path,
                1,
                f"there is no {needed} column",
                "start the file with the header student,exercise,submitted_at",
            )
    times: dict[str, dict[str, dt.datetime]] = {}
    for row in reader:
        line = reader.line_num
        student = (row.get(columns["student"]) or "").strip()
        exercise = (row.get(columns["exercise"]) or "").strip()
        _check_exercise(exercise, str(path), line)
        try:
            when = parse_when(row.get(columns["submitted_at"]) or "", timezone)
        except ValueError as error:
            raise TermError(
                path,
                line,
                f"submitted_at {error}",
                "write a time such as 2026-10-05T21:30:00+02:00",
            ) from None
        previous = times.setdefault(student, {}).get(exercise)
        if previous is None or when > previous:
            times[student][exercise] = when
    return {s: {e: _iso(w) for e, w in by.items()} for s, by in times.items()}


def read_timestamp(path: str | Path, timezone: str = "UTC") -> str:
    """The time in an nbgrader ``timestamp.txt`` (``2026-10-05 21:58:10.123456 UTC``), ISO 8601.

    Raises
    ------
    TermError
        The file does not hold a time.
    """
    text = Path(path).read_text(encoding="utf-8", errors="replace").strip()
    try:
        return _iso(parse_when(text.splitlines()[0] if text else "", timezone))
    except ValueError as error:
        raise TermError(
            path, 1, str(error), "nbgrader writes times such as 2026-10-05 21:58:10.123456 UTC"
        ) from None


def _timestamp_for(notebook: Path, stop: Path) -> Path | None:
    folder = notebook.parent
    while True:
        candidate = folder / TIMESTAMP_FILE
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
        if folder == stop or stop not in folder.parents:
            return None
        folder = folder.parent


def submission_times(root: Path, submissions: Iterable[Any], term: Term) -> None:
    """Record each notebook's ``timestamp.txt`` time and modification time in ``term.files``.

    ``submissions`` are :class:`~nnteach.grading.discover.Submission` objects of
    the folder ``root``. ``submissions.csv`` (the term's, else ``root/submissions.csv``)
    goes to ``term.csv_times``.
    """
    csv_path = Path(term.submissions_csv) if term.submissions_csv else root / SUBMISSIONS_CSV
    if term.submissions_csv or csv_path.is_file():
        try:
            term.csv_times = load_submission_times(csv_path, term)
        except OSError as error:
            raise TermError(
                csv_path,
                None,
                f"cannot be read ({error.strerror})",
                "correct submission_times in grading.toml",
            ) from None
    term.files = {}
    for submission in submissions:
        files: dict[str, dict[str, str]] = {}
        stop = submission.path if submission.layout == "folder" else submission.path.parent
        for notebook in submission.notebooks:
            info: dict[str, str] = {}
            stamp = _timestamp_for(notebook, stop) if submission.layout == "folder" else None
            if stamp is not None:
                info["timestamp"] = read_timestamp(stamp, term.timezone)
            try:
                mtime = notebook.lstat().st_mtime
                info["mtime"] = _iso(dt.datetime.fromtimestamp(mtime, dt.UTC))
            except OSError:
                pass
            files[notebook.relative_to(root).as_posix()] = info
        term.files[submission.student] = files


# --------------------------------------------------------------------------- #
# The command line
def remove_stored(out: str | Path) -> None:
    """Forget a stored term (``nnteach grade`` without one)."""
    path = Path(out) / TERM_FILE
    if path.is_file():
        os.unlink(path)
