"""Beginner attempts for exercise 01 (written without reading the checks)."""

ATTEMPTS = [
    # ------------------------------------------------------------------ 1.1
    {
        "task": "1.1",
        "label": "wrong",
        "why": "forgets the bias",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return float(np.dot(x, w))
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "returns the element-wise products plus bias (an array of length n), never sums them",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    z = x * w + b
    return z
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "mean instead of sum of the products",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return float(np.mean(x * w) + b)
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "off-by-one loop: skips the last input",
        "code": """
def neuron_output(x, w, b):
    z = 0
    for i in range(len(x) - 1):
        z = z + x[i] * w[i]
    return z + b
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "multiplies the bias instead of adding it",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return float(np.sum(x * w) * b)
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "sum(x) * sum(w) is not the sum of the products",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return float(np.sum(x) * np.sum(w) + b)
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "casts to int, truncating the decimals",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    z = np.dot(x, w) + b
    return int(z)
""",
    },
    {
        "task": "1.1",
        "label": "wrong",
        "why": "returns a one-element list instead of one number",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return [np.dot(x, w) + b]
""",
    },
    {
        "task": "1.1",
        "label": "right",
        "why": "plain Python loop with a float accumulator",
        "code": """
def neuron_output(x, w, b):
    total = 0.0
    for xi, wi in zip(x, w):
        total += float(xi) * float(wi)
    total += float(b)
    return total
""",
    },
    {
        "task": "1.1",
        "label": "right",
        "why": "einsum, returned as a NumPy scalar",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    return np.einsum("i,i->", np.asarray(x, dtype=float), np.asarray(w, dtype=float)) + b
""",
    },
    {
        "task": "1.1",
        "label": "right",
        "why": "matrix product with @ then float()",
        "code": """
import numpy as np
def neuron_output(x, w, b):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    return float(x @ w + b)
""",
    },
    # ------------------------------------------------------------------ 1.2
    {
        "task": "1.2",
        "label": "wrong",
        "why": "weights has shape (3,), not (3, 1)",
        "code": """
import numpy as np
weights = np.array([2.0, -1.0, 0.5])
bias = np.array([1.0])
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "weights is a row (1, 3) instead of a column (3, 1)",
        "code": """
import numpy as np
weights = np.array([[2.0, -1.0, 0.5]])
bias = np.array([1.0])
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "drops the minus sign of x2",
        "code": """
import numpy as np
weights = np.array([[2.0], [1.0], [0.5]])
bias = np.array([1.0])
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "bias is a 0-d array (shape ()), not shape (1,)",
        "code": """
import numpy as np
weights = np.array([[2.0], [-1.0], [0.5]])
bias = np.array(1.0)
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "integer dtype turns 0.5 into 0",
        "code": """
import numpy as np
weights = np.array([[2], [-1], [0.5]], dtype=int)
bias = np.array([1], dtype=int)
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "puts the bias into the kernel as a 4th row and leaves bias at 0",
        "code": """
import numpy as np
weights = np.array([[2.0], [-1.0], [0.5], [1.0]])
bias = np.zeros(1)
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "weights in reverse order (x3 first)",
        "code": """
import numpy as np
weights = np.array([[0.5], [-1.0], [2.0]])
bias = np.array([1.0])
""",
    },
    {
        "task": "1.2",
        "label": "wrong",
        "why": "bias repeated once per input: shape (3,) instead of (1,)",
        "code": """
import numpy as np
weights = np.array([[2.0], [-1.0], [0.5]])
bias = np.array([1.0, 1.0, 1.0])
""",
    },
    {
        "task": "1.2",
        "label": "right",
        "why": "1-D list reshaped to a column, bias from np.ones",
        "code": """
import numpy as np
weights = np.array([2, -1, 0.5], dtype="float32").reshape(3, 1)
bias = np.ones(1, dtype="float32")
""",
    },
    {
        "task": "1.2",
        "label": "right",
        "why": "builds a real Dense layer, sets a kernel and reads the arrays back with get_weights",
        "code": """
import keras
import numpy as np
layer = keras.layers.Dense(1)
layer.build((None, 3))
layer.set_weights([np.array([[2.0], [-1.0], [0.5]]), np.array([1.0])])
weights, bias = layer.get_weights()
""",
    },
    {
        "task": "1.2",
        "label": "right",
        "why": "column built with np.vstack; bias filled with np.full",
        "code": """
import numpy as np
weights = np.vstack([[2.0], [-1.0], [0.5]])
bias = np.full((1,), 1.0)
""",
    },
    # ------------------------------------------------------------------ 1.3
    {
        "task": "1.3",
        "label": "wrong",
        "why": "copies '(None, 4)' into keras.Input, making the input 3-D (None, None, 4)",
        "code": """
import keras
inputs = keras.Input(shape=(None, 4))
outputs = keras.layers.Dense(1, activation="sigmoid")(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "no activation given: the Dense layer is linear, not sigmoid",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(1)(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "one unit per input: Dense(4) instead of Dense(1)",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(4, activation="sigmoid")(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "use_bias=False: the perceptron has no bias",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(1, activation="sigmoid", use_bias=False)(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "softmax on one unit (always outputs 1.0) instead of sigmoid",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(1, activation="softmax")(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "input shape (1,) instead of 4 features",
        "code": """
import keras
inputs = keras.Input(shape=(1,))
outputs = keras.layers.Dense(1, activation="sigmoid")(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "adds a hidden Dense layer: two layers instead of one",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(4, activation="sigmoid")(inputs)
outputs = keras.layers.Dense(1, activation="sigmoid")(hidden)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "uses a Sequential model, not the Functional API the task asks for",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(1, activation="sigmoid")
perceptron = keras.Sequential([inputs, outputs])
""",
    },
    {
        "task": "1.3",
        "label": "wrong",
        "why": "ReLU instead of sigmoid",
        "code": """
import keras
inputs = keras.Input(shape=(4,))
outputs = keras.layers.Dense(1, activation="relu")(inputs)
perceptron = keras.Model(inputs=inputs, outputs=outputs)
""",
    },
    {
        "task": "1.3",
        "label": "right",
        "why": "activation passed as the function keras.activations.sigmoid, keyword arguments and names",
        "code": """
import keras
inputs = keras.Input(shape=(4,), name="features")
outputs = keras.layers.Dense(
    units=1, activation=keras.activations.sigmoid, use_bias=True, name="neuron"
)(inputs)
perceptron = keras.Model(inputs=inputs, outputs=outputs, name="perceptron")
""",
    },
    {
        "task": "1.3",
        "label": "right",
        "why": "keras.Input with batch_shape=(None, 4) and the layer stored in a variable first",
        "code": """
import keras
inputs = keras.Input(batch_shape=(None, 4))
layer = keras.layers.Dense(1, activation="sigmoid")
outputs = layer(inputs)
perceptron = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "1.3",
        "label": "right",
        "why": "keras.layers.Input and keras.models.Model aliases, positional Dense arguments",
        "code": """
import keras
inputs = keras.layers.Input((4,))
outputs = keras.layers.Dense(1, "sigmoid")(inputs)
perceptron = keras.models.Model(inputs, outputs)
""",
    },
    # ------------------------------------------------------------------ 1.4
    {
        "task": "1.4",
        "label": "wrong",
        "why": "strict x > 0: gives 0 at x == 0 instead of 1",
        "code": """
import keras
def binary_step(x):
    return keras.ops.cast(x > 0, x.dtype)
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "sign gives -1 for negatives and 0 at zero",
        "code": """
import keras
def binary_step(x):
    return keras.ops.sign(x)
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "returns a boolean tensor, not the dtype of x",
        "code": """
import keras
def binary_step(x):
    return keras.ops.greater_equal(x, 0)
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "always casts to float32, so a float64 (or float16) x gets the wrong dtype",
        "code": """
import keras
def binary_step(x):
    return keras.ops.cast(x >= 0, "float32")
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "uses NumPy: float64 result and fails on symbolic tensors inside a model",
        "code": """
import numpy as np
def binary_step(x):
    return np.where(x >= 0, 1.0, 0.0)
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "Python if on the tensor: fails for more than one element and on symbolic tensors",
        "code": """
def binary_step(x):
    if x >= 0:
        return 1.0
    else:
        return 0.0
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "(sign + 1) / 2 gives 0.5 at x == 0",
        "code": """
import keras
def binary_step(x):
    return (keras.ops.sign(x) + 1) / 2
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "steep sigmoid is only an approximation (0.5 at 0, not exactly 0/1 near 0)",
        "code": """
import keras
def binary_step(x):
    return keras.ops.sigmoid(1000.0 * x)
""",
    },
    {
        "task": "1.4",
        "label": "wrong",
        "why": "where with Python ints 1 and 0 returns an integer tensor, not the dtype of x",
        "code": """
import keras
def binary_step(x):
    return keras.ops.where(x >= 0, 1, 0)
""",
    },
    {
        "task": "1.4",
        "label": "right",
        "why": "where with ones_like/zeros_like keeps shape and dtype",
        "code": """
import keras
def binary_step(x):
    return keras.ops.where(
        keras.ops.greater_equal(x, 0), keras.ops.ones_like(x), keras.ops.zeros_like(x)
    )
""",
    },
    {
        "task": "1.4",
        "label": "right",
        "why": "1 minus the indicator of x < 0, cast to x's dtype",
        "code": """
import keras
def binary_step(x):
    negative = keras.ops.cast(keras.ops.less(x, 0), x.dtype)
    return keras.ops.ones_like(x) - negative
""",
    },
    {
        "task": "1.4",
        "label": "right",
        "why": "keras.ops.heaviside with value 1 at zero, cast back to x's dtype",
        "code": """
import keras
def binary_step(x):
    return keras.ops.cast(keras.ops.heaviside(x, keras.ops.ones_like(x)), x.dtype)
""",
    },
    # ------------------------------------------------------------------ 1.5
    {
        "task": "1.5",
        "label": "wrong",
        "why": "fits without a bias column and returns a zero bias",
        "code": """
import numpy as np
def least_squares(X, y):
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return w.reshape(-1, 1), np.zeros(1)
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "weights returned with shape (n,) and bias as a plain float, not Dense shapes",
        "code": """
import numpy as np
def least_squares(X, y):
    Xb = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.linalg.lstsq(Xb, y, rcond=None)[0]
    return theta[:-1], float(theta[-1])
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "ones column appended last but bias read from the first coefficient (split off by one)",
        "code": """
import numpy as np
def least_squares(X, y):
    Xb = np.column_stack([X, np.ones(len(X))])
    theta = np.linalg.lstsq(Xb, y, rcond=None)[0]
    weights = theta[1:].reshape(-1, 1)
    bias = theta[:1]
    return weights, bias
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "bias set to mean(y), forgetting to subtract mean(X) @ w",
        "code": """
import numpy as np
def least_squares(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return w.reshape(-1, 1), np.array([y.mean()])
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "returns the pair in the wrong order (bias, weights)",
        "code": """
import numpy as np
def least_squares(X, y):
    Xb = np.c_[X, np.ones(len(X))]
    theta = np.linalg.lstsq(Xb, y, rcond=None)[0]
    return theta[-1:], theta[:-1].reshape(-1, 1)
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "a few steps of gradient descent with a fixed learning rate: not converged to the least-squares solution",
        "code": """
import numpy as np
def least_squares(X, y):
    m, n = X.shape
    w = np.zeros((n, 1))
    b = np.zeros(1)
    for _ in range(20):
        err = X @ w + b - y.reshape(-1, 1)
        w = w - 0.01 * X.T @ err / m
        b = b - 0.01 * err.mean()
    return w, b
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "normal equations without a bias column (bias left at 0)",
        "code": """
import numpy as np
def least_squares(X, y):
    w = np.linalg.inv(X.T @ X) @ X.T @ y
    return w.reshape(-1, 1), np.array([0.0])
""",
    },
    {
        "task": "1.5",
        "label": "wrong",
        "why": "bias column of ones is prepended, but the split treats the last coefficient as the bias",
        "code": """
import numpy as np
def least_squares(X, y):
    Xb = np.hstack([np.ones((len(X), 1)), X])
    theta, *_ = np.linalg.lstsq(Xb, y, rcond=None)
    return theta[:-1].reshape(-1, 1), theta[-1:]
""",
    },
    {
        "task": "1.5",
        "label": "right",
        "why": "centres X and y, fits weights without a bias, then recovers the bias from the means",
        "code": """
import numpy as np
def least_squares(X, y):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    x_mean = X.mean(axis=0)
    y_mean = y.mean()
    w = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=None)[0]
    b = y_mean - x_mean @ w
    return w.reshape(-1, 1), np.array([b])
""",
    },
    {
        "task": "1.5",
        "label": "right",
        "why": "pseudo-inverse of X with a ones column prepended",
        "code": """
import numpy as np
def least_squares(X, y):
    ones = np.ones((X.shape[0], 1))
    A = np.concatenate([ones, X], axis=1)
    theta = np.linalg.pinv(A) @ y
    bias = theta[0:1]
    weights = theta[1:][:, np.newaxis]
    return weights, bias
""",
    },
    {
        "task": "1.5",
        "label": "right",
        "why": "normal equations solved with np.linalg.solve on the augmented matrix",
        "code": """
import numpy as np
def least_squares(X, y):
    A = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linalg.solve(A.T @ A, A.T @ y)
    return theta[:-1].reshape(-1, 1), theta[-1:].copy()
""",
    },
]
