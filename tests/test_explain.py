"""Tests for nnteach.explain: SHAP values that add up, explainer reuse and fallback, plots."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from nnteach._keras import import_keras
from nnteach.explain import (
    Explanation,
    ModelExplainer,
    clear_explainer_cache,
    explain_prediction,
)
from nnteach.explain._cache import _cached_explainer
from nnteach.style import NEGATIVE as NEGATIVE_COLOR
from nnteach.style import POSITIVE as POSITIVE_COLOR

keras = import_keras()
shap = pytest.importorskip("shap")


# --------------------------------------------------------------------------- #
# tiny models, trained for a few epochs (module scope: trained once)
# --------------------------------------------------------------------------- #


def _standardize(X):
    X = np.asarray(X, dtype="float64")
    return ((X - X.mean(0)) / X.std(0)).astype("float32")


def _mlp(n_features, hidden, units, activation):
    layers = [keras.Input((n_features,))]
    layers += [keras.layers.Dense(h, activation="relu") for h in hidden]
    layers.append(keras.layers.Dense(units, activation=activation))
    return keras.Sequential(layers)


@pytest.fixture(scope="module")
def cancer():
    """Breast-cancer-sized binary classifier: 30-16-8-1, sigmoid output."""
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X = _standardize(data.data)
    keras.utils.set_random_seed(0)
    model = _mlp(30, (16, 8), 1, "sigmoid")
    model.compile("adam", "binary_crossentropy")
    model.fit(X, data.target, epochs=3, batch_size=64, verbose=0)
    return model, X, list(data.feature_names), data.data


@pytest.fixture(scope="module")
def diabetes():
    """Regressor on the (standardized) diabetes data: 10-8-1, linear output."""
    from sklearn.datasets import load_diabetes

    data = load_diabetes()
    X = _standardize(data.data)
    y = ((data.target - data.target.mean()) / data.target.std()).astype("float32")
    keras.utils.set_random_seed(0)
    model = _mlp(10, (8,), 1, None)
    model.compile("adam", "mse")
    model.fit(X, y, epochs=3, batch_size=64, verbose=0)
    return model, X, list(data.feature_names)


@pytest.fixture(scope="module")
def three_classes():
    """Softmax classifier on random data: 6 features, 3 classes."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 6)).astype("float32")
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    keras.utils.set_random_seed(0)
    model = _mlp(6, (8,), 3, "softmax")
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(X, y, epochs=3, batch_size=32, verbose=0)
    return model, X


def _tiny_data(n_features=5, n=80):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(n, n_features)).astype("float32")
    y = (X[:, 0] - X[:, 1] > 0).astype("float32")
    return X, y


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _output(model, x):
    return keras.ops.convert_to_numpy(model(np.asarray(x).reshape(1, -1), training=False))[0]


# --------------------------------------------------------------------------- #
# SHAP values add up to the prediction
# --------------------------------------------------------------------------- #


def test_classifier_deep_values_add_up_to_probability(cancer):
    model, X, names, _ = cancer
    e = explain_prediction(model, X, X[0], names)
    assert e.method == "deep" and e.task == "classification" and e.fallback_reason is None
    assert e.values.shape == (30,) and e.feature_names == names
    np.testing.assert_allclose(e.data, X[0], rtol=1e-6)
    assert e.prediction == pytest.approx(float(_output(model, X[0])[0]), abs=1e-6)
    assert 0 < e.base_value < 1 and 0 < e.prediction < 1
    assert e.base_value + e.values.sum() == pytest.approx(e.prediction, abs=1e-4)
    assert e.additivity_error < 1e-4


def test_regressor_deep_values_add_up(diabetes):
    model, X, names = diabetes
    e = explain_prediction(model, X, X[5:6], names, task="regression", top=4)
    assert e.method == "deep" and e.task == "regression"
    assert e.prediction == pytest.approx(float(_output(model, X[5])[0]), abs=1e-5)
    assert e.additivity_error < 1e-4
    assert "predicted value" in repr(e)


def test_base_value_is_mean_output_over_background(cancer):
    model, X, names, _ = cancer
    explainer = ModelExplainer(model, X, names, background_size=50, seed=3)
    rows = np.sort(np.random.default_rng(3).choice(len(X), 50, replace=False))
    np.testing.assert_array_equal(explainer.background_, X[rows])
    e = explainer.explain(X[1])
    mean = keras.ops.convert_to_numpy(model(X[rows], training=False)).mean()
    assert e.base_value == pytest.approx(float(mean), abs=1e-6)


def test_softmax_explains_predicted_class_or_class_index(three_classes):
    model, X = three_classes
    probs = _output(model, X[0])
    e = explain_prediction(model, X, X[0])
    assert e.class_index == int(np.argmax(probs))
    assert e.prediction == pytest.approx(float(probs.max()), abs=1e-6)
    assert e.output_name == f"P(class {e.class_index})"
    other = (e.class_index + 1) % 3
    e2 = explain_prediction(model, X, X[0], class_index=other)
    assert e2.class_index == other and e2.prediction == pytest.approx(float(probs[other]), abs=1e-6)
    assert e.additivity_error < 1e-4 and e2.additivity_error < 1e-4
    with pytest.raises(ValueError, match=r"class_index.*<= 2.*3 output units"):
        explain_prediction(model, X, X[0], class_index=3)


def test_subclassed_model_is_explained_with_deep():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(4, activation="relu")
            self.out = keras.layers.Dense(1, activation="sigmoid")

        def call(self, x):
            return self.out(self.hidden(x))

    X, _ = _tiny_data()
    keras.utils.set_random_seed(0)
    model = Net()
    model(X[:1])
    e = explain_prediction(model, X, X[0], background_size=20)
    assert e.method == "deep" and e.additivity_error < 1e-4


def test_retraining_updates_the_base_value():
    X, y = _tiny_data()
    keras.utils.set_random_seed(0)
    model = _mlp(5, (4,), 1, "sigmoid")
    model.compile(keras.optimizers.Adam(0.05), "binary_crossentropy")
    before = explain_prediction(model, X, X[0], background_size=30)
    model.fit(X, y, epochs=2, verbose=0)
    after = explain_prediction(model, X, X[0], background_size=30)
    assert after.base_value != pytest.approx(before.base_value, abs=1e-4)
    assert after.prediction == pytest.approx(float(_output(model, X[0])[0]), abs=1e-6)
    assert after.additivity_error < 1e-4


# --------------------------------------------------------------------------- #
# explainer reuse
# --------------------------------------------------------------------------- #


def test_second_instance_reuses_the_explainer(cancer, monkeypatch):
    model, X, names, _ = cancer
    clear_explainer_cache()
    built = []
    real = shap.DeepExplainer

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shap, "DeepExplainer", counting)
    explain_prediction(model, X, X[0], names)
    explain_prediction(model, X, X[1], names, top=3)
    assert len(built) == 1
    settings = dict(task="classification", background_size=100, seed=0, method="auto")
    first = _cached_explainer(model, X, names, **settings)
    assert _cached_explainer(model, X.copy(), names, **settings) is first  # same content
    # another background is another explainer
    assert _cached_explainer(model, X, names, **{**settings, "seed": 1}) is not first
    explain_prediction(model, X, X[2], names, seed=1)
    assert len(built) == 2


# --------------------------------------------------------------------------- #
# fallback: DeepExplainer -> GradientExplainer -> KernelExplainer
# --------------------------------------------------------------------------- #


def _fail(name):
    def explainer(*args, **kwargs):
        raise ValueError(f"{name} cannot handle this layer")

    return explainer


def test_deep_failure_falls_back_to_gradient(cancer, monkeypatch):
    model, X, names, _ = cancer
    monkeypatch.setattr(shap, "DeepExplainer", _fail("deep"))
    explainer = ModelExplainer(model, X, names, background_size=50)
    e = explainer.explain(X[0])
    assert e.method == "gradient" == explainer.method_
    assert "DeepExplainer failed (ValueError: deep cannot handle this layer)" in e.fallback_reason
    assert "used GradientExplainer instead" in e.fallback_reason
    assert "note: DeepExplainer failed" in repr(e)
    assert e.additivity_error < 0.05  # expected gradients: approximate


def test_unsupported_operation_falls_back_and_training_still_works():
    X, y = _tiny_data()
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((5,)),
            keras.layers.Dense(4),
            keras.layers.Lambda(keras.ops.sin),  # no DeepLIFT rule for Sin
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile("adam", "binary_crossentropy")
    e = explain_prediction(model, X, X[0], background_size=20)
    assert e.method == "gradient" and "Sin" in e.fallback_reason
    assert e.additivity_error < 0.05
    # shap leaves TensorFlow's gradient recorder patched after such a failure;
    # nnteach puts it back, so the student's next fit still runs
    model.fit(X, y, epochs=1, verbose=0)


def test_kernel_is_the_last_resort_and_adds_up(monkeypatch):
    X, _ = _tiny_data()
    keras.utils.set_random_seed(0)
    model = _mlp(5, (4,), 1, "sigmoid")
    monkeypatch.setattr(shap, "DeepExplainer", _fail("deep"))
    monkeypatch.setattr(shap, "GradientExplainer", _fail("gradient"))
    e = explain_prediction(model, X, X[0], background_size=10)
    assert e.method == "kernel"
    assert "DeepExplainer failed" in e.fallback_reason
    assert "GradientExplainer failed" in e.fallback_reason
    assert e.additivity_error < 1e-4


def test_kernel_method_on_request_keeps_numpy_random_state():
    X, _ = _tiny_data()
    keras.utils.set_random_seed(0)
    model = _mlp(5, (4,), 1, "sigmoid")
    np.random.seed(123)  # noqa: NPY002 - the legacy generator shap touches
    expected = np.random.rand()  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    e = explain_prediction(model, X, X[0], background_size=10, method="kernel")
    assert np.random.rand() == expected  # noqa: NPY002
    assert e.method == "kernel" and e.fallback_reason is None
    assert e.additivity_error < 1e-4


def test_explicit_method_does_not_fall_back(cancer, monkeypatch):
    model, X, names, _ = cancer
    monkeypatch.setattr(shap, "DeepExplainer", _fail("deep"))
    with pytest.raises(RuntimeError, match=r"DeepExplainer could not explain.*method='auto'"):
        explain_prediction(model, X, X[0], names, method="deep", seed=7)


# --------------------------------------------------------------------------- #
# Explanation: numbers and text
# --------------------------------------------------------------------------- #


def _explanation(**kwargs):
    values = [0.30, -0.45, 0.05, -0.10, 0.20, 0.0]
    args = dict(
        values=values,
        base_value=0.4,
        prediction=0.4 + sum(values),
        feature_names=["age", "dose", "weight", "height", "pulse", "noise"],
        data=[61.0, 2.5, 80.2, 1.79, 72.0, 0.0],
        method="deep",
        task="classification",
        output_name="P(class 1)",
        top=3,
    )
    args.update(kwargs)
    return Explanation(**args)


def test_top_features_sorted_by_absolute_value():
    e = _explanation()
    assert e.top_features() == [("dose", -0.45), ("age", 0.30), ("pulse", 0.20)]
    assert [name for name, _ in e.top_features(6)] == [
        "dose",
        "age",
        "pulse",
        "height",
        "weight",
        "noise",
    ]
    assert len(e.top_features(100)) == 6
    assert e.additivity_error == pytest.approx(0.0, abs=1e-12)


def test_repr_reads_as_a_summary():
    text = repr(_explanation(display_data=[61, 2.5, 80.2, 1.79, 72, 0.1]))
    assert text.splitlines()[0] == (
        "Explanation of one prediction (task='classification', method='deep')"
    )
    assert "P(class 1): 0.4" in text
    assert "base value (average over the background): 0.4" in text
    assert "top 3 of 6 features by |SHAP value|:" in text
    assert "dose = 2.5" in text and "-0.45" in text and "age = 61" in text
    assert "(3 other features together: -0.05)" in text


# --------------------------------------------------------------------------- #
# plots
# --------------------------------------------------------------------------- #


def _rgba(color):
    from matplotlib.colors import to_rgba

    return to_rgba(color)


def test_bar_plot_artists():
    import matplotlib.pyplot as plt

    e = _explanation()
    fig, ax = plt.subplots()
    assert e.plot(ax=ax, top=4) is e
    assert e.figure_ is fig and e.ax_ is ax
    assert len(e.bars_) == 4
    widths = [bar.get_width() for bar in e.bars_]
    assert widths == pytest.approx([-0.45, 0.30, 0.20, -0.10])  # top bar first
    negative, positive = _rgba(NEGATIVE_COLOR), _rgba(POSITIVE_COLOR)
    assert negative != positive
    assert [bar.get_facecolor() for bar in e.bars_] == [negative, positive, positive, negative]
    assert all(bar.get_x() == 0 for bar in e.bars_)
    # one tick label per bar, in the bars' order, with the feature's value
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "dose = 2.5",
        "age = 61",
        "pulse = 72",
        "height = 1.79",
    ]
    assert [t.get_position()[1] for t in ax.get_yticklabels()] == [3, 2, 1, 0]  # top first
    assert [t.get_text() for t in e.labels_] == ["-0.45", "+0.3", "+0.2", "-0.1"]
    assert "P(class 1) = 0.4" in ax.get_title() and "base value 0.4" in ax.get_title()
    assert "2 other features together: +0.05" in ax.get_xlabel()
    assert e.connectors_ is None


def test_waterfall_runs_from_base_value_to_prediction():
    e = _explanation(base_value=0.2, prediction=0.2)
    e.plot(kind="waterfall", top=3)
    assert len(e.bars_) == 4  # 3 features + 1 bar for the other 3
    bars = list(e.bars_)
    assert bars[0].get_x() == pytest.approx(0.2)  # starts at the base value
    for below, above in zip(bars, bars[1:], strict=False):
        assert above.get_x() == pytest.approx(below.get_x() + below.get_width())
    end = bars[-1].get_x() + bars[-1].get_width()
    assert end == pytest.approx(e.prediction)
    assert bars[-1].get_width() == pytest.approx(-0.45)  # largest on top
    for bar in bars:
        expected = POSITIVE_COLOR if bar.get_width() >= 0 else NEGATIVE_COLOR
        assert bar.get_facecolor() == _rgba(expected)
    assert len(e.connectors_.get_segments()) == 3
    labels = [t.get_text() for t in e.ax_.get_yticklabels()]
    assert labels[0] == "3 other features" and labels[-1] == "dose = 2.5"
    texts = [t.get_text() for t in e.ax_.texts]
    assert any("base value 0.2" in t for t in texts)
    assert any("prediction 0.2" in t for t in texts)
    # all features shown: no "other features" bar
    e.plot(kind="waterfall", top=6)
    assert len(e.bars_) == 6


def test_plot_of_a_real_explanation_uses_display_values(cancer):
    model, X, names, raw = cancer
    e = explain_prediction(model, X, X[0], names, top=5, display_x=raw[0])
    e.plot()
    assert len(e.bars_) == 5
    name, _ = e.top_features(1)[0]
    i = names.index(name)
    top_label = e.ax_.get_yticklabels()[0].get_text()
    assert top_label.startswith(f"{name} = ") and top_label != f"{name} = {X[0, i]:.3g}"
    np.testing.assert_allclose(e.display_data, raw[0])


def _label_clearances(e):
    """Points between each value label and the axes' left and right edges."""
    fig, ax = e.figure_, e.ax_
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_pt = 72 / fig.dpi
    boxes = [label.get_window_extent(renderer) for label in e.labels_]
    ticks = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    assert not any(box.overlaps(tick) for box in boxes for tick in ticks)
    return [((b.x0 - ax.bbox.x0) * to_pt, (ax.bbox.x1 - b.x1) * to_pt) for b in boxes]


def _most_negative_first(**kwargs):
    values = [-0.4123, 0.21, -0.05, 0.12, -0.3, 0.01]
    names = ["worst concave points", "mean radius", "worst texture"]
    names += ["area error", "mean smoothness", "worst symmetry"]
    return _explanation(
        values=values, prediction=0.4 + sum(values), top=6, feature_names=names, **kwargs
    )


@pytest.mark.parametrize("kind", ["bar", "waterfall"])
def test_value_labels_stay_clear_of_the_feature_names(kind):
    import matplotlib.pyplot as plt

    # Its own figure: the labels already fit, the limits stay at 22 % of the span.
    e = _most_negative_first().plot(kind=kind)
    assert min(min(c) for c in _label_clearances(e)) >= 5
    # Two side by side in a constrained layout: the second plot narrows the
    # first axes after it was plotted, and the labels still fit.
    all_negative = _explanation(
        values=[-0.5, -0.2, -0.01],
        prediction=-0.31,
        feature_names=["worst concave points", "mean radius", "worst texture"],
        data=[1.0, 2.0, 3.0],
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3), layout="constrained")
    first = _most_negative_first().plot(ax=left, kind=kind)
    second = all_negative.plot(ax=right, kind=kind)
    for e in (first, second):
        assert min(min(c) for c in _label_clearances(e)) >= 5
    if kind == "bar":  # 22 % of the span was not enough there
        assert first.ax_.get_xlim()[0] < -0.4123 - 0.22 * (0.4123 + 0.21)


def test_limits_set_after_plot_are_kept():
    e = _most_negative_first().plot()
    e.ax_.set_xlim(-2, 2)
    e.figure_.canvas.draw()
    assert e.ax_.get_xlim() == (-2, 2)


def test_fit_label_room_solves_for_the_labels_width():
    from nnteach.explain._label_layout import fit_label_room

    # label of 10 units on a 100-unit-wide axes, left of -1: -1 - L = 0.1 (1 - L)
    left, right = fit_label_room((-1.0, 1.0), [-1.0], [True], [10.0], 100.0)
    assert left == pytest.approx(-11 / 9) and right == 1.0
    assert fit_label_room((-1.0, 1.0), [0.5], [False], [10.0], 100.0) == (-1.0, 1.0)
    # labels wider than the axes: no limits would do, leave them
    assert fit_label_room((-1.0, 1.0), [-1.0, 1.0], [True, False], [50, 50], 100.0) == (-1, 1)


def test_plot_rejects_unknown_kind():
    with pytest.raises(ValueError, match=r"`kind`.*\('bar', 'waterfall'\).*'pie'"):
        _explanation().plot(kind="pie")


# --------------------------------------------------------------------------- #
# argument checks
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"feature_names": ["a", "b"]}, ValueError, r"Expected 30 names.*Received: 2 names"),
        ({"x": np.zeros(31)}, ValueError, r"shape \(30,\) or \(1, 30\).*shape \(31,\)"),
        ({"x": np.zeros((2, 30))}, ValueError, r"holds 2 instances.*one at a time"),
        ({"X_train": np.zeros(30)}, ValueError, r"`X_train`. Expected a 2-D array"),
        ({"X_train": np.zeros((4, 30, 1))}, ValueError, r"2-D array.*\(4, 30, 1\)"),
        ({"task": "clasification"}, ValueError, r"one of \('classification', 'regression'\)"),
        ({"top": 0}, ValueError, r"`top`. Expected a value >= 1"),
        ({"method": "fast"}, ValueError, r"`method`. Expected one of \('auto'"),
        ({"background_size": 0}, ValueError, r"`background_size`"),
        ({"class_index": 0}, ValueError, r"one output unit.*no class to choose"),
        ({"display_x": np.zeros(3)}, ValueError, r"`display_x`.*30 feature values"),
        ({"model": "my model"}, TypeError, r"Expected Model.*Pass a Keras model"),
    ],
)
def test_invalid_arguments_say_what_and_how_to_fix(cancer, change, error, match):
    model, X, names, _ = cancer
    args = {"model": model, "X_train": X, "x": X[0], "feature_names": names, **change}
    with pytest.raises(error, match=match):
        explain_prediction(**args)


def test_model_with_two_inputs_is_rejected():
    a, b = keras.Input((2,)), keras.Input((3,))
    out = keras.layers.Dense(1)(keras.layers.Concatenate()([a, b]))
    model = keras.Model([a, b], out)
    with pytest.raises(ValueError, match=r"one input.*Received: a model with 2 inputs"):
        explain_prediction(model, np.zeros((10, 5)), np.zeros(5), task="regression")


def test_regression_needs_one_output_unit(three_classes):
    model, X = three_classes
    with pytest.raises(ValueError, match=r"task='regression'.*3 output units"):
        explain_prediction(model, X, X[0], task="regression")


def test_import_stays_light():
    code = (
        "import sys, nnteach.explain; "
        "print(sorted(m for m in ('tensorflow', 'keras', 'shap', 'matplotlib') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_colours_mean_what_they_mean_in_the_network_diagrams():
    from nnteach import style
    from nnteach.diagram import NetworkDiagram

    e = _explanation()
    e.plot(top=4)
    up = next(bar for bar in e.bars_ if bar.get_width() > 0)
    down = next(bar for bar in e.bars_ if bar.get_width() < 0)
    # blue pushes the prediction up, like a positive weight; vermillion down
    assert up.get_facecolor() == _rgba(NetworkDiagram.POSITIVE_COLOR) == _rgba(style.POSITIVE)
    assert down.get_facecolor() == _rgba(NetworkDiagram.NEGATIVE_COLOR) == _rgba(style.NEGATIVE)
    assert style.POSITIVE == style.OKABE_ITO["blue"]
    assert style.NEGATIVE == style.OKABE_ITO["vermillion"]
