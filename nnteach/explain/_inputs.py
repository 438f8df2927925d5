"""Validation of what the explainers receive: data, feature names, instances, models.

Every message says what was received, what was expected and how to fix it.
Keras is imported inside :func:`check_model` only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import check_choice, check_int, check_type, describe
from ..layers import output_names
from ._shap_compat import import_keras

__all__ = [
    "EXPLAINERS",
    "METHODS",
    "TASKS",
    "check_display",
    "check_feature_names",
    "check_instance",
    "check_model",
    "check_settings",
]

TASKS = ("classification", "regression")
#: The shap explainers, in the order ``method="auto"`` tries them.
EXPLAINERS = ("deep", "gradient", "kernel")
METHODS = ("auto", *EXPLAINERS)


def check_settings(
    X_train: Any,
    feature_names: Sequence[str] | None,
    task: str,
    background_size: int,
    seed: int,
    method: str,
) -> tuple[np.ndarray, list[str], tuple]:
    """Validate the set-up arguments; return background, names and a fingerprint."""
    check_choice("task", task, TASKS)
    check_choice("method", method, METHODS)
    check_int("background_size", background_size, minimum=1)
    check_int("seed", seed, minimum=0)
    columns = getattr(X_train, "columns", None)
    X = np.asarray(X_train)
    if X.ndim != 2:
        raise ValueError(
            "Invalid value for argument `X_train`. Expected a 2-D array, one row per "
            f"sample and one column per feature. Received: X_train={describe(X_train)}. "
            "Pass the training data as given to `model.fit`; reshape a single column "
            "with `X.reshape(-1, 1)`."
        )
    numeric = np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.bool_)
    if not numeric or np.issubdtype(X.dtype, np.complexfloating):
        raise TypeError(
            f"Invalid value for argument `X_train`. Expected numbers. Received: "
            f"X_train={describe(X_train)}. Encode text columns as numbers first."
        )
    n_rows, n_features = X.shape
    if n_rows == 0:
        raise ValueError(
            f"Invalid value for argument `X_train`. Expected at least one row. Received: "
            f"X_train={describe(X_train)}."
        )
    feature_names = check_feature_names(feature_names, n_features, columns)
    # draw rows first, convert only them: X_train may be large
    rng = np.random.default_rng(seed)
    size = min(background_size, n_rows)
    rows = np.sort(rng.choice(n_rows, size=size, replace=False)) if size < n_rows else slice(None)
    background = np.ascontiguousarray(X[rows], dtype=np.float32)
    if not np.isfinite(background).all():
        raise ValueError(
            "Invalid value for argument `X_train`. Expected finite numbers. Received: "
            "NaN or infinite values in the background rows. Impute or drop missing "
            "values before training and explaining."
        )
    digest = hashlib.blake2b(background.tobytes(), digest_size=16).hexdigest()
    fingerprint = (task, method, background_size, seed, background.shape, digest, *feature_names)
    return background, feature_names, fingerprint


def check_feature_names(feature_names: Any, n_features: int, columns: Any) -> list[str]:
    """One name per feature: given, the DataFrame's columns, or ``x0, x1, ...``."""
    if feature_names is None:
        if columns is not None:
            return [str(c) for c in columns]
        return [f"x{i}" for i in range(n_features)]
    if isinstance(feature_names, str) or not hasattr(feature_names, "__len__"):
        raise TypeError(
            "Invalid type for argument `feature_names`. Expected a list of strings, one "
            f"per feature. Received: feature_names={describe(feature_names)}."
        )
    names = [str(name) for name in feature_names]
    if len(names) != n_features:
        raise ValueError(
            f"Invalid value for argument `feature_names`. Expected {n_features} names, one "
            f"per column of X_train. Received: {len(names)} names "
            f"({describe(list(names))}). Pass one name per feature, in column order."
        )
    return names


def check_instance(x: Any, n_features: int) -> np.ndarray:
    """Return ``x`` as a float32 array of shape (1, n_features)."""
    row = np.asarray(x)
    if row.shape == (n_features,):
        row = row.reshape(1, n_features)
    if row.shape != (1, n_features):
        hint = "Pass one instance, e.g. `X_test[0]` or `X_test[:1]`."
        if row.ndim == 2 and row.shape[1] == n_features:
            hint = f"It holds {row.shape[0]} instances: explain them one at a time, e.g. `x[0]`."
        raise ValueError(
            f"Invalid value for argument `x`. Expected one instance with {n_features} "
            f"features: shape ({n_features},) or (1, {n_features}). Received: "
            f"x={describe(row)}. {hint}"
        )
    try:
        row = row.astype(np.float32)
    except (TypeError, ValueError):
        raise TypeError(
            f"Invalid value for argument `x`. Expected numbers. Received: x={describe(x)}."
        ) from None
    if not np.isfinite(row).all():
        raise ValueError(
            "Invalid value for argument `x`. Expected finite numbers. Received: NaN or "
            "infinite feature values. Impute missing values first."
        )
    return row


def check_display(values: Any, n_features: int) -> np.ndarray:
    """Return ``display_x`` as a float array of shape (n_features,)."""
    shown = np.asarray(values, dtype=float).reshape(-1)
    if shown.shape != (n_features,):
        raise ValueError(
            f"Invalid value for argument `display_x`. Expected the instance's "
            f"{n_features} feature values, e.g. the row before scaling. Received: "
            f"display_x={describe(np.asarray(values))}."
        )
    return shown


def check_model(model: Any, background: np.ndarray, task: str) -> tuple[int, list[str]]:
    """Check the model has one input and one output vector; name its outputs."""
    keras = import_keras()
    check_type(
        "model",
        model,
        keras.Model,
        hint="Pass a Keras model, e.g. `keras.Sequential([...])` after `model.fit`.",
    )
    inputs = getattr(model, "inputs", None) or []  # subclassed models have none
    if len(inputs) > 1:
        raise ValueError(
            f"Invalid value for argument `model`. Expected a model with one input (a "
            f"table of features). Received: a model with {len(inputs)} inputs "
            f"({[getattr(t, 'name', '?') for t in inputs]}). Explain a model that "
            "takes all features in one array."
        )
    n_features = background.shape[1]
    if inputs and inputs[0].shape[-1] not in (None, n_features):
        raise ValueError(
            f"Invalid value for argument `X_train`. The model expects "
            f"{inputs[0].shape[-1]} features per row but X_train has {n_features} "
            "columns. Pass the data the model was trained on."
        )
    from keras import ops

    out = model(background[:1], training=False)
    if isinstance(out, (list, tuple, dict)):
        raise ValueError(
            "Invalid value for argument `model`. Expected a model with one output. "
            f"Received: a model with {len(out)} outputs. Explain one output at a time "
            "with a model built on that output."
        )
    shape = tuple(ops.shape(out))
    if len(shape) not in (1, 2):
        raise ValueError(
            f"Invalid value for argument `model`. Expected one output vector per "
            f"instance, shape (batch, units). Received: output shape {shape}. "
            "Add a `Flatten` or `Dense` layer at the end."
        )
    n_outputs = 1 if len(shape) == 1 else int(shape[1])
    activation = getattr(getattr(model.layers[-1], "activation", None), "__name__", "")
    if task == "regression" and n_outputs > 1:
        raise ValueError(
            f"Invalid value for argument `model`. With task='regression', expected "
            f"one output unit. Received: a model with {n_outputs} output units. "
            "Explain a model that predicts one number, or use task='classification' "
            "for a softmax classifier."
        )
    # the course's output-layer rule, read backwards (nnteach.layers)
    return n_outputs, output_names(task, n_outputs, activation)
