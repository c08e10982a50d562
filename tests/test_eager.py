"""Eager mode: EagerTensor values and operators, eager Variables, and how the namespace a
program reads selects the mode (tensorweave.context)."""

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf
from tensorweave import context
from tensorweave.eager import EagerTensor


def test_top_level_ops_run_at_once():
    x = tw.constant([1.0, 2.0])
    y = x * x + 1
    assert tw.executing_eagerly()
    assert isinstance(y, EagerTensor) and isinstance(y, tw.Tensor)
    np.testing.assert_array_equal(y.numpy(), [2.0, 5.0])
    assert y.dtype == tw.float32 and y.shape.as_list() == [2]


def test_tensor_printing_matches_tf():
    x = tw.constant([1.0, 2.0])
    assert repr(x) == ("<tf.Tensor: shape=(2,), dtype=float32, "
                       "numpy=array([1., 2.], dtype=float32)>")
    assert str(x) == "tf.Tensor([1. 2.], shape=(2,), dtype=float32)"
    assert str(tw.constant(3.0)) == "tf.Tensor(3.0, shape=(), dtype=float32)"
    assert repr(tw.constant(7)) == "<tf.Tensor: shape=(), dtype=int32, numpy=7>"
    assert str(tw.constant([[1, 2], [3, 4]])) == \
        "tf.Tensor(\n[[1 2]\n [3 4]], shape=(2, 2), dtype=int32)"
    assert f"{tw.constant(2.5):.2f}" == "2.50"


def test_python_protocols_read_the_value():
    x = tw.constant([[1.0, 2.0], [3.0, 4.0]])
    assert len(x) == 2
    assert [r.numpy().tolist() for r in x] == [[1.0, 2.0], [3.0, 4.0]]
    assert float(x[1, 0]) == 3.0 and int(tw.constant(5)) == 5
    assert bool(tw.constant(True)) and not bool(tw.constant(0.0))
    assert np.asarray(x).dtype == np.float32
    assert [10, 20, 30][tw.constant(1)] == 20
    with pytest.raises(TypeError, match="Scalar tensor has no `len"):
        len(tw.constant(1.0))


def test_numpy_returns_a_copy():
    x = tw.constant([1.0, 2.0])
    a = x.numpy()
    a[0] = 99
    assert x.numpy()[0] == 1.0


def test_equality_is_elementwise_and_tensors_are_unhashable():
    a, b = tw.constant([1, 2, 3]), tw.constant([1, 0, 3])
    np.testing.assert_array_equal((a == b).numpy(), [True, False, True])
    np.testing.assert_array_equal((a != b).numpy(), [False, True, False])
    with pytest.raises(TypeError, match="unhashable"):
        hash(a)
    assert {a.ref(): 1}[a.ref()] == 1 and a.ref().deref() is a


def test_graph_only_attributes_say_so():
    x = tw.constant(1.0)
    with pytest.raises(AttributeError, match="Tensor.name is undefined when eager"):
        x.name
    with pytest.raises(AttributeError, match="Tensor.graph is undefined"):
        x.graph
    with pytest.raises(NotImplementedError, match="numpy"):
        x.eval()


def test_shape_errors_name_the_op():
    with pytest.raises(tw.errors.InvalidArgumentError, match=r"\[Op:MatMul\]"):
        tw.matmul(tw.ones((2, 3)), tw.ones((2, 3)))


def test_random_ops_are_reproducible_with_a_global_seed():
    tw.random.set_seed(5)
    a1, a2 = tw.random.normal((3,)), tw.random.uniform((2,))
    tw.random.set_seed(5)
    b1, b2 = tw.random.normal((3,)), tw.random.uniform((2,))
    np.testing.assert_array_equal(a1.numpy(), b1.numpy())
    np.testing.assert_array_equal(a2.numpy(), b2.numpy())
    assert not np.array_equal(tw.random.normal((3,)).numpy(), a1.numpy())


def test_op_seed_draws_continue_the_stream():
    a = tw.random.uniform((4,), seed=3).numpy()
    b = tw.random.uniform((4,), seed=3).numpy()
    assert not np.array_equal(a, b)


def test_python_control_flow_helpers_run_eagerly():
    x = tw.constant(3.0)
    assert float(tw.cond(x > 2, lambda: x * 2, lambda: x)) == 6.0
    i, total = tw.while_loop(lambda i, t: i < 4, lambda i, t: (i + 1, t + i),
                             [tw.constant(0), tw.constant(0)])
    assert int(i) == 4 and int(total) == 6
    with tw.control_dependencies([x]):  # program order: nothing to do
        y = x + 1
    assert float(y) == 4.0


def test_tf_gradients_refuses_eager_mode():
    with pytest.raises(RuntimeError, match="Use tf.GradientTape"):
        tw.gradients(tw.constant(1.0), [tw.constant(2.0)])


# -- variables ---------------------------------------------------------------------------------

def test_variable_reads_and_updates_at_once():
    v = tw.Variable([1.0, 2.0], name="v")
    assert v.name == "v:0" and v.dtype == tw.float32 and v.shape.as_list() == [2]
    assert isinstance(v, tw.Variable) and v.trainable
    assert v.assign_add([1.0, 1.0]) is v
    np.testing.assert_array_equal(v.numpy(), [2.0, 3.0])
    v.assign_sub(tw.constant([0.5, 0.5]))
    v.assign([7.0, 8.0])
    np.testing.assert_array_equal((v * 2).numpy(), [14.0, 16.0])
    assert repr(v) == ("<tf.Variable 'v:0' shape=(2,) dtype=float32, "
                       "numpy=array([7., 8.], dtype=float32)>")


def test_a_read_is_a_snapshot():
    v = tw.Variable([1.0, 2.0])
    before = v.read_value()
    v.assign_add([1.0, 1.0])
    np.testing.assert_array_equal(before.numpy(), [1.0, 2.0])


def test_reads_stay_snapshots_through_updates_and_copies():
    import copy
    import pickle
    v = tw.Variable(np.zeros((3, 2), np.float32), name="w")
    v.assign_add(np.ones((3, 2), np.float32))
    t = tw.constant(np.full((3, 2), 4.0, np.float32))
    held = [v.read_value(), v + 0.0, v[0], v.value()]
    snapshot = [h.numpy() for h in held]
    v.assign(t)
    v.assign_add(np.ones((3, 2), np.float32))
    for h, want in zip(held, snapshot):
        np.testing.assert_array_equal(h.numpy(), want)
    np.testing.assert_array_equal(t.numpy(), 4.0)
    np.testing.assert_array_equal(v.numpy(), 5.0)
    with pytest.raises(ValueError):  # the view readers get is read-only
        held[0]._value[0, 0] = 1.0
    assert copy.copy(v) is v  # as TF's variables: a shallow copy is the variable itself
    for other in (copy.deepcopy(v), pickle.loads(pickle.dumps(v))):
        assert other is not v and other.name == "w:0" and other.dtype == tw.float32
        other.assign_add(np.ones((3, 2), np.float32))
        np.testing.assert_array_equal(other.numpy(), 6.0)
        np.testing.assert_array_equal(tw.function(lambda: other.read_value())().numpy(), 6.0)
    np.testing.assert_array_equal(v.numpy(), 5.0)


def test_variable_assign_checks_shape_and_dtype():
    v = tw.Variable([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Shape mismatch"):
        v.assign([1.0, 2.0])
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype int32"):
        v.assign(tw.constant([1, 2, 3]))  # TF's error and message
    with pytest.raises(tw.errors.InvalidArgumentError, match="Cannot update variable with "
                       "shape \\[3\\] using a Tensor with shape \\[2\\]"):
        v.assign_add([1.0, 2.0])
    m = tw.Variable([[1.0, 2.0], [3.0, 4.0]])
    m[0].assign([9.0, 9.0])  # a slice assignment
    np.testing.assert_array_equal(m.numpy(), [[9.0, 9.0], [3.0, 4.0]])
    assert repr(m).endswith("numpy=\narray([[9., 9.],\n       [3., 4.]], dtype=float32)>")
    w = tw.Variable([1.0], shape=tw.TensorShape([None]))
    w.assign([1.0, 2.0, 3.0])
    assert w.numpy().tolist() == [1.0, 2.0, 3.0]


def test_variable_from_a_callable_and_in_a_name_scope():
    with tw.name_scope("layer"):
        v = tw.Variable(lambda: tw.ones((2, 2)), name="kernel", trainable=False)
    assert v.name == "layer/kernel:0" and not v.trainable
    assert v.numpy().sum() == 4.0


# -- which mode ----------------------------------------------------------------------------------

def test_the_namespace_read_selects_the_mode():
    t1 = tf.constant(1.0)
    assert not tf.executing_eagerly() and not isinstance(t1, EagerTensor)
    t2 = tw.constant(1.0)
    assert isinstance(t2, EagerTensor)
    t3 = tf.constant(1.0)
    assert not isinstance(t3, EagerTensor)


def test_a_keras_program_runs_eagerly_unless_a_tf1_program_chose_graphs():
    from tensorweave import keras
    # a Keras program alone (Keras 3 is eager): model(x).numpy(), losses and ops on arrays
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    x = np.ones((2, 3), np.float32)
    assert model(x).numpy().shape == (2, 2)
    loss = keras.losses.MeanSquaredError()(np.ones((2, 3)), np.zeros((2, 3)))
    assert isinstance(loss, EagerTensor) and float(loss) == 1.0
    assert isinstance(keras.ops.mean(np.arange(4.0)), EagerTensor)
    context._reset()
    # a TF 1 program that reads tf.keras after choosing graph mode keeps building graphs
    p = tf.placeholder(tf.float32, (None, 3))
    h = tf.keras.layers.Dense(2)(p)
    assert not isinstance(keras.losses.mean_squared_error(h, h), EagerTensor)
    assert not tf.executing_eagerly()


def test_equality_of_graph_tensors_is_elementwise_in_tf2_code_only():
    @tw.function
    def accuracy(logits, labels):
        hits = tw.argmax(logits, 1, output_type=tw.int32) == labels
        return tw.reduce_mean(tw.cast(hits, tw.float32)), labels != 1

    acc, other = accuracy([[1., 2.], [3., 0.]], tw.constant([1, 2]))
    assert float(acc) == 0.5 and other.numpy().tolist() == [False, True]

    @tw.function
    def count():  # a loop condition with != (ran forever as identity: always "not equal")
        return tw.while_loop(lambda i: i != 5, lambda i: i + 1, [tw.constant(0)])
    assert int(count()[0]) == 5
    evens = tw.data.Dataset.range(6).filter(lambda x: x % 2 == 0)
    assert list(evens.as_numpy_iterator()) == [0, 2, 4]
    pairs = tw.data.Dataset.range(2).map(lambda x: (x, 1, tw.zeros([2])))  # made in map
    assert [(int(a), int(b), c.tolist()) for a, b, c in pairs.as_numpy_iterator()] == \
        [(0, 1, [0.0, 0.0]), (1, 1, [0.0, 0.0])]
    # Keras 3's symbolic tensors and tensors of an explicitly entered graph: identity
    a, b = tw.keras.Input((3,)), tw.keras.Input((3,))
    assert (a == b) is False and b in [a, b] and [a, b].index(b) == 1
    with tw.Graph().as_default():
        c, d = tw.constant(1.0), tw.constant(1.0)
        assert (c == d) is False and [c, d].index(d) == 1

    class CountZeros(tw.keras.layers.Layer):  # a layer's call is TF 2 code: elementwise
        def call(self, x):
            return tw.reduce_sum(tw.cast(x == 0.0, tw.float32), axis=1, keepdims=True)
    inp = tw.keras.Input((3,))
    model = tw.keras.Model(inp, CountZeros()(inp))
    assert model.predict(np.array([[0., 1., 0.], [2., 0., 3.]], np.float32),
                         verbose=0).tolist() == [[2.0], [1.0]]
    context._reset()
    # TF 1 graph tensors compare by identity (they are dict keys)
    a = tf.constant(1.0)
    b = tf.constant(1.0)
    assert (a == a) is True and (a == b) is False and (a != b) is True
    assert {a: 1}[a] == 1


def test_tf1_utility_names_leave_a_keras_program_eager():
    # a TF 2 script's tf.compat.v1.logging / ConfigProto lines select no mode
    tf.logging.set_verbosity(tf.logging.ERROR)
    tf.ConfigProto()
    from tensorweave import keras
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    assert model(np.ones((2, 3), np.float32)).numpy().shape == (2, 2)


def test_a_graph_entered_explicitly_builds_nodes():
    g = tw.Graph()
    with g.as_default():
        t = tw.constant(2.0) * 3
        assert not tw.executing_eagerly()
    assert t.graph is g
    with tw.Session(graph=g) as sess:
        assert sess.run(t) == 6.0


def test_eager_values_used_in_a_graph_become_constants():
    e = tw.constant([1.0, 2.0])
    x = tf.placeholder(tf.float32, (2,))
    y = x + e
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: [1.0, 1.0]}), [2.0, 3.0])
        np.testing.assert_array_equal(sess.run(e), [1.0, 2.0])


def test_enable_eager_execution_pins_the_mode_for_compat_v1():
    try:
        tf.enable_eager_execution()
        assert isinstance(tf.constant(1.0), EagerTensor)
        tf.disable_v2_behavior()  # selects graph mode only when nothing is pinned
        assert isinstance(tf.constant(1.0), EagerTensor)
    finally:
        context.disable_eager_execution()
    assert not isinstance(tf.constant(1.0), EagerTensor)


def test_placeholders_are_graph_nodes_even_in_eager_mode():
    tw.constant(0.0)  # selects eager mode
    p = tw.placeholder(tw.float32, (None, 3))
    assert not isinstance(p, EagerTensor)


def test_operator_fast_path_agrees_with_the_ops():
    rng = np.random.default_rng(0)
    a = tw.constant(rng.normal(size=(3, 4)))
    b = tw.constant(rng.uniform(1, 2, size=(3, 4)))
    for got, want in ((a + b, tw.add(a, b)), (a - b, tw.subtract(a, b)),
                      (a * b, tw.multiply(a, b)), (a / b, tw.truediv(a, b)),
                      (b.__radd__(a), tw.add(a, b)), (b.__rtruediv__(a), tw.truediv(a, b))):
        assert got.dtype == want.dtype == tw.float64
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    x = tw.Variable(2.0 * np.ones(3))
    with tw.GradientTape() as tape:  # recorded: the general path
        y = tw.reduce_sum(x.read_value() * x.read_value())
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [4.0, 4.0, 4.0])
    g = tw.Graph()
    with g.as_default():  # inside a graph: constants and a graph op
        t = a + b
    assert not isinstance(t, EagerTensor) and t.graph is g


def test_operator_fast_path_broadcasts_and_errs_as_the_ops():
    a = tw.constant(np.arange(6.0, dtype=np.float32).reshape(2, 3))
    row = tw.constant(np.float32([1, 2, 3]))
    s = tw.constant(np.float32(2))
    assert context._fast[0]  # eager, no graph entered, no tape: the fast path runs
    for got, want in ((a * row, tw.multiply(a, row)), (row + a, tw.add(row, a)),
                      (a / s, tw.truediv(a, s)), (s - s, tw.subtract(s, s))):
        assert type(got._value) is np.ndarray and got.shape == want.shape
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert (s * s).numpy() == np.float32(4) and (s * s).shape == ()
    with pytest.raises(tw.errors.InvalidArgumentError, match="Incompatible shapes|Mul"):
        a * tw.constant(np.ones(2, np.float32))
    zeros, big = tw.constant(np.zeros(3, np.float32)), tw.constant(np.float32(3e38))
    inf = tw.constant(np.float32(np.inf))
    import warnings
    with warnings.catch_warnings(record=True) as shown:  # quiet, as the general path and TF
        assert np.isinf((row / zeros).numpy()).all() and np.isinf((big * big).numpy())
        assert np.isnan((inf - inf).numpy())
    assert not shown
    with np.errstate(all="raise"):  # the user's settings raise: the general path, quietly
        assert np.isinf((row / zeros).numpy()).all() and np.isnan((inf - inf).numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf((big * big).numpy()) and np.isnan((inf * zeros).numpy()).all()


def test_operator_fast_path_steps_aside_while_any_thread_builds_a_graph():
    import threading
    entered, leave = threading.Event(), threading.Event()

    def build():
        with tw.Graph().as_default():
            entered.set()
            leave.wait(10)

    worker = threading.Thread(target=build)
    worker.start()
    entered.wait(10)
    try:
        assert not context._fast[0]  # another thread builds a graph: the general path,
        t = tw.constant([1.0]) + tw.constant([2.0])  # which still runs this thread eagerly
        assert isinstance(t, EagerTensor) and t.numpy().tolist() == [3.0]
    finally:
        leave.set()
        worker.join()
    assert context._fast[0]
    with tw.GradientTape():
        assert not context._fast[0]
    with context.graph_mode():
        assert not context._fast[0]
    assert context._fast[0]


def test_a_keras_model_called_on_eager_tensors_gives_eager_values():
    from tensorweave import keras
    x = tw.constant(np.ones((4, 3), np.float32))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, use_bias=False)])
    out = model(x)
    assert isinstance(out, EagerTensor) and out.shape.as_list() == [4, 2]
    np.testing.assert_allclose(out.numpy(), np.ones((4, 3)) @ model.get_weights()[0],
                               rtol=1e-6)


def test_shapes_follow_tf2_rules_in_tf2_code():
    x = tw.zeros((2, 3))
    assert repr(x.shape) == "TensorShape([2, 3])" and str(x.shape) == "(2, 3)"
    assert x.shape[0] == 2 and type(x.shape[0]) is int and list(x.shape) == [2, 3]
    assert str(tw.TensorShape([None, 3])) == "(None, 3)"
    p = tf.placeholder(tf.float32, (None, 3))  # TF 1 code: Dimensions, "?"
    assert str(p.shape) == "(?, 3)" and repr(p.shape[1]) == "Dimension(3)"


def test_eager_op_errors_are_invalid_argument_errors():
    with pytest.raises(tw.errors.InvalidArgumentError, match=r"float32.*int32|int32.*float32"):
        tw.add(tw.constant(1.0), tw.constant(1))


def test_config_devices_for_tf2_scripts():
    from tensorweave.backend import get_backend
    gpus = tw.config.list_physical_devices("GPU")
    assert len(gpus) == (0 if get_backend() is np else 1)  # the CuPy backend: one GPU
    cpu = tw.config.list_physical_devices("CPU")[0]
    assert cpu.device_type == "CPU" and cpu.name == "/physical_device:CPU:0"
    tw.config.experimental.set_memory_growth(cpu, True)  # accepted


def test_scalar_reprs_and_numpy_scalars_as_tf2():
    assert repr(tw.constant(3.0)) == "<tf.Tensor: shape=(), dtype=float32, numpy=3.0>"
    assert repr(tw.constant(0.1)) == \
        "<tf.Tensor: shape=(), dtype=float32, numpy=0.10000000149011612>"
    assert repr(tw.constant(True)) == "<tf.Tensor: shape=(), dtype=bool, numpy=True>"
    assert str(tw.constant(0.1)) == "tf.Tensor(0.1, shape=(), dtype=float32)"
    assert repr(tw.Variable(2.0)) == \
        "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=2.0>"
    assert type(tw.constant(3.0).numpy()) is np.float32
    assert type(tw.Variable(2.0).numpy()) is np.float32


def test_an_eager_variable_in_a_graph_op_says_what_to_do():
    v = tw.Variable([1.0, 2.0])
    x = tf.placeholder(tf.float32, (2,))  # selects graph mode
    with pytest.raises(TypeError, match="made eagerly .*compat.v1.Variable"):
        x * v
    assert len(v) == 2 and f"{tw.Variable(1.5):.1f}" == "1.5"
    with tf.Session() as sess:  # fetched: its current value
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_inf_and_nan_come_without_warnings_as_in_tf():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isneginf(tw.math.log(tw.constant(0.0)).numpy())
        assert np.isinf((tw.constant([1.0]) / tw.constant([0.0])).numpy()).all()
        assert np.isnan(tw.sqrt(tw.constant(-1.0)).numpy())


def test_tf2_where_broadcasts():
    got = tw.where(tw.constant([True, False]), tw.constant([1.0, 2.0]), 0.0)
    np.testing.assert_array_equal(got.numpy(), [1.0, 0.0])


def test_more_tf2_semantics():
    t = tw.constant([10, 20, 30])
    assert t[t > 15].numpy().tolist() == [20, 30]  # a boolean mask as the index
    with pytest.raises(TypeError, match="same dtype, got tf.int32 != tf.float32"):
        tw.constant(3) / tw.constant(2.0)
    with pytest.raises(tw.errors.InvalidArgumentError, match="Integer division by zero"):
        tw.constant(7) // 0
    v = tw.Variable(1.0)
    with pytest.raises(RuntimeError, match="assign_add"):
        v += 1
    out = tw.while_loop(lambda i: i < 3, lambda i: [i + 1], [tw.constant(0)])
    assert isinstance(out, list) and int(out[0]) == 3  # TF 2 keeps the structure


def test_string_values_are_bytes_as_in_tf():
    t = tw.constant("ab")
    assert t.numpy() == b"ab" and repr(t) == "<tf.Tensor: shape=(), dtype=string, numpy=b'ab'>"
    assert tw.constant(["a", "é"]).numpy().tolist() == [b"a", "é".encode()]
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(["x", "y"])
    assert tf.Session(graph=g).run(c).tolist() == [b"x", b"y"]


def test_keras_layers_on_arrays_give_eager_tensors_in_tf2_code():
    from tensorweave import keras
    tw.constant(0.0)  # TF 2 code: eager mode selected
    out = keras.layers.Dense(3)(np.ones((2, 4), np.float32))
    assert isinstance(out, EagerTensor) and out.shape == (2, 3)
    assert out.numpy().shape == (2, 3)
