"""ops/winograd.py at its edges, through real graphs (TF1 sessions and Keras ``fit``) run
``with parallel.own_blas`` so that 3x3 stride-1 float32 convolutions of >= 16 channels are
Winograd F(2x2, 3x3): odd sizes, SAME/VALID (and explicit padding, as TF1 code writes it),
NCHW, non-contiguous inputs, planned and kept buffers across runs and batch sizes, two
layers of one shape in one plan, a filter gradient without its forward in the run, batches
of one, one or two intra-op threads, numba failing on the loops, other float types, two
sessions compiling at once. Each graph is compared with the same graph with
``winograd.ENABLED = False`` (the direct product) and with float64 NumPy references.

Channel counts are only 16 and 24 (numba compiles one specialization per count)."""

import contextlib
import threading

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import blas, jit, keras, parallel
from tensorweave.ops import conv, kept, winograd

pytestmark = [
    pytest.mark.numpy_only,
    pytest.mark.skipif(not winograd.works(), reason="needs numba and cblas_sgemm"),
]

TOL = 1e-5  # relative to the largest value: float32 rounding of a few hundred products


# -- helpers ----------------------------------------------------------------------------------

def _close(got, want, tol=TOL):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    scale = max(float(np.abs(want).max()), 1e-30) if want.size else 1.0
    err = float(np.abs(got.astype(np.float64) - want).max()) if want.size else 0.0
    assert err <= tol * scale, f"largest error {err:.3g} vs largest value {scale:.3g}"


def _same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def _data(shape, seed, scale=1.0, dtype=np.float32):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype(dtype)


def _filter(shape, seed):
    return _data(shape, seed, 1 / np.sqrt(9 * shape[2]))


def _dyadic(shape, seed, lo=-3, hi=4):
    """Small integers: every sum of either algorithm is exact in float32 (Winograd's
    transforms only halve), so both give the same bits and the ReLU/max-pool ties agree."""
    return np.random.default_rng(seed).integers(lo, hi, shape).astype(np.float32)


def _reference(x, f, g, padding, pads=None):
    """(y, dx, df) in float64 of y = conv2d(x, f) (NHWC, 3x3, stride 1) and the gradients of
    sum(y * g); ``pads`` ((top, bottom), (left, right)) instead of ``padding`` if given."""
    x, f = x.astype(np.float64), f.astype(np.float64)
    if pads is None:
        _, _, pads = conv._geometry(x.shape, 3, 3, (1, 1), (1, 1), padding)
    (pt, pb), (pl, pr) = pads
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    oh, ow = xp.shape[1] - 2, xp.shape[2] - 2
    y = np.zeros((x.shape[0], oh, ow, f.shape[3]))
    for i in range(3):
        for j in range(3):
            y += xp[:, i:i + oh, j:j + ow] @ f[i, j]
    if g is None:
        return y, None, None
    g = g.astype(np.float64)
    dxp, df = np.zeros_like(xp), np.zeros(f.shape)
    for i in range(3):
        for j in range(3):
            dxp[:, i:i + oh, j:j + ow] += g @ f[i, j].T
            df[i, j] = np.einsum("nhwc,nhwo->co", xp[:, i:i + oh, j:j + ow], g)
    h, w = x.shape[1:3]
    return y, dxp[:, pt:pt + h, pl:pl + w], df


@contextlib.contextmanager
def _winograd(enabled):
    saved = winograd.ENABLED
    winograd.ENABLED = enabled
    try:
        yield
    finally:
        winograd.ENABLED = saved


def _session(threads=None):
    config = None if threads is None else tf.ConfigProto(intra_op_parallelism_threads=threads)
    return tf.Session(config=config)


def _conv_graph(x_shape, xv, fv, padding, gv, fmt="NHWC", dtype=tf.float32):
    """(fetches [y, dx, df], feeds) of y = conv2d(x, f) and the gradients of sum(y * g)."""
    x = tf.placeholder(dtype, x_shape)
    f = tf.Variable(fv)
    y = tf.nn.conv2d(x, f, [1, 1, 1, 1], padding, data_format=fmt)
    loss = tf.reduce_sum(y * tf.constant(gv))
    return [y] + tf.gradients(loss, [x, f]), {x: xv}


def _run(build, enabled=True, threads=None, runs=1):
    """Builds ``build()`` -> (fetches, feeds or list of feeds) in a new graph and runs it in a
    streamed run (``own_blas``) with Winograd on or off; a list of results per feed."""
    with _winograd(enabled), tf.Graph().as_default():
        fetches, feeds = build()
        sess = _session(threads)
        sess.run(tf.global_variables_initializer())
        with parallel.own_blas:
            if isinstance(feeds, list):
                return [sess.run(fetches, fd) for fd in feeds]
            return sess.run(fetches, feeds)


@pytest.fixture
def spy(monkeypatch):
    """Counts the Winograd entry points a run calls: forward (also the input gradient's
    convolution), input_grad, filter_grad (with whether it got the forward's kept tiles)."""
    seen = {"forward": [], "input_grad": [], "filter_grad": []}

    def wrap(name, orig):
        def wrapped(*args, **kwargs):
            if name == "filter_grad":
                tiles = kwargs.get("tiles", args[6] if len(args) > 6 else None)
                seen[name].append(tiles is not None)
            elif name == "forward":
                seen[name].append((kwargs.get("bias") is not None,
                                   kwargs.get("pool") is not None))
            else:
                seen[name].append(True)
            return orig(*args, **kwargs)
        return wrapped
    for name in seen:
        monkeypatch.setattr(winograd, name, wrap(name, getattr(winograd, name)))
    return seen


# -- geometry ---------------------------------------------------------------------------------

GEOMETRIES = [
    ((2, 7, 9, 16), 16, "SAME"),     # odd height and width: partial tiles on both edges
    ((2, 7, 9, 16), 24, "VALID"),
    ((1, 5, 6, 16), 16, "SAME"),     # a batch of one: an empty half of the filter gradient
    ((3, 3, 3, 16), 24, "VALID"),    # one output pixel per image
    ((2, 1, 1, 16), 16, "SAME"),     # a 1x1 image: every tap but the centre is padding
    ((2, 2, 11, 16), 16, "SAME"),    # one row of tiles
    ((1, 4, 3, 16), 24, "VALID"),    # one column of outputs, batch of one
]


@pytest.mark.parametrize("x_shape,o,padding", GEOMETRIES)
def test_geometry_through_a_session(spy, x_shape, o, padding):
    xv, fv = _data(x_shape, 0), _filter((3, 3, x_shape[3], o), 1)
    want = _reference(xv, fv, None, padding)[0]
    gv = _data(want.shape, 2)

    def build():
        return _conv_graph(x_shape, xv, fv, padding, gv)
    fast = _run(build)
    assert len(spy["forward"]) == 2 and spy["filter_grad"] == [True]  # Winograd, kept tiles
    direct = _run(build, enabled=False)
    for a, b, r in zip(fast, direct, _reference(xv, fv, gv, padding)):
        _close(a, b)
        _close(a, r)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_nchw_is_converted_at_the_edges(spy, padding):
    x_shape = (3, 16, 7, 6)
    xv, fv = _data(x_shape, 3), _filter((3, 3, 16, 24), 4)
    nhwc = xv.transpose(0, 2, 3, 1)
    want = _reference(nhwc, fv, None, padding)[0]
    gv = _data(want.shape, 5)

    def build():
        return _conv_graph(x_shape, xv, fv, padding, gv.transpose(0, 3, 1, 2).copy(), "NCHW")
    fast = _run(build)
    assert len(spy["forward"]) == 2 and spy["filter_grad"] == [True]
    direct = _run(build, enabled=False)
    y, dx, df = _reference(nhwc, fv, gv, padding)
    for a, b, r in zip(fast, direct, (y.transpose(0, 3, 1, 2), dx.transpose(0, 3, 1, 2), df)):
        _close(a, b)
        _close(a, r)


def test_explicit_padding_as_tf1_code_writes_it():
    """TF accepts ``padding=[[0, 0], [1, 2], [2, 1], [0, 0]]``: here it is either refused at
    build time with a clear error, or right. The same padding through ``tf.pad`` and a VALID
    convolution (the portable spelling) runs as Winograd and matches the reference."""
    xv, fv = _data((2, 7, 6, 16), 6), _filter((3, 3, 16, 16), 7)
    pads = ((1, 2), (2, 1))
    want = _reference(xv, fv, None, None, pads)[0]
    gv = _data(want.shape, 8)
    explicit = [[0, 0], [1, 2], [2, 1], [0, 0]]
    with tf.Graph().as_default():
        try:
            tf.nn.conv2d(tf.placeholder(tf.float32, xv.shape), fv, [1, 1, 1, 1], explicit)
            supported = True
        except ValueError as e:
            assert "padding" in str(e)
            supported = False

    def build(spelling):
        def make():
            x = tf.placeholder(tf.float32, xv.shape)
            f = tf.Variable(fv)
            if spelling == "explicit":
                y = tf.nn.conv2d(x, f, [1, 1, 1, 1], explicit)
            else:
                y = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]), f,
                                 [1, 1, 1, 1], "VALID")
            return [y] + tf.gradients(tf.reduce_sum(y * gv), [x, f]), {x: xv}
        return make
    for spelling in ["tf.pad"] + (["explicit"] if supported else []):
        fast, direct = _run(build(spelling)), _run(build(spelling), enabled=False)
        for a, b, r in zip(fast, direct, _reference(xv, fv, gv, None, pads)):
            _close(a, b)
            _close(a, r)


# -- buffers ----------------------------------------------------------------------------------

def test_non_contiguous_inputs_gradients_and_small_kept_budget(spy, monkeypatch):
    """Strided, reversed and transposed views into both convolutions; then the same with a
    kept-buffer budget of 0 (every kept array is a new one per run)."""
    xv = _data((3, 9, 7, 32), 9)
    fv = _filter((3, 3, 16, 16), 10)

    def build():
        x = tf.placeholder(tf.float32, xv.shape)
        f = tf.Variable(fv)
        xs = x[:, 1:, ::-1, 3:19]
        xt = tf.transpose(tf.transpose(xs, [0, 3, 1, 2]), [0, 2, 3, 1])
        y = tf.nn.conv2d(xt, f, [1, 1, 1, 1], "SAME")
        y2 = tf.nn.conv2d(tf.transpose(y, [0, 2, 1, 3]), f, [1, 1, 1, 1], "VALID")
        loss = tf.reduce_sum(y2 * y2)
        return [y, y2] + tf.gradients(loss, [x, f]), [{x: xv}, {x: 2 * xv}, {x: xv}]
    fast = _run(build)
    assert len(spy["filter_grad"]) == 6
    direct = _run(build, enabled=False)
    for run_fast, run_direct in zip(fast, direct):
        for a, b in zip(run_fast, run_direct):
            _close(a, b)
    for a, b in zip(fast[0], fast[2]):  # the same feed again: the same bits
        _same_bits(a, b)
    monkeypatch.setattr(kept, "LIMIT", 0)
    for run_fast, run_small in zip(fast, _run(build)):
        for a, b in zip(run_fast, run_small):
            _same_bits(a, b)


def test_kept_tiles_across_runs_of_other_batch_sizes(spy):
    x_shape, padding = (None, 7, 5, 16), "SAME"
    fv = _filter((3, 3, 16, 24), 11)
    batches = [_data((n, 7, 5, 16), 20 + n) for n in (3, 1, 4, 3)]
    grads = [_data((x.shape[0], 7, 5, 24), 30 + i) for i, x in enumerate(batches)]

    def build():
        x = tf.placeholder(tf.float32, x_shape)
        g = tf.placeholder(tf.float32, (None, 7, 5, 24))
        f = tf.Variable(fv)
        y = tf.nn.conv2d(x, f, [1, 1, 1, 1], padding)
        return [y] + tf.gradients(tf.reduce_sum(y * g), [x, f]), \
            [{x: xv, g: gv} for xv, gv in zip(batches, grads)]
    fast = _run(build)
    assert spy["filter_grad"] == [True] * 4  # each run read its own forward's tiles
    direct = _run(build, enabled=False)
    for xv, gv, run_fast, run_direct in zip(batches, grads, fast, direct):
        for a, b, r in zip(run_fast, run_direct, _reference(xv, fv, gv, padding)):
            _close(a, b)
            _close(a, r)


def test_two_layers_of_one_shape_and_two_convolutions_of_one_input(spy):
    """x feeds two convolutions of the same filter shape and geometry (their kept tiles share
    a scratch key), and one of them a second layer of the same shape (same kept-buffer tags
    in another kernel)."""
    xv = _data((3, 9, 7, 16), 12)
    f1, f2 = _filter((3, 3, 16, 16), 13), _filter((3, 3, 16, 16), 14)

    def build():
        x = tf.placeholder(tf.float32, (None, 9, 7, 16))
        a, b = tf.Variable(f1), tf.Variable(f2)
        ya = tf.nn.conv2d(x, a, [1, 1, 1, 1], "SAME")
        yb = tf.nn.conv2d(x, b, [1, 1, 1, 1], "SAME")
        yc = tf.nn.conv2d(ya, b, [1, 1, 1, 1], "SAME")
        loss = tf.reduce_sum(ya * yb) + tf.reduce_sum(tf.sin(yc))
        return [ya, yb, yc] + tf.gradients(loss, [x, a, b]), \
            [{x: xv}, {x: xv[:2] * 3}, {x: xv}]
    fast = _run(build)
    assert len(spy["filter_grad"]) == 9
    direct = _run(build, enabled=False)
    for run_fast, run_direct in zip(fast, direct):
        for a, b in zip(run_fast, run_direct):
            _close(a, b)
    # float64 reference of the two convolutions of x
    _close(fast[0][0], _reference(xv, f1, None, "SAME")[0])
    _close(fast[0][1], _reference(xv, f2, None, "SAME")[0])


def test_filter_gradient_without_its_forward_or_with_another_geometry(spy):
    """A run that fetches only the filter gradient of sum(conv(x, f) * g) (the forward is
    not needed), after a run of the forward with other data; and conv2d_backprop_filter of
    the same x under VALID while the forward in the same run was SAME."""
    x1, x2 = _data((2, 8, 7, 16), 15), _data((2, 8, 7, 16), 16)
    fv = _filter((3, 3, 16, 16), 17)
    g_same, g_valid = _data((2, 8, 7, 16), 18), _data((2, 6, 5, 16), 19)

    def build():
        x = tf.placeholder(tf.float32, x1.shape)
        g = tf.placeholder(tf.float32, g_same.shape)
        f = tf.Variable(fv)
        y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")
        df = tf.gradients(tf.reduce_sum(y * g), f)[0]
        other = tf.nn.conv2d_backprop_filter(x, [3, 3, 16, 16], g_valid, [1, 1, 1, 1],
                                             "VALID")
        return (y, df, other, x, g), None

    def runs(enabled):
        with _winograd(enabled), tf.Graph().as_default():
            (y, df, other, x, g), _ = build()
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            with parallel.own_blas:
                sess.run(y, {x: x1})
                only = sess.run(df, {x: x2, g: g_same})
                both = sess.run([y, df, other], {x: x2, g: g_same})
            return [only] + both
    fast = runs(True)
    assert spy["filter_grad"] and spy["forward"]
    direct = runs(False)
    for a, b in zip(fast, direct):
        _close(a, b)
    y, _, df = _reference(x2, fv, g_same, "SAME")
    _close(fast[0], df)
    _close(fast[1], y)
    _close(fast[2], df)
    _close(fast[3], _reference(x2, fv, g_valid, "VALID")[2])


# -- threads ----------------------------------------------------------------------------------

def test_one_or_two_threads_give_the_same_bits(spy, monkeypatch):
    """117 images of 8x8 (16 tiles, 8 images a block): two threads split the batch at 59,
    not a multiple of the block, so the blocks (and the products' row counts) differ from
    one thread's; the fused bias/ReLU/pool epilogue and a batch of one too."""
    parts = []
    real = blas.one_thread_parts

    def counting(fn, total, n):
        parts.append((total, n))
        return real(fn, total, n)
    monkeypatch.setattr(blas, "one_thread_parts", counting)
    fv = _filter((3, 3, 16, 16), 21)
    bv = _data(16, 22, 0.1)

    def build_for(xv):
        def build():
            x = tf.placeholder(tf.float32, xv.shape)
            f, b = tf.Variable(fv), tf.Variable(bv)
            h = tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b)
            p = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            square = tf.square(p)  # p itself is not fetched: the pooling stays fused
            return [square] + tf.gradients(tf.reduce_sum(square), [x, f, b]), {x: xv}
        return build
    for xv in (_data((117, 8, 8, 16), 23), _data((1, 8, 8, 16), 24)):
        n = xv.shape[0]
        parts.clear()
        one = _run(build_for(xv), threads=1)
        assert {k for total, k in parts if total == n} == {1}  # forward, input gradient
        parts.clear()
        two = _run(build_for(xv), threads=2)
        if n > 1:
            assert {k for total, k in parts if total == n} == {2}  # the batch was split
        for a, b in zip(one, two):
            _same_bits(a, b)
    assert any(bias and pool for bias, pool in spy["forward"])  # the fused epilogue ran


def test_intra_op_threads_one_keeps_every_loop_on_the_calling_thread(monkeypatch):
    names = []
    real = winograd._call

    def recording(name, fn, *args):
        names.append((name, threading.current_thread().name))
        return real(name, fn, *args)
    monkeypatch.setattr(winograd, "_call", recording)
    xv, fv = _data((4, 8, 8, 16), 25), _filter((3, 3, 16, 16), 26)
    gv = _data((4, 8, 8, 16), 27)
    _run(lambda: _conv_graph(xv.shape, xv, fv, "SAME", gv), threads=1)
    assert any(n.startswith("winograd_filter_grad") for n, _ in names)
    me = threading.current_thread().name
    assert {t for _, t in names} == {me}, names


def test_two_sessions_compile_and_run_at_once(monkeypatch):
    """Compile on first use from two threads (each its own session): the drivers made
    afresh (empty ``_made`` and no compiled winograd loops), both results right."""
    monkeypatch.setattr(winograd, "_made", {})
    monkeypatch.setattr(jit, "_loops", {k: v for k, v in jit._loops.items()
                                        if not k.startswith("winograd")})
    xv, fv = _data((3, 6, 5, 16), 28), _filter((3, 3, 16, 16), 29)
    gv = _data((3, 6, 5, 16), 30)
    want = _run(lambda: _conv_graph(xv.shape, xv, fv, "SAME", gv), enabled=False)
    results, errors = [None, None], []
    start = threading.Barrier(2)

    def worker(k):
        try:
            with tf.Graph().as_default():
                fetches, feeds = _conv_graph(xv.shape, xv, fv, "SAME", gv)
                sess = tf.Session()
                sess.run(tf.global_variables_initializer())
                start.wait()
                with parallel.own_blas:
                    results[k] = sess.run(fetches, feeds)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=worker, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert "winograd" not in jit._broken
    for got in results:
        for a, b in zip(got, want):
            _close(a, b)
    for a, b in zip(*results):
        _same_bits(a, b)


# -- fallbacks --------------------------------------------------------------------------------

def _epilogue_graph(xv, fv, bv, gv):
    """relu(conv2d(x, f) + b) then a 2x2 max pooling (fused into the convolution), another
    convolution of the pooled values, and the gradients of everything."""
    x = tf.placeholder(tf.float32, xv.shape)
    f, b = tf.Variable(fv), tf.Variable(bv)
    h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"), b))
    p = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    z = tf.nn.conv2d(p, f[:, :, :, :16] if fv.shape[3] > 16 else f, [1, 1, 1, 1], "SAME")
    loss = tf.reduce_sum(z * gv)
    return [2 * p, z] + tf.gradients(loss, [x, f, b]), {x: xv}  # p itself is not fetched:
    # a fetched pooling is not fused


def _epilogue_data():
    xv, fv = _dyadic((3, 8, 6, 16), 31), _dyadic((3, 3, 16, 16), 32, -2, 3)
    bv, gv = _dyadic(16, 33), _dyadic((3, 4, 3, 16), 34)
    return xv, fv, bv, gv


def test_fused_bias_relu_pool_is_exact_on_dyadic_data(spy):
    """With small integers both algorithms are exact: the fused forward, the pooled values
    and every gradient have the direct product's bits, and y is the float64 reference's."""
    xv, fv, bv, gv = _epilogue_data()
    fast = _run(lambda: _epilogue_graph(xv, fv, bv, gv))
    assert (True, True) in spy["forward"]   # bias, ReLU and pooling in Winograd's driver
    direct = _run(lambda: _epilogue_graph(xv, fv, bv, gv), enabled=False)
    for a, b in zip(fast, direct):
        _same_bits(a, b)
    y = np.maximum(_reference(xv, fv, None, "SAME")[0] + bv, 0)
    pooled = y.reshape(3, 4, 2, 3, 2, 16).max(axis=(2, 4))
    np.testing.assert_array_equal(fast[0], 2 * pooled)


@pytest.mark.parametrize("failing", ["winograd_forward", "winograd_filter_grad"])
def test_numba_failing_on_a_loop_falls_back_with_a_warning(monkeypatch, failing):
    """numba refusing a Winograd driver (simulated: the driver is swapped for one numba
    cannot type): a RuntimeWarning, the direct product for the rest of the process (here:
    of the test), the same results."""
    xv, fv, bv, gv = _epilogue_data()
    direct = _run(lambda: _epilogue_graph(xv, fv, bv, gv), enabled=False)
    monkeypatch.setattr(jit, "_broken", set(jit._broken))
    monkeypatch.setattr(jit, "_loops", dict(jit._loops))
    real = jit.call

    def untypable(*args):
        return object()

    def call(name, fn, *args):
        if name.startswith(failing):
            return real(name + "_simulated_failure", untypable, *args)
        return real(name, fn, *args)
    monkeypatch.setattr(jit, "call", call)
    with pytest.warns(RuntimeWarning, match=failing):
        fast = _run(lambda: _epilogue_graph(xv, fv, bv, gv), threads=2)
    assert "winograd" in jit._broken and not winograd.works()
    for a, b in zip(fast, direct):
        _same_bits(a, b)  # dyadic data: exact either way
    again = _run(lambda: _epilogue_graph(xv, fv, bv, gv))  # the direct product from now on
    for a, b in zip(again, direct):
        _same_bits(a, b)


@pytest.mark.parametrize("dtype", [np.float16, np.float64])
def test_other_float_types_never_use_winograd(spy, dtype):
    xv, fv = _data((2, 6, 5, 16), 35, dtype=dtype), _filter((3, 3, 16, 24), 36).astype(dtype)
    gv = _data((2, 6, 5, 24), 37, dtype=dtype)
    tfd = tf.as_dtype(dtype)

    def build():
        return _conv_graph(xv.shape, xv, fv, "SAME", gv, dtype=tfd)
    fast = _run(build)
    assert spy == {"forward": [], "input_grad": [], "filter_grad": []}
    direct = _run(build, enabled=False)
    for a, b in zip(fast, direct):
        assert a.dtype == dtype
        _same_bits(a, b)
    if dtype == np.float64:
        for a, r in zip(fast, _reference(xv, fv, gv, "SAME")):
            _close(a, r, 1e-12)


def test_images_of_no_rows_give_zero_gradients_as_the_direct_product():
    xv, fv = np.zeros((2, 0, 5, 16), np.float32), _filter((3, 3, 16, 16), 38)
    gv = np.zeros((2, 0, 5, 16), np.float32)

    def build():
        return _conv_graph(xv.shape, xv, fv, "SAME", gv)
    direct = _run(build, enabled=False)
    fast = _run(build)
    for a, b in zip(fast, direct):
        _same_bits(a, b)


# -- Keras ------------------------------------------------------------------------------------

def _keras_fit(enabled, data_format, seed=40):
    """Two 3x3 Conv2D layers (16 -> 16 SAME with ReLU, fused with its bias; 16 -> 24 VALID),
    a max pooling and a dense layer, trained by ``fit`` for four steps: (losses, weights,
    predictions)."""
    with _winograd(enabled):
        rng = np.random.default_rng(seed)
        shape = (8, 8, 16) if data_format == "channels_last" else (16, 8, 8)
        x = rng.standard_normal((32,) + shape).astype(np.float32)
        y = rng.standard_normal((32, 1)).astype(np.float32)
        model = keras.Sequential([
            keras.Input(shape),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu",
                                data_format=data_format),
            keras.layers.Conv2D(24, 3, padding="valid", activation="tanh",
                                data_format=data_format),
            keras.layers.MaxPooling2D(2, data_format=data_format),
            keras.layers.Flatten(),
            keras.layers.Dense(1)])
        model.set_weights([(np.random.default_rng(seed + i).standard_normal(w.shape) * 0.1)
                           .astype(np.float32) for i, w in enumerate(model.get_weights())])
        model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
        with parallel.own_blas:
            history = model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
            predictions = model.predict(x, verbose=0)
        return history.history["loss"], model.get_weights(), predictions


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_keras_fit_matches_the_direct_product(spy, data_format):
    loss, weights, predictions = _keras_fit(True, data_format)
    assert spy["filter_grad"] and spy["input_grad"]
    loss_d, weights_d, predictions_d = _keras_fit(False, data_format)
    np.testing.assert_allclose(loss, loss_d, rtol=1e-5)
    for a, b in zip(weights + [predictions], weights_d + [predictions_d]):
        _close(a, b)


# -- transposed convolutions ------------------------------------------------------------------

@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_conv2d_transpose_and_its_gradients(spy, padding):
    """conv2d_transpose (Conv2DBackpropInput as a layer): its forward is the Winograd input
    gradient, its gradients a Winograd convolution of the upstream gradient and a Winograd
    filter gradient (which may run before that convolution: then it makes its own tiles)."""
    vv = _data((2, 6, 5, 24), 41)
    fv = _filter((3, 3, 16, 24), 42)
    out_hw = (6, 5) if padding == "SAME" else (8, 7)
    gv = _data((2,) + out_hw + (16,), 43)

    def build():
        v = tf.placeholder(tf.float32, vv.shape)
        f = tf.Variable(fv)
        y = tf.nn.conv2d_transpose(v, f, (2,) + out_hw + (16,), [1, 1, 1, 1], padding)
        return [y] + tf.gradients(tf.reduce_sum(y * gv), [v, f]), {v: vv}
    fast = _run(build)
    assert spy["input_grad"] and len(spy["filter_grad"]) == 1 and len(spy["forward"]) == 2
    direct = _run(build, enabled=False)
    for a, b in zip(fast, direct):
        _close(a, b)
    # y = the input gradient of conv2d(x, f) (x of y's shape) for the output gradient vv;
    # d/dv = conv2d(gv, f); d/df = the filter gradient of conv2d(gv, f) against vv
    ref_conv, _, ref_df = _reference(gv, fv, vv, padding)
    _, ref_y, _ = _reference(np.zeros_like(gv), fv, vv, padding)
    _close(fast[0], ref_y)
    _close(fast[1], ref_conv)
    _close(fast[2], ref_df)


# -- non-finite values ------------------------------------------------------------------------

def _inf_case():
    xv, fv = _data((1, 8, 8, 16), 44), _filter((3, 3, 16, 16), 45)
    xv[0, 3, 3, 5] = np.inf  # an interior pixel: in all four outputs of its tile
    gv = _data((1, 8, 8, 16), 46)
    return xv, fv, gv


def test_an_infinite_input_is_not_finite_exactly_where_the_direct_product_is():
    xv, fv, gv = _inf_case()

    def build():
        return _conv_graph(xv.shape, xv, fv, "SAME", gv)
    for a, b in zip(_run(build), _run(build, enabled=False)):
        np.testing.assert_array_equal(np.isfinite(a), np.isfinite(b))
        _close(np.where(np.isfinite(b), a, 0), np.where(np.isfinite(b), b, 0))


@pytest.mark.xfail(strict=True, reason="Winograd's transforms add and subtract the infinite "
                   "input's products (inf - inf): outputs and filter gradients that are "
                   "+-inf in TF and in the direct product come out NaN")
def test_an_infinite_input_gives_infinities_as_the_direct_product():
    xv, fv, gv = _inf_case()

    def build():
        return _conv_graph(xv.shape, xv, fv, "SAME", gv)
    for a, b in zip(_run(build), _run(build, enabled=False)):
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
