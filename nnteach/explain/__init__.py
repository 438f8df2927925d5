"""SHAP explanations of single predictions of a Keras model.

Introduced in lesson 6 (explaining predictions).

:func:`explain_prediction` answers "why did the network predict *this* for *this*
instance?" with SHAP values: one number per feature, saying how far that
feature's value pushed the prediction away from the model's average prediction
(the *base value*). They add up::

    base value + sum of the SHAP values = prediction

The work is done by `shap <https://shap.readthedocs.io>`_. This module picks an
explainer that is fast for a small Keras network, keeps it so that the next
instance of the same model is explained in milliseconds, and draws the result.

``method="auto"`` tries, in order:

1. ``shap.DeepExplainer`` (DeepLIFT with a background sample): after a one-off
   graph trace of a few tenths of a second, each instance takes milliseconds and
   the SHAP values add up to the prediction exactly.
2. ``shap.GradientExplainer`` (expected gradients), when the model holds an
   operation DeepExplainer does not support: milliseconds too, but additivity is
   only approximate (an error of about 0.01 is usual).
3. ``shap.KernelExplainer`` (model-agnostic), when both fail: slower (tenths of
   a second per instance with 30 features) but works for any function.

The model-agnostic ``shap.Explainer(model.predict, X)`` is not used: it takes
about ten seconds per instance.

The package, one concern per module:

- ``_explanation``: :class:`Explanation`, the result, its text and plots
  (``_format`` writes its numbers, ``_label_layout`` keeps the bar labels
  inside the axes);
- ``_explainer``: :class:`ModelExplainer`, the choice of shap explainer and its
  reuse; ``_cache``: :func:`explain_prediction` and the explainers it keeps;
- ``_inputs``: validation of data, names, instances and models;
- ``_shap_compat``: the work-arounds for shap and TensorFlow, each documented.

Bars and steps that raise the prediction are blue, those that lower it
vermillion (:mod:`nnteach.style`), the colours of positive and negative
weights in the network diagrams.

Importing this package loads NumPy only; Keras, shap and matplotlib are
imported on first use.
"""

from __future__ import annotations

from ._cache import clear_explainer_cache, explain_prediction
from ._explainer import ModelExplainer
from ._explanation import Explanation

__all__ = [
    "Explanation",
    "ModelExplainer",
    "clear_explainer_cache",
    "explain_prediction",
]
