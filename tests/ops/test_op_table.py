"""Every op, from one table (``optable.CASES``): forward values, shape rules, gradients.

Each aspect is its own parametrized test, so a failure names the case and what broke:

- forward_float64 / forward_float32: values, shapes and dtypes against the NumPy reference;
- forward_constants: the same with constant inputs (values known while building);
- infer_known: with fully known input shapes, the static shape (``infer``) equals the real one;
- infer_unknown_dims: with all-None input dims, the static shape is compatible with the real
  one (rank kept, attribute-determined dims known) and the values are still right;
- infer_unknown_rank: the same with inputs of unknown rank;
- gradient: ``tf.gradients`` of ``sum(out * w)`` against central differences along random
  directions, per differentiable input (float64);
- hessian_vector: the gradient of ``gradient . v`` against finite differences of the gradient;
- gradient_unknown_dims: the same gradients built from all-None input shapes;
- gradient_float32: float32 inputs get float32 gradients, close to the float64 ones;
- declared_ops: each case really builds the op types it claims to cover;
- registry_covered: every registered op type has a case (or a documented home elsewhere).

Graph mode only for now; eager mode gets the same aspects when it exists.
"""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import optable  # noqa: E402
from optable import CASES, Built, as_list, make_inputs, loss_weights, rng_for  # noqa: E402

import tensorweave.compat.v1 as tf  # noqa: E402
from tensorweave.ops.registry import REGISTRY  # noqa: E402

FWD_RTOL, FWD_ATOL = 1e-10, 1e-12
F32_RTOL, F32_ATOL = 2e-5, 2e-5
HVP_EPS, HVP_RTOL = 1e-5, 1e-5
N_DIRECTIONS = 2


def cases(pred=lambda c: True, aspect=None):
    """The table's cases that ``pred`` selects, as pytest params; a known gap for this
    ``aspect`` (``optable.KNOWN_FAILURES``) becomes a strict xfail."""
    params = []
    for c in CASES:
        if not pred(c):
            continue
        reason = optable.KNOWN_FAILURES.get((c.name, aspect))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(c, id=c.name, marks=marks))
    return params


def differentiable(c):
    return bool(c.grad)


def runs_float32(c):
    return c.f32 and c.has_float_args


def builds_unknown(c):
    return bool(c.args) and c.unknown_dims


def builds_unknown_rank(c):
    return bool(c.args) and c.unknown_rank


def second_order(c):
    return differentiable(c) and c.second


def grad_unknown(c):
    return differentiable(c) and c.unknown_dims


def grad_float32(c):
    return differentiable(c) and c.f32


# -- helpers -------------------------------------------------------------------------------------

def assert_matches(got, want, rtol, atol, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, expected {want.shape}"
    if want.dtype.kind in "fc":
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def static_dims(t):
    return t.shape.as_tuple()


def assert_compatible(static, actual, what):
    if static is None:
        return
    assert len(static) == len(actual), f"{what}: static rank {len(static)}, real {actual}"
    for s, a in zip(static, actual):
        assert s is None or s == a, f"{what}: static shape {static} vs real {actual}"


def first_gradients(b, case, values):
    """The outputs, weights ``w``, gradient tensors and gradient values of ``sum(out * w)``
    for each ``case.grad`` input."""
    outs = b.run(b.outputs, values)
    ws = loss_weights(case, outs)
    xs = [b.inputs[i] for i in case.grad]
    grads = b.gradients(b.outputs, xs, ws)
    for i, g in zip(case.grad, grads):
        assert g is not None, f"tf.gradients returned None for input {i}"
        assert_compatible(static_dims(g), np.shape(values[i]), f"static shape of grad {i}")
    return outs, ws, grads, b.run(grads, values)


def first_and_second(b, case, values):
    """``first_gradients`` plus the values of the Hessian-vector products with random ``v``
    (the gradient of ``sum(grad * v)``; None when ``case.second`` is False)."""
    outs, ws, grads, gvals = first_gradients(b, case, values)
    hv = None
    if case.second:
        xs = [b.inputs[i] for i in case.grad]
        vs = direction_set(case, values, "hvp")
        hgrads = b.gradients(grads, xs, vs)
        fetch = [h for h in hgrads if h is not None]
        got = iter(b.run(fetch, values)) if fetch else iter(())
        hv = [np.zeros_like(values[i]) if h is None else next(got)
              for i, h in zip(case.grad, hgrads)]
    return outs, ws, grads, gvals, hv


_ANALYSED = {}


def analysed(case):
    """``(values, built, first_and_second(...))`` for ``case`` with known input shapes,
    made once per run and shared by the gradient tests of the case (they differ in what they
    compare it with)."""
    if case.name not in _ANALYSED:
        values = make_inputs(case)
        b = Built(case)
        result = first_and_second(b, case, values) if differentiable(case) else None
        _ANALYSED[case.name] = values, b, result
    return _ANALYSED[case.name]


def direction_set(case, values, salt):
    rng = rng_for(case, salt)
    return [rng.normal(size=np.shape(values[i])) for i in case.grad]


def loss_value(b, values, ws):
    outs = b.run(b.outputs, values)
    return sum(float(np.sum(o * w)) for o, w in zip(outs, ws)), \
        sum(float(np.sum(np.abs(o * w))) for o, w in zip(outs, ws))


def shifted(values, indices, deltas, scale):
    out = list(values)
    for i, d in zip(indices, deltas):
        out[i] = values[i] + scale * d
    return out


# -- forward ------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases(aspect="forward_float64"))
def test_forward_float64(case):
    values = make_inputs(case)
    b = Built(case)
    got = b.run(b.outputs, values)
    want = as_list(case.ref(*values))
    assert len(got) == len(want), f"{len(got)} outputs, reference has {len(want)}"
    for k, (g, w, t) in enumerate(zip(got, want, b.outputs)):
        w = np.asarray(w)
        assert np.asarray(g).dtype == w.dtype, \
            f"output {k}: dtype {np.asarray(g).dtype}, reference {w.dtype}"
        assert t.dtype.as_numpy_dtype == w.dtype, \
            f"output {k}: static dtype {t.dtype.name}, reference {w.dtype}"
        assert_matches(g, w, FWD_RTOL, FWD_ATOL, f"output {k}")


@pytest.mark.parametrize("case", cases(runs_float32, aspect="forward_float32"))
def test_forward_float32(case):
    values = make_inputs(case, tf.float32)
    b = Built(case, tf.float32)
    got = b.run(b.outputs, values)
    wide = [v.astype(np.float64) if v.dtype == np.float32 else v for v in values]
    want = as_list(case.ref(*wide))
    for k, (g, w, t) in enumerate(zip(got, want, b.outputs)):
        w = np.asarray(w)
        expected = np.float32 if w.dtype == np.float64 else w.dtype
        assert np.asarray(g).dtype == expected, \
            f"output {k}: dtype {np.asarray(g).dtype}, expected {np.dtype(expected)}"
        assert t.dtype.as_numpy_dtype == expected, f"output {k}: static dtype {t.dtype.name}"
        assert_matches(g, w.astype(expected) if w.dtype.kind not in "fc" else w,
                       F32_RTOL, F32_ATOL, f"output {k}")


@pytest.mark.parametrize("case", cases(lambda c: bool(c.args), aspect="forward_constants"))
def test_forward_constants(case):
    """Inputs given as constants: the values are known when building (``infer`` sees them,
    and the session may fold the whole computation); results and static shapes are the
    same."""
    values = make_inputs(case)
    b = Built(case, constants=values)
    got = b.session.run(b.outputs)
    want = as_list(case.ref(*values))
    for k, (g, w, t) in enumerate(zip(got, want, b.outputs)):
        assert_compatible(static_dims(t), np.shape(g), f"output {k}")
        if case.exact:
            assert static_dims(t) == np.shape(g), f"output {k}: static shape {static_dims(t)}"
        assert_matches(g, w, FWD_RTOL, FWD_ATOL, f"output {k} (constant inputs)")


# -- shape rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases(aspect="infer_known"))
def test_infer_known(case):
    values = make_inputs(case)
    b = Built(case)
    got = b.run(b.outputs, values)
    for k, (g, t) in enumerate(zip(got, b.outputs)):
        real = np.shape(g)
        if case.exact:
            assert static_dims(t) == real, \
                f"output {k}: static shape {static_dims(t)}, real {real}"
        else:
            assert_compatible(static_dims(t), real, f"output {k}")
        assert t.dtype.as_numpy_dtype == np.asarray(g).dtype


@pytest.mark.parametrize("case", cases(builds_unknown, aspect="infer_unknown_dims"))
def test_infer_unknown_dims(case):
    values = make_inputs(case)
    b = Built(case, unknown_dims=True)
    got = b.run(b.outputs, values)
    want = as_list(case.ref(*values))
    for k, (g, w, t) in enumerate(zip(got, want, b.outputs)):
        real = np.shape(g)
        static = static_dims(t)
        assert_compatible(static, real, f"output {k}")
        if case.keeps_rank:
            assert static is not None and len(static) == len(real), \
                f"output {k}: static shape {static} lost the rank of {real}"
        if case.none_shape is not None:
            assert static == tuple(case.none_shape), \
                f"output {k}: static shape {static}, expected {case.none_shape}"
        assert_matches(g, w, FWD_RTOL, FWD_ATOL, f"output {k} (unknown input dims)")


@pytest.mark.parametrize("case", cases(builds_unknown_rank, aspect="infer_unknown_rank"))
def test_infer_unknown_rank(case):
    """Inputs of unknown rank (``tf.placeholder(dtype)`` with no shape, common in TF1 code):
    the static shape is compatible with the real one and the values are right."""
    values = make_inputs(case)
    b = Built(case, unknown_rank=True)
    got = b.run(b.outputs, values)
    want = as_list(case.ref(*values))
    for k, (g, w, t) in enumerate(zip(got, want, b.outputs)):
        assert_compatible(static_dims(t), np.shape(g), f"output {k}")
        assert t.dtype.as_numpy_dtype == np.asarray(g).dtype
        assert_matches(g, w, FWD_RTOL, FWD_ATOL, f"output {k} (unknown input ranks)")


# -- gradients -----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases(differentiable, aspect="gradient"))
def test_gradient(case):
    values, b, (_, ws, _, gvals, _) = analysed(case)
    eps = case.fd_eps
    rng = rng_for(case, "directions")
    for i, g in zip(case.grad, gvals):
        assert np.shape(g) == np.shape(values[i]), \
            f"gradient of input {i} has shape {np.shape(g)}, input {np.shape(values[i])}"
        for _ in range(N_DIRECTIONS):
            d = rng.normal(size=np.shape(values[i]))
            f_plus, scale = loss_value(b, shifted(values, [i], [d], eps), ws)
            f_minus, _ = loss_value(b, shifted(values, [i], [d], -eps), ws)
            numeric = (f_plus - f_minus) / (2 * eps)
            analytic = float(np.sum(g * d))
            tol = case.grad_rtol * max(abs(analytic), float(np.sum(np.abs(g * d))), 1.0) \
                + 1e-15 * scale / eps
            assert abs(numeric - analytic) <= tol, \
                (f"input {i}: d/dt sum(out*w)(x + t d) = {analytic!r} by tf.gradients, "
                 f"{numeric!r} by central differences")


@pytest.mark.parametrize("case", cases(second_order, aspect="hessian_vector"))
def test_hessian_vector(case):
    values, b, (_, _, grads, gvals, hv) = analysed(case)
    vs = direction_set(case, values, "hvp")
    g_plus = b.run(grads, shifted(values, case.grad, vs, HVP_EPS))
    g_minus = b.run(grads, shifted(values, case.grad, vs, -HVP_EPS))
    for i, h, gp, gm, g in zip(case.grad, hv, g_plus, g_minus, gvals):
        numeric = (gp - gm) / (2 * HVP_EPS)
        assert np.shape(h) == np.shape(values[i])
        scale = 1.0 + float(np.max(np.abs(g), initial=0.0))
        np.testing.assert_allclose(
            h, numeric, rtol=HVP_RTOL, atol=HVP_RTOL * scale,
            err_msg=f"Hessian-vector product for input {i} vs finite differences of the "
                    "gradient")


@pytest.mark.parametrize("case", cases(grad_unknown, aspect="gradient_unknown_dims"))
def test_gradient_unknown_dims(case):
    values, _, known = analysed(case)
    unknown = first_and_second(Built(case, unknown_dims=True), case, values)
    for i, a, b in zip(case.grad, known[3], unknown[3]):
        assert_matches(b, a, 1e-10, 1e-12, f"gradient of input {i} (unknown input dims)")
    if case.second:
        for i, a, b in zip(case.grad, known[4], unknown[4]):
            assert_matches(b, a, 1e-10, 1e-12, f"Hessian-vector product of input {i} "
                                               "(unknown input dims)")


@pytest.mark.parametrize("case", cases(grad_float32, aspect="gradient_float32"))
def test_gradient_float32(case):
    """Gradients of float32 inputs are float32 (no silent float64 constants in the rules)
    and agree with the float64 gradients at the same point."""
    values = make_inputs(case, tf.float32)
    wide = [v.astype(np.float64) if v.dtype == np.float32 else v for v in values]
    b32, b64 = Built(case, tf.float32), Built(case)
    outs = b64.run(b64.outputs, wide)
    ws = loss_weights(case, outs)
    xs = [b32.inputs[i] for i in case.grad]
    grads = b32.gradients(b32.outputs, xs, [w.astype(np.float32) for w in ws])
    g64 = b64.run(b64.gradients(b64.outputs, [b64.inputs[i] for i in case.grad], ws), wide)
    for i, g, want in zip(case.grad, grads, g64):
        assert g is not None, f"tf.gradients returned None for input {i}"
        assert g.dtype == tf.float32, f"gradient of input {i} has static dtype {g.dtype.name}"
        got = b32.run(g, values)
        assert np.asarray(got).dtype == np.float32, f"gradient of input {i} is {got.dtype}"
        scale = float(np.max(np.abs(want), initial=0.0))
        assert_matches(got, want.astype(np.float32), 1e-4, 1e-4 * (1 + scale),
                       f"float32 gradient of input {i}")


# -- coverage ------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases(aspect="declared_ops"))
def test_declared_ops(case):
    """The op types a case claims to cover really are in its forward/gradient graph."""
    _, b, _ = analysed(case)  # the forward graph and, if differentiable, its gradients
    built = {op.type for op in b.graph.get_operations()}
    missing = set(case.ops) - built
    assert not missing, f"declared but not built: {sorted(missing)}; built {sorted(built)}"


def test_registry_covered():
    covered = set()
    for c in CASES:
        covered.update(c.ops)
    ours = {name for name, cls in REGISTRY.items()  # not ops that tests register
            if cls.__module__.startswith("tensorweave.")}
    untested = ours - covered - set(optable.COVERED_ELSEWHERE)
    assert not untested, f"registered op types with no row in tests/ops/optable.py: " \
                         f"{sorted(untested)}"


def test_covered_elsewhere_is_current():
    stale = set(optable.COVERED_ELSEWHERE) - set(REGISTRY)
    assert not stale, f"COVERED_ELSEWHERE names op types that are not registered: {stale}"
    overlap = {o for c in CASES for o in c.ops} & set(optable.COVERED_ELSEWHERE)
    assert not overlap, f"op types both in the table and in COVERED_ELSEWHERE: {overlap}"


def test_case_names_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
