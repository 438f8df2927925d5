"""Tasks, the registry of exercises, and the staged checks tasks are built from.

A :class:`Task` reads a few variables of the student's namespace (the notebook's
globals) and checks them in stages: defined? then type, shape, values, and
behaviour. Each stage that fails raises :class:`CheckFailed` with a message that
names the variable and what is wrong; :meth:`Task.run` turns that into a
:class:`~nnteach.checks.result.CheckResult`. Functions and models are compared
with a reference computed at run time on fresh random inputs, so neither
hard-coding an answer nor a library upgrade fools or breaks a check.

Introduced in the exercise notebooks (``exercises/``).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ._timeout import TimeLimitExceeded, time_limit
from .result import ERROR, FAILED, NOT_ATTEMPTED, PASSED, CheckResult

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXERCISE_MODULES",
    "CheckBug",
    "CheckFailed",
    "Exercise",
    "NotAttempted",
    "Task",
    "call_student",
    "check",
    "describe_value",
    "diagnose",
    "draw_until",
    "exercises",
    "expect_callable",
    "expect_finite",
    "expect_own",
    "expect_shape",
    "fail",
    "fresh_rng",
    "get_exercise",
    "get_task",
    "one_line",
    "require",
    "require_all",
    "run_all",
    "run_task",
    "seeded_draws",
    "separates",
    "student_code",
    "tasks_for",
    "to_array",
    "to_number",
    "to_whole_number",
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

_STUDENT_ERROR_HINT = "Read the error, fix your code, run its cell again, then this check."


# --------------------------------------------------------------------------- #
# Outcomes a check raises
# --------------------------------------------------------------------------- #


class NotAttempted(Exception):  # noqa: N818 - an outcome, not an error
    """The task's variables are missing, still ``...``, or raise NotImplementedError."""

    def __init__(self, message: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class CheckFailed(Exception):  # noqa: N818 - an outcome, not an error
    """The answer is wrong: ``message`` says what is wrong, ``hint`` what to try.

    ``mistake`` is a short stable slug of a diagnosed mistake (``"relu-on-output"``).
    """

    def __init__(self, message: str, hint: str = "", mistake: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.mistake = mistake


def fail(message: str, hint: str = "", *, mistake: str = "") -> NoReturn:
    """Stop the check: the answer is wrong (raises :class:`CheckFailed`).

    Parameters
    ----------
    message : str
        What is wrong, naming the variable; never the expected value.
    hint : str, default=""
        What to try next (the task's hint when empty).
    mistake : str, default=""
        A short, stable slug for a *diagnosed* mistake (``"relu-on-output"``).
        The result records it as ``"<task>/<slug>"``, which class reports
        count; leave it empty for a failure without a specific diagnosis.

    Examples
    --------
    >>> fail("`weights` has shape (3,), expected (3, 1).")
    Traceback (most recent call last):
    ...
    nnteach.checks.core.CheckFailed: `weights` has shape (3,), expected (3, 1).
    """
    raise CheckFailed(message, hint, mistake)


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
        When run by nbgrader (the ``NBGRADER_EXECUTION`` environment variable
        is set), the panel is displayed and the points earned are returned as a
        number, which nbgrader reads as the cell's (partial) credit.

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
    return result


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


# --------------------------------------------------------------------------- #
# Staged checks
# --------------------------------------------------------------------------- #


def require(namespace: Mapping[str, Any], name: str) -> Any:
    """The value of ``name``; :class:`NotAttempted` if missing or still ``...``.

    Examples
    --------
    >>> require({"w": 3}, "w")
    3
    >>> require({"w": ...}, "w")
    Traceback (most recent call last):
    ...
    nnteach.checks.core.NotAttempted: `w` is still `...`: replace it with your answer.
    """
    if name not in namespace:
        raise NotAttempted(
            f"`{name}` is not defined yet: write it in the cell above and run that cell."
        )
    value = namespace[name]
    if value is Ellipsis:
        raise NotAttempted(f"`{name}` is still `...`: replace it with your answer.")
    return value


def require_all(namespace: Mapping[str, Any], *names: str) -> tuple[Any, ...]:
    """Values of several names: not attempted if none is given, failed if only some are.

    Examples
    --------
    >>> require_all({"a": 1, "b": 2}, "a", "b")
    (1, 2)
    """
    missing = [n for n in names if n not in namespace or namespace[n] is Ellipsis]
    if len(missing) == len(names):
        return (require(namespace, names[0]),)  # raises NotAttempted
    if missing:
        listed = " and ".join(f"`{n}`" for n in missing)
        fail(
            f"{listed} {'is' if len(missing) == 1 else 'are'} still missing (undefined or "
            "`...`): this task needs all of " + ", ".join(f"`{n}`" for n in names) + ".",
            "Define every variable the task asks for, run the cell, then this check.",
        )
    return tuple(namespace[n] for n in names)


def describe_value(value: Any) -> str:
    """What a value is, in words, for a message (never raises).

    Examples
    --------
    >>> import numpy as np
    >>> describe_value(None), describe_value(np.zeros((3, 1))), describe_value([1, 2])
    ('None', 'an array of shape (3, 1)', 'a list of 2 items')
    """
    try:
        if value is None:
            return "None"
        if value is Ellipsis:
            return "`...`"
        if isinstance(value, bool):
            return f"the boolean {value}"
        if isinstance(value, int | float):
            return f"the number {_short(repr(value))}"
        if isinstance(value, str):
            return f"the string {_short(repr(value))}"
        if isinstance(value, list | tuple | dict | set):
            return f"a {type(value).__name__} of {len(value)} items"
        shape = getattr(value, "shape", None)
        if shape is not None and hasattr(value, "dtype"):
            shape = tuple(int(s) if s is not None else None for s in shape)
            if shape == ():
                return f"the number {_short(str(value))}"
            return f"an array of shape {shape}"
        if isinstance(value, type):
            return f"the class {value.__name__}"
        if callable(value):
            return "a function"
        return f"an object of type {type(value).__name__}"
    except Exception:  # noqa: BLE001
        return "an object that cannot be described"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# lines of Keras / TensorFlow error messages that say nothing about the cause
_BOILERPLATE = (
    "Exception encountered when calling",
    "in user code:",
    "File ",
    "Arguments received by",
    "Traceback",
)


def one_line(error: BaseException) -> str:
    """``"ZeroDivisionError: division by zero"``: an exception as one short line.

    Examples
    --------
    >>> one_line(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    """
    try:
        message = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", str(error))
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        useful = [line for line in lines if not line.startswith(_BOILERPLATE)]
        text = (useful or lines or [""])[0]
        text = re.sub(r"^\{\{function_node [^}]*\}\}\s*", "", text)
    except Exception:  # noqa: BLE001
        text = ""
    text = _short(text, 160)
    name = type(error).__name__
    return f"{name}: {text}" if text else name


def expect_callable(name: str, value: Any) -> Callable[..., Any]:
    """Fail unless ``value`` is a function."""
    if not callable(value) or isinstance(value, type):
        fail(
            f"`{name}` is {describe_value(value)}, expected a function.",
            f"Define it with `def {name}(...):` and run the cell.",
        )
    expect_own(name, value)
    return value


@contextlib.contextmanager
def student_code(label: str, hint: str = "") -> Iterator[None]:
    """Run student code: an exception becomes one line, a placeholder 'not attempted'.

    The exercise placeholder ``raise NotImplementedError("Task 1.1: replace this
    line with your code")`` (or nbgrader's bare ``raise NotImplementedError()``)
    means "not attempted yet"; a NotImplementedError with another message (NumPy
    called on a symbolic tensor raises one) is a failure like any other error.

    Parameters
    ----------
    label : str
        How to name the code in a message, e.g. ``"`neuron_output(x, w, b)`"``.
    hint : str, default=""
        Hint for an exception raised by the code (default: a general one).
    """
    try:
        yield
    except (CheckFailed, NotAttempted):
        raise
    except NotImplementedError as error:
        if not _is_placeholder(error):
            fail(f"{label} raised {one_line(error)}", hint or _STUDENT_ERROR_HINT)
        raise NotAttempted(
            f"{_subject(label)} still raises NotImplementedError: replace that line with your code."
        ) from None
    except TimeLimitExceeded as stop:
        if not hasattr(stop, "label"):
            stop.label = _subject(label)
        raise
    except KeyboardInterrupt:
        raise
    except SystemExit:
        fail(f"{label} called exit(): it stopped instead of returning.", _STUDENT_ERROR_HINT)
    except RecursionError:
        fail(f"{label} raised RecursionError: it calls itself without end.", _STUDENT_ERROR_HINT)
    except BaseException as error:  # noqa: BLE001 - whatever the student raised
        fail(f"{label} raised {one_line(error)}", hint or _STUDENT_ERROR_HINT)


def _is_placeholder(error: NotImplementedError) -> bool:
    text = str(error).strip()
    return text == "" or "replace this line" in text


def _subject(label: str) -> str:
    """```f(x, w)` returned`` -> ```f```: the name a label starts with."""
    match = re.match(r"`?([A-Za-z_][\w.]*)", label)
    return f"`{match.group(1)}`" if match else label


def to_number(value: Any, what: str, hint: str = "") -> float:
    """``value`` as a finite float, or fail: ``what`` is e.g. ``"`f(x)` returned"``.

    Accepts Python and NumPy numbers, and arrays or tensors holding one value.

    Examples
    --------
    >>> to_number(2, "`n` is")
    2.0
    >>> to_number(None, "`f(x)` returned")
    Traceback (most recent call last):
    ...
    nnteach.checks.core.CheckFailed: `f(x)` returned None, expected a number. Did you forget \
`return`?
    """
    import numpy as np

    if value is None:
        fail(f"{what} None, expected a number. Did you forget `return`?", hint)
    if isinstance(value, bool | str | bytes) or value is Ellipsis or callable(value):
        fail(f"{what} {describe_value(value)}, expected a number.", hint)
    try:
        if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
            value = value.numpy()
        array = np.asarray(value, dtype=float)
    except Exception:  # noqa: BLE001
        fail(f"{what} {describe_value(value)}, expected a number.", hint)
    if array.size != 1:
        fail(f"{what} {describe_value(value)}, expected a single number.", hint)
    number = float(array.reshape(-1)[0])
    if number != number:
        fail(f"{what} NaN (not a number), expected a number.", hint or _NAN_HINT)
    if number in (float("inf"), float("-inf")):
        fail(f"{what} an infinite value, expected a finite number.", hint or _NAN_HINT)
    return number


_NAN_HINT = "NaN and inf come from 0/0, log(0) or overflow: look for a division by zero."


def to_whole_number(value: Any, what: str, hint: str = "", *, meaning: str = "") -> int:
    """``value`` as an ``int`` if it is a whole number (``3`` or ``3.0``), or fail.

    ``meaning`` names what the number stands for in the message ("an epoch").

    Examples
    --------
    >>> to_whole_number(3.0, "`count(x)` returned")
    3
    >>> to_whole_number(2.5, "`count(x)` returned", meaning="a count")
    Traceback (most recent call last):
    ...
    nnteach.checks.core.CheckFailed: `count(x)` returned 2.5, expected a whole number: a count.
    """
    number = to_number(value, what, hint)
    if not float(number).is_integer():
        expected = f"a whole number: {meaning}" if meaning else "a whole number"
        fail(f"{what} {number:g}, expected {expected}.", hint)
    return int(number)


def to_array(value: Any, what: str, *, dtype: Any = float, hint: str = "") -> Any:
    """``value`` as a NumPy array of ``dtype``, or fail with a message naming ``what``.

    Accepts lists, NumPy arrays and eager tensors.
    """
    import numpy as np

    if value is None:
        fail(f"{what} None, expected an array. Did you forget `return`?", hint)
    if isinstance(value, str | bytes | dict | set) or value is Ellipsis or callable(value):
        fail(f"{what} {describe_value(value)}, expected an array of numbers.", hint)
    try:
        if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
            value = value.numpy()
        array = np.asarray(value, dtype=dtype)
    except Exception:  # noqa: BLE001
        fail(f"{what} {describe_value(value)}, which cannot be read as an array of numbers.", hint)
    return array


def expect_shape(array: Any, shape: tuple[int, ...], what: str, why: str = "") -> None:
    """Fail unless ``array.shape == shape``: "`w` has shape (3,), expected {why}: (3, 1)"."""
    if tuple(array.shape) != tuple(shape):
        expected = f"{why}: {tuple(shape)}" if why else f"{tuple(shape)}"
        fail(f"{what} shape {tuple(array.shape)}, expected {expected}.")


def expect_finite(array: Any, what: str) -> None:
    """Fail if ``array`` holds NaN or infinite values."""
    import numpy as np

    if np.isnan(array).any():
        fail(f"{what} NaN (not a number) values.", _NAN_HINT)
    if np.isinf(array).any():
        fail(f"{what} infinite values.", _NAN_HINT)


def diagnose(
    failures: list[Any], diagnoses: list[tuple[Callable[[Any], bool], str, str]]
) -> tuple[str, str] | None:
    """The first ``(message, mistake)`` whose test holds for *every* failed trial.

    A mistake such as "counts epochs from 0" shows in every trial, while a
    hard-coded answer matches such a pattern at most by chance in one: naming a
    specific mistake only when all trials agree keeps the message honest.
    Each entry of ``diagnoses`` is ``(test, message, mistake slug)``.

    Examples
    --------
    >>> diagnose([(3, 4), (6, 7)], [(lambda t: t[0] == t[1] - 1, "off by one", "off-by-one")])
    ('off by one', 'off-by-one')
    >>> diagnose([(3, 4), (6, 9)], [(lambda t: t[0] == t[1] - 1, "off by one", "x")]) is None
    True
    """
    for test, message, mistake in diagnoses:
        try:
            if failures and all(test(failure) for failure in failures):
                return message, mistake
        except Exception:  # noqa: BLE001 - a diagnosis that cannot apply
            continue
    return None


# --------------------------------------------------------------------------- #
# Random inputs that decide
# --------------------------------------------------------------------------- #

_draw_seeds: Any = None  # a numpy SeedSequence while `seeded_draws` is active


def fresh_rng() -> Any:
    """A NumPy random generator: new inputs every time a check runs.

    Seeded from the operating system, except inside :func:`seeded_draws`,
    where the draws are reproducible (for the check audit and the tests).
    """
    import numpy as np

    if _draw_seeds is not None:
        return np.random.default_rng(_draw_seeds.spawn(1)[0])
    return np.random.default_rng()


@contextlib.contextmanager
def seeded_draws(seed: int) -> Iterator[None]:
    """Make every :func:`fresh_rng` inside the block reproducible from ``seed``.

    The audit (``bench/audit_checks.py``) and the tests sweep many seeds: a
    verdict that changed with the draw would show up as a disagreement.

    Examples
    --------
    >>> with seeded_draws(3):
    ...     a = fresh_rng().normal()
    >>> with seeded_draws(3):
    ...     b = fresh_rng().normal()
    >>> a == b
    True
    """
    import numpy as np

    global _draw_seeds
    previous, _draw_seeds = _draw_seeds, np.random.SeedSequence(int(seed))
    try:
        yield
    finally:
        _draw_seeds = previous


class CheckBug(RuntimeError):
    """A check could not build inputs that decide: a problem in the check, not the answer."""


def draw_until(draw: Callable[[Any], Any], decides: Callable[[Any], bool], rng: Any) -> Any:
    """Draw inputs with ``draw(rng)`` until ``decides(inputs)`` holds, and return them.

    A check compares a student's answer with a reference on random inputs and
    names known mistakes by computing them on the same inputs. ``decides``
    says whether the inputs separate the reference from every mistake the
    check knows (for example: some negative pre-activations before an output
    sigmoid, so that "ReLU on the output too" changes the result). Redrawing
    until they do makes the verdict independent of luck.

    Raises
    ------
    CheckBug
        When 1000 draws never decide: the draw is built wrongly (the result
        of the check is then ``error``, never a pass).
    """
    for _ in range(1000):
        inputs = draw(rng)
        if decides(inputs):
            return inputs
    raise CheckBug("no random inputs separated the right answer from the known mistakes")


def separates(reference: Any, variants: Any, *, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    """Whether every array in ``variants`` differs from ``reference`` beyond the tolerance.

    The tolerance should be the one the check compares answers with, widened
    (the default is 100 times tighter than a check's usual ``rtol=1e-3``).
    """
    import numpy as np

    ref = np.asarray(reference, dtype=float)
    for value in variants:
        other = np.asarray(value, dtype=float)
        if other.shape == ref.shape and np.allclose(other, ref, rtol=rtol * 100, atol=atol * 100):
            return False
    return True


# --------------------------------------------------------------------------- #
# The student's own work
# --------------------------------------------------------------------------- #

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CHECKS_DIR = os.path.dirname(os.path.abspath(__file__))


def _from_package(value: Any) -> bool:
    """Whether ``value`` (a function or class) is defined in ``nnteach`` itself."""
    try:
        return _defined_in_package(value)
    except Exception:  # noqa: BLE001 - a hostile object's attributes may raise
        return False


def _defined_in_package(value: Any) -> bool:
    module = getattr(value, "__module__", None) or ""
    if not isinstance(module, str):
        return False
    if module == "nnteach" or module.startswith("nnteach."):
        return True
    if isinstance(value, type):
        return any(_defined_in_package(b) for b in value.__mro__[1:] if b is not object)
    wrapped = getattr(value, "__wrapped__", None) or getattr(value, "func", None)
    return wrapped is not None and wrapped is not value and _defined_in_package(wrapped)


def expect_own(name: str, value: Any) -> None:
    """Fail when ``value`` is a function or class of ``nnteach`` (the course's package).

    An exercise asks for the student's own code; the package's helpers may do
    the same job (the lessons use them), but handing one in is not an answer.
    """
    if _from_package(value):
        what = "class" if isinstance(value, type) else "function"
        fail(
            f"`{name}` is (or is built on) the course package's own {what} "
            f"`{getattr(value, '__qualname__', type(value).__name__)}`: use your own code.",
            f"Write `{name}` yourself; the nnteach helpers are for the lessons, not the answers.",
            mistake="package-answer",
        )


class _PackageCalls:
    """A profile hook that notes calls into ``nnteach`` (outside the checks) by student code."""

    def __init__(self) -> None:
        self.called: str | None = None

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if self.called is not None:
            return
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(_PACKAGE_DIR) and not filename.startswith(_CHECKS_DIR):
                self.called = frame.f_code.co_qualname
        elif event == "c_call" and _from_package(arg):
            self.called = getattr(arg, "__qualname__", "?")


def call_student(label: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a student's function inside :func:`student_code`; refuse a package wrapper.

    A function that only calls an ``nnteach`` helper (``return nnteach.x(...)``)
    fails with "use your own code": the profile hook sees every Python call the
    student's function makes, however deep.
    """
    expect_own(_subject(label).strip("`"), func)
    watch = _PackageCalls()
    previous = sys.getprofile()
    with student_code(label):
        sys.setprofile(watch)
        try:
            result = func(*args, **kwargs)
        finally:
            sys.setprofile(previous)
    if watch.called is not None:
        fail(
            f"{label} calls the course package's `{watch.called}`: use your own code.",
            "Write the computation yourself; the nnteach helpers are for the lessons.",
            mistake="package-answer",
        )
    return result


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
