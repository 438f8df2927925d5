"""Tests for nnteach.models: step_activation and the model builders."""

from __future__ import annotations

import numpy as np
import pytest

from nnteach._keras import import_keras
from nnteach.models import (
    build_deep_network,
    build_perceptron,
    step_activation,
    suggest_hidden_units,
)

keras = import_keras()


def _layer_summary(model):
    """(name, class, units, activation name, rate) of each layer but the input."""
    rows = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):  # listed by Functional models only
            assert layer.name == "input"
            continue
        activation = getattr(layer, "activation", None)
        rows.append(
            (
                layer.name,
                type(layer).__name__,
                getattr(layer, "units", None),
                getattr(activation, "__name__", None),
                getattr(layer, "rate", None),
            )
        )
    return rows


# --------------------------------------------------------------------------- step_activation


def test_binary_step_values():
    x = np.array([-3.0, -1e-6, 0.0, 1e-6, 2.0], dtype=np.float32)
    out = np.asarray(step_activation(x))
    np.testing.assert_array_equal(out, [0, 0, 1, 1, 1])
    assert out.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(step_activation([-1, 1])), [0, 1])


def test_binary_step_gradient_is_zero():
    import tensorflow as tf

    x = tf.Variable([-2.0, -0.1, 0.0, 0.1, 3.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(step_activation(x) * tf.constant([1.0, 2.0, 3.0, 4.0, 5.0]))
    grad = tape.gradient(y, x)
    assert grad is not None  # connected, but flat
    np.testing.assert_array_equal(grad.numpy(), np.zeros(5))


@pytest.mark.parametrize("api", ["sequential", "functional"])
def test_binary_step_inside_models(api):
    if api == "functional":
        inputs = keras.Input(shape=(2,))
        model = keras.Model(inputs, keras.layers.Dense(1, activation=step_activation)(inputs))
    else:
        model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, step_activation)])
    model.set_weights([np.array([[1.0], [-1.0]]), np.array([0.5])])
    X = np.array([[0.0, 0.0], [0.0, 1.0], [2.0, 1.0], [0.0, 0.5]], dtype=np.float32)
    pred = model.predict(X, verbose=0)
    np.testing.assert_array_equal(pred[:, 0], [1, 0, 1, 1])  # x1 - x2 + 0.5 >= 0


def test_gradient_descent_cannot_train_through_binary_step():
    keras.utils.set_random_seed(0)
    model = build_perceptron(2, activation="step")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
    before = [w.copy() for w in model.get_weights()]
    X = np.random.default_rng(0).normal(size=(16, 2)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.float32)
    history = model.fit(X, y, epochs=2, batch_size=16, verbose=0)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
    assert history.history["loss"][0] == history.history["loss"][1]


# Keras's own saving code trips a NumPy 2 DeprecationWarning; not ours to fix.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept:DeprecationWarning")
def test_binary_step_is_registered_and_survives_save_load(tmp_path):
    model = build_perceptron(2, activation="step", api="functional")
    assert keras.saving.get_registered_name(step_activation) == "nnteach>step_activation"
    assert keras.saving.get_registered_object("nnteach>step_activation") is step_activation
    path = tmp_path / "step.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.get_layer("output").activation is step_activation
    X = np.array([[1.0, -2.0], [-1.0, 0.0]], dtype=np.float32)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


# --------------------------------------------------------------------------- build_perceptron


@pytest.mark.parametrize("api", ["sequential", "functional"])
@pytest.mark.parametrize("n_inputs", [1, 3, 10])
def test_build_perceptron_shape_and_parameters(api, n_inputs):
    model = build_perceptron(n_inputs, api=api)
    assert model.name == "perceptron"
    assert isinstance(model, keras.Sequential) == (api == "sequential")
    assert model.input_shape == (None, n_inputs)
    assert model.output_shape == (None, 1)
    assert model.count_params() == n_inputs + 1
    assert _layer_summary(model) == [("output", "Dense", 1, "linear", None)]
    assert model.compiled is False


@pytest.mark.parametrize(
    ("activation", "expected"),
    [("sigmoid", "sigmoid"), ("tanh", "tanh"), (None, "linear"), ("step", "step_activation")],
)
def test_build_perceptron_activation(activation, expected):
    model = build_perceptron(2, activation=activation, name="p")
    assert model.get_layer("output").activation.__name__ == expected
    assert model.name == "p"


def test_build_perceptron_accepts_callables():
    model = build_perceptron(2, activation=step_activation, api="functional")
    assert model.get_layer("output").activation is step_activation
    model = build_perceptron(2, activation=keras.activations.relu)
    assert model.get_layer("output").activation is keras.activations.relu


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_inputs": 0}, ValueError, r"`n_inputs`.*>= 1"),
        ({"n_inputs": 2.0}, TypeError, r"`n_inputs`.*whole number"),
        ({"n_inputs": True}, TypeError, "`n_inputs`"),
        ({"api": "seq"}, ValueError, r"`api`.*\('sequential', 'functional'\).*api='seq'"),
        ({"activation": "sigmod"}, ValueError, r"activation='sigmod'.*spelling"),
        ({"activation": 3}, TypeError, r"`activation`.*callable"),
        ({"name": ""}, ValueError, "non-empty"),
        ({"name": 5}, TypeError, "`name`"),
        ({"seed": -1}, ValueError, r"`seed`.*>= 0.*such as 0"),
        ({"seed": 1.5}, TypeError, r"`seed`.*whole number"),
        ({"seed": True}, TypeError, "`seed`"),
    ],
)
def test_build_perceptron_validation(kwargs, error, match):
    kwargs = {"n_inputs": 2, **kwargs}
    with pytest.raises(error, match=match):
        build_perceptron(**kwargs)


# --------------------------------------------------------------------------- build_deep_network


def _params(sizes):
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


@pytest.mark.parametrize(
    ("kwargs", "layers", "n_params"),
    [
        (
            {"n_features": 10},
            [
                ("h1", "Dense", 16, "relu", None),
                ("h2", "Dense", 8, "relu", None),
                ("output", "Dense", 1, "sigmoid", None),
            ],
            (10 + 1) * 16 + (16 + 1) * 8 + (8 + 1) * 1,
        ),
        (
            {"n_features": 4, "hidden_units": (5,), "dropout": 0.25, "activation": "tanh"},
            [
                ("h1", "Dense", 5, "tanh", None),
                ("drop1", "Dropout", None, None, 0.25),
                ("output", "Dense", 1, "sigmoid", None),
            ],
            _params([4, 5, 1]),
        ),
        (
            {"n_features": 6, "hidden_units": [7, 3], "n_classes": 4, "dropout": 0.5},
            [
                ("h1", "Dense", 7, "relu", None),
                ("drop1", "Dropout", None, None, 0.5),
                ("h2", "Dense", 3, "relu", None),
                ("drop2", "Dropout", None, None, 0.5),
                ("output", "Dense", 4, "softmax", None),
            ],
            _params([6, 7, 3, 4]),
        ),
        (
            {"n_features": 3, "hidden_units": 4, "task": "regression", "n_classes": 9},
            [("h1", "Dense", 4, "relu", None), ("output", "Dense", 1, "linear", None)],
            _params([3, 4, 1]),
        ),
        (
            {"n_features": 3, "hidden_units": ()},
            [("output", "Dense", 1, "sigmoid", None)],
            4,
        ),
    ],
)
@pytest.mark.parametrize("api", ["sequential", "functional"])
def test_build_deep_network_architecture(kwargs, layers, n_params, api):
    model = build_deep_network(**kwargs, api=api)
    assert _layer_summary(model) == layers
    assert model.count_params() == n_params
    assert model.input_shape == (None, kwargs["n_features"])
    assert model.name == "deep_network"
    assert model.compiled is False


def test_sequential_and_functional_are_the_same_network():
    kwargs = dict(hidden_units=(6, 5, 4), n_classes=3, dropout=0.1, activation="elu")
    keras.utils.set_random_seed(42)
    seq = build_deep_network(7, **kwargs, api="sequential")
    keras.utils.set_random_seed(42)
    fun = build_deep_network(7, **kwargs, api="functional")
    assert isinstance(seq, keras.Sequential) and not isinstance(fun, keras.Sequential)
    assert _layer_summary(seq) == _layer_summary(fun)
    assert seq.count_params() == fun.count_params() == _params([7, 6, 5, 4, 3])
    for a, b in zip(seq.get_weights(), fun.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    X = np.random.default_rng(0).normal(size=(5, 7)).astype(np.float32)
    np.testing.assert_allclose(seq.predict(X, verbose=0), fun.predict(X, verbose=0), rtol=1e-6)
    # Different seed, different weights: the check above is not vacuous.
    keras.utils.set_random_seed(43)
    other = build_deep_network(7, **kwargs)
    assert not np.array_equal(other.get_weights()[0], seq.get_weights()[0])


def _global_random_state():
    import random

    return random.getstate(), np.random.get_state()[1].copy()  # noqa: NPY002


def _same_weights(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))


@pytest.mark.parametrize("api", ["sequential", "functional"])
def test_seed_gives_the_same_initial_weights_without_global_state(api):
    kwargs = dict(hidden_units=(6, 5), dropout=0.2, api=api)
    first = build_deep_network(4, **kwargs, seed=3)
    keras.utils.set_random_seed(99)  # the global seed plays no part
    second = build_deep_network(4, **kwargs, seed=np.int64(3))
    assert _same_weights(first, second)
    assert not _same_weights(first, build_deep_network(4, **kwargs, seed=4))
    # the documented seeds: h_i seed + i, output seed, drop_i after the hidden layers
    dense = [layer for layer in first.layers if isinstance(layer, keras.layers.Dense)]
    seeds = {layer.name: layer.kernel_initializer.seed for layer in dense}
    assert seeds == {"h1": 4, "h2": 5, "output": 3}
    drops = [layer.seed for layer in first.layers if layer.name.startswith("drop")]
    assert drops == [6, 7]
    # the same dropout masks too
    x = np.ones((2, 6), dtype="float32")
    masks = [m.get_layer("drop1")(x, training=True) for m in (first, second)]
    np.testing.assert_array_equal(*(keras.ops.convert_to_numpy(m) for m in masks))
    keras.utils.set_random_seed(0)
    state = _global_random_state()
    build_deep_network(4, **kwargs, seed=3)
    after = _global_random_state()
    assert after[0] == state[0]
    np.testing.assert_array_equal(after[1], state[1])


def test_perceptron_seed():
    keras.utils.set_random_seed(0)
    state = _global_random_state()
    a = build_perceptron(3, activation="sigmoid", seed=5)
    after = _global_random_state()
    assert after[0] == state[0]
    b = build_perceptron(3, activation="sigmoid", api="functional", seed=5)
    assert _same_weights(a, b)
    assert a.get_layer("output").kernel_initializer.seed == 5
    assert not _same_weights(a, build_perceptron(3, activation="sigmoid", seed=6))


def test_no_seed_keeps_the_global_seed_in_charge():
    keras.utils.set_random_seed(1)
    a = build_deep_network(3, (4,), dropout=0.1)
    keras.utils.set_random_seed(1)
    b = build_deep_network(3, (4,), dropout=0.1)
    assert _same_weights(a, b)
    assert a.get_layer("h1").kernel_initializer.__class__.__name__ == "GlorotUniform"


def test_build_deep_network_accepts_numpy_units():
    model = build_deep_network(np.int64(3), np.array([4, 2]))
    assert [layer.units for layer in model.layers] == [4, 2, 1]
    assert build_deep_network(3, np.int64(5)).get_layer("h1").units == 5


def test_build_deep_network_trains_on_moons():
    from nnteach.data import make_moons

    keras.utils.set_random_seed(0)
    ds = make_moons(200, noise=0.1, seed=0)
    model = build_deep_network(2, (16, 16))
    model.compile(
        optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", jit_compile=False
    )
    history = model.fit(ds.X, ds.y, epochs=15, batch_size=200, verbose=0)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"hidden_units": (16, 0)}, ValueError, r"`hidden_units\[1\]`.*>= 1.*at least one neuron"),
        ({"hidden_units": (16, 2.5)}, TypeError, r"`hidden_units\[1\]`"),
        ({"hidden_units": "16"}, TypeError, r"`hidden_units`.*\(16, 8\)"),
        ({"hidden_units": True}, TypeError, "`hidden_units`"),
        ({"task": "clasification"}, ValueError, r"\('classification', 'regression'\)"),
        ({"n_classes": 1}, ValueError, r"`n_classes`.*>= 2.*n_classes=2"),
        ({"dropout": 1.0}, ValueError, r"`dropout`.*\[0, 1\)"),
        ({"dropout": -0.1}, ValueError, r"`dropout`.*>= 0"),
        ({"activation": "rleu"}, ValueError, "activation='rleu'"),
        ({"api": "Functional"}, ValueError, "`api`"),
        ({"n_features": 0}, ValueError, "`n_features`"),
        ({"seed": -3}, ValueError, r"`seed`.*>= 0"),
        ({"seed": "0"}, TypeError, r"`seed`.*whole number"),
    ],
)
def test_build_deep_network_validation(kwargs, error, match):
    kwargs = {"n_features": 3, **kwargs}
    with pytest.raises(error, match=match):
        build_deep_network(**kwargs)


# --------------------------------------------------------------------------- suggest_hidden_units


@pytest.mark.parametrize(
    ("n_inputs", "n_outputs", "expected"),
    [(10, 1, 6), (10, 3, 7), (4, 2, 3), (1, 1, 1), (784, 10, 397)],
)
def test_suggest_hidden_units(n_inputs, n_outputs, expected):
    assert suggest_hidden_units(n_inputs, n_outputs) == expected


def test_suggest_hidden_units_validation_and_docs():
    with pytest.raises(ValueError, match=r"`n_inputs`.*>= 1"):
        suggest_hidden_units(0)
    with pytest.raises(TypeError, match="`n_outputs`"):
        suggest_hidden_units(3, 1.5)
    assert "heuristic" in suggest_hidden_units.__doc__
    assert "not a law" in suggest_hidden_units.__doc__


def test_docstring_examples_run():
    import doctest

    import nnteach.models

    result = doctest.testmod(nnteach.models, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
