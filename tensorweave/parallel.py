"""Intra-op parallelism: a kernel splits its work over the leading axis between threads.

NumPy releases the GIL inside its loops, so a large elementwise pass, pooling pass or strided
copy split in two runs on two cores at once (measured: ReLU over 8 MB 1.85x faster on two
cores). Matrix products are the BLAS library's or tensorweave/blas.py's; reductions are never
split (the summation order, and so the result, would depend on the thread count).

``parallel_for(fn, total, parts)`` calls ``fn(start, stop, part)`` on contiguous parts of
``range(total)``: the calling thread takes the first part, pool threads the others. Every
element is computed by the same operations whatever the split, so results are identical
for any number of threads.

How many threads: TensorFlow's ``intra_op_parallelism_threads``, set process-wide with
``set_intra_op_parallelism_threads(n)`` or per session with
``tf.ConfigProto(intra_op_parallelism_threads=n)``; 0 (the default) chooses. The choice
depends on the BLAS library: OpenBLAS's threads keep spinning on the other cores for a while
after each matrix product, and a kernel's second thread then shares a core with a spinner
and finishes late (measured on 2 cores: an 8 MB ReLU right after a two-thread OpenBLAS
product takes 710 µs serial and 771 µs split in two; after a one-thread product, 539 µs
split. The spinner does not slow the calling thread's own serial passes).
So by default kernels use one thread per core only when BLAS's threads stay idle: in runs
whose products are one-thread BLAS calls on tensorweave's threads (``with own_blas``, see
tensorweave/blas.py: convolution nets), or when BLAS was limited to one thread
(``OPENBLAS_NUM_THREADS=1``, ``OMP_NUM_THREADS=1`` or ``MKL_NUM_THREADS=1``), and one thread
otherwise.

Where oneDNN computes the products (tensorweave/onednn.py), its GNU OpenMP threads spin
after each one, as OpenBLAS's do; large compiled groups then run on those OpenMP threads
instead of this pool (compiler/fuse.py, ``_openmp_shared``).

Pool workers poll for their next task for ``SPIN_SECONDS`` (with numba, yielding the core
between polls) before they sleep: on a virtual machine a thread asleep for a millisecond
took 50-300 us to wake.
"""

import os
import queue
import sys
import threading
import time

import numpy as np

from . import denormal as _denormal

__all__ = ["parallel_for", "elementwise", "set_intra_op_parallelism_threads",
           "get_intra_op_parallelism_threads", "session_threads"]

MIN_BYTES = 1 << 20  # below this a pass takes ~50 µs: a thread handoff is not worth it


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_threads = 0  # 0: chosen (see the module's docstring)
_session = threading.local()  # the running session's own setting, if it has one


def set_intra_op_parallelism_threads(num_threads):
    """Sets how many threads one kernel may use, process-wide.

    Args:
        num_threads: 1 for no parallelism, n for up to n threads, 0 to let tensorweave
            choose (one per core when BLAS runs single-threaded, else one).

    Raises:
        ValueError: ``num_threads`` is negative.
    """
    global _threads
    _threads = _check(num_threads)


def get_intra_op_parallelism_threads():
    """The process-wide setting (0: chosen by tensorweave)."""
    return _threads


def _check(num_threads):
    num_threads = int(num_threads)
    if num_threads < 0:
        raise ValueError(f"intra_op_parallelism_threads must be >= 0, got {num_threads}")
    return num_threads


_blas_one = []  # read once: BLAS libraries read these when they load, before any run


def _blas_single_threaded():
    if not _blas_one:
        _blas_one.append(any(os.environ.get(v, "").strip() == "1" for v in
                             ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")))
    return _blas_one[0]


def owns_blas():
    """Whether the running plan's products are one-thread BLAS calls on tensorweave's
    threads (``with own_blas:``, see tensorweave/blas.py): BLAS's own threads stay idle."""
    return getattr(_session, "own_blas", False)


class _OwnBlas:
    """``with own_blas:`` marks this thread's run as one whose products run on tensorweave's
    threads (the Session enters it for plans ``blas.plan_owns_threads`` chooses): kernels
    then split their passes between threads by default, as with one-thread BLAS."""

    def __enter__(self):
        _session.__dict__.setdefault("own_blas_saved", []).append(owns_blas())
        _session.own_blas = True

    def __exit__(self, *exc):
        _session.own_blas = _session.own_blas_saved.pop()


own_blas = _OwnBlas()


class session_threads:
    """``with session_threads(n):`` kernels run in this thread use ``n`` threads (the
    running Session's ``ConfigProto(intra_op_parallelism_threads=n)``); None: the
    process-wide setting."""

    def __init__(self, num_threads):
        self.num_threads = None if num_threads is None else _check(num_threads)
        self._saved = []

    def __enter__(self):
        self._saved.append(getattr(_session, "threads", None))
        _session.threads = self.num_threads

    def __exit__(self, *exc):
        _session.threads = self._saved.pop()


def threads_setting():
    """The running session's ``intra_op_parallelism_threads``, else the process-wide one
    (0: chosen by tensorweave)."""
    n = getattr(_session, "threads", None)
    return _threads if n is None else n


def _count():
    n = getattr(_session, "threads", None)
    if n is None:
        n = _threads
    if n == 0:
        n = _cores() if _blas_single_threaded() or owns_blas() else 1
    return min(n, 16)


def parts_for(total, nbytes):
    """How many parts a pass over ``nbytes`` bytes with ``total`` leading items gets."""
    if nbytes < MIN_BYTES or total < 2:
        return 1
    return max(1, min(_count(), total))


def busy():
    """Whether the pool is working (this thread may be one of its parts): a kernel inside a
    split pass does not split again."""
    return _POOL.lock.locked()


def parallel_for(fn, total, parts):
    """Calls ``fn(start, stop, part)`` for ``parts`` contiguous ranges covering
    ``range(total)``, concurrently; returns when all are done (re-raising the first error).

    ``part`` (0 for the calling thread) lets ``fn`` pick per-thread scratch space."""
    global _POOL
    parts = max(1, min(parts, total))
    if parts > 1 and _POOL.pid != os.getpid():
        _POOL = _Pool()  # a forked child has the parent's pool object but none of its threads
    if parts == 1 or not _POOL.lock.acquire(blocking=False):
        # one part, or the pool is busy (another session's run, or a call from inside a
        # worker): run here, in order
        fn(0, total, 0)
        return
    try:
        per = -(-total // parts)
        bounds = [(k * per, min(total, (k + 1) * per)) for k in range(parts)]
        _POOL.run(fn, [b for b in bounds if b[0] < b[1]])
    finally:
        _POOL.lock.release()


SPIN_SECONDS = 0.003  # how long an idle worker keeps polling for its next task
WAIT_SECONDS = 0.05   # how long the calling thread polls for its workers' parts to finish


def _make_spinner():
    """``(poll, worker limit, caller limit)``: a compiled wait that polls a flag between
    ``sched_yield`` calls, without the GIL, at most a limit of times (about
    ``SPIN_SECONDS`` for an idle worker, ``WAIT_SECONDS`` for a caller waiting for its
    workers; see ``_Pool``); None without numba or ``sched_yield``.

    A thread that sleeps on a lock takes 50-300 us to wake on a virtual machine once its
    core has idled for a millisecond (measured on 2 vCPUs: a handoff 15 us back to back,
    50 us after 1 ms, 220 us after 3 ms), more than a split product gains. So a worker polls
    for a few milliseconds after each task, as OpenBLAS's threads do (for longer), and then
    sleeps. Polling yields the core to anything else that wants it."""
    from . import jit
    if not jit.available() or sys.platform == "win32":
        return None
    try:
        import ctypes
        yield_ = ctypes.CDLL(None).sched_yield
        yield_.restype, yield_.argtypes = ctypes.c_int, []

        def poll(flag, signal, at, limit):
            """Raises ``flag[signal]`` (unless ``signal`` < 0), then polls until
            ``flag[at]`` is raised (1) or ``limit`` polls have passed (0). A worker:
            ``poll(flag, 1, 0, n)`` says its last task is done and waits for ``go``; the
            caller: ``poll(flag, -1, 1, n)`` waits for ``done``."""
            if signal >= 0:
                flag[signal] = 1
            i = 0
            while i < limit:
                if flag[at] != 0:
                    return 1
                yield_()
                i += 1
            return 0
        fn = jit.numba().njit(nogil=True)(poll)
        flag = np.zeros(2, np.int64)
        fn(flag, -1, 0, 10)
        start = time.perf_counter()
        fn(flag, -1, 0, 2000)
        per = max((time.perf_counter() - start) / 2000, 1e-8)
    except Exception:  # noqa: BLE001 - no polling: workers sleep on their queue at once
        return None
    return fn, max(100, int(SPIN_SECONDS / per)), max(100, int(WAIT_SECONDS / per))


class _Pool:
    """The worker threads behind ``parallel_for``.

    A hand-off between threads costs what the GIL and the kernel make it cost: a thread
    asleep on a lock or waiting for the GIL took ~8 us to wake on a 2-vCPU virtual machine,
    and a split pass made two such hand-offs (measured: an empty ``parallel_for`` took 42 us;
    W3's step made 15). So with numba both sides poll without the GIL instead
    (``_make_spinner``): the caller queues the task and raises the worker's ``go`` flag
    last; the worker, polling, takes the GIL while the caller runs its own part (free as
    soon as that part is in NumPy or a compiled loop); when done, the worker goes back to
    polling, whose first act is to raise its ``done`` flag, with the GIL already released,
    and the caller, polling for that flag, takes a free GIL. Without numba, workers block on
    their queue and the caller on an event."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self._inboxes = []
        self._flags = []     # per worker: [go, done]
        self._events = []    # per worker: set when its task is done
        self._spinner = False  # not made yet

    @staticmethod
    def _work(inbox, flag, finished, spinner):
        np.seterr(all="ignore")  # this thread runs only kernels, as under the run's errstate
        while True:
            if spinner is not None:
                spinner[0](flag, 1, 0, spinner[1])  # raises ``done``, then polls ``go``
            fn, args, errors, own = inbox.get()
            flag[0] = 0
            modes = _denormal.begin()  # as in the plan's own thread
            _session.own_blas = own    # products as the calling run makes them (blas.py)
            try:
                fn(*args)
            except BaseException as e:  # handed to the calling thread
                errors.append(e)
            finally:
                _denormal.end(modes)
                _session.own_blas = False
            finished.set()

    def run(self, fn, bounds):
        if self._spinner is False:
            self._spinner = _make_spinner()
        spinner = self._spinner
        while len(self._inboxes) < len(bounds) - 1:
            inbox, flag, finished = queue.SimpleQueue(), np.zeros(2, np.int64), \
                threading.Event()
            threading.Thread(target=self._work, args=(inbox, flag, finished, spinner),
                             daemon=True,
                             name=f"tensorweave-intra-op-{len(self._inboxes)}").start()
            self._inboxes.append(inbox)
            self._flags.append(flag)
            self._events.append(finished)
        own = owns_blas()
        errors = []
        for k in range(1, len(bounds)):
            flag, finished = self._flags[k - 1], self._events[k - 1]
            finished.clear()
            flag[1] = 0
            self._inboxes[k - 1].put((fn, bounds[k] + (k,), errors, own))
            flag[0] = 1  # last: the worker finds its task queued
        try:
            fn(bounds[0][0], bounds[0][1], 0)
        finally:
            for k in range(1, len(bounds)):
                # poll for ``done`` without the GIL, then let the event decide: a late
                # ``done`` of the worker's last task may be up (when that one's wait ended
                # on the event)
                if spinner is not None:
                    spinner[0](self._flags[k - 1], -1, 1, spinner[2])
                self._events[k - 1].wait()
        if errors:
            raise errors[0]


_POOL = _Pool()


def _sliced(a, out):
    return isinstance(a, np.ndarray) and a.ndim == out.ndim and a.ndim > 0 \
        and a.shape[0] == out.shape[0]


def elementwise(fn, out, *args):
    """``fn(*args, out=out)`` for an elementwise ``fn``, split along the leading axis:
    operands of ``out``'s rank and length are sliced with it, the others (scalars, operands
    broadcast along the trailing axes) are passed whole. Returns ``out``."""
    n = out.shape[0] if out.ndim else 0
    parts = parts_for(n, out.nbytes)
    if parts == 1:
        fn(*args, out=out)
        return out

    def span(a, b, _part):
        fn(*[x[a:b] if _sliced(x, out) else x for x in args], out=out[a:b])
    parallel_for(span, n, parts)
    return out
