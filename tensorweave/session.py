"""``Session``: runs parts of a graph, holds variable values and random streams.

``run(fetches, feed_dict)`` validates fetches and feeds before anything runs, looks up (or
compiles once) the plan for the (fetches, fed tensors) signature, runs it, and returns the
values in the structure of ``fetches``. A failed run leaves the variables as they were.
"""

import collections
import contextlib
import threading
import time

import numpy as np

from . import graph as _g
from . import timeline as _timeline
from .backend import copy_aligned, get_array_module
from .compiler.plan import compile_plan
from .ops import kept as _kept
from .parallel import own_blas, session_threads

__all__ = ["Session", "InteractiveSession", "get_default_session"]

_NOTHING = contextlib.nullcontext()


class _Context:
    """What stateful kernels see: the array module, variable values, random streams, and a
    scratch space for values one op leaves for another within a single run (emptied at the
    start of every run)."""

    def __init__(self, xp):
        self.xp = xp
        self.variables = {}
        self.rngs = {}
        self.rng_starts = {}
        self.scratch = {}
        self.kept_budget = _kept.Budget()  # what kernels may keep between runs (ops/kept.py)
        # where host values are computed (constant folding, shape arithmetic): NumPy
        self.host = self if xp is np else _Context(np)

    def rng_for(self, key, seed, seed2):
        rng = self.rngs.get(key)
        if rng is None:
            if seed is None:
                rng = np.random.default_rng()
            else:
                rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, int(seed2) & 0xFFFFFFFF])
                self.rng_starts[key] = rng.bit_generator.state
            self.rngs[key] = rng
        return rng

    def restart_rngs(self):
        """Every seeded random stream back to its start (the same generators: plans keep
        them): a tw.function's draws repeat after ``tf.random.set_seed``."""
        for key, state in self.rng_starts.items():
            self.rngs[key].bit_generator.state = state


class Session:
    """A connection to the runtime that evaluates a graph.

    Args:
        target: accepted for compatibility (only the local runtime exists).
        graph: the graph to run (default: the default graph).
        config: accepted for compatibility (``tf.ConfigProto``).
        backend: ``"numpy"`` or ``"cupy"``; default: ``tensorweave.backend.get_backend()``
            (NumPy unless ``set_backend`` or ``TENSORWEAVE_BACKEND`` chose CuPy). With CuPy,
            variables and intermediates live on the GPU; feeds may be NumPy or CuPy arrays
            and fetched values come back as NumPy arrays.

    Example:
        >>> with tf.Session() as sess:
        ...     sess.run(tf.global_variables_initializer())
        ...     loss_val, _ = sess.run([loss, updates], feed_dict={x: xv, y: yv})
    """

    def __init__(self, target="", graph=None, config=None, backend=None):
        self._graph = graph if graph is not None else _g.get_default_graph()
        if not isinstance(self._graph, _g.Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(self._graph).__name__}")
        self._config = config
        self._ctx = _Context(get_array_module(backend))
        xp = self._ctx.xp
        # on a device, feeds are copied there once per run (device arrays are used as given)
        self._device = None if xp is np else xp
        self._plans = {}
        self._run_lock = threading.RLock()
        # kernels split large passes between threads (tensorweave.parallel); TF's knob
        threads = getattr(config, "intra_op_parallelism_threads", None)
        self._threads = None if threads is None else session_threads(threads)
        self._closed = False
        self._entered = []

    # -- properties -----------------------------------------------------------------------------
    @property
    def graph(self):
        return self._graph

    @property
    def graph_def(self):
        return self._graph

    @property
    def sess_str(self):
        return ""

    # -- running -----------------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes ``fetches`` (tensors, ops, names, in any nesting) with ``feed_dict`` fed.

        Returns the fetched values in the same structure: NumPy arrays (NumPy scalars for
        0-d tensors) for tensors, None for operations.

        Raises:
            RuntimeError: the session is closed.
            TypeError / ValueError: a fetch or feed is invalid (names the element, what was
                expected and what was received); nothing has run.
            InvalidArgumentError: a needed placeholder is not fed, or an op failed.
            FailedPreconditionError: a variable is read before it is initialized.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        flat, rebuild = _flatten_fetches(fetches, self._graph)
        feeds = self._feeds(feed_dict)
        key = (tuple(map(id, flat)), tuple(map(id, feeds)))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._compile(flat, list(feeds))
            self._plans[key] = plan
        values = self._execute(plan, list(feeds.values()),
                               run_metadata if _timeline.tracing(options, run_metadata)
                               else None)
        return rebuild(values)

    def _execute(self, plan, feed_values, trace=None):
        # Runs are serialized: plans write into buffers they keep, in-place variable updates
        # and the per-run scratch space are shared, so two threads running at once (a TF1
        # input thread beside the training loop) would see each other's half-written arrays.
        with self._run_lock:
            if self._threads is None and not plan.own_threads:
                return self._run_plan(plan, feed_values, trace)
            # the session's thread count; products on tensorweave's threads (blas.py)
            with self._threads or _NOTHING, own_blas if plan.own_threads else _NOTHING:
                return self._run_plan(plan, feed_values, trace)

    def _run_plan(self, plan, feed_values, trace):
        """Runs ``plan`` (the run lock held): a failed run changes nothing."""
        variables = self._ctx.variables
        saved = dict(variables) if plan.has_writes else None
        streams = [(r, r.bit_generator.state) for r in plan.rngs] if plan.rngs else None
        if self._ctx.scratch:
            self._ctx.scratch.clear()
        try:
            if trace is None:
                out = plan.runner(feed_values)
            else:  # RunOptions(trace_level=FULL_TRACE): the same plan, each step timed
                runner, records = plan.traced()
                records.clear()
                wall, start = time.time(), time.perf_counter()
                try:
                    out = runner(feed_values)
                finally:
                    _timeline.fill(trace, records, wall, start)
        except BaseException:
            # a failed run changes nothing: variables and random streams are put back
            if saved is not None:
                variables.clear()
                variables.update(saved)
            for rng, state in streams or ():
                rng.bit_generator.state = state
            raise
        return [post(v) if post is not None else v
                for v, post in zip(out, plan.fetch_post)]

    def _feeds(self, feed_dict):
        feeds = {}
        if not feed_dict:
            return feeds
        if not isinstance(feed_dict, dict):
            raise TypeError(f"feed_dict must be a dict, got {type(feed_dict).__name__}")
        graph = self._graph
        for key, value in feed_dict.items():
            if type(key) is _g.Tensor and key._op._graph is graph:
                t = key
            else:
                t = self._feed_key(key)
            feeds[t] = _feed_value(t, value, self._device)
        return feeds

    def _feed_key(self, key):
        try:
            t = self._graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
        except (KeyError, ValueError, TypeError) as e:
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {e}") from None
        return t

    def _compile(self, flat, fed):
        return compile_plan(self._ctx, flat, fed)

    # -- variables ---------------------------------------------------------------------------------
    def _load_variable(self, var, value):
        arr = copy_aligned(np.asarray(value, dtype=var.dtype.as_numpy_dtype))
        if not var.shape.is_compatible_with(arr.shape):
            raise ValueError(f"Cannot load value of shape {arr.shape} into variable "
                             f"'{var.name}' of shape {var.shape}")
        # on a device backend the value moves there (strings stay on the host)
        self._ctx.variables[var.op.name] = arr if self._device is None or \
            arr.dtype.kind in "OSU" else self._device.asarray(arr)

    # -- lifetime ----------------------------------------------------------------------------------
    def close(self):
        """Frees the session's variable values; later ``run`` calls raise RuntimeError."""
        self._closed = True
        self._ctx.variables.clear()
        self._plans.clear()

    def as_default(self):
        """A context manager making this the default session (for ``eval``/``run``)."""
        return _default_session(self)

    def __enter__(self):
        cm_s = self.as_default()
        cm_s.__enter__()
        cm_g = self._graph.as_default()
        cm_g.__enter__()
        self._entered.append((cm_s, cm_g))
        return self

    def __exit__(self, exc_type, exc, tb):
        cm_s, cm_g = self._entered.pop()
        cm_g.__exit__(exc_type, exc, tb)
        cm_s.__exit__(exc_type, exc, tb)
        self.close()
        return False

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function ``f(*feed_values)`` equivalent to ``run(fetches, dict(zip(feed_list,
        feed_values)))``, with validation of the fetches done once."""
        feed_list = [self._feed_key(k) for k in (feed_list or [])]

        def call(*values):
            if len(values) != len(feed_list):
                raise TypeError(f"Expected {len(feed_list)} feed values, got {len(values)}")
            return self.run(fetches, dict(zip(feed_list, values)))
        return call

    def list_devices(self):
        return ["/device:CPU:0"]

    def reset(self, *args, **kwargs):
        pass


class InteractiveSession(Session):
    """A Session that installs itself (and its graph) as the default on construction, for
    shells and notebooks: ``t.eval()`` and ``op.run()`` then need no session argument."""

    def __init__(self, target="", graph=None, config=None, backend=None):
        super().__init__(target, graph, config, backend)
        self._default_cm = self.as_default()
        self._default_cm.__enter__()
        self._graph_cm = None
        if _g.get_default_graph() is not self._graph:
            self._graph_cm = self._graph.as_default()
            self._graph_cm.__enter__()

    def close(self):
        if not self._closed:
            if self._graph_cm is not None:
                self._graph_cm.__exit__(None, None, None)
            self._default_cm.__exit__(None, None, None)
        super().close()


# -- default session -------------------------------------------------------------------------------
class _SessionStack(threading.local):
    def __init__(self):
        self.stack = []


_sessions = _SessionStack()


class _default_session:  # noqa: N801
    def __init__(self, sess):
        self._sess = sess

    def __enter__(self):
        _sessions.stack.append(self._sess)
        return self._sess

    def __exit__(self, *exc):
        stack = _sessions.stack
        if stack and stack[-1] is self._sess:
            stack.pop()
        elif self._sess in stack:
            stack.remove(self._sess)
        return False


def get_default_session():
    """The innermost session entered with ``with sess:`` / ``as_default()``, or None."""
    stack = _sessions.stack
    return stack[-1] if stack else None


def _session_for(graph, session, what):
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(f"Cannot evaluate with {what}: No default session is registered. "
                             "Use `with sess.as_default():` (or `with tf.Session() as sess:`) "
                             "or pass an explicit session, e.g. t.eval(session=sess).")
    if session.graph is not graph:
        raise ValueError(f"Cannot use the given session for {what}: the tensor's graph is "
                         "different from the session's graph.")
    return session


# -- fetches ---------------------------------------------------------------------------------------
def _fetch_leaf(item, graph):
    if item is None:
        raise TypeError(f"Fetch argument None has invalid type {type(None)}")
    if getattr(item, "_unique_id", None) is not None or type(item).__name__ == "EagerTensor":
        from .eager import to_graph  # an eager value (or variable): fetched as a constant
        return to_graph(item._snapshot_tensor() if hasattr(item, "_snapshot_tensor") else item,
                        graph)
    if isinstance(item, (_g.Tensor, _g.Operation, str)) or hasattr(item, "_as_graph_element"):
        try:
            return graph.as_graph_element(item)
        except (KeyError, ValueError) as e:
            raise ValueError(f"Fetch argument {item!r} cannot be interpreted as a Tensor. "
                             f"({e.args[0] if e.args else e})") from None
    raise TypeError(f"Fetch argument {item!r} has invalid type {type(item)}, must be a string "
                    f"or Tensor. (Can not convert a {type(item).__name__} into a Tensor or "
                    "Operation.)")


def _is_leaf(x):
    return isinstance(x, (_g.Tensor, _g.Operation, str)) or hasattr(x, "_as_graph_element") \
        or x is None or not isinstance(x, (list, tuple, dict))


def _flatten_fetches(fetches, graph):
    """Fetches → (flat list of graph elements, function rebuilding the structure)."""
    if type(fetches) in (_g.Tensor, _g.Operation) and fetches.graph is graph:
        return [fetches], _first
    if _is_leaf(fetches):
        leaf = _fetch_leaf(fetches, graph)
        return [leaf], _first
    if type(fetches) in (list, tuple) and all(
            type(f) in (_g.Tensor, _g.Operation) and f.graph is graph for f in fetches):
        kind = type(fetches)
        return list(fetches), (list if kind is list else tuple)
    flat = []

    def walk(x):
        if _is_leaf(x):
            flat.append(_fetch_leaf(x, graph))
            return None
        if isinstance(x, dict):
            keys = list(x.keys())
            subs = [walk(x[k]) for k in keys]
            kind = type(x)
            return ("dict", kind, keys, subs)
        subs = [walk(v) for v in x]
        return ("seq", type(x), subs)

    spec = walk(fetches)

    def rebuild(values):
        it = iter(values)

        def build(s):
            if s is None:
                return next(it)
            if s[0] == "dict":
                _, kind, keys, subs = s
                vals = [build(sub) for sub in subs]
                if kind is collections.defaultdict:
                    out = collections.defaultdict(None)
                    out.update(zip(keys, vals))
                    return out
                try:
                    return kind(zip(keys, vals))
                except TypeError:
                    return dict(zip(keys, vals))
            _, kind, subs = s
            vals = [build(sub) for sub in subs]
            if hasattr(kind, "_fields"):
                return kind(*vals)
            if kind is list:
                return vals
            try:
                return kind(vals)
            except TypeError:
                return vals

        return build(spec)

    return flat, rebuild


def _first(values):
    return values[0]


# -- feeds -----------------------------------------------------------------------------------------
def _feed_value(t, value, device=None):
    """``value`` checked against ``t``'s dtype and shape, as an array of the backend
    (``device``: the CuPy module, or None for NumPy)."""
    if device is not None:
        if isinstance(value, device.ndarray):
            if value.dtype != t._dtype._np:
                value = value.astype(t._dtype._np)
            _check_feed_shape(t, value.shape)
            return value
        arr = _feed_value(t, value)
        return arr if arr.dtype.kind in "OSU" else device.asarray(arr)  # strings stay here
    if isinstance(value, _g.Tensor):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed "
                        "values include Python scalars, strings, lists, numpy ndarrays. "
                        f"(Feeding {t.name}; evaluate the tensor first with sess.run.)")
    np_dtype = t._dtype._np
    try:
        if type(value) is np.ndarray and value.dtype == np_dtype:
            arr = value
        else:
            arr = np.asarray(value, dtype=np_dtype)
    except (TypeError, ValueError, OverflowError) as e:
        got = getattr(value, "dtype", type(value).__name__)
        # TF1's types: NumPy's ValueError ("abc" -> float), TypeError otherwise (None -> int,
        # a Python int too large for the dtype)
        kind = ValueError if isinstance(e, ValueError) else TypeError
        hint = "; feed it to a larger type (e.g. int64)" if isinstance(e, OverflowError) else ""
        raise kind(f"Cannot feed value of type {got} for Tensor '{t.name}' with dtype "
                   f"{t.dtype.name}: {e}{hint}") from None
    _check_feed_shape(t, arr.shape)
    return arr


def _check_feed_shape(t, shape):
    dims = t._shape._dims
    if dims is not None and dims != shape:
        if len(dims) != len(shape) or any(d is not None and d != a
                                          for d, a in zip(dims, shape)):
            raise ValueError(f"Cannot feed value of shape {shape} for Tensor {t.name}, "
                             f"which has shape {t.shape}")
