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
# # 4 · Training and testing
#
# A network is only as good as the honest test it passes. In this lesson you
# train networks on two real medical data sets and measure them the right
# way: on data they have never seen, with scores that mean what they say.
#
# **In this notebook you will**
# - choose a loss, an optimizer (Adam) and metrics, and use `compile`, `fit`, `evaluate` and `predict`;
# - split data into training, validation and test parts, and standardise them without leaking the test set;
# - measure a classifier with accuracy, precision, recall and F1, and a regressor with MAE and R²;
# - see why an F1 score averaged over batches is wrong, and use a metric that gets it right;
# - read training and validation curves, spot overfitting, and reduce it with dropout and early stopping;
# - read a confusion matrix and move the decision threshold.
#
# **Prerequisites:** lessons [1](01_perceptron.ipynb) to [3](03_seeing_the_network.ipynb):
# a `Dense` layer, activations (sigmoid, ReLU), dropout, building a `keras.Sequential` model.

# %%
import ipywidgets as widgets
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn import metrics
from sklearn.linear_model import LinearRegression

import nnteach
from nnteach.widgets import training_playground

keras.utils.set_random_seed(0)  # same data splits, same weights, same curves for everyone

# %% [markdown]
# ## 1. Three choices before training
#
# `model.compile(...)` fixes how the network will learn:
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

# %%
# NBVAL_CHECK_OUTPUT
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, val_size=0.2, test_size=0.2, seed=0
)
for name, y_part in [("train", y_train), ("validation", y_val), ("test", y_test)]:
    print(f"{name:10} {len(y_part):3} tumours, {y_part.mean():.0%} malignant")

# %% [markdown]
# ### Standardising, fitted on the training part only
#
# The 30 features live on very different scales (a *mean area* in the
# hundreds, a *mean smoothness* around 0.1). Networks learn best when every
# input is around 0 with a spread of about 1, so each feature is
# standardised: subtract its mean, divide by its standard deviation.

# %%
# NBVAL_CHECK_OUTPUT
for i in (3, 4):
    print(
        f"{data.feature_names[i]:16} from {X_train[:, i].min():7.2f} to {X_train[:, i].max():7.2f}"
    )

# %% [markdown]
# **The mean and standard deviation come from the training part only**, and
# the same numbers are then applied to validation and test. The test part
# stands for future patients, whose values you cannot know while training.
# Computing the scaling on all the data would let a little of the test set
# leak into the model, and its test score would be slightly too good.

# %%
scaler = nnteach.Standardizer().fit(X_train)  # learns 30 means and 30 spreads
X_train_s, X_val_s, X_test_s = (scaler.transform(X) for X in (X_train, X_val, X_test))

# %%
# NBVAL_CHECK_OUTPUT
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
# them right (Keras's own `keras.metrics.Precision` and `Recall` work the same
# way). With `batch_size=64`, an epoch is 6 batches, each followed by a
# weight update. For data with hundreds of batches per epoch,
# `steps_per_execution=8` in `compile` runs 8 of them per call and saves time;
# with 6 it saves nothing.

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
# ## 4. Test it: `evaluate`, `predict`, and scikit-learn as a referee
#
# Training is over, settings are chosen: now, once, the test part.

# %%
test_scores = model.evaluate(X_test_s, y_test, verbose=0, return_dict=True)
for name, value in test_scores.items():
    print(f"{name:10} {value:.3f}")

# %% [markdown]
# These are the numbers to report. Do not be surprised if they are a little
# lower than the validation scores in the curves: the validation part helped
# choose the settings, the test part did not.
#
# `predict` gives probabilities. A tumour counts as malignant when its
# probability is above 0.5:

# %%
prob_test = model.predict(X_test_s, verbose=0).ravel()
y_pred = (prob_test > 0.5).astype(int)
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

# %%
# NBVAL_CHECK_OUTPUT
for name, value in sklearn_scores.items():
    print(f"{name:10} matches scikit-learn:", bool(np.isclose(test_scores[name], value, atol=1e-6)))

# %% [markdown]
# ### The confusion matrix
#
# Four counts hide behind all these scores. Rows are the true classes,
# columns what the model said:

# %%
cm_display = metrics.ConfusionMatrixDisplay.from_predictions(
    y_test, y_pred, display_labels=data.target_names, cmap="Blues", colorbar=False
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
# part, never on the test part. Move the slider:

# %%
prob_val = keras.ops.convert_to_numpy(model(X_val_s)).ravel()  # model(X): fast for small arrays
thresholds = np.linspace(0.02, 0.98, 49)
precisions = [metrics.precision_score(y_val, prob_val > t, zero_division=0) for t in thresholds]
recalls = [metrics.recall_score(y_val, prob_val > t) for t in thresholds]


def show_threshold(threshold):
    predicted = prob_val > threshold
    missed = int(np.sum(predicted[y_val == 1] == 0))
    alarms = int(np.sum(predicted[y_val == 0] == 1))
    fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    ax.plot(thresholds, precisions, label="precision", color="#0072B2")
    ax.plot(thresholds, recalls, label="recall", color="#D55E00")
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
# Lowering the threshold finds more cancers (recall rises) at the price of
# more false alarms (precision falls). No threshold is right in general; it
# depends on what each kind of mistake costs.

# %% [markdown]
# ## 5. The batch-wise F1 trap
#
# Keras computes a metric on each **batch** and reports the average over the
# batches. For accuracy that is fine. For precision, recall and F1 it is not:
# they are ratios of counts, and the average of ratios is not the ratio of
# the totals. A batch with one malignant tumour weighs as much as a batch with
# ten, and a batch with none has no sensible F1 at all.
#
# A tiny example by hand: 8 samples in 2 batches of 4. The first batch has
# F1 = 2/3, the second 6/7, and their mean is 0.762. Over all 8 samples:
# 4 found, 1 false alarm, 1 missed, so F1 = 8/10 = 0.800.

# %%
# NBVAL_CHECK_OUTPUT
y_small = [1, 0, 0, 0, 1, 1, 1, 1]
prob_small = [0.9, 0.6, 0.1, 0.2, 0.8, 0.4, 0.7, 0.9]
nnteach.batchwise_f1_gap(y_small, prob_small, batch_size=4)

# %% [markdown]
# The same on our test predictions. The F1 of the data set is one number,
# but the batch average changes with the batch size, and even more with the
# **order** of the rows: many raw files list all benign cases first.

# %%
by_label = np.argsort(y_test, kind="stable")  # benign first, as in many raw files
print(f"{'rows':8} {'batch':>5} {'mean of batch F1':>17} {'true F1':>8}")
for order_name, order in [("shuffled", np.arange(len(y_test))), ("sorted", by_label)]:
    for batch_size in (8, 32):
        gap = nnteach.batchwise_f1_gap(y_test[order], prob_test[order], batch_size=batch_size)
        print(f"{order_name:8} {batch_size:5} {gap.mean_batch_f1:17.3f} {gap.true_f1:8.3f}")

# %% [markdown]
# With `metrics=[nnteach.f1_batchwise]` in `compile`, Keras would report the
# "mean of batch F1" column, far below the true F1 on the sorted rows. That is
# why Keras 2.0 **removed** its batch-wise precision, recall and F1.
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

# %%
# NBVAL_CHECK_OUTPUT
true_f1 = metrics.f1_score(y_test, y_pred)
print(
    "BinaryF1Score matches scikit-learn:", bool(np.isclose(f1_metric.result(), true_f1, atol=1e-6))
)

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
# The target is around 150 with a spread of about 77, so the output neuron's
# bias starts at the training mean instead of 0: the network begins from the
# average and learns the differences. Adam gets larger steps (learning rate
# 0.1) than before, since the weights must grow to the target's scale.

# %%
diabetes = nnteach.load_diabetes()
Xd_train, Xd_val, Xd_test, yd_train, yd_val, yd_test = nnteach.train_val_test_split(
    diabetes.X, diabetes.y, seed=0
)
Xd_train, Xd_val, Xd_test = nnteach.standardize(Xd_train, Xd_val, Xd_test)  # train statistics

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
# On the test part, with a plain straight-line fit (scikit-learn's
# `LinearRegression`) as a baseline. Always compare with something simple: a
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

# %%
# NBVAL_CHECK_OUTPUT
print(
    "R2Score matches scikit-learn:",
    bool(np.isclose(reg_scores["r2"], metrics.r2_score(yd_test, yd_pred), atol=1e-4)),
)

# %% [markdown]
# The network is about as good as the straight line: these ten measurements
# explain only part of how the disease progresses, and a typical prediction
# is off by about 45 units. An honest test tells you that too.

# %% [markdown]
# ## 7. Overfitting: seen, then reduced
#
# A network with many more weights than training examples can learn the
# training examples by heart, including their noise. To see it quickly, take
# a **too-big network** (two layers of 256 neurons, about 74,000 weights),
# only **60** training tumours, and train **too long**.
#
# These experiments run many short epochs. Given NumPy arrays, Keras prepares
# them again at every epoch, which here costs more than the training itself.
# A `tf.data.Dataset` made once from the same arrays avoids that: `fit`
# accepts it in place of `X, y`, already cut into batches (here, a single
# batch holding all 60 tumours, so `shuffle=False`: there is nothing to shuffle).

# %%
few_train = tf.data.Dataset.from_tensor_slices((X_train_s[:60], y_train[:60])).batch(60)
val_data = tf.data.Dataset.from_tensor_slices((X_val_s, y_val)).batch(len(y_val))


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


big = too_big_network()
big.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
big_history = big.fit(few_train, validation_data=val_data, epochs=15, shuffle=False, verbose=0)

big_curves = nnteach.plot_history(big_history, metrics=[], title="Too big, too long: overfitting")
best_epoch = int(np.argmin(big_history.history["val_loss"])) + 1
for ax in big_curves.axes_:
    ax.axvline(best_epoch, color="grey", ls=":")
    ax.text(
        best_epoch + 0.2,
        0.5,
        "lowest\nvalidation loss",
        color="grey",
        transform=ax.get_xaxis_transform(),
    )

# %% [markdown]
# The training loss goes to almost 0, while the validation loss reaches its
# lowest point after a few epochs and then **rises**: the network grows ever
# more sure of answers that only hold for its 60 examples, and pays for it on
# the tumours it gets wrong. (`metrics=[]` draws only the losses: they are
# what to watch here.)
#
# Two standard remedies, used together:
#
# - **Dropout** (lesson 2) switches off a random half of the hidden neurons at
#   each training step, so no neuron can rely on a few others to memorise.
# - **Early stopping** watches the validation loss and stops when it has not
#   improved for `patience` epochs; `restore_best_weights=True` then puts back
#   the weights of the best epoch (without it you keep the last, worse ones).

# %%
regularised = too_big_network(dropout=0.5)
regularised.compile(
    optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=4, restore_best_weights=True
)
regularised_history = regularised.fit(
    few_train,
    validation_data=val_data,
    epochs=15,
    shuffle=False,
    verbose=0,
    callbacks=[early_stopping],
)

regularised_curves = nnteach.plot_history(
    regularised_history, metrics=[], title="Dropout and early stopping"
)
for ax in regularised_curves.axes_:
    ax.axvline(early_stopping.best_epoch + 1, color="grey", ls=":")
    ax.text(
        early_stopping.best_epoch + 1.2,
        0.5,
        "weights kept",
        color="grey",
        transform=ax.get_xaxis_transform(),
    )

# %%
print(
    f"stopped after {len(regularised_history.history['loss'])} of 15 epochs,"
    f" kept the weights of epoch {early_stopping.best_epoch + 1}"
)
print(f"validation loss, too big and too long: {big.evaluate(val_data, verbose=0)[0]:.3f}")
print(f"validation loss, with the remedies:    {regularised.evaluate(val_data, verbose=0)[0]:.3f}")

# %% [markdown]
# ### A network cannot learn noise
#
# One more experiment, to be sure what "learning" means. Give the too-big
# network **random labels**, coin flips with no link to the tumours. It can
# still push its training accuracy up by memorising, but on validation data
# it stays at chance, about 50 %: there was nothing to learn.

# %%
rng = np.random.default_rng(0)
coin_flips = rng.integers(0, 2, size=100)  # random labels for 100 training tumours
coin_flips_val = rng.integers(0, 2, size=len(y_val))  # and for the validation tumours
coin_train = tf.data.Dataset.from_tensor_slices((X_train_s[:100], coin_flips)).batch(100)

noise_net = too_big_network()
noise_net.compile(
    optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"]
)
noise_history = noise_net.fit(coin_train, epochs=15, shuffle=False, verbose=0)

accuracy = noise_history.history["accuracy"]
val_guess = keras.ops.convert_to_numpy(noise_net(X_val_s)).ravel() > 0.5
print(f"training accuracy:   {accuracy[0]:.0%} at epoch 1, {accuracy[-1]:.0%} at epoch 15")
print(f"validation accuracy: {np.mean(val_guess == coin_flips_val):.0%} after epoch 15")

# %% [markdown]
# ## 8. Your turn: the training playground
#
# Train small networks on two-dimensional data and watch the loss, the
# accuracy and the decision boundary move. Press **Train** after each change.
# It starts with a learning rate that is too small. Try:
#
# - learning rate 0.0003, then 0.03, then 0.8: too slow, good, too big (the
#   loss jumps about and never settles);
# - batch size 8 against 256 with the same number of epochs: which makes more
#   weight updates, and which takes longer?
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
# > `y_true = keras.ops.cast(y_true, y_pred.dtype)`. (Write the maths with
# > `keras.ops` too: Keras 3 has no `keras.backend.sum`, and the old
# > `tf.keras.backend` functions such as `K.round` fail on symbolic tensors.)
# >
# > **A history plot fails with `NameError: name 'ax' is not defined`, then
# > `KeyError: 'val_loss'`.** The axes must be created first
# > (`fig, ax = plt.subplots(1, 2)`), and `val_...` entries exist only if `fit`
# > had validation data: pass `validation_data=(X_val, y_val)` or
# > `validation_split=0.2`. `nnteach.plot_history(history)` makes its own
# > axes and adds the validation panel whenever the history has one.
# >
# > **Batch-wise precision, recall and F1 are not the data set's scores.**
# > A metric function of `(y_true, y_pred)` is averaged over batches, which is
# > wrong for ratios (section 5); that is why Keras removed them. Use a stateful
# > `keras.metrics.Metric` (`nnteach.BinaryF1Score`, `keras.metrics.Precision`,
# > `keras.metrics.Recall`), or scikit-learn on `model.predict(...)`.

# %% [markdown]
# ## Summary
#
# - `compile` chooses the loss (what training lowers), the optimizer (Adam:
#   how weights move) and the metrics (what you read); `fit` trains,
#   `evaluate` scores, `predict` outputs.
# - Split into training, validation and test parts; fit the standardisation
#   on the training part only; look at the test part once, at the end.
# - Classification: accuracy, precision, recall, F1 and the confusion matrix;
#   the threshold trades recall for precision. Regression: MAE and R², and a
#   simple baseline to beat.
# - Precision, recall, F1 and R² must be computed over the whole data set: a
#   stateful metric adds up counts over batches; the mean of batch scores is wrong.
# - Training loss falling while validation loss rises is overfitting. Dropout
#   and `EarlyStopping(restore_best_weights=True)` reduce it; random labels
#   show that memorising is not learning.
#
# ### Check your understanding
#
# 1. Why is the `Standardizer` fitted on the training part only, and not on all 569 tumours?
# 2. A model has precision 0.95 and recall 0.80 for *malignant*. Say what each
#    number means for patients. Which one rises if you lower the threshold?
# 3. Why can the mean of per-batch F1 scores differ from the F1 score of the
#    whole data set, and why does the order of the rows matter?
# 4. The training loss keeps falling, the validation loss has risen for 10
#    epochs. What is happening, and which weights does
#    `EarlyStopping(restore_best_weights=True)` keep?
# 5. Why must the threshold be chosen on the validation part and not on the test part?
#
# <details>
# <summary>Answers</summary>
#
# 1. The test part stands for patients the model has never seen; their mean
#    and spread are unknown while training. Using them leaks information from
#    the test part into the model and makes the test score too optimistic.
# 2. Precision 0.95: of the tumours called malignant, 95 % are. Recall 0.80: of
#    the malignant tumours, the model finds 80 % and misses 20 %. Lowering the
#    threshold raises recall (and usually lowers precision).
# 3. F1 is a ratio of counts. The mean of ratios gives every batch the same
#    weight, whatever its number of positives, and a batch without positives
#    has an F1 of 0 by convention. Sorted rows make batches of a single class,
#    which pulls the mean far from the true value. The true F1 uses the totals,
#    so it does not depend on batches or order.
# 4. Overfitting: the network memorises the training data. It keeps the weights
#    from the epoch with the lowest validation loss.
# 5. Choosing on the test part turns it into a second validation part: its
#    score would be chosen to look good, no longer an honest estimate for new
#    patients.
#
# </details>
#
# **Next:** practise in [exercise 5](../exercises/05_training_and_testing.ipynb),
# then [lesson 6](06_explaining_predictions.ipynb) asks *why* a trained network
# predicts what it does.
