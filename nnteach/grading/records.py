"""The typed records of ``nnteach grade``, from the job a runner gets to the class's gradebook.

One record per thing, each a dataclass, so that a field has one name and one
meaning from the runner to the report:

- what the batch sends the grading process: :class:`GradingJob` (its notebooks
  are :class:`JobNotebook`, its limits :class:`GradeOptions`);
- what grading found: a :class:`~nnteach.checks.result.CheckResult` per task
  (the same record a student's own ``check()`` shows), a :class:`CellError` per
  cell that raised, a :class:`NotebookRecord` per notebook and a
  :class:`StudentResult` per student (stored as ``results/<student>.json``);
- what the gradebook makes of them (``grades.json``, ``grades.csv``): a
  :class:`GradeRow` per student, exercise and task, a :class:`StudentSummary`
  per student, an :class:`ExerciseInfo` per exercise, the :class:`ClassSummary`,
  and with a term the :class:`Lateness` of each notebook and a :class:`TermSummary`,
  all in one :class:`Gradebook`. :class:`ClassReport <nnteach.grading.report.ClassReport>`,
  the feedback pages, the summary line and ``nnteach export`` read these.

Every record has ``to_dict`` (what the JSON files hold) and ``from_dict`` (its
inverse, which also reads the files of earlier versions: a task of a notebook
that was not checked had the status ``""`` there, and is :data:`NOT_CHECKED` now).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ..checks.result import NOT_CHECKED, CheckResult
from .statuses import GRADED

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "NOT_CHECKED",
    "AttentionEntry",
    "CellError",
    "ClassSummary",
    "ExerciseInfo",
    "GradeOptions",
    "GradeRow",
    "Gradebook",
    "GradingJob",
    "JobNotebook",
    "Lateness",
    "NotebookRecord",
    "StudentResult",
    "StudentSummary",
    "TaskInfo",
    "TermSummary",
]

DEFAULT_TIMEOUT = 600.0  # seconds for all of a notebook's cells
DEFAULT_CELL_TIMEOUT = 120.0  # seconds for one cell


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


# --------------------------------------------------------------------------- #
# The job: what the batch sends one grading process
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class GradeOptions:
    """Limits and choices for grading one notebook.

    Examples
    --------
    >>> from nnteach.grading.records import GradeOptions
    >>> GradeOptions(timeout=60).cell_timeout
    120.0
    """

    timeout: float = DEFAULT_TIMEOUT
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    exercise: str | None = None


@dataclass(frozen=True)
class JobNotebook:
    """One notebook of a :class:`GradingJob`.

    ``path`` is the copy the grading process opens (inside the sandbox),
    ``relative`` the submitted file's path in the submissions folder,
    ``expected`` the exercise its name or the ``--exercise`` option gives.
    """

    path: str
    relative: str
    expected: str | None = None
    sha256: str = ""


@dataclass(frozen=True)
class GradingJob:
    """What the batch sends one grading process on its standard input (as JSON).

    Examples
    --------
    >>> from nnteach.grading.records import GradingJob, JobNotebook
    >>> job = GradingJob("bob", "bob.ipynb", "file",
    ...                  notebooks=(JobNotebook("/tmp/work/bob.ipynb", "bob.ipynb", "01"),))
    >>> GradingJob.from_json(job.to_json()) == job
    True
    """

    student: str
    submission: str
    layout: str
    notebooks: tuple[JobNotebook, ...] = ()
    sandboxed: bool = True
    options: GradeOptions = field(default_factory=GradeOptions)
    #: the reference check cells per exercise (:func:`~nnteach.grading.runner.load_references`)
    references: dict[str, Any] | None = None
    #: the secret that frames the verdict on the process's standard output
    nonce: str = ""

    def to_json(self) -> str:
        """The job as one JSON text."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> GradingJob:
        """The inverse of :meth:`to_json`."""
        data = json.loads(text)
        notebooks = tuple(JobNotebook(**_known(JobNotebook, n)) for n in data["notebooks"])
        options = GradeOptions(**_known(GradeOptions, data.get("options") or {}))
        return cls(**{**_known(cls, data), "notebooks": notebooks, "options": options})


# --------------------------------------------------------------------------- #
# What grading found: per notebook and per student
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class CellError:
    """A cell of the submitted notebook that raised (``cell`` counts from 1, as JupyterLab does).

    Examples
    --------
    >>> from nnteach.grading.records import CellError
    >>> CellError(4, "NameError: name 'w' is not defined").to_dict()
    {'cell': 4, 'error': "NameError: name 'w' is not defined"}
    """

    cell: int
    error: str

    def to_dict(self) -> dict[str, Any]:
        """``{"cell", "error"}``."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CellError:
        """The inverse of :meth:`to_dict`."""
        return cls(int(data["cell"]), str(data["error"]))


def _task_from_dict(data: dict[str, Any]) -> CheckResult:
    """A stored task: a :class:`CheckResult` (``""``, the old "not checked", read as such)."""
    data = dict(data)
    data.setdefault("message", "")
    data.setdefault("hint", "")
    data.setdefault("points", 0.0)
    data["status"] = data.get("status") or NOT_CHECKED
    return CheckResult.from_dict(data)


@dataclass
class NotebookRecord:
    """What happened to one submitted notebook.

    ``status`` is a notebook status (:mod:`~nnteach.grading.statuses`). ``tasks``
    holds one :class:`~nnteach.checks.result.CheckResult` per task of the
    exercise: what the checks said when the notebook is ``graded``; otherwise
    every task has the status :data:`NOT_CHECKED` and 0 points.

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
    cell_errors: list[CellError] = field(default_factory=list)
    output_bytes: int = 0
    seconds: float = 0.0
    tasks: list[CheckResult] = field(default_factory=list)

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

    def update_task(self, task_id: str, **changes: Any) -> CheckResult:
        """Replace task ``task_id``'s result by a copy with ``changes``; return the new one.

        Examples
        --------
        >>> from nnteach.grading.runner import new_record
        >>> record = new_record("bob.ipynb", "01", status="graded")
        >>> record.update_task("1.1", status="passed", points=1.0).passed
        True
        """
        for index, task in enumerate(self.tasks):
            if task.task_id == task_id:
                self.tasks[index] = replace(task, **changes)
                return self.tasks[index]
        raise KeyError(
            f"{self.notebook} has no task {task_id!r}; its tasks are "
            f"{[t.task_id for t in self.tasks]}."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (with ``tampered``)."""
        data = asdict(self)
        data["cell_errors"] = [error.to_dict() for error in self.cell_errors]
        data["tasks"] = [task.to_dict() for task in self.tasks]
        data["tampered"] = self.tampered
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NotebookRecord:
        """The inverse of :meth:`to_dict`."""
        record = cls(**_known(cls, data))
        record.cell_errors = [CellError.from_dict(e) for e in data.get("cell_errors", [])]
        record.tasks = [_task_from_dict(t) for t in data.get("tasks", [])]
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
    options: GradeOptions = field(default_factory=GradeOptions)
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
        result.options = GradeOptions(**_known(GradeOptions, data.get("options") or {}))
        result.notebooks = [NotebookRecord.from_dict(nb) for nb in data.get("notebooks", [])]
        return result


# --------------------------------------------------------------------------- #
# The gradebook: grades.json and grades.csv
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class TaskInfo:
    """One task of an exercise, as the gradebook lists it."""

    task_id: str
    title: str
    max_points: float


@dataclass
class ExerciseInfo:
    """One exercise of the class: its title, tasks and points.

    Examples
    --------
    >>> from nnteach.grading.records import ExerciseInfo
    >>> from nnteach.grading.runner import new_record
    >>> ExerciseInfo.of(new_record("", "01")).max_points
    8.0
    """

    title: str
    tasks: list[TaskInfo] = field(default_factory=list)
    max_points: float = 0.0

    @classmethod
    def of(cls, record: NotebookRecord) -> ExerciseInfo:
        """The exercise of ``record``, from its tasks."""
        tasks = [TaskInfo(t.task_id, t.title, float(t.max_points)) for t in record.tasks]
        return cls(record.exercise_title, tasks, record.max_points)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExerciseInfo:
        """The inverse of :func:`dataclasses.asdict`."""
        tasks = [TaskInfo(**_known(TaskInfo, t)) for t in data.get("tasks", [])]
        return cls(str(data.get("title", "")), tasks, float(data.get("max_points", 0.0)))


@dataclass
class GradeRow:
    """One row of ``grades.csv``: a student's task of an exercise.

    Without a term the row has the first seven fields
    (:data:`~nnteach.grading.gradebook.CSV_COLUMNS`); with one, ``points`` is
    after the late penalty and the term's fields
    (:data:`~nnteach.grading.term_book.CSV_COLUMNS`) are set.
    """

    student: str
    exercise: str
    task: str
    points: float
    max_points: float
    status: str
    tampered: bool = False
    points_before_penalty: float | None = None
    penalty_percent: float | None = None
    submitted_at: str | None = None
    submitted_from: str | None = None
    due: str | None = None
    late_by: str | None = None
    days_late: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the term's fields only when set)."""
        return _without_none(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradeRow:
        """The inverse of :meth:`to_dict`."""
        return cls(**_known(cls, data))


@dataclass
class Lateness:
    """The due date, submission time and late penalty of one notebook (with a term)."""

    exercise: str
    notebook: str
    submitted_at: str = ""
    submitted_from: str = ""
    due: str = ""
    due_changed: str = ""
    late_by_seconds: float = 0.0
    late_by: str = ""
    days_late: int = 0
    penalty_percent: float = 0.0
    penalty_reason: str = ""


@dataclass(frozen=True)
class AttentionEntry:
    """A notebook (or student) that the class report lists under a status."""

    student: str
    exercise: str = ""
    notebook: str = ""
    detail: str = ""


@dataclass
class StudentSummary:
    """One student in the gradebook: totals, statuses, and every notebook's record.

    ``exercise_points`` is the best notebook's points per exercise (after late
    penalties with a term). ``points_before_penalty``, ``lateness`` and
    ``on_roster`` are set with a term only.
    """

    student: str
    submission: str = ""
    points: float = 0.0
    max_points: float = 0.0
    statuses: list[str] = field(default_factory=list)
    tampered: bool = False
    tamper_reasons: list[str] = field(default_factory=list)
    graded_at: str = ""
    sandboxed: bool = True
    notebooks: list[NotebookRecord] = field(default_factory=list)
    exercise_points: dict[str, float] = field(default_factory=dict)
    points_before_penalty: float | None = None
    lateness: list[Lateness] | None = None
    on_roster: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the term's fields only when set)."""
        data = asdict(self)
        data["notebooks"] = [nb.to_dict() for nb in self.notebooks]
        return _without_none(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StudentSummary:
        """The inverse of :meth:`to_dict`."""
        summary = cls(**_known(cls, data))
        summary.notebooks = [NotebookRecord.from_dict(nb) for nb in data.get("notebooks", [])]
        if data.get("lateness") is not None:
            summary.lateness = [Lateness(**_known(Lateness, i)) for i in data["lateness"]]
        if "exercise_points" not in data:  # written before every gradebook had them
            for nb in summary.notebooks:
                best = summary.exercise_points.get(nb.exercise, 0.0)
                summary.exercise_points[nb.exercise] = max(best, nb.points)
        return summary


@dataclass
class ClassSummary:
    """The class at a glance: what the summary line of ``nnteach grade`` says.

    ``notebooks`` counts the notebooks per status (a student without a notebook
    for an exercise counts once as ``missing``); ``unsandboxed`` counts the
    students graded with ``--no-sandbox``.
    """

    students: int = 0
    notebooks: dict[str, int] = field(default_factory=dict)
    tampered: int = 0
    mean_points: float = 0.0
    max_points: float = 0.0
    unsandboxed: int = 0


@dataclass
class TermSummary:
    """What a term adds to the gradebook: late notebooks, missing and unknown students."""

    source: str = ""
    roster: str = ""
    due: dict[str, str] = field(default_factory=dict)
    late: list[AttentionEntry] = field(default_factory=list)
    late_per_exercise: dict[str, int] = field(default_factory=dict)
    missing_students: list[str] = field(default_factory=list)
    not_graded: list[str] = field(default_factory=list)
    not_on_roster: list[str] = field(default_factory=list)
    submitted_from: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermSummary:
        """The inverse of :func:`dataclasses.asdict`."""
        summary = cls(**_known(cls, data))
        summary.late = [AttentionEntry(**_known(AttentionEntry, e)) for e in data.get("late", [])]
        return summary


@dataclass
class Gradebook:
    """The class's gradebook: what ``grades.json`` holds, and ``grades.csv``'s rows.

    Built by :func:`~nnteach.grading.gradebook.build_gradebook` (with a term,
    :func:`~nnteach.grading.term_book.term_gradebook`).

    Examples
    --------
    >>> from nnteach.grading.gradebook import build_gradebook
    >>> from nnteach.grading.records import Gradebook, StudentResult
    >>> book = build_gradebook([StudentResult("bob", "bob", "folder")])
    >>> book.summary.students, [row.status for row in book.rows]
    (1, ['missing'])
    >>> Gradebook.from_dict(book.to_dict()) == book
    True
    """

    generated_at: str = ""
    summary: ClassSummary = field(default_factory=ClassSummary)
    exercises: dict[str, ExerciseInfo] = field(default_factory=dict)
    students: list[StudentSummary] = field(default_factory=list)
    rows: list[GradeRow] = field(default_factory=list)
    term: TermSummary | None = None

    def student(self, student_id: str) -> StudentSummary | None:
        """The summary of ``student_id``, if the gradebook has the student."""
        return next((s for s in self.students if s.student == student_id), None)

    def to_dict(self) -> dict[str, Any]:
        """What ``grades.json`` holds."""
        data = {
            "generated_at": self.generated_at,
            "summary": asdict(self.summary),
            "exercises": {key: asdict(info) for key, info in self.exercises.items()},
            "students": [student.to_dict() for student in self.students],
            "rows": [row.to_dict() for row in self.rows],
        }
        if self.term is not None:
            data["term"] = asdict(self.term)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gradebook:
        """The inverse of :meth:`to_dict` (``grades.json`` read back).

        Raises
        ------
        KeyError, TypeError, ValueError
            ``data`` is not a gradebook.
        """
        term = data.get("term")
        return cls(
            generated_at=str(data.get("generated_at", "")),
            summary=ClassSummary(**_known(ClassSummary, data["summary"])),
            exercises={k: ExerciseInfo.from_dict(v) for k, v in data["exercises"].items()},
            students=[StudentSummary.from_dict(s) for s in data["students"]],
            rows=[GradeRow.from_dict(r) for r in data["rows"]],
            term=TermSummary.from_dict(term) if term is not None else None,
        )
