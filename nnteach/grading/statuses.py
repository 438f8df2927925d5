"""What happened to one submitted notebook: the statuses of ``nnteach grade``.

A notebook that ran and was checked is ``graded``; its gradebook rows then carry
each task's own status (``passed``, ``failed``, ``not attempted``, ``error``,
from :mod:`nnteach.checks.result`). Every other status means the checks could not
be run, and each of the notebook's tasks gets 0 points with that status.
"""

from __future__ import annotations

__all__ = [
    "GRADED",
    "GRADER_ERROR",
    "INVALID_NOTEBOOK",
    "KERNEL_DIED",
    "MISSING",
    "NOTEBOOK_STATUSES",
    "NOT_A_FILE",
    "OUTSIDE",
    "OUT_OF_MEMORY",
    "SYMLINK",
    "TAMPERED",
    "TIMEOUT",
    "WRONG_EXERCISE",
    "describe_status",
]

GRADED = "graded"
TIMEOUT = "timeout"
KERNEL_DIED = "kernel died"
INVALID_NOTEBOOK = "invalid notebook"
WRONG_EXERCISE = "wrong exercise"
GRADER_ERROR = "grader error"
MISSING = "missing"
OUT_OF_MEMORY = "out of memory"
SYMLINK = "symlink"
NOT_A_FILE = "not a regular file"
OUTSIDE = "outside submissions"
TAMPERED = "tampered"

#: Every notebook-level status, in the order the summary lists them.
NOTEBOOK_STATUSES = (
    GRADED,
    TIMEOUT,
    OUT_OF_MEMORY,
    KERNEL_DIED,
    TAMPERED,
    INVALID_NOTEBOOK,
    SYMLINK,
    NOT_A_FILE,
    OUTSIDE,
    WRONG_EXERCISE,
    GRADER_ERROR,
    MISSING,
)

_DESCRIPTIONS = {
    GRADED: "The notebook ran and every task was checked.",
    TIMEOUT: "The notebook ran longer than the time limit and was stopped; its tasks "
    "were not checked.",
    KERNEL_DIED: "The Python kernel running the notebook stopped (a crash or an exit "
    "call); its tasks were not checked.",
    INVALID_NOTEBOOK: "The file is not a readable Jupyter notebook (empty, or not "
    "valid notebook JSON).",
    WRONG_EXERCISE: "The notebook is not the exercise expected here (another exercise, "
    "or no recognisable exercise).",
    OUT_OF_MEMORY: "The notebook used more memory than the grader allows and was stopped; "
    "its tasks were not checked.",
    SYMLINK: "The submission is a symbolic link, not a notebook file; it was not opened.",
    NOT_A_FILE: "The submission is not a regular file (a device, a pipe or a socket); it "
    "was not opened.",
    OUTSIDE: "The submission lies outside the submissions folder; it was not opened.",
    TAMPERED: "The notebook interfered with the grader (it stopped the grading process, "
    "wrote into its channels or answered its requests itself); it earns no points.",
    GRADER_ERROR: "The grader could not check this notebook; please tell your instructor.",
    MISSING: "No notebook was submitted for this exercise.",
}


def describe_status(status: str) -> str:
    """One sentence that explains a notebook status to a student.

    Introduced with ``nnteach grade`` (see ``docs/instructors.md``).

    Examples
    --------
    >>> from nnteach.grading.statuses import describe_status
    >>> describe_status("timeout").split(";")[0]
    'The notebook ran longer than the time limit and was stopped'
    """
    return _DESCRIPTIONS.get(status, status)
