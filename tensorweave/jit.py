"""numba, when installed (``pip install 'tensorweave[fast]'``): compiled loops for the NumPy
backend, where NumPy would make several passes over memory.

Users: fused elementwise groups (compiler/fuse_loop.py), max pooling with its gradient
(ops/pool_loops.py) and the convolution input gradient's col2im (ops/conv_loops.py). All
keep NumPy's results bit for bit: the loops use numba's defaults (no fast-math, so no
reassociation and no fused multiply-adds) and NumPy's float rules (``error_model="numpy"``:
division by zero gives inf or NaN instead of raising). A loop numba fails on is reported once
and the NumPy code runs instead.

numba is imported on first use, never by ``import tensorweave``. ``TENSORWEAVE_NUMBA=0`` in the
environment (or ``ENABLED = False``) turns every compiled loop off; without numba the NumPy
code runs, with the same results.
"""

import os
import threading

ENABLED = os.environ.get("TENSORWEAVE_NUMBA", "1") != "0"

_module = []  # [numba], or [None] when it is not installed; filled on first use


def numba():
    """The numba module, or None (not installed, or switched off)."""
    if not ENABLED:
        return None
    if not _module:
        try:
            import numba as module
        except ImportError:
            module = None
        except Exception as e:  # noqa: BLE001 - a broken install (llvmlite's library, a
            # NumPy numba does not support yet): run the NumPy code instead, and say why
            import warnings
            warnings.warn(f"numba is installed but cannot be imported ({type(e).__name__}: "
                          f"{e}); tensorweave runs without compiled loops. Reinstall or "
                          "remove numba, or set TENSORWEAVE_NUMBA=0.", RuntimeWarning,
                          stacklevel=2)
            module = None
        _module.append(module)
    return _module[0]


def available():
    """Whether compiled loops can be used."""
    return numba() is not None


def njit(fn, parallel=False):
    """``fn`` compiled as a loop that releases the GIL, with NumPy's float semantics; with
    ``parallel``, its ``prange`` loops run on OpenMP's threads (see ``openmp_usable``)."""
    return numba().njit(nogil=True, error_model="numpy", boundscheck=False,
                        parallel=parallel)(fn)


_openmp = []  # [whether numba's OpenMP layer was chosen and works], after the first try


def openmp_usable():
    """Whether loops compiled with ``parallel=True`` may run: numba present, its threading
    layer OpenMP (GNU OpenMP: the threads oneDNN's products run on, so one pool serves
    both; tensorweave chooses it unless ``NUMBA_THREADING_LAYER`` says otherwise), and no
    failure so far. Decided by the first parallel loop that runs (``run_parallel``)."""
    return available() and (not _openmp or _openmp[0])


def run_parallel(loop, *args):
    """Runs a ``parallel=True`` loop; False if it could not run (numba refused it, or has
    no OpenMP layer: no libgomp), and then no parallel loop runs again in this process: the
    caller runs its serial loop. A threading layer other than OpenMP (the user's choice)
    serves this first loop and no other."""
    if not openmp_usable():
        return False
    if not _openmp and "NUMBA_THREADING_LAYER" not in os.environ:
        numba().config.THREADING_LAYER = "omp"
    try:
        loop(*args)
    except Exception:  # noqa: BLE001 - numba refused the loop, or has no OpenMP layer here
        _openmp[:] = [False]  # either way: no more tries (each would compile in vain)
        return False
    if not _openmp:
        _openmp.append(numba().threading_layer() == "omp")
    return True


def compiled(fn):
    """``fn`` compiled once per process (``njit``), the same dispatcher for every compiled
    loop that calls it (each caller would otherwise compile it again)."""
    loop = _shared.get(fn)
    if loop is None:
        with _making:
            loop = _shared.get(fn)
            if loop is None:
                loop = _shared[fn] = njit(fn)
    return loop


class Unavailable(Exception):
    """A compiled loop could not run (numba failed on it): the caller runs its NumPy code."""


_loops = {}      # name -> compiled loop
_shared = {}     # function -> its compiled dispatcher (see ``compiled``)
_making = threading.Lock()
_broken = set()  # names of loops that failed once (each warned about once)


def works(name):
    """Whether loop ``name`` may be used (numba present, and the loop has not failed)."""
    return available() and name not in _broken


def call(name, fn, *args):
    """Runs ``fn`` compiled (once per process, kept as ``name``) on ``args``. If numba fails
    on it, warns once, stops using it and raises ``Unavailable``."""
    loop = _loops.get(name)
    try:
        if loop is None:
            with _making:  # two threads of a split kernel: one dispatcher, compiled once
                loop = _loops.get(name)
                if loop is None:
                    loop = _loops[name] = njit(fn)
        return loop(*args)
    except Exception as e:  # noqa: BLE001 - a numba failure: the NumPy code is exact
        if name not in _broken:
            import warnings
            warnings.warn(f"tensorweave: the compiled loop {name!r} failed "
                          f"({type(e).__name__}: {e}); running NumPy code instead.",
                          RuntimeWarning, stacklevel=2)
        _broken.add(name)
        raise Unavailable(name) from e
