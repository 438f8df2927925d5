"""Network diagram: `NetworkDiagram.from_model(model).plot()` + a render, next to
the naive drawing (one ``Line2D`` per edge, every neuron drawn). Budget 0.3 s.

Model construction is left out of both timings. The naive drawing of a
784-128-64-10 network has about 109 000 edges and takes well over a minute
(98.5 s measured once on a shared 2-core machine), so by default its row gives a
prediction instead (``naive_estimated``): a straight line, fixed cost plus cost
per edge, fitted to two partial drawings. It is a lower bound: each ``ax.plot``
gets slower as lines pile up (that run predicted 55 s). Set
``NNTEACH_BENCH_FULL_NAIVE=1`` to time the full naive drawing once instead.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

BUDGET_S = 0.3
SAMPLE_EDGES = (1500, 4500)
CASES = ((3, 1), (10, 6, 3, 1), (64, 32, 16, 1), (784, 128, 64, 10))


def _model(widths):
    from nnteach._keras import import_keras

    keras = import_keras()
    return keras.Sequential(
        [keras.Input((widths[0],))]
        + [keras.layers.Dense(w, activation="relu") for w in widths[1:-1]]
        + [keras.layers.Dense(widths[-1], activation="sigmoid")]
    )


def _nnteach(model) -> tuple[float, float, float]:
    """Seconds for from_model + plot + one full render; for plot alone; for the render."""
    import matplotlib.pyplot as plt

    from nnteach.diagram import NetworkDiagram

    start = time.perf_counter()
    diagram = NetworkDiagram.from_model(model)
    before_plot = time.perf_counter()
    diagram.plot()
    before_draw = time.perf_counter()
    diagram.figure_.canvas.draw()
    end = time.perf_counter()
    plt.close(diagram.figure_)
    return end - start, before_draw - before_plot, end - before_draw


def _naive(widths, max_edges: int | None = None) -> tuple[float, int]:
    """The tutorial way: one Circle per neuron, one ax.plot per edge, then a render.

    With ``max_edges``, stop after that many edges (for an estimate). Returns the
    seconds and the number of edges drawn.
    """
    import matplotlib.pyplot as plt

    start = time.perf_counter()
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.axis("off")
    tallest = max(widths)
    x_gap = 1.0 / (len(widths) - 1)
    y_gap = 1.0 / tallest
    tops = [y_gap * (n - 1) / 2 + 0.5 for n in widths]
    for i, n in enumerate(widths):
        for m in range(n):
            ax.add_patch(plt.Circle((i * x_gap, tops[i] - m * y_gap), y_gap / 4, zorder=4))
    edges = 0
    for i, (n_a, n_b) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        for m in range(n_a):
            for o in range(n_b):
                if max_edges is not None and edges >= max_edges:
                    break
                ax.plot(
                    [i * x_gap, (i + 1) * x_gap],
                    [tops[i] - m * y_gap, tops[i + 1] - o * y_gap],
                    color="tab:blue",
                    alpha=0.5,
                )
                edges += 1
    fig.canvas.draw()
    elapsed = time.perf_counter() - start
    plt.close(fig)
    return elapsed, edges


def run() -> list[dict]:
    import matplotlib

    matplotlib.use("Agg")
    rows = []
    # Warm-up: fonts, the first figure and Keras's first layer build are one-off costs.
    _nnteach(_model((3, 2, 1)))
    _naive((3, 2, 1))
    for widths in CASES:
        model = _model(widths)
        n_edges = sum(a * b for a, b in zip(widths[:-1], widths[1:], strict=True))
        timings = [_nnteach(model) for _ in range(5)]
        ours, plot_s, draw_s = (statistics.median(t) for t in zip(*timings, strict=True))
        estimated = False
        if n_edges <= SAMPLE_EDGES[-1]:
            naive = min(_naive(widths)[0] for _ in range(3))
        else:
            (t_a, e_a), (t_b, e_b) = (_naive(widths, max_edges=k) for k in SAMPLE_EDGES)
            per_edge = (t_b - t_a) / (e_b - e_a)
            predicted = t_a + per_edge * (n_edges - e_a)
            if os.environ.get("NNTEACH_BENCH_FULL_NAIVE") == "1":
                naive, _ = _naive(widths)  # once: it is slow
            else:
                naive, estimated = predicted, True
        rows.append(
            {
                "topic": "diagram",
                "case": "-".join(map(str, widths)),
                "nnteach_s": ours,
                "naive_s": naive,
                "budget_s": BUDGET_S,
                "naive_estimated": estimated,
                "plot_s": plot_s,  # NetworkDiagram.plot() alone
                "draw_s": draw_s,  # fig.canvas.draw() alone
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
