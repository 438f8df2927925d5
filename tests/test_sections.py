"""Sections as addresses: every task and mistake names a lesson section that exists.

The table lives in :mod:`nnteach.checks.sections`. These tests fail when a task
or a mistake id has no entry (a new task, a new diagnosed mistake), when an
entry names a heading that the lesson no longer has (a heading renamed, a
lesson split), or when the site gives a heading another id than JupyterLab. The
mistake ids are read from the checks' source (``tests/_mistake_ids.py``), so a
new one needs no change here.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import nbformat

from nnteach.checks import CheckResult, check, exercises
from nnteach.checks.sections import (
    MISTAKES,
    TASK_SECTIONS,
    Section,
    forget,
    heading_id,
    heading_text,
    section_for,
    site_base,
)
from nnteach.style import STATUS_STYLES
from tests._mistake_ids import mistake_ids

ROOT = Path(__file__).resolve().parents[1]


def _lesson_anchors(notebook: str) -> dict[str, str]:
    """Anchor -> heading text, for every Markdown heading of ``course/<notebook>.ipynb``."""
    path = ROOT / "course" / f"{notebook}.ipynb"
    if not path.is_file():
        return {}
    anchors = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if match:
                text = heading_text(match.group(1))
                anchors[heading_id(text)] = text
    return anchors


def _sections() -> dict[str, Section]:
    """Every section the table names, keyed by who names it."""
    named = {f"task {task}": section for task, section in TASK_SECTIONS.items()}
    named.update({f"mistake {m}": entry.section for m, entry in MISTAKES.items() if entry.section})
    return named


# --- every task and every mistake has an entry ------------------------------------------------


def test_every_task_names_a_section():
    tasks = [task.id for exercise in exercises() for task in exercise]
    missing = [task for task in tasks if task not in TASK_SECTIONS]
    assert not missing, (
        f"Tasks without a lesson section in nnteach/checks/sections.py TASK_SECTIONS: {missing}"
    )
    unknown = sorted(set(TASK_SECTIONS) - set(tasks))
    assert not unknown, f"TASK_SECTIONS names tasks that do not exist: {unknown}"


def test_every_mistake_id_has_a_second_hint_and_a_section():
    found = set().union(*mistake_ids().values())
    assert len(found) > 100  # the scan finds the checks' ids (167 on 2026-12-07)
    missing = sorted(found - set(MISTAKES))
    assert not missing, (
        "Mistake ids without an entry (a second hint, and a section where the task's is not "
        f"the best) in nnteach/checks/sections.py MISTAKES: {missing}"
    )
    stale = sorted(set(MISTAKES) - found)
    assert not stale, f"MISTAKES has entries for ids no check reports any more: {stale}"
    for mistake in found:
        task = mistake.split("/")[0]
        assert section_for(task, mistake) is not None, mistake
        assert len(MISTAKES[mistake].second_hint) > 30, mistake


def test_the_scan_finds_ids_written_both_ways():
    ids = mistake_ids()
    assert "1.1/no-bias" in ids["1.1"]  # fail(..., mistake="no-bias")
    assert "2.2/relu-on-output" in ids["2.2"]  # ("message", "relu-on-output"): value
    assert "5.3/counts-from-zero" in ids["5.3"]  # (test, message, "counts-from-zero")
    assert "2.4/untrained" in ids["2.4"] and "2.4/accuracy-too-low" in ids["2.4"]  # a if c else b
    assert not any(m.endswith("/height") for m in ids.get("6.2", ()))  # feature names are no ids


def test_a_second_hint_never_quotes_the_first():
    for mistake, entry in MISTAKES.items():
        task = mistake.split("/")[0]
        first = next(t.hint for e in exercises() for t in e if t.id == task)
        assert entry.second_hint.strip() != first.strip(), mistake


# --- every section exists: in the notebook and on the site ------------------------------------


def test_every_section_is_a_heading_of_its_lesson():
    wrong = []
    for who, section in _sections().items():
        anchors = _lesson_anchors(section.notebook)
        if not anchors:
            wrong.append(f"{who}: no lesson course/{section.notebook}.ipynb")
        elif section.anchor not in anchors:
            wrong.append(f"{who}: course/{section.notebook}.ipynb has no heading {section.title!r}")
    assert not wrong, "\n".join(wrong)


def test_every_section_has_its_anchor_on_the_built_site(built_site):
    wrong = []
    for who, section in _sections().items():
        page = built_site / "course" / f"{section.notebook}.html"
        text = page.read_text(encoding="utf-8") if page.is_file() else ""
        if f'id="{html.escape(section.anchor, quote=True)}"' not in text:
            wrong.append(f"{who}: no id {section.anchor!r} in {page.name}")
    assert not wrong, "\n".join(wrong)


def test_site_heading_ids_are_jupyterlabs(built_site):
    """Every heading on every lesson page has JupyterLab's id: its text, spaces as '-'."""
    heading = re.compile(
        r'<h[1-6] id="(?P<id>[^"]*)">(?P<inner>.*?)<a class="anchor-link" href="#(?P<href>[^"]*)"',
        re.S,
    )
    seen = 0
    for page in sorted((built_site / "course").glob("*.html")):
        for match in heading.finditer(page.read_text(encoding="utf-8")):
            text = html.unescape(re.sub(r"<[^>]+>", "", match["inner"])).strip()
            assert html.unescape(match["id"]) == text.replace(" ", "-"), (page.name, text)
            assert match["href"] == match["id"]
            seen += 1
    assert seen > 50


def test_heading_ids_follow_jupyterlab():
    # JupyterLab 4 (@jupyterlab/rendermime createHeaderId): textContent, ' ' -> '-'
    assert heading_id("5. The batch-wise F1 trap") == "5.-The-batch-wise-F1-trap"
    assert heading_id("A trained network's weights") == "A-trained-network's-weights"
    assert heading_text("5. `summary()` and counting **by hand**") == (
        "5. summary() and counting by hand"
    )
    section = Section("05_training_and_testing", "Callbacks: `EarlyStopping` and `ModelCheckpoint`")
    assert section.anchor == "Callbacks:-EarlyStopping-and-ModelCheckpoint"
    assert section.label == "Lesson 5 · Callbacks: EarlyStopping and ModelCheckpoint"
    assert Section("05b_metrics", "1. F1").lesson == "Lesson 5b"


# --- the student's loop -----------------------------------------------------------------------


def _no_bias(x, w, b):
    import numpy as np

    return float(np.dot(x, w))  # the mistake: no bias


def _bias_per_input(x, w, b):
    import numpy as np

    return float(np.dot(x, w) + len(x) * b)


def test_a_failed_panel_links_the_section_in_jupyterlab_and_on_the_site(tmp_path, monkeypatch):
    (tmp_path / "course").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "course" / "01_perceptron.ipynb").write_text("{}")
    monkeypatch.chdir(tmp_path / "exercises")  # a kernel runs in its notebook's folder
    monkeypatch.setenv("NNTEACH_COURSE_URL", "https://example.org/nn/")
    forget()
    result = check("1.1", {"neuron_output": _no_bias})
    assert result.status == "failed" and result.mistake == "1.1/no-bias"
    page = result._repr_html_()
    assert "Revisit:" in page and "Lesson 1 · 1. What one neuron computes" in page
    assert 'href="../course/01_perceptron.ipynb#heading=1.-What-one-neuron-computes"' in page
    assert (
        'href="https://example.org/nn/course/01_perceptron.html#1.-What-one-neuron-computes"'
        in page
    )
    passed = CheckResult("1.1", "A neuron", "passed", points=1, max_points=1)
    assert "Revisit" not in passed._repr_html_()


def test_a_mistake_with_its_own_section_links_that_one(monkeypatch):
    monkeypatch.setenv("NNTEACH_COURSE_URL", "https://example.org/nn/")
    result = CheckResult(
        "5.1", "Precision and recall", "failed", "x", mistake="5.1/strict-threshold"
    )
    page = result._repr_html_()
    assert "Lesson 5 · The threshold convention" in page
    assert "05_training_and_testing.html#The-threshold-convention" in page
    undiagnosed = CheckResult("5.1", "Precision and recall", "failed", "x")
    assert "Lesson 5 · The confusion matrix" in undiagnosed._repr_html_()


def test_the_second_hint_appears_on_the_second_identical_failure_not_before():
    forget()
    namespace = {"neuron_output": _no_bias}
    wanted = MISTAKES["1.1/no-bias"].second_hint

    first = check("1.1", namespace)
    assert first.mistake == "1.1/no-bias"
    assert first.second_hint == "" and "Second hint" not in first._repr_html_()
    assert "Second hint" not in repr(first)

    # another mistake in between is not "the same mistake again"
    other = check("1.1", {"neuron_output": _bias_per_input})
    assert other.mistake == "1.1/bias-per-input" and other.second_hint == ""

    second = check("1.1", namespace)
    assert second.second_hint == wanted
    assert "Second hint:" in second._repr_html_() and html.escape(wanted) in second._repr_html_()
    assert f"Second hint: {wanted}" in repr(second)
    assert second.message == first.message and second.hint == first.hint  # never the answer
    assert check("1.1", namespace).second_hint == wanted  # and every time after

    forget()  # a kernel restart
    assert check("1.1", namespace).second_hint == ""


def test_the_grader_never_sees_second_hints(monkeypatch):
    from nnteach.checks import run_task

    forget()
    for _ in range(3):
        assert run_task(None, "1.1", {"neuron_output": _no_bias}).second_hint == ""


def test_site_base_default_is_the_local_site_relative_to_the_page(tmp_path, monkeypatch):
    monkeypatch.delenv("NNTEACH_COURSE_URL", raising=False)
    base = site_base(from_dir=ROOT / "exercises")
    assert base == "../site/"
    assert site_base("https://example.org/c") == "https://example.org/c/"


def test_docstring_examples_run():
    import doctest
    import importlib

    from tests._site import load_builder

    modules = [
        importlib.import_module(name)
        for name in ("nnteach.checks.sections", "nnteach.grading.reteach", "nnteach._contrast")
    ]
    for module in [*modules, load_builder()]:
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, module.__name__
        assert result.attempted > 0, module.__name__


# --- the instructor's loop --------------------------------------------------------------------


def _class_report_and_feedback(tmp_path, course_url=None):
    from nnteach.grading.feedback import write_feedback
    from nnteach.grading.gradebook import write_gradebook
    from nnteach.grading.report import ClassReport, write_report
    from tests.test_report import fake_class

    results = fake_class()
    book = write_gradebook(tmp_path, results)
    pages = {
        r.student: write_feedback(tmp_path, r, book.exercises, course_url=course_url)
        for r in results
    }
    report = write_report(tmp_path, results, course_url=course_url)
    return ClassReport.from_results(results), report.read_text(encoding="utf-8"), pages


def test_what_to_reteach_ranks_sections_by_students(tmp_path):
    from nnteach.grading.reteach import SectionLinks, reteach_rows

    report, page, _ = _class_report_and_feedback(tmp_path, "https://example.org/nn/")
    rows = reteach_rows(report.tasks, SectionLinks("https://example.org/nn/"))
    # the same numbers, computed from the gradebook rows: students per section
    expected: dict[Section, set[str]] = {}
    for student in report.gradebook.students:
        for notebook in student.notebooks:
            for task in notebook.tasks:
                if task.status == "failed" and task.mistake:
                    section = section_for(task.task_id, task.mistake)
                    expected.setdefault(section, set()).add(student.student)
    assert {r.section: set(r.students) for r in rows} == expected
    counts = [r.count for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1

    assert "What to reteach" in page
    table = page[page.index('id="reteach-table"') :]
    first = rows[0]
    assert (
        f'data-section="{first.section.notebook}#{first.section.anchor}" '
        f'data-count="{first.count}"' in table
    )
    assert html.escape(first.url) in table and html.escape(first.section.label) in table
    # each mistake of the per-task tables links its section on the site
    link = section_for("1.1", "1.1/no-bias").site_url("https://example.org/nn/")
    assert f'href="{html.escape(link)}"' in page


def test_feedback_pages_link_failed_tasks_to_the_site(tmp_path, monkeypatch):
    monkeypatch.delenv("NNTEACH_COURSE_URL", raising=False)
    _, _, pages = _class_report_and_feedback(tmp_path)
    page = next(iter(pages.values()))
    texts = {student: p.read_text(encoding="utf-8") for student, p in pages.items()}
    linked = [s for s, text in texts.items() if "Revisit:" in text]
    assert linked, "no feedback page names a section to revisit"
    # default: the local site/ of this checkout, relative to the feedback page
    local = Path(os.path.relpath(ROOT / "site", page.parent)).as_posix()
    text = texts[linked[0]]
    hrefs = re.findall(r'<a class="section" href="([^"]+)">', text)
    assert hrefs and all(h.startswith(f"{local}/course/") for h in hrefs), hrefs
    # one link per failed task (each task of the class has a section), none for the others
    label = html.escape(STATUS_STYLES["failed"].label)
    failed = re.findall(rf'<td class="status"[^>]*>[^<]*{re.escape(label)}</td>', text)
    assert len(hrefs) == len(failed) > 0


def test_course_url_option_of_grade_and_report():
    import argparse

    from nnteach.grading.cli import add_parser as grade_parser
    from nnteach.grading.report import add_parser as report_parser

    sub = argparse.ArgumentParser(prog="nnteach").add_subparsers()
    args = grade_parser(sub).parse_args(["subs", "--out", "book", "--course-url", "https://x/"])
    assert args.course_url == "https://x/"
    assert report_parser(sub).parse_args(["book"]).course_url is None
