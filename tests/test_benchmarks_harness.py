"""benchmarks/common.py's per-process harness: each implementation runs in a process of its
own and answers the parent's blocks; implementations that cannot run are left out."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import common  # noqa: E402


def test_time_in_processes_times_each_implementation(monkeypatch):
    monkeypatch.setattr(common, "PAUSE", 0.01)
    try:
        import tensorflow  # noqa: F401
        absent = None
    except ImportError:
        absent = "TF compat.v1 Session"  # its factory returns None: left out
    names = ["tensorweave Session", "NumPy op by op"] + ([absent] if absent else [])
    times = common.time_in_processes("w4_overhead", names, block_iters=20, blocks=2, warmup=2)
    assert set(times) >= {"tensorweave Session", "NumPy op by op"}
    assert all(0 < t < 0.05 for t in times.values())
    if absent:
        assert absent not in times


def test_a_worker_that_cannot_start_is_left_out():
    assert common.time_in_processes("no_such_workload_module", ["x"], 1, blocks=1,
                                    warmup=1) == {}
