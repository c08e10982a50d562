"""Timing helpers shared by the workloads: warm up, then the median of interleaved blocks.

``time_in_processes`` runs each implementation of a step workload in a process of its own
(``python common.py MODULE NAME`` serves it) and interleaves their blocks, as W2's epochs
are: frameworks keep thread pools that poll for work after each op (TensorFlow's Eigen
threads, OpenBLAS's, tensorweave's), and in one shared process each one's pollers slowed the
others down (measured on 2 cores: TF's W3 step 9.7 ms beside tensorweave, 7.7 ms alone).
``time_interleaved`` (one process) serves ``ab.py``, which compares two versions of
tensorweave on equal terms.
"""

import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
_MARK = "STEPRESULT "
PAUSE = 0.3  # seconds between blocks: thread pools poll for ~0.1 s after their last op


def time_interleaved(impls, block_iters, blocks=5, warmup=3):
    """Per-iteration seconds of each implementation, measured side by side.

    ``impls`` maps a name to a zero-argument step function. Every block runs each
    implementation ``block_iters`` times in turn, so machine noise hits all of them alike;
    the result is the median over ``blocks`` blocks. The order alternates from block to block
    (running second is not the same as running first: measured 2% on W2 with two copies of one
    tensorweave).
    """
    for fn in impls.values():
        for _ in range(warmup):
            fn()
    samples = {name: [] for name in impls}
    order = list(impls.items())
    for block in range(blocks):
        for name, fn in (order if block % 2 == 0 else order[::-1]):
            t0 = time.perf_counter()
            for _ in range(block_iters):
                fn()
            samples[name].append((time.perf_counter() - t0) / block_iters)
    return {name: statistics.median(v) for name, v in samples.items()}


def time_in_processes(module_name, names, block_iters, blocks=5, warmup=3):
    """Per-iteration seconds of each implementation ``names`` of workload module
    ``module_name`` (its ``IMPLEMENTATIONS``), each in a process of its own: a warm-up, then
    ``blocks`` rounds of ``block_iters`` steps of each in turn (in alternating order), each
    block after a pause (``PAUSE``: the previous implementation's polling threads, in
    another process, would otherwise take a core from this one) and a few untimed steps;
    the median over the rounds. Implementations that cannot run are left out."""
    workers = {name: _StepWorker(module_name, name) for name in names}
    samples = {}
    try:
        for name, worker in workers.items():
            if "ok" in worker.ask(f"warmup {warmup}"):
                samples[name] = []
        live = list(samples)
        for r in range(blocks):
            for name in (live if r % 2 == 0 else live[::-1]):
                time.sleep(PAUSE)  # the last one's pollers go to sleep
                samples[name].append(workers[name].ask(f"block {block_iters}")["time"])
        for name in live:
            workers[name].ask("done")
    finally:
        for worker in workers.values():
            worker.close()
    return {name: statistics.median(v) for name, v in samples.items()}


class _StepWorker:
    """One implementation's process (``_serve``), answering ``ask(command)`` with a dict."""

    def __init__(self, module_name, name):
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
        # this checkout's tensorweave, as the parent uses it
        env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, HERE, env.get("PYTHONPATH"))
                                            if p)
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), module_name, name], env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)

    def ask(self, command):
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return {"error": "ended"}
        for line in self.proc.stdout:
            if line.startswith(_MARK):
                return json.loads(line[len(_MARK):])
        return {"error": "ended"}

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def _serve(module_name, name):
    """Builds implementation ``name`` of ``module_name`` and runs the parent's commands:
    ``warmup N``, ``block N`` (answers the seconds per step), ``done``."""
    def say(result):
        sys.stdout.write(_MARK + json.dumps(result) + "\n")
        sys.stdout.flush()
    step = importlib.import_module(module_name).IMPLEMENTATIONS[name]()
    for line in sys.stdin:
        command, *arg = line.split()
        if step is None:
            say({"absent": name})
        elif command == "warmup":
            for _ in range(int(arg[0])):
                step()
            say({"ok": True})
        elif command == "block":
            n = int(arg[0])
            for _ in range(max(2, n // 2)):  # back up to speed after the pause
                step()
            t0 = time.perf_counter()
            for _ in range(n):
                step()
            say({"time": (time.perf_counter() - t0) / n})
        if command == "done":
            say({})
            return


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


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
