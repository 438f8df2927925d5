"""The class report: what did the class get wrong, and who needs attention?

``nnteach grade`` writes ``GRADEBOOK_DIR/report.html`` and ``grades_wide.csv``
after grading; ``nnteach report GRADEBOOK_DIR`` rebuilds both from the result
files (``results/<student>.json``) without grading again.

``report.html`` is one self-contained page (its charts are PNG images inside
it, it loads nothing), rendered with jinja2 with autoescaping on: names,
messages and error texts come from students. It shows

- the distribution of the students' total scores (a histogram);
- each task's statuses (passed, failed, not attempted, error, and *not
  checked* when the notebook could not be graded), as stacked bars;
- for each task, the **diagnosed mistakes ranked by how many students made
  each**, grouped on the check's mistake id (``"2.2/relu-on-output"``,
  :attr:`nnteach.checks.result.CheckResult.mistake`), never on the message
  text; failures without a diagnosis form one group of their own;
- the notebooks that need attention (timeout, kernel died, out of memory,
  invalid, tampered, a check that could not run...), with the students;
- how long each notebook ran;
- which lesson sections to reteach: each diagnosed mistake links to the section
  that teaches it (:mod:`nnteach.checks.sections`), and "What to reteach" ranks
  the sections by the number of students whose mistakes point there
  (:mod:`nnteach.grading.reteach`). The links go to the course website
  (``--course-url``; by default the local ``site/`` of ``make site``).

Colours: the check statuses keep their colours of :data:`nnteach.style.STATUS_STYLES`
(what students see in their notebooks and feedback pages). *Not checked* is
hatched on white. The score histogram and the run times use the palette's sky
blue, a colour without a meaning in :mod:`nnteach.style`; notebooks that were
stopped are black crosses.

``grades_wide.csv`` is for a spreadsheet or an LMS gradebook import: one row per
student, one column per exercise (the best of the student's notebooks for it;
empty when the student submitted nothing for it in the one-notebook layout)
and the total. Its text cells go through
:func:`~nnteach.grading.gradebook.spreadsheet_safe`, like ``grades.csv``'s.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.result import format_points
from ..cli import add_subcommand, report_error
from ..style import ERROR, FAILED, OKABE_ITO, STATUS_STYLES, STATUSES
from ._templates import load_template
from .gradebook import (
    RESULTS_DIR,
    atomic_write_text,
    build_gradebook,
    load_results,
    spreadsheet_safe,
    summary_line,
)
from .records import AttentionEntry, Gradebook, StudentResult
from .reteach import SectionLinks, add_course_url_option, reteach_rows
from .statuses import (
    GRADED,
    KERNEL_DIED,
    MISSING,
    NOTEBOOK_STATUSES,
    OUT_OF_MEMORY,
    TIMEOUT,
    describe_status,
)

__all__ = [
    "NOT_CHECKED",
    "REPORT_FILE",
    "WIDE_CSV_FILE",
    "AttentionGroup",
    "ClassReport",
    "MistakeGroup",
    "NotebookTime",
    "TaskSummary",
    "add_parser",
    "plot_scores",
    "plot_task_statuses",
    "plot_times",
    "render_report",
    "run",
    "wide_table",
    "write_report",
]

REPORT_FILE = "report.html"
WIDE_CSV_FILE = "grades_wide.csv"
#: A task of a notebook that could not be graded (timeout, missing...): its row
#: carries the notebook's status; the chart shows all of them as this one.
NOT_CHECKED = "not checked"
#: The bars of the status chart, in order.
CHART_STATUSES = (*STATUSES, NOT_CHECKED)
TAMPERED = "tampered"
CHECK_ERROR = "check could not run"
UNSANDBOXED = "graded without the sandbox"
LATE = "late"
NOT_GRADED = "not graded"
NOT_ON_ROSTER = "not on the roster"

_SCORE_COLOUR = OKABE_ITO["sky blue"]  # no meaning in nnteach.style: safe for plain counts
_HATCH_EDGE = "#5f6368"
_ATTENTION_TEXT = {
    TAMPERED: "The notebook edited its check cells or reached for the grader. It was graded "
    "on its answers, or got 0 points when it broke the grading protocol (status tampered); "
    "look at it (the reasons are listed).",
    CHECK_ERROR: "A check itself could not run on this notebook (status `error`): please "
    "report it with the message.",
    UNSANDBOXED: "Graded with --no-sandbox: the notebook ran with your files in reach.",
    LATE: "Submitted after the due date (extensions included); the late policy took points "
    "off (grading.toml).",
    NOT_GRADED: "On the roster and in the submissions folder, but not graded yet (a run "
    "with --only); grade them with nnteach grade.",
    NOT_ON_ROSTER: "Graded, but not on the roster: check the id (a typo in a file or folder "
    "name?) or add the student to the roster.",
}


# --------------------------------------------------------------------------- #
# The numbers
# --------------------------------------------------------------------------- #


@dataclass
class MistakeGroup:
    """The students whose answer to one task got one diagnosis.

    Attributes
    ----------
    mistake : str
        The mistake id (``"1.2/rows-swapped"``); ``""`` for failures without a
        specific diagnosis.
    message : str
        The check's message for it (the most frequent one, when they differ).
    students : list of str
        Who made it, sorted.
    messages : list of (str, int)
        Undiagnosed failures only: their most frequent messages and counts.
    """

    mistake: str
    message: str
    students: list[str] = field(default_factory=list)
    messages: list[tuple[str, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many students made this mistake."""
        return len(self.students)


@dataclass
class TaskSummary:
    """One task across the class: its status counts and its ranked mistakes.

    Attributes
    ----------
    exercise, task_id, title : str
    max_points : float
    statuses : dict
        Gradebook rows of this task per status, as in ``grades.csv`` (``passed``,
        ``failed``..., or a notebook status such as ``timeout``).
    mistakes : list of MistakeGroup
        Diagnosed mistakes, most frequent first (ties by id).
    undiagnosed : MistakeGroup or None
        Failures without a specific diagnosis (including answers that raised).
    """

    exercise: str
    task_id: str
    title: str
    max_points: float
    statuses: dict[str, int] = field(default_factory=dict)
    mistakes: list[MistakeGroup] = field(default_factory=list)
    undiagnosed: MistakeGroup | None = None

    @property
    def chart_counts(self) -> dict[str, int]:
        """Counts of :data:`CHART_STATUSES`: every notebook status adds to ``not checked``."""
        counts = {status: self.statuses.get(status, 0) for status in STATUSES}
        counts[NOT_CHECKED] = sum(n for s, n in self.statuses.items() if s not in STATUSES)
        return counts

    @property
    def checked(self) -> int:
        """Rows of this task that the checks saw."""
        return sum(self.statuses.get(status, 0) for status in STATUSES)


@dataclass
class AttentionGroup:
    """Notebooks with one status that needs the instructor's attention."""

    status: str
    description: str
    entries: list[AttentionEntry] = field(default_factory=list)

    @property
    def students(self) -> list[str]:
        """The students concerned, sorted, each once."""
        return sorted({entry.student for entry in self.entries}, key=str.lower)


@dataclass(frozen=True)
class NotebookTime:
    """How long one notebook ran, and how it ended (its notebook status)."""

    student: str
    exercise: str
    notebook: str
    seconds: float
    status: str

    @property
    def stopped(self) -> bool:
        """Whether the grader stopped it (timeout, kernel died, out of memory)."""
        return self.status in _STOPPED


@dataclass
class ClassReport:
    """Everything ``report.html`` shows, computed from the students' results.

    Build it with :meth:`from_results` or :meth:`from_folder`; draw its charts
    with :func:`plot_scores`, :func:`plot_task_statuses` and :func:`plot_times`;
    render it with :func:`render_report`.

    Attributes
    ----------
    gradebook : Gradebook
        :func:`~nnteach.grading.gradebook.build_gradebook` of the same results:
        the report's counts are the gradebook's.
    tasks : list of TaskSummary
        Every task of every exercise of the class, in order.
    attention : list of AttentionGroup
        Only the statuses that occur.
    scores : dict
        Total points per student.
    times : list of NotebookTime
        Each notebook that ran.

    Examples
    --------
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.report import ClassReport
    >>> from nnteach.grading.runner import new_record
    >>> nb = new_record("bob.ipynb", "01", status="graded")
    >>> _ = nb.update_task("1.2", status="failed", mistake="1.2/rows-swapped")
    >>> bob = StudentResult("bob", "bob.ipynb", "file", notebooks=[nb])
    >>> report = ClassReport.from_results([bob])
    >>> report.tasks[1].mistakes[0].mistake, report.tasks[1].mistakes[0].count
    ('1.2/rows-swapped', 1)
    """

    gradebook: Gradebook
    tasks: list[TaskSummary]
    attention: list[AttentionGroup]
    scores: dict[str, float]
    times: list[NotebookTime]

    @property
    def max_points(self) -> float:
        """Points available to a student (every exercise of the class)."""
        return float(self.gradebook.summary.max_points)

    def top_mistakes(self, n: int = 5) -> list[tuple[TaskSummary, MistakeGroup]]:
        """The ``n`` diagnosed mistakes made by the most students, across tasks."""
        pairs = [(task, group) for task in self.tasks for group in task.mistakes]
        pairs.sort(key=lambda pair: (-pair[1].count, pair[1].mistake))
        return pairs[:n]

    @classmethod
    def from_results(cls, results: Iterable[StudentResult], term: Any = None) -> ClassReport:
        """The report of these students' results (with a :class:`~nnteach.grading.term.Term`:
        its roster, late penalties and late counts)."""
        from .term_book import term_gradebook

        results = sorted(results, key=lambda r: r.student.lower())
        gradebook = build_gradebook(results) if term is None else term_gradebook(results, term)
        return cls(
            gradebook=gradebook,
            tasks=_task_summaries(results, gradebook),
            attention=_attention(results, gradebook),
            scores={s.student: float(s.points) for s in gradebook.students},
            times=_times(results),
        )

    @property
    def late_per_exercise(self) -> dict[str, int]:
        """Late notebooks per exercise with a due date (empty without a term)."""
        term = self.gradebook.term
        return dict(term.late_per_exercise) if term is not None else {}

    @classmethod
    def from_folder(cls, out: str | Path) -> ClassReport:
        """The report of the result files in the gradebook folder ``out``.

        Raises
        ------
        FileNotFoundError
            ``out`` is not a folder, or holds no readable ``results/*.json``.
        """
        from .term import Term

        return cls.from_results(_results_in(out), Term.stored(out))


def _results_in(out: str | Path) -> list[StudentResult]:
    path = Path(out)
    if not path.is_dir():
        raise FileNotFoundError(
            f"{out}: no such gradebook folder. Expected the --out folder of `nnteach grade` "
            f"(it holds {RESULTS_DIR}/<student>.json)."
        )
    results = load_results(path)
    if not results:
        raise FileNotFoundError(
            f"{out} holds no student results ({RESULTS_DIR}/<student>.json). Grade the class "
            f"first: nnteach grade SUBMISSIONS --out {out}"
        )
    return list(results.values())


def _task_summaries(results: list[StudentResult], gradebook: Gradebook) -> list[TaskSummary]:
    tasks: dict[tuple[str, str], TaskSummary] = {}
    for exercise, info in gradebook.exercises.items():
        for task in info.tasks:
            tasks[exercise, task.task_id] = TaskSummary(
                exercise, task.task_id, task.title, float(task.max_points)
            )
    for row in gradebook.rows:
        summary = tasks.get((row.exercise, row.task))
        if summary is not None:
            summary.statuses[row.status] = summary.statuses.get(row.status, 0) + 1
    for key, by_mistake in _failures_by_mistake(results, tasks).items():
        summary = tasks[key]
        for mistake, found in by_mistake.items():
            messages = Counter(message for _, message in found).most_common()
            group = MistakeGroup(
                mistake,
                messages[0][0],
                sorted({student for student, _ in found}, key=str.lower),
            )
            if mistake:
                summary.mistakes.append(group)
            else:
                group.messages = messages[:5]
                summary.undiagnosed = group
        summary.mistakes.sort(key=lambda g: (-g.count, g.mistake))
    return list(tasks.values())


def _failures_by_mistake(
    results: list[StudentResult], tasks: Mapping[tuple[str, str], Any]
) -> dict[tuple[str, str], dict[str, list[tuple[str, str]]]]:
    """``(exercise, task) -> mistake -> [(student, message)]`` over the failed tasks graded."""
    groups: dict[tuple[str, str], dict[str, list[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for result in results:
        for nb in result.notebooks:
            if nb.status != GRADED:
                continue
            for task in nb.tasks:
                if task.status == FAILED and (nb.exercise, task.task_id) in tasks:
                    key = (nb.exercise, task.task_id)
                    groups[key][task.mistake].append((result.student, task.message))
    return groups


_entry = AttentionEntry


def _attention(results: list[StudentResult], gradebook: Gradebook) -> list[AttentionGroup]:
    found: dict[str, list[AttentionEntry]] = defaultdict(list)
    for result in results:
        for nb in result.notebooks:
            if nb.status not in (GRADED, TAMPERED):  # a tampered one has its reasons below
                found[nb.status].append(_entry(result.student, nb.exercise, nb.notebook, nb.detail))
            if nb.tamper_reasons:
                detail = "; ".join(nb.tamper_reasons[:5])
                if len(nb.tamper_reasons) > 5:
                    detail += f"; and {len(nb.tamper_reasons) - 5} more"
                found[TAMPERED].append(_entry(result.student, nb.exercise, nb.notebook, detail))
            if nb.status == GRADED:
                errors = [f"task {t.task_id}: {t.message}" for t in nb.tasks if t.status == ERROR]
                if errors:
                    entry = _entry(result.student, nb.exercise, nb.notebook, "; ".join(errors))
                    found[CHECK_ERROR].append(entry)
        if not result.sandboxed:
            found[UNSANDBOXED].append(_entry(result.student, "", result.submission, ""))
    missing = {(r.student, r.exercise) for r in gradebook.rows if r.status == MISSING}
    for student, exercise in sorted(missing):
        detail = f"no notebook for exercise {exercise}" if exercise else "no notebook"
        found[MISSING].append(_entry(student, exercise, "", detail))
    _term_attention(gradebook, found)
    order = [s for s in NOTEBOOK_STATUSES if s not in (GRADED, TAMPERED)]
    order += [TAMPERED, CHECK_ERROR, UNSANDBOXED]
    order += [LATE, NOT_GRADED, NOT_ON_ROSTER]
    order += sorted(s for s in found if s not in order)
    return [
        AttentionGroup(
            status,
            _ATTENTION_TEXT.get(status) or describe_status(status),
            sorted(found[status], key=lambda e: (e.student.lower(), e.exercise)),
        )
        for status in order
        if found.get(status)
    ]


def _term_attention(gradebook: Gradebook, found: dict[str, list[AttentionEntry]]) -> None:
    """Late notebooks, roster students not graded yet, students not on the roster."""
    term = gradebook.term
    if term is None:
        return
    found[LATE] += list(term.late)
    for student in term.not_graded:
        found[NOT_GRADED].append(_entry(student, "", "", "submitted, not graded yet"))
    for student in term.not_on_roster:
        found[NOT_ON_ROSTER].append(_entry(student, "", "", "graded, but not on the roster"))


def _times(results: list[StudentResult]) -> list[NotebookTime]:
    return [
        NotebookTime(result.student, nb.exercise, nb.notebook, float(nb.seconds), nb.status)
        for result in results
        for nb in result.notebooks
        if nb.seconds > 0
    ]


def _time_table(times: list[NotebookTime]) -> list[dict[str, Any]]:
    """The run-time table of the report: one row (a dict for the template) per exercise."""
    import numpy as np

    by_exercise: dict[str, list[NotebookTime]] = defaultdict(list)
    for item in times:
        by_exercise[item.exercise or "?"].append(item)
    table = []
    for exercise, items in sorted(by_exercise.items()):
        seconds = np.array([item.seconds for item in items])
        slowest = max(items, key=lambda item: item.seconds)
        table.append(
            {
                "exercise": exercise,
                "notebooks": len(items),
                "median": float(np.median(seconds)),
                "max": float(seconds.max()),
                "slowest": slowest.student,
                "stopped": sum(1 for item in items if item.stopped),
            }
        )
    return table


_STOPPED = (TIMEOUT, KERNEL_DIED, OUT_OF_MEMORY)


# --------------------------------------------------------------------------- #
# The charts
# --------------------------------------------------------------------------- #


def _new_axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained").add_subplot()


def plot_scores(report: ClassReport, *, ax: Any = None) -> Any:
    """Histogram of the students' total scores; returns the axes.

    One bar per point when the class's maximum is at most 40 points, 20 bars
    otherwise. A dashed line marks the mean.

    Parameters
    ----------
    report : ClassReport
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure (no pyplot: nothing is shown).

    Examples
    --------
    >>> from nnteach.grading.report import ClassReport, plot_scores
    >>> ax = plot_scores(ClassReport.from_results([]))
    >>> ax.get_xlabel()
    'total score (points)'
    """
    import numpy as np

    ax = _new_axes(ax, (7.5, 3.0))
    scores = np.array(list(report.scores.values()), dtype=float)
    top = max(report.max_points, float(scores.max()) if scores.size else 0.0, 1.0)
    bins = np.arange(-0.5, top + 1.5, 1.0) if top <= 40 else np.linspace(0, top, 21)
    ax.hist(scores, bins=bins, color=_SCORE_COLOUR, edgecolor="white")
    if scores.size:
        mean = float(scores.mean())
        ax.axvline(mean, color="black", linestyle="--", linewidth=1)
        ax.annotate(
            f"mean {mean:.1f}",
            (mean, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -12),
            textcoords="offset points",
        )
    ax.set_xlim(bins[0], bins[-1])
    ax.set_xlabel("total score (points)")
    ax.set_ylabel("students")
    ax.set_title(f"Total scores (out of {format_points(report.max_points)})", loc="left")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_task_statuses(report: ClassReport, *, ax: Any = None) -> Any:
    """Stacked horizontal bars: each task's passed / failed / not attempted / error / not checked.

    Examples
    --------
    >>> from nnteach.grading.report import ClassReport, plot_task_statuses
    >>> ax = plot_task_statuses(ClassReport.from_results([]))
    >>> [text.get_text() for text in ax.get_legend().get_texts()][-1]
    'not checked'
    """
    import numpy as np

    tasks = report.tasks
    ax = _new_axes(ax, (7.5, 1.0 + 0.3 * max(len(tasks), 1)))
    y = np.arange(len(tasks))
    left = np.zeros(len(tasks))
    for status in CHART_STATUSES:
        counts = np.array([task.chart_counts[status] for task in tasks], dtype=float)
        if status == NOT_CHECKED:
            style = {"color": "white", "edgecolor": _HATCH_EDGE, "hatch": "///", "linewidth": 0}
        else:
            style = {"color": STATUS_STYLES[status].colour}
        ax.barh(y, counts, left=left, height=0.7, label=status, **style)
        left += counts
    labels = [f"{t.task_id} {t.title}" for t in tasks]
    ax.set_yticks(y, [text if len(text) <= 40 else text[:39] + "…" for text in labels])
    ax.invert_yaxis()
    ax.set_xlabel("students")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(ncols=len(CHART_STATUSES), loc="lower right", bbox_to_anchor=(1.0, 1.0),
              frameon=False, fontsize="small", handlelength=1.5, columnspacing=1.2)  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_times(report: ClassReport, *, ax: Any = None) -> Any:
    """How long each notebook ran: one dot per notebook, one row per exercise.

    Notebooks that were stopped (timeout, kernel died, out of memory) are black crosses.

    Examples
    --------
    >>> from nnteach.grading.report import ClassReport, plot_times
    >>> plot_times(ClassReport.from_results([])).get_xlabel()
    'seconds the notebook ran'
    """
    import numpy as np

    exercises = sorted({item.exercise or "?" for item in report.times})
    ax = _new_axes(ax, (7.5, 1.2 + 0.45 * max(len(exercises), 1)))
    rows = {exercise: i for i, exercise in enumerate(exercises)}
    rng = np.random.default_rng(0)  # the same jitter every time the report is built
    for stopped, style in (
        (False, {"color": _SCORE_COLOUR, "marker": "o", "s": 22, "alpha": 0.8}),
        (True, {"color": "black", "marker": "x", "s": 30}),
    ):
        items = [item for item in report.times if item.stopped == stopped]
        if not items:
            continue
        x = [item.seconds for item in items]
        y = [rows[item.exercise or "?"] + rng.uniform(-0.2, 0.2) for item in items]
        label = "stopped (timeout, kernel died, out of memory)" if stopped else "ran to the end"
        ax.scatter(x, y, label=label, **style)
    ax.set_yticks(range(len(exercises)), [f"exercise {e}" for e in exercises])
    ax.set_ylim(max(len(exercises), 1) - 0.5, -0.5)
    ax.set_xlim(left=0)
    ax.set_xlabel("seconds the notebook ran")
    if report.times:
        ax.legend(ncols=2, loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False,
                  fontsize="small")  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _png(ax: Any) -> str:
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


# --------------------------------------------------------------------------- #
# The page and the wide CSV
# --------------------------------------------------------------------------- #


def render_report(
    report: ClassReport,
    *,
    course_url: str | None = None,
    from_dir: str | Path | None = None,
) -> str:
    """``report.html``: the class report as one self-contained HTML page.

    Parameters
    ----------
    report : ClassReport
    course_url : str, optional
        The course website the lesson sections link to (default: ``NNTEACH_COURSE_URL``,
        else the local ``site/``, relative to ``from_dir``).
    from_dir : path, optional
        The folder the page is written to.

    Examples
    --------
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.report import ClassReport, render_report
    >>> page = render_report(ClassReport.from_results([StudentResult("<b>", "b", "folder")]))
    >>> "&lt;b&gt;" in page and "<b>" not in page
    True
    """
    styles = {s: STATUS_STYLES[s] for s in STATUSES}
    links = SectionLinks(course_url, from_dir=from_dir)
    return load_template("report.html.j2").render(
        links=links,
        reteach=reteach_rows(report.tasks, links),
        report=report,
        summary=summary_line(report.gradebook),
        charts={
            "scores": _png(plot_scores(report)),
            "statuses": _png(plot_task_statuses(report)),
            "times": _png(plot_times(report)) if report.times else "",
        },
        chart_statuses=CHART_STATUSES,
        styles=styles,
        top=report.top_mistakes(),
        time_table=_time_table(report.times),
    )


def wide_table(gradebook: Gradebook) -> list[list[str]]:
    """``grades_wide.csv`` as rows of cells: a header, then one row per student.

    Columns: ``student``, one per exercise (``"01 The perceptron (8 points)"``:
    the best of the student's notebooks for it, empty when the student has no
    row for it) and ``total``. Text cells are made spreadsheet-safe.

    Examples
    --------
    >>> from nnteach.grading.gradebook import build_gradebook
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.report import wide_table
    >>> wide_table(build_gradebook([StudentResult("=1+1", "x", "file")]))
    [['student', 'total (0 points)'], ["'=1+1", '0']]
    """
    exercises = gradebook.exercises
    header = ["student"]
    for exercise, info in exercises.items():
        title = f"{exercise} {info.title}".strip()
        header.append(f"{title} ({format_points(info.max_points)} points)")
    header.append(f"total ({format_points(gradebook.summary.max_points)} points)")
    table = [[spreadsheet_safe(cell) for cell in header]]
    present = {(row.student, row.exercise) for row in gradebook.rows}
    for student in gradebook.students:
        best = student.exercise_points  # the best notebook's, after late penalties
        cells = [spreadsheet_safe(student.student)]
        for exercise in exercises:
            seen = (student.student, exercise) in present
            cells.append(format_points(best.get(exercise, 0.0)) if seen else "")
        cells.append(format_points(student.points))
        table.append(cells)
    return table


def write_report(
    out: str | Path,
    results: Iterable[StudentResult] | None = None,
    *,
    term: Any = None,
    course_url: str | None = None,
) -> Path:
    """Write ``out/report.html`` and ``out/grades_wide.csv`` (atomically); return the report's path.

    Parameters
    ----------
    out : str or Path
        The gradebook folder.
    results : iterable of StudentResult, optional
        The class's results; by default read from ``out/results/*.json``.
    term : Term, optional
        The term (:mod:`~nnteach.grading.term`); by default the one stored with
        the gradebook (``term.json``), if any.
    course_url : str, optional
        The course website the lesson sections link to (see :func:`render_report`).

    Raises
    ------
    FileNotFoundError
        ``results`` is not given and ``out`` holds no result files.

    Examples
    --------
    >>> import tempfile
    >>> from nnteach.grading.records import StudentResult
    >>> from nnteach.grading.report import write_report
    >>> write_report(tempfile.mkdtemp(), [StudentResult("bob", "bob", "folder")]).name
    'report.html'
    """
    from .term import Term

    results = _results_in(out) if results is None else list(results)
    report = ClassReport.from_results(results, term if term is not None else Term.stored(out))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(wide_table(report.gradebook))
    atomic_write_text(Path(out) / WIDE_CSV_FILE, buffer.getvalue())
    path = Path(out) / REPORT_FILE
    atomic_write_text(path, render_report(report, course_url=course_url, from_dir=out))
    return path


# --------------------------------------------------------------------------- #
# nnteach report
# --------------------------------------------------------------------------- #


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``nnteach report GRADEBOOK_DIR`` on the ``nnteach`` command's subparsers.

    Examples
    --------
    >>> import argparse
    >>> from nnteach.grading.report import add_parser
    >>> sub = argparse.ArgumentParser(prog="nnteach").add_subparsers()
    >>> add_parser(sub).parse_args(["gradebook"]).gradebook
    'gradebook'
    """
    parser = add_subcommand(
        subparsers,
        "report",
        run,
        help="rebuild a gradebook's class report (report.html) and grades_wide.csv",
        description="Rebuild GRADEBOOK_DIR/report.html (score histogram, results per task, "
        "the diagnosed mistakes ranked by how many students made each, the notebooks that "
        "need attention, run times) and grades_wide.csv (one row per student, one column "
        "per exercise) from GRADEBOOK_DIR/results/*.json, without grading again. "
        "`nnteach grade` writes both after grading. Exit status 0, or 2 when GRADEBOOK_DIR "
        "holds no results.",
        argument=("gradebook", "GRADEBOOK_DIR", "the --out folder of `nnteach grade`"),
    )
    add_course_url_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out ``nnteach report``; print where the report is; return the exit status.

    Examples
    --------
    >>> from nnteach.cli import main
    >>> main(["report", "no/such/gradebook"])
    2
    """
    try:
        path = write_report(args.gradebook, course_url=args.course_url)
    except FileNotFoundError as error:
        return report_error("report", error)
    print(f"Wrote {path} and {path.with_name(WIDE_CSV_FILE)}.")
    return 0
