"""Every op of the table (``optable.CASES``) again in eager mode.

- eager_forward: each case's ops run eagerly on constants give the NumPy reference's values
  and dtypes (float64);
- eager_gradient: ``GradientTape.gradient`` of ``sum(out * w)`` equals the graph's
  ``tf.gradients`` values (which ``test_op_table`` checks against central differences);
- eager_hessian_vector: nested tapes give the graph's Hessian-vector products.

The eager path applies the same ``Op`` objects and gradient rules as the graph, so these
check the seam (values known while building, rules run eagerly, the tape's fan-out sums and
broadcast reductions), not each rule's math again.
"""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from optable import as_list, make_inputs  # noqa: E402
from test_op_table import (FWD_ATOL, FWD_RTOL, analysed, assert_matches,  # noqa: E402
                           cases, differentiable, direction_set, second_order)

import tensorweave as tw  # noqa: E402
from tensorweave import context  # noqa: E402

# cases built with tf.gradients / tf.hessians, which TF 2 refuses while executing eagerly
# (RuntimeError: use tf.GradientTape): their ops are checked eagerly through the tapes of
# the cases they are gradients of
GRAPH_ONLY = {"max_pool_grad_same", "max_pool_grad_valid_overlap", "max_pool_grad_nchw",
              "avg_pool_grad_same", "depthwise_backprop_input", "depthwise_backprop_filter",
              "hessians"}


def eager_cases(pred=lambda c: True, aspect=None):
    return cases(lambda c: pred(c) and c.name not in GRAPH_ONLY, aspect=aspect)


def eager_inputs(values):
    return [tw.constant(v) for v in values]


@pytest.mark.parametrize("case", eager_cases(aspect="eager_forward"))
def test_eager_forward(case):
    values = make_inputs(case)
    with context.eager_mode():
        outs = as_list(case.build(*eager_inputs(values)))
    want = as_list(case.ref(*values))
    assert len(outs) == len(want)
    for k, (g, w) in enumerate(zip(outs, want)):
        assert type(g).__name__ == "EagerTensor", f"output {k} is a {type(g).__name__}"
        w = np.asarray(w)
        assert g.numpy().dtype == w.dtype, f"output {k}: dtype {g.numpy().dtype}, want {w.dtype}"
        assert_matches(g.numpy(), w, FWD_RTOL, FWD_ATOL, f"output {k}")


def tape_gradients(case, values, ws):
    with context.eager_mode():
        xs = eager_inputs(values)
        with tw.GradientTape() as tape:
            tape.watch([xs[i] for i in case.grad])
            outs = as_list(case.build(*xs))
        return tape.gradient(outs, [xs[i] for i in case.grad],
                             output_gradients=[tw.constant(w) for w in ws])


@pytest.mark.parametrize("case", eager_cases(differentiable, aspect="eager_gradient"))
def test_eager_gradient(case):
    values, _, (_, ws, _, gvals, _) = analysed(case)
    got = tape_gradients(case, values, ws)
    for i, g, want in zip(case.grad, got, gvals):
        assert g is not None, f"the tape gave no gradient for input {i}"
        assert_matches(g.numpy(), want, 1e-9, 1e-11, f"gradient of input {i}")


@pytest.mark.parametrize("case", eager_cases(second_order, aspect="eager_hessian_vector"))
def test_eager_hessian_vector(case):
    values, _, (_, ws, _, _, hv) = analysed(case)
    vs = direction_set(case, values, "hvp")
    with context.eager_mode():
        xs = eager_inputs(values)
        sources = [xs[i] for i in case.grad]
        with tw.GradientTape() as outer:
            outer.watch(sources)
            with tw.GradientTape() as inner:
                inner.watch(sources)
                outs = as_list(case.build(*xs))
            grads = inner.gradient(outs, sources,
                                   output_gradients=[tw.constant(w) for w in ws])
        kept = [(g, v) for g, v in zip(grads, vs) if g is not None]
        got = outer.gradient([g for g, _ in kept], sources,
                             output_gradients=[tw.constant(v) for _, v in kept])
    for i, h, want in zip(case.grad, got, hv):
        h = np.zeros_like(values[i]) if h is None else h.numpy()
        assert_matches(h, want, 1e-8, 1e-10, f"Hessian-vector product of input {i}")


