"""Matrix products on tensorweave's own threads, each a one-thread OpenBLAS call.

On 2 cores (OpenBLAS 0.3.31), OpenBLAS's own threading served a convolution net's products
badly: W3's traced step spent 4.1 ms in the second layer's forward product (16384x288 @
288x64) and 4.0 ms in its input gradient; as two halves of the rows, each a one-thread
OpenBLAS call on a thread of its own, they took 2.7 and 2.9 ms. OpenBLAS's threads also
keep polling for a while after each product, and the memory-bound passes of the step (ReLU,
pooling, bias gradients) ran up to 2x slower meanwhile; with OpenBLAS's threads idle they
split between threads too (tensorweave/parallel.py). The whole W3 step: 13.8 instead of
22.1 ms. A small model's products are another matter: W2's 128x784 @ 784x512 took 390 us in
the step on OpenBLAS's threads and 525 us split by rows (each thread packs the whole right
operand), so those plans keep OpenBLAS's threads.

Hence the choice is made per plan: ``plan_owns_threads`` looks at its products' static
shapes, and a Session runs a plan that has one this module splits inside ``with
parallel.own_blas``. There, ``dot`` splits the rows of a product with at least
``SPLIT_MIN_ROWS`` rows and ``SPLIT_MIN_MACS`` multiply-adds between tensorweave's threads,
and runs other products above OpenBLAS's own one-thread size as one-thread calls (so
OpenBLAS's threads are never woken); OpenBLAS is limited per thread with
``openblas_set_num_threads_local`` (OpenBLAS >= 0.3.27, found in the library NumPy loaded).
Each output row is computed by the same one-thread kernel either way, so a split product
has the bits of an unsplit one (tests/test_blas.py).

A product with a long inner dimension and a small result (a convolution's filter gradient:
65536 pixels summed into a 27x32 result; a bias gradient as ``ones @ g``) is split along the
inner dimension instead: ``split_inner_dot`` adds two halves, computed the same way whatever
runs them, so the result does not depend on the number of threads (W3's first layer: 1.0
instead of 2.1 ms). A large product of few rows in such a plan (a dense layer after the
convolutions, and its two gradients) is shared out by rows between tensorweave's threads as
one-thread oneDNN calls where oneDNN is installed (``_onednn_rows``: a cs231n-style TF1 CNN's
64x4096 @ (4096x256)' input gradient 0.6 instead of 6.3 ms split along k, its step 20.9 ->
15.0 ms; one oneDNN call on its OpenMP threads was as fast alone, but those threads spin on
while the next steps run on tensorweave's, +3 ms in that step); without oneDNN it is split
along the inner dimension as well (a wide dense layer: 64x25088 @ 25088x4096 took 75 ms so
and 140 ms on OpenBLAS's two threads, measured alone).

Without the per-thread setting (another BLAS, an older OpenBLAS) or with ``ENABLED = False``,
and in plans that keep BLAS's threads, each product is one call: oneDNN's for float32 where
the fast extra installed it (tensorweave/onednn.py), else NumPy's.
"""

import os
import sys
import threading

import numpy as np

from . import onednn as _onednn
from .parallel import _count as parallel_count
from .parallel import busy as parallel_busy
from .parallel import owns_blas, parallel_for

__all__ = ["dot", "owns_threads", "split_inner_dot", "splits_inner"]

MIN_INNER = 8192      # rows summed over, at least (split_inner_dot)
MAX_RESULT = 1 << 16   # values in the result, at most (split_inner_dot)
OPENBLAS_ONE_THREAD = 1 << 18  # multiply-adds up to which OpenBLAS uses one thread anyway
SPLIT_MIN_MACS = 1 << 24   # smaller products (multiply-adds), those with fewer rows, and
SPLIT_MIN_ROWS = 4096      # those whose left operand is not C-contiguous rows (a transposed
MIN_ROWS = 8               # view) are NumPy's calls as they are (see the docstring)
CHUNK_ROWS = 1024          # a product with a short inner dimension runs in blocks of rows
CHUNK_MAX_INNER = 64       # (see dot)
ENABLED = True             # False: every product is one call (oneDNN's, else NumPy's)
ONEDNN_UNSPLIT = True      # False: large unsplit products in such runs split along k
ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112  # cblas_sgemm's enums (see ``sgemm``)

_local = []  # [openblas_set_num_threads_local or None], looked up on first use
_library = []  # [the ctypes library it was found in]
_gemm = []     # [cblas_sgemm of that library, or None]
_inner = []    # [split_inner_dot's compiled loop over blocks, or None]
_lookup = threading.Lock()


def _library_paths():
    """Paths of loaded (or bundled) shared libraries that may be NumPy's OpenBLAS, NumPy's
    own first (another package may have loaded an OpenBLAS of its own)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/maps") as f:
                found = {line.split()[-1] for line in f
                         if "openblas" in line.lower() and "/" in line}
        except OSError:
            return []
        return sorted(found, key=lambda p: ("numpy" not in p, p))
    root = os.path.dirname(os.path.dirname(os.path.abspath(np.__file__)))
    found = []
    for folder in (os.path.join(root, "numpy.libs"), os.path.join(root, "numpy", ".dylibs")):
        if os.path.isdir(folder):
            found += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                      if "openblas" in n.lower()]
    return found


def _set_local():
    """OpenBLAS's ``openblas_set_num_threads_local`` as a ctypes function, or None."""
    if _local:
        return _local[0]
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
                            _library.append(lib)
                            break
                    if fn is not None:
                        break
            except (OSError, AttributeError, ImportError):
                fn = None
            _local.append(fn)
        return _local[0]


def sgemm():
    """``cblas_sgemm`` of the OpenBLAS whose threads ``openblas_set_num_threads_local``
    limits, as a ctypes function that compiled loops can call without the GIL
    (ops/conv_loops.py streams a convolution's blocks through it), or None. Its integer
    arguments are 64-bit for an ILP64 OpenBLAS (NumPy's ``scipy_openblas64_``), else C
    ints; enums are C ints."""
    if _gemm:
        return _gemm[0]
    fn = None
    if _set_local() is not None:
        import ctypes
        lib = _library[0]
        for name in ("scipy_cblas_sgemm64_", "cblas_sgemm64_", "scipy_cblas_sgemm",
                     "cblas_sgemm"):
            fn = getattr(lib, name, None)
            if fn is not None:
                n = ctypes.c_int64 if name.endswith("64_") else ctypes.c_int
                e, f, p = ctypes.c_int, ctypes.c_float, ctypes.c_void_p
                fn.argtypes = [e, e, e, n, n, n, f, p, n, p, n, f, p, n]
                fn.restype = None
                break
    _gemm.append(fn)
    return fn


def owns_threads():
    """Whether products run on tensorweave's threads with one-thread OpenBLAS calls."""
    return ENABLED and _set_local() is not None


def dot(a, b, out=None):
    """``np.dot(a, b, out=out)`` for 2-D NumPy arrays, in a run inside
    ``parallel.own_blas`` (see the module's docstring): a large product's rows shared out
    between tensorweave's threads, each a one-thread OpenBLAS call (``np.dot``'s bits); a
    large product of few rows split along its inner dimension (``split_inner_dot``: the
    same bits however it runs, rounded differently from one call); other products one call
    on this thread. Outside such a run, and for other arrays, ``np.dot`` as it is."""
    if not (ENABLED and owns_blas()) or _set_local() is None or a.ndim != 2 or \
            b.ndim != 2 or a.dtype != b.dtype or \
            a.dtype.type not in (np.float32, np.float64) or (out is not None and (
                out.dtype != a.dtype or not out.flags.c_contiguous)):
        if not owns_blas():  # float32 products through oneDNN when it is installed
            done = _onednn.dot(a, b, out)
            if done is not None:
                return done
        return np.dot(a, b, out=out)
    m, k = a.shape
    n = b.shape[1]
    if m * k * n <= OPENBLAS_ONE_THREAD:
        return np.dot(a, b, out=out)  # OpenBLAS runs these on one thread anyway
    # inside a split pass (one of its parts): one call on this thread
    nested = parallel_busy()
    parts = row_parts(m, k, n) if a.flags.c_contiguous else 1
    if out is None:
        out = np.empty((m, n), a.dtype)
    # a short inner dimension (a first conv layer's 27 taps): blocks of rows, each block's
    # result still in the cache when the next is written (65536x27 @ 27x32 on one thread:
    # 75 GFLOP/s in one call, 120 in blocks of 1024 rows; no gain from 64 taps up)
    step = CHUNK_ROWS if k < CHUNK_MAX_INNER else max(m, 1)

    def rows(lo, hi, _part):
        for s in range(lo, hi, step):
            e = min(s + step, hi)
            np.dot(a[s:e], b, out=out[s:e])

    large_few_rows = parts == 1 and not nested and m * k * n >= SPLIT_MIN_MACS
    if large_few_rows and ONEDNN_UNSPLIT and _onednn_rows(a, b, out):
        # a large product of few rows in a convolution net's plan (a dense layer's, or its
        # gradients): its rows shared between tensorweave's threads, each a one-thread
        # oneDNN call (64x4096 @ (4096x256)' 0.6 ms; split along k on one-thread OpenBLAS
        # calls 6.3 ms; one oneDNN call on its OpenMP threads is as fast, but those threads
        # then spin while the next steps run on tensorweave's: +3 ms in a TF1 CNN's step)
        return out
    if large_few_rows and k >= 2 * MIN_ROWS:
        # without oneDNN: measured alone, 64x25088 @ 25088x4096 took 75 ms so, 140 ms on
        # OpenBLAS's threads
        split_inner_dot(a, b, out)
    else:  # one part: one thread, without waking OpenBLAS's (they would then poll a while)
        one_thread_parts(rows, m, parts)
    return out


def _onednn_rows(a, b, out):
    """``out = a @ b`` as row blocks on tensorweave's threads, one one-thread oneDNN call
    each; False (nothing written) where oneDNN does not take it."""
    m = a.shape[0]
    parts = min(parallel_count(), m // MIN_ROWS)
    if parts < 2 or not _onednn.available() or a.dtype != np.float32 or \
            b.dtype != np.float32 or out.dtype != np.float32:
        return False
    done = [True] * parts

    def rows(lo, hi, part):
        done[part] = _onednn.dot(a[lo:hi], b, out[lo:hi], threads=1) is not None

    parallel_for(rows, m, parts)
    if all(done):
        return True
    if any(done):  # (not expected: the same layouts in every block) the rest by NumPy
        np.dot(a, b, out=out)
    return False


def one_thread_parts(fn, total, parts):
    """``parallel_for(fn, total, parts)`` with OpenBLAS limited to one thread in each part
    (``openblas_set_num_threads_local``, which must be available): products made in ``fn``
    run on the part's own thread, OpenBLAS's threads stay idle."""
    set_local = _set_local()

    def part(lo, hi, p):
        old = set_local(1)
        try:
            fn(lo, hi, p)
        finally:
            set_local(old)
    parallel_for(part, total, parts)


def row_parts(m, k, n):
    """Between how many threads a run on tensorweave's threads shares the rows of an
    (m, k) @ (k, n) product (1: it runs on the calling thread)."""
    if parallel_busy() or not _splits_rows(m, k, n):
        return 1
    return max(1, min(parallel_count(), m // MIN_ROWS))


def _splits_rows(m, k, n):
    return m >= SPLIT_MIN_ROWS and m * k * n >= SPLIT_MIN_MACS


def plan_owns_threads(step_ops):
    """Whether a plan's products should run on tensorweave's threads (``dot`` and
    ``split_inner_dot`` in a run marked ``with parallel.own_blas``): it has one that they
    split (a convolution's, a product of many rows), judged from static shapes (an unknown
    dimension counts as 64). Plans of small products (W1, W2's MLP) keep OpenBLAS's threads,
    which serve those better."""
    return owns_threads() and any(_split_by_us(op) for op in step_ops)


def _static(t):
    shape = t.shape.as_tuple() if t.shape.ndims is not None else None
    return None if shape is None else [64 if d is None else int(d) for d in shape]


def _split_by_us(op):
    """Whether ``op``'s product (2-D MatMul, a convolution's three) is one ``dot`` splits by
    rows or ``split_inner_dot`` along its inner dimension."""
    kind = op.type
    if kind == "MatMul":
        a, b = (_static(t) for t in op.inputs[:2])
        prim = op.primitive
        if a is None or b is None or len(a) != 2 or len(b) != 2 or prim.transpose_a:
            return False  # a' is a view: its rows are not split
        # products of few rows stay OpenBLAS's: W2's epoch took 1.50 instead of 1.16 s with
        # its 128-row products split along k on tensorweave's threads
        return _splits_rows(a[0], a[1], b[0] if prim.transpose_b else b[1])
    if kind not in ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"):
        return False
    out = _static(op.outputs[0])
    if kind == "Conv2D":  # cols (pixels, KH*KW*C) @ f (KH*KW*C, O)
        f = _static(op.inputs[1])
        return out is not None and f is not None and len(out) == 4 and len(f) == 4 and \
            _splits_rows(out[0] * out[1] * out[2], f[0] * f[1] * f[2], f[3])
    g = _static(op.inputs[2])
    if g is None or out is None or len(g) != 4 or len(out) != 4:
        return False
    pixels = g[0] * g[1] * g[2]
    if kind == "Conv2DBackpropInput":  # g (pixels, O) @ taps (O, KH*KW*C)
        f = _static(op.inputs[1])
        return f is not None and len(f) == 4 and \
            _splits_rows(pixels, f[3], f[0] * f[1] * f[2])
    return splits_inner(out[0] * out[1] * out[2], pixels, out[3])  # cols' @ g


def splits_inner(m, k, n):
    """Whether ``split_inner_dot`` splits an (m, k) @ (k, n) product."""
    return k >= MIN_INNER and m * n <= MAX_RESULT


def _inner_sum_loop():
    """A compiled ``loop(at, b, out, lo, hi, step)``: ``out = at[lo:hi].T @ b[lo:hi]`` as a
    sum over blocks of ``step`` rows, in order, each block one cblas_sgemm adding into
    ``out`` (float32, C-contiguous ``at`` and ``b``); None without numba or cblas_sgemm."""
    if not _inner:
        from . import jit
        gemm = sgemm()
        loop = None
        if gemm is not None and jit.works("inner_sum"):
            def loop(at, b, out, lo, hi, step):
                k, n = at.shape[1], b.shape[1]
                beta = np.float32(0)
                for s in range(lo, hi, step):
                    e = min(s + step, hi)
                    gemm(ROW_MAJOR, TRANS, NO_TRANS, k, n, e - s, np.float32(1),
                         at[s:e].ctypes.data, k, b[s:e].ctypes.data, n, beta,
                         out.ctypes.data, n)
                    beta = np.float32(1)
        _inner.append(loop)
    return _inner[0]


def _run_inner_sum(at, b, out, lo, hi, step):
    """Runs ``_inner_sum_loop``; False (warned once) if numba failed on it."""
    from . import jit
    try:
        jit.call("inner_sum", _inner_sum_loop(), at, b, out, lo, hi, step)
        return True
    except jit.Unavailable:
        return False


def split_inner_dot(a, b, out=None):
    """``a @ b`` for 2-D NumPy ``a`` (m, k) and ``b`` (k, n) as two halves of ``k``:
    ``a[:, :h] @ b[:h] + a[:, h:] @ b[h:]``, the halves on two threads with one-thread BLAS
    each when OpenBLAS allows it (see the module's docstring). With a result of fewer than
    ``CHUNK_MAX_INNER`` rows or columns (but more than one row: not a bias gradient's sum),
    each half is itself a sum of products over ``CHUNK_ROWS`` rows of ``k``, in order (a
    first conv layer's 27x32 filter gradient over 32768 pixels: 0.81 ms in one call, 0.65
    in blocks whose operands stay in the cache)."""
    m, k = a.shape
    h = k // 2
    halves = [None, None]
    set_local = _set_local()
    step = CHUNK_ROWS if 1 < m and min(m, b.shape[1]) < CHUNK_MAX_INNER else k

    # blocks in one compiled call per half (cblas_sgemm accumulating into the half's sum):
    # a Python loop over blocks on two threads spent its time handing the GIL back and
    # forth (W3's first filter gradient: 1.25 -> 0.71 ms); the same products and sums
    native = step < k and a.dtype == b.dtype == np.float32 and a.T.flags.c_contiguous and \
        b.flags.c_contiguous and _inner_sum_loop() is not None

    def half(start, stop, part):
        for p in range(start, stop):
            lo, hi = (0, h) if p == 0 else (h, k)
            old = set_local(1) if set_local is not None else None
            try:
                if native:
                    halves[p] = np.empty((m, b.shape[1]), np.float32)
                    if _run_inner_sum(a.T, b, halves[p], lo, hi, step):
                        continue
                acc = np.dot(a[:, lo:min(lo + step, hi)], b[lo:min(lo + step, hi)])
                if lo + step < hi:
                    part_sum = np.empty_like(acc)
                    for s in range(lo + step, hi, step):
                        e = min(s + step, hi)
                        acc += np.dot(a[:, s:e], b[s:e], out=part_sum)
                halves[p] = acc
            finally:
                if old is not None:
                    set_local(old)

    if set_local is not None and parallel_count() > 1:
        parallel_for(half, 2, 2)
    else:  # one thread (no per-thread BLAS setting, or intra_op_parallelism_threads=1)
        half(0, 2, 0)
    return np.add(halves[0], halves[1], out=out)
