"""The term options of ``nnteach grade``: ``--config``, ``--roster``, ``--due``, ``--only``...

They override ``grading.toml`` (:mod:`~nnteach.grading.term`) and work without
one; :func:`term_from_args` turns them into a :class:`~nnteach.grading.term.Term`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .term import (
    CONFIG_FILE,
    SUBMISSIONS_CSV,
    Term,
    TermError,
    _check_exercise,
    _extensions,
    _Lines,
    _number,
    _when,
    _zone,
    load_roster,
    load_term,
)

__all__ = ["add_term_options", "read_only_list", "term_from_args"]


def add_term_options(parser: argparse.ArgumentParser) -> None:
    """The term options of ``nnteach grade`` (they override ``grading.toml``)."""
    group = parser.add_argument_group(
        "a term (roster, deadlines, late policy) and partial regrades; see docs/instructors.md"
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
        help="time zone of --due and --extension dates written without one (default: "
        "grading.toml's, else UTC)",
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
