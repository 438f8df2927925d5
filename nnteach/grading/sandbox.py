"""The bubblewrap sandbox that each student's grading process runs in.

:func:`sandbox_command` wraps the grading process (``python -I``, the judge) in ``bwrap`` so that
it, its kernel and anything the notebook starts see:

- the system, Python and the installed packages read-only;
- a writable copy of the student's own submission at ``/tmp/work`` and a
  private ``/tmp``; empty folders over the instructor's home, the submissions,
  the gradebook, the reference solutions and the course's ``.git``;
- their own PID namespace (no other process, and all of them are killed when
  the sandbox ends), no network but their own loopback (kernel and grading
  client talk over it), no capabilities, a new session (no terminal);
- read-only copies of shared caches that would otherwise be rebuilt in every
  sandbox (:func:`shared_caches`: matplotlib's font list, which takes about a
  second to build).

:class:`Limits` caps memory and the number of processes: with a writable
cgroup (v1 or v2) for the whole sandbox, otherwise with ``RLIMIT_DATA`` per
process and ``RLIMIT_NPROC`` for the user. See ``docs/instructors.md``.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_PIDS",
    "WORK",
    "Limits",
    "parse_size",
    "sandbox_command",
    "sandbox_problem",
    "shared_caches",
]

#: Memory of one sandbox: exercise 06, the heaviest, peaks at 0.9 GB (kernel RSS), the judge (which
#: imports TensorFlow to run the checks) at 0.7 GB, plus headroom.
DEFAULT_MEMORY = 3 * 1024**3
#: Processes (threads included) in one sandbox: TensorFlow starts about 60 threads.
DEFAULT_PIDS = 512
#: Where the student's copy appears inside the sandbox.
WORK = "/tmp/work"
#: matplotlib's configuration and cache folder inside the sandbox.
MPLCONFIGDIR = "/tmp/matplotlib"
_PROBE = ["--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "--", "true"]


def parse_size(text: str) -> int:
    """Bytes from ``"3G"``, ``"512M"`` or a plain number of bytes.

    Examples
    --------
    >>> from nnteach.grading.sandbox import parse_size
    >>> parse_size("3G"), parse_size("512m"), parse_size("1000")
    (3221225472, 536870912, 1000)
    """
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = text.strip().upper().removesuffix("B")
    scale = units.get(text[-1:], 1)
    number = float(text[:-1] if text[-1:] in units else text)
    if not number > 0:
        raise ValueError(f"expected a positive size such as 3G or 512M, received {text!r}")
    return int(number * scale)


def sandbox_problem() -> str | None:
    """Why bubblewrap cannot run here (one sentence with the fix), or ``None`` if it can.

    Examples
    --------
    >>> from nnteach.grading.sandbox import sandbox_problem
    >>> sandbox_problem()  # doctest: +SKIP
    """
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return (
            "bubblewrap (bwrap) is not installed, and nnteach grade runs every notebook in "
            "a bwrap sandbox: install it (sudo apt-get install bubblewrap, or make "
            "system-deps as root), or pass --no-sandbox to grade without one."
        )
    probe = subprocess.run([bwrap, *_PROBE], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or ["no message"])[-1]
        return (
            f"bubblewrap cannot create a sandbox here ({why}); allow unprivileged user "
            "namespaces (sysctl kernel.unprivileged_userns_clone=1) or pass --no-sandbox."
        )
    return None


def _inside(path: Path, others: list[Path]) -> bool:
    return any(path != other and path.is_relative_to(other) for other in others)


def shared_caches() -> dict[Path, str]:
    """Cache files of the grader to show read-only in every sandbox: ``{host file: path inside}``.

    matplotlib keeps the list of the system's fonts in a JSON file in its
    cache folder and builds it (about a second, reading every font) when the
    file is missing, which it is in a sandbox's empty home: every notebook
    would pay for it when it first imports Keras (which imports matplotlib).
    The grader builds the file once, on its own side, and each sandbox sees it
    read-only in a writable :data:`MPLCONFIGDIR`. It lists font files only.
    Empty when matplotlib cannot build it (the sandbox then builds its own).

    Examples
    --------
    >>> from nnteach.grading.sandbox import MPLCONFIGDIR, shared_caches
    >>> all(inside.startswith(MPLCONFIGDIR + "/") for inside in shared_caches().values())
    True
    """
    try:
        import matplotlib
        import matplotlib.font_manager as font_manager  # builds the file if it is missing

        name = f"fontlist-v{font_manager.FontManager.__version__}.json"
        host = Path(matplotlib.get_cachedir()) / name
    except Exception:  # noqa: BLE001 - any failure: no shared cache, not a failed batch
        return {}
    return {host: f"{MPLCONFIGDIR}/{name}"} if host.is_file() else {}


def sandbox_command(
    argv: list[str],
    *,
    work: Path,
    hide: list[Path],
    keep: list[Path],
    caches: dict[Path, str] | None = None,
) -> list[str]:
    """``bwrap ... -- argv``: ``argv`` runs in the sandbox described in the module docstring.

    Parameters
    ----------
    argv : list of str
        The command to run inside.
    work : Path
        The student's copy, bound writable at :data:`WORK`.
    hide : list of Path
        Folders replaced by empty ones (home, submissions, gradebook...).
    keep : list of Path
        Folders inside hidden ones that must stay visible, read-only (Python,
        the virtual environment, the ``nnteach`` package).
    caches : dict, optional
        Files to show read-only at the given paths inside, from
        :func:`shared_caches`.

    Examples
    --------
    >>> from pathlib import Path
    >>> from nnteach.grading.sandbox import sandbox_command
    >>> cmd = sandbox_command(["python"], work=Path("/s/w"), hide=[Path.home()], keep=[])
    >>> "--unshare-all" in cmd, cmd[cmd.index("--bind") :]
    (True, ['--bind', '/s/w', '/tmp/work', '--chdir', '/tmp/work', '--setenv', 'HOME', \
'/tmp/home', '--setenv', 'TMPDIR', '/tmp', '--setenv', 'MPLCONFIGDIR', '/tmp/matplotlib', \
'--', 'python'])
    """
    hidden = sorted({p for p in hide if p.is_dir() and p != Path("/")})
    hidden = [p for p in hidden if not _inside(p, hidden)]
    command = [shutil.which("bwrap") or "bwrap", "--die-with-parent", "--new-session"]
    command += ["--unshare-all", "--cap-drop", "ALL", "--hostname", "sandbox"]
    command += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for path in hidden:
        command += ["--tmpfs", str(path)]
    # the private /tmp hides a checkout or an environment that lives under /tmp
    # (CI clones there): mount those back read-only, like those under hidden folders
    covered = [*hidden, Path("/tmp")]
    for path in sorted({p for p in keep if p.exists() and _inside(p, covered)}):
        command += ["--ro-bind", str(path), str(path)]
    command += ["--bind", str(work), WORK, "--chdir", WORK]
    command += ["--setenv", "HOME", "/tmp/home", "--setenv", "TMPDIR", "/tmp"]
    command += ["--setenv", "MPLCONFIGDIR", MPLCONFIGDIR]
    for host, inside in sorted((caches or {}).items()):
        command += ["--ro-bind", str(host), inside]
    return [*command, "--", *argv]


def _own_cgroup(controller: str) -> Path | None:
    """This process's writable cgroup folder for ``controller`` (``""``: cgroup v2)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, names, path = line.split(":", 2)
        if controller in names.split(",") or (controller == names == ""):
            base = Path("/sys/fs/cgroup") / controller
            folder = base / path.lstrip("/")
            if controller == "" and not (folder / "cgroup.controllers").is_file():
                return None
            return folder if folder.is_dir() and os.access(folder, os.W_OK) else None
    return None


@dataclass
class Limits:
    """Memory and process limits for one sandbox (a cgroup if one is writable).

    Call :meth:`prepare` before starting the sandbox, pass :meth:`preexec` as
    ``preexec_fn``, then :meth:`out_of_memory` and :meth:`release` after.

    Examples
    --------
    >>> from nnteach.grading.sandbox import Limits
    >>> Limits(memory=2 * 1024**3, pids=256).memory
    2147483648
    """

    memory: int = DEFAULT_MEMORY
    pids: int = DEFAULT_PIDS
    folders: dict[str, Path] = field(default_factory=dict)

    def prepare(self, name: str) -> str:
        """Create the cgroups; return how the limits are enforced, in words."""
        values = {
            "memory": [("memory.limit_in_bytes", self.memory)],
            "pids": [("pids.max", self.pids)],
            "": [("memory.max", self.memory), ("pids.max", self.pids)],
        }
        for controller in ("memory", "pids") if _own_cgroup("memory") else ("",):
            base = _own_cgroup(controller)
            try:
                folder = base / f"nnteach-{name}-{os.getpid()}"  # type: ignore[operator]
                folder.mkdir(exist_ok=True)
                self.folders[controller] = folder
                for filename, value in values[controller]:
                    (folder / filename).write_text(str(value))
            except (OSError, TypeError):  # not writable, or a controller not delegated
                self.release()
                break
        return "cgroup" if self.folders else "rlimit"

    def preexec(self) -> None:
        """In the child, before ``bwrap`` starts: join the cgroups, or set rlimits."""
        os.setsid()
        for folder in self.folders.values():
            (folder / "cgroup.procs").write_text(str(os.getpid()))
        if not self.folders:
            resource.setrlimit(resource.RLIMIT_DATA, (self.memory, self.memory))
            if os.geteuid() != 0:  # per user: the user's other processes count too
                mine = sum(
                    1 for p in Path("/proc").glob("[0-9]*") if p.stat().st_uid == os.getuid()
                )
                resource.setrlimit(resource.RLIMIT_NPROC, (mine + self.pids,) * 2)

    def out_of_memory(self) -> bool:
        """Whether the cgroup's out-of-memory killer stopped a process of the sandbox."""
        for name in ("memory.oom_control", "memory.events"):
            for folder in self.folders.values():
                try:
                    text = (folder / name).read_text()
                except OSError:
                    continue
                for line in text.splitlines():
                    key, _, value = line.partition(" ")
                    if key == "oom_kill" and value.strip() not in ("", "0"):
                        return True
        return False

    def release(self) -> None:
        """Remove the cgroups (their processes are gone by now)."""
        for folder in self.folders.values():
            try:
                folder.rmdir()
            except OSError:
                pass
        self.folders = {}


def python_paths() -> list[Path]:
    """Folders the grading process needs to see: Python, the environment, ``nnteach``."""
    import nnteach

    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    paths |= {Path(os.path.realpath(sys.executable)).parents[1]}
    paths |= {Path(p) for p in sys.path if p and Path(p).is_dir() and "site-packages" in p}
    paths.add(Path(nnteach.__file__).resolve().parent)
    return sorted(p.resolve() for p in paths)
