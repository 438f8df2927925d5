"""Grade one student's submission: run each notebook in a fresh kernel, then check it.

For each notebook:

1. The file is read (never opened for writing) and parsed; an empty file or
   one that is not notebook JSON is an ``invalid notebook``.
2. Its exercise is identified (:func:`~nnteach.grading.integrity.identify_exercise`);
   a notebook of another exercise, or of none, is a ``wrong exercise``.
3. Its check cells are compared with the reference ones and its code is
   scanned (:mod:`~nnteach.grading.integrity`).
4. It runs in a fresh ``python3`` kernel whose working directory is a
   temporary copy of its folder, between two cells added by the grader
   (:mod:`~nnteach.grading._kernel`): one records the interpreter's state
   first, the last loads the checks afresh and checks every task. The
   student's cells run with ``allow_errors``: an error does not stop the later
   cells. A cell that runs longer than ``cell_timeout`` is interrupted; if all
   cells together take longer than ``timeout`` the kernel is killed
   (``timeout``). A kernel that dies is ``kernel died``. Outputs are counted and
   dropped as they arrive, so a notebook that prints megabytes costs no memory.
5. The results come back in a JSON file at a path with a random nonce, never
   through stdout, and are validated against the installed task list (points
   are recomputed here).

The batch (:mod:`nnteach.grading.batch`) starts one ``python -m nnteach.grading
--result PATH`` process per student (:func:`main`) and sends the job as JSON on
its standard input.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .integrity import (
    canonical_check_cells,
    check_cells,
    compare_check_cells,
    find_reference_notebook,
    identify_exercise,
    normalize_source,
    package_changes,
    suspicious_code,
)
from .statuses import (
    GRADED,
    GRADER_ERROR,
    INVALID_NOTEBOOK,
    KERNEL_DIED,
    TIMEOUT,
    WRONG_EXERCISE,
)

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "GradeOptions",
    "grade_notebook",
    "grade_submission",
    "kernel_environment",
    "default_reference_dir",
    "expected_exercise",
    "failed_record",
    "load_references",
    "main",
    "notebook_digest",
]

DEFAULT_TIMEOUT = 600.0  # seconds for all of a notebook's cells
DEFAULT_CELL_TIMEOUT = 120.0  # seconds for one cell
STARTUP_TIMEOUT = 120.0  # kernel start and the grader's first cell
GRADING_MARGIN = 60.0  # added to the tasks' own limits for the grading cell
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_CELL_ERRORS = 20
KERNEL_FILE = Path(__file__).with_name("_kernel.py")

_PASS_ENV = (
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_NUMERIC",
    "TZ",
    "TMPDIR",
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "LD_LIBRARY_PATH",
    "CUDA_VISIBLE_DEVICES",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "KERAS_BACKEND",
    "KERAS_HOME",
    "TF_CPP_MIN_LOG_LEVEL",
    "JUPYTER_PATH",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "MPLCONFIGDIR",
    "SSL_CERT_FILE",
)


@dataclass(frozen=True)
class GradeOptions:
    """Limits and choices for grading one notebook.

    Attributes
    ----------
    timeout : float
        Seconds all the student's cells together may run.
    cell_timeout : float
        Seconds one cell may run before it is interrupted.
    exercise : str or None
        Grade every notebook as this exercise (``--exercise``).

    Examples
    --------
    >>> from nnteach.grading.runner import GradeOptions
    >>> GradeOptions(timeout=60).cell_timeout
    120.0
    """

    timeout: float = DEFAULT_TIMEOUT
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    exercise: str | None = None


def notebook_digest(data: bytes) -> str:
    """SHA-256 of a submitted file's bytes, as hex.

    Examples
    --------
    >>> from nnteach.grading.runner import notebook_digest
    >>> notebook_digest(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def kernel_environment(ipython_dir: Path, package_parent: Path | None = None) -> dict[str, str]:
    """A small environment for a grading kernel: no secrets of the grader's shell.

    Only locale, paths and thread settings are passed through; TensorFlow is
    quietened, hashing fixed, matplotlib headless, and IPython reads the
    empty profile folder ``ipython_dir``.

    Examples
    --------
    >>> from pathlib import Path
    >>> from nnteach.grading.runner import kernel_environment
    >>> env = kernel_environment(Path("/tmp/ipython"))
    >>> env["MPLBACKEND"], env["IPYTHONDIR"]
    ('Agg', '/tmp/ipython')
    """
    env = {key: os.environ[key] for key in _PASS_ENV if key in os.environ}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "Agg"
    env["IPYTHONDIR"] = str(ipython_dir)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if package_parent is not None:
        paths = [str(package_parent), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def default_reference_dir() -> Path | None:
    """The course's ``solutions/`` (else ``exercises/``) beside the installed package, if any.

    Examples
    --------
    >>> from nnteach.grading.runner import default_reference_dir
    >>> default_reference_dir().name  # doctest: +SKIP
    'solutions'
    """
    import nnteach

    course = Path(nnteach.__file__).resolve().parents[1]
    for name in ("solutions", "exercises"):
        if any((course / name).glob("[0-9][0-9]_*.ipynb")):
            return course / name
    return None


def load_references(reference_dir: str | Path | None, exercise_ids: list[str]) -> dict:
    """Reference check cells per exercise: ``{"01": {grade_id: {...}}}``.

    Read from ``reference_dir/NN_*.ipynb`` (the course's ``solutions/`` or
    ``exercises/``); an exercise without a reference notebook gets the check
    cells the exercise builder writes (``check-1-2`` holding ``check("1.2")``).

    Examples
    --------
    >>> from nnteach.grading.runner import load_references
    >>> sorted(load_references(None, ["01"])["01"])
    ['check-1-1', 'check-1-2', 'check-1-3', 'check-1-4', 'check-1-5']
    """
    import nbformat

    from nnteach.checks import tasks_for

    references = {}
    for exercise_id in exercise_ids:
        path = find_reference_notebook(reference_dir, exercise_id)
        cells = None
        if path is not None:
            try:
                cells = check_cells(nbformat.read(path, as_version=4))
            except Exception:  # noqa: BLE001 - fall back to the canonical cells
                cells = None
        if not cells:
            tasks = tasks_for(exercise_id)
            cells = canonical_check_cells([t.id for t in tasks], [t.points for t in tasks])
        references[exercise_id] = cells
    return references


# --------------------------------------------------------------------------- #
# Reading and identifying
# --------------------------------------------------------------------------- #


class _Unusable(Exception):  # noqa: N818 - an outcome
    def __init__(self, status: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _parse(data: bytes) -> Any:
    import nbformat

    if len(data) > MAX_NOTEBOOK_BYTES:
        raise _Unusable(INVALID_NOTEBOOK, f"the file is larger than {MAX_NOTEBOOK_BYTES} bytes")
    if not data.strip():
        raise _Unusable(INVALID_NOTEBOOK, "the file is empty")
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        first = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise _Unusable(INVALID_NOTEBOOK, f"the file is not valid JSON ({first})") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise _Unusable(INVALID_NOTEBOOK, "the file is JSON but not a notebook (no list of cells)")
    try:
        nb = nbformat.reads(json.dumps(content), as_version=4)
    except Exception as error:  # noqa: BLE001 - any nbformat complaint
        raise _Unusable(
            INVALID_NOTEBOOK, f"nbformat cannot read it ({type(error).__name__})"
        ) from None
    for cell in nb.cells:
        if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), str):
            raise _Unusable(INVALID_NOTEBOOK, "a cell of the notebook is malformed")
    return nb


def _tasks(exercise_id: str) -> list[dict[str, Any]]:
    from nnteach.checks import tasks_for

    return [
        {"task_id": t.id, "title": t.title, "max_points": float(t.points)}
        for t in tasks_for(exercise_id)
    ]


def _exercise_title(exercise_id: str) -> str:
    from nnteach.checks import get_exercise

    return get_exercise(exercise_id).title


def expected_exercise(name: str) -> str | None:
    """The exercise a notebook's file name announces (``01_perceptron.ipynb`` -> ``"01"``).

    Examples
    --------
    >>> from nnteach.grading.runner import expected_exercise
    >>> expected_exercise("01_perceptron.ipynb"), expected_exercise("notes.ipynb")
    ('01', None)
    """
    from nnteach.checks import get_exercise

    try:
        return get_exercise(name).id
    except LookupError:
        return None


# --------------------------------------------------------------------------- #
# Running
# --------------------------------------------------------------------------- #


def _kernel_cell(function: str, argument: Any) -> str:
    source = KERNEL_FILE.read_text(encoding="utf-8")
    return (
        "def _nnteach_grader_cell():\n"
        "    namespace = {'__name__': '_nnteach_grader'}\n"
        f"    code = compile({source!r}, {str(KERNEL_FILE)!r}, 'exec', dont_inherit=True)\n"
        "    exec(code, namespace)\n"
        f"    namespace[{function!r}]({argument!r})\n"
        "_nnteach_grader_cell()\n"
        "del _nnteach_grader_cell\n"
    )


def _client_class():
    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        """A NotebookClient that keeps no outputs (errors aside) and can be killed on time."""

        def __init__(self, nb: Any, **kwargs: Any) -> None:
            super().__init__(nb, **kwargs)
            self.output_bytes = 0
            self.outputs_dropped = 0
            self.timed_out_cells: set[int] = set()
            self.expired = False
            self.current_index: int | None = None

        def output(self, outs, msg, display_id, cell_index):
            from nbformat.v4 import new_output

            content = msg.get("content") or {}
            if msg.get("msg_type") == "error":
                out = new_output(
                    "error",
                    ename=str(content.get("ename", ""))[:200],
                    evalue=str(content.get("evalue", ""))[:500],
                    traceback=[],
                )
                if len(outs) < 5:
                    outs.append(out)
                return out
            if msg.get("msg_type") == "stream":
                self.output_bytes += len(content.get("text") or "")
            else:
                data = content.get("data") or {}
                self.output_bytes += sum(len(v) for v in data.values() if isinstance(v, str))
            self.outputs_dropped += 1
            return None

        def handle_comm_msg(self, outs, msg, cell_index):  # widgets: ignored
            return None

        async def _async_handle_timeout(self, timeout, cell=None):
            if self.current_index is not None:
                self.timed_out_cells.add(self.current_index)
            return await super()._async_handle_timeout(timeout, cell)

        def expire(self) -> None:
            """Kill the kernel (its whole process group) and stop waiting for it."""
            self.expired = True
            asyncio.ensure_future(self._kill())

        async def _kill(self) -> None:
            try:
                if self.km is not None:
                    await self.km.signal_kernel(signal.SIGKILL)
            except Exception:  # noqa: BLE001 - already dead
                pass
            task = getattr(self, "task_poll_for_reply", None)
            if task is not None and not task.done():
                task.cancel()

        def exit_description(self) -> str:
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            code = process.poll() if process is not None else None
            if code is None:
                return ""
            if code < 0:
                try:
                    return f" (killed by {signal.Signals(-code).name})"
                except ValueError:
                    return f" (killed by signal {-code})"
            return f" (exit status {code})"

    return GradingClient


async def _execute(
    client: Any,
    *,
    student_cells: list[tuple[int, Any]],
    pre_cell: Any,
    grading_source: Any,
    work: Path,
    env: dict[str, str],
    options: GradeOptions,
    grading_limit: float,
) -> dict[str, Any]:
    """Run the cells; return ``{"status", "detail", "errors", "graded"}``."""
    from nbclient.exceptions import DeadKernelError

    outcome: dict[str, Any] = {"status": None, "detail": "", "errors": [], "graded": False}
    loop = asyncio.get_running_loop()
    devnull = subprocess.DEVNULL
    async with client.async_setup_kernel(
        cwd=str(work), env=env, stdin=devnull, stdout=devnull, stderr=devnull
    ):
        client.timeout = int(STARTUP_TIMEOUT)
        client.current_index = None
        try:
            await client.async_execute_cell(pre_cell, 0, store_history=False)
        except DeadKernelError:
            outcome.update(status=KERNEL_DIED, detail="the kernel stopped before the notebook ran")
            return outcome
        client.timeout = max(1, math.ceil(options.cell_timeout))
        handle = loop.call_later(options.timeout, client.expire)
        position = None
        try:
            for position, (number, cell) in enumerate(student_cells, start=1):
                if client.expired:
                    break
                client.current_index = position
                await client.async_execute_cell(cell, position, store_history=True)
                if position in client.timed_out_cells:
                    outcome["errors"].append(
                        {
                            "cell": number,
                            "error": f"ran longer than {options.cell_timeout:g} s and was "
                            "interrupted",
                        }
                    )
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        ename, evalue = output.get("ename", ""), output.get("evalue", "")
                        if position in client.timed_out_cells and ename == "KeyboardInterrupt":
                            continue
                        text = f"{ename}: {evalue}" if evalue else ename
                        outcome["errors"].append({"cell": number, "error": text[:300]})
        except DeadKernelError:
            where = f" in cell {student_cells[position - 1][0]}" if position else ""
            if client.expired:
                outcome.update(
                    status=TIMEOUT,
                    detail=f"the notebook ran longer than {options.timeout:g} s and was "
                    f"stopped{where}",
                )
            else:
                outcome.update(
                    status=KERNEL_DIED,
                    detail=f"the kernel stopped{where}{client.exit_description()}",
                )
            return outcome
        finally:
            handle.cancel()
        if client.expired:
            outcome.update(
                status=TIMEOUT, detail=f"the notebook ran longer than {options.timeout:g} s"
            )
            return outcome
        # the grader's cell: its source (with the nonce) exists only from now on
        client.timeout = max(1, math.ceil(grading_limit))
        client.current_index = len(student_cells) + 1
        cell = grading_source()
        client.nb.cells.append(cell)
        handle = loop.call_later(grading_limit + 30, client.expire)
        try:
            await client.async_execute_cell(cell, len(student_cells) + 1, store_history=False)
        except DeadKernelError:
            if client.expired:
                outcome.update(status=TIMEOUT, detail="the checks did not finish in time")
            else:
                outcome.update(
                    status=KERNEL_DIED,
                    detail=f"the kernel stopped while the checks ran{client.exit_description()}",
                )
            return outcome
        finally:
            handle.cancel()
        if client.current_index in client.timed_out_cells:
            outcome.update(
                status=TIMEOUT,
                detail=f"the checks did not finish within {grading_limit:g} s: does a "
                "function loop forever?",
            )
            return outcome
        outcome["graded"] = True
    return outcome


def _read_report(path: Path, nonce: str) -> dict[str, Any]:
    if not path.is_file():
        raise ValueError("the checks wrote no results")
    if path.stat().st_size > 5 * 1024 * 1024:
        raise ValueError("the results file is too large")
    report = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(report, dict) or report.get("nonce") != nonce:
        raise ValueError("the results file is not the grader's")
    return report


def _validated_results(raw: Any, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kernel's results, trusted only for status and messages; points recomputed."""
    from nnteach.checks.result import ERROR, PASSED, STATUSES

    by_id = {}
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("task_id"), str):
                by_id.setdefault(item["task_id"], item)
    results = []
    for task in tasks:
        item = by_id.get(task["task_id"])
        status = item.get("status") if item else None
        if status not in STATUSES:
            results.append(
                {
                    **task,
                    "status": ERROR,
                    "message": "The checks returned no result for this task.",
                    "hint": "",
                    "points": 0.0,
                }
            )
            continue
        results.append(
            {
                **task,
                "status": status,
                "message": str(item.get("message", ""))[:1000],
                "hint": str(item.get("hint", ""))[:1000],
                "points": task["max_points"] if status == PASSED else 0.0,
            }
        )
    return results


def _new_record(relative: str, expected: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "notebook": relative,
        "sha256": "",
        "exercise": expected or "",
        "exercise_title": "",
        "status": None,
        "detail": "",
        "tampered": False,
        "tamper_reasons": [],
        "cell_errors": [],
        "output_bytes": 0,
        "seconds": 0.0,
        "tasks": [],
        "results": [],
    }
    if expected:
        record["exercise_title"] = _exercise_title(expected)
        record["tasks"] = _tasks(expected)
    return record


def failed_record(
    path: str | Path, relative: str, expected: str | None, status: str, detail: str
) -> dict[str, Any]:
    """The record of a notebook that could not be graded (same keys as :func:`grade_notebook`).

    Examples
    --------
    >>> from nnteach.grading.runner import failed_record
    >>> failed_record("/no/such.ipynb", "such.ipynb", "01", "grader error", "")["tasks"][0]
    {'task_id': '1.1', 'title': 'A neuron by hand', 'max_points': 1.0}
    """
    record = _new_record(relative, expected)
    try:
        record["sha256"] = notebook_digest(Path(path).read_bytes())
    except OSError:
        pass
    record["status"], record["detail"] = status, detail
    return record


def _work_copy(source: Path, layout: str, work: Path) -> None:
    if layout == "folder":
        shutil.copytree(
            source,
            work,
            symlinks=True,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    else:
        work.mkdir()
        shutil.copyfile(source, work / source.name)


def grade_notebook(
    path: str | Path,
    *,
    relative: str,
    layout: str = "file",
    expected: str | None = None,
    options: GradeOptions = GradeOptions(),  # noqa: B008 - frozen dataclass
    references: dict[str, dict] | None = None,
    reference_dir: str | Path | None = None,
    sources: dict[str, str] | None = None,
    package_root: str | Path | None = None,
) -> dict[str, Any]:
    """Run one submitted notebook on a temporary copy and check every task.

    Parameters
    ----------
    path : str or Path
        The notebook. It is only read.
    relative : str
        How to name it in the gradebook (its path inside SUBMISSIONS).
    layout : {"file", "folder"}
        ``"folder"``: the kernel runs in a copy of the notebook's whole folder;
        ``"file"``: in a folder holding a copy of the notebook alone.
    expected : str, optional
        The exercise the notebook should be; ``None``: read from its cells.
    options : GradeOptions
    references : dict, optional
        Reference check cells per exercise (:func:`load_references`); an
        exercise missing from it is read from ``reference_dir``.
    reference_dir : str or Path, optional
        Folder of reference notebooks (default: :func:`default_reference_dir`).
    sources : dict, optional
        The installed ``nnteach`` sources the kernel loads the checks from
        (:func:`~nnteach.grading.integrity.snapshot_package`); default: read now.
    package_root : str or Path, optional
        The installed ``nnteach`` folder (default: this package's).

    Returns
    -------
    dict
        ``notebook``, ``sha256``, ``exercise``, ``exercise_title``, ``status``,
        ``detail``, ``tampered``, ``tamper_reasons``, ``cell_errors``,
        ``output_bytes``, ``seconds``, ``tasks`` and ``results`` (one dict per
        task: ``task_id``, ``title``, ``status``, ``message``, ``hint``,
        ``points``, ``max_points``).

    Examples
    --------
    >>> from nnteach.grading.runner import grade_notebook
    >>> record = grade_notebook("solutions/01_perceptron.ipynb", relative="a")  # doctest: +SKIP
    >>> record["status"]  # doctest: +SKIP
    'graded'
    """
    import nbformat

    import nnteach

    from .integrity import snapshot_package

    start = time.perf_counter()
    path = Path(path)
    root = Path(package_root) if package_root else Path(nnteach.__file__).resolve().parent
    sources = sources if sources is not None else snapshot_package(root)
    record = _new_record(relative, expected)

    def finish(status: str, detail: str = "") -> dict[str, Any]:
        record["status"], record["detail"] = status, detail
        record["tampered"] = bool(record["tamper_reasons"])
        record["seconds"] = round(time.perf_counter() - start, 2)
        return record

    try:
        data = path.read_bytes()
    except OSError as error:
        return finish(INVALID_NOTEBOOK, f"the file cannot be read ({error.strerror})")
    record["sha256"] = notebook_digest(data)
    try:
        nb = _parse(data)
    except _Unusable as problem:
        return finish(problem.status, problem.detail)
    exercise_id, reason = identify_exercise(nb, expected)
    if exercise_id is None:
        return finish(WRONG_EXERCISE, reason)
    record["exercise"] = exercise_id
    record["exercise_title"] = _exercise_title(exercise_id)
    record["tasks"] = tasks = _tasks(exercise_id)
    if references is not None and exercise_id in references:
        reference = references[exercise_id]
    else:
        folder = reference_dir if reference_dir is not None else default_reference_dir()
        reference = load_references(folder, [exercise_id])[exercise_id]
    record["tamper_reasons"] += compare_check_cells(nb, reference)
    record["tamper_reasons"] += suspicious_code(nb, reference)

    # the cells to run: code cells, minus unedited check cells (they only display)
    student_cells = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        expected_cell = reference.get(grade_id) if isinstance(grade_id, str) else None
        if expected_cell and normalize_source(cell.source) == expected_cell.get("source"):
            continue
        student_cells.append((number, nbformat.v4.new_code_cell(cell.source)))

    from nnteach.checks import tasks_for

    grading_limit = sum(float(t.timeout) for t in tasks_for(exercise_id)) + GRADING_MARGIN
    snapshot_key = "_nnteach_grader_" + secrets.token_hex(8)
    nonce = secrets.token_hex(16)
    tmp = Path(tempfile.mkdtemp(prefix="nnteach-grade-"))
    try:
        work = tmp / "work"
        _work_copy(path if layout == "file" else path.parent, layout, work)
        ipython_dir = tmp / "ipython" / "profile_default"
        ipython_dir.mkdir(parents=True)
        (ipython_dir / "ipython_kernel_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            "c.IPKernelApp.capture_fd_output = False\n"
            "c.HistoryManager.enabled = False\n",
            encoding="utf-8",
        )
        env = kernel_environment(tmp / "ipython", root.parent)
        private = tmp / f"grader-{nonce}"
        results_path = private / "results.json"

        def grading_cell() -> Any:
            private.mkdir(mode=0o700)
            config = {
                "exercise": exercise_id,
                "results_path": str(results_path),
                "nonce": nonce,
                "snapshot_key": snapshot_key,
                "package_root": str(root),
                "sources": sources,
                "folders": [str(work), str(work.resolve())],
            }
            return nbformat.v4.new_code_cell(_kernel_cell("grade", config))

        run_nb = nbformat.v4.new_notebook()
        run_nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        pre_cell = nbformat.v4.new_code_cell(_kernel_cell("take_snapshot", snapshot_key))
        run_nb.cells = [pre_cell] + [cell for _, cell in student_cells]
        client = _client_class()(
            run_nb,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            shutdown_kernel="immediate",
            record_timing=False,
            startup_timeout=int(STARTUP_TIMEOUT),
            iopub_timeout=4,
            resources={"metadata": {"path": str(work)}},
        )
        try:
            outcome = asyncio.run(
                _execute(
                    client,
                    student_cells=student_cells,
                    pre_cell=pre_cell,
                    grading_source=grading_cell,
                    work=work,
                    env=env,
                    options=options,
                    grading_limit=grading_limit,
                )
            )
        except Exception as error:  # noqa: BLE001 - the kernel would not start, and the like
            first = (str(error).strip().splitlines() or [""])[0][:200]
            return finish(
                GRADER_ERROR, f"the notebook could not be run ({type(error).__name__}: {first})"
            )
        record["cell_errors"] = outcome["errors"][:MAX_CELL_ERRORS]
        record["output_bytes"] = client.output_bytes
        if not outcome["graded"]:
            return finish(outcome["status"], outcome["detail"])
        try:
            report = _read_report(results_path, nonce)
        except (OSError, ValueError) as error:
            return finish(GRADER_ERROR, str(error))
        record["tamper_reasons"] += [str(r)[:300] for r in report.get("tamper") or []][:20]
        if report.get("results") is None:
            return finish(GRADER_ERROR, f"the checks failed: {str(report.get('error'))[:300]}")
        record["results"] = _validated_results(report["results"], tasks)
        return finish(GRADED)
    finally:
        try:
            after = notebook_digest(path.read_bytes())
        except OSError:
            after = None
        if record["sha256"] and after != record["sha256"]:
            record["tamper_reasons"].append("the notebook changed its own submitted file")
            record["tampered"] = True
        changes = package_changes(root, sources)
        if changes:
            record["tamper_reasons"].append(
                "the installed nnteach files changed while it ran: " + ", ".join(changes[:5])
            )
            record["tampered"] = True
        shutil.rmtree(tmp, ignore_errors=True)


def grade_submission(job: dict[str, Any]) -> dict[str, Any]:
    """Grade every notebook of one student, in order; the student's result.

    Parameters
    ----------
    job : dict
        ``student``, ``submission`` (relative path), ``layout``, ``notebooks``
        (list of ``{"path", "relative", "expected"}``), ``options``
        (:class:`GradeOptions` fields), ``reference_dir`` (or ``references``),
        ``sources``, ``package_root``.

    Returns
    -------
    dict
        ``student``, ``submission``, ``layout``, ``graded_at``, ``options`` and
        ``notebooks`` (one :func:`grade_notebook` record each).

    Examples
    --------
    >>> from nnteach.grading.runner import grade_submission
    >>> job = {"student": "bob", "submission": "bob.ipynb", "layout": "file",
    ...        "notebooks": [{"path": "/no/such.ipynb", "relative": "bob.ipynb"}]}
    >>> grade_submission(job)["notebooks"][0]["status"]
    'invalid notebook'
    """
    options = GradeOptions(**job.get("options", {}))
    notebooks = []
    for item in job["notebooks"]:
        notebooks.append(
            grade_notebook(
                item["path"],
                relative=item["relative"],
                layout=job["layout"],
                expected=item.get("expected"),
                options=options,
                references=job.get("references"),
                reference_dir=job.get("reference_dir"),
                sources=job.get("sources"),
                package_root=job.get("package_root"),
            )
        )
    return {
        "student": job["student"],
        "submission": job["submission"],
        "layout": job["layout"],
        "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "options": asdict(options),
        "notebooks": notebooks,
    }


def _terminate(signum: int, frame: Any) -> None:  # noqa: ARG001 - signal handler
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """``python -m nnteach.grading --result PATH``: the job comes as JSON on stdin.

    Examples
    --------
    ``nnteach grade`` starts one such process per student::

        echo '{"student": "bob", ...}' | python -m nnteach.grading --result bob.json
    """
    parser = argparse.ArgumentParser(prog="python -m nnteach.grading")
    parser.add_argument("--result", required=True, help="where to write the result (JSON)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    job = json.loads(sys.stdin.read())
    result = grade_submission(job)
    target = Path(args.result)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(result), encoding="utf-8")
    os.replace(tmp, target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
