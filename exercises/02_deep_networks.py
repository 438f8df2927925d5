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
# # Exercise 2 · Deep networks
#
# Practice for [lesson 2, deep networks](../course/02_deep_networks.ipynb): an
# activation and a whole forward pass computed by hand, a network built to a
# specification with the Functional API, a network that solves a problem a
# perceptron cannot, and dropout.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. The checks try your answer on fresh random inputs and say what is
# wrong, never the solution. Run the cells in order, starting with the one below.
#
# | task | what | points |
# |---|---|---|
# | 2.1 | ReLU with NumPy | 1 |
# | 2.2 | a forward pass by hand | 2 |
# | 2.3 | a deep network to a specification | 2 |
# | 2.4 | a network with hidden layers that beats a perceptron | 2 |
# | 2.5 | dropout by hand | 2 |

# %%
import keras
import numpy as np

import nnteach
from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# ## Task 2.1 · ReLU with NumPy (1 point)
#
# Write **`relu(x)`**: for a NumPy array `x` of any shape, return an array of the
# **same shape** holding $\max(x, 0)$ element by element.

# %% nbgrader={"grade": false, "grade_id": "task-2-1", "locked": false, "schema_version": 3, "solution": true}
def relu(x):
    """max(x, 0), element by element."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 2.1: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-2-1", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("2.1")

# %% [markdown]
# ## Task 2.2 · A forward pass by hand (2 points)
#
# A network of Dense layers is a chain: each layer computes `h @ W + b` and
# applies its activation to the result, which becomes the next layer's input.
#
# Write **`forward(X, params)`**:
#
# - `X`: array of shape `(m, n)`, a batch of m samples with n features;
# - `params`: a list of `(W, b)` pairs, one per layer, stored as Keras stores them:
#   `W` of shape `(inputs, units)`, `b` of shape `(units,)`;
# - hidden layers use **ReLU**, the last layer the **sigmoid** $1 / (1 + e^{-z})$;
# - returns the network's output, a NumPy array of shape `(m, units of the last layer)`.

# %% nbgrader={"grade": false, "grade_id": "task-2-2", "locked": false, "schema_version": 3, "solution": true}
def forward(X, params):
    """Output of a Dense network: ReLU hidden layers, a sigmoid output layer."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 2.2: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-2-2", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("2.2")

# %% [markdown]
# ## Task 2.3 · A deep network to a specification (2 points)
#
# Build **`spec_model`** with the **Functional API**, layer by layer:
#
# | layer | settings |
# |---|---|
# | input | 2 features |
# | Dense | 8 units, ReLU |
# | Dropout | rate 0.2 |
# | Dense | 4 units, ReLU |
# | Dropout | rate 0.2 |
# | Dense (output) | 1 unit, sigmoid |
#
# An activation may be given to the `Dense` layer (`activation="relu"`) or as a
# layer of its own right after it (`keras.layers.ReLU()`,
# `keras.layers.Activation("relu")`). It does not need to be compiled or trained.

# %% nbgrader={"grade": false, "grade_id": "task-2-3", "locked": false, "schema_version": 3, "solution": true}
# YOUR CODE HERE
inputs = ...
x = ...
outputs = ...
spec_model = ...

# %% nbgrader={"grade": true, "grade_id": "check-2-3", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("2.3")

# %% [markdown]
# ## Task 2.4 · A network with hidden layers that beats a perceptron (2 points)
#
# No straight line separates the two moons below, so a perceptron stays at
# about 86 % accuracy. Build and train **`moons_model`**, a Keras model that
# takes the 2 coordinates and returns the probability of class 1 (shape
# `(None, 1)`), with at least one hidden layer that has a non-linear
# activation (any: ReLU, tanh, `LeakyReLU()`...).
#
# The check measures its accuracy on 2000 **fresh** points drawn from the same
# distribution (two moons, noise 0.2): reach at least 92 %. Keep the training
# short (a few seconds).

# %%
moons = nnteach.make_moons(600, noise=0.2, seed=0)
X_train, y_train = moons.X, moons.y
X_train.shape, y_train.shape

# %% nbgrader={"grade": false, "grade_id": "task-2-4", "locked": false, "schema_version": 3, "solution": true}
# YOUR CODE HERE
moons_model = ...
history = ...

# %% nbgrader={"grade": true, "grade_id": "check-2-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("2.4")

# %% [markdown]
# ## Task 2.5 · Dropout by hand (2 points)
#
# During training, a Dropout layer sets each value to 0 with probability `rate`
# and divides the values it keeps by `1 - rate` ("inverted dropout"), so that the
# expected value of each output equals its input.
#
# Write **`dropout(x, rate, rng)`**:
#
# - `x`: NumPy array of any shape, `rate`: a float in `[0, 1)`, `rng`: a
#   `np.random.Generator` to draw the random mask from (`rng.random(x.shape)`);
# - returns a **new** NumPy array of the same shape (leave `x` unchanged, and do
#   not return `x` itself); each value is dropped independently of the others; with
#   `rate=0` it equals `x`.

# %% nbgrader={"grade": false, "grade_id": "task-2-5", "locked": false, "schema_version": 3, "solution": true}
def dropout(x, rate, rng):
    """Inverted dropout: drop each value with probability rate, rescale the rest."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 2.5: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-2-5", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("2.5")

# %% [markdown]
# ## What next
#
# [Lesson 3](../course/03_seeing_the_network.ipynb) draws these networks, and
# [exercise 3](03_seeing_the_network.ipynb) asks you to count and read what the
# drawings show.
