"""Neuron explorer: one neuron's weights, bias and activation under the student's hands.

Introduced in lesson 1 (the perceptron).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from .. import style
from .._validation import check_int, check_number, describe
from ._activations import ACTIVATIONS, activation_function
from ._base import Explorer, FigureImage, beside_controls, control, readout_html, text_html

__all__ = [
    "NeuronExplorer",
    "NeuronOutput",
    "decision_boundary",
    "neuron_explorer",
    "neuron_output",
]

#: Range of every input, weight and bias slider.
SLIDER_RANGE = (-3.0, 3.0)
#: Points shown under the decision boundary (two inputs only).
N_POINTS = 60
_CLASS_COLORS = style.CLASS_COLOURS  # class 0 / class 1
_REGION_COLORS = style.CLASS_REGION_COLOURS  # the same, light: where the neuron says 0 / 1


class NeuronOutput(NamedTuple):
    """What one neuron computes: the weighted sum ``z`` and the output ``f(z)``."""

    weighted_sum: float
    output: float


def _as_vector(name: str, values: Any) -> np.ndarray:
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        raise TypeError(
            f"Invalid type for argument `{name}`. Expected a list of numbers, one per "
            f"input. Received: {name}={describe(values)}."
        )
    return np.array([check_number(f"{name}[{i}]", v) for i, v in enumerate(values)], dtype=float)


def neuron_output(
    inputs: Sequence[float], weights: Sequence[float], bias: float, activation: str = "step"
) -> NeuronOutput:
    """Weighted sum and output of one neuron: ``z = w · x + b``, ``output = f(z)``.

    The plain function behind :func:`neuron_explorer`.

    Parameters
    ----------
    inputs : sequence of float
        The input values ``x``.
    weights : sequence of float
        One weight per input.
    bias : float
        The bias ``b``.
    activation : str, default="step"
        ``"step"``, ``"linear"``, ``"sigmoid"``, ``"tanh"``, ``"relu"``,
        ``"leaky_relu"``, ``"elu"``, ``"softplus"`` or ``"silu"``.

    Returns
    -------
    NeuronOutput
        ``(weighted_sum, output)``.

    Examples
    --------
    >>> from nnteach.widgets import neuron_output
    >>> neuron_output([1.0, 2.0], [0.5, -1.0], 0.25, "step")
    NeuronOutput(weighted_sum=-1.25, output=0.0)
    >>> round(neuron_output([0.0], [1.0], 0.0, "sigmoid").output, 3)
    0.5
    """
    x = _as_vector("inputs", inputs)
    w = _as_vector("weights", weights)
    if len(x) != len(w):
        raise ValueError(
            f"`weights` has {len(w)} values and `inputs` has {len(x)}: a neuron needs "
            "exactly one weight per input."
        )
    b = check_number("bias", bias)
    f = activation_function(activation)
    z = float(x @ w + b)
    return NeuronOutput(z, float(f(np.float64(z))))


def decision_boundary(
    weights: Sequence[float],
    bias: float,
    *,
    xlim: tuple[float, float] = SLIDER_RANGE,
    ylim: tuple[float, float] = SLIDER_RANGE,
) -> np.ndarray | None:
    """Two points of the line ``w1*x1 + w2*x2 + b = 0`` spanning the given box.

    For every activation in the explorer, ``z = 0`` separates the inputs where
    the neuron "fires" (step gives 1, sigmoid gives more than 0.5, ReLU gives
    more than 0) from the others, so this line is the neuron's decision
    boundary.

    Parameters
    ----------
    weights : sequence of 2 floats
    bias : float
    xlim, ylim : tuple of float
        The box the line should cross (the plot's limits).

    Returns
    -------
    ndarray of shape (2, 2) or None
        ``[[x1_a, x2_a], [x1_b, x2_b]]``, or ``None`` when both weights are 0
        (then ``z = b`` everywhere: no boundary).

    Examples
    --------
    >>> from nnteach.widgets import decision_boundary
    >>> decision_boundary([1.0, 1.0], 0.0, xlim=(-1, 1), ylim=(-1, 1)).tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    >>> decision_boundary([0.0, 0.0], 1.0) is None
    True
    """
    w = _as_vector("weights", weights)
    if len(w) != 2:
        raise ValueError(
            f"A decision boundary in the plane needs 2 weights. Received {len(w)} weights."
        )
    b = check_number("bias", bias)
    w1, w2 = w
    if w1 == 0 and w2 == 0:
        return None
    if abs(w2) >= abs(w1):  # closer to horizontal: x1 spans the box
        x1 = np.array(xlim, dtype=float)
        return np.column_stack([x1, -(b + w1 * x1) / w2])
    x2 = np.array(ylim, dtype=float)
    return np.column_stack([-(b + w2 * x2) / w1, x2])


def _half_plane(weights: np.ndarray, bias: float, box: tuple[float, float]) -> np.ndarray:
    """Corners of the part of the square ``box x box`` where ``w · x + b >= 0``.

    One step of Sutherland-Hodgman polygon clipping: walk the square's edges,
    keep the corners on the ``z >= 0`` side and add the points where an edge
    crosses the line.
    """
    low, high = box
    square = np.array([[low, low], [high, low], [high, high], [low, high]], dtype=float)
    z = square @ weights + bias
    corners = []
    for i in range(4):
        j = (i + 1) % 4
        if z[i] >= 0:
            corners.append(square[i])
        if (z[i] >= 0) != (z[j] >= 0):
            t = z[i] / (z[i] - z[j])
            corners.append(square[i] + t * (square[j] - square[i]))
    return np.array(corners).reshape(-1, 2)


def _activation_ylim(name: str, zmax: float) -> tuple[float, float]:
    z = np.linspace(-zmax, zmax, 201)
    a = activation_function(name)(z)
    low, high = float(a.min()), float(a.max())
    pad = 0.08 * max(high - low, 1.0)
    return low - pad, high + pad


class NeuronExplorer(Explorer):
    """The widget made by :func:`neuron_explorer` (see there)."""

    title = "One neuron: z = w · x + b, output = f(z)"

    def __init__(self, n_inputs: int = 2, *, preset: Mapping[str, Any] | None = None) -> None:
        import ipywidgets as widgets

        n = check_int("n_inputs", n_inputs, minimum=1, maximum=6, hint="Use 1 to 6 inputs.")
        self.n_inputs = n
        low, high = SLIDER_RANGE
        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

        def slider(description: str, value: float) -> Any:
            return control(
                widgets.FloatSlider,
                value=value,
                min=low,
                max=high,
                step=0.1,
                description=description,
                readout_format=".1f",
                continuous_update=True,
            )

        default_w = [1.0, 0.5, -0.5, 0.5, -0.5, 0.5][:n]
        default_x = [1.0, 0.5, -1.0, 0.5, -0.5, 1.0][:n]
        controls: dict[str, Any] = {}
        for i in range(n):
            controls[f"x{i + 1}"] = slider(f"input x{str(i + 1).translate(sub)}", default_x[i])
        for i in range(n):
            controls[f"w{i + 1}"] = slider(f"weight w{str(i + 1).translate(sub)}", default_w[i])
        controls["b"] = slider("bias b", 0.0)
        controls["activation"] = control(
            widgets.Dropdown,
            options=list(ACTIVATIONS),
            value="step",
            description="activation f",
        )
        self.readout = readout_html(width=None)
        self._fig = FigureImage((7.4, 3.4) if n == 2 else (7.4, 3.0), dpi=80)
        self.figure_ = self._fig.figure
        self._build_figure()
        body = [
            beside_controls(
                controls.values(),
                widgets.VBox(
                    [self.readout, self._fig.image],
                    layout=widgets.Layout(width=self._fig.image.layout.width),
                ),
            )
        ]
        super().__init__(controls, body)
        self._activation_drawn: str | None = None
        self._zmax = 0.0
        self._start(preset)

    # ---------------------------------------------------------------- drawing
    def _build_figure(self) -> None:
        fig = self.figure_
        low, high = SLIDER_RANGE
        if self.n_inputs == 2:
            from matplotlib.patches import Polygon

            from ..data import make_linear_classification

            ax, ax_f = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.9, wspace=0.28)
            data = make_linear_classification(N_POINTS, seed=0)
            self.points_ = data.X.astype(float)
            self.labels_ = data.y
            ax.set_facecolor(_REGION_COLORS[0])
            self.region_ = ax.add_patch(
                Polygon(np.zeros((0, 2)), closed=True, fc=_REGION_COLORS[1], ec="none", zorder=0)
            )
            self.scatter_ = ax.scatter(
                self.points_[:, 0],
                self.points_[:, 1],
                c=[_CLASS_COLORS[k] for k in self.labels_],
                s=18,
                edgecolors="white",
                linewidths=0.5,
                zorder=3,
            )
            (self.boundary_,) = ax.plot([], [], color=style.INK, lw=2, zorder=4)
            self.arrow_ = ax.annotate(
                "",
                xy=(0, 0),
                xytext=(0, 0),
                arrowprops={"arrowstyle": "->", "color": style.INK, "lw": 1.5},
                zorder=5,
            )
            (self.input_marker_,) = ax.plot(
                [], [], marker="*", ms=14, color=style.HIGHLIGHT, mec="black", ls="", zorder=6
            )
            ax.set_xlim(low, high)
            ax.set_ylim(low, high)
            ax.set_xlabel("x₁")
            ax.set_ylabel("x₂", labelpad=0)
            self.ax_ = ax
            self._fig.add_dynamic(
                self.region_,
                *ax.spines.values(),
                self.scatter_,
                self.boundary_,
                self.arrow_,
                self.input_marker_,
                ax.title,
            )
        else:
            ax, ax_f = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
            fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.88, wspace=0.3)
            n = self.n_inputs
            names = [f"w{i + 1}·x{i + 1}" for i in range(n)] + ["b", "z"]
            self.bars_ = ax.bar(range(n + 2), np.zeros(n + 2), color=style.NEUTRAL)
            self.bars_[-1].set_color(style.HIGHLIGHT)
            ax.set_xticks(range(n + 2), names, fontsize=8)
            ax.axhline(0, color="0.3", lw=0.8)
            ax.set_title("terms of the sum z", fontsize=10)
            self.ax_ = ax
            self._fig.add_dynamic(*self.bars_)
        z = np.linspace(-6, 6, 241)
        (self.curve_,) = ax_f.plot(z, np.zeros_like(z), color=style.SERIES[0], lw=2)
        self.z_line_ = ax_f.axvline(0, color=style.HIGHLIGHT, ls="--", lw=1)
        (self.z_marker_,) = ax_f.plot(
            [], [], "o", color=style.HIGHLIGHT, mec="black", ms=8, zorder=3
        )
        ax_f.axhline(0, color="0.6", lw=0.6)
        ax_f.set_xlabel("weighted sum z")
        self.ax_activation_ = ax_f
        self._fig.add_dynamic(self.z_line_, self.z_marker_, ax_f.title)

    def _draw(self, **state: Any) -> None:
        n = self.n_inputs
        x = [state[f"x{i + 1}"] for i in range(n)]
        w = [state[f"w{i + 1}"] for i in range(n)]
        b, activation = state["b"], state["activation"]
        z, out = neuron_output(x, w, b, activation)
        self.result_ = NeuronOutput(z, out)

        # --- activation curve with the current z
        full = False  # whether anything static (limits, labels, curve) changes
        zmax = max(6.0, float(np.ceil(abs(z) + 1.0)))
        if activation != self._activation_drawn or zmax != self._zmax:
            full = True
            zz = np.linspace(-zmax, zmax, 241)
            self.curve_.set_data(zz, activation_function(activation)(zz))
            self.ax_activation_.set_xlim(-zmax, zmax)
            self.ax_activation_.set_ylim(*_activation_ylim(activation, zmax))
            self.ax_activation_.set_ylabel(f"{activation}(z)")
            self._activation_drawn, self._zmax = activation, zmax
        self.z_line_.set_xdata([z, z])
        self.z_marker_.set_data([z], [out])
        self.ax_activation_.set_title(f"z = {z:.2f}  →  output {out:.3g}", fontsize=10)

        # --- input plane (2 inputs) or terms of the sum
        if n == 2:
            self._draw_plane(x, w, b)
        else:
            terms = [wi * xi for wi, xi in zip(w, x, strict=True)] + [b, z]
            for rect, value in zip(self.bars_, terms, strict=True):
                rect.set_height(value)
            top = float(np.ceil(max(2.0, *(abs(t) * 1.15 for t in terms))))
            if self.ax_.get_ylim() != (-top, top):
                self.ax_.set_ylim(-top, top)
                full = True

        terms_text = " + ".join(f"({wi:.1f})·({xi:.1f})" for wi, xi in zip(w, x, strict=True))
        extra = f"<br>{html.escape(self._plane_text)}" if n == 2 else ""
        self.readout.value = text_html(
            f"<code>z = {terms_text} + ({b:.1f}) = <b>{z:.2f}</b></code><br>"
            f"<code>output = {activation}(z) = <b>{out:.3g}</b></code>{extra}"
        )
        self._fig.render(full=full)

    def _draw_plane(self, x: list[float], w: list[float], b: float) -> None:
        low, high = SLIDER_RANGE
        wv = np.asarray(w, dtype=float)
        self.region_.set_xy(_half_plane(wv, b, SLIDER_RANGE))
        segment = decision_boundary(w, b)
        if segment is None:
            self.boundary_.set_data([], [])
            self.arrow_.set_visible(False)
        else:
            self.boundary_.set_data(segment[:, 0], segment[:, 1])
            # the weight vector, drawn from the boundary point nearest the centre:
            # it is perpendicular to the line and points to the side where z > 0
            foot = -b * wv / (wv @ wv)
            foot = np.clip(foot, low + 0.3, high - 0.3)
            tip = foot + wv / np.linalg.norm(wv) * 0.9
            self.arrow_.xy = tuple(tip)
            self.arrow_.set_position(tuple(foot))
            self.arrow_.set_visible(True)
        self.input_marker_.set_data([x[0]], [x[1]])
        predicted = (self.points_ @ wv + b) >= 0
        correct = int(np.sum(predicted == (self.labels_ == 1)))
        self.n_correct_ = correct
        self._plane_text = (
            f"★ is the input (x₁, x₂). Dots: {len(self.labels_)} examples, green = class 0, "
            f"orange = class 1. The neuron says 1 on the orange side (z ≥ 0): "
            f"{correct} of {len(self.labels_)} dots are on their correct side."
        )
        self.ax_.set_title(f"{correct}/{len(self.labels_)} points correct", fontsize=10)


def neuron_explorer(
    n_inputs: int = 2, *, preset: Mapping[str, Any] | None = None
) -> NeuronExplorer:
    """Sliders for one neuron's inputs, weights and bias, and a dropdown for its activation.

    Introduced in lesson 1 (the perceptron).

    Shows the weighted sum ``z = w · x + b`` and the output ``f(z)`` for the
    chosen input, on the activation's curve. With two inputs it also draws the
    input plane: 60 points of two classes, the shaded side where ``z >= 0``,
    the decision boundary ``w1*x1 + w2*x2 + b = 0`` with the weight vector
    (perpendicular to it), and how many points end up on the correct side.
    With another number of inputs it draws the terms ``w_i * x_i`` of the sum.

    Every slider updates the picture as it moves (a redraw takes a few tens
    of milliseconds). The logic is :func:`neuron_output` and
    :func:`decision_boundary`.

    Parameters
    ----------
    n_inputs : int, default=2
        Number of inputs, 1 to 6.
    preset : dict, optional
        Starting values by control name: ``x1``, ``x2``..., ``w1``, ``w2``...,
        ``b`` (each from -3 to 3) and ``activation``. ``explorer.state()``
        returns such a dict.

    Returns
    -------
    NeuronExplorer
        Displays as the widget in Jupyter; ``.widget`` is the ipywidgets box,
        ``.controls`` the controls by name, ``.result_`` the last
        ``NeuronOutput``, ``.figure_`` and the artists (``boundary_``,
        ``region_``, ``scatter_``, ``curve_``, ``z_marker_``...) what was drawn.

    Examples
    --------
    >>> from nnteach.widgets import neuron_explorer
    >>> explorer = neuron_explorer(preset={"w1": 0.7, "w2": -0.7, "b": -0.5})
    >>> explorer.result_
    NeuronOutput(weighted_sum=-0.15000000000000002, output=0.0)
    >>> explorer.controls["w2"].value = 0.7      # what moving the slider does
    >>> round(explorer.result_.weighted_sum, 2)
    0.55
    >>> explorer  # doctest: +SKIP
    """
    return NeuronExplorer(n_inputs, preset=preset)
