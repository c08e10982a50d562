"""``tf.image`` flips and ``tf.random_crop``: composites of ``reverse``, ``where``, ``slice``
and the seeded random ops (no primitives of their own, so gradients come from those ops).

An image is 3-D (height, width, channels) or a 4-D batch of them.
"""

from .. import dtypes as _dt
from .. import graph as _g
from .creation import convert_to_tensor
from .indexing import reverse
from .math import less, where_v2, add, mod
from .random import random_uniform
from .creation import range as range_
from .math import identity
from .shape import shape as _shape, reshape, stack, gather

__all__ = ["flip_left_right", "flip_up_down", "random_flip_left_right",
           "random_flip_up_down", "random_crop"]


def _image_rank(image):
    rank = image.shape.ndims
    if rank is None or rank not in (3, 4):
        shown = "<unknown>" if rank is None else str(image.shape)
        raise ValueError(f"'image' (shape {shown}) must have either 3 or 4 dimensions.")
    return rank


def _flip(image, axis3, scope):
    with _g.name_scope(None, scope, [image]):
        image = convert_to_tensor(image, name="image")
        rank = _image_rank(image)
        return reverse(image, [axis3 + (rank - 3)])


def flip_left_right(image):
    """``image`` mirrored horizontally (the width axis reversed; per image for a batch).

    Example:
        >>> tf.image.flip_left_right([[[1.], [2.]]])    # [[[2.], [1.]]]
    """
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    """``image`` flipped vertically (the height axis reversed; per image for a batch).

    Example:
        >>> tf.image.flip_up_down([[[1.]], [[2.]]])    # [[[2.]], [[1.]]]
    """
    return _flip(image, 0, "flip_up_down")


def _random_flip(image, axis3, seed, scope):
    with _g.name_scope(None, scope, [image]):
        image = convert_to_tensor(image, name="image")
        rank = _image_rank(image)
        flipped = reverse(image, [axis3 + (rank - 3)])
        if rank == 3:
            coin = less(random_uniform([], 0, 1.0, seed=seed), 0.5)
        else:  # one coin per image of the batch
            batch = _shape(image)[0]
            u = random_uniform(stack([batch]), 0, 1.0, seed=seed)
            coin = reshape(less(u, 0.5), stack([batch, 1, 1, 1]))
        return where_v2(coin, flipped, image)


def random_flip_left_right(image, seed=None):
    """With probability 1/2, ``flip_left_right(image)``, else ``image`` (a batch: a coin per
    image). ``seed``: the op seed (see ``set_random_seed``).

    Example:
        >>> aug = tf.image.random_flip_left_right(image, seed=1)
    """
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    """With probability 1/2, ``flip_up_down(image)``, else ``image`` (a coin per image).

    Example:
        >>> aug = tf.image.random_flip_up_down(image, seed=1)
    """
    return _random_flip(image, 0, seed, "random_flip_up_down")


def random_crop(value, size, seed=None, name=None):
    """A random ``size`` slice of ``value`` (every offset equally likely); ``size[i]`` must
    not exceed the dimension (``InvalidArgumentError`` when running otherwise).

    Example:
        >>> crop = tf.random_crop(image, [24, 24, 3])    # image (32, 32, 3)
    """
    from .check import Assert
    from .control import with_dependencies
    from .math import greater_equal, subtract
    from .reduce import reduce_all
    with _g.name_scope(name, "random_crop", [value, size]) as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=_dt.int32, name="size")
        dims = _shape(value)
        ok = Assert(reduce_all(greater_equal(dims, size)),
                    ["Need value.shape >= size, got ", dims, size], summarize=1000)
        dims = with_dependencies([ok], dims)
        limit = add(subtract(dims, size), 1)
        offset = mod(random_uniform(_shape(dims), dtype=_dt.int32, maxval=_dt.int32.max,
                                    seed=seed), limit)
        # tf.slice here needs a constant begin: crop one axis at a time with gather instead.
        sizes = _known(size)
        if sizes is None or value.shape.ndims is None:
            raise NotImplementedError("random_crop needs a constant size and a known rank")
        out = value
        for axis, n in enumerate(sizes):
            idx = add(offset[axis], range_(n))
            out = gather(out, idx, axis=axis)
        return identity(out, name=scope)


def _known(t):
    from .registry import constant_value
    v = constant_value(t)
    return None if v is None else [int(n) for n in v]
