"""ReLU's gradient as one compiled loop (ops/nn.py, the ``fast`` extra) for large arrays: the
bits of NumPy's ``g * (y > 0)`` (signed zeros, NaNs, infinities), also when the memory plan
makes it write over ``g`` or ``y``."""

import numpy as np
import pytest

from tensorweave import jit
from tensorweave.ops import nn as tw_nn

pytestmark = [pytest.mark.numpy_only,
              pytest.mark.filterwarnings("ignore::RuntimeWarning"),  # inf * 0 in NumPy's
              pytest.mark.skipif(not jit.available(), reason="numba is not installed (pip "
                                 "install 'tensorweave[fast]')")]

SPECIAL = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan, 3e-39, -1e-30],
                   np.float32)


class _Ctx:
    xp = np
    kept_budget = None


def _kernel():
    return tw_nn.ReluGrad().make_kernel(_Ctx(), None)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("into", ["new", "g", "y"])
def test_loop_gives_numpys_bits(dtype, into, monkeypatch):
    rng = np.random.default_rng(0)
    shape = (130, 150)  # above LOOP_MIN_SIZE
    assert np.prod(shape) >= tw_nn.LOOP_MIN_SIZE
    g0 = rng.choice(SPECIAL, size=shape).astype(dtype)
    y0 = rng.choice(SPECIAL, size=shape).astype(dtype)
    want = np.multiply(g0, y0 > 0)
    g, y = g0.copy(), y0.copy()
    out = {"new": np.empty_like(g), "g": g, "y": y}[into]
    calls = []
    real = jit.call
    monkeypatch.setattr(jit, "call", lambda name, *a: calls.append(name) or real(name, *a))
    got = _kernel()(g, y, out=out)
    assert calls == [{"new": "relu_grad", "g": "relu_grad_over_g",
                     "y": "relu_grad_over_y"}[into]] and got is out
    nan = np.isnan(want)
    assert np.array_equal(nan, np.isnan(got))
    assert got[~nan].tobytes() == want[~nan].tobytes()  # -0.0 where g < 0 and y <= 0


def test_small_or_broadcast_arrays_keep_the_numpy_passes(monkeypatch):
    calls = []
    monkeypatch.setattr(jit, "call", lambda name, *a: calls.append(name))
    k = _kernel()
    g = np.ones((10, 10), np.float32)
    y = np.linspace(-1, 1, 100, dtype=np.float32).reshape(10, 10)
    np.testing.assert_array_equal(k(g, y, out=np.empty_like(g)), (y > 0).astype(np.float32))
    big = np.ones((200, 100), np.float32)
    k(big, np.ones(100, np.float32), out=np.empty_like(big))  # y broadcasts: NumPy's path
    assert calls == []
