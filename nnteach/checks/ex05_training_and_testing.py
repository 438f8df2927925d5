"""Checks for exercise 05, training and testing (``exercises/05_training_and_testing.ipynb``).

Tasks
-----
4.1 ``precision_recall(y_true, y_prob)``: precision and recall with NumPy.
4.2 ``f1_metric(y_true, y_pred)``: an F1 metric in ``keras.ops`` that works with
    integer labels, inside ``model.evaluate`` too.
4.3 ``best_epoch(history)``: the epoch with the lowest validation loss.
4.4 ``stopping_epoch(val_loss, patience)``: when early stopping ends training.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .core import (
    Exercise,
    call_student,
    describe_value,
    diagnose,
    expect_callable,
    fail,
    fresh_rng,
    require,
    student_code,
    to_number,
    to_whole_number,
)

__all__ = ["EXERCISE", "stopping_epoch_reference"]

EXERCISE = Exercise("05", "training_and_testing", "Training and testing")


def _counts(y_true: np.ndarray, y_prob: np.ndarray) -> tuple[int, int, int, int]:
    y_pred = np.asarray(y_prob).reshape(-1) >= 0.5
    y_true = np.asarray(y_true).reshape(-1) == 1
    tp = int((y_pred & y_true).sum())
    fp = int((y_pred & ~y_true).sum())
    fn = int((~y_pred & y_true).sum())
    tn = int((~y_pred & ~y_true).sum())
    return tp, fp, fn, tn


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _close(a: float, b: float, tol: float = 1e-4) -> bool:
    return abs(a - b) <= tol


def _labels_and_probs(rng: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    y_true = rng.integers(0, 2, size=n).astype(np.int64)
    # better than chance, with precision (about 0.9) far from recall (about 0.6)
    positives = rng.uniform(0.2, 1.0, size=n)
    negatives = rng.uniform(0.0, 0.55, size=n)
    y_prob = np.where(y_true == 1, positives, negatives).astype(np.float32)
    return y_true, y_prob


# --------------------------------------------------------------------------- #
_PR_HINT = "Predicted positive: y_prob >= 0.5. precision = TP / (TP + FP), recall = TP / (TP + FN)."


@EXERCISE.task(
    "5.1",
    "Precision and recall",
    points=2,
    names=("precision_recall",),
    hint=_PR_HINT,
)
def _precision_recall(ns: Mapping[str, Any]) -> None:
    func = expect_callable("precision_recall", require(ns, "precision_recall"))
    rng = fresh_rng()
    label = "`precision_recall(y_true, y_prob)`"
    for n in (50, int(rng.integers(80, 200))):
        y_true, y_prob = _labels_and_probs(rng, n)
        precision, recall = _pair(call_student(label, func, y_true.copy(), y_prob.copy()), label)
        tp, fp, fn, tn = _counts(y_true, y_prob)
        exp_p, exp_r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        if _close(precision, exp_p) and _close(recall, exp_r):
            continue
        if _close(precision, exp_r) and _close(recall, exp_p):
            fail(
                f"{label} has precision and recall swapped: precision is the share of "
                "predicted positives that are right, recall the share of actual positives "
                "that are found.",
                _PR_HINT,
            )
        accuracy = (tp + tn) / n
        if _close(precision, accuracy) or _close(recall, accuracy):
            fail(
                f"{label} returns the accuracy (right predictions / all), not precision or recall.",
                _PR_HINT,
            )
        which = [
            name
            for name, ok in (
                ("precision", _close(precision, exp_p)),
                ("recall", _close(recall, exp_r)),
            )
            if not ok
        ]
        fail(
            f"{label} gives a wrong {' and '.join(which)} for random labels and probabilities.",
            _PR_HINT,
        )
    # no predicted positives: 0 / 0
    y_true = rng.integers(0, 2, size=30).astype(np.int64)
    y_true[:2] = 1
    y_prob = rng.uniform(0, 0.45, size=30).astype(np.float32)
    zero_hint = (
        "When nothing is predicted positive, TP + FP = 0: return 0.0 for the "
        "precision then (as scikit-learn does with zero_division=0)."
    )
    with student_code(f"{label}, when no sample is predicted positive,", hint=zero_hint):
        out = func(y_true.copy(), y_prob.copy())
    precision, recall = _pair(
        out, f"{label}, when no sample is predicted positive,", hint=zero_hint
    )
    if precision != 0.0 or recall != 0.0:
        fail(
            f"When no sample is predicted positive, {label} should give precision 0.0 and "
            "recall 0.0.",
            zero_hint,
        )


def _pair(value: Any, label: str, hint: str = "") -> tuple[float, float]:
    if not isinstance(value, tuple | list) or len(value) != 2:
        fail(
            f"{label} returned {describe_value(value)}, expected two numbers: (precision, recall).",
            hint or "End with `return precision, recall`.",
        )
    return (
        to_number(value[0], f"The precision from {label} is", hint),
        to_number(value[1], f"The recall from {label} is", hint),
    )


# --------------------------------------------------------------------------- #
_F1_HINT = (
    "With keras.ops, flatten both tensors and cast them to float32 before combining "
    "them; threshold y_pred at 0.5."
)


@EXERCISE.task(
    "5.2",
    "An F1 metric that works with integer labels",
    points=2,
    names=("f1_metric",),
    hint=_F1_HINT,
)
def _f1_metric(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    func = expect_callable("f1_metric", require(ns, "f1_metric"))
    rng = fresh_rng()
    label = "`f1_metric(y_true, y_pred)`"
    # 1. called directly, integer labels, 1-D tensors
    y_true, y_prob = _labels_and_probs(rng, 120)
    with student_code(f"{label} with integer labels", hint=_F1_HINT):
        out = func(k.ops.convert_to_tensor(y_true), k.ops.convert_to_tensor(y_prob))
        value = k.ops.convert_to_numpy(out) if hasattr(out, "shape") else out
    got = to_number(value, f"{label} returned", _F1_HINT)
    tp, fp, fn, _ = _counts(y_true, y_prob)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    if not _close(got, f1, 1e-3):
        for name, wrong in (
            ("the precision", precision),
            ("the recall", recall),
            ("the mean of precision and recall", (precision + recall) / 2),
        ):
            if _close(got, wrong, 1e-3):
                fail(
                    f"{label} returns {name}, not F1, the harmonic mean "
                    "2 * precision * recall / (precision + recall)."
                )
        fail(f"{label} gives a wrong F1 for random integer labels and probabilities.")
    # 2. as a metric in model.evaluate: y_true (batch,), y_pred (batch, 1), graph mode
    n = 64
    X = rng.normal(size=(n, 3)).astype("float32")
    y = rng.integers(0, 2, size=n).astype(np.int64)
    W = rng.normal(size=(3, 1)).astype("float32")
    b = np.zeros(1, dtype="float32")
    with student_code("`model.evaluate` with `metrics=[f1_metric]`", hint=_F1_HINT):
        inputs = k.Input(shape=(3,))
        outputs = k.layers.Dense(1, activation="sigmoid")(inputs)
        model = k.Model(inputs, outputs)
        model.layers[-1].set_weights([W, b])
        model.compile(loss="binary_crossentropy", metrics=[func])
        result = model.evaluate(X, y, batch_size=n, verbose=0)
    if not isinstance(result, list) or len(result) != 2:
        fail(f"`model.evaluate` with `metrics=[f1_metric]` returned {describe_value(result)}.")
    got = to_number(result[1], "In `model.evaluate`, `f1_metric` gave", _F1_HINT)
    tp, fp, fn, _ = _counts(y, 1 / (1 + np.exp(-(X @ W + b))))
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    if not _close(got, _ratio(2 * precision * recall, precision + recall), 1e-3):
        fail(
            "`f1_metric` is right when called directly but wrong inside `model.evaluate`, "
            "where y_true has shape (batch,) and y_pred (batch, 1): multiplying them "
            "broadcasts to a (batch, batch) table.",
            "Flatten both tensors to one dimension first (keras.ops.reshape).",
        )


# --------------------------------------------------------------------------- #
def _history(rng: Any) -> dict[str, list[float]]:
    while True:
        n = int(rng.integers(15, 40))
        t = np.arange(n)
        t0 = int(rng.integers(4, n - 4))
        loss = 0.7 * np.exp(-t / 8) + 0.05 + rng.uniform(0, 0.005, size=n)
        loss = np.sort(loss)[::-1]
        val_loss = 0.3 + 0.002 * (t - t0) ** 2 + rng.uniform(0, 0.01, size=n)
        val_accuracy = 0.95 - val_loss / 4 + rng.uniform(-0.03, 0.03, size=n)
        accuracy = 1 - loss / 2
        best = int(np.argmin(val_loss))
        if np.argmax(val_accuracy) != best and best not in (0, n - 1):
            return {
                "accuracy": accuracy.round(4).tolist(),
                "loss": loss.round(4).tolist(),
                "val_accuracy": val_accuracy.round(4).tolist(),
                "val_loss": val_loss.round(4).tolist(),
            }


def _epoch(value: Any, label: str, hint: str = "") -> int:
    return to_whole_number(value, f"{label} returned", hint, meaning="an epoch")


@EXERCISE.task(
    "5.3",
    "The epoch to stop at",
    points=1,
    names=("best_epoch",),
    hint="Find the position of the lowest value in history['val_loss'] (NumPy has a "
    "function for that); Keras counts epochs from 1.",
)
def _best_epoch(ns: Mapping[str, Any]) -> None:
    func = expect_callable("best_epoch", require(ns, "best_epoch"))
    rng = fresh_rng()
    label = "`best_epoch(history)`"
    failures = []
    for _ in range(3):
        history = _history(rng)
        given = {key: list(values) for key, values in history.items()}
        got = _epoch(call_student(label, func, given), label)
        if got != int(np.argmin(history["val_loss"])) + 1:
            failures.append((got, history))
    if not failures:
        return

    def index_of(got: int, values: list[float], pick: Any) -> bool:
        return got in (int(pick(values)), int(pick(values)) + 1)

    message = diagnose(
        failures,
        [
            (
                lambda f: f[0] == int(np.argmin(f[1]["val_loss"])),
                f"{label} counts epochs from 0; Keras prints the first epoch as 'Epoch 1', "
                "so add 1 to the index.",
            ),
            (
                lambda f: index_of(f[0], f[1]["loss"], np.argmin),
                f"{label} picks the lowest training loss; stop where the validation loss "
                "(val_loss) is lowest.",
            ),
            (
                lambda f: index_of(f[0], f[1]["val_loss"], np.argmax),
                f"{label} picks the highest validation loss; look for the lowest.",
            ),
            (
                lambda f: index_of(f[0], f[1]["val_accuracy"], np.argmax),
                f"{label} picks the best val_accuracy; this task asks for the lowest val_loss.",
            ),
        ],
    )
    got, history = failures[0]
    fail(
        message
        or f"{label} returned epoch {got} for a random history of {len(history['loss'])} "
        "epochs; that is not the epoch with the lowest val_loss."
    )


# --------------------------------------------------------------------------- #
def stopping_epoch_reference(
    val_loss: list[float], patience: int, *, ties: bool = False, late: int = 0
) -> int:
    """Last epoch (from 1) trained with ``EarlyStopping(monitor="val_loss", patience=...)``.

    Keras's rule: after each epoch, ``wait`` grows by one unless the loss
    improves (is strictly lower than the best so far), which resets it to 0;
    training stops when ``wait >= patience``. ``ties`` and ``late`` give the
    variants of typical mistakes (ties counted as improvements, one epoch late).
    """
    best = float("inf")
    wait = 0
    for epoch, value in enumerate(val_loss):
        wait += 1
        if value < best or (ties and value <= best):
            best, wait = value, 0
            continue
        if wait >= patience + late and epoch > 0:
            return epoch + 1
    return len(val_loss)


def _stopping_cases(rng: Any) -> list[tuple[list[float], int]]:
    cases = []
    for _ in range(3):
        n = int(rng.integers(12, 30))
        t0 = int(rng.integers(3, n - 6))
        t = np.arange(n)
        values = 0.3 + 0.01 * np.abs(t - t0) ** 1.5 + rng.uniform(0, 0.02, size=n)
        cases.append((values.round(4).tolist(), int(rng.integers(1, 5))))
    # keeps improving: never stops
    cases.append((np.sort(rng.uniform(0.2, 1.0, size=10))[::-1].round(4).tolist(), 3))
    # a tie with the best value is not an improvement
    cases.append(([0.9, 0.7, 0.5, 0.5, 0.5, 0.6, 0.5, 0.8], 3))
    return cases


@EXERCISE.task(
    "5.4",
    "When does early stopping stop?",
    points=2,
    names=("stopping_epoch",),
    hint="Track the best val_loss so far and how many epochs passed since it improved; "
    "stop when that count reaches `patience`.",
)
def _stopping_epoch(ns: Mapping[str, Any]) -> None:
    func = expect_callable("stopping_epoch", require(ns, "stopping_epoch"))
    rng = fresh_rng()
    failures = []
    for val_loss, patience in _stopping_cases(rng):
        label = f"`stopping_epoch(val_loss, patience={patience})`"
        got = _epoch(call_student(label, func, list(val_loss), patience), label)
        expected = stopping_epoch_reference(val_loss, patience)
        if got != expected:
            failures.append((got, expected, val_loss, patience))
    if not failures:
        return
    label = "`stopping_epoch(val_loss, patience)`"

    def improving(values: list[float]) -> bool:
        return all(b < a for a, b in zip(values, values[1:], strict=False))

    message = diagnose(
        failures,
        [
            (
                lambda f: improving(f[2]),
                f"{label} does not return len(val_loss) for a val_loss that keeps improving: "
                "training then runs to the end.",
            ),
            (
                lambda f: f[0] == stopping_epoch_reference(f[2], f[3], ties=True),
                f"{label} counts an epoch that only equals the best val_loss as an "
                "improvement; Keras needs a strictly lower value.",
            ),
            (
                lambda f: f[0] == f[1] + 1,
                f"{label} stops one epoch too late: training stops after `patience` epochs "
                "without improvement.",
            ),
            (
                lambda f: f[0] == int(np.argmin(f[2][: f[1]])) + 1,
                f"{label} returns the best epoch; training goes on for `patience` more "
                "epochs before it stops.",
            ),
            (lambda f: f[0] == f[1] - 1, f"{label} stops one epoch too early."),
        ],
    )
    got, _, val_loss, patience = failures[0]
    fail(
        message
        or f"`stopping_epoch(val_loss, patience={patience})` returned {got} for a random "
        f"val_loss of {len(val_loss)} epochs; that is not where early stopping stops."
    )
