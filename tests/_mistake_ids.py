"""Every mistake id the exercise checks can report, read from their source.

A check names a mistake in one of two ways: ``fail(..., mistake="no-bias")``
(or ``mistake="a" if ... else "b"``), or as the last item of a tuple that
pairs a message or a test with the id (``("leaves out the biases",
"no-bias")``, ``(test, f"{label} ...", "swapped")``), or as the key of a
message in a dict (``{"one-late": "stops one epoch too late."}``), which a
helper later passes to ``fail(..., mistake=...)``. Both are found in the syntax tree of each
``nnteach/checks/ex0*.py``, so a new id needs no change here.

Which task an id belongs to follows the calls: an id written inside a
function belongs to every task whose check function reaches that function
(``@EXERCISE.task("2.2", ...)`` on the check, helpers called from it by name).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUG = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

__all__ = ["check_modules", "mistake_ids"]


def check_modules() -> list[Path]:
    """The exercise check modules, ``nnteach/checks/ex*.py``, in order."""
    return sorted((ROOT / "nnteach" / "checks").glob("ex[0-9]*.py"))


def _is_message(node: ast.AST) -> bool:
    """A sentence a student reads, an f-string, or a test (lambda, call, name)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return len(node.value.split()) >= 3
    return isinstance(node, ast.JoinedStr | ast.Lambda | ast.Call | ast.Name)


def _slugs_in(node: ast.AST) -> set[str]:
    """The mistake ids written directly inside ``node`` (not in nested functions)."""
    found: set[str] = set()
    for child in _walk_local(node):
        if isinstance(child, ast.keyword) and child.arg == "mistake":
            values = (
                [child.value.body, child.value.orelse]
                if isinstance(child.value, ast.IfExp)
                else [child.value]
            )
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value:
                    found.add(value.value)
        elif isinstance(child, ast.Tuple) and 2 <= len(child.elts) <= 3:
            last = child.elts[-1]
            if (
                isinstance(last, ast.Constant)
                and isinstance(last.value, str)
                and SLUG.match(last.value)
                and any(_is_message(e) for e in child.elts[:-1])
            ):
                found.add(last.value)
        elif isinstance(child, ast.Dict):
            # {"one-late": "stops one epoch too late ...", ...}: ids as the keys of
            # sentences, passed on through a loop variable (not data: {"loss": [...]})
            for key, value in zip(child.keys, child.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and SLUG.match(key.value)
                    and isinstance(value, ast.Constant | ast.JoinedStr)
                    and _is_message(value)
                ):
                    found.add(key.value)
    return found


def _walk_local(node: ast.AST):
    """``ast.walk`` that does not enter nested function definitions (they are visited apart)."""
    todo = list(ast.iter_child_nodes(node))
    while todo:
        child = todo.pop()
        yield child
        if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            todo.extend(ast.iter_child_nodes(child))


def _task_of(func: ast.FunctionDef) -> str | None:
    for decorator in func.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "task"
            and decorator.args
            and isinstance(decorator.args[0], ast.Constant)
        ):
            return str(decorator.args[0].value)
    return None


def _names_used(func: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(func) if isinstance(n, ast.Name)}


def mistake_ids_in(path: Path) -> dict[str, set[str]]:
    """Task id -> the mistake slugs its check can report, for one check module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {
        n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    # module-level constants that hold ids (a dict of wrong answers, say) count for the
    # functions that name them
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            slugs = _slugs_in(node)
            for target in targets:
                if isinstance(target, ast.Name) and slugs:
                    constants[target.id] = slugs
    tasks: dict[str, set[str]] = {}
    for func in functions.values():
        task = _task_of(func)
        if task is None:
            continue
        seen, todo, slugs = set(), [func.name], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            node = functions[name]
            slugs |= set().union(*(_slugs_in(n) for n in [node, *_nested(node)]))
            used = _names_used(node)
            slugs |= set().union(*(constants[c] for c in used if c in constants))
            todo.extend(n for n in used if n in functions)
        tasks[task] = slugs
    return tasks


def _nested(func: ast.AST) -> list[ast.AST]:
    return [
        n
        for n in ast.walk(func)
        if n is not func and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    ]


def mistake_ids() -> dict[str, set[str]]:
    """Task id -> full mistake ids (``"2.2/relu-on-output"``) for every exercise check."""
    result: dict[str, set[str]] = {}
    for path in check_modules():
        for task, slugs in mistake_ids_in(path).items():
            result[task] = {f"{task}/{slug}" for slug in slugs}
    return result
