"""tf.layers and tf.nn against real TensorFlow: every expected number in this file was
recorded from TensorFlow 2.21 compat.v1 on 2026-12-05 (graph mode, ``disable_v2_behavior()``,
the legacy ``tf.layers`` of tf_keras 2.21, oneDNN off) by running the very same graphs on
the same fixed inputs, then pasted into ``EXPECTED`` at the end of this file. TensorFlow is
not needed to run these tests.

Covered: ``tf.layers`` dense, conv2d (padding same/valid, strides, dilation), conv2d_transpose,
max/average pooling, batch_normalization (training True/False/placeholder, fused and not,
UPDATE_OPS and the moving statistics after running them), dropout, flatten; variable and
op names, collections, default initializers, regularizers and
``tf.losses.get_regularization_loss``; ``tf.nn`` dropout (keep_prob/rate/noise_shape),
batch_normalization, fused_batch_norm, moments, l2_normalize, conv2d_transpose, bias_add,
relu6/elu/selu/leaky_relu/softplus/softsign, top_k, in_top_k; and their ``tf.gradients``.
Inputs come from ``data()`` (a sine ramp, the same numbers in both frameworks); weights are
fixed with ``tf.constant_initializer``. Random ops (dropout masks, Glorot kernels) are only
checked for the properties TF showed (kept values are ``x / keep_prob``, masks broadcast
along ``noise_shape``, kernels inside the Glorot bound).
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

RTOL = 1e-5
ATOL = 1e-6
inf, nan = np.inf, np.nan  # as they appear in EXPECTED


# Short names keep EXPECTED readable: F float32, D float64, I int32, B bool arrays.
def F(shape, values):
    return np.array(values, np.float32).reshape(shape)


def D(shape, values):
    return np.array(values, np.float64).reshape(shape)


def I(shape, values):
    return np.array(values, np.int32).reshape(shape)


def B(shape, values):
    return np.array(values, bool).reshape(shape)


def data(shape, seed=0.0, scale=1.0):
    """Deterministic float32 inputs: ``scale * sin(0.37 * i + seed)`` in row-major order."""
    n = int(np.prod(shape))
    return (scale * np.sin(np.arange(n) * 0.37 + seed)).reshape(shape).astype(np.float32)


def run(fetches, feed=None, init=True):
    with tf.Session() as sess:
        if init:
            sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def names(variables):
    return [v.name for v in variables]


def close(actual, expected, rtol=RTOL, atol=ATOL):
    """Recursive comparison of (nested dicts/lists of) arrays, numbers and strings."""
    if isinstance(expected, dict):
        assert set(actual) == set(expected)
        for key in expected:
            close(actual[key], expected[key], rtol, atol)
    elif isinstance(expected, np.ndarray):
        actual = np.asarray(actual)
        assert actual.shape == expected.shape
        if expected.dtype.kind in "biu":
            np.testing.assert_array_equal(actual, expected)
        else:
            np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)
    elif isinstance(expected, (list, tuple)) and any(
            isinstance(e, (np.ndarray, dict)) for e in expected):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected):
            close(a, e, rtol, atol)
    elif isinstance(expected, float):
        np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)
    else:
        assert actual == expected


def raises(fn):
    """The exception type ``fn()`` raises, or ``"ok"``."""
    try:
        fn()
        return "ok"
    except Exception as e:  # noqa: BLE001 - any error type is the result
        return type(e).__name__


pytestmark = pytest.mark.usefixtures("fresh_graph")


W34 = data([3, 4], 1.0)
B4 = np.array([0.1, -0.2, 0.3, 0.05], np.float32)
K3322 = data([3, 3, 2, 2], 2.0, 0.5)
K2322 = data([2, 3, 2, 2], 3.0, 0.5)
X1552 = data([1, 5, 5, 2], 0.5)
X1552T = X1552.copy()
X1552T[0, 0:2, 0:2, 0] = 1.0  # a tie in the first 2x2 window of channel 0
XBN = data([2, 2, 2, 3], 0.1, 2.0) + np.array([1.0, -2.0, 0.5], np.float32)
G3 = np.array([1.5, 0.5, -1.0], np.float32)
BE3 = np.array([0.1, 0.2, -0.3], np.float32)
ACT_X = np.array([-30.0, -10.0, -6.5, -1.0, -0.5, 0.0, 0.5, 1.0, 6.0, 6.5, 10.0, 30.0],
                 np.float32)


# -- dense -----------------------------------------------------------------------------------------
def test_dense_variable_and_output_names():
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dense(x, 4, activation=tf.nn.relu)
    b = tf.layers.dense(a, 2, use_bias=False)
    with tf.variable_scope("block"):
        c = tf.layers.dense(x, 2)
    d = tf.layers.dense(x, 2, name="fc")
    e = tf.layers.dense(x, 2, name="fc", reuse=True)
    f = tf.layers.dense(x, 5)
    close({"glob": names(tf.global_variables()), "train": names(tf.trainable_variables()),
           "outs": [a.name, b.name, c.name, d.name, f.name],
           "shapes": [t.shape.as_list() for t in (a, b, c, d, e, f)],
           "kshape": tf.trainable_variables()[0].shape.as_list()},
          EXPECTED["dense_names"])


def test_dense_values_and_gradients():
    x = tf.constant(data([2, 3], 0.3))
    y = tf.layers.dense(x, 4, activation=tf.nn.relu,
                        kernel_initializer=tf.constant_initializer(W34),
                        bias_initializer=tf.constant_initializer(B4))
    x3 = tf.constant(data([2, 2, 3], 0.7))
    y3 = tf.layers.dense(x3, 4, kernel_initializer=tf.constant_initializer(W34),
                         bias_initializer=tf.constant_initializer(B4))
    k, bb, k3, b3 = tf.trainable_variables()
    g = tf.gradients(tf.reduce_sum(y * tf.constant(data([2, 4], 1.1))), [x, k, bb])
    g3 = tf.gradients(tf.reduce_sum(y3 * tf.constant(data([2, 2, 4], 1.3))), [x3, k3, b3])
    r = run({"y": y, "y3": y3, "g": g, "g3": g3})
    r["y3shape"] = y3.shape.as_list()
    close(r, EXPECTED["dense_values_grads"])


def test_dense_default_initializers():
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dense(x, 4)
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.5)):
        tf.layers.dense(x, 2)
    k, b, sk, sb = tf.global_variables()
    r = run({"k": k, "b": b, "sk": sk, "sb": sb})
    kv = r.pop("k")
    # Glorot uniform: |w| <= sqrt(6 / (fan_in + fan_out)), and not constant
    assert np.abs(kv).max() <= np.sqrt(6.0 / (3 + 4)) and np.unique(kv).size == 12
    r["names"] = names(tf.global_variables())
    close(r, EXPECTED["dense_default_init"])  # the scope's initializer fills the kernel only


def test_dense_rank3_float64_untrainable_and_activity_regularizer():
    x = tf.placeholder(tf.float32, [None, None, 3])
    a = tf.layers.dense(x, 4, kernel_initializer=tf.constant_initializer(W34))
    xd = tf.constant(data([2, 3], 0.3).astype(np.float64))
    b = tf.layers.dense(xd, 4, kernel_initializer=tf.constant_initializer(W34),
                        trainable=False)
    c = tf.layers.dense(tf.constant(data([2, 3], 0.3)), 4, activation=tf.nn.relu,
                        use_bias=False, kernel_initializer=tf.constant_initializer(W34),
                        activity_regularizer=lambda t: tf.reduce_sum(t))
    r = run({"a": a, "b": b, "reg": tf.losses.get_regularization_loss(),
             "regs": tf.losses.get_regularization_losses(scope="dense_2")},
            {x: data([2, 2, 3], 0.7)})
    r["ashape"] = a.shape.as_list()
    r["bdtype"] = [b.dtype.name, tf.global_variables()[2].dtype.base_dtype.name]
    r["glob"] = names(tf.global_variables())
    r["train"] = names(tf.trainable_variables())
    r["cname"] = c.name
    close(r, EXPECTED["dense_more"])


# -- conv2d ----------------------------------------------------------------------------------------
CONV_CFGS = {
    "same1": {"padding": "same"},
    "valid1": {"padding": "valid"},
    "same2": {"padding": "same", "strides": 2},
    "valid2": {"padding": "valid", "strides": 2},
    "dil_same": {"padding": "same", "dilation_rate": 2},
    "dil_valid": {"padding": "valid", "dilation_rate": 2},
    "k23_same_s21": {"padding": "same", "strides": (2, 1), "k23": True},
    "k23_valid_s12": {"padding": "valid", "strides": (1, 2), "k23": True},
}


def _conv(x, cfg, **kw):
    cfg = dict(cfg)
    k = K2322 if cfg.pop("k23", False) else K3322
    return tf.layers.conv2d(x, 2, k.shape[:2], kernel_initializer=tf.constant_initializer(k),
                            **cfg, **kw)


def test_conv2d_padding_strides_dilation_values():
    x = tf.constant(X1552)
    outs = {key: _conv(x, cfg, bias_initializer=tf.constant_initializer([0.1, -0.2]))
            for key, cfg in CONV_CFGS.items()}
    r = run(outs)
    r["shapes"] = {k: v.shape.as_list() for k, v in outs.items()}
    r["names"] = names(tf.global_variables())
    r["outname"] = outs["same1"].name
    close(r, EXPECTED["conv2d_values"])


@pytest.mark.parametrize("key", ["same2", "valid1", "dil_same", "k23_same_s21"])
def test_conv2d_gradients(key):
    x = tf.constant(X1552)
    y = _conv(x, CONV_CFGS[key], activation=tf.nn.relu)
    w = tf.constant(data(y.shape.as_list(), 0.9))
    kv, bv = tf.trainable_variables()
    close(run(tf.gradients(tf.reduce_sum(y * w), [x, kv, bv])), EXPECTED["conv2d_grads"][key])


def test_conv2d_and_pooling_static_shapes_names_and_default_init():
    x = tf.placeholder(tf.float32, [None, 7, 6, 3])
    a = tf.layers.conv2d(x, 4, 3, padding="SAME", activation=tf.nn.relu, use_bias=False)
    b = tf.layers.conv2d(x, 4, (3, 2), strides=(3, 2), padding="same")
    c = tf.layers.conv2d(x, 4, 4, strides=3)
    d = tf.layers.conv2d(x, 4, 3, dilation_rate=(3, 2), padding="valid")
    e = tf.layers.max_pooling2d(x, 3, 3, padding="same")
    f = tf.layers.average_pooling2d(x, (2, 4), (2, 3))
    ks = tf.global_variables()
    r = {"shapes": [t.shape.as_list() for t in (a, b, c, d, e, f)],
         "glob": names(ks), "aname": a.name, "kshapes": [v.shape.as_list() for v in ks]}
    vals = run(ks)
    # Glorot uniform for conv kernels: fan_in = kh * kw * in, fan_out = kh * kw * out
    lim = [np.sqrt(6.0 / (np.prod(v.shape.as_list()[:-1])
                          + np.prod(v.shape.as_list()[:2]) * v.shape.as_list()[-1]))
           for v in ks if "kernel" in v.name]
    r["within_glorot"] = [bool(np.abs(v).max() <= lm + 1e-7) for v, lm in
                          zip([v for k, v in zip(ks, vals) if "kernel" in k.name], lim)]
    r["bias_zero"] = [bool((v == 0).all()) for k, v in zip(ks, vals) if "bias" in k.name]
    close(r, EXPECTED["conv_more"])


def test_valid_window_larger_than_input_raises():
    v = tf.constant(data([1, 3, 3, 2], 0.2))
    assert raises(lambda: tf.layers.max_pooling2d(v, 4, 1)) == EXPECTED["errors_more"][
        "pool_big"]
    assert raises(lambda: tf.layers.conv2d(v, 1, 4)) == EXPECTED["errors_more"]["conv_big"]


# -- conv2d_transpose ------------------------------------------------------------------------------
def test_nn_conv2d_transpose_values_shapes_and_gradients():
    v = tf.constant(data([1, 3, 3, 2], 0.2))
    f = tf.constant(data([3, 3, 1, 2], 1.7, 0.5))
    same = tf.nn.conv2d_transpose(v, f, [1, 6, 6, 1], [1, 2, 2, 1], "SAME")
    valid = tf.nn.conv2d_transpose(v, f, [1, 7, 7, 1], [1, 2, 2, 1], "VALID")
    same5 = tf.nn.conv2d_transpose(v, f, [1, 5, 5, 1], [1, 2, 2, 1], "SAME")
    g = tf.gradients(tf.reduce_sum(same * tf.constant(data([1, 6, 6, 1], 2.2))), [v, f])
    r = run({"same": same, "valid": valid, "same5": same5, "g": g})
    r["shapes"] = [t.shape.as_list() for t in (same, valid, same5)]
    close(r, EXPECTED["conv2d_transpose_nn"])


def test_nn_conv2d_transpose_partly_known_output_shape():
    vv = tf.placeholder(tf.float32, [None, 3, 3, 2])
    f = tf.constant(data([3, 3, 1, 2], 1.7, 0.5))
    ct = tf.nn.conv2d_transpose(vv, f, tf.stack([tf.shape(vv)[0], 6, 6, 1]), [1, 2, 2, 1],
                                "SAME")
    r = run({"ct": ct}, {vv: data([2, 3, 3, 2], 0.2)})
    close(r["ct"], EXPECTED["conv_transpose_dynamic_shape"]["ct"])  # the values agree
    assert ct.shape.as_list() == EXPECTED["conv_transpose_dynamic_shape"]["shapes"]


def test_layers_conv2d_transpose():
    x = tf.placeholder(tf.float32, [None, 3, 4, 2])
    init = tf.constant_initializer(data([3, 3, 1, 2], 1.7, 0.5))
    a = tf.layers.conv2d_transpose(x, 1, 3, strides=2, padding="same", kernel_initializer=init)
    b = tf.layers.conv2d_transpose(x, 1, 3, strides=2, padding="valid", kernel_initializer=init)
    c = tf.layers.conv2d_transpose(x, 1, (2, 3), strides=(1, 2), padding="valid")
    r = run({"a": a, "b": b}, {x: data([1, 3, 4, 2], 0.2)})
    r["shapes"] = [t.shape.as_list() for t in (a, b, c)]
    r["names"] = names(tf.global_variables())
    close(r, EXPECTED["conv2d_transpose_layer"])


# -- pooling ---------------------------------------------------------------------------------------
def test_pooling_values_shapes_names_and_gradients():
    x = tf.constant(X1552T)
    outs = {
        "max_v22": tf.layers.max_pooling2d(x, 2, 2),
        "max_s32": tf.layers.max_pooling2d(x, 3, 2, padding="same"),
        "avg_v22": tf.layers.average_pooling2d(x, 2, 2),
        "avg_s32": tf.layers.average_pooling2d(x, 3, 2, padding="same"),
        "avg_s31": tf.layers.average_pooling2d(x, (3, 2), 1, padding="same"),
        "max_v21": tf.layers.max_pooling2d(x, (2, 3), (1, 2)),
    }
    grads = {k: tf.gradients(tf.reduce_sum(v * tf.constant(data(v.shape.as_list(), 0.4))),
                             x)[0] for k, v in outs.items()}
    r = run({"outs": outs, "grads": grads})
    r["shapes"] = {k: v.shape.as_list() for k, v in outs.items()}
    r["names"] = [outs["max_v22"].name, outs["max_s32"].name, outs["avg_v22"].name]
    close(r, EXPECTED["pooling"])


def test_pooling_same_with_stride_larger_than_window():
    p = tf.constant(data([1, 5, 5, 1], 0.2))
    mp = tf.layers.max_pooling2d(p, 2, 3, padding="same")
    ap = tf.layers.average_pooling2d(p, 2, 3, padding="same")
    ap1 = tf.layers.average_pooling2d(p, 4, 3, padding="same")
    gap = tf.gradients(tf.reduce_sum(ap1 * tf.constant(data([1, 2, 2, 1], 0.7))), p)[0]
    r = run({"mp": mp, "ap": ap, "ap1": ap1, "gap": gap})
    exp = EXPECTED["misc"]
    close(r, {k: exp[k] for k in ("mp", "ap", "ap1", "gap")})
    assert [mp.shape.as_list(), ap1.shape.as_list()] == exp["shapes"][:2]


# -- batch normalization ---------------------------------------------------------------------------
def _bn(x, **kw):
    return tf.layers.batch_normalization(x, gamma_initializer=tf.constant_initializer(G3),
                                         beta_initializer=tf.constant_initializer(BE3), **kw)


@pytest.mark.parametrize("fused", [None, False], ids=["fused", "nonfused"])
def test_batch_norm_training_update_ops_and_moving_statistics(fused):
    x = tf.constant(XBN)
    y = _bn(x, training=True, fused=fused)
    yi = _bn(x, training=False, fused=fused, name="batch_normalization", reuse=True)
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    gv = tf.global_variables()
    w = tf.constant(data([2, 2, 2, 3], 0.6))
    g = tf.gradients(tf.reduce_sum(y * w), [x] + tf.trainable_variables())
    gi = tf.gradients(tf.reduce_sum(yi * w), [x] + tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = {"y": sess.run(y), "yi0": sess.run(yi), "g": sess.run(g), "gi": sess.run(gi)}
        sess.run(ups)
        r["mm1"], r["mv1"] = sess.run(gv[2:4])
        sess.run(ups)
        r["mm2"], r["mv2"] = sess.run(gv[2:4])
        r["yi2"] = sess.run(yi)
    r["nups"] = len(ups)
    r["glob"] = names(gv)
    r["train"] = names(tf.trainable_variables())
    r["moving_avg_vars"] = names(tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES))
    close(r, EXPECTED["bn_train"]["fused" if fused is None else "nonfused"])


def test_batch_norm_2d_custom_momentum_epsilon_and_initializers():
    x = tf.constant(data([4, 3], 0.8, 3.0))
    y = tf.layers.batch_normalization(x, training=True, momentum=0.9, epsilon=0.01,
                                      moving_mean_initializer=tf.constant_initializer(0.5),
                                      moving_variance_initializer=tf.constant_initializer(2.0))
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    g = tf.gradients(tf.reduce_sum(y * tf.constant(data([4, 3], 0.2))), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = {"y": sess.run(y), "g": sess.run(g)}
        sess.run(ups)
        r["mm"], r["mv"] = sess.run(tf.global_variables()[2:4])
    close(r, EXPECTED["bn_2d_momentum"])


def test_batch_norm_inference_uses_moving_statistics_and_has_no_updates():
    x = tf.constant(XBN)
    mm = tf.constant_initializer([0.5, -1.0, 0.0])
    mv = tf.constant_initializer([2.0, 0.5, 1.0])
    y = _bn(x, moving_mean_initializer=mm, moving_variance_initializer=mv)
    y2 = _bn(x, fused=False, moving_mean_initializer=mm, moving_variance_initializer=mv)
    w = tf.constant(data([2, 2, 2, 3], 0.6))
    g = tf.gradients(tf.reduce_sum(y * w), [x] + tf.trainable_variables()[:2])
    g2 = tf.gradients(tf.reduce_sum(y2 * w), [x] + tf.trainable_variables()[2:4])
    r = run({"y": y, "y2": y2, "g": g, "g2": g2})
    r["nups"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    r["glob"] = names(tf.global_variables())
    close(r, EXPECTED["bn_inference_only"])


@pytest.mark.parametrize("fused", [None, False], ids=["fused", "nonfused"])
def test_batch_norm_training_placeholder(fused):
    x = tf.constant(XBN)
    t = tf.placeholder(tf.bool, [])
    y = _bn(x, training=t, fused=fused)
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mv = tf.global_variables()[2:4]
    g = tf.gradients(tf.reduce_sum(y * tf.constant(data([2, 2, 2, 3], 0.6))),
                     [x] + tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = {"yf": sess.run(y, {t: False})}
        sess.run(ups, {t: False})
        r["after_false"] = sess.run(mv)  # updates with training False leave them alone
        r["yt"] = sess.run(y, {t: True})
        r["gt"] = sess.run(g, {t: True})
        r["gf"] = sess.run(g, {t: False})
        sess.run(ups, {t: True})
        r["after_true"] = sess.run(mv)
    r["nups"] = len(ups)
    close(r, EXPECTED["bn_training_placeholder"]["fused" if fused is None else "nonfused"])


BN_MORE = {
    "nchw_fused": ("x4", {"axis": 1}),
    "nchw_nonfused": ("x4", {"axis": 1, "fused": False}),
    "r3_last": ("x3", {}),
    "r3_axis1": ("x3", {"axis": 1}),
    "multi_axis": ("x3", {"axis": [1, 2]}),
    "no_center_scale": ("x4", {"center": False, "scale": False}),
    "n1": ("x1", {}),
}


@pytest.mark.parametrize("key", list(BN_MORE))
def test_batch_norm_axes_ranks_and_options(key):
    xv = {"x4": data([2, 3, 2, 2], 0.3, 2.0) + 1.0, "x3": data([2, 3, 4], 0.5, 2.0),
          "x1": data([1, 1, 1, 3], 0.2)}[BN_MORE[key][0]]
    x = tf.constant(xv)
    y = tf.layers.batch_normalization(x, training=True, **BN_MORE[key][1])
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    g = tf.gradients(tf.reduce_sum(y * tf.constant(data(xv.shape, 0.6))), x)[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        r = {"y": sess.run(y), "g": sess.run(g)}
        sess.run(ups)
        r["vars"] = sess.run(tf.global_variables())
    r["glob"] = names(tf.global_variables())
    r["train"] = names(tf.trainable_variables())
    r["nups"] = len(ups)
    r["shapes"] = [v.shape.as_list() for v in tf.global_variables()]
    close(r, EXPECTED["bn_more"][key])


def test_batch_norm_class_called_twice_collects_all_updates():
    layer = tf.layers.BatchNormalization(momentum=0.5)
    x = tf.constant(XBN)
    layer(x, training=True)
    y2 = layer(x * 2.0, training=True)
    r = {"n_updates": len(layer.updates),
         "n_coll": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
         "tw": names(layer.trainable_weights), "ntw": names(layer.non_trainable_weights),
         "vs": names(layer.variables), "glob": names(tf.global_variables())}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(layer.updates[:2])
        r["after1"] = sess.run(layer.non_trainable_weights)
        sess.run(layer.updates[2:])
        r["after"] = sess.run(layer.non_trainable_weights)
        r["y2"] = sess.run(y2)
    close(r, EXPECTED["bn_class_api"])


def test_nonfused_batch_norm_output_names():
    v = tf.constant(data([4, 3], 0.1))
    bnl = tf.layers.batch_normalization(v, training=True)
    bnl_inf = tf.layers.batch_normalization(v)
    m, var = tf.nn.moments(v, [0])
    y = tf.nn.batch_normalization(v, m, var, tf.zeros([3]), tf.ones([3]), 1e-3)
    assert {"bnl": bnl.name, "bnl_inf": bnl_inf.name, "nn_bn": y.name} == \
        EXPECTED["bn_nonfused_names"]


def test_nn_fused_batch_norm_training_and_inference():
    x = tf.placeholder_with_default(XBN, [2, 2, 2, 3])
    y, m, v = tf.nn.fused_batch_norm(x, tf.constant(G3), tf.constant(BE3), epsilon=0.001)
    yi, mi, vi = tf.nn.fused_batch_norm(x, tf.constant(G3), tf.constant(BE3),
                                        mean=tf.constant([0.5, -1.0, 0.0]),
                                        variance=tf.constant([2.0, 0.5, 1.0]),
                                        is_training=False)
    w = tf.constant(data([2, 2, 2, 3], 0.6))
    g = tf.gradients(tf.reduce_sum(y * w), x)[0]
    gi = tf.gradients(tf.reduce_sum(yi * w), x)[0]
    close(run({"y": y, "m": m, "v": v, "yi": yi, "mi": mi, "vi": vi, "g": g, "gi": gi}),
          EXPECTED["fused_batch_norm_nn"])


# -- dropout ---------------------------------------------------------------------------------------
SEED_DROPOUT = 0


def _ratios(out, x):
    return sorted(set(np.round(out / x, 5).ravel().tolist()))


def test_layers_dropout_training_flag_rate_and_noise_shape():
    # a fixed seed: with noise_shape [4, 1] only four draws decide whether both a dropped and
    # a kept row occur (1 run in 8 would see only one kind without it)
    tf.set_random_seed(SEED_DROPOUT)
    x = tf.constant(data([4, 50], 0.3) + 2.0)
    a = tf.layers.dropout(x, rate=0.5)  # training=False by default
    b = tf.layers.dropout(x, rate=0.5, training=False)
    c = tf.layers.dropout(x, rate=0.25, training=True)
    d = tf.layers.dropout(x, rate=0.5, noise_shape=[4, 1], training=True)
    t = tf.placeholder(tf.bool, [])
    e = tf.layers.dropout(x, rate=0.5, training=t)
    ga = tf.gradients(tf.reduce_sum(c), x)[0]
    with tf.Session() as sess:
        av, _, cv, dv, gv = sess.run([a, b, c, d, ga])
        ef = sess.run(e, {t: False})
        et = sess.run(e, {t: True})
        xv = sess.run(x)
    r = {"a": av, "names": [a.name, b.name]}
    r["c_values"] = _ratios(cv, xv)
    r["c_grad_matches"] = bool(np.allclose(gv, cv / xv))
    r["d_rows_const"] = bool(all(len(set(np.round(row, 5))) == 1 for row in dv / xv))
    r["d_values"] = _ratios(dv, xv)
    r["ef_equal"] = bool(np.array_equal(ef, xv))
    r["et_values"] = _ratios(et, xv)
    close(r, EXPECTED["dropout_layer"])


def test_layers_dropout_noise_shape_with_none():
    tf.set_random_seed(SEED_DROPOUT)  # few draws (noise_shape [3, 1, 1]): fixed outcomes
    xx = tf.constant(data([3, 2, 5], 0.3) + 2.0)
    d = tf.layers.dropout(xx, 0.5, noise_shape=[None, 1, 5], training=True)
    d2 = tf.nn.dropout(xx, keep_prob=0.5, noise_shape=[3, 1, 1])
    xv, dv, d2v = run([xx, d, d2])
    q, q2 = dv / xv, d2v / xv
    exp = EXPECTED["misc"]
    assert bool(all(np.allclose(q[i, 0], q[i, 1]) for i in range(3))) == exp["d_bcast"]
    assert sorted(set(np.round(q, 4).ravel().tolist())) == exp["d_vals"]
    assert bool(all(len(set(np.round(q2[i].ravel(), 4))) == 1 for i in range(3))) == \
        exp["d2_bcast"]
    assert d.shape.as_list() == exp["shapes"][2]


def test_nn_dropout_keep_prob_rate_and_noise_shape():
    x = tf.constant(data([3, 40], 0.1) + 3.0)
    kp = tf.placeholder(tf.float32, [])
    a = tf.nn.dropout(x, 1.0)  # TF1: the second positional argument is keep_prob
    b = tf.nn.dropout(x, keep_prob=kp)
    c = tf.nn.dropout(x, rate=0.75)
    d = tf.nn.dropout(x, keep_prob=0.5, noise_shape=[1, 40])
    e = tf.nn.dropout(x, rate=0.0)
    with tf.Session() as sess:
        xv = sess.run(x)
        av, cv, dv, ev = sess.run([a, c, d, e])
        b1 = sess.run(b, {kp: 1.0})
        bh = sess.run(b, {kp: 0.5})
    r = {"a_eq": bool(np.array_equal(av, xv)), "b1_eq": bool(np.array_equal(b1, xv)),
         "e_eq": bool(np.array_equal(ev, xv))}
    r["bh_values"] = _ratios(bh, xv)
    r["c_values"] = _ratios(cv, xv)
    r["d_cols_const"] = bool(all(len(set(np.round(col, 5))) == 1 for col in (dv / xv).T))
    r["errs"] = [raises(lambda kw=kw: tf.nn.dropout(x, **kw)) for kw in (
        {"keep_prob": 0.5, "rate": 0.5}, {"rate": 1.0}, {"rate": -0.1}, {})]
    close(r, EXPECTED["nn_dropout"])


# -- flatten ---------------------------------------------------------------------------------------
def test_flatten_values_shapes_and_names():
    x = tf.constant(data([2, 2, 3, 2], 0.0))
    p = tf.placeholder(tf.float32, [None, 2, 3])
    q = tf.placeholder(tf.float32, [3, None, 2])
    a = tf.layers.flatten(x)
    b = tf.layers.flatten(p)
    c = tf.layers.flatten(q)
    r = run({"a": a, "c": c}, {q: data([3, 2, 2], 0.5)})
    r["shapes"] = [a.shape.as_list(), b.shape.as_list(), c.shape.as_list()]
    r["names"] = [a.name, b.name]
    close(r, EXPECTED["flatten"])
    f1 = tf.layers.flatten(tf.constant([1.0, 2.0, 3.0]))
    assert f1.shape.as_list() == EXPECTED["misc"]["flat1"]
    close(run(f1), EXPECTED["misc"]["f1"])


# -- regularization --------------------------------------------------------------------------------
def test_regularization_losses_and_get_regularization_loss():
    zero = run(tf.losses.get_regularization_loss())  # no regularizers yet: 0.0
    tf.reset_default_graph()
    x = tf.constant(data([2, 3], 0.3))
    reg = lambda w: 0.1 * tf.reduce_sum(tf.square(w))
    tf.layers.dense(x, 4, kernel_initializer=tf.constant_initializer(W34),
                    bias_initializer=tf.constant_initializer(B4), kernel_regularizer=reg,
                    bias_regularizer=lambda b: 0.5 * tf.reduce_sum(tf.abs(b)))
    tf.layers.conv2d(tf.constant(X1552), 2, 3,
                     kernel_initializer=tf.constant_initializer(K3322), kernel_regularizer=reg)
    tf.layers.dense(x, 4, name="dense", reuse=True, kernel_regularizer=reg)  # not re-added
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    total = tf.losses.get_regularization_loss()
    gk = tf.gradients(total, tf.trainable_variables()[0])[0]
    r = run({"total": total, "each": losses, "gk": gk})
    r["zero"] = zero
    r["n"] = len(losses)
    r["total_name"] = total.name
    close(r, EXPECTED["regularization"])


def test_layer_errors_then_regularization_loss_names_and_scope_filter():
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dense(x, 2, name="fc")
    got = {
        "dup": raises(lambda: tf.layers.dense(x, 2, name="fc")),
        "reuse_missing": raises(lambda: tf.layers.dense(x, 2, name="nope", reuse=True)),
        "fused2d": raises(lambda: tf.layers.batch_normalization(x, fused=True, training=True)),
        "bn_bad_axis": raises(lambda: tf.layers.batch_normalization(x, axis=3)),
        "dense_1d": raises(lambda: tf.layers.dense(tf.constant([1.0, 2.0]), 2)),
    }
    exp = EXPECTED["misc"]
    assert got == {k: exp[k] for k in got}
    # the layers that failed to build still took their names: dense_1, batch_normalization_2
    tf.layers.dense(x, 2, kernel_regularizer=lambda w: tf.reduce_sum(w) * 0.0)
    tf.layers.batch_normalization(tf.constant(XBN), gamma_regularizer=lambda g: tf.reduce_sum(g))
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == \
        exp["regnames"]
    assert [t.name for t in tf.losses.get_regularization_losses("batch_normalization")] == \
        exp["reg_bn"]
    close(run(tf.losses.get_regularization_loss()), exp["regv"])


# -- tf.nn -----------------------------------------------------------------------------------------
def test_nn_moments_keep_dims_and_gradient():
    x = tf.constant(data([2, 3, 4], 0.4, 2.0))
    m1, v1 = tf.nn.moments(x, [0, 1])
    m2, v2 = tf.nn.moments(x, [0, 1], keep_dims=True)
    m3, v3 = tf.nn.moments(x, [2])
    m4, v4 = tf.nn.moments(x, [0, 1, 2])
    g = tf.gradients(tf.reduce_sum(m1 * tf.constant([1.0, -2.0, 0.5, 3.0])) +
                     tf.reduce_sum(v3 * tf.constant(data([2, 3], 1.2))), x)[0]
    r = run({"m1": m1, "v1": v1, "m2": m2, "v2": v2, "m3": m3, "v3": v3, "m4": m4, "v4": v4,
             "g": g})
    r["shapes"] = [t.shape.as_list() for t in (m1, v1, m2, v2, m3, m4)]
    close(r, EXPECTED["nn_moments"])


def test_nn_negative_axes_nchw_bias_add_and_constant_output_shape_transpose():
    x = tf.constant(data([2, 3, 4], 0.4, 2.0))
    m, v = tf.nn.moments(x, [-1])
    m2, v2 = tf.nn.moments(x, [0, 2], keep_dims=True)
    l1 = tf.nn.l2_normalize(x, -1)
    l2 = tf.nn.l2_normalize(x, [-2, -1])
    b = tf.nn.bias_add(x, tf.constant([1.0, 2.0, 3.0]), data_format="NCHW")
    b2 = tf.nn.bias_add(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([0.5, -0.5]))
    vv = tf.constant(data([2, 3, 3, 2], 0.2))
    f = tf.constant(data([3, 3, 1, 2], 1.7, 0.5))
    ct = tf.nn.conv2d_transpose(vv, f, tf.stack([tf.shape(vv)[0], 6, 6, 1]), [1, 2, 2, 1],
                                "SAME")
    g = tf.gradients(tf.reduce_sum(l2 * x), x)[0]
    r = run({"m": m, "v": v, "m2": m2, "v2": v2, "l": l1, "l2": l2, "b": b, "b2": b2, "ct": ct,
             "g": g})
    r["shapes"] = [m.shape.as_list(), m2.shape.as_list()]
    close(r, EXPECTED["nn_more"])


def test_nn_batch_normalization_values_and_gradients():
    x = tf.constant(data([3, 4], 0.2, 2.0))
    mean = tf.constant([0.5, -0.5, 0.0, 1.0])
    var = tf.constant([1.0, 0.25, 2.0, 0.01])
    off = tf.constant([0.1, 0.2, 0.3, 0.4])
    sc = tf.constant([2.0, 1.0, 0.5, -1.0])
    y = tf.nn.batch_normalization(x, mean, var, off, sc, 1e-3)
    y2 = tf.nn.batch_normalization(x, mean, var, None, None, 0.1)
    g = tf.gradients(tf.reduce_sum(y * tf.constant(data([3, 4], 0.9))), [x, mean, var, off, sc])
    close(run({"y": y, "y2": y2, "g": g}), EXPECTED["nn_batch_normalization"])


def test_nn_l2_normalize_axes_epsilon_and_gradients():
    x = tf.constant(np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1e-7, -2e-7, 0.0]],
                             np.float32))
    a = tf.nn.l2_normalize(x, 1)
    b = tf.nn.l2_normalize(x, axis=0)
    c = tf.nn.l2_normalize(x, [0, 1])
    d = tf.nn.l2_normalize(x, dim=1, epsilon=1e-2)
    xd = tf.constant(data([2, 3], 0.5))
    e = tf.nn.l2_normalize(xd, 1)
    g = tf.gradients(tf.reduce_sum(e * tf.constant(data([2, 3], 1.5))), xd)[0]
    close(run({"a": a, "b": b, "c": c, "d": d, "e": e, "g": g}), EXPECTED["nn_l2_normalize"])
    # below epsilon (a zero or tiny row) the gradient is 1 / sqrt(epsilon) times the upstream one
    z = tf.constant(np.array([[0.0, 0.0], [3.0, 4.0], [1e-7, 0.0]], np.float32))
    lz = tf.nn.l2_normalize(z, 1)
    w = tf.constant([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
    close(run(tf.gradients(tf.reduce_sum(lz * w), z)[0], init=False), EXPECTED["misc"]["lz_g"])


def test_nn_bias_add_nhwc_nchw_and_gradients():
    x = tf.constant(data([2, 3, 2, 2], 0.1))
    b = tf.constant([1.0, -1.0])
    b3 = tf.constant([1.0, 2.0, 3.0])
    y = tf.nn.bias_add(x, b)
    y2 = tf.nn.bias_add(x, b3, data_format="NCHW")
    w = tf.constant(data([2, 3, 2, 2], 0.7))
    g = tf.gradients(tf.reduce_sum(y * w), [x, b])
    g2 = tf.gradients(tf.reduce_sum(y2 * w), [b3])
    r = run({"y": y, "y2": y2, "g": g, "g2": g2})
    r["name"] = y.name
    close(r, EXPECTED["nn_bias_add"])


def _activations(x):
    return {"relu6": tf.nn.relu6(x), "elu": tf.nn.elu(x), "selu": tf.nn.selu(x),
            "leaky": tf.nn.leaky_relu(x), "leaky01": tf.nn.leaky_relu(x, alpha=0.1),
            "leaky2": tf.nn.leaky_relu(x, 2.0), "softplus": tf.nn.softplus(x),
            "softsign": tf.nn.softsign(x), "relu": tf.nn.relu(x)}


def test_activations_values_and_gradients():
    x = tf.constant(ACT_X)
    fs = _activations(x)
    r = run({"f": fs, "g": {k: tf.gradients(v, x)[0] for k, v in fs.items()}})
    exp = EXPECTED["activations"]
    keep = ACT_X != 0  # selu's gradient at exactly 0 is test_selu_gradient_at_zero
    close(r["g"].pop("selu")[keep], exp["g"]["selu"][keep])
    close(r, {"f": exp["f"], "g": {k: v for k, v in exp["g"].items() if k != "selu"}})


def test_selu_gradient_at_zero():
    x = tf.constant(ACT_X)
    g = run(tf.gradients(tf.nn.selu(x), x)[0], init=False)
    close(g, EXPECTED["activations"]["g"]["selu"])


def test_activation_extremes_and_float64():
    xs = np.array([-100.0, -88.0, -20.0, -17.0, -15.9, -15.0, -1e-3, 1e-3, 14.0, 15.0, 15.9,
                   16.0, 17.0, 20.0, 88.0, 100.0], np.float32)
    x = tf.constant(xs)
    x64 = tf.constant(xs.astype(np.float64))
    out = {"sp": tf.nn.softplus(x), "sp64": tf.nn.softplus(x64), "elu": tf.nn.elu(x),
           "selu64": tf.nn.selu(x64), "ss": tf.nn.softsign(x), "r6_64": tf.nn.relu6(x64),
           "lr64": tf.nn.leaky_relu(x64)}
    out["gsp"] = tf.gradients(out["sp"], x)[0]
    out["gsp64"] = tf.gradients(out["sp64"], x64)[0]
    out["gss"] = tf.gradients(out["ss"], x)[0]
    out["gelu"] = tf.gradients(out["elu"], x)[0]
    r = run(out, init=False)
    r["dtypes"] = [out["sp64"].dtype.name, out["selu64"].dtype.name]
    close(r, EXPECTED["act_extremes"])


def test_activation_second_derivatives():
    x = tf.constant(np.array([-2.0, -0.5, 0.5, 2.0], np.float32))
    res = {}
    for k, fn in {"elu": tf.nn.elu, "selu": tf.nn.selu, "softplus": tf.nn.softplus}.items():
        res[k] = tf.gradients(tf.gradients(fn(x), x)[0], x)[0]
    close(run(res, init=False), EXPECTED["activations_second_order"])


def test_top_k_and_in_top_k_ties_and_gradients():
    x = tf.constant(np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, -1.0, 5.0, 0.0, 4.0]],
                             np.float32))
    v, i = tf.nn.top_k(x, 3)
    v1, i1 = tf.nn.top_k(x)
    xi = tf.constant(np.array([4, 7, 7, 1, 9, 7], np.int32))
    vi, ii = tf.nn.top_k(xi, 4)
    g = tf.gradients(tf.reduce_sum(v * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), x)[0]
    pred = tf.constant(np.array([[0.1, 0.3, 0.3, 0.2], [0.5, 0.1, 0.2, 0.2],
                                 [0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]], np.float32))
    tgt = tf.constant([2, 2, 0, 3])
    itk = {k: tf.nn.in_top_k(pred, tgt, k) for k in (1, 2, 3)}
    predn = tf.constant(np.array([[np.nan, 0.1, 0.2], [np.inf, 0.1, 0.2], [0.1, 0.5, 0.2]],
                                 np.float32))
    nf = tf.nn.in_top_k(predn, tf.constant([0, 0, 2]), 2)
    r = run({"v": v, "i": i, "v1": v1, "i1": i1, "vi": vi, "ii": ii, "g": g, "itk": itk, "nf": nf})
    r["shapes"] = [v.shape.as_list(), i.shape.as_list(), v1.shape.as_list()]
    r["dtypes"] = [i.dtype.name, vi.dtype.name, itk[1].dtype.name]
    close(r, EXPECTED["topk"])


def test_top_k_in_top_k_edge_cases():
    pred = tf.constant(np.array([[0.1, 0.3, 0.6], [0.2, 0.5, 0.3]], np.float32))
    a = tf.nn.in_top_k(pred, tf.constant([5, -1]), 1)  # out-of-range targets: False
    b = tf.nn.in_top_k(pred, tf.constant([2, 1], dtype=tf.int64), 1)
    c = tf.nn.in_top_k(pred, tf.constant([2, 1]), 0)
    v, i = tf.nn.top_k(tf.constant(np.array([1.0, 2.0, 3.0, -np.inf, np.inf], np.float32)), 5)
    k0v, k0i = tf.nn.top_k(pred, 0)
    kt = tf.placeholder(tf.int32, [])
    tv, _ = tf.nn.top_k(pred, kt)
    r = run({"a": a, "b": b, "c": c, "v": v, "i": i, "k0v": k0v, "k0i": k0i}, init=False)
    r["tv"] = run(tv, {kt: 2}, init=False)
    r["tvshape"] = tv.shape.as_list()
    close(r, EXPECTED["topk_more"])


# -- names and errors ------------------------------------------------------------------------------
def test_op_and_update_op_names():
    x = tf.constant(data([2, 4, 4, 3], 0.1))
    v = tf.constant(data([4, 3], 0.1))
    t = {
        "relu6": tf.nn.relu6(v), "elu": tf.nn.elu(v), "selu": tf.nn.selu(v),
        "leaky": tf.nn.leaky_relu(v),
        "softplus": tf.nn.softplus(v), "softsign": tf.nn.softsign(v),
        "bias_add": tf.nn.bias_add(v, [1., 2., 3.]), "l2n": tf.nn.l2_normalize(v, 1),
        "topk": tf.nn.top_k(v, 2)[1], "in_top_k": tf.nn.in_top_k(v, [0, 1, 2, 0], 1),
        "mean": tf.nn.moments(v, [0])[0], "var": tf.nn.moments(v, [0])[1],
        "ct": tf.nn.conv2d_transpose(x, tf.ones([3, 3, 2, 3]), [2, 8, 8, 2], [1, 2, 2, 1], "SAME"),
        "fbn": tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]))[0],
        "maxp": tf.layers.max_pooling2d(x, 2, 2), "avgp": tf.layers.average_pooling2d(x, 2, 2),
        "conv": tf.layers.conv2d(x, 2, 3, activation=tf.nn.relu),
        "conv_nob": tf.layers.conv2d(x, 2, 3, use_bias=False),
        "dense": tf.layers.dense(v, 2), "dense_act": tf.layers.dense(v, 2, activation=tf.nn.tanh),
        "flat": tf.layers.flatten(x), "drop": tf.layers.dropout(v),
    }
    tf.layers.batch_normalization(v, training=True)
    tf.layers.batch_normalization(v)
    t["bnl4"] = tf.layers.batch_normalization(x, training=True)
    r = {k: val.name for k, val in t.items()}
    r["updates"] = [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
    close(r, EXPECTED["op_names"])


def test_nn_argument_errors():
    v = tf.constant(data([1, 3, 3, 2], 0.2))
    got = {
        "topk_big": raises(lambda: tf.nn.top_k(tf.constant([1.0, 2.0]), 3)),
        "topk_neg": raises(lambda: tf.nn.top_k(tf.constant([1.0, 2.0]), -1)),
        "moments_both": raises(lambda: tf.nn.moments(v, [0], keep_dims=True, keepdims=True)),
        "bias_bad": raises(lambda: tf.nn.bias_add(v, tf.constant([1.0, 2.0, 3.0]))),
        "l2_both": raises(lambda: tf.nn.l2_normalize(v, axis=1, dim=1)),
        "dropout_int": raises(lambda: tf.nn.dropout(tf.constant([1, 2]), keep_prob=0.5)),
    }
    assert got == {k: EXPECTED["errors_more"][k] for k in got}


# -- recorded from TensorFlow 2.21 compat.v1 on 2026-12-05 -----------------------------------------
EXPECTED = {
    'dense_names': {
        'glob': [
            'dense/kernel:0',
            'dense/bias:0',
            'dense_1/kernel:0',
            'block/dense/kernel:0',
            'block/dense/bias:0',
            'fc/kernel:0',
            'fc/bias:0',
            'dense_2/kernel:0',
            'dense_2/bias:0',
        ],
        'train': [
            'dense/kernel:0',
            'dense/bias:0',
            'dense_1/kernel:0',
            'block/dense/kernel:0',
            'block/dense/bias:0',
            'fc/kernel:0',
            'fc/bias:0',
            'dense_2/kernel:0',
            'dense_2/bias:0',
        ],
        'outs': [
            'dense/Relu:0',
            'dense_1/MatMul:0',
            'block/dense/BiasAdd:0',
            'fc/BiasAdd:0',
            'dense_2/BiasAdd:0',
        ],
        'shapes': [[None, 4], [None, 2], [None, 2], [None, 2], [None, 2], [None, 5]],
        'kshape': [3, 4],
    },
    'dense_values_grads': {
        'y': F([2, 4], [0.10058405, 0, 0, 0, 0.9206099, 0.27202284, 0.35954982, 0]),
        'y3': F([2, 2, 4], [
            0.4571974, -0.23640116, -0.12507296, -0.70621336, 1.0142208, 0.4703635, 0.6357757,
            0.005741965, 0.5558402, 0.43257082, 1.0236859, 0.76685363, -0.4088317, -0.30780357,
            0.607815, 0.73177254]),
        'g': [
            F([2, 3], [
                0.7499251, 0.5475349, -0.6506334, 0.45978117, 0.39581817, -0.38800228]),
            F([3, 4], [
                0.7890351, 0.18796623, -0.17517318, 0, 1.0743511, 0.1862708, -0.17359315, 0,
                1.2142588, 0.15936449, -0.1485181, 0]),
            F([4], [1.4237423, 0.19042265, -0.17746243, 0])
        ],
        'g3': [
            F([2, 2, 3], [
                3.238358, 0.51856506, -3.1443198, -0.6586466, 0.5388699, 0.75636697, -3.357799,
                -0.42084458, 3.2814817, 0.04973238, -0.6151873, -0.16129243]),
            F([3, 4], [
                1.1678811, 0.5475771, -0.14683895, -0.82138103, 1.7601964, 1.1773353,
                0.43512738, -0.365973, 2.1142774, 1.6477468, 0.95820135, 0.13896772]),
            F([4], [-0.09894836, -0.18225273, -0.24089009, -0.26692402])
        ],
        'y3shape': [2, 2, 4],
    },
    'dense_default_init': {
        'b': F([4], [0, 0, 0, 0]),
        'sk': F([3, 2], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
        'sb': F([2], [0, 0]),
        'names': ['dense/kernel:0', 'dense/bias:0', 's/dense/kernel:0', 's/dense/bias:0'],
    },
    'conv2d_values': {
        'same1': F([1, 5, 5, 2], [
            -0.7138171, -1.6673913, 1.3802898, 0.36124337, 2.3594465, 1.7696186, 2.1567705,
            2.1477594, -0.32631898, -0.09987756, -0.91827893, -0.3499148, -2.8888443,
            -2.9715676, -2.1743445, -3.0506055, -0.27021945, -1.6385982, 2.067167, 1.2427702,
            1.9711701, 1.0398589, 2.6876247, 2.7822404, 1.0000514, 1.6938944, -1.1583055,
            -0.38507742, -2.3031826, -2.4617534, -2.0556, -2.1531343, -1.3002847, -2.4869092,
            0.84767723, -0.56181806, 2.6045568, 1.5525264, 2.2091115, 2.1936157, 0.9722161,
            0.9505735, -0.88678974, -0.3427664, -1.9344634, -1.7647067, -1.9179848, -2.368207,
            -0.48200962, -1.4266071]),
        'valid1': F([1, 3, 3, 2], [
            -2.8888443, -2.9715676, -2.1743445, -3.0506055, -0.27021945, -1.6385982, 2.6876247,
            2.7822404, 1.0000514, 1.6938944, -1.1583055, -0.38507742, -1.3002847, -2.4869092,
            0.84767723, -0.56181806, 2.6045568, 1.5525264]),
        'same2': F([1, 3, 3, 2], [
            -0.7138171, -1.6673913, 2.3594465, 1.7696186, -0.32631898, -0.09987756, 1.9711701,
            1.0398589, 1.0000514, 1.6938944, -2.3031826, -2.4617534, 0.9722161, 0.9505735,
            -1.9344634, -1.7647067, -0.48200962, -1.4266071]),
        'valid2': F([1, 2, 2, 2], [
            -2.8888443, -2.9715676, -0.27021945, -1.6385982, -1.3002847, -2.4869092, 2.6045568,
            1.5525264]),
        'dil_same': F([1, 5, 5, 2], [
            0.38921332, 0.047564313, 0.23454195, -0.075545296, -0.5216534, -0.5112278,
            0.11490487, -0.13774076, 0.034989983, -0.291333, -0.08318, -0.3640988, 0.13508017,
            -0.18323825, 0.51671505, -0.15128615, 0.14709105, -0.14490813, 0.20457007,
            -0.02062139, -0.9354775, -1.1537309, -0.90386856, -1.3287046, 0.24308926,
            -0.24889407, 0.53986275, -0.1689019, 0.87568575, 0.33528072, 0.1670864, -0.07545347,
            0.048096035, -0.25631976, -0.91714036, -1.2020248, 0.11712801, -0.20344192,
            0.28996086, -0.08134405, 0.12281668, -0.18910314, 0.22685254, -0.021689594,
            0.9432836, 0.5330168, -0.05385328, -0.2923146, -0.15787518, -0.37218878]),
        'dil_valid': F([1, 1, 1, 2], [0.24308926, -0.24889407]),
        'k23_same_s21': F([1, 3, 5, 2], [
            0.3017113, 0.7519107, -1.6378634, -1.3519135, -2.1709146, -2.4265733, -1.5161344,
            -2.3365953, 0.9120267, 0.12679781, -0.9278095, -0.67621595, -1.9783763, -2.5390317,
            -0.81478167, -1.8326625, 0.8273014, -0.272308, 2.254986, 1.7538388, -0.18858087,
            -0.6448873, 0.49678096, -0.26445878, 1.1079357, 0.5420769, 1.1918765, 0.96045953,
            0.62783813, 0.59228325]),
        'k23_valid_s12': F([1, 4, 2, 2], [
            -1.6378634, -1.3519135, -1.5161344, -2.3365953, 2.3498757, 1.8580976, 0.6240143,
            1.1022657, -1.9783763, -2.5390317, 0.8273014, -0.272308, 1.3754662, 1.7093682,
            -1.6576627, -1.3796171]),
        'shapes': {
            'same1': [1, 5, 5, 2],
            'valid1': [1, 3, 3, 2],
            'same2': [1, 3, 3, 2],
            'valid2': [1, 2, 2, 2],
            'dil_same': [1, 5, 5, 2],
            'dil_valid': [1, 1, 1, 2],
            'k23_same_s21': [1, 3, 5, 2],
            'k23_valid_s12': [1, 4, 2, 2],
        },
        'names': [
            'conv2d/kernel:0',
            'conv2d/bias:0',
            'conv2d_1/kernel:0',
            'conv2d_1/bias:0',
            'conv2d_2/kernel:0',
            'conv2d_2/bias:0',
            'conv2d_3/kernel:0',
            'conv2d_3/bias:0',
            'conv2d_4/kernel:0',
            'conv2d_4/bias:0',
            'conv2d_5/kernel:0',
            'conv2d_5/bias:0',
            'conv2d_6/kernel:0',
            'conv2d_6/bias:0',
            'conv2d_7/kernel:0',
            'conv2d_7/bias:0',
        ],
        'outname': 'conv2d/BiasAdd:0',
    },
    'conv2d_grads': {
        'same2': [
            F([1, 5, 5, 2], [
                0, 0, 0.3054313, 0.8215335, 0.9079219, 0.51941013, -0.044839583, -0.5452606,
                0.17297648, 0.07339403, 0.10747818, 0.15991071, -1.4128516, -0.7637668,
                0.36895546, 1.3388617, 1.4237719, 0.9327316, 0.031086322, 0.14991221,
                -0.14395799, -0.05817747, -0.21606666, -0.535882, -0.72987926, -0.39821446,
                0.14174153, 0.6075578, 0, 0, 0.28076115, 0.4971583, 1.2090936, 0.681039,
                -0.0047216327, -0.5153645, -0.7564394, -0.60184884, 0, 0, -0.649621, -0.3845035,
                0.08173353, 0.5052188, 0, 0, 0, 0, 0, 0]),
            F([3, 3, 2, 2], [
                0.6412107, 0.86304057, 0.544111, 0.7323488, 1.0205747, 1.2463232, 0.5853323,
                0.8472409, 0.070867844, 0.33348852, -0.45318818, -0.22539994, 0.47840074,
                0.38617155, 0.73159945, 0.56707567, 0.58621293, 0.115032144, 0.90910167,
                0.35166967, 1.1089478, 0.8733568, 1.158703, 1.0343668, -0.8241516, -0.63086164,
                -0.9189136, -0.6897687, -0.9070708, -0.37440398, -0.7514597, -0.3404287,
                -0.4941421, -0.64163494, -0.16994469, -0.4941937]),
            F([2], [-0.44842184, -0.48285002])
        ],
        'valid1': [
            F([1, 5, 5, 2], [
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.10920944, -0.0011721974, -0.50062084,
                0.017281696, 0.52614486, 0.75980115, 0.68017304, 0.27494255, 0, 0, -0.084139325,
                -0.15443943, -0.50980175, -0.77738714, -0.13127345, -0.053028084, -0.101527676,
                0.046967328, -0.5689305, -0.2241227, 0.15448198, 0.08427083, 0.70980674,
                0.30094993, -0.027407318, -0.11730617, -0.14686424, -0.20719606, -0.1269197,
                -0.5159398, 0, 0, 0.10022197, 0.081856064, -0.6144166, -0.47337094, -0.08472256,
                0.34824106, 0.6372217, 0.50173247]),
            F([3, 3, 2, 2], [
                0.5026858, 1.1958505, 0.2780173, 0.8186594, 0.015720496, 0.33066648,
                -0.24870397, -0.20208049, -0.47946754, -0.70747685, -0.64533746, -1.1171196,
                -0.14698833, -0.58011603, 0.120962374, -0.060474604, 0.3725414, 0.4673518,
                0.5736987, 0.93192434, 0.69720864, 1.2703654, 0.72635454, 1.4368682,
                -0.25336412, -0.21185772, -0.4831937, -0.7160824, -0.64762527, -1.1233888,
                -0.7244038, -1.3786496, -0.7031377, -1.4473168, -0.58670515, -1.3200964]),
            F([2], [-0.3269844, -0.43974572])
        ],
        'dil_same': [
            F([1, 5, 5, 2], [
                0.66555506, 0.38687158, 0.07288855, 0.17551081, -0.8138145, -0.7273247,
                0.18632987, 0.09968668, 0.5908294, 0.92074645, 0.17852366, 0.3336225,
                0.04138419, 0.3857775, 1.0775028, 1.1188215, 0.5283849, 0.39461374, 0.66587424,
                0.033014625, -0.704049, 0.4010524, 0.20774779, 0.6089847, 1.0185323, 0.75228095,
                0.6916843, 0.41258958, 0.024209559, 0.00092318654, -0.3362567, -0.1866646,
                -0.5185135, -0.45159492, -0.7514173, 0.057932317, -0.14846376, 0.23232326,
                0.4760679, 0.9074071, -0.3037154, -0.7726699, 0.1849631, 0.22866422,
                0.031674266, 0.14679897, 0.15275949, -0.0030480623, 0.017704546, 0.033357978]),
            F([3, 3, 2, 2], [
                -4.243892, -2.8511913, -3.7321868, -2.5332346, 0.23678641, -0.72844046,
                2.0354614, 0.62771934, 1.8277516, 1.6208836, 1.8950819, 1.875861, -2.148029,
                -2.7401757, -0.1599336, -1.2816492, 7.650243, 5.4106855, 8.48847, 6.8943796,
                2.1376615, 2.9174201, 0.7042696, 1.761222, 1.5362422, 0.9667311, 2.4532802,
                2.0936265, 4.6202493, 5.086675, 3.2934062, 4.063842, -1.3636644, -0.90085125,
                -1.9972668, -1.5220546]),
            F([2], [-0.45767552, -0.90849763])
        ],
        'k23_same_s21': [
            F([1, 5, 5, 2], [
                -0.85417104, -0.64742815, -0.10203963, 0.49672204, 0, 0, 0.05385277, 0.55036664,
                0.7590041, 0.5706348, 0.25358215, -0.36298043, -0.78968143, -0.8033294, 0, 0,
                -0.7438099, -0.6516745, -0.2186724, 0.3287091, 0, 0, 0, 0, 0.036084477,
                -0.14404316, -0.29418063, -0.9038409, -1.0407355, -0.63325995, 0, 0, 0, 0,
                0.2341007, 0.24223162, 1.0598582, 0.7763404, 0.086747855, -0.64821935,
                0.02648493, -0.105723396, -0.13207786, 0.20722511, 0.48798925, 1.0999804,
                0.9878654, 1.0046314, 0.9864515, 0.14704782]),
            F([2, 3, 2, 2], [
                1.1207844, 0.8703679, 0.87628233, 1.1560702, 0.88872653, 1.7432033, 0.67933995,
                1.9705886, 0.7365436, 2.1003094, 0.3915179, 1.7141527, 1.0708641, 0.8265539,
                1.0316188, 0.56571466, 0.17001992, -0.6041342, -0.21693647, -1.0854331,
                -0.29676127, -0.93046707, -0.2886456, -0.7895648]),
            F([2], [-0.23307854, -1.3968226])
        ],
    },
    'conv2d_transpose_nn': {
        'same': F([1, 6, 6, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, -0.31584993,
            -0.35551932, -0.93337625, -0.8621553, -1.3028716, -0.9178298, 0.5252203, 0.54714715,
            0.1585238, 0.5569671, 0.23807418, 0.2754582, -0.38897505, -0.4934216, -0.16060044,
            0.1890771, 0.7536863, 0.7726766, -0.92262673, -0.15013272, 0.04711765, -0.4971947,
            -0.12350699, -0.58419263, 0.7861614, 0.9521177, 1.127559, 0.6335413, 0.391586,
            -0.016416987]),
        'valid': F([1, 7, 7, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, -0.19529176,
            -0.31584993, -0.35551932, -0.93337625, -0.8621553, -1.3028716, -0.9178298,
            -0.601908, 0.5252203, 0.54714715, 0.1585238, 0.5569671, 0.23807418, 0.2754582,
            1.1157235, -0.38897505, -0.4934216, -0.16060044, 0.1890771, 0.7536863, 0.7726766,
            0.48758626, -0.92262673, -0.15013272, 0.04711765, -0.4971947, -0.12350699,
            -0.58419263, -0.8198616, 0.7861614, 0.9521177, 1.127559, 0.6335413, 0.391586,
            -0.016416987, 0.012365254, -0.03633327, -0.6737184, -0.95982605, -0.4298517,
            -0.59906465, 0.038854472, 0.022705916]),
        'same5': F([1, 5, 5, 1], [
            -0.35551932, -0.93337625, -0.8621553, -1.3028716, -0.9178298, 0.54714715, 0.1585238,
            0.5569671, 0.23807418, 0.2754582, -0.4934216, -0.16060044, 0.1890771, 0.7536863,
            0.7726766, -0.15013272, 0.04711765, -0.4971947, -0.12350699, -0.58419263, 0.9521177,
            1.127559, 0.6335413, 0.391586, -0.016416987]),
        'g': [
            F([1, 3, 3, 2], [
                2.348478, 2.2882767, 1.5427657, 1.9775376, -0.21365614, 0.26287633, -0.35826954,
                -1.0265878, 1.3121184, 0.6505617, 1.5957934, 1.5174133, -1.8364357, -1.4226227,
                -1.5946741, -1.4644299, -0.43374395, -0.56141937]),
            F([3, 3, 1, 2], [
                0.8914575, 0.3825608, 0.18266241, -0.32570577, 0.8778904, 0.20602234,
                -1.9673759, -1.7344174, -1.6989902, -1.3147087, -2.202824, -1.965891, 1.1056534,
                1.8240391, 0.9034933, 1.5417264, 0.5075168, 1.1809185])
        ],
        'shapes': [[1, 6, 6, 1], [1, 7, 7, 1], [1, 5, 5, 1]],
    },
    'conv2d_transpose_layer': {
        'a': F([1, 6, 8, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, 0.28342834,
            0.26923963, -0.31584993, -0.35551932, -0.93337625, -0.8621553, -1.3028716,
            -0.9178298, -0.9908831, -0.4934216, -0.12887532, 0.21032232, -0.24721298,
            0.25549355, 0.17870039, 0.16702557, 0.51114225, -0.0088073015, 0.17917718,
            0.1890771, 0.7536863, 0.7726766, 1.2737477, 0.9521177, 1.127559, 0.6335413,
            -0.0316803, -0.18003337, 0.33990514, -0.25709072, -0.074205995, -0.19967338,
            -0.44950265, -0.03781438, -0.036612112, -0.016416987, -0.549211, -0.65778816,
            -1.2027363, -0.95509475, -1.2271547, -0.75282675]),
        'b': F([1, 7, 9, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, 0.28342834,
            0.26923963, -0.08107008, -0.31584993, -0.35551932, -0.93337625, -0.8621553,
            -1.3028716, -0.9178298, -0.9908831, -0.4934216, -0.33977762, -0.12887532,
            0.21032232, -0.24721298, 0.25549355, 0.17870039, 0.16702557, 0.51114225,
            -0.0088073015, 0.6079048, 0.17917718, 0.1890771, 0.7536863, 0.7726766, 1.2737477,
            0.9521177, 1.127559, 0.6335413, 0.42819813, -0.0316803, -0.18003337, 0.33990514,
            -0.25709072, -0.074205995, -0.19967338, -0.44950265, -0.03781438, -0.7808754,
            -0.036612112, -0.016416987, -0.549211, -0.65778816, -1.2027363, -0.95509475,
            -1.2271547, -0.75282675, -0.50253713, 0.03467969, 0.038854472, 0.07504524,
            0.4872373, 0.70990175, 0.6807644, 0.97343504, 0.5182089, 0.754751]),
        'shapes': [[None, 6, 8, 1], [None, 7, 9, 1], [None, 4, 9, 1]],
        'names': [
            'conv2d_transpose/kernel:0',
            'conv2d_transpose/bias:0',
            'conv2d_transpose_1/kernel:0',
            'conv2d_transpose_1/bias:0',
            'conv2d_transpose_2/kernel:0',
            'conv2d_transpose_2/bias:0',
        ],
    },
    'pooling': {
        'outs': {
            'max_v22': F([1, 2, 2, 2], [
                1, 0.99923164, 0.917438, 0.71147335, 0.99894136, 0.9147053, 0.9501228,
                0.99860466]),
            'max_s32': F([1, 3, 3, 2], [
                1, 0.99923164, 1, 0.99923164, 0.7687054, 0.9479754, 1, 0.9147053, 1, 0.99860466,
                0.9501228, 0.99860466, 0.3967406, 0.14313607, 0.9501228, 0.99860466, 0.9501228,
                0.99860466]),
            'avg_v22': F([1, 2, 2, 2], [
                1, -0.013250351, 0.22394297, 0.25434002, 0.16458467, 0.2247962, 0.21141782,
                0.1443088]),
            'avg_s32': F([1, 3, 3, 2], [
                1, -0.013250351, 0.48262867, 0.19831829, 0.25031337, 0.21240798, 0.44305646,
                -0.1528962, 0.21077967, 0.06122143, 0.18929446, 0.21437676, -0.24412486,
                -0.25658178, -0.15969433, -0.090274304, 0.083754644, 0.16592541]),
            'avg_s31': F([1, 5, 5, 2], [
                1, -0.013250351, 0.58754236, 0.16323628, 0.22394297, 0.25434002, 0.25031337,
                0.21240798, 0.22782554, 0.15633368, 0.9509349, 0.21078177, 0.51693344,
                0.12273544, 0.049996477, -0.029509256, -0.10502106, -0.16631874, -0.17839094,
                -0.21999352, 0.44305646, -0.1528962, 0.24184364, -0.00968501, 0.069131844,
                0.13859205, 0.18929446, 0.21437676, 0.22993721, 0.22571917, 0.121518336,
                0.04856081, -0.030969223, -0.10630769, -0.16725795, -0.20557058, -0.21606022,
                -0.19730712, -0.21162857, -0.16287136, -0.24412486, -0.25658178, -0.23431161,
                -0.18032843, -0.101938665, -0.009751961, 0.083754644, 0.16592541, 0.17796907,
                0.24201691]),
            'max_v21': F([1, 4, 2, 2], [
                1, 0.99923164, 0.917438, 0.9479754, 1, 0.9147053, 0.7687054, 0.9479754,
                0.99894136, 0.9147053, 0.9501228, 0.99860466, 0.49134156, 0.77304626, 0.9501228,
                0.99860466]),
        },
        'grads': {
            'max_v22': F([1, 5, 5, 2], [
                0.38941833, 0, 0, 0.6961352, 0.9086335, 0.9981525, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0.9525762, 0.7780732, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.49826163, 0.15101272, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            'max_s32': F([1, 5, 5, 2], [
                0.38941833, 0, 0.9086335, 1.6942878, 0, 0, 0, 0, 0, 0, 0.49826163, 0,
                -0.21667509, 0, 0, 0, 0, 0, 0.9525762, 0.7780732, 0, 0.15101272, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, -0.8787254, 0, 0, -1.4281214, -1.4571731, 0, 0, -0.99186873,
                0, 0, 0, 0, 0, 0, 0, 0, 0]),
            'avg_v22': F([1, 5, 5, 2], [
                0.09735458, 0.1740338, 0.09735458, 0.1740338, 0.22715837, 0.24953812,
                0.22715837, 0.24953812, 0, 0, 0.09735458, 0.1740338, 0.09735458, 0.1740338,
                0.22715837, 0.24953812, 0.22715837, 0.24953812, 0, 0, 0.23814406, 0.1945183,
                0.23814406, 0.1945183, 0.12456541, 0.03775318, 0.12456541, 0.03775318, 0, 0,
                0.23814406, 0.1945183, 0.23814406, 0.1945183, 0.12456541, 0.03775318,
                0.12456541, 0.03775318, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            'avg_s32': F([1, 5, 5, 2], [
                0.09735458, 0.1740338, 0.24879351, 0.34039256, 0.15143892, 0.16635875, 0.389583,
                0.36087704, 0.23814406, 0.1945183, 0.1803982, 0.1992026, 0.30776212, 0.30389056,
                0.1273639, 0.10468799, 0.22912847, 0.1374117, 0.10176453, 0.03272374,
                0.083043605, 0.025168788, 0.058968596, -0.03650198, -0.02407501, -0.06167077,
                -0.16045454, -0.22346532, -0.13637953, -0.16179456, -0.16492358, -0.19451256,
                -0.2967737, -0.31069246, -0.13185012, -0.11617991, -0.25902808, -0.17905295,
                -0.12717792, -0.06287306, -0.24796718, -0.21968135, -0.3557423, -0.2741905,
                -0.107775114, -0.05450914, -0.09857352, 0.04441236, 0.009201595, 0.0989215]),
            'avg_s31': F([1, 5, 5, 2], [
                -0.03902494, 0.012239248, 0.022821978, 0.115323156, 0.19221583, 0.24309304,
                0.26106873, 0.24371, 0.2560327, 0.13000178, 0.12739894, 0.17065266, 0.31820828,
                0.3557935, 0.34522367, 0.2879295, 0.1916654, 0.0694603, -0.1615429, -0.33735362,
                -0.11586434, -0.110287406, -0.20564798, -0.16741547, -0.10652408, -0.031215146,
                0.048318595, 0.12131263, 0.2907161, 0.32537284, 0.14211486, 0.085888654,
                0.16015266, 0.03363429, -0.09743638, -0.21531945, -0.30406007, -0.35164756,
                -0.51469654, -0.4195013, -0.024309024, -0.072524756, -0.13523363, -0.20683606,
                -0.25044423, -0.26015592, -0.23465675, -0.17739788, -0.097120956, 0.047854096]),
            'max_v21': F([1, 5, 5, 2], [
                0.38941833, 0, 0, 0.6961352, 0.9086335, 0, 0, 0, 0, 0, 0.9525762, 0, 0, 0, 0, 0,
                0, 0, 0.49826163, 1.1491652, -0.21667509, 0.22303629, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, -0.99186873, -0.8787254, -1.4649278, -1.2978221, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0]),
        },
        'shapes': {
            'max_v22': [1, 2, 2, 2],
            'max_s32': [1, 3, 3, 2],
            'avg_v22': [1, 2, 2, 2],
            'avg_s32': [1, 3, 3, 2],
            'avg_s31': [1, 5, 5, 2],
            'max_v21': [1, 4, 2, 2],
        },
        'names': [
            'max_pooling2d/MaxPool:0', 'max_pooling2d_1/MaxPool:0', 'average_pooling2d/AvgPool:0'],
    },
    'bn_train': {
        'fused': {
            'y': F([2, 2, 2, 3], [
                -0.054071955, 0.37206292, -1.0418112, 1.764346, 0.7661602, -1.3066907,
                1.3218406, 0.36018592, -0.08881846, -0.89010715, -0.39495373, 1.2591426,
                -2.4147384, -0.6605424, 1.2400434, -1.5586798, -0.14159702, -0.12490314,
                0.7272636, 0.58550185, -1.3196821, 1.9041476, 0.71318215, -1.0172803]),
            'yi0': F([2, 2, 2, 3], [
                1.8986013, -0.34684038, -2.2882924, 4.4046965, 0.19995764, -2.6567414,
                3.7948472, -0.36331934, -0.96267307, 0.7463998, -1.4110526, 0.91235, -1.3548061,
                -1.7795489, 0.8857828, -0.17500928, -1.0595279, -1.0128671, 2.9754171,
                -0.05070032, -2.6748128, 4.5973673, 0.12645227, -2.2541697]),
            'g': [
                F([2, 2, 2, 3], [
                    0.44044942, 0.13963178, -0.23118718, 0.09688047, -0.017120045, 0.126176,
                    -0.44030786, -0.16966352, 0.34242442, -0.57447296, -0.14857209, 0.17737596,
                    -0.15660076, 0.022728428, -0.18565382, 0.34918785, 0.15397853, -0.34345618,
                    0.38112497, 0.099401735, -0.12076362, -0.09626124, -0.08038477, 0.23508434]),
                F([3], [4.8933115, 4.906823, 4.8814125]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'gi': [
                F([2, 2, 2, 3], [
                    0.84654063, 0.4122368, -0.97299814, 1.4847481, 0.43634838, -0.63744605,
                    0.4738801, -0.024182135, 0.40610272, -1.0633156, -0.45785412, 0.99860257,
                    -1.4195112, -0.38299805, 0.48197755, -0.19908835, 0.1172451, -0.5699688,
                    1.2424574, 0.48726684, -0.98886395, 1.3040342, 0.31609252, -0.3094507]),
                F([3], [9.131111, 3.9655297, 8.313516]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'mm1': F([3], [0.01341295, -0.015719287, 0.009569052]),
            'mv1': F([3], [1.0117172, 1.0120114, 1.0121238]),
            'mm2': F([3], [0.026691768, -0.03128138, 0.019042414]),
            'mv2': F([3], [1.0233173, 1.0239027, 1.0241264]),
            'yi2': F([2, 2, 2, 3], [
                1.8384522, -0.32497662, -2.245948, 4.315859, 0.21540765, -2.6100354, 3.712991,
                -0.34126228, -0.936021, 0.6994406, -1.3767058, 0.91680616, -1.3777118,
                -1.7408797, 0.89055353, -0.21142066, -1.0293044, -0.9856208, 2.9029412,
                -0.032310173, -2.627893, 4.5063243, 0.14276448, -2.2122295]),
            'nups': 2,
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'moving_avg_vars': [],
        },
        'nonfused': {
            'y': F([2, 2, 2, 3], [
                -0.054071903, 0.3720629, -1.0418112, 1.764346, 0.7661602, -1.3066906, 1.3218406,
                0.3601859, -0.08881846, -0.89010715, -0.3949538, 1.2591426, -2.4147382,
                -0.6605424, 1.2400434, -1.5586798, -0.14159703, -0.12490314, 0.7272638,
                0.5855018, -1.3196822, 1.9041475, 0.71318215, -1.0172803]),
            'yi0': F([2, 2, 2, 3], [
                1.8986013, -0.34684038, -2.2882924, 4.4046965, 0.19995764, -2.6567414,
                3.7948472, -0.36331934, -0.96267307, 0.7463998, -1.4110526, 0.91235, -1.3548061,
                -1.7795489, 0.8857828, -0.17500928, -1.0595279, -1.0128671, 2.9754171,
                -0.05070032, -2.6748128, 4.5973673, 0.12645227, -2.2541697]),
            'g': [
                F([2, 2, 2, 3], [
                    0.44044942, 0.13963175, -0.23118715, 0.09688042, -0.017119996, 0.12617598,
                    -0.44030792, -0.1696635, 0.3424244, -0.57447296, -0.14857212, 0.17737599,
                    -0.15660055, 0.02272842, -0.18565382, 0.34918797, 0.1539785, -0.34345615,
                    0.38112503, 0.099401765, -0.120763645, -0.09626134, -0.08038474, 0.23508433]),
                F([3], [4.893312, 4.906823, 4.8814125]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'gi': [
                F([2, 2, 2, 3], [
                    0.84654063, 0.4122368, -0.97299814, 1.4847481, 0.43634838, -0.63744605,
                    0.4738801, -0.024182135, 0.40610272, -1.0633156, -0.45785412, 0.99860257,
                    -1.4195112, -0.38299805, 0.48197755, -0.19908835, 0.1172451, -0.5699688,
                    1.2424574, 0.48726684, -0.98886395, 1.3040342, 0.31609252, -0.3094507]),
                F([3], [9.131111, 3.9655297, 8.313516]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'mm1': F([3], [0.013412962, -0.015719302, 0.009569061]),
            'mv1': F([3], [1.0090026, 1.0092599, 1.0093583]),
            'mm2': F([3], [0.026691794, -0.03128141, 0.019042432]),
            'mv2': F([3], [1.0179151, 1.0184273, 1.018623]),
            'yi2': F([2, 2, 2, 3], [
                1.8430548, -0.3263845, -2.2511926, 4.3270206, 0.21544899, -2.6162615, 3.7225566,
                -0.3427138, -0.9377351, 0.70102763, -1.3809345, 0.9200857, -1.3816242,
                -1.746085, 0.8937623, -0.21224518, -1.0326014, -0.98746866, 2.9103622,
                -0.03293319, -2.6341672, 4.51799, 0.142611, -2.2173831]),
            'nups': 2,
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'moving_avg_vars': [],
        },
    },
    'bn_2d_momentum': {
        'y': F([4, 3], [
            0.6981462, 1.0431513, 1.285513, 1.0258718, 0.8338333, 0.6229627, -0.1674998,
            -0.46542227, -0.69809115, -1.5565181, -1.4115623, -1.2103845]),
        'g': F([4, 3], [
            -0.21483463, -0.14322732, -0.10575691, 0.0929077, 0.10231872, 0.1147324, 0.17730597,
            0.13063577, 0.108519495, -0.05537899, -0.08972722, -0.11749509]),
        'mm': F([3], [0.5209889, 0.48421806, 0.442816]),
        'mv': F([3], [2.2257228, 2.3372223, 2.369482]),
    },
    'bn_inference_only': {
        'y': F([2, 2, 2, 3], [
            0.84192336, 0.13343766, -2.2882924, 2.6144428, 0.90634084, -2.6567414, 2.1831067,
            0.110144556, -0.96267307, 0.026990302, -1.3708345, 0.91235, -1.4591578, -1.8917067,
            0.8857828, -0.62470704, -0.8739516, -1.0128671, 1.6035374, 0.5520339, -2.6748128,
            2.7507157, 0.80244046, -2.2541697]),
        'y2': F([2, 2, 2, 3], [
            0.84192324, 0.13343763, -2.2882924, 2.614443, 0.90634084, -2.6567414, 2.183107,
            0.110144556, -0.96267307, 0.026990294, -1.3708346, 0.91235, -1.4591578, -1.891707,
            0.8857828, -0.62470704, -0.8739516, -1.0128671, 1.6035374, 0.5520339, -2.6748128,
            2.750716, 0.80244046, -2.2541697]),
        'g': [
            F([2, 2, 2, 3], [
                0.59874415, 0.5826999, -0.97299814, 1.0501378, 0.61678183, -0.63744605,
                0.33516756, -0.034181632, 0.40610272, -0.7520655, -0.6471803, 0.99860257,
                -1.0039967, -0.5413707, 0.48197755, -0.14081189, 0.16572686, -0.5699688,
                0.87876946, 0.68875545, -0.98886395, 0.9223218, 0.44679922, -0.3094507]),
            F([3], [5.828861, 8.161368, 8.313516]),
            F([3], [1.7807198, 1.8092146, 1.5928407])
        ],
        'g2': [
            F([2, 2, 2, 3], [
                0.59874415, 0.5826999, -0.97299814, 1.0501378, 0.61678183, -0.63744605,
                0.33516756, -0.034181632, 0.40610272, -0.7520655, -0.6471803, 0.99860257,
                -1.0039967, -0.5413707, 0.48197755, -0.14081189, 0.16572686, -0.5699688,
                0.87876946, 0.68875545, -0.98886395, 0.9223218, 0.44679922, -0.3094507]),
            F([3], [5.8288617, 8.161368, 8.313516]),
            F([3], [1.7807198, 1.8092146, 1.5928407])
        ],
        'nups': 0,
        'glob': [
            'batch_normalization/gamma:0',
            'batch_normalization/beta:0',
            'batch_normalization/moving_mean:0',
            'batch_normalization/moving_variance:0',
            'batch_normalization_1/gamma:0',
            'batch_normalization_1/beta:0',
            'batch_normalization_1/moving_mean:0',
            'batch_normalization_1/moving_variance:0',
        ],
    },
    'bn_training_placeholder': {
        'fused': {
            'yf': F([2, 2, 2, 3], [
                1.8986013, -0.34684038, -2.2882924, 4.4046965, 0.19995764, -2.6567414,
                3.7948472, -0.36331934, -0.96267307, 0.7463998, -1.4110526, 0.91235, -1.3548061,
                -1.7795489, 0.8857828, -0.17500928, -1.0595279, -1.0128671, 2.9754171,
                -0.05070032, -2.6748128, 4.5973673, 0.12645227, -2.2541697]),
            'after_false': [
                F([3], [0, 0, 0]),
                F([3], [1, 1, 1])
            ],
            'yt': F([2, 2, 2, 3], [
                -0.054071955, 0.37206292, -1.0418112, 1.764346, 0.7661602, -1.3066907,
                1.3218406, 0.36018592, -0.08881846, -0.89010715, -0.39495373, 1.2591426,
                -2.4147384, -0.6605424, 1.2400434, -1.5586798, -0.14159702, -0.12490314,
                0.7272636, 0.58550185, -1.3196821, 1.9041476, 0.71318215, -1.0172803]),
            'gt': [
                F([2, 2, 2, 3], [
                    0.44044942, 0.13963178, -0.23118718, 0.09688047, -0.017120045, 0.126176,
                    -0.44030786, -0.16966352, 0.34242442, -0.57447296, -0.14857209, 0.17737596,
                    -0.15660076, 0.022728428, -0.18565382, 0.34918785, 0.15397853, -0.34345618,
                    0.38112497, 0.099401735, -0.12076362, -0.09626124, -0.08038477, 0.23508434]),
                F([3], [4.8933115, 4.906823, 4.8814125]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'gf': [
                F([2, 2, 2, 3], [
                    0.84654063, 0.4122368, -0.97299814, 1.4847481, 0.43634838, -0.63744605,
                    0.4738801, -0.024182135, 0.40610272, -1.0633156, -0.45785412, 0.99860257,
                    -1.4195112, -0.38299805, 0.48197755, -0.19908835, 0.1172451, -0.5699688,
                    1.2424574, 0.48726684, -0.98886395, 1.3040342, 0.31609252, -0.3094507]),
                F([3], [9.131111, 3.9655297, 8.313516]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'after_true': [
                F([3], [0.01341295, -0.015719287, 0.009569052]),
                F([3], [1.0117172, 1.0120114, 1.0121238])
            ],
            'nups': 2,
        },
        'nonfused': {
            'yf': F([2, 2, 2, 3], [
                1.8986013, -0.34684038, -2.2882924, 4.4046965, 0.19995764, -2.6567414,
                3.7948472, -0.36331934, -0.96267307, 0.7463998, -1.4110526, 0.91235, -1.3548061,
                -1.7795489, 0.8857828, -0.17500928, -1.0595279, -1.0128671, 2.9754171,
                -0.05070032, -2.6748128, 4.5973673, 0.12645227, -2.2541697]),
            'after_false': [
                F([3], [0, 0, 0]),
                F([3], [1, 1, 1])
            ],
            'yt': F([2, 2, 2, 3], [
                -0.054071903, 0.3720629, -1.0418112, 1.764346, 0.7661602, -1.3066906, 1.3218406,
                0.3601859, -0.08881846, -0.89010715, -0.3949538, 1.2591426, -2.4147382,
                -0.6605424, 1.2400434, -1.5586798, -0.14159703, -0.12490314, 0.7272638,
                0.5855018, -1.3196822, 1.9041475, 0.71318215, -1.0172803]),
            'gt': [
                F([2, 2, 2, 3], [
                    0.44044942, 0.13963175, -0.23118715, 0.09688042, -0.017119996, 0.12617598,
                    -0.44030792, -0.1696635, 0.3424244, -0.57447296, -0.14857212, 0.17737599,
                    -0.15660055, 0.02272842, -0.18565382, 0.34918797, 0.1539785, -0.34345615,
                    0.38112503, 0.099401765, -0.120763645, -0.09626134, -0.08038474, 0.23508433]),
                F([3], [4.893312, 4.906823, 4.8814125]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'gf': [
                F([2, 2, 2, 3], [
                    0.84654063, 0.4122368, -0.97299814, 1.4847481, 0.43634838, -0.63744605,
                    0.4738801, -0.024182135, 0.40610272, -1.0633156, -0.45785412, 0.99860257,
                    -1.4195112, -0.38299805, 0.48197755, -0.19908835, 0.1172451, -0.5699688,
                    1.2424574, 0.48726684, -0.98886395, 1.3040342, 0.31609252, -0.3094507]),
                F([3], [9.131111, 3.9655297, 8.313516]),
                F([3], [1.7807198, 1.8092146, 1.5928407])
            ],
            'after_true': [
                F([3], [0.013412962, -0.015719302, 0.009569061]),
                F([3], [1.0090026, 1.0092599, 1.0093583])
            ],
            'nups': 2,
        },
    },
    'dropout_layer': {
        'a': F([4, 50], [
            2.2955203, 2.620986, 2.8624043, 2.9871001, 2.9781966, 2.8368988, 2.5823307,
            2.2489467, 1.8818692, 1.53078, 1.2431974, 1.0580447, 1.0003812, 1.0780113,
            1.2804284, 1.580236, 1.9368567, 2.3020236, 2.626313, 2.865834, 2.9881682, 2.9767585,
            2.8331494, 2.5767772, 2.2423408, 1.8751049, 1.524773, 1.2387607, 1.0557787,
            1.0005925, 1.0806715, 1.2851772, 1.5864309, 1.9436592, 2.308513, 2.6316109,
            2.8692234, 2.9891906, 2.9752753, 2.8293612, 2.5711968, 2.2357237, 1.8683466,
            1.5187881, 1.2343593, 1.0535564, 1.0008502, 1.0833743, 1.2899594, 1.592645,
            1.9504644, 2.3149881, 2.6368797, 2.8725724, 2.9901667, 2.9737468, 2.8255343,
            2.5655901, 2.2290957, 1.8615943, 1.5128255, 1.2299935, 1.0513783, 1.0011544,
            1.0861197, 1.2947745, 1.5988781, 1.9572718, 2.3214486, 2.6421187, 2.8758812,
            2.991097, 2.9721727, 2.8216696, 2.559957, 2.222457, 1.8548485, 1.5068855, 1.2256634,
            1.0492439, 1.0015049, 1.0889076, 1.2996223, 1.6051298, 1.9640812, 2.327894,
            2.647328, 2.879149, 2.9919815, 2.9705539, 2.8177662, 2.554298, 2.215808, 1.8481094,
            1.5009685, 1.2213693, 1.047154, 1.0019019, 1.0917377, 1.3045027, 1.6113999,
            1.9708923, 2.3343244, 2.652507, 2.8823762, 2.9928195, 2.9688897, 2.8138251,
            2.548613, 2.209149, 1.8413774, 1.4950746, 1.2171112, 1.0451081, 1.0023451,
            1.0946101, 1.3094153, 1.617688, 1.9777046, 2.340739, 2.657656, 2.8855622, 2.9936118,
            2.9671807, 2.8098462, 2.5429027, 2.20248, 1.8346527, 1.4892042, 1.2128896,
            1.0431067, 1.0028348, 1.0975244, 1.31436, 1.6239938, 1.9845182, 2.347138, 2.6627743,
            2.8887072, 2.9943576, 2.9654267, 2.8058295, 2.5371673, 2.195802, 1.8279357,
            1.4833574, 1.2087045, 1.0411496, 1.0033706, 1.1004808, 1.3193367, 1.6303171,
            1.9913323, 2.3535209, 2.667862, 2.891811, 2.9950576, 2.9636278, 2.8017755,
            2.5314069, 2.1891146, 1.8212266, 1.4775348, 1.2045562, 1.0392371, 1.0039529,
            1.1034789, 1.3243449, 1.6366575, 1.9981469, 2.3598871, 2.6729183, 2.8948731,
            2.995711, 2.9617844, 2.7976844, 2.5256217, 2.1824186, 1.814526, 1.4717364,
            1.2004447, 1.0373693, 1.0045812, 1.1065185, 1.3293843, 1.6430149, 2.0049615,
            2.3662367, 2.6779437, 2.897894, 2.9963183, 2.959896, 2.7935562, 2.519812, 2.175714,
            1.8078338, 1.4659624, 1.1963706, 1.0355461, 1.0052559]),
        'names': ['dropout/Identity:0', 'dropout_1/Identity:0'],
        'c_values': [0.0, 1.3333300352096558],
        'c_grad_matches': True,
        'd_rows_const': True,
        'd_values': [0.0, 2.0],
        'ef_equal': True,
        'et_values': [0.0, 2.0],
    },
    'nn_dropout': {
        'a_eq': True,
        'b1_eq': True,
        'e_eq': True,
        'bh_values': [0.0, 2.0],
        'c_values': [0.0, 4.0],
        'd_cols_const': True,
        'errs': ['ValueError', 'ValueError', 'ValueError', 'ValueError'],
    },
    'flatten': {
        'a': F([2, 12], [
            0, 0.36161542, 0.6742879, 0.89569867, 0.99588084, 0.9612752, 0.7965655, 0.52404433,
            0.18059626, -0.18729466, -0.5298361, -0.8006668, -0.96313095, -0.99523985,
            -0.8926477, -0.6692399, -0.35525355, 0.00681464, 0.3679605, 0.67930466, 0.8987081,
            0.99647564, 0.95937485, 0.7924272]),
        'c': F([3, 4], [
            0.47942555, 0.76432896, 0.945784, 0.99923164, 0.917438, 0.71147335, 0.40921417,
            0.051569767, -0.31305435, -0.635308, -0.8715758, -0.9898798]),
        'shapes': [[2, 12], [None, 6], [3, None]],
        'names': ['flatten/Reshape:0', 'flatten_1/Reshape:0'],
    },
    'regularization': {
        'total': F([], [1.5127931]),
        'each': [F([], [0.7301559]), F([], [0.32500002]), F([], [0.45763713])],
        'gk': F([3, 4], [
            0.16829419, 0.1959816, 0.19714384, 0.17162357, 0.122874856, 0.0574956, -0.015665406,
            -0.086706184, -0.14601168, -0.18555517, -0.19998465, -0.18734716]),
        'zero': F([], [0]),
        'n': 3,
        'total_name': 'total_regularization_loss:0',
    },
    'nn_moments': {
        'm1': F([4], [0.38960016, 0.46220413, 0.47225103, 0.41838095]),
        'v1': F([4], [1.9070406, 1.9398385, 1.9448174, 1.919373]),
        'm2': F([1, 1, 4], [0.38960016, 0.46220413, 0.47225103, 0.41838095]),
        'v2': F([1, 1, 4], [1.9070406, 1.9398385, 1.9448174, 1.919373]),
        'm3': F([2, 3], [1.4961698, 1.1899619, -1.2803782, -1.4221498, 1.022481, 1.6075698]),
        'v3': F([2, 3], [0.21965012, 0.36785954, 0.3276123, 0.25857377, 0.4346277, 0.15734796]),
        'm4': F([], [0.43560907]),
        'v4': F([], [1.9288832]),
        'g': F([2, 3, 4], [
            -0.16762458, -0.3817525, 0.23297086, 0.73307276, 0.52426183, -0.15024117,
            -0.013385959, 0.056031883, 0.5616422, -0.25391912, -0.08275422, 0.19169778,
            -0.04084146, -0.45722795, 0.13094318, 0.78379285, -0.044634253, -0.38479838,
            0.16785246, 0.6782468, 0.18448018, -0.3199159, 0.08058843, 0.47151396]),
        'shapes': [[4], [4], [1, 1, 4], [1, 1, 4], [2, 3], []],
    },
    'nn_batch_normalization': {
        'y': F([3, 4], [
            -0.10522008, 3.35223, 0.87088716, -8.4897995, 3.074686, 4.740378, 0.7669847, 3.3673,
            -0.9730888, -0.31383288, -0.18620259, 27.16811]),
        'y2': F([3, 4], [
            -0.09788376, 2.6694434, 1.114536, 2.811201, 1.4188348, 3.8449864, 0.9116886,
            -0.9383428, -0.51183075, -0.43513566, -0.9492074, -8.464819]),
        'g': [
            F([3, 4], [
                1.5658711, 1.9063928, 0.352619, -8.6297, 1.3794605, 0.7618, 0.0076316553,
                3.2551336, -1.3157153, -1.7682456, -0.35123506, 9.219996]),
            F([4], [-1.6296163, -0.89994717, -0.009015592, -3.84543]),
            F([4], [-1.2978494, -10.35614, -0.26555187, 1588.3597]),
            F([4], [0.8152154, 0.4508726, 0.025506318, -0.4033121]),
            F([4], [1.2991472, 5.1987815, 2.1254768, 34.943913])
        ],
    },
    'nn_l2_normalize': {
        'a': F([3, 3], [0.6, 0.8, 0, 0, 0, 0, 0.1, -0.2, 0]),
        'b': F([3, 3], [1, 1, 0, 0, 0, 0, 3.3333336e-08, -5e-08, 0]),
        'c': F([3, 3], [0.6, 0.8, 0, 0, 0, 0, 2e-08, -4e-08, 0]),
        'd': F([3, 3], [0.6, 0.8, 0, 0, 0, 0, 1e-06, -2e-06, 0]),
        'e': F([2, 3], [0.36678088, 0.5847441, 0.72356486, 0.6523335, 0.5989357, 0.4644748]),
        'g': F([2, 3], [
            0.34442988, 0.06354225, -0.22594541, 0.18999274, -0.024362646, -0.23542066]),
    },
    'nn_bias_add': {
        'y': F([2, 3, 2, 2], [
            1.0998334, -0.5471137, 1.7446431, -0.06438398, 1.9999576, -0.07104027, 1.7322314,
            -0.5636009, 1.0815022, -1.2844257, 0.3881421, -1.856478, 0.014822245, -1.9805384,
            0.15681225, -1.5917156, 0.73984253, -0.89338833, 1.4589515, -0.25082564, 1.938,
            -0.0001282692, 1.9264154, -0.27242672]),
        'y2': F([2, 3, 2, 2], [
            1.0998334, 1.4528863, 1.7446431, 1.935616, 2.9999576, 2.9289598, 2.7322314,
            2.436399, 3.0815022, 2.7155743, 2.388142, 2.143522, 0.014822245, 0.019461632,
            0.15681225, 0.40828443, 1.7398425, 2.1066117, 2.4589515, 2.7491744, 3.938,
            3.9998717, 3.9264154, 3.7275734]),
        'g': [
            F([2, 3, 2, 2], [
                0.64421767, 0.8772005, 0.99145836, 0.971527, 0.82010394, 0.5576837, 0.21978362,
                -0.14786318, -0.49549738, -0.77606833, -0.9516021, -0.99834096, -0.9099591,
                -0.6984185, -0.39235023, -0.033179216, 0.33048245, 0.64941484, 0.88045204,
                0.9923241, 0.9698898, 0.8161855, 0.55201423, 0.21313049]),
            F([2], [2.6589932, 2.423596])
        ],
        'g2': [
            F([3], [1.4504964, 4.3023815, -0.67028904])
        ],
        'name': 'BiasAdd:0',
    },
    'activations': {
        'f': {
            'relu6': F([12], [0, 0, 0, 0, 0, 0, 0.5, 1, 6, 6, 6, 6]),
            'elu': F([12], [
                -1, -0.9999546, -0.99849653, -0.63212055, -0.39346933, 0, 0.5, 1, 6, 6.5, 10, 30]),
            'selu': F([12], [
                -1.7580993, -1.7580194, -1.7554561, -1.1113307, -0.69175816, 0, 0.5253505,
                1.050701, 6.304206, 6.8295565, 10.50701, 31.52103]),
            'leaky': F([12], [-6, -2, -1.3000001, -0.2, -0.1, 0, 0.5, 1, 6, 6.5, 10, 30]),
            'leaky01': F([12], [-3, -1, -0.65000004, -0.1, -0.05, 0, 0.5, 1, 6, 6.5, 10, 30]),
            'leaky2': F([12], [-60, -20, -13, -2, -1, 0, 0.5, 1, 6, 6.5, 10, 30]),
            'softplus': F([12], [
                9.357623e-14, 4.5398898e-05, 0.0015023102, 0.3132617, 0.474077, 0.6931472,
                0.9740769, 1.3132616, 6.0024757, 6.5015025, 10.000046, 30]),
            'softsign': F([12], [
                -0.9677419, -0.90909094, -0.8666667, -0.5, -0.33333334, 0, 0.33333334, 0.5,
                0.85714287, 0.8666667, 0.90909094, 0.9677419]),
            'relu': F([12], [0, 0, 0, 0, 0, 0, 0.5, 1, 6, 6.5, 10, 30]),
        },
        'g': {
            'relu6': F([12], [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]),
            'elu': F([12], [
                0, 4.541874e-05, 0.0015034676, 0.36787945, 0.60653067, 1, 1, 1, 1, 1, 1, 1]),
            'selu': F([12], [
                0, 7.9870224e-05, 0.0026432276, 0.64676857, 1.0663412, 1.050701, 1.050701,
                1.050701, 1.050701, 1.050701, 1.050701, 1.050701]),
            'leaky': F([12], [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 1, 1, 1, 1, 1, 1]),
            'leaky01': F([12], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 1, 1, 1, 1, 1, 1]),
            'leaky2': F([12], [2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]),
            'softplus': F([12], [
                9.357624e-14, 4.539786e-05, 0.0015011822, 0.2689414, 0.37754068, 0.5,
                0.62245935, 0.73105854, 0.99752736, 0.9984988, 0.9999546, 1]),
            'softsign': F([12], [
                0.0010405828, 0.008264462, 0.017777778, 0.25, 0.44444445, 1, 0.44444445, 0.25,
                0.020408163, 0.017777778, 0.008264462, 0.0010405828]),
            'relu': F([12], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]),
        },
    },
    'activations_second_order': {
        'elu': F([4], [0.13533527, 0.60653067, 0, 0]),
        'selu': F([4], [0.2379328, 1.0663412, 0, 0]),
        'softplus': F([4], [0.10499358, 0.23500371, 0.23500371, 0.104993574]),
    },
    'topk': {
        'v': F([2, 3], [3, 3, 3, 5, 5, 4]),
        'i': I([2, 3], [1, 2, 4, 0, 2, 4]),
        'v1': F([2, 1], [3, 5]),
        'i1': I([2, 1], [1, 0]),
        'vi': I([4], [9, 7, 7, 7]),
        'ii': I([4], [4, 1, 2, 5]),
        'g': F([2, 5], [0, 1, 2, 0, 3, 4, 0, 5, 0, 6]),
        'itk': {
            1: B([4], [1, 0, 0, 1]),
            2: B([4], [1, 1, 0, 1]),
            3: B([4], [1, 1, 0, 1]),
        },
        'nf': B([3], [0, 0, 1]),
        'shapes': [[2, 3], [2, 3], [2, 1]],
        'dtypes': ['int32', 'int32', 'bool'],
    },
    'bn_more': {
        'nchw_fused': {
            'y': F([2, 3, 2, 2], [
                0.43247995, 0.85595477, 1.1700723, 1.3323184, 1.2834268, 0.86269283, 0.10468085,
                -0.88801616, -0.33876497, -0.8066071, -1.1898237, -1.4365482, -1.25267,
                -1.1516628, -0.88829106, -0.49820098, -1.8173077, -0.7299724, 0.23564418,
                0.94885135, 1.1354285, 1.1202247, 0.9288588, 0.58723146]),
            'g': F([2, 3, 2, 2], [
                0.073943086, 0.037592273, -0.01828246, -0.08611868, -0.00011744814, -0.19200802,
                -0.38532653, -0.55390817, -0.07943047, -0.043501794, 0.013375994, 0.08350483,
                -0.09098367, -0.02265195, 0.034309585, 0.0721915, 0.2175738, 0.30758834,
                0.328557, 0.27764142, 0.101269506, 0.02933162, -0.03151484, -0.07303462]),
            'vars': [
                F([3], [1, 1, 1]),
                F([3], [0, 0, 0]),
                F([3], [0.009262659, 0.020943481, 0.012721851]),
                F([3], [1.0169913, 0.9951445, 1.0157332])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[3], [3], [3], [3]],
        },
        'nchw_nonfused': {
            'y': F([2, 3, 2, 2], [
                0.43247998, 0.85595477, 1.1700723, 1.3323185, 1.2834265, 0.86269283, 0.10468078,
                -0.8880162, -0.33876497, -0.8066071, -1.1898237, -1.4365482, -1.2526703,
                -1.151663, -0.8882912, -0.49820107, -1.8173078, -0.72997236, 0.2356441,
                0.94885135, 1.1354287, 1.1202247, 0.9288588, 0.58723146]),
            'g': F([2, 3, 2, 2], [
                0.073943116, 0.037592344, -0.018282421, -0.086118706, -0.000117480755,
                -0.19200802, -0.38532656, -0.5539082, -0.07943048, -0.043501787, 0.013375975,
                0.08350477, -0.09098364, -0.022651918, 0.03430962, 0.07219156, 0.21757376,
                0.30758822, 0.328557, 0.27764142, 0.10126958, 0.029331662, -0.031514786,
                -0.07303459]),
            'vars': [
                F([3], [1, 1, 1]),
                F([3], [0, 0, 0]),
                F([3], [0.009262668, 0.0209435, 0.012721863]),
                F([3], [1.0136174, 0.9945015, 1.0125166])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[3], [3], [3], [3]],
        },
        'r3_last': {
            'y': F([2, 3, 4], [
                0.39262316, 0.7580926, 1.0246133, 1.1613272, 1.025026, 0.6823006, 0.2544701,
                -0.2101876, -0.7515603, -1.248907, -1.5838585, -1.7174377, -1.706135,
                -1.5233266, -1.1470838, -0.6192526, -0.10265447, 0.35811692, 0.77045095,
                1.087146, 1.1427007, 0.9737236, 0.68140817, 0.29840478]),
            'g': F([2, 3, 4], [
                0.054412887, 0.043602377, 0.02807784, 0.0088454485, -0.038190544, -0.052837938,
                -0.061285585, -0.062831566, -0.07604915, -0.057472736, -0.032758594,
                -0.003532648, 0.009688854, 0.038127154, 0.06177801, 0.07889773, 0.06309548,
                0.060098305, 0.050394595, 0.03454709, -0.012957573, -0.031517267, -0.046206325,
                -0.055926055]),
            'vars': [
                F([4], [1, 1, 1, 1]),
                F([4], [0, 0, 0, 0]),
                F([4], [0.004149768, 0.0047130403, 0.004638424, 0.0039360197]),
                F([4], [1.0091786, 1.0094434, 1.0094064, 1.0090871])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[4], [4], [4], [4]],
        },
        'r3_axis1': {
            'y': F([2, 3, 4], [
                0.53085595, 0.90361917, 1.1410322, 1.2109623, 1.1417804, 0.49557352,
                -0.45275402, -1.5748509, -0.44165945, -0.860587, -1.1677336, -1.321528,
                -1.3710562, -1.1780353, -0.8386225, -0.39875567, -1.3087358, -0.21373999,
                0.6751373, 1.2375906, 1.2639261, 1.1544199, 0.8839729, 0.48918918]),
            'g': F([2, 3, 4], [
                0.02450952, 0.011454225, -0.008080214, -0.031449884, -0.06897056, -0.11085123,
                -0.13509697, -0.13842624, -0.024930693, -0.012665279, 0.0061829314, 0.02906283,
                -0.029017955, -0.005896002, 0.01309517, 0.025385082, 0.17071253, 0.14255935,
                0.09774321, 0.04232961, 0.03066548, 0.007622324, -0.011583872, -0.024353676]),
            'vars': [
                F([3], [1, 1, 1]),
                F([3], [0, 0, 0]),
                F([3], [0.0014738335, 0.011070397, 0.0005337087]),
                F([3], [1.0133562, 0.99405354, 1.0136589])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[3], [3], [3], [3]],
        },
        'multi_axis': {
            'y': F([2, 3, 4], [
                0.9997635, 0.99980265, 0.9997816, 0.9996698, 0.9991813, 0.99035835, -0.99615335,
                -0.9993782, -0.9997096, -0.99979204, -0.9997994, -0.99974227, -0.9997635,
                -0.99980265, -0.9997817, -0.9996698, -0.9991814, -0.9903588, 0.99615335,
                0.9993783, 0.9997097, 0.999792, 0.99979943, 0.9997423]),
            'g': F([2, 3, 4], [
                0.00024580956, 0.00019735657, 0.00020997226, 0.00030130148, 0.0006684661,
                0.0028381348, -0.0054535866, -0.00070917606, -0.00030867755, -0.00021180883,
                -0.00019676238, -0.00024202466, -0.00024583936, -0.00019734539, -0.00020994246,
                -0.00030127168, -0.0006684661, -0.0028381348, 0.005453944, 0.00070917606,
                0.00030873716, 0.00021180138, 0.00019677728, 0.00024193525]),
            'vars': [
                F([1, 3, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
                F([1, 3, 4], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                F([1, 3, 4], [
                    -0.0049478267, -0.00062353193, 0.003785154, 0.0076815384, 0.010538262,
                    0.011968682, 0.011779196, 0.009995451, 0.0068588695, 0.0027939724,
                    -0.0016490769, -0.005868931]),
                F([1, 3, 4], [
                    1.0111306, 1.0153131, 1.0128933, 1.0051366, 0.99610037, 0.9905111,
                    0.99129236, 0.99803543, 1.0072134, 1.0140254, 1.0149086, 1.0094007])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[1, 3, 4], [1, 3, 4], [1, 3, 4], [1, 3, 4]],
        },
        'no_center_scale': {
            'y': F([2, 3, 2, 2], [
                0.12460869, 0.5742878, 0.9416919, 1.1010845, 1.1085902, 0.8849618, 0.5380055,
                0.038965642, -0.47161078, -0.99439484, -1.3921657, -1.6746072, -1.7421511,
                -1.6458776, -1.3385026, -0.9232333, -0.39235398, 0.11533722, 0.6013997,
                0.9265963, 1.1229628, 1.0862042, 0.89952505, 0.5106764]),
            'g': F([2, 3, 2, 2], [
                0.1874448, 0.16816482, 0.0908241, 0.035752356, -0.06141735, -0.11474163,
                -0.1896478, -0.2045992, -0.22679456, -0.18681933, -0.15342754, -0.07070187,
                -0.0079224305, 0.083016336, 0.13361257, 0.19393104, 0.19714572, 0.20402685,
                0.14944525, 0.10802307, 0.015461351, -0.043864287, -0.1347238, -0.17218865]),
            'vars': [
                F([2], [0.014181346, 0.014437313]),
                F([2], [1.0109932, 1.0110655])
            ],
            'glob': ['batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0'],
            'train': [],
            'nups': 2,
            'shapes': [[2], [2]],
        },
        'n1': {
            'y': F([1, 1, 1, 3], [0, 0, 0]),
            'g': F([1, 1, 1, 3], [0, 0, 0]),
            'vars': [
                F([3], [1, 1, 1]),
                F([3], [0, 0, 0]),
                F([3], [0.0019866915, 0.005396315, 0.0080755735]),
                F([3], [0.99, 0.99, 0.99])
            ],
            'glob': [
                'batch_normalization/gamma:0',
                'batch_normalization/beta:0',
                'batch_normalization/moving_mean:0',
                'batch_normalization/moving_variance:0',
            ],
            'train': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
            'nups': 2,
            'shapes': [[3], [3], [3], [3]],
        },
    },
    'bn_class_api': {
        'n_updates': 4,
        'n_coll': 4,
        'tw': ['batch_normalization/gamma:0', 'batch_normalization/beta:0'],
        'ntw': ['batch_normalization/moving_mean:0', 'batch_normalization/moving_variance:0'],
        'vs': [
            'batch_normalization/gamma:0',
            'batch_normalization/beta:0',
            'batch_normalization/moving_mean:0',
            'batch_normalization/moving_variance:0',
        ],
        'glob': [
            'batch_normalization/gamma:0',
            'batch_normalization/beta:0',
            'batch_normalization/moving_mean:0',
            'batch_normalization/moving_variance:0',
        ],
        'after1': [
            F([3], [0.6706481, -0.7859651, 0.47845304]),
            F([3], [1.5858634, 1.6005696, 1.6061912])
        ],
        'after': [
            F([3], [1.6766202, -1.9649128, 1.1961327]),
            F([3], [5.136385, 5.2025633, 5.2278605])
        ],
        'y2': F([2, 2, 2, 3], [
            -0.102734916, 0.34419283, 0.74195486, 1.1097829, 1.132541, 1.0068855, 0.81472117,
            0.32043424, -0.21122245, -0.6602017, -1.1901392, -1.5594447, -1.676823, -1.72142,
            -1.5403416, -1.1060048, -0.6833271, -0.17513078, 0.41825828, 0.77115387, 1.0198797,
            1.2030025, 1.0265642, 0.7174192]),
    },
    'fused_batch_norm_nn': {
        'y': F([2, 2, 2, 3], [
            -0.054071955, 0.37206292, -1.0418112, 1.764346, 0.7661602, -1.3066907, 1.3218406,
            0.36018592, -0.08881846, -0.89010715, -0.39495373, 1.2591426, -2.4147384,
            -0.6605424, 1.2400434, -1.5586798, -0.14159702, -0.12490314, 0.7272636, 0.58550185,
            -1.3196821, 1.9041476, 0.71318215, -1.0172803]),
        'm': F([3], [1.3412962, -1.5719302, 0.9569061]),
        'v': F([3], [2.1717267, 2.2011392, 2.2123823]),
        'yi': F([2, 2, 2, 3], [
            0.84192336, 0.13343766, -2.2882924, 2.6144428, 0.90634084, -2.6567414, 2.1831067,
            0.110144556, -0.96267307, 0.026990302, -1.3708345, 0.91235, -1.4591578, -1.8917067,
            0.8857828, -0.62470704, -0.8739516, -1.0128671, 1.6035374, 0.5520339, -2.6748128,
            2.7507157, 0.80244046, -2.2541697]),
        'mi': F([3], [0.5, -1, 0]),
        'vi': F([3], [2, 0.5, 1]),
        'g': F([2, 2, 2, 3], [
            0.44044942, 0.13963178, -0.23118718, 0.09688047, -0.017120045, 0.126176,
            -0.44030786, -0.16966352, 0.34242442, -0.57447296, -0.14857209, 0.17737596,
            -0.15660076, 0.022728428, -0.18565382, 0.34918785, 0.15397853, -0.34345618,
            0.38112497, 0.099401735, -0.12076362, -0.09626124, -0.08038477, 0.23508434]),
        'gi': F([2, 2, 2, 3], [
            0.59874415, 0.5826999, -0.97299814, 1.0501378, 0.61678183, -0.63744605, 0.33516756,
            -0.034181632, 0.40610272, -0.7520655, -0.6471803, 0.99860257, -1.0039967,
            -0.5413707, 0.48197755, -0.14081189, 0.16572686, -0.5699688, 0.87876946, 0.68875545,
            -0.98886395, 0.9223218, 0.44679922, -0.3094507]),
    },
    'dense_more': {
        'a': F([2, 2, 4], [
            0.3571974, -0.036401156, -0.42507297, -0.75621337, 0.9142208, 0.6703635, 0.33577564,
            -0.044258036, 0.4558402, 0.6325708, 0.723686, 0.7168536, -0.5088317, -0.10780357,
            0.30781502, 0.68177253]),
        'b': D([2, 4], [
            0.0005840702157513533, -0.3320153760196316, -0.6196780553458296,
            -0.8234703175568754, 0.8206099525864943, 0.47202285804986843, 0.05954975844723265,
            -0.3609832806751143]),
        'reg': F([], [0.67638326]),
        'regs': [F([], [0.67638326])],
        'ashape': [None, None, 4],
        'bdtype': ['float64', 'float64'],
        'glob': [
            'dense/kernel:0',
            'dense/bias:0',
            'dense_1/kernel:0',
            'dense_1/bias:0',
            'dense_2/kernel:0',
        ],
        'train': ['dense/kernel:0', 'dense/bias:0', 'dense_2/kernel:0'],
        'cname': 'dense_2/Relu:0',
    },
    'conv_more': {
        'shapes': [
            [None, 7, 6, 4],
            [None, 3, 3, 4],
            [None, 2, 1, 4],
            [None, 1, 2, 4],
            [None, 3, 2, 3],
            [None, 3, 1, 3],
        ],
        'glob': [
            'conv2d/kernel:0',
            'conv2d_1/kernel:0',
            'conv2d_1/bias:0',
            'conv2d_2/kernel:0',
            'conv2d_2/bias:0',
            'conv2d_3/kernel:0',
            'conv2d_3/bias:0',
        ],
        'aname': 'conv2d/Relu:0',
        'kshapes': [[3, 3, 3, 4], [3, 2, 3, 4], [4], [4, 4, 3, 4], [4], [3, 3, 3, 4], [4]],
        'within_glorot': [True, True, True, True],
        'bias_zero': [True, True, True],
    },
    'nn_more': {
        'm': F([2, 3], [1.4961698, 1.1899619, -1.2803782, -1.4221498, 1.022481, 1.6075698]),
        'v': F([2, 3], [0.21965012, 0.36785954, 0.3276123, 0.25857377, 0.4346277, 0.15734796]),
        'm2': F([1, 3, 1], [0.037009977, 1.1062214, 0.1635958]),
        'v2': F([1, 3, 1], [2.3682592, 0.4082561, 2.327541]),
        'l': F([2, 3, 4], [
            0.24837625, 0.44400442, 0.57953864, 0.63663507, 0.71321136, 0.58255774, 0.37305766,
            0.11306601, -0.15449305, -0.39575082, -0.5834456, -0.6921737, -0.656725, -0.5818118,
            -0.4281531, -0.21654588, 0.030253684, 0.32524142, 0.57620925, 0.74918985,
            0.60306287, 0.57403564, 0.46731532, 0.2973461]),
        'l2': F([2, 3, 4], [
            0.15628047, 0.2793714, 0.3646507, 0.4005763, 0.3822857, 0.31225455, 0.19996122,
            0.06060408, -0.086955555, -0.22274615, -0.3283891, -0.38958612, -0.38895893,
            -0.34459007, -0.2535825, -0.12825377, 0.014433533, 0.15516731, 0.27489993,
            0.3574261, 0.39157638, 0.37272862, 0.30343375, 0.19307058]),
        'b': F([2, 3, 4], [
            1.7788367, 2.3922706, 2.817267, 2.996305, 3.9051523, 3.5561464, 2.9965234,
            2.3020253, 2.56665, 1.8899262, 1.3634458, 1.0584654, -0.98373747, -0.7574508,
            -0.29330134, 0.34589034, 2.0736127, 2.791372, 3.4020228, 3.8229163, 4.9970865,
            4.900961, 4.547549, 3.9846833]),
        'b2': F([2, 2], [1.5, 1.5, 3.5, 3.5]),
        'ct': F([2, 6, 6, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, -0.31584993,
            -0.35551932, -0.93337625, -0.8621553, -1.3028716, -0.9178298, 0.5252203, 0.54714715,
            0.1585238, 0.5569671, 0.23807424, 0.27545822, -0.38897505, -0.4934216, -0.16060047,
            0.1890771, 0.7536863, 0.7726766, -0.92262673, -0.15013272, 0.04711765, -0.4971947,
            -0.12350699, -0.58419263, 0.7861614, 0.9521177, 1.127559, 0.63354135, 0.391586,
            -0.01641699, 0.6266652, 0.30809733, 0.7443321, 0.474045, 0.5103234, 0.39203733,
            -0.5615763, -0.65778816, -1.2027363, -0.95509475, -1.2271547, -0.75282675,
            0.20885375, 0.59220684, 0.21343708, 0.44376042, 0.23080456, 0.0631994, -0.10715697,
            -0.156783, 0.32667488, 0.5212681, 1.0921724, 0.9266632, -0.8428579, -0.35041884,
            -0.04257375, -0.580746, -0.19032556, -0.50730646, 0.6911403, 0.8473552, 0.8077522,
            0.32482713, -0.0933958, -0.36760595]),
        'g': F([2, 3, 4], [
            0.15628049, 0.27937147, 0.36465073, 0.40057635, 0.38228577, 0.31225458, 0.19996125,
            0.06060409, -0.08695557, -0.2227462, -0.32838917, -0.38958618, -0.38895887,
            -0.34459, -0.25358248, -0.12825376, 0.014433531, 0.15516728, 0.2748999, 0.35742605,
            0.39157632, 0.37272856, 0.3034337, 0.19307055]),
        'shapes': [[2, 3], [1, 3, 1]],
    },
    'topk_more': {
        'b': B([2], [1, 1]),
        'c': B([2], [0, 0]),
        'v': F([5], [inf, 3, 2, 1, -inf]),
        'i': I([5], [4, 2, 1, 0, 3]),
        'k0v': F([2, 0], []),
        'k0i': I([2, 0], []),
        'a': B([2], [0, 0]),
        'tv': F([2, 2], [0.6, 0.3, 0.5, 0.3]),
        'tvshape': [2, None],
    },
    'op_names': {
        'relu6': 'Relu6:0',
        'elu': 'Elu:0',
        'selu': 'Selu:0',
        'leaky': 'LeakyRelu:0',
        'softplus': 'Softplus:0',
        'softsign': 'Softsign:0',
        'bias_add': 'BiasAdd:0',
        'l2n': 'l2_normalize:0',
        'topk': 'TopKV2:1',
        'in_top_k': 'in_top_k/InTopKV2:0',
        'mean': 'moments/Squeeze:0',
        'var': 'moments_1/Squeeze_1:0',
        'ct': 'conv2d_transpose:0',
        'fbn': 'FusedBatchNormV3:0',
        'maxp': 'max_pooling2d/MaxPool:0',
        'avgp': 'average_pooling2d/AvgPool:0',
        'conv': 'conv2d/Relu:0',
        'conv_nob': 'conv2d_1/Conv2D:0',
        'dense': 'dense/BiasAdd:0',
        'dense_act': 'dense_1/Tanh:0',
        'flat': 'flatten/Reshape:0',
        'drop': 'dropout/Identity:0',
        'bnl4': 'batch_normalization_2/FusedBatchNormV3:0',
        'updates': [
            'batch_normalization/AssignMovingAvg',
            'batch_normalization/AssignMovingAvg_1',
            'batch_normalization_2/AssignMovingAvg',
            'batch_normalization_2/AssignMovingAvg_1',
        ],
    },
    'conv_transpose_dynamic_shape': {
        'ct': F([2, 6, 6, 1], [
            0.33539546, 0.15195249, 0.7135802, 0.41788355, 0.67505145, 0.46523526, -0.31584993,
            -0.35551932, -0.93337625, -0.8621553, -1.3028716, -0.9178298, 0.5252203, 0.54714715,
            0.1585238, 0.5569671, 0.23807424, 0.27545822, -0.38897505, -0.4934216, -0.16060047,
            0.1890771, 0.7536863, 0.7726766, -0.92262673, -0.15013272, 0.04711765, -0.4971947,
            -0.12350699, -0.58419263, 0.7861614, 0.9521177, 1.127559, 0.63354135, 0.391586,
            -0.01641699, 0.6266652, 0.30809733, 0.7443321, 0.474045, 0.5103234, 0.39203733,
            -0.5615763, -0.65778816, -1.2027363, -0.95509475, -1.2271547, -0.75282675,
            0.20885375, 0.59220684, 0.21343708, 0.44376042, 0.23080456, 0.0631994, -0.10715697,
            -0.156783, 0.32667488, 0.5212681, 1.0921724, 0.9266632, -0.8428579, -0.35041884,
            -0.04257375, -0.580746, -0.19032556, -0.50730646, 0.6911403, 0.8473552, 0.8077522,
            0.32482713, -0.0933958, -0.36760595]),
        'shapes': [None, 6, 6, 1],
    },
    'misc': {
        'dup': 'ValueError',
        'reuse_missing': 'ValueError',
        'fused2d': 'ok',
        'bn_bad_axis': 'ValueError',
        'dense_1d': 'ValueError',
        'flat1': [3, 1],
        'regnames': [
            'dense_1/kernel/Regularizer/mul:0', 'batch_normalization_2/gamma/Regularizer/Sum:0'],
        'reg_bn': ['batch_normalization_2/gamma/Regularizer/Sum:0'],
        'f1': F([3, 1], [1, 2, 3]),
        'mp': F([1, 2, 2, 1], [0.88736236, 0.99404323, 0.99327743, 0.81155854]),
        'ap': F([1, 2, 2, 1], [0.5715612, 0.39077675, 0.322614, 0.58758813]),
        'ap1': F([1, 2, 2, 1], [0.09436863, -0.002629439, -0.02320883, 0.07790802]),
        'gap': F([1, 5, 5, 1], [
            0.07157974, 0.07157974, 0.16904646, 0.09746672, 0.09746672, 0.07157974, 0.07157974,
            0.16904646, 0.09746672, 0.09746672, 0.18174177, 0.18174177, 0.38715595, 0.20541418,
            0.20541418, 0.11016204, 0.11016204, 0.21810949, 0.10794745, 0.10794745, 0.11016204,
            0.11016204, 0.21810949, 0.10794745, 0.10794745]),
        'regv': F([], [3]),
        'd_bcast': True,
        'd_vals': [0.0, 2.0],
        'd2_bcast': True,
        'shapes': [[1, 2, 2, 1], [1, 2, 2, 1], [3, 2, 5]],
        'lz_g': F([3, 2], [1000000, 2000000, 0.48000002, -0.36, 500000, 500000]),
    },
    'act_extremes': {
        'sp': F([16], [
            0, 0, 2.0611537e-09, 4.1399378e-08, 1.2437066e-07, 3.0590232e-07, 0.6926473,
            0.6936473, 14, 15, 15.9, 16, 17, 20, 88, 100]),
        'sp64': D([16], [
            3.7200759760208356e-44, 6.054601895401186e-39, 2.061153620314381e-09,
            4.139937633089747e-08, 1.2437064206988712e-07, 3.0590227371372044e-07,
            0.6926473055362032, 0.6936473055837007, 14.000000831528373, 15.000000305902272,
            15.899999742900915, 16.00000011253517, 17.000000041399378, 20.000000002061153, 88,
            100]),
        'elu': F([16], [
            -1, -1, -1, -0.99999994, -0.9999999, -0.9999997, -0.0009995103, 0.001, 14, 15, 15.9,
            16, 17, 20, 88, 100]),
        'selu64': D([16], [
            -1.7580993408473768, -1.7580993408473768, -1.7580993372236642, -1.758099268063159,
            -1.7580991221914195, -1.7580988030407088, -0.0017572206675421083,
            0.0010507010372610994, 14.709813822976727, 15.760514810332207, 16.70614529814152,
            16.811215797687687, 17.861916785043167, 21.014019747109607, 92.46168688728228,
            105.07009873554804]),
        'ss': F([16], [
            -0.990099, -0.98876405, -0.95238096, -0.9444444, -0.9408284, -0.9375, -0.000999001,
            0.000999001, 0.93333334, 0.9375, 0.9408284, 0.9411765, 0.9444444, 0.95238096,
            0.98876405, 0.990099]),
        'r6_64': D([16], [0, 0, 0, 0, 0, 0, 0, 0.0010000000474974513, 6, 6, 6, 6, 6, 6, 6, 6]),
        'lr64': D([16], [
            -20.000000298023224, -17.600000262260437, -4.000000059604645, -3.400000050663948,
            -3.179999971091746, -3.0000000447034836, -0.00020000001247972264,
            0.0010000000474974513, 14, 15, 15.899999618530273, 16, 17, 20, 88, 100]),
        'gsp': F([16], [
            0, 0, 2.0611541e-09, 4.139937e-08, 1.2437066e-07, 3.059022e-07, 0.49975, 0.50025,
            0.99999917, 0.9999997, 0.9999999, 0.9999999, 1, 1, 1, 1]),
        'gsp64': D([16], [
            3.7200759760208356e-44, 6.054601895401186e-39, 2.0611536181902033e-09,
            4.13993754739433e-08, 1.2437063433585912e-07, 3.059022269256247e-07,
            0.49975000000895897, 0.5002499999910409, 0.9999991684719723, 0.9999996940977731,
            0.9999998756293657, 0.9999998874648379, 0.9999999586006245, 0.9999999979388464, 1, 1]),
        'gss': F([16], [
            9.80296e-05, 0.00012624668, 0.0022675737, 0.0030864198, 0.003501278, 0.00390625,
            0.99800295, 0.99800295, 0.0044444446, 0.00390625, 0.003501278, 0.0034602077,
            0.0030864198, 0.0022675737, 0.00012624668, 9.80296e-05]),
        'gelu': F([16], [
            0, 0, 0, 5.9604645e-08, 1.1920929e-07, 2.9802322e-07, 0.9990005, 1, 1, 1, 1, 1, 1,
            1, 1, 1]),
        'dtypes': ['float64', 'float64'],
    },
    'errors_more': {
        'topk_big': 'ValueError',
        'topk_neg': 'ValueError',
        'pool_big': 'ValueError',
        'conv_big': 'ValueError',
        'moments_both': 'ValueError',
        'bias_bad': 'ValueError',
        'l2_both': 'ValueError',
        'dropout_int': 'ValueError',
    },
    'bn_nonfused_names': {
        'bnl': 'batch_normalization/batchnorm/add_1:0',
        'bnl_inf': 'batch_normalization_1/batchnorm/add_1:0',
        'nn_bn': 'batchnorm/add_1:0',
    },
}
