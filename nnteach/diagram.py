"""Draw a Keras model as a network of neurons joined by weighted edges.

The picture students meet in lesson 3: one column of circles per layer, one
line per weight. :class:`NetworkDiagram` follows scikit-learn's Display
pattern: :meth:`NetworkDiagram.from_model` reads the model into plain data
(:class:`LayerSpec` objects), :meth:`NetworkDiagram.plot` draws it and keeps
the artists (``nodes_``, ``edges_``, ``labels_``...) so that tests and students
can inspect them.

Wide layers are collapsed (first few neurons, an ellipsis, the last few, and
the true count under the column), and all edges go into one
``LineCollection``, so a 784-128-64-10 network draws in a few hundredths of a
second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ._validation import check_int, check_type

__all__ = ["LayerSpec", "NetworkDiagram", "draw_network"]

# Width-preserving layers: drawn as a column without neurons, joined one to one.
_NEURONLESS_TYPES = (
    "Dropout",
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "BatchNormalization",
    "LayerNormalization",
    "UnitNormalization",
    "Normalization",
    "Rescaling",
    "Activation",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "Softmax",
    "ActivityRegularization",
    "Identity",
    "Flatten",  # only when its input is already flat
)
# Activation name of the activation layers that have no `.activation` attribute.
_ACTIVATION_LAYERS = {
    "ReLU": "relu",
    "LeakyReLU": "leaky_relu",
    "PReLU": "prelu",
    "ELU": "elu",
    "Softmax": "softmax",
}
_DRAWABLE = (
    "Dense layers, plus layers that keep the width (Dropout, BatchNormalization, "
    "LayerNormalization, Activation, ReLU, GaussianNoise, Normalization...), "
    "chained one after the other on a flat input of shape (n_features,)"
)
_OTHER_MODELS = "For other models, `nnteach.plot_keras_model(model)` draws the layer graph."
_AUTO_INPUT_NAME = re.compile(r"^(keras_tensor|input_layer|input)(_\d+)?$")


@dataclass(frozen=True)
class LayerSpec:
    """Plain description of one layer of a network diagram.

    Parameters
    ----------
    name : str
        Layer name (``layer.name``).
    kind : {'input', 'dense', 'neuronless'}
        ``'input'`` for the input features, ``'dense'`` for a layer of
        neurons, ``'neuronless'`` for a layer that transforms values without
        neurons of its own and keeps the width (Dropout, BatchNormalization,
        Activation...).
    units : int
        Width of the layer's output (number of neurons for ``'dense'``).
    n_inputs : int
        Width of the layer's input (equal to ``units`` unless ``'dense'``).
    activation : str or None
        Activation name (``'relu'``, ``'linear'``...), or None.
    has_weights : bool
        Whether the layer holds weights (Dense, BatchNormalization, PReLU...).
    kernel : numpy.ndarray or None
        Dense kernel of shape ``(n_inputs, units)``, None for other kinds.
    layer_type : str
        Keras class name (``'Dense'``, ``'Dropout'``...), or ``'Input'``.
    use_bias : bool
        Whether a Dense layer adds a bias ``b``.

    Notes
    -----
    Introduced in lesson 3 (seeing the network).

    Examples
    --------
    >>> from nnteach.diagram import LayerSpec
    >>> LayerSpec("hidden", "dense", units=3, n_inputs=4, activation="relu")
    LayerSpec(name='hidden', kind='dense', units=3, n_inputs=4, activation='relu', ...)
    """

    name: str
    kind: str
    units: int
    n_inputs: int
    activation: str | None = None
    has_weights: bool = False
    kernel: np.ndarray | None = field(default=None, repr=False, compare=False)
    layer_type: str = "Dense"
    use_bias: bool = True

    def __repr__(self) -> str:  # the dataclass repr, shortened for doctests and errors
        return (
            f"LayerSpec(name={self.name!r}, kind={self.kind!r}, units={self.units}, "
            f"n_inputs={self.n_inputs}, activation={self.activation!r}, ...)"
        )


# --------------------------------------------------------------------------- reading
def _unsupported(layer, reason: str) -> ValueError:
    return ValueError(
        f"Cannot draw layer '{layer.name}' ({type(layer).__name__}): {reason}. "
        f"draw_network draws {_DRAWABLE}. {_OTHER_MODELS}"
    )


def _read_layer(keras, layer) -> LayerSpec:
    type_name = type(layer).__name__
    in_shape = tuple(layer.input.shape)
    out_shape = tuple(layer.output.shape)
    if isinstance(layer, keras.layers.Dense):
        if len(in_shape) != 2:
            raise _unsupported(
                layer,
                f"it receives inputs of shape {in_shape}, and a diagram of neurons "
                "needs a flat input (batch, features)",
            )
        kernel = np.array(layer.kernel.numpy(), dtype=float)
        activation = getattr(layer.activation, "__name__", None) or str(layer.activation)
        return LayerSpec(
            name=layer.name,
            kind="dense",
            units=int(layer.units),
            n_inputs=int(in_shape[-1]),
            activation=activation,
            has_weights=True,
            kernel=kernel,
            layer_type=type_name,
            use_bias=bool(layer.use_bias),
        )
    neuronless = tuple(
        cls for name in _NEURONLESS_TYPES if (cls := getattr(keras.layers, name, None)) is not None
    )
    if not isinstance(layer, neuronless):
        raise _unsupported(layer, "this kind of layer is not a column of neurons")
    if len(in_shape) != 2 or in_shape[-1] != out_shape[-1] or len(out_shape) != 2:
        raise _unsupported(
            layer,
            f"it turns inputs of shape {in_shape} into outputs of shape {out_shape}, "
            "and a diagram of neurons needs flat inputs whose width stays the same "
            "(flatten or reshape the data before the model instead)",
        )
    activation = _ACTIVATION_LAYERS.get(type_name)
    if activation is None and type_name == "Activation":
        activation = getattr(layer.activation, "__name__", None) or str(layer.activation)
    return LayerSpec(
        name=layer.name,
        kind="neuronless",
        units=int(out_shape[-1]),
        n_inputs=int(in_shape[-1]),
        activation=activation,
        has_weights=bool(layer.weights),
        kernel=None,
        layer_type=type_name,
        use_bias=False,
    )


def _input_name(tensor) -> str:
    name = getattr(tensor, "name", None) or "input"
    return "input" if _AUTO_INPUT_NAME.match(name) else name


def _read_model(model) -> list[LayerSpec]:
    from ._keras import import_keras

    keras = import_keras()
    check_type(
        "model",
        model,
        keras.Model,
        hint="Pass a Keras model, e.g. keras.Sequential([keras.Input((4,)), ...]).",
    )
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' is not built yet, so its input width is unknown. "
            "Start it with `keras.Input(shape=(n_features,))`, or call "
            "`model.build((None, n_features))` before drawing it."
        )
    inputs = list(model.inputs)
    outputs = list(model.outputs)
    if len(inputs) != 1 or len(outputs) != 1:
        raise ValueError(
            f"Cannot draw model '{model.name}': it has {len(inputs)} inputs and "
            f"{len(outputs)} outputs, and draw_network draws one path from one input "
            f"to one output: {_DRAWABLE}. {_OTHER_MODELS}"
        )
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not layers:
        raise ValueError(f"Model '{model.name}' has no layers to draw. Add a Dense layer.")

    # Check that the layers form a chain: each one is fed by the one before.
    previous, previous_name = inputs[0], "the model input"
    specs = []
    for layer in layers:
        try:
            layer_input = layer.input
        except (AttributeError, ValueError) as err:  # never called: not connected
            raise _unsupported(layer, f"it is not connected ({err})") from err
        if not isinstance(layer_input, keras.KerasTensor):
            raise _unsupported(
                layer, f"it takes {len(layer_input)} inputs, so the model is not a chain"
            )
        if not isinstance(model, keras.Sequential) and layer_input is not previous:
            raise _unsupported(
                layer,
                f"it is not fed by {previous_name}, so the model branches or skips "
                "layers, and only chains (one path from input to output) can be drawn",
            )
        specs.append(_read_layer(keras, layer))
        previous, previous_name = layer.output, f"layer '{layer.name}'"
    if outputs[0] is not previous and not isinstance(model, keras.Sequential):
        raise ValueError(
            f"Cannot draw model '{model.name}': its output does not come from its last "
            f"layer '{layers[-1].name}' (a layer used twice, or a branch). draw_network "
            f"draws {_DRAWABLE}. {_OTHER_MODELS}"
        )

    in_shape = tuple(inputs[0].shape)
    if len(in_shape) != 2:  # only reachable if every layer accepted it, kept as a guard
        raise ValueError(
            f"Cannot draw model '{model.name}': its input has shape {in_shape}, and "
            f"draw_network draws {_DRAWABLE}. {_OTHER_MODELS}"
        )
    n_features = int(in_shape[-1])
    first = LayerSpec(
        name=_input_name(inputs[0]),
        kind="input",
        units=n_features,
        n_inputs=n_features,
        layer_type="Input",
        use_bias=False,
    )
    return [first, *specs]


# --------------------------------------------------------------------------- layout
def _drawn_indices(units: int, max_neurons: int) -> tuple[np.ndarray, bool]:
    """Indices of the neurons drawn for a layer, and whether it is collapsed."""
    if units <= max_neurons:
        return np.arange(units), False
    head, tail = (max_neurons + 1) // 2, max_neurons // 2
    return np.concatenate([np.arange(head), np.arange(units - tail, units)]), True


def _column_y(n_drawn: int, collapsed: bool) -> tuple[np.ndarray, float | None]:
    """Vertical positions of the drawn neurons (centred on 0), and of the ellipsis."""
    slots = n_drawn + 1 if collapsed else n_drawn
    y = (slots - 1) / 2.0 - np.arange(slots, dtype=float)
    if not collapsed:
        return y, None
    head = (n_drawn + 1) // 2
    return np.delete(y, head), float(y[head])


def _describe_text(spec: LayerSpec, is_output: bool) -> str:
    if spec.kind == "input":
        return f"{spec.name}\n{_count(spec.units, 'feature')}"
    if spec.kind == "dense":
        bias = "+b" if spec.use_bias else ""
        role = "output" if is_output else "unit"
        formula = f"Σ {spec.n_inputs}[X·w]{bias}"
        return f"{spec.name}\n{spec.activation}\n{formula}\n{_count(spec.units, role)}"
    detail = f"{spec.activation}" if spec.activation else "no neurons"
    return f"{spec.name}\n{spec.layer_type}\n{detail}\n{_count(spec.units, 'value')}"


_COUNT_FONTSIZE = 8.0  # true count under a collapsed column
_COUNT_GAP_PT = 3.0  # between the lowest neuron's edge and that count


def _text_width_pt(text: str, fontsize: float) -> float:
    """Width of one line of text in points, known before anything is drawn.

    Measured on the glyph outlines, a slight overestimate (about 15 % with
    DejaVu Sans) of the width drawn, which leaves a little room to spare.
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=fontsize), ismath=False
    )
    return float(width)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class NetworkDiagram:
    """Diagram of a Keras model as columns of neurons joined by weights.

    Build it with :meth:`from_model`, then call :meth:`plot`. The drawing
    reads: one column per layer; input features, hidden neurons, output
    neurons and layers without neurons (Dropout, BatchNormalization...) in
    different colours; one line per weight. Layers wider than ``max_neurons``
    show their first and last neurons around an ellipsis, with the true count
    under the column.

    Parameters
    ----------
    layers : list of LayerSpec
        The input first, then one entry per layer (see :class:`LayerSpec`).
    name : str, default="model"
        Name used as the default title.
    max_neurons : int, default=10
        Widest column drawn in full; wider layers are collapsed.

    Attributes
    ----------
    figure_ : matplotlib.figure.Figure
    ax_ : matplotlib.axes.Axes
    nodes_ : matplotlib.collections.PathCollection
        Every drawn neuron, from one ``scatter`` (input columns first).
    node_groups_ : numpy.ndarray of str
        Group of each point of ``nodes_``: 'input', 'hidden', 'output' or
        'neuronless'.
    edges_ : matplotlib.collections.LineCollection
        Every drawn edge, in layer order; within a Dense layer, ordered like
        ``kernel[np.ix_(drawn_in, drawn_out)].ravel()``.
    ellipses_ : matplotlib.collections.PathCollection or None
        The "more neurons here" dots of collapsed layers.
    labels_ : list of matplotlib.text.Text
        True counts of collapsed layers, centred under their columns
        (``'784 units'``, or ``'784\\nunits'`` when the columns are too close
        for one line), then the layer descriptions (``describe=True``).
    legend_ : matplotlib.legend.Legend
    drawn_ : list of numpy.ndarray
        Per layer, the indices of the neurons drawn.

    Notes
    -----
    Introduced in lesson 3 (seeing the network).

    Examples
    --------
    >>> import keras
    >>> from nnteach import NetworkDiagram
    >>> model = keras.Sequential(
    ...     [keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
    ...      keras.layers.Dense(1, activation="sigmoid")]
    ... )
    >>> diagram = NetworkDiagram.from_model(model).plot(describe=True)
    >>> len(diagram.edges_.get_segments())  # 4*3 + 3*1
    15
    """

    #: Colour of each group of neurons (Okabe-Ito palette, colour-blind friendly).
    NODE_COLORS = {
        "input": "#009E73",
        "hidden": "#F0E442",
        "output": "#CC79A7",
        "neuronless": "#BBBBBB",
    }
    #: Edge colours for ``show_weights=True``.
    POSITIVE_COLOR = "#0072B2"
    NEGATIVE_COLOR = "#D55E00"
    EDGE_COLOR = "#7F7F7F"
    _LEGEND_LABELS = {
        "input": "input feature",
        "hidden": "hidden neuron",
        "output": "output neuron",
        "neuronless": "layer without neurons",
    }

    def __init__(self, layers: list[LayerSpec], *, name: str = "model", max_neurons: int = 10):
        check_type("layers", layers, (list, tuple))
        if not layers or not all(isinstance(spec, LayerSpec) for spec in layers):
            raise TypeError(
                "Invalid value for argument `layers`. Expected a non-empty list of "
                f"LayerSpec. Received: {layers!r:.80}. Use NetworkDiagram.from_model(model)."
            )
        if layers[0].kind != "input" or any(spec.kind == "input" for spec in layers[1:]):
            raise ValueError(
                "Invalid value for argument `layers`: the first LayerSpec, and only it, "
                f"must have kind='input'. Received kinds: {[s.kind for s in layers]}."
            )
        self.layers = list(layers)
        self.name = str(name)
        self.max_neurons = check_int("max_neurons", max_neurons, minimum=2)

    @classmethod
    def from_model(cls, model, *, max_neurons: int = 10) -> NetworkDiagram:
        """Read a Keras model's layers into a diagram (nothing is drawn yet).

        Parameters
        ----------
        model : keras.Model
            A built Sequential or Functional model whose layers form a chain
            from one flat input to one output: Dense layers and layers that
            keep the width (Dropout, BatchNormalization, Activation...).
        max_neurons : int, default=10
            Widest column drawn in full; wider layers are collapsed.

        Returns
        -------
        NetworkDiagram

        Raises
        ------
        ValueError
            If the model is not built, or has a layer that cannot be drawn as
            neurons (Conv2D, Flatten of images, Concatenate...), or branches.

        Notes
        -----
        Introduced in lesson 3 (seeing the network).

        Examples
        --------
        >>> import keras
        >>> from nnteach import NetworkDiagram
        >>> model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
        >>> [(s.kind, s.units) for s in NetworkDiagram.from_model(model).layers]
        [('input', 784), ('dense', 10)]
        """
        max_neurons = check_int("max_neurons", max_neurons, minimum=2)
        return cls(_read_model(model), name=model.name, max_neurons=max_neurons)

    # ------------------------------------------------------------------ geometry
    def _groups(self) -> list[str]:
        dense = [i for i, spec in enumerate(self.layers) if spec.kind == "dense"]
        last_dense = dense[-1] if dense else None
        groups = []
        for i, spec in enumerate(self.layers):
            if spec.kind == "input":
                groups.append("input")
            elif spec.kind == "neuronless":
                groups.append("neuronless")
            else:
                groups.append("output" if i == last_dense else "hidden")
        return groups

    def _edge_style(self, spec, drawn_in, drawn_out, show_weights, n_total):
        """Colours (RGBA) and widths of one Dense layer's edges."""
        from matplotlib.colors import to_rgba

        n = len(drawn_in) * len(drawn_out)
        if not show_weights:
            alpha = 0.45 if n_total <= 400 else 0.25
            width = 0.8 if n_total <= 400 else 0.4
            colors = np.tile(to_rgba(self.EDGE_COLOR, alpha), (n, 1))
            return colors, np.full(n, width)
        if spec.kernel is None:
            raise ValueError(
                f"show_weights=True needs the kernel of layer '{spec.name}', and its "
                "LayerSpec has kernel=None. Build the diagram with "
                "NetworkDiagram.from_model(model)."
            )
        w = spec.kernel[np.ix_(drawn_in, drawn_out)].ravel()
        peak = float(np.max(np.abs(spec.kernel))) if spec.kernel.size else 0.0
        strength = np.abs(w) / peak if peak > 0 else np.zeros_like(w)
        colors = np.where(
            (w >= 0)[:, None],
            np.array(to_rgba(self.POSITIVE_COLOR)),
            np.array(to_rgba(self.NEGATIVE_COLOR)),
        )
        colors[:, 3] = 0.15 + 0.85 * strength
        return colors, 0.3 + 2.7 * strength

    # ------------------------------------------------------------------ drawing
    def plot(
        self,
        *,
        ax=None,
        describe: bool = False,
        show_weights: bool = False,
        max_neurons: int | None = None,
        title: str | None = None,
    ) -> NetworkDiagram:
        """Draw the diagram.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; by default a new figure sized for the network.
        describe : bool, default=False
            Label each layer with its name, activation, the sum it computes
            (``Σ n[X·w]+b`` for ``n`` inputs) and its number of units.
        show_weights : bool, default=False
            Colour each edge by the sign of its weight (blue positive,
            vermilion negative) and make strong weights thicker and more
            opaque (``|w|`` divided by the layer's largest ``|w|``). Most
            telling after training.
        max_neurons : int, optional
            Override the ``max_neurons`` given to :meth:`from_model`.
        title : str, optional
            Axes title; the model's name by default, ``""`` for none.

        Returns
        -------
        NetworkDiagram
            ``self``, with ``figure_``, ``ax_``, ``nodes_``, ``edges_``,
            ``ellipses_``, ``labels_`` and ``legend_`` set.

        Notes
        -----
        Introduced in lesson 3 (seeing the network).

        Examples
        --------
        >>> import keras
        >>> from nnteach import NetworkDiagram
        >>> model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
        >>> diagram = NetworkDiagram.from_model(model).plot(show_weights=True)
        >>> [t.get_text() for t in diagram.labels_]
        ['784 units']
        """
        check_type("describe", describe, bool)
        check_type("show_weights", show_weights, bool)
        if max_neurons is None:
            max_neurons = self.max_neurons
        max_neurons = check_int("max_neurons", max_neurons, minimum=2)
        if title is not None:
            check_type("title", title, str)

        import matplotlib.pyplot as plt
        from matplotlib.collections import LineCollection
        from matplotlib.colors import to_rgba
        from matplotlib.lines import Line2D

        groups = self._groups()
        drawn, ys, ellipsis_y = [], [], []
        for spec in self.layers:
            idx, collapsed = _drawn_indices(spec.units, max_neurons)
            y, ey = _column_y(len(idx), collapsed)
            drawn.append(idx)
            ys.append(y)
            ellipsis_y.append(ey)
        n_cols = len(self.layers)
        half_height = max(
            max(float(np.max(np.abs(y))) if len(y) else 0.0 for y in ys),
            max((abs(e) for e in ellipsis_y if e is not None), default=0.0),
        )
        # Small networks keep a sensible spacing instead of filling the height.
        frame = max(half_height, 1.5) + 0.6
        label_texts = []
        if describe:
            label_texts = [
                _describe_text(spec, g == "output")
                for spec, g in zip(self.layers, groups, strict=True)
            ]

        collapsed_cols = [i for i, e in enumerate(ellipsis_y) if e is not None]

        if ax is None:
            width = max(5.0, 1.7 * n_cols + 1.2)
            height = min(max(1.8 + 0.3 * 2 * half_height, 3.0), 4.6) + (1.1 if describe else 0.0)
            if collapsed_cols:
                height += 0.3  # the true counts under the columns
            fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
            shrink = 0.85  # room the layout will give to the title and legend
        else:
            fig = ax.figure
            shrink = 1.0
        bbox = ax.get_position()
        fig_w, fig_h = fig.get_size_inches()
        axes_pt = bbox.height * fig_h * 72 * shrink
        y_range = 2 * frame
        if label_texts:
            # Leave room above the neurons for the layer descriptions.
            n_lines = max(text.count("\n") + 1 for text in label_texts)
            block_pt = n_lines * 8.5 * 1.3 * 1.2 + 8
            y_range = (2 * frame) / (1 - min(block_pt / axes_pt, 0.6))
        # Points per data unit across (columns are 1 apart) and marker diameter:
        # about 60 % of the spacing between neurons.
        x_pt = bbox.width * fig_w * 72 / (n_cols + 0.35)
        diameter = min(0.6 * axes_pt / y_range, 0.35 * x_pt, 22.0)

        # The true count of a collapsed layer goes under its column, centred:
        # beside the ellipsis it ran into the next column's dots or nodes when
        # columns are close (a Dropout column, the architecture builder), and
        # below the lowest neurons no edge passes. Two lines if one is too wide.
        count_texts = {}
        count_lines = 0
        for i in collapsed_cols:
            text = f"{self.layers[i].units} units"
            if _text_width_pt(text, _COUNT_FONTSIZE) + 8 > x_pt:
                text = text.replace(" ", "\n")
            count_texts[i] = text
            count_lines = max(count_lines, text.count("\n") + 1)
        bottom = frame
        if count_texts:
            # Grow the bottom margin until the counts fit under the neurons.
            need_pt = diameter / 2 + _COUNT_GAP_PT + count_lines * _COUNT_FONTSIZE * 1.2 + 6
            margin = frame - half_height
            extra = (need_pt * y_range - margin * axes_pt) / max(axes_pt - need_pt, 1.0)
            if extra > 0:
                bottom += extra
                y_range += extra
        ax.set_axis_off()
        ax.set_xlim(-0.6, n_cols - 1 + 0.75)
        ax.set_ylim(-bottom, y_range - bottom)

        y_pt = axes_pt / y_range
        diameter = min(0.6 * y_pt, 0.35 * x_pt, 22.0)
        size = max(diameter, 4.0) ** 2

        # Nodes: one scatter for all of them.
        xs = np.concatenate([np.full(len(y), float(i)) for i, y in enumerate(ys)])
        all_y = np.concatenate(ys)
        node_groups = np.concatenate(
            [np.full(len(y), g, dtype=object) for y, g in zip(ys, groups, strict=True)]
        ).astype(str)
        colors = [self.NODE_COLORS[g] for g in node_groups]
        sizes = np.where(node_groups == "neuronless", size * 0.45, size)
        self.nodes_ = ax.scatter(
            xs, all_y, s=sizes, c=colors, edgecolors="#333333", linewidths=0.8, zorder=3
        )
        self.node_groups_ = node_groups

        # Edges: one LineCollection for all of them.
        n_total = sum(
            len(drawn[i]) * len(drawn[i + 1])
            if self.layers[i + 1].kind == "dense"
            else len(drawn[i + 1])
            for i in range(n_cols - 1)
        )
        segments, edge_colors, edge_widths = [], [], []
        for i in range(n_cols - 1):
            spec = self.layers[i + 1]
            y_a, y_b = ys[i], ys[i + 1]
            if spec.kind == "dense":
                seg = np.empty((len(y_a), len(y_b), 2, 2))
                seg[..., 0, 0] = i
                seg[..., 0, 1] = y_a[:, None]
                seg[..., 1, 0] = i + 1
                seg[..., 1, 1] = y_b[None, :]
                seg = seg.reshape(-1, 2, 2)
                col, wid = self._edge_style(spec, drawn[i], drawn[i + 1], show_weights, n_total)
            else:  # same width: each value goes straight through
                seg = np.empty((len(y_b), 2, 2))
                seg[:, 0, 0], seg[:, 0, 1] = i, y_a
                seg[:, 1, 0], seg[:, 1, 1] = i + 1, y_b
                col = np.tile(to_rgba(self.EDGE_COLOR, 0.6), (len(y_b), 1))
                wid = np.full(len(y_b), 0.8)
            segments.append(seg)
            edge_colors.append(col)
            edge_widths.append(wid)
        if segments:
            segments = np.concatenate(segments)
            edge_colors = np.concatenate(edge_colors)
            edge_widths = np.concatenate(edge_widths)
        else:
            segments, edge_colors, edge_widths = np.empty((0, 2, 2)), np.empty((0, 4)), []
        self.edges_ = LineCollection(
            segments, colors=edge_colors, linewidths=edge_widths, zorder=1, capstyle="round"
        )
        ax.add_collection(self.edges_, autolim=False)

        # Collapsed layers: three dots and the true count.
        labels = []
        if collapsed_cols:
            dot_x = np.repeat(np.array(collapsed_cols, dtype=float), 3)
            dot_y = np.concatenate(
                [ellipsis_y[i] + np.array([0.25, 0.0, -0.25]) for i in collapsed_cols]
            )
            self.ellipses_ = ax.scatter(dot_x, dot_y, s=5, c="#333333", zorder=3)
        else:
            self.ellipses_ = None
        for i, text in count_texts.items():
            labels.append(
                ax.annotate(
                    text,
                    xy=(i, float(np.min(ys[i]))),
                    xytext=(0, -(max(diameter, 4.0) / 2 + _COUNT_GAP_PT)),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=_COUNT_FONTSIZE,
                    linespacing=1.1,
                    color="#333333",
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
                    zorder=4,
                    annotation_clip=False,
                )
            )

        if describe:
            top = half_height + 0.45
            for i, text in enumerate(label_texts):
                labels.append(
                    ax.text(
                        i,
                        top,
                        text,
                        ha="center",
                        va="bottom",
                        fontsize=8.5,
                        linespacing=1.3,
                        color="#222222",
                    )
                )
        self.labels_ = labels

        # Legend: the groups present, and the weight colours if shown.
        handles = []
        for group in ("input", "hidden", "output", "neuronless"):
            if group in groups:
                handles.append(
                    Line2D(
                        [],
                        [],
                        ls="",
                        marker="o",
                        ms=8 if group != "neuronless" else 6,
                        mfc=self.NODE_COLORS[group],
                        mec="#333333",
                        label=self._LEGEND_LABELS[group],
                    )
                )
        if show_weights:
            handles.append(Line2D([], [], color=self.POSITIVE_COLOR, lw=2, label="weight > 0"))
            handles.append(Line2D([], [], color=self.NEGATIVE_COLOR, lw=2, label="weight < 0"))
        # Two rows at most, read left to right (matplotlib fills columns first).
        ncol = len(handles) if len(handles) <= 4 else -(-len(handles) // 2)
        nrow = -(-len(handles) // ncol)
        order = [
            r * ncol + c for c in range(ncol) for r in range(nrow) if r * ncol + c < len(handles)
        ]
        self.legend_ = ax.legend(
            handles=[handles[k] for k in order],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=ncol,
            frameon=False,
            fontsize=8.5,
            handletextpad=0.4,
            columnspacing=1.2,
        )
        ax.set_title(self.name if title is None else title)

        self.drawn_ = drawn
        self.figure_ = fig
        self.ax_ = ax
        return self


def draw_network(
    model,
    *,
    ax=None,
    describe: bool = False,
    show_weights: bool = False,
    max_neurons: int = 10,
) -> NetworkDiagram:
    """Draw a Keras model as a network of neurons (shortcut).

    Same as ``NetworkDiagram.from_model(model, max_neurons=max_neurons).plot(
    ax=ax, describe=describe, show_weights=show_weights)``.

    Parameters
    ----------
    model : keras.Model
        Built Sequential or Functional model made of a chain of Dense layers
        and width-preserving layers (Dropout, BatchNormalization...).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.
    describe : bool, default=False
        Label each layer with name, activation, ``Σ n[X·w]+b`` and units.
    show_weights : bool, default=False
        Colour edges by the sign of their weight, width and opacity by ``|w|``.
    max_neurons : int, default=10
        Widest column drawn in full; wider layers are collapsed.

    Returns
    -------
    NetworkDiagram
        The diagram, with its artists (``figure_``, ``ax_``, ``nodes_``,
        ``edges_``, ``labels_``).

    Notes
    -----
    Introduced in lesson 3 (seeing the network).

    Examples
    --------
    >>> import keras
    >>> import nnteach
    >>> model = keras.Sequential(
    ...     [keras.Input((10,)), keras.layers.Dense(6, activation="relu"),
    ...      keras.layers.Dropout(0.2), keras.layers.Dense(1, activation="sigmoid")]
    ... )
    >>> diagram = nnteach.draw_network(model, describe=True)
    >>> diagram.nodes_.get_offsets().shape  # 10 + 6 + 6 + 1 points
    (23, 2)
    """
    return NetworkDiagram.from_model(model, max_neurons=max_neurons).plot(
        ax=ax, describe=describe, show_weights=show_weights
    )
