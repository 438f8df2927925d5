"""Architecture builder: choose layers and units, see the network, its size and its Keras code.

Introduced in lesson 3 (seeing the network).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .. import style
from .._validation import check_choice, check_int, describe
from ..layers import LayerSpec, check_dropout, dense_chain
from ._activations import TRAINABLE_ACTIVATIONS
from ._base import Explorer, FigureImage, beside_controls, control, text_html

__all__ = [
    "ArchitectureBuilder",
    "ArchitectureSummary",
    "architecture_builder",
    "architecture_summary",
]

TASKS = ("classification", "regression")
MAX_HIDDEN_LAYERS = 4
MAX_UNITS = 64
MAX_INPUTS = 20
_MAX_NEURONS = 10  # widest column the diagram draws in full


class ArchitectureSummary(NamedTuple):
    """Result of :func:`architecture_summary`: unpack as ``param_count, code``."""

    param_count: int
    code: str


def _check_hidden(hidden: Any) -> tuple[int, ...]:
    if isinstance(hidden, bool) or isinstance(hidden, str) or not isinstance(hidden, Sequence):
        raise TypeError(
            "Invalid type for argument `hidden`. Expected a list of whole numbers, one "
            f"per hidden layer, e.g. (16, 8). Received: hidden={describe(hidden)}."
        )
    if not 1 <= len(hidden) <= MAX_HIDDEN_LAYERS:
        raise ValueError(
            f"Invalid value for argument `hidden`. Expected 1 to {MAX_HIDDEN_LAYERS} hidden "
            f"layers. Received {len(hidden)}: hidden={tuple(hidden)!r}."
        )
    return tuple(
        check_int(
            f"units of hidden layer {i}",
            units,
            minimum=1,
            hint="A layer needs at least 1 unit (neuron).",
        )
        for i, units in enumerate(hidden, start=1)
    )


def _layers(
    n_inputs: int,
    hidden: Sequence[int],
    dropout: float,
    task: str,
    n_classes: int,
    activation: str,
) -> list[LayerSpec]:
    """Validate the choices and list the layers, as ``build_deep_network`` builds them."""
    n_inputs = check_int("n_inputs", n_inputs, minimum=1, hint="A network needs at least 1 input.")
    units = _check_hidden(hidden)
    dropout = check_dropout(dropout)
    check_choice("task", task, TASKS)
    if task == "classification":
        n_classes = check_int("n_classes", n_classes, minimum=2)
    check_choice("activation", activation, TRAINABLE_ACTIVATIONS)
    return dense_chain(
        n_inputs, units, task=task, n_classes=n_classes, activation=activation, dropout=dropout
    )


def _compile_line(task: str, n_classes: int) -> str:
    if task == "regression":
        return 'model.compile(optimizer="adam", loss="mse", metrics=["mae"])'
    loss = "binary_crossentropy" if n_classes == 2 else "sparse_categorical_crossentropy"
    return f'model.compile(optimizer="adam", loss="{loss}", metrics=["accuracy"])'


def architecture_summary(
    n_inputs: int,
    hidden: Sequence[int],
    dropout: float = 0.0,
    task: str = "classification",
    *,
    n_classes: int = 2,
    activation: str = "relu",
) -> ArchitectureSummary:
    """Parameter count and Keras code of a fully connected network, without Keras.

    The plain function behind :func:`architecture_builder`. The count is
    worked out by hand: each ``Dense`` layer has ``inputs x units`` weights
    and ``units`` biases; ``Dropout`` has none. The code builds the same
    network as ``nnteach.build_deep_network`` (same layer names), so
    ``model.count_params()`` on it gives the same number.

    Parameters
    ----------
    n_inputs : int
        Number of input features.
    hidden : sequence of int
        Units of each hidden layer (1 to 4 layers, at least 1 unit each).
    dropout : float, default=0.0
        Dropout rate after each hidden layer, in [0, 1); 0 adds no Dropout.
    task : {"classification", "regression"}, default="classification"
        Chooses the output layer: 1 sigmoid unit (2 classes), ``n_classes``
        softmax units, or 1 linear unit (regression).
    n_classes : int, default=2
        Number of classes (classification only).
    activation : str, default="relu"
        Activation of the hidden layers.

    Returns
    -------
    ArchitectureSummary
        ``(param_count, code)``; ``code`` is Python a student can paste into a cell.

    Examples
    --------
    >>> from nnteach.widgets import architecture_summary
    >>> count, code = architecture_summary(10, (16, 8), dropout=0.2)
    >>> count  # (10*16 + 16) + (16*8 + 8) + (8*1 + 1)
    321
    >>> print(code.splitlines()[6])
            layers.Dense(16, activation="relu", name="h1"),
    """
    layers = _layers(n_inputs, hidden, dropout, task, n_classes, activation)
    count = sum(layer.n_params for layer in layers)
    lines = [
        "import keras",
        "from keras import layers",
        "",
        "model = keras.Sequential(",
        "    [",
        f'        keras.Input(shape=({layers[0].units},), name="input"),',
    ]
    for layer in layers[1:]:
        if layer.layer_type == "Dropout":
            lines.append(f'        layers.Dropout({round(layer.rate, 4):g}, name="{layer.name}"),')
        else:
            lines.append(
                f'        layers.Dense({layer.units}, activation="{layer.activation}", '
                f'name="{layer.name}"),'
            )
    lines += [
        "    ],",
        '    name="deep_network",',
        ")",
        _compile_line(task, n_classes),
        f"model.summary()  # Total params: {count:,}",
    ]
    return ArchitectureSummary(count, "\n".join(lines) + "\n")


def _diagram(layers: list[LayerSpec]) -> Any:
    """A ``NetworkDiagram`` of the layer list (no Keras model needed)."""
    from ..diagram import NetworkDiagram

    return NetworkDiagram(layers, name="deep_network", max_neurons=_MAX_NEURONS)


class ArchitectureBuilder(Explorer):
    """The widget made by :func:`architecture_builder` (see there)."""

    title = "Build a network: layers, units, dropout, task"

    def __init__(self, *, preset: Mapping[str, Any] | None = None) -> None:
        import ipywidgets as widgets

        def int_slider(description: str, value: int, low: int, high: int) -> Any:
            return control(
                widgets.IntSlider,
                value=value,
                min=low,
                max=high,
                description=description,
                continuous_update=False,
            )

        controls: dict[str, Any] = {
            "n_inputs": int_slider("input features", 4, 1, MAX_INPUTS),
            "n_hidden_layers": int_slider("hidden layers", 2, 1, MAX_HIDDEN_LAYERS),
        }
        for i, units in enumerate((8, 4, 4, 4), start=1):
            controls[f"units_{i}"] = int_slider(f"units in h{i}", units, 1, MAX_UNITS)
        controls["dropout"] = control(
            widgets.FloatSlider,
            value=0.0,
            min=0.0,
            max=0.8,
            step=0.05,
            description="dropout",
            readout_format=".2f",
            continuous_update=False,
        )
        controls["activation"] = control(
            widgets.Dropdown,
            options=list(TRAINABLE_ACTIVATIONS),
            value="relu",
            description="activation",
        )
        controls["task"] = control(
            widgets.Dropdown,
            options=list(TASKS),
            value="classification",
            description="task",
        )
        controls["n_classes"] = int_slider("classes", 2, 2, 10)
        self.params = widgets.HTML()
        self.code_view = widgets.HTML()
        self._fig = FigureImage((6.4, 3.2), dpi=80)
        self.figure_ = self._fig.figure
        self.ax_ = self.figure_.add_axes((0.01, 0.11, 0.98, 0.8))
        self.ax_.set_axis_off()
        self.title_ = self.figure_.text(0.5, 0.97, "", ha="center", va="top", fontsize=11)
        self._diagram_artists: list[Any] = []
        self._legend_groups: tuple[str, ...] = ()
        self.legend_: Any = None
        body = [
            beside_controls(controls.values(), widgets.VBox([self.params, self._fig.image])),
            widgets.HTML(
                "Keras code for this network: click it to select it all, copy it "
                "(Ctrl+C or ⌘C) and paste it into a cell."
            ),
            self.code_view,
        ]
        super().__init__(controls, body)
        self.param_count_: int | None = None
        self.code = ""
        self._start(preset)

    def hidden_units(self) -> tuple[int, ...]:
        """Units of the hidden layers currently chosen."""
        n = self.controls["n_hidden_layers"].value
        return tuple(self.controls[f"units_{i}"].value for i in range(1, n + 1))

    def _draw(self, **state: Any) -> None:
        n_layers = state["n_hidden_layers"]
        for i in range(1, MAX_HIDDEN_LAYERS + 1):  # show only the sliders in use
            display = None if i <= n_layers else "none"
            if self.controls[f"units_{i}"].layout.display != display:
                self.controls[f"units_{i}"].layout.display = display
        classes_display = None if state["task"] == "classification" else "none"
        if self.controls["n_classes"].layout.display != classes_display:
            self.controls["n_classes"].layout.display = classes_display

        hidden = [state[f"units_{i}"] for i in range(1, n_layers + 1)]
        args = (state["n_inputs"], hidden, state["dropout"], state["task"])
        kwargs = {"n_classes": state["n_classes"], "activation": state["activation"]}
        count, code = architecture_summary(*args, **kwargs)
        layers = _layers(*args, **kwargs)
        self.param_count_, self.code = count, code
        code_html = (
            '<pre class="nnteach-code" style="user-select:all; '
            f"background:{style.CODE_BACKGROUND}; "
            f"border:1px solid {style.CODE_BORDER}; padding:6px 10px; margin:0; font-size:12px; "
            f'line-height:1.35">{html.escape(code)}</pre>'
        )
        if self.code_view.value != code_html:
            self.code_view.value = code_html

        rows = "".join(
            f"<tr><td style='padding-right:1em'>{layer.name}</td>"
            f"<td style='padding-right:1em'>{layer.n_inputs}×{layer.units} + {layer.units}</td>"
            f"<td style='text-align:right'>{layer.n_params:,}</td></tr>"
            for layer in layers
            if layer.kind == "dense"
        )
        self.params.value = text_html(
            f"<b>{count:,} parameters</b> (weights + biases)"
            f"<table style='font-family:monospace; font-size:90%'>{rows}</table>"
        )

        # Redraw the diagram on the same axes: remove the old artists (cheaper
        # than ax.clear()), draw, and blit them over a static background that
        # holds the legend. The diagram's own legend is replaced by a figure
        # legend that changes only when the kinds of layers change.
        for artist in self._diagram_artists:
            artist.remove()
        diagram = _diagram(layers).plot(ax=self.ax_, title="")
        diagram.legend_.remove()
        self.diagram_ = diagram
        artists = [diagram.edges_, diagram.nodes_, *diagram.labels_]
        if diagram.ellipses_ is not None:
            artists.append(diagram.ellipses_)
        self._diagram_artists = artists
        widths = " → ".join(str(layer.units) for layer in layers if layer.kind != "neuronless")
        self.title_.set_text(f"{widths}    ({count:,} parameters)")
        groups = tuple(dict.fromkeys(diagram.node_groups_.tolist()))
        full = groups != self._legend_groups
        if full:
            self._set_legend(groups)
        self._fig.set_dynamic([*artists, self.title_])
        self._fig.render(full=full)

    def _set_legend(self, groups: tuple[str, ...]) -> None:
        from matplotlib.lines import Line2D

        from ..diagram import NetworkDiagram

        labels = {
            "input": "input feature",
            "hidden": "hidden neuron",
            "output": "output neuron",
            "neuronless": "Dropout (no neurons)",
        }
        handles = [
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=8 if group != "neuronless" else 6,
                mfc=NetworkDiagram.NODE_COLORS[group],
                mec=style.INK,
                label=labels[group],
            )
            for group in labels
            if group in groups
        ]
        if self.legend_ is not None:
            self.legend_.remove()
        self.legend_ = self.figure_.legend(
            handles=handles,
            loc="lower center",
            ncol=len(handles),
            frameon=False,
            fontsize=9,
            handletextpad=0.3,
            columnspacing=1.0,
            borderaxespad=0.2,
        )
        self._legend_groups = groups


def architecture_builder(*, preset: Mapping[str, Any] | None = None) -> ArchitectureBuilder:
    """Choose inputs, hidden layers, units, dropout and task; see the network and its code.

    Introduced in lesson 3 (seeing the network).

    Shows the network diagram (``nnteach.diagram``; layers wider than 10 are
    drawn collapsed), the parameter count layer by layer (``inputs x units +
    units``), and the Keras code that builds exactly this network, ready to
    copy into a cell. The count comes from :func:`architecture_summary`, by
    hand, not from building a Keras model, so the builder reacts at once.

    Controls (names for presets and ``state()``): ``n_inputs`` (1-20),
    ``n_hidden_layers`` (1-4), ``units_1`` ... ``units_4`` (1-64; only the
    first ``n_hidden_layers`` are used and shown), ``dropout`` (0-0.8),
    ``activation``, ``task`` (``"classification"`` or ``"regression"``) and
    ``n_classes`` (2-10, classification only). The sliders update when
    released.

    Parameters
    ----------
    preset : dict, optional
        Starting values by control name.

    Returns
    -------
    ArchitectureBuilder
        Displays as the widget in Jupyter; ``.param_count_`` and ``.code``
        hold the current count and code (shown in ``.code_view``),
        ``.diagram_`` the drawn ``NetworkDiagram``.

    Examples
    --------
    >>> from nnteach.widgets import architecture_builder
    >>> builder = architecture_builder(preset={"n_inputs": 10, "units_1": 16, "units_2": 8})
    >>> builder.param_count_
    321
    >>> builder.controls["n_hidden_layers"].value = 1
    >>> builder.param_count_  # 10*16 + 16 + 16*1 + 1
    193
    """
    return ArchitectureBuilder(preset=preset)
