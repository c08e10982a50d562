"""W2: a Keras MLP 784-512-512-10 trained for one epoch (see shared/WORKLOADS.md).

ReLU hidden layers, sparse softmax cross-entropy from logits, Adam(1e-3), batch 128, one
epoch over 60 000 synthetic samples (10 Gaussian clusters, fixed seed), ``fit(..., verbose=0)``.

Every implementation runs in a process of its own: Keras 3 picks its backend from
``KERAS_BACKEND`` when it is first imported, and a process's peak resident memory
(``common.peak_rss_mb``: VmHWM on Linux, ``ru_maxrss`` elsewhere) is then the memory of that
implementation alone (the interpreter, the framework, the data and the training).
``measure_all(names)`` starts one process per implementation (``python w2_keras_mlp.py
NAME``), which trains a warm-up epoch (tracing, compilation, JIT) and then waits; the parent
then asks each in turn for one epoch, round after round, in alternating order, so that a
machine speeding up or slowing down during the run hits every implementation alike (epochs
interleaved as W1's steps are). The epoch time is the median of the timed epochs. All
implementations start from the same initial weights (Glorot-uniform kernels drawn with NumPy,
zero biases), so their losses are comparable: ``loss`` is the mean training loss of each
epoch as ``fit`` reports it.
"""

import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from common import peak_rss_mb

N, D, H, C = 60_000, 784, 512, 10
BATCH = 128
LR = 1e-3
EPSILON = 1e-7  # Keras's Adam epsilon (PyTorch's default is 1e-8)
SEED = 0
_MARK = "W2RESULT "
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# name -> (runner, KERAS_BACKEND)
IMPLEMENTATIONS = {
    "tensorweave.keras": ("tensorweave", None),
    "Keras 3 / TensorFlow": ("keras", "tensorflow"),
    "Keras 3 / JAX": ("keras", "jax"),
    "Keras 3 / PyTorch": ("keras", "torch"),
    "PyTorch loop": ("torch", None),
}


def data(seed=SEED):
    """60 000 samples around 10 cluster centres: x float32 (N, 784), y int64 (N,)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=0.1, size=(C, D)).astype(np.float32)
    y = rng.integers(0, C, N)
    x = rng.standard_normal((N, D), dtype=np.float32)
    for start in range(0, N, 10_000):  # in place, so the data costs 188 MB and no more
        x[start:start + 10_000] += centres[y[start:start + 10_000]]
    return x, y


def initial_weights(seed=SEED):
    """[kernel, bias] × 3 in Keras layout (kernels (in, out)), Glorot-uniform kernels."""
    rng = np.random.default_rng(seed + 1)
    weights = []
    for fan_in, fan_out in ((D, H), (H, H), (H, C)):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        weights.append(rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32))
        weights.append(np.zeros(fan_out, np.float32))
    return weights


# -- the implementations (each runs in its own process) --------------------------------------

def build_model(keras):
    """The W2 model in ``keras`` (Keras 3 or tensorweave.keras), compiled, with the initial
    weights every implementation starts from."""
    model = keras.Sequential([
        keras.Input((D,)),
        keras.layers.Dense(H, activation="relu"),
        keras.layers.Dense(H, activation="relu"),
        keras.layers.Dense(C),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.set_weights(initial_weights())
    return model


def _keras_trainer(keras, x, y):
    model = build_model(keras)

    def epoch():
        history = model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
        return float(history.history["loss"][-1])
    return epoch


def run_tensorweave(x, y):
    from tensorweave import keras
    return _keras_trainer(keras, x, y)


def run_keras(x, y):
    import keras
    return _keras_trainer(keras, x, y)


def run_torch(x, y):
    """The same training as a plain PyTorch loop: shuffle, slice, step."""
    import torch
    w = initial_weights()
    model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, H),
                                torch.nn.ReLU(), torch.nn.Linear(H, C))
    with torch.no_grad():
        for layer, kernel, bias in zip(model[::2], w[::2], w[1::2]):
            layer.weight.copy_(torch.from_numpy(kernel.T.copy()))
            layer.bias.copy_(torch.from_numpy(bias))
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=EPSILON)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)

    def epoch():
        order = torch.randperm(N)
        total = torch.zeros(())
        for start in range(0, N, BATCH):
            idx = order[start:start + BATCH]
            loss = loss_fn(model(xt[idx]), yt[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
        return float(total) / N
    return epoch


_RUNNERS = {"tensorweave": run_tensorweave, "keras": run_keras, "torch": run_torch}


def _child(name):
    """Serves one implementation: a warm-up epoch, then one timed epoch per ``epoch`` line on
    stdin, each answered with a JSON line; ``done`` answers with the peak memory."""
    runner, _ = IMPLEMENTATIONS[name]
    x, y = data()

    def say(result):
        sys.stdout.write(_MARK + json.dumps(result) + "\n")
        sys.stdout.flush()
    try:
        epoch = _RUNNERS[runner](x, y)
    except ImportError as e:
        say({"absent": str(e)})
        return
    for line in sys.stdin:
        command = line.strip()
        if command == "epoch":
            t0 = time.perf_counter()
            loss = epoch()
            say({"time": time.perf_counter() - t0, "loss": loss})
        elif command == "done":
            say({"maxrss_mb": peak_rss_mb()})
            return


# -- the parent ---------------------------------------------------------------------------------

class _Worker:
    """One implementation's process, answering ``ask(command)`` with a dict."""

    def __init__(self, name, root=REPO):
        _, backend = IMPLEMENTATIONS[name]
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
        # this checkout's tensorweave (or the one under ``root``: benchmarks/ab.py)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        if backend is not None:
            env["KERAS_BACKEND"] = backend
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), name],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)

    def ask(self, command):
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it ended (absent, or failed): read what it said
        for line in self.proc.stdout:
            if line.startswith(_MARK):
                return json.loads(line[len(_MARK):])
        err = self.proc.stderr.read().strip().splitlines()
        return {"error": (err or ["no output"])[-1]}

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def measure_all(names, epochs=4):
    """Trains every implementation in ``names`` side by side (see the module docstring):
    {name: dict with ``epoch`` (median seconds of the timed epochs), ``epoch_times``,
    ``losses`` (warm-up epoch first), ``maxrss_mb``; or ``absent`` or ``error``}."""
    workers = {name: _Worker(name) for name in names}
    results = {name: {"epoch_times": [], "losses": []} for name in names}
    try:
        live = []
        for name, worker in workers.items():  # warm-up epochs, one process at a time
            answer = worker.ask("epoch")
            if "time" in answer:
                results[name]["losses"].append(answer["loss"])
                live.append(name)
            else:
                results[name] = answer
        for r in range(epochs):
            for name in (live if r % 2 == 0 else live[::-1]):
                answer = workers[name].ask("epoch")
                if "time" not in answer:
                    results[name] = answer
                    live.remove(name)
                    continue
                results[name]["epoch_times"].append(answer["time"])
                results[name]["losses"].append(answer["loss"])
        for name in live:
            results[name].update(workers[name].ask("done"))
            results[name]["epoch"] = statistics.median(results[name]["epoch_times"])
    finally:
        for worker in workers.values():
            worker.close()
    return results


if __name__ == "__main__":
    _child(sys.argv[1])
