"""Headless Chromium and JupyterLab servers for the browser tests."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Debian's chromium (Playwright cannot download its own browser here)
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run on CI)")
    pytest.skip(reason)


def require_browser() -> None:
    """Skip (or fail on CI) when Chromium or Playwright is missing."""
    if CHROMIUM is None:
        skip_or_fail("chromium is not installed (/usr/bin/chromium); run `make system-deps`")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright Python package is not installed; run `make setup`")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    command: list[str], *, url: str, token: str, cwd: Path, env: dict[str, str], log_path: Path
) -> Iterator[None]:
    """Run a JupyterLab command until it answers at ``url``; stop it and its kernels after."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels belong to its process group
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError):
                    if server.poll() is not None:
                        pytest.fail(f"JupyterLab exited early; log:\n{log_path.read_text()}")
                    if time.monotonic() > deadline:
                        pytest.fail("JupyterLab did not answer within 60 s")
                    time.sleep(0.3)
            yield
        finally:
            server.terminate()  # SIGTERM: the server shuts its kernels down
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def write_notebook(path: Path, source: str, cell_id: str = "cell") -> None:
    """A one-cell notebook (not run) at ``path``."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": cell_id,
                "metadata": {},
                "outputs": [],
                "source": source,
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


def lab_environment(base: Path) -> dict[str, str]:
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


@contextmanager
def jupyter_lab(base: Path, root: Path, **env: str) -> Iterator[dict]:
    """JupyterLab serving ``root`` on a free port, with :func:`lab_environment` in ``base``.

    Yields ``{"url", "token", "log"}``; ``env`` adds to the environment.
    """
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
    environment = {**lab_environment(base), **env}
    log_path = base / "lab.log"
    with running_server(
        command, url=url, token=token, cwd=root, env=environment, log_path=log_path
    ):
        yield {"url": url, "token": token, "log": log_path}
