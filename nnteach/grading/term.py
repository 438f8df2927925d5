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

:func:`term_gradebook` builds the gradebook of a term; it is stored with the
gradebook as ``term.json`` (:data:`TERM_FILE`), so that ``nnteach report`` and
``nnteach export`` need nothing but the gradebook folder.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .records import StudentResult
from .statuses import GRADED, MISSING

__all__ = [
    "CSV_COLUMNS",
    "LATE",
    "NOT_GRADED",
    "NOT_ON_ROSTER",
    "TERM_FILE",
    "Extension",
    "LatePolicy",
    "RosterEntry",
    "Term",
    "TermError",
    "add_term_options",
    "format_delta",
    "load_roster",
    "load_submission_times",
    "load_term",
    "parse_when",
    "read_only_list",
    "read_timestamp",
    "submission_times",
    "term_from_args",
    "term_gradebook",
]

TERM_FILE = "term.json"
CONFIG_FILE = "grading.toml"
SUBMISSIONS_CSV = "submissions.csv"
TIMESTAMP_FILE = "timestamp.txt"
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
_DAY = 86400.0


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
    with :func:`load_term` (``grading.toml``) or :func:`term_from_args`.

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
# --------------------------------------------------------------------------- #


def add_term_options(parser: argparse.ArgumentParser) -> None:
    """The term options of ``nnteach grade`` (they override ``grading.toml``)."""
    group = parser.add_argument_group(
        "term (roster, deadlines, late policy; see docs/instructors.md)"
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        default=None,
        help=f"the term's course file (default: ./{CONFIG_FILE} if there is one)",
    )
    group.add_argument(
        "--no-config", action="store_true", help=f"ignore ./{CONFIG_FILE}: grade without a term"
    )
    group.add_argument(
        "--roster",
        metavar="CSV",
        default=None,
        help="roster file (id,name,email,section[,sis_user_id,sis_login_id,"
        "canvas_id,moodle_id]); students not in SUBMISSIONS are `missing`",
    )
    group.add_argument(
        "--due",
        metavar="EXERCISE=WHEN",
        action="append",
        default=[],
        help='due date of an exercise, e.g. 01="2026-10-05 23:59 Europe/Berlin"',
    )
    group.add_argument(
        "--timezone",
        metavar="ZONE",
        default=None,
        help="time zone of due dates written without one (default UTC)",
    )
    group.add_argument(
        "--late-per-day",
        metavar="PERCENT",
        type=float,
        default=None,
        help="percent of the points taken off per started day late",
    )
    group.add_argument(
        "--late-cap",
        metavar="PERCENT",
        type=float,
        default=None,
        help="at most this percent taken off",
    )
    group.add_argument(
        "--zero-after",
        metavar="DAYS",
        type=int,
        default=None,
        help="0 points when more than DAYS days late",
    )
    group.add_argument(
        "--extension",
        metavar="STUDENT[:EXERCISE]=DAYS|WHEN",
        action="append",
        default=[],
        help="more time for a student: 3 (days) or a new due date",
    )
    group.add_argument(
        "--submission-times",
        metavar="CSV",
        default=None,
        help="student,exercise,submitted_at from your LMS (default: "
        f"SUBMISSIONS/{SUBMISSIONS_CSV} if there is one)",
    )
    group.add_argument(
        "--only",
        metavar="IDS",
        default=None,
        help="grade only these students (comma-separated); the gradebook and "
        "report are rebuilt from every student's result",
    )
    group.add_argument(
        "--only-file",
        metavar="FILE",
        default=None,
        help="grade only the students listed in FILE (one id per line)",
    )


def read_only_list(args: argparse.Namespace) -> list[str] | None:
    """The students of ``--only`` / ``--only-file``, or ``None`` for all."""
    if args.only is None and args.only_file is None:
        return None
    ids = [s.strip() for s in (args.only or "").split(",") if s.strip()]
    if args.only_file is not None:
        path = Path(args.only_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise TermError(
                path,
                None,
                f"cannot be read ({error.strerror})",
                "give a file with one student id per line",
            ) from None
        ids += [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]
    if not ids:
        raise TermError(
            "--only",
            None,
            "no student ids were given",
            "list ids separated by commas, e.g. --only alice,bob",
        )
    return list(dict.fromkeys(ids))


def _override_policy(term: Term, args: argparse.Namespace) -> None:
    """``--late-per-day``, ``--late-cap``, ``--zero-after``: every exercise's policy."""
    names = (
        ("late_per_day", "percent_per_day"),
        ("late_cap", "cap"),
        ("zero_after", "zero_after_days"),
    )
    for name, key in names:
        value = getattr(args, name)
        if value is not None:
            _number(value, f"--{name.replace('_', '-')}", None, key, whole=key.startswith("zero"))
            setattr(term.policy, key, value)
            for policy in term.policies.values():
                setattr(policy, key, value)


def _override(term: Term, args: argparse.Namespace) -> None:
    if args.timezone:
        try:
            _zone(args.timezone)
        except ValueError as error:
            raise TermError(
                "--timezone", None, str(error), "use a name such as Europe/Berlin"
            ) from None
        term.timezone = args.timezone
    if args.roster:
        term.roster_file = args.roster
        term.roster = load_roster(args.roster)
    if args.submission_times:
        term.submissions_csv = args.submission_times
    for item in args.due:
        exercise, sep, when = item.partition("=")
        if not sep:
            raise TermError("--due", None, f"{item!r} has no =", "write --due 01=2026-10-05T23:59")
        _check_exercise(exercise.strip(), f"--due {item}", None)
        term.due[exercise.strip()] = _when(when, f"--due {item}", None, "the date", term.timezone)
    _override_policy(term, args)
    for item in args.extension:
        who, sep, what = item.partition("=")
        student, _, exercise = who.partition(":")
        if not sep or not student:
            raise TermError(
                "--extension",
                None,
                f"{item!r} is not STUDENT[:EXERCISE]=DAYS|WHEN",
                "write e.g. --extension dana=3 or --extension eli:02=2026-10-23T12:00",
            )
        entry: dict[str, Any] = {"student": student.strip()}
        if exercise:
            entry["exercise"] = exercise.strip()
        try:
            entry["days"] = float(what)
        except ValueError:
            entry["due"] = what
        _extensions([entry], f"--extension {item}", _Lines(""), term)


def term_from_args(args: argparse.Namespace) -> Term | None:
    """The term of ``nnteach grade``'s options: ``grading.toml`` overridden by the options.

    ``None`` when there is no course file and no term option (today's behaviour).
    """
    config = args.config
    if config is None and not args.no_config and Path(CONFIG_FILE).is_file():
        config = CONFIG_FILE
    term = load_term(config) if config else None
    options = (
        args.roster,
        args.due,
        args.late_per_day,
        args.late_cap,
        args.zero_after,
        args.extension,
        args.submission_times,
        args.timezone,
    )
    if term is None and any(o not in (None, []) for o in options):
        term = Term(source="command line")
    if term is not None:
        _override(term, args)
    return term


# --------------------------------------------------------------------------- #
# The gradebook of a term
# --------------------------------------------------------------------------- #


def format_delta(seconds: float) -> str:
    """``93780`` -> ``'1 day 2 h 3 min'``; ``0`` -> ``''``.

    Examples
    --------
    >>> from nnteach.grading.term import format_delta
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


def _lateness(term: Term, student: str, notebook: str, exercise: str) -> dict[str, Any]:
    """Due date, submission time, lateness and penalty of one notebook."""
    at, source = term.submitted(student, notebook, exercise)
    due, why = term.due_for(student, exercise)
    info: dict[str, Any] = {
        "exercise": exercise,
        "notebook": notebook,
        "submitted_at": at,
        "submitted_from": source,
        "due": _iso(due) if due else "",
        "due_changed": why,
        "late_by_seconds": 0.0,
        "late_by": "",
        "days_late": 0,
        "penalty_percent": 0.0,
        "penalty_reason": "",
    }
    if due is None or not at:
        return info
    policy = term.policy_for(exercise)
    seconds = (dt.datetime.fromisoformat(at) - due).total_seconds()
    if seconds <= policy.grace_minutes * 60:
        return info
    days = math.ceil(seconds / _DAY)
    percent = policy.percent(days)
    info.update(
        late_by_seconds=seconds,
        late_by=format_delta(seconds),
        days_late=days,
        penalty_percent=percent,
        penalty_reason=f"submitted {format_delta(seconds)} after the due date "
        f"({days} started day{'s' if days != 1 else ''}); late policy: {policy.describe()}",
    )
    return info


def _scaled(points: float, percent: float) -> float:
    return round(float(points) * (1 - percent / 100.0), 4)


def _term_exercises(term: Term, exercises: dict[str, Any]) -> dict[str, Any]:
    from .runner import new_record

    merged = dict(exercises)
    for exercise in term.due:
        if exercise not in merged:
            record = new_record("", exercise)
            merged[exercise] = {
                "title": record.exercise_title,
                "tasks": [
                    {"task_id": t.task_id, "title": t.title, "max_points": t.max_points}
                    for t in record.tasks
                ],
                "max_points": record.max_points,
            }
    return dict(sorted(merged.items()))


def _missing_rows(student: str, exercises: Mapping[str, Any], status: str) -> list[dict]:
    from .gradebook import _row

    return [
        _row(student, exercise, task["task_id"], 0, task["max_points"], status, False)
        for exercise, info in exercises.items()
        for task in info["tasks"]
    ]


def _annotate(rows: list[dict], info: Mapping[str, Any] | None) -> None:
    for row in rows:
        before = row["points"]
        percent = info["penalty_percent"] if info else 0.0
        row.update(
            points_before_penalty=before,
            points=_scaled(before, percent),
            penalty_percent=percent,
            submitted_at=info["submitted_at"] if info else "",
            submitted_from=info["submitted_from"] if info else "",
            due=info["due"] if info else "",
            late_by=info["late_by"] if info else "",
            days_late=info["days_late"] if info else 0,
        )


def _student_rows(
    result: StudentResult, exercises: Mapping[str, Any], term: Term
) -> tuple[list[dict], list[dict]]:
    """``(rows, lateness of each notebook)`` of one graded student."""
    from .gradebook import _notebook_rows

    rows, lateness = [], []
    for nb in result.notebooks:
        info = _lateness(term, result.student, nb.notebook, nb.exercise)
        lateness.append(info)
        nb_rows = _notebook_rows(result.student, nb)
        _annotate(nb_rows, info)
        rows += nb_rows
    seen = {nb.exercise for nb in result.notebooks}
    absent = {k: v for k, v in exercises.items() if k not in seen}
    if result.layout == "folder" or term.due:
        absent = {k: v for k, v in absent.items() if result.layout == "folder" or k in term.due}
        extra = _missing_rows(result.student, absent, MISSING)
        _annotate(extra, None)
        rows += extra
    return rows, lateness


def _exercise_points(rows: list[dict], notebooks: Sequence[Any]) -> tuple[dict, dict]:
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
        a = round(sum(r["points"] for r in chunk), 4)
        b = round(sum(r["points_before_penalty"] for r in chunk), 4)
        if a >= after.get(nb.exercise, -1.0):
            after[nb.exercise], before[nb.exercise] = a, b
    return after, before


def term_gradebook(results: Iterable[StudentResult], term: Term) -> dict[str, Any]:
    """The gradebook of a term: :func:`~nnteach.grading.gradebook.build_gradebook`'s, plus

    - a row ``missing`` (0 points) for every task of every exercise with a due
      date that a student did not submit, and every roster student without a
      submission;
    - on every row ``points_before_penalty``, ``penalty_percent``,
      ``submitted_at``, ``submitted_from``, ``due``, ``late_by``, ``days_late``;
      ``points`` is after the penalty;
    - per student ``points`` (after penalties), ``points_before_penalty``,
      ``exercise_points``, ``lateness`` (one dict per notebook), ``on_roster``;
    - ``term``: the late notebooks, the late count per exercise, the missing
      students and those not on the roster.

    Examples
    --------
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.term import RosterEntry, Term, term_gradebook
    >>> roster = [RosterEntry("amy"), RosterEntry("ben")]
    >>> term = Term(roster=roster, due={"01": "2026-10-05T23:59:00+00:00"})
    >>> book = term_gradebook([StudentResult("amy", "amy", "folder")], term)
    >>> [(s["student"], s["statuses"]) for s in book["students"]]
    [('amy', ['missing']), ('ben', ['missing'])]
    """
    from .gradebook import build_gradebook

    results = sorted(results, key=lambda r: r.student.lower())
    book = build_gradebook(results)
    exercises = _term_exercises(term, book["exercises"])
    class_max = float(sum(info["max_points"] for info in exercises.values()))
    by_student = {s["student"]: s for s in book["students"]}
    roster = {entry.id: entry for entry in term.roster or []}
    rows: list[dict] = []
    students: list[dict] = []
    for result in results:
        student_rows, lateness = _student_rows(result, exercises, term)
        after, before = _exercise_points(student_rows, result.notebooks)
        summary = by_student[result.student]
        summary["statuses"] = [nb.status for nb in result.notebooks] + [MISSING] * len(
            {r["exercise"] for r in student_rows if r["status"] == MISSING}
        )
        summary.update(
            max_points=class_max,
            points=round(sum(after.values()), 4),
            points_before_penalty=round(sum(before.values()), 4),
            exercise_points=after,
            lateness=lateness,
            on_roster=term.roster is None or result.student in roster,
        )
        rows += student_rows
        students.append(summary)
    graded = {r.student for r in results}
    submitted = set(term.files)
    for entry in term.roster or []:
        if entry.id in graded:
            continue
        status = NOT_GRADED if entry.id in submitted else MISSING
        extra = _missing_rows(entry.id, exercises, status)
        _annotate(extra, None)
        rows += extra
        students.append(
            {
                "student": entry.id,
                "submission": "",
                "points": 0.0,
                "points_before_penalty": 0.0,
                "max_points": class_max,
                "statuses": [status],
                "tampered": False,
                "tamper_reasons": [],
                "graded_at": "",
                "sandboxed": True,
                "notebooks": [],
                "exercise_points": {},
                "lateness": [],
                "on_roster": True,
            }
        )
    order = {sid: i for i, sid in enumerate(term.roster_ids)}
    students.sort(key=lambda s: (order.get(s["student"], len(order)), s["student"].lower()))
    position = {s["student"]: i for i, s in enumerate(students)}
    rows.sort(key=lambda r: position[r["student"]])  # stable: tasks keep their order
    book.update(exercises=exercises, students=students, rows=rows)
    _term_summary(book, term)
    return book


def _term_summary(book: dict[str, Any], term: Term) -> None:
    from collections import Counter

    from .statuses import NOTEBOOK_STATUSES

    students = book["students"]
    counts: Counter = Counter()
    for s in students:
        counts.update(s["statuses"])
    ordered = {s: counts[s] for s in NOTEBOOK_STATUSES if counts.get(s)}
    ordered.update({s: n for s, n in counts.items() if s not in ordered})
    late = [
        {
            "student": s["student"],
            "exercise": info["exercise"],
            "notebook": info["notebook"],
            "detail": f"{info['late_by']} late; {info['penalty_percent']:g}% off",
        }
        for s in students
        for info in s["lateness"]
        if info["days_late"]
    ]
    per_exercise = {exercise: 0 for exercise in term.due}
    for entry in late:
        per_exercise[entry["exercise"]] = per_exercise.get(entry["exercise"], 0) + 1
    mean = sum(s["points"] for s in students) / len(students) if students else 0.0
    book["summary"].update(
        students=len(students),
        notebooks=ordered,
        mean_points=round(mean, 3),
        max_points=float(sum(i["max_points"] for i in book["exercises"].values())),
        tampered=sum(1 for s in students if s["tampered"]),
        unsandboxed=sum(1 for s in students if not s["sandboxed"]),
    )
    book["term"] = {
        "source": term.source,
        "roster": term.roster_file,
        "due": dict(term.due),
        "late": late,
        "late_per_exercise": per_exercise,
        "missing_students": [s["student"] for s in students if s["statuses"] == [MISSING]],
        "not_graded": [s["student"] for s in students if s["statuses"] == [NOT_GRADED]],
        "not_on_roster": [s["student"] for s in students if not s["on_roster"]],
        "submitted_from": dict(
            Counter(
                i["submitted_from"] for s in students for i in s["lateness"] if i["submitted_from"]
            )
        ),
    }


def csv_cells(row: Mapping[str, Any]) -> dict[str, str]:
    """The term columns of one ``grades.csv`` row, as text."""
    from nnteach.checks.result import format_points

    percent = row.get("penalty_percent", 0.0)
    return {
        "points_before_penalty": format_points(row.get("points_before_penalty", row["points"])),
        "penalty_percent": format_points(percent),
        "submitted_at": row.get("submitted_at", ""),
        "submitted_from": row.get("submitted_from", ""),
        "due": row.get("due", ""),
        "late_by": row.get("late_by", ""),
        "days_late": str(row.get("days_late", 0)),
    }


def term_summary_line(gradebook: Mapping[str, Any]) -> str:
    """What ``nnteach grade`` adds to its summary line with a term ("" without one).

    Examples
    --------
    >>> from nnteach.grading.term import term_summary_line
    >>> term = {"late": [1, 2], "missing_students": ["x"], "not_on_roster": [],
    ...         "not_graded": [], "submitted_from": {"file modification time": 1}}
    >>> term_summary_line({"term": term}).split(";")[0]
    ' Term: 2 late notebooks (penalties applied), 1 roster student missing'
    """
    term = gradebook.get("term")
    if not term:
        return ""
    parts = [
        f"{len(term['late'])} late notebook{'s' if len(term['late']) != 1 else ''} "
        "(penalties applied)"
    ]
    missing = len(term["missing_students"])
    parts.append(f"{missing} roster student{'s' if missing != 1 else ''} missing")
    if term["not_on_roster"]:
        parts.append(f"{len(term['not_on_roster'])} not on the roster")
    if term["not_graded"]:
        parts.append(f"{len(term['not_graded'])} submitted but not graded yet")
    line = " Term: " + ", ".join(parts)
    mtimes = term["submitted_from"].get(FROM_MTIME, 0)
    if mtimes:
        line += (
            f"; {mtimes} submission time{'s' if mtimes != 1 else ''} from file modification times"
        )
    return line + "."


def remove_stored(out: str | Path) -> None:
    """Forget a stored term (``nnteach grade`` without one)."""
    path = Path(out) / TERM_FILE
    if path.is_file():
        os.unlink(path)
