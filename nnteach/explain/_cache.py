"""explain_prediction: one call explains a prediction, reusing a kept ModelExplainer.

Introduced in lesson 6 (explaining predictions).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from .._validation import check_int
from ._explainer import ModelExplainer
from ._explanation import Explanation
from ._inputs import check_settings

__all__ = ["clear_explainer_cache", "explain_prediction"]

_CACHE_SIZE = 8  # ModelExplainers kept by explain_prediction

# (id(model), settings fingerprint) -> (weak reference to the model, ModelExplainer).
# A WeakKeyDictionary keyed by the model would never drop an entry: the
# explainer (and shap's traced graph) holds the model strongly. A small LRU
# bounds what is kept instead; the weak reference guards against a recycled id.
_CACHE: OrderedDict[tuple[int, tuple], tuple[weakref.ref, ModelExplainer]] = OrderedDict()


def _cached_explainer(
    model: Any, X_train: Any, feature_names: Sequence[str] | None, **settings: Any
) -> ModelExplainer:
    """The :class:`ModelExplainer` of these arguments, from the cache or new.

    ``settings`` are its keywords ``task``, ``background_size``, ``seed`` and ``method``.
    """
    _, _, fingerprint = check_settings(X_train, feature_names, **settings)
    key = (id(model), fingerprint)
    entry = _CACHE.get(key)
    if entry is not None and entry[0]() is model:
        _CACHE.move_to_end(key)
        return entry[1]
    explainer = ModelExplainer(model, X_train, feature_names, **settings)
    _CACHE[key] = (weakref.ref(model), explainer)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return explainer


def clear_explainer_cache() -> None:
    """Forget the explainers :func:`explain_prediction` keeps (frees their models).

    Examples
    --------
    >>> from nnteach.explain import clear_explainer_cache
    >>> clear_explainer_cache()
    """
    _CACHE.clear()


def explain_prediction(
    model: Any,
    X_train: Any,
    x: Any,
    feature_names: Sequence[str] | None = None,
    *,
    task: str = "classification",
    top: int = 10,
    background_size: int = 100,
    seed: int = 0,
    method: str = "auto",
    class_index: int | None = None,
    display_x: Any = None,
) -> Explanation:
    """Explain one prediction of a Keras model with SHAP values.

    Introduced in lesson 6 (explaining predictions).

    The SHAP value of a feature is how much its value moved the prediction away
    from the *base value*, the model's average output over a background sample
    of ``X_train``; ``base value + sum(values) = prediction``.

    The shap explainer is set up on the first call for a model (a few tenths
    of a second) and kept, so later calls with the same model, ``X_train`` and
    settings take milliseconds. If the model's weights change (more training),
    the base value is recomputed.

    Parameters
    ----------
    model : keras.Model
        A trained model with one input and one output: one sigmoid unit (the
        probability of class 1 is explained), a softmax layer (the probability
        of the predicted class, or of ``class_index``), or one linear unit
        (regression).
    X_train : array-like of shape (n_samples, n_features)
        The training data the model was fitted on (after scaling).
    x : array-like of shape (n_features,) or (1, n_features)
        The instance to explain, scaled like ``X_train``.
    feature_names : sequence of str, optional
        One name per feature; default ``x0, x1, ...``.
    task : {"classification", "regression"}, default="classification"
    top : int, default=10
        How many features the text summary and :meth:`Explanation.plot` show.
    background_size : int, default=100
        Random rows of ``X_train`` the base value averages over.
    seed : int, default=0
        Seed for drawing the background rows.
    method : {"auto", "deep", "gradient", "kernel"}, default="auto"
        Which shap explainer; ``"auto"`` tries DeepExplainer (exact, fast),
        then GradientExplainer, then KernelExplainer, and records why in
        ``Explanation.fallback_reason``.
    class_index : int, optional
        Softmax classifiers only: the class to explain (default: the predicted one).
    display_x : array-like of shape (n_features,), optional
        The same instance in the units to print in labels, e.g. before
        scaling (``X_test_raw[0]``); default: ``x`` itself.

    Returns
    -------
    Explanation
        ``values``, ``base_value``, ``prediction``, ``feature_names``, ``data``,
        ``method`` and ``task``; ``top_features(n)``, ``additivity_error`` and
        ``plot(kind="bar" | "waterfall")``.

    See Also
    --------
    ModelExplainer : the explainer to hold when explaining many instances.

    Examples
    --------
    >>> import nnteach
    >>> explanation = nnteach.explain_prediction(  # doctest: +SKIP
    ...     model, X_train, X_test[0], feature_names, task="classification", top=8)
    >>> explanation  # doctest: +SKIP
    Explanation of one prediction (task='classification', method='deep')
      prediction P(class 1): 0.9731
      ...
    >>> explanation.plot(kind="waterfall")  # doctest: +SKIP
    """
    check_int("top", top, minimum=1)
    settings = {"task": task, "background_size": background_size, "seed": seed, "method": method}
    explainer = _cached_explainer(model, X_train, feature_names, **settings)
    return explainer.explain(x, class_index=class_index, top=top, display_x=display_x)
