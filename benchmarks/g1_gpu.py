"""G1: W1, W2 and W3 on a GPU, tensorweave's CuPy backend beside PyTorch CUDA, JAX and CuPy.

Usage: ``python benchmarks/g1_gpu.py [--quick] [--output FILE]`` on a machine with a CUDA GPU
and CuPy (``pip install tensorweave[gpu]``); PyTorch and JAX are used when installed. Every
implementation keeps its data on the GPU (tensorweave's feeds are CuPy arrays; a second
tensorweave row feeds NumPy arrays, copied to the GPU every step) and every step ends by
reading the loss back to the host, which waits for the GPU to finish. Implementations are
timed interleaved (``common.time_interleaved``) after their losses are checked to agree.

With ``--backend fakecupy`` (tests/fakecupy.py) the tensorweave rows run on NumPy under
CuPy's rules: a dry run of this script on a machine without a GPU.
"""

import argparse
import datetime
import os
import platform
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

import w1_two_layer as w1  # noqa: E402
import w2_keras_mlp as w2  # noqa: E402
import w3_convnet as w3  # noqa: E402
from common import time_interleaved, try_import  # noqa: E402

BACKEND = ["cupy"]


def _xp():
    from tensorweave.backend import get_array_module
    return get_array_module(BACKEND[0])


def _torch_cuda():
    torch = try_import("torch")
    if torch is None or not torch.cuda.is_available():
        return None
    return torch


# -- W1 --------------------------------------------------------------------------------------------
def w1_tensorweave(device_feeds=True):
    import tensorweave.compat.v1 as tf
    xp = _xp()
    x0, y0, w10, w20 = w1.data()
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=(w1.N, w1.D))
        y = tf.placeholder(tf.float32, shape=(w1.N, w1.D))
        a, b = tf.Variable(w10), tf.Variable(w20)
        h = tf.maximum(tf.matmul(x, a), 0)
        loss = tf.reduce_mean(tf.reduce_sum((tf.matmul(h, b) - y) ** 2, axis=1))
        ga, gb = tf.gradients(loss, [a, b])
        updates = tf.group(a.assign(a - w1.LR * ga), b.assign(b - w1.LR * gb))
        sess = tf.Session(graph=g, backend=xp)
        sess.run(tf.global_variables_initializer())
    feed = {x: xp.asarray(x0), y: xp.asarray(y0)} if device_feeds else {x: x0, y: y0}
    return lambda: float(sess.run([loss, updates], feed_dict=feed)[0])


def w1_cupy_by_hand():
    cp = try_import("cupy")
    if cp is None or BACKEND[0] != "cupy":
        return None
    x, y, a, b = (cp.asarray(v) for v in w1.data())
    w = [a, b]

    def step():
        a, b = w
        hp = x @ a
        h = cp.maximum(hp, 0)
        d = h @ b - y
        loss = (d ** 2).sum(1).mean()
        gy = 2.0 * d / w1.N
        gb = h.T @ gy
        gh = gy @ b.T
        gh[hp < 0] = 0
        ga = x.T @ gh
        w[0] = a - w1.LR * ga
        w[1] = b - w1.LR * gb
        return float(loss)
    return step


def w1_torch():
    torch = _torch_cuda()
    if torch is None:
        return None
    dev = torch.device("cuda")
    x0, y0, a0, b0 = w1.data()
    x, y = torch.from_numpy(x0).to(dev), torch.from_numpy(y0).to(dev)
    a = torch.from_numpy(a0.copy()).to(dev).requires_grad_()
    b = torch.from_numpy(b0.copy()).to(dev).requires_grad_()

    def step():
        loss = ((x.mm(a).clamp(min=0).mm(b) - y) ** 2).sum(1).mean()
        loss.backward()
        with torch.no_grad():
            a.sub_(w1.LR * a.grad)
            b.sub_(w1.LR * b.grad)
            a.grad = None
            b.grad = None
        return float(loss.detach())
    return step


W1 = {"tensorweave Session (CuPy)": w1_tensorweave,
      "tensorweave Session (CuPy, NumPy feeds)": lambda: w1_tensorweave(False),
      "PyTorch CUDA eager": w1_torch, "JAX jit": w1.jax_jit, "CuPy by hand": w1_cupy_by_hand}


# -- W3 --------------------------------------------------------------------------------------------
def w3_tensorweave(device_feeds=True):
    import tensorweave.compat.v1 as tf
    xp = _xp()
    x0, y0, a, b, c = w3.data()
    g = tf.Graph()
    with g.as_default():
        x, y, loss, train = w3._graph_program(tf, x0, y0, a, b, c)
        sess = tf.Session(graph=g, backend=xp)
        sess.run(tf.global_variables_initializer())
    feed = {x: xp.asarray(x0), y: xp.asarray(y0)} if device_feeds else {x: x0, y: y0}
    return lambda: float(sess.run([loss, train], feed_dict=feed)[0])


def w3_torch():
    torch = _torch_cuda()
    if torch is None:
        return None
    import torch.nn.functional as F
    dev = torch.device("cuda")
    x0, y0, a, b, c = w3.data()
    x = torch.from_numpy(x0).permute(0, 3, 1, 2).contiguous().to(dev)
    y = torch.from_numpy(y0).long().to(dev)
    params = [t.to(dev).requires_grad_() for t in (
        torch.from_numpy(a).permute(3, 2, 0, 1).contiguous(), torch.zeros(32),
        torch.from_numpy(b).permute(3, 2, 0, 1).contiguous(), torch.zeros(64),
        torch.from_numpy(c), torch.zeros(10))]

    def step():
        k1, b1, k2, b2, k3, b3 = params
        h = F.max_pool2d(F.relu(F.conv2d(x, k1, b1, padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, k2, b2, padding=1)), 2)
        logits = h.permute(0, 2, 3, 1).reshape(w3.N, -1) @ k3 + b3
        loss = F.cross_entropy(logits, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= w3.LR * p.grad
                p.grad = None
        return float(loss)
    return step


W3 = {"tensorweave Session (CuPy)": w3_tensorweave,
      "tensorweave Session (CuPy, NumPy feeds)": lambda: w3_tensorweave(False),
      "PyTorch CUDA eager": w3_torch, "JAX jit": w3.jax_jit}


# -- W2: one fit epoch (469 steps of 128) ----------------------------------------------------------
def w2_tensorweave(x, y):
    from tensorweave import backend, keras
    backend.set_backend(BACKEND[0] if BACKEND[0] != "fakecupy" else _xp())
    try:
        model = w2.build_model(keras)
        model.fit(x[:w2.BATCH * 4], y[:w2.BATCH * 4], batch_size=w2.BATCH, epochs=1,
                  verbose=0)  # compile the plans
    finally:
        backend.set_backend("numpy")

    def epoch():
        return float(model.fit(x, y, batch_size=w2.BATCH, epochs=1,
                               verbose=0).history["loss"][-1])
    return epoch


def w2_torch(x, y):
    torch = _torch_cuda()
    if torch is None:
        return None
    dev = torch.device("cuda")
    w = w2.initial_weights()
    model = torch.nn.Sequential(torch.nn.Linear(w2.D, w2.H), torch.nn.ReLU(),
                                torch.nn.Linear(w2.H, w2.H), torch.nn.ReLU(),
                                torch.nn.Linear(w2.H, w2.C)).to(dev)
    with torch.no_grad():
        for layer, kernel, bias in zip(model[::2], w[::2], w[1::2]):
            layer.weight.copy_(torch.from_numpy(kernel.T.copy()))
            layer.bias.copy_(torch.from_numpy(bias))
    opt = torch.optim.Adam(model.parameters(), lr=w2.LR, eps=w2.EPSILON)
    loss_fn = torch.nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x).to(dev), torch.from_numpy(y).to(dev)

    def epoch():
        order = torch.randperm(len(x), device=dev)
        total = torch.zeros((), device=dev)
        for start in range(0, len(x), w2.BATCH):
            idx = order[start:start + w2.BATCH]
            loss = loss_fn(model(xt[idx]), yt[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach() * len(idx)
        return float(total) / len(x)
    return epoch


# -- running ---------------------------------------------------------------------------------------
def _fmt(t):
    return f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"


def step_table(title, impls, iters, blocks):
    made = {name: make() for name, make in impls.items()}
    made = {name: f for name, f in made.items() if f is not None}
    losses = {name: [f() for _ in range(3)] for name, f in made.items()}
    ref = losses["tensorweave Session (CuPy)"]
    for name, vals in losses.items():
        if not np.allclose(vals, ref, rtol=2e-3, atol=1e-4):
            raise SystemExit(f"{title}: {name} disagrees: {vals} vs {ref}")
    fresh = {name: impls[name]() for name in made}
    times = time_interleaved(fresh, iters, blocks=blocks)
    ours = times["tensorweave Session (CuPy)"]
    rows = [f"### {title}", "", "| implementation | time per step | tensorweave / this |",
            "|---|---|---|"]
    for name, t in sorted(times.items(), key=lambda kv: kv[1]):
        rows.append(f"| {name} | {_fmt(t)} | {ours / t:.2f} |")
    return rows


def w2_table(quick):
    n = 12_800 if quick else w2.N
    x, y = w2.data()
    x, y = x[:n], y[:n]
    impls = {"tensorweave.keras (CuPy)": w2_tensorweave, "PyTorch CUDA loop": w2_torch}
    made = {name: make(x, y) for name, make in impls.items()}
    made = {name: f for name, f in made.items() if f is not None}
    times = {name: [] for name in made}
    losses = {name: [] for name in made}
    for _ in range(2 if quick else 3):
        for name, f in made.items():
            t0 = time.perf_counter()
            losses[name].append(f())
            times[name].append(time.perf_counter() - t0)
    steps = -(-n // w2.BATCH)
    med = {name: float(np.median(v[1:])) for name, v in times.items()}
    ours = med["tensorweave.keras (CuPy)"]
    rows = [f"### W2: Keras MLP 784-512-512-10, Adam, batch 128, {n} samples per epoch", "",
            "| implementation | epoch | per step | tensorweave / this | loss, epochs 1..3 |",
            "|---|---|---|---|---|"]
    for name, t in sorted(med.items(), key=lambda kv: kv[1]):
        rows.append(f"| {name} | {_fmt(t)} | {_fmt(t / steps)} | {ours / t:.2f} | "
                    + ", ".join(f"{v:.4f}" for v in losses[name]) + " |")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--output", default=None)
    ap.add_argument("--only", default="W1,W2,W3")
    ap.add_argument("--backend", default="cupy", choices=["cupy", "fakecupy"])
    args = ap.parse_args(argv)
    if args.backend == "fakecupy":
        sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
        from fakecupy import fakecupy
        BACKEND[0] = fakecupy
    only = set(args.only.split(","))
    out = [f"# G1: GPU results ({datetime.date.today()})", ""]
    out.append(_machine())
    q = args.quick
    if "W1" in only:
        out += step_table("W1: two-layer net, one SGD step", W1, 20 if q else 200,
                          3 if q else 5) + [""]
    if "W3" in only:
        out += step_table("W3: small conv net, one SGD step", W3, 5 if q else 50,
                          3 if q else 5) + [""]
    if "W2" in only:
        out += w2_table(q) + [""]
    text = "\n".join(out)
    print(text)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")


def _machine():
    parts = [f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    for name in ("cupy", "torch", "jax"):
        mod = try_import(name)
        if mod is not None:
            parts.append(f"{name} {mod.__version__}")
    torch = _torch_cuda()
    gpu = torch.cuda.get_device_name(0) if torch is not None else "no CUDA GPU seen by torch"
    return f"GPU: {gpu}. " + ", ".join(parts) + ".\n"


if __name__ == "__main__":
    main()
