"""Grade a whole class: N students at once, each in its own process, results kept as they come.

:func:`grade_class` finds the submissions, skips students whose stored result
graded exactly the same files (unless ``force``), and starts one ``python -m
nnteach.grading`` process per student, ``workers`` at a time. A process
per student keeps a crash, a hang or a memory blow-up of one submission away
from the others and from the batch. As each student finishes, their result is
written to ``GRADEBOOK_DIR/results/<student>.json``, then ``grades.csv``,
``grades.json`` and their feedback page are rewritten, so an interrupted run
loses nothing already graded. At the end, the class report (``report.html``,
``grades_wide.csv``: :mod:`~nnteach.grading.report`) is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .discover import FOLDER_LAYOUT, Submission, discover_submissions
from .feedback import write_feedback
from .gradebook import load_results, save_result, up_to_date, write_gradebook
from .records import (
    Gradebook,
    GradingJob,
    JobNotebook,
    Lateness,
    NotebookRecord,
    StudentResult,
)
from .runner import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_TIMEOUT,
    GRADING_MARGIN,
    MAX_NOTEBOOK_BYTES,
    GradeOptions,
    default_reference_dir,
    expected_exercise,
    load_references,
    new_record,
)
from .sandbox import (
    DEFAULT_MEMORY,
    WORK,
    Limits,
    python_paths,
    sandbox_command,
    sandbox_problem,
    shared_caches,
)
from .statuses import (
    GRADED,
    GRADER_ERROR,
    INVALID_NOTEBOOK,
    KERNEL_DIED,
    MISSING,
    NOT_A_FILE,
    OUT_OF_MEMORY,
    OUTSIDE,
    SYMLINK,
    TAMPERED,
    TIMEOUT,
)
from .term import Term, TermError, remove_stored, submission_times

__all__ = [
    "GradeReport",
    "UsageError",
    "check_folders",
    "default_workers",
    "grade_class",
    "notebook_digest",
]


class UsageError(ValueError):
    """The command line cannot be carried out (a missing folder, ``--out`` inside SUBMISSIONS).

    ``nnteach grade`` prints the message and exits with status 2.

    Examples
    --------
    >>> from nnteach.grading.batch import UsageError, grade_class
    >>> try:
    ...     grade_class("no/such/folder", "gradebook", log=None)
    ... except UsageError as error:
    ...     print(error)
    no/such/folder: no such folder of submissions.
    """


@dataclass
class GradeReport:
    """What :func:`grade_class` did.

    Attributes
    ----------
    gradebook : Gradebook
        What ``grades.json`` holds (:func:`~nnteach.grading.gradebook.build_gradebook`).
    graded : list of str
        Students graded in this run, in the order they finished.
    skipped : list of str
        Students whose stored result was kept.
    interrupted : bool
        The run was stopped (Ctrl-C) before every student was graded.
    seconds : float
        Wall-clock time of the run.

    Examples
    --------
    >>> from nnteach.grading.batch import GradeReport
    >>> GradeReport(skipped=["alice"]).interrupted
    False
    """

    gradebook: Gradebook = field(default_factory=Gradebook)
    graded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0


def default_workers() -> int:
    """The number of CPU cores this process may use.

    Examples
    --------
    >>> from nnteach.grading.batch import default_workers
    >>> default_workers() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def check_folders(submissions: str | Path, out: str | Path) -> tuple[Path, Path]:
    """Resolve SUBMISSIONS and GRADEBOOK_DIR, refusing combinations that could overwrite work.

    Raises
    ------
    UsageError
        SUBMISSIONS is missing or not a folder; GRADEBOOK_DIR is SUBMISSIONS,
        inside it, or a file; SUBMISSIONS lies where the gradebook writes
        (``results/``, ``feedback/``).

    Examples
    --------
    >>> from nnteach.grading.batch import check_folders
    >>> check_folders("no/such/folder", "out")
    Traceback (most recent call last):
    ...
    nnteach.grading.batch.UsageError: no/such/folder: no such folder of submissions.
    """
    subs, out_path = Path(submissions), Path(out)
    if not subs.exists():
        raise UsageError(f"{subs}: no such folder of submissions.")
    if not subs.is_dir():
        raise UsageError(f"{subs} is not a folder; give the folder that holds the notebooks.")
    subs_r, out_r = subs.resolve(), out_path.resolve()
    if out_r == subs_r or out_r.is_relative_to(subs_r):
        raise UsageError(
            f"--out {out_path} is {'the' if out_r == subs_r else 'inside the'} submissions "
            f"folder {subs}; choose a gradebook folder outside it (e.g. "
            f"{subs_r.parent / 'gradebook'}), so that grading never writes among the submissions."
        )
    for name in ("results", "feedback"):
        if subs_r == out_r / name or subs_r.is_relative_to(out_r / name):
            raise UsageError(
                f"The submissions folder {subs} is inside {out_r / name}, where the gradebook "
                "writes; choose another --out."
            )
    if out_path.exists() and not out_path.is_dir():
        raise UsageError(f"--out {out_path} exists and is not a folder.")
    return subs_r, out_r


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_submitted(path: Path, root: Path) -> tuple[bytes | None, str, str]:
    """The bytes of a submitted notebook, or ``None`` and the status and detail of a refusal."""
    try:
        info = path.lstat()
    except OSError as error:
        return None, INVALID_NOTEBOOK, f"the file cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return None, SYMLINK, f"it is a symbolic link to {os.readlink(path)}"
    if not stat.S_ISREG(info.st_mode):
        return None, NOT_A_FILE, "it is a device, a pipe, a socket or a folder"
    if not path.resolve().is_relative_to(root):
        return None, OUTSIDE, "a folder on its path leads outside the submissions folder"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return handle.read(MAX_NOTEBOOK_BYTES + 1), "", ""
    except OSError as error:
        return None, INVALID_NOTEBOOK, f"the file cannot be read ({error.strerror})"


def _fingerprint(submission: Submission, root: Path) -> dict[str, str]:
    prints = {}
    for notebook in submission.notebooks:
        data, _, _ = _read_submitted(notebook, root)
        prints[_relative(notebook, root)] = notebook_digest(data) if data is not None else ""
    return prints


def notebook_digest(data: bytes) -> str:
    """SHA-256 of a submitted file's bytes, as hex.

    Examples
    --------
    >>> from nnteach.grading.batch import notebook_digest
    >>> notebook_digest(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def _expected(submission: Submission, notebook: Path, options: GradeOptions) -> str | None:
    if options.exercise:
        return options.exercise
    return expected_exercise(notebook.name) if submission.layout == FOLDER_LAYOUT else None


def _copy_folder(source: Path, target: Path) -> None:
    """Regular files and folders only: links, devices and pipes stay behind."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name in (".ipynb_checkpoints", "__pycache__"):
            continue
        info = entry.lstat()
        if stat.S_ISDIR(info.st_mode):
            _copy_folder(entry, target / entry.name)
        elif stat.S_ISREG(info.st_mode) and entry.suffix != ".ipynb":
            shutil.copyfile(entry, target / entry.name)


@dataclass
class _Batch:
    """What every student's grading shares: folders, options, the sandbox and its limits."""

    root: Path
    out: Path
    options: GradeOptions
    references: dict[str, Any]
    scratch: Path
    sandbox: bool
    memory: int
    hide: list[Path]
    caches: dict[Path, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)

    def hard_limit(self, count: int) -> float:
        per_notebook = 120 + self.options.timeout + GRADING_MARGIN + 300 + 60
        return 60 + per_notebook * max(1, count)

    def stop_all(self) -> None:
        self.stopping.set()
        with self.lock:
            processes = list(self.processes.values())
        for process in processes:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM (the runner then kills its kernel), then SIGKILL after 10 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    except OSError:
        pass


def _prepare(
    submission: Submission, batch: _Batch, work: Path
) -> tuple[list[JobNotebook], dict[str, NotebookRecord]]:
    """Copy the student's notebooks into ``work``; the runner's list and the refused records."""
    items, refused = [], {}
    if submission.layout == FOLDER_LAYOUT and submission.path.is_dir():
        _copy_folder(submission.path, work)
    base = submission.path if submission.layout == FOLDER_LAYOUT else submission.path.parent
    inside = Path(WORK) if batch.sandbox else work
    for notebook in submission.notebooks:
        relative = _relative(notebook, batch.root)
        expected = _expected(submission, notebook, batch.options)
        data, status, detail = _read_submitted(notebook, batch.root)
        if data is None:
            refused[relative] = new_record(relative, expected, status=status, detail=detail)
            continue
        copy = work / notebook.relative_to(base)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data)
        path = inside / notebook.relative_to(base)
        sha = notebook_digest(data)
        items.append(JobNotebook(str(path), relative, expected, sha))
    return items, refused


def _command(batch: _Batch, work: Path) -> list[str]:
    # -I: no user site-packages, no PYTHON* variables, no current folder on sys.path
    # (a notebook writes there); the package's own folder is read-only in the sandbox
    parent = str(Path(__file__).resolve().parents[2])
    start = f"import sys; sys.path.insert(0, {parent!r}); from nnteach.grading.runner import main"
    argv = [sys.executable, "-I", "-c", f"{start}; sys.exit(main())"]
    if not batch.sandbox:
        return argv
    return sandbox_command(
        argv, work=work, hide=batch.hide, keep=python_paths(), caches=batch.caches
    )


def _failed(submission: Submission, batch: _Batch, status: str, detail: str) -> StudentResult:
    result = StudentResult(
        submission.student,
        _relative(submission.path, batch.root),
        submission.layout,
        graded_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        sandboxed=batch.sandbox,
        options=batch.options,
    )
    for notebook in submission.notebooks:
        relative = _relative(notebook, batch.root)
        expected = _expected(submission, notebook, batch.options)
        result.notebooks.append(new_record(relative, expected, status=status, detail=detail))
    return result


def _run_student(submission: Submission, batch: _Batch) -> StudentResult | None:
    """One student in a sandboxed ``python -m nnteach.grading``; ``None`` if stopped."""
    if batch.stopping.is_set():
        return None
    student = submission.student
    work = batch.scratch / student / "work"
    work.mkdir(parents=True)
    items, refused = _prepare(submission, batch, work)
    job = GradingJob(
        student,
        _relative(submission.path, batch.root),
        submission.layout,
        notebooks=tuple(items),
        sandboxed=batch.sandbox,
        options=batch.options,
        references=batch.references,
        nonce=secrets.token_hex(16),
    )
    limits = Limits(memory=batch.memory)
    if batch.sandbox:
        limits.prepare(student)
    log_path = batch.scratch / student / "log.txt"
    result = None
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                _command(batch, work),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=work,
                env={**os.environ, "PYTHONPATH": _pythonpath()},
                preexec_fn=limits.preexec if batch.sandbox else os.setsid,  # noqa: PLW1509
            )
            with batch.lock:
                batch.processes[student] = process
            try:
                out, _ = process.communicate(
                    job.to_json().encode(), timeout=batch.hard_limit(len(items))
                )
            except subprocess.TimeoutExpired:
                _stop(process)
                limit = batch.hard_limit(len(items))
                return _failed(submission, batch, TIMEOUT, f"grading was stopped after {limit:g} s")
            finally:
                with batch.lock:
                    batch.processes.pop(student, None)
        if batch.stopping.is_set() and process.returncode != 0:
            return None
        result = _read_result(out, submission, batch, process.returncode, log_path, job.nonce)
        shas = {item.relative: item.sha256 for item in items}
        for record in result.notebooks:  # a tampered verdict stands until the file changes
            if record.status == TAMPERED and not record.sha256:
                record.sha256 = shas.get(record.notebook, "")
        if limits.out_of_memory():
            _mark_out_of_memory(result, batch.memory)
    finally:
        limits.release()
        shutil.rmtree(batch.scratch / student, ignore_errors=True)
    by_name = {record.notebook: record for record in result.notebooks}
    result.notebooks = [
        refused.get(relative) or by_name[relative]
        for relative in (_relative(n, batch.root) for n in submission.notebooks)
        if relative in refused or relative in by_name
    ]
    _check_unchanged(result, batch.root)
    return result


def _read_result(
    out: bytes,
    submission: Submission,
    batch: _Batch,
    returncode: int,
    log_path: Path,
    nonce: str = "",
) -> StudentResult:
    """The student's result from the grading process's stdout (framed with ``nonce``).

    A process killed by a signal (which only a notebook sends it) gives a
    ``tampered`` result; one that failed otherwise a ``grader error``. Anything
    else on stdout was written by a notebook into the sandbox's pipe.
    """
    from .runner import unframe

    text, rest = unframe(out.decode("utf-8", "replace"), nonce)
    try:
        result = StudentResult.from_dict(json.loads(text or ""))
        if result.student != submission.student:
            raise ValueError("the result of another student")
    except (ValueError, TypeError, KeyError):
        killed = _signal_name(returncode)
        if killed and not batch.stopping.is_set():
            detail = f"a notebook stopped the grading process ({killed})"
            result = _failed(submission, batch, TAMPERED, detail)
            for record in result.notebooks:
                record.tamper_reasons.append(detail)
            return result
        tail = log_path.read_text(errors="replace").strip().splitlines()
        last = tail[-1][:200] if tail else f"exit status {returncode}"
        return _failed(submission, batch, GRADER_ERROR, f"the grading process failed ({last})")
    if rest:
        for record in result.notebooks:
            record.status, record.detail = TAMPERED, "a notebook wrote into the grader's pipe"
            record.tamper_reasons.append("wrote into the grader's output pipe (/proc/*/fd)")
    return result


def _signal_name(returncode: int) -> str:
    """``"killed by SIGKILL"`` for a process (or bwrap's child) ended by a signal, else ``""``."""
    number = -returncode if returncode < 0 else returncode - 128 if returncode > 128 else 0
    try:
        return f"killed by {signal.Signals(number).name}" if number else ""
    except ValueError:
        return f"killed by signal {number}"


def _mark_out_of_memory(result: StudentResult, memory: int) -> None:
    """The sandbox ran out of memory: say so on the notebooks that died or stopped."""
    gib = f"{memory / 1024**3:g} GiB"
    for record in result.notebooks:
        if record.status in (KERNEL_DIED, GRADER_ERROR, TIMEOUT, TAMPERED):
            record.status = OUT_OF_MEMORY
            record.detail = f"the sandbox's memory limit ({gib}) was reached"


def _check_unchanged(result: StudentResult, root: Path) -> None:
    """Flag a notebook whose file changed while it was graded.

    The sandbox makes this impossible; ``--no-sandbox`` does not.
    """
    for record in result.notebooks:
        data, _, _ = _read_submitted(root / record.notebook, root)
        if record.sha256 and (data is None or notebook_digest(data) != record.sha256):
            record.tamper_reasons.append("the submitted file changed while it was graded")


def _pythonpath() -> str:
    import nnteach

    parent = str(Path(nnteach.__file__).resolve().parents[1])
    paths = [parent, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return os.pathsep.join(dict.fromkeys(paths))


def _progress_line(result: StudentResult) -> str:
    parts = []
    for nb in result.notebooks:
        text = nb.status
        if nb.status == GRADED:
            text += f" {nb.points:g}/{nb.max_points:g}"
        if nb.tampered:
            text += " (tampered)"
        if len(result.notebooks) > 1:
            text = f"{nb.exercise or '?'} {text}"
        parts.append(text)
    return f"{result.student}: " + ("; ".join(parts) if parts else "no notebook")


class _Progress:
    """``[3/9] alice: graded 7/8`` lines on stderr; a tqdm bar too when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.done, self.stream, self.bar = total, 0, stream, None
        if stream is not None and total and getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=stream, unit="student", leave=False)

    def __call__(self, text: str) -> None:
        self.done += 1
        line = f"[{self.done}/{self.total}] {text}"
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
            self.bar.update(1)
        elif self.stream is not None:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def grade_class(
    submissions: str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cell_timeout: float = DEFAULT_CELL_TIMEOUT,
    force: bool = False,
    exercise: str | None = None,
    reference: str | Path | None = None,
    sandbox: bool = True,
    memory: int = DEFAULT_MEMORY,
    log: TextIO | None = sys.stderr,
    on_result: Callable[[StudentResult], None] | None = None,
    term: Term | None = None,
    only: list[str] | None = None,
    course_url: str | None = None,
) -> GradeReport:
    """Grade every submission in ``submissions`` into the gradebook folder ``out``.

    Parameters
    ----------
    submissions : str or Path
        One notebook per student (``alice.ipynb``) or one folder per student
        (``alice/01_perceptron.ipynb``); see :mod:`nnteach.grading.discover`.
    out : str or Path
        The gradebook folder; created if needed. Must not be inside ``submissions``.
    workers : int, optional
        Students graded at once (default: the number of CPU cores).
    timeout : float, default=600
        Seconds all of one notebook's cells may run.
    cell_timeout : float, default=120
        Seconds one cell may run before it is interrupted (the next cells still run).
    force : bool, default=False
        Grade again students whose stored result graded the same files.
    exercise : str, optional
        Grade every notebook as this exercise (``"01"``); by default it comes
        from the notebook's name (folder layout) or its cells.
    reference : str or Path, optional
        Folder of reference notebooks whose check cells submissions must keep
        (default: the course's ``solutions/``).
    sandbox : bool, default=True
        Grade each student in a bubblewrap sandbox (:mod:`~nnteach.grading.sandbox`).
        ``False`` (``--no-sandbox``) is recorded in ``grades.json`` and the summary line.
    memory : int, default=3 GiB
        Bytes of memory one student's sandbox may use.
    log : text stream or None, default=sys.stderr
        Where progress lines go.
    on_result : callable, optional
        Called with each student's result as soon as it is written.
    term : Term, optional
        Roster, due dates, late policy and extensions (:mod:`~nnteach.grading.term`,
        ``grading.toml``): the gradebook then has every roster student, the
        submission times and the late penalties, and is stored with ``term.json``.
    only : list of str, optional
        Grade only these students (even if up to date); every other student's
        stored result is kept as it is, and the gradebook, the report and
        ``grades_wide.csv`` are rebuilt from all results.
    course_url : str, optional
        The course website that the feedback pages and the class report link
        lesson sections to (default: ``NNTEACH_COURSE_URL``, else the local ``site/``).

    Returns
    -------
    GradeReport

    Raises
    ------
    UsageError
        Bad folders, no notebooks, an unknown exercise, a bad number, or no
        sandbox possible here (without ``sandbox=False``).

    Examples
    --------
    >>> from nnteach.grading import grade_class
    >>> report = grade_class("submissions", "gradebook", workers=2)  # doctest: +SKIP
    """
    start = time.perf_counter()
    exercise = _checked_arguments(workers, timeout, cell_timeout, exercise, reference)
    root, out_path = check_folders(submissions, out)
    found = discover_submissions(root)
    if not found:
        raise UsageError(
            f"{submissions}: no submissions found (expected alice.ipynb files, or alice/ "
            "folders holding exercise notebooks)."
        )
    _check_only(only, found, term)
    if term is not None:
        try:
            submission_times(root, found, term)
        except TermError as error:
            raise UsageError(str(error)) from None
    problem = sandbox_problem() if sandbox else None
    if problem:
        raise UsageError(problem)
    out_path.mkdir(parents=True, exist_ok=True)
    options = GradeOptions(
        timeout=float(timeout), cell_timeout=float(cell_timeout), exercise=exercise
    )

    current, todo = _up_to_date(found, load_results(out_path), root, force=force, only=only)
    report = GradeReport(skipped=sorted(current))
    _announce(log, only, report.skipped)

    def rewrite() -> Gradebook:
        return write_gradebook(
            out_path, [current[s.student] for s in found if s.student in current], term
        )

    def keep(result: StudentResult) -> None:
        save_result(out_path, result)
        current[result.student] = result
        report.graded.append(result.student)
        report.gradebook = rewrite()
        write_feedback(
            out_path,
            result,
            report.gradebook.exercises,
            _lateness(report.gradebook, result.student),
            course_url=course_url,
        )

    if term is not None:
        term.save(out_path)
    else:
        remove_stored(out_path)
    report.gradebook = rewrite()
    if todo:
        batch = _new_batch(root, out_path, options, reference, sandbox=sandbox, memory=memory)
        count = min(workers or default_workers(), len(todo))
        report.interrupted = _grade_all(todo, batch, count, log, keep, on_result)
    report.gradebook = rewrite()
    _feedback_pages(out_path, current, report, course_url)
    _write_class_report(out_path, list(current.values()), log, term, course_url)
    report.seconds = time.perf_counter() - start
    return report


def _checked_arguments(
    workers: int | None,
    timeout: float,
    cell_timeout: float,
    exercise: str | None,
    reference: str | Path | None,
) -> str | None:
    """Validate :func:`grade_class`'s numbers and folders; the exercise id, if one is given."""
    from nnteach._validation import check_int, check_number
    from nnteach.checks import get_exercise

    try:
        if workers is not None:
            check_int("workers", workers, minimum=1)
        check_number("timeout", timeout, minimum=0, strict_minimum=True)
        check_number("cell_timeout", cell_timeout, minimum=0, strict_minimum=True)
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None
    if exercise is not None:
        try:
            exercise = get_exercise(exercise).id
        except LookupError as error:
            raise UsageError(str(error).strip("\"'")) from None
    if reference is not None and not Path(reference).is_dir():
        raise UsageError(f"--reference {reference}: no such folder of reference notebooks.")
    return exercise


def _announce(log: TextIO | None, only: list[str] | None, skipped: list[str]) -> None:
    """Say which stored results are kept."""
    if log is None:
        return
    if only is not None:
        print(
            f"Grading only {', '.join(only)} (--only); the results of "
            f"{len(skipped)} other student(s) are kept as they are.",
            file=log,
            flush=True,
        )
    elif skipped:
        print(
            f"Skipping {len(skipped)} student(s) already graded (use --force to grade them again).",
            file=log,
            flush=True,
        )


def _feedback_pages(
    out: Path, current: dict[str, StudentResult], report: GradeReport, course_url: str | None
) -> None:
    """Every student's feedback page; with a roster, also those who sent nothing."""
    book = report.gradebook
    for result in current.values():
        lateness = _lateness(book, result.student)
        write_feedback(out, result, book.exercises, lateness, course_url=course_url)
    for student in book.students:
        if student.student not in current and student.statuses == [MISSING]:
            missing = StudentResult(student.student, "", FOLDER_LAYOUT)
            write_feedback(out, missing, book.exercises, course_url=course_url)


def _check_only(only: list[str] | None, found: list[Submission], term: Term | None) -> None:
    """``--only`` names students of the submissions folder or the roster."""
    if only is None:
        return
    known = {s.student for s in found} | set(term.roster_ids if term else [])
    unknown = [student for student in only if student not in known]
    if unknown:
        raise UsageError(
            f"--only: {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} neither in "
            "the submissions folder nor on the roster; check the ids (they are the notebook "
            "or folder names, e.g. alice for alice.ipynb)."
        )


def _lateness(book: Gradebook, student_id: str) -> list[Lateness] | None:
    """The feedback page's lateness of one student (``None`` without a term)."""
    student = book.student(student_id)
    return student.lateness if student is not None else None


def _up_to_date(
    found: list[Submission],
    stored: dict[str, StudentResult],
    root: Path,
    *,
    force: bool,
    only: list[str] | None = None,
) -> tuple[dict[str, StudentResult], list[Submission]]:
    """``(stored results still valid, by student; submissions to grade)``.

    With ``only``, just those students are graded; the others keep their stored result.
    """
    current: dict[str, StudentResult] = {}
    todo: list[Submission] = []
    for submission in found:
        previous = stored.get(submission.student)
        if only is not None:
            if submission.student in only:
                todo.append(submission)
            elif previous is not None:
                current[submission.student] = previous
            continue
        if (
            not force
            and previous is not None
            and previous.submission == _relative(submission.path, root)
            and up_to_date(previous, _fingerprint(submission, root))
        ):
            current[submission.student] = previous
        else:
            todo.append(submission)
    return current, todo


def _new_batch(
    root: Path,
    out_path: Path,
    options: GradeOptions,
    reference: str | Path | None,
    *,
    sandbox: bool,
    memory: int,
) -> _Batch:
    """What every student's grading shares: options, references, scratch folder, hidden paths."""
    import nnteach
    from nnteach.checks import EXERCISE_MODULES

    reference_dir = Path(reference).resolve() if reference is not None else None
    reference_dir = reference_dir or default_reference_dir()
    course = Path(nnteach.__file__).resolve().parents[1]
    scratch = Path(tempfile.mkdtemp(prefix="nnteach-grade-batch-"))
    hide = [Path.home(), root, root.parent, out_path, course / ".git", course / "solutions"]
    hide += [reference_dir] if reference_dir else []
    return _Batch(
        root=root,
        out=out_path,
        options=options,
        references=load_references(reference_dir, list(EXERCISE_MODULES)),
        scratch=scratch,
        sandbox=sandbox,
        memory=memory,
        hide=[p.resolve() for p in hide if not p.resolve().is_relative_to("/tmp")],
        caches=shared_caches() if sandbox else {},
    )


def _grade_all(
    todo: list[Submission],
    batch: _Batch,
    workers: int,
    log: TextIO | None,
    keep: Callable[[StudentResult], None],
    on_result: Callable[[StudentResult], None] | None,
) -> bool:
    """Grade ``todo`` on ``workers`` threads, calling ``keep`` on each result; interrupted?"""
    progress = _Progress(len(todo), log)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nnteach-grade")
    try:
        futures = [pool.submit(_run_student, submission, batch) for submission in todo]
        for future in as_completed(futures):
            result = future.result()
            if result is None:
                continue
            keep(result)
            progress(_progress_line(result))
            if on_result is not None:
                on_result(result)
    except KeyboardInterrupt:
        batch.stop_all()
        return True
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        progress.close()
        shutil.rmtree(batch.scratch, ignore_errors=True)
    return False


def _write_class_report(
    out: Path,
    results: list[StudentResult],
    log: TextIO | None,
    term: Term | None = None,
    course_url: str | None = None,
) -> None:
    """``report.html`` and ``grades_wide.csv``; a failure there never loses the grades."""
    from .report import write_report

    try:
        write_report(out, results, term=term, course_url=course_url)
    except Exception as error:  # noqa: BLE001 - the grades are written; say what failed
        if log is not None:
            print(
                f"nnteach grade: the class report could not be written ({type(error).__name__}: "
                f"{error}). The grades are saved; rebuild it with: nnteach report {out}",
                file=log,
                flush=True,
            )
