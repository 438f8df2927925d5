"""The ``nnteach`` command: ``build-exercises``, ``check``, ``grade`` and ``report``.

Each subcommand lives in its own module, which provides
``add_parser(subparsers)``: it adds its parser with ``subparsers.add_parser(name,
...)`` and sets ``func`` (``parser.set_defaults(func=run)``, ``run(args) -> int``).
:data:`SUBCOMMANDS` maps each name to ``"module:function"``; to add a
subcommand, add a line there. Each module is imported when the parser is built.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

#: subcommand name -> "module:add_parser"
SUBCOMMANDS: dict[str, str] = {
    "build-exercises": "nnteach.exercise_builder:add_parser",
    "check": "nnteach.checks.notebook:add_parser",
    "grade": "nnteach.grading.cli:add_parser",
    "report": "nnteach.grading.report:add_parser",
}


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
