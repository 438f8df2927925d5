"""Plot the loss and metrics recorded by ``model.fit`` epoch by epoch.

:class:`HistoryDisplay` follows scikit-learn's Display pattern: build it with
:meth:`HistoryDisplay.from_history` (a Keras ``History`` or its ``.history``
dict), then :meth:`HistoryDisplay.plot` draws a training panel and, when the
fit had validation data, a validation panel beside it. Loss is on the left
axis, the other metrics on a twin right axis, epochs (from 1) along x.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ._validation import check_type, describe

__all__ = ["HistoryDisplay", "plot_history"]

# Logged by callbacks such as ReduceLROnPlateau: not a score, so not drawn by default.
_NOT_SCORES = ("learning_rate", "lr")
_LOSS_COLOR = "black"
# Okabe-Ito colours, for the metrics on the right axis.
_METRIC_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _as_dict(history: Any) -> dict[str, np.ndarray]:
    raw = getattr(history, "history", history)
    if not isinstance(raw, Mapping):
        raise TypeError(
            "Invalid type for argument `history`. Expected the History returned by "
            "`model.fit(...)` or its `.history` dict. "
            f"Received: history={describe(history)} (type {type(history).__name__}). "
            "Write `history = model.fit(...)` and pass `history`."
        )
    if not raw:
        raise ValueError(
            "The history is empty: it has no loss or metric. Received: history={}. "
            "Pass the History returned by `model.fit(...)` after at least one epoch."
        )
    values = {}
    for key, series in raw.items():
        check_type("history key", key, str)
        try:
            array = np.asarray(series, dtype=float).reshape(-1)
        except (TypeError, ValueError) as err:
            raise ValueError(
                f"History entry {key!r} should be a list of numbers, one per epoch. "
                f"Received: {describe(series)}."
            ) from err
        values[key] = array
    lengths = {key: len(array) for key, array in values.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(
            "History entries must have one value per epoch, all of the same length. "
            f"Received lengths: {lengths}. Pass the dict from a single `model.fit` call, "
            "or cut the lists to the same number of epochs."
        )
    if next(iter(lengths.values())) == 0:
        raise ValueError(
            f"The history has no epochs: every entry is empty ({sorted(values)}). "
            "Train for at least one epoch first."
        )
    return values


class HistoryDisplay:
    """Loss and metrics per epoch, for training and validation.

    Introduced in lesson 5 (training and testing).

    Build it with :meth:`from_history`, then call :meth:`plot`.

    Parameters
    ----------
    history : dict of str to numpy.ndarray
        One array per logged quantity (``'loss'``, ``'accuracy'``,
        ``'val_loss'``...), all of the same length (the number of epochs).

    Attributes
    ----------
    history : dict of str to numpy.ndarray
        The data.
    epochs : numpy.ndarray
        Epoch numbers, from 1.
    figure_ : matplotlib.figure.Figure
    axes_ : list of matplotlib.axes.Axes
        The loss axes: ``[training]`` or ``[training, validation]``.
    twin_axes_ : list of matplotlib.axes.Axes or None
        The right-hand metric axis of each panel (None without metrics).
    lines_ : dict of str to matplotlib.lines.Line2D
        One line per history key drawn (``'loss'``, ``'val_accuracy'``...).
    legend_ : matplotlib.legend.Legend or None
        One legend for both panels (a quantity keeps its colour), below them.

    Examples
    --------
    >>> from nnteach import HistoryDisplay
    >>> history = {"loss": [0.7, 0.5, 0.4], "accuracy": [0.5, 0.7, 0.8],
    ...            "val_loss": [0.7, 0.6, 0.55], "val_accuracy": [0.5, 0.6, 0.7]}
    >>> display = HistoryDisplay.from_history(history).plot()
    >>> sorted(display.lines_)
    ['accuracy', 'loss', 'val_accuracy', 'val_loss']
    """

    def __init__(self, history: Mapping[str, Sequence[float]]):
        self.history = _as_dict(history)
        self.epochs = np.arange(1, len(next(iter(self.history.values()))) + 1)

    @classmethod
    def from_history(cls, history: Any) -> HistoryDisplay:
        """Read what ``model.fit`` recorded.

        Introduced in lesson 5 (training and testing).

        Parameters
        ----------
        history : keras.callbacks.History or dict
            What ``model.fit(...)`` returned, or its ``.history`` dict.

        Returns
        -------
        HistoryDisplay

        Raises
        ------
        TypeError
            If ``history`` is neither a History nor a dict.
        ValueError
            If it is empty or its lists have different lengths.

        Examples
        --------
        >>> from nnteach import HistoryDisplay
        >>> HistoryDisplay.from_history({"loss": [0.9, 0.4]}).epochs
        array([1, 2])
        """
        return cls(history)

    @property
    def has_validation(self) -> bool:
        """Whether the history holds validation entries (``val_...``)."""
        return any(key.startswith("val_") for key in self.history)

    def available_metrics(self) -> list[str]:
        """Names of the training metrics other than the loss, in logged order."""
        return [key for key in self.history if not key.startswith("val_") and key != "loss"]

    def _resolve_metrics(self, metrics) -> list[str]:
        available = self.available_metrics()
        if metrics is None:
            return [name for name in available if name not in _NOT_SCORES]
        if isinstance(metrics, str):
            metrics = [metrics]
        check_type("metrics", metrics, (list, tuple), hint="Pass metric names, e.g. ['accuracy'].")
        for name in metrics:
            if name not in available:
                hint = ""
                if isinstance(name, str) and name.startswith("val_"):
                    hint = f" Pass {name[4:]!r}: the validation panel draws {name!r} itself."
                raise ValueError(
                    f"Invalid value for argument `metrics`: {name!r} is not in the history. "
                    f"Expected names among {available} (the loss is always drawn).{hint}"
                )
        return list(metrics)

    def plot(
        self,
        *,
        metrics: str | Sequence[str] | None = None,
        axes=None,
        title: str | None = None,
    ) -> HistoryDisplay:
        """Draw loss and metrics against epochs.

        Introduced in lesson 5 (training and testing).

        Parameters
        ----------
        metrics : str or list of str, optional
            Metrics drawn on the right axis; by default every logged metric
            except the loss (and the learning rate). ``[]`` draws only the loss.
        axes : sequence of matplotlib.axes.Axes, optional
            Where to draw: two axes (training, validation) when the history
            has ``val_`` entries, one otherwise. By default a new figure.
        title : str, optional
            Figure title.

        Returns
        -------
        HistoryDisplay
            ``self``, with ``figure_``, ``axes_``, ``twin_axes_``, ``lines_``
            and ``legend_`` set.

        Examples
        --------
        >>> from nnteach import HistoryDisplay
        >>> display = HistoryDisplay.from_history({"loss": [0.9, 0.5], "mae": [0.8, 0.6]})
        >>> [ax.get_title() for ax in display.plot(metrics=["mae"]).axes_]
        ['Training']
        """
        names = self._resolve_metrics(metrics)
        if title is not None:
            check_type("title", title, str)
        panels = [("Training", "")]
        if self.has_validation:
            panels.append(("Validation", "val_"))
        fig, axes, own_figure = _panel_axes(axes, len(panels))

        lines, twins, panel_handles = {}, [], []
        for ax, (panel, prefix) in zip(axes, panels, strict=True):
            twin, handles = self._draw_panel(ax, panel, prefix, names, lines)
            twins.append(twin)
            panel_handles.append(handles)

        # Same scales in both panels, so training and validation compare at a glance.
        if len(axes) == 2:
            _share_limits([axes[0], axes[1]])
            if all(twin is not None for twin in twins):
                _share_limits(twins)
        if title is not None:
            fig.suptitle(title)

        # One legend: a quantity has the same colour in both panels.
        handles = panel_handles[0] or panel_handles[-1]
        labels = [h.get_label().removeprefix("val_") for h in handles]
        if not handles:
            self.legend_ = None
        elif own_figure:
            self.legend_ = fig.legend(
                handles, labels, loc="outside lower center", ncol=len(handles), frameon=False
            )
        else:  # on the topmost axes of the first panel, so no line hides it
            top = twins[0] if twins[0] is not None else axes[0]
            self.legend_ = top.legend(handles, labels, loc="best", fontsize=8.5)

        self.figure_ = fig
        self.axes_ = axes
        self.twin_axes_ = twins
        self.lines_ = lines
        return self

    def _draw_panel(self, ax, panel: str, prefix: str, names: list[str], lines: dict):
        """Draw one panel: the loss on ``ax``, the metrics on a twin axis.

        Adds the drawn lines to ``lines`` and returns ``(twin or None, handles)``.
        """
        from matplotlib.ticker import MaxNLocator

        marker = "o" if len(self.epochs) <= 30 else None
        handles = []

        def draw(target, key, color):
            (line,) = target.plot(
                self.epochs, self.history[key], color=color, marker=marker, ms=3, label=key
            )
            lines[key] = line
            handles.append(line)

        loss_key = f"{prefix}loss"
        if loss_key in self.history:
            draw(ax, loss_key, _LOSS_COLOR)
            ax.set_ylabel("loss")
        keys = [f"{prefix}{name}" for name in names if f"{prefix}{name}" in self.history]
        twin = ax.twinx() if keys else None
        for k, key in enumerate(keys):
            draw(twin, key, _METRIC_COLORS[k % len(_METRIC_COLORS)])
        if twin is not None:
            twin.set_ylabel(keys[0][len(prefix) :] if len(keys) == 1 else "score")
        ax.set_title(panel)
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        return twin, handles


def _panel_axes(axes, n_panels: int):
    """``(figure, list of axes, whether the figure is ours)`` for ``n_panels`` panels."""
    if axes is None:
        import matplotlib.pyplot as plt

        width = 5.2 * n_panels + 0.6
        fig, grid = plt.subplots(
            1, n_panels, figsize=(width, 3.8), layout="constrained", squeeze=False
        )
        return fig, list(grid[0]), True
    if hasattr(axes, "ravel"):  # a numpy array from plt.subplots
        axes = list(axes.ravel())
    elif not isinstance(axes, Sequence):
        axes = [axes]
    axes = list(axes)
    if len(axes) != n_panels:
        what = "training and validation" if n_panels == 2 else "training only"
        raise ValueError(
            f"Invalid value for argument `axes`. Expected {n_panels} axes "
            f"({what}). Received: {len(axes)} axes. Create them with "
            f"`fig, axes = plt.subplots(1, {n_panels})`."
        )
    return axes[0].figure, axes, False


def _share_limits(axes) -> None:
    low = min(ax.get_ylim()[0] for ax in axes)
    high = max(ax.get_ylim()[1] for ax in axes)
    for ax in axes:
        ax.set_ylim(low, high)


def plot_history(
    history: Any,
    metrics: str | Sequence[str] | None = None,
    **kwargs: Any,
) -> HistoryDisplay:
    """Plot what ``model.fit`` recorded: loss and metrics per epoch (shortcut).

    Introduced in lesson 5 (training and testing).

    Same as ``HistoryDisplay.from_history(history).plot(metrics=metrics, **kwargs)``.

    Parameters
    ----------
    history : keras.callbacks.History or dict
        What ``model.fit(...)`` returned, or its ``.history`` dict.
    metrics : str or list of str, optional
        Metrics on the right axis; by default all but the loss.
    **kwargs
        ``axes`` and ``title``, passed to :meth:`HistoryDisplay.plot`.

    Returns
    -------
    HistoryDisplay

    Examples
    --------
    >>> import nnteach
    >>> display = nnteach.plot_history(
    ...     {"loss": [0.7, 0.5], "accuracy": [0.6, 0.8],
    ...      "val_loss": [0.7, 0.6], "val_accuracy": [0.6, 0.7]},
    ...     metrics=["accuracy"],
    ... )
    >>> [ax.get_title() for ax in display.axes_]
    ['Training', 'Validation']
    """
    return HistoryDisplay.from_history(history).plot(metrics=metrics, **kwargs)
