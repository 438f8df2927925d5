"""Tests for nnteach.data: offline data sets, splitting and standardizing."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnteach import data
from nnteach.data import (
    Dataset,
    load_breast_cancer,
    load_diabetes,
    load_digits,
    make_circles,
    make_linear_classification,
    make_moons,
    make_regression,
    standardize,
    train_val_test_split,
)

# --------------------------------------------------------------------------- Dataset


def _tiny(**overrides):
    kwargs = dict(
        X=[[1, 2], [3, 4], [5, 6]],
        y=[0, 1, 0],
        feature_names=("a", "b"),
        target_names=("no", "yes"),
        task="classification",
        name="tiny",
        description="Three rows.",
    )
    kwargs.update(overrides)
    return Dataset(**kwargs)


def test_dataset_converts_dtypes_and_reports_size():
    ds = _tiny()
    assert ds.X.dtype == np.float32 and ds.X.shape == (3, 2)
    assert ds.y.dtype == np.int64
    assert ds.n_features == 2 and len(ds) == 3
    assert ds.feature_names == ("a", "b")
    assert (
        repr(ds) == "Dataset('tiny', classification, 3 samples x 2 features, classes=('no', 'yes'))"
    )
    reg = _tiny(y=[0.5, 1.5, 2.5], task="regression", target_names=None)
    assert reg.y.dtype == np.float32
    assert repr(reg) == "Dataset('tiny', regression, 3 samples x 2 features)"


def test_dataset_is_frozen():
    ds = _tiny()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.name = "other"


@pytest.mark.parametrize(
    ("overrides", "error", "match"),
    [
        ({"task": "clasification"}, ValueError, r"Expected one of \('classification'"),
        ({"X": [1.0, 2.0, 3.0]}, ValueError, r"Expected a 2-D array.*reshape\(-1, 1\)"),
        ({"y": [0, 1]}, ValueError, "X with 3 rows and y with 2 values"),
        ({"y": [[0], [1], [0]]}, ValueError, "Expected a 1-D array"),
        ({"feature_names": ("a",)}, ValueError, r"one name per column of X \(2\)"),
        ({"y": [0.5, 1.0, 0.0]}, TypeError, "integer class labels.*task='regression'"),
    ],
)
def test_dataset_validation(overrides, error, match):
    with pytest.raises(error, match=match):
        _tiny(**overrides)


# --------------------------------------------------------------------------- real data


def test_load_breast_cancer_has_malignant_as_positive_class():
    from sklearn.datasets import load_breast_cancer as sk_load

    ds = load_breast_cancer()
    raw = sk_load()
    assert ds.X.shape == (569, 30) and ds.X.dtype == np.float32
    assert ds.task == "classification" and ds.name == "breast_cancer"
    assert ds.target_names == ("benign", "malignant")
    # sklearn: 0 = malignant; here 1 = malignant.
    np.testing.assert_array_equal(ds.y, (raw.target == 0).astype(np.int64))
    assert int(ds.y.sum()) == 212
    assert ds.feature_names == tuple(raw.feature_names)
    assert "malignant" in ds.description


def test_load_diabetes_is_in_original_units():
    ds = load_diabetes()
    assert ds.X.shape == (442, 10) and ds.task == "regression"
    assert ds.y.dtype == np.float32
    assert ds.feature_names[:3] == ("age", "sex", "bmi")
    age = ds.X[:, 0]
    assert 18 <= age.min() and age.max() <= 80  # years, not scaled
    assert set(np.unique(ds.X[:, 1]).tolist()) == {1.0, 2.0}


def test_load_digits_matches_sklearn_and_reshapes_to_images():
    from sklearn.datasets import load_digits as sk_load

    ds = load_digits()
    raw = sk_load()
    assert ds.X.shape == (1797, 64) and ds.X.dtype == np.float32
    assert ds.task == "classification" and ds.name == "digits"
    np.testing.assert_array_equal(ds.X, raw.data.astype(np.float32))
    np.testing.assert_array_equal(ds.y, raw.target)
    assert ds.y.dtype == np.int64 and set(np.unique(ds.y).tolist()) == set(range(10))
    assert ds.target_names == tuple(str(d) for d in range(10))
    assert ds.feature_names[0] == "pixel_0_0" and ds.feature_names[-1] == "pixel_7_7"
    assert ds.X.min() == 0.0 and ds.X.max() == 16.0
    # rows are images flattened row by row: reshape gives sklearn's images back
    np.testing.assert_array_equal(ds.X.reshape(-1, 8, 8), raw.images.astype(np.float32))
    assert "8 x 8" in ds.description


# --------------------------------------------------------------------------- synthetic data


@pytest.mark.parametrize("factory", [make_moons, make_circles, make_linear_classification])
def test_classification_makers_are_deterministic(factory):
    a, b, c = factory(60, seed=4), factory(60, seed=4), factory(60, seed=5)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)
    assert a.X.shape == (60, 2) and a.X.dtype == np.float32 and a.y.dtype == np.int64
    assert set(np.unique(a.y).tolist()) == {0, 1}
    assert a.feature_names == ("x1", "x2") and a.task == "classification"


def test_make_moons_and_circles_match_sklearn():
    from sklearn import datasets

    X, y = datasets.make_moons(50, noise=0.3, random_state=2)
    ds = make_moons(50, noise=0.3, seed=2)
    np.testing.assert_allclose(ds.X, X.astype(np.float32))
    np.testing.assert_array_equal(ds.y, y)
    ds = make_circles(50, noise=0.0, factor=0.3, seed=1)
    radius = np.hypot(ds.X[:, 0], ds.X[:, 1])
    np.testing.assert_allclose(radius[ds.y == 1], 0.3, atol=1e-6)  # inner
    np.testing.assert_allclose(radius[ds.y == 0], 1.0, atol=1e-6)  # outer
    assert ds.target_names == ("outer", "inner")


@pytest.mark.parametrize("n_features", [1, 2, 5])
def test_make_linear_classification_is_separable_with_margin(n_features):
    ds = make_linear_classification(300, n_features, seed=3)
    assert ds.X.shape == (300, n_features)
    assert ds.true_coef.shape == (n_features,)
    np.testing.assert_allclose(np.linalg.norm(ds.true_coef), 1.0)
    side = ds.X.astype(np.float64) @ ds.true_coef + ds.true_intercept
    assert np.all((side > 0) == (ds.y == 1))
    assert np.abs(side).min() >= 0.25 - 1e-6  # the promised gap
    assert 0.1 < ds.y.mean() < 0.9


def test_make_linear_classification_is_learnable_by_a_perceptron_rule():
    ds = make_linear_classification(200, seed=0)
    X = np.column_stack([ds.X, np.ones(len(ds))])
    w = np.zeros(3)
    for _ in range(100):  # Rosenblatt's rule converges on separable data
        errors = 0
        for xi, yi in zip(X, ds.y, strict=True):
            pred = int(xi @ w >= 0)
            if pred != yi:
                w += (yi - pred) * xi
                errors += 1
        if errors == 0:
            break
    assert errors == 0


def test_make_regression_keeps_true_coefficients():
    ds = make_regression(400, n_features=3, noise=0.1, seed=7)
    assert ds.X.shape == (400, 3) and ds.y.dtype == np.float32
    assert ds.task == "regression" and ds.feature_names == ("x1", "x2", "x3")
    # One decimal, in [-3, 3].
    np.testing.assert_allclose(ds.true_coef, np.round(ds.true_coef, 1))
    assert np.all(np.abs(ds.true_coef) <= 3)
    # Least squares recovers them (what a linear perceptron learns).
    A = np.column_stack([ds.X, np.ones(len(ds))])
    w = np.linalg.lstsq(A, ds.y, rcond=None)[0]
    np.testing.assert_allclose(w[:-1], ds.true_coef, atol=0.03)
    np.testing.assert_allclose(w[-1], ds.true_intercept, atol=0.03)
    # The description spells out the rule.
    c1, c2 = ds.true_coef[:2]
    assert f"y = {c1:.1f}*x1 {'-' if c2 < 0 else '+'} {abs(c2):.1f}*x2" in ds.description
    residual = ds.y - (ds.X @ ds.true_coef + ds.true_intercept)
    assert 0.07 < residual.std() < 0.13
    again = make_regression(400, n_features=3, noise=0.1, seed=7)
    np.testing.assert_array_equal(again.y, ds.y)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: make_moons(1), ValueError, r"`n_samples`.*>= 2"),
        (lambda: make_moons(10.0), TypeError, "whole number"),
        (lambda: make_moons(noise=-0.1), ValueError, r"`noise`.*>= 0"),
        (lambda: make_circles(factor=1.0), ValueError, r"`factor`.*\[0, 1\)"),
        (lambda: make_linear_classification(n_features=0), ValueError, "`n_features`"),
        (lambda: make_regression(seed=-1), ValueError, "`seed`"),
        (lambda: make_regression(noise="big"), TypeError, "`noise`"),
    ],
)
def test_maker_validation(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --------------------------------------------------------------------------- splitting


def test_split_sizes_and_disjointness():
    X = np.arange(200, dtype=np.float32).reshape(100, 2)
    y = np.repeat([0, 1], 50)
    split = train_val_test_split(X, y, val_size=0.2, test_size=0.1, seed=1)
    assert isinstance(split, data.Split)
    assert (len(split.X_train), len(split.X_val), len(split.X_test)) == (70, 20, 10)
    assert repr(split) == "Split(train=70, val=20, test=10, n_features=2)"
    rows = np.concatenate([split.X_train[:, 0], split.X_val[:, 0], split.X_test[:, 0]])
    assert sorted(rows.tolist()) == X[:, 0].tolist()  # every row exactly once
    for Xp, yp in [(split.X_train, split.y_train), (split.X_val, split.y_val)]:
        np.testing.assert_array_equal(yp, y[(Xp[:, 0] // 2).astype(int)])  # rows stay paired
    # stratified: the 50/50 balance survives in each part
    assert split.y_val.sum() == 10 and split.y_test.sum() == 5


def test_split_is_deterministic_and_seed_dependent():
    X, y = np.arange(60.0).reshape(30, 2), np.arange(30) % 3
    a = train_val_test_split(X, y, seed=3)
    b = train_val_test_split(X, y, seed=3)
    c = train_val_test_split(X, y, seed=4)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert not np.array_equal(a.X_test, c.X_test)


def test_split_stratifies_only_class_labels():
    rng = np.random.default_rng(0)
    y = (rng.random(200) < 0.1).astype(int)  # 10 % positives
    X = rng.normal(size=(200, 3))
    strat = train_val_test_split(X, y, val_size=0.25, test_size=0.25, seed=0)
    np.testing.assert_allclose(
        [strat.y_train.mean(), strat.y_val.mean(), strat.y_test.mean()], y.mean(), atol=0.011
    )
    unstrat = train_val_test_split(X, y, val_size=0.25, test_size=0.25, stratify=False)
    assert len(unstrat.y_test) == 50
    y_reg = rng.normal(size=200)  # floats: never stratified, no error
    reg = train_val_test_split(X, y_reg)
    assert (len(reg.y_train), len(reg.y_val), len(reg.y_test)) == (120, 40, 40)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"val_size": 0.0}, ValueError, r"`val_size`.*greater than 0"),
        ({"test_size": -0.1}, ValueError, r"`test_size`.*greater than 0"),
        ({"val_size": 0.5, "test_size": 0.5}, ValueError, r"val_size \+ test_size < 1"),
        ({"val_size": "0.2"}, TypeError, "`val_size`"),
        ({"seed": 1.5}, TypeError, "`seed`"),
        ({"stratify": "yes"}, TypeError, "`stratify`"),
    ],
)
def test_split_validation(kwargs, error, match):
    X, y = np.zeros((20, 2)), np.arange(20) % 2
    with pytest.raises(error, match=match):
        train_val_test_split(X, y, **kwargs)


def test_split_error_messages_for_bad_data():
    with pytest.raises(ValueError, match="X with 10 rows and y with 9 values"):
        train_val_test_split(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="3 samples cannot give 2 for validation, 2 for testing"):
        train_val_test_split(np.zeros((3, 2)), np.zeros(3), val_size=0.4, test_size=0.4)
    y = np.array([0] * 9 + [1])  # a single positive cannot go to three parts
    with pytest.raises(ValueError, match="stratify=False"):
        train_val_test_split(np.zeros((10, 2)), y)
    train_val_test_split(np.zeros((10, 2)), y, stratify=False)  # fine without


# --------------------------------------------------------------------------- standardizing


def test_standardize_equals_sklearn_standard_scaler_fitted_on_train():
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(1)
    X_train = rng.normal(5, 3, size=(50, 3)).astype(np.float32)
    X_test = rng.normal(5, 3, size=(10, 3)).astype(np.float32)
    reference = StandardScaler().fit(X_train)
    train_out, test_out = standardize(X_train, X_test)
    assert train_out.dtype == test_out.dtype == np.float32
    np.testing.assert_allclose(test_out, reference.transform(X_test), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(train_out.mean(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(train_out.std(axis=0), 1, atol=1e-5)


def test_standardize_returns_arrays_in_order():
    X_train = np.array([[0.0, 10.0], [2.0, 30.0]])
    X_val, X_test = np.array([[1.0, 20.0]]), np.array([[4.0, 50.0]])
    single = standardize(X_train)
    assert isinstance(single, np.ndarray)
    np.testing.assert_allclose(single, [[-1, -1], [1, 1]])
    train_s, val_s, test_s = standardize(X_train, X_val, X_test)
    np.testing.assert_allclose(train_s, single)
    np.testing.assert_allclose(val_s, [[0, 0]])
    np.testing.assert_allclose(test_s, [[3, 3]])


def test_docstring_examples_run():
    import doctest

    import nnteach.data

    result = doctest.testmod(nnteach.data, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
