"""`make bench`: the speed table, nnteach next to the naive approach.

Collects the rows of every ``bench/bench_*.py`` module's ``run()`` and prints
one table. Budgets are the issues' targets; ``ratio`` is naive / nnteach,
measured in the same run. Numbers are reports, not pass/fail tests: these
machines are shared and noisy.

Usage: ``python bench/run.py [TOPIC ...]`` (e.g. ``diagram explain``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fmt(seconds) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def main(topics: list[str]) -> int:
    rows: list[dict] = []
    for path in sorted(HERE.glob("bench_*.py")):
        topic = path.stem.removeprefix("bench_")
        if topics and topic not in topics:
            continue
        start = time.perf_counter()
        print(f"# running {path.name} ...", file=sys.stderr, flush=True)
        rows += _load(path).run()
        print(f"#   done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    header = ("topic", "case", "nnteach", "naive", "ratio", "budget", "within")
    table = [header]
    for row in rows:
        ours, naive, budget = row.get("nnteach_s"), row.get("naive_s"), row.get("budget_s")
        ratio = "-"
        if ours and naive:
            ratio = f"{naive / ours:.1f}x" if naive / ours < 10 else f"{naive / ours:.0f}x"
        within = "-" if budget is None else ("yes" if ours <= budget else "NO")
        case = row["case"] + (" (est.)" if row.get("naive_estimated") else "")
        table.append((row["topic"], case, _fmt(ours), _fmt(naive), ratio, _fmt(budget), within))
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, r in enumerate(table):
        print(" | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)))
        if i == 0:
            print("-+-".join("-" * w for w in widths))

    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
