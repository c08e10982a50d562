"""What `make demo` runs: the lecture's net in TensorFlow 1 style and a Keras model on real
handwritten digits, both writing TensorBoard logs.

1. The lecture's two-layer network (examples/lecture_two_layer_net.py), trained by a Session;
   its loss goes to TensorBoard through `tf.summary.scalar` and
   `tf.summary.FileWriter(LOGDIR/lecture, sess.graph)`, which also writes the graph.
2. A small Keras model trained on the 8x8 digits that ship with tensorweave, logged by
   `keras.callbacks.TensorBoard(LOGDIR/keras)`: loss and accuracy per epoch for training
   and validation, weight histograms, and the model's graph. Then its accuracy on the
   held-out test images.

Old event files in LOGDIR/lecture and LOGDIR/keras are removed first, so each run shows one
curve per chart.

Run:  python examples/demo.py [LOGDIR]      (default: logs)
View: tensorweave board logs               (or: tensorboard --logdir logs)
"""
import glob
import importlib.util
import os
import sys

from tensorweave import keras

HERE = os.path.dirname(os.path.abspath(__file__))


def _lecture():
    """examples/lecture_two_layer_net.py as a module (found next to this file)."""
    path = os.path.join(HERE, "lecture_two_layer_net.py")
    spec = importlib.util.spec_from_file_location("lecture_two_layer_net", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clear_event_files(logdir):
    pattern = os.path.join(logdir, "**", "events.out.tfevents.*")
    for path in glob.glob(pattern, recursive=True):
        os.remove(path)


def train_lecture(logdir, steps=50, verbose=True):
    """The lecture's two-layer net; its loss and graph go to ``logdir``. Returns the losses."""
    _clear_event_files(logdir)
    return _lecture().main(steps=steps, verbose=verbose, logdir=logdir)


def train_digits(logdir, epochs=20, verbose=True):
    """An MLP on the bundled 8x8 digits with the TensorBoard callback writing to ``logdir``.

    Returns:
        ``(history, test_loss, test_accuracy)``.
    """
    _clear_event_files(logdir)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data()
    x_train = x_train.astype("float32") / 16.0  # pixel counts 0..16 -> [0, 1]
    x_test = x_test.astype("float32") / 16.0

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((8, 8)),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    board = keras.callbacks.TensorBoard(log_dir=logdir, histogram_freq=1)
    history = model.fit(x_train, y_train, batch_size=32, epochs=epochs, validation_split=0.1,
                        callbacks=[board], verbose=2 if verbose else 0)
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    return history, test_loss, test_accuracy


def main(logdir="logs", steps=50, epochs=20, verbose=True):
    """Both trainings; returns a dict of their results."""
    lecture_dir = os.path.join(logdir, "lecture")
    keras_dir = os.path.join(logdir, "keras")
    say = print if verbose else (lambda *args: None)

    say("== 1. The lecture's two-layer net (TensorFlow 1 style) ==")
    losses = train_lecture(lecture_dir, steps=steps, verbose=verbose)

    say("\n== 2. A Keras MLP on the bundled 8x8 digits ==")
    history, test_loss, test_accuracy = train_digits(keras_dir, epochs=epochs,
                                                     verbose=verbose)

    say("\n== Results ==")
    say(f"Lecture net: loss {losses[0]:.4g} -> {losses[-1]:.4g} in {len(losses)} steps.")
    say(f"Keras digits MLP: training loss {history.history['loss'][0]:.4f} -> "
        f"{history.history['loss'][-1]:.4f} in {len(history.history['loss'])} epochs; "
        f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.2%}.")
    say(f"\nTensorBoard logs are in {logdir}/ (runs: lecture, keras/train, "
        "keras/validation). To view them, run")
    say(f"    .venv/bin/tensorweave board {logdir}")
    say(f"or, equivalently, `tensorboard --logdir {logdir}`, and open the address it prints.")
    return {"lecture_losses": losses, "keras_history": history.history,
            "test_loss": test_loss, "test_accuracy": test_accuracy}


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "logs")
