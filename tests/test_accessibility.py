"""Every page we publish passes axe-core's WCAG 2.1 A and AA rules with no serious violation.

The pages: the course website (``make site``: the index and every notebook's
page), a class report and a student's feedback page from ``nnteach grade``
(built from the class of ``tests/test_report.py``). Each page is opened from
``file://`` in headless Chromium (one browser for the whole module) and scanned
with axe-core, the engine Deque ships in ``axe-playwright-python``; a
violation of impact "serious" or "critical" fails the test, with the rule, the
number of elements and the first of them. axe finds the machine-checkable part
of WCAG (contrast, names, structure); it cannot judge whether an alt text is
good, so the figures' alternative texts are also checked here for the generic
sentence nbconvert would write.

Measured on 2026-12-07 (main at 975f485, before issue 19): 1,147 serious nodes
on the site (762 on the 7 lesson pages, 165 on the exercises, 220 on the
solutions, 0 on the index: contrast of code colours, prompts and terminal
colours, and links told apart only by colour), 0 to 10 per feedback page (the
status colours; 65 on this class's 13 pages), 0 on the class report. After: 0 on
every page.

Like ``test_browser.py`` this needs Debian's ``chromium`` and Playwright; it is
skipped without them, except on CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests._browser import CHROMIUM, CHROMIUM_ARGS, require_browser, skip_or_fail

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = ("serious", "critical")
GENERIC_ALT = "No description has been provided for this image"


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory) -> Path:
    """A class report and feedback pages, written as ``nnteach grade`` writes them."""
    from nnteach.grading.feedback import write_feedback
    from nnteach.grading.gradebook import write_gradebook
    from nnteach.grading.report import write_report
    from tests.test_report import fake_class

    out = tmp_path_factory.mktemp("gradebook")
    results = fake_class()
    gradebook = write_gradebook(out, results)
    for result in results:
        write_feedback(out, result, gradebook.exercises)
    write_report(out, results)
    return out


@pytest.fixture(scope="module")
def scan():
    """``scan(path) -> [violation, ...]``: axe-core's serious and critical violations of a page."""
    require_browser()
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        skip_or_fail("axe-playwright-python is not installed; run `make setup`")
    from playwright.sync_api import sync_playwright

    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def run(path: Path) -> list[dict]:
                page.goto(path.resolve().as_uri())
                violations = axe.run(page, options=WCAG_21_AA).response["violations"]
                return [v for v in violations if v["impact"] in BLOCKING]

            yield run
        finally:
            browser.close()


def _summary(violations: list[dict]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements, e.g. {v['nodes'][0]['html'][:120]})"
        for v in violations
    )


def test_every_site_page_has_no_serious_violation(built_site, scan):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20  # the index and one page per notebook
    failures = {}
    for page in pages:
        violations = scan(page)
        if violations:
            failures[page.relative_to(built_site).as_posix()] = _summary(violations)
    assert not failures, "\n".join(f"{page}: {text}" for page, text in failures.items())


def test_the_class_report_and_a_feedback_page_have_no_serious_violation(gradebook, scan):
    report = gradebook / "report.html"
    feedback = sorted((gradebook / "feedback").glob("*.html"))
    # a page with failed tasks, status colours and Revisit links: the one with most links
    busiest = max(feedback, key=lambda p: p.read_text(encoding="utf-8").count("Revisit:"))
    assert "Revisit:" in busiest.read_text(encoding="utf-8")
    assert "What to reteach" in report.read_text(encoding="utf-8")
    for page in (report, busiest):
        violations = scan(page)
        assert not violations, f"{page.name}: {_summary(violations)}"


def test_every_figure_on_the_site_has_a_real_description(built_site):
    images = 0
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert GENERIC_ALT not in text, page.name
        for tag in re.findall(r"<img\b[^>]*>", text):
            images += 1
            alt = re.search(r"""\balt=(["'])(.*?)\1""", tag)
            assert alt is not None and len(alt.group(2).split()) >= 4, (page.name, tag[:200])
            assert alt.group(2) not in ("explorer picture", "explorer output"), page.name
    assert images >= 30  # every lesson draws; the explorers add their pictures
