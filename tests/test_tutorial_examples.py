"""The classic TensorFlow 1 tutorial programs in examples/tf1_*.py train to their targets.

Each example is imported by path and its `main` run once with the steps below, and the tests
share that run's result. Test accuracy must reach 0.90 for softmax regression and 0.95 for the
MLP and the convolutional net; with these steps they reach about 0.95, 0.97 and 0.975. Every
run is seeded, so the numbers repeat exactly; the margins are for other NumPy/BLAS builds.
"""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

# Steps per example: enough to pass the thresholds with a margin, few enough that the whole
# file runs in seconds. The convolutional net is the one that costs time, so it runs fewer
# steps than its default (300).
STEPS = {
    "tf1_linear_regression": 100,
    "tf1_logistic_regression": 300,
    "tf1_mlp": 500,
    "tf1_convnet_dropout": 200,
    "tf1_save_restore": 100,
}

_results = {}


@pytest.fixture
def run_example(load_example):
    """run_example(name) -> the `Result` of the example's main at STEPS[name], run once."""
    def run(name):
        if name not in _results:
            _results[name] = load_example(name).main(steps=STEPS[name], verbose=False)
        return _results[name]
    return run


def assert_finite(losses):
    bad = [(t, v) for t, v in enumerate(losses) if not math.isfinite(v)]
    assert not bad, f"non-finite losses (step, value): {bad}"


def assert_loss_falls(losses, factor):
    """The mean of the last 10 (minibatch) losses is `factor` times below the first 10's."""
    first, last = np.mean(losses[:10]), np.mean(losses[-10:])
    assert last * factor < first, (
        f"loss fell only from {first:.4g} to {last:.4g} (means of the first and last 10 "
        f"steps), expected at least {factor}x")


@pytest.mark.parametrize("name", sorted(STEPS))
def test_losses_are_finite_floats_one_per_step(run_example, name):
    losses = run_example(name).losses
    assert len(losses) == STEPS[name]
    assert all(isinstance(v, float) for v in losses)
    assert_finite(losses)


# -- linear regression -------------------------------------------------------------------------
def test_linear_regression_recovers_the_line(run_example, load_example):
    module = load_example("tf1_linear_regression")
    result = run_example("tf1_linear_regression")

    assert abs(result.W - module.TRUE_W) < 0.05, result.W
    assert abs(result.b - module.TRUE_B) < 0.05, result.b
    assert_loss_falls(result.losses, 100.0)
    # What is left is the noise: its variance is NOISE ** 2.
    assert result.losses[-1] < 1.5 * module.NOISE ** 2, result.losses[-1]


def test_linear_regression_prints_w_and_b_approaching_the_truth(repo_root):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    script = repo_root / "examples" / "tf1_linear_regression.py"
    proc = subprocess.run([sys.executable, str(script)], cwd=repo_root, env=env,
                          capture_output=True, text=True, timeout=120)

    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    rows = [line.split() for line in lines if line.startswith("step")]
    errors = [abs(float(row[5]) - 3.0) + abs(float(row[7]) - 2.0) for row in rows]
    assert len(rows) >= 5
    assert errors[-1] < 0.05 < errors[0], errors
    assert lines[-1].startswith("Learned W = ")


# -- classifiers on the digits -----------------------------------------------------------------
@pytest.mark.parametrize("name, min_accuracy, factor", [
    ("tf1_logistic_regression", 0.90, 5.0),
    ("tf1_mlp", 0.95, 20.0),
    ("tf1_convnet_dropout", 0.95, 10.0),
])
def test_classifier_trains_to_its_test_accuracy(run_example, name, min_accuracy, factor):
    result = run_example(name)

    assert_loss_falls(result.losses, factor)
    # A fresh softmax over 10 classes starts near ln(10).
    assert abs(result.losses[0] - math.log(10)) < 0.3, result.losses[0]
    assert isinstance(result.test_accuracy, float)
    assert result.test_accuracy >= min_accuracy, (
        f"{name}: test accuracy {result.test_accuracy:.4f} after {STEPS[name]} steps, "
        f"expected at least {min_accuracy}")


def test_convnet_dropout_is_on_only_when_training(load_example):
    """The keep_prob placeholder switches dropout: fed 1.0 the network is deterministic, fed
    0.5 (as in training) two runs on the same batch differ."""
    import tensorweave.compat.v1 as tf

    module = load_example("tf1_convnet_dropout")
    images = np.random.RandomState(0).rand(4, 8, 8, 1).astype(np.float32)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, [None, 8, 8, 1])
        keep_prob = tf.placeholder(tf.float32)
        logits = module.convnet(x, keep_prob)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            evals = [sess.run(logits, {x: images, keep_prob: 1.0}) for _ in range(2)]
            trains = [sess.run(logits, {x: images, keep_prob: 0.5}) for _ in range(2)]

    assert evals[0].shape == (4, 10)
    assert np.array_equal(evals[0], evals[1])
    assert not np.array_equal(trains[0], trains[1])


def test_convnet_dropout_training_is_reproducible(load_example):
    main = load_example("tf1_convnet_dropout").main
    assert main(steps=3, verbose=False) == main(steps=3, verbose=False)


# -- save and restore --------------------------------------------------------------------------
def test_save_restore_predictions_are_identical(run_example):
    result = run_example("tf1_save_restore")

    assert result.predictions.shape == (360, 10)
    assert np.all(np.isfinite(result.predictions))
    assert np.array_equal(result.predictions, result.restored_predictions)
    assert result.restored_step == STEPS["tf1_save_restore"]
    assert os.path.basename(result.checkpoint) == f"model.ckpt-{STEPS['tf1_save_restore']}"
    assert result.test_accuracy >= 0.90
    assert_loss_falls(result.losses, 5.0)
    # The default checkpoint directory is temporary: gone once main returns.
    assert not os.path.exists(os.path.dirname(result.checkpoint))


def test_save_restore_into_a_given_directory(load_example, tmp_path):
    steps = 30
    result = load_example("tf1_save_restore").main(ckpt_dir=str(tmp_path), steps=steps,
                                                   verbose=False)

    assert np.array_equal(result.predictions, result.restored_predictions)
    assert result.restored_step == steps
    assert result.checkpoint == str(tmp_path / f"model.ckpt-{steps}")
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", f"model.ckpt-{steps}.data-00000-of-00001", f"model.ckpt-{steps}.index",
        f"model.ckpt-{steps}.meta"]  # write_meta_graph=True is TF's default
