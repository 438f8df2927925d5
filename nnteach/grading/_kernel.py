"""Code the grader runs inside a student's kernel, around the student's cells.

The runner (:mod:`nnteach.grading.runner`) sends this module's *source text* in
two cells that it adds to the notebook; the kernel compiles it into a private
namespace, so nothing here is looked up through ``sys.modules``, where the
student's code could have replaced it.

- **Before** the student's cells, :func:`take_snapshot` records the contents of
  ``builtins``, NumPy and a few standard modules, the import system and the
  running threads, and keeps that record under a random attribute of ``sys``.
- **After** them, :func:`grade`:

  1. puts back what the notebook replaced in the recorded modules and the
     import system, and notes each change as a tamper reason;
  2. scans Keras, TensorFlow and the standard library for functions defined
     in the notebook that were planted into them;
  3. removes every ``nnteach`` module from ``sys.modules`` and loads the
     checks afresh from the instructor's source files, sent in by the grader
     (not read from disk, where the notebook could have changed them);
  4. compares what the notebook saw (the old modules, its ``check``) with the
     fresh code, function by function;
  5. runs every task of the exercise on the notebook's variables, then looks
     again for changes made by the student's code while it was being checked;
  6. writes the results and the tamper reasons as JSON to a path chosen by
     the grader with a random nonce (stdout is never trusted).

Only the standard library is used (NumPy is imported by the snapshot, as by
every exercise). None of this can stop code that is determined to cheat, since
it runs in the same process: see ``docs/instructors.md``.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import os
import sys
import threading
import types

__all__ = [
    "SNAPSHOT_MODULES",
    "WATCHED_PACKAGES",
    "code_differs",
    "defined_in_notebook",
    "find_difference",
    "grade",
    "restore_snapshot",
    "take_snapshot",
]

#: Modules whose contents are recorded before the student's cells and restored after.
SNAPSHOT_MODULES = (
    "builtins",
    "numpy",
    "numpy.linalg",
    "numpy.random",
    "math",
    "json",
    "importlib",
    "importlib.util",
    "functools",
    "contextlib",
    "io",
    "re",
    "signal",
    "threading",
    "time",
    "warnings",
    "dataclasses",
    "os",
)

#: Entries that the kernel itself changes between cells.
_VOLATILE = {
    "builtins": {
        "input",
        "raw_input",
        "getpass",
        "_",
        "__",
        "___",
        "exit",
        "quit",
        "get_ipython",
        "display",
        "__IPYTHON__",
    },
    "warnings": {"showwarning", "_showwarnmsg_impl"},
}

#: Top-level packages scanned for functions that the notebook planted into them.
WATCHED_PACKAGES = (
    "builtins",
    "numpy",
    "keras",
    "tensorflow",
    "importlib",
    "json",
    "os",
    "signal",
    "threading",
    "contextlib",
    "io",
    "warnings",
    "re",
    "math",
    "time",
    "dataclasses",
    "functools",
    "types",
    "collections",
    "typing",
    "inspect",
    "operator",
    "copy",
    "IPython",
    "ipykernel",
)

#: Module attributes that describe the module rather than hold its code.
_METADATA = {
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__file__",
    "__cached__",
    "__path__",
    "__builtins__",
    "__all__",
    "__annotations__",
}

_SCAN_CLASSES = ("keras", "numpy")
_MAX_REASONS = 20
_MISSING = object()
_SKIP_CLASS_KEYS = {
    "__dict__",
    "__weakref__",
    "__doc__",
    "__module__",
    "__annotations__",
    "__dataclass_fields__",
    "__dataclass_params__",
    "__match_args__",
    "__slots__",
    "__parameters__",
    "__orig_bases__",
    "__abstractmethods__",
    "_abc_impl",
    "__firstlineno__",
    "__static_attributes__",
}


# --------------------------------------------------------------------------- #
# Before the student's cells
# --------------------------------------------------------------------------- #


def take_snapshot(key):
    """Record modules, the import system and threads under ``sys.<key>``.

    Parameters
    ----------
    key : str
        Attribute name (random, chosen by the grader) to keep the record under.

    Examples
    --------
    >>> import sys
    >>> take_snapshot("_demo_snapshot")
    >>> sorted(sys.__dict__.pop("_demo_snapshot"))
    ['meta_path', 'modules', 'path_hooks', 'threads']
    """
    modules = {}
    for name in SNAPSHOT_MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that is not installed
            continue
        modules[name] = dict(vars(module))
    snapshot = {
        "modules": modules,
        "meta_path": list(sys.meta_path),
        "path_hooks": list(sys.path_hooks),
        "threads": {thread.ident for thread in threading.enumerate()},
    }
    setattr(sys, key, snapshot)


# --------------------------------------------------------------------------- #
# What the notebook defined
# --------------------------------------------------------------------------- #


def _unwrap(obj):
    for _ in range(4):
        if isinstance(obj, functools.partial):
            obj = obj.func
        elif isinstance(obj, staticmethod | classmethod):
            obj = obj.__func__
        elif isinstance(obj, types.MethodType):
            obj = obj.__func__
        elif isinstance(obj, property):
            obj = obj.fget
        else:
            break
    return obj


def defined_in_notebook(obj, folders=()):
    """Whether ``obj`` is a function or class written in the notebook (or its folder).

    A function or class defined in a notebook cell belongs to the module
    ``__main__``; one imported from a file the student submitted has a code
    file inside ``folders`` (the kernel's working copy of their folder).

    Parameters
    ----------
    obj : object
    folders : sequence of str
        Folders whose Python files count as the student's.

    Returns
    -------
    bool

    Examples
    --------
    >>> import json
    >>> defined_in_notebook(json.dumps)
    False
    """
    obj = _unwrap(obj)
    try:
        if isinstance(obj, types.FunctionType):
            if obj.__module__ == "__main__":
                return True
            filename = obj.__code__.co_filename
        elif isinstance(obj, type):
            module = type.__dict__["__module__"].__get__(obj)
            return module == "__main__"
        else:
            return False
    except Exception:  # noqa: BLE001 - an object that fights back
        return True
    return any(filename.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)


def _describe(name, key):
    return f"`{name}.{key}`"


# --------------------------------------------------------------------------- #
# Comparing code
# --------------------------------------------------------------------------- #


def code_differs(a, b):
    """Whether two code objects differ in what they do (bytecode, names, constants).

    Examples
    --------
    >>> def f(x):
    ...     return x + 1
    >>> def g(x):
    ...     return x + 1
    >>> def h(x):
    ...     return x + 2
    >>> code_differs(f.__code__, g.__code__), code_differs(f.__code__, h.__code__)
    (False, True)
    """
    if a is b:
        return False
    if not isinstance(a, types.CodeType) or not isinstance(b, types.CodeType):
        return True
    if (a.co_code, a.co_names, a.co_varnames, a.co_freevars) != (
        b.co_code,
        b.co_names,
        b.co_varnames,
        b.co_freevars,
    ):
        return True
    if len(a.co_consts) != len(b.co_consts):
        return True
    for x, y in zip(a.co_consts, b.co_consts, strict=True):
        if isinstance(x, types.CodeType) or isinstance(y, types.CodeType):
            if code_differs(x, y):
                return True
        elif type(x) is not type(y) or (x != y and x == x):  # x == x: NaN constants
            return True
    return False


def _function(obj):
    obj = _unwrap(obj)
    return obj if isinstance(obj, types.FunctionType) else None


def _plain(obj):
    """A simple value, or a tuple of them (compared by equality, not identity)."""
    if isinstance(obj, tuple):
        return all(_simple(item) for item in obj)
    return _simple(obj)


def _simple(obj):
    return isinstance(obj, int | float | str | bytes | bool | complex | type(None))


def find_difference(old, new, path, depth=0):
    """The first place where ``old`` (what the notebook saw) differs from ``new`` (fresh).

    Functions are compared by their code, classes attribute by attribute,
    simple values by equality, containers and ``nnteach`` objects element by
    element. Objects of other kinds are not compared.

    Parameters
    ----------
    old, new : object
    path : str
        How to name ``old`` in the answer, e.g. ``"nnteach.checks.core.run_task"``.
    depth : int
        Recursion depth (comparison stops at 5).

    Returns
    -------
    str or None
        The dotted path of the first difference, or ``None``.

    Examples
    --------
    >>> def f():
    ...     return 1
    >>> find_difference({"a": f, "b": 2}, {"a": f, "b": 3}, "x")
    "x['b']"
    """
    if old is new or depth > 5:
        return None
    new_function = _function(new)
    if new_function is not None:
        old_function = _function(old)
        if old_function is None or code_differs(old_function.__code__, new_function.__code__):
            return path
        return None
    if isinstance(new, types.ModuleType):
        if not isinstance(old, types.ModuleType) or old.__name__ != new.__name__:
            return path
        return None
    if isinstance(new, type):
        if not isinstance(old, type) or old.__qualname__ != new.__qualname__:
            return path
        old_dict, new_dict = vars(old), vars(new)
        for key in sorted(set(old_dict) | set(new_dict)):
            if key in _SKIP_CLASS_KEYS:
                continue
            a, b = old_dict.get(key, _MISSING), new_dict.get(key, _MISSING)
            if a is _MISSING or b is _MISSING:
                if _function(a if b is _MISSING else b) is not None:
                    return f"{path}.{key}"
                continue
            found = find_difference(a, b, f"{path}.{key}", depth + 1)
            if found:
                return found
        return None
    if isinstance(new, property):
        for part in ("fget", "fset", "fdel"):
            found = find_difference(
                getattr(old, part, None), getattr(new, part, None), path, depth + 1
            )
            if found:
                return found
        return None
    if _simple(new):
        if type(old) is not type(new) or (old != new and new == new):
            return path
        return None
    if isinstance(new, tuple | list):
        if type(old) is not type(new) or len(old) != len(new):
            return path
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            found = find_difference(a, b, f"{path}[{i}]", depth + 1)
            if found:
                return found
        return None
    if isinstance(new, dict):
        if not isinstance(old, dict):
            return path
        for key in new:
            if key in old:
                found = find_difference(old[key], new[key], f"{path}[{key!r}]", depth + 1)
                if found:
                    return found
        return None
    if type(new).__module__.split(".")[0] == "nnteach" and hasattr(new, "__dict__"):
        if type(old).__qualname__ != type(new).__qualname__ or not hasattr(old, "__dict__"):
            return path
        return find_difference(vars(old), vars(new), path, depth + 1)
    return None


# --------------------------------------------------------------------------- #
# After the student's cells
# --------------------------------------------------------------------------- #


def restore_snapshot(snapshot):
    """Put back what the notebook replaced since :func:`take_snapshot`; return the reasons.

    Replaced or deleted entries of the recorded modules are restored (entries
    the notebook added are left alone: the checks never look them up); the
    import system (``sys.meta_path``, ``sys.path_hooks``) is reset and trace
    and profile functions are removed.

    Parameters
    ----------
    snapshot : dict
        What :func:`take_snapshot` recorded.

    Returns
    -------
    list of str

    Examples
    --------
    >>> import json, sys
    >>> take_snapshot("_demo_snapshot")
    >>> snapshot = sys.__dict__.pop("_demo_snapshot")
    >>> real, json.dumps = json.dumps, str
    >>> restore_snapshot(snapshot), json.dumps is real
    (['`json.dumps` was replaced by the notebook (restored before grading)'], True)
    """
    reasons = []
    for name, recorded in snapshot.get("modules", {}).items():
        module = sys.modules.get(name)
        if module is None:
            continue
        current = vars(module)
        volatile = _VOLATILE.get(name, set())
        for key, value in recorded.items():
            if key in volatile or key in _METADATA:
                continue
            now = current.get(key, _MISSING)
            if now is value or (_plain(value) and type(now) is type(value) and now == value):
                continue
            what = "deleted" if now is _MISSING else "replaced"
            reasons.append(
                f"{_describe(name, key)} was {what} by the notebook (restored before grading)"
            )
            current[key] = value
    for attribute in ("meta_path", "path_hooks"):
        current, recorded = getattr(sys, attribute), snapshot.get(attribute)
        if recorded is None:
            continue
        planted = [
            entry
            for entry in current
            if entry not in recorded
            and (defined_in_notebook(entry) or defined_in_notebook(type(entry)))
        ]
        removed = [entry for entry in recorded if entry not in current]
        if planted or removed:
            reasons.append(
                f"the notebook changed Python's import system (`sys.{attribute}`; reset "
                "before grading)"
            )
            kept = [entry for entry in current if entry not in recorded and entry not in planted]
            current[:] = [*recorded, *kept]
            sys.path_importer_cache.clear()
    if sys.gettrace() is not None or sys.getprofile() is not None:
        reasons.append("the notebook installed a trace or profile function (removed)")
        sys.settrace(None)
        sys.setprofile(None)
    threading.settrace(None)
    threading.setprofile(None)
    return reasons


def _scan_planted(folders):
    """Functions written in the notebook found inside watched packages."""
    reasons = []
    watched = set(WATCHED_PACKAGES)
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in watched:
            continue
        try:
            items = list(vars(module).items())
        except TypeError:
            continue
        for key, value in items:
            if defined_in_notebook(value, folders):
                reasons.append(f"{_describe(name, key)} was replaced by code from the notebook")
            elif (
                isinstance(value, type)
                and name.split(".")[0] in _SCAN_CLASSES
                and getattr(value, "__module__", "") == name
            ):
                for attr, member in list(vars(value).items()):
                    if defined_in_notebook(member, folders):
                        reasons.append(
                            f"`{name}.{key}.{attr}` was replaced by code from the notebook"
                        )
            if len(reasons) >= _MAX_REASONS:
                return reasons
    return reasons


def _foreign_threads(snapshot, folders):
    known = snapshot.get("threads", set()) if snapshot else set()
    for thread in threading.enumerate():
        if thread.ident in known or thread is threading.current_thread():
            continue
        target = getattr(thread, "_target", None)
        if defined_in_notebook(target, folders) or defined_in_notebook(type(thread), folders):
            return ["a thread started by the notebook was still running during grading"]
    return []


class _SnapshotLoader:
    """Executes a module from the grader's copy of its source."""

    def __init__(self, source, origin):
        self.source = source
        self.origin = origin

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.__file__ = self.origin
        code = compile(self.source, self.origin, "exec", dont_inherit=True)
        exec(code, module.__dict__)  # noqa: S102 - the instructor's own source


class _SnapshotFinder:
    """Finds ``nnteach`` modules in the grader's copy of the package sources."""

    def __init__(self, root, sources):
        self.root = root
        self.sources = sources

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "nnteach" and not fullname.startswith("nnteach."):
            return None
        parts = fullname.split(".")[1:]
        package, plain = "/".join([*parts, "__init__.py"]), "/".join(parts) + ".py"
        if package in self.sources:
            rel, is_package = package, True
        elif parts and plain in self.sources:
            rel, is_package = plain, False
        else:
            return None
        origin = os.path.join(self.root, *rel.split("/"))
        loader = _SnapshotLoader(self.sources[rel], origin)
        spec = importlib.util.spec_from_loader(
            fullname, loader, origin=origin, is_package=is_package
        )
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        spec.has_location = True
        return spec


def _load_fresh_checks(root, sources):
    """Drop every ``nnteach`` module and import ``nnteach.checks`` from ``sources``."""
    old = {}
    for name in list(sys.modules):
        if name == "nnteach" or name.startswith("nnteach."):
            old[name] = sys.modules.pop(name)
    sys.meta_path.insert(0, _SnapshotFinder(root, sources))
    importlib.invalidate_caches()
    checks = importlib.import_module("nnteach.checks")
    return old, checks


def _compare_modules(old):
    reasons = []
    for name, old_module in sorted(old.items()):
        if not isinstance(old_module, types.ModuleType):
            continue
        fresh = sys.modules.get(name)
        if fresh is None and name.startswith("nnteach.checks."):
            try:
                fresh = importlib.import_module(name)
            except Exception:  # noqa: BLE001 - compared only when it loads
                fresh = None
        if fresh is None:
            continue
        old_dict, fresh_dict = vars(old_module), vars(fresh)
        for key in sorted(fresh_dict):
            if key.startswith("__") or key not in old_dict:
                continue
            found = find_difference(old_dict[key], fresh_dict[key], f"{name}.{key}")
            if found:
                reasons.append(f"`{found}` was changed by the notebook")
                if len(reasons) >= _MAX_REASONS:
                    return reasons
    return reasons


def _identity_record(names):
    """``{module: {key: value}}`` and the dicts of the classes they define."""
    record = {}
    for name in names:
        module = sys.modules.get(name)
        if module is None:
            continue
        contents = dict(vars(module))
        record[name] = contents
        for key, value in contents.items():
            if isinstance(value, type) and getattr(value, "__module__", "") == name:
                record[f"{name}.{key}"] = dict(vars(value))
    return record


def _identity_changes(record):
    reasons = []
    for name, recorded in record.items():
        target = sys.modules.get(name)
        if target is None:
            owner, _, attr = name.rpartition(".")
            module = sys.modules.get(owner)
            target = vars(module).get(attr) if module is not None else None
        if target is None:
            continue
        current = vars(target)
        volatile = _VOLATILE.get(name, set())
        for key, value in recorded.items():
            if key in _METADATA or key in volatile:
                continue
            now = current.get(key, _MISSING)
            if now is not value and not (
                _plain(value) and type(now) is type(value) and now == value
            ):
                reasons.append(f"`{name}.{key}` was changed while the notebook was being checked")
                break
    return reasons


def _import_keras_quietly():
    """Import Keras (as the exercises do) so that no task pays for it within its time limit."""
    try:
        importlib.import_module("nnteach._keras").import_keras()
    except Exception:  # noqa: BLE001 - a check that needs Keras will say so itself
        pass


def _user_namespace():
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        raise RuntimeError("not running in an IPython kernel")
    return shell.user_ns


def _write(path, report):
    text = json.dumps(report)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def grade(config):
    """Check every task of the exercise on the notebook's variables; write the JSON report.

    Parameters
    ----------
    config : dict
        ``exercise`` (id), ``results_path``, ``nonce``, ``snapshot_key``,
        ``package_root`` (the installed ``nnteach`` folder), ``sources`` (its
        files, ``relative path -> source``), ``folders`` (the working copy).

    Notes
    -----
    The report is ``{"nonce", "results", "tamper", "error"}``: ``results`` is a
    list of ``CheckResult.to_dict()`` (``None`` when grading failed, with the
    reason in ``error``).

    Examples
    --------
    The runner sends this call in the last cell it adds to a notebook::

        namespace["grade"]({"exercise": "01", "results_path": ".../results.json", ...})
    """
    report = {"nonce": config["nonce"], "results": None, "tamper": [], "error": None}
    tamper = report["tamper"]
    folders = tuple(config.get("folders", ()))
    try:
        snapshot = sys.__dict__.pop(config["snapshot_key"], None)
        if not isinstance(snapshot, dict):
            tamper.append("the record the grader took before the notebook ran was removed")
            snapshot = {}
        tamper += restore_snapshot(snapshot)
        tamper += _scan_planted(folders)
        tamper += _foreign_threads(snapshot, folders)
        namespace = _user_namespace()
        old, checks = _load_fresh_checks(config["package_root"], config["sources"])
        exercise = checks.get_exercise(config["exercise"])
        tamper += _compare_modules(old)
        user_check = namespace.get("check", _MISSING)
        if user_check is not _MISSING and find_difference(user_check, checks.check, "check"):
            tamper.append("`check` was redefined by the notebook")
        _import_keras_quietly()  # outside the tasks' time limits
        watched = [name for name in sys.modules if name.startswith("nnteach.checks")]
        record = _identity_record([*watched, *snapshot.get("modules", {})])
        results = checks.run_all(exercise.id, namespace)
        tamper += _identity_changes(record)
        report["results"] = [result.to_dict() for result in results]
    except BaseException as error:  # noqa: BLE001 - report it, never raise into the kernel
        report["error"] = f"{type(error).__name__}: {error}"[:500]
    seen = set()
    report["tamper"] = [r for r in tamper if not (r in seen or seen.add(r))][:_MAX_REASONS]
    _write(config["results_path"], report)
