"""Explanation explorer: pick an instance, see the prediction and its SHAP values.

Introduced in lesson 6 (explaining predictions).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import style
from .._validation import check_choice, check_int, describe
from ..explain._format import format_number, format_signed
from ._base import Explorer, FigureImage, beside_controls, control, readout_html, text_html

__all__ = ["ExplanationExplorer", "explanation_explorer"]

_CACHE_SIZE = 256  # explanations kept (one per instance)
_MAX_TOP = 15


@dataclass
class _Shown:
    """The artists of the chart on screen, updated in place by the next instance."""

    bars: Any  # BarContainer
    labels: list[Any]  # value labels (Annotations), one per bar
    connectors: Any  # the waterfall's LineCollection, or None
    room: Any  # the LabelRoom that keeps the value labels inside the axes
    marks: list[Any]  # the waterfall's base value and prediction lines
    mark_texts: list[Any]  # and their texts


class ExplanationExplorer(Explorer):
    """The widget made by :func:`explanation_explorer` (see there)."""

    title = "Why this prediction? SHAP values of one instance"

    def __init__(
        self,
        model: Any,
        X_train: Any,
        X: Any,
        feature_names: Sequence[str] | None = None,
        *,
        task: str = "classification",
        y: Any = None,
        preset: Mapping[str, Any] | None = None,
    ) -> None:
        import ipywidgets as widgets

        check_choice("task", task, ("classification", "regression"))
        self.model, self.X_train, self.task = model, X_train, task
        self.X = np.asarray(X)
        self.y = None if y is None else np.asarray(y)
        self.feature_names = None if feature_names is None else list(feature_names)
        n_rows = len(self.X) if self.X.ndim >= 1 else 0
        n_features = self.X.shape[1] if self.X.ndim == 2 else 1
        controls = {
            "instance": control(
                widgets.IntSlider,
                value=0,
                min=0,
                max=max(n_rows - 1, 0),
                description="instance",
                continuous_update=False,
            ),
            "top": control(
                widgets.IntSlider,
                value=min(8, max(n_features, 1)),
                min=1,
                max=max(min(_MAX_TOP, n_features), 1),
                description="features shown",
                continuous_update=False,
            ),
            "kind": control(
                widgets.Dropdown,
                options=["bar", "waterfall"],
                value="bar",
                description="plot",
            ),
        }
        self.readout = readout_html()
        self._fig = FigureImage((6.6, 3.6), dpi=80)
        self.figure_ = self._fig.figure
        self.ax_ = self.figure_.add_axes((0.36, 0.2, 0.6, 0.76))
        body = [beside_controls([*controls.values(), self.readout], self._fig.image)]
        super().__init__(controls, body)
        self.explainer_: Any = None
        self.explanation_: Any = None
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._layout: tuple[str, int] | None = None  # (kind, rows) of the chart on screen
        self._shown: _Shown | None = None
        self._left = 0.0  # left edge of the axes, in figure fractions
        self._start(preset)

    def explain(self, index: int) -> Any:
        """The ``Explanation`` of instance ``index`` (cached: each is computed once)."""
        from ..explain import ModelExplainer

        if self.X.ndim != 2 or len(self.X) == 0:
            raise ValueError(
                f"There is no instance to explain: X={describe(self.X)}. Pass a 2-D array "
                "with at least one row, e.g. X_test."
            )
        index = check_int("instance", index, minimum=0, maximum=len(self.X) - 1)
        if self.explainer_ is None:  # built once: later instances take milliseconds
            self.explainer_ = ModelExplainer(
                self.model, self.X_train, self.feature_names, task=self.task
            )
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        explanation = self.explainer_.explain(self.X[index], top=_MAX_TOP)
        self._cache[index] = explanation
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return explanation

    def _draw(self, *, instance: int, top: int, kind: str) -> None:
        explanation = self.explain(instance)
        self.explanation_ = explanation
        layout = (kind, min(top, explanation.n_features))
        if layout == self._layout and self._shown is not None:
            # same rows as the chart on screen: move its bars and rewrite its
            # labels instead of clearing the axes and drawing a new chart
            self._update_in_place(explanation, top=top, kind=kind)
        else:
            self._draw_new(explanation, top=top, kind=kind)
            self._layout = layout
        self._fit_labels()
        self._fig.render(full=True)
        self._write_readout(explanation, instance=instance, top=top)

    def _draw_new(self, explanation: Any, *, top: int, kind: str) -> None:
        """Clear the axes and draw ``explanation`` with its own ``plot`` (new layout)."""
        from ..explain._label_layout import LabelRoom

        ax = self.ax_
        ax.clear()
        self._left = 0.0  # new rows: measure the room for their labels afresh
        explanation.plot(ax=ax, kind=kind, top=top)
        for loc in ("left", "center", "right"):  # the text beside the plot says it all
            ax.set_title("", loc=loc)
        if kind == "bar":  # the sum of the features not shown is in the text beside
            ax.set_xlabel(f"SHAP value: contribution to {explanation.output_name}")
        labels = set(map(id, explanation.labels_))
        self._shown = _Shown(
            bars=explanation.bars_,
            labels=list(explanation.labels_),
            connectors=explanation.connectors_,
            room=next(a for a in ax.artists if isinstance(a, LabelRoom)),
            # the waterfall's base value and prediction marks, in plot()'s order
            marks=list(ax.lines[1:] if kind == "bar" else ax.lines),
            mark_texts=[t for t in ax.texts if id(t) not in labels],
        )

    def _update_in_place(self, explanation: Any, *, top: int, kind: str) -> None:
        """Show ``explanation`` in the artists of the chart on screen.

        Same geometry as ``Explanation.plot`` (``tests/test_widgets.py``
        compares the two artist by artist), but no artist is created: bar
        widths and colours, value labels, tick labels, limits and the
        waterfall's steps and marks are updated. Rebuilding the chart with
        ``ax.clear()`` + ``plot()`` spent most of its time creating ticks and
        texts.
        """
        shown, ax = self._shown, self.ax_
        order = explanation._order(top)
        if kind == "bar":
            steps = explanation.values[order]
            lefts = np.zeros(len(steps))
            labels = explanation._row_labels(order)
            y = np.arange(len(order))[::-1]
            low, high = min(steps.min(), 0.0), max(steps.max(), 0.0)
        else:
            steps, labels, lefts = explanation._waterfall_steps(order)
            y = np.arange(len(steps))
        ends = lefts + steps
        for bar, label, step, left, end, row in zip(
            shown.bars, shown.labels, steps, lefts, ends, y, strict=True
        ):
            bar.set_x(left)
            bar.set_width(step)
            bar.set_facecolor(style.sign_colour(step))
            # what ax.bar_label(bars, padding=3) writes at the end of a bar
            label.set_text(format_signed(step))
            label.xy = (end, row)
            label.xyann = (3 if step >= 0 else -3, 0)
            label.set_horizontalalignment("left" if step >= 0 else "right")
        shown.bars.datavalues = steps
        ax.yaxis.set_ticklabels(labels)
        if kind == "waterfall":
            shown.connectors.set_segments(
                [[(ends[i], y[i] - 0.35), (ends[i], y[i + 1] + 0.35)] for i in y[:-1]]
            )
            low = min(lefts.min(), ends.min(), explanation.prediction)
            high = max(lefts.max(), ends.max(), explanation.prediction)
            middle = (low + high) / 2
            for line, text, value, name in zip(
                shown.marks,
                shown.mark_texts,
                (explanation.base_value, explanation.prediction),
                ("base value", "prediction"),
                strict=True,
            ):
                line.set_xdata([value, value])
                right_half = value > middle
                text.set_x(value)
                text.set_text(
                    f"{name} {format_number(value, 4)} "
                    if right_half
                    else f" {name} {format_number(value, 4)}"
                )
                text.set_horizontalalignment("right" if right_half else "left")
        span = (high - low) or max(abs(high), 1.0)
        ax.set_xlim(low - 0.22 * span, high + 0.22 * span)
        shown.room.remember_xlim()  # the label room widens from these limits
        explanation.figure_, explanation.ax_ = self.figure_, ax
        explanation.bars_, explanation.labels_ = shown.bars, shown.labels
        explanation.connectors_ = shown.connectors

    def _fit_labels(self) -> None:
        """Room on the left for the longest "feature = value" label.

        Measured with the renderer (an estimate from the character count
        clipped long names such as "worst compactness = -0.953"). The room
        only grows while the slider moves, so the chart does not jump
        sideways from one instance to the next.
        """
        ax = self.ax_
        renderer = self.figure_.canvas.get_renderer()
        widest = max(
            (t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0.0
        )
        width_px = self.figure_.get_figwidth() * self.figure_.dpi
        self._left = max(self._left, min(0.6, (widest + 18) / width_px))
        left = self._left
        ax.set_position((left, 0.2, 0.97 - left - 0.06, 0.76))

    def _write_readout(self, explanation: Any, *, instance: int, top: int) -> None:
        truth = ""
        if self.y is not None and len(self.y) > instance:
            truth = f" (true value: {html.escape(str(self.y[instance]))})"
        verdict = ""
        if self.task == "classification" and explanation.class_index is None:
            verdict = f" → class {int(explanation.prediction >= 0.5)}"
        shown = min(top, explanation.n_features)
        rest = ""
        if shown < explanation.n_features:
            others = explanation.values.sum() - sum(v for _, v in explanation.top_features(shown))
            rest = (
                f"The {explanation.n_features - shown} features not in the chart "
                f"add {others:+.3f} together.<br>"
            )
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td style='text-align:right'>{value:+.3f}</td></tr>"
            for name, value in explanation.top_features(min(top, 5))
        )
        self.readout.value = text_html(
            f"<b>Instance {instance}</b>: {html.escape(explanation.output_name)} = "
            f"<b>{explanation.prediction:.3f}</b>{verdict}{truth}<br>"
            f"base value (average prediction) {explanation.base_value:.3f}, "
            f"SHAP values add {explanation.values.sum():+.3f}.<br>"
            f"{rest}"
            "Largest effects:"
            f"<table style='font-family:monospace; font-size:90%'>{rows}</table>"
        )


def explanation_explorer(
    model: Any,
    X_train: Any,
    X: Any,
    feature_names: Sequence[str] | None = None,
    *,
    task: str = "classification",
    y: Any = None,
    preset: Mapping[str, Any] | None = None,
) -> ExplanationExplorer:
    """Slide through instances and see each prediction explained with SHAP values.

    Introduced in lesson 6 (explaining predictions).

    For the chosen row of ``X``: the model's prediction, the base value (the
    average prediction over a background sample of ``X_train``) and a bar
    chart (or waterfall) of the features' SHAP values, the largest first.
    One ``nnteach.explain.ModelExplainer`` is built on first use and kept, and
    every explanation is cached, so after the first instance (about a second:
    shap traces the model) each move takes milliseconds plus the redraw.

    Controls: ``instance`` (0 to ``len(X) - 1``), ``top`` (features shown)
    and ``kind`` (``"bar"`` or ``"waterfall"``).

    Parameters
    ----------
    model : keras.Model
        A trained model with one output (sigmoid, softmax or linear).
    X_train : array-like of shape (n_samples, n_features)
        The training data (the background of the explanations).
    X : array-like of shape (n_instances, n_features)
        The instances to choose from, scaled like ``X_train`` (e.g. ``X_test``).
    feature_names : sequence of str, optional
        One name per column.
    task : {"classification", "regression"}, default="classification"
    y : array-like of shape (n_instances,), optional
        True labels or values of ``X``, shown next to the prediction.
    preset : dict, optional
        Starting values by control name, e.g. ``{"instance": 3, "kind": "waterfall"}``.

    Returns
    -------
    ExplanationExplorer
        Displays as the widget in Jupyter; ``.explanation_`` is the
        ``Explanation`` shown, ``.explainer_`` the cached ``ModelExplainer``.

    Examples
    --------
    >>> from nnteach.widgets import explanation_explorer
    >>> explorer = explanation_explorer(  # doctest: +SKIP
    ...     model, X_train, X_test, data.feature_names, y=y_test
    ... )
    >>> explorer.controls["instance"].value = 3  # doctest: +SKIP
    >>> explorer.explanation_.top_features(2)  # doctest: +SKIP
    [('worst area', 0.081), ('worst concave points', 0.052)]
    """
    return ExplanationExplorer(model, X_train, X, feature_names, task=task, y=y, preset=preset)
