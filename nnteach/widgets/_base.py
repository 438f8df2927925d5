"""Shared plumbing of the explorers: controls, state, presets, errors, one figure.

Every explorer is an :class:`Explorer`: named ipywidgets controls in a
``controls`` dict, an HTML error area, and an ``update()`` that reads the
controls, calls the explorer's plain logic function and redraws in place.
The figure is one ``matplotlib.figure.Figure`` (never registered with pyplot,
so no figures pile up) rendered to PNG into an ``ipywidgets.Image``.

ipywidgets and matplotlib are imported inside the functions that need them, so
``import nnteach.widgets`` stays light.
"""

from __future__ import annotations

import html
import io
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .. import style
from .._validation import check_int, check_number, describe

__all__ = ["Explorer", "FigureImage", "error_html", "text_html"]

#: Width of the labels in front of the controls.
DESCRIPTION_WIDTH = "110px"


def error_html(message: str) -> str:
    """HTML for the error area: the message in red, or nothing."""
    if not message:
        return ""
    text = html.escape(message).replace("\n", "<br>")
    return (
        f'<div class="nnteach-error" style="color:{style.PROBLEM_TEXT}; '
        f"background:{style.PROBLEM_BACKGROUND}; border-left:4px solid {style.PROBLEM_TEXT}; "
        'padding:4px 8px; margin:4px 0">'
        f"<b>⚠ Check the settings:</b> {text}</div>"
    )


def text_html(inner: str) -> str:
    """Wrap HTML for a readout: ipywidgets' HTML has a 28 px line height, too loose for text."""
    return f'<div style="line-height:1.4; margin:2px 0">{inner}</div>'


def control_style() -> dict[str, str]:
    """``style`` keyword shared by every control (labels of one width)."""
    return {"description_width": DESCRIPTION_WIDTH}


def control_layout(width: str = "330px") -> Any:
    """A new ``Layout`` for one control (never share one: hiding it would hide all)."""
    import ipywidgets as widgets

    return widgets.Layout(width=width)


def control(kind: type, **options: Any) -> Any:
    """A control ``kind(**options)`` with the shared ``style`` and a ``Layout`` of its own.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> from nnteach.widgets._base import control
    >>> slider = control(widgets.IntSlider, value=3, min=1, max=5, description="units")
    >>> slider.layout.width, slider.style.description_width == control_style()["description_width"]
    ('330px', True)
    """
    return kind(style=control_style(), layout=control_layout(), **options)


def readout_html(width: str | None = "330px") -> Any:
    """An empty ``HTML`` readout of class ``nnteach-readout`` (``width=None``: no width set)."""
    import ipywidgets as widgets

    readout = widgets.HTML() if width is None else widgets.HTML(layout=widgets.Layout(width=width))
    readout.add_class("nnteach-readout")
    return readout


def beside_controls(left: Iterable[Any], right: Any) -> Any:
    """An ``HBox``: the column ``left`` (controls, keeping its width), then ``right``, top-aligned.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> from nnteach.widgets._base import beside_controls
    >>> box = beside_controls([widgets.IntSlider()], widgets.HTML("figure"))
    >>> [type(child).__name__ for child in box.children]
    ['VBox', 'HTML']
    """
    import ipywidgets as widgets

    return widgets.HBox(
        [widgets.VBox(list(left), layout=widgets.Layout(flex="0 0 auto")), right],
        layout=widgets.Layout(align_items="flex-start"),
    )


class FigureImage:
    """One matplotlib figure shown as a PNG in an ``ipywidgets.Image``.

    The figure is a plain ``matplotlib.figure.Figure`` with an Agg canvas: it
    is not registered with pyplot, so ``plt.get_fignums()`` never grows. Update
    the artists (``set_data``, ``set_offsets``...), then call :meth:`render`.

    Artists registered with :meth:`add_dynamic` are blitted: a full render
    draws everything else once (axes, ticks, labels: the slow part, text) and
    keeps that background; later renders restore it and draw only the dynamic
    artists on top. Call ``render(full=True)`` after changing anything static
    (limits, labels).

    Parameters
    ----------
    figsize : tuple of float
        Size in inches.
    dpi : int, default=80
        Resolution; the PNG is ``figsize * dpi`` pixels.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    image : ipywidgets.Image
        Holds the latest PNG.
    renders, full_renders : int
        How many times the figure was rendered, and how many of those drew
        everything.

    Examples
    --------
    >>> from nnteach.widgets._base import FigureImage
    >>> fi = FigureImage((3, 2))
    >>> ax = fi.figure.subplots()
    >>> line, = ax.plot([0, 1], [0, 1])
    >>> fi.add_dynamic(line)
    >>> line.set_ydata([1, 0])
    >>> png = fi.render()
    >>> png[:4] == b"\\x89PNG", fi.full_renders
    (True, 1)
    """

    def __init__(self, figsize: tuple[float, float], *, dpi: int = 80) -> None:
        import ipywidgets as widgets
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        width = round(figsize[0] * dpi)
        # natural size (a stretched PNG looks blurred), narrower only if it must
        self.image = widgets.Image(
            format="png",
            layout=widgets.Layout(
                width=f"{width}px", max_width="100%", height="auto", flex="0 0 auto"
            ),
        )
        self.dynamic: list[Any] = []
        self._background: Any = None
        self.renders = 0
        self.full_renders = 0

    def add_dynamic(self, *artists: Any) -> None:
        """Mark artists that change between renders (drawn on top of the rest)."""
        for artist in artists:
            artist.set_animated(True)
            self.dynamic.append(artist)
        self._background = None

    def set_dynamic(self, artists: list[Any]) -> None:
        """Replace the dynamic artists (the static background is kept)."""
        for artist in artists:
            artist.set_animated(True)
        self.dynamic = list(artists)

    def render(self, *, full: bool = False) -> bytes:
        """Draw the figure, encode it as PNG and put it into the image widget.

        Parameters
        ----------
        full : bool, default=False
            Redraw the static parts too (needed after changing limits,
            labels or anything not registered with :meth:`add_dynamic`).
        """
        from PIL import Image

        if full or self._background is None:
            self.canvas.draw()  # everything but the dynamic artists
            if self.dynamic:
                self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self.full_renders += 1
        else:
            self.canvas.restore_region(self._background)
        if self.dynamic:
            renderer = self.canvas.get_renderer()
            for artist in sorted(self.dynamic, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    artist.draw(renderer)
        rgba = self.canvas.buffer_rgba()
        width, height = self.canvas.get_width_height()
        buffer = io.BytesIO()
        # compress_level=1: a few ms faster than the default, barely larger
        Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).save(
            buffer, format="png", compress_level=1
        )
        png = buffer.getvalue()
        self.image.value = png
        self.renders += 1
        return png


def _options_values(control: Any) -> list[Any]:
    values = []
    for option in control.options:
        if isinstance(option, tuple) and len(option) == 2:
            values.append(option[1])
        else:
            values.append(option)
    return values


def control_problem(name: str, control: Any, value: Any) -> str:
    """Why ``value`` cannot go into ``control`` (``""`` when it can).

    ipywidgets silently clamps a slider's value into its range; a preset with
    a learning rate of 0 would then quietly become 0.0001. This check turns
    such a value into a message instead.
    """
    import ipywidgets as widgets

    current = control.value
    kept = f" The control kept {current!r}."
    try:
        if hasattr(control, "options"):
            choices = _options_values(control)
            if value not in choices:
                return (
                    f"Invalid value for `{name}`. Expected one of {tuple(choices)}. "
                    f"Received: {name}={describe(value)}.{kept}"
                )
            return ""
        if isinstance(control, widgets.Checkbox | widgets.ToggleButton):
            if not isinstance(value, bool):
                return (
                    f"Invalid value for `{name}`. Expected True or False. "
                    f"Received: {name}={describe(value)}.{kept}"
                )
            return ""
        if isinstance(control, widgets.FloatLogSlider):
            low, high = control.base**control.min, control.base**control.max
        else:
            low, high = getattr(control, "min", None), getattr(control, "max", None)
        is_int = isinstance(current, int) or (
            isinstance(current, tuple) and all(isinstance(v, int) for v in current)
        )
        check = check_int if is_int else check_number
        if isinstance(current, tuple):  # a range slider
            if not isinstance(value, list | tuple) or len(value) != 2:
                return (
                    f"Invalid value for `{name}`. Expected a pair (low, high). "
                    f"Received: {name}={describe(value)}.{kept}"
                )
            for part in value:
                check(name, part, minimum=low, maximum=high)
            if value[0] > value[1]:
                return (
                    f"Invalid value for `{name}`. Expected low <= high. "
                    f"Received: {name}={describe(value)}.{kept}"
                )
            return ""
        if isinstance(current, str):
            return "" if isinstance(value, str) else f"`{name}` expects text.{kept}"
        check(name, value, minimum=low, maximum=high)
    except (TypeError, ValueError) as exc:
        return f"{exc}{kept}"
    return ""


class Explorer:
    """Base class of the explorers: named controls, state, presets, update.

    A subclass builds its controls and outputs, calls ``super().__init__``,
    implements :meth:`_draw` (read the state, call the plain logic function,
    update artists and text) and finally calls :meth:`_start`.

    An explorer displays as its widget in Jupyter (``_repr_mimebundle_``); to
    put it inside another layout use :attr:`widget`.

    Attributes
    ----------
    controls : dict of str to ipywidgets widget
        The controls by name; ``state()`` and presets use these names.
    widget : ipywidgets.VBox
        The whole explorer (title, controls, outputs, error area).
    error : ipywidgets.HTML
        The error area: empty, or a message such as "a layer needs at least 1 unit".
    last_update_s : float or None
        Seconds the last :meth:`update` took (value change to redrawn output).

    Examples
    --------
    >>> from nnteach.widgets import neuron_explorer
    >>> explorer = neuron_explorer()
    >>> sorted(explorer.controls)
    ['activation', 'b', 'w1', 'w2', 'x1', 'x2']
    >>> explorer.controls["b"].value = -0.5  # what moving the slider does: one redraw
    >>> explorer.state()["b"], explorer.error.value
    (-0.5, '')
    >>> explorer.set_state({"b": 9.0}).error.value != ""  # outside the slider: a message
    True
    """

    title: str = ""

    def __init__(self, controls: Mapping[str, Any], body: list[Any]) -> None:
        import ipywidgets as widgets

        self.controls: dict[str, Any] = dict(controls)
        self.error = widgets.HTML(value="")
        header = [widgets.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        self.widget = widgets.VBox([*header, *body, self.error])
        self.widget.add_class("nnteach-explorer")
        self.last_update_s: float | None = None
        self.n_updates = 0
        self._holding = 0
        # matplotlib is not thread-safe: one redraw at a time (the training
        # playground also redraws from its training thread)
        self._draw_lock = threading.RLock()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    # -- display -----------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if bundle is not None:  # a readable fallback where widgets cannot render
            bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.state()!r})"

    def close(self) -> None:
        """Close every widget of the explorer (frees the front-end models)."""
        for control in self.controls.values():
            control.close()
        self.widget.close()

    # -- state -------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Current value of every control, as a dict usable as a preset.

        Examples
        --------
        >>> from nnteach.widgets import activation_explorer
        >>> explorer = activation_explorer(preset={"activation": "tanh"})
        >>> explorer.state()["activation"]
        'tanh'
        """
        return {name: control.value for name, control in self.controls.items()}

    def set_state(self, state: Mapping[str, Any]) -> Explorer:
        """Set several controls at once, then redraw once.

        Unknown names raise ``ValueError`` (a preset with a typo should fail
        loudly). A value a control cannot take (outside the slider's range,
        not one of the dropdown's options) leaves that control as it was and
        shows a message in the error area.

        Parameters
        ----------
        state : dict
            Control name to value, as returned by :meth:`state`.

        Returns
        -------
        self

        Examples
        --------
        >>> from nnteach.widgets import activation_explorer
        >>> explorer = activation_explorer()
        >>> explorer.set_state({"activation": "sigmoid", "x_range": (-8.0, 8.0)}).state()
        {'activation': 'sigmoid', 'x_range': (-8.0, 8.0), 'threshold': 0.05}
        """
        if not isinstance(state, Mapping):
            raise TypeError(
                f"Invalid type for argument `preset`. Expected a dict of control values. "
                f"Received: {describe(state)} (type {type(state).__name__}). "
                f"Call .state() on an explorer to see one."
            )
        unknown = [name for name in state if name not in self.controls]
        if unknown:
            raise ValueError(
                f"Unknown control name(s) {unknown} for {type(self).__name__}. "
                f"Expected names from {sorted(self.controls)}. Check the spelling, or call "
                f".state() to see the current names and values."
            )
        problems = []
        with self.holding():
            for name, value in state.items():
                control = self.controls[name]
                problem = control_problem(name, control, value)
                if problem:
                    problems.append(problem)
                else:
                    control.value = tuple(value) if isinstance(value, list) else value
        if problems:
            self.show_error("\n".join([*problems, self._error_message]))
        return self

    # -- updates -----------------------------------------------------------------
    @contextmanager
    def holding(self) -> Iterator[None]:
        """Change several controls without a redraw each; redraw once at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding:
            self.update()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._holding:
            self.update()

    def update(self) -> None:
        """Read the controls, run the logic function and redraw the outputs.

        A ``ValueError`` or ``TypeError`` from the logic (a width of 0, an
        empty data set) becomes a message in the error area, not a traceback.
        """
        start = time.perf_counter()
        with self._draw_lock:
            try:
                self._draw(**self.state())
            except (TypeError, ValueError) as exc:
                self.show_error(str(exc))
            else:
                self.show_error("")
        self.n_updates += 1
        self.last_update_s = time.perf_counter() - start

    @property
    def _error_message(self) -> str:
        return getattr(self, "_error_text", "")

    def show_error(self, message: str) -> None:
        """Show ``message`` in the error area (``""`` clears it)."""
        message = message.strip()
        self._error_text = message
        value = error_html(message)
        if self.error.value != value:
            self.error.value = value

    def _draw(self, **state: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _start(self, preset: Mapping[str, Any] | None) -> None:
        """Draw the first time, from the defaults or from ``preset``."""
        if preset is None:
            self.update()
        else:
            self.set_state(preset)
