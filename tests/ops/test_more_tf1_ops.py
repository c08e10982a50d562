"""``tf.roll``, ``tf.repeat``, ``tf.unique_with_counts``, ``tf.setdiff1d``,
``tf.math.bincount``, ``tf.reverse_sequence``, ``tf.lgamma``/``tf.math.digamma``/
``tf.math.polygamma``, ``tf.gather_nd(batch_dims=...)`` and ``tf.print``.

Expected values, static shapes, printed text and error messages were recorded from TensorFlow
2.21 (``tf.compat.v1`` graph mode) and are hard-coded here; gradients are also checked
against central differences in float64.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

A34 = np.arange(12).reshape(3, 4)
A234 = np.arange(24).reshape(2, 3, 4)


def run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


def value(fn):
    with tf.Graph().as_default():
        return run(fn())


# -- forward values recorded from TF ----------------------------------------------------------
@pytest.mark.parametrize("fn, expected", [
    (lambda: tf.roll([1, 2, 3, 4, 5], 2, 0), [4, 5, 1, 2, 3]),
    (lambda: tf.roll(A34, [1, -1], [0, 1]), [[9, 10, 11, 8], [1, 2, 3, 0], [5, 6, 7, 4]]),
    (lambda: tf.roll(A34, [1, 2], [1, 1]), [[1, 2, 3, 0], [5, 6, 7, 4], [9, 10, 11, 8]]),
    (lambda: tf.manip.roll([1, 2, 3], -1, 0), [2, 3, 1]),
    (lambda: tf.repeat([1, 2, 3], 2), [1, 1, 2, 2, 3, 3]),
    (lambda: tf.repeat([[1, 2], [3, 4]], [1, 3], axis=0), [[1, 2], [3, 4], [3, 4], [3, 4]]),
    (lambda: tf.repeat([[1, 2], [3, 4]], [2, 0], axis=1), [[1, 1], [3, 3]]),
    (lambda: tf.repeat([[1, 2], [3, 4]], 2), [1, 1, 2, 2, 3, 3, 4, 4]),
    (lambda: tf.setdiff1d([1, 2, 3, 4, 5, 6], [1, 3, 5]).out, [2, 4, 6]),
    (lambda: tf.setdiff1d([1, 2, 3, 4, 5, 6], [1, 3, 5]).idx, [1, 3, 5]),
    (lambda: tf.bincount([1, 1, 3, 5]), [0, 2, 0, 1, 0, 1]),
    (lambda: tf.math.bincount([1, 1, 3], weights=[0.5, 1., 2.], minlength=6),
     [0, 1.5, 0, 2, 0, 0]),
    (lambda: tf.math.bincount([1, 1, 3, 5], maxlength=3), [0, 2, 0]),
    (lambda: tf.math.bincount(np.zeros(0, np.int32)), []),
    (lambda: tf.math.bincount([[1, 2], [2, 0]]), [1, 1, 2]),
    (lambda: tf.math.bincount([1, 2], dtype=tf.float32), [0., 1., 1.]),
    (lambda: tf.reverse_sequence(A34, [4, 2, 0], seq_axis=1, batch_axis=0),
     [[3, 2, 1, 0], [5, 4, 6, 7], [8, 9, 10, 11]]),
    (lambda: tf.reverse_sequence(A34.reshape(4, 3), [1, 3, 2], seq_dim=0, batch_dim=1),
     [[0, 7, 5], [3, 4, 2], [6, 1, 8], [9, 10, 11]]),
    (lambda: tf.gather_nd(A234, [[[1], [0]], [[2], [1]]], batch_dims=1),
     [[[4, 5, 6, 7], [0, 1, 2, 3]], [[20, 21, 22, 23], [16, 17, 18, 19]]]),
    (lambda: tf.gather_nd(A234, [[1, 2], [0, 3]], batch_dims=1), [6, 15]),
    (lambda: tf.gather_nd(A234, [[[1], [0], [3]], [[2], [1], [0]]], batch_dims=2),
     [[1, 4, 11], [14, 17, 20]]),
    (lambda: tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]), [3, 2]),
])
def test_values_match_tf(fn, expected):
    got = value(fn)
    np.testing.assert_array_equal(got, np.array(expected, dtype=np.asarray(got).dtype))


def test_unique_with_counts_and_setdiff_match_tf():
    with tf.Graph().as_default():
        r = tf.unique_with_counts([1, 1, 2, 4, 4, 4, 7, 8, 8])
        r64 = tf.unique_with_counts([3., 1., 3.], out_idx=tf.int64)
        d = tf.setdiff1d([5., 2., 5., 1.], [1.], index_dtype=tf.int64)
        assert type(r).__name__ == "UniqueWithCounts" and type(d).__name__ == "ListDiff"
        assert r.y.shape.as_list() == [None] and r.idx.shape.as_list() == [9]
        assert r64.y.dtype == tf.float32 and r64.count.dtype == tf.int64
        assert d.out.dtype == tf.float32 and d.idx.dtype == tf.int64
        got, got64, diff = run([r, r64, d])
    np.testing.assert_array_equal(got.y, [1, 2, 4, 7, 8])
    np.testing.assert_array_equal(got.idx, [0, 0, 1, 2, 2, 2, 3, 4, 4])
    np.testing.assert_array_equal(got.count, [2, 1, 3, 1, 2])
    np.testing.assert_array_equal(got64.y, [3., 1.])
    np.testing.assert_array_equal(got64.idx, [0, 1, 0])
    np.testing.assert_array_equal(got64.count, [2, 1])
    np.testing.assert_array_equal(diff.out, [5., 2., 5.])
    np.testing.assert_array_equal(diff.idx, [0, 1, 2])


GAMMA_X = [0.5, 1., 2.5, 10., -0.5, -2.5, 1e-3, 100., 3.7, 0.05, 25.3, -7.3]
GAMMA_TF = {  # float64, from TF 2.21
    "lgamma": [0.5723649429247001, 0.0, 0.2846828704729192, 12.80182748008147,
               1.2655121234846454, -0.05624371649767407, 6.907178885383853,
               359.13420536957545, 1.428072326665388, 2.9688792010517306, 55.74618118358459,
               -7.779101629826852],
    "digamma": [-1.9635100260214227, -0.5772156649015323, 0.7031566406452434,
                2.2517525890667214, 0.03648997397857645, 1.1031566406452433,
                -1000.5755719318104, 4.600161852738088, 1.167153539361511, -20.49784499129987,
                3.210911380182536, 4.33730730551005],
    "polygamma1": [4.93480220054468, 1.6449340668482266, 0.4903577561002349,
                   0.10516633568168576, 8.934802200544679, 9.539246644989124,
                   1000001.6425331959, 0.010050166663333573, 0.31003785767003833,
                   401.53235734211506, 0.04031712034125651, 14.951383181433922],
    "polygamma4": [-771.474249826668, -24.886266123440894, -0.3137559995067314,
                   -0.0007299311682352869, -3.4742498266672257, -0.06799599950675606,
                   -2.4000000000000024e+16, -6.120999930011999e-08, -0.05303861110795397,
                   -76800019.59394214, -1.584006142719995e-05, 9738.758702660794],
}


def test_gamma_functions_match_tf():
    with tf.Graph().as_default():
        x = tf.constant(GAMMA_X, tf.float64)
        one, four = tf.constant(1., tf.float64), tf.constant(4., tf.float64)
        got = run({"lgamma": tf.lgamma(x), "digamma": tf.math.digamma(x),
                   "polygamma1": tf.math.polygamma(one, x),
                   "polygamma4": tf.math.polygamma(four, x)})
        poles = run([tf.lgamma(tf.constant([0., -1.], tf.float64)),
                     tf.math.digamma(tf.constant([0., -1.], tf.float64))])
        f32 = run(tf.math.lgamma([0.5, 3.3, 100.]))
    for key, want in GAMMA_TF.items():
        np.testing.assert_allclose(got[key], want, rtol=1e-12, atol=1e-14, err_msg=key)
    np.testing.assert_array_equal(poles[0], [np.inf, np.inf])
    assert np.isnan(poles[1]).all()
    assert f32.dtype == np.float32
    np.testing.assert_allclose(f32, [0.5723649, 0.9870985, 359.13422], rtol=1e-6)


def test_static_shapes_match_tf():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [2, 3])
        assert tf.repeat(p, 2, axis=1).shape.as_list() == [2, 6]
        assert tf.repeat(p, [1, 2, 3], axis=1).shape.as_list() == [2, 6]
        assert tf.roll(p, 1, 0).shape.as_list() == [2, 3]
        g = tf.gather_nd(tf.placeholder(tf.float32, [None, 3, 4]),
                         tf.placeholder(tf.int32, [None, 5, 1]), batch_dims=1)
        assert g.shape.as_list() == [None, 5, 4]
        assert tf.bincount([1, 2]).shape.as_list() == [None]


# -- gradients ----------------------------------------------------------------------------------
def grad(fn, x, w):
    with tf.Graph().as_default():
        xt = tf.constant(np.asarray(x, np.float64))
        return run(tf.gradients(fn(xt) * w, xt)[0])


X23 = np.arange(6.).reshape(2, 3)


@pytest.mark.parametrize("fn, x, w, expected", [  # recorded from TF 2.21
    (lambda x: tf.roll(x, 1, 1), X23, X23, [[1, 2, 0], [4, 5, 3]]),
    (lambda x: tf.repeat(x, [1, 0, 3], axis=1), X23, [[1., 2, 3, 4], [5, 6, 7, 8]],
     [[1, 0, 9], [5, 0, 21]]),
    (lambda x: tf.reverse_sequence(x, [2, 3], 1, 0), X23, X23, [[1, 0, 2], [5, 4, 3]]),
    (lambda x: tf.lgamma(x), [0.5, 2.5, -0.5], 1., [-1.96351003, 0.70315664, 0.03648997]),
    (lambda x: tf.math.digamma(x), [0.5, 2.5, -0.5], 1., [4.9348022, 0.49035776, 8.9348022]),
    (lambda x: tf.gather_nd(x, [[[1], [0], [1]], [[2], [2], [1]]], batch_dims=1),
     A234.astype(float), A234[:, :3].astype(float),
     [[[4, 5, 6, 7], [8, 10, 12, 14], [0, 0, 0, 0]],
      [[0, 0, 0, 0], [20, 21, 22, 23], [28, 30, 32, 34]]]),
])
def test_gradients_match_tf(fn, x, w, expected):
    np.testing.assert_allclose(grad(fn, x, w), expected, rtol=1e-6)  # 8 digits recorded


def test_second_derivative_of_digamma_matches_tf():
    with tf.Graph().as_default():
        x = tf.constant([0.5, 2.5, -0.5], tf.float64)
        g, = tf.gradients(tf.math.digamma(x), x)
        np.testing.assert_allclose(run(tf.gradients(g, x)[0]),
                                   [-16.82879664, -0.23620405, -0.82879664], rtol=1e-6)


@pytest.mark.parametrize("fn, x", [
    (lambda x: tf.roll(x, [1, -2], [0, 1]), np.random.RandomState(0).normal(size=(3, 4))),
    (lambda x: tf.repeat(x, [2, 0, 1, 3], axis=1), np.random.RandomState(1).normal(size=(2, 4))),
    (lambda x: tf.repeat(x, 3), np.random.RandomState(2).normal(size=(2, 2))),
    (lambda x: tf.reverse_sequence(x, [3, 1, 0], seq_axis=0, batch_axis=1),
     np.random.RandomState(3).normal(size=(3, 3, 2))),
    (lambda x: tf.lgamma(x), np.random.RandomState(4).uniform(0.3, 4, size=(5,))),
    (lambda x: tf.math.digamma(x), np.random.RandomState(5).uniform(0.3, 4, size=(5,))),
    (lambda x: tf.math.polygamma(tf.constant(2., tf.float64), x),
     np.random.RandomState(6).uniform(0.3, 4, size=(5,))),
    (lambda x: tf.gather_nd(x, [[[1, 0]], [[0, 1]]], batch_dims=1),
     np.random.RandomState(7).normal(size=(2, 2, 3))),
])
def test_gradients_match_central_differences(fn, x):
    """First and second order, along random directions (float64)."""
    rng = np.random.RandomState(42)
    eps = 1e-6
    with tf.Graph().as_default():
        xp = tf.placeholder(tf.float64, x.shape)
        y = fn(xp)
        w = rng.normal(size=run(tf.shape(y), {xp: x}))
        loss = tf.reduce_sum(y * w + y * y)  # y * y: second order through the gradient op
        g, = tf.gradients(loss, xp)
        d = rng.normal(size=x.shape)
        gd = tf.reduce_sum(g * d)
        h, = tf.gradients(gd * gd, xp)
        with tf.Session() as sess:
            got = sess.run(gd, {xp: x})
            numeric = (sess.run(loss, {xp: x + eps * d}) -
                       sess.run(loss, {xp: x - eps * d})) / (2 * eps)
            np.testing.assert_allclose(got, numeric, rtol=1e-6, atol=1e-8)
            d2 = rng.normal(size=x.shape)
            got2 = np.sum(sess.run(h, {xp: x}) * d2)
            numeric2 = (sess.run(gd * gd, {xp: x + eps * d2}) -
                        sess.run(gd * gd, {xp: x - eps * d2})) / (2 * eps)
            np.testing.assert_allclose(got2, numeric2, rtol=1e-5, atol=1e-7)


def test_no_gradient_ops_raise_like_tf():
    with tf.Graph().as_default():
        x = tf.constant([1., 2., 2.])
        with pytest.raises(LookupError, match="No gradient defined for operation.*"
                                              "DenseBincount"):
            tf.gradients(tf.math.bincount([0, 1, 1], weights=x), x)
        with pytest.raises(LookupError, match="No gradient defined for operation.*"
                                              "UniqueWithCounts"):
            tf.gradients(tf.unique_with_counts(x)[0], x)


# -- errors (TF's types and messages) -------------------------------------------------------------
def test_build_time_errors_match_tf():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal, but "
                                             "are 2 and 1"):
            tf.roll([1, 2], [1, 2], [0])
        with pytest.raises(ValueError, match="Dimensions 3 and 2 are not compatible"):
            tf.repeat([1, 2, 3], [1, 2], axis=0)
        with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
            tf.setdiff1d([[1]], [2])
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
            tf.reverse_sequence(A34, [1, 2], seq_axis=1, batch_axis=0)
        with pytest.raises(ValueError, match=r"Argument `batch_dims` = 2 must be less than "
                                             r"rank\(`indices`\) = 2"):
            tf.gather_nd(A234, [[1], [0]], batch_dims=2)
        with pytest.raises(TypeError, match="DataType int32 not in list of allowed values: "
                                            "bfloat16, float16, float32, float64"):
            tf.lgamma([1, 2])


@pytest.mark.parametrize("fn, message", [
    (lambda: tf.roll([1, 2], 1, 3), "axis 3 is out of range"),
    (lambda: tf.unique_with_counts([[1, 2]]), "unique expects a 1D vector"),
    (lambda: tf.math.bincount([1, -2]), "Input arr must be non-negative"),
    (lambda: tf.reverse_sequence(A34, [5, 2, 0], seq_axis=1, batch_axis=0),
     r"seq_lens\(0\) > input.dims\(1\)"),
])
def test_run_time_errors_match_tf(fn, message):
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            run(fn())


# -- tf.print -------------------------------------------------------------------------------------
def test_print_matches_tf_output(capsys):
    import sys
    with tf.Graph().as_default():
        op = tf.print("hello", tf.constant([1, 2, 3]), 2.5, {"a": tf.constant(1.5)},
                      output_stream=sys.stdout)
        assert op.type == "PrintV2" and op.outputs == []
        x = tf.range(10)
        with tf.control_dependencies([tf.print(x, [1, 2], tf.constant([[1.5, 2.25], [3., 4.]]),
                                               sep="|", end="!\n", output_stream=sys.stdout,
                                               summarize=2)]):
            y = x * 2
        with tf.Session() as sess:
            assert capsys.readouterr().out == ""    # nothing printed when built
            sess.run(op)
            sess.run(y)
            for args in ((tf.constant(["ab", "c"]), tf.constant(True),
                          tf.constant(3, tf.int64)),
                         (tf.constant(np.arange(30).reshape(2, 15)),),
                         (tf.constant([0.1, 1e-7, 123456789.0, 1.0 / 3]),),
                         (tf.constant([0.1, 1 / 3], tf.float64),),
                         (np.arange(3),), ("no tensors",)):
                sess.run(tf.print(*args, output_stream=sys.stdout))
    assert capsys.readouterr().out == (  # printed by TF 2.21
        "hello [1 2 3] 2.5 {'a': 1.5}\n"
        "[0 1 ... 8 9]|[1, 2]|[[1.5 2.25]\n [3 4]]!\n"
        '["ab" "c"] 1 3\n'
        "[[0 1 2 ... 12 13 14]\n [15 16 17 ... 27 28 29]]\n"
        "[0.1 1e-07 123456792 0.333333343]\n"
        "[0.1 0.33333333333333331]\n"
        "array([0, 1, 2])\n"
        "no tensors\n")


def test_print_defaults_to_stderr(capsys):
    with tf.Graph().as_default():
        run(tf.print("x:", tf.constant([[1, 2], [3, 4]])))
    assert capsys.readouterr().err == "x: [[1 2]\n [3 4]]\n"
