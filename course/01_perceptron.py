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
# # 1 · The perceptron
#
# A neural network is built from one small part used over and over: the
# artificial **neuron**. This lesson takes a single neuron apart. Once you know
# exactly what one neuron computes, a network of thousands holds no mystery.
#
# **In this lesson you will**
# - compute what a neuron does by hand with NumPy, then let a Keras `Dense`
#   layer do the same and check that they agree;
# - train a neuron with a linear activation and see that it *is* linear
#   regression: when its gradient descent converges, it lands on the
#   least-squares solution;
# - meet the binary step activation of the original perceptron and see why
#   gradient descent cannot train it;
# - build the same model with Keras's Sequential and Functional APIs;
# - read `model.summary()` and count the parameters yourself.
#
# **Prerequisites:** [lesson 0](00_start_here.ipynb) (the environment works),
# Python and a little NumPy (arrays, `@` for matrix products).

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf  # only for tf.GradientTape in section 3
from keras import ops

import nnteach
from nnteach import style  # the course's colours
from nnteach.widgets import neuron_explorer

keras.utils.set_random_seed(0)  # same random numbers for everyone

# %% [markdown]
# ## 1. What one neuron computes
#
# A neuron receives $n$ numbers $x_1, \dots, x_n$ (its **inputs**). It keeps
# one **weight** $w_i$ per input and one extra number, the **bias** $b$.
# It does two things:
#
# 1. the **weighted sum**: $z = w_1 x_1 + w_2 x_2 + \dots + w_n x_n + b$;
# 2. the **activation**: its output is $f(z)$ for some fixed function $f$.
#
# A large positive weight means "this input pushes the output up", a negative
# one pushes it down, and the bias shifts the result whatever the inputs are.
# Here is one neuron with three inputs, by hand:

# %%
x = np.array([2.0, -1.0, 0.5])  # the inputs
w = np.array([0.4, 0.3, -1.2])  # one weight per input
b = 0.5  # the bias

z = x @ w + b  # weighted sum: 0.8 - 0.3 - 0.6 + 0.5
print(f"weighted sum z = {z:.2f}")

# %% [markdown]
# The activation decides what the neuron makes of $z$. Three common choices:
#
# - **linear** (identity): $f(z) = z$, the sum itself;
# - **binary step**: $f(z) = 1$ if $z \ge 0$, else $0$: the neuron "fires" or not;
# - **sigmoid**: $f(z) = 1 / (1 + e^{-z})$, a smooth step between 0 and 1.

# %% tags=["nbval-check-output"]
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


print(f"linear : {z:.2f}")
print(f"step   : {float(z >= 0):.2f}")
print(f"sigmoid: {sigmoid(z):.2f}")

# %% [markdown]
# ### The same neuron as a Keras layer
#
# In Keras a layer of neurons is `keras.layers.Dense(units)`. With `units=1` it
# is exactly one neuron. Its weights live in two arrays:
#
# - the **kernel**, shape `(n_inputs, units)`: one row per input, one column
#   per neuron;
# - the **bias**, shape `(units,)`: one number per neuron.
#
# A new layer starts with a random kernel (Keras's default, Glorot's
# rule, draws it) and a bias of exactly 0. We build it for 3 inputs, then put
# *our* weights in with `set_weights([kernel, bias])`, so it must compute the
# same $z$ as above.

# %% tags=["nbval-check-output"]
layer = keras.layers.Dense(1, activation="linear", name="neuron")
layer.build((None, 3))  # None: any number of samples; 3: inputs per sample
print("kernel shape:", tuple(layer.kernel.shape), "| bias shape:", tuple(layer.bias.shape))

layer.set_weights([w.reshape(3, 1), np.array([b])])
keras_z = layer(x.reshape(1, 3))  # a batch holding one sample
print(f"Dense output: {float(keras_z[0, 0]):.2f}")
print("same as by hand:", bool(np.isclose(float(keras_z[0, 0]), z)))

# %% [markdown]
# A layer never works on one sample at a time: it takes a **batch**, a 2-D
# array with one row per sample, and computes every row at once as
# `X @ kernel + bias`. Doing a whole batch as one matrix product, which
# modern hardware computes very efficiently, is a large part of why neural
# networks train fast.

# %%
X = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [-1.0, 2.0, 0.0]])
by_hand = X @ w.reshape(3, 1) + b
print("by hand:", by_hand.ravel().round(2))
print("Dense  :", ops.convert_to_numpy(layer(X)).ravel().round(2))
print("same for every sample:", bool(np.allclose(layer(X), by_hand)))

# %% [markdown]
# ### Try it: one neuron under your hands
#
# With two inputs a neuron can be drawn. Left: points of two classes in the
# plane of inputs $(x_1, x_2)$. The neuron outputs 1 (orange region) where
# $z = w_1 x_1 + w_2 x_2 + b \ge 0$ and 0 (green) elsewhere; the black line
# $z = 0$ is its **decision boundary**, and the star is the current input.
# Right: the activation, with the current input's $z$ marked.
#
# Things to try:
# - Move $w_1$ and $w_2$: the line **turns**. The arrow (the weight vector)
#   always points to the side where the neuron fires.
# - Move the bias $b$: the line **shifts** without turning.
# - Set both weights to 0: no line at all, the output depends on $b$ only.
# - Can you get every point on the correct side? (It is possible: a straight
#   line separates the two classes.)
# - Switch the activation to sigmoid: the boundary stays where it is; only
#   the output near it becomes a soft value between 0 and 1.

# %%
neuron_explorer()

# %% [markdown]
# ## 2. A linear neuron is linear regression
#
# With the linear activation the neuron computes $\hat y = w \cdot x + b$:
# the formula of **linear regression**. Training it with the *mean squared
# error* (MSE) loss looks for the weights and bias that make
# $\frac{1}{m}\sum (\hat y - y)^2$ as small as possible: the same goal as the
# *least-squares* method of statistics. So if gradient descent converges
# (a small enough learning rate and enough steps; lesson 4 shows what
# "small enough" means), the two end with the same numbers, and since no
# feature here is a copy or a mix of the others (a cell below prints the
# rank: 4 independent columns, counting the bias's column of ones), there is
# only one such answer. Let us check for one setting: 15 full-batch steps at learning
# rate 0.3.
#
# `nnteach.make_regression` draws data from a known rule plus noise:

# %%
data = nnteach.make_regression(400, n_features=3, noise=0.5, seed=0)
print(data.description)
print("X:", data.X.shape, "| y:", data.y.shape)

# %% [markdown]
# The perceptron is one `Dense(1)` layer after an input of 3 features.
# `compile` chooses how it learns: plain **gradient descent** (`SGD`) on the
# MSE loss. With `batch_size=len(data.X)` every step looks at all 400 samples,
# computes how the loss changes with each weight (the gradient) and moves every
# weight a little downhill. (Lesson 5 covers `compile` and `fit` in depth.)

# %%
linear_perceptron = keras.Sequential(
    [keras.Input(shape=(3,), name="features"), keras.layers.Dense(1, name="neuron")],
    name="linear_perceptron",
)
linear_perceptron.compile(optimizer=keras.optimizers.SGD(learning_rate=0.3), loss="mse")
history = linear_perceptron.fit(
    data.X, data.y, epochs=15, batch_size=len(data.X), shuffle=False, verbose=0
)

# %% [markdown]
# Least squares has a direct answer, `np.linalg.lstsq`. The bias becomes an
# ordinary weight if we add a column of ones to `X` (its weight is added to
# every prediction: exactly what a bias does).

# %% tags=["nbval-check-output"]
ones = np.ones((len(data.X), 1))
least_squares, _, rank, _ = np.linalg.lstsq(np.hstack([data.X, ones]), data.y, rcond=None)
print("independent columns (rank):", rank, "of 4")

kernel, bias = linear_perceptron.get_weights()
learned = np.append(kernel.ravel(), bias)  # [w1, w2, w3, b]
close = np.allclose(learned, least_squares, atol=0.01)
print("perceptron matches least squares (within 0.01):", close)

# %% [markdown]
# Both land next to the true rule; they are not *exactly* on it because of
# the noise in the data: with another sample of 400 points both would move,
# together.

# %%
names = ["w1", "w2", "w3", "b"]
true_rule = np.append(data.true_coef, data.true_intercept)
fig, (ax_loss, ax_w) = plt.subplots(1, 2, figsize=(10, 3.4))

# Keras records each epoch's loss while it computes that epoch's gradient,
# so the value at epoch k belongs to the weights after k - 1 steps.
steps_before = np.arange(len(history.history["loss"]))
ax_loss.plot(
    steps_before, history.history["loss"], marker="o", ms=3, label="training loss", color=style.SERIES[0]
)
ax_loss.axhline(0.5**2, color="0.4", ls="--", lw=1, label="noise variance 0.25")
ax_loss.set(xlabel="gradient steps taken so far", ylabel="MSE (log scale)", yscale="log")
ax_loss.set_title("the loss drops to the noise level", fontsize=10)
ax_loss.legend(fontsize=8)

pos = np.arange(4)
for k, (label, values) in enumerate(
    [("true rule", true_rule), ("least squares", least_squares), ("trained perceptron", learned)]
):
    # series colours: blue and vermillion mean "raises" and "lowers" in this course
    ax_w.bar(pos + (k - 1) * 0.27, values, width=0.27, label=label, color=style.SERIES[2 * k])
ax_w.axhline(0, color="0.3", lw=0.8)
ax_w.set_xticks(pos, names)
ax_w.set_title("learned weights = least-squares weights", fontsize=10)
ax_w.legend(fontsize=8)
fig.tight_layout()
final_loss = linear_perceptron.evaluate(data.X, data.y, verbose=0)
print(f"loss recorded in the last epoch (before its step): {history.history['loss'][-1]:.3f}")
print(f"loss of the final weights, after all 15 steps:     {final_loss:.3f}")
print(f"variance of the noise, 0.5 ** 2:                   {0.5**2:.3f}")

# %% [markdown]
# The loss ends close to $0.5^2$, the variance of the noise we added (the
# numbers printed above): no straight-line rule can predict noise. Keras
# records each epoch's loss while computing that epoch's gradient, so the
# last recorded value belongs to the weights *before* the last step (and the
# first point to the starting weights); `evaluate` scores the final weights.
# Here the two agree because training has converged.

# %% [markdown]
# ## 3. The binary step, and why gradient descent cannot train it
#
# Rosenblatt's perceptron (1958) used the **binary step**: output 1 when
# $z \ge 0$, else 0. `nnteach.step_activation` writes it with `keras.ops`, the
# operations that work on any Keras tensor: `ops.greater_equal(z, 0)` gives
# True/False, and `ops.cast(..., z.dtype)` turns that into 1.0/0.0.

# %% tags=["nbval-check-output"]
z_values = ops.convert_to_tensor([-2.0, -0.1, 0.0, 0.5, 3.0])
print("z              :", ops.convert_to_numpy(z_values))
print("z >= 0         :", ops.convert_to_numpy(ops.greater_equal(z_values, 0)))
print("step(z)        :", ops.convert_to_numpy(nnteach.step_activation(z_values)))

# %% [markdown]
# Training needs the **gradient**: how much the loss changes when a weight
# changes a little. It passes back through the activation, multiplied by the
# activation's slope $f'(z)$. The step is flat everywhere (except the jump at
# 0), so its slope is 0. `tf.GradientTape` records a computation and returns
# these slopes; compare with the sigmoid and with ReLU, $\max(0, z)$, which
# lesson 2 uses in hidden layers:

# %% tags=["nbval-check-output"]
z_var = tf.Variable([-2.0, -0.1, 1.0, 3.0])
with tf.GradientTape(persistent=True) as tape:
    step_out = nnteach.step_activation(z_var)
    sigmoid_out = keras.activations.sigmoid(z_var)
    relu_out = keras.activations.relu(z_var)
print("z               :", z_var.numpy())
print("slope of step   :", tape.gradient(step_out, z_var).numpy())
print("slope of sigmoid:", tape.gradient(sigmoid_out, z_var).numpy().round(2))
print("slope of relu   :", tape.gradient(relu_out, z_var).numpy())

# %% [markdown]
# Every gradient reaching the weights is multiplied by that 0. So `fit` runs
# without complaint, yet the weights never move. Here a step perceptron
# trains on data that a straight line separates perfectly:

# %% tags=["nbval-check-output"]
points = nnteach.make_linear_classification(200, seed=0)

step_perceptron = keras.Sequential(
    [keras.Input(shape=(2,)), keras.layers.Dense(1, activation=nnteach.step_activation)],
    name="step_perceptron",
)
step_perceptron.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
before = [v.copy() for v in step_perceptron.get_weights()]
step_perceptron.fit(points.X, points.y, epochs=5, batch_size=len(points.X), verbose=0)
after = step_perceptron.get_weights()

moved = any(not np.array_equal(old, new) for old, new in zip(before, after, strict=True))
print("weights moved during training:", moved)

# %% [markdown]
# This is why activations used for training have a slope that is not 0, at
# least for some inputs. Sigmoid and tanh are smooth, with a slope above 0
# everywhere. ReLU is not smooth (it has a kink at 0), and its slope is 0 for
# every negative input, as printed above; but it is 1 for every positive
# input, so a ReLU neuron passes gradients back for the inputs that make its
# $z$ positive (lesson 2). The step's slope is 0 for *every* input. The
# original perceptron was trained with its own rule instead ("if a point is on
# the wrong side, add or subtract it from the weights"), which is guaranteed
# to find a separating line for one neuron when the classes are linearly
# separable (the perceptron convergence theorem), but does not extend to a
# network of them.
#
# *A detail:* `nnteach.step_activation` adds `0 * ops.sign(z)` to its output. It
# changes no value, but it tells TensorFlow that the slope is exactly 0.
# Without it TensorFlow finds *no* gradient at all and `fit` stops with
# "No gradients provided for any variable"; with it you can see the zeros.

# %% [markdown]
# ## 4. Sequential and Functional: two ways to write a model
#
# Keras has two main ways to put layers together.
#
# - **Sequential**: a list of layers, each feeding the next. Simple, and
#   enough for every model in this course.
# - **Functional**: you call each layer on the output of the previous one,
#   like a function, then say where the model starts and ends with
#   `keras.Model(inputs, outputs)`. It also allows models that branch or merge.
#
# Both start with `keras.Input(shape=(n_features,))`, which says how many
# numbers one sample has. Here is the same sigmoid perceptron, twice:

# %%
sequential = keras.Sequential(
    [
        keras.Input(shape=(3,), name="features"),
        keras.layers.Dense(1, activation="sigmoid", name="neuron"),
    ],
    name="perceptron_sequential",
)

inputs = keras.Input(shape=(3,), name="features")
outputs = keras.layers.Dense(1, activation="sigmoid", name="neuron")(inputs)
functional = keras.Model(inputs, outputs, name="perceptron_functional")

# %% [markdown]
# Each got its own random kernel (and a zero bias). Copy the weights of one into the other:
# then they must compute the same outputs for any input.

# %% tags=["nbval-check-output"]
print("parameters:", sequential.count_params(), "and", functional.count_params())

functional.set_weights(sequential.get_weights())
X_new = np.random.default_rng(1).normal(size=(5, 3)).astype("float32")
print("same outputs:", bool(np.allclose(sequential(X_new), functional(X_new))))

# %% [markdown]
# `nnteach.build_perceptron(n_inputs, activation=..., api="sequential" or
# "functional")` builds exactly these models; later lessons and the exercises
# use it when the perceptron itself is not the point.

# %% [markdown]
# ## 5. `summary()` and counting parameters by hand
#
# `model.summary()` lists the layers, the shape of what each one outputs, and
# how many numbers (**parameters**) it learns. `None` in a shape stands for the
# batch size, which can be anything.

# %%
sequential.summary()

# %% [markdown]
# Count them yourself. A `Dense` layer with $n$ inputs and $u$ units has one
# weight per (input, unit) pair and one bias per unit: $n \cdot u + u$.
# For our perceptron, $n = 3$ and $u = 1$: $3 \cdot 1 + 1 = 4$.

# %% tags=["nbval-check-output"]
n_inputs, units = 3, 1
print("by hand:", n_inputs * units + units, "| Keras:", sequential.count_params())

# %% [markdown]
# > **Common pitfalls: older perceptron code on Keras 3**
# >
# > - **`Dense(units=1, input_dim=3)`** is deprecated: Keras 3 warns "Do not
# >   pass an `input_shape`/`input_dim` argument to a layer", and the argument
# >   means nothing outside a Sequential model. Make the input its own first
# >   step, `keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])`:
# >   that works in Sequential and Functional models alike.
# > - **A step activation written with `K.switch`** (from
# >   `tensorflow.keras.backend`), as older tutorials write it, still builds,
# >   predicts and fits, in a Functional model too (the next cell shows it: as
# >   with any step, training leaves the weights where they were, up to rounding).
# >   Two reasons to write activations with `keras.ops` instead, e.g.
# >   `ops.cast(ops.greater_equal(z, 0), z.dtype)` or `nnteach.step_activation`:
# >   `keras.ops` runs on every Keras backend (TensorFlow, JAX, PyTorch), while
# >   `tensorflow.keras.backend` is the legacy `tf.keras` namespace that the
# >   Keras package keeps for old code (with Keras 3 it resolves to
# >   `keras._tf_keras.keras.backend`), and
# >   plain `import keras` has no `keras.backend.switch`; and a step cannot be
# >   trained anyway: its slope is 0 (and the old version's `x / x` has a
# >   slope of NaN, "not a number", at exactly 0).

# %% tags=["nbval-check-output"]
from tensorflow.keras import backend as K  # the legacy tf.keras backend functions


def old_step(x):  # the step as older tutorials write it
    return K.switch(x > 0, tf.math.divide(x, x), tf.math.multiply(x, 0))


inputs = keras.Input(shape=(2,))
outputs = keras.layers.Dense(1, activation=old_step)(inputs)
old_step_model = keras.Model(inputs, outputs)  # a Functional model: it builds
old_step_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
before = [v.copy() for v in old_step_model.get_weights()]
old_step_model.fit(points.X, points.y, epochs=5, batch_size=len(points.X), verbose=0)
after = old_step_model.get_weights()
predictions = np.abs(old_step_model.predict(points.X, verbose=0))  # abs: -0.0 is 0
print("predictions take the values:", sorted(set(predictions.ravel().tolist())))
change = max(float(np.abs(new - old).max()) for old, new in zip(before, after, strict=True))
print("fit ran; every weight moved by less than 1e-6:", change < 1e-6)

z_check = tf.Variable([-1.0, 0.0, 2.0])
with tf.GradientTape() as tape:
    old_out = old_step(z_check)
print("slope at z = -1, 0, 2:", tape.gradient(old_out, z_check).numpy())
print("Keras backend:", keras.backend.backend())
print("plain `import keras` has keras.backend.switch:", hasattr(keras.backend, "switch"))

# %% [markdown]
# ## Summary
#
# - A neuron computes a weighted sum plus a bias, $z = w \cdot x + b$, then an
#   activation $f(z)$. A `Dense(units)` layer is `units` neurons side by side:
#   `activation(X @ kernel + bias)` for a whole batch `X`.
# - With a linear activation and the MSE loss, a neuron *is* linear
#   regression: if gradient descent converges (small enough learning rate,
#   enough steps), training lands on the least-squares weights.
# - The binary step has a slope of 0 for every input, so gradient descent
#   cannot move the weights before it; trainable networks use activations
#   with a non-zero slope (sigmoid and tanh everywhere, ReLU for positive
#   inputs).
# - For a plain chain of layers, Sequential (a list of layers) and Functional
#   (layers called like functions, then `keras.Model(inputs, outputs)`) build
#   the same model; only Functional handles branches and merges (§4).
#   Start both with `keras.Input(shape=(n,))`.
# - A `Dense` layer with $n$ inputs and $u$ units has $n \cdot u + u$
#   parameters.
#
# ### Check your understanding
#
# 1. A neuron has inputs $x = (1, 2)$, weights $w = (0.5, -1)$ and bias $1$.
#    What is $z$, and what does a binary step neuron output?
# 2. What are the shapes of the kernel and bias of `Dense(4)` on 10 inputs, and
#    how many parameters does it have?
# 3. Why are the trained linear perceptron's weights not exactly the numbers
#    of the rule that generated the data?
# 4. `fit` ran without an error on the step perceptron. Why did its weights
#    not change?
# 5. In the Functional API, what do `inputs` and `outputs` in
#    `keras.Model(inputs, outputs)` stand for?
#
# <details>
# <summary>Answers (try first!)</summary>
#
# 1. $z = 0.5 \cdot 1 + (-1) \cdot 2 + 1 = -0.5$. Since $z < 0$, the step
#    outputs 0.
# 2. Kernel `(10, 4)`, bias `(4,)`: $10 \cdot 4 + 4 = 44$ parameters.
# 3. The data contain noise. Training (like least squares) finds the best line
#    for *these* 400 samples, which is close to the true rule but not equal.
#    More samples would tend to bring it closer (the error shrinks on
#    average, not in every sample).
# 4. The gradient that reaches the weights is multiplied by the step's slope,
#    which is 0. A gradient of 0 means "no change", at every step.
# 5. `inputs` is the `keras.Input` where data enter; `outputs` is what the
#    last layer returned when called on the chain starting at those inputs.
#    Keras follows the calls between them to find the layers of the model.
#
# </details>
#
# **Next:** practise in [exercise 1](../exercises/01_perceptron.ipynb), then
# go on to [lesson 2, deep networks](02_deep_networks.ipynb), where neurons
# are stacked into layers.
