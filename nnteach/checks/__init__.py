"""Exercise checks: is the student's answer right, and if not, what is wrong?

In an exercise notebook, the cell after each task says::

    from nnteach.checks import check   # once, in the first code cell
    check("1.2")

which reads the notebook's variables and shows a :class:`CheckResult`: a small
coloured panel in Jupyter, a line of text in a terminal. A grader evaluates a
whole notebook from inside the kernel that ran it::

    from nnteach.checks import run_all
    results = run_all("01", get_ipython().user_ns)   # one CheckResult per task

Each exercise notebook has one module of tasks (``nnteach.checks.ex01_perceptron``
for ``01_perceptron`` and so on), loaded when first needed. Importing this
package imports neither TensorFlow nor Keras. The modules:

- :mod:`~nnteach.checks.registry`: tasks, exercises, ``check()`` and ``run_task()``;
- :mod:`~nnteach.checks.helpers`: what a check is written with (``require``,
  ``expect_*``, ``fail``, deciding random inputs);
- :mod:`~nnteach.checks._sandbox`: what a check runs inside (time limit,
  silence, the student's random state kept);
- :mod:`~nnteach.checks.result`: :class:`CheckResult`, text and HTML;
- :mod:`~nnteach.checks.sections`: the lesson section each task and mistake
  points to ("Revisit: ..."), and the second hint of each mistake.
"""

from __future__ import annotations

from . import registry, result
from .helpers import CheckFailed, NotAttempted
from .registry import *  # noqa: F403 - the names of registry.__all__
from .result import *  # noqa: F403 - the names of result.__all__

# Not exported by the package: the default time limit and the points formatter.
_NOT_EXPORTED = {"DEFAULT_TIMEOUT", "format_points"}

__all__ = [
    "CheckFailed",
    "NotAttempted",
    *(name for name in (*registry.__all__, *result.__all__) if name not in _NOT_EXPORTED),
]
