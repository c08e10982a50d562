"""Op-table rows for control flow (``tf.cond``: ``Switch``/``Merge``) and run-time checks
(``tf.Assert``).
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, B, case

# Control flow and run-time checks.
def _cond_build(p, x, y):
    return tf.cond(p, lambda: x * y, lambda: tf.sin(x) + y)


def _cond_ref(p, x, y):
    return x * y if p else np.sin(x) + y


case("cond_true", _cond_build, _cond_ref, [B(p=1.0), A(3, 2), A(3, 2)], ["Switch", "Merge"])
case("cond_false", _cond_build, _cond_ref, [B(p=0.0), A(3, 2), A(3, 2)], ["Switch", "Merge"])


def _assert_build(x):
    check = tf.Assert(tf.reduce_all(tf.less(x, 100.0)), [x])
    with tf.control_dependencies([check]):
        return tf.identity(x)


case("assert_passes", _assert_build, lambda x: x, [A(3)], ["Assert"])
