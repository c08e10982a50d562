"""W2: a Keras MLP 784-512-512-10 trained for one epoch (see shared/WORKLOADS.md).

ReLU hidden layers, sparse softmax cross-entropy from logits, Adam(1e-3), batch 128, one
epoch over 60 000 synthetic samples (10 Gaussian clusters, fixed seed), ``fit(..., verbose=0)``.

Every implementation runs in a process of its own: Keras 3 picks its backend from
``KERAS_BACKEND`` when it is first imported, and a process's peak resident memory
(``common.peak_rss_mb``: VmHWM on Linux, ``ru_maxrss`` elsewhere) is then the memory of that
implementation alone (the interpreter, the framework, the data and the training). The parent calls ``measure(name)``, which runs
``python w2_keras_mlp.py NAME`` and reads the JSON line it prints.

Each process trains one warm-up epoch (tracing, compilation, JIT) and then ``epochs`` timed
epochs; the epoch time is their median. All implementations start from the same initial
weights (Glorot-uniform kernels drawn with NumPy, zero biases), so their losses are
comparable: ``loss`` is the mean training loss of each epoch as ``fit`` reports it.
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

def _keras_epochs(keras, x, y, epochs):
    model = keras.Sequential([
        keras.Input((D,)),
        keras.layers.Dense(H, activation="relu"),
        keras.layers.Dense(H, activation="relu"),
        keras.layers.Dense(C),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.set_weights(initial_weights())
    times, losses = [], []
    for _ in range(1 + epochs):
        t0 = time.perf_counter()
        history = model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
        times.append(time.perf_counter() - t0)
        losses.append(float(history.history["loss"][-1]))
    return times, losses


def run_tensorweave(x, y, epochs):
    from tensorweave import keras
    return _keras_epochs(keras, x, y, epochs)


def run_keras(x, y, epochs):
    import keras
    return _keras_epochs(keras, x, y, epochs)


def run_torch(x, y, epochs):
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
    times, losses = [], []
    for _ in range(1 + epochs):
        t0 = time.perf_counter()
        order = torch.randperm(N)
        total = torch.zeros(())
        for start in range(0, N, BATCH):
            idx = order[start:start + BATCH]
            loss = loss_fn(model(xt[idx]), yt[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
        losses.append(float(total) / N)
        times.append(time.perf_counter() - t0)
    return times, losses


_RUNNERS = {"tensorweave": run_tensorweave, "keras": run_keras, "torch": run_torch}


def _child(name, epochs):
    """Runs one implementation; prints one JSON line."""
    runner, _ = IMPLEMENTATIONS[name]
    x, y = data()
    try:
        times, losses = _RUNNERS[runner](x, y, epochs)
    except ImportError as e:
        result = {"absent": str(e)}
    else:
        result = {"epoch_times": times, "losses": losses}
    result["maxrss_mb"] = peak_rss_mb()
    sys.stdout.write(_MARK + json.dumps(result) + "\n")


# -- the parent ---------------------------------------------------------------------------------

def measure(name, epochs=3, timeout=900):
    """Runs implementation ``name`` in a fresh process: a dict with ``epoch`` (median
    seconds of the timed epochs), ``epoch_times``, ``losses`` (warm-up epoch first),
    ``maxrss_mb``; or ``absent`` (the framework is not installed) or ``error``."""
    _, backend = IMPLEMENTATIONS[name]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    # this checkout's tensorweave, as the other workloads use it
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, env.get("PYTHONPATH")) if p)
    if backend is not None:
        env["KERAS_BACKEND"] = backend
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), name, str(epochs)],
                          env=env, capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(_MARK)]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    result = json.loads(lines[-1][len(_MARK):])
    if "epoch_times" in result:
        result["epoch"] = statistics.median(result["epoch_times"][1:])
    return result


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
