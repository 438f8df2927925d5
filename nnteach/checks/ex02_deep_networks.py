"""Checks for exercise 02, deep networks (``exercises/02_deep_networks.ipynb``).

Tasks
-----
2.1 ``relu(x)``: the ReLU activation with NumPy.
2.2 ``forward(X, params)``: a deep network's forward pass by hand.
2.3 ``spec_model``: a Functional network with dropout, built to a specification.
2.4 ``moons_model``: a trained network that beats a perceptron on two moons.
2.5 ``dropout(x, rate, rng)``: inverted dropout, by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    call_student,
    describe_value,
    draw_until,
    expect_callable,
    expect_finite,
    expect_float_array,
    fail,
    fresh_rng,
    require,
    separates,
)
from .registry import Exercise

__all__ = ["EXERCISE", "MOONS_NOISE", "MOONS_MIN_ACCURACY", "SPEC_LAYERS"]

EXERCISE = Exercise("02", "deep_networks", "Deep networks")

#: Task 2.3: (layer kind, units or rate, activation) after the 2-feature input
SPEC_LAYERS = (
    ("Dense", 8, "relu"),
    ("Dropout", 0.2, None),
    ("Dense", 4, "relu"),
    ("Dropout", 0.2, None),
    ("Dense", 1, "sigmoid"),
)
#: Task 2.4: the noise of the moons data in the notebook, and the accuracy to reach
MOONS_NOISE = 0.2
MOONS_MIN_ACCURACY = 0.92


def _close(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "2.1",
    "ReLU with NumPy",
    points=1,
    names=("relu",),
    hint="ReLU keeps the positive values and puts 0 elsewhere, element by element "
    "(lesson 2, section 2); np.max would reduce the whole array to one number.",
)
def _relu_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("relu", require(ns, "relu"))
    rng = fresh_rng()
    for shape in ((7,), (3, 4)):
        # both signs present, so that |x| and "right on one side only" show
        x = draw_until(
            lambda r, shape=shape: r.normal(size=shape),
            lambda x: (x < -0.1).sum() >= 2 and (x > 0.1).sum() >= 2,
            rng,
        )
        label = "`relu(x)`"
        y = expect_float_array(call_student(label, func, x.copy()), f"{label} returned")
        if y.shape != x.shape:
            fail(
                f"{label} returns shape {y.shape} for an input of shape {x.shape}; an "
                "activation works element by element and keeps the shape."
            )
        expect_finite(y, f"{label} returns")
        if _close(y, _relu(x)):
            continue
        if _close(y, np.abs(x)):
            fail(
                f"{label} returns |x|: negative inputs become positive, but ReLU gives 0 there.",
                mistake="absolute-value",
            )
        if _close(y[x > 0], x[x > 0]):
            fail(
                f"{label} is right for positive inputs but wrong for negative ones.",
                mistake="wrong-for-negatives",
            )
        if _close(y[x < 0], 0 * x[x < 0]):
            fail(
                f"{label} is right for negative inputs but wrong for positive ones: they "
                "pass through unchanged.",
                mistake="wrong-for-positives",
            )
        fail(f"{label} gives wrong values for random inputs.")


# --------------------------------------------------------------------------- #
_FORWARD_HINT = (
    "Each layer's output is the next layer's input: ReLU after the hidden layers, the "
    "sigmoid after the last one (lesson 2, sections 1 and 2)."
)


def _forward(X: np.ndarray, params: list, hidden=_relu, last=_sigmoid, bias=True) -> np.ndarray:
    h = X
    for i, (W, b) in enumerate(params):
        z = h @ W + (b if bias else 0)
        h = last(z) if i == len(params) - 1 else hidden(z)
    return h


def _forward_mistakes(X: np.ndarray, params: list) -> dict[tuple[str, str], Any]:
    """What each typical mistake computes: (message, mistake id) -> output."""
    variants: dict[tuple[str, str], Any] = {
        (
            "applies ReLU to the output layer too; the last layer uses the sigmoid",
            "relu-on-output",
        ): _forward(X, params, last=lambda z: _sigmoid(_relu(z))),
        ("leaves out the sigmoid on the output layer", "no-output-sigmoid"): _forward(
            X, params, last=lambda z: z
        ),
        ("uses the sigmoid on the hidden layers; they use ReLU", "sigmoid-hidden"): _forward(
            X, params, hidden=_sigmoid
        ),
        ("leaves out the activation of the hidden layers", "no-hidden-activation"): _forward(
            X, params, hidden=lambda z: z
        ),
        ("leaves out the biases", "no-bias"): _forward(X, params, bias=False),
    }
    if params[-1][0].shape[0] == X.shape[1]:
        variants[("uses only the last layer", "last-layer-only")] = _sigmoid(
            X @ params[-1][0] + params[-1][1]
        )
    return variants


def _forward_case(rng: Any, sizes: tuple[int, ...]) -> tuple[np.ndarray, list]:
    params = [
        (rng.normal(size=(a, b)), rng.normal(size=b))
        for a, b in zip(sizes[:-1], sizes[1:], strict=False)
    ]
    return rng.normal(size=(6, sizes[0])), params


@EXERCISE.task(
    "2.2",
    "A forward pass by hand",
    points=2,
    names=("forward",),
    hint=_FORWARD_HINT,
)
def _forward_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("forward", require(ns, "forward"))
    rng = fresh_rng()
    for sizes in ((3, 5, 4, 1), (2, int(rng.integers(3, 7)), 2)):
        # inputs on which every known mistake changes the output (for example
        # some negative output pre-activations, where ReLU-on-output matters)
        X, params = draw_until(
            lambda r, sizes=sizes: _forward_case(r, sizes),
            lambda case: separates(_forward(*case), _forward_mistakes(*case).values()),
            rng,
        )
        label = "`forward(X, params)`"
        copies = [(W.copy(), b.copy()) for W, b in params]
        y = expect_float_array(
            call_student(label, func, X.copy(), copies), f"{label} returned", _FORWARD_HINT
        )
        n_out = sizes[-1]
        if y.shape != (6, n_out):
            fail(
                f"{label} returns shape {y.shape} for 6 samples and a last layer of "
                f"{n_out} units, expected (6, {n_out}).",
                _FORWARD_HINT,
            )
        expect_finite(y, f"{label} returns")
        if _close(y, _forward(X, params)):
            continue
        for (problem, mistake), value in _forward_mistakes(X, params).items():
            if _close(y, value):
                fail(f"{label} {problem}.", _FORWARD_HINT, mistake=mistake)
        fail(
            f"{label} gives wrong outputs for a random network with layer sizes {list(sizes)}.",
            _FORWARD_HINT,
        )


# --------------------------------------------------------------------------- #
_SPEC_HINT = (
    "The Functional API: an input with the number of features, each layer called on the "
    "previous one's output, and a model made from the first input and the last output "
    "(lesson 2, section 6)."
)


def _check_spec_dense(dense: list, layers: list) -> None:
    """Units, bias and activation of each Dense layer of `spec_model` (task 2.3)."""
    names = ["first hidden layer", "second hidden layer", "output layer"]
    spec_dense = [(units, act) for kind, units, act in SPEC_LAYERS if kind == "Dense"]
    for i, (layer, (units, act)) in enumerate(zip(dense, spec_dense, strict=True)):
        if layer.units != units:
            fail(f"`spec_model`'s {names[i]} has {layer.units} units; check the specification.")
        if not layer.use_bias:
            fail(f"`spec_model`'s {names[i]} has no bias (use_bias=False).")
        got = kc.effective_activation(layer, layers)
        if got != act:
            fail(
                f"`spec_model`'s {names[i]} uses the {got!r} activation, expected {act!r}.",
                mistake="wrong-activation",
            )


@EXERCISE.task(
    "2.3",
    "A deep network to a specification",
    points=2,
    names=("spec_model",),
    hint=_SPEC_HINT,
)
def _spec_model(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    model = kc.expect_model("spec_model", require(ns, "spec_model"))
    if isinstance(model, k.Sequential):
        fail(
            "`spec_model` is a Sequential model; this task asks for the Functional API.",
            _SPEC_HINT,
            mistake="sequential-not-functional",
        )
    shape = kc.input_shape(model)
    if shape[1:] != (2,):  # the batch size, if one was given, is not judged
        fail(f"`spec_model` takes inputs of shape {shape}, expected 2 features: (None, 2).")
    layers = kc.model_layers(model)
    dense = kc.dense_layers(model)
    n_dense = sum(kind == "Dense" for kind, _, _ in SPEC_LAYERS)
    if len(dense) != n_dense:
        fail(
            f"`spec_model` has {len(dense)} Dense layers, expected {n_dense}: two hidden "
            "layers and the output layer."
        )
    dropouts = [layer for layer in layers if isinstance(layer, k.layers.Dropout)]
    n_dropout = sum(kind == "Dropout" for kind, _, _ in SPEC_LAYERS)
    if len(dropouts) != n_dropout:
        fail(
            f"`spec_model` has {len(dropouts)} Dropout layers, expected {n_dropout}: one "
            "after each hidden layer.",
            mistake="dropout-count",
        )
    _check_spec_dense(dense, layers)
    kinds = [
        type(layer).__name__ for layer in layers if type(layer).__name__ in ("Dense", "Dropout")
    ]
    if kinds != [kind for kind, _, _ in SPEC_LAYERS]:
        fail(
            "`spec_model` has the right layers in the wrong order: each Dropout comes "
            "right after a hidden Dense layer.",
            mistake="layer-order",
        )
    spec_rates = [rate for kind, rate, _ in SPEC_LAYERS if kind == "Dropout"]
    for layer, rate in zip(dropouts, spec_rates, strict=True):
        if not np.isclose(layer.rate, rate):
            fail(
                f"A Dropout layer of `spec_model` has rate={layer.rate:g}; check the specification."
            )
    out = kc.predict("spec_model", model, fresh_rng().normal(size=(5, 2)).astype("float32"))
    if out.shape != (5, 1):
        fail(f"`spec_model` returns shape {out.shape} for 5 samples, expected (5, 1).")


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "2.4",
    "A network with hidden layers that beats a perceptron",
    points=2,
    names=("moons_model",),
    hint="Give it hidden layers with a non-linear activation (ReLU), compile it with "
    "binary cross-entropy and train it (model.fit) long enough.",
    timeout=20.0,
)
def _moons_model(ns: Mapping[str, Any]) -> None:
    from sklearn.linear_model import LogisticRegression

    from ..data import make_moons

    # judged by what it does on moons points, not by its recorded input shape: a
    # Sequential model without keras.Input records the batch size it was trained with
    model = kc.expect_model("moons_model", require(ns, "moons_model"))
    if kc.input_shape(model)[1:] != (2,):
        fail(
            f"`moons_model` takes inputs of shape {kc.input_shape(model)}, expected the 2 "
            "moons coordinates: (None, 2)."
        )
    dense = kc.dense_layers(model)
    layers = kc.model_layers(model)
    hidden = [
        layer
        for layer in dense[:-1]
        if kc.effective_activation(layer, layers) not in ("linear", "identity")
    ]
    if not hidden:
        fail(
            "`moons_model` has no hidden layer with a non-linear activation, so it is no "
            "more than a perceptron: it can only draw a straight boundary.",
            mistake="no-nonlinear-hidden-layer",
        )
    rng = fresh_rng()
    seed = int(rng.integers(1, 2**31 - 1))
    test = make_moons(2000, noise=MOONS_NOISE, seed=seed)
    out = kc.predict("moons_model", model, test.X.astype("float32"))
    if out.shape != (2000, 1):
        fail(
            f"`moons_model` returns shape {out.shape} for 2000 points, expected one "
            "probability per point: (2000, 1)."
        )
    expect_finite(out, "`moons_model` returns")
    if out.min() < 0 or out.max() > 1:
        fail(
            "`moons_model` returns values outside [0, 1]: its output layer should be one "
            "sigmoid unit, giving the probability of class 1.",
            mistake="output-not-probability",
        )
    accuracy = float(((out[:, 0] >= 0.5) == test.y).mean())
    train = make_moons(500, noise=MOONS_NOISE, seed=(seed + 1) % (2**31 - 1))
    linear = LogisticRegression().fit(train.X, train.y).score(test.X, test.y)
    if accuracy < MOONS_MIN_ACCURACY:
        fail(
            f"`moons_model` classifies {accuracy:.0%} of 2000 fresh moons points correctly; "
            f"a straight line (a perceptron) gets {linear:.0%}. Reach at least "
            f"{MOONS_MIN_ACCURACY:.0%}.",
            "Did you train it (model.fit)? A network that does worse than a straight line "
            "has not learned the moons yet."
            if accuracy <= linear
            else "Train longer or with a larger learning rate, or use more hidden units.",
            mistake="untrained" if accuracy <= linear else "accuracy-too-low",
        )


# --------------------------------------------------------------------------- #
_DROPOUT_HINT = (
    "Each value is dropped or kept on its own, at random from `rng`, and the kept ones "
    "are rescaled so that the average stays the same: lesson 2, section 5 (Dropout)."
)
_DROPOUT_SECTION = "Lesson 2, section 5 (Dropout) says what inverted dropout does to each value."

#: (shape, rate): 1-D and non-square inputs always, both orientations (issue 21)
_DROPOUT_CASES = (((40, 250), 0.5), ((10_000,), 0.3), ((250, 40), 0.3), ((20, 25, 20), 0.5))


def _call_dropout(label: str, func: Any, x: np.ndarray, rate: float, seed: int) -> np.ndarray:
    """``func(x, rate, rng)`` on a copy of x: fails if x changes or the result is x itself."""
    given = x.copy()
    raw = call_student(label, func, given, rate, np.random.default_rng(seed))
    if not np.array_equal(given, x):
        fail(
            f"{label} changes the array x it is given; the task asks for a new array and "
            "x unchanged.",
            "Leave x as it is and build the result in a new array.",
            mistake="in-place",
        )
    if isinstance(raw, np.ndarray) and np.shares_memory(raw, given):
        fail(
            f"With rate={rate}, {label} returns x itself (or a view of it); the task asks "
            "for a new array.",
            "Return a new array even when nothing is dropped.",
            mistake="returns-x-itself",
        )
    y = expect_float_array(raw, f"{label} returned", _DROPOUT_HINT)
    if y.shape != x.shape:
        fail(f"{label} returns shape {y.shape} for x of shape {x.shape}; dropout keeps the shape.")
    expect_finite(y, f"{label} returns")
    return y


def _uniform_lines(dropped: np.ndarray) -> str | None:
    """``"rows"`` when whole rows (or columns...) are dropped or kept together."""
    if dropped.ndim < 2:
        return None
    for axis, name in ((dropped.ndim - 1, "rows"), (0, "columns")):
        all_same = dropped.all(axis=axis) | (~dropped).all(axis=axis)
        if all_same.mean() > 0.5:
            return name
    return None


def _check_dropout_rate(label: str, func: Any, shape: tuple, rate: float, rng: Any) -> None:
    """Task 2.5 on one input: a new array, values dropped one by one, the rest rescaled."""
    x = rng.uniform(0.5, 2.0, size=shape)
    y = _call_dropout(label, func, x, rate, int(rng.integers(2**31)))
    dropped_mask = y == 0
    dropped = float(dropped_mask.mean())
    if dropped == 0:
        fail(
            f"With rate={rate}, {label} drops nothing: no value is set to 0.",
            mistake="drops-nothing",
        )
    lines = _uniform_lines(dropped_mask)
    if lines is not None:
        fail(
            f"For x of shape {x.shape}, {label} drops or keeps whole {lines} together; "
            "dropout decides for each value on its own.",
            "The random mask needs one random number per value of x, in x's shape.",
            mistake="mask-per-line",
        )
    if abs(dropped - (1 - rate)) < 0.04 and abs(rate - 0.5) > 0.1:
        fail(
            f"With rate={rate}, {label} drops {dropped:.0%} of the values: `rate` is "
            "the fraction to drop, not the fraction to keep.",
            mistake="rate-is-keep",
        )
    if abs(dropped - rate) > 0.04:
        fail(
            f"With rate={rate}, {label} drops {dropped:.0%} of the values of an x of shape "
            f"{x.shape}, expected about the fraction `rate`."
        )
    kept = ~dropped_mask
    if _close(y[kept], x[kept]):
        fail(
            f"{label} does not rescale the values it keeps, so the expected sum changes.",
            _DROPOUT_SECTION,
            mistake="not-rescaled",
        )
    if _close(y[kept], x[kept] * (1 - rate)):
        fail(
            f"{label} shrinks the values it keeps; inverted dropout makes them larger, so "
            "that the average stays the same.",
            _DROPOUT_SECTION,
            mistake="multiplies-by-keep",
        )
    if not _close(y[kept], x[kept] / (1 - rate)):
        fail(
            f"{label} rescales the values it keeps by the wrong factor for rate={rate}.",
            _DROPOUT_SECTION,
        )


@EXERCISE.task(
    "2.5",
    "Dropout by hand",
    points=2,
    names=("dropout",),
    hint=_DROPOUT_HINT,
)
def _dropout(ns: Mapping[str, Any]) -> None:
    func = expect_callable("dropout", require(ns, "dropout"))
    rng = fresh_rng()
    label = "`dropout(x, rate, rng)`"
    for shape, rate in _DROPOUT_CASES:
        _check_dropout_rate(label, func, shape, rate, rng)
    x = rng.uniform(0.5, 2.0, size=(10, 10))
    y0 = _call_dropout(label, func, x, 0.0, 0)
    if not _close(y0, x):
        fail(
            f"With rate=0, {label} should return the values of x unchanged; it returned "
            f"{describe_value(y0)} with other values."
        )
    a = _call_dropout(label, func, x, 0.5, 1)
    b = _call_dropout(label, func, x, 0.5, 2)
    if np.array_equal(a == 0, b == 0):
        fail(
            f"{label} drops the same values every time: draw the mask from `rng`.",
            mistake="fixed-mask",
        )
    again = _call_dropout(label, func, x, 0.5, 1)
    if not np.array_equal(a == 0, again == 0):
        fail(
            f"{label} gives different masks for two generators with the same seed: it draws "
            "from NumPy's global random state (np.random...) instead of the `rng` it is given.",
            "Draw the mask from the generator `rng` that the function receives.",
            mistake="ignores-rng",
        )
