"""The TF2-style example (examples/tf2_eager_two_layer_net.py): eager and compiled training
take the same steps, and the loss falls."""

import subprocess
import sys

import numpy as np


def test_eager_and_compiled_steps_agree_and_learn(load_example):
    module = load_example("tf2_eager_two_layer_net")
    eager = module.main(steps=15, verbose=False, compiled=False)
    compiled = module.main(steps=15, verbose=False, compiled=True)
    np.testing.assert_allclose(compiled, eager, rtol=2e-5)
    assert eager[-1] * 10 < eager[0]
    assert module.compiled_step.experimental_get_tracing_count() == 1


def test_the_script_runs(repo_root):
    script = repo_root / "examples" / "tf2_eager_two_layer_net.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300, cwd=repo_root)
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("step")]
    assert len(lines) == 6 and float(lines[-1].split()[-1]) < float(lines[0].split()[-1])
