"""SHAP explanations of single predictions of a Keras model.

Introduced in lesson 6 (explaining predictions).

:func:`explain_prediction` answers "why did the network predict *this* for *this*
instance?" with SHAP values: one number per feature, saying how far that
feature's value pushed the prediction away from the model's average prediction
(the *base value*). They add up::

    base value + sum of the SHAP values = prediction

The work is done by `shap <https://shap.readthedocs.io>`_. This module picks an
explainer that is fast for a small Keras network, keeps it so that the next
instance of the same model is explained in milliseconds, and draws the result.

``method="auto"`` tries, in order:

1. ``shap.DeepExplainer`` (DeepLIFT with a background sample): after a one-off
   graph trace of a few tenths of a second, each instance takes milliseconds and
   the SHAP values add up to the prediction exactly.
2. ``shap.GradientExplainer`` (expected gradients), when the model holds an
   operation DeepExplainer does not support: milliseconds too, but additivity is
   only approximate (an error of about 0.01 is usual).
3. ``shap.KernelExplainer`` (model-agnostic), when both fail: slower (tenths of
   a second per instance with 30 features) but works for any function.

The model-agnostic ``shap.Explainer(model.predict, X)`` is not used: it takes
about ten seconds per instance.
"""

from __future__ import annotations

import hashlib
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import check_choice, check_int, check_type, describe

__all__ = [
    "Explanation",
    "ModelExplainer",
    "clear_explainer_cache",
    "explain_prediction",
]

TASKS = ("classification", "regression")
METHODS = ("auto", "deep", "gradient", "kernel")
PLOT_KINDS = ("bar", "waterfall")

# Okabe-Ito colours, told apart with every common colour-vision deficiency.
POSITIVE_COLOR = "#D55E00"  # vermillion: pushes the prediction up
NEGATIVE_COLOR = "#0072B2"  # blue: pushes the prediction down

_AUTO_ORDER = ("deep", "gradient", "kernel")
_SHAP_CLASS = {
    "deep": "DeepExplainer",
    "gradient": "GradientExplainer",
    "kernel": "KernelExplainer",
}
_GRADIENT_NSAMPLES = 200  # shap's default: additivity error about 0.01
_KERNEL_BACKGROUND = 20  # KernelExplainer's cost grows with the background size
_KERNEL_NSAMPLES = 512  # coalitions per instance (shap's "auto" is 2 * n + 2048)
_PREDICT_BATCH = 65_536  # rows per model call when KernelExplainer asks for many
_CACHE_SIZE = 8  # ModelExplainers kept by explain_prediction


class _AdditivityError(ValueError):
    """DeepExplainer ran but its values do not add up: an unsupported operation."""


# --------------------------------------------------------------------------- #
# Explanation: the result, with its text and its plots
# --------------------------------------------------------------------------- #


class Explanation:
    """SHAP values explaining one prediction, with a text summary and plots.

    Build one with :func:`explain_prediction`, :meth:`ModelExplainer.explain`
    or :meth:`from_model`. Introduced in lesson 6 (explaining predictions).

    Parameters
    ----------
    values : array-like of shape (n_features,)
        SHAP value of each feature: how much its value moved the prediction
        away from ``base_value``.
    base_value : float
        The model's average output over the background sample.
    prediction : float
        The model's output for this instance (the output that is explained).
    feature_names : sequence of str
        One name per feature.
    data : array-like of shape (n_features,)
        The instance's feature values, as given to the model.
    method : {"deep", "gradient", "kernel"}
        The shap explainer that computed ``values``.
    task : {"classification", "regression"}
        What the model does.
    output_name : str, default="model output"
        What ``prediction`` is, for titles ("P(class 1)", "predicted value").
    class_index : int or None, default=None
        For a softmax classifier, the class whose probability is explained.
    top : int, default=10
        How many features the text summary and the plots show by default.
    fallback_reason : str or None, default=None
        Why ``method="auto"`` did not use DeepExplainer, if it did not.
    display_data : array-like of shape (n_features,), optional
        The feature values to print in labels instead of ``data``, e.g. the
        instance before scaling ("mean radius = 17.99" rather than "= 1.1").

    Attributes
    ----------
    figure_, ax_ : matplotlib Figure and Axes
        Set by :meth:`plot`.
    bars_ : matplotlib BarContainer
        The bars drawn by :meth:`plot`, one per feature shown (top first for
        ``kind="bar"``; bottom first for ``kind="waterfall"``).
    labels_ : list of matplotlib Text
        The signed value written at the end of each bar.
    connectors_ : matplotlib LineCollection or None
        The waterfall's steps from one bar to the next (``None`` for bars).

    Examples
    --------
    >>> from nnteach.explain import Explanation
    >>> e = Explanation([0.3, -0.1, 0.05], 0.5, 0.75, ["a", "b", "c"], [1.0, 2.0, 3.0],
    ...                 method="deep", task="classification")
    >>> e.top_features(2)
    [('a', 0.3), ('b', -0.1)]
    >>> round(e.additivity_error, 6)
    0.0
    """

    def __init__(
        self,
        values: Any,
        base_value: float,
        prediction: float,
        feature_names: Sequence[str],
        data: Any,
        *,
        method: str,
        task: str,
        output_name: str = "model output",
        class_index: int | None = None,
        top: int = 10,
        fallback_reason: str | None = None,
        display_data: Any = None,
    ) -> None:
        self.values = np.asarray(values, dtype=float).reshape(-1)
        self.data = np.asarray(data, dtype=float).reshape(-1)
        self.feature_names = [str(name) for name in feature_names]
        if not len(self.values) == len(self.data) == len(self.feature_names):
            raise ValueError(
                "Invalid explanation: `values`, `data` and `feature_names` must have one "
                f"entry per feature. Received: {len(self.values)} values, {len(self.data)} "
                f"data values and {len(self.feature_names)} feature names."
            )
        self.display_data = None
        if display_data is not None:
            self.display_data = _check_display(display_data, self.n_features)
        self.base_value = float(base_value)
        self.prediction = float(prediction)
        self.method = check_choice("method", method, _AUTO_ORDER)
        self.task = check_choice("task", task, TASKS)
        self.output_name = str(output_name)
        self.class_index = class_index
        self.top = check_int("top", top, minimum=1)
        self.fallback_reason = fallback_reason
        self.figure_ = self.ax_ = self.bars_ = self.connectors_ = None
        self.labels_: list = []

    @classmethod
    def from_model(
        cls,
        model: Any,
        X_train: Any,
        x: Any,
        feature_names: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> Explanation:
        """Explain ``model``'s prediction for ``x``: same as :func:`explain_prediction`.

        Examples
        --------
        >>> Explanation.from_model(model, X_train, X_test[0], names).plot()  # doctest: +SKIP
        """
        return explain_prediction(model, X_train, x, feature_names, **kwargs)

    # ---- numbers ---------------------------------------------------------- #

    @property
    def n_features(self) -> int:
        """Number of features explained."""
        return len(self.values)

    @property
    def additivity_error(self) -> float:
        """``|base_value + sum(values) - prediction|``: 0 for an exact explainer.

        DeepExplainer and KernelExplainer give values that add up to the
        prediction up to rounding (below 1e-5); GradientExplainer's values are
        an estimate, off by about 0.01.
        """
        return abs(self.base_value + float(self.values.sum()) - self.prediction)

    def _order(self, n: int | None) -> np.ndarray:
        n = self.top if n is None else check_int("n", n, minimum=1)
        # stable sort: equal |values| keep the features' order
        return np.argsort(-np.abs(self.values), kind="stable")[: min(n, self.n_features)]

    def top_features(self, n: int | None = None) -> list[tuple[str, float]]:
        """The ``n`` features with the largest ``|SHAP value|``, largest first.

        Parameters
        ----------
        n : int, optional
            How many features; default: ``top`` given when explaining (10).

        Returns
        -------
        list of (str, float)
            ``(feature name, SHAP value)`` pairs sorted by decreasing absolute value.

        Examples
        --------
        >>> e = Explanation([0.1, -0.4, 0.2], 0.0, -0.1, ["a", "b", "c"], [0, 0, 0],
        ...                 method="deep", task="regression")
        >>> e.top_features()
        [('b', -0.4), ('c', 0.2), ('a', 0.1)]
        """
        return [(self.feature_names[i], float(self.values[i])) for i in self._order(n)]

    # ---- text -------------------------------------------------------------- #

    def __repr__(self) -> str:
        order = self._order(None)
        rest = np.setdiff1d(np.arange(self.n_features), order)
        labels = self._row_labels(order)
        width = max(len(label) for label in labels)
        lines = [
            f"Explanation of one prediction (task={self.task!r}, method={self.method!r})",
            f"  {self.output_name}: {_fmt(self.prediction, 4)}",
            f"  base value (average over the background): {_fmt(self.base_value, 4)}",
            f"  sum of the {self.n_features} SHAP values: {_signed(self.values.sum(), 4)}"
            f"  (additivity error {self.additivity_error:.1g})",
        ]
        if self.fallback_reason:
            lines.append(f"  note: {self.fallback_reason}")
        lines.append(f"  top {len(order)} of {self.n_features} features by |SHAP value|:")
        lines += [
            f"    {label:<{width}}  {_signed(self.values[i])}"
            for label, i in zip(labels, order, strict=True)
        ]
        if len(rest):
            lines.append(
                f"    ({len(rest)} other features together: {_signed(self.values[rest].sum())})"
            )
        return "\n".join(lines)

    # ---- plots ------------------------------------------------------------- #

    def plot(self, *, ax: Any = None, kind: str = "bar", top: int | None = None) -> Explanation:
        """Draw the largest SHAP values as signed bars or as a waterfall.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Where to draw; a new figure is made when omitted.
        kind : {"bar", "waterfall"}, default="bar"
            ``"bar"``: one horizontal bar per feature, starting at 0, largest
            ``|value|`` on top. ``"waterfall"``: the bars are chained from the
            base value (bottom) to the prediction (top); the features not shown
            are summed into one extra bar at the bottom so the chain still ends
            at the prediction.
        top : int, optional
            How many features to show; default: ``top`` given when explaining.

        Returns
        -------
        Explanation
            ``self``, with ``figure_``, ``ax_``, ``bars_``, ``labels_`` and
            ``connectors_`` set. Bars that raise the prediction are vermillion
            (:data:`POSITIVE_COLOR`), bars that lower it are blue
            (:data:`NEGATIVE_COLOR`).

        Examples
        --------
        >>> explanation = explain_prediction(model, X_train, X_test[0], names)  # doctest: +SKIP
        >>> explanation.plot(kind="waterfall", top=8)  # doctest: +SKIP
        """
        check_choice("kind", kind, PLOT_KINDS)
        order = self._order(top)
        import matplotlib.pyplot as plt

        n_rows = len(order) + (kind == "waterfall" and len(order) < self.n_features)
        if ax is None:
            fig, ax = plt.subplots(figsize=(7.5, 1.6 + 0.38 * n_rows), layout="constrained")
        else:
            fig = ax.figure
        self.figure_, self.ax_ = fig, ax
        if kind == "bar":
            self._plot_bar(ax, order)
        else:
            self._plot_waterfall(ax, order)
        ax.spines[["top", "right"]].set_visible(False)
        return self

    def _row_labels(self, order: np.ndarray) -> list[str]:
        shown = self.data if self.display_data is None else self.display_data
        return [f"{self.feature_names[i]} = {_fmt(shown[i])}" for i in order]

    def _plot_bar(self, ax: Any, order: np.ndarray) -> None:
        values = self.values[order]
        y = np.arange(len(order))[::-1]  # the largest |value| on top
        colors = [POSITIVE_COLOR if v >= 0 else NEGATIVE_COLOR for v in values]
        self.bars_ = ax.barh(y, values, height=0.7, color=colors)
        self.labels_ = ax.bar_label(
            self.bars_, labels=[_signed(v) for v in values], padding=3, fontsize=9
        )
        self.connectors_ = None
        ax.axvline(0, color="0.25", linewidth=0.8)
        ax.set_yticks(y, labels=self._row_labels(order))
        ax.set_ylim(-0.6, len(order) - 0.4)
        _pad_xlim(ax, min(values.min(), 0.0), max(values.max(), 0.0), self.labels_)
        rest = self.n_features - len(order)
        xlabel = f"SHAP value: contribution to {self.output_name}"
        if rest:
            xlabel += f"\n({rest} other features together: {_signed(self._rest_sum(order))})"
        ax.set_xlabel(xlabel)
        ax.set_title(self._title(), fontsize=11)

    def _plot_waterfall(self, ax: Any, order: np.ndarray) -> None:
        from matplotlib.collections import LineCollection

        # bottom to top: the other features (if any), then the shown ones with
        # the largest |value| last, so the chain runs base value -> prediction
        steps = [float(v) for v in self.values[order][::-1]]
        labels = self._row_labels(order)[::-1]
        rest = self.n_features - len(order)
        if rest:
            steps.insert(0, self._rest_sum(order))
            labels.insert(0, f"{rest} other features")
        steps = np.asarray(steps)
        lefts = self.base_value + np.concatenate([[0.0], np.cumsum(steps)[:-1]])
        ends = lefts + steps
        y = np.arange(len(steps))
        colors = [POSITIVE_COLOR if v >= 0 else NEGATIVE_COLOR for v in steps]
        self.bars_ = ax.barh(y, steps, left=lefts, height=0.7, color=colors)
        self.labels_ = ax.bar_label(
            self.bars_, labels=[_signed(v) for v in steps], padding=3, fontsize=9
        )
        # each bar's end continues as the next bar's start
        segments = [[(ends[i], y[i] - 0.35), (ends[i], y[i + 1] + 0.35)] for i in y[:-1]]
        self.connectors_ = LineCollection(segments, colors="0.45", linewidths=0.8)
        ax.add_collection(self.connectors_)
        ax.set_yticks(y, labels=labels)
        ax.set_ylim(-1.1, len(steps) - 0.4 + 0.5)
        low = min(lefts.min(), ends.min(), self.prediction)
        high = max(lefts.max(), ends.max(), self.prediction)
        _pad_xlim(ax, low, high, self.labels_)
        middle = (low + high) / 2
        for value, name, row in (
            (self.base_value, "base value", -0.85),
            (self.prediction, "prediction", len(steps) - 0.45),
        ):
            ax.axvline(value, color="0.5", linestyle=":", linewidth=1, zorder=0)
            right_half = value > middle  # write towards the middle, never off the axes
            ax.text(
                value,
                row,
                f"{name} {_fmt(value, 4)} " if right_half else f" {name} {_fmt(value, 4)}",
                va="center",
                ha="right" if right_half else "left",
                fontsize=9,
                color="0.2",
            )
        ax.set_xlabel(f"{self.output_name}: base value + SHAP values")
        ax.set_title(self._title(), fontsize=11)

    def _rest_sum(self, order: np.ndarray) -> float:
        return float(self.values.sum() - self.values[order].sum())

    def _title(self) -> str:
        name = self.output_name[:1].upper() + self.output_name[1:]
        return (
            f"{name} = {_fmt(self.prediction, 4)}"
            f"   (base value {_fmt(self.base_value, 4)}, {self.method} SHAP)"
        )


def _fmt(value: float, digits: int = 3) -> str:
    """A number as a student reads it: 3 significant digits, no 1e+03 for 1000."""
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1) - 0.05 and abs(value) < 1e9:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def _signed(value: float, digits: int = 3) -> str:
    text = _fmt(value, digits)
    return text if text.startswith("-") else "+" + text


def _pad_xlim(ax: Any, low: float, high: float, labels: Sequence[Any]) -> None:
    """Leave room beside the bars for their value labels.

    22 % of the bars' span on each side, widened when the figure is drawn if a
    label needs more at the axes' final width (a negative bar's label would
    otherwise run into the feature names left of the axes).
    """
    from ._label_room import keep_labels_inside

    span = (high - low) or max(abs(high), 1.0)
    ax.set_xlim(low - 0.22 * span, high + 0.22 * span)
    keep_labels_inside(ax, labels)


# --------------------------------------------------------------------------- #
# ModelExplainer: validated inputs, explainer choice, reuse
# --------------------------------------------------------------------------- #


class ModelExplainer:
    """A SHAP explainer for one Keras model, reused for every instance.

    Holding one ``ModelExplainer`` (as a widget does) explains each further
    instance in milliseconds; :func:`explain_prediction` keeps one per model for
    you. Introduced in lesson 6 (explaining predictions).

    Parameters
    ----------
    model : keras.Model
        A trained model with one input (a table of features) and one output:
        one sigmoid unit (explained: the probability of class 1), a softmax
        layer (explained: the probability of one class, see ``class_index`` in
        :meth:`explain`) or one linear unit for regression.
    X_train : array-like of shape (n_samples, n_features)
        Training data, as given to ``model.fit``; a random sample of
        ``background_size`` rows is the background the base value averages over.
    feature_names : sequence of str, optional
        One name per column of ``X_train``; default ``x0, x1, ...`` (or the
        columns of a pandas DataFrame).
    task : {"classification", "regression"}, default="classification"
    background_size : int, default=100
        Rows of ``X_train`` in the background sample. More rows give a steadier
        base value; each instance costs time proportional to it.
    seed : int, default=0
        Seed for drawing the background sample (and GradientExplainer's and
        KernelExplainer's sampling).
    method : {"auto", "deep", "gradient", "kernel"}, default="auto"
        ``"auto"`` uses DeepExplainer and falls back to GradientExplainer, then
        KernelExplainer, when the model has an operation the former cannot
        handle. Any other value uses that explainer only.

    Attributes
    ----------
    background_ : ndarray of shape (n_background, n_features)
        The background sample.
    method_ : str or None
        The explainer used for the latest explanation (``None`` before the first).
    fallback_reason_ : str or None
        Why ``method="auto"`` did not use DeepExplainer, if it did not.
    n_outputs_ : int
        Number of output units of the model.

    Examples
    --------
    >>> from nnteach.explain import ModelExplainer
    >>> explainer = ModelExplainer(model, X_train, feature_names)  # doctest: +SKIP
    >>> first = explainer.explain(X_test[0])  # sets up shap (tenths of a s)  # doctest: +SKIP
    >>> explainer.explain(X_test[1]).top_features(3)  # milliseconds  # doctest: +SKIP
    [('worst area', 0.081), ('worst concave points', 0.052), ('mean texture', -0.031)]
    """

    def __init__(
        self,
        model: Any,
        X_train: Any,
        feature_names: Sequence[str] | None = None,
        *,
        task: str = "classification",
        background_size: int = 100,
        seed: int = 0,
        method: str = "auto",
    ) -> None:
        settings = _check_settings(X_train, feature_names, task, background_size, seed, method)
        self.background_, self.feature_names, self._fingerprint = settings
        self.task, self.seed, self.method = task, seed, method
        self.background_size = background_size
        self.model = model
        self.n_outputs_, self.output_names_ = _check_model(model, self.background_, task)
        self.method_: str | None = None
        self.fallback_reason_: str | None = None
        # output index -> (shap explainer, method, fallback reason, base value)
        self._explainers: dict[int, tuple[Any, str, str | None, float]] = {}
        self._weights_digest = _weights_digest(model)
        self._background_mean = self._outputs(self.background_).mean(axis=0)

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return self.background_.shape[1]

    def __repr__(self) -> str:
        return (
            f"ModelExplainer(model={getattr(self.model, 'name', type(self.model).__name__)!r}, "
            f"n_features={self.n_features}, background={len(self.background_)} rows, "
            f"task={self.task!r}, method={self.method!r}, method_={self.method_!r})"
        )

    # ---- public ------------------------------------------------------------ #

    def explain(
        self,
        x: Any,
        *,
        class_index: int | None = None,
        top: int = 10,
        display_x: Any = None,
    ) -> Explanation:
        """Explain the model's prediction for one instance.

        Parameters
        ----------
        x : array-like of shape (n_features,) or (1, n_features)
            The instance, scaled like ``X_train``.
        class_index : int, optional
            Softmax classifiers only: the class whose probability is explained.
            Default: the predicted class (largest probability). Each new class
            costs one graph trace (a few tenths of a second) the first time.
        top : int, default=10
            How many features the text summary and plots show by default.
        display_x : array-like of shape (n_features,), optional
            The same instance in the units to print, e.g. before scaling;
            stored as ``Explanation.display_data``.

        Returns
        -------
        Explanation

        Examples
        --------
        >>> explainer.explain(X_test[0], top=5).plot(kind="waterfall")  # doctest: +SKIP
        """
        check_int("top", top, minimum=1)
        row = _check_instance(x, self.n_features)
        shown = None if display_x is None else _check_display(display_x, self.n_features)
        digest = _weights_digest(self.model)
        if digest != self._weights_digest:  # trained further since the last call
            self._refresh(digest)
        outputs = self._outputs(row)[0]
        k = self._output_index(class_index, outputs)
        if k not in self._explainers:
            self._explainers[k] = self._build(k, row)
        explainer, method, reason, base = self._explainers[k]
        values = self._shap_values(explainer, method, row)
        self.method_, self.fallback_reason_ = method, reason
        return Explanation(
            values,
            base,
            outputs[k],
            self.feature_names,
            row[0],
            method=method,
            task=self.task,
            output_name=self.output_names_[k],
            class_index=k if self.n_outputs_ > 1 else None,
            top=top,
            fallback_reason=reason,
            display_data=shown,
        )

    # ---- model calls ------------------------------------------------------- #

    def _outputs(self, X: np.ndarray) -> np.ndarray:
        """Model outputs, shape (n, n_outputs), in batches for large X."""
        from keras import ops

        parts = [
            ops.convert_to_numpy(self.model(X[i : i + _PREDICT_BATCH], training=False))
            for i in range(0, len(X), _PREDICT_BATCH)
        ]
        return np.concatenate(parts).reshape(len(X), -1).astype(float)

    def _output_index(self, class_index: int | None, outputs: np.ndarray) -> int:
        if self.n_outputs_ == 1:
            if class_index is not None:
                raise ValueError(
                    f"Invalid value for argument `class_index`. The model has one output "
                    f"unit ({self.output_names_[0]}), so there is no class to choose. "
                    f"Received: class_index={class_index!r}. Leave class_index=None."
                )
            return 0
        if class_index is None:
            return int(np.argmax(outputs))
        return check_int(
            "class_index",
            class_index,
            minimum=0,
            maximum=self.n_outputs_ - 1,
            hint=f"The model has {self.n_outputs_} output units, one per class.",
        )

    def _refresh(self, digest: str) -> None:
        """The weights changed: new base values; KernelExplainer rebuilds.

        DeepExplainer's and GradientExplainer's traced graphs read the model's
        variables, so only the average over the background needs recomputing.
        KernelExplainer stores the average output itself, so it is rebuilt.
        """
        self._weights_digest = digest
        self._background_mean = self._outputs(self.background_).mean(axis=0)
        for k, (explainer, method, reason, _) in list(self._explainers.items()):
            if method == "kernel":
                del self._explainers[k]
            else:
                self._explainers[k] = (explainer, method, reason, self._background_mean[k])

    # ---- explainer set-up -------------------------------------------------- #

    def _build(self, k: int, row: np.ndarray) -> tuple[Any, str, str | None, float]:
        """Set up a shap explainer for output ``k``, checked on ``row``."""
        errors = _explainer_errors()
        candidates = _AUTO_ORDER if self.method == "auto" else (self.method,)
        reasons = []
        for method in candidates:
            try:
                explainer, base = self._make(method, k)
                # the first call traces the graph; check it adds up before trusting it
                values = self._shap_values(explainer, method, row)
                if method == "deep":
                    prediction = self._outputs(row)[0, k]
                    error = abs(base + values.sum() - prediction)
                    scale = max(1.0, abs(prediction), abs(base), float(np.abs(values).sum()))
                    if error > 1e-4 * scale:  # float32 rounding stays below 1e-6 * scale
                        raise _AdditivityError(
                            f"its SHAP values do not add up to the prediction (error "
                            f"{error:.2g}), so the model has an operation it does not handle"
                        )
            except errors as exc:
                if self.method != "auto":
                    raise RuntimeError(
                        f"shap.{_SHAP_CLASS[method]} could not explain this model: "
                        f"{_describe_error(exc)}. Use method='auto' to fall back to "
                        "another explainer automatically."
                    ) from exc
                reasons.append(f"{_SHAP_CLASS[method]} failed ({_describe_error(exc)})")
                continue
            reason = None
            if reasons:
                reason = "; ".join(reasons) + f"; used {_SHAP_CLASS[method]} instead."
            return explainer, method, reason, base
        raise RuntimeError(
            "No shap explainer could explain this model: " + "; ".join(reasons) + ". Check that "
            "the model takes one table of features and returns one output vector."
        )

    def _make(self, method: str, k: int) -> tuple[Any, float]:
        """A shap explainer of output ``k`` and the base value that goes with it."""
        shap = _import_shap()
        if method == "kernel":
            rng = np.random.default_rng(self.seed)
            size = min(_KERNEL_BACKGROUND, len(self.background_))
            background = self.background_[np.sort(rng.choice(len(self.background_), size, False))]

            def predict(X: np.ndarray) -> np.ndarray:
                return self._outputs(np.asarray(X, dtype=self.background_.dtype))[:, k]

            with _quiet():
                explainer = shap.KernelExplainer(predict, background)
            return explainer, float(np.asarray(explainer.expected_value).reshape(-1)[0])
        wrapped = _single_output_model(self.model, self.n_features, k, self.n_outputs_)
        with _quiet():
            if method == "deep":
                explainer = shap.DeepExplainer(wrapped, self.background_)
                _trace_without_autograph(explainer)
            else:
                explainer = shap.GradientExplainer(wrapped, self.background_)
        return explainer, float(self._background_mean[k])

    def _shap_values(self, explainer: Any, method: str, row: np.ndarray) -> np.ndarray:
        # GradientExplainer and KernelExplainer sample with NumPy's global
        # generator (and reseed it): keep the student's random state as it was.
        state = np.random.get_state()  # noqa: NPY002 - shap uses the legacy global generator
        restore_gradients = _gradient_recorder_guard() if method == "deep" else None
        try:
            with _quiet():
                if method == "deep":
                    values = explainer.shap_values(row, check_additivity=False)
                elif method == "gradient":
                    values = explainer.shap_values(
                        row, nsamples=_GRADIENT_NSAMPLES, rseed=self.seed
                    )
                else:
                    np.random.seed(self.seed)  # noqa: NPY002 - shap samples from it
                    values = explainer.shap_values(
                        row, nsamples=_KERNEL_NSAMPLES, l1_reg=False, silent=True
                    )
        finally:
            np.random.set_state(state)  # noqa: NPY002
            if restore_gradients is not None:
                restore_gradients()
        return np.asarray(values, dtype=float).reshape(-1)[: self.n_features]


# --------------------------------------------------------------------------- #
# explain_prediction and its cache
# --------------------------------------------------------------------------- #

# (id(model), settings fingerprint) -> (weak reference to the model, ModelExplainer).
# A WeakKeyDictionary keyed by the model would never drop an entry: the
# explainer (and shap's traced graph) holds the model strongly. A small LRU
# bounds what is kept instead; the weak reference guards against a recycled id.
_CACHE: OrderedDict[tuple[int, tuple], tuple[weakref.ref, ModelExplainer]] = OrderedDict()


def _cached_explainer(
    model: Any,
    X_train: Any,
    feature_names: Sequence[str] | None,
    *,
    task: str,
    background_size: int,
    seed: int,
    method: str,
) -> ModelExplainer:
    _, _, fingerprint = _check_settings(X_train, feature_names, task, background_size, seed, method)
    key = (id(model), fingerprint)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is model:
        _CACHE.move_to_end(key)
        return entry[1]
    explainer = ModelExplainer(
        model,
        X_train,
        feature_names,
        task=task,
        background_size=background_size,
        seed=seed,
        method=method,
    )
    _CACHE[key] = (weakref.ref(model), explainer)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return explainer


def clear_explainer_cache() -> None:
    """Forget the explainers :func:`explain_prediction` keeps (frees their models).

    Examples
    --------
    >>> from nnteach.explain import clear_explainer_cache
    >>> clear_explainer_cache()
    """
    _CACHE.clear()


def explain_prediction(
    model: Any,
    X_train: Any,
    x: Any,
    feature_names: Sequence[str] | None = None,
    *,
    task: str = "classification",
    top: int = 10,
    background_size: int = 100,
    seed: int = 0,
    method: str = "auto",
    class_index: int | None = None,
    display_x: Any = None,
) -> Explanation:
    """Explain one prediction of a Keras model with SHAP values.

    Introduced in lesson 6 (explaining predictions).

    The SHAP value of a feature is how much its value moved the prediction away
    from the *base value*, the model's average output over a background sample
    of ``X_train``; ``base value + sum(values) = prediction``.

    The shap explainer is set up on the first call for a model (a few tenths
    of a second) and kept, so later calls with the same model, ``X_train`` and
    settings take milliseconds. If the model's weights change (more training),
    the base value is recomputed.

    Parameters
    ----------
    model : keras.Model
        A trained model with one input and one output: one sigmoid unit (the
        probability of class 1 is explained), a softmax layer (the probability
        of the predicted class, or of ``class_index``), or one linear unit
        (regression).
    X_train : array-like of shape (n_samples, n_features)
        The training data the model was fitted on (after scaling).
    x : array-like of shape (n_features,) or (1, n_features)
        The instance to explain, scaled like ``X_train``.
    feature_names : sequence of str, optional
        One name per feature; default ``x0, x1, ...``.
    task : {"classification", "regression"}, default="classification"
    top : int, default=10
        How many features the text summary and :meth:`Explanation.plot` show.
    background_size : int, default=100
        Random rows of ``X_train`` the base value averages over.
    seed : int, default=0
        Seed for drawing the background rows.
    method : {"auto", "deep", "gradient", "kernel"}, default="auto"
        Which shap explainer; ``"auto"`` tries DeepExplainer (exact, fast),
        then GradientExplainer, then KernelExplainer, and records why in
        ``Explanation.fallback_reason``.
    class_index : int, optional
        Softmax classifiers only: the class to explain (default: the predicted one).
    display_x : array-like of shape (n_features,), optional
        The same instance in the units to print in labels, e.g. before
        scaling (``X_test_raw[0]``); default: ``x`` itself.

    Returns
    -------
    Explanation
        ``values``, ``base_value``, ``prediction``, ``feature_names``, ``data``,
        ``method`` and ``task``; ``top_features(n)``, ``additivity_error`` and
        ``plot(kind="bar" | "waterfall")``.

    See Also
    --------
    ModelExplainer : the explainer to hold when explaining many instances.

    Examples
    --------
    >>> import nnteach
    >>> explanation = nnteach.explain_prediction(  # doctest: +SKIP
    ...     model, X_train, X_test[0], feature_names, task="classification", top=8)
    >>> explanation  # doctest: +SKIP
    Explanation of one prediction (task='classification', method='deep')
      prediction P(class 1): 0.9731
      ...
    >>> explanation.plot(kind="waterfall")  # doctest: +SKIP
    """
    check_int("top", top, minimum=1)
    explainer = _cached_explainer(
        model,
        X_train,
        feature_names,
        task=task,
        background_size=background_size,
        seed=seed,
        method=method,
    )
    return explainer.explain(x, class_index=class_index, top=top, display_x=display_x)


# --------------------------------------------------------------------------- #
# checks and helpers
# --------------------------------------------------------------------------- #


def _check_settings(
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
    feature_names = _check_feature_names(feature_names, n_features, columns)
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


def _check_feature_names(feature_names: Any, n_features: int, columns: Any) -> list[str]:
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


def _check_instance(x: Any, n_features: int) -> np.ndarray:
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


def _check_display(values: Any, n_features: int) -> np.ndarray:
    shown = np.asarray(values, dtype=float).reshape(-1)
    if shown.shape != (n_features,):
        raise ValueError(
            f"Invalid value for argument `display_x`. Expected the instance's "
            f"{n_features} feature values, e.g. the row before scaling. Received: "
            f"display_x={describe(np.asarray(values))}."
        )
    return shown


def _check_model(model: Any, background: np.ndarray, task: str) -> tuple[int, list[str]]:
    """Check the model has one input and one output vector; name its outputs."""
    keras = _import_keras()
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
    if task == "regression":
        if n_outputs > 1:
            raise ValueError(
                f"Invalid value for argument `model`. With task='regression', expected "
                f"one output unit. Received: a model with {n_outputs} output units. "
                "Explain a model that predicts one number, or use task='classification' "
                "for a softmax classifier."
            )
        return 1, ["predicted value"]
    if n_outputs == 1:
        return 1, ["P(class 1)" if activation == "sigmoid" else "model output (class 1)"]
    prefix = "P(class {})" if activation == "softmax" else "output {}"
    return n_outputs, [prefix.format(k) for k in range(n_outputs)]


def _single_output_model(model: Any, n_features: int, k: int, n_outputs: int) -> Any:
    """``model`` with only output unit ``k`` kept, as a Functional model.

    The fresh input (taken as a one-element list, the structure shap passes)
    and the final ``Lambda`` layer give shap what it expects from every model:
    ``inputs``, a last layer with one call, and an output of shape (batch, 1).
    """
    keras = _import_keras()

    def select(t: Any) -> Any:
        if n_outputs == 1 and len(t.shape) == 1:
            return keras.ops.reshape(t, (-1, 1))
        return t[:, k : k + 1]

    inp = keras.Input(shape=(n_features,), dtype="float32")
    out = keras.layers.Lambda(select, output_shape=(1,))(model(inp))
    return keras.Model([inp], out)


def _trace_without_autograph(explainer: Any) -> bool:
    """Make DeepExplainer's first call 5x faster: trace its graph without AutoGraph.

    shap wraps its attribution graph in ``tf.function`` with AutoGraph on, and
    AutoGraph rewrites shap's own Python source (the graph walk in
    ``_init_between_tensors``) on the first call: about 0.35 s of the 0.4 s that
    call takes on a 2-core CPU. That code has no tensor-dependent ``if`` or
    ``for``, so tracing it as plain Python gives the same graph (and the same
    values) in about 0.06 s. This rebuilds shap's ``grad_graph`` (shap 0.46+
    with TensorFlow 2.16+, ``deep_tf.py``) with ``autograph=False``; when shap's
    internals look different, it changes nothing and shap's own graph is used.
    """
    import tensorflow as tf

    inner = getattr(explainer, "explainer", None)
    needed = ("phi_symbolics", "_init_between_tensors", "model", "multi_output")
    if inner is None or not all(hasattr(inner, name) for name in needed):
        return False
    if len(inner.phi_symbolics) != 1 or inner.phi_symbolics[0] is not None:
        return False
    model, multi_output = inner.model, inner.multi_output

    def grad_graph(shap_rAnD: Any) -> Any:
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(shap_rAnD)
            out = model(shap_rAnD, training=False)
            if multi_output:
                out = out[:, 0]
        inner._init_between_tensors(out.op, shap_rAnD)
        return tape.gradient(out, shap_rAnD)

    inner.phi_symbolics[0] = tf.function(grad_graph, autograph=False)
    return True


def _gradient_recorder_guard() -> Any:
    """Return a function that puts TensorFlow's eager gradient recorder back.

    DeepExplainer swaps ``tensorflow.python.eager.execute.record_gradient`` for
    its own while it runs and only swaps it back when the run succeeds. After a
    failure, every later gradient in the session (GradientExplainer's, and
    ``model.fit``'s) would look for ``shap_``-prefixed ops and fail with
    "gradient registry has no entry for: shap_StridedSlice".
    """
    try:
        from tensorflow.python.eager import execute
    except ImportError:  # pragma: no cover - TensorFlow moved it; nothing to guard
        return lambda: None
    original = execute.record_gradient

    def restore() -> None:
        execute.record_gradient = original

    return restore


def _weights_digest(model: Any) -> str:
    """A short fingerprint of the model's weights, to notice further training."""
    h = hashlib.blake2b(digest_size=16)
    for w in model.get_weights():
        h.update(np.ascontiguousarray(w).tobytes())
    return h.hexdigest()


def _explainer_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "this explainer cannot handle this model".

    shap checks its inputs with ``assert`` (hence ``AssertionError``), walks the
    model graph (``AttributeError``, ``KeyError``) and runs TensorFlow ops
    (``tf.errors.OpError``, or AutoGraph's ``StagingError`` around any of
    these). Anything else is a real bug and propagates.
    """
    import tensorflow as tf
    from shap.utils._exceptions import DimensionError, ExplainerError

    errors = (
        AssertionError,
        AttributeError,
        LookupError,
        NotImplementedError,
        TypeError,
        ValueError,
        DimensionError,
        ExplainerError,
        tf.errors.OpError,
    )
    try:  # AutoGraph re-raises an error inside a traced function as StagingError
        from tensorflow.python.autograph.impl.api import StagingError
    except ImportError:  # pragma: no cover - TensorFlow moved it
        return errors
    return (*errors, StagingError)


def _describe_error(exc: BaseException, limit: int = 160) -> str:
    """One line: the exception's type and the start of its message."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    if isinstance(exc, _AdditivityError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _quiet(warnings.catch_warnings):
    """Silence shap's known, harmless warnings (TensorFlow > 2.4, Keras input structure)."""

    def __enter__(self) -> Any:
        result = super().__enter__()
        warnings.filterwarnings("ignore", message=r".*TensorFlow version is newer than 2\.4")
        warnings.filterwarnings("ignore", message=r".*structure of `inputs` doesn't match")
        return result


def _import_keras() -> Any:
    from ._keras import import_keras

    return import_keras()


def _import_shap() -> Any:
    _import_keras()  # quiet TensorFlow's logs before shap imports it
    try:
        import shap
    except ImportError as exc:  # pragma: no cover - shap is a dependency
        raise ImportError(
            "explain_prediction needs the `shap` package. Install it with "
            "`pip install shap` (the course's `make install` does)."
        ) from exc
    return shap
