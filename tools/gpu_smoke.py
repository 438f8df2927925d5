"""Optional GPU smoke test: nnteach's models and metrics on an accelerator.

The course never needs a GPU. When one is available, this script checks that
the model builders, the step activation and the dataset-level metrics work
there too, using whichever Keras backend is installed (``KERAS_BACKEND``),
and that the metrics still equal scikit-learn's on GPU-computed predictions.

Usage: ``KERAS_BACKEND=jax python tools/gpu_smoke.py`` (prints a report;
exit status 1 if a check fails).
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    import keras
    import numpy as np
    from sklearn.metrics import f1_score, precision_score, r2_score, recall_score

    import nnteach

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        devices = [str(d) for d in jax.devices()]
    elif backend == "tensorflow":
        import tensorflow as tf

        devices = [d.name for d in tf.config.list_physical_devices()]
    else:
        devices = ["(not listed for this backend)"]
    print(f"Keras {keras.__version__}, backend {backend}, devices {devices}")

    failures = []

    def expect(label: str, ok: bool) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {label}")
        if not ok:
            failures.append(label)

    keras.utils.set_random_seed(0)
    data = nnteach.load_breast_cancer()
    split = nnteach.train_val_test_split(data.X, data.y, seed=0)
    X_train, X_val, X_test = nnteach.standardize(split.X_train, split.X_val, split.X_test)

    for api in ("sequential", "functional"):
        model = nnteach.build_deep_network(data.n_features, (16, 8), dropout=0.2, api=api)
        model.compile(
            optimizer="adam",
            loss="binary_crossentropy",
            metrics=[nnteach.BinaryPrecision(), nnteach.BinaryRecall(), nnteach.BinaryF1Score()],
        )
        start = time.perf_counter()
        model.fit(X_train, split.y_train, epochs=20, batch_size=64, verbose=0)
        seconds = time.perf_counter() - start
        scores = model.evaluate(X_test, split.y_test, batch_size=16, verbose=0, return_dict=True)
        y_pred = (np.asarray(model.predict(X_test, verbose=0)).ravel() > 0.5).astype(int)
        ref = {
            "precision": precision_score(split.y_test, y_pred, zero_division=0),
            "recall": recall_score(split.y_test, y_pred, zero_division=0),
            "f1": f1_score(split.y_test, y_pred, zero_division=0),
        }
        print(f"  {api}: 20 epochs in {seconds:.2f} s, test F1 {scores['f1']:.3f}")
        for name, value in ref.items():
            expect(f"{api} {name} equals scikit-learn's", abs(scores[name] - value) < 1e-5)

    reg = nnteach.load_diabetes()
    Xr = nnteach.standardize(reg.X)
    model = nnteach.build_deep_network(reg.n_features, (16,), task="regression")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", metrics=[nnteach.R2Score()])
    model.fit(Xr, reg.y, epochs=30, batch_size=64, verbose=0)
    r2 = model.evaluate(Xr, reg.y, batch_size=50, verbose=0, return_dict=True)["r2"]
    pred = np.asarray(model.predict(Xr, verbose=0)).ravel()
    expect("R2Score equals scikit-learn's r2_score", abs(r2 - r2_score(reg.y, pred)) < 1e-4)

    step = nnteach.build_perceptron(3, activation="step", api="functional")
    out = np.asarray(step.predict(np.random.default_rng(0).normal(size=(8, 3)), verbose=0))
    expect("step_activation inside a Functional model gives 0/1", set(np.unique(out)) <= {0.0, 1.0})

    print("all checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
