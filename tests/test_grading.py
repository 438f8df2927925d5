"""Tests for ``nnteach grade`` (nnteach/grading/).

Two fixture classes are built from the real exercise 01 notebooks:

- ``CLASS``, one notebook per student, graded once with 2 workers: a full
  solution, an untouched exercise, partial answers (printing megabytes), wrong
  answers (with a cell that raises), hard-coded answers, a notebook that
  patches the checks, one that edits a check cell, another course's notebook
  and a corrupted file; and seven notebooks aimed at the judge, which answer
  with stubs and import nothing of the grader: they patch the standard
  library, NumPy, Keras and ``builtins``, shadow the names of the grader's
  request, answer that request themselves, kill the grading process, or write
  into the sandbox's pipes. Each must earn nothing;
- ``FOLDERS``, one folder per student, with short time limits: a notebook of
  another exercise, an ``os._exit``, an empty file, an endless loop that
  swallows interrupts, a slow cell that is interrupted, a segfault, a student
  folder without a notebook, and a student whose first notebook plants IPython
  startup files and a ``.pth`` file for the next one. It is graded, then re-run
  (skipped).

``--force`` and resuming are tested on invalid notebooks, which need no kernel.

Most hostile notebooks keep the exercise's cells as they are, to keep the
number of full notebook runs (about 10 s each) small; the judge's cheats also
answer the Keras tasks with stubs. The fast tests at the end need no kernel.
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

from nnteach._in_kernel import _describe, undo_hooks
from nnteach.grading.batch import UsageError, _read_submitted, check_folders, grade_class
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
    suspicious_code,
)
from nnteach.grading.records import Gradebook, NotebookRecord, StudentResult
from nnteach.grading.runner import _results, new_record, parse_notebook
from nnteach.grading.sandbox import Limits, parse_size, sandbox_command, sandbox_problem
from nnteach.notebooks import _client_class

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "01_perceptron.ipynb"
EXERCISE = ROOT / "exercises" / "01_perceptron.ipynb"
OTHER_EXERCISE = ROOT / "solutions" / "02_deep_networks.ipynb"
SANDBOX = sandbox_problem() is None
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason="bubblewrap cannot run here")
MARKER = "612.25"  # in the command line of every process a notebook starts

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
import nnteach.checks.registry as core
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


DAEMON = """\
import subprocess, sys
code = (
    "import glob, time\\n"
    "while True:\\n"
    "    for p in glob.glob('/tmp/**/*.ipynb', recursive=True) + glob.glob('{subs}/*'):\\n"
    "        try:\\n"
    "            open(p, 'a').write(' ')\\n"
    "        except OSError:\\n"
    "            pass\\n"
    "    time.sleep(0.2)\\n"
)
subprocess.Popen([sys.executable, "-c", code, "{marker}"], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""

SNOOP = """\
import glob, os
targets = glob.glob("{subs}/*") + glob.glob("{out}/**", recursive=True)
targets += glob.glob(os.path.expanduser("~/*")) + ["{subs}/full.ipynb", "{out}/grades.csv"]
for path in targets:
    try:
        open(path, "a").write("x")
    except OSError:
        pass
answers = open("{solution}").read()
"""

HOOKS = """\
import ast, sys
ip = get_ipython()
ip.input_transformers_post.append(lambda lines: ["results = 'forged'\\n"])
class Forge(ast.NodeTransformer):
    def visit_Module(self, node):
        return ast.parse("results = 'forged'")
ip.ast_transformers.append(Forge())
def before(info=None):
    pass
ip.events.register("pre_run_cell", before)
sys.settrace(lambda *args: None)
"""

IMPORTED = """\
import importlib
from nnteach.checks import EXERCISE_MODULES as where
least_squares = importlib.import_module(where["01"])._least_squares_reference
"""

SOCKET = """\
import socket
try:
    socket.create_connection(("1.1.1.1", 80), timeout=3)
except OSError as error:
    print(error)
"""

HOG = "import numpy as np\nhog = np.ones(5 * 2**30, dtype=np.uint8)"

# --- cheats aimed at the judge: none imports the grader, each must earn nothing ---

STDLIB = """\
import json
real_dumps = json.dumps
def dumps(obj, *args, **kwargs):  # forge what the grader's relay sends, and only that
    if kwargs.get("separators") == (",", ":"):
        obj = {"results": [{"task_id": f"1.{i}", "status": "passed"} for i in range(1, 6)]}
    return real_dumps(obj, *args, **kwargs)
json.dumps = dumps
"""

NUMPY = "np.allclose = np.isclose = np.array_equal = lambda *args, **kwargs: True"

KERAS_BUILTINS = """\
import builtins
real_isinstance = builtins.isinstance
builtins.isinstance = lambda obj, kind: kind is keras.Model or real_isinstance(obj, kind)
keras.Model.predict = lambda self, *args, **kwargs: np.ones((8, 2))
keras.ops.cast = lambda x, dtype=None: x
"""

SHADOW = """\
class Relay:  # what the grader's request imports, answering every question itself
    @staticmethod
    def serve(request):
        return "[]"
def __import__(name, *args, **kwargs):
    return Relay
json = nnteach = Relay
"""

HANDLERS = """\
def user_expressions(expressions):  # answers the grader's request instead of the relay
    text = repr('{"$": "missing"}')
    return {key: {"status": "ok", "data": {"text/plain": text}, "metadata": {}}
            for key in expressions}
get_ipython().user_expressions = user_expressions
"""

KILLER = """\
import glob, json, os
task = {"task_id": "1.1", "title": "", "max_points": 8.0, "status": "passed", "points": 8.0}
nb = {"notebook": "killer.ipynb", "status": "graded", "exercise": "01", "tasks": [task]}
forged = {"student": "killer", "submission": "killer.ipynb", "layout": "file", "notebooks": [nb]}
for path in glob.glob("/proc/[0-9]*/fd/1"):
    try:
        open(path, "w").write(json.dumps(forged))
    except OSError:
        pass
os.kill(os.getppid(), 9)
"""

PIPE = """\
import glob
for path in glob.glob("/proc/[0-9]*/fd/[0-2]"):
    try:
        open(path, "w").write('{"student": "pipe", "notebooks": []}\\n')
    except OSError:
        pass
"""

# writes IPython startup files and a .pth file that would define task 2.1's answer in the
# next notebook's kernel (the sandbox's home was shared by a student's notebooks)
STARTUP = """\
import os, pathlib
answer = "relu = lambda x: __import__('numpy').maximum(x, 0.0)\\n"
for base in (os.environ.get("IPYTHONDIR", "/tmp/x"), os.path.expanduser("~/.ipython"),
             "/tmp/home/.ipython", "/tmp/.ipython", "/tmp/work/.ipython"):
    folder = pathlib.Path(base) / "profile_default" / "startup"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "99-answer.py").write_text(answer)
line = ("import os, pathlib; d = pathlib.Path(os.environ.get('IPYTHONDIR', '/x')) / "
        f"'profile_default/startup'; d.is_dir() and (d / '99-pth.py').write_text({answer!r})")
for home in (os.path.expanduser("~"), "/tmp/home"):
    site = pathlib.Path(home) / ".local/lib/python3.11/site-packages"
    site.mkdir(parents=True, exist_ok=True)
    (site / "answer.pth").write_text(line + "\\n")
"""


def build_class(root: Path, out: Path | None = None) -> None:
    """One notebook per student (exercise 01 unless said otherwise), hostile ones included."""
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

    paths = {"subs": root, "out": out or root.parent / "gradebook", "solution": SOLUTION}
    for student, source in (
        ("daemon", DAEMON.format(**paths, marker=MARKER)),
        ("snoop", SNOOP.format(**paths)),
        ("hooks", HOOKS),
        ("imported", IMPORTED),
        ("socket", SOCKET),
        ("hog", HOG),
    ):
        nb = _read(EXERCISE)
        _insert(nb, _first_code(nb) + 1, source)
        _write(nb, root / f"{student}.ipynb")
    (root / "link.ipynb").symlink_to(SOLUTION)
    build_judge_cheats(root)


def build_judge_cheats(root: Path) -> None:
    """Notebooks aimed at the judge: each answers with stubs (or nothing) and cheats."""
    stubs = {
        "task-1-1": "def neuron_output(x, w, b):\n    return 0.0",
        "task-1-3": "perceptron = keras.layers.Dense(1)",
        "task-1-4": "def binary_step(x):\n    return x",
        "task-1-5": "def least_squares(X, y):\n    return np.zeros((X.shape[1], 1)), np.zeros(1)",
    }
    for student, source in (
        ("stdlib", STDLIB),
        ("numpy", NUMPY),
        ("kerasbuiltins", KERAS_BUILTINS),
        ("shadow", SHADOW),
        ("handlers", HANDLERS),
        ("killer", KILLER),
        ("pipe", PIPE),
    ):
        nb = _read(EXERCISE)
        for grade_id, answer in stubs.items():
            _answer(nb, grade_id, answer)
        _insert(nb, _first_code(nb) + 1, source)
        _write(nb, root / f"{student}.ipynb")


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

    # 01 plants task 2.1's answer for the next kernel; 02 (graded after it) answers nothing
    nb = _read(EXERCISE)
    nb.cells[_first_code(nb)].source = STARTUP
    _write(nb, root / "mallory" / name)
    nb = _read(OTHER_EXERCISE.parent.parent / "exercises" / OTHER_EXERCISE.name)
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.get("metadata", {}).get("nbgrader", {}).get(
            "grade"
        ):
            cell.source = "pass"
    _write(nb, root / "mallory" / OTHER_EXERCISE.name)


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
    return _notebook(out, student)["tamper_reasons"]


def _marked_processes() -> list[int]:
    """Processes whose command line holds MARKER (started by hostile notebooks)."""
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            if MARKER.encode() in (folder / "cmdline").read_bytes():
                found.append(int(folder.name))
        except OSError:
            continue
    return found


# --------------------------------------------------------------------------- #
# The one-notebook-per-student class
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    base = tmp_path_factory.mktemp("class")
    submissions, out = base / "submissions", base / "gradebook"
    build_class(submissions, out)
    before = _digests(submissions)
    run = _grade(str(submissions), "--out", str(out), "--workers", "2", "--timeout", "300")
    return types.SimpleNamespace(
        submissions=submissions,
        out=out,
        run=run,
        before=before,
        rows=_rows(out),
        survivors=_marked_processes(),
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
                 "1.3": ("not attempted", 0), "1.4": ("not attempted", 0)}, True),
    **{student: ({t: ("not attempted", 0) for t in ["1.1", "1.2", "1.3", "1.4", "1.5"]}, True)
       for student in ("daemon", "snoop", "hooks", "socket")},
    "imported": ({t: ("not attempted", 0) for t in ["1.1", "1.2", "1.3", "1.4"]}, True),
    "edited": ({"1.1": ("passed", 1), "1.2": ("failed", 0), "1.3": ("passed", 2),
                "1.4": ("passed", 2), "1.5": ("passed", 2)}, True),
    # the judge's cheats: stubs fail, every forgery is refused, and none earns a point
    **{student: (dict.fromkeys(["1.1", "1.2", "1.3", "1.4", "1.5"], ("tampered", 0)), True)
       for student in ("stdlib", "handlers", "pipe")},
    **{student: ({"1.1": ("failed", 0), "1.2": ("not attempted", 0), "1.3": ("failed", 0),
                  "1.4": ("failed", 0), "1.5": ("failed", 0)}, True)
       for student in ("numpy", "kerasbuiltins")},
    "shadow": (dict.fromkeys(["1.1", "1.2", "1.3", "1.4", "1.5"], ("failed", 0)), False),
}  # fmt: skip


REFUSED = {"other": "wrong exercise", "corrupt": "invalid notebook", "link": "symlink"}


@pytest.mark.slow
@needs_sandbox
def test_class_gradebook_row_by_row(graded_class):
    assert graded_class.run.returncode == 0, graded_class.run.stderr
    students = _by_student(graded_class.rows)
    assert sorted(students) == sorted([*EXPECTED_CLASS, *REFUSED, "hog", "killer"])
    for student, (tasks, tampered) in EXPECTED_CLASS.items():
        rows = {row["task"]: row for row in students[student]}
        got = {task: (row["status"], float(row["points"])) for task, row in rows.items()}
        expected = {task: (s, float(p)) for task, (s, p) in tasks.items()}
        assert {task: got[task] for task in expected} == expected, student
        assert {row["exercise"] for row in rows.values()} == {"01"}
        assert [row["max_points"] for row in rows.values()] == ["1", "1", "2", "2", "2"]
        assert bool(_tamper_reasons(graded_class.out, student)) is tampered, student
    for student, status in REFUSED.items():
        (row,) = students[student]
        assert (row["exercise"], row["task"], row["status"], row["points"]) == ("", "", status, "0")
    assert "no recognisable exercise" in _notebook(graded_class.out, "other")["detail"]
    assert "not valid JSON" in _notebook(graded_class.out, "corrupt")["detail"]
    assert "symbolic link" in _notebook(graded_class.out, "link")["detail"]
    assert {row["status"] for row in students["hog"]} == {"out of memory"}
    # killed its grading process (after writing a forged verdict into the sandbox's stdout)
    (row,) = students["killer"]
    assert (row["status"], row["points"], row["tampered"]) == ("tampered", "0", "yes")
    assert "killed by SIGKILL" in _notebook(graded_class.out, "killer")["detail"]


@pytest.mark.slow
@needs_sandbox
def test_class_cheats_are_contained_or_flagged(graded_class):
    out = graded_class.out
    assert graded_class.survivors == []  # no process started by a notebook outlived its sandbox
    assert _digests(graded_class.submissions) == graded_class.before

    def reasons(student):
        return " ".join(_tamper_reasons(out, student))

    assert "started a process" in reasons("daemon")
    assert "read another notebook" in reasons("snoop")
    for needle in ("input transformer", "AST transformer", "pre_run_cell", "sys.settrace"):
        assert needle in reasons("hooks"), needle
    assert "imported the grader's module `nnteach.checks.ex01" in reasons("imported")
    assert "network socket" in reasons("socket")
    assert "data it refused" in reasons("stdlib")
    assert "answered the grader's greeting with something else" in reasons("handlers")
    assert "wrote into the grader's output pipe" in reasons("pipe")
    assert not _tamper_reasons(out, "hog")
    book = json.loads((out / "grades.json").read_text())
    assert book["summary"]["unsandboxed"] == 0


@pytest.mark.slow
@needs_sandbox
def test_class_tamper_reasons_and_cell_errors(graded_class):
    out = graded_class.out
    patched = " ".join(_tamper_reasons(out, "patched"))
    for needle in ("nnteach.checks.registry", "run_task", "run_all", "np.allclose", "`check`"):
        assert needle in patched
    edited = _tamper_reasons(out, "edited")
    assert "check cell check-1-2 was edited" in edited
    wrong = _notebook(out, "wrong")
    assert any("ZeroDivisionError" in e["error"] for e in wrong["cell_errors"])
    partial = _notebook(out, "partial")
    assert partial["status"] == "graded" and partial["output_bytes"] > 3_000_000


@pytest.mark.slow
@needs_sandbox
def test_class_summary_json_and_progress(graded_class):
    run, out = graded_class.run, graded_class.out
    book = json.loads((out / "grades.json").read_text())
    assert book["summary"]["students"] == 23
    assert book["summary"]["notebooks"] == {
        "graded": 15,
        "out of memory": 1,
        "tampered": 4,
        "invalid notebook": 1,
        "symlink": 1,
        "wrong exercise": 1,
    }
    assert book["summary"]["max_points"] == 8
    assert run.stdout.strip() == summary_line(Gradebook.from_dict(book))
    assert run.stdout.startswith("23 students (23 notebooks: graded 15, out of memory 1")
    progress = [line for line in run.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 23 and progress[-1].startswith("[23/23] ")
    assert any(line.endswith("full: graded 8/8") for line in progress)
    assert len(book["rows"]) == len(graded_class.rows)
    assert not list(out.rglob("*.tmp"))


@pytest.mark.slow
@needs_sandbox
def test_class_feedback_pages(graded_class):
    feedback = graded_class.out / "feedback"
    pages = {p.stem: p.read_text(encoding="utf-8") for p in feedback.glob("*.html")}
    assert set(pages) == {*EXPECTED_CLASS, *REFUSED, "hog", "killer"}
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
@needs_sandbox
def test_class_submissions_unchanged_and_rerun_skips(graded_class):
    assert _digests(graded_class.submissions) == graded_class.before
    results = graded_class.out / "results"
    stamps = {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")}
    again = _grade(str(graded_class.submissions), "--out", str(graded_class.out))
    assert again.returncode == 0, again.stderr
    assert "Skipping 23 student(s) already graded" in again.stderr
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
@needs_sandbox
def test_folder_class_limits_and_crashes(tmp_path):
    submissions, out = tmp_path / "submissions", tmp_path / "gradebook"
    build_folders(submissions)
    before = _digests(submissions)
    args = [str(submissions), "--out", str(out), "--workers", "2"]
    limits = ["--timeout", "45", "--cell-timeout", "3"]  # room for a TF import under load
    first = _grade(*args, *limits)
    assert first.returncode == 0, first.stderr
    students = _by_student(_rows(out))
    assert sorted(students) == sorted([*EXPECTED_FOLDERS, "judy", "mallory"])
    mallory = {row["task"]: (row["status"], row["points"]) for row in students["mallory"]}
    assert mallory["2.1"] == ("not attempted", "0"), mallory  # nothing reached the 2nd kernel
    assert sum(float(points) for _, points in mallory.values()) == 0
    for student, status in EXPECTED_FOLDERS.items():
        # mallory also handed in exercise 02, which the others are then missing
        assert {r["status"] for r in students[student] if r["exercise"] == "02"} == {"missing"}
        rows = [row for row in students[student] if row["exercise"] == "01"]
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
    assert "45 s" in _notebook(out, "ivan")["detail"]
    assert "missing" in (out / "feedback" / "lena.html").read_text()
    # a re-run skips everyone (--force is tested without kernels below)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    second = _grade(*args, *limits)
    assert second.returncode == 0, second.stderr
    assert "Skipping 8 student(s)" in second.stderr
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


def _graded(relative: str, passed: set[str]) -> NotebookRecord:
    record = new_record(relative, "01", status="graded")
    for task in record.tasks:
        record.update_task(
            task.task_id,
            status="passed" if task.task_id in passed else "failed",
            points=task.max_points if task.task_id in passed else 0.0,
            message="m",
            hint="h",
        )
    return record


def test_resume_skips_graded_regrades_changed_and_force(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "book"
    subs.mkdir()
    (subs / "amy.ipynb").write_bytes(b"")
    (subs / "ben.ipynb").write_bytes(b"not json")
    record = _graded("amy.ipynb", {"1.1", "1.2", "1.3", "1.4", "1.5"})
    record.sha256 = hashlib.sha256(b"").hexdigest()
    stored = StudentResult("amy", "amy.ipynb", "file", notebooks=[record])
    save_result(out, stored)
    seen = []
    report = grade_class(subs, out, workers=2, log=None, on_result=seen.append)
    assert report.skipped == ["amy"] and report.graded == ["ben"]
    assert [r.student for r in seen] == ["ben"]
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
    graded = _graded("alice/01_perceptron.ipynb", {"1.3"})
    graded.tamper_reasons = ["check cell check-1-1 was edited"]
    alice = StudentResult("alice", "alice", "folder", notebooks=[graded])
    bob = StudentResult("bob", "bob", "folder")
    slow = new_record("carl/01.ipynb", "01", status="timeout", detail="slow")
    carl = StudentResult("carl", "carl", "folder", notebooks=[slow])
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
    assert book.summary.notebooks == {"graded": 1, "timeout": 1, "missing": 1}
    assert book.summary.mean_points == pytest.approx(2 / 3, abs=1e-3)
    assert summary_line(book) == (
        "3 students (2 notebooks: graded 1, timeout 1; 1 missing); 1 tampered; "
        "mean score 0.67/8 (8%)."
    )
    assert [s.student for s in book.students] == ["alice", "bob", "carl"]
    assert Gradebook.from_dict(json.loads((tmp_path / "grades.json").read_text())) == book
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "grades.json"]
    assert rows_for(bob, {})[0].status == "missing"
    page = render_feedback(alice, book.exercises)
    assert "Hint:</i> h" in page and "2 / 8 points" in page
    bob.sandboxed = False
    line = summary_line(write_gradebook(tmp_path, [bob]))
    assert "WARNING: 1 graded without the sandbox (--no-sandbox)" in line


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
    stored = StudentResult("a", "a", "folder", notebooks=[NotebookRecord("a/01.ipynb", "1")])
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
    assert "nnteach.checks.registry" in found and "redefines `check`" in found


def test_invalid_notebooks_are_named():
    for data, words in (
        (b"", "empty"),
        (b"  \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a notebook"),
        (b'{"cells": 3}', "not a notebook"),
        (b"\xff\xfe", "not valid JSON"),
    ):
        with pytest.raises(ValueError, match=words):
            parse_notebook(data)
    assert parse_notebook(SOLUTION.read_bytes()).cells


def test_results_from_the_kernel_are_revalidated():
    record = new_record("a.ipynb", "01")
    forged = {
        "results": [
            {"task_id": "1.1", "status": "passed", "points": 100.0, "message": "", "hint": ""},
            {"task_id": "1.2", "status": "excellent", "points": 100.0},
        ],
        "hooks": ["an IPython AST transformer (Forge)"],
    }
    _results(forged, record)
    got = [(t.status, t.points) for t in record.tasks]
    assert got[:3] == [("passed", 1.0), ("error", 0.0), ("error", 0.0)]
    assert record.tamper_reasons == [
        "registered an IPython AST transformer (Forge) (removed before grading)"
    ]


def test_outputs_are_counted_not_kept():
    client = _client_class()(nbformat.v4.new_notebook(), kernel_name="python3")
    client.keep_outputs = False
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


def test_records_round_trip_through_json():
    result = StudentResult("amy", "amy", "folder", notebooks=[_graded("amy/01.ipynb", {"1.1"})])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["notebooks"][0]["tampered"] is False
    assert StudentResult.from_dict(data) == result
    assert result.notebooks[0].points == 1.0 and result.notebooks[0].max_points == 8.0


def test_refused_submissions_are_never_opened(tmp_path):
    import os

    root = tmp_path / "subs"
    root.mkdir()
    (root / "ok.ipynb").write_bytes(b"{}")
    (root / "link.ipynb").symlink_to(SOLUTION)
    os.mkfifo(root / "fifo.ipynb")  # reading it would block
    (root / "away").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "x.ipynb").write_bytes(b"{}")
    assert _read_submitted(root / "ok.ipynb", root) == (b"{}", "", "")
    assert _read_submitted(root / "link.ipynb", root)[1] == "symlink"
    assert _read_submitted(root / "fifo.ipynb", root)[1] == "not a regular file"
    assert _read_submitted(root / "away" / "x.ipynb", root)[1] == "outside submissions"
    found = {s.student: s.notebooks for s in discover_submissions(root)}
    assert sorted(found) == ["away", "fifo", "link", "ok"]


def test_sandbox_command_hides_folders_and_keeps_python(tmp_path):
    hidden, kept = tmp_path / "home", tmp_path / "home" / "venv"
    kept.mkdir(parents=True)
    command = sandbox_command(["python"], work=tmp_path / "w", hide=[hidden], keep=[kept])
    text = " ".join(command)
    for option in ("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop ALL"):
        assert option in text
    assert f"--tmpfs {hidden} --ro-bind {kept} {kept}" in text
    assert f"--bind {tmp_path / 'w'} /tmp/work" in text and command[-2:] == ["--", "python"]
    assert parse_size("2G") == 2 * 1024**3
    with pytest.raises(ValueError, match="positive size"):
        parse_size("0")


def test_without_bubblewrap_grade_stops_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr("nnteach.grading.sandbox.shutil.which", lambda name: None)
    assert "pass --no-sandbox" in sandbox_problem()
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.ipynb").write_bytes(b"")
    with pytest.raises(UsageError, match="bubblewrap"):
        grade_class(subs, tmp_path / "book", log=None)
    report = grade_class(subs, tmp_path / "book", sandbox=False, log=None)
    assert report.gradebook.summary.unsandboxed == 1


def test_undo_hooks_removes_what_a_notebook_registered():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    code = compile("def forge(lines):\n    return lines\n", "/tmp/ipykernel_1/cell.py", "exec")
    namespace: dict = {}
    exec(code, namespace)
    shell.input_transformers_post.append(namespace["forge"])
    shell.events.register("pre_run_cell", namespace["forge"])
    try:
        found = undo_hooks(shell)
    finally:
        sys.settrace(None)
    assert "an IPython input transformer (forge)" in found
    assert any("pre_run_cell" in item for item in found)
    assert namespace["forge"] not in shell.input_transformers_post
    assert undo_hooks(shell) == []


def test_audit_descriptions():
    allowed = ("/tmp/work/", "/tmp/")
    assert _describe("import", ("nnteach.checks.ex01_perceptron",), allowed).startswith(
        "imported the grader's module"
    )
    assert _describe("import", ("numpy",), allowed) is None
    import nnteach

    module = Path(nnteach.__file__).parent / "checks" / "__pycache__" / "ex02_x.cpython-311.pyc"
    assert "`nnteach.checks.ex02_x`" in _describe("open", (str(module), "r", 0), allowed)
    assert _describe("open", ("/etc/x", "w", 0), allowed).startswith("wrote or tried")
    assert _describe("open", ("/tmp/work/a.txt", "w", 0), allowed) is None
    assert _describe("open", ("/s/bob.ipynb", "r", 0), allowed).startswith("read another")
    assert _describe("subprocess.Popen", ("sh",), allowed).startswith("started a process")
    assert _describe("socket.connect", (None, ("1.1.1.1", 80)), allowed).startswith("opened")


def test_limits_fall_back_to_rlimits(monkeypatch):
    monkeypatch.setattr("nnteach.grading.sandbox._own_cgroup", lambda controller: None)
    limits = Limits(memory=2**30)
    assert limits.prepare("x") == "rlimit" and not limits.out_of_memory()


def test_sandbox_mounts_back_python_folders_under_tmp(tmp_path):
    # a CI clone under /tmp: its virtual environment must stay visible over the private /tmp
    from nnteach.grading.sandbox import sandbox_command

    venv = tmp_path / "clone" / ".venv"
    venv.mkdir(parents=True)
    assert str(venv).startswith("/tmp/")
    cmd = sandbox_command(["python"], work=tmp_path / "w", hide=[], keep=[venv])
    tmpfs = cmd.index("/tmp", cmd.index("--tmpfs"))
    bound = cmd.index(str(venv))
    assert cmd[bound - 1] == "--ro-bind" and cmd[bound + 1] == str(venv) and bound > tmpfs


@needs_sandbox
def test_sandbox_reads_the_shared_font_list_and_cannot_change_it(tmp_path):
    # without it every sandbox rebuilt matplotlib's font list: about 1 s per notebook
    from nnteach.grading.sandbox import python_paths, shared_caches

    caches = shared_caches()
    assert len(caches) == 1
    ((host, inside),) = caches.items()
    before = host.read_bytes()
    probe = (
        "import json, logging, pathlib, matplotlib\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(message)s')\n"
        "import matplotlib.font_manager\n"
        f"path = pathlib.Path({inside!r})\n"
        "print('cache', matplotlib.get_cachedir())\n"
        "try:\n"
        "    path.write_text('{}')\n"
        "except OSError as error:\n"
        "    print('write refused', type(error).__name__)\n"
    )
    work = tmp_path / "w"
    work.mkdir()
    command = sandbox_command(
        [sys.executable, "-c", probe],
        work=work,
        hide=[Path.home()],
        keep=python_paths(),
        caches=caches,
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"cache {str(Path(inside).parent)}" in done.stdout
    assert "write refused" in done.stdout
    assert f"Using fontManager instance from {inside}" in done.stderr
    assert "generated new fontManager" not in done.stderr
    assert host.read_bytes() == before
