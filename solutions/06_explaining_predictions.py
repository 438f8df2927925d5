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
# # Exercise 6 · Explaining predictions
#
# Practice for [lesson 6, explaining predictions](../course/06_explaining_predictions.ipynb):
# how SHAP values add up to a prediction, which feature pushed a prediction up,
# and which features matter across many predictions.
#
# **How this works.** Each task says what to produce: a name, its type and its
# shape. Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError(...)` line), run the cell, then run the check cell
# under it. The checks try your answer on fresh random values (task 6.3: on
# this notebook's own model) and say what is wrong, never the solution. Run the cells in order, starting with the one below.
# Your functions must leave the arrays they are given unchanged (compute new
# ones): the checks test that too.
#
# | task | what | points |
# |---|---|---|
# | 6.1 | SHAP values add up | 1 |
# | 6.2 | the feature that pushed the prediction up most | 2 |
# | 6.3 | explaining one patient's prediction | 2 |
# | 6.4 | which features matter overall? | 2 |

# %%
import keras
import numpy as np

import nnteach
from nnteach.checks import check

keras.utils.set_random_seed(0)
np.set_printoptions(precision=4, suppress=True)  # short, readable arrays

# %% [markdown]
# The model to explain: a small network trained on the breast cancer data
# (class 1 = malignant), on standardised features.

# %%
data = nnteach.load_breast_cancer()
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, seed=0
)
X_train, X_val, X_test = nnteach.standardize(X_train, X_val, X_test)
feature_names = list(data.feature_names)
model = keras.Sequential(
    [
        keras.Input(shape=(data.n_features,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
model.fit(X_train, y_train, epochs=20, batch_size=64, verbose=0)
len(feature_names)

# %% [markdown]
# ## Task 6.1 · SHAP values add up (1 point)
#
# An explanation starts from the **base value**, the model's average output, and
# gives each feature a SHAP value: how far that feature moved this prediction up
# (positive) or down (negative). Together they add up to the prediction.
#
# Write **`shap_prediction(base_value, values)`**:
#
# - `base_value`: a float, `values`: 1-D array of SHAP values, one per feature;
# - returns the prediction they explain, as a float.

# %% nbgrader={"grade": false, "grade_id": "task-6-1", "locked": false, "schema_version": 3, "solution": true}
def shap_prediction(base_value, values):
    """The prediction that a base value and SHAP values add up to."""
    ### BEGIN SOLUTION
    return float(base_value + np.sum(values))
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-6-1", "locked": true, "points": 1, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("6.1")

# %% [markdown]
# ## Task 6.2 · The feature that pushed the prediction up most (2 points)
#
# Write **`pushed_up_most(values, feature_names)`**:
#
# - `values`: 1-D array of SHAP values, `feature_names`: list of names, same length;
# - returns the **name** (a `str`) of the feature whose value pushed the
#   prediction up the most, or `None` if no feature pushed it up (every value ≤ 0).
#
# Careful: the feature with the largest **size** may have pushed it down.

# %% nbgrader={"grade": false, "grade_id": "task-6-2", "locked": false, "schema_version": 3, "solution": true}
def pushed_up_most(values, feature_names):
    """Name of the feature with the largest positive SHAP value, or None."""
    ### BEGIN SOLUTION
    i = int(np.argmax(values))
    return feature_names[i] if values[i] > 0 else None
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-6-2", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("6.2")

# %% [markdown]
# ## Task 6.3 · Explaining one patient's prediction (2 points)
#
# Explain the model's prediction for the first test patient, `X_test[0]`, with
# `nnteach.explain_prediction(model, X_train, x, feature_names)` (see the lesson),
# and store the result in **`explanation`**. Then set **`top_up`** to the name of
# the feature that pushed this prediction up the most (a `str`, or `None`).
#
# The check explains that patient itself, with the model, `X_train`, `X_test` and
# `feature_names` defined above and `explain_prediction`'s default settings, and
# compares: the right patient, the right background (the training data), the
# same SHAP values.
#
# `explanation.plot()` draws it, if you want to look first.

# %% nbgrader={"grade": false, "grade_id": "task-6-3", "locked": false, "schema_version": 3, "solution": true}
### BEGIN SOLUTION
explanation = nnteach.explain_prediction(model, X_train, X_test[0], feature_names)
top_up = pushed_up_most(explanation.values, explanation.feature_names)
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "check-6-3", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("6.3")

# %% [markdown]
# ## Task 6.4 · Which features matter overall? (2 points)
#
# One explanation is about one patient. Over many patients, a common summary of
# a feature's importance is its **mean absolute SHAP value**: how far, on
# average, it moves a prediction, whichever the direction.
#
# Write **`mean_abs_shap(shap_values, feature_names)`**:
#
# - `shap_values`: array of shape `(m, n)`, one row of SHAP values per instance;
#   `feature_names`: list of n names;
# - returns a list of `(name, importance)` pairs, one per feature, sorted from the
#   most to the least important.

# %% nbgrader={"grade": false, "grade_id": "task-6-4", "locked": false, "schema_version": 3, "solution": true}
def mean_abs_shap(shap_values, feature_names):
    """(name, mean |SHAP value|) per feature, most important first."""
    ### BEGIN SOLUTION
    importance = np.abs(np.asarray(shap_values)).mean(axis=0)
    pairs = [(name, float(v)) for name, v in zip(feature_names, importance, strict=True)]
    return sorted(pairs, key=lambda pair: pair[1], reverse=True)
    ### END SOLUTION


# %% nbgrader={"grade": true, "grade_id": "check-6-4", "locked": true, "points": 2, "schema_version": 3, "solution": false} tags=["nbval-check-output"]
check("6.4")

# %% [markdown]
# ## What next
#
# You have reached the end of the exercises. Go back to any lesson and change
# one thing at a time: the best way to learn what each piece does.
