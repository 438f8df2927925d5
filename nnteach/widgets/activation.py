"""Activation explorer: an activation function, its derivative and where the gradient vanishes.

Introduced in lesson 2 (deep networks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from .. import style
from .._validation import check_int, check_number
from ._activations import ACTIVATIONS, activation_function
from ._base import Explorer, FigureImage, beside_controls, control, readout_html, text_html

__all__ = ["ActivationCurve", "ActivationExplorer", "activation_curve", "activation_explorer"]

#: Limits of the range slider.
X_LIMITS = (-10.0, 10.0)
_SHADE = style.NEUTRAL  # grey: where the gradient vanishes (blue and vermillion mean raise / lower)
_N_LAYERS = 10  # depth used in the "through 10 layers" sentence


class ActivationCurve(NamedTuple):
    """An activation sampled over a range: the result of :func:`activation_curve`."""

    x: np.ndarray
    y: np.ndarray
    dy: np.ndarray
    vanishing: list[tuple[float, float]]
    vanishing_fraction: float
    max_gradient: float


def _runs(mask: np.ndarray, x: np.ndarray) -> list[tuple[float, float]]:
    """The intervals of ``x`` where ``mask`` holds, to half a sample step."""
    if not mask.any():
        return []
    half = (x[1] - x[0]) / 2 if len(x) > 1 else 0.0
    edges = np.flatnonzero(np.diff(np.r_[False, mask, False].astype(int)))
    starts, ends = edges[::2], edges[1::2] - 1
    return [
        (float(max(x[s] - half, x[0])), float(min(x[e] + half, x[-1])))
        for s, e in zip(starts, ends, strict=True)
    ]


def activation_curve(
    activation: str,
    x_min: float = -6.0,
    x_max: float = 6.0,
    *,
    threshold: float = 0.05,
    n_points: int = 401,
) -> ActivationCurve:
    """Sample an activation and its derivative; find where the gradient vanishes.

    The plain function behind :func:`activation_explorer`. During
    backpropagation every layer multiplies the gradient by ``f'(z)``; where
    ``|f'(z)|`` is below ``threshold`` (sigmoid and tanh far from 0, ReLU
    below 0, the step function everywhere) the gradient that reaches earlier
    layers all but vanishes.

    Parameters
    ----------
    activation : str
        ``"step"``, ``"linear"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``, ``"elu"``, ``"softplus"`` or ``"silu"``.
    x_min, x_max : float, default=-6, 6
        The range, ``x_min < x_max``.
    threshold : float, default=0.05
        A gradient with ``|f'(x)| < threshold`` counts as vanishing.
    n_points : int, default=401
        Number of samples.

    Returns
    -------
    ActivationCurve
        ``x``, ``y = f(x)``, ``dy = f'(x)``, the ``vanishing`` intervals
        ``[(start, end), ...]``, the ``vanishing_fraction`` of the range they
        cover and the ``max_gradient`` ``max |f'(x)|`` over the range.

    Examples
    --------
    >>> from nnteach.widgets import activation_curve
    >>> curve = activation_curve("relu", -4, 4)
    >>> [(round(a, 1), round(b, 1)) for a, b in curve.vanishing], curve.max_gradient
    ([(-4.0, 0.0)], 1.0)
    >>> round(activation_curve("sigmoid", -6, 6).max_gradient, 3)
    0.25
    """
    activation_function(activation)  # validates the name
    x_min = check_number("x_min", x_min)
    x_max = check_number("x_max", x_max)
    if not x_min < x_max:
        raise ValueError(
            f"The range is empty: x_min={x_min:g} is not below x_max={x_max:g}. "
            "Drag the two ends of the range apart."
        )
    threshold = check_number("threshold", threshold, minimum=0, strict_minimum=True)
    n_points = check_int("n_points", n_points, minimum=2)
    f, df = ACTIVATIONS[activation]
    x = np.linspace(x_min, x_max, n_points)
    y, dy = f(x), df(x)
    mask = np.abs(dy) < threshold
    vanishing = _runs(mask, x)
    fraction = sum(end - start for start, end in vanishing) / (x_max - x_min)
    return ActivationCurve(x, y, dy, vanishing, float(fraction), float(np.max(np.abs(dy))))


def describe_curve(name: str, curve: ActivationCurve, threshold: float) -> str:
    """One or two sentences for the student about the gradient of ``name``."""
    x_min, x_max = float(curve.x[0]), float(curve.x[-1])
    pct = 100 * curve.vanishing_fraction
    text = (
        f"On [{x_min:g}, {x_max:g}] the gradient of <b>{name}</b> is below "
        f"{threshold:g} on <b>{pct:.0f}%</b> of the range (shaded)"
    )
    m = curve.max_gradient
    if m == 0:
        text += "; it is 0 everywhere, so gradient descent cannot change the weights before it."
    elif m < 1:
        text += (
            f". Its largest value is {m:.3g}: through {_N_LAYERS} such layers the slopes "
            f"alone multiply a gradient by at most {m**_N_LAYERS:.1e}. The weights multiply "
            "it too; only large weights could make up for that, and the usual starting "
            "weights are not that large (lesson 4 measures it)."
        )
    else:
        text += (
            f". Its largest value is {m:.3g}: where the slope is that large, the activation "
            "passes a gradient back without shrinking it; only the weights change its size."
        )
    return text


class ActivationExplorer(Explorer):
    """The widget made by :func:`activation_explorer` (see there)."""

    title = "Activation functions and their gradients"

    def __init__(self, *, preset: Mapping[str, Any] | None = None) -> None:
        import ipywidgets as widgets
        from matplotlib.collections import PolyCollection
        from matplotlib.ticker import MaxNLocator

        controls = {
            "activation": control(
                widgets.Dropdown,
                options=list(ACTIVATIONS),
                value="sigmoid",
                description="activation",
            ),
            "x_range": control(
                widgets.FloatRangeSlider,
                value=(-6.0, 6.0),
                min=X_LIMITS[0],
                max=X_LIMITS[1],
                step=0.5,
                description="range of z",
                readout_format=".1f",
            ),
            "threshold": control(
                widgets.FloatSlider,
                value=0.05,
                min=0.01,
                max=0.5,
                step=0.01,
                description="vanishing below",
                readout_format=".2f",
            ),
        }
        self.readout = readout_html()
        self._fig = FigureImage((5.4, 3.6), dpi=80)
        fig = self.figure_ = self._fig.figure
        ax, ax_d = fig.subplots(2, 1, sharex=True)
        fig.subplots_adjust(left=0.14, right=0.97, bottom=0.13, top=0.97, hspace=0.1)
        (self.line_,) = ax.plot([], [], color=style.SERIES[0], lw=2)
        (self.derivative_line_,) = ax_d.plot([], [], color=style.SERIES[2], lw=2)
        self.shading_ = [
            PolyCollection([], facecolors=_SHADE, alpha=0.3, transform=a.get_xaxis_transform())
            for a in (ax, ax_d)
        ]
        for a, shading in zip((ax, ax_d), self.shading_, strict=True):
            a.add_collection(shading, autolim=False)
            a.axhline(0, color="0.6", lw=0.6, zorder=0)
            a.axvline(0, color="0.6", lw=0.6, zorder=0)
            # few tick labels: text is the slow part of a redraw
            a.yaxis.set_major_locator(MaxNLocator(nbins=3))
        ax_d.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax_d.set_xlabel("z (the weighted sum)")
        ax_d.set_ylabel("f′(z)")
        self.threshold_lines_ = [
            ax_d.axhline(0, color=_SHADE, ls=":", lw=1),
            ax_d.axhline(0, color=_SHADE, ls=":", lw=1),
        ]
        self.ax_, self.ax_derivative_ = ax, ax_d
        self._fig.add_dynamic(*self.shading_, *self.threshold_lines_)
        body = [beside_controls([*controls.values(), self.readout], self._fig.image)]
        super().__init__(controls, body)
        self._static_key: tuple | None = None
        self._start(preset)

    def _draw(self, *, activation: str, x_range: tuple[float, float], threshold: float) -> None:
        x_min, x_max = x_range
        curve = activation_curve(activation, x_min, x_max, threshold=threshold)
        self.curve_ = curve
        key = (activation, x_min, x_max)
        full = key != self._static_key
        if full:
            self.line_.set_data(curve.x, curve.y)
            self.derivative_line_.set_data(curve.x, curve.dy)
            for a, values in ((self.ax_, curve.y), (self.ax_derivative_, curve.dy)):
                a.set_xlim(x_min, x_max)
                low, high = min(float(values.min()), 0.0), max(float(values.max()), 1.0)
                pad = 0.08 * (high - low)
                a.set_ylim(low - pad, high + pad)
            self.ax_.set_ylabel(f"{activation}(z)")
            self._static_key = key
        verts = [[(s, 0), (e, 0), (e, 1), (s, 1)] for s, e in curve.vanishing]
        for shading in self.shading_:
            shading.set_verts(verts)
        for line, y in zip(self.threshold_lines_, (threshold, -threshold), strict=True):
            line.set_ydata([y, y])
        self.readout.value = text_html(describe_curve(activation, curve, threshold))
        self._fig.render(full=full)


def activation_explorer(*, preset: Mapping[str, Any] | None = None) -> ActivationExplorer:
    """Pick an activation and a range; see the function, its derivative and dead zones.

    Introduced in lesson 2 (deep networks).

    Left: ``f(z)``; right: ``f'(z)``, with dotted lines at ``±threshold``.
    The ranges where ``|f'(z)| < threshold`` are shaded in both: there a
    layer passes back almost none of the gradient (the vanishing gradient
    problem of sigmoid and tanh, the "dead" side of ReLU, and the step
    function's gradient of 0 everywhere). The text gives the shaded fraction
    and the most that 10 layers' slopes can multiply a gradient by (the
    weights multiply it too).

    The logic is :func:`activation_curve`; controls: ``activation``,
    ``x_range`` (a pair, -10 to 10) and ``threshold`` (0.01 to 0.5).

    Parameters
    ----------
    preset : dict, optional
        Starting values by control name, e.g.
        ``{"activation": "tanh", "x_range": (-4, 4)}``.

    Returns
    -------
    ActivationExplorer
        Displays as the widget in Jupyter; ``.curve_`` holds the last
        :class:`ActivationCurve`; ``line_``, ``derivative_line_`` and
        ``shading_`` are the drawn artists.

    Examples
    --------
    >>> from nnteach.widgets import activation_explorer
    >>> explorer = activation_explorer(preset={"activation": "relu", "x_range": (-4.0, 4.0)})
    >>> [(round(a, 1), round(b, 1)) for a, b in explorer.curve_.vanishing]
    [(-4.0, 0.0)]
    >>> explorer.controls["activation"].value = "leaky_relu"
    >>> explorer.curve_.vanishing  # leaky ReLU keeps a gradient of 0.2 below 0
    []
    """
    return ActivationExplorer(preset=preset)
