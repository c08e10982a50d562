# Developer entry points. Needs only Python 3.11+ and make; everything else
# is installed into .venv from PyPI.
#
#   make demo   train the lecture's two-layer net and a Keras model on the bundled digits,
#               writing TensorBoard logs to logs/ (view: .venv/bin/tensorweave board logs)
#   make test   run the test suite (with NumPy, numba's compiled loops, oneDNN's products and
#               the compiled eager operators, with NumPy and Python alone as without the fast
#               extra and without a C compiler, then under CuPy's rules on NumPy:
#               tests/fakecupy.py;
#               TW_TEST_BACKEND=cupy runs it on a GPU)
#   make bench  benchmark against TensorFlow, PyTorch, JAX (separate env; writes
#               benchmarks/RESULTS.md)
#   make clean  remove the virtual environment and build artifacts

PYTHON ?= python3
VENV   := .venv
VPY    := $(VENV)/bin/python

# Stamp files: reinstall only when pyproject.toml changes.
INSTALL_STAMP := $(VENV)/.install-tensorboard.stamp
TEST_STAMP    := $(VENV)/.install-test.stamp

.PHONY: venv install demo test bench clean

venv: $(VPY)

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip

install: $(INSTALL_STAMP)

$(INSTALL_STAMP): pyproject.toml setup.py tensorweave/_eagerops.c | $(VPY)
	$(VPY) -m pip install --quiet -e '.[tensorboard]'
	touch $@

$(TEST_STAMP): pyproject.toml setup.py tensorweave/_eagerops.c | $(VPY)
	$(VPY) -m pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(VPY) examples/demo.py

test: $(TEST_STAMP)
	$(VPY) -m pytest
	TENSORWEAVE_NUMBA=0 TENSORWEAVE_ONEDNN=0 TENSORWEAVE_CEXT=0 $(VPY) -m pytest
	TW_TEST_BACKEND=fakecupy $(VPY) -m pytest

BENCH_VENV := benchmarks/.venv
BENCH_STAMP := $(BENCH_VENV)/.install.stamp

$(BENCH_STAMP): benchmarks/requirements.txt pyproject.toml setup.py tensorweave/_eagerops.c
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.txt -e '.[fast]'
	touch $@

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
