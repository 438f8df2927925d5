"""Checks for exercise 05, training and testing (``exercises/05_training_and_testing.ipynb``).

Tasks
-----
5.1 ``precision_recall(y_true, y_prob)``: precision and recall with NumPy.
5.2 ``DatasetF1``: a stateful ``keras.metrics.Metric`` whose F1 is the F1 of the
    whole data set, whatever the batches, with integer labels.
5.3 ``best_epoch(history)``: the epoch with the lowest validation loss.
5.4 ``stopping_epoch(val_loss, patience)``: when early stopping ends training.

The course's threshold convention, stated in lesson 5 and in the tasks: a
probability ``p`` is a positive prediction when ``p >= 0.5`` (Keras's built-in
metrics use ``p > 0.5``; the two differ only at exactly 0.5). The inputs of 5.1 and 5.2
contain probabilities of exactly 0.5, so that ``>`` and ``>=`` give different
answers on every draw.
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
    expect_own,
    fail,
    fresh_rng,
    require,
    student_code,
    to_number,
    to_whole_number,
)
from .registry import Exercise

__all__ = ["EXERCISE"]

EXERCISE = Exercise("05", "training_and_testing", "Training and testing")

THRESHOLD = 0.5  # predicted positive: probability >= THRESHOLD


def _counts(
    y_true: np.ndarray, y_prob: np.ndarray, *, strict: bool = False
) -> tuple[int, int, int, int]:
    y_prob = np.asarray(y_prob).reshape(-1)
    y_pred = y_prob > THRESHOLD if strict else y_prob >= THRESHOLD
    y_true = np.asarray(y_true).reshape(-1) == 1
    tp = int((y_pred & y_true).sum())
    fp = int((y_pred & ~y_true).sum())
    fn = int((~y_pred & y_true).sum())
    tn = int((~y_pred & ~y_true).sum())
    return tp, fp, fn, tn


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _precision_recall(y_true: Any, y_prob: Any, *, strict: bool = False) -> tuple[float, float]:
    tp, fp, fn, _ = _counts(y_true, y_prob, strict=strict)
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn)


def _f1(y_true: Any, y_prob: Any, *, strict: bool = False) -> float:
    precision, recall = _precision_recall(y_true, y_prob, strict=strict)
    return _ratio(2 * precision * recall, precision + recall)


def _close(a: float, b: float, tol: float = 1e-4) -> bool:
    return abs(a - b) <= tol


def _apart(values: list[float], tol: float = 0.005) -> bool:
    """Whether all the numbers differ pairwise by more than ``tol``."""
    return all(abs(a - b) > tol for i, a in enumerate(values) for b in values[i + 1 :])


def _labels_and_probs(rng: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    y_true = rng.integers(0, 2, size=n).astype(np.int64)
    # better than chance, with precision (about 0.9) far from recall (about 0.5)
    positives = rng.uniform(0.0, 1.0, size=n)
    negatives = rng.uniform(0.0, 0.55, size=n)
    y_prob = np.where(y_true == 1, positives, negatives).astype(np.float32)
    # ties at the threshold, among positives and negatives: `>` and `>=` differ
    for label in (0, 1):
        where = np.flatnonzero(y_true == label)
        y_prob[rng.choice(where, size=min(3, len(where)), replace=False)] = THRESHOLD
    return y_true, y_prob


def _summary(case: tuple[np.ndarray, np.ndarray]) -> dict[str, float]:
    """The numbers a right answer and each known mistake of 5.1 give on ``case``."""
    y_true, y_prob = case
    tp, _, _, tn = _counts(y_true, y_prob)
    precision, recall = _precision_recall(y_true, y_prob)
    strict_p, strict_r = _precision_recall(y_true, y_prob, strict=True)
    return {
        "precision": precision,
        "recall": recall,
        "accuracy": (tp + tn) / len(y_true),
        "strict_precision": strict_p,
        "strict_recall": strict_r,
    }


def _deciding_cases(rng: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Two sets of labels and probabilities (50 samples, then 80-199) that decide.

    On each, precision, recall and accuracy differ, and so do the inclusive and
    strict thresholds. Across the two, all ten numbers differ: a hard-coded pair
    of numbers is then right on at most one set, and cannot fit the same named
    mistake on both, so the message never names a mistake by chance.
    """

    def decides(cases: list[tuple[np.ndarray, np.ndarray]]) -> bool:
        if any((y == 1).sum() < 3 or (y == 0).sum() < 3 for y, _ in cases):
            return False
        summaries = [_summary(case) for case in cases]
        if not all(
            _apart([s["precision"], s["recall"], s["accuracy"]])
            and _apart([s["precision"], s["strict_precision"]])
            and _apart([s["recall"], s["strict_recall"]])
            for s in summaries
        ):
            return False
        a, b = summaries
        return all(_apart([x, y]) for x in a.values() for y in b.values())

    def draw(r: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        return [_labels_and_probs(r, 50), _labels_and_probs(r, int(r.integers(80, 200)))]

    return draw_until(draw, decides, rng)


# --------------------------------------------------------------------------- #
_PR_HINT = "Predicted positive: y_prob >= 0.5. precision = TP / (TP + FP), recall = TP / (TP + FN)."


@EXERCISE.task(
    "5.1",
    "Precision and recall",
    points=2,
    names=("precision_recall",),
    hint=_PR_HINT,
)
def _precision_recall_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("precision_recall", require(ns, "precision_recall"))
    rng = fresh_rng()
    label = "`precision_recall(y_true, y_prob)`"
    failures = []
    for y_true, y_prob in _deciding_cases(rng):
        got = _pair(call_student(label, func, y_true.copy(), y_prob.copy()), label)
        want = _summary((y_true, y_prob))
        if not (_close(got[0], want["precision"]) and _close(got[1], want["recall"])):
            failures.append((got, want))
    if failures:
        _fail_precision_recall(label, failures)
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
            mistake="zero-division",
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


def _fail_precision_recall(
    label: str, failures: list[tuple[tuple[float, float], dict[str, float]]]
) -> None:
    """Fail task 5.1, naming the mistake that fits every failed set of inputs."""

    def fits(precision_key: str | None, recall_key: str | None) -> Any:
        def test(failure: tuple[tuple[float, float], dict[str, float]]) -> bool:
            (precision, recall), want = failure
            return (precision_key is None or _close(precision, want[precision_key])) and (
                recall_key is None or _close(recall, want[recall_key])
            )

        return test

    message = diagnose(
        failures,
        [
            (
                fits("recall", "precision"),
                f"{label} has precision and recall swapped: precision is the share of "
                "predicted positives that are right, recall the share of actual positives "
                "that are found.",
                "swapped",
            ),
            (
                fits("strict_precision", "strict_recall"),
                f"{label} counts a probability of exactly 0.5 as negative; the threshold "
                "is inclusive: predicted positive means y_prob >= 0.5.",
                "strict-threshold",
            ),
            (
                fits("accuracy", None),
                f"{label} returns the accuracy (right predictions / all), not precision or recall.",
                "accuracy",
            ),
            (
                fits(None, "accuracy"),
                f"{label} returns the accuracy (right predictions / all), not precision or recall.",
                "accuracy",
            ),
        ],
    )
    if message is not None:
        fail(message[0], _PR_HINT, mistake=message[1])
    (precision, recall), want = failures[0]
    which = [
        name
        for name, got in (("precision", precision), ("recall", recall))
        if not _close(got, want[name])
    ]
    fail(
        f"{label} gives a wrong {' and '.join(which)} for random labels and probabilities.",
        _PR_HINT,
    )


# --------------------------------------------------------------------------- #
_F1_HINT = (
    "Keep running counts of true positives, false positives and false negatives in "
    "variables made with self.add_variable; update_state adds a batch's counts, "
    "result computes F1 from the totals."
)


def _splits(rng: Any, n: int) -> list[list[int]]:
    """Batch sizes that cut ``n`` samples three ways: whole, equal, uneven."""
    uneven = []
    left = n
    while left > 0:
        size = min(left, int(rng.integers(5, 40)))
        uneven.append(size)
        left -= size
    return [[n], [n // 4] * 3 + [n - 3 * (n // 4)], uneven]


def _batch_average(y_true: np.ndarray, y_prob: np.ndarray, sizes: list[int]) -> float:
    """The mistake: the mean of the batches' F1 scores (what a stateless function gives)."""
    edges = np.cumsum([0, *sizes])
    scores = [_f1(y_true[a:b], y_prob[a:b]) for a, b in zip(edges[:-1], edges[1:], strict=True)]
    return float(np.mean(scores))


def _f1_case(rng: Any, n: int) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """Data and splits where F1 differs from its batch average, precision, recall and
    the strict-threshold F1: each known mistake gives a different number."""

    def decides(case: tuple[np.ndarray, np.ndarray, list[list[int]]]) -> bool:
        y_true, y_prob, splits = case
        f1 = _f1(y_true, y_prob)
        p, r = _precision_recall(y_true, y_prob)
        others = [p, r, (p + r) / 2, _f1(y_true, y_prob, strict=True)]
        averages = [_batch_average(y_true, y_prob, s) for s in splits[1:]]
        return _apart([f1, *others]) and _apart([f1, *averages])

    def draw(r: Any) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
        y_true, y_prob = _labels_and_probs(r, n)
        return y_true, y_prob, _splits(r, n)

    return draw_until(draw, decides, rng)


def _update(metric: Any, y_true: np.ndarray, y_prob: np.ndarray, sizes: list[int]) -> float:
    k = kc.keras()
    edges = np.cumsum([0, *sizes])
    with student_code("`DatasetF1`", hint=_F1_HINT):
        metric.reset_state()
        for a, b in zip(edges[:-1], edges[1:], strict=True):
            metric.update_state(
                k.ops.convert_to_tensor(y_true[a:b]),
                k.ops.convert_to_tensor(y_prob[a:b].reshape(-1, 1)),
            )
        value = metric.result()
        value = k.ops.convert_to_numpy(value) if hasattr(value, "shape") else value
    return to_number(value, "`DatasetF1().result()` returned", _F1_HINT)


def _f1_mistake(
    got: float, y_true: np.ndarray, y_prob: np.ndarray, sizes: list[int]
) -> tuple[str, str] | None:
    p, r = _precision_recall(y_true, y_prob)
    named = [
        (
            _batch_average(y_true, y_prob, sizes),
            "averages the F1 of the batches; F1 over a data set is not the mean of the "
            "batch F1 scores. Keep running counts (TP, FP, FN) and compute F1 from them "
            "in result().",
            "batch-average",
        ),
        (
            _f1(y_true, y_prob, strict=True),
            "counts a probability of exactly 0.5 as negative; predicted positive means "
            "y_pred >= 0.5.",
            "strict-threshold",
        ),
        (p, "returns the precision, not F1.", "precision"),
        (r, "returns the recall, not F1.", "recall"),
        (
            (p + r) / 2,
            "returns the mean of precision and recall; F1 is their harmonic mean "
            "2 * precision * recall / (precision + recall).",
            "arithmetic-mean",
        ),
    ]
    for value, message, mistake in named:
        if _close(got, value, 1e-3):
            return message, mistake
    return None


@EXERCISE.task(
    "5.2",
    "A stateful F1 metric over the whole data set",
    points=2,
    names=("DatasetF1",),
    hint=_F1_HINT,
    timeout=20.0,
)
def _dataset_f1(ns: Mapping[str, Any]) -> None:
    k = kc.keras()
    cls = require(ns, "DatasetF1")
    if not isinstance(cls, type):
        fail(
            f"`DatasetF1` is {describe_value(cls)}, expected a class: "
            "`class DatasetF1(keras.metrics.Metric):`.",
            _F1_HINT,
            mistake="not-a-class",
        )
    if not issubclass(cls, k.metrics.Metric):
        fail(
            "`DatasetF1` is a class but not a subclass of keras.metrics.Metric, so Keras "
            "cannot keep its state between batches.",
            "Write `class DatasetF1(keras.metrics.Metric):`.",
            mistake="not-a-metric",
        )
    expect_own("DatasetF1", cls)
    with student_code("`DatasetF1()`", hint=_F1_HINT):
        metric = cls()
    rng = fresh_rng()
    label = "`DatasetF1`"
    # 1. the same metric object, reset between data sets, over three batch splits
    for _ in range(2):
        y_true, y_prob, splits = _f1_case(rng, int(rng.integers(90, 160)))
        expected = _f1(y_true, y_prob)
        for sizes in splits:
            got = _update(metric, y_true, y_prob, sizes)
            if _close(got, expected, 1e-3):
                continue
            diagnosis = _f1_mistake(got, y_true, y_prob, sizes)
            if diagnosis is not None:
                fail(f"{label} {diagnosis[0]}", _F1_HINT, mistake=diagnosis[1])
            where = "in one batch" if len(sizes) == 1 else f"in {len(sizes)} batches"
            fail(
                f"{label} gives a wrong F1 for {len(y_true)} samples fed {where} "
                "(after reset_state()).",
                _F1_HINT,
            )
    # 2. inside model.evaluate: y_true (batch,), y_pred (batch, 1), compiled
    X, y, W, b, batch = _evaluate_case(rng)
    with student_code("`model.evaluate` with `metrics=[DatasetF1()]`", hint=_F1_HINT):
        inputs = k.Input(shape=(X.shape[1],))
        outputs = k.layers.Dense(1, activation="sigmoid")(inputs)
        model = k.Model(inputs, outputs)
        model.layers[-1].set_weights([W, b])
        model.compile(loss="binary_crossentropy", metrics=[cls()])
        result = model.evaluate(X, y, batch_size=batch, verbose=0)
        probs = model.predict(X, batch_size=len(X), verbose=0)
    if not isinstance(result, list) or len(result) != 2:
        fail(f"`model.evaluate` with `metrics=[DatasetF1()]` returned {describe_value(result)}.")
    got = to_number(result[1], "In `model.evaluate`, `DatasetF1` gave", _F1_HINT)
    expected = _sklearn_f1(y, probs)
    if not _close(got, expected, 1e-3):
        sizes = [batch] * (len(X) // batch) + ([len(X) % batch] if len(X) % batch else [])
        diagnosis = _f1_mistake(got, y, probs, sizes)
        if diagnosis is not None:
            fail(f"{label} {diagnosis[0]}", _F1_HINT, mistake=diagnosis[1])
        fail(
            f"{label} is right when fed directly but wrong inside `model.evaluate` "
            f"(batches of {batch}).",
            "Flatten y_true and y_pred to one dimension and cast both to float32 before counting.",
        )


def _sklearn_f1(y_true: np.ndarray, y_prob: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    y_pred = (np.asarray(y_prob).reshape(-1) >= THRESHOLD).astype(int)
    return float(f1_score(np.asarray(y_true).reshape(-1), y_pred, zero_division=0))


def _evaluate_case(rng: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """A fixed model and data on which the batch-averaged F1 is visibly wrong and no
    probability is near 0.5 (where float rounding could flip a prediction)."""

    def draw(r: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
        n, batch = int(r.integers(80, 130)), int(r.integers(8, 20))
        X = r.normal(size=(n, 3)).astype("float32")
        W = r.normal(size=(3, 1)).astype("float32")
        b = np.zeros(1, dtype="float32")
        z = (X @ W + b)[:, 0]
        y = ((z + r.normal(scale=1.5, size=n)) > 0).astype(np.int64)
        return X, y, W, b, batch

    def decides(case: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]) -> bool:
        X, y, W, b, batch = case
        p = 1 / (1 + np.exp(-(X @ W + b)))
        if np.abs(p - THRESHOLD).min() < 1e-3:
            return False
        sizes = [batch] * (len(X) // batch) + ([len(X) % batch] if len(X) % batch else [])
        return _apart([_batch_average(y, p, sizes), _f1(y, p)])

    return draw_until(draw, decides, rng)


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
        unique_best = (val_loss.round(4) == val_loss.round(4).min()).sum() == 1
        # the best val_accuracy two or more epochs away from the best val_loss, so
        # that picking it is never mistaken for an off-by-one (and vice versa)
        apart = abs(int(np.argmax(val_accuracy)) - best) >= 2
        if apart and best not in (0, n - 1) and unique_best:
            return {
                "accuracy": accuracy.round(4).tolist(),
                "loss": loss.round(4).tolist(),
                "val_accuracy": val_accuracy.round(4).tolist(),
                "val_loss": val_loss.round(4).tolist(),
            }


def _epoch_readings(history: dict[str, list[float]]) -> list[set[int]]:
    """The epochs that the right answer and each named mistake of 5.3 return."""
    best = int(np.argmin(history["val_loss"]))
    picks = [
        int(np.argmin(history["loss"])),
        int(np.argmax(history["val_loss"])),
        int(np.argmax(history["val_accuracy"])),
    ]
    return [{best + 1}, {best}, *({pick, pick + 1} for pick in picks)]


def _deciding_histories(rng: Any) -> list[dict[str, list[float]]]:
    """Three histories on which no epoch is the answer to one reading twice.

    The right answer and each named mistake read an epoch from a history; across
    the three histories each reading gives different epochs. A hard-coded epoch
    is then right at most once and fits a named mistake at most once, so a
    mistake is named only when the answer really makes it.
    """

    def decides(histories: list[dict[str, list[float]]]) -> bool:
        readings = [_epoch_readings(h) for h in histories]
        return all(
            not (readings[a][k] & readings[b][k])
            for k in range(len(readings[0]))
            for a in range(len(histories))
            for b in range(a + 1, len(histories))
        )

    return draw_until(lambda r: [_history(r) for _ in range(3)], decides, rng)


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
    for history in _deciding_histories(rng):
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
                "counts-from-zero",
            ),
            (
                lambda f: index_of(f[0], f[1]["loss"], np.argmin),
                f"{label} picks the lowest training loss; stop where the validation loss "
                "(val_loss) is lowest.",
                "training-loss",
            ),
            (
                lambda f: index_of(f[0], f[1]["val_loss"], np.argmax),
                f"{label} picks the highest validation loss; look for the lowest.",
                "highest-val-loss",
            ),
            (
                lambda f: index_of(f[0], f[1]["val_accuracy"], np.argmax),
                f"{label} picks the best val_accuracy; this task asks for the lowest val_loss.",
                "val-accuracy",
            ),
        ],
    )
    if message is not None:
        fail(message[0], mistake=message[1])
    got, history = failures[0]
    fail(
        f"{label} returned epoch {got} for a random history of {len(history['loss'])} "
        "epochs; that is not the epoch with the lowest val_loss."
    )


# --------------------------------------------------------------------------- #
def _stopping_epoch_reference(
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
        expected = _stopping_epoch_reference(val_loss, patience)
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
                "never-runs-to-end",
            ),
            (
                lambda f: f[0] == _stopping_epoch_reference(f[2], f[3], ties=True),
                f"{label} counts an epoch that only equals the best val_loss as an "
                "improvement; Keras needs a strictly lower value.",
                "ties-improve",
            ),
            (
                lambda f: f[0] == _stopping_epoch_reference(f[2], f[3], late=1),
                f"{label} stops one epoch too late: training stops after `patience` epochs "
                "without improvement.",
                "one-late",
            ),
            (
                lambda f: f[0] == int(np.argmin(f[2][: f[1]])) + 1,
                f"{label} returns the best epoch; training goes on for `patience` more "
                "epochs before it stops.",
                "best-epoch",
            ),
            (lambda f: f[0] == f[1] - 1, f"{label} stops one epoch too early.", "one-early"),
        ],
    )
    if message is not None:
        fail(message[0], mistake=message[1])
    got, _, val_loss, patience = failures[0]
    fail(
        f"`stopping_epoch(val_loss, patience={patience})` returned {got} for a random "
        f"val_loss of {len(val_loss)} epochs; that is not where early stopping stops."
    )
