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
# # 3 · Seeing the network
#
# A Keras model is a list of layers and a few arrays of numbers. A picture
# makes it much easier to check that you built what you meant: how many
# inputs, how many neurons per layer, where the weights are. In this lesson
# you draw networks three ways and learn to read each one.
#
# **In this notebook you will**
# - draw a perceptron and a deep network as neurons joined by weights, and label each layer;
# - see a trained network's weights on its edges, and read their colours and widths;
# - draw a wide network (784 inputs) without waiting, by collapsing its layers;
# - train a network on 8 × 8 images of handwritten digits and see what its
#   first layer learned: its weights as images, next to the diagram coloured
#   by the trained weights;
# - draw Keras's own layer graph with `plot_model`;
# - match the numbers in `model.summary()` with the edges and biases of the picture;
# - build networks with sliders and watch the diagram, the parameter count and the code change.
#
# **Prerequisites:** [lesson 1](01_perceptron.ipynb) (a neuron: weights, bias,
# activation; `summary()`) and [lesson 2](02_deep_networks.ipynb) (hidden
# layers, dropout).

# %%
import time

import keras
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

import nnteach
from nnteach.widgets import architecture_builder

keras.utils.set_random_seed(0)  # same weights, same pictures, for everyone

# %% [markdown]
# ## 1. A perceptron, drawn
#
# The perceptron from lesson 1: three inputs feeding one neuron. Build it with
# Keras, then hand it to `nnteach.draw_network`.

# %%
perceptron = keras.Sequential(
    [
        keras.Input(shape=(3,), name="input"),
        keras.layers.Dense(1, activation="linear", name="output"),
    ],
    name="perceptron",
)
diagram = nnteach.draw_network(perceptron)

# %% [markdown]
# How to read it:
#
# - each **column** is a layer: green circles are the input features, the
#   pink circle is the output neuron;
# - each **line** is one weight: the value on the left is multiplied by it on
#   its way to the neuron on the right;
# - the **bias** has no line: it belongs to the neuron itself (the `+ b` in
#   `x·w + b`).
#
# The diagram keeps what it drew, so you can count it. Three lines, three
# weights, and one bias more in the parameter count:

# %% tags=["nbval-check-output"]
print("lines drawn:       ", len(diagram.edges_.get_segments()))
print("kernel (weights):  ", tuple(perceptron.layers[-1].kernel.shape))
print("parameters (w + b):", perceptron.count_params())

# %% [markdown]
# ## 2. Labelling the layers: `describe=True`
#
# With `describe=True` each column gets a label: the layer's name, its
# activation, what each neuron computes, and how many neurons there are.
# `Σ 3[X·w]+b` reads "the sum over 3 inputs of input times weight, plus a
# bias".

# %%
diagram = nnteach.draw_network(perceptron, describe=True)

# %% [markdown]
# ## 3. A deep network, next to its `summary()`
#
# Now a deep network, as in lesson 2: 10 inputs, two hidden layers of 6 and 3
# ReLU neurons, each followed by dropout, and one sigmoid output.

# %%
deep = keras.Sequential(
    [
        keras.Input(shape=(10,), name="input"),
        keras.layers.Dense(6, activation="relu", name="h1"),
        keras.layers.Dropout(0.2, name="drop1"),
        keras.layers.Dense(3, activation="relu", name="h2"),
        keras.layers.Dropout(0.2, name="drop2"),
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ],
    name="deep_network",
)

# %% [markdown]
# `model.summary()` lists its layers as a table. The next cell puts that
# table and the diagram side by side (`print_fn` collects the table's text
# instead of printing it, and `ax=` tells `draw_network` where to draw).

# %%
summary_lines = []
deep.summary(print_fn=summary_lines.append, line_length=58)

fig, (ax_text, ax_net) = plt.subplots(
    1, 2, figsize=(14, 5), width_ratios=[1, 1.5], layout="constrained"
)
ax_text.text(0, 0.95, "\n".join(summary_lines), family="monospace", fontsize=10, va="top")
ax_text.set_axis_off()
deep_diagram = nnteach.draw_network(deep, ax=ax_net, describe=True)

# %% [markdown]
# Yellow circles are hidden neurons. The small grey dots are the **Dropout**
# layers: they have no neurons and no weights. Each value goes straight
# through (during training, each one is set to 0 with probability 0.2 and the
# ones kept are scaled up to make up for it: lesson 2), so they are joined one
# to one, not all to all.
#
# Each `Param #` is the number of **lines into that layer** (one weight per
# input–neuron pair) plus **one bias per neuron**:

# %% tags=["nbval-check-output"]
print(f"{'layer':7} {'weights = lines':>16} {'biases':>7} {'Param #':>8}")
for layer in deep.layers:
    if layer.weights:
        n_in, n_out = layer.kernel.shape
        lines = f"{n_in} × {n_out} = {n_in * n_out}"
        print(f"{layer.name:7} {lines:>16} {n_out:>7} {layer.count_params():>8}")
    else:
        print(f"{layer.name:7} {'none':>16} {'none':>7} {layer.count_params():>8}")
print("total:", deep.count_params(), "parameters, as in the summary")

# %% [markdown]
# ## 4. A trained network's weights, on its edges
#
# A freshly built network has random weights (the kernels are drawn at
# random; the biases start at exactly 0). Training moves them. To see
# this, train a small network (2 inputs, two hidden layers) on two moons
# like those of lesson 2, a little noisier. First, the network before training, with
# `show_weights=True`. (`draw_network(model)` is short for
# `NetworkDiagram.from_model(model).plot()`; the long form also takes a `title`.)

# %%
moons = nnteach.make_moons(400, noise=0.2, seed=0)

moons_net = keras.Sequential(
    [
        keras.Input(shape=(2,), name="input"),
        keras.layers.Dense(8, activation="relu", name="h1"),
        keras.layers.Dense(4, activation="relu", name="h2"),
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ],
    name="moons_net",
)
before = nnteach.NetworkDiagram.from_model(moons_net).plot(
    show_weights=True, title="before training: random weights"
)

# %% [markdown]
# **How to read the edges:** blue is a positive weight (a larger input raises
# the next neuron's sum), vermillion a negative one (it lowers it). Blue means
# "raises" and vermillion "lowers" wherever the course shows weights or
# explanations: the explanations of lesson 6 colour the features that push a
# prediction up blue. Neither colour ever marks a class: the two classes of
# a data set are green and orange in every lesson and widget (the palette
# and the meaning of each colour are written down in `nnteach.style`). The
# thicker
# and darker a line, the larger the weight's size `|w|`
# compared with the largest weight of the same layer (each layer is scaled on
# its own). So a thin pale line is a weight that is small *compared with
# the rest of its layer*; the drawing does not show how large the values
# flowing along it are, so it is not a measure of how much that line
# matters to the prediction.
#
# Now a short training (a few seconds; lesson 5 explains every argument),
# then the same drawing:

# %%
moons_net.compile(
    optimizer=keras.optimizers.Adam(0.03),
    loss="binary_crossentropy",
    metrics=["accuracy"],
    steps_per_execution=8,
)
history = moons_net.fit(moons.X, moons.y, epochs=10, batch_size=32, verbose=0)
# history's accuracy is a running mean over the 10th epoch's batches, taken while the
# weights were still changing; evaluate() scores the final weights on all the points
print(f"running training accuracy during epoch 10: {history.history['accuracy'][-1]:.0%}")
final_accuracy = moons_net.evaluate(moons.X, moons.y, verbose=0)[1]
print(f"final model on the training points:       {final_accuracy:.0%}")

after = nnteach.NetworkDiagram.from_model(moons_net).plot(show_weights=True, title="after training")

# %% [markdown]
# Compare the two pictures: training made some lines thicker and faded
# others, and in each layer a few lines are now much thicker than the rest.
# That is all the picture shows: which weights are large. Whether a neuron
# matters also depends on the values it receives and on the weights after
# it (a neuron that outputs 0 for every input does nothing, however thick
# its lines); section 6 measures what neurons actually output.
# The picture shows *where* the network's weights are large; lesson 6 asks
# *why* it predicts what it does for a given input.

# %% [markdown]
# ## 5. A wide network, drawn collapsed
#
# An image of 28 × 28 pixels (like the MNIST handwritten digits) has 784
# inputs. A classic network for it has hidden layers of 128 and 64 neurons and
# 10 outputs, one per digit. We only build it (no training) to look at it.

# %%
wide = keras.Sequential(
    [
        keras.Input(shape=(28 * 28,), name="pixels"),
        keras.layers.Dense(128, activation="relu", name="h1"),
        keras.layers.Dense(64, activation="relu", name="h2"),
        keras.layers.Dense(10, activation="softmax", name="digit"),
    ],
    name="mnist_sized",
)
start = time.perf_counter()
wide_diagram = nnteach.draw_network(wide, describe=True)
wide_diagram.figure_.canvas.draw()  # render now, so the time below is the whole drawing
print("inputs:", wide.inputs[0].shape[1])
print(f"drawn in {time.perf_counter() - start:.2f} s")

# %% [markdown]
# A column wider than 10 shows its first and last neurons around "⋮", with
# the true count under it. Drawing every line would paint the picture solid
# grey, and take long (see the pitfalls below):

# %% tags=["nbval-check-output"]
n_weights = sum(layer.kernel.shape[0] * layer.kernel.shape[1] for layer in wide.layers)
print(f"weights in the network: {n_weights:,} (+ biases: {wide.count_params():,} parameters)")
print(f"lines drawn:            {len(wide_diagram.edges_.get_segments()):,}")

# %% [markdown]
# ## 6. What did a digit network learn?
#
# Drawing an untrained network shows its shape, not what it knows. So train a
# real one. scikit-learn ships a small set of handwritten digits as 8 × 8
# images (nothing to download). Its description (`load_digits().DESCR`, lines
# printed below) says how they were made: 32 × 32 black-and-white bitmaps
# were divided into non-overlapping 4 × 4 blocks, and each of the 8 × 8
# values counts the inked pixels in its block. `nnteach.load_digits` returns
# each image flattened into 64 such counts, from 0 (no ink) to 16 (a fully
# inked block).

# %% tags=["nbval-check-output"]
from sklearn.datasets import load_digits as sklearn_load_digits

description = sklearn_load_digits().DESCR.splitlines()
start = next(i for i, line in enumerate(description) if "32x32" in line)
print("\n".join(description[start : start + 3]))
digits = nnteach.load_digits()
print(digits)
print("one image:", digits.X[0].reshape(8, 8).shape, "| label:", digits.y[0])

# %%
fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
for ax, image, label in zip(axes, digits.X[:10], digits.y[:10], strict=True):
    ax.imshow(image.reshape(8, 8), cmap="gray_r")
    ax.set_title(str(label))
    ax.set_axis_off()

# %% [markdown]
# The network: 64 inputs (one per pixel, divided by 16 so that they lie
# between 0 and 1), a hidden layer of 32 ReLU neurons, and 10 output neurons,
# one per digit. The output's **softmax** activation turns the 10 outputs into
# 10 probabilities that add up to 1, and the predicted digit is the most
# probable one. (Lesson 4 explains softmax and the loss used here, and the
# more stable alternative: scores out, softmax inside the loss.) Before
# training, keep a copy of the first layer's random kernel (its weights; the biases start at 0).

# %%
X_train, X_val, X_test, y_train, y_val, y_test = nnteach.train_val_test_split(
    digits.X / 16, digits.y, seed=0
)
digits_net = keras.Sequential(
    [
        keras.Input(shape=(64,), name="pixels"),
        keras.layers.Dense(32, activation="relu", name="h1"),
        keras.layers.Dense(10, activation="softmax", name="digit"),
    ],
    name="digits_net",
)
kernel_before = digits_net.get_layer("h1").kernel.numpy().copy()

digits_net.compile(
    optimizer=keras.optimizers.Adam(0.01),
    loss="sparse_categorical_crossentropy",  # labels 0-9 as integers
    metrics=["accuracy"],
    steps_per_execution=17,  # one epoch: 1077 images in 16 batches of 64 and one of 53
)
digits_net.fit(X_train, y_train, epochs=15, batch_size=64, verbose=0)
predicted = digits_net.predict(X_val, verbose=0).argmax(axis=1)  # most probable digit
print(f"training images: {len(X_train)}, validation images: {len(X_val)}")
print(f"validation accuracy: {np.mean(predicted == y_val):.1%}")

# %% [markdown]
# It recognises most digits it never saw. What did it learn? Everything it
# knows is in its weights, and the first layer's can be *seen*. `h1` has a
# kernel of shape (64, 32): column `j` holds the 64 weights of neuron `j`,
# one per pixel. Put back on the 8 × 8 grid, a column is a picture of what
# that neuron looks for: blue where ink raises its input (positive weight),
# vermillion where ink lowers it, pale where the pixel hardly matters. Left: the
# diagram coloured by the trained weights (the lines into `h1` are these same
# numbers, for the first and last few pixels and neurons). Middle: all 32
# neurons' weights after training. Right: what training changed, the weights
# after minus the random kernel it started from.

# %%
kernel_after = digits_net.get_layer("h1").kernel.numpy()
print("h1 kernel:", kernel_after.shape, "= (pixels, neurons)")
blank = (X_train == 0).all(axis=0)  # pixels that are white in every training image
print(f"pixels white in every training image: {blank.sum()} of 64")
print("their weights changed in training:", not np.allclose(kernel_before[blank], kernel_after[blank]))
inked = (X_train > 0).mean(axis=0)  # share of the training images that ink each pixel
pixel_change = np.abs(kernel_after - kernel_before).mean(axis=1)  # per pixel, over the neurons
rare, common = (inked > 0) & (inked < 0.05), inked > 0.5
print(
    f"mean weight change of a pixel inked in under 5 % of the images: {pixel_change[rare].mean():.3f};"
    f" in over half of them: {pixel_change[common].mean():.3f}"
)
weights_cmap = LinearSegmentedColormap.from_list(  # the diagram's colours: vermillion -, blue +
    "weights",
    [nnteach.NetworkDiagram.NEGATIVE_COLOR, "white", nnteach.NetworkDiagram.POSITIVE_COLOR],
)


def weight_mosaic(kernel, columns=8):
    """One 8 x 8 image per neuron, in a grid with a blank line between images."""
    n = kernel.shape[1]
    rows = -(-n // columns)  # rounded up
    mosaic = np.full((rows * 9 - 1, columns * 9 - 1), np.nan)  # NaN: drawn blank
    for j in range(n):
        r, c = divmod(j, columns)
        mosaic[r * 9 : r * 9 + 8, c * 9 : c * 9 + 8] = kernel[:, j].reshape(8, 8)
    return mosaic


fig, (ax_net, ax_after, ax_change) = plt.subplots(
    1, 3, figsize=(15, 4.6), width_ratios=[1.3, 1, 1], layout="constrained"
)
nnteach.NetworkDiagram.from_model(digits_net).plot(
    ax=ax_net, show_weights=True, title="digits_net, trained"
)
for ax, kernel, title in (
    (ax_after, kernel_after, "h1 weights after training"),
    (ax_change, kernel_after - kernel_before, "change in training (after - before)"),
):
    limit = np.percentile(np.abs(kernel), 99)  # white = 0; full colour: the largest 1 %
    ax.imshow(weight_mosaic(kernel), cmap=weights_cmap, vmin=-limit, vmax=limit)
    ax.set_title(f"{title}\n(one 8 × 8 image per neuron, 0-31)", fontsize=10)
    ax.set_axis_off()

# %% [markdown]
# The network started from random weights, so part of each picture is still
# that noise, and the change made by training (right) looks much like the
# trained weights. It covers almost the whole grid, the border too: the weights of
# pixels inked in under 5 % of the training images changed on average almost
# as much as those of pixels inked in over half of them (printed before the
# figure). (That fits how
# Adam, the optimizer used here, works: it divides each weight's step by a
# running average of that weight's own gradient size, so weights with small
# or rare gradients move about as far as the rest; lesson 4.) A strongly coloured pixel therefore
# does not mean that the pixel matters to the neuron.
# A few squares are nearly white: those neurons changed less than any
# other, because they are dead (the next cell finds them and prints how
# much their weights moved). A few pixels on the border are white in every
# training image (counted above). Their input is always 0, so their weights
# get a gradient of 0 and keep their random starting values: training changes
# only what the data can reach.
#
# A neuron's picture is what it *looks for*; which digits make it fire shows
# what it is *for*. The next cell averages each neuron's output over the
# validation images of each digit (the test images stay untouched for a final
# check, as lesson 2 advised). A ReLU neuron that outputs 0 for every image is
# **dead**: it plays no part in any prediction, and its gradient is 0, so
# once it has died training no longer changes its weights (apart from a
# few fading steps of Adam's momentum). The cell finds the dead neurons first
# (sorting ten equal zeros would name two digits that mean nothing), then,
# for the first 8 neurons, prints the two digits that switch a live one on
# most, with the mean outputs, and the mean over the other 8 digits:

# %%
hidden = keras.Model(digits_net.inputs, digits_net.get_layer("h1").output)
activity = hidden.predict(X_val, verbose=0)  # (validation images, 32 neurons)
train_activity = hidden.predict(X_train, verbose=0)
dead = np.flatnonzero((train_activity.max(axis=0) == 0) & (activity.max(axis=0) == 0))
print(
    f"dead neurons (0 for every training and validation image): {len(dead)} of 32: {dead.tolist()}"
)
change = np.abs(kernel_after - kernel_before).max(axis=0)  # largest weight change per neuron
print(f"largest weight change of a dead neuron: {change[dead].max():.3f}", end="; ")
print(f"of a live one, at least {np.delete(change, dead).min():.3f}")
mean_by_digit = np.array([activity[y_val == d].mean(axis=0) for d in range(10)])
for j in range(8):
    if j in dead:
        print(f"h1 neuron {j}: dead, mean output 0 for every digit")
        continue
    ranked = np.argsort(mean_by_digit[:, j])[::-1]
    means = mean_by_digit[ranked, j]  # largest first
    print(
        f"h1 neuron {j}: most active for digit {ranked[0]} ({means[0]:.2f}) and {ranked[1]}"
        f" ({means[1]:.2f}); other digits {means[2:].mean():.2f} on average"
    )

# %% [markdown]
# Six of the 32 neurons are dead, neurons 4 and 7 among them: their
# weights moved a little (the largest change printed above) before they
# died, and the output layer now gets a constant 0 from them. The dead ones are the
# nearly white squares of the "change in training" picture. Each live
# neuron responds to some digits more than others, but not to one digit
# alone: for every live neuron above, the other eight digits still give it
# an average output of at least 0.47, and for some the second digit comes
# close to the first (neuron 5: 4.77 and 4.06). The output layer combines
# the responses of the live neurons into 10 probabilities.
# The diagram shows that every pixel is wired to every hidden neuron; the
# images show what those wires learned.

# %% [markdown]
# ## 7. Keras's own picture: `plot_model`
#
# Keras draws a model as a graph of **layers**, one box each. By default a
# box holds only the layer's type; `show_shapes=True` adds the shape of what
# goes in and out, `show_layer_names=True` the name and
# `show_layer_activations=True` the activation. `nnteach.plot_keras_model`
# calls `keras.utils.plot_model` with all three on and shows the picture (it
# needs two extra installs, see the pitfalls). `None` in a shape is the
# batch size: any number of rows. For the digit
# network it answers "what flows where?": 64 pixel values go in, `h1` turns
# them into 32 features (the pictures above), and `digit` turns those into 10
# probabilities.

# %%
nnteach.plot_keras_model(digits_net, dpi=72)

# %% [markdown]
# Which picture when?
#
# | | `nnteach.draw_network` | `keras.utils.plot_model` |
# |---|---|---|
# | one mark per | neuron and weight | layer |
# | shows | weights (`show_weights=True`), activations | layer types; shapes, names, activations on request |
# | draws | chains of `Dense` layers (with dropout and the like) | any model: branches, several inputs, convolutions |
# | needs | nothing beyond matplotlib | `pydot` and Graphviz |

# %% [markdown]
# ## 8. Build your own
#
# The builder below starts with the deep network of section 3. Move the
# sliders (they take effect when you release them) and watch the diagram,
# the parameter count, layer by layer, and the Keras code that builds exactly
# this network. Things to try:
#
# - Double the units of `h1`. Does the count double? Which layers change?
# - Add a third hidden layer of 4 units. How many parameters does it add, and why?
# - Raise the dropout. Why does the count not move?
# - Set the task to classification with 10 classes: what happens to the output layer?
#
# Copy the code from the text box into a new cell and run it: `model.summary()`
# shows the same count.

# %%
builder = architecture_builder(preset={"n_inputs": 10, "units_1": 6, "units_2": 3, "dropout": 0.2})
builder

# %% [markdown]
# Before you move anything, the builder shows the network of section 3, and
# its hand count agrees with Keras (run this cell again after moving the
# sliders to see the new count):

# %% tags=["nbval-check-output"]
print("builder:", builder.param_count_, "parameters")
print("Keras, for `deep`:", deep.count_params(), "parameters")

# %% [markdown]
# ## Common pitfalls
#
# > **Older diagram code fails with `NameError: name 'color' is not defined`.**
# > A widely copied plotting function sets `colour = ...` and then reads
# > `color`, a name never assigned. Use `nnteach.draw_network(model)`, or, in
# > your own code, spell the variable the same way everywhere.
# >
# > **One artist per edge is slow.** Adding one `plt.Line2D` per weight in a
# > double loop is estimated to take over a minute for the 784-128-64-10
# > network (the speed table in the [README](../README.md#speed), from
# > `make bench`, gives 74 s, extrapolated from partial drawings rather than
# > timed to the end, next to `draw_network`'s measured time). `draw_network` puts all lines
# > into one `matplotlib.collections.LineCollection` and collapses wide
# > layers, so the same network draws in a fraction of a second (section 5
# > prints the time).
# > Many shapes of one kind belong in one collection.
# >
# > **`plot_model` needs `pydot` and Graphviz.** Without them Keras only prints
# > a message and no picture appears. Install both:
# > `pip install pydot`, and Graphviz from your system
# > (`sudo apt-get install graphviz`, `brew install graphviz`, or
# > `conda install graphviz`). `nnteach.plot_keras_model` says which one is
# > missing; `nnteach.draw_network` needs neither.
# >
# > **`input_dim=` is deprecated.** `Dense(..., input_dim=3)` from older
# > tutorials still runs but warns "Do not pass an `input_shape`/`input_dim`
# > argument to a layer", and it is honoured only on the first layer of a
# > `Sequential` model (a functional model ignores it, lesson 1). Start the
# > model with `keras.Input(shape=(3,))`, which works the same way in both.

# %% [markdown]
# ## Summary
#
# - `nnteach.draw_network(model)` draws one column per layer and one line per
#   weight; `describe=True` labels each layer; Dropout shows as grey dots
#   joined one to one, because it has no weights.
# - `show_weights=True` colours the lines by sign (blue +, vermillion −) and makes
#   them thicker for larger weights, within each layer.
# - Wide layers are drawn collapsed, with their true size written beside them.
# - A trained network's first-layer weights, one column per neuron put back
#   on the image grid, show what each neuron looks for; the diagram coloured
#   by the trained weights shows the same numbers as lines.
# - `keras.utils.plot_model` (through `nnteach.plot_keras_model`) draws one box
#   per layer with its shapes; it works for any model but needs pydot and Graphviz.
# - A `Dense` layer's `Param #` in `summary()` is inputs × neurons (the lines)
#   plus neurons (the biases).
#
# ### Check your understanding
#
# 1. A `Dense(5)` layer receives 4 inputs. How many lines does the diagram draw
#    into it, and what is its `Param #`?
# 2. Why does a Dropout layer add no parameters, and how does the diagram show that?
# 3. In a `show_weights=True` diagram, a thick vermillion line joins input `x1` to
#    a hidden neuron. What does that say about the weight?
# 4. The 784-128-64-10 network has 109,386 parameters, but only 300 lines are
#    drawn. Where did the others go?
# 5. You built a model with two inputs that are merged halfway. Which of the
#    two pictures can draw it?
#
# <details>
# <summary>Answers</summary>
#
# 1. 4 × 5 = 20 lines; `Param #` = 20 weights + 5 biases = 25.
# 2. Dropout only sets some values to 0 during training; it has nothing to
#    learn. The diagram joins it one to one with grey lines and draws it as
#    small grey dots, not neurons.
# 3. The weight is negative (vermillion) and large compared with the other
#    weights of that layer (thick): a larger `x1` pushes that neuron's input
#    down strongly.
# 4. They are hidden in the collapsed columns: only the first and last few
#    neurons of each wide layer are drawn. The biases are never drawn as
#    lines. The labels give the true sizes.
# 5. `plot_model` (one box per layer, any graph). `draw_network` draws only
#    chains of layers and says so in its error message.
#
# </details>
#
# **Next:** practise in [exercise 3](../exercises/03_seeing_the_network.ipynb),
# then [lesson 4](04_how_a_network_learns.ipynb) opens up `fit`: losses,
# gradients and the training loop.
