"""Tests for nnteach.keras_plot: the real Graphviz path and the missing-tool messages."""

from __future__ import annotations

import tempfile

import pytest

from nnteach import keras_plot
from nnteach._keras import import_keras
from nnteach.keras_plot import plot_keras_model

keras = import_keras()
PNG_MAGIC = b"\x89PNG"


@pytest.fixture(scope="module")
def model():
    return keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(3, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


@pytest.mark.skipif(keras_plot._missing_graphviz_parts() != [], reason="needs pydot and dot")
def test_returns_a_displayable_png_and_cleans_up(model, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    image = plot_keras_model(model)
    assert hasattr(image, "_repr_png_")  # Jupyter displays it
    assert image.data[:4] == PNG_MAGIC
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone


@pytest.mark.skipif(keras_plot._missing_graphviz_parts() != [], reason="needs pydot and dot")
def test_writes_to_file_when_asked(model, tmp_path):
    target = tmp_path / "model.png"
    image = plot_keras_model(model, to_file=target, show_shapes=False, dpi=50)
    assert target.read_bytes() == image.data
    assert image.data[:4] == PNG_MAGIC


@pytest.mark.parametrize(
    ("missing", "error"),
    [(["pydot"], ImportError), (["graphviz"], RuntimeError), (["pydot", "graphviz"], ImportError)],
)
def test_missing_tools_say_what_to_install(model, monkeypatch, missing, error):
    monkeypatch.setattr(keras_plot, "_missing_graphviz_parts", lambda: missing)
    with pytest.raises(error) as info:
        plot_keras_model(model)
    message = str(info.value)
    for part in (
        "pip install pydot",
        "apt-get install graphviz",
        "conda install graphviz",
        "nnteach.draw_network(model)",
    ):
        assert part in message
    assert ("pydot package" in message) == ("pydot" in missing)
    assert ("Graphviz `dot` program" in message) == ("graphviz" in missing)


def test_detection_notices_missing_pydot_and_dot(monkeypatch):
    import importlib.util
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pydot" else real_find_spec(name, *a),
    )
    assert keras_plot._missing_graphviz_parts() == ["pydot", "graphviz"]


def test_unbuilt_model_is_explained():
    unbuilt = keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"not built.*keras\.Input"):
        plot_keras_model(unbuilt)


def test_arguments_are_validated(model):
    with pytest.raises(TypeError, match="show_shapes"):
        plot_keras_model(model, show_shapes="yes")
    with pytest.raises(TypeError, match="Expected Model"):
        plot_keras_model("model")
