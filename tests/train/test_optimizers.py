"""tf.train optimizers vs NumPy references of TensorFlow 1.15's update rules; slots, names,
global step, learning-rate forms, var_list and error messages."""

import collections

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

from . import reference as ref

W0 = np.array([1.0, -2.0, 0.5])
A = np.array([1.0, 3.0, 0.5])
T = np.array([0.2, 0.1, -0.3])

Case = collections.namedtuple("Case", "id make reference slots")

CASES = [
    Case("sgd", lambda: tf.train.GradientDescentOptimizer(0.1),
         lambda dt: ref.GradientDescent(dt, 3, 0.1), {}),
    Case("momentum", lambda: tf.train.MomentumOptimizer(0.1, 0.9),
         lambda dt: ref.Momentum(dt, 3, 0.1, 0.9), {"momentum": "w/Momentum:0"}),
    Case("nesterov", lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
         lambda dt: ref.Momentum(dt, 3, 0.1, 0.9, use_nesterov=True),
         {"momentum": "w/Momentum:0"}),
    Case("adam", lambda: tf.train.AdamOptimizer(0.1),
         lambda dt: ref.Adam(dt, 3, 0.1), {"m": "w/Adam:0", "v": "w/Adam_1:0"}),
    Case("adam_eps", lambda: tf.train.AdamOptimizer(0.05, beta1=0.8, beta2=0.9, epsilon=0.5),
         lambda dt: ref.Adam(dt, 3, 0.05, 0.8, 0.9, 0.5), {"m": "w/Adam:0", "v": "w/Adam_1:0"}),
    Case("rmsprop", lambda: tf.train.RMSPropOptimizer(0.01),
         lambda dt: ref.RMSProp(dt, 3, 0.01),
         {"rms": "w/RMSProp:0", "momentum": "w/RMSProp_1:0"}),
    Case("rmsprop_momentum", lambda: tf.train.RMSPropOptimizer(0.01, 0.8, 0.5, 1e-3),
         lambda dt: ref.RMSProp(dt, 3, 0.01, 0.8, 0.5, 1e-3),
         {"rms": "w/RMSProp:0", "momentum": "w/RMSProp_1:0"}),
    Case("rmsprop_centered",
         lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, epsilon=1e-3, centered=True),
         lambda dt: ref.RMSProp(dt, 3, 0.01, momentum=0.5, epsilon=1e-3, centered=True),
         {"rms": "w/RMSProp:0", "mg": "w/RMSProp_1:0", "momentum": "w/RMSProp_2:0"}),
    Case("adagrad", lambda: tf.train.AdagradOptimizer(0.1),
         lambda dt: ref.Adagrad(dt, 3, 0.1), {"accumulator": "w/Adagrad:0"}),
    Case("adagrad_init", lambda: tf.train.AdagradOptimizer(0.3, initial_accumulator_value=2.0),
         lambda dt: ref.Adagrad(dt, 3, 0.3, 2.0), {"accumulator": "w/Adagrad:0"}),
    Case("adadelta", lambda: tf.train.AdadeltaOptimizer(1.0),
         lambda dt: ref.Adadelta(dt, 3, 1.0),
         {"accum": "w/Adadelta:0", "accum_update": "w/Adadelta_1:0"}),
    Case("adadelta_defaults", lambda: tf.train.AdadeltaOptimizer(),
         lambda dt: ref.Adadelta(dt, 3),
         {"accum": "w/Adadelta:0", "accum_update": "w/Adadelta_1:0"}),
    Case("adamw", lambda: tf.contrib.opt.AdamWOptimizer(0.01, learning_rate=0.1),
         lambda dt: ref.AdamW(dt, 3, 0.01, learning_rate=0.1),
         {"m": "w/AdamW:0", "v": "w/AdamW_1:0"}),
]
IDS = [c.id for c in CASES]
# the updates are written in the kernels' order of operations: float64 agrees to the last
# bit or so, float32 to float32 rounding
RTOL = {np.float64: 1e-14, np.float32: 1e-6}


def _grad(var, dtype):
    return (A * (var.astype(np.float64) - T)).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_first_steps_match_tf_update_rule(case, dtype):
    with tf.Graph().as_default():
        w = tf.Variable(W0.astype(dtype), name="w")
        g = tf.placeholder(dtype, shape=(3,), name="g")
        opt = case.make()
        train = opt.apply_gradients([(g, w)])
        expected = case.reference(dtype)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for slot in case.slots:  # initial slot values (RMSProp's rms starts at ones)
                np.testing.assert_array_equal(sess.run(opt.get_slot(w, slot)),
                                              expected.slots[slot])
            var = W0.astype(dtype)
            for _ in range(3):
                grad = _grad(var, dtype)
                sess.run(train, {g: grad})
                var = expected.step(var, grad)
                got = sess.run(w)
                assert got.dtype == dtype
                np.testing.assert_allclose(got, var, rtol=RTOL[dtype], atol=0)
                for slot in case.slots:
                    np.testing.assert_allclose(sess.run(opt.get_slot(w, slot)),
                                               expected.slots[slot], rtol=RTOL[dtype],
                                               atol=1e-300)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_minimize_uses_autodiff_gradients(case):
    dtype = np.float64
    with tf.Graph().as_default():
        w = tf.Variable(W0, name="w")
        loss = 0.5 * tf.reduce_sum(A * tf.square(w - T))
        train = case.make().minimize(loss)
        expected = case.reference(dtype)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            var = W0.copy()
            for _ in range(3):
                var = expected.step(var, _grad(var, dtype))
                sess.run(train)
                np.testing.assert_allclose(sess.run(w), var, rtol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_slots_are_named_like_tf_and_not_trainable(case):
    with tf.Graph().as_default():
        w = tf.Variable(W0, name="w")
        opt = case.make()
        opt.minimize(tf.reduce_sum(w * w))
        assert opt.get_slot_names() == sorted(case.slots)
        names = {name: opt.get_slot(w, name).name for name in case.slots}
        assert names == case.slots
        glob = tf.global_variables()
        for name in case.slots:
            slot = opt.get_slot(w, name)
            assert slot in glob
            assert slot not in tf.trainable_variables()
            assert slot.dtype == w.dtype and slot.shape.as_list() == [3]
        assert opt.get_slot(w, "no_such_slot") is None
        assert tf.trainable_variables() == [w]
        expected_vars = sorted(case.slots.values())
        if case.id.startswith("adam"):
            expected_vars = ["beta1_power:0", "beta2_power:0"] + expected_vars
        assert [v.name for v in opt.variables()] == sorted(expected_vars)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_train_op_names_and_global_step(case):
    with tf.Graph().as_default():
        w = tf.Variable(W0, name="w")
        loss = tf.reduce_sum(w * w)
        opt = case.make()
        step = tf.train.get_or_create_global_step()
        train = opt.minimize(loss, global_step=step)
        name = opt.get_name()
        # the increment is named after the optimizer and runs after "<name>/update"
        assert train.name == name and train.type == "AssignAdd"
        assert [c.name for c in train.control_inputs] == [name + "/update"]
        kernel = {"sgd": "ApplyGradientDescent", "momentum": "ApplyMomentum",
                  "nesterov": "ApplyMomentum", "adagrad": "ApplyAdagrad",
                  "adagrad_init": "ApplyAdagrad", "adadelta": "ApplyAdadelta",
                  "adadelta_defaults": "ApplyAdadelta", "rmsprop_centered":
                  "ApplyCenteredRMSProp"}.get(case.id, "ApplyAdam" if "adam" in case.id
                                              else "ApplyRMSProp")
        graph = tf.get_default_graph()
        graph.get_operation_by_name(f"{name}/update_w/{kernel}")
        assert train in tf.get_collection(tf.GraphKeys.TRAIN_OP)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(3):
                assert sess.run(step) == i
                sess.run(train)
            assert sess.run(step) == 3
            assert step.dtype == tf.int64 and step.name == "global_step:0"


def test_train_op_without_global_step_is_a_group_named_after_the_optimizer():
    w = tf.Variable(1.0, name="w")
    train = tf.train.AdamOptimizer().minimize(w * w)
    assert (train.name, train.type) == ("Adam", "NoOp")
    inputs = sorted(c.name for c in train.control_inputs)
    assert inputs == ["Adam/Assign", "Adam/Assign_1", "Adam/update_w/ApplyAdam"]
    train2 = tf.train.AdamOptimizer().minimize(w * w, name="second")
    assert train2.name == "second"


def test_adam_beta_powers_are_float32_and_advance_after_each_step():
    w = tf.Variable(np.ones(2), name="w")  # float64 variable
    opt = tf.train.AdamOptimizer(0.1, beta1=0.8, beta2=0.7)
    train = opt.minimize(tf.reduce_sum(w))
    b1, b2 = opt._get_beta_accumulators()
    assert (b1.name, b2.name) == ("beta1_power:0", "beta2_power:0")
    assert b1.dtype == tf.float32 and not b1.trainable
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        p1, p2 = np.float32(0.8), np.float32(0.7)
        for _ in range(3):
            assert sess.run([b1, b2]) == [p1, p2]
            sess.run(train)
            p1, p2 = np.float32(p1 * np.float32(0.8)), np.float32(p2 * np.float32(0.7))


def test_adam_epsilon_is_added_to_sqrt_v_not_to_the_bias_corrected_v():
    # one step from zero state: m = 0.1 g, v = 0.001 g^2, lr_t = lr sqrt(0.001) / 0.1
    # TF 1: var -= lr_t m / (sqrt(v) + eps); Algorithm 1 would divide by sqrt(v_hat) + eps
    lr, eps, g = 0.1, 0.1, 2.0
    w = tf.Variable(0.0, dtype=tf.float64)
    train = tf.train.AdamOptimizer(lr, epsilon=eps).apply_gradients(
        [(tf.constant(g, tf.float64), w)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        got = sess.run(w)
    f = ref.hyper
    lr_t = f(lr, np.float64) * np.sqrt(1 - f(0.999, np.float64)) / (1 - f(0.9, np.float64))
    m, v = (1 - f(0.9, np.float64)) * g, (1 - f(0.999, np.float64)) * g * g
    tf1 = -lr_t * m / (np.sqrt(v) + f(eps, np.float64))
    np.testing.assert_allclose(got, tf1, rtol=1e-14)
    algorithm1 = -lr * g / (abs(g) + eps)
    assert abs(got - algorithm1) > 1e-3


def test_slot_names_are_made_unique_per_optimizer_and_variable():
    with tf.variable_scope("net"):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
    tf.train.AdamOptimizer(name="Adam").minimize(tf.reduce_sum(w))
    opt2 = tf.train.AdamOptimizer(name="Adam")
    opt2.minimize(tf.reduce_sum(w))
    assert opt2.get_slot(w, "m").name == "net/w/Adam_2:0"
    assert opt2.get_slot(w, "v").name == "net/w/Adam_3:0"
    # beta powers are plain tf.Variables: made unique by name scope
    assert opt2._get_beta_accumulators()[0].name == "beta1_power_1:0"


def test_slots_are_created_once_per_variable():
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    opt.minimize(tf.reduce_sum(w))
    slot = opt.get_slot(w, "momentum")
    opt.minimize(tf.reduce_sum(w * w))
    assert opt.get_slot(w, "momentum") is slot
    assert len(opt.variables()) == 1


def test_learning_rate_as_tensor_placeholder_and_callable():
    w = tf.Variable(1.0, name="w")  # grad of w*w at 1 is 2
    lr = tf.placeholder(tf.float32, [])
    train_fed = tf.train.GradientDescentOptimizer(lr).minimize(w * w)
    lr64 = tf.constant(0.25, tf.float64)  # cast to the variable's float32
    train_t = tf.train.MomentumOptimizer(lr64, 0.0).minimize(w * w)
    calls = []

    def lr_fn():
        calls.append(1)
        return 0.125
    train_fn = tf.train.AdamOptimizer(lr_fn).minimize(w * w)
    assert calls == [1]  # called once, when the update ops are built
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_fed, {lr: 0.1})
        np.testing.assert_allclose(sess.run(w), 0.8, rtol=1e-6)
        sess.run(train_fed, {lr: 0.5})
        np.testing.assert_allclose(sess.run(w), 0.0, atol=1e-6)
        sess.run(w.assign(1.0))
        sess.run(train_t)
        np.testing.assert_allclose(sess.run(w), 0.5, rtol=1e-6)
        sess.run(w.assign(1.0))
        sess.run(train_fn)  # Adam's first step moves by about lr
        np.testing.assert_allclose(sess.run(w), 1.0 - 0.125, rtol=1e-5)


def test_learning_rate_schedule_is_evaluated_at_the_step_before_the_increment():
    w = tf.Variable(0.0, name="w")
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(1.0, step, decay_steps=1, decay_rate=0.5)
    loss = -w  # gradient -1: w grows by lr each step
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(train)
        np.testing.assert_allclose(sess.run(w), 1.0 + 0.5 + 0.25 + 0.125, rtol=1e-6)
        assert sess.run(step) == 4


def test_piecewise_learning_rate_drives_momentum():
    w = tf.Variable(0.0, name="w")
    step = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(step, [1, 2], [1.0, 0.1, 0.01])
    train = tf.train.MomentumOptimizer(lr, 0.0).minimize(-w, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = []
        for _ in range(4):
            before = sess.run(w)
            sess.run(train)
            values.append(sess.run(w) - before)
    np.testing.assert_allclose(values, [1.0, 1.0, 0.1, 0.01], rtol=1e-6)


def test_var_list_restricts_the_update():
    w1 = tf.Variable([1.0, 2.0], name="w1")
    w2 = tf.Variable([3.0], name="w2")
    loss = tf.reduce_sum(w1 * w1) + tf.reduce_sum(w2 * w2)
    opt = tf.train.AdamOptimizer(0.1)
    gv = opt.compute_gradients(loss, var_list=[w1])
    assert [v for _, v in gv] == [w1]
    train = opt.minimize(loss, var_list=[w1])
    assert opt.get_slot(w2, "m") is None and opt.get_slot(w1, "m") is not None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert not np.allclose(sess.run(w1), [1.0, 2.0])
        np.testing.assert_array_equal(sess.run(w2), [3.0])


def test_default_var_list_is_the_trainable_variables():
    w = tf.Variable(1.0, name="w")
    frozen = tf.Variable(2.0, name="frozen", trainable=False)
    gv = tf.train.GradientDescentOptimizer(0.1).compute_gradients(w * frozen)
    assert [v for _, v in gv] == [w]


def test_variables_without_gradient_are_skipped():
    w1 = tf.Variable(1.0, name="w1")
    w2 = tf.Variable(5.0, name="w2")
    opt = tf.train.MomentumOptimizer(0.5, 0.9)
    gv = opt.compute_gradients(w1 * w1, var_list=[w1, w2])
    assert gv[1] == (None, w2)
    train = opt.apply_gradients(gv)
    assert opt.get_slot(w2, "momentum") is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run([w1, w2]) == [0.0, 5.0]


def test_compute_and_apply_gradients_with_clipping():
    w = tf.Variable([3.0, 4.0], name="w")
    opt = tf.train.GradientDescentOptimizer(1.0)
    grads, variables = zip(*opt.compute_gradients(0.5 * tf.reduce_sum(w * w)))
    clipped, norm = tf.clip_by_global_norm(grads, 1.0)
    train = opt.apply_gradients(zip(clipped, variables))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(norm) == pytest.approx(5.0)
        sess.run(train)
        np.testing.assert_allclose(sess.run(w), [2.4, 3.2], rtol=1e-6)


def test_gate_graph_and_grad_loss():
    w = tf.Variable(2.0, name="w")
    opt = tf.train.GradientDescentOptimizer(0.1)
    (g, _), = opt.compute_gradients(w * w, gate_gradients=opt.GATE_GRAPH,
                                     grad_loss=tf.constant(3.0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(g) == 12.0
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        opt.compute_gradients(w * w, gate_gradients=7)


def test_adamw_decays_before_the_adam_update_and_honours_decay_var_list():
    w1 = tf.Variable([1.0, -1.0], dtype=tf.float64, name="w1")
    w2 = tf.Variable([1.0, -1.0], dtype=tf.float64, name="w2")
    opt = tf.contrib.opt.AdamWOptimizer(0.1, learning_rate=0.01)
    loss = tf.reduce_sum(w1) + tf.reduce_sum(w2)  # gradient ones for both
    train = opt.minimize(loss, decay_var_list=[w1])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        got1, got2 = sess.run([w1, w2])
    adam = ref.Adam(np.float64, 2, 0.01)
    step = np.array([1.0, -1.0]) - adam.step(np.array([1.0, -1.0]), np.ones(2))
    np.testing.assert_allclose(got1, 0.9 * np.array([1.0, -1.0]) - step, rtol=1e-14)
    np.testing.assert_allclose(got2, np.array([1.0, -1.0]) - step, rtol=1e-14)


def test_extend_with_decoupled_weight_decay_and_momentumw():
    MomentumW = tf.contrib.opt.extend_with_decoupled_weight_decay(tf.train.MomentumOptimizer)
    for opt in (MomentumW(0.5, learning_rate=0.1, momentum=0.9),
                tf.contrib.opt.MomentumWOptimizer(0.5, 0.1, 0.9)):
        with tf.Graph().as_default():
            w = tf.Variable(2.0, name="w")
            train = opt.minimize(w * w)  # grad 4: w = 2 - 0.5*2 - 0.1*4 = 0.6
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                assert sess.run(w) == pytest.approx(0.6)


# -- errors ---------------------------------------------------------------------------------
def test_minimize_without_any_gradient_names_the_variables():
    w = tf.Variable(1.0, name="w")
    c = tf.constant(3.0)
    tf.Variable(2.0, name="unused")
    with pytest.raises(ValueError, match=r"No gradients provided for any variable, check your "
                       r"graph for ops that do not support gradients, between variables "
                       r"\[.*'w:0'.*'unused:0'.*\] and loss"):
        tf.train.AdamOptimizer().minimize(c * c)
    assert w is not None


def test_apply_gradients_errors():
    w = tf.Variable(1.0, name="w")
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: "
                                         r"\[\"<tf.Variable 'w:0'"):
        opt.apply_gradients([(None, w)])
    with pytest.raises(ValueError, match="No variables provided."):
        opt.apply_gradients([])
    with pytest.raises(TypeError, match="Gradient must be convertible to a Tensor"):
        opt.apply_gradients([(object(), w)])
    with pytest.raises(TypeError, match="grads_and_vars must be a list of"):
        opt.apply_gradients([w])


def test_compute_gradients_errors():
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No variables to optimize."):
        opt.compute_gradients(tf.constant(1.0))
    w = tf.Variable(1.0, name="w")
    with pytest.raises(ValueError, match=r"Invalid type tf.int32 for .*expected"):
        opt.compute_gradients(tf.constant(1))
    with pytest.raises(TypeError, match="unsupported type str"):
        opt.compute_gradients(w * w, var_list=["w"])


def test_constructor_errors():
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.GradientDescentOptimizer(0.1, name="")


def test_default_hyperparameters_match_tf():
    adam = tf.train.AdamOptimizer()
    assert (adam._lr, adam._beta1, adam._beta2, adam._epsilon) == (0.001, 0.9, 0.999, 1e-8)
    rms = tf.train.RMSPropOptimizer(0.1)
    assert (rms._decay, rms._momentum, rms._epsilon, rms._centered) == (0.9, 0.0, 1e-10, False)
    assert tf.train.AdagradOptimizer(0.1)._initial_accumulator_value == 0.1
    ada = tf.train.AdadeltaOptimizer()
    assert (ada._lr, ada._rho, ada._epsilon) == (0.001, 0.95, 1e-8)
    adamw = tf.contrib.opt.AdamWOptimizer(0.1)
    assert (adamw._lr, adamw._beta1, adamw._beta2, adamw._epsilon, adamw.get_name()) == \
        (0.001, 0.9, 0.999, 1e-8, "AdamW")
    names = [tf.train.GradientDescentOptimizer(1.0), tf.train.MomentumOptimizer(1.0, 0.5),
             adam, rms, tf.train.AdagradOptimizer(1.0), ada]
    assert [o.get_name() for o in names] == ["GradientDescent", "Momentum", "Adam", "RMSProp",
                                             "Adagrad", "Adadelta"]


def test_custom_optimizer_subclass():
    class SignSGD(tf.train.Optimizer):
        def __init__(self, learning_rate, name="SignSGD"):
            super().__init__(False, name)
            self._lr = learning_rate

        def _create_slots(self, var_list):
            for v in var_list:
                self._zeros_slot(v, "steps", self._name)

        def _apply_dense(self, grad, var):
            count = self.get_slot(var, "steps").assign_add(tf.ones_like(var))
            with tf.control_dependencies([count]):
                return var.assign_sub(self._lr * tf.sign(grad)).op

    w = tf.Variable([1.0, -2.0], name="w")
    opt = SignSGD(0.5)
    train = opt.minimize(tf.reduce_sum(w * w))
    assert train.name == "SignSGD" and opt.get_slot(w, "steps").name == "w/SignSGD:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        sess.run(train)
        np.testing.assert_array_equal(sess.run(w), [0.0, -1.0])
        np.testing.assert_array_equal(sess.run(opt.get_slot(w, "steps")), [2.0, 2.0])
