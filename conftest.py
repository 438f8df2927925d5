"""pytest configuration shared by the unit tests and the nbval notebook tests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).parent

# Set before any kernel or TensorFlow starts: quiet TensorFlow, deterministic
# hashing, a headless matplotlib, and the kernel profile in tests/ipython.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("IPYTHONDIR", str(ROOT / "tests" / "ipython"))


def pytest_configure(config):  # noqa: ARG001 - pytest's hook signature
    """nbval's kernels talk over Unix sockets in a folder of their own, not TCP ports.

    With TCP, jupyter_client picks free ports by opening and closing sockets,
    and a kernel then binds them: two pytest-xdist workers starting kernels
    at the same moment can pick the same port, and one kernel dies before
    it answers (``Kernel died before replying to kernel_info``), failing every
    cell of its notebook. A socket path in a new temporary folder per kernel
    cannot be taken by another worker.
    """
    try:
        import nbval.kernel
    except ImportError:
        return
    import tempfile

    from jupyter_client.manager import KernelManager

    class IPCKernelManager(KernelManager):
        def __init__(self, **kwargs):
            folder = tempfile.mkdtemp(prefix="nbval-")
            _SOCKET_FOLDERS.append(folder)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(folder, "kernel"))
            super().__init__(**kwargs)

    nbval.kernel.KernelManager = IPCKernelManager


_SOCKET_FOLDERS: list[str] = []


def pytest_unconfigure(config):  # noqa: ARG001 - pytest's hook signature
    import shutil

    for folder in _SOCKET_FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_collectstart(collector):
    """Leave out of nbval's comparison what legitimately varies between runs.

    stderr: TensorFlow's import-time log lines appear on some runs only.
    Widget views carry a fresh model id each run; HTML reprs embed ids too.
    """
    if getattr(collector, "fspath", None) and str(collector.fspath).endswith(".ipynb"):
        collector.skip_compare += (
            "stderr",
            "text/html",
            "application/vnd.jupyter.widget-view+json",
            "application/javascript",
        )
