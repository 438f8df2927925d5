"""Staged checks for Keras models and layers (imports Keras when first used)."""

from __future__ import annotations

import functools
from typing import Any

from .helpers import (
    describe_value,
    fail,
    student_code,
    to_array,
)

__all__ = [
    "activation_name",
    "dense_layers",
    "effective_activation",
    "expect_model",
    "input_shape",
    "keras",
    "layer_activation",
    "layers_with_weights",
    "model_layers",
    "predict",
    "softmax_layer_class",
]


def keras() -> Any:
    """The ``keras`` module, imported quietly."""
    from .._keras import import_keras

    return import_keras()


def expect_model(name: str, value: Any) -> Any:
    """Fail unless ``value`` is a built ``keras.Model`` with one input."""
    k = keras()
    if isinstance(value, type):
        fail(
            f"`{name}` is the class {value.__name__}, not a model built from it.",
            "Call it: keras.Model(inputs, outputs) or keras.Sequential([...]).",
        )
    if not isinstance(value, k.Model):
        if isinstance(value, k.layers.Layer):
            fail(
                f"`{name}` is a {type(value).__name__} layer, not a model.",
                "Wrap the layers in a model: keras.Model(inputs, outputs).",
            )
        if isinstance(value, k.KerasTensor):
            fail(
                f"`{name}` is a symbolic tensor (the output of a layer), not a model.",
                "Build the model from it: keras.Model(inputs, outputs).",
            )
        fail(f"`{name}` is {describe_value(value)}, expected a Keras model.")
    try:
        inputs = value.inputs
    except Exception:  # noqa: BLE001 - an unbuilt Sequential model has no inputs
        inputs = None
    if not inputs:
        fail(
            f"`{name}` does not know its input shape yet, so it has no weights.",
            "Start the model with keras.Input(shape=(n_features,)).",
        )
    if len(inputs) != 1:
        fail(f"`{name}` has {len(inputs)} inputs, expected one.")
    return value


def input_shape(model: Any) -> tuple[int | None, ...]:
    """Shape of the model's (single) input, batch axis first: ``(None, 4)``."""
    return tuple(None if d is None else int(d) for d in model.inputs[0].shape)


def model_layers(model: Any) -> list[Any]:
    """Layers in order, nested models flattened, without ``InputLayer``."""
    k = keras()
    found = []
    for layer in model.layers:
        if isinstance(layer, k.layers.InputLayer):
            continue
        if isinstance(layer, k.Model):
            found += model_layers(layer)
        else:
            found.append(layer)
    return found


def dense_layers(model: Any) -> list[Any]:
    """The ``Dense`` layers of ``model``, in order."""
    k = keras()
    return [layer for layer in model_layers(model) if isinstance(layer, k.layers.Dense)]


def layers_with_weights(model: Any) -> list[Any]:
    """Layers that hold weights (any kind), in order."""
    return [layer for layer in model_layers(model) if layer.weights]


def activation_name(layer: Any, following: Any = None) -> str:
    """Name of a layer's activation (``"sigmoid"``); a custom function's own name.

    A linear ``Dense`` followed by an activation layer (``following``:
    ``Activation("relu")``, ``ReLU()``, ``LeakyReLU()``...) counts as having
    that layer's activation. ``following`` may also be the list of layers
    after ``layer``: see :func:`effective_activation`.
    """
    if isinstance(following, list):
        return effective_activation(layer, following)
    func = getattr(layer, "activation", None)
    name = getattr(func, "__name__", type(func).__name__) if func is not None else "linear"
    if name == "linear" and following is not None:
        applied = layer_activation(following)
        if applied is not None:
            return applied
    return name


#: activations that commute with (inverted) dropout: f(c * z) = c * f(z) for c >= 0
_POSITIVELY_HOMOGENEOUS = ("relu", "leaky_relu", "prelu")


def layer_activation(layer: Any) -> str | None:
    """What an activation *layer* applies (``"relu"`` for ``ReLU()``), else ``None``.

    ``ReLU(negative_slope=a)`` is a leaky ReLU and ``ReLU(max_value=6)`` a
    clipped one; both are named so, because neither is the plain ReLU.
    """
    k = keras()
    layers = k.layers
    if isinstance(layer, layers.Activation):
        func = layer.activation
        return getattr(func, "__name__", type(func).__name__)
    if isinstance(layer, layers.ReLU):
        if layer.max_value is not None:
            return "clipped_relu"
        if float(layer.negative_slope or 0.0) != 0.0:
            return "leaky_relu"
        return "relu" if float(layer.threshold or 0.0) == 0.0 else "thresholded_relu"
    for kind, name in (
        (layers.LeakyReLU, "leaky_relu"),
        (layers.PReLU, "prelu"),
        (layers.ELU, "elu"),
        (layers.Softmax, "softmax"),
    ):
        if isinstance(layer, kind):
            return name
    return None


def effective_activation(layer: Any, layers: list[Any]) -> str:
    """The activation that ``layer``'s output goes through in ``layers`` (a model's order).

    ``Dense(8, activation="relu")``, ``Dense(8)`` + ``ReLU()`` and ``Dense(8)`` +
    ``Activation("relu")`` are all ``"relu"``. A ``Dropout`` between a linear
    Dense and a ReLU-like layer is skipped, because dropout commutes with it.
    """
    k = keras()
    i = layers.index(layer)
    own = activation_name(layer)
    if own != "linear":
        return own
    rest = layers[i + 1 :]
    dropped = False
    for following in rest:
        if isinstance(following, k.layers.Dropout):
            dropped = True
            continue
        applied = layer_activation(following)
        if applied is None:
            return "linear"
        if dropped and applied not in _POSITIVELY_HOMOGENEOUS:
            return "linear"
        return applied
    return "linear"


def predict(name: str, model: Any, X: Any) -> Any:
    """``model(X)`` as a float NumPy array, student errors reported in one line."""
    k = keras()
    with student_code(f"`{name}` called on a batch of inputs"):
        output = model(k.ops.convert_to_tensor(X), training=False)
    return to_array(
        k.ops.convert_to_numpy(output) if not isinstance(output, list | tuple | dict) else output,
        f"`{name}` returned",
    )


@functools.lru_cache(maxsize=1)
def softmax_layer_class() -> Any:
    """A softmax layer written out, so that no backend can find logits behind its output.

    (Keras's TensorFlow backend rescues a loss given a softmax layer's output
    with ``from_logits=True`` by using the logits behind it: with this layer the
    mistake changes the loss on every backend.) Task 4.5's judged model uses it;
    it is registered with Keras so that the model also travels to a student's
    kernel as its config when ``nnteach grade`` checks the notebook.
    """
    k = keras()
    ops = k.ops

    @k.saving.register_keras_serializable(package="nnteach_checks", name="Softmax")
    class Softmax(k.layers.Layer):
        def call(self, inputs):
            e = ops.exp(inputs - ops.max(inputs, axis=-1, keepdims=True))
            return e / ops.sum(e, axis=-1, keepdims=True)

    return Softmax
