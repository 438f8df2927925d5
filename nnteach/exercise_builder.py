"""Write the exercise notebooks from their solutions: ``nnteach build-exercises``.

``solutions/NN_name.ipynb`` is the source. Its answer code sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` in cells that carry nbgrader's
metadata, so nbgrader accepts the notebooks unchanged. The builder writes
``exercises/NN_name.ipynb`` and its jupytext pair ``exercises/NN_name.py``
(``py:percent``), replacing each block with ``# YOUR CODE HERE`` and a
placeholder that keeps the notebook runnable:

- a block at the top level of a cell becomes ``name = ...`` for each name the
  block assigns (found with :mod:`ast`), so the check says "not attempted yet";
- a block inside a function body becomes
  ``raise NotImplementedError("Task 1.2: replace this line with your code")``.

Every output is cleared, then (unless ``execute=False``) the exercise runs top to
bottom in a fresh kernel, so its check cells show "not attempted yet"; the
builder verifies that they do. Only files inside the output folder are written,
never the solutions.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cli import add_subcommand, report_error

__all__ = [
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "BuiltExercise",
    "ExerciseBuildError",
    "add_parser",
    "assigned_names",
    "build_exercises",
    "make_exercise",
    "strip_solutions",
]

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
YOUR_CODE = "# YOUR CODE HERE"
YOUR_ANSWER = "YOUR ANSWER HERE"
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_\-]+\.ipynb$")
NOT_ATTEMPTED_TEXT = "not attempted yet"
# nbval compares a check cell's output (`--nbval-lax`) when the cell carries this tag;
# its comment form (`# NBVAL_CHECK_OUTPUT`) would show the test plumbing to students.
CHECK_OUTPUT_TAG = "nbval-check-output"
NBVAL_COMMENT = re.compile(r"^\s*#\s*(NBVAL_\w+)", re.M)


class ExerciseBuildError(ValueError):
    """A solution notebook cannot be turned into an exercise; the message says where."""


@dataclass(frozen=True)
class BuiltExercise:
    """What :func:`build_exercises` did for one notebook.

    Attributes
    ----------
    name : str
        ``"01_perceptron"``.
    ipynb, py : Path
        The exercise notebook and its ``py:percent`` pair.
    written : bool
        ``False`` when the exercise was already up to date (and not forced).
    executed : bool
        Whether it was run to fill in the outputs.
    seconds : float
        Time the run took (0 when not executed).
    """

    name: str
    ipynb: Path
    py: Path
    written: bool
    executed: bool
    seconds: float = 0.0


# --------------------------------------------------------------------------- #
# From a solution notebook to an exercise notebook (pure functions)
# --------------------------------------------------------------------------- #


def assigned_names(code: str) -> list[str]:
    """Names a piece of top-level code binds, in order of first appearance.

    Assignments (plain, annotated, augmented, unpacking, ``for`` and ``with``
    targets, ``:=``), ``def`` and ``class``. Imports are left out (they are not
    answers), and so is anything inside a function or class body.

    Examples
    --------
    >>> assigned_names("a, (b, *c) = f()\\nd += 1\\nfor i in x: e = i\\ndef g(): h = 1")
    ['a', 'b', 'c', 'd', 'i', 'e', 'g']
    """
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
            return
        if isinstance(node, ast.Lambda | ast.Import | ast.ImportFrom):
            return
        for target in _binding_targets(node):
            names.extend(_target_names(target))
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
                visit(child)

    visit(ast.parse(code))
    return list(dict.fromkeys(names))


def _binding_targets(node: ast.AST) -> list[ast.AST]:
    """The targets a statement or ``:=`` binds (``x`` in ``x = ...``, ``for x in``...)."""
    if isinstance(node, ast.Assign):
        return list(node.targets)
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor | ast.NamedExpr):
        return [node.target]
    if isinstance(node, ast.With | ast.AsyncWith):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def _target_names(node: ast.AST) -> list[str]:
    """The names in an assignment target, through tuples, lists and ``*rest``."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Tuple | ast.List):
        return [name for element in node.elts for name in _target_names(element)]
    if isinstance(node, ast.Starred):
        return _target_names(node.value)
    return []


def _task_id(grade_id: str) -> str | None:
    match = re.search(r"(\d+)[-_.](\d+)", grade_id or "")
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else None


def _regions(lines: list[str], where: str) -> list[tuple[int, int]]:
    """(begin, end) line indexes of each solution block; errors name the cell and line."""
    regions, start = [], None
    for i, line in enumerate(lines):
        text = line.strip()
        if text == BEGIN_SOLUTION:
            if start is not None:
                raise ExerciseBuildError(
                    f"{where}: line {i + 1} opens a solution block inside the one opened at "
                    f"line {start + 1}; close it first with {END_SOLUTION!r}."
                )
            start = i
        elif text == END_SOLUTION:
            if start is None:
                raise ExerciseBuildError(
                    f"{where}: line {i + 1} has {END_SOLUTION!r} without a matching "
                    f"{BEGIN_SOLUTION!r} before it."
                )
            regions.append((start, i))
            start = None
        elif "BEGIN SOLUTION" in text or "END SOLUTION" in text:
            raise ExerciseBuildError(
                f"{where}: line {i + 1} has a solution marker that is not alone on its line "
                f"(expected exactly {BEGIN_SOLUTION!r} or {END_SOLUTION!r})."
            )
    if start is not None:
        raise ExerciseBuildError(
            f"{where}: the {BEGIN_SOLUTION!r} at line {start + 1} has no {END_SOLUTION!r}."
        )
    return regions


def _parseable(source: str) -> str:
    """The cell with IPython magics and shell escapes turned into ``pass``."""
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in source.splitlines())


def _enclosing_function(tree: ast.AST, line: int, indent: int) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = getattr(node, "end_lineno", None) or node.lineno
            if node.lineno < line <= end and indent > node.col_offset:
                return True
    return False


def strip_solutions(source: str, *, cell_type: str, task_id: str | None, where: str) -> str:
    """Replace each solution block of one cell with ``# YOUR CODE HERE`` and a placeholder.

    Parameters
    ----------
    source : str
        The cell's source.
    cell_type : {"code", "markdown"}
    task_id : str or None
        Used in the ``NotImplementedError`` message ("Task 1.2: ...").
    where : str
        Names the notebook and cell in error messages.

    Returns
    -------
    str
        The exercise version of the cell.

    Raises
    ------
    ExerciseBuildError
        Unbalanced or nested markers, a cell that does not parse, a block
        without code.

    Examples
    --------
    >>> src = "def f(x):\\n    ### BEGIN SOLUTION\\n    return x\\n    ### END SOLUTION"
    >>> print(strip_solutions(src, cell_type="code", task_id="1.1", where="demo"))
    def f(x):
        # YOUR CODE HERE
        raise NotImplementedError("Task 1.1: replace this line with your code")
    >>> src = "### BEGIN SOLUTION\\nw = 2\\n### END SOLUTION"
    >>> print(strip_solutions(src, cell_type="code", task_id="1.2", where="demo"))
    # YOUR CODE HERE
    w = ...
    """
    lines = source.splitlines()
    regions = _regions(lines, where)
    if not regions:
        return source
    tree = None
    if cell_type == "code":
        try:
            tree = ast.parse(_parseable(source))
        except SyntaxError as error:
            raise ExerciseBuildError(
                f"{where}: the solution code does not parse (line {error.lineno}: {error.msg})."
            ) from None
    out: list[str] = []
    previous = 0
    for begin, end in regions:
        out += lines[previous:begin]
        indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
        block = "\n".join(lines[begin + 1 : end])
        if cell_type != "code":
            out += [indent + YOUR_ANSWER]
        elif _enclosing_function(tree, begin + 1, len(indent)):
            prefix = f"Task {task_id}: " if task_id else ""
            out += [
                indent + YOUR_CODE,
                f'{indent}raise NotImplementedError("{prefix}replace this line with your code")',
            ]
        else:
            if not block.strip():
                raise ExerciseBuildError(
                    f"{where}: the solution block at line {begin + 1} is empty."
                )
            try:
                names = assigned_names(textwrap.dedent(_parseable(block)))
            except SyntaxError as error:
                raise ExerciseBuildError(
                    f"{where}: the solution block at line {begin + 1} does not parse on its "
                    f"own (line {error.lineno} of the block: {error.msg})."
                ) from None
            out.append(indent + YOUR_CODE)
            out += [f"{indent}{name} = ..." for name in names]
            if indent and not names:
                out.append(indent + "pass")
        previous = end + 1
    out += lines[previous:]
    return "\n".join(out)


def _nbgrader(cell: Any) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def make_exercise(nb: Any, *, name: str = "notebook") -> Any:
    """The exercise version of a solution notebook (a new notebook; ``nb`` is unchanged).

    Solution blocks are replaced (see :func:`strip_solutions`), every output
    and execution count is cleared, and cell metadata (nbgrader's included)
    and cell ids are kept.

    Raises
    ------
    ExerciseBuildError
        Markers in a cell that is not an nbgrader solution cell, a solution
        cell without markers, duplicate or missing ``grade_id``, unbalanced markers,
        an ``# NBVAL_...`` comment (use the cell's tags), a check cell without the
        ``nbval-check-output`` tag.
    """
    exercise = copy.deepcopy(nb)
    seen: dict[str, int] = {}
    for index, cell in enumerate(exercise.cells):
        meta = _nbgrader(cell)
        grade_id = meta.get("grade_id")
        where = f"{name}: cell {index + 1}" + (f" (grade_id {grade_id!r})" if grade_id else "")
        if meta:
            if not grade_id:
                raise ExerciseBuildError(f"{where}: nbgrader metadata without a grade_id.")
            if grade_id in seen:
                raise ExerciseBuildError(
                    f"{where}: grade_id {grade_id!r} is also used by cell {seen[grade_id]}; "
                    "nbgrader needs unique ids."
                )
            seen[grade_id] = index + 1
        source = cell.get("source", "")
        _check_nbval_markers(cell, meta, where)
        has_markers = bool(_regions(source.splitlines(), where))
        if has_markers and not meta.get("solution"):
            raise ExerciseBuildError(
                f"{where}: solution markers in a cell that is not a solution cell; give it "
                'nbgrader metadata {"solution": true, "grade": false, "grade_id": "...", '
                '"locked": false, "schema_version": 3} (nbgrader refuses it otherwise).'
            )
        if meta.get("solution") and not has_markers:
            raise ExerciseBuildError(
                f"{where}: a solution cell without {BEGIN_SOLUTION!r} / {END_SOLUTION!r}; "
                "mark the answer code so the builder knows what to remove."
            )
        if has_markers:
            cell.source = strip_solutions(
                source, cell_type=cell.cell_type, task_id=_task_id(grade_id), where=where
            )
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return exercise


def _check_nbval_markers(cell: Any, meta: dict, where: str) -> None:
    """nbval markers go in the cell's tags; every check cell's output is compared."""
    comment = NBVAL_COMMENT.search(cell.get("source", ""))
    if comment:
        tag = comment.group(1).lower().replace("_", "-")
        raise ExerciseBuildError(
            f"{where}: a '# {comment.group(1)}' comment, which students would read; remove "
            f'it and tag the cell instead (py:percent: `# %% tags=["{tag}"]`).'
        )
    if meta.get("grade") and not meta.get("solution"):
        if CHECK_OUTPUT_TAG not in cell.get("metadata", {}).get("tags", []):
            raise ExerciseBuildError(
                f"{where}: a check cell without the {CHECK_OUTPUT_TAG!r} tag, so nbval would "
                f'not compare its result; tag it (py:percent: `# %% tags=["{CHECK_OUTPUT_TAG}"]`).'
            )


def _signature(nb: Any) -> list:
    cells = [
        (c.cell_type, c.source, {k: v for k, v in c.metadata.items() if k != "execution"})
        for c in nb.cells
    ]
    meta = {k: nb.metadata.get(k) for k in ("kernelspec", "jupytext")}
    return [cells, meta]


# --------------------------------------------------------------------------- #
# Files
# --------------------------------------------------------------------------- #


def _solution_notebooks(solutions_dir: Path) -> list[Path]:
    if not solutions_dir.is_dir():
        raise ExerciseBuildError(f"{solutions_dir}: no such folder of solution notebooks.")
    found = sorted(p for p in solutions_dir.iterdir() if NOTEBOOK_NAME.match(p.name))
    if not found:
        raise ExerciseBuildError(
            f"{solutions_dir}: no solution notebooks (files named like 01_perceptron.ipynb)."
        )
    return found


def _check_pair(ipynb: Path, nb: Any) -> None:
    """The solution's .py pair, if any, must hold the same cells as the .ipynb."""
    import jupytext

    py = ipynb.with_suffix(".py")
    if not py.exists():
        return
    paired = jupytext.read(py)
    if [(c.cell_type, c.source) for c in paired.cells] != [
        (c.cell_type, c.source) for c in nb.cells
    ]:
        raise ExerciseBuildError(
            f"{ipynb} and {py.name} differ: run `python tools/execute_notebooks.py {py}` "
            "(or `jupytext --sync`) first, so the exercise is built from the current solution."
        )


def _safe_target(path: Path, out_dir: Path, protected: Path) -> None:
    if path.is_symlink():
        raise ExerciseBuildError(f"{path} is a symbolic link; refusing to write through it.")
    resolved = path.resolve()
    if resolved.parent != out_dir:
        raise ExerciseBuildError(f"{path} is outside {out_dir}; refusing to write it.")
    if resolved.is_relative_to(protected):
        raise ExerciseBuildError(f"{path} is inside the solutions folder; refusing to write it.")


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _up_to_date(nb: Any, ipynb: Path, py: Path) -> bool:
    import jupytext
    import nbformat

    if not (ipynb.exists() and py.exists()):
        return False
    try:
        existing = nbformat.read(ipynb, as_version=4)
    except Exception:  # noqa: BLE001 - unreadable: rebuild it
        return False
    return _signature(existing) == _signature(nb) and py.read_text(
        encoding="utf-8"
    ) == jupytext.writes(existing, fmt="py:percent")


def _verify_not_attempted(nb: Any, name: str) -> None:
    for index, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        text = "".join(
            o.get("data", {}).get("text/plain", "") if "data" in o else o.get("text", "")
            for o in cell.get("outputs", [])
        )
        if NOT_ATTEMPTED_TEXT not in text:
            shown = text.strip().splitlines()[0][:100] if text.strip() else "no output"
            raise ExerciseBuildError(
                f"{name}: check cell {index + 1} (grade_id {meta.get('grade_id')!r}) shows "
                f"{shown!r} in the exercise, expected {NOT_ATTEMPTED_TEXT!r}: does the code "
                "left outside the solution block still answer the task?"
            )


def build_exercises(
    solutions_dir: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    execute: bool = True,
    timeout: float = 600,
    log: Any = None,
) -> list[BuiltExercise]:
    """Write ``out_dir/NN_name.ipynb`` and ``.py`` from each ``solutions_dir/NN_name.ipynb``.

    Parameters
    ----------
    solutions_dir : str or Path
        Folder of solution notebooks (``NN_name.ipynb``, with their ``.py`` pairs).
    out_dir : str or Path
        Folder for the exercises; created if needed. Must not be the solutions
        folder or inside it. Only ``NN_name.ipynb`` / ``.py`` files in it are written.
    force : bool, default=False
        Rewrite (and re-run) every exercise. By default an exercise whose cells
        and metadata already match what would be written is left alone; use
        ``force`` after changing the checks' messages, which live in outputs.
    execute : bool, default=True
        Run each written exercise in a fresh kernel so that its check cells
        show "not attempted yet" (and verify that they do).
    timeout : float, default=600
        Seconds per cell when executing.
    log : callable, optional
        Called with one line of text per notebook (the CLI passes ``print``).

    Returns
    -------
    list of BuiltExercise

    Raises
    ------
    ExerciseBuildError
        A missing folder, bad markers or metadata (the message names the
        notebook and cell), an exercise that errors when run, or a check cell
        that does not say "not attempted yet". Nothing is written for the
        notebook at fault; notebooks before it are already written.

    Examples
    --------
    >>> from nnteach.exercise_builder import build_exercises
    >>> build_exercises("solutions", "exercises", execute=False)  # doctest: +SKIP
    """
    import jupytext
    import nbformat

    from .notebooks import kernel_environment, run_notebook

    solutions_dir = Path(solutions_dir).resolve()
    out_path = Path(out_dir)
    sources = _solution_notebooks(solutions_dir)
    out_resolved = out_path.resolve()
    if out_resolved == solutions_dir or out_resolved.is_relative_to(solutions_dir):
        raise ExerciseBuildError(
            f"The output folder {out_path} is the solutions folder or inside it; choose "
            "another one (exercises/)."
        )
    if out_path.exists() and not out_path.is_dir():
        raise ExerciseBuildError(f"{out_path} exists and is not a folder.")
    out_path.mkdir(parents=True, exist_ok=True)
    env = kernel_environment(ipython_dir=solutions_dir.parent / "tests" / "ipython", figures=True)
    built = []
    for source in sources:
        name = source.stem
        try:
            nb = nbformat.read(source, as_version=4)
        except Exception as error:  # noqa: BLE001
            raise ExerciseBuildError(f"{source}: not a valid notebook ({error}).") from None
        _check_pair(source, nb)
        exercise = make_exercise(nb, name=f"{solutions_dir.name}/{source.name}")
        exercise.metadata.setdefault("jupytext", {})["formats"] = "ipynb,py:percent"
        ipynb, py = out_path / f"{name}.ipynb", out_path / f"{name}.py"
        for target in (ipynb, py):
            _safe_target(target, out_resolved, solutions_dir)
        if not force and _up_to_date(exercise, ipynb, py):
            built.append(BuiltExercise(name, ipynb, py, written=False, executed=False))
            if log:
                log(f"{name}: up to date")
            continue
        seconds = 0.0
        if execute:
            try:
                run = run_notebook(exercise, cwd=out_resolved, cell_timeout=timeout, env=env)
                seconds = run.seconds
            except Exception as error:  # noqa: BLE001 - CellExecutionError and kernel deaths
                first = (str(error).strip().splitlines() or [""])[-1][:200]
                raise ExerciseBuildError(
                    f"{name}: the exercise notebook fails when run: {type(error).__name__} {first}"
                ) from None
            _verify_not_attempted(exercise, name)
        _write_atomic(ipynb, jupytext.writes(exercise, fmt="ipynb"))
        _write_atomic(py, jupytext.writes(exercise, fmt="py:percent"))
        built.append(BuiltExercise(name, ipynb, py, True, execute, seconds))
        if log:
            log(f"{name}: written" + (f" and executed ({seconds:.1f} s)" if execute else ""))
    return built


# --------------------------------------------------------------------------- #
# Command line: nnteach build-exercises
# --------------------------------------------------------------------------- #


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``nnteach build-exercises SOLUTIONS_DIR --out EXERCISES_DIR``."""
    parser = add_subcommand(
        subparsers,
        "build-exercises",
        _run_build,
        help="write the exercise notebooks from the solution notebooks",
        description="Write EXERCISES_DIR/NN_name.ipynb and its py:percent pair from each "
        "SOLUTIONS_DIR/NN_name.ipynb, replacing every ### BEGIN SOLUTION ... ### END "
        "SOLUTION block with a placeholder, then run each exercise so that its checks "
        "show 'not attempted yet'.",
        argument=("solutions", "SOLUTIONS_DIR", "folder of solutions"),
        out=("EXERCISES_DIR", "folder to write the exercises to"),
    )
    parser.add_argument(
        "--no-execute", action="store_true", help="write the notebooks without running them"
    )
    parser.add_argument(
        "--force", action="store_true", help="rewrite exercises that are already up to date"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, metavar="S", help="seconds per cell (default 600)"
    )
    return parser


def _run_build(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    try:
        built = build_exercises(
            args.solutions,
            args.out,
            force=args.force,
            execute=not args.no_execute,
            timeout=args.timeout,
            log=print,
        )
    except ExerciseBuildError as error:
        return report_error("build-exercises", error, 1)
    written = sum(b.written for b in built)
    print(
        f"{written} of {len(built)} exercise notebook(s) written to {args.out} "
        f"in {time.perf_counter() - start:.1f} s."
    )
    return 0
