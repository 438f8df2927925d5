"""nnteach.style: one palette with meanings, one set of check statuses."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from nnteach import style


def test_palette_meanings_are_written_down():
    assert style.POSITIVE == style.OKABE_ITO["blue"]
    assert style.NEGATIVE == style.OKABE_ITO["vermillion"]
    assert style.COLOUR_MEANINGS[style.POSITIVE].startswith("blue: positive")
    assert style.sign_colour(0.0) == style.POSITIVE and style.sign_colour(-1e-9) == style.NEGATIVE


def test_check_results_and_feedback_pages_share_the_statuses():
    from nnteach.checks.result import STATUSES, CheckResult
    from nnteach.grading.feedback import _LABELS

    assert STATUSES == style.STATUSES
    for status in STATUSES:
        shown = style.STATUS_STYLES[status]
        assert repr(CheckResult("1.1", "t", status)).startswith(shown.icon)
        assert shown.colour in CheckResult("1.1", "t", status)._repr_html_()
        assert _LABELS[status] == (shown.icon, shown.label, shown.colour)


# --------------------------------------------------------------------------- one palette
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")
ROOT = Path(__file__).resolve().parents[1]
SIGN_PAIR = {style.POSITIVE.upper(), style.NEGATIVE.upper()}


def test_widgets_take_every_colour_from_the_palette():
    found = {
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted((ROOT / "nnteach" / "widgets").glob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HEX_COLOUR.search(line)
    }
    assert not found, "colour codes in widgets (use nnteach.style):\n" + "\n".join(sorted(found))


def test_blue_and_vermillion_mean_raise_and_lower_only():
    assert SIGN_PAIR.isdisjoint(c.upper() for c in style.CLASS_COLOURS)
    assert SIGN_PAIR.isdisjoint(c.upper() for c in style.CLASS_REGION_COLOURS)
    assert SIGN_PAIR.isdisjoint(c.upper() for c in style.SERIES)
    assert style.HIGHLIGHT.upper() not in SIGN_PAIR and style.INK.upper() not in SIGN_PAIR
    assert len(set(style.CLASS_COLOURS)) == 2 and len(set(style.SERIES)) == len(style.SERIES)
    for colour in style.CLASS_COLOURS:
        assert colour in style.COLOUR_MEANINGS and "class" in style.COLOUR_MEANINGS[colour]


def test_lessons_draw_with_the_palette_not_the_sign_pair():
    found = []
    for path in sorted((ROOT / "course").glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            codes = {code.upper() for code in HEX_COLOUR.findall(line)}
            if codes & SIGN_PAIR:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, "lessons colouring by hand with the sign pair:\n" + "\n".join(found)


def test_lighter_mixes_with_white():
    assert style.lighter("#000000", 0.5) == "#808080"
    assert style.lighter("#E69F00", 1.0) == "#E69F00"
    assert style.lighter("#E69F00", 0.0) == "#FFFFFF"
    with pytest.raises(ValueError, match="'#RRGGBB'"):
        style.lighter("orange")
    with pytest.raises(ValueError, match="between 0 and 1"):
        style.lighter("#E69F00", 1.5)


def test_class_colour_map_runs_from_class_0_through_white_to_class_1():
    from matplotlib.colors import to_hex

    cmap = style.class_colour_map()
    assert to_hex(cmap(0.0)).upper() == style.lighter(style.CLASS_COLOURS[0], 0.45)
    assert to_hex(cmap(1.0)).upper() == style.lighter(style.CLASS_COLOURS[1], 0.45)


def test_widgets_draw_classes_in_the_class_colours():
    from matplotlib.colors import to_rgba

    from nnteach.widgets import neuron_explorer, training_playground

    explorer = neuron_explorer()
    expected = [to_rgba(style.CLASS_COLOURS[k]) for k in explorer.labels_]
    np.testing.assert_allclose(explorer.scatter_.get_facecolors(), expected)
    assert to_rgba(explorer.ax_.get_facecolor()) == to_rgba(style.CLASS_REGION_COLOURS[0])
    assert to_rgba(explorer.region_.get_facecolor()) == to_rgba(style.CLASS_REGION_COLOURS[1])
    assert "green = class 0, orange = class 1" in explorer.readout.value  # the words match

    playground = training_playground(warm_up=False)
    assert playground.boundary_.get_cmap()(0.0) == style.class_colour_map()(0.0)
