"""The lecture's Keras program (examples/keras_lecture.py): Keras 1 spellings, and the loss
falls."""
import ast
import math
import os
import subprocess
import sys
import warnings

import numpy as np


def test_lecture_program_trains(load_example):
    losses = load_example("keras_lecture").main(steps=12, verbose=False)
    assert len(losses) == 12 and all(math.isfinite(v) for v in losses)
    assert all(b < a for a, b in zip(losses, losses[1:])), losses
    # Xavier-initialized weights start near the targets' variance (1) plus the input's
    # contribution; twelve full-batch steps at lr 1 take off over 10%
    assert 0.8 < losses[0] < 2.0 and losses[-1] < 0.9 * losses[0]


def test_lecture_program_is_deterministic(load_example):
    main = load_example("keras_lecture").main
    assert main(steps=2, verbose=False) == main(steps=2, verbose=False)


def test_lecture_program_uses_keras1_spellings(repo_root):
    source = (repo_root / "examples" / "keras_lecture.py").read_text()
    tree = ast.parse(source)
    keywords = {kw.arg for node in ast.walk(tree) if isinstance(node, ast.Call)
                for kw in node.keywords}
    assert {"input_dim", "output_dim", "lr", "nb_epoch"} <= keywords
    assert "from tensorweave.keras.layers.core import Dense, Activation" in source


def test_keras1_spellings_each_warn_once_with_the_new_name():
    from tensorweave import keras
    from tensorweave.keras.layers.core import Dense
    from tensorweave.keras.optimizers import SGD
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.Sequential()
        model.add(Dense(input_dim=10, output_dim=4))
        model.compile(loss="mean_squared_error", optimizer=SGD(lr=1e0))
        model.fit(np.zeros((2, 10)), np.zeros((2, 4)), nb_epoch=1, verbose=0)
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert any("`output_dim`" in m and "`units`" in m for m in messages)
    assert any("`input_dim`" in m and "input_shape" in m for m in messages)
    assert any("`lr`" in m and "`learning_rate`" in m for m in messages)
    assert any("`nb_epoch`" in m and "`epochs`" in m for m in messages)
    # each warning points at the user's line, not at tensorweave
    assert all(not w.filename.startswith(os.path.dirname(keras.__file__)) for w in caught
               if w.category is DeprecationWarning)


def test_lecture_script_runs(repo_root):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, str(repo_root / "examples" / "keras_lecture.py"),
                             "5"],
                            cwd=repo_root, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["epoch", "loss"] and len(lines) == 7
    assert lines[-1].startswith("Trained 5 epochs: the loss fell from")
