"""Checks for exercise 04, how a network learns (``exercises/04_how_a_network_learns.ipynb``).

Tasks
-----
4.1 ``softmax(z)``: softmax of each row, stable for scores as large as ±1000.
4.2 ``cross_entropy(labels, probs)``: the mean categorical cross-entropy.
4.3 ``logistic_gradients(X, y, w, b)``: the gradient of a sigmoid neuron's loss, by hand.
4.4 ``momentum_step(w, gradient, velocity, learning_rate, momentum)``: one SGD step
    with momentum, Keras's rule.
4.5 ``train_step(model, optimizer, x, y)``: one training step with ``tf.GradientTape``.

Every check draws fresh inputs, and draws again until each wrong variant it
diagnoses gives a different answer from the reference on them (non-square
batches, scores of ±1000, both signs of ``p - y``...), so that a verdict never
depends on the draw. The reference implementations are private. Every
diagnosed mistake has a stable id (``"4.1/no-max-subtracted"`` in the result).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import _keras_checks as kc
from .helpers import (
    CheckBug,
    call_student,
    describe_value,
    draw_until,
    expect_callable,
    fail,
    fresh_rng,
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
                f"{label} changes the array `{what}` it is given; return new arrays instead.",
                "Compute the results as new arrays (w + ..., not w += ...).",
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
    "Softmax works on each row: exponentiate, then divide by the row's sum. Subtract "
    "each row's largest score first (keepdims=True), so that no exponent is positive."
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


def _moderate_scores(rng: Any) -> np.ndarray:
    m = int(rng.integers(3, 6))
    k = int(rng.integers(m + 1, m + 4))  # never square: the wrong axis shows
    return rng.normal(0.0, 2.0, size=(m, k))


def _large_scores(rng: Any) -> np.ndarray:
    z = _moderate_scores(rng)
    offsets = rng.choice([-1000.0, 1000.0, 0.0], size=len(z))
    offsets[:2] = (1000.0, -1000.0)  # a naive exp overflows on one row, underflows on another
    return z + offsets[rng.permutation(len(z))][:, None]


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
    out = to_array(call_student(label, func, z.copy()), f"{label} returned")
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
        if np.allclose(out.sum(axis=0), 1.0, rtol=1e-4) and np.all(out >= 0):
            fail(
                f"{label} normalizes each column (axis 0) instead of each row.",
                _SOFTMAX_HINT,
                mistake="column-axis",
            )
        if np.isclose(out.sum(), 1.0, rtol=1e-4) and np.all(out >= 0):
            fail(
                f"{label} divides by the sum over the whole batch, not by each row's sum: "
                "the whole array adds up to 1 instead of each row.",
                _SOFTMAX_HINT,
                mistake="batch-sum",
            )
        fail(f"{label} gives wrong probabilities for a random batch of scores.", _SOFTMAX_HINT)
    big = _large_scores(rng)
    out = to_array(call_student(label, func, big.copy()), f"{label} returned")
    if out.shape != big.shape or not np.all(np.isfinite(out)):
        high = big.max(axis=1) > 500  # the rows near +1000, where a plain exp overflows
        same_shape = out.shape == big.shape
        if same_shape and _close(out[high], _softmax_reference(big)[high], rtol=1e-3, atol=1e-4):
            fail(
                f"{label} returns NaN or infinite values in the rows whose scores are far "
                "below the batch's largest one (another row is near +1000): after "
                "subtracting one maximum for the whole batch, their exponentials are all "
                "0, and 0/0 is NaN.",
                "Subtract each row's own largest score (z.max(axis=1, keepdims=True)), not "
                "one maximum of the whole batch.",
                mistake="global-max",
            )
        fail(
            f"{label} returns NaN or infinite values when the scores are large (some rows "
            "near +1000, others near -1000): e^1000 overflows, and e^-1000 is 0.",
            "Subtract each row's own largest score before exponentiating: softmax only "
            "depends on the differences between scores.",
            # named only when the rows near +1000 overflow, as a plain exp does
            mistake="no-max-subtracted"
            if same_shape and not np.all(np.isfinite(out[high]))
            else "",
        )
    # float32 answers round scores near 1000 to about 6e-5: a looser tolerance here
    if not _close(out, _softmax_reference(big), rtol=1e-3, atol=1e-4):
        fail(
            f"{label} gives wrong probabilities when the scores are large (rows near +1000 "
            "and near -1000), though it is right for small scores.",
            "Subtract each row's own maximum (not one maximum of the whole batch).",
        )


# --------------------------------------------------------------------------- #
# 4.2 cross-entropy
# --------------------------------------------------------------------------- #
_CE_HINT = (
    "For each example take the probability of its true class, probs[i, labels[i]], "
    "then the mean of -log of those."
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
            "has the wrong sign: the loss is -log of the probability",
            "wrong-sign",
        ): np.mean(np.log(picked)),
        (
            "uses log10; cross-entropy uses the natural log (np.log)",
            "log10",
        ): -np.mean(np.log10(picked)),
        (
            "divides by the number of probabilities (m·k), not by the number of examples",
            "divides-by-m-times-k",
        ): -np.mean(one_hot * np.log(probs)),
        (
            "picks the wrong probabilities: probs[:, labels] is a whole m×m table; use "
            "probs[np.arange(m), labels]",
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
        value = call_student(label, func, labels.copy(), probs.copy())
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
    "Chain rule: with p = sigmoid(X @ w + b), the loss's derivative with respect to "
    "z = X @ w + b is (p - y) / m for each example. Then dw sums those times the "
    "inputs, X.T @ (...), and db sums them."
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
            "uses z = X @ w + b where the probability p = sigmoid(z) belongs",
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
    )


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
        out = call_student(label, func, X.copy(), y.copy(), w.copy(), b)
        if not isinstance(out, tuple | list) or len(out) != 2:
            fail(
                f"{label} returned {describe_value(out)}; expected a pair (dw, db).",
                "End with `return dw, db`.",
            )
        dw = to_array(out[0], f"{label}'s dw is")
        n = len(w)
        if dw.shape != (n,):
            fail(
                f"{label}'s dw has shape {dw.shape}; expected one value per weight, like "
                f"w: ({n},).",
                "X.T @ v, with v of shape (m,), has shape (n,).",
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
                "db sums (p - y) / m over the examples.",
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
            "adds the gradient: the step must go against it (velocity = momentum * velocity "
            "- learning_rate * gradient)",
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
            "uses another momentum convention (velocity = momentum * velocity + gradient, "
            "w -= learning_rate * velocity); this task asks for Keras's",
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
    "Inside `with tf.GradientTape() as tape:` compute the model's output on x and the "
    "loss; outside it, tape.gradient(loss, model.trainable_variables), then "
    "optimizer.apply_gradients(zip(gradients, model.trainable_variables)); return the loss."
)


def _step_model(rng: Any, n_in: int, n_hidden: int, n_classes: int):
    keras = kc.keras()
    model = keras.Sequential(
        [
            keras.Input(shape=(n_in,)),
            keras.layers.Dense(n_hidden, activation="relu"),
            keras.layers.Dense(n_classes, activation="softmax"),
        ]
    )
    weights = [rng.normal(0.0, 0.8, size=np.shape(v)).astype("float32") for v in model.weights]
    model.set_weights(weights)
    return model, weights


def _step_reference(model: Any, x: np.ndarray, y: np.ndarray, lr: float, **loss_kwargs: Any):
    """Loss before, weights after one SGD step (on ``model``, which changes)."""
    import tensorflow as tf

    keras = kc.keras()
    loss_fn = keras.losses.SparseCategoricalCrossentropy(**loss_kwargs)
    optimizer = keras.optimizers.SGD(learning_rate=lr)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
    return float(loss), [np.array(w) for w in model.get_weights()]


# (from_logits=True is no mistake Keras lets through here: on the TensorFlow backend a
# loss given a softmax layer's output uses the logits behind it, with a warning)
_LOSS_MISTAKES = {
    ("sums the loss over the batch; the task asks for the mean", "sum-not-mean"): {
        "reduction": "sum"
    },
}


def _loss_of(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    keras = kc.keras()
    return float(keras.losses.SparseCategoricalCrossentropy()(y, model(x)))


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
    for _ in range(MAX_DRAWS):
        n_in, n_hidden, n_classes = (int(v) for v in rng.integers((3, 4, 3), (6, 8, 5)))
        batch = int(rng.integers(6, 12))
        lr = float(rng.uniform(0.2, 0.5))
        x = rng.normal(size=(batch, n_in)).astype("float32")
        y = rng.integers(0, n_classes, size=batch)
        reference_model, start = _step_model(rng, n_in, n_hidden, n_classes)
        loss_before, after = _step_reference(reference_model, x, y, lr)
        loss_after = _loss_of(reference_model, x, y)
        # the same gradients applied twice: SGD moves twice as far
        twice = [2 * a - s for a, s in zip(after, start, strict=True)]
        moved = max(float(np.max(np.abs(a - s))) for a, s in zip(after, start, strict=True))
        twice_gap = max(float(np.max(np.abs(a - t))) for a, t in zip(after, twice, strict=True))
        if (
            abs(loss_after - loss_before) > 1e-3 * max(1.0, loss_before)
            and moved > 1e-3
            and twice_gap > 1e-4
        ):
            break
    else:
        raise CheckBug(f"no random model and batch separated the known mistakes in {MAX_DRAWS}")
    variant_model, _ = _step_model(rng, n_in, n_hidden, n_classes)
    student_model, _ = _step_model(rng, n_in, n_hidden, n_classes)
    student_model.set_weights(start)
    optimizer = keras.optimizers.SGD(learning_rate=lr)
    optimizer.build(student_model.trainable_variables)
    value = call_student(label, func, student_model, optimizer, x.copy(), y.copy())
    got = student_model.get_weights()

    def gap(weights: list) -> float:
        return max(float(np.max(np.abs(g - a))) for g, a in zip(got, weights, strict=True))

    if gap(start) == 0.0:
        fail(
            f"{label} does not change the model's weights: the gradients are never applied.",
            "Finish with optimizer.apply_gradients(zip(gradients, model.trainable_variables)).",
            mistake="no-update",
        )
    if gap(after) > 1e-5:
        uphill = [2 * s - a for s, a in zip(start, after, strict=True)]
        if gap(uphill) <= 1e-5:
            fail(
                f"{label} moves the weights uphill (along the gradient): the optimizer "
                "already subtracts learning_rate * gradient.",
                "Pass the gradients to the optimizer as they are.",
                mistake="uphill",
            )
        if gap(twice) <= 1e-5:
            fail(
                f"{label} applies the gradients twice in one step.",
                "Call optimizer.apply_gradients once per step.",
                mistake="applies-twice",
            )
        for (problem, mistake), kwargs in _LOSS_MISTAKES.items():
            variant_model.set_weights(start)
            if gap(_step_reference(variant_model, x, y, lr, **kwargs)[1]) <= 1e-5:
                fail(f"{label} {problem}.", _STEP_HINT, mistake=mistake)
        fail(
            f"{label} changes the weights differently from one step of the optimizer on "
            "the mean sparse categorical cross-entropy of the batch.",
            "Use keras.losses.SparseCategoricalCrossentropy() on the model's output (it "
            "outputs probabilities, not logits), and the optimizer you are given.",
        )
    _check_step_loss(label, value, loss_before, loss_after)


def _check_step_loss(label: str, value: Any, loss_before: float, loss_after: float) -> None:
    """Task 4.5's last stage: the step returns the batch's loss before the update."""
    if value is None:
        fail(
            f"{label} returns None; return the loss of the batch.",
            "End with `return loss`.",
            mistake="no-return",
        )
    loss = to_number(value, f"{label} returned", "Return the loss, one number.")
    if np.isclose(loss, loss_before, rtol=1e-4, atol=1e-6):
        return
    if np.isclose(loss, loss_after, rtol=1e-4, atol=1e-6):
        fail(
            f"{label} returns the loss after the update; return the loss computed "
            "inside the tape, before the weights change.",
            mistake="loss-after-update",
        )
    fail(
        f"{label} updates the weights correctly but returns {describe_value(loss)}, "
        "not the mean loss of the batch.",
        "Return the loss that you computed inside the tape.",
    )
