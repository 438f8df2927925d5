"""The ``nnteach`` command: ``build-exercises``, ``check``, ``grade`` and ``report``.

Each subcommand lives in its own module, which provides
``add_parser(subparsers)``: it adds its parser with ``subparsers.add_parser(name,
...)`` and sets ``func`` (``parser.set_defaults(func=run)``, ``run(args) -> int``).
:data:`SUBCOMMANDS` maps each name to ``"module:function"``; to add a
subcommand, add a line there. A module that is missing or fails to import leaves
a stub that says the subcommand is not available, and every other subcommand
still works.
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


def _register(subparsers: Any, name: str, target: str) -> None:
    module_name, _, function_name = target.partition(":")
    try:
        add_parser = getattr(importlib.import_module(module_name), function_name)
        add_parser(subparsers)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if module_name == missing or module_name.startswith(missing + "."):
            reason = f"{module_name} is not part of this installation"
        else:
            reason = f"{module_name} needs the missing package {missing!r}"
        _stub(subparsers, name, reason)
        return
    except Exception as error:  # noqa: BLE001 - one broken module must not break the CLI
        first = (str(error).strip().splitlines() or [""])[0][:120]
        _stub(
            subparsers, name, f"{module_name} could not be loaded ({type(error).__name__}: {first})"
        )
        return
    if name not in subparsers.choices:
        _stub(subparsers, name, f"{target} did not add a {name!r} subcommand")


def _stub(subparsers: Any, name: str, reason: str) -> None:
    if name in subparsers.choices:
        return
    parser = subparsers.add_parser(name, help=f"(not available: {reason})", add_help=False)

    def unavailable(args: argparse.Namespace) -> int:
        print(f"nnteach {name}: not available: {reason}.", file=sys.stderr)
        return 2

    parser.set_defaults(func=unavailable, accepts_any_arguments=True)


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
    for name, target in SUBCOMMANDS.items():
        _register(subparsers, name, target)
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
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "accepts_any_arguments", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("nnteach: interrupted.", file=sys.stderr)
        return 130
