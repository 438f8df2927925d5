"""Numbers in explanations as a student reads them (labels, titles, summaries).

Shared by :class:`~nnteach.explain.Explanation` and the explanation explorer
(lesson 6).
"""

from __future__ import annotations

__all__ = ["format_number", "format_signed"]


def format_number(value: float, digits: int = 3) -> str:
    """A number as a student reads it: 3 significant digits, no 1e+03 for 1000.

    Examples
    --------
    >>> format_number(0.012345), format_number(1234.5), format_number(0)
    ('0.0123', '1,234', '0')
    """
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 10 ** (digits - 1) - 0.05 and abs(value) < 1e9:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def format_signed(value: float, digits: int = 3) -> str:
    """A number with its sign, as bar labels show it: ``+0.12``, ``-3``.

    Examples
    --------
    >>> format_signed(0.1234), format_signed(-2500.0)
    ('+0.123', '-2,500')
    """
    text = format_number(value, digits)
    return text if text.startswith("-") else "+" + text
