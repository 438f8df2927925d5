"""One vocabulary of colours and statuses for every picture and page of the course.

Colours come from the Okabe-Ito palette (Okabe and Ito, *Color Universal
Design*, 2008): its eight colours stay apart with every common colour-vision
deficiency. Each colour used with a meaning has that meaning written here, and
keeps it in every lesson:

===========  ===========  ===================================================
name         colour       meaning
===========  ===========  ===================================================
POSITIVE     blue         a positive weight (lesson 3's diagrams); a SHAP
                          value that pushes the prediction up (lesson 6)
NEGATIVE     vermillion   a negative weight; a SHAP value that pushes the
                          prediction down
INPUT        green        an input feature (a node of the network diagram)
HIDDEN       yellow       a hidden neuron
OUTPUT       pink         an output neuron
NEURONLESS   light grey   a layer without neurons (Dropout, BatchNormalization...)
NEUTRAL      grey         an edge whose weight is not shown
===========  ===========  ===================================================

A check's status (exercise notebooks, ``nnteach check``, the feedback pages of
``nnteach grade``) is shown with an icon, a word and a colour from
:data:`STATUS_STYLES`. The icon and the word carry the meaning on their own,
so the colour never has to be told apart.

This module imports nothing heavy: any module may import it at the top.

Examples
--------
>>> from nnteach import style
>>> style.sign_colour(0.3) == style.POSITIVE, style.sign_colour(-2) == style.NEGATIVE
(True, True)
>>> style.STATUS_STYLES["failed"].icon
'✘'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "COLOUR_MEANINGS",
    "ERROR",
    "FAILED",
    "HIDDEN",
    "INPUT",
    "NEGATIVE",
    "NEURONLESS",
    "NEUTRAL",
    "NOT_ATTEMPTED",
    "OKABE_ITO",
    "OUTPUT",
    "PASSED",
    "POSITIVE",
    "STATUSES",
    "STATUS_STYLES",
    "StatusStyle",
    "sign_colour",
]

#: The Okabe-Ito palette, by colour name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

# ---- colours with a meaning ----------------------------------------------- #
POSITIVE = OKABE_ITO["blue"]
NEGATIVE = OKABE_ITO["vermillion"]
INPUT = OKABE_ITO["bluish green"]
HIDDEN = OKABE_ITO["yellow"]
OUTPUT = OKABE_ITO["reddish purple"]
NEURONLESS = "#BBBBBB"
NEUTRAL = "#7F7F7F"

#: What each colour means, in words a student reads (legends, lesson text).
COLOUR_MEANINGS = {
    POSITIVE: "blue: positive, raises the output (a positive weight, a SHAP value "
    "that pushes the prediction up)",
    NEGATIVE: "vermillion: negative, lowers the output (a negative weight, a SHAP value "
    "that pushes the prediction down)",
    INPUT: "green: an input feature",
    HIDDEN: "yellow: a hidden neuron",
    OUTPUT: "pink: an output neuron",
    NEURONLESS: "light grey: a layer without neurons",
    NEUTRAL: "grey: a connection whose weight is not shown",
}


def sign_colour(value: float) -> str:
    """:data:`POSITIVE` for a value >= 0, :data:`NEGATIVE` below 0.

    Examples
    --------
    >>> sign_colour(0.0), sign_colour(-0.1)
    ('#0072B2', '#D55E00')
    """
    return POSITIVE if value >= 0 else NEGATIVE


# ---- check statuses -------------------------------------------------------- #
PASSED = "passed"
FAILED = "failed"
NOT_ATTEMPTED = "not attempted"
ERROR = "error"
#: Every status of a checked task.
STATUSES = (PASSED, FAILED, NOT_ATTEMPTED, ERROR)


@dataclass(frozen=True)
class StatusStyle:
    """How one check status is shown.

    Parameters
    ----------
    icon : str
        One character, first on the line (``✔``).
    label : str
        The status in words a student reads ("not yet right").
    colour : str
        Text and border colour.
    background : str
        Background of the result panel in a notebook.
    """

    icon: str
    label: str
    colour: str
    background: str


#: Icon, words and colours of each status, for notebooks and feedback pages.
STATUS_STYLES = {
    PASSED: StatusStyle("✔", "passed", "#1e8e3e", "#e6f4ea"),  # green
    FAILED: StatusStyle("✘", "not yet right", "#d93025", "#fce8e6"),  # red
    NOT_ATTEMPTED: StatusStyle("○", "not attempted yet", "#80868b", "#f1f3f4"),  # grey
    # amber: a problem with the check, not with the answer
    ERROR: StatusStyle("⚠", "could not be checked", "#b06000", "#fef7e0"),
}
