"""Matrix products through oneDNN's ``dnnl_sgemm``, when the ``fast`` extra installed it.

oneDNN (Intel's deep-learning kernel library, the one TensorFlow's x86 builds use) ships on
PyPI as ``onednn-cpu-gomp``: its shared library (GNU OpenMP threads, no Python module) lands
in the environment's ``lib`` folder, where this module finds it with ctypes on first use.
On 2 cores (AVX-512), its sgemm computed the lecture net's (W1) five products in 215 µs
against NumPy's OpenBLAS 397, and the Keras MLP's (W2) 128x784 @ 784x512 in 242 against 338:
OpenBLAS's second thread barely helps at those sizes, oneDNN's does.

``dot(a, b, out)`` serves float32 2-D operands whose rows or columns are contiguous (a
transposed view is passed as transposed, not copied) and products of at least ``MIN_MACS``
multiply-adds (``MIN_MACS_TRANSPOSED_B`` with a transposed right operand); it returns None
for anything else, and the caller uses NumPy. Results agree with OpenBLAS's to float32
rounding (the sums are ordered differently) and are the same at every run.

oneDNN's threads are GNU OpenMP's: ``intra_op_parallelism_threads`` of them (``tf.ConfigProto``
or ``set_intra_op_parallelism_threads``, set per calling thread), else OpenMP's own count
(``OMP_NUM_THREADS``, else one per core). Large compiled elementwise groups run on the same
threads (compiler/fuse.py), and an SGD step whose gradient is a product is one gemm into the
variable (compiler/gemm_update.py, ``gemm_into``).

Off with ``TENSORWEAVE_ONEDNN=0`` in the environment (or ``ENABLED = False``), without the
library, in a child process forked after it was loaded (GNU OpenMP's threads do not survive
a fork), and inside runs whose products tensorweave's own threads share out
(tensorweave/blas.py: convolution nets).
"""

import os
import sys
import threading

import numpy as np

from . import parallel as _parallel

__all__ = ["available", "dot", "gemm_into"]

ENABLED = os.environ.get("TENSORWEAVE_ONEDNN", "1") != "0"
# Smaller products are NumPy's (OpenBLAS on one thread): oneDNN's call costs ~10 us however
# small the product (64x64 @ 64x64: 13.6 us against 2.9; 64x64 @ 64x128: 13.4 against 5.5);
# from ~1M multiply-adds on it is faster. OpenBLAS reads a transposed right operand slowly
# (128x10 @ (512x10)': 41 us against 23), so with one oneDNN takes over earlier.
MIN_MACS = 1 << 20
MIN_MACS_TRANSPOSED_B = 1 << 17
LIBRARY_NAMES = ("libdnnl.so.3", "libdnnl.so", "libdnnl.3.dylib", "libdnnl.dylib")

_found = []  # [(dnnl_sgemm or None, pid that loaded it)], looked up on first use
_omp_threads = []  # [omp_set_num_threads of the OpenMP oneDNN loaded or None, its default]
_asked = threading.local()  # the thread count this thread last gave OpenMP
_lookup = threading.Lock()
_F32 = np.dtype(np.float32)


def _library_dirs():
    """Where a wheel's data files go: the environment's ``lib`` (a venv, the system), and
    the user site's (``pip install --user``)."""
    import site
    import sysconfig
    dirs = [os.path.join(sysconfig.get_paths()["data"], "lib"), os.path.join(sys.prefix, "lib")]
    user_base = getattr(site, "USER_BASE", None)
    if user_base:
        dirs.append(os.path.join(user_base, "lib"))
    return list(dict.fromkeys(dirs))


def _load():
    """``dnnl_sgemm`` as a ctypes function, or None (no library, or it failed to load)."""
    import ctypes  # here: ``import tensorweave`` stays light (W5)
    for folder in _library_dirs():
        for name in LIBRARY_NAMES:
            path = os.path.join(folder, name)
            if not os.path.exists(path):
                continue
            try:
                fn = ctypes.CDLL(path).dnnl_sgemm
            except (OSError, AttributeError):  # e.g. no libgomp.so.1 on this system
                continue
            c, i64, f32, ptr = ctypes.c_char, ctypes.c_int64, ctypes.c_float, ctypes.c_void_p
            fn.argtypes = [c, c, i64, i64, i64, f32, ptr, i64, ptr, i64, f32, ptr, i64]
            fn.restype = ctypes.c_int
            try:  # the GNU OpenMP it loaded: intra_op_parallelism_threads sets its count
                gomp = ctypes.CDLL("libgomp.so.1")
                setter = gomp.omp_set_num_threads
                setter.argtypes, setter.restype = [ctypes.c_int], None
                gomp.omp_get_max_threads.restype = ctypes.c_int
                default = gomp.omp_get_max_threads()  # OMP_NUM_THREADS, else every core
            except (OSError, AttributeError):
                setter, default = None, 0
            _omp_threads[:] = [setter, default]
            return fn
    return None


def _sgemm():
    if not _found:
        with _lookup:
            if not _found:
                _found.append((_load() if ENABLED else None, os.getpid()))
    fn, pid = _found[0]
    return fn if pid == os.getpid() else None


def available():
    """Whether products go through oneDNN in this process."""
    return ENABLED and _sgemm() is not None


def openmp_default_threads():
    """OpenMP's own thread count (``OMP_NUM_THREADS``, else one per core); 0 if unknown."""
    return _omp_threads[1] if _omp_threads else 0


def _layout(x):
    """(``b"N"`` or ``b"T"``, leading dimension) of 2-D float32 ``x`` as oneDNN's row-major
    gemm reads it, or (None, 0): rows contiguous, or columns (a transposed view)."""
    rows, cols = x.shape
    s0, s1 = x.strides
    if x.flags.c_contiguous:
        return b"N", max(cols, 1)
    if x.flags.f_contiguous:
        return b"T", max(rows, 1)
    if s1 == 4 and s0 % 4 == 0 and s0 >= 4 * cols:
        return b"N", s0 // 4
    if s0 == 4 and s1 % 4 == 0 and s1 >= 4 * rows:
        return b"T", s1 // 4
    return None, 0


def dot(a, b, out=None, threads=None):
    """``a @ b`` into ``out`` (allocated if None) through ``dnnl_sgemm``, or None where it
    does not apply (see the module's docstring): then the caller computes it. ``threads``:
    OpenMP threads for this call (1: on the calling thread alone), else the setting's."""
    if not ENABLED or a.dtype is not _F32 or b.dtype is not _F32 or a.ndim != 2 or \
            b.ndim != 2:
        return None
    m, k = a.shape
    n = b.shape[1]
    if m * k * n < (MIN_MACS if b.flags.c_contiguous else MIN_MACS_TRANSPOSED_B) or \
            b.shape[0] != k or type(a) is not np.ndarray or \
            type(b) is not np.ndarray:
        return None
    if out is not None and (out.dtype is not _F32 or out.shape != (m, n) or
                            not out.flags.c_contiguous or not out.flags.writeable):
        return None
    if out is not None and (np.may_share_memory(out, a) or np.may_share_memory(out, b)):
        return None  # NumPy copies an overlapping operand first; so does the caller
    fn = _sgemm()
    if fn is None:
        return None
    if out is None:
        out = np.empty((m, n), np.float32)
    return out if _gemm(fn, a, b, out, 1.0, 0.0, threads) else None


def gemm_into(a, b, c, alpha, beta):
    """``c = alpha * (a @ b) + beta * c`` for float32 2-D ``a``, ``b`` and C-contiguous
    ``c`` that overlaps neither (the caller checks); False where oneDNN cannot (no library,
    a layout it does not take): then nothing was written."""
    fn = _sgemm()
    return fn is not None and _gemm(fn, a, b, c, alpha, beta)


def _gemm(fn, a, b, c, alpha, beta, threads=None):
    """``fn`` (``dnnl_sgemm``) on ``c``; False for a layout it does not take."""
    ta, lda = _layout(a)
    tb, ldb = _layout(b)
    if ta is None or tb is None:
        return False
    m, k = a.shape
    n = b.shape[1]
    _follow_thread_setting(threads)
    # dnnl_status_t: 0 is success (anything else: an argument oneDNN refuses, C untouched)
    return fn(ta, tb, m, n, k, alpha, a.ctypes.data, lda, b.ctypes.data, ldb, beta,
              c.ctypes.data, max(n, 1)) == 0


def _follow_thread_setting(threads=None):
    """Gives OpenMP (per calling thread, as its ``omp_set_num_threads`` is) the thread count
    ``threads``, else that of ``intra_op_parallelism_threads``: n, or for 0 (chosen)
    OpenMP's own default (``OMP_NUM_THREADS``, else one per core)."""
    setter = _omp_threads[0] if _omp_threads else None
    if setter is None:
        return
    n = threads or _parallel.threads_setting() or _omp_threads[1]
    if getattr(_asked, "n", None) != n:
        setter(n)
        _asked.n = n
