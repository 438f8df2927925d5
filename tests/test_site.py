"""The course website (``make site``): pages, links, offline assets, and a real browser.

The site is built once per test session into a temporary folder, from the
notebooks as they are in the working tree (found by globbing, so renumbered
lessons need no change here). The browser test opens ``index.html`` from
``file://`` in headless Chromium, as a student would, and follows the link to
lesson 1; like ``test_browser.py`` it needs Debian's ``chromium`` and
Playwright, and is skipped without them except on CI (``CI=true``).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from tests._browser import CHROMIUM, CHROMIUM_ARGS, require_browser
from tests._site import load_builder

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


build_site = load_builder()


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site  # one build per test session (tests/conftest.py)


@pytest.fixture(scope="module")
def pages() -> list:
    return build_site.discover(ROOT)


class _Refs(HTMLParser):
    """Every (tag, attribute, value) of href/src attributes, plus inline CSS text."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "data") and value is not None:
                self.refs.append((tag, name, value))
            if name == "style" and value:
                self.css.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


def _refs(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- structure --------------------------------------------------------------------------------


def test_every_notebook_has_a_page_listed_on_the_index_in_order(site, pages):
    notebooks = [
        p.relative_to(ROOT).with_suffix(".html").as_posix()
        for folder in ("course", "exercises", "solutions")
        for p in sorted((ROOT / folder).glob("*.ipynb"))
    ]
    assert notebooks, "no notebooks found"
    assert [p.href for p in pages] == notebooks
    for href in notebooks:
        assert (site / href).is_file(), f"no page for {href}"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a class="nn-site-page" href="([^"]+)"', index) == notebooks


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_lesson_and_exercise_has_objectives_on_the_index(site, pages):
    from nbconvert.filters import markdown2html

    index = _text((site / "index.html").read_text(encoding="utf-8"))
    for page in pages:
        if page.section == "solutions":
            continue
        assert page.objectives.strip(), f"{page.source.name}: no objectives found in its first cell"
        objectives = _text(markdown2html(page.objectives))
        assert f"{page.title} {objectives}" in index, f"{page.href}: objectives not on the index"


def test_lesson_objectives_are_the_bulleted_list_after_the_lead():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(
                "# 9 · Test\n\nIntro.\n\n**In this lesson you will**\n- add two\n  numbers;\n"
                "- multiply.\n\n**Prerequisites:** none."
            )
        ]
    )
    assert build_site.notebook_objectives(nb) == "- add two\n  numbers;\n- multiply."
    assert build_site.notebook_title(nb) == "9 · Test"


def test_exercise_objectives_are_the_first_paragraph():
    text = "# Exercise 9 · Test\n\nPractice for lesson 9: adding.\n\n**How this works.** ..."
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    assert build_site.notebook_objectives(nb) == "Practice for lesson 9: adding."
    assert build_site.notebook_objectives(nbformat.v4.new_notebook()) == ""


def test_pages_link_previous_next_index_and_their_twins(site, pages):
    lessons = [p for p in pages if p.section == "course"]
    assert len(lessons) >= 2
    middle = lessons[1]
    page = site / middle.href
    links = {  # as paths from the site's root
        (page.parent / v).resolve().relative_to(site.resolve()).as_posix()
        for tag, _, v in _refs(page).refs
        if tag == "a" and not urlsplit(v).scheme and not v.startswith("#")
    }
    assert "index.html" in links
    assert lessons[0].href in links
    if len(lessons) > 2:
        assert lessons[2].href in links
    for twin in pages:
        if twin.stem == middle.stem and twin.section != middle.section:
            assert twin.href in links, f"{middle.href} does not link to {twin.href}"


# --- links and offline ------------------------------------------------------------------------


def test_every_internal_link_resolves_to_a_file(site):
    broken = []
    for page in _html_files(site):
        for tag, attr, value in _refs(page).refs:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//") or not parts.path:
                continue  # external link, data: URI, or a fragment of this page
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: <{tag} {attr}={value!r}>")
    assert not broken, "links to missing files:\n" + "\n".join(broken)


def test_the_builder_reports_broken_links(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text('<a href="sub/a.html#top">a</a> <a href="gone.html">x</a>')
    (tmp_path / "sub" / "a.html").write_text(
        '<a href="../index.html">i</a> <a href="#top">t</a> <a href="https://keras.io">k</a>'
        '<img src="data:image/png;base64,AA=="> <script src="../missing.js"></script>'
    )
    assert build_site.broken_links(tmp_path) == [
        "index.html: gone.html",
        "sub/a.html: ../missing.js",
    ]


def test_no_page_needs_the_network(site):
    # Links (<a href>) may point anywhere; what the page loads to show itself may not.
    offending = []
    for page in _html_files(site):
        refs = _refs(page)
        for tag, attr, value in refs.refs:
            remote = value.startswith("//") or urlsplit(value).scheme in ("http", "https")
            if remote and tag != "a":
                offending.append(f"{page.relative_to(site)}: <{tag} {attr}={value!r}>")
        for css in refs.css:
            for match in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")\s]+)", css):
                offending.append(f"{page.relative_to(site)}: CSS loads {match}")
    assert not offending, "pages load remote resources:\n" + "\n".join(offending)
    assert (site / "_static" / "tex-svg-full.js").stat().st_size > 1_000_000


# --- widgets ----------------------------------------------------------------------------------


def test_explorers_become_pictures_of_their_saved_state(site, pages):
    for page in pages:
        nb = json.loads(page.source.read_text(encoding="utf-8"))
        views = sum(
            WIDGET_VIEW in output.get("data", {})
            for cell in nb["cells"]
            for output in cell.get("outputs", [])
        )
        html = (site / page.href).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in html, page.href
        assert html.count('class="nn-widget-snapshot"') == views, page.href
        assert html.count("Run it in JupyterLab to play") == views, page.href
        state = nb["metadata"].get("widgets", {})
        has_image = any(
            model["model_name"] == "ImageModel"
            for model in state.get("application/vnd.jupyter.widget-state+json", {})
            .get("state", {})
            .values()
        )
        if has_image:
            # the picture is described: which explorer, and where (not "explorer picture")
            assert re.search(
                r"alt=([\"'])Picture of the explorer made by .+?\1 src=\"data:image/png;base64,",
                html,
            ), page.href


def test_snapshot_shows_controls_texts_and_pictures_escaped():
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": ["IPY_MODEL_s", "IPY_MODEL_d"]}},
        "s": {"model_name": "FloatSliderModel", "state": {"description": "bias b", "value": 0.5}},
        "d": {
            "model_name": "DropdownModel",
            "state": {"description": "f", "index": 1, "_options_labels": ["step", "relu"]},
        },
        "row": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_l", "IPY_MODEL_i"]}},
        "l": {"model_name": "LabelModel", "state": {"value": "<script>x</script>"}},
        "i": {
            "model_name": "ImageModel",
            "state": {"format": "png"},
            "buffers": [{"path": ["value"], "encoding": "base64", "data": "iVBORw0KGgo="}],
        },
    }
    state["box"]["state"]["children"].append("IPY_MODEL_row")
    html = build_site.widget_snapshot_html(state, "box")
    assert "Run it in JupyterLab to play" in html
    assert "<span>bias b</span><output>0.5</output>" in html
    assert "<output>relu</output>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html
    missing = build_site.widget_snapshot_html(state, "gone", fallback="Explorer(<1>)")
    assert "Explorer(&lt;1&gt;)" in missing and "Run it in JupyterLab to play" in missing


def test_a_folder_that_is_not_a_site_build_is_not_emptied(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="refusing to empty it"):
        build_site.build_site(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


# --- a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_lesson_1_reads_offline_in_a_browser(site, pages):
    require_browser()
    from playwright.sync_api import sync_playwright

    lesson_1 = next(p for p in pages if p.section == "course" and p.stem.startswith("01_"))

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda m: (
                    problems.append(f"console {m.type}: {m.text}")
                    if m.type in ("error", "warning")
                    else None
                ),
            )
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on(
                "request",
                lambda r: (
                    problems.append(f"network request: {r.url}")
                    if not r.url.startswith(("file://", "data:"))
                    else None
                ),
            )
            page.on("requestfailed", lambda r: problems.append(f"failed to load: {r.url}"))

            page.goto((site / "index.html").as_uri())
            page.click(f'a[href="{lesson_1.href}"]')
            page.wait_for_load_state("load")
            assert page.url == (site / lesson_1.href).as_uri()
            assert lesson_1.title in page.title()

            # MathJax typesets after load: wait for its output, then for it to finish
            page.wait_for_selector("mjx-container", timeout=30_000)
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise"
                " && MathJax.startup.promise.then(() => true)",
                timeout=30_000,
            )
            assert page.locator("mjx-container").count() >= 5
            assert page.locator("mjx-merror").count() == 0, "MathJax could not parse some math"
            raw = page.evaluate(
                "Array.from(document.querySelectorAll('.jp-MarkdownOutput'))"
                ".filter(e => /\\$[^$]+\\$/.test(e.innerText)).length"
            )
            assert raw == 0, f"{raw} Markdown cells still show $...$ math as text"

            sizes = page.evaluate(
                "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])"
            )
            assert sizes, "lesson 1 shows no figures"
            assert all(done and width > 0 for done, width, _ in sizes), sizes
            assert page.locator(".nn-widget-snapshot img").count() >= 1
            assert page.locator('nav a[href="../index.html"]').count() >= 1
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
