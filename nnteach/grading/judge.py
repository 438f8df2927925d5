"""The judge: check a notebook's tasks in the grading process, never in the student's kernel.

After the notebook's cells have run, :func:`judge_notebook` runs every task's
check (:func:`nnteach.checks.run_all`) *here*, in the grading process, which
no student code ever ran in. The check reads the student's variables through
a :class:`RemoteNamespace`; each read is a request to the kernel's relay
(:mod:`nnteach._relay`), answered with plain data (:mod:`~nnteach.grading.codec`):

- numbers, strings, lists, dicts and arrays are copied over;
- a Keras model comes over as a ``.keras`` file, loaded with ``safe_mode=True``;
- a function, a class or another object stays in the kernel and is
  represented here by a stand-in (:class:`RemoteFunction`, :class:`RemoteObject`,
  a class made by :func:`remote_class`): calling it sends the arguments over,
  the relay calls the student's code and sends the result back. Keras calls a
  stand-in with symbolic tensors when it traces a model: the call then goes
  through ``tf.py_function``, so each batch's values are sent over.

The kernel therefore decides only what the student's own values and
functions appear to be; the verdict and the points are computed here. An
answer that is not this protocol's data makes the whole notebook
``tampered`` (:class:`ProtocolBroken`).
"""

from __future__ import annotations

import ast
import json
import queue
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from nnteach.checks.helpers import StudentProxy

from .codec import CodecError, Tagged, decode, encode

__all__ = [
    "KernelLink",
    "KernelGone",
    "ProtocolBroken",
    "RemoteFunction",
    "RemoteNamespace",
    "RemoteObject",
    "Session",
    "Verdict",
    "judge_notebook",
    "local_relay",
    "relay_expression",
    "remote_class",
]

#: the most characters one answer of the relay may have (its repr, quotes included)
MAX_ANSWER = 100 * 1024**2


class ProtocolBroken(Exception):  # noqa: N818 - an outcome
    """The kernel did not answer as the relay does: ``reason`` says what it did."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KernelGone(Exception):  # noqa: N818 - what a student's call looks like when it ended the kernel
    """The student's kernel stopped while the checks called its code."""


class JudgeTimeout(Exception):  # noqa: N818
    """All the checks together ran past their limit."""


def relay_expression(message: dict) -> str:
    """The ``user_expressions`` expression that hands ``message`` to the relay."""
    return f"__import__('nnteach._relay', fromlist=['serve']).serve({json.dumps(message)!r})"


class KernelLink:
    """Requests to a running kernel's relay, over its shell channel (a blocking client).

    Parameters
    ----------
    connection : dict
        The kernel's connection info (``km.get_connection_info()``).
    process : subprocess.Popen, optional
        The kernel's process: to see that it died, and to interrupt it.
    deadline : float
        ``time.monotonic()`` after which every request raises :class:`JudgeTimeout`.
    """

    def __init__(self, connection: dict, process: Any, deadline: float) -> None:
        import zmq
        from jupyter_client.blocking import BlockingKernelClient

        context = zmq.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_ANSWER + 1024**2)  # a larger reply is dropped
        self.client = BlockingKernelClient(context=context)
        self.client.load_connection_info(connection)
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        self.process, self.deadline = process, deadline
        self.dead = False
        self.timed_out = False

    def close(self) -> None:
        try:
            self.client.stop_channels()
            self.client.context.destroy(linger=0)
        except Exception:  # noqa: BLE001
            pass

    def alive(self) -> bool:
        return self.process is None or self.process.poll() is None

    def request(self, message: dict) -> str:
        """Send ``message`` to the relay; its answer (codec text)."""
        if self.dead:
            raise KernelGone("the kernel had stopped")
        expression = relay_expression(message)
        msg_id = self.client.execute(
            "", silent=True, store_history=False, user_expressions={"r": expression}
        )
        try:
            reply = self._wait(msg_id)
        except BaseException as stop:  # a check's time limit: stop the student's code too
            if not isinstance(stop, KernelGone | JudgeTimeout):
                self._interrupt()
            raise
        return _answer_text(reply)

    def _wait(self, msg_id: str) -> dict:
        while True:
            if time.monotonic() > self.deadline:
                self.timed_out = True
                raise JudgeTimeout("the checks ran past their time limit")
            try:
                reply = self.client.get_shell_msg(timeout=0.2)
            except queue.Empty:
                if not self.alive():
                    self.dead = True
                    raise KernelGone("the kernel stopped") from None
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply

    def _interrupt(self) -> None:
        try:
            if self.alive():
                self.process.send_signal(signal.SIGINT)
        except Exception:  # noqa: BLE001
            pass


def _answer_text(reply: Any) -> str:
    """The relay's answer in a ``user_expressions`` reply; :class:`ProtocolBroken` if none."""
    content = reply.get("content") if isinstance(reply, dict) else None
    value = (content or {}).get("user_expressions", {}) if isinstance(content, dict) else None
    value = value.get("r") if isinstance(value, dict) else None
    if not isinstance(value, dict):
        raise ProtocolBroken("answered the grader's request with something other than its reply")
    if value.get("status") != "ok":
        what = f"{value.get('ename', 'Error')}: {value.get('evalue', '')}"[:200]
        raise ProtocolBroken(f"made the grader's request fail in the kernel ({what})")
    data = value.get("data")
    text = data.get("text/plain") if isinstance(data, dict) else None
    if not isinstance(text, str) or len(text) > MAX_ANSWER or text[:1] not in "'\"":
        raise ProtocolBroken("answered the grader's request with something other than text")
    try:
        answer = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ProtocolBroken("answered the grader's request with malformed text") from None
    if not isinstance(answer, str):
        raise ProtocolBroken("answered the grader's request with something other than text")
    return answer


# --------------------------------------------------------------------------- #
# Stand-ins
# --------------------------------------------------------------------------- #

_MISSING = object()


@dataclass
class _Raised:
    type: str
    message: str


class RemoteObject(StudentProxy):
    """An object that stays in the kernel: reading an attribute asks the relay for it."""

    def __init__(self, session: Session, node: dict) -> None:
        self._session, self._id = session, int(node["id"])
        self._type = _clean_name(node.get("type"), "object")
        self._package = node.get("package") is True

    def _describe(self) -> str:
        return f"an object of type {self._type}"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_session", "_id", "_type", "_package"):
            raise AttributeError(name)
        value = self._session.ask({"op": "attr", "handle": self._id, "name": name})
        if isinstance(value, _Raised):
            raise _exception(value)
        return value

    def __repr__(self) -> str:
        return f"<{self._type} in the student's kernel>"


class RemoteFunction(RemoteObject):
    """A student's function (or other callable): calls run in the kernel."""

    def __init__(self, session: Session, node: dict) -> None:
        super().__init__(session, node)
        self.__name__ = _clean_name(node.get("name"), "function")

    def _describe(self) -> str:
        return "a function"

    def _call_student(
        self, args: tuple, kwargs: dict, refuse: str | None = None
    ) -> tuple[Any, str | None, str | None]:
        return self._session.call(self._id, args, kwargs, watch=True, refuse=refuse)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if _symbolic(args):
            return _py_function(self, args, kwargs)
        return self._session.call(self._id, args, kwargs, watch=False)[0]

    def __repr__(self) -> str:
        return f"<function {self.__name__} in the student's kernel>"


def _symbolic(args: tuple) -> bool:
    import sys

    tf = sys.modules.get("tensorflow")
    if tf is None:
        return False
    return any(isinstance(a, tf.Tensor) and not hasattr(a, "numpy") for a in args) or (
        any(isinstance(a, tf.Tensor) for a in args) and not tf.executing_eagerly()
    )


def _py_function(func: RemoteFunction, args: tuple, kwargs: dict) -> Any:
    """``func(*args)`` inside a traced TensorFlow graph: each run sends the values over."""
    import numpy as np
    import tensorflow as tf

    first = next(a for a in args if isinstance(a, tf.Tensor))

    def run(*values: Any) -> Any:
        # the kernel traces the student's function as Keras would (symbolic tensors)
        values = tuple(tf.constant(v.numpy()) for v in values)
        result = func._session.call(func._id, values, kwargs, watch=False, graph=True)[0]
        return np.asarray(result).astype(first.dtype.as_numpy_dtype)

    out = tf.py_function(run, list(args), Tout=first.dtype)
    out.set_shape(first.shape)
    return out


def remote_class(session: Session, node: dict) -> type:
    """A local class standing for the student's class: instances live in the kernel.

    A subclass of ``keras.metrics.Metric`` stays one (its ``update_state``,
    ``result`` and ``reset_state`` are calls into the kernel, through
    ``tf.py_function`` when Keras runs them in a graph, such as ``model.evaluate``).
    """
    name = _clean_name(node.get("name"), "StudentClass")
    handle, package = int(node["id"]), node.get("package") is True
    if node.get("metric") is True:
        from nnteach._keras import import_keras

        keras = import_keras()
        return type(
            name,
            (_RemoteMetric, keras.metrics.Metric),
            {"_nnteach_proxy": package, "_handle": handle, "_session": session},
        )
    return type(
        name,
        (_RemoteInstance,),
        {"_nnteach_proxy": package, "_handle": handle, "_session": session},
    )


class _RemoteInstance:
    _handle = -1
    _session: Session

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._remote = self._session.call(self._handle, args, kwargs, watch=False)[0]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_remote":
            raise AttributeError(name)
        return getattr(self._remote, name)


class _RemoteMetric:
    _handle = -1
    _session: Session

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        remote = self._session.call(self._handle, args, kwargs, watch=False)[0]
        super().__init__(name="remote_metric")
        self._remote = remote

    def _method(self, name: str, *args: Any, graph: bool = False) -> Any:
        methods = self.__dict__.setdefault("_remote_methods", {})
        if name not in methods:  # one request per method, not per call
            methods[name] = getattr(self._remote, name)
        method = methods[name]
        if not isinstance(method, RemoteFunction):
            raise TypeError(f"`{name}` of the student's metric is not a method")
        return self._session.call(method._id, args, {}, watch=False, graph=graph)[0]

    def _graph(self, name: str, args: list) -> Any:
        """The method, called by Keras in a graph: traced in the kernel on each batch."""
        import numpy as np
        import tensorflow as tf

        def run(*values: Any) -> Any:
            sent = [tf.constant(v.numpy()) for v in values[: len(args)]]
            value = self._method(name, *sent, graph=True)
            return np.asarray(0.0 if value is None else value, dtype="float32")

        out = tf.py_function(run, args or [tf.constant(0.0)], Tout=tf.float32)
        out.set_shape(())
        return out

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        args = [y_true, y_pred] + ([sample_weight] if sample_weight is not None else [])
        if _symbolic(tuple(args)):
            return self._graph("update_state", args)
        return self._method("update_state", *args)

    def result(self) -> Any:
        import tensorflow as tf

        if not tf.executing_eagerly():
            return self._graph("result", [])
        return self._method("result")

    def reset_state(self) -> Any:
        import tensorflow as tf

        if not tf.executing_eagerly():
            return self._graph("reset_state", [])
        return self._method("reset_state")


def _clean_name(value: Any, default: str) -> str:
    text = value if isinstance(value, str) else ""
    text = text[:80]
    return text if text.isidentifier() else default


def _exception(raised: _Raised) -> BaseException:
    """An exception of the student's type name (a builtin one if it is one), with its message."""
    import builtins

    name = _clean_name(raised.type, "Exception")
    message = raised.message
    cls = getattr(builtins, name, None)
    if (
        isinstance(cls, type)
        and issubclass(cls, BaseException)
        and cls not in (KeyboardInterrupt, GeneratorExit)
    ):
        try:
            return cls(message) if message else cls()
        except TypeError:
            pass
    return type(name, (Exception,), {"__module__": "student"})(message)


# --------------------------------------------------------------------------- #
# The session: requests, answers, stand-ins
# --------------------------------------------------------------------------- #


@dataclass
class Session:
    """The judge's side of one kernel: sends requests, turns answers into values.

    Parameters
    ----------
    request : callable
        ``request(message) -> str`` (:meth:`KernelLink.request`, or a local
        relay in tests).
    """

    request: Callable[[dict], str]
    broken: str = ""
    dead: bool = False
    cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.readers = {
            "missing": lambda node, limits: _MISSING,
            "ellipsis": lambda node, limits: Ellipsis,
            "handle": self._handle,
            "raised": self._raised,
            "called": self._called,
            "tensor": _read_tensor,
        }

    def ask(self, message: dict) -> Any:
        """Send ``message``; the decoded answer (stand-ins for handles)."""
        if self.broken:
            raise ProtocolBroken(self.broken)
        try:
            text = self.request(message)
        except ProtocolBroken as error:
            self.broken = error.reason
            raise
        except KernelGone:
            self.dead = True
            raise
        try:
            return decode(text, readers=self.readers)
        except (CodecError, KeyError, TypeError, ValueError) as error:
            reason = f"answered the grader with data it refused ({str(error)[:160]})"
            self.broken = reason
            raise ProtocolBroken(reason) from None

    def call(
        self,
        handle: int,
        args: tuple,
        kwargs: dict,
        *,
        watch: bool,
        graph: bool = False,
        refuse: str | None = None,
    ) -> tuple[Any, str | None, str | None]:
        """Call the kernel's object ``handle``.

        Returns ``(result, nnteach function it called, refused library function
        it called)``; ``refuse`` is :func:`~nnteach.checks.helpers.refuse_library`'s
        name pattern, watched in the kernel with the package calls.
        """
        try:
            text = encode((list(args), dict(kwargs)), other=_proxy_node, keras=True)
        except CodecError as error:
            raise TypeError(f"the grader cannot send this argument ({error})") from None
        message = {"op": "call", "handle": handle, "args": text, "watch": watch, "graph": graph}
        if refuse is not None:
            message["refuse"] = refuse
        answer = self.ask(message)
        if isinstance(answer, _Raised):
            raise _exception(answer)
        value, package, library, after, shares = answer
        for index, changed in after:
            _change(args[index] if 0 <= index < len(args) else None, changed)
        if shares is not None and 0 <= shares[0] < len(args):
            value = _same_view(value, args[shares[0]], shares[1], shares[2])
        return value, package, library

    def _handle(self, node: dict, limits: Any) -> Any:
        kind = node.get("kind")
        if kind == "function":
            return RemoteFunction(self, node)
        if kind == "class":
            return remote_class(self, node)
        if kind == "model":
            model = _load_model(node, limits)
            return model if model is not None else RemoteObject(self, node)
        return RemoteObject(self, node)

    def _raised(self, node: dict, limits: Any) -> _Raised:  # noqa: ARG002
        message = node.get("message")
        return _Raised(str(node.get("type"))[:80], message if isinstance(message, str) else "")

    def _called(self, node: dict, limits: Any) -> tuple:
        from .codec import _Decoder

        decoder = _Decoder(limits, self.readers)
        value = decoder.node(node.get("value"), 1)
        package, library = node.get("package"), node.get("library")
        for text in (package, library):
            if text is not None and not isinstance(text, str):
                raise CodecError("a malformed call answer")
        after = []
        for item in node.get("after") or []:
            index, changed = item
            after.append((int(index), decoder.node(changed, 2)))
        shares = node.get("shares")
        if shares is not None:
            try:
                index, start, strides = shares
                if not isinstance(strides, list) or len(strides) > 32:
                    raise TypeError(strides)
                shares = (int(index), int(start), tuple(int(step) for step in strides))
            except (TypeError, ValueError):
                raise CodecError("a malformed call answer") from None
        package = package[:120] if package else None
        return value, package, (library[:120] if library else None), after, shares


def _same_view(value: Any, arg: Any, start: int, strides: tuple) -> Any:
    """``value`` as the view of ``arg`` the student's function returned in the kernel.

    The kernel's answer returned its argument (or a view of it) rather than a
    new array; the judge gives back the same view of its own argument. Should
    the view not fit ``arg`` (a kernel that lies), ``value`` is returned as it came.
    """
    import numpy as np

    if not (isinstance(value, np.ndarray) and isinstance(arg, np.ndarray)):
        return value
    if value.dtype != arg.dtype or len(strides) != value.ndim or not arg.flags.c_contiguous:
        return value
    try:
        view = np.ndarray(value.shape, arg.dtype, buffer=arg, offset=start, strides=strides)
    except (TypeError, ValueError):
        return value
    return view if np.array_equal(view, value, equal_nan=True) else value


def _change(arg: Any, changed: Any) -> None:
    """Give the judge's argument what the student's call did to the kernel's copy."""
    import numpy as np

    if hasattr(arg, "set_weights") and isinstance(changed, list):
        arg.set_weights(changed)
    elif isinstance(arg, np.ndarray) and isinstance(changed, np.ndarray):
        if changed.shape == arg.shape and arg.flags.writeable:
            np.copyto(arg, changed, casting="unsafe")
    elif isinstance(arg, list) and isinstance(changed, list):
        arg[:] = changed


def _proxy_node(value: Any) -> Any:
    if isinstance(value, RemoteObject):
        return Tagged({"$": "handle", "id": value._id})
    if isinstance(value, _RemoteInstance):
        return Tagged({"$": "handle", "id": value._remote._id})
    raise CodecError(f"a value of type {type(value).__name__} cannot be sent to the kernel")


def _read_tensor(array: Any, limits: Any) -> Any:  # noqa: ARG001
    """A tensor of the kernel stays a tensor here (a check may ask for one, as 1.4 does)."""
    from nnteach._keras import import_keras

    return import_keras().ops.convert_to_tensor(array)


def _load_model(node: dict, limits: Any) -> Any:
    """The student's model from its ``.keras`` bytes, loaded with ``safe_mode=True``; or None."""
    import io
    import os
    import tempfile
    import zipfile

    from .codec import _Decoder

    if not node.get("keras"):
        return None
    data = _Decoder(limits, {}).raw(node["keras"])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > limits.array_bytes:
                return None
    except (zipfile.BadZipFile, ValueError):
        return None
    from nnteach._keras import import_keras

    keras = import_keras()
    with tempfile.TemporaryDirectory(prefix="nnteach-judge-") as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            return keras.saving.load_model(path, compile=False, safe_mode=True)
        except Exception:  # noqa: BLE001 - custom code (a Lambda, a custom activation)
            return None


class RemoteNamespace(Mapping):
    """The notebook's variables, read from the kernel on first use."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _get(self, name: str) -> Any:
        cache = self.session.cache
        if name not in cache:
            try:
                cache[name] = self.session.ask({"op": "get", "name": name})
            except KernelGone:
                from nnteach.checks.helpers import fail

                fail(
                    f"The kernel stopped while the checks ran your code, before `{name}` "
                    "could be read.",
                    "Does one of your functions call exit() or crash the kernel?",
                )
        value = cache[name]
        if isinstance(value, _Raised):
            raise _exception(value)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._get(name) is not _MISSING

    def __getitem__(self, name: str) -> Any:
        value = self._get(name)
        if value is _MISSING:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


# --------------------------------------------------------------------------- #
# Judging a notebook
# --------------------------------------------------------------------------- #


@dataclass
class Verdict:
    """What the judge found: results (``CheckResult``), and why it stopped early if it did."""

    results: list = field(default_factory=list)
    hooks: list = field(default_factory=list)
    broken: str = ""
    dead: bool = False
    timed_out: bool = False


def local_relay(namespace: dict) -> Callable[[dict], str]:
    """A relay in this process over ``namespace``, through the codec (for tests and audits).

    Examples
    --------
    >>> from nnteach.grading.judge import Session, local_relay
    >>> Session(local_relay({"w": [1, 2]})).ask({"op": "get", "name": "w"})
    [1, 2]
    """
    from nnteach._relay import serve

    def request(message: dict) -> str:
        return serve(json.dumps(message), namespace)

    return request


def judge_notebook(exercise_id: str, request: Callable[[dict], str]) -> Verdict:
    """Check every task of ``exercise_id`` here, reading the student's values through ``request``.

    Examples
    --------
    >>> from nnteach.grading.judge import judge_notebook, local_relay
    >>> [r.status for r in judge_notebook("03", local_relay({})).results][:2]
    ['not attempted', 'not attempted']
    """
    from nnteach.checks import get_exercise, run_all

    session = Session(request)
    verdict = Verdict()
    try:
        # The kernel imports Keras before the first task if the exercise needs it: the
        # seconds that takes (more on a busy machine) are not the student's code's time.
        keras = get_exercise(exercise_id).uses_keras
        hooks = session.ask({"op": "hello", "keras": keras})
        if not isinstance(hooks, list) or not all(isinstance(h, str) for h in hooks):
            raise ProtocolBroken("answered the grader's greeting with something else")
        verdict.hooks = [h[:200] for h in hooks[:10]]
        verdict.results = run_all(exercise_id, RemoteNamespace(session))
    except ProtocolBroken as error:
        session.broken = session.broken or error.reason
    except KernelGone:
        session.dead = True
    except JudgeTimeout:
        verdict.timed_out = True
    verdict.broken, verdict.dead = session.broken, session.dead
    if getattr(request, "__self__", None) is not None:
        verdict.timed_out |= bool(getattr(request.__self__, "timed_out", False))
        verdict.dead |= bool(getattr(request.__self__, "dead", False))
    return verdict
