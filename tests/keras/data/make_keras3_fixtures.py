"""Writes the Keras 3 fixture files next to this script (run with real Keras, not in CI).

    KERAS_BACKEND=jax python tests/keras/data/make_keras3_fixtures.py

Each ``<name>.keras`` is a small model trained for two epochs by Keras 3.15.1 (so batch-norm
statistics and optimizer slots are not at their initial values); ``<name>_expected.npz`` holds
five inputs ``x`` and Keras's predictions ``y`` for them. tests/keras/test_saving.py reads them
to check that tensorweave reads Keras's files.
"""
import os, numpy as np, keras
keras.utils.set_random_seed(0)
out = os.path.dirname(os.path.abspath(__file__))
rng = np.random.RandomState(0)
def save(model, name, x, y):
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(f"{out}/{name}.keras")
    xin = x[:5]
    np.savez(f"{out}/{name}_expected.npz", x=xin, y=np.asarray(model.predict(xin, verbose=0)))
x = rng.rand(32, 4).astype("float32"); y = rng.randint(0, 2, 32)
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
    keras.layers.BatchNormalization(), keras.layers.Dropout(0.25), keras.layers.Dense(2, activation="softmax")])
m.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
save(m, "keras3_mlp", x, y)
x = rng.rand(16, 6, 6, 2).astype("float32"); y = rng.randint(0, 2, 16)
c = keras.Sequential([keras.Input((6, 6, 2)), keras.layers.Conv2D(3, 3, activation="relu"),
    keras.layers.BatchNormalization(), keras.layers.Flatten(), keras.layers.Dense(4, activation="tanh"),
    keras.layers.LayerNormalization(), keras.layers.Dense(2, activation="softmax")])
c.compile("sgd", "sparse_categorical_crossentropy")
save(c, "keras3_cnn", x, y)
x = rng.randint(0, 10, (16, 4)).astype("int32"); y = rng.rand(16, 2).astype("float32")
e = keras.Sequential([keras.Input((4,), dtype="int32"), keras.layers.Embedding(10, 3), keras.layers.Flatten(), keras.layers.Dense(2)])
e.compile("rmsprop", "mse")
save(e, "keras3_embedding", x, y)
