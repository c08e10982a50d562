"""``tf.random.categorical``/``tf.multinomial``, ``tf.image.random_flip_*`` and
``tf.random_crop``: static shapes, dtypes and names as TensorFlow 2.21 gives them, seeding
(graph and op seeds, as the other random ops), and the distributions of the draws."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


def test_categorical_shapes_dtypes_and_names():
    with tf.Graph().as_default():
        c = tf.random.categorical(tf.placeholder(tf.float32, (None, 5)), 7)
        assert (c.name, c.shape.as_list(), c.dtype) == ("categorical/Multinomial:0",
                                                         [None, 7], tf.int64)
        assert c.op.type == "Multinomial"
        m = tf.multinomial(tf.placeholder(tf.float32, (3, 5)), 4, output_dtype=tf.int32)
        assert (m.name, m.shape.as_list(), m.dtype) == ("multinomial/Multinomial:0",
                                                        [3, 4], tf.int32)
        d = tf.random.categorical([[0.0, 1.0]], tf.placeholder(tf.int32, ()), dtype=tf.int32)
        assert d.shape.as_list() == [1, None]
        with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
            tf.random.categorical([0.0, 1.0], 3)


def test_categorical_frequencies_follow_softmax():
    probs = np.array([[0.1, 0.3, 0.6], [0.0, 1.0, 0.0], [0.25, 0.25, 0.5]])
    with tf.Graph().as_default():
        with np.errstate(divide="ignore"):
            logits = tf.constant(np.log(probs), tf.float32)
        c = tf.random.categorical(logits, 20000, seed=7)
        with tf.Session() as sess:
            v = sess.run(c)
    assert v.shape == (3, 20000) and v.dtype == np.int64
    freq = np.stack([np.bincount(row, minlength=3) / 20000 for row in v])
    np.testing.assert_allclose(freq, probs, atol=0.015)
    assert (v[1] == 1).all()  # -inf logits are never drawn


def test_categorical_seeding():
    def draws(graph_seed, op_seed, runs=2):
        with tf.Graph().as_default():
            if graph_seed is not None:
                tf.set_random_seed(graph_seed)
            c = tf.multinomial([[0.0, 0.5, 1.0, 1.5]], 50, seed=op_seed)
            with tf.Session() as sess:
                return [sess.run(c) for _ in range(runs)]

    a, b = draws(1, None), draws(1, None)
    np.testing.assert_array_equal(a[0], b[0])        # a new session repeats the sequence
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])            # repeated runs draw new numbers
    np.testing.assert_array_equal(draws(None, 3)[0], draws(None, 3)[0])
    assert not np.array_equal(draws(None, 3)[0], draws(None, 4)[0])


def test_random_flip_left_right_flips_about_half_the_time():
    img = np.arange(12.0).reshape(1, 3, 4, 1)
    with tf.Graph().as_default():
        f3 = tf.image.random_flip_left_right(tf.constant(img[0]), seed=5)
        f4 = tf.image.random_flip_up_down(tf.constant(np.repeat(img, 200, 0)), seed=5)
        assert f3.shape.as_list() == [3, 4, 1] and f4.shape.as_list() == [200, 3, 4, 1]
        assert f3.name.startswith("random_flip_left_right/")
        with tf.Session() as sess:
            runs = [sess.run(f3) for _ in range(200)]
            batch = sess.run(f4)
    flipped = [np.array_equal(r, img[0, :, ::-1]) for r in runs]
    assert all(f or np.array_equal(r, img[0]) for f, r in zip(flipped, runs))
    assert 60 < sum(flipped) < 140
    ud = [np.array_equal(b, img[0, ::-1]) for b in batch]  # a coin per image
    assert all(u or np.array_equal(b, img[0]) for u, b in zip(ud, batch))
    assert 60 < sum(ud) < 140


def test_random_flip_gradient_follows_the_flip():
    with tf.Graph().as_default():
        x = tf.constant(np.arange(6.0).reshape(1, 2, 3, 1))
        y = tf.image.random_flip_left_right(x, seed=1)
        g = tf.gradients(tf.reduce_sum(y * tf.constant(np.arange(6.0).reshape(1, 2, 3, 1))),
                         x)[0]
        with tf.Session() as sess:
            yv, gv = sess.run([y, g])
    w = np.arange(6.0).reshape(1, 2, 3, 1)
    flipped = np.array_equal(yv, w[:, :, ::-1])
    np.testing.assert_array_equal(gv, w[:, :, ::-1] if flipped else w)


def test_random_crop_offsets_and_errors():
    img = np.arange(20.0).reshape(4, 5, 1)
    with tf.Graph().as_default():
        tf.set_random_seed(2)
        c = tf.random_crop(tf.constant(img), [2, 3, 1])
        assert (c.name, c.shape.as_list()) == ("random_crop:0", [2, 3, 1])
        assert tf.image.random_crop is tf.random_crop
        bad = tf.random_crop(tf.constant(img), [5, 2, 1])
        with tf.Session() as sess:
            crops = [sess.run(c) for _ in range(300)]
            with pytest.raises(tf.errors.InvalidArgumentError, match="Need value.shape >= size"):
                sess.run(bad)
    offsets = set()
    for cr in crops:
        i, j = divmod(int(cr[0, 0, 0]), 5)
        np.testing.assert_array_equal(cr, img[i:i + 2, j:j + 3])
        offsets.add((i, j))
    assert offsets == {(i, j) for i in range(3) for j in range(3)}
