"""Widgets: time from a control's value change to the redrawn output (issue 5).

Slider rows: the median over ~20 moves of the handler an explorer runs when a
slider moves (logic + artists updated + PNG rendered into the Image widget),
next to the naive handler, which rebuilds the whole figure with
``plt.subplots``, replots everything and saves a PNG each move (and, for the
architecture builder, builds the Keras model to count its parameters and
draws it with ``draw_network``). Budget 100 ms.

Explanation row: the instance slider of the explanation explorer (lesson 6)
on the lesson's breast-cancer network (30-16-1), moved to instances it has
not shown before, so each move pays one SHAP explanation (milliseconds, the
explainer is built before timing) plus the chart: the explorer moves its bars
and rewrites its labels in place; the naive handler explains the instance
with ``explain_prediction`` and draws a new chart with ``plt.subplots`` and
``Explanation.plot``, then saves a PNG.

Playground rows: one press of Train with the default settings (fit, live
curves, decision boundary), timed until the training thread has finished: on
a widget made with ``warm_up=False`` (the press builds the network and traces
the training graph), on a fresh widget whose background warm-up has finished
(the default), and a second press (the network is reset and reused). The
naive press builds a new model, fits it on NumPy arrays, then redraws the
figure with ``plt.subplots`` and ``contourf``. Budget 2 s. TensorFlow is
imported before any timing.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")

SLIDER_BUDGET_S = 0.1
TRAIN_BUDGET_S = 2.0
MOVES = 20


def _median_seconds(action, values) -> float:
    times = []
    for value in values:
        start = time.perf_counter()
        action(value)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    return buffer.getvalue()


def _sweep(low: float, high: float, n: int = MOVES) -> list[float]:
    """n slider positions going up and down the range (like a dragged slider)."""
    import numpy as np

    half = np.linspace(low, high, n // 2 + 1)
    return [round(float(v), 2) for v in np.concatenate([half[1:], half[::-1][1:]])][:n]


# --------------------------------------------------------------------------- neuron
def _neuron_rows() -> list[dict]:
    import matplotlib.pyplot as plt
    import numpy as np

    from nnteach.widgets import neuron_explorer
    from nnteach.widgets._activations import activation_function

    explorer = neuron_explorer()
    moves = _sweep(-3.0, 3.0)
    slider = explorer.controls["w1"]
    ours = _median_seconds(lambda v: setattr(slider, "value", v), moves)

    points, labels = explorer.points_, explorer.labels_
    step = activation_function("step")
    z_grid = np.linspace(-6, 6, 241)

    def naive(w1: float) -> None:
        w2, b, x = 0.5, 0.0, np.array([1.0, 0.5])
        fig, (ax, ax_f) = plt.subplots(1, 2, figsize=(7.2, 3.3), layout="constrained")
        g = np.linspace(-3, 3, 80)
        g1, g2 = np.meshgrid(g, g)
        ax.contourf(g1, g2, (w1 * g1 + w2 * g2 + b) >= 0, alpha=0.3, cmap="coolwarm")
        ax.scatter(points[:, 0], points[:, 1], c=labels, cmap="coolwarm", s=18)
        xs = np.array([-3.0, 3.0])
        ax.plot(xs, -(b + w1 * xs) / w2, "k-")
        ax.plot(*x, "*", ms=14)
        ax.set_xlim(-3, 3)
        ax.set_ylim(-3, 3)
        z = float(x @ [w1, w2] + b)
        ax_f.plot(z_grid, step(z_grid))
        ax_f.plot([z], [step(np.float64(z))], "o")
        ax_f.set_title(f"z = {z:.2f}")
        _png(fig)
        plt.close(fig)

    theirs = _median_seconds(naive, moves)
    return [
        {
            "topic": "widgets",
            "case": f"neuron explorer: move w1 (median of {MOVES})",
            "nnteach_s": ours,
            "naive_s": theirs,
            "budget_s": SLIDER_BUDGET_S,
        }
    ]


# --------------------------------------------------------------------------- activation
def _activation_rows() -> list[dict]:
    import matplotlib.pyplot as plt
    import numpy as np

    from nnteach.widgets import activation_explorer
    from nnteach.widgets._activations import ACTIVATIONS

    explorer = activation_explorer()
    ranges = [(-v, v) for v in _sweep(1.0, 10.0)]
    range_slider = explorer.controls["x_range"]
    ours_range = _median_seconds(lambda v: setattr(range_slider, "value", v), ranges)
    thresholds = _sweep(0.01, 0.5)
    threshold_slider = explorer.controls["threshold"]
    ours_threshold = _median_seconds(lambda v: setattr(threshold_slider, "value", v), thresholds)

    f, df = ACTIVATIONS["sigmoid"]

    def naive(x_range, threshold: float = 0.05) -> None:
        x = np.linspace(*x_range, 401)
        fig, (ax, ax_d) = plt.subplots(2, 1, figsize=(5, 3.5), sharex=True, layout="constrained")
        ax.plot(x, f(x))
        ax_d.plot(x, df(x))
        for a in (ax, ax_d):
            a.fill_between(
                x,
                0,
                1,
                where=np.abs(df(x)) < threshold,
                alpha=0.2,
                transform=a.get_xaxis_transform(),
            )
        _png(fig)
        plt.close(fig)

    theirs_range = _median_seconds(naive, ranges)
    theirs_threshold = _median_seconds(lambda t: naive((-6.0, 6.0), t), thresholds)
    return [
        {
            "topic": "widgets",
            "case": f"activation explorer: move range (median of {MOVES})",
            "nnteach_s": ours_range,
            "naive_s": theirs_range,
            "budget_s": SLIDER_BUDGET_S,
        },
        {
            "topic": "widgets",
            "case": f"activation explorer: move threshold (median of {MOVES})",
            "nnteach_s": ours_threshold,
            "naive_s": theirs_threshold,
            "budget_s": SLIDER_BUDGET_S,
        },
    ]


# --------------------------------------------------------------------------- architecture
def _architecture_rows() -> list[dict]:
    import matplotlib.pyplot as plt

    from nnteach.diagram import draw_network
    from nnteach.models import build_deep_network
    from nnteach.widgets import architecture_builder

    builder = architecture_builder()
    units = [int(v) for v in _sweep(1, 40)]
    slider = builder.controls["units_1"]
    ours = _median_seconds(lambda v: setattr(slider, "value", v), units)

    def naive(n_units: int) -> None:
        model = build_deep_network(4, (n_units, 4))
        count = model.count_params()
        diagram = draw_network(model)
        diagram.ax_.set_title(f"{count} parameters")
        _png(diagram.figure_)
        plt.close(diagram.figure_)

    theirs = _median_seconds(naive, units)
    return [
        {
            "topic": "widgets",
            "case": f"architecture builder: move units (median of {MOVES})",
            "nnteach_s": ours,
            "naive_s": theirs,
            "budget_s": SLIDER_BUDGET_S,
        }
    ]


# --------------------------------------------------------------------------- explanation
def _explanation_rows() -> list[dict]:
    import matplotlib.pyplot as plt

    from nnteach._keras import import_keras
    from nnteach.data import load_breast_cancer, standardize, train_val_test_split
    from nnteach.explain import explain_prediction
    from nnteach.widgets import explanation_explorer

    keras = import_keras()
    keras.utils.set_random_seed(0)
    data = load_breast_cancer()
    X_train, _, X_test, y_train, _, y_test = train_val_test_split(data.X, data.y, seed=0)
    X_train, X_test = standardize(X_train, X_test)
    names = list(data.feature_names)
    model = keras.Sequential(
        [
            keras.Input(shape=(data.n_features,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)

    explorer = explanation_explorer(model, X_train, X_test, names, y=y_test)  # builds the explainer
    slider = explorer.controls["instance"]
    ours = _median_seconds(lambda i: setattr(slider, "value", i), range(1, MOVES + 1))
    explorer.controls["kind"].value = "waterfall"
    ours_waterfall = _median_seconds(
        lambda i: setattr(slider, "value", i), range(MOVES + 1, 2 * MOVES + 1)
    )

    def naive(index: int, kind: str = "bar") -> None:
        explanation = explain_prediction(model, X_train, X_test[index], names, top=8)
        fig, ax = plt.subplots(figsize=(6.6, 3.6), dpi=80)
        explanation.plot(ax=ax, kind=kind)
        _png(fig)
        plt.close(fig)

    explain_prediction(model, X_train, X_test[0], names)  # its explainer, built once
    theirs = _median_seconds(naive, range(2 * MOVES + 1, 3 * MOVES + 1))
    theirs_waterfall = _median_seconds(
        lambda i: naive(i, "waterfall"), range(3 * MOVES + 1, 4 * MOVES + 1)
    )
    return [
        {
            "topic": "widgets",
            "case": f"explanation explorer: move instance (median of {MOVES})",
            "nnteach_s": ours,
            "naive_s": theirs,
            "budget_s": SLIDER_BUDGET_S,
        },
        {
            "topic": "widgets",
            "case": f"explanation explorer: move instance, waterfall (median of {MOVES})",
            "nnteach_s": ours_waterfall,
            "naive_s": theirs_waterfall,
            "budget_s": SLIDER_BUDGET_S,
        },
    ]


# --------------------------------------------------------------------------- gradient descent
def _gradient_descent_rows() -> list[dict]:
    import matplotlib.pyplot as plt
    import numpy as np

    from nnteach.widgets import gradient_descent_explorer, gradient_descent_path
    from nnteach.widgets.gradient_descent import LOSS_SURFACES

    explorer = gradient_descent_explorer()
    rates = [round(float(v), 4) for v in np.geomspace(0.002, 0.25, MOVES)]
    lr_slider = explorer.controls["learning_rate"]
    ours_lr = _median_seconds(lambda v: setattr(lr_slider, "value", v), rates)
    momenta = _sweep(0.0, 0.95)
    momentum_slider = explorer.controls["momentum"]
    ours_momentum = _median_seconds(lambda v: setattr(momentum_slider, "value", v), momenta)

    spec = LOSS_SURFACES["ravine"]

    def naive(learning_rate: float, momentum: float = 0.0) -> None:
        run = gradient_descent_path(learning_rate, momentum, steps=50)
        (x0, x1), (y0, y1) = spec.limits
        g1, g2 = np.meshgrid(np.linspace(x0, x1, 120), np.linspace(y0, y1, 100))
        fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(7.4, 3.2), layout="constrained")
        ax.contourf(g1, g2, spec.loss(g1, g2), levels=14, cmap="Greys_r")
        ax.plot(run.path[:, 0], run.path[:, 1], "-o", ms=3)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax_loss.semilogy(run.losses)
        _png(fig)
        plt.close(fig)

    theirs_lr = _median_seconds(naive, rates)
    theirs_momentum = _median_seconds(lambda m: naive(0.01, m), momenta)
    return [
        {
            "topic": "widgets",
            "case": f"gradient-descent explorer: move learning rate (median of {MOVES})",
            "nnteach_s": ours_lr,
            "naive_s": theirs_lr,
            "budget_s": SLIDER_BUDGET_S,
        },
        {
            "topic": "widgets",
            "case": f"gradient-descent explorer: move momentum (median of {MOVES})",
            "nnteach_s": ours_momentum,
            "naive_s": theirs_momentum,
            "budget_s": SLIDER_BUDGET_S,
        },
    ]


# --------------------------------------------------------------------------- playground
def _playground_rows() -> list[dict]:
    import matplotlib.pyplot as plt
    import numpy as np

    from nnteach._keras import import_keras
    from nnteach.models import build_deep_network
    from nnteach.widgets import training_playground

    keras = import_keras()
    import tensorflow  # noqa: F401  (imported before any timing)

    def press(playground) -> float:
        start = time.perf_counter()
        playground.train(wait=True)
        return time.perf_counter() - start

    cold = press(training_playground(warm_up=False))  # the press traces the network
    playground = training_playground()
    playground.wait()  # its background warm-up (done while a student reads the controls)
    first = press(playground)
    again = press(playground)

    data = playground.data_
    grid = playground._grid

    def naive() -> float:
        start = time.perf_counter()
        keras.utils.set_random_seed(0)
        model = build_deep_network(2, (8, 8))
        model.compile(
            optimizer=keras.optimizers.Adam(0.03), loss="binary_crossentropy", metrics=["accuracy"]
        )
        history = model.fit(data.X, data.y, batch_size=32, epochs=40, verbose=0)
        prob = model.predict(grid, verbose=0).reshape(60, 60)
        fig, (ax, ax_l, ax_a) = plt.subplots(1, 3, figsize=(8.4, 2.7), layout="constrained")
        ax.contourf(grid[:, 0].reshape(60, 60), grid[:, 1].reshape(60, 60), prob, alpha=0.5)
        ax.scatter(data.X[:, 0], data.X[:, 1], c=data.y, s=10)
        ax_l.plot(history.history["loss"])
        ax_a.plot(history.history["accuracy"])
        _png(fig)
        plt.close(fig)
        return time.perf_counter() - start

    naive_first, naive_again = naive(), naive()
    assert np.isfinite(playground.history_["loss"][-1])
    return [
        {
            "topic": "widgets",
            "case": "training playground: first Train press, no warm-up",
            "nnteach_s": cold,
            "naive_s": naive_first,
            "budget_s": TRAIN_BUDGET_S,
        },
        {
            "topic": "widgets",
            "case": "training playground: first Train press (warmed up)",
            "nnteach_s": first,
            "naive_s": naive_first,
            "budget_s": TRAIN_BUDGET_S,
        },
        {
            "topic": "widgets",
            "case": "training playground: next Train press, defaults",
            "nnteach_s": again,
            "naive_s": naive_again,
            "budget_s": TRAIN_BUDGET_S,
        },
    ]


def run() -> list[dict]:
    """Rows for ``bench/run.py``: the slider handlers, then the Train press."""
    import matplotlib

    matplotlib.use("Agg")
    return (
        _neuron_rows()
        + _activation_rows()
        + _architecture_rows()
        + _explanation_rows()
        + _gradient_descent_rows()
        + _playground_rows()
    )


if __name__ == "__main__":
    for row in run():
        print(
            f"{row['case']:<58} nnteach {row['nnteach_s'] * 1000:8.1f} ms   "
            f"naive {row['naive_s'] * 1000:8.1f} ms   budget {row['budget_s'] * 1000:6.0f} ms"
        )
