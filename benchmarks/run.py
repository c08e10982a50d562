"""Runs the workloads of shared/WORKLOADS.md side by side and writes RESULTS.md.

Usage: ``python benchmarks/run.py [--quick] [--only W1,W2,W4,W5]`` (``make bench`` sets up an
environment with the peers first). Peers that are not installed are reported as absent.
"""

import argparse
import datetime
import os
import platform
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import w1_two_layer  # noqa: E402
import w2_keras_mlp  # noqa: E402
import w3_convnet  # noqa: E402
import w4_overhead  # noqa: E402
import w5_startup  # noqa: E402
from common import time_in_processes, try_import  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def _check_agreement(module, impls):
    """Fresh instances run 3 steps; every loss must match tensorweave's within float32."""
    ref = None
    for name, make in impls.items():
        step = make()
        vals = np.array([np.asarray(step(), dtype=np.float64).ravel() for _ in range(3)])
        if ref is None:
            ref = vals
            continue
        if not np.allclose(vals, ref, rtol=2e-3, atol=1e-4):
            raise SystemExit(f"{module.__name__}: {name} disagrees with tensorweave: "
                             f"{vals.ravel()[:6]} vs {ref.ravel()[:6]}")


def run_step_workload(title, module, quick):
    impls = {}
    for name, make in module.IMPLEMENTATIONS.items():
        if make() is not None:
            impls[name] = make
    _check_agreement(module, impls)
    iters = max(5, module.BLOCK_ITERS // (5 if quick else 1))
    # each implementation in a process of its own, their blocks interleaved (common.py)
    times = time_in_processes(module.__name__, list(impls), iters, blocks=3 if quick else 5)
    ours = times["tensorweave Session"]
    also = [n for n in getattr(module, "ALSO_OURS", []) if n in times]
    rows = [f"### {title}", "", "| implementation | time per step | tensorweave / this |" +
            "".join(f" {n} / this |" for n in also), "|---|---|---|" + "---|" * len(also)]
    for name, t in sorted(times.items(), key=lambda kv: kv[1]):
        rows.append(f"| {name} | {_fmt(t)} | {ours / t:.2f} |" +
                    "".join(f" {times[n] / t:.2f} |" for n in also))
    absent = [n for n in module.IMPLEMENTATIONS if n not in impls]
    if absent:
        rows.append("")
        rows.append(f"Not installed here: {', '.join(absent)}.")
    return rows, times


def run_keras_mlp(quick):
    """W2: each implementation in its own process (see w2_keras_mlp); epoch times, peak
    memory, and losses that must agree with tensorweave's."""
    # Each implementation runs in a process of its own; their epochs are interleaved, round
    # after round in alternating order (see w2_keras_mlp.measure_all).
    names = list(w2_keras_mlp.IMPLEMENTATIONS)
    epochs = 2 if quick else 4
    results = w2_keras_mlp.measure_all(names, epochs=epochs)
    ours = results["tensorweave.keras"]
    if "epoch" not in ours:
        raise SystemExit(f"W2: tensorweave.keras failed: {ours}")
    ran = {n: r for n, r in results.items() if "epoch" in r}
    for name, r in ran.items():
        # Same initial weights, own shuffling: the first epoch's mean loss agrees closely.
        if not np.isclose(r["losses"][0], ours["losses"][0], rtol=0.05):
            raise SystemExit(f"W2: {name} disagrees with tensorweave: first-epoch loss "
                             f"{r['losses'][0]:.4f} vs {ours['losses'][0]:.4f}")
    rows = [f"### W2: Keras MLP {w2_keras_mlp.D}-{w2_keras_mlp.H}-{w2_keras_mlp.H}-"
            f"{w2_keras_mlp.C}, one epoch of Adam over {w2_keras_mlp.N:,} samples "
            f"(batch {w2_keras_mlp.BATCH})", "",
            f"Epoch time: median of {epochs} epochs after a warm-up epoch, each "
            "implementation in a process of its own, their epochs interleaved (one epoch of "
            "each in turn, in alternating order). Peak memory: "
            "the peak resident memory of the implementation's own process (interpreter, "
            "framework, 188 MB of data, training). Loss: mean training loss of the first and "
            "the last epoch, from the same initial weights.", "",
            "| implementation | epoch time | time: tensorweave / this | peak memory "
            "| memory: tensorweave / this | loss, first epoch | loss, last epoch |",
            "|---|---|---|---|---|---|---|"]
    for name, r in sorted(ran.items(), key=lambda kv: kv[1]["epoch"]):
        rows.append(f"| {name} | {r['epoch']:.2f} s | {ours['epoch'] / r['epoch']:.2f} "
                    f"| {r['maxrss_mb']:.0f} MB | {ours['maxrss_mb'] / r['maxrss_mb']:.2f} "
                    f"| {r['losses'][0]:.4f} | {r['losses'][-1]:.4f} |")
    absent = [n for n, r in results.items() if "absent" in r]
    failed = [f"{n} ({r['error']})" for n, r in results.items() if "error" in r]
    if absent:
        rows += ["", f"Not installed here: {', '.join(absent)}."]
    if failed:
        rows += ["", f"Failed: {'; '.join(failed)}."]
    return rows


def run_startup():
    rows = ["### W5: `python -c \"import X\"`", "",
            "| module | wall time | peak memory |", "|---|---|---|"]
    for mod in w5_startup.MODULES:
        res = w5_startup.measure(mod)
        if res is None:
            rows.append(f"| {mod} | not installed | |")
        else:
            rows.append(f"| {mod} | {res[0] * 1000:.0f} ms | {res[1]:.0f} MB |")
    return rows


def _fmt(seconds):
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds * 1e6:.1f} µs"


def _versions():
    out = [f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    for mod in ("tensorflow", "torch", "jax"):
        m = try_import(mod)
        if m is not None:
            out.append(f"{mod} {m.__version__}")
    return ", ".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    parser.add_argument("--only", default="W1,W2,W3,W4,W5")
    parser.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    lines = ["# Benchmark results", "",
             f"Date: {datetime.date.today().isoformat()}. Machine: {platform.machine()}, "
             f"{os.cpu_count()} CPUs, {platform.platform()}. {_versions()}.", "",
             "Ratios are tensorweave's time divided by each implementation's, measured "
             "interleaved in one run (median of blocks), each implementation in a process "
             "of its own (their thread pools would otherwise slow each other down); below 1 "
             "means tensorweave is faster. All implementations are checked to agree on the "
             "loss first.", ""]
    if "W1" in only:
        rows, _ = run_step_workload("W1: two-layer net, one SGD step", w1_two_layer,
                                    args.quick)
        lines += rows + [""]
    if "W2" in only:
        lines += run_keras_mlp(args.quick) + [""]
    if "W3" in only:
        rows, _ = run_step_workload("W3: small conv net, one SGD step", w3_convnet,
                                    args.quick)
        lines += rows + [""]
    if "W4" in only:
        rows, _ = run_step_workload("W4: 100 elementwise ops on a (4,) vector", w4_overhead,
                                    args.quick)
        lines += rows + [""]
    if "W5" in only:
        lines += run_startup() + [""]
    text = "\n".join(lines)
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.output)
    print(text)


if __name__ == "__main__":
    main()
