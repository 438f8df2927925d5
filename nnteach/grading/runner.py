"""Grade one student: ``python -I ... nnteach.grading``, run inside the student's sandbox.

The batch (:mod:`nnteach.grading.batch`) has already copied the student's
notebooks into the sandbox's ``/tmp/work`` and sends the job as JSON on
standard input. This process is the *judge*: it starts before any student
code runs, in isolated mode (``-I``: no user site-packages, no folder a
notebook can write to on ``sys.path``), in a fresh home folder. For each
notebook it:

1. parses the copy; an empty file or one that is not notebook JSON is an
   ``invalid notebook``, one of another exercise a ``wrong exercise``;
2. compares its check cells with the reference ones and scans its code
   (:mod:`~nnteach.grading.integrity`);
3. runs its cells (minus unedited check cells) in a fresh kernel with its own
   fresh home, IPython, Matplotlib and Keras folders and no user site-packages
   (:func:`nnteach.notebooks.run_notebook`), then checks every task *here*
   (:func:`nnteach.grading.judge.judge_notebook`): the checks read the
   student's values from the kernel as plain data and call the student's
   functions there, and the verdict and points are computed in this process.
   An audit hook added before the first cell reports what the cells did on the
   kernel's standard error, a pipe read here; each report is a tamper reason.
   A kernel that does not answer as the relay does makes the notebook ``tampered``.

The verdict, one :class:`~nnteach.grading.records.StudentResult` as JSON, is
written to this process's standard output, which was moved to a private file
descriptor first (the kernel gets ``/dev/null``; this process is not dumpable,
so ``/proc`` does not open its descriptors), framed by the job's secret
``nonce``: the sandbox's first process also holds the pipe, and what a
notebook writes into it through ``/proc/1/fd/1`` is outside the frame.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from .integrity import (
    canonical_check_cells,
    check_cells,
    compare_check_cells,
    find_reference_notebook,
    identify_exercise,
    normalize_source,
    suspicious_code,
)
from .records import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_TIMEOUT,
    CellError,
    GradeOptions,
    GradingJob,
    NotebookRecord,
    StudentResult,
)
from .statuses import (
    GRADED,
    GRADER_ERROR,
    INVALID_NOTEBOOK,
    KERNEL_DIED,
    OUT_OF_MEMORY,
    TAMPERED,
    TIMEOUT,
    WRONG_EXERCISE,
)

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "GradeOptions",
    "default_reference_dir",
    "expected_exercise",
    "grade_notebook",
    "grade_submission",
    "load_references",
    "main",
    "new_record",
    "parse_notebook",
]

GRADING_MARGIN = 60.0  # added to the tasks' own limits for the checks
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_CELL_ERRORS = 20
_STARTUP = """\
def _nnteach_audit():
    from nnteach._in_kernel import install_audit
    install_audit({folder!r})
_nnteach_audit()
del _nnteach_audit
"""


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

    Read from ``reference_dir/NN_*.ipynb``; an exercise without a reference
    notebook gets the check cells the exercise builder writes.

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
        try:
            cells = check_cells(nbformat.read(path, as_version=4)) if path else None
        except Exception:  # noqa: BLE001 - fall back to the canonical cells
            cells = None
        if not cells:
            tasks = tasks_for(exercise_id)
            cells = canonical_check_cells([t.id for t in tasks], [t.points for t in tasks])
        references[exercise_id] = cells
    return references


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


def new_record(relative: str, exercise: str | None, **fields: Any) -> NotebookRecord:
    """A record for ``relative``, with the tasks of ``exercise`` (if known) not checked yet.

    Examples
    --------
    >>> from nnteach.grading.runner import new_record
    >>> new_record("a.ipynb", "01", status="timeout").tasks[0]
    – Task 1.1 (0/1): not checked
    """
    from nnteach.checks import get_exercise, tasks_for
    from nnteach.checks.result import NOT_CHECKED, CheckResult

    record = NotebookRecord(relative, **fields)
    if exercise:
        record.exercise, record.exercise_title = exercise, get_exercise(exercise).title
        record.tasks = [
            CheckResult(t.id, t.title, NOT_CHECKED, max_points=float(t.points), exercise=exercise)
            for t in tasks_for(exercise)
        ]
    return record


def parse_notebook(data: bytes) -> Any:
    """The notebook in ``data``; ``ValueError`` saying why when it is not one.

    Examples
    --------
    >>> from nnteach.grading.runner import parse_notebook
    >>> parse_notebook(b"")
    Traceback (most recent call last):
    ...
    ValueError: the file is empty
    """
    import nbformat

    if len(data) > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"the file is larger than {MAX_NOTEBOOK_BYTES} bytes")
    if not data.strip():
        raise ValueError("the file is empty")
    try:
        content = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        first = (str(error).splitlines() or [type(error).__name__])[0][:120]
        raise ValueError(f"the file is not valid JSON ({first})") from None
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        raise ValueError("the file is JSON but not a notebook (no list of cells)")
    try:
        nb = nbformat.reads(json.dumps(content), as_version=4)
    except Exception as error:  # noqa: BLE001 - any nbformat complaint
        raise ValueError(f"nbformat cannot read it ({type(error).__name__})") from None
    if any(not isinstance(cell.get("source", ""), str) for cell in nb.cells):
        raise ValueError("a cell of the notebook is malformed")
    return nb


def _student_cells(nb: Any, reference: dict) -> list[tuple[int, Any]]:
    """Code cells to run, with their numbers; unedited check cells only display, so skip them."""
    import nbformat

    cells = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        expected = reference.get(grade_id) if isinstance(grade_id, str) else None
        if expected and normalize_source(cell.source) == expected.get("source"):
            continue
        cells.append((number, nbformat.v4.new_code_cell(cell.source)))
    return cells


class _AuditReader(threading.Thread):
    """Reads the kernel's standard error; keeps the audit hook's lines."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.read_fd, self.write_fd = os.pipe()
        self.reasons: list[str] = []

    def run(self) -> None:
        from nnteach._in_kernel import AUDIT_PREFIX

        with os.fdopen(self.read_fd, "rb") as stream:
            # in pieces: a kernel that writes one endless line does not fill our memory
            for raw in iter(lambda: stream.readline(8192), b""):
                line = raw.decode("utf-8", "replace")
                if line.startswith(AUDIT_PREFIX) and len(self.reasons) < 40:
                    try:
                        self.reasons.append(str(json.loads(line[len(AUDIT_PREFIX) :]))[:300])
                    except ValueError:
                        self.reasons.append("wrote a malformed line to the grader's audit channel")


def _results(value: Any, record: NotebookRecord) -> None:
    """Fill ``record.tasks`` from ``{"results": [...], "hooks": [...]}``; points recomputed here.

    Each result is read with :meth:`~nnteach.checks.result.CheckResult.from_untrusted`.
    """
    from nnteach.checks.result import CheckResult

    value = value if isinstance(value, dict) else {}
    found = {}
    for item in value.get("results") or []:
        if isinstance(item, CheckResult):
            item = item.to_dict()
        if isinstance(item, dict) and isinstance(item.get("task_id"), str):
            found.setdefault(item["task_id"], item)
    record.tasks = [  # title and exercise from the registry, not from what the checks said
        replace(
            CheckResult.from_untrusted(found.get(task.task_id), task.task_id, task.max_points),
            title=task.title,
            exercise=task.exercise,
        )
        for task in record.tasks
    ]
    hooks = value.get("hooks") or []
    record.tamper_reasons += [f"registered {h} (removed before grading)"[:300] for h in hooks][:10]


def grade_notebook(
    path: str | Path,
    record: NotebookRecord,
    *,
    options: GradeOptions,
    reference: dict | None,
) -> NotebookRecord:
    """Run one notebook copy in a fresh kernel and check every task; fill ``record``.

    Parameters
    ----------
    path : str or Path
        The copy of the notebook (inside the sandbox); its folder is the kernel's.
    record : NotebookRecord
        Holds the notebook's name, digest and expected exercise; filled in.
    options : GradeOptions
    reference : dict, optional
        Reference check cells per exercise (:func:`load_references`).

    Examples
    --------
    >>> from nnteach.grading.runner import GradeOptions, grade_notebook, new_record
    >>> grade_notebook("/no/such.ipynb", new_record("a", None), options=GradeOptions(),
    ...                reference={}).status
    'invalid notebook'
    """
    import nbformat

    from nnteach.notebooks import run_notebook

    start, path = time.perf_counter(), Path(path)
    if record.exercise and not record.tasks:  # an early failure still lists the tasks
        filled = new_record("", record.exercise)
        record.exercise_title, record.tasks = filled.exercise_title, filled.tasks
    try:
        nb = parse_notebook(path.read_bytes())
    except (OSError, ValueError) as error:
        record.status = INVALID_NOTEBOOK
        record.detail = getattr(error, "strerror", None) or str(error)
        return record
    exercise_id, reason = identify_exercise(nb, record.exercise or None)
    if exercise_id is None:
        record.status, record.detail = WRONG_EXERCISE, reason
        return record
    filled = new_record(record.notebook, exercise_id, sha256=record.sha256)
    record.exercise, record.exercise_title, record.tasks = (
        filled.exercise,
        filled.exercise_title,
        filled.tasks,
    )
    cells_ref = (reference or {}).get(exercise_id) or load_references(None, [exercise_id])[
        exercise_id
    ]
    record.tamper_reasons += compare_check_cells(nb, cells_ref) + suspicious_code(nb, cells_ref)
    cells = _student_cells(nb, cells_ref)
    from nnteach.checks import tasks_for

    checks_limit = sum(float(t.timeout) for t in tasks_for(exercise_id)) + GRADING_MARGIN
    with tempfile.TemporaryDirectory(prefix="nnteach-kernel-") as fresh:
        env = _grading_environment(Path(fresh), path.parent)
        audit = _AuditReader()
        audit.start()
        run_nb = nbformat.v4.new_notebook(cells=[cell for _, cell in cells])
        try:
            run = run_notebook(
                run_nb,
                cwd=path.parent,
                cell_timeout=options.cell_timeout,
                timeout=options.timeout,
                allow_errors=True,
                keep_outputs=False,
                env=env,
                kernel_stderr=audit.write_fd,
                **_checking(exercise_id, checks_limit),
            )
        except Exception as error:  # noqa: BLE001 - the kernel would not start, the checks broke
            first = (str(error).strip().splitlines() or [""])[0][:200]
            run = None
            record.status, record.detail = GRADER_ERROR, f"{type(error).__name__}: {first}"
            if isinstance(error, TimeoutError):
                record.status, record.detail = TIMEOUT, first
        finally:
            os.close(audit.write_fd)
            audit.join(timeout=5)
    record.tamper_reasons += audit.reasons
    record.seconds = round(time.perf_counter() - start, 2)
    if run is not None:
        _record_run(run, record, cells)
    return record


#: bench/bench_grading.py only: check in the kernel as before the judge, to time the difference
_BENCH_IN_KERNEL = "NNTEACH_BENCH_IN_KERNEL_CHECKS"


def _checking(exercise_id: str, limit: float) -> dict[str, Any]:
    """How :func:`run_notebook` checks the tasks: the judge (always, but in the benchmark)."""
    if os.environ.get(_BENCH_IN_KERNEL) == "1":
        from nnteach.notebooks import check_expression

        return {"evaluate": check_expression(exercise_id), "evaluate_timeout": limit}
    return {"judge": _judge(exercise_id, limit)}


def _judge(exercise_id: str, limit: float):
    """``judge(kernel_manager)`` for :func:`~nnteach.notebooks.run_notebook`: the checks, here."""

    def judge(km: Any) -> Any:
        from .judge import KernelLink, judge_notebook

        process = getattr(getattr(km, "provisioner", None), "process", None)
        link = KernelLink(km.get_connection_info(), process, time.monotonic() + limit)
        try:
            return judge_notebook(exercise_id, link.request)
        finally:
            link.close()

    return judge


def _grading_environment(fresh: Path, folder: Path) -> dict[str, str]:
    """The grading kernel's environment, with fresh folders in ``fresh``.

    Its home, IPython profile, Matplotlib and Jupyter folders are new and
    empty (but for the shared read-only font list), and Python's user
    site-packages are off, so nothing one notebook writes there (startup
    files, ``.pth`` files, rc files) reaches the next one. The profile's
    startup file runs in ``folder`` (:data:`_STARTUP`); the kernel does not
    capture file-descriptor output, keeps no history and writes no bytecode.
    """
    import nnteach
    from nnteach.notebooks import kernel_environment

    ipython = fresh / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup.parent / "ipython_kernel_config.py").write_text(
        "c.IPKernelApp.capture_fd_output = False\nc.HistoryManager.enabled = False\n"
    )
    (startup / "00-nnteach.py").write_text(_STARTUP.format(folder=str(folder)))
    env = kernel_environment(ipython_dir=str(ipython), clean=True)
    env.update(fresh_folders(fresh))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(nnteach.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return env


def fresh_folders(base: Path) -> dict[str, str]:
    """Environment variables that give a process new, empty folders under ``base``.

    Home, Matplotlib, Jupyter and XDG folders; Python's user site-packages off.
    The font list that :func:`~nnteach.grading.sandbox.shared_caches` shows
    read-only in the sandbox is linked into the new Matplotlib folder.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from nnteach.grading.runner import fresh_folders
    >>> env = fresh_folders(Path(tempfile.mkdtemp()))
    >>> env["PYTHONNOUSERSITE"], Path(env["HOME"]).is_dir()
    ('1', True)
    """
    folders = {
        "HOME": base / "home",
        "MPLCONFIGDIR": base / "matplotlib",
        "JUPYTER_CONFIG_DIR": base / "jupyter" / "config",
        "JUPYTER_DATA_DIR": base / "jupyter" / "data",
        "JUPYTER_RUNTIME_DIR": base / "jupyter" / "runtime",
        "XDG_CONFIG_HOME": base / "home" / ".config",
        "XDG_CACHE_HOME": base / "home" / ".cache",
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    shared = os.environ.get("MPLCONFIGDIR")
    if shared and Path(shared).is_dir():
        for font_list in Path(shared).glob("fontlist-*.json"):
            try:
                (folders["MPLCONFIGDIR"] / font_list.name).symlink_to(font_list)
            except OSError:
                pass
    env = {key: str(value) for key, value in folders.items()}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _record_run(run: Any, record: NotebookRecord, cells: list[tuple[int, Any]]) -> None:
    """Fill ``record`` from a finished run: output size, cell errors, status, task results."""
    record.output_bytes = run.output_bytes
    record.cell_errors = [CellError(cells[e.cell - 1][0], e.error) for e in run.cell_errors][
        :MAX_CELL_ERRORS
    ]
    if any(e.error.startswith("MemoryError") for e in run.cell_errors):
        record.status, record.detail = OUT_OF_MEMORY, "a cell raised MemoryError"
    elif run.stopped:
        record.status = TIMEOUT if run.stopped == "timeout" else KERNEL_DIED
        where = f" in cell {cells[run.cell - 1][0]}" if 0 < run.cell <= len(cells) else ""
        record.detail = run.detail + where
    elif isinstance(run.value, dict):  # the benchmark's in-kernel checks
        record.status = GRADED
        _results(run.value, record)
    elif getattr(run.value, "broken", ""):
        record.status, record.detail = TAMPERED, run.value.broken
        record.tamper_reasons.append(f"broke the grading protocol: it {run.value.broken}"[:300])
    elif getattr(run.value, "dead", False):
        record.status = KERNEL_DIED
        record.detail = "the kernel stopped while the checks ran the notebook's code"
    elif getattr(run.value, "timed_out", False):
        record.status, record.detail = TIMEOUT, "the checks ran past their time limit"
    else:
        record.status = GRADED
        verdict = run.value
        _results({"results": verdict.results, "hooks": verdict.hooks}, record)


def grade_submission(job: GradingJob) -> StudentResult:
    """Grade every notebook of one student, in order.

    Parameters
    ----------
    job : GradingJob
        The student, the notebooks' copies and the options.

    Examples
    --------
    >>> from nnteach.grading.records import GradingJob, JobNotebook
    >>> from nnteach.grading.runner import grade_submission
    >>> job = GradingJob("bob", "bob.ipynb", "file", (JobNotebook("/no/such.ipynb", "bob.ipynb"),))
    >>> grade_submission(job).notebooks[0].status
    'invalid notebook'
    """
    result = StudentResult(
        job.student, job.submission, job.layout, sandboxed=job.sandboxed, options=job.options
    )
    for item in job.notebooks:
        record = NotebookRecord(item.relative, sha256=item.sha256, exercise=item.expected or "")
        grade_notebook(item.path, record, options=job.options, reference=job.references)
        result.notebooks.append(record)
    result.graded_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    return result


def _private_stdout() -> int:
    """Move stdout to a private, non-inheritable descriptor; stdout itself becomes /dev/null."""
    verdict = os.dup(1)  # os.dup makes non-inheritable descriptors
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    try:  # not dumpable: processes of the same user cannot open /proc/<pid>/fd or ptrace it
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        pass
    return verdict


def main() -> int:
    """``python -m nnteach.grading``: job on stdin (JSON), verdict on stdout (JSON).

    Examples
    --------
    The batch starts one such process per student, inside its sandbox::

        echo '{"student": "bob", ...}' | python -m nnteach.grading > bob.json
    """
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a notebook's kill -INT does not stop the judge
    verdict = _private_stdout()
    job = GradingJob.from_json(sys.stdin.read())
    home = tempfile.mkdtemp(prefix="nnteach-judge-")
    os.environ.update(fresh_folders(Path(home)))
    # no keras.json a notebook could write: Keras's defaults (KERAS_HOME cannot be created)
    os.environ["KERAS_HOME"] = "/proc/nnteach-no-keras-home"
    os.chdir(home)
    # what this thread needs, imported before Keras starts importing in another one
    import jupyter_client.blocking  # noqa: F401
    import nbclient  # noqa: F401
    import numpy  # noqa: F401

    import nnteach.checks  # noqa: F401

    threading.Thread(target=_import_keras, daemon=True).start()  # while the first kernel runs
    result = grade_submission(job)
    with os.fdopen(verdict, "w", encoding="utf-8") as out:
        out.write(frame(json.dumps(result.to_dict()), job.nonce))
    return 0


def _import_keras() -> None:
    try:
        from nnteach._keras import import_keras

        import_keras()
    except Exception:  # noqa: BLE001 - the checks import it again and report the error
        pass


def frame(text: str, nonce: str) -> str:
    """``text`` between two markers made of ``nonce`` (see :func:`unframe`).

    Examples
    --------
    >>> from nnteach.grading.runner import frame, unframe
    >>> unframe("noise" + frame('{"a": 1}', "s3cret") + "more", "s3cret")
    ('{"a": 1}', 'noisemore')
    """
    return f"\x1e{nonce}\x1f{text}\x1f{nonce}\x1e"


def unframe(output: str, nonce: str) -> tuple[str | None, str]:
    """The framed verdict in ``output`` (``None`` if there is not exactly one), and the rest.

    The rest is what else reached the sandbox's standard output, which only a
    notebook writes to (through ``/proc/1/fd/1``).
    """
    start, end = f"\x1e{nonce}\x1f", f"\x1f{nonce}\x1e"
    if not nonce or output.count(start) != 1 or output.count(end) != 1:
        return None, output.strip()
    head, _, tail = output.partition(start)
    body, _, rest = tail.partition(end)
    return body, (head + rest).strip()
