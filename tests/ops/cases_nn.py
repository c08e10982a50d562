"""Op-table rows for the neural-network ops beyond ``optable.py``'s basic ones: TensorFlow's
tie and validity rules of ``top_k``/``in_top_k``, the rest of ``fused_batch_norm``'s options,
and the composites of ``tf.nn`` (``elu``, ``selu``, ``relu6``, ``leaky_relu``, ``crelu``,
``moments``, ``batch_normalization``, ``l2_normalize``, ``embedding_lookup``,
``log_poisson_loss`` …), whose gradients come from their parts and are checked all the same.

References are TensorFlow's formulas written in NumPy.
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, I, case, distinct, away, positive, fixed, uniform, np_log_softmax

# -- references ----------------------------------------------------------------------------------


def np_top_k(x, k):
    """Descending values; equal values lower index first (a stable sort of -x)."""
    idx = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, idx, axis=-1), idx.astype(np.int32)


def np_in_top_k(pred, targets, k):
    out = []
    for row, t in zip(pred, targets):
        if not 0 <= t < row.size or not np.all(np.isfinite(row)):
            out.append(False)
        else:
            out.append(int(np.sum(row > row[t])) < k)
    return np.array(out)


def np_fused_bn_train(x, scale, offset, eps=0.001, axes=(0, 1, 2), shape=(1, 1, 1, -1)):
    mean = x.mean(axis=axes)
    var = x.var(axis=axes)
    n = x.size // mean.size
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape) \
        + offset.reshape(shape)
    return [y, mean, var * n / (n - 1)]


def np_fused_bn_infer(x, scale, offset, mean, var, eps=0.001):
    return [(x - mean) / np.sqrt(var + eps) * scale + offset, mean, var]


def np_elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def np_selu(x):
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))


def fbn_nchw_inference(x, s, o, m, v):
    return list(tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False, data_format="NCHW"))


# -- top_k, in_top_k ------------------------------------------------------------------------------
case("top_k_values_unknown_rows", lambda x: tf.nn.top_k(x, 2).values,
     lambda x: np_top_k(x, 2)[0], [A(3, 5, gen=distinct())], ["TopKV2", "GatherGrad"],
     none_shape=(None, 2))
case("top_k_default_k1_3d", lambda x: tf.nn.top_k(x)[0], lambda x: np_top_k(x, 1)[0],
     [A(2, 3, 4, gen=distinct())], ["TopKV2"], none_shape=(None, None, 1))
case("top_k_vector_all", lambda x: tf.nn.top_k(x, k=4).values, lambda x: np_top_k(x, 4)[0],
     [A(4, gen=distinct())], ["TopKV2"], none_shape=(4,))
case("top_k_indices", lambda x: tf.nn.top_k(x, 3).indices, lambda x: np_top_k(x, 3)[1],
     [A(3, 5, gen=distinct())], ["TopKV2"], none_shape=(None, 3))
case("top_k_ties_lower_index_first", lambda x: tf.nn.top_k(x, 4).indices,
     lambda x: np_top_k(x, 4)[1],
     [A(2, 5, gen=fixed([[1., 3., 2., 3., 3.], [0., 0., 0., 0., 0.]]))], ["TopKV2"])
case("top_k_int", lambda x: tf.nn.top_k(x, 2).values, lambda x: np_top_k(x, 2)[0],
     [A(3, 4, gen=fixed([[5, -1, 5, 2], [0, 0, 1, 1], [-3, -2, -9, 4]]), dtype=tf.int32)],
     ["TopKV2"])
case("top_k_tensor_k", lambda x, k: tf.nn.top_k(x, k).values, lambda x, k: np_top_k(x, k)[0],
     [A(2, 4, gen=distinct()), I(np.int32(3))], ["TopKV2"], exact=False)

_PRED = [[0.1, 0.5, 0.5, 0.2], [0.3, 0.3, 0.3, 0.3], [1.0, np.nan, 0.0, 0.0],
         [0.2, 0.1, 0.4, 0.3], [0.0, 1.0, 2.0, 3.0]]
for _k in (1, 2, 3):
    case(f"in_top_k_{_k}", (lambda k: lambda p, t: tf.nn.in_top_k(p, t, k))(_k),
         (lambda k: lambda p, t: np_in_top_k(p, t, k))(_k),
         [A(5, 4, gen=fixed(_PRED)), I([2, 3, 0, 1, 4])], ["InTopKV2"])
case("in_top_k_int64_targets", lambda p, t: tf.nn.in_top_k(p, t, 2),
     lambda p, t: np_in_top_k(p, t, 2), [A(5, 4, gen=fixed(_PRED)), I([1, 0, 2, 3, -1],
                                                                         tf.int64)],
     ["InTopKV2"])

# -- fused batch norm ----------------------------------------------------------------------------
case("fused_batch_norm_train_tiny_epsilon_floor",
     lambda x, s, o: list(tf.nn.fused_batch_norm(x, s, o, epsilon=1e-8)),
     lambda x, s, o: np_fused_bn_train(x, s, o, eps=1e-8),  # TF 2 keeps a tiny epsilon
     [A(4, 1, 2, 2), A(2, gen=positive()), A(2)], ["FusedBatchNormV3"], grad_rtol=1e-5,
     grad_outputs=(0,))  # TF's gradient passes back only the gradient of y
case("fused_batch_norm_inference_nchw",
     lambda x, s, o, m, v: fbn_nchw_inference(x, s, o, m, v),
     lambda x, s, o, m, v: [np.transpose(np_fused_bn_infer(np.transpose(x, (0, 2, 3, 1)), s, o,
                                                           m, v)[0], (0, 3, 1, 2)), m, v],
     [A(2, 3, 2, 2), A(3), A(3), A(3), A(3, gen=positive())], ["FusedBatchNormV3"],
     grad=(0, 1, 2))  # as TF: no gradient for the population mean and variance

# -- sparse softmax cross-entropy ------------------------------------------------------------------
case("sparse_softmax_cross_entropy_3d_large_logits",
     lambda logits, labels: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                            logits=logits),
     lambda logits, labels: -np.take_along_axis(np_log_softmax(logits), labels[..., None],
                                                axis=-1)[..., 0],
     [A(2, 2, 3, gen=uniform(300.0, 305.0)), I([[0, 2], [1, 1]], tf.int64)],
     ["SparseSoftmaxCrossEntropyWithLogits"], f32=False)

# -- composites -------------------------------------------------------------------------------------
case("elu", tf.nn.elu, np_elu, [A(3, 4, gen=away())], ["SelectV2", "Expm1", "Minimum"])
case("selu", tf.nn.selu, np_selu, [A(3, 4, gen=away())], ["SelectV2", "Expm1"])
case("relu6", tf.nn.relu6, lambda x: np.clip(x, 0, 6), [A(3, 4, gen=away(0.2, 9.0))],
     ["Relu", "SelectV2", "Less"])
case("leaky_relu", tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x),
     [A(3, 4, gen=away())], ["SelectV2"])
case("leaky_relu_alpha", lambda x: tf.nn.leaky_relu(x, alpha=0.01),
     lambda x: np.where(x > 0, x, 0.01 * x), [A(2, 3, gen=away())], ["SelectV2"])
case("crelu", tf.nn.crelu, lambda x: np.maximum(np.concatenate([x, -x], -1), 0),
     [A(2, 3, gen=away())], ["ConcatV2", "Neg", "Relu"])
case("softsign", tf.nn.softsign, lambda x: x / (1 + np.abs(x)), [A(3, 4, gen=away())],
     ["RealDiv", "Abs"])
case("l2_normalize", lambda x: tf.nn.l2_normalize(x, axis=1),
     lambda x: x / np.sqrt(np.maximum(np.sum(x * x, 1, keepdims=True), 1e-12)), [A(3, 4)],
     ["Rsqrt", "Maximum", "Square"])
case("l2_normalize_dim_tiny", lambda x: tf.nn.l2_normalize(x, dim=0, epsilon=1e-3),
     lambda x: x / np.sqrt(np.maximum(np.sum(x * x, 0, keepdims=True), 1e-3)),
     [A(2, 3, gen=uniform(-0.01, 0.01))], ["Rsqrt"])
# TensorFlow's variance holds the mean constant (stop_gradient): exact first derivatives, but
# the second derivative misses the mean's dependence on x, so no Hessian check (as in TF).
case("moments", lambda x: list(tf.nn.moments(x, [0, 1])),
     lambda x: [x.mean(axis=(0, 1)), x.var(axis=(0, 1))], [A(3, 2, 4)],
     ["Mean", "SquaredDifference", "StopGradient", "Squeeze"], none_shape=(None,),
     second=False)
case("moments_keep_dims", lambda x: list(tf.nn.moments(x, [1], keep_dims=True)),
     lambda x: [x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)], [A(3, 4)],
     ["Mean"], none_shape=(None, 1), second=False)
case("batch_normalization",
     lambda x, m, v, o, s: tf.nn.batch_normalization(x, m, v, o, s, 1e-3),
     lambda x, m, v, o, s: (x - m) / np.sqrt(v + 1e-3) * s + o,
     [A(3, 4), A(4), A(4, gen=positive()), A(4), A(4)], ["Rsqrt"])
case("batch_normalization_no_offset_scale",
     lambda x, m, v: tf.nn.batch_normalization(x, m, v, None, None, 0.1),
     lambda x, m, v: (x - m) / np.sqrt(v + 0.1), [A(2, 3), A(3), A(3, gen=positive())],
     ["Rsqrt", "Neg"])
case("embedding_lookup_repeated_ids", lambda p, i: tf.nn.embedding_lookup(p, i),
     lambda p, i: p[i], [A(5, 3), I([[0, 4], [4, 4], [2, 0]])], ["GatherV2", "GatherGrad"])
case("embedding_lookup_mod_shards", lambda a, b, i: tf.nn.embedding_lookup([a, b], i),
     lambda a, b, i: np.stack([a, b], 1).reshape(-1, 2)[i],  # id n lives in shard n % 2
     [A(3, 2), A(3, 2), I([5, 0, 3, 3])], ["GatherV2", "ConcatV2", "FloorMod"])
case("embedding_lookup_div_shards",
     lambda a, b, i: tf.nn.embedding_lookup([a, b], i, partition_strategy="div"),
     lambda a, b, i: np.concatenate([a, b])[i], [A(3, 2), A(2, 2), I([4, 0, 3])],
     ["GatherV2", "ConcatV2"])
case("embedding_lookup_max_norm", lambda p, i: tf.nn.embedding_lookup(p, i, max_norm=1.0),
     lambda p, i: p[i] / np.maximum(np.linalg.norm(p[i], axis=-1, keepdims=True), 1.0),
     [A(4, 3), I([1, 3, 1])], ["GatherV2", "Sqrt", "SelectV2"],
     unknown_rank=False)  # max_norm needs the ranks of ids and params (a clear error)
case("log_poisson_loss", tf.nn.log_poisson_loss, lambda t, x: np.exp(x) - x * t,
     [A(3, 4, gen=uniform(0.0, 3.0)), A(3, 4)], ["Exp"])
case("log_poisson_loss_full",
     lambda t, x: tf.nn.log_poisson_loss(t, x, compute_full_loss=True),
     lambda t, x: np.exp(x) - x * t + np.where(
         (t >= 0) & (t <= 1), 0.0, t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t)),
     [A(2, 4, gen=uniform(0.2, 3.0)), A(2, 4)], ["Log", "SelectV2"], grad=(1,))
