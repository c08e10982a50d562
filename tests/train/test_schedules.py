"""Learning-rate schedules vs NumPy versions of TF 1.15's formulas, at several steps."""

import math

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

STEPS = [0, 1, 3, 10, 25, 99, 100, 101, 250]


def _values(make, steps=STEPS, dtype=tf.int64):
    """The schedule's value at each step, with the step fed through a placeholder."""
    step = tf.placeholder(dtype, [])
    lr = make(step)
    with tf.Session() as sess:
        return np.array([sess.run(lr, {step: s}) for s in steps]), lr


def _check(make, formula, rtol=1e-6, dtype=np.float32):
    got, lr = _values(make)
    assert lr.dtype == tf.as_dtype(dtype) and lr.shape.as_list() == []
    expected = np.array([formula(float(s)) for s in STEPS])
    # float32 rounding of cos near -1 costs absolute, not relative, precision
    atol = 1e-8 if dtype == np.float32 else 1e-15
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("staircase", [False, True])
def test_exponential_decay(staircase):
    def formula(s):
        p = s / 10
        return 0.1 * 0.5 ** (math.floor(p) if staircase else p)
    _check(lambda step: tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=staircase),
           formula)


def test_exponential_decay_float64_and_name():
    # as in TF, a Python decay_rate is cast through float32 to the rate's float64
    lr64 = tf.constant(0.1, tf.float64)
    _check(lambda step: tf.train.exponential_decay(lr64, step, 7, 0.9),
           lambda s: 0.1 * float(np.float32(0.9)) ** (s / 7), rtol=1e-14, dtype=np.float64)
    lr = tf.train.exponential_decay(0.1, tf.train.get_or_create_global_step(), 10, 0.5)
    assert lr.op.name == "ExponentialDecay_1"


def test_piecewise_constant_with_int64_step_and_python_boundaries():
    def formula(s):
        return 1.0 if s <= 10 else 0.5 if s <= 100 else 0.1
    _check(lambda step: tf.train.piecewise_constant(step, [10, 100], [1.0, 0.5, 0.1]),
           formula)


def test_piecewise_constant_int32_values_and_single_boundary():
    got, lr = _values(lambda step: tf.train.piecewise_constant(step, [3], [7, 9]),
                      dtype=tf.int32)
    assert lr.dtype == tf.int32
    np.testing.assert_array_equal(got, [7 if s <= 3 else 9 for s in STEPS])


def test_piecewise_constant_errors():
    step = tf.placeholder(tf.int64, [])
    with pytest.raises(ValueError, match="The length of boundaries should be 1 less"):
        tf.train.piecewise_constant(step, [1, 2], [1.0, 2.0])
    with pytest.raises(ValueError, match="Boundaries .* must have the same dtype as x"):
        tf.train.piecewise_constant(step, [1.5], [1.0, 2.0])
    with pytest.raises(ValueError, match="Values must have elements all with the same dtype"):
        tf.train.piecewise_constant(step, [1], [1.0, 2])


@pytest.mark.parametrize("power", [1.0, 0.5, 2.0])
def test_polynomial_decay(power):
    def formula(s):
        s = min(s, 100)
        return (0.1 - 0.01) * (1 - s / 100) ** power + 0.01
    _check(lambda step: tf.train.polynomial_decay(0.1, step, 100, 0.01, power=power), formula)


def test_polynomial_decay_cycle():
    def formula(s):
        decay_steps = 40 * (1.0 if s == 0 else math.ceil(s / 40))
        return (0.1 - 0.001) * (1 - s / decay_steps) ** 1.5 + 0.001
    _check(lambda step: tf.train.polynomial_decay(0.1, step, 40, 0.001, power=1.5, cycle=True),
           formula)


@pytest.mark.parametrize("staircase", [False, True])
def test_natural_exp_decay(staircase):
    def formula(s):
        p = math.floor(s / 20) if staircase else s / 20
        return 0.1 * math.exp(-0.3 * p)
    _check(lambda step: tf.train.natural_exp_decay(0.1, step, 20, 0.3, staircase=staircase),
           formula)


@pytest.mark.parametrize("staircase", [False, True])
def test_inverse_time_decay(staircase):
    def formula(s):
        p = math.floor(s / 20) if staircase else s / 20
        return 0.1 / (1 + 0.5 * p)
    _check(lambda step: tf.train.inverse_time_decay(0.1, step, 20, 0.5, staircase=staircase),
           formula)


@pytest.mark.parametrize("alpha", [0.0, 0.2])
def test_cosine_decay(alpha):
    def formula(s):
        s = min(s, 100)
        cosine = 0.5 * (1 + math.cos(math.pi * s / 100))
        return 0.1 * ((1 - alpha) * cosine + alpha)
    _check(lambda step: tf.train.cosine_decay(0.1, step, 100, alpha=alpha), formula)


@pytest.mark.parametrize("t_mul, m_mul", [(2.0, 1.0), (1.0, 0.5), (1.5, 0.8)])
def test_cosine_decay_restarts(t_mul, m_mul):
    def formula(s):
        fraction = s / 10
        if t_mul == 1.0:
            i = math.floor(fraction)
            fraction -= i
        else:
            i = math.floor(math.log(1 - fraction * (1 - t_mul)) / math.log(t_mul))
            sum_r = (1 - t_mul ** i) / (1 - t_mul)
            fraction = (fraction - sum_r) / t_mul ** i
        cosine = 0.5 * m_mul ** i * (1 + math.cos(math.pi * fraction))
        return 0.1 * ((1 - 0.05) * cosine + 0.05)
    _check(lambda step: tf.train.cosine_decay_restarts(0.1, step, 10, t_mul=t_mul, m_mul=m_mul,
                                                       alpha=0.05), formula)


def test_linear_cosine_decay():
    def formula(s):
        s = min(s, 100)
        linear = (100 - s) / 100
        cosine = 0.5 * (1 + math.cos(math.pi * 2 * 0.5 * s / 100))
        return 0.1 * ((0.0 + linear) * cosine + 0.001)
    _check(lambda step: tf.train.linear_cosine_decay(0.1, step, 100), formula)


@pytest.mark.parametrize("fn", [tf.train.exponential_decay, tf.train.natural_exp_decay,
                                tf.train.inverse_time_decay])
def test_schedules_require_a_global_step(fn):
    with pytest.raises(ValueError, match="global_step is required"):
        fn(0.1, None, 10, 0.5)
    with pytest.raises(ValueError, match="global_step is required"):
        tf.train.polynomial_decay(0.1, None, 10)
    with pytest.raises(ValueError, match="cosine decay requires global_step"):
        tf.train.cosine_decay(0.1, None, 10)


def test_schedule_follows_the_global_step_variable():
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(1.0, step, 1, 0.5)
    inc = step.assign_add(1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = []
        for _ in range(3):
            values.append(sess.run(lr))
            sess.run(inc)
    np.testing.assert_allclose(values, [1.0, 0.5, 0.25])


def test_global_step_helpers():
    assert tf.train.get_global_step() is None
    step = tf.train.get_or_create_global_step()
    assert tf.train.get_or_create_global_step() is step
    assert tf.train.get_global_step() is step
    assert not step.trainable and step in tf.global_variables()
    with pytest.raises(ValueError, match="already exists"):
        tf.train.create_global_step()
    with tf.Session() as sess:
        sess.run(step.initializer)
        assert tf.train.global_step(sess, step) == 0
