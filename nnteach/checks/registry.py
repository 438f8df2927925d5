"""The registry of exercises and tasks, and ``check()``, the call in every check cell.

A :class:`Task` names the notebook variables it reads and the function that
checks them (written with :mod:`nnteach.checks.helpers`); :meth:`Task.run`
runs that function in the sandbox of :mod:`nnteach.checks._sandbox` and turns
its outcome into a :class:`~nnteach.checks.result.CheckResult`. Each exercise
notebook's tasks live in one module (:data:`EXERCISE_MODULES`), imported on
first use.

Introduced in the exercise notebooks (``exercises/``).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._sandbox import TimeLimitExceeded, _quiet, _random_state_kept, time_limit
from .helpers import CheckFailed, NotAttempted, describe_value, one_line
from .result import ERROR, FAILED, NOT_ATTEMPTED, PASSED, CheckResult
from .sections import remember

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXERCISE_MODULES",
    "Exercise",
    "Task",
    "check",
    "exercises",
    "get_exercise",
    "get_task",
    "run_all",
    "run_task",
    "tasks_for",
]

#: Exercise id -> module that defines its tasks (imported on first use).
EXERCISE_MODULES: dict[str, str] = {
    "01": "nnteach.checks.ex01_perceptron",
    "02": "nnteach.checks.ex02_deep_networks",
    "03": "nnteach.checks.ex03_seeing_the_network",
    "04": "nnteach.checks.ex04_how_a_network_learns",
    "05": "nnteach.checks.ex05_training_and_testing",
    "06": "nnteach.checks.ex06_explaining_predictions",
}
_REGISTRY: dict[str, Exercise] = {}

DEFAULT_TIMEOUT = 10.0  # seconds per task


# --------------------------------------------------------------------------- #
# Tasks and exercises
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Task:
    """One task of an exercise notebook and the function that checks it.

    Parameters
    ----------
    id : str
        ``"<exercise>.<task>"``, e.g. ``"1.2"``.
    title : str
        Short title, shown in the result panel and the scorecard.
    points : float
        What the task is worth.
    names : tuple of str
        The notebook variables the check reads.
    check : callable
        ``check(namespace)``: returns when the answer is right, raises
        :class:`CheckFailed` (wrong) or :class:`NotAttempted`.
    hint : str, default=""
        Hint shown when a failure gives none of its own.
    timeout : float, default=10.0
        Seconds the whole check may take before it is stopped.
    exercise : str, default=""
        Id of the exercise, e.g. ``"01"``.
    uses_keras : bool, default=False
        Keras is imported before the time limit starts, so that a notebook
        which never imported Keras is not failed for the import's few seconds.
    """

    id: str
    title: str
    points: float
    names: tuple[str, ...]
    check: Callable[[Mapping[str, Any]], Any] = field(repr=False)
    hint: str = ""
    timeout: float = DEFAULT_TIMEOUT
    exercise: str = ""
    uses_keras: bool = False

    def run(self, namespace: Any, *, timeout: float | None = None) -> CheckResult:
        """Check the answer in ``namespace``; never raises (except KeyboardInterrupt).

        Parameters
        ----------
        namespace : mapping
            The student's variables (a notebook's globals).
        timeout : float, optional
            Override :attr:`timeout` (seconds).

        Returns
        -------
        CheckResult
        """
        limit = self.timeout if timeout is None else timeout
        try:
            if not isinstance(namespace, Mapping):
                return self._result(
                    ERROR,
                    "Cannot check: expected the notebook's variables (a dict), received "
                    f"{describe_value(namespace)}.",
                    "Call check() from a notebook cell, or pass namespace=globals().",
                )
            if self.uses_keras:
                from .._keras import import_keras

                with _quiet():
                    import_keras()  # outside the time limit: importing takes seconds
            with _quiet(), _random_state_kept(), time_limit(limit):
                self.check(namespace)
        except NotAttempted as outcome:
            return self._result(NOT_ATTEMPTED, outcome.message, outcome.hint)
        except CheckFailed as outcome:
            return self._result(
                FAILED,
                outcome.message,
                outcome.hint or self.hint,
                mistake=f"{self.id}/{outcome.mistake}" if outcome.mistake else "",
            )
        except TimeLimitExceeded as stop:
            label = getattr(stop, "label", None)
            if label:
                return self._result(
                    FAILED,
                    f"{label} ran for more than {limit:g} s and was stopped.",
                    "Look for a loop that never ends (a `while` whose condition stays true).",
                )
            return self._result(
                FAILED,
                f"Checking this task took more than {limit:g} s and was stopped.",
                "Is your model or your data much larger than the task asks for?",
            )
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - a check must never raise
            return self._result(
                ERROR,
                f"The check could not evaluate your answer ({one_line(error)}).",
                "This is probably a problem in the check, not in your answer: "
                "please tell your instructor.",
            )
        return self._result(PASSED)

    def _result(
        self, status: str, message: str = "", hint: str = "", *, mistake: str = ""
    ) -> CheckResult:
        return CheckResult(
            task_id=self.id,
            title=self.title,
            status=status,
            message=message,
            hint=hint,
            points=float(self.points) if status == PASSED else 0.0,
            max_points=float(self.points),
            exercise=self.exercise,
            mistake=mistake,
        )


class Exercise:
    """The tasks of one exercise notebook, in order.

    Parameters
    ----------
    id : str
        Two digits, the notebook's prefix: ``"01"``.
    name : str
        The notebook's name without prefix: ``"perceptron"``.
    title : str
        Human title: ``"The perceptron"``.
    uses_keras : bool, default=True
        Whether the checks build or call Keras models (see :class:`Task`).

    Examples
    --------
    >>> from nnteach.checks.helpers import fail, require
    >>> ex = Exercise("99", "demo", "A demo", register=False, uses_keras=False)
    >>> @ex.task("99.1", "Say yes", points=1, names=("answer",))
    ... def _(ns):
    ...     if require(ns, "answer") != "yes":
    ...         fail("`answer` is not 'yes'.")
    >>> ex.run_task("99.1", {"answer": "yes"})
    ✔ Task 99.1 (1/1): passed
    >>> ex.run_task("99.1", {"answer": ...})
    ○ Task 99.1 (0/1): not attempted yet. `answer` is still `...`: replace it with your answer.
    """

    def __init__(
        self, id: str, name: str, title: str, *, register: bool = True, uses_keras: bool = True
    ) -> None:
        self.id = id
        self.name = name
        self.title = title
        self.uses_keras = uses_keras
        self.tasks: dict[str, Task] = {}
        if register:
            _REGISTRY[id] = self

    @property
    def notebook(self) -> str:
        """File name stem of the exercise notebook: ``"01_perceptron"``."""
        return f"{self.id}_{self.name}"

    def __repr__(self) -> str:
        return f"Exercise({self.id!r}, {self.title!r}, tasks={list(self.tasks)})"

    def __iter__(self) -> Iterator[Task]:
        return iter(self.tasks.values())

    def __len__(self) -> int:
        return len(self.tasks)

    @property
    def max_points(self) -> float:
        """Sum of the points of all tasks."""
        return float(sum(task.points for task in self))

    def task(
        self,
        task_id: str,
        title: str,
        *,
        points: float,
        names: tuple[str, ...],
        hint: str = "",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Callable[[Callable[[Mapping[str, Any]], Any]], Callable[[Mapping[str, Any]], Any]]:
        """Decorator: register ``check(namespace)`` as the check of a new task."""
        if task_id.split(".")[0] != str(int(self.id)):
            raise ValueError(f"Task id {task_id!r} does not belong to exercise {self.id!r}.")
        if task_id in self.tasks:
            raise ValueError(f"Task {task_id!r} is defined twice.")

        def register(func: Callable[[Mapping[str, Any]], Any]):
            self.tasks[task_id] = Task(
                task_id, title, points, tuple(names), func, hint, timeout, self.id, self.uses_keras
            )
            return func

        return register

    def run_task(
        self, task_id: str, namespace: Any, *, timeout: float | None = None
    ) -> CheckResult:
        """Check one task; an unknown ``task_id`` gives an ``"error"`` result."""
        task = self.tasks.get(str(task_id))
        if task is None:
            return _unknown_task(str(task_id), self)
        return task.run(namespace, timeout=timeout)


def _unknown_task(task_id: str, exercise: Exercise | None) -> CheckResult:
    if exercise is None:
        message = f"There is no exercise with a task {task_id!r}."
    else:
        message = (
            f"Exercise {exercise.id} has no task {task_id!r}; its tasks are "
            f"{', '.join(exercise.tasks)}."
        )
    return CheckResult(
        task_id=task_id[:20],
        title="",
        status=ERROR,
        message=message,
        hint="Check the task number in the check cell.",
    )


def _exercise_key(key: Any) -> str | None:
    """``"01"``, ``1``, ``"1.2"``, ``"01_perceptron.ipynb"``, ``"perceptron"`` -> ``"01"``."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return f"{key:02d}"
    if not isinstance(key, str):
        return None
    stem = re.split(r"[\\/]", key.strip())[-1]
    match = re.match(r"^(\d+)", stem)
    if match:
        return f"{int(match.group(1)):02d}"
    stem = re.sub(r"\.(ipynb|py)$", "", stem)
    for exercise_id, module in EXERCISE_MODULES.items():
        if module.rsplit(".", 1)[-1] == stem:
            return exercise_id
        exercise = get_exercise(exercise_id)
        if stem in (exercise.name, exercise.notebook):
            return exercise_id
    return None


def get_exercise(exercise_id: Any) -> Exercise:
    """The :class:`Exercise` for ``"01"``, ``1``, ``"01_perceptron"``, ``"perceptron"``...

    Raises
    ------
    LookupError
        No exercise matches.

    Examples
    --------
    >>> from nnteach.checks import get_exercise
    >>> get_exercise("01_perceptron.ipynb").title
    'The perceptron'
    """
    key = _exercise_key(exercise_id)
    if key is None or key not in EXERCISE_MODULES:
        known = ", ".join(f"{k} ({v.rsplit('.', 1)[-1]})" for k, v in EXERCISE_MODULES.items())
        raise LookupError(f"Unknown exercise {exercise_id!r}. Known exercises: {known}.")
    if key not in _REGISTRY:
        importlib.import_module(EXERCISE_MODULES[key])
    return _REGISTRY[key]


def exercises() -> list[Exercise]:
    """Every exercise, in order.

    Examples
    --------
    >>> from nnteach.checks import exercises
    >>> [exercise.notebook for exercise in exercises()][:2]
    ['01_perceptron', '02_deep_networks']
    """
    return [get_exercise(key) for key in EXERCISE_MODULES]


def tasks_for(exercise_id: Any) -> list[Task]:
    """The tasks of an exercise, in notebook order.

    Examples
    --------
    >>> from nnteach.checks import tasks_for
    >>> [task.id for task in tasks_for("01")]
    ['1.1', '1.2', '1.3', '1.4', '1.5']
    """
    return list(get_exercise(exercise_id))


def get_task(exercise_id: Any, task_id: str) -> Task:
    """The :class:`Task` ``task_id``; ``exercise_id=None`` derives it from the task id.

    Raises
    ------
    LookupError
        Unknown exercise or task.
    """
    if exercise_id is None:
        exercise_id = str(task_id).split(".")[0]
    exercise = get_exercise(exercise_id)
    try:
        return exercise.tasks[str(task_id)]
    except KeyError:
        raise LookupError(_unknown_task(str(task_id), exercise).message) from None


def run_task(
    exercise_id: Any, task_id: Any, namespace: Any, *, timeout: float | None = None
) -> CheckResult:
    """Check one task against the variables in ``namespace``. Never raises.

    This is what a grader calls inside the kernel that ran a student's notebook,
    with ``namespace=get_ipython().user_ns``.

    Parameters
    ----------
    exercise_id : str, int or None
        ``"01"``, ``1``, ``"01_perceptron"``...; ``None``: taken from ``task_id``.
    task_id : str
        E.g. ``"1.2"``.
    namespace : mapping
        The student's variables.
    timeout : float, optional
        Seconds before the check is stopped (default: the task's own limit).

    Returns
    -------
    CheckResult
        ``"error"`` for an unknown exercise or task.

    Examples
    --------
    >>> from nnteach.checks import run_task
    >>> run_task("01", "1.1", {})
    ○ Task 1.1 (0/1): not attempted yet. `neuron_output` is not defined yet: write it in \
the cell above and run that cell.
    """
    try:
        task = get_task(exercise_id, task_id)
    except LookupError as error:
        return CheckResult(
            task_id=str(task_id)[:20] if isinstance(task_id, str) else "?",
            title="",
            status=ERROR,
            message=str(error).strip("'\""),
            hint="Check the exercise and task numbers.",
        )
    except Exception as error:  # noqa: BLE001 - a broken exercise module
        return CheckResult("?", "", ERROR, f"Could not load the checks: {one_line(error)}.")
    return task.run(namespace, timeout=timeout)


def run_all(
    exercise_id: Any, namespace: Any = None, *, timeout: float | None = None
) -> list[CheckResult]:
    """Check every task of an exercise, in order. Never raises for a bad namespace.

    Parameters
    ----------
    exercise_id : str or int
        ``"01"``, ``"01_perceptron"``... (an unknown id raises ``LookupError``).
    namespace : mapping, optional
        The student's variables; default: the IPython user namespace or the
        caller's globals.
    timeout : float, optional
        Per-task limit in seconds (default: each task's own).

    Returns
    -------
    list of CheckResult
    """
    if namespace is None:
        namespace = _caller_namespace()
    return [task.run(namespace, timeout=timeout) for task in tasks_for(exercise_id)]


def check(
    task_id: str, namespace: Mapping[str, Any] | None = None, *, timeout: float | None = None
) -> CheckResult | float:
    """Check a task of the exercise notebook you are working in.

    Put ``check("1.2")`` in the cell after your answer: it reads your
    variables and shows whether the answer is right, and if not, what is wrong.

    Parameters
    ----------
    task_id : str
        The task, e.g. ``"1.2"``.
    namespace : mapping, optional
        Where to find your variables. Default: the notebook's variables (the
        IPython user namespace), or the calling module's globals outside IPython.
    timeout : float, optional
        Seconds before a check that runs too long is stopped.

    Returns
    -------
    CheckResult or float
        The result, shown as a coloured panel in Jupyter and as text elsewhere.
        A failed check names the lesson section to revisit; the same mistake made
        again in this kernel session adds a second, more specific hint
        (:mod:`nnteach.checks.sections`). When run by nbgrader (the
        ``NBGRADER_EXECUTION`` environment variable is set), the panel is
        displayed and the points earned are returned as a number, which
        nbgrader reads as the cell's (partial) credit.

    Examples
    --------
    >>> from nnteach.checks import check
    >>> def neuron_output(x, w, b):
    ...     raise NotImplementedError("Task 1.1: replace this line with your code")
    >>> check("1.1", {"neuron_output": neuron_output})
    ○ Task 1.1 (0/1): not attempted yet. `neuron_output` still raises NotImplementedError: \
replace that line with your code.
    """
    if namespace is None:
        namespace = _caller_namespace()
    result = run_task(None, task_id, namespace, timeout=timeout)
    if os.environ.get("NBGRADER_EXECUTION"):
        _display(result)
        return float(result.points)
    # the same mistake again in this kernel session: a second, more specific hint
    return remember(result)


def _caller_namespace() -> Mapping[str, Any]:
    ipython = sys.modules.get("IPython")
    if ipython is not None:
        try:
            shell = ipython.get_ipython()
        except Exception:  # noqa: BLE001
            shell = None
        if shell is not None:
            return shell.user_ns
    frame = sys._getframe(1)
    here = frame.f_globals.get("__name__")
    while frame is not None and frame.f_globals.get("__name__") == here:
        frame = frame.f_back
    return frame.f_globals if frame is not None else {}


def _display(result: CheckResult) -> None:
    try:
        from IPython.display import display

        display(result)
    except Exception:  # noqa: BLE001 - no IPython: print instead
        print(repr(result))
