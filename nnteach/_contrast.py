"""Colour contrast as WCAG 2.1 measures it, and the nearest colour that reads well.

Used where pages we publish show coloured text: the course website (terminal
colours in Keras's output) and the feedback pages of ``nnteach grade`` (the
status colours). WCAG 2.1 AA asks for a contrast of at least 4.5:1 between
text and its background (success criterion 1.4.3).
"""

from __future__ import annotations

__all__ = ["AA_TEXT", "contrast_ratio", "readable_colour"]

#: WCAG 2.1 AA's minimum contrast for body text
AA_TEXT = 4.5


def _rgb(colour: str) -> tuple[float, float, float]:
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(
            f"Invalid value for argument `colour`. Expected '#rrggbb' or '#rgb'. "
            f"Received: colour={colour!r}."
        )
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white).

    Examples
    --------
    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast_ratio("#b0b0b0"), 2)
    2.17
    """
    lighter, darker = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))))
    return (darker + 0.05) / (lighter + 0.05)


def readable_colour(colour: str, background: str = "#ffffff", ratio: float = AA_TEXT) -> str:
    """``colour``, darkened just enough (same hue) to reach ``ratio`` against ``background``.

    Examples
    --------
    >>> readable_colour("#1a1a1a")
    '#1a1a1a'
    >>> new = readable_colour("#00af00")
    >>> contrast_ratio(new) >= 4.5 and new != "#00af00"
    True
    """
    if contrast_ratio(colour, background) >= ratio:
        return colour
    r, g, b = _rgb(colour)
    for step in range(1, 101):
        scale = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * scale * 255):02x}" for c in (r, g, b))
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return "#000000"
