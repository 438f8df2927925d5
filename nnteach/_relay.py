"""The kernel's side of grading: a thin relay that reads and calls the student's values.

The judge (:mod:`nnteach.grading.judge`) runs the checks in its own process and
asks this module, through Jupyter ``user_expressions`` requests, for the
notebook's variables and for calls of the student's functions. Every answer
is plain data (:mod:`nnteach.grading.codec`); objects that are not (functions,
classes, their instances) stay here, named by a *handle* the judge can call.

A notebook may replace this module or the names the request uses: that only
changes what its own values and functions appear to be. The relay never
computes a verdict or points.

Only the standard library is imported at kernel start.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["serve"]

_objects: list[Any] = []  # handle -> object
_ids: dict[int, int] = {}  # id(object) -> handle


def _handle_of(value: Any) -> int:
    key = id(value)
    if key not in _ids or _objects[_ids[key]] is not value:
        _ids[key] = len(_objects)
        _objects.append(value)
    return _ids[key]


def _package(value: Any) -> bool:
    from nnteach.checks.helpers import _from_package

    return _from_package(value)


def _metric_class(value: Any) -> bool:
    keras = sys.modules.get("keras")
    try:
        return keras is not None and issubclass(value, keras.metrics.Metric)
    except Exception:  # noqa: BLE001
        return False


def _name(value: Any) -> str:
    try:
        name = getattr(value, "__name__", None) or type(value).__name__
        return str(name)[:80]
    except Exception:  # noqa: BLE001
        return "?"


def _handle(value: Any) -> Any:
    """A handle node for an object that stays in the kernel."""
    from nnteach.grading.codec import Tagged

    node = Tagged({"$": "handle", "id": _handle_of(value), "type": _name(type(value))})
    if isinstance(value, type):
        node.update(kind="class", name=_name(value), metric=_metric_class(value))
    elif callable(value):
        node.update(kind="function", name=_name(value))
    else:
        node.update(kind="object")
    if node["kind"] != "object":
        node["package"] = _package(value)
    return node


def _value(value: Any) -> Any:
    """``value`` as a node: plain data, or a handle (also for data nested too deep)."""
    from nnteach.grading.codec import CodecError, Encoded, Tagged, to_node

    if value is Ellipsis:
        return Tagged({"$": "ellipsis"})
    if _is_model(value):
        node = _handle(value)
        try:
            from nnteach.grading.codec import _b64, keras_file

            node["keras"] = _b64(keras_file(value))
        except Exception:  # noqa: BLE001 - cannot be saved: the judge calls it here
            node["keras"] = None
        node["kind"] = "model"
        return node
    try:
        return Encoded(to_node(value, other=_handle))
    except (CodecError, RecursionError, ValueError, TypeError):
        return _handle(value)


def _is_model(value: Any) -> bool:
    keras = sys.modules.get("keras")
    try:
        return keras is not None and isinstance(value, keras.Model)
    except Exception:  # noqa: BLE001
        return False


def _read_model(node: dict, limits: Any) -> Any:
    import os
    import tempfile

    import keras

    from nnteach.grading.codec import _Decoder

    decoder = _Decoder(limits, {})
    if "config" in node:  # the judge's model: its config and weights
        from nnteach.checks._keras_checks import softmax_layer_class

        softmax_layer_class()  # registers the checks' own layer (task 4.5's model)
        model = keras.models.model_from_json(node["config"])
        model.set_weights([decoder.array(w) for w in node.get("weights", [])])
        return model
    data = decoder.raw(node.get("keras"))
    with tempfile.TemporaryDirectory(prefix="nnteach-relay-") as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as handle:
            handle.write(data)
        return keras.saving.load_model(path, compile=False, safe_mode=True)


def _read_layer(node: dict, limits: Any) -> Any:
    import json

    import keras

    from nnteach.grading.codec import _Decoder

    layer = keras.saving.deserialize_keras_object(json.loads(node["config"]))
    if node.get("build") and not layer.built:
        layer.build(tuple(node["build"]))
    decoder = _Decoder(limits, {})
    layer.set_weights([decoder.array(w) for w in node.get("weights", [])])
    return layer


def _read_optimizer(node: dict, limits: Any) -> Any:  # noqa: ARG001
    import json

    import keras

    return keras.optimizers.deserialize(json.loads(node["config"]))


def _read_handle(node: dict, limits: Any) -> Any:  # noqa: ARG001
    return _objects[int(node["id"])]


def _read_tensor(array: Any, limits: Any) -> Any:  # noqa: ARG001
    import keras

    return keras.ops.convert_to_tensor(array)


_READERS = {
    "keras-model": _read_model,
    "keras-layer": _read_layer,
    "keras-optimizer": _read_optimizer,
    "handle": _read_handle,
    "tensor": _read_tensor,
}


def _raised(error: BaseException) -> Any:
    from nnteach.grading.codec import Tagged

    try:
        message = str(error)[:4000]
    except BaseException:  # noqa: BLE001 - a student's exception whose str() raises
        message = ""
    return Tagged({"$": "raised", "type": _name(type(error)), "message": message})


_functions: dict[int, Any] = {}  # handle -> its tf.function (traced again only for new shapes)


def _traced(handle: int, target: Any) -> Any:
    import tensorflow as tf

    if handle not in _functions:
        _functions[handle] = tf.function(target)
    return _functions[handle]


def _snapshot(value: Any) -> Any:
    """What an array or list argument holds (to see whether the student's code changed it)."""
    import numpy as np

    if type(value) is np.ndarray:
        return (value.shape, value.dtype.str, value.tobytes())
    if type(value) is list:
        try:
            return repr(value)
        except Exception:  # noqa: BLE001
            return None
    return None


def _shared(result: Any, args: list) -> list | None:
    """``[index, byte offset, strides]`` when the result is an argument array or a view of one.

    The judge then returns the same view of its own copy of that argument, so
    a check that asks whether the answer is a new array sees what it would see
    in the kernel.
    """
    import numpy as np

    if type(result) is not np.ndarray:
        return None
    for index, arg in enumerate(args):
        if type(arg) is np.ndarray and result.dtype == arg.dtype and np.shares_memory(result, arg):
            start = result.__array_interface__["data"][0] - arg.__array_interface__["data"][0]
            return [index, int(start), [int(step) for step in result.strides]]
    return None


def _call(request: dict) -> Any:
    import numpy as np

    from nnteach.grading.codec import Tagged, decode

    target = _objects[int(request["handle"])]
    args, kwargs = decode(request["args"], readers=_READERS)
    given = [_snapshot(a) for a in args]
    watch = None
    if request.get("watch"):
        from nnteach.checks.helpers import _PackageCalls

        refuse = request.get("refuse")
        watch = _PackageCalls(refuse if isinstance(refuse, str) else None)
    previous = sys.getprofile()
    try:
        if watch is not None:
            sys.setprofile(watch)
        try:
            if request.get("graph"):  # as Keras runs it inside a model: traced, symbolic
                result = _traced(int(request["handle"]), target)(*args, **kwargs)
            else:
                result = target(*args, **kwargs)
        finally:
            sys.setprofile(previous)
    except BaseException as error:  # noqa: BLE001 - whatever the student raised
        return _raised(error)
    after = []  # arguments the call changed: the judge's own copies change too
    for index, arg in enumerate(args):
        if _is_model(arg):
            after.append([index, [np.asarray(w) for w in arg.get_weights()]])
        elif given[index] is not None and _snapshot(arg) != given[index]:
            after.append([index, arg])
    package = watch.called if watch is not None else None
    library = watch.library if watch is not None else None
    answer = {"$": "called", "value": _value(result), "package": package, "after": after}
    return Tagged({**answer, "library": library, "shares": _shared(result, args)})


def serve(request: str, namespace: dict | None = None) -> str:
    """Answer one request of the judge (a JSON text); the answer is codec text.

    Parameters
    ----------
    request : str
        The judge's request (:mod:`nnteach.grading.judge`).
    namespace : dict, optional
        The variables to read (default: the IPython user namespace).

    Examples
    --------
    >>> from nnteach._relay import serve
    >>> serve('{"op": "get", "name": "x"}', {"x": (1, 2.5)})
    '{"$":"tuple","items":[1,2.5]}'
    >>> serve('{"op": "get", "name": "nothing_here"}', {})
    '{"$":"missing"}'
    """
    import json

    from nnteach.grading.codec import encode

    return encode(_answer(json.loads(request), namespace))


def _answer(message: dict, namespace: dict | None) -> Any:
    from nnteach.grading.codec import Tagged

    op = message.get("op")
    if op == "hello":
        from IPython import get_ipython

        from nnteach._in_kernel import undo_hooks

        hooks = undo_hooks(get_ipython())
        if message.get("keras"):  # import it now, not inside a task's time limit
            from nnteach._keras import import_keras

            import_keras()
        return hooks
    if op == "get":
        namespace = _namespace() if namespace is None else namespace
        if message["name"] not in namespace:
            return Tagged({"$": "missing"})
        return _value(namespace[message["name"]])
    if op == "attr":
        target = _objects[int(message["handle"])]
        try:
            value = getattr(target, message["name"])
        except BaseException as error:  # noqa: BLE001 - a property of the student's may raise
            return _raised(error)
        return _value(value)
    if op == "call":
        return _call(message)
    raise ValueError(f"unknown request {op!r}")


def _namespace() -> dict:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}
