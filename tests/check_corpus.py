"""Answers to every exercise task: the reference, others written differently, and mistakes.

The corpus behind the check audit (``make audit``, ``bench/audit_checks.py``)
and the seed sweep in ``tests/test_check_audit.py``. For each task:

- ``right``: at least three differently written correct answers. A check must
  accept every one of them on every draw (a *false fail* otherwise).
- ``wrong``: at least three typical mistakes, each with the mistake id the
  check must diagnose (``""``: any failure will do). A check must reject each
  of them on every draw (a *false pass* otherwise).

Values are factories (called once per sweep) so that Keras models are built,
and the moons models trained, only when a sweep needs them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import keras
import numpy as np

ops = keras.ops

# --------------------------------------------------------------------------- #
# Reference answers: the code of solutions/
# --------------------------------------------------------------------------- #


def neuron_output(x, w, b):
    return float(np.dot(x, w) + b)


def binary_step(x):
    return ops.cast(ops.greater_equal(x, 0), x.dtype)


def least_squares(X, y):
    X1 = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(X1, y, rcond=None)[0]
    return coef[:-1].reshape(-1, 1), coef[-1:]


def relu(x):
    return np.maximum(x, 0.0)


def forward(X, params):
    h = X
    for i, (W, b) in enumerate(params):
        z = h @ W + b
        h = 1 / (1 + np.exp(-z)) if i == len(params) - 1 else np.maximum(z, 0.0)
    return h


def dropout(x, rate, rng):
    keep = rng.random(np.shape(x)) >= rate
    return np.where(keep, x / (1.0 - rate), 0.0)


def count_edges(sizes):
    return sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def count_params(sizes):
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def describe_layers(model):
    return [
        (layer.name, layer.units, layer.get_config()["activation"])
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    ]


def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    i, j = np.unravel_index(np.argmax(np.abs(kernel)), kernel.shape)
    return int(i), int(j)


def precision_recall(y_true, y_prob):
    y_true = np.asarray(y_true) == 1
    y_pred = np.asarray(y_prob) >= 0.5
    tp = np.sum(y_true & y_pred)
    predicted, actual = np.sum(y_pred), np.sum(y_true)
    return float(tp / predicted if predicted else 0.0), float(tp / actual if actual else 0.0)


class DatasetF1(keras.metrics.Metric):
    """F1 over all the batches seen since the last reset (the solution of task 5.2)."""

    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        eps = keras.config.epsilon()
        precision = self.tp / (self.tp + self.fp + eps)
        recall = self.tp / (self.tp + self.fn + eps)
        return 2 * precision * recall / (precision + recall + eps)


def best_epoch(history):
    return int(np.argmin(history["val_loss"])) + 1


def stopping_epoch(val_loss, patience):
    best, waited = float("inf"), 0
    for epoch, value in enumerate(val_loss, start=1):
        if value < best:
            best, waited = value, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(val_loss)


def shap_prediction(base_value, values):
    return float(base_value + np.sum(values))


def pushed_up_most(values, feature_names):
    i = int(np.argmax(values))
    return feature_names[i] if values[i] > 0 else None


def mean_abs_shap(shap_values, feature_names):
    importance = np.abs(np.asarray(shap_values)).mean(axis=0)
    pairs = [(name, float(v)) for name, v in zip(feature_names, importance, strict=True)]
    return sorted(pairs, key=lambda pair: pair[1], reverse=True)


def perceptron_model(n_inputs=4, units=1, activation="sigmoid", use_bias=True, sequential=False):
    inputs = keras.Input(shape=(n_inputs,))
    layer = keras.layers.Dense(units, activation=activation, use_bias=use_bias)
    if sequential:
        return keras.Sequential([inputs, layer])
    return keras.Model(inputs, layer(inputs))


def spec_model(
    units=(8, 4),
    rates=(0.2, 0.2),
    activations=("relu", "relu", "sigmoid"),
    dropout_layers=True,
    n_inputs=2,
):
    inputs = keras.Input(shape=(n_inputs,))
    x = inputs
    for u, r, a in zip(units, rates, activations, strict=False):
        x = keras.layers.Dense(u, activation=a)(x)
        if dropout_layers:
            x = keras.layers.Dropout(r)(x)
    outputs = keras.layers.Dense(1, activation=activations[-1])(x)
    return keras.Model(inputs, outputs)


class FakeExplanation:
    def __init__(self, values, names, base=0.4):
        self.values = np.asarray(values, dtype=float)
        self.feature_names = list(names)
        self.base_value = base
        self.prediction = base + float(self.values.sum())


EXPLANATION = FakeExplanation([0.1, -0.3, 0.2, 0.05], ["a", "b", "c", "d"])


@functools.cache
def _cancer_setup() -> dict:
    """The model and data of exercise 6's notebook (trained once per session)."""
    import nnteach

    data = nnteach.load_breast_cancer()
    X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
        data.X, data.y, seed=0
    )
    X_train, X_val, X_test = nnteach.standardize(X_train, X_val, X_test)
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(data.n_features,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    model.fit(X_train, y_train, epochs=20, batch_size=64, verbose=0)
    names = list(data.feature_names)
    return {"model": model, "X_train": X_train, "X_test": X_test, "feature_names": names}


def _explained(how="function", row=0, background="train", top="right") -> dict:
    """Task 6.3's namespace: the notebook's variables, `explanation` and `top_up`."""
    import nnteach

    ns = dict(_cancer_setup())
    model, names = ns["model"], ns["feature_names"]
    X_back = ns["X_train"] if background == "train" else ns["X_test"]
    x = ns["X_test"][row]
    if how == "explainer":
        explanation = nnteach.ModelExplainer(model, X_back, names).explain(x)
    elif how == "row":
        explanation = nnteach.explain_prediction(model, X_back, ns["X_test"][row : row + 1], names)
    else:
        explanation = nnteach.explain_prediction(model, X_back, x, names)
    values, order = explanation.values, np.argsort(explanation.values)
    if how == "copy":
        explanation = OtherExplanation(
            list(values), tuple(names), explanation.base_value, explanation.prediction
        )
    if how == "row":
        best = max(range(len(values)), key=lambda i: values[i])
        top_up = names[best] if values[best] > 0 else None
    else:
        top_up = pushed_up_most(values, names)
    if top == "down":
        top_up = names[order[0]]
    elif top == "second":
        top_up = names[order[-2]]
    return {**ns, "explanation": explanation, "top_up": top_up}


# --------------------------------------------------------------------------- #
# Models (built on demand, cached for a test session)
# --------------------------------------------------------------------------- #


def _moons():
    import nnteach

    return nnteach.make_moons(600, noise=0.2, seed=0)


def _fit(model, epochs=40):
    data = _moons()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    model.fit(data.X, data.y, epochs=epochs, batch_size=64, verbose=0)
    return model


@functools.cache
def moons_sequential():
    keras.utils.set_random_seed(0)
    return _fit(
        keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
    )


@functools.cache
def moons_relu_layers():
    """Functional, with ReLU() layers after linear Dense layers."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input(shape=(2,))
    x = keras.layers.ReLU()(keras.layers.Dense(16)(inputs))
    x = keras.layers.ReLU()(keras.layers.Dense(16)(x))
    return _fit(keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x)))


@functools.cache
def moons_leaky_relu():
    """LeakyReLU layers and an Activation("sigmoid") output layer."""
    keras.utils.set_random_seed(2)
    return _fit(
        keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(32),
                keras.layers.LeakyReLU(),
                keras.layers.Dense(16),
                keras.layers.LeakyReLU(),
                keras.layers.Dense(1),
                keras.layers.Activation("sigmoid"),
            ]
        )
    )


@functools.cache
def moons_without_input():
    """No keras.Input: the model records the batch size it was trained with (600 / 100)."""
    keras.utils.set_random_seed(7)
    data = _moons()
    model = keras.Sequential(
        [
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    model.fit(data.X, data.y, epochs=60, batch_size=100, verbose=0)
    return model


@functools.cache
def moons_untrained():
    keras.utils.set_random_seed(3)
    return keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


@functools.cache
def moons_linear_hidden():
    """Hidden layers without activation: trained, but still a straight boundary."""
    keras.utils.set_random_seed(4)
    return _fit(
        keras.Sequential(
            [
                keras.Input(shape=(2,)),
                keras.layers.Dense(16),
                keras.layers.Dense(16),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        ),
        epochs=15,
    )


@functools.cache
def moons_perceptron():
    keras.utils.set_random_seed(5)
    return _fit(perceptron_model(n_inputs=2), epochs=15)


@functools.cache
def moons_relu_output():
    """Trained, but the output layer is ReLU: not a probability."""
    keras.utils.set_random_seed(6)
    model = keras.Sequential(
        [
            keras.Input(shape=(2,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(1, activation="relu"),
        ]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    data = _moons()
    model.fit(data.X, 2.0 * data.y, epochs=15, batch_size=64, verbose=0)
    return model


def spec_model_relu_layers():
    inputs = keras.Input(shape=(2,))
    x = keras.layers.Dropout(0.2)(keras.layers.ReLU()(keras.layers.Dense(8)(inputs)))
    x = keras.layers.Dropout(0.2)(keras.layers.ReLU()(keras.layers.Dense(4)(x)))
    return keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))


def spec_model_activation_layers():
    inputs = keras.Input(shape=(2,))
    x = keras.layers.Activation("relu")(keras.layers.Dense(8)(inputs))
    x = keras.layers.Dropout(0.2)(x)
    x = keras.layers.Dense(4)(x)
    x = keras.layers.Dropout(0.2)(x)  # dropout, then ReLU: the same function
    x = keras.layers.ReLU()(x)
    x = keras.layers.Dense(1)(x)
    return keras.Model(inputs, keras.layers.Activation("sigmoid")(x))


def perceptron_activation_layer():
    inputs = keras.Input(shape=(4,))
    z = keras.layers.Dense(1)(inputs)
    return keras.Model(inputs, keras.layers.Activation("sigmoid")(z))


def perceptron_activation_function():
    inputs = keras.Input(shape=(4,))
    return keras.Model(
        inputs, keras.layers.Dense(1, activation=keras.activations.sigmoid, name="out")(inputs)
    )


# --------------------------------------------------------------------------- #
# Other right answers, written differently
# --------------------------------------------------------------------------- #


def neuron_output_loop(x, w, b):
    total = 0.0
    for xi, wi in zip(x, w, strict=True):
        total += xi * wi
    return total + b


def neuron_output_numpy_scalar(x, w, b):
    return np.float32(np.sum(np.asarray(x) * np.asarray(w)) + b)  # a NumPy scalar


def step_where(x):
    return ops.where(ops.greater_equal(x, 0.0), ops.ones_like(x), ops.zeros_like(x))


def step_operators(x):
    return ops.cast(x >= 0, x.dtype)


def least_squares_normal_equations(X, y):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    coef = np.linalg.solve(X1.T @ X1, X1.T @ y)
    return coef[:-1].reshape(-1, 1), np.array([coef[-1]])


def least_squares_sklearn(X, y):
    from sklearn.linear_model import LinearRegression

    fit = LinearRegression().fit(X, y)
    return fit.coef_.reshape(-1, 1), np.array([fit.intercept_], dtype=np.float32)


def relu_where(x):
    return np.where(x > 0, x, 0.0)


def relu_mask(x):
    return x * (x > 0)


def relu_clip(x):
    return np.clip(x, 0, None)


def forward_recursive(X, params):
    if not params:
        return X
    (W, b), rest = params[0], params[1:]
    z = X @ W + b
    if not rest:
        return 0.5 * (1 + np.tanh(z / 2))  # the sigmoid, written with tanh
    return forward_recursive(np.where(z > 0, z, 0.0), rest)


def forward_float32(X, params):
    h = X.astype(np.float32)
    for W, b in params[:-1]:
        h = np.maximum(h @ W.astype(np.float32) + b.astype(np.float32), 0)
    W, b = params[-1]
    return 1 / (1 + np.exp(-(h @ W + b)))


def dropout_binomial(x, rate, rng):
    mask = rng.binomial(1, 1 - rate, size=x.shape)
    return x * mask / (1 - rate)


def dropout_uniform(x, rate, rng):
    keep = rng.uniform(size=x.shape) < 1 - rate
    return np.where(keep, x, 0) / (1 - rate)


def count_edges_loop(sizes):
    total = 0
    for i in range(len(sizes) - 1):
        total += sizes[i] * sizes[i + 1]
    return total


def count_edges_numpy(sizes):
    return np.dot(sizes[:-1], sizes[1:])  # a NumPy integer


def count_params_keras(sizes):
    model = keras.Sequential(
        [keras.Input(shape=(sizes[0],)), *(keras.layers.Dense(n) for n in sizes[1:])]
    )
    return model.count_params()


def count_params_loop(sizes):
    total = 0
    for a, b in zip(sizes, sizes[1:]):  # noqa: B905
        total += a * b + b
    return total


def describe_layers_names(model):
    return [
        (layer.name, int(layer.units), layer.activation.__name__)
        for layer in model.layers
        if type(layer).__name__ == "Dense"
    ]


def describe_layers_config(model):
    rows = []
    for layer in model.layers:
        config = layer.get_config()
        if "units" in config:
            rows.append((config["name"], config["units"], config["activation"]))
    return rows


def strongest_edge_loop(layer):
    kernel = layer.get_weights()[0]
    best, where = -1.0, None
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            if abs(kernel[i, j]) > best:
                best, where = abs(kernel[i, j]), (i, j)
    return where


def strongest_edge_argwhere(layer):
    size = np.abs(layer.kernel.numpy())
    i, j = np.argwhere(size == size.max())[0]
    return i, j  # NumPy integers


def precision_recall_sklearn(y_true, y_prob):
    from sklearn.metrics import precision_score, recall_score

    y_pred = (y_prob >= 0.5).astype(int)
    return (
        precision_score(y_true, y_pred, zero_division=0),
        recall_score(y_true, y_pred, zero_division=0),
    )


def precision_recall_loop(y_true, y_prob):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_prob, strict=True):
        if p >= 0.5 and t == 1:
            tp += 1
        elif p >= 0.5:
            fp += 1
        elif t == 1:
            fn += 1
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


class DatasetF1Counts(keras.metrics.Metric):
    """One state variable of three counts, and no epsilon: guarded divisions."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.counts = self.add_variable(shape=(3,), initializer="zeros", name="counts")

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        p = ops.cast(ops.greater_equal(ops.reshape(y_pred, (-1,)), 0.5), "float32")
        self.counts.assign_add(
            ops.stack([ops.sum(t * p), ops.sum((1 - t) * p), ops.sum(t * (1 - p))])
        )

    def result(self):
        tp, fp, fn = self.counts[0], self.counts[1], self.counts[2]
        return ops.where(2 * tp + fp + fn > 0, 2 * tp / ops.maximum(2 * tp + fp + fn, 1.0), 0.0)


class DatasetF1Where(keras.metrics.Metric):
    """Counts with keras.ops.where and float64 state."""

    def __init__(self, name="f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", dtype="float64")
        self.predicted = self.add_variable(shape=(), initializer="zeros", dtype="float64")
        self.actual = self.add_variable(shape=(), initializer="zeros", dtype="float64")

    def update_state(self, y_true, y_pred, sample_weight=None):
        positive = ops.reshape(y_pred, (-1,)) >= 0.5
        label = ops.equal(ops.reshape(y_true, (-1,)), 1)
        one = ops.ones_like(ops.reshape(y_pred, (-1,)))
        zero = ops.zeros_like(one)
        self.tp.assign_add(ops.cast(ops.sum(ops.where(positive & label, one, zero)), "float64"))
        self.predicted.assign_add(ops.cast(ops.sum(ops.where(positive, one, zero)), "float64"))
        self.actual.assign_add(ops.cast(ops.sum(ops.where(label, one, zero)), "float64"))

    def result(self):
        denominator = self.predicted + self.actual
        return ops.where(denominator > 0, 2 * self.tp / ops.maximum(denominator, 1e-12), 0.0)


def best_epoch_index(history):
    values = history["val_loss"]
    return values.index(min(values)) + 1


def best_epoch_loop(history):
    best, epoch = float("inf"), 0
    for i, value in enumerate(history["val_loss"], start=1):
        if value < best:
            best, epoch = value, i
    return epoch


def best_epoch_numpy(history):
    return np.argmin(np.array(history["val_loss"])) + 1  # a NumPy integer


def stopping_epoch_keras_style(val_loss, patience):
    best, wait = None, 0
    for epoch, value in enumerate(val_loss):
        wait += 1
        if best is None or value < best:
            best, wait = value, 0
        if wait >= patience:
            return epoch + 1
    return len(val_loss)


def stopping_epoch_best_index(val_loss, patience):
    best_at = 0
    for epoch in range(1, len(val_loss)):
        if val_loss[epoch] < val_loss[best_at]:
            best_at = epoch
        if epoch - best_at >= patience:
            return epoch + 1
    return len(val_loss)


def shap_prediction_loop(base_value, values):
    total = base_value
    for v in values:
        total += v
    return total


def shap_prediction_numpy(base_value, values):
    return np.add.reduce(np.append(values, base_value))


def pushed_up_sorted(values, names):
    pairs = sorted(zip(values, names, strict=True), reverse=True)
    return pairs[0][1] if pairs[0][0] > 0 else None


def pushed_up_loop(values, names):
    best, name = 0.0, None
    for value, feature in zip(values, names, strict=True):
        if value > best:
            best, name = value, feature
    return name


def mean_abs_shap_loop(shap_values, names):
    pairs = []
    for j, name in enumerate(names):
        pairs.append((name, sum(abs(row[j]) for row in shap_values) / len(shap_values)))
    pairs.sort(key=lambda pair: -pair[1])
    return pairs


def mean_abs_shap_argsort(shap_values, names):
    importance = np.mean(np.abs(shap_values), axis=0)
    order = np.argsort(-importance)
    return [(names[i], importance[i]) for i in order]  # NumPy floats


@dataclass
class OtherExplanation:
    """Any object with the four attributes (a student may build their own)."""

    values: Any
    feature_names: list
    base_value: float = 0.4
    prediction: float = field(default=0.45)


# --------------------------------------------------------------------------- #
# Typical mistakes
# --------------------------------------------------------------------------- #


def step_strict(x):
    return ops.cast(ops.greater(x, 0), x.dtype)


def step_numpy(x):
    return np.where(np.asarray(x) >= 0, 1.0, 0.0)


def step_package(x):
    import nnteach

    return nnteach.step_activation(x)


def forward_relu_on_output(X, params):
    h = X
    for i, (W, b) in enumerate(params):
        z = np.maximum(h @ W + b, 0)
        h = 1 / (1 + np.exp(-z)) if i == len(params) - 1 else z
    return h


def forward_sigmoid_hidden(X, params):
    h = X
    for W, b in params:
        h = 1 / (1 + np.exp(-(h @ W + b)))
    return h


def forward_no_output_activation(X, params):
    h = X
    for i, (W, b) in enumerate(params):
        z = h @ W + b
        h = z if i == len(params) - 1 else np.maximum(z, 0)
    return h


def forward_no_bias(X, params):
    return forward(X, [(W, 0 * b) for W, b in params])


def dropout_global_random(x, rate, rng):
    keep = np.random.random(x.shape) >= rate  # noqa: NPY002 - the mistake
    return np.where(keep, x / (1 - rate), 0.0)


def dropout_unscaled(x, rate, rng):
    return np.where(rng.random(x.shape) >= rate, x, 0.0)


def dropout_keep_rate(x, rate, rng):
    return np.where(rng.random(x.shape) < rate, x / (1 - rate), 0.0)


def dropout_in_place(x, rate, rng):
    x[rng.random(x.shape) < rate] = 0.0
    x /= 1 - rate
    return x


def dropout_per_row(x, rate, rng):
    keep = rng.random((*np.shape(x)[:-1], 1)) >= rate  # one draw per row
    return np.where(keep, x / (1 - rate), 0.0)


def dropout_len_mask(x, rate, rng):
    keep = rng.random(len(x)) >= rate  # right for 1-D inputs only
    return x * keep / (1 - rate)


def describe_every_layer(model):
    return [
        (layer.name, getattr(layer, "units", 0), layer.get_config().get("activation", ""))
        for layer in model.layers
    ]


def describe_activation_objects(model):
    return [
        (layer.name, layer.units, layer.activation)
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    ]


def describe_reversed(model):
    return describe_layers(model)[::-1]


def strongest_no_abs(layer):
    kernel = layer.get_weights()[0]
    i, j = np.unravel_index(np.argmax(kernel), kernel.shape)
    return int(i), int(j)


def strongest_swapped(layer):
    i, j = strongest_edge(layer)
    return j, i


def strongest_flat(layer):
    return int(np.argmax(np.abs(layer.get_weights()[0])))


def precision_recall_swapped(y_true, y_prob):
    p, r = precision_recall(y_true, y_prob)
    return r, p


def precision_recall_strict(y_true, y_prob):
    return precision_recall(y_true, np.where(y_prob == 0.5, 0.0, y_prob))


def precision_recall_accuracy(y_true, y_prob):
    accuracy = float(np.mean((y_prob >= 0.5) == (y_true == 1)))
    return accuracy, accuracy


def precision_recall_no_guard(y_true, y_prob):
    y_pred = np.asarray(y_prob) >= 0.5
    tp = np.sum((y_true == 1) & y_pred)
    return tp / np.sum(y_pred), tp / np.sum(y_true == 1)


class BatchAveragedF1(keras.metrics.Metric):
    """The mean of the batches' F1 scores: what a stateless metric function gives."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.batches = self.add_variable(shape=(), initializer="zeros", name="batches")

    def update_state(self, y_true, y_pred, sample_weight=None):
        eps = keras.config.epsilon()
        t = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        p = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        tp = ops.sum(t * p)
        precision = tp / (ops.sum(p) + eps)
        recall = tp / (ops.sum(t) + eps)
        self.total.assign_add(2 * precision * recall / (precision + recall + eps))
        self.batches.assign_add(1.0)

    def result(self):
        return self.total / ops.maximum(self.batches, 1.0)


class StrictThresholdF1(DatasetF1):
    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.where(ops.equal(y_pred, 0.5), ops.zeros_like(y_pred), y_pred)
        super().update_state(y_true, y_pred, sample_weight)


class PrecisionNotF1(DatasetF1):
    def result(self):
        return self.tp / (self.tp + self.fp + keras.config.epsilon())


class NoFlattenF1(keras.metrics.Metric):
    """Multiplies y_true (batch,) by y_pred (batch, 1): a (batch, batch) table."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.predicted = self.add_variable(shape=(), initializer="zeros", name="pp")
        self.actual = self.add_variable(shape=(), initializer="zeros", name="ap")

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = ops.cast(y_true, "float32")
        p = ops.cast(y_pred >= 0.5, "float32")
        self.tp.assign_add(ops.sum(t * p))
        self.predicted.assign_add(ops.sum(p))
        self.actual.assign_add(ops.sum(t))

    def result(self):
        eps = keras.config.epsilon()
        precision = self.tp / (self.predicted + eps)
        recall = self.tp / (self.actual + eps)
        return 2 * precision * recall / (precision + recall + eps)


def f1_function(y_true, y_pred):
    """The old exercise: a stateless function, not a Metric class."""
    eps = keras.config.epsilon()
    t = ops.cast(ops.reshape(y_true, (-1,)), "float32")
    p = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
    tp = ops.sum(t * p)
    precision, recall = tp / (ops.sum(p) + eps), tp / (ops.sum(t) + eps)
    return 2 * precision * recall / (precision + recall + eps)


def _package_f1():
    import nnteach

    return nnteach.BinaryF1Score


def best_epoch_from_zero(history):
    return int(np.argmin(history["val_loss"]))


def best_epoch_training_loss(history):
    return int(np.argmin(history["loss"])) + 1


def best_epoch_accuracy(history):
    return int(np.argmax(history["val_accuracy"])) + 1


def stopping_late(val_loss, patience):
    return min(stopping_epoch(val_loss, patience + 1), len(val_loss))


def stopping_ties(val_loss, patience):
    best, waited = float("inf"), 0
    for epoch, value in enumerate(val_loss, start=1):
        if value <= best:
            best, waited = value, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch
    return len(val_loss)


def stopping_at_best(val_loss, patience):
    stop = stopping_epoch(val_loss, patience)
    return int(np.argmin(val_loss[:stop])) + 1


def shap_no_base(base_value, values):
    return float(np.sum(values))


def shap_abs(base_value, values):
    return base_value + float(np.abs(values).sum())


def shap_mean(base_value, values):
    return base_value + float(np.mean(values))


def pushed_by_size(values, names):
    return names[int(np.argmax(np.abs(values)))]


def pushed_index(values, names):
    return int(np.argmax(values))


def pushed_never_none(values, names):
    return names[int(np.argmax(values))]


def mean_signed(shap_values, names):
    importance = np.asarray(shap_values).mean(axis=0)
    return sorted(zip(names, importance, strict=True), key=lambda p: -abs(p[1]))


def sum_abs(shap_values, names):
    importance = np.abs(shap_values).sum(axis=0)
    return sorted(zip(names, importance, strict=True), key=lambda p: -p[1])


def unsorted(shap_values, names):
    return list(zip(names, np.abs(shap_values).mean(axis=0), strict=True))


def as_dict(shap_values, names):
    return dict(mean_abs_shap(shap_values, names))


# --------------------------------------------------------------------------- #
# The corpus
# --------------------------------------------------------------------------- #

Factory = Callable[[], dict]


@dataclass(frozen=True)
class TaskCorpus:
    """Right and wrong answers to one task; ``draws``: fresh draws per answer in the audit."""

    right: dict[str, Factory]
    wrong: dict[str, tuple[Factory, str]]
    draws: int = 300


def _ns(**values: Any) -> Factory:
    return lambda: dict(values)


def _lazy(name: str, build: Callable[[], Any], **more: Any) -> Factory:
    return lambda: {name: build(), **more}


WEIGHTS = np.array([[2.0], [-1.0], [0.5]])
KERAS_DRAWS = 12  # tasks that build or call Keras models
TRAINING_DRAWS = 6  # tasks that evaluate a model

CORPUS: dict[str, TaskCorpus] = {
    "1.1": TaskCorpus(
        right={
            "np.dot": _ns(neuron_output=neuron_output),
            "python loop": _ns(neuron_output=neuron_output_loop),
            "numpy float32 scalar": _ns(neuron_output=neuron_output_numpy_scalar),
        },
        wrong={
            "no bias": (_ns(neuron_output=lambda x, w, b: float(np.dot(x, w))), "no-bias"),
            "bias per input": (
                _ns(neuron_output=lambda x, w, b: float(np.sum(x * w + b))),
                "bias-per-input",
            ),
            "adds": (
                _ns(neuron_output=lambda x, w, b: float(np.sum(x + w) + b)),
                "adds-instead-of-multiplies",
            ),
            "hard-coded": (_ns(neuron_output=lambda x, w, b: 0.75), ""),
            "one-item list": (
                _ns(neuron_output=lambda x, w, b: [float(np.dot(x, w) + b)]),
                "not-a-number",
            ),
            "int()": (_ns(neuron_output=lambda x, w, b: int(np.dot(x, w) + b)), "returns-integer"),
        },
    ),
    "1.2": TaskCorpus(
        right={
            "float64 arrays": _ns(weights=WEIGHTS, bias=np.array([1.0])),
            "lists": _ns(weights=[[2], [-1], [0.5]], bias=[1]),
            "float32 arrays": _ns(weights=WEIGHTS.astype("float32"), bias=np.ones(1, "float32")),
        },
        wrong={
            "transposed": (_ns(weights=WEIGHTS.T, bias=np.array([1.0])), "transposed-kernel"),
            "scalar bias": (_ns(weights=WEIGHTS, bias=1.0), "scalar-bias"),
            "rows swapped": (_ns(weights=WEIGHTS[::-1], bias=np.array([1.0])), "rows-swapped"),
            "sign": (_ns(weights=np.abs(WEIGHTS), bias=np.array([1.0])), ""),
        },
        draws=50,
    ),
    "1.3": TaskCorpus(
        right={
            "Dense sigmoid": _lazy("perceptron", perceptron_model),
            "Activation layer": _lazy("perceptron", perceptron_activation_layer),
            "activation function": _lazy("perceptron", perceptron_activation_function),
        },
        wrong={
            "Sequential": (
                _lazy("perceptron", lambda: perceptron_model(sequential=True)),
                "sequential-not-functional",
            ),
            "no bias": (_lazy("perceptron", lambda: perceptron_model(use_bias=False)), "no-bias"),
            "relu": (
                _lazy("perceptron", lambda: perceptron_model(activation="relu")),
                "wrong-activation",
            ),
            "two units": (_lazy("perceptron", lambda: perceptron_model(units=2)), ""),
        },
        draws=KERAS_DRAWS,
    ),
    "1.4": TaskCorpus(
        right={
            "cast(greater_equal)": _ns(binary_step=binary_step),
            "where": _ns(binary_step=step_where),
            "operators": _ns(binary_step=step_operators),
        },
        wrong={
            "strict >": (_ns(binary_step=step_strict), "strict-comparison"),
            "sign": (_ns(binary_step=ops.sign), "sign-not-step"),
            "booleans": (_ns(binary_step=lambda x: x >= 0), "returns-booleans"),
            "numpy": (_ns(binary_step=step_numpy), ""),
            "the package's step": (_lazy("binary_step", lambda: step_package), "package-answer"),
            "always float32": (
                _ns(binary_step=lambda x: ops.cast(ops.greater_equal(x, 0), "float32")),
                "wrong-dtype",
            ),
        },
        draws=KERAS_DRAWS,
    ),
    "1.5": TaskCorpus(
        right={
            "lstsq": _ns(least_squares=least_squares),
            "normal equations": _ns(least_squares=least_squares_normal_equations),
            "scikit-learn": _ns(least_squares=least_squares_sklearn),
        },
        wrong={
            "no bias": (
                _ns(
                    least_squares=lambda X, y: (
                        least_squares(X, y)[0] * 0
                        + np.linalg.lstsq(X, y, rcond=None)[0].reshape(-1, 1),
                        np.zeros(1),
                    )
                ),
                "no-bias",
            ),
            "bias is mean(y)": (
                _ns(least_squares=lambda X, y: (least_squares(X, y)[0], np.array([y.mean()]))),
                "wrong-bias",
            ),
            "flat weights": (
                _ns(least_squares=lambda X, y: (least_squares(X, y)[0].ravel(), np.ones(1))),
                "",
            ),
            "(bias, weights)": (
                _ns(least_squares=lambda X, y: least_squares(X, y)[::-1]),
                "swapped-return",
            ),
        },
        draws=200,
    ),
    "2.1": TaskCorpus(
        right={
            "maximum": _ns(relu=relu),
            "where": _ns(relu=relu_where),
            "mask": _ns(relu=relu_mask),
            "clip": _ns(relu=relu_clip),
        },
        wrong={
            "abs": (_ns(relu=np.abs), "absolute-value"),
            "identity": (_ns(relu=lambda x: x + 0.0), "wrong-for-negatives"),
            "np.max": (_ns(relu=lambda x: np.max(x, 0)), ""),
            "zero for positives": (_ns(relu=lambda x: np.minimum(x, 0.0)), ""),
            "a list": (_ns(relu=lambda x: relu(x).tolist()), "list-not-array"),
            "integers": (_ns(relu=lambda x: relu(x).astype(int)), "returns-integers"),
        },
    ),
    "2.2": TaskCorpus(
        right={
            "loop": _ns(forward=forward),
            "recursive, tanh sigmoid": _ns(forward=forward_recursive),
            "float32": _ns(forward=forward_float32),
        },
        wrong={
            "ReLU on the output": (_ns(forward=forward_relu_on_output), "relu-on-output"),
            "sigmoid hidden": (_ns(forward=forward_sigmoid_hidden), "sigmoid-hidden"),
            "no output sigmoid": (_ns(forward=forward_no_output_activation), "no-output-sigmoid"),
            "no bias": (_ns(forward=forward_no_bias), "no-bias"),
        },
    ),
    "2.3": TaskCorpus(
        right={
            "Dense(activation=relu)": _lazy("spec_model", spec_model),
            "ReLU() layers": _lazy("spec_model", spec_model_relu_layers),
            "Activation layers": _lazy("spec_model", spec_model_activation_layers),
        },
        wrong={
            "Sequential": (
                _lazy(
                    "spec_model",
                    lambda: keras.Sequential(spec_model().layers),
                ),
                "sequential-not-functional",
            ),
            "no dropout": (
                _lazy("spec_model", lambda: spec_model(dropout_layers=False)),
                "dropout-count",
            ),
            "tanh": (
                _lazy("spec_model", lambda: spec_model(activations=("relu", "tanh", "sigmoid"))),
                "wrong-activation",
            ),
            "units": (_lazy("spec_model", lambda: spec_model(units=(9, 4))), ""),
        },
        draws=KERAS_DRAWS,
    ),
    "2.4": TaskCorpus(
        right={
            "Sequential relu": _lazy("moons_model", moons_sequential),
            "ReLU() layers": _lazy("moons_model", moons_relu_layers),
            "LeakyReLU layers": _lazy("moons_model", moons_leaky_relu),
            "no keras.Input, batch 100": _lazy("moons_model", moons_without_input),
        },
        wrong={
            "untrained": (_lazy("moons_model", moons_untrained), "untrained"),
            "linear hidden layers": (
                _lazy("moons_model", moons_linear_hidden),
                "no-nonlinear-hidden-layer",
            ),
            "perceptron": (_lazy("moons_model", moons_perceptron), "no-nonlinear-hidden-layer"),
            "ReLU output": (_lazy("moons_model", moons_relu_output), "output-not-probability"),
        },
        draws=TRAINING_DRAWS,
    ),
    "2.5": TaskCorpus(
        right={
            "random() >= rate": _ns(dropout=dropout),
            "binomial": _ns(dropout=dropout_binomial),
            "uniform() < 1 - rate": _ns(dropout=dropout_uniform),
        },
        wrong={
            "unscaled": (_ns(dropout=dropout_unscaled), "not-rescaled"),
            "rate kept": (_ns(dropout=dropout_keep_rate), "rate-is-keep"),
            "in place": (_ns(dropout=dropout_in_place), "in-place"),
            "global random state": (_ns(dropout=dropout_global_random), "ignores-rng"),
            "mask per row": (_ns(dropout=dropout_per_row), "mask-per-line"),
            "x itself at rate 0": (
                _ns(dropout=lambda x, rate, rng: x if rate == 0 else dropout(x, rate, rng)),
                "returns-x-itself",
            ),
            "mask of len(x)": (_ns(dropout=dropout_len_mask), ""),
        },
        draws=100,
    ),
    "3.1": TaskCorpus(
        right={
            "sum of products": _ns(count_edges=count_edges),
            "loop": _ns(count_edges=count_edges_loop),
            "np.dot": _ns(count_edges=count_edges_numpy),
        },
        wrong={
            "biases too": (_ns(count_edges=count_params), "counts-biases"),
            "neurons": (_ns(count_edges=sum), "counts-neurons"),
            "hard-coded": (_ns(count_edges=lambda sizes: 22), ""),
            "a float": (_ns(count_edges=lambda sizes: float(count_edges(sizes))), "returns-float"),
        },
    ),
    "3.2": TaskCorpus(
        right={
            "formula": _ns(count_params=count_params),
            "a Keras model": _ns(count_params=count_params_keras),
            "loop": _ns(count_params=count_params_loop),
        },
        wrong={
            "no biases": (_ns(count_params=count_edges), "no-biases"),
            "bias per input": (
                _ns(count_params=lambda s: sum(a * (b + 1) for a, b in zip(s, s[1:]))),  # noqa: B905
                "bias-per-input",
            ),
            "input biases": (
                _ns(count_params=lambda s: count_params(s) + s[0]),
                "input-biases",
            ),
            "a float": (_ns(count_params=lambda s: float(count_params(s))), "returns-float"),
        },
        draws=60,
    ),
    "3.3": TaskCorpus(
        right={
            "get_config": _ns(describe_layers=describe_layers),
            "activation.__name__": _ns(describe_layers=describe_layers_names),
            "config dicts": _ns(describe_layers=describe_layers_config),
        },
        wrong={
            "every layer": (_ns(describe_layers=describe_every_layer), "lists-every-layer"),
            "activation objects": (
                _ns(describe_layers=describe_activation_objects),
                "activation-not-name",
            ),
            "reversed": (_ns(describe_layers=describe_reversed), "out-of-order"),
            "rows as lists": (
                _ns(describe_layers=lambda m: [list(row) for row in describe_layers(m)]),
                "rows-not-tuples",
            ),
            "a tuple of rows": (
                _ns(describe_layers=lambda m: tuple(describe_layers(m))),
                "not-a-list",
            ),
        },
        draws=KERAS_DRAWS,
    ),
    "3.4": TaskCorpus(
        right={
            "unravel_index": _ns(strongest_edge=strongest_edge),
            "loop": _ns(strongest_edge=strongest_edge_loop),
            "argwhere": _ns(strongest_edge=strongest_edge_argwhere),
        },
        wrong={
            "no abs": (_ns(strongest_edge=strongest_no_abs), "no-absolute-value"),
            "swapped": (_ns(strongest_edge=strongest_swapped), "swapped-indices"),
            "flat index": (_ns(strongest_edge=strongest_flat), "flat-index"),
            "a list": (
                _ns(strongest_edge=lambda layer: list(strongest_edge(layer))),
                "list-not-tuple",
            ),
            "row index left at 0": (
                _ns(strongest_edge=lambda layer: (0, strongest_edge(layer)[1])),
                "",
            ),
        },
        draws=KERAS_DRAWS * 2,
    ),
    "5.1": TaskCorpus(
        right={
            "numpy": _ns(precision_recall=precision_recall),
            "scikit-learn": _ns(precision_recall=precision_recall_sklearn),
            "loop": _ns(precision_recall=precision_recall_loop),
        },
        wrong={
            "swapped": (_ns(precision_recall=precision_recall_swapped), "swapped"),
            "strict threshold": (_ns(precision_recall=precision_recall_strict), "strict-threshold"),
            "accuracy": (_ns(precision_recall=precision_recall_accuracy), "accuracy"),
            "no zero guard": (_ns(precision_recall=precision_recall_no_guard), ""),
        },
        draws=100,
    ),
    "5.2": TaskCorpus(
        right={
            "three counts": _ns(DatasetF1=DatasetF1),
            "one counts vector": _ns(DatasetF1=DatasetF1Counts),
            "where, float64": _ns(DatasetF1=DatasetF1Where),
        },
        wrong={
            "batch average": (_ns(DatasetF1=BatchAveragedF1), "batch-average"),
            "strict threshold": (_ns(DatasetF1=StrictThresholdF1), "strict-threshold"),
            "precision": (_ns(DatasetF1=PrecisionNotF1), "precision"),
            "no flatten": (_ns(DatasetF1=NoFlattenF1), ""),
            "a function": (_ns(DatasetF1=f1_function), "not-a-class"),
            "the package's metric": (_lazy("DatasetF1", _package_f1), "package-answer"),
        },
        draws=TRAINING_DRAWS,
    ),
    "5.3": TaskCorpus(
        right={
            "argmin": _ns(best_epoch=best_epoch),
            "list.index": _ns(best_epoch=best_epoch_index),
            "loop": _ns(best_epoch=best_epoch_loop),
            "numpy integer": _ns(best_epoch=best_epoch_numpy),
        },
        wrong={
            "from zero": (_ns(best_epoch=best_epoch_from_zero), "counts-from-zero"),
            "training loss": (_ns(best_epoch=best_epoch_training_loss), "training-loss"),
            "val_accuracy": (_ns(best_epoch=best_epoch_accuracy), "val-accuracy"),
        },
    ),
    "5.4": TaskCorpus(
        right={
            "counter": _ns(stopping_epoch=stopping_epoch),
            "keras style": _ns(stopping_epoch=stopping_epoch_keras_style),
            "best index": _ns(stopping_epoch=stopping_epoch_best_index),
        },
        wrong={
            "one late": (_ns(stopping_epoch=stopping_late), "one-late"),
            "ties improve": (_ns(stopping_epoch=stopping_ties), "ties-improve"),
            "best epoch": (_ns(stopping_epoch=stopping_at_best), "best-epoch"),
        },
    ),
    "6.1": TaskCorpus(
        right={
            "sum": _ns(shap_prediction=shap_prediction),
            "loop": _ns(shap_prediction=shap_prediction_loop),
            "numpy": _ns(shap_prediction=shap_prediction_numpy),
        },
        wrong={
            "no base": (_ns(shap_prediction=shap_no_base), "no-base-value"),
            "abs": (_ns(shap_prediction=shap_abs), "adds-absolute-values"),
            "mean": (_ns(shap_prediction=shap_mean), "averages"),
        },
    ),
    "6.2": TaskCorpus(
        right={
            "argmax": _ns(pushed_up_most=pushed_up_most),
            "sorted": _ns(pushed_up_most=pushed_up_sorted),
            "loop": _ns(pushed_up_most=pushed_up_loop),
        },
        wrong={
            "by size": (_ns(pushed_up_most=pushed_by_size), "largest-absolute"),
            "index": (_ns(pushed_up_most=pushed_index), "returns-index"),
            "never None": (_ns(pushed_up_most=pushed_never_none), "never-none"),
        },
    ),
    "6.3": TaskCorpus(
        right={
            "explain_prediction": lambda: _explained(),
            "ModelExplainer": lambda: _explained(how="explainer"),
            "x as one row, top_up by a loop": lambda: _explained(how="row"),
            "own dataclass with its numbers": lambda: _explained(how="copy"),
        },
        wrong={
            "another patient": (lambda: _explained(row=1), "wrong-patient"),
            "test set as background": (
                lambda: _explained(background="test"),
                "wrong-background",
            ),
            "pushed down": (lambda: _explained(top="down"), ""),
            "not the largest": (lambda: _explained(top="second"), ""),
            "made-up explanation": (
                lambda: {**_cancer_setup(), "explanation": EXPLANATION, "top_up": "c"},
                "",
            ),
        },
        draws=TRAINING_DRAWS,
    ),
    "6.4": TaskCorpus(
        right={
            "numpy": _ns(mean_abs_shap=mean_abs_shap),
            "loop": _ns(mean_abs_shap=mean_abs_shap_loop),
            "argsort": _ns(mean_abs_shap=mean_abs_shap_argsort),
        },
        wrong={
            "signed mean": (_ns(mean_abs_shap=mean_signed), "signed-mean"),
            "sum": (_ns(mean_abs_shap=sum_abs), "sums"),
            "unsorted": (_ns(mean_abs_shap=unsorted), "not-sorted"),
            "dict": (_ns(mean_abs_shap=as_dict), "returns-dict"),
        },
    ),
}


# --------------------------------------------------------------------------- #
# Sweeping the draws
# --------------------------------------------------------------------------- #


@dataclass
class Sweep:
    """What one answer got over ``draws`` seeded draws of its task's check."""

    task_id: str
    answer: str
    right: bool
    mistake: str = ""
    draws: int = 0
    agreed: int = 0  # verdicts that were right: passes of right answers, fails of wrong ones
    diagnosed: int = 0  # wrong answers failed with the expected mistake id
    disagreements: list = field(default_factory=list)  # (seed, status, message)


def sweep(
    task_id: str, answer: str, *, draws: int, first_seed: int = 0, judge: bool = False
) -> Sweep:
    """Run ``task_id``'s check on one corpus answer over ``draws`` seeds.

    Each run gets its own reproducible draw (``seeded_draws(seed)``), so a
    disagreement can be replayed from the seed that is reported. With
    ``judge``, the check reads the answer the way ``nnteach grade`` does:
    through the judge's remote namespace and the relay, every value and
    call crossing the codec (:func:`nnteach.grading.judge.local_relay`).
    """
    from nnteach.checks import run_task
    from nnteach.checks.helpers import seeded_draws

    corpus = CORPUS[task_id]
    right = answer in corpus.right
    factory, mistake = (corpus.right[answer], "") if right else corpus.wrong[answer]
    namespace = factory()
    if judge:
        namespace = judged_namespace(namespace)
    result = Sweep(task_id, answer, right, mistake, draws)
    for seed in range(first_seed, first_seed + draws):
        with seeded_draws(seed):
            outcome = run_task(None, task_id, namespace, timeout=60)
        good = outcome.status == "passed" if right else outcome.status == "failed"
        if good:
            result.agreed += 1
            if not right and (not mistake or outcome.mistake == f"{task_id}/{mistake}"):
                result.diagnosed += 1
            elif not right:
                result.disagreements.append((seed, outcome.mistake or "(no id)", outcome.message))
        else:
            result.disagreements.append((seed, outcome.status, outcome.message))
    return result


def judged_namespace(namespace: dict) -> Any:
    """``namespace`` as the judge sees it: a remote namespace over a relay in this process."""
    from nnteach.grading.judge import RemoteNamespace, Session, local_relay

    return RemoteNamespace(Session(local_relay(namespace)))


def answers() -> list[tuple[str, str]]:
    """Every (task id, answer name) of the corpus, right answers first."""
    return [
        (task_id, name)
        for task_id, corpus in CORPUS.items()
        for name in (*corpus.right, *corpus.wrong)
    ]


def _exercise_04() -> dict[str, TaskCorpus]:
    """Exercise 04's answers, kept beside its own tests in ``tests/test_checks_ex04.py``."""
    from . import test_checks_ex04 as ex04

    corpus = {}
    for task_id, name in ex04.NAMES.items():
        right = {"reference": _ns(**{name: ex04.REFERENCE[name]})}
        for label, value in ex04.CORRECT[task_id].items():
            right[label] = _ns(**{name: ex04._answer(value)})
        wrong = {
            label: (_ns(**{name: answer}), mistake)
            for label, (answer, _pattern, mistake) in ex04.WRONG[task_id].items()
        }
        draws = TRAINING_DRAWS if task_id == "4.5" else 300
        corpus[task_id] = TaskCorpus(right=right, wrong=wrong, draws=draws)
    return corpus


CORPUS.update(_exercise_04())
CORPUS = dict(sorted(CORPUS.items(), key=lambda item: tuple(map(int, item[0].split(".")))))
