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
# # 4 · How a network learns
#
# Lessons 1–3 built networks and let `fit` train them. This lesson opens
# `fit` up. Training is three ideas repeated thousands of times: a **loss**
# measures how wrong the network is, **backpropagation** finds how each
# weight changes the loss, and **gradient descent** moves every weight a
# small step downhill.
#
# **In this lesson you will**
# - compute the mean squared error, binary and categorical cross-entropy by
#   hand and compare them with Keras's losses;
# - turn scores into class probabilities with **softmax** and classify the
#   10 handwritten digits;
# - watch gradient descent walk down a loss surface, and see a learning rate
#   that is too small, one that is good and one that diverges;
# - backpropagate through a 2-layer network by hand and check the result
#   against `tf.GradientTape`;
# - write the training loop out yourself and get the same loss as `fit`;
# - compare SGD, momentum and Adam, and three batch sizes;
# - see gradients vanish in a deep sigmoid network, and how ReLU and a good
#   initialization prevent it;
# - see a learning rate that is far too large kill the ReLUs of a network.
#
# **Prerequisites:** [lesson 2, deep networks](02_deep_networks.ipynb):
# `Dense` layers, activations and their slopes.

# %%
import warnings

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf  # for tf.GradientTape and tf.function
from keras import ops
from sklearn import metrics
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import nnteach
from nnteach.widgets import gradient_descent_explorer, gradient_descent_path, playground_data

keras.utils.set_random_seed(0)  # same random numbers for everyone

# %% [markdown]
# ## 1. The loss: one number to make small
#
# A loss compares the network's outputs with the true answers and returns
# one number: 0 when every answer is perfect, larger the more wrong they are.
# Training changes the weights to make it small. Three losses cover most
# tasks; here each is written out in NumPy, then computed by Keras on the
# same numbers.
#
# **Mean squared error** (regression: the output is a number):
# $\text{MSE} = \frac{1}{m}\sum_i (y_i - \hat y_i)^2$.

# %% tags=["nbval-check-output"]
y_true = np.array([3.0, -0.5, 2.0, 7.0])
y_pred = np.array([2.5, 0.0, 2.0, 8.0])

mse_by_hand = np.mean((y_true - y_pred) ** 2)
mse_keras = keras.losses.MeanSquaredError()(y_true, y_pred)
print(f"MSE by hand: {mse_by_hand:.6f}   Keras: {float(mse_keras):.6f}")
print("Keras computes in", mse_keras.dtype)

# %% [markdown]
# **Binary cross-entropy** (yes/no: the output is the probability $p$ of
# class 1, from a sigmoid): $-\frac{1}{m}\sum_i \left[y_i \log p_i + (1 - y_i)
# \log(1 - p_i)\right]$. For each example only one of the two terms counts:
# $-\log p$ when the answer is 1, $-\log(1-p)$ when it is 0. A confident wrong
# answer ($p$ near 0 when $y = 1$) costs a lot, because $-\log p$ grows
# without limit as $p$ goes to 0.

# %% tags=["nbval-check-output"]
y = np.array([1.0, 0.0, 1.0, 0.0])
p = np.array([0.9, 0.2, 0.6, 0.4])

bce_by_hand = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
bce_keras = keras.losses.BinaryCrossentropy()(y, p)
print(f"binary cross-entropy by hand: {bce_by_hand:.6f}   Keras: {float(bce_keras):.6f}")
for p_right in (0.99, 0.9, 0.5, 0.1, 0.01, 0.001):
    print(f"  true class 1, p = {p_right:<5}: loss {-np.log(p_right):.3f}")

# %% [markdown]
# **Categorical cross-entropy** ($k$ classes: the output is one probability
# per class). Only the probability given to the true class counts:
# $-\frac{1}{m}\sum_i \log p_{i, y_i}$. Keras has it twice, for the two ways
# to write the labels:
#
# - `SparseCategoricalCrossentropy`: labels are class numbers, `[0, 2, 1]`;
# - `CategoricalCrossentropy`: labels are one-hot rows, `[[1, 0, 0], [0, 0, 1], ...]`.

# %% tags=["nbval-check-output"]
labels = np.array([0, 2, 1])  # 3 examples, 3 classes
probs = np.array(
    [
        [0.7, 0.2, 0.1],
        [0.1, 0.3, 0.6],
        [0.2, 0.5, 0.3],
    ]
)
picked = probs[np.arange(len(labels)), labels]  # the probability of each true class
cce_by_hand = -np.mean(np.log(picked))
sparse = keras.losses.SparseCategoricalCrossentropy()(labels, probs)
one_hot = keras.utils.to_categorical(labels, num_classes=3)
dense = keras.losses.CategoricalCrossentropy()(one_hot, probs)
print("probability of the true class:", picked)
print(f"by hand: {cce_by_hand:.6f}   sparse: {float(sparse):.6f}   one-hot: {float(dense):.6f}")
print("Keras keeps probabilities at least epsilon =", keras.config.epsilon(), "away from 0 and 1")

# %% [markdown]
# By hand and Keras agree to the 6 decimals printed. (Keras computes in
# float32, and clips probabilities away from 0 and 1 by its `epsilon` so that
# $\log 0$ never happens; on numbers like these that changes nothing you can
# see.)
#
# ## 2. Softmax: scores into probabilities
#
# A network for $k$ classes ends in a `Dense(k)` layer: $k$ scores
# (*logits*) $z_1, \dots, z_k$, any real numbers. **Softmax** turns them into
# probabilities that are positive and sum to 1:
# $$\text{softmax}(z)_j = \frac{e^{z_j}}{\sum_l e^{z_l}}.$$
# Written naively, $e^{z}$ overflows for large scores. Subtracting the largest
# score first changes nothing mathematically (the factor $e^{-\max z}$
# cancels) and keeps every exponent $\le 0$:


# %% tags=["nbval-check-output"]
def softmax(z):
    """Softmax of each row of z (the last axis), computed stably."""
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


scores = np.array([[2.0, 1.0, 0.1], [1000.0, 1001.0, 1002.0]])
with np.errstate(over="ignore", invalid="ignore"):  # silence NumPy's overflow warning
    naive = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
print("naive  :", naive.round(4).tolist())
print("stable :", softmax(scores).round(4).tolist())
print("keras  :", ops.convert_to_numpy(ops.softmax(scores, axis=-1)).round(4).tolist())
print("rows sum to:", softmax(scores).sum(axis=-1))

# %% [markdown]
# The naive version gives `nan` (not a number: $\infty / \infty$) for the
# second row; the stable one gives the same probabilities as the first row,
# because softmax only cares about differences between scores.
#
# ### Ten classes: handwritten digits
#
# scikit-learn ships 1797 small images of handwritten digits, 8×8 pixels
# with values from 0 to 16 (no download needed). Each image becomes 64
# inputs, scaled to 0–1.

# %% tags=["nbval-check-output"]
digits = load_digits()
X = (digits.data / 16.0).astype("float32")  # 64 pixels per image, scaled to 0..1
y = digits.target  # the digit, 0..9
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y
)
print("images:", digits.images.shape, "| pixel values:", digits.data.min(), "to", digits.data.max())
print("inputs:", X.shape)
print("train:", X_train.shape, "| test:", X_test.shape)
print("images per digit:", np.bincount(y).tolist())

# %%
fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
for digit, ax in enumerate(axes):
    ax.imshow(digits.images[np.flatnonzero(y == digit)[0]], cmap="gray_r")
    ax.set_title(str(digit))
    ax.axis("off")

# %% [markdown]
# The network: one hidden ReLU layer of 32, then `Dense(10,
# activation="softmax")`, one probability per digit. The labels are the
# digits themselves (class numbers), so the loss is
# `sparse_categorical_crossentropy`.

# %%
keras.utils.set_random_seed(0)
classifier = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ],
    name="digits",
)
classifier.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=22,  # one epoch (1347 / 64 batches) per call into TensorFlow: faster
)
classifier.fit(X_train, y_train, epochs=15, batch_size=64, verbose=0)
test_loss, test_accuracy = classifier.evaluate(X_test, y_test, verbose=0)
probabilities = ops.convert_to_numpy(classifier(X_test))
print(f"test loss {test_loss:.3f}, test accuracy {test_accuracy:.1%}")
print("first test image: probabilities", probabilities[0].round(2), "true digit", y_test[0])
print("each row sums to 1:", bool(np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)))

# %% [markdown]
# The predicted class is the one with the largest probability (`argmax`).
# The confusion matrix shows which digits are taken for which: rows are the
# true digits, columns the predicted ones, and the diagonal holds the
# correct answers.

# %%
predicted = probabilities.argmax(axis=1)
confusion = metrics.confusion_matrix(y_test, predicted)
cm_display = metrics.ConfusionMatrixDisplay(confusion, display_labels=range(10))
cm_display.plot(cmap="Blues", colorbar=False)
cm_display.figure_.set_size_inches(4.6, 4.2)
cm_display.ax_.set_title(f"{len(y_test)} test images, {np.trace(confusion)} correct")
off_diagonal = confusion - np.diag(np.diag(confusion))
worst = [f"{t} taken for {p}" for t, p in np.argwhere(off_diagonal == off_diagonal.max())]
print(f"most frequent mistakes ({off_diagonal.max()} times each):", ", ".join(worst))

# %% [markdown]
# ## 3. Gradient descent, on a surface you can see
#
# A network has thousands of weights; to *see* what gradient descent does,
# take a loss of just two weights. This one is a long, narrow valley:
# $L(w_1, w_2) = \frac{1}{2}(w_1^2 + 10\,w_2^2)$, steep across $w_2$, flat
# along $w_1$, lowest at $(0, 0)$. Its gradient (the direction of steepest
# *ascent*) is $\nabla L = (w_1,\ 10\,w_2)$. Gradient descent repeats one
# line: $w \leftarrow w - \eta\,\nabla L(w)$, with $\eta$ the **learning
# rate**.


# %%
def ravine_loss(w1, w2):
    return 0.5 * (w1**2 + 10 * w2**2)


def ravine_gradient(w):
    return np.array([w[0], 10 * w[1]])


def gradient_descent(learning_rate, steps=50, start=(-4.0, 1.5)):
    w = np.array(start)
    path = [w]
    for _ in range(steps):
        w = w - learning_rate * ravine_gradient(w)  # one step downhill
        path.append(w)
    return np.array(path)


# %% [markdown]
# How large may the step be? Along a direction where the loss curves with
# strength $\lambda$ (an eigenvalue of the matrix of second derivatives),
# each step multiplies the distance to the minimum by $1 - \eta\lambda$.
# That shrinks only while $|1 - \eta\lambda| < 1$, so $\eta$ must stay below
# $2/\lambda_{max}$ (Goodfellow, Bengio and Courville, *Deep Learning*, 2016,
# section 4.3). Here:

# %% tags=["nbval-check-output"]
hessian = np.array([[1.0, 0.0], [0.0, 10.0]])  # second derivatives of the ravine loss
curvatures = np.linalg.eigvalsh(hessian)
print("curvatures:", curvatures, "-> the largest stable learning rate is", 2 / curvatures.max())

# %% tags=["nbval-check-output"]
runs = {"too small": 0.01, "good": 0.1, "too large": 0.21}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.3), sharey=True)
g1, g2 = np.meshgrid(np.linspace(-5, 5, 120), np.linspace(-2.5, 2.5, 80))
for ax, (name, lr) in zip(axes, runs.items(), strict=True):
    path = gradient_descent(lr)
    final = ravine_loss(*path[-1])
    ax.contour(g1, g2, ravine_loss(g1, g2), levels=np.geomspace(0.05, 60, 12), colors="0.7")
    ax.plot(path[:, 0], path[:, 1], "-o", color="#D55E00", ms=3, lw=1.2)
    ax.plot(0, 0, "*", color="black", ms=12)
    ax.set(xlim=(-5, 5), ylim=(-2.5, 2.5), xlabel="w1", title=f"{name}: lr {lr}")
    print(
        f"{name:>9} (lr {lr}): loss {ravine_loss(*path[0]):.3g} at the start, {final:.3g} after 50 steps"
    )
    same = np.allclose(path, gradient_descent_path(lr, steps=50).path)
    print(f"{'':>9} same path as nnteach.widgets.gradient_descent_path: {same}")
axes[0].set_ylabel("w2")
fig.tight_layout()

# %% [markdown]
# - **Too small** (0.01): every step is safe but tiny; after 50 steps the
#   loss has barely moved along the flat direction.
# - **Good** (0.1): the loss falls from 19.2 to 0.000212 in 50 steps.
# - **Too large** (0.21, above 0.2): across the valley each step overshoots
#   further than the last ($|1 - 0.21 \cdot 10| = 1.1 > 1$), the path zigzags
#   outwards and the loss *grows*. In a real network this shows up as a loss
#   that jumps up or becomes `nan`.
#
# The flat direction is the slow one: the learning rate is capped by the
# steepest direction but must also carry the flattest. **Momentum** helps:
# each step keeps a fraction of the previous one (`velocity = momentum *
# velocity - lr * gradient; w = w + velocity`, the rule of Keras's `SGD`),
# so steps along a consistent direction build up speed while zigzags cancel.
#
# ### Try it: learning rate and momentum
#
# Move the learning rate from 0.001 to above 0.2 on the ravine. Then set a
# small learning rate (0.01) and raise the momentum to 0.9. Try the banana
# surface too, a curved valley.

# %%
gradient_descent_explorer(preset={"learning_rate": 0.01, "momentum": 0.0})

# %% [markdown]
# ## 4. Backpropagation by hand
#
# For a network, the gradient of the loss with respect to each weight comes
# from the **chain rule**, applied layer by layer from the output back to
# the input: that is **backpropagation**. Here it is for a 2-layer network
# on a batch of $m$ examples: a tanh hidden layer and a sigmoid output with
# binary cross-entropy.
#
# | forward | backward (gradients of the mean loss $L$) |
# |---|---|
# | $z_1 = X W_1 + b_1$, $h = \tanh(z_1)$ | $\partial L/\partial z_1 = (\partial L/\partial h) \odot (1 - h^2)$, then $\partial L/\partial W_1 = X^\top \partial L/\partial z_1$, $\partial L/\partial b_1 = \sum_i \partial L/\partial z_1$ |
# | $z_2 = h W_2 + b_2$, $p = \sigma(z_2)$ | $\partial L/\partial z_2 = (p - y)/m$, then $\partial L/\partial W_2 = h^\top \partial L/\partial z_2$, $\partial L/\partial b_2 = \sum_i \partial L/\partial z_2$, $\partial L/\partial h = \partial L/\partial z_2\, W_2^\top$ |
#
# The neat $(p - y)/m$ comes from the sigmoid and the cross-entropy
# together: $\sigma'(z) = p(1-p)$ cancels the $p(1-p)$ in the denominator of
# the loss's derivative. Everything is in float64 so the comparison below can
# be strict.

# %%
rng = np.random.default_rng(0)
m, n_in, n_hidden = 6, 3, 4
X_small = rng.normal(size=(m, n_in))
y_small = rng.integers(0, 2, size=(m, 1)).astype(float)
W1, b1 = rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
W2, b2 = rng.normal(size=(n_hidden, 1)), rng.normal(size=1)

# forward
h = np.tanh(X_small @ W1 + b1)
p_small = 1 / (1 + np.exp(-(h @ W2 + b2)))
loss = -np.mean(y_small * np.log(p_small) + (1 - y_small) * np.log(1 - p_small))

# backward: the chain rule, from the loss back to the first layer
dz2 = (p_small - y_small) / m
dW2, db2 = h.T @ dz2, dz2.sum(axis=0)
dh = dz2 @ W2.T
dz1 = dh * (1 - h**2)  # tanh'(z) = 1 - tanh(z)^2
dW1, db1 = X_small.T @ dz1, dz1.sum(axis=0)
by_hand = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

# %% [markdown]
# `tf.GradientTape` records the same forward computation and differentiates
# it automatically: this is what `fit` uses inside.

# %% tags=["nbval-check-output"]
variables = {name: tf.Variable(v) for name, v in zip(by_hand, (W1, b1, W2, b2), strict=True)}
with tf.GradientTape() as tape:
    h_tf = tf.tanh(X_small @ variables["W1"] + variables["b1"])
    p_tf = tf.sigmoid(h_tf @ variables["W2"] + variables["b2"])
    loss_tf = -tf.reduce_mean(y_small * tf.math.log(p_tf) + (1 - y_small) * tf.math.log(1 - p_tf))
automatic = dict(zip(variables, tape.gradient(loss_tf, list(variables.values())), strict=True))

print(f"loss by hand {loss:.10f}, with the tape {float(loss_tf):.10f}")
for name in by_hand:
    difference = np.max(np.abs(by_hand[name] - automatic[name].numpy()))
    print(f"d loss / d {name}: shape {by_hand[name].shape}, agrees to 1e-6: {difference < 1e-6}")

# %% [markdown]
# The largest differences, in float64, are at the level of rounding:

# %%
print({name: f"{np.max(np.abs(by_hand[name] - automatic[name].numpy())):.1e}" for name in by_hand})

# %% [markdown]
# ## 5. The training loop, written out
#
# `fit` repeats, for each batch: forward pass, loss, gradients, one optimizer
# step. Here is that loop written with `tf.GradientTape` and a Keras
# optimizer. To compare it with `fit` exactly, both start from the same
# weights (the same seed), use plain SGD with the same learning rate, and
# see the batches in the same order (`shuffle=False`; by default, `fit`
# shuffles the training data every epoch, which is better).


# %%
def digits_model(seed=1):
    keras.utils.set_random_seed(seed)  # the seed decides the starting weights
    return keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


EPOCHS, BATCH = 10, 64


def fit_digits(optimizer, batch_size=BATCH):
    """Train a fresh digits model with `fit`; return the loss of each epoch."""
    model = digits_model()
    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        steps_per_execution=int(np.ceil(len(X_train) / batch_size)),  # one epoch per call
    )
    history = model.fit(
        X_train, y_train, epochs=EPOCHS, batch_size=batch_size, shuffle=False, verbose=0
    )
    return model, history.history["loss"]


fitted, fit_losses = fit_digits(keras.optimizers.SGD(learning_rate=0.1))

# %%
model = digits_model()  # the same starting weights as `fitted` had
optimizer = keras.optimizers.SGD(learning_rate=0.1)
loss_fn = keras.losses.SparseCategoricalCrossentropy()


@tf.function  # traced into a TensorFlow graph once: much faster than running line by line
def train_step(x, y):
    with tf.GradientTape() as tape:
        probabilities = model(x, training=True)  # forward pass
        loss = loss_fn(y, probabilities)  # mean loss of the batch
    gradients = tape.gradient(loss, model.trainable_variables)  # backpropagation
    optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))  # w -= lr·g
    return loss


loop_losses = []
for _ in range(EPOCHS):
    total = 0.0
    for start in range(0, len(X_train), BATCH):
        x_batch, y_batch = X_train[start : start + BATCH], y_train[start : start + BATCH]
        total += float(train_step(x_batch, y_batch)) * len(x_batch)
    loop_losses.append(total / len(X_train))  # the mean over the epoch's examples, as fit reports

# %% [markdown]
# `fit` reports for each epoch the mean loss over its examples (the last,
# smaller batch weighs less), which is what the loop adds up. Both numbers:

# %%
print(f"loss of the last epoch: fit {fit_losses[-1]:.6f}   our loop {loop_losses[-1]:.6f}")
print(
    f"batches per epoch: {len(range(0, len(X_train), BATCH))}, the last of {len(X_train) % BATCH} examples"
)
weights_gap = max(
    np.max(np.abs(a - b)) for a, b in zip(fitted.get_weights(), model.get_weights(), strict=True)
)
print(f"largest difference between the two models' weights: {weights_gap:.1e}")

# %% tags=["nbval-check-output"]
print("same losses, every epoch (to 1e-5):", bool(np.allclose(fit_losses, loop_losses, atol=1e-5)))
print("same weights (to 1e-5):", bool(weights_gap < 1e-5))

# %% [markdown]
# That loop *is* training. Everything else `fit` does is bookkeeping around
# it: batching and shuffling the data, metrics, callbacks, the progress bar.
# Writing the loop yourself is how research code does unusual things (two
# networks trained together, a custom penalty on the gradients).
#
# ## 6. Optimizers and batch sizes
#
# Plain SGD uses the same learning rate for every weight. Two improvements:
#
# - **momentum** (section 3): keep a fraction (here 0.9) of the last step;
# - **Adam** (Kingma and Ba, 2015, arXiv:1412.6980): momentum plus a step
#   size for each weight, scaled by a running average of that weight's
#   squared gradients, so weights with small gradients still move.
#
# The same network, the same starting weights and batches, three optimizers:

# %%
curves = {
    "SGD, lr 0.1": fit_losses,
    "SGD + momentum 0.9, lr 0.1": fit_digits(keras.optimizers.SGD(0.1, momentum=0.9))[1],
    "Adam, lr 0.001 (its default)": fit_digits(keras.optimizers.Adam(0.001))[1],
}
batch_curves = {
    f"batch {size} ({int(np.ceil(len(X_train) / size))} step(s) per epoch)": losses
    for size, losses in [
        (16, fit_digits(keras.optimizers.SGD(0.1), batch_size=16)[1]),
        (BATCH, fit_losses),
        (len(X_train), fit_digits(keras.optimizers.SGD(0.1), batch_size=len(X_train))[1]),
    ]
}
fig, (ax_opt, ax_batch) = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
epochs = np.arange(1, EPOCHS + 1)
for ax, group in ((ax_opt, curves), (ax_batch, batch_curves)):
    for (name, losses), color in zip(group.items(), ("#0072B2", "#D55E00", "#009E73"), strict=True):
        ax.plot(epochs, losses, "-o", ms=3, label=name, color=color)
    ax.set(yscale="log", xlabel="epoch")
    ax.legend(fontsize=8)
ax_opt.set(ylabel="training loss (log scale)", title="optimizers (batch 64)")
ax_batch.set(title="batch sizes (SGD, lr 0.1)")
fig.tight_layout()
for name, losses in {**curves, **batch_curves}.items():
    print(f"{name:<38} loss after {EPOCHS} epochs: {losses[-1]:.3f}")

# %% [markdown]
# Read the printed numbers:
#
# - With momentum, SGD gets much further than without in the same 10
#   epochs. Adam at its default learning rate (0.001) is the slowest of the
#   three here: that default is cautious for this small network. Adam's
#   authors report that its defaults need little tuning across many
#   problems, not that it wins on every one; with `Adam(0.01)` the classifier
#   of section 2 reached the test accuracy printed there.
# - A **smaller batch** makes more, noisier steps per epoch, and here gets
#   further per epoch. The **whole data set as one batch** makes one exact
#   step per epoch: 10 steps in all, and the loss has barely started to fall.
#   Larger batches use the hardware better per example; Keras's `fit` uses
#   batches of 32 unless told otherwise (its documented default).

# %% [markdown]
# ## 7. Initialization and vanishing gradients
#
# Backpropagation multiplies, layer after layer, by each activation's slope
# and by the weights. The sigmoid's slope is at most 0.25 (lesson 2), so
# through many sigmoid layers the gradient shrinks roughly geometrically and
# the first layers barely learn: the **vanishing gradient**. ReLU passes the
# gradient on with slope 1 where it is active. The starting weights matter as
# much: Keras's default `glorot_uniform` keeps signals at a similar size from
# layer to layer for sigmoid and tanh (Glorot and Bengio, 2010); for ReLU,
# `he_normal` does (He et al., 2015); weights that are far too small shrink
# the signal, and the gradient, at every layer.
#
# We measure it: a network of 8 hidden layers of 32 neurons, three ways, and
# the size (norm) of the gradient of the loss for each layer's weights, on
# the same 256 training images, before any training.


# %%
def deep_network(activation, initializer):
    keras.utils.set_random_seed(0)
    hidden = [
        keras.layers.Dense(32, activation=activation, kernel_initializer=initializer)
        for _ in range(8)
    ]
    return keras.Sequential([keras.Input(shape=(64,)), *hidden, keras.layers.Dense(10)])


def gradient_norms(network):
    """Norm of the gradient of the loss for each Dense layer's weight matrix."""
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y_train[:256], network(X_train[:256]))
    kernels = [layer.kernel for layer in network.layers]
    return [float(tf.norm(g)) for g in tape.gradient(loss, kernels)]


settings = {
    "sigmoid, glorot_uniform (default)": ("sigmoid", "glorot_uniform"),
    "relu, he_normal": ("relu", "he_normal"),
    "relu, normal with std 0.01 (too small)": ("relu", keras.initializers.RandomNormal(0, 0.01)),
}
norms = {name: gradient_norms(deep_network(*setting)) for name, setting in settings.items()}

fig, ax = plt.subplots(figsize=(7, 3.6))
layers = np.arange(1, 10)
for (name, values), color in zip(norms.items(), ("#D55E00", "#0072B2", "#999999"), strict=True):
    ax.plot(layers, values, "-o", label=name, color=color)
ax.set(
    yscale="log",
    xlabel="layer (1 = next to the input, 9 = output)",
    ylabel="gradient norm (log scale)",
    xticks=layers,
)
ax.legend(fontsize=8)
fig.tight_layout()
for name, values in norms.items():
    print(
        f"{name:<39} first layer {values[0]:.1e}, last layer {values[-1]:.1e}, "
        f"first / last {values[0] / values[-1]:.1e}"
    )

# %% [markdown]
# In the sigmoid network the gradient shrinks layer after layer on its way
# back: the first layer's is 1.2e-05 times the last layer's (the printed
# ratio), so its weights would barely move. With ReLU
# and He initialization the gradient keeps its size through all 9 layers.
# The same ReLU network started from tiny weights fails in another way:
# every layer's gradient is tiny (compare the printed norms with the He
# network's), because the signal shrinks at every layer on the way forward
# and the gradient with it on the way back. Use ReLU (or a relative) in deep
# hidden layers, with `he_normal` or Keras's default initializer.

# %% [markdown]
# ## 8. A step too large: dead ReLUs
#
# A learning rate that is too large is often said to make the loss jump
# about and never settle, as on the ravine of section 3. In a ReLU network
# something else can happen. Below is a small network (2 hidden layers of 8
# ReLU units, Adam, batch size 32) on 200 points of two circles, one class
# inside the other: the network and data of the training playground in
# lesson 5. It is trained with learning rate 0.8 from three different
# starting weights, seeds 0 to 2 (seed 0 is what the playground's Train
# button uses). For each run: the loss after the first and the last epoch,
# how many hidden units are **dead** (output 0 for every one of the 200
# points), and the range of the network's output over the 200 points.

# %%
keras.utils.set_random_seed(0)  # TensorFlow's global seed: the shuffling depends on it too
circles = playground_data("circles", 200, noise=0.2, seed=0)  # the playground's data
circles_X = circles.X.astype("float32")

fast = nnteach.build_deep_network(2, (8, 8), seed=0)  # the playground's network
fast.compile(
    optimizer=keras.optimizers.Adam(0.8),
    loss="binary_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=7,  # one epoch (7 batches of 32) per call: the same steps, less overhead
)


def reset_optimizer(net):
    """Put the optimizer's state (step count, Adam's running averages) back to zero."""
    for variable in net.optimizer.variables:
        if variable.name != "learning_rate":
            variable.assign(keras.ops.zeros_like(variable))


def dead_units(net, X):
    """Per hidden layer: how many units output 0 for every row of X."""
    counts, activations = [], X
    for layer in net.layers[:-1]:
        activations = keras.ops.convert_to_numpy(layer(activations))
        counts.append(int(np.all(activations == 0, axis=0).sum()))
    return counts


print(
    f"{'seed':>4} {'loss, epoch 1':>13} {'loss, epoch 60':>14} {'accuracy':>8}"
    f" {'dead units':>10} {'output from':>11} {'to':>6}"
)
for seed in range(3):
    fast.set_weights(nnteach.build_deep_network(2, (8, 8), seed=101 * seed).get_weights())
    reset_optimizer(fast)
    circles_train = (
        tf.data.Dataset.from_tensor_slices((circles_X, circles.y.astype("float32")))
        .shuffle(200, seed=seed, reshuffle_each_iteration=True)
        .batch(32)
        .repeat()
    )
    lr_history = fast.fit(
        circles_train, epochs=60, steps_per_epoch=7, shuffle=False, verbose=0
    ).history
    prob = keras.ops.convert_to_numpy(fast(circles_X)).ravel()
    print(
        f"{seed:4} {lr_history['loss'][0]:13.3f} {lr_history['loss'][-1]:14.3f}"
        f" {lr_history['accuracy'][-1]:8.0%} {str(dead_units(fast, circles_X)):>10}"
        f" {prob.min():11.3f} {prob.max():6.3f}"
    )

# %% [markdown]
# The loss of the first epoch **jumps** far above 0.69, the loss of
# answering 0.5 everywhere (printed below). Then, in two of the three runs,
# it goes **flat a little above 0.69** with an accuracy near 50 %, and stays
# there for the rest of the 60 epochs. The last columns say why: in those
# runs all 8 units of the second hidden layer are dead, so the output no
# longer depends on the input. It is one number for all 200 points, and that
# number is the sigmoid of the output layer's bias:

# %%
output_bias = float(keras.ops.convert_to_numpy(fast.get_layer("output").bias)[0])
print(
    f"last run: sigmoid(output bias) = {1 / (1 + np.exp(-output_bias)):.3f},"
    f" output over the 200 points from {prob.min():.3f} to {prob.max():.3f}"
)
print(f"log 2 = {np.log(2):.3f}: the loss of answering 0.5 for every point of two equal classes")
print(f"share of the circles' points in class 1: {circles.y.mean():.0%}")

# %% [markdown]
# How a step that is too large kills units: Adam's first step moves every
# weight by about the learning rate, whatever the size of its gradient (it
# divides the gradient by its own running size; section 6):

# %% tags=["nbval-check-output"]
weights = keras.Variable([0.5, 0.5])
keras.optimizers.Adam(0.8).apply_gradients([(keras.ops.convert_to_tensor([0.001, 5.0]), weights)])
print(
    "gradients 0.001 and 5.0; weights after one step:",
    np.round(keras.ops.convert_to_numpy(weights), 3),
)

# %% [markdown]
# Steps that large soon make a unit's weighted sum negative for **every**
# input. A ReLU is 0 there and so is its slope
# (lesson 1): the unit's weights get no gradient and it never comes back.
# Once all units of the last hidden layer are dead, no gradient reaches any
# earlier layer either; only the output bias still learns. The best a
# constant can do on two balanced classes is 0.5, which costs log 2 ≈ 0.693;
# the bias still moves in big steps around that, so the loss wobbles just
# above 0.69 instead of settling exactly on it. The sigmoid output itself is
# **not** saturated (it stays far from 0 and 1, in the table's last two
# columns): the collapse is in the ReLUs. The run in which one unit of the
# second layer survived limps on, with a loss below 0.69 and an accuracy
# above chance.
#
# In lesson 5's training playground, compare `0.8` with `0.03`, and try
# `leaky_relu`: its slope for negative inputs is small but not 0, so no
# unit's gradient is exactly 0.

# %% [markdown]
# > **Common pitfalls**
# >
# > - **Softmax twice.** `from_logits=True` tells a loss that it receives
# >   scores and must apply softmax itself. Given probabilities, it applies
# >   softmax a second time and computes a wrong loss. (On the TensorFlow
# >   backend, Keras catches one case: probabilities straight from a softmax
# >   layer, where it warns and uses the scores behind them.) Use
# >   `from_logits=True` only when the last layer has no activation (as in
# >   section 7).
# > - **Integer labels with `categorical_crossentropy`.** That loss expects
# >   one-hot rows; class numbers need `sparse_categorical_crossentropy`.
# > - **The loss computed outside the tape.** `tape.gradient` only knows the
# >   operations recorded inside `with tf.GradientTape()`; for anything else it
# >   returns `None`, and the optimizer then refuses to apply it.
# >
# > Each, shown:

# %% tags=["nbval-check-output"]
right = keras.losses.SparseCategoricalCrossentropy()(labels, probs)
twice = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, probs)
print(f"softmax twice: loss {float(twice):.4f} instead of {float(right):.4f}")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    straight = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(
        y_test, classifier(X_test)
    )
same = np.isclose(float(straight), test_loss, atol=1e-4)
print("straight from the softmax layer, the right loss anyway:", bool(same))
print("Keras warns:", str(caught[0].message)[:90], "...")
try:
    keras.losses.categorical_crossentropy(labels, probs)
except ValueError as error:
    print("integer labels, categorical_crossentropy:", str(error).split(". Received")[0])
weight = tf.Variable(2.0)
with tf.GradientTape() as tape:
    pass  # nothing recorded
outside = (weight * 3.0) ** 2
print("gradient of a loss computed outside the tape:", tape.gradient(outside, weight))

# %% [markdown]
# ## Summary
#
# - A **loss** is one number that measures how wrong the network is: MSE for
#   numbers, binary cross-entropy for yes/no, categorical cross-entropy for
#   $k$ classes (sparse: labels as class numbers; plain: one-hot).
# - **Softmax** turns $k$ scores into probabilities; subtract the largest
#   score first, or $e^z$ overflows.
# - **Gradient descent** steps against the gradient: $w \leftarrow w -
#   \eta\nabla L$. Too small a learning rate crawls; above
#   $2/\lambda_{max}$ it diverges.
# - **Backpropagation** is the chain rule from the loss back to each weight;
#   `tf.GradientTape` does it automatically and agrees with the hand
#   computation to rounding.
# - A **training loop** is: forward pass inside a tape, loss, gradients,
#   `optimizer.apply_gradients`. With the same seed, data order and
#   optimizer it reproduces `fit`.
# - **Momentum** and **Adam** speed up plain SGD; smaller batches make more,
#   noisier steps per epoch.
# - Deep **sigmoid** networks and tiny starting weights make gradients
#   **vanish**; ReLU with He (or Keras's default Glorot) initialization keeps
#   them alive.
# - A learning rate far too large can push every ReLU of a layer below 0
#   for all inputs: those units are **dead**, get no gradient, and the
#   network's output becomes a constant.
#
# ### Check your understanding
#
# 1. A network gives probability 0.01 to the true class of one example. What
#    is that example's cross-entropy loss? And for probability 0.99?
# 2. Why does `softmax([1000, 1001, 1002])` equal `softmax([0, 1, 2])`?
# 3. On the ravine $\frac{1}{2}(w_1^2 + 10 w_2^2)$, what happens with a
#    learning rate of 0.25, and why?
# 4. In the backward pass, why is $\partial L/\partial W_1$ computed from
#    $\partial L/\partial z_2$ and not the other way round?
# 5. Your training loss becomes `nan` after a few epochs. Name two causes you
#    met in this lesson.
#
# <details>
# <summary>Answers (try first!)</summary>
#
# 1. $-\ln 0.01 \approx 4.605$; $-\ln 0.99 \approx 0.010$ (section 1 printed
#    both). Confident mistakes cost a lot, confident right answers almost
#    nothing.
# 2. Softmax depends only on the differences between the scores: multiplying
#    the top and bottom of the fraction by $e^{-1000}$ changes nothing.
# 3. It diverges: across the valley each step multiplies $w_2$ by
#    $1 - 0.25 \cdot 10 = -1.5$, so $|w_2|$ grows by half at every step
#    ($0.25 > 2/10$).
# 4. The chain rule goes from the loss backwards: $z_2$ depends on $W_1$
#    through $h$, so the gradient for $W_1$ needs the gradient at $z_2$
#    first. That backward order gives backpropagation its name.
# 5. A learning rate that is too large (the loss grows until it overflows),
#    and a softmax or log computed on numbers that overflow or reach 0
#    (a naive softmax, $\log 0$).
#
# </details>
#
# **Next:** practise in [exercise 4](../exercises/04_how_a_network_learns.ipynb),
# then go on to [lesson 5, training and testing](05_training_and_testing.ipynb).
