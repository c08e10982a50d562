"""W5: ``python -c "import X"`` wall time and peak memory (see shared/WORKLOADS.md)."""

import os
import statistics
import subprocess
import sys
import time

MODULES = ["tensorweave", "numpy", "torch", "jax", "tensorflow"]
# Peak memory in kB: VmHWM on Linux, since ru_maxrss would include the parent's peak (a
# process started by subprocess inherits it); ru_maxrss elsewhere.
_CHILD = ("import resource, sys; import {mod}; "
          "hwm = [line.split()[1] for line in open('/proc/self/status') "
          "if line.startswith('VmHWM:')] if sys.platform.startswith('linux') else []; "
          "sys.stdout.write(hwm[0] if hwm else "
          "str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))")


def measure(module, repeats=5):
    """(median wall seconds, peak RSS in MB) of a fresh interpreter importing ``module``;
    None when it cannot be imported."""
    # as users run it: bytecode caches allowed (and written by one untimed warm-up import)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-c", _CHILD.format(mod=module)]
    subprocess.run(cmd, capture_output=True, text=True, env=env)
    walls, peak = [], 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            return None
        peak = max(peak, int(proc.stdout.strip()) / 1024.0)
    return statistics.median(walls), peak
