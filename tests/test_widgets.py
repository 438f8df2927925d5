"""Headless tests of nnteach.widgets: set control values, assert on what was drawn.

No browser and no stubs: a control's ``.value`` is set as the front end would
set it, the observer runs the explorer's logic, and the test reads the
artists, texts and numbers the explorer produced. ``tests/test_browser.py``
checks that the same widgets render and respond in a real JupyterLab.
"""

from __future__ import annotations

import functools
import html
import io
import subprocess
import sys
import threading

import numpy as np
import pytest

from nnteach.widgets import (
    activation_curve,
    activation_explorer,
    architecture_builder,
    architecture_summary,
    decision_boundary,
    explanation_explorer,
    neuron_explorer,
    neuron_output,
    playground_data,
    train_playground,
    training_playground,
)
from nnteach.widgets._activations import ACTIVATIONS

# small, fast settings for the playground tests
FAST = {"n_samples": 100, "epochs": 5, "batch_size": 64}
# no background warm-up where a test does not need it (it only costs CPU)
playground_without_warm_up = functools.partial(training_playground, warm_up=False)


def png_pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def error_text(explorer) -> str:
    return explorer.error.value


# --------------------------------------------------------------------------- package
def test_import_is_light():
    code = (
        "import sys, nnteach.widgets; "
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'keras', 'tensorflow', 'shap') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_explorer_displays_as_a_widget_without_calling_display():
    explorer = activation_explorer()
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id
    assert bundle["text/plain"].startswith("ActivationExplorer({'activation': 'sigmoid'")


# --------------------------------------------------------------------------- activations
@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "step"])
def test_numpy_activations_match_keras(name):
    from nnteach._keras import import_keras

    keras = import_keras()
    z = np.linspace(-6, 6, 121).astype("float32")
    f, df = ACTIVATIONS[name]
    expected = keras.ops.convert_to_numpy(keras.activations.get(name)(z))
    np.testing.assert_allclose(f(z.astype(float)), expected, atol=1e-5)
    # derivative: central differences, away from the kinks at 0
    h = 1e-4
    zz = z[np.abs(z) > 0.05].astype(float)
    numeric = (f(zz + h) - f(zz - h)) / (2 * h)
    np.testing.assert_allclose(df(zz), numeric, atol=1e-4)


def test_step_matches_step_activation():
    from nnteach.models import step_activation

    z = np.array([-2.0, -0.1, 0.0, 0.5], dtype="float32")
    np.testing.assert_array_equal(ACTIVATIONS["step"][0](z), np.asarray(step_activation(z)))
    assert not ACTIVATIONS["step"][1](z).any()


# --------------------------------------------------------------------------- neuron
def test_neuron_output():
    assert neuron_output([1.0, 2.0], [0.5, -1.0], 0.25, "step") == (-1.25, 0.0)
    z, out = neuron_output([2.0], [1.5], -1.0, "relu")
    assert (z, out) == (2.0, 2.0)
    with pytest.raises(ValueError, match="one weight per input"):
        neuron_output([1.0, 2.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="activation"):
        neuron_output([1.0], [1.0], 0.0, "softmaxx")


@pytest.mark.parametrize(("w", "b"), [((1, 1), 0), ((0.5, -2), 1), ((3, 0.1), -2), ((0, 1), 0.5)])
def test_decision_boundary_points_lie_on_the_line(w, b):
    segment = decision_boundary(w, b)
    assert segment.shape == (2, 2)
    np.testing.assert_allclose(segment @ np.array(w, dtype=float) + b, 0, atol=1e-12)
    assert decision_boundary((0, 0), 1.0) is None


def test_neuron_explorer_grid():
    explorer = neuron_explorer()
    points, labels = explorer.points_, explorer.labels_
    for w1 in (-2.0, 0.0, 1.5):
        for w2 in (-1.0, 0.5):
            for b in (-1.0, 0.0, 2.0):
                explorer.controls["w1"].value = w1
                explorer.controls["w2"].value = w2
                explorer.controls["b"].value = b
                w = np.array([w1, w2])
                x = np.array([explorer.controls["x1"].value, explorer.controls["x2"].value])
                z = float(x @ w + b)
                assert explorer.result_.weighted_sum == pytest.approx(z)
                assert explorer.result_.output == (1.0 if z >= 0 else 0.0)  # step
                # the boundary drawn is the line w·x + b = 0
                xs, ys = explorer.boundary_.get_data()
                np.testing.assert_allclose(np.column_stack([xs, ys]) @ w + b, 0, atol=1e-9)
                # the shaded polygon is the side where z >= 0
                corners = explorer.region_.get_xy()
                assert np.all(corners @ w + b >= -1e-9)
                # the marker on the activation curve sits at (z, f(z))
                assert explorer.z_marker_.get_data() == ([z], [explorer.result_.output])
                # the count of correct points is what the text says
                correct = int(np.sum(((points @ w + b) >= 0) == (labels == 1)))
                assert explorer.n_correct_ == correct
                assert f"{correct} of {len(labels)} dots" in explorer.readout.value
                assert f"<b>{z:.2f}</b>" in explorer.readout.value
    assert not error_text(explorer)


def test_neuron_explorer_without_boundary_and_with_other_activations():
    explorer = neuron_explorer(preset={"w1": 0.0, "w2": 0.0, "b": 1.0})
    assert len(explorer.boundary_.get_data()[0]) == 0
    assert not explorer.arrow_.get_visible()
    corners = {tuple(c) for c in explorer.region_.get_xy()}
    assert corners == {(-3, -3), (3, -3), (3, 3), (-3, 3)}  # z = b > 0: the whole square
    for name in ACTIVATIONS:
        explorer.controls["activation"].value = name
        zz, yy = explorer.curve_.get_data()
        np.testing.assert_allclose(yy, ACTIVATIONS[name][0](zz))
        assert explorer.result_.output == pytest.approx(ACTIVATIONS[name][0](np.float64(1.0)))


def test_neuron_explorer_three_inputs_draws_the_terms():
    explorer = neuron_explorer(3, preset={"activation": "sigmoid", "b": -0.5})
    state = explorer.state()
    assert set(state) == {"x1", "x2", "x3", "w1", "w2", "w3", "b", "activation"}
    explorer.controls["w3"].value = 2.0
    terms = [state[f"w{i}"] * state[f"x{i}"] for i in (1, 2)] + [2.0 * state["x3"], -0.5]
    heights = [rect.get_height() for rect in explorer.bars_]
    np.testing.assert_allclose(heights, [*terms, sum(terms)])
    assert explorer.result_.output == pytest.approx(1 / (1 + np.exp(-sum(terms))))


def test_blitted_frame_equals_a_full_redraw():
    explorer = neuron_explorer()
    for value in (-1.0, 0.3, 2.2):
        explorer.controls["w2"].value = value
    fast = png_pixels(explorer._fig.image.value)
    full = png_pixels(explorer._fig.render(full=True))
    assert explorer._fig.full_renders < explorer._fig.renders
    np.testing.assert_array_equal(fast, full)


# --------------------------------------------------------------------------- activation explorer
def test_activation_curve():
    relu = activation_curve("relu", -4, 4)
    assert len(relu.vanishing) == 1
    start, end = relu.vanishing[0]
    assert start == -4 and end == pytest.approx(0, abs=0.02)
    assert relu.max_gradient == 1.0
    assert activation_curve("leaky_relu", -4, 4).vanishing == []
    assert activation_curve("step", -3, 3).vanishing_fraction == pytest.approx(1.0)
    assert activation_curve("sigmoid", -6, 6).max_gradient == pytest.approx(0.25, abs=1e-4)
    with pytest.raises(ValueError, match="range is empty"):
        activation_curve("tanh", 2, 2)


def test_activation_explorer_grid():
    explorer = activation_explorer()
    for name in ACTIVATIONS:
        for x_range in ((-6.0, 6.0), (-2.0, 8.0)):
            for threshold in (0.01, 0.2):
                explorer.set_state({"activation": name, "x_range": x_range, "threshold": threshold})
                x, y = explorer.line_.get_data()
                assert (x[0], x[-1]) == x_range
                np.testing.assert_allclose(y, ACTIVATIONS[name][0](x))
                _, dy = explorer.derivative_line_.get_data()
                np.testing.assert_allclose(dy, ACTIVATIONS[name][1](x))
                assert explorer.ax_.get_xlim() == x_range
                # shaded rectangles = the vanishing intervals, in both panels
                expected = activation_curve(name, *x_range, threshold=threshold).vanishing
                for shading in explorer.shading_:
                    spans = [(p.vertices[0, 0], p.vertices[1, 0]) for p in shading.get_paths()]
                    np.testing.assert_allclose(
                        np.reshape(spans, (-1, 2)), np.reshape(expected, (-1, 2))
                    )
                assert explorer.threshold_lines_[0].get_ydata()[0] == threshold
                percent = f"{100 * explorer.curve_.vanishing_fraction:.0f}%"
                assert percent in explorer.readout.value
    assert not error_text(explorer)


def test_activation_explorer_empty_range_shows_a_message():
    explorer = activation_explorer()
    explorer.controls["x_range"].value = (2.0, 2.0)  # the slider allows it
    assert "range is empty" in error_text(explorer)
    explorer.controls["x_range"].value = (-2.0, 2.0)
    assert error_text(explorer) == ""


# --------------------------------------------------------------------------- architecture
ARCHITECTURES = [
    (4, (8, 4), 0.0, "classification", 2, "relu"),
    (10, (16, 8), 0.2, "classification", 2, "relu"),
    (3, (5,), 0.5, "classification", 4, "tanh"),
    (20, (64, 32, 16, 8), 0.0, "regression", 2, "elu"),
    (1, (1, 1, 1), 0.1, "regression", 2, "sigmoid"),
]


@pytest.mark.parametrize(
    ("n_inputs", "hidden", "dropout", "task", "n_classes", "act"), ARCHITECTURES
)
def test_generated_code_builds_a_model_with_that_count(
    n_inputs, hidden, dropout, task, n_classes, act
):
    from nnteach.models import build_deep_network

    count, code = architecture_summary(
        n_inputs, hidden, dropout, task, n_classes=n_classes, activation=act
    )
    namespace: dict = {}
    exec(compile(code.replace("model.summary()", "pass"), "<generated>", "exec"), namespace)
    model = namespace["model"]
    assert model.count_params() == count
    # the same network as nnteach.build_deep_network: names, widths, parameters
    reference = build_deep_network(
        n_inputs, hidden, task=task, n_classes=n_classes, activation=act, dropout=dropout
    )
    assert reference.count_params() == count
    assert [(layer.name, layer.output.shape) for layer in model.layers] == [
        (layer.name, layer.output.shape) for layer in reference.layers
    ]


def test_architecture_diagram_matches_the_diagram_of_the_keras_model():
    from nnteach.diagram import NetworkDiagram
    from nnteach.models import build_deep_network
    from nnteach.widgets.architecture import _diagram, _layers

    args = (10, (16, 8), 0.2, "classification", 3, "relu")
    ours = _diagram(_layers(*args)).layers
    theirs = NetworkDiagram.from_model(
        build_deep_network(10, (16, 8), n_classes=3, dropout=0.2)
    ).layers
    fields = ("name", "kind", "units", "n_inputs", "activation", "layer_type", "use_bias", "rate")
    assert [tuple(getattr(s, f) for f in fields) for s in ours] == [
        tuple(getattr(s, f) for f in fields) for s in theirs
    ]


def test_architecture_builder_grid():
    builder = architecture_builder()
    for n_inputs in (1, 7, 20):
        for n_layers in (1, 2, 4):
            for units in (1, 6, 30):
                builder.controls["n_inputs"].value = n_inputs
                builder.controls["n_hidden_layers"].value = n_layers
                builder.controls["units_1"].value = units
                hidden = builder.hidden_units()
                assert hidden[0] == units and len(hidden) == n_layers
                count, code = architecture_summary(n_inputs, hidden, 0.0, "classification")
                assert builder.param_count_ == count
                assert builder.code == code
                assert html.escape(code) in builder.code_view.value
                assert f"{count:,} parameters" in builder.params.value
                assert f"({count:,} parameters)" in builder.title_.get_text()
                # drawn neurons: every column, wide ones collapsed to 10
                widths = [n_inputs, *hidden, 1]
                drawn = builder.diagram_.nodes_.get_offsets()
                assert len(drawn) == sum(min(w, 10) for w in widths)
                shown = [
                    builder.controls[f"units_{i}"].layout.display != "none" for i in (1, 2, 3, 4)
                ]
                assert shown == [i <= n_layers for i in (1, 2, 3, 4)]
    # dropout adds columns without neurons, regression hides the classes slider
    builder.set_state({"dropout": 0.25, "task": "regression"})
    assert "layers.Dropout(0.25" in builder.code
    assert "neuronless" in builder.diagram_.node_groups_
    assert builder.controls["n_classes"].layout.display == "none"
    assert not error_text(builder)


def test_architecture_summary_rejects_a_layer_without_units():
    with pytest.raises(ValueError, match="at least 1 unit"):
        architecture_summary(4, (16, 0))
    with pytest.raises(ValueError, match="1 to 4 hidden layers"):
        architecture_summary(4, (4, 4, 4, 4, 4))
    with pytest.raises(ValueError, match="dropout"):
        architecture_summary(4, (4,), dropout=1.0)


# --------------------------------------------------------------------------- presets and bad values
FACTORIES = {
    "neuron": (neuron_explorer, {"w1": -1.5, "b": 0.7, "activation": "tanh"}),
    "activation": (activation_explorer, {"activation": "tanh", "x_range": (-3.0, 5.0)}),
    "architecture": (architecture_builder, {"n_inputs": 9, "units_2": 12, "dropout": 0.3}),
    "playground": (playground_without_warm_up, {"dataset": "circles", "learning_rate": 0.001}),
}


@pytest.mark.parametrize("name", FACTORIES)
def test_presets_round_trip_through_state(name):
    factory, preset = FACTORIES[name]
    first = factory(preset=preset)
    state = first.state()
    for key, value in preset.items():
        assert state[key] == (pytest.approx(value) if isinstance(value, float) else value)
    second = factory(preset=state)
    assert second.state() == state
    assert second._fig.image.value == first._fig.image.value  # the same picture
    with pytest.raises(ValueError, match="Unknown control name.*'wieght'"):
        factory(preset={"wieght": 1.0})
    with pytest.raises(TypeError, match="dict of control values"):
        first.set_state([("b", 1.0)])


@pytest.mark.parametrize(
    ("factory", "bad", "message"),
    [
        (neuron_explorer, {"w1": 7.0}, "`w1`"),
        (neuron_explorer, {"activation": "softmaxx"}, "Expected one of"),
        (architecture_builder, {"units_1": 0}, "units_1"),
        (playground_without_warm_up, {"learning_rate": 0}, "learning_rate"),
        (playground_without_warm_up, {"n_samples": 0}, "n_samples"),
        (playground_without_warm_up, {"batch_size": 100}, "batch_size"),
    ],
)
def test_bad_values_show_a_message_and_do_not_raise(factory, bad, message):
    explorer = factory()
    before = explorer.state()
    explorer.set_state(bad)  # no exception
    assert message in error_text(explorer)
    assert "The control kept" in error_text(explorer)
    assert explorer.state() == before
    # a good value afterwards clears the message
    key = next(iter(bad))
    explorer.set_state({key: before[key]})
    assert error_text(explorer) == ""


def test_logic_functions_reject_bad_values_with_clear_errors():
    data = playground_data("moons", 50)
    with pytest.raises(ValueError, match="learning rate of 0"):
        train_playground(data.X, data.y, learning_rate=0.0)
    with pytest.raises(ValueError, match="nothing to train on"):
        train_playground(np.empty((0, 2)), np.empty(0))
    with pytest.raises(ValueError, match="n_samples"):
        playground_data("moons", 0)


def test_no_figure_accumulates():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    explorers = [neuron_explorer(), activation_explorer(), architecture_builder()]
    for explorer in explorers:
        for control in explorer.controls.values():
            if hasattr(control, "max") and not isinstance(control.value, tuple):
                control.value = control.max
                control.value = control.min
    assert plt.get_fignums() == before
    for explorer in explorers:
        assert explorer.figure_.axes  # one figure each, redrawn in place
        assert explorer._fig.renders > 2


# --------------------------------------------------------------------------- playground
def curves_shown(playground) -> list[tuple[bool, bool, bool]]:
    """Per curve panel: ticks and tick labels shown, grid shown, note shown."""
    shown = []
    for ax, note in zip(
        (playground.ax_loss_, playground.ax_accuracy_), playground.empty_notes_, strict=True
    ):
        ticks = [ax.xaxis.get_major_ticks()[0], ax.yaxis.get_major_ticks()[0]]
        labelled = all(t.label1.get_visible() and t.tick1line.get_visible() for t in ticks)
        grid = any(line.get_visible() for line in ax.get_xgridlines() + ax.get_ygridlines())
        shown.append((labelled, grid, note.get_visible()))
    return shown


@pytest.fixture(scope="module")
def trained_playground():
    playground = playground_without_warm_up(preset=FAST)
    assert playground.train(wait=True)
    return playground


def test_curve_panels_say_press_train_until_there_are_curves():
    p = playground_without_warm_up(preset=FAST)
    # no ticks, no grid, a note instead: numbers on empty axes mean nothing
    assert curves_shown(p) == [(False, False, True)] * 2
    assert [note.get_text() for note in p.empty_notes_] == ["Press Train to see the curves"] * 2
    for note in p.empty_notes_:
        assert note.get_position() == (0.5, 0.5) and note.get_ha() == "center"
    renders = p._fig.full_renders
    p.controls["epochs"].value = 7  # other settings leave the note
    p.controls["dataset"].value = "circles"  # a new data set too
    assert curves_shown(p) == [(False, False, True)] * 2
    assert p._fig.full_renders > renders


def test_playground_draws_curves_and_boundary(trained_playground):
    p = trained_playground
    assert p.runs == 1 and not p.running
    assert len(p.history_["loss"]) == FAST["epochs"]
    x, loss = p.loss_line_.get_data()
    np.testing.assert_array_equal(x, np.arange(1, FAST["epochs"] + 1))
    np.testing.assert_allclose(loss, p.history_["loss"])
    np.testing.assert_allclose(p.accuracy_line_.get_data()[1], p.history_["accuracy"])
    boundary = np.asarray(p.boundary_.get_array())
    assert boundary.shape == (60, 60) and np.isfinite(boundary).all()
    assert ((boundary >= 0) & (boundary <= 1)).all()
    assert p.progress.value == p.progress.max == FAST["epochs"]
    assert "trained 5 epochs" in p.status.value
    assert len(p.scatter_.get_offsets()) == FAST["n_samples"]
    assert not p.train_button.disabled and p.train_button.description == "Train"
    assert curves_shown(p) == [(True, True, False)] * 2  # the curves replace the note


def test_second_press_during_training_is_ignored(trained_playground):
    p = trained_playground
    first_history = p.history_
    runs = p.runs
    started = threading.Event()
    release = threading.Event()
    original = p._train

    def slow_train(state):  # hold the run open until the second press is tried
        started.set()
        release.wait(10)
        original(state)

    p._train = slow_train
    try:
        assert p.train() is True
        assert started.wait(10)
        assert p.running and p.train_button.disabled
        p.train_button.click()  # the second press, through the button
        assert p.train() is False  # and a third, from code
        assert p.refused_presses == 2
        assert "Already training" in p.status.value
        release.set()
        p.wait(30)
    finally:
        p._train = original
        release.set()
    assert p.runs == runs + 1  # one run, not three
    assert not p.running and not p.train_button.disabled
    # the same settings give the same run (the cached network is reset exactly)
    assert p.history_ == first_history


def test_warm_up_prepares_the_first_press(trained_playground):
    warm = training_playground(preset=FAST)
    warm.wait()  # the background warm-up
    assert warm.warm_up_error is None and len(warm._models) == 1
    prepared = next(iter(warm._models.values()))
    assert warm.runs == 0  # a warm-up is not a run
    assert warm.train(wait=True)
    assert warm.model_ is prepared  # the press reused the network traced in advance
    assert warm.history_ == trained_playground.history_  # it changes the time, not the run


def test_train_press_leaves_global_random_state_alone(trained_playground):
    import random

    p = trained_playground
    p.controls["hidden_units"].value = 4  # a new network is built, not the cached one
    # the legacy global NumPy state is what keras.utils.set_random_seed would reset
    python_state, numpy_state = random.getstate(), np.random.get_state()  # noqa: NPY002
    assert p.train(wait=True)
    assert random.getstate() == python_state
    np.testing.assert_array_equal(np.random.get_state()[1], numpy_state[1])  # noqa: NPY002
    assert [layer.name for layer in p.model_.layers] == ["h1", "h2", "output"]
    assert p.model_.count_params() == architecture_summary(2, (4, 4))[0]


@pytest.mark.slow
@pytest.mark.parametrize("delay_s", [0.0, 0.2, 0.4])
def test_exit_while_the_warm_up_runs_is_clean(delay_s):
    # As in a lesson: TensorFlow is loaded, the playground is made, and the
    # kernel shuts down at once or while the warm-up traces the training step
    # (daemon threads inside TensorFlow then used to abort the process).
    code = (
        "import time\n"
        "from nnteach._keras import import_keras\n"
        "from nnteach.widgets import training_playground\n"
        "import_keras()\n"
        "playground = training_playground()\n"
        f"time.sleep({delay_s})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert "terminate called" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 0, done.stderr[-2000:]


def test_stopping_ends_a_run_after_its_current_epoch(monkeypatch):
    import time

    from nnteach.widgets import playground as module

    p = playground_without_warm_up(preset={**FAST, "epochs": 300})
    assert p.train()
    assert p in module._LIVE_PLAYGROUNDS
    deadline = time.monotonic() + 60
    while p.progress.value < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    monkeypatch.setattr(module, "_LIVE_PLAYGROUNDS", {p})  # leave the other tests' alone
    module._stop_threads_at_exit()  # what the interpreter runs at exit
    assert not p._thread.is_alive()
    assert 2 <= p.progress.value < 300  # stopped after the epoch it was in
    assert p.history_ is None and p.runs == 1  # not drawn, but the button is back
    assert not p.running and p.train_button.description == "Train"


def test_playground_changing_the_data_set_redraws_the_points(trained_playground):
    p = trained_playground
    p.controls["dataset"].value = "linear"
    offsets = p.scatter_.get_offsets()
    np.testing.assert_allclose(offsets, playground_data("linear", FAST["n_samples"]).X)
    assert p.model_ is None  # the old network does not belong to the new data
    assert np.isnan(np.asarray(p.boundary_.get_array(), dtype=float)).all()
    assert curves_shown(p) == [(False, False, True)] * 2  # its curves are gone too


# --------------------------------------------------------------------------- explanations
def test_explanation_explorer():
    from nnteach._keras import import_keras
    from nnteach.data import make_linear_classification
    from nnteach.models import build_deep_network

    keras = import_keras()
    keras.utils.set_random_seed(0)
    data = make_linear_classification(120, n_features=4, seed=1)
    model = build_deep_network(4, (6,))
    X_train, X_test, y_test = data.X[:80], data.X[80:], data.y[80:]
    explorer = explanation_explorer(
        model, X_train, X_test, data.feature_names, y=y_test, preset={"top": 3}
    )
    assert explorer.controls["instance"].max == len(X_test) - 1
    for index in (0, 5, 39):
        explorer.controls["instance"].value = index
        explanation = explorer.explanation_
        assert explanation is explorer.explain(index)  # cached
        np.testing.assert_allclose(explanation.data, X_test[index], rtol=1e-6)
        assert explanation.additivity_error < 1e-3
        assert len(explanation.bars_) == 3
        assert f"<b>{explanation.prediction:.3f}</b>" in explorer.readout.value
        assert f"(true value: {y_test[index]})" in explorer.readout.value
    explorer.controls["kind"].value = "waterfall"
    assert explorer.explanation_.connectors_ is not None
    assert not error_text(explorer)

    empty = explanation_explorer(model, X_train, X_test[:0], data.feature_names)
    assert "no instance to explain" in error_text(empty)


def _drawn(explanation_or_explorer, ax, room):
    """What a bar or waterfall chart shows, read from its artists."""
    e = explanation_or_explorer
    return {
        "x": [bar.get_x() for bar in e.bars_],
        "width": [bar.get_width() for bar in e.bars_],
        "color": [bar.get_facecolor() for bar in e.bars_],
        "label_text": [label.get_text() for label in e.labels_],
        "label_xy": [tuple(map(float, label.xy)) for label in e.labels_],
        "label_side": [(label.xyann, label.get_ha()) for label in e.labels_],
        "ticks": [t.get_text() for t in ax.get_yticklabels()],
        "ylim": ax.get_ylim(),
        "base_xlim": room._base_xlim,
        "segments": None
        if e.connectors_ is None
        else [s.tolist() for s in e.connectors_.get_segments()],
        "marks": [tuple(line.get_xdata()) for line in ax.lines[1:]]
        if e.connectors_ is None
        else [tuple(line.get_xdata()) for line in ax.lines],
        "texts": sorted(
            (t.get_text(), t.get_position()[0], t.get_ha()) for t in ax.texts if t not in e.labels_
        ),
    }


@pytest.mark.parametrize("kind", ["bar", "waterfall"])
def test_explanation_explorer_moves_the_bars_in_place(kind):
    """A new instance updates the chart's artists; they show what a fresh plot() shows."""
    from matplotlib.figure import Figure

    from nnteach._keras import import_keras
    from nnteach.data import make_linear_classification
    from nnteach.explain._label_layout import LabelRoom
    from nnteach.models import build_deep_network

    keras = import_keras()
    keras.utils.set_random_seed(0)
    data = make_linear_classification(120, n_features=6, seed=1)
    model = build_deep_network(6, (6,))
    X_train, X_test = data.X[:80], data.X[80:]
    explorer = explanation_explorer(
        model, X_train, X_test, data.feature_names, preset={"top": 4, "kind": kind}
    )
    ax = explorer.ax_
    bars, labels = explorer.explanation_.bars_, explorer.explanation_.labels_
    png = explorer._fig.image.value
    n_artists = len(ax.get_children())
    for index in (1, 7, 3):
        explorer.controls["instance"].value = index
        shown = explorer.explanation_
        # the same artists, moved: no new bars, labels or texts
        assert shown.bars_ is bars
        assert all(new is old for new, old in zip(shown.labels_, labels, strict=True))
        assert len(ax.get_children()) == n_artists
        assert explorer._fig.image.value != png
        png = explorer._fig.image.value
        room = next(a for a in ax.artists if isinstance(a, LabelRoom))

        # a fresh chart of the same explanation, drawn by Explanation.plot
        fresh = explorer.explain(index)
        fresh_ax = Figure().add_subplot()
        fresh.plot(ax=fresh_ax, kind=kind, top=4)
        fresh_room = next(a for a in fresh_ax.artists if isinstance(a, LabelRoom))
        expected = _drawn(fresh, fresh_ax, fresh_room)
        shown.bars_, shown.labels_, shown.connectors_ = bars, labels, explorer._shown.connectors
        got = _drawn(shown, ax, room)
        for key in ("label_text", "label_side", "ticks", "color"):
            assert got[key] == expected[key], key
        for key in ("x", "width", "label_xy", "ylim", "base_xlim", "marks"):
            np.testing.assert_allclose(got[key], expected[key], atol=1e-12, err_msg=key)
        if kind == "waterfall":
            np.testing.assert_allclose(got["segments"], expected["segments"], atol=1e-12)
            assert [t[::2] for t in got["texts"]] == [t[::2] for t in expected["texts"]]
            np.testing.assert_allclose(
                [t[1] for t in got["texts"]], [t[1] for t in expected["texts"]]
            )
        values = fresh.values[np.argsort(-np.abs(fresh.values), kind="stable")[:4]]
        if kind == "bar":  # largest |value| on top, one bar per feature shown
            np.testing.assert_allclose(sorted(got["width"]), sorted(values))


def test_explanation_explorer_keeps_long_feature_labels_inside_the_figure():
    from nnteach._keras import import_keras
    from nnteach.data import make_linear_classification
    from nnteach.models import build_deep_network

    keras = import_keras()
    keras.utils.set_random_seed(0)
    data = make_linear_classification(60, n_features=3, seed=2)
    names = ["WORST MAXIMUM WIDTH (MM)", "mean fractal dimension", "x"]  # wide glyphs
    model = build_deep_network(3, (4,))
    explorer = explanation_explorer(model, data.X[:40], data.X[40:], names)
    renderer = explorer.figure_.canvas.get_renderer()
    labels = explorer.ax_.get_yticklabels()
    assert any("WORST MAXIMUM WIDTH (MM) = " in t.get_text() for t in labels)
    assert min(t.get_window_extent(renderer).x0 for t in labels) >= 0  # not clipped
