"""From the class's mistakes to the lesson sections that teach them.

Each diagnosed mistake (``"5.3/counts-from-zero"``) and each task points to a
lesson section through :mod:`nnteach.checks.sections`. The class report links
every mistake to its section and ranks the sections by how many students made a
mistake that points there ("What to reteach"); the feedback pages link each
failed task to its section. Links go to the course website: ``course_url``
(``nnteach grade --course-url``), else the environment variable
``NNTEACH_COURSE_URL``, else the local build ``site/`` of this checkout
(``make site``), as a path relative to the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.sections import Section, section_for, site_base

__all__ = ["ReteachRow", "SectionLinks", "add_course_url_option", "reteach_rows"]


def add_course_url_option(parser) -> None:
    """``--course-url URL``, for ``nnteach grade`` and ``nnteach report``."""
    parser.add_argument(
        "--course-url",
        metavar="URL",
        default=None,
        help="address of the published course website that the lesson-section links of the "
        "class report and the feedback pages point to (default: the environment variable "
        "NNTEACH_COURSE_URL, else the local site/ built by `make site`)",
    )


@dataclass
class ReteachRow:
    """One lesson section and the students whose diagnosed mistakes point to it.

    Attributes
    ----------
    section : Section
    url : str
        The section on the course website.
    students : list of str
        Each student once, sorted.
    mistakes : list of (str, int)
        The mistake ids that point here and how many students made each, most first.
    """

    section: Section
    url: str
    students: list[str] = field(default_factory=list)
    mistakes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many students made a mistake that this section teaches."""
        return len(self.students)


class SectionLinks:
    """The section of a task or mistake, and its address on the site, for one page.

    Parameters
    ----------
    course_url : str, optional
        The published site; default: ``NNTEACH_COURSE_URL``, else the local ``site/``.
    from_dir : path, optional
        The folder of the page the links are written into (for the local site).

    Examples
    --------
    >>> links = SectionLinks("https://example.org/course/")
    >>> links.url("5.3", "5.3/counts-from-zero")
    'https://example.org/course/course/05_training_and_testing.html#7.-Overfitting,-seen'
    >>> links.label("5.3"), links.url("9.9")
    ('Lesson 5 · 7. Overfitting, seen', '')
    """

    def __init__(self, course_url: str | None = None, *, from_dir: str | Path | None = None):
        self.base = site_base(course_url, from_dir=from_dir)

    def section(self, task_id: str, mistake: str = "") -> Section | None:
        """The section for a task (and its mistake), or ``None``."""
        return section_for(task_id, mistake)

    def url(self, task_id: str, mistake: str = "") -> str:
        """The section on the site, or ``""`` when the task has no section."""
        section = self.section(task_id, mistake)
        return section.site_url(self.base) if section is not None else ""

    def label(self, task_id: str, mistake: str = "") -> str:
        """``"Lesson 5 · 7. Overfitting, seen"``, or ``""``."""
        section = self.section(task_id, mistake)
        return section.label if section is not None else ""


def reteach_rows(tasks: Iterable, links: SectionLinks) -> list[ReteachRow]:
    """Rank lesson sections by the number of students whose diagnosed mistakes point there.

    Parameters
    ----------
    tasks : iterable of TaskSummary
        The class report's tasks (each with its ranked ``mistakes``).
    links : SectionLinks

    Returns
    -------
    list of ReteachRow
        Most students first; ties in the order of the tasks.

    Examples
    --------
    >>> from nnteach.grading.report import MistakeGroup, TaskSummary
    >>> task = TaskSummary("05", "5.3", "The epoch to stop at", 1, mistakes=[
    ...     MistakeGroup("5.3/counts-from-zero", "", ["ann", "bo"]),
    ...     MistakeGroup("5.3/training-loss", "", ["bo", "cy"])])
    >>> [(r.section.label, r.count) for r in reteach_rows([task], SectionLinks("/c/"))]
    [('Lesson 5 · 7. Overfitting, seen', 3)]
    """
    rows: dict[Section, ReteachRow] = {}
    for task in tasks:
        for group in task.mistakes:
            section = section_for(task.task_id, group.mistake)
            if section is None:
                continue
            row = rows.setdefault(section, ReteachRow(section, section.site_url(links.base)))
            row.students = sorted(set(row.students) | set(group.students), key=str.lower)
            row.mistakes.append((group.mistake, group.count))
    order = {section: i for i, section in enumerate(rows)}
    for row in rows.values():
        row.mistakes.sort(key=lambda pair: (-pair[1], pair[0]))
    return sorted(rows.values(), key=lambda r: (-r.count, order[r.section]))
