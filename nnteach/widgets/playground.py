"""Training playground: train a small network on a 2-D data set and watch it learn.

Introduced in lesson 2 (deep networks); used again in lesson 5 (training and testing).
"""

from __future__ import annotations

import atexit
import math
import sys
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from .. import style
from .._validation import check_choice, check_int, check_number, check_type
from ._activations import TRAINABLE_ACTIVATIONS
from ._base import Explorer, FigureImage, control

__all__ = [
    "PlaygroundResult",
    "TrainingPlayground",
    "playground_data",
    "train_playground",
    "training_playground",
]

DATASETS = ("moons", "circles", "linear")
BATCH_SIZES = (8, 16, 32, 64, 128, 256)
_GRID = 60  # cells per side of the decision-boundary image
_CLASS_COLORS = style.CLASS_COLOURS  # class 0 / class 1
_LIVE_EVERY_S = 0.35  # redraw the curves at most this often while training
_EXIT_WAIT_S = 10.0  # at interpreter exit, wait at most this long for the threads

# Playgrounds whose warm-up or training thread may still run (see _stop_threads_at_exit).
_LIVE_PLAYGROUNDS: weakref.WeakSet[TrainingPlayground] = weakref.WeakSet()


def _stop_threads_at_exit() -> None:
    """Stop the playgrounds' threads and wait for them, before the interpreter shuts down.

    The warm-up and training threads are daemon threads, so that they never
    keep a notebook kernel alive. But a daemon thread still running inside
    TensorFlow when the interpreter finalizes is killed when it next asks for
    the GIL, and the unwinding of TensorFlow's C++ frames then aborts the
    process ("terminate called after throwing an instance of ... FATAL:
    exception not rethrown"), e.g. when a kernel is shut down a moment after
    a lesson created its playground, while the warm-up traces. atexit
    handlers run while the interpreter is still whole (daemon threads run
    normally), so this handler asks the threads to stop (a training run ends
    after its current epoch, a warm-up skips the steps not begun) and joins
    them, for at most ``_EXIT_WAIT_S`` seconds in all (an import of TensorFlow
    in progress cannot be interrupted and may take that long on a busy
    machine); Jupyter kills a kernel that takes longer than that to exit anyway.
    """
    deadline = time.monotonic() + _EXIT_WAIT_S
    playgrounds = list(_LIVE_PLAYGROUNDS)
    for playground in playgrounds:
        playground._stopping.set()
    for playground in playgrounds:
        for thread in (playground._warm_up_thread, playground._thread):
            if thread is not None and thread.is_alive():
                thread.join(max(deadline - time.monotonic(), 0.0))


def _start_thread(playground: TrainingPlayground, thread: threading.Thread) -> None:
    """Start a playground's thread, with :func:`_stop_threads_at_exit` registered."""
    _LIVE_PLAYGROUNDS.add(playground)
    # atexit runs the handlers registered last first: registered again here
    # (after the kernel's and TensorFlow's own), it runs before those tear
    # anything down.
    atexit.unregister(_stop_threads_at_exit)
    atexit.register(_stop_threads_at_exit)
    thread.start()


def playground_data(
    dataset: str = "moons", n_samples: int = 200, *, noise: float = 0.2, seed: int = 0
) -> Any:
    """The 2-D data set the playground trains on.

    Parameters
    ----------
    dataset : {"moons", "circles", "linear"}, default="moons"
        ``nnteach.make_moons``, ``nnteach.make_circles`` (inner radius 0.5)
        or ``nnteach.make_linear_classification``.
    n_samples : int, default=200
        Number of points (at least 10).
    noise : float, default=0.2
        Noise of the moons and circles (the linear data ignore it).
    seed : int, default=0

    Returns
    -------
    nnteach.data.Dataset

    Examples
    --------
    >>> from nnteach.widgets import playground_data
    >>> data = playground_data("circles", 100)
    >>> data.X.shape, data.name
    ((100, 2), 'circles')
    """
    from .. import data as datasets

    check_choice("dataset", dataset, DATASETS)
    n_samples = check_int(
        "n_samples", n_samples, minimum=10, hint="An empty or tiny data set cannot be learned."
    )
    noise = check_number("noise", noise, minimum=0)
    if dataset == "moons":
        return datasets.make_moons(n_samples, noise=noise, seed=seed)
    if dataset == "circles":
        return datasets.make_circles(n_samples, noise=noise, seed=seed)
    return datasets.make_linear_classification(n_samples, seed=seed)


class PlaygroundResult(NamedTuple):
    """Result of :func:`train_playground`."""

    model: Any
    history: dict[str, list[float]]
    seconds: float


def _check_training(
    n_samples: int,
    hidden_layers: int,
    hidden_units: int,
    activation: str,
    learning_rate: float,
    batch_size: int,
    epochs: int,
) -> None:
    if n_samples < 2:
        raise ValueError(
            f"The data set has {n_samples} samples: there is nothing to train on. "
            "Choose more samples."
        )
    check_int("hidden_layers", hidden_layers, minimum=1, maximum=4)
    check_int("hidden_units", hidden_units, minimum=1, hint="A layer needs at least 1 unit.")
    check_choice("activation", activation, TRAINABLE_ACTIVATIONS)
    check_number(
        "learning_rate",
        learning_rate,
        minimum=0,
        strict_minimum=True,
        hint="With a learning rate of 0 the weights never move; try 0.01.",
    )
    check_int("batch_size", batch_size, minimum=1)
    check_int("epochs", epochs, minimum=1, hint="Train for at least 1 epoch.")


def _reset(model: Any, learning_rate: float) -> None:
    """Put a cached model back to its initial weights and a fresh optimizer.

    Keras's random initializers hold an integer seed drawn when the layer was
    made, so calling them again gives exactly the first initial weights.
    """
    from keras import ops

    for layer in model.layers:
        for name in ("kernel", "bias"):
            variable = getattr(layer, name, None)
            if variable is not None:
                initializer = getattr(layer, f"{name}_initializer")
                variable.assign(initializer(variable.shape, dtype=variable.dtype))
    optimizer = model.optimizer
    for variable in optimizer.variables:
        variable.assign(ops.zeros(variable.shape, dtype=variable.dtype))
    optimizer.learning_rate = learning_rate


def train_playground(
    X: Any,
    y: Any,
    *,
    hidden_layers: int = 2,
    hidden_units: int = 8,
    activation: str = "relu",
    learning_rate: float = 0.03,
    batch_size: int = 32,
    epochs: int = 40,
    seed: int = 0,
    callbacks: Sequence[Any] = (),
    cache: dict | None = None,
) -> PlaygroundResult:
    """Build and train the playground's network (the plain function behind the Train button).

    The network of ``build_deep_network(n_features, (hidden_units,) *
    hidden_layers, activation=..., seed=101 * seed)`` (one sigmoid output),
    compiled with Adam and binary cross-entropy, trained with
    ``model.fit``. With data this small the time goes into overhead, not
    arithmetic, so:

    - the data go through one repeated ``tf.data`` pipeline (no new iterator
      per epoch, which costs more than an epoch's arithmetic);
    - with a ``cache`` dict, a network of the same shape is reused: its
      weights and optimizer are reset instead of building and tracing a new
      training graph (the slow part of a first ``fit``, about a second).

    The initial weights are seeded from ``seed`` alone. The shuffling is
    seeded from ``seed`` and, as every seeded ``tf.data`` operation is, from
    TensorFlow's global seed (what ``keras.utils.set_random_seed`` sets): the
    same settings give the same run, cached or not, as long as the notebook's
    global seed is the same. No global random state is changed.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0/1.
    hidden_layers : int, default=2
        1 to 4 hidden layers ...
    hidden_units : int, default=8
        ... of this many units each.
    activation : str, default="relu"
    learning_rate : float, default=0.03
        Adam's learning rate (> 0).
    batch_size : int, default=32
    epochs : int, default=40
    seed : int, default=0
    callbacks : sequence of keras.callbacks.Callback, optional
    cache : dict, optional
        Keep it between calls to reuse networks (the widget keeps one).

    Returns
    -------
    PlaygroundResult
        ``(model, history, seconds)``; ``history`` holds ``"loss"`` and
        ``"accuracy"`` per epoch.

    Examples
    --------
    >>> from nnteach.widgets import playground_data, train_playground
    >>> data = playground_data("linear", 100)
    >>> result = train_playground(data.X, data.y, epochs=5)  # doctest: +SKIP
    >>> len(result.history["loss"])  # doctest: +SKIP
    5
    """
    from .._keras import import_keras
    from ..models import build_deep_network

    X = np.asarray(X, dtype="float32")
    y = np.asarray(y, dtype="float32").reshape(-1)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(
            f"X must be a 2-D array with one row per label. Received X of shape {X.shape} "
            f"and {len(y)} labels."
        )
    _check_training(
        len(X), hidden_layers, hidden_units, activation, learning_rate, batch_size, epochs
    )
    check_int("seed", seed, minimum=0)
    check_type("callbacks", callbacks, (list, tuple))
    if cache is not None:
        check_type("cache", cache, dict)
    keras = import_keras()
    import tensorflow as tf

    start = time.perf_counter()
    key = (X.shape[1], hidden_layers, hidden_units, activation, seed)
    model = None if cache is None else cache.get(key)
    if model is None:
        # Seeded initializers: pressing Train neither reads nor changes any
        # global random state (the student's keras.utils.set_random_seed stays
        # in charge of the notebook). h1, h2... get seed * 101 + 1, + 2...,
        # the output seed * 101: neighbouring seeds share no layer seed.
        model = build_deep_network(
            X.shape[1],
            (hidden_units,) * hidden_layers,
            activation=activation,
            seed=seed * 101,
            name="playground",
        )
        # one step per execution: a loop of several steps per execution takes
        # longer to trace than it saves on a few hundred points
        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate),
            loss="binary_crossentropy",
            metrics=["accuracy"],
        )
        if cache is not None:
            cache[key] = model
    else:
        _reset(model, learning_rate)
    batch_size = min(batch_size, len(X))
    data = (
        tf.data.Dataset.from_tensor_slices((X, y))
        .shuffle(len(X), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .repeat()
    )
    history = model.fit(
        data,
        epochs=epochs,
        steps_per_epoch=math.ceil(len(X) / batch_size),
        shuffle=False,
        verbose=0,
        callbacks=list(callbacks),
    )
    logs = {key: [float(v) for v in values] for key, values in history.history.items()}
    return PlaygroundResult(model, logs, time.perf_counter() - start)


def _progress_callback(playground: TrainingPlayground, epochs: int) -> Any:
    from .._keras import import_keras

    keras = import_keras()

    class Progress(keras.callbacks.Callback):
        """Moves the progress bar every epoch and redraws the curves a few times a second."""

        def on_train_begin(self, logs=None):
            self.history: dict[str, list[float]] = {"loss": [], "accuracy": []}
            self.last_draw = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            if playground._stopping.is_set():  # the interpreter is exiting
                self.model.stop_training = True
                return
            logs = logs or {}
            for key in self.history:
                self.history[key].append(float(logs.get(key, np.nan)))
            playground.progress.value = epoch + 1
            playground.status.value = (
                f"epoch {epoch + 1}/{epochs}: loss {logs.get('loss', np.nan):.3f}, "
                f"accuracy {logs.get('accuracy', np.nan):.1%}"
            )
            if time.perf_counter() - self.last_draw > _LIVE_EVERY_S:
                playground._draw_training(self.model, self.history, epochs)
                self.last_draw = time.perf_counter()

    return Progress()


class TrainingPlayground(Explorer):
    """The widget made by :func:`training_playground` (see there)."""

    title = "Training playground: press Train and watch the network learn"

    def __init__(self, *, preset: Mapping[str, Any] | None = None, warm_up: bool = True) -> None:
        import ipywidgets as widgets

        controls: dict[str, Any] = {
            "dataset": control(
                widgets.Dropdown,
                options=list(DATASETS),
                value="moons",
                description="data set",
            ),
            "n_samples": control(
                widgets.IntSlider,
                value=200,
                min=20,
                max=1000,
                step=20,
                description="samples",
                continuous_update=False,
            ),
            "noise": control(
                widgets.FloatSlider,
                value=0.2,
                min=0.0,
                max=0.5,
                step=0.05,
                description="noise",
                continuous_update=False,
            ),
            "hidden_layers": control(
                widgets.IntSlider,
                value=2,
                min=1,
                max=4,
                description="hidden layers",
                continuous_update=False,
            ),
            "hidden_units": control(
                widgets.IntSlider,
                value=8,
                min=1,
                max=32,
                description="units per layer",
                continuous_update=False,
            ),
            "activation": control(
                widgets.Dropdown,
                options=list(TRAINABLE_ACTIVATIONS),
                value="relu",
                description="activation",
            ),
            "learning_rate": control(
                widgets.FloatLogSlider,
                value=0.03,
                base=10,
                min=-4,
                max=0,
                step=0.1,
                description="learning rate",
                readout_format=".4f",
                continuous_update=False,
            ),
            "batch_size": control(
                widgets.SelectionSlider,
                options=list(BATCH_SIZES),
                value=32,
                description="batch size",
                continuous_update=False,
            ),
            "epochs": control(
                widgets.IntSlider,
                value=40,
                min=1,
                max=300,
                description="epochs",
                continuous_update=False,
            ),
        }
        self.train_button = widgets.Button(
            description="Train",
            button_style="primary",
            icon="play",
            tooltip="Build a fresh network and train it with these settings",
        )
        self.progress = control(widgets.IntProgress, value=0, min=0, max=1, description="progress")
        self.status = widgets.Label("Press Train.")
        self.train_button.on_click(self._on_click)

        self._fig = FigureImage((9.6, 3.0), dpi=80)
        fig = self.figure_ = self._fig.figure
        ax, ax_loss, ax_acc = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1.05, 1.05]})
        fig.subplots_adjust(left=0.05, right=0.985, bottom=0.17, top=0.9, wspace=0.3)
        self._build_axes(ax, ax_loss, ax_acc)

        names = list(controls)
        body = [
            widgets.HBox(
                [
                    widgets.VBox([controls[n] for n in names[:5]]),
                    widgets.VBox([controls[n] for n in names[5:]]),
                ]
            ),
            widgets.HBox([self.train_button, self.progress, self.status]),
            self._fig.image,
        ]
        super().__init__(controls, body)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.running = False
        self.runs = 0
        self.refused_presses = 0
        self.model_: Any = None
        self.history_: dict[str, list[float]] | None = None
        self.last_train_s: float | None = None
        self._data_key: tuple | None = None
        self._models: dict = {}  # networks kept between presses (see train_playground)
        self._warm_up_thread: threading.Thread | None = None
        self.warm_up_error: BaseException | None = None
        self._stopping = threading.Event()  # set at interpreter exit: threads stop early
        self._start(preset)
        check_type("warm_up", warm_up, bool)
        if warm_up:
            self._warm_up_thread = threading.Thread(
                target=self._warm_up, name="nnteach-playground-warm-up", daemon=True
            )
            _start_thread(self, self._warm_up_thread)

    def _warm_up(self) -> None:
        """Build the network of the current settings and trace its training step.

        Runs once, in the background, right after the widget is made: the
        first ``fit`` of a new network spends about a second tracing the
        training graph, and this way a student's first press does not. It
        touches no global random state. If it fails, the first press simply
        does the work itself (and shows any error).
        """
        try:
            state, data = self.state(), self.data_
            from .._keras import import_keras

            import_keras()  # seconds, if not imported yet: the exit may have come since
            if self._stopping.is_set():
                return
            train_playground(
                data.X,
                data.y,
                hidden_layers=state["hidden_layers"],
                hidden_units=state["hidden_units"],
                activation=state["activation"],
                learning_rate=state["learning_rate"],
                batch_size=state["batch_size"],
                epochs=1,
                cache=self._models,
            )
        except Exception as exc:  # not fatal: kept for inspection, the press will retry
            self.warm_up_error = exc

    # ---------------------------------------------------------------- figure
    def _build_axes(self, ax: Any, ax_loss: Any, ax_acc: Any) -> None:
        cmap = style.class_colour_map()
        self.boundary_ = ax.imshow(
            np.full((_GRID, _GRID), np.nan),
            origin="lower",
            cmap=cmap,
            vmin=0,
            vmax=1,
            interpolation="bilinear",
            aspect="auto",
            zorder=0,
        )
        self.scatter_ = ax.scatter([], [], s=12, linewidths=0.4, edgecolors="white", zorder=2)
        ax.set_title("data and decision boundary", fontsize=10)
        (self.loss_line_,) = ax_loss.plot([], [], color=style.SERIES[0], lw=1.8)
        (self.accuracy_line_,) = ax_acc.plot([], [], color=style.SERIES[1], lw=1.8)
        ax_loss.set_title("loss (binary cross-entropy)", fontsize=10)
        ax_acc.set_title("accuracy on the training data", fontsize=10)
        ax_acc.set_ylim(0.4, 1.02)
        for a in (ax_loss, ax_acc):
            a.set_xlabel("epoch")
        # Until the first run the curve panels show this note instead of ticks
        # (numbers on empty axes mean nothing); see _show_curves.
        self.empty_notes_ = [
            a.text(
                0.5,
                0.5,
                "Press Train to see the curves",
                transform=a.transAxes,
                ha="center",
                va="center",
                fontsize=10,
                color="0.4",
            )
            for a in (ax_loss, ax_acc)
        ]
        self.ax_, self.ax_loss_, self.ax_accuracy_ = ax, ax_loss, ax_acc
        self._curves_shown: bool | None = None
        self._show_curves(False)
        self._fig.add_dynamic(self.boundary_, self.scatter_, self.loss_line_, self.accuracy_line_)

    def _show_curves(self, shown: bool) -> bool:
        """Curve panels with ticks and grid (``True``), or empty with a note (``False``).

        Returns whether anything changed: the ticks are part of the static
        background, so the caller then renders in full.
        """
        if shown == self._curves_shown:
            return False
        for a, note in zip((self.ax_loss_, self.ax_accuracy_), self.empty_notes_, strict=True):
            note.set_visible(not shown)
            a.tick_params(bottom=shown, left=shown, labelbottom=shown, labelleft=shown)
            if shown:
                a.grid(True, alpha=0.3)
            else:
                a.grid(False)
        self._curves_shown = shown
        return True

    def _set_data(self, data: Any) -> None:
        """New data set: scatter, limits and grid; clears the last training."""
        self.data_ = data
        X = data.X.astype(float)
        pad = 0.25 * (X.max(axis=0) - X.min(axis=0)) + 0.1
        low, high = X.min(axis=0) - pad, X.max(axis=0) + pad
        gx, gy = np.linspace(low[0], high[0], _GRID), np.linspace(low[1], high[1], _GRID)
        xx, yy = np.meshgrid(gx, gy)
        self._grid = np.column_stack([xx.ravel(), yy.ravel()]).astype("float32")
        self.boundary_.set_extent((low[0], high[0], low[1], high[1]))
        self.boundary_.set_data(np.full((_GRID, _GRID), np.nan))
        self.scatter_.set_offsets(X)
        self.scatter_.set_facecolors([_CLASS_COLORS[int(k)] for k in data.y])
        self.ax_.set_xlim(low[0], high[0])
        self.ax_.set_ylim(low[1], high[1])
        self.loss_line_.set_data([], [])
        self.accuracy_line_.set_data([], [])
        epochs = self.controls["epochs"].value if hasattr(self, "controls") else 40
        for a in (self.ax_loss_, self.ax_accuracy_):
            a.set_xlim(0.5, epochs + 0.5)
        self.ax_loss_.set_ylim(0, 1)
        self._show_curves(False)
        self.model_ = self.history_ = None

    def _draw(self, **state: Any) -> None:
        # Only the data set changes the picture before Train is pressed; the
        # other settings are checked now, so a bad value shows at once.
        _check_training(
            state["n_samples"],
            state["hidden_layers"],
            state["hidden_units"],
            state["activation"],
            state["learning_rate"],
            state["batch_size"],
            state["epochs"],
        )
        key = (state["dataset"], state["n_samples"], state["noise"])
        if key != self._data_key and not self.running:
            data = playground_data(state["dataset"], state["n_samples"], noise=state["noise"])
            self._set_data(data)
            self._data_key = key
            self.ax_.set_title(f"{data.name}: {len(data)} points", fontsize=10)
            self._fig.render(full=True)

    def _draw_training(self, model: Any, history: Mapping[str, list[float]], epochs: int) -> None:
        """Curves so far and the decision boundary of ``model`` (also used while training)."""
        with self._draw_lock:
            self._draw_training_locked(model, history, epochs)

    def _draw_training_locked(
        self, model: Any, history: Mapping[str, list[float]], epochs: int
    ) -> None:
        from keras import ops

        loss, acc = history["loss"], history["accuracy"]
        x = np.arange(1, len(loss) + 1)
        self.loss_line_.set_data(x, loss)
        self.accuracy_line_.set_data(x, acc)
        prob = ops.convert_to_numpy(model(self._grid, training=False)).reshape(_GRID, _GRID)
        self.boundary_.set_data(prob)
        # Ticks and limits are static (blitted background): change them only
        # when needed, and then render in full.
        full = self._show_curves(True)
        if self.ax_loss_.get_xlim() != (0.5, epochs + 0.5):
            for a in (self.ax_loss_, self.ax_accuracy_):
                a.set_xlim(0.5, epochs + 0.5)
            full = True
        finite = [v for v in loss if np.isfinite(v)]
        top = max(finite) * 1.1 if finite else 1.0
        if not np.isfinite(top) or top <= 0:
            top = 10.0
        if top > self.ax_loss_.get_ylim()[1] or self.ax_loss_.get_ylim()[1] > 2 * top:
            self.ax_loss_.set_ylim(0, top)
            full = True
        self._fig.render(full=full)

    # ---------------------------------------------------------------- training
    def _on_click(self, button: Any) -> None:
        self.train()

    def train(self, *, wait: bool = False) -> bool:
        """Press Train: build a fresh network and train it in a background thread.

        A press while a run is going on is refused (``False``, with a
        message), so one click too many never starts a second run.

        Parameters
        ----------
        wait : bool, default=False
            Block until training ends (for scripts and tests).

        Returns
        -------
        bool
            Whether a run was started.
        """
        with self._lock:
            if self.running:
                self.refused_presses += 1
                self.status.value = "Already training: this press is ignored."
                return False
            self.running = True
        state = self.state()
        try:
            _check_training(
                state["n_samples"],
                state["hidden_layers"],
                state["hidden_units"],
                state["activation"],
                state["learning_rate"],
                state["batch_size"],
                state["epochs"],
            )
        except (TypeError, ValueError) as exc:
            self.show_error(str(exc))
            self.running = False
            return False
        self.show_error("")
        self.train_button.disabled = True
        self.train_button.description = "Training…"
        self.progress.max = state["epochs"]
        self.progress.value = 0
        self.status.value = "building the network…"
        self._thread = threading.Thread(
            target=self._train, args=(state,), name="nnteach-playground", daemon=True
        )
        _start_thread(self, self._thread)
        if wait:
            self.wait()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Block until the warm-up and the current training run (if any) have finished."""
        for thread in (self._warm_up_thread, self._thread):
            if thread is not None:
                thread.join(timeout)

    def _train(self, state: dict[str, Any]) -> None:
        try:
            if self._warm_up_thread is not None and self._warm_up_thread.is_alive():
                self.status.value = "preparing the network…"
                self._warm_up_thread.join()
            if "tensorflow" not in sys.modules:
                self.status.value = "loading TensorFlow (first press only)…"
                from .._keras import import_keras

                import_keras()
            if self._stopping.is_set():  # the interpreter is exiting: do not start
                return
            start = time.perf_counter()
            data = self.data_
            epochs = state["epochs"]
            result = train_playground(
                data.X,
                data.y,
                hidden_layers=state["hidden_layers"],
                hidden_units=state["hidden_units"],
                activation=state["activation"],
                learning_rate=state["learning_rate"],
                batch_size=state["batch_size"],
                epochs=epochs,
                callbacks=[_progress_callback(self, epochs)],
                cache=self._models,
            )
            if self._stopping.is_set():  # stopped early: the interpreter is exiting
                return
            self.status.value = "drawing…"
            self.model_, self.history_ = result.model, result.history
            self._draw_training(result.model, result.history, epochs)
            self.last_train_s = time.perf_counter() - start
            self.status.value = (
                f"trained {epochs} epochs in {self.last_train_s:.1f} s: loss "
                f"{result.history['loss'][-1]:.3f}, accuracy {result.history['accuracy'][-1]:.1%}"
            )
        except Exception as exc:  # a thread's exception would otherwise vanish in the log
            self.show_error(f"Training failed: {type(exc).__name__}: {exc}")
            self.status.value = "training failed"
        finally:
            self.runs += 1
            self.train_button.disabled = False
            self.train_button.description = "Train"
            self.running = False
        self.update()  # the data set may have been changed during the run


def training_playground(
    *, preset: Mapping[str, Any] | None = None, warm_up: bool = True
) -> TrainingPlayground:
    """Train a small network on moons, circles or linear data and watch it learn.

    Introduced in lesson 2 (deep networks); used again in lesson 5 (training and testing).

    Choose the data set, the network (hidden layers, units, activation) and
    the training settings (learning rate on a log scale, batch size, epochs),
    then press **Train**: the network starts from its initial weights and
    is trained in a background thread (the notebook stays responsive; the
    same settings always give the same run). The progress bar and the loss
    and accuracy curves move while it trains; the decision boundary (the
    network's probability of class 1 over the plane) is redrawn a few times
    a second and at the end. A press while training is ignored. With the
    defaults a press takes under a second on a quiet 2-core machine
    (``make bench`` measures it).

    The logic is :func:`playground_data` and :func:`train_playground`.
    Controls: ``dataset``, ``n_samples``, ``noise``, ``hidden_layers``,
    ``hidden_units``, ``activation``, ``learning_rate``, ``batch_size``,
    ``epochs``.

    Parameters
    ----------
    preset : dict, optional
        Starting values by control name, e.g. ``{"dataset": "circles",
        "learning_rate": 0.001}``.
    warm_up : bool, default=True
        Right away, in a background thread, import TensorFlow if needed,
        build the network of the starting settings and trace its training
        step (about a second of CPU, touching no global random state), so
        that the first press is as quick as the next ones. ``False`` leaves
        all of that to the first press.

    Returns
    -------
    TrainingPlayground
        Displays as the widget in Jupyter. ``.train(wait=True)`` presses
        Train from code; ``.model_`` and ``.history_`` hold the last trained
        network and its history.

    Examples
    --------
    >>> from nnteach.widgets import training_playground
    >>> playground = training_playground(preset={"dataset": "circles", "epochs": 20})
    >>> playground.train(wait=True)  # doctest: +SKIP
    True
    >>> playground.history_["accuracy"][-1] > 0.9  # doctest: +SKIP
    True
    """
    return TrainingPlayground(preset=preset, warm_up=warm_up)
