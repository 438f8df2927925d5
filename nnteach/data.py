"""Small, offline data sets for the lessons, and the usual preparation steps.

Nothing here downloads anything: the two real data sets ship with scikit-learn,
and the toy data sets are drawn from a seeded random generator, so every run of
a notebook sees the same numbers.

The module imports only NumPy at load time; scikit-learn is imported inside the
functions that use it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from ._validation import check_choice, check_int, check_number, check_type, describe

__all__ = [
    "Dataset",
    "Split",
    "load_breast_cancer",
    "load_diabetes",
    "load_digits",
    "make_circles",
    "make_linear_classification",
    "make_moons",
    "make_regression",
    "standardize",
    "train_val_test_split",
]

_TASKS = ("classification", "regression")


# ---------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------


@dataclass(frozen=True, repr=False, eq=False)
class Dataset:
    """A table of features with one target, ready to feed to Keras.

    Introduced in lesson 1 (the perceptron).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Features, stored as ``float32`` (the dtype Keras computes in).
    y : ndarray of shape (n_samples,)
        Targets: ``int64`` class labels ``0, 1, ...`` for classification,
        ``float32`` values for regression.
    feature_names : tuple of str
        One name per column of ``X``.
    target_names : tuple of str or None
        For classification, the name of each class, indexed by label
        (``target_names[1]`` is the name of label 1). For regression, a
        one-element tuple naming the target, or ``None``.
    task : {"classification", "regression"}
        What kind of target ``y`` holds.
    name : str
        Short name of the data set.
    description : str
        One or two sentences for the student: what a row is and what ``y`` means.
    true_coef : ndarray of shape (n_features,) or None, default=None
        For synthetic data drawn from a known linear rule, its weights.
    true_intercept : float or None, default=None
        For synthetic data drawn from a known linear rule, its intercept.

    Attributes
    ----------
    n_features : int
        Number of columns of ``X``.

    Examples
    --------
    >>> from nnteach import make_moons
    >>> data = make_moons(200, seed=1)
    >>> data
    Dataset('moons', classification, 200 samples x 2 features, classes=('class 0', 'class 1'))
    >>> data.X.shape, data.y.dtype, len(data), data.n_features
    ((200, 2), dtype('int64'), 200, 2)
    """

    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    target_names: tuple[str, ...] | None
    task: str
    name: str
    description: str
    true_coef: np.ndarray | None = field(default=None)
    true_intercept: float | None = field(default=None)

    def __post_init__(self) -> None:
        check_choice("task", self.task, _TASKS)
        check_type("name", self.name, str)
        check_type("description", self.description, str)
        X = np.asarray(self.X, dtype=np.float32)
        if X.ndim != 2:
            raise ValueError(
                f"Invalid value for argument `X`. Expected a 2-D array (one row per "
                f"sample, one column per feature). Received: X={describe(X)}. "
                "Reshape a single feature with X.reshape(-1, 1)."
            )
        y = np.asarray(self.y)
        if y.ndim != 1:
            raise ValueError(
                f"Invalid value for argument `y`. Expected a 1-D array with one target "
                f"per sample. Received: y={describe(y)}. Flatten it with y.ravel()."
            )
        _check_same_length(X, y)
        if self.task == "classification":
            if not (np.issubdtype(y.dtype, np.integer) or y.dtype == bool):
                raise TypeError(
                    "Invalid dtype for argument `y`. Expected integer class labels for "
                    f"task='classification'. Received: y={describe(y)}. "
                    "Use task='regression' for continuous targets."
                )
            y = y.astype(np.int64)
        else:
            y = y.astype(np.float32)
        feature_names = tuple(str(n) for n in self.feature_names)
        if len(feature_names) != X.shape[1]:
            raise ValueError(
                "Invalid value for argument `feature_names`. Expected one name per "
                f"column of X ({X.shape[1]}). Received {len(feature_names)} names."
            )
        target_names = self.target_names
        if target_names is not None:
            target_names = tuple(str(n) for n in target_names)
        coef = self.true_coef
        if coef is not None:
            coef = np.asarray(coef, dtype=np.float64)
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", feature_names)
        object.__setattr__(self, "target_names", target_names)
        object.__setattr__(self, "true_coef", coef)

    @property
    def n_features(self) -> int:
        """Number of features (columns of ``X``)."""
        return int(self.X.shape[1])

    def __len__(self) -> int:
        return int(self.X.shape[0])

    def __repr__(self) -> str:
        text = (
            f"Dataset({self.name!r}, {self.task}, {len(self)} samples x {self.n_features} features"
        )
        if self.task == "classification" and self.target_names is not None:
            text += f", classes={self.target_names!r}"
        return text + ")"


# ---------------------------------------------------------------------------
# Real data sets bundled with scikit-learn
# ---------------------------------------------------------------------------


def load_breast_cancer() -> Dataset:
    """Wisconsin breast cancer data: 569 tumours, 30 measurements, benign or malignant.

    Introduced in lesson 5 (training and testing).

    Labels are flipped with respect to scikit-learn's raw file: here
    **1 = malignant** (the "positive" class that precision and recall talk
    about: a positive test result means "cancer") and 0 = benign.
    ``target_names`` follows the labels: ``("benign", "malignant")``.
    The data ship with scikit-learn; nothing is downloaded.

    Returns
    -------
    Dataset
        ``X`` of shape (569, 30) in the original units (standardize before
        training), ``y`` with 212 ones (malignant) and 357 zeros.

    Examples
    --------
    >>> from nnteach import load_breast_cancer
    >>> data = load_breast_cancer()
    >>> data.X.shape, int(data.y.sum()), data.target_names
    ((569, 30), 212, ('benign', 'malignant'))
    >>> data.feature_names[:2]
    ('mean radius', 'mean texture')
    """
    from sklearn import datasets

    raw = datasets.load_breast_cancer()
    # scikit-learn stores 0 = malignant, 1 = benign; flip so that 1 = malignant.
    y = 1 - raw.target.astype(np.int64)
    return Dataset(
        X=raw.data,
        y=y,
        feature_names=tuple(raw.feature_names),
        target_names=("benign", "malignant"),
        task="classification",
        name="breast_cancer",
        description=(
            "Each row describes the cell nuclei of one breast tumour with 30 "
            "measurements from a digitised image; y is 1 if the tumour is malignant "
            "and 0 if it is benign."
        ),
    )


def load_diabetes() -> Dataset:
    """Diabetes progression data: 442 patients, 10 baseline measurements.

    Introduced in lesson 5 (training and testing).

    The features are in their original units (age in years, sex coded 1/2, body
    mass index, blood pressure and six blood serum measurements ``s1``-``s6``),
    not scikit-learn's pre-scaled version, so the lesson can show why
    standardizing matters. The target is a measure of disease progression one
    year after the baseline. The data ship with scikit-learn.

    Returns
    -------
    Dataset
        ``X`` of shape (442, 10) and a ``float32`` target ``y``.

    Examples
    --------
    >>> from nnteach import load_diabetes
    >>> data = load_diabetes()
    >>> data.X.shape, data.task, data.feature_names[:3]
    ((442, 10), 'regression', ('age', 'sex', 'bmi'))
    """
    from sklearn import datasets

    raw = datasets.load_diabetes(scaled=False)
    return Dataset(
        X=raw.data,
        y=raw.target,
        feature_names=tuple(raw.feature_names),
        target_names=("disease progression",),
        task="regression",
        name="diabetes",
        description=(
            "Each row is one diabetes patient at baseline (age, sex, body mass index, "
            "blood pressure and six blood serum measurements); y measures how far the "
            "disease progressed one year later."
        ),
    )


def load_digits() -> Dataset:
    """Handwritten digits: 1797 images of 8 × 8 pixels, labelled 0 to 9.

    Introduced in lesson 3 (seeing the network).

    The small digits data set that ships with scikit-learn (nothing is
    downloaded). Each row of ``X`` is one image flattened row by row into 64
    pixel values from 0 (white) to 16 (black); ``X[i].reshape(8, 8)`` is the
    image again. Divide by 16 to get values between 0 and 1 before training.
    The ten classes are almost balanced (174 to 183 images each).

    Returns
    -------
    Dataset
        ``X`` of shape (1797, 64) in the original units 0-16, ``y`` with
        labels 0-9, ``feature_names`` ``("pixel_0_0", ..., "pixel_7_7")``
        (row, column) and ``target_names`` ``("0", ..., "9")``.

    Examples
    --------
    >>> from nnteach import load_digits
    >>> digits = load_digits()
    >>> digits
    Dataset('digits', classification, 1797 samples x 64 features, classes=('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'))
    >>> float(digits.X.min()), float(digits.X.max()), digits.X[0].reshape(8, 8).shape
    (0.0, 16.0, (8, 8))
    >>> digits.feature_names[:2], int(digits.y[0])
    (('pixel_0_0', 'pixel_0_1'), 0)
    """  # noqa: E501
    from sklearn import datasets

    raw = datasets.load_digits()
    return Dataset(
        X=raw.data,
        y=raw.target.astype(np.int64),
        feature_names=tuple(raw.feature_names),
        target_names=tuple(str(t) for t in raw.target_names),
        task="classification",
        name="digits",
        description=(
            "Each row is one handwritten digit scanned as an 8 x 8 image, flattened "
            "row by row into 64 pixel values from 0 (white) to 16 (black); y is the "
            "digit, 0 to 9."
        ),
    )


# ---------------------------------------------------------------------------
# Synthetic data sets
# ---------------------------------------------------------------------------


def _feature_names(n: int) -> tuple[str, ...]:
    return tuple(f"x{i + 1}" for i in range(n))


def _linear_rule(coef: np.ndarray, intercept: float, digits: int) -> str:
    """Readable ``1.5*x1 - 0.7*x2 + 2.0`` for a description."""
    text = ""
    terms = [(c, f"*x{i + 1}") for i, c in enumerate(coef)] + [(intercept, "")]
    for c, suffix in terms:
        sign = "-" if c < 0 else "+"
        if not text:
            text = f"{'-' if c < 0 else ''}{abs(c):.{digits}f}{suffix}"
        else:
            text += f" {sign} {abs(c):.{digits}f}{suffix}"
    return text


def make_moons(n_samples: int = 400, *, noise: float = 0.2, seed: int = 0) -> Dataset:
    """Two interleaving half circles: a 2-D problem no straight line can separate.

    Introduced in lesson 2 (deep networks).

    Parameters
    ----------
    n_samples : int, default=400
        Total number of points, split evenly between the two moons.
    noise : float, default=0.2
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, default=0
        Seed of the random generator; the same seed gives the same points.

    Returns
    -------
    Dataset
        ``X`` of shape (n_samples, 2) with features ``("x1", "x2")``, labels 0/1.

    Examples
    --------
    >>> from nnteach import make_moons
    >>> data = make_moons(100, noise=0.1, seed=3)
    >>> data.X.shape, sorted(set(data.y.tolist()))
    ((100, 2), [0, 1])
    """
    from sklearn import datasets

    n_samples = check_int("n_samples", n_samples, minimum=2)
    noise = check_number("noise", noise, minimum=0)
    seed = check_int("seed", seed, minimum=0)
    X, y = datasets.make_moons(n_samples, noise=noise, random_state=seed)
    return Dataset(
        X=X,
        y=y.astype(np.int64),
        feature_names=_feature_names(2),
        target_names=("class 0", "class 1"),
        task="classification",
        name="moons",
        description=(
            f"{n_samples} points on two interleaving half circles with noise {noise:g}; "
            "y says which half circle a point belongs to. No straight line separates "
            "the two classes."
        ),
    )


def make_circles(
    n_samples: int = 400, *, noise: float = 0.1, factor: float = 0.5, seed: int = 0
) -> Dataset:
    """A small circle inside a large one: the inner class is surrounded by the outer.

    Introduced in lesson 2 (deep networks).

    Parameters
    ----------
    n_samples : int, default=400
        Total number of points, split evenly between the two circles.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float, default=0.5
        Radius of the inner circle relative to the outer one, in [0, 1).
    seed : int, default=0
        Seed of the random generator.

    Returns
    -------
    Dataset
        ``X`` of shape (n_samples, 2); label 1 = inner circle, 0 = outer circle.

    Examples
    --------
    >>> from nnteach import make_circles
    >>> data = make_circles(100, factor=0.3)
    >>> data.target_names
    ('outer', 'inner')
    """
    from sklearn import datasets

    n_samples = check_int("n_samples", n_samples, minimum=2)
    noise = check_number("noise", noise, minimum=0)
    factor = check_number("factor", factor, minimum=0)
    if factor >= 1:
        raise ValueError(
            "Invalid value for argument `factor`. Expected a number in [0, 1): the "
            f"inner radius relative to the outer one. Received: factor={factor}."
        )
    seed = check_int("seed", seed, minimum=0)
    X, y = datasets.make_circles(n_samples, noise=noise, factor=factor, random_state=seed)
    return Dataset(
        X=X,
        y=y.astype(np.int64),
        feature_names=_feature_names(2),
        target_names=("outer", "inner"),
        task="classification",
        name="circles",
        description=(
            f"{n_samples} points on two concentric circles (inner radius {factor:g} of the "
            f"outer one, noise {noise:g}); y is 1 for the inner circle and 0 for the outer."
        ),
    )


def make_linear_classification(
    n_samples: int = 400, n_features: int = 2, *, seed: int = 0
) -> Dataset:
    """Two classes that a straight line (a hyperplane) separates with a clear gap.

    Introduced in lesson 1 (the perceptron).

    Points are drawn from a standard normal distribution, labelled by the sign
    of ``X @ true_coef + true_intercept``, and then pushed 0.25 away from that
    boundary on their own side. The classes are therefore linearly separable
    with a margin of 0.5, which is exactly what a single perceptron can learn
    (and what the perceptron learning rule is guaranteed to find).

    Parameters
    ----------
    n_samples : int, default=400
        Number of points.
    n_features : int, default=2
        Number of features (2 can be drawn in a plane).
    seed : int, default=0
        Seed of the random generator.

    Returns
    -------
    Dataset
        Labels 0/1; ``true_coef`` (a unit vector) and ``true_intercept`` hold the
        separating hyperplane ``X @ true_coef + true_intercept = 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import make_linear_classification
    >>> data = make_linear_classification(50, seed=2)
    >>> side = data.X @ data.true_coef + data.true_intercept
    >>> bool(np.all((side > 0) == (data.y == 1)))
    True
    """
    n_samples = check_int("n_samples", n_samples, minimum=2)
    n_features = check_int("n_features", n_features, minimum=1)
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    coef = rng.normal(size=n_features)
    coef /= np.linalg.norm(coef)
    intercept = float(rng.uniform(-0.3, 0.3))
    X = rng.normal(size=(n_samples, n_features))
    side = X @ coef + intercept
    y = (side >= 0).astype(np.int64)
    # Push every point 0.25 further from the boundary, on its own side.
    X += np.where(y == 1, 0.25, -0.25)[:, None] * coef
    rule = _linear_rule(coef, intercept, digits=2)
    return Dataset(
        X=X,
        y=y,
        feature_names=_feature_names(n_features),
        target_names=("class 0", "class 1"),
        task="classification",
        name="linear",
        description=(
            f"{n_samples} points labelled 1 where {rule} > 0 and 0 elsewhere, with a gap "
            "of 0.5 around that boundary: a straight line separates the classes."
        ),
        true_coef=coef,
        true_intercept=intercept,
    )


def make_regression(
    n_samples: int = 400, n_features: int = 4, *, noise: float = 0.1, seed: int = 0
) -> Dataset:
    """A target that is a known linear function of the features, plus noise.

    Introduced in lesson 1 (the perceptron): a perceptron with a linear
    activation trained on mean squared error learns the least-squares line, so
    its weights end up close to ``true_coef`` and its bias close to
    ``true_intercept``.

    The rule is ``y = X @ true_coef + true_intercept + noise * e`` with ``X`` and
    ``e`` standard normal. Coefficients are drawn uniformly in [-3, 3] and
    rounded to one decimal so they are easy to read; the description spells out
    the rule.

    Parameters
    ----------
    n_samples : int, default=400
        Number of samples.
    n_features : int, default=4
        Number of features.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to the target.
    seed : int, default=0
        Seed of the random generator.

    Returns
    -------
    Dataset
        ``task="regression"``, ``true_coef`` of shape (n_features,) and
        ``true_intercept``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import make_regression
    >>> data = make_regression(500, n_features=2, noise=0.0, seed=1)
    >>> A = np.column_stack([data.X, np.ones(len(data))])
    >>> w = np.linalg.lstsq(A, data.y, rcond=None)[0]
    >>> bool(np.allclose(w, [*data.true_coef, data.true_intercept], atol=1e-4))
    True
    """
    n_samples = check_int("n_samples", n_samples, minimum=2)
    n_features = check_int("n_features", n_features, minimum=1)
    noise = check_number("noise", noise, minimum=0)
    seed = check_int("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    coef = np.round(rng.uniform(-3, 3, size=n_features), 1)
    intercept = float(np.round(rng.uniform(-2, 2), 1))
    X = rng.normal(size=(n_samples, n_features))
    y = X @ coef + intercept + noise * rng.normal(size=n_samples)
    rule = _linear_rule(coef, intercept, digits=1)
    return Dataset(
        X=X,
        y=y,
        feature_names=_feature_names(n_features),
        target_names=("y",),
        task="regression",
        name="linear_regression",
        description=(
            f"{n_samples} samples of y = {rule} plus Gaussian noise with "
            f"standard deviation {noise:g}."
        ),
        true_coef=coef,
        true_intercept=intercept,
    )


# ---------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------


class Split(NamedTuple):
    """Result of :func:`train_val_test_split`: three parts of ``X`` and ``y``.

    Unpack it like scikit-learn's ``train_test_split``::

        X_train, X_val, X_test, y_train, y_val, y_test = train_val_test_split(X, y)
    """

    X_train: np.ndarray
    X_val: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_val: np.ndarray
    y_test: np.ndarray

    def __repr__(self) -> str:
        return (
            f"Split(train={len(self.X_train)}, val={len(self.X_val)}, "
            f"test={len(self.X_test)}, n_features={_n_columns(self.X_train)})"
        )


def _n_columns(X: np.ndarray) -> int | str:
    return X.shape[1] if X.ndim == 2 else "?"


def _check_same_length(X: Any, y: Any) -> None:
    if len(X) != len(y):
        raise ValueError(
            f"X and y must have the same number of samples. Received: X with {len(X)} "
            f"rows and y with {len(y)} values. Check that they come from the same data set."
        )


def _is_class_labels(y: np.ndarray) -> bool:
    return y.dtype == bool or y.dtype.kind in "iuUSO"


def train_val_test_split(
    X: Any,
    y: Any,
    *,
    val_size: float = 0.2,
    test_size: float = 0.2,
    seed: int = 0,
    stratify: bool = True,
) -> Split:
    """Shuffle and cut a data set into training, validation and test parts.

    Introduced in lesson 5 (training and testing).

    The model is fitted on the training part, its settings are chosen by the
    score on the validation part, and the test part is looked at once, at the
    end. ``val_size`` and ``test_size`` are fractions of the *whole* data set;
    each is rounded up to a whole number of samples and the training part gets
    the rest.

    Parameters
    ----------
    X : array-like of shape (n_samples, ...)
        Features.
    y : array-like of shape (n_samples,)
        Targets.
    val_size : float, default=0.2
        Fraction of the samples for validation, in (0, 1).
    test_size : float, default=0.2
        Fraction of the samples for testing, in (0, 1). ``val_size + test_size``
        must be below 1.
    seed : int, default=0
        Seed of the shuffle.
    stratify : bool, default=True
        Keep the class proportions of ``y`` in every part. Applies only when
        ``y`` holds class labels (integers, booleans or strings); a float
        (regression) target is never stratified.

    Returns
    -------
    Split
        A named tuple ``(X_train, X_val, X_test, y_train, y_val, y_test)``.

    Examples
    --------
    >>> from nnteach import make_moons, train_val_test_split
    >>> data = make_moons(100)
    >>> split = train_val_test_split(data.X, data.y, val_size=0.2, test_size=0.1)
    >>> split
    Split(train=70, val=20, test=10, n_features=2)
    >>> X_train, X_val, X_test, y_train, y_val, y_test = split
    >>> int(y_val.sum())  # stratified: half of the 20 validation points are class 1
    10
    """
    from sklearn.model_selection import train_test_split

    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(
            "X and y must be arrays with one entry per sample. "
            f"Received: X={describe(X)}, y={describe(y)}."
        )
    _check_same_length(X, y)
    hint = "Pass fractions such as val_size=0.2, test_size=0.2."
    val_size = check_number("val_size", val_size, minimum=0, strict_minimum=True, hint=hint)
    test_size = check_number("test_size", test_size, minimum=0, strict_minimum=True, hint=hint)
    if val_size + test_size >= 1:
        raise ValueError(
            "Invalid values for arguments `val_size` and `test_size`. Expected "
            "val_size + test_size < 1, so that samples are left for training. "
            f"Received: val_size={val_size}, test_size={test_size} "
            f"(sum {val_size + test_size:g})."
        )
    seed = check_int("seed", seed, minimum=0)
    check_type("stratify", stratify, bool)

    n = len(y)
    n_test = math.ceil(test_size * n)
    n_val = math.ceil(val_size * n)
    n_train = n - n_test - n_val
    if n_train < 1:
        raise ValueError(
            f"Too few samples to split: {n} samples cannot give {n_val} for validation, "
            f"{n_test} for testing and at least 1 for training. "
            "Use smaller val_size/test_size or more samples."
        )
    labels = y if (stratify and _is_class_labels(y)) else None
    try:
        X_rest, X_test, y_rest, y_test = train_test_split(
            X, y, test_size=n_test, random_state=seed, stratify=labels
        )
        X_train, X_val, y_train, y_val = train_test_split(
            X_rest,
            y_rest,
            test_size=n_val,
            random_state=seed,
            stratify=None if labels is None else y_rest,
        )
    except ValueError as error:
        if labels is None:
            raise
        raise ValueError(
            f"Could not keep the class proportions in every part: {error} "
            "Use larger val_size/test_size, more samples, or stratify=False."
        ) from error
    return Split(X_train, X_val, X_test, y_train, y_val, y_test)


# ---------------------------------------------------------------------------
# Standardizing
# ---------------------------------------------------------------------------


def standardize(X_train: Any, *others: Any) -> np.ndarray | tuple[np.ndarray, ...]:
    """Standardize ``X_train`` and any other arrays with statistics of ``X_train``.

    Introduced in lesson 5 (training and testing).

    Shortcut for scikit-learn's ``StandardScaler().fit(X_train)`` followed by
    ``transform`` on each array (lesson 5 uses ``StandardScaler`` itself). With
    only ``X_train`` the standardized array is returned; with more arrays, a
    tuple in the same order. Floating-point arrays keep their dtype.

    Parameters
    ----------
    X_train : array-like of shape (n_samples, n_features)
        Training features: the only data the mean and scale are computed from.
    *others : array-like of shape (m, n_features)
        Validation, test or new data, transformed with the training statistics.

    Returns
    -------
    ndarray or tuple of ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import standardize
    >>> X_train, X_test = np.array([[0.0], [2.0]]), np.array([[4.0]])
    >>> X_train_s, X_test_s = standardize(X_train, X_test)
    >>> X_test_s
    array([[3.]])
    >>> standardize(X_train)
    array([[-1.],
           [ 1.]])
    """
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X_train)
    if not others:
        return scaler.transform(X_train)
    return (scaler.transform(X_train), *(scaler.transform(X) for X in others))
