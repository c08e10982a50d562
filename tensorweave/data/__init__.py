"""``tf.data`` for graph mode (TF 1's ``tf.compat.v1.data``): datasets built from arrays
and transformed in a pipeline, read through iterators whose ops run in a session.

Example:
    >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000, seed=1).batch(32)
    >>> xb, yb = tf.data.make_one_shot_iterator(ds).get_next()
"""

import types as _types

from .dataset import AUTOTUNE, Dataset
from .dataset import INFINITE as INFINITE_CARDINALITY, UNKNOWN as UNKNOWN_CARDINALITY
from .iterator import (
                       Iterator,
                       get_output_classes,
                       get_output_shapes,
                       get_output_types,
                       make_initializable_iterator,
                       make_one_shot_iterator,
)
from .structure import TensorSpec

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "Iterator",
           "TensorSpec", "experimental",
           "get_output_classes", "get_output_shapes", "get_output_types",
           "make_initializable_iterator", "make_one_shot_iterator"]

experimental = _types.ModuleType("tensorweave.data.experimental", "tf.data.experimental")
experimental.AUTOTUNE = AUTOTUNE
experimental.INFINITE_CARDINALITY = INFINITE_CARDINALITY
experimental.UNKNOWN_CARDINALITY = UNKNOWN_CARDINALITY
experimental.cardinality = lambda dataset: dataset.cardinality()
experimental.get_structure = lambda ds: ds.element_spec
