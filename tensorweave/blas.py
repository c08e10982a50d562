"""Matrix products that OpenBLAS's own threading serves badly, run as two one-thread halves.

A product with a long inner dimension and a small result (a first convolution layer's filter
gradient: 65536 pixels summed into a 27x32 result) gains nothing from OpenBLAS's two threads,
which split the small result between them. Split the inner dimension instead: each half's
product runs on a thread of its own with OpenBLAS limited to one thread in that thread
(``openblas_set_num_threads_local``, OpenBLAS >= 0.3.27, found in the library NumPy loaded),
and the halves are added. Measured on W3's first layer (cols' @ g, 65536x27 and 65536x32):
1.0 ms instead of 2.1 ms.

The split is the same whatever runs it (two halves, added in order), so the result does not
depend on the number of threads; without the per-thread setting (another BLAS, an older
OpenBLAS) the halves run one after the other in the calling thread.
"""

import os
import sys
import threading

import numpy as np

from .parallel import parallel_for

__all__ = ["split_inner_dot", "splits_inner"]

MIN_INNER = 8192     # rows summed over, at least
MAX_RESULT = 2048    # values in the result, at most (OpenBLAS threads large results well)

_local = []  # [openblas_set_num_threads_local or None], looked up on first use
_lookup = threading.Lock()


def _library_paths():
    """Paths of loaded (or bundled) shared libraries that may be NumPy's OpenBLAS."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/maps") as f:
                return sorted({line.split()[-1] for line in f
                               if "openblas" in line.lower() and "/" in line})
        except OSError:
            return []
    root = os.path.dirname(os.path.dirname(os.path.abspath(np.__file__)))
    found = []
    for folder in (os.path.join(root, "numpy.libs"), os.path.join(root, "numpy", ".dylibs")):
        if os.path.isdir(folder):
            found += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                      if "openblas" in n.lower()]
    return found


def _set_local():
    """OpenBLAS's ``openblas_set_num_threads_local`` as a ctypes function, or None."""
    with _lookup:
        if not _local:
            fn = None
            try:
                import ctypes
                for path in _library_paths():
                    lib = ctypes.CDLL(path)
                    for name in ("openblas_set_num_threads_local",
                                 "scipy_openblas_set_num_threads_local64_",
                                 "scipy_openblas_set_num_threads_local"):
                        fn = getattr(lib, name, None)
                        if fn is not None:
                            fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
                            break
                    if fn is not None:
                        break
            except (OSError, AttributeError, ImportError):
                fn = None
            _local.append(fn)
        return _local[0]


def splits_inner(m, k, n):
    """Whether ``split_inner_dot`` splits an (m, k) @ (k, n) product."""
    return k >= MIN_INNER and m * n <= MAX_RESULT


def split_inner_dot(a, b, out=None):
    """``a @ b`` for 2-D NumPy ``a`` (m, k) and ``b`` (k, n) as two halves of ``k``:
    ``a[:, :h] @ b[:h] + a[:, h:] @ b[h:]``, the halves on two threads with one-thread BLAS
    each when OpenBLAS allows it (see the module's docstring)."""
    k = a.shape[1]
    h = k // 2
    halves = [None, None]
    set_local = _set_local()

    def half(start, stop, part):
        for p in range(start, stop):
            lo, hi = (0, h) if p == 0 else (h, k)
            old = set_local(1) if set_local is not None else None
            try:
                halves[p] = np.dot(a[:, lo:hi], b[lo:hi])
            finally:
                if old is not None:
                    set_local(old)

    if set_local is not None:
        parallel_for(half, 2, 2)
    else:
        half(0, 2, 0)
    return np.add(halves[0], halves[1], out=out)
