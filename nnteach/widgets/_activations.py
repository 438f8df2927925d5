"""NumPy versions of the activation functions the explorers show, with derivatives.

The explorers redraw on every slider move, so they evaluate activations with
NumPy rather than through Keras (no TensorFlow import, microseconds per call).
Names match Keras's activation strings (``"relu"``, ``"silu"``...), so the
generated Keras code can use them as they are; ``"step"`` is the perceptron's
binary step (``nnteach.step_activation`` in Keras). ``tests/test_widgets.py``
checks every function against ``keras.activations``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._validation import check_choice

__all__ = ["ACTIVATIONS", "activation_function", "TRAINABLE_ACTIVATIONS"]

#: Keras 3's default slope for ``leaky_relu`` below zero.
LEAKY_SLOPE = 0.2


def _sigmoid(z):
    # exp of a non-positive number only: no overflow warning for large |z|
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _step(z):
    return (z >= 0).astype(float)


def _step_grad(z):
    return np.zeros_like(z, dtype=float)


def _linear(z):
    return np.asarray(z, dtype=float)


def _linear_grad(z):
    return np.ones_like(z, dtype=float)


def _sigmoid_grad(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z):
    return (z > 0).astype(float)


def _leaky_relu(z):
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_grad(z):
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def _elu(z):
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def _elu_grad(z):
    return np.where(z > 0, 1.0, np.exp(np.minimum(z, 0.0)))


def _softplus(z):
    return np.logaddexp(0.0, z)


def _silu(z):
    return z * _sigmoid(z)


def _silu_grad(z):
    s = _sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


#: name -> (function, derivative); the order is the order of the dropdowns.
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "step": (_step, _step_grad),
    "linear": (_linear, _linear_grad),
    "sigmoid": (_sigmoid, _sigmoid_grad),
    "tanh": (np.tanh, _tanh_grad),
    "relu": (_relu, _relu_grad),
    "leaky_relu": (_leaky_relu, _leaky_relu_grad),
    "elu": (_elu, _elu_grad),
    "softplus": (_softplus, _sigmoid),
    "silu": (_silu, _silu_grad),
}

#: Activations gradient descent can train (the step function's gradient is 0).
TRAINABLE_ACTIVATIONS: tuple[str, ...] = tuple(name for name in ACTIVATIONS if name != "step")


def activation_function(name: str, *, derivative: bool = False) -> Callable:
    """Return the NumPy activation ``name`` (or its derivative).

    Parameters
    ----------
    name : str
        One of ``ACTIVATIONS``: ``"step"``, ``"linear"``, ``"sigmoid"``,
        ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"elu"``, ``"softplus"``,
        ``"silu"``.
    derivative : bool, default=False
        Return the derivative instead of the function.

    Examples
    --------
    >>> from nnteach.widgets._activations import activation_function
    >>> float(activation_function("relu")(-2.0)), float(activation_function("relu")(3.0))
    (0.0, 3.0)
    """
    check_choice("activation", name, ACTIVATIONS, "Pick one of the dropdown's activations.")
    return ACTIVATIONS[name][1 if derivative else 0]
