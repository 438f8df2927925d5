"""The result of explaining one prediction: SHAP values, a text summary and two plots.

Introduced in lesson 6 (explaining predictions). Matplotlib is imported inside
:meth:`Explanation.plot`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import style
from .._validation import check_choice, check_int
from ._format import format_number, format_signed
from ._inputs import EXPLAINERS, TASKS, check_display

__all__ = ["PLOT_KINDS", "Explanation"]

PLOT_KINDS = ("bar", "waterfall")


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
            self.display_data = check_display(display_data, self.n_features)
        self.base_value = float(base_value)
        self.prediction = float(prediction)
        self.method = check_choice("method", method, EXPLAINERS)
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
        from ._cache import explain_prediction

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
            f"  {self.output_name}: {format_number(self.prediction, 4)}",
            f"  base value (average over the background): {format_number(self.base_value, 4)}",
            f"  sum of the {self.n_features} SHAP values: {format_signed(self.values.sum(), 4)}"
            f"  (additivity error {self.additivity_error:.1g})",
        ]
        if self.fallback_reason:
            lines.append(f"  note: {self.fallback_reason}")
        lines.append(f"  top {len(order)} of {self.n_features} features by |SHAP value|:")
        lines += [
            f"    {label:<{width}}  {format_signed(self.values[i])}"
            for label, i in zip(labels, order, strict=True)
        ]
        if len(rest):
            together = format_signed(self.values[rest].sum())
            lines.append(f"    ({len(rest)} other features together: {together})")
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
            ``connectors_`` set. Bars that raise the prediction are blue
            (``nnteach.style.POSITIVE``), bars that lower it are vermillion
            (``nnteach.style.NEGATIVE``): the colours of positive and negative
            weights in lesson 3's diagrams.

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
        return [f"{self.feature_names[i]} = {format_number(shown[i])}" for i in order]

    def _plot_bar(self, ax: Any, order: np.ndarray) -> None:
        values = self.values[order]
        y = np.arange(len(order))[::-1]  # the largest |value| on top
        colors = [style.sign_colour(v) for v in values]
        self.bars_ = ax.barh(y, values, height=0.7, color=colors)
        self.labels_ = ax.bar_label(
            self.bars_, labels=[format_signed(v) for v in values], padding=3, fontsize=9
        )
        self.connectors_ = None
        ax.axvline(0, color="0.25", linewidth=0.8)
        ax.set_yticks(y, labels=self._row_labels(order))
        ax.set_ylim(-0.6, len(order) - 0.4)
        _pad_xlim(ax, min(values.min(), 0.0), max(values.max(), 0.0), self.labels_)
        rest = self.n_features - len(order)
        xlabel = f"SHAP value: contribution to {self.output_name}"
        if rest:
            xlabel += f"\n({rest} other features together: {format_signed(self._rest_sum(order))})"
        ax.set_xlabel(xlabel)
        ax.set_title(self._title(), fontsize=11)

    def _plot_waterfall(self, ax: Any, order: np.ndarray) -> None:
        from matplotlib.collections import LineCollection

        steps, labels, lefts = self._waterfall_steps(order)
        ends = lefts + steps
        y = np.arange(len(steps))
        colors = [style.sign_colour(v) for v in steps]
        self.bars_ = ax.barh(y, steps, left=lefts, height=0.7, color=colors)
        self.labels_ = ax.bar_label(
            self.bars_, labels=[format_signed(v) for v in steps], padding=3, fontsize=9
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
                f"{name} {format_number(value, 4)} "
                if right_half
                else f" {name} {format_number(value, 4)}",
                va="center",
                ha="right" if right_half else "left",
                fontsize=9,
                color="0.2",
            )
        ax.set_xlabel(f"{self.output_name}: base value + SHAP values")
        ax.set_title(self._title(), fontsize=11)

    def _waterfall_steps(self, order: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        """The waterfall's bars ``(steps, labels, lefts)``, bottom to top.

        The other features (if any) first, then the shown ones with the largest
        ``|value|`` last, so that the chain runs from base value to prediction.
        """
        steps = [float(v) for v in self.values[order][::-1]]
        labels = self._row_labels(order)[::-1]
        rest = self.n_features - len(order)
        if rest:
            steps.insert(0, self._rest_sum(order))
            labels.insert(0, f"{rest} other features")
        steps = np.asarray(steps)
        lefts = self.base_value + np.concatenate([[0.0], np.cumsum(steps)[:-1]])
        return steps, labels, lefts

    def _rest_sum(self, order: np.ndarray) -> float:
        return float(self.values.sum() - self.values[order].sum())

    def _title(self) -> str:
        name = self.output_name[:1].upper() + self.output_name[1:]
        return (
            f"{name} = {format_number(self.prediction, 4)}"
            f"   (base value {format_number(self.base_value, 4)}, {self.method} SHAP)"
        )


def _pad_xlim(ax: Any, low: float, high: float, labels: Sequence[Any]) -> None:
    """Leave room beside the bars for their value labels.

    22 % of the bars' span on each side, widened when the figure is drawn if a
    label needs more at the axes' final width (a negative bar's label would
    otherwise run into the feature names left of the axes).
    """
    from ._label_layout import keep_labels_inside

    span = (high - low) or max(abs(high), 1.0)
    ax.set_xlim(low - 0.22 * span, high + 0.22 * span)
    keep_labels_inside(ax, labels)
