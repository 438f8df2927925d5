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
# # Exercise 5 · Training and testing
#
# Practice for [lesson 5, training and testing](../course/05_training_and_testing.ipynb):
# precision and recall, an F1 metric that Keras keeps over the whole data set, and
# reading a training history to decide when to stop.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. The checks try your answer on fresh random data and say what is
# wrong, never the solution. Run the cells in order, starting with the one below.
# Your functions must leave the arrays, lists and dicts they are given
# unchanged (compute new ones): the checks test that too.
#
# | task | what | points |
# |---|---|---|
# | 5.1 | precision and recall | 2 |
# | 5.2 | a stateful F1 metric over the whole data set | 2 |
# | 5.3 | the epoch to stop at | 1 |
# | 5.4 | when does early stopping stop? | 2 |

# %%
import keras
import numpy as np

import nnteach
from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# ## Task 5.1 · Precision and recall (2 points)
#
# A classifier outputs probabilities; a sample counts as **predicted positive**
# when its probability is at least 0.5. Then
#
# - **precision** = TP / (TP + FP): of the samples predicted positive, the share
#   that are positive;
# - **recall** = TP / (TP + FN): of the positive samples, the share that are found.
#
# Write **`precision_recall(y_true, y_prob)`** with NumPy:
#
# - `y_true`: 1-D array of integer labels 0 and 1, `y_prob`: 1-D array of
#   probabilities of class 1, same length;
# - returns the tuple `(precision, recall)` of two floats;
# - when no sample is predicted positive, precision is 0/0: return `0.0` for it
#   (scikit-learn's `zero_division=0`); likewise for recall without positives.

# %% nbgrader={"grade": false, "grade_id": "task-5-1", "locked": false, "schema_version": 3, "solution": true}
def precision_recall(y_true, y_prob):
    """(precision, recall) of the predictions y_prob >= 0.5 against y_true."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 5.1: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-5-1", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("5.1")

# %% [markdown]
# ## Task 5.2 · A stateful F1 metric over the whole data set (2 points)
#
# Lesson 5 showed why an F1 *function* passed to `metrics=[...]` is wrong: Keras
# computes it on each batch and reports the **mean of the batch scores**, which
# is not the F1 of the data set. A **stateful metric** keeps running counts
# across batches instead. Write the class **`DatasetF1`**, a subclass of
# `keras.metrics.Metric`:
#
# - `__init__(self, name="dataset_f1", **kwargs)`: call
#   `super().__init__(name=name, **kwargs)`, then create the state with
#   `self.add_variable(shape=(), initializer="zeros", name=...)`, for example
#   the counts of true positives, false positives and false negatives;
# - `update_state(self, y_true, y_pred, sample_weight=None)`: add one batch's
#   counts (you may ignore `sample_weight`). `y_true` holds **integer** labels 0/1
#   of shape `(batch,)`, `y_pred` probabilities of shape `(batch, 1)`: flatten
#   both and cast them to float32 before combining them. A sample is predicted
#   positive when **`y_pred >= 0.5`**: the course's inclusive threshold
#   (lesson 5 shows that Keras's built-in metrics count `> 0.5` instead);
# - `result(self)`: the F1 of everything seen since the last reset,
#   $2PR / (P + R)$, and 0.0 when there are no true positives. Keras's default
#   `reset_state` sets your variables back to zero.
#
# The check feeds your metric the same data in one batch, in equal batches and
# in uneven ones, then uses it in `model.evaluate`, and compares every result
# with scikit-learn's `f1_score`.

# %% nbgrader={"grade": false, "grade_id": "task-5-2", "locked": false, "schema_version": 3, "solution": true}
class DatasetF1(keras.metrics.Metric):
    """F1 over every batch seen since the last reset, for integer labels."""

    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        # YOUR CODE HERE
        raise NotImplementedError("Task 5.2: replace this line with your code")

    def update_state(self, y_true, y_pred, sample_weight=None):
        # YOUR CODE HERE
        raise NotImplementedError("Task 5.2: replace this line with your code")

    def result(self):
        # YOUR CODE HERE
        raise NotImplementedError("Task 5.2: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-5-2", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("5.2")

# %% [markdown]
# ## Task 5.3 · The epoch to stop at (1 point)
#
# Here is a real training run: a small network on the breast cancer data, trained
# for too long on purpose. `history.history` is a dict of lists, one value per
# epoch.

# %%
data = nnteach.load_breast_cancer()
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, seed=0
)
X_train, X_val, X_test = nnteach.standardize(X_train, X_val, X_test)
model = keras.Sequential(
    [
        keras.Input(shape=(data.n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
history = model.fit(
    X_train, y_train, validation_data=(X_val, y_val), epochs=25, batch_size=64, verbose=0
)
display = nnteach.plot_history(history)

# %% [markdown]
# The training loss keeps falling; the validation loss falls, then rises again
# as the network starts to memorise the training set. The epoch to keep is the
# one with the **lowest validation loss**.
#
# Write **`best_epoch(history)`**:
#
# - `history`: a dict like `history.history`, with at least the keys `"loss"` and
#   `"val_loss"`;
# - returns the epoch with the lowest `val_loss` as a whole number (an `int`;
#   a NumPy integer is fine too), counted as Keras prints it: the first epoch
#   is epoch **1**.
#
# You can try it on the real run: `best_epoch(history.history)`.

# %% nbgrader={"grade": false, "grade_id": "task-5-3", "locked": false, "schema_version": 3, "solution": true}
def best_epoch(history):
    """Epoch (from 1) with the lowest validation loss."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 5.3: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-5-3", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("5.3")

# %% [markdown]
# ## Task 5.4 · When does early stopping stop? (2 points)
#
# `keras.callbacks.EarlyStopping(monitor="val_loss", patience=p)` does not stop
# at the best epoch: it waits. After each epoch it counts the epochs since the
# validation loss last improved (became **strictly lower** than the best so far);
# when that count reaches `p`, training stops after that epoch.
#
# Write **`stopping_epoch(val_loss, patience)`**:
#
# - `val_loss`: a list of validation losses, one per epoch; `patience`: an int ≥ 1;
# - returns the last epoch that is trained (counted from 1) as a whole number
#   (an `int` or a NumPy integer), or `len(val_loss)` if the callback never
#   stops the training.

# %% nbgrader={"grade": false, "grade_id": "task-5-4", "locked": false, "schema_version": 3, "solution": true}
def stopping_epoch(val_loss, patience):
    """Last epoch (from 1) trained with EarlyStopping(patience=patience)."""
    # YOUR CODE HERE
    raise NotImplementedError("Task 5.4: replace this line with your code")


# %% nbgrader={"grade": true, "grade_id": "check-5-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("5.4")

# %% [markdown]
# ## What next
#
# [Lesson 6](../course/06_explaining_predictions.ipynb) asks *why* a trained
# network predicts what it does, and [exercise 6](06_explaining_predictions.ipynb)
# asks you to read its explanations.
