"""The judge of ``nnteach grade``: its codec, its stand-ins, and verdicts equal to local ones.

The codec (:mod:`nnteach.grading.codec`) is what a notebook's kernel can send
the grader: it must refuse pickles, oversized arrays and deep nesting with a
clear reason. The judge (:mod:`nnteach.grading.judge`) runs the checks in the
grading process; here it talks to a relay in this process
(:func:`~nnteach.grading.judge.local_relay`), so every value and every call
crosses the codec as it does in a real grading run, without a kernel. Whole
notebooks, hostile ones included, are graded in ``tests/test_grading.py``.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pytest

from nnteach.checks import run_task
from nnteach.checks.helpers import seeded_draws
from nnteach.grading.codec import CodecError, Limits, decode, encode
from nnteach.grading.judge import (
    ProtocolBroken,
    RemoteFunction,
    Session,
    _answer_text,
    judge_notebook,
    local_relay,
)

from .check_corpus import CORPUS, judged_namespace


def _npy(array) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return base64.b64encode(buffer.getvalue()).decode()


# --------------------------------------------------------------------------- #
# The codec
# --------------------------------------------------------------------------- #


def test_codec_round_trips_plain_values_arrays_and_generators():
    rng = np.random.default_rng(5)
    value = {
        "n": 3,
        "x": 2.5,
        "nan": float("nan"),
        "t": (1, "a", None, True),
        "l": [np.float32(1.5), np.int64(7), np.arange(6).reshape(2, 3)],
        3: {1, 2},
        "b": b"\x00\x01",
        "c": 1 + 2j,
    }
    back = decode(encode(value))
    assert back["n"] == 3 and back["t"] == (1, "a", None, True) and back[3] == {1, 2}
    assert np.isnan(back["nan"]) and back["b"] == b"\x00\x01" and back["c"] == 1 + 2j
    assert type(back["l"][0]) is np.float32 and type(back["l"][1]) is np.int64
    np.testing.assert_array_equal(back["l"][2], np.arange(6).reshape(2, 3))
    copy = decode(encode(rng))
    assert copy.random() == rng.random()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (json.dumps({"$": "npy", "data": _npy(np.array([{"a": 1}], dtype=object))}), "pickle"),
        (json.dumps({"$": "npy", "data": _npy(np.zeros(300_000))}), "data larger than 1000000"),
        ("[" * 40 + "]" * 40, "nested more than"),
        ("[" * 100_000 + "]" * 100_000, "nested more than"),
        (json.dumps(list(range(300_000))), "more than 200000 values"),
        ('{"results": []}', "untagged object"),
        ('{"$": "pickle", "data": "gASVAAAAAAAAAAB9lC4="}', "does not read"),
        ('{"$": "npy", "data": "not base64!"}', "not base64"),
        ("[" + "1," * 2_100_000 + "1]", "data is larger than 4000000 bytes"),
        ("{not json", "not JSON"),
    ],
)
def test_codec_refuses_pickles_oversized_and_deep_data_with_a_reason(text, words):
    with pytest.raises(CodecError, match=words):
        decode(text, limits=Limits(text_bytes=4_000_000, array_bytes=1_000_000))


def test_codec_refuses_an_array_whose_shape_is_too_large():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(4))
    data = buffer.getvalue().replace(b"(4,)", b"(10000000000,)")
    node = {"$": "npy", "data": base64.b64encode(data).decode()}
    with pytest.raises(CodecError, match="array larger than"):
        decode(json.dumps(node))


def test_codec_refuses_a_lying_array_header():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros(4))
    data = buffer.getvalue().replace(b"(4,)", b"(9,)")
    node = {"$": "npy", "data": base64.b64encode(data).decode()}
    with pytest.raises(CodecError, match="does not match its shape"):
        decode(json.dumps(node))


def test_codec_sends_no_object_it_does_not_know():
    with pytest.raises(CodecError, match="type object cannot be sent"):
        encode(object())
    with pytest.raises(CodecError, match="dtype=object"):
        encode(np.array([None]))


# --------------------------------------------------------------------------- #
# The judge's side of the protocol
# --------------------------------------------------------------------------- #


def _reply(status="ok", text="'[]'"):
    value = {"status": status, "data": {"text/plain": text}, "ename": "NameError", "evalue": "x"}
    return {"content": {"user_expressions": {"r": value}}}


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        ({"content": {}}, "something other than its reply"),
        (_reply(status="error"), "fail in the kernel \\(NameError: x\\)"),
        (_reply(text="[1, 2]"), "something other than text"),
        (_reply(text="'abc"), "malformed text"),
        (_reply(text="'" + "[" * 5000), "malformed text"),
    ],
)
def test_answers_that_are_not_the_relays_break_the_protocol(reply, words):
    with pytest.raises(ProtocolBroken, match=words):
        _answer_text(reply)


def test_a_forged_answer_breaks_the_protocol_and_earns_nothing():
    def forged(message):
        if message["op"] == "hello":
            return "[]"
        return json.dumps({"results": [{"task_id": "1.1", "status": "passed"}]})

    verdict = judge_notebook("01", forged)
    assert "data it refused" in verdict.broken
    assert all(result.points == 0 for result in verdict.results)


def test_a_relay_answering_plain_data_only_changes_the_students_values():
    # a notebook that replaced the relay and answers every read with 1.0
    verdict = judge_notebook("01", lambda message: "[]" if message["op"] == "hello" else "1.0")
    assert not verdict.broken
    assert [r.status for r in verdict.results] == ["failed"] * 5


def test_the_kernel_imports_keras_before_the_first_task_not_inside_its_time_limit():
    # a notebook that never imported TensorFlow: the kernel's first import takes seconds
    # (more on a busy machine), which must not count as the student's function's time
    seen = []

    def relay(message):
        seen.append(message)
        return "[]" if message["op"] == "hello" else json.dumps({"$": "missing"})

    judge_notebook("01", relay)
    assert seen[0] == {"op": "hello", "keras": True}
    assert all(m["op"] != "hello" for m in seen[1:])


def test_the_relay_imports_keras_when_the_greeting_asks(monkeypatch):
    import nnteach._relay as relay

    imported = []
    monkeypatch.setattr("nnteach._keras.import_keras", lambda: imported.append(True))
    monkeypatch.setattr("nnteach._in_kernel.undo_hooks", lambda shell: [])
    assert relay.serve(json.dumps({"op": "hello", "keras": True})) == "[]"
    assert imported == [True]
    assert relay.serve(json.dumps({"op": "hello"})) == "[]"
    assert imported == [True]


def test_functions_stay_in_the_kernel_and_are_called_there():
    calls = []

    def neuron_output(x, w, b):
        calls.append(type(x))
        return float(x @ w + b)

    session = Session(local_relay({"neuron_output": neuron_output}))
    func = session.ask({"op": "get", "name": "neuron_output"})
    assert isinstance(func, RemoteFunction) and func.__name__ == "neuron_output"
    assert func(np.ones(2), np.ones(2), 1.0) == 3.0 and calls == [np.ndarray]


def test_a_students_exception_comes_back_as_its_type_and_message():
    def step(x):
        raise ZeroDivisionError("no")

    def other(X, y):
        raise type("MyError", (Exception,), {})("mine")

    ns = judged_namespace({"binary_step": step, "least_squares": other})
    assert run_task("01", "1.4", ns).message == "`binary_step(x)` raised ZeroDivisionError: no"
    assert "raised MyError: mine" in run_task("01", "1.5", ns).message


# --------------------------------------------------------------------------- #
# The same verdict locally and through the judge, over the check corpus
# --------------------------------------------------------------------------- #

# one right and two wrong answers per task, one draw each (make audit --judge sweeps all),
# and every answer whose mistake is decided by what the student's code calls in its kernel
# (a package function, a refused library function, automatic differentiation) or by what it
# does to the objects it is given (changes them, hands one back as its answer)
WATCHED = (
    "package-answer",
    "library-softmax",
    "library-loss",
    "autodiff",
    "in-place",
    "returns-x-itself",
)
SAMPLE = [
    (task_id, name)
    for task_id, corpus in CORPUS.items()
    for name in dict.fromkeys(
        [
            *list(corpus.right)[:1],
            *list(corpus.wrong)[:2],
            *[n for n, (_, mistake) in corpus.wrong.items() if mistake in WATCHED],
        ]
    )
    if task_id not in ("2.4",)  # training the moons models: covered by make audit --judge
]


@pytest.mark.parametrize(("task_id", "answer"), SAMPLE, ids=[f"{t}:{a}" for t, a in SAMPLE])
def test_the_judge_gives_the_local_verdict(task_id, answer):
    corpus = CORPUS[task_id]
    factory = corpus.right[answer] if answer in corpus.right else corpus.wrong[answer][0]
    namespace = factory()
    with seeded_draws(7):
        local = run_task(None, task_id, namespace, timeout=60)
    with seeded_draws(7):
        judged = run_task(None, task_id, judged_namespace(namespace), timeout=60)
    assert (judged.status, judged.mistake) == (local.status, local.mistake), judged.message


# --------------------------------------------------------------------------- #
# Through a real kernel (no sandbox): time limits and a kernel that dies
# --------------------------------------------------------------------------- #


@pytest.mark.slow
def test_the_judge_interrupts_a_call_that_runs_past_its_limit_and_sees_a_dead_kernel(tmp_path):
    from nnteach.grading.runner import GradeOptions, grade_notebook, new_record

    from .test_grading import EXERCISE, _answer, _first_code, _read, _write

    def notebook(name: str, answers: dict) -> Path:
        nb = _read(EXERCISE)
        nb.cells[_first_code(nb)].source = "import numpy as np"
        for grade_id, source in answers.items():
            _answer(nb, grade_id, source)
        _write(nb, tmp_path / name)
        return tmp_path / name

    loop = notebook(
        "loop.ipynb",
        {
            "task-1-1": "def neuron_output(x, w, b):\n    while True:\n        pass",
            "task-1-2": "weights = np.array([[2.0], [-1.0], [0.5]])\nbias = np.array([1.0])",
        },
    )
    record = grade_notebook(loop, new_record("loop.ipynb", "01"), options=GradeOptions(),
                            reference=None)  # fmt: skip
    tasks = {t.task_id: (t.status, t.message) for t in record.tasks}
    assert record.status == "graded", record.detail
    assert tasks["1.1"] == ("failed", "`neuron_output` ran for more than 10 s and was stopped.")
    assert tasks["1.2"][0] == "passed"  # the kernel was free again for the next task

    dies = notebook("dies.ipynb", {"task-1-1": "def neuron_output(x, w, b):\n    import os\n"
                                               "    os._exit(3)"})  # fmt: skip
    record = grade_notebook(dies, new_record("dies.ipynb", "01"), options=GradeOptions(),
                            reference=None)  # fmt: skip
    assert (record.status, record.points) == ("kernel died", 0.0)
    assert "while the checks ran" in record.detail


def test_a_returned_argument_comes_back_as_a_view_of_the_judges_copy():
    from nnteach.grading.judge import _same_view

    x = np.arange(12.0).reshape(3, 4)
    back = _same_view(x.copy(), x, 0, x.strides)  # the kernel returned x itself
    assert np.shares_memory(back, x) and np.array_equal(back, x)
    column = _same_view(x[:, 1].copy(), x, 8, (32,))  # x[:, 1], a view
    assert np.shares_memory(column, x) and np.array_equal(column, x[:, 1])
    # a kernel that lies about the view: the values it sent stand, unshared
    for start, strides in ((10_000, x.strides), (-8, x.strides), (0, (8,))):
        value = np.ones((3, 4)) if len(strides) == 2 else np.ones(3)
        assert not np.shares_memory(_same_view(value, x, start, strides), x)
