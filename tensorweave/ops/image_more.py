"""More of ``tf.image``: resizing, dtype conversion, standardization, crops and pads,
rotations, colour and brightness/contrast adjustments, as composites of other ops (their
gradients come from those ops).

``resize`` (TF 2) interpolates with half-pixel centres; ``resize_images``,
``resize_bilinear`` and ``resize_nearest_neighbor`` (TF 1) with TF 1's corner rules
(``align_corners``). Bilinear resizing is two products with constant interpolation matrices
(one per spatial axis, weights computed in float32 as TF computes them), nearest-neighbour
two gathers; both need the image's height and width when the graph is built (a
``(None, None, 3)`` placeholder raises a ValueError that says so). An image is 3-D (height,
width, channels) or a 4-D batch of them.

Example:
    >>> small = tf.image.resize(images, [64, 64])              # float32, bilinear
    >>> x = tf.image.per_image_standardization(image)
"""

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from . import math as _m
from . import shape as _s
from .creation import constant, convert_to_tensor
from .indexing import einsum, reverse
from .random import random_uniform
from .reduce import reduce_mean

__all__ = ["ResizeMethod", "resize", "resize_images", "resize_bilinear",
           "resize_nearest_neighbor", "convert_image_dtype", "per_image_standardization",
           "central_crop", "crop_to_bounding_box", "pad_to_bounding_box",
           "resize_with_crop_or_pad", "rgb_to_grayscale", "grayscale_to_rgb", "rot90",
           "transpose", "adjust_brightness", "adjust_contrast", "random_brightness",
           "random_contrast"]


class ResizeMethod:
    """TF 2's method names (``tf.image.ResizeMethod.BILINEAR == "bilinear"``)."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"


class ResizeMethodV1:
    """TF 1's method numbers (``tf.image.ResizeMethod.BILINEAR == 0`` in ``compat.v1``)."""
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


_METHODS = {0: "bilinear", 1: "nearest", 2: "bicubic", 3: "area", "bilinear": "bilinear",
            "nearest": "nearest", "bicubic": "bicubic", "area": "area"}


def _image(image, what):
    image = convert_to_tensor(image, name="image")
    rank = image.shape.ndims
    if rank not in (3, 4):
        shown = "<unknown>" if rank is None else str(image.shape)
        raise ValueError(f"{what}: 'image' (shape {shown}) must have either 3 or 4 "
                         f"dimensions.")
    return image, rank


def _hw(image, rank, what):
    dims = image.shape.as_tuple()
    h, w = dims[rank - 3], dims[rank - 2]
    if h is None or w is None:
        raise ValueError(f"{what}: tensorweave needs the image's height and width when the "
                         f"graph is built, got shape {image.shape} (give the placeholder "
                         f"or dataset element a static size)")
    return int(h), int(w)


def _size(size, what):
    try:
        values = [int(v) for v in np.asarray(size).reshape(-1)]
    except (TypeError, ValueError):
        values = None
    if values is None or len(values) != 2:
        from .creation import get_static_value
        static = get_static_value(size) if isinstance(size, _g.Tensor) else None
        if static is None or np.size(static) != 2:
            raise ValueError(f"{what}: 'size' must be a 1-D int32 tensor or list of 2 "
                             f"elements (new_height, new_width) known when the graph is "
                             f"built, got {size!r}")
        values = [int(v) for v in np.asarray(static).reshape(-1)]
    if min(values) <= 0:
        raise ValueError(f"{what}: 'size' must be positive, got {values}")
    return values


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    if align_corners:
        return np.float32(0)
    return np.float32(in_size) / np.float32(out_size)


def bilinear_matrix(in_size, out_size, align_corners=False, half_pixel=True):
    """(out_size, in_size) float32 weights of a linear interpolation along one axis, as
    TF's ``compute_interpolation_weights`` computes them."""
    scale = _scale(in_size, out_size, align_corners)
    m = np.zeros((out_size, in_size), np.float32)
    for i in range(out_size):
        pos = (np.float32(i) + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel \
            else np.float32(i) * scale
        low = np.floor(pos)
        lerp = np.float32(pos - low)
        lo = min(max(int(low), 0), in_size - 1)
        hi = min(max(int(np.ceil(pos)), 0), in_size - 1)
        m[i, lo] += np.float32(1) - lerp
        m[i, hi] += lerp
    return m


def _nearest_index(in_size, out_size, align_corners, half_pixel):
    """The source index of each output position of a nearest-neighbour resize (TF's)."""
    scale = _scale(in_size, out_size, align_corners)
    out = []
    for i in range(out_size):
        if half_pixel:
            j = int(np.floor((np.float32(i) + np.float32(0.5)) * scale))
        elif align_corners:
            j = int(np.floor(np.float32(i) * scale + np.float32(0.5)))  # C's roundf
        else:
            j = int(np.floor(np.float32(i) * scale))
        out.append(max(0, min(j, in_size - 1)))
    return np.asarray(out, np.int32)


def _resize(images, size, method, align_corners, half_pixel, what):
    """The resize: bilinear in float32 (TF's result dtype), nearest in the input's."""
    with _g.name_scope(None, what, [images]):
        images, rank = _image(images, what)
        method = _METHODS.get(method if not isinstance(method, str) else method.lower())
        if method not in ("bilinear", "nearest"):
            raise NotImplementedError(f"{what}: method {method!r} is not available in "
                                      "tensorweave ('bilinear', 'nearest')")
        h, w = _hw(images, rank, what)
        new_h, new_w = _size(size, what)
        x = images if rank == 4 else _s.expand_dims(images, 0)
        if method == "nearest":
            out = x
            if new_h != h:
                out = _s.gather(out, constant(_nearest_index(h, new_h, align_corners,
                                                             half_pixel)), axis=1)
            if new_w != w:
                out = _s.gather(out, constant(_nearest_index(w, new_w, align_corners,
                                                             half_pixel)), axis=2)
        else:
            if x.dtype != _dt.float32:
                x = _m.cast(x, _dt.float32)
            out = x
            if new_h != h:
                rows = constant(bilinear_matrix(h, new_h, align_corners, half_pixel))
                out = einsum("ih,nhwc->niwc", rows, out)
            if new_w != w:
                cols = constant(bilinear_matrix(w, new_w, align_corners, half_pixel))
                out = einsum("jw,niwc->nijc", cols, out)
        return out if rank == 4 else _s.squeeze(out, [0])


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False,
           antialias=False, name=None):
    """``images`` resized to ``size`` = (new_height, new_width) (TF 2's ``tf.image.resize``:
    half-pixel centres; bilinear gives float32, nearest keeps the dtype).

    Args:
        images: (height, width, channels) or a batch of them, with a static height and width.
        size: two ints (new_height, new_width).
        method: ``"bilinear"`` (default) or ``"nearest"``.
        preserve_aspect_ratio: fit inside ``size`` keeping the aspect ratio.
        antialias: accepted when False (as TF's default).
    """
    if antialias:
        raise NotImplementedError("tf.image.resize: antialias=True is not available in "
                                  "tensorweave")
    if preserve_aspect_ratio:
        size = _aspect(images, size, "resize")
    return _resize(images, size, method, False, True, name or "resize")


def _aspect(images, size, what):
    images, rank = _image(images, what)
    h, w = _hw(images, rank, what)
    new_h, new_w = _size(size, what)
    scale = min(new_h / h, new_w / w)
    return [max(int(round(h * scale)), 1), max(int(round(w * scale)), 1)]


def resize_images(images, size, method=ResizeMethodV1.BILINEAR, align_corners=False,
                  preserve_aspect_ratio=False, name=None):
    """TF 1's ``tf.image.resize_images``: TF 1's corner rules (``align_corners``);
    bilinear gives float32, nearest keeps the dtype."""
    if preserve_aspect_ratio:
        size = _aspect(images, size, "resize_images")
    return _resize(images, size, method, align_corners, False, name or "resize_images")


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """TF 1's ``tf.image.resize_bilinear`` (float32 result)."""
    return _resize(images, size, "bilinear", align_corners, half_pixel_centers,
                   name or "ResizeBilinear")


def resize_nearest_neighbor(images, size, align_corners=False, name=None,
                            half_pixel_centers=False):
    """TF 1's ``tf.image.resize_nearest_neighbor`` (the input's dtype)."""
    return _resize(images, size, "nearest", align_corners, half_pixel_centers,
                   name or "ResizeNearestNeighbor")


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """``image`` in another dtype, rescaled as TF rescales it: integers span [0, MAX] and
    floats [0, 1] (uint8 255 -> float 1.0; float 0.5 -> uint8 128)."""
    dtype = _dt.as_dtype(dtype)
    with _g.name_scope(name, "convert_image", [image]):
        image = convert_to_tensor(image, name="image")
        src = image.dtype
        if src == dtype:
            return _m.identity(image)
        if src.is_integer and dtype.is_integer:
            # TF's rule: scale by the ratio of (MAX + 1)s, dividing before a narrowing cast
            # and multiplying after a widening one (uint8 128 -> int32 2**30)
            max_in, max_out = int(src.max), int(dtype.max)
            if max_in > max_out:
                scale = (max_in + 1) // (max_out + 1)
                scaled = _m.floordiv(image, constant(scale, dtype=src))
                if saturate:
                    scaled = _m.clip_by_value(scaled, constant(max(int(dtype.min), int(
                        src.min)), dtype=src), constant(max_out, dtype=src))
                return _m.cast(scaled, dtype)
            cast = image
            if saturate and int(src.min) < int(dtype.min):
                cast = _m.maximum(image, constant(int(dtype.min), dtype=src))
            scale = (max_out + 1) // (max_in + 1)
            return _m.multiply(_m.cast(cast, dtype), constant(scale, dtype=dtype))
        if src.is_floating and dtype.is_floating:
            return _m.cast(image, dtype)
        if src.is_integer:  # integer -> float: divide by the integer type's maximum
            cast = _m.cast(image, dtype)
            return _m.multiply(cast, constant(1.0 / src.max, dtype=dtype))
        # float -> integer: multiply by MAX + 0.5 (so that 1.0 gives MAX), then truncate
        scaled = _m.multiply(image, constant(dtype.max + 0.5, dtype=src))
        if saturate:
            scaled = _m.clip_by_value(scaled, constant(dtype.min, dtype=src),
                                      constant(dtype.max, dtype=src))
        return _m.cast(scaled, dtype)


def per_image_standardization(image):
    """Each image scaled to mean 0 and variance 1: ``(x - mean) / max(stddev,
    1/sqrt(N))`` over its height, width and channels (N values), in float32."""
    with _g.name_scope(None, "per_image_standardization", [image]):
        image, rank = _image(image, "per_image_standardization")
        if not image.dtype.is_floating:
            image = _m.cast(image, _dt.float32)
        axes = [-1, -2, -3]
        dims = image.shape.as_tuple()[-3:]
        if None in dims:
            shp = _s.shape(image)
            n = _m.cast(shp[-1] * shp[-2] * shp[-3], image.dtype)
        else:
            n = constant(float(dims[0] * dims[1] * dims[2]), dtype=image.dtype)
        mean = reduce_mean(image, axis=axes, keepdims=True)
        var = reduce_mean(_m.square(_m.subtract(image, mean)), axis=axes, keepdims=True)
        stddev = _m.sqrt(var)
        floor = _m.rsqrt(n)
        adjusted = _m.maximum(stddev, floor)
        return _m.divide(_m.subtract(image, mean), adjusted)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The (target_height, target_width) window of ``image`` at (offset_height,
    offset_width)."""
    with _g.name_scope(None, "crop_to_bounding_box", [image]):
        image, rank = _image(image, "crop_to_bounding_box")
        h, w = _hw(image, rank, "crop_to_bounding_box")
        oh, ow, th, tw = (int(v) for v in (offset_height, offset_width, target_height,
                                            target_width))
        if oh < 0 or ow < 0 or th <= 0 or tw <= 0:
            raise ValueError("offset must be >= 0 and target size > 0")
        if oh + th > h or ow + tw > w:
            raise ValueError("height must be >= target + offset." if oh + th > h else
                             "width must be >= target + offset.")
        index = (slice(None),) * (rank - 3) + (slice(oh, oh + th), slice(ow, ow + tw))
        return image[index]


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """``image`` placed at (offset_height, offset_width) in zeros of (target_height,
    target_width)."""
    with _g.name_scope(None, "pad_to_bounding_box", [image]):
        image, rank = _image(image, "pad_to_bounding_box")
        h, w = _hw(image, rank, "pad_to_bounding_box")
        oh, ow, th, tw = (int(v) for v in (offset_height, offset_width, target_height,
                                            target_width))
        after_h, after_w = th - oh - h, tw - ow - w
        if oh < 0 or ow < 0:
            raise ValueError("offset_height and offset_width must be >= 0")
        if after_h < 0:
            raise ValueError("height must be <= target - offset")
        if after_w < 0:
            raise ValueError("width must be <= target - offset")
        pads = [[0, 0]] * (rank - 3) + [[oh, after_h], [ow, after_w], [0, 0]]
        return _s.pad(image, pads)


def resize_with_crop_or_pad(image, target_height, target_width):
    """``image`` centred in (target_height, target_width): cropped where larger, padded
    with zeros where smaller (TF's offsets: the extra row or column goes after)."""
    with _g.name_scope(None, "resize_image_with_crop_or_pad", [image]):
        image, rank = _image(image, "resize_with_crop_or_pad")
        h, w = _hw(image, rank, "resize_with_crop_or_pad")
        th, tw = int(target_height), int(target_width)
        crop_h, crop_w = max((h - th) // 2, 0), max((w - tw) // 2, 0)
        pad_h, pad_w = max((th - h) // 2, 0), max((tw - w) // 2, 0)
        cropped = crop_to_bounding_box(image, crop_h, crop_w, min(th, h), min(tw, w))
        return pad_to_bounding_box(cropped, pad_h, pad_w, th, tw)


def central_crop(image, central_fraction):
    """The central ``central_fraction`` (0, 1] of ``image``'s height and width."""
    if not 0.0 < central_fraction <= 1.0:
        raise ValueError("central_fraction must be within (0, 1]")
    with _g.name_scope(None, "central_crop", [image]):
        image, rank = _image(image, "central_crop")
        if central_fraction == 1.0:
            return image
        h, w = _hw(image, rank, "central_crop")
        start_h = int((h - h * central_fraction) / 2)
        start_w = int((w - w * central_fraction) / 2)
        return crop_to_bounding_box(image, start_h, start_w, h - 2 * start_h, w - 2 * start_w)


def rgb_to_grayscale(images, name=None):
    """The luma of RGB ``images`` (weights 0.2989, 0.5870, 0.1140), keeping a last axis of
    1 and the dtype (computed in float32, as TF does)."""
    with _g.name_scope(name, "rgb_to_grayscale", [images]):
        images = convert_to_tensor(images, name="images")
        dtype = images.dtype
        flt = convert_image_dtype(images, _dt.float32)
        weights = constant([0.2989, 0.5870, 0.1140], dtype=_dt.float32)
        from .indexing import tensordot
        gray = _s.expand_dims(tensordot(flt, weights, [[flt.shape.ndims - 1], [0]]), -1)
        return convert_image_dtype(gray, dtype)


def grayscale_to_rgb(images, name=None):
    """The last axis (1) repeated three times."""
    with _g.name_scope(name, "grayscale_to_rgb", [images]):
        images = convert_to_tensor(images, name="images")
        rank = images.shape.ndims
        return _s.tile(images, [1] * (rank - 1) + [3])


def rot90(image, k=1, name=None):
    """``image`` rotated counter-clockwise by ``k`` quarter turns (as ``np.rot90``)."""
    with _g.name_scope(name, "rot90", [image]):
        image, rank = _image(image, "rot90")
        k = int(k) % 4
        h_axis = rank - 3
        swap = list(range(rank))
        swap[h_axis], swap[h_axis + 1] = swap[h_axis + 1], swap[h_axis]
        if k == 0:
            return image
        if k == 1:
            return _s.transpose(reverse(image, [h_axis + 1]), swap)
        if k == 2:
            return reverse(image, [h_axis, h_axis + 1])
        return reverse(_s.transpose(image, swap), [h_axis + 1])


def transpose(image, name=None):
    """Height and width swapped."""
    with _g.name_scope(name, "transpose", [image]):
        image, rank = _image(image, "transpose")
        perm = list(range(rank))
        perm[rank - 3], perm[rank - 2] = perm[rank - 2], perm[rank - 3]
        return _s.transpose(image, perm)


def _in_float(image, fn):
    """``fn`` applied to ``image`` as floats in [0, 1] (integers converted there and back,
    saturating), as TF's adjustments do."""
    image = convert_to_tensor(image, name="image")
    dtype = image.dtype
    flt = image if dtype.is_floating else convert_image_dtype(image, _dt.float32)
    out = fn(flt)
    return out if dtype.is_floating else convert_image_dtype(out, dtype, saturate=True)


def adjust_brightness(image, delta):
    """``image + delta`` (in [0, 1] units for integer images)."""
    with _g.name_scope(None, "adjust_brightness", [image]):
        return _in_float(image, lambda x: _m.add(x, _m.cast(convert_to_tensor(delta),
                                                             x.dtype)))


def adjust_contrast(images, contrast_factor):
    """``(x - mean) * contrast_factor + mean``, the mean of each channel over the height and
    width of each image."""
    with _g.name_scope(None, "adjust_contrast", [images]):
        def fn(x):
            mean = reduce_mean(x, axis=[-3, -2], keepdims=True)
            factor = _m.cast(convert_to_tensor(contrast_factor), x.dtype)
            return _m.add(_m.multiply(_m.subtract(x, mean), factor), mean)
        return _in_float(images, fn)


def random_brightness(image, max_delta, seed=None):
    """``adjust_brightness`` by a delta drawn uniformly from [-max_delta, max_delta)."""
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_contrast(image, lower, upper, seed=None):
    """``adjust_contrast`` by a factor drawn uniformly from [lower, upper)."""
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)

