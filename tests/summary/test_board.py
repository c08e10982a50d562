"""``tensorweave board``: the command line, and the real TensorBoard server reading a run.

The end-to-end test writes a short training run, starts TensorBoard through the
``tensorweave board`` entry point on a free port (``--port 0``), and reads the scalars and
the graph back through TensorBoard's HTTP data API. The server process kills itself after
60 s (SIGALRM) even if this test process dies, and is always terminated at the end.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request

import numpy as np
import pytest

from tensorweave import cli

from .conftest import REPO_ROOT, train


# -- the command line ---------------------------------------------------------------------------
def test_board_passes_options_to_tensorboard(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "_board", lambda args, extra: seen.append(
        cli.tensorboard_argv(args, extra)) or 0)
    assert cli.main(["board", "logs", "--port", "0", "--reload_interval=1"]) == 0
    assert cli.main(["board", "runs/x"]) == 0
    assert seen == [
        ["tensorboard", "--logdir", "logs", "--port", "0", "--host", "localhost",
         "--reload_interval=1"],
        ["tensorboard", "--logdir", "runs/x", "--port", "6006", "--host", "localhost"],
    ]


def test_board_without_the_extra_names_the_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    assert cli.main(["board", "logs"]) == 1
    assert "pip install 'tensorweave[tensorboard]'" in capsys.readouterr().err


def test_help_and_entry_point(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    assert "board" in capsys.readouterr().out
    with open(os.path.join(REPO_ROOT, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)["project"]
    assert project["scripts"]["tensorweave"] == "tensorweave.cli:main"
    assert "tensorboard" in project["optional-dependencies"]["tensorboard"]


# -- the real server ----------------------------------------------------------------------------
SERVER = ("import signal, sys; signal.alarm(60); from tensorweave.cli import main; "
          "sys.exit(main(sys.argv[1:]))")


def wait_for(what, probe, deadline, proc, log):
    while time.time() < deadline:
        result = probe()
        if result:
            return result
        if proc.poll() is not None:
            pytest.fail(f"TensorBoard exited ({proc.returncode}) while waiting for {what}:\n"
                        f"{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text()}")


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_tensorboard_serves_the_scalars_and_the_graph(tmp_path):
    pytest.importorskip("tensorboard")
    from google.protobuf import text_format
    from tensorboard.compat.proto import graph_pb2

    logdir = tmp_path / "logs"
    losses = train(logdir / "run1", steps=12)
    log = tmp_path / "tensorboard.log"
    env = dict(os.environ, PYTHONPATH=REPO_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with open(log, "w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVER, "board", str(logdir), "--port", "0",
             "--host", "127.0.0.1", "--load_fast=false", "--reload_interval=1"],
            stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
    try:
        deadline = time.time() + 25

        def url():
            m = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text())
            return m and m.group(0)
        base = wait_for("the server URL", url, deadline, proc, log)

        def loaded():
            tags = json.loads(get(base + "data/plugin/scalars/tags"))
            return "loss" in tags.get("run1", {})
        wait_for("run1's scalars", loaded, deadline, proc, log)

        query = urllib.parse.urlencode({"run": "run1", "tag": "loss"})
        points = json.loads(get(base + "data/plugin/scalars/scalars?" + query))
        assert [step for _, step, _ in points] == list(range(12))
        np.testing.assert_allclose([v for _, _, v in points], losses, rtol=1e-6)

        pbtxt = get(base + "data/plugin/graphs/graph?" + urllib.parse.urlencode({"run": "run1"}))
        graph = text_format.Parse(pbtxt, graph_pb2.GraphDef())
        names = {n.name for n in graph.node}
        assert {"x", "y", "layer1/w", "layer1/MatMul", "mse", "Merge/MergeSummary"} <= names
        assert any(n.startswith("gradients/layer1/MatMul_grad/") for n in names)
        matmul = next(n for n in graph.node if n.name == "layer1/MatMul")
        assert matmul.op == "MatMul" and matmul.input[0] == "x" and len(matmul.input) == 2
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
