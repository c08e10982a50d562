"""tw.function: tracing per signature, captured variables and their order, structures in
and out, input_signature, and a training step compiled with a tape inside."""

import numpy as np
import pytest

import tensorweave as tw
from tensorweave.eager import EagerTensor


def test_traces_once_per_signature():
    @tw.function
    def f(x):
        return x * 2 + 1
    assert float(f(tw.constant(1.0))) == 3.0
    assert float(f(tw.constant(5.0))) == 11.0
    assert f.experimental_get_tracing_count() == 1
    f(tw.constant([1.0, 2.0]))  # a new shape traces again
    f(tw.constant(1))           # and a new dtype
    assert f.experimental_get_tracing_count() == 3
    out = f(np.ones((2, 2), np.float32))  # NumPy arrays are tensors too
    assert isinstance(out, EagerTensor) and out.numpy().tolist() == [[3.0, 3.0]] * 2


def test_python_arguments_are_part_of_the_signature():
    @tw.function
    def scale(x, k):
        return x * k
    assert float(scale(tw.constant(2.0), 3.0)) == 6.0
    assert float(scale(tw.constant(2.0), 4.0)) == 8.0
    assert float(scale(tw.constant(5.0), 4.0)) == 20.0
    assert scale.experimental_get_tracing_count() == 2


def test_input_signature_fixes_one_trace():
    @tw.function(input_signature=[tw.TensorSpec([None], tw.float32)])
    def total(x):
        return tw.reduce_sum(x)
    assert float(total(tw.constant([1.0, 2.0]))) == 3.0
    assert float(total(tw.constant([1.0, 2.0, 3.0]))) == 6.0
    assert total.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match="input_signature"):
        total(tw.constant([1, 2]))


def test_assignments_run_in_program_order_even_unreturned():
    v = tw.Variable(1.0)

    @tw.function
    def step():
        before = v.read_value()
        v.assign_add(1.0)
        v.assign(v * 10.0)       # reads the value after the add
        return before, v.read_value()
    before, after = step()
    assert (float(before), float(after)) == (1.0, 20.0)
    assert float(v) == 20.0

    @tw.function
    def bump():
        v.assign_add(5.0)
    assert bump() is None
    assert float(v) == 25.0


def test_a_captured_variable_changed_outside_is_seen():
    v = tw.Variable(2.0)

    @tw.function
    def read():
        return v * 1.0
    assert float(read()) == 2.0
    v.assign(7.0)
    assert float(read()) == 7.0
    assert read.experimental_get_tracing_count() == 1


def test_a_function_updates_variables_in_place_and_reads_stay_snapshots():
    w = tw.Variable(np.ones((64, 32), np.float32))
    x = tw.constant(np.full((8, 64), 0.5, np.float32))

    @tw.function
    def step(x):
        with tw.GradientTape() as tape:
            loss = tw.reduce_sum(tw.matmul(x, w) ** 2)
        w.assign_sub(1e-3 * tape.gradient(loss, w))
        return loss

    step(x)  # the first call: the initial value's tensor held the array
    own = w._base
    losses = [float(step(x)) for _ in range(3)]
    assert w._base is own  # no reader between calls: the plan wrote the variable's array
    before = w.read_value()
    kept = before.numpy()
    losses.append(float(step(x)))  # a reader holds it: the plan makes a new array
    np.testing.assert_array_equal(before.numpy(), kept)
    assert w._base is not own and losses == sorted(losses, reverse=True)
    want = kept - 1e-3 * (x.numpy().T @ (2 * x.numpy() @ kept))  # the step, by hand
    np.testing.assert_allclose(w.numpy(), want, rtol=1e-5)


def test_a_read_in_another_thread_waits_for_an_in_place_run():
    """A run that writes a variable's array in place holds the variable: a read in another
    thread meanwhile waits and then sees the whole new value (never a view that changes)."""
    import threading
    w = tw.Variable(np.zeros((4, 4), np.float32))
    one = tw.constant(np.ones((4, 4), np.float32))

    @tw.function
    def bump(x):
        w.assign_add(x)

    bump(one)
    bump(one)  # the array is the variable's own now: this run writes it in place
    assert not w._shared
    concrete = next(iter(bump._traces.values()))
    session = concrete._session
    in_run, resume = threading.Event(), threading.Event()
    real_run = session.run

    def paused_run(*args, **kwargs):
        out = real_run(*args, **kwargs)  # written; the caller still holds the variable
        in_run.set()
        resume.wait(10)
        return out

    session.run = paused_run
    worker = threading.Thread(target=bump, args=(one,))
    worker.start()
    try:
        assert in_run.wait(10)
        got = []
        reader = threading.Thread(target=lambda: got.append(w.read_value()))
        reader.start()
        reader.join(0.2)
        assert reader.is_alive() and not got  # waits for the run
        resume.set()
        reader.join(10)
        worker.join(10)
    finally:
        resume.set()
        session.run = real_run
    np.testing.assert_array_equal(got[0].numpy(), 3.0)
    bump(one)  # the read holds that array: this run makes a new one
    np.testing.assert_array_equal(got[0].numpy(), 3.0)
    np.testing.assert_array_equal(w.numpy(), 4.0)


def test_a_variable_passed_that_the_code_also_reaches_itself():
    """f(u) with u also a global of f: one capture serves both uses in that trace, which
    then serves u only; f(w) gets a trace of its own (u still gets its own update)."""
    global _reached
    _reached = tw.Variable(1.0)
    w = tw.Variable(10.0)

    @tw.function
    def f(v):
        v.assign_add(1.0)
        _reached.assign_add(100.0)

    f(_reached)
    assert float(_reached) == 102.0
    f(w)
    f(w)
    assert float(_reached) == 302.0 and float(w) == 12.0
    f(_reached)
    assert float(_reached) == 403.0 and f.experimental_get_tracing_count() == 2


def test_structures_in_and_out():
    @tw.function
    def f(inputs):
        return {"sum": inputs["a"] + inputs["b"], "pair": (inputs["a"], None), "k": 3}
    out = f({"a": tw.constant(1.0), "b": tw.constant(2.0)})
    assert float(out["sum"]) == 3.0 and out["pair"][1] is None
    assert float(out["pair"][0]) == 1.0 and int(out["k"]) == 3


def test_eager_tensors_from_the_closure_are_captured():
    scale = tw.constant(3.0)

    @tw.function
    def f(x):
        return x * scale
    assert float(f(tw.constant(2.0))) == 6.0


def test_training_step_with_a_tape_inside_matches_eager():
    rng = np.random.default_rng(2)
    xv = rng.normal(size=(32, 3)).astype(np.float32)
    yv = xv @ np.array([[2.0], [-1.0], [0.5]], np.float32)

    def make():
        return tw.Variable(tw.zeros((3, 1))), tw.Variable(0.0)

    def step(w, b, x, y):
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((tw.matmul(x, w) + b - y) ** 2)
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * gw)
        b.assign_sub(0.1 * gb)
        return loss

    w1, b1 = make()
    w2, b2 = make()
    compiled = tw.function(step)
    for _ in range(20):
        l1 = step(w1, b1, xv, yv)
        l2 = compiled(w2, b2, xv, yv)
        np.testing.assert_allclose(float(l2), float(l1), rtol=1e-5)
    np.testing.assert_allclose(w2.numpy(), w1.numpy(), rtol=1e-5)
    assert compiled.experimental_get_tracing_count() == 1


def test_variables_made_on_the_first_trace_are_lifted():
    class Counter:
        def __init__(self):
            self.v = None

        @tw.function
        def __call__(self, x):
            if self.v is None:
                self.v = tw.Variable(0.0)
            self.v.assign_add(x)
            return self.v.read_value()
    c = Counter()
    assert float(c(tw.constant(2.0))) == 2.0
    assert float(c(tw.constant(3.0))) == 5.0
    assert isinstance(c.v, tw.Variable) and float(c.v) == 5.0


def test_inside_a_graph_it_is_the_python_function():
    import tensorweave.compat.v1 as tf

    @tw.function
    def f(x):
        return x + 1
    x = tf.placeholder(tf.float32, ())
    y = f(x)
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.0}) == 2.0


def test_under_a_tape_the_ops_are_recorded():
    @tw.function
    def f(x):
        return x * x
    x = tw.Variable(3.0)
    with tw.GradientTape() as tape:
        y = f(x)
    assert float(tape.gradient(y, x)) == 6.0


def test_run_functions_eagerly():
    calls = []

    @tw.function
    def f(x):
        calls.append(type(x).__name__)
        return x
    tw.config.run_functions_eagerly(True)
    try:
        f(tw.constant(1.0))
    finally:
        tw.config.run_functions_eagerly(False)
    f(tw.constant(1.0))
    assert calls == ["EagerTensor", "Tensor"]


def test_get_concrete_function_and_errors_surface():
    @tw.function
    def f(x):
        return tw.matmul(x, x)
    cf = f.get_concrete_function(tw.TensorSpec([2, 2], tw.float32))
    assert [t.shape.as_list() for t in cf.outputs] == [[2, 2]]
    with pytest.raises(ValueError, match="Dimensions must be equal|must be equal"):
        f(tw.ones((2, 3)))


def test_a_read_between_two_updates_keeps_its_value():
    v = tw.Variable([1.0, 1.0])

    @tw.function
    def f():
        v.assign_add([1.0, 1.0])
        middle = v.read_value()
        v.assign_add([1.0, 1.0])
        v.assign_sub([0.5, 0.5])
        return middle, v.read_value()
    for k in range(3):
        middle, end = f()
        assert middle.numpy().tolist() == [2.0 + 1.5 * k] * 2
        assert end.numpy().tolist() == [2.5 + 1.5 * k] * 2


def _keras_step_setup(seed=3):
    from tensorweave import keras
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    return model, keras.optimizers.Adam(0.01)


def _keras_data(n=16, seed=5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(n, 4)).astype(np.float32),
            rng.normal(size=(n, 1)).astype(np.float32))


def test_a_keras_training_step_compiles_into_the_models_graph():
    """TF 2's custom training loop (model, loss, GradientTape, optimizer in a tw.function)
    traces into the graph where the Keras state lives and runs there as one plan: the
    Python body runs once per signature, not at each call; the numbers are the eager
    step's, and the optimizer's state (iterations, slots) goes on, never re-initialized."""
    x, y = _keras_data()
    calls = []

    def step(model, opt, xb, yb):
        calls.append(1)
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((model(xb, training=True) - yb) ** 2)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return {"loss": loss}
    m1, o1 = _keras_step_setup()
    m2, o2 = _keras_step_setup()
    m2.set_weights(m1.get_weights())
    compiled = tw.function(lambda xb, yb: step(m2, o2, xb, yb))
    for i in range(4):
        xb, yb = x[4 * i:4 * i + 4], y[4 * i:4 * i + 4]
        got = compiled(xb, yb)["loss"]
        assert type(got) is EagerTensor
        np.testing.assert_allclose(float(got), float(step(m1, o1, xb, yb)["loss"]),
                                   rtol=1e-6)
    assert not compiled._eagerly and compiled._keras_graph is not None
    assert len(calls) == 4 + 1 + 1  # the eager steps, the trace that fell back, its retrace
    assert compiled.experimental_get_tracing_count() == 2
    assert int(o2.iterations.numpy()) == 4
    for a, b in zip(m1.get_weights(), m2.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    compiled(x[:3], y[:3])  # another batch size: traced again, into the same graph
    assert compiled.experimental_get_tracing_count() == 3 and int(o2.iterations.numpy()) == 5


def test_keras_metrics_in_a_compiled_step_accumulate_at_each_call():
    """``train_loss(loss)`` and ``train_accuracy(labels, logits)`` in a compiled step: the
    increments are graph ops, added to the metric on the host at each call (the state and
    ``result()`` as in the eager loop); the value ``metric(...)`` returns is the result
    after the update."""
    from tensorweave import keras
    rng = np.random.default_rng(2)
    x = rng.normal(size=(24, 4)).astype(np.float32)
    labels = rng.integers(0, 3, 24)
    results = {}
    for compiled in (False, True):
        keras.utils.set_random_seed(4)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
        opt = keras.optimizers.SGD(0.1)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        mean = keras.metrics.Mean(name="train_loss")
        acc = keras.metrics.SparseCategoricalAccuracy(name="train_accuracy")

        def step(xb, yb):
            with tw.GradientTape() as tape:
                logits = model(xb, training=True)
                loss = loss_fn(yb, logits)
            opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                    model.trainable_variables))
            running = mean(loss)
            acc(yb, logits)
            return running
        fn = tw.function(step) if compiled else step
        running = [float(fn(x[i:i + 8], labels[i:i + 8])) for i in range(0, 24, 8)]
        results[compiled] = (running, float(mean.result()), float(acc.result()),
                             [s.tolist() for s in mean.state])
        if compiled:
            assert not fn._eagerly
    assert results[True][0] == pytest.approx(results[False][0], rel=1e-6)
    assert results[True][1:3] == pytest.approx(results[False][1:3], rel=1e-6)
    assert results[True][3] == pytest.approx(results[False][3], rel=1e-6)
    assert results[True][0][-1] == pytest.approx(results[True][1])


def test_a_subclassed_model_first_called_in_a_compiled_step():
    """The TF 2 tutorial's ``MyModel(keras.Model)``, built by its first call inside the
    compiled step (its weights made in the graph the trace goes to): the same numbers as
    the eager loop from the same seed."""
    from tensorweave import keras
    rng = np.random.default_rng(7)
    x = rng.normal(size=(16, 5)).astype(np.float32)
    labels = rng.integers(0, 4, 16)

    class MyModel(keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = keras.layers.Dense(6, activation="relu")
            self.d2 = keras.layers.Dense(4)

        def call(self, inputs, training=False):
            return self.d2(self.d1(inputs))
    losses = {}
    for compiled in (False, True):
        keras.utils.set_random_seed(11)
        model = MyModel()
        opt = keras.optimizers.Adam(0.05)
        loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

        def step(xb, yb):
            with tw.GradientTape() as tape:
                loss = loss_fn(yb, model(xb, training=True))
            opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                    model.trainable_variables))
            return loss
        fn = tw.function(step) if compiled else step
        losses[compiled] = [float(fn(x[i:i + 4], labels[i:i + 4])) for i in range(0, 16, 4)]
        if compiled:
            assert not fn._eagerly
    np.testing.assert_allclose(losses[True], losses[False], rtol=1e-6)


def test_what_a_keras_trace_cannot_do_runs_the_step_eagerly():
    """A Keras step that also needs a tensor's value in Python, or updates a variable made
    eagerly, runs its Python code eagerly (as before): the same numbers, no error."""
    x, y = _keras_data()
    m1, o1 = _keras_step_setup()
    m2, o2 = _keras_step_setup()
    m2.set_weights(m1.get_weights())
    count = tw.Variable(0.0)

    def step(model, opt, use_variable):
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((model(x, training=True) - y) ** 2)
        if loss > 100.0:  # a Python condition on a tensor
            loss = loss * 0.0
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        if use_variable:
            count.assign_add(1.0)
        return loss
    for use_variable in (False, True):
        compiled = tw.function(lambda: step(m2, o2, use_variable))
        for _ in range(2):
            np.testing.assert_allclose(float(compiled()), float(step(m1, o1, use_variable)),
                                       rtol=1e-6)
        assert compiled._eagerly
    assert float(count.numpy()) == 4.0


def _both_ways(make, calls=3):
    """``make()`` -> (step, read-back); the step's results (and the read-back) eagerly and
    under tw.function, from the same seed."""
    out = []
    for compiled in (False, True):
        step, back = make()
        fn = tw.function(step) if compiled else step
        got = [tw.nest.map_structure(lambda t: np.asarray(t).tolist(), fn())
               for _ in range(calls)]
        out.append((got, back()))
    return out


def test_keras_reads_after_writes_in_one_step_see_the_writes():
    """TF 2 orders a function's variable reads after its writes; a trace into a Keras graph
    that would read a variable it wrote (a loss after the update, two optimizer steps, a
    learning-rate warmup assigned before the step, ``opt.iterations`` after it) runs the
    function eagerly instead: the numbers are the eager loop's."""
    from tensorweave import keras
    x, y = _keras_data(8)

    def make(kind):
        def build():
            keras.utils.set_random_seed(1)
            m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            opt = keras.optimizers.SGD(0.1)
            opt.iterations.numpy()  # its state made now, in the model's graph

            def loss_of():
                return tw.reduce_mean((m(x, training=True) - y) ** 2)

            def apply():
                with tw.GradientTape() as tape:
                    loss = loss_of()
                opt.apply_gradients(zip(tape.gradient(loss, m.trainable_variables),
                                        m.trainable_variables))
                return loss

            def step():
                if kind == "warmup":
                    it = tw.cast(opt.iterations, tw.float32)
                    opt.learning_rate.assign(0.1 * tw.minimum(1.0, (it + 1.0) / 4.0))
                first = apply()
                if kind == "twice":
                    return first, apply()
                if kind == "after":
                    return first, loss_of(), opt.iterations + 0
                return first
            return step, lambda: [w.tolist() for w in m.get_weights()]
        return build
    for kind in ("after", "twice", "warmup", "plain"):
        eager, compiled = _both_ways(make(kind))
        np.testing.assert_allclose(np.asarray(eager[0], dtype=object).astype(float),
                                   np.asarray(compiled[0], dtype=object).astype(float),
                                   rtol=1e-6)
        np.testing.assert_allclose(eager[1][0], compiled[1][0], rtol=1e-6)


def test_keras_state_changed_by_the_step_changes_at_each_call():
    """A Keras variable's ``assign_add(1.0)`` counts calls (not traces); a metric's
    ``result()`` returned by the function is the result after this call's update, a
    subclass's own ``update_state`` is the one used, and a reset inside the step happens
    at each call."""
    from tensorweave import keras
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    counter = keras.Variable(0.0)

    @tw.function
    def count(v):
        counter.assign_add(1.0)
        return model(v)
    for _ in range(5):
        count(np.ones((2, 4), np.float32))
    assert float(counter.numpy()) == 5.0 and not count._eagerly

    mean = keras.metrics.Mean()

    @tw.function
    def running(v):
        mean.update_state(v)
        return mean.result()
    assert [float(running(tw.constant(v))) for v in (1.0, 2.0, 3.0)] == [1.0, 1.5, 2.0]

    class AbsError(keras.metrics.Mean):
        def update_state(self, y_true, y_pred, sample_weight=None):
            return super().update_state(tw.abs(y_true - y_pred))
    err = AbsError()
    assert float(tw.function(lambda a, b: err(a, b))(tw.constant([1.0, 1.0]),
                                                      tw.constant([3.0, 5.0]))) == 3.0

    batch = keras.metrics.Mean()

    @tw.function
    def per_batch(v):
        batch.reset_state()
        batch.update_state(v)
        return batch.result()
    assert [float(per_batch(tw.constant(v))) for v in (1.0, 2.0, 3.0)] == [1.0, 2.0, 3.0]


def test_an_optimizer_whose_state_is_first_made_inside_the_step():
    """``opt.iterations`` read in the step before the optimizer ever ran: its state is made
    in the Keras graph (it was made in the trace's own graph, and the step then failed with
    a cross-graph error)."""
    from tensorweave import keras
    x, y = _keras_data(8)
    runs = []
    for compiled in (False, True):
        keras.utils.set_random_seed(1)
        m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        opt = keras.optimizers.SGD(0.1)

        def step():
            scale = 1.0 / (1.0 + tw.cast(opt.iterations, tw.float32))
            with tw.GradientTape() as tape:
                loss = tw.reduce_mean((m(x, training=True) - y) ** 2) * scale
            opt.apply_gradients(zip(tape.gradient(loss, m.trainable_variables),
                                    m.trainable_variables))
            return loss
        fn = tw.function(step) if compiled else step
        runs.append([float(fn()) for _ in range(3)])
        assert int(opt.iterations.numpy()) == 3
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-6)


def test_weight_regularizers_in_an_eager_or_compiled_custom_loop():
    """``loss + tw.add_n(model.losses)`` under a tape: eagerly, ``model.losses`` are the
    current weights' penalties computed now (they were graph tensors, whose gradient left
    the bias out and whose optimizer step never ran: the model did not train); compiled,
    the same numbers."""
    from tensorweave import keras
    x, y = _keras_data(8)
    runs = []
    for compiled in (False, True):
        keras.utils.set_random_seed(1)
        m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(
            1, kernel_regularizer=keras.regularizers.l2(0.1))])
        opt = keras.optimizers.SGD(0.1)

        def step():
            with tw.GradientTape() as tape:
                mse = tw.reduce_mean((m(x, training=True) - y) ** 2)
                loss = mse + tw.add_n(m.losses)
            grads = tape.gradient(loss, m.trainable_variables)
            assert all(g is not None for g in grads)
            opt.apply_gradients(zip(grads, m.trainable_variables))
            return loss
        fn = tw.function(step) if compiled else step
        kernel = m.get_weights()[0]  # (the bias starts at zero)
        first = float(fn())
        want = np.mean((x @ kernel - y) ** 2) + 0.1 * (kernel ** 2).sum()
        assert first == pytest.approx(float(want), rel=1e-5)
        runs.append([first] + [float(fn()) for _ in range(3)])
    assert runs[0][-1] < runs[0][0]  # it trains
    np.testing.assert_allclose(runs[0], runs[1], rtol=1e-5)


def test_a_keras_function_after_clear_session_and_after_a_user_error():
    """A model made after ``keras.backend.clear_session()`` (another graph) still runs (the
    function cannot trace into the old graph: it runs eagerly); an error in the user's
    code on the first call goes up, and the next call traces again."""
    from tensorweave import keras
    x = np.ones((3, 4), np.float32)

    @tw.function
    def predict(model, v):
        return model(v)
    first = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    np.testing.assert_allclose(predict(first, x), first.predict(x, verbose=0), rtol=1e-6)
    keras.backend.clear_session()
    second = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    np.testing.assert_allclose(predict(second, x), second.predict(x, verbose=0), rtol=1e-6)

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    fail = [True]

    @tw.function
    def step(v):
        out = model(v)
        if fail[0]:
            raise KeyError("user error")
        return out
    with pytest.raises(KeyError, match="user error"):
        step(x)
    fail[0] = False
    np.testing.assert_allclose(step(x), model.predict(x, verbose=0), rtol=1e-6)
    assert not step._eagerly


def test_python_control_flow_on_tensors_runs_the_function_eagerly():
    @tw.function
    def relu_sum(x):
        total = tw.constant(0.0)
        for v in x:               # a loop over a tensor
            if v > 0:             # a condition on a tensor's value
                total += v
        return total, float(total)
    out, as_float = relu_sum(tw.constant([1.0, -2.0, 3.0]))
    assert float(out) == 4.0 and as_float == 4.0
    assert float(relu_sum(tw.constant([-1.0, 5.0]))[0]) == 5.0


def test_keyword_and_positional_calls_share_a_trace():
    @tw.function
    def f(x, training=False):
        return x * (2.0 if training else 1.0)
    x = tw.constant(1.0)
    assert float(f(x, training=True)) == 2.0 and float(f(x, True)) == 2.0
    assert float(f(x)) == 1.0 and float(f(x, training=False)) == 1.0
    assert f.experimental_get_tracing_count() == 2


def test_random_draws_in_a_function_repeat_after_set_seed():
    @tw.function
    def draw():
        return tw.random.normal((3,))
    tw.random.set_seed(1)
    first, second = draw().numpy(), draw().numpy()
    tw.random.set_seed(1)
    again = draw().numpy()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, second)


def test_reduce_retracing_relaxes_shapes_after_a_second_trace():
    @tw.function(reduce_retracing=True)
    def total(x):
        return tw.reduce_sum(x)
    assert [float(total(tw.ones([n]))) for n in (1, 2, 3, 4)] == [1.0, 2.0, 3.0, 4.0]
    assert total.experimental_get_tracing_count() == 2  # [1], then [None]


def test_input_signature_converts_python_lists():
    @tw.function(input_signature=[tw.TensorSpec([None], tw.float32)])
    def total(x):
        return tw.reduce_sum(x)
    assert float(total([1.0, 2.0])) == 3.0 and float(total(np.ones(3, np.float32))) == 3.0
    assert total.experimental_get_tracing_count() == 1


def test_variables_of_one_shape_passed_as_arguments_share_a_trace():
    @tw.function
    def bump(v, x):
        v.assign_add(x)
        return v.read_value() * 2
    a, b = tw.Variable([1.0, 2.0]), tw.Variable([10.0, 20.0])
    assert bump(a, tw.ones(2)).numpy().tolist() == [4.0, 6.0]
    assert bump(b, tw.ones(2)).numpy().tolist() == [22.0, 42.0]
    assert a.numpy().tolist() == [2.0, 3.0] and b.numpy().tolist() == [11.0, 21.0]
    assert bump.experimental_get_tracing_count() == 1
    bump(tw.Variable([1.0, 2.0, 3.0]), tw.ones(3))  # another shape: another trace
    assert bump.experimental_get_tracing_count() == 2

    @tw.function
    def add_into(dst, src):
        dst.assign_add(src.read_value())
    c, d = tw.Variable([1.0]), tw.Variable([5.0])
    add_into(c, c)  # the same variable twice is its own signature
    add_into(c, d)
    assert c.numpy().tolist() == [7.0] and d.numpy().tolist() == [5.0]
    assert add_into.experimental_get_tracing_count() == 2
