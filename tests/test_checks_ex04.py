"""Exercise 4's checks: every correct answer passes, every typical mistake fails, on every draw.

Each task is run over many fresh draws (``fresh_rng`` gives new inputs on every
run) with the reference answer (the code of ``solutions/``), several
differently written correct answers (NumPy, ``keras.ops``, float32, other
return types the task text allows) and the typical mistakes, each of which
must fail with a message that names it and its mistake id (``"4.1/global-max"``;
none for a mistake the check does not diagnose). ``REFERENCE`` holds the
reference answers by variable name, for suites that run every exercise's tasks.
``tests/check_corpus.py`` builds the check audit's corpus for exercise 4 from
``CORRECT`` and ``WRONG``.
"""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
import scipy.special
import tensorflow as tf

import nnteach
from nnteach.checks import ex04_how_a_network_learns as ex04
from nnteach.checks import run_all, run_task, tasks_for

ops = keras.ops
DRAWS = 50  # NumPy tasks
MODEL_DRAWS = 8  # task 4.5 builds and trains Keras models on every draw


# --------------------------------------------------------------------------- #
# Reference answers: the code of solutions/04_how_a_network_learns.py
# --------------------------------------------------------------------------- #
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(labels, probs):
    picked = probs[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(picked)))


def logistic_gradients(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dz = (p - y) / len(y)
    return X.T @ dz, float(dz.sum())


def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = momentum * velocity - learning_rate * gradient
    return w + new_velocity, new_velocity


_loss_fn = keras.losses.SparseCategoricalCrossentropy()


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = _loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss


REFERENCE = {
    "softmax": softmax,
    "cross_entropy": cross_entropy,
    "logistic_gradients": logistic_gradients,
    "momentum_step": momentum_step,
    "train_step": train_step,
}


# --------------------------------------------------------------------------- #
# Other correct answers
# --------------------------------------------------------------------------- #
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


CORRECT = {
    "4.1": {
        "keras.ops": lambda z: ops.softmax(z, axis=-1),
        "scipy": lambda z: scipy.special.softmax(z, axis=1),
        "float32, max as a column": lambda z: (lambda e: e / e.sum(axis=1)[:, None])(
            np.exp(z.astype("float32") - np.max(z, axis=1)[:, None].astype("float32"))
        ),
        "log-sum-exp": lambda z: np.exp(z - scipy.special.logsumexp(z, axis=1, keepdims=True)),
        "tf.nn": lambda z: tf.nn.softmax(z),
    },
    "4.2": {
        "keras function, then mean": lambda labels, probs: ops.mean(
            keras.losses.sparse_categorical_crossentropy(labels, probs)
        ),
        "keras loss object (float32 tensor)": lambda labels, probs: (
            keras.losses.SparseCategoricalCrossentropy()(labels, probs)
        ),
        "one-hot sum": lambda labels, probs: (
            -np.sum(np.eye(probs.shape[1])[labels] * np.log(probs)) / len(labels)
        ),
        "a loop, NumPy float32": lambda labels, probs: np.float32(
            -sum(np.log(probs[i, c]) for i, c in enumerate(labels)) / len(labels)
        ),
        "0-d array": lambda labels, probs: np.array(
            -np.log(np.take_along_axis(probs, labels[:, None], axis=1)).mean()
        ),
    },
    "4.3": {
        "float32": lambda X, y, w, b: (
            lambda p: (
                (X.astype("float32").T @ (p - y)) / len(y),
                np.float32((p - y).mean()),
            )
        )(_sigmoid(X.astype("float32") @ w.astype("float32") + np.float32(b))),
        "loops and a list": lambda X, y, w, b: [
            [
                sum((_sigmoid(X[i] @ w + b) - y[i]) * X[i, j] for i in range(len(y))) / len(y)
                for j in range(len(w))
            ],
            np.mean([_sigmoid(X[i] @ w + b) - y[i] for i in range(len(y))]),
        ],
        "keras.ops, 0-d db": lambda X, y, w, b: (
            lambda err: (ops.matmul(ops.transpose(X), err) / len(y), ops.mean(err))
        )(ops.sigmoid(ops.matmul(X, w) + b) - y),
        "np.dot and mean": lambda X, y, w, b: (
            lambda err: (np.dot(err, X) / len(y), np.array([err.mean()]))
        )(_sigmoid(np.dot(X, w) + b) - y),
    },
    "4.4": {
        "written the other way round": lambda w, g, v, lr, mu: (lambda nv: [w.copy() + nv, nv])(
            v * mu - g * lr
        ),
        "float32": lambda w, g, v, lr, mu: (lambda nv: (w.astype("float32") + nv, nv))(
            np.float32(mu) * v.astype("float32") - np.float32(lr) * g.astype("float32")
        ),
        "keras.ops": lambda w, g, v, lr, mu: (lambda nv: (ops.add(w, nv), nv))(
            ops.subtract(ops.multiply(mu, v), ops.multiply(lr, g))
        ),
        "copy, then in place on the copies": "_momentum_copy_then_in_place",
    },
    "4.5": {
        "optimizer.apply": "_step_apply",
        "tf.function": "_step_tf_function",
        "float loss, trainable_weights": "_step_float",
        "keras.ops mean of the per-example loss": "_step_ops_mean",
    },
}


def _momentum_copy_then_in_place(w, gradient, velocity, learning_rate, momentum):
    new_velocity = velocity.copy()
    new_velocity *= momentum
    new_velocity -= learning_rate * gradient
    new_w = w.copy()
    new_w += new_velocity
    return new_w, new_velocity


def _step_apply(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy()(y, model(x, training=True))
    optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    return loss


@tf.function
def _step_tf_function(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = _loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss


def _step_float(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = _loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_weights)
    optimizer.apply_gradients(zip(gradients, model.trainable_weights, strict=True))
    return float(loss)


def _step_ops_mean(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        per_example = keras.losses.sparse_categorical_crossentropy(y, model(x, training=True))
        loss = ops.mean(per_example)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(list(zip(gradients, model.trainable_variables, strict=True)))
    return ops.convert_to_numpy(loss)


# --------------------------------------------------------------------------- #
# Typical mistakes: (answer, a piece of the message that must name it, mistake id)
# --------------------------------------------------------------------------- #
def _naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _global_max_softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)


def _column_softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _batch_softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum()


def _max_without_keepdims(z):
    e = np.exp(z - z.max(axis=1))
    return e / e.sum(axis=1, keepdims=True)


def _logistic_variant(kind):
    def gradients(X, y, w, b):
        z = X @ w + b
        p = _sigmoid(z)
        err = {"sum": p - y, "sign": y - p, "slope": (p - y) * p * (1 - p), "z": z - y}[kind]
        scale = 1 if kind == "sum" else len(y)
        return X.T @ err / scale, float(err.sum() / scale)

    return gradients


def _momentum_in_place(w, gradient, velocity, learning_rate, momentum):
    velocity *= momentum
    velocity -= learning_rate * gradient
    w += velocity
    return w, velocity


def _step_variant(kind):
    def step(model, optimizer, x, y):
        loss_fn = keras.losses.SparseCategoricalCrossentropy(
            from_logits=kind == "logits",
            reduction="sum" if kind == "sum" else "sum_over_batch_size",
        )
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        if kind == "uphill":
            gradients = [-g for g in gradients]
        if kind != "no update":
            for _ in range(2 if kind == "twice" else 1):
                optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        if kind == "loss after":
            return _loss_fn(y, model(x))
        return None if kind == "no return" else loss

    return step


WRONG = {
    "4.1": {
        "no max subtracted": (
            _naive_softmax,
            "NaN or infinite values when the scores are large",
            "no-max-subtracted",
        ),
        "one max for the whole batch": (
            _global_max_softmax,
            "NaN or infinite values",
            "global-max",
        ),
        "columns": (_column_softmax, "normalizes each column", "column-axis"),
        "whole batch": (_batch_softmax, "sum over the whole batch", "batch-sum"),
        "no exp": (
            lambda z: z / z.sum(axis=1, keepdims=True),
            "leaves out the exponential",
            "no-exp",
        ),
        "sigmoid": (_sigmoid, "applies the sigmoid", "sigmoid"),
        "max without keepdims": (_max_without_keepdims, "raised ValueError", ""),
    },
    "4.2": {
        "sum": (
            lambda labels, probs: -np.sum(np.log(probs[np.arange(len(labels)), labels])),
            "sum over the examples",
            "sum-not-mean",
        ),
        "sign": (
            lambda labels, probs: np.mean(np.log(probs[np.arange(len(labels)), labels])),
            "wrong sign",
            "wrong-sign",
        ),
        "log10": (
            lambda labels, probs: -np.mean(np.log10(probs[np.arange(len(labels)), labels])),
            "log10",
            "log10",
        ),
        "m times k": (
            lambda labels, probs: -np.mean(np.eye(probs.shape[1])[labels] * np.log(probs)),
            r"m·k",
            "divides-by-m-times-k",
        ),
        "probs[:, labels]": (
            lambda labels, probs: -np.mean(np.log(probs[:, labels])),
            "wrong probabilities",
            "wrong-probabilities",
        ),
        "per example": (
            lambda labels, probs: -np.log(probs[np.arange(len(labels)), labels]),
            "one loss per example",
            "per-example",
        ),
        "binary formula": (
            lambda labels, probs: (
                -np.mean(
                    np.sum(
                        np.eye(probs.shape[1])[labels] * np.log(probs)
                        + (1 - np.eye(probs.shape[1])[labels]) * np.log(1 - probs),
                        axis=1,
                    )
                )
            ),
            "binary cross-entropy formula",
            "binary-formula",
        ),
    },
    "4.3": {
        "no /m": (_logistic_variant("sum"), "forgets to divide by m", "no-divide-by-m"),
        "sign": (_logistic_variant("sign"), "wrong sign", "wrong-sign"),
        "sigmoid slope": (_logistic_variant("slope"), "p\\(1 - p\\)", "sigmoid-slope"),
        "z for p": (_logistic_variant("z"), "uses z", "z-for-p"),
        "X for X.T": (
            lambda X, y, w, b: (X @ (_sigmoid(X @ w + b) - y), 0.0),
            "raised ValueError",
            "",
        ),
        "column dw": (
            lambda X, y, w, b: (
                (X.T @ (_sigmoid(X @ w + b) - y) / len(y))[:, None],
                float((_sigmoid(X @ w + b) - y).mean()),
            ),
            "dw has shape",
            "",
        ),
        "db summed": (
            lambda X, y, w, b: (
                X.T @ (_sigmoid(X @ w + b) - y) / len(y),
                float((_sigmoid(X @ w + b) - y).sum()),
            ),
            "dw is right but db is wrong",
            "wrong-db",
        ),
    },
    "4.4": {
        "sign": (
            lambda w, g, v, lr, mu: (w + mu * v + lr * g, mu * v + lr * g),
            "adds the gradient",
            "wrong-sign",
        ),
        "no velocity": (
            lambda w, g, v, lr, mu: (w - lr * g, -lr * g),
            "ignores the old velocity",
            "ignores-velocity",
        ),
        "old velocity for w": (
            lambda w, g, v, lr, mu: (w + v, mu * v - lr * g),
            "old velocity instead of the new",
            "old-velocity-for-w",
        ),
        "torch": (
            lambda w, g, v, lr, mu: (w - lr * (mu * v + g), mu * v + g),
            "another momentum convention",
            "torch-convention",
        ),
        "swapped": (
            lambda w, g, v, lr, mu: (mu * v - lr * g, w + mu * v - lr * g),
            r"returns \(velocity, w\)",
            "swapped-outputs",
        ),
        "in place": (_momentum_in_place, "changes the array", "in-place"),
    },
    "4.5": {
        "no update": (
            _step_variant("no update"),
            "does not change the model's weights",
            "no-update",
        ),
        "loss after": (_step_variant("loss after"), "loss after the update", "loss-after-update"),
        "sum": (_step_variant("sum"), "sums the loss", "sum-not-mean"),
        "twice": (_step_variant("twice"), "twice", "applies-twice"),
        "uphill": (_step_variant("uphill"), "uphill", "uphill"),
        "no return": (_step_variant("no return"), "returns None", "no-return"),
    },
}

NAMES = {
    "4.1": "softmax",
    "4.2": "cross_entropy",
    "4.3": "logistic_gradients",
    "4.4": "momentum_step",
    "4.5": "train_step",
}


def _draws(task_id: str) -> int:
    return MODEL_DRAWS if task_id == "4.5" else DRAWS


def _answer(value):
    return globals()[value] if isinstance(value, str) else value


# --------------------------------------------------------------------------- #
# Tests
# --------------------------------------------------------------------------- #
def test_five_tasks_registered_as_exercise_04():
    assert [task.id for task in tasks_for("04")] == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    assert ex04.EXERCISE.notebook == "04_how_a_network_learns"


def test_reference_answers_pass_together():
    results = run_all("04", REFERENCE)
    assert all(r.passed for r in results), results


@pytest.mark.parametrize("task_id", list(NAMES))
def test_reference_passes_on_every_draw(task_id):
    for _ in range(_draws(task_id)):
        result = run_task("04", task_id, REFERENCE)
        assert result.passed, repr(result)


CORRECT_CASES = [(task_id, name) for task_id, group in CORRECT.items() for name in group]


@pytest.mark.parametrize(
    ("task_id", "name"), CORRECT_CASES, ids=[f"{t}-{n}" for t, n in CORRECT_CASES]
)
def test_other_correct_answers_pass_on_every_draw(task_id, name):
    namespace = {NAMES[task_id]: _answer(CORRECT[task_id][name])}
    for _ in range(_draws(task_id)):
        result = run_task("04", task_id, namespace)
        assert result.passed, repr(result)


WRONG_CASES = [(task_id, name) for task_id, group in WRONG.items() for name in group]


@pytest.mark.parametrize(("task_id", "name"), WRONG_CASES, ids=[f"{t}-{n}" for t, n in WRONG_CASES])
def test_typical_mistakes_fail_on_every_draw_with_a_message_naming_them(task_id, name):
    answer, pattern, mistake = WRONG[task_id][name]
    namespace = {NAMES[task_id]: answer}
    for _ in range(_draws(task_id)):
        result = run_task("04", task_id, namespace)
        assert result.status == "failed", repr(result)
        assert result.points == 0
        assert re.search(pattern, result.message), repr(result)
        assert result.mistake == (f"{task_id}/{mistake}" if mistake else ""), repr(result)


def test_at_least_three_correct_and_three_wrong_answers_per_task():
    for task_id in NAMES:
        assert len(CORRECT[task_id]) >= 3 and len(WRONG[task_id]) >= 3


@pytest.mark.parametrize("task_id", list(NAMES))
def test_placeholders_are_not_attempted(task_id):
    def stub(*args, **kwargs):
        raise NotImplementedError("Task 4.1: replace this line with your code")

    assert run_task("04", task_id, {}).status == "not attempted"
    assert run_task("04", task_id, {NAMES[task_id]: stub}).status == "not attempted"


def test_the_expected_value_is_never_shown():
    """Messages name mistakes and shapes, never a computed value (no long decimals)."""
    for task_id, group in WRONG.items():
        if task_id == "4.5":
            continue
        for answer, _pattern, _mistake in group.values():
            result = run_task("04", task_id, {NAMES[task_id]: answer})
            assert not re.search(r"\d\.\d{3,}", result.message + result.hint), repr(result)


def test_no_reference_answer_under_a_task_name():
    for name in NAMES.values():
        assert not hasattr(ex04, name)
        assert name not in nnteach.__all__
    assert set(ex04.__all__) == {"EXERCISE", "MAX_DRAWS"}


def test_a_function_of_the_package_is_refused():
    from nnteach.widgets import gradient_descent_path

    result = run_task("04", "4.1", {"softmax": gradient_descent_path})
    assert result.status == "failed" and "use your own" in result.message
    assert result.mistake == "4.1/package-answer"


@pytest.mark.parametrize("task_id", ["4.1", "4.2", "4.3", "4.4"])
def test_the_draws_separate_every_diagnosed_mistake(task_id):
    rng = np.random.default_rng(0)
    if task_id == "4.1":
        for _ in range(200):
            z = ex04._moderate_scores(rng)
            assert z.shape[0] != z.shape[1]
            big = ex04._large_scores(rng)
            assert big.max() > 900 and big.min() < -900
    elif task_id == "4.2":
        for _ in range(200):
            labels, probs = ex04._labels_and_probs(rng)
            assert probs.shape[0] != probs.shape[1] and probs.min() > 0
    elif task_id == "4.3":
        for _ in range(200):
            X, y, w, b = ex04._logistic_inputs(rng)
            assert X.shape[0] != X.shape[1] and 0 < y.mean() < 1
    elif task_id == "4.4":
        for _ in range(200):
            w, g, v, lr, mu = ex04._momentum_inputs(rng)
            assert 0 < lr < 1 and 0 < mu < 1 and np.abs(v).max() > 0
