"""The ``nnteach`` command: subcommand table, ``check`` scorecards and errors."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from nnteach import cli
from tests._notebooks import ROOT


def _run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_subcommands():
    result = subprocess.run(
        [sys.executable, "-m", "nnteach", "--help"], capture_output=True, text=True, check=True
    )
    for name in ("build-exercises", "check", "grade"):
        assert name in result.stdout


def test_no_subcommand_prints_help_and_exits_2(capsys):
    code, _, err = _run([], capsys)
    assert code == 2 and "usage: nnteach" in err


def test_every_subcommand_adds_its_parser():
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(cli.SUBCOMMANDS)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.ipynb", None, r"missing.ipynb: no such file\."),
        ("notes.txt", "hello", r"notes.txt is not a notebook: expected an \.ipynb file\."),
        ("01_perceptron.ipynb", "{not json", r"01_perceptron.ipynb is not a valid notebook"),
        (
            "99_mystery.ipynb",
            '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
            r"unknown exercise",
        ),
    ],
)
def test_check_errors_are_one_line_with_exit_code_2(tmp_path, capsys, name, content, message):
    import re

    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    code, out, err = _run(["check", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("nnteach check: error: ")
    assert re.search(message, err), err


def test_unknown_exercise_option(capsys):
    code, _, err = _run(
        ["check", str(ROOT / "solutions" / "01_perceptron.ipynb"), "--exercise", "42"], capsys
    )
    assert code == 2 and "Cannot tell exercise '42'" in err


def test_build_exercises_without_executing(tmp_path, capsys):
    code, out, _ = _run(
        ["build-exercises", str(ROOT / "solutions"), "--out", str(tmp_path), "--no-execute"], capsys
    )
    assert code == 0 and "6 of 6 exercise notebook(s) written" in out
    code, _, err = _run(["build-exercises", str(tmp_path / "none"), "--out", str(tmp_path)], capsys)
    assert code == 1 and "no such folder" in err


@pytest.mark.slow
def test_check_a_solution_prints_full_points_and_leaves_the_file_alone(capsys):
    path = ROOT / "solutions" / "01_perceptron.ipynb"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, _ = _run(["check", str(path), "--timeout", "120"], capsys)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].endswith("exercise 01, The perceptron")
    rows = [line.split() for line in lines if line[:3] in ("1.1", "1.2", "1.3", "1.4", "1.5")]
    assert [row[0] for row in rows] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert all(row[-2:] in (["passed", "1/1"], ["passed", "2/2"]) for row in rows), out
    assert lines[-1].split() == ["total", "8/8"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


@pytest.mark.slow
def test_check_an_exercise_prints_not_attempted(capsys):
    code, out, _ = _run(["check", str(ROOT / "exercises" / "01_perceptron.ipynb")], capsys)
    assert code == 0
    assert out.count("not attempted") == 5
    assert "total" in out and "0/8" in out
