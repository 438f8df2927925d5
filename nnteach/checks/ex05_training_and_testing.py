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

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    CheckFailed,
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
_PR_HINT = (
    "Count the true positives, the samples predicted positive and the samples that are "
    "positive (predicted positive: a probability of at least 0.5); lesson 5, section 4 "
    "reads precision and recall from these counts."
)
_ZERO_HINT = (
    "When a count you divide by is 0 (nothing predicted positive, or no positive "
    "sample), the task asks for 0.0 (scikit-learn's zero_division=0)."
)


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
        got = _pair(_call_keeping(label, func, y_true, y_prob), label)
        want = _summary((y_true, y_prob))
        if not (_close(got[0], want["precision"]) and _close(got[1], want["recall"])):
            failures.append((got, want))
    if failures:
        _fail_precision_recall(label, failures)
    # 0 / 0: nothing predicted positive; then nothing positive at all
    y_true = rng.integers(0, 2, size=30).astype(np.int64)
    y_true[:2] = 1
    y_prob = rng.uniform(0, 0.45, size=30).astype(np.float32)
    _expect_zeros(label, func, y_true, y_prob, "when no sample is predicted positive")
    y_true = np.zeros(int(rng.integers(20, 40)), dtype=np.int64)
    y_prob = rng.uniform(0, 0.45, size=len(y_true)).astype(np.float32)
    _expect_zeros(label, func, y_true, y_prob, "when every label and every prediction is negative")


def _expect_zeros(label: str, func: Any, y_true: np.ndarray, y_prob: np.ndarray, when: str) -> None:
    """Both ratios are 0/0 or 0/n here: the task asks for (0.0, 0.0)."""
    what = f"{label}, {when},"
    try:
        out = _call_keeping(what, func, y_true, y_prob)
    except CheckFailed as failure:
        if isinstance(failure.__context__, ZeroDivisionError):
            fail(f"{what} divides by zero.", _ZERO_HINT, mistake="zero-division")
        raise
    if isinstance(out, tuple | list) and len(out) == 2 and any(_is_nan(v) for v in out):
        fail(f"{what} returns NaN (0/0).", _ZERO_HINT, mistake="zero-division")
    precision, recall = _pair(out, what, hint=_ZERO_HINT)
    if precision != 0.0 or recall != 0.0:
        fail(
            f"{what} should give precision 0.0 and recall 0.0.",
            _ZERO_HINT,
            mistake="zero-division",
        )


def _is_nan(value: Any) -> bool:
    try:
        return bool(np.isnan(float(np.asarray(value, dtype=float).reshape(-1)[0])))
    except Exception:  # noqa: BLE001 - anything may arrive here
        return False


def _call_keeping(label: str, func: Any, *args: Any) -> Any:
    """Call ``func`` on copies of ``args``; fail if it changes an array or list it is given."""
    given = [_copy(a) for a in args]
    out = call_student(label, func, *given)
    for name, before, after in zip(_ARG_NAMES, args, given, strict=False):
        if not _same(before, after):
            fail(
                f"{label} changes the {name} it is given; leave it unchanged.",
                "An in-place change (sort(), append, -=, writing into a slice) alters the "
                "caller's data: work on a copy or on new values.",
                mistake="in-place",
            )
    return out


_ARG_NAMES = ("first argument", "second argument")  # (an int or float is never changed)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: list(v) for k, v in value.items()}
    if isinstance(value, list):
        return list(value)
    if isinstance(value, np.ndarray):
        return value.copy()
    return value


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and before.keys() == after.keys()
            and all(list(before[k]) == list(after[k]) for k in before)
        )
    if isinstance(before, list):
        return isinstance(after, list) and before == after
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and np.array_equal(before, after)
    return True


def _pair(value: Any, label: str, hint: str = "") -> tuple[float, float]:
    if isinstance(value, list) and len(value) == 2:
        fail(
            f"{label} returned a list of two numbers; the task asks for a tuple "
            "(precision, recall).",
            "Return the two numbers as a tuple: separate them by a comma after return.",
            mistake="list-not-tuple",
        )
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


def _no_true_positive_cases(rng: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Data without a true positive: misses and false alarms; no alarm; no positive."""
    n = int(rng.integers(40, 80))
    y_true = rng.permutation(np.arange(n) % 2).astype(np.int64)
    missed = np.where(y_true == 1, rng.uniform(0.0, 0.45, n), rng.uniform(0.0, 1.0, n))
    missed[np.flatnonzero(y_true == 0)[:3]] = 0.9  # some false positives
    silent = rng.uniform(0.0, 0.45, n)  # nothing predicted positive
    negatives = np.zeros(n, dtype=np.int64)  # no positive sample, some alarms
    alarms = rng.uniform(0.0, 1.0, n)
    alarms[:3] = 0.9
    return [
        (y_true, missed.astype(np.float32)),
        (y_true, silent.astype(np.float32)),
        (negatives, rng.permutation(alarms).astype(np.float32)),
    ]


def _update(metric: Any, y_true: np.ndarray, y_prob: np.ndarray, sizes: list[int]) -> float:
    k = kc.keras()
    edges = np.cumsum([0, *sizes])
    try:
        with student_code("`DatasetF1`", hint=_F1_HINT):
            metric.reset_state()
            for a, b in zip(edges[:-1], edges[1:], strict=True):
                metric.update_state(
                    k.ops.convert_to_tensor(y_true[a:b]),
                    k.ops.convert_to_tensor(y_prob[a:b].reshape(-1, 1)),
                )
            value = metric.result()
            value = k.ops.convert_to_numpy(value) if hasattr(value, "shape") else value
    except CheckFailed as failure:
        _name_the_slip(failure)
        raise
    if _is_nan(value):
        fail(
            "`DatasetF1` returns NaN when there is no true positive (0/0); the task asks "
            "for 0.0 then.",
            "Guard each division whose denominator can be 0 (the task says what to return).",
            mistake="zero-division",
        )
    return to_number(value, "`DatasetF1().result()` returned", _F1_HINT)


def _name_the_slip(failure: CheckFailed) -> None:
    """Name the integer-labels slip (a float times an integer tensor) when it is the error."""
    try:
        text = str(failure.__context__ or "")
    except Exception:  # noqa: BLE001 - a hostile exception
        return
    if re.search(r"type (float\d+|int\d+) that does not match type (int|float)", text):
        fail(
            f"{failure.message} It combines the integer labels with float numbers "
            "without a cast; the task says to cast both to float32 first.",
            "Cast y_true (and y_pred) to float32 before you multiply or add them.",
            mistake="integer-labels",
        )


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
            "returns the mean of precision and recall; F1 is their harmonic mean (the "
            "task's formula).",
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
    # 2. no true positive at all, in batches: F1 is 0.0. Three ways: false alarms and
    # misses; nothing predicted positive (precision 0/0); no positive sample (recall 0/0)
    for case in _no_true_positive_cases(rng):
        y_true, y_prob = case
        got = _update(metric, y_true, y_prob, _splits(rng, len(y_true))[2])
        if not _close(got, 0.0, 1e-6):
            fail(
                f"{label} gives {got:.3g} for data with no true positive; F1 is then 0.0.",
                _F1_HINT,
                mistake="zero-division",
            )
    # 3. inside model.evaluate: y_true (batch,), y_pred (batch, 1), compiled
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
    """A training history whose val_loss has an earlier local minimum, then its lowest."""
    while True:
        n = int(rng.integers(16, 40))
        t = np.arange(n)
        t0 = int(rng.integers(8, n - 4))
        loss = 0.7 * np.exp(-t / 8) + 0.05 + rng.uniform(0, 0.005, size=n)
        loss = np.sort(loss)[::-1]
        val_loss = 0.3 + 0.002 * (t - t0) ** 2 + rng.uniform(0, 0.01, size=n)
        t1 = int(rng.integers(2, t0 - 4))  # an earlier local minimum: a bump right after it
        val_loss[t1 + 1 : t1 + 1 + int(rng.integers(1, 3))] += rng.uniform(0.04, 0.08)
        val_accuracy = 0.95 - val_loss / 4 + rng.uniform(-0.03, 0.03, size=n)
        accuracy = 1 - loss / 2
        history = {
            "accuracy": accuracy.round(4).tolist(),
            "loss": loss.round(4).tolist(),
            "val_accuracy": val_accuracy.round(4).tolist(),
            "val_loss": val_loss.round(4).tolist(),
        }
        values = history["val_loss"]
        unique_best = values.count(min(values)) == 1
        readings = _epoch_readings(history)
        right = readings.pop("right")
        apart = not any(right & reading for reading in readings.values())
        if unique_best and apart:
            return history


def _first_rise(values: list[float]) -> int:
    """Index of the first epoch after which the value rises (the last index if never)."""
    for i in range(len(values) - 1):
        if values[i + 1] > values[i]:
            return i
    return len(values) - 1


def _epoch_readings(history: dict[str, list[float]]) -> dict[str, set[int]]:
    """The epochs that the right answer and each named mistake of 5.3 return."""
    best = int(np.argmin(history["val_loss"]))

    def around(i: int) -> set[int]:  # counted from 0 or from 1
        return {i, i + 1}

    return {
        "right": {best + 1},
        "counts-from-zero": {best},
        "training-loss": around(int(np.argmin(history["loss"]))),
        "highest-val-loss": around(int(np.argmax(history["val_loss"]))),
        "val-accuracy": around(int(np.argmax(history["val_accuracy"]))),
        "first-local-minimum": around(_first_rise(history["val_loss"])),
    }


_BEST_EPOCH_MISTAKES = {
    "counts-from-zero": "counts epochs from 0; Keras prints the first epoch as 'Epoch 1'.",
    "training-loss": "picks the lowest training loss; stop where the validation loss "
    "(val_loss) is lowest.",
    "highest-val-loss": "picks the highest validation loss; look for the lowest.",
    "val-accuracy": "picks the best val_accuracy; this task asks for the lowest val_loss.",
    "first-local-minimum": "stops at the first epoch after which val_loss rises, but it "
    "falls lower later: the task asks for the lowest val_loss of the whole run.",
}


def _deciding_histories(rng: Any) -> list[dict[str, list[float]]]:
    """Three histories on which no epoch is the answer to one reading twice.

    Within a history, the right answer differs from each named mistake; across
    the three histories each reading gives different epochs, and no two named
    mistakes agree on all three. A hard-coded epoch is then right at most once
    and fits a named mistake at most once, and a mistake is named only when the
    answer fits it on all three.
    """

    def decides(histories: list[dict[str, list[float]]]) -> bool:
        readings = [_epoch_readings(h) for h in histories]
        keys = list(readings[0])
        across = all(
            not (readings[a][k] & readings[b][k])
            for k in keys
            for a in range(len(histories))
            for b in range(a + 1, len(histories))
        )
        # no two mistakes give the same epochs on all three histories
        distinct = all(
            any(not (r[k] & r[j]) for r in readings)
            for i, k in enumerate(keys)
            for j in keys[i + 1 :]
        )
        return across and distinct

    return draw_until(lambda r: [_history(r) for _ in range(3)], decides, rng)


def _epoch(value: Any, label: str, hint: str = "") -> int:
    return to_whole_number(value, f"{label} returned", hint, meaning="an epoch")


@EXERCISE.task(
    "5.3",
    "The epoch to stop at",
    points=1,
    names=("best_epoch",),
    hint="The epoch to keep is where the validation loss is lowest over the whole run; "
    "Keras counts epochs from 1 (lesson 5, section 7).",
)
def _best_epoch(ns: Mapping[str, Any]) -> None:
    func = expect_callable("best_epoch", require(ns, "best_epoch"))
    rng = fresh_rng()
    label = "`best_epoch(history)`"
    trials = []
    for history in _deciding_histories(rng):
        got = _epoch(_call_keeping(label, func, history), label)
        trials.append((got, history))
    if all(got in _epoch_readings(h)["right"] for got, h in trials):
        return
    message = diagnose(
        trials,
        [
            (
                lambda t, key=key: t[0] in _epoch_readings(t[1])[key],
                f"{label} {problem}",
                key,
            )
            for key, problem in _BEST_EPOCH_MISTAKES.items()
        ],
    )
    if message is not None:
        fail(message[0], mistake=message[1])
    got, history = next((g, h) for g, h in trials if g not in _epoch_readings(h)["right"])
    fail(
        f"{label} returned epoch {got} for a random history of {len(history['loss'])} "
        "epochs; that is not the epoch with the lowest val_loss."
    )


# --------------------------------------------------------------------------- #
def _stopping_epoch_reference(
    val_loss: list[float],
    patience: int,
    *,
    improve: str = "best",
    late: int = 0,
    reset: bool = True,
) -> int:
    """Last epoch (from 1) trained with ``EarlyStopping(monitor="val_loss", patience=...)``.

    Keras's rule: after each epoch, ``wait`` grows by one unless the loss
    improves (is strictly lower than the best so far), which resets it to 0;
    training stops when ``wait >= patience``. The keywords give the variants of
    typical mistakes: ``improve="ties"`` (an equal value counts as improving),
    ``improve="previous"`` (compared with the previous epoch, not the best),
    ``late`` (stops that many epochs late), ``reset=False`` (the count of epochs
    without improvement is never reset).
    """
    best = previous = float("inf")
    wait = 0
    for epoch, value in enumerate(val_loss):
        better = {
            "best": value < best,
            "ties": value <= best,
            "previous": value < previous,
        }[improve]
        previous = value
        if better:
            best = min(best, value)
            wait = 0 if reset else wait
            continue
        wait += 1
        if wait >= max(1, patience + late):
            return epoch + 1
    return len(val_loss)


def _stopping_variants(val_loss: list[float], patience: int) -> dict[str, int]:
    """What each named mistake of 5.4 returns."""
    right = _stopping_epoch_reference(val_loss, patience)
    return {
        "ties-improve": _stopping_epoch_reference(val_loss, patience, improve="ties"),
        "one-late": _stopping_epoch_reference(val_loss, patience, late=1),
        "one-early": _stopping_epoch_reference(val_loss, patience, late=-1),
        "no-reset": _stopping_epoch_reference(val_loss, patience, reset=False),
        "previous-epoch": _stopping_epoch_reference(val_loss, patience, improve="previous"),
        "global-best": min(int(np.argmin(val_loss)) + 1 + patience, len(val_loss)),
        "best-epoch": int(np.argmin(val_loss[:right])) + 1,
    }


_STOPPING_MISTAKES = {
    "ties-improve": "counts an epoch that only equals the best val_loss as an improvement; "
    "Keras needs a strictly lower value.",
    "one-late": "stops one epoch too late: training stops after `patience` epochs without "
    "improvement.",
    "one-early": "stops one epoch too early.",
    "no-reset": "never resets its count of epochs without improvement when a new best "
    "val_loss comes: it stops too early after short bumps.",
    "previous-epoch": "compares each val_loss with the previous epoch's, not with the best "
    "so far: a val_loss that falls back but stays above the best is no improvement.",
    "global-best": "stops `patience` epochs after the lowest val_loss of the whole list, "
    "but the callback only knows the epochs so far: it stops the first time `patience` "
    "epochs pass without a new best, even if a lower value would come later.",
    "best-epoch": "returns the best epoch; training goes on for `patience` more epochs "
    "before it stops.",
}


def _rounded(values: Any) -> list[float]:
    return [round(float(v), 4) for v in values]


def _random_case(rng: Any, patience: int | None = None) -> tuple[list[float], int]:
    n = int(rng.integers(12, 30))
    t0 = int(rng.integers(3, n - 6))
    t = np.arange(n)
    values = 0.3 + 0.01 * np.abs(t - t0) ** 1.5 + rng.uniform(0, 0.02, size=n)
    return _rounded(values), int(rng.integers(1, 5)) if patience is None else patience


def _plateau_case(rng: Any) -> tuple[list[float], int]:
    """An early minimum, `patience` or more epochs above it, then lower values later."""
    patience = int(rng.integers(2, 5))
    down = np.sort(rng.uniform(0.6, 1.0, size=int(rng.integers(3, 6))))[::-1]
    low = down[-1]
    above = low + rng.uniform(0.01, 0.1, size=patience + int(rng.integers(0, 3)))
    later = np.sort(rng.uniform(0.2, low - 0.05, size=int(rng.integers(3, 6))))[::-1]
    return _rounded(np.concatenate([down, above, later])), patience


def _bumps_case(rng: Any) -> tuple[list[float], int]:
    """New bests separated by bumps shorter than `patience`, then a long rise."""
    patience = int(rng.integers(3, 6))
    values, best = [1.0], 1.0
    for _ in range(int(rng.integers(3, 5))):
        values += list(best + rng.uniform(0.01, 0.05, size=int(rng.integers(1, patience))))
        best -= rng.uniform(0.03, 0.08)
        values.append(best)
    values += list(best + rng.uniform(0.01, 0.1, size=patience + int(rng.integers(1, 4))))
    return _rounded(values), patience


def _recovering_case(rng: Any) -> tuple[list[float], int]:
    """After the best, a jump up, then a slow fall that stays above the best."""
    patience = int(rng.integers(2, 5))
    down = np.sort(rng.uniform(0.5, 1.0, size=int(rng.integers(2, 5))))[::-1]
    best = down[-1]
    recovering = np.sort(best + rng.uniform(0.02, 0.3, size=patience + int(rng.integers(2, 5))))
    return _rounded(np.concatenate([down, recovering[::-1]])), patience


def _improving_case(rng: Any) -> tuple[list[float], int]:
    return _rounded(np.sort(rng.uniform(0.2, 1.0, size=10))[::-1]), int(rng.integers(2, 5))


def _tie_case(rng: Any) -> tuple[list[float], int]:
    """The best value repeated: a tie is not an improvement."""
    a, b, c = np.sort(rng.uniform(0.3, 1.0, size=3))[::-1]
    values = [a, b, c, c, c, c + rng.uniform(0.05, 0.2), c, c + rng.uniform(0.2, 0.4)]
    return _rounded(values), 3


def _stopping_cases(rng: Any) -> list[tuple[list[float], int]]:
    """Cases on which every named mistake differs from the right answer and from the others.

    Each named mistake returns a wrong epoch on at least one case, and no two
    named mistakes return the same epochs on every case: a mistake is named
    only when the answer returns its epochs on every case.
    """

    def draw(r: Any) -> list[tuple[list[float], int]]:
        return [
            _random_case(r, patience=1),  # the first epoch is an improvement, always
            _random_case(r),
            _plateau_case(r),
            _bumps_case(r),
            _recovering_case(r),
            _improving_case(r),
            _tie_case(r),
        ]

    def decides(cases: list[tuple[list[float], int]]) -> bool:
        rows = [
            (_stopping_epoch_reference(*case), *_stopping_variants(*case).values())
            for case in cases
        ]
        columns = list(zip(*rows, strict=True))  # right answer, then each mistake
        return len(set(columns)) == len(columns)

    return draw_until(draw, decides, rng)


@EXERCISE.task(
    "5.4",
    "When does early stopping stop?",
    points=2,
    names=("stopping_epoch",),
    hint="Follow the callback epoch by epoch, as the task describes it: what does it "
    "remember, and when does it reset its count? (Lesson 5, section 8.)",
)
def _stopping_epoch(ns: Mapping[str, Any]) -> None:
    func = expect_callable("stopping_epoch", require(ns, "stopping_epoch"))
    rng = fresh_rng()
    trials = []
    for val_loss, patience in _stopping_cases(rng):
        label = f"`stopping_epoch(val_loss, patience={patience})`"
        got = _epoch(_call_keeping(label, func, list(val_loss), patience), label)
        trials.append((got, val_loss, patience))
    if all(got == _stopping_epoch_reference(v, p) for got, v, p in trials):
        return
    label = "`stopping_epoch(val_loss, patience)`"

    def improving(values: list[float]) -> bool:
        return all(b < a for a, b in zip(values, values[1:], strict=False))

    message = diagnose(
        trials,
        [
            (
                lambda t: (
                    (t[0] != len(t[1])) == improving(t[1])
                    and (improving(t[1]) or t[0] == _stopping_epoch_reference(t[1], t[2]))
                ),
                f"{label} does not return the number of epochs for a val_loss that keeps "
                "improving: training then runs to the end.",
                "never-runs-to-end",
            ),
            *(
                (
                    lambda t, key=key: t[0] == _stopping_variants(t[1], t[2])[key],
                    f"{label} {problem}",
                    key,
                )
                for key, problem in _STOPPING_MISTAKES.items()
            ),
        ],
    )
    if message is not None:
        fail(message[0], mistake=message[1])
    got, val_loss, patience = next(t for t in trials if t[0] != _stopping_epoch_reference(*t[1:]))
    fail(
        f"`stopping_epoch(val_loss, patience={patience})` returned {got} for a "
        f"val_loss of {len(val_loss)} epochs; that is not where early stopping stops."
    )
