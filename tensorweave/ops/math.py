"""Elementwise math, comparisons, logic, ``cast``, ``where`` and ``matmul``.

Binary ops broadcast as NumPy does; their gradient rules return the full-shape gradient and
``autodiff`` reduces it back to each input's shape.
"""

import math as _math

import numpy as np

from .. import blas as _blas
from .. import onednn as _onednn
from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from ..shapes import broadcast_shapes
from . import kept as _kept
from .creation import convert_to_tensor, zeros_like, ones_like, constant
from .registry import Op, Spec, register, wants_gradient

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "div", "floordiv",
    "floor_div", "mod", "floormod", "pow", "maximum", "minimum", "negative", "neg", "exp",
    "log", "sqrt", "rsqrt", "square", "abs", "sign", "floor", "ceil", "round", "reciprocal",
    "sigmoid", "tanh", "log1p", "expm1", "sin", "cos", "squared_difference",
    "less", "less_equal", "greater", "greater_equal", "equal", "not_equal",
    "logical_and", "logical_or", "logical_not", "logical_xor", "cast", "to_float", "to_int32",
    "to_int64", "to_double", "where", "where_v1", "where_v2", "div_no_nan", "multiply_no_nan",
    "clip_by_value", "matmul", "add_n",
    "is_nan", "is_inf", "is_finite", "scalar_mul", "identity", "stop_gradient",
    "accumulate_n", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
    "erf", "erfc", "atan2", "log_sigmoid",
]


# -- shared shape rules ----------------------------------------------------------------------
class _Unary(Op):
    """Elementwise ``y = f(x)`` keeping shape and dtype; subclasses set ``fn`` (a name in xp)."""

    fresh_output = True
    exact_gradient_shapes = True
    fn = None
    kinds = "fc"  # dtype kinds accepted

    def infer(self, x):
        if x.dtype._np.kind not in self.kinds:
            raise TypeError(f"{self.type_name} does not accept {x.dtype.name} input; it needs "
                            f"{_kinds_text(self.kinds)}. Use tf.cast first.")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return getattr(xp, self.fn)(x)

    def make_kernel(self, ctx, node):
        return _direct_kernel(self, ctx, node)


def _direct_kernel(op, ctx, node):
    """The array module's function itself when ``forward`` is the plain ``xp.<fn>`` call: one
    Python call per op on the hot path instead of three."""
    if op.fn is not None and type(op).forward in (_Unary.forward, _Binary.forward):
        return getattr(ctx.xp, op.fn)
    return Op.make_kernel(op, ctx, node)


def _int_checked(op, ctx, node):
    """For integers, ``xp.<fn>`` after checking for a zero divisor (TF raises
    InvalidArgumentError "Integer division by zero"; NumPy returns 0)."""
    if not node.inputs[0].dtype.is_integer:
        return _direct_kernel(op, ctx, node)
    fn = getattr(ctx.xp, op.fn)

    def kernel(x, y):
        if (y == 0).any():
            raise _errors.InvalidArgumentError(None, node, "Integer division by zero")
        return fn(x, y)
    return kernel


def _no_integer_zero(x, y):
    if x.dtype.kind in "iu" and (y == 0).any():
        raise _errors.InvalidArgumentError(None, None, "Integer division by zero")


def _kinds_text(kinds):
    names = {"f": "floating", "c": "complex", "i": "signed integer", "u": "unsigned integer",
             "b": "bool"}
    return " or ".join(names[k] for k in kinds) + " values"


class _Binary(Op):
    """Elementwise ``z = f(x, y)`` with NumPy broadcasting and equal dtypes."""

    fresh_output = True
    fn = None
    kinds = "fciu"
    out_bool = False

    def infer(self, x, y):
        if x.dtype != y.dtype:
            raise TypeError(f"Input 'y' of '{self.type_name}' Op has type {y.dtype.name} that "
                            f"does not match type {x.dtype.name} of argument 'x'.")
        if x.dtype._np.kind not in self.kinds:
            raise TypeError(f"{self.type_name} does not accept {x.dtype.name} inputs; it "
                            f"needs {_kinds_text(self.kinds)}.")
        shape = broadcast_shapes(x.shape, y.shape)
        return Spec(shape, _dt.bool if self.out_bool else x.dtype)

    def forward(self, xp, x, y):
        return getattr(xp, self.fn)(x, y)

    def make_kernel(self, ctx, node):
        return _direct_kernel(self, ctx, node)


def _eager_values(x, y):
    """Executing eagerly in this thread, with operands that are eager tensors or plain
    values (not graph tensors or variables, whose ops would need their names)."""
    if not _context._mode["eager"] or _g._state.stack:
        return False
    for v in (x, y):
        if type(v) is not _EagerTensor and (isinstance(v, _g.Tensor) or
                                            hasattr(v, "_as_tensor")):
            return False
    return True


def _pair(x, y):
    """Converts the operands of a binary op: a Python/NumPy operand takes the other's dtype."""
    if isinstance(x, _g.Tensor) or hasattr(x, "_as_tensor"):
        x = convert_to_tensor(x)
        y = _convert_operand(y, x.dtype, "y")
    elif isinstance(y, _g.Tensor) or hasattr(y, "_as_tensor"):
        y = convert_to_tensor(y)
        x = _convert_operand(x, y.dtype, "x")
    else:
        x = convert_to_tensor(x)
        y = _convert_operand(y, x.dtype, "y")
    return x, y


def _convert_operand(v, dtype, arg):
    if isinstance(v, _g.Tensor) or hasattr(v, "_as_tensor"):
        return convert_to_tensor(v)
    try:
        return convert_to_tensor(v, dtype=dtype, name=arg)
    except (TypeError, ValueError) as e:
        raise TypeError(f"Expected {dtype.name} for argument '{arg}', got {v!r} of type "
                        f"'{type(v).__name__}' instead. ({e})") from None


# -- arithmetic ------------------------------------------------------------------------------
@register
class AddV2(_Binary):
    """``x + y``."""

    fn = "add"

    def gradient(self, g, z, x, y):
        return g, g


@register
class Sub(_Binary):
    """``x - y``."""

    fn = "subtract"

    def gradient(self, g, z, x, y):
        return g, negative(g) if wants_gradient(1) else None


@register
class Mul(_Binary):
    """``x * y``."""

    fn = "multiply"
    kinds = "fciub"

    def forward(self, xp, x, y):
        if x.dtype == np.bool_:
            return xp.logical_and(x, y)
        return xp.multiply(x, y)

    def make_kernel(self, ctx, node):
        if node.inputs[0].dtype.is_bool:
            return ctx.xp.logical_and
        return ctx.xp.multiply

    def gradient(self, g, z, x, y):
        return (multiply(g, y) if wants_gradient(0) else None,
                multiply(x, g) if wants_gradient(1) else None)


@register
class RealDiv(_Binary):
    """``x / y`` for floating types."""

    fn = "true_divide"
    kinds = "fc"

    def gradient(self, g, z, x, y):
        return (realdiv(g, y) if wants_gradient(0) else None,
                multiply(g, realdiv(realdiv(negative(x), y), y)) if wants_gradient(1)
                else None)


@register
class Div(_Binary):
    """TF1's ``tf.div``: true division for floats, floor division for integers (Python 2)."""

    kinds = "fciu"

    def forward(self, xp, x, y):
        if x.dtype.kind in "iu":
            if (y == 0).any():
                raise _errors.InvalidArgumentError(None, None, "Integer division by zero")
            return xp.floor_divide(x, y)
        return xp.true_divide(x, y)

    def gradient(self, g, z, x, y):
        if not x.dtype.is_floating:
            return None, None
        return realdiv(g, y), multiply(g, realdiv(realdiv(negative(x), y), y))


@register
class FloorDiv(_Binary):
    """``x // y``, rounding toward negative infinity."""

    fn = "floor_divide"
    differentiable = False

    def forward(self, xp, x, y):
        _no_integer_zero(x, y)  # eager mode (a plan's kernel checks in _int_checked)
        return xp.floor_divide(x, y)

    def make_kernel(self, ctx, node):
        return _int_checked(self, ctx, node)


@register
class FloorMod(_Binary):
    """``x % y`` with the sign of ``y`` (Python semantics); a zero remainder keeps
    ``fmod``'s sign (TF's rule: ``-6.0 % 3.0`` is ``-0.0``)."""

    fn = "mod"

    def forward(self, xp, x, y):
        if x.dtype.kind not in "fc":
            _no_integer_zero(x, y)
            return xp.mod(x, y)
        r = xp.fmod(x, y)
        return xp.where((r != 0) & ((r < 0) != (y < 0)), r + y, r)

    def make_kernel(self, ctx, node):
        if node.inputs[0].dtype.is_floating:
            return Op.make_kernel(self, ctx, node)
        return _int_checked(self, ctx, node)

    def gradient(self, g, z, x, y):
        return g, multiply(negative(g), floordiv(x, y))


@register
class Pow(_Binary):
    """``x ** y``."""

    fn = "power"

    def forward(self, xp, x, y):
        if x.dtype.kind in "iu" and np.any(y < 0):
            raise ValueError("Integers to negative integer powers are not allowed")
        return xp.power(x, y)

    def make_kernel(self, ctx, node):
        # x ** c for a known scalar c: a cheaper kernel with the same result (the general
        # power routine is several times slower than a multiply).
        from .registry import constant_value
        c = constant_value(node.inputs[1])
        if c is not None and np.ndim(c) == 0 and node.inputs[0].dtype.is_floating:
            special = {1.0: ctx.xp.positive, 2.0: ctx.xp.square, 0.5: ctx.xp.sqrt,
                       -1.0: ctx.xp.reciprocal}.get(float(c))
            if special is not None:
                def kernel(x, y, out=None):
                    return special(x, out=out)
                kernel.accepts_out = True  # a planned buffer (compiler/memory.py) …
                kernel.chunk = kernel      # … and elementwise (compiler/fuse.py)
                kernel.scalar = {1.0: "({0})", 2.0: "({0} * {0})", 0.5: "np.sqrt({0})",
                                 -1.0: "(_one / {0})"}[float(c)]  # compiler/fuse_loop.py
                return kernel
        return Op.make_kernel(self, ctx, node)

    def gradient(self, g, z, x, y):
        from .registry import constant_value
        c = constant_value(y)
        if c is not None and np.ndim(c) == 0 and float(c) == 2.0 and x.dtype.is_floating:
            # x ** 2: TF's g * (y * x ** (y - 1)) is g * (2 * x) exactly (x ** 1 == x), so
            # skip computing the power (one pass over x less, same numbers)
            gx = multiply(g, multiply(y, x))
        else:
            gx = multiply(g, multiply(y, pow(x, subtract(y, constant(1, dtype=y.dtype)))))
        if not wants_gradient(1):  # a tape that needs no gradient for the exponent
            return gx, None
        zero = zeros_like(x)
        log_x = where(greater(x, zero), log(where(greater(x, zero), x, ones_like(x))), zero)
        gy = multiply(g, multiply(z, log_x))
        return gx, gy


@register
class Maximum(_Binary):
    """Elementwise larger of ``x`` and ``y``; ties send the gradient to ``x``."""

    fn = "maximum"

    def gradient(self, g, z, x, y):
        mask = greater_equal(x, y)
        zero = zeros_like(g)
        return where(mask, g, zero), where(mask, zero, g)


@register
class Minimum(_Binary):
    """Elementwise smaller of ``x`` and ``y``; ties send the gradient to ``x``."""

    fn = "minimum"

    def gradient(self, g, z, x, y):
        mask = less_equal(x, y)
        zero = zeros_like(g)
        return where(mask, g, zero), where(mask, zero, g)


@register
class SquaredDifference(_Binary):
    """``(x - y) ** 2`` in one op."""

    kinds = "fci"

    def forward(self, xp, x, y):
        d = xp.subtract(x, y)
        # in place unless 0-d (a NumPy ufunc gives a scalar there, which takes no ``out``)
        return xp.multiply(d, d, out=d) if isinstance(d, xp.ndarray) else xp.multiply(d, d)

    def gradient(self, g, z, x, y):
        two = constant(2, dtype=g.dtype)
        gx = multiply(g, multiply(two, subtract(x, y)))
        return gx, negative(gx)


@register
class Atan2(_Binary):
    """``atan(y / x)`` with the quadrant of ``(x, y)``: ``atan2(y, x)`` (floats)."""

    fn = "arctan2"
    kinds = "f"

    def gradient(self, g, z, y, x):
        denom = add(square(x), square(y))
        return multiply(g, realdiv(x, denom)), negative(multiply(g, realdiv(y, denom)))


def _binary_fn(cls, default_name):
    def fn(x, y, name=None):
        if isinstance(x, _g.Tensor) and isinstance(y, _g.Tensor):
            return cls().bind(x, y, name=name or default_name)
        if _eager_values(x, y):  # run now (TF 2 names no eager op): no scope to open
            x, y = _pair(x, y)
            return cls().bind(x, y)
        # Python/NumPy operands become constants inside the op's scope ("mul/y"), as in TF.
        with _g.name_scope(name, default_name, _tensors_of(x, y)) as scope:
            x, y = _pair(x, y)
            return cls().bind(x, y, name=scope)
    return fn


def _tensors_of(*values):
    return [v for v in values if isinstance(v, _g.Tensor)]


def add(x, y, name=None):
    """``x + y`` elementwise with broadcasting. Example: ``tf.add([1., 2.], 1.)`` → [2, 3]."""
    return _binary_fn(AddV2, "Add")(x, y, name)


def subtract(x, y, name=None):
    """``x - y`` elementwise with broadcasting."""
    return _binary_fn(Sub, "Sub")(x, y, name)


def multiply(x, y, name=None):
    """``x * y`` elementwise with broadcasting."""
    return _binary_fn(Mul, "Mul")(x, y, name)


def realdiv(x, y, name=None):
    """``x / y`` for floating tensors."""
    return _binary_fn(RealDiv, "RealDiv")(x, y, name)


def truediv(x, y, name=None):
    """``x / y``; integer inputs are cast to float64 (int8/16 to float32) first, as Python 3."""
    with _g.name_scope(name, "truediv", _tensors_of(x, y)) as scope:
        x, y = _pair(x, y)
        if x.dtype != y.dtype:  # TF: no promotion between tensors
            raise TypeError(f"x and y must have the same dtype, got {x.dtype!r} != "
                            f"{y.dtype!r}.")
        if x.dtype.is_integer:
            target = _dt.float32 if x.dtype.size <= 2 else _dt.float64
            x, y = cast(x, target), cast(y, target)
        return RealDiv().bind(x, y, name=scope)


def divide(x, y, name=None):
    """``x / y`` (``truediv``)."""
    return truediv(x, y, name=name)


def div(x, y, name=None):
    """TF1's ``tf.div``: floor division for integers, true division for floats."""
    return _binary_fn(Div, "div")(x, y, name)


def floordiv(x, y, name=None):
    """``x // y`` (rounds toward negative infinity; floors floats too)."""
    with _g.name_scope(name, "floordiv", _tensors_of(x, y)) as scope:
        x, y = _pair(x, y)
        if x.dtype.is_floating:
            return floor(realdiv(x, y), name=scope)
        return FloorDiv().bind(x, y, name=scope)


floor_div = floordiv


def mod(x, y, name=None):
    """``x % y`` with Python's sign convention."""
    return _binary_fn(FloorMod, "FloorMod")(x, y, name)


floormod = mod


def pow(x, y, name=None):  # noqa: A001
    """``x ** y`` elementwise."""
    return _binary_fn(Pow, "Pow")(x, y, name)


def maximum(x, y, name=None):
    """Elementwise maximum: ``tf.maximum(h, 0)`` is a ReLU."""
    return _binary_fn(Maximum, "Maximum")(x, y, name)


def minimum(x, y, name=None):
    """Elementwise minimum."""
    return _binary_fn(Minimum, "Minimum")(x, y, name)


def squared_difference(x, y, name=None):
    """``(x - y) ** 2`` elementwise."""
    return _binary_fn(SquaredDifference, "SquaredDifference")(x, y, name)


def scalar_mul(scalar, x, name=None):
    """``scalar * x``."""
    return multiply(scalar, x, name=name or "Mul")


# -- unary -----------------------------------------------------------------------------------
@register
class Neg(_Unary):
    """``-x``."""

    fn = "negative"
    kinds = "fciu"

    def gradient(self, g, y, x):
        return (negative(g),)


@register
class Exp(_Unary):
    """``e ** x``."""

    fn = "exp"

    def gradient(self, g, y, x):
        return (multiply(g, y),)


@register
class Expm1(_Unary):
    """``e ** x - 1``, accurate near 0."""

    fn = "expm1"

    def gradient(self, g, y, x):
        return (multiply(g, exp(x)),)


@register
class Log(_Unary):
    """Natural logarithm."""

    fn = "log"

    def gradient(self, g, y, x):
        return (multiply(g, reciprocal(x)),)


@register
class Log1p(_Unary):
    """``log(1 + x)``, accurate near 0."""

    fn = "log1p"

    def gradient(self, g, y, x):
        return (multiply(g, reciprocal(add(constant(1, dtype=x.dtype), x))),)


@register
class Sqrt(_Unary):
    """Square root."""

    fn = "sqrt"

    def gradient(self, g, y, x):
        # TF's SqrtGrad: 0 where the incoming gradient is 0, even at y = 0 (where(x > 0,
        # sqrt(x), 0) has gradient 0 at 0, not NaN)
        return (multiply_no_nan(realdiv(constant(0.5, dtype=y.dtype), y), g),)


@register
class Rsqrt(_Unary):
    """``1 / sqrt(x)``."""

    def forward(self, xp, x):
        r = xp.sqrt(x)
        return xp.divide(1, r, out=r) if isinstance(r, xp.ndarray) else xp.divide(1, r)

    def gradient(self, g, y, x):
        half = constant(-0.5, dtype=y.dtype)
        return (multiply_no_nan(multiply(half, multiply(y, square(y))), g),)  # as RsqrtGrad


@register
class Reciprocal(_Unary):
    """``1 / x``."""

    def forward(self, xp, x):
        return xp.divide(1, x).astype(x.dtype, copy=False)

    def gradient(self, g, y, x):
        return (multiply_no_nan(negative(square(y)), g),)  # as ReciprocalGrad: 0 where g is 0


@register
class Square(_Unary):
    """``x * x``."""

    fn = "square"
    kinds = "fciu"

    def gradient(self, g, y, x):
        return (multiply(g, multiply(constant(2, dtype=x.dtype), x)),)


@register
class Abs(_Unary):
    """``|x|``."""

    fn = "abs"
    kinds = "fiu"

    def gradient(self, g, y, x):
        return (multiply(g, sign(x)),)


@register
class Sign(_Unary):
    """-1, 0 or 1 by the sign of ``x``."""

    fn = "sign"
    kinds = "fiu"

    def gradient(self, g, y, x):
        return (zeros_like(x),)


@register
class Floor(_Unary):
    """Largest integer not greater than ``x``."""

    fn = "floor"
    differentiable = False


@register
class Ceil(_Unary):
    """Smallest integer not less than ``x``."""

    fn = "ceil"
    differentiable = False


@register
class Round(_Unary):
    """Round half to even, as TensorFlow (and NumPy) do."""

    fn = "rint"
    kinds = "fiu"
    differentiable = False


@register
class Sigmoid(_Unary):
    """``1 / (1 + e ** -x)``."""

    def forward(self, xp, x):
        e = xp.exp(-x)
        e += 1
        return xp.divide(1, e, out=e) if isinstance(e, xp.ndarray) else xp.divide(1, e)

    def gradient(self, g, y, x):
        return (multiply(g, multiply(y, subtract(constant(1, dtype=y.dtype), y))),)


@register
class Tanh(_Unary):
    """Hyperbolic tangent."""

    fn = "tanh"

    def gradient(self, g, y, x):
        return (multiply(g, subtract(constant(1, dtype=y.dtype), square(y))),)


@register
class Sin(_Unary):
    """Sine."""

    fn = "sin"

    def gradient(self, g, y, x):
        return (multiply(g, cos(x)),)


@register
class Cos(_Unary):
    """Cosine."""

    fn = "cos"

    def gradient(self, g, y, x):
        return (negative(multiply(g, sin(x))),)


@register
class Tan(_Unary):
    """Tangent."""

    fn = "tan"

    def gradient(self, g, y, x):
        return (multiply(g, square(reciprocal(cos(x)))),)


@register
class Asin(_Unary):
    """Inverse sine (NaN outside [-1, 1])."""

    fn = "arcsin"

    def gradient(self, g, y, x):
        one = constant(1, dtype=x.dtype)
        return (multiply(g, rsqrt(subtract(one, square(x)))),)


@register
class Acos(_Unary):
    """Inverse cosine (NaN outside [-1, 1])."""

    fn = "arccos"

    def gradient(self, g, y, x):
        one = constant(1, dtype=x.dtype)
        return (negative(multiply(g, rsqrt(subtract(one, square(x))))),)


@register
class Atan(_Unary):
    """Inverse tangent."""

    fn = "arctan"

    def gradient(self, g, y, x):
        one = constant(1, dtype=x.dtype)
        return (multiply(g, reciprocal(add(one, square(x)))),)


@register
class Sinh(_Unary):
    """Hyperbolic sine."""

    fn = "sinh"

    def gradient(self, g, y, x):
        return (multiply(g, cosh(x)),)


@register
class Cosh(_Unary):
    """Hyperbolic cosine."""

    fn = "cosh"

    def gradient(self, g, y, x):
        return (multiply(g, sinh(x)),)


@register
class Asinh(_Unary):
    """Inverse hyperbolic sine."""

    fn = "arcsinh"

    def gradient(self, g, y, x):
        return (realdiv(g, cosh(y)),)


@register
class Acosh(_Unary):
    """Inverse hyperbolic cosine (NaN below 1)."""

    fn = "arccosh"

    def gradient(self, g, y, x):
        return (realdiv(g, sinh(y)),)


@register
class Atanh(_Unary):
    """Inverse hyperbolic tangent."""

    fn = "arctanh"

    def gradient(self, g, y, x):
        one = constant(1, dtype=x.dtype)
        return (multiply(g, reciprocal(subtract(one, square(x)))),)


def _vectorized(fn):
    """An elementwise NumPy function from a scalar ``math`` function, computed in float64
    and returned in the input's dtype (NumPy has no ``erf``)."""
    ufunc = np.frompyfunc(fn, 1, 1)

    def apply(xp, x):
        host = np.asarray(x.get() if hasattr(x, "get") else x)
        out = np.asarray(ufunc(host.astype(np.float64)), dtype=np.float64).astype(host.dtype)
        return xp.asarray(out)
    return apply


_erf = _vectorized(_math.erf)
_erfc = _vectorized(_math.erfc)


@register
class Erf(_Unary):
    """The Gauss error function."""

    def forward(self, xp, x):
        return _erf(xp, x)

    def gradient(self, g, y, x):
        k = constant(2.0 / _math.sqrt(_math.pi), dtype=x.dtype)
        return (multiply(g, multiply(k, exp(negative(square(x))))),)


@register
class Erfc(_Unary):
    """The complementary error function ``1 - erf(x)``."""

    def forward(self, xp, x):
        return _erfc(xp, x)

    def gradient(self, g, y, x):
        k = constant(-2.0 / _math.sqrt(_math.pi), dtype=x.dtype)
        return (multiply(g, multiply(k, exp(negative(square(x))))),)


def _unary_fn(cls, default_name):
    def fn(x, name=None):
        return cls().bind(convert_to_tensor(x), name=name or default_name)
    fn.__name__ = default_name.lower()
    fn.__doc__ = cls.__doc__
    return fn


negative = _unary_fn(Neg, "Neg")
neg = negative
exp = _unary_fn(Exp, "Exp")
expm1 = _unary_fn(Expm1, "Expm1")
log = _unary_fn(Log, "Log")
log1p = _unary_fn(Log1p, "Log1p")
sqrt = _unary_fn(Sqrt, "Sqrt")
rsqrt = _unary_fn(Rsqrt, "Rsqrt")
reciprocal = _unary_fn(Reciprocal, "Reciprocal")
square = _unary_fn(Square, "Square")
sign = _unary_fn(Sign, "Sign")
floor = _unary_fn(Floor, "Floor")
ceil = _unary_fn(Ceil, "Ceil")
_round = _unary_fn(Round, "Round")


def round(x, name=None):  # noqa: A001 - TF's name
    """Round half to even; an integer tensor is returned as it is (TF's rule)."""
    x = convert_to_tensor(x)
    return x if x.dtype.is_integer else _round(x, name=name)
sigmoid = _unary_fn(Sigmoid, "Sigmoid")
tanh = _unary_fn(Tanh, "Tanh")
sin = _unary_fn(Sin, "Sin")
cos = _unary_fn(Cos, "Cos")
_abs = _unary_fn(Abs, "Abs")
tan = _unary_fn(Tan, "Tan")
asin = _unary_fn(Asin, "Asin")
acos = _unary_fn(Acos, "Acos")
atan = _unary_fn(Atan, "Atan")
sinh = _unary_fn(Sinh, "Sinh")
cosh = _unary_fn(Cosh, "Cosh")
asinh = _unary_fn(Asinh, "Asinh")
acosh = _unary_fn(Acosh, "Acosh")
atanh = _unary_fn(Atanh, "Atanh")
erf = _unary_fn(Erf, "Erf")
erfc = _unary_fn(Erfc, "Erfc")


def atan2(y, x, name=None):
    """Elementwise ``atan2(y, x)``: the angle of the point ``(x, y)``, in ``[-pi, pi]``."""
    return _binary_fn(Atan2, "Atan2")(y, x, name)


def log_sigmoid(x, name=None):
    """``log(sigmoid(x))``, computed as ``-softplus(-x)`` so it stays finite for large
    negative ``x``."""
    from .nn import softplus
    with _g.name_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return negative(softplus(negative(x)), name=scope)


def abs(x, name=None):  # noqa: A001
    """Elementwise absolute value."""
    return _abs(x, name=name)


# -- comparisons and logic ---------------------------------------------------------------------
class _Compare(_Binary):
    out_bool = True
    differentiable = False
    kinds = "fciub"


@register
class Less(_Compare):
    """Elementwise ``x < y`` (bool result)."""

    fn = "less"


@register
class LessEqual(_Compare):
    """Elementwise ``x <= y`` (bool result)."""

    fn = "less_equal"


@register
class Greater(_Compare):
    """Elementwise ``x > y`` (bool result)."""

    fn = "greater"


@register
class GreaterEqual(_Compare):
    """Elementwise ``x >= y`` (bool result)."""

    fn = "greater_equal"


@register
class Equal(_Compare):
    """Elementwise ``x == y`` (bool result)."""

    fn = "equal"


@register
class NotEqual(_Compare):
    """Elementwise ``x != y`` (bool result)."""

    fn = "not_equal"


class _Logical(_Binary):
    kinds = "b"
    differentiable = False


@register
class LogicalAnd(_Logical):
    """Elementwise ``x and y`` (bool result)."""

    fn = "logical_and"


@register
class LogicalOr(_Logical):
    """Elementwise ``x or y`` (bool result)."""

    fn = "logical_or"


@register
class LogicalNot(_Unary):
    """Elementwise ``not x`` (bool result)."""

    fn = "logical_not"
    kinds = "b"
    differentiable = False


@register
class IsNan(_Unary):
    """Elementwise ``whether x is NaN`` (bool result)."""

    fn = "isnan"
    differentiable = False

    def infer(self, x):
        return Spec(super().infer(x).shape, _dt.bool)


@register
class IsInf(IsNan):
    """Elementwise ``whether x is infinite`` (bool result)."""

    fn = "isinf"


@register
class IsFinite(IsNan):
    """Elementwise ``whether x is finite`` (bool result)."""

    fn = "isfinite"


less = _binary_fn(Less, "Less")
less_equal = _binary_fn(LessEqual, "LessEqual")
greater = _binary_fn(Greater, "Greater")
greater_equal = _binary_fn(GreaterEqual, "GreaterEqual")
equal = _binary_fn(Equal, "Equal")
not_equal = _binary_fn(NotEqual, "NotEqual")
class _Bitwise(_Binary):
    kinds = "iu"
    differentiable = False


@register
class BitwiseAnd(_Bitwise):
    """Elementwise ``x & y`` of integers."""

    fn = "bitwise_and"


@register
class BitwiseOr(_Bitwise):
    """Elementwise ``x | y`` of integers."""

    fn = "bitwise_or"


@register
class BitwiseXor(_Bitwise):
    """Elementwise ``x ^ y`` of integers."""

    fn = "bitwise_xor"


@register
class LeftShift(_Bitwise):
    """Elementwise ``x << y`` of integers."""

    fn = "left_shift"


@register
class RightShift(_Bitwise):
    """Elementwise ``x >> y`` of integers (arithmetic for signed ones)."""

    fn = "right_shift"


@register
class Invert(_Unary):
    """Elementwise ``~x`` of integers (every bit flipped)."""

    fn = "invert"
    kinds = "iu"
    differentiable = False


bitwise_and = _binary_fn(BitwiseAnd, "BitwiseAnd")
bitwise_or = _binary_fn(BitwiseOr, "BitwiseOr")
bitwise_xor = _binary_fn(BitwiseXor, "BitwiseXor")
left_shift = _binary_fn(LeftShift, "LeftShift")
right_shift = _binary_fn(RightShift, "RightShift")
invert = _unary_fn(Invert, "Invert")
logical_and = _binary_fn(LogicalAnd, "LogicalAnd")
logical_or = _binary_fn(LogicalOr, "LogicalOr")
logical_not = _unary_fn(LogicalNot, "LogicalNot")
is_nan = _unary_fn(IsNan, "IsNan")
is_inf = _unary_fn(IsInf, "IsInf")
is_finite = _unary_fn(IsFinite, "IsFinite")
for _f, _d in ((less, "x < y"), (less_equal, "x <= y"), (greater, "x > y"),
               (greater_equal, "x >= y"), (equal, "x == y"), (not_equal, "x != y"),
               (logical_and, "x and y"), (logical_or, "x or y")):
    _f.__doc__ = f"Elementwise ``{_d}`` with broadcasting; a bool tensor."


def logical_xor(x, y, name="LogicalXor"):
    """Elementwise exclusive or of two bool tensors."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


# -- cast, where, clip -------------------------------------------------------------------------
@register
class Cast(Op):
    """Converts to ``dtype`` (floats to ints truncate toward zero)."""

    fresh_output = True
    exact_gradient_shapes = True

    def __init__(self, dtype):
        self.dtype = dtype

    def infer(self, x):
        return Spec(x.shape, self.dtype)

    def forward(self, xp, x):
        return x.astype(self.dtype.as_numpy_dtype)

    def gradient(self, g, y, x):
        if x.dtype.is_floating and self.dtype.is_floating:
            return (cast(g, x.dtype),)
        return (None,)


def cast(x, dtype, name=None):
    """``x`` converted to ``dtype``. Example: ``tf.cast([1.7, -1.7], tf.int32)`` → [1, -1]."""
    dtype = _dt.as_dtype(dtype)
    x = convert_to_tensor(x)
    if x.dtype == dtype:
        return identity(x, name=name) if name else x
    return Cast(dtype).bind(x, name=name or "Cast")


def to_float(x, name="ToFloat"):
    return cast(x, _dt.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, _dt.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, _dt.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, _dt.int64, name=name)


def _check_select(c, x, y):
    """The dtype rules of both selects: a bool condition, x and y of one dtype."""
    if not c.dtype.is_bool:
        raise TypeError(f"where: condition must be bool, got {c.dtype.name}")
    if x.dtype != y.dtype:
        raise TypeError(f"where: x and y must have the same dtype, got {x.dtype.name} "
                        f"and {y.dtype.name}")


@register
class SelectV2(Op):
    """``where(cond, x, y)`` elementwise with broadcasting of all three."""

    fresh_output = True

    def infer(self, c, x, y):
        _check_select(c, x, y)
        shape = broadcast_shapes(broadcast_shapes(c.shape, x.shape), y.shape)
        return Spec(shape, x.dtype)

    def forward(self, xp, c, x, y):
        return xp.where(c, x, y)

    def gradient(self, g, z, c, x, y):
        zero = zeros_like(g)
        return None, where(c, g, zero), where(c, zero, g)


@register
class Select(Op):
    """TF 1's ``where(cond, x, y)``: ``x`` and ``y`` of one shape, ``cond`` a scalar, of that
    shape, or a vector with one entry per row of ``x`` (choosing whole rows). Which of the
    three is decided at run time, so any of the shapes may be unknown when building."""

    fresh_output = True

    def infer(self, c, x, y):
        _check_select(c, x, y)
        if x.shape is None or y.shape is None:
            return Spec(y.shape if x.shape is None else x.shape, x.dtype)
        if len(x.shape) != len(y.shape) or any(
                a is not None and b is not None and a != b for a, b in zip(x.shape, y.shape)):
            raise ValueError(f"Dimensions must be equal: x has shape {list(x.shape)} and y "
                             f"has shape {list(y.shape)}")
        return Spec(tuple(b if a is None else a for a, b in zip(x.shape, y.shape)), x.dtype)

    def forward(self, xp, c, x, y):
        if x.shape != y.shape:
            raise _errors.InvalidArgumentError(
                None, None, "'then' and 'else' must have the same size.  but received: "
                f"{list(x.shape)} vs. {list(y.shape)}")
        if c.ndim == 0 or c.shape == x.shape:
            return xp.where(c, x, y)
        if c.ndim != 1:
            raise _errors.InvalidArgumentError(
                None, None, "Inputs to operation Select must have the same size and shape.  "
                f"Input 0: {list(c.shape)} != input 1: {list(x.shape)}")
        if x.ndim == 0:
            raise _errors.InvalidArgumentError(
                None, None, "'then' must be at least a vector, but saw shape: []")
        if c.shape[0] != x.shape[0]:
            raise _errors.InvalidArgumentError(
                None, None, "Number of batches of 'then' must match size of 'cond', but "
                f"saw: {c.shape[0]} vs. {x.shape[0]}")
        return xp.where(c.reshape((-1,) + (1,) * (x.ndim - 1)), x, y)  # whole rows

    def gradient(self, g, z, c, x, y):
        zero = zeros_like(g)
        return None, Select().bind(c, g, zero), Select().bind(c, zero, g)


@register
class Where(Op):
    """The coordinates (int64, one row per element) where ``cond`` is true."""

    fresh_output = True
    differentiable = False

    def infer(self, c):
        return Spec((None, c.rank), _dt.int64)

    def forward(self, xp, c):
        return xp.argwhere(c).astype(np.int64)


def where(condition, x=None, y=None, name=None):
    """``x`` where ``condition`` holds, else ``y`` (broadcasting); with only ``condition``,
    the int64 coordinates of its true elements."""
    condition = convert_to_tensor(condition)
    if x is None and y is None:
        return Where().bind(condition, name=name or "Where")
    if x is None or y is None:
        raise ValueError("x and y must both be given, or neither.")
    x, y = _pair(x, y)
    return SelectV2().bind(condition, x, y, name=name or "SelectV2")


where_v2 = where


def multiply_no_nan(x, y, name=None):
    """``x * y``, and 0 wherever ``y`` is 0 (even when ``x`` is inf or NaN there)."""
    with _g.name_scope(name, "multiply_no_nan", [x, y]) as scope:
        x, y = _pair(x, y)
        return where(equal(y, zeros_like(y)), zeros_like(multiply(x, y)), multiply(x, y),
                     name=scope)


def div_no_nan(x, y, name=None):
    """``x / y``, and 0 wherever ``y`` is 0 (even when ``x`` is 0, inf or NaN there)."""
    with _g.name_scope(name, "div_no_nan", [x, y]) as scope:
        x, y = _pair(x, y)
        zero = zeros_like(y)
        is_zero = equal(y, zero)
        safe = where(is_zero, ones_like(y), y)
        return where(is_zero, zeros_like(x), realdiv(x, safe), name=scope)


def where_v1(condition, x=None, y=None, name=None):
    """TF 1's ``tf.where`` (the ``Select`` op): ``x`` and ``y`` of one shape, ``condition``
    of that shape, a scalar, or a vector choosing whole rows; no broadcasting. With only
    ``condition``: the int64 coordinates of its true elements.

    Raises:
        ValueError: shapes that TF 1's ``Select`` rejects.
    """
    if x is None or y is None:  # coordinates, or the error: as where_v2
        return where(condition, x, y, name=name)
    condition = convert_to_tensor(condition)
    x, y = _pair(x, y)
    xs, ys, cs = x.shape, y.shape, condition.shape
    if not xs.is_compatible_with(ys):
        raise ValueError(f"Dimensions must be equal: x has shape {xs} and y has shape {ys} "
                         "(tf.where of TF 1 does not broadcast; use tf.where_v2)")
    xy = xs.merge_with(ys)
    rows = cs.ndims == 1 and (xy.ndims is None or xy.ndims > 1)
    if rows and xy.ndims is not None and None not in (cs[0].value, xy[0].value) and \
            cs[0].value != xy[0].value:
        raise ValueError(f"condition of shape {cs} must have one element per row of x "
                         f"(shape {xs})")
    if not rows and cs.ndims not in (None, 0) and not cs.is_compatible_with(xy):
        raise ValueError(f"Dimensions must be equal: condition of shape {cs} must be a "
                         f"scalar, a vector of x's rows, or of x's shape {xs}")
    if rows or cs.ndims is None:  # rows, or which of the three is only known at run time
        return Select().bind(condition, x, y, name=name or "Select")
    return SelectV2().bind(condition, x, y, name=name or "Select")  # elementwise


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clamps ``t`` to ``[clip_value_min, clip_value_max]``; the gradient passes inside."""
    with _g.name_scope(name, "clip_by_value") as scope:
        t = convert_to_tensor(t)
        lo = _convert_operand(clip_value_min, t.dtype, "clip_value_min")
        hi = _convert_operand(clip_value_max, t.dtype, "clip_value_max")
        for bound in (lo, hi):  # TF: the bounds may not make the result larger than t
            try:
                out = broadcast_shapes(t.shape.as_tuple(), bound.shape.as_tuple())
            except ValueError:
                out = None  # incompatible: minimum/maximum report it
            if out is not None and not t.shape.is_compatible_with(out):
                raise ValueError(f"Shapes {t.shape} and {bound.shape} are incompatible: "
                                 "clip_by_value's bounds would make the result larger "
                                 "than its input")
        return maximum(minimum(t, hi, name="Minimum"), lo, name=scope)


# -- matmul ----------------------------------------------------------------------------------
SWAP_WIDE = True


@register
class MatMul(Op):
    """Matrix product of the last two dims; leading (batch) dims broadcast."""

    fresh_output = True

    def __init__(self, transpose_a=False, transpose_b=False):
        self.transpose_a = transpose_a
        self.transpose_b = transpose_b

    def gradient_shapes_exact(self, node):
        # two matrices: nothing broadcasts (batch dims may)
        return all(t.shape.ndims == 2 for t in node.inputs)

    def infer(self, a, b):
        if a.dtype != b.dtype:
            raise TypeError(f"Input 'b' of 'MatMul' Op has type {b.dtype.name} that does not "
                            f"match type {a.dtype.name} of argument 'a'.")
        if not (a.dtype.is_floating or a.dtype.is_integer):
            raise TypeError(f"MatMul does not accept {a.dtype.name} inputs.")
        if a.shape is None or b.shape is None:
            return Spec(None, a.dtype)
        if len(a.shape) < 2 or len(b.shape) < 2:
            raise ValueError(f"Shape must be rank >= 2 but is rank "
                             f"{min(len(a.shape), len(b.shape))}")
        m, k1 = (a.shape[-1], a.shape[-2]) if self.transpose_a else a.shape[-2:]
        k2, n = (b.shape[-1], b.shape[-2]) if self.transpose_b else b.shape[-2:]
        if k1 is not None and k2 is not None and k1 != k2:
            raise ValueError(f"Dimensions must be equal, but are {k1} and {k2}")
        batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
        return Spec(tuple(batch) + (m, n), a.dtype)

    def forward(self, xp, a, b, out=None):
        if self.transpose_a:
            a = xp.swapaxes(a, -1, -2)
        if self.transpose_b:
            b = xp.swapaxes(b, -1, -2)
        if a.ndim == 2 and b.ndim == 2:
            # dot, not matmul: NumPy's matmul was measured several times slower on some
            # transposed operands; both call the same BLAS gemm otherwise. NumPy's arrays:
            # the rows shared out between tensorweave's threads (tensorweave/blas.py)
            return _blas.dot(a, b, out) if xp is np else xp.dot(a, b, out=out)
        return xp.matmul(a, b, out=out)

    def make_kernel(self, ctx, node):
        forward, xp = self.forward, ctx.xp
        ta, tb = self.transpose_a, self.transpose_b
        if xp is not np or not SWAP_WIDE or not (ta or tb) or \
                not node.inputs[0].dtype.is_floating or (
                    node.inputs[0].dtype == _dt.float32 and _onednn.available()):
            def kernel(a, b, out=None):
                return forward(xp, a, b, out)
            kernel.accepts_out = True
            return kernel
        # A wide product (M < N) with a transposed operand: OpenBLAS computes its transpose
        # b'a' faster (measured 15-35 % on two threads, e.g. W1's dy @ w2' and W2's dz @ W');
        # it is written into a kept array and copied over, worth it when N <= K (the copy is
        # small next to the product). The same dot products; for some shapes BLAS sums them
        # in another order (last-bit differences), the same one at every run.
        bufs = _kept.for_kernel(ctx)

        def kernel(a, b, out=None):
            if a.ndim == 2 and b.ndim == 2:
                at = a if ta else a.T  # the operands of the transposed product
                bt = b if tb else b.T
                n, k = bt.shape
                m = at.shape[1]
                if m < n <= k:
                    tmp = bufs.get("t", (n, m), a.dtype)
                    _blas.dot(bt, at, tmp)
                    if out is None:
                        return np.ascontiguousarray(tmp.T)
                    np.copyto(out, tmp.T)
                    return out
            return forward(xp, a, b, out)
        kernel.accepts_out = True
        return kernel

    def gradient(self, g, y, a, b):
        ta, tb = self.transpose_a, self.transpose_b
        if not ta and not tb:
            ga, gb = (lambda: matmul(g, b, transpose_b=True)), \
                (lambda: matmul(a, g, transpose_a=True))
        elif ta and not tb:
            ga, gb = (lambda: matmul(b, g, transpose_b=True)), (lambda: matmul(a, g))
        elif not ta and tb:
            ga, gb = (lambda: matmul(g, b)), (lambda: matmul(g, a, transpose_a=True))
        else:
            ga = lambda: matmul(b, g, transpose_a=True, transpose_b=True)  # noqa: E731
            gb = lambda: matmul(g, a, transpose_a=True, transpose_b=True)  # noqa: E731
        return (ga() if wants_gradient(0) else None, gb() if wants_gradient(1) else None)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix product ``a @ b`` (batched over leading dims).

    Raises:
        ValueError: at build time when the inner dimensions differ.

    Example:
        >>> tf.matmul(tf.ones([2, 3]), tf.ones([3, 4])).shape.as_list()
        [2, 4]
    """
    a, b = _pair(a, b)
    for t, adj, side in ((transpose_a, adjoint_a, "a"), (transpose_b, adjoint_b, "b")):
        if t and adj:
            raise ValueError(f"Only one of `transpose_{side}` and `adjoint_{side}` can be "
                             f"True. Received `transpose_{side}`={t}, "
                             f"`adjoint_{side}`={adj}.")
    return MatMul(bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)).bind(
        a, b, name=name or "MatMul")


# -- n-ary and identity --------------------------------------------------------------------------
@register
class AddN(Op):
    """Sum of a list of same-shaped tensors."""

    fresh_output = True

    def infer(self, *xs):
        if not xs:
            raise ValueError("AddN needs at least one input")
        shape = xs[0].shape
        for x in xs[1:]:
            if x.dtype != xs[0].dtype:
                raise TypeError(f"AddN inputs must all have dtype {xs[0].dtype.name}, got "
                                f"{x.dtype.name}")
            shape = _merge(shape, x.shape)
        return Spec(shape, xs[0].dtype)

    def forward(self, xp, *xs):
        out = xp.add(xs[0], xs[1]) if len(xs) > 1 else xs[0].copy()
        for x in xs[2:]:
            out += x
        return out

    def gradient(self, g, y, *xs):
        return tuple(g for _ in xs)


def _merge(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x is not None and y is not None and x != y
                               for x, y in zip(a, b)):
        raise ValueError(f"Shapes must be equal, but are {list(a)} and {list(b)}")
    return tuple(x if x is not None else y for x, y in zip(a, b))


def add_n(inputs, name=None):
    """Elementwise sum of a list of tensors of one shape and dtype."""
    inputs = [convert_to_tensor(x) for x in inputs]
    if len(inputs) == 1 and name is None:
        return inputs[0]
    return AddN().bind(*inputs, name=name or "AddN")


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """TF1's ``accumulate_n``: the same sum as ``add_n``, with optional checks.

    Args:
        inputs: a non-empty list of tensors of one shape and dtype.
        shape: if given, every input's shape must be compatible with it.
        tensor_dtype: if given, must equal the inputs' dtype.
        name: the op name.

    Raises:
        ValueError: ``inputs`` is not a non-empty list, or a shape does not fit.
        TypeError: ``tensor_dtype`` differs from the inputs' dtype.
    """
    from ..shapes import TensorShape
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype "
                         "and shape")
    inputs = [convert_to_tensor(x) for x in inputs]
    first = inputs[0]
    if any(x.dtype != first.dtype or not x.shape.is_compatible_with(first.shape)
           for x in inputs):
        raise ValueError("inputs must be a list of at least one Tensor with the same dtype "
                         "and shape")
    if shape is not None:
        shape = TensorShape(shape)
        for x in inputs:
            if not x.shape.is_compatible_with(shape):
                raise ValueError(f"Shapes {shape} and {x.shape} are not compatible")
    if tensor_dtype is not None:
        tensor_dtype = _dt.as_dtype(tensor_dtype)
        if tensor_dtype != first.dtype:
            raise TypeError(f"The `tensor_dtype` argument is <dtype: '{tensor_dtype.name}'>, "
                            f"but `input` is of type <dtype: '{first.dtype.name}'>. These must "
                            f"be equal. Try casting the input to the desired type.")
    return add_n(inputs, name=name)


@register
class Identity(Op):
    """Returns its input unchanged."""

    exact_gradient_shapes = True

    def infer(self, x):
        return Spec(x.shape, x.dtype, x.value)

    def forward(self, xp, x):
        return x

    def make_kernel(self, ctx, node):
        return _identity_kernel

    def gradient(self, g, y, x):
        return (g,)


def _identity_kernel(x):
    return x


@register
class StopGradient(Identity):
    """Identity whose output is a constant to ``tf.gradients``."""

    differentiable = False

    def gradient(self, g, y, x):
        return (None,)


def identity(input, name=None):  # noqa: A002
    """A new tensor with the value of ``input`` (a Variable's current value, when given one)."""
    t = convert_to_tensor(input)
    return Identity().bind(t, name=name or "Identity")


def stop_gradient(input, name=None):  # noqa: A002
    """``input`` unchanged, but treated as a constant when computing gradients."""
    return StopGradient().bind(convert_to_tensor(input), name=name or "StopGradient")


from .. import context as _context  # noqa: E402 - (context imports ops lazily)
from ..eager import EagerTensor as _EagerTensor  # noqa: E402
