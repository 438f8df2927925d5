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
# # 5 · Training and testing
#
# A network is only as good as the honest test it passes. In this lesson you
# train networks on two real medical data sets and measure them the right
# way: on data they have never seen, with scores that mean what they say.
#
# **In this notebook you will**
# - choose a loss, an optimizer (Adam) and metrics, and use `compile`, `fit`, `evaluate` and `predict`;
# - split data into training, validation and test parts, and standardise them without leaking the test set (by hand and with a `Normalization` layer);
# - measure a classifier with accuracy, precision, recall and F1, and a regressor with MAE and R²;
# - see why an F1 score averaged over batches is wrong, use metrics that get it right, and know what Keras's built-in ones expect;
# - compare the network with a simple baseline (logistic regression), and report it when the baseline wins;
# - read training and validation curves, know how each is measured, and spot overfitting;
# - use the practical toolkit: `EarlyStopping`, `ModelCheckpoint`, saving and loading a model;
# - see what a network does with random labels.
#
# Three lessons continue this one: [lesson 5b](05b_judging_a_classifier.ipynb)
# judges the classifier against its baseline (ROC and precision-recall curves,
# thresholds, class weights, cross-validation),
# [lesson 5c](05c_learning_rate_and_batch_size.ipynb) chooses the learning
# rate and compares batch sizes fairly, and
# [lesson 5d](05d_regularisation_tested.ipynb) tests dropout, L2 and AdamW
# over several seeds.
#
# **Prerequisites:** lessons [1](01_perceptron.ipynb) to [4](04_how_a_network_learns.ipynb):
# a `Dense` layer, activations (sigmoid, ReLU), dropout, building a `keras.Sequential` model,
# and how a loss, its gradient and an optimizer train a network.

# %%
import pathlib
import tempfile

import ipywidgets as widgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn import metrics
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.preprocessing import StandardScaler

import nnteach
from nnteach import style  # the course's colours
from nnteach.widgets import playground_data, training_playground

keras.utils.set_random_seed(0)  # same data splits, same weights, same curves for everyone

# %% [markdown]
# ## 1. Three choices before training
#
# `model.compile(...)` fixes how the network will learn
# ([lesson 4](04_how_a_network_learns.ipynb) shows each piece at work):
#
# - **loss**: the one number training makes small. For a yes/no answer from a
#   sigmoid output it is the *binary cross-entropy* (large when the network is
#   confidently wrong); for a number it is often the *mean squared error*.
# - **optimizer**: how the weights move to lower the loss. **Adam** is a good
#   default: gradient descent that adapts its step size for each weight. Its
#   main setting is the *learning rate* (the size of the steps).
# - **metrics**: numbers reported for you, such as accuracy. They do not
#   steer the training.
#
# Then four calls do the work:
#
# | call | what it does |
# |---|---|
# | `model.fit(X, y, epochs=..., batch_size=...)` | trains: goes over the data `epochs` times, updating the weights after each batch |
# | `model.evaluate(X, y)` | loss and metrics on data, no training |
# | `model.predict(X)` | the network's outputs (here, probabilities) |
# | `model(X)` | the same, quicker for a small array |

# %% [markdown]
# ## 2. Data: train, validation, test
#
# The breast cancer data set: 569 tumours, 30 measurements from a microscope
# image each. The label is 1 for malignant and 0 for benign.

# %%
data = nnteach.load_breast_cancer()
print(data)
print(data.description)

# %% [markdown]
# A model that scores well on the data it learned from may just have memorised
# them. So the data are cut into three parts, with different jobs:
#
# - **training** (60 %): the weights are fitted on it;
# - **validation** (20 %): you watch it during training and use it to choose
#   settings (how long to train, how big a network, which threshold);
# - **test** (20 %): looked at **once**, at the very end, as if it were new
#   patients. A score you used to choose settings is no longer an honest
#   estimate.
#
# `train_val_test_split` shuffles and cuts, keeping the share of malignant
# tumours the same in every part (*stratified*):

# %% tags=["nbval-check-output"]
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, val_size=0.2, test_size=0.2, seed=0
)
for name, y_part in [("train", y_train), ("validation", y_val), ("test", y_test)]:
    share = len(y_part) / len(data.y)
    print(f"{name:10} {len(y_part):3} tumours ({share:.0%}), {y_part.mean():.0%} malignant")

# %% [markdown]
# ### Standardising, fitted on the training part only
#
# The 30 features live on very different scales (a *mean area* in the
# hundreds, a *mean smoothness* around 0.1). Networks learn best when every
# input is around 0 with a spread of about 1, so each feature is
# standardised: subtract its mean, divide by its standard deviation.

# %% tags=["nbval-check-output"]
for i in (3, 4):
    print(
        f"{data.feature_names[i]:16} from {X_train[:, i].min():7.2f} to {X_train[:, i].max():7.2f}"
    )

# %% [markdown]
# **The mean and standard deviation come from the training part only**, and
# the same numbers are then applied to validation and test. The test part
# stands for future patients, whose values you cannot know while training.
# Computing the scaling on all the data would let a little of the test set
# leak into the model, and its test score would no longer be an honest
# estimate (the bias is usually small, and its direction depends on the
# problem and the split; nothing here measures it).
# scikit-learn's `StandardScaler` is the standard tool: `fit` learns the
# statistics, `transform` applies them.

# %%
scaler = StandardScaler().fit(X_train)  # learns 30 means and 30 spreads
X_train_s, X_val_s, X_test_s = (scaler.transform(X) for X in (X_train, X_val, X_test))

# %% tags=["nbval-check-output"]
print(
    "training part: every mean 0 and spread 1:",
    np.allclose(X_train_s.mean(axis=0), 0, atol=1e-5)
    and np.allclose(X_train_s.std(axis=0), 1, atol=1e-4),
)
print("test part: every mean exactly 0:", np.allclose(X_test_s.mean(axis=0), 0, atol=1e-5))

# %% [markdown]
# The test part is *nearly* centred, not exactly: that is what new data look
# like, and it is correct.
#
# ### The same inside the model: `keras.layers.Normalization`
#
# Keras has a layer for this. `adapt` computes the means and variances of the
# data it is given (again: the raw training part only); calling the layer
# then standardises with them. As the first layer of a model it travels with
# the model, so a saved model takes raw measurements and nobody has to
# remember the 30 means and spreads. It gives the same numbers as the
# `StandardScaler`:

# %%
normalizer = keras.layers.Normalization()
normalizer.adapt(X_train)  # the raw training part: 30 means, 30 variances
X_test_by_layer = keras.ops.convert_to_numpy(normalizer(X_test))
print(f"largest difference, test part: {np.abs(X_test_by_layer - X_test_s).max():.0e}")
print("equal to 5 decimals:", np.allclose(X_test_by_layer, X_test_s, atol=1e-5))

# %% [markdown]
# A difference of a few millionths is float32 rounding: both divide by the
# standard deviation computed with *n* (not *n − 1*) in the denominator.
#
# ## 3. Train a classifier
#
# A small network: 30 inputs, two hidden ReLU layers, one sigmoid output (the
# probability of *malignant*). The metrics:
#
# - **accuracy**: the share of tumours classified correctly;
# - **precision**: of the tumours the model calls malignant, the share that are;
# - **recall**: of the malignant tumours, the share the model finds;
# - **F1**: one number that is high only when both precision and recall are
#   high (their harmonic mean, `2·P·R / (P + R)`).
#
# Precision, recall and F1 come from `nnteach`; section 5 shows what makes
# them right, and how Keras's own `keras.metrics.Precision`, `Recall` and
# `F1Score` compare. With `batch_size=64`, an epoch of the 341 training
# tumours is 6 batches, each followed by a weight update.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(data.n_features,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ],
    name="tumour_classifier",
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="binary_crossentropy",
    metrics=[
        "accuracy",
        nnteach.BinaryPrecision(),
        nnteach.BinaryRecall(),
        nnteach.BinaryF1Score(),
    ],
)
history = model.fit(
    X_train_s,
    y_train,
    validation_data=(X_val_s, y_val),  # scored after every epoch
    epochs=8,
    batch_size=64,
    verbose=0,
)
print(f"{len(history.epoch)} epochs of {-(-len(y_train) // 64)} batches")

# %% [markdown]
# `fit` returns a `History`: `history.history` holds one list per quantity,
# one value per epoch (`loss`, `accuracy`, ..., and `val_loss`,
# `val_accuracy`, ... for the validation data). `nnteach.plot_history` draws
# them: loss on the left axis, metrics on the right.

# %%
curves = nnteach.plot_history(history, metrics=["accuracy", "f1"])

# %% [markdown]
# Both losses fall and both panels look alike: the network learns something
# that also holds on tumours it has not trained on.
#
# The two curves are not measured the same way. An epoch's `loss` is the
# **running mean** of the batch losses during that epoch (weighted by batch
# size), each computed with the weights of that moment, before the batch's
# update (and, in a network with dropout, with dropout switched on). Its
# `val_loss` is computed once, **at the end** of the epoch, with the final
# weights and dropout off. So while the loss is still falling within an
# epoch (or while dropout is on), the history's training loss usually lags
# behind the weights it ends with. In this run, scored again at the end of
# the last epoch, the training part gives a lower loss than the history
# says; that is one run, not a rule (once the loss stops falling, the two
# can come out either way).

# %%
train_loss_at_end = model.evaluate(X_train_s, y_train, verbose=0, return_dict=True)["loss"]
print(
    f"last epoch's training loss in the history (running mean): {history.history['loss'][-1]:.4f}"
)
print(f"training loss of the final weights (evaluate):            {train_loss_at_end:.4f}")

# %% [markdown]
#
# ## 4. Test it: `evaluate`, `predict`, and scikit-learn as a referee
#
# Training is over, settings are chosen: now, once, the test part.

# %%
test_scores = model.evaluate(X_test_s, y_test, verbose=0, return_dict=True)
for name, value in test_scores.items():
    print(f"{name:10} {value:.3f}")

# %% [markdown]
# These are the numbers to report. They differ from the validation scores
# of the last epoch. Nothing in this notebook tunes a setting on the
# validation part: the layer sizes, the learning rate and the number of
# epochs are fixed in the code above. How they were first picked no notebook
# can show (the course's author chose them, and may well have seen earlier
# runs), which is one more reason to keep the test part for the very end.
# Part of the difference, perhaps all of it, is **sampling noise**: each
# part holds only 114 tumours, so one tumour moves an accuracy by almost a
# percentage point, and an accuracy *p* measured on *n* tumours has a
# standard error of about √(p(1 − p)/n).

# %%
val_scores = model.evaluate(X_val_s, y_val, verbose=0, return_dict=True)
print(
    f"{'':10} {'tumours':>7} {'wrong':>5} {'accuracy':>8} {'one tumour':>10} {'standard error':>14}"
)
for name, scores, n in [("validation", val_scores, len(y_val)), ("test", test_scores, len(y_test))]:
    p = scores["accuracy"]
    wrong = round((1 - p) * n)
    print(f"{name:10} {n:7} {wrong:5} {p:8.3f} {1 / n:10.1%} {np.sqrt(p * (1 - p) / n):14.1%}")

# %% [markdown]
# How large a gap can chance alone make? Pool the 228 right-or-wrong answers
# of both parts, deal them at random into two parts of 114, and measure the
# gap; repeat 10,000 times:

# %%
right = np.concatenate(
    [
        (keras.ops.convert_to_numpy(model(X_val_s)).ravel() >= 0.5) == y_val,
        (keras.ops.convert_to_numpy(model(X_test_s)).ravel() >= 0.5) == y_test,
    ]
)
dealt = np.random.default_rng(0).permuted(np.tile(right, (10_000, 1)), axis=1)
random_gaps = np.abs(dealt[:, :114].mean(axis=1) - dealt[:, 114:].mean(axis=1))
gap = abs(right[:114].mean() - right[114:].mean())  # the same gap, from the answers
print(f"{len(right)} answers; gap between validation and test accuracy: {gap:.3f}")
print(
    f"random deals with a gap at least as large: {np.mean(random_gaps >= gap - 1e-9):.1%}"
    f" of {len(random_gaps):,}"
)

# %% [markdown]
# Chance alone makes a gap at least this large in 5.7 % of the deals:
# uncommon, not rare. So chance can explain the gap, though not
# comfortably. With parts this small, expect validation and test scores to
# differ by a few points; only more data, or cross-validation (several
# splits, [lesson 5b](05b_judging_a_classifier.ipynb)), narrows the doubt.
#
# ### Always compare with something simple
#
# Is a test accuracy of 0.921 good? The lowest bar is a rule that looks at
# no measurement at all: call every tumour benign, the more common class.
# On this test part it scores:

# %%
print(f"'always benign' on the test part: accuracy {np.mean(y_test == 0):.3f}")

# %% [markdown]
# Any model must clear that bar, and a network is only worth its cost if it
# also beats a simple *learned* model trained on the same data. The simplest
# here is **logistic regression**: one weighted sum of the 30 measurements
# and a sigmoid, that is, a network without hidden layers. scikit-learn's
# `LogisticRegression` fits one on the same standardised training part, with
# its default settings (nothing tuned but more iterations allowed; the
# defaults include a mild L2 penalty on the weights, `C=1.0`, which the
# network does not have), and is
# scored on the same parts with the same rule, `prob >= 0.5`:

# %%
logistic = LogisticRegression(max_iter=1000).fit(X_train_s, y_train)
print(f"{'':20} {'validation accuracy':>19} {'test accuracy':>13} {'test: wrong':>11}")
for name, predict in [
    ("network", lambda X: keras.ops.convert_to_numpy(model(X)).ravel()),
    ("logistic regression", lambda X: logistic.predict_proba(X)[:, 1]),
]:
    val_acc = np.mean((predict(X_val_s) >= 0.5) == y_val)
    test_right = (predict(X_test_s) >= 0.5) == y_test
    print(f"{name:20} {val_acc:19.3f} {test_right.mean():13.3f} {np.sum(~test_right):11}")
net_wrong = (keras.ops.convert_to_numpy(model(X_test_s)).ravel() >= 0.5) != y_test
logistic_wrong = (logistic.predict_proba(X_test_s)[:, 1] >= 0.5) != y_test
print(
    f"test tumours only the network gets wrong: {np.sum(net_wrong & ~logistic_wrong)},"
    f" only the baseline: {np.sum(logistic_wrong & ~net_wrong)},"
    f" both: {np.sum(net_wrong & logistic_wrong)}"
)

# %% [markdown]
# **The baseline made fewer mistakes on this one test part**: 4 against 9
# out of 114 (0.965 against 0.921). On the validation part it is ahead by
# a single tumour. The evidence is thin: the two models disagree on only 5
# test tumours (all in the baseline's favour), and a gap this size is
# within what chance makes with 114 tumours
# ([lesson 5b](05b_judging_a_classifier.ipynb) tests it on these tumours
# and over five folds, and detects no difference). So this split does not
# show that the baseline is better, only that it did better here; nor does
# anything in it favour the network. When no difference is detected, the
# simpler model is the one to prefer. Whether the gap is real, and what to
# do about it, is the subject of lesson 5b. (Picking the winner by its
# test score would make that score optimistic: compare candidates on
# validation data or by cross-validation, and test the chosen one once.)
#
# ### The threshold convention
#
# `predict` gives probabilities. In this course a tumour counts as malignant
# when its probability is **0.5 or more**: `prob >= 0.5`. (The threshold
# curves of scikit-learn, such as `precision_recall_curve`, use `>=` too;
# Keras's built-in classification metrics (`"accuracy"`, `Precision`,
# `Recall`, `F1Score` with a `threshold`) use `>`: see section 5.
# The two differ only for a probability of exactly 0.5.)

# %%
prob_test = model.predict(X_test_s, verbose=0).ravel()
y_pred = (prob_test >= 0.5).astype(int)
print("probabilities:", prob_test[:6].round(3))
print("predicted:    ", y_pred[:6])
print("true labels:  ", y_test[:6])

# %% [markdown]
# scikit-learn computes the same scores from the predicted labels. Side by
# side with what Keras reported:

# %%
sklearn_scores = {
    "accuracy": metrics.accuracy_score(y_test, y_pred),
    "precision": metrics.precision_score(y_test, y_pred),
    "recall": metrics.recall_score(y_test, y_pred),
    "f1": metrics.f1_score(y_test, y_pred),
}
print(f"{'metric':10} {'Keras':>7} {'sklearn':>8}")
for name, value in sklearn_scores.items():
    print(f"{name:10} {test_scores[name]:7.3f} {value:8.3f}")

# %% tags=["nbval-check-output"]
for name, value in sklearn_scores.items():
    print(f"{name:10} matches scikit-learn:", bool(np.isclose(test_scores[name], value, atol=1e-6)))

# %% [markdown]
# ### The confusion matrix
#
# Four counts hide behind all these scores. Rows are the true classes,
# columns what the model said:

# %%
cm_display = metrics.ConfusionMatrixDisplay.from_predictions(
    y_test, y_pred, display_labels=data.target_names, cmap="Greys", colorbar=False
)
cm_display.ax_.set_title(f"Test set: {len(y_test)} tumours")
cm_display.figure_.set_size_inches(3.8, 3.4)

# %% [markdown]
# - **bottom left**: malignant tumours called benign (*false negatives*): missed
#   cancers. Recall = found / (found + missed).
# - **top right**: benign tumours called malignant (*false positives*): false
#   alarms. Precision = correct alarms / all alarms.
#
# For a cancer screen a missed cancer is much worse than a false alarm, so you
# may prefer a lower threshold than 0.5. Choose it on the **validation**
# part, never on the test part. On the validation part this network's least
# confident malignant tumour gets:

# %%
print(
    f"{int(np.sum(y_val == 1))} malignant validation tumours; the lowest probability among them:"
    f" {keras.ops.convert_to_numpy(model(X_val_s)).ravel()[y_val == 1].min():.3f}"
)

# %% [markdown]
# So at 0.5 it already finds every malignant validation tumour: lowering the
# threshold cannot find more of them here, only add false alarms. Move the
# slider down, and then above that probability:

# %%
prob_val = keras.ops.convert_to_numpy(model(X_val_s)).ravel()  # model(X): fast for small arrays
thresholds = np.linspace(0.02, 0.98, 49)
predicted_at = prob_val[None, :] >= thresholds[:, None]  # one row of predictions per threshold
found = (predicted_at & (y_val == 1)).sum(axis=1)
precisions = found / np.maximum(predicted_at.sum(axis=1), 1)  # 0 when nothing is called malignant
recalls = found / (y_val == 1).sum()


def show_threshold(threshold):
    predicted = prob_val >= threshold
    missed = int(np.sum(predicted[y_val == 1] == 0))
    alarms = int(np.sum(predicted[y_val == 0] == 1))
    fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    ax.plot(thresholds, precisions, label="precision", color=style.SERIES[0])
    ax.plot(thresholds, recalls, label="recall", color=style.SERIES[1])
    ax.axvline(threshold, color="black", lw=1)
    ax.set(
        xlabel="threshold",
        ylim=(0, 1.05),
        title=(f"threshold {threshold:.2f}   missed cancers: {missed}   false alarms: {alarms}"),
    )
    ax.legend(loc="lower left")
    plt.show()  # inside a widget, show the figure now


threshold_slider = widgets.FloatSlider(
    value=0.5, min=0.02, max=0.98, step=0.02, description="threshold", continuous_update=False
)
threshold_explorer = widgets.interactive(show_threshold, threshold=threshold_slider)
threshold_explorer

# %% [markdown]
# Lowering the threshold can only keep or raise the recall (cancers found)
# and keep or add false alarms; raising it, the reverse. On this validation
# part recall only drops once the threshold passes the lowest probability
# printed above, and the lower thresholds only add false alarms, so these validation data give no reason to go below
# 0.5. (The test part's missed cancers must not be used to choose it.) No
# threshold is right in general; it depends on what each kind of mistake
# costs, and a larger validation part would show the trade-off better.

# %% [markdown]
# ## 5. The batch-wise F1 trap
#
# How does Keras turn many batches into one number per epoch? That depends
# on what you give `metrics=[...]`:
#
# - a **built-in metric** keeps running totals over the whole epoch:
#   `"accuracy"` adds up the correct predictions and the number of samples;
#   `keras.metrics.Precision` and `Recall` add up true positives, false
#   positives and false negatives. Its value is that of all the data seen, so
#   it does not depend on how the data were cut into batches;
# - a plain **function** `f(y_true, y_pred)` is wrapped in a running *mean*
#   (`keras.metrics.MeanMetricWrapper`). If the function returns one number
#   per batch, as an F1 function does, Keras reports the **plain mean of the
#   batch values**: every batch counts once, whatever its size. (A function
#   that returns one value per sample is averaged over samples instead.)
#
# For precision, recall and F1 the batch mean is wrong: they are ratios of
# counts, and the mean of ratios is not the ratio of the totals. A batch with
# one malignant tumour weighs as much as a batch with ten, and a batch with
# none has no sensible F1 at all.
#
# A tiny example by hand: 8 samples in 2 batches of 4. The first batch has
# F1 = 2/3, the second 6/7, and their mean is 0.7619. Over all 8 samples:
# 4 found, 1 false alarm, 1 missed, so F1 = 8/10 = 0.8000.

# %% tags=["nbval-check-output"]
y_small = [1, 0, 0, 0, 1, 1, 1, 1]
prob_small = [0.9, 0.6, 0.1, 0.2, 0.8, 0.4, 0.7, 0.9]
batch_f1 = [float(nnteach.f1_batchwise(y_small[i : i + 4], prob_small[i : i + 4])) for i in (0, 4)]
print(
    "F1 of each batch:",
    [f"{f:.4f}" for f in batch_f1],
    " 2/3 =",
    f"{2 / 3:.4f}",
    " 6/7 =",
    f"{6 / 7:.4f}",
)
nnteach.batchwise_f1_gap(y_small, prob_small, batch_size=4)

# %% [markdown]
# The same on our test predictions. The F1 of the data set is one number,
# but the batch average changes with the batch size, and even more with the
# **order** of the rows. `fit` on NumPy arrays shuffles the training rows
# every epoch by default (`shuffle=True`), but nothing shuffles them in
# `evaluate`, in `validation_data`, in a `tf.data` pipeline without
# `.shuffle`, or in `fit(..., shuffle=False)`; and a file can arrive sorted
# by class (all benign cases first, say). Sorting the test rows by label
# shows what that would do:

# %%
by_label = np.argsort(y_test, kind="stable")  # benign first: rows sorted by class
print(f"{'rows':8} {'batch':>5} {'mean of batch F1':>17} {'true F1':>8}")
for order_name, order in [("shuffled", np.arange(len(y_test))), ("sorted", by_label)]:
    for batch_size in (8, 32):
        gap = nnteach.batchwise_f1_gap(y_test[order], prob_test[order], batch_size=batch_size)
        print(f"{order_name:8} {batch_size:5} {gap.mean_batch_f1:17.3f} {gap.true_f1:8.3f}")

# %% [markdown]
# Is that really what Keras reports? A copy of the classifier, compiled with
# the function `nnteach.f1_batchwise`, the built-in `"accuracy"` and the
# stateful `nnteach.BinaryF1Score`, evaluated on the sorted rows in batches
# of 32 (three of 32 and a last one of 18):

# %%
batch_net = keras.models.clone_model(model)  # the classifier's architecture
batch_net.set_weights(model.get_weights())  # and its trained weights
batch_net.compile(
    loss="binary_crossentropy", metrics=[nnteach.f1_batchwise, "accuracy", nnteach.BinaryF1Score()]
)
reported = batch_net.evaluate(
    X_test_s[by_label], y_test[by_label], batch_size=32, verbose=0, return_dict=True
)
batches = [by_label[i : i + 32] for i in range(0, len(by_label), 32)]
f1_each = [float(nnteach.f1_batchwise(y_test[b], prob_test[b])) for b in batches]
sizes = [len(b) for b in batches]
print("batch sizes:", sizes, "  F1 of each batch:", np.round(f1_each, 3))
print(f"f1_batchwise as Keras reports it:           {reported['f1_batchwise']:.4f}")
print(f"plain mean of the batch F1s:                {np.mean(f1_each):.4f}")
print(f"mean weighted by batch size (not reported): {np.average(f1_each, weights=sizes):.4f}")
print(f"BinaryF1Score (running counts):             {reported['f1']:.4f}")
print(f"accuracy (running counts):                  {reported['accuracy']:.4f}")

# %% tags=["nbval-check-output"]
print(
    "f1_batchwise is the plain mean of the batch F1s:",
    bool(np.isclose(reported["f1_batchwise"], np.mean(f1_each), atol=1e-5)),
)
print(
    "the built-in accuracy is the accuracy of all 114 rows:",
    bool(np.isclose(reported["accuracy"], metrics.accuracy_score(y_test, y_pred), atol=1e-6)),
)

# %% [markdown]
# The function's value is the plain mean of the four batch F1 scores, far
# below the true F1 of the same rows, which the stateful metric reports. The
# built-in accuracy gives the accuracy of all the rows, whatever the batches.
# Keras 2.0 **removed** its batch-wise precision, recall and F1
# ([Keras 2.0 release notes](https://github.com/keras-team/keras/releases/tag/2.0.0));
# the reason, in François Chollet's words: "these are all global metrics
# that were approximated batch-wise, which is more misleading than helpful"
# ([keras-team/keras#5794, comment of 19 March 2017](https://github.com/keras-team/keras/issues/5794#issuecomment-287641301)).
#
# The fix is a *stateful* metric: a `keras.metrics.Metric` that adds up true
# positives, false positives and false negatives batch after batch
# (`update_state`) and divides only once, at the end (`result`).
# `nnteach.BinaryF1Score`, used in `compile` above, is one. Feed it the
# sorted rows in batches of 8, as Keras would:

# %%
f1_metric = nnteach.BinaryF1Score()
for start in range(0, len(by_label), 8):
    rows = by_label[start : start + 8]
    f1_metric.update_state(y_test[rows], prob_test[rows])
print(f"BinaryF1Score, sorted rows, batches of 8: {float(f1_metric.result()):.3f}")

# %% tags=["nbval-check-output"]
true_f1 = metrics.f1_score(y_test, y_pred)
print(
    "BinaryF1Score matches scikit-learn:", bool(np.isclose(f1_metric.result(), true_f1, atol=1e-6))
)

# %% [markdown]
# ### Keras's own metrics, and what each expects
#
# Keras 3 has stateful metrics too: `keras.metrics.Precision`, `Recall`,
# `F1Score` and `R2Score` all add up over batches. They differ in what they
# accept. Fed the same test predictions (the labels are a 1-D array of
# integers, as `fit` takes them; the predictions one probability per tumour):

# %%
y_test_2d = y_test.reshape(-1, 1).astype("float32")  # shape (114, 1): one column per output
prob_test_2d = prob_test.reshape(-1, 1)
candidates = [
    ("keras.metrics.Precision()", keras.metrics.Precision(), y_test, prob_test),
    ("keras.metrics.Recall()", keras.metrics.Recall(), y_test, prob_test),
    ("keras.metrics.F1Score()", keras.metrics.F1Score(), y_test_2d, prob_test_2d),
    (
        "keras.metrics.F1Score(threshold=0.5)",
        keras.metrics.F1Score(threshold=0.5),
        y_test_2d,
        prob_test_2d,
    ),
    ("nnteach.BinaryF1Score()", nnteach.BinaryF1Score(), y_test, prob_test),
]
print(f"{'metric':37} {'labels':>17} {'result':>9}")
for name, metric, labels, probs in candidates:
    metric.update_state(labels, probs)
    result = keras.ops.convert_to_numpy(metric.result())
    print(
        f"{name:37} {f'{labels.shape} {labels.dtype}':>17}"
        f" {np.array2string(result, precision=3):>9}"
    )
print(
    f"scikit-learn: precision {sklearn_scores['precision']:.3f}, recall {sklearn_scores['recall']:.3f},"
    f" F1 {sklearn_scores['f1']:.3f}"
)
share = y_test.mean()
print(
    f"F1 when every tumour is called malignant: 2·{share:.3f} / (1 + {share:.3f})"
    f" = {2 * share / (1 + share):.3f}"
)

# %% [markdown]
# - `Precision` and `Recall` take the labels as they are and agree with
#   scikit-learn.
# - `F1Score()` with its default `threshold=None` is made for several
#   classes: in each row the **largest** output counts as the predicted class.
#   With one sigmoid output, the largest of one number is that number, so
#   every tumour with an output above Keras's cut-off of 1e-9 is called
#   malignant (here that is all of them: the printed F1 is that of the
#   all-malignant rule), and the result is the F1 of that useless rule. Pass `threshold=0.5` (a Python float).
# - `F1Score` returns one value per output column (an array), and it wants
#   2-D inputs, shape `(samples, outputs)`. The 1-D labels that `fit` accepts
#   for a sigmoid output are refused:

# %% tags=["nbval-check-output"]
try:
    keras.metrics.F1Score(threshold=0.5).update_state(y_test, prob_test)
except ValueError as error:
    print(f"1-D labels:  ValueError: {error}")
try:
    keras.metrics.F1Score(threshold=1)
except ValueError as error:
    print(f"threshold=1: ValueError: {error}")

# %% [markdown]
# The threshold must be a float: even `1` is refused.
#
# And at exactly the threshold the conventions differ. A malignant tumour
# (label 1) with a probability of exactly 0.5:

# %% tags=["nbval-check-output"]
print("counted as malignant by")
for name, metric in [
    ("nnteach.BinaryRecall()", nnteach.BinaryRecall()),
    ("keras.metrics.Recall()", keras.metrics.Recall()),
    ('"accuracy" (keras.metrics.BinaryAccuracy)', keras.metrics.BinaryAccuracy()),
]:
    metric.update_state(np.array([1]), np.array([0.5], dtype="float32"))
    print(f"  {name:42} {float(metric.result()) == 1.0}")

# %% [markdown]
# So why does the course have its own metrics? `nnteach.BinaryPrecision`,
# `BinaryRecall`, `BinaryF1Score` and `R2Score` take the labels the way `fit`
# takes them (1-D or 2-D; integers, booleans or floats), use a threshold of 0.5 by
# default, treat a probability of exactly 0.5 as positive like the rest of
# the course, and are short enough to read
# ([`nnteach/metrics.py`](../nnteach/metrics.py)). Where Keras's metric does
# what you need, as `Precision` and `Recall` do here, use it.

# %% [markdown]
# ## 6. Regression: diabetes progression
#
# The same steps for a number instead of a class. The diabetes data: 442
# patients, 10 measurements each (age, sex, body mass index, blood pressure,
# six blood values); the target measures how far the disease progressed one
# year later. The output layer is one neuron **without** activation (linear),
# the loss is the mean squared error, and the metrics are:
#
# - **MAE** (mean absolute error): the average size of an error, in the
#   target's own units;
# - **R²**: 1 is perfect, 0 is no better than always predicting the average,
#   below 0 is worse than that. `nnteach.R2Score` computes it over the whole
#   data set, like `BinaryF1Score`.
#
# The target is in the hundreds (printed below), so the output neuron's
# bias starts at the training mean instead of 0: the network begins from the
# average and learns the differences. Adam gets larger steps (learning rate
# 0.1) than before, since the weights must grow to the target's scale.

# %%
diabetes = nnteach.load_diabetes()
Xd_train, Xd_val, Xd_test, yd_train, yd_val, yd_test = nnteach.train_val_test_split(
    diabetes.X, diabetes.y, seed=0
)
Xd_train, Xd_val, Xd_test = nnteach.standardize(Xd_train, Xd_val, Xd_test)  # train statistics
print(diabetes)
print(f"training target: mean {yd_train.mean():.0f}, standard deviation {yd_train.std():.0f}")

regressor = keras.Sequential(
    [
        keras.Input(shape=(diabetes.n_features,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, bias_initializer=keras.initializers.Constant(yd_train.mean())),
    ],
    name="progression_regressor",
)
regressor.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.1),
    loss="mse",
    metrics=["mae", nnteach.R2Score()],
)
reg_history = regressor.fit(
    Xd_train, yd_train, validation_data=(Xd_val, yd_val), epochs=8, batch_size=32, verbose=0
)
print("validation R² by epoch:", np.round(reg_history.history["val_r2"], 2))

# %% [markdown]
# On the test part, with plain linear regression (scikit-learn's
# `LinearRegression`, one weighted sum of the ten measurements) as a baseline. Always compare with something simple: a
# network is only worth it if it beats it.

# %%
reg_scores = regressor.evaluate(Xd_test, yd_test, verbose=0, return_dict=True)
yd_pred = keras.ops.convert_to_numpy(regressor(Xd_test)).ravel()
baseline = LinearRegression().fit(Xd_train, yd_train).predict(Xd_test)
print(f"network:          MAE {reg_scores['mae']:5.1f}   R² {reg_scores['r2']:.2f}")
print(
    f"linear baseline:  MAE {metrics.mean_absolute_error(yd_test, baseline):5.1f}"
    f"   R² {metrics.r2_score(yd_test, baseline):.2f}"
)

# %% tags=["nbval-check-output"]
print(
    "R2Score matches scikit-learn:",
    bool(np.isclose(reg_scores["r2"], metrics.r2_score(yd_test, yd_pred), atol=1e-4)),
)

# %% [markdown]
# The network is about as good as linear regression: these ten measurements
# explain only part of how the disease progresses, and a typical prediction
# is off by the MAE above. An honest test tells you that too.
#
# Keras's own `keras.metrics.R2Score` gives the same value, but like
# `F1Score` it wants 2-D inputs, one column per output:

# %% tags=["nbval-check-output"]
r2_builtin = keras.metrics.R2Score()
r2_builtin.update_state(yd_test.reshape(-1, 1), yd_pred.reshape(-1, 1))
print(
    "keras.metrics.R2Score with (n, 1) inputs matches scikit-learn:",
    bool(np.isclose(float(r2_builtin.result()), metrics.r2_score(yd_test, yd_pred), atol=1e-4)),
)
try:
    keras.metrics.R2Score().update_state(yd_test, yd_pred)
except ValueError as error:
    print(f"with 1-D inputs: ValueError: {error}")

# %% [markdown]
# ## 7. Overfitting, seen
#
# A network with many more weights than training examples can learn the
# training examples by heart, including their noise. To see it quickly, take
# a **too-big network** (two layers of 256 neurons), only **60** training
# tumours, and train **too long**.
#
# This lesson trains this network several times, and lesson 5d many more,
# so three things keep it cheap:
#
# - **One batch per epoch, from a `tf.data.Dataset` made once.** Given NumPy
#   arrays, Keras prepares them again at every epoch, an overhead that
#   matters when an epoch is a single small batch. `fit` accepts a dataset in place of `X, y`,
#   already cut into batches: here a single batch holding all 60 tumours.
#   `.repeat()` makes it endless, and `steps_per_epoch=1` says where an
#   epoch ends, so the same pipeline serves every epoch.
# - **One compiled network, reused.** A first `fit` traces the training
#   step into a TensorFlow graph, the slow part of a first `fit`. `train`
#   below copies into an already compiled network every variable that a
#   freshly built one gets with a given seed, and sets the optimizer's state
#   (its step count and Adam's running averages) back to zero. The variables
#   are the weights (`net.weights`) and, when dropout is on, the
#   random-number state of the `Dropout` layers, which is a variable of the
#   model (`net.variables`) but not a weight: `set_weights` alone would
#   leave it where the last run left it, and `keras.utils.set_random_seed` does not reset it either. Copied
#   this way, the run is the same as building and compiling a new network
#   (checked below), without tracing again.
# - **Few epochs.** `EPOCHS = 10` is enough to see it happen.

# %%
few_train = tf.data.Dataset.from_tensor_slices((X_train_s[:60], y_train[:60])).batch(60).repeat()
val_data = tf.data.Dataset.from_tensor_slices((X_val_s, y_val)).batch(len(y_val))
EPOCHS = 10


def too_big_network(dropout=0.0):  # dropout=0.0: the Dropout layers switch nothing off
    return keras.Sequential(
        [
            keras.Input(shape=(data.n_features,)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(dropout),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(dropout),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def reset_optimizer(net):
    """Put the optimizer's state (step count, Adam's running averages) back to zero."""
    for variable in net.optimizer.variables:
        if variable.name != "learning_rate":
            variable.assign(keras.ops.zeros_like(variable))


def train(
    net, seed, *, epochs=EPOCHS, callbacks=(), train_data=few_train, validation_data=val_data
):
    """Train a compiled too_big_network as if it had just been built with `seed`."""
    keras.utils.set_random_seed(seed)
    fresh = too_big_network(dropout=net.layers[1].rate)  # layers[1]: the first Dropout
    for variable, value in zip(net.variables, fresh.variables, strict=True):
        variable.assign(value)  # the weights and any Dropout layer's random-number state
    reset_optimizer(net)
    return net.fit(
        train_data,
        steps_per_epoch=1,
        validation_data=validation_data,
        epochs=epochs,
        shuffle=False,  # a tf.data.Dataset is never shuffled by fit
        verbose=0,
        callbacks=list(callbacks),
    )


plain_net = too_big_network()
plain_net.compile(
    optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
)
print(f"{plain_net.count_params():,} weights, 60 training tumours")

# %%
plain_history = train(plain_net, seed=0)

keras.utils.set_random_seed(0)  # the check: a network built and compiled afresh, seed 0
new_net = too_big_network()
new_net.compile(
    optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
)
new_history = new_net.fit(
    few_train, steps_per_epoch=1, validation_data=val_data, epochs=EPOCHS, shuffle=False, verbose=0
)
print(
    "the reused network's run equals a new network's run:",
    new_history.history == plain_history.history,
)

# %%
big_curves = nnteach.plot_history(
    plain_history, metrics=["accuracy"], title="Too big, too long: overfitting"
)
best_epoch = int(np.argmin(plain_history.history["val_loss"])) + 1
for ax in big_curves.axes_:
    ax.axvline(best_epoch, color="grey", ls=":")
    ax.text(
        best_epoch + 0.2,
        0.5,
        "lowest\nvalidation loss",
        color="grey",
        transform=ax.get_xaxis_transform(),
    )

# %%
h = plain_history.history
print(f"{'epoch':>5} {'training loss':>13} {'validation loss':>15} {'validation accuracy':>19}")
for epoch in (1, best_epoch, EPOCHS):
    i = epoch - 1
    print(f"{epoch:5} {h['loss'][i]:13.4f} {h['val_loss'][i]:15.3f} {h['val_accuracy'][i]:19.3f}")
after_best = slice(best_epoch - 1, EPOCHS)  # the best epoch and every one after it
print(f"epochs {best_epoch} to {EPOCHS}, validation loss:", np.round(h["val_loss"][after_best], 3))
print(
    f"epochs {best_epoch} to {EPOCHS}, validation tumours right (of {len(y_val)}):",
    np.round(np.array(h["val_accuracy"][after_best]) * len(y_val)).astype(int),
)

# %% [markdown]
# The training loss goes to almost 0. The validation loss reaches its lowest
# point after a few epochs and then **rises** (slowly, hard to see at the
# scale of the figure; the two lines under the table print it epoch by
# epoch, and lesson 5d zooms in), while the validation accuracy changes by
# only a tumour after that (113, then 112 of 114 right): nearly all
# tumours stay on the same side of 0.5. What changes is how sure the
# network is of its answers, right and wrong. The loss sees that; the
# accuracy does not. That is why the loss is
# what to watch.
#
# ## 8. The practical toolkit
#
# ### Callbacks: `EarlyStopping` and `ModelCheckpoint`
#
# A *callback* is an object `fit` calls at fixed moments (after each epoch,
# at the end...). Two are standard against overfitting:
#
# - **`EarlyStopping`** watches the validation loss and stops when it has not
#   improved for `patience` epochs; `restore_best_weights=True` then puts back
#   the weights of the best epoch (without it you keep the last, worse ones).
# - **`ModelCheckpoint`** saves the model to a file; with
#   `save_best_only=True`, only when the validation loss improves, so the file
#   ends up holding the best epoch's model, even if the run crashes later.
#
# The same network, seed and data as above, now with both callbacks. The
# checkpoint goes into a temporary folder that is deleted afterwards:

# %%
with tempfile.TemporaryDirectory() as folder:  # never write into the course folder
    checkpoint_path = pathlib.Path(folder) / "best.keras"
    early_stopping = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=3, restore_best_weights=True
    )
    checkpoint = keras.callbacks.ModelCheckpoint(
        checkpoint_path, monitor="val_loss", save_best_only=True
    )
    stopped_history = train(plain_net, seed=0, callbacks=[early_stopping, checkpoint])
    best_from_file = keras.models.load_model(checkpoint_path)

kept = early_stopping.best_epoch + 1
print(
    f"stopped after {len(stopped_history.epoch)} of {EPOCHS} epochs,"
    f" kept the weights of epoch {kept}"
)
print(f"validation loss of the kept weights:   {plain_net.evaluate(val_data, verbose=0)[0]:.3f}")
print(
    f"the run without callbacks, epoch {kept}:    {plain_history.history['val_loss'][kept - 1]:.3f}"
)
print(
    "checkpoint file and restored weights give the same predictions:",
    np.array_equal(
        keras.ops.convert_to_numpy(best_from_file(X_val_s)),
        keras.ops.convert_to_numpy(plain_net(X_val_s)),
    ),
)

# %% [markdown]
# Up to the stop, the run with callbacks is the run without them: the same
# seed gives the same weights, and a callback only watches. Early stopping
# does not train a better network. Among the epochs it ran, it keeps the
# one with the lowest validation loss, and stops paying for the epochs
# after it; a later, lower epoch beyond the patience would be missed. And
# the kept epoch was *chosen* on the validation data, so its validation
# score is optimistic: a fair score of the kept network needs data that
# played no part in the choice, such as the test part.
#
# ### Saving and loading a model
#
# `model.save("name.keras")` writes one zip file with the architecture, the
# weights, the `compile` settings and the optimizer's state;
# `keras.models.load_model` rebuilds the model from it. Custom classes must be
# registered with Keras to be loaded by name (`nnteach`'s metrics are, with
# `keras.saving.register_keras_serializable`), or passed to `load_model` as
# `custom_objects={...}` (or inside `keras.saving.custom_object_scope`). The tumour classifier of
# section 3, saved and loaded back:

# %%
with tempfile.TemporaryDirectory() as folder:
    path = pathlib.Path(folder) / "tumour_classifier.keras"
    model.save(path)
    reloaded = keras.models.load_model(path)
    print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")

# %% tags=["nbval-check-output"]
same = np.array_equal(
    keras.ops.convert_to_numpy(model(X_test_s)), keras.ops.convert_to_numpy(reloaded(X_test_s))
)
print("same predictions on the 114 test tumours:", same)
reloaded_scores = reloaded.evaluate(X_test_s, y_test, verbose=0, return_dict=True)
print(
    "same metrics, same test scores:",
    reloaded_scores.keys() == test_scores.keys()
    and all(np.isclose(reloaded_scores[name], test_scores[name]) for name in test_scores),
)

# %% [markdown]
# ## 9. Memorising is not learning
#
# One more experiment, to be sure what "learning" means. Give the too-big
# network **random labels**: coin flips with no link to the tumours, for the
# 60 training tumours and for the validation tumours.

# %%
rng = np.random.default_rng(0)
coin_flips = rng.integers(0, 2, size=60)  # random labels for the 60 training tumours
coin_flips_val = rng.integers(0, 2, size=len(y_val))  # and for the validation tumours
coin_train = tf.data.Dataset.from_tensor_slices((X_train_s[:60], coin_flips)).batch(60).repeat()
coin_val = tf.data.Dataset.from_tensor_slices((X_val_s, coin_flips_val)).batch(len(y_val))

noise = train(plain_net, seed=0, epochs=20, train_data=coin_train, validation_data=coin_val).history
print(f"{'epoch':>5} {'training accuracy':>17} {'validation accuracy':>19}")
for epoch in (1, 5, 10, 15, 20):
    print(
        f"{epoch:5} {noise['accuracy'][epoch - 1]:17.0%} {noise['val_accuracy'][epoch - 1]:19.0%}"
    )
print(
    f"chance: 50 %, give or take {np.sqrt(0.25 / len(y_val)):.0%}"
    f" (one standard error) on {len(y_val)} tumours"
)

# %% [markdown]
# The network **can** learn noise: it memorises the 60 coin flips, and its
# training accuracy climbs to 100 %. What it cannot do is generalise from
# them: on the validation tumours it stays at chance, since there was
# nothing to learn that would carry over. A high training score alone proves
# nothing; only data the network has not seen can tell learning from
# memorising.

# %% [markdown]
# ## 10. Your turn: the training playground
#
# Train small networks on two-dimensional data and watch the loss, the
# accuracy and the decision boundary move. Press **Train** after each change.
# It starts with a learning rate that is too small. Try:
#
# - learning rate `0.0003`, then `0.03`, then `0.8`: too slow, good, too
#   big. What does `0.8` do to the loss? ([Lesson 4](04_how_a_network_learns.ipynb),
#   section 8, shows what happens and why.)
# - batch size 8 against 256 with the same number of epochs: which makes more
#   weight updates, and which takes longer? (That comparison mixes batch size
#   with the number of updates; [lesson 5c](05c_learning_rate_and_batch_size.ipynb)
#   separates them.)
# - 1 hidden unit against 16 on the circles: when is a network too small?

# %%
playground = training_playground(
    preset={"dataset": "circles", "learning_rate": 0.0003, "epochs": 60, "batch_size": 32}
)
playground

# %% [markdown]
# ## Common pitfalls
#
# > **An F1 metric fails with `TypeError: Input 'y' of 'Mul' Op has type float32
# > that does not match type int64`.** Labels are integers and predictions are
# > floats; TensorFlow does not mix them. Cast first:
# > `y_true = keras.ops.cast(y_true, y_pred.dtype)`, and give the labels the
# > predictions' shape. After that, even an F1 written, as older tutorials
# > write it, with the old `tf.keras.backend` functions (`K.sum`, `K.round`, `K.clip`) runs
# > (below, in `evaluate`, which like `fit` turns the metric into a TensorFlow
# > graph): they work on those symbolic tensors. Still write new metrics with
# > `keras.ops`: it works on every Keras backend (JAX, PyTorch, TensorFlow),
# > while `tf.keras.backend` is TensorFlow only, and plain `import keras` has
# > no `keras.backend.sum`. And make it a stateful `keras.metrics.Metric`: the
# > tutorials' F1 is a per-batch F1, averaged over batches (section 5).
# >
# > **A history plot fails with `NameError: name 'ax' is not defined`, then
# > `NameError: name 'metrics' is not defined`, then `KeyError: 'val_loss'`.**
# > The axes must be created first (`fig, ax = plt.subplots(1, 2)`); the loop
# > `for metric in metrics:` needs the list of metric names it plots, which
# > a copied snippet may leave undefined (`metrics = ["accuracy"]`; in this
# > notebook, where `metrics` is scikit-learn's module, the loop fails with a
# > `TypeError` instead); and
# > `val_...` entries exist only if `fit` had validation data: pass
# > `validation_data=(X_val, y_val)` or `validation_split=0.2`. `nnteach.plot_history(history)` makes its own
# > axes and adds the validation panel whenever the history has one.
# >
# > **Batch-wise precision, recall and F1 are not the data set's scores.**
# > A metric function of `(y_true, y_pred)` is averaged over batches, which is
# > wrong for ratios (section 5); that is why Keras removed them. Use a stateful
# > `keras.metrics.Metric` (`nnteach.BinaryF1Score`, `keras.metrics.Precision`,
# > `keras.metrics.Recall`, `keras.metrics.F1Score(threshold=0.5)` with 2-D
# > labels), or scikit-learn on `model.predict(...)`.
#
# Such a tutorial F1, first as those tutorials write it, then with the labels cast and reshaped:

# %%
# the older tutorials' import, kept here on purpose: the old Keras 2 functions
from tensorflow.keras import backend as K  # noqa: E402


def tutorial_f1(y_true, y_pred):  # an older tutorial's F1 in one function, K.* as written there
    true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
    precision = true_positives / (K.sum(K.round(K.clip(y_pred, 0, 1))) + K.epsilon())
    recall = true_positives / (K.sum(K.round(K.clip(y_true, 0, 1))) + K.epsilon())
    return 2 * precision * recall / (precision + recall + K.epsilon())


def tutorial_f1_fixed(y_true, y_pred):  # labels as floats, and shaped like the predictions
    y_true = keras.ops.cast(keras.ops.reshape(y_true, keras.ops.shape(y_pred)), y_pred.dtype)
    return tutorial_f1(y_true, y_pred)


for metric in (tutorial_f1, tutorial_f1_fixed):
    check_net = keras.models.clone_model(model)  # the classifier's architecture
    check_net.set_weights(model.get_weights())  # and its trained weights
    check_net.compile(loss="binary_crossentropy", metrics=[metric])
    try:
        scores = check_net.evaluate(X_val_s, y_val, batch_size=64, verbose=0, return_dict=True)
        print(f"{metric.__name__:17} runs; on the validation part: {scores[metric.__name__]:.3f}")
    except TypeError as error:
        print(f"{metric.__name__:17} TypeError: {str(error).splitlines()[0]}")

# %% [markdown]
# The second fix matters as much as the cast. `fit` and `evaluate` hand a metric the labels
# as they were given, shape `(batch,)`, and the predictions of a one-unit
# output, shape `(batch, 1)`. Multiplied, they broadcast into a table, so
# with the cast alone the tutorial's `y_true * y_pred` is not one product per
# tumour:

# %% tags=["nbval-check-output"]
print(
    "(64,) labels × (64, 1) predictions →",
    tuple((keras.ops.ones(64) * keras.ops.ones((64, 1))).shape),
)

# %% [markdown]
# ## Summary
#
# - `compile` chooses the loss (what training lowers), the optimizer (Adam:
#   how weights move) and the metrics (what you read); `fit` trains,
#   `evaluate` scores, `predict` outputs.
# - Split into training, validation and test parts; fit the standardisation
#   on the training part only (by hand or with a `Normalization` layer, which
#   then travels with the model); look at the test part once, at the end. On
#   small parts, scores carry sampling noise of a few percentage points.
# - Classification: accuracy, precision, recall, F1 and the confusion matrix;
#   a probability of 0.5 or more counts as positive here, and the threshold
#   trades recall for precision. Regression: MAE and R².
# - Always compare with a simple model on the same split, and say what the
#   comparison shows: logistic regression made fewer mistakes than this
#   lesson's classifier on its one test part (a gap within chance, see
#   lesson 5b), and a linear regression matched the regression network.
#   When no difference is detected, prefer the simpler model.
# - Precision, recall, F1 and R² must be computed over the whole data set: a
#   stateful metric (all of Keras's built-in ones) keeps running totals over
#   batches; a metric *function* that returns one number per batch is
#   reported as the plain mean of the batch values, which is wrong for
#   ratios. Keras's `F1Score` and `R2Score` want 2-D inputs, and `F1Score`
#   needs `threshold=0.5` for a sigmoid output.
# - `fit`'s training loss is a running mean over the epoch (with dropout on,
#   if the network has it); the validation loss is measured at the end of the
#   epoch. Training loss falling while validation loss rises is overfitting.
#   `EarlyStopping(restore_best_weights=True)` keeps the weights of the epoch
#   with the lowest validation loss among those it ran (its validation score
#   is then optimistic), `ModelCheckpoint` its file; `model.save` /
#   `keras.models.load_model` give
#   back the same predictions.
# - A network can memorise random labels perfectly and still be at chance on
#   new data.
#
# ### Check your understanding
#
# 1. Why is the `StandardScaler` fitted on the training part only, and not on all 569 tumours?
# 2. A model has precision 0.95 and recall 0.80 for *malignant*. Say what each
#    number means for patients. Which one rises if you lower the threshold?
# 3. Why can the mean of per-batch F1 scores differ from the F1 score of the
#    whole data set, and why does the order of the rows matter (where is it
#    not shuffled for you)?
# 4. The training loss keeps falling, the validation loss has risen for 10
#    epochs. What is happening, and which weights does
#    `EarlyStopping(restore_best_weights=True)` keep?
# 5. Why must the threshold be chosen on the validation part and not on the test part?
# 6. Your network scores 0.92 on the test part; a logistic regression trained
#    on the same split scores 0.96. What do you report, and what would you
#    need before choosing the network anyway?
#
# <details>
# <summary>Answers</summary>
#
# 1. The test part stands for patients the model has never seen; their mean
#    and spread are unknown while training. Using them leaks information from
#    the test part into the model, so the test score is no longer an honest
#    estimate (biased, usually a little, in a direction that depends on the
#    problem).
# 2. Precision 0.95: of the tumours called malignant, 95 % are. Recall 0.80: of
#    the malignant tumours, the model finds 80 % and misses 20 %. Lowering the
#    threshold raises recall or keeps it (and usually lowers precision).
# 3. F1 is a ratio of counts. The mean of ratios gives every batch the same
#    weight, whatever its number of positives, and a batch without positives
#    has an F1 of 0 by convention. Sorted rows make batches of a single class,
#    which pulls the mean far from the true value. The true F1 uses the totals,
#    so it does not depend on batches or order. `fit` shuffles NumPy training
#    rows each epoch by default; `evaluate`, `validation_data`, an unshuffled
#    `tf.data` pipeline and `fit(..., shuffle=False)` keep the order given.
# 4. Overfitting: the network memorises the training data. It keeps the weights
#    from the epoch with the lowest validation loss.
# 5. Choosing on the test part turns it into a second validation part: its
#    score would be chosen to look good, no longer an honest estimate for new
#    patients.
# 6. Both scores, and that the simple model did better on this split. Before
#    choosing the network you would need evidence that does not come from
#    the test part: the two compared over several splits (cross-validation)
#    and several seeds, with paired differences (same split, same seed)
#    that favour the network by more than their own spread. Choosing
#    the better of the two by its test score makes that score optimistic.
#
# </details>
#
# **Next:** practise in [exercise 5](../exercises/05_training_and_testing.ipynb),
# then [lesson 5b](05b_judging_a_classifier.ipynb) judges this classifier
# against its baseline, [lesson 5c](05c_learning_rate_and_batch_size.ipynb)
# chooses the learning rate and the batch size, and
# [lesson 5d](05d_regularisation_tested.ipynb) tests the remedies against
# overfitting.
