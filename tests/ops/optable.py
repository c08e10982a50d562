"""The op table: the machinery of the table-driven op tests, and the list of cases.

A case is one way of calling the public API (``tf.add`` on broadcast shapes, ``x[1:, ::2]``,
``tf.reduce_sum(x, axis=[0, 2], keepdims=True)`` …) together with a NumPy reference and input
generators. The rows live in ``cases_<family>.py`` (imported at the bottom, which fills
``CASES``); ``test_op_table.py`` runs every case through the same checks (forward values in
float64 and float32, static shapes with known, unknown and unknown-rank inputs, gradients
against central differences along random directions, Hessian-vector products against
finite differences of the gradient).

Adding an op: add a row to the family's module (``ops=`` names the op types the case
exercises, including ops that only appear in its gradient graph) — the coverage test fails
until every type in ``REGISTRY`` has a row or an entry in ``COVERED_ELSEWHERE``.
"""

import zlib
from dataclasses import dataclass

import numpy as np

import tensorweave.compat.v1 as tf

# -- inputs ------------------------------------------------------------------------------------

F = "float"  # an argument of the case's floating dtype (float64, or float32 in the f32 run)


def normal(scale=1.0):
    return lambda rng, shape: rng.normal(0.0, scale, shape)


def uniform(lo, hi):
    return lambda rng, shape: rng.uniform(lo, hi, shape)


def positive(lo=0.5, hi=2.0):
    """For log, sqrt, rsqrt, pow bases: a domain well inside (0, inf)."""
    return uniform(lo, hi)


def away(lo=0.2, hi=1.5):
    """Random sign, magnitude in [lo, hi]: away from the kink/pole at 0 (abs, relu, 1/x)."""
    def gen(rng, shape):
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(lo, hi, shape)
    return gen


def distinct(spacing=0.25):
    """Pairwise separated values in random order: no ties for max/min/argmax/sort."""
    def gen(rng, shape):
        n = int(np.prod(shape, dtype=np.int64))
        v = (rng.permutation(n) - (n - 1) / 2) * spacing
        return (v + rng.uniform(-0.05, 0.05, n) * spacing).reshape(shape)
    return gen


def lattice(phase):
    """Integers plus ``phase`` plus a little jitter. Two arguments drawn with phases 0 and 0.5
    differ by at least 0.3 everywhere, so maximum/minimum never tie."""
    def gen(rng, shape):
        return rng.integers(-3, 4, shape) + phase + rng.uniform(-0.1, 0.1, shape)
    return gen


def avoid(points, margin=0.1, lo=-1.5, hi=1.5):
    """Uniform in [lo, hi] but at least ``margin`` from each of ``points`` (clip bounds)."""
    def gen(rng, shape):
        v = rng.uniform(lo, hi, shape)
        for _ in range(100):
            bad = np.zeros(np.shape(v), bool)
            for p in points:
                bad |= np.abs(v - p) < margin
            if not bad.any():
                return v
            v = np.where(bad, rng.uniform(lo, hi, np.shape(v)), v)
        raise AssertionError("avoid(): could not draw values")
    return gen


def ints(lo, hi, nonzero=False):
    def gen(rng, shape):
        v = rng.integers(lo, hi, shape)
        if nonzero:
            v = np.where(v == 0, hi - 1 if hi - 1 != 0 else lo, v)
        return v
    return gen


def bools(p=0.5):
    return lambda rng, shape: rng.random(shape) < p


def fixed(value):
    value = np.asarray(value)
    return lambda rng, shape: value.copy()


@dataclass(frozen=True)
class Arg:
    """One input of a case: its shape, how to draw it, its dtype (``F`` = the float dtype)."""

    shape: tuple
    gen: object = normal()
    dtype: object = F


def A(*shape, gen=None, dtype=F):  # noqa: N802 - short constructor for table rows
    return Arg(tuple(shape), gen or normal(), dtype)


def I(value, dtype=tf.int32):  # noqa: N802, E743 - a fixed integer input
    value = np.asarray(value)
    return Arg(value.shape, fixed(value), dtype)


def B(*shape, p=0.5):  # noqa: N802 - a random bool input
    return Arg(tuple(shape), bools(p), tf.bool)


# -- cases -------------------------------------------------------------------------------------

@dataclass
class Case:
    """One row of the table.

    build(*inputs) -> Tensor or list of Tensors, via the public API.
    ref(*arrays) -> array or list of arrays: the NumPy reference.
    args: the inputs (placeholders are made for them).
    ops: op types this case exercises (forward or gradient graph).
    grad: indices of the inputs to differentiate; None = every floating input.
    second: whether to check Hessian-vector products.
    f32: whether to check the forward pass in float32 too.
    exact: with fully known input shapes the static shape equals the real one (False for
        data-dependent shapes such as ``tf.where(cond)``).
    keeps_rank: with all-None input dims the static rank is still known.
    unknown_dims: whether the builder works with all-None input dims at all (``tf.unstack``
        without ``num`` needs the static dim, as in TensorFlow).
    unknown_rank: whether it works with inputs of unknown rank.
    none_shape: the exact static shape expected with all-None input dims, when the rule
        determines some dims from attributes alone.
    fd_eps, grad_rtol: finite-difference step and tolerance (first order).
    grad_outputs: the outputs the checked loss weighs; None = all. (TF's FusedBatchNorm
        gradient passes back only the gradient of y, so its loss weighs y alone.)
    """

    name: str
    build: object
    ref: object
    args: tuple = ()
    ops: tuple = ()
    grad: tuple = None
    second: bool = True
    f32: bool = True
    exact: bool = True
    keeps_rank: bool = True
    unknown_dims: bool = True
    unknown_rank: bool = True
    none_shape: tuple = None
    fd_eps: float = 1e-6
    grad_rtol: float = 1e-6
    grad_outputs: tuple = None

    def __post_init__(self):
        self.args = tuple(self.args)
        self.ops = tuple(self.ops)
        if not self.unknown_dims:
            self.unknown_rank = False
        if self.grad is None:
            self.grad = self._default_grad()
        self.grad = tuple(self.grad)

    def _default_grad(self):
        """Every floating input, when every output is floating (comparisons, argmax and
        shape queries have no gradient)."""
        float_args = tuple(i for i, a in enumerate(self.args) if a.dtype == F)
        if not float_args:
            return ()
        g = tf.Graph()
        with g.as_default():
            inputs = [tf.placeholder(tf.float64 if a.dtype == F else a.dtype, a.shape)
                      for a in self.args]
            outs = self.build(*inputs)
        outs = outs if isinstance(outs, (list, tuple)) else [outs]
        return float_args if all(o.dtype.is_floating for o in outs) else ()

    @property
    def has_float_args(self):
        return any(a.dtype == F for a in self.args)

    def __repr__(self):
        return f"Case({self.name})"


CASES = []


def case(name, build, ref, args=(), ops=(), **kw):
    c = Case(name, build, ref, args, ops, **kw)
    if any(c.name == other.name for other in CASES):
        raise AssertionError(f"duplicate case name {name}")
    CASES.append(c)
    return c


# Op types that are not rows of the table, and where they are tested instead.
COVERED_ELSEWHERE = {
    "Const": "every case (Python operands become constants)",
    "Placeholder": "every case (inputs are placeholders)",
    "NoOp": "tf.group / variables tests",
    "While": "tests/ops/test_while_loop.py (gradients too)",
    "WhileGrad": "tests/ops/test_while_loop.py",
    "LoopVar": "tests/ops/test_while_loop.py",
    "DatasetElement": "tests/data/test_dataset.py (tf.data map/filter functions)",
    "MakeIterator": "tests/data/test_dataset.py (tf.data iterators)",
    "IteratorGetNext": "tests/data/test_dataset.py (tf.data iterators)",
    "VariableV2": "variables tests",
    "Assign": "variables tests",
    "AssignAdd": "variables tests",
    "AssignSub": "variables tests",
    "ReadVariable": "variables tests",
    "IsVariableInitialized": "variables tests",
    "InitializedValue": "variables tests",
    "BooleanMask": "report_uninitialized_variables (variables tests)",
    "TensorScatter": "tf.tensor_scatter_nd_* and tf.scatter_* (test_tf1_op_corner_cases.py)",
    "AssertBroadcastable": "tf.losses weights of unknown shape (test_tf1_losses_semantics.py)",
    "RandomStandardNormal": "test_random_ops.py",
    "RandomUniform": "test_random_ops.py",
    "RandomUniformInt": "test_random_ops.py",
    "TruncatedNormal": "test_random_ops.py",
    "RandomShuffle": "test_random_ops.py",
    "Multinomial": "test_nn_more_random.py (tf.random.categorical, tf.multinomial)",
    # summary ops output serialized protobufs (no NumPy reference, no gradient)
    "ScalarSummary": "tests/summary/test_summary_ops.py",
    "HistogramSummary": "tests/summary/test_summary_ops.py",
    "ImageSummary": "tests/summary/test_summary_ops.py",
    "AudioSummaryV2": "tests/summary/test_summary_ops.py",
    "TensorSummaryV2": "tests/summary/test_summary_ops.py",
    "MergeSummary": "tests/summary/test_summary_ops.py",
    # values and errors recorded from TF, gradients vs central differences (1st and 2nd order)
    "Roll": "tests/ops/test_more_tf1_ops.py",
    "Repeat": "tests/ops/test_more_tf1_ops.py",
    "RepeatGrad": "tests/ops/test_more_tf1_ops.py (tf.repeat's gradient)",
    "ReverseSequence": "tests/ops/test_more_tf1_ops.py",
    "Lgamma": "tests/ops/test_more_tf1_ops.py",
    "Digamma": "tests/ops/test_more_tf1_ops.py",
    "Polygamma": "tests/ops/test_more_tf1_ops.py",
    "UniqueWithCounts": "tests/ops/test_more_tf1_ops.py",
    "ListDiff": "tests/ops/test_more_tf1_ops.py (tf.setdiff1d)",
    "DenseBincount": "tests/ops/test_more_tf1_ops.py (tf.math.bincount)",
    "PrintV2": "tests/ops/test_more_tf1_ops.py (tf.print)",
    # a Python function as an op: values, dtypes, errors and gradients recorded from TF
    "PyFunc": "tests/ops/test_py_func.py (tf.py_func, tf.numpy_function)",
    "PyFuncStateless": "tests/ops/test_py_func.py (tf.py_func(stateful=False))",
    "EagerPyFunc": "tests/ops/test_py_func.py (tf.py_function)",
}


# -- reference helpers ---------------------------------------------------------------------------

def np_axis(axis):
    """A TensorFlow ``axis`` argument (int, list or None) in the form NumPy takes."""
    if axis is None:
        return None
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


def np_logsumexp(x, axis=None, keepdims=False):
    m = np.max(x, axis=np_axis(axis), keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=np_axis(axis), keepdims=True)) + m
    if not keepdims:
        out = np.squeeze(out, axis=np_axis(axis)) if axis is not None else out.reshape(())
    return out


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis=-1):
    z = x - x.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def np_scan(fn, identity, x, axis, exclusive, reverse):
    if reverse:
        x = np.flip(x, axis)
    out = fn(x, axis=axis)
    if exclusive:
        first = np.full_like(np.take(out, [0], axis=axis), identity)
        out = np.concatenate([first, np.take(out, np.arange(out.shape[axis] - 1), axis=axis)],
                             axis=axis)
    if reverse:
        out = np.flip(out, axis)
    return out


def np_one_hot(indices, depth, on=1.0, off=0.0, axis=-1, dtype=np.float32):
    out = np.where(indices[..., None] == np.arange(depth), on, off).astype(dtype)
    return np.moveaxis(out, -1, axis) if axis != -1 else out


def np_matmul(a, b, ta=False, tb=False):
    if ta:
        a = np.swapaxes(a, -1, -2)
    if tb:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


# Known gaps, run as strict xfails so they are seen and so a fix is noticed:
# (case name, test aspect) -> reason.
KNOWN_FAILURES = {
    ("reduce_prod_with_zeros", "hessian_vector"):
        "Cumprod's gradient divides by x with div_no_nan (TensorFlow 2's formula), so the "
        "second derivative of reduce_prod is 0, not the true value, where x has zeros",
}


# -- running cases -------------------------------------------------------------------------------

def rng_for(case_, salt=""):
    """A generator seeded from the case name: values do not depend on test order."""
    return np.random.default_rng(zlib.crc32(f"{case_.name}/{salt}".encode()))


def arg_dtype(arg, float_dtype):
    return float_dtype if arg.dtype == F else arg.dtype


def make_inputs(case_, float_dtype=tf.float64):
    """The input arrays of ``case_`` (drawn in float64, then converted to the input dtype)."""
    rng = rng_for(case_, "inputs")
    out = []
    for arg in case_.args:
        v = np.asarray(arg.gen(rng, arg.shape))
        out.append(v.astype(arg_dtype(arg, float_dtype).as_numpy_dtype))
    return out


def as_list(out):
    return list(out) if isinstance(out, (list, tuple)) else [out]


class Built:
    """A case built into a fresh graph: ``graph``, ``inputs`` (placeholders), ``outputs``."""

    def __init__(self, case_, float_dtype=tf.float64, unknown_dims=False, unknown_rank=False,
                 constants=None):
        self.case = case_
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.inputs = []
            for i, arg in enumerate(case_.args):
                shape = [None] * len(arg.shape) if unknown_dims else list(arg.shape)
                shape = None if unknown_rank else shape
                if constants is not None:  # values known when building, instead of fed
                    self.inputs.append(tf.constant(constants[i], name=f"in{i}"))
                else:
                    self.inputs.append(tf.placeholder(arg_dtype(arg, float_dtype), shape,
                                                      name=f"in{i}"))
            self.outputs = as_list(case_.build(*self.inputs))
        self.session = tf.Session(graph=self.graph)

    def feed(self, values):
        return dict(zip(self.inputs, values))

    def run(self, fetches, values):
        return self.session.run(fetches, self.feed(values))

    def gradients(self, ys, xs, grad_ys):
        with self.graph.as_default():
            return tf.gradients(ys, xs, grad_ys=grad_ys)


def loss_weights(case_, out_values):
    """Random weights ``w`` for the scalar ``sum(out * w)`` whose gradient is checked; zero
    for the outputs outside ``case_.grad_outputs``."""
    rng = rng_for(case_, "weights")
    ws = [rng.normal(size=np.shape(v)) for v in out_values]
    if case_.grad_outputs is not None:
        ws = [w if i in case_.grad_outputs else np.zeros_like(w) for i, w in enumerate(ws)]
    return ws


# -- the table -----------------------------------------------------------------------------------
# The rows live in one module per family; importing them fills CASES. (They import this
# module's helpers, so they come last.) cases_squared reads the other rows: it goes last.
import cases_math  # noqa: E402,F401
import cases_reduce  # noqa: E402,F401
import cases_shape  # noqa: E402,F401
import cases_nn_core  # noqa: E402,F401
import cases_control  # noqa: E402,F401
import cases_conv  # noqa: E402,F401
import cases_nn  # noqa: E402,F401
import cases_indexing  # noqa: E402,F401
import cases_linalg  # noqa: E402,F401
import cases_nn_more  # noqa: E402,F401
import cases_array_more  # noqa: E402,F401
import cases_squared  # noqa: E402,F401
