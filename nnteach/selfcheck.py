"""Environment self-check for the first lesson (``00_start_here``).

Introduced in lesson 0 (start here).
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata

__all__ = ["EnvironmentReport", "environment_report", "widget_check"]

# distribution name -> (label shown to the student, oldest version the course supports)
_REQUIREMENTS: dict[str, tuple[str, str]] = {
    "tensorflow": ("TensorFlow", "2.16"),
    "keras": ("Keras", "3.3"),
    "shap": ("shap", "0.46"),
    "ipywidgets": ("ipywidgets", "8.1"),
    "scikit-learn": ("scikit-learn", "1.4"),
    "matplotlib": ("matplotlib", "3.8"),
}


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _installed_version(dist: str) -> str | None:
    candidates = [dist] + (["tensorflow-cpu"] if dist == "tensorflow" else [])
    for name in candidates:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


@dataclass(frozen=True)
class EnvironmentReport:
    """Versions of Python and the course's main packages, and whether each is recent enough.

    Attributes
    ----------
    python : str
        The running Python version.
    rows : tuple of (label, installed version or None, minimum version, ok)
    """

    python: str
    rows: tuple[tuple[str, str | None, str, bool], ...]

    @property
    def ok(self) -> bool:
        """True when Python is 3.11+ and every package is installed and recent enough."""
        return sys.version_info >= (3, 11) and all(row[3] for row in self.rows)

    def _lines(self) -> list[str]:
        lines = [f"Python       {self.python}"]
        for label, version, minimum, ok in self.rows:
            if version is None:
                status = f"MISSING (need >= {minimum}: run `make lab` or `pip install -e .`)"
            elif not ok:
                status = f"{version}  TOO OLD (need >= {minimum})"
            else:
                status = version
            lines.append(f"{label:<12} {status}")
        verdict = (
            "All set: every package the course needs is installed."
            if self.ok
            else "Something is missing or too old: see the lines above."
        )
        return [*lines, verdict]

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_html_(self) -> str:
        import html

        colour = "#1a7f37" if self.ok else "#cf222e"
        body = "<br>".join(html.escape(line) for line in self._lines())
        return (
            f'<div style="font-family:monospace;border-left:4px solid {colour};'
            f'padding:4px 8px">{body}</div>'
        )


def environment_report() -> EnvironmentReport:
    """Collect the versions the course depends on, without importing the packages.

    Versions are read from the installed package metadata, so the check is
    instant and works even when a package is broken.

    Returns
    -------
    EnvironmentReport
        Displays as a small table; ``report.ok`` says whether all is well.

    Examples
    --------
    >>> from nnteach.selfcheck import environment_report
    >>> report = environment_report()
    >>> report.python.count(".") >= 1
    True
    """
    rows = []
    for dist, (label, minimum) in _REQUIREMENTS.items():
        version = _installed_version(dist)
        ok = version is not None and _version_tuple(version) >= _version_tuple(minimum)
        rows.append((label, version, minimum, ok))
    return EnvironmentReport(python=platform.python_version(), rows=tuple(rows))


def widget_check():
    """A slider whose label reports, from the kernel, each time it is moved.

    If the slider appears and the message changes when you drag it, the
    browser and the kernel talk to each other and every explorer in the
    course will work. If you see text like ``IntSlider(value=0, ...)``
    instead of a slider, widgets are not rendering (see the README's
    troubleshooting section).

    Returns
    -------
    ipywidgets.VBox
        The slider and its message; ``box.children``.

    Examples
    --------
    >>> from nnteach.selfcheck import widget_check
    >>> box = widget_check()
    >>> slider, message = box.children
    >>> slider.value = 3
    >>> message.value
    'Widgets work: the kernel received the value 3.'
    """
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=0, min=0, max=10, description="Move me")
    message = widgets.Label("Move the slider: this message should change.")

    def on_change(change):
        message.value = f"Widgets work: the kernel received the value {change['new']}."

    slider.observe(on_change, names="value")
    return widgets.VBox([slider, message])
