"""Debugging ops of TF 1: ``check_numerics``/``verify_tensor_all_finite``, ``Print``, and
``hessians`` (built from ``gradients``, as TF 1 builds it)."""

import sys

import numpy as np

from ..backend import to_numpy

from .. import errors as _errors
from .. import graph as _g
from .creation import convert_to_tensor
from .registry import Op, Spec, dtype_error, register

__all__ = ["check_numerics", "verify_tensor_all_finite", "Print", "hessians"]

_GRAD_MESSAGE = "Not a number (NaN) or infinity (Inf) values detected in gradient. "


@register
class CheckNumerics(Op):
    """``x`` unchanged; the run fails with ``message`` when ``x`` holds a NaN or an Inf."""

    stateful = True  # never folded or merged away: the check must run

    def __init__(self, message):
        self.message = message

    def infer(self, x):
        if not x.dtype.is_floating:
            raise dtype_error("tensor", x.dtype, "bfloat16, float16, float32, float64")
        return Spec(x.shape, x.dtype)

    def make_kernel(self, ctx, node):
        message, xp = self.message, ctx.xp

        def kernel(x):
            nan, inf = bool(xp.isnan(x).any()), bool(xp.isinf(x).any())
            if nan or inf:
                what = "Inf and NaN" if nan and inf else ("NaN" if nan else "Inf")
                raise _errors.InvalidArgumentError(
                    None, node, f"{message} : Tensor had {what} values\n\t [[node "
                    f"{node.name}]]")
            return x
        return kernel

    def gradient(self, g, y, x):
        return (CheckNumerics(_GRAD_MESSAGE + self.message).bind(g),)


def check_numerics(tensor, message, name=None):
    """``tensor``, checked when run: a NaN or Inf fails the run with InvalidArgumentError
    "``message`` : Tensor had NaN values". Its gradient is checked the same way.

    Example:
        >>> y = tf.check_numerics(tf.log(x), "log(x)")
    """
    return CheckNumerics(str(message)).bind(convert_to_tensor(tensor),
                                            name=name or "CheckNumerics")


def verify_tensor_all_finite(t=None, msg=None, name=None, x=None, message=None):
    """``t`` (an identity that runs ``check_numerics(t, msg)`` first).

    Example:
        >>> y = tf.verify_tensor_all_finite(y, "y is not finite")
    """
    from .control import with_dependencies
    t = x if t is None else t
    msg = message if msg is None else msg
    with _g.name_scope(name, "VerifyFinite", [t]):
        t = convert_to_tensor(t, name="x")
        return with_dependencies([check_numerics(t, msg)], t)


# -- Print -----------------------------------------------------------------------------------------
@register
class PrintOp(Op):
    """``input_`` unchanged; writes ``message`` and a summary of each ``data`` tensor to
    stderr each time it runs (the first ``first_n`` times when ``first_n`` >= 0)."""

    type_name = "Print"
    stateful = True  # a side effect: never folded or merged

    def __init__(self, message="", first_n=-1, summarize=3):
        self.message, self.first_n, self.summarize = message, first_n, summarize

    def infer(self, x, *data):
        return Spec(x.shape, x.dtype)

    def make_kernel(self, ctx, node):
        count = [0]

        def kernel(x, *data):
            if self.first_n < 0 or count[0] < self.first_n:
                count[0] += 1
                # the data are formatted on the host; x passes through where it lives
                parts = "".join(f"[{_summarize(to_numpy(d), self.summarize)}]" for d in data)
                sys.stderr.write(f"{self.message}{parts}\n")
            return x
        return kernel

    def gradient(self, g, y, x, *data):
        return (g,) + (None,) * len(data)


def _element(v):
    if isinstance(v, bytes):
        return v.decode(errors="replace")
    if isinstance(v, (float, np.floating)):
        return f"{v:.9g}" if np.dtype(type(v)) != np.float32 else f"{v:g}"
    if isinstance(v, (bool, np.bool_)):
        return "1" if v else "0"
    return str(v)


def _summarize(value, limit):
    """TF's summary of a tensor: the first ``limit`` entries in nested brackets, ``...``
    where entries were left out."""
    value = np.asarray(value)
    flat = value.ravel()
    total = flat.size
    limit = total if limit < 0 else min(limit, total)
    if value.ndim == 0:
        out = " ".join(_element(flat[i].item() if flat.dtype != object else flat[i])
                       for i in range(limit))
        return out + ("..." if total > limit else "")
    pos = [0]
    out = []

    def one_dim(d):
        if pos[0] >= limit:
            return
        if d == value.ndim - 1:
            for i in range(value.shape[d]):
                if pos[0] >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i:
                    out.append(" ")
                item = flat[pos[0]]
                out.append(_element(item if flat.dtype == object else item.item()))
                pos[0] += 1
            return
        for _ in range(value.shape[d]):
            opened = pos[0] < limit
            if opened:
                out.append("[")
            one_dim(d + 1)
            if pos[0] < limit or opened:
                out.append("]")

    one_dim(0)
    return "".join(out) + ("..." if total > limit else "")


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802
    """``input_`` unchanged; when run, writes ``message`` and the first ``summarize`` (3)
    entries of each tensor in ``data`` to stderr (only the first ``first_n`` runs if given).

    Example:
        >>> x = tf.Print(x, [x, tf.shape(x)], "x and its shape: ")
    """
    x = convert_to_tensor(input_)
    tensors = [convert_to_tensor(np.array(d, dtype=object)) if isinstance(d, str)
               else convert_to_tensor(d) for d in data]
    op = PrintOp(message or "", -1 if first_n is None else int(first_n),
                 3 if summarize is None else int(summarize))
    return op.bind(x, *tensors, name=name or "Print")


# -- hessians --------------------------------------------------------------------------------------
def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """For each ``x`` in ``xs``: the Hessian of ``sum(ys)`` with respect to ``x``, of shape
    ``x.shape + x.shape``, one ``tf.gradients`` call per entry of ``x`` (its size must be
    known at build time here).

    Raises:
        ValueError: ``ys`` does not depend on some ``x``.

    Example:
        >>> x = tf.constant([1., 2.])
        >>> h, = tf.hessians(tf.reduce_sum(x ** 3), x)  # [[6., 0.], [0., 12.]]
    """
    from ..autodiff import gradients
    from .shape import concat, reshape, shape, stack, unstack
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    out = []
    with _g.name_scope(name, "hessians"):
        for grad, x in zip(gradients(ys, xs), xs):
            if grad is None:
                raise ValueError("Tried to convert 'tensor' to a tensor and failed. Error: "
                                 "None values not supported.")
            n = x.shape.num_elements()
            if n is None:
                raise NotImplementedError(
                    f"hessians: the size of {x.name} must be known when building the graph "
                    f"here (its shape is {x.shape})")
            rows = unstack(reshape(grad, [-1]), num=n) if n else []
            cols = [gradients(r, x)[0] for r in rows]
            cols = [c if c is not None else x * 0 for c in cols]
            flat = stack(cols) if cols else reshape(x, [0] + x.shape.as_list())
            out.append(reshape(flat, x.shape.as_list() * 2 if x.shape.is_fully_defined()
                               else concat([shape(x), shape(x)], 0)))
    return out
