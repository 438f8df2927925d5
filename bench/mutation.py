"""Mutants of the solution cells: small AST changes that a check must notice.

A *mutant* is a solution cell (``solutions/NN_*.ipynb``) with one small change
inside its ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region, the kind of
slip a beginner makes. ``bench/mutate_checks.py`` (``make mutate``) runs each
mutant through its task's check over many draws: a check that passes a
mutant whose behaviour differs from the solution's has a gap.

The operators (issue 21):

- ``binop``: ``+``/``-``, ``*``/``/``, ``@``/``*``, ``//``/``/``, ``**``/``*``;
- ``compare``: ``>=``/``>``/``<``, ``<=``/``<``/``>``, ``==``/``!=``...;
- ``name``: ``mean``/``sum``, ``min``/``max``, ``argmin``/``argmax``,
  ``maximum``/``minimum``, ``greater_equal``/``greater``...;
- ``constant``: a number plus or minus one (``-1`` is one constant);
- ``axis``: ``axis=0``/``1``/``-1``; ``drop-keyword``: a keyword argument
  left out (``keepdims``, ``training``, ``axis``...); ``flip``: a boolean
  keyword negated (``training=True`` -> ``False``);
- ``drop-term``: ``a + b`` -> ``a`` or ``b``, ``x if c else y`` -> ``x`` or
  ``y``, ``a and b`` -> ``a``, ``-x`` -> ``x``;
- ``drop-arg``: a positional argument left out; ``unwrap``: ``f(x)`` -> ``x``
  and ``x.copy()`` -> ``x`` (a call or a layer skipped);
- ``swap-args``: two neighbouring arguments swapped, or the operands of a
  non-commutative operator; ``swap-items``: two neighbouring items of a
  tuple or list swapped (a return order, an unpacking, a layer order);
- ``in-place``: ``x / y`` on a parameter ``x`` -> ``x /= y`` (the caller's
  array changed, a copy turned into an in-place update).

A mutant's ``id`` is ``"<operator>: <before> -> <after>"`` (with ``" #2"``...
for a repeat in the same cell): stable when other lines change, so that the
reviewed list of equivalent mutants (``tests/mutation_equivalents.toml``)
survives edits.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BEGIN",
    "END",
    "Mutant",
    "SolutionCell",
    "context_cells",
    "mutants",
    "notebook_cells",
    "solution_cells",
    "solution_expressions",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"

#: keyword arguments whose value never changes what is computed (names, logs)
SKIP_KEYWORDS = frozenset({"name", "verbose", "strict"})

_BINOP_SWAPS: dict[type, tuple[type, ...]] = {
    ast.Add: (ast.Sub,),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div,),
    ast.Div: (ast.Mult,),
    ast.FloorDiv: (ast.Div,),
    ast.MatMult: (ast.Mult,),
    ast.Pow: (ast.Mult,),
    ast.Mod: (ast.FloorDiv,),
}
_NOT_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.MatMult, ast.Pow, ast.Mod)
_IN_PLACE = {
    ast.Add: "iadd",
    ast.Sub: "isub",
    ast.Mult: "imul",
    ast.Div: "itruediv",
    ast.FloorDiv: "ifloordiv",
    ast.MatMult: "imatmul",
    ast.Pow: "ipow",
}
_COMPARE_SWAPS: dict[type, tuple[type, ...]] = {
    ast.GtE: (ast.Gt, ast.Lt),
    ast.Gt: (ast.GtE, ast.LtE),
    ast.LtE: (ast.Lt, ast.Gt),
    ast.Lt: (ast.LtE, ast.GtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
_PAIRS = (
    ("mean", "sum"),
    ("min", "max"),
    ("amin", "amax"),
    ("argmin", "argmax"),
    ("minimum", "maximum"),
    ("greater_equal", "greater"),
    ("less_equal", "less"),
    ("any", "all"),
)
_NAME_SWAPS = {a: b for pair in _PAIRS for a, b in (pair, pair[::-1])}
#: builtins that may be swapped as bare names (``sum`` -> ``mean`` is no builtin)
_BUILTIN_SWAPS = {"min": "max", "max": "min"}


# --------------------------------------------------------------------------- #
# Solution cells
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class SolutionCell:
    """One task's solution cell: its code and the lines of its solution region(s).

    ``lines`` holds 1-based line numbers of ``source`` strictly between a
    ``### BEGIN SOLUTION`` and its ``### END SOLUTION``: only code there is
    mutated (a ``def`` line or a docstring outside the region is the task's).
    """

    task_id: str
    notebook: str
    index: int  # position among the notebook's cells
    source: str
    lines: frozenset[int]

    @property
    def solution(self) -> str:
        """The code of the solution region(s) alone."""
        rows = self.source.splitlines()
        return "\n".join(rows[i - 1] for i in sorted(self.lines))


def notebook_cells(path: Path | str) -> list[dict]:
    """The cells of an ``.ipynb`` file (read as JSON: no kernel, no Jupyter)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _nbgrader(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _region_lines(source: str) -> frozenset[int]:
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.strip()
        if text == BEGIN:
            inside = True
        elif text == END:
            inside = False
        elif inside:
            lines.add(number)
    return frozenset(lines)


def solution_cells(path: Path | str) -> list[SolutionCell]:
    """Every task's solution cell of a solutions notebook, in order.

    A solution cell carries nbgrader's ``solution: true`` and a ``grade_id``
    ``task-<exercise>-<task>``.
    """
    found = []
    for index, cell in enumerate(notebook_cells(path)):
        meta = _nbgrader(cell)
        match = re.fullmatch(r"task-(\d+)-(\d+)", str(meta.get("grade_id", "")))
        if cell.get("cell_type") != "code" or not meta.get("solution") or not match:
            continue
        source = _source(cell)
        found.append(
            SolutionCell(
                task_id=f"{int(match.group(1))}.{int(match.group(2))}",
                notebook=Path(path).stem,
                index=index,
                source=source,
                lines=_region_lines(source),
            )
        )
    return found


def context_cells(path: Path | str) -> list[tuple[int, str, bool]]:
    """``(index, code, is_solution)`` of every code cell a mutant's namespace needs.

    The check cells (nbgrader ``grade: true``) are left out: the tool runs
    the checks itself.
    """
    cells = []
    for index, cell in enumerate(notebook_cells(path)):
        if cell.get("cell_type") != "code" or _nbgrader(cell).get("grade"):
            continue
        cells.append((index, _source(cell), bool(_nbgrader(cell).get("solution"))))
    return cells


def solution_expressions(cell: SolutionCell, *, min_length: int = 8) -> list[str]:
    """The expressions of the solution region, unparsed, longest first.

    What a hint or message must never contain (``tests/test_never_the_answer.py``):
    every sub-expression of at least ``min_length`` characters (whitespace
    removed), as :func:`ast.unparse` writes it.
    """
    tree = ast.parse(cell.source)
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr) or getattr(node, "lineno", 0) not in cell.lines:
            continue
        text = ast.unparse(node)
        if len(re.sub(r"\s+", "", text)) >= min_length:
            found.add(text)
    return sorted(found, key=lambda text: (-len(text), text))


# --------------------------------------------------------------------------- #
# Mutants
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Mutant:
    """One changed copy of a solution cell.

    ``id`` is ``"<operator>: <before> -> <after>"`` (see the module docstring);
    ``code`` is the whole cell, unparsed, ready for ``exec``.
    """

    id: str
    operator: str
    line: int
    code: str


Replacement = ast.AST | list[ast.stmt]


def _c(node: ast.AST) -> ast.AST:
    return copy.deepcopy(node)


def _number(node: ast.AST) -> float | int | None:
    """The value of a numeric constant (``-1`` included), else ``None``."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and type(node.operand.value) in (int, float)
    ):
        return -node.operand.value
    return None


def _constant(value: float | int) -> ast.expr:
    if value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-value))
    return ast.Constant(value)


def _binop(node: ast.BinOp, parameters: frozenset[str]) -> Iterator[tuple[str, Replacement]]:
    for op in _BINOP_SWAPS.get(type(node.op), ()):
        yield "binop", ast.BinOp(_c(node.left), op(), _c(node.right))
    yield "drop-term", _c(node.left)
    yield "drop-term", _c(node.right)
    if isinstance(node.op, _NOT_COMMUTATIVE):
        yield "swap-args", ast.BinOp(_c(node.right), _c(node.op), _c(node.left))
    if isinstance(node.left, ast.Name) and node.left.id in parameters:
        function = _IN_PLACE.get(type(node.op))
        if function is not None:
            call = ast.parse(f"__import__('operator').{function}", mode="eval").body
            yield "in-place", ast.Call(call, [_c(node.left), _c(node.right)], [])


def _compare(node: ast.Compare) -> Iterator[tuple[str, Replacement]]:
    for i, op in enumerate(node.ops):
        for new in _COMPARE_SWAPS.get(type(op), ()):
            ops = [_c(o) for o in node.ops]
            ops[i] = new()
            yield "compare", ast.Compare(_c(node.left), ops, [_c(c) for c in node.comparators])


def _call(node: ast.Call) -> Iterator[tuple[str, Replacement]]:
    args, keywords = node.args, node.keywords
    for i in range(len(args)):
        yield "drop-arg", ast.Call(_c(node.func), [_c(a) for j, a in enumerate(args) if j != i],
                                   [_c(k) for k in keywords])  # fmt: skip
    for i in range(len(args) - 1):
        swapped = [_c(a) for a in args]
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        yield "swap-args", ast.Call(_c(node.func), swapped, [_c(k) for k in keywords])
    if len(args) == 1 and not isinstance(args[0], ast.Starred):
        yield "unwrap", _c(args[0])
    if not args and not keywords and isinstance(node.func, ast.Attribute):
        yield "unwrap", _c(node.func.value)  # x.copy() -> x
    for i, keyword in enumerate(keywords):
        if keyword.arg is None or keyword.arg in SKIP_KEYWORDS:
            continue
        rest = [_c(k) for j, k in enumerate(keywords) if j != i]
        yield "drop-keyword", ast.Call(_c(node.func), [_c(a) for a in args], rest)
        value = keyword.value
        others: list[ast.expr] = []
        if keyword.arg == "axis" and _number(value) is not None:
            others = [_constant(v) for v in (0, 1, -1) if v != _number(value)]
        elif isinstance(value, ast.Constant) and isinstance(value.value, bool):
            others = [ast.Constant(not value.value)]
        for new in others:
            changed = [_c(k) for k in keywords]
            changed[i].value = new
            label = "axis" if keyword.arg == "axis" else "flip"
            yield label, ast.Call(_c(node.func), [_c(a) for a in args], changed)


def _sequence(node: ast.Tuple | ast.List) -> Iterator[tuple[str, Replacement]]:
    for i in range(len(node.elts) - 1):
        items = [_c(e) for e in node.elts]
        items[i], items[i + 1] = items[i + 1], items[i]
        yield "swap-items", type(node)(items, _c(node.ctx))


def _operators(
    node: ast.AST, parent: ast.AST | None, parameters: frozenset[str]
) -> Iterator[tuple[str, Replacement]]:
    """Every ``(operator, replacement)`` for one node."""
    if isinstance(node, ast.BinOp):
        yield from _binop(node, parameters)
    elif isinstance(node, ast.Compare):
        yield from _compare(node)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield "drop-term", _c(value)
    elif isinstance(node, ast.IfExp):
        yield "drop-term", _c(node.body)
        yield "drop-term", _c(node.orelse)
    elif isinstance(node, ast.UnaryOp) and _number(node) is None:
        if isinstance(node.op, ast.USub | ast.Not | ast.Invert):
            yield "drop-term", _c(node.operand)
    elif isinstance(node, ast.Call):
        yield from _call(node)
    elif isinstance(node, ast.Tuple | ast.List):
        yield from _sequence(node)
    elif isinstance(node, ast.Attribute) and node.attr in _NAME_SWAPS:
        yield "name", ast.Attribute(_c(node.value), _NAME_SWAPS[node.attr], _c(node.ctx))
    elif isinstance(node, ast.Name) and node.id in _BUILTIN_SWAPS:
        yield "name", ast.Name(_BUILTIN_SWAPS[node.id], _c(node.ctx))
    if _number(node) is not None and not _is_inner_constant(node, parent):
        value = _number(node)
        for new in (value + 1, value - 1):
            yield "constant", _constant(new)


def _is_inner_constant(node: ast.AST, parent: ast.AST | None) -> bool:
    """The ``1`` of ``-1`` (mutated as a whole), or a skipped keyword's value."""
    if isinstance(parent, ast.UnaryOp) and _number(parent) is not None:
        return True
    return isinstance(parent, ast.keyword) and parent.arg in SKIP_KEYWORDS | {"axis"}


def _positions(tree: ast.AST) -> Iterator[tuple[ast.AST, ast.AST | None, str, int | None]]:
    """``(node, parent, field, index)`` for every node, in a fixed order."""
    stack: list[tuple[ast.AST, ast.AST | None, str, int | None]] = [(tree, None, "", None)]
    while stack:
        node, parent, field, index = stack.pop(0)
        yield node, parent, field, index
        for name, value in ast.iter_fields(node):
            if isinstance(value, list):
                stack += [(v, node, name, i) for i, v in enumerate(value) if isinstance(v, ast.AST)]
            elif isinstance(value, ast.AST):
                stack.append((value, node, name, None))


def _parameters(tree: ast.AST) -> dict[int, frozenset[str]]:
    """For every node inside a function: the names of that function's parameters."""
    found: dict[int, frozenset[str]] = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            a = function.args
            names = frozenset(p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs))
            for inner in ast.walk(function):
                found[id(inner)] = names
    return found


def _replace(tree: ast.AST, target: int, replacement: Replacement) -> ast.AST:
    """A copy of ``tree`` with its ``target``-th node (in :func:`_positions` order) replaced."""
    tree = copy.deepcopy(tree)
    for k, (_, parent, field, index) in enumerate(_positions(tree)):
        if k != target:
            continue
        new = copy.deepcopy(replacement)
        if index is None:
            setattr(parent, field, new)
        else:
            getattr(parent, field)[index] = new
        break
    return ast.fix_missing_locations(tree)


def _text(node: Replacement) -> str:
    return ast.unparse(node) if isinstance(node, ast.AST) else "; ".join(map(ast.unparse, node))


def mutants(
    source: str, lines: frozenset[int] | None = None, *, operators: Callable | None = None
) -> list[Mutant]:
    """Every distinct mutant of ``source`` changing a node that starts on one of ``lines``.

    Parameters
    ----------
    source : str
        Python code (a notebook cell).
    lines : set of int, optional
        1-based lines that may change (default: all).
    operators : callable, optional
        ``operators(node, parent, parameters)`` yielding ``(name, replacement)``
        (default: the operators of this module).

    Returns
    -------
    list of Mutant
        In source order; mutants whose code equals the original's, or another
        mutant's, are left out, as are mutants that are not valid Python.

    Examples
    --------
    >>> [m.id for m in mutants("y = a - b")]  # doctest: +NORMALIZE_WHITESPACE
    ['binop: a - b -> a + b', 'drop-term: a - b -> a', 'drop-term: a - b -> b',
     'swap-args: a - b -> b - a']
    """
    operators = operators or _operators
    tree = ast.parse(source)
    parameters = _parameters(tree)
    original = ast.unparse(tree)
    seen = {original}
    found, counts = [], {}
    for k, (node, parent, _, _) in enumerate(_positions(tree)):
        line = getattr(node, "lineno", None)
        if line is None or (lines is not None and line not in lines):
            continue
        for name, replacement in operators(node, parent, parameters.get(id(node), frozenset())):
            try:
                code = ast.unparse(_replace(tree, k, replacement))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "'int' object is not callable"
                    compile(code, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError):
                continue
            if code in seen:
                continue
            seen.add(code)
            label = f"{name}: {ast.unparse(node)} -> {_text(replacement)}"
            counts[label] = counts.get(label, 0) + 1
            if counts[label] > 1:
                label += f" #{counts[label]}"
            found.append(Mutant(label, name, line, code))
    found.sort(key=lambda m: m.line)
    return found
