"""Tests for ``nnteach grade`` (nnteach/grading/).

Two fixture classes are built from the real exercise 01 notebooks:

- ``CLASS``, one notebook per student, graded once with 2 workers: a full
  solution, an untouched exercise, partial answers (printing megabytes), wrong
  answers (with a cell that raises), hard-coded answers, a notebook that
  patches the checks, one that edits a check cell, another course's notebook
  and a corrupted file;
- ``FOLDERS``, one folder per student, with short time limits: a notebook of
  another exercise, an ``os._exit``, an empty file, an endless loop that
  swallows interrupts, a slow cell that is interrupted, a segfault, and a
  student folder without a notebook. It is graded, then re-run (skipped).

``--force`` and resuming are tested on invalid notebooks, which need no kernel.

Hostile notebooks are built so that they end before importing TensorFlow, to
keep the number of full notebook runs (about 10 s each) small. The fast tests
at the end need no kernel.
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from nnteach.grading import _kernel
from nnteach.grading.batch import UsageError, check_folders, grade_class
from nnteach.grading.discover import discover_submissions, sanitize_student_id
from nnteach.grading.feedback import render_feedback
from nnteach.grading.gradebook import (
    CSV_COLUMNS,
    atomic_write_text,
    load_results,
    rows_for,
    save_result,
    summary_line,
    up_to_date,
    write_gradebook,
)
from nnteach.grading.integrity import (
    check_cells,
    compare_check_cells,
    identify_exercise,
    package_changes,
    snapshot_package,
    suspicious_code,
)
from nnteach.grading.runner import (
    _client_class,
    _parse,
    _Unusable,
    _validated_results,
    failed_record,
    notebook_digest,
)

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "01_perceptron.ipynb"
EXERCISE = ROOT / "exercises" / "01_perceptron.ipynb"
OTHER_EXERCISE = ROOT / "solutions" / "02_deep_networks.ipynb"
PACKAGE_CHANGE = "the installed nnteach files changed"

# --------------------------------------------------------------------------- #
# Building submissions
# --------------------------------------------------------------------------- #


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _index(nb, grade_id: str) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return index
    raise KeyError(grade_id)


def _first_code(nb) -> int:
    return next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")


def _answer(nb, grade_id: str, source: str) -> None:
    nb.cells[_index(nb, grade_id)].source = source


def _answer_from(nb, solution, grade_id: str) -> None:
    _answer(nb, grade_id, solution.cells[_index(solution, grade_id)].source)


def _insert(nb, position: int, source: str) -> None:
    nb.cells.insert(position, nbformat.v4.new_code_cell(source))


def _write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


PATCH_CELL = """\
import nnteach.checks as nc
import nnteach.checks.core as core
from nnteach.checks.result import CheckResult

def always_pass(*args, **kwargs):
    return CheckResult("1.1", "", "passed", points=1, max_points=1)

core.run_task = always_pass
core.Task.run = lambda self, namespace, **kw: CheckResult(
    self.id, self.title, "passed", points=self.points, max_points=self.points
)
nc.run_all = lambda *args, **kwargs: []
np.allclose = lambda *args, **kwargs: True

def check(task_id, namespace=None, **kwargs):
    return "passed"
"""

STUBBORN_LOOP = """\
while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        pass
"""


def build_class(root: Path) -> None:
    """One notebook per student (exercise 01 unless said otherwise)."""
    solution = _read(SOLUTION)
    root.mkdir(parents=True)
    (root / "full.ipynb").write_bytes(SOLUTION.read_bytes())
    (root / "O'Brien, Pat.ipynb").write_bytes(EXERCISE.read_bytes())

    nb = _read(EXERCISE)
    _answer_from(nb, solution, "task-1-1")
    _answer_from(nb, solution, "task-1-2")
    _insert(
        nb,
        _first_code(nb) + 1,
        'print("x" * 3_000_000)\nfor i in range(20_000):\n    print(i, "y" * 100)',
    )
    _write(nb, root / "partial.ipynb")

    nb = _read(SOLUTION)
    _answer(
        nb,
        "task-1-1",
        'def neuron_output(x, w, b):\n    raise ValueError("<script>alert(1)</script>")',
    )
    _answer(nb, "task-1-2", "weights = np.array([[-1.0], [2.0], [0.5]])\nbias = np.array([1.0])")
    _insert(nb, _index(nb, "check-1-2") + 1, "1 / 0")
    _answer(
        nb,
        "task-1-3",
        'perceptron = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, "sigmoid")])',
    )
    _answer(nb, "task-1-4", "def binary_step(x):\n    return keras.ops.cast(x > 0, x.dtype)")
    _write(nb, root / "wrong.ipynb")

    nb = _read(SOLUTION)
    _answer(nb, "task-1-1", "def neuron_output(x, w, b):\n    return 4.5")
    _answer(
        nb,
        "task-1-5",
        "def least_squares(X, y):\n    return np.array([[2.0], [-1.0], [0.5]]), np.array([1.0])",
    )
    _write(nb, root / "hardcoded.ipynb")

    nb = _read(EXERCISE)
    _answer_from(nb, solution, "task-1-1")
    _answer(
        nb,
        "task-1-5",
        "def least_squares(X, y):\n    return np.zeros((X.shape[1], 1)), np.zeros(1)",
    )
    _insert(nb, _first_code(nb) + 1, PATCH_CELL)
    _write(nb, root / "patched.ipynb")

    nb = _read(SOLUTION)
    _answer(nb, "task-1-2", "weights = np.array([[-1.0], [2.0], [0.5]])\nbias = np.array([1.0])")
    _answer(nb, "check-1-2", 'print("✔ Task 1.2 (1/1): passed")')
    _write(nb, root / "edited.ipynb")

    other = nbformat.v4.new_notebook()
    meta = {"nbgrader": {"grade": True, "grade_id": "q1", "locked": True, "points": 5}}
    other.cells = [
        nbformat.v4.new_code_cell("answer = 42"),
        nbformat.v4.new_code_cell("assert answer == 42", metadata=meta),
    ]
    _write(other, root / "other.ipynb")

    (root / "corrupt.ipynb").write_bytes(SOLUTION.read_bytes()[:300])


def build_folders(root: Path) -> None:
    """One folder per student holding 01_perceptron.ipynb (cheap, hostile cases)."""
    solution = _read(SOLUTION)
    name = "01_perceptron.ipynb"
    (root / "frank").mkdir(parents=True)
    (root / "frank" / name).write_bytes(OTHER_EXERCISE.read_bytes())
    (root / "frank" / "notes.txt").write_text("my notes\n")

    nb = _read(EXERCISE)
    nb.cells[_first_code(nb)].source = "import os\nos._exit(1)"
    _write(nb, root / "gina" / name)
    (root / "gina" / ".ipynb_checkpoints").mkdir()
    (root / "gina" / ".ipynb_checkpoints" / "01_perceptron-checkpoint.ipynb").write_bytes(
        SOLUTION.read_bytes()
    )

    (root / "hank").mkdir()
    (root / "hank" / name).write_bytes(b"")

    nb = _read(EXERCISE)
    nb.cells[_first_code(nb)].source = STUBBORN_LOOP
    _write(nb, root / "ivan" / name)

    nb = _read(EXERCISE)
    first = _first_code(nb)
    nb.cells[first].source = "import numpy as np\nfrom nnteach.checks import check"
    _insert(nb, first + 1, "while True:\n    pass")
    _answer_from(nb, solution, "task-1-1")
    _write(nb, root / "judy" / name)

    nb = _read(EXERCISE)
    nb.cells[_first_code(nb)].source = "import ctypes\nctypes.string_at(0)"
    _write(nb, root / "kate" / name)

    (root / "lena").mkdir()
    (root / "lena" / "notes.txt").write_text("I could not do it.\n")


def _grade(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nnteach", "grade", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _rows(out: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        return {(row["student"], row["task"]): row for row in reader}


def _by_student(rows) -> dict[str, list[dict[str, str]]]:
    students: dict[str, list[dict[str, str]]] = {}
    for (student, _), row in rows.items():
        students.setdefault(student, []).append(row)
    return students


def _notebook(out: Path, student: str) -> dict:
    return json.loads((out / "results" / f"{student}.json").read_text())["notebooks"][0]


def _tamper_reasons(out: Path, student: str) -> list[str]:
    """Tamper reasons, less those caused by colleagues editing nnteach during the run."""
    return [r for r in _notebook(out, student)["tamper_reasons"] if PACKAGE_CHANGE not in r]


# --------------------------------------------------------------------------- #
# The one-notebook-per-student class
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    submissions, out = base / "submissions", base / "gradebook"
    build_class(submissions)
    before = _digests(submissions)
    run = _grade(str(submissions), "--out", str(out), "--workers", "2", "--timeout", "300")
    return types.SimpleNamespace(
        submissions=submissions, out=out, run=run, before=before, rows=_rows(out)
    )


EXPECTED_CLASS = {
    # student: ({task: (status, points)}, tampered)
    "full": ({t: ("passed", p) for t, p in zip(["1.1", "1.2", "1.3", "1.4", "1.5"],
             [1, 1, 2, 2, 2], strict=True)}, False),
    "O_Brien_Pat": ({t: ("not attempted", 0) for t in ["1.1", "1.2", "1.3", "1.4", "1.5"]},
                    False),
    "partial": ({"1.1": ("passed", 1), "1.2": ("passed", 1), "1.3": ("not attempted", 0),
                 "1.4": ("not attempted", 0), "1.5": ("not attempted", 0)}, False),
    "wrong": ({"1.1": ("failed", 0), "1.2": ("failed", 0), "1.3": ("failed", 0),
               "1.4": ("failed", 0), "1.5": ("passed", 2)}, False),
    "hardcoded": ({"1.1": ("failed", 0), "1.2": ("passed", 1), "1.3": ("passed", 2),
                   "1.4": ("passed", 2), "1.5": ("failed", 0)}, False),
    "patched": ({"1.1": ("passed", 1), "1.2": ("not attempted", 0),
                 "1.3": ("not attempted", 0), "1.4": ("not attempted", 0),
                 "1.5": ("failed", 0)}, True),
    "edited": ({"1.1": ("passed", 1), "1.2": ("failed", 0), "1.3": ("passed", 2),
                "1.4": ("passed", 2), "1.5": ("passed", 2)}, True),
}  # fmt: skip


@pytest.mark.slow
def test_class_gradebook_row_by_row(graded_class):
    assert graded_class.run.returncode == 0, graded_class.run.stderr
    students = _by_student(graded_class.rows)
    assert sorted(students) == sorted([*EXPECTED_CLASS, "other", "corrupt"])
    for student, (tasks, tampered) in EXPECTED_CLASS.items():
        rows = {row["task"]: row for row in students[student]}
        got = {task: (row["status"], float(row["points"])) for task, row in rows.items()}
        assert got == {task: (s, float(p)) for task, (s, p) in tasks.items()}, student
        assert {row["exercise"] for row in rows.values()} == {"01"}
        assert [row["max_points"] for row in rows.values()] == ["1", "1", "2", "2", "2"]
        assert bool(_tamper_reasons(graded_class.out, student)) is tampered, student
    for student, status in (("other", "wrong exercise"), ("corrupt", "invalid notebook")):
        (row,) = students[student]
        assert (row["exercise"], row["task"], row["status"], row["points"]) == ("", "", status, "0")
    assert "no recognisable exercise" in _notebook(graded_class.out, "other")["detail"]
    assert "not valid JSON" in _notebook(graded_class.out, "corrupt")["detail"]


@pytest.mark.slow
def test_class_tamper_reasons_and_cell_errors(graded_class):
    out = graded_class.out
    patched = " ".join(_tamper_reasons(out, "patched"))
    for needle in ("run_task", "Task.run", "run_all", "numpy.allclose", "`check`"):
        assert needle in patched
    edited = _tamper_reasons(out, "edited")
    assert "check cell check-1-2 was edited" in edited
    wrong = _notebook(out, "wrong")
    assert any("ZeroDivisionError" in e["error"] for e in wrong["cell_errors"])
    partial = _notebook(out, "partial")
    assert partial["status"] == "graded" and partial["output_bytes"] > 3_000_000


@pytest.mark.slow
def test_class_summary_json_and_progress(graded_class):
    run, out = graded_class.run, graded_class.out
    book = json.loads((out / "grades.json").read_text())
    assert book["summary"]["students"] == 9
    assert book["summary"]["notebooks"] == {
        "graded": 7,
        "invalid notebook": 1,
        "wrong exercise": 1,
    }
    assert book["summary"]["max_points"] == 8
    assert run.stdout.strip() == summary_line(book)
    assert run.stdout.startswith("9 students graded (9 notebooks: graded 7, invalid notebook 1")
    progress = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 9 and progress[-1].startswith("[9/9] ")
    assert any(line.endswith("full: graded 8/8") for line in progress)
    assert len(book["rows"]) == len(graded_class.rows)
    assert not list(out.rglob("*.tmp"))


@pytest.mark.slow
def test_class_feedback_pages(graded_class):
    feedback = graded_class.out / "feedback"
    pages = {p.stem: p.read_text(encoding="utf-8") for p in feedback.glob("*.html")}
    assert set(pages) == {*EXPECTED_CLASS, "other", "corrupt"}
    wrong = pages["wrong"]
    assert "<script>" not in wrong and "&lt;script&gt;alert(1)&lt;/script&gt;" in wrong
    assert "Hint:" in wrong and "ZeroDivisionError" in wrong
    assert "not valid JSON" in pages["corrupt"]
    for page in pages.values():
        for answer in ("[[2.0], [-1.0], [0.5]]", "2.0, -1.0, 0.5", "np.linalg.lstsq(X1"):
            assert answer not in page
    assert "your instructor will look at it" in pages["patched"]
    assert "your instructor will look at it" not in pages["full"]


@pytest.mark.slow
def test_class_submissions_unchanged_and_rerun_skips(graded_class):
    assert _digests(graded_class.submissions) == graded_class.before
    results = graded_class.out / "results"
    stamps = {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")}
    again = _grade(str(graded_class.submissions), "--out", str(graded_class.out))
    assert again.returncode == 0, again.stderr
    assert "Skipping 9 student(s) already graded" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")} == stamps
    assert _rows(graded_class.out) == graded_class.rows
    assert _digests(graded_class.submissions) == graded_class.before


# --------------------------------------------------------------------------- #
# The one-folder-per-student class: limits, crashes, re-runs
# --------------------------------------------------------------------------- #


EXPECTED_FOLDERS = {
    "frank": "wrong exercise",
    "gina": "kernel died",
    "hank": "invalid notebook",
    "ivan": "timeout",
    "kate": "kernel died",
    "lena": "missing",
}


@pytest.mark.slow
def test_folder_class_limits_and_crashes(tmp_path):
    submissions, out = tmp_path / "submissions", tmp_path / "gradebook"
    build_folders(submissions)
    before = _digests(submissions)
    args = [str(submissions), "--out", str(out), "--workers", "2"]
    limits = ["--timeout", "12", "--cell-timeout", "3"]
    first = _grade(*args, *limits)
    assert first.returncode == 0, first.stderr
    students = _by_student(_rows(out))
    assert sorted(students) == sorted([*EXPECTED_FOLDERS, "judy"])
    for student, status in EXPECTED_FOLDERS.items():
        rows = students[student]
        assert [row["task"] for row in rows] == ["1.1", "1.2", "1.3", "1.4", "1.5"], student
        assert {(row["exercise"], row["status"], row["points"]) for row in rows} == {
            ("01", status, "0")
        }, student
    judy = {row["task"]: (row["status"], row["points"]) for row in students["judy"]}
    assert judy["1.1"] == ("passed", "1") and judy["1.3"] == ("not attempted", "0")
    record = _notebook(out, "judy")
    assert record["cell_errors"][0]["error"] == "ran longer than 3 s and was interrupted"
    assert "exercise 02" in _notebook(out, "frank")["detail"]
    assert "exit status 1" in _notebook(out, "gina")["detail"]
    assert "SIGSEGV" in _notebook(out, "kate")["detail"]
    assert "12 s" in _notebook(out, "ivan")["detail"]
    assert "missing" in (out / "feedback" / "lena.html").read_text()
    # a re-run skips everyone (--force is tested without kernels below)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    second = _grade(*args, *limits)
    assert second.returncode == 0, second.stderr
    assert "Skipping 7 student(s)" in second.stderr
    assert not [line for line in second.stderr.splitlines() if line.startswith("[")]
    assert {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")} == stamps
    assert _digests(submissions) == before


# --------------------------------------------------------------------------- #
# Fast tests: no kernel
# --------------------------------------------------------------------------- #


def test_usage_errors_exit_2(tmp_path, capsys):
    from nnteach.cli import main

    def grade(*args):
        try:
            code = main(["grade", *args])
        except SystemExit as stop:  # argparse's own errors
            code = stop.code
        return code, capsys.readouterr().err

    subs = tmp_path / "subs"
    subs.mkdir()
    code, err = grade(str(tmp_path / "nope"), "--out", str(tmp_path / "book"))
    assert code == 2 and "no such folder of submissions" in err
    code, err = grade(str(subs), "--out", str(subs / "book"))
    assert code == 2 and "inside the submissions folder" in err
    code, err = grade(str(subs), "--out", str(subs))
    assert code == 2 and "is the submissions folder" in err
    code, err = grade(str(subs), "--out", str(tmp_path / "book"))
    assert code == 2 and "no submissions found" in err
    (subs / "a.ipynb").write_text("{}")
    code, err = grade(str(subs), "--out", str(tmp_path / "book"), "--workers", "0")
    assert code == 2 and "expected at least 1" in err
    code, err = grade(str(subs), "--out", str(tmp_path / "book"), "--timeout", "-1")
    assert code == 2 and "positive number of seconds" in err
    code, err = grade(str(subs), "--out", str(tmp_path / "book"), "--exercise", "99")
    assert code == 2 and "Unknown exercise '99'" in err
    assert not (tmp_path / "book").exists() and not (subs / "book").exists()


def test_check_folders_refuses_writing_among_submissions(tmp_path):
    (tmp_path / "book" / "results" / "subs").mkdir(parents=True)
    with pytest.raises(UsageError, match="where the gradebook writes"):
        check_folders(tmp_path / "book" / "results" / "subs", tmp_path / "book")
    (tmp_path / "file").write_text("")
    (tmp_path / "s").mkdir()
    with pytest.raises(UsageError, match="exists and is not a folder"):
        check_folders(tmp_path / "s", tmp_path / "file")


def test_student_ids_are_safe_and_unique(tmp_path):
    assert sanitize_student_id("Zoë Ünal.ipynb") == "Zoe_Unal"
    assert sanitize_student_id("../x") == "x" and sanitize_student_id("...") == "student"
    assert sanitize_student_id("nul.ipynb") == "_nul"
    for name in ("a b.ipynb", "a_b.ipynb", "A B.ipynb", ".hidden.ipynb", "readme.txt"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "carol").mkdir()
    (tmp_path / "carol" / "01_perceptron.ipynb").write_text("{}")
    (tmp_path / "carol" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "__pycache__").mkdir()
    nbgrader_style = tmp_path / "dan" / "ex01" / "01_perceptron.ipynb"  # submitted/<s>/<a>/
    nbgrader_style.parent.mkdir(parents=True)
    nbgrader_style.write_text("{}")
    found = discover_submissions(tmp_path)
    assert [(s.student, s.layout) for s in found] == [
        ("A_B", "file"),
        ("a_b-2", "file"),
        ("a_b-3", "file"),
        ("carol", "folder"),
        ("dan", "folder"),
    ]
    assert [p.name for p in found[3].notebooks] == ["01_perceptron.ipynb"]
    assert found[4].notebooks == (nbgrader_style,)


def test_resume_skips_graded_regrades_changed_and_force(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "book"
    subs.mkdir()
    (subs / "amy.ipynb").write_bytes(b"")
    (subs / "ben.ipynb").write_bytes(b"not json")
    stored = {
        "student": "amy",
        "submission": "amy.ipynb",
        "layout": "file",
        "notebooks": [failed_record(subs / "amy.ipynb", "amy.ipynb", "01", "graded", "")],
    }
    stored["notebooks"][0]["results"] = [
        {**task, "status": "passed", "message": "", "hint": "", "points": task["max_points"]}
        for task in stored["notebooks"][0]["tasks"]
    ]
    save_result(out, stored)
    seen = []
    report = grade_class(subs, out, workers=2, log=None, on_result=seen.append)
    assert report.skipped == ["amy"] and report.graded == ["ben"]
    assert [r["student"] for r in seen] == ["ben"]
    assert load_results(out)["amy"] == stored  # untouched
    rows = _rows(out)
    assert rows[("amy", "1.3")]["status"] == "passed"
    assert rows[("ben", "")]["status"] == "invalid notebook"
    (subs / "amy.ipynb").write_bytes(b"{}")  # resubmitted: graded again
    report = grade_class(subs, out, log=None)
    assert report.graded == ["amy"] and report.skipped == ["ben"]
    assert _rows(out)[("amy", "")]["status"] == "invalid notebook"
    stamp = (out / "results" / "ben.json").stat().st_mtime_ns
    report = grade_class(subs, out, workers=2, force=True, log=None)
    assert sorted(report.graded) == ["amy", "ben"] and report.skipped == []
    assert (out / "results" / "ben.json").stat().st_mtime_ns != stamp
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["amy.html", "ben.html"]


def test_gradebook_files_rows_and_atomic_writes(tmp_path):
    graded = failed_record(tmp_path / "x", "alice/01_perceptron.ipynb", "01", "graded", "")
    graded["results"] = [
        {**t, "status": "passed" if t["task_id"] == "1.3" else "failed", "message": "m",
         "hint": "h", "points": t["max_points"] if t["task_id"] == "1.3" else 0.0}
        for t in graded["tasks"]
    ]  # fmt: skip
    graded["tampered"], graded["tamper_reasons"] = True, ["check cell check-1-1 was edited"]
    alice = {"student": "alice", "layout": "folder", "notebooks": [graded]}
    bob = {"student": "bob", "layout": "folder", "notebooks": []}
    carl = {
        "student": "carl",
        "layout": "folder",
        "notebooks": [failed_record(tmp_path / "y", "carl/01.ipynb", "01", "timeout", "slow")],
    }
    book = write_gradebook(tmp_path, [carl, bob, alice])
    rows = _rows(tmp_path)
    assert rows[("alice", "1.3")] == {
        "student": "alice",
        "exercise": "01",
        "task": "1.3",
        "points": "2",
        "max_points": "2",
        "status": "passed",
        "tampered": "yes",
    }
    assert {rows[("bob", t)]["status"] for t in ("1.1", "1.5")} == {"missing"}
    assert rows[("carl", "1.2")]["status"] == "timeout"
    assert book["summary"]["notebooks"] == {"graded": 1, "timeout": 1, "missing": 1}
    assert book["summary"]["mean_points"] == pytest.approx(2 / 3, abs=1e-3)
    assert summary_line(book) == (
        "3 students graded (3 notebooks: graded 1, timeout 1, missing 1); 1 tampered; "
        "mean score 0.67/8 (8%)."
    )
    assert [s["student"] for s in book["students"]] == ["alice", "bob", "carl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "grades.json"]
    assert rows_for(bob, {})[0]["status"] == "missing"
    page = render_feedback(alice, book["exercises"])
    assert "Hint:</i> h" in page and "2 / 8 points" in page


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "grades.csv"
    atomic_write_text(target, "old\n")

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr("nnteach.grading.gradebook.os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["grades.csv"]


def test_up_to_date_compares_files_and_digests():
    stored = {"notebooks": [{"notebook": "a/01.ipynb", "sha256": "1"}]}
    assert up_to_date(stored, {"a/01.ipynb": "1"})
    assert not up_to_date(stored, {"a/01.ipynb": "1", "a/02.ipynb": "2"})
    assert not up_to_date(None, {})


def test_check_cells_compared_by_grade_id():
    reference = check_cells(_read(EXERCISE))
    assert sorted(reference) == [f"check-1-{i}" for i in range(1, 6)]
    assert compare_check_cells(_read(SOLUTION), reference) == []
    nb = _read(SOLUTION)
    nb.cells[_index(nb, "check-1-1")].source += "  \n\n"  # whitespace only: fine
    nb.cells[_index(nb, "check-1-2")].source = 'print("passed")'
    nb.cells[_index(nb, "check-1-4")].metadata["nbgrader"]["points"] = 20
    nb.cells.append(nbformat.from_dict(json.loads(json.dumps(nb.cells[_index(nb, "check-1-5")]))))
    del nb.cells[_index(nb, "check-1-3")]
    assert compare_check_cells(nb, reference) == [
        "check cell check-1-2 was edited",
        "check cell check-1-3 was deleted",
        "the points of check cell check-1-4 were changed",
        "check cell check-1-5 appears 2 times",
    ]


def test_identify_exercise_from_cells():
    assert identify_exercise(_read(EXERCISE)) == ("01", "")
    assert identify_exercise(_read(EXERCISE), expected="01") == ("01", "")
    assert identify_exercise(_read(OTHER_EXERCISE), expected="01")[0] is None
    assert identify_exercise(nbformat.v4.new_notebook())[0] is None
    declared = nbformat.v4.new_notebook(metadata={"nnteach": {"exercise": "03"}})
    assert identify_exercise(declared) == ("03", "")


def test_suspicious_code_ignores_comments_strings_and_check_cells():
    nb = _read(SOLUTION)
    assert suspicious_code(nb, check_cells(nb)) == []
    _insert(nb, 2, "# sys.modules in a comment\nx = 'builtins in a string'")
    assert suspicious_code(nb, check_cells(nb)) == []
    _insert(nb, 2, PATCH_CELL)
    found = " ".join(suspicious_code(nb, check_cells(nb)))
    assert "nnteach.checks.core" in found and "redefines `check`" in found


def test_package_snapshot_and_changes(tmp_path):
    import nnteach

    root = Path(nnteach.__file__).parent
    snapshot = snapshot_package(root)
    assert {"checks/core.py", "checks/perceptron.py", "data.py"} <= set(snapshot)
    copy = tmp_path / "nnteach"
    for rel, text in snapshot.items():
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_text(text, encoding="utf-8")
    assert package_changes(copy, snapshot) == []
    (copy / "checks" / "core.py").write_text("run_task = None\n")
    (copy / "data.py").unlink()
    assert package_changes(copy, snapshot) == [
        "checks/core.py changed",
        "data.py removed or unreadable",
    ]


def test_invalid_notebooks_are_named():
    for data, words in (
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a notebook"),
        (b'{"cells": 3}', "not a notebook"),
        (b"\xff\xfe", "not valid JSON"),
    ):
        with pytest.raises(_Unusable, match=words):
            _parse(data)
    assert _parse(SOLUTION.read_bytes()).cells


def test_results_from_the_kernel_are_revalidated():
    tasks = [
        {"task_id": "1.1", "title": "a", "max_points": 1.0},
        {"task_id": "1.2", "title": "b", "max_points": 2.0},
    ]
    forged = [
        {"task_id": "1.1", "status": "passed", "points": 100.0, "message": "", "hint": ""},
        {"task_id": "1.2", "status": "excellent", "points": 100.0},
    ]
    got = _validated_results(forged, tasks)
    assert [(r["status"], r["points"]) for r in got] == [("passed", 1.0), ("error", 0.0)]
    assert _validated_results(None, tasks)[0]["status"] == "error"


def test_outputs_are_counted_not_kept():
    client = _client_class()(nbformat.v4.new_notebook(), kernel_name="python3")
    outs = []
    big = {"msg_type": "stream", "content": {"name": "stdout", "text": "x" * 5_000_000}}
    big["parent_header"] = {"msg_id": "m"}
    assert client.output(outs, big, None, 0) is None
    error = {
        "msg_type": "error",
        "parent_header": {"msg_id": "m"},
        "content": {"ename": "ValueError", "evalue": "v" * 10_000, "traceback": ["t"] * 1000},
    }
    client.output(outs, error, None, 0)
    assert client.output_bytes == 5_000_000
    assert len(outs) == 1 and len(outs[0]["evalue"]) == 500 and outs[0]["traceback"] == []


def test_kernel_snapshot_restores_patched_modules():
    import json as json_module

    key = "_nnteach_test_snapshot"
    _kernel.take_snapshot(key)
    snapshot = sys.__dict__.pop(key)
    original = json_module.dumps
    try:
        exec("import json\njson.dumps = lambda *a, **k: 'forged'", {"__name__": "__main__"})
        assert _kernel.defined_in_notebook(json_module.dumps)
        reasons = _kernel.restore_snapshot(snapshot)
    finally:
        json_module.dumps = original
    assert json_module.dumps is original
    assert reasons == ["`json.dumps` was replaced by the notebook (restored before grading)"]
    assert _kernel.restore_snapshot(snapshot) == []


def test_kernel_compares_code_not_identity():
    from nnteach.checks import core

    namespace = {"__name__": "nnteach.checks.core", "__package__": "nnteach.checks"}
    exec(compile(Path(core.__file__).read_text(), core.__file__, "exec"), namespace)
    fresh = types.SimpleNamespace(**namespace)
    assert _kernel.find_difference(core.run_task, fresh.run_task, "run_task") is None
    assert _kernel.find_difference(core.Task, fresh.Task, "Task") is None
    assert _kernel.find_difference(lambda *a: 1, fresh.run_task, "run_task") == "run_task"
    patched = type("Task", (), {**vars(core.Task), "run": lambda self, ns: None})
    patched.__qualname__ = "Task"
    assert _kernel.find_difference(patched, fresh.Task, "Task") == "Task.run"


def test_failed_record_has_the_exercise_tasks(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_bytes(b"abc")
    record = failed_record(path, "n.ipynb", "01", "timeout", "slow")
    assert record["sha256"] == notebook_digest(b"abc")
    assert [t["task_id"] for t in record["tasks"]] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert (record["status"], record["detail"], record["results"]) == ("timeout", "slow", [])
