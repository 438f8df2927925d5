"""Precision, recall, F1 and R², batch by batch and over a whole data set.

Introduced in lesson 5 (training and testing).

Two kinds of metric live here, and the lesson is about the difference:

- ``precision_batchwise``, ``recall_batchwise``, ``f1_batchwise`` and
  ``r2_batchwise`` are plain functions of one batch. Passed to
  ``model.compile(metrics=[...])``, Keras computes them on every batch and
  reports their **mean over the batches**. For these ratios the mean of the
  per-batch values is *not* the value on the data set, which is why Keras 2.0
  removed its own batch-wise precision/recall/F1.
- ``BinaryPrecision``, ``BinaryRecall``, ``BinaryF1Score`` and ``R2Score`` are
  ``keras.metrics.Metric`` classes. They add up counts (true positives, ...)
  or sums over all batches and compute the ratio once, at the end, so their
  value equals scikit-learn's ``precision_score``, ``recall_score``,
  ``f1_score`` and ``r2_score`` on the same data.

:func:`batchwise_f1_gap` measures how far apart the two are for given labels
and predicted probabilities.

Classification metrics here are for **binary** problems with one predicted
probability per sample (a sigmoid output): a probability **at or above** the
threshold (0.5 by default), ``y_prob >= threshold``, counts as a positive
prediction. The course uses this inclusive convention everywhere (lessons,
exercises, checks), as scikit-learn's threshold curves do
(``precision_recall_curve``). Keras's built-in ``Precision``, ``Recall``,
``F1Score`` and ``"accuracy"`` count ``y_prob > threshold`` instead: the two
differ only for a probability of exactly 0.5 (lesson 5 shows one). Labels may
be integers, booleans or floats with values 0 and 1; they are cast to floats
first (the classic version that multiplied ``y_true * y_pred`` directly fails
with "Input 'y' of 'Mul' Op has type float32 that does not match type int64").

This module subclasses a Keras class, so it imports Keras when it is loaded;
``import nnteach`` loads it only when one of its names is used.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ._keras import import_keras
from ._validation import check_int, check_number, describe

keras = import_keras()
ops = keras.ops

__all__ = [
    "BatchwiseF1Gap",
    "BinaryF1Score",
    "BinaryPrecision",
    "BinaryRecall",
    "R2Score",
    "batchwise_f1_gap",
    "f1_batchwise",
    "precision_batchwise",
    "r2_batchwise",
    "recall_batchwise",
]

_register = keras.saving.register_keras_serializable(package="nnteach")


# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def _check_single_output(y_pred: Any, what: str) -> None:
    """Reject predictions with several values per sample (static shapes only)."""
    shape = tuple(getattr(y_pred, "shape", ()))
    if len(shape) >= 2 and shape[-1] is not None and shape[-1] > 1:
        raise ValueError(
            f"{what} expects one prediction per sample, shape (batch,) or (batch, 1). "
            f"Received y_pred with shape {shape}. For several classes (softmax), use "
            "keras.metrics.F1Score / Precision / Recall with one-hot labels; for several "
            "regression targets, one R2Score per output."
        )


def _flat(x: Any, dtype: str) -> Any:
    return ops.reshape(ops.cast(x, dtype), (-1,))


def _predicted_positive(y_pred: Any, threshold: float, dtype: str) -> Any:
    return _flat(ops.greater_equal(y_pred, threshold), dtype)


def _flat_weights(sample_weight: Any, like: Any, dtype: str) -> Any:
    if sample_weight is None:
        return ops.ones_like(like)
    weight = ops.cast(sample_weight, dtype)
    if len(weight.shape) == 0:
        return ops.broadcast_to(weight, ops.shape(like))
    return ops.reshape(weight, (-1,))


def _counts(y_true: Any, y_pred: Any, threshold: float, dtype: str, sample_weight=None):
    """Weighted true positives, false positives and false negatives of a batch."""
    truth = _flat(y_true, dtype)
    predicted = _predicted_positive(y_pred, threshold, dtype)
    weight = _flat_weights(sample_weight, truth, dtype)
    tp = ops.sum(weight * truth * predicted)
    fp = ops.sum(weight * (1 - truth) * predicted)
    fn = ops.sum(weight * truth * (1 - predicted))
    return tp, fp, fn


def _f1_from_counts(tp: Any, fp: Any, fn: Any) -> Any:
    # 2 tp / (2 tp + fp + fn) is the harmonic mean of precision and recall,
    # and is 0 (not NaN) when there is no positive label nor prediction.
    return ops.divide_no_nan(2 * tp, 2 * tp + fp + fn)


def _r2_from_sums(n, sum_y, sum_y2, ss_res):
    """R² from the weighted count, sum of y, sum of y² and residual sum of squares.

    As in scikit-learn (``force_finite=True``): a constant target gives 1.0 for
    perfect predictions and 0.0 otherwise; no data gives 0.0.
    """
    ss_tot = ops.maximum(sum_y2 - sum_y * ops.divide_no_nan(sum_y, n), 0)
    # A constant target can leave a rounding residue in ss_tot; treat it as 0.
    constant = ops.less_equal(ss_tot, 1e-12 * sum_y2)
    r2 = 1 - ops.divide_no_nan(ss_res, ops.where(constant, 1, ss_tot))
    perfect = ops.logical_and(ops.equal(ss_res, 0), ops.greater(n, 0))
    return ops.where(constant, ops.where(perfect, 1.0, 0.0), r2)


# ---------------------------------------------------------------------------
# Shared docstring parts
# ---------------------------------------------------------------------------

_BATCH_PARAMETERS = """Parameters
    ----------
    y_true : tensor of shape (batch,) or (batch, 1)
        {y_true}
    y_pred : tensor of shape (batch,) or (batch, 1)
        {y_pred}

    Returns
    -------
    scalar tensor"""

_CLASSIFICATION_BATCH = """Examples
    --------
    >>> import numpy as np
    >>> from nnteach import {name}
    >>> y_true = np.array([1, 0, 1, 1])
    >>> y_prob = np.array([0.9, 0.8, 0.2, 0.7])"""

_COUNT_PARAMETERS = """Parameters
    ----------
    threshold : float, default=0.5
        A predicted probability at or above it counts as a positive prediction.
    name : str, default="{name}"
        Name in the training logs{logs}.
    dtype : str, optional
        Dtype of the counts and of the result (default ``float32``{dtype_note}).

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import {cls}"""


def _doc_parts(**parts: str):
    """Fill the ``{field}`` places of the decorated object's docstring with ``parts``."""

    def decorate(obj):
        if obj.__doc__:  # None under ``python -OO``
            obj.__doc__ = obj.__doc__.format(**parts)
        return obj

    return decorate


def _classification_batch_doc(name: str):
    """Docstring parts of a batch-wise classification metric called ``name``."""
    return _doc_parts(
        parameters_and_example=_BATCH_PARAMETERS.format(
            y_true="Labels 0/1.", y_pred="Predicted probabilities of class 1."
        )
        + "\n\n    "
        + _CLASSIFICATION_BATCH.format(name=name),
    )


def _count_metric_doc(cls: str, name: str, logs: str = "", dtype_note: str = ""):
    """Docstring parts of a count metric class ``cls`` whose default name is ``name``."""
    return _doc_parts(
        parameters_and_imports=_COUNT_PARAMETERS.format(
            cls=cls, name=name, logs=logs, dtype_note=dtype_note
        )
    )


# ---------------------------------------------------------------------------
# Batch-wise functions
# ---------------------------------------------------------------------------


@_register
@_classification_batch_doc("precision_batchwise")
def precision_batchwise(y_true: Any, y_pred: Any) -> Any:
    """Precision of one batch: true positives / predicted positives.

    Introduced in lesson 5 (training and testing).

    Usable as ``model.compile(metrics=[precision_batchwise])``. Labels are cast
    to float first, so integer labels work; a predicted probability of 0.5 or more
    counts as positive. Returns 0.0 when the batch has no predicted positive
    (like scikit-learn's ``zero_division=0``).

    .. warning::
       Averaged over batches (as Keras reports it) this is **not** the
       precision of the data set. Use :class:`BinaryPrecision` for that.

    {parameters_and_example}
    >>> round(float(precision_batchwise(y_true, y_prob)), 4)  # 2 of 3 predicted positives
    0.6667
    """
    _check_single_output(y_pred, "precision_batchwise")
    tp, fp, _ = _counts(y_true, y_pred, 0.5, "float32")
    return ops.divide_no_nan(tp, tp + fp)


@_register
@_classification_batch_doc("recall_batchwise")
def recall_batchwise(y_true: Any, y_pred: Any) -> Any:
    """Recall of one batch: true positives / actual positives.

    Introduced in lesson 5 (training and testing).

    Usable as ``model.compile(metrics=[recall_batchwise])``. Labels are cast
    to float first; a predicted probability of 0.5 or more counts as positive.
    Returns 0.0 when the batch has no positive label.

    .. warning::
       Averaged over batches (as Keras reports it) this is **not** the recall
       of the data set, and a batch without positives pulls the mean towards 0.
       Use :class:`BinaryRecall` for the data-set value.

    {parameters_and_example}
    >>> round(float(recall_batchwise(y_true, y_prob)), 4)  # 2 of 3 positives found
    0.6667
    """
    _check_single_output(y_pred, "recall_batchwise")
    tp, _, fn = _counts(y_true, y_pred, 0.5, "float32")
    return ops.divide_no_nan(tp, tp + fn)


@_register
@_classification_batch_doc("f1_batchwise")
def f1_batchwise(y_true: Any, y_pred: Any) -> Any:
    """F1 score of one batch: the harmonic mean of its precision and recall.

    Introduced in lesson 5 (training and testing).

    Usable as ``model.compile(metrics=[f1_batchwise])``. Computed as
    ``2 tp / (2 tp + fp + fn)``, which equals ``2 P R / (P + R)`` and is 0.0
    instead of NaN when the batch has no positive label nor prediction. Labels
    are cast to float first; a probability of 0.5 or more counts as positive.

    .. warning::
       Averaged over batches (as Keras reports it) this is **not** the F1
       score of the data set. Use :class:`BinaryF1Score`;
       :func:`batchwise_f1_gap` measures the difference.

    {parameters_and_example}
    >>> round(float(f1_batchwise(y_true, y_prob)), 4)
    0.6667
    """
    _check_single_output(y_pred, "f1_batchwise")
    return _f1_from_counts(*_counts(y_true, y_pred, 0.5, "float32"))


@_register
@_doc_parts(parameters=_BATCH_PARAMETERS.format(y_true="Targets.", y_pred="Predictions."))
def r2_batchwise(y_true: Any, y_pred: Any) -> Any:
    """Coefficient of determination R² of one batch.

    Introduced in lesson 5 (training and testing).

    ``1 - SS_res / SS_tot`` with ``SS_res = sum((y - y_pred)**2)`` and
    ``SS_tot = sum((y - mean(y))**2)``, the mean taken over the batch. Usable
    as ``model.compile(metrics=[r2_batchwise])`` for a model with one output.
    A batch whose targets are all equal gives 1.0 if predicted exactly and 0.0
    otherwise (as scikit-learn's ``r2_score``).

    .. warning::
       Averaged over batches (as Keras reports it) this is **not** the R² of
       the data set: each batch measures its errors against its own mean.
       Use :class:`R2Score` for the data-set value.

    {parameters}

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import r2_batchwise
    >>> y_true = np.array([1.0, 2.0, 3.0, 4.0])
    >>> round(float(r2_batchwise(y_true, y_true + 0.5)), 4)  # 1 - 1.0 / 5.0
    0.8
    """
    _check_single_output(y_pred, "r2_batchwise")
    y = _flat(y_true, "float32")
    residual = y - _flat(y_pred, "float32")
    n = ops.cast(ops.shape(y)[0], "float32")
    mean = ops.divide_no_nan(ops.sum(y), n)
    ss_res = ops.sum(ops.square(residual))
    ss_tot = ops.sum(ops.square(y - mean))
    r2 = 1 - ops.divide_no_nan(ss_res, ss_tot)
    fallback = ops.where(ops.logical_and(ops.equal(ss_res, 0), ops.greater(n, 0)), 1.0, 0.0)
    return ops.where(ops.greater(ss_tot, 0), r2, fallback)


# ---------------------------------------------------------------------------
# Data-set metrics
# ---------------------------------------------------------------------------


class _BinaryCountMetric(keras.metrics.Metric):
    """Adds up true positives, false positives and false negatives over batches."""

    def __init__(self, threshold: float = 0.5, name: str | None = None, dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.threshold = check_number(
            "threshold",
            threshold,
            minimum=0,
            maximum=1,
            hint="A predicted probability at or above the threshold counts as positive.",
        )
        self.true_positives = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="true_positives"
        )
        self.false_positives = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="false_positives"
        )
        self.false_negatives = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="false_negatives"
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add the counts of one batch.

        Parameters
        ----------
        y_true : tensor of shape (batch,) or (batch, 1)
            Labels 0/1 (any numeric or boolean dtype).
        y_pred : tensor of shape (batch,) or (batch, 1)
            Predicted probabilities of class 1.
        sample_weight : tensor of shape (batch,) or (batch, 1), optional
            Weight of each sample in the counts (as scikit-learn's ``sample_weight``).
        """
        _check_single_output(y_pred, type(self).__name__)
        tp, fp, fn = _counts(y_true, y_pred, self.threshold, self.dtype, sample_weight)
        self.true_positives.assign_add(tp)
        self.false_positives.assign_add(fp)
        self.false_negatives.assign_add(fn)

    def reset_state(self) -> None:
        """Set the counts back to 0 (Keras calls this at the start of each epoch)."""
        for variable in (self.true_positives, self.false_positives, self.false_negatives):
            variable.assign(ops.zeros((), dtype=variable.dtype))

    def get_config(self) -> dict[str, Any]:
        """Return ``name``, ``dtype`` and ``threshold``: enough to rebuild the metric."""
        return {**super().get_config(), "threshold": self.threshold}


@_register
@_count_metric_doc(
    "BinaryPrecision",
    "precision",
    logs=' (``history.history["val_precision"]``...)',
    dtype_note=":\n        counts are exact up to 16 million samples",
)
class BinaryPrecision(_BinaryCountMetric):
    """Precision over a whole data set: TP / (TP + FP), counted across all batches.

    Introduced in lesson 5 (training and testing).

    Of the samples the model calls positive, the fraction that really are.
    The counts are added up batch after batch and divided once in
    :meth:`result`, so the value equals scikit-learn's
    ``precision_score(y_true, y_prob >= threshold)``; 0.0 when nothing is
    predicted positive (``zero_division=0``).

    {parameters_and_imports}
    >>> metric = BinaryPrecision()
    >>> metric.update_state(np.array([1, 0, 1]), np.array([0.9, 0.8, 0.2]))
    >>> metric.update_state(np.array([1, 0]), np.array([0.7, 0.1]))
    >>> round(float(metric.result()), 4)  # TP=2, FP=1
    0.6667

    In training: ``model.compile(..., metrics=[BinaryPrecision()])``.
    """

    def __init__(self, threshold: float = 0.5, name: str = "precision", dtype: Any = None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self) -> Any:
        """TP / (TP + FP), or 0.0 when there is no positive prediction."""
        return ops.divide_no_nan(self.true_positives, self.true_positives + self.false_positives)


@_register
@_count_metric_doc("BinaryRecall", "recall")
class BinaryRecall(_BinaryCountMetric):
    """Recall over a whole data set: TP / (TP + FN), counted across all batches.

    Introduced in lesson 5 (training and testing).

    Of the samples that really are positive, the fraction the model finds.
    Equals scikit-learn's ``recall_score(y_true, y_prob >= threshold)``; 0.0
    when there is no positive label (``zero_division=0``).

    {parameters_and_imports}
    >>> metric = BinaryRecall(threshold=0.5)
    >>> metric.update_state(np.array([1, 0, 1, 1]), np.array([0.9, 0.8, 0.2, 0.7]))
    >>> round(float(metric.result()), 4)  # found 2 of 3 positives
    0.6667
    """

    def __init__(self, threshold: float = 0.5, name: str = "recall", dtype: Any = None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self) -> Any:
        """TP / (TP + FN), or 0.0 when there is no positive label."""
        return ops.divide_no_nan(self.true_positives, self.true_positives + self.false_negatives)


@_register
@_count_metric_doc("BinaryF1Score", "f1", logs=' (``history.history["val_f1"]``...)')
class BinaryF1Score(_BinaryCountMetric):
    """F1 score over a whole data set, from counts added up across all batches.

    Introduced in lesson 5 (training and testing).

    ``2 TP / (2 TP + FP + FN)``, the harmonic mean of :class:`BinaryPrecision`
    and :class:`BinaryRecall`. Equals scikit-learn's
    ``f1_score(y_true, y_prob >= threshold)``; 0.0 when there is no positive
    label nor prediction. Unlike :func:`f1_batchwise`, its value does not
    depend on the batch size.

    {parameters_and_imports}
    >>> metric = BinaryF1Score()
    >>> for start in (0, 2):  # two batches of two
    ...     metric.update_state(
    ...         np.array([1, 0, 1, 1])[start : start + 2],
    ...         np.array([0.9, 0.8, 0.2, 0.7])[start : start + 2],
    ...     )
    >>> round(float(metric.result()), 4)  # TP=2, FP=1, FN=1
    0.6667
    """

    def __init__(self, threshold: float = 0.5, name: str = "f1", dtype: Any = None):
        super().__init__(threshold=threshold, name=name, dtype=dtype)

    def result(self) -> Any:
        """2 TP / (2 TP + FP + FN), or 0.0 when that is 0 / 0."""
        return _f1_from_counts(self.true_positives, self.false_positives, self.false_negatives)


@_register
class R2Score(keras.metrics.Metric):
    """Coefficient of determination R² over a whole data set, one target.

    Introduced in lesson 5 (training and testing).

    ``R² = 1 - SS_res / SS_tot``: 1 is a perfect fit, 0 is no better than
    always predicting the mean, below 0 is worse. Each batch adds to four
    sums, the number of samples ``n``, ``sum(y)``, ``sum(y**2)`` and
    ``sum((y - y_pred)**2)``; :meth:`result` then uses

    ``SS_tot = sum(y**2) - sum(y)**2 / n``  (the spread around the data set's mean)

    so the value equals scikit-learn's ``r2_score`` on the whole data set,
    whatever the batches. The sums are kept in ``float64``: in ``float32``,
    ``sum(y**2) - sum(y)**2 / n`` loses digits when the mean of ``y`` is large
    compared with its spread. As in ``r2_score``, a constant target gives 1.0
    for perfect predictions and 0.0 otherwise.

    Parameters
    ----------
    name : str, default="r2"
        Name in the training logs (``history.history["val_r2"]``...).
    dtype : str, optional
        Dtype of the result (default ``float32``).

    Examples
    --------
    >>> import numpy as np
    >>> from nnteach import R2Score
    >>> metric = R2Score()
    >>> y_true = np.array([1.0, 2.0, 3.0, 4.0])
    >>> metric.update_state(y_true[:2], y_true[:2] + 0.5)
    >>> metric.update_state(y_true[2:], y_true[2:] + 0.5)
    >>> round(float(metric.result()), 4)  # 1 - 4 * 0.25 / 5
    0.8
    """

    _SUM_DTYPE = "float64"

    def __init__(self, name: str = "r2", dtype: Any = None):
        super().__init__(name=name, dtype=dtype)
        self.count = self.add_variable(
            shape=(), initializer="zeros", dtype=self._SUM_DTYPE, name="count"
        )
        self.sum_y = self.add_variable(
            shape=(), initializer="zeros", dtype=self._SUM_DTYPE, name="sum_y"
        )
        self.sum_y_squared = self.add_variable(
            shape=(), initializer="zeros", dtype=self._SUM_DTYPE, name="sum_y_squared"
        )
        self.sum_residual_squared = self.add_variable(
            shape=(), initializer="zeros", dtype=self._SUM_DTYPE, name="sum_residual_squared"
        )

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        """Add the sums of one batch.

        Parameters
        ----------
        y_true : tensor of shape (batch,) or (batch, 1)
            Targets.
        y_pred : tensor of shape (batch,) or (batch, 1)
            Predictions.
        sample_weight : tensor of shape (batch,) or (batch, 1), optional
            Weight of each sample (as scikit-learn's ``sample_weight``).
        """
        _check_single_output(y_pred, "R2Score")
        dtype = self._SUM_DTYPE
        y = _flat(y_true, dtype)
        residual = y - _flat(y_pred, dtype)
        weight = _flat_weights(sample_weight, y, dtype)
        self.count.assign_add(ops.sum(weight))
        self.sum_y.assign_add(ops.sum(weight * y))
        self.sum_y_squared.assign_add(ops.sum(weight * ops.square(y)))
        self.sum_residual_squared.assign_add(ops.sum(weight * ops.square(residual)))

    def result(self) -> Any:
        """``1 - SS_res / SS_tot`` over everything seen since the last reset."""
        r2 = _r2_from_sums(self.count, self.sum_y, self.sum_y_squared, self.sum_residual_squared)
        return ops.cast(r2, self.dtype)

    def reset_state(self) -> None:
        """Set the four sums back to 0 (Keras calls this at the start of each epoch)."""
        for variable in (
            self.count,
            self.sum_y,
            self.sum_y_squared,
            self.sum_residual_squared,
        ):
            variable.assign(ops.zeros((), dtype=variable.dtype))

    def get_config(self) -> dict[str, Any]:
        """Return ``name`` and ``dtype``: enough to rebuild the metric."""
        return super().get_config()


# ---------------------------------------------------------------------------
# The pitfall in numbers
# ---------------------------------------------------------------------------


class BatchwiseF1Gap(NamedTuple):
    """Result of :func:`batchwise_f1_gap`.

    Attributes
    ----------
    mean_batch_f1 : float
        Mean of the F1 scores of the batches (what ``f1_batchwise`` reports).
    true_f1 : float
        F1 score of all the data at once (what ``BinaryF1Score`` reports).
    gap : float
        ``mean_batch_f1 - true_f1``.
    n_batches : int
        Number of batches, the last one possibly smaller.
    """

    mean_batch_f1: float
    true_f1: float
    gap: float
    n_batches: int

    def __repr__(self) -> str:
        return (
            f"BatchwiseF1Gap(mean_batch_f1={self.mean_batch_f1:.4f}, "
            f"true_f1={self.true_f1:.4f}, gap={self.gap:+.4f}, n_batches={self.n_batches})"
        )


def _f1_numpy(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = np.count_nonzero(truth & predicted)
    fp = np.count_nonzero(~truth & predicted)
    fn = np.count_nonzero(truth & ~predicted)
    denominator = 2 * tp + fp + fn
    return 2 * tp / denominator if denominator else 0.0


def batchwise_f1_gap(
    y_true: Any, y_prob: Any, *, batch_size: int = 32, threshold: float = 0.5
) -> BatchwiseF1Gap:
    """Compare the mean of per-batch F1 scores with the F1 score of all the data.

    Introduced in lesson 5 (training and testing).

    The data are cut into consecutive batches of ``batch_size`` in the given
    order (as ``model.evaluate`` does; the last batch may be smaller). The F1
    score of each batch is computed, and their plain mean is what Keras would
    report for :func:`f1_batchwise`. That mean is compared with the F1 score of
    all the samples at once, which :class:`BinaryF1Score` and scikit-learn's
    ``f1_score`` report. Computed with NumPy; no model needed.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0/1.
    y_prob : array-like of shape (n_samples,) or (n_samples, 1)
        Predicted probabilities of class 1.
    batch_size : int, default=32
        Samples per batch.
    threshold : float, default=0.5
        A probability at or above it counts as a positive prediction.

    Returns
    -------
    BatchwiseF1Gap
        Named tuple ``(mean_batch_f1, true_f1, gap, n_batches)`` with
        ``gap = mean_batch_f1 - true_f1``.

    Examples
    --------
    >>> from nnteach import batchwise_f1_gap
    >>> y_true = [1, 0, 0, 0, 1, 1, 1, 1]
    >>> y_prob = [0.9, 0.6, 0.1, 0.2, 0.8, 0.4, 0.7, 0.9]
    >>> batchwise_f1_gap(y_true, y_prob, batch_size=4)
    BatchwiseF1Gap(mean_batch_f1=0.7619, true_f1=0.8000, gap=-0.0381, n_batches=2)
    """
    truth = np.asarray(y_true)
    prob = np.asarray(y_prob)
    if truth.ndim == 2 and truth.shape[1] == 1:
        truth = truth[:, 0]
    if prob.ndim == 2 and prob.shape[1] == 1:
        prob = prob[:, 0]
    if truth.ndim != 1 or prob.ndim != 1:
        raise ValueError(
            "y_true and y_prob must hold one value per sample, shape (n,) or (n, 1). "
            f"Received: y_true={describe(truth)}, y_prob={describe(prob)}."
        )
    if len(truth) != len(prob):
        raise ValueError(
            f"y_true and y_prob must have the same length. Received {len(truth)} labels "
            f"and {len(prob)} probabilities."
        )
    if len(truth) == 0:
        raise ValueError("y_true and y_prob are empty. Pass at least one sample.")
    if not np.issubdtype(prob.dtype, np.number):
        raise TypeError(
            f"y_prob must hold numbers (probabilities). Received: y_prob={describe(prob)}."
        )
    values = np.unique(truth)
    if not (np.issubdtype(truth.dtype, np.number) or truth.dtype == bool) or not np.all(
        np.isin(values, [0, 1])
    ):
        shown = values[:5].tolist()
        raise ValueError(
            f"y_true must hold binary labels 0 and 1. Received values {shown}. "
            "For several classes, compare one class against the rest."
        )
    batch_size = check_int("batch_size", batch_size, minimum=1)
    threshold = check_number("threshold", threshold, minimum=0, maximum=1)

    truth = truth.astype(bool)
    predicted = prob >= threshold
    n_batches = math.ceil(len(truth) / batch_size)
    batch_f1 = [
        _f1_numpy(truth[i : i + batch_size], predicted[i : i + batch_size])
        for i in range(0, len(truth), batch_size)
    ]
    mean_batch_f1 = float(np.mean(batch_f1))
    true_f1 = float(_f1_numpy(truth, predicted))
    return BatchwiseF1Gap(mean_batch_f1, true_f1, mean_batch_f1 - true_f1, n_batches)
