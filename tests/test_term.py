"""A grading term: roster, due dates, late policy, extensions, ``--only``, Canvas and Moodle.

One slow test class grades a real term (:func:`graded_term`): a roster of 8 for
exercise 01 where 2 students are missing, 2 are late (one within the cap, one
past "zero after 7 days"), 1 has an extension that makes them on time, and the
submission times come from nbgrader's ``timestamp.txt``, ``submissions.csv`` and
one file modification time. Only four notebooks run a kernel (a small notebook
that answers tasks 1.1 and 1.2 and skips TensorFlow: 2 of 8 points); the other
two submissions are invalid notebooks, which need no kernel. Then ``--only``
regrades one student. Every other test builds its gradebook from records
(no kernel): the policy arithmetic, the bad-input messages, Canvas and Moodle.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from nnteach.cli import main
from nnteach.grading.gradebook import save_result, write_gradebook
from nnteach.grading.lms import fill_canvas, moodle_table
from nnteach.grading.records import Gradebook, StudentResult
from nnteach.grading.report import ClassReport, wide_table
from nnteach.grading.runner import new_record
from nnteach.grading.sandbox import sandbox_problem
from nnteach.grading.term import (
    LatePolicy,
    Term,
    TermError,
    load_roster,
    load_term,
    parse_when,
)
from nnteach.grading.term_book import term_gradebook

ROOT = Path(__file__).resolve().parents[1]
EXERCISE = ROOT / "exercises" / "01_perceptron.ipynb"
SOLUTION = ROOT / "solutions" / "01_perceptron.ipynb"
needs_sandbox = pytest.mark.skipif(sandbox_problem() is not None, reason="no bubblewrap here")
NAME = "01_perceptron.ipynb"

ROSTER = """\
id,name,email,section,sis_user_id,sis_login_id,canvas_id
amy,Amy Lopez,amy@uni.example,A,S001,,101
ben,Ben Miller,ben@uni.example,A,S002,bmiller,102
cara,Cara Diaz,cara@uni.example,B,S003,,103
dana,Dana Kim,dana@uni.example,B,S004,,104
eli,Eli Cohen,eli@uni.example,A,S005,,105
fay,Fay Wong,fay@uni.example,B,S006,,106
gus,Gus Berg,,A,S007,,107
hana,Hana Sato,hana@uni.example,B,S008,,108
"""

# Due 2026-10-05 23:59 in Berlin (summer time, UTC+2) = 21:59 UTC.
TOML = """\
# The fixture term of tests/test_term.py
[course]
timezone = "Europe/Berlin"
roster = "roster.csv"
submission_times = "submissions.csv"

[late_policy]
percent_per_day = 10
cap = 30
zero_after_days = 7

[exercises.01]
due = 2026-10-05T23:59:00

[[extensions]]
student = "dana"
days = 3
reason = "accommodation"

[[extensions]]
student = "eli"
exercise = "01"
due = "2026-10-09 12:00 Europe/Berlin"
"""

SUBMISSIONS_CSV = """\
student,exercise,submitted_at
ben,01,2026-10-06T10:00:00+02:00
ben,01,2026-10-06T22:30:00+02:00
hana,01,2026-10-05T10:00:00Z
"""


def _small_notebook() -> nbformat.NotebookNode:
    """Exercise 01 with tasks 1.1 and 1.2 answered and no TensorFlow import: 2 of 8 points."""
    nb = nbformat.read(EXERCISE, as_version=4)
    solution = nbformat.read(SOLUTION, as_version=4)

    def index(notebook, grade_id):
        return next(
            i
            for i, c in enumerate(notebook.cells)
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id
        )

    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells[first].source = "import numpy as np\nfrom nnteach.checks import check"
    for grade_id in ("task-1-1", "task-1-2"):
        nb.cells[index(nb, grade_id)].source = solution.cells[index(solution, grade_id)].source
    return nb


def build_term(base: Path) -> types.SimpleNamespace:
    """The fixture term: grading.toml, roster.csv, submissions.csv and the submissions."""
    config = base / "config"
    config.mkdir(parents=True)
    (config / "roster.csv").write_text(ROSTER)
    (config / "grading.toml").write_text(TOML)
    (config / "submissions.csv").write_text(SUBMISSIONS_CSV)
    subs = base / "submissions"
    small = _small_notebook()
    for student, stamp in (
        ("amy", "2026-10-05 20:00:00.000000 UTC"),  # on time
        ("ben", None),  # submissions.csv: 22 h 31 min late
        ("cara", "2026-10-14 22:00:00.000000 UTC"),  # 9 days 1 min late: past 7 days
        ("dana", "2026-10-07 12:00:00.000000 UTC"),  # late without her 3-day extension
    ):
        nbformat.write(small, _path(subs / student / NAME))
        if stamp:
            (subs / student / "timestamp.txt").write_text(stamp + "\n")
    _path(subs / "eli" / NAME).write_bytes(b"")  # invalid; only a modification time
    october = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC).timestamp()
    os.utime(subs / "eli" / NAME, (october, october))
    _path(subs / "hana" / NAME).write_bytes(b"not json")  # invalid; submissions.csv
    return types.SimpleNamespace(config=config / "grading.toml", subs=subs)


def _path(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _grade(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nnteach", "grade", *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def graded_term(tmp_path_factory):
    base = tmp_path_factory.mktemp("term")
    term = build_term(base)
    out = base / "gradebook"
    run = _grade(str(term.subs), "--out", str(out), "--config", str(term.config),
                 "--workers", "2", cwd=base)  # fmt: skip
    return types.SimpleNamespace(**vars(term), base=base, out=out, run=run)


# student -> (status of the notebook, points before, penalty %, points after, days late, source)
EXPECTED = {
    "amy": ("graded", 2, 0, 2, 0, "timestamp.txt"),
    "ben": ("graded", 2, 10, 1.8, 1, "submissions.csv"),
    "cara": ("graded", 2, 100, 0, 10, "timestamp.txt"),
    "dana": ("graded", 2, 0, 2, 0, "timestamp.txt"),
    "eli": ("invalid notebook", 0, 0, 0, 0, "file modification time"),
    "fay": ("missing", 0, 0, 0, 0, ""),
    "gus": ("missing", 0, 0, 0, 0, ""),
    "hana": ("invalid notebook", 0, 0, 0, 0, "submissions.csv"),
}


@pytest.mark.slow
@needs_sandbox
def test_term_gradebook_rows_penalties_and_report_counts(graded_term):
    assert graded_term.run.returncode == 0, graded_term.run.stderr
    assert "Term: 2 late notebooks (penalties applied), 2 roster students missing; 1 submission " \
        "time from file modification times." in graded_term.run.stdout  # fmt: skip
    rows = _csv(graded_term.out / "grades.csv")
    assert [r["student"] for r in rows][::5] == list(EXPECTED)  # roster order, 5 tasks each
    for student, (status, before, penalty, after, days, source) in EXPECTED.items():
        mine = [r for r in rows if r["student"] == student]
        assert len(mine) == 5, student
        statuses = {r["status"] for r in mine}
        assert statuses <= ({"passed", "not attempted"} if status == "graded" else {status})
        assert sum(float(r["points_before_penalty"]) for r in mine) == pytest.approx(before)
        assert sum(float(r["points"]) for r in mine) == pytest.approx(after)
        assert {float(r["penalty_percent"]) for r in mine} == {penalty}
        assert {int(r["days_late"]) for r in mine} == {days}
        assert {r["submitted_from"] for r in mine} == {source}
    ben = next(r for r in rows if r["student"] == "ben")
    assert ben["late_by"] == "22 h 31 min"
    assert ben["submitted_at"] == "2026-10-06T22:30:00+02:00"  # the later line counts
    assert ben["due"] == "2026-10-05T23:59:00+02:00"
    cara = next(r for r in rows if r["student"] == "cara")
    assert cara["late_by"] == "9 days 1 min"
    dana = next(r for r in rows if r["student"] == "dana")
    assert dana["due"] == "2026-10-08T23:59:00+02:00" and dana["late_by"] == ""

    book = json.loads((graded_term.out / "grades.json").read_text())
    assert book["summary"]["students"] == 8
    assert book["summary"]["mean_points"] == pytest.approx((2 + 1.8 + 2) / 8, abs=1e-3)
    assert book["term"]["late_per_exercise"] == {"01": 2}
    assert book["term"]["missing_students"] == ["fay", "gus"]
    assert book["term"]["submitted_from"] == {
        "timestamp.txt": 3, "submissions.csv": 2, "file modification time": 1,
    }  # fmt: skip

    report = ClassReport.from_folder(graded_term.out)
    groups = {g.status: g.students for g in report.attention}
    assert groups["missing"] == ["fay", "gus"]
    assert groups["late"] == ["ben", "cara"]
    assert groups["invalid notebook"] == ["eli", "hana"]
    assert report.late_per_exercise == {"01": 2}
    page = (graded_term.out / "report.html").read_text()
    assert '<td class="n" data-late="2">2</td>' in page
    wide = list(csv.reader(io.StringIO((graded_term.out / "grades_wide.csv").read_text())))
    assert [row[0] for row in wide[1:]] == list(EXPECTED)
    assert [row[1] for row in wide[1:]] == ["2", "1.8", "0", "2", "0", "0", "0", "0"]

    feedback = (graded_term.out / "feedback" / "ben.html").read_text()
    assert "Deadline: <b>2026-10-05T23:59:00+02:00</b>" in feedback
    assert "Submitted: <b>2026-10-06T22:30:00+02:00</b> (from submissions.csv)" in feedback
    assert "Late penalty: 10% off" in feedback and "1.8 / 8" in feedback
    assert "10% off per started day late, at most 30%, 0 points after 7 days" in feedback
    fay_page = (graded_term.out / "feedback" / "fay.html").read_text()
    assert "<b>missing</b>: No notebook was submitted for this exercise." in fay_page
    dana_page = (graded_term.out / "feedback" / "dana.html").read_text()
    assert "(your extension of 3 days)" in dana_page and "On time: no penalty." in dana_page


@pytest.mark.slow
@needs_sandbox
def test_only_regrades_one_student_and_rebuilds_everything(graded_term):
    assert graded_term.run.returncode == 0, graded_term.run.stderr
    results = graded_term.out / "results"
    before = _digests(results)
    # hana resubmits a working notebook; eli's file changes too, but eli is not regraded
    nbformat.write(_small_notebook(), graded_term.subs / "hana" / NAME)
    (graded_term.subs / "eli" / NAME).write_bytes(b"{}")
    run = _grade(str(graded_term.subs), "--out", str(graded_term.out), "--config",
                 str(graded_term.config), "--only", "hana", cwd=graded_term.base)  # fmt: skip
    assert run.returncode == 0, run.stderr
    after = _digests(results)
    assert sorted(after) == sorted(before)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["hana.json"]
    rows = [r for r in _csv(graded_term.out / "grades.csv") if r["student"] == "hana"]
    assert sum(float(r["points"]) for r in rows) == 2
    assert {r["status"] for r in rows} == {"passed", "not attempted"}
    wide = list(csv.reader(io.StringIO((graded_term.out / "grades_wide.csv").read_text())))
    assert wide[-1][:2] == ["hana", "2"]
    report = ClassReport.from_folder(graded_term.out)
    assert {g.status: g.students for g in report.attention}["invalid notebook"] == ["eli"]
    assert "Grading only hana (--only); the results of 5 other student(s) are kept" in run.stderr
    assert "[1/1] hana: graded 2/8" in run.stderr


# --------------------------------------------------------------------------- #
# Without kernels
# --------------------------------------------------------------------------- #


def _graded(student: str, passed: set[str], exercise: str = "01") -> StudentResult:
    relative = f"{student}/{exercise}.ipynb"
    record = new_record(relative, exercise, status="graded")
    for task in record.tasks:
        record.update_task(
            task.task_id,
            status="passed" if task.task_id in passed else "failed",
            points=task.max_points if task.task_id in passed else 0.0,
        )
    return StudentResult(student, student, "folder", notebooks=[record])


def _term(tmp_path: Path) -> Term:
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "grading.toml").write_text(TOML)
    return load_term(tmp_path / "grading.toml")


def test_policy_arithmetic_two_exercises_and_extensions(tmp_path):
    term = _term(tmp_path)
    term.due["02"] = "2026-10-19T23:59:00+00:00"
    term.policies["02"] = LatePolicy(percent_per_day=25, cap=100)
    amy = _graded("amy", {"1.1", "1.2", "1.3", "1.4", "1.5"})  # 8 points
    amy.notebooks += _graded("amy", set(), "02").notebooks
    amy.notebooks[1].update_task("2.1", status="passed", points=2.0)
    term.files = {
        "amy": {
            "amy/01.ipynb": {"timestamp": "2026-10-08T21:00:00+00:00"},  # 2 d 23 h 1 min late
            "amy/02.ipynb": {"mtime": "2026-10-21T00:00:00+00:00"},  # 1 d 1 min late
        }
    }
    book = term_gradebook([amy], term)
    info = {i.exercise: i for i in book.students[0].lateness}
    assert (info["01"].days_late, info["01"].penalty_percent) == (3, 30.0)
    assert (info["02"].days_late, info["02"].penalty_percent) == (2, 50.0)
    amy_row = book.students[0]
    assert amy_row.exercise_points == {"01": pytest.approx(5.6), "02": pytest.approx(1.0)}
    assert amy_row.points == pytest.approx(6.6)
    assert amy_row.points_before_penalty == pytest.approx(10.0)
    # the other seven roster students: missing in both exercises
    assert [s.statuses for s in book.students[1:]] == [["missing"]] * 7
    assert book.summary.max_points == 8 + book.exercises["02"].max_points
    # eli's extension moves only exercise 01, to a new date
    assert term.due_for("eli", "01")[0].isoformat() == "2026-10-09T12:00:00+02:00"
    assert term.due_for("eli", "02")[0].isoformat() == "2026-10-19T23:59:00+00:00"
    assert term.due_for("dana", "02")[0].isoformat() == "2026-10-22T23:59:00+00:00"


def test_grace_minutes_and_zero_after():
    policy = LatePolicy(percent_per_day=5, cap=100, zero_after_days=2, grace_minutes=10)
    term = Term(due={"01": "2026-10-05T12:00:00+00:00"}, policy=policy)
    amy, ben = _graded("amy", {"1.1"}), _graded("ben", {"1.1"})
    term.files = {
        "amy": {"amy/01.ipynb": {"mtime": "2026-10-05T12:09:00+00:00"}},  # within grace
        "ben": {"ben/01.ipynb": {"mtime": "2026-10-07T12:00:01+00:00"}},  # day 3: zero
    }
    book = term_gradebook([amy, ben], term)
    assert [s.points for s in book.students] == [1.0, 0.0]
    assert book.to_dict()["term"]["late"] == [
        {"student": "ben", "exercise": "01", "notebook": "ben/01.ipynb",
         "detail": "2 days 1 min late; 100% off"}
    ]  # fmt: skip


def test_without_a_term_the_gradebook_is_unchanged(tmp_path):
    results = [_graded("amy", {"1.1"}), StudentResult("bob", "bob", "folder")]
    plain = write_gradebook(tmp_path / "a", results)
    assert (tmp_path / "a" / "grades.csv").read_text().splitlines()[0] == (
        "student,exercise,task,points,max_points,status,tampered"
    )
    stored = json.loads((tmp_path / "a" / "grades.json").read_text())
    assert plain.term is None and "term" not in stored
    assert "lateness" not in stored["students"][0]
    assert "points_before_penalty" not in stored["rows"][0]


def test_parse_when_forms():
    assert parse_when("2026-10-05T23:59:00Z").isoformat() == "2026-10-05T23:59:00+00:00"
    assert parse_when("2026-10-05 23:59", "Asia/Tokyo").isoformat() == "2026-10-05T23:59:00+09:00"
    assert parse_when(dt.date(2026, 10, 5)).isoformat() == "2026-10-05T23:59:59+00:00"
    assert parse_when("2026-10-05 21:58:10 +0100").isoformat() == "2026-10-05T21:58:10+01:00"
    for bad in ("next friday", "2026-13-01", "2026-10-05 23:59 Mars/Olympus"):
        with pytest.raises(ValueError):
            parse_when(bad)


# Each bad input: (file to write, its text, the words of the message)
BAD_INPUTS = {
    "roster id twice": (
        "roster.csv", ROSTER + "amy,Amy Again,,A,,,\n",
        "roster.csv, line 10: the id 'amy' is listed twice (first on line 2); remove or "
        "correct one of the two lines.",
    ),
    "unknown exercise": (
        "grading.toml", TOML.replace("[exercises.01]", "[exercises.07]"),
        "grading.toml, line 12: the course has no exercise '07'; use one of 01, 02, 03, 04, "
        "05, 06.",
    ),
    "unparsable date": (
        "grading.toml", TOML.replace("due = 2026-10-05T23:59:00", 'due = "5th of October"'),
        "grading.toml, line 13: due '5th of October' is not a date and time; write a date and "
        "time such as 2026-10-05T23:59:00 or \"2026-10-05 23:59 Europe/Berlin\".",
    ),
    "extension for an unknown student": (
        "grading.toml", TOML.replace('student = "dana"', 'student = "dora"'),
        "grading.toml, line 16: the extension is for 'dora', who is not on the roster",
    ),
    "unsafe roster id": (
        "roster.csv", ROSTER.replace("gus,", "Gus B,"),
        "roster.csv, line 8: the id 'Gus B' is not a safe file name; use 'Gus_B'",
    ),
    "bad late policy": (
        "grading.toml", TOML.replace("cap = 30", "cap = 130"),
        "grading.toml, line 9: cap is 130; write a percentage between 0 and 100.",
    ),
    "not TOML": (
        "grading.toml", TOML.replace('timezone = "Europe/Berlin"', "timezone = Europe/Berlin"),
        "grading.toml, line 3: it is not valid TOML",
    ),
    "submission time": (
        "submissions.csv", SUBMISSIONS_CSV + "amy,01,yesterday\n",
        "submissions.csv, line 5: submitted_at 'yesterday' is not a date and time",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_names_file_line_and_fix_and_writes_nothing(case, tmp_path, capsys):
    name, text, message = BAD_INPUTS[case]
    subs = tmp_path / "subs"
    _path(subs / "amy" / NAME).write_bytes(b"")
    for file, content in (("roster.csv", ROSTER), ("grading.toml", TOML),
                          ("submissions.csv", SUBMISSIONS_CSV)):  # fmt: skip
        (tmp_path / file).write_text(text if file == name else content)
    out = tmp_path / "gradebook"
    _path(out / "grades.csv").write_text("earlier grades\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    status = main(["grade", str(subs), "--out", str(out), "--config",
                   str(tmp_path / "grading.toml"), "--no-sandbox"])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2
    assert message in err, err
    assert err.count("\n") == 1  # one line, one sentence
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing written


def test_roster_and_only_messages(tmp_path, capsys):
    (tmp_path / "roster.csv").write_text("name,email\nAmy,a@x\n")
    with pytest.raises(TermError, match=r"roster.csv, line 1: the roster has no id column"):
        load_roster(tmp_path / "roster.csv")
    subs = tmp_path / "subs"
    _path(subs / "amy" / NAME).write_bytes(b"")
    status = main(["grade", str(subs), "--out", str(tmp_path / "out"), "--only", "amy,zed",
                   "--no-sandbox"])  # fmt: skip
    assert status == 2 and "--only: zed is neither in the submissions folder nor on the roster" \
        in capsys.readouterr().err  # fmt: skip
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- #
# Canvas and Moodle
# --------------------------------------------------------------------------- #

# A Canvas gradebook export as Canvas's guides describe it (docs/instructors.md cites them):
# identity columns, one "Name (assignment id)" column per assignment, read-only score
# columns, and a "Points Possible" row under the header.
CANVAS_EXPORT = """\
Student,ID,SIS User ID,SIS Login ID,Section,Perceptron (2201),Deep networks (2202),\
Current Score,Unposted Current Score,Final Score,Unposted Final Score
    Points Possible,,,,,8.00,10.00,(read only),(read only),(read only),(read only)
"Lopez, Amy",101,S001,amy,NN 101 A,,,,,,
"Miller, Ben",102,,bmiller,NN 101 A,,4.00,40,40,20,20
"Diaz, Cara",999,S003,cdiaz,NN 101 B,,,,,,
"=cmd|' /C calc'!A0",555,,mallory,NN 101 B,,,,,,
"Student, Test",9999,,teststudent,,,,,,,
"Wong, Fay",106,S006,fay,NN 101 B,,,,,,
"""


@pytest.fixture
def term_book(tmp_path):
    term = _term(tmp_path)
    term.files = {
        "amy": {"amy/01.ipynb": {"timestamp": "2026-10-05T20:00:00+00:00"}},
        "ben": {"ben/01.ipynb": {"timestamp": "2026-10-06T20:30:00+00:00"}},  # 10 % off
        "cara": {"cara/01.ipynb": {"timestamp": "2026-10-05T20:00:00+00:00"}},
    }
    results = [
        _graded("amy", {"1.1", "1.2", "1.3", "1.4", "1.5"}),
        _graded("ben", {"1.3", "1.4", "1.5"}),
        _graded("cara", {"1.1"}),
    ]
    out = tmp_path / "gradebook"
    write_gradebook(out, results, term)
    for result in results:
        save_result(out, result)
    term.save(out)
    return out


def test_canvas_round_trip_fills_only_the_assignment_column(term_book, tmp_path):
    template = tmp_path / "canvas_export.csv"
    template.write_bytes(b"\xef\xbb\xbf" + CANVAS_EXPORT.replace("\n", "\r\n").encode())
    out = tmp_path / "canvas_import.csv"
    summary = fill_canvas(term_book, template, out, exercise="01")
    assert summary.column == "Perceptron (2201)"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # as Canvas wrote it
    before = list(csv.reader(io.StringIO(template.read_bytes().decode("utf-8-sig"))))
    after = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(after) == len(before) and after[0] == before[0]
    column = before[0].index("Perceptron (2201)")
    for old, new in zip(before, after, strict=True):
        # same students, same order, every other cell as it was (the formula name is
        # neutralised, as in grades.csv)
        others = [c for i, c in enumerate(new) if i != column]
        expected = [("'" + c if c.startswith("=") else c) for i, c in enumerate(old) if i != column]
        assert others == expected
    cells = {row[0]: row[column] for row in after[1:]}
    assert cells == {
        "    Points Possible": "8.00",
        "Lopez, Amy": "8",  # SIS Login ID = the student id
        "Miller, Ben": "5.4",  # Canvas ID from the roster; 6 points, 10 % late
        "Diaz, Cara": "1",  # SIS User ID from the roster
        "'=cmd|' /C calc'!A0": "",
        "Student, Test": "",
        "Wong, Fay": "0",  # missing: 0
    }
    assert summary.unmatched_rows == [
        repr("=cmd|' /C calc'!A0") + " (ID 555)",
        "'Student, Test' (ID 9999)",
    ]
    assert summary.unmatched_students == ["dana", "eli", "gus", "hana"]
    text = "\n".join(summary.lines())
    assert "4 graded student(s) are not in the file: dana, eli, gus, hana." in text


def test_canvas_command_line_and_its_errors(term_book, tmp_path, capsys):
    template = tmp_path / "canvas_export.csv"
    template.write_text(CANVAS_EXPORT)
    assert main(["export", "canvas", "--gradebook", str(term_book), "--template",
                 str(template)]) == 2  # fmt: skip
    assert "the template has 2 assignment columns ('Perceptron (2201)', 'Deep networks (2202)')" \
        in capsys.readouterr().err  # fmt: skip
    assert not (term_book / "canvas_import.csv").exists()
    assert main(["export", "canvas", "--gradebook", str(term_book), "--template", str(template),
                 "--column", "Perceptron (2201)"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "filled into the column 'Perceptron (2201)'" in out.replace(
        "student(s) filled", "filled"
    )
    assert "left as they were" in out and "dana, eli, gus, hana" in out
    total = list(csv.reader(open(term_book / "canvas_import.csv", newline="")))
    assert total[2][5] == "8"  # the total: amy's 8 points
    onto_template = ["--out", str(template), "--column", "Perceptron (2201)"]
    assert main(["export", "canvas", "--gradebook", str(term_book), "--template",
                 str(template), *onto_template]) == 2  # fmt: skip
    assert template.read_text() == CANVAS_EXPORT


def test_moodle_export(term_book, tmp_path, capsys):
    out = tmp_path / "moodle.csv"
    assert main(["export", "moodle", "--gradebook", str(term_book), "--out", str(out)]) == 0
    rows = list(csv.reader(open(out, newline="")))
    assert rows[0] == ["Email address", "Full name", "Exercise 01: The perceptron", "Total"]
    assert rows[1:4] == [
        ["amy@uni.example", "Amy Lopez", "8", "8"],
        ["ben@uni.example", "Ben Miller", "5.4", "5.4"],
        ["cara@uni.example", "Cara Diaz", "1", "1"],
    ]
    assert [r[0] for r in rows[1:]] == [
        "amy@uni.example", "ben@uni.example", "cara@uni.example", "dana@uni.example",
        "eli@uni.example", "fay@uni.example", "hana@uni.example",
    ]  # fmt: skip
    assert "gus" in capsys.readouterr().out  # no e-mail: listed, not written
    book = Gradebook.from_dict(json.loads((term_book / "grades.json").read_text()))
    book.students[0].student = "=1+1"
    table, _, _ = moodle_table(book, None, "username")
    assert table[1][0] == "=1+1"  # the table; the file neutralises it
    assert main(["export", "moodle", "--gradebook", str(term_book), "--out", str(out),
                 "--identify-by", "idnumber"]) == 0  # fmt: skip
    assert list(csv.reader(open(out, newline="")))[1][0] == "S001"


def test_report_and_wide_csv_with_a_term(term_book):
    report = ClassReport.from_folder(term_book)
    groups = {g.status: g.students for g in report.attention}
    assert groups["late"] == ["ben"]
    assert groups["missing"] == ["dana", "eli", "fay", "gus", "hana"]
    assert report.late_per_exercise == {"01": 1}
    table = wide_table(report.gradebook)
    assert [row[:2] for row in table[1:4]] == [["amy", "8"], ["ben", "5.4"], ["cara", "1"]]


def test_command_line_options_override_the_course_file(tmp_path):
    from nnteach.cli import build_parser
    from nnteach.grading.term_cli import read_only_list, term_from_args

    term = _term(tmp_path)  # writes roster.csv and grading.toml
    (tmp_path / "ids.txt").write_text("# regrade after the fix\nhana\nben  # resubmitted\n")
    args = build_parser().parse_args([
        "grade", "subs", "--out", "book", "--config", str(tmp_path / "grading.toml"),
        "--late-per-day", "5", "--zero-after", "3", "--due", "01=2026-10-06T12:00",
        "--extension", "gus:01=2", "--only", "amy", "--only-file", str(tmp_path / "ids.txt"),
    ])  # fmt: skip
    term = term_from_args(args)
    assert (term.policy.percent_per_day, term.policy.cap, term.policy.zero_after_days) == (5, 30, 3)
    assert term.due["01"] == "2026-10-06T12:00:00+02:00"  # the file's time zone
    assert term.due_for("gus", "01")[0].isoformat() == "2026-10-08T12:00:00+02:00"
    assert read_only_list(args) == ["amy", "hana", "ben"]
    no_term = build_parser().parse_args(["grade", "subs", "--out", "book"])
    assert term_from_args(no_term) is None and read_only_list(no_term) is None
    bad = build_parser().parse_args(["grade", "s", "--out", "b", "--extension", "zed=2",
                                     "--roster", str(tmp_path / "roster.csv")])  # fmt: skip
    with pytest.raises(TermError, match="the extension is for 'zed', who is not on the roster"):
        term_from_args(bad)
