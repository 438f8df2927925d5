"""nnteach: the helper package behind the neural-network course.

The lessons teach the Keras code itself; ``nnteach`` holds what would
otherwise be pasted into every notebook: data sets, model builders, network
diagrams, history plots, metrics, SHAP explanations, interactive widgets and
exercise checks.

``import nnteach`` is fast: it imports neither TensorFlow, shap nor
matplotlib. Each name below is loaded from its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> submodule that defines it
_EXPORTS: dict[str, str] = {
    # data
    "Dataset": "data",
    "Split": "data",
    "load_breast_cancer": "data",
    "load_diabetes": "data",
    "load_digits": "data",
    "make_moons": "data",
    "make_circles": "data",
    "make_linear_classification": "data",
    "make_regression": "data",
    "train_val_test_split": "data",
    "standardize": "data",
    # models
    "step_activation": "models",
    "build_perceptron": "models",
    "build_deep_network": "models",
    "suggest_hidden_units": "models",
    # diagrams
    "LayerSpec": "layers",
    "NetworkDiagram": "diagram",
    "draw_network": "diagram",
    "plot_keras_model": "keras_plot",
    # history
    "HistoryDisplay": "history",
    "plot_history": "history",
    # metrics
    "precision_batchwise": "metrics",
    "recall_batchwise": "metrics",
    "f1_batchwise": "metrics",
    "r2_batchwise": "metrics",
    "BinaryPrecision": "metrics",
    "BinaryRecall": "metrics",
    "BinaryF1Score": "metrics",
    "R2Score": "metrics",
    "batchwise_f1_gap": "metrics",
    "BatchwiseF1Gap": "metrics",
    # explanations
    "Explanation": "explain",
    "ModelExplainer": "explain",
    "clear_explainer_cache": "explain",
    "explain_prediction": "explain",
    # interactive explorers (ipywidgets)
    "neuron_explorer": "widgets",
    "activation_explorer": "widgets",
    "architecture_builder": "widgets",
    "gradient_descent_explorer": "widgets",
    "training_playground": "widgets",
    "explanation_explorer": "widgets",
    # environment self-check (lesson 0)
    "environment_report": "selfcheck",
    "widget_check": "selfcheck",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'nnteach' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"nnteach.{module}"), name)
    globals()[name] = value  # cache: the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # for editors and type checkers only
    from .data import *  # noqa: F403
    from .diagram import *  # noqa: F403
    from .explain import *  # noqa: F403
    from .history import *  # noqa: F403
    from .keras_plot import *  # noqa: F403
    from .layers import *  # noqa: F403
    from .metrics import *  # noqa: F403
    from .models import *  # noqa: F403
    from .selfcheck import *  # noqa: F403
    from .widgets import *  # noqa: F403
