"""The one compiled piece, optional: tensorweave/_eagerops.c (eager tensors' arithmetic
operators in C). Where it cannot be built (no C compiler) the install goes on without it
and the Python operators serve (see tensorweave/eager.py). Everything else is in
pyproject.toml."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("tensorweave._eagerops", ["tensorweave/_eagerops.c"],
                             optional=True)])
