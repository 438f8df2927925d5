"""One HTML page per student: each task's result and hint, never the expected values.

The page (template ``templates/feedback.html.j2``, rendered with jinja2 with
autoescaping on: messages can quote a student's own exception text) shows what
the checks said, the errors the notebook's cells raised, and for a notebook
that could not be checked, why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..style import STATUS_STYLES
from ._templates import load_template
from .gradebook import atomic_write_text
from .records import ExerciseInfo, Lateness, StudentResult
from .reteach import SectionLinks
from .statuses import describe_status

__all__ = ["feedback_path", "render_feedback", "write_feedback"]

# (icon, words, colour) of each task status, from the course's one vocabulary
_LABELS = {status: (s.icon, s.label, s.colour) for status, s in STATUS_STYLES.items()}


def render_feedback(
    result: StudentResult,
    exercises: Mapping[str, ExerciseInfo] | None = None,
    lateness: Sequence[Lateness] | None = None,
    *,
    course_url: str | None = None,
    from_dir: str | Path | None = None,
) -> str:
    """The feedback page of one student, as HTML.

    Parameters
    ----------
    result : StudentResult
    exercises : mapping of str to ExerciseInfo, optional
        The class's exercises (:attr:`Gradebook.exercises <nnteach.grading.records.Gradebook>`):
        a student in the folder layout is told which of them they did not submit.
    lateness : sequence of Lateness, optional
        With a term (:func:`nnteach.grading.term_book.term_gradebook`): per notebook the
        deadline, the submission time and any penalty and why; the page states them.

    Examples
    --------
    >>> from nnteach.grading.feedback import render_feedback
    >>> from nnteach.grading.records import NotebookRecord, StudentResult
    >>> nb = NotebookRecord("bob.ipynb", status="invalid notebook", detail="the file is empty")
    >>> page = render_feedback(StudentResult("<bob>", "bob.ipynb", "file", notebooks=[nb]))
    >>> "&lt;bob&gt;" in page and "the file is empty" in page
    True
    """
    submitted = {nb.exercise for nb in result.notebooks}
    missing = []
    if result.layout == "folder":
        missing = [(k, v) for k, v in (exercises or {}).items() if k not in submitted]
    late = {info.notebook: info for info in lateness or []}
    return load_template("feedback.html.j2").render(
        result=result,
        missing=missing,
        labels=_LABELS,
        describe=describe_status,
        late=late,
        links=SectionLinks(course_url, from_dir=from_dir),
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
    result: StudentResult,
    exercises: Mapping[str, ExerciseInfo] | None = None,
    lateness: Sequence[Lateness] | None = None,
    *,
    course_url: str | None = None,
) -> Path:
    """Write one student's feedback page (atomically); return its path.

    Examples
    --------
    >>> import tempfile
    >>> from nnteach.grading.feedback import write_feedback
    >>> from nnteach.grading.records import StudentResult
    >>> write_feedback(tempfile.mkdtemp(), StudentResult("bob", "bob", "folder")).name
    'bob.html'
    """
    path = feedback_path(out, result.student)
    page = render_feedback(result, exercises, lateness, course_url=course_url, from_dir=path.parent)
    atomic_write_text(path, page)
    return path
