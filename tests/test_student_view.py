"""What a student sees in `make lab`: the course, and nothing of the grading machinery.

JupyterLab is started by ``tools/lab.sh``, the script `make lab` and
`make instructor` run, with the same arguments `make lab` passes plus a port and
a token. Only the user's own Jupyter state is kept out (private config, settings,
workspace and runtime folders), so a setting in your home directory cannot
decide the result. The student's view must show no Nbgrader menu and no Create
Assignment panel, no "official Jupyter news" toast, and no nbval markers in a
lesson. The instructor's view is the control: there nbgrader is present, so the
selectors that find nothing for the student do find something.

Needs Debian's ``chromium`` and Playwright's Python package (see
``test_browser.py``).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import nbformat
import pytest

from tests._browser import CHROMIUM, CHROMIUM_ARGS, free_port, require_browser, running_server
from tests._notebooks import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What `make lab` opens (--ServerApp.default_url in tools/lab.sh)
LESSON = "course/00_start_here.ipynb"
NEWS = "official Jupyter news"


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory):
    """Start ``tools/lab.sh VIEW`` on a free port; a function that yields its URL and token."""
    require_browser()
    stack = ExitStack()

    def start(view: str) -> dict[str, str]:
        base = tmp_path_factory.mktemp(view)
        for name in ("config", "settings", "workspaces", "runtime"):
            (base / name).mkdir()
        env = {
            **os.environ,
            "JUPYTER": str(Path(sys.executable).with_name("jupyter")),
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        }
        port, token = free_port(), secrets.token_hex(16)
        url = f"http://127.0.0.1:{port}"
        args = ["--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={token}"]
        command = ["bash", str(ROOT / "tools" / "lab.sh"), view, *args]
        log_path = base / "lab.log"
        stack.enter_context(
            running_server(command, url=url, token=token, cwd=ROOT, env=env, log_path=log_path)
        )
        return {"url": url, "token": token}

    with stack:
        yield start


def _get(lab, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"{lab['url']}{path}?token={lab['token']}", timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _page_config(lab) -> dict:
    status, html = _get(lab, "/lab")
    assert status == 200
    match = re.search(rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                      html, re.S)  # fmt: skip
    return json.loads(match.group(1))


def _news_defaults(lab) -> tuple[str, bool]:
    status, body = _get(lab, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert status == 200
    properties = json.loads(body)["schema"]["properties"]
    return properties["fetchNews"]["default"], properties["checkForUpdates"]["default"]


def _open_lab(page, lab) -> None:
    """Open `/` (which `make lab` redirects to the first lesson) and wait for the notebook."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.goto(f"{lab['url']}/?token={lab['token']}")
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
    assert page.url.split("?")[0].endswith("/lab/tree/" + LESSON)
    dialog_button = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", if asked
    try:
        dialog_button.wait_for(state="visible", timeout=3_000)
    except PlaywrightTimeout:
        pass
    else:
        dialog_button.click()
    expect(page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Help")).to_be_visible()
    # JupyterLab asks about news as soon as it has restored the layout; give it time.
    page.wait_for_timeout(3_000)


def _menus(page) -> list[str]:
    return page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()


def _create_assignment_tabs(page):
    return page.locator(".jp-SideBar .lm-TabBar-tab", has_text="Create Assignment")


def test_student_view_hides_nbgrader_news_and_test_markers(course_lab):
    from playwright.sync_api import expect, sync_playwright

    lab = course_lab("student")
    # The server side: nbgrader's lab extension disabled, its server extensions off,
    # news and update checks off by default.
    assert "@jupyter/nbgrader" in _page_config(lab)["disabledExtensions"]
    assert _get(lab, "/formgrader")[0] == 404
    assert _news_defaults(lab) == ("false", False)

    cells = nbformat.read(ROOT / LESSON, as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "nbval-check-output" in c.metadata.get("tags", [])]
    assert tagged, f"{LESSON} has no cell tagged nbval-check-output to look at"
    code_line = next(line for line in cells[tagged[0]].source.splitlines() if line.strip())

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            _open_lab(page, lab)

            menus = _menus(page)
            assert "File" in menus and "Nbgrader" not in menus, menus
            expect(_create_assignment_tabs(page)).to_have_count(0)
            expect(page.get_by_text(NEWS)).to_have_count(0)

            cell = page.locator(".jp-Notebook .jp-Cell").nth(tagged[0])
            cell.scroll_into_view_if_needed()
            expect(cell.locator(".jp-InputArea")).to_contain_text(code_line.strip())
            assert "NBVAL" not in cell.inner_text()
            assert "NBVAL" not in page.locator(".jp-Notebook").inner_text()
        finally:
            browser.close()


def test_instructor_view_has_nbgrader_and_no_news(course_lab):
    from playwright.sync_api import expect, sync_playwright

    lab = course_lab("instructor")
    assert "@jupyter/nbgrader" not in _page_config(lab)["disabledExtensions"]
    assert _get(lab, "/formgrader")[0] != 404
    assert _news_defaults(lab) == ("false", False)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            _open_lab(page, lab)
            assert "Nbgrader" in _menus(page)
            expect(_create_assignment_tabs(page)).to_have_count(1)
            expect(page.get_by_text(NEWS)).to_have_count(0)
        finally:
            browser.close()
