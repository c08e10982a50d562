"""The cs231n "Deep Learning Software" lecture's Keras program, as written for Keras 1.

The two-layer ReLU net of the other stages, in Keras: ``Sequential`` stacks the layers,
``compile`` picks the loss and the optimizer, ``fit`` trains. The program uses Keras 1
spellings (``Dense(input_dim=…, output_dim=…)``, ``SGD(lr=…)``, ``fit(nb_epoch=…)``) that
tensorweave.keras accepts with a DeprecationWarning naming the new argument.

Run:  python examples/keras_lecture.py [epochs]     (default 50)
"""
import sys
import warnings

import numpy as np

from tensorweave import keras
from tensorweave.keras.layers.core import Dense, Activation
from tensorweave.keras.models import Sequential
from tensorweave.keras.optimizers import SGD

N, D, H = 64, 1000, 100


def main(steps=50, verbose=True):
    """Train for ``steps`` epochs (one batch of N each) and return the losses (floats)."""
    np.random.seed(0)
    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the Keras 1 spellings

        model = Sequential()
        model.add(Dense(input_dim=D, output_dim=H))
        model.add(Activation("relu"))
        model.add(Dense(input_dim=H, output_dim=D))

        optimizer = SGD(lr=1e0)
        model.compile(loss="mean_squared_error", optimizer=optimizer)

        x = np.random.randn(N, D)
        y = np.random.randn(N, D)
        history = model.fit(x, y, nb_epoch=steps, batch_size=N, verbose=0)
    losses = [float(v) for v in history.history["loss"]]
    if verbose:
        print("epoch      loss")
        for t, loss in enumerate(losses):
            print(f"{t:5d}  {loss:.6f}")
        print(f"Trained {len(losses)} epochs: the loss fell from {losses[0]:.4f} to "
              f"{losses[-1]:.4f}")
    return losses


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
