"""The explorers in a real JupyterLab, driven by headless Chromium.

The headless tests in ``test_widgets.py`` check the logic; this one checks what
they cannot: that the front end renders the widget (not the text fallback
``FloatSlider(value=...)`` that shows when the widget JavaScript is missing)
and that a key press on a slider reaches the kernel and comes back as a new
picture. It also saves the screenshot used in the README.

Needs Debian's ``chromium`` and Playwright's Python package (a browser cannot
be downloaded here, so Playwright is pointed at ``/usr/bin/chromium``). When
either is missing the test is skipped, except on CI (``CI=true``), where it
fails.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import pytest

from tests._browser import CHROMIUM, CHROMIUM_ARGS, free_port, require_browser, running_server

ROOT = Path(__file__).resolve().parents[1]
# The README's screenshot; refreshed only on request, so a test run leaves the
# working tree clean: NNTEACH_UPDATE_SCREENSHOT=1 pytest tests/test_browser.py
SCREENSHOT = ROOT / "docs" / "img" / "neuron_explorer.png"
NOTEBOOK = "widget_check.ipynb"
CELL = """\
from nnteach.widgets import neuron_explorer

explorer = neuron_explorer()
explorer"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _write_notebook(path: Path) -> None:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "explorer",
                "metadata": {},
                "outputs": [],
                "source": CELL,
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1))


def _lab_environment(base: Path) -> dict[str, str]:
    """Private Jupyter directories: no news toast, no restored workspace.

    ``jupyter/data`` goes on ``JUPYTER_PATH``, as ``tools/lab.sh`` and ``binder/start``
    put it: the course's prebuilt ``nnteach-revisit`` lab extension.
    """
    settings = base / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    # "Never" fetch news: JupyterLab then does not ask about it in a toast.
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    config = base / "config"
    (config / "labconfig").mkdir(parents=True)
    # and the plugin that asks is switched off altogether
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    for name in ("workspaces", "runtime"):
        (base / name).mkdir()
    return {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_PATH": os.pathsep.join(
            filter(None, [str(ROOT / "jupyter" / "data"), os.environ.get("JUPYTER_PATH")])
        ),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "IPYTHONDIR": str(ROOT / "tests" / "ipython"),
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port, serving a notebook that shows an explorer."""
    require_browser()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    _write_notebook(root / NOTEBOOK)
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    command = [
        str(Path(sys.executable).with_name("jupyter")),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]
    env = _lab_environment(base)
    with running_server(
        command, url=url, token=token, cwd=root, env=env, log_path=base / "lab.log"
    ):
        yield {"url": url, "token": token, "log": base / "lab.log"}


def test_neuron_explorer_renders_and_responds_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(f"{lab['url']}/lab/tree/{NOTEBOOK}?token={lab['token']}")

            cell = page.locator(".jp-Notebook .jp-Cell").first
            expect(cell).to_be_visible(timeout=45_000)
            # A "Select Kernel" dialog may appear; accept the default kernel.
            dialog_button = page.locator(".jp-Dialog .jp-mod-accept")
            try:
                dialog_button.wait_for(state="visible", timeout=3_000)
            except PlaywrightTimeout:
                pass
            else:
                dialog_button.click()

            # Run the cell: click into its editor, then Shift+Enter.
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")

            explorer = page.locator(".nnteach-explorer")
            expect(explorer).to_be_visible(timeout=60_000)
            output_text = page.locator(".jp-OutputArea").first.inner_text()
            assert "FloatSlider(" not in output_text and "IntSlider(" not in output_text
            assert "VBox(" not in output_text
            expect(explorer.locator(".widget-slider")).to_have_count(5)  # x1 x2 w1 w2 b

            image = explorer.locator("img").first
            readout = explorer.locator(".nnteach-readout")
            expect(readout).to_contain_text("output = step(z)")
            page.wait_for_function(
                "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
            )
            src_before = image.get_attribute("src")
            text_before = readout.inner_text()

            # Focus the handle of the w1 slider and press ArrowRight twice.
            w1 = explorer.locator(".widget-slider", has_text="weight w₁")
            handle = w1.locator(".noUi-handle")
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            expect(w1.locator(".widget-readout")).to_have_text("1.2")

            # The kernel recomputed z and sent back a new picture.
            expect(readout).not_to_have_text(text_before)
            expect(readout).to_contain_text("(1.2)·(1.0)")
            page.wait_for_function(
                "([el, before]) => el.src !== before", arg=[image.element_handle(), src_before]
            )
            expect(explorer.locator(".nnteach-error")).to_have_count(0)  # no error shown

            shot = (
                SCREENSHOT
                if os.environ.get("NNTEACH_UPDATE_SCREENSHOT") == "1"
                else tmp_path / SCREENSHOT.name
            )
            shot.parent.mkdir(parents=True, exist_ok=True)
            explorer.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000  # a real picture, not a blank page
        finally:
            browser.close()
