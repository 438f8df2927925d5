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

import numpy as np

from . import style
from ._network_layout import (
    COUNT_FONTSIZE,
    DESCRIBE_FONTSIZE,
    NetworkLayout,
    figure_size,
    layout_network,
)
from ._validation import check_int, check_type
from .layers import LayerSpec

__all__ = ["NetworkDiagram", "draw_network"]

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
        kernel=None,
        layer_type=type_name,
        use_bias=False,
        rate=float(layer.rate) if type_name == "Dropout" else None,
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


# --------------------------------------------------------------------------- diagram
class NetworkDiagram:
    """Diagram of a Keras model as columns of neurons joined by weights.

    Introduced in lesson 3 (seeing the network).

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

    #: Colour of each group of neurons (``nnteach.style``: Okabe-Ito, colour-blind safe).
    NODE_COLORS = {
        "input": style.INPUT,
        "hidden": style.HIDDEN,
        "output": style.OUTPUT,
        "neuronless": style.NEURONLESS,
    }
    #: Edge colours for ``show_weights=True``: blue positive, vermillion negative,
    #: the meanings they have in every lesson (``nnteach.style``).
    POSITIVE_COLOR = style.POSITIVE
    NEGATIVE_COLOR = style.NEGATIVE
    EDGE_COLOR = style.NEUTRAL
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

        Introduced in lesson 3 (seeing the network).

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

    # ------------------------------------------------------------------ layout
    def layout(
        self,
        *,
        axes_size_pt: tuple[float, float],
        describe: bool = False,
        show_weights: bool = False,
        max_neurons: int | None = None,
    ) -> NetworkLayout:
        """Where every node, edge and text goes, for axes of a given size; draws nothing.

        The pure step of :meth:`plot`, which only turns the result into
        artists. Node positions, edge segments, colours, widths and texts can
        be checked here without a figure.

        Parameters
        ----------
        axes_size_pt : (float, float)
            Width and height of the axes in points.
        describe, show_weights, max_neurons
            As in :meth:`plot`.

        Returns
        -------
        NetworkLayout
            See ``nnteach._network_layout.NetworkLayout``.

        Examples
        --------
        >>> from nnteach.layers import dense_chain
        >>> layout = NetworkDiagram(dense_chain(2, (3,))).layout(axes_size_pt=(300, 200))
        >>> layout.groups
        ['input', 'hidden', 'output']
        >>> layout.node_xy[:2].tolist()  # the two inputs, in column 0
        [[0.0, 0.5], [0.0, -0.5]]
        """
        if max_neurons is None:
            max_neurons = self.max_neurons
        return layout_network(
            self.layers,
            axes_size_pt=axes_size_pt,
            colors={
                **self.NODE_COLORS,
                "edge": self.EDGE_COLOR,
                "positive": self.POSITIVE_COLOR,
                "negative": self.NEGATIVE_COLOR,
            },
            legend_labels=self._LEGEND_LABELS,
            max_neurons=check_int("max_neurons", max_neurons, minimum=2),
            describe=describe,
            show_weights=show_weights,
        )

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

        Introduced in lesson 3 (seeing the network).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; by default a new figure sized for the network.
        describe : bool, default=False
            Label each layer with its name, activation, the sum it computes
            (``Σ n[X·w]+b`` for ``n`` inputs) and its number of units.
        show_weights : bool, default=False
            Colour each edge by the sign of its weight (blue positive,
            vermillion negative, as everywhere in the course: ``nnteach.style``)
            and make strong weights thicker and more opaque (``|w|`` divided by
            the layer's largest ``|w|``). Most telling after training.
        max_neurons : int, optional
            Override the ``max_neurons`` given to :meth:`from_model`.
        title : str, optional
            Axes title; the model's name by default, ``""`` for none.

        Returns
        -------
        NetworkDiagram
            ``self``, with ``figure_``, ``ax_``, ``nodes_``, ``edges_``,
            ``ellipses_``, ``labels_`` and ``legend_`` set.

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

        if ax is None:
            size = figure_size(self.layers, max_neurons=max_neurons, describe=describe)
            fig, ax = plt.subplots(figsize=size, layout="constrained")
            shrink = 0.85  # room the layout will give to the title and legend
        else:
            fig = ax.figure
            shrink = 1.0
        bbox = ax.get_position()
        fig_w, fig_h = fig.get_size_inches()
        layout = self.layout(
            axes_size_pt=(bbox.width * fig_w * 72, bbox.height * fig_h * 72 * shrink),
            describe=describe,
            show_weights=show_weights,
            max_neurons=max_neurons,
        )
        ax.set_axis_off()
        ax.set_xlim(*layout.xlim)
        ax.set_ylim(*layout.ylim)
        self._draw_nodes(ax, layout)
        self._draw_edges(ax, layout)
        self._draw_ellipses(ax, layout)
        self.labels_ = self._draw_counts(ax, layout) + self._draw_descriptions(ax, layout)
        self._draw_legend(ax, layout)
        ax.set_title(self.name if title is None else title)
        self.drawn_ = layout.drawn
        self.figure_ = fig
        self.ax_ = ax
        return self

    def _draw_nodes(self, ax, layout: NetworkLayout) -> None:
        """Every neuron: one scatter."""
        x, y = layout.node_xy.T
        self.nodes_ = ax.scatter(
            x,
            y,
            s=layout.node_sizes,
            c=layout.node_colors,
            edgecolors="#333333",
            linewidths=0.8,
            zorder=3,
        )
        self.node_groups_ = layout.node_groups

    def _draw_edges(self, ax, layout: NetworkLayout) -> None:
        """Every edge: one LineCollection."""
        from matplotlib.collections import LineCollection

        self.edges_ = LineCollection(
            layout.edge_segments,
            colors=layout.edge_colors,
            linewidths=layout.edge_widths,
            zorder=1,
            capstyle="round",
        )
        ax.add_collection(self.edges_, autolim=False)

    def _draw_ellipses(self, ax, layout: NetworkLayout) -> None:
        """The three dots of collapsed layers."""
        self.ellipses_ = None
        if len(layout.ellipsis_xy):
            x, y = layout.ellipsis_xy.T
            self.ellipses_ = ax.scatter(x, y, s=5, c="#333333", zorder=3)

    def _draw_counts(self, ax, layout: NetworkLayout) -> list:
        """The true count of each collapsed layer, under its column."""
        return [
            ax.annotate(
                text,
                xy=(x, y),
                xytext=(0, -layout.count_offset_pt),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=COUNT_FONTSIZE,
                linespacing=1.1,
                color="#333333",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=4,
                annotation_clip=False,
            )
            for x, y, text in layout.counts
        ]

    def _draw_descriptions(self, ax, layout: NetworkLayout) -> list:
        """``describe=True``: each layer's description above its column."""
        return [
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="bottom",
                fontsize=DESCRIBE_FONTSIZE,
                linespacing=1.3,
                color="#222222",
            )
            for x, y, text in layout.descriptions
        ]

    def _draw_legend(self, ax, layout: NetworkLayout) -> None:
        """The node groups present, and the weight colours if shown, under the axes."""
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], color=color, lw=2, label=label)
            if kind == "line"
            else Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=6 if kind == "small node" else 8,
                mfc=color,
                mec="#333333",
                label=label,
            )
            for label, color, kind in layout.legend
        ]
        self.legend_ = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=layout.legend_ncol,
            frameon=False,
            fontsize=8.5,
            handletextpad=0.4,
            columnspacing=1.2,
        )


def draw_network(
    model,
    *,
    ax=None,
    describe: bool = False,
    show_weights: bool = False,
    max_neurons: int = 10,
) -> NetworkDiagram:
    """Draw a Keras model as a network of neurons (shortcut).

    Introduced in lesson 3 (seeing the network).

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
