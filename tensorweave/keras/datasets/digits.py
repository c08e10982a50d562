"""8×8 handwritten digits that ship with tensorweave: ``keras.datasets.digits.load_data``.

A small real image data set for offline examples and tests: 1,797 images of the digits 0–9
(the UCI "Optical Recognition of Handwritten Digits" test set by E. Alpaydin and C. Kaynak,
CC BY 4.0 — the same file scikit-learn bundles). Attribution: ``data/DIGITS_LICENSE.md``.
Keras has no such loader; it follows the shape of ``keras.datasets.boston_housing``.
"""

import gzip
import os

import numpy as np

__all__ = ["load_data", "DATA_PATH"]

DATA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "digits.csv.gz")
NUM_IMAGES = 1797


def _read_rows(path=DATA_PATH):
    """All rows of the CSV as a (1797, 65) uint8 array: 64 pixels then the label."""
    with gzip.open(path, "rt") as f:
        rows = np.loadtxt(f, delimiter=",", dtype=np.uint8)
    if rows.shape != (NUM_IMAGES, 65):
        raise ValueError(f"{path} holds an array of shape {rows.shape}; expected "
                         f"({NUM_IMAGES}, 65). The packaged file is damaged: reinstall "
                         "tensorweave.")
    return rows


def load_data(test_split=0.2, seed=113):
    """Loads the 8×8 digits, shuffled and split into train and test sets.

    The split is deterministic: the same ``seed`` gives the same split on every machine and
    NumPy version (``np.random.RandomState(seed).permutation``, as Keras's own loaders do).

    Args:
        test_split: fraction of the images kept for the test set, in ``[0, 1)``.
        seed: seed of the shuffle before the split.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x`` are uint8 arrays of shape ``(n, 8, 8)``
        with pixel values 0–16 (each pixel counts the ink in a 4×4 block; divide by 16.0 to
        scale to [0, 1]); ``y`` are int64 arrays of shape ``(n,)`` with the digits 0–9.
        With the default ``test_split=0.2``: 1,437 training and 360 test images.

    Raises:
        ValueError: ``test_split`` outside ``[0, 1)``.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_data()
        >>> x_train.shape, x_test.shape
        ((1437, 8, 8), (360, 8, 8))
    """
    if not 0 <= test_split < 1:
        raise ValueError(f"test_split must be in [0, 1); received test_split={test_split}")
    rows = _read_rows()
    order = np.random.RandomState(seed).permutation(len(rows))
    rows = rows[order]
    x = rows[:, :64].reshape(-1, 8, 8)
    y = rows[:, 64].astype(np.int64)
    n_train = int(len(rows) * (1 - test_split))
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
