"""Beginner attempts for exercise 05 (written without reading the checks)."""

ATTEMPTS = [
    # ------------------------------------------------------------------ 5.1
    {
        "task": "5.1",
        "label": "wrong",
        "why": "strict threshold y_prob > 0.5: a probability of exactly 0.5 is not counted positive",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = y_prob > 0.5
    tp = np.sum(pred & (y_true == 1))
    fp = np.sum(pred & (y_true == 0))
    fn = np.sum(~pred & (y_true == 1))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "returns (recall, precision): the two are swapped",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = (y_prob >= 0.5).astype(int)
    tp = np.sum((pred == 1) & (y_true == 1))
    fp = np.sum((pred == 1) & (y_true == 0))
    fn = np.sum((pred == 0) & (y_true == 1))
    precision = tp / (tp + fn) if tp + fn else 0.0
    recall = tp / (tp + fp) if tp + fp else 0.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "no zero-division guard: nan (with a warning) when nothing is predicted positive",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = y_prob >= 0.5
    tp = np.sum(pred & (y_true == 1))
    fp = np.sum(pred & (y_true == 0))
    fn = np.sum(~pred & (y_true == 1))
    return float(tp / (tp + fp)), float(tp / (tp + fn))
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "integer division // gives 0 (or 1) instead of a fraction",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = (y_prob >= 0.5).astype(int)
    tp = int(np.sum(pred * y_true))
    fp = int(np.sum(pred * (1 - y_true)))
    fn = int(np.sum((1 - pred) * y_true))
    precision = tp // (tp + fp) if tp + fp > 0 else 0
    recall = tp // (tp + fn) if tp + fn > 0 else 0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "np.round(0.5) rounds to 0 (half to even): exactly 0.5 is predicted negative",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = np.round(y_prob)
    tp = np.sum((pred == 1) & (y_true == 1))
    fp = np.sum((pred == 1) & (y_true == 0))
    fn = np.sum((pred == 0) & (y_true == 1))
    p = tp / (tp + fp) if (tp + fp) > 0 else 0.0
    r = tp / (tp + fn) if (tp + fn) > 0 else 0.0
    return float(p), float(r)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "uses the raw probabilities as soft counts instead of thresholding at 0.5",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    tp = np.sum(y_prob * y_true)
    fp = np.sum(y_prob * (1 - y_true))
    fn = np.sum((1 - y_prob) * y_true)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "returns 1.0 instead of 0.0 when nothing is predicted positive / no positives",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = y_prob >= 0.5
    pos = y_true == 1
    tp = np.sum(pred & pos)
    precision = tp / pred.sum() if pred.sum() > 0 else 1.0
    recall = tp / pos.sum() if pos.sum() > 0 else 1.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "returns a list, not a tuple",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = y_prob >= 0.5
    tp = np.sum(pred & (y_true == 1))
    n_pred = np.sum(pred)
    n_pos = np.sum(y_true == 1)
    precision = float(tp / n_pred) if n_pred else 0.0
    recall = float(tp / n_pos) if n_pos else 0.0
    return [precision, recall]
""",
    },
    {
        "task": "5.1",
        "label": "wrong",
        "why": "precision divides by all samples (TP / m): accuracy-like denominator",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = y_prob >= 0.5
    tp = np.sum(pred & (y_true == 1))
    fn = np.sum(~pred & (y_true == 1))
    precision = tp / len(y_true)
    recall = tp / (tp + fn) if tp + fn else 0.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "right",
        "why": "np.bincount on 2 * label + prediction to get the confusion counts",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    pred = (np.asarray(y_prob) >= 0.5).astype(int)
    codes = 2 * np.asarray(y_true).astype(int) + pred
    tn, fp, fn, tp = np.bincount(codes, minlength=4)
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    return (float(precision), float(recall))
""",
    },
    {
        "task": "5.1",
        "label": "right",
        "why": "explicit loop counting TP, FP, FN",
        "code": """
def precision_recall(y_true, y_prob):
    tp = fp = fn = 0
    for label, prob in zip(y_true, y_prob):
        predicted = 1 if prob >= 0.5 else 0
        if predicted == 1 and label == 1:
            tp += 1
        elif predicted == 1 and label == 0:
            fp += 1
        elif predicted == 0 and label == 1:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return float(precision), float(recall)
""",
    },
    {
        "task": "5.1",
        "label": "right",
        "why": "np.logical_and with np.divide(where=...) for the zero cases",
        "code": """
import numpy as np
def precision_recall(y_true, y_prob):
    actual = np.asarray(y_true) == 1
    predicted = np.asarray(y_prob) >= 0.5
    tp = np.logical_and(actual, predicted).sum()
    counts = np.array([predicted.sum(), actual.sum()], dtype=float)
    out = np.zeros(2)
    np.divide(float(tp), counts, out=out, where=counts > 0)
    return float(out[0]), float(out[1])
""",
    },
    # ------------------------------------------------------------------ 5.2
    {
        "task": "5.2",
        "label": "wrong",
        "why": "threshold y_pred > 0.5 (Keras's), not the course's inclusive >= 0.5",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) > 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        return ops.where(
            self.tp > 0, 2 * self.tp / (2 * self.tp + self.fp + self.fn), 0.0
        )
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "averages the F1 of each batch (the batch-wise mistake the lesson warns about)",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.batches = self.add_variable(shape=(), initializer="zeros", name="batches")

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        p = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        tp = ops.sum(t * p)
        fp = ops.sum((1 - t) * p)
        fn = ops.sum(t * (1 - p))
        f1 = ops.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        self.total.assign_add(f1)
        self.batches.assign_add(1.0)

    def result(self):
        return ops.where(self.batches > 0, self.total / self.batches, 0.0)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "assign instead of assign_add: only the last batch is counted",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        self.tp.assign(ops.sum(y_true * y_pred))
        self.fp.assign(ops.sum((1 - y_true) * y_pred))
        self.fn.assign(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        return ops.where(self.tp > 0, 2 * self.tp / (2 * self.tp + self.fp + self.fn), 0.0)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "does not flatten y_pred: (batch, 1) * (batch,) broadcasts to (batch, batch)",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(y_true, "float32")
        y_pred = ops.cast(y_pred >= 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        return ops.where(self.tp > 0, 2 * self.tp / (2 * self.tp + self.fp + self.fn), 0.0)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "no guard in result: 0 / 0 = nan when there are no true positives",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        precision = self.tp / (self.tp + self.fp)
        recall = self.tp / (self.tp + self.fn)
        return 2 * precision * recall / (precision + recall)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "Jaccard TP / (TP + FP + FN) instead of F1",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        return ops.divide_no_nan(self.tp, self.tp + self.fp + self.fn)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "keeps the counts in Python floats (not Keras variables): breaks in evaluate, never reset",
        "code": """
import keras
import numpy as np

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = 0.0
        self.fp = 0.0
        self.fn = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = np.asarray(y_true).ravel().astype("float32")
        p = (np.asarray(y_pred).ravel() >= 0.5).astype("float32")
        self.tp += float(np.sum(t * p))
        self.fp += float(np.sum((1 - t) * p))
        self.fn += float(np.sum(t * (1 - p)))

    def result(self):
        if self.tp == 0:
            return 0.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "false negatives counted as (1 - y_true) * (1 - y_pred), i.e. true negatives",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)) >= 0.5, "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum((1 - y_true) * (1 - y_pred)))

    def result(self):
        return ops.divide_no_nan(2 * self.tp, 2 * self.tp + self.fp + self.fn)
""",
    },
    {
        "task": "5.2",
        "label": "wrong",
        "why": "uses the probabilities as soft counts (no 0.5 threshold)",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        y_pred = ops.cast(ops.reshape(y_pred, (-1,)), "float32")
        self.tp.assign_add(ops.sum(y_true * y_pred))
        self.fp.assign_add(ops.sum((1 - y_true) * y_pred))
        self.fn.assign_add(ops.sum(y_true * (1 - y_pred)))

    def result(self):
        return ops.divide_no_nan(2 * self.tp, 2 * self.tp + self.fp + self.fn)
""",
    },
    {
        "task": "5.2",
        "label": "right",
        "why": "one state variable of shape (3,) holding [tp, fp, fn]; 2TP / (2TP + FP + FN) with divide_no_nan",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.counts = self.add_variable(shape=(3,), initializer="zeros", name="counts")

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = ops.cast(ops.reshape(y_true, (-1,)), "float32")
        p = ops.cast(ops.reshape(y_pred, (-1,)), "float32")
        positive = ops.cast(ops.greater_equal(p, 0.5), "float32")
        batch = ops.stack(
            [ops.sum(t * positive), ops.sum((1.0 - t) * positive), ops.sum(t * (1.0 - positive))]
        )
        self.counts.assign(self.counts + batch)

    def result(self):
        tp, fp, fn = self.counts[0], self.counts[1], self.counts[2]
        return ops.divide_no_nan(2.0 * tp, 2.0 * tp + fp + fn)
""",
    },
    {
        "task": "5.2",
        "label": "right",
        "why": "counts with logical_and / logical_not, precision and recall via divide_no_nan, where() for TP = 0",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), initializer="zeros", name="true_positives")
        self.false_positives = self.add_variable(shape=(), initializer="zeros", name="false_positives")
        self.false_negatives = self.add_variable(shape=(), initializer="zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        actual = ops.cast(ops.reshape(y_true, (-1,)), "float32") > 0.5
        predicted = ops.cast(ops.reshape(y_pred, (-1,)), "float32") >= 0.5
        def count(mask):
            return ops.sum(ops.cast(mask, "float32"))
        self.true_positives.assign_add(count(ops.logical_and(actual, predicted)))
        self.false_positives.assign_add(count(ops.logical_and(ops.logical_not(actual), predicted)))
        self.false_negatives.assign_add(count(ops.logical_and(actual, ops.logical_not(predicted))))

    def result(self):
        tp = self.true_positives
        precision = ops.divide_no_nan(tp, tp + self.false_positives)
        recall = ops.divide_no_nan(tp, tp + self.false_negatives)
        f1 = ops.divide_no_nan(2.0 * precision * recall, precision + recall)
        return ops.where(tp > 0, f1, ops.zeros_like(f1))
""",
    },
    {
        "task": "5.2",
        "label": "right",
        "why": "counts via ops.where and ops.count_nonzero style sums; explicit reset_state override",
        "code": """
import keras
from keras import ops

class DatasetF1(keras.metrics.Metric):
    def __init__(self, name="dataset_f1", **kwargs):
        super().__init__(name=name, **kwargs)
        self.tp = self.add_variable(shape=(), initializer="zeros", name="tp")
        self.fp = self.add_variable(shape=(), initializer="zeros", name="fp")
        self.fn = self.add_variable(shape=(), initializer="zeros", name="fn")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = ops.cast(ops.ravel(y_true), "float32")
        y_pred = ops.cast(ops.ravel(y_pred), "float32")
        pred_pos = ops.where(y_pred >= 0.5, 1.0, 0.0)
        self.tp.assign_add(ops.sum(ops.where(y_true == 1.0, pred_pos, 0.0)))
        self.fp.assign_add(ops.sum(ops.where(y_true == 0.0, pred_pos, 0.0)))
        self.fn.assign_add(ops.sum(ops.where(y_true == 1.0, 1.0 - pred_pos, 0.0)))

    def result(self):
        denom = 2.0 * self.tp + self.fp + self.fn
        safe = ops.where(denom > 0, denom, 1.0)
        return ops.where(self.tp > 0, 2.0 * self.tp / safe, 0.0)

    def reset_state(self):
        for v in (self.tp, self.fp, self.fn):
            v.assign(0.0)
""",
    },
    # ------------------------------------------------------------------ 5.3
    {
        "task": "5.3",
        "label": "wrong",
        "why": "returns the 0-based index from np.argmin (off by one)",
        "code": """
import numpy as np
def best_epoch(history):
    return int(np.argmin(history["val_loss"]))
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "looks at the training loss instead of the validation loss",
        "code": """
import numpy as np
def best_epoch(history):
    return int(np.argmin(history["loss"])) + 1
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "argmax: the epoch with the highest validation loss",
        "code": """
import numpy as np
def best_epoch(history):
    return int(np.argmax(history["val_loss"])) + 1
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "returns the lowest validation loss itself, not its epoch",
        "code": """
def best_epoch(history):
    return min(history["val_loss"])
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "stops at the first epoch where val_loss rises (a local minimum, not the lowest)",
        "code": """
def best_epoch(history):
    v = history["val_loss"]
    for i in range(1, len(v)):
        if v[i] > v[i - 1]:
            return i
    return len(v)
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "minimum of loss + val_loss combined",
        "code": """
import numpy as np
def best_epoch(history):
    total = np.array(history["loss"]) + np.array(history["val_loss"])
    return int(np.argmin(total)) + 1
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "epoch where val_loss is closest to loss, not the one with the lowest val_loss",
        "code": """
import numpy as np
def best_epoch(history):
    gap = np.array(history["val_loss"]) - np.array(history["loss"])
    return int(np.argmin(np.abs(gap))) + 1
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "list.index of min gives the 0-based position",
        "code": """
def best_epoch(history):
    losses = history["val_loss"]
    return losses.index(min(losses))
""",
    },
    {
        "task": "5.3",
        "label": "wrong",
        "why": "counts from the end: uses the reversed list's argmin",
        "code": """
import numpy as np
def best_epoch(history):
    v = np.array(history["val_loss"])[::-1]
    return int(np.argmin(v)) + 1
""",
    },
    {
        "task": "5.3",
        "label": "right",
        "why": "min over epoch numbers with a key function",
        "code": """
def best_epoch(history):
    v = list(history["val_loss"])
    return min(range(1, len(v) + 1), key=lambda e: v[e - 1])
""",
    },
    {
        "task": "5.3",
        "label": "right",
        "why": "explicit loop with strict < keeps the first best epoch",
        "code": """
def best_epoch(history):
    best, best_loss = 1, float("inf")
    for epoch, loss in enumerate(history["val_loss"], start=1):
        if loss < best_loss:
            best, best_loss = epoch, loss
    return int(best)
""",
    },
    {
        "task": "5.3",
        "label": "right",
        "why": "np.argmin on an array, + 1, converted with int()",
        "code": """
import numpy as np
def best_epoch(history):
    val = np.asarray(history["val_loss"], dtype=float)
    return int(np.argmin(val) + 1)
""",
    },
    # ------------------------------------------------------------------ 5.4
    {
        "task": "5.4",
        "label": "wrong",
        "why": "waits until the count exceeds patience (> instead of >=): stops one epoch late",
        "code": """
def stopping_epoch(val_loss, patience):
    best = float("inf")
    wait = 0
    for epoch, loss in enumerate(val_loss, start=1):
        if loss < best:
            best = loss
            wait = 0
        else:
            wait += 1
            if wait > patience:
                return epoch
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "counts an equal loss as an improvement (<= instead of strictly lower)",
        "code": """
def stopping_epoch(val_loss, patience):
    best = float("inf")
    wait = 0
    for epoch, loss in enumerate(val_loss, start=1):
        if loss <= best:
            best = loss
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "returns the 0-based epoch index",
        "code": """
def stopping_epoch(val_loss, patience):
    best = float("inf")
    wait = 0
    for i, loss in enumerate(val_loss):
        if loss < best:
            best = loss
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                return i
    return len(val_loss) - 1
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "global best epoch + patience: ignores that an earlier plateau already stops training",
        "code": """
import numpy as np
def stopping_epoch(val_loss, patience):
    best = int(np.argmin(val_loss)) + 1
    return int(min(best + patience, len(val_loss)))
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "compares with the previous epoch instead of the best so far",
        "code": """
def stopping_epoch(val_loss, patience):
    wait = 0
    for i in range(1, len(val_loss)):
        if val_loss[i] < val_loss[i - 1]:
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                return i + 1
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "never resets the counter when the loss improves: counts all non-improving epochs",
        "code": """
def stopping_epoch(val_loss, patience):
    best = val_loss[0]
    bad_epochs = 0
    for epoch in range(1, len(val_loss)):
        if val_loss[epoch] < best:
            best = val_loss[epoch]
        else:
            bad_epochs += 1
        if bad_epochs >= patience:
            return epoch + 1
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "returns the best epoch (what restore_best_weights keeps), not the last trained one",
        "code": """
def stopping_epoch(val_loss, patience):
    best_i = 0
    for i, loss in enumerate(val_loss):
        if loss < val_loss[best_i]:
            best_i = i
        elif i - best_i >= patience:
            return best_i + 1
    return best_i + 1
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "returns None instead of len(val_loss) when training never stops",
        "code": """
def stopping_epoch(val_loss, patience):
    best = float("inf")
    wait = 0
    for epoch, loss in enumerate(val_loss, start=1):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
""",
    },
    {
        "task": "5.4",
        "label": "wrong",
        "why": "starts best at val_loss[0] and counts epoch 1 as not improving (off by one)",
        "code": """
def stopping_epoch(val_loss, patience):
    best = val_loss[0]
    wait = 0
    for epoch, loss in enumerate(val_loss, start=1):
        if loss < best:
            best = loss
            wait = 0
        else:
            wait += 1
        if wait >= patience:
            return epoch
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "right",
        "why": "the lesson's replay: index of the best epoch and the distance to it",
        "code": """
def stopping_epoch(val_loss, patience):
    best = 0
    for epoch in range(len(val_loss)):
        if val_loss[epoch] < val_loss[best]:
            best = epoch
        elif epoch - best >= patience:
            return epoch + 1
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "right",
        "why": "replays the real keras.callbacks.EarlyStopping on a tiny dummy model",
        "code": """
import keras
def stopping_epoch(val_loss, patience):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    dummy = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    dummy.stop_training = False
    callback.set_model(dummy)
    callback.on_train_begin()
    for epoch, loss in enumerate(val_loss):
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if dummy.stop_training:
            return epoch + 1
    return len(val_loss)
""",
    },
    {
        "task": "5.4",
        "label": "right",
        "why": "running minimum with np.minimum.accumulate to find improvements, then a counter",
        "code": """
import numpy as np
def stopping_epoch(val_loss, patience):
    v = np.asarray(val_loss, dtype=float)
    best_before = np.concatenate([[np.inf], np.minimum.accumulate(v)[:-1]])
    improved = v < best_before
    since = 0
    for i, imp in enumerate(improved):
        since = 0 if imp else since + 1
        if since >= patience:
            return i + 1
    return int(len(v))
""",
    },
]
