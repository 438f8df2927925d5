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
# # Exercise 1 · The perceptron
#
# Practice for [lesson 1, the perceptron](../course/01_perceptron.ipynb): what one
# neuron computes, how a Dense layer stores it, a perceptron built with Keras, the
# step activation, and what a linear perceptron learns.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. A check tries your answer on fresh random inputs, so an answer that
# only fits one example does not pass; when something is wrong it says what, never
# the solution. Run the cells in order, starting with the one below.
#
# | task | what | points |
# |---|---|---|
# | 1.1 | a neuron's output by hand | 1 |
# | 1.2 | a Dense layer's weights for a formula | 1 |
# | 1.3 | a perceptron to a specification | 2 |
# | 1.4 | the step activation in `keras.ops` | 2 |
# | 1.5 | what a linear perceptron learns | 2 |

# %%
import keras
import numpy as np

from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# ## Task 1.1 · A neuron by hand (1 point)
#
# A neuron multiplies each input by its weight, adds up the products and adds its
# bias: $z = x_1 w_1 + x_2 w_2 + \dots + x_n w_n + b$.
#
# Write **`neuron_output(x, w, b)`** with NumPy:
#
# - `x` and `w`: 1-D arrays of the same length *n* (the inputs and their weights),
#   `b`: a number (the bias);
# - returns the neuron's output $z$ as **one number** (no activation yet).

# %% nbgrader={"grade": false, "grade_id": "task-1-1", "locked": false, "schema_version": 3, "solution": true}
def neuron_output(x, w, b):
    """Weighted sum of the inputs x with weights w, plus the bias b."""
    ### BEGIN SOLUTION
    return float(np.dot(x, w) + b)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-1-1", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("1.1")

# %% [markdown]
# ## Task 1.2 · A Dense layer's weights for a formula (1 point)
#
# `keras.layers.Dense(1)` on 3 inputs keeps its weights in a **kernel** with one
# row per input and one column per unit, and its bias in an array with one entry
# per unit. `layer.set_weights([kernel, bias])` takes exactly these two arrays.
#
# Create the NumPy arrays **`weights`** (shape `(3, 1)`) and **`bias`** (shape
# `(1,)`) with which the layer computes (the check also accepts nested lists of
# these shapes, but `set_weights` itself needs NumPy arrays)
#
# $$y = 2\,x_1 - x_2 + 0.5\,x_3 + 1.$$

# %% nbgrader={"grade": false, "grade_id": "task-1-2", "locked": false, "schema_version": 3, "solution": true}
### BEGIN SOLUTION
weights = np.array([[2.0], [-1.0], [0.5]])
bias = np.array([1.0])
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check-1-2", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("1.2")

# %% [markdown]
# ## Task 1.3 · A perceptron to a specification (2 points)
#
# Build **`perceptron`**, a Keras model made with the **Functional API**
# (`keras.Input`, a layer called on it, `keras.Model(inputs, outputs)`):
#
# - input: 4 features, so input shape `(None, 4)`;
# - one `Dense` layer with **one** unit, the **sigmoid** activation and a bias.
#
# It does not need to be compiled or trained.

# %% nbgrader={"grade": false, "grade_id": "task-1-3", "locked": false, "schema_version": 3, "solution": true}
### BEGIN SOLUTION
inputs = keras.Input(shape=(4,), name="features")
outputs = keras.layers.Dense(1, activation="sigmoid", name="neuron")(inputs)
perceptron = keras.Model(inputs, outputs, name="perceptron")
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check-1-3", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("1.3")

# %% [markdown]
# ## Task 1.4 · The step activation in `keras.ops` (2 points)
#
# Rosenblatt's perceptron fires or does not: its activation is the **binary step**,
# 1 where the weighted sum is at least 0 and 0 elsewhere.
#
# Write **`binary_step(x)`** for a tensor `x` of any shape:
#
# - returns a tensor of the **same shape and dtype** as `x`, holding `1.0` where
#   `x >= 0` and `0.0` elsewhere;
# - uses `keras.ops` only (no NumPy, no Python `if` on the tensor), so that it also
#   works inside a model, where Keras calls it on symbolic tensors:
#   `keras.layers.Dense(1, activation=binary_step)`.

# %% nbgrader={"grade": false, "grade_id": "task-1-4", "locked": false, "schema_version": 3, "solution": true}
def binary_step(x):
    """1.0 where x >= 0, else 0.0, with the shape and dtype of x."""
    ### BEGIN SOLUTION
    return keras.ops.cast(keras.ops.greater_equal(x, 0), x.dtype)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-1-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("1.4")

# %% [markdown]
# ## Task 1.5 · What a linear perceptron learns (2 points)
#
# A perceptron with the linear activation, trained with the mean squared error, is
# linear regression: training moves its weights towards the **least-squares**
# solution, which NumPy computes directly.
#
# Write **`least_squares(X, y)`**:
#
# - `X`: array of shape `(m, n)` (m samples, n inputs), `y`: array of shape `(m,)`;
# - returns the tuple `(weights, bias)`, in this order, shaped like a Dense layer's
#   parameters: `weights` of shape `(n, 1)` and `bias` of shape `(1,)`, minimising
#   the squared error of `X @ weights + bias`.
#
# Think about how to fit the bias with the same least-squares call as the weights.

# %% nbgrader={"grade": false, "grade_id": "task-1-5", "locked": false, "schema_version": 3, "solution": true}
def least_squares(X, y):
    """Least-squares weights (n, 1) and bias (1,) of a linear perceptron."""
    ### BEGIN SOLUTION
    X1 = np.column_stack([X, np.ones(len(X))])  # the bias is the weight of a constant 1
    coef = np.linalg.lstsq(X1, y, rcond=None)[0]
    return coef[:-1].reshape(-1, 1), coef[-1:]
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-1-5", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("1.5")

# %% [markdown]
# ## What next
#
# A single neuron draws a straight boundary. [Lesson 2](../course/02_deep_networks.ipynb)
# stacks neurons into layers, and [exercise 2](02_deep_networks.ipynb) asks you to
# build networks that bend.
