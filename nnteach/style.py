"""One vocabulary of colours and statuses for every picture and page of the course.

Colours come from the Okabe-Ito palette (Okabe and Ito, *Color Universal
Design*, 2008): its eight colours stay apart with every common colour-vision
deficiency. Each colour used with a meaning has that meaning written here, and
keeps it in every lesson:

=============  =============  =================================================
name           colour         meaning
=============  =============  =================================================
POSITIVE       blue           raises: a positive weight (lesson 3's diagrams);
                              a SHAP value that pushes the prediction up
                              (lesson 6). Reserved for this meaning.
NEGATIVE       vermillion     lowers: a negative weight; a SHAP value that
                              pushes the prediction down. Reserved for this
                              meaning.
CLASS_COLOURS  bluish green,  class 0 and class 1 of a data set (lessons 1, 2
               orange         and 6, the neuron explorer, the playground); the
                              same, lighter (:func:`lighter`), for the region a
                              model gives to each class
INPUT          green          an input feature (a node of the network diagram)
HIDDEN         yellow         a hidden neuron
OUTPUT         pink           an output neuron
NEURONLESS     light grey     a layer without neurons (Dropout, BatchNormalization...)
NEUTRAL        grey           an edge whose weight is not shown; in widgets, a
                              mark without a sign (the terms of a neuron's sum,
                              where a gradient vanishes)
HIGHLIGHT      pink           the value a student moves (the neuron explorer's
                              input, its weighted sum ``z``)
SERIES         black, sky     curves with no colour meaning of their own (one
               blue, pink,    run, optimizer or setting each, named by a
               orange, green  legend), in this order
INK            near black     lines and text drawn on a picture (a decision
                              boundary, a gradient-descent path)
=============  =============  =================================================

Blue and vermillion are reserved for "raises" and "lowers": classes and
curves use other colours. Widgets take every colour from this module, and
``tests/test_style.py`` checks that no widget writes a colour code of its own
and that no lesson colours anything by hand with the sign pair.

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
    "CLASS_COLOURS",
    "CLASS_REGION_COLOURS",
    "CODE_BACKGROUND",
    "CODE_BORDER",
    "COLOUR_MEANINGS",
    "ERROR",
    "FAILED",
    "HIDDEN",
    "HIGHLIGHT",
    "INK",
    "INPUT",
    "NEGATIVE",
    "NEURONLESS",
    "NEUTRAL",
    "NOT_ATTEMPTED",
    "NOT_CHECKED",
    "OKABE_ITO",
    "OUTPUT",
    "PASSED",
    "POSITIVE",
    "PROBLEM_BACKGROUND",
    "PROBLEM_TEXT",
    "SERIES",
    "STATUSES",
    "STATUS_STYLES",
    "StatusStyle",
    "class_colour_map",
    "lighter",
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
#: Class 0 and class 1 of a data set, in that order. Never blue or vermillion.
CLASS_COLOURS = (OKABE_ITO["bluish green"], OKABE_ITO["orange"])
HIGHLIGHT = OKABE_ITO["reddish purple"]
#: Curves without a colour meaning of their own, in the order they are used.
SERIES = (
    OKABE_ITO["black"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
)
INK = "#222222"

# ---- colours of text boxes in widgets (not part of any picture) ------------ #
#: Background and border of a block of code a widget shows (GitHub's code colours).
CODE_BACKGROUND = "#f6f8fa"
CODE_BORDER = "#d0d7de"
#: Text and background of a widget's message about a value it cannot use.
PROBLEM_TEXT = "#b00020"
PROBLEM_BACKGROUND = "#fdecea"

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
    CLASS_COLOURS[0]: "green: class 0 of a data set (a data point; lighter: the region "
    "a model gives to class 0)",
    CLASS_COLOURS[1]: "orange: class 1 of a data set (lighter: the region a model gives to it)",
}


def lighter(colour: str, amount: float = 0.25) -> str:
    """``colour`` mixed with white: ``amount`` of the colour, the rest white.

    Used for the regions a model gives to each class, behind the data points.

    Parameters
    ----------
    colour : str
        A colour as ``"#RRGGBB"``.
    amount : float, default=0.25
        How much of ``colour`` is kept, from 0 (white) to 1 (``colour`` itself).

    Returns
    -------
    str
        The mixed colour as ``"#RRGGBB"``.

    Examples
    --------
    >>> lighter("#000000", 0.5), lighter("#E69F00", 1.0)
    ('#808080', '#E69F00')
    """
    if not (isinstance(colour, str) and len(colour) == 7 and colour.startswith("#")):
        raise ValueError(
            f"Expected a colour as '#RRGGBB' (for example '#E69F00'). Received: {colour!r}"
        )
    if not 0 <= amount <= 1:
        raise ValueError(f"Expected `amount` between 0 and 1. Received: amount={amount!r}")
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - amount * (255 - c)) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


#: The regions a model gives to class 0 and class 1 (behind the data points).
CLASS_REGION_COLOURS = (lighter(CLASS_COLOURS[0]), lighter(CLASS_COLOURS[1]))


def class_colour_map(name: str = "classes"):
    """A matplotlib colour map from class 0's colour (at 0) through white to class 1's.

    For a model's probability of class 1 drawn behind the data points (lesson 2,
    the training playground). Imports matplotlib when called.

    Examples
    --------
    >>> cmap = class_colour_map()
    >>> cmap.name, cmap.N
    ('classes', 256)
    """
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        name, [lighter(CLASS_COLOURS[0], 0.45), "#FFFFFF", lighter(CLASS_COLOURS[1], 0.45)]
    )


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
#: A task of a graded notebook that the checks never saw (the notebook timed out,
#: was not a notebook...): only ``nnteach grade``'s records use it, never a check.
NOT_CHECKED = "not checked"


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
    NOT_CHECKED: StatusStyle("–", "not checked", "#5f6368", "#ffffff"),  # dark grey
}
