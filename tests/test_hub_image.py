"""The students' image on a hub: what repo2docker builds from ``binder/``, tested without Docker.

Binder and JupyterHub images are built by repo2docker, which reads ``binder/``:
``environment.yml`` (the students' environment: only what the course needs at
run time), ``postBuild`` (installs ``nnteach``) and ``start`` (run before the
notebook server: the student view of ``make lab``).

- ``jupyter-repo2docker --no-build`` must accept the repository and pick those
  three files (it writes the Dockerfile it would build; no Docker needed).
- The image itself is imitated: the students' pip list goes into a clean
  virtual environment (``.cache/hub-venv``, built once and rebuilt when
  ``binder/`` or ``constraints.txt`` change; about 2 minutes the first time),
  ``binder/postBuild`` runs in it, and JupyterLab starts through
  ``binder/start`` in a copy of the repository's files (as the image's entry
  point does in the copy repo2docker makes; the notebooks it runs are saved
  there, not in the working tree). In
  headless Chromium, ``/`` opens lesson 0; there is no Nbgrader menu and no
  news toast; lesson 1 runs top to bottom without an error.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests._browser import CHROMIUM, CHROMIUM_ARGS, free_port, require_browser, running_server
from tests._notebooks import ROOT

BINDER = ROOT / "binder"
HUB_VENV = ROOT / ".cache" / "hub-venv"
LESSON_0 = "course/00_start_here.ipynb"
LESSON_1 = "course/01_perceptron.ipynb"
NEWS = "official Jupyter news"


def student_requirements() -> list[str]:
    """The pip list of ``binder/environment.yml`` (quoted strings, as in environment.yml)."""
    text = (BINDER / "environment.yml").read_text()
    return re.findall(r'^\s+- "([^"]+)"', text.split("- pip:", 1)[1], re.M)


def _stamp() -> str:
    digest = hashlib.sha256()
    for path in (BINDER / "environment.yml", BINDER / "postBuild", ROOT / "constraints.txt"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _hub_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{HUB_VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def build_hub_venv() -> Path:
    """The students' environment in a clean virtual environment (cached; see the module doc)."""
    stamp = HUB_VENV / ".binder-stamp"
    if stamp.is_file() and stamp.read_text() == _stamp():
        return HUB_VENV
    shutil.rmtree(HUB_VENV, ignore_errors=True)
    HUB_VENV.parent.mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(HUB_VENV)], check=True)
    python = str(HUB_VENV / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-c", str(ROOT / "constraints.txt"), *student_requirements()],
                   check=True, env=_hub_env())  # fmt: skip
    subprocess.run(["bash", str(BINDER / "postBuild")], check=True, cwd=ROOT, env=_hub_env())
    stamp.write_text(_stamp())
    return HUB_VENV


def test_repo2docker_accepts_the_repository_and_reads_binder(tmp_path):
    command = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("jupyter-repo2docker is not installed (the dev extra has it: make setup)")
    run = subprocess.run(
        [command, "--no-build", "--no-run", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    dockerfile = run.stdout + run.stderr
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "binder/environment.yml"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in dockerfile
    assert "environment.yml" not in dockerfile.replace("binder/environment.yml", "")


def test_the_student_environment_has_no_developer_tool():
    names = {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in student_requirements()}
    assert "jupyterlab" in names and "tensorflow-cpu" in names
    assert not names & {"pytest", "ruff", "playwright", "hypothesis", "nbgrader", "nbval"}


def copy_repository(target: Path) -> Path:
    """The repository's tracked files in ``target``, as repo2docker copies them into the image.

    JupyterLab saves the notebooks it runs (and jupytext their ``.py`` pairs), so
    the server runs in this copy, never in the working tree.
    """
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def hub_lab(tmp_path_factory):
    """JupyterLab of the imitated image, started through ``binder/start``; its URL and token."""
    require_browser()
    venv = build_hub_venv()
    base = tmp_path_factory.mktemp("hub")
    repo = copy_repository(tmp_path_factory.mktemp("repo"))
    env = _hub_env()
    for name in ("config", "settings", "workspaces", "runtime"):
        (base / name).mkdir()
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
    )
    env.pop("MPLBACKEND", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    lab = ["lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={token}"]
    command = ["bash", str(repo / "binder" / "start"), str(venv / "bin" / "jupyter"), *lab]
    if os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; the image does not
    with running_server(command, url=url, token=token, cwd=repo, env=env,
                        log_path=base / "lab.log"):  # fmt: skip
        yield {"url": url, "token": token, "venv": venv}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.timeout(600)  # about a minute; fail, never hang, on an overloaded machine
def test_hub_image_opens_lesson_0_in_the_student_view_and_runs_lesson_1(hub_lab):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    # nbgrader is not even installed in the students' environment
    check = subprocess.run([str(hub_lab["venv"] / "bin" / "python"), "-c", "import nbgrader"],
                           capture_output=True)  # fmt: skip
    assert check.returncode != 0

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{hub_lab['url']}/?token={hub_lab['token']}")
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
            assert page.url.split("?")[0].endswith("/lab/tree/" + LESSON_0), page.url

            # lesson 1 alone (`reset`: lesson 0 is not restored beside it)
            page.goto(f"{hub_lab['url']}/lab/tree/{LESSON_1}?token={hub_lab['token']}&reset")
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
            expect(page.locator(".jp-NotebookPanel")).to_have_count(1)
            assert "/lab/tree/" + LESSON_1 in page.url
            accept = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", if asked
            try:
                accept.wait_for(state="visible", timeout=3_000)
                accept.click()
            except PlaywrightTimeout:
                pass
            menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
            expect(menus.filter(has_text="Help")).to_be_visible(timeout=30_000)
            assert "Nbgrader" not in menus.all_inner_texts()

            page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="Run").click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            # Every code cell has run when each prompt shows its number ("[12]:"). Cells
            # scrolled out of view are not rendered (innerText is empty): read textContent.
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll(
                        '.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
                    return prompts.length > 0
                        && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""",
                timeout=240_000,
            )
            error = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
            errors = page.locator(error)
            expect(errors).to_have_count(0)
            expect(page.get_by_text(NEWS)).to_have_count(0)
            expect(page.locator(".jp-SideBar .lm-TabBar-tab", has_text="Create Assignment")
                   ).to_have_count(0)  # fmt: skip
        finally:
            browser.close()
