"""ModelExplainer: one Keras model, its background sample and its shap explainers.

Introduced in lesson 6 (explaining predictions). ``method="auto"`` tries
DeepExplainer, then GradientExplainer, then KernelExplainer (see
:mod:`nnteach.explain`); the explainer of each output is kept and reused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validation import check_int
from ._explanation import Explanation
from ._inputs import EXPLAINERS, check_display, check_instance, check_model, check_settings
from ._shap_compat import (
    explainer_errors,
    gradient_recorder_guard,
    import_shap,
    quiet_shap,
    single_output_model,
    trace_without_autograph,
)

__all__ = ["ModelExplainer"]

_SHAP_CLASS = {
    "deep": "DeepExplainer",
    "gradient": "GradientExplainer",
    "kernel": "KernelExplainer",
}
_GRADIENT_NSAMPLES = 200  # shap's default: additivity error about 0.01
_KERNEL_BACKGROUND = 20  # KernelExplainer's cost grows with the background size
_KERNEL_NSAMPLES = 512  # coalitions per instance (shap's "auto" is 2 * n + 2048)
_PREDICT_BATCH = 65_536  # rows per model call when KernelExplainer asks for many


class _AdditivityError(ValueError):
    """DeepExplainer ran but its values do not add up: an unsupported operation."""


class ModelExplainer:
    """A SHAP explainer for one Keras model, reused for every instance.

    Holding one ``ModelExplainer`` (as a widget does) explains each further
    instance in milliseconds; :func:`explain_prediction` keeps one per model for
    you. Introduced in lesson 6 (explaining predictions).

    Parameters
    ----------
    model : keras.Model
        A trained model with one input (a table of features) and one output:
        one sigmoid unit (explained: the probability of class 1), a softmax
        layer (explained: the probability of one class, see ``class_index`` in
        :meth:`explain`) or one linear unit for regression.
    X_train : array-like of shape (n_samples, n_features)
        Training data, as given to ``model.fit``; a random sample of
        ``background_size`` rows is the background the base value averages over.
    feature_names : sequence of str, optional
        One name per column of ``X_train``; default ``x0, x1, ...`` (or the
        columns of a pandas DataFrame).
    task : {"classification", "regression"}, default="classification"
    background_size : int, default=100
        Rows of ``X_train`` in the background sample. More rows give a steadier
        base value; each instance costs time proportional to it.
    seed : int, default=0
        Seed for drawing the background sample (and GradientExplainer's and
        KernelExplainer's sampling).
    method : {"auto", "deep", "gradient", "kernel"}, default="auto"
        ``"auto"`` uses DeepExplainer and falls back to GradientExplainer, then
        KernelExplainer, when the model has an operation the former cannot
        handle. Any other value uses that explainer only.

    Attributes
    ----------
    background_ : ndarray of shape (n_background, n_features)
        The background sample.
    method_ : str or None
        The explainer used for the latest explanation (``None`` before the first).
    fallback_reason_ : str or None
        Why ``method="auto"`` did not use DeepExplainer, if it did not.
    n_outputs_ : int
        Number of output units of the model.

    Examples
    --------
    >>> from nnteach.explain import ModelExplainer
    >>> explainer = ModelExplainer(model, X_train, feature_names)  # doctest: +SKIP
    >>> first = explainer.explain(X_test[0])  # sets up shap (tenths of a s)  # doctest: +SKIP
    >>> explainer.explain(X_test[1]).top_features(3)  # milliseconds  # doctest: +SKIP
    [('worst area', 0.081), ('worst concave points', 0.052), ('mean texture', -0.031)]
    """

    def __init__(
        self,
        model: Any,
        X_train: Any,
        feature_names: Sequence[str] | None = None,
        *,
        task: str = "classification",
        background_size: int = 100,
        seed: int = 0,
        method: str = "auto",
    ) -> None:
        settings = check_settings(X_train, feature_names, task, background_size, seed, method)
        self.background_, self.feature_names, self._fingerprint = settings
        self.task, self.seed, self.method = task, seed, method
        self.background_size = background_size
        self.model = model
        self.n_outputs_, self.output_names_ = check_model(model, self.background_, task)
        self.method_: str | None = None
        self.fallback_reason_: str | None = None
        # output index -> (shap explainer, method, fallback reason, base value)
        self._explainers: dict[int, tuple[Any, str, str | None, float]] = {}
        self._weights_digest = _weights_digest(model)
        self._background_mean = self._outputs(self.background_).mean(axis=0)

    @property
    def n_features(self) -> int:
        """Number of input features."""
        return self.background_.shape[1]

    def __repr__(self) -> str:
        return (
            f"ModelExplainer(model={getattr(self.model, 'name', type(self.model).__name__)!r}, "
            f"n_features={self.n_features}, background={len(self.background_)} rows, "
            f"task={self.task!r}, method={self.method!r}, method_={self.method_!r})"
        )

    # ---- public ------------------------------------------------------------ #

    def explain(
        self,
        x: Any,
        *,
        class_index: int | None = None,
        top: int = 10,
        display_x: Any = None,
    ) -> Explanation:
        """Explain the model's prediction for one instance.

        Parameters
        ----------
        x : array-like of shape (n_features,) or (1, n_features)
            The instance, scaled like ``X_train``.
        class_index : int, optional
            Softmax classifiers only: the class whose probability is explained.
            Default: the predicted class (largest probability). Each new class
            costs one graph trace (a few tenths of a second) the first time.
        top : int, default=10
            How many features the text summary and plots show by default.
        display_x : array-like of shape (n_features,), optional
            The same instance in the units to print, e.g. before scaling;
            stored as ``Explanation.display_data``.

        Returns
        -------
        Explanation

        Examples
        --------
        >>> explainer.explain(X_test[0], top=5).plot(kind="waterfall")  # doctest: +SKIP
        """
        check_int("top", top, minimum=1)
        row = check_instance(x, self.n_features)
        shown = None if display_x is None else check_display(display_x, self.n_features)
        digest = _weights_digest(self.model)
        if digest != self._weights_digest:  # trained further since the last call
            self._refresh(digest)
        outputs = self._outputs(row)[0]
        k = self._output_index(class_index, outputs)
        if k not in self._explainers:
            self._explainers[k] = self._build(k, row)
        explainer, method, reason, base = self._explainers[k]
        values = self._shap_values(explainer, method, row)
        self.method_, self.fallback_reason_ = method, reason
        return Explanation(
            values,
            base,
            outputs[k],
            self.feature_names,
            row[0],
            method=method,
            task=self.task,
            output_name=self.output_names_[k],
            class_index=k if self.n_outputs_ > 1 else None,
            top=top,
            fallback_reason=reason,
            display_data=shown,
        )

    # ---- model calls ------------------------------------------------------- #

    def _outputs(self, X: np.ndarray) -> np.ndarray:
        """Model outputs, shape (n, n_outputs), in batches for large X."""
        from keras import ops

        parts = [
            ops.convert_to_numpy(self.model(X[i : i + _PREDICT_BATCH], training=False))
            for i in range(0, len(X), _PREDICT_BATCH)
        ]
        return np.concatenate(parts).reshape(len(X), -1).astype(float)

    def _output_index(self, class_index: int | None, outputs: np.ndarray) -> int:
        if self.n_outputs_ == 1:
            if class_index is not None:
                raise ValueError(
                    f"Invalid value for argument `class_index`. The model has one output "
                    f"unit ({self.output_names_[0]}), so there is no class to choose. "
                    f"Received: class_index={class_index!r}. Leave class_index=None."
                )
            return 0
        if class_index is None:
            return int(np.argmax(outputs))
        return check_int(
            "class_index",
            class_index,
            minimum=0,
            maximum=self.n_outputs_ - 1,
            hint=f"The model has {self.n_outputs_} output units, one per class.",
        )

    def _refresh(self, digest: str) -> None:
        """The weights changed: new base values; KernelExplainer rebuilds.

        DeepExplainer's and GradientExplainer's traced graphs read the model's
        variables, so only the average over the background needs recomputing.
        KernelExplainer stores the average output itself, so it is rebuilt.
        """
        self._weights_digest = digest
        self._background_mean = self._outputs(self.background_).mean(axis=0)
        for k, (explainer, method, reason, _) in list(self._explainers.items()):
            if method == "kernel":
                del self._explainers[k]
            else:
                self._explainers[k] = (explainer, method, reason, self._background_mean[k])

    # ---- explainer set-up -------------------------------------------------- #

    def _build(self, k: int, row: np.ndarray) -> tuple[Any, str, str | None, float]:
        """Set up a shap explainer for output ``k``, checked on ``row``."""
        errors = explainer_errors()
        candidates = EXPLAINERS if self.method == "auto" else (self.method,)
        reasons = []
        for method in candidates:
            try:
                explainer, base = self._make(method, k)
                # the first call traces the graph; check it adds up before trusting it
                values = self._shap_values(explainer, method, row)
                if method == "deep":
                    prediction = self._outputs(row)[0, k]
                    error = abs(base + values.sum() - prediction)
                    scale = max(1.0, abs(prediction), abs(base), float(np.abs(values).sum()))
                    if error > 1e-4 * scale:  # float32 rounding stays below 1e-6 * scale
                        raise _AdditivityError(
                            f"its SHAP values do not add up to the prediction (error "
                            f"{error:.2g}), so the model has an operation it does not handle"
                        )
            except errors as exc:
                if self.method != "auto":
                    raise RuntimeError(
                        f"shap.{_SHAP_CLASS[method]} could not explain this model: "
                        f"{_describe_error(exc)}. Use method='auto' to fall back to "
                        "another explainer automatically."
                    ) from exc
                reasons.append(f"{_SHAP_CLASS[method]} failed ({_describe_error(exc)})")
                continue
            reason = None
            if reasons:
                reason = "; ".join(reasons) + f"; used {_SHAP_CLASS[method]} instead."
            return explainer, method, reason, base
        raise RuntimeError(
            "No shap explainer could explain this model: " + "; ".join(reasons) + ". Check that "
            "the model takes one table of features and returns one output vector."
        )

    def _make(self, method: str, k: int) -> tuple[Any, float]:
        """A shap explainer of output ``k`` and the base value that goes with it."""
        shap = import_shap()
        if method == "kernel":
            rng = np.random.default_rng(self.seed)
            size = min(_KERNEL_BACKGROUND, len(self.background_))
            background = self.background_[np.sort(rng.choice(len(self.background_), size, False))]

            def predict(X: np.ndarray) -> np.ndarray:
                return self._outputs(np.asarray(X, dtype=self.background_.dtype))[:, k]

            with quiet_shap():
                explainer = shap.KernelExplainer(predict, background)
            return explainer, float(np.asarray(explainer.expected_value).reshape(-1)[0])
        wrapped = single_output_model(self.model, self.n_features, k, self.n_outputs_)
        with quiet_shap():
            if method == "deep":
                explainer = shap.DeepExplainer(wrapped, self.background_)
                trace_without_autograph(explainer)
            else:
                explainer = shap.GradientExplainer(wrapped, self.background_)
        return explainer, float(self._background_mean[k])

    def _shap_values(self, explainer: Any, method: str, row: np.ndarray) -> np.ndarray:
        # GradientExplainer and KernelExplainer sample with NumPy's global
        # generator (and reseed it): keep the student's random state as it was.
        state = np.random.get_state()  # noqa: NPY002 - shap uses the legacy global generator
        restore_gradients = gradient_recorder_guard() if method == "deep" else None
        try:
            with quiet_shap():
                if method == "deep":
                    values = explainer.shap_values(row, check_additivity=False)
                elif method == "gradient":
                    values = explainer.shap_values(
                        row, nsamples=_GRADIENT_NSAMPLES, rseed=self.seed
                    )
                else:
                    np.random.seed(self.seed)  # noqa: NPY002 - shap samples from it
                    values = explainer.shap_values(
                        row, nsamples=_KERNEL_NSAMPLES, l1_reg=False, silent=True
                    )
        finally:
            np.random.set_state(state)  # noqa: NPY002
            if restore_gradients is not None:
                restore_gradients()
        return np.asarray(values, dtype=float).reshape(-1)[: self.n_features]


def _weights_digest(model: Any) -> str:
    """A short fingerprint of the model's weights, to notice further training."""
    h = hashlib.blake2b(digest_size=16)
    for w in model.get_weights():
        h.update(np.ascontiguousarray(w).tobytes())
    return h.hexdigest()


def _describe_error(exc: BaseException, limit: int = 160) -> str:
    """One line: the exception's type and the start of its message."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    if isinstance(exc, _AdditivityError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
