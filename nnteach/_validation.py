"""Argument checks shared by every public helper.

Each check raises ``TypeError`` or ``ValueError`` with a message in three parts,
in the style of Keras's own errors: what was received, what was expected, and
how to fix it. ``assert`` is never used for validation (it vanishes under
``python -O``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "check_choice",
    "check_int",
    "check_number",
    "check_type",
    "describe",
]


def describe(value: Any) -> str:
    """Short, safe description of a value for an error message.

    Long reprs are cut, arrays show their shape and dtype instead of values.
    """
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype"):
        return f"{type(value).__name__} with shape {tuple(shape)} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return text


def check_type(name: str, value: Any, expected: type | tuple[type, ...], hint: str = "") -> Any:
    """Raise ``TypeError`` unless ``value`` is an instance of ``expected``."""
    if not isinstance(value, expected):
        names = (
            " or ".join(t.__name__ for t in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        msg = (
            f"Invalid type for argument `{name}`. Expected {names}. "
            f"Received: {name}={describe(value)} (type {type(value).__name__})."
        )
        raise TypeError(f"{msg} {hint}".strip())
    return value


def check_choice(name: str, value: Any, choices: Iterable[Any], hint: str = "") -> Any:
    """Raise ``ValueError`` unless ``value`` is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        msg = (
            f"Invalid value for argument `{name}`. Expected one of {choices}. "
            f"Received: {name}={describe(value)}."
        )
        raise ValueError(f"{msg} {hint}".strip())
    return value


def check_int(
    name: str,
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    hint: str = "",
) -> int:
    """Return ``value`` as ``int`` if it is a whole number within bounds.

    ``bool`` is rejected (``True`` is an ``int`` in Python, but never a size).
    """
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"Invalid type for argument `{name}`. Expected a whole number (int). "
            f"Received: {name}={describe(value)} (type {type(value).__name__}). "
            f"{hint}".strip()
        )
    value = int(value)
    _check_bounds(name, value, minimum, maximum, hint)
    return value


def check_number(
    name: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_minimum: bool = False,
    hint: str = "",
) -> float:
    """Return ``value`` as ``float`` if it is a finite real number within bounds."""
    import math
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"Invalid type for argument `{name}`. Expected a number. "
            f"Received: {name}={describe(value)} (type {type(value).__name__}). "
            f"{hint}".strip()
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a finite number. "
            f"Received: {name}={value}. {hint}".strip()
        )
    if strict_minimum and minimum is not None and value <= minimum:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a number greater than "
            f"{minimum}. Received: {name}={value}. {hint}".strip()
        )
    _check_bounds(name, value, None if strict_minimum else minimum, maximum, hint)
    return value


def _check_bounds(name, value, minimum, maximum, hint):
    if minimum is not None and value < minimum:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a value >= {minimum}. "
            f"Received: {name}={value}. {hint}".strip()
        )
    if maximum is not None and value > maximum:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a value <= {maximum}. "
            f"Received: {name}={value}. {hint}".strip()
        )
