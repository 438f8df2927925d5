"""Find the students and their notebooks in a folder of submissions.

Two layouts are accepted, and may be mixed in one folder:

- **one notebook per student**: ``SUBMISSIONS/alice.ipynb``; the student id is
  the file name without ``.ipynb``, and the exercise is read from the notebook;
- **one folder per student**: ``SUBMISSIONS/alice/01_perceptron.ipynb`` (one or
  more exercise notebooks, plus any data files they use); the student id is the
  folder name and the exercise comes from each notebook's name. A student
  folder without notebooks of its own is searched one level down, so that
  nbgrader's ``submitted/alice/<assignment>/01_perceptron.ipynb`` works too.

Hidden files and folders (``.ipynb_checkpoints``, ``.DS_Store``) are skipped.
Symbolic links, devices and pipes are listed like notebooks, so that the batch
gives each a status of its own (it never follows or opens them).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FILE_LAYOUT",
    "FOLDER_LAYOUT",
    "Submission",
    "discover_submissions",
    "sanitize_student_id",
]

FILE_LAYOUT = "file"
FOLDER_LAYOUT = "folder"

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
_RESERVED |= {f"LPT{i}" for i in range(10)}
_MAX_ID = 64


@dataclass(frozen=True)
class Submission:
    """One student's submission.

    Attributes
    ----------
    student : str
        The student id, safe as a file name (see :func:`sanitize_student_id`).
    path : Path
        The notebook (file layout) or the student's folder (folder layout).
    layout : {"file", "folder"}
    notebooks : tuple of Path
        The notebooks to grade, sorted (one for the file layout; possibly none
        for an empty student folder). The kernel of each runs in a copy of the
        notebook's own folder.

    Examples
    --------
    >>> from pathlib import Path
    >>> from nnteach.grading.discover import Submission
    >>> Submission("alice", Path("subs/alice.ipynb"), "file", (Path("subs/alice.ipynb"),)).layout
    'file'
    """

    student: str
    path: Path
    layout: str
    notebooks: tuple[Path, ...]


def sanitize_student_id(name: str) -> str:
    """A student id that is safe as a file name on every system.

    Letters are reduced to ASCII (``é`` becomes ``e``), every run of other
    characters becomes ``_``, leading dots and dashes go, and the result is at
    most 64 characters. An empty result becomes ``"student"``.

    Parameters
    ----------
    name : str
        A file name (``"alice.ipynb"``) or folder name.

    Returns
    -------
    str

    Examples
    --------
    >>> from nnteach.grading.discover import sanitize_student_id
    >>> sanitize_student_id("O'Brien, Siân.ipynb")
    'O_Brien_Sian'
    >>> sanitize_student_id("../../etc/passwd")
    'etc_passwd'
    """
    stem = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_text)
    text = re.sub(r"\.{2,}", "_", text).strip("._-")[:_MAX_ID].strip("._-")
    if not text:
        return "student"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "__"))


def _notebooks_here(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if _visible(p) and p.suffix == ".ipynb" and (p.is_symlink() or not p.is_dir())
    )


def _notebooks_in(folder: Path) -> tuple[Path, ...]:
    """Notebooks directly in ``folder``, else one level down (nbgrader's ``submitted/``)."""
    found = _notebooks_here(folder)
    if not found:
        for sub in sorted(p for p in folder.iterdir() if _visible(p) and p.is_dir()):
            found += _notebooks_here(sub)
    return tuple(found)


def discover_submissions(root: str | Path) -> list[Submission]:
    """The submissions in ``root``, sorted by student id.

    Each ``*.ipynb`` file directly in ``root`` is one student (file layout);
    each folder directly in ``root`` is one student whose ``*.ipynb`` files are
    graded (folder layout). Two names that sanitise to the same id (or differ
    only in case) get ``-2``, ``-3``... appended, in sorted order.

    Parameters
    ----------
    root : str or Path
        The folder of submissions.

    Returns
    -------
    list of Submission

    Raises
    ------
    NotADirectoryError
        ``root`` is not a folder.

    Examples
    --------
    >>> from nnteach.grading.discover import discover_submissions
    >>> [s.student for s in discover_submissions("submissions")]  # doctest: +SKIP
    ['alice', 'bob']
    """
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder.")
    found: list[tuple[str, Path, str, tuple[Path, ...]]] = []
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if not _visible(entry):
            continue
        if entry.is_dir() and not entry.is_symlink():
            found.append((entry.name, entry, FOLDER_LAYOUT, _notebooks_in(entry)))
        elif entry.suffix == ".ipynb" or entry.is_symlink():  # links and devices: refused later
            found.append((entry.name, entry, FILE_LAYOUT, (entry,)))
    submissions, taken = [], set()
    for name, path, layout, notebooks in found:
        base = sanitize_student_id(name)
        student, n = base, 1
        while student.lower() in taken:
            n += 1
            student = f"{base}-{n}"
        taken.add(student.lower())
        submissions.append(Submission(student, path, layout, notebooks))
    return sorted(submissions, key=lambda s: s.student.lower())
