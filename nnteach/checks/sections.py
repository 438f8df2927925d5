"""Where the course teaches what a task asks, and a second hint for each diagnosed mistake.

One table for the whole course: every exercise task names the lesson section
that teaches it (:data:`TASK_SECTIONS`), and every mistake id a check can
report (``"<task>/<slug>"``, see :class:`~nnteach.checks.result.CheckResult`)
has an entry in :data:`MISTAKES` with a second, more specific hint and, where
a more specific section exists, that section. A mistake without its own
section points to its task's section.

A section is addressed by its lesson notebook and its heading, exactly as
written in the notebook. Its anchor is the id JupyterLab gives the heading
(the heading's text with each space replaced by ``-``, :func:`heading_id`), and
the course website (``tools/build_site.py``) gives its headings the same ids, so
one anchor opens the section in JupyterLab
(``05_training_and_testing.ipynb#heading=<anchor>``) and on the site
(``05_training_and_testing.html#<anchor>``).

Who reads the table:

- the check panel (:meth:`CheckResult._repr_html_`): "Revisit: Lesson 5 · ...",
  linking to the lesson in JupyterLab and on the site;
- :func:`remember`, called by ``check()``: the same mistake made again in the
  same kernel session adds the second hint (never the answer);
- the class report ("What to reteach") and the feedback pages of ``nnteach grade``.

``tests/test_sections.py`` fails for a task or a mistake id without an entry,
and for an entry whose heading is missing from the lesson or from the site.

Introduced in the exercise notebooks (``exercises/``).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "MISTAKES",
    "TASK_SECTIONS",
    "Mistake",
    "Section",
    "course_dir",
    "forget",
    "heading_id",
    "heading_text",
    "remember",
    "second_hint",
    "section_for",
    "site_base",
]

#: the environment variable with the published site's address, read by the check panel
COURSE_URL_VARIABLE = "NNTEACH_COURSE_URL"
#: the environment variable with the lessons' folder, when it is not found beside the notebook
COURSE_DIR_VARIABLE = "NNTEACH_COURSE_DIR"


def heading_text(markdown: str) -> str:
    """The text a reader sees for a Markdown heading: code marks, emphasis and links removed.

    Examples
    --------
    >>> heading_text("5. `summary()` and counting parameters **by hand**")
    '5. summary() and counting parameters by hand'
    >>> heading_text("[Link](x.ipynb) and *emphasis*")
    'Link and emphasis'
    """
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", text)
    return text.strip()


def heading_id(text: str) -> str:
    """The id JupyterLab gives a heading whose text (as shown) is ``text``.

    JupyterLab 4 (``@jupyterlab/rendermime``, ``createHeaderId``) takes the
    heading's ``textContent`` and replaces each space with ``-``, nothing else.
    nbconvert's HTML exporter also percent-encodes some characters, so the
    site builder sets its headings' ids with this function instead.

    Examples
    --------
    >>> heading_id("5. The batch-wise F1 trap")
    '5.-The-batch-wise-F1-trap'
    >>> heading_id(heading_text("Callbacks: `EarlyStopping` and `ModelCheckpoint`"))
    'Callbacks:-EarlyStopping-and-ModelCheckpoint'
    """
    return text.replace(" ", "-")


def course_dir(from_dir: str | Path | None = None, notebook: str = "") -> Path:
    """Where the lessons are, seen from a notebook in ``from_dir``.

    In order: the folder in the environment variable ``NNTEACH_COURSE_DIR``; a
    ``course/`` folder beside ``from_dir`` (``exercises/`` and ``course/`` side by
    side, as in this repository and in a student's copy of it) or inside it;
    else the ``course/`` folder of the checkout ``nnteach`` runs from. With
    ``notebook`` (``"05_training_and_testing"``), the first folder that holds
    that lesson wins.
    """
    start = Path(os.path.abspath(from_dir if from_dir is not None else os.getcwd()))
    checkout = Path(__file__).resolve().parents[2] / "course"
    candidates = [start.parent / "course", start / "course", checkout]
    if os.environ.get(COURSE_DIR_VARIABLE):
        candidates.insert(0, Path(os.path.abspath(os.environ[COURSE_DIR_VARIABLE])))
    for candidate in candidates:
        if (candidate / f"{notebook}.ipynb").is_file() if notebook else candidate.is_dir():
            return candidate
    return checkout


def site_base(course_url: str | None = None, *, from_dir: str | Path | None = None) -> str:
    """The address of the course website, ending in ``/``.

    Parameters
    ----------
    course_url : str, optional
        The published site (``https://example.org/nn-course/``); default: the
        environment variable ``NNTEACH_COURSE_URL``, else the local build
        ``site/`` of this checkout (``make site``), as a path relative to
        ``from_dir``.
    from_dir : path, optional
        The folder of the page that holds the link (default: the current folder).

    Examples
    --------
    >>> site_base("https://example.org/course")
    'https://example.org/course/'
    """
    url = course_url or os.environ.get(COURSE_URL_VARIABLE, "")
    if not url:
        local = Path(__file__).resolve().parents[2] / "site"
        start = Path(from_dir) if from_dir is not None else Path.cwd()
        try:
            url = Path(os.path.relpath(local, start)).as_posix()
        except ValueError:  # another drive (Windows)
            url = local.as_uri()
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Section:
    """A section of a lesson: its notebook and its heading as written there.

    Parameters
    ----------
    notebook : str
        The lesson's file name without ``.ipynb``, in ``course/``:
        ``"05_training_and_testing"``.
    heading : str
        The heading's Markdown text, without the ``#`` marks.

    Examples
    --------
    >>> s = Section("05_training_and_testing", "5. The batch-wise F1 trap")
    >>> s.label, s.anchor
    ('Lesson 5 · 5. The batch-wise F1 trap', '5.-The-batch-wise-F1-trap')
    >>> s.site_url("https://example.org/c/")
    'https://example.org/c/course/05_training_and_testing.html#5.-The-batch-wise-F1-trap'
    """

    notebook: str
    heading: str

    @property
    def title(self) -> str:
        """The heading as a reader sees it."""
        return heading_text(self.heading)

    @property
    def anchor(self) -> str:
        """The heading's id in JupyterLab and on the site."""
        return heading_id(self.title)

    @property
    def lesson(self) -> str:
        """``"Lesson 5"``, from the notebook's number (``"05b_..."`` gives ``"Lesson 5b"``)."""
        match = re.match(r"^0*(\d+[a-z]?)", self.notebook)
        return f"Lesson {match.group(1)}" if match else self.notebook.replace("_", " ")

    @property
    def label(self) -> str:
        """``"Lesson 5 · 5. The batch-wise F1 trap"``."""
        return f"{self.lesson} · {self.title}"

    @property
    def fragment(self) -> str:
        """The anchor as a URL fragment (percent-encoded where a URL needs it)."""
        return quote(self.anchor, safe="!$&'()*+,;=:@/?-._~")

    def notebook_link(self, from_dir: str | Path | None = None) -> str:
        """A relative link to the lesson at this section, for a notebook in ``from_dir``.

        JupyterLab opens ``../course/05_training_and_testing.ipynb#heading=<anchor>``
        in a new tab and scrolls to the heading. The ``heading=`` form (JupyterLab
        4.1+) finds the heading from the cells' Markdown, so it works before the
        lesson's cells are drawn; a bare ``#<anchor>`` only finds headings already
        rendered. ``from_dir`` defaults to the current folder, which is the
        notebook's folder in a kernel JupyterLab started.
        """
        start = Path(os.path.abspath(from_dir if from_dir is not None else os.getcwd()))
        target = course_dir(start, self.notebook) / f"{self.notebook}.ipynb"
        try:
            path = Path(os.path.relpath(target, start)).as_posix()
        except ValueError:
            path = f"../course/{self.notebook}.ipynb"
        return f"{quote(path)}#heading={self.fragment}"

    def site_url(self, base: str | None = None, *, from_dir: str | Path | None = None) -> str:
        """This section's address on the course website (see :func:`site_base`)."""
        return f"{site_base(base, from_dir=from_dir)}course/{self.notebook}.html#{self.fragment}"


@dataclass(frozen=True)
class Mistake:
    """What the course says about one diagnosed mistake.

    Parameters
    ----------
    second_hint : str
        Shown when the same mistake is made again: more specific than the
        first hint, never the answer.
    section : Section, optional
        The section that teaches the idea, when it is not the task's own.
    """

    second_hint: str
    section: Section | None = None


def _lesson(notebook: str):
    return lambda heading: Section(notebook, heading)


_L0 = _lesson("00_start_here")
_L1 = _lesson("01_perceptron")
_L2 = _lesson("02_deep_networks")
_L3 = _lesson("03_seeing_the_network")
_L4 = _lesson("04_how_a_network_learns")
_L5 = _lesson("05_training_and_testing")
_L5D = _lesson("05d_regularisation_tested")
_L6 = _lesson("06_explaining_predictions")

#: Task id -> the section that teaches what the task asks.
TASK_SECTIONS: dict[str, Section] = {
    "1.1": _L1("1. What one neuron computes"),
    "1.2": _L1("The same neuron as a Keras layer"),
    "1.3": _L1("4. Sequential and Functional: two ways to write a model"),
    "1.4": _L1("3. The binary step, and why gradient descent cannot train it"),
    "1.5": _L1("2. A linear neuron is linear regression"),
    "2.1": _L2("2. Activation functions"),
    "2.2": _L2("1. Input, hidden and output layers"),
    "2.3": _L2("6. The same network, Sequential and Functional"),
    "2.4": _L2("3. A curved problem: one straight line is not enough"),
    "2.5": _L2("5. Dropout"),
    "3.1": _L3("1. A perceptron, drawn"),
    "3.2": _L3("3. A deep network, next to its `summary()`"),
    "3.3": _L3("3. A deep network, next to its `summary()`"),
    "3.4": _L3("4. A trained network's weights, on its edges"),
    "4.1": _L4("2. Softmax: scores into probabilities"),
    "4.2": _L4("1. The loss: one number to make small"),
    "4.3": _L4("4. Backpropagation by hand"),
    "4.4": _L4("3. Gradient descent, on a surface you can see"),
    "4.5": _L4("5. The training loop, written out"),
    "4.6": _L4("3. Gradient descent, on a surface you can see"),
    "5.1": _L5("The confusion matrix"),
    "5.2": _L5("5. The batch-wise F1 trap"),
    "5.3": _L5("7. Overfitting, seen"),
    "5.4": _L5("Callbacks: `EarlyStopping` and `ModelCheckpoint`"),
    "6.1": _L6("1. What is a SHAP value?"),
    "6.2": _L6("3. Explaining one patient's prediction"),
    "6.3": _L6("3. Explaining one patient's prediction"),
    "6.4": _L6("6. The global view: which features matter overall?"),
}

_NEURON = _L1("1. What one neuron computes")
_KERAS_NEURON = _L1("The same neuron as a Keras layer")
_COUNTING = _L1("5. `summary()` and counting parameters by hand")
_ACTIVATIONS = _L2("2. Activation functions")
_DROPOUT = _L2("5. Dropout")
_HOW_MANY = _L2("4. How many neurons? A rule of thumb, tested")
_TRAIN = _L2("Try it: train a network yourself")
_LOSS = _L4("1. The loss: one number to make small")
_DESCENT = _L4("3. Gradient descent, on a surface you can see")
_THRESHOLD = _L5("The threshold convention")
_CLASSIFIER = _L5("3. Train a classifier")
_KERAS_METRICS = _L5("Keras's own metrics, and what each expects")
_OVERFITTING = _L5("7. Overfitting, seen")
_SHAP = _L6("1. What is a SHAP value?")
_EIGENVALUES = _L0("5. The maths of lesson 4, in one page")
_LOGITS = _L4("Why logits first: a confident mistake")
_PITFALLS = _L5("Common pitfalls")
_STOPPING_RULE = _L5D("3. An honest comparison of the remedies")

#: Mistake id -> its second hint and, where one exists, a more specific section.
MISTAKES: dict[str, Mistake] = {
    # --- exercise 1 -------------------------------------------------------------------
    "1.1/adds-instead-of-multiplies": Mistake(
        "Write the weighted sum for two inputs on paper: x₁·w₁ + x₂·w₂. Each product pairs "
        "one input with its own weight; only the products are added up."
    ),
    "1.1/bias-per-input": Mistake(
        "Look where the bias sits in the formula z = x·w + b: outside the sum over the "
        "inputs. Adding it inside the loop adds it once per input."
    ),
    "1.1/no-bias": Mistake(
        "Your function returns x·w. Compare it with the neuron's formula in the lesson: one "
        "term is missing, and it does not depend on the inputs."
    ),
    "1.1/not-a-number": Mistake(
        "A neuron's output is one number, however many inputs it has. If your result is a "
        "list or an array, the products were kept apart instead of being added up."
    ),
    "1.1/returns-integer": Mistake(
        "Weights and inputs with decimals give an output with decimals. Look for int() or "
        "round() in your function, or an integer array you put the result into."
    ),
    "1.2/rows-swapped": Mistake(
        "Read the formula again and write, for each input x₁, x₂, x₃, the number in front of "
        "it. Row i of the kernel is the weight of x_i, in that order.",
        _KERAS_NEURON,
    ),
    "1.2/scalar-bias": Mistake(
        "The lesson prints a Dense layer's bias shape, (units,): one number per neuron, in an "
        "array even when there is only one unit.",
        _KERAS_NEURON,
    ),
    "1.2/transposed-kernel": Mistake(
        "A Dense kernel has shape (inputs, units): three inputs and one unit give three rows "
        "and one column. Check your array's .shape.",
        _KERAS_NEURON,
    ),
    "1.3/no-bias": Mistake(
        "Look for use_bias in your Dense layer: the lesson's perceptron keeps the default, so "
        "its summary counts one bias.",
        _KERAS_NEURON,
    ),
    "1.3/sequential-not-functional": Mistake(
        "In the lesson's Functional version the model is made from two tensors: the one "
        "keras.Input returns and the one the Dense layer returns when called on it."
    ),
    "1.3/wrong-activation": Mistake(
        "The activation is chosen by the Dense layer's activation argument; the task's "
        "specification names the one a probability needs.",
        _NEURON,
    ),
    "1.4/fails-in-model": Mistake(
        "Inside a model your function receives a symbolic tensor, not a NumPy array: Python "
        "`if`, NumPy calls and .numpy() do not work there. Stay with keras.ops end to end."
    ),
    "1.4/numpy-not-ops": Mistake(
        "Look for np. and .numpy() in your function: every operation, the comparison and "
        "the conversion to numbers included, must come from keras.ops, so a tensor stays "
        "a tensor."
    ),
    "1.4/returns-booleans": Mistake(
        "A comparison such as keras.ops.greater_equal gives True/False. The next layer "
        "multiplies these outputs by weights, so turn them into numbers of x's dtype."
    ),
    "1.4/returns-integers": Mistake(
        "The output must have the same dtype as the input (float32 in a model). Print "
        "your result's dtype and cast to x.dtype, not to int."
    ),
    "1.4/sign-not-step": Mistake(
        "Plot the step in the lesson: it takes two values, 0 and 1. The sign function takes "
        "three (-1, 0, 1), so it is the wrong function to build on."
    ),
    "1.4/strict-comparison": Mistake(
        "Try your function on x = 0 alone. The lesson's step gives 1 there: the comparison "
        "must include the boundary."
    ),
    "1.4/wrong-dtype": Mistake(
        "Try your function on a float64 input and print the result's dtype: naming a fixed "
        "dtype (float32) breaks it; take the dtype from the input itself."
    ),
    "1.5/no-bias": Mistake(
        "A least-squares fit of X alone forces the line through the origin. Add a column of "
        "ones to X: its fitted weight is the bias."
    ),
    "1.5/swapped-return": Mistake(
        "Read the task's return line again: the weights come first and the bias second. "
        "Check which of your two variables holds the column of ones' weight."
    ),
    "1.5/wrong-bias": Mistake(
        "The weights are right, so the fit is right; look at how the bias is read back. It "
        "is the weight of the column of ones, wherever you put that column."
    ),
    # --- exercise 2 -------------------------------------------------------------------
    "2.1/absolute-value": Mistake(
        "Draw ReLU and |x| side by side for x from -2 to 2: they agree for positive x and "
        "differ for negative x, where ReLU is flat at 0."
    ),
    "2.1/wrong-for-negatives": Mistake(
        "Try your function on np.array([-2.0, -0.5]): ReLU gives 0 for every negative "
        "input. Compare each value with 0, element by element."
    ),
    "2.1/wrong-for-positives": Mistake(
        "Try your function on np.array([0.5, 2.0]): ReLU leaves positive inputs unchanged, "
        "so the output must equal the input there."
    ),
    "2.2/last-layer-only": Mistake(
        "Loop over every (W, b) pair in params, and feed each layer's output to the next; "
        "the variable that carries the activations must change in each pass."
    ),
    "2.2/no-bias": Mistake(
        "Each layer computes h @ W + b: check that the b of every pair in params is used.",
    ),
    "2.2/no-hidden-activation": Mistake(
        "Without an activation between layers, two Dense layers collapse into one linear "
        "layer. Apply ReLU to every hidden layer's output.",
        _ACTIVATIONS,
    ),
    "2.2/no-output-sigmoid": Mistake(
        "The last layer's output must be a probability between 0 and 1; print your output's "
        "smallest and largest values.",
        _ACTIVATIONS,
    ),
    "2.2/relu-on-output": Mistake(
        "Treat the last (W, b) pair differently from the others: it gets the sigmoid, not "
        "ReLU. Check which activation your loop applies in its last pass.",
        _ACTIVATIONS,
    ),
    "2.2/sigmoid-hidden": Mistake(
        "Only the output layer uses the sigmoid; the hidden layers (all pairs but the last) "
        "use ReLU.",
        _ACTIVATIONS,
    ),
    "2.3/dropout-count": Mistake(
        "Count the hidden Dense layers in the specification: each one is followed by its own "
        "Dropout layer, and the output layer by none.",
        _DROPOUT,
    ),
    "2.3/layer-order": Mistake(
        "Print model.layers and compare the list with the specification line by line: the "
        "order is Dense, Dropout, Dense, Dropout, ... output.",
        _DROPOUT,
    ),
    "2.3/sequential-not-functional": Mistake(
        "Start from inputs = keras.Input(...), pass a tensor through each layer by calling "
        "the layer on it, and build keras.Model from the first and the last tensor."
    ),
    "2.3/wrong-activation": Mistake(
        "Compare each Dense layer's activation argument with the specification; a layer "
        "without one is linear.",
        _ACTIVATIONS,
    ),
    "2.4/accuracy-too-low": Mistake(
        "Watch the loss in model.fit's log: if it still falls at the last epoch, train for "
        "more epochs; if it stays flat, raise the learning rate or widen the hidden layers.",
        _HOW_MANY,
    ),
    "2.4/no-nonlinear-hidden-layer": Mistake(
        "A hidden layer without an activation is linear, and linear layers stacked stay "
        "linear. Give at least one hidden Dense layer activation='relu'.",
        _ACTIVATIONS,
    ),
    "2.4/output-not-probability": Mistake(
        "Binary cross-entropy expects the output to be a probability: the last layer needs "
        "exactly one unit, and an activation whose values stay between 0 and 1.",
        _ACTIVATIONS,
    ),
    "2.4/untrained": Mistake(
        "A model must be compiled (optimizer and loss) and then fitted on X and y before it "
        "predicts anything useful; run the cell with model.fit and watch the loss fall.",
        _TRAIN,
    ),
    "2.5/drops-nothing": Mistake(
        "Print your mask for rate=0.5: about half its entries must be 0. A mask that keeps "
        "everything compares the random numbers with the wrong threshold."
    ),
    "2.5/fixed-mask": Mistake(
        "Call your function twice on the same x and compare the outputs: the zeros must move, "
        "because each call draws a new mask from rng."
    ),
    "2.5/ignores-rng": Mistake(
        "Search your function for np.random: every random number must come from the `rng` "
        "argument (rng.random(x.shape) for instance), so that a seed reproduces the mask."
    ),
    "2.5/mask-per-line": Mistake(
        "Print the shape of your random numbers and compare it with x.shape: drawn for one "
        "row or one column only, they are broadcast, and whole lines share one decision."
    ),
    "2.5/in-place": Mistake(
        "Operators such as *= and x[mask] = 0 change the caller's array. Build the output "
        "with an expression that makes a new array."
    ),
    "2.5/multiplies-by-keep": Mistake(
        "With rate=0.5 a kept value must become twice as large, so that the expected sum stays "
        "the same. Multiplying by 0.5 halves it."
    ),
    "2.5/not-rescaled": Mistake(
        "Compare x.sum() with the mean of many dropout(x).sum(): without rescaling the kept "
        "values, the sum shrinks by the fraction dropped."
    ),
    "2.5/returns-x-itself": Mistake(
        "Even with nothing dropped, the caller gets a new array: check that your function "
        "never hands back x itself, or a view of it, on any path (rate=0 included)."
    ),
    "2.5/rate-is-keep": Mistake(
        "Print the fraction of zeros for rate=0.2: it should be about 20 %. If it is 80 %, "
        "your comparison keeps where it should drop."
    ),
    # --- exercise 3 -------------------------------------------------------------------
    "3.1/counts-biases": Mistake(
        "Count the lines in the lesson's diagram of a 2-3-1 network: 2·3 + 3·1 = 9. Biases "
        "are not lines between neurons."
    ),
    "3.1/counts-neurons": Mistake(
        "Lines join pairs of neurons in neighbouring layers: for sizes a and b there are a·b "
        "of them. Sum that over each pair of neighbouring layers."
    ),
    "3.1/past-output-layer": Mistake(
        "The output layer is the last one: nothing leaves it. Pair each layer only with the "
        "one after it, for n layers that makes n - 1 pairs."
    ),
    "3.1/returns-float": Mistake(
        "A count of lines is a whole number. Look for a division (/) or a float such as "
        "1.0 in your arithmetic: either one makes the result a float."
    ),
    "3.2/bias-per-input": Mistake(
        "A bias belongs to a neuron that receives inputs: a Dense layer with b units has b "
        "biases, whatever the size of the layer before.",
        _COUNTING,
    ),
    "3.2/input-biases": Mistake(
        "Compare your count with the total that Keras's summary prints for a small model: "
        "the input layer only holds the data, it has no weights and no biases.",
        _COUNTING,
    ),
    "3.2/missing-layer": Mistake(
        "For sizes [a, b, c] there are two Dense layers, a→b and b→c: make sure your loop "
        "visits every neighbouring pair, the first and the last included.",
        _COUNTING,
    ),
    "3.2/no-biases": Mistake(
        "model.summary() counts weights and biases together. Add one bias for every neuron "
        "after the input layer.",
        _COUNTING,
    ),
    "3.2/returns-float": Mistake(
        "A number of parameters is a whole number. Look for a division (/) or a float in "
        "your arithmetic: either one makes the result a float, even when it ends in .0.",
        _COUNTING,
    ),
    "3.3/activation-not-name": Mistake(
        "layer.activation is a function; its name is a string such as 'relu'. Print the "
        "layer's configuration (its get_config method) to see where the name is kept."
    ),
    "3.3/lists-every-layer": Mistake(
        "Keep only the Dense layers of model.layers, by checking each layer's type: Input "
        "and Dropout layers have no units to list."
    ),
    "3.3/not-a-list": Mistake(
        "The rows go into a list, in square brackets; a tuple of rows is not what the "
        "task asks for. Check what your function builds and returns."
    ),
    "3.3/out-of-order": Mistake(
        "model.layers already lists the layers from input to output; keep that order and "
        "do not sort the rows."
    ),
    "3.3/returns-dicts": Mistake(
        "Each row should be a tuple of three values, (name, units, activation), not a "
        "dictionary with keys."
    ),
    "3.3/rows-not-tuples": Mistake(
        "The outer container is a list, and each row inside it is a tuple: check the "
        "brackets you write around the three values of a row."
    ),
    "3.4/flat-index": Mistake(
        "np.argmax on a 2-D array gives one flat position. Turn it into (row, column) with "
        "the kernel's shape before you return it."
    ),
    "3.4/list-not-tuple": Mistake(
        "Return the two indices as a pair in parentheses, or separated by a comma after "
        "return, not in square brackets."
    ),
    "3.4/no-absolute-value": Mistake(
        "On the lesson's diagram a thick red edge is as strong as a thick blue one: compare "
        "the sizes of the weights, not their signed values."
    ),
    "3.4/swapped-indices": Mistake(
        "A kernel's rows are the inputs and its columns the units: the entry in row i and "
        "column j connects input i to unit j. Return the row index first."
    ),
    # --- exercise 4 -------------------------------------------------------------------
    "4.1/batch-sum": Mistake(
        "Sum with axis=1 (or -1) and keepdims=True, so that each row is divided by its own "
        "sum; then every row adds up to 1."
    ),
    "4.1/column-axis": Mistake(
        "A batch has one example per row, so softmax works along each row: the reductions "
        "(max, sum) go over axis 1, not axis 0."
    ),
    "4.1/global-max": Mistake(
        "z.max() is one number for the whole batch; you need one maximum per row, kept as a "
        "column beside its row. A row far below the batch's maximum underflows to all zeros."
    ),
    "4.1/in-place": Mistake(
        "Print z before and after calling your function: it must not change. Shifting or "
        "exponentiating with -=, /= or out= writes into the caller's array; compute new "
        "arrays instead."
    ),
    "4.1/library-softmax": Mistake(
        "The task is to write softmax yourself from its three steps: shift each row, "
        "exponentiate, divide by the row's total, with NumPy's elementary functions only."
    ),
    "4.1/no-divide-by-sum": Mistake(
        "After exponentiating, each row must become probabilities: divide it by its own "
        "total so that it adds up to 1."
    ),
    "4.1/no-exp": Mistake(
        "Dividing raw scores by their sum can give negative 'probabilities'. Softmax makes "
        "every score positive first, with np.exp."
    ),
    "4.1/no-max-subtracted": Mistake(
        "np.exp(1000) is inf in float64. Shifting each row by its own largest score leaves "
        "softmax unchanged and keeps every exponent at 0 or below."
    ),
    "4.1/row-min": Mistake(
        "Shifting by the smallest score leaves every other exponent positive, and a row "
        "with scores far apart still overflows. Shift so that the largest exponent is 0."
    ),
    "4.1/sigmoid": Mistake(
        "The sigmoid treats each score alone; softmax makes the scores of a row compete, so "
        "each output depends on the whole row."
    ),
    "4.2/binary-formula": Mistake(
        "Binary cross-entropy has a term for y and one for 1 - y. With k classes only one "
        "term is left: -log of the probability given to the true class.",
        _LOSS,
    ),
    "4.2/divides-by-m-times-k": Mistake(
        "There are m examples and one loss per example: take the mean over the m picked "
        "probabilities, not over all m·k entries of probs."
    ),
    "4.2/in-place": Mistake(
        "Print labels and probs before and after calling your function: neither may "
        "change. Taking the log or clipping with out= or -= writes into the caller's array."
    ),
    "4.2/ignores-labels": Mistake(
        "The labels say which probability of each row counts: pick one entry per row with "
        "labels before taking the log."
    ),
    "4.2/library-loss": Mistake(
        "Write the loss yourself from its steps: pick each row's probability of the true "
        "class, take its log, and average, with NumPy only; no Keras or scikit-learn loss."
    ),
    "4.2/log10": Mistake(
        "np.log is the natural logarithm that Keras uses; np.log10 gives values 2.3 times smaller."
    ),
    "4.2/per-example": Mistake(
        "Your function returns an array with one loss per example. The loss of the batch is "
        "one number: their mean."
    ),
    "4.2/sum-not-mean": Mistake(
        "Keras reports the mean loss over the batch, so that it does not grow with the batch "
        "size. Replace the sum by a mean."
    ),
    "4.2/wrong-probabilities": Mistake(
        "probs[:, labels] picks whole columns. Pair row i with its own label: index the rows "
        "with np.arange(m) and the columns with labels, together."
    ),
    "4.2/wrong-sign": Mistake(
        "log of a probability is negative or 0. A loss must be positive and fall as the "
        "probability of the true class rises; check the sign in front of the log."
    ),
    "4.3/no-divide-by-m": Mistake(
        "The loss is a mean over the m examples, so every term of its gradient carries a "
        "factor 1/m. Check both dw and db."
    ),
    "4.3/autodiff": Mistake(
        "The task is the chain rule on paper: derive the gradient for the sigmoid and the "
        "cross-entropy by hand, then write the result with NumPy, without a tape."
    ),
    "4.3/in-place": Mistake(
        "Print X, y and w before and after calling your function: none may change. "
        "Compute the error and the gradients as new arrays, without -= or out=."
    ),
    "4.3/sigmoid-slope": Mistake(
        "Write the chain rule for the cross-entropy of a sigmoid output: the sigmoid's slope "
        "p(1 - p) cancels against the loss's derivative, leaving p - y."
    ),
    "4.3/swapped-outputs": Mistake(
        "Look at your return line: the array with one entry per weight comes first, the "
        "single number for the bias second."
    ),
    "4.3/wrong-db": Mistake(
        "db collects (p - y) / m from every example: one number, a sum over the examples, "
        "without the inputs X."
    ),
    "4.3/wrong-dw": Mistake(
        "dw has one entry per weight, like w. Each entry sums (p - y) / m times that weight's "
        "input, over the examples: X.T times the error vector."
    ),
    "4.3/wrong-sign": Mistake(
        "Check the error term: the gradient uses p - y (prediction minus truth). With y - p "
        "every step would climb the loss."
    ),
    "4.3/z-for-p": Mistake(
        "z = X @ w + b is the score before the sigmoid. The error p - y needs the probability "
        "p = sigmoid(z)."
    ),
    "4.4/ignores-velocity": Mistake(
        "The new velocity keeps a fraction of the old one: the old velocity, times the "
        "momentum, is one of its two terms.",
        _DESCENT,
    ),
    "4.4/in-place": Mistake(
        "w -= ... and v *= ... change the caller's arrays. Compute new arrays and return them.",
    ),
    "4.4/old-velocity-for-w": Mistake(
        "Order matters: compute the new velocity first, then move the weights with that new "
        "velocity, not the one you were given."
    ),
    "4.4/plain-sgd-weights": Mistake(
        "The weights move by the velocity, which already contains -learning_rate · gradient; "
        "do not subtract the gradient from the weights a second time."
    ),
    "4.4/returns-old-velocity": Mistake(
        "The next call needs the velocity you just computed: return the new one with the new "
        "weights."
    ),
    "4.4/swapped-outputs": Mistake(
        "Return the pair in the order the task gives: first the new weights, then the new velocity."
    ),
    "4.4/torch-convention": Mistake(
        "Keras's SGD puts the learning rate inside the velocity: velocity = momentum · "
        "velocity - learning_rate · gradient, and then the weights add the velocity.",
        _DESCENT,
    ),
    "4.4/wrong-new-w": Mistake(
        "Your velocity is right; the weights move by exactly that velocity, nothing more.",
    ),
    "4.4/wrong-sign": Mistake(
        "A step goes downhill, against the gradient: the gradient enters the velocity with a "
        "minus sign.",
        _DESCENT,
    ),
    "4.5/applies-twice": Mistake(
        "Look for two calls that change the weights (apply_gradients, or assign_sub next to "
        "it): one step applies the gradients once."
    ),
    "4.5/another-forward-pass": Mistake(
        "The loss to return is the one the gradients were taken of: keep the value you "
        "computed inside the tape's block instead of calling the model again afterwards."
    ),
    "4.5/from-logits": Mistake(
        "from_logits=True tells the loss to apply a softmax itself. The model's last layer "
        "already applies one, so the outputs would be squashed twice.",
        _LOGITS,
    ),
    "4.5/loss-after-update": Mistake(
        "Keep the loss you computed inside the tape and return that value; computing it again "
        "after apply_gradients measures the new weights."
    ),
    "4.5/no-return": Mistake(
        "A Python function without a return statement returns None: end train_step by "
        "returning the loss you computed."
    ),
    "4.5/no-training-flag": Mistake(
        "Inside the tape, call the model with training=True: only then does its Dropout "
        "layer drop units, as it does during fit.",
        _DROPOUT,
    ),
    "4.5/no-update": Mistake(
        "tape.gradient only computes the gradients; the optimizer's apply_gradients is what "
        "changes the weights."
    ),
    "4.5/per-example-loss": Mistake(
        "Print the shape of the loss you return: it must be one number. The loss object "
        "averages over the batch unless its reduction is turned off.",
        _LOSS,
    ),
    "4.5/sum-not-mean": Mistake(
        "The loss object you call already reduces the batch to one number; check that you "
        "do not sum the per-example losses yourself."
    ),
    "4.5/uphill": Mistake(
        "Do not negate the gradients or the learning rate: optimizer.apply_gradients "
        "already steps against the gradient."
    ),
    "4.6/entries-not-eigenvalues": Mistake(
        "The diagonal of H gives the curvature along each axis only when H is diagonal. "
        "The directions that count are H's eigenvectors, and the curvatures are its "
        "eigenvalues: compute those.",
        _EIGENVALUES,
    ),
    "4.6/frobenius-norm": Mistake(
        "The norm of H mixes every curvature into one number. The limit comes from a "
        "single direction, the steepest: use H's largest eigenvalue alone.",
        _EIGENVALUES,
    ),
    "4.6/in-place": Mistake(
        "Print hessian before and after calling your function: it must not change. "
        "Compute the eigenvalues into a new array rather than writing into hessian."
    ),
    "4.6/inverted": Mistake(
        "A steeper direction needs a smaller step, so the largest rate must fall as the "
        "curvature grows: check which way up your fraction is."
    ),
    "4.6/missing-factor-2": Mistake(
        "A step multiplies the distance by 1 - learning rate × curvature. It still shrinks "
        "while that factor is above -1, not only while it is positive: solve for that edge."
    ),
    "4.6/smallest-curvature": Mistake(
        "Each direction has its own limit, and the rate must respect all of them at once: "
        "the tightest limit comes from the steepest direction, the largest eigenvalue."
    ),
    "4.6/trace": Mistake(
        "Adding the curvatures up gives a limit that is too small: only the steepest "
        "direction sets it. Use the largest eigenvalue, not the sum of them."
    ),
    # --- exercise 5 -------------------------------------------------------------------
    "5.1/accuracy": Mistake(
        "Accuracy counts right answers of both classes. Precision looks only at the samples "
        "predicted positive, recall only at the samples that are positive.",
        _CLASSIFIER,
    ),
    "5.1/in-place": Mistake(
        "Print y_true and y_prob before and after calling your function: neither may "
        "change. Turn the probabilities into predictions in a new array, not with "
        "sort(), -= or a write into a slice."
    ),
    "5.1/list-not-tuple": Mistake(
        "Square brackets around the two numbers make a list. Write them separated by a "
        "comma after return (parentheses optional): that is a tuple."
    ),
    "5.1/strict-threshold": Mistake(
        "Test your function with a probability of exactly 0.5: the course counts it as "
        "positive, as Keras and scikit-learn do.",
        _THRESHOLD,
    ),
    "5.1/swapped": Mistake(
        "Both have TP on top; they differ below. Precision divides by all predicted "
        "positives (TP + FP), recall by all actual positives (TP + FN).",
        _CLASSIFIER,
    ),
    "5.1/zero-division": Mistake(
        "If nothing is predicted positive, TP + FP is 0. Test for that case before dividing, "
        "and return 0.0 for it."
    ),
    "5.2/arithmetic-mean": Mistake(
        "F1 is the harmonic mean of precision and recall: it is low when either one is low, "
        "which their plain average is not."
    ),
    "5.2/batch-average": Mistake(
        "Keep counts, not scores: update_state adds the batch's TP, FP and FN to running "
        "totals, and only result() turns the totals into one F1."
    ),
    "5.2/integer-labels": Mistake(
        "TensorFlow does not multiply an integer tensor by a float one. Cast the labels to "
        "the dtype of the probabilities at the top of update_state, before any product or "
        "sum; the lesson's pitfalls show the error this avoids.",
        _PITFALLS,
    ),
    "5.2/not-a-class": Mistake(
        "DatasetF1 must be a class that Keras can instantiate, written with `class`, not a "
        "function or an instance.",
        _KERAS_METRICS,
    ),
    "5.2/not-a-metric": Mistake(
        "Name keras.metrics.Metric in the parentheses after the class name, and call "
        "super().__init__(...) in __init__.",
        _KERAS_METRICS,
    ),
    "5.2/precision": Mistake(
        "result() must combine precision and recall into F1; returning one of them ignores "
        "the false negatives."
    ),
    "5.2/recall": Mistake(
        "result() must combine precision and recall into F1; returning one of them ignores "
        "the false positives."
    ),
    "5.2/strict-threshold": Mistake(
        "Check the comparison in update_state with a probability of exactly 0.5: it counts as "
        "positive.",
        _THRESHOLD,
    ),
    "5.2/zero-division": Mistake(
        "Feed update_state a batch with no positive label and no positive prediction: TP, "
        "FP and FN are all 0, and result() must give 0.0 rather than 0/0. Guard each "
        "division whose denominator can be 0."
    ),
    "5.3/counts-from-zero": Mistake(
        "Python indexes from 0, Keras's log counts epochs from 1: the index of the lowest "
        "value is one less than its epoch number."
    ),
    "5.3/first-local-minimum": Mistake(
        "A validation loss can rise for an epoch or two and then fall lower still. Look "
        "at the whole list, not only until it first goes up, and keep its lowest value."
    ),
    "5.3/highest-val-loss": Mistake(
        "A lower loss is better: look for the position of the minimum of val_loss, not the maximum."
    ),
    "5.3/in-place": Mistake(
        "Print history before and after calling your function: it must not change. "
        "Sorting the val_loss list in place, or popping from it, alters the caller's "
        "lists; find the lowest value without reordering them."
    ),
    "5.3/training-loss": Mistake(
        "The training loss keeps falling while the model overfits; the validation loss is "
        "the one that shows when to stop: read the list under the 'val_loss' key."
    ),
    "5.3/val-accuracy": Mistake(
        "The task asks for the lowest val_loss; the epoch with the best val_accuracy can be "
        "another one. Use the 'val_loss' key."
    ),
    "5.4/best-epoch": Mistake(
        "EarlyStopping notices the best epoch only afterwards: it keeps training for "
        "`patience` epochs without improvement, and stops at the last of them."
    ),
    "5.4/global-best": Mistake(
        "The callback cannot see the future: after each epoch it knows only the losses so "
        "far. Walk through the list from the start and stop the first time the count of "
        "epochs without a new best reaches patience.",
        _STOPPING_RULE,
    ),
    "5.4/in-place": Mistake(
        "Print val_loss before and after calling your function: it must not change. Read "
        "the values one by one; sorting or changing the list alters the caller's data."
    ),
    "5.4/never-runs-to-end": Mistake(
        "Try a val_loss that falls at every epoch: patience is never used up, so training "
        "stops at the last epoch, len(val_loss)."
    ),
    "5.4/no-reset": Mistake(
        "Follow a val_loss with a short bump and then a new best: after the new best the "
        "count of epochs without improvement starts again from 0.",
        _STOPPING_RULE,
    ),
    "5.4/one-early": Mistake(
        "Count the epochs without improvement on paper for patience=2: training stops when "
        "the count reaches patience, not one epoch before."
    ),
    "5.4/one-late": Mistake(
        "Count the epochs without improvement on paper for patience=2: training stops at the "
        "epoch where the count reaches patience, not the one after."
    ),
    "5.4/previous-epoch": Mistake(
        "Keep two things apart: the best val_loss so far and the previous epoch's. An "
        "epoch improves only if it beats the best so far; falling back below the "
        "previous epoch is not enough.",
        _STOPPING_RULE,
    ),
    "5.4/ties-improve": Mistake(
        "An epoch whose val_loss equals the best so far does not reset the count: only a "
        "strictly lower value is an improvement.",
        _STOPPING_RULE,
    ),
    # --- exercise 6 -------------------------------------------------------------------
    "6.1/adds-absolute-values": Mistake(
        "A negative SHAP value pulled the prediction down from the base value; its sign "
        "matters when you add it."
    ),
    "6.1/averages": Mistake(
        "Each SHAP value is one feature's share of the move from the base value; the shares "
        "add up, they are not averaged."
    ),
    "6.1/in-place": Mistake(
        "Print the SHAP values before and after calling your function: they must not "
        "change. Add them up without sorting them or taking absolute values in place."
    ),
    "6.1/no-base-value": Mistake(
        "The SHAP values explain the difference between the prediction and the base value: "
        "start from the base value."
    ),
    "6.2/largest-absolute": Mistake(
        "Among the features with a positive SHAP value, take the largest; a large negative "
        "value pushed the prediction down."
    ),
    "6.2/in-place": Mistake(
        "Print the SHAP values before and after calling your function: they must not "
        "change. Find the largest positive one without sorting the array in place."
    ),
    "6.2/never-none": Mistake(
        "Test your function with SHAP values that are all negative: then no feature pushed "
        "the prediction up, and the answer is None."
    ),
    "6.2/pushed-down-most": Mistake(
        "Pushed up means a positive SHAP value: look for the maximum, not the minimum.",
    ),
    "6.2/returns-index": Mistake(
        "np.argmax gives a position; return the feature's name at that position in feature_names."
    ),
    "6.3/wrong-background": Mistake(
        "The base value is the model's average output over the background, so another "
        "background gives another base value. Give the explainer the training rows the "
        "model learnt from, as the lesson does.",
        _SHAP,
    ),
    "6.3/wrong-patient": Mistake(
        "Print the model's prediction for the row you explained and for the first row of "
        "X_test: the explanation's base value plus its SHAP values must add up to the "
        "latter."
    ),
    "6.4/not-sorted": Mistake(
        "Sort the (name, value) pairs by their value, largest first: sorted(..., key=..., "
        "reverse=True)."
    ),
    "6.4/in-place": Mistake(
        "Print the SHAP values before and after calling your function: they must not "
        "change. np.abs(..., out=...) or -= writes into the caller's array; compute the "
        "magnitudes into a new array."
    ),
    "6.4/returns-dict": Mistake(
        "A dict has no order to rank by; return a list of (name, value) tuples.",
    ),
    "6.4/signed-mean": Mistake(
        "A feature that pushes some predictions up and others down can average to 0 and "
        "still matter: average |SHAP value| instead.",
        _SHAP,
    ),
    "6.4/sums": Mistake(
        "Divide by the number of instances (rows), or use .mean(axis=0), so the importance "
        "does not grow with the number of patients."
    ),
}


def section_for(task_id: str, mistake: str = "") -> Section | None:
    """The section to revisit for a task, or for a diagnosed mistake of it.

    A mistake with its own section gets it; any other mistake, and a failure
    without a diagnosis, gets its task's section. ``None`` for an unknown task.

    Examples
    --------
    >>> section_for("5.3").label
    'Lesson 5 · 7. Overfitting, seen'
    >>> section_for("5.1", "5.1/strict-threshold").label
    'Lesson 5 · The threshold convention'
    """
    entry = MISTAKES.get(mistake)
    if entry is not None and entry.section is not None:
        return entry.section
    return TASK_SECTIONS.get(str(task_id))


def second_hint(mistake: str) -> str:
    """The second hint for a mistake id, or ``""`` when the table has none."""
    entry = MISTAKES.get(mistake)
    return entry.second_hint if entry is not None else ""


# --- the same mistake made again, in one kernel session -------------------------------------

_SEEN: Counter[str] = Counter()


def remember(result):
    """Count a failed check's mistake; from its second time on, add the second hint.

    ``check()`` calls this in the student's kernel, so "again" means again in
    this kernel session (a restart forgets). Only a diagnosed mistake with a
    second hint in :data:`MISTAKES` counts.

    Parameters
    ----------
    result : CheckResult

    Returns
    -------
    CheckResult
        ``result`` itself, or a copy with ``second_hint`` set.

    Examples
    --------
    >>> from nnteach.checks.result import CheckResult
    >>> forget()
    >>> failed = CheckResult("5.3", "", "failed", "Off by one.", mistake="5.3/counts-from-zero")
    >>> remember(failed).second_hint
    ''
    >>> remember(failed).second_hint.startswith("Python indexes from 0")
    True
    """
    mistake = getattr(result, "mistake", "")
    hint = second_hint(mistake) if result.status == "failed" else ""
    if not hint:
        return result
    _SEEN[mistake] += 1
    if _SEEN[mistake] < 2:
        return result
    return dataclasses.replace(result, second_hint=hint)


def forget() -> None:
    """Forget the mistakes seen in this session (as a kernel restart does)."""
    _SEEN.clear()
