"""Compares the working tree's tensorweave with an earlier commit's, in one process.

Usage: ``python benchmarks/ab.py REF [--only W1,W2,W3,W2p] [--blocks N]``

On a shared machine, two separate benchmark runs differ by 10-20% on their own, so a change
worth a few percent cannot be seen that way. Here the commit ``REF``'s package is exported
(``git archive``) under another name (``tw_ab``) and imported next to the working tree's;
both build the same workload, and their steps run in alternating blocks, so machine noise
hits both alike. It prints the median times, the ratio (working tree / REF) and whether
both computed the same values bit for bit (losses for W1 and W3; the weights after a short
fit from the same initial weights for W2).

``W2p`` runs W2 in two processes instead (the ref's package exported under its own name),
their epochs alternating: two copies of one package in one process differ by 2-3% on their
own (where their arrays lie), which hides the changes worth a few percent. Their values are
not compared (each process shuffles the data its own way).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import w1_two_layer  # noqa: E402
import w2_keras_mlp  # noqa: E402
import w3_convnet  # noqa: E402
from common import time_interleaved  # noqa: E402

ALIAS = "tw_ab"


def export(ref, dest):
    """``ref``'s ``tensorweave`` package as ``dest/tw_ab`` (absolute imports renamed)."""
    archive = subprocess.run(["git", "-C", ROOT, "archive", ref, "tensorweave"],
                             check=True, capture_output=True).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            try:
                tar.extractall(dest, filter="data")
            except TypeError:  # Python before 3.11.4: no filters (our own archive)
                tar.extractall(dest)
    os.rename(os.path.join(dest, "tensorweave"), os.path.join(dest, ALIAS))
    for folder, _, files in os.walk(os.path.join(dest, ALIAS)):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                renamed = text.replace("import tensorweave", f"import {ALIAS}") \
                    .replace("from tensorweave", f"from {ALIAS}")
                if renamed != text:
                    with open(path, "w", encoding="utf-8") as fh:
                        fh.write(renamed)


def session_workload(module, modules, iters, blocks):
    steps = {name: module._session_step(tf) for name, tf in modules.items()}
    same = len({np.asarray(step()).tobytes() for step in steps.values()}) == 1
    return time_interleaved(steps, iters, blocks), same


def keras_in_processes(ref_root, epochs):
    """W2 epochs of the ref's tensorweave (under ``ref_root``) and the working tree's, each in a
    process of its own, alternating (in one process, two copies differ by 2-3% on their own:
    where their arrays lie)."""
    workers = {"ref": w2_keras_mlp._Worker("tensorweave.keras", ref_root),
               "tree": w2_keras_mlp._Worker("tensorweave.keras", ROOT)}
    times = {name: [] for name in workers}
    try:
        for r in range(epochs + 1):  # the first round warms up
            for name in (["ref", "tree"] if r % 2 == 0 else ["tree", "ref"]):
                answer = workers[name].ask("epoch")
                if "time" not in answer:
                    raise RuntimeError(f"{name}: {answer}")
                if r:
                    times[name].append(answer["time"])
    finally:
        for worker in workers.values():
            worker.close()
    return {name: statistics.median(t) for name, t in times.items()}, None


def keras_workload(kerases, blocks):
    x, y = w2_keras_mlp.data()
    models = {}
    for name, keras in kerases.items():
        model = w2_keras_mlp.build_model(keras)
        # warm-up: batches of the epoch's sizes (its last one is partial), so that every
        # step and plan the timed epochs use is built here
        warm = 20 * w2_keras_mlp.BATCH + len(x) % w2_keras_mlp.BATCH
        model.fit(x[:warm], y[:warm], batch_size=w2_keras_mlp.BATCH, epochs=1, verbose=0,
                  shuffle=False)
        models[name] = model
    weights = [b"".join(w.tobytes() for w in m.get_weights()) for m in models.values()]
    steps = {name: (lambda m=m: m.fit(x, y, batch_size=w2_keras_mlp.BATCH, epochs=1,
                                      verbose=0)) for name, m in models.items()}
    return time_interleaved(steps, 1, blocks, warmup=0), len(set(weights)) == 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--only", default="W1,W2,W3")
    parser.add_argument("--blocks", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        export(args.ref, tmp)
        sys.path.insert(0, tmp)
        sys.path.insert(0, ROOT)
        import tensorweave.compat.v1 as tf_new
        import tensorweave.keras as keras_new
        tf_old = __import__(f"{ALIAS}.compat.v1", fromlist=["v1"])
        keras_old = __import__(f"{ALIAS}.keras", fromlist=["keras"])
        rows = []
        only = args.only.split(",")
        if "W1" in only:
            rows.append(("W1 step", *session_workload(
                w1_two_layer, {"ref": tf_old, "tree": tf_new}, 200, args.blocks)))
        if "W3" in only:
            rows.append(("W3 step", *session_workload(
                w3_convnet, {"ref": tf_old, "tree": tf_new}, 10, args.blocks)))
        if "W2" in only:
            rows.append(("W2 epoch", *keras_workload({"ref": keras_old, "tree": keras_new},
                                                     max(2, args.blocks // 3))))
        if "W2p" in only:
            plain = os.path.join(tmp, "plain")
            os.makedirs(plain)
            archive = subprocess.run(["git", "-C", ROOT, "archive", args.ref, "tensorweave"],
                                     check=True, capture_output=True).stdout
            with tempfile.TemporaryFile() as f:
                f.write(archive)
                f.seek(0)
                with tarfile.open(fileobj=f) as tar:
                    tar.extractall(plain, filter="data")
            rows.append(("W2 epoch (processes)", *keras_in_processes(plain, args.blocks)))
    print(f"| workload | {args.ref} | working tree | tree / ref | same values |")
    print("|---|---|---|---|---|")
    for name, times, same in rows:
        print(f"| {name} | {times['ref'] * 1e3:.3f} ms | {times['tree'] * 1e3:.3f} ms | "
              f"{times['tree'] / times['ref']:.3f} | "
              f"{'-' if same is None else 'yes' if same else 'no'} |")


if __name__ == "__main__":
    main()
