"""Plain data between a student's kernel and the judge: a codec that cannot run code.

Everything the grader reads from a notebook's kernel travels as text in this
format and is read back by :func:`decode`:

- JSON for ``None``, booleans, numbers, strings and lists; tagged JSON objects
  (``{"$": "tuple", ...}``) for tuples, dicts, sets, bytes and non-finite floats;
- NumPy arrays and NumPy scalars as ``.npy`` bytes (base64), read with
  ``np.load(..., allow_pickle=False)``: an array of Python objects (a pickle)
  is refused;
- a NumPy random ``Generator`` as its bit generator's state (numbers);
- Keras models as ``.keras`` files, layers and optimizers as their configs and
  weights: read by a *reader* the caller passes (the judge loads models with
  ``safe_mode=True``, see :mod:`nnteach.grading.judge`);
- anything else only as a *handle* (a number naming an object that stays in
  the kernel), when the caller allows one.

No ``pickle``, ``eval`` or import happens on decoded data. :class:`Limits` caps
the text's size, the nesting depth, the number of items and the size of each
array; a value past a limit raises :class:`CodecError` saying which.

Examples
--------
>>> import numpy as np
>>> from nnteach.grading.codec import decode, encode
>>> decode(encode((1, [2.5, "a"], {"k": np.arange(3)})))
(1, [2.5, 'a'], {'k': array([0, 1, 2])})
"""

from __future__ import annotations

import base64
import io
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT_LIMITS", "CodecError", "Encoded", "Limits", "Tagged", "decode", "encode"]


class CodecError(ValueError):
    """A value cannot be encoded, or a text is not data this codec reads (says why)."""


@dataclass(frozen=True)
class Limits:
    """The most :func:`decode` reads.

    Parameters
    ----------
    text_bytes : int
        Characters of the whole text.
    depth : int
        Nesting of lists, tuples and dicts.
    items : int
        Values in all (every list item, dict key and value counts).
    array_bytes : int
        Bytes of one array's data (and of one ``.keras`` file).
    """

    text_bytes: int = 96 * 1024**2
    depth: int = 24
    items: int = 200_000
    array_bytes: int = 64 * 1024**2


DEFAULT_LIMITS = Limits()


class Tagged(dict):
    """A node the caller builds (``Tagged({"$": "handle", "id": 3})``): its values are encoded."""


class Encoded:
    """A node already encoded (by :func:`to_node`): written as it is."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node


_RNGS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _npy(array: Any) -> str:
    import numpy as np

    if array.dtype.hasobject:
        raise CodecError("an array of Python objects (dtype=object) cannot be sent")
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return _b64(buffer.getvalue())


def _keras_kind(value: Any) -> str | None:
    keras = sys.modules.get("keras")
    if keras is None:
        return None
    try:
        if isinstance(value, keras.Model):
            return "keras-model"
        if isinstance(value, keras.layers.Layer):
            return "keras-layer"
        if isinstance(value, keras.optimizers.Optimizer):
            return "keras-optimizer"
    except Exception:  # noqa: BLE001 - a half-imported keras
        return None
    return None


def encode(value: Any, *, other: Callable[[Any], Any] | None = None, keras: bool = False) -> str:
    """``value`` as text for :func:`decode`.

    Parameters
    ----------
    value : Any
        Plain data, arrays, tensors (sent as arrays with ``"tensor": true``),
        NumPy generators, Keras models, layers and optimizers.
    other : callable, optional
        ``other(obj)`` encodes anything else (a :class:`Tagged` node, such as
        a handle); without it such a value raises :class:`CodecError`.
    keras : bool, default=False
        Send Keras models (``.keras`` bytes), layers and optimizers (configs
        and weights) as such (the judge's arguments); otherwise they go to ``other``.

    Examples
    --------
    >>> from nnteach.grading.codec import encode
    >>> encode([1, None, float("nan")])
    '[1,null,{"$":"float","v":"nan"}]'
    """
    node = to_node(value, other=other, keras=keras)
    return json.dumps(node, separators=(",", ":"), allow_nan=False)


def to_node(value: Any, *, other: Callable[[Any], Any] | None = None, keras: bool = False) -> Any:
    """``value`` as a JSON-ready node (what :func:`encode` writes), for building answers."""
    return _Encoder(other, keras).node(value, 0)


class _Encoder:
    def __init__(self, other: Callable[[Any], Any] | None, keras: bool) -> None:
        self.other, self.keras = other, keras

    def node(self, value: Any, depth: int) -> Any:
        if depth > DEFAULT_LIMITS.depth:
            raise CodecError(f"the value is nested more than {DEFAULT_LIMITS.depth} levels deep")
        if isinstance(value, Encoded):
            return value.node
        if isinstance(value, Tagged):
            return {k: v if k == "$" else self.node(v, depth + 1) for k, v in value.items()}
        found, node = self.plain(value, depth)
        if found:
            return node
        found, node = self.numpy(value)
        if found:
            return node
        kind = _keras_kind(value)
        if kind is not None and self.keras:
            return {"$": kind, **_KERAS_ENCODERS[kind](value)}
        if self.other is not None:
            return self.node(self.other(value), depth)
        raise CodecError(f"a value of type {type(value).__name__} cannot be sent")

    def plain(self, value: Any, depth: int) -> tuple[bool, Any]:
        """``(True, node)`` for Python's own data types, else ``(False, None)``."""
        if value is None or isinstance(value, bool | str):
            return True, value if type(value) in (bool, str) or value is None else self._cast(value)
        if isinstance(value, int):
            return True, int(value)
        if isinstance(value, float):
            number = float(value)
            return True, number if math.isfinite(number) else {"$": "float", "v": repr(number)}
        if isinstance(value, list):
            return True, [self.node(item, depth + 1) for item in value]
        if isinstance(value, tuple | set | frozenset):
            tag = "tuple" if isinstance(value, tuple) else "set"
            return True, {"$": tag, "items": [self.node(item, depth + 1) for item in value]}
        if isinstance(value, dict):
            items = [[self.node(k, depth + 1), self.node(v, depth + 1)] for k, v in value.items()]
            return True, {"$": "dict", "items": items}
        if isinstance(value, bytes):
            return True, {"$": "bytes", "data": _b64(value)}
        if isinstance(value, complex):
            return True, {
                "$": "complex",
                "re": self.node(value.real, 0),
                "im": self.node(value.imag, 0),
            }
        return False, None

    def numpy(self, value: Any) -> tuple[bool, Any]:
        """``(True, node)`` for arrays, NumPy scalars, generators and eager tensors."""
        import numpy as np

        if isinstance(value, np.ndarray):
            return True, {"$": "npy", "data": _npy(value)}
        if isinstance(value, np.generic):
            return True, {"$": "npy", "data": _npy(np.asarray(value)), "scalar": True}
        if isinstance(value, np.random.Generator):
            kind = type(value.bit_generator).__name__
            if kind not in _RNGS:
                raise CodecError(f"a random generator of kind {kind} cannot be sent")
            return True, {
                "$": "rng",
                "kind": kind,
                "state": self.node(value.bit_generator.state, 0),
            }
        if _keras_kind(value) is None and _is_tensor(value):
            try:
                array = np.asarray(value.numpy())
            except Exception:  # noqa: BLE001 - a symbolic tensor has no values
                return False, None
            return True, {"$": "npy", "data": _npy(array), "tensor": True}
        return False, None

    def _cast(self, value: Any) -> Any:
        return bool(value) if isinstance(value, bool) else str(value)


def _is_tensor(value: Any) -> bool:
    return hasattr(value, "numpy") and hasattr(value, "dtype") and hasattr(value, "shape")


# --------------------------------------------------------------------------- #
# Keras objects the judge sends to the kernel (checks build them) and back
# --------------------------------------------------------------------------- #


def keras_file(model: Any) -> bytes:
    """``model`` saved as ``.keras`` bytes."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="nnteach-keras-") as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with open(path, "rb") as handle:
            return handle.read()


def _encode_model(model: Any) -> dict:
    # the judge's own models (arguments of a student's function): config and weights,
    # much faster than a .keras file; the student's models come over as .keras files
    weights = [{"$": "npy", "data": _npy(w)} for w in model.get_weights()]
    return {"config": model.to_json(), "weights": weights}


def _encode_layer(layer: Any) -> dict:
    import keras

    config = json.dumps(keras.saving.serialize_keras_object(layer))
    weights = [{"$": "npy", "data": _npy(w)} for w in layer.get_weights()]
    shape = getattr(layer, "_build_shapes_dict", None) or {}
    built = [None if d is None else int(d) for d in next(iter(shape.values()), ())] or None
    if built is None and getattr(layer, "input", None) is not None:
        built = [None if d is None else int(d) for d in layer.input.shape]
    return {"config": config, "weights": weights, "build": built}


def _encode_optimizer(optimizer: Any) -> dict:
    import keras

    return {"config": json.dumps(keras.optimizers.serialize(optimizer))}


_KERAS_ENCODERS = {
    "keras-model": _encode_model,
    "keras-layer": _encode_layer,
    "keras-optimizer": _encode_optimizer,
}


# --------------------------------------------------------------------------- #
# Decoding
# --------------------------------------------------------------------------- #


def decode(
    text: Any,
    *,
    limits: Limits = DEFAULT_LIMITS,
    readers: dict[str, Callable[[dict, Limits], Any]] | None = None,
) -> Any:
    """The value in ``text`` (from :func:`encode`); :class:`CodecError` saying why not.

    Parameters
    ----------
    text : str
        What :func:`encode` wrote (anything else is refused).
    limits : Limits, optional
    readers : dict, optional
        ``{tag: reader(node, limits)}`` for tags this module does not read itself
        (``"keras-model"``, ``"handle"``...); a tag without a reader is refused.

    Examples
    --------
    >>> from nnteach.grading.codec import Limits, decode
    >>> decode("[[[1]]]", limits=Limits(depth=2))
    Traceback (most recent call last):
    ...
    nnteach.grading.codec.CodecError: the data is nested more than 2 levels deep
    """
    if not isinstance(text, str):
        raise CodecError(f"expected text, received {type(text).__name__}")
    if len(text) > limits.text_bytes:
        raise CodecError(f"the data is larger than {limits.text_bytes} bytes ({len(text)})")
    try:
        tree = json.loads(text)
    except RecursionError:
        raise CodecError(f"the data is nested more than {limits.depth} levels deep") from None
    except ValueError as error:
        raise CodecError(f"the data is not JSON ({str(error)[:80]})") from None
    return _Decoder(limits, readers or {}).node(tree, 0)


class _Decoder:
    def __init__(self, limits: Limits, readers: dict) -> None:
        self.limits, self.readers, self.count = limits, readers, 0

    def node(self, node: Any, depth: int) -> Any:
        self.count += 1
        if self.count > self.limits.items:
            raise CodecError(f"the data holds more than {self.limits.items} values")
        if depth > self.limits.depth:
            raise CodecError(f"the data is nested more than {self.limits.depth} levels deep")
        if node is None or isinstance(node, bool | int | float | str):
            return node
        if isinstance(node, list):
            return [self.node(item, depth + 1) for item in node]
        if not isinstance(node, dict) or not isinstance(node.get("$"), str):
            raise CodecError("the data holds an untagged object")
        tag = node["$"]
        own = {
            "float": self.number,
            "tuple": self.container,
            "set": self.container,
            "dict": self.container,
            "bytes": lambda n, d: self.raw(n.get("data")),
            "complex": self.complex,
            "npy": lambda n, d: self.array(n),
            "rng": lambda n, d: self.rng(n),
        }
        if tag in own:
            return own[tag](node, depth)
        reader = self.readers.get(tag)
        if reader is None or tag == "tensor":
            kind = tag[:40]
            raise CodecError(f"the data holds a value of a kind this side does not read ({kind})")
        return reader(node, self.limits)

    def number(self, node: dict, depth: int) -> float:  # noqa: ARG002
        if node.get("v") not in ("nan", "inf", "-inf"):
            raise CodecError("a malformed number")
        return float(node["v"])

    def complex(self, node: dict, depth: int) -> complex:
        parts = self.node(node.get("re"), depth + 1), self.node(node.get("im"), depth + 1)
        if not all(isinstance(v, float | int) and not isinstance(v, bool) for v in parts):
            raise CodecError("a malformed complex number")
        return complex(*parts)

    def container(self, node: dict, depth: int) -> Any:
        tag, items = node["$"], node.get("items")
        if not isinstance(items, list):
            raise CodecError(f"a malformed {tag}")
        if tag == "tuple":
            return tuple(self.node(item, depth + 1) for item in items)
        if tag == "set":
            return self._hashable(set, items, depth)
        pairs = []
        for pair in items:
            if not isinstance(pair, list) or len(pair) != 2:
                raise CodecError("a malformed dict")
            pairs.append((self.node(pair[0], depth + 1), self.node(pair[1], depth + 1)))
        try:
            return dict(pairs)
        except TypeError:
            raise CodecError("a dict with a key that cannot be a key") from None

    def _hashable(self, kind: type, items: list, depth: int) -> Any:
        try:
            return kind(self.node(item, depth + 1) for item in items)
        except TypeError:
            raise CodecError("a set of values that cannot be in a set") from None

    def raw(self, data: Any) -> bytes:
        if not isinstance(data, str) or len(data) * 3 // 4 > self.limits.array_bytes + 3:
            raise CodecError(f"binary data larger than {self.limits.array_bytes} bytes")
        try:
            return base64.b64decode(data, validate=True)
        except ValueError:
            raise CodecError("malformed binary data (not base64)") from None

    def array(self, node: dict) -> Any:
        import numpy as np

        raw = self.raw(node.get("data"))
        stream = io.BytesIO(raw)
        try:
            version = np.lib.format.read_magic(stream)
            header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, _, dtype = header(stream)
        except Exception:  # noqa: BLE001 - any malformed header
            raise CodecError("malformed array data (not .npy)") from None
        if dtype.hasobject:
            raise CodecError("refused an array of Python objects (a pickle inside .npy)")
        size = math.prod(shape) * dtype.itemsize
        if size > self.limits.array_bytes:
            raise CodecError(f"an array larger than {self.limits.array_bytes} bytes ({size})")
        if size != len(raw) - stream.tell():
            raise CodecError("malformed array data (its size does not match its shape)")
        try:
            array = np.load(io.BytesIO(raw), allow_pickle=False)
        except ValueError as error:
            raise CodecError(f"refused array data ({str(error)[:80]})") from None
        if node.get("scalar") is True:
            if array.shape != ():
                raise CodecError("a malformed NumPy scalar")
            return array[()]
        if node.get("tensor") is True and "tensor" in self.readers:
            return self.readers["tensor"](array, self.limits)
        return array

    def rng(self, node: dict) -> Any:
        import numpy as np

        kind = node.get("kind")
        if kind not in _RNGS:
            raise CodecError("a random generator of an unknown kind")
        state = self.node(node.get("state"), 1)
        generator = np.random.Generator(getattr(np.random, kind)())
        try:
            generator.bit_generator.state = state
        except (TypeError, ValueError, KeyError):
            raise CodecError("a malformed random generator state") from None
        return generator
