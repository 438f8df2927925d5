"""Checks for exercise 01, the perceptron (``exercises/01_perceptron.ipynb``).

Tasks
-----
1.1 ``neuron_output(x, w, b)``: one neuron's weighted sum plus bias, by hand.
1.2 ``weights`` and ``bias``: a Dense layer's parameters for a given formula.
1.3 ``perceptron``: a Functional Keras perceptron built to a specification.
1.4 ``binary_step(x)``: the step activation in ``keras.ops``.
1.5 ``least_squares(X, y)``: the weights a linear perceptron learns, by NumPy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    call_student,
    describe_value,
    expect_callable,
    expect_finite,
    expect_shape,
    fail,
    fresh_rng,
    require,
    require_all,
    student_code,
    to_array,
    to_number,
)
from .registry import Exercise

__all__ = ["EXERCISE"]

EXERCISE = Exercise("01", "perceptron", "The perceptron")

# Task 1.2's formula, y = 2·x1 − x2 + 0.5·x3 + 1 (private: it is the answer)
_FORMULA_WEIGHTS = (2.0, -1.0, 0.5)
_FORMULA_BIAS = 1.0


def _close(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    return bool(np.allclose(a, b, rtol=rtol, atol=atol))


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "1.1",
    "A neuron by hand",
    points=1,
    names=("neuron_output",),
    hint="A neuron weighs each input, adds the weighted inputs up into one number and "
    "adds its bias once: lesson 1, section 1.",
)
def _neuron_output(ns: Mapping[str, Any]) -> None:
    func = expect_callable("neuron_output", require(ns, "neuron_output"))
    rng = fresh_rng()
    for n in (3, 1, int(rng.integers(4, 9))):
        x, w = rng.normal(size=n), rng.normal(size=n)
        # a bias far from 0, so that leaving it out (or adding it n times) shows
        b = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
        label = "`neuron_output(x, w, b)`"
        raw = call_student(label, func, x.copy(), w.copy(), b)
        if isinstance(raw, list | tuple) or _ndim(raw) > 0:
            fail(
                f"{label} returned {describe_value(raw)}, expected a single number: the "
                "neuron's output itself, not inside a list or an array.",
                "Add the weighted inputs up into one number, then add the bias "
                "(lesson 1, section 1).",
                mistake="not-a-number",
            )
        got = to_number(raw, f"{label} returned", "Return one number (lesson 1, section 1).")
        if _close(got, x @ w + b):
            continue
        whole = {int(x @ w + b), round(x @ w + b), int(np.floor(x @ w + b))}
        if isinstance(raw, int | np.integer) and not isinstance(raw, bool) and raw in whole:
            fail(
                f"{label} returned the whole number {raw}: int() (or an integer array) cuts "
                "off the decimals of the neuron's output.",
                "Return the weighted sum plus the bias as it is, a float.",
                mistake="returns-integer",
            )
        if _close(got, x @ w):
            fail(
                f"{label} leaves out the bias: the result is the weighted sum alone.",
                "Add the bias b to the weighted sum.",
                mistake="no-bias",
            )
        if n > 1 and _close(got, x @ w + n * b):
            fail(
                f"{label} adds the bias once per input; a neuron adds it once.",
                mistake="bias-per-input",
            )
        if _close(got, x.sum() + w.sum() + b) or _close(got, (x + w).sum() + b):
            fail(
                f"{label} adds the inputs and weights; it should multiply each input by its "
                "weight.",
                mistake="adds-instead-of-multiplies",
            )
        fail(f"{label} gives a wrong value for random inputs x and w of length {n}.")


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "1.2",
    "A Dense layer's weights for a formula",
    points=1,
    names=("weights", "bias"),
    hint="Row i of a Dense kernel holds the weight of input x_i, and the bias is the "
    "formula's constant term: lesson 1, section 1 (the same neuron as a Keras layer).",
)
def _weights_bias(ns: Mapping[str, Any]) -> None:
    weights, bias = require_all(ns, "weights", "bias")
    W = to_array(weights, "`weights` is")
    if W.shape == (1, 3):
        fail(
            "`weights` has shape (1, 3), expected one row per input and one column per "
            "unit: (3, 1).",
            "Transpose it, or write it as a column: [[w1], [w2], [w3]].",
            mistake="transposed-kernel",
        )
    expect_shape(W, (3, 1), "`weights` has", "one weight per input and one output")
    B = to_array(bias, "`bias` is")
    if B.shape == ():
        fail(
            "`bias` is a single number; a Dense layer keeps one bias per unit in an array "
            "of shape (1,).",
            "Put the number in a 1-D array.",
            mistake="scalar-bias",
        )
    expect_shape(B, (1,), "`bias` has", "one bias for the one unit")
    expect_finite(W, "`weights` holds")
    expect_finite(B, "`bias` holds")
    wrong = [f"x{i + 1}" for i in range(3) if not _close(W[i, 0], _FORMULA_WEIGHTS[i])]
    if wrong:
        if _close(np.sort(W[:, 0]), np.sort(_FORMULA_WEIGHTS)):
            fail("`weights` has the right numbers in the wrong rows.", mistake="rows-swapped")
        fail(f"`weights` gives the wrong weight to {' and '.join(wrong)}.")
    if not _close(B[0], _FORMULA_BIAS):
        fail("`bias` is not the formula's constant term.")
    # behaviour: the two arrays fit a Dense layer and compute the formula
    X = fresh_rng().normal(size=(16, 3))
    if not _close(X @ W + B, X @ np.array(_FORMULA_WEIGHTS)[:, None] + _FORMULA_BIAS):
        fail("`weights` and `bias` do not compute the formula on random inputs.")


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "1.3",
    "A perceptron to a specification",
    points=2,
    names=("perceptron",),
    hint="The Functional API: an input, a layer called on it, and a model made from both "
    "ends (lesson 1, section 4).",
)
def _perceptron(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    model = kc.expect_model("perceptron", require(ns, "perceptron"))
    if isinstance(model, k.Sequential):
        fail(
            "`perceptron` is a Sequential model; this task asks for the Functional API.",
            "Lesson 1, section 4 writes the same model both ways.",
            mistake="sequential-not-functional",
        )
    shape = kc.input_shape(model)
    if shape[1:] != (4,):  # the batch size, if one was given, is not judged
        fail(f"`perceptron` takes inputs of shape {shape}, expected 4 features: (None, 4).")
    layers = kc.model_layers(model)
    dense = kc.dense_layers(model)
    if not dense:
        fail("`perceptron` has no Dense layer: a perceptron is one Dense neuron.")
    if len(dense) > 1:
        fail(
            f"`perceptron` has {len(dense)} Dense layers; a perceptron is a single Dense "
            "layer with one neuron, without hidden layers."
        )
    layer = dense[0]
    if layer.units != 1:
        fail(
            f"`perceptron`'s Dense layer has {layer.units} units, expected one output neuron.",
            "Set units=1.",
        )
    if not layer.use_bias:
        fail(
            "`perceptron`'s Dense layer has no bias (use_bias=False): a perceptron adds "
            "a bias b to its weighted sum.",
            "Leave use_bias at its default, True.",
            mistake="no-bias",
        )
    following = layers[layers.index(layer) + 1] if layer is not layers[-1] else None
    activation = kc.activation_name(layer, following)
    if activation != "sigmoid":
        fail(
            f"`perceptron`'s neuron uses the {activation!r} activation, expected a sigmoid.",
            'Pass activation="sigmoid" to the Dense layer.',
            mistake="wrong-activation",
        )
    X = fresh_rng().normal(size=(32, 4)).astype("float32")
    out = kc.predict("perceptron", model, X)
    if out.shape != (32, 1):
        fail(f"`perceptron` returns shape {out.shape} for 32 samples, expected (32, 1).")
    kernel, bias = (np.asarray(v) for v in layer.get_weights())
    expected = 1 / (1 + np.exp(-(X @ kernel + bias)))
    if not _close(out, expected, rtol=1e-4, atol=1e-5):
        fail(
            "`perceptron`'s output is not sigmoid(x @ w + b) of its Dense layer: "
            "is another layer changing it?"
        )


# --------------------------------------------------------------------------- #
_STEP_HINT = (
    "Build it from keras.ops operations only, not NumPy and not a Python `if` on the "
    "tensor: lesson 1, section 3 shows the step with them."
)


def _dtype_of(tensor: Any) -> str:
    """``"float32"``: the dtype of a tensor or array, as its name."""
    dtype = getattr(tensor, "dtype", "")
    return str(getattr(dtype, "name", dtype)).replace("<dtype: '", "").rstrip("'>")


def _ndim(value: Any) -> int:
    """The number of axes of an array-like answer (0 for a number or a hostile object)."""
    try:
        return int(np.ndim(value))
    except Exception:  # noqa: BLE001 - to_number decides about it
        return 0


@EXERCISE.task(
    "1.4",
    "The step activation in keras.ops",
    points=2,
    names=("binary_step",),
    hint=_STEP_HINT,
)
def _binary_step(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    func = expect_callable("binary_step", require(ns, "binary_step"))
    rng = fresh_rng()
    # both dtypes, so that "the same dtype as x" shows
    for shape, dtype in (((9,), "float32"), ((4, 5), "float64"), ((2, 3, 2), "float32")):
        x = rng.normal(size=shape).astype(dtype)
        x.reshape(-1)[:3] = (0.0, 1e-3, -1e-3)
        label = "`binary_step(x)`"
        out = call_student(label, func, k.ops.convert_to_tensor(x))
        with student_code(label, hint=_STEP_HINT):
            got_dtype = _dtype_of(out)  # a student's object may raise here too
        if isinstance(out, np.ndarray | np.generic):
            fail(
                f"{label} returns a NumPy array, not a tensor: NumPy cannot work on the "
                "symbolic tensors Keras passes to an activation inside a model.",
                _STEP_HINT,
                mistake="numpy-not-ops",
            )
        if "bool" in got_dtype:
            fail(
                f"{label} returns booleans (True/False); an activation must return numbers.",
                "Turn the comparison's True/False into numbers of x's dtype (lesson 1, section 3).",
                mistake="returns-booleans",
            )
        if "int" in got_dtype:
            fail(
                f"{label} returns integers ({got_dtype}); an activation must return floats like "
                "its input.",
                "Give the result x's own dtype (lesson 1, section 3).",
                mistake="returns-integers",
            )
        if got_dtype and dtype != got_dtype:
            fail(
                f"{label} returns {got_dtype} for an input of dtype {dtype}; the task asks "
                "for the same dtype as x.",
                "Use x's own dtype rather than a fixed one such as float32.",
                mistake="wrong-dtype",
            )
        y = to_array(out, f"{label} returned", hint=_STEP_HINT)
        if y.shape != x.shape:
            fail(
                f"{label} returns shape {y.shape} for an input of shape {x.shape}: an "
                "activation works element by element and keeps the shape."
            )
        expected = (x >= 0).astype(float)
        if np.array_equal(y, expected):
            continue
        flat_x, flat_y = x.reshape(-1), y.reshape(-1)
        if np.any(flat_y[flat_x < 0] < 0):
            fail(
                f"{label} returns -1 for negative inputs; a step returns 0 there "
                "(keras.ops.sign is not a step).",
                mistake="sign-not-step",
            )
        if not np.isin(flat_y, (0.0, 1.0)).all():
            fail(f"{label} returns values other than 0 and 1.")
        if flat_y[0] == 0.0 and np.array_equal(y.reshape(-1)[1:], expected.reshape(-1)[1:]):
            fail(
                f"{label} returns 0 at x = 0; in this course the step fires at 0 (1 where x >= 0).",
                "Which comparison includes 0 itself?",
                mistake="strict-comparison",
            )
        fail(f"{label} returns 1 and 0 in the wrong places: 1 where x >= 0, else 0.")
    # inside a model: symbolic tensors when Keras traces the graph
    W = rng.normal(size=(3, 2)).astype("float32")
    b = rng.normal(size=2).astype("float32")
    X = rng.normal(size=(8, 3)).astype("float32")
    with student_code("`binary_step` inside a Functional model", hint=_STEP_HINT):
        inputs = k.Input(shape=(3,))
        outputs = k.layers.Dense(2, activation=func)(inputs)
        model = k.Model(inputs, outputs)
        model.layers[-1].set_weights([W, b])
        out = model.predict(X, verbose=0)
    y = to_array(out, "A Dense layer using `binary_step` returned")
    if y.shape != (8, 2) or not np.array_equal(y, (X @ W + b >= 0).astype(float)):
        fail(
            "`binary_step` works on its own but gives wrong outputs inside a Functional model.",
            _STEP_HINT,
            mistake="fails-in-model",
        )


# --------------------------------------------------------------------------- #
_LSQ_HINT = (
    "Fit the bias in the same least-squares call as the weights: lesson 1, section 2 "
    "shows how a linear neuron's bias fits into least squares."
)


def _least_squares_reference(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X1 = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(X1, y, rcond=None)[0]
    return coef[:-1].reshape(-1, 1), coef[-1:]


@EXERCISE.task(
    "1.5",
    "What a linear perceptron learns",
    points=2,
    names=("least_squares",),
    hint=_LSQ_HINT,
)
def _least_squares(ns: Mapping[str, Any]) -> None:
    func = expect_callable("least_squares", require(ns, "least_squares"))
    rng = fresh_rng()
    for n in (3, int(rng.integers(1, 6))):
        m = 40
        # inputs off-centre and an intercept far from 0: a fit without the
        # bias (through the origin) then gets the weights visibly wrong
        X = rng.normal(size=(m, n)) + rng.uniform(0.5, 2.0, size=n)
        intercept = float(rng.choice([-1.0, 1.0]) * rng.uniform(1.0, 3.0))
        y = X @ rng.normal(size=n) + intercept + 0.1 * rng.normal(size=m)
        label = "`least_squares(X, y)`"
        out = call_student(label, func, X.copy(), y.copy())
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail(
                f"{label} returned {describe_value(out)}, expected two things: (weights, bias).",
                "End with `return weights, bias`.",
            )
        W = to_array(out[0], f"The weights returned by {label} are")
        B = to_array(out[1], f"The bias returned by {label} is")
        if n > 1 and np.shape(W) in ((1,), ()) and np.shape(B) == (n, 1):
            fail(
                f"{label} returns (bias, weights); the task asks for (weights, bias), in "
                "that order.",
                mistake="swapped-return",
            )
        expect_shape(
            W,
            (n, 1),
            f"With {n} inputs, the weights returned by {label} have",
            "one row per input, one column for the one unit",
        )
        if B.shape == ():
            fail(
                f"The bias returned by {label} is a single number; a Dense layer keeps it "
                "in an array of shape (1,).",
                "Return it as a 1-D array of one number.",
            )
        expect_shape(B, (1,), f"The bias returned by {label} has", "one bias for the one unit")
        expect_finite(W, f"The weights returned by {label} hold")
        expect_finite(B, f"The bias returned by {label} holds")
        W_ref, B_ref = _least_squares_reference(X, y)
        if _close(W, W_ref, rtol=1e-4, atol=1e-6) and _close(B, B_ref, rtol=1e-4, atol=1e-6):
            continue
        through_origin = np.linalg.lstsq(X, y, rcond=None)[0].reshape(-1, 1)
        if _close(W, through_origin, rtol=1e-4, atol=1e-6):
            fail(
                f"{label} fits a line through the origin: the bias is not fitted.",
                _LSQ_HINT,
                mistake="no-bias",
            )
        if _close(W, W_ref, rtol=1e-4, atol=1e-6):
            fail(
                f"The weights returned by {label} are right, but the bias is not.",
                mistake="wrong-bias",
            )
        fail(
            f"{label} does not return the least-squares weights for random X and y "
            f"({m} samples, {n} inputs)."
        )
