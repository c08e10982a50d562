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
