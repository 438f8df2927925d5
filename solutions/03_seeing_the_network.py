# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 3 · Seeing the network
#
# Practice for [lesson 3, seeing the network](../course/03_seeing_the_network.ipynb):
# what a network diagram draws, what `model.summary()` counts, and how to read a
# model's layers and weights from Python.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. The checks try your answer on fresh random networks (tasks 3.1 and
# 3.2: on fresh layer sizes) and say what is wrong, never the solution. Run the cells in order, starting with the one below.
#
# | task | what | points |
# |---|---|---|
# | 3.1 | counting the edges of a diagram | 1 |
# | 3.2 | counting parameters | 1 |
# | 3.3 | reading a model's layers | 2 |
# | 3.4 | the strongest connection | 2 |

# %%
import keras
import numpy as np

import nnteach
from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# Here is a small network, drawn neuron by neuron, and Keras's summary of it.
# Count the lines in the picture and compare with the parameter count.

# %%
demo = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(4, activation="relu", name="hidden"),
        keras.layers.Dense(2, activation="relu", name="hidden_2"),
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ],
    name="demo",
)
diagram = nnteach.draw_network(demo)

# %%
demo.summary()

# %% [markdown]
# ## Task 3.1 · Counting the edges of a diagram (1 point)
#
# In a diagram every neuron of one layer is joined by a line (an edge) to every
# neuron of the next layer. Write **`count_edges(layer_sizes)`**:
#
# - `layer_sizes`: a list of ints, the number of neurons per layer from the inputs
#   to the output, e.g. `[3, 4, 2, 1]` for the network above;
# - returns the number of edges as an `int` (a NumPy integer counts too; a float
#   such as `12.0` does not).

# %% nbgrader={"grade": false, "grade_id": "task-3-1", "locked": false, "schema_version": 3, "solution": true}
def count_edges(layer_sizes):
    """Number of connections between consecutive, fully connected layers."""
    ### BEGIN SOLUTION
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-3-1", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("3.1")

# %% [markdown]
# ## Task 3.2 · Counting parameters (1 point)
#
# Write **`count_params(layer_sizes)`**, with `layer_sizes` as in task 3.1: the
# number of trainable parameters of the Dense network, as `model.summary()`
# reports it ("Trainable params"), as an `int` (a NumPy integer counts too; a
# float does not).

# %% nbgrader={"grade": false, "grade_id": "task-3-2", "locked": false, "schema_version": 3, "solution": true}
def count_params(layer_sizes):
    """Weights plus biases of a chain of Dense layers."""
    ### BEGIN SOLUTION
    return sum((a + 1) * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-3-2", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("3.2")

# %% [markdown]
# ## Task 3.3 · Reading a model's layers (2 points)
#
# A diagram with `describe=True` labels each layer with its name, activation and
# number of units. Write **`describe_layers(model)`**:
#
# - `model`: a Keras model, Sequential or Functional, made of Dense layers and
#   perhaps Dropout layers;
# - returns a list with one tuple `(name, units, activation)` per **Dense** layer,
#   in order: `name` a `str`, `units` an `int`, `activation` the activation's name
#   as a `str` (such as `"relu"`).
#
# For `demo` above the answer starts with `("hidden", 4, "relu")`.

# %% nbgrader={"grade": false, "grade_id": "task-3-3", "locked": false, "schema_version": 3, "solution": true}
def describe_layers(model):
    """(name, units, activation name) of each Dense layer of model."""
    ### BEGIN SOLUTION
    return [
        (layer.name, layer.units, layer.get_config()["activation"])
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    ]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-3-3", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("3.3")

# %% [markdown]
# ## Task 3.4 · The strongest connection (2 points)
#
# A diagram of a trained network can draw the lines of large weights thicker
# (lesson 3, section 4). In this task a connection's *strength* is the **size**
# of its weight, $|w|$, whatever its sign: a large negative weight is as strong
# as a large positive one. (Size alone does not say how much a connection
# matters to a prediction: that also depends on the values flowing along it
# and on the weights after it.)
#
# Write **`strongest_edge(layer)`**:
#
# - `layer`: a built `keras.layers.Dense` layer; its kernel
#   `layer.get_weights()[0]` has one row per input and one column per unit;
# - returns the pair `(input_index, unit_index)`, a tuple of two ints (NumPy
#   integers count too), of the weight with
#   the largest size. Biases are not connections.

# %% nbgrader={"grade": false, "grade_id": "task-3-4", "locked": false, "schema_version": 3, "solution": true}
def strongest_edge(layer):
    """(input index, unit index) of the kernel entry with the largest |weight|."""
    ### BEGIN SOLUTION
    kernel = layer.get_weights()[0]
    i, j = np.unravel_index(np.argmax(np.abs(kernel)), kernel.shape)
    return int(i), int(j)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-3-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("3.4")

# %% [markdown]
# ## What next
#
# [Lesson 4](../course/04_how_a_network_learns.ipynb) opens up training: the
# loss, its gradient and the optimizer, and
# [exercise 4](04_how_a_network_learns.ipynb) asks you to write them yourself.
