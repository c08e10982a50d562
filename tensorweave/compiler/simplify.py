"""Algebraic simplification: ``x * 1``, ``x / 1``, ``x - 0`` (and ``x + 0`` for integers)
are ``x`` itself, so the op disappears and its readers read ``x``.

Only identities that are exact for every value are applied: ``x * 1.0`` is ``x`` for every
float (NaN, infinities and -0.0 included), but ``x + 0.0`` is not (``-0.0 + 0.0`` is
``+0.0``), so float additions are kept unless the constant is ``-0.0``. The constant must be
known when the plan is built (see ``fold``) and must not enlarge ``x`` by broadcasting: each
of its dimensions is 1 or equals the matching static dimension of ``x``.
TensorFlow's Grappler applies the same rewrites (arithmetic optimizer).
"""

import numpy as np

ENABLED = True


def _all(value, target, signed_zero=None):
    """Whether every element of ``value`` equals ``target`` (with the given zero sign)."""
    value = np.asarray(value)
    if value.size == 0 or not np.all(value == target):
        return False
    if signed_zero is not None and value.dtype.kind == "f":
        return bool(np.all(np.signbit(value) == signed_zero))
    return True


def _identity_constant(kind, value):
    """Whether ``x <kind> value`` is exactly ``x`` for every ``x`` of ``value``'s dtype.
    Never for complex values: ``(a + bj) * 1`` computes ``b * 1 + a * 0``, which is NaN for
    an infinite ``a`` and +0.0 for ``b = -0.0``."""
    if np.asarray(value).dtype.kind == "c":
        return False
    is_float = np.asarray(value).dtype.kind == "f"
    if kind in ("Mul", "RealDiv"):
        return _all(value, 1)
    if kind == "Sub":
        return _all(value, 0, signed_zero=False if is_float else None)
    if kind == "AddV2":
        return _all(value, 0, signed_zero=True if is_float else None)
    return False


def _keeps_shape(x, c):
    """Whether broadcasting ``c`` against ``x`` leaves ``x``'s shape as it is."""
    xd, cd = x.shape.as_tuple(), c.shape.as_tuple()
    if xd is None or cd is None or len(cd) > len(xd):
        return False
    return all(d == 1 or xd[len(xd) - len(cd) + i] == d for i, d in enumerate(cd))


def simplify(ops, fed_ids, alias, known):
    """{id(tensor): tensor} for outputs that equal one of their op's inputs; merged into
    ``alias`` (the readers of the output read the input instead)."""
    out = {}
    if not ENABLED:
        return out

    def resolve(t):
        t = out.get(id(t), t)
        return alias.get(id(t), t)

    for op in ops:
        kind = op.type
        if kind not in ("Mul", "RealDiv", "Sub", "AddV2") or op._control_inputs \
                or len(op.inputs) != 2 or id(op.outputs[0]) in fed_ids \
                or id(op.outputs[0]) in known:
            continue
        a, b = (resolve(t) for t in op.inputs)
        sides = [(a, b)] + ([(b, a)] if kind in ("Mul", "AddV2") else [])
        for x, c in sides:
            if id(c) in known and id(x) not in known and x.dtype == op.outputs[0].dtype \
                    and _keeps_shape(x, c) and _identity_constant(kind, known[id(c)]):
                out[id(op.outputs[0])] = x
                break
    return out
