"""Tests for nnteach.metrics, checked against scikit-learn on the same data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score, precision_score, r2_score, recall_score

from nnteach._keras import import_keras
from nnteach.metrics import (
    BinaryF1Score,
    BinaryPrecision,
    BinaryRecall,
    R2Score,
    batchwise_f1_gap,
    f1_batchwise,
    precision_batchwise,
    r2_batchwise,
    recall_batchwise,
)

keras = import_keras()

CLASSIFICATION = [
    (BinaryPrecision, precision_score),
    (BinaryRecall, recall_score),
    (BinaryF1Score, f1_score),
]
BATCHWISE = [
    (precision_batchwise, precision_score),
    (recall_batchwise, recall_score),
    (f1_batchwise, f1_score),
]


def _binary_data(n, seed, positive_rate=0.3):
    rng = np.random.default_rng(seed)
    y_true = (rng.random(n) < positive_rate).astype(np.int64)
    # Informative but imperfect probabilities.
    y_prob = np.clip(0.35 * y_true + rng.random(n) * 0.65, 0, 1).astype(np.float32)
    return y_true, y_prob


def _sk(score, y_true, y_prob, threshold=0.5, **kwargs):
    return score(y_true, (y_prob >= threshold).astype(int), zero_division=0, **kwargs)


def _feed(metric, y_true, y_pred, cuts, sample_weight=None):
    """update_state once per batch, the batches cut at the indices in ``cuts``."""
    bounds = [0, *cuts, len(y_true)]
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        weight = None if sample_weight is None else sample_weight[start:stop]
        metric.update_state(y_true[start:stop], y_pred[start:stop], sample_weight=weight)
    return float(metric.result())


# --------------------------------------------------------------------------- batch-wise


@pytest.mark.parametrize(("fn", "score"), BATCHWISE)
def test_batchwise_functions_match_sklearn_on_one_batch(fn, score):
    y_true, y_prob = _binary_data(64, seed=1)
    # int64 labels, (batch, 1) predictions: the shapes Keras passes.
    value = float(fn(y_true, y_prob[:, None]))
    assert value == pytest.approx(_sk(score, y_true, y_prob), abs=1e-6)
    # Column-vector labels and float labels give the same.
    assert float(fn(y_true[:, None].astype(np.float32), y_prob)) == pytest.approx(value)


def test_batchwise_functions_zero_division_gives_zero():
    y_true = np.zeros(4, dtype=np.int64)
    y_prob = np.array([0.1, 0.2, 0.3, 0.4], dtype=np.float32)
    for fn in (precision_batchwise, recall_batchwise, f1_batchwise):
        value = float(fn(y_true, y_prob))
        assert value == 0.0 and not np.isnan(value)


def test_r2_batchwise_matches_sklearn():
    rng = np.random.default_rng(0)
    y = rng.normal(3, 2, size=50).astype(np.float32)
    pred = (y + rng.normal(0, 1, size=50)).astype(np.float32)
    assert float(r2_batchwise(y[:, None], pred[:, None])) == pytest.approx(
        r2_score(y, pred), abs=1e-5
    )
    constant = np.full(4, 2.0, dtype=np.float32)
    assert float(r2_batchwise(constant, constant)) == 1.0
    assert float(r2_batchwise(constant, constant + 1)) == 0.0
    assert float(r2_batchwise(np.arange(4), np.arange(4))) == 1.0  # integer targets


def test_batchwise_docstrings_warn_about_averaging():
    for fn in (precision_batchwise, recall_batchwise, f1_batchwise, r2_batchwise):
        assert "**not** the" in fn.__doc__
        assert "Introduced in lesson 5" in fn.__doc__


@pytest.mark.parametrize("fn", [f1_batchwise, r2_batchwise])
def test_batchwise_rejects_several_outputs(fn):
    with pytest.raises(ValueError, match=r"one prediction per sample.*\(4, 3\)"):
        fn(np.zeros((4, 3)), np.zeros((4, 3), dtype=np.float32))


# --------------------------------------------------------------------------- Metric classes


@pytest.mark.parametrize(("cls", "score"), CLASSIFICATION)
@pytest.mark.parametrize("cuts", [[], [1], [10, 11, 50], [25, 50, 75]])
def test_binary_metrics_match_sklearn_across_batches(cls, score, cuts):
    y_true, y_prob = _binary_data(100, seed=2)
    metric = cls()
    value = _feed(metric, y_true, y_prob, cuts)
    assert value == pytest.approx(_sk(score, y_true, y_prob), abs=1e-5)


@pytest.mark.parametrize(("cls", "score"), CLASSIFICATION)
def test_binary_metrics_threshold_and_sample_weight(cls, score):
    y_true, y_prob = _binary_data(80, seed=3)
    weight = np.random.default_rng(3).uniform(0.1, 3.0, size=80).astype(np.float32)
    metric = cls(threshold=0.7)
    value = _feed(metric, y_true[:, None], y_prob[:, None], [33], sample_weight=weight)
    expected = _sk(score, y_true, y_prob, threshold=0.7, sample_weight=weight)
    assert value == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize(("cls", "score"), CLASSIFICATION)
def test_binary_metrics_reset_and_zero_division(cls, score):
    metric = cls()
    assert float(metric.result()) == 0.0  # nothing seen yet
    metric.update_state(np.array([1, 1]), np.array([0.9, 0.8]))
    assert float(metric.result()) == 1.0
    metric.reset_state()
    assert [float(v) for v in metric.variables] == [0.0, 0.0, 0.0]
    y_true, y_prob = np.array([0, 0, 0]), np.array([0.1, 0.2, 0.3])  # no positive at all
    metric.update_state(y_true, y_prob)
    assert float(metric.result()) == _sk(score, y_true, y_prob) == 0.0


@pytest.mark.parametrize(
    ("cls", "name"),
    [(BinaryPrecision, "precision"), (BinaryRecall, "recall"), (BinaryF1Score, "f1")],
)
def test_binary_metrics_config_round_trip(cls, name):
    metric = cls(threshold=0.3)
    config = metric.get_config()
    assert config == {"name": name, "dtype": "float32", "threshold": 0.3}
    clone = cls.from_config(config)
    assert (clone.name, clone.threshold) == (name, 0.3)
    restored = keras.metrics.deserialize(keras.metrics.serialize(metric))
    assert type(restored) is cls and restored.threshold == 0.3


def test_binary_metrics_validation():
    with pytest.raises(ValueError, match=r"`threshold`.*<= 1"):
        BinaryF1Score(threshold=1.5)
    with pytest.raises(TypeError, match="`threshold`"):
        BinaryPrecision(threshold="0.5")
    with pytest.raises(ValueError, match=r"one prediction per sample.*keras\.metrics\.F1Score"):
        BinaryRecall().update_state(np.zeros((4, 2)), np.zeros((4, 2)))


@pytest.mark.parametrize("cuts", [[], [1], [7, 8, 40], [20, 40, 60, 80]])
def test_r2_score_matches_sklearn_across_batches(cuts):
    rng = np.random.default_rng(4)
    y = rng.normal(2, 3, size=100).astype(np.float32)
    pred = (0.8 * y + rng.normal(0, 1, size=100)).astype(np.float32)
    value = _feed(R2Score(), y[:, None], pred[:, None], cuts)
    assert value == pytest.approx(r2_score(y, pred), abs=1e-5)


def test_r2_score_large_mean_and_sample_weight():
    rng = np.random.default_rng(5)
    y = (1e4 + rng.normal(0, 1, size=300)).astype(np.float32)  # mean >> spread
    pred = (y + rng.normal(0, 0.5, size=300)).astype(np.float32)
    weight = rng.uniform(0.5, 2.0, size=300).astype(np.float32)
    y64, pred64 = y.astype(np.float64), pred.astype(np.float64)
    value = _feed(R2Score(), y, pred, [100, 200])
    assert value == pytest.approx(r2_score(y64, pred64), abs=1e-5)
    value = _feed(R2Score(), y, pred, [150], sample_weight=weight)
    assert value == pytest.approx(r2_score(y64, pred64, sample_weight=weight), abs=1e-5)


def test_r2_score_edge_cases_and_config():
    metric = R2Score()
    assert float(metric.result()) == 0.0  # nothing seen yet
    constant = np.full(5, 0.1, dtype=np.float32)
    metric.update_state(constant, constant)
    assert float(metric.result()) == r2_score(constant, constant) == 1.0
    metric.reset_state()
    assert [float(v) for v in metric.variables] == [0.0] * 4
    metric.update_state(constant, constant + 1)
    assert float(metric.result()) == r2_score(constant, constant + 1) == 0.0
    assert metric.result().dtype == "float32"
    assert metric.get_config() == {"name": "r2", "dtype": "float32"}
    restored = keras.metrics.deserialize(keras.metrics.serialize(metric))
    assert type(restored) is R2Score and restored.name == "r2"
    with pytest.raises(ValueError, match="one R2Score per output"):
        metric.update_state(np.zeros((3, 2)), np.zeros((3, 2)))


@settings(max_examples=25, deadline=None)
@given(
    labels=st.lists(st.booleans(), min_size=1, max_size=40),
    probs=st.lists(st.floats(0, 1, width=32), min_size=40, max_size=40),
    cuts=st.lists(st.integers(1, 39), max_size=3, unique=True),
)
def test_binary_metrics_property_vs_sklearn(labels, probs, cuts):
    y_true = np.array(labels, dtype=np.int64)
    y_prob = np.array(probs[: len(y_true)], dtype=np.float32)
    cuts = sorted(c for c in cuts if c < len(y_true))
    for cls, score in CLASSIFICATION:
        value = _feed(cls(), y_true, y_prob, cuts)
        assert value == pytest.approx(_sk(score, y_true, y_prob), abs=1e-5)


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.floats(-100, 100, width=32), st.floats(-100, 100, width=32)),
        min_size=2,
        max_size=40,
    ),
    cuts=st.lists(st.integers(1, 39), max_size=3, unique=True),
)
def test_r2_score_property_vs_sklearn(values, cuts):
    y, pred = (np.array(column, dtype=np.float32) for column in zip(*values, strict=True))
    if np.var(y.astype(np.float64)) < 1e-2:  # R² is ill-conditioned for a near-constant y
        return
    cuts = sorted(c for c in cuts if c < len(y))
    value = _feed(R2Score(), y, pred, cuts)
    expected = r2_score(y.astype(np.float64), pred.astype(np.float64))
    assert value == pytest.approx(expected, rel=1e-5, abs=1e-5)


# --------------------------------------------------------------------------- inside Keras


def _fixed_classifier():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, "sigmoid")])
    model.set_weights([np.array([[2.0], [-1.0]]), np.array([-0.3])])
    return model


def test_metrics_in_compile_evaluate_and_fit_equal_sklearn():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(6)
    X = rng.normal(size=(150, 2)).astype(np.float32)
    y = (X[:, 0] + 0.7 * rng.normal(size=150) > 0.6).astype(np.int64)  # int64 labels
    model = _fixed_classifier()
    model.compile(
        optimizer=keras.optimizers.SGD(0.05),
        loss="binary_crossentropy",
        metrics=[BinaryPrecision(), BinaryRecall(), BinaryF1Score(), f1_batchwise],
    )
    prob = model.predict(X, verbose=0)[:, 0]
    result = model.evaluate(X, y, batch_size=16, verbose=0, return_dict=True)
    assert result["precision"] == pytest.approx(_sk(precision_score, y, prob), abs=1e-5)
    assert result["recall"] == pytest.approx(_sk(recall_score, y, prob), abs=1e-5)
    assert result["f1"] == pytest.approx(_sk(f1_score, y, prob), abs=1e-5)
    # What Keras reports for the batch-wise function is the plain mean over batches.
    gap = batchwise_f1_gap(y, prob, batch_size=16)
    assert result["f1_batchwise"] == pytest.approx(gap.mean_batch_f1, abs=1e-5)
    assert gap.true_f1 == pytest.approx(result["f1"], abs=1e-5)

    # During fit, validation metrics start from zero at each epoch and use the
    # final weights of the epoch.
    history = model.fit(
        X[:100], y[:100], validation_data=(X[100:], y[100:]), epochs=2, batch_size=25, verbose=0
    )
    assert {"f1", "val_f1", "val_precision", "val_recall"} <= set(history.history)
    val_prob = model.predict(X[100:], verbose=0)[:, 0]
    assert history.history["val_f1"][-1] == pytest.approx(
        _sk(f1_score, y[100:], val_prob), abs=1e-5
    )


def test_r2_metrics_in_compile_evaluate():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(90, 3)).astype(np.float32)
    y = (X @ np.array([1.0, -2.0, 0.5]) + 5 + rng.normal(size=90)).astype(np.float32)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[0.8], [-1.5], [0.0]]), np.array([4.0])])
    model.compile(loss="mse", metrics=[R2Score(), r2_batchwise])
    pred = model.predict(X, verbose=0)[:, 0]
    result = model.evaluate(X, y, batch_size=20, verbose=0, return_dict=True)
    assert result["r2"] == pytest.approx(r2_score(y, pred), abs=1e-5)
    per_batch = [r2_score(y[i : i + 20], pred[i : i + 20]) for i in range(0, 90, 20)]
    assert result["r2_batchwise"] == pytest.approx(np.mean(per_batch), abs=1e-4)
    assert result["r2_batchwise"] != pytest.approx(result["r2"], abs=1e-3)


# --------------------------------------------------------------------------- batchwise_f1_gap


def test_batchwise_f1_gap_values_and_repr():
    y_true = [1, 0, 0, 0, 1, 1, 1, 1, 0, 1]
    y_prob = [0.9, 0.6, 0.1, 0.2, 0.8, 0.4, 0.7, 0.9, 0.3, 0.2]
    gap = batchwise_f1_gap(y_true, y_prob, batch_size=4)
    pred = (np.array(y_prob) > 0.5).astype(int)
    per_batch = [f1_score(y_true[i : i + 4], pred[i : i + 4], zero_division=0) for i in (0, 4, 8)]
    assert gap.n_batches == 3
    assert gap.mean_batch_f1 == pytest.approx(np.mean(per_batch))
    assert gap.true_f1 == pytest.approx(f1_score(y_true, pred))
    assert gap.gap == pytest.approx(gap.mean_batch_f1 - gap.true_f1)
    mean_batch_f1, true_f1, difference, n_batches = gap  # a plain named tuple
    assert repr(gap) == (
        f"BatchwiseF1Gap(mean_batch_f1={mean_batch_f1:.4f}, true_f1={true_f1:.4f}, "
        f"gap={difference:+.4f}, n_batches=3)"
    )
    # One batch holding everything: no gap.
    whole = batchwise_f1_gap(np.array(y_true)[:, None], np.array(y_prob)[:, None], batch_size=64)
    assert whole.n_batches == 1 and whole.gap == 0.0


def test_batchwise_f1_gap_is_large_for_rare_positives():
    rng = np.random.default_rng(0)
    y_true = (rng.random(512) < 0.05).astype(np.int64)  # about one positive per batch of 16
    y_prob = 0.45 * y_true + 0.55 * rng.random(512)  # a decent classifier
    gap = batchwise_f1_gap(y_true, y_prob, batch_size=16)
    assert gap.n_batches == 32
    assert gap.true_f1 == pytest.approx(_sk(f1_score, y_true, y_prob))
    # Batches without positives score 0 and drag the mean down.
    assert gap.gap < -0.1
    assert batchwise_f1_gap(y_true, y_prob, batch_size=512).gap == 0.0


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        (([0, 1], [0.5]), {}, ValueError, "2 labels and 1 probabilities"),
        (([0, 2], [0.5, 0.1]), {}, ValueError, r"binary labels 0 and 1.*\[0, 2\]"),
        (([], []), {}, ValueError, "empty"),
        (([0, 1], ["a", "b"]), {}, TypeError, "y_prob must hold numbers"),
        (([[0, 1]] * 2, [[0.1, 0.2]] * 2), {}, ValueError, r"shape \(n,\) or \(n, 1\)"),
        (([0, 1], [0.1, 0.9]), {"batch_size": 0}, ValueError, "`batch_size`"),
        (([0, 1], [0.1, 0.9]), {"threshold": -1}, ValueError, "`threshold`"),
    ],
)
def test_batchwise_f1_gap_validation(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        batchwise_f1_gap(*args, **kwargs)


def test_docstring_examples_run():
    import doctest

    import nnteach.metrics

    result = doctest.testmod(nnteach.metrics, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
