"""Headless tests of the gradient-descent explorer (lesson 4): set control values, assert on output.

Like ``tests/test_widgets.py``: a control's ``.value`` is set as the front end
would set it, the observer runs :func:`gradient_descent_path`, and the test
reads the path, the loss curve and the text the explorer produced.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnteach
from nnteach.widgets import gradient_descent_explorer, gradient_descent_path
from nnteach.widgets.gradient_descent import LOSS_SURFACES


# --------------------------------------------------------------------------- logic
def test_plain_gradient_descent_follows_the_update_rule():
    run = gradient_descent_path(0.1, steps=3, start=(2.0, 1.0))
    w = np.array([2.0, 1.0])
    expected = [w]
    for _ in range(3):
        w = w - 0.1 * np.array([w[0], 10 * w[1]])  # the ravine's gradient
        expected.append(w)
    np.testing.assert_allclose(run.path, expected)
    np.testing.assert_allclose(run.losses, [0.5 * (a**2 + 10 * b**2) for a, b in expected])


def test_momentum_uses_keras_sgd_rule():
    run = gradient_descent_path(0.05, 0.9, steps=2, start=(1.0, 1.0))
    grad = LOSS_SURFACES["ravine"].gradient
    w, v = np.array([1.0, 1.0]), np.zeros(2)
    for i in range(2):
        v = 0.9 * v - 0.05 * grad(w)
        w = w + v
        np.testing.assert_allclose(run.path[i + 1], w)


@pytest.mark.parametrize(
    ("lr", "diverged"), [(0.01, False), (0.1, False), (0.19, False), (0.21, True)]
)
def test_the_ravine_diverges_above_two_over_the_largest_curvature(lr, diverged):
    assert gradient_descent_path(lr, steps=60).diverged is diverged


def test_a_diverging_run_stops_before_overflowing():
    run = gradient_descent_path(0.9, steps=100, surface="banana")
    assert run.diverged and len(run.losses) < 101
    assert np.isfinite(run.path).all() or not np.isfinite(run.losses[-1])


def test_momentum_speeds_up_a_small_learning_rate():
    slow = gradient_descent_path(0.01, 0.0, steps=50)
    fast = gradient_descent_path(0.01, 0.9, steps=50)
    assert fast.final_loss < slow.final_loss / 10


def test_logic_rejects_bad_values_with_clear_errors():
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent_path(0.0)
    with pytest.raises(ValueError, match="momentum"):
        gradient_descent_path(0.1, 1.0)
    with pytest.raises(ValueError, match="Expected one of"):
        gradient_descent_path(0.1, surface="bowl")
    with pytest.raises(ValueError, match="two numbers"):
        gradient_descent_path(0.1, start=(1.0, 2.0, 3.0))


# --------------------------------------------------------------------------- explorer
def test_exported_lazily_from_the_package():
    assert nnteach.gradient_descent_explorer is gradient_descent_explorer


def test_each_control_redraws_what_the_logic_computes():
    explorer = gradient_descent_explorer()
    assert sorted(explorer.controls) == ["learning_rate", "momentum", "steps", "surface"]
    for name, value in [
        ("learning_rate", 0.15),
        ("momentum", 0.5),
        ("steps", 30),
        ("surface", "banana"),
        ("learning_rate", 0.01),
    ]:
        explorer.controls[name].value = value
        state = explorer.state()
        expected = gradient_descent_path(
            state["learning_rate"],
            state["momentum"],
            steps=state["steps"],
            surface=state["surface"],
        )
        np.testing.assert_allclose(explorer.path_.get_xydata(), expected.path)
        x, y = explorer.loss_line_.get_data()
        np.testing.assert_array_equal(x, np.arange(len(expected.losses)))
        np.testing.assert_allclose(y, expected.losses)
        assert explorer.error.value == ""
    assert explorer.ax_loss_.get_xlim() == (0, 30)


def test_divergence_is_said_in_the_text_and_the_title():
    explorer = gradient_descent_explorer(preset={"learning_rate": 0.3})
    assert explorer.run_.diverged
    assert "Diverged" in explorer.readout.value
    assert "diverged" in explorer.ax_loss_.get_title()
    # the loss curve stays drawable: no inf or nan handed to matplotlib
    assert np.isfinite(explorer.loss_line_.get_ydata()).all()
    explorer.controls["learning_rate"].value = 0.05
    assert not explorer.run_.diverged and "Diverged" not in explorer.readout.value


def test_slider_moves_blit_and_surface_changes_redraw_everything():
    explorer = gradient_descent_explorer()
    full = explorer._fig.full_renders
    for lr in (0.02, 0.05, 0.1):
        explorer.controls["learning_rate"].value = lr
    assert explorer._fig.full_renders == full  # only the path and the curve were redrawn
    explorer.controls["surface"].value = "banana"
    assert explorer._fig.full_renders == full + 1
    assert explorer.ax_.get_xlim() == LOSS_SURFACES["banana"].limits[0]


def test_presets_round_trip_and_bad_values_show_a_message():
    first = gradient_descent_explorer(preset={"learning_rate": 0.02, "momentum": 0.8})
    second = gradient_descent_explorer(preset=first.state())
    assert second.state() == first.state()
    assert second._fig.image.value == first._fig.image.value
    before = first.state()
    first.set_state({"momentum": 1.5})
    assert "momentum" in first.error.value and first.state() == before
    with pytest.raises(ValueError, match="Unknown control name"):
        gradient_descent_explorer(preset={"lr": 0.1})


def test_no_figure_accumulates():
    before = plt.get_fignums()
    explorer = gradient_descent_explorer()
    for name in ("learning_rate", "momentum", "steps"):
        control = explorer.controls[name]
        control.value = control.max
        control.value = control.min
    assert plt.get_fignums() == before


def test_docstring_examples_run():
    import doctest

    import nnteach.widgets.gradient_descent as module

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
