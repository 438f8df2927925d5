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
