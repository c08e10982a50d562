"""TF 2's argument orders at the top level (tensorweave), TF 1's in compat.v1."""

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf


def test_dropout_second_argument_is_the_rate():
    kept = tw.nn.dropout(tw.ones([2000]), 0.2, seed=3).numpy()
    assert set(np.unique(kept)) <= {0.0, 1.25} and 0.1 < (kept == 0).mean() < 0.3
    g = tf.Graph()
    with g.as_default():  # TF 1: the second argument is keep_prob
        out = tf.nn.dropout(tf.ones([10]), 0.2, seed=3)
    assert set(np.unique(tf.Session(graph=g).run(out))) <= {0.0, 5.0}


def test_positional_arguments_land_where_tf2_puts_them():
    assert tw.shape(tw.ones((2, 3)), tw.int64).dtype == tw.int64
    assert tw.size(tw.ones((2, 3)), tw.int64).dtype == tw.int64
    assert tw.argmax(tw.constant([[1, 3], [4, 2]]), 0, tw.int32).dtype == tw.int32
    assert tw.pad(tw.constant([1]), [[1, 1]], "CONSTANT", 7).numpy().tolist() == [7, 1, 7]
    assert tw.gather(tw.constant([[1, 2], [3, 4]]), [1], None, 1).numpy().tolist() == [[2], [4]]
    assert tw.math.in_top_k([1], [[0.1, 0.9]], 1).numpy().tolist() == [True]
    values, indices = tw.nn.top_k(tw.constant([1.0, 3.0, 2.0]), 2, True, tw.int64)
    assert indices.dtype == tw.int64 and indices.numpy().tolist() == [1, 2]
    assert int(tw.math.count_nonzero(input=tw.constant([0, 1, 2]))) == 2


def test_nn_functions_take_positional_labels_and_logits():
    np.testing.assert_allclose(
        tw.nn.sigmoid_cross_entropy_with_logits([1.0], [0.0]).numpy(), [np.log(2.0)],
        rtol=1e-6)
    want = -np.log(np.exp(2.0) / (np.exp(1.0) + np.exp(2.0)))
    np.testing.assert_allclose(
        tw.nn.softmax_cross_entropy_with_logits([[0.0, 1.0]], [[1.0, 2.0]]).numpy(), [want],
        rtol=1e-6)
    np.testing.assert_allclose(
        tw.nn.sparse_softmax_cross_entropy_with_logits([1], [[1.0, 2.0]]).numpy(), [want],
        rtol=1e-6)
    assert tw.nn.max_pool(tw.ones((1, 4, 4, 1)), 2, 2, "VALID").shape.as_list() == [1, 2, 2, 1]
    out = tw.nn.conv2d(tw.ones((1, 3, 3, 1)), tw.ones((2, 2, 1, 1)), 1, "VALID")
    assert out.numpy().ravel().tolist() == [4.0] * 4


def test_tf2_additions():
    np.testing.assert_allclose(tw.nn.gelu(tw.constant([-1.0, 0.0, 1.0])).numpy(),
                               [-0.15865526, 0.0, 0.8413447], rtol=1e-6)  # TF 2.21's values
    np.testing.assert_allclose(tw.nn.gelu(tw.constant([1.0]), approximate=True).numpy(),
                               [0.841192], rtol=1e-6)
    assert tw.math.reduce_euclidean_norm(tw.constant([[3.0, 4.0]]), axis=1).numpy() == [5.0]
    assert tw.ensure_shape(tw.ones((2, 3)), [None, 3]).shape.as_list() == [2, 3]
    with pytest.raises(tw.errors.InvalidArgumentError, match="not compatible"):
        tw.ensure_shape(tw.ones((2, 3)), [None, 4])
    tw.nest.assert_same_structure([1, (2, 3)], [4, (5, 6)])
    with pytest.raises(TypeError, match="same sequence type"):
        tw.nest.map_structure(lambda a, b: a + b, [1, (2, 3)], [10, [20, 30]])
    spec = tw.TensorSpec.from_tensor(tw.ones((2,)))
    assert spec.shape.as_list() == [2] and spec.dtype == tw.float32
    assert tw.TensorSpec([None], tw.float32).is_compatible_with(tw.ones((3,)))
    assert tw.get_logger().name == "tensorflow"
