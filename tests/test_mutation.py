"""The mutation tool of ``make mutate`` (``bench/mutation.py``, ``bench/mutate_checks.py``).

The operators are checked on small functions (what each mutant computes), the
runner on task 2.1 with a few draws; ``make mutate`` runs every task with 50
(NumPy) or 3 (Keras) draws per mutant.
"""

from __future__ import annotations

import ast

import numpy as np
import pytest

from bench import mutate_checks
from bench.mutation import mutants, solution_cells, solution_expressions
from nnteach.checks import exercises

TOY = """\
def f(x, y):
    ### BEGIN SOLUTION
    z = (x - y).mean(axis=0, keepdims=True)
    return z[:-1], x / 2
    ### END SOLUTION
"""


def _define(code: str):
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102
    return namespace["f"]


def _by_id(source: str, lines=None) -> dict:
    return {m.id: m for m in mutants(source, lines)}


def test_each_operator_changes_what_the_function_computes():
    found = _by_id(TOY, frozenset({3, 4}))
    x, y = np.arange(6.0).reshape(3, 2), np.ones((3, 2))
    expected_z, expected_half = _define(TOY)(x.copy(), y)

    def run(mutant_id):
        given = x.copy()
        return (*_define(found[mutant_id].code)(given, y), given)

    z, _, _ = run("name: (x - y).mean -> (x - y).sum")
    np.testing.assert_allclose(z, (x - y).sum(axis=0, keepdims=True)[:-1])
    z, _, _ = run("binop: x - y -> x + y")
    np.testing.assert_allclose(z, (x + y).mean(axis=0, keepdims=True)[:-1])
    z, _, _ = run(
        "axis: (x - y).mean(axis=0, keepdims=True) -> (x - y).mean(axis=1, keepdims=True)"
    )
    assert z.shape == (2, 1)
    z, _, _ = run(
        "drop-keyword: (x - y).mean(axis=0, keepdims=True) -> (x - y).mean(keepdims=True)"
    )
    assert z.shape == (0, 1)  # one value, kept as (1, 1), then [:-1]
    z, _, _ = run("constant: -1 -> 0")  # -1 is one constant, not 1 under a minus
    assert z.shape == (0, 2)
    first, second, _ = run("swap-items: (z[:-1], x / 2) -> (x / 2, z[:-1])")
    np.testing.assert_allclose(first, expected_half)
    _, half, given = run("in-place: x / 2 -> __import__('operator').itruediv(x, 2)")
    np.testing.assert_allclose(half, expected_half)
    np.testing.assert_allclose(given, x / 2)  # the caller's array changed
    assert "constant: -1 -> -2" in found and "swap-args: x - y -> y - x" in found
    assert not any(m.id.startswith("constant: 1 ->") for m in found.values())


def test_only_the_solution_lines_change_and_no_mutant_repeats():
    found = mutants(TOY, frozenset({4}))
    assert found and all(m.line == 4 for m in found)
    assert all("def f(x, y)" in m.code for m in found)
    assert len({m.code for m in found}) == len(found)
    # a mutation that gives back the original code is no mutant
    assert ast.unparse(ast.parse(TOY)) not in {m.code for m in mutants(TOY)}
    assert mutants(TOY, frozenset()) == []


def test_names_and_comparisons_swap_but_names_and_logs_stay():
    source = "def g(x, m):\n    return np.argmax(x >= 0.5) + max(x, m, key=abs, name='a')\n"
    ids = set(_by_id(source))
    assert "name: np.argmax -> np.argmin" in ids
    assert "name: max -> min" in ids
    assert {
        "compare: x >= 0.5 -> x > 0.5",
        "compare: x >= 0.5 -> x < 0.5",
        "constant: 0.5 -> 1.5",
        "constant: 0.5 -> -0.5",
    } <= ids
    assert "drop-keyword: max(x, m, key=abs, name='a') -> max(x, m, key=abs)" not in ids
    assert "swap-args: max(x, m, key=abs, name='a') -> max(m, x, key=abs, name='a')" in ids


def test_training_flips_and_a_layer_can_be_skipped():
    source = "y = Dense(4)(model(x, training=True))\n"
    ids = set(_by_id(source))
    assert "flip: model(x, training=True) -> model(x, training=False)" in ids
    assert "drop-keyword: model(x, training=True) -> model(x)" in ids
    assert "unwrap: Dense(4)(model(x, training=True)) -> model(x, training=True)" in ids


def test_every_task_has_a_solution_cell_with_expressions():
    cells = {
        cell.task_id: cell
        for exercise in exercises()
        for cell in solution_cells(f"solutions/{exercise.notebook}.ipynb")
    }
    assert list(cells) == [task.id for exercise in exercises() for task in exercise]
    for task_id, cell in cells.items():
        assert cell.lines and cell.solution.strip(), task_id
        assert mutants(cell.source, cell.lines), task_id
    assert "x / (1.0 - rate)" in solution_expressions(cells["2.5"])


def test_every_listed_equivalent_is_a_mutant_of_its_task_with_a_reason():
    equivalents = mutate_checks.load_equivalents()
    cells = mutate_checks.task_cells()
    for task_id, listed in equivalents.items():
        _, cell = cells[task_id]
        ids = {m.id for m in mutants(cell.source, cell.lines)}
        for mutant_id, reason in listed.items():
            assert mutant_id in ids, (task_id, mutant_id)
            assert reason.strip() and "\n" not in reason.strip(), (task_id, mutant_id)


def test_the_runner_kills_relu_mutants_and_reports_a_check_that_passes_all(monkeypatch, capsys):
    cells = mutate_checks.task_cells()
    path, cell = cells["2.1"]
    before = mutate_checks.namespaces_before(path, {cell.index})[cell.index]
    report = mutate_checks.run_task_mutants("2.1", cell, before, 3, {})
    # np.maximum(0.0, x) is the only mutant that computes the same
    assert report.survivors == ["swap-args: np.maximum(x, 0.0) -> np.maximum(0.0, x)"]
    assert report.killed == report.mutants - 1 and not report.flaky
    assert not report.solution_failures

    from nnteach.checks import registry

    monkeypatch.setattr(registry.Task, "run", lambda self, ns, timeout=None: self._result("passed"))
    assert mutate_checks.main(["2.1", "--draws", "2"]) == 1
    out = capsys.readouterr().out
    assert "2.1 survived: name: np.maximum -> np.minimum" in out


@pytest.mark.parametrize("mutant_id", ["name: np.maximum -> np.minimum"])
def test_a_listed_equivalent_that_the_check_kills_is_reported_stale(mutant_id):
    cells = mutate_checks.task_cells()
    path, cell = cells["2.1"]
    before = mutate_checks.namespaces_before(path, {cell.index})[cell.index]
    report = mutate_checks.run_task_mutants(
        "2.1", cell, before, 2, {mutant_id: "wrong"}, {mutant_id}
    )
    assert report.stale == [mutant_id] and not report.ok
