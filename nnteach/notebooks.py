"""Run a notebook in a fresh kernel: the one runner behind every command that runs one.

``nnteach check``, ``nnteach grade``, ``make execute`` (``tools/execute_notebooks.py``)
and the exercise builder all call :func:`run_notebook`. It owns the kernel's
environment (:func:`kernel_environment`), the kernelspec (:data:`KERNELSPEC`),
the time limits (per cell and for the whole notebook) and the execution, and
results come back one of two ways: a Python *expression* evaluated in the
kernel after the cells (``evaluate=``, ``nnteach check``), whose value (a JSON
string) is returned as :attr:`NotebookRun.value`; or a ``judge=`` callable run
in this process while the kernel is still up (``nnteach grade``: the checks
run outside the kernel, :mod:`nnteach.grading.judge`).

The expression travels as a Jupyter ``user_expressions`` request with empty
code: IPython then runs no cell machinery at all for it (no input or AST
transformers, no ``pre_run_cell`` events, no display hook), so code that a
notebook registered there cannot rewrite or follow the request. What it can
still reach is described in ``docs/instructors.md``.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "KERNELSPEC",
    "CellError",
    "NotebookRun",
    "check_expression",
    "kernel_environment",
    "run_notebook",
]

#: The kernel every notebook of the course runs in.
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

#: Variables a *clean* kernel environment keeps from the caller's (no secrets).
_PASS_ENV = (
    *("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ"),
    *("TMPDIR", "PYTHONPATH", "VIRTUAL_ENV", "CONDA_PREFIX", "LD_LIBRARY_PATH"),
    *("CUDA_VISIBLE_DEVICES", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"),
    *("KERAS_BACKEND", "KERAS_HOME", "TF_CPP_MIN_LOG_LEVEL", "JUPYTER_PATH"),
    *("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "MPLCONFIGDIR", "SSL_CERT_FILE"),
)


def kernel_environment(
    *, ipython_dir: str | Path | None = None, clean: bool = False, figures: bool = False
) -> dict[str, str]:
    """The environment of a notebook kernel: quiet TensorFlow, fixed hashing, no GUI.

    Parameters
    ----------
    ipython_dir : str or Path, optional
        IPython's configuration folder (the repository's ``tests/ipython``, or
        the grader's own). Used when ``IPYTHONDIR`` is unset, always when ``clean``.
    clean : bool, default=False
        Keep only locale, paths and thread settings of the caller's environment
        (``nnteach grade``: no secrets of the instructor's shell reach a kernel).
    figures : bool, default=False
        Use Jupyter's inline Matplotlib backend, so that figures become cell
        outputs (notebooks executed to be saved: ``make execute``, the exercise
        builder). Otherwise ``Agg`` (when ``MPLBACKEND`` is unset): figures are
        drawn but not shown, which is all a check or a grader needs.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from nnteach.notebooks import kernel_environment
    >>> env = kernel_environment(ipython_dir="/tmp/ipython", clean=True)
    >>> env["MPLBACKEND"], env["IPYTHONDIR"], env["PYTHONHASHSEED"]
    ('Agg', '/tmp/ipython', '0')
    """
    if clean:
        env = {key: os.environ[key] for key in _PASS_ENV if key in os.environ}
    else:
        env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("PYTHONHASHSEED", "0")
    if figures:
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    else:
        env.setdefault("MPLBACKEND", "Agg")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if ipython_dir is not None and clean:
        env["IPYTHONDIR"] = str(ipython_dir)
    elif ipython_dir is not None and Path(ipython_dir).is_dir():
        env.setdefault("IPYTHONDIR", str(ipython_dir))
    return env


def check_expression(exercise_id: str) -> str:
    """The expression that checks every task of an exercise on the kernel's variables.

    Every ``nnteach`` module is dropped from ``sys.modules`` first, so the
    checks are loaded afresh from the installed files, then
    :func:`nnteach._in_kernel.report` runs them. Its value is a JSON string.

    Examples
    --------
    >>> from nnteach.notebooks import check_expression
    >>> "report('01')" in check_expression("01")
    True
    """
    return (
        "[__import__('sys').modules.pop(n) for n in list(__import__('sys').modules) "
        "if n.split('.')[0] == 'nnteach'] and None or "
        f"__import__('nnteach._in_kernel', fromlist=['report']).report({exercise_id!r})"
    )


@dataclass
class CellError:
    """A cell that raised (or was interrupted): its 1-based position and one line."""

    cell: int
    error: str


@dataclass
class NotebookRun:
    """What :func:`run_notebook` saw.

    Attributes
    ----------
    seconds : float
        Wall-clock time, kernel start included.
    cell_errors : list of CellError
        Cells that raised or ran past ``cell_timeout``.
    stopped : str
        ``""`` when every cell ran, else ``"timeout"`` or ``"kernel died"``.
    detail : str
        Why it stopped, in words.
    output_bytes : int
        Characters of output produced (counted also when outputs are not kept).
    value : Any
        The value of ``evaluate`` (parsed from JSON), ``None`` without one.
    cell : int
        The 1-based position of the cell that was running when the run stopped.
    """

    seconds: float = 0.0
    cell_errors: list[CellError] = field(default_factory=list)
    stopped: str = ""
    detail: str = ""
    output_bytes: int = 0
    value: Any = None
    cell: int = 0


def _client_class():
    from nbclient import NotebookClient

    class Client(NotebookClient):
        """Keeps outputs or only counts them; remembers cells that timed out; can be killed."""

        keep_outputs = True

        def __init__(self, nb: Any, **kwargs: Any) -> None:
            super().__init__(nb, **kwargs)
            self.output_bytes = 0
            self.timed_out: set[int] = set()
            self.expired = False
            self.index = -1

        def output(self, outs, msg, display_id, cell_index):
            self.output_bytes += _output_size(msg)
            if self.keep_outputs:
                return super().output(outs, msg, display_id, cell_index)
            if msg.get("msg_type") == "error" and len(outs) < 5:
                out = _short_error(msg.get("content") or {})
                outs.append(out)
                return out
            return None

        def handle_comm_msg(self, outs, msg, cell_index):
            if self.keep_outputs:
                super().handle_comm_msg(outs, msg, cell_index)

        async def _async_handle_timeout(self, timeout, cell=None):
            self.timed_out.add(self.index)
            return await super()._async_handle_timeout(timeout, cell)

        def expire(self) -> None:
            self.expired = True
            asyncio.ensure_future(_kill(self))

        def exit_description(self) -> str:
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            return _exit_description(process.poll() if process is not None else None)

    return Client


async def _kill(client: Any) -> None:
    """SIGKILL the client's kernel and stop waiting for the reply of the running cell."""
    try:
        await client.km.signal_kernel(signal.SIGKILL)
    except Exception:  # noqa: BLE001 - already dead
        pass
    task = getattr(client, "task_poll_for_reply", None)
    if task is not None and not task.done():
        task.cancel()


def _output_size(msg: dict) -> int:
    """Characters of text a kernel output message carries (what `output_bytes` counts)."""
    content = msg.get("content") or {}
    if msg.get("msg_type") == "stream":
        return len(content.get("text") or "")
    data = content.get("data") or {}
    return sum(len(v) for v in data.values() if isinstance(v, str))


def _short_error(content: dict) -> Any:
    """An error output with its name and value cut short and no traceback."""
    from nbformat.v4 import new_output

    ename, evalue = content.get("ename", ""), content.get("evalue", "")
    return new_output("error", ename=str(ename)[:200], evalue=str(evalue)[:500], traceback=[])


def _exit_description(code: int | None) -> str:
    """`` (exit status 1)``, `` (killed by SIGKILL)``, or ``""`` for a clean or running kernel."""
    if code is None or code == 0:
        return ""
    if code > 0:
        return f" (exit status {code})"
    try:
        return f" (killed by {signal.Signals(-code).name})"
    except ValueError:
        return f" (killed by signal {-code})"


async def _evaluate(client: Any, expression: str, timeout: float) -> Any:
    """Send ``expression`` as a ``user_expressions`` request with empty code; its JSON value."""
    from nbclient.exceptions import DeadKernelError

    msg_id = client.kc.execute(
        "", silent=True, store_history=False, user_expressions={"value": expression}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not client.expired:
        try:
            reply = await client.kc.shell_channel.get_msg(timeout=1)
        except Exception:  # noqa: BLE001 - queue.Empty: is the kernel alive?
            if not await client.km.is_alive():
                raise DeadKernelError("the kernel died while the checks ran") from None
            continue
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        value = reply["content"].get("user_expressions", {}).get("value", {})
        if value.get("status") != "ok":
            raise RuntimeError(f"{value.get('ename', 'Error')}: {value.get('evalue', '')}"[:300])
        return json.loads(ast.literal_eval(value["data"]["text/plain"]))
    raise TimeoutError(f"the checks did not finish within {timeout:g} s")


async def _run(
    client: Any, nb: Any, *, timeout: float | None, evaluate, judge=None, **kernel
) -> NotebookRun:
    from nbclient.exceptions import DeadKernelError

    run, loop = NotebookRun(), asyncio.get_running_loop()
    client.reset_execution_trackers()
    async with client.async_setup_kernel(**kernel):
        handle = loop.call_later(timeout, client.expire) if timeout else None
        try:
            if client.keep_outputs:  # what nbclient's own execute() records
                info = await client.async_wait_for_reply(client.kc.kernel_info())
                nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(nb.cells):
                if client.expired:
                    break
                client.index = index
                count = client.code_cells_executed + 1
                await client.async_execute_cell(cell, index, execution_count=count)
                _collect_errors(client, cell, index, run)
            if client.keep_outputs:
                client.set_widgets_metadata()
            if evaluate is not None and not client.expired:
                expression, limit = evaluate
                run.value = await _evaluate(client, expression, limit)
            if judge is not None and not client.expired:
                if handle is not None:  # the judge keeps its own time limits
                    handle.cancel()
                run.value = judge(client.km)
        except (DeadKernelError, asyncio.CancelledError):
            run.stopped, run.detail = (
                "kernel died",
                f"the kernel stopped{client.exit_description()}",
            )
            run.cell = client.index + 1
        finally:
            if handle is not None:
                handle.cancel()
        if client.expired:
            run.stopped, run.detail = "timeout", f"the notebook ran longer than {timeout:g} s"
            run.value, run.cell = None, client.index + 1
    return run


def _collect_errors(client: Any, cell: Any, index: int, run: NotebookRun) -> None:
    if index in client.timed_out:
        limit = f"{client.timeout:g} s" if client.timeout else "its time limit"
        run.cell_errors.append(CellError(index + 1, f"ran longer than {limit} and was interrupted"))
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            ename, evalue = output.get("ename", ""), output.get("evalue", "")
            if index in client.timed_out and ename == "KeyboardInterrupt":
                continue
            text = f"{ename}: {evalue}" if evalue else ename
            run.cell_errors.append(CellError(index + 1, text[:300]))


def run_notebook(
    nb: Any,
    *,
    cwd: str | Path,
    cell_timeout: float = 600,
    timeout: float | None = None,
    allow_errors: bool = False,
    keep_outputs: bool = True,
    env: dict[str, str] | None = None,
    evaluate: str | None = None,
    evaluate_timeout: float = 600,
    kernel_stderr: Any = None,
    judge: Any = None,
) -> NotebookRun:
    """Run ``nb`` top to bottom in a fresh ``python3`` kernel.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; its cells get their outputs (when ``keep_outputs``).
    cwd : str or Path
        The kernel's working directory.
    cell_timeout : float, default=600
        Seconds one cell may run. With ``allow_errors`` it is interrupted and
        the next cells still run; without, the run stops with an error.
    timeout : float, optional
        Seconds all cells together may run; then the kernel is killed and the
        run ends with ``stopped == "timeout"``.
    allow_errors : bool, default=False
        Go on after a cell raises.
    keep_outputs : bool, default=True
        ``False``: outputs are counted and dropped (errors kept in one line),
        so a notebook that prints megabytes costs no memory.
    env : dict, optional
        The kernel's environment (default: :func:`kernel_environment`).
    evaluate : str, optional
        A Python expression evaluated in the kernel after the cells, whose value
        is a JSON string (:func:`check_expression`); see the module docstring.
    evaluate_timeout : float, default=600
        Seconds ``evaluate`` may take.
    kernel_stderr : file or int, optional
        Where the kernel's standard error goes (default: the caller's).
    judge : callable, optional
        ``judge(kernel_manager)``, called in this process after the cells while
        the kernel still runs (``nnteach grade``: :mod:`nnteach.grading.judge`);
        its return value becomes :attr:`NotebookRun.value`. It keeps its own
        time limits: the notebook's ``timeout`` stops with the cells.

    Returns
    -------
    NotebookRun

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        A cell raised and ``allow_errors`` is false.

    Examples
    --------
    >>> import nbformat
    >>> from nnteach.notebooks import run_notebook
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7")])
    >>> run_notebook(nb, cwd=".", evaluate="str(x)").value  # doctest: +SKIP
    42
    """
    client = _client_class()(
        nb,
        timeout=max(1, int(cell_timeout)),
        kernel_name=KERNELSPEC["name"],
        allow_errors=allow_errors,
        interrupt_on_timeout=allow_errors,
        shutdown_kernel="immediate",
        record_timing=False,
        startup_timeout=120,
        iopub_timeout=4,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.keep_outputs = keep_outputs
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    kernel = {
        "cwd": str(cwd),
        "env": env if env is not None else kernel_environment(),
        "stdin": subprocess.DEVNULL,
    }
    if kernel_stderr is not None:
        kernel["stderr"] = kernel_stderr
        kernel["stdout"] = subprocess.DEVNULL
    start = time.perf_counter()
    pending = (evaluate, evaluate_timeout) if evaluate is not None else None
    run = asyncio.run(_run(client, nb, timeout=timeout, evaluate=pending, judge=judge, **kernel))
    run.seconds = time.perf_counter() - start
    run.output_bytes = client.output_bytes
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)  # timestamps: volatile
    return run
