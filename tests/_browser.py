"""Headless Chromium and JupyterLab servers for the browser tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
