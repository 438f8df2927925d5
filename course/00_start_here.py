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
# # 0 · Start here
#
# Welcome! This course teaches neural networks by building them, one idea at a
# time, with **TensorFlow/Keras 3** in JupyterLab. You will start from a single
# artificial neuron, stack neurons into deep networks, draw them, train and
# test them honestly, and finally ask a trained network *why* it made a
# prediction.
#
# **In this notebook you will**
# - learn the few JupyterLab moves the course relies on;
# - check that your environment is complete (Python packages and interactive widgets);
# - see the map of lessons and exercises.
#
# **Prerequisites:** Python (functions, lists, a little NumPy). No maths beyond
# weighted sums; no GPU: everything runs on a laptop's CPU in seconds.

# %% [markdown]
# ## Using JupyterLab for this course
#
# - A notebook is a list of **cells**. Run the selected cell with
#   **Shift + Enter**; run everything from the menu *Run → Run All Cells*.
# - Cells share one Python session (the **kernel**). Run cells **top to
#   bottom**: a later cell often needs a variable from an earlier one. If
#   things get confusing, *Kernel → Restart Kernel and Run All Cells* gives a
#   clean start.
# - Lessons live in `course/`, exercises in `exercises/`. Every notebook has a
#   twin `.py` file with the same cells as plain text (made by *jupytext*);
#   you can ignore it, it exists so that changes are easy to review.
# - The helper package `nnteach` draws pictures, builds the interactive
#   explorers and checks your exercise answers. The lessons always show the
#   Keras code for the idea being taught; `nnteach` only hides plumbing.

# %% [markdown]
# ## 1. Is everything installed?
#
# The next cell reads the installed versions of the packages the course needs
# (without importing them, so it is instant). The last line tells you whether
# all is well.

# %%
import nnteach

nnteach.environment_report()

# %% [markdown]
# ## 2. Does TensorFlow run?
#
# Importing TensorFlow takes a few seconds the first time in each session.
# The course never needs a GPU; if your machine has one, TensorFlow may use it
# and nothing else changes.

# %%
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)  # every lesson fixes its seeds: same numbers for everyone

print("TensorFlow", tf.__version__, "with Keras", keras.__version__)

# %% [markdown]
# A first computation with tensors: double three numbers and add them up.
# You should see `12.0`.

# %% tags=["nbval-check-output"]
x = tf.constant([1.0, 2.0, 3.0])
print("sum of 2·x =", float(tf.reduce_sum(2.0 * x)))

# %% [markdown]
# ## 3. Do interactive widgets work?
#
# Several lessons let you *feel* what a network does by moving sliders. Drag
# the slider below (or click it and press the arrow keys). The message under
# it is written by the Python kernel each time the value changes.
#
# - **You see a slider and the message changes:** widgets work.
# - **You see text such as `VBox(children=(IntSlider(...` instead of a
#   slider:** the browser side of ipywidgets is missing. Start JupyterLab
#   with `make lab` (which installs it), or see *Troubleshooting* in the
#   README.

# %%
nnteach.widget_check()

# %% [markdown]
# ## 4. The map of the course
#
# | # | Lesson | You will learn | Exercise |
# |---|---|---|---|
# | 1 | [The perceptron](01_perceptron.ipynb) | what one neuron computes; a linear neuron is linear regression; the step activation; Sequential vs Functional | [exercise 1](../exercises/01_perceptron.ipynb) |
# | 2 | [Deep networks](02_deep_networks.ipynb) | layers, activation functions, a problem one neuron cannot solve, sizing, dropout | [exercise 2](../exercises/02_deep_networks.ipynb) |
# | 3 | [Seeing the network](03_seeing_the_network.ipynb) | drawing a network, its weights, `summary()` and `plot_model` | [exercise 3](../exercises/03_seeing_the_network.ipynb) |
# | 4 | [How a network learns](04_how_a_network_learns.ipynb) | losses, softmax, gradient descent, backpropagation, the training loop, optimizers, vanishing gradients | [exercise 4](../exercises/04_how_a_network_learns.ipynb) |
# | 5 | [Training and testing](05_training_and_testing.ipynb) | compile/fit/evaluate, splits, metrics done right, overfitting | [exercise 5](../exercises/05_training_and_testing.ipynb) |
# | 5b | [Judging a classifier against a baseline](05b_judging_a_classifier.ipynb) | logistic regression as a baseline, McNemar's test, ROC and precision-recall curves, thresholds, class weights, k-fold cross-validation | none |
# | 5c | [The learning rate and the batch size in practice](05c_learning_rate_and_batch_size.ipynb) | a learning-rate range test, `ReduceLROnPlateau`, a cosine schedule, comparing batch sizes fairly | none |
# | 5d | [Regularisation, tested](05d_regularisation_tested.ipynb) | the training loss as a running mean, L2 with Adam against `AdamW`, dropout, L2, `AdamW` and early stopping over the same seeds | none |
# | 6 | [Explaining predictions](06_explaining_predictions.ipynb) | SHAP values: what they are, what they say, and their limits | [exercise 6](../exercises/06_explaining_predictions.ipynb) |
#
# Each lesson starts with its objectives and ends with a summary, questions to
# check your understanding, and a link to its exercise (lessons 5b to 5d go
# deeper into lesson 5 and have no exercise of their own). Exercises have a
# **check cell** after every task: run it and it tells you whether your answer
# works, and if not, what is wrong (never the answer itself).

# %% [markdown]
# ## Summary
#
# - Run cells top to bottom with Shift + Enter; restart and run all when lost.
# - The self-check above should say *All set*, and the slider should answer.
# - Next: [lesson 1, the perceptron](01_perceptron.ipynb).
