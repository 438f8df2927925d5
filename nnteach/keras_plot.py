"""Keras's own layer graph (``keras.utils.plot_model``), with a friendly failure.

``plot_model`` needs the ``pydot`` package and the Graphviz ``dot`` program.
In a notebook, Keras only *prints* a message and returns None when they are
missing, so a lesson cell silently shows nothing. :func:`plot_keras_model`
checks first and raises an error that says what to install, and points to
:func:`nnteach.draw_network`, which needs neither.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ._validation import check_int, check_type

__all__ = ["plot_keras_model"]

_INSTALL_HINT = (
    "install them with `pip install pydot` and `apt-get install graphviz` "
    "(or `conda install graphviz`), or draw the network without them with "
    "`nnteach.draw_network(model)`."
)


def _missing_graphviz_parts() -> list[str]:
    """What ``keras.utils.plot_model`` lacks here: ``'pydot'`` and/or ``'graphviz'``."""
    missing = []
    if importlib.util.find_spec("pydot") is None:
        missing.append("pydot")
    if shutil.which("dot") is None:
        missing.append("graphviz")
    return missing


def _missing_error(missing: list[str]) -> Exception:
    what = {
        ("pydot",): "the pydot package is missing",
        ("graphviz",): "the Graphviz `dot` program is missing",
        ("pydot", "graphviz"): "the pydot package and the Graphviz `dot` program are missing",
    }[tuple(missing)]
    message = f"plot_keras_model needs pydot and Graphviz, and {what}: {_INSTALL_HINT}"
    return ImportError(message) if "pydot" in missing else RuntimeError(message)


def _image(data: bytes, extension: str):
    from IPython import display  # required by ipywidgets and jupyterlab, our dependencies

    if extension == "svg":
        return display.SVG(data=data)
    return display.Image(data=data, format="jpeg" if extension == "jpg" else extension)


def plot_keras_model(
    model,
    *,
    show_shapes: bool = True,
    show_layer_activations: bool = True,
    show_layer_names: bool = True,
    to_file: str | os.PathLike | None = None,
    dpi: int = 96,
) -> Any:
    """Draw a Keras model's layer graph with ``keras.utils.plot_model``.

    Introduced in lesson 3 (seeing the network).

    Unlike :func:`nnteach.draw_network`, this shows any model (convolutions,
    branches, several inputs), one box per layer, with shapes.

    Parameters
    ----------
    model : keras.Model
        A built model.
    show_shapes : bool, default=True
        Show each layer's input and output shapes.
    show_layer_activations : bool, default=True
        Show the activation of layers that have one.
    show_layer_names : bool, default=True
        Show each layer's name.
    to_file : str or path-like, optional
        Also save the picture there (``.png``, ``.jpg``, ``.svg`` or
        ``.pdf``). By default a temporary PNG is written and deleted.
    dpi : int, default=96
        Resolution of the picture.

    Returns
    -------
    IPython.display.Image or IPython.display.SVG or pathlib.Path
        An object Jupyter displays (with ``.data``, the image bytes); for a
        ``.pdf`` file, its path.

    Raises
    ------
    ImportError
        If the ``pydot`` package is missing.
    RuntimeError
        If the Graphviz ``dot`` program is missing.
    ValueError
        If the model is not built.

    Examples
    --------
    >>> import keras
    >>> import nnteach
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    >>> image = nnteach.plot_keras_model(model)
    >>> image.data[:4]
    b'\\x89PNG'
    """
    from ._keras import import_keras

    keras = import_keras()
    check_type("model", model, keras.Model, hint="Pass a Keras model.")
    for name, value in (
        ("show_shapes", show_shapes),
        ("show_layer_activations", show_layer_activations),
        ("show_layer_names", show_layer_names),
    ):
        check_type(name, value, bool)
    dpi = check_int("dpi", dpi, minimum=10, maximum=1200)
    if to_file is not None:
        check_type("to_file", to_file, (str, os.PathLike))
    if not model.built:
        raise ValueError(
            f"Model '{model.name}' is not built yet, so its shapes are unknown. "
            "Start it with `keras.Input(shape=(n_features,))`, or call "
            "`model.build((None, n_features))` before drawing it."
        )
    missing = _missing_graphviz_parts()
    if missing:
        raise _missing_error(missing)

    with tempfile.TemporaryDirectory(prefix="nnteach-") as tmp:
        target = Path(to_file) if to_file is not None else Path(tmp) / "model.png"
        extension = target.suffix[1:].lower() or "png"
        try:
            keras.utils.plot_model(
                model,
                to_file=str(target),
                show_shapes=show_shapes,
                show_layer_names=show_layer_names,
                show_layer_activations=show_layer_activations,
                dpi=dpi,
            )
        except ImportError as err:  # pydot present but unusable, or dot failing
            raise _missing_error(["pydot", "graphviz"]) from err
        if not target.exists():  # Keras printed a message instead of drawing
            raise _missing_error(["pydot", "graphviz"])
        if extension == "pdf":
            return target
        return _image(target.read_bytes(), extension)
