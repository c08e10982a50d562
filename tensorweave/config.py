"""``tw.config``: running functions eagerly, and the devices TF 2 scripts ask about.

Example:
    >>> tw.config.list_physical_devices("GPU")   # on a machine without CuPy's GPU backend
    []
"""

import collections
import types

from .function import functions_run_eagerly, run_functions_eagerly

__all__ = ["list_physical_devices", "list_logical_devices", "get_visible_devices",
           "run_functions_eagerly", "functions_run_eagerly", "experimental"]

PhysicalDevice = collections.namedtuple("PhysicalDevice", "name device_type")
LogicalDevice = collections.namedtuple("LogicalDevice", "name device_type")


def _devices(device_type, prefix, kind):
    """The CPU, and the GPU when the CuPy backend is the default (Sessions and graphs run
    there; eager mode on NumPy), of ``device_type`` (None: all), as ``kind`` tuples."""
    import numpy as np
    from .backend import get_backend
    types = ["CPU"] + (["GPU"] if get_backend() is not np else [])
    return [kind(f"{prefix}:{t}:0", t) for t in types
            if device_type is None or device_type.upper() == t]


def list_physical_devices(device_type=None):
    """The devices: the CPU, and the GPU when the CuPy backend is the default."""
    return _devices(device_type, "/physical_device", PhysicalDevice)


def list_logical_devices(device_type=None):
    return _devices(device_type, "/device", LogicalDevice)


def get_visible_devices(device_type=None):
    return list_physical_devices(device_type)


def _accepted(*args, **kwargs):
    """Accepted for compatibility: memory and visibility are the backend's to manage."""


experimental = types.SimpleNamespace(
    list_physical_devices=list_physical_devices, set_memory_growth=_accepted,
    set_visible_devices=_accepted, get_memory_growth=lambda device: False)
set_visible_devices = _accepted
