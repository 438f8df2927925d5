"""Beginner attempts for exercise 02 (written without reading the checks).

Task 2.4 attempts use X_train and y_train from the notebook cell
``moons = nnteach.make_moons(600, noise=0.2, seed=0); X_train, y_train = moons.X, moons.y``.
"""

ATTEMPTS = [
    # ------------------------------------------------------------------ 2.1
    {
        "task": "2.1",
        "label": "wrong",
        "why": "np.max(x, 0) reduces along axis 0 instead of comparing with 0",
        "code": """
import numpy as np
def relu(x):
    return np.max(x, 0)
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "Python's built-in max on an array: ambiguous truth value error",
        "code": """
def relu(x):
    return max(x, 0)
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "returns a step (0/1) instead of the value, i.e. the derivative of ReLU",
        "code": """
import numpy as np
def relu(x):
    return np.where(x > 0, 1, 0)
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "leaky ReLU: keeps 0.01 * x for negatives",
        "code": """
import numpy as np
def relu(x):
    return np.where(x > 0, x, 0.01 * x)
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "list comprehension: returns a list and breaks on 2-D arrays",
        "code": """
def relu(x):
    return [v if v > 0 else 0 for v in x]
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "flattens the result, so a 2-D input comes back 1-D",
        "code": """
import numpy as np
def relu(x):
    return np.maximum(x, 0).flatten()
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "casts to int, losing the decimals of positive values",
        "code": """
import numpy as np
def relu(x):
    return np.maximum(x, 0).astype(int)
""",
    },
    {
        "task": "2.1",
        "label": "wrong",
        "why": "np.abs instead of max(x, 0): negatives become positive",
        "code": """
import numpy as np
def relu(x):
    return np.abs(x)
""",
    },
    {
        "task": "2.1",
        "label": "right",
        "why": "x times the boolean mask (x > 0)",
        "code": """
import numpy as np
def relu(x):
    x = np.asarray(x)
    return x * (x > 0)
""",
    },
    {
        "task": "2.1",
        "label": "right",
        "why": "(x + |x|) / 2 identity",
        "code": """
import numpy as np
def relu(x):
    return (x + np.abs(x)) / 2
""",
    },
    {
        "task": "2.1",
        "label": "right",
        "why": "np.clip with no upper bound, on a copy",
        "code": """
import numpy as np
def relu(x):
    return np.clip(np.array(x, copy=True), 0, None)
""",
    },
    # ------------------------------------------------------------------ 2.2
    {
        "task": "2.2",
        "label": "wrong",
        "why": "ReLU on every layer, the output layer too (no sigmoid)",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for W, b in params:
        h = np.maximum(h @ W + b, 0)
    return h
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "sigmoid on every layer, hidden layers too",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for W, b in params:
        h = 1 / (1 + np.exp(-(h @ W + b)))
    return h
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "forgets the biases",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for i, (W, b) in enumerate(params):
        z = h @ W
        if i < len(params) - 1:
            h = np.maximum(z, 0)
        else:
            h = 1 / (1 + np.exp(-z))
    return h
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "sign error in the sigmoid: 1 / (1 + exp(z))",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for W, b in params[:-1]:
        h = np.maximum(h @ W + b, 0)
    W, b = params[-1]
    return 1 / (1 + np.exp(h @ W + b))
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "off-by-one: the loop over hidden layers stops one early and the output layer is never applied",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for i in range(len(params) - 1):
        W, b = params[i]
        h = np.maximum(h @ W + b, 0)
    return 1 / (1 + np.exp(-h))
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "feeds X to every layer instead of the previous layer's output",
        "code": """
import numpy as np
def forward(X, params):
    out = X
    for i, (W, b) in enumerate(params):
        z = X @ W + b
        if i == len(params) - 1:
            out = 1 / (1 + np.exp(-z))
        else:
            out = np.maximum(z, 0)
    return out
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "hard-codes exactly two layers (only works for the example network)",
        "code": """
import numpy as np
def forward(X, params):
    (W1, b1), (W2, b2) = params[0], params[1]
    h = np.maximum(X @ W1 + b1, 0)
    return 1 / (1 + np.exp(-(h @ W2 + b2)))
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "squeezes the output to shape (m,) instead of (m, units)",
        "code": """
import numpy as np
def forward(X, params):
    h = X
    for W, b in params[:-1]:
        h = np.maximum(0, h @ W + b)
    W, b = params[-1]
    return (1 / (1 + np.exp(-(h @ W + b)))).squeeze()
""",
    },
    {
        "task": "2.2",
        "label": "wrong",
        "why": "W @ h instead of h @ W (transposed product, shape error)",
        "code": """
import numpy as np
def forward(X, params):
    h = X.T
    for W, b in params[:-1]:
        h = np.maximum(W @ h + b, 0)
    W, b = params[-1]
    return 1 / (1 + np.exp(-(W @ h + b)))
""",
    },
    {
        "task": "2.2",
        "label": "right",
        "why": "recursive: first layer, then the rest of the network",
        "code": """
import numpy as np
def forward(X, params):
    W, b = params[0]
    z = np.asarray(X) @ W + b
    if len(params) == 1:
        return 1.0 / (1.0 + np.exp(-z))
    return forward(np.maximum(z, 0.0), params[1:])
""",
    },
    {
        "task": "2.2",
        "label": "right",
        "why": "numerically stable sigmoid via logaddexp, ReLU via np.where",
        "code": """
import numpy as np
def forward(X, params):
    h = np.asarray(X, dtype=float)
    last = len(params) - 1
    for i, (W, b) in enumerate(params):
        z = h @ W + b
        if i == last:
            h = np.exp(-np.logaddexp(0.0, -z))
        else:
            h = np.where(z > 0, z, 0.0)
    return h
""",
    },
    {
        "task": "2.2",
        "label": "right",
        "why": "matmul with explicit per-unit loops over biases (slow but correct)",
        "code": """
import numpy as np
def forward(X, params):
    h = np.array(X, dtype=float)
    for k, (W, b) in enumerate(params):
        z = np.matmul(h, W)
        for j in range(z.shape[1]):
            z[:, j] += b[j]
        if k < len(params) - 1:
            z[z < 0] = 0.0
            h = z
        else:
            h = 1.0 / (1.0 + np.exp(-z))
    return h
""",
    },
    # ------------------------------------------------------------------ 2.3
    {
        "task": "2.3",
        "label": "wrong",
        "why": "leaves out both Dropout layers",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8, activation="relu")(inputs)
x = keras.layers.Dense(4, activation="relu")(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "dropout rate 0.5 instead of 0.2",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8, activation="relu")(inputs)
x = keras.layers.Dropout(0.5)(x)
x = keras.layers.Dense(4, activation="relu")(x)
x = keras.layers.Dropout(0.5)(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "hidden layer sizes swapped (4 then 8)",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(4, activation="relu")(inputs)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(8, activation="relu")(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "output layer has no activation (linear) instead of sigmoid",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8, activation="relu")(inputs)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(4, activation="relu")(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1)(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "the second Dense is called on inputs, so the first block drops out of the model",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8, activation="relu")(inputs)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(4, activation="relu")(inputs)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "Dropout placed before each Dense instead of after it",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dropout(0.2)(inputs)
x = keras.layers.Dense(8, activation="relu")(x)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(4, activation="relu")(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "softmax on the single output unit instead of sigmoid",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8, activation="relu")(inputs)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(4, activation="relu")(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1, activation="softmax")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "hidden layers have no activation (ReLU forgotten): linear hidden layers",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8)(inputs)
x = keras.layers.Dropout(0.2)(x)
x = keras.layers.Dense(4)(x)
x = keras.layers.Dropout(0.2)(x)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    {
        "task": "2.3",
        "label": "wrong",
        "why": "Sequential model instead of the Functional API the task asks for",
        "code": """
import keras
spec_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
""",
    },
    {
        "task": "2.3",
        "label": "right",
        "why": "activations as separate keras.layers.ReLU / Activation layers after linear Dense layers",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
x = keras.layers.Dense(8)(inputs)
x = keras.layers.ReLU()(x)
x = keras.layers.Dropout(rate=0.2)(x)
x = keras.layers.Dense(4)(x)
x = keras.layers.Activation("relu")(x)
x = keras.layers.Dropout(rate=0.2)(x)
x = keras.layers.Dense(1)(x)
outputs = keras.layers.Activation("sigmoid")(x)
spec_model = keras.Model(inputs=inputs, outputs=outputs)
""",
    },
    {
        "task": "2.3",
        "label": "right",
        "why": "functional model built by looping over a list of layer objects, activations as functions",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
layers = [
    keras.layers.Dense(8, activation=keras.activations.relu),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(4, activation=keras.activations.relu),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(1, activation=keras.activations.sigmoid),
]
x = inputs
for layer in layers:
    x = layer(x)
outputs = x
spec_model = keras.Model(inputs, outputs, name="spec")
""",
    },
    {
        "task": "2.3",
        "label": "right",
        "why": "named layers, input given as batch_shape",
        "code": """
import keras
inputs = keras.Input(batch_shape=(None, 2), name="coords")
x = keras.layers.Dense(8, activation="relu", name="h1")(inputs)
x = keras.layers.Dropout(0.2, name="d1")(x)
x = keras.layers.Dense(4, activation="relu", name="h2")(x)
x = keras.layers.Dropout(0.2, name="d2")(x)
outputs = keras.layers.Dense(1, activation="sigmoid", name="prob")(x)
spec_model = keras.Model(inputs, outputs)
""",
    },
    # ------------------------------------------------------------------ 2.4
    {
        "task": "2.4",
        "label": "wrong",
        "why": "a perceptron (no hidden layer): stays near 86 %; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
moons_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=40, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "hidden layers without activation: still a linear boundary; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16),
        keras.layers.Dense(16),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=40, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "builds and compiles the model but never trains it; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = None
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "two softmax outputs: output shape (None, 2), not (None, 1); needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(2, activation="softmax"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=40, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "one softmax output unit: always 1.0, so every point is class 1; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="softmax"),
    ]
)
moons_model.compile(optimizer="adam", loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=20, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "training far too short (1 epoch of SGD at lr 0.001): barely moves from the random start, far below 92 %; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.SGD(0.001), loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=1, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "linear output with MSE: returns scores, not probabilities of class 1; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ]
)
moons_model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = moons_model.fit(X_train, y_train, epochs=40, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "wrong",
        "why": "trains on the labels flipped (1 - y), so it outputs the probability of class 0; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
# class 0 is the "positive" moon, isn't it?
history = moons_model.fit(X_train, 1 - y_train, epochs=40, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "right",
        "why": "Sequential without keras.Input, tanh hidden layers; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=60, batch_size=32, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "right",
        "why": "Functional model with LeakyReLU layers, full-batch-ish training; needs notebook X_train, y_train",
        "code": """
import keras
inputs = keras.Input(shape=(2,))
h = keras.layers.Dense(32)(inputs)
h = keras.layers.LeakyReLU()(h)
h = keras.layers.Dense(16)(h)
h = keras.layers.LeakyReLU()(h)
outputs = keras.layers.Dense(1, activation="sigmoid")(h)
moons_model = keras.Model(inputs, outputs)
moons_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="binary_crossentropy")
history = moons_model.fit(X_train, y_train, epochs=150, batch_size=100, verbose=0)
""",
    },
    {
        "task": "2.4",
        "label": "right",
        "why": "sigmoid output trained with mean squared error and SGD with momentum; needs notebook X_train, y_train",
        "code": """
import keras
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
        keras.layers.Activation("sigmoid"),
    ]
)
moons_model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), loss="mse")
history = moons_model.fit(X_train, y_train, epochs=60, batch_size=32, verbose=0)
""",
    },
    # ------------------------------------------------------------------ 2.5
    {
        "task": "2.5",
        "label": "wrong",
        "why": "drops values but forgets to divide the kept ones by (1 - rate)",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = rng.random(x.shape) >= rate
    return x * mask
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "multiplies by (1 - rate) instead of dividing",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = rng.random(x.shape) >= rate
    return x * mask * (1 - rate)
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "changes x in place and returns it (x must stay unchanged)",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = rng.random(x.shape) < rate
    x[mask] = 0
    x /= 1 - rate
    return x
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "mask inverted: keeps a value with probability rate instead of 1 - rate",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    keep = rng.random(x.shape) < rate
    return np.where(keep, x / (1 - rate), 0.0)
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "ignores rng and draws from the global np.random (not reproducible from rng)",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = np.random.random(x.shape) >= rate
    return x * mask / (1 - rate)
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "divides by rate instead of 1 - rate (and by 0 when rate is 0)",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = rng.random(x.shape) >= rate
    return x * mask / rate
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "with rate 0 returns x itself, not a new array",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    if rate == 0:
        return x
    mask = rng.random(x.shape) >= rate
    return x * mask / (1 - rate)
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "one random number per row: drops whole rows instead of single values",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    out = np.array(x, dtype=float)
    drop = rng.random(len(x)) < rate
    out[drop] = 0
    return out / (1 - rate)
""",
    },
    {
        "task": "2.5",
        "label": "wrong",
        "why": "floor division // truncates the rescaled values",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    mask = rng.random(x.shape) >= rate
    return (x * mask) // (1 - rate)
""",
    },
    {
        "task": "2.5",
        "label": "right",
        "why": "np.where with the drop mask rng.random(x.shape) < rate",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    drop = rng.random(x.shape) < rate
    return np.where(drop, 0.0, x / (1.0 - rate))
""",
    },
    {
        "task": "2.5",
        "label": "right",
        "why": "element-by-element loop over a copy with np.ndindex",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    u = rng.random(x.shape)
    out = np.array(x, dtype=float, copy=True)
    for idx in np.ndindex(x.shape):
        if u[idx] < rate:
            out[idx] = 0.0
        else:
            out[idx] = out[idx] / (1 - rate)
    return out
""",
    },
    {
        "task": "2.5",
        "label": "right",
        "why": "float mask scaled once: mask / (1 - rate), then multiplied",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    keep = (rng.random(x.shape) >= rate).astype(float)
    scale = keep / (1 - rate)
    return np.multiply(x, scale)
""",
    },
    {
        "task": "2.5",
        "label": "right",
        "why": "other valid mask convention: keep where rng.random(x.shape) < 1 - rate (each value still dropped with probability rate)",
        "code": """
import numpy as np
def dropout(x, rate, rng):
    keep = rng.random(x.shape) < 1.0 - rate
    return np.where(keep, x / (1.0 - rate), 0.0)
""",
    },
]
