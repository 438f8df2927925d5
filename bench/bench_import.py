"""Import time of `nnteach` (budget 0.5 s) next to importing TensorFlow/Keras."""

from __future__ import annotations

import subprocess
import sys


def _time_import(statement: str, repeat: int = 3) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return min(times)


def run() -> list[dict]:
    return [
        {
            "topic": "import",
            "case": "import nnteach (naive: import keras)",
            "nnteach_s": _time_import("import nnteach"),
            "naive_s": _time_import("import keras", repeat=1),
            "budget_s": 0.5,
        }
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
