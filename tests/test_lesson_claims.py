"""Every number in a lesson's prose is printed by a cell of that lesson, or cites a source.

The rule (issue 12): a number a lesson states in a markdown cell must come
from the notebook itself, so that it changes when the code does, or name
where it comes from. This test finds the numbers in the markdown cells of
``course/*.ipynb`` that have neither, and lists them with their sentence.

It is a heuristic, kept simple on purpose:

**Numbers that count.** Integers of two or more digits and decimals
(``34``, ``0.25``, ``1,000``, ``20 %``, ``-0.5``). Not counted:

- single-digit integers (counts such as "3 inputs" or "two layers";
  too common to check, and almost always visible in the code);
- years (1900-2100);
- numbers that name a part of the course: after "lesson", "lessons",
  "exercise", "section", "task", "step", "part", "question" or "chapter"
  (``lessons 1–4`` too), list markers (``1.`` at the start of a line) and
  numbers in headings;
- numbers inside inline code or code blocks (code, not a claim), inside
  LaTeX (``$...$``, ``$$...$$``: worked arithmetic the reader can follow),
  inside links (``[text](target)``: the target), and in the
  "Check your understanding" part of a lesson (questions about made-up
  numbers, and their worked answers).

**What supports a number.** The same value among the numbers of the
notebook's outputs (text, HTML, stdout; a printed number with more decimals
also supports its rounding: ``0.2513`` supports ``0.25``; ``0.83`` supports
``83 %``) or of its code cells (a setting such as ``epochs=10`` or a layer
size is visible where it is used). Or a **citation** in the same sentence:
a markdown link or URL, an ``arXiv:`` id, ``(source: ...)``, or a mention
of ``make bench`` or ``NOTES.md``. Sentences end at ``.``, ``!``, ``?`` or
``:`` before a capital, at blank lines and at list items.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "course").glob("*.ipynb"))

NUMBER = re.compile(r"(?<![\w.])[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])[-−]?\d+(?:\.\d+)?")
PART_WORDS = r"(?:lessons?|exercises?|sections?|tasks?|steps?|parts?|questions?|chapters?)"
PART_REF = re.compile(rf"\b{PART_WORDS}\s+\d+(?:\s*(?:[-–—]|to|and|,)\s*\d+)*", re.IGNORECASE)
CITATION = re.compile(r"\]\(|https?://|\(source:|make bench|NOTES\.md|arXiv:", re.IGNORECASE)
CHECK_SECTION = re.compile(r"^#+\s*Check your understanding", re.IGNORECASE | re.MULTILINE)


def _value(token: str) -> float:
    return float(token.replace("−", "-").replace(",", ""))


def _decimals(token: str) -> int:
    return len(token.split(".")[1]) if "." in token else 0


def evidence_numbers(cells: list[dict]) -> list[tuple[float, int]]:
    """(value, decimals) of every number in the outputs and the code of a notebook."""
    texts = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            if "text" in output:
                texts.append("".join(output["text"]))
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in output.get("data", {}):
                    texts.append("".join(output["data"][mime]))
    found = []
    for text in texts:
        found += [(_value(t), _decimals(t)) for t in NUMBER.findall(text)]
    return found


def prose(markdown: str) -> str:
    """The markdown a claim can be in: code, math, link targets, headings removed."""
    text = CHECK_SECTION.split(markdown)[0]
    text = re.sub(r"<details>.*?</details>", " ", text, flags=re.DOTALL)
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    # inline code is code, not a claim; `make bench` in backticks still cites
    text = re.sub(r"`([^`\n]+)`", lambda m: m[1] if CITATION.search(m[1]) else " ", text)
    text = re.sub(r"^\s*#+.*$", " ", text, flags=re.MULTILINE)  # headings
    text = re.sub(r"^(\s*(?:>\s*)?)\d+\.\s", r"\1", text, flags=re.MULTILINE)  # list markers
    return text


def sentences(text: str) -> list[str]:
    """Split at blank lines, list items and sentence ends."""
    out = []
    for block in re.split(r"\n\s*(?:>\s*)*(?:\n|[-*]\s)", text):
        flat = re.sub(r"\s+", " ", block).strip()
        out += [s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z*(>])", flat) if s]
    return out


def claimed_numbers(sentence: str) -> list[str]:
    """Numbers in one sentence that need support (see the module docstring)."""
    if CITATION.search(sentence):
        return []
    sentence = re.sub(r"\]\([^)]*\)", "]", sentence)  # link targets (none left: cited)
    sentence = PART_REF.sub(" ", sentence)
    tokens = []
    for token in NUMBER.findall(sentence):
        value = _value(token)
        if "." not in token and abs(value) < 10:
            continue  # single-digit integers
        if "." not in token and 1900 <= value <= 2100:
            continue  # years
        tokens.append(token)
    return tokens


def supported(token: str, evidence: list[tuple[float, int]], *, percent: bool) -> bool:
    value, places = _value(token), _decimals(token)
    candidates = [value, abs(value)]
    if percent:
        candidates += [value / 100]
    for target in candidates:
        digits = places + (2 if percent and target != value else 0)
        for number, decimals in evidence:
            if number == target:
                return True
            if decimals >= digits and round(number, digits) == round(target, digits):
                return True
            if decimals >= digits and round(abs(number), digits) == round(target, digits):
                return True
    return False


def unsupported_numbers(path: Path) -> list[tuple[str, str]]:
    """(number, sentence) pairs of ``path``'s prose that nothing supports."""
    cells = json.loads(path.read_text())["cells"]
    evidence = evidence_numbers(cells)
    problems = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for sentence in sentences(prose("".join(cell["source"]))):
            for token in claimed_numbers(sentence):
                after = sentence[sentence.find(token) + len(token) :].lstrip()
                if not supported(token, evidence, percent=after.startswith("%")):
                    problems.append((token, sentence.strip()))
    return problems


# --------------------------------------------------------------------------- the heuristic
def test_heuristic_on_examples():
    assert claimed_numbers("It took 34 s to draw.") == ["34"]
    assert claimed_numbers("It took 34 s (source: make bench).") == []
    assert claimed_numbers(sentences(prose("It took 34 s (`make bench`)."))[0]) == []
    assert claimed_numbers("See [the docs](https://keras.io) for 34 more.") == []
    assert claimed_numbers("In lesson 5 and lessons 1–4, sections 2 and 3, in 1958.") == []
    assert claimed_numbers("Three layers of 4 neurons") == []
    assert claimed_numbers("a loss of 0.69 and −0.5") == ["0.69", "−0.5"]
    assert sentences("Intro:\n- one 12\n- two 13. Three 14") == [
        "Intro:",
        "one 12",
        "two 13.",
        "Three 14",
    ]
    text = prose("## 3. Title 12\n1. first with `Dense(64)` and $30! = 2.7$\nthe 0.375 value")
    assert claimed_numbers(sentences(text)[0]) == ["0.375"]
    assert prose("text 12\n### Check your understanding\n1. 91 parameters").strip() == "text 12"
    evidence = [(0.2513, 4), (83.0, 0), (0.83, 2)]
    assert supported("0.25", evidence, percent=False)
    assert not supported("0.26", evidence, percent=False)
    assert supported("83", evidence, percent=True)
    assert not supported("34", evidence, percent=False)


# --------------------------------------------------------------------------- the lessons
@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_numbers_in_prose_are_printed_or_cited(path):
    problems = unsupported_numbers(path)
    report = "\n".join(f"  {number!r} in: {sentence}" for number, sentence in problems)
    assert not problems, (
        f"{path.name}: numbers in markdown that no output or code cell of the notebook "
        "shows and no source is cited for (print them from a cell, or cite the source "
        f"in the same sentence, e.g. '(source: make bench)'):\n{report}"
    )


# --------------------------------------------------------------------------- claims as facts
def _markdown(stem: str) -> str:
    cells = json.loads((ROOT / "course" / f"{stem}.ipynb").read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_maths_a_lesson_uses_is_named_where_students_start():
    """Lesson 0 and lesson 4 name the maths lesson 4 uses, and link a refresher."""
    for stem in ("00_start_here", "04_how_a_network_learns"):
        text = _markdown(stem).lower()
        for topic in ("derivative", "chain rule", "transpose", "eigenvalue"):
            assert topic in text, f"{stem}: the prerequisites do not name {topic!r}"
        assert "https://d2l.ai/" in text, f"{stem}: no link to a refresher"
    assert "no maths beyond" not in _markdown("00_start_here").lower()


SOFTMAX_CHECK = """
import numpy as np, keras
from keras import ops
z = np.array([[0.0, 0.0, 30.0]], dtype="float32")  # sure of class 2; the true class is 0
loss, y = keras.losses.SparseCategoricalCrossentropy(), np.array([0])
print(float(loss(y, ops.softmax(z))), float(loss(y, np.asarray(ops.softmax(z)))))
"""


def _softmax_losses(backend: str) -> tuple[float, float]:
    """Lesson 4's confident mistake on ``backend``: (from a Keras softmax, from plain numbers)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, "-c", SOFTMAX_CHECK], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = done.stdout.split()[-2:]
    return float(first), float(second)


def test_lesson_4_softmax_rescue_is_what_tensorflow_does():
    """Lesson 4: on TensorFlow a Keras softmax's output is scored from its logits (30),
    plain probabilities are clipped (-log(1e-7) = 16.118)."""
    rescued, clipped = _softmax_losses("tensorflow")
    assert rescued == pytest.approx(30.0, abs=1e-3)
    assert clipped == pytest.approx(16.118, abs=1e-3)


def test_lesson_4_softmax_rescue_is_not_what_jax_does():
    """Lesson 4 says the rescue is TensorFlow-only: with JAX both losses are clipped."""
    import importlib.util

    if importlib.util.find_spec("jax") is None:
        pytest.skip("JAX is not installed (the course runs on TensorFlow); checked by hand")
    rescued, clipped = _softmax_losses("jax")
    assert rescued == pytest.approx(16.118, abs=1e-3) and clipped == pytest.approx(16.118, abs=1e-3)


# --------------------------------------------------------------------------- the course's shape
LINK = re.compile(r"\]\(((?:\.\./)?[\w/.-]+\.ipynb)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_every_lesson_has_what_lesson_0_promises(path):
    """Objectives first; a summary, questions with answers and a next step at the end."""
    text = _markdown(path.stem)
    assert re.search(r"\*\*In this (?:notebook|lesson) you will\*\*", text), (
        f"{path.name}: no objectives"
    )
    assert re.search(r"^## Summary$", text, re.MULTILINE), f"{path.name}: no summary"
    assert CHECK_SECTION.search(text), f"{path.name}: no 'Check your understanding'"
    assert "<summary>Answers" in text, f"{path.name}: questions without answers"
    assert "**Next:**" in text.split("## Summary")[-1], f"{path.name}: no next step at the end"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_links_between_notebooks_point_to_notebooks_that_exist(path):
    targets = set(LINK.findall(_markdown(path.stem)))
    missing = sorted(t for t in targets if not (path.parent / t).resolve().is_file())
    assert targets and not missing, f"{path.name} links to notebooks that do not exist: {missing}"
