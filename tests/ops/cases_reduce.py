"""Op-table rows for reductions (every axis form, ``keepdims`` and the TF1 spellings),
``argmax``/``argmin`` and the cumulative scans.
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import (A, B, I, case, normal, away, distinct, ints, uniform, fixed, np_axis,
                     np_logsumexp, np_scan)

# Reductions: axis None/int/list/negative, keepdims, and the TF1 spellings.
REDUCE_AXES = [
    ("all", {}, None, False),
    ("axis0", dict(axis=0), 0, False),
    ("axis1_keepdims", dict(axis=1, keepdims=True), 1, True),
    ("axis_neg", dict(axis=-1), -1, False),
    ("axis_list", dict(axis=[0, 2]), [0, 2], False),
    ("axis_list_neg_keepdims", dict(axis=[-1, 0], keepdims=True), [-1, 0], True),
    ("all_keepdims", dict(keepdims=True), None, True),
    ("reduction_indices", dict(reduction_indices=1), 1, False),
    ("reduction_indices_keep_dims", dict(reduction_indices=[1, 2], keep_dims=True), [1, 2],
     True),
]
REDUCERS = [
    ("reduce_sum", tf.reduce_sum, np.sum, ["Sum", "BroadcastTo"], normal()),
    ("reduce_mean", tf.reduce_mean, np.mean, ["Mean", "BroadcastTo"], normal()),
    ("reduce_max", tf.reduce_max, np.max, ["Max", "Equal"], distinct()),
    ("reduce_min", tf.reduce_min, np.min, ["Min", "Equal"], distinct()),
    ("reduce_prod", tf.reduce_prod, np.prod, ["Prod", "Cumprod", "Transpose"],
     away(0.5, 1.5)),
    ("reduce_logsumexp", tf.reduce_logsumexp, np_logsumexp,
     ["Max", "Sum", "Exp", "Log", "StopGradient"], normal()),
]


def _kept(shape, axis, keepdims):
    """The static shape a reduction of ``shape`` over ``axis`` should have with all-None
    input dims: only kept (length-1) dims are known."""
    r = len(shape)
    axes = set(range(r)) if axis is None else {
        a % r for a in (axis if isinstance(axis, list) else [axis])}
    if keepdims:
        return tuple(1 if i in axes else None for i in range(r))
    return tuple(None for i in range(r) if i not in axes)


for _name, _fn, _ref, _ops, _gen in REDUCERS:
    for _label, _kw, _axis, _keep in REDUCE_AXES:
        case(f"{_name}_{_label}", (lambda fn, kw: lambda x: fn(x, **kw))(_fn, _kw),
             (lambda ref, axis, keep: lambda x: ref(x, axis=np_axis(axis), keepdims=keep))(
                 _ref, _axis, _keep),
             [A(2, 3, 4, gen=_gen)], _ops,
             none_shape=_kept((2, 3, 4), _axis, _keep))
case("reduce_sum_scalar", tf.reduce_sum, np.sum, [A()], ["Sum"])
case("reduce_sum_int", lambda x: tf.reduce_sum(x, 1), lambda x: np.sum(x, 1).astype(np.int32),
     [A(3, 4, gen=ints(-5, 5), dtype=tf.int32)], ["Sum"])
case("reduce_mean_int_truncates", lambda x: tf.reduce_mean(x, 1),
     lambda x: np.trunc(np.sum(x, 1) / x.shape[1]).astype(np.int32),
     [I([[-3, 4, 0], [1, 1, 3], [-1, -1, 0]])], ["Mean"])
case("reduce_max_ties_all", lambda x: tf.reduce_max(x), np.max,
     [A(2, 3, gen=fixed([[1.0, 3.0, 3.0], [0.0, -1.0, 3.0]]))], ["Max"], grad=())
for _name, _fn, _ref, _op in [("reduce_any", tf.reduce_any, np.any, "Any"),
                              ("reduce_all", tf.reduce_all, np.all, "All")]:
    for _label, _kw, _axis, _keep in [("all", {}, None, False), ("axis1", dict(axis=1), 1, False),
                                      ("keepdims", dict(axis=[0], keepdims=True), [0], True)]:
        case(f"{_name}_{_label}", (lambda fn, kw: lambda x: fn(x, **kw))(_fn, _kw),
             (lambda ref, axis, keep: lambda x: ref(x, axis=np_axis(axis), keepdims=keep))(
                 _ref, _axis, _keep),
             [B(3, 4, p=0.7)], [_op])
case("count_nonzero", lambda x: tf.count_nonzero(x, axis=1),
     lambda x: np.count_nonzero(x, axis=1).astype(np.int64),
     [A(3, 4, gen=ints(-1, 2))], ["NotEqual", "Cast", "Sum"], grad=())

for _name, _fn, _ref, _op in [("argmax", tf.argmax, np.argmax, "ArgMax"),
                              ("argmin", tf.argmin, np.argmin, "ArgMin")]:
    for _label, _kw, _axis in [("axis0", dict(axis=0), 0), ("axis1", dict(axis=1), 1),
                               ("axis_neg", dict(axis=-1), -1),
                               ("dimension", dict(dimension=2), 2)]:
        case(f"{_name}_{_label}", (lambda fn, kw: lambda x: fn(x, **kw))(_fn, _kw),
             (lambda ref, axis: lambda x: ref(x, axis=axis).astype(np.int64))(_ref, _axis),
             [A(2, 3, 4, gen=distinct())], [_op])
    case(f"{_name}_int32_output", (lambda fn: lambda x: fn(x, 1, output_type=tf.int32))(_fn),
         (lambda ref: lambda x: ref(x, axis=1).astype(np.int32))(_ref),
         [A(3, 4, gen=distinct())], [_op])
    case(f"{_name}_vector", (lambda fn: lambda x: fn(x, 0))(_fn),
         (lambda ref: lambda x: np.asarray(ref(x)).astype(np.int64))(_ref),
         [A(5, gen=distinct())], [_op])
case("reduce_logsumexp_large", lambda x: tf.reduce_logsumexp(x, axis=1),
     lambda x: np_logsumexp(x, axis=1), [A(2, 3, gen=uniform(700.0, 710.0))],
     ["Max", "Exp", "Log"], f32=False)
case("reduce_prod_with_zeros", lambda x: tf.reduce_prod(x, axis=1),
     lambda x: np.prod(x, axis=1),
     [A(3, 3, gen=fixed([[0.0, 2.0, -1.5], [0.0, 0.0, 3.0], [1.5, -0.5, 2.0]]))],
     ["Prod", "Cumprod"])
case("argmax_ties", lambda x: tf.argmax(x, 1), lambda x: np.argmax(x, 1),
     [A(2, 3, gen=fixed([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]))], ["ArgMax"])
case("argmin_ties", lambda x: tf.argmin(x, 0), lambda x: np.argmin(x, 0),
     [A(2, 3, gen=fixed([[1.0, 3.0, 3.0], [1.0, 2.0, 3.0]]))], ["ArgMin"])

# Scans.
for _name, _fn, _npfn, _ident, _op, _gen, _extra in [
        ("cumsum", tf.cumsum, np.cumsum, 0, "Cumsum", normal(), []),
        ("cumprod", tf.cumprod, np.cumprod, 1, "Cumprod", away(0.5, 1.5), ["Cumsum"])]:
    for _label, _axis, _excl, _rev in [("axis0", 0, False, False), ("axis1", 1, False, False),
                                       ("exclusive", 1, True, False),
                                       ("reverse", 0, False, True),
                                       ("exclusive_reverse", -1, True, True)]:
        case(f"{_name}_{_label}",
             (lambda fn, a, e, r: lambda x: fn(x, a, exclusive=e, reverse=r))(
                 _fn, _axis, _excl, _rev),
             (lambda f, i, a, e, r: lambda x: np_scan(f, i, x, a, e, r))(
                 _npfn, _ident, _axis, _excl, _rev),
             [A(3, 4, gen=_gen)], [_op] + _extra)
