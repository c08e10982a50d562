"""An SGD step whose gradient is a matrix product as one oneDNN gemm into the variable
(compiler/gemm_update.py): taken for the lecture's update and assign_sub, the unfused bits,
and left alone where it would change them or cannot apply."""

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf
from tensorweave import onednn
from tensorweave.compiler import gemm_update

pytestmark = [pytest.mark.numpy_only,
              pytest.mark.skipif(not onednn.available(), reason="oneDNN is not installed")]


@pytest.fixture
def made(monkeypatch):
    """The fused steps (``_Fused``) made during the test."""
    out = []
    init = gemm_update._Fused.__init__

    def recording(self, *args):
        init(self, *args)
        out.append(self)
    monkeypatch.setattr(gemm_update._Fused, "__init__", recording)
    return out


def _lecture_net(n, d=300, h=40, lr=1e-3, updates="assign", lr_fed=False, fetch_grad=False):
    """The lecture's two-layer net; returns (sess, fetches, feed, variables)."""
    rng = np.random.default_rng(0)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (n, d))
        y = tf.placeholder(tf.float32, (n, d))
        w1 = tf.Variable((rng.standard_normal((d, h)) * 0.05).astype(np.float32))
        w2 = tf.Variable((rng.standard_normal((h, d)) * 0.05).astype(np.float32))
        hidden = tf.maximum(tf.matmul(x, w1), 0)
        loss = tf.reduce_mean(tf.reduce_sum((tf.matmul(hidden, w2) - y) ** 2, axis=1))
        grads = tf.gradients(loss, [w1, w2])
        rate = tf.placeholder(tf.float32, ()) if lr_fed else lr
        if updates == "assign":
            step = tf.group(*[w.assign(w - rate * gr) for w, gr in zip([w1, w2], grads)])
        else:
            step = tf.train.GradientDescentOptimizer(rate).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    feed = {x: rng.standard_normal((n, d)).astype(np.float32),
            y: rng.standard_normal((n, d)).astype(np.float32)}
    if lr_fed:
        feed[rate] = np.float32(lr)
    fetches = [loss, step] + (grads if fetch_grad else [])
    return sess, fetches, feed, [w1, w2]


def _train(monkeypatch, enabled, steps=4, **kw):
    monkeypatch.setattr(gemm_update, "ENABLED", enabled)
    sess, fetches, feed, weights = _lecture_net(**kw)  # (fetching a variable in the step
    runs = [sess.run(fetches, feed) for _ in range(steps)]  # would keep it from in place)
    return runs + [sess.run(weights)]


@pytest.mark.parametrize("updates,lr_fed", [("assign", False), ("optimizer", False),
                                            ("assign", True), ("optimizer", True)])
def test_fused_updates_give_the_unfused_bits(updates, lr_fed, monkeypatch, made):
    fused = _train(monkeypatch, True, n=64, updates=updates, lr_fed=lr_fed)
    mine = list(made)
    assert len(mine) == 2 and all(list(f.same.values()) == [True] for f in mine)
    plain = _train(monkeypatch, False, n=64, updates=updates, lr_fed=lr_fed)
    for a, b in zip(fused, plain):
        for x, y in zip(a, b):
            if x is not None:
                assert np.asarray(x).tobytes() == np.asarray(y).tobytes()


def test_a_long_inner_dimension_falls_back_to_the_unfused_step(monkeypatch, made):
    """A batch of 4096 rows: oneDNN sums the inner dimension in blocks through C, so the
    fused step's bits differ; the first run finds it and the step stays unfused."""
    fused = _train(monkeypatch, True, n=4096, d=64, h=16, steps=2)
    mine = list(made)
    assert mine and all(len(f.same) == 1 for f in mine)
    # (on this kind of machine: the bits differ, and the fallback is what runs)
    assert not all(same for f in mine for same in f.same.values())
    plain = _train(monkeypatch, False, n=4096, d=64, h=16, steps=2)
    for a, b in zip(fused, plain):
        for x, y in zip(a, b):
            if x is not None:
                assert np.asarray(x).tobytes() == np.asarray(y).tobytes()


def test_not_taken_where_the_gradient_is_fetched(monkeypatch, made):
    kw = {"fetch_grad": True}
    got = _train(monkeypatch, True, n=64, steps=2, **kw)
    assert not made
    plain = _train(monkeypatch, False, n=64, steps=2, **kw)
    for a, b in zip(got, plain):
        for x, y in zip(a, b):
            if x is not None:
                assert np.asarray(x).tobytes() == np.asarray(y).tobytes()


def test_a_tw_function_step_with_assign_sub():
    rng = np.random.default_rng(1)
    w = tw.Variable(rng.standard_normal((200, 30)).astype(np.float32))
    x = tw.constant(rng.standard_normal((64, 200)).astype(np.float32))

    @tw.function
    def step(x):
        with tw.GradientTape() as tape:
            loss = tw.reduce_sum(tw.matmul(x, w) ** 2)
        w.assign_sub(1e-4 * tape.gradient(loss, w))
        return loss

    start = w.numpy()
    for _ in range(3):
        step(x)
    want = start.copy()
    for _ in range(3):  # the same step by hand (float32 rounding aside)
        want = want - np.float32(1e-4) * (x.numpy().T @ (2 * x.numpy() @ want))
    np.testing.assert_allclose(w.numpy(), want, rtol=2e-5, atol=1e-6)


def test_keras_sgd_fit_takes_it_with_the_same_bits(monkeypatch, made):
    from tensorweave import keras

    def fit(enabled):
        monkeypatch.setattr(gemm_update, "ENABLED", enabled)
        keras.utils.set_random_seed(0)
        rng = np.random.default_rng(0)
        x = rng.standard_normal((256, 64)).astype(np.float32)
        y = rng.integers(0, 10, 256)
        model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(96, activation="relu"),
                                  keras.layers.Dense(10)])
        model.compile(optimizer=keras.optimizers.SGD(0.05),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        history = model.fit(x, y, batch_size=64, epochs=2, verbose=0, shuffle=False)
        return history.history["loss"], model.get_weights()

    fused_loss, fused_weights = fit(True)
    assert len(made) == 2 and all(list(f.same.values()) == [True] for f in made)
    plain_loss, plain_weights = fit(False)
    assert fused_loss == plain_loss
    for a, b in zip(fused_weights, plain_weights):
        assert a.tobytes() == b.tobytes()


def test_runs_on_tensorweaves_own_threads_stay_unfused():
    """A convolution net's run keeps its products on tensorweave's threads: oneDNN's OpenMP
    threads would spin beside them (W3's step took 10.5 instead of 6.8 ms)."""
    from tensorweave import parallel
    from tensorweave.ops.math import MatMul
    fused = gemm_update._Fused(MatMul(transpose_a=True))
    rng = np.random.default_rng(2)
    a = rng.standard_normal((64, 300)).astype(np.float32)
    b = rng.standard_normal((64, 40)).astype(np.float32)
    w = np.zeros((300, 40), np.float32)
    lr = np.float32(0.5)
    with parallel.own_blas:
        assert fused.into(a, b, lr, w) is False and not w.any()
    assert fused.into(a, b, lr, w) is True
    np.testing.assert_allclose(w, -0.5 * a.T @ b, rtol=1e-5, atol=1e-5)
