"""What runs inside a notebook's kernel: the grader's audit hook, and ``nnteach check``'s checks.

- :func:`install_audit` runs from an IPython startup file, before any cell of
  the notebook. It adds a Python audit hook (PEP 578: it cannot be removed)
  that writes one line to the kernel's standard error, a pipe read by the
  grading process, for each thing a notebook cell does that an exercise never
  needs: importing the grader's own modules, starting a process, writing
  outside its folder, reading another notebook, opening a socket, loading
  native code with ``ctypes``, setting a trace or profile function, rewriting a
  function's code. A line, once written, cannot be taken back by later code.
- :func:`report` is what ``nnteach check`` evaluates after the cells (see
  :func:`nnteach.notebooks.check_expression`): it first removes the IPython
  and Python hooks that a notebook registered (and names them), then checks
  every task on the notebook's variables and returns the results as JSON.
  ``nnteach grade`` does not use it: its judge runs the checks outside the
  kernel (:mod:`nnteach.grading.judge`); the grader's relay calls
  :func:`undo_hooks` to name the hooks.

Only the standard library is imported at kernel start.
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["AUDIT_PREFIX", "install_audit", "report", "undo_hooks"]

#: Marks the audit hook's lines among whatever else the kernel writes to stderr.
AUDIT_PREFIX = "\x1enntaudit\x1f"

_PROCESS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")
_PROCESS += ("os.fork", "os.forkpty", "pty.spawn")
_NETWORK = ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg")
_WATCHED = frozenset(
    (*_PROCESS, *_NETWORK, "import", "open", "ctypes.dlopen", "ctypes.string_at", "ctypes.cdata")
    + ("sys.settrace", "sys.setprofile", "sys.addaudithook", "object.__setattr__")
    + ("gc.get_referrers", "gc.get_objects")
)
_GRADER_MODULES = ("nnteach.grading", "nnteach._in_kernel", "nnteach.checks.ex")
_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _is_cell(filename: str) -> bool:
    return "/ipykernel_" in filename or filename.startswith("<ipython-input")


def _from_cell(frame) -> bool:
    """Whether the first frame outside the standard library belongs to a notebook cell."""
    stdlib = (os.path.dirname(os.__file__) + os.sep, "<frozen ")
    while frame is not None:
        name = frame.f_code.co_filename
        if name == __file__:
            return False
        transparent = frame.f_code.co_name == "_modified_open"  # IPython's wrapper of open()
        if not transparent and (not name.startswith(stdlib) or "site-packages" in name):
            return _is_cell(name)
        frame = frame.f_back
    return False


def _describe(event: str, args: tuple, allowed: tuple[str, ...]) -> str | None:
    """What a notebook did, in words, or ``None`` when the event is not worth a flag."""
    if event == "import":
        name = str(args[0])
        return (
            f"imported the grader's module `{name}`" if name.startswith(_GRADER_MODULES) else None
        )
    if event == "open":
        path, mode, flags = args[0], args[1] or "", args[2] or 0
        if not isinstance(path, str | bytes):
            return None
        path = os.path.abspath(os.fsdecode(path))
        if path.startswith(_PACKAGE):  # importlib.import_module raises no "import" event
            parts = path[len(_PACKAGE) :].replace("__pycache__" + os.sep, "").split(os.sep)
            name = ".".join(["nnteach", *parts[:-1], parts[-1].split(".")[0]])
            return _describe("import", (name,), allowed)
        inside = path.startswith(allowed) or "__pycache__" in path
        if (any(c in mode for c in "wax+") or flags & _WRITE_FLAGS) and not inside:
            return f"wrote or tried to write outside its folder ({path})"
        # a notebook anywhere but in its own folder (allowed[0]) is another's, even
        # under the private /tmp (a checkout there is mounted back read-only)
        if path.endswith(".ipynb") and not path.startswith(allowed[0]):
            return f"read another notebook ({path})"
        return None
    if event == "object.__setattr__":
        return "rewrote a function's code (`__code__`)" if args[1] == "__code__" else None
    if event in _PROCESS or event.startswith("os.exec"):
        return f"started a process (`{event}`)"
    if event in _NETWORK:
        return f"opened a network socket (`{event}`)"
    if event.startswith("ctypes."):
        return "loaded native code or read raw memory with `ctypes`"
    if event.startswith("gc."):
        return f"inspected the interpreter's objects (`{event}`)"
    return f"called `{event}`"


def install_audit(folder: str, fd: int = 2, limit: int = 40) -> None:
    """Add the audit hook that reports what notebook cells do (see the module docstring).

    Parameters
    ----------
    folder : str
        The notebook's working copy; writing there (and in ``/tmp``, ``$HOME``,
        ``/dev``) is expected.
    fd : int, default=2
        The file descriptor to report to (duplicated, so redirecting it later
        changes nothing).
    limit : int, default=40
        At most this many distinct lines are written.

    Examples
    --------
    >>> from nnteach._in_kernel import install_audit
    >>> install_audit("/tmp/work")  # doctest: +SKIP
    """
    out = os.dup(fd)
    home = os.path.abspath(os.path.expanduser("~"))
    allowed = tuple(os.path.abspath(p) + os.sep for p in (folder, "/tmp", home, "/dev"))
    allowed += (os.devnull,)
    sent: set[str] = set()
    getframe, write, dumps = sys._getframe, os.write, json.dumps

    def hook(event: str, args: tuple) -> None:
        if event not in _WATCHED and not event.startswith("os.exec"):
            return
        try:
            what = _describe(event, args, allowed)
            if what is None or what in sent or len(sent) >= limit:
                return
            if _from_cell(getframe(1)):
                sent.add(what)
                write(out, (AUDIT_PREFIX + dumps(what) + "\n").encode())
        except Exception:  # noqa: BLE001 - an audit hook must never break the kernel
            pass

    sys.addaudithook(hook)


def _notebook_made(obj) -> bool:
    func = getattr(obj, "__func__", obj)
    code = getattr(func, "__code__", None)
    if code is not None:
        return _is_cell(code.co_filename)
    return getattr(type(obj), "__module__", "") == "__main__"


def undo_hooks(shell) -> list[str]:
    """Remove the hooks that notebook cells registered with Python and IPython; name them.

    Trace and profile functions, IPython input and AST transformers, event
    callbacks, display hook, display formatters and custom exception handlers
    defined in the notebook are all removed, so none of them can follow,
    rewrite or answer for the grader's request.

    Examples
    --------
    >>> from nnteach._in_kernel import undo_hooks
    >>> undo_hooks(None)
    []
    """
    import threading

    found = []
    for name, get, reset in (
        ("a trace function (`sys.settrace`)", sys.gettrace, lambda: sys.settrace(None)),
        ("a profile function (`sys.setprofile`)", sys.getprofile, lambda: sys.setprofile(None)),
        (
            "a thread trace function",
            lambda: threading._trace_hook,
            lambda: threading.settrace(None),
        ),
        (
            "a thread profile hook",
            lambda: threading._profile_hook,
            lambda: threading.setprofile(None),
        ),
    ):
        if get() is not None:
            found.append(name)
            reset()
    if shell is None:
        return found
    lists = {
        "an IPython AST transformer": shell.ast_transformers,
        "an IPython input transformer": shell.input_transformers_post,
        "an IPython cleanup transformer": shell.input_transformers_cleanup,
        "an IPython line transformer": shell.input_transformer_manager.line_transforms,
    }
    for event, callbacks in shell.events.callbacks.items():
        lists[f"an IPython `{event}` event callback"] = callbacks
    for name, items in lists.items():
        mine = [item for item in items if _notebook_made(item)]
        if mine:
            found.append(f"{name} ({', '.join(getattr(i, '__name__', '?') for i in mine)})")
            items[:] = [item for item in items if item not in mine]
    if _notebook_made(sys.displayhook):
        found.append("its own display hook (`sys.displayhook`)")
        sys.displayhook = shell.displayhook
    for formatter in shell.display_formatter.formatters.values():
        printers = {**formatter.type_printers, **formatter.deferred_printers}
        if any(_notebook_made(f) for f in printers.values()):
            found.append(f"a display formatter for {formatter.format_type}")
    from IPython.core.formatters import DisplayFormatter

    shell.display_formatter = DisplayFormatter(parent=shell)
    if shell.custom_exceptions:
        found.append("a custom exception handler (`set_custom_exc`)")
        shell.set_custom_exc((), None)
    return found


def report(exercise_id: str) -> str:
    """Undo the notebook's hooks, check every task; the results as a JSON string.

    Returns
    -------
    str
        ``{"results": [CheckResult.to_dict(), ...], "hooks": [...]}``.

    Examples
    --------
    >>> from nnteach._in_kernel import report
    >>> report("01")  # doctest: +SKIP
    """
    from IPython import get_ipython

    shell = get_ipython()
    hooks = undo_hooks(shell)
    from nnteach.checks import run_all

    namespace = shell.user_ns if shell is not None else {}
    results = [result.to_dict() for result in run_all(exercise_id, namespace)]
    return json.dumps({"results": results, "hooks": hooks})
