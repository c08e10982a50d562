"""tw.Module: names, variables and submodules found through attributes, and a model made
of modules trained with a GradientTape."""

import numpy as np
import pytest

import tensorweave as tw


class Dense(tw.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        self.w = tw.Variable(tw.ones((n_in, n_out)), name="w")
        self.b = tw.Variable(tw.zeros((n_out,)), name="b")

    def __call__(self, x):
        return tw.matmul(x, self.w) + self.b


class Net(tw.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.first = Dense(3, 4)
            self.second = Dense(4, 1, name="out")
        self.steps = [tw.Variable(0, trainable=False, name="steps")]

    @tw.Module.with_name_scope
    def __call__(self, x):
        return self.second(tw.nn.relu(self.first(x)))


def test_names():
    assert Dense(1, 1).name == "dense"
    assert Net(name="my_net").name == "my_net"
    with pytest.raises(ValueError, match="valid module name"):
        tw.Module(name="not valid")


def test_variables_in_attribute_order_then_submodules():
    net = Net()
    assert [v.name for v in net.variables] == [
        "steps:0", "net/b:0", "net/w:0", "net/b:0", "net/w:0"]
    assert len(net.trainable_variables) == 4
    assert [v.name for v in net.non_trainable_variables] == ["steps:0"]
    assert [m.name for m in net.submodules] == ["dense", "out"]


def test_shared_variables_count_once():
    a = Dense(2, 2)
    holder = tw.Module()
    holder.layers = [a, {"again": a}]
    holder.w = a.w
    assert len(holder.variables) == 2 and len(holder.submodules) == 1


def test_training_a_module_with_a_tape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 3)).astype(np.float32)
    y = np.maximum(x @ np.array([[1.0], [-1.0], [0.5]], np.float32), 0)
    net = Net()
    losses = []
    for _ in range(100):
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((net(x) - y) ** 2)
        grads = tape.gradient(loss, net.trainable_variables)
        for v, g in zip(net.trainable_variables, grads):
            v.assign_sub(0.05 * g)
        losses.append(float(loss))
    assert losses[-1] < 0.2 * losses[0]
