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
# # Exercise 4 · How a network learns
#
# Practice for [lesson 4, how a network learns](../course/04_how_a_network_learns.ipynb):
# softmax and the cross-entropy loss, a gradient by hand, one step of SGD with
# momentum, a training step written with `tf.GradientTape`, and the largest
# learning rate that gradient descent survives.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. The checks try your answer on fresh random inputs and say what is
# wrong, never the solution. Run the cells in order, starting with the one below.
# Your functions must leave the arrays they are given unchanged (compute new
# ones): the checks of tasks 4.1 to 4.4 and 4.6 test that too.
#
# | task | what | points |
# |---|---|---|
# | 4.1 | softmax | 1 |
# | 4.2 | cross-entropy | 1 |
# | 4.3 | a gradient by hand | 2 |
# | 4.4 | one step of SGD with momentum | 2 |
# | 4.5 | a training step with GradientTape | 2 |
# | 4.6 | the largest stable learning rate | 2 |

# %%
import keras
import numpy as np
import tensorflow as tf

from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# ## Task 4.1 · Softmax (1 point)
#
# Write **`softmax(z)`**:
#
# - `z`: a NumPy array of shape `(m, k)`: a batch of m rows, each holding k
#   scores (logits);
# - returns an array of the **same shape**: each **row** turned into
#   probabilities, $e^{z_j} / \sum_l e^{z_l}$ over that row;
# - it must give correct probabilities, without `nan` or `inf`, for scores as
#   large as **+1000 or -1000**, also when one row mixes them with ordinary
#   scores, like `[0, 1000, -5]` or `[-1000, 3, 1000]`.
#
# Write it yourself from `exp`, `max` and `sum` (NumPy or `keras.ops`, float32
# or float64): the check refuses a library's softmax (`keras.ops.softmax`,
# `scipy.special.softmax`, `tf.nn.softmax`...), since writing it is the point.

# %% nbgrader={"grade": false, "grade_id": "task-4-1", "locked": false, "schema_version": 3, "solution": true}
def softmax(z):
    """Softmax of each row of z."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.1: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-1", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.1")

# %% [markdown]
# ## Task 4.2 · Cross-entropy (1 point)
#
# Write **`cross_entropy(labels, probs)`**, the mean categorical cross-entropy
# (what `keras.losses.SparseCategoricalCrossentropy()` computes):
#
# - `labels`: integer array of shape `(m,)`, the true class of each example,
#   from 0 to k − 1;
# - `probs`: array of shape `(m, k)`, each row the predicted probabilities of
#   the k classes (all above 0, each row sums to 1);
# - returns **one number**: the mean over the m examples of $-\ln$ (natural
#   log) of the probability given to the true class. A Python float, a NumPy
#   number or a 0-d array or tensor are all fine.
#
# Write it yourself with `log` and `mean`: the check refuses Keras's own
# cross-entropy (and scikit-learn's `log_loss`), which you use in task 4.5.

# %% nbgrader={"grade": false, "grade_id": "task-4-2", "locked": false, "schema_version": 3, "solution": true}
def cross_entropy(labels, probs):
    """Mean categorical cross-entropy of integer labels and predicted probabilities."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.2: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-2", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.2")

# %% [markdown]
# ## Task 4.3 · A gradient by hand (2 points)
#
# One sigmoid neuron, $p = \sigma(X w + b)$, with the **mean binary
# cross-entropy** loss $L = -\frac{1}{m}\sum_i [y_i \ln p_i + (1 - y_i)\ln(1 - p_i)]$.
#
# Write **`logistic_gradients(X, y, w, b)`**:
#
# - `X`: array of shape `(m, n)`, `y`: array of shape `(m,)` of 0s and 1s,
#   `w`: array of shape `(n,)`, `b`: a number;
# - returns the pair **`(dw, db)`**: `dw` = $\partial L / \partial w$, an array
#   of shape `(n,)` like `w` (a NumPy array, a tensor or a list), and `db` =
#   $\partial L / \partial b$, a number.
#
# Work it out with the chain rule, as in lesson 4, section 4 (no GradientTape
# here).

# %% nbgrader={"grade": false, "grade_id": "task-4-3", "locked": false, "schema_version": 3, "solution": true}
def logistic_gradients(X, y, w, b):
    """Gradient of the mean binary cross-entropy of a sigmoid neuron: (dw, db)."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.3: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-3", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.3")

# %% [markdown]
# ## Task 4.4 · One step of SGD with momentum (2 points)
#
# Keras's `SGD(learning_rate, momentum)` keeps a **velocity** for every weight
# and updates both in this order:
#
# $$\text{velocity} \leftarrow \text{momentum} \cdot \text{velocity} - \text{learning\_rate} \cdot \text{gradient}$$
# $$w \leftarrow w + \text{velocity}$$
#
# Write **`momentum_step(w, gradient, velocity, learning_rate, momentum)`**:
#
# - `w`, `gradient`, `velocity`: NumPy arrays of one shape; `learning_rate` and
#   `momentum`: numbers;
# - returns the pair **`(new_w, new_velocity)`**, two **new** arrays of the same
#   shape (leave the arrays you are given unchanged).

# %% nbgrader={"grade": false, "grade_id": "task-4-4", "locked": false, "schema_version": 3, "solution": true}
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    """One SGD step with momentum, Keras's rule: (new_w, new_velocity)."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.4: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.4")

# %% [markdown]
# ## Task 4.5 · A training step with GradientTape (2 points)
#
# Write **`train_step(model, optimizer, x, y)`**, one step of training:
#
# - `model`: a Keras classifier whose last layer is a **softmax** (it outputs
#   probabilities, not logits) and which has a `Dropout` layer; `optimizer`: a
#   Keras optimizer; `x`: a batch of inputs; `y`: their integer labels;
# - inside a `tf.GradientTape`, compute the model's output on `x` (with
#   `training=True`, so that Dropout is on) and the loss
#   `keras.losses.SparseCategoricalCrossentropy()` (its defaults: the mean over
#   the batch, and probabilities as input);
# - compute the gradients of the loss with respect to
#   `model.trainable_variables` and apply them **once** with `optimizer`;
# - return the loss of the batch (the one computed inside the tape, before the
#   weights change), as a number or a scalar tensor.
#
# `fit` does one more thing in its step: it adds `model.losses`, the penalties
# of layers built with a regulariser (such as `kernel_regularizer`, lesson 5d),
# to the loss. The model here has none, so this step leaves them out (adding
# `sum(model.losses)`, an empty sum, would change nothing).
#
# Once it passes, you can train with it any Keras classifier without
# regularisers that ends in a softmax and takes integer labels: call it on one
# batch after another, as in lesson 4, section 5. (For a classifier that
# outputs logits, the loss would need `from_logits=True`.)

# %% nbgrader={"grade": false, "grade_id": "task-4-5", "locked": false, "schema_version": 3, "solution": true}
loss_fn = keras.losses.SparseCategoricalCrossentropy()


def train_step(model, optimizer, x, y):
    """One training step: forward pass, loss, gradients, update. Returns the loss."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.5: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-5", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.5")

# %% [markdown]
# ## Task 4.6 · The largest stable learning rate (2 points)
#
# Lesson 4, section 3 showed gradient descent on a quadratic loss
# $L(w) = \frac{1}{2} w^\top H w$, where $H$, the matrix of second derivatives,
# is symmetric with positive eigenvalues (the curvatures). Along the direction
# of an eigenvector with eigenvalue $\lambda$, one step with learning rate
# $\eta$ multiplies the coordinate along that direction (the signed distance
# to the minimum) by $1 - \eta\lambda$. Gradient descent converges from every
# start only if $|1 - \eta\lambda| < 1$ along every direction.
#
# Write **`largest_stable_learning_rate(hessian)`**:
#
# - `hessian`: a NumPy float array of shape `(n, n)`, symmetric, with positive
#   eigenvalues (not diagonal in general);
# - returns, as a number, the learning rate at which gradient descent on this
#   loss stops converging: below it, it converges from every start; at it or
#   above it, it does not.
#
# You can try it on the lesson's ravine first, `np.diag([1.0, 10.0])`: section
# 3 prints the limit for it.

# %% nbgrader={"grade": false, "grade_id": "task-4-6", "locked": false, "schema_version": 3, "solution": true}
def largest_stable_learning_rate(hessian):
    """The learning rate above which gradient descent on 1/2 w^T H w diverges."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 4.6: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-4-6", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("4.6")

# %% [markdown]
# ## What next
#
# [Lesson 5](../course/05_training_and_testing.ipynb) uses `fit` again, now
# knowing what it does inside, to train and test networks properly, and
# [exercise 5](05_training_and_testing.ipynb) practises it.
