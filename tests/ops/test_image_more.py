"""``tf.image`` resizing, dtype conversion, standardization, crops, pads, rotations and
adjustments, against the values TensorFlow 2.21 gives (recorded here; TF is not needed)."""

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf

IMG = (np.arange(12, dtype=np.float32).reshape(3, 4, 1) ** 1.5) / 10
U8 = np.array([[[0, 128, 255], [10, 20, 30]]], np.uint8)

# recorded from TF 2.21 (tf.image and tf.compat.v1.image, eager) on IMG and U8
TF = {'resize_bl': [[0.016667, 0.191421, 0.480153],
                      [0.351202, 0.632398, 1.003414],
                      [0.853006, 1.293864, 1.788304],
                      [1.742573, 2.27623, 2.855693],
                      [2.335618, 2.931139, 3.567286]],
        'resize_nn': [[0.0, 0.282843, 0.519615],
                      [0.0, 0.282843, 0.519615],
                      [0.8, 1.469694, 1.852026],
                      [2.262742, 3.162278, 3.648287],
                      [2.262742, 3.162278, 3.648287]],
        'std': [[-1.261299, -1.176816, -1.022345, -0.822312],
                [-0.585434, -0.316749, -0.019656, 0.30335],
                [0.650336, 1.019745, 1.410292, 1.820888]],
        'u8_f': [[[0.0, 0.501961, 1.0], [0.039216, 0.078431, 0.117647]]],
        'f_u8': [[[0, 127, 255, 255]]],
        'gray': [[[104], [18]]],
        'contrast': [[[2, 101, 199], [7, 47, 86]]],
        'v1_bl': [[0.0, 0.160948, 0.440691],
                  [0.48, 0.805531, 1.211026],
                  [1.092548, 1.559022, 2.076922],
                  [1.970193, 2.530325, 3.133944],
                  [2.262742, 2.854092, 3.486284]],
        'v1_bl_ac': [[0.0, 0.191421, 0.519615],
                     [0.4, 0.742643, 1.185821],
                     [0.8, 1.293864, 1.852026],
                     [1.531371, 2.112502, 2.750156],
                     [2.262742, 2.931139, 3.648287]],
        'v1_nn_ac': [[0.0, 0.282843, 0.519615],
                     [0.8, 1.469694, 1.852026],
                     [0.8, 1.469694, 1.852026],
                     [2.262742, 3.162278, 3.648287],
                     [2.262742, 3.162278, 3.648287]]}


def _close(got, want):
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-6)


def test_tf2_image_ops_match_tf():
    _close(tw.image.resize(IMG, [5, 3])[..., 0], TF["resize_bl"])
    nearest = tw.image.resize(IMG, [5, 3], method=tw.image.ResizeMethod.NEAREST_NEIGHBOR)
    _close(nearest[..., 0], TF["resize_nn"])
    _close(tw.image.per_image_standardization(IMG)[..., 0], TF["std"])
    _close(tw.image.convert_image_dtype(U8, tw.float32), TF["u8_f"])
    assert tw.image.convert_image_dtype(np.float32([[[0.0, 0.5, 0.999, 1.0]]]),
                                        tw.uint8).numpy().tolist() == TF["f_u8"]
    assert tw.image.rgb_to_grayscale(U8).numpy().tolist() == TF["gray"]
    assert tw.image.adjust_contrast(U8, 0.5).numpy().tolist() == TF["contrast"]
    assert tw.image.resize(U8, [2, 4]).dtype == tw.float32  # bilinear: float32
    assert tw.image.resize(U8, [2, 4], method="nearest").dtype == tw.uint8


def test_tf1_resize_rules_match_tf():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [1, 3, 4, 1])
        outs = sess.run([tf.image.resize_bilinear(x, [5, 3]),
                         tf.image.resize_bilinear(x, [5, 3], align_corners=True),
                         tf.image.resize_nearest_neighbor(x, [5, 3], align_corners=True),
                         tf.image.resize_images(x, [5, 3])], {x: IMG[None]})
    _close(outs[0][0, ..., 0], TF["v1_bl"])
    _close(outs[1][0, ..., 0], TF["v1_bl_ac"])
    _close(outs[2][0, ..., 0], TF["v1_nn_ac"])
    _close(outs[3][0, ..., 0], TF["v1_bl"])  # resize_images: TF 1's rules
    assert tf.image.ResizeMethod.NEAREST_NEIGHBOR == 1 and tw.image.ResizeMethod.BILINEAR == \
        "bilinear"


def test_resize_gradient_and_static_size_errors():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32, [1, 3, 4, 1])
        y = tf.image.resize_bilinear(x, [6, 8], align_corners=True)
        g = tf.gradients(tf.reduce_sum(y), x)[0]
        # each input pixel's gradient: the sum of its interpolation weights
        total = sess.run(g, {x: IMG[None]}).sum()
        assert total == pytest.approx(6 * 8)
        with pytest.raises(ValueError, match="height and width when the graph is built"):
            tf.image.resize_bilinear(tf.placeholder(tf.float32, [1, None, None, 1]), [4, 4])


def test_crops_pads_and_rotations():
    batch = np.arange(2 * 5 * 7 * 3, dtype=np.float32).reshape(2, 5, 7, 3)
    img = batch[0]
    np.testing.assert_array_equal(tw.image.crop_to_bounding_box(batch, 1, 2, 3, 4),
                                  batch[:, 1:4, 2:6])
    np.testing.assert_array_equal(tw.image.pad_to_bounding_box(img, 1, 2, 8, 10),
                                  np.pad(img, ((1, 2), (2, 1), (0, 0))))
    np.testing.assert_array_equal(tw.image.central_crop(img, 0.5), img[1:4, 1:6])
    # crop the height (5 -> 4: offset 0), pad the width (7 -> 10: 1 before, 2 after)
    np.testing.assert_array_equal(tw.image.resize_with_crop_or_pad(img, 4, 10),
                                  np.pad(img[0:4], ((0, 0), (1, 2), (0, 0))))
    for k in range(4):
        np.testing.assert_array_equal(tw.image.rot90(img, k), np.rot90(img, k, axes=(0, 1)))
    np.testing.assert_array_equal(tw.image.rot90(batch, 1), np.rot90(batch, 1, axes=(1, 2)))
    np.testing.assert_array_equal(tw.image.transpose(batch), batch.transpose(0, 2, 1, 3))
    gray = np.float32([[[0.5]]])
    np.testing.assert_array_equal(tw.image.grayscale_to_rgb(gray), [[[0.5, 0.5, 0.5]]])
    np.testing.assert_allclose(tw.image.adjust_brightness(gray, 0.25), [[[0.75]]])
    with pytest.raises(ValueError, match="central_fraction"):
        tw.image.central_crop(img, 0.0)


def test_convert_image_dtype_between_integer_types_as_tf():
    # TF 2.21: the ratio of (MAX + 1)s, signed and unsigned alike
    u = np.array([0, 1, 127, 128, 200, 255], np.uint8)
    assert tw.image.convert_image_dtype(u, tw.int32).numpy().tolist() == \
        [0, 8388608, 1065353216, 1073741824, 1677721600, 2139095040]
    assert tw.image.convert_image_dtype(u, tw.int16).numpy().tolist() == \
        [0, 128, 16256, 16384, 25600, 32640]
    assert tw.image.convert_image_dtype(np.array([-5, 0, 2 ** 31 - 1], np.int32),
                                        tw.uint8).numpy().tolist() == [255, 0, 255]
