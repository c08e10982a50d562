"""benchmarks/ab.py: an earlier commit's package, exported under another name, imports and
runs beside the working tree's without touching it (no absolute ``tensorweave`` imports)."""

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.skipif(not os.path.isdir(os.path.join(ROOT, ".git")),
                    reason="needs the git repository")
def test_exported_commit_runs_under_its_own_name(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.join(ROOT, 'benchmarks')!r})
        import ab
        ab.export("HEAD", {str(tmp_path)!r})
        sys.path.insert(0, {str(tmp_path)!r})
        import tw_ab.compat.v1 as tf
        x = tf.placeholder(tf.float32, [2])
        y = tf.reduce_sum(tf.nn.relu(x) * 2.0)
        g, = tf.gradients(y, [x])
        yv, gv = tf.Session().run([y, g], {{x: [1.0, -1.0]}})
        print(float(yv), gv.tolist())
        import tw_ab.keras
        assert not any(m == "tensorweave" or m.startswith("tensorweave.")
                       for m in sys.modules), "the export imported tensorweave itself"
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(tmp_path), timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[-2] == "2.0 [2.0, 0.0]"
