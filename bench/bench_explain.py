"""Benchmark: explaining one prediction of a breast-cancer-sized MLP (30-16-8-1).

nnteach's path (``explain_prediction``: DeepExplainer set up once per model and
kept) against the generic ``shap.Explainer(model.predict, X_background)`` that
tutorials use, which is timed on two instances only because each takes seconds.

Budgets: the first explanation of a model (explainer set-up included) within
1 s, each further instance of the same model within 100 ms.

Run it alone with ``.venv/bin/python bench/bench_explain.py``; ``bench/run.py``
calls :func:`run`.
"""

from __future__ import annotations

import functools
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOPIC = "explain"
N_FURTHER = 20  # instances timed after the first, nnteach path
BUDGET_FIRST_S = 1.0
BUDGET_FURTHER_S = 0.1


def _time(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _import_shap_seconds() -> float:
    """Seconds `import shap` takes once Keras is loaded (paid once per session)."""
    if "shap" not in sys.modules:
        from nnteach._keras import import_keras

        import_keras()  # TensorFlow's own import is not shap's
        seconds, _ = _time(lambda: __import__("shap"))
        return seconds
    code = (
        "import os, time; os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3'); import keras; "
        "t = time.perf_counter(); import shap; print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _cancer_model(seed: int):
    from sklearn.datasets import load_breast_cancer

    from nnteach._keras import import_keras

    keras = import_keras()
    data = load_breast_cancer()
    X = ((data.data - data.data.mean(0)) / data.data.std(0)).astype("float32")
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input((30,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile("adam", "binary_crossentropy")
    model.fit(X, data.target, epochs=5, batch_size=32, verbose=0)
    return model, X, list(data.feature_names)


def run() -> list[dict]:
    """Time nnteach's explanation path against shap's generic Explainer.

    Returns
    -------
    list of dict
        Rows with keys ``topic``, ``case``, ``nnteach_s``, ``naive_s`` and
        ``budget_s`` (``None`` where there is no budget).
    """
    import_s = _import_shap_seconds()
    import shap

    from nnteach.explain import ModelExplainer, clear_explainer_cache, explain_prediction

    model, X, names = _cancer_model(seed=0)
    clear_explainer_cache()

    # nnteach: the first explanation sets up DeepExplainer; later ones reuse it
    first_s, first = _time(lambda: explain_prediction(model, X, X[0], names))
    further = [
        _time(lambda i=i: explain_prediction(model, X, X[i], names))[0]
        for i in range(1, N_FURTHER + 1)
    ]
    if first.method != "deep" or first.additivity_error > 1e-4:
        raise RuntimeError(f"Expected an exact DeepExplainer explanation. Received:\n{first!r}")

    # a second model in the same session (what a lesson with several models pays)
    other, _, _ = _cancer_model(seed=1)
    other_s, _ = _time(lambda: explain_prediction(other, X, X[0], names))

    # the generic explainer on the same background, tutorial style
    background = ModelExplainer(model, X, names).background_
    predict = functools.partial(model.predict, verbose=0)  # no progress bar per call

    def naive_first():
        explainer = shap.Explainer(predict, background)
        return explainer, explainer(X[:1], silent=True)

    naive_first_s, (explainer, _) = _time(naive_first)
    naive_further_s, _ = _time(lambda: explainer(X[1:2], silent=True))

    return [
        {
            "topic": TOPIC,
            "case": "first explanation of a model (set-up included; shap imported)",
            "nnteach_s": first_s,
            "naive_s": naive_first_s,
            "budget_s": BUDGET_FIRST_S,
        },
        {
            "topic": TOPIC,
            "case": f"further instance, same model (median of {N_FURTHER}; naive: 1)",
            "nnteach_s": statistics.median(further),
            "naive_s": naive_further_s,
            "budget_s": BUDGET_FURTHER_S,
        },
        {
            "topic": TOPIC,
            "case": "first explanation of a second model, same session",
            "nnteach_s": other_s,
            "naive_s": None,
            "budget_s": BUDGET_FIRST_S,
        },
        {
            "topic": TOPIC,
            "case": "import shap (once per session, both paths)",
            "nnteach_s": import_s,
            "naive_s": import_s,
            "budget_s": None,
        },
    ]


def _show(value) -> str:
    return "-" if value is None else f"{value:.4f}"


if __name__ == "__main__":
    rows = run()
    print(f"{'case':<66} {'nnteach_s':>10} {'naive_s':>10} {'budget_s':>9}")
    for row in rows:
        print(
            f"{row['case']:<66} {_show(row['nnteach_s']):>10} {_show(row['naive_s']):>10} "
            f"{_show(row['budget_s']):>9}"
        )
