"""More of TF 1's array ops: ``reverse``, ``gather_nd``/``scatter_nd``, ``unique``,
``einsum`` and ``tensordot``, and the truncating ``truncatediv``/``truncatemod``."""

import string

import numpy as np

from .. import dtypes as _dt
from ..backend import to_numpy
from .. import errors as _errors
from .. import graph as _g
from .creation import convert_to_tensor
from .math import _Binary
from .registry import Op, Spec, register
from .shape import _static

__all__ = ["reverse", "reverse_v2", "gather_nd", "scatter_nd", "unique", "einsum",
           "tensordot", "truncatediv", "truncatemod", "tensor_scatter_nd_update",
           "tensor_scatter_nd_add", "tensor_scatter_nd_sub", "tensor_scatter_nd_max",
           "tensor_scatter_nd_min", "scatter_update", "scatter_add", "scatter_sub",
           "scatter_mul", "scatter_div", "scatter_max", "scatter_min", "scatter_nd_update",
           "scatter_nd_add", "scatter_nd_sub"]


# -- reverse ---------------------------------------------------------------------------------------
@register
class ReverseV2(Op):
    """``x`` with the order of the entries along ``axes`` reversed."""

    def __init__(self, axes):
        self.axes = tuple(axes)

    def infer(self, x):
        if x.shape is not None:
            r = len(x.shape)
            for a in self.axes:
                if not -r <= a < r:
                    raise ValueError(f"axis {a} is out of range for a tensor of rank {r}")
            if len({a % r for a in self.axes}) != len(self.axes):
                raise ValueError(f"axis {list(self.axes)} names a dimension twice")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return xp.flip(x, self.axes) if self.axes else x.copy()

    def gradient(self, g, y, x):
        return (ReverseV2(self.axes).bind(g),)


def reverse(tensor, axis, name=None):
    """``tensor`` reversed along the dimensions in ``axis`` (a list of ints)."""
    axes = [int(a) for a in np.ravel(_static(axis, "axis"))]
    return ReverseV2(axes).bind(convert_to_tensor(tensor), name=name or "ReverseV2")


reverse_v2 = reverse


# -- gather_nd / scatter_nd ------------------------------------------------------------------------
def _nd_index(xp, indices, shape, what):
    k = indices.shape[-1]
    if k > len(shape):
        raise _errors.InvalidArgumentError(
            None, None, f"index innermost dimension length must be <= params rank; saw: {k} "
            f"vs. {len(shape)}")
    flat = indices.reshape(-1, k)
    for j in range(k):
        col = flat[:, j]
        if col.size and (col.min() < 0 or col.max() >= shape[j]):
            bad = int(col[(col < 0) | (col >= shape[j])][0])
            raise _errors.InvalidArgumentError(
                None, None, f"{what}: index {bad} in dimension {j} is not in "
                f"[0, {shape[j]})")
    return tuple(indices[..., j] for j in range(k))


@register
class GatherNd(Op):
    """``params[indices[..., 0], indices[..., 1], …]``: slices of ``params`` addressed by the
    last axis of ``indices``."""

    def infer(self, params, indices):
        if not indices.dtype.is_integer:
            raise TypeError(f"indices must be int32 or int64, got {indices.dtype.name}")
        if params.shape is None or indices.shape is None or indices.shape[-1] is None:
            return Spec(None, params.dtype)
        k = indices.shape[-1]
        if k > len(params.shape):
            raise ValueError(f"index innermost dimension length must be <= params rank; "
                             f"saw: {k} vs. {len(params.shape)}")
        return Spec(tuple(indices.shape[:-1]) + tuple(params.shape[k:]), params.dtype)

    def forward(self, xp, params, indices):
        return params[_nd_index(xp, indices, params.shape, "gather_nd")].copy()

    def gradient(self, g, y, params, indices):
        from .shape import shape
        return ScatterNd().bind(indices, g, shape(params, out_type=indices.dtype)), None


@register
class ScatterNd(Op):
    """Zeros of ``shape`` with ``updates`` added at ``indices`` (repeats add up)."""

    host_inputs = (2,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = True

    def infer(self, indices, updates, shp):
        from .shape import _shape_from_spec
        dims, _ = _shape_from_spec(shp)
        return Spec(dims, updates.dtype)

    def forward(self, xp, indices, updates, shp):
        out = xp.zeros(tuple(int(d) for d in shp), dtype=updates.dtype)
        key = _nd_index(xp, indices, out.shape, "scatter_nd")
        xp.add.at(out, key, updates)
        return out

    def gradient(self, g, y, indices, updates, shp):
        return None, GatherNd().bind(g, indices), None


def gather_nd(params, indices, name=None, batch_dims=0):
    """Slices of ``params`` at the index tuples in the last axis of ``indices``.

    Example:
        >>> tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]])  # → [3, 2]
    """
    if batch_dims:
        raise NotImplementedError("gather_nd: batch_dims is not supported yet")
    return GatherNd().bind(convert_to_tensor(params),
                           convert_to_tensor(indices, dtype_hint=_dt.int32),
                           name=name or "GatherNd")


def scatter_nd(indices, updates, shape, name=None):
    """A tensor of ``shape``: zeros, plus ``updates`` at ``indices`` (repeats add up)."""
    from .shape import _shape_arg
    indices = convert_to_tensor(indices, dtype_hint=_dt.int32)
    return ScatterNd().bind(indices, convert_to_tensor(updates),
                            _shape_arg(shape), name=name or "ScatterNd")


# -- scatter into a copy of a tensor, and into variables ---------------------------------------
_SCATTER_UFUNCS = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "divide",
                   "max": "maximum", "min": "minimum"}


@register
class TensorScatter(Op):
    """A copy of ``tensor`` with ``updates`` written (``mode="update"``, the last of repeated
    indices winning) or combined (``add``, ``sub``, ``mul``, ``div``, ``max``, ``min``, in
    order) at the index tuples in the last axis of ``indices``."""

    fresh_output = True

    def __init__(self, mode):
        self.mode = mode

    @property
    def differentiable(self):
        return self.mode in ("update", "add", "sub")

    def infer(self, tensor, indices, updates):
        if tensor.dtype != updates.dtype:
            raise TypeError(f"updates must have the tensor's dtype {tensor.dtype.name}, got "
                            f"{updates.dtype.name}")
        if not indices.dtype.is_integer:
            raise TypeError(f"indices must be int32 or int64, got {indices.dtype.name}")
        return Spec(tensor.shape, tensor.dtype)

    def forward(self, xp, tensor, indices, updates):
        out = xp.array(tensor, copy=True)
        key = _nd_index(xp, xp.asarray(indices), out.shape, "scatter")
        if self.mode == "update":
            out[key] = updates
        else:
            getattr(xp, _SCATTER_UFUNCS[self.mode]).at(out, key, updates)
        return out

    def gradient(self, g, y, tensor, indices, updates):
        picked = GatherNd().bind(g, indices)
        if self.mode == "update":
            from .creation import zeros_like
            cleared = TensorScatter("update").bind(g, indices, zeros_like(picked))
            return cleared, None, picked
        if self.mode == "sub":
            from .math import negative
            return g, None, negative(picked)
        return g, None, picked


def _tensor_scatter(mode, default):
    def fn(tensor, indices, updates, name=None):
        tensor = convert_to_tensor(tensor, name="tensor")
        indices = convert_to_tensor(indices, dtype_hint=_dt.int32, name="indices")
        updates = convert_to_tensor(updates, dtype=tensor.dtype, name="updates")
        return TensorScatter(mode).bind(tensor, indices, updates, name=name or default)
    fn.__name__ = f"tensor_scatter_nd_{mode}"
    how = "written" if mode == "update" else f"combined by {mode}"
    fn.__doc__ = (f"A copy of ``tensor`` with ``updates`` {how} at the index tuples of "
                  f"``indices`` (as ``scatter_nd`` addresses them).")
    return fn


tensor_scatter_nd_update = _tensor_scatter("update", "TensorScatterUpdate")
tensor_scatter_nd_add = _tensor_scatter("add", "TensorScatterAdd")
tensor_scatter_nd_sub = _tensor_scatter("sub", "TensorScatterSub")
tensor_scatter_nd_max = _tensor_scatter("max", "TensorScatterMax")
tensor_scatter_nd_min = _tensor_scatter("min", "TensorScatterMin")


def _variable_scatter(mode, default, rows):
    def fn(ref, indices, updates, use_locking=None, name=None):
        from .shape import expand_dims
        if not hasattr(ref, "read_value"):
            raise TypeError(f"{fn.__name__} updates a Variable in place; got {ref!r}. For a "
                            f"tensor use tf.tensor_scatter_nd_{mode}.")
        with _g.name_scope(name, default, [indices, updates]):
            indices = convert_to_tensor(indices, dtype_hint=_dt.int32, name="indices")
            updates = convert_to_tensor(updates, dtype=ref.dtype.base_dtype, name="updates")
            if rows:   # indices address rows (the first dimension)
                indices = expand_dims(indices, -1)
            new = TensorScatter(mode).bind(ref.read_value(), indices, updates)
        return ref.assign(new, name=name or default)
    fn.__name__ = ("scatter_" if rows else "scatter_nd_") + mode
    fn.__doc__ = (f"Sets the variable ``ref`` to itself with ``updates`` "
                  f"{'written' if mode == 'update' else 'combined by ' + mode} at "
                  f"{'the rows ``indices``' if rows else 'the index tuples of ``indices``'}; "
                  f"returns the new value.")
    return fn


scatter_update = _variable_scatter("update", "ScatterUpdate", True)
scatter_add = _variable_scatter("add", "ScatterAdd", True)
scatter_sub = _variable_scatter("sub", "ScatterSub", True)
scatter_mul = _variable_scatter("mul", "ScatterMul", True)
scatter_div = _variable_scatter("div", "ScatterDiv", True)
scatter_max = _variable_scatter("max", "ScatterMax", True)
scatter_min = _variable_scatter("min", "ScatterMin", True)
scatter_nd_update = _variable_scatter("update", "ScatterNdUpdate", False)
scatter_nd_add = _variable_scatter("add", "ScatterNdAdd", False)
scatter_nd_sub = _variable_scatter("sub", "ScatterNdSub", False)


# -- unique ----------------------------------------------------------------------------------------
@register
class Unique(Op):
    """The distinct values of a vector in order of first appearance, and for each entry the
    index of its value among them."""

    differentiable = False
    fresh_output = True

    def __init__(self, out_idx=_dt.int32):
        self.out_idx = out_idx

    def infer(self, x):
        if x.shape is not None and len(x.shape) != 1:
            raise ValueError(f"unique expects a 1-D vector, got shape {list(x.shape)}")
        return [Spec((None,), x.dtype), Spec(x.shape if x.shape is not None else (None,),
                                             self.out_idx)]

    def forward(self, xp, x):
        values, first, inverse = np.unique(to_numpy(x), return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")      # by first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        y = values[order]
        idx = rank[inverse.ravel()].astype(self.out_idx.as_numpy_dtype)
        return (xp.asarray(y), xp.asarray(idx)) if xp is not np else (y, idx)


def unique(x, out_idx=_dt.int32, name=None):
    """``(y, idx)``: the distinct values of the vector ``x`` in order of first appearance,
    and ``idx`` with ``x == y[idx]``."""
    return Unique(_dt.as_dtype(out_idx)).bind(convert_to_tensor(x), name=name or "Unique")


# -- einsum / tensordot ----------------------------------------------------------------------------
@register
class Einsum(Op):
    """Einstein summation (``np.einsum``'s notation, explicit ``->`` output)."""

    def __init__(self, equation):
        self.equation = equation

    def _parts(self):
        ins, out = self.equation.split("->")
        return ins.split(","), out

    def infer(self, *operands):
        ins, out = self._parts()
        if len(ins) != len(operands):
            raise ValueError(f"einsum: the equation {self.equation!r} names {len(ins)} "
                             f"operands, got {len(operands)}")
        dtype = operands[0].dtype
        if any(o.dtype != dtype for o in operands):
            raise TypeError("einsum: all operands must have the same dtype")
        sizes = {}
        for subs, o in zip(ins, operands):
            if "." in subs:
                return Spec(None, dtype)
            if o.shape is None:  # the equation still gives the rank
                sizes.update({c: None for c in subs if c not in sizes})
                continue
            if len(subs) != len(o.shape):
                raise ValueError(f"einsum: operand subscripts {subs!r} do not match its "
                                 f"rank {len(o.shape)}")
            for c, d in zip(subs, o.shape):
                if d is not None:
                    if sizes.get(c) not in (None, d) and d != 1 and sizes[c] != 1:
                        raise ValueError(f"einsum: dimension {c!r} is {sizes[c]} and {d}")
                    sizes[c] = d if sizes.get(c) in (None, 1) else sizes[c]
                else:
                    sizes.setdefault(c, None)
        return Spec(tuple(sizes.get(c) for c in out), dtype)

    def forward(self, xp, *operands):
        return xp.asarray(xp.einsum(self.equation, *operands))

    def gradient(self, g, y, *operands):
        from .shape import broadcast_to, reshape, shape
        ins, out = self._parts()
        grads = []
        for i, (subs, x) in enumerate(zip(ins, operands)):
            if "." in subs or len(set(subs)) != len(subs):
                raise LookupError("No gradient defined for einsum with an ellipsis or a "
                                  "repeated subscript in one operand.")
            others = [(s, o) for j, (s, o) in enumerate(zip(ins, operands)) if j != i]
            present = set(out).union(*(set(s) for s, _ in others))
            kept = "".join(c for c in subs if c in present)
            eq = ",".join([out] + [s for s, _ in others]) + "->" + kept
            gi = Einsum(eq).bind(g, *[o for _, o in others])
            if kept != subs:  # letters summed within this operand alone: broadcast back
                gi = broadcast_to(reshape(gi, _kept_shape(gi, subs, present)), shape(x))
            grads.append(gi)
        return tuple(grads)


def _kept_shape(gi, subs, present):
    from .shape import shape, stack
    from .creation import constant
    dyn = shape(gi)
    parts, k = [], 0
    for c in subs:
        if c in present:
            parts.append(dyn[k])
            k += 1
        else:
            parts.append(constant(1, dtype=dyn.dtype))
    return stack(parts)


def einsum(equation, *inputs, **kwargs):
    """Einstein summation: ``tf.einsum("ij,jk->ik", a, b)`` is ``a @ b``. An equation
    without ``->`` gets NumPy's implicit output (the letters used once, sorted)."""
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"einsum() got unexpected keyword arguments {sorted(kwargs)}")
    equation = equation.replace(" ", "")
    if "->" not in equation:
        letters = [c for c in equation if c in string.ascii_letters]
        once = sorted(c for c in set(letters) if letters.count(c) == 1)
        equation = equation + "->" + "".join(once)
    tensors = [convert_to_tensor(t) for t in inputs]
    return Einsum(equation).bind(*tensors, name=name or "einsum")


def tensordot(a, b, axes, name=None):
    """Sums products over ``axes`` of ``a`` and ``b``: an int ``n`` (the last ``n`` of ``a``
    with the first ``n`` of ``b``) or a pair of axis lists. Built from transposes, reshapes
    and one matrix product, as TensorFlow builds it; dims or ranks unknown when building are
    read at run time. Example: ``tf.tensordot(a, b, 1)`` is ``tf.matmul(a, b)`` for
    matrices."""
    from .math import matmul
    from .shape import concat, reshape, transpose
    with _g.name_scope(name, "Tensordot", [a, b]) as scope:
        a, b = convert_to_tensor(a, name="a"), convert_to_tensor(b, name="b")
        ra, rb = a.shape.ndims, b.shape.ndims
        if isinstance(axes, (int, np.integer)):
            n = int(axes)
            if n < 0 or any(r is not None and n > r for r in (ra, rb)):
                raise ValueError(f"'axes' must be at most the rank of a and b: {n}")
            ax_a = list(range(ra - n, ra)) if ra is not None else -n  # -n: a's last n
            ax_b = list(range(n))
        else:
            ax_a, ax_b = ([int(v) for v in np.ravel(x)] for x in axes)
            if len(ax_a) != len(ax_b):
                raise ValueError(f"tensordot: different numbers of axes {ax_a} and {ax_b}")
        if ra is not None:
            ax_a = [v % ra for v in ax_a]
        if rb is not None:
            ax_b = [v % rb for v in ax_b]
        sa, sb = a.shape.as_tuple(), b.shape.as_tuple()
        if sa is not None and sb is not None:
            for i, j in zip(ax_a, ax_b):
                if sa[i] is not None and sb[j] is not None and sa[i] != sb[j]:
                    raise ValueError(f"tensordot: dimension {sa[i]} of a and {sb[j]} of b "
                                     "differ")
            free_a = [i for i in range(ra) if i not in ax_a]
            free_b = [i for i in range(rb) if i not in ax_b]
            if all(sa[i] is not None for i in ax_a + free_a) and \
                    all(sb[i] is not None for i in free_b):  # all static
                k = int(np.prod([sa[i] for i in ax_a])) if ax_a else 1
                ma = reshape(transpose(a, free_a + ax_a), [-1, k])
                mb = reshape(transpose(b, ax_b + free_b), [k, -1])
                out_shape = [sa[i] for i in free_a] + [sb[i] for i in free_b]
                return reshape(matmul(ma, mb), out_shape, name=scope)
        ma, free_a, known_a = _dot_operand(a, ax_a, axes_first=False)
        mb, free_b, known_b = _dot_operand(b, ax_b, axes_first=True)
        out = reshape(matmul(ma, mb), concat([free_a, free_b], 0), name=scope)
        if known_a is not None and known_b is not None:
            out.set_shape(known_a + known_b)
        return out


def _dot_operand(x, axes, axes_first):
    """``x`` as the matrix ``[free, contracted]`` (``[contracted, free]`` if ``axes_first``)
    that tensordot multiplies, with shapes read at run time; also the tensor of its free dims
    and their static values (None when the rank is unknown). ``axes`` is a list of axes, or
    ``-n`` for the last ``n`` axes of an ``x`` of unknown rank."""
    from .creation import constant
    from .creation import range as _range
    from .math import add, cast, equal, less, logical_not, where
    from .reduce import reduce_any, reduce_prod
    from .shape import concat, expand_dims, gather, rank, reshape, shape, stack, transpose
    dims = shape(x)
    if x.shape.ndims is not None:  # the axes are known: only dims are read when run
        r = x.shape.ndims
        free = [i for i in range(r) if i not in axes]
        known = [x.shape.as_tuple()[i] for i in free]
        perm = axes + free if axes_first else free + axes
        free_t, axes_t = (constant(np.array(v, np.int32)) for v in (free, axes))
    else:
        known = None
        r = rank(x)
        if isinstance(axes, int):  # the last -axes of them
            cut = add(r, constant(axes, _dt.int32))
            axes_t, free_t = _range(cut, r), _range(cut)
        else:
            axes_t = constant(np.array(axes, np.int32))
            axes_t = where(less(axes_t, 0), add(axes_t, r), axes_t)
            used = reduce_any(equal(expand_dims(_range(r), 1), expand_dims(axes_t, 0)), 1)
            free_t = reshape(cast(where(logical_not(used)), _dt.int32), [-1])
        perm = concat([axes_t, free_t] if axes_first else [free_t, axes_t], 0)
    free_dims = gather(dims, free_t)
    n_free, n_axes = reduce_prod(free_dims), reduce_prod(gather(dims, axes_t))
    m = reshape(transpose(x, perm), stack([n_axes, n_free] if axes_first else [n_free, n_axes]))
    return m, free_dims, known


# -- truncating division ---------------------------------------------------------------------------
@register
class TruncateDiv(_Binary):
    """``x / y`` rounded toward zero (C's integer division)."""

    differentiable = False
    kinds = "fiu"

    def forward(self, xp, x, y):
        if x.dtype.kind in "iu":
            if (y == 0).any():
                raise _errors.InvalidArgumentError(None, None, "Integer division by zero")
            q = xp.abs(x) // xp.abs(y)
            return xp.where((x < 0) != (y < 0), -q, q).astype(x.dtype)
        return xp.trunc(xp.true_divide(x, y)).astype(x.dtype)


@register
class TruncateMod(_Binary):
    """The remainder of ``truncatediv``: the sign of ``x`` (C's ``fmod``)."""

    differentiable = False
    kinds = "fiu"

    def forward(self, xp, x, y):
        if x.dtype.kind in "iu" and (y == 0).any():
            raise _errors.InvalidArgumentError(None, None, "Integer division by zero")
        return xp.fmod(x, y)


def truncatediv(x, y, name=None):
    """Division rounding toward zero: ``truncatediv(-7, 2)`` is ``-3``."""
    from .math import _pair
    x, y = _pair(x, y)
    return TruncateDiv().bind(x, y, name=name or "TruncateDiv")


def truncatemod(x, y, name=None):
    """The remainder with the sign of ``x``: ``truncatemod(-7, 3)`` is ``-1``."""
    from .math import _pair
    x, y = _pair(x, y)
    return TruncateMod().bind(x, y, name=name or "TruncateMod")
