"""One HTML page per student: each task's result and hint, never the expected values.

The page shows what the checks said (the same words a student sees in the
notebook's check cells, which never give the answer away), the errors their
cells raised, and for a notebook that could not be checked, why. Every piece of
text is HTML-escaped: messages can quote a student's own exception text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .gradebook import atomic_write_text
from .statuses import GRADED, MISSING, describe_status

__all__ = ["feedback_path", "render_feedback", "write_feedback"]

_LABELS = {
    "passed": ("✔", "passed", "#1e8e3e"),
    "failed": ("✘", "not yet right", "#d93025"),
    "not attempted": ("○", "not attempted", "#80868b"),
    "error": ("⚠", "could not be checked", "#b06000"),
}

_STYLE = """
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; color: #202124;
       line-height: 1.45; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #dadce0; padding: 6px 8px; text-align: left;
         vertical-align: top; }
th { background: #f1f3f4; }
td.points { white-space: nowrap; text-align: right; }
.note { background: #fef7e0; border-left: 4px solid #b06000; padding: 6px 10px; }
.status { font-weight: 600; }
code { background: #f1f3f4; padding: 0 3px; border-radius: 3px; }
"""


def _text(value: Any) -> str:
    """Escape for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(value)))


def _points(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _task_rows(nb: Mapping[str, Any]) -> str:
    rows = []
    for item in nb.get("results", []):
        icon, label, colour = _LABELS.get(item["status"], ("", item["status"], "#202124"))
        details = []
        if item.get("message") and item["status"] != "passed":
            details.append(_text(item["message"]))
        if item.get("hint") and item["status"] != "passed":
            details.append(f"<i>Hint:</i> {_text(item['hint'])}")
        rows.append(
            "<tr>"
            f"<td>{_text(item['task_id'])}</td>"
            f"<td>{_text(item.get('title', ''))}</td>"
            f'<td class="status" style="color: {colour}">{icon} {html.escape(label)}</td>'
            f'<td class="points">{_points(item["points"])} / {_points(item["max_points"])}</td>'
            f"<td>{'<br>'.join(details)}</td>"
            "</tr>"
        )
    head = "<tr><th>task</th><th>title</th><th>result</th><th>points</th><th>feedback</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _notebook_section(nb: Mapping[str, Any]) -> str:
    exercise = nb.get("exercise") or "?"
    title = nb.get("exercise_title") or ""
    heading = f"Exercise {_text(exercise)}" + (f" · {_text(title)}" if title else "")
    parts = [f"<h2>{heading}</h2>", f"<p>Notebook: <code>{_text(nb.get('notebook', ''))}</code>"]
    status = nb.get("status", "")
    if status == GRADED:
        earned = sum(r["points"] for r in nb.get("results", []))
        top = sum(r["max_points"] for r in nb.get("results", []))
        parts[-1] += f" · <b>{_points(earned)} / {_points(top)} points</b></p>"
        parts.append(_task_rows(nb))
    else:
        top = sum(t["max_points"] for t in nb.get("tasks", []))
        score = f" · <b>0 / {_points(top)} points</b>" if top else ""
        parts[-1] += f"{score}</p>"
        detail = f" ({_text(nb['detail'])})" if nb.get("detail") else ""
        parts.append(
            f'<p class="note"><b>{_text(status)}</b>: {_text(describe_status(status))}{detail}</p>'
        )
    errors = nb.get("cell_errors") or []
    if errors:
        items = "".join(
            f"<li>cell {int(e.get('cell', 0))}: {_text(e.get('error', ''))}</li>" for e in errors
        )
        parts.append(
            "<p>These cells of your notebook raised an error when it was run top to "
            f"bottom (the cells after them still ran):</p><ul>{items}</ul>"
        )
    if nb.get("tampered"):
        parts.append(
            '<p class="note">This notebook changed its check cells or the checking code; '
            "it was graded on your answers, and your instructor will look at it.</p>"
        )
    return "\n".join(parts)


def render_feedback(
    result: Mapping[str, Any], exercises: Mapping[str, Mapping[str, Any]] | None = None
) -> str:
    """The feedback page of one student, as HTML.

    Parameters
    ----------
    result : mapping
        The student's result (:func:`nnteach.grading.runner.grade_submission`).
    exercises : mapping, optional
        The class's exercises (:func:`nnteach.grading.gradebook.class_exercises`):
        a student in the folder layout is told which of them they did not submit.

    Returns
    -------
    str

    Examples
    --------
    >>> from nnteach.grading.feedback import render_feedback
    >>> nb = {"notebook": "bob.ipynb", "exercise": "", "status": "invalid notebook",
    ...       "detail": "the file is empty", "tasks": [], "results": []}
    >>> page = render_feedback({"student": "<bob>", "notebooks": [nb]})
    >>> "&lt;bob&gt;" in page and "the file is empty" in page
    True
    """
    student = result.get("student", "")
    sections = [_notebook_section(nb) for nb in result.get("notebooks", [])]
    submitted = {nb.get("exercise") for nb in result.get("notebooks", [])}
    if result.get("layout") == "folder":
        for exercise, info in (exercises or {}).items():
            if exercise not in submitted:
                sections.append(
                    f"<h2>Exercise {_text(exercise)} · {_text(info.get('title', ''))}</h2>"
                    f'<p class="note"><b>{MISSING}</b>: {_text(describe_status(MISSING))}</p>'
                )
    if not sections:
        sections.append(f"<p>{_text(describe_status(MISSING))}</p>")
    graded_at = result.get("graded_at", "")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Feedback for {_text(student)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<h1>Feedback for {_text(student)}</h1>\n"
        + "\n".join(sections)
        + f"\n<p><small>Graded {_text(graded_at)} with <code>nnteach grade</code>.</small></p>"
        "\n</body>\n</html>\n"
    )


def feedback_path(out: str | Path, student: str) -> Path:
    """``out/feedback/<student>.html``.

    Examples
    --------
    >>> from nnteach.grading.feedback import feedback_path
    >>> feedback_path("gradebook", "alice").as_posix()
    'gradebook/feedback/alice.html'
    """
    return Path(out) / "feedback" / f"{student}.html"


def write_feedback(
    out: str | Path,
    result: Mapping[str, Any],
    exercises: Mapping[str, Mapping[str, Any]] | None = None,
) -> Path:
    """Write one student's feedback page (atomically); return its path.

    Examples
    --------
    >>> import tempfile
    >>> from nnteach.grading.feedback import write_feedback
    >>> write_feedback(tempfile.mkdtemp(), {"student": "bob", "notebooks": []}).name
    'bob.html'
    """
    path = feedback_path(out, result["student"])
    atomic_write_text(path, render_feedback(result, exercises))
    return path
