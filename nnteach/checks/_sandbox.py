"""What a check runs inside: a time limit, silence, and the student's random state kept.

:meth:`~nnteach.checks.registry.Task.run` wraps every check in
:func:`_quiet` (a student's prints and warnings are dropped),
:func:`_random_state_kept` (Python's, NumPy's and Keras's global random state
are as the check found them) and :func:`time_limit`.

Time limits
-----------
Stop a check that runs too long.

In the main thread of a POSIX process (where Jupyter runs a cell, and where
``nnteach check`` and the tests run checks) the limit is a real-time timer:
``signal.setitimer`` delivers ``SIGALRM`` when the time is up and the handler
raises :class:`TimeLimitExceeded` in whatever Python code is running, student
code included. A long call into C code (one huge NumPy or TensorFlow operation)
is interrupted as soon as it returns to Python.

Elsewhere (a worker thread, or Windows, which has no ``setitimer``) no portable
way exists to interrupt another piece of Python code, so the fallback is a trace
function (``sys.settrace``): it checks the clock on each line of Python run in
this thread and raises :class:`TimeLimitExceeded` once the time is up. That stops
Python loops (``while True: pass``) but not a single long call into C code, and
it slows Python code down while it is active. A grader running checks in such a
thread should keep its own per-cell or per-notebook time limit as well.

An outer timer that is already set (``pytest-timeout``, for instance) is kept:
its remaining time is restored afterwards, and when it would fire before this
limit, this limit is not installed at all, so the outer one wins.
"""

import contextlib
import io
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["TimeLimitExceeded", "time_limit"]


class TimeLimitExceeded(BaseException):  # noqa: N818 - reads better at the raise site
    """Raised inside the running code when a :func:`time_limit` expires.

    A ``BaseException`` (not ``Exception``), so that a student's
    ``except Exception:`` cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the body if it runs longer than ``seconds``.

    Parameters
    ----------
    seconds : float or None
        The limit; ``None`` or a value ``<= 0`` means no limit.

    Examples
    --------
    >>> from nnteach.checks._sandbox import TimeLimitExceeded, time_limit
    >>> try:
    ...     with time_limit(0.05):
    ...         while True:
    ...             pass
    ... except TimeLimitExceeded:
    ...     print("stopped")
    stopped
    """
    if seconds is None or seconds <= 0:
        yield
        return
    use_signal = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if use_signal:
        with _signal_limit(float(seconds)):
            yield
    else:
        with _trace_limit(float(seconds)):
            yield


def _raise_time_limit(signum, frame):  # noqa: ARG001 - signal handler signature
    raise TimeLimitExceeded()


@contextmanager
def _signal_limit(seconds: float) -> Iterator[None]:
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_delay <= seconds:
        # an outer timer fires first: leave it alone, it will stop the code
        yield
        return
    old_handler = signal.signal(signal.SIGALRM, _raise_time_limit)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
        if outer_delay > 0:
            remaining = max(outer_delay - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, remaining, outer_interval)


@contextmanager
def _trace_limit(seconds: float) -> Iterator[None]:
    deadline = time.monotonic() + seconds
    old_trace = sys.gettrace()

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimitExceeded()
        return tracer

    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(old_trace)


# --------------------------------------------------------------------------- #
# Quiet while checking
# --------------------------------------------------------------------------- #


class _Discard(io.TextIOBase):
    """A text stream that drops what is written (a student's prints, progress bars)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@contextlib.contextmanager
def _random_state_kept() -> Iterator[None]:
    """Leave Python's, NumPy's and Keras's global random state as the check found it.

    A check builds layers and draws numbers; without this, running a check would
    change the weights of the next model the student builds.
    """
    import random

    import numpy as np

    python_state, numpy_state = random.getstate(), np.random.get_state()  # noqa: NPY002
    keras_seed = _keras_seed_state()
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)  # noqa: NPY002 - the student's global state
        if keras_seed is not None:
            _restore_keras_seed(*keras_seed)


_KERAS_SEED_KEY = "global_seed_generator"


def _keras_seed_state() -> tuple[Any, Any] | None:
    """The global Keras ``SeedGenerator`` and a copy of its state (Keras loaded only)."""
    if "keras" not in sys.modules:
        return None
    try:  # private Keras API: if it moves, checks still work, only less tidily
        from keras.src.backend.common import global_state

        generator = global_state.get_global_attribute(_KERAS_SEED_KEY)
        state = None if generator is None else generator.state.numpy().copy()
        return generator, state
    except Exception:  # noqa: BLE001
        return None


def _restore_keras_seed(generator: Any, state: Any) -> None:
    try:
        from keras.src.backend.common import global_state

        if generator is None:
            global_state.set_global_attribute(_KERAS_SEED_KEY, None)
        else:
            global_state.set_global_attribute(_KERAS_SEED_KEY, generator)
            generator.state.assign(state)
    except Exception:  # noqa: BLE001
        pass


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    import numpy as np

    sink = _Discard()
    with (
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        yield
