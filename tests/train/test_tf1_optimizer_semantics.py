"""tf.train optimizers and learning-rate schedules against TensorFlow 1.15's exact semantics.

Expected values are NumPy transcriptions of TF 1.15's update kernels
(``core/kernels/training_ops.cc``: ``ApplyX`` for dense gradients, ``SparseApplyX`` for the
``IndexedSlices`` that the gradient of ``tf.gather`` on a variable produces) and of its Python
(``training/optimizer.py``, ``adam.py``, ``momentum.py``, ``rmsprop.py``, ``adagrad.py``,
``adadelta.py``, ``gradient_descent.py``, ``keras/optimizer_v2/legacy_learning_rate_decay.py`` and
``learning_rate_schedule.py`` that ``tf.train``'s schedules call in 1.15).

TF's dtype rule is kept throughout: a Python hyperparameter becomes a float32 tensor that is then
cast to the variable's (or the schedule's) dtype. This file complements test_optimizers.py and
test_schedules.py: one optimizer over float32 and float64 variables at once, learning rates that
change between steps, sparse (gather) gradients, constraints, names under scopes, float64 schedules
and boundary points.
"""

import math

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

F32, F64 = np.float32, np.float64
RTOL = {F32: 1e-6, F64: 1e-13}


def h(x, dt):
    """A Python hyperparameter as TF 1 uses it inside an update of a ``dt`` variable (a NumPy
    scalar stands for a value fed in the variable's own dtype)."""
    if isinstance(x, np.floating):
        return dt(x)
    return dt(np.float32(x))


def _close(got, want, dt, rtol=None):
    np.testing.assert_allclose(got, want, rtol=rtol or RTOL[dt], atol=1e-30)


# -- NumPy transcriptions of the dense kernels (training_ops.cc functors) ---------------------
class GD:
    slots = ()

    def __init__(self, lr):
        self.lr = lr

    def init(self, shape, dt):
        return {}

    def step(self, s, var, g, dt):
        return var - g * h(self.lr, dt)

    def finish(self):
        pass


class Momentum(GD):
    slots = ("momentum",)

    def __init__(self, lr, momentum, nesterov=False):
        self.lr, self.m, self.nesterov = lr, momentum, nesterov

    def init(self, shape, dt):
        return {"momentum": np.zeros(shape, dt)}

    def step(self, s, var, g, dt):
        lr, m = h(self.lr, dt), h(self.m, dt)
        s["momentum"] = s["momentum"] * m + g
        if self.nesterov:
            return var - (g * lr + s["momentum"] * m * lr)
        return var - s["momentum"] * lr


class Adam(GD):
    slots = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.lr, self.b1, self.b2, self.eps = lr, beta1, beta2, epsilon
        # non-slot float32 variables, multiplied by the float32 betas in _finish
        self.b1p, self.b2p = F32(beta1), F32(beta2)

    def init(self, shape, dt):
        return {"m": np.zeros(shape, dt), "v": np.zeros(shape, dt)}

    def step(self, s, var, g, dt):
        one = dt(1)
        b1p, b2p = dt(self.b1p), dt(self.b2p)
        alpha = h(self.lr, dt) * np.sqrt(one - b2p) / (one - b1p)
        s["m"] = s["m"] + (g - s["m"]) * (one - h(self.b1, dt))
        s["v"] = s["v"] + (np.square(g) - s["v"]) * (one - h(self.b2, dt))
        return var - (s["m"] * alpha) / (np.sqrt(s["v"]) + h(self.eps, dt))

    def finish(self):
        self.b1p = F32(self.b1p * F32(self.b1))
        self.b2p = F32(self.b2p * F32(self.b2))


class RMSProp(GD):
    def __init__(self, lr, decay=0.9, momentum=0.0, epsilon=1e-10, centered=False):
        self.lr, self.rho, self.m, self.eps, self.centered = lr, decay, momentum, epsilon, centered
        self.slots = ("rms", "momentum") + (("mg",) if centered else ())

    def init(self, shape, dt):
        s = {"rms": np.ones(shape, dt), "momentum": np.zeros(shape, dt)}  # ms starts at ONES
        if self.centered:
            s["mg"] = np.zeros(shape, dt)
        return s

    def step(self, s, var, g, dt):
        one, rho = dt(1), h(self.rho, dt)
        s["rms"] = s["rms"] + (np.square(g) - s["rms"]) * (one - rho)
        if self.centered:
            s["mg"] = s["mg"] + (g - s["mg"]) * (one - rho)
            denom = (s["rms"] - np.square(s["mg"])) + h(self.eps, dt)
        else:
            denom = s["rms"] + h(self.eps, dt)
        s["momentum"] = s["momentum"] * h(self.m, dt) + (g * h(self.lr, dt)) / np.sqrt(denom)
        return var - s["momentum"]


class Adagrad(GD):
    slots = ("accumulator",)

    def __init__(self, lr, initial_accumulator_value=0.1):
        self.lr, self.init_acc = lr, initial_accumulator_value

    def init(self, shape, dt):
        # constant_initializer(value, dtype=var dtype): the Python value rounded to dt once
        return {"accumulator": np.full(shape, self.init_acc, dt)}

    def step(self, s, var, g, dt):
        s["accumulator"] = s["accumulator"] + np.square(g)
        return var - g * h(self.lr, dt) * (dt(1) / np.sqrt(s["accumulator"]))


class Adadelta(GD):
    slots = ("accum", "accum_update")

    def __init__(self, lr=0.001, rho=0.95, epsilon=1e-8):
        self.lr, self.rho, self.eps = lr, rho, epsilon

    def init(self, shape, dt):
        return {"accum": np.zeros(shape, dt), "accum_update": np.zeros(shape, dt)}

    def step(self, s, var, g, dt):
        one, rho, eps = dt(1), h(self.rho, dt), h(self.eps, dt)
        s["accum"] = s["accum"] * rho + np.square(g) * (one - rho)
        update = np.sqrt(s["accum_update"] + eps) * (one / np.sqrt(s["accum"] + eps)) * g
        s["accum_update"] = s["accum_update"] * rho + np.square(update) * (one - rho)
        return var - update * h(self.lr, dt)


DENSE = {
    "sgd": (lambda: tf.train.GradientDescentOptimizer(0.3), lambda: GD(0.3)),
    "momentum": (lambda: tf.train.MomentumOptimizer(0.2, 0.7), lambda: Momentum(0.2, 0.7)),
    "nesterov": (lambda: tf.train.MomentumOptimizer(0.2, 0.7, use_nesterov=True),
                 lambda: Momentum(0.2, 0.7, nesterov=True)),
    "adam_defaults": (lambda: tf.train.AdamOptimizer(), lambda: Adam()),
    "adam_big_eps": (lambda: tf.train.AdamOptimizer(0.3, beta1=0.5, beta2=0.75, epsilon=0.5),
                     lambda: Adam(0.3, 0.5, 0.75, 0.5)),
    "rmsprop_defaults": (lambda: tf.train.RMSPropOptimizer(0.05), lambda: RMSProp(0.05)),
    "rmsprop_centered": (lambda: tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.6,
                                                           epsilon=1e-3, centered=True),
                         lambda: RMSProp(0.05, 0.8, 0.6, 1e-3, centered=True)),
    "adagrad_defaults": (lambda: tf.train.AdagradOptimizer(0.4), lambda: Adagrad(0.4)),
    "adadelta_defaults": (lambda: tf.train.AdadeltaOptimizer(), lambda: Adadelta()),
}

W32_0 = np.array([[0.5, -0.25], [0.125, 1.5]], F32)
W64_0 = np.array([0.3, -1.2, 2.0], F64)
_rng = np.random.default_rng(20191015)
G32 = _rng.normal(size=(6, 2, 2)).astype(F32)
G64 = _rng.normal(size=(6, 3))


@pytest.mark.parametrize("name", sorted(DENSE))
def test_one_optimizer_over_float32_and_float64_variables_follows_tf_kernels(name):
    """Six steps of apply_gradients over a float32 and a float64 variable together: each update
    uses the hyperparameters cast to its own variable's dtype; slots follow the kernels."""
    make, make_ref = DENSE[name]
    w32 = tf.Variable(W32_0, name="w32")
    w64 = tf.Variable(W64_0, name="w64")
    g32 = tf.placeholder(tf.float32, W32_0.shape)
    g64 = tf.placeholder(tf.float64, W64_0.shape)
    opt = make()
    train = opt.apply_gradients([(g32, w32), (g64, w64)])
    ref = make_ref()
    st = {F32: ref.init(W32_0.shape, F32), F64: ref.init(W64_0.shape, F64)}
    val = {F32: W32_0.copy(), F64: W64_0.copy()}
    tfvar = {F32: w32, F64: w64}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for dt in (F32, F64):
            for slot in ref.slots:
                np.testing.assert_array_equal(sess.run(opt.get_slot(tfvar[dt], slot)),
                                              st[dt][slot])
        for k in range(6):
            sess.run(train, {g32: G32[k], g64: G64[k]})
            val[F32] = ref.step(st[F32], val[F32], G32[k], F32)
            val[F64] = ref.step(st[F64], val[F64], G64[k], F64)
            ref.finish()
            for dt in (F32, F64):
                got = sess.run(tfvar[dt])
                assert got.dtype == dt
                _close(got, val[dt], dt)
                for slot in ref.slots:
                    _close(sess.run(opt.get_slot(tfvar[dt], slot)), st[dt][slot], dt)
        if isinstance(ref, Adam):
            b1, b2 = sess.run(opt._get_beta_accumulators())
            assert (b1, b2) == (ref.b1p, ref.b2p)


@pytest.mark.parametrize("nesterov", [False, True], ids=["heavy_ball", "nesterov"])
def test_momentum_learning_rate_is_applied_outside_the_accumulator(nesterov):
    """ApplyMomentum keeps accum = momentum*accum + grad and multiplies by the CURRENT lr; a
    velocity that stored lr*grad (Keras 2 SGD) gives other values once the rate changes."""
    dt = F64
    w = tf.Variable(W64_0, name="w")
    g = tf.placeholder(tf.float64, [3])
    lr = tf.placeholder(tf.float64, [])
    train = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=nesterov).apply_gradients([(g, w)])
    rates = [0.1, 0.5, 0.0, 0.25]
    var, accum, m = W64_0.copy(), np.zeros(3), h(0.9, dt)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for k, rate in enumerate(rates):
            sess.run(train, {g: G64[k], lr: rate})
            accum = accum * m + G64[k]
            var = var - (G64[k] * rate + accum * m * rate if nesterov else accum * rate)
            _close(sess.run(w), var, dt)


def test_adam_learning_rate_placeholder_uses_tf1_bias_corrected_rate():
    """lr_t = lr*sqrt(1-beta2^t)/(1-beta1^t) is recomputed from the fed rate each step, and the
    epsilon hat is added to sqrt(v), not to sqrt(v_hat)."""
    w = tf.Variable(W64_0, name="w")
    g = tf.placeholder(tf.float64, [3])
    lr = tf.placeholder(tf.float64, [])
    opt = tf.train.AdamOptimizer(lr, beta1=0.6, beta2=0.8, epsilon=0.25)
    train = opt.apply_gradients([(g, w)])
    ref = Adam(None, 0.6, 0.8, 0.25)
    s, var = ref.init(3, F64), W64_0.copy()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for k, rate in enumerate([0.2, 0.05, 0.4]):
            sess.run(train, {g: G64[k], lr: rate})
            ref.lr = F64(rate)  # fed as float64: no float32 rounding
            var = ref.step(s, var, G64[k], F64)
            ref.finish()
            _close(sess.run(w), var, F64)
            _close(sess.run(opt.get_slot(w, "v")), s["v"], F64)


def test_learning_rate_variable_is_read_at_run_time():
    w = tf.Variable(1.0, name="w")
    lr = tf.Variable(0.5, trainable=False, name="lr")
    train = tf.train.GradientDescentOptimizer(lr).minimize(w * w)  # grad 2w
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(w) == 0.0
        sess.run([w.assign(1.0), lr.assign(0.25)])
        sess.run(train)
        assert sess.run(w) == 0.5


def test_every_hyperparameter_may_be_a_callable_or_an_int():
    """_prepare calls _call_if_callable on every hyperparameter; an int rate is cast."""
    w = tf.Variable(np.array([1.0, -2.0]), name="w")
    g = tf.constant([0.5, 0.25], tf.float64)
    opts = [tf.train.GradientDescentOptimizer(1),
            tf.train.MomentumOptimizer(lambda: 0.2, lambda: 0.5, name="M"),
            tf.train.RMSPropOptimizer(lambda: 0.05, decay=lambda: 0.8, momentum=lambda: 0.3,
                                      epsilon=lambda: 1e-3, name="R"),
            tf.train.AdadeltaOptimizer(lambda: 1.0, rho=lambda: 0.9, epsilon=lambda: 1e-4,
                                       name="D")]
    refs = [GD(1.0), Momentum(0.2, 0.5), RMSProp(0.05, 0.8, 0.3, 1e-3), Adadelta(1.0, 0.9, 1e-4)]
    with tf.Session() as sess:
        for opt, ref in zip(opts, refs):
            train = opt.apply_gradients([(g, w)])
            sess.run(tf.global_variables_initializer())
            var, s = np.array([1.0, -2.0]), ref.init(2, F64)
            for _ in range(2):
                sess.run(train)
                var = ref.step(s, var, np.array([0.5, 0.25]), F64)
            _close(sess.run(w), var, F64)


# -- sparse gradients: tf.gather of a variable gives IndexedSlices in TF 1 -------------------
def _dedup(idx, rows):
    """Optimizer._deduplicate_indexed_slices: unique indices (first-seen order), summed rows."""
    order, sums = [], {}
    for i, r in zip(idx, rows):
        if i in sums:
            sums[i] = sums[i] + r
        else:
            order.append(i)
            sums[i] = r.copy()
    return order, [sums[i] for i in order]


def _sparse_sgd(var, s, idx, rows, dt, _):
    for i, r in zip(idx, rows):  # GradientDescent: scatter_sub of values*lr, no dedup
        var[i] -= r * h(0.3, dt)


def _sparse_adagrad(var, s, idx, rows, dt, _):
    for i, r in zip(*_dedup(idx, rows)):
        s["accumulator"][i] += np.square(r)
        var[i] -= h(0.4, dt) * r * (dt(1) / np.sqrt(s["accumulator"][i]))


def _sparse_adam(var, s, idx, rows, dt, sh):
    # AdamOptimizer._apply_sparse_shared: decays all of m and v, scatter_adds the new terms,
    # then updates every row (not lazy)
    one = dt(1)
    b1, b2, eps = h(0.6, dt), h(0.8, dt), h(0.25, dt)
    lr = h(0.2, dt) * np.sqrt(one - dt(sh["b2p"])) / (one - dt(sh["b1p"]))
    s["m"] *= b1
    s["v"] *= b2
    for i, r in zip(*_dedup(idx, rows)):
        s["m"][i] += r * (one - b1)
        s["v"][i] += (r * r) * (one - b2)
    var -= lr * s["m"] / (np.sqrt(s["v"]) + eps)
    sh["b1p"], sh["b2p"] = F32(sh["b1p"] * F32(0.6)), F32(sh["b2p"] * F32(0.8))


def _sparse_momentum(nesterov):
    def step(var, s, idx, rows, dt, _):
        lr, m = h(0.2, dt), h(0.7, dt)
        for i, r in zip(*_dedup(idx, rows)):  # SparseApplyMomentum: gathered rows only
            s["momentum"][i] = s["momentum"][i] * m + r
            if nesterov:
                var[i] -= lr * r + lr * m * s["momentum"][i]
            else:
                var[i] -= lr * s["momentum"][i]
    return step


def _sparse_rmsprop(centered):
    def step(var, s, idx, rows, dt, _):
        lr, rho, m, eps = h(0.05, dt), h(0.8, dt), h(0.6, dt), h(1e-3, dt)
        one = dt(1)
        for i, r in zip(*_dedup(idx, rows)):  # SparseApply(Centered)RMSProp
            s["rms"][i] = s["rms"][i] * rho + np.square(r) * (one - rho)
            if centered:
                s["mg"][i] = s["mg"][i] * rho + r * (one - rho)
                denom = s["rms"][i] + eps - np.square(s["mg"][i])
            else:
                denom = s["rms"][i] + eps
            s["momentum"][i] = s["momentum"][i] * m + (one / np.sqrt(denom)) * lr * r
            var[i] -= s["momentum"][i]
    return step


def _sparse_adadelta(var, s, idx, rows, dt, _):
    one, lr, rho, eps = dt(1), h(1.0, dt), h(0.9, dt), h(1e-4, dt)
    for i, r in zip(*_dedup(idx, rows)):  # SparseApplyAdadelta: gathered rows only
        s["accum"][i] = s["accum"][i] * rho + np.square(r) * (one - rho)
        update = np.sqrt(s["accum_update"][i] + eps) * (one / np.sqrt(s["accum"][i] + eps)) * r
        s["accum_update"][i] = s["accum_update"][i] * rho + np.square(update) * (one - rho)
        var[i] -= update * lr


def _slots(**kinds):
    return lambda shape, dt: {k: (np.ones if v else np.zeros)(shape, dt) for k, v in kinds.items()}


SPARSE = [
    pytest.param(lambda: tf.train.GradientDescentOptimizer(0.3), _slots(), _sparse_sgd,
                 id="sgd"),
    pytest.param(lambda: tf.train.AdagradOptimizer(0.4),
                 lambda shape, dt: {"accumulator": np.full(shape, 0.1, dt)}, _sparse_adagrad,
                 id="adagrad"),
    pytest.param(lambda: tf.train.AdamOptimizer(0.2, 0.6, 0.8, 0.25), _slots(m=0, v=0),
                 _sparse_adam, id="adam"),
    pytest.param(lambda: tf.train.MomentumOptimizer(0.2, 0.7), _slots(momentum=0),
                 _sparse_momentum(False), id="momentum"),
    pytest.param(lambda: tf.train.MomentumOptimizer(0.2, 0.7, use_nesterov=True),
                 _slots(momentum=0), _sparse_momentum(True), id="nesterov"),
    pytest.param(lambda: tf.train.RMSPropOptimizer(0.05, 0.8, 0.6, 1e-3),
                 _slots(rms=1, momentum=0), _sparse_rmsprop(False), id="rmsprop"),
    pytest.param(lambda: tf.train.RMSPropOptimizer(0.05, 0.8, 0.6, 1e-3, centered=True),
                 _slots(rms=1, momentum=0, mg=0), _sparse_rmsprop(True), id="rmsprop_centered"),
    pytest.param(lambda: tf.train.AdadeltaOptimizer(1.0, 0.9, 1e-4),
                 _slots(accum=0, accum_update=0), _sparse_adadelta, id="adadelta"),
]

E0 = np.array([[1.0, -1.0], [0.5, 2.0], [-0.75, 0.25], [3.0, -2.5]])
BATCHES = [([0, 0, 2], [[1.0, 2.0], [0.5, -1.0], [-2.0, 0.25]]),  # duplicate index 0
           ([1], [[0.75, -0.5]]),                                 # rows 0 and 2 absent
           ([3, 1, 3], [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]])]


@pytest.mark.parametrize("dt", [F32, F64], ids=["f32", "f64"])
@pytest.mark.parametrize("make, make_slots, sparse_step", SPARSE)
def test_gather_gradients_follow_tf_sparse_update_semantics(make, make_slots, sparse_step, dt):
    """minimize of sum(gather(E, idx) * c): duplicate indices are summed, and each optimizer
    updates rows as its SparseApply kernel does (Adam: every row, not lazily)."""
    emb = tf.Variable(E0.astype(dt), name="emb")
    idx = tf.placeholder(tf.int32, [None])
    c = tf.placeholder(tf.as_dtype(dt), [None, 2])
    opt = make()
    train = opt.minimize(tf.reduce_sum(tf.gather(emb, idx) * c))
    var, s = E0.astype(dt), make_slots(E0.shape, dt)
    shared = {"b1p": F32(0.6), "b2p": F32(0.8)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for batch_idx, rows in BATCHES:
            rows = np.array(rows, dt)
            sess.run(train, {idx: batch_idx, c: rows})
            sparse_step(var, s, batch_idx, list(rows), dt, shared)
            rtol = 1e-5 if dt is F32 else 1e-12  # sparse kernels round in another order
            _close(sess.run(emb), var, dt, rtol)
            for name, want in s.items():
                _close(sess.run(opt.get_slot(emb, name)), want, dt, rtol)


# -- constraints, minimize / apply_gradients plumbing ----------------------------------------
def test_variable_constraint_is_applied_after_each_update():
    w = tf.Variable([1.0, -2.0], name="w",
                    constraint=lambda v: tf.clip_by_value(v, 0.0, 1.0))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(w))  # grad ones
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        np.testing.assert_array_equal(sess.run(w), [0.5, 0.0])  # [0.5, -2.5] projected
        sess.run(train)
        np.testing.assert_array_equal(sess.run(w), [0.0, 0.0])


def test_global_step_increments_once_per_run_after_every_update():
    """One increment per run however many variables; the rate is read before it."""
    w1 = tf.Variable([1.0, 2.0], name="w1")
    w2 = tf.Variable(3.0, name="w2")
    step = tf.Variable(0, name="step", trainable=False)  # an int32 step works too
    lr = tf.train.piecewise_constant(step, [0, 1], [1.0, 0.5, 0.25])
    loss = -tf.reduce_sum(w1) - w2  # gradient -1 everywhere: each variable grows by lr
    train = tf.train.AdamOptimizer(lr).minimize(loss, global_step=step, name="train")
    assert (train.name, train.type) == ("train", "AssignAdd")
    assert [op.name for op in train.control_inputs] == ["train/update"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        deltas = []
        for k in range(3):
            before = sess.run(w2)
            sess.run(train)
            deltas.append(sess.run(w2) - before)
            assert sess.run(step) == k + 1
    # each step moved w2 by Adam's update at the rate of the step count before the increment
    ref, var, s = Adam(None), F32(3.0), Adam(None).init((), F32)
    want = []
    for rate in [1.0, 0.5, 0.25]:
        ref.lr = rate
        new = ref.step(s, var, F32(-1.0), F32)
        ref.finish()
        want.append(new - var)
        var = new
    np.testing.assert_allclose(deltas, want, rtol=1e-5)


def test_nested_var_list_and_none_gradients_with_adam():
    w1 = tf.Variable([1.0, 2.0], name="w1")
    w2 = tf.Variable(5.0, name="w2")
    w3 = tf.Variable(-1.0, name="w3")
    opt = tf.train.AdamOptimizer(0.1)
    gv = opt.compute_gradients(tf.reduce_sum(w1 * w1) + w3, var_list=[[w1], (w2, w3)])
    assert [v for _, v in gv] == [w1, w2, w3] and gv[1][0] is None
    train = opt.apply_gradients(gv)
    assert opt.get_slot(w2, "m") is None and opt.get_slot(w3, "m") is not None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(w2) == 5.0
        assert list(sess.run(opt._get_beta_accumulators())) == [F32(0.9) * F32(0.9),
                                                                F32(0.999) * F32(0.999)]


def test_gate_gradients_modes_and_grad_loss_through_minimize():
    results = []
    for gate in (tf.train.Optimizer.GATE_NONE, tf.train.Optimizer.GATE_OP,
                 tf.train.Optimizer.GATE_GRAPH):
        with tf.Graph().as_default():
            w = tf.Variable(np.array([1.0, -3.0]), name="w")
            loss = w * w  # not reduced: grad_loss weighs each element
            train = tf.train.GradientDescentOptimizer(0.125).minimize(
                loss, gate_gradients=gate, grad_loss=tf.constant([1.0, 2.0], tf.float64))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                results.append(sess.run(w))
    for got in results:  # w - 0.125 * grad_loss * 2w
        np.testing.assert_array_equal(got, [0.75, -1.5])
    with pytest.raises(ValueError, match=r"Invalid type tf\.int32"):
        tf.train.GradientDescentOptimizer(0.1).compute_gradients(
            tf.reduce_sum(tf.Variable([1.0]) * 2.0), grad_loss=tf.constant(1))


def test_bad_arguments_raise_as_in_tf():
    w = tf.Variable([1.0, 2.0, 3.0], name="w")
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError):  # ApplyGradientDescent's shape function merges var, delta
        opt.apply_gradients([(tf.constant([1.0]), w)])
    with pytest.raises(ValueError):
        tf.train.AdamOptimizer().apply_gradients([(tf.constant([[1.0, 2.0, 3.0]]), w)])
    with pytest.raises(TypeError):  # 'delta' float64 does not match float32 'var'
        opt.apply_gradients([(tf.constant([1.0, 2.0, 3.0], tf.float64), w)])
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable: "
                       r"\[\"<tf.Variable 'w:0' shape=\(3,\) dtype=float32_ref>\"\]\.$"):
        opt.apply_gradients([(None, w)])
    with pytest.raises(ValueError, match=r"^No gradients provided for any variable, check your "
                       r"graph for ops that do not support gradients, between variables "
                       r"\[\"<tf.Variable 'w:0' shape=\(3,\) dtype=float32_ref>\"\] and loss "
                       r"Tensor\("):
        opt.minimize(tf.constant(2.0) * 3.0, var_list=[w])
    with pytest.raises(ValueError, match=r"^No variables to optimize\.$"):
        opt.minimize(tf.reduce_sum(w), var_list=[])
    with pytest.raises(ValueError, match=r"^initial_accumulator_value must be positive: -1\.0$"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=-1.0)


def test_compute_gradients_accepts_a_tensor_in_var_list():
    x = tf.constant(3.0)
    w = tf.Variable(1.0, name="w")
    gv = tf.train.GradientDescentOptimizer(0.1).compute_gradients(x * x * w, var_list=[x])
    assert gv[0][1] is x
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(gv[0][0]) == 6.0


# -- names -----------------------------------------------------------------------------------
def test_names_inside_a_name_scope():
    """init_scope keeps the name scope: the train op, update ops, hyperparameters and the beta
    powers are under it; slots follow the variable scope only."""
    w = tf.Variable([1.0], name="w")
    loss = tf.reduce_sum(w * w)
    opt = tf.train.AdamOptimizer()
    with tf.name_scope("train"):
        train = opt.minimize(loss)
    graph = tf.get_default_graph()
    assert train.name == "train/Adam"
    assert [v.name for v in opt._get_beta_accumulators()] == ["train/beta1_power:0",
                                                               "train/beta2_power:0"]
    assert (opt.get_slot(w, "m").name, opt.get_slot(w, "v").name) == ("w/Adam:0", "w/Adam_1:0")
    for op in ("train/Adam/update_w/ApplyAdam", "train/Adam/learning_rate", "train/Adam/beta1",
               "train/Adam/beta2", "train/Adam/epsilon"):
        graph.get_operation_by_name(op)


def test_names_inside_a_variable_scope_repeat_the_scope_in_slot_names():
    """slot_creator opens variable_scope(None, default_name=primary.op.name + '/Adam') inside
    the current variable scope, so TF 1 names the slot 'outer/outer/w/Adam'."""
    with tf.variable_scope("outer"):
        w = tf.Variable([1.0], name="w")
        opt = tf.train.AdamOptimizer()
        train = opt.minimize(tf.reduce_sum(w))
    assert w.name == "outer/w:0" and train.name == "outer/Adam"
    assert opt.get_slot(w, "m").name == "outer/outer/w/Adam:0"
    assert opt._get_beta_accumulators()[0].name == "outer/beta1_power:0"


def test_repeated_minimize_uniquifies_the_op_and_shares_optimizer_variables():
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.AdamOptimizer(0.1)
    t1 = opt.minimize(tf.reduce_sum(w * w))
    t2 = opt.minimize(tf.reduce_sum(w))
    assert (t1.name, t2.name) == ("Adam", "Adam_1")
    assert [v.name for v in tf.global_variables()] == [
        "w:0", "beta1_power:0", "beta2_power:0", "w/Adam:0", "w/Adam_1:0"]
    tf.get_default_graph().get_operation_by_name("Adam_1/update_w/ApplyAdam")
    with tf.Session() as sess:  # both train ops advance the same beta powers
        sess.run(tf.global_variables_initializer())
        sess.run([t1])
        sess.run([t2])
        assert sess.run(opt._get_beta_accumulators()[0]) == F32(F32(0.9) * F32(0.9)) * F32(0.9)


@pytest.mark.parametrize("make, names", [
    (lambda: tf.train.GradientDescentOptimizer(0.1),
     ["GradientDescent/learning_rate", "GradientDescent/update_net/w/ApplyGradientDescent"]),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9),
     ["Momentum/learning_rate", "Momentum/momentum", "Momentum/update_net/w/ApplyMomentum"]),
    (lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
     ["RMSProp/learning_rate", "RMSProp/decay", "RMSProp/momentum", "RMSProp/epsilon",
      "RMSProp/update_net/w/ApplyCenteredRMSProp"]),
    (lambda: tf.train.AdagradOptimizer(0.1),
     ["Adagrad/learning_rate", "Adagrad/update_net/w/ApplyAdagrad"]),
    (lambda: tf.train.AdadeltaOptimizer(),
     ["Adadelta/lr", "Adadelta/rho", "Adadelta/epsilon", "Adadelta/update_net/w/ApplyAdadelta"]),
], ids=["sgd", "momentum", "rmsprop", "adagrad", "adadelta"])
def test_hyperparameter_and_update_op_names(make, names):
    with tf.variable_scope("net"):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    opt = make()
    opt.minimize(tf.reduce_sum(w * w))
    graph = tf.get_default_graph()
    for name in names:
        graph.get_operation_by_name(name)
    for slot in opt.get_slot_names():
        assert opt.get_slot(w, slot).name.startswith("net/w/" + opt.get_name())


# -- learning-rate schedules -----------------------------------------------------------------
def _run_schedule(make, steps, step_dtype=tf.int64):
    step = tf.placeholder(step_dtype, [])
    lr = make(step)
    with tf.Session() as sess:
        return np.array([sess.run(lr, {step: s}) for s in steps]), lr


def _f64(x):
    return F64(F32(x))  # a Python number cast to the float64 schedule through float32


LR64 = 0.1


@pytest.mark.parametrize("kind", ["exponential", "exponential_staircase", "inverse_time",
                                  "inverse_time_staircase", "polynomial", "polynomial_cycle"])
def test_float64_schedules_match_tf_formula_exactly(kind):
    steps = [0, 1, 7, 20, 21, 40, 41, 80, 99, 250]

    def make(step):
        lr = tf.constant(LR64, tf.float64)
        if kind.startswith("exponential"):
            return tf.train.exponential_decay(lr, step, 20, 0.6, staircase="stair" in kind)
        if kind.startswith("inverse_time"):
            return tf.train.inverse_time_decay(lr, step, 20, 0.6, staircase="stair" in kind)
        return tf.train.polynomial_decay(lr, step, 40, end_learning_rate=0.003, power=2.5,
                                         cycle=kind.endswith("cycle"))

    def formula(s):
        s = F64(s)
        if kind.startswith("polynomial"):
            end, power = _f64(0.003), _f64(2.5)
            if kind.endswith("cycle"):
                ds = F64(40) * (F64(1) if s == 0 else np.ceil(s / F64(40)))
            else:
                ds, s = F64(40), min(s, F64(40))
            return (F64(LR64) - end) * (F64(1) - s / ds) ** power + end
        p = s / F64(20)
        if kind.endswith("staircase"):
            p = np.floor(p)
        if kind.startswith("exponential"):
            return F64(LR64) * _f64(0.6) ** p
        return F64(LR64) / (F64(1) + _f64(0.6) * p)

    got, lr = _run_schedule(make, steps)
    assert lr.dtype == tf.float64
    want = np.array([formula(s) for s in steps])
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)
    if kind == "polynomial_cycle":  # an exact multiple of decay_steps reaches the end rate
        np.testing.assert_allclose(got[[5, 7]], _f64(0.003), rtol=1e-15)


def test_natural_exp_decay_float64_uses_float32_exp_base():
    steps = [0, 1, 5, 13, 40]
    got, _ = _run_schedule(lambda s: tf.train.natural_exp_decay(
        tf.constant(LR64, tf.float64), s, 4, 0.7), steps)
    base = F64(np.exp(-F32(0.7)))  # math_ops.exp(math_ops.negative(0.7)): float32
    np.testing.assert_allclose(got, [F64(LR64) * base ** (F64(s) / F64(4)) for s in steps],
                               rtol=1e-14, atol=0)


def test_linear_cosine_decay_with_periods_alpha_beta_in_float32():
    steps = [0, 3, 10, 17, 25, 40, 60]
    got, lr = _run_schedule(lambda s: tf.train.linear_cosine_decay(
        0.2, s, 40, num_periods=2.0, alpha=0.1, beta=0.01), steps)
    assert lr.dtype == tf.float32
    want = []
    for s in steps:
        ds = F32(40)
        gs = min(F32(s), ds)
        linear = (ds - gs) / ds
        fraction = F32(2.0) * F32(2.0) * (gs / ds)
        cosine = F32(0.5) * (F32(1) + np.cos(F32(math.pi) * fraction))
        want.append(F32(0.2) * ((F32(0.1) + linear) * cosine + F32(0.01)))
    np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-8)


def test_piecewise_constant_float_x_tensor_values_and_exact_boundaries():
    x = tf.placeholder(tf.float32, [])
    values = [tf.constant(v, tf.float64) for v in (1.0, 0.5, 0.25, 0.125)]
    lr = tf.train.piecewise_constant(x, [0.5, 1.5, 2.5], values)
    assert lr.dtype == tf.float64
    with tf.Session() as sess:
        got = [sess.run(lr, {x: v}) for v in (-1.0, 0.5, 0.5001, 1.5, 2.0, 2.5, 2.5001, 9.0)]
    assert got == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]  # x <= b0 -> v0 ...
    with pytest.raises(ValueError, match="must have the same dtype as x"):
        tf.train.piecewise_constant(x, [1, 2], [1.0, 2.0, 3.0])  # int32 bounds, float32 x


@pytest.mark.parametrize("make, name", [
    (lambda s: tf.train.exponential_decay(0.1, s, 10, 0.5), "ExponentialDecay"),
    (lambda s: tf.train.inverse_time_decay(0.1, s, 10, 0.5), "InverseTimeDecay"),
    (lambda s: tf.train.polynomial_decay(0.1, s, 10), "PolynomialDecay"),
    (lambda s: tf.train.cosine_decay_restarts(0.1, s, 10), "SGDRDecay"),
    (lambda s: tf.train.linear_cosine_decay(0.1, s, 10), "LinearCosineDecay"),
    (lambda s: tf.train.exponential_decay(0.1, s, 10, 0.5, name="lr"), "lr"),
    (lambda s: tf.train.natural_exp_decay(0.1, s, 10, 0.5), "ExponentialDecay"),
], ids=["exponential", "inverse_time", "polynomial", "sgdr", "linear_cosine", "named",
        "natural_exp"])
def test_schedule_op_names(make, name):
    lr = make(tf.train.get_or_create_global_step())
    assert lr.op.name == name


@pytest.mark.parametrize("symbol", ["piecewise_constant_decay", "noisy_linear_cosine_decay"])
def test_tf115_schedule_exports_exist(symbol):
    assert callable(getattr(tf.train, symbol))
