"""`make lab` starts a JupyterLab server that serves the course."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests._notebooks import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_lab_serves_the_first_lesson(tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    args = f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.token={token}"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the whole group (make + jupyter) can be stopped
    )
    url = f"http://127.0.0.1:{port}/api/contents/course/00_start_here.ipynb?token={token}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = json.load(response)
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    pytest.fail(f"`make lab` exited early with status {proc.returncode}")
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within 90 s")
                time.sleep(0.5)
        assert body["type"] == "notebook"
        assert body["name"] == "00_start_here.ipynb"
        cells = body["content"]["cells"]
        assert cells[0]["source"].startswith("# 0 · Start here")
        # `/` lands on the first lesson, and the student's view leaves nbgrader out
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/?token={token}", timeout=30) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/course/00_start_here.ipynb")
            html = response.read().decode()
        config = re.search(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.S)
        page_config = json.loads(config.group(1))
        assert "@jupyter/nbgrader" in page_config["disabledExtensions"]
        # and it loads the course's lab extension (jupyter/data on JUPYTER_PATH)
        names = [extension["name"] for extension in page_config["federated_extensions"]]
        assert "nnteach-revisit" in names, names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
