"""MNIST handwritten digits: ``keras.datasets.mnist.load_data``."""

import numpy as np

from .file_utils import get_file

__all__ = ["load_data"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"  # sha256


def load_data(path="mnist.npz"):
    """Loads the MNIST data set, downloading it once into the Keras cache.

    60,000 training and 10,000 test images of handwritten digits, 28×28 grayscale. The file
    is the one Keras uses (same URL, same sha256), cached at ``~/.keras/datasets/mnist.npz``
    (or under ``$KERAS_HOME``), so a copy that Keras already downloaded is reused. Offline,
    copy ``mnist.npz`` to that path by hand; the error raised says so.

    Args:
        path: file name of the cached copy, relative to ``~/.keras/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x`` are uint8 arrays of shape
        ``(n, 28, 28)`` with pixels 0–255, ``y`` uint8 arrays of shape ``(n,)`` with digits 0–9.

    Raises:
        URLFetchError: the file is not cached and cannot be downloaded.
        ValueError: the downloaded file's sha256 does not match.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
        >>> x_train.shape, x_test.shape  # doctest: +SKIP
        ((60000, 28, 28), (10000, 28, 28))

    License:
        Yann LeCun and Corinna Cortes hold the copyright of the MNIST data set, a derivative
        work of the original NIST data sets, made available under the Creative Commons
        Attribution-Share Alike 3.0 license (https://creativecommons.org/licenses/by-sa/3.0/).
    """
    path = get_file(fname=path, origin=ORIGIN, file_hash=FILE_HASH)
    # The npz holds plain arrays: no pickles needed (Keras passes allow_pickle=True).
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train = f["x_train"], f["y_train"]
        x_test, y_test = f["x_test"], f["y_test"]
    return (x_train, y_train), (x_test, y_test)
