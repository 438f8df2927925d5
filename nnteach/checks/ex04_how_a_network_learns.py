"""Checks for exercise 04, how a network learns (``exercises/04_how_a_network_learns.ipynb``).

Tasks
-----
4.1 ``softmax(z)``: softmax of each row, stable for scores as large as ±1000.
4.2 ``cross_entropy(labels, probs)``: the mean categorical cross-entropy.
4.3 ``logistic_gradients(X, y, w, b)``: the gradient of a sigmoid neuron's loss, by hand.
4.4 ``momentum_step(w, gradient, velocity, learning_rate, momentum)``: one SGD step
    with momentum, Keras's rule.
4.5 ``train_step(model, optimizer, x, y)``: one training step with ``tf.GradientTape``.
4.6 ``largest_stable_learning_rate(hessian)``: 2 / the largest eigenvalue, for a quadratic.

Every check draws fresh inputs, and draws again until each wrong variant it
diagnoses gives a different answer from the reference on them (non-square
batches, rows of scores near ±1000 and rows holding both, both signs of
``p - y``, a judged model with Dropout and a softmax written out...), so that a
verdict never depends on the draw. Tasks 4.1 and 4.2 refuse a library's softmax
or cross-entropy (:func:`~nnteach.checks.helpers.refuse_library`), and every
task checks that the arrays it passes are left unchanged. The reference
implementations are private. Every diagnosed mistake has a stable id
(``"4.1/no-max-subtracted"`` in the result).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    CheckBug,
    CheckFailed,
    call_student,
    describe_value,
    draw_until,
    expect_callable,
    fail,
    fresh_rng,
    one_line,
    refuse_library,
    require,
    separates,
    to_array,
    to_number,
)
from .registry import Exercise

__all__ = ["EXERCISE", "MAX_DRAWS"]

EXERCISE = Exercise("04", "how_a_network_learns", "How a network learns")

#: Draws task 4.5 makes at most to find inputs on which every known mistake shows
#: (each builds a Keras model and takes a step); the NumPy tasks use ``draw_until``.
MAX_DRAWS = 200

_RTOL, _ATOL = 1e-5, 1e-6  # float32 answers are accepted


def _close(a: Any, b: Any, rtol: float = _RTOL, atol: float = _ATOL) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (
        a.shape == b.shape
        and bool(np.all(np.isfinite(a)))
        and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    )


def _separated(reference: Any, variants: Mapping[tuple[str, str], Any]) -> bool:
    """Whether every variant differs clearly (or in shape, or by NaN) from the reference.

    Clearly: beyond 100 times the tolerance answers are compared with
    (``rtol=1e-3, atol=1e-4``).
    """
    return separates(reference, variants.values(), rtol=_RTOL, atol=_ATOL)


def _expect_unchanged(label: str, given: Mapping[str, np.ndarray], kept: Mapping[str, Any]) -> None:
    for what, original in kept.items():
        if not np.array_equal(np.asarray(given[what]), original):
            fail(
                f"{label} changes the array `{what}` it is given; leave it unchanged and "
                "return new arrays.",
                "An in-place update (-=, +=, *=, or writing into a slice) changes the "
                "caller's array: compute new arrays instead.",
                mistake="in-place",
            )


def _diagnose(
    label: str, answer: np.ndarray, variants: Mapping[tuple[str, str], Any], hint: str = ""
) -> None:
    """Fail naming the first variant ``(message, mistake id) -> value`` the answer matches."""
    for (problem, mistake), value in variants.items():
        if value is not None and _close(answer, value, rtol=1e-4, atol=1e-6):
            fail(f"{label} {problem}.", hint, mistake=mistake)


# --------------------------------------------------------------------------- #
# 4.1 softmax
# --------------------------------------------------------------------------- #
_SOFTMAX_HINT = (
    "Softmax works on each row on its own: exponentials divided by their row's total. "
    "Lesson 4, section 2 shows how to keep every exponential from overflowing."
)
_OWN_SOFTMAX = (
    "this task asks you to write softmax yourself, from exp, max and sum.",
    "Write it with NumPy's exp, max and sum (lesson 4, section 2): no library softmax.",
)


def _softmax_reference(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_variants(z: np.ndarray) -> dict[tuple[str, str], Any]:
    """What each typical mistake computes: (message, mistake id) -> output."""
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return {
            (
                "normalizes each column (axis 0) instead of each row",
                "column-axis",
            ): _softmax_reference(z, axis=0),
            (
                "divides by the sum over the whole batch, not by each row's sum",
                "batch-sum",
            ): e / e.sum(),
            ("leaves out the exponential", "no-exp"): z / z.sum(axis=-1, keepdims=True),
            (
                "does not divide by the sum: the rows do not add up to 1",
                "no-divide-by-sum",
            ): np.exp(z - z.max(axis=-1, keepdims=True)),
            (
                "applies the sigmoid to each score; softmax divides exponentials by the row's sum",
                "sigmoid",
            ): 1 / (1 + np.exp(-z)),
        }


def _large_variants(z: np.ndarray) -> dict[tuple[str, str, str], Any]:
    """What the unstable ways of writing softmax give on large scores.

    (message, hint, mistake id) -> output, NaN and inf included: each shows
    as NaN in a different set of rows of :func:`_large_scores`.
    """
    with np.errstate(all="ignore"):
        naive = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        e = np.exp(z - z.max())
        global_max = e / e.sum(axis=1, keepdims=True)
        e = np.exp(z - z.min(axis=1, keepdims=True))
        row_min = e / e.sum(axis=1, keepdims=True)
    return {
        (
            "returns NaN or infinite values when the scores are large (some rows near "
            "+1000, others near -1000): e^1000 overflows, and e^-1000 is 0",
            "Softmax only depends on the differences between a row's scores: shift each "
            "row before exponentiating (lesson 4, section 2).",
            "no-max-subtracted",
        ): naive,
        (
            "returns NaN in the rows whose scores are all far below the batch's largest "
            "score: after subtracting one maximum for the whole batch, their exponentials "
            "are all 0, and 0/0 is NaN",
            "Shift each row by a number of its own, not one number for the whole batch.",
            "global-max",
        ): global_max,
        (
            "subtracts each row's smallest score: then the exponents are positive, and "
            "e^1000 overflows in a row that holds both a score near +1000 and one near 0 "
            "(or near -1000)",
            "Shift each row so that no exponent is positive (lesson 4, section 2).",
            "row-min",
        ): row_min,
    }


def _moderate_scores(rng: Any) -> np.ndarray:
    m = int(rng.integers(3, 6))
    k = int(rng.integers(m + 1, m + 4))  # never square: the wrong axis shows
    return rng.normal(0.0, 2.0, size=(m, k))


def _large_scores(rng: Any) -> np.ndarray:
    """Rows near +1000, near -1000, near 0, and rows with extremes in both directions.

    A row like ``[0, 1000, -5]`` overflows when the row's minimum is subtracted;
    a row near -1000 underflows when nothing is; a row near 0 underflows when
    one maximum of the whole batch is: each unstable version fails in its own rows.
    """
    m = int(rng.integers(5, 8))
    k = int(rng.integers(3, 6))
    z = rng.normal(0.0, 2.0, size=(m, k))
    kinds = np.array(["high", "low", "both", "one-low", "zero"] + ["any"] * (m - 5))
    kinds[5:] = rng.choice(["high", "low", "zero"], size=m - 5)
    for row, kind in zip(z, rng.permutation(kinds), strict=True):
        cols = rng.permutation(k)
        if kind == "high":
            row += 1000.0
        elif kind == "low":
            row -= 1000.0
        elif kind == "both":  # like [0, 1000, -5]: the row's own max is near 1000
            row[cols[0]] += 1000.0
            if k > 2:
                row[cols[1]] -= 1000.0 * rng.integers(0, 2)
        elif kind == "one-low":  # like [1, -1000, 2]
            row[cols[0]] -= 1000.0
    return z


def _nan_pattern_matches(out: np.ndarray, variant: np.ndarray) -> bool:
    """Same NaN and infinite entries, and the finite ones close."""
    if out.shape != variant.shape:
        return False
    bad_out, bad_variant = ~np.isfinite(out), ~np.isfinite(variant)
    if not bad_variant.any() or not np.array_equal(bad_out, bad_variant):
        return False
    return bool(np.allclose(out[~bad_out], variant[~bad_variant], rtol=1e-3, atol=1e-4))


def _large_decides(z: np.ndarray) -> bool:
    """Each unstable version gives NaN in a set of rows of its own."""
    rows = [tuple((~np.isfinite(v)).any(axis=1)) for v in _large_variants(z).values()]
    return all(any(r) for r in rows) and len(set(rows)) == len(rows)


@EXERCISE.task("4.1", "Softmax", points=1, names=("softmax",), hint=_SOFTMAX_HINT)
def _softmax_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("softmax", require(ns, "softmax"))
    rng = fresh_rng()
    label = "`softmax(z)`"
    z = draw_until(
        _moderate_scores,
        lambda z: _separated(_softmax_reference(z), _softmax_variants(z)),
        rng,
    )
    with refuse_library("softmax", *_OWN_SOFTMAX, mistake="library-softmax"):
        out = to_array(_call_keeping(label, func, z=z), f"{label} returned")
    if out.shape != z.shape:
        fail(
            f"{label} returns shape {out.shape} for scores of shape {z.shape}; softmax "
            "keeps the shape: one probability per score.",
            _SOFTMAX_HINT,
        )
    if not np.all(np.isfinite(out)):
        fail(f"{label} returns NaN or infinite values for small random scores.", _SOFTMAX_HINT)
    if not _close(out, _softmax_reference(z)):
        _diagnose(label, out, _softmax_variants(z), _SOFTMAX_HINT)
        _diagnose_sums(label, out)
        fail(f"{label} gives wrong probabilities for a random batch of scores.", _SOFTMAX_HINT)
    big = draw_until(_large_scores, _large_decides, rng)
    with refuse_library("softmax", *_OWN_SOFTMAX, mistake="library-softmax"):
        out = to_array(_call_keeping(label, func, z=big), f"{label} returned")
    if out.shape != big.shape:
        fail(f"{label} returns shape {out.shape} for scores of shape {big.shape}.")
    if not np.all(np.isfinite(out)):
        for (problem, hint, mistake), variant in _large_variants(big).items():
            if _nan_pattern_matches(out, variant):
                fail(f"{label} {problem}.", hint, mistake=mistake)
        fail(
            f"{label} returns NaN or infinite values when the scores are large (rows "
            "near +1000, near -1000, and rows holding both).",
            "Softmax only depends on the differences between a row's scores: shift each "
            "row so that no exponent is positive (lesson 4, section 2).",
        )
    # float32 answers round scores near 1000 to about 6e-5: a looser tolerance here
    if not _close(out, _softmax_reference(big), rtol=1e-3, atol=1e-4):
        fail(
            f"{label} gives wrong probabilities when the scores are large (rows near +1000, "
            "near -1000, and rows holding both), though it is right for small scores.",
            "Shift each row by its own largest score, not by another number.",
        )


def _diagnose_sums(label: str, out: np.ndarray) -> None:
    """Name a wrong normalisation by what adds up to 1 (the batch is never square)."""
    if not np.all(out >= 0) or np.allclose(out.sum(axis=1), 1.0, rtol=1e-4):
        return
    if np.allclose(out.sum(axis=0), 1.0, rtol=1e-4):
        fail(
            f"{label} normalizes each column (axis 0) instead of each row: its columns add "
            "up to 1, its rows do not.",
            _SOFTMAX_HINT,
            mistake="column-axis",
        )
    if np.isclose(out.sum(), 1.0, rtol=1e-4):
        fail(
            f"{label} divides by the sum over the whole batch, not by each row's sum: "
            "the whole array adds up to 1 instead of each row.",
            _SOFTMAX_HINT,
            mistake="batch-sum",
        )


def _call_keeping(label: str, func: Any, **arrays: np.ndarray) -> Any:
    """Call ``func`` on copies of ``arrays`` (in order); fail if it changes one of them."""
    given = {name: np.array(value, copy=True) for name, value in arrays.items()}
    out = call_student(label, func, *given.values())
    _expect_unchanged(label, given, arrays)
    return out


# --------------------------------------------------------------------------- #
# 4.2 cross-entropy
# --------------------------------------------------------------------------- #
_CE_HINT = (
    "For each example, take the probability the model gave to that example's own "
    "class; the loss is the mean over the examples of minus its natural log "
    "(lesson 4, section 1)."
)
_OWN_LOSS = (
    "this task asks you to write the cross-entropy yourself, from log and mean.",
    "Write it with NumPy (lesson 4, section 1): no library loss.",
)


def _cross_entropy_reference(labels: np.ndarray, probs: np.ndarray) -> float:
    return float(-np.mean(np.log(probs[np.arange(len(labels)), labels])))


def _cross_entropy_variants(labels: np.ndarray, probs: np.ndarray) -> dict[tuple[str, str], Any]:
    """What each typical mistake computes: (message, mistake id) -> loss."""
    m, k = probs.shape
    picked = probs[np.arange(m), labels]
    one_hot = np.eye(k)[labels]
    return {
        ("is the sum over the examples, not the mean", "sum-not-mean"): -np.sum(np.log(picked)),
        (
            "has the wrong sign: the loss is minus the log of a probability",
            "wrong-sign",
        ): np.mean(np.log(picked)),
        (
            "uses log10; cross-entropy uses the natural log",
            "log10",
        ): -np.mean(np.log10(picked)),
        (
            "divides by the number of probabilities (m·k), not by the number of examples",
            "divides-by-m-times-k",
        ): -np.mean(one_hot * np.log(probs)),
        (
            "picks the wrong probabilities: indexing the columns with the whole label "
            "array gives an m×m table (every example's probability of every label), "
            "not one probability per example, each from its own row",
            "wrong-probabilities",
        ): -np.mean(np.log(probs[:, labels])),
        (
            "ignores the labels: it averages -log of every probability",
            "ignores-labels",
        ): -np.mean(np.log(probs)),
        (
            "uses the binary cross-entropy formula on every class",
            "binary-formula",
        ): -np.mean(np.sum(one_hot * np.log(probs) + (1 - one_hot) * np.log(1 - probs), axis=1)),
    }


def _labels_and_probs(rng: Any) -> tuple[np.ndarray, np.ndarray]:
    m = int(rng.integers(4, 8))
    k = int(rng.integers(3, m))  # m > k: never square
    probs = rng.dirichlet(np.ones(k), size=m)
    probs = np.clip(probs, 0.01, None)
    probs /= probs.sum(axis=1, keepdims=True)
    labels = rng.integers(0, k, size=m)
    return labels, probs


@EXERCISE.task("4.2", "Cross-entropy", points=1, names=("cross_entropy",), hint=_CE_HINT)
def _cross_entropy_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("cross_entropy", require(ns, "cross_entropy"))
    rng = fresh_rng()
    label = "`cross_entropy(labels, probs)`"
    for _ in range(2):
        labels, probs = draw_until(
            _labels_and_probs,
            lambda d: (
                len(set(d[0].tolist())) > 1
                and _separated(_cross_entropy_reference(*d), _cross_entropy_variants(*d))
            ),
            rng,
        )
        with refuse_library(r"cross_?entropy|log_loss", *_OWN_LOSS, mistake="library-loss"):
            value = _call_keeping(label, func, labels=labels, probs=probs)
        array = to_array(value, f"{label} returned")
        if array.size == len(labels) and array.size > 1:
            fail(
                f"{label} returns one loss per example ({describe_value(value)}); the task "
                "asks for their mean, one number.",
                _CE_HINT,
                mistake="per-example",
            )
        got = to_number(value, f"{label} returned", _CE_HINT)
        expected = _cross_entropy_reference(labels, probs)
        if np.isclose(got, expected, rtol=_RTOL, atol=_ATOL):
            continue
        _diagnose(label, np.float64(got), _cross_entropy_variants(labels, probs), _CE_HINT)
        fail(
            f"{label} gives a wrong loss for {len(labels)} random examples of "
            f"{probs.shape[1]} classes.",
            _CE_HINT,
        )


# --------------------------------------------------------------------------- #
# 4.3 the gradient of a sigmoid neuron, by hand
# --------------------------------------------------------------------------- #
_GRAD_HINT = (
    "Chain rule, as in lesson 4, section 4: first the derivative of the loss with "
    "respect to each example's weighted sum z (the sigmoid and the cross-entropy "
    "together make it simple), then how z depends on each weight and on the bias. "
    "The loss is a mean over the m examples."
)


_AUTODIFF = r"^(gradient|gradients|grad|value_and_grad|jacobian)$"
_BY_HAND = (
    "this task asks for the gradient worked out by hand with the chain rule, not by "
    "automatic differentiation.",
    "Derive it on paper first (lesson 4, section 4), then write the formulas in NumPy.",
)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _logistic_reference(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float):
    m = len(y)
    dz = (_sigmoid(X @ w + b) - y) / m
    return X.T @ dz, float(dz.sum())


def _logistic_variants(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float):
    m = len(y)
    z = X @ w + b
    p = _sigmoid(z)
    err = p - y
    return {
        (
            "forgets to divide by m: that is the gradient of the sum, the loss is the mean",
            "no-divide-by-m",
        ): (X.T @ err, float(err.sum())),
        (
            "has the wrong sign: the gradient points uphill, toward a larger loss",
            "wrong-sign",
        ): (-X.T @ err / m, -float(err.mean())),
        (
            "multiplies by the sigmoid's slope p(1 - p): with the cross-entropy loss, that "
            "factor cancels",
            "sigmoid-slope",
        ): (X.T @ (err * p * (1 - p)) / m, float((err * p * (1 - p)).mean())),
        (
            "uses the weighted sum z where the probability p = sigmoid(z) belongs",
            "z-for-p",
        ): (X.T @ (z - y) / m, float((z - y).mean())),
    }


def _logistic_inputs(rng: Any):
    m = int(rng.integers(5, 9))
    n = int(rng.integers(2, m - 1))  # m != n: X and X.T cannot be confused
    X = rng.normal(size=(m, n))
    y = rng.permutation(np.arange(m) % 2).astype(float)  # both classes
    w = rng.normal(size=n)
    b = float(rng.normal())
    return X, y, w, b


def _logistic_decides(d) -> bool:
    X, y, w, b = d
    dw, db = _logistic_reference(*d)
    variants = _logistic_variants(*d)
    return (
        _separated(dw, {k: v[0] for k, v in variants.items()})
        and _separated(db, {k: v[1] for k, v in variants.items()})
        and abs(db) > 1e-3
        and _dw_apart_from_db(dw, db)
    )


def _dw_apart_from_db(dw: np.ndarray, db: float) -> bool:
    """No entry of dw equals db: a swapped pair never passes for the right one."""
    return bool(np.all(np.abs(dw - db) > 1e-3))


def _swapped_pair(out: Any, n: int) -> bool:
    """Whether ``out`` looks like (db, dw): a single number first, n numbers second."""
    try:
        first, second = np.asarray(out[0], dtype=float), np.asarray(out[1], dtype=float)
    except Exception:  # noqa: BLE001 - anything may arrive here
        return False
    return first.size == 1 and second.shape == (n,) and n > 1


@EXERCISE.task(
    "4.3",
    "A gradient by hand",
    points=2,
    names=("logistic_gradients",),
    hint=_GRAD_HINT,
)
def _logistic_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("logistic_gradients", require(ns, "logistic_gradients"))
    rng = fresh_rng()
    label = "`logistic_gradients(X, y, w, b)`"
    for _ in range(2):
        X, y, w, b = draw_until(_logistic_inputs, _logistic_decides, rng)
        given = {"X": X.copy(), "y": y.copy(), "w": w.copy()}
        with refuse_library(_AUTODIFF, *_BY_HAND, mistake="autodiff"):
            out = call_student(label, func, given["X"], given["y"], given["w"], b)
        _expect_unchanged(label, given, {"X": X, "y": y, "w": w})
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail(
                f"{label} returned {describe_value(out)}; expected a pair (dw, db).",
                "Return the two gradients, dw first.",
            )
        n = len(w)
        if _swapped_pair(out, n):
            fail(
                f"{label} returns the pair in the order (db, dw): a single number first, "
                f"then {n} numbers. The task asks for (dw, db).",
                "Swap the two values you return: dw first, then db.",
                mistake="swapped-outputs",
            )
        dw = to_array(out[0], f"{label}'s dw is")
        if dw.shape != (n,):
            fail(
                f"{label}'s dw has shape {dw.shape}; expected one value per weight, like "
                f"w: ({n},).",
                "dw holds one derivative per weight: as many numbers as w, in a flat array.",
            )
        db = to_number(out[1], f"{label}'s db is", _GRAD_HINT)
        ref_dw, ref_db = _logistic_reference(X, y, w, b)
        ok_dw = _close(dw, ref_dw, rtol=1e-4, atol=1e-6)
        ok_db = bool(np.isclose(db, ref_db, rtol=1e-4, atol=1e-6))
        if ok_dw and ok_db:
            continue
        for (problem, mistake), (v_dw, v_db) in _logistic_variants(X, y, w, b).items():
            if _close(dw, v_dw, rtol=1e-4, atol=1e-6) and np.isclose(db, v_db, rtol=1e-4):
                fail(f"{label} {problem}.", _GRAD_HINT, mistake=mistake)
        if ok_dw:
            fail(
                f"{label}'s dw is right but db is wrong.",
                "db is the derivative with respect to the bias: every example's weighted "
                "sum z depends on b with slope 1.",
                mistake="wrong-db",
            )
        if ok_db:
            fail(f"{label}'s db is right but dw is wrong.", _GRAD_HINT, mistake="wrong-dw")
        fail(f"{label} gives wrong gradients for a random neuron and batch.", _GRAD_HINT)


# --------------------------------------------------------------------------- #
# 4.4 one SGD step with momentum
# --------------------------------------------------------------------------- #
_MOMENTUM_HINT = (
    "Follow the two lines of the task in order: first the new velocity, from the old "
    "velocity and the gradient; then the new weights, from the old weights and the "
    "new velocity."
)


def _momentum_reference(w, g, v, lr, mu):
    v_new = mu * v - lr * g
    return w + v_new, v_new


def _momentum_variants(w, g, v, lr, mu) -> dict[tuple[str, str], tuple[Any, Any]]:
    """What each typical mistake computes: (message, mistake id) -> (new_w, new_velocity)."""
    v_new = mu * v - lr * g
    v_torch = mu * v + g
    return {
        (
            "adds the gradient to the velocity: the step must go against the gradient "
            "(look at the sign in the task's first line)",
            "wrong-sign",
        ): (w + mu * v + lr * g, mu * v + lr * g),
        ("ignores the old velocity", "ignores-velocity"): (w - lr * g, -lr * g),
        (
            "moves the weights with the old velocity instead of the new one",
            "old-velocity-for-w",
        ): (w + v, v_new),
        (
            "returns the old velocity instead of the new one",
            "returns-old-velocity",
        ): (w + v_new, v),
        (
            "uses another momentum convention (PyTorch's: the gradient added to the velocity "
            "unscaled, the learning rate applied when the weights move); this task asks "
            "for Keras's",
            "torch-convention",
        ): (w - lr * v_torch, v_torch),
        (
            "returns (velocity, w) instead of (w, velocity)",
            "swapped-outputs",
        ): (v_new, w + v_new),
        (
            "takes a plain SGD step for the weights, without the velocity",
            "plain-sgd-weights",
        ): (w - lr * g, v_new),
    }


def _momentum_inputs(rng: Any):
    shape = (int(rng.integers(2, 5)), int(rng.integers(5, 8)))
    w, g, v = (rng.normal(size=shape) for _ in range(3))
    lr = float(rng.uniform(0.05, 0.5))
    mu = float(rng.uniform(0.5, 0.95))
    return w, g, v, lr, mu


def _momentum_decides(d) -> bool:
    """Whether every variant's (new_w, new_velocity) differs clearly from the reference's."""

    def both(pair: tuple[Any, Any]) -> np.ndarray:  # w and velocity share one shape
        return np.concatenate([np.ravel(pair[0]), np.ravel(pair[1])])

    variants = _momentum_variants(*d)
    return _separated(both(_momentum_reference(*d)), {k: both(v) for k, v in variants.items()})


@EXERCISE.task(
    "4.4",
    "One step of SGD with momentum",
    points=2,
    names=("momentum_step",),
    hint=_MOMENTUM_HINT,
)
def _momentum_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("momentum_step", require(ns, "momentum_step"))
    rng = fresh_rng()
    label = "`momentum_step(w, gradient, velocity, learning_rate, momentum)`"
    for _ in range(2):
        w, g, v, lr, mu = draw_until(_momentum_inputs, _momentum_decides, rng)
        given = {"w": w.copy(), "gradient": g.copy(), "velocity": v.copy()}
        out = call_student(label, func, given["w"], given["gradient"], given["velocity"], lr, mu)
        _expect_unchanged(label, given, {"w": w, "gradient": g, "velocity": v})
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail(
                f"{label} returned {describe_value(out)}; expected a pair (new_w, new_velocity).",
                "End with `return new_w, new_velocity`.",
            )
        new_w = to_array(out[0], f"{label}'s new_w is")
        new_v = to_array(out[1], f"{label}'s new_velocity is")
        for what, array in (("new_w", new_w), ("new_velocity", new_v)):
            if array.shape != w.shape:
                fail(
                    f"{label}'s {what} has shape {array.shape}; expected the shape of w: {w.shape}."
                )
        ref_w, ref_v = _momentum_reference(w, g, v, lr, mu)
        if _close(new_w, ref_w) and _close(new_v, ref_v):
            continue
        for (problem, mistake), (vw, vv) in _momentum_variants(w, g, v, lr, mu).items():
            if _close(new_w, vw, rtol=1e-4) and _close(new_v, vv, rtol=1e-4):
                fail(f"{label} {problem}.", _MOMENTUM_HINT, mistake=mistake)
        if _close(new_v, ref_v):
            fail(
                f"{label}'s new velocity is right but the new weights are wrong.",
                _MOMENTUM_HINT,
                mistake="wrong-new-w",
            )
        fail(f"{label} gives wrong results for random weights, gradient and velocity.")


# --------------------------------------------------------------------------- #
# 4.5 a training step with GradientTape
# --------------------------------------------------------------------------- #
_STEP_HINT = (
    "Lesson 4, section 5 writes this step out: the forward pass in training mode and "
    "the loss inside the tape's block; after it, the gradients and one optimizer step; "
    "then return the loss."
)
_DROPOUT_RATE = 0.5


def _step_model(sizes: tuple[int, int, int], seed: int, weights: list | None = None) -> Any:
    """The judged classifier: Dense(relu), Dropout (seeded), Dense, softmax."""
    keras = kc.keras()
    n_in, n_hidden, n_classes = sizes
    model = keras.Sequential(
        [
            keras.Input(shape=(n_in,)),
            keras.layers.Dense(n_hidden, activation="relu"),
            keras.layers.Dropout(_DROPOUT_RATE, seed=seed),
            keras.layers.Dense(n_classes),
            kc.softmax_layer_class()(),
        ]
    )
    if weights is not None:
        model.set_weights(weights)
    return model


def _step_reference(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    *,
    training: bool = True,
    extra_passes: int = 0,
    **loss_kwargs: Any,
) -> tuple[float, list[np.ndarray]]:
    """Loss of the step's forward pass, and the weights after one SGD step (``model`` changes).

    ``extra_passes`` forward passes in training mode come first (each draws a new
    dropout mask); ``training`` and ``loss_kwargs`` give the typical mistakes.
    """
    import tensorflow as tf

    keras = kc.keras()
    loss_fn = keras.losses.SparseCategoricalCrossentropy(**loss_kwargs)
    optimizer = keras.optimizers.SGD(learning_rate=lr)
    for _ in range(extra_passes):
        model(x, training=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=training))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return float(np.mean(np.asarray(loss))), [np.array(w) for w in model.get_weights()]


def _loss_of(model: Any, x: np.ndarray, y: np.ndarray, *, training: bool = False) -> float:
    keras = kc.keras()
    return float(keras.losses.SparseCategoricalCrossentropy()(y, model(x, training=training)))


def _max_gap(a: list, b: list) -> float:
    return max(float(np.max(np.abs(u - v))) for u, v in zip(a, b, strict=True))


# weights-variant name -> (message, hint, mistake id); the reference and "extra pass"
# (a harmless forward pass before the tape's) are accepted
_STEP_MISTAKES = {
    "uphill": (
        "moves the weights uphill (along the gradient): the optimizer already "
        "subtracts the learning rate times the gradient.",
        "Pass the gradients to the optimizer as they are.",
        "uphill",
    ),
    "twice": (
        "applies the gradients twice in one step.",
        "One step applies the gradients once.",
        "applies-twice",
    ),
    "eval": (
        "calls the model without training=True: its Dropout layer then does nothing, "
        "so this is not a training step.",
        "Call the model in training mode inside the tape (lesson 4, section 5).",
        "no-training-flag",
    ),
    "logits": (
        "treats the model's outputs as logits (from_logits=True), but its last layer is "
        "a softmax: the outputs are already probabilities, and the loss is wrong.",
        "Keep the loss's default, from_logits=False, for a model that ends in a softmax "
        "(lesson 4, section 2).",
        "from-logits",
    ),
    "sum": (
        "sums the loss over the batch; the task asks for the mean.",
        "The loss object's default reduction is the mean over the batch.",
        "sum-not-mean",
    ),
}
_PER_EXAMPLE = (
    "computes one loss per example (a vector of {batch}) and takes its gradient: the "
    "tape then differentiates their sum. The task asks for the mean loss of the batch, "
    "one number.",
    "Reduce the per-example losses to their mean (the loss object does it by default).",
    "per-example-loss",
)

# a student's error -> (message, hint, mistake id), for the slips that are easy to name
_STEP_SLIPS = (
    (
        "No gradients provided",
        "found no gradient at all: the loss was not computed inside the tape's `with` "
        "block, from the model's output, so the tape recorded nothing to differentiate.",
        "Compute the model's output and the loss inside the tape's block (lesson 4, section 5).",
        "loss-outside-tape",
    ),
    (
        "_unique_id",
        "passes apply_gradients something other than (gradient, variable) pairs: it "
        "takes pairs with the gradient first and the variable second.",
        "Pair each gradient with its variable, gradient first (lesson 4, section 5).",
        "gradient-variable-pairs",
    ),
    (
        "must have rank",
        "passes the loss its arguments the wrong way round: a Keras loss takes the "
        "labels first, then the model's output.",
        "Call the loss as loss_fn(labels, outputs).",
        "swapped-loss-arguments",
    ),
    (
        "Cannot convert the argument `type_value`",
        "asks the tape for the gradient of a Python number: the loss was turned into a "
        "float (float() or .numpy()) before tape.gradient, and a tape only differentiates "
        "tensors.",
        "Keep the loss a tensor until after tape.gradient; convert it only to return it.",
        "loss-not-tensor",
    ),
    (
        "has no attribute '_id'",
        "asks the tape for the gradient with respect to something other than the "
        "model's variables.",
        "Ask for the gradient with respect to model.trainable_variables.",
        "gradient-of-model",
    ),
)


def _name_the_slip(label: str, failure: CheckFailed) -> None:
    """Fail with a named slip when the student's error is one of ``_STEP_SLIPS``."""
    error = failure.__context__
    try:
        text = f"{type(error).__name__}: {error}" if error is not None else ""
    except Exception:  # noqa: BLE001 - a hostile exception
        return
    for needle, problem, hint, mistake in _STEP_SLIPS:
        if needle in text:
            fail(
                f"{label} raised {one_line(error).rstrip('.')}. It {problem}", hint, mistake=mistake
            )


def _step_case(rng: Any) -> dict[str, Any]:
    """A model, batch and learning rate on which every known mistake shows.

    The step's weights after each mistake differ from each other and from the
    right step's, and so do the losses a step may return (before and after the
    update, from this or another forward pass).
    """
    for _ in range(MAX_DRAWS):
        sizes = tuple(int(v) for v in rng.integers((3, 5, 3), (6, 9, 5)))
        batch = int(rng.integers(6, 12))
        lr = float(rng.uniform(0.2, 0.5))
        seed = int(rng.integers(1, 2**31 - 1))
        x = rng.normal(size=(batch, sizes[0])).astype("float32")
        y = rng.integers(0, sizes[2], size=batch)
        start = [
            rng.normal(0.0, 0.8, size=np.shape(v)).astype("float32")
            for v in _step_model(sizes, seed).get_weights()
        ]

        def run(sizes=sizes, seed=seed, start=start, x=x, y=y, lr=lr, **kwargs):
            model = _step_model(sizes, seed, start)
            return model, *_step_reference(model, x, y, lr, **kwargs)

        model, loss_before, after = run()
        loss_after = _loss_of(model, x, y)
        loss_after_train = _loss_of(model, x, y, training=True)  # the next dropout mask
        _, loss_extra, extra = run(extra_passes=1)
        loss_eval, eval_weights = run(training=False)[1:]
        weights = {
            "reference": after,
            "extra pass": extra,
            "start": start,
            "uphill": [2 * s - a for s, a in zip(start, after, strict=True)],
            "twice": [2 * a - s for a, s in zip(after, start, strict=True)],
            "eval": eval_weights,
            "logits": run(from_logits=True)[2],
            "sum": run(reduction="sum")[2],
        }
        losses = [loss_before, loss_extra, loss_eval, loss_after, loss_after_train]
        named = list(weights.values())
        if all(
            _max_gap(a, b) > 1e-4 for i, a in enumerate(named) for b in named[i + 1 :]
        ) and separates(losses[0], losses[1:], rtol=1e-5, atol=1e-6):
            return {
                "sizes": sizes,
                "seed": seed,
                "x": x,
                "y": y,
                "lr": lr,
                "weights": weights,
                "loss_before": loss_before,
                "loss_extra": loss_extra,
                "loss_eval": loss_eval,
                "loss_after": (loss_after, loss_after_train),
            }
    raise CheckBug(f"no random model and batch separated the known mistakes in {MAX_DRAWS}")


@EXERCISE.task(
    "4.5",
    "A training step with GradientTape",
    points=2,
    names=("train_step",),
    hint=_STEP_HINT,
    timeout=30.0,
)
def _train_step_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable("train_step", require(ns, "train_step"))
    keras = kc.keras()
    rng = fresh_rng()
    label = "`train_step(model, optimizer, x, y)`"
    case = _step_case(rng)
    x, y, weights = case["x"], case["y"], case["weights"]
    student_model = _step_model(case["sizes"], case["seed"], weights["start"])
    optimizer = keras.optimizers.SGD(learning_rate=case["lr"])
    optimizer.build(student_model.trainable_variables)
    try:
        value = call_student(label, func, student_model, optimizer, x.copy(), y.copy())
    except CheckFailed as failure:
        _name_the_slip(label, failure)
        raise
    got = student_model.get_weights()
    per_example = _is_vector(value, len(x))
    if _max_gap(got, weights["start"]) == 0.0:
        fail(
            f"{label} does not change the model's weights: the gradients are never applied.",
            "After computing the gradients, give them to the optimizer (lesson 4, section 5).",
            mistake="no-update",
        )
    if _max_gap(got, weights["reference"]) <= 1e-5:
        expected = case["loss_before"]
    elif _max_gap(got, weights["extra pass"]) <= 1e-5:
        expected = case["loss_extra"]  # a forward pass before the tape's: harmless
    else:
        for name, (problem, hint, mistake) in _STEP_MISTAKES.items():
            if _max_gap(got, weights[name]) <= 1e-5:
                if name == "sum" and per_example:
                    problem, hint, mistake = _PER_EXAMPLE
                    problem = problem.format(batch=len(x))
                fail(f"{label} {problem}", hint, mistake=mistake)
        fail(
            f"{label} changes the weights differently from one step of the optimizer on "
            "the mean sparse categorical cross-entropy of the batch, computed in training "
            "mode.",
            _STEP_HINT,
        )
    _check_step_loss(label, value, expected, case, per_example)


def _is_vector(value: Any, batch: int) -> bool:
    """Whether ``value`` holds one number per example (a per-example loss)."""
    try:
        return value is not None and np.size(to_array(value, "")) == batch > 1
    except CheckFailed:
        return False


def _check_step_loss(
    label: str, value: Any, expected: float, case: Mapping[str, Any], per_example: bool
) -> None:
    """Task 4.5's last stage: the step returns the batch's loss before the update."""
    if value is None:
        fail(
            f"{label} returns None; return the loss of the batch.",
            "The step's last line returns the loss.",
            mistake="no-return",
        )
    if per_example:
        fail(
            f"{label} updates the weights correctly but returns one loss per example (a "
            f"vector of {len(case['x'])}); return the mean loss of the batch, one number.",
            "Return the loss the gradients were computed from.",
            mistake="per-example-loss",
        )
    loss = to_number(value, f"{label} returned", "Return the loss, one number.")
    if np.isclose(loss, expected, rtol=1e-4, atol=1e-6):
        return
    if any(np.isclose(loss, after, rtol=1e-4, atol=1e-6) for after in case["loss_after"]):
        fail(
            f"{label} returns the loss after the update; return the loss computed "
            "inside the tape, before the weights change.",
            mistake="loss-after-update",
        )
    readings = (case["loss_before"], case["loss_extra"], case["loss_eval"])
    if any(np.isclose(loss, other, rtol=1e-4, atol=1e-6) for other in readings):
        fail(
            f"{label} updates the weights correctly but returns the loss of another "
            "forward pass (the model called again), not the one the gradients came from.",
            "Return the loss computed inside the tape.",
            mistake="another-forward-pass",
        )
    fail(
        f"{label} updates the weights correctly but returns {describe_value(loss)}, "
        "not the mean loss of the batch.",
        "Return the loss that you computed inside the tape.",
    )


# --------------------------------------------------------------------------- #
# 4.6 the largest stable learning rate
# --------------------------------------------------------------------------- #
_RATE_HINT = (
    "Along each direction of H's eigenvectors, a step multiplies the distance to the "
    "minimum by a factor that depends on the learning rate and that direction's "
    "curvature (lesson 4, section 3). Which direction is the first to stop shrinking?"
)


def _rate_reference(hessian: np.ndarray) -> float:
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def _rate_variants(hessian: np.ndarray) -> dict[tuple[str, str], float]:
    """What each typical mistake computes: (message, mistake id) -> learning rate."""
    curvatures = np.linalg.eigvalsh(hessian)
    return {
        (
            "gives the rate of the smallest curvature (the smallest eigenvalue), but the "
            "steepest direction (the largest eigenvalue) is the first to diverge. (If you "
            "took an eigenvalue by its position: np.linalg.eig returns them in no "
            "particular order.)",
            "smallest-curvature",
        ): 2.0 / curvatures.min(),
        (
            "is half the largest stable rate: a step shrinks the distance while "
            "|1 - learning_rate·λ| < 1, which allows rates up to twice what you return",
            "missing-factor-2",
        ): 1.0 / curvatures.max(),
        (
            "is upside down: the rate is a number divided by the largest curvature",
            "inverted",
        ): curvatures.max() / 2.0,
        (
            "reads the curvatures off H's entries (its diagonal); the curvatures are H's "
            "eigenvalues, which equal the diagonal only when H is diagonal",
            "entries-not-eigenvalues",
        ): 2.0 / np.max(np.diag(hessian)),
        (
            "adds up all the curvatures (the trace of H); the limit comes from the "
            "largest one alone",
            "trace",
        ): 2.0 / curvatures.sum(),
        (
            "uses the Frobenius norm of H (the root of the sum of its squared entries), "
            "not its largest eigenvalue",
            "frobenius-norm",
        ): 2.0 / np.linalg.norm(hessian),
    }


def _by_position(hessian: np.ndarray) -> list[float]:
    """The rates from the first and the last eigenvalue ``np.linalg.eig`` returns."""
    unsorted = np.linalg.eig(hessian)[0].real
    return [2.0 / unsorted[0], 2.0 / unsorted[-1]]


def _rate_decides(hessian: np.ndarray) -> bool:
    """The mistakes differ from the answer and from each other; eig's order shows.

    ``np.linalg.eig`` mostly returns the largest eigenvalue first or last: the
    draw is one where it does neither, so that taking an eigenvalue by its
    position is always wrong here. On the draws kept, eig's first eigenvalue is
    the smallest (as it nearly always is then), so that slip always gets the
    message for the smallest curvature, which mentions eig's order.
    """
    reference = _rate_reference(hessian)
    first, last = _by_position(hessian)
    smallest = 2.0 / np.linalg.eigvalsh(hessian).min()
    return (
        separates(reference, list(_rate_variants(hessian).values()))
        and not np.isclose(first, reference, rtol=1e-3)
        and not np.isclose(last, reference, rtol=1e-3)
        and bool(np.isclose(first, smallest, rtol=1e-6))  # one message for that slip
        and not np.isclose(last, smallest, rtol=1e-3)
    )


def _hessian(rng: Any) -> np.ndarray:
    """A symmetric positive definite matrix, not diagonal, with a clear largest eigenvalue."""
    n = int(rng.integers(3, 6))
    curvatures = np.sort(rng.uniform(0.5, 10.0, size=n))
    curvatures[-1] = curvatures[-2] * rng.uniform(1.5, 3.0)  # power iteration converges
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    hessian = q @ np.diag(curvatures) @ q.T
    return (hessian + hessian.T) / 2


@EXERCISE.task(
    "4.6",
    "The largest stable learning rate",
    points=2,
    names=("largest_stable_learning_rate",),
    hint=_RATE_HINT,
)
def _stable_rate_task(ns: Mapping[str, Any]) -> None:
    func = expect_callable(
        "largest_stable_learning_rate", require(ns, "largest_stable_learning_rate")
    )
    rng = fresh_rng()
    label = "`largest_stable_learning_rate(hessian)`"
    for _ in range(2):
        hessian = draw_until(_hessian, _rate_decides, rng)
        value = _call_keeping(label, func, hessian=hessian)
        got = to_number(value, f"{label} returned", _RATE_HINT)
        if np.isclose(got, _rate_reference(hessian), rtol=1e-4, atol=0.0):
            continue
        matches = [
            (problem, mistake)
            for (problem, mistake), rate in _rate_variants(hessian).items()
            if np.isclose(got, rate, rtol=1e-4, atol=0.0)
        ]
        if len({mistake for _, mistake in matches}) == 1:  # else: say less
            fail(f"{label} {matches[0][0]}.", _RATE_HINT, mistake=matches[0][1])
        fail(
            f"{label} gives a wrong learning rate for a random {len(hessian)}×{len(hessian)} "
            "matrix of second derivatives. (Note: np.linalg.eig returns the eigenvalues in "
            "no particular order.)",
            _RATE_HINT,
        )
