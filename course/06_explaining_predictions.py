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
# # 6 · Explaining predictions
#
# A trained network gives a number, not a reason. When it says "this tumour is
# probably malignant", a doctor wants to know *which measurements* made it say
# so. **SHAP values** answer that question for one prediction at a time: one
# number per feature, saying how much that feature pushed this prediction up or
# down.
#
# **In this notebook you will**
# - compute SHAP values by hand for a tiny model and see why they are a *fair
#   share*;
# - check that the values add up: base value + contributions = prediction;
# - explain one patient's prediction of a breast cancer classifier, as bars and
#   as a waterfall, and explore other patients with a slider;
# - explain a regression (diabetes progression);
# - see which features matter over many patients (mean |SHAP value|);
# - learn two limits of explanations: correlated features and the choice of
#   background data.
#
# **Prerequisites:** lessons 1–5 (a Keras model, training, standardized
# features, a train/test split). No knowledge of SHAP needed.

# %%
import math
import time
import warnings
from itertools import permutations

import keras
import matplotlib.pyplot as plt
import numpy as np
import shap
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import mean_absolute_error, r2_score

import nnteach
from nnteach import style  # the course's colours
from nnteach.widgets import explanation_explorer

keras.utils.set_random_seed(0)

# %% [markdown]
# ## 1. What is a SHAP value?
#
# Start from the **base value**: the model's average prediction over a
# **background** sample of inputs, such as 100 training rows. (It is not the
# prediction for an "average input": a network is not linear, so the average
# of its outputs and its output at the average row differ; section 4 prints
# both.) The prediction for one particular input differs from the base value.
# SHAP shares out that difference among the features, fairly:
#
# > Switch the features one at a time from a background value to this
# > input's value, and watch how much the prediction moves at each step.
# > That move is the feature's contribution *in that order*. Because features
# > can work together, the order matters, so average over **every** order.
#
# This average is the *Shapley value*, from game theory (how to split a team's
# prize among its players); SHAP is its use for explaining models.
#
# Let us do it by hand on a made-up model with three features, where `shape`
# and `texture` only matter together:
#
# $$f(\text{size}, \text{shape}, \text{texture}) = 3\cdot\text{size} + 2\cdot\text{shape}\cdot\text{texture}$$
#
# Here the background is a single input, (0, 0, 0), so the base value is
# f(0, 0, 0) = 0. Our instance is (1, 2, 3), predicted 3·1 + 2·2·3 = 15.


# %% tags=["nbval-check-output"]
def toy_model(z):
    size, shape, texture = z
    return 3 * size + 2 * shape * texture


def shapley_values(f, x, baseline, names, show=True):
    """Average, over every order, of each feature's move from baseline to x."""
    n = len(x)
    total = np.zeros(n)
    orders = list(permutations(range(n)))
    for order in orders:
        z = np.array(baseline, dtype=float)  # start from the background input
        moves = np.zeros(n)
        for i in order:  # switch the features on one at a time
            before = f(z)
            z[i] = x[i]
            moves[i] = f(z) - before
        total += moves
        if show:
            label = " → ".join(names[i] for i in order)
            print(f"{label:26}", "  ".join(f"{m:+6.1f}" for m in moves))
    return total / len(orders)


names = ["size", "shape", "texture"]
print(f"{'order':26}", "  ".join(f"{name:>6}" for name in names))
toy_values = shapley_values(toy_model, x=[1, 2, 3], baseline=[0, 0, 0], names=names)
print(f"{'average = SHAP value':26}", "  ".join(f"{v:+6.1f}" for v in toy_values))

# %% [markdown]
# Read the table row by row. `size` always adds 3, whatever the order: it works
# alone. The product `shape·texture` adds 12, but only once *both* are switched
# on, so whichever of the two comes second gets all 12. Averaged over the six
# orders, they get 6 each: a fair split of what they did together.
#
# The values **add up** to the prediction: base value + SHAP values =
# 0 + 3 + 6 + 6 = 15. Shapley values are built to do this (every step of every
# order is counted once), and this *additivity* (called *local accuracy* or
# *efficiency* in the SHAP literature) is the first thing to check in
# any explanation:

# %% tags=["nbval-check-output"]
base_value = toy_model([0, 0, 0])
prediction = toy_model([1, 2, 3])
print("base value + sum of SHAP values =", base_value + toy_values.sum())
print("prediction                      =", prediction)
print("additivity holds:", bool(np.isclose(base_value + toy_values.sum(), prediction)))

# %% [markdown]
# Two things change for a real model:
#
# - The background is not one row but a sample, say 100 training rows. The
#   values are computed against each background row and averaged, and the
#   base value is the model's average prediction over them.
# - Exact values are out of the question for many features. Averaging over
#   every order, as above, would take 30! orders for 30 features; the
#   cheaper exact way (section 5 uses it) needs the model's average output
#   for every *subset* of features that keep the instance's values, and
#   there are still 2³⁰ of those (both counts are printed below). For
#   neural networks, shap's **`DeepExplainer`** takes a shortcut (the
#   DeepLIFT rules: it sends the difference from each background row
#   backwards through the layers, much like a gradient). Its values are an
#   approximation of SHAP values that still add up exactly, and each further
#   instance takes milliseconds (9.1 ms in the speed table of the
#   [README](../README.md#speed), from one `make bench` run on the project's
#   shared 2-core machine; section 6 times 60 of them on yours, and a busy or
#   slower machine takes several times longer). Section 5 compares them with exact ones.

# %%
print(f"orders of 30 features:  30! = {math.factorial(30):.1e}")
print(f"subsets of 30 features: 2**30 = {2**30:.1e}")

# %% [markdown]
# ## 2. A network to explain
#
# The breast cancer data from lesson 5: 30 measurements of each tumour's cell
# nuclei; label **1 = malignant**, 0 = benign. Same split, standardized
# features, and a small network with one hidden layer.

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
        keras.layers.Dense(1, activation="sigmoid"),  # P(malignant)
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.01),
    loss="binary_crossentropy",
    steps_per_execution=8,
)
model.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)

# calling the model directly is quicker than predict() on a small array
proba_val = keras.ops.convert_to_numpy(model(X_val))[:, 0]
print(f"validation accuracy: {np.mean((proba_val >= 0.5) == y_val):.3f}")

# %% [markdown]
# Before explaining a model, score it against something simple (lesson 5's
# rule). Lesson 5's baseline is logistic regression, one weighted sum and a
# sigmoid, fitted by scikit-learn on the same standardized training part
# with its default settings (more iterations allowed), and scored with the same rule, probability
# ≥ 0.5, on the validation part (choosing between models is what it is
# for; the test part is kept for the model we end up with):

# %%
logistic = LogisticRegression(max_iter=1000).fit(X_train, y_train)
for name, p_val in [
    ("network", proba_val),
    ("logistic regression", logistic.predict_proba(X_val)[:, 1]),
]:
    right = (p_val >= 0.5) == y_val
    wrong = f"wrong {np.sum(~right)} of {len(y_val)}"
    print(f"{name:20} validation accuracy {right.mean():.3f}, {wrong}")

# %% [markdown]
# On the 114 validation tumours the plain logistic regression gets exactly
# as many right as the network we are about to explain (one wrong each).
# Nothing here shows the network to be the better model: on this split a
# linear model does as well, with weights that are their own explanation
# (though, with correlated features, not one to read weight by weight:
# section 7)
# (and a part this small could not tell two close models apart anyway;
# lesson 5 measures how much chance moves such a score).
# We explain the network because this lesson is about explaining networks.
# Keep in mind what that means: an explanation describes *this* model,
# mistakes included, not the disease, and a faithful explanation of a
# model that a simpler one beats is no argument for using it.

# %% [markdown]
# ## 3. Explaining one patient's prediction
#
# Take a malignant tumour that the model classifies correctly, but without
# being certain: the interesting cases are rarely the obvious ones. The
# patients explained from here on come from the test part.

# %%
proba = keras.ops.convert_to_numpy(model(X_test))[:, 0]
unsure = np.flatnonzero((y_test == 1) & (proba > 0.5) & (proba < 0.95))
patient = int(unsure[0])
print(f"test patient {patient}: P(malignant) = {proba[patient]:.2f}, truly malignant")

# %% [markdown]
# `nnteach.explain_prediction` sets up a `DeepExplainer` on a background of 100
# random training rows (once per model: the speed table in the
# [README](../README.md#speed), measured with `make bench`, gives 164 ms for
# a first explanation, set-up included) and explains the
# instance. Printing the result gives the prediction, the base value and the
# features with the largest SHAP values.

# %%
explanation = nnteach.explain_prediction(
    model, X_train, X_test[patient], feature_names, task="classification", top=8
)
explanation

# %% [markdown]
# `P(class 1)` is the probability of *malignant*. The values next to the names
# are the patient's **standardized** measurements: a value of 1.2 means 1.2
# standard deviations above the training average, −1.5 means 1.5 below.
#
# Check additivity on the real network, with `explanation.values` (one SHAP
# value per feature), `explanation.base_value` and `explanation.prediction`:

# %% tags=["nbval-check-output"]
total = explanation.base_value + explanation.values.sum()
print("values:", explanation.values.shape)
print("additivity holds:", bool(np.isclose(total, explanation.prediction, atol=1e-4)))

# %% [markdown]
# The same explanation as a picture. Each bar is one feature; bars pointing
# right (blue) pushed the probability of malignant **up**, bars pointing
# left (vermillion) pushed it **down**: the colours of positive and negative
# weights in lesson 3's diagrams. The longest bars are on top.

# %%
_ = explanation.plot()  # `_ =`: the text summary is not printed again

# %% [markdown]
# The **waterfall** tells the same story as a walk: start at the base value
# (bottom), add one feature's SHAP value per row, and end at the prediction
# (top). The features not shown are summed into one row, so the walk still
# ends exactly at the prediction.

# %%
_ = explanation.plot(kind="waterfall")

# %% [markdown]
# ### Try it: other patients
#
# Move the **instance** slider to explain another test patient; the text shows
# the prediction and the true label (1 = malignant). Things to look for:
#
# - Do the confident benign predictions have the same top features as the
#   malignant ones, with the opposite sign?
# - Find a patient the model gets wrong. Which features misled it?
# - Switch the plot to `waterfall` and follow the walk from base value to
#   prediction.

# %%
explorer = explanation_explorer(
    model, X_train, X_test, feature_names, y=y_test, preset={"instance": patient}
)
explorer

# %% [markdown]
# ## 4. Under the hood: shap itself
#
# `explain_prediction` hides only the plumbing. `nnteach.ModelExplainer` is the
# object it keeps for each model; its `background_` holds the 100 training rows
# it drew. Calling shap directly on the same background gives the same values.

# %% tags=["nbval-check-output"]
explainer = nnteach.ModelExplainer(model, X_train, feature_names)
background = explainer.background_
print("shap version:", shap.__version__)
print("background:", background.shape)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # shap warns about TensorFlow > 2.4; harmless here
    deep = shap.DeepExplainer(model, background)
    shap_values = deep.shap_values(X_test[patient : patient + 1])

print("shap_values:", shap_values.shape, "= (instances, features, outputs)")
same = np.allclose(shap_values[0, :, 0], explanation.values, atol=1e-5)
print("same values as nnteach:", same)

# %% [markdown]
# The base value is the average of the model's outputs over these 100 rows,
# not its output for the average row. On this model the two differ:

# %%
average_output = float(np.mean(keras.ops.convert_to_numpy(model(background))))
average_row = background.mean(axis=0, keepdims=True)
output_at_average = float(keras.ops.convert_to_numpy(model(average_row))[0, 0])
print(f"base value:                          {explanation.base_value:.3f}")
print(f"average output over the background:  {average_output:.3f}")
print(f"output for the average background row: {output_at_average:.3f}")

# %% [markdown]
# Note the shape of `shap_values`: one array with a trailing axis for the
# model's outputs (here one, the sigmoid). Older shap versions returned a *list* with one array per
# output, so older code writes `shap_values[0]` for what is now
# `shap_values[..., 0]`.

# %% [markdown]
# ## 5. Explaining a regression
#
# Nothing changes for a network that predicts a number. The diabetes data from
# lesson 5: 10 measurements per patient; the target measures how far the
# disease progressed a year later (its range is printed below). We keep the
# raw test rows to read the explanation in real units.
#
# As in lesson 5, the output layer's bias starts at the average target
# instead of 0, so training does not spend its first epochs just climbing from
# 0 to about 150.

# %%
diabetes = nnteach.load_diabetes()
Xd_train_raw, Xd_val_raw, Xd_test_raw, yd_train, yd_val, yd_test = nnteach.train_val_test_split(
    diabetes.X, diabetes.y, seed=0
)
Xd_train, Xd_val, Xd_test = nnteach.standardize(Xd_train_raw, Xd_val_raw, Xd_test_raw)

regressor = keras.Sequential(
    [
        keras.Input(shape=(diabetes.n_features,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, bias_initializer=keras.initializers.Constant(yd_train.mean())),
    ]
)
regressor.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse", steps_per_execution=8)
regressor.fit(Xd_train, yd_train, epochs=6, batch_size=16, verbose=0)

# before explaining it: is it better than a straight line, or than always answering the mean?
linear = LinearRegression().fit(Xd_train, yd_train)
for name, yd_pred in [  # compared on the validation part
    ("network", keras.ops.convert_to_numpy(regressor(Xd_val))[:, 0]),
    ("linear regression", linear.predict(Xd_val)),
    ("training mean", np.full(len(yd_val), yd_train.mean())),
]:
    mae, r2 = mean_absolute_error(yd_val, yd_pred), r2_score(yd_val, yd_pred)
    print(f"{name:18} validation MAE {mae:5.1f}   R² {r2:5.2f}")

# %% [markdown]
# On the validation part, the network's typical error (the MAE) is smaller
# than always answering the training mean, but no better than a straight
# line: linear regression has the smaller MAE and the larger R² (on one
# split). An R² of 0.43 means the network accounts for less than half of
# the variance of the target on the validation part, and its predictions
# are off by 48.9 points on average. So the explanation below is of a model
# that a straight line does at least as well as; it tells us
# what this model does with a patient's measurements, not what truly drives
# that patient's disease.

# %%
explanation_d = nnteach.explain_prediction(
    regressor, Xd_train, Xd_test[0], list(diabetes.feature_names), task="regression"
)
print(f"target range: {diabetes.y.min():.0f} to {diabetes.y.max():.0f}")
print(f"predicted progression {explanation_d.prediction:.0f}, true {yd_test[0]:.0f}")
print(f"base value (average prediction) {explanation_d.base_value:.0f}")
print("\nlargest contributions, with the patient's raw measurement:")
for name, value in explanation_d.top_features(3):
    j = diabetes.feature_names.index(name)
    raw, average = Xd_test_raw[0, j], Xd_train_raw[:, j].mean()
    print(f"  {name:4} = {raw:5.3g} (training average {average:5.3g}): {value:+6.1f}")

# %% [markdown]
# The SHAP values are now in the target's units: "this patient's body mass
# index (`bmi`) adds so many points of progression to the average prediction".

# %%
_ = explanation_d.plot(kind="waterfall")

# %% [markdown]
# ### DeepExplainer is an approximation
#
# With 10 features the exact SHAP values *can* be computed. Each feature is
# either this patient's value or a background row's value: 2¹⁰
# combinations, each averaged over the same 100 background rows that
# `DeepExplainer` used. A feature's SHAP value is then its average move
# (Shapley's formula weights each combination by how many orders lead to it).


# %%
def exact_shap_values(f, x, background):
    """Exact SHAP values of f at x: every subset of features, against the background."""
    n = len(x)
    on = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)  # (2**n, n)
    rows = np.where(on[:, None, :], x, background[None, :, :]).reshape(-1, n)
    value = f(rows).reshape(2**n, len(background)).mean(axis=1)  # one number per subset
    size = on.sum(axis=1)
    weight = np.array([math.factorial(k) * math.factorial(n - k - 1) for k in range(n)])
    weight = weight / math.factorial(n)
    values = np.zeros(n)
    for i in range(n):
        without_i = np.flatnonzero(~on[:, i])
        values[i] = np.sum(
            weight[size[without_i]] * (value[without_i | (1 << i)] - value[without_i])
        )
    return value[0], values  # base value (no feature on), SHAP values


background_d = nnteach.ModelExplainer(
    regressor, Xd_train, list(diabetes.feature_names), task="regression"
).background_
exact_base, exact = exact_shap_values(
    lambda rows: keras.ops.convert_to_numpy(regressor(rows))[:, 0], Xd_test[0], background_d
)
print("feature    exact  DeepExplainer")
for name, e, d in zip(diabetes.feature_names, exact, explanation_d.values, strict=True):
    print(f"{name:6} {e:+8.2f}  {d:+8.2f}")
print(f"largest difference: {np.abs(exact - explanation_d.values).max():.2f}")
print(
    f"base + sum, exact: {exact_base + exact.sum():.2f}, DeepExplainer: "
    f"{explanation_d.base_value + explanation_d.values.sum():.2f}, "
    f"prediction: {explanation_d.prediction:.2f}"
)

# %% [markdown]
# Both add up to the prediction, and they rank the largest features alike, but they
# are not equal: DeepLIFT's rules stand in for the average over every order.
# For 30 features the exact way would need 2³⁰ combinations, which is why the
# shortcut exists.

# %% [markdown]
# ## 6. The global view: which features matter overall?
#
# One explanation is about one patient. To see what the model relies on in
# general, explain many patients and average the **size** of each feature's
# SHAP value, ignoring its sign: the **mean |SHAP value|**, how far the feature
# moves a prediction on average.
#
# Holding the `ModelExplainer` from section 4 explains each further patient in
# milliseconds. Its first explanation also sets shap's explainer up, so the
# cell makes that call first and then prints how long the 60 test patients
# took here.

# %%
n_patients = 60
explainer.explain(X_test[0])  # the first call builds the explainer: not timed
start = time.perf_counter()
shap_matrix = np.array([explainer.explain(x).values for x in X_test[:n_patients]])
print(f"{n_patients} explanations in {time.perf_counter() - start:.2f} s")
importance = np.abs(shap_matrix).mean(axis=0)

top10 = np.argsort(importance)[::-1][:10]
best = top10[0]
fig, (ax_bar, ax_dot) = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
ax_bar.barh([feature_names[j] for j in top10[::-1]], importance[top10[::-1]], color="0.4")
ax_bar.set(xlabel="mean |SHAP value| (probability of malignant)", title="Top 10 of 30 features")
ax_dot.scatter(
    X_test[:n_patients, best],
    shap_matrix[:, best],
    c=np.array(style.CLASS_COLOURS)[y_test[:n_patients].astype(int)],  # class colours, not +/-
    s=18,
)
ax_dot.axhline(0, color="0.5", linewidth=0.8)
ax_dot.set(
    xlabel=f"{feature_names[best]} (standardized)",
    ylabel="its SHAP value",
    title=f"Each dot a patient (orange = malignant, green = benign): {feature_names[best]}",
)
print("SHAP values:", shap_matrix.shape, "= (patients, features)")
print("top 10, largest first:", ", ".join(feature_names[j] for j in top10))

# %% [markdown]
# Left: the features the network leans on most, over these 60 patients. Right:
# for the top feature, each patient's value against its SHAP value. Larger
# values push towards malignant, as one would expect. Of the top ten
# (printed above), three measure the *size* of the nuclei (worst area, worst
# radius, mean perimeter) and two more measure how much that size varies
# between the nuclei of one image (area error and radius error are standard
# errors): section 7 comes back to size.
#
# Mean |SHAP value| says *how much* a feature matters, not *in which direction*
# or *for whom*: the dots on the right carry that information.

# %% [markdown]
# ## 7. The limits of explanations
#
# SHAP values describe the *model*, not the world, and even about the model
# they are approximate, and they rest on a choice. `DeepExplainer` approximates the Shapley
# values (section 5). And Shapley values need a meaning for "this feature
# is missing". This lesson (the exact computation of section 5 and
# `DeepExplainer` alike) uses the *interventional* one: replace the feature
# with background values while the other features keep this instance's
# values, as if the features were independent. It is a choice, not part
# of Shapley's formula: *conditional* SHAP values (Lundberg and Lee, 2017,
# [*A Unified Approach to Interpreting Model
# Predictions*](https://arxiv.org/abs/1705.07874)) fill a missing feature in
# from its distribution given the features present, which avoids the
# impossible inputs described next but is much harder to estimate. With the interventional
# choice, when features are correlated, the replacement creates inputs that
# never occur (a large nucleus radius with a small perimeter), so part of
# an explanation describes how the model behaves on impossible inputs. Two pitfalls come up again and again.
#
# ### Correlated features share the credit
#
# Suppose two features always carry the same information: `b` is a copy of `a`.
# Model 1 computes `a + b`, model 2 computes `2·a`. On every possible data point
# they give the same prediction. Their explanations differ:

# %% tags=["nbval-check-output"]
pair = ["a", "b (copy of a)"]
one = shapley_values(lambda z: z[0] + z[1], [1, 1], [0, 0], pair, show=False)
two = shapley_values(lambda z: 2 * z[0], [1, 1], [0, 0], pair, show=False)
print("model 1, a + b:  SHAP", one)
print("model 2, 2·a:    SHAP", two)

# %% [markdown]
# Model 1 splits the credit, model 2 gives it all to `a`. (This is the
# interventional choice at work: to leave out `a` it asks model 2 about
# `a = 0, b = 1`, an input that never occurs. Conditional SHAP values would
# fill `a` in from `b` and give both models the same split.) Which one the
# training happened to find is luck, not biology. The breast cancer data have
# nearly this situation: the radius, perimeter and area of a nucleus all
# measure its size.

# %% tags=["nbval-check-output"]
size_names = ["mean radius", "mean perimeter", "mean area"]
size_columns = [feature_names.index(name) for name in size_names]
correlation = np.corrcoef(data.X[:, size_columns], rowvar=False)
print(" " * 15, "  ".join(f"{name:>14}" for name in size_names))
for name, row in zip(size_names, correlation, strict=True):
    print(f"{name:15}", "  ".join(f"{r:14.3f}" for r in row))

# %% [markdown]
# Correlations close to 1: almost copies. Here is how our patient's
# explanation shares the credit for "large nuclei" among the six size features
# (mean and worst radius, perimeter and area):

# %%
group = [
    feature_names.index(f"{kind} {measure}")
    for kind in ("mean", "worst")
    for measure in ("radius", "perimeter", "area")
]
for j in group:
    print(f"  {feature_names[j]:16} {explanation.values[j]:+.4f}")
print(f"  {'size, together':16} {explanation.values[group].sum():+.4f}")

# %% [markdown]
# No single size feature looks decisive, yet together they may be. So:
#
# - **Sum the SHAP values of a group** of correlated features to judge the
#   group; do not read one of them alone.
# - A small SHAP value does not prove a feature is useless: a correlated
#   twin may have taken its credit.
# - Retrain with another seed and the split among twins can change while the
#   predictions barely do.
#
# ### The background decides the question
#
# A SHAP value answers "why this prediction *rather than the base value*?", and
# the base value is the average prediction over the background. Change the
# background and you ask a different question. Here is the same patient
# explained against benign training patients only, then against malignant
# training patients only (so far the background mixed both).

# %%
benign_explainer = nnteach.ModelExplainer(model, X_train[y_train == 0], feature_names)
malignant_explainer = nnteach.ModelExplainer(model, X_train[y_train == 1], feature_names)
versus_benign = benign_explainer.explain(X_test[patient], top=6)
versus_malignant = malignant_explainer.explain(X_test[patient], top=6)

fig, axes = plt.subplots(1, 2, figsize=(13, 3.8), layout="constrained")
for ax, e, label in zip(
    axes, (versus_benign, versus_malignant), ("benign", "malignant"), strict=True
):
    e.plot(ax=ax)
    ax.set_title(f"Against {label} patients: base value {e.base_value:.2f}")
print(f"prediction {versus_benign.prediction:.2f}")
for e, label in ((versus_benign, "benign"), (versus_malignant, "malignant")):
    print(
        f"against {label:9}: base value {e.base_value:.2f}, SHAP values add {e.values.sum():+.2f}"
    )

# %% tags=["nbval-check-output"]
print("same prediction:", versus_benign.prediction == versus_malignant.prediction)
print("both add up:", max(versus_benign.additivity_error, versus_malignant.additivity_error) < 1e-4)
print("base values differ:", abs(versus_benign.base_value - versus_malignant.base_value) > 0.5)

# %% [markdown]
# Same prediction, two stories. Against benign patients (base value near 0)
# the SHAP values add up to about +0.9: they say what makes this tumour look
# malignant *compared with a benign one*, and they are large. Against malignant
# patients (base value near 1) they add up to a small negative number: they say
# how this tumour differs from a typical *malignant* one, and several features
# now push the probability down. (Mind the different scales of the two
# x-axes.) Neither explanation is wrong; they answer different questions.
# Always say which background an explanation uses; `nnteach` uses 100 random
# training rows unless told otherwise.

# %% [markdown]
# > **Common pitfalls** (older tutorial code on current shap and Keras 3)
# >
# > - **`explainer_shap(model, X_names=list_feature_names, X_instance=..., X_train=..., task=..., top=10)`**
# >   appears in tutorials that never define `explainer_shap`, nor
# >   `list_feature_names`: a `NameError` for each, one at a time. The working call is
# >   `nnteach.explain_prediction(model, X_train, X_test[i], feature_names, task="classification", top=10)`.
# > - **`shap.Explainer(model)`** fails with `ValueError: masker cannot be None`:
# >   SHAP values are measured from a background, so give it one:
# >   `shap.DeepExplainer(model, X_train[:100])`.
# > - **`shap_values[0]`**, expecting a list with one array per output: since
# >   shap 0.45 ([release notes](https://github.com/shap/shap/releases/tag/v0.45.0)),
# >   `shap_values` returns one array of shape (instances, features, outputs);
# >   write `shap_values[..., 0]`.
# > - **`shap.Explainer(model.predict, X_train)`** works, but treats the network
# >   as a black box: it runs the network on many masked copies of each
# >   instance (feature combinations, each against every background row),
# >   in a few large batches: seconds per instance
# >   (the speed table in the [README](../README.md#speed), measured with
# >   `make bench`, gives both times). `DeepExplainer` follows the network's
# >   layers instead: a fraction of a second to set up, then milliseconds per
# >   instance (same table).
# > - **`ModuleNotFoundError: No module named 'shap'`** outside this course's
# >   environment (which `make lab` installs): `pip install shap`. The version
# >   the course is tested with is pinned in `constraints.txt`, in the
# >   repository's top folder, and printed in section 4; `pip install -c
# >   constraints.txt shap`, run in that top folder (from this notebook's
# >   folder: `-c ../constraints.txt`), installs exactly it.

# %% [markdown]
# ## Summary
#
# - A **SHAP value** is a feature's fair share of the difference between this
#   prediction and the **base value** (the average prediction over a
#   background sample): its move, averaged over every order of switching the
#   features on.
# - They **add up**: base value + sum of SHAP values = prediction. Check it.
# - `nnteach.explain_prediction(model, X_train, x, feature_names, task=..., top=...)`
#   explains one prediction; `.plot()` draws bars, `.plot(kind="waterfall")`
#   the walk from base value to prediction. Under the hood:
#   `shap.DeepExplainer(model, background)`.
# - For regression, SHAP values are in the target's units.
# - **Mean |SHAP value|** over many instances ranks features globally; keep one
#   `nnteach.ModelExplainer` to explain many instances quickly.
# - **Score before you explain:** on the validation parts here, a logistic
#   regression did as well as the classifier, and a straight line did at
#   least as well as the regressor. An explanation describes the model, mistakes included,
#   not the world.
# - **Limits:** correlated features share (or steal) credit, so judge them as a
#   group; the background defines the question, so always state it; filling
#   a missing feature from the background (the *interventional* choice)
#   treats the features as independent.
#
# ## Check your understanding
#
# 1. A model's base value is 0.30 and its prediction for a patient is 0.85.
#    What do the patient's SHAP values add up to?
# 2. In the toy model, why do `shape` and `texture` get 6 each, although
#    whichever is switched on second adds 12?
# 3. Feature A has a large mean |SHAP value| over the test set. Does that tell
#    you whether larger values of A raise or lower the prediction?
# 4. `worst radius` has a tiny SHAP value for a patient. Can you conclude that
#    the size of the nuclei did not matter for this prediction?
# 5. You explain a patient against a background of benign patients and find
#    that most top features push the prediction up. A colleague uses
#    malignant patients as background and finds several pushing it down. Who is
#    right?
#
# <details>
# <summary>Answers</summary>
#
# 1. 0.85 − 0.30 = 0.55: base value + sum = prediction.
# 2. Their effect only exists together. In half of the orders `shape` comes
#    second and gets the 12, in the other half `texture` does; the average is
#    6 each, a fair split.
# 3. No. The mean of absolute values drops the sign; look at the individual
#    SHAP values against the feature's values (the dot plot in section 6).
# 4. No. Radius, perimeter and area are almost copies of each other; the credit
#    may have gone to a twin. Sum the SHAP values of the whole size group.
# 5. Both. The explanations answer different questions ("why this rather than
#    a typical benign tumour?" versus "rather than a typical malignant one?").
#    Each should state its background.
# </details>
#
# **Next:** practise in [exercise 6](../exercises/06_explaining_predictions.ipynb).
# That is the end of the course: go back to any lesson and change one thing at
# a time, the best way to learn what each piece does.
