"""The runnable examples in examples/ train, and their loss falls.

Each example is imported by path and its `main` run for a few steps; the full programs run for
50 steps in `make demo` and by hand.
"""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

STEPS = 20

# (module, factor): after STEPS steps the loss must be at least `factor` times smaller than at
# the start. Stages 1-4 start from unit-variance random weights, so the first loss is huge
# (~5e7, or ~5e4 for the per-element mean) and falls by three orders of magnitude in 20 steps;
# 10x leaves a wide margin for a different random stream. Stage 5 starts from Xavier weights,
# near the floor (~1.2), and falls ~20% in 20 steps.
STAGES = [
    ("lecture_1_placeholders", 10.0),
    ("lecture_2_variables", 10.0),
    ("lecture_3_optimizer", 10.0),
    ("lecture_4_losses", 10.0),
    ("lecture_5_layers", 1.05),
    ("lecture_two_layer_net", 10.0),
]


def assert_finite(losses):
    bad = [(t, v) for t, v in enumerate(losses) if not math.isfinite(v)]
    assert not bad, f"non-finite losses (step, value): {bad}"


@pytest.mark.parametrize("name, factor", STAGES)
def test_example_loss_falls(load_example, name, factor):
    losses = load_example(name).main(steps=STEPS, verbose=False)

    assert len(losses) == STEPS
    assert all(isinstance(v, float) for v in losses)
    assert_finite(losses)
    assert losses[-1] < losses[0], f"loss did not fall: {losses}"
    assert losses[-1] * factor < losses[0], (
        f"loss fell only from {losses[0]:.4g} to {losses[-1]:.4g}, "
        f"expected at least {factor}x: {losses}")


@pytest.mark.parametrize("name", [s for s, _ in STAGES])
def test_example_is_deterministic(load_example, name):
    main = load_example(name).main
    assert main(steps=3, verbose=False) == main(steps=3, verbose=False)


def test_stage_4_follows_stage_3_scaled_by_D(load_example):
    # mean_squared_error averages over all N*D elements: with the learning rate scaled up by D
    # it takes the same steps as stage 3's per-example sum, at 1/D the loss. Both draw their
    # weights from the same seeded stream, so the runs should agree to float32 rounding.
    stage_3 = np.array(load_example("lecture_3_optimizer").main(steps=5, verbose=False))
    stage_4 = np.array(load_example("lecture_4_losses").main(steps=5, verbose=False))
    np.testing.assert_allclose(stage_4 * 1000, stage_3, rtol=1e-3)


def test_stage_2_trap_loss_never_changes(load_example):
    """Building the assign ops without fetching them leaves the weights untouched."""
    module = load_example("lecture_2_variables")
    losses = module.main_trap(steps=5, verbose=False)

    assert len(losses) == 5
    assert_finite(losses)
    assert all(v == losses[0] for v in losses), f"loss changed without updates: {losses}"
    # And it is the loss the real training run starts from.
    trained = module.main(steps=2, verbose=False)
    assert np.allclose(losses[0], trained[0])


def test_stage_1_placeholders_match_numpy(load_example):
    """Stage 1's first loss equals the same network computed in NumPy."""
    losses = load_example("lecture_1_placeholders").main(steps=1, verbose=False)

    N, D, H = 64, 1000, 100
    np.random.seed(0)  # the example's feed order: x, w1, w2, y
    x = np.random.randn(N, D).astype(np.float32)
    w1 = np.random.randn(D, H).astype(np.float32)
    w2 = np.random.randn(H, D).astype(np.float32)
    y = np.random.randn(N, D).astype(np.float32)
    y_pred = np.maximum(x @ w1, 0) @ w2
    expected = np.mean(np.sum((y_pred - y) ** 2, axis=1))
    np.testing.assert_allclose(losses[0], expected, rtol=1e-4)


def test_demo_script_runs(repo_root):
    # Put the checkout first on the path, so the script finds tensorweave even where it is
    # not installed (as the in-process tests do when pytest runs from the repository root).
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, str(repo_root / "examples" / "lecture_two_layer_net.py")],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["step", "loss"]
    rows = [line.split() for line in lines[1:-1]]
    assert len(rows) == 50
    assert [int(step) for step, _ in rows] == list(range(50))
    losses = [float(loss) for _, loss in rows]
    assert_finite(losses)
    assert losses[-1] < losses[0]
    assert lines[-1].startswith("Trained 50 steps: the loss fell from")
