"""Grade a whole class: N students at once, each in its own process, results kept as they come.

:func:`grade_class` finds the submissions, skips students whose stored result
graded exactly the same files (unless ``force``), and starts one ``python -m
nnteach.grading`` process per student, ``workers`` at a time. A process
per student keeps a crash, a hang or a memory blow-up of one submission away
from the others and from the batch. As each student finishes, their result is
written to ``GRADEBOOK_DIR/results/<student>.json``, then ``grades.csv``,
``grades.json`` and their feedback page are rewritten, so an interrupted run
loses nothing already graded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
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

from .discover import Submission, discover_submissions
from .feedback import write_feedback
from .gradebook import load_results, save_result, up_to_date, write_gradebook
from .integrity import snapshot_package
from .runner import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_TIMEOUT,
    GRADING_MARGIN,
    STARTUP_TIMEOUT,
    GradeOptions,
    default_reference_dir,
    expected_exercise,
    failed_record,
    notebook_digest,
)
from .statuses import GRADED, GRADER_ERROR, TIMEOUT

__all__ = ["GradeReport", "UsageError", "check_folders", "default_workers", "grade_class"]


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
    gradebook : dict
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
    >>> GradeReport(gradebook={}, skipped=["alice"]).interrupted
    False
    """

    gradebook: dict[str, Any]
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


def _fingerprint(submission: Submission, root: Path) -> dict[str, str]:
    prints = {}
    for notebook in submission.notebooks:
        try:
            prints[_relative(notebook, root)] = notebook_digest(notebook.read_bytes())
        except OSError:
            prints[_relative(notebook, root)] = ""
    return prints


def _job(
    submission: Submission, root: Path, options: GradeOptions, shared: dict[str, Any]
) -> dict[str, Any]:
    notebooks = []
    for notebook in submission.notebooks:
        if options.exercise:
            expected = options.exercise
        elif submission.layout == "folder":
            expected = expected_exercise(notebook.name)
        else:
            expected = None
        notebooks.append(
            {"path": str(notebook), "relative": _relative(notebook, root), "expected": expected}
        )
    return {
        "student": submission.student,
        "submission": _relative(submission.path, root),
        "layout": submission.layout,
        "notebooks": notebooks,
        "options": {
            "timeout": options.timeout,
            "cell_timeout": options.cell_timeout,
            "exercise": options.exercise,
        },
        **shared,
    }


def _hard_limit(job: dict[str, Any], options: GradeOptions) -> float:
    per_notebook = STARTUP_TIMEOUT + options.timeout + GRADING_MARGIN + 300 + 60
    return 60 + per_notebook * max(1, len(job["notebooks"]))


class _Runners:
    """The runner processes in flight, so that an interrupted batch can stop them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopping = threading.Event()

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
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    except OSError:
        pass


def _failed_result(job: dict[str, Any], status: str, detail: str) -> dict[str, Any]:
    return {
        "student": job["student"],
        "submission": job["submission"],
        "layout": job["layout"],
        "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "options": job["options"],
        "notebooks": [
            failed_record(item["path"], item["relative"], item.get("expected"), status, detail)
            for item in job["notebooks"]
        ],
    }


def _run_runner(
    job: dict[str, Any], hard_limit: float, scratch: Path, runners: _Runners
) -> dict[str, Any] | None:
    """One student in a ``python -m nnteach.grading`` process; ``None`` if stopped."""
    if runners.stopping.is_set():
        return None
    student = job["student"]
    result_file = scratch / f"{student}.result.json"
    log_file = scratch / f"{student}.log"
    import nnteach

    env = dict(os.environ)
    package_parent = str(Path(nnteach.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(
        dict.fromkeys([package_parent, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))])
    )
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "nnteach.grading", "--result", str(result_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=scratch,
            env=env,
            start_new_session=True,
        )
        with runners.lock:
            runners.processes[student] = process
        try:
            process.communicate(json.dumps(job).encode("utf-8"), timeout=hard_limit)
        except subprocess.TimeoutExpired:
            _stop(process)
            return _failed_result(
                job, TIMEOUT, f"the grading process was stopped after {hard_limit:g} s"
            )
        finally:
            with runners.lock:
                runners.processes.pop(student, None)
    if runners.stopping.is_set() and process.returncode != 0:
        return None
    try:
        result = json.loads(result_file.read_text(encoding="utf-8"))
        if result.get("student") != student:
            raise ValueError("result of another student")
        return result
    except (OSError, ValueError):
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        last = tail[-1][:200] if tail else f"exit status {process.returncode}"
        return _failed_result(job, GRADER_ERROR, f"the grading process failed ({last})")


def _progress_line(result: dict[str, Any]) -> str:
    parts = []
    notebooks = result.get("notebooks", [])
    for nb in notebooks:
        text = nb.get("status", "?")
        if nb.get("status") == GRADED:
            earned = sum(r["points"] for r in nb.get("results", []))
            top = sum(r["max_points"] for r in nb.get("results", []))
            text += f" {earned:g}/{top:g}"
        if nb.get("tampered"):
            text += " (tampered)"
        if len(notebooks) > 1:
            text = f"{nb.get('exercise') or '?'} {text}"
        parts.append(text)
    return f"{result['student']}: " + ("; ".join(parts) if parts else "no notebook")


class _Progress:
    """``[3/9] alice: graded 7/8`` lines on stderr; a tqdm bar too when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.done, self.stream, self.bar = total, 0, stream, None
        if stream is not None and total and getattr(stream, "isatty", lambda: False)():
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, file=stream, unit="student", leave=False)
            except ImportError:
                self.bar = None

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
    log: TextIO | None = sys.stderr,
    on_result: Callable[[dict[str, Any]], None] | None = None,
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
    log : text stream or None, default=sys.stderr
        Where progress lines go.
    on_result : callable, optional
        Called with each student's result as soon as it is written.

    Returns
    -------
    GradeReport

    Raises
    ------
    UsageError
        Bad folders, no notebooks, an unknown exercise, a bad number.

    Examples
    --------
    >>> from nnteach.grading import grade_class
    >>> report = grade_class("submissions", "gradebook", workers=2)  # doctest: +SKIP
    """
    import nnteach
    from nnteach._validation import check_int, check_number
    from nnteach.checks import get_exercise

    start = time.perf_counter()
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
    root, out_path = check_folders(submissions, out)
    found = discover_submissions(root)
    if not found:
        raise UsageError(
            f"{submissions}: no submissions found (expected alice.ipynb files, or alice/ "
            "folders holding exercise notebooks)."
        )
    out_path.mkdir(parents=True, exist_ok=True)
    options = GradeOptions(
        timeout=float(timeout), cell_timeout=float(cell_timeout), exercise=exercise
    )

    stored = load_results(out_path)
    current: dict[str, dict[str, Any]] = {}
    todo: list[Submission] = []
    for submission in found:
        previous = stored.get(submission.student)
        if (
            not force
            and previous is not None
            and previous.get("submission") == _relative(submission.path, root)
            and up_to_date(previous, _fingerprint(submission, root))
        ):
            current[submission.student] = previous
        else:
            todo.append(submission)
    report = GradeReport(gradebook={}, skipped=sorted(current))
    if log is not None and report.skipped:
        print(
            f"Skipping {len(report.skipped)} student(s) already graded (use --force to grade "
            "them again).",
            file=log,
            flush=True,
        )

    def rewrite() -> dict[str, Any]:
        return write_gradebook(
            out_path, [current[s.student] for s in found if s.student in current]
        )

    report.gradebook = rewrite()
    if todo:
        package_root = Path(nnteach.__file__).resolve().parent
        reference_dir = Path(reference).resolve() if reference is not None else None
        shared = {
            "reference_dir": str(reference_dir or default_reference_dir() or "") or None,
            "sources": snapshot_package(package_root),
            "package_root": str(package_root),
        }
        jobs = [_job(submission, root, options, shared) for submission in todo]
        count = min(workers or default_workers(), len(jobs))
        progress = _Progress(len(jobs), log)
        runners = _Runners()
        scratch = Path(tempfile.mkdtemp(prefix="nnteach-grade-batch-"))
        pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="nnteach-grade")
        try:
            futures = {
                pool.submit(_run_runner, job, _hard_limit(job, options), scratch, runners): job
                for job in jobs
            }
            for future in as_completed(futures):
                result = future.result()
                if result is None:
                    continue
                save_result(out_path, result)
                current[result["student"]] = result
                report.graded.append(result["student"])
                report.gradebook = rewrite()
                write_feedback(out_path, result, report.gradebook["exercises"])
                progress(_progress_line(result))
                if on_result is not None:
                    on_result(result)
        except KeyboardInterrupt:
            report.interrupted = True
            runners.stop_all()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            progress.close()
            shutil.rmtree(scratch, ignore_errors=True)
    report.gradebook = rewrite()
    for result in current.values():
        write_feedback(out_path, result, report.gradebook["exercises"])
    report.seconds = time.perf_counter() - start
    return report
