"""Where shap and TensorFlow need help: each shim, why, and what it changes.

Kept apart from the explainer so that each work-around can be read, tested
and dropped on its own when shap or TensorFlow change. Each one checks that
the internals it touches look as expected and otherwise changes nothing.

- :func:`single_output_model`: shap's Deep and Gradient explainers expect a
  Functional model with ``inputs``, a last layer with one call and an output
  of shape (batch, 1); the student's model (Sequential, softmax over classes,
  an output of shape (batch,)) is wrapped into one.
- :func:`trace_without_autograph`: DeepExplainer's first call spends most of
  its time in AutoGraph rewriting shap's own source (shap 0.46+ with
  TensorFlow 2.16+); the same graph is traced as plain Python, 5x faster.
- :func:`gradient_recorder_guard`: DeepExplainer swaps TensorFlow's eager
  gradient recorder and only swaps it back on success; after a failure every
  later gradient of the session (``model.fit`` too) would fail.
- :func:`explainer_errors`: the exceptions that mean "this explainer cannot
  handle this model" (shap validates with ``assert``), so that
  ``method="auto"`` falls back on those and lets real bugs through.
- :class:`quiet_shap`: silences shap's known, harmless warnings.
- :func:`import_shap`, :func:`import_keras`: heavy imports, done on first use
  and in the order that keeps TensorFlow's start-up logs quiet.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = [
    "explainer_errors",
    "gradient_recorder_guard",
    "import_keras",
    "import_shap",
    "quiet_shap",
    "single_output_model",
    "trace_without_autograph",
]


def single_output_model(model: Any, n_features: int, k: int, n_outputs: int) -> Any:
    """``model`` with only output unit ``k`` kept, as a Functional model.

    The fresh input (taken as a one-element list, the structure shap passes)
    and the final ``Lambda`` layer give shap what it expects from every model:
    ``inputs``, a last layer with one call, and an output of shape (batch, 1).
    """
    keras = import_keras()

    def select(t: Any) -> Any:
        if n_outputs == 1 and len(t.shape) == 1:
            return keras.ops.reshape(t, (-1, 1))
        return t[:, k : k + 1]

    inp = keras.Input(shape=(n_features,), dtype="float32")
    out = keras.layers.Lambda(select, output_shape=(1,))(model(inp))
    return keras.Model([inp], out)


def trace_without_autograph(explainer: Any) -> bool:
    """Make DeepExplainer's first call 5x faster: trace its graph without AutoGraph.

    shap wraps its attribution graph in ``tf.function`` with AutoGraph on, and
    AutoGraph rewrites shap's own Python source (the graph walk in
    ``_init_between_tensors``) on the first call: about 0.35 s of the 0.4 s that
    call takes on a 2-core CPU. That code has no tensor-dependent ``if`` or
    ``for``, so tracing it as plain Python gives the same graph (and the same
    values) in about 0.06 s. This rebuilds shap's ``grad_graph`` (shap 0.46+
    with TensorFlow 2.16+, ``deep_tf.py``) with ``autograph=False``; when shap's
    internals look different, it changes nothing and shap's own graph is used.
    """
    import tensorflow as tf

    inner = getattr(explainer, "explainer", None)
    needed = ("phi_symbolics", "_init_between_tensors", "model", "multi_output")
    if inner is None or not all(hasattr(inner, name) for name in needed):
        return False
    if len(inner.phi_symbolics) != 1 or inner.phi_symbolics[0] is not None:
        return False
    model, multi_output = inner.model, inner.multi_output

    def grad_graph(shap_rAnD: Any) -> Any:
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(shap_rAnD)
            out = model(shap_rAnD, training=False)
            if multi_output:
                out = out[:, 0]
        inner._init_between_tensors(out.op, shap_rAnD)
        return tape.gradient(out, shap_rAnD)

    inner.phi_symbolics[0] = tf.function(grad_graph, autograph=False)
    return True


def gradient_recorder_guard() -> Any:
    """Return a function that puts TensorFlow's eager gradient recorder back.

    DeepExplainer swaps ``tensorflow.python.eager.execute.record_gradient`` for
    its own while it runs and only swaps it back when the run succeeds. After a
    failure, every later gradient in the session (GradientExplainer's, and
    ``model.fit``'s) would look for ``shap_``-prefixed ops and fail with
    "gradient registry has no entry for: shap_StridedSlice".
    """
    try:
        from tensorflow.python.eager import execute
    except ImportError:  # pragma: no cover - TensorFlow moved it; nothing to guard
        return lambda: None
    original = execute.record_gradient

    def restore() -> None:
        execute.record_gradient = original

    return restore


def explainer_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "this explainer cannot handle this model".

    shap checks its inputs with ``assert`` (hence ``AssertionError``), walks the
    model graph (``AttributeError``, ``KeyError``) and runs TensorFlow ops
    (``tf.errors.OpError``, or AutoGraph's ``StagingError`` around any of
    these). Anything else is a real bug and propagates.
    """
    import tensorflow as tf
    from shap.utils._exceptions import DimensionError, ExplainerError

    errors = (
        AssertionError,
        AttributeError,
        LookupError,
        NotImplementedError,
        TypeError,
        ValueError,
        DimensionError,
        ExplainerError,
        tf.errors.OpError,
    )
    try:  # AutoGraph re-raises an error inside a traced function as StagingError
        from tensorflow.python.autograph.impl.api import StagingError
    except ImportError:  # pragma: no cover - TensorFlow moved it
        return errors
    return (*errors, StagingError)


class quiet_shap(warnings.catch_warnings):  # noqa: N801 - used like a function
    """Silence shap's known, harmless warnings (TensorFlow > 2.4, Keras input structure)."""

    def __enter__(self) -> Any:
        result = super().__enter__()
        warnings.filterwarnings("ignore", message=r".*TensorFlow version is newer than 2\.4")
        warnings.filterwarnings("ignore", message=r".*structure of `inputs` doesn't match")
        return result


def import_keras() -> Any:
    """Keras, with TensorFlow's log level set first (``nnteach._keras``)."""
    from .._keras import import_keras as _import_keras

    return _import_keras()


def import_shap() -> Any:
    """shap, imported after Keras; a clear message when it is missing."""
    import_keras()  # quiet TensorFlow's logs before shap imports it
    try:
        import shap
    except ImportError as exc:  # pragma: no cover - shap is a dependency
        raise ImportError(
            "explain_prediction needs the `shap` package, a dependency of nnteach. "
            "Install it into the course environment with `pip install shap`."
        ) from exc
    return shap
