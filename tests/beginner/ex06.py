"""Beginner attempts for exercise 06 (written without reading the checks).

Task 6.3 attempts use the notebook's setup names: ``nnteach``, ``model``,
``X_train``, ``X_test`` and ``feature_names`` (one attempt also ``y_test``).
"""

ATTEMPTS = [
    # ------------------------------------------------------------------ 6.1
    {
        "task": "6.1",
        "label": "wrong",
        "why": "forgets the base value: returns only the sum of the SHAP values",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(np.sum(values))
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "adds the mean of the SHAP values instead of their sum",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(base_value + np.mean(values))
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "adds the sizes |values|: negative SHAP values push up instead of down",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(base_value + np.abs(values).sum())
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "base_value + values: returns an array (one number per feature), not one float",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return base_value + np.asarray(values)
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "subtracts the SHAP values from the base value",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(base_value - np.sum(values))
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "only adds the positive SHAP values",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    values = np.asarray(values)
    return float(base_value + values[values > 0].sum())
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "multiplies the base value by the sum",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(base_value * np.sum(values))
""",
    },
    {
        "task": "6.1",
        "label": "wrong",
        "why": "squashes the total through a sigmoid, as if SHAP values were logits",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    total = base_value + np.sum(values)
    return float(1 / (1 + np.exp(-total)))
""",
    },
    {
        "task": "6.1",
        "label": "right",
        "why": "walks the waterfall in a loop starting from the base value",
        "code": """
def shap_prediction(base_value, values):
    prediction = float(base_value)
    for v in values:
        prediction = prediction + float(v)
    return prediction
""",
    },
    {
        "task": "6.1",
        "label": "right",
        "why": "math.fsum over the base value and all SHAP values",
        "code": """
import math
def shap_prediction(base_value, values):
    return math.fsum([float(base_value), *[float(v) for v in values]])
""",
    },
    {
        "task": "6.1",
        "label": "right",
        "why": "np.append the base value to the values and sum",
        "code": """
import numpy as np
def shap_prediction(base_value, values):
    return float(np.sum(np.append(np.asarray(values, dtype=float), base_value)))
""",
    },
    # ------------------------------------------------------------------ 6.2
    {
        "task": "6.2",
        "label": "wrong",
        "why": "largest |value|, which may have pushed the prediction down",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    i = int(np.argmax(np.abs(values)))
    return feature_names[i]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "returns the index instead of the name",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    if np.max(values) <= 0:
        return None
    return int(np.argmax(values))
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "never returns None: picks a name even when every value is <= 0",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    return feature_names[int(np.argmax(values))]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "argmin: the feature that pushed the prediction down most",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    i = np.argmin(values)
    if values[i] >= 0:
        return None
    return feature_names[i]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "checks max < 0 instead of <= 0: all-zero / zero-max values return a name instead of None",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    best = int(np.argmax(values))
    if values[best] < 0:
        return None
    return feature_names[best]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "returns a one-element list of names instead of a str",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    values = np.asarray(values)
    if values.max() <= 0:
        return None
    return [feature_names[i] for i in np.where(values == values.max())[0]]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "sorts ascending and takes the first: the most negative feature",
        "code": """
def pushed_up_most(values, feature_names):
    pairs = sorted(zip(values, feature_names))
    value, name = pairs[0]
    if max(values) <= 0:
        return None
    return name
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "off-by-one when looking up the name (feature_names[i + 1])",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    i = int(np.argmax(values))
    if values[i] <= 0:
        return None
    return feature_names[(i + 1) % len(feature_names)]
""",
    },
    {
        "task": "6.2",
        "label": "wrong",
        "why": "returns the string 'None' instead of None",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    i = int(np.argmax(values))
    if values[i] <= 0:
        return "None"
    return str(feature_names[i])
""",
    },
    {
        "task": "6.2",
        "label": "right",
        "why": "loop keeping the best strictly positive value",
        "code": """
def pushed_up_most(values, feature_names):
    best_name = None
    best_value = 0.0
    for name, value in zip(feature_names, values):
        if value > best_value:
            best_value = value
            best_name = name
    return best_name
""",
    },
    {
        "task": "6.2",
        "label": "right",
        "why": "dict of positive values only, max by value",
        "code": """
def pushed_up_most(values, feature_names):
    positive = {name: float(v) for name, v in zip(feature_names, values) if v > 0}
    if not positive:
        return None
    return str(max(positive, key=positive.get))
""",
    },
    {
        "task": "6.2",
        "label": "right",
        "why": "np.argsort descending, checks the top value is > 0",
        "code": """
import numpy as np
def pushed_up_most(values, feature_names):
    v = np.asarray(values, dtype=float)
    order = np.argsort(-v, kind="stable")
    top = int(order[0])
    return str(feature_names[top]) if v[top] > 0 else None
""",
    },
    # ------------------------------------------------------------------ 6.3
    {
        "task": "6.3",
        "label": "wrong",
        "why": "explains the second test patient X_test[1]; needs notebook model, X_train, X_test, feature_names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_test[1], feature_names, task="classification", top=8
)
i = int(np.argmax(explanation.values))
top_up = feature_names[i] if explanation.values[i] > 0 else None
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "top_up by the largest |SHAP value| (may have pushed down); needs notebook model, X_train, X_test, feature_names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification", top=8
)
top_up = feature_names[int(np.argmax(np.abs(explanation.values)))]
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "top_up is the feature with the largest measurement of the patient, not the largest SHAP value; needs notebook names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification"
)
top_up = feature_names[int(np.argmax(X_test[0]))]
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "top_up is an index (int), not the feature's name; needs notebook model, X_train, X_test, feature_names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification", top=10
)
top_up = int(np.argmax(explanation.values))
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "explains a training patient X_train[0] instead of X_test[0]; needs notebook model, X_train, feature_names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_train[0], feature_names, task="classification", top=8
)
v = explanation.values
top_up = feature_names[int(np.argmax(v))] if v.max() > 0 else None
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "top_up is the feature that pushed the prediction DOWN most; needs notebook model, X_train, X_test, feature_names",
        "code": """
import numpy as np
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification", top=8
)
top_up = feature_names[int(np.argmin(explanation.values))]
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "explains the first malignant test patient instead of X_test[0]; needs notebook names incl. y_test",
        "code": """
import numpy as np
first_malignant = int(np.flatnonzero(y_test == 1)[0])
if first_malignant == 0:
    first_malignant = int(np.flatnonzero(y_test == 1)[1])
explanation = nnteach.explain_prediction(
    model, X_train, X_test[first_malignant], feature_names, task="classification", top=8
)
i = int(np.argmax(explanation.values))
top_up = feature_names[i] if explanation.values[i] > 0 else None
""",
    },
    {
        "task": "6.3",
        "label": "wrong",
        "why": "only calls .plot() and stores its return value, never sets top_up; needs notebook names",
        "code": """
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification", top=8
).plot()
top_up = None
""",
    },
    {
        "task": "6.3",
        "label": "right",
        "why": "keyword-free call, then a loop over (name, value) pairs with a strict > 0 test; needs notebook names",
        "code": """
x = X_test[0]
explanation = nnteach.explain_prediction(model, X_train, x, feature_names, task="classification", top=10)
top_up = None
best = 0.0
for name, value in zip(feature_names, explanation.values):
    if value > best:
        best = value
        top_up = name
""",
    },
    {
        "task": "6.3",
        "label": "right",
        "why": "sorted pairs descending, checks the top value is positive; needs notebook names",
        "code": """
explanation = nnteach.explain_prediction(
    model, X_train, X_test[0], feature_names, task="classification", top=5
)
ranked = sorted(zip(explanation.values, feature_names), key=lambda p: p[0], reverse=True)
top_up = str(ranked[0][1]) if ranked[0][0] > 0 else None
""",
    },
    # ------------------------------------------------------------------ 6.4
    {
        "task": "6.4",
        "label": "wrong",
        "why": "abs of the mean instead of the mean of abs: opposite signs cancel",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(np.mean(shap_values, axis=0))
    order = np.argsort(imp)[::-1]
    return [(feature_names[i], float(imp[i])) for i in order]
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "sorted from least to most important",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(shap_values).mean(axis=0)
    order = np.argsort(imp)
    return [(feature_names[i], float(imp[i])) for i in order]
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "mean over axis 1 (per instance) instead of per feature",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.mean(np.abs(shap_values), axis=1)
    pairs = list(zip(feature_names, imp))
    return sorted(pairs, key=lambda p: p[1], reverse=True)
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "sum of |SHAP| instead of the mean (same order, wrong importance values)",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(shap_values).sum(axis=0)
    pairs = [(name, float(v)) for name, v in zip(feature_names, imp)]
    pairs.sort(key=lambda p: p[1], reverse=True)
    return pairs
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "sorted(pairs) sorts by name, not by importance",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(shap_values).mean(axis=0)
    return sorted(zip(feature_names, [float(v) for v in imp]))
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "max |SHAP| per feature instead of the mean",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.max(np.abs(shap_values), axis=0)
    order = np.argsort(-imp)
    return [(feature_names[i], float(imp[i])) for i in order]
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "sorts the importances but keeps the names in their original order (pairs mismatched)",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.sort(np.abs(shap_values).mean(axis=0))[::-1]
    return [(feature_names[i], float(imp[i])) for i in range(len(feature_names))]
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "returns a dict name -> importance instead of a sorted list of pairs",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(shap_values).mean(axis=0)
    order = np.argsort(imp)[::-1]
    return {feature_names[i]: float(imp[i]) for i in order}
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "plain mean of the signed SHAP values (no abs at all)",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = shap_values.mean(axis=0)
    ranked = sorted(zip(feature_names, imp), key=lambda p: p[1], reverse=True)
    return [(n, float(v)) for n, v in ranked]
""",
    },
    {
        "task": "6.4",
        "label": "wrong",
        "why": "returns only the sorted names, without the importances",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    imp = np.abs(shap_values).mean(axis=0)
    return [feature_names[i] for i in np.argsort(imp)[::-1]]
""",
    },
    {
        "task": "6.4",
        "label": "right",
        "why": "loops over the columns computing the mean of abs by hand, then sorts with a negative key",
        "code": """
def mean_abs_shap(shap_values, feature_names):
    m = len(shap_values)
    pairs = []
    for j, name in enumerate(feature_names):
        total = 0.0
        for i in range(m):
            total += abs(float(shap_values[i][j]))
        pairs.append((name, total / m))
    pairs.sort(key=lambda p: -p[1])
    return pairs
""",
    },
    {
        "task": "6.4",
        "label": "right",
        "why": "np.linalg.norm with ord=1 per column divided by m, order from argsort of the negatives",
        "code": """
import numpy as np
def mean_abs_shap(shap_values, feature_names):
    s = np.asarray(shap_values, dtype=float)
    imp = np.linalg.norm(s, ord=1, axis=0) / s.shape[0]
    order = np.argsort(-imp, kind="stable")
    return [(str(feature_names[j]), float(imp[j])) for j in order]
""",
    },
    {
        "task": "6.4",
        "label": "right",
        "why": "pandas: DataFrame.abs().mean().sort_values(ascending=False)",
        "code": """
import pandas as pd
def mean_abs_shap(shap_values, feature_names):
    frame = pd.DataFrame(shap_values, columns=list(feature_names))
    ranking = frame.abs().mean().sort_values(ascending=False, kind="stable")
    return [(str(name), float(value)) for name, value in ranking.items()]
""",
    },
]
