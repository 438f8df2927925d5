"""Tests for nnteach.history: the panels, lines and messages of a training history plot."""

from __future__ import annotations

import numpy as np
import pytest

from nnteach.history import HistoryDisplay, plot_history

FULL = {
    "loss": [0.9, 0.6, 0.4, 0.3],
    "accuracy": [0.5, 0.7, 0.8, 0.85],
    "auc": [0.6, 0.75, 0.85, 0.9],
    "val_loss": [1.0, 0.7, 0.6, 0.65],
    "val_accuracy": [0.5, 0.65, 0.7, 0.7],
    "val_auc": [0.55, 0.7, 0.8, 0.8],
}


@pytest.fixture(autouse=True)
def close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def test_two_panels_loss_left_metrics_right():
    display = plot_history(FULL)
    assert [ax.get_title() for ax in display.axes_] == ["Training", "Validation"]
    assert sorted(display.lines_) == sorted(FULL)
    train, val = display.axes_
    train_twin, val_twin = display.twin_axes_
    assert display.lines_["loss"].axes is train and display.lines_["val_loss"].axes is val
    assert display.lines_["accuracy"].axes is train_twin
    assert display.lines_["val_auc"].axes is val_twin
    assert train.get_ylabel() == "loss" and train_twin.get_ylabel() == "score"
    assert train.get_xlabel() == "epoch"
    for name, line in display.lines_.items():
        np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
        np.testing.assert_allclose(line.get_ydata(), FULL[name])
    # Same scales in both panels, so they compare at a glance.
    assert train.get_ylim() == val.get_ylim()
    assert train_twin.get_ylim() == val_twin.get_ylim()
    # One legend for both panels: each quantity keeps its colour.
    assert [t.get_text() for t in display.legend_.get_texts()] == ["loss", "accuracy", "auc"]
    assert display.legend_ in display.figure_.legends
    for name in ("loss", "accuracy", "auc"):
        assert display.lines_[name].get_color() == display.lines_[f"val_{name}"].get_color()


def test_chosen_metrics_only():
    display = plot_history(FULL, metrics="accuracy", title="run 1")
    assert sorted(display.lines_) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert display.twin_axes_[0].get_ylabel() == "accuracy"
    assert display.figure_.get_suptitle() == "run 1"


def test_no_metrics_draws_the_loss_alone():
    display = plot_history(FULL, metrics=[])
    assert sorted(display.lines_) == ["loss", "val_loss"]
    assert display.twin_axes_ == [None, None]


def test_without_validation_a_single_training_panel():
    history = {"loss": [0.5, 0.4], "mae": [0.6, 0.5], "learning_rate": [0.01, 0.001]}
    display = HistoryDisplay.from_history(history).plot()
    assert len(display.axes_) == 1 and display.axes_[0].get_title() == "Training"
    # The learning rate is not a score: left out unless asked for.
    assert sorted(display.lines_) == ["loss", "mae"]
    assert "learning_rate" in plot_history(history, metrics=["learning_rate"]).lines_


def test_from_a_real_keras_history():
    from nnteach._keras import import_keras

    keras = import_keras()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
    display = plot_history(history)
    assert sorted(display.lines_) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    np.testing.assert_allclose(display.lines_["val_loss"].get_ydata(), history.history["val_loss"])
    np.testing.assert_array_equal(display.epochs, [1, 2])


def test_draws_on_given_axes():
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    display = HistoryDisplay.from_history(FULL).plot(axes=axes)
    assert display.axes_ == list(axes) and display.figure_ is fig
    with pytest.raises(ValueError, match=r"Expected 2 axes \(training and validation\)"):
        HistoryDisplay.from_history(FULL).plot(axes=[axes[0]])
    single = HistoryDisplay.from_history({"loss": [1.0]}).plot(axes=axes[0])
    assert single.axes_ == [axes[0]]


def test_unknown_metric_lists_the_available_ones():
    with pytest.raises(ValueError, match=r"'f1' is not in the history.*\['accuracy', 'auc'\]"):
        plot_history(FULL, metrics=["f1"])
    with pytest.raises(ValueError, match=r"Pass 'accuracy'"):
        plot_history(FULL, metrics=["val_accuracy"])


@pytest.mark.parametrize(
    ("history", "error", "match"),
    [
        ({}, ValueError, "history is empty"),
        ({"loss": [], "val_loss": []}, ValueError, "no epochs"),
        ({"loss": [1.0, 0.5], "accuracy": [0.5]}, ValueError, r"same length.*'accuracy': 1"),
        ({"loss": ["a", "b"]}, ValueError, "list of numbers"),
        ([0.5, 0.4], TypeError, r"History returned by `model\.fit"),
    ],
)
def test_bad_histories_are_explained(history, error, match):
    with pytest.raises(error, match=match):
        HistoryDisplay.from_history(history)
