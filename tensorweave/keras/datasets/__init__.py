"""``keras.datasets``: small data sets as NumPy arrays.

- ``mnist``: the Keras MNIST file, downloaded once into ``~/.keras/datasets`` (``$KERAS_HOME``).
- ``digits``: 1,797 8×8 handwritten digits shipped with the package, for offline use.

``get_file`` (also meant as ``keras.utils.get_file``) does the download-and-cache work.
"""

from . import digits, mnist
from .file_utils import get_file

__all__ = ["digits", "mnist", "get_file"]
