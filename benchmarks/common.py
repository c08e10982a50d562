"""Timing helpers shared by the workloads: warm up, then the median of interleaved blocks."""

import resource
import statistics
import sys
import time


def time_interleaved(impls, block_iters, blocks=5, warmup=3):
    """Per-iteration seconds of each implementation, measured side by side.

    ``impls`` maps a name to a zero-argument step function. Every block runs each
    implementation ``block_iters`` times in turn, so machine noise hits all of them alike;
    the result is the median over ``blocks`` blocks.
    """
    for fn in impls.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in impls}
    for _ in range(blocks):
        for name, fn in impls.items():
            t0 = time.perf_counter()
            for _ in range(block_iters):
                fn()
            samples[name].append((time.perf_counter() - t0) / block_iters)
    return {name: statistics.median(v) for name, v in samples.items()}


def try_import(name):
    try:
        return __import__(name)
    except Exception:  # noqa: BLE001 - a peer that fails to import is simply absent
        return None


def peak_rss_mb():
    """This process's peak resident memory in MB.

    On Linux this is ``VmHWM`` of ``/proc/self/status``: the peak of this program's own
    memory. ``ru_maxrss`` is not: a process started by ``subprocess`` (vfork, then exec)
    inherits its parent's peak, so a child of a parent that imported TensorFlow would report
    at least the parent's ~800 MB. Elsewhere, ``ru_maxrss``.
    """
    if sys.platform.startswith("linux"):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
