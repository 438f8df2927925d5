"""Every control of the explorers carries a visible label (WCAG 2.1: 1.3.1, 2.4.6, 4.1.2).

An ipywidgets control shows its ``description`` as the label beside it, and
screen readers announce it; a slider without one is a bare handle. A button
needs words on it. The explorers that build without a trained model are
checked here (the explanation explorer needs a trained model and is left out);
``tests/test_browser_sections.py`` checks in JupyterLab that the
labels are drawn and that a slider reached with the Tab key moves with the
arrow keys.
"""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from nnteach import widgets as explorers

CONTROLS = (
    widgets.widgets.widget_int._Int,
    widgets.widgets.widget_float._Float,
    widgets.widgets.widget_selection._Selection,
    widgets.widgets.widget_selection._MultipleSelection,
    widgets.widgets.widget_bool._Bool,
    widgets.widgets.widget_string._String,
)
TEXT_ONLY = (widgets.HTML, widgets.HTMLMath, widgets.Label)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


@pytest.mark.parametrize(
    "factory",
    [
        "neuron_explorer",
        "activation_explorer",
        "gradient_descent_explorer",
        "architecture_builder",
        "training_playground",  # builds (no training) a Keras model: a few seconds
    ],
)
def test_every_control_has_a_label(factory):
    explorer = getattr(explorers, factory)()
    root = getattr(explorer, "widget", None) or explorer
    controls, unlabelled = 0, []
    for widget in _walk(root):
        if isinstance(widget, widgets.Button):
            controls += 1
            if not widget.description.strip():
                unlabelled.append(repr(widget)[:80])
        elif isinstance(widget, CONTROLS) and not isinstance(widget, TEXT_ONLY):
            controls += 1
            hidden = str(widget.style.get_state().get("description_width", "")) in ("0", "0px")
            if not widget.description.strip() or hidden:
                unlabelled.append(repr(widget)[:80])
    assert controls >= 3, f"{factory}: no controls found"
    assert not unlabelled, f"{factory}: controls without a visible label: {unlabelled}"
