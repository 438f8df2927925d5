"""The result of checking one exercise task: text for terminals, a panel for Jupyter.

Introduced in the exercise notebooks (``exercises/``), where every check cell
shows one :class:`CheckResult`.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass
from typing import Any

# The status names, icons and colours live in nnteach.style, shared with the
# feedback pages of ``nnteach grade``; they are re-exported here.
from ..style import ERROR, FAILED, NOT_ATTEMPTED, NOT_CHECKED, PASSED, STATUS_STYLES, STATUSES

__all__ = [
    "ERROR",
    "FAILED",
    "NOT_ATTEMPTED",
    "NOT_CHECKED",
    "PASSED",
    "STATUSES",
    "CheckResult",
    "format_points",
]


def format_points(points: float) -> str:
    """Points as a short string: ``2`` rather than ``2.0``, ``0.5`` as is.

    Examples
    --------
    >>> format_points(2.0), format_points(0.5)
    ('2', '0.5')
    """
    points = float(points)
    return str(int(points)) if points.is_integer() else f"{points:g}"


@dataclass(frozen=True)
class CheckResult:
    """Outcome of checking one task of an exercise notebook.

    A check never shows the expected value or the solution: ``message`` says
    what is wrong with the student's answer (which variable, what kind of
    problem) and ``hint`` suggests what to look at.

    Parameters
    ----------
    task_id : str
        The task, e.g. ``"1.2"`` (exercise 1, task 2).
    title : str
        Short title of the task.
    status : {"passed", "failed", "not attempted", "error", "not checked"}
        ``"failed"`` covers wrong answers and student code that raised or ran
        too long; ``"error"`` means the check itself could not run (an unknown
        task id, or a problem in the checking code) and is worth reporting.
        ``"not checked"`` is for ``nnteach grade``'s records only: a task of a
        notebook the checks never saw (it timed out, was not a notebook...).
    message : str, default=""
        What is wrong, in one or two sentences (empty when passed).
    hint : str, default=""
        What to try next.
    points : float, default=0
        Points earned: ``max_points`` when passed, 0 otherwise.
    max_points : float, default=0
        Points the task is worth.
    exercise : str, default=""
        The exercise the task belongs to, e.g. ``"01"``.
    mistake : str, default=""
        A stable id of the diagnosed mistake, ``"<task>/<slug>"`` (e.g.
        ``"2.2/relu-on-output"``), when the check named a specific one; empty
        for a pass, an undiagnosed failure, or a student error. Class reports
        group on it, never on the message text.
    second_hint : str, default=""
        A more specific hint, set by ``check()`` when the same mistake is made
        again in the same kernel session (:func:`nnteach.checks.sections.remember`).

    A failed task's panel also says which lesson section to revisit
    (:func:`nnteach.checks.sections.section_for`), with links to the lesson in
    JupyterLab and on the course website.

    Examples
    --------
    >>> result = CheckResult("1.2", "Weights for a spec", "passed", points=1, max_points=1)
    >>> result
    ✔ Task 1.2 (1/1): passed
    >>> result.passed, result.to_dict()["status"]
    (True, 'passed')
    >>> CheckResult("1.2", "Weights", "failed", "`weights` has shape (3,).", "Use a column.",
    ...             max_points=1)
    ✘ Task 1.2 (0/1): `weights` has shape (3,). Hint: Use a column.
    """

    task_id: str
    title: str
    status: str
    message: str = ""
    hint: str = ""
    points: float = 0.0
    max_points: float = 0.0
    exercise: str = ""
    mistake: str = ""
    second_hint: str = ""

    def __post_init__(self) -> None:
        if self.status not in (*STATUSES, NOT_CHECKED):
            raise ValueError(
                f"Invalid value for argument `status`. Expected one of {(*STATUSES, NOT_CHECKED)}. "
                f"Received: status={self.status!r}."
            )

    @property
    def passed(self) -> bool:
        """``True`` when the task passed."""
        return self.status == PASSED

    @property
    def score(self) -> str:
        """Points as ``"earned/max"``, e.g. ``"2/2"``."""
        return f"{format_points(self.points)}/{format_points(self.max_points)}"

    def summary(self) -> str:
        """The message (and hint) without the task prefix: what the scorecard shows."""
        if self.status == PASSED:
            return "passed"
        if self.status == NOT_ATTEMPTED:
            text = "not attempted yet"
            if self.message:
                text += ". " + self.message
        else:
            text = self.message or STATUS_STYLES[self.status].label
        if self.hint:
            if not text.endswith((".", "!", "?", ":")):
                text += "."
            text += " Hint: " + self.hint
        if self.second_hint:
            text += " Second hint: " + self.second_hint
        return text

    def __repr__(self) -> str:
        icon = STATUS_STYLES[self.status].icon
        return f"{icon} Task {self.task_id} ({self.score}): {self.summary()}"

    def _repr_html_(self) -> str:
        style = STATUS_STYLES[self.status]
        border, background = style.colour, style.background
        title = f"Task {self.task_id}" + (f" · {self.title}" if self.title else "")
        lines = [f"<b>{style.icon} {style.label.capitalize()}</b>"]
        if self.message:
            lines.append(_inline_code(self.message))
        if self.hint:
            lines.append(f"<i>Hint:</i> {_inline_code(self.hint)}")
        if self.second_hint:
            lines.append(f"<i>Second hint:</i> {_inline_code(self.second_hint)}")
        if self.status == FAILED:
            lines.append(_revisit_html(self.task_id, self.mistake))
        return (
            f'<div style="border-left: 5px solid {border}; background: {background}; '
            "color: #202124; padding: 6px 10px; margin: 4px 0; border-radius: 3px; "
            'font-family: sans-serif; font-size: 0.95em; line-height: 1.4">'
            f'<div><span style="font-weight: 600">{html.escape(title)}</span>'
            f'<span style="float: right">{self.score} points</span></div>'
            + "".join(f"<div>{line}</div>" for line in lines if line)
            + "</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable ``dict`` of every field (points as floats).

        Examples
        --------
        >>> import json
        >>> json.dumps(CheckResult("1.1", "A neuron", "not attempted", max_points=1).to_dict())
        '{"task_id": "1.1", "title": "A neuron", "status": "not attempted", "message": "", \
"hint": "", "points": 0.0, "max_points": 1.0, "exercise": "", "mistake": "", "second_hint": ""}'
        """
        data = asdict(self)
        data["points"] = float(self.points)
        data["max_points"] = float(self.max_points)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckResult:
        """Rebuild a result from :meth:`to_dict`'s output (e.g. read back from JSON)."""
        fields = ("task_id", "title", "status", "message", "hint", "points", "max_points")
        kwargs = {name: data[name] for name in fields}
        kwargs["exercise"] = data.get("exercise", "")
        kwargs["mistake"] = data.get("mistake", "")
        kwargs["second_hint"] = data.get("second_hint", "")
        return cls(**kwargs)

    @classmethod
    def from_untrusted(cls, data: Any, task_id: str, max_points: float) -> CheckResult:
        """The result for ``task_id`` read from anything: only a well-formed one counts.

        The status must be one of :data:`STATUSES` (else ``"error"``), texts are
        cut to 1000 characters, the mistake id must be one of this task's
        (``"1.2/rows-swapped"``) on a failure, and the points are recomputed:
        ``max_points`` for a pass, 0 otherwise, whatever ``data`` says.

        Examples
        --------
        >>> from nnteach.checks.result import CheckResult
        >>> CheckResult.from_untrusted({"status": "passed", "points": 99}, "1.1", 1).points
        1.0
        >>> CheckResult.from_untrusted("garbage", "1.1", 1).status
        'error'
        """
        item = data if isinstance(data, dict) else {}
        status = item.get("status") if item.get("status") in STATUSES else ERROR
        message = item.get("message", "") if item else "The checks returned no result."
        mistake = item.get("mistake")
        if status != FAILED or not isinstance(mistake, str) or len(mistake) > 80:
            mistake = ""
        elif not re.fullmatch(rf"{re.escape(task_id)}/[a-z0-9][a-z0-9_-]*", mistake):
            mistake = ""
        return cls(
            task_id=task_id,
            title=str(item.get("title", ""))[:200],
            status=status,
            message=str(message)[:1000],
            hint=str(item.get("hint", ""))[:1000],
            points=float(max_points) if status == PASSED else 0.0,
            max_points=float(max_points),
            exercise=str(item.get("exercise", ""))[:10],
            mistake=mistake,
        )


def _revisit_html(task_id: str, mistake: str) -> str:
    """ "Revisit: Lesson 5 · ..." with links to the lesson in JupyterLab and on the site."""
    from .sections import section_for

    section = section_for(task_id, mistake)
    if section is None:
        return ""
    # underlined: a link is told apart by more than its colour (WCAG 1.4.1)
    link = 'style="color: #174ea6; text-decoration: underline"'
    return (
        f'<span class="nnteach-revisit"><i>Revisit:</i> '
        f'<a {link} href="{html.escape(section.notebook_link())}">'
        f"{html.escape(section.label)}</a> "
        f'(<a {link} href="{html.escape(section.site_url())}" target="_blank" '
        'rel="noopener">on the course website</a>)</span>'
    )


def _inline_code(text: str) -> str:
    """Escape ``text`` for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))
