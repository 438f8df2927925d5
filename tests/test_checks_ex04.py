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


def largest_stable_learning_rate(hessian):
    return float(2 / np.linalg.eigvalsh(hessian).max())


REFERENCE = {
    "softmax": softmax,
    "cross_entropy": cross_entropy,
    "logistic_gradients": logistic_gradients,
    "momentum_step": momentum_step,
    "train_step": train_step,
    "largest_stable_learning_rate": largest_stable_learning_rate,
}


# --------------------------------------------------------------------------- #
# Other correct answers
# --------------------------------------------------------------------------- #
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


CORRECT = {
    "4.1": {
        "keras.ops exp, max and sum": lambda z: (lambda e: e / ops.sum(e, axis=-1, keepdims=True))(
            ops.exp(z - ops.max(z, axis=-1, keepdims=True))
        ),
        "a loop over the rows": "_softmax_rows",
        "float32, max as a column": lambda z: (lambda e: e / e.sum(axis=1)[:, None])(
            np.exp(z.astype("float32") - np.max(z, axis=1)[:, None].astype("float32"))
        ),
        "log-sum-exp": lambda z: np.exp(z - scipy.special.logsumexp(z, axis=1, keepdims=True)),
        "copy, then in place on the copy": "_softmax_copy_in_place",
    },
    "4.2": {
        "keras.ops, float32 tensor": lambda labels, probs: (
            -ops.mean(
                ops.log(
                    ops.take_along_axis(ops.convert_to_tensor(probs, "float32"), labels[:, None], 1)
                )
            )
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
        "a forward pass before the tape's": "_step_extra_pass",
        "adds sum(model.losses)": "_step_model_losses",
    },
    "4.6": {
        "np.linalg.norm(H, 2)": lambda hessian: 2 / np.linalg.norm(hessian, 2),
        "max of eigvals": lambda hessian: 2.0 / max(np.linalg.eigvals(hessian).real),
        "sorted eigenvalues, a list": lambda hessian: [2 / sorted(np.linalg.eigh(hessian)[0])[-1]],
        "power iteration": "_rate_power_iteration",
        "float32 tensor": lambda hessian: (
            2 / ops.max(ops.eigh(ops.convert_to_tensor(hessian, "float32"))[0])
        ),
    },
}


def _softmax_rows(z):
    out = []
    for row in z:
        e = [np.exp(v - max(row)) for v in row]
        out.append([v / sum(e) for v in e])
    return np.array(out)


def _softmax_copy_in_place(z):
    z = z.copy()
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def _rate_power_iteration(hessian):
    v = np.ones(len(hessian))
    for _ in range(500):
        v = hessian @ v
        v /= np.linalg.norm(v)
    return 2 / (v @ hessian @ v)


def _step_extra_pass(model, optimizer, x, y):
    print("predictions before the step:", model(x, training=True).shape)
    with tf.GradientTape() as tape:
        loss = _loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss


def _step_model_losses(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = _loss_fn(y, model(x, training=True)) + sum(model.losses)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return loss


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


def _row_min_softmax(z):
    e = np.exp(z - z.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _in_place_softmax(z):
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
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
        if kind == "outside":
            loss = loss_fn(y, model(x, training=True))
        with tf.GradientTape() as tape:
            if kind == "per example":
                loss = keras.losses.sparse_categorical_crossentropy(y, model(x, training=True))
            elif kind == "swapped loss":
                loss = loss_fn(model(x, training=True), y)
            elif kind == "float":
                loss = float(loss_fn(y, model(x, training=True)))
            elif kind != "outside":
                loss = loss_fn(y, model(x, training=kind != "eval"))
        gradients = tape.gradient(loss, model.trainable_variables)
        if kind == "uphill":
            gradients = [-g for g in gradients]
        pairs = zip(gradients, model.trainable_variables, strict=True)
        if kind == "swapped zip":
            pairs = zip(model.trainable_variables, gradients, strict=True)
        if kind == "second pass before":
            loss = _loss_fn(y, model(x, training=True))
        if kind != "no update":
            pairs = list(pairs)
            for _ in range(2 if kind == "twice" else 1):
                optimizer.apply_gradients(pairs)
        if kind == "loss after":
            return _loss_fn(y, model(x))
        if kind == "second pass":
            return _loss_fn(y, model(x, training=True))
        return None if kind == "no return" else loss

    return step


def _logistic_tape(X, y, w, b):
    w_var, b_var = tf.Variable(w), tf.Variable(float(b), dtype=tf.float64)
    with tf.GradientTape() as tape:
        p = tf.sigmoid(tf.reduce_sum(X * w_var, axis=1) + b_var)
        loss = -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
    dw, db = tape.gradient(loss, [w_var, b_var])
    return dw.numpy(), float(db)


def _logistic_in_place(X, y, w, b):
    X -= 0  # a harmless-looking in-place line: the caller's X is rewritten
    X *= 1.0
    X += 1e-3
    return logistic_gradients(X - 1e-3, y, w, b)


WRONG = {
    "4.1": {
        "no max subtracted": (
            _naive_softmax,
            "NaN or infinite values when the scores are large",
            "no-max-subtracted",
        ),
        "one max for the whole batch": (
            _global_max_softmax,
            "one maximum for the whole batch",
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
        "row minimum": (_row_min_softmax, "smallest score", "row-min"),
        "keras.ops.softmax": (
            lambda z: ops.softmax(z, axis=-1),
            "write softmax yourself",
            "library-softmax",
        ),
        "scipy": (
            lambda z: scipy.special.softmax(z, axis=1),
            "write softmax yourself",
            "library-softmax",
        ),
        "tf.nn": (lambda z: tf.nn.softmax(z), "write softmax yourself", "library-softmax"),
        "in place": (_in_place_softmax, "changes the array `z`", "in-place"),
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
        "keras function": (
            lambda labels, probs: ops.mean(
                keras.losses.sparse_categorical_crossentropy(labels, probs)
            ),
            "write the cross-entropy yourself",
            "library-loss",
        ),
        "keras loss object": (
            lambda labels, probs: keras.losses.SparseCategoricalCrossentropy()(labels, probs),
            "write the cross-entropy yourself",
            "library-loss",
        ),
    },
    "4.3": {
        "no /m": (_logistic_variant("sum"), "forgets to divide by m", "no-divide-by-m"),
        "sign": (_logistic_variant("sign"), "wrong sign", "wrong-sign"),
        "sigmoid slope": (_logistic_variant("slope"), "p\\(1 - p\\)", "sigmoid-slope"),
        "z for p": (_logistic_variant("z"), "weighted sum z", "z-for-p"),
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
        "(db, dw)": (
            lambda X, y, w, b: logistic_gradients(X, y, w, b)[::-1],
            r"order \(db, dw\)",
            "swapped-outputs",
        ),
        "in place": (_logistic_in_place, "changes the array `X`", "in-place"),
        "GradientTape": (_logistic_tape, "by hand", "autodiff"),
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
        "no training=True": (_step_variant("eval"), "without training=True", "no-training-flag"),
        "from_logits=True": (_step_variant("logits"), "from_logits=True", "from-logits"),
        "per-example loss vector": (
            _step_variant("per example"),
            "one loss per example",
            "per-example-loss",
        ),
        "returns a second forward pass, after the update": (
            _step_variant("second pass"),
            "loss after the update",
            "loss-after-update",
        ),
        "returns a second forward pass, before the update": (
            _step_variant("second pass before"),
            "another forward pass",
            "another-forward-pass",
        ),
        "loss outside the tape": (
            _step_variant("outside"),
            "No gradients provided",
            "loss-outside-tape",
        ),
        "swapped zip": (_step_variant("swapped zip"), "gradient first", "gradient-variable-pairs"),
        "swapped loss arguments": (
            _step_variant("swapped loss"),
            "labels first",
            "swapped-loss-arguments",
        ),
        "float loss in the tape": (
            _step_variant("float"),
            "gradient of a Python number",
            "loss-not-tensor",
        ),
    },
    "4.6": {
        "smallest eigenvalue": (
            lambda h: 2 / np.linalg.eigvalsh(h).min(),
            "smallest curvature",
            "smallest-curvature",
        ),
        "no factor 2": (
            lambda h: 1 / np.linalg.eigvalsh(h).max(),
            "half the largest",
            "missing-factor-2",
        ),
        "diagonal": (
            lambda h: 2 / np.max(np.diag(h)),
            "diagonal",
            "entries-not-eigenvalues",
        ),
        "largest entry": (lambda h: 2 / h.max(), "diagonal", "entries-not-eigenvalues"),
        "trace": (lambda h: 2 / np.trace(h), "trace", "trace"),
        "frobenius norm": (lambda h: 2 / np.linalg.norm(h), "Frobenius", "frobenius-norm"),
        "first of eig": (
            lambda h: 2 / np.linalg.eig(h)[0][0],
            "no particular order",
            "smallest-curvature",
        ),
        "last of eig": (lambda h: 2 / np.linalg.eig(h)[0][-1], "no particular order", ""),
        "upside down": (lambda h: np.linalg.eigvalsh(h).max() / 2, "upside down", "inverted"),
    },
}


NAMES = {
    "4.1": "softmax",
    "4.2": "cross_entropy",
    "4.3": "logistic_gradients",
    "4.4": "momentum_step",
    "4.5": "train_step",
    "4.6": "largest_stable_learning_rate",
}


def _draws(task_id: str) -> int:
    return MODEL_DRAWS if task_id == "4.5" else DRAWS


def _answer(value):
    return globals()[value] if isinstance(value, str) else value


# --------------------------------------------------------------------------- #
# Tests
# --------------------------------------------------------------------------- #
def test_six_tasks_registered_as_exercise_04():
    assert [task.id for task in tasks_for("04")] == ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6"]
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


@pytest.mark.parametrize("task_id", ["4.1", "4.2", "4.3", "4.4", "4.6"])
def test_the_draws_separate_every_diagnosed_mistake(task_id):
    rng = np.random.default_rng(0)
    if task_id == "4.1":
        for _ in range(200):
            z = ex04._moderate_scores(rng)
            assert z.shape[0] != z.shape[1]
            big = ex04._large_scores(rng)
            assert big.max() > 900 and big.min() < -900
            spread = big.max(axis=1) - big.min(axis=1)
            assert spread.max() > 900  # a row like [0, 1000, -5]: the row minimum overflows
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
    elif task_id == "4.6":
        for _ in range(50):
            hessian = ex04.draw_until(ex04._hessian, ex04._rate_decides, rng)
            assert np.allclose(hessian, hessian.T) and np.linalg.eigvalsh(hessian).min() > 0
            assert np.abs(hessian - np.diag(np.diag(hessian))).max() > 0.01  # not diagonal
            by_position = ex04._by_position(hessian)
            assert not np.isclose(by_position, ex04._rate_reference(hessian)).any()
