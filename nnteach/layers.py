"""A chain of Dense layers as plain data, and the rule that picks the output layer.

One description of "a fully connected network" serves the whole package:

- :func:`nnteach.build_deep_network` (lesson 2) builds Keras layers from
  :func:`dense_chain`;
- the architecture builder (lesson 3) counts parameters, writes Keras code and
  draws the diagram from the same :func:`dense_chain`, without Keras;
- :class:`nnteach.NetworkDiagram` (lesson 3) reads a Keras model into
  :class:`LayerSpec` objects and draws them;
- the SHAP explanations (lesson 6) name a model's outputs with
  :func:`output_names`, the rule of :func:`output_layer` read backwards.

This module imports nothing heavy (NumPy only for the kernel's type).

Examples
--------
>>> from nnteach.layers import dense_chain, output_layer
>>> output_layer("classification", 3)
(3, 'softmax')
>>> [(s.name, s.units) for s in dense_chain(4, (8,), dropout=0.5)]
[('input', 4), ('h1', 8), ('drop1', 8), ('output', 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._validation import check_number

if TYPE_CHECKING:
    import numpy as np

__all__ = ["LayerSpec", "dense_chain", "output_layer", "output_names"]

KINDS = ("input", "dense", "neuronless")
TASKS = ("classification", "regression")


@dataclass(frozen=True)
class LayerSpec:
    """Plain description of one layer of a chain of layers.

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
    kernel : numpy.ndarray or None
        Dense kernel of shape ``(n_inputs, units)``, None for other kinds or
        when no model was built.
    layer_type : str
        Keras class name (``'Dense'``, ``'Dropout'``...), or ``'Input'``.
    use_bias : bool
        Whether a Dense layer adds a bias ``b``.
    rate : float or None
        The rate of a ``Dropout`` layer, None for other layers.

    Notes
    -----
    Introduced in lesson 3 (seeing the network).

    Examples
    --------
    >>> from nnteach.layers import LayerSpec
    >>> LayerSpec("hidden", "dense", units=3, n_inputs=4, activation="relu")
    LayerSpec(name='hidden', kind='dense', units=3, n_inputs=4, activation='relu', ...)
    >>> LayerSpec("hidden", "dense", 3, 4).n_params  # 4 x 3 weights + 3 biases
    15
    """

    name: str
    kind: str
    units: int
    n_inputs: int
    activation: str | None = None
    kernel: np.ndarray | None = field(default=None, repr=False, compare=False)
    layer_type: str = "Dense"
    use_bias: bool = True
    rate: float | None = None

    @property
    def n_params(self) -> int:
        """Weights and biases of a Dense layer (``n_inputs x units + units``); 0 otherwise."""
        if self.kind != "dense":
            return 0
        return self.n_inputs * self.units + (self.units if self.use_bias else 0)

    def __repr__(self) -> str:  # the dataclass repr, shortened for doctests and errors
        return (
            f"LayerSpec(name={self.name!r}, kind={self.kind!r}, units={self.units}, "
            f"n_inputs={self.n_inputs}, activation={self.activation!r}, ...)"
        )


def output_layer(task: str, n_classes: int = 2) -> tuple[int, str]:
    """Units and activation of the output layer for a task: the course's one rule.

    Introduced in lesson 2 (deep networks).

    Parameters
    ----------
    task : {"classification", "regression"}
    n_classes : int, default=2
        Number of classes (classification only).

    Returns
    -------
    (int, str)
        ``(1, "sigmoid")`` for two classes (the probability of class 1),
        ``(n_classes, "softmax")`` for more (one probability per class),
        ``(1, "linear")`` for regression (any number).

    Examples
    --------
    >>> output_layer("classification"), output_layer("classification", 10)
    ((1, 'sigmoid'), (10, 'softmax'))
    >>> output_layer("regression")
    (1, 'linear')
    """
    if task not in TASKS:
        raise ValueError(
            f"Invalid value for argument `task`. Expected one of {TASKS}. Received: task={task!r}."
        )
    if task == "regression":
        return 1, "linear"
    if n_classes == 2:
        return 1, "sigmoid"
    return n_classes, "softmax"


def output_names(task: str, n_outputs: int, activation: str | None) -> list[str]:
    """What each output unit of a model means: :func:`output_layer` read backwards.

    Used to title explanations (lesson 6) of any model, including models not
    built by :func:`dense_chain`: an output layer that does not follow the rule
    is named by position ("output 2") rather than as a probability.

    Parameters
    ----------
    task : {"classification", "regression"}
    n_outputs : int
        Number of output units.
    activation : str or None
        Name of the last layer's activation.

    Returns
    -------
    list of str
        One name per output unit.

    Examples
    --------
    >>> output_names("classification", 1, "sigmoid")
    ['P(class 1)']
    >>> output_names("classification", 3, "softmax")
    ['P(class 0)', 'P(class 1)', 'P(class 2)']
    >>> output_names("regression", 1, "linear")
    ['predicted value']
    """
    if task == "regression":
        return ["predicted value"]
    if n_outputs == 1:
        rule = output_layer(task, 2)
        return ["P(class 1)" if (1, activation) == rule else "model output (class 1)"]
    rule = output_layer(task, n_outputs)
    prefix = "P(class {})" if (n_outputs, activation) == rule else "output {}"
    return [prefix.format(k) for k in range(n_outputs)]


def check_dropout(dropout: Any) -> float:
    """``dropout`` as a float if it is a rate in [0, 1); a ``TypeError``/``ValueError`` if not.

    Examples
    --------
    >>> from nnteach.layers import check_dropout
    >>> check_dropout(0.25)
    0.25
    """
    dropout = check_number("dropout", dropout, minimum=0)
    if dropout >= 1:
        raise ValueError(
            "Invalid value for argument `dropout`. Expected a rate in [0, 1): the fraction "
            f"of neurons switched off during training. Received: dropout={dropout:g}."
        )
    return dropout


def dense_chain(
    n_features: int,
    hidden_units: Sequence[int],
    *,
    task: str = "classification",
    n_classes: int = 2,
    activation: str = "relu",
    dropout: float = 0.0,
) -> list[LayerSpec]:
    """The layers of a fully connected network, named as ``build_deep_network`` names them.

    The input ``"input"``; per hidden layer a Dense ``"h1"``, ``"h2"``... with
    ``activation``, each followed by a Dropout ``"drop1"``... when
    ``dropout > 0``; and the Dense ``"output"`` chosen by :func:`output_layer`.
    The arguments are expected to be validated by the caller.

    Parameters
    ----------
    n_features : int
    hidden_units : sequence of int
    task : {"classification", "regression"}, default="classification"
    n_classes : int, default=2
    activation : str, default="relu"
        Name of the hidden layers' activation.
    dropout : float, default=0.0

    Returns
    -------
    list of LayerSpec
        Starting with the input (``kind="input"``); kernels are None.

    Examples
    --------
    >>> specs = dense_chain(10, (16, 8), dropout=0.2)
    >>> [s.name for s in specs]
    ['input', 'h1', 'drop1', 'h2', 'drop2', 'output']
    >>> sum(s.n_params for s in specs)  # (10*16 + 16) + (16*8 + 8) + (8*1 + 1)
    321
    """
    specs = [
        LayerSpec("input", "input", n_features, n_features, layer_type="Input", use_bias=False)
    ]
    width = n_features
    for i, units in enumerate(hidden_units, start=1):
        specs.append(LayerSpec(f"h{i}", "dense", units, width, activation=activation))
        if dropout > 0:
            specs.append(
                LayerSpec(
                    f"drop{i}",
                    "neuronless",
                    units,
                    units,
                    layer_type="Dropout",
                    use_bias=False,
                    rate=float(dropout),
                )
            )
        width = units
    n_out, out_activation = output_layer(task, n_classes)
    specs.append(LayerSpec("output", "dense", n_out, width, activation=out_activation))
    return specs
