"""Checks for exercise 03, seeing the network (``exercises/03_seeing_the_network.ipynb``).

Tasks
-----
3.1 ``count_edges(layer_sizes)``: the lines a network diagram draws.
3.2 ``count_params(layer_sizes)``: the parameters ``model.summary()`` reports.
3.3 ``describe_layers(model)``: name, units and activation of each Dense layer.
3.4 ``strongest_edge(layer)``: the connection with the largest weight.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    call_student,
    describe_value,
    diagnose,
    draw_until,
    expect_callable,
    fail,
    fresh_rng,
    require,
    to_whole_number,
)
from .registry import Exercise

__all__ = ["EXERCISE"]

EXERCISE = Exercise("03", "seeing_the_network", "Seeing the network")


def _count(value: Any, label: str) -> int:
    """A count returned by the student: an int (or NumPy integer), else fail."""
    got = to_whole_number(value, f"{label} returned")
    if not isinstance(value, int | np.integer) or isinstance(value, bool):
        fail(
            f"{label} returned {describe_value(value)}; a count is an `int`, as the task "
            "asks (a float such as 12.0 is not).",
            "Count with whole numbers all the way, or turn the result into an int.",
            mistake="returns-float",
        )
    return got


def _random_sizes(rng: Any) -> list[int]:
    return [int(n) for n in rng.integers(1, 40, size=int(rng.integers(3, 6)))]


def _edges(sizes: list[int]) -> int:
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def _params(sizes: list[int]) -> int:
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "3.1",
    "Counting the edges of a diagram",
    points=1,
    names=("count_edges",),
    hint="Every neuron of one layer is joined to every neuron of the next: count the lines "
    "between each pair of neighbouring layers, then add them up (lesson 3, section 1).",
)
def _count_edges(ns: Mapping[str, Any]) -> None:
    func = expect_callable("count_edges", require(ns, "count_edges"))
    rng = fresh_rng()
    # [2, 4, 1] first: on it every mistake below gives a different number
    for sizes in ([2, 4, 1], [3, 1], _random_sizes(rng)):
        label = f"`count_edges({sizes})`"
        got = _count(call_student(label, func, list(sizes)), label)
        if got == _edges(sizes):
            continue
        if got == _params(sizes):
            fail(
                f"{label} counts the biases too; a diagram draws only the connections "
                "between neurons (the weights).",
                mistake="counts-biases",
            )
        if got == sum(a * b for a, b in zip(sizes, sizes[1:] + [1], strict=True)):
            fail(
                f"{label} counts connections after the output layer.",
                mistake="past-output-layer",
            )
        if got == sum(sizes):
            fail(
                f"{label} counts neurons, not the connections between them.",
                mistake="counts-neurons",
            )
        fail(f"{label} returned {got}, which is not the number of connections.")


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "3.2",
    "Counting parameters",
    points=1,
    names=("count_params",),
    hint="A Dense layer has one weight per connection and one bias per unit; lesson 1, "
    "section 5 counts them by hand.",
)
def _count_params(ns: Mapping[str, Any]) -> None:
    func = expect_callable("count_params", require(ns, "count_params"))
    rng = fresh_rng()
    for sizes in ([3, 1], [4, 3, 1], _random_sizes(rng)):
        label = f"`count_params({sizes})`"
        got = _count(call_student(label, func, list(sizes)), label)
        if got == _params(sizes):
            continue
        if got == _edges(sizes):
            fail(
                f"{label} forgets the biases: every neuron after the input layer has one.",
                mistake="no-biases",
            )
        if got == sum(a * (b + 1) for a, b in zip(sizes[:-1], sizes[1:], strict=False)):
            fail(
                f"{label} counts one bias per input of each layer instead of one per unit "
                "(a bias belongs to each neuron that receives inputs). Are the two sizes of "
                "each pair of layers swapped?",
                mistake="bias-per-input",
            )
        if got == _params(sizes) + sizes[0]:
            fail(
                f"{label} gives the input layer biases too; inputs have no parameters.",
                mistake="input-biases",
            )
        if got in (_params(sizes[:-1]), _params(sizes[1:])):
            fail(f"{label} leaves out one of the layers.", mistake="missing-layer")
        fail(f"{label} returned {got}, which is not the number of parameters.")


# --------------------------------------------------------------------------- #
_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "elu", "softplus")


def _random_model(rng: Any, functional: bool) -> tuple[Any, list[tuple[str, int, str]]]:
    k = kc.keras()
    n_in = int(rng.integers(2, 9))
    spec = []
    for i in range(int(rng.integers(2, 4))):
        name = f"{rng.choice(['hidden', 'h', 'dense', 'layer'])}_{i + 1}_{rng.integers(100)}"
        spec.append((name, int(rng.integers(1, 17)), str(rng.choice(_ACTIVATIONS))))
    spec.append(("output", 1, "sigmoid"))
    inputs = k.Input(shape=(n_in,), name="features")
    layers = []
    # at least one Dropout (a layer without units), so that listing every layer shows
    with_dropout = rng.random(len(spec) - 1) < 0.6
    with_dropout[int(rng.integers(len(spec) - 1))] = True
    for j, (name, units, act) in enumerate(spec):
        layers.append(k.layers.Dense(units, activation=act, name=name))
        if j < len(spec) - 1 and with_dropout[j]:
            layers.append(k.layers.Dropout(0.1, name=f"drop_{j + 1}"))
    if functional:
        x = inputs
        for layer in layers:
            x = layer(x)
        return k.Model(inputs, x), spec
    return k.Sequential([inputs, *layers]), spec


def _as_rows(value: Any, label: str) -> list[tuple]:
    if value is None:
        fail(f"{label} returned None, expected a list. Did you forget `return`?")
    if not isinstance(value, list):
        fail(
            f"{label} returned {describe_value(value)}, expected a list of "
            "(name, units, activation) tuples.",
            mistake="not-a-list" if isinstance(value, tuple) else "",
        )
    rows = []
    for row in value:
        if isinstance(row, dict):
            fail(
                f"{label} returns dicts; expected (name, units, activation) tuples.",
                mistake="returns-dicts",
            )
        if isinstance(row, list) and len(row) == 3:
            fail(
                f"{label} returns each layer as a list; the task asks for tuples "
                "(name, units, activation).",
                "Write each row in parentheses, as a tuple.",
                mistake="rows-not-tuples",
            )
        if not isinstance(row, tuple) or len(row) != 3:
            fail(
                f"{label} returns items like {describe_value(row)}; expected "
                "(name, units, activation) tuples."
            )
        name, units, activation = row
        if not isinstance(name, str):
            fail(f"{label} gives a layer name as {describe_value(name)}, expected a str.")
        if isinstance(units, bool) or not isinstance(units, int | np.integer):
            fail(
                f"{label} gives units as {describe_value(units)}, expected an int: the layer's "
                "number of neurons."
            )
        if not isinstance(activation, str):
            fail(
                f"{label} gives the activation of {name!r} as {describe_value(activation)}; "
                "give its name as a string, e.g. 'relu'.",
                "A layer's configuration holds the name of its activation (lesson 3, section 2 "
                "labels layers with it).",
                mistake="activation-not-name",
            )
        rows.append((name, int(units), activation))
    return rows


@EXERCISE.task(
    "3.3",
    "Reading a model's layers",
    points=2,
    names=("describe_layers",),
    hint="Go through the model's layers in order, keep the Dense ones, and read each one's "
    "name, number of units and activation name (lesson 3, section 2 labels layers so).",
)
def _describe_layers(ns: Mapping[str, Any]) -> None:
    func = expect_callable("describe_layers", require(ns, "describe_layers"))
    rng = fresh_rng()
    for functional in (False, True):
        model, spec = _random_model(rng, functional)
        kind = "Functional" if functional else "Sequential"
        label = f"`describe_layers(model)` for a {kind} model"
        rows = _as_rows(call_student(label, func, model), label)
        if len(rows) != len(spec):
            extra = [row[0] for row in rows if row[0] not in [s[0] for s in spec]]
            if len(rows) > len(spec):
                fail(
                    f"{label} lists {len(rows)} layers, but the model has {len(spec)} Dense "
                    "layers" + (f"; it also lists {extra}" if extra else "") + ". Layers "
                    "without neurons (Input, Dropout) have no units: leave them out.",
                    mistake="lists-every-layer",
                )
            fail(f"{label} lists {len(rows)} layers, but the model has {len(spec)} Dense layers.")
        for (name, units, act), (exp_name, exp_units, exp_act) in zip(rows, spec, strict=True):
            if name != exp_name:
                if set(r[0] for r in rows) == set(s[0] for s in spec):
                    fail(
                        f"{label} lists the layers out of order: keep the model's order.",
                        mistake="out-of-order",
                    )
                fail(f"{label} gives a layer the name {describe_value(name)}, not its own name.")
            if units != exp_units:
                fail(
                    f"{label} gives layer {name!r} {units} units, which is not its number "
                    "of neurons."
                )
            if act != exp_act:
                fail(
                    f"{label} gives layer {name!r} the activation {act!r}, which is not "
                    "the one it uses."
                )


# --------------------------------------------------------------------------- #
def _as_pair(value: Any, label: str) -> tuple[int, int]:
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        fail(
            f"{label} returned a single number ({int(value)}), perhaps a flat index; "
            "expected a pair (input index, unit index).",
            "A position in the flattened kernel can be turned back into (row, column): "
            "NumPy has a function for that.",
            mistake="flat-index",
        )
    if isinstance(value, list) and len(value) == 2:
        fail(
            f"{label} returned a list; the task asks for a pair, a tuple "
            "(input index, unit index).",
            mistake="list-not-tuple",
        )
    if not isinstance(value, tuple) or len(value) != 2:
        fail(
            f"{label} returned {describe_value(value)}, expected a pair (input index, unit index)."
        )
    pair = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | np.integer):
            if isinstance(item, np.ndarray) and item.size == 1 and item.dtype.kind in "iu":
                item = int(item)
            else:
                fail(
                    f"{label} returned a pair holding {describe_value(item)}; expected two "
                    "whole numbers (indices)."
                )
        pair.append(int(item))
    return pair[0], pair[1]


@EXERCISE.task(
    "3.4",
    "The strongest connection",
    points=2,
    names=("strongest_edge",),
    hint="Here strength is the size |w| of a weight, whatever its sign: compare the sizes of all "
    "the kernel's entries and give the row and column of the largest (lesson 3, section 4).",
)
def _strongest_edge(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    func = expect_callable("strongest_edge", require(ns, "strongest_edge"))
    rng = fresh_rng()
    failures = []
    for trial, sign in enumerate((-1.0, 1.0, -1.0)):
        n_in, units = int(rng.integers(3, 9)), int(rng.integers(2, 7))
        # i != j, so that (unit, input) differs from (input, unit); and the largest
        # positive weight not at (j, i), so that the two mistakes are told apart
        i, j = draw_until(
            lambda r, n_in=n_in, units=units: (int(r.integers(n_in)), int(r.integers(units))),
            # and for the first kernel away from row 0 and column 0, so that an
            # index left at 0 always shows
            lambda pair, trial=trial: pair[0] != pair[1] and (trial > 0 or min(pair) > 0),
            rng,
        )

        def planted(r: Any, shape=(n_in, units), at=(i, j), value=sign * 2.5) -> np.ndarray:
            weights = r.uniform(-1, 1, size=shape)
            weights[at] = value
            return weights

        kernel = draw_until(
            planted,
            lambda w, swapped=(j, i): np.unravel_index(np.argmax(w), w.shape) != swapped,
            rng,
        )
        bias = rng.uniform(-4, 4, size=units)  # larger than any weight: not an edge
        layer = k.layers.Dense(units)
        layer.build((None, n_in))
        layer.set_weights([kernel.astype("float32"), bias.astype("float32")])
        label = f"`strongest_edge(layer)` for a layer with {n_in} inputs and {units} units"
        got = _as_pair(call_student(label, func, layer), label)
        if got != (i, j):
            failures.append((got, (i, j), kernel, sign))
    if not failures:
        return
    label = "`strongest_edge(layer)`"
    message = diagnose(
        failures,
        [
            (
                lambda f: f[0] == f[1][::-1],
                f"{label} returns (unit, input); return (input index, unit index), in the "
                "order of the kernel's rows and columns.",
                "swapped-indices",
            ),
            (
                lambda f: (
                    f[3] < 0
                    and f[0] == tuple(int(v) for v in np.unravel_index(np.argmax(f[2]), f[2].shape))
                ),
                f"{label} picks the largest positive weight; strength is the size |w|, so a "
                "large negative weight is a strong connection too.",
                "no-absolute-value",
            ),
        ],
    )
    if message is not None:
        fail(message[0], mistake=message[1])
    got, _, kernel, _ = failures[0]
    fail(
        f"{label} returned {got} for a kernel of shape {kernel.shape}, which is not the "
        "connection with the largest |weight|."
    )
