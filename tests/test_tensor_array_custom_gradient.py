"""tw.TensorArray and tw.custom_gradient (TF 2, eager and in tw.function)."""

import pytest

import tensorweave as tw


def test_tensor_array_write_read_stack():
    ta = tw.TensorArray(tw.float32, size=0, dynamic_size=True)
    for i in tw.range(3):
        ta = ta.write(i, tw.cast(i, tw.float32) * 2)
    assert ta.stack().numpy().tolist() == [0.0, 2.0, 4.0]
    assert int(ta.size()) == 3 and float(ta.read(1)) == 2.0
    assert ta.gather([2, 0]).numpy().tolist() == [4.0, 0.0]
    fixed = tw.TensorArray(tw.float32, size=2)
    with pytest.raises(tw.errors.InvalidArgumentError, match="not resizeable"):
        fixed.write(2, 1.0)
    empty = tw.TensorArray(tw.float32, size=0, element_shape=[3])
    assert empty.stack().shape.as_list() == [0, 3]
    rows = tw.TensorArray(tw.float32, size=2).unstack([[1.0, 2.0], [3.0, 4.0]])
    assert rows.read(1).numpy().tolist() == [3.0, 4.0]
    assert rows.concat().numpy().tolist() == [1.0, 2.0, 3.0, 4.0]


def test_tensor_array_in_a_function_and_under_a_tape():
    @tw.function
    def running_sum(x):
        ta = tw.TensorArray(tw.float32, size=x.shape[0])
        s = tw.constant(0.0)
        for i in tw.range(x.shape[0]):
            s += x[i]
            ta = ta.write(i, s)
        return ta.stack()
    x = tw.constant([1.0, 2.0, 3.0])
    assert running_sum(x).numpy().tolist() == [1.0, 3.0, 6.0]
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = tw.reduce_sum(running_sum(x))
    assert tape.gradient(y, x).numpy().tolist() == [3.0, 2.0, 1.0]


def test_tensor_array_needs_eager_mode():
    with tw.Graph().as_default():
        with pytest.raises(NotImplementedError, match="eagerly"):
            tw.TensorArray(tw.float32, size=2)


def test_custom_gradient_replaces_the_gradient():
    @tw.custom_gradient
    def clip_gradient(x):
        return tw.identity(x), lambda dy: tw.clip_by_value(dy, -1.0, 1.0)
    x = tw.constant([3.0])
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = clip_gradient(x) * 10.0
    assert tape.gradient(y, x).numpy().tolist() == [1.0]


def test_custom_gradient_for_numerical_stability():
    @tw.custom_gradient
    def log1pexp(x):
        e = tw.exp(x)

        def grad(upstream):
            return upstream * (1 - 1 / (1 + e))
        return tw.math.log(1 + e), grad
    x = tw.constant(100.0)
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert float(tape.gradient(y, x)) == 1.0  # the plain rule gives NaN here


def test_custom_gradient_of_a_function_that_reads_variables():
    # TF 2.21: grad_fn(dy, variables=...) returns (dx, [dv]); recorded [6.0, 20.0]
    v = tw.Variable(3.0)

    @tw.custom_gradient
    def f(x):
        y = x * v

        def grad(dy, variables=None):
            assert [id(u) for u in variables] == [id(v)]
            return dy * v * 2.0, [dy * x * 10.0]
        return y, grad

    x = tw.constant(2.0)
    with tw.GradientTape() as tape:
        tape.watch(x)
        out = f(x) * 1.0
    assert [float(g) for g in tape.gradient(out, [x, v])] == [6.0, 20.0]

    @tw.custom_gradient
    def h(x):
        return x * v, lambda dy: dy

    with pytest.raises(TypeError, match="keyword argument 'variables'"):
        with tw.GradientTape() as tape:
            tape.watch(x)
            h(x)
