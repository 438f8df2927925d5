"""Tests for nnteach.diagram: what the network diagram draws, and what it refuses."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from nnteach._keras import import_keras
from nnteach.diagram import LayerSpec, NetworkDiagram, draw_network

keras = import_keras()
layers = keras.layers


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def rgb(color):
    from matplotlib.colors import to_rgb

    return np.array(to_rgb(color))


def n_segments(diagram):
    return len(diagram.edges_.get_segments())


def dense_chain(*widths, name="net"):
    """Sequential with keras.Input and Dense layers of the given widths."""
    return keras.Sequential(
        [keras.Input((widths[0],), name="features")]
        + [
            layers.Dense(w, activation="relu" if i < len(widths) - 2 else "sigmoid", name=f"d{i}")
            for i, w in enumerate(widths[1:])
        ],
        name=name,
    )


# ------------------------------------------------------------------ reading the model
def test_from_model_reads_layers_into_plain_data():
    model = keras.Sequential(
        [
            keras.Input((4,), name="features"),
            layers.Dense(3, activation="relu", name="hidden"),
            layers.Dropout(0.2, name="drop"),
            layers.BatchNormalization(name="norm"),
            layers.Dense(1, activation="sigmoid", use_bias=False, name="out"),
        ]
    )
    specs = NetworkDiagram.from_model(model).layers
    assert [(s.name, s.kind, s.units, s.activation) for s in specs] == [
        ("features", "input", 4, None),
        ("hidden", "dense", 3, "relu"),
        ("drop", "neuronless", 3, None),
        ("norm", "neuronless", 3, None),
        ("out", "dense", 1, "sigmoid"),
    ]
    assert [s.rate for s in specs] == [None, None, 0.2, None, None]
    np.testing.assert_array_equal(specs[1].kernel, model.get_layer("hidden").get_weights()[0])
    assert specs[2].kernel is None and specs[4].use_bias is False
    assert specs[4].n_inputs == 3


def test_sequential_and_functional_give_the_same_diagram_data():
    sequential = keras.Sequential(
        [
            keras.Input((5,), name="x"),
            layers.Dense(4, activation="relu", name="h"),
            layers.Dropout(0.1, name="drop"),
            layers.Dense(2, activation="softmax", name="out"),
        ]
    )
    inputs = keras.Input((5,), name="x")
    hidden = layers.Dense(4, activation="relu", name="h")(inputs)
    hidden = layers.Dropout(0.1, name="drop")(hidden)
    outputs = layers.Dense(2, activation="softmax", name="out")(hidden)
    functional = keras.Model(inputs, outputs)
    functional.set_weights(sequential.get_weights())

    seq_specs = NetworkDiagram.from_model(sequential).layers
    fun_specs = NetworkDiagram.from_model(functional).layers
    assert seq_specs == fun_specs  # kernels are left out of ==, compared below
    for a, b in zip(seq_specs, fun_specs, strict=True):
        if a.kernel is not None:
            np.testing.assert_array_equal(a.kernel, b.kernel)
    seq = NetworkDiagram.from_model(sequential).plot()
    fun = NetworkDiagram.from_model(functional).plot()
    np.testing.assert_array_equal(seq.nodes_.get_offsets(), fun.nodes_.get_offsets())
    assert n_segments(seq) == n_segments(fun) == 5 * 4 + 4 + 4 * 2


@pytest.mark.parametrize("how", ["build", "call"])
def test_sequential_without_input_works_once_built(how):
    model = keras.Sequential([layers.Dense(3, activation="relu"), layers.Dense(1)])
    if how == "build":
        model.build((None, 6))
    else:
        model(np.zeros((2, 6), dtype="float32"))
    diagram = draw_network(model)
    assert [s.units for s in diagram.layers] == [6, 3, 1]
    assert diagram.layers[0].name == "input"
    assert n_segments(diagram) == 6 * 3 + 3 * 1


def test_unbuilt_sequential_says_to_add_input_or_build():
    model = keras.Sequential([layers.Dense(3), layers.Dense(1)])
    with pytest.raises(ValueError, match=r"not built.*keras\.Input.*model\.build"):
        NetworkDiagram.from_model(model)


def test_conv2d_is_refused_by_name_with_what_can_be_drawn():
    model = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            layers.Conv2D(2, 3, name="conv"),
            layers.Flatten(),
            layers.Dense(1),
        ]
    )
    with pytest.raises(ValueError, match=r"'conv' \(Conv2D\).*Dense.*Dropout.*BatchNormalization"):
        NetworkDiagram.from_model(model)


def test_flatten_of_images_is_refused_by_name():
    model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(name="flat"), layers.Dense(10)])
    with pytest.raises(ValueError, match=r"'flat' \(Flatten\).*\(None, 28, 28\)"):
        NetworkDiagram.from_model(model)


def test_flatten_of_flat_input_is_drawn_without_neurons():
    model = keras.Sequential([keras.Input((3,)), layers.Flatten(), layers.Dense(2)])
    assert [s.kind for s in NetworkDiagram.from_model(model).layers] == [
        "input",
        "neuronless",
        "dense",
    ]


def test_branching_functional_model_is_refused():
    inputs = keras.Input((4,))
    left = layers.Dense(3, name="left")(inputs)
    right = layers.Dense(3, name="right")(inputs)
    model = keras.Model(inputs, layers.Add(name="add")([left, right]))
    with pytest.raises(ValueError, match=r"'right' \(Dense\): it is not fed by layer 'left'"):
        NetworkDiagram.from_model(model)


def test_multi_input_model_is_refused():
    a, b = keras.Input((2,)), keras.Input((3,))
    merged = layers.Concatenate()([a, b])
    model = keras.Model([a, b], layers.Dense(1)(merged))
    with pytest.raises(ValueError, match=r"2 inputs and 1 outputs.*plot_keras_model"):
        NetworkDiagram.from_model(model)


def test_not_a_model_is_a_type_error():
    with pytest.raises(TypeError, match="Expected Model"):
        NetworkDiagram.from_model([3, 1])


# ------------------------------------------------------------------ drawing
def test_nodes_and_edges_of_a_small_network():
    diagram = draw_network(dense_chain(4, 3, 2))
    assert diagram.nodes_.get_offsets().shape == (4 + 3 + 2, 2)
    assert n_segments(diagram) == 4 * 3 + 3 * 2
    assert diagram.ellipses_ is None and diagram.labels_ == []
    assert diagram.ax_.get_title() == "net"
    assert diagram.ax_.collections.count(diagram.edges_) == 1


def test_node_groups_have_their_colours_and_a_legend():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(4), layers.Dropout(0.5), layers.Dense(2)]
    )
    diagram = draw_network(model)
    groups = diagram.node_groups_
    assert list(groups) == ["input"] * 3 + ["hidden"] * 4 + ["neuronless"] * 4 + ["output"] * 2
    faces = diagram.nodes_.get_facecolors()[:, :3]
    for group, color in NetworkDiagram.NODE_COLORS.items():
        mine = faces[groups == group]
        np.testing.assert_allclose(mine, np.broadcast_to(rgb(color), mine.shape))
    legend = [t.get_text() for t in diagram.legend_.get_texts()]
    assert legend == ["input feature", "hidden neuron", "output neuron", "layer without neurons"]
    # Dense layers are fully connected; Dropout passes each value straight through.
    assert n_segments(diagram) == 3 * 4 + 4 + 4 * 2


def test_output_is_the_last_dense_layer_even_before_an_activation_layer():
    model = keras.Sequential(
        [keras.Input((3,)), layers.Dense(2), layers.Activation("softmax", name="act")]
    )
    diagram = draw_network(model, describe=True)
    assert list(diagram.node_groups_) == ["input"] * 3 + ["output"] * 2 + ["neuronless"] * 2
    assert diagram.labels_[-1].get_text() == "act\nActivation\nsoftmax\n2 values"


def test_describe_labels_each_layer():
    diagram = draw_network(dense_chain(4, 3, 1), describe=True)
    texts = [t.get_text() for t in diagram.labels_]
    assert texts == [
        "features\n4 features",
        "d0\nrelu\nΣ 4[X·w]+b\n3 units",
        "d1\nsigmoid\nΣ 3[X·w]+b\n1 output",
    ]
    # Labels sit above the neurons, inside the axes' view.
    top = diagram.nodes_.get_offsets()[:, 1].max()
    ylim = diagram.ax_.get_ylim()
    assert all(top < t.get_position()[1] < ylim[1] for t in diagram.labels_)


def test_wide_layers_are_collapsed_with_their_true_count():
    model = keras.Sequential(
        [keras.Input((784,)), layers.Dense(12), layers.Dropout(0.1), layers.Dense(3)]
    )
    diagram = NetworkDiagram.from_model(model, max_neurons=6).plot()
    drawn = [len(idx) for idx in diagram.drawn_]
    assert drawn == [6, 6, 6, 3]
    np.testing.assert_array_equal(diagram.drawn_[0], [0, 1, 2, 781, 782, 783])
    assert diagram.nodes_.get_offsets().shape[0] == sum(drawn)
    # Edges only between drawn neurons; Dropout one to one.
    assert n_segments(diagram) == 6 * 6 + 6 + 6 * 3
    assert [t.get_text() for t in diagram.labels_] == ["784 units", "12 units", "12 units"]
    assert diagram.ellipses_.get_offsets().shape == (3 * 3, 2)
    # The plot-time max_neurons overrides the one given to from_model.
    wider = diagram.plot(max_neurons=12)
    assert [len(idx) for idx in wider.drawn_] == [12, 12, 12, 3]
    assert [t.get_text() for t in wider.labels_] == ["784 units"]


def _count_label_collisions(diagram):
    """What each collapsed layer's count label overlaps, in display coordinates."""
    from matplotlib.path import Path

    fig, ax = diagram.figure_, diagram.ax_
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    counts = [t for t in diagram.labels_ if "unit" in t.get_text() and "Σ" not in t.get_text()]
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in counts]
    segments = [ax.transData.transform(seg) for seg in diagram.edges_.get_segments()]
    centres = ax.transData.transform(diagram.nodes_.get_offsets())
    radii = np.sqrt(diagram.nodes_.get_sizes()) / 2 * fig.dpi / 72
    radii = np.broadcast_to(radii, (len(centres),))
    if diagram.ellipses_ is not None:
        centres = np.vstack([centres, ax.transData.transform(diagram.ellipses_.get_offsets())])
        radii = np.concatenate([radii, np.full(len(diagram.ellipses_.get_offsets()), 1.5)])
    hits = []
    for text, box in zip(counts, boxes, strict=True):
        label = text.get_text()
        if any(Path(seg).intersects_bbox(box, filled=True) for seg in segments):
            hits.append((label, "edge"))
        nearest = np.clip(centres, [box.x0, box.y0], [box.x1, box.y1])
        if np.any(np.hypot(*(centres - nearest).T) < radii):
            hits.append((label, "node"))
        if sum(box.overlaps(other) for other in boxes) > 1:
            hits.append((label, "label"))
        if not ax.bbox.contains(box.x0, box.y0) or not ax.bbox.contains(box.x1, box.y1):
            hits.append((label, "outside the axes"))
    return counts, hits


@pytest.mark.parametrize("describe", [False, True])
def test_counts_of_collapsed_layers_next_to_dropout_collide_with_nothing(describe):
    model = keras.Sequential(
        [
            keras.Input((30,)),
            layers.Dense(16, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    counts, hits = _count_label_collisions(draw_network(model, describe=describe))
    assert [t.get_text() for t in counts] == ["30 units", "16 units", "16 units"]
    assert hits == []
    # Centred under their columns, below the lowest neurons.
    offsets = counts[0].axes.transData.transform([(i, -5) for i in range(3)])
    for x, text in zip(offsets[:, 0], counts, strict=True):
        box = text.get_window_extent()
        assert box.x0 < x < box.x1 and box.y1 < offsets[0, 1]


@pytest.mark.parametrize("describe", [False, True])
def test_counts_of_a_784_128_64_10_network_collide_with_nothing(describe):
    counts, hits = _count_label_collisions(
        draw_network(dense_chain(784, 128, 64, 10), describe=describe)
    )
    assert [t.get_text() for t in counts] == ["784 units", "128 units", "64 units"]
    assert hits == []


def test_counts_go_on_two_lines_when_columns_are_close():
    import matplotlib.pyplot as plt

    widths = [784, 128, 128, 64, 64, 32, 32, 10]
    specs = [LayerSpec("x", "input", 784, 784, layer_type="Input")]
    for i, (n_in, n) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        kind = "neuronless" if n == n_in else "dense"
        specs.append(LayerSpec(f"l{i}", kind, n, n_in, layer_type="Dropout"))
    fig = plt.figure(figsize=(5, 3.2), dpi=80)  # as narrow as in the architecture builder
    ax = fig.add_axes((0.01, 0.11, 0.98, 0.8))
    counts, hits = _count_label_collisions(NetworkDiagram(specs).plot(ax=ax))
    assert [t.get_text() for t in counts][:2] == ["784\nunits", "128\nunits"]
    assert hits == []


def test_edge_count_formula_for_a_784_128_64_10_network():
    model = dense_chain(784, 128, 64, 10)
    diagram = draw_network(model)
    drawn = [len(idx) for idx in diagram.drawn_]
    assert drawn == [10, 10, 10, 10]
    assert n_segments(diagram) == sum(a * b for a, b in zip(drawn[:-1], drawn[1:], strict=True))


def test_weight_colours_follow_the_kernel_signs():
    model = dense_chain(3, 2, 1)
    kernel = np.array([[0.5, -1.0], [-0.25, 2.0], [0.0, -0.1]], dtype="float32")
    model.get_layer("d0").set_weights([kernel, np.zeros(2, "float32")])
    diagram = draw_network(model, show_weights=True)
    colors = diagram.edges_.get_colors()
    widths = diagram.edges_.get_linewidths()
    first = colors[:6, :3]  # layer d0, ordered like kernel.ravel()
    expected = np.where(
        (kernel.ravel() >= 0)[:, None],
        rgb(NetworkDiagram.POSITIVE_COLOR),
        rgb(NetworkDiagram.NEGATIVE_COLOR),
    )
    np.testing.assert_allclose(first, expected)
    # Strongest |w| is widest and most opaque.
    assert np.argmax(widths[:6]) == np.argmax(np.abs(kernel.ravel())) == 3
    assert colors[3, 3] == pytest.approx(1.0)
    assert colors[3, 3] > colors[0, 3] > colors[4, 3]
    legend = [t.get_text() for t in diagram.legend_.get_texts()]
    assert "weight > 0" in legend and "weight < 0" in legend


def test_weights_of_a_collapsed_layer_come_from_the_drawn_neurons():
    model = dense_chain(20, 2)
    kernel = np.where(np.arange(40).reshape(20, 2) % 3 == 0, 1.0, -1.0).astype("float32")
    model.get_layer("d0").set_weights([kernel, np.zeros(2, "float32")])
    diagram = NetworkDiagram.from_model(model, max_neurons=4).plot(show_weights=True)
    drawn_kernel = kernel[np.ix_(diagram.drawn_[0], diagram.drawn_[1])].ravel()
    positive = np.all(
        diagram.edges_.get_colors()[:, :3] == rgb(NetworkDiagram.POSITIVE_COLOR), axis=1
    )
    np.testing.assert_array_equal(positive, drawn_kernel > 0)


def test_plot_on_given_axes_returns_self_and_never_shows(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() called"))
    fig, (left, right) = plt.subplots(1, 2)
    diagram = NetworkDiagram.from_model(dense_chain(2, 1))
    assert diagram.plot(ax=right, title="mine") is diagram
    assert diagram.ax_ is right and diagram.figure_ is fig
    assert right.get_title() == "mine"
    assert not left.collections


def test_layer_specs_can_be_drawn_without_keras():
    specs = [
        LayerSpec("x", "input", units=2, n_inputs=2, layer_type="Input"),
        LayerSpec("y", "dense", units=1, n_inputs=2, activation="linear"),
    ]
    diagram = NetworkDiagram(specs, name="by hand").plot(describe=True)
    assert n_segments(diagram) == 2
    with pytest.raises(ValueError, match="kernel=None"):
        diagram.plot(show_weights=True)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"max_neurons": 1}, ValueError, "max_neurons"),
        ({"max_neurons": 2.5}, TypeError, "max_neurons"),
        ({"describe": "yes"}, TypeError, "describe"),
        ({"title": 3}, TypeError, "title"),
    ],
)
def test_plot_arguments_are_validated(kwargs, error, match):
    diagram = NetworkDiagram.from_model(dense_chain(2, 1))
    with pytest.raises(error, match=match):
        diagram.plot(**kwargs)


def test_constructor_wants_an_input_first():
    with pytest.raises(ValueError, match="kind='input'"):
        NetworkDiagram([LayerSpec("y", "dense", units=1, n_inputs=2)])


def test_modules_do_not_import_heavy_packages():
    code = (
        "import sys, nnteach.diagram, nnteach.history, nnteach.keras_plot\n"
        "heavy = {'matplotlib', 'keras', 'tensorflow'} & set(sys.modules)\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_layout_is_plain_data_computed_without_a_figure():
    import matplotlib.pyplot as plt

    from nnteach.layers import dense_chain as chain

    kernel = np.array([[1.0, -2.0, 0.5]])  # 1 input -> 3 hidden
    specs = list(chain(1, (3,), task="regression"))
    specs[1] = LayerSpec("h1", "dense", 3, 1, activation="relu", kernel=kernel)
    specs[2] = LayerSpec("output", "dense", 1, 3, "linear", kernel=np.ones((3, 1)))
    layout = NetworkDiagram(specs).layout(axes_size_pt=(300.0, 200.0), show_weights=True)
    assert not plt.get_fignums()  # nothing drawn
    assert layout.groups == ["input", "hidden", "output"]
    np.testing.assert_array_equal(
        layout.node_xy, [[0, 0], [1, 1], [1, 0], [1, -1], [2, 0]]
    )  # columns 1 apart, neurons 1 apart, centred on 0
    assert layout.node_colors == [
        NetworkDiagram.NODE_COLORS[g] for g in ("input", "hidden", "hidden", "hidden", "output")
    ]
    # one segment per weight, from (column, height) to (column + 1, height)
    assert layout.edge_segments.shape == (3 + 3, 2, 2)
    np.testing.assert_array_equal(layout.edge_segments[1], [[0, 0], [1, 0]])
    # blue for a positive weight, vermillion for a negative one; width grows with |w|
    np.testing.assert_allclose(layout.edge_colors[0, :3], rgb(NetworkDiagram.POSITIVE_COLOR))
    np.testing.assert_allclose(layout.edge_colors[1, :3], rgb(NetworkDiagram.NEGATIVE_COLOR))
    assert layout.edge_widths[1] > layout.edge_widths[0] > layout.edge_widths[2]
    assert ("weight > 0", NetworkDiagram.POSITIVE_COLOR, "line") in layout.legend
    assert layout.xlim == (-0.6, 2.75) and layout.counts == [] and len(layout.ellipsis_xy) == 0


def test_layout_of_a_collapsed_layer_and_descriptions():
    from nnteach.layers import dense_chain as chain

    layout = NetworkDiagram(chain(784, (16,), n_classes=10)).layout(
        axes_size_pt=(400.0, 250.0), describe=True
    )
    assert [len(d) for d in layout.drawn] == [10, 10, 10]
    assert [text for _, _, text in layout.counts] == ["784 units", "16 units"]
    assert len(layout.ellipsis_xy) == 2 * 3
    assert layout.descriptions[2][2] == "output\nsoftmax\nΣ 16[X·w]+b\n10 outputs"
    low, high = layout.ylim
    assert low < layout.node_xy[:, 1].min() and high > layout.descriptions[0][1]


def test_plot_draws_the_layout():
    from nnteach.layers import dense_chain as chain

    diagram = NetworkDiagram(chain(20, (4,), dropout=0.5)).plot(describe=True)
    pos = diagram.ax_.get_position()
    width, height = diagram.figure_.get_size_inches()
    layout = diagram.layout(
        axes_size_pt=(pos.width * width * 72, pos.height * height * 72 * 0.85), describe=True
    )
    np.testing.assert_array_equal(diagram.nodes_.get_offsets(), layout.node_xy)
    np.testing.assert_array_equal(np.asarray(diagram.edges_.get_segments()), layout.edge_segments)
    assert [t.get_text() for t in diagram.labels_] == [
        text for _, _, text in layout.counts + layout.descriptions
    ]
