"""Interactive explorers for the lessons, built on ipywidgets 8.

Each factory returns an explorer that displays as its widget in Jupyter:

- :func:`neuron_explorer` (lesson 1): one neuron's weights, bias and activation;
- :func:`activation_explorer` (lesson 2): activations, derivatives, vanishing gradients;
- :func:`architecture_builder` (lesson 3): layers and units, diagram, parameter count, code;
- :func:`gradient_descent_explorer` (lesson 4): learning rate and momentum on a loss surface;
- :func:`training_playground` (lessons 2 and 4): train a small network on 2-D data;
- :func:`explanation_explorer` (lesson 6): SHAP values instance by instance.

Every explorer has ``controls`` (by name), ``state()`` and ``set_state(dict)``
(the ``preset`` argument), an error area and ``update()``. The logic behind
each one is a plain function, exported here too (:func:`neuron_output`,
:func:`activation_curve`, :func:`architecture_summary`, :func:`gradient_descent_path`,
:func:`train_playground`...).

Importing this package imports neither ipywidgets, matplotlib nor Keras: the
factories do, when called.
"""

from ._base import Explorer
from .activation import ActivationCurve, ActivationExplorer, activation_curve, activation_explorer
from .architecture import (
    ArchitectureBuilder,
    ArchitectureSummary,
    architecture_builder,
    architecture_summary,
)
from .explanation import ExplanationExplorer, explanation_explorer
from .gradient_descent import (
    GradientDescentExplorer,
    GradientDescentPath,
    gradient_descent_explorer,
    gradient_descent_path,
)
from .neuron import NeuronExplorer, NeuronOutput, decision_boundary, neuron_explorer, neuron_output
from .playground import (
    PlaygroundResult,
    TrainingPlayground,
    playground_data,
    train_playground,
    training_playground,
)

__all__ = [
    # factories
    "neuron_explorer",
    "activation_explorer",
    "architecture_builder",
    "gradient_descent_explorer",
    "training_playground",
    "explanation_explorer",
    # the plain logic behind them
    "neuron_output",
    "decision_boundary",
    "activation_curve",
    "architecture_summary",
    "gradient_descent_path",
    "playground_data",
    "train_playground",
    # result and explorer classes
    "NeuronOutput",
    "ActivationCurve",
    "ArchitectureSummary",
    "GradientDescentPath",
    "PlaygroundResult",
    "Explorer",
    "NeuronExplorer",
    "ActivationExplorer",
    "ArchitectureBuilder",
    "GradientDescentExplorer",
    "TrainingPlayground",
    "ExplanationExplorer",
]
