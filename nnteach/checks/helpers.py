"""The building blocks of a check: outcomes, staged expectations, deciding inputs.

A check (one function per task, in ``exNN_<notebook>.py``) reads the student's
variables with :func:`require`, checks them in stages (defined? then type,
shape, values, behaviour) with the ``expect_*`` and ``to_*`` helpers, calls
the student's code through :func:`call_student` / :func:`student_code` (an
exception becomes one line), and stops with :func:`fail` (wrong, with a
message that names the variable and the mistake) or :class:`NotAttempted`.

Random inputs come from :func:`fresh_rng`; :func:`draw_until` and
:func:`separates` build them so that every mistake the check diagnoses
changes the answer on them, so a verdict never depends on the draw.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn

from ._sandbox import TimeLimitExceeded

__all__ = [
    "CheckBug",
    "CheckFailed",
    "NotAttempted",
    "StudentProxy",
    "call_student",
    "describe_value",
    "diagnose",
    "draw_until",
    "expect_callable",
    "expect_float_array",
    "expect_finite",
    "expect_own",
    "expect_shape",
    "fail",
    "fresh_rng",
    "one_line",
    "refuse_library",
    "require",
    "require_all",
    "seeded_draws",
    "separates",
    "student_code",
    "to_array",
    "to_number",
    "to_whole_number",
]

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
    nnteach.checks.helpers.CheckFailed: `weights` has shape (3,), expected (3, 1).
    """
    raise CheckFailed(message, hint, mistake)


class StudentProxy:
    """Base of the judge's stand-ins for a student's value that stays in their kernel.

    When ``nnteach grade`` checks a notebook, the checks run in the grading
    process, not in the student's kernel (:mod:`nnteach.grading.judge`):
    :func:`require` then returns plain data copied over, or a stand-in of this
    class for a function, class or object, whose calls run in the kernel. The
    helpers below ask a stand-in for what they would read from the real value.
    """

    _package = False  # whether the kernel says it comes from nnteach

    def _describe(self) -> str:
        return "an object"

    def _call_student(
        self, args: tuple, kwargs: dict, refuse: str | None = None
    ) -> tuple[Any, str | None, str | None]:
        """Call it in the kernel under the package-call watch.

        ``refuse`` is the name pattern of the library functions the task
        refuses (:func:`refuse_library`). Returns ``(result, the nnteach function
        it called, the refused library function it called)``.
        """
        raise TypeError(f"{self._describe()} cannot be called")


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
    nnteach.checks.helpers.NotAttempted: `w` is still `...`: replace it with your answer.
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
    if isinstance(value, StudentProxy):
        return value._describe()
    return _describe(value)


def _describe(value: Any) -> str:
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
    nnteach.checks.helpers.CheckFailed: `f(x)` returned None, expected a number. Did you forget \
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
    nnteach.checks.helpers.CheckFailed: `count(x)` returned 2.5, expected a whole number: a count.
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


def expect_float_array(value: Any, what: str, hint: str = "") -> Any:
    """``value`` as a float array if it is a NumPy array (or tensor) of floats, or fail.

    For tasks whose statement asks for an array: the common slips get their
    own message (a list, integers that cut off the decimals, booleans).

    Examples
    --------
    >>> expect_float_array([0.5, 1.0], "`f(x)` returned")
    Traceback (most recent call last):
    ...
    nnteach.checks.helpers.CheckFailed: `f(x)` returned a list of 2 items, expected a NumPy \
array: the task asks for an array.
    """
    import numpy as np

    if isinstance(value, list | tuple):
        fail(
            f"{what} {describe_value(value)}, expected a NumPy array: the task asks for an array.",
            hint or "np.asarray turns a list into an array; NumPy operations return arrays.",
            mistake="list-not-array",
        )
    try:
        kind = str(getattr(getattr(value, "dtype", None), "kind", ""))
    except Exception:  # noqa: BLE001 - a hostile object: to_array below decides
        kind = ""
    if kind == "b":
        fail(
            f"{what} booleans (True/False), expected numbers.",
            hint or "A comparison gives booleans: turn them into numbers, or use them to choose.",
            mistake="returns-booleans",
        )
    if kind in ("i", "u"):
        fail(
            f"{what} integers ({value.dtype}): the decimals are cut off. Expected floats.",
            hint or "Look for int(), astype(int) or an integer array your result starts from.",
            mistake="returns-integers",
        )
    array = to_array(value, what, hint=hint)
    return np.asarray(array, dtype=float)


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
    """Whether the reference and every array in ``variants`` all differ from one another.

    The right answer must differ from each known mistake, so that no mistake
    passes; and the mistakes must differ from each other, so that a wrong
    answer is named by the mistake it makes and not by another one that
    happens to give the same numbers on this draw. The tolerance should be the
    one the check compares answers with, widened (the default is 100 times
    tighter than a check's usual ``rtol=1e-3``).

    Examples
    --------
    >>> separates([1.0, 2.0], [[1.0, -2.0], [0.0, 2.0]])
    True
    >>> separates([1.0, 2.0], [[1.0, -2.0], [1.0, -2.0]])  # two mistakes look alike
    False
    """
    import numpy as np

    arrays = [np.asarray(reference, dtype=float)]
    arrays += [np.asarray(value, dtype=float) for value in variants]
    for i, a in enumerate(arrays):
        for b in arrays[i + 1 :]:
            if a.shape == b.shape and np.allclose(a, b, rtol=rtol * 100, atol=atol * 100):
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
    if isinstance(value, StudentProxy):
        return bool(value._package)
    if isinstance(value, type) and "_nnteach_proxy" in vars(value):  # a judge's class stand-in
        return bool(vars(value)["_nnteach_proxy"])
    code = getattr(value, "__code__", None)
    if code is not None and isinstance(getattr(code, "co_filename", None), str):
        # a Python function: where its code was written decides, not its __module__
        # (a doctest or a notebook may define functions in a module's namespace)
        return code.co_filename.startswith(_PACKAGE_DIR + os.sep)
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


#: the package's lazy-import hooks: looking a name up is not using it
_LOOKUPS = frozenset({"__getattr__", "__dir__"})


class _PackageCalls:
    """A profile hook that notes calls into ``nnteach`` (outside the checks) by student code.

    Inside :func:`refuse_library` it also notes the first call of a library
    function the task refuses (``library``: its module and name).
    """

    def __init__(self, refuse: str | None = None) -> None:
        self.called: str | None = None
        self.library: str | None = None
        self.refused = _refused[-1] if _refused else None
        if refuse is not None:  # the judge's pattern, in the student's kernel
            self.refused = (re.compile(refuse, re.IGNORECASE), "", "", "")

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if self.refused is not None and self.library is None and event == "call":
            self.library = _refused_call(frame, self.refused[0])
        if self.called is not None:
            return
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(_PACKAGE_DIR) and not filename.startswith(_CHECKS_DIR):
                if frame.f_code.co_name in _LOOKUPS:
                    return  # a name lookup on the package (autograph inspects globals)
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
    refused = _refused[-1] if _refused else None
    if isinstance(func, StudentProxy):  # graded: the call runs in the student's kernel
        pattern = refused[0].pattern if refused is not None else None
        with student_code(label):
            result, called, library = func._call_student(args, kwargs, pattern)
    else:
        watch = _PackageCalls()
        previous = sys.getprofile()
        with student_code(label):
            sys.setprofile(watch)
            try:
                result = func(*args, **kwargs)
            finally:
                sys.setprofile(previous)
        called, library = watch.called, watch.library
    if called is not None:
        fail(
            f"{label} calls the course package's `{called}`: use your own code.",
            "Write the computation yourself; the nnteach helpers are for the lessons.",
            mistake="package-answer",
        )
    if library is not None and refused is not None:
        _, message, hint, mistake = refused
        fail(f"{label} calls {library}: {message}", hint, mistake=mistake)
    return result


#: the libraries whose functions :func:`refuse_library` may refuse
_LIBRARIES = ("keras", "tensorflow", "tf_keras", "scipy", "sklearn", "jax", "torch", "optax")
_refused: list[tuple[Any, str, str, str]] = []  # (name pattern, message, hint, mistake)


def _refused_call(frame: Any, pattern: Any) -> str | None:
    """``"`softmax` from keras"`` when ``frame`` runs a refused function of a library."""
    try:
        module = frame.f_globals.get("__name__") or ""
        name = frame.f_code.co_name
        if isinstance(module, str) and module.split(".")[0] in _LIBRARIES and pattern.search(name):
            return f"`{name}` from {module.split('.')[0]}"
    except Exception:  # noqa: BLE001 - a hostile frame
        return None
    return None


@contextlib.contextmanager
def refuse_library(pattern: str, message: str, hint: str, *, mistake: str) -> Iterator[None]:
    """Inside the block, :func:`call_student` fails when the code calls a refused function.

    A task that teaches how a function works ("write softmax from exp, max and
    sum") refuses the libraries' own version: a function of Keras, TensorFlow,
    SciPy, scikit-learn, JAX or PyTorch whose name matches ``pattern`` (a
    regular expression, searched in the function's name), called at any depth.

    Parameters
    ----------
    pattern : str
        Regular expression for the refused functions' names (``"softmax"``).
    message : str
        Said after "`f(x)` calls `softmax` from keras:".
    hint : str
        What to do instead.
    mistake : str
        The mistake id of the failure.
    """
    _refused.append((re.compile(pattern, re.IGNORECASE), message, hint, mistake))
    try:
        yield
    finally:
        _refused.pop()
