"""The jinja2 environment of the grading pages (``templates/*.html.j2``).

Autoescaping is on: messages can quote a student's own exception text. Three
filters: ``points`` (``2`` rather than ``2.0``), ``code`` (```x``` becomes
``<code>x</code>`` after escaping) and ``readable`` (a colour darkened to a
4.5:1 contrast on white, for coloured text).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from .._contrast import readable_colour
from ..checks.result import format_points

__all__ = ["load_template"]


@cache
def load_template(name: str) -> Any:
    """The template ``templates/<name>``, loaded once.

    Examples
    --------
    >>> from nnteach.grading._templates import load_template
    >>> load_template("feedback.html.j2").name
    'feedback.html.j2'
    """
    import jinja2
    from markupsafe import Markup, escape

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["points"] = format_points
    # a status colour as text on white, darkened where needed to a 4.5:1 contrast
    env.filters["readable"] = readable_colour
    env.filters["code"] = lambda text: Markup(
        re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(str(text))))
    )
    return env.get_template(name)
