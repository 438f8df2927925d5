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
# - turn scores into class probabilities with **softmax**, and classify the
#   10 handwritten digits with a network that outputs scores (**logits
#   first**), and see why that is the stable way;
# - watch gradient descent walk down a loss surface, and see a learning rate
#   that is too small, one that is good and one that diverges;
# - backpropagate through a 2-layer network by hand and check the result
#   against `tf.GradientTape`;
# - write the training loop out yourself and get the same loss as `fit`;
# - compare SGD, momentum and Adam, and three batch sizes;
# - see gradients vanish in a deep sigmoid network, and how ReLU and a good
#   initialization prevent it; see gradients explode, and clip them; see what
#   `BatchNormalization` does in training and at prediction time;
# - see a learning rate that is far too large kill the ReLUs of a network.
#
# **Prerequisites:** [lesson 2, deep networks](02_deep_networks.ipynb):
# `Dense` layers, activations and their slopes. This lesson also uses more
# maths than lessons 1–3: **derivatives** and the **chain rule** (sections 3
# and 4), **matrix products and transposes** (section 4), and, to read one
# bound in section 3, the **eigenvalues** of a 2×2 matrix.
# [Lesson 0](00_start_here.ipynb) has a short refresher; the free book *Dive
# into Deep Learning* (Zhang, Lipton, Li and Smola) covers all of it:
# [linear algebra](https://d2l.ai/chapter_preliminaries/linear-algebra.html),
# [calculus and the chain rule](https://d2l.ai/chapter_preliminaries/calculus.html),
# [eigenvalues](https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/eigendecomposition.html).

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
from nnteach import style  # the course's colours
from nnteach.widgets import gradient_descent_explorer, gradient_descent_path, playground_data

keras.utils.set_random_seed(0)  # same random numbers for everyone

# %% [markdown]
# ## 1. The loss: one number to make small
#
# A loss compares the network's outputs with the true answers and returns
# one number: 0 when every answer is perfect, larger the more wrong they are.
# Training changes the weights to make it small. Three losses cover most of
# the tasks in this course; here each is written out in NumPy, then computed by Keras on the
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
print("softmax([0, 1, 2]):", softmax(np.array([0.0, 1.0, 2.0])).round(4).tolist())
print(
    "softmax([1000, 1001, 1002]) == softmax([0, 1, 2]):",
    bool(np.allclose(softmax(scores[1]), softmax(np.array([0.0, 1.0, 2.0])))),
)

# %% [markdown]
# The naive version gives `nan` (not a number: $\infty / \infty$) for the
# second row. The stable one gives `[0.09, 0.2447, 0.6652]`, exactly the
# softmax of `[0, 1, 2]` (last two lines): softmax only cares about the
# differences between the scores, and `[1000, 1001, 1002]` has the same
# differences as `[0, 1, 2]`.
#
# ### Ten classes: handwritten digits
#
# scikit-learn ships 1797 small images of handwritten digits, 8×8 values
# from 0 to 16 (no download needed; each value counts the inked pixels in a
# 4×4 block of a 32×32 scan, per scikit-learn's `load_digits` description,
# lesson 3). Each image becomes 64 inputs, scaled to 0–1. A quarter of the
# images is held out, and split again in half: a **validation** part, which
# this lesson looks at, and a **test** part, kept for a final check as
# lesson 2 advised.

# %% tags=["nbval-check-output"]
digits = load_digits()
X = (digits.data / 16.0).astype("float32")  # 64 pixels per image, scaled to 0..1
y = digits.target  # the digit, 0..9
X_train, X_held_out, y_train, y_held_out = train_test_split(
    X, y, test_size=0.25, random_state=0, stratify=y
)
X_val, X_test, y_val, y_test = train_test_split(
    X_held_out, y_held_out, test_size=0.5, random_state=0, stratify=y_held_out
)
print("images:", digits.images.shape, "| pixel values:", digits.data.min(), "to", digits.data.max())
print("inputs:", X.shape)
print("train:", X_train.shape, "| validation:", X_val.shape, "| test:", X_test.shape)
print("images per digit:", np.bincount(y).tolist())

# %%
fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
for digit, ax in enumerate(axes):
    ax.imshow(digits.images[np.flatnonzero(y == digit)[0]], cmap="gray_r")
    ax.set_title(str(digit))
    ax.axis("off")

# %% [markdown]
# The network: one hidden ReLU layer of 32, then `Dense(10)` with **no
# activation**: ten scores (logits), one per digit. The loss is told so with
# `from_logits=True` and applies the softmax itself. This is the stable way
# to write a classifier, **logits first**: the loss computes
# $\log \text{softmax}(z)_j = z_j - \log\sum_l e^{z_l}$ from the scores
# directly, so it never takes the log of a probability that has been rounded
# to 0. The labels are the digits themselves (class numbers), so the loss is
# `SparseCategoricalCrossentropy`. Probabilities, when you want them, are one
# `softmax` away.

# %%
keras.utils.set_random_seed(0)
classifier = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, name="scores"),  # logits: no activation
    ],
    name="digits",
)
classifier.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],  # the largest score is the largest probability: no softmax needed
    steps_per_execution=22,  # one epoch (1347 / 64 batches) per call into TensorFlow: faster
)
classifier.fit(X_train, y_train, epochs=15, batch_size=64, verbose=0)
val_loss, val_accuracy = classifier.evaluate(X_val, y_val, verbose=0)
probabilities = ops.convert_to_numpy(ops.softmax(classifier(X_val)))  # scores -> probabilities
print(f"validation loss {val_loss:.3f}, validation accuracy {val_accuracy:.1%}")
print("first validation image: probabilities", probabilities[0].round(2), "true digit", y_val[0])
print("each row sums to 1:", bool(np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)))

# %% [markdown]
# The predicted class is the one with the largest probability (`argmax`).
# The confusion matrix shows which digits are taken for which: rows are the
# true digits, columns the predicted ones, and the diagonal holds the
# correct answers.

# %%
predicted = probabilities.argmax(axis=1)
confusion = metrics.confusion_matrix(y_val, predicted)
cm_display = metrics.ConfusionMatrixDisplay(confusion, display_labels=range(10))
cm_display.plot(cmap="Greys", colorbar=False)  # grey: blue means "raises" in this course
cm_display.figure_.set_size_inches(4.6, 4.2)
cm_display.ax_.set_title(f"{len(y_val)} validation images, {np.trace(confusion)} correct")
off_diagonal = confusion - np.diag(np.diag(confusion))
worst = [f"{t} taken for {p}" for t, p in np.argwhere(off_diagonal == off_diagonal.max())]
most = off_diagonal.max()
print(f"most frequent mistakes ({most} {'time' if most == 1 else 'times'} each):", ", ".join(worst))

# %% [markdown]
# ### Why logits first: a confident mistake
#
# The alternative is a softmax output layer, `Dense(10,
# activation="softmax")`, with the loss left at `from_logits=False` (its
# default); section 5 writes its model that way. It computes the same
# loss, except when the network gives the true class a probability below
# Keras's $\varepsilon$: when it is very sure and wrong. Take one example
# whose true class is 0, scored `[0, 0, 30]`. Its cross-entropy is
# $\log(e^0 + e^0 + e^{30}) - 0 \approx 30$. From probabilities, Keras
# first clips each one into $[\varepsilon, 1 - \varepsilon]$ ($\varepsilon$
# printed in section 1) so that the log stays finite:

# %% tags=["nbval-check-output"]
sure_and_wrong = np.array([[0.0, 0.0, 30.0]], dtype="float32")  # scores; the true class is 0
true_class = np.array([0])
from_scores = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
from_probabilities = keras.losses.SparseCategoricalCrossentropy()  # from_logits=False
print(
    f"loss from the scores (from_logits=True):    {float(from_scores(true_class, sure_and_wrong)):.3f}"
)
as_probabilities = tf.Variable(softmax(sure_and_wrong))  # plain numbers: nothing to trace back
with tf.GradientTape(persistent=True) as tape:
    loss_clipped = from_probabilities(true_class, as_probabilities)
    scores_variable = tf.Variable(sure_and_wrong)
    loss_exact = from_scores(true_class, scores_variable)
print(f"loss from the probabilities:                 {float(loss_clipped):.3f}")
print(
    f"-log(epsilon) = {-np.log(keras.config.epsilon()):.3f}: the most a clipped probability can cost"
)
print(
    "gradient, from the scores:       ", tape.gradient(loss_exact, scores_variable).numpy().round(3)
)
print("gradient, from the probabilities:", tape.gradient(loss_clipped, as_probabilities).numpy())

# %% [markdown]
# From the probabilities, the loss stops at 16.118 whatever the mistake, and
# its gradient is 0: the clipped example no longer teaches the network
# anything. From the scores, the loss is the true 30 and the gradient pushes
# the wrong score down and the right one up.
#
# **A rescue that only TensorFlow does.** Keras on the TensorFlow backend
# hides this problem in one case: when the probabilities come straight from a
# Keras softmax (a softmax layer, `activation="softmax"`, `ops.softmax`), the
# loss finds the scores behind them and uses those, with or without
# `from_logits`. It is an internal detail of that backend (an attribute
# `_keras_logits` on the tensor, or the type of the operation inside `fit`)
# that the other backends do not have:

# %% tags=["nbval-check-output"]
keras_probabilities = ops.softmax(sure_and_wrong)  # a Keras softmax, on the TensorFlow backend
print("Keras backend:", keras.backend.backend())
print(
    f"loss from a Keras softmax's output: {float(from_probabilities(true_class, keras_probabilities)):.3f}"
)
print("it carries its scores (_keras_logits):", hasattr(keras_probabilities, "_keras_logits"))

# %% [markdown]
# With `KERAS_BACKEND=jax` the same line gives 16.118, the clipped loss
# (source: the same loss run with Keras 3.15.1 on JAX 0.10.2, which
# `tests/test_lesson_claims.py` repeats wherever JAX is installed; Keras's
# JAX backend clips and takes the log, `keras/src/backend/jax/nn.py`). So write
# `Dense(k)` with `from_logits=True`: it is stable on every backend. A softmax
# output layer is fine when you need probabilities out of `predict` and your
# network is not pushed to extreme scores, but on TensorFlow it only looks as
# stable as logits because of the rescue.

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
# How large may the step be? Take one direction on its own, where the loss is
# $\frac{1}{2}\lambda w^2$ (here $\lambda = 1$ for $w_1$, $\lambda = 10$ for
# $w_2$). Its gradient is $\lambda w$, so one step gives
# $$w \leftarrow w - \eta\lambda w = (1 - \eta\lambda)\,w,
# \qquad\text{and after } t \text{ steps}\qquad w_t = (1 - \eta\lambda)^t\,w_0.$$
# That goes to 0 if and only if $|1 - \eta\lambda| < 1$, that is
# $0 < \eta < 2/\lambda$. Every direction must converge, so the steepest one
# sets the limit: $\eta < 2/\lambda_{max}$. For any quadratic loss with a
# single lowest point the $\lambda$s are the eigenvalues of its matrix of
# second derivatives (the Hessian), all positive (a quadratic with a whole
# valley of lowest points has some $\lambda = 0$: along those directions
# the loss is flat and a step neither helps nor hurts), and the same argument holds along
# its eigenvectors; for a network's loss it holds only near a minimum, where
# the loss is close to a quadratic. Here the
# matrix is diagonal, and each step's factor is printed for three learning
# rates around the limit:

# %% tags=["nbval-check-output"]
hessian = np.array([[1.0, 0.0], [0.0, 10.0]])  # second derivatives of the ravine loss
curvatures = np.linalg.eigvalsh(hessian)
print("curvatures:", curvatures, "-> gradient descent converges for rates below", 2 / curvatures.max())
for lr in (0.19, 0.2, 0.21):
    factor = 1 - lr * curvatures.max()
    w2_after = abs(gradient_descent(lr)[-1, 1])
    print(
        f"lr {lr}: w2 is multiplied by {factor:+.2f} per step; |w2| after 50 steps: {w2_after:.3g}"
    )

# %% [markdown]
# Below the limit $w_2$ shrinks towards 0: without changing sign for rates
# under $1/\lambda_{max} = 0.1$ (at 0.1 it reaches 0 in one step), flipping
# sign at every step between 0.1 and 0.2, as at 0.19 above. Exactly at the
# limit the factor is $-1$ and $w_2$ flips between $\pm 1.5$ for ever; above
# it, it grows.

# %% tags=["nbval-check-output"]
runs = {"too small": 0.01, "good": 0.1, "too large": 0.21}
fig, axes = plt.subplots(1, 3, figsize=(12, 3.3), sharey=True)
g1, g2 = np.meshgrid(np.linspace(-5, 5, 120), np.linspace(-2.5, 2.5, 80))
for ax, (name, lr) in zip(axes, runs.items(), strict=True):
    path = gradient_descent(lr)
    final = ravine_loss(*path[-1])
    ax.contour(g1, g2, ravine_loss(g1, g2), levels=np.geomspace(0.05, 60, 12), colors="0.7")
    ax.plot(path[:, 0], path[:, 1], "-o", color=style.INK, ms=3, lw=1.2)
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
# The two parts of the loss, $\frac{1}{2}w_1^2$ (flat) and $5\,w_2^2$
# (steep), for the smallest learning rate:

# %% tags=["nbval-check-output"]
slow = gradient_descent(0.01)
for name, part in (
    ("flat part 0.5*w1^2", 0.5 * slow[:, 0] ** 2),
    ("steep part 5*w2^2", 5 * slow[:, 1] ** 2),
):
    print(
        f"{name}: {part[0]:.3g} -> {part[-1]:.3g} after 50 steps, down {1 - part[-1] / part[0]:.0%}"
    )

# %% [markdown]
# - **Too small** (0.01): every step is safe but small. After 50 steps the
#   steep part of the loss is nearly gone (down 100 %), while the flat part
#   fell by 63 %, from 8 to 2.93: most of what is left of the loss lies
#   along the flat direction, and each step there removes only 2 % of it
#   ($(1 - 0.01)^2 = 0.98$).
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
# see the batches in the same order. Here `fit` gets its batches from our
# own `tf.data` pipeline, which cuts the training data into batches and never
# shuffles them, so the batches the loop sees are written out in one place.
# (Given NumPy arrays, `fit` builds such a pipeline itself, once per call,
# and by default reshuffles it at every epoch, which is better for training;
# `fit(X, y, shuffle=False)` would give the same batches as ours.)


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


def in_order(batch_size):
    """The training data in batches of `batch_size`, in the same order every epoch."""
    return tf.data.Dataset.from_tensor_slices((X_train, y_train)).batch(batch_size).cache()


def fit_digits(optimizer, batch_size=BATCH):
    """Train a fresh digits model with `fit`; return the loss of each epoch."""
    model = digits_model()
    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        steps_per_execution=int(np.ceil(len(X_train) / batch_size)),  # one epoch per call
    )
    # fit never shuffles a Dataset; shuffle=False only keeps Keras from warning about it
    history = model.fit(in_order(batch_size), epochs=EPOCHS, shuffle=False, verbose=0)
    return model, history.history["loss"]


fitted, fit_losses = fit_digits(keras.optimizers.SGD(learning_rate=0.1))

# %%
model = digits_model()  # the same starting weights as `fitted` had
optimizer = keras.optimizers.SGD(learning_rate=0.1)
loss_fn = keras.losses.SparseCategoricalCrossentropy()


@tf.function  # traced into a TensorFlow graph once per batch shape, then reused: much faster
def train_step(x, y):
    with tf.GradientTape() as tape:
        probabilities = model(x, training=True)  # forward pass
        loss = loss_fn(y, probabilities)  # mean loss of the batch
        loss += sum(model.losses)  # regularization penalties, as fit adds them (none here)
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
# a new input shape means a new graph: one for the full batches, one for the last
print("graphs traced for train_step:", train_step.experimental_get_tracing_count())
weights_gap = max(
    np.max(np.abs(a - b)) for a, b in zip(fitted.get_weights(), model.get_weights(), strict=True)
)
print(f"largest difference between the two models' weights: {weights_gap:.1e}")

# %% tags=["nbval-check-output"]
print("same losses, every epoch (to 1e-5):", bool(np.allclose(fit_losses, loop_losses, atol=1e-5)))
print("same weights (to 1e-5):", bool(weights_gap < 1e-5))

# %% [markdown]
# That loop *is* training. One line of it is easy to forget: `fit` adds
# `model.losses` to the loss, the penalties of the layers' regularizers
# (`kernel_regularizer=keras.regularizers.L2(...)`, [lesson 5d](05d_regularisation_tested.ipynb)). This model has
# none, so the sum adds 0; with one, a loop without that line would train a
# different model than `fit`. Here is what `model.losses` holds for a layer
# with an L2 penalty, and that `compute_loss`, the method `fit` calls on
# every batch to get the loss it differentiates, includes it:

# %% tags=["nbval-check-output"]
print("this model's penalties:", model.losses)
keras.utils.set_random_seed(0)
penalized = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(10, kernel_regularizer=keras.regularizers.L2(0.01)),
    ]
)
penalized.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
x_few, y_few = X_train[:64], y_train[:64]
data_loss = float(penalized.loss(y_few, penalized(x_few)))
penalty = float(sum(penalized.losses))
kernel = ops.convert_to_numpy(penalized.layers[0].kernel)
print(f"penalty {penalty:.4f} = 0.01 * sum(w^2) = {0.01 * np.sum(kernel**2):.4f}")
print(f"data loss {data_loss:.4f} + penalty = {data_loss + penalty:.4f}")
fit_loss = penalized.compute_loss(x=x_few, y=y_few, y_pred=penalized(x_few))
print(f"Keras's compute_loss:          {float(fit_loss):.4f}")

# %% [markdown]
# The rest of what `fit` does is bookkeeping around the loop: batching and
# shuffling the data, sample and class weights when you give them, metrics,
# callbacks, the progress bar. Writing the loop yourself is how research
# code does unusual things (two networks trained together, a custom penalty
# on the gradients).
#
# ## 6. Optimizers and batch sizes
#
# Plain SGD uses the same learning rate for every weight. Two improvements:
#
# - **momentum** (section 3): keep a fraction (here 0.9) of the last step;
# - **Adam** (Kingma and Ba, 2015, arXiv:1412.6980): momentum plus a step
#   size for each weight: the step is the running average of the weight's
#   gradients **divided by the square root** of a running average of its
#   squared gradients. Every weight then moves by roughly the learning rate
#   or less per step, whatever the size of its gradient (the paper's section
#   2.1 gives the exact bounds), so weights with small gradients still move.
#
# The same network, the same starting weights and batches, five optimizer
# settings (plain SGD at two learning rates, SGD with momentum, Adam at its
# default learning rate and at 0.01):

# %%
curves = {
    "SGD, lr 0.1": fit_losses,
    "SGD + momentum 0.9, lr 0.1": fit_digits(keras.optimizers.SGD(0.1, momentum=0.9))[1],
    "SGD, lr 1.0 = 0.1 / (1 - 0.9)": fit_digits(keras.optimizers.SGD(1.0))[1],
    "Adam, lr 0.001 (its default)": fit_digits(keras.optimizers.Adam(0.001))[1],
    "Adam, lr 0.01": fit_digits(keras.optimizers.Adam(0.01))[1],
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
    for (name, losses), color in zip(group.items(), style.SERIES, strict=False):
        ax.plot(epochs, losses, "-o", ms=3, label=name, color=color)
    ax.set(yscale="log", xlabel="epoch")
    ax.legend(fontsize=8)
ax_opt.set(ylabel="training loss (log scale)", title="optimizers (batch 64)")
ax_batch.set(title="batch sizes (SGD, lr 0.1)")
fig.tight_layout()
for name, losses in {**curves, **batch_curves}.items():
    print(f"{name:<38} mean training loss during epoch {EPOCHS}: {losses[-1]:.3f}")

# %% [markdown]
# Read the printed numbers:
#
# - With momentum, SGD gets much further than without in the same 10
#   epochs, at the same learning rate, 0.1. Part of that is step size: when
#   the gradient keeps its direction, each step adds 0.9 of the last one,
#   so the steps grow towards 1 / (1 − 0.9) = 10 times the learning rate.
#   Plain SGD at 1.0, ten times the rate, ends epoch 10 close to momentum,
#   though well behind it in the early epochs (the figure): in this run the
#   larger effective step accounts for most of momentum's final lead, not
#   for all of its advantage.
# - Adam is only as good as its learning rate. At its default (0.001) it is
#   the slowest of the five here: each weight moves by roughly 0.001 or less
#   per step, cautious for this small network. At 0.01 it gets further than
#   plain SGD at 0.1. Adam's authors report that its defaults need little tuning
#   across many problems, not that it wins on every one: compare optimizers
#   each at a learning rate that suits it.
# - A **smaller batch** makes more, noisier steps per epoch, and here gets
#   further per epoch. The **whole data set as one batch** makes one exact
#   step per epoch: 10 steps in all, and the loss has barely started to fall.
#   (Each number is the mean of the losses `fit` met during the 10th epoch,
#   what `history` records, not a score of the final weights: for the whole
#   batch, the loss after 9 steps; see lesson 1, section 2.)
#   Larger batches use the hardware better per example; Keras's `fit` uses
#   batches of 32 unless told otherwise (its documented default).

# %% [markdown]
# ## 7. Initialization, vanishing and exploding gradients
#
# Backpropagation multiplies, layer after layer, by each activation's slope
# and by the weights. The starting weights are chosen so that these
# products stay near 1. Keras's default, `glorot_uniform` (Glorot and
# Bengio, 2010), draws each layer's weights with variance
# $2/(n_{in} + n_{out})$, so that a signal keeps roughly its size from layer
# to layer, forwards and backwards, **if the activation has slope about 1
# around 0**, as tanh does (with $n_{in} \ne n_{out}$ the variance is a
# compromise between the two directions). The sigmoid breaks that
# assumption: its slope is at most 0.25 (lesson 2), so each sigmoid layer
# multiplies the gradient by at most 0.25 on top of what the weights do, and
# through many layers it shrinks geometrically: the first layers barely
# learn, the **vanishing gradient**. ReLU has slope 1
# where it is active but is 0 for about half its inputs; `he_normal` (He et al.,
# 2015) doubles the variance to $2/n_{in}$ to make up for that. Weights that
# are far too small shrink the signal, and the gradient, at every layer.
#
# We measure it: a network of 8 hidden layers of 32 neurons, four ways, and
# the size (norm) of the gradient of the loss for each layer's weights, on
# the same 256 training images, before any training.


# %%
def deep_network(activation, initializer):
    """8 hidden layers of 32; `initializer` is a name or a function that makes one."""
    keras.utils.set_random_seed(0)
    hidden = [
        keras.layers.Dense(
            32,
            activation=activation,
            kernel_initializer=initializer if isinstance(initializer, str) else initializer(),
        )
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


def normal(std):
    return lambda: keras.initializers.RandomNormal(0.0, std)  # a new initializer per layer


settings = {
    "sigmoid, glorot_uniform (default)": ("sigmoid", "glorot_uniform"),
    "tanh, glorot_uniform (default)": ("tanh", "glorot_uniform"),
    "relu, he_normal": ("relu", "he_normal"),
    "relu, normal with std 0.01 (too small)": ("relu", normal(0.01)),
}
norms = {name: gradient_norms(deep_network(*setting)) for name, setting in settings.items()}

fig, ax = plt.subplots(figsize=(7, 3.6))
layers = np.arange(1, 10)
for (name, values), color in zip(norms.items(), style.SERIES, strict=False):
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
print(f"0.25 ** 8 = {0.25**8:.1e}: the sigmoid's largest slope, once per hidden layer")

# %% [markdown]
# In the sigmoid network the gradient shrinks layer after layer on its way
# back: the first layer's is 1.2e-05 times the last layer's, of the same
# order as $0.25^8$ = 1.5e-05, the sigmoid's largest slope once per hidden
# layer. That the two are so close is partly coincidence: $0.25^8$ is only
# an upper bound on the slopes' product (a sigmoid's slope is 0.25 only at
# 0), and the ratio of the two norms also holds factors this cell does not
# measure: the weights, and each layer's inputs (a weight's gradient is its
# input times the gradient reaching its neuron; the first layer's inputs
# are pixels, the later layers' are sigmoid outputs). What the measurement
# does show is the size of the shrinking: the first layers would barely
# move. The **same initializer with tanh** keeps the gradient's size
# through all 9 layers, because tanh's slope at 0 is 1, as Glorot assumed;
# so does ReLU with He initialization. The ReLU network started from tiny
# weights fails in another way: every layer's gradient is tiny (compare the
# printed norms with the He network's), because the signal shrinks at every
# layer on the way forward and the gradient with it on the way back. Use ReLU
# (or a relative) in deep hidden layers with `he_normal`; tanh with Keras's
# default Glorot initializer also kept its gradient here; avoid the sigmoid
# in deep hidden layers.
#
# ### Exploding gradients, and clipping
#
# The opposite failure: weights that are too **large** make the signal grow
# at every layer going forwards, and the error signal at every layer going
# backwards, so the gradients are far too large at every layer. Below, the same ReLU network
# starts from a normal distribution with standard deviation 0.5, for the layers with 32 inputs twice He's
# $\sqrt{2/32} = 0.25$: each layer roughly doubles the signal.

# %%
too_large = deep_network("relu", normal(0.5))
too_large_start = too_large.get_weights()  # kept for the clipping runs below
values, he_values = gradient_norms(too_large), norms["relu, he_normal"]
ratios = np.asarray(values) / np.asarray(he_values)  # layer by layer
print(
    f"relu, normal with std 0.5 (too large): first layer {values[0]:.1e}, last layer "
    f"{values[-1]:.1e}"
)
print("each layer's gradient norm / the He network's, first to last:", ratios.round().astype(int))

# %% [markdown]
# Layer by layer, the gradient is 473 to 1311 times the He network's (the
# ratios printed above; only the output layer's is above a thousand). Plain
# SGD with learning rate 0.1, which trained the network of section 6 without trouble,
# then throws the weights so far that the loss
# overflows. The usual guard is **gradient clipping**: before
# each step, a gradient whose norm is above a limit is scaled down to that
# limit, keeping its direction. In Keras it is an argument of every
# optimizer: `clipnorm` clips each weight tensor's gradient on its own,
# `global_clipnorm` clips all of them together. Both, on two gradients with
# norms 50 and 0.5 and a learning rate of 1 (so each weight's change *is*
# the clipped gradient):

# %% tags=["nbval-check-output"]
for clipping in ({"clipnorm": 1.0}, {"global_clipnorm": 1.0}):
    big, small = keras.Variable([0.0, 0.0]), keras.Variable([0.0, 0.0])
    gradients = [ops.convert_to_tensor([30.0, 40.0]), ops.convert_to_tensor([0.3, 0.4])]
    keras.optimizers.SGD(1.0, **clipping).apply_gradients(zip(gradients, (big, small), strict=True))
    changes = [float(np.linalg.norm(ops.convert_to_numpy(v))) for v in (big, small)]
    print(f"{clipping}: norms 50.0 and 0.5 before, {changes[0]:.3f} and {changes[1]:.3f} after")

# %% [markdown]
# `clipnorm` brought the large gradient down to 1 and left the small one
# alone; `global_clipnorm` scaled both by the same factor, 1/50. Now four
# steps of SGD with learning rate 0.1 on the network that starts too large,
# without and with `clipnorm=1.0`:

# %%
loss_from_scores = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
clipped_runs = {}
for clipping in ({}, {"clipnorm": 1.0}):
    too_large.set_weights(too_large_start)  # both runs start from the same weights
    sgd = keras.optimizers.SGD(0.1, **clipping)
    step_losses = []
    for _ in range(4):
        with tf.GradientTape() as tape:
            step_loss = loss_from_scores(y_train[:256], too_large(X_train[:256], training=True))
        grads = tape.gradient(step_loss, too_large.trainable_variables)
        sgd.apply_gradients(zip(grads, too_large.trainable_variables, strict=True))
        step_losses.append(float(step_loss))
    clipped_runs[str(clipping)] = step_losses
    print(f"SGD(0.1, {clipping}):".ljust(30), " ".join(f"{v:.3g}" for v in step_losses))

# %% tags=["nbval-check-output"]
unclipped = clipped_runs["{}"]
print("without clipping, nan by the 4th step (after 3 updates):", bool(np.isnan(unclipped[-1])))
falling = np.all(np.diff(clipped_runs["{'clipnorm': 1.0}"]) < 0)
print("with clipnorm=1.0, the loss fell at every step:", bool(falling))

# %% [markdown]
# Without clipping the loss grows by more than ten powers of ten in two
# steps and then becomes `nan` (the numbers overflowed); with it, the loss
# falls at every step. Clipping
# does not fix a bad initialization, it limits the damage of the occasional
# huge gradient; it is standard in recurrent networks, where gradients are
# multiplied by the same weights at every time step and explode easily
# (Pascanu, Mikolov and Bengio, 2013, arXiv:1211.5063).
#
# ### Batch normalization
#
# Another common remedy is to **normalize** the inputs of a layer during
# training: `keras.layers.BatchNormalization` (Ioffe and Szegedy, 2015,
# arXiv:1502.03167) shifts and scales each feature of a batch to mean 0 and
# standard deviation 1 (then applies a learned scale and shift, which start
# at 1 and 0), so, at least at the start, the signal it passes on has the
# same size whatever the layers before it do. It behaves differently in
# training and at prediction time, which is what its `training` argument
# says. With `training=True` (inside `fit`) it uses the batch's own mean and
# variance, and updates a moving average of them
# (`moving = momentum · moving + (1 − momentum) · batch`, with `momentum`
# 0.99 by default); with `training=False` (in `predict` and `evaluate`, or
# when you call the model yourself) it uses the moving averages, so a
# prediction does not depend on the other examples in its batch. On one
# feature with mean 5 and standard deviation 3, with `momentum=0.9` so that
# a few calls are enough to see the averages move:

# %% tags=["nbval-check-output"]
keras.utils.set_random_seed(0)
batch_norm = keras.layers.BatchNormalization(momentum=0.9)  # default 0.99: 10x slower to move
feature = np.random.default_rng(0).normal(5.0, 3.0, size=(256, 1)).astype("float32")


def mean_and_std(training):
    out = ops.convert_to_numpy(batch_norm(feature, training=training))
    return f"mean {round(out.mean(), 3) + 0.0:6.3f}, std {out.std():.3f}"  # + 0.0: no "-0.000"


print(f"the batch:                          mean {feature.mean():6.3f}, std {feature.std():.3f}")
print("training=False, before any training:", mean_and_std(False))
print("training=True  (batch statistics):   ", mean_and_std(True))
for _ in range(29):  # 29 more training batches (the same one, to keep it short)
    batch_norm(feature, training=True)
moving_mean = float(ops.convert_to_numpy(batch_norm.moving_mean)[0])
print(
    f"moving mean after 30 training calls: {moving_mean:.3f}"
    f" (1 - 0.9**30 = {1 - 0.9**30:.3f} of the way to the batch's mean)"
)
print("training=False, after them:         ", mean_and_std(False))

# %% [markdown]
# Before any training, `training=False` leaves the feature almost unchanged
# (the moving averages start at mean 0 and variance 1); `training=True`
# normalizes the batch at once. After 30 training calls the moving averages
# have come close to the batch's statistics, and `training=False`
# normalizes too. That is why a model with `BatchNormalization` (or
# `Dropout`) must be called with `training=True` in a hand-written training
# loop, as in section 5: without it, the layer would use the moving averages
# and never update them (and `Dropout` would drop nothing).

# %% [markdown]
# ## 8. A step too large: dead ReLUs
#
# A learning rate that is too large is often said to make training
# diverge, as on the ravine of section 3, where above 0.2 the loss in the
# end grows without bound. In a ReLU network
# something else can happen. Below is a small network (2 hidden layers of 8
# ReLU units, Adam, batch size 32) on 200 points of two circles, one class
# inside the other: the network and data of the training playground
# (lesson 2) set to the circles. It is trained with learning rate 0.8 from three different
# starting weights and batch orders, seeds 0 to 2 (seed 0 is what the playground's Train
# button uses). For each run: the mean training loss during the first and
# during the last epoch (what `history` records, while the weights change),
# the loss of the final weights on the 200 points, how many hidden units are
# **dead** (output 0 for every one of the 200 points), and the range of the
# network's output over the 200 points.

# %%
keras.utils.set_random_seed(0)  # TensorFlow's global seed: the shuffling depends on it too
circles = playground_data("circles", 200, noise=0.2, seed=0)  # the playground's data
circles_X = circles.X.astype("float32")

fast = nnteach.build_deep_network(2, (8, 8), seed=0)  # the playground's network
fast.compile(
    optimizer=keras.optimizers.Adam(0.8),
    loss="binary_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=7,  # one epoch (6 batches of 32, 1 of 8) per call: less overhead
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
    f"{'seed':>4} {'loss, epoch 1':>13} {'loss, epoch 60':>14} {'final loss':>10}"
    f" {'accuracy':>8} {'dead units':>10} {'output from':>11} {'to':>6}"
)
losses = []  # each run's loss, epoch by epoch
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
        circles_train, epochs=60, steps_per_epoch=7, shuffle=False, verbose=0  # the pipeline shuffles
    ).history
    losses.append(lr_history["loss"])
    prob = keras.ops.convert_to_numpy(fast(circles_X)).ravel()
    final_loss, final_accuracy = fast.evaluate(circles_X, circles.y, verbose=0)  # final weights
    print(
        f"{seed:4} {lr_history['loss'][0]:13.3f} {lr_history['loss'][-1]:14.3f}"
        f" {final_loss:10.3f} {final_accuracy:8.0%}"
        f" {str(dead_units(fast, circles_X)):>10} {prob.min():11.3f} {prob.max():6.3f}"
    )
shown = [1, 10, 20, 30, 40, 50, 60]
print("loss at epochs", shown)
for seed, loss in enumerate(losses):
    print(f"seed {seed}:", np.round([loss[epoch - 1] for epoch in shown], 3).tolist())

# %% [markdown]
# In every run the loss of the first epoch is above 0.69, the loss of
# answering 0.5 everywhere (printed below): far above in two runs (2.070 and
# 2.485), a little above in the third (0.893). After that (the loss every
# 10 epochs is printed under the table), two of the three runs end at a
# loss above 0.69 and an accuracy near 50 %, but they get there
# differently: at every printed epoch from 10 to 60 run 0 is just above
# 0.69 (between 0.694 and 0.72), while run 2 gets below it (lowest printed: 0.608 at epoch 30) and
# then climbs back to 0.768 during epoch 60; its final weights cost 0.734.
# The last columns say why they end there:
# after 60 epochs all 8 units of the second hidden layer are dead in both,
# so the output no longer depends on the input. It is one number for all 200 points, and that
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
# (lesson 1): the unit's weights get no gradient. That alone need not be
# the end: Adam's running average of past gradients keeps moving the
# weights for a few more steps, and a dead unit of the second layer gets
# new inputs while the first layer still learns, so it can come back.
# It may stay dead, though. Once all units of the last hidden layer
# are dead, no gradient reaches any earlier layer either, so their inputs
# stop changing too, and nothing but the last of Adam's fading momentum
# could still move them: such a layer stays dead. Only the output bias
# still learns. The best a
# constant can do on two balanced classes is 0.5, which costs log 2 ≈ 0.693;
# the bias keeps moving in big steps around it (the last run stopped at the
# constant printed above, not at 0.5), so the loss does not settle at
# 0.693 (the final weights of the last run cost 0.734). At the end the
# sigmoid output is **not** saturated (it is far from 0 and 1, in the
# table's last two columns): the final collapse is in the ReLUs. The run in
# which one unit of the second layer survived limps on, with a loss below
# 0.69 and an accuracy above chance.
#
# One more caveat: this is the playground's network, which ends in a
# sigmoid and gives the loss probabilities, not the logits section 2
# recommends. With steps this large its outputs can come extremely close to
# 0 or 1 during training, and its losses are then exact only thanks to
# TensorFlow's rescue, which covers sigmoid outputs as it covers softmax
# ones (`keras/src/backend/tensorflow/nn.py`); on another backend they would
# be clipped.
#
# In the training playground of lesson 2, on the circles, compare `0.8`
# with `0.03`, and try
# `leaky_relu`: its slope for negative inputs is small but not 0, so no
# unit's gradient is exactly 0.

# %% [markdown]
# > **Common pitfalls**
# >
# > - **Softmax twice.** `from_logits=True` tells a loss that it receives
# >   scores and must apply softmax itself. Given probabilities, it applies
# >   softmax a second time and computes a wrong loss. On the TensorFlow
# >   backend only, Keras catches one case: probabilities straight from a
# >   Keras softmax (section 5's model ends in one), where it warns and uses
# >   the scores behind them; on JAX the loss is simply wrong (the rescue of
# >   section 2). Use `from_logits=True` only when the last layer has no
# >   activation (as in sections 2 and 7).
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
softmax_outputs = fitted(X_val)  # section 5's model: its last layer is a softmax
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    straight = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y_val, softmax_outputs)
proper = keras.losses.SparseCategoricalCrossentropy()(y_val, ops.convert_to_numpy(softmax_outputs))
same = np.isclose(float(straight), float(proper), atol=1e-4)
print("TensorFlow only: straight from a softmax layer, the right loss anyway:", bool(same))
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
#   \eta\nabla L$. Too small a learning rate crawls; on a quadratic loss,
#   one above $2/\lambda_{max}$ diverges.
# - **Backpropagation** is the chain rule from the loss back to each weight;
#   `tf.GradientTape` does it automatically and agrees with the hand
#   computation to rounding.
# - A **training loop** is: forward pass inside a tape, loss (plus the
#   regularization penalties in `model.losses`), gradients,
#   `optimizer.apply_gradients`. With the same seed, data order and
#   optimizer it reproduces `fit`.
# - **Momentum** got further than plain SGD at the same learning rate, but
#   when the gradient keeps its direction its steps add up to
#   1 / (1 − momentum) times the learning rate, and plain
#   SGD at that larger rate ended close to it here (behind it early on). **Adam** got further at
#   learning rate 0.01, but not at its default 0.001: an optimizer is only
#   as good as its learning rate. Smaller batches make more, noisier steps
#   per epoch.
# - In deep **sigmoid** stacks gradients **vanish** layer by layer; tiny
#   starting weights make every layer's gradient tiny. In this lesson's
#   9-layer network, measured once before
#   training, ReLU with He initialization and tanh with Keras's default
#   Glorot initialization kept the gradient's size. Starting weights that
#   are too large make gradients **explode**; `clipnorm` (or
#   `global_clipnorm`) on the optimizer caps the gradient's norm before each
#   step (for plain SGD that caps the step too; momentum and Adam turn the
#   clipped gradient into a step their own way). `BatchNormalization` normalizes with the
#   batch's statistics when `training=True` and with moving averages
#   otherwise.
# - **Logits first**: end a classifier in `Dense(k)` and give the loss
#   `from_logits=True`; it is stable on every backend.
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
# 5. Any two of: a learning rate that is too large (the loss grows until it
#    overflows); starting weights that are too large, so that the gradients
#    explode (section 7; clipping helps); a softmax or log computed on
#    numbers that overflow or reach 0 (a naive softmax, $\log 0$).
#
# </details>
#
# **Next:** practise in [exercise 4](../exercises/04_how_a_network_learns.ipynb),
# then go on to [lesson 5, training and testing](05_training_and_testing.ipynb).
