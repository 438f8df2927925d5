"""Gradient-descent explorer: the optimizer's path on a 2-D loss surface, and the loss per step.

Introduced in lesson 4 (how a network learns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from .. import style
from .._validation import check_choice, check_int, check_number
from ._base import Explorer, FigureImage, beside_controls, control, readout_html, text_html

__all__ = [
    "GradientDescentPath",
    "GradientDescentExplorer",
    "LossSurface",
    "LOSS_SURFACES",
    "gradient_descent_explorer",
    "gradient_descent_path",
]

#: A loss this many times the starting loss (or a non-finite one) stops the run as diverged.
DIVERGED_FACTOR = 1e6
#: Most steps the explorer's slider allows.
MAX_STEPS = 100


class LossSurface(NamedTuple):
    """A loss of two weights, its gradient, a start point and the square to draw."""

    name: str
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    start: tuple[float, float]
    minimum: tuple[float, float]
    limits: tuple[tuple[float, float], tuple[float, float]]
    description: str


def _ravine_loss(w1: Any, w2: Any) -> Any:
    return 0.5 * (w1**2 + 10.0 * w2**2)


def _ravine_gradient(w: np.ndarray) -> np.ndarray:
    return np.array([w[0], 10.0 * w[1]])


def _banana_loss(w1: Any, w2: Any) -> Any:
    return (1.0 - w1) ** 2 + 10.0 * (w2 - w1**2) ** 2


def _banana_gradient(w: np.ndarray) -> np.ndarray:
    w1, w2 = w
    return np.array([-2.0 * (1.0 - w1) - 40.0 * w1 * (w2 - w1**2), 20.0 * (w2 - w1**2)])


#: The surfaces the explorer offers, by name.
LOSS_SURFACES: dict[str, LossSurface] = {
    "ravine": LossSurface(
        "ravine",
        _ravine_loss,
        _ravine_gradient,
        start=(-4.0, 1.5),
        minimum=(0.0, 0.0),
        limits=((-5.0, 5.0), (-2.5, 2.5)),
        description="0.5·(w₁² + 10·w₂²): steep across, flat along; "
        "plain gradient descent diverges for a learning rate above 2/10 = 0.2",
    ),
    "banana": LossSurface(
        "banana",
        _banana_loss,
        _banana_gradient,
        start=(-1.5, 2.0),
        minimum=(1.0, 1.0),
        limits=((-2.0, 2.0), (-1.0, 3.0)),
        description="(1 − w₁)² + 10·(w₂ − w₁²)²: a curved valley (a mild Rosenbrock function), "
        "minimum at (1, 1)",
    ),
}


class GradientDescentPath(NamedTuple):
    """The result of :func:`gradient_descent_path`."""

    path: np.ndarray
    losses: np.ndarray
    diverged: bool
    final_loss: float


def gradient_descent_path(
    learning_rate: float,
    momentum: float = 0.0,
    *,
    steps: int = 50,
    surface: str = "ravine",
    start: tuple[float, float] | None = None,
) -> GradientDescentPath:
    """Run gradient descent (with momentum) on a 2-D loss surface.

    The plain function behind :func:`gradient_descent_explorer`. Each step
    uses Keras's ``SGD`` rule::

        velocity = momentum * velocity - learning_rate * gradient
        w = w + velocity

    With ``momentum=0`` this is plain gradient descent, ``w -= learning_rate
    * gradient``. A run whose loss grows past ``DIVERGED_FACTOR`` (a million)
    times the starting loss, or stops being finite, is stopped there. A run
    counts as diverged when it was stopped or ends above its starting loss.

    Parameters
    ----------
    learning_rate : float
        Step size, > 0.
    momentum : float, default=0
        In ``[0, 1)``: how much of the last step is kept.
    steps : int, default=50
        Number of updates, at least 1.
    surface : str, default="ravine"
        A name of :data:`LOSS_SURFACES`: ``"ravine"`` or ``"banana"``.
    start : (float, float), optional
        Starting weights; default: the surface's own start.

    Returns
    -------
    GradientDescentPath
        ``path`` (shape ``(k + 1, 2)``: the start and the weights after each
        of the ``k`` steps run), ``losses`` (shape ``(k + 1,)``), ``diverged``
        and ``final_loss``.

    Examples
    --------
    >>> from nnteach.widgets import gradient_descent_path
    >>> run = gradient_descent_path(0.1, steps=50)
    >>> run.path.shape, run.diverged, run.final_loss < 1e-3
    ((51, 2), False, True)
    >>> gradient_descent_path(0.21, steps=20).diverged  # above 2 / 10 on the ravine
    True
    """
    learning_rate = check_number("learning_rate", learning_rate, minimum=0, strict_minimum=True)
    momentum = check_number("momentum", momentum, minimum=0, maximum=1)
    if momentum >= 1:
        raise ValueError(
            f"Invalid value for argument `momentum`. Expected a number in [0, 1). "
            f"Received: momentum={momentum!r}. With momentum 1 the steps never shrink."
        )
    steps = check_int("steps", steps, minimum=1)
    check_choice("surface", surface, LOSS_SURFACES)
    spec = LOSS_SURFACES[surface]
    w = np.array(spec.start if start is None else start, dtype=float)
    if w.shape != (2,):
        raise ValueError(
            f"Invalid value for argument `start`. Expected two numbers (w1, w2). "
            f"Received: start={start!r}."
        )
    velocity = np.zeros(2)
    path = [w.copy()]
    losses = [float(spec.loss(*w))]
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            velocity = momentum * velocity - learning_rate * spec.gradient(w)
            w = w + velocity
            loss = float(spec.loss(*w))
            path.append(w.copy())
            losses.append(loss)
            if not np.isfinite(loss) or loss > DIVERGED_FACTOR * losses[0]:
                diverged = True
                break
    diverged = diverged or losses[-1] > losses[0]
    return GradientDescentPath(np.array(path), np.array(losses), diverged, losses[-1])


def describe_run(run: GradientDescentPath, learning_rate: float, momentum: float) -> str:
    """One sentence for the student about a run."""
    n = len(run.losses) - 1
    if run.diverged:
        return (
            f"<b>Diverged</b> after {n} steps: the steps overshoot the valley further "
            f"and further (learning rate {learning_rate:.3g}). Lower it."
        )
    first, last = run.losses[0], run.final_loss
    text = f"After {n} steps the loss fell from {first:.3g} to <b>{last:.3g}</b>"
    if last > 0.1 * first:
        text += ": still far from the minimum. A larger learning rate or momentum helps."
    elif momentum > 0:
        text += f" (momentum {momentum:.2f} keeps part of each step)."
    else:
        text += "."
    return text


_PATH_COLOR = style.INK
_LOSS_COLOR = style.SERIES[1]


class GradientDescentExplorer(Explorer):
    """The widget made by :func:`gradient_descent_explorer` (see there)."""

    title = "Gradient descent on a loss surface"

    def __init__(self, *, preset: Mapping[str, Any] | None = None) -> None:
        import ipywidgets as widgets

        controls = {
            "surface": control(
                widgets.Dropdown,
                options=list(LOSS_SURFACES),
                value="ravine",
                description="loss surface",
            ),
            "learning_rate": control(
                widgets.FloatLogSlider,
                value=0.05,
                base=10,
                min=-3,
                max=0,
                step=0.05,
                description="learning rate",
                readout_format=".3g",
            ),
            "momentum": control(
                widgets.FloatSlider,
                value=0.0,
                min=0.0,
                max=0.95,
                step=0.05,
                description="momentum",
                readout_format=".2f",
            ),
            "steps": control(
                widgets.IntSlider,
                value=50,
                min=1,
                max=MAX_STEPS,
                description="steps",
            ),
        }
        self.readout = readout_html()
        self._fig = FigureImage((7.4, 3.2), dpi=80)
        fig = self.figure_ = self._fig.figure
        ax, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.3)
        self.ax_, self.ax_loss_ = ax, ax_loss
        self.contours_: Any = None
        (self.path_,) = ax.plot(
            [], [], "-o", color=_PATH_COLOR, ms=3, lw=1.5, zorder=3, clip_on=True
        )
        (self.start_marker_,) = ax.plot([], [], "o", color="black", ms=6, zorder=4)
        (self.minimum_marker_,) = ax.plot([], [], "*", color="white", mec="black", ms=13, zorder=4)
        ax.set_xlabel("w₁")
        ax.set_ylabel("w₂", labelpad=0)
        (self.loss_line_,) = ax_loss.plot([], [], color=_LOSS_COLOR, lw=2)
        ax_loss.set_yscale("log")
        ax_loss.set_xlabel("step")
        ax_loss.set_ylabel("loss (log scale)")
        ax_loss.grid(True, which="major", color="0.9")
        self._fig.add_dynamic(self.path_, self.loss_line_, ax.title, ax_loss.title)
        body = [beside_controls([*controls.values(), self.readout], self._fig.image)]
        super().__init__(controls, body)
        self._static_key: tuple | None = None
        self._start(preset)

    def _draw_surface(self, surface: str, steps: int) -> None:
        spec = LOSS_SURFACES[surface]
        ax = self.ax_
        (x0, x1), (y0, y1) = spec.limits
        if self._static_key is None or self._static_key[0] != surface:
            if self.contours_ is not None:
                self.contours_.remove()
            g1, g2 = np.meshgrid(np.linspace(x0, x1, 120), np.linspace(y0, y1, 100))
            z = spec.loss(g1, g2)
            levels = np.geomspace(max(float(z.min()), 1e-3), float(z.max()), 14)
            self.contours_ = ax.contourf(g1, g2, z, levels=levels, cmap="Greys_r", alpha=0.55)
            self.start_marker_.set_data([spec.start[0]], [spec.start[1]])
            self.minimum_marker_.set_data([spec.minimum[0]], [spec.minimum[1]])
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            first = float(spec.loss(*spec.start))
            self.ax_loss_.set_ylim(first * 1e-8, first * 1e3)
        self.ax_loss_.set_xlim(0, steps)

    def _draw(self, *, surface: str, learning_rate: float, momentum: float, steps: int) -> None:
        run = gradient_descent_path(learning_rate, momentum, steps=steps, surface=surface)
        self.run_ = run
        key = (surface, steps)
        full = key != self._static_key
        if full:
            self._draw_surface(surface, steps)
            self._static_key = key
        self.path_.set_data(run.path[:, 0], run.path[:, 1])
        top = float(run.losses[0]) * DIVERGED_FACTOR * 10
        shown = np.where(np.isfinite(run.losses), run.losses, top)
        shown = np.maximum(shown, 1e-300)
        self.loss_line_.set_data(np.arange(len(shown)), shown)
        status = "diverged" if run.diverged else f"loss {run.final_loss:.3g}"
        self.ax_.set_title(f"lr {learning_rate:.3g}, momentum {momentum:.2f}", fontsize=10)
        self.ax_loss_.set_title(f"{len(run.losses) - 1} steps: {status}", fontsize=10)
        self.readout.value = text_html(
            f"{describe_run(run, learning_rate, momentum)}<br>"
            f"<small>Surface: {LOSS_SURFACES[surface].description}. ● start, ☆ minimum.</small>"
        )
        self._fig.render(full=full)


def gradient_descent_explorer(
    *, preset: Mapping[str, Any] | None = None
) -> GradientDescentExplorer:
    """Learning-rate and momentum sliders; the path on a loss surface and the loss per step.

    Introduced in lesson 4 (how a network learns).

    Left: the contours of a loss of two weights (darker is lower), the start
    (●), the minimum (☆) and the path gradient descent takes. Right: the loss
    after each step on a log scale. A learning rate that is too small crawls,
    a good one reaches the minimum, one that is too large overshoots further
    at every step and diverges; momentum speeds up the crawl along a flat
    valley.

    The logic is :func:`gradient_descent_path`; controls: ``surface``
    (``"ravine"`` or ``"banana"``), ``learning_rate`` (0.001 to 1, log
    slider), ``momentum`` (0 to 0.95) and ``steps`` (1 to 100).

    Parameters
    ----------
    preset : dict, optional
        Starting values by control name, e.g.
        ``{"learning_rate": 0.21, "momentum": 0.0}``.

    Returns
    -------
    GradientDescentExplorer
        Displays as the widget in Jupyter; ``.run_`` holds the last
        :class:`GradientDescentPath`; ``path_``, ``loss_line_`` and
        ``contours_`` are the drawn artists.

    Examples
    --------
    >>> from nnteach.widgets import gradient_descent_explorer
    >>> explorer = gradient_descent_explorer(preset={"learning_rate": 0.01})
    >>> explorer.run_.final_loss > 1.0  # too small: still far from the minimum
    True
    >>> explorer.controls["momentum"].value = 0.9  # what moving the slider does
    >>> explorer.run_.final_loss < 1.0
    True
    """
    return GradientDescentExplorer(preset=preset)
