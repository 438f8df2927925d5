"""Checks for exercise 06, explaining predictions (``exercises/06_explaining_predictions.ipynb``).

Tasks
-----
6.1 ``shap_prediction(base_value, values)``: additivity, the prediction from its SHAP values.
6.2 ``pushed_up_most(values, feature_names)``: the feature that raised a prediction most.
6.3 ``explanation`` and ``top_up``: explain a real prediction and name its top feature.
6.4 ``mean_abs_shap(shap_values, feature_names)``: global importance over many instances.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .helpers import (
    call_student,
    describe_value,
    draw_until,
    expect_callable,
    fail,
    fresh_rng,
    one_line,
    require,
    require_all,
    to_array,
    to_number,
)
from .registry import Exercise

__all__ = ["EXERCISE"]

EXERCISE = Exercise("06", "explaining_predictions", "Explaining predictions")

_NAMES = (
    "age",
    "bmi",
    "blood pressure",
    "glucose",
    "mean radius",
    "mean texture",
    "smoothness",
    "compactness",
    "concavity",
    "symmetry",
    "cholesterol",
    "heart rate",
    "weight",
    "height",
)


def _names(rng: Any, n: int) -> list[str]:
    return [str(name) for name in rng.choice(_NAMES, size=n, replace=False)]


def _same_name(got: Any, expected: str | None) -> bool:
    """``got == expected`` for a name or None, whatever ``got`` is (arrays included)."""
    if expected is None:
        return got is None
    return isinstance(got, str) and got == expected


def _expect_unchanged(label: str, name: str, given: np.ndarray, original: np.ndarray) -> None:
    if not np.array_equal(np.asarray(given), original):
        fail(
            f"{label} changes the array `{name}` it is given; leave it unchanged.",
            "An in-place change (sort(), abs with out=, -=) alters the caller's array: "
            "work on a copy or on new values.",
            mistake="in-place",
        )


def _close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(b))


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "6.1",
    "SHAP values add up",
    points=1,
    names=("shap_prediction",),
    hint="An explanation starts from the base value, and each SHAP value moves the "
    "prediction up or down from there (lesson 6, section 1).",
)
def _shap_prediction(ns: Mapping[str, Any]) -> None:
    func = expect_callable("shap_prediction", require(ns, "shap_prediction"))
    rng = fresh_rng()
    for n in (4, int(rng.integers(5, 12))):
        base = float(rng.uniform(0.2, 0.6))
        # both signs, and a sum far from the mean: each mistake below changes the answer
        values = draw_until(
            lambda r, n=n: r.normal(scale=0.1, size=n),
            lambda v: (v < -0.01).any() and (v > 0.01).any() and abs(v.sum()) > 0.02,
            rng,
        )
        label = "`shap_prediction(base_value, values)`"
        given = values.copy()
        got = to_number(call_student(label, func, base, given), f"{label} returned")
        _expect_unchanged(label, "values", given, values)
        if _close(got, base + values.sum()):
            continue
        if _close(got, values.sum()):
            fail(
                f"{label} leaves out the base value: the SHAP values only say how far the "
                "prediction moved away from it.",
                mistake="no-base-value",
            )
        if _close(got, base + np.abs(values).sum()):
            fail(
                f"{label} adds the sizes |value|; negative SHAP values pull the prediction "
                "down, so add them with their sign.",
                mistake="adds-absolute-values",
            )
        if _close(got, base + values.mean()):
            fail(f"{label} averages the SHAP values; add them up.", mistake="averages")
        fail(f"{label} gives a wrong prediction for random SHAP values.")


# --------------------------------------------------------------------------- #
def _pushed_up_most(values: np.ndarray, names: list[str]) -> str | None:
    i = int(np.argmax(values))
    return names[i] if values[i] > 0 else None


@EXERCISE.task(
    "6.2",
    "The feature that pushed the prediction up most",
    points=2,
    names=("pushed_up_most",),
    hint="Pushing up means a positive SHAP value (lesson 6, section 1); mind the case "
    "where no value is positive, and return a name, not a position.",
)
def _pushed_up(ns: Mapping[str, Any]) -> None:
    func = expect_callable("pushed_up_most", require(ns, "pushed_up_most"))
    rng = fresh_rng()
    label = "`pushed_up_most(values, feature_names)`"
    for trial in range(3):
        n = int(rng.integers(4, 9))
        names = _names(rng, n)
        values = rng.uniform(-0.2, 0.2, size=n)
        i, j = rng.choice(n, size=2, replace=False)
        values[i] = 0.3  # the largest push up
        if trial != 1:
            values[j] = -0.5  # a larger push down: the size alone picks the wrong one
        given = values.copy()
        got = call_student(label, func, given, list(names))
        _expect_unchanged(label, "values", given, values)
        expected = _pushed_up_most(values, names)
        if _same_name(got, expected):
            continue
        if isinstance(got, int | np.integer) and not isinstance(got, bool):
            fail(
                f"{label} returned {describe_value(got)}, perhaps an index; expected the "
                "feature's name, not its position.",
                mistake="returns-index",
            )
        if not isinstance(got, str):
            fail(f"{label} returned {describe_value(got)}, expected a feature name (str).")
        if got not in names:
            fail(f"{label} returned {got!r}, which is not one of the feature names.")
        if got == names[int(np.argmax(np.abs(values)))]:
            fail(
                f"{label} picks the largest |SHAP value|, which here pushed the prediction "
                "down; pushing up means a positive value.",
                mistake="largest-absolute",
            )
        if got == names[int(np.argmin(values))]:
            fail(
                f"{label} picks the feature that pushed the prediction down most.",
                mistake="pushed-down-most",
            )
        fail(
            f"{label} returned {got!r}, which is not the feature with the largest positive "
            "SHAP value."
        )
    # nothing pushes up
    n = 5
    names = _names(rng, n)
    values = -rng.uniform(0.01, 0.3, size=n)
    values[rng.integers(n)] = 0.0  # a value of 0 pushes nothing up either
    got = call_student(label, func, values.copy(), list(names))
    if not _same_name(got, None):
        fail(
            f"When no SHAP value is positive (here one is 0, the others negative), {label} "
            "should return None (no feature "
            f"pushed the prediction up); it returned {describe_value(got)}.",
            mistake="never-none",
        )


# --------------------------------------------------------------------------- #
@EXERCISE.task(
    "6.3",
    "Explaining one patient's prediction",
    points=2,
    names=("explanation", "top_up"),
    timeout=60.0,
    hint="Lesson 6, section 3 explains one patient's prediction with "
    "nnteach.explain_prediction: the model, the training data as background, the "
    "patient, the names. Then read the explanation's values and names for top_up.",
)
def _explanation(ns: Mapping[str, Any]) -> None:
    explanation, top_up = require_all(ns, "explanation", "top_up")
    for attribute in ("values", "feature_names", "base_value", "prediction"):
        try:
            getattr(explanation, attribute)
        except Exception:  # noqa: BLE001 - any object may arrive here
            fail(
                f"`explanation` is {describe_value(explanation)} without a `{attribute}`; "
                "expected the Explanation that nnteach.explain_prediction returns."
            )
    values = to_array(explanation.values, "`explanation.values` is")
    if values.ndim != 1 or values.size < 2:
        fail(f"`explanation.values` has shape {values.shape}, expected one SHAP value per feature.")
    names = explanation.feature_names
    if not isinstance(names, list | tuple) or len(names) != values.size:
        fail("`explanation.feature_names` does not give one name per SHAP value.")
    if not all(isinstance(name, str) for name in names):
        fail("`explanation.feature_names` holds something other than names (str).")
    names = list(names)
    base = to_number(explanation.base_value, "`explanation.base_value` is")
    prediction = to_number(explanation.prediction, "`explanation.prediction` is")
    if abs(base + values.sum() - prediction) > 0.05:
        fail(
            "In `explanation`, base value + sum of the SHAP values is far from the "
            "prediction: it is not a SHAP explanation of that prediction."
        )
    _expect_what_was_asked(ns, values, names, base, prediction)
    expected = _pushed_up_most(values, names)
    if _same_name(top_up, expected):
        return
    if expected is None:
        fail(
            "No feature pushed this prediction up (every SHAP value is negative), so "
            "`top_up` should be None."
        )
    if not isinstance(top_up, str):
        fail(f"`top_up` is {describe_value(top_up)}, expected a feature name (str).")
    if top_up not in names:
        fail(f"`top_up` is {top_up!r}, which is not one of the explanation's feature names.")
    if values[names.index(top_up)] < 0:
        fail(f"In `explanation`, {top_up!r} pushed the prediction down (negative SHAP value).")
    fail(
        f"`top_up` is {top_up!r}, but another feature of `explanation` pushed the "
        "prediction up more."
    )


def _expect_what_was_asked(
    ns: Mapping[str, Any], values: np.ndarray, names: list[str], base: float, prediction: float
) -> None:
    """Task 6.3 explains the first test patient, against the training data, with this model.

    The reference is ``explain_prediction(model, X_train, X_test[0], feature_names)``
    on the notebook's own variables: the right patient (the prediction), the right
    background (the base value) and the SHAP values must all be its.
    """
    from ..explain import explain_prediction

    model, X_train, X_test, feature_names = require_all(
        ns, "model", "X_train", "X_test", "feature_names"
    )
    try:
        X_train = np.asarray(X_train, dtype=float)
        X_test = np.asarray(X_test, dtype=float)
        reference = explain_prediction(model, X_train, X_test[0], list(feature_names))
        outputs = np.asarray(model.predict(X_test, verbose=0), dtype=float).reshape(len(X_test), -1)
    except Exception as error:  # noqa: BLE001 - the notebook's variables may be anything
        fail(
            "The check explains the first test patient itself, with the notebook's `model`, "
            f"`X_train`, `X_test` and `feature_names`, and could not ({one_line(error)}).",
            "Run the notebook's cells from the top (they define those variables), then "
            "your cell and this check.",
        )
    if not _close(prediction, reference.prediction, 1e-4):
        others = np.flatnonzero(np.abs(outputs[:, 0] - prediction) <= 1e-4)
        which = f" (it is X_test[{int(others[0])}]'s)" if len(others) else ""
        fail(
            "`explanation` explains another prediction than the model's for the first test "
            f"patient, X_test[0]{which}.",
            "Explain X_test[0], the first row of the test set, with the notebook's model.",
            mistake="wrong-patient",
        )
    if not _close(base, reference.base_value, 1e-4):
        fail(
            "`explanation` has another base value than the model's average output over "
            "the training data: it was explained against another background than X_train.",
            "The background is the data the model was trained on (lesson 6, section 3).",
            mistake="wrong-background",
        )
    if list(names) != list(reference.feature_names) or not np.allclose(
        values, reference.values, rtol=1e-3, atol=1e-5
    ):
        fail(
            "`explanation` is not the explanation of X_test[0] that "
            "nnteach.explain_prediction gives with its default settings (its SHAP values "
            "or feature names differ).",
            "Use nnteach.explain_prediction with its default settings, as the task says.",
        )


# --------------------------------------------------------------------------- #
_GLOBAL_HINT = (
    "A feature's importance is how far, on average over the instances, its SHAP "
    "values move a prediction, whichever the direction (lesson 6, section 6); the "
    "list goes from the most to the least important."
)


def _as_pairs(label: str, got: Any, m: int, n: int) -> list[tuple[str, float]]:
    """Task 6.4's first stages: a list of ``n`` (name, number) pairs."""
    if isinstance(got, dict):
        fail(
            f"{label} returned a dict; expected a list of (name, value) pairs, "
            "sorted from most to least important.",
            "Return a list of (name, importance) tuples.",
            mistake="returns-dict",
        )
    if not isinstance(got, list | tuple):
        fail(f"{label} returned {describe_value(got)}, expected a list of (name, value) pairs.")
    if len(got) != n:
        fail(
            f"{label} returned {len(got)} pairs for {m} instances of {n} features; "
            "expected one pair per feature.",
            _GLOBAL_HINT,
        )
    pairs = []
    for item in got:
        if not isinstance(item, tuple | list) or len(item) != 2:
            fail(
                f"{label} returned items like {describe_value(item)}, expected (name, value) pairs."
            )
        if not isinstance(item[0], str):
            fail(
                f"{label} returned pairs starting with {describe_value(item[0])}; put "
                "the feature's name first: (name, value)."
            )
        pairs.append((item[0], to_number(item[1], f"A value from {label} is")))
    return pairs


@EXERCISE.task(
    "6.4",
    "Which features matter overall?",
    points=2,
    names=("mean_abs_shap",),
    hint=_GLOBAL_HINT,
)
def _mean_abs_shap(ns: Mapping[str, Any]) -> None:
    func = expect_callable("mean_abs_shap", require(ns, "mean_abs_shap"))
    rng = fresh_rng()
    label = "`mean_abs_shap(shap_values, feature_names)`"
    for _ in range(2):
        m, n = int(rng.integers(20, 50)), int(rng.integers(4, 8))
        names = _names(rng, n)
        # features not already in order of importance, so an unsorted answer shows
        scales = draw_until(
            lambda r, n=n: r.permutation(np.linspace(0.05, 0.5, n)),
            lambda s: not (np.diff(s) <= 0).all(),
            rng,
        )
        shap_values = rng.normal(size=(m, n)) * scales + 0.3 * scales
        given = shap_values.copy()
        got = call_student(label, func, given, list(names))
        _expect_unchanged(label, "shap_values", given, shap_values)
        pairs = _as_pairs(label, got, m, n)
        importance = np.abs(shap_values).mean(axis=0)
        expected = sorted(zip(names, importance, strict=True), key=lambda p: -p[1])
        if set(name for name, _ in pairs) != set(names):
            fail(f"{label} does not return each feature name once.")
        got_values = dict(pairs)
        if all(_close(got_values[name], value) for name, value in expected):
            if [name for name, _ in pairs] != [name for name, _ in expected]:
                fail(
                    f"{label} has the right values but is not sorted from most to least important.",
                    mistake="not-sorted",
                )
            continue
        signed = dict(zip(names, shap_values.mean(axis=0), strict=True))
        if all(
            _close(got_values[name], signed[name]) or _close(got_values[name], abs(signed[name]))
            for name in names
        ):
            fail(
                f"{label} averages the signed SHAP values, so pushes up and down cancel; "
                "take the absolute value before averaging.",
                _GLOBAL_HINT,
                mistake="signed-mean",
            )
        if all(_close(got_values[name], value * m) for name, value in expected):
            fail(
                f"{label} sums over the instances; average instead (divide by the number "
                "of instances).",
                _GLOBAL_HINT,
                mistake="sums",
            )
        fail(f"{label} gives wrong importances for a random table of SHAP values.", _GLOBAL_HINT)
