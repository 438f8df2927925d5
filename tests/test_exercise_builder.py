"""The exercise builder: placeholders, metadata, marker errors, and exercises/ up to date."""

from __future__ import annotations

import re

import jupytext
import nbformat
import pytest

from nnteach.checks import get_exercise, tasks_for
from nnteach.exercise_builder import (
    ExerciseBuildError,
    assigned_names,
    build_exercises,
    make_exercise,
    strip_solutions,
)
from tests._notebooks import ROOT

SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
NAMES = [p.stem for p in sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))]


def _solution_meta(grade_id):
    return {
        "nbgrader": {
            "grade": False,
            "grade_id": grade_id,
            "locked": False,
            "schema_version": 3,
            "solution": True,
        }
    }


def _check_meta(grade_id, points=1):
    return {
        "nbgrader": {
            "grade": True,
            "grade_id": grade_id,
            "locked": True,
            "points": points,
            "schema_version": 3,
            "solution": False,
        },
        "tags": ["nbval-check-output"],
    }


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for source, meta in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata.update(meta)
        nb.cells.append(cell)
    return nb


# --------------------------------------------------------------------------- #
# Placeholders
# --------------------------------------------------------------------------- #


def test_assigned_names_in_order_without_imports_or_inner_scopes():
    code = (
        "import numpy as np\nfrom os import path\n"
        "a = b = 1\nc, (d, *e) = f()\ng: int = 2\nh += 1\n"
        "for i in range(3):\n    j = i\nwith open(x) as k:\n    pass\n"
        "def func():\n    inner = 1\nclass K:\n    attr = 2\n"
        "squares = [n * n for n in range(3)]\nif (m := 3):\n    pass\nobj.attr = 5\nitems[0] = 6\n"
    )
    assert assigned_names(code) == [
        "a",
        "b",
        "c",
        "d",
        "e",
        "g",
        "h",
        "i",
        "j",
        "k",
        "func",
        "K",
        "squares",
        "m",
    ]


def test_block_in_a_function_body_raises_not_implemented_with_the_task_id():
    source = (
        'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    y = x + 1\n'
        "    return y\n    ### END SOLUTION\n"
    )
    out = strip_solutions(source, cell_type="code", task_id="2.3", where="nb: cell 1")
    assert out == (
        'def f(x):\n    """Doc."""\n    # YOUR CODE HERE\n'
        '    raise NotImplementedError("Task 2.3: replace this line with your code")'
    )
    compile(out, "<cell>", "exec")


def test_block_in_a_method_or_inside_a_loop_of_a_function():
    source = (
        "class A:\n    def f(self):\n        for i in range(2):\n"
        "            ### BEGIN SOLUTION\n            self.x = i\n            ### END SOLUTION\n"
        "        return 1\n"
    )
    out = strip_solutions(source, cell_type="code", task_id=None, where="nb: cell 1")
    assert '            raise NotImplementedError("replace this line with your code")' in out
    compile(out, "<cell>", "exec")


def test_top_level_block_assigns_ellipsis_to_each_name():
    source = (
        "import keras\n### BEGIN SOLUTION\ninputs = keras.Input((4,))\n"
        "outputs = keras.layers.Dense(1)(inputs)\nmodel = keras.Model(inputs, outputs)\n"
        "model.summary()\n### END SOLUTION\nprint('done')"
    )
    out = strip_solutions(source, cell_type="code", task_id="1.3", where="nb: cell 1")
    assert out == (
        "import keras\n# YOUR CODE HERE\ninputs = ...\noutputs = ...\nmodel = ...\nprint('done')"
    )


def test_indented_top_level_block_and_a_block_without_names():
    source = "if True:\n    ### BEGIN SOLUTION\n    print(1)\n    ### END SOLUTION\n"
    out = strip_solutions(source, cell_type="code", task_id="1.1", where="nb")
    assert out == "if True:\n    # YOUR CODE HERE\n    pass"
    source = "### BEGIN SOLUTION\n%time x = 1\nmodel.fit(x)\n### END SOLUTION"
    assert strip_solutions(source, cell_type="code", task_id="1.1", where="nb") == (
        "# YOUR CODE HERE"
    )


def test_markdown_answer_and_several_blocks_in_one_cell():
    source = "Answer:\n\n### BEGIN SOLUTION\nBecause of the bias.\n### END SOLUTION"
    assert strip_solutions(source, cell_type="markdown", task_id=None, where="nb") == (
        "Answer:\n\nYOUR ANSWER HERE"
    )
    source = (
        "### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = a\n### BEGIN SOLUTION\nc = 2\n"
        "### END SOLUTION"
    )
    assert strip_solutions(source, cell_type="code", task_id=None, where="nb") == (
        "# YOUR CODE HERE\na = ...\nb = a\n# YOUR CODE HERE\nc = ..."
    )


# --------------------------------------------------------------------------- #
# Marker and metadata errors name the notebook and the cell
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "### BEGIN SOLUTION\nx = 1\n",
            r"the '### BEGIN SOLUTION' at line 1 has no "
            r"'### END SOLUTION'",
        ),
        ("x = 1\n### END SOLUTION\n", r"line 2 has '### END SOLUTION' without a matching"),
        (
            "### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n### END SOLUTION",
            r"line 2 opens a solution block inside the one opened at line 1",
        ),
        ("x = 1  ### BEGIN SOLUTION\n", r"line 1 has a solution marker that is not alone"),
        ("### BEGIN SOLUTION\nx = (\n### END SOLUTION", r"the solution code does not parse"),
    ],
)
def test_bad_markers_are_clear_errors(source, message):
    nb = _notebook(("import numpy", {}), (source, _solution_meta("task-1-1")))
    with pytest.raises(
        ExerciseBuildError,
        match=r"^01_demo\.ipynb: cell 2 \(grade_id "
        r"'task-1-1'\): " + message,
    ):
        make_exercise(nb, name="01_demo.ipynb")


def test_metadata_errors():
    markers = "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    with pytest.raises(
        ExerciseBuildError,
        match=r"cell 1: solution markers in a cell that is "
        r"not a solution cell.*nbgrader refuses",
    ):
        make_exercise(_notebook((markers, {})), name="nb")
    with pytest.raises(ExerciseBuildError, match=r"a solution cell without"):
        make_exercise(_notebook(("x = 1", _solution_meta("task-1-1"))), name="nb")
    with pytest.raises(ExerciseBuildError, match=r"grade_id 'task-1-1' is also used by cell 1"):
        make_exercise(
            _notebook((markers, _solution_meta("task-1-1")), (markers, _solution_meta("task-1-1"))),
            name="nb",
        )


def test_nbval_markers_are_tags_not_comments():
    untagged = {"nbgrader": _check_meta("check-1-1")["nbgrader"]}
    with pytest.raises(
        ExerciseBuildError,
        match=r"cell 1 \(grade_id 'check-1-1'\): a check cell without the 'nbval-check-output' "
        r"tag.*# %% tags=\[\"nbval-check-output\"\]",
    ):
        make_exercise(_notebook(('check("1.1")', untagged)), name="nb")
    with pytest.raises(
        ExerciseBuildError,
        match=r"cell 2: a '# NBVAL_IGNORE_OUTPUT' comment, which students would read.*"
        r"tags=\[\"nbval-ignore-output\"\]",
    ):
        make_exercise(_notebook(("x = 1", {}), ("# NBVAL_IGNORE_OUTPUT\nx", {})), name="nb")
    exercise = make_exercise(_notebook(('check("1.1")', _check_meta("check-1-1"))), name="nb")
    assert exercise.cells[0].metadata["tags"] == ["nbval-check-output"]


def test_make_exercise_keeps_metadata_and_ids_and_clears_outputs():
    nb = nbformat.read(SOLUTIONS / "01_perceptron.ipynb", as_version=4)
    exercise = make_exercise(nb, name="01_perceptron.ipynb")
    assert len(exercise.cells) == len(nb.cells)
    for before, after in zip(nb.cells, exercise.cells, strict=True):
        assert after.metadata == before.metadata
        assert after.get("id") == before.get("id")
        if after.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None
    text = "\n".join(c.source for c in exercise.cells)
    assert "BEGIN SOLUTION" not in text and "np.linalg.lstsq" not in text
    assert any(c.outputs for c in nb.cells if c.cell_type == "code")  # source untouched


# --------------------------------------------------------------------------- #
# Files
# --------------------------------------------------------------------------- #


def _write_solution(folder, name, nb):
    folder.mkdir(parents=True, exist_ok=True)
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    jupytext.write(nb, folder / f"{name}.ipynb", fmt="ipynb")
    jupytext.write(nb, folder / f"{name}.py", fmt="py:percent")


def _small_solution(answer_outside=False):
    extra = "\nneuron_output = lambda x, w, b: float(x @ w + b)" if answer_outside else ""
    return _notebook(
        ("from nnteach.checks import check", {}),
        (
            "def neuron_output(x, w, b):\n    ### BEGIN SOLUTION\n    return float(x @ w + b)\n"
            "    ### END SOLUTION" + extra,
            _solution_meta("task-1-1"),
        ),
        ('check("1.1")', _check_meta("check-1-1")),
    )


def test_build_writes_the_pair_only_inside_out_dir(tmp_path):
    solutions = tmp_path / "solutions"
    _write_solution(solutions, "01_demo", _small_solution())
    before = {p.name: p.read_bytes() for p in solutions.iterdir()}
    built = build_exercises(solutions, tmp_path / "exercises", execute=False)
    assert [b.name for b in built] == ["01_demo"] and built[0].written
    ipynb, py = tmp_path / "exercises" / "01_demo.ipynb", tmp_path / "exercises" / "01_demo.py"
    assert py.read_text() == jupytext.writes(jupytext.read(ipynb), fmt="py:percent")
    assert 'raise NotImplementedError("Task 1.1: replace this line' in py.read_text()
    assert {p.name: p.read_bytes() for p in solutions.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exercises", "solutions"]
    # up to date: nothing rewritten unless forced
    assert not build_exercises(solutions, tmp_path / "exercises", execute=False)[0].written
    assert build_exercises(solutions, tmp_path / "exercises", execute=False, force=True)[0].written


def test_build_refuses_to_write_into_or_through_the_solutions(tmp_path):
    solutions = tmp_path / "solutions"
    _write_solution(solutions, "01_demo", _small_solution())
    for out in (solutions, solutions / "exercises"):
        with pytest.raises(ExerciseBuildError, match="is the solutions folder or inside it"):
            build_exercises(solutions, out, execute=False)
    out = tmp_path / "exercises"
    out.mkdir()
    (out / "01_demo.ipynb").symlink_to(solutions / "01_demo.ipynb")
    original = (solutions / "01_demo.ipynb").read_bytes()
    with pytest.raises(ExerciseBuildError, match="symbolic link"):
        build_exercises(solutions, out, execute=False)
    assert (solutions / "01_demo.ipynb").read_bytes() == original
    with pytest.raises(ExerciseBuildError, match="no such folder"):
        build_exercises(tmp_path / "nothing", out, execute=False)


def test_build_refuses_a_stale_solution_pair(tmp_path):
    solutions = tmp_path / "solutions"
    _write_solution(solutions, "01_demo", _small_solution())
    py = solutions / "01_demo.py"
    py.write_text(py.read_text().replace("return float(x @ w + b)", "return 0.0"))
    with pytest.raises(ExerciseBuildError, match="01_demo.ipynb and 01_demo.py differ"):
        build_exercises(solutions, tmp_path / "exercises", execute=False)


@pytest.mark.slow
def test_build_executes_and_verifies_not_attempted(tmp_path):
    solutions = tmp_path / "solutions"
    _write_solution(solutions, "01_demo", _small_solution())
    build_exercises(solutions, tmp_path / "exercises", timeout=120)
    nb = nbformat.read(tmp_path / "exercises" / "01_demo.ipynb", as_version=4)
    assert (
        nb.cells[2].outputs[0].data["text/plain"].startswith("○ Task 1.1 (0/1): not attempted yet.")
    )
    # an exercise whose check still passes (the answer sits outside the block) is refused
    _write_solution(solutions, "01_demo", _small_solution(answer_outside=True))
    with pytest.raises(
        ExerciseBuildError,
        match=r"check cell 3 .* shows '✔ Task 1.1 \(1/1\): "
        r"passed' in the exercise",
    ):
        build_exercises(solutions, tmp_path / "exercises", timeout=120)


# --------------------------------------------------------------------------- #
# The committed notebooks
# --------------------------------------------------------------------------- #


def test_six_solution_notebooks_one_per_exercise():
    assert NAMES == [e.notebook for e in map(get_exercise, ["01", "02", "03", "04", "05", "06"])]


def test_committed_exercises_are_what_the_builder_writes(tmp_path):
    build_exercises(SOLUTIONS, tmp_path, execute=False)
    for name in NAMES:
        fresh = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        committed = nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4)
        assert [(c.cell_type, c.source, c.metadata) for c in committed.cells] == [
            (c.cell_type, c.source, c.metadata) for c in fresh.cells
        ], f"exercises/{name}.ipynb is stale: run `make exercises`"
        assert committed.metadata["jupytext"]["formats"] == "ipynb,py:percent"
        assert (EXERCISES / f"{name}.py").read_text() == (tmp_path / f"{name}.py").read_text()


@pytest.mark.parametrize("name", NAMES)
def test_solution_cells_and_check_cells_carry_nbgrader_metadata(name):
    nb = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    exercise = get_exercise(name)
    checks, solutions = {}, set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if "BEGIN SOLUTION" in cell.source:
            assert meta == {
                "grade": False,
                "grade_id": meta["grade_id"],
                "locked": False,
                "schema_version": 3,
                "solution": True,
            }
            solutions.add(meta["grade_id"])
        match = re.search(r'check\("(\d+\.\d+)"\)', cell.source)
        if match:
            task = exercise.tasks[match.group(1)]
            assert "nbval-check-output" in cell.metadata["tags"]
            assert "NBVAL" not in cell.source
            assert meta == {
                "grade": True,
                "grade_id": "check-" + task.id.replace(".", "-"),
                "locked": True,
                "points": task.points,
                "schema_version": 3,
                "solution": False,
            }
            checks[task.id] = cell
            text = cell.outputs[0].data["text/plain"]
            assert text == f"✔ Task {task.id} ({task.points:g}/{task.points:g}): passed"
    assert list(checks) == [t.id for t in tasks_for(name)]
    assert solutions == {f"task-{t.id.replace('.', '-')}" for t in tasks_for(name)}


@pytest.mark.parametrize("name", NAMES)
def test_task_headings_match_the_registry(name):
    nb = nbformat.read(SOLUTIONS / f"{name}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headings = re.findall(r"^## Task (\d+\.\d+) · (.+) \((\d+) points?\)$", text, re.M)
    assert [(t.id, t.title, int(t.points)) for t in tasks_for(name)] == [
        (tid, title.replace("`", ""), int(points)) for tid, title, points in headings
    ]
    assert f"../course/{name}.ipynb" in nb.cells[0].source  # link to the lesson


@pytest.mark.parametrize("name", NAMES)
def test_committed_exercise_checks_say_not_attempted(name):
    nb = nbformat.read(EXERCISES / f"{name}.ipynb", as_version=4)
    outputs = [c.outputs for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert outputs and all("not attempted yet" in out[0].data["text/plain"] for out in outputs)
