"""The ``nnteach grade`` subcommand (registered by :mod:`nnteach.cli`).

``nnteach grade SUBMISSIONS --out GRADEBOOK_DIR [--workers N] [--timeout S]
[--cell-timeout S] [--force] [--exercise ID] [--reference DIR] [--memory SIZE]
[--no-sandbox] [--course-url URL]`` plus the term options (``--config grading.toml``,
``--roster``, ``--due``, ``--extension``, ``--only``...; :mod:`~nnteach.grading.term`)

Exit status: 0 when the run completed (even if some notebooks timed out,
crashed or were not notebooks: their rows say so), 2 for a usage error (a
missing folder, ``--out`` inside SUBMISSIONS, no notebooks, a bad number, no
sandbox possible here), 130
when interrupted (what was graded is kept; run again to continue).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..cli import add_subcommand, report_error
from .batch import UsageError, grade_class
from .gradebook import summary_line
from .reteach import add_course_url_option
from .runner import DEFAULT_CELL_TIMEOUT, DEFAULT_TIMEOUT
from .sandbox import DEFAULT_MEMORY, parse_size
from .term import TermError
from .term_book import term_summary_line
from .term_cli import add_term_options, read_only_list, term_from_args

__all__ = ["add_parser", "run"]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, received {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, received {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected seconds (a number), received {text!r}"
        ) from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, received {text}")
    return value


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a size such as 2G or 1500M, received {text!r}"
        ) from None


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``nnteach grade`` on the ``nnteach`` command's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from nnteach.grading.cli import add_parser
    >>> sub = argparse.ArgumentParser(prog="nnteach").add_subparsers()
    >>> args = add_parser(sub).parse_args(["subs", "--out", "book", "--workers", "2"])
    >>> args.workers, args.force
    (2, False)
    """
    parser = add_subcommand(
        subparsers,
        "grade",
        run,
        help="grade a folder of submitted exercise notebooks into a gradebook",
        description="Run every student's notebooks in a bubblewrap sandbox, each in a fresh "
        "kernel on a temporary copy (submissions are never changed), check each task with "
        "the installed checks, and "
        "write GRADEBOOK_DIR/grades.csv, grades.json, results/<student>.json, "
        "feedback/<student>.html, and the class report report.html with grades_wide.csv "
        "(rebuilt without grading by `nnteach report`). SUBMISSIONS holds one notebook per student "
        "(alice.ipynb) or one folder per student (alice/01_perceptron.ipynb). Students "
        "already graded are skipped unless --force. Exit status 0 when the run completed, "
        "2 for a usage error, 130 when interrupted.",
        argument=("submissions", "SUBMISSIONS", "folder of submissions"),
        out=("GRADEBOOK_DIR", "folder for the gradebook"),
    )
    parser.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="students graded at once (default: the number of CPU cores)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds all of a notebook's cells may run (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--cell-timeout",
        type=_positive_seconds,
        default=DEFAULT_CELL_TIMEOUT,
        metavar="S",
        help="seconds one cell may run before it is interrupted; later cells still run "
        f"(default {DEFAULT_CELL_TIMEOUT:g})",
    )
    parser.add_argument(
        "--force", action="store_true", help="grade again students already in the gradebook"
    )
    parser.add_argument(
        "--exercise",
        metavar="ID",
        default=None,
        help="grade every notebook as this exercise, e.g. 01 (default: from each "
        "notebook's name or cells)",
    )
    parser.add_argument(
        "--reference",
        metavar="DIR",
        default=None,
        help="folder of reference notebooks whose check cells submissions must keep "
        "(default: the course's solutions/)",
    )
    parser.add_argument(
        "--memory",
        type=_size,
        default=DEFAULT_MEMORY,
        metavar="SIZE",
        help=f"memory one student's sandbox may use (default {DEFAULT_MEMORY // 1024**3}G; "
        "the heaviest exercise needs about 0.9G)",
    )
    parser.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        help="grade without the bubblewrap sandbox where it cannot run (notebooks then run "
        "with your files, processes and network in reach; the gradebook says so)",
    )
    add_term_options(parser)
    add_course_url_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out ``nnteach grade``; print the summary line; return the exit status.

    Examples
    --------
    >>> from nnteach.cli import main
    >>> main(["grade", "submissions", "--out", "gradebook"])  # doctest: +SKIP
    9 students (9 notebooks: graded 7, timeout 1, invalid notebook 1); 1 tampered; ...
    0
    """
    try:
        term, only = term_from_args(args), read_only_list(args)
        report = grade_class(
            args.submissions,
            args.out,
            workers=args.workers,
            timeout=args.timeout,
            cell_timeout=args.cell_timeout,
            force=args.force,
            exercise=args.exercise,
            reference=args.reference,
            sandbox=args.sandbox,
            memory=args.memory,
            log=sys.stderr,
            term=term,
            only=only,
            course_url=args.course_url,
        )
    except (UsageError, TermError) as error:
        return report_error("grade", error)
    print(summary_line(report.gradebook) + term_summary_line(report.gradebook))
    if report.interrupted:
        print(
            f"nnteach grade: interrupted; {len(report.graded)} student(s) graded in this run "
            "are saved. Run the same command again to grade the others.",
            file=sys.stderr,
        )
        return 130
    return 0
