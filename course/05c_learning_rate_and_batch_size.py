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
# # 5c · The learning rate and the batch size in practice
#
# [Lesson 4](04_how_a_network_learns.ipynb) showed what the learning rate
# does, and [lesson 5](05_training_and_testing.ipynb) trained networks with
# a learning rate and a batch size fixed in advance. This lesson shows how
# practitioners choose them, and how to compare two settings fairly.
#
# **In this notebook you will**
# - find a learning rate with a learning-rate range test;
# - lower the learning rate when progress stalls (`ReduceLROnPlateau`, next to `EarlyStopping`) or on a schedule (cosine decay);
# - compare batch sizes at the same number of updates, and see where scaling the learning rate with the batch (a heuristic) falls short.
#
# **Prerequisites:** [lesson 4](04_how_a_network_learns.ipynb) (learning
# rate, Adam, SGD with momentum) and [lesson 5](05_training_and_testing.ipynb)
# (splits, `fit`, callbacks).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from scipy import stats
from sklearn.preprocessing import StandardScaler

import nnteach

keras.utils.set_random_seed(0)  # the same splits, weights and curves for everyone

# %% [markdown]
# ## 1. Data and networks
#
# The breast cancer data, split and standardised as in lesson 5, and served
# by `tf.data` pipelines: the training part shuffled, in batches of a
# chosen size, and endless (`.repeat()`), so that `steps_per_epoch` decides
# how many updates an "epoch" holds; the validation part as a single batch.

# %%
data = nnteach.load_breast_cancer()
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, val_size=0.2, test_size=0.2, seed=0
)
scaler = StandardScaler().fit(X_train)
X_train_s, X_val_s = scaler.transform(X_train), scaler.transform(X_val)
print(f"{len(y_train)} training and {len(y_val)} validation tumours")


def batches(batch_size, X=X_train_s, y=y_train):
    """The training part, shuffled, in batches of `batch_size`, endlessly."""
    return (
        tf.data.Dataset.from_tensor_slices((X, y))
        .shuffle(len(y), seed=0)
        .batch(batch_size, drop_remainder=True)
        .repeat()
    )


val_data = tf.data.Dataset.from_tensor_slices((X_val_s, y_val)).batch(len(y_val))


def tumour_classifier():
    """Lesson 5's network: 30 inputs, ReLU layers of 16 and 8, one sigmoid output."""
    return keras.Sequential(
        [
            keras.Input(shape=(data.n_features,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


# %% [markdown]
# ## 2. A learning-rate range test
#
# Which learning rate? Too small and training crawls, too large and the
# loss jumps or blows up ([lesson 4](04_how_a_network_learns.ipynb)). A
# **range test** measures it in one short run. The idea is Smith's "LR
# range test" ([Cyclical Learning Rates for Training Neural Networks](https://arxiv.org/abs/1506.01186),
# section 3.3), which raises the learning rate *linearly* over a few epochs
# and plots the *accuracy*. The version used here is the variant of the
# fastai library (Howard and Gugger, *Deep Learning for Coders with fastai
# and PyTorch*, 2020, chapter 5; its
# [learning-rate finder](https://docs.fast.ai/callback.schedule.html)):
# start with a tiny learning rate, multiply it by the same factor after
# every update, and record a smoothed training loss. Here a Keras schedule
# does the multiplying (an `ExponentialDecay` whose
# rate is above 1 grows), and each "epoch" is a single update, so the
# history holds one loss per update: the loss of that update's batch,
# computed just before the update.

# %%
STEPS = 120
LOWEST, HIGHEST = 1e-4, 10.0
growth = (HIGHEST / LOWEST) ** (1 / (STEPS - 1))
rising = keras.optimizers.schedules.ExponentialDecay(LOWEST, decay_steps=1, decay_rate=growth)

keras.utils.set_random_seed(0)
range_net = tumour_classifier()
range_net.compile(optimizer=keras.optimizers.Adam(rising), loss="binary_crossentropy")
range_run = range_net.fit(batches(64), steps_per_epoch=1, epochs=STEPS, shuffle=False, verbose=0)

rates = LOWEST * growth ** np.arange(STEPS)  # the learning rate of each update
losses = np.array(range_run.history["loss"])
smooth = np.zeros(STEPS)  # a running average, so one lucky batch does not decide
average = 0.0
for i, loss in enumerate(losses):
    average = 0.9 * average + 0.1 * loss
    smooth[i] = average / (1 - 0.9 ** (i + 1))  # corrected for the start at 0
lowest_at = rates[np.argmin(smooth)]
blown_up = rates[np.argmax((np.arange(STEPS) > np.argmin(smooth)) & (smooth > 2 * smooth.min()))]
print(f"lowest smoothed loss {smooth.min():.3f} at learning rate {lowest_at:.3f}")
print(f"smoothed loss above twice its lowest from learning rate {blown_up:.2f} on")
print(f"a tenth of the best: {lowest_at / 10:.4f}   (lesson 5 used 0.01)")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.4), layout="constrained")
ax.plot(rates, losses, color="0.75", lw=1, label="loss of each batch")
ax.plot(rates, smooth, color="C0", lw=2, label="smoothed")
ax.axvline(lowest_at, color="C1", ls=":", label=f"lowest smoothed loss ({lowest_at:.2f})")
ax.set(
    xscale="log",
    xlabel="learning rate (log scale)",
    ylabel="training loss",
    ylim=(0, 1.5),
    title="Learning-rate range test: one update per learning rate",
)
legend = ax.legend(loc="upper left")

# %% [markdown]
# Read the curve from left to right. At the smallest rates the loss hardly
# moves; then it falls steeply, then more slowly, down to its
# lowest point at 0.279; a little further on, from 0.89, it shoots up: the
# updates overshoot. The usual rule of thumb is a learning rate
# somewhat below the lowest point, often a tenth of it, where the loss is
# still falling (older versions of the fastai library's
# [learning-rate finder](https://docs.fast.ai/callback.schedule.html)
# reported this as `lr_min`; current ones offer it as the `minimum`
# suggestion, next to the default `valley`). A range test is cheap and rough: each learning rate
# gets one batch, and the network it sees is the one trained by all the
# smaller rates before it. It narrows the search; it does not replace
# checking the chosen rate on validation data.
#
# ## 3. Lowering the learning rate while training
#
# A large learning rate makes fast progress early and then bounces around
# the bottom of the valley. Two common ways to lower it as training goes on:
#
# - **`ReduceLROnPlateau`** watches the validation loss, like
#   `EarlyStopping`, and multiplies the learning rate by `factor` when the
#   loss has not improved for `patience` epochs. Give it a shorter patience
#   than `EarlyStopping`, so that a lower learning rate gets its chance
#   before training stops.
# - A **schedule** fixes the learning rate of every update in advance. The
#   cosine schedule (`keras.optimizers.schedules.CosineDecay`; Loshchilov and
#   Hutter, [SGDR](https://arxiv.org/abs/1608.03983)) lowers it from its
#   starting value to 0 along half a cosine wave over a set number of
#   updates.
#
# Three runs of the same network from the same initial weights, 6 updates
# of 56 tumours per epoch: a constant learning rate, the same start with
# `ReduceLROnPlateau` and `EarlyStopping`, and a cosine schedule over all
# 30 epochs. The starting rate, 0.03, is about a tenth of the range test's
# lowest point: the rule of thumb above.

# %%
EPOCHS_LR, STEPS_PER_EPOCH, START_RATE = 30, 6, 0.03


class RateLog(keras.callbacks.Callback):
    """Record the optimizer's learning rate at the end of every epoch."""

    def on_train_begin(self, logs=None):
        self.rates = []

    def on_epoch_end(self, epoch, logs=None):
        self.rates.append(float(self.model.optimizer.learning_rate))


cosine = keras.optimizers.schedules.CosineDecay(START_RATE, decay_steps=EPOCHS_LR * STEPS_PER_EPOCH)
keras.utils.set_random_seed(0)
initial_weights = tumour_classifier().get_weights()  # every run starts from these
schedule_nets = {}
for optimizer_kind, rate in [("constant", START_RATE), ("cosine", cosine)]:
    schedule_nets[optimizer_kind] = tumour_classifier()
    schedule_nets[optimizer_kind].compile(
        optimizer=keras.optimizers.Adam(rate),
        loss="binary_crossentropy",
        steps_per_execution=STEPS_PER_EPOCH,  # one call into the graph per epoch
    )

schedule_runs = {}
for name in ("constant", "plateau + early stopping", "cosine"):
    net = schedule_nets["cosine" if name == "cosine" else "constant"]
    net.set_weights(initial_weights)
    for variable in net.optimizer.variables:  # Adam's state back to zero
        if variable.name != "learning_rate":
            variable.assign(keras.ops.zeros_like(variable))
    if name != "cosine":
        net.optimizer.learning_rate = START_RATE  # ReduceLROnPlateau may have lowered it
    rate_log = RateLog()
    callbacks = [rate_log]
    if name == "plateau + early stopping":
        callbacks += [
            keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.3, patience=2),
            keras.callbacks.EarlyStopping(
                monitor="val_loss", patience=6, restore_best_weights=True
            ),
        ]
    run = net.fit(
        batches(56),
        steps_per_epoch=STEPS_PER_EPOCH,
        validation_data=val_data,
        epochs=EPOCHS_LR,
        callbacks=callbacks,
        shuffle=False,  # the pipeline shuffles; fit never shuffles a tf.data.Dataset
        verbose=0,
    )
    schedule_runs[name] = {**run.history, "rate": rate_log.rates}

fig, (ax_rate, ax_loss) = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained")
for name, h in schedule_runs.items():
    epochs = np.arange(1, len(h["val_loss"]) + 1)
    ax_rate.plot(epochs, h["rate"], label=name)
    ax_loss.plot(epochs, h["val_loss"], label=name)
ax_rate.set(xlabel="epoch", ylabel="learning rate", title="Learning rate")
ax_loss.set(xlabel="epoch", ylabel="validation loss", title="Validation loss")
legend = ax_loss.legend()

print(f"{'':25} {'epochs run':>10} {'lowest val loss':>15} {'at epoch':>8} {'last val loss':>13}")
for name, h in schedule_runs.items():
    best = int(np.argmin(h["val_loss"]))
    print(
        f"{name:25} {len(h['val_loss']):10} {h['val_loss'][best]:15.3f} {best + 1:8}"
        f" {h['val_loss'][-1]:13.3f}"
    )

# %% [markdown]
# All three reach about the same lowest validation loss (0.024 or 0.025),
# within the first ten epochs: a lower learning rate did not find a better
# network here. They differ in what comes after. At the constant rate the
# validation loss climbs back to 0.067 by epoch 30. `ReduceLROnPlateau`
# multiplied the rate by 0.3 each time the loss had stalled for 2 epochs
# (left panel), and `EarlyStopping` ended the run at epoch 15 and put back
# the weights of epoch 9. The cosine schedule ends at 0.051. This is one seed: it shows how each works, not
# which is better. Ranking them would take several seeds, as in section 4.
#
# ## 4. Batch size, compared fairly
#
# A larger batch gives a less noisy gradient, but fewer updates per epoch.
# Comparing batch sizes for the same number of epochs at the same learning
# rate therefore mixes two things: the batch size, and the number of
# updates. Two comparisons separate them, and this section runs both:
#
# - **the same number of updates**: each batch size gets as many steps
#   (the large batch then sees more data);
# - **the same number of epochs, with a scaled learning rate**: the
#   *linear scaling rule* multiplies the learning rate by the factor by which
#   the batch grew (Goyal et al.,
#   [Accurate, Large Minibatch SGD](https://arxiv.org/abs/1706.02677)).
#   It is a heuristic, proposed for SGD (with momentum), which is why this
#   section uses that optimizer rather than Adam; Goyal et al. needed a
#   *warm-up* (a few epochs at a lower rate) to make it work, and report
#   that it breaks down beyond some batch size. Whether it makes the
#   comparison fair is something to check, not assume.
#
# Batches of 32 against batches of 256 (8 times larger), SGD with momentum
# 0.9 and learning rate 0.01 for the small batch, 3 seeds each; for a given
# seed every run starts from the same initial weights. A network without
# dropout that is reused this way, with new weights (`set_weights`), a
# zeroed optimizer state, and batches shuffled by the pipeline from a fixed
# seed (`fit` itself does not shuffle a dataset), should run as a new one
# would; [lesson 5](05_training_and_testing.ipynb), section 7, checks a close
# variant of this reset (there the variables are copied and each epoch is
# one batch), and this lesson does not check its own variant separately.

# %%
SEEDS = range(3)
SMALL, LARGE, RATE = 32, 256, 0.01
small_epoch_steps = len(y_train) // SMALL  # updates in one epoch of small batches
configs = {  # name: (batch size, learning rate, number of updates)
    "batch 32": (SMALL, RATE, 6 * small_epoch_steps),
    "batch 256, same epochs": (LARGE, RATE, 6 * small_epoch_steps * SMALL // LARGE),
    "batch 256, same updates": (LARGE, RATE, 6 * small_epoch_steps),
    "batch 256, same epochs, rate × 8": (LARGE, RATE * 8, 6 * small_epoch_steps * SMALL // LARGE),
}
sgd_nets = {}  # one compiled network per learning rate, reused: no tracing per run
for rate in (RATE, RATE * 8):
    sgd_nets[rate] = tumour_classifier()
    sgd_nets[rate].compile(
        optimizer=keras.optimizers.SGD(rate, momentum=0.9), loss="binary_crossentropy"
    )
batch_results = {}
for name, (batch_size, rate, steps) in configs.items():
    net = sgd_nets[rate]
    losses_over_seeds = []
    for seed in SEEDS:
        keras.utils.set_random_seed(seed)
        net.set_weights(tumour_classifier().get_weights())  # a new network's weights
        for variable in net.optimizer.variables:  # momentum and step count back to zero
            if variable.name != "learning_rate":
                variable.assign(keras.ops.zeros_like(variable))
        net.fit(batches(batch_size), steps_per_epoch=steps, epochs=1, shuffle=False, verbose=0)
        losses_over_seeds.append(net.evaluate(val_data, verbose=0))
    batch_results[name] = (batch_size * steps / len(y_train), steps, np.array(losses_over_seeds))

print(f"{'':33} {'epochs':>6} {'updates':>7} {'validation loss (3 seeds)':>26}")
for name, (epochs, steps, val_losses) in batch_results.items():
    print(
        f"{name:33} {epochs:6.1f} {steps:7} {val_losses.mean():14.3f} ± {val_losses.std(ddof=1):.3f}"
    )
print("\nminus batch 32, seed by seed (paired: the same initial weights)")
for name, (_, _, val_losses) in batch_results.items():
    if name != "batch 32":
        paired = val_losses - batch_results["batch 32"][2]
        each = " ".join(f"{d:+.3f}" for d in paired)
        t_test = stats.ttest_1samp(paired, 0.0)  # paired t-test: the differences against 0
        print(
            f"{name:33} {each}   mean {paired.mean():+.3f}, SD {paired.std(ddof=1):.3f},"
            f" t = {t_test.statistic:+.1f} (df {len(paired) - 1}), p = {t_test.pvalue:.2f}"
        )
print(f"a batch of {LARGE} is {LARGE / len(y_train):.0%} of the {len(y_train)} training tumours")

# %% [markdown]
# Read the rows in pairs:
#
# - **The same epochs, the same rate** (the comparison that mixes the two):
#   batch 256 made 7 updates to batch 32's 60, and is far behind (0.674
#   against 0.159). That mostly shows that it made fewer steps.
# - **The same number of updates**: 0.156 against 0.159. Seed by seed the
#   differences are +0.001, −0.000 and −0.008 (mean −0.003). The yardstick
#   is the spread of these paired differences (lesson 5b, section 4), not
#   the spread of the losses over seeds: their SD is 0.005, and the paired
#   t-test gives t = −0.9 with 2 degrees of freedom, p = 0.45. With three
#   seeds, **no difference is detected** per update. That does not
#   show the two are equally good per update, only that three seeds cannot
#   tell them apart. And the large
#   batch used 8 times more data to get there (45 epochs instead of 5.6).
# - **The same epochs, the rate scaled by 8**: 0.406, better than without
#   scaling but still far behind: here the heuristic did not equalise the
#   two. This lesson does not test why. Possible causes: only 7 updates in
#   all, with no warm-up (Goyal et al. found the rule breaks down early in
#   training, when the network changes fast); and a batch of 256 is 75 % of
#   the 341 training tumours, so an epoch is little more than one update,
#   while Goyal et al. report that the rule fails beyond some batch size
#   ([Accurate, Large Minibatch SGD](https://arxiv.org/abs/1706.02677)).
#
# Note also the spread: with three seeds, 0.67 is clearly worse than 0.16
# (every seed's difference is large and of the same sign), but 0.156 and
# 0.159 cannot be told apart. Whichever comparison you run,
# say which one it is: "same epochs" and "same updates" answer different
# questions.
#
#
# ## Summary
#
# - A learning-rate range test (here fastai's variant of Smith's) raises
#   the learning rate update by update and records the smoothed loss; a
#   rate somewhat below the lowest point is a start,
#   to be checked on validation data.
# - `ReduceLROnPlateau` lowers the learning rate when the validation loss
#   stalls; give it less patience than `EarlyStopping`. A cosine schedule
#   lowers it on a fixed plan. One run shows how they work, not which wins.
# - Compare batch sizes at the same number of updates, or at the same number
#   of epochs, and say which; compare seed by seed. Scaling the learning
#   rate with the batch (linearly, for SGD) is a heuristic that needs
#   warm-up and holds only up to some batch size: here it did not close the
#   gap (0.406 against 0.159), so it does not by itself make a comparison
#   fair.
#
# ### Check your understanding
#
# 1. In a range test the loss is lowest at a learning rate of 0.2. Which
#    learning rate would you try first, and why not 0.2 itself?
# 2. Batch 256 reaches a higher validation loss than batch 32 after the
#    same number of epochs. What two fairer comparisons could you make?
# 3. Why should `ReduceLROnPlateau` have a shorter patience than
#    `EarlyStopping` when both watch the validation loss?
#
# <details>
# <summary>Answers</summary>
#
# 1. About a tenth of it, 0.02, where the loss is still falling. At the
#    lowest point the loss is about to turn up; and the test saw each rate for
#    one batch only, on a network already trained by the smaller rates.
# 2. The same number of updates for both, or the same number of epochs with
#    the large batch's learning rate scaled up (linearly, for SGD). The
#    second is a heuristic: check that it equalises anything (with warm-up,
#    and not for a batch near the size of the whole training part); in
#    section 4 it did not.
# 3. Otherwise training stops before the lower learning rate has had a
#    chance to improve the validation loss.
#
# </details>
#
# **Next:** [lesson 5d](05d_regularisation_tested.ipynb) tests dropout, L2,
# `AdamW` and early stopping against overfitting, over the same seeds.
