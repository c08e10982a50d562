"""NumPy references of TensorFlow 1.15's optimizer kernels (``training_ops.cc``), written in
the kernels' order of operations and with TF's dtype handling: a Python hyperparameter
becomes a float32 tensor that is then cast to the variable's dtype.

Each reference is a class with ``slots`` (the initial slot values, by slot name) and
``step(var, grad) -> var`` that updates ``self.slots`` in place.
"""

import numpy as np


def hyper(x, dtype):
    """A Python hyperparameter as TF 1 sees it inside the update: float32, then cast."""
    return dtype(np.float32(x))


class GradientDescent:
    def __init__(self, dtype, shape, learning_rate):
        self.lr = hyper(learning_rate, dtype)
        self.slots = {}

    def step(self, var, grad):
        return var - grad * self.lr


class Momentum:
    def __init__(self, dtype, shape, learning_rate, momentum, use_nesterov=False):
        self.lr = hyper(learning_rate, dtype)
        self.momentum = hyper(momentum, dtype)
        self.nesterov = use_nesterov
        self.slots = {"momentum": np.zeros(shape, dtype)}

    def step(self, var, grad):
        accum = self.slots["momentum"] * self.momentum + grad
        self.slots["momentum"] = accum
        if self.nesterov:
            return var - (grad * self.lr + accum * self.momentum * self.lr)
        return var - accum * self.lr


class Adam:
    def __init__(self, dtype, shape, learning_rate=0.001, beta1=0.9, beta2=0.999,
                 epsilon=1e-8):
        self.dtype = dtype
        self.lr = hyper(learning_rate, dtype)
        self.beta1 = hyper(beta1, dtype)
        self.beta2 = hyper(beta2, dtype)
        self.epsilon = hyper(epsilon, dtype)
        # the power accumulators are float32 variables, multiplied in float32
        self.beta1_f32, self.beta2_f32 = np.float32(beta1), np.float32(beta2)
        self.beta1_power, self.beta2_power = np.float32(beta1), np.float32(beta2)
        self.slots = {"m": np.zeros(shape, dtype), "v": np.zeros(shape, dtype)}

    def step(self, var, grad):
        dt, one = self.dtype, self.dtype(1)
        b1p, b2p = dt(self.beta1_power), dt(self.beta2_power)
        alpha = self.lr * np.sqrt(one - b2p) / (one - b1p)
        m = self.slots["m"]
        v = self.slots["v"]
        m = m + (grad - m) * (one - self.beta1)
        v = v + (np.square(grad) - v) * (one - self.beta2)
        self.slots["m"], self.slots["v"] = m, v
        self.beta1_power = np.float32(self.beta1_power * self.beta1_f32)
        self.beta2_power = np.float32(self.beta2_power * self.beta2_f32)
        return var - (m * alpha) / (np.sqrt(v) + self.epsilon)


class AdamW(Adam):
    """contrib's AdamW: ``var -= weight_decay * var`` (the Python number in var's dtype),
    then Adam on the decayed variable with the gradient taken at the old value."""

    def __init__(self, dtype, shape, weight_decay, **kwargs):
        super().__init__(dtype, shape, **kwargs)
        self.weight_decay = dtype(weight_decay)

    def step(self, var, grad):
        var = var - self.weight_decay * var
        return super().step(var, grad)


class RMSProp:
    def __init__(self, dtype, shape, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 centered=False):
        self.dtype = dtype
        self.lr = hyper(learning_rate, dtype)
        self.rho = hyper(decay, dtype)
        self.momentum = hyper(momentum, dtype)
        self.epsilon = hyper(epsilon, dtype)
        self.centered = centered
        self.slots = {"rms": np.ones(shape, dtype), "momentum": np.zeros(shape, dtype)}
        if centered:
            self.slots["mg"] = np.zeros(shape, dtype)

    def step(self, var, grad):
        one = self.dtype(1)
        ms = self.slots["rms"]
        ms = ms + (np.square(grad) - ms) * (one - self.rho)
        self.slots["rms"] = ms
        if self.centered:
            mg = self.slots["mg"]
            mg = mg + (grad - mg) * (one - self.rho)
            self.slots["mg"] = mg
            denom = (ms - np.square(mg)) + self.epsilon
        else:
            denom = ms + self.epsilon
        mom = self.slots["momentum"] * self.momentum + (grad * self.lr) / np.sqrt(denom)
        self.slots["momentum"] = mom
        return var - mom


class Adagrad:
    def __init__(self, dtype, shape, learning_rate, initial_accumulator_value=0.1):
        self.dtype = dtype
        self.lr = hyper(learning_rate, dtype)
        # the slot's initializer is constant_initializer(value, dtype=var dtype)
        self.slots = {"accumulator": np.full(shape, initial_accumulator_value, dtype)}

    def step(self, var, grad):
        accum = self.slots["accumulator"] + np.square(grad)
        self.slots["accumulator"] = accum
        return var - grad * self.lr * (self.dtype(1) / np.sqrt(accum))


class Adadelta:
    def __init__(self, dtype, shape, learning_rate=0.001, rho=0.95, epsilon=1e-8):
        self.dtype = dtype
        self.lr = hyper(learning_rate, dtype)
        self.rho = hyper(rho, dtype)
        self.epsilon = hyper(epsilon, dtype)
        self.slots = {"accum": np.zeros(shape, dtype), "accum_update": np.zeros(shape, dtype)}

    def step(self, var, grad):
        one = self.dtype(1)
        accum = self.slots["accum"] * self.rho + np.square(grad) * (one - self.rho)
        accum_update = self.slots["accum_update"]
        update = np.sqrt(accum_update + self.epsilon) * \
            (one / np.sqrt(accum + self.epsilon)) * grad
        self.slots["accum"] = accum
        self.slots["accum_update"] = accum_update * self.rho + \
            np.square(update) * (one - self.rho)
        return var - update * self.lr
