"""Keras model builders for the lessons: a perceptron and a small deep network.

Keras is imported inside the functions (through :func:`nnteach._keras.import_keras`),
so importing this module stays fast. The builders return *uncompiled* models:
``model.compile(...)`` is part of what the lessons teach.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._keras import import_keras
from ._validation import check_choice, check_int, check_type, describe
from .layers import check_dropout, dense_chain

__all__ = [
    "step_activation",
    "build_deep_network",
    "build_perceptron",
    "suggest_hidden_units",
]

_APIS = ("sequential", "functional")
_TASKS = ("classification", "regression")
_REGISTERED = False


def _register_serializables() -> None:
    """Register :func:`step_activation` with Keras's serialization, once.

    Registration needs Keras, and this module must not import Keras when it is
    loaded. So it happens on first use instead: when :func:`step_activation` runs
    (which it does while any model containing it is built), when a builder is
    called, or right at import if Keras is already loaded. A model saved with
    ``step_activation`` is then reloaded by ``keras.saving.load_model`` in any
    session where one of these has happened.
    """
    global _REGISTERED
    if _REGISTERED:
        return
    keras = import_keras()
    keras.saving.register_keras_serializable(package="nnteach")(step_activation)
    _REGISTERED = True


def step_activation(x: Any) -> Any:
    """Step activation: 1 where ``x >= 0``, 0 elsewhere.

    Introduced in lesson 1 (the perceptron).

    The original perceptron fires (outputs 1) when its weighted sum reaches a
    threshold, here 0 (the bias moves the threshold). Written with
    ``keras.ops``, so it works as ``Dense(1, activation=step_activation)`` in both
    Sequential and Functional models and on every Keras backend (TensorFlow,
    JAX, PyTorch). The older ``K.switch(x > 0, x / x, x * 0)`` version from
    ``tensorflow.keras.backend`` also builds, predicts and fits in both kinds
    of model on TensorFlow 2.21 / Keras 3.15 (lesson 1 shows it), but it only
    runs on TensorFlow (plain ``import keras`` has no ``keras.backend.switch``)
    and its ``x / x`` has a NaN gradient at 0.

    **It cannot be trained by gradient descent.** The step is flat on both
    sides of 0, so its derivative is 0 everywhere except at 0, where it does
    not exist. Every gradient that flows back through it is multiplied by 0:
    ``model.fit`` runs, but the weights before the step never change. That is
    why trained networks use activations with a non-zero slope (sigmoid and
    tanh everywhere, ReLU for positive inputs) and why the classic perceptron
    used its own learning rule instead of gradients.

    The output is ``step + 0 * sign(x)``. The second term changes no value, but
    it connects the output to ``x`` with a derivative of exactly 0. Without
    it, TensorFlow would report no gradient at all (``None``) and
    ``model.fit`` would stop with "No gradients provided for any variable"
    instead of showing weights that do not move.

    ``step_activation`` is registered with Keras's serialization as
    ``"nnteach>step_activation"`` on first use, so a saved model that uses it can be
    loaded again with ``keras.saving.load_model`` once ``step_activation`` has been
    used (or a builder called) in the session. Otherwise pass
    ``custom_objects={"nnteach>step_activation": step_activation}``.

    Parameters
    ----------
    x : tensor
        Weighted sums (any shape, floating dtype).

    Returns
    -------
    tensor
        Same shape and dtype as ``x``, with values 0.0 and 1.0.

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import step_activation
    >>> np.asarray(step_activation(np.array([-2.0, 0.0, 0.5], dtype="float32")))
    array([0., 1., 1.], dtype=float32)

    >>> import keras
    >>> inputs = keras.Input(shape=(3,))
    >>> outputs = keras.layers.Dense(1, activation=step_activation)(inputs)
    >>> model = keras.Model(inputs, outputs)  # Functional API works too
    """
    keras = import_keras()
    _register_serializables()
    ops = keras.ops
    if not hasattr(x, "dtype"):  # a list or a Python number
        x = ops.convert_to_tensor(x, dtype=keras.config.floatx())
    step = ops.cast(ops.greater_equal(x, 0), x.dtype)
    # 0 * sign(x): no change in value, derivative exactly 0 (see docstring).
    return step + ops.multiply(ops.sign(x), 0)


def _resolve_activation(activation: Any, name: str = "activation") -> str | Callable:
    """Validate an activation and turn ``"step"`` into :func:`step_activation`."""
    keras = import_keras()
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        if activation in ("step", "step_activation"):
            return step_activation
        try:
            keras.activations.get(activation)
        except ValueError:
            raise ValueError(
                f"Invalid value for argument `{name}`. Expected the name of a Keras "
                "activation such as 'linear', 'sigmoid', 'tanh', 'relu' or 'softmax', "
                f"'step' for step_activation, or a function. Received: {name}={activation!r}. "
                "Check the spelling."
            ) from None
        return activation
    if callable(activation):
        return activation
    raise TypeError(
        f"Invalid type for argument `{name}`. Expected a str (an activation name) or a "
        f"callable. Received: {name}={describe(activation)} "
        f"(type {type(activation).__name__})."
    )


def _check_seed(seed: Any) -> int | None:
    if seed is None:
        return None
    return check_int(
        "seed",
        seed,
        minimum=0,
        hint="Pass a whole number such as 0, or None for weights drawn from the global "
        "random state (keras.utils.set_random_seed).",
    )


def _kernel_initializer(keras: Any, seed: int | None) -> Any:
    """Keras's default kernel initializer, seeded (or the default itself for None)."""
    return "glorot_uniform" if seed is None else keras.initializers.GlorotUniform(seed=seed)


def _check_name(name: Any) -> str:
    check_type("name", name, str)
    if not name:
        raise ValueError("Invalid value for argument `name`. Expected a non-empty string.")
    return name


def _builder_setup(api: Any, name: Any, seed: Any, activation: Any) -> tuple[str, Any, Any, Any]:
    """What every builder checks and loads first: ``(name, seed, keras, activation)``."""
    check_choice("api", api, _APIS)
    name = _check_name(name)
    seed = _check_seed(seed)
    keras = import_keras()
    _register_serializables()
    return name, seed, keras, _resolve_activation(activation)


def build_perceptron(
    n_inputs: int,
    *,
    activation: str | Callable | None = "linear",
    api: str = "sequential",
    name: str = "perceptron",
    seed: int | None = None,
) -> Any:
    """Build a perceptron: ``n_inputs`` inputs feeding one neuron.

    Introduced in lesson 1 (the perceptron).

    The neuron computes ``activation(x @ w + b)``: ``n_inputs`` weights and one
    bias, ``n_inputs + 1`` parameters in all. With ``activation="linear"`` and
    a mean-squared-error loss it is linear regression; with ``"sigmoid"`` and
    binary cross-entropy it is logistic regression; with ``"step"``
    (:func:`step_activation`) it is Rosenblatt's original perceptron, which
    gradient descent cannot train.

    The model starts with ``keras.Input(shape=(n_inputs,))`` (the old
    ``input_dim=`` argument is deprecated in Keras 3), and its layer is named
    ``"output"``. It is returned uncompiled.

    Parameters
    ----------
    n_inputs : int
        Number of input features (at least 1).
    activation : str, callable or None, default="linear"
        A Keras activation name (``"linear"``, ``"sigmoid"``, ``"tanh"``,
        ``"relu"``...), ``"step"`` (or ``"step_activation"``) for :func:`step_activation`,
        or any callable.
        ``None`` means linear.
    api : {"sequential", "functional"}, default="sequential"
        Build a ``keras.Sequential`` model or a Functional ``keras.Model``.
        Both have the same layer and the same parameters.
    name : str, default="perceptron"
        Name of the model.
    seed : int or None, default=None
        Seed of the initial weights (``GlorotUniform(seed=seed)``, Keras's
        default initializer, seeded): two models built with the same seed
        start from the same weights, and building one neither reads nor
        changes the global random state. ``None`` draws them from the global
        random state (set by ``keras.utils.set_random_seed``).

    Returns
    -------
    keras.Model
        An uncompiled model mapping ``(batch, n_inputs)`` to ``(batch, 1)``.

    Examples
    --------
    >>> from nnteach import build_perceptron
    >>> model = build_perceptron(3, activation="sigmoid")
    >>> model.count_params()  # 3 weights + 1 bias
    4
    >>> build_perceptron(2, activation="step", api="functional").layers[-1].name
    'output'
    >>> a, b = build_perceptron(2, seed=7), build_perceptron(2, seed=7)
    >>> bool((a.get_weights()[0] == b.get_weights()[0]).all())
    True
    """
    n_inputs = check_int("n_inputs", n_inputs, minimum=1)
    name, seed, keras, activation = _builder_setup(api, name, seed, activation)
    inputs = keras.Input(shape=(n_inputs,), name="input")
    layer = keras.layers.Dense(
        1,
        activation=activation,
        kernel_initializer=_kernel_initializer(keras, seed),
        name="output",
    )
    if api == "sequential":
        return keras.Sequential([inputs, layer], name=name)
    return keras.Model(inputs, layer(inputs), name=name)


def _check_hidden_units(hidden_units: Any) -> tuple[int, ...]:
    if isinstance(hidden_units, bool):
        check_int("hidden_units", hidden_units)  # raises the usual TypeError
    if isinstance(hidden_units, numbers.Integral):
        hidden_units = (hidden_units,)
    if isinstance(hidden_units, str) or not isinstance(hidden_units, Iterable):
        raise TypeError(
            "Invalid type for argument `hidden_units`. Expected a tuple or list of whole "
            "numbers, one per hidden layer, e.g. (16, 8). "
            f"Received: hidden_units={describe(hidden_units)}."
        )
    return tuple(
        check_int(
            f"hidden_units[{i}]",
            units,
            minimum=1,
            hint="Every hidden layer needs at least one neuron.",
        )
        for i, units in enumerate(tuple(hidden_units))
    )


def build_deep_network(
    n_features: int,
    hidden_units: Sequence[int] | int = (16, 8),
    *,
    task: str = "classification",
    n_classes: int = 2,
    activation: str | Callable = "relu",
    dropout: float = 0.0,
    api: str = "sequential",
    name: str = "deep_network",
    seed: int | None = None,
) -> Any:
    """Build a fully connected network: inputs, hidden layers, one output layer.

    Introduced in lesson 2 (deep networks).

    Layers, in order (names in quotes):

    - ``"h1"``, ``"h2"``, ...: one ``Dense`` layer per entry of ``hidden_units``
      with ``activation``;
    - ``"drop1"``, ``"drop2"``, ...: a ``Dropout(dropout)`` after each hidden
      layer, only when ``dropout > 0``;
    - ``"output"``: 1 unit with sigmoid for binary classification
      (``n_classes=2``), ``n_classes`` units with softmax for more classes, or
      1 linear unit for regression (the rule of :func:`nnteach.layers.output_layer`).

    The list of layers is :func:`nnteach.layers.dense_chain`, which the
    architecture builder of lesson 3 also counts, writes as code and draws.

    The Sequential and Functional versions are the same network: same layer
    names, units, activations and parameter count, and after the same
    ``keras.utils.set_random_seed(...)`` (or with the same ``seed``) the same
    initial weights.

    The model is returned **uncompiled**: choosing the optimizer, the loss and
    the metrics in ``model.compile`` is part of the lesson. For binary
    classification use ``loss="binary_crossentropy"``; for more classes
    ``"sparse_categorical_crossentropy"`` with integer labels; for regression
    ``"mse"``.

    Parameters
    ----------
    n_features : int
        Number of input features.
    hidden_units : sequence of int or int, default=(16, 8)
        Neurons in each hidden layer; a single int means one hidden layer, and
        ``()`` means none (logistic or linear regression, for comparison).
    task : {"classification", "regression"}, default="classification"
        Chooses the output layer.
    n_classes : int, default=2
        Number of classes (at least 2). Ignored for regression.
    activation : str or callable, default="relu"
        Activation of the hidden layers (any Keras activation name or callable).
    dropout : float, default=0.0
        Dropout rate after each hidden layer, in [0, 1). 0 adds no Dropout layers.
    api : {"sequential", "functional"}, default="sequential"
        Build a ``keras.Sequential`` model or a Functional ``keras.Model``.
    name : str, default="deep_network"
        Name of the model.
    seed : int or None, default=None
        Seed of the initial weights: each ``Dense`` layer gets its own seeded
        ``GlorotUniform`` (Keras's default initializer), ``h1``, ``h2``... the
        seeds ``seed + 1``, ``seed + 2``..., the output layer ``seed``; the
        Dropout layers ``drop1``, ``drop2``... are seeded too, with the next
        numbers (``seed + len(hidden_units) + 1``...). Two networks built with
        the same seed start from the same weights (and drop the same neurons),
        and building one neither reads nor changes the global random state.
        ``None`` draws everything from the global random state (set by
        ``keras.utils.set_random_seed``).

    Returns
    -------
    keras.Model
        An uncompiled model.

    Examples
    --------
    >>> from nnteach import build_deep_network
    >>> model = build_deep_network(10, (16, 8), dropout=0.2)
    >>> [layer.name for layer in model.layers]
    ['h1', 'drop1', 'h2', 'drop2', 'output']
    >>> model.count_params()  # (10*16 + 16) + (16*8 + 8) + (8*1 + 1)
    321
    >>> build_deep_network(4, (8,), n_classes=3).output_shape
    (None, 3)
    >>> a, b = build_deep_network(2, (4,), seed=0), build_deep_network(2, (4,), seed=0)
    >>> all((wa == wb).all() for wa, wb in zip(a.get_weights(), b.get_weights()))
    True
    """
    n_features = check_int("n_features", n_features, minimum=1)
    units = _check_hidden_units(hidden_units)
    check_choice("task", task, _TASKS)
    if task == "classification":
        n_classes = check_int(
            "n_classes",
            n_classes,
            minimum=2,
            hint="Binary classification is n_classes=2 (one sigmoid output).",
        )
    dropout = check_dropout(dropout)
    name, seed, keras, activation = _builder_setup(api, name, seed, activation)

    def layer_seed(offset: int) -> int | None:
        return None if seed is None else seed + offset

    # The layers as plain data (names, units, the output rule), shared with the
    # architecture builder and the diagrams; created once, in the same order for
    # both APIs, so that the same global seed gives the same initial weights.
    specs = dense_chain(
        n_features,
        units,
        task=task,
        n_classes=n_classes,
        activation=activation
        if isinstance(activation, str)
        else getattr(activation, "__name__", repr(activation)),
        dropout=dropout,
    )
    layers = []
    n_hidden = 0
    for spec in specs[1:]:
        if spec.layer_type == "Dropout":
            # Seeded apart from the kernels: a SeedGenerator(k) starts from the
            # same state as an initializer seeded with k.
            drop_seed = layer_seed(len(units) + n_hidden)
            layers.append(keras.layers.Dropout(spec.rate, seed=drop_seed, name=spec.name))
            continue
        is_output = spec is specs[-1]
        n_hidden += not is_output
        layers.append(
            keras.layers.Dense(
                spec.units,
                # the hidden layers keep the callable given (step_activation...)
                activation=spec.activation if is_output else activation,
                kernel_initializer=_kernel_initializer(
                    keras, layer_seed(0 if is_output else n_hidden)
                ),
                name=spec.name,
            )
        )

    inputs = keras.Input(shape=(n_features,), name="input")
    if api == "sequential":
        return keras.Sequential([inputs, *layers], name=name)
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x, name=name)


def suggest_hidden_units(n_inputs: int, n_outputs: int = 1) -> int:
    """Rule-of-thumb size for a hidden layer: the mean of input and output sizes.

    Introduced in lesson 2 (deep networks).

    Returns ``ceil((n_inputs + n_outputs) / 2)``, at least 1. This is a
    **heuristic starting point, not a law**: the right size depends on the
    data and is found by trying several sizes and comparing validation scores,
    which is what the lesson does next.

    Parameters
    ----------
    n_inputs : int
        Number of input features.
    n_outputs : int, default=1
        Number of output units.

    Returns
    -------
    int

    Examples
    --------
    >>> from nnteach import suggest_hidden_units
    >>> suggest_hidden_units(10), suggest_hidden_units(10, 3), suggest_hidden_units(1)
    (6, 7, 1)
    """
    n_inputs = check_int("n_inputs", n_inputs, minimum=1)
    n_outputs = check_int("n_outputs", n_outputs, minimum=1)
    return max(1, math.ceil((n_inputs + n_outputs) / 2))


# If Keras is already loaded, register step_activation now (this imports nothing new).
if "keras" in sys.modules:
    _register_serializables()
