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
# # 2 · Deep networks
#
# One neuron draws one straight line (lesson 1). Real problems are rarely that
# simple. This lesson stacks neurons into **layers** and layers into a
# **deep network**, and shows what that buys: boundaries that bend.
#
# **In this lesson you will**
# - name the input, hidden and output layers of a network and follow data
#   through them;
# - compare the common activation functions and their slopes (derivatives),
#   and see why a network needs a non-linear one;
# - see a single neuron's straight boundary misclassify part of a curved
#   problem that a network with two hidden layers separates far better;
# - use the "rule of thumb" for the size of a hidden layer as a starting
#   point, then test it against other sizes;
# - see what dropout does during training and at prediction time;
# - write the same network with the Sequential and the Functional API.
#
# **Prerequisites:** [lesson 1, the perceptron](01_perceptron.ipynb): a neuron
# computes $f(w \cdot x + b)$; a `Dense` layer is many neurons side by side;
# `keras.Input`, `keras.Sequential`, `keras.Model`.

# %%
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf  # only for tf.GradientTape in section 2
from keras import ops

import nnteach
from nnteach import style  # the course's colours
from nnteach.widgets import activation_explorer, training_playground

keras.utils.set_random_seed(0)  # same random numbers for everyone

# %% [markdown]
# ## 1. Input, hidden and output layers
#
# A network is a chain of layers; each layer's outputs are the next layer's
# inputs.
#
# - The **input layer** is the data itself: one value per feature. It has no
#   neurons and learns nothing; in Keras it is `keras.Input(shape=(n_features,))`.
# - **Hidden layers** sit in between. Nobody tells them what to compute; they
#   learn useful intermediate features on their own. In this course a
#   network with two or more hidden layers is called **deep** (usage varies:
#   some authors count any hidden layer).
# - The **output layer** gives the answer. Its size and activation follow from
#   the task: one sigmoid neuron for a yes/no question (a probability), one
#   linear neuron for a number.
#
# Here is a small deep network for points in the plane (2 features): two
# hidden layers of 4 neurons, one output neuron.

# %%
small_net = keras.Sequential(
    [
        keras.Input(shape=(2,), name="input"),
        keras.layers.Dense(4, activation="relu", name="h1"),
        keras.layers.Dense(4, activation="relu", name="h2"),
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ],
    name="small_deep_network",
)
diagram = nnteach.draw_network(small_net, describe=True)

# %% [markdown]
# Each line is one weight. Follow a batch of 3 points through the layers:
# every layer turns each row of 2 numbers into 4, then 4 more, then 1.

# %% tags=["nbval-check-output"]
points = np.array([[0.0, 0.0], [1.0, -0.5], [-1.0, 2.0]], dtype="float32")
h = points
print(f"{'input':>6}: shape {h.shape}")
for layer in small_net.layers:
    h = layer(h)
    print(f"{layer.name:>6}: shape {tuple(h.shape)}")

# %% [markdown]
# ## 2. Activation functions
#
# Why not leave out the activation (use the linear one) everywhere? Because
# then the whole network collapses into one neuron. Two linear layers compute
# $(x W_1 + b_1) W_2 + b_2 = x (W_1 W_2) + (b_1 W_2 + b_2)$: again one weighted
# sum. The check below builds two linear layers and one layer with these
# combined weights:

# %% tags=["nbval-check-output"]
two_linear = keras.Sequential(
    [keras.Input(shape=(2,)), keras.layers.Dense(4), keras.layers.Dense(1)]
)
(W1, b1), (W2, b2) = [layer.get_weights() for layer in two_linear.layers]
W, b = W1 @ W2, b1 @ W2 + b2  # combined weights: shape (2, 1) and (1,)

x = np.random.default_rng(0).normal(size=(100, 2)).astype("float32")
print("combined weights:", W.shape, b.shape)
same = np.allclose(two_linear(x), x @ W + b, atol=1e-5)
print("two linear layers = one linear layer:", bool(same))

# %% [markdown]
# A non-linear activation between the layers stops the collapse: that is what
# lets a network bend its boundaries. The usual choices, with their slopes
# below them. The slope $f'(z)$ matters because training multiplies the
# gradient by it on the way back through each layer (lesson 1).
# `tf.GradientTape` computes the slopes for us.

# %%
activations = {
    "linear": keras.activations.linear,
    "step": nnteach.step_activation,
    "sigmoid": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
    "relu": keras.activations.relu,
}
z = tf.Variable(np.linspace(-4, 4, 401, dtype="float32"))
fig, axes = plt.subplots(2, 5, figsize=(13, 4.6), sharex=True, sharey="row")
slopes = {}
for col, (name, f) in enumerate(activations.items()):
    with tf.GradientTape() as tape:
        out = f(z)
    slope = tape.gradient(out, z)  # element by element: f'(z) at every z
    slopes[name] = slope.numpy()
    axes[0, col].plot(z.numpy(), ops.convert_to_numpy(out), color=style.SERIES[0], lw=2)
    axes[1, col].plot(z.numpy(), slope.numpy(), color=style.SERIES[2], lw=2)
    axes[0, col].set_title(name)
    axes[1, col].set_xlabel("z")
for ax in axes.flat:
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
axes[0, 0].set_ylabel("f(z)")
axes[1, 0].set_ylabel("slope f'(z)")
axes[0, 0].set_ylim(-1.5, 1.5)
axes[1, 0].set_ylim(-0.1, 1.2)
fig.tight_layout()

largest = {name: float(f_slope.max()) for name, f_slope in slopes.items()}
print("largest slope:", ", ".join(f"{name} {value:.2f}" for name, value in largest.items()))

# %% [markdown]
# What the picture says:
#
# - **linear**: slope 1 everywhere, but stacking linear layers gains nothing.
# - **step**: slope 0 everywhere: gradient descent cannot train it (lesson 1).
# - **sigmoid** (0 to 1) and **tanh** (-1 to 1): smooth, but the slope fades
#   to almost 0 for large $|z|$, and the sigmoid's is never more than 0.25
#   (the largest slopes are printed above the picture).
#   Backpropagation multiplies the gradient by one slope per layer (and by
#   the weights), so through $N$ sigmoid layers the slopes alone multiply it
#   by at most $0.25^N$. Large weights could make up for that, but the usual
#   starting weights are not that large (lesson 4 measures it), and the
#   gradient *vanishes*: the first layers barely learn.
# - **relu**, $\max(0, z)$: slope exactly 1 for $z > 0$, so the activation
#   passes gradients through unchanged; 0 for $z < 0$. Cheap, and the usual
#   default for hidden layers. Its weak point: a ReLU neuron whose sum is
#   negative for every input always outputs 0 and gets no gradient, so it
#   is *dead* (lesson 3's digit network has dead neurons; lesson 4 §8 shows
#   how a whole layer can die).
#
# For the **output** layer the task decides: sigmoid for a probability
# (binary classification), linear for a number (regression).
#
# ### Try it: activations and vanishing gradients
#
# Pick an activation and a range. The shaded parts are where the slope is
# below the threshold: there a layer passes back almost none of the gradient.
# Try sigmoid on a wide range (-10 to 10), then relu, then leaky_relu (a ReLU
# that keeps a small slope below 0).

# %%
activation_explorer(preset={"activation": "sigmoid", "x_range": (-10.0, 10.0)})

# %% [markdown]
# ## 3. A curved problem: one straight line is not enough
#
# Two interleaving half moons: no straight line separates the two classes.
# We keep 20 % of the points for validation and 20 % for a final test (lesson 5
# explains why), and train on the rest.

# %% tags=["nbval-check-output"]
moons = nnteach.make_moons(400, noise=0.1, seed=0)
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    moons.X, moons.y, val_size=0.2, test_size=0.2, seed=0
)
print(moons)
print("train:", X_train.shape, "| validation:", X_val.shape, "| test:", X_test.shape)

# %% [markdown]
# Two models, trained the same way:
#
# - a **perceptron**: one sigmoid neuron (logistic regression);
# - a **deep network**: two ReLU hidden layers of 16 and 8 neurons and a
#   sigmoid output. `nnteach.build_deep_network` writes these layers for us;
#   section 6 writes them out by hand.
#
# `train` compiles (Adam optimizer, binary cross-entropy loss: lesson 5) and
# fits a model on the training points in batches of 8; `accuracy` is the
# fraction of points on the right side of probability 0.5.

# %%
def train(model, epochs=10):
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.02),
        loss="binary_crossentropy",
        steps_per_execution=30,  # 30 steps (one epoch here) per call into TensorFlow: faster
    )
    model.fit(X_train, y_train, epochs=epochs, batch_size=8, verbose=0)
    return model


def accuracy(model, X, y):
    probability = ops.convert_to_numpy(model(X))[:, 0]  # calling the model = predicting
    return float(np.mean((probability >= 0.5) == y))


perceptron = train(nnteach.build_perceptron(2, activation="sigmoid"))
deep = train(nnteach.build_deep_network(2, (16, 8)))

# %%
def plot_boundary(model, ax, title):
    """Colour the plane by the model's probability of class 1; draw the validation points."""
    g1, g2 = np.meshgrid(np.linspace(-2.0, 3.0, 120), np.linspace(-1.6, 2.1, 100))
    grid = np.column_stack([g1.ravel(), g2.ravel()]).astype("float32")
    probability = ops.convert_to_numpy(model(grid)).reshape(g1.shape)
    levels = np.linspace(0, 1, 11)
    ax.contourf(g1, g2, probability, levels=levels, cmap=style.class_colour_map())
    ax.contour(g1, g2, probability, levels=[0.5], colors="black", linewidths=1.5)
    colors = np.array(style.CLASS_COLOURS)[y_val]  # class 0 green, class 1 orange
    ax.scatter(X_val[:, 0], X_val[:, 1], c=colors, s=16, edgecolors="white", linewidths=0.5)
    ax.set_title(f"{title}\nvalidation accuracy {accuracy(model, X_val, y_val):.0%}", fontsize=10)
    ax.set_xlabel("x1")


fig, (ax_left, ax_right) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
plot_boundary(perceptron, ax_left, "perceptron: one straight line")
plot_boundary(deep, ax_right, "deep network (16, 8): a curved boundary")
ax_left.set_ylabel("x2")
fig.tight_layout()

# %% [markdown]
# The black line is where the model's probability crosses 0.5; the
# background is green where the model says class 0 and orange where it says
# class 1, paler near the line where it is less sure (the points are the
# validation set, green for class 0 and orange for class 1, which neither
# model saw in training; no model is scored on the test set in this
# lesson: it is kept for a final check). The
# perceptron's boundary is a straight line whatever it learns, so it gets
# most points right but cannot get them all: part of each moon lies on the
# wrong side (its validation accuracy is in the title). The deep network's
# hidden layers build a curve from many small straight pieces (each ReLU
# neuron can add a bend), which follows both moons.

# %% [markdown]
# ## 4. How many neurons? A rule of thumb, tested
#
# A popular rule of thumb: give a hidden layer about as many neurons as the
# mean of the number of inputs and outputs, $\lceil (n_{in} + n_{out}) / 2 \rceil$.
# `nnteach.suggest_hidden_units` computes it:

# %% tags=["nbval-check-output"]
suggested = nnteach.suggest_hidden_units(n_inputs=2, n_outputs=1)
print("suggested hidden units:", suggested)

# %% [markdown]
# It is a **starting point, not a law**: the right size depends on the
# data. The honest way to choose is to try a few sizes and compare them on the
# **validation** set (never on the test set, which is kept for the very end).
# We train two networks with hidden layers of the suggested size and of 4
# neurons, the same way as before, and compare them with the two models we
# already have.

# %%
candidates = {"none (perceptron)": perceptron}
for units in (suggested, 4):
    keras.utils.set_random_seed(0)  # both new candidates start from the same seed
    candidates[f"({units}, {units})"] = train(nnteach.build_deep_network(2, (units, units)))
candidates["(16, 8)"] = deep

print("hidden layers     | parameters | validation accuracy")
for name, model in candidates.items():
    note = "  <- rule of thumb" if name == f"({suggested}, {suggested})" else ""
    print(f"{name:<17} | {model.count_params():>10} | {accuracy(model, X_val, y_val):>19.0%}{note}")

# %% [markdown]
# Here, for this one seed, the rule of thumb's (2, 2) network scores below
# the (4, 4) and (16, 8) networks. Read this as a hint, not a verdict: it is
# one training run per size, scored on 80 validation points (one point is
# $1/80 = 1.25\,\%$), and another seed could give another order. Ten epochs
# may also be too few for the smallest network, so "too small" and "not
# trained long enough" look the same in this table. And the rule was meant
# for a single hidden layer; we used it for each of two. To choose for real,
# repeat each size over a few seeds (lessons 5c and 5d do this for batch
# sizes and regularisers) and compare them seed by seed, not only their
# averages. On other data the rule may be fine or too big. More neurons are
# not free either: they take longer to train and, with little data, start to
# learn the noise (*overfitting*, lesson 5).
#
# ### Try it: train a network yourself
#
# Pick a data set, the number of hidden layers and neurons, the activation
# and the learning rate, then press **Train**. A fresh network trains in the
# background; watch the loss fall and the boundary form. Things to try:
#
# - moons with 1 hidden layer of 1 neuron: a straight boundary, like the
#   perceptron. Then 2 layers of 8.
# - circles: how many neurons does a ring need?
# - the activation `linear` with 4 layers of 32: still a straight line
#   (section 2).
# - a learning rate of 1: the loss jumps up first, and the run can then
#   stall near 0.69 at about chance accuracy, on the moons as on the circles
#   ([lesson 4](04_how_a_network_learns.ipynb), section 8, shows why).

# %%
training_playground()

# %% [markdown]
# ## 5. Dropout
#
# A `Dropout(rate)` layer fights overfitting in a surprisingly simple way.
# **During training**, at every step, it sets each of its inputs to 0 with
# probability `rate`, independently of the others, and multiplies the ones it
# keeps by $1 / (1 - \text{rate})$, so that each output's expected value
# (zeros included) stays the same.
# So it does not drop an exact fraction `rate`: the number of zeros changes
# from one step to the next, and only on average is it a fraction `rate`. No neuron can rely on one particular other neuron
# always being there. **At prediction time** it does nothing at all.
#
# Keras tells a layer which case it is in with the `training` argument:
# `fit` passes `training=True`; `model(x)`, `predict` and `evaluate` use
# `training=False`.

# %% tags=["nbval-check-output"]
dropout = keras.layers.Dropout(rate=0.5, seed=0)
ones = np.ones((1, 10), dtype="float32")
during_training = ops.convert_to_numpy(dropout(ones, training=True))
at_prediction = ops.convert_to_numpy(dropout(ones, training=False))

print("values during training:", sorted(set(during_training.ravel().tolist())))
print("at prediction         :", at_prediction.ravel())

# %% [markdown]
# During training each value was either dropped (0) or doubled (2 = 1 / (1 - 0.5)).
# Which ones, and how many, changes at every call:

# %%
for call in range(3):
    values = ops.convert_to_numpy(dropout(ones, training=True)).ravel()
    print(f"training call {call + 1}:", values, f"-> {int(np.sum(values == 0))} of 10 dropped")
counts = [int(np.sum(ops.convert_to_numpy(dropout(ones, training=True)) == 0)) for _ in range(20)]
print("values dropped in 20 more calls:", counts)
many = ops.convert_to_numpy(dropout(np.ones((1, 10_000), dtype="float32"), training=True))
print(f"dropped among 10,000 values: {np.mean(many == 0):.1%}  (rate 0.5: about half)")
print(f"mean over 10,000 values: {many.mean():.2f}  (about 1: the average is kept)")

# %% [markdown]
# In a network, a `Dropout` layer goes after a hidden layer, as in
# `nnteach.build_deep_network(..., dropout=0.2)`. It has no weights, so it
# adds no parameters.

# %% [markdown]
# ## 6. The same network, Sequential and Functional
#
# Here is a deep network for 2 features with dropout, written out in full in
# both styles. In the Functional style every layer is *called* on the output
# of the previous one, and `keras.Model(inputs, outputs)` is given the first
# input and the last output of **this** chain.

# %%
n_features = 2

sequential = keras.Sequential(
    [
        keras.Input(shape=(n_features,), name="input"),
        keras.layers.Dense(units=16, activation="relu", name="h1"),
        keras.layers.Dropout(rate=0.2, name="drop1"),
        keras.layers.Dense(units=8, activation="relu", name="h2"),
        keras.layers.Dropout(rate=0.2, name="drop2"),
        keras.layers.Dense(units=1, activation="sigmoid", name="output"),
    ],
    name="deep_sequential",
)

inputs = keras.Input(shape=(n_features,), name="input")
h1 = keras.layers.Dense(units=16, activation="relu", name="h1")(inputs)
h1 = keras.layers.Dropout(rate=0.2, name="drop1")(h1)
h2 = keras.layers.Dense(units=8, activation="relu", name="h2")(h1)
h2 = keras.layers.Dropout(rate=0.2, name="drop2")(h2)
outputs = keras.layers.Dense(units=1, activation="sigmoid", name="output")(h2)
functional = keras.Model(inputs=inputs, outputs=outputs, name="deep_functional")

# %% [markdown]
# Same layers, same parameter count ($2 \cdot 16 + 16$, $16 \cdot 8 + 8$,
# $8 \cdot 1 + 1$), and with the same weights the same outputs:

# %% tags=["nbval-check-output"]
print("parameters:", sequential.count_params(), functional.count_params())
print("by hand   :", (2 * 16 + 16) + (16 * 8 + 8) + (8 * 1 + 1))
print("layers    :", [layer.name for layer in functional.layers[1:]])

functional.set_weights(sequential.get_weights())
print("same outputs:", bool(np.allclose(sequential(X_test), functional(X_test))))

# %% [markdown]
# > **Common pitfalls: older deep-network code on Keras 3**
# >
# > - **A `Dense` layer without `units`**, such as
# >   `Dense(name="output", activation="sigmoid")`, fails with "missing 1
# >   required positional argument: 'units'": a `Dense` layer must know how many
# >   neurons it has. Write `Dense(units=1, activation="sigmoid", name="output")`.
# > - **`keras.Model(inputs=inputs, outputs=outputs)` with the wrong
# >   `outputs`**: older code stored the last layer's result in `output` but
# >   passed `outputs`, a variable left over from the perceptron, whose input
# >   was also named `"input"`. Keras 3 stops with `ValueError: The name
# >   "input" is used 2 times in the model. All operation names should be
# >   unique.` (the cell below runs that code): the model would hold both
# >   inputs. With differently named inputs it stops instead because the output
# >   "is not connected to `inputs`". Pass the result of *this* chain's last
# >   layer, `outputs = Dense(units=1, ...)(h2)`, and check with `model.summary()`.
# > - **`Dense(..., input_dim=n_features)`** is deprecated in Keras 3 (it warns,
# >   and means nothing in a Functional model). Start every model with
# >   `keras.Input(shape=(n_features,))`.

# %% tags=["nbval-check-output"]
# the older code, in order: a Functional perceptron, then a deep network
inputs = keras.Input(shape=(3,), name="input")
outputs = keras.layers.Dense(units=1, name="output")(inputs)  # the perceptron's output
perceptron_model = keras.Model(inputs=inputs, outputs=outputs, name="perceptron")

inputs = keras.Input(shape=(n_features,), name="input")
h1 = keras.layers.Dense(units=16, activation="relu", name="h1")(inputs)
output = keras.layers.Dense(units=1, activation="sigmoid", name="output")(h1)  # `output`...
try:
    keras.Model(inputs=inputs, outputs=outputs)  # ... but `outputs` is passed
except ValueError as error:
    print("ValueError:", error)

features = keras.Input(shape=(n_features,), name="features")  # another name
try:
    keras.Model(inputs=features, outputs=outputs)
except ValueError as error:
    print("ValueError:", error)

# %% [markdown]
# ## Summary
#
# - A network is input → hidden layers → output layer; with two or more hidden
#   layers it is *deep*. The output layer's size and activation follow from
#   the task.
# - Without non-linear activations, stacked layers collapse into one linear
#   layer. ReLU is the usual default for hidden layers (but a ReLU neuron
#   can die: 0 for every input). The sigmoid's slope is at most 0.25, which
#   makes gradients vanish in deep stacks; tanh's slope reaches 1, and fades
#   only where large inputs push it into its flat parts; the step's slope
#   is 0 everywhere.
# - One neuron draws a straight boundary; hidden layers let a network bend it
#   (two moons: the perceptron's straight line gets part of each moon wrong,
#   a small deep network follows the curves).
# - The rule of thumb $\lceil (n_{in} + n_{out}) / 2 \rceil$ is a starting
#   point; compare a few sizes on validation data and keep the test set for
#   the end.
# - Dropout sets each value to 0 with probability `rate` during training
#   (scaling the rest up), so the number dropped varies from step to step;
#   it does nothing at prediction time.
# - Sequential and Functional build the same network; in the Functional form
#   give every `Dense` its `units`, and pass the chain's own input and output
#   to `keras.Model`.
#
# ### Check your understanding
#
# 1. A network has 10 inputs, hidden layers of 6 and 3 neurons, and 1 output.
#    How many parameters does it have?
# 2. Why does a network of 5 `Dense` layers with linear activations still draw
#    a straight boundary?
# 3. Why is ReLU usually preferred to sigmoid in hidden layers?
# 4. The validation accuracies above favour the bigger networks. Why should you
#    not pick the size by test accuracy instead?
# 5. A `Dropout(0.25)` layer receives the values `[4, 4, 4, 4]` during
#    training. What values can come out? And at prediction time?
#
# <details>
# <summary>Answers (try first!)</summary>
#
# 1. $(10 \cdot 6 + 6) + (6 \cdot 3 + 3) + (3 \cdot 1 + 1) = 66 + 21 + 4 = 91$.
# 2. A chain of linear layers is one linear function (section 2), so its
#    boundary $w \cdot x + b = 0$ is a straight line (a plane in more
#    dimensions), however many layers there are.
# 3. Its slope is 1 for every positive input, so the activation itself does
#    not shrink a gradient passing back through many layers (only the
#    weights change its size); the sigmoid's slope is at most 0.25 and
#    nearly 0 for large inputs, so gradients vanish. ReLU is also cheaper.
# 4. The test set must measure how the final model does on data that played
#    no part in any choice. Choosing the size by test accuracy makes the test
#    score optimistic: the test set has then been used to choose the model, as a
#    validation set is.
# 5. Each value is either 0 or $4 / (1 - 0.25) \approx 5.33$; on average one
#    in four is dropped. At prediction time the output is `[4, 4, 4, 4]`.
#
# </details>
#
# **Next:** practise in [exercise 2](../exercises/02_deep_networks.ipynb), then
# go on to [lesson 3, seeing the network](03_seeing_the_network.ipynb).
