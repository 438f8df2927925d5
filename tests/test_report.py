"""The class report (``report.html``), ``grades_wide.csv`` and ``nnteach report``.

Most tests build a class from records directly (:func:`fake_class`): a
folder-layout class of 14 students on exercises 01 and 02 with diagnosed and
undiagnosed mistakes, every status that needs attention, and two hostile
names. One test grades three real notebooks (the full solution, and two with
diagnosed mistakes) to check that mistake ids travel from the kernel to
``results/<student>.json``, ``grades.json`` and the report. The browser test
opens the report in headless Chromium (like ``test_browser.py``) and refreshes
``docs/img/class_report.png`` only when ``NNTEACH_UPDATE_SCREENSHOT=1``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from nnteach.grading.gradebook import save_result, write_gradebook
from nnteach.grading.records import StudentResult
from nnteach.grading.report import (
    CHART_STATUSES,
    NOT_CHECKED,
    REPORT_FILE,
    WIDE_CSV_FILE,
    ClassReport,
    plot_scores,
    plot_task_statuses,
    plot_times,
    render_report,
    wide_table,
    write_report,
)
from nnteach.grading.runner import new_record
from nnteach.style import STATUS_STYLES

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "img" / "class_report.png"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'

# mistake id -> the check's message (as the checks word them)
MESSAGES = {
    "1.1/no-bias": "`neuron_output(x, w, b)` leaves out the bias: the result is the weighted "
    "sum alone.",
    "1.1/bias-per-input": "`neuron_output(x, w, b)` adds the bias once per input; a neuron "
    "adds it once.",
    "1.2/rows-swapped": "`weights` has the right numbers in the wrong rows.",
    "1.2/transposed-kernel": "`weights` has shape (1, 3), expected one row per input and one "
    "column per unit: (3, 1).",
    "1.3/wrong-activation": "`perceptron`'s neuron uses the 'relu' activation, expected a sigmoid.",
    "1.4/strict-comparison": "`binary_step(x)` returns 0 at x = 0; in this course the step "
    "fires at 0 (1 where x >= 0).",
    "1.4/returns-booleans": "`binary_step(x)` returns booleans (True/False); an activation "
    "must return numbers.",
    "1.4/sign-not-step": "`binary_step(x)` returns -1 for negative inputs; a step returns 0 "
    "there (keras.ops.sign is not a step).",
    "2.1/absolute-value": "`relu(x)` returns |x|: negative inputs become positive, but ReLU "
    "gives 0 there.",
    "2.2/relu-on-output": "`forward(X, params)` applies ReLU to the output layer too; the last "
    "layer uses the sigmoid.",
    "2.2/no-bias": "`forward(X, params)` leaves out the biases.",
}
UNDIAGNOSED = {
    "1.1": "`neuron_output(x, w, b)` gives a wrong value for random inputs x and w of length 3.",
    "1.5": f"`least_squares(X, y)` raised ValueError: {SCRIPT}",
    "2.2": "`forward(X, params)` raised IndexError: list index out of range.",
}

# student -> {exercise: spec}; a spec maps a task to "fail" (undiagnosed),
# "fail:<slug>" (diagnosed), "skip" (not attempted) or "error"; other tasks pass.
# A string spec is a notebook status; None means no notebook (missing).
CLASS = {
    "ada": {"01": {}, "02": {}},
    "ben": {"01": {"1.1": "fail:no-bias", "1.4": "fail:strict-comparison"},
            "02": {"2.1": "fail:absolute-value"}},
    "cleo": {"01": {"1.1": "fail:no-bias", "1.2": "fail:rows-swapped",
                    "1.4": "fail:strict-comparison"}, "02": {"2.2": "fail:relu-on-output"}},
    "dev": {"01": {"1.1": "fail:no-bias", "1.2": "fail:rows-swapped", "1.5": "skip"},
            "02": {"2.2": "fail:relu-on-output", "2.5": "skip"}},
    "emma": {"01": {"1.1": "fail:no-bias", "1.4": "fail:strict-comparison"},
             "02": {"2.2": "fail:relu-on-output", "2.4": "skip", "2.5": "skip"}},
    "finn": {"01": {"1.1": "fail:bias-per-input", "1.4": "fail:returns-booleans"},
             "02": "timeout"},
    "gus": {"01": {"1.2": "fail:transposed-kernel", "1.4": "fail:strict-comparison",
                   "1.5": "fail"}, "02": {"2.2": "fail", "2.3": "skip"}},
    "hana": {"01": {"1.1": "fail", "1.2": "fail:rows-swapped"}, "02": None},
    "ivo": {"01": {"1.3": "fail:wrong-activation", "1.4": "fail:sign-not-step"},
            "02": "kernel died"},
    "jade": {"01": {"1.4": "fail:strict-comparison", "1.5": "error"},
             "02": {"2.1": "fail:absolute-value", "2.2": "fail:no-bias"}},
    "kai": {"01": "invalid notebook", "02": "out of memory"},
    "lea": {"01": {"1.2": "fail:transposed-kernel", "1.4": "fail:returns-booleans"},
            "02": {"2.2": "fail:relu-on-output"}},
    SCRIPT: {"01": {"1.1": "fail", "1.5": "fail"}, "02": {t: "skip" for t in
             ("2.1", "2.2", "2.3", "2.4", "2.5")}},
    FORMULA: {"01": {t: "skip" for t in ("1.3", "1.4", "1.5")}, "02": {"2.4": "skip"}},
}  # fmt: skip
TAMPERED = {"cleo": ["check cell check-1-2 was edited"]}
NAMES = {"01": "01_perceptron.ipynb", "02": "02_deep_networks.ipynb"}


def _notebook(student: str, exercise: str, spec, index: int):
    relative = f"{student}/{NAMES[exercise]}"
    if isinstance(spec, str):
        seconds = {"timeout": 300.0, "kernel died": 4.2, "out of memory": 21.0}.get(spec, 0.0)
        detail = {"timeout": "the cells ran longer than 300 s"}.get(spec, f"{SCRIPT} detail")
        return new_record(relative, exercise, status=spec, detail=detail, seconds=seconds)
    record = new_record(relative, exercise, status="graded", seconds=8.0 + 3.7 * index)
    record.sha256 = f"{index:064x}"
    for task in record.tasks:
        kind = spec.get(task.task_id, "pass")
        if kind == "pass":
            record.update_task(task.task_id, status="passed", points=task.max_points)
        elif kind == "skip":
            record.update_task(task.task_id, status="not attempted", message="")
        elif kind == "error":
            message = "The check raised KeyError: 'seed'."
            record.update_task(task.task_id, status="error", message=message)
        else:
            mistake = f"{task.task_id}/{kind[5:]}" if kind.startswith("fail:") else ""
            message = MESSAGES.get(mistake) or UNDIAGNOSED[task.task_id]
            record.update_task(
                task.task_id, status="failed", hint="Look again.", mistake=mistake, message=message
            )
    record.tamper_reasons = list(TAMPERED.get(student, [])) if exercise == "01" else []
    return record


def fake_class() -> list[StudentResult]:
    """The :data:`CLASS` as records, as ``nnteach grade`` would have stored them."""
    results = []
    for index, (student, exercises) in enumerate(CLASS.items()):
        notebooks = [
            _notebook(student, exercise, spec, index)
            for exercise, spec in exercises.items()
            if spec is not None
        ]
        result = StudentResult(student, student, "folder", graded_at="2026-12-04T10:00:00+0000")
        result.notebooks = notebooks
        results.append(result)
    return results


@pytest.fixture
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def report() -> ClassReport:
    return ClassReport.from_results(fake_class())


@pytest.fixture(scope="module")
def page(report) -> str:
    return render_report(report)


# --------------------------------------------------------------------------- #
# The numbers equal the gradebook's
# --------------------------------------------------------------------------- #


def test_task_status_counts_equal_the_gradebook_rows(report):
    rows = Counter((r.exercise, r.task, r.status) for r in report.gradebook.rows)
    assert len(report.tasks) == 10
    for task in report.tasks:
        key = (task.exercise, task.task_id)
        expected = {s: n for (e, t, s), n in rows.items() if (e, t) == key}
        assert task.statuses == expected, task.task_id
        chart = task.chart_counts
        assert sum(chart.values()) == len(CLASS)  # one row per student and task
        assert chart[NOT_CHECKED] == sum(n for s, n in expected.items() if s not in STATUS_STYLES)
    by_id = {task.task_id: task for task in report.tasks}
    assert by_id["1.1"].chart_counts == {
        "passed": 6, "failed": 7, "not attempted": 0, "error": 0, NOT_CHECKED: 1,
    }  # fmt: skip
    assert by_id["2.5"].chart_counts[NOT_CHECKED] == 4  # timeout, kernel died, oom, missing
    assert by_id["1.5"].chart_counts["error"] == 1


def test_mistakes_are_grouped_on_their_id_and_ranked(report):
    # an independent count from the records
    expected: Counter = Counter()
    for result in fake_class():
        for nb in result.notebooks:
            for task in nb.tasks:
                if nb.status == "graded" and task.status == "failed":
                    expected[task.task_id, task.mistake] += 1
    found = Counter()
    for task in report.tasks:
        for group in task.mistakes:
            found[task.task_id, group.mistake] = group.count
            assert group.message == MESSAGES[group.mistake]
        if task.undiagnosed:
            found[task.task_id, ""] = task.undiagnosed.count
        counts = [group.count for group in task.mistakes]
        assert counts == sorted(counts, reverse=True)
    assert found == expected
    by_id = {task.task_id: task for task in report.tasks}
    assert [(g.mistake, g.count) for g in by_id["1.4"].mistakes] == [
        ("1.4/strict-comparison", 5),
        ("1.4/returns-booleans", 2),
        ("1.4/sign-not-step", 1),
    ]
    assert by_id["1.1"].undiagnosed.students == ["<script>alert(1)</script>", "hana"]
    assert by_id["1.3"].undiagnosed is None
    top = [(task.task_id, group.mistake, group.count) for task, group in report.top_mistakes(3)]
    assert top == [("1.4", "1.4/strict-comparison", 5), ("1.1", "1.1/no-bias", 4),
                   ("2.2", "2.2/relu-on-output", 4)]  # fmt: skip


def test_mistakes_group_on_the_id_not_the_message():
    results = fake_class()
    # the same diagnosis worded differently (a check's text was improved between runs)
    ben = next(r for r in results if r.student == "ben")
    ben.notebooks[0].update_task("1.4", message="`binary_step` is 0 at 0 (reworded).")
    task = {t.task_id: t for t in ClassReport.from_results(results).tasks}["1.4"]
    strict = task.mistakes[0]
    assert (strict.mistake, strict.count) == ("1.4/strict-comparison", 5)
    assert strict.message == MESSAGES["1.4/strict-comparison"]  # the most frequent wording


def test_attention_lists_each_status_with_its_students(report):
    groups = {group.status: group.students for group in report.attention}
    assert groups == {
        "timeout": ["finn"],
        "out of memory": ["kai"],
        "kernel died": ["ivo"],
        "invalid notebook": ["kai"],
        "missing": ["hana"],
        "tampered": ["cleo"],
        "check could not run": ["jade"],
    }
    notebooks = report.gradebook.summary.notebooks
    for status in ("timeout", "out of memory", "kernel died", "invalid notebook", "missing"):
        assert len(groups[status]) == notebooks[status]
    assert [s.student for s in report.gradebook.students if s.tampered] == ["cleo"]
    assert list(groups) == [  # the order of the gradebook's statuses, then the flags
        "timeout", "out of memory", "kernel died", "invalid notebook", "missing", "tampered",
        "check could not run",
    ]  # fmt: skip


def test_scores_and_times(report):
    students = {s.student: s.points for s in report.gradebook.students}
    assert report.scores == students and report.max_points == 17
    assert report.scores["ada"] == 17 and report.scores["kai"] == 0
    ran = [t for t in report.times if t.status == "graded"]
    assert sum(t.stopped for t in report.times) == 3
    assert len(ran) == 23 and {t.status for t in report.times} == {
        "graded", "timeout", "kernel died", "out of memory",
    }  # fmt: skip


# --------------------------------------------------------------------------- #
# The page
# --------------------------------------------------------------------------- #


def _data(page: str, selector: str) -> list[tuple[str, int]]:
    pattern = selector + r' data-mistake="([^"]*)" data-count="(\d+)"'
    return [(mistake, int(n)) for mistake, n in re.findall(pattern, page)]


def test_page_shows_the_report_counts(report, page):
    # status table: one cell per task and chart status
    for task in report.tasks:
        row = re.search(rf'<tr data-task="{task.exercise}:{task.task_id}">(.*?)</tr>', page, re.S)
        cells = dict(re.findall(r'data-status="([^"]+)">(\d+)<', row.group(1)))
        assert {s: int(n) for s, n in cells.items()} == task.chart_counts
        assert list(cells) == list(CHART_STATUSES)
    # mistakes, ranked, per task
    for task in report.tasks:
        section = re.search(
            rf'<section class="task" data-task="{task.exercise}:{task.task_id}">(.*?)</section>',
            page,
            re.S,
        ).group(1)
        shown = _data(section, '<tr class="(?:mistake|undiagnosed)"')
        expected = [(g.mistake, g.count) for g in task.mistakes]
        expected += [("", task.undiagnosed.count)] if task.undiagnosed else []
        assert shown == expected, task.task_id
    assert _data(page, "<li")[:3] == [("1.4/strict-comparison", 5), ("1.1/no-bias", 4),
                                      ("2.2/relu-on-output", 4)]  # fmt: skip
    attention = re.findall(r'<section class="attention" id="attention-\d+" data-status="([^"]+)" '
                           r'data-count="(\d+)"', page)  # fmt: skip
    assert [(s, int(n)) for s, n in attention] == [
        (g.status, len(g.students)) for g in report.attention
    ]


def test_page_is_self_contained_and_escapes_students(page):
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page  # the page runs no code at all
    assert "&lt;script&gt;alert(1)&lt;/script&gt; detail" in page  # a notebook's detail
    # every resource is inline: images are data URIs, no stylesheet or script is fetched
    sources = re.findall(r'\ssrc="([^"]+)"', page)
    assert len(sources) == 3 and all(s.startswith("data:image/png;base64,") for s in sources)
    assert not re.search(r"<link\b|@import|url\(", page)
    links = re.findall(r'href="([^"]+)"', page)
    assert all(not re.match(r"[a-z]+:", link) for link in links)  # relative only
    assert "feedback/%3Cscript%3Ealert%281%29%3C/script%3E.html" in page


def test_charts_use_the_course_statuses_and_colours(report, close_figures):
    from matplotlib.colors import to_hex

    ax = plot_task_statuses(report)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == list(CHART_STATUSES)
    bars = ax.containers
    assert len(bars) == 5 and all(len(c) == len(report.tasks) for c in bars)
    for status, container in zip(CHART_STATUSES[:4], bars, strict=False):
        assert to_hex(container[0].get_facecolor()) == STATUS_STYLES[status].colour.lower()
    assert bars[4][0].get_hatch() == "///"
    widths = [sum(c[i].get_width() for c in bars) for i in range(len(report.tasks))]
    assert widths == [len(CLASS)] * len(report.tasks)
    ax = plot_scores(report)
    assert sum(p.get_height() for p in ax.patches) == len(CLASS)
    ax = plot_times(report)
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(report.times)


def test_empty_class_renders():
    page = render_report(ClassReport.from_results([]))
    assert "No diagnosed mistakes." in page and "No notebook ran." in page


# --------------------------------------------------------------------------- #
# The CSV files
# --------------------------------------------------------------------------- #


def _csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_wide_csv_one_row_per_student_and_formulas_neutralised(tmp_path):
    results = fake_class()
    write_gradebook(tmp_path, results)
    write_report(tmp_path, results)
    wide = _csv(tmp_path / WIDE_CSV_FILE)
    assert wide[0] == [
        "student",
        "01 The perceptron (8 points)",
        "02 Deep networks (9 points)",
        "total (17 points)",
    ]
    rows = {row[0]: row[1:] for row in wide[1:]}
    assert len(rows) == len(CLASS)
    assert rows["ada"] == ["8", "9", "17"]
    assert rows["ben"] == ["5", "8", "13"]
    assert rows["hana"] == ["6", "0", "6"]  # exercise 02 missing: 0, as in grades.csv
    assert rows["kai"] == ["0", "0", "0"]
    book = json.loads((tmp_path / "grades.json").read_text())
    totals = {s["student"]: s["points"] for s in book["students"]}
    for student, cells in rows.items():
        name = student[1:] if student.startswith("'") else student
        assert float(cells[-1]) == totals[name]
        assert sum(float(c) for c in cells[:-1] if c) == totals[name]
    # the formula-looking name is text in both files; the script is plain text in a CSV
    assert "'" + FORMULA in rows and FORMULA not in rows and SCRIPT in rows
    narrow = _csv(tmp_path / "grades.csv")
    names = {row[0] for row in narrow[1:]}
    assert "'" + FORMULA in names and FORMULA not in names
    for table in (wide, narrow):
        for row in table:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert FORMULA in totals  # grades.json keeps the real name


def test_wide_table_leaves_unsubmitted_exercises_empty():
    one = StudentResult("amy", "amy.ipynb", "file", notebooks=[new_record("amy.ipynb", "01")])
    two = StudentResult("bo", "bo.ipynb", "file", notebooks=[new_record("bo.ipynb", "02")])
    from nnteach.grading.gradebook import build_gradebook

    table = wide_table(build_gradebook([one, two]))
    assert table[1:] == [["amy", "0", "", "0"], ["bo", "", "0", "0"]]
    cell = wide_table(build_gradebook([StudentResult("-2+3", "x", "file")]))[1][0]
    assert cell == "'-2+3"


# --------------------------------------------------------------------------- #
# nnteach report
# --------------------------------------------------------------------------- #


def test_nnteach_report_rebuilds_from_the_result_files(tmp_path, capsys):
    from nnteach.cli import main

    # real student ids are safe file names (sanitize_student_id): the one with a "/" stays out
    saved = [result for result in fake_class() if "/" not in result.student]
    for result in saved:
        save_result(tmp_path, result)
    assert main(["report", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert REPORT_FILE in out and WIDE_CSV_FILE in out
    page = (tmp_path / REPORT_FILE).read_text(encoding="utf-8")
    assert 'data-mistake="1.4/strict-comparison" data-count="5"' in page
    assert len(_csv(tmp_path / WIDE_CSV_FILE)) == len(saved) + 1
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))


def test_nnteach_report_usage_errors(tmp_path):
    def report(*args):
        return subprocess.run(
            [sys.executable, "-m", "nnteach", "report", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    missing = report(str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "nope: no such gradebook folder" in missing.stderr
    assert "--out folder of `nnteach grade`" in missing.stderr
    empty = report(str(tmp_path))
    assert empty.returncode == 2 and "holds no student results" in empty.stderr
    assert "nnteach grade SUBMISSIONS --out" in empty.stderr
    assert not (tmp_path / REPORT_FILE).exists()


def test_mistake_ids_survive_the_result_files(tmp_path):
    save_result(tmp_path, fake_class()[1])
    stored = json.loads((tmp_path / "results" / "ben.json").read_text())
    tasks = stored["notebooks"][0]["tasks"]
    assert [t["mistake"] for t in tasks] == ["1.1/no-bias", "", "", "1.4/strict-comparison", ""]
    write_gradebook(tmp_path, [StudentResult.from_dict(stored)])
    book = json.loads((tmp_path / "grades.json").read_text())
    task = book["students"][0]["notebooks"][0]["tasks"][0]
    assert (task["mistake"], task["message"]) == ("1.1/no-bias", MESSAGES["1.1/no-bias"])


# --------------------------------------------------------------------------- #
# A real grading run and a real browser
# --------------------------------------------------------------------------- #


@pytest.mark.slow
def test_grade_writes_the_report_with_the_kernels_mistake_ids(tmp_path):
    from tests.test_grading import EXERCISE, SOLUTION, _answer, _read, _write

    submissions, out = tmp_path / "subs", tmp_path / "book"
    submissions.mkdir()
    (submissions / "full.ipynb").write_bytes(SOLUTION.read_bytes())
    nb = _read(SOLUTION)
    _answer(nb, "task-1-1", "def neuron_output(x, w, b):\n    return float(np.dot(x, w))")
    _answer(nb, "task-1-4", "def binary_step(x):\n    return keras.ops.cast(x > 0, x.dtype)")
    _write(nb, submissions / "nobias.ipynb")
    nb = _read(EXERCISE)
    _answer(nb, "task-1-1", "def neuron_output(x, w, b):\n    return float(np.dot(x, w))")
    _write(nb, submissions / "early.ipynb")
    args = [str(submissions), "--out", str(out), "--workers", "2", "--timeout", "300"]
    from nnteach.grading.sandbox import sandbox_problem

    if sandbox_problem() is not None:
        args.append("--no-sandbox")
    run = subprocess.run(
        [sys.executable, "-m", "nnteach", "grade", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    tasks = json.loads((out / "results" / "nobias.json").read_text())["notebooks"][0]["tasks"]
    mistakes = {t["task_id"]: t["mistake"] for t in tasks}
    assert mistakes == {"1.1": "1.1/no-bias", "1.2": "", "1.3": "", "1.4": "1.4/strict-comparison",
                        "1.5": ""}  # fmt: skip
    book = json.loads((out / "grades.json").read_text())
    by_student = {s["student"]: s for s in book["students"]}
    assert by_student["nobias"]["notebooks"][0]["tasks"][0]["mistake"] == "1.1/no-bias"
    page = (out / REPORT_FILE).read_text(encoding="utf-8")
    assert 'data-mistake="1.1/no-bias" data-count="2"' in page
    assert 'data-mistake="1.4/strict-comparison" data-count="1"' in page
    rows = {row[0]: row for row in _csv(out / WIDE_CSV_FILE)[1:]}
    assert rows["full"][1:] == ["8", "8"] and rows["nobias"][1:] == ["5", "5"]


@pytest.mark.browser
@pytest.mark.slow
def test_report_opens_offline_in_a_browser(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from tests._browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    results = fake_class()
    write_gradebook(tmp_path, results)
    path = write_report(tmp_path, results)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 1400}, offline=True)
            page = context.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: problems.append(f"a dialog opened: {d.message}"))
            page.goto(path.as_uri())
            for chart in ("#chart-scores", "#chart-statuses", "#chart-times"):
                image = page.locator(chart)
                expect(image).to_be_visible()
                page.wait_for_function(
                    "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
                )
            top = page.locator("#top-mistakes li")
            expect(top).to_have_count(5)
            expect(top.first).to_contain_text("5 students")
            expect(top.first).to_contain_text("1.4/strict-comparison")
            ranked = page.locator('section.task[data-task="01:1.4"] tr.mistake')
            expect(ranked).to_have_count(3)
            expect(ranked.nth(0)).to_contain_text("strict-comparison")
            expect(ranked.nth(2)).to_contain_text("sign-not-step")
            expect(page.get_by_text(SCRIPT).first).to_be_attached()  # shown as text
            expect(page.locator('section.attention[data-status="timeout"]')).to_contain_text("finn")
            assert problems == []
            assert all(url.startswith(("file:", "data:")) for url in requests), requests
            shot = (
                SCREENSHOT
                if os.environ.get("NNTEACH_UPDATE_SCREENSHOT") == "1"
                else tmp_path / SCREENSHOT.name
            )
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size({"width": 1100, "height": 1250})
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 50_000
        finally:
            browser.close()
