"""Keep the value labels of a horizontal bar chart inside its axes (private).

``ax.bar_label`` writes each value just past its bar's end: to the right of a
positive bar, to the left of a negative one. Whether a label fits between the
bar's end and the axes' edge depends on the axes' width in points, and that is
only final when the figure is drawn: a constrained layout sizes the axes at
draw time, and a second plot in the same figure (two explanations side by
side, lesson 6) narrows the first one after it was plotted. So the room is
made at draw time, by an invisible artist drawn before everything else in the
axes (``Axes.draw`` draws its children by zorder after running the layout,
and does not propagate ``stale`` while it draws): it widens the x limits just
enough for the widest labels, else leaves them as the plot set them. Limits
set afterwards by the user (``ax.set_xlim``) are theirs and left alone.

This module imports matplotlib at module level: import it inside the
functions that draw (``Explanation.plot``, the explanation explorer), never
at the top of a module that ``import nnteach`` loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.artist import Artist

__all__ = ["LabelRoom", "fit_label_room", "keep_labels_inside"]


def fit_label_room(
    xlim: tuple[float, float],
    ends: Any,
    on_left: Any,
    need: Any,
    width: float,
) -> tuple[float, float]:
    """Widen ``xlim`` so that each label fits beside its bar's end.

    Parameters
    ----------
    xlim : (float, float)
        The limits to start from (never narrowed).
    ends : array-like of float
        Data x of each label's anchor (its bar's end).
    on_left : array-like of bool
        Whether each label is written to the left of its anchor.
    need : array-like of float
        Room each label needs beside its anchor, in the unit of ``width``.
    width : float
        Width of the axes (points or pixels).

    Returns
    -------
    (float, float)
        The new limits; ``xlim`` unchanged when it already fits, or when the
        labels need most of the width (then no limits would do).

    Examples
    --------
    >>> left, right = fit_label_room((-1.0, 1.0), [-1.0], [True], [10.0], 100.0)
    >>> round(left, 4), right  # the label takes 10 % of the width, left of -1
    (-1.2222, 1.0)
    """
    left, right = map(float, xlim)
    ends = np.asarray(ends, dtype=float)
    on_left = np.asarray(on_left, dtype=bool)
    need = np.asarray(need, dtype=float)
    need_left = need[on_left].max(initial=0.0)
    need_right = need[~on_left].max(initial=0.0)
    if width <= 0 or right <= left or need_left + need_right >= 0.9 * width:
        return left, right
    # A label at x needs  x - left >= need / width * (right - left)  (on the
    # left); widening the limits shrinks the data per point, so iterate to the
    # fixed point, reached quickly while the labels take under 90 % of the width.
    for _ in range(100):
        per_unit = (right - left) / width
        new_left = min(left, float(np.min(ends[on_left] - need[on_left] * per_unit, initial=left)))
        new_right = max(
            right, float(np.max(ends[~on_left] + need[~on_left] * per_unit, initial=right))
        )
        converged = (left - new_left) + (new_right - right) <= 1e-9 * (right - left)
        left, right = new_left, new_right
        if converged:
            break
    return left, right


class LabelRoom(Artist):
    """Invisible artist that makes room for bar labels when the axes are drawn.

    Added by :func:`keep_labels_inside`; see the module docstring.
    """

    zorder = -np.inf  # drawn first, before the bars, labels and ticks

    def __init__(self, labels: Sequence[Any], *, margin_pt: float = 6.0) -> None:
        super().__init__()
        self.set_in_layout(False)  # it draws nothing: no part of any layout
        self.labels = list(labels)
        self.margin_pt = float(margin_pt)
        self._base_xlim: tuple[float, float] | None = None
        self._set_xlim: tuple[float, float] | None = None

    def remember_xlim(self) -> None:
        """Take the axes' current x limits as the ones to widen from."""
        self._base_xlim = self._set_xlim = tuple(self.axes.get_xlim())

    def get_window_extent(self, renderer: Any = None) -> Any:
        from matplotlib.transforms import Bbox

        return Bbox.null()  # nothing drawn

    def draw(self, renderer: Any) -> None:
        ax = self.axes
        if ax is None or self._base_xlim is None or not self.labels:
            return
        if tuple(ax.get_xlim()) != self._set_xlim:
            return  # someone else set the limits since
        px_per_pt = renderer.points_to_pixels(1.0)
        ends = [label.xy[0] for label in self.labels]
        on_left = [label.get_horizontalalignment() == "right" for label in self.labels]
        need = [
            label.get_window_extent(renderer).width
            + (abs(label.xyann[0]) + self.margin_pt) * px_per_pt
            for label in self.labels
        ]
        xlim = fit_label_room(self._base_xlim, ends, on_left, need, ax.bbox.width)
        if xlim != self._set_xlim:
            ax.set_xlim(xlim)
            self._set_xlim = tuple(ax.get_xlim())


def keep_labels_inside(ax: Any, labels: Sequence[Any], *, margin_pt: float = 6.0) -> LabelRoom:
    """Widen ``ax``'s x limits at draw time until every label is inside the axes.

    Call it after setting the limits the plot should have when the labels
    fit; each label then keeps ``margin_pt`` points from the axes' edge, clear
    of the tick labels beside it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    labels : list of matplotlib.text.Annotation
        Labels made by ``ax.bar_label`` on horizontal bars.
    margin_pt : float, default=6.0

    Returns
    -------
    LabelRoom
        The artist added to ``ax``.
    """
    room = LabelRoom(labels, margin_pt=margin_pt)
    ax.add_artist(room)
    room.remember_xlim()
    return room
