"""Shared pytest fixtures."""
import importlib.util
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES_DIR = REPO_ROOT / "examples"


def _load_module(path):
    """Import a Python file by path under a private module name."""
    spec = importlib.util.spec_from_file_location(f"_tw_example_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def repo_root():
    """The repository root, as a pathlib.Path."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def load_example():
    """Import an example script from examples/ by name: load_example("lecture_3_optimizer")."""
    def load(name):
        return _load_module(EXAMPLES_DIR / f"{name}.py")
    return load


@pytest.fixture
def fresh_graph():
    """A new default graph before and after the test; graph-mode test modules use it for
    every test with ``pytestmark = pytest.mark.usefixtures("fresh_graph")``."""
    import tensorweave.compat.v1 as tf
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def pytest_configure(config):
    """``TW_TEST_BACKEND=fakecupy`` (NumPy behind CuPy's rules, tests/fakecupy.py) or
    ``=cupy`` (a real GPU) runs the suite with that backend as every session's default."""
    import os
    config.addinivalue_line("markers", "numpy_only: tests of the NumPy backend's own passes "
                            "(fusion, in-place updates, threads); skipped on other backends")
    name = os.environ.get("TW_TEST_BACKEND")
    if not name:
        return
    from tensorweave import backend
    if name == "fakecupy":
        import sys
        sys.path.insert(0, str(pathlib.Path(__file__).parent))
        from fakecupy import fakecupy
        backend.set_backend(fakecupy)
    else:
        backend.set_backend(name)


def pytest_collection_modifyitems(config, items):
    import os
    if not os.environ.get("TW_TEST_BACKEND"):
        return
    skip = pytest.mark.skip(reason=f"NumPy backend only (TW_TEST_BACKEND="
                            f"{os.environ['TW_TEST_BACKEND']})")
    for item in items:
        if item.get_closest_marker("numpy_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_mode():
    """Each test starts as a fresh process does (graph mode until a namespace is read), so
    that the mode one test selects (``tensorweave.context``) does not leak into the next."""
    from tensorweave import context
    context._reset()
    yield
    context._reset()
