"""The typed records of ``nnteach grade``: one per task, per notebook and per student.

The runner fills them, the batch stores them as JSON (``results/<student>.json``)
and the gradebook and feedback pages read them back with :meth:`StudentResult.from_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .statuses import GRADED

__all__ = ["NotebookRecord", "StudentResult", "TaskResult"]


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


@dataclass
class TaskResult:
    """One task of a notebook: what the checks said and the points it earned.

    ``mistake`` is the check's stable id of the diagnosed mistake
    (``"2.2/relu-on-output"``, see :class:`nnteach.checks.result.CheckResult`),
    empty when the task passed or failed without a specific diagnosis. The
    class report (:mod:`~nnteach.grading.report`) groups on it.

    Examples
    --------
    >>> from nnteach.grading.records import TaskResult
    >>> TaskResult("1.1", "A neuron by hand", 1.0, status="passed", points=1.0).points
    1.0
    """

    task_id: str
    title: str
    max_points: float
    status: str = ""
    message: str = ""
    hint: str = ""
    points: float = 0.0
    mistake: str = ""


@dataclass
class NotebookRecord:
    """What happened to one submitted notebook.

    ``status`` is a notebook status (:mod:`~nnteach.grading.statuses`); when it
    is ``graded`` each of ``tasks`` carries its own status, otherwise every task
    gets 0 points with the notebook's status.

    Examples
    --------
    >>> from nnteach.grading.records import NotebookRecord
    >>> record = NotebookRecord("bob.ipynb", status="timeout", tamper_reasons=["x"])
    >>> record.tampered, record.points
    (True, 0.0)
    """

    notebook: str
    sha256: str = ""
    exercise: str = ""
    exercise_title: str = ""
    status: str = ""
    detail: str = ""
    tamper_reasons: list[str] = field(default_factory=list)
    cell_errors: list[dict[str, Any]] = field(default_factory=list)
    output_bytes: int = 0
    seconds: float = 0.0
    tasks: list[TaskResult] = field(default_factory=list)

    @property
    def tampered(self) -> bool:
        """Whether anything was flagged."""
        return bool(self.tamper_reasons)

    @property
    def points(self) -> float:
        """Points earned (0 unless graded)."""
        return float(sum(t.points for t in self.tasks)) if self.status == GRADED else 0.0

    @property
    def max_points(self) -> float:
        """Points available."""
        return float(sum(t.max_points for t in self.tasks))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (with ``tampered``)."""
        return {**asdict(self), "tampered": self.tampered}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NotebookRecord:
        """The inverse of :meth:`to_dict`."""
        record = cls(**_known(cls, data))
        record.tasks = [TaskResult(**_known(TaskResult, t)) for t in data.get("tasks", [])]
        return record


@dataclass
class StudentResult:
    """One student's notebooks, graded.

    Examples
    --------
    >>> from nnteach.grading.records import StudentResult
    >>> result = StudentResult("bob", "bob.ipynb", "file")
    >>> StudentResult.from_dict(result.to_dict()) == result
    True
    """

    student: str
    submission: str
    layout: str
    graded_at: str = ""
    sandboxed: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    notebooks: list[NotebookRecord] = field(default_factory=list)

    @property
    def tampered(self) -> bool:
        """Whether any notebook was flagged."""
        return any(nb.tampered for nb in self.notebooks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["notebooks"] = [nb.to_dict() for nb in self.notebooks]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StudentResult:
        """The inverse of :meth:`to_dict`."""
        result = cls(**_known(cls, data))
        result.notebooks = [NotebookRecord.from_dict(nb) for nb in data.get("notebooks", [])]
        return result
