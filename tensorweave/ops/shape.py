"""Shape ops: queries (``shape``, ``size``, ``rank``), ``reshape``, ``transpose``,
``expand_dims``, ``squeeze``, ``broadcast_to``, indexing (``x[...]``, ``slice``, ``gather``),
joining and splitting (``concat``, ``stack``, ``unstack``, ``split``), ``tile``, ``pad``,
``one_hot``.
"""

import numbers

import numpy as np

from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from ..shapes import broadcast_shapes
from .creation import convert_to_tensor, constant, _shape_arg, zeros_like
from .reduce import sum_leading
from .registry import Op, Spec, register, constant_value

_builtin_slice = slice  # this module defines tf.slice, which shadows the builtin

__all__ = [
    "shape", "shape_n", "size", "rank", "reshape", "transpose", "expand_dims", "squeeze",
    "broadcast_to", "concat", "stack", "unstack", "split", "tile", "pad", "slice", "gather",
    "one_hot", "strided_slice", "invert_permutation",
]


# -- queries ---------------------------------------------------------------------------------
class _Query(Op):
    differentiable = False
    fresh_output = True
    host_output = True  # metadata: computed on the host with any backend (placement.py)

    def __init__(self, out_type=_dt.int32):
        self.out_type = out_type


@register
class Shape(_Query):
    """The dynamic shape of ``x`` as a 1-D int tensor."""

    def infer(self, x):
        return Spec((None if x.shape is None else len(x.shape),), self.out_type)

    def forward(self, xp, x):
        return np.asarray(x.shape, dtype=self.out_type.as_numpy_dtype)

    def static_value(self, operation, index):
        dims = operation.inputs[0].shape.as_tuple()
        if dims is None or None in dims:
            return None
        return np.asarray(dims, dtype=self.out_type.as_numpy_dtype)


@register
class Size(_Query):
    """The number of elements of ``x`` as a scalar."""

    def infer(self, x):
        return Spec((), self.out_type)

    def forward(self, xp, x):
        return np.asarray(x.size, dtype=self.out_type.as_numpy_dtype)

    def static_value(self, operation, index):
        n = operation.inputs[0].shape.num_elements()
        return None if n is None else np.asarray(n, dtype=self.out_type.as_numpy_dtype)


@register
class Rank(_Query):
    """The number of dimensions of ``x`` as a scalar int32."""

    def infer(self, x):
        return Spec((), _dt.int32)

    def forward(self, xp, x):
        return np.asarray(x.ndim, dtype=np.int32)

    def static_value(self, operation, index):
        r = operation.inputs[0].shape.ndims
        return None if r is None else np.asarray(r, dtype=np.int32)


def shape(input, name=None, out_type=_dt.int32):  # noqa: A002
    """The shape of ``input`` at run time, as a 1-D int32 tensor."""
    return Shape(_dt.as_dtype(out_type)).bind(convert_to_tensor(input), name=name or "Shape")


def shape_n(input, out_type=_dt.int32, name=None):  # noqa: A002
    """``[shape(t) for t in input]``."""
    return [shape(t, out_type=out_type) for t in input]


def size(input, name=None, out_type=_dt.int32):  # noqa: A002
    """The number of elements of ``input``, as a scalar tensor."""
    return Size(_dt.as_dtype(out_type)).bind(convert_to_tensor(input), name=name or "Size")


def rank(input, name=None):  # noqa: A002
    """The number of dimensions of ``input``, as a scalar int32 tensor."""
    return Rank().bind(convert_to_tensor(input), name=name or "Rank")


# -- reshape and friends -----------------------------------------------------------------------
def _shape_from_spec(spec):
    """A shape tensor's spec → static dims (with None for unknown entries and -1)."""
    if spec.value is not None:
        dims = [int(d) for d in np.ravel(spec.value)]
        return tuple(None if d == -1 else d for d in dims), dims
    if spec.shape is None or spec.shape[0] is None:
        return None, None
    return (None,) * spec.shape[0], None


@register
class Reshape(Op):
    """``x`` with a new shape of the same size; one dim may be -1 (inferred)."""

    exact_gradient_shapes = True

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)

    def infer(self, x, shp):
        if not shp.dtype.is_integer:
            raise TypeError(f"reshape: shape must be an int tensor, got {shp.dtype.name}")
        dims, raw = _shape_from_spec(shp)
        if raw is not None:
            if sum(d == -1 for d in raw) > 1:
                raise ValueError(f"Cannot reshape: at most one dimension may be -1, got {raw}")
            n_in = None if x.shape is None or None in x.shape else int(np.prod(x.shape))
            known = int(np.prod([d for d in raw if d != -1]))
            if n_in is not None:
                if -1 in raw:
                    if known == 0 or n_in % known:
                        raise ValueError(f"Cannot reshape a tensor with {n_in} elements to "
                                         f"shape {raw}")
                    dims = tuple(n_in // known if d == -1 else d for d in raw)
                elif known != n_in:
                    raise ValueError(f"Cannot reshape a tensor with {n_in} elements to shape "
                                     f"{raw} ({known} elements)")
        return Spec(dims, x.dtype)

    def forward(self, xp, x, shp):
        return xp.reshape(x, tuple(int(d) for d in shp))

    def make_kernel(self, ctx, node):
        known = constant_value(node.inputs[1])
        if known is None:
            return Op.make_kernel(self, ctx, node)
        target = tuple(int(d) for d in np.ravel(known))  # converted once, not every run
        return lambda x, shp: x.reshape(target)

    def gradient(self, g, y, x, shp):
        return reshape(g, shape(x)), None


def reshape(tensor, shape, name=None):  # noqa: F811 - TF's argument name
    """``tensor`` with ``shape`` (one entry may be -1). Example: ``tf.reshape(x, [-1, 784])``."""
    shp = _shape_arg(shape)
    out = Reshape().bind(convert_to_tensor(tensor), shp, name=name or "Reshape")
    partial = partial_shape_value(shp)
    if partial is not None and out.shape.ndims == len(partial):
        out.set_shape([None if d is None or d < 0 else d for d in partial])
    return out


def partial_shape_value(shape_tensor):
    """TF's ``constant_value_as_shape`` for a shape built by ``tf.stack`` of scalars (some
    dynamic, as in ``[tf.shape(x)[0], 7, 7, 64]``): the known entries, None for the others;
    None when the tensor is not such a stack."""
    from .registry import constant_value
    op = shape_tensor.op
    if op.type != "Pack" or any(t.shape.ndims != 0 for t in op.inputs):
        return None
    dims = []
    for t in op.inputs:
        v = constant_value(t)
        dims.append(None if v is None else int(np.ravel(v)[0]))
    return dims


@register
class ExpandDims(Op):
    """Inserts a dimension of length 1 at ``axis``."""

    def __init__(self, axis):
        self.axis = axis

    def infer(self, x):
        if x.shape is None:
            return Spec(None, x.dtype)
        r = len(x.shape)
        if not -r - 1 <= self.axis <= r:
            raise ValueError(f"expand_dims: axis {self.axis} is out of range for a rank-{r} "
                             "tensor")
        a = self.axis % (r + 1)
        return Spec(x.shape[:a] + (1,) + x.shape[a:], x.dtype)

    def forward(self, xp, x):
        return xp.expand_dims(x, self.axis)

    def make_kernel(self, ctx, node):
        rank = node.inputs[0].shape.ndims
        if rank is None:
            return Op.make_kernel(self, ctx, node)
        # a view by indexing (np.expand_dims normalizes its axis in Python: 2.5 us a call)
        index = (np.s_[:],) * (self.axis % (rank + 1)) + (None,)  # (slice is tf.slice here)
        asarray = ctx.xp.asarray

        def kernel(x):
            return asarray(x)[index]
        return kernel

    def gradient(self, g, y, x):
        return (reshape(g, shape(x)),)


def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    """Inserts a length-1 dimension at ``axis`` (``dim`` in old TF1 code)."""
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("expand_dims needs an 'axis'")
    if isinstance(axis, _g.Tensor):
        axis = constant_value(axis)
        if axis is None:
            raise NotImplementedError("expand_dims: axis must be known when building")
    return ExpandDims(int(np.ravel(axis)[0])).bind(convert_to_tensor(input),
                                                   name=name or "ExpandDims")


@register
class Squeeze(Op):
    """Removes length-1 dimensions (those in ``axis``, or all)."""

    def __init__(self, axis=None):
        self.axis = axis

    def infer(self, x):
        if x.shape is None:
            return Spec(None, x.dtype)
        r = len(x.shape)
        if self.axis is None:
            if None in x.shape:
                return Spec(None, x.dtype)
            return Spec(tuple(d for d in x.shape if d != 1), x.dtype)
        axes = set()
        for a in self.axis:
            if not -r <= a < r:
                raise ValueError(f"squeeze: axis {a} is out of range for rank {r}")
            a %= r
            if x.shape[a] not in (1, None):
                raise ValueError(f"Can not squeeze dim[{a}], expected a dimension of 1, got "
                                 f"{x.shape[a]}")
            axes.add(a)
        return Spec(tuple(d for i, d in enumerate(x.shape) if i not in axes), x.dtype)

    def forward(self, xp, x):
        if self.axis is None:
            return xp.squeeze(x)
        return xp.squeeze(x, axis=tuple(self.axis))

    def gradient(self, g, y, x):
        return (reshape(g, shape(x)),)


def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    """Removes dimensions of length 1 (only those listed in ``axis`` when given)."""
    axis = squeeze_dims if axis is None else axis
    if axis is not None:
        axis = tuple(int(a) for a in np.ravel(axis))
        if not axis:
            axis = None
    return Squeeze(axis).bind(convert_to_tensor(input), name=name or "Squeeze")


@register
class Transpose(Op):
    """Permutes dimensions by the ``perm`` attribute (None reverses them) or, when the node
    has a second input, by that int vector, read at run time (TF's form, for a permutation
    that depends on a rank unknown when building)."""

    host_inputs = (1,)  # a run-time perm is read as numbers (compiler/placement.py)

    def __init__(self, perm=None):
        self.perm = perm

    def infer(self, x, *dynamic):
        perm = self.perm
        if dynamic:
            p = dynamic[0]
            if not p.dtype.is_integer:
                raise TypeError(f"transpose: perm must be int32 or int64, got {p.dtype.name}")
            if p.shape is not None and len(p.shape) != 1:
                raise ValueError(f"transpose: perm must be a vector, got shape {list(p.shape)}")
            if p.value is None:
                n = None if p.shape is None else p.shape[0]
                if x.shape is not None and n is not None and n != len(x.shape):
                    raise ValueError(f"transpose: perm of length {n} for a tensor of rank "
                                     f"{len(x.shape)}")
                r = len(x.shape) if x.shape is not None else n
                return Spec(None if r is None else (None,) * r, x.dtype)
            perm = tuple(int(v) for v in np.ravel(p.value))
        if x.shape is None:  # the rank is perm's length
            return Spec(None if perm is None else (None,) * len(perm), x.dtype)
        r = len(x.shape)
        perm = tuple(range(r))[::-1] if perm is None else perm
        if sorted(p % r if r else p for p in perm) != list(range(r)) or len(perm) != r:
            raise ValueError(f"transpose: perm {list(perm)} is not a permutation of "
                             f"{list(range(r))}")
        return Spec(tuple(x.shape[p] for p in perm), x.dtype)

    def forward(self, xp, x, *dynamic):
        if not dynamic:
            return xp.transpose(x, self.perm)
        perm = [int(p) for p in dynamic[0]]
        if len(perm) != x.ndim:
            raise _errors.InvalidArgumentError(
                None, None, f"transpose expects a vector of size {x.ndim}. But input(1) is a "
                f"vector of size {len(perm)}")
        if sorted(perm) != list(range(x.ndim)):
            raise _errors.InvalidArgumentError(
                None, None, f"{perm} is not a permutation of 0..{x.ndim - 1}")
        return xp.transpose(x, perm)

    def gradient(self, g, y, x, *dynamic):
        if dynamic:
            return (Transpose().bind(g, invert_permutation(dynamic[0])), None)
        if self.perm is None:
            return (transpose(g),)
        inv = [0] * len(self.perm)
        for i, p in enumerate(self.perm):
            inv[p % len(self.perm)] = i
        return (transpose(g, inv),)


def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permutes the dimensions of ``a`` (reverses them when ``perm`` is None); ``perm`` may be
    a tensor known only when run. Example: ``tf.transpose(x, [0, 2, 1])``."""
    if isinstance(perm, _g.Tensor):
        known = constant_value(perm)
        if known is None:
            return Transpose().bind(convert_to_tensor(a), perm, name=name)
        perm = known
    perm = None if perm is None else tuple(int(p) for p in np.ravel(perm))
    return Transpose(perm).bind(convert_to_tensor(a), name=name)


@register
class InvertPermutation(Op):
    """``y[x[i]] = i``: the inverse of the permutation ``x`` (an int vector)."""

    differentiable = False
    fresh_output = True

    def infer(self, x):
        if not x.dtype.is_integer:
            raise TypeError(f"invert_permutation: x must be int32 or int64, got "
                            f"{x.dtype.name}")
        if x.shape is not None and len(x.shape) != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {len(x.shape)} for "
                             "'InvertPermutation'")
        return Spec((None,) if x.shape is None else x.shape, x.dtype)

    def forward(self, xp, x):
        n = x.shape[0]
        if x.size and (x.min() < 0 or x.max() >= n or len(xp.unique(x)) != n):
            raise _errors.InvalidArgumentError(
                None, None, f"{x.tolist()} is not a permutation of 0..{n - 1}")
        out = xp.empty_like(x)
        out[x] = xp.arange(n, dtype=x.dtype)
        return out


def invert_permutation(x, name=None):
    """The inverse permutation of the int vector ``x``. Example: ``[2, 0, 1]`` -> ``[1, 2, 0]``."""
    return InvertPermutation().bind(convert_to_tensor(x), name=name or "InvertPermutation")


@register
class BroadcastTo(Op):
    """``x`` broadcast to ``shape`` (NumPy rules)."""

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)

    def infer(self, x, shp):
        dims, _ = _shape_from_spec(shp)
        if dims is not None and x.shape is not None:
            out = broadcast_shapes(x.shape, dims)
            if len(out) != len(dims):
                raise ValueError(f"broadcast_to: cannot broadcast {list(x.shape)} to a "
                                 f"smaller rank {len(dims)}")
            return Spec(tuple(d if d is not None else o for d, o in zip(dims, out)), x.dtype)
        return Spec(dims, x.dtype)

    def forward(self, xp, x, shp):
        return xp.broadcast_to(x, tuple(int(d) for d in shp))

    def make_kernel(self, ctx, node):
        known = constant_value(node.inputs[1])
        if known is None:
            return Op.make_kernel(self, ctx, node)
        target, broadcast_to = tuple(int(d) for d in np.ravel(known)), ctx.xp.broadcast_to
        return lambda x, shp: broadcast_to(x, target)

    def gradient(self, g, y, x, shp):
        return g, None  # autodiff sums the broadcast dims back to x's shape


def broadcast_to(input, shape, name=None):  # noqa: A002
    """``input`` broadcast to ``shape``."""
    return BroadcastTo().bind(convert_to_tensor(input), _shape_arg(shape),
                              name=name or "BroadcastTo")


@register
class ReduceToShape(Op):
    """Sums ``g`` over the dims that broadcasting added to reach it from ``shape``.

    The inverse of broadcasting, used by ``tf.gradients`` to return a gradient of an input's
    own shape when the op broadcast it. Not part of the TensorFlow API.
    """

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = False

    def infer(self, g, shp):
        dims, _ = _shape_from_spec(shp)
        g_dims = g.shape.as_tuple() if hasattr(g.shape, "as_tuple") else g.shape
        if dims is not None and g_dims is not None and None not in dims \
                and None not in g_dims and tuple(dims) != tuple(g_dims):
            self.fresh_output = True  # it sums: its result never shares g's memory
        return Spec(dims, g.dtype)

    def forward(self, xp, g, shp):
        target = tuple(int(d) for d in shp)
        if g.shape == target:
            return g
        lead = g.ndim - len(target)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, d in enumerate(target) if d == 1 and g.shape[lead + i] != 1)
        if axes and axes == tuple(range(len(axes))) and g.flags.c_contiguous:
            # leading axes only (a bias's gradient, or a (1, 1, 1, C) batch statistic's)
            return sum_leading(xp, g, len(axes)).reshape(target)
        return xp.sum(g, axis=axes, dtype=g.dtype).reshape(target)

    def gradient(self, gg, y, g, shp):
        return broadcast_to(gg, shape(g)), None


def reduce_to_shape(g, shp, name="ReduceToShape"):
    """``g`` summed down to the shape ``shp`` (the inverse of broadcasting); ``g`` itself when
    ``shp`` is ``shape(x)`` and ``g``'s op makes its output ``x``'s shape by construction
    (``Op.shaped_by``), so that its static shape survives an ``x`` of unknown rank."""
    if _shaped_as(g, shp):
        return g
    return ReduceToShape().bind(g, shp, name=name)


def _shaped_as(g, shp):
    """True when ``g``'s op gives it the run-time shape ``shp`` = ``shape(x)``."""
    op, sop = getattr(g, "op", None), getattr(shp, "op", None)
    if op is None or sop is None or sop.type != "Shape" or \
            getattr(op, "primitive", None) is None or op.primitive.shaped_by is None:
        return False
    kind, i = op.primitive.shaped_by
    x = sop.inputs[0]
    t = op.inputs[i]
    if kind == "like":
        return t is x
    return t is shp or (t.op.type == "Shape" and t.op.inputs[0] is x)


# -- helpers for reduction gradients ---------------------------------------------------------------
def _kept_shape(x, axis):
    """The shape of ``reduce(x, axis, keepdims=True)``: static when known, else a tensor."""
    from .reduce import _norm_axes
    from .math import where
    dims = x.shape.as_tuple()
    if dims is None:
        if axis is None:
            from .creation import fill
            return fill(rank(x)[None], constant(1))
        raise ValueError(f"Gradient of a reduction over {axis} needs the input's rank; "
                         f"{x.name} has unknown rank.")
    axes = _norm_axes(axis, len(dims))
    kept = [1 if i in axes else d for i, d in enumerate(dims)]
    if None not in kept:
        return kept
    mask = constant([i in axes for i in range(len(dims))])
    return where(mask, constant(1, shape=[len(dims)]), shape(x))


def _moveaxes_front(x, axis):
    """``x`` with the ``axis`` dims moved to the front and merged into one; and what
    ``_moveaxes_back`` needs to undo it."""
    from .reduce import _norm_axes
    r = x.shape.ndims
    if r is None:
        raise ValueError(f"This gradient needs the rank of {x.name}.")
    axes = _norm_axes(axis, r)
    perm = list(axes) + [i for i in range(r) if i not in axes]
    xt = transpose(x, perm)
    moved_shape = shape(xt)
    flat = reshape(xt, concat([[-1], moved_shape[len(axes):]], 0))
    inv = [0] * r
    for i, p in enumerate(perm):
        inv[p] = i
    return flat, (moved_shape, inv)


def _moveaxes_back(flat, restore):
    moved_shape, inv = restore
    return transpose(reshape(flat, moved_shape), inv)


# -- indexing ----------------------------------------------------------------------------------
def _index_spec(key):
    """A ``__getitem__`` key → (static spec, dynamic scalar tensors).

    The spec is a tuple of ``("i", v)``, ``("s", start, stop, step)``, ``("new",)``,
    ``("...",)`` where values are ints, None, or ``("t", k)`` for the k-th dynamic input.
    """
    if not isinstance(key, tuple):
        key = (key,)
    dyn = []

    def val(v):
        if v is None:
            return None
        if isinstance(v, _g.Tensor) or hasattr(v, "_as_tensor"):
            t = convert_to_tensor(v)
            c = constant_value(t)
            if c is not None and np.ndim(c) == 0:
                return int(c)
            if not t.dtype.is_integer or (t.shape.ndims not in (None, 0)):
                raise TypeError(f"Only integer scalar tensors can index, got {t}")
            dyn.append(t)
            return ("t", len(dyn) - 1)
        if isinstance(v, (numbers.Integral, np.integer)):
            return int(v)
        raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) "
                        f"and scalar tf.int32/tf.int64 tensors are valid indices, got {v!r}")

    spec = []
    for k in key:
        if k is Ellipsis:
            spec.append(("...",))
        elif k is None:
            spec.append(("new",))
        elif isinstance(k, _builtin_slice):
            spec.append(("s", val(k.start), val(k.stop), val(k.step)))
        else:
            spec.append(("i", val(k)))
    return tuple(spec), dyn


def _resolve_key(spec, scalars):
    def v(x):
        if isinstance(x, tuple):
            return int(scalars[x[1]])
        return x
    out = []
    for item in spec:
        kind = item[0]
        if kind == "...":
            out.append(Ellipsis)
        elif kind == "new":
            out.append(None)
        elif kind == "s":
            out.append(_builtin_slice(v(item[1]), v(item[2]), v(item[3])))
        else:
            out.append(v(item[1]))
    return tuple(out)


def _static_getitem_shape(spec, dims):
    """Output dims of indexing ``dims`` with ``spec``; None entries where unknown."""
    if dims is None:
        return None
    n_consume = sum(1 for s in spec if s[0] in ("i", "s"))
    if sum(1 for s in spec if s[0] == "...") > 1:
        raise ValueError("An index can only have a single ellipsis ('...')")
    if n_consume > len(dims):
        raise ValueError(f"Index {spec} has too many dimensions for a tensor of rank "
                         f"{len(dims)}")
    items = list(spec)
    if not any(s[0] == "..." for s in items):
        items.append(("...",))
    out, d = [], 0
    for s in items:
        if s[0] == "...":
            k = len(dims) - n_consume
            out.extend(dims[d:d + k])
            d += k
        elif s[0] == "new":
            out.append(1)
        elif s[0] == "i":
            n, i = dims[d], s[1]
            if isinstance(i, int) and n is not None and not -n <= i < n:
                raise ValueError(f"slice index {i} of dimension {d} out of bounds (size {n})")
            d += 1
        else:
            n = dims[d]
            parts = s[1:]
            if n is None or any(isinstance(p, tuple) for p in parts):
                out.append(None)
            else:
                if parts[2] == 0:
                    raise ValueError("slice step cannot be zero")
                out.append(len(range(*_builtin_slice(*parts).indices(n))))
            d += 1
    return tuple(out)


@register
class StridedSlice(Op):
    """``x[key]`` for basic NumPy indexing (ints, slices, ``...``, ``None``)."""

    def __init__(self, spec):
        self.spec = spec

    def infer(self, x, *scalars):
        return Spec(_static_getitem_shape(self.spec, x.shape), x.dtype)

    def forward(self, xp, x, *scalars):
        out = x[_resolve_key(self.spec, scalars)]
        return out if isinstance(out, xp.ndarray) else xp.asarray(out)

    def gradient(self, g, y, x, *scalars):
        return (StridedSliceGrad(self.spec).bind(shape(x), g, *scalars),) + \
            (None,) * len(scalars)


@register
class StridedSliceGrad(Op):
    """Zeros of ``shape`` with ``g`` written at ``key``: the gradient of ``x[key]``."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = True
    shaped_by = ("value", 0)

    def __init__(self, spec):
        self.spec = spec

    def infer(self, shp, g, *scalars):
        dims, _ = _shape_from_spec(shp)
        return Spec(dims, g.dtype)

    def forward(self, xp, shp, g, *scalars):
        out = xp.zeros(tuple(int(d) for d in shp), dtype=g.dtype)
        out[_resolve_key(self.spec, scalars)] = g
        return out

    def gradient(self, gg, y, shp, g, *scalars):
        return (None, StridedSlice(self.spec).bind(gg, *scalars)) + (None,) * len(scalars)


def getitem(tensor, key):
    """``tensor[key]``: NumPy basic indexing, shrinking integer-indexed dims; a bool tensor
    (or array) as the key selects with ``boolean_mask`` (``t[t > 0]``, as TF 2)."""
    if getattr(key, "dtype", None) in (_dt.bool, np.bool_) and \
            (isinstance(key, (_g.Tensor, np.ndarray)) or hasattr(key, "_as_tensor")):
        from .array_more import boolean_mask
        return boolean_mask(tensor, key)
    spec, dyn = _index_spec(key)
    return StridedSlice(spec).bind(convert_to_tensor(tensor), *dyn, name="strided_slice")


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0,  # noqa: A002
                  ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """``input_[begin[0]:end[0]:strides[0], …]`` for constant ``begin``/``end``/``strides``,
    with TF's bit masks: bit ``i`` of ``begin_mask``/``end_mask`` ignores ``begin[i]`` /
    ``end[i]`` (the full range), of ``ellipsis_mask`` makes entry ``i`` an ellipsis, of
    ``new_axis_mask`` inserts a new axis, of ``shrink_axis_mask`` takes the single index
    ``begin[i]`` (dropping the axis)."""
    begin = [int(b) for b in np.ravel(_static(begin, "begin"))]
    end = [int(e) for e in np.ravel(_static(end, "end"))]
    strides = [1] * len(begin) if strides is None else \
        [int(s) for s in np.ravel(_static(strides, "strides"))]
    if not len(begin) == len(end) == len(strides):
        raise ValueError(f"strided_slice: begin {begin}, end {end} and strides {strides} "
                         "must have the same length")
    spec = []
    for i, (b, e, st) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            spec.append(("...",))
        elif new_axis_mask & bit:
            spec.append(("new",))
        elif shrink_axis_mask & bit:
            spec.append(("i", b))
        else:
            if st == 0:
                raise ValueError("strided_slice: strides must be non-zero")
            spec.append(("s", None if begin_mask & bit else b,
                         None if end_mask & bit else e, st))
    return StridedSlice(tuple(spec)).bind(convert_to_tensor(input_),
                                          name=name or "StridedSlice")


def _static(v, what):
    if isinstance(v, _g.Tensor):
        c = constant_value(v)
        if c is None:
            raise NotImplementedError(f"'{what}' must be known when the graph is built "
                                      f"(a Python list or constant), got {v}")
        return c
    return np.asarray(v)


@register
class Slice(Op):
    """The block of ``x`` starting at ``begin`` of extent ``size`` (-1: to the end).

    Unlike ``StridedSlice`` nothing is clamped: ``begin[i]`` must lie in ``[0, dim]`` and
    ``begin[i] + size[i]`` in ``[begin[i], dim]``, checked at run time
    (InvalidArgumentError). So the output dims follow from ``size`` alone (a -1 from a known
    input dim), whatever else is known about the input.
    """

    def __init__(self, begin, size):
        self.begin = tuple(begin)
        self.size = tuple(size)

    def infer(self, x):
        n = len(self.begin)
        if x.shape is not None and len(x.shape) != n:
            raise ValueError(f"Slice: begin {list(self.begin)} and size {list(self.size)} "
                             f"must have one entry per dimension of the input, of shape "
                             f"{list(x.shape)}")
        dims = []
        for i, (b, s) in enumerate(zip(self.begin, self.size)):
            d = None if x.shape is None else x.shape[i]
            if s != -1:
                dims.append(s)
            elif d is not None and d >= b:  # TF's shape rule: the rest of a known dim
                dims.append(d - b)
            else:
                dims.append(None)
        return Spec(tuple(dims), x.dtype)

    def _key(self, dims):
        """The bounds checked against the run-time ``dims``, as a tuple of slices."""
        n = len(self.begin)
        if len(dims) != n:
            raise _errors.InvalidArgumentError(
                None, None, f"Expected begin and size arguments to be 1-D tensors of size "
                f"{len(dims)}, but got shapes [{n}] and [{n}] instead.")
        key = []
        for i, (b, s, d) in enumerate(zip(self.begin, self.size, dims)):
            if not 0 <= b <= d:
                raise _errors.InvalidArgumentError(
                    None, None, f"Expected begin[{i}] in [0, {d}], but got {b}")
            e = d if s == -1 else b + s
            if not 0 <= e - b <= d - b:
                raise _errors.InvalidArgumentError(
                    None, None, f"Expected size[{i}] in [0, {d - b}], but got {s}")
            key.append(_builtin_slice(b, e))
        return tuple(key)

    def forward(self, xp, x):
        out = x[self._key(x.shape)]
        return out if isinstance(out, xp.ndarray) else xp.asarray(out)  # x[()] of a 0-d x

    def gradient(self, g, y, x):
        # g written into zeros of x's run-time shape: the bounds were checked going forward
        spec = tuple(("s", b, None if s == -1 else b + s, None)
                     for b, s in zip(self.begin, self.size))
        return (StridedSliceGrad(spec).bind(shape(x), g),)


def slice(input_, begin, size, name=None):  # noqa: A001
    """The block of ``input_`` starting at ``begin`` of extent ``size`` (-1: to the end).
    Example: ``tf.slice([[1, 2, 3], [4, 5, 6]], [1, 0], [1, 2])`` -> ``[[4, 5]]``; a block
    past the end of ``input_`` is an InvalidArgumentError when run."""
    begin = [int(b) for b in np.ravel(_static(begin, "begin"))]
    size_ = [int(s) for s in np.ravel(_static(size, "size"))]
    if len(begin) != len(size_):
        raise ValueError(f"slice: begin {begin} and size {size_} must have the same length")
    bad = [s for s in size_ if s < -1]
    if bad:
        raise ValueError(f"Invalid value in tensor used for shape: {bad[0]}")
    return Slice(begin, size_).bind(convert_to_tensor(input_), name=name or "Slice")


@register
class GatherV2(Op):
    """``params`` indexed by ``indices`` along ``axis`` (``np.take``)."""

    def __init__(self, axis=0):
        self.axis = axis

    def infer(self, params, indices):
        if not indices.dtype.is_integer:
            raise TypeError(f"gather: indices must be int32 or int64, got {indices.dtype.name}")
        if params.shape is None or indices.shape is None:
            return Spec(None, params.dtype)
        r = len(params.shape)
        if not -r <= self.axis < r:
            raise ValueError(f"gather: axis {self.axis} out of range for rank {r}")
        a = self.axis % r
        return Spec(params.shape[:a] + indices.shape + params.shape[a + 1:], params.dtype)

    def forward(self, xp, params, indices):
        n = params.shape[self.axis]
        if indices.size and (indices.min() < 0 or indices.max() >= n):
            from ..backend import to_numpy
            host = to_numpy(indices)  # (an error: the values can come to the host)
            where = np.argwhere((host < 0) | (host >= n))[0]
            bad = host[tuple(where)]
            at = ",".join(str(int(i)) for i in where)
            raise IndexError(f"indices[{at}] = {bad} is not in [0, {n})")
        return xp.take(params, indices, axis=self.axis)

    fresh_output = True

    def gradient(self, g, y, params, indices):
        return GatherGrad(self.axis).bind(shape(params), indices, g), None


@register
class GatherGrad(Op):
    """Zeros of ``shape`` with ``g`` added at ``indices`` along ``axis`` (gather's gradient)."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = True

    def __init__(self, axis=0):
        self.axis = axis

    def infer(self, shp, indices, g):
        dims, _ = _shape_from_spec(shp)
        return Spec(dims, g.dtype)

    def forward(self, xp, shp, indices, g):
        out = xp.zeros(tuple(int(d) for d in shp), dtype=g.dtype)
        a = self.axis % out.ndim
        if xp is np and a == 0 and _scatter_rows(out, indices, g):
            return out
        moved = xp.moveaxis(out, a, 0)
        gm = g.reshape(g.shape[:a] + (indices.size,) + g.shape[a + indices.ndim:])
        xp.add.at(moved, indices.ravel(), xp.moveaxis(gm, a, 0))
        return out

    def gradient(self, gg, y, shp, indices, g):
        return None, None, gather(gg, indices, axis=self.axis)


def _scatter_rows(out, indices, g):
    """``np.add.at(out, indices, g)`` along the first axis as a compiled loop (numba: the
    same additions in the same order, so the same bits): an embedding's gradient, 5000x32
    from 2560 rows, took 517 us in ``np.add.at``, ~15 us so. False where it does not apply
    (no numba, other dtypes, an index outside ``[0, len(out))``: NumPy's call then wraps
    negative indices or raises as it does)."""
    from .. import jit
    if not jit.works("scatter_rows") or out.dtype not in (np.float32, np.float64) or \
            g.dtype != out.dtype or indices.dtype.kind not in "iu" or not out.size:
        return False
    flat = indices.reshape(-1)
    if not flat.size:
        return True  # nothing to add
    if flat.min() < 0 or flat.max() >= out.shape[0]:
        return False
    rows = np.ascontiguousarray(g).reshape(flat.size, out.size // out.shape[0])
    try:
        jit.call("scatter_rows", _scatter_rows_loop, out.reshape(out.shape[0], -1), flat, rows)
    except jit.Unavailable:
        return False
    return True


def _scatter_rows_loop(out, idx, rows):
    for i in range(idx.shape[0]):
        r = idx[i]
        for k in range(rows.shape[1]):
            out[r, k] += rows[i, k]


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """Slices of ``params`` at ``indices`` along ``axis`` (default 0), as ``np.take``.

    With ``batch_dims = b`` the first ``b`` dimensions of ``params`` and ``indices`` are
    batch dimensions (equal sizes) and each batch entry gathers from its own slice: the
    result has shape ``params.shape[:axis] + indices.shape[b:] + params.shape[axis + 1:]``.
    A negative ``batch_dims`` counts from the rank of ``indices``; ``axis`` defaults to
    ``batch_dims``.
    """
    if batch_dims:
        return _batch_gather(params, indices, axis, int(batch_dims), name)
    axis = 0 if axis is None else int(np.ravel(_static(axis, "axis"))[0])
    return GatherV2(axis).bind(convert_to_tensor(params),
                               convert_to_tensor(indices, dtype_hint=_dt.int32),
                               name=name or "GatherV2")


def _batch_gather(params, indices, axis, batch_dims, name):
    """``gather`` with batch dimensions, built from a plain gather on the batch-flattened
    ``params`` (with each batch entry's indices offset into its own block)."""
    from .math import add, multiply
    from .creation import range as _range
    with _g.name_scope(name, "GatherV2", [params, indices]):
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, dtype_hint=_dt.int32, name="indices")
        p_rank, i_rank = params.shape.ndims, indices.shape.ndims
        if p_rank is None or i_rank is None:
            raise ValueError("gather with batch_dims needs params and indices of known rank")
        if axis is None:   # before batch_dims is made non-negative, as TF does
            axis = batch_dims
        if batch_dims < 0:
            batch_dims += i_rank
        if not 0 <= batch_dims < i_rank + 1 or batch_dims > i_rank:
            raise ValueError(f"batch_dims = {batch_dims} must be in [{-i_rank}, {i_rank}]")
        if batch_dims >= p_rank:
            raise ValueError(f"batch_dims = {batch_dims} must be less than rank(params) = "
                             f"{p_rank}")
        axis = int(np.ravel(_static(axis, "axis"))[0])
        if axis < 0:
            axis += p_rank
        if not batch_dims <= axis < p_rank:
            raise ValueError(f"batch_dims = {batch_dims} must be less than or equal to "
                             f"axis = {axis}")
        for d in range(batch_dims):
            pd, id_ = params.shape[d], indices.shape[d]
            pd, id_ = getattr(pd, "value", pd), getattr(id_, "value", id_)
            if pd is not None and id_ is not None and pd != id_:
                raise ValueError(f"params.shape[{d}]: {pd} should be equal to "
                                 f"indices.shape[{d}]: {id_}")
        # move the gathered axis right after the batch dims
        perm = (list(range(batch_dims)) + [axis] + list(range(batch_dims, axis))
                + list(range(axis + 1, p_rank)))
        moved = transpose(params, perm) if axis != batch_dims else params
        dyn = shape(moved, out_type=indices.dtype)
        batch_size = _prod_of_first(dyn, batch_dims)
        per_batch = dyn[batch_dims]
        flat = reshape(moved, concat([[-1], dyn[batch_dims + 1:]], 0))
        offsets = multiply(_range(batch_size, dtype=indices.dtype), per_batch)
        batch_shape = shape(indices, out_type=indices.dtype)[:batch_dims]
        offsets = reshape(offsets, concat([batch_shape, _ones_vector(i_rank - batch_dims,
                                                                    indices.dtype)], 0))
        out = GatherV2(0).bind(flat, add(indices, offsets), name="GatherV2")
        # out: batch + indices[b:] + params[b:axis] + params[axis+1:]; restore params' order
        n_idx = i_rank - batch_dims
        n_mid = axis - batch_dims
        if n_mid:
            b = list(range(batch_dims))
            idx = list(range(batch_dims, batch_dims + n_idx))
            mid = list(range(batch_dims + n_idx, batch_dims + n_idx + n_mid))
            rest = list(range(batch_dims + n_idx + n_mid, len(b) + n_idx + n_mid
                              + p_rank - axis - 1))
            out = transpose(out, b + mid + idx + rest)
        p_dims, i_dims = params.shape.as_list(), indices.shape.as_list()
        batch = [i if i is not None else p for p, i in zip(p_dims[:batch_dims],
                                                            i_dims[:batch_dims])]
        out.set_shape(batch + p_dims[batch_dims:axis] + i_dims[batch_dims:]
                      + p_dims[axis + 1:])
        return out


def _prod_of_first(dims, n):
    """The product of the first ``n`` entries of the 1-D shape tensor ``dims``."""
    from .reduce import reduce_prod
    return reduce_prod(dims[:n])


def _ones_vector(n, dtype):
    """A constant 1-D tensor of ``n`` ones of ``dtype``."""
    return convert_to_tensor(np.ones([n], dtype=dtype.as_numpy_dtype))


# -- joining and splitting ----------------------------------------------------------------------
@register
class ConcatV2(Op):
    """Joins tensors along an existing ``axis``."""

    fresh_output = True

    def __init__(self, axis):
        self.axis = axis

    def infer(self, *xs):
        dtype = xs[0].dtype
        for x in xs:
            if x.dtype != dtype:
                raise TypeError(f"ConcatOp: all inputs must have dtype {dtype.name}, got "
                                f"{x.dtype.name}")
        ranks = {len(x.shape) for x in xs if x.shape is not None}
        if not ranks:
            return Spec(None, dtype)
        if len(ranks) > 1:
            raise ValueError(f"Shape must be rank {min(ranks)} but is rank {max(ranks)}")
        r = ranks.pop()
        if not -r <= self.axis < r:
            raise ValueError(f"ConcatOp: axis {self.axis} out of range for rank {r}")
        a = self.axis % r
        out = [None] * r
        total = 0
        for x in xs:
            if x.shape is None:
                total = None
                continue
            for i, d in enumerate(x.shape):
                if i == a:
                    continue
                if out[i] is not None and d is not None and out[i] != d:
                    raise ValueError(f"Dimension {i} in both shapes must be equal, but are "
                                     f"{out[i]} and {d}")
                out[i] = out[i] if out[i] is not None else d
            total = None if total is None or x.shape[a] is None else total + x.shape[a]
        out[a] = total
        return Spec(tuple(out), dtype)

    def forward(self, xp, *xs):
        return xp.concatenate(xs, axis=self.axis)

    def gradient(self, g, y, *xs):
        sizes = []
        for x in xs:
            d = x.shape.as_tuple()
            axis = self.axis % len(d) if d is not None else self.axis
            if d is not None and d[axis] is not None:
                sizes.append(constant(d[axis]))
            else:
                sizes.append(shape(x)[axis])
        return tuple(SplitV(self.axis, len(xs)).bind(g, stack(sizes)))


def concat(values, axis, name="concat"):
    """Joins ``values`` along ``axis``. Example: ``tf.concat([a, b], axis=1)``."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    tensors = [convert_to_tensor(v) for v in values]
    if len(tensors) == 1:
        from .math import identity
        return identity(tensors[0], name=name)
    axis = int(np.ravel(_static(axis, "axis"))[0])
    return ConcatV2(axis).bind(*tensors, name=name)


@register
class Pack(Op):
    """Stacks same-shaped tensors along a new ``axis``."""

    fresh_output = True

    def __init__(self, axis=0):
        self.axis = axis

    def infer(self, *xs):
        dtype = xs[0].dtype
        shp = None
        for x in xs:
            if x.dtype != dtype:
                raise TypeError(f"stack: all inputs must have dtype {dtype.name}, got "
                                f"{x.dtype.name}")
            if x.shape is not None:
                if shp is not None and (len(shp) != len(x.shape) or any(
                        a is not None and b is not None and a != b
                        for a, b in zip(shp, x.shape))):
                    raise ValueError(f"Shapes must be equal rank and compatible, but are "
                                     f"{list(shp)} and {list(x.shape)}")
                shp = x.shape if shp is None else tuple(
                    a if a is not None else b for a, b in zip(shp, x.shape))
        if shp is None:
            return Spec(None, dtype, )
        r = len(shp) + 1
        if not -r <= self.axis < r:
            raise ValueError(f"stack: axis {self.axis} out of range for rank {r}")
        a = self.axis % r
        return Spec(shp[:a] + (len(xs),) + shp[a:], dtype)

    def forward(self, xp, *xs):
        return xp.stack(xs, axis=self.axis)

    def gradient(self, g, y, *xs):
        return tuple(unstack(g, num=len(xs), axis=self.axis))

    def static_value(self, operation, index):
        vals = [constant_value(t) for t in operation.inputs]
        if any(v is None for v in vals):
            return None
        return np.stack(vals, axis=self.axis)


def stack(values, axis=0, name="stack"):
    """Stacks tensors of one shape along a new ``axis``: ``tf.stack([a, b])``."""
    tensors = [convert_to_tensor(v) for v in values]
    if not tensors:
        raise ValueError("stack needs at least one tensor")
    if len({t.dtype for t in tensors}) > 1:
        # Python scalars mixed with tensors: convert them to the tensors' dtype
        dtype = next(t.dtype for v, t in zip(values, tensors) if isinstance(v, _g.Tensor))
        tensors = [t if t.dtype == dtype else convert_to_tensor(v, dtype=dtype)
                   for v, t in zip(values, tensors)]
    return Pack(axis).bind(*tensors, name=name)


@register
class Unpack(Op):
    """Splits a tensor along ``axis`` into ``num`` tensors with that axis removed."""

    def __init__(self, num, axis=0):
        self.num = num
        self.axis = axis

    def infer(self, x):
        if x.shape is None:
            return [Spec(None, x.dtype)] * self.num
        r = len(x.shape)
        if not -r <= self.axis < r:
            raise ValueError(f"unstack: axis {self.axis} out of range for rank {r}")
        a = self.axis % r
        if x.shape[a] is not None and x.shape[a] != self.num:
            raise ValueError(f"unstack: num {self.num} does not match dimension "
                             f"{x.shape[a]}")
        return [Spec(x.shape[:a] + x.shape[a + 1:], x.dtype)] * self.num

    def forward(self, xp, x):
        return tuple(xp.moveaxis(x, self.axis, 0))

    def gradient(self, gs, ys, x):
        return (stack(gs, axis=self.axis),)


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits ``value`` along ``axis`` into a list of tensors."""
    value = convert_to_tensor(value)
    if num is None:
        dims = value.shape.as_tuple()
        if dims is None or dims[axis] is None:
            raise ValueError(f"Cannot infer num from shape {value.shape}")
        num = dims[axis]
    return Unpack(int(num), axis).bind(value, name=name)


@register
class SplitV(Op):
    """Splits ``x`` along ``axis`` into pieces of the given sizes (one may be -1)."""

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)

    def __init__(self, axis, num):
        self.axis = axis
        self.num = num

    def infer(self, x, sizes):
        if x.shape is None:
            return [Spec(None, x.dtype)] * self.num
        r = len(x.shape)
        if not -r <= self.axis < r:
            raise ValueError(f"split: axis {self.axis} out of range for rank {r}")
        a = self.axis % r
        vals = None if sizes.value is None else [int(s) for s in np.ravel(sizes.value)]
        if vals is not None and len(vals) != self.num:
            raise ValueError(f"split: {len(vals)} sizes for {self.num} outputs")
        if vals is not None and x.shape[a] is not None:
            if -1 in vals:
                vals[vals.index(-1)] = x.shape[a] - (sum(vals) + 1)
            if sum(vals) != x.shape[a]:
                raise ValueError(f"Determined shape must either match input shape along "
                                 f"split_dim exactly if fully specified, or be less than the "
                                 f"size of the input along split_dim if not fully specified. "
                                 f"Got: {sum(vals)} vs {x.shape[a]}")
        out = []
        for i in range(self.num):
            d = None if vals is None or vals[i] == -1 else vals[i]
            out.append(Spec(x.shape[:a] + (d,) + x.shape[a + 1:], x.dtype))
        return out

    def forward(self, xp, x, sizes):
        sizes = [int(s) for s in sizes]
        a = self.axis % x.ndim
        if -1 in sizes:
            sizes[sizes.index(-1)] = x.shape[a] - (sum(sizes) + 1)
        if sum(sizes) != x.shape[a]:
            raise ValueError(f"split sizes {sizes} do not add up to dimension {x.shape[a]}")
        return tuple(xp.split(x, np.cumsum(sizes)[:-1].tolist(), axis=a))

    def gradient(self, gs, ys, x, sizes):
        gs = [g if g is not None else zeros_like(y) for g, y in zip(gs, ys)]
        return concat(gs, self.axis), None


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits ``value`` along ``axis``: into ``n`` equal parts, or parts of listed sizes."""
    value = convert_to_tensor(value)
    axis = int(np.ravel(_static(axis, "axis"))[0])
    if isinstance(num_or_size_splits, (numbers.Integral, np.integer)):
        n = int(num_or_size_splits)
        dims = value.shape.as_tuple()
        if dims is not None and dims[axis] is not None:
            if dims[axis] % n:
                raise ValueError(f"Dimension size {dims[axis]} must be evenly divisible by "
                                 f"{n} (split along axis {axis})")
            sizes = constant([dims[axis] // n] * n)
        else:
            from .math import floordiv
            part = floordiv(shape(value)[axis], n)
            sizes = stack([part] * n)
        return SplitV(axis, n).bind(value, sizes, name=name)
    sizes = convert_to_tensor(num_or_size_splits, dtype_hint=_dt.int32)
    n = num
    if n is None:
        if sizes.shape.as_tuple() is None or sizes.shape.as_tuple()[0] is None:
            raise ValueError("Cannot infer num from the size_splits; pass num")
        n = sizes.shape.as_tuple()[0]
    return SplitV(axis, int(n)).bind(value, sizes, name=name)


@register
class Tile(Op):
    """Repeats ``x`` ``multiples[i]`` times along each dimension."""

    fresh_output = True

    def __init__(self, multiples):
        self.multiples = multiples

    def infer(self, x):
        if x.shape is None:
            return Spec(tuple(0 if m == 0 else None for m in self.multiples), x.dtype)
        if len(x.shape) != len(self.multiples):
            raise ValueError(f"tile: multiples {list(self.multiples)} must have one entry per "
                             f"dimension of the input (rank {len(x.shape)})")
        return Spec(tuple(0 if m == 0 else None if d is None else d * m
                          for d, m in zip(x.shape, self.multiples)), x.dtype)

    def forward(self, xp, x):
        return xp.tile(x, self.multiples)

    def gradient(self, g, y, x):
        from .reduce import reduce_sum
        r = len(self.multiples)
        xs = shape(x)
        inter = stack([v for i in range(r) for v in (constant(self.multiples[i]), xs[i])])
        return (reduce_sum(reshape(g, inter), axis=list(range(0, 2 * r, 2))),)


def tile(input, multiples, name=None):  # noqa: A002
    """Repeats ``input`` along each dimension. Example: ``tf.tile([[1, 2]], [2, 1])``."""
    m = tuple(int(v) for v in np.ravel(_static(multiples, "multiples")))
    return Tile(m).bind(convert_to_tensor(input), name=name or "Tile")


@register
class Pad(Op):
    """Pads with ``paddings[i] = [before, after]`` per dimension; modes CONSTANT, REFLECT,
    SYMMETRIC."""

    fresh_output = True

    def __init__(self, paddings, mode="CONSTANT", constant_values=0):
        self.paddings = paddings
        self.mode = mode
        self.constant_values = constant_values

    def infer(self, x):
        if x.shape is None:
            return Spec((None,) * len(self.paddings), x.dtype)
        if len(x.shape) != len(self.paddings):
            raise ValueError(f"The first dimension of paddings must be the rank of inputs "
                             f"{len(x.shape)}, got {len(self.paddings)}")
        return Spec(tuple(None if d is None else d + a + b
                          for d, (a, b) in zip(x.shape, self.paddings)), x.dtype)

    def forward(self, xp, x):
        if self.mode == "CONSTANT":
            return xp.pad(x, self.paddings, mode="constant",
                          constant_values=self.constant_values)
        return xp.pad(x, self.paddings, mode=self.mode.lower())

    def gradient(self, g, y, x):
        if self.mode != "CONSTANT":
            return (MirrorPadGrad(self.paddings, self.mode).bind(g),)
        spec = tuple(("s", a, None if b == 0 else -b, None) for a, b in self.paddings)
        return (StridedSlice(spec).bind(g),)


@register
class MirrorPadGrad(Op):
    """The gradient of a REFLECT/SYMMETRIC pad: each padded entry's gradient is added back
    to the entry it mirrors."""

    fresh_output = True

    def __init__(self, paddings, mode):
        self.paddings = paddings
        self.mode = mode

    def infer(self, g):
        if g.shape is None:
            return Spec((None,) * len(self.paddings), g.dtype)
        return Spec(tuple(None if d is None else d - a - b
                          for d, (a, b) in zip(g.shape, self.paddings)), g.dtype)

    def forward(self, xp, g):
        off = 1 if self.mode == "REFLECT" else 0  # REFLECT leaves the edge out
        out = g
        for axis, (a, b) in enumerate(self.paddings):
            if not a and not b:
                continue
            m = xp.moveaxis(out, axis, 0)
            n = m.shape[0] - a - b
            core = m[a:a + n].copy()
            if a:
                core[off:off + a] += m[:a][::-1]
            if b:
                core[n - off - b:n - off] += m[a + n:][::-1]
            out = xp.moveaxis(core, 0, axis)
        return xp.ascontiguousarray(out)

    def gradient(self, gg, y, g):
        return (Pad(self.paddings, self.mode).bind(gg),)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """Pads ``tensor``: ``paddings`` is ``[[before, after], …]``, one pair per dimension."""
    p = np.asarray(_static(paddings, "paddings")).astype(int)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError(f"paddings must be an [n, 2] list, got {p.tolist()}")
    mode = mode.upper()
    if mode not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError(f"Unknown padding mode: {mode}")
    if mode != "CONSTANT":  # TF's MirrorPad: REFLECT pads < dim, SYMMETRIC pads <= dim
        dims = convert_to_tensor(tensor).shape.as_tuple()
        limit = 0 if mode == "REFLECT" else 1
        for i, (before, after) in enumerate(p):
            d = None if dims is None or i >= len(dims) else dims[i]
            if d is not None and max(before, after) > d - 1 + limit:
                raise ValueError(f"paddings must be less than{' or equal to' if limit else ''}"
                                 f" the dimension size: {before}, {after} greater than "
                                 f"{d} for dimension {i} in {mode} mode")
    return Pad(tuple(tuple(int(v) for v in row) for row in p), mode, constant_values).bind(
        convert_to_tensor(tensor), name=name or "Pad")


@register
class OneHot(Op):
    """``on_value`` at ``indices`` along a new axis of length ``depth``, else ``off_value``."""

    fresh_output = True
    differentiable = False

    def __init__(self, depth, on_value, off_value, axis, dtype):
        self.depth = depth
        self.on_value = on_value
        self.off_value = off_value
        self.axis = axis
        self.dtype = dtype

    def infer(self, indices):
        if not indices.dtype.is_integer:
            raise TypeError(f"one_hot: indices must be integers, got {indices.dtype.name}")
        if indices.shape is None:
            return Spec(None, self.dtype)
        r = len(indices.shape) + 1
        a = r - 1 if self.axis == -1 else self.axis
        return Spec(indices.shape[:a] + (self.depth,) + indices.shape[a:], self.dtype)

    def forward(self, xp, indices):
        eq = indices[..., None] == xp.arange(self.depth)
        out = xp.where(eq, self.on_value, self.off_value).astype(self.dtype.as_numpy_dtype)
        if self.axis != -1:
            out = xp.moveaxis(out, -1, self.axis)
        return out


def _value_dtype(v):
    """The dtype TF gives a value: a tensor's own, int32/float32 for Python numbers."""
    if isinstance(v, _g.Tensor):
        return v.dtype
    if isinstance(v, bool):
        return _dt.bool
    if isinstance(v, int):
        return _dt.int32
    if isinstance(v, float):
        return _dt.float32
    return _dt.as_dtype(np.asarray(v).dtype)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors: ``tf.one_hot([0, 2], 3)`` → ``[[1, 0, 0], [0, 0, 1]]`` (float32)."""
    value_dtypes = {_value_dtype(v) for v in (on_value, off_value) if v is not None}
    if dtype is None:  # TF: the dtype of on_value / off_value, else float32
        dtype = value_dtypes.pop() if len(value_dtypes) == 1 else _dt.float32
    else:  # Python numbers take the given dtype; tensors must have it
        dtype = _dt.as_dtype(dtype)
        bad = [v.dtype for v in (on_value, off_value)
               if isinstance(v, _g.Tensor) and v.dtype != dtype]
        if bad:
            raise TypeError(f"dtype {bad[0].name} of on_value or off_value does not match "
                            f"dtype parameter {dtype.name}")
    on = 1 if on_value is None else _static(on_value, "on_value").item()
    off = 0 if off_value is None else _static(off_value, "off_value").item()
    return OneHot(int(depth), on, off, -1 if axis is None else int(axis), dtype).bind(
        convert_to_tensor(indices, dtype_hint=_dt.int32), name=name or "one_hot")
