"""The check audit, small: every corpus answer over many seeded draws of its check.

``tests/check_corpus.py`` holds, per task, at least three right answers written
differently and at least three typical mistakes. Here each runs over fresh
draws (50 for NumPy tasks, fewer for tasks that build or train Keras models):
a right answer must pass every time, a wrong one must fail every time with the
mistake it makes named. ``make audit`` runs the same corpus over hundreds of
draws and prints the table the README quotes.
"""

from __future__ import annotations

import pytest

from nnteach.checks import exercises

from .check_corpus import CORPUS, KERAS_DRAWS, TRAINING_DRAWS, answers, sweep


def _draws(task_id: str) -> int:
    return min(CORPUS[task_id].draws, 50 if CORPUS[task_id].draws > KERAS_DRAWS else 3)


# exercise 04's answers are swept, with their messages, in tests/test_checks_ex04.py
SWEPT = [(t, a) for t, a in answers() if not t.startswith("4.")]


@pytest.mark.parametrize(("task_id", "answer"), SWEPT, ids=[f"{t}:{a}" for t, a in SWEPT])
def test_verdict_holds_on_every_draw(task_id, answer):
    result = sweep(task_id, answer, draws=_draws(task_id))
    assert result.agreed == result.draws, result.disagreements[:3]
    if not result.right:
        assert result.diagnosed == result.draws, result.disagreements[:3]


def test_the_corpus_covers_every_task_with_three_right_and_three_wrong_answers():
    task_ids = [task.id for exercise in exercises() for task in exercise]
    assert list(CORPUS) == task_ids
    for task_id in task_ids:
        assert len(CORPUS[task_id].right) >= 3, task_id
        assert len(CORPUS[task_id].wrong) >= 3, task_id
        assert CORPUS[task_id].draws >= TRAINING_DRAWS


def test_a_wrong_verdict_would_be_reported_with_its_seed(monkeypatch):
    # a check that always passes: every wrong answer's sweep must disagree
    from nnteach.checks import registry

    monkeypatch.setattr(registry.Task, "run", lambda self, ns, timeout=None: self._result("passed"))
    result = sweep("2.1", "abs", draws=4, first_seed=10)
    assert result.agreed == 0
    assert [seed for seed, *_ in result.disagreements] == [10, 11, 12, 13]
