"""Tamper checks that need no kernel: the notebook's exercise, its check cells, its code.

Three questions are answered from the submitted file alone:

- Which exercise is it? (:func:`identify_exercise`) The evidence is the
  nbgrader ``grade_id`` of its cells (``check-1-2``, ``task-1-2``), its
  ``check("1.2")`` calls and an optional ``metadata.nnteach.exercise``.
- Are its check cells the instructor's? (:func:`compare_check_cells`) The
  locked cells are matched by ``grade_id`` with the reference notebook's and
  compared source to source (trailing spaces and line endings ignored).
- Does its code reach for the grader? (:func:`suspicious_code`) Names such as
  ``nnteach.checks.registry``, ``sys.modules`` or ``builtins`` have no place in an
  exercise answer; comments and strings are ignored.

What the cells do while they run is reported by the audit hook of
:mod:`nnteach._in_kernel`; the installed files cannot change, since the
sandbox shows them read-only (:mod:`nnteach.grading.sandbox`).
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "canonical_check_cells",
    "check_cells",
    "compare_check_cells",
    "exercise_evidence",
    "find_reference_notebook",
    "identify_exercise",
    "normalize_source",
    "suspicious_code",
]

_GRADE_ID = re.compile(r"^(?:check|task)[-_](\d+)[-_.](\d+)$")
_CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d+)\.\d+["']""")
_MAX_REASONS = 12


def _nbgrader(cell: Mapping[str, Any]) -> dict:
    meta = cell.get("metadata", {})
    meta = meta.get("nbgrader", {}) if isinstance(meta, Mapping) else {}
    return meta if isinstance(meta, Mapping) else {}


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(s) for s in source)
    return source if isinstance(source, str) else ""


def normalize_source(source: str) -> str:
    """The source with ``\\r\\n`` as ``\\n``, trailing spaces and blank edge lines removed.

    Examples
    --------
    >>> from nnteach.grading.integrity import normalize_source
    >>> normalize_source('\\r\\ncheck("1.1")  \\r\\n\\n')
    'check("1.1")'
    """
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


# --------------------------------------------------------------------------- #
# Which exercise?
# --------------------------------------------------------------------------- #


def _known(exercise_id: str) -> bool:
    from nnteach.checks import EXERCISE_MODULES

    return exercise_id in EXERCISE_MODULES


def exercise_evidence(nb: Mapping[str, Any]) -> Counter:
    """How often each known exercise id shows up in a notebook.

    Counted: nbgrader ``grade_id`` values like ``check-1-2`` or ``task-1-2``,
    ``check("1.2")`` calls in code cells, and ``metadata.nnteach.exercise``.

    Examples
    --------
    >>> from nnteach.grading.integrity import exercise_evidence
    >>> nb = {"cells": [{"cell_type": "code", "source": 'check("1.2")', "metadata": {}}]}
    >>> exercise_evidence(nb)
    Counter({'01': 1})
    """
    found: Counter = Counter()
    meta = nb.get("metadata", {})
    declared = meta.get("nnteach", {}) if isinstance(meta, Mapping) else {}
    if isinstance(declared, Mapping) and isinstance(declared.get("exercise"), str):
        match = re.match(r"^\d+", declared["exercise"])
        if match:
            found[f"{int(match.group(0)):02d}"] += 1
    for cell in nb.get("cells", []) or []:
        if not isinstance(cell, Mapping):
            continue
        grade_id = _nbgrader(cell).get("grade_id")
        match = _GRADE_ID.match(grade_id) if isinstance(grade_id, str) else None
        if match:
            found[f"{int(match.group(1)):02d}"] += 1
        if cell.get("cell_type") == "code":
            for number in _CHECK_CALL.findall(_source(cell)):
                found[f"{int(number):02d}"] += 1
    return Counter({key: n for key, n in found.items() if _known(key)})


def identify_exercise(nb: Mapping[str, Any], expected: str | None = None) -> tuple[str | None, str]:
    """The exercise a notebook belongs to, or ``None`` and the reason why not.

    Parameters
    ----------
    nb : mapping
        The notebook.
    expected : str, optional
        The exercise it should be (from its file name or ``--exercise``). The
        notebook must then show evidence of that exercise; without it, its
        evidence must point to one exercise.

    Returns
    -------
    (exercise_id or None, reason)
        ``reason`` is empty when an exercise was found.

    Examples
    --------
    >>> from nnteach.grading.integrity import identify_exercise
    >>> nb = {"cells": [{"cell_type": "code", "source": 'check("2.1")', "metadata": {}}]}
    >>> identify_exercise(nb)
    ('02', '')
    >>> identify_exercise(nb, expected="01")[1]
    "this is exercise 02's notebook, not exercise 01's"
    """
    counts = exercise_evidence(nb)
    if expected is not None:
        if counts.get(expected):
            return expected, ""
        if counts:
            other = counts.most_common(1)[0][0]
            return None, f"this is exercise {other}'s notebook, not exercise {expected}'s"
        return None, (
            f"no cell of exercise {expected} found (no nbgrader check cells, no check() calls)"
        )
    if not counts:
        return None, (
            "no recognisable exercise: no nbgrader check cells and no check() calls of a "
            "known exercise"
        )
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        both = " and ".join(key for key, _ in ranked[:2])
        return None, f"the notebook mixes exercises {both} equally; cannot tell which it is"
    return ranked[0][0], ""


# --------------------------------------------------------------------------- #
# Check cells
# --------------------------------------------------------------------------- #


def check_cells(nb: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The reference notebook's locked cells: ``grade_id -> {"source", "points"}``.

    A cell counts when its nbgrader metadata says ``locked: true`` or
    ``grade: true`` without ``solution: true`` (the check cells).

    Examples
    --------
    >>> from nnteach.grading.integrity import check_cells
    >>> meta = {"nbgrader": {"grade": True, "locked": True, "points": 1, "grade_id": "check-1-1"}}
    >>> nb = {"cells": [{"cell_type": "code", "source": 'check("1.1")', "metadata": meta}]}
    >>> check_cells(nb)
    {'check-1-1': {'source': 'check("1.1")', 'points': 1.0}}
    """
    cells: dict[str, dict[str, Any]] = {}
    for cell in nb.get("cells", []) or []:
        meta = _nbgrader(cell) if isinstance(cell, Mapping) else {}
        grade_id = meta.get("grade_id")
        locked = meta.get("locked") or (meta.get("grade") and not meta.get("solution"))
        if isinstance(grade_id, str) and locked:
            points = meta.get("points")
            cells[grade_id] = {
                "source": normalize_source(_source(cell)),
                "points": float(points) if isinstance(points, int | float) else None,
            }
    return cells


def canonical_check_cells(task_ids: Iterable[str], points: Iterable[float]) -> dict:
    """Check cells as the exercise builder writes them, when no reference notebook is at hand.

    Task ``"1.2"`` has the cell ``check-1-2`` whose code (comments aside) is
    ``check("1.2")``. The ``source`` of each entry is ``None`` and ``code`` holds
    that line: :func:`compare_check_cells` then compares code without comments.

    Examples
    --------
    >>> from nnteach.grading.integrity import canonical_check_cells
    >>> canonical_check_cells(["1.1"], [1.0])
    {'check-1-1': {'source': None, 'code': 'check("1.1")', 'points': 1.0}}
    """
    cells = {}
    for task_id, value in zip(task_ids, points, strict=True):
        major, minor = task_id.split(".")
        cells[f"check-{major}-{minor}"] = {
            "source": None,
            "code": f'check("{task_id}")',
            "points": float(value),
        }
    return cells


def _without_comments(source: str) -> str:
    lines = [line.split("#", 1)[0].rstrip() if "#" in line else line for line in source.split("\n")]
    return "\n".join(line for line in lines if line.strip())


def compare_check_cells(
    nb: Mapping[str, Any], reference: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """Reasons to flag a notebook whose check cells differ from the reference ones.

    Parameters
    ----------
    nb : mapping
        The submitted notebook.
    reference : mapping
        ``grade_id -> {"source": ..., "points": ...}`` from :func:`check_cells`
        (or :func:`canonical_check_cells`).

    Returns
    -------
    list of str
        Empty when every check cell is present once, unedited, with its points.

    Examples
    --------
    >>> from nnteach.grading.integrity import compare_check_cells
    >>> ref = {"check-1-1": {"source": 'check("1.1")', "points": 1.0}}
    >>> meta = {"nbgrader": {"grade": True, "locked": True, "points": 1, "grade_id": "check-1-1"}}
    >>> cell = {"cell_type": "code", "source": 'print("passed")', "metadata": meta}
    >>> compare_check_cells({"cells": [cell]}, ref)
    ['check cell check-1-1 was edited']
    """
    seen: dict[str, list[Mapping[str, Any]]] = {}
    for cell in nb.get("cells", []) or []:
        if not isinstance(cell, Mapping):
            continue
        grade_id = _nbgrader(cell).get("grade_id")
        if isinstance(grade_id, str) and grade_id in reference:
            seen.setdefault(grade_id, []).append(cell)
    reasons = []
    for grade_id, expected in reference.items():
        cells = seen.get(grade_id, [])
        if not cells:
            reasons.append(f"check cell {grade_id} was deleted")
            continue
        if len(cells) > 1:
            reasons.append(f"check cell {grade_id} appears {len(cells)} times")
        if any(_edited(cell, expected) for cell in cells):
            reasons.append(f"check cell {grade_id} was edited")
        if _points_changed(_nbgrader(cells[0]).get("points"), expected.get("points")):
            reasons.append(f"the points of check cell {grade_id} were changed")
    return reasons


def _edited(cell: Mapping[str, Any], expected: Mapping[str, Any]) -> bool:
    """Whether a check cell is no longer the reference code cell."""
    if cell.get("cell_type") != "code":
        return True
    source = normalize_source(_source(cell))
    if expected.get("source") is not None:
        return source != expected["source"]
    return _without_comments(source) != expected.get("code")


def _points_changed(points: Any, expected: Any) -> bool:
    """Whether a check cell's points differ from the reference ones (unknown: unchanged)."""
    if expected is None or points is None:
        return False
    try:
        return float(points) != float(expected)
    except (TypeError, ValueError):
        return True


def find_reference_notebook(folder: str | Path | None, exercise_id: str) -> Path | None:
    """``folder/NN_*.ipynb`` for exercise ``NN``, or ``None``.

    Examples
    --------
    >>> from nnteach.grading.integrity import find_reference_notebook
    >>> find_reference_notebook("solutions", "01")  # doctest: +SKIP
    PosixPath('solutions/01_perceptron.ipynb')
    """
    if folder is None or not Path(folder).is_dir():
        return None
    found = sorted(Path(folder).glob(f"{exercise_id}_*.ipynb"))
    return found[0] if found else None


# --------------------------------------------------------------------------- #
# Code that reaches for the grader
# --------------------------------------------------------------------------- #

_SUSPICIOUS: tuple[tuple[re.Pattern, str], ...] = (
    (
        re.compile(r"\bnnteach\s*\.\s*checks\s*\.\s*(\w+)"),
        "reaches into the grader's module `nnteach.checks.{0}`",
    ),
    (
        re.compile(
            r"\b(run_task|run_all|get_task|get_exercise|tasks_for|CheckResult|CheckFailed|"
            r"NotAttempted|EXERCISE_MODULES|_REGISTRY|time_limit|TimeLimitExceeded)\b"
        ),
        "uses the grader's internals (`{0}`)",
    ),
    (
        re.compile(
            r"\bsys\s*\.\s*(modules|meta_path|path_hooks|settrace|setprofile|addaudithook|"
            r"_getframe)\b"
        ),
        "uses `sys.{0}`",
    ),
    (re.compile(r"\b(builtins|__builtins__)\b"), "uses Python's builtins module (`{0}`)"),
    (
        re.compile(
            r"\b(input_transformers_\w+|ast_transformers|events\s*\.\s*register|displayhook|"
            r"display_formatter|set_custom_exc|shell_handlers|register_magic_function)\b"
        ),
        "hooks into IPython (`{0}`)",
    ),
    (
        re.compile(
            r"^[ \t]*((?:np|numpy|keras|tf|tensorflow|nnteach|math|json|sys|os|IPython)"
            r"(?:\s*\.\s*\w+)+)\s*=(?!=)",
            re.MULTILINE,
        ),
        "replaces a library function (`{0}`)",
    ),
    (
        re.compile(r"\bsetattr\s*\(\s*(np|numpy|keras|tf|tensorflow|nnteach|math|sys|os)\b"),
        "replaces a library function (`setattr({0}, ...)`)",
    ),
    (
        re.compile(r"\bgc\s*\.\s*(get_objects|get_referrers|get_referents)\b"),
        "inspects the interpreter's objects (`gc.{0}`)",
    ),
    (re.compile(r"\b(__code__|__globals__)\b"), "rewrites functions (`{0}`)"),
    (
        re.compile(r"\bsignal\s*\.\s*(signal|setitimer|alarm|pthread_sigmask)\b"),
        "changes signal handling (`signal.{0}`), which the checks' time limits use",
    ),
    (
        re.compile(
            r"^[ \t]*(?:def\s+check\s*\(|check\s*(?::[^=\n]*)?=(?!=)|"
            r"(?:from\s+[\w.]+\s+)?import\s+[^\n]*\bas\s+check\b)",
            re.MULTILINE,
        ),
        "redefines `check`",
    ),
)


def _code_only(source: str) -> str:
    """Code with comments and string literals blanked out (IPython magics dropped)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    text = "\n".join(lines)
    try:
        parts: list[str] = []
        row, col = 1, 0
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            (srow, scol), (erow, ecol) = token.start, token.end
            if srow > row:
                parts.append("\n" * (srow - row))
                col = 0
            parts.append(" " * max(scol - col, 0))
            if token.type in (tokenize.COMMENT, tokenize.STRING):
                parts.append(" ")
            elif token.type not in (tokenize.NEWLINE, tokenize.NL):
                parts.append(token.string)
            row, col = erow, ecol
            if token.type in (tokenize.NEWLINE, tokenize.NL):
                parts.append("\n")
                row, col = erow + 1, 0
        return "".join(parts)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return re.sub(r"#[^\n]*", "", text)


def suspicious_code(nb: Mapping[str, Any], skip_grade_ids: Iterable[str] = ()) -> list[str]:
    """Reasons to flag code cells that reach for the grader or the interpreter.

    Parameters
    ----------
    nb : mapping
        The submitted notebook.
    skip_grade_ids : iterable of str
        Cells not to scan (the reference check cells; they are compared
        separately).

    Returns
    -------
    list of str
        One reason per kind of finding, naming the first cell where it was seen.

    Examples
    --------
    >>> from nnteach.grading.integrity import suspicious_code
    >>> src = "import nnteach.checks.registry as c  # patch it\\nc.run_task = print"
    >>> suspicious_code({"cells": [{"cell_type": "code", "source": src, "metadata": {}}]})
    ["cell 1 reaches into the grader's module `nnteach.checks.registry`", \
"cell 1 uses the grader's internals (`run_task`)"]
    """
    skip = set(skip_grade_ids)
    reasons: dict[str, str] = {}
    for index, cell in enumerate(nb.get("cells", []) or []):
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        if _nbgrader(cell).get("grade_id") in skip:
            continue
        code = _code_only(_source(cell))
        for pattern, template in _SUSPICIOUS:
            for match in pattern.finditer(code):
                what = template.format(*(match.groups() or ("",)))
                reasons.setdefault(what, f"cell {index + 1} {what}")
        if len(reasons) >= _MAX_REASONS:
            break
    return list(reasons.values())[:_MAX_REASONS]
