"""The TensorFlow 1 namespace: ``import tensorweave.compat.v1 as tf`` runs TF1 programs.

Ops made through this namespace build graphs: reading a name of it (``tf.placeholder``)
selects graph mode (see ``tensorweave.context``), so ``disable_eager_execution()`` and
``disable_v2_behavior()`` (for TF2-era code that calls them) need not be called.

Example:
    >>> import tensorweave.compat.v1 as tf
    >>> x = tf.placeholder(tf.float32, shape=(None, 3))
    >>> with tf.Session() as sess:
    ...     sess.run(tf.reduce_sum(x), feed_dict={x: [[1, 2, 3]]})
    6.0
"""

# flake8: noqa: F401,F403
import types as _types

from .. import context as _context

from .._api import *
from .._api import (bool, range, round, abs, pow, slice, tuple, errors, nn, train, losses,
                    layers, initializers, newaxis)
from ..graph import GraphKeys
from ..summary import v1 as summary
from .. import metrics_v1 as metrics
from .. import initializers as _init
from .. import timeline as _timeline
from ..layers import regularizers as _reg
from ..train import weight_decay as _wd

__version__ = "1.15.0-tensorweave"


def disable_eager_execution():
    """Graph mode, as this namespace already selects (see ``tensorweave.context``): for
    TF2-era code that calls it first."""
    _context._select(False)


disable_v2_behavior = disable_eager_execution


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Runs ops at once from now on in this process, in both namespaces (TF 1's
    ``tf.enable_eager_execution``); ``disable_eager_execution`` is not enough to leave it:
    ``tensorweave.context.disable_eager_execution()`` is."""
    _context.enable_eager_execution()


def __getattr__(name):
    """Loaded on first use, so importing this module stays fast: ``tf.keras`` (the
    ``tensorweave.keras`` package), ``tf.logging``, ``tf.flags``, ``tf.app``, ``tf.gfile``,
    ``tf.io`` and ``tf.get_logger`` (``tensorweave.platform``), ``tf.data`` (the
    ``tensorweave.data`` package), and ``tf.Summary``,
    ``tf.HistogramProto``, ``tf.Event``, ``tf.SessionLog``, ``tf.GraphDef`` (tensorboard's
    protobuf classes)."""
    if name == "data":
        import importlib
        module = importlib.import_module("tensorweave.data")
        globals()["data"] = module
        return module
    if name == "keras":
        import importlib
        module = importlib.import_module("tensorweave.keras")
        globals()["keras"] = module  # later lookups skip __getattr__
        return module
    if name in ("Summary", "SummaryMetadata", "HistogramProto", "Event", "SessionLog",
                "GraphDef"):
        return getattr(summary, name)
    if name in _PLATFORM:
        value = _PLATFORM[name]()
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tensorweave.compat.v1' has no attribute {name!r}")


from ..context import executing_eagerly
from ..eager_variables import init_scope


def ConfigProto(**kwargs):  # noqa: N802 - TF's name
    """Session options: ``intra_op_parallelism_threads`` (how many threads one kernel may
    use; see tensorweave.parallel) is honoured; the others are accepted and have no effect."""
    return _types.SimpleNamespace(**kwargs)


def GPUOptions(**kwargs):  # noqa: N802
    return _types.SimpleNamespace(**kwargs)


RunOptions = _timeline.RunOptions
RunMetadata = _timeline.RunMetadata


def _namespace(name, doc, **members):
    mod = _types.ModuleType(f"tensorweave.compat.v1.{name}", doc)
    mod.__dict__.update(members)
    return mod


contrib = _namespace("contrib", "The parts of tf.contrib that TF1 tutorials use.", layers=_namespace(
    "contrib.layers", "tf.contrib.layers",
    xavier_initializer=_init.xavier_initializer,
    xavier_initializer_conv2d=_init.xavier_initializer_conv2d,
    variance_scaling_initializer=_init.contrib_variance_scaling_initializer,
    l1_regularizer=_reg.l1_regularizer, l2_regularizer=_reg.l2_regularizer,
    l1_l2_regularizer=_reg.l1_l2_regularizer, sum_regularizer=_reg.sum_regularizer,
    apply_regularization=_reg.apply_regularization,
), opt=_namespace(
    "contrib.opt", "tf.contrib.opt: decoupled weight decay optimizers",
    AdamWOptimizer=_wd.AdamWOptimizer, MomentumWOptimizer=_wd.MomentumWOptimizer,
    DecoupledWeightDecayExtension=_wd.DecoupledWeightDecayExtension,
    extend_with_decoupled_weight_decay=_wd.extend_with_decoupled_weight_decay,
), rnn=_namespace(
    "contrib.rnn", "tf.contrib.rnn: TF 1's RNN cells and static RNNs",
    static_rnn=nn.static_rnn, static_bidirectional_rnn=nn.static_bidirectional_rnn,
    **{k: v for k, v in vars(nn.rnn_cell).items() if not k.startswith("_")}))

from ..ops.functional import map_fn, scan, foldl, foldr
from ..ops.indexing import (tensor_scatter_nd_update, tensor_scatter_nd_add,
                            tensor_scatter_nd_sub, tensor_scatter_nd_max,
                            tensor_scatter_nd_min, scatter_update, scatter_add, scatter_sub,
                            scatter_mul, scatter_div, scatter_max, scatter_min,
                            scatter_nd_update, scatter_nd_add, scatter_nd_sub)
tensor_scatter_update = tensor_scatter_nd_update
tensor_scatter_add = tensor_scatter_nd_add
tensor_scatter_sub = tensor_scatter_nd_sub
from ..ops.math import (accumulate_n, tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh,
                        erf, erfc, atan2, log_sigmoid)
from ..ops.math import multiply_no_nan as _multiply_no_nan
from ..ops.reduce import reduce_variance as _reduce_variance, reduce_std as _reduce_std
from ..ops.check import (assert_greater, assert_greater_equal, assert_less_equal,
                         assert_none_equal, assert_negative, assert_non_negative,
                         assert_non_positive)
from ..initializers import uniform_unit_scaling_initializer

from ..ops.array_more import (unsorted_segment_sum, unsorted_segment_mean,
                              unsorted_segment_max, segment_sum, segment_mean, segment_max,
                              space_to_depth, depth_to_space, confusion_matrix)
from ..ops.numerics import verify_tensor_all_finite, Print
_am_math = dict(unsorted_segment_sum=unsorted_segment_sum,
                unsorted_segment_mean=unsorted_segment_mean,
                unsorted_segment_max=unsorted_segment_max, segment_sum=segment_sum,
                segment_mean=segment_mean, segment_max=segment_max, top_k=nn.top_k)
debugging = _namespace("debugging", "tf.debugging", check_numerics=check_numerics,
                       Assert=Assert, assert_equal=assert_equal, assert_less=assert_less,
                       assert_positive=assert_positive, assert_rank=assert_rank,
                       assert_greater=assert_greater, assert_greater_equal=assert_greater_equal,
                       assert_less_equal=assert_less_equal, assert_none_equal=assert_none_equal,
                       assert_negative=assert_negative, assert_non_negative=assert_non_negative,
                       assert_non_positive=assert_non_positive,
                       is_nan=is_nan, is_inf=is_inf, is_finite=is_finite)

from ..ops.random import categorical as _categorical, multinomial
from ..ops import image as _image
from ..ops.image import random_crop
from ..ops import image_more as _image_more  # noqa: E402
image = _namespace(
    "image", "tf.image: resizing, dtype conversion, standardization, crops, pads, flips, "
    "rotations, brightness and contrast",
    flip_left_right=_image.flip_left_right, flip_up_down=_image.flip_up_down,
    random_flip_left_right=_image.random_flip_left_right,
    random_flip_up_down=_image.random_flip_up_down, random_crop=random_crop,
    ResizeMethod=_image_more.ResizeMethodV1, resize_images=_image_more.resize_images,
    resize=_image_more.resize_images, resize_bilinear=_image_more.resize_bilinear,
    resize_nearest_neighbor=_image_more.resize_nearest_neighbor,
    convert_image_dtype=_image_more.convert_image_dtype,
    per_image_standardization=_image_more.per_image_standardization,
    central_crop=_image_more.central_crop,
    crop_to_bounding_box=_image_more.crop_to_bounding_box,
    pad_to_bounding_box=_image_more.pad_to_bounding_box,
    resize_image_with_crop_or_pad=_image_more.resize_with_crop_or_pad,
    resize_with_crop_or_pad=_image_more.resize_with_crop_or_pad,
    rgb_to_grayscale=_image_more.rgb_to_grayscale,
    grayscale_to_rgb=_image_more.grayscale_to_rgb, rot90=_image_more.rot90,
    transpose=_image_more.transpose, transpose_image=_image_more.transpose,
    adjust_brightness=_image_more.adjust_brightness,
    adjust_contrast=_image_more.adjust_contrast,
    random_brightness=_image_more.random_brightness,
    random_contrast=_image_more.random_contrast)
from ..ops import math as _math_ops  # noqa: E402
bitwise = _namespace("bitwise", "tf.bitwise: bit operations on integer tensors",
                     bitwise_and=_math_ops.bitwise_and, bitwise_or=_math_ops.bitwise_or,
                     bitwise_xor=_math_ops.bitwise_xor, invert=_math_ops.invert,
                     left_shift=_math_ops.left_shift, right_shift=_math_ops.right_shift)
random = _namespace("random", "tf.random", normal=random_normal, uniform=random_uniform,
                    truncated_normal=truncated_normal, set_random_seed=set_random_seed,
                    shuffle=random_shuffle, categorical=_categorical,
                    multinomial=multinomial, crop=random_crop)
math = _namespace("math", "tf.math", add=add, subtract=subtract, multiply=multiply,
                  divide=divide, truediv=truediv, floordiv=floordiv, mod=mod, pow=pow,
                  maximum=maximum, minimum=minimum, negative=negative, exp=exp, log=log,
                  sqrt=sqrt, rsqrt=rsqrt, square=square, abs=abs, sign=sign, floor=floor,
                  ceil=ceil, round=round, reciprocal=reciprocal, sigmoid=sigmoid, tanh=tanh,
                  log1p=log1p, expm1=expm1, sin=sin, cos=cos,
                  squared_difference=squared_difference, less=less, less_equal=less_equal,
                  greater=greater, greater_equal=greater_equal, equal=equal,
                  not_equal=not_equal, logical_and=logical_and, logical_or=logical_or,
                  logical_not=logical_not, logical_xor=logical_xor, reduce_sum=reduce_sum,
                  reduce_mean=reduce_mean, reduce_max=reduce_max, reduce_min=reduce_min,
                  reduce_prod=reduce_prod, reduce_any=reduce_any, reduce_all=reduce_all,
                  reduce_logsumexp=reduce_logsumexp, argmax=argmax, argmin=argmin,
                  add_n=add_n, accumulate_n=accumulate_n, is_nan=is_nan, is_inf=is_inf,
                  is_finite=is_finite,
                  cumsum=cumsum, cumprod=cumprod, count_nonzero=count_nonzero,
                  softplus=nn.softplus, log_softmax=log_softmax, floormod=floormod,
                  truncatediv=truncatediv, truncatemod=truncatemod,
                  unique=unique, tan=tan, asin=asin, acos=acos, atan=atan, sinh=sinh,
                  cosh=cosh, asinh=asinh, acosh=acosh, atanh=atanh, erf=erf, erfc=erfc,
                  atan2=atan2, log_sigmoid=log_sigmoid, divide_no_nan=div_no_nan,
                  multiply_no_nan=_multiply_no_nan,
                  reduce_variance=_reduce_variance, reduce_std=_reduce_std,
                  scalar_mul=scalar_mul, softmax=nn.softmax, softsign=nn.softsign,
                  l2_normalize=nn.l2_normalize, in_top_k=nn.in_top_k,
                  zero_fraction=nn.zero_fraction, confusion_matrix=confusion_matrix,
                  **_am_math)
from ..ops import linalg as _la
from ..ops.linalg import (matrix_band_part, matrix_triangular_solve, matrix_solve,
                          matrix_inverse, matrix_determinant, log_matrix_determinant, cholesky,
                          matrix_diag, matrix_diag_part, matrix_set_diag, trace,
                          matrix_transpose)
from ..ops.linalg import tensor_diag as diag, tensor_diag_part as diag_part

linalg = _namespace("linalg", "tf.linalg", band_part=_la.band_part,
                    triangular_solve=_la.triangular_solve, solve=_la.solve, inv=_la.inv,
                    det=_la.det, slogdet=_la.slogdet, logdet=_la.logdet,
                    cholesky=_la.cholesky, eye=_la.eye, diag=_la.diag,
                    diag_part=_la.diag_part, set_diag=_la.set_diag, trace=_la.trace,
                    transpose=_la.matrix_transpose, matrix_transpose=_la.matrix_transpose,
                    adjoint=_la.adjoint, matmul=matmul, norm=_la.norm, qr=_la.qr,
                    einsum=einsum, tensordot=tensordot)
dtypes = _namespace("dtypes", "tf.dtypes", DType=DType, as_dtype=as_dtype, float16=float16,
                    float32=float32, float64=float64, int8=int8, int16=int16, int32=int32,
                    int64=int64, uint8=uint8, bool=bool, string=string, cast=cast)

from ..ops import array_extra as _ax
from ..ops.array_extra import (roll, repeat, unique_with_counts, setdiff1d, bincount,
                               reverse_sequence, lgamma, digamma, polygamma, gather_nd)
print = _ax.print_v2  # noqa: A001 - tf.print
math.__dict__.update(bincount=bincount, lgamma=lgamma, digamma=digamma, polygamma=polygamma)
manip = _namespace("manip", "tf.manip", roll=roll, reshape=reshape, gather_nd=gather_nd,
                   reverse=reverse, tile=tile)

from ..ops.py_func import py_func, numpy_function, py_function


def _platform(module):
    def load():
        import importlib
        return importlib.import_module(f"tensorweave.platform.{module}")
    return load


def _io():
    from ..platform import gfile as _gfile
    return _namespace("io", "tf.io: gfile (local files)", gfile=_namespace(
        "io.gfile", "tf.io.gfile", **{n: getattr(_gfile, n) for n in (
            "exists", "makedirs", "mkdir", "remove", "rmtree", "glob", "listdir", "isdir",
            "copy", "rename", "walk", "stat", "join", "GFile")}))


def _gfile_v1():
    from ..platform import gfile as _gfile
    return _namespace("gfile", "tf.gfile: TF 1's file functions on local files", **{
        n: getattr(_gfile, n) for n in (
            "Exists", "MakeDirs", "MkDir", "Remove", "DeleteRecursively", "Glob",
            "ListDirectory", "IsDirectory", "Copy", "Rename", "Walk", "Stat", "GFile",
            "FastGFile", "Open")})


def _get_logger():
    from ..platform import tf_logging
    return tf_logging.get_logger


_PLATFORM = {"logging": _platform("tf_logging"), "flags": _platform("flags"),
             "app": _platform("app"), "gfile": _gfile_v1, "io": _io,
             "get_logger": _get_logger}


# Reading these selects no mode: TF 2 scripts read them too (logging verbosity, a session
# config for GPU memory growth) and then run Keras eagerly; a TF 1 program selects graph mode
# with the first op it builds (tf.placeholder, tf.Variable, tf.constant …).
_context.selecting_module(__name__, eager=False, neutral=(
    "logging", "flags", "app", "gfile", "get_logger", "ConfigProto", "GPUOptions",
    "RunOptions", "RunMetadata", "Session", "InteractiveSession", "set_random_seed",
    "disable_v2_behavior", "enable_v2_behavior", "executing_eagerly"))
