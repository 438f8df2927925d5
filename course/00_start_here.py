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
# **Prerequisites:** Python (functions, lists, a little NumPy). No GPU:
# everything runs on a laptop's CPU.
#
# **Maths.** Lessons 1–3 need weighted sums, the idea of a slope and, here
# and there, a matrix product (`X @ W`, a weighted sum for many rows). Lesson 4,
# on how a network learns, uses more: **derivatives** and the **chain rule**,
# **matrix products and transposes**, and, for one bound, the **eigenvalues**
# of a 2×2 matrix. Section 5 below is a one-page refresher of exactly these.
# Lessons 5 and 6 explain the few formulas they use where they use them.

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
# The course never needs a GPU; if your machine has one, TensorFlow may use
# it. Each lesson fixes its random seeds, so everyone starts from the same
# random numbers. With the same library versions on similar hardware the
# results then come out the same or very close; another processor, a GPU, a
# different number of threads or another TensorFlow version can change the
# last digits, because the arithmetic may be done in a different order (a GPU
# may even vary from run to run unless
# `tf.config.experimental.enable_op_determinism()` is called).

# %%
import keras
import tensorflow as tf

keras.utils.set_random_seed(0)  # fixed seeds: the same random starting numbers for everyone

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
# | 2 | [Deep networks](02_deep_networks.ipynb) | layers, activation functions, a curved problem one straight line cannot separate, sizing, dropout | [exercise 2](../exercises/02_deep_networks.ipynb) |
# | 3 | [Seeing the network](03_seeing_the_network.ipynb) | drawing a network, its weights, `summary()` and `plot_model` | [exercise 3](../exercises/03_seeing_the_network.ipynb) |
# | 4 | [How a network learns](04_how_a_network_learns.ipynb) | losses, softmax and logits, gradient descent, backpropagation, the training loop, optimizers, vanishing and exploding gradients, batch normalization | [exercise 4](../exercises/04_how_a_network_learns.ipynb) |
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
# ## 5. The maths of lesson 4, in one page
#
# - **Derivative.** $f'(x)$ is the slope of $f$ at $x$: how much $f$ changes
#   per unit change of $x$, for a small change. For $f(x) = x^2$, $f'(x) =
#   2x$. A computer can check a derivative by a small step:
#   $f'(x) \approx (f(x + h) - f(x - h)) / 2h$.
# - **Chain rule.** For a function of a function, $f(g(x))$, the slopes
#   multiply: $\frac{d}{dx} f(g(x)) = f'(g(x))\, g'(x)$. A network is a long
#   chain of functions, so its gradients are long products of slopes
#   (backpropagation, lesson 4).
# - **Gradient.** For a function of several numbers, the gradient
#   $\nabla L$ lists the derivative with respect to each one, the others held
#   fixed.
# - **Matrix product and transpose.** $A B$ needs the columns of $A$ to
#   match the rows of $B$: an $(m \times n)$ times an $(n \times k)$ matrix
#   gives $(m \times k)$. The transpose $A^\top$ swaps rows and columns. A
#   `Dense` layer computes $X W + b$ for a batch $X$, then its activation.
# - **Eigenvalues.** A non-zero vector $v$ that a square matrix $H$ only
#   scales, $H v = \lambda v$, is an eigenvector and $\lambda$ its
#   eigenvalue (a negative $\lambda$ flips $v$, $\lambda = 0$ collapses it,
#   and a non-symmetric matrix can have complex eigenvalues). For a diagonal
#   matrix they are the numbers on the diagonal. Lesson 4 needs only
#   symmetric matrices with positive eigenvalues, which stretch or shrink
#   each eigenvector without flipping it.
#
# Each of them, computed:

# %% tags=["nbval-check-output"]
import numpy as np


def f(x):
    return (3 * x + 1) ** 2  # f(g(x)) with g(x) = 3x + 1 and f(u) = u^2


x0, h = 2.0, 1e-5
print("slope by a small step:", round((f(x0 + h) - f(x0 - h)) / (2 * h), 4))
print("chain rule, 2(3x + 1) * 3:", 2 * (3 * x0 + 1) * 3)
X = np.ones((5, 3))  # a batch of 5 examples with 3 inputs
W = np.ones((3, 2))  # a layer with 2 neurons
print("X @ W has shape", (X @ W).shape, "| W.T has shape", W.T.shape)
H = np.array([[1.0, 0.0], [0.0, 10.0]])
print("eigenvalues of diag(1, 10):", np.linalg.eigvalsh(H))

# %% [markdown]
# For more, the free book *Dive into Deep Learning* (Zhang, Lipton, Li and
# Smola) covers all of this with code:
# [linear algebra](https://d2l.ai/chapter_preliminaries/linear-algebra.html),
# [calculus and the chain rule](https://d2l.ai/chapter_preliminaries/calculus.html),
# [eigenvalues](https://d2l.ai/chapter_appendix-mathematics-for-deep-learning/eigendecomposition.html).

# %% [markdown]
# ## Summary
#
# - Run cells top to bottom with Shift + Enter; restart and run all when lost.
# - The self-check above should say *All set*, and the slider should answer.
# - Lessons 1–3 need little maths; lesson 4 uses derivatives, the chain rule,
#   matrix products, transposes and eigenvalues (section 5 and its links).
# - Next: [lesson 1, the perceptron](01_perceptron.ipynb).
