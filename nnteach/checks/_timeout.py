"""Stop a check that runs too long.

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

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

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
    >>> from nnteach.checks._timeout import TimeLimitExceeded, time_limit
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
