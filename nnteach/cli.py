"""The ``nnteach`` command: ``build-exercises``, ``check``, ``grade``, ``report`` and ``export``.

Each subcommand lives in its own module, which provides
``add_parser(subparsers)``: it adds its parser with ``subparsers.add_parser(name,
...)`` and sets ``func`` (``parser.set_defaults(func=run)``, ``run(args) -> int``).
:data:`SUBCOMMANDS` maps each name to ``"module:function"``; to add a
subcommand, add a line there. Each module is imported when the parser is built.
:func:`add_subcommand` and :func:`report_error` are what those modules share.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["SUBCOMMANDS", "add_subcommand", "build_parser", "main", "report_error"]

#: subcommand name -> "module:add_parser"
SUBCOMMANDS: dict[str, str] = {
    "build-exercises": "nnteach.exercise_builder:add_parser",
    "check": "nnteach.checks.notebook:add_parser",
    "grade": "nnteach.grading.cli:add_parser",
    "report": "nnteach.grading.report:add_parser",
    "export": "nnteach.grading.lms:add_parser",
}


def add_subcommand(
    subparsers: Any,
    name: str,
    run: Any,
    *,
    help: str,
    description: str,
    argument: tuple[str, str, str],
    out: tuple[str, str] | None = None,
) -> argparse.ArgumentParser:
    """Add subcommand ``name``, carried out by ``run(args)``, with its first arguments.

    ``argument`` is the ``(dest, metavar, help)`` of its positional argument;
    ``out``, where given, the ``(metavar, help)`` of a required ``--out`` folder.
    The caller adds the other options to the parser returned.

    Examples
    --------
    >>> import argparse
    >>> sub = argparse.ArgumentParser(prog="nnteach").add_subparsers()
    >>> parser = add_subcommand(
    ...     sub, "demo", print, help="h", description="d", argument=("src", "SRC", "a folder")
    ... )
    >>> parser.parse_args(["here"]).src
    'here'
    """
    parser = subparsers.add_parser(name, help=help, description=description)
    dest, metavar, argument_help = argument
    parser.add_argument(dest, metavar=metavar, help=argument_help)
    if out is not None:
        parser.add_argument("--out", required=True, metavar=out[0], help=out[1])
    parser.set_defaults(func=run)
    return parser


def report_error(command: str, error: object, status: int = 2) -> int:
    """Print ``nnteach COMMAND: error: ...`` on stderr and return the exit ``status``."""
    print(f"nnteach {command}: error: {error}", file=sys.stderr)
    return status


def _register(subparsers: Any, target: str) -> None:
    module_name, _, function_name = target.partition(":")
    getattr(importlib.import_module(module_name), function_name)(subparsers)


def build_parser() -> argparse.ArgumentParser:
    """The ``nnteach`` argument parser with every subcommand of :data:`SUBCOMMANDS`."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="nnteach",
        description="Course tools: build the exercises, check a notebook, grade a class, "
        "report on a graded class.",
    )
    parser.add_argument("--version", action="version", version=f"nnteach {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for target in SUBCOMMANDS.values():
        _register(subparsers, target)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnteach`` with ``argv`` (default: the command line); return the exit status.

    Examples
    --------
    >>> from nnteach.cli import main
    >>> main(["check", "no/such/notebook.ipynb"])  # doctest: +SKIP
    nnteach check: error: no/such/notebook.ipynb: no such file.
    2
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("nnteach: interrupted.", file=sys.stderr)
        return 130
