"""Beginner attempts for exercise 04 (written without reading the checks).

Task 4.5 attempts define ``loss_fn`` themselves, as the notebook cell does.
"""

ATTEMPTS = [
    # ------------------------------------------------------------------ 4.1
    {
        "task": "4.1",
        "label": "wrong",
        "why": "naive exp: inf / inf = nan for scores of +1000",
        "code": """
import numpy as np
def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "normalises each column (axis 0) instead of each row",
        "code": """
import numpy as np
def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "subtracts the global max, so a row of -1000s underflows to 0 / 0 = nan",
        "code": """
import numpy as np
def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=1, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "sum without keepdims: divides by the wrong row's sum (or fails to broadcast)",
        "code": """
import numpy as np
def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "subtracts the row minimum instead of the maximum: still overflows",
        "code": """
import numpy as np
def softmax(z):
    e = np.exp(z - z.min(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "shifted numerator but unshifted denominator: values are not probabilities",
        "code": """
import numpy as np
def softmax(z):
    top = np.exp(z - z.max(axis=1, keepdims=True))
    return top / np.exp(z).sum(axis=1, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "clips the scores to [-50, 50] to avoid overflow: changes the probabilities of large scores",
        "code": """
import numpy as np
def softmax(z):
    z = np.clip(z, -50, 50)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "returns log-probabilities (log-softmax) instead of probabilities",
        "code": """
import numpy as np
def softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "keras.ops.softmax over axis 0 (columns)",
        "code": """
import keras
def softmax(z):
    return keras.ops.convert_to_numpy(keras.ops.softmax(z, axis=0))
""",
    },
    {
        "task": "4.1",
        "label": "wrong",
        "why": "element-wise sigmoid: rows do not sum to 1",
        "code": """
import numpy as np
def softmax(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))
""",
    },
    {
        "task": "4.1",
        "label": "right",
        "why": "keras.ops.softmax over the last axis, converted to NumPy",
        "code": """
import keras
import numpy as np
def softmax(z):
    probs = keras.ops.softmax(keras.ops.convert_to_tensor(z), axis=-1)
    return np.asarray(keras.ops.convert_to_numpy(probs))
""",
    },
    {
        "task": "4.1",
        "label": "right",
        "why": "exp(z - logsumexp(z)) with np.logaddexp.reduce per row",
        "code": """
import numpy as np
def softmax(z):
    z = np.asarray(z, dtype=np.float64)
    lse = np.logaddexp.reduce(z, axis=1, keepdims=True)
    return np.exp(z - lse)
""",
    },
    {
        "task": "4.1",
        "label": "right",
        "why": "Python loop over the rows, each row shifted by its own max",
        "code": """
import math
import numpy as np
def softmax(z):
    out = np.zeros(np.shape(z), dtype=float)
    for i, row in enumerate(z):
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        total = sum(exps)
        for j, e in enumerate(exps):
            out[i, j] = e / total
    return out
""",
    },
    # ------------------------------------------------------------------ 4.2
    {
        "task": "4.2",
        "label": "wrong",
        "why": "sum over the examples instead of the mean",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    picked = probs[np.arange(len(labels)), labels]
    return -np.sum(np.log(picked))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "log10 instead of the natural log",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    picked = probs[np.arange(len(labels)), labels]
    return -np.mean(np.log10(picked))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "probs[:, labels] picks an (m, m) block, not one entry per row",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    return float(-np.mean(np.log(probs[:, labels])))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "forgets the minus sign (negative loss)",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    picked = probs[np.arange(len(labels)), labels]
    return np.mean(np.log(picked))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "one-hot, then np.mean over the whole (m, k) matrix: divides by m * k",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    one_hot = np.eye(probs.shape[1])[labels]
    return -np.mean(one_hot * np.log(probs))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "ignores the labels: mean of -log over every probability",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    return -np.mean(np.log(probs))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "treats labels as counted from 1: takes the probability of class label - 1",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    m = len(labels)
    picked = probs[np.arange(m), labels - 1]
    return -np.log(picked).mean()
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "uses the probability of the predicted (largest) class instead of the true class",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    return -np.mean(np.log(np.max(probs, axis=1)))
""",
    },
    {
        "task": "4.2",
        "label": "wrong",
        "why": "binary cross-entropy formula with the true-class probability: adds a -log(1 - p) term",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    p = probs[np.arange(len(labels)), labels]
    return -np.mean(np.log(p) + np.log(1 - p))
""",
    },
    {
        "task": "4.2",
        "label": "right",
        "why": "asks Keras's SparseCategoricalCrossentropy directly, converted to a float",
        "code": """
import keras
import numpy as np
def cross_entropy(labels, probs):
    loss = keras.losses.SparseCategoricalCrossentropy()
    return float(keras.ops.convert_to_numpy(loss(np.asarray(labels), np.asarray(probs))))
""",
    },
    {
        "task": "4.2",
        "label": "right",
        "why": "plain loop with math.log and a running total",
        "code": """
import math
def cross_entropy(labels, probs):
    total = 0.0
    for i in range(len(labels)):
        total += -math.log(probs[i][int(labels[i])])
    return total / len(labels)
""",
    },
    {
        "task": "4.2",
        "label": "right",
        "why": "np.take_along_axis on the log-probabilities",
        "code": """
import numpy as np
def cross_entropy(labels, probs):
    logp = np.log(np.asarray(probs, dtype=np.float64))
    idx = np.asarray(labels).reshape(-1, 1)
    return -np.take_along_axis(logp, idx, axis=1).mean()
""",
    },
    # ------------------------------------------------------------------ 4.3
    {
        "task": "4.3",
        "label": "wrong",
        "why": "forgets the 1/m: gradient of the summed loss, not the mean",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return X.T @ (p - y), np.sum(p - y)
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "sign error: y - p instead of p - y",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    m = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dw = X.T @ (y - p) / m
    db = np.mean(y - p)
    return dw, db
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "uses the weighted sum z instead of the probability p in the error",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    z = X @ w + b
    err = z - y
    return X.T @ err / len(y), float(err.mean())
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "extra p(1 - p) factor (mixes in the squared-error chain rule)",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dz = (p - y) * p * (1 - p) / len(y)
    return X.T @ dz, dz.sum()
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "p is a column (m, 1) and y is (m,): p - y broadcasts to (m, m)",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    m = X.shape[0]
    p = 1 / (1 + np.exp(-(X @ w.reshape(-1, 1) + b)))
    dz = (p - y) / m
    dw = (X.T @ dz).sum(axis=1)
    db = float(dz.sum())
    return dw, db
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "np.mean over the whole X * error matrix: one number, not one per weight",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    err = p - y
    dw = np.mean(X * err[:, None])
    db = np.mean(err)
    return dw, db
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "returns the descent direction (minus the gradient)",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dw = X.T @ (p - y) / len(y)
    db = np.mean(p - y)
    return -dw, -db
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "divides dw by m but db not (inconsistent mean)",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    m = len(y)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    dw = X.T @ (p - y) / m
    db = np.sum(p - y)
    return dw, db
""",
    },
    {
        "task": "4.3",
        "label": "wrong",
        "why": "uses tf.GradientTape, which the task rules out (values are right, the method is not)",
        "code": """
import numpy as np
import tensorflow as tf
def logistic_gradients(X, y, w, b):
    wv = tf.Variable(np.asarray(w, dtype=np.float64))
    bv = tf.Variable(float(b), dtype=tf.float64)
    with tf.GradientTape() as tape:
        p = tf.sigmoid(tf.linalg.matvec(tf.constant(X, tf.float64), wv) + bv)
        yy = tf.constant(y, tf.float64)
        loss = -tf.reduce_mean(yy * tf.math.log(p) + (1 - yy) * tf.math.log(1 - p))
    dw, db = tape.gradient(loss, [wv, bv])
    return dw.numpy(), float(db.numpy())
""",
    },
    {
        "task": "4.3",
        "label": "right",
        "why": "loop over examples accumulating (p_i - y_i) x_i, then dividing by m",
        "code": """
import math
import numpy as np
def logistic_gradients(X, y, w, b):
    m, n = X.shape
    dw = np.zeros(n)
    db = 0.0
    for i in range(m):
        z = float(np.dot(X[i], w)) + b
        p = 1.0 / (1.0 + math.exp(-z))
        dw += (p - y[i]) * X[i]
        db += p - y[i]
    return dw / m, db / m
""",
    },
    {
        "task": "4.3",
        "label": "right",
        "why": "stable sigmoid via np.logaddexp, einsum for X^T err",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    z = X @ w + b
    p = np.exp(-np.logaddexp(0.0, -z))
    err = (p - y) / X.shape[0]
    return np.einsum("ij,i->j", X, err), float(err.sum())
""",
    },
    {
        "task": "4.3",
        "label": "right",
        "why": "chain rule written in three explicit factors dL/dp * dp/dz * dz/dw",
        "code": """
import numpy as np
def logistic_gradients(X, y, w, b):
    m = len(y)
    z = X.dot(w) + b
    p = 1.0 / (1.0 + np.exp(-z))
    dL_dp = (-(y / p) + (1 - y) / (1 - p)) / m
    dp_dz = p * (1 - p)
    dL_dz = dL_dp * dp_dz
    dw = X.T.dot(dL_dz)
    db = dL_dz.sum()
    return dw, db
""",
    },
    # ------------------------------------------------------------------ 4.4
    {
        "task": "4.4",
        "label": "wrong",
        "why": "updates w with the old velocity (wrong order)",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_w = w + velocity
    new_velocity = momentum * velocity - learning_rate * gradient
    return new_w, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "changes w and velocity in place (the given arrays must stay unchanged)",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    velocity *= momentum
    velocity -= learning_rate * gradient
    w += velocity
    return w, velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "forgets the momentum term: plain SGD velocity",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = -learning_rate * gradient
    return w + new_velocity, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "other sign convention (v = m v + lr g, w -= v) applied to a Keras-style velocity",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = momentum * velocity + learning_rate * gradient
    new_w = w - new_velocity
    return new_w, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "returns the pair in the wrong order (velocity, w)",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    v = momentum * velocity - learning_rate * gradient
    return v, w + v
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "Adam-style moving average (1 - momentum) * gradient",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = momentum * velocity + (1 - momentum) * gradient
    new_w = w - learning_rate * new_velocity
    return new_w, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "Nesterov variant: w moves by momentum * new velocity - lr * gradient",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = momentum * velocity - learning_rate * gradient
    new_w = w + momentum * new_velocity - learning_rate * gradient
    return new_w, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "swaps learning_rate and momentum in the formula",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = learning_rate * velocity - momentum * gradient
    return w + new_velocity, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "wrong",
        "why": "returns the old velocity unchanged",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_w = w + momentum * velocity - learning_rate * gradient
    return new_w, velocity.copy()
""",
    },
    {
        "task": "4.4",
        "label": "right",
        "why": "copies first, then updates the copies in place",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    v = np.array(velocity, dtype=float, copy=True)
    v *= momentum
    v -= learning_rate * np.asarray(gradient)
    new_w = np.array(w, dtype=float, copy=True)
    new_w += v
    return new_w, v
""",
    },
    {
        "task": "4.4",
        "label": "right",
        "why": "element-by-element loop with np.ndindex into new arrays",
        "code": """
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    new_velocity = np.empty(np.shape(w), dtype=float)
    new_w = np.empty(np.shape(w), dtype=float)
    for idx in np.ndindex(np.shape(w)):
        new_velocity[idx] = momentum * velocity[idx] - learning_rate * gradient[idx]
        new_w[idx] = w[idx] + new_velocity[idx]
    return new_w, new_velocity
""",
    },
    {
        "task": "4.4",
        "label": "right",
        "why": "lets keras.optimizers.SGD do the step on a float64 Variable (lr held in float32: agrees to ~1e-8)",
        "code": """
import keras
import numpy as np
def momentum_step(w, gradient, velocity, learning_rate, momentum):
    w = np.asarray(w, dtype="float64")
    var = keras.Variable(w.copy(), dtype="float64")
    opt = keras.optimizers.SGD(learning_rate=learning_rate, momentum=momentum)
    opt.build([var])
    opt.momentums[0].assign(np.asarray(velocity, dtype="float64"))
    opt.apply_gradients([(keras.ops.convert_to_tensor(gradient, dtype="float64"), var)])
    new_w = np.array(keras.ops.convert_to_numpy(var))
    new_velocity = np.array(keras.ops.convert_to_numpy(opt.momentums[0]))
    return new_w, new_velocity
""",
    },
    # ------------------------------------------------------------------ 4.5
    {
        "task": "4.5",
        "label": "wrong",
        "why": "calls the model without training=True",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "computes the loss outside the tape: the gradients are all None",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
    loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "arguments of the loss swapped: loss_fn(probs, y)",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(probs, y)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "applies the gradients twice (two optimizer steps)",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    # "make sure it is applied"
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "returns the loss recomputed after the update, not the batch loss before it",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss_fn(y, model(x, training=True))
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "uses model.predict inside the tape: NumPy output, no gradients reach the weights",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model.predict(x, verbose=0)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "sums the loss over the batch (reduction='sum') instead of the mean",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy(reduction="sum")

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "updates the weights by hand with a fixed step 0.01 instead of using the optimizer",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    for var, g in zip(model.trainable_variables, grads):
        var.assign_sub(0.01 * g)
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "wrong",
        "why": "returns the gradients instead of the loss",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        probs = model(x, training=True)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return grads
""",
    },
    {
        "task": "4.5",
        "label": "right",
        "why": "Keras 3 optimizer.apply(grads, variables) instead of apply_gradients",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        batch_loss = loss_fn(y_true=y, y_pred=predictions)
    gradients = tape.gradient(batch_loss, variables)
    optimizer.apply(gradients, variables)
    return float(batch_loss)
""",
    },
    {
        "task": "4.5",
        "label": "right",
        "why": "functional loss keras.losses.sparse_categorical_crossentropy + keras.ops.mean, list of pairs",
        "code": """
import keras
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        out = model(x, training=True)
        per_example = keras.losses.sparse_categorical_crossentropy(y, out)
        loss = keras.ops.mean(per_example)
    grads = tape.gradient(loss, model.trainable_variables)
    pairs = [(g, v) for g, v in zip(grads, model.trainable_variables)]
    optimizer.apply_gradients(pairs)
    return loss
""",
    },
    {
        "task": "4.5",
        "label": "right",
        "why": "persistent tape, loss converted to a NumPy float before returning",
        "code": """
import keras
import numpy as np
import tensorflow as tf
loss_fn = keras.losses.SparseCategoricalCrossentropy()

def train_step(model, optimizer, x, y):
    x = tf.convert_to_tensor(x)
    with tf.GradientTape(persistent=True) as tape:
        probabilities = model(x, training=True)
        loss_value = loss_fn(y, probabilities)
    grads = tape.gradient(loss_value, model.trainable_variables)
    del tape
    optimizer.apply_gradients(list(zip(grads, model.trainable_variables)))
    return np.float32(loss_value.numpy())
""",
    },
]
