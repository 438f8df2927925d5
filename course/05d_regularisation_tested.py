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
# # 5d · Regularisation, tested
#
# [Lesson 5](05_training_and_testing.ipynb) saw a too-big network overfit 60
# training tumours, and stopped it early. Dropout
# ([lesson 2](02_deep_networks.ipynb)), L2 and weight decay are the other
# standard remedies. This lesson tests them the way lesson 5 asks: over the
# same seeds, every row measured the same way, results reported as they
# come, good or bad.
#
# **In this notebook you will**
# - reuse a compiled network between seeds correctly, dropout's random state included;
# - know what the training loss in a history is (a running mean over the epoch, with dropout on) and how it differs from the validation loss;
# - see why L2 regularisation acts unevenly with Adam, and what `AdamW` does instead;
# - test dropout, L2, `AdamW` and early stopping against the plain network over the same seeds.
#
# **Prerequisites:** [lesson 5](05_training_and_testing.ipynb), sections 7
# and 8 (the too-big network, `EarlyStopping`), and Adam from
# [lesson 4](04_how_a_network_learns.ipynb).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from sklearn.preprocessing import StandardScaler

import nnteach

keras.utils.set_random_seed(0)  # the same splits, weights and curves for everyone

# %% [markdown]
# ## 1. The too-big network, and what the training loss is
#
# Lesson 5's setting: the breast cancer data split and standardised as
# there; two hidden layers of 256 units; only **60** training tumours, all
# in one batch, so one update per epoch; Adam with learning rate 0.01;
# 10 epochs. Besides the loss, every network reports its plain
# cross-entropy as a metric, `bce`: with L2, Keras adds the penalty to the
# loss (`loss` and `val_loss`), and comparing remedies needs a measure that
# is the same for all of them.

# %%
data = nnteach.load_breast_cancer()
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    data.X, data.y, val_size=0.2, test_size=0.2, seed=0
)
scaler = StandardScaler().fit(X_train)
X_train_s, X_val_s = scaler.transform(X_train), scaler.transform(X_val)
y_train_2d, y_val_2d = y_train.reshape(-1, 1), y_val.reshape(-1, 1)  # the metric `bce` wants 2-D
few_train = tf.data.Dataset.from_tensor_slices((X_train_s[:60], y_train_2d[:60])).batch(60).repeat()
val_data = tf.data.Dataset.from_tensor_slices((X_val_s, y_val_2d)).batch(len(y_val))
EPOCHS = 10
print(f"60 training tumours, {len(y_val)} validation tumours, {EPOCHS} epochs")

# %% [markdown]
# One compiled network per remedy is reused for every seed, to avoid tracing
# the training step again. `train` copies into it every variable that a
# freshly built network gets with the seed: the weights, and the
# random-number state of the `Dropout` layers. That state is a variable of
# the model (in `net.variables`) but not a weight (not in `net.weights`), so
# `set_weights` alone leaves it where the previous run left it, and
# `keras.utils.set_random_seed` does not reset it either. The optimizer's
# state (step count, running averages) is set back to zero. The next cell
# checks all of this against a network built and compiled afresh.


# %% tags=["nbval-check-output"]
def too_big_network(dropout=0.0, l2=0.0):
    """Lesson 5's too-big network, with optional dropout and L2 on every kernel."""
    regularizer = keras.regularizers.L2(l2) if l2 else None
    # the Dense layers first: a Dropout layer draws its seed from Python's random
    # generator when it is created, and would shift the initial weights of every
    # Dense layer created after it
    hidden = [
        keras.layers.Dense(256, activation="relu", kernel_regularizer=regularizer) for _ in range(2)
    ]
    output = keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=regularizer)
    layers = [keras.Input(shape=(data.n_features,))]
    for dense in hidden:
        layers += [dense, keras.layers.Dropout(dropout)] if dropout else [dense]
    return keras.Sequential([*layers, output])


def compiled(optimizer=None, **options):
    net = too_big_network(**options)
    net.compile(
        optimizer=optimizer or keras.optimizers.Adam(0.01),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.BinaryCrossentropy(name="bce")],
    )
    return net


def train(net, seed, *, options=None, callbacks=(), weights_only=False):
    """Train a compiled too_big_network as if it had just been built with `seed`."""
    keras.utils.set_random_seed(seed)
    fresh = too_big_network(**(options or {}))
    if weights_only:  # what NOT to do with dropout: the random-number state stays as it was
        net.set_weights(fresh.get_weights())
    else:
        for variable, value in zip(net.variables, fresh.variables, strict=True):
            variable.assign(value)
    for variable in net.optimizer.variables:
        if variable.name != "learning_rate":
            variable.assign(keras.ops.zeros_like(variable))
    return net.fit(
        few_train,
        steps_per_epoch=1,
        validation_data=val_data,
        epochs=EPOCHS,
        callbacks=list(callbacks),
        shuffle=False,  # a tf.data.Dataset is never shuffled by fit
        verbose=0,
    ).history


dropout = {"dropout": 0.5}
dropout_net = compiled(**dropout)
print("weights:  ", [v.path.split("/")[-1] for v in dropout_net.weights])
print("variables:", [v.path.split("/")[-1] for v in dropout_net.variables])

train(dropout_net, seed=0, options=dropout)  # a first run moves the random-number state on
keras.utils.set_random_seed(1)
built_afresh = (
    compiled(**dropout)
    .fit(
        few_train,
        steps_per_epoch=1,
        validation_data=val_data,
        epochs=EPOCHS,
        shuffle=False,  # a tf.data.Dataset is never shuffled by fit
        verbose=0,
    )
    .history
)
only_weights = train(dropout_net, seed=1, options=dropout, weights_only=True)
all_variables = train(dropout_net, seed=1, options=dropout)
print("seed 1, reused with set_weights only   = built afresh:", only_weights == built_afresh)
print("seed 1, reused with train's full reset = built afresh:", all_variables == built_afresh)
same_start = []
for seed in range(3):  # every row of section 3 starts from the plain network's weights
    keras.utils.set_random_seed(seed)
    plain_start = too_big_network().get_weights()
    keras.utils.set_random_seed(seed)
    dropout_start = too_big_network(**dropout).get_weights()
    same_start += [np.array_equal(a, b) for a, b in zip(plain_start, dropout_start, strict=True)]
print("with or without dropout, the same seed gives the same initial weights:", all(same_start))

# %% [markdown]
# With `set_weights` alone, the reused dropout network drops other units
# than a new one would, and its run differs; with every variable copied it
# is the same run, to the last digit. And with the Dense layers created
# before the `Dropout` layers, a seed gives the dropout network the same
# initial weights as the plain one, so section 3 compares runs that differ
# only in the remedy (and, with dropout, in the units it drops).
#
# ### The training loss is a running mean, with dropout on
#
# In a history, an epoch's `loss` is the mean of the batch losses *during*
# the epoch (weighted by batch size; here there is one batch per epoch),
# each computed before that batch's update, in training mode:
# for a network with dropout, with units dropped. Its `val_loss` is computed
# after the epoch, with the final weights, in inference mode (no dropout).
# So the two differ even on the same data. The run just made, scored again:

# %%
print(
    f"last epoch, loss in the history (before the update, dropout on): {all_variables['loss'][-1]:.4f}"
)
after = dropout_net.evaluate(X_train_s[:60], y_train_2d[:60], verbose=0, return_dict=True)["loss"]
print(f"the same 60 tumours, final weights, dropout off (evaluate):     {after:.4f}")

# %% [markdown]
# Here the training loss that `fit` reports is higher than the loss of the
# final network on the same tumours. So when the training loss in a plot
# lies *above* the validation loss, that need not mean the validation
# tumours are easier: the two are not measured the same way.
#
# ## 2. L2 with Adam, and AdamW
#
# L2 regularisation adds λ times the sum of the squared weights to the loss
# (`kernel_regularizer=keras.regularizers.L2(λ)`; Keras adds the penalty, kept
# in `model.losses`, to the loss it trains on). Its gradient is 2λ·w. With
# plain gradient descent, each step then shrinks every weight by the same
# fraction, learning rate × 2λ: *weight decay*.
#
# With Adam it does not. Adam divides each weight's step by the square root
# of that weight's running average of squared gradients (lesson 4), and the
# penalty's gradient is divided too. A weight whose loss gradients have been
# large is pulled towards 0 only a little; one whose gradients have been
# small, a lot. The decay is uneven across weights, and not the λ you set.
# Loshchilov and Hutter
# ([Decoupled Weight Decay Regularization](https://arxiv.org/abs/1711.05101))
# showed this and proposed **AdamW**: leave the penalty out of the loss and
# shrink every weight directly, beside the Adam step. In their paper
# (Algorithm 2) the shrink per step is η_t·λ·θ, with λ the decay, θ the
# weight and η_t the multiplier of the learning-rate schedule, decoupled
# from Adam's learning rate α. Keras (like PyTorch) implements it as
# learning rate × `weight_decay` per step:
# `keras.optimizers.AdamW(weight_decay=...)`.
#
# How uneven? Train the L2 network once, then read Adam's running averages
# of squared gradients for the first layer's weights. To first order, the
# penalty shrinks a weight per step by the fraction
# learning rate × 2λ / √v̂, with v̂ that average (bias-corrected):

# %%
L2 = 1e-3
l2 = {"l2": L2}
l2_net = compiled(**l2)
l2_run = train(l2_net, seed=0, options=l2)
kernels = [keras.ops.convert_to_numpy(layer.kernel) for layer in l2_net.layers]  # all Dense
print(f"penalty Keras adds to the loss (model.losses): {float(sum(l2_net.losses)):.5f}")
print(
    f"λ × sum of the squared kernel weights:         {L2 * sum(np.sum(k**2) for k in kernels):.5f}"
)
optimizer = l2_net.optimizer
first_kernel = l2_net.layers[0].kernel
velocity = next(v for v in optimizer.variables if v.name.endswith("kernel_velocity"))
assert velocity.shape == first_kernel.shape  # the first layer's running average
steps_done = int(optimizer.iterations)
v_hat = keras.ops.convert_to_numpy(velocity) / (1 - 0.999**steps_done)
shrink = 0.01 * 2 * L2 / (np.sqrt(v_hat) + 1e-7)  # fraction per step, to first order
print(f"after {steps_done} updates, the L2 pull per step on the first layer's weights:")
for q in (0, 50, 100):
    print(f"  {q:3}th percentile: {np.percentile(shrink, q):.2e}")
sgd_pull = 0.01 * 2 * L2
print(f"plain SGD, or AdamW with weight_decay = 2λ: {sgd_pull:.2e} for every weight")
print(f"most pulled / least pulled weight: {shrink.max() / shrink.min():.0f} times")
print(f"median pull / SGD's pull:          {np.median(shrink) / sgd_pull:.0f} times")

# %% [markdown]
# With Adam, the pull that L2 puts on a weight depends on the gradients that
# weight has seen: the most pulled weight of this layer is pulled over a
# hundred times harder than the least pulled one. (The typical weight is
# also pulled hundreds of times harder than plain SGD would pull it with the
# same λ and learning rate, but Adam divides the data's gradient by the same
# factor, so this does not make the regularisation stronger relative to
# fitting: what changes is how unevenly it falls across weights.)
# So with Adam, L2 is not weight decay. The penalty λ·Σw² and the loss it
# defines are the same as with SGD, but the way Adam steps towards them is
# not: the shrink per step differs from weight to weight and is not set by λ
# alone. Weights whose gradients have been small are pulled hardest; weights
# with large gradients, the ones the data push on most, least. Over a short
# run like this one, that regularises differently from a decay that is the
# same for every weight.
# `AdamW` takes the decay out of Adam's division: every weight shrinks by
# the same fraction per update (in Keras, learning rate × `weight_decay`),
# and the setting means what it says.
#
# ## 3. An honest comparison of the remedies
#
# Does any of this help the too-big network? One run cannot say: another
# seed gives other initial weights, other dropout masks and another curve.
# So every remedy is trained with the **same 3 seeds** (each seed gives every
# row the same initial weights, section 1), and every row is
# measured the same way: the epoch with the lowest validation cross-entropy
# (`bce`, without any penalty), the validation accuracy at that epoch, and
# the validation cross-entropy at the last epoch. The remedies, with strengths fixed in advance, not tuned:
#
# - **dropout**, rate 0.5, the usual value for hidden units (Srivastava et
#   al., [Dropout](https://jmlr.org/papers/v15/srivastava14a.html)): each hidden output is
#   set to 0 with probability 0.5 at each training step, independently, and
#   the rest multiplied by 2; at prediction time nothing is dropped
#   ([`keras.layers.Dropout`](https://keras.io/api/layers/regularization_layers/dropout/));
# - **L2**, λ = 0.001 on every kernel, with Adam;
# - **AdamW** with `weight_decay=0.5`, which shrinks every weight by 0.5 %
#   per update (learning rate × weight decay), biases included (Keras's
#   `AdamW` decays every variable unless told otherwise; the L2 row penalises
#   the kernels only). The value that
#   matches L2 with λ = 0.001 under plain SGD, 2λ = 0.002, shrinks each weight
#   by 0.002 % per update, 0.02 % over the 10 updates: nothing that could
#   show;
# - **early stopping** with patience 3. It only decides when to stop, and
#   its rule reads nothing but the validation losses, so its rows replay the
#   rule on the plain and dropout runs instead of training again; the real
#   callback is checked against the replay below.

# %%
SEEDS = range(3)
remedies = {  # name: (options, optimizer)
    "plain": ({}, None),
    "dropout": (dropout, None),
    "L2": (l2, None),
    "AdamW 0.5": ({}, keras.optimizers.AdamW(0.01, weight_decay=0.5)),
}
nets = {"dropout": dropout_net, "L2": l2_net}  # compiled above
runs = {}
for name, (options, optimizer) in remedies.items():
    if name not in nets:
        nets[name] = compiled(optimizer, **options)
    net = nets[name]
    for seed in SEEDS:
        runs[name, seed] = train(net, seed, options=options)


def early_stopping_replay(val_losses, patience=3):
    """EarlyStopping's rule on a finished run: (epochs it would run, index of the kept epoch)."""
    best = 0
    for epoch, loss in enumerate(val_losses):
        if loss < val_losses[best]:
            best = epoch
        elif epoch - best >= patience:
            return epoch + 1, best
    return len(val_losses), best


stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
stopped = train(nets["plain"], seed=0, callbacks=[stopper])
print(
    "the replay stops where the real callback stops:",
    early_stopping_replay(runs["plain", 0]["val_loss"])
    == (len(stopped["val_loss"]), stopper.best_epoch),
)

# %%
rows = {}
for name, kind, stop_early in [
    ("plain", "plain", False),
    ("early stopping", "plain", True),
    ("dropout", "dropout", False),
    ("dropout + early stopping", "dropout", True),
    ("L2 (Adam)", "L2", False),
    ("AdamW 0.5", "AdamW 0.5", False),
]:
    results = []
    for seed in SEEDS:
        run = runs[kind, seed]
        n_epochs, best = early_stopping_replay(run["val_loss"]) if stop_early else (EPOCHS, None)
        if best is None:
            best = int(np.argmin(run["val_bce"]))
        last = n_epochs - 1
        results.append(
            [
                run["val_bce"][best],
                run["val_accuracy"][best],
                best + 1,
                n_epochs,
                run["val_bce"][last],
            ]
        )
    rows[name] = np.array(results)

print(f"mean ± standard deviation over {len(SEEDS)} seeds (the same seeds in every row)")
print(
    f"{'':25} {'best val bce':>14} {'val accuracy':>13} {'best epoch':>10}"
    f" {'epochs run':>10} {'val bce, last epoch':>21}"
)
for name, r in rows.items():
    mean, spread = r.mean(axis=0), r.std(axis=0, ddof=1)
    print(
        f"{name:25} {mean[0]:6.3f} ± {spread[0]:.3f} {mean[1]:6.3f} ± {spread[1]:.3f}"
        f" {mean[2]:10.1f} {mean[3]:10.1f} {mean[4]:11.3f} ± {spread[4]:.3f}"
    )
print(f"one validation tumour is {1 / len(y_val):.3f} of validation accuracy")
print("\nminus plain, seed by seed (paired: the same seed in both rows)")
print(f"{'':25} {'best val bce':>24} {'val bce, last epoch':>24}")
for name, r in rows.items():
    if name != "plain":
        best_gap, last_gap = r[:, 0] - rows["plain"][:, 0], r[:, 4] - rows["plain"][:, 4]
        best_text, last_text = (" ".join(f"{g:+.3f}" for g in gap) for gap in (best_gap, last_gap))
        print(f"{name:25} {best_text:>24} {last_text:>24}")

# %%
fig, ax = plt.subplots(figsize=(6.5, 3.4), layout="constrained")
for i, name in enumerate(remedies):
    for seed in SEEDS:
        val_loss = runs[name, seed]["val_bce"]
        label = name if seed == 0 else None
        ax.plot(range(1, EPOCHS + 1), val_loss, color=f"C{i}", lw=1, label=label)
ax.set(
    xlabel="epoch",
    ylabel="validation cross-entropy",
    ylim=(0, 0.3),
    title="The too-big network: 3 seeds per remedy",
)
legend = ax.legend(ncols=2, fontsize="small")

# %% [markdown]
# What the table shows:
#
# - **At the best epoch, no remedy is detectably better than the plain
#   network.** The best validation cross-entropies are 0.050 to 0.053 on
#   average in every row. Since every row uses the same seeds, compare seed
#   by seed (the second table): at the best epoch dropout is lower than the
#   plain run in two seeds (by 0.003 and 0.004) and higher in the third (by
#   0.003), L2 is never lower (0.000 to 0.002 higher), and AdamW differs from
#   it by at most 0.001 either way. The mean validation accuracies (0.977 to
#   0.980) differ by less than one tumour (0.009).
# - **At the last epoch**, L2 (0.075) and AdamW (0.080) are lower than the
#   plain network (0.088) on average, and dropout (0.091) is not. Seed by
#   seed, L2 is lower in all three seeds (by 0.009 to 0.016) and so is
#   AdamW (by 0.006 to 0.009); dropout is lower in one and higher in two.
#   Three seeds of one sign are weak evidence: a coin gives that one time
#   in four (two-sided). So L2 and AdamW *may* slow the rise of the
#   validation loss after its lowest point a little; three seeds cannot
#   establish it, nor rule it out.
# - **Early stopping** is the plain run cut short: the same best epoch, after
#   6.7 epochs instead of 10 on average (7.7 with dropout). Its "last epoch" column is the epoch
#   at which it stopped; with `restore_best_weights=True` what you keep is the
#   best epoch's weights, with the best column's loss.
#
# What this table does *not* show is that stopping at the right epoch is
# what matters here. The early-stopping rows, and the "best" columns of
# every row, are read at an epoch chosen by the validation loss and scored
# on the same validation data; the plain run's last epoch (0.088) was not
# chosen at all. That selection makes the chosen numbers optimistic, by an
# amount this notebook does not measure and that can be as large as the
# differences in the table. Showing that early stopping helps would need
# data the stopping rule never saw: a separate held-out part, or
# cross-validation ([lesson 5b](05b_judging_a_classifier.ipynb)), with the
# test part still kept for one final look.
#
# Two more cautions. With 3 seeds, every statement above is weak evidence
# either way: "no detectable difference", not "no difference". And a result
# on 60 tumours of one data
# set, 10 updates long, is not a law: these remedies often help larger
# networks trained longer on more data, and other strengths might do
# better here (trying several is tuning, and needs validation data of its
# own). The point is the method: the same seeds, the same measure for
# every row, and the numbers reported even when they disappoint.
#
# ## Summary
#
# - To reuse a compiled network for a new seed, copy every variable a fresh
#   network gets, the `Dropout` layers' random state included, and reset the
#   optimizer; `set_weights` alone does not make it the same run.
# - An epoch's training `loss` is the mean over the epoch's batches, each
#   scored before its update and with dropout on; `val_loss` is scored after
#   the epoch, with the final weights, without dropout. They are not measured
#   the same way.
# - With Adam, an L2 penalty pulls each weight by an amount that depends on
#   that weight's past gradients: uneven, and not set by λ alone. `AdamW`
#   shrinks every weight by the same fraction per update.
# - Compare remedies over the same seeds, seed by seed, with one measure for
#   every row. Here, at the best epoch, none was detectably better than the
#   plain network; a number read at an epoch chosen on the validation data
#   is optimistic about that same data.
#
# ### Check your understanding
#
# 1. A reused network with dropout gets `set_weights` from a freshly built
#    one with the same seed. Why can its run still differ from the fresh
#    network's?
# 2. In a plot the training loss lies above the validation loss all along.
#    Name two reasons that have nothing to do with the validation tumours
#    being easier.
# 3. Why does "L2 with λ = 0.001" not say how strongly Adam shrinks a given
#    weight, while `AdamW(weight_decay=0.001)` does?
#
# <details>
# <summary>Answers</summary>
#
# 1. The `Dropout` layers' random-number state is a variable of the model
#    but not a weight: `set_weights` leaves it where the last run left it,
#    so other units are dropped.
# 2. Each batch's training loss is scored before that batch's update, with
#    weights the update then improves, while the validation loss is scored
#    after the epoch with its final weights; and the training loss is
#    computed with dropout on, the validation loss with dropout off.
# 3. Adam divides the penalty's gradient, like every gradient, by the square
#    root of the weight's running average of squared gradients, so the pull
#    depends on that weight's history. `AdamW` shrinks each weight directly
#    by learning rate × `weight_decay` per update, outside that division.
#
# </details>
#
# **Next:** [lesson 6](06_explaining_predictions.ipynb) explains what a
# trained network's predictions rest on, with SHAP.
#
