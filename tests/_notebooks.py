"""Where the course's notebooks are, for the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = ("course", "exercises", "solutions")


def all_notebooks() -> list[Path]:
    """Every committed notebook, in a stable order."""
    return sorted(p for d in NOTEBOOK_DIRS for p in (ROOT / d).glob("*.ipynb"))


def notebook_ids() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in all_notebooks()]
