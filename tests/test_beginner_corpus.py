"""The beginner corpus (``tests/beginner/``): every attempt gets the verdict its label says.

Each first attempt, written by someone who had not read the checks, runs as
the notebook would run it, over a few seeded draws: a right attempt must pass
every one, a wrong attempt fail every one. ``make audit`` sweeps the same
attempts over more draws (``bench/audit_checks.py``), task 2.4's trained
models included; here they are left out, because each one trains a network.
"""

from __future__ import annotations

import pytest

from .beginner_corpus import KERAS_TASKS, RECLASSIFIED, attempts, sweep_attempt

TRAINS = frozenset({"2.4"})  # its attempts train a network when their cell runs
ATTEMPTS = [a for a in attempts() if a.task not in TRAINS]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[f"{a.task}:{a.name}" for a in ATTEMPTS])
def test_each_attempt_gets_the_verdict_of_its_label_on_every_draw(attempt):
    result = sweep_attempt(attempt, draws=1 if attempt.task in KERAS_TASKS else 5)
    assert result.agreed == result.draws, (attempt.label, attempt.why, result.disagreements[:2])


def test_every_task_of_the_corpus_has_five_wrong_and_two_right_attempts():
    tasks: dict[str, list[str]] = {}
    for attempt in attempts():
        tasks.setdefault(attempt.task, []).append(attempt.label)
    assert tasks, "no beginner attempts found in tests/beginner/"
    for task_id, labels in tasks.items():
        assert labels.count("wrong") >= 5, task_id
        assert labels.count("right") >= 2, task_id
    for (file, index), (label, why) in RECLASSIFIED.items():
        assert label in ("right", "wrong") and why.strip(), (file, index)
