"""nnteach.style: one palette with meanings, one set of check statuses."""

from __future__ import annotations

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
