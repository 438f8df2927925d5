"""Beginner attempts for exercise 03 (written without reading the checks)."""

ATTEMPTS = [
    # ------------------------------------------------------------------ 3.1
    {
        "task": "3.1",
        "label": "wrong",
        "why": "adds up the neurons instead of multiplying neighbouring layers",
        "code": """
def count_edges(layer_sizes):
    return sum(layer_sizes)
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "multiplies all layer sizes together",
        "code": """
import numpy as np
def count_edges(layer_sizes):
    return int(np.prod(layer_sizes))
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "off-by-one loop: misses the last pair of layers",
        "code": """
def count_edges(layer_sizes):
    total = 0
    for i in range(len(layer_sizes) - 2):
        total += layer_sizes[i] * layer_sizes[i + 1]
    return total
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "counts the biases too (that is the parameter count, not the edges)",
        "code": """
def count_edges(layer_sizes):
    total = 0
    for a, b in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += a * b + b
    return total
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "joins every layer with every other layer, not just consecutive ones",
        "code": """
def count_edges(layer_sizes):
    total = 0
    for i in range(len(layer_sizes)):
        for j in range(i + 1, len(layer_sizes)):
            total += layer_sizes[i] * layer_sizes[j]
    return total
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "zips the list with itself: squares of the sizes",
        "code": """
def count_edges(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes, layer_sizes))
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "only the edges from the input layer to the first hidden layer",
        "code": """
def count_edges(layer_sizes):
    return layer_sizes[0] * layer_sizes[1]
""",
    },
    {
        "task": "3.1",
        "label": "wrong",
        "why": "returns a float, not an int",
        "code": """
import numpy as np
def count_edges(layer_sizes):
    sizes = np.array(layer_sizes, dtype=float)
    return float(np.sum(sizes[:-1] * sizes[1:]))
""",
    },
    {
        "task": "3.1",
        "label": "right",
        "why": "dot product of the list without its last and without its first entry, cast to int",
        "code": """
import numpy as np
def count_edges(layer_sizes):
    return int(np.dot(layer_sizes[:-1], layer_sizes[1:]))
""",
    },
    {
        "task": "3.1",
        "label": "right",
        "why": "recursive: edges of the first pair plus the edges of the rest",
        "code": """
def count_edges(layer_sizes):
    if len(layer_sizes) < 2:
        return 0
    return int(layer_sizes[0]) * int(layer_sizes[1]) + count_edges(layer_sizes[1:])
""",
    },
    {
        "task": "3.1",
        "label": "right",
        "why": "itertools.pairwise",
        "code": """
from itertools import pairwise
def count_edges(layer_sizes):
    edges = 0
    for left, right in pairwise(layer_sizes):
        edges += left * right
    return int(edges)
""",
    },
    # ------------------------------------------------------------------ 3.2
    {
        "task": "3.2",
        "label": "wrong",
        "why": "counts only the weights, forgets the biases",
        "code": """
def count_params(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "gives the input layer biases too (sums all sizes)",
        "code": """
def count_params(layer_sizes):
    weights = sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
    return weights + sum(layer_sizes)
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "one bias per input neuron instead of one per unit: a * (b + 1)",
        "code": """
def count_params(layer_sizes):
    total = 0
    for a, b in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += a * (b + 1)
    return total
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "one bias per layer instead of one per unit",
        "code": """
def count_params(layer_sizes):
    total = 0
    for a, b in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += a * b + 1
    return total
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "off-by-one range skips the output layer",
        "code": """
def count_params(layer_sizes):
    total = 0
    for i in range(1, len(layer_sizes) - 1):
        total += (layer_sizes[i - 1] + 1) * layer_sizes[i]
    return total
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "biases only (forgets the weights)",
        "code": """
def count_params(layer_sizes):
    return sum(layer_sizes[1:])
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "counts the edges twice (weights + 'connections') plus biases",
        "code": """
def count_params(layer_sizes):
    total = 0
    for a, b in zip(layer_sizes[:-1], layer_sizes[1:]):
        total += 2 * a * b + b
    return total
""",
    },
    {
        "task": "3.2",
        "label": "wrong",
        "why": "returns a float, not an int",
        "code": """
import numpy as np
def count_params(layer_sizes):
    s = np.asarray(layer_sizes, dtype=np.float64)
    return float(np.sum((s[:-1] + 1) * s[1:]))
""",
    },
    {
        "task": "3.2",
        "label": "right",
        "why": "builds the Keras model and asks it for count_params()",
        "code": """
import keras
def count_params(layer_sizes):
    layers = [keras.Input(shape=(layer_sizes[0],))]
    for units in layer_sizes[1:]:
        layers.append(keras.layers.Dense(units))
    model = keras.Sequential(layers)
    return int(model.count_params())
""",
    },
    {
        "task": "3.2",
        "label": "right",
        "why": "edges plus one bias per non-input neuron, with index loops",
        "code": """
def count_params(layer_sizes):
    n_weights = 0
    for i in range(1, len(layer_sizes)):
        n_weights += layer_sizes[i - 1] * layer_sizes[i]
    n_biases = 0
    for i in range(1, len(layer_sizes)):
        n_biases += layer_sizes[i]
    return int(n_weights + n_biases)
""",
    },
    {
        "task": "3.2",
        "label": "right",
        "why": "NumPy (fan_in + 1) * units, summed, cast to Python int",
        "code": """
import numpy as np
def count_params(layer_sizes):
    s = np.asarray(layer_sizes, dtype=np.int64)
    return int(((s[:-1] + 1) * s[1:]).sum())
""",
    },
    # ------------------------------------------------------------------ 3.3
    {
        "task": "3.3",
        "label": "wrong",
        "why": "keeps Dropout layers too, with units None",
        "code": """
def describe_layers(model):
    result = []
    for layer in model.layers:
        units = getattr(layer, "units", None)
        act = getattr(layer, "activation", None)
        result.append((layer.name, units, act.__name__ if act else None))
    return result
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "returns the activation function object, not its name",
        "code": """
import keras
def describe_layers(model):
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            out.append((layer.name, layer.units, layer.activation))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "str() of the function gives '<function relu at 0x...>' instead of 'relu'",
        "code": """
import keras
def describe_layers(model):
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            out.append((layer.name, layer.units, str(layer.activation)))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "model.layers[1:] to 'skip the input layer': drops the first Dense of a Sequential model",
        "code": """
def describe_layers(model):
    out = []
    for layer in model.layers[1:]:
        if hasattr(layer, "units"):
            out.append((layer.name, layer.units, layer.activation.__name__))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "uses the class name 'Dense' instead of the layer's own name",
        "code": """
import keras
def describe_layers(model):
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            out.append((type(layer).__name__, layer.units, layer.activation.__name__))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "finds Dense layers by 'dense' in the name: misses layers named e.g. 'hidden' or 'output'",
        "code": """
def describe_layers(model):
    out = []
    for layer in model.layers:
        if "dense" in layer.name:
            out.append((layer.name, layer.units, layer.activation.__name__))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "returns lists instead of tuples",
        "code": """
import keras
def describe_layers(model):
    return [
        [layer.name, layer.units, layer.activation.__name__]
        for layer in model.layers
        if isinstance(layer, keras.layers.Dense)
    ]
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "units read from the kernel's number of rows (inputs) instead of columns (units)",
        "code": """
import keras
def describe_layers(model):
    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            kernel = layer.get_weights()[0]
            out.append((layer.name, int(kernel.shape[0]), layer.activation.__name__))
    return out
""",
    },
    {
        "task": "3.3",
        "label": "wrong",
        "why": "returns a dict name -> (units, activation) instead of a list of tuples",
        "code": """
import keras
def describe_layers(model):
    info = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            info[layer.name] = (layer.units, layer.activation.__name__)
    return info
""",
    },
    {
        "task": "3.3",
        "label": "right",
        "why": "reads name, units and activation from layer.get_config()",
        "code": """
def describe_layers(model):
    rows = []
    for layer in model.layers:
        if layer.__class__.__name__ == "Dense":
            cfg = layer.get_config()
            rows.append((str(cfg["name"]), int(cfg["units"]), str(cfg["activation"])))
    return rows
""",
    },
    {
        "task": "3.3",
        "label": "right",
        "why": "keras.activations.serialize for the name; units from the kernel's columns",
        "code": """
import keras
def describe_layers(model):
    rows = []
    for layer in model.layers:
        if not isinstance(layer, keras.layers.Dense):
            continue
        units = int(layer.kernel.shape[-1])
        act = keras.activations.serialize(layer.activation)
        rows.append((layer.name, units, act))
    return rows
""",
    },
    {
        "task": "3.3",
        "label": "right",
        "why": "list comprehension with activation.__name__",
        "code": """
import keras
def describe_layers(model):
    return [
        (l.name, int(l.units), l.activation.__name__)
        for l in model.layers
        if isinstance(l, keras.layers.Dense)
    ]
""",
    },
    # ------------------------------------------------------------------ 3.4
    {
        "task": "3.4",
        "label": "wrong",
        "why": "argmax without abs: the largest positive weight, not the largest size",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    i, j = np.unravel_index(np.argmax(kernel), kernel.shape)
    return int(i), int(j)
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "returns the flat index from argmax, not the (input, unit) pair",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    return int(np.argmax(np.abs(kernel)))
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "unravels on the transposed kernel: gives (unit, input) instead of (input, unit)",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0].T
    i, j = np.unravel_index(np.argmax(np.abs(kernel)), kernel.shape)
    return int(i), int(j)
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "argmin of |w|: the weakest connection",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    idx = np.argmin(np.abs(kernel))
    r, c = np.unravel_index(idx, kernel.shape)
    return (int(r), int(c))
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "only looks at the first unit's column",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    i = np.argmax(np.abs(kernel[:, 0]))
    return int(i), 0
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "argmax(axis=0) returns one input index per unit, not one pair",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    best_inputs = np.argmax(np.abs(kernel), axis=0)
    unit = int(np.argmax(np.max(np.abs(kernel), axis=0)))
    return best_inputs, unit
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "the max |w| trick applied to the kernel plus bias row: can pick a bias",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel, bias = layer.get_weights()
    both = np.vstack([kernel, bias[np.newaxis, :]])
    i, j = np.unravel_index(np.argmax(np.abs(both)), both.shape)
    return int(i), int(j)
""",
    },
    {
        "task": "3.4",
        "label": "wrong",
        "why": "searches the signed kernel for max|w|: finds nothing (IndexError) when the strongest weight is negative",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    biggest = np.abs(kernel).max()
    rows, cols = np.where(kernel == biggest)
    return int(rows[0]), int(cols[0])
""",
    },
    {
        "task": "3.4",
        "label": "right",
        "why": "double loop over rows and columns keeping the best |w|",
        "code": """
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    best = (0, 0)
    best_size = -1.0
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            if abs(kernel[i, j]) > best_size:
                best_size = abs(kernel[i, j])
                best = (i, j)
    return best
""",
    },
    {
        "task": "3.4",
        "label": "right",
        "why": "np.argwhere on |w| == max|w| using layer.kernel converted to NumPy",
        "code": """
import keras
import numpy as np
def strongest_edge(layer):
    k = np.abs(keras.ops.convert_to_numpy(layer.kernel))
    where = np.argwhere(k == k.max())[0]
    return int(where[0]), int(where[1])
""",
    },
    {
        "task": "3.4",
        "label": "right",
        "why": "squares instead of abs (same order), divmod on the flat index",
        "code": """
import numpy as np
def strongest_edge(layer):
    kernel = layer.get_weights()[0]
    flat = int(np.argmax(kernel.ravel() ** 2))
    row, col = divmod(flat, kernel.shape[1])
    return (row, col)
""",
    },
]
