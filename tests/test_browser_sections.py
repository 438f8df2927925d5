"""From a failed check to the lesson section, in a real JupyterLab (issue 19).

A student's notebook in ``exercises/`` fails task 1.5 with a diagnosed mistake;
its check panel says "Revisit: Lesson 1 · 2. A linear neuron is linear
regression". Clicking that link must open ``course/01_perceptron.ipynb`` in
JupyterLab and bring that heading into view: the link's fragment is
``#heading=<anchor>``, where the anchor is the id JupyterLab itself gives the
heading (:func:`nnteach.checks.sections.heading_id`) and the site uses too.

JupyterLab 4.6 alone applies the fragment as soon as the file has loaded,
before the notebook's cells are rendered: when the click is what opens the
lesson, no heading is found and the lesson shows its top (jupyterlab#15207).
The course's lab extension ``nnteach-revisit`` (``jupyter/data/labextensions``,
on ``JUPYTER_PATH`` for every lab the course starts; see jupyter/README.md)
applies it again once the lesson is rendered. Both cases must land on the
heading: the click that opens the lesson, and the click with the lesson open.

The served folder holds ``course/`` (a copy of lesson 1) and ``exercises/``
side by side, as a student's copy of the course does. Needs Debian's
``chromium`` and Playwright, like ``test_browser.py``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nnteach.checks.sections import TASK_SECTIONS
from tests._browser import CHROMIUM, CHROMIUM_ARGS, jupyter_lab, require_browser, write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "exercises/revisit_check.ipynb"
EXPLORER_NOTEBOOK = "exercises/keyboard_explorer.ipynb"
EXPLORER_CELL = """\
from nnteach.widgets import neuron_explorer

neuron_explorer()"""
# task 1.5 with the bias left out: a diagnosed mistake, "1.5/no-bias"
CELL = """\
import numpy as np
from nnteach.checks import check

def least_squares(X, y):
    weights = np.linalg.lstsq(X, y, rcond=None)[0].reshape(-1, 1)
    return weights, np.zeros(1)

check("1.5")"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    (root / "course").mkdir(parents=True)
    (root / "exercises").mkdir()
    shutil.copy2(ROOT / "course" / "01_perceptron.ipynb", root / "course")
    write_notebook(root / NOTEBOOK, CELL, "check")
    write_notebook(root / EXPLORER_NOTEBOOK, EXPLORER_CELL, "check")
    with jupyter_lab(
        base,
        root,
        # the course's own JupyterLab defaults, as `make lab` and Binder use them
        JUPYTER_CONFIG_PATH=str(ROOT / "jupyter" / "course"),
        NNTEACH_COURSE_URL="https://example.org/nn-course/",
    ) as server:
        yield server


@pytest.mark.parametrize(
    "lesson_open",
    [pytest.param(False, id="one-click"), pytest.param(True, id="lesson-open")],
)
def test_revisit_link_opens_the_lesson_at_its_section(lab, lesson_open):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    section = TASK_SECTIONS["1.5"]
    assert section.anchor == "2.-A-linear-neuron-is-linear-regression"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(30_000)
            page.goto(
                f"{lab['url']}/lab/workspaces/revisit-{lesson_open}/tree/{NOTEBOOK}"
                f"?token={lab['token']}"
            )
            # each test opens its own workspace, so no tab of the other test is restored
            cell = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").first
            expect(cell).to_be_visible(timeout=45_000)
            # the course's lab extension is loaded (from jupyter/data/labextensions)
            extensions = page.evaluate(
                "() => JSON.parse(document.getElementById('jupyter-config-data')"
                ".textContent).federated_extensions.map(e => e.name)"
            )
            assert "nnteach-revisit" in extensions, extensions
            dialog_button = page.locator(".jp-Dialog .jp-mod-accept")
            try:
                dialog_button.wait_for(state="visible", timeout=3_000)
            except PlaywrightTimeout:
                pass
            else:
                dialog_button.click()
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")

            revisit = page.locator(".nnteach-revisit")
            expect(revisit).to_be_visible(timeout=90_000)
            expect(revisit).to_contain_text(f"Revisit: {section.label}")
            link = revisit.locator("a").first
            # the kernel wrote ../course/01_perceptron.ipynb#...; JupyterLab resolves it
            # against the notebook's folder (and serves it under /files/)
            href = link.get_attribute("href")
            assert "course/01_perceptron.ipynb" in href, href
            assert href.endswith("#heading=2.-A-linear-neuron-is-linear-regression"), href
            site = revisit.locator("a").nth(1).get_attribute("href")
            assert site == (
                "https://example.org/nn-course/course/01_perceptron.html"
                "#2.-A-linear-neuron-is-linear-regression"
            )

            # the lesson is not open yet: the click opens it
            lesson_tab = page.locator(".lm-TabBar-tab", has_text="01_perceptron.ipynb")
            expect(lesson_tab).to_have_count(0)
            link.click()
            expect(lesson_tab).to_be_visible(timeout=45_000)
            lesson = page.locator(".jp-NotebookPanel:visible")
            heading = lesson.locator(
                f'[id="{section.anchor}"], [data-jupyter-id="{section.anchor}"]'
            ).first
            expect(heading).to_contain_text(section.title, timeout=45_000)
            if lesson_open:
                # the lesson is shown (its cells laid out): back to the check, click again
                expect(lesson.locator(".jp-Cell").last).to_be_attached()
                page.locator(".lm-TabBar-tab", has_text="revisit_check.ipynb").click()
                expect(revisit).to_be_visible()
                link.click()
                expect(lesson_tab).to_have_class(re.compile(r"\blm-mod-current\b"))
            # the lesson tab is up, scrolled to the heading, not at its top
            expect(heading).to_be_in_viewport(timeout=30_000)
            expect(lesson.locator("h1").first).not_to_be_in_viewport()
        finally:
            browser.close()


def test_explorer_is_operable_by_keyboard_with_labelled_controls(lab):
    """Tab to a slider, move it with the arrow keys, and the figure changes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(
                f"{lab['url']}/lab/workspaces/keyboard/tree/{EXPLORER_NOTEBOOK}"
                f"?token={lab['token']}"
            )
            # each test opens its own workspace, so no tab of the other test is restored
            cell = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").first
            expect(cell).to_be_visible(timeout=45_000)
            dialog_button = page.locator(".jp-Dialog .jp-mod-accept")
            try:
                dialog_button.wait_for(state="visible", timeout=3_000)
            except PlaywrightTimeout:
                pass
            else:
                dialog_button.click()
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")
            explorer = page.locator(".nnteach-explorer")
            expect(explorer).to_be_visible(timeout=60_000)

            # every control shows a label with words in it
            controls = explorer.locator(".widget-slider, .widget-dropdown, .widget-checkbox")
            expect(controls.first).to_be_visible()
            for i in range(controls.count()):
                label = controls.nth(i).locator(".widget-label").first
                expect(label).to_be_visible()
                assert label.inner_text().strip(), f"control {i} has an empty label"

            image = explorer.locator("img").first
            page.wait_for_function(
                "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
            )
            before = image.get_attribute("src")
            # from the explorer's own text, Tab until a slider's handle has the focus
            explorer.locator(".nnteach-readout").click()
            focused = ""
            for _ in range(30):
                page.keyboard.press("Tab")
                focused = page.evaluate(
                    "() => { const e = document.activeElement; return e && e.closest("
                    "'.nnteach-explorer') && e.classList.contains('noUi-handle') ? "
                    "e.closest('.widget-slider').querySelector('.widget-label').innerText : ''; }"
                )
                if focused:
                    break
            assert focused, "Tab never reached a slider of the explorer"
            slider = explorer.locator(".widget-slider", has_text=focused)
            readout = slider.locator(".widget-readout")
            value = readout.inner_text()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            expect(readout).not_to_have_text(value)
            page.wait_for_function(
                "([el, old]) => el.src !== old", arg=[image.element_handle(), before]
            )
        finally:
            browser.close()
