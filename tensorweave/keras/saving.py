"""Keras 3 model files: ``model.save("m.keras")``, ``load_model``, ``save_weights("m.weights.h5")``
and ``load_weights``, in the layout Keras 3 itself reads and writes.

A ``.keras`` file is a zip archive (members stored uncompressed, in this order):

- ``metadata.json``: ``{"keras_version": "3.15.1", "date_saved": "2026-01-31@12:00:00",
  "tensorweave_version": "0.1.0"}``. ``keras_version`` is the Keras release whose format this
  writer follows and was checked against (Keras only displays it); ``date_saved`` uses Keras's
  ``%Y-%m-%d@%H:%M:%S``; ``tensorweave_version`` tells which tensorweave wrote the file.
- ``config.json``: the model serialized as Keras 3 does: ``{"module", "class_name", "config",
  "registered_name", "build_config", "compile_config"}``, layers nested in ``config``.
- ``model.weights.h5``: the variables, one HDF5 group per object, laid out as Keras 3 walks
  the model: ``vars/`` (the model's own variables), ``layers/<snake_case_class>[_<n>]/vars/<i>``
  (``dense``, ``dense_1``, ... numbered in ``model.layers`` order per class name, *not* the
  layer's ``name``), nested models as ``layers/sequential/layers/dense/vars/0``, and
  ``optimizer/vars/<i>`` (``iterations``, ``learning_rate``, then the slots in creation order:
  for Adam ``m, v`` of each trainable variable in turn). Each ``vars`` group has the
  attribute ``name`` (the object's name), as Keras 3.15 writes.

A ``.weights.h5`` file is the same HDF5 layout on its own.

A legacy ``.h5`` model file (``model.save("m.h5")``) holds the config as the root's
``model_config`` attribute, the layout above, and Keras's legacy ``model_weights`` group
(``layer_names``; per layer a group whose ``weight_names`` lists the weights' paths, each a
dataset at that path: hard links to the datasets above), so real Keras loads it. A file
with only Keras's legacy layout (written by Keras 2 or 3, or Keras 2's weights-only
``save_weights("w.h5")``, whose layer groups sit at the root) loads as Keras loads it: the
layers with weights, in order, take the file's layers with weights, in order.

Per-layer variable order is Keras's: trainable variables first, then non-trainable, each in
creation order. So ``Dense``/``Conv*`` are ``0=kernel, 1=bias``; ``BatchNormalization`` is
``0=gamma, 1=beta, 2=moving_mean, 3=moving_variance``; ``LayerNormalization`` ``0=gamma,
1=beta``; ``Embedding`` ``0=embeddings``; ``Dropout``/``Flatten``/``InputLayer`` have an empty
group. A subclassed model's layers are saved under their attribute names (``hidden/vars``,
``blocks/dense_1/vars`` for a list), with Keras's quirk that ``layers`` sorts among them.

Compatibility with Keras 3 (checked both ways against Keras 3.15.1: same predictions, and
optimizer state restored): ``Sequential`` and functional models built from ``InputLayer``,
``Dense``, ``Conv2D``, ``BatchNormalization``, ``LayerNormalization``, ``Embedding``,
``Dropout`` and ``Flatten``, compiled with ``Adam``, ``SGD`` or ``RMSprop``; and
``.weights.h5`` files of subclassed models. Other layers move as long as their config keys and
variables match Keras's; config keys Keras writes for features tensorweave lacks (``ragged``,
``quantization_config``, ``renorm``…) are dropped on load when they hold their no-op default.
Compiled metrics' state is not saved (Keras does not save it either). A class Keras does not
know needs ``register_keras_serializable`` on both sides.

The protocol the Keras core implements for this module (duck-typed, Keras 3 names):

- serializing: ``obj.get_config()`` (JSON-able dict, nested objects already serialized);
  optional ``get_build_config()`` / ``build_from_config(cfg)``, ``get_compile_config()`` /
  ``compile_from_config(cfg)``. Classes rebuild with ``cls.from_config(config)``; classes are
  found by ``class_name`` among ``custom_objects``, registered objects, ``keras.layers`` and
  ``keras.models`` (see ``deserialize_keras_object``).
- variables: an object is *saveable* if it has ``save_own_variables``, or
  ``_trainable_variables``/``_non_trainable_variables`` (a layer), or ``variables`` (an
  optimizer). Its own variables are ``save_own_variables(store)`` / ``load_own_variables(store)``
  when defined (``store`` maps ``"0"``, ``"1"`` … to arrays), else ``_trainable_variables +
  _non_trainable_variables`` (layers) or ``variables`` (optimizers); variables need
  ``numpy()`` and ``assign(array)``.
- structure: ``Sequential``/``Functional`` models list their children in ``model.layers``;
  other objects' child saveables are found in their attributes (public ones first, sorted by
  name), as Keras does; ``model.optimizer`` is saved under ``optimizer``.

Every write goes to a temporary file beside the target and is renamed into place when
complete, so a crash never leaves a half-written model; a damaged or truncated file raises
``CorruptFileError`` naming the file.
"""

import datetime
import io
import json
import logging
import os
import re
import tempfile
import warnings
import zipfile

import numpy as np

from ..errors import require
from ._serialization import get_custom_objects, register_keras_serializable

__all__ = ["save_model", "load_model", "save_weights", "load_weights", "read_archive",
           "serialize_keras_object", "deserialize_keras_object", "CorruptFileError",
           "register_keras_serializable", "get_custom_objects", "KERAS_VERSION"]

KERAS_VERSION = "3.15.1"
_LOG = logging.getLogger("tensorweave.keras")
CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
WEIGHTS_FILENAME = "model.weights.h5"


class CorruptFileError(ValueError):
    """A model or weights file is damaged, truncated or not in the expected format."""


# -- small helpers ---------------------------------------------------------------------------

def _h5py():
    return require("h5py", "h5")


def _tensorweave_version():
    try:
        from .. import __version__
        return __version__
    except ImportError:  # pragma: no cover - only while the package is half-built
        return "unknown"


def to_snake_case(name):
    """Keras's snake case of a class name (``BatchNormalization`` → ``batch_normalization``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _atomic_write_bytes(filepath, data):
    """Writes ``data`` to ``filepath`` through a temporary file renamed into place."""
    directory = os.path.dirname(os.path.abspath(filepath))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(filepath) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, filepath)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _check_overwrite(filepath, overwrite):
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError(f"{filepath} already exists; pass overwrite=True to replace it.")


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if hasattr(value, "as_list"):  # TensorShape
        return value.as_list()
    if hasattr(value, "name") and type(value).__name__ in ("DType", "dtype"):
        return value.name
    raise TypeError(f"Cannot serialize {value!r} (type {type(value).__name__}) to JSON: "
                    "get_config() must return JSON-compatible values.")


def _to_numpy(value):
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value)


# -- object serialization ---------------------------------------------------------------------

def _keras_module(obj):
    """The ``module`` Keras writes for ``obj``'s class."""
    name = type(obj).__name__
    if name == "Sequential" or name == "Model":
        return "keras"
    if name == "Functional":
        return "keras.src.models.functional"
    explicit = getattr(type(obj), "_keras_module", None)
    if explicit:
        return explicit
    module = type(obj).__module__
    for part in ("optimizers", "initializers", "regularizers", "constraints", "losses",
                 "metrics", "layers"):
        if f".{part}" in module or module.endswith(part):
            return f"keras.{part}"
    return module


def serialize_keras_object(obj):
    """An object with ``get_config`` → Keras 3's serialized dict (with build/compile configs).

    Args:
        obj: None, a plain value, or an object with ``get_config()``.

    Returns:
        ``{"module", "class_name", "config", "registered_name"}`` plus ``"build_config"`` and
        ``"compile_config"`` when the object provides them; plain values are returned as is.

    Example:
        >>> serialize_keras_object(None) is None
        True
    """
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize {obj!r}: it has no get_config() method.")
    # the class's own registration only: a subclass does not inherit its parent's name
    registered = vars(type(obj)).get("_registered_name")
    out = {"module": _keras_module(obj), "class_name": type(obj).__name__,
           "config": obj.get_config(), "registered_name": registered}
    build = obj.get_build_config() if hasattr(obj, "get_build_config") else None
    if build is not None:
        out["build_config"] = build
    compile_config = obj.get_compile_config() if hasattr(obj, "get_compile_config") else None
    if compile_config is not None:
        out["compile_config"] = compile_config
    return out


def _builtin_objects():
    """Name → class for the classes of ``tensorweave.keras`` that configs may name."""
    import importlib
    table = {}
    for module_name in ("layers", "models", "optimizers", "losses", "metrics",
                        "initializers", "regularizers", "constraints"):
        try:
            module = importlib.import_module(f"tensorweave.keras.{module_name}")
        except ImportError:
            continue
        for name in dir(module):
            value = getattr(module, name)
            if isinstance(value, type) and not name.startswith("_"):
                table.setdefault(name, value)
    return table


def _registered_objects():
    try:
        from ._serialization import get_custom_objects
    except ImportError:
        return {}
    return get_custom_objects()


def _find_class(config, custom_objects):
    names = [n for n in (config.get("registered_name"), config.get("class_name")) if n]
    for table in (custom_objects or {}, _registered_objects(), _builtin_objects()):
        for name in names:
            if name in table:
                return table[name]
    if config.get("class_name") == "Functional":  # Keras's Functional is keras.Model
        table = _builtin_objects()
        if "Model" in table:
            return table["Model"]
    raise ValueError(
        f"Could not locate class {config.get('class_name')!r} (module "
        f"{config.get('module')!r}) while loading. Make sure custom classes are registered "
        "with @keras.saving.register_keras_serializable() or passed in custom_objects, e.g. "
        f"load_model(path, custom_objects={{{config.get('class_name')!r}: "
        f"{config.get('class_name')}}}).")


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, compile=True):
    """Keras 3's serialized dict → the object (``cls.from_config``, then build and compile).

    Args:
        config: a dict from ``serialize_keras_object`` (or Keras 3's ``config.json``).
        custom_objects: dict of name → class for classes that are not built in.
        safe_mode: accepted for Keras compatibility (tensorweave never deserializes code).
        compile: apply ``compile_config`` when present.

    Returns:
        The rebuilt object.

    Raises:
        ValueError: the class cannot be found.
    """
    if not isinstance(config, dict):
        return config
    cls = _find_class(config, custom_objects)
    inner = config.get("config") or {}
    if hasattr(cls, "from_config"):
        if custom_objects and _accepts(cls.from_config, "custom_objects"):
            instance = cls.from_config(inner, custom_objects=custom_objects)
        else:
            instance = cls.from_config(inner)
    else:
        instance = cls(**inner)
    build_config = config.get("build_config")
    if build_config and not getattr(instance, "built", True) and \
            hasattr(instance, "build_from_config"):
        instance.build_from_config(build_config)
    compile_config = config.get("compile_config")
    if compile and compile_config and hasattr(instance, "compile_from_config"):
        instance.compile_from_config(compile_config)
    return instance


# Constructor arguments that Keras 3.15 writes into layer configs for features tensorweave does
# not have (ragged inputs, quantization, LoRA, batch renormalization, synchronized BN). At
# these values they change nothing, so they are dropped before a config is rebuilt; any other
# value is kept, and the layer's constructor then reports it.
_KERAS_ONLY_DEFAULTS = {
    "ragged": False, "quantization_config": None, "lora_rank": None, "lora_alpha": None,
    "renorm": False, "renorm_clipping": None, "renorm_momentum": 0.99, "synchronized": False,
}


def _drop_keras_only_defaults(config):
    """A copy of a serialized config without ``_KERAS_ONLY_DEFAULTS`` entries at their
    no-op values, in every nested object config."""
    if isinstance(config, list):
        return [_drop_keras_only_defaults(item) for item in config]
    if not isinstance(config, dict):
        return config
    out = {key: _drop_keras_only_defaults(value) for key, value in config.items()}
    inner = out.get("config")
    if "class_name" in out and isinstance(inner, dict):
        out["config"] = {key: value for key, value in inner.items()
                         if not (key in _KERAS_ONLY_DEFAULTS
                                 and value == _KERAS_ONLY_DEFAULTS[key])}
    return out


def _accepts(fn, argument):
    import inspect
    try:
        return argument in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


# -- walking the object tree -------------------------------------------------------------------

# Attributes that only track children already reachable another way (Keras skips its own
# bookkeeping attributes the same way).
_TRACKING_ATTRS = frozenset({"_layers", "_inbound_nodes", "_outbound_nodes", "_tracker",
                             "_self_tracked_trackables", "_operations", "_functional",
                             "_input_layer", "_input_layers", "_output_layers",
                             "_nodes_by_depth"})


def _is_saveable(obj):
    if isinstance(obj, type):
        return False
    if hasattr(obj, "update_state") and hasattr(obj, "result"):
        return False  # metrics: Keras does not save compiled metrics' state either
    return (hasattr(obj, "save_own_variables") or hasattr(obj, "_trainable_variables")
            or (hasattr(obj, "variables") and hasattr(obj, "get_config")))


def _is_graph_model(obj):
    return type(obj).__name__ in ("Sequential", "Functional") or (
        hasattr(obj, "layers") and getattr(obj, "_is_graph_network", False))


def _name_key(name):
    return "~" + name if name.startswith("_") else name


def _children(obj):
    """(attribute name, child) pairs in Keras's order: ``layers`` first for graph models, then
    attributes sorted with private ones last."""
    attrs = dict(getattr(obj, "__dict__", {}))
    if _is_graph_model(obj):
        yield "layers", list(obj.layers)
    elif isinstance(getattr(type(obj), "layers", None), property):
        # A subclassed model's ``layers`` takes its place among the attributes, as in Keras:
        # a layer held by an attribute sorting after "layers" is saved as layers/<class>_<n>.
        attrs["layers"] = list(obj.layers)
    for attr in sorted(attrs, key=_name_key):
        if attr.startswith("__") or attr in _TRACKING_ATTRS:
            continue
        yield attr.lstrip("_") if attr in ("_optimizer",) else attr, attrs[attr]
    if "optimizer" not in attrs and "_optimizer" not in attrs:
        optimizer = getattr(type(obj), "optimizer", None)
        if isinstance(optimizer, property):
            try:
                yield "optimizer", obj.optimizer
            except Exception:  # an unset property is not a child
                pass


def _own_variables(obj):
    if hasattr(obj, "_trainable_variables"):
        return list(obj._trainable_variables) + list(getattr(obj, "_non_trainable_variables", []))
    variables = getattr(obj, "variables", [])
    return list(variables() if callable(variables) else variables)


def _read_variables(variables):
    """Variable values as arrays, in one session call when the Keras backend allows it."""
    if not variables:
        return []
    backend = _keras_backend(variables)
    if backend is not None:
        return [np.asarray(v) for v in backend.batch_get_value(variables)]
    return [_to_numpy(v) for v in variables]


def _keras_backend(variables):
    """The Keras backend module when all ``variables`` are its Variables (batched access)."""
    try:
        from . import backend
    except ImportError:
        return None
    cls = getattr(backend, "Variable", None)
    if cls is None or not hasattr(backend, "batch_get_value"):
        return None
    return backend if all(isinstance(v, cls) for v in variables) else None


def _object_name(obj):
    name = getattr(obj, "name", None)
    return name if isinstance(name, str) else to_snake_case(type(obj).__name__)


def _join(path, name):
    return f"{path}/{name}" if path else name


def _save_state(obj, writer, path, visited):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    if hasattr(obj, "save_own_variables"):
        store = {}
        obj.save_own_variables(store)
        writer.write(path, _object_name(obj), {k: _to_numpy(v) for k, v in store.items()})
    else:
        values = _read_variables(_own_variables(obj))
        writer.write(path, _object_name(obj), {str(i): v for i, v in enumerate(values)})
    for attr, child in _children(obj):
        if _is_saveable(child):
            _save_state(child, writer, _join(path, attr), visited)
        elif isinstance(child, (list, tuple, dict)):
            _save_container(child, writer, _join(path, attr), visited)


def _container_items(container):
    items = list(container.values()) if isinstance(container, dict) else list(container)
    used = {}
    for child in items:
        if not _is_saveable(child):
            continue
        name = to_snake_case(type(child).__name__)
        if name in used:
            used[name] += 1
            name = f"{name}_{used[name]}"
        else:
            used[name] = 0
        yield name, child


def _save_container(container, writer, path, visited):
    for name, child in _container_items(container):
        _save_state(child, writer, _join(path, name), visited)


def _assign(obj, path, variables, store):
    """Assigns ``store`` (key → array) to ``variables``; raises ValueError on a mismatch."""
    label = f"{type(obj).__name__} {_object_name(obj)!r} (at {path or '/'})"
    if len(store) != len(variables):
        raise ValueError(f"{label} has {len(variables)} variables, but the file has "
                         f"{len(store)} for it.")
    values = []
    for i, var in enumerate(variables):
        value = store[str(i)]
        shape = tuple(getattr(var, "shape", np.shape(value)))
        if tuple(value.shape) != tuple(shape):
            raise ValueError(f"{label}: variable {i} ({getattr(var, 'name', '?')}) has shape "
                             f"{tuple(shape)}, but the file holds shape {tuple(value.shape)}.")
        values.append(value)
    backend = _keras_backend(variables)
    if backend is not None and hasattr(backend, "batch_set_value"):
        backend.batch_set_value(list(zip(variables, values)))
    else:
        for var, value in zip(variables, values):
            var.assign(value)


def _load_own(obj, store, path, root):
    if hasattr(obj, "load_own_variables"):
        obj.load_own_variables(store)
        return
    variables = _own_variables(obj)
    is_optimizer = not hasattr(obj, "_trainable_variables")
    unbuilt = not variables or getattr(obj, "built", True) is False
    if is_optimizer and unbuilt and len(store) > len(variables) and hasattr(obj, "build") \
            and hasattr(root, "trainable_variables"):
        # Keras builds the optimizer in compile_from_config; an optimizer that builds its
        # slots lazily (at the first step) is built here so that its saved state fits.
        obj.build(root.trainable_variables)
        variables = _own_variables(obj)
    if is_optimizer and len(variables) != len(store):
        message = (f"Skipping variable loading for optimizer '{_object_name(obj)}', because "
                   f"it has {len(variables)} variables whereas the saved optimizer has "
                   f"{len(store)} variables.")
        if not variables:
            message += " This is likely because the optimizer has not been called/built yet."
        warnings.warn(message, stacklevel=4)
        return
    _assign(obj, path, variables, store)


def _load_state(obj, reader, path, visited, failures, root):
    if id(obj) in visited:
        return
    visited.add(id(obj))
    try:
        _load_own(obj, reader.read(path), path, root)
    except ValueError as e:
        failures.append((obj, path, e))
    for attr, child in _children(obj):
        if _is_saveable(child):
            _load_state(child, reader, _join(path, attr), visited, failures, root)
        elif isinstance(child, (list, tuple, dict)):
            for name, item in _container_items(child):
                _load_state(item, reader, _join(_join(path, attr), name), visited, failures,
                            root)


# -- the HDF5 store ------------------------------------------------------------------------------

class _H5Writer:
    """Writes ``<path>/vars/<i>`` groups into an open h5py File."""

    def __init__(self, h5file):
        self.h5 = h5file

    def write(self, path, name, arrays):
        group = self.h5.require_group(path) if path else self.h5
        vars_group = group.create_group("vars")
        vars_group.attrs["name"] = name
        for key, value in arrays.items():
            value = np.asarray(value)
            # Fletcher-32 checksums let a damaged .weights.h5 fail loudly; Keras and any h5py
            # reader decode them transparently. Scalars cannot be chunked, so they go without.
            if value.ndim and value.size:
                vars_group.create_dataset(key, data=value, fletcher32=True)
            else:
                vars_group.create_dataset(key, data=value)


class _H5Reader:
    """Reads ``<path>/vars`` groups of an open h5py File as dicts of arrays."""

    def __init__(self, h5file, source):
        self.h5 = h5file
        self.source = source

    def read(self, path):
        h5 = self.h5
        key = _join(path, "vars")
        if key not in h5 and "_layer_checkpoint_dependencies" in h5:  # Keras 2.13 files
            key = _join(path.replace("layers", "_layer_checkpoint_dependencies"), "vars")
        if key not in h5:
            return {}
        try:
            return {name: np.asarray(ds[()]) for name, ds in h5[key].items()}
        except (OSError, RuntimeError, KeyError) as e:
            raise CorruptFileError(f"{self.source} is damaged: cannot read {key} ({e}).") from e

    def paths(self):
        out = {}

        def visit(name, obj):
            parent, _, leaf = name.rpartition("/")
            if leaf == "vars" and isinstance(obj, h5py.Group):
                out[parent] = None
        h5py = _h5py()
        self.h5.visititems(visit)
        return out


# -- .keras archives ---------------------------------------------------------------------------

def _build_archive(model):
    h5py = _h5py()
    config_json = json.dumps(serialize_keras_object(model), default=_json_default)
    metadata_json = json.dumps({
        "keras_version": KERAS_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "tensorweave_version": _tensorweave_version(),
    })
    weights = _weights_bytes(model, h5py)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(METADATA_FILENAME, metadata_json)
        zf.writestr(CONFIG_FILENAME, config_json)
        zf.writestr(WEIGHTS_FILENAME, weights)
    return buffer.getvalue()


def _weights_bytes(model, h5py):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        _save_state(model, _H5Writer(h5), "", set())
    return buffer.getvalue()


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves ``model`` as a Keras 3 ``.keras`` archive (config, metadata and weights).

    Args:
        model: a Keras model (see the module docstring for what it must provide).
        filepath: path ending in ``.keras``.
        overwrite: replace an existing file; if False and the file exists, raise.
        zipped: None or True (Keras's unzipped folder format, ``zipped=False``, is not
            supported).

    Raises:
        ValueError: ``filepath`` does not end in ``.keras``, or ``zipped=False``.
        FileExistsError: the file exists and ``overwrite`` is False.
        MissingExtraError: h5py is not installed (``pip install 'tensorweave[h5]'``).

    Example:
        >>> model.save("model.keras")  # doctest: +SKIP
    """
    filepath = os.fspath(filepath)
    if zipped is False:
        raise ValueError("zipped=False (an unzipped .keras folder) is not supported; save a "
                         "zipped `.keras` file.")
    legacy = filepath.endswith(".h5") or filepath.endswith(".hdf5")
    if not filepath.endswith(".keras") and not legacy:
        raise ValueError("Invalid filepath extension for saving: use `.keras` (the native "
                         "Keras format) or `.h5` (legacy HDF5). Received: "
                         f"filepath={filepath}")
    _check_overwrite(filepath, overwrite)
    if not getattr(model, "built", True):
        warnings.warn("You are saving a model that has not yet been built. It might not "
                      "contain any weights yet. Consider building the model first by calling "
                      "it on some data.", stacklevel=2)
    if legacy:
        _LOG.warning("You are saving your model as an HDF5 file via `model.save()`: a legacy "
                     "format. Prefer the native Keras format, `model.save('my_model.keras')`.")
        _atomic_write_bytes(filepath, _legacy_h5_bytes(model))
        return
    _atomic_write_bytes(filepath, _build_archive(model))


def _legacy_h5_bytes(model):
    """A single HDF5 file: the model's config (with its compile config) as the root's
    ``model_config`` attribute and the variables as in ``.weights.h5``, so ``load_model``
    and ``load_weights`` both read it."""
    h5py = _h5py()
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        h5.attrs["keras_version"] = KERAS_VERSION
        h5.attrs["backend"] = "tensorflow"
        h5.attrs["model_config"] = json.dumps(serialize_keras_object(model),
                                              default=_json_default)
        _save_state(model, _H5Writer(h5), "", set())
        _write_model_weights(model, h5)
    return buffer.getvalue()


def _write_model_weights(model, h5):
    """Keras's legacy ``model_weights`` group beside tensorweave's layout, so real Keras
    loads the file: per layer (``model.layers`` order, listed in ``layer_names``) a group
    whose ``weight_names`` attribute lists the weights' paths, each a dataset at that path.
    The datasets are hard links to those already written (no second copy of the data)."""
    group = h5.create_group("model_weights")
    group.attrs["backend"] = "tensorflow"
    group.attrs["keras_version"] = KERAS_VERSION
    written = {}

    def collect(name, obj):
        if hasattr(obj, "shape") and "/vars/" in name:
            written.setdefault(name.rsplit("/vars/", 1)[0], {})[name.rsplit("/", 1)[1]] = obj
    h5.visititems(collect)
    layers = list(getattr(model, "layers", ()))
    # the names tensorweave's layout gave the layers under layers/ (as _save_state names
    # the model's layer list)
    keys = {id(child): name for name, child in _container_items(layers)}
    for layer in layers:
        layer_group = group.create_group(layer.name)
        weights = list(layer.weights)
        paths = [str(getattr(w, "path", None) or f"{layer.name}/{w.name}") for w in weights]
        layer_group.attrs["weight_names"] = _names_attribute(paths)
        stored = written.get(f"layers/{keys.get(id(layer), layer.name)}", {})
        for j, (path, w) in enumerate(zip(paths, weights)):
            dataset = stored.get(str(j))
            if dataset is not None and dataset.shape == tuple(w.shape):
                layer_group[path] = dataset  # a hard link
            else:
                layer_group.create_dataset(path, data=_to_numpy(w))
    group.attrs["layer_names"] = _names_attribute([layer.name for layer in layers])


def _names_attribute(names):
    """A list of names as the HDF5 attribute Keras writes: fixed-length byte strings."""
    return np.array([n.encode("utf8") for n in names], dtype="S") if names else \
        np.zeros((0,), dtype="S1")


def _legacy_weights_group(h5):
    """Keras's legacy weights group of an HDF5 file (``model.save("m.h5")`` by Keras 2/3:
    ``model_weights``; ``save_weights("w.h5")`` by Keras 2: the root), or None."""
    if "model_weights" in h5 and "layer_names" in h5["model_weights"].attrs:
        return h5["model_weights"]
    if "layer_names" in h5.attrs:
        return h5
    return None


def _has_own_layout(h5):
    return any(True for _ in _H5Reader(h5, "").paths())


def _load_legacy_layers(model, group, filepath):
    """Sets the weights of the model's layers from Keras's legacy layout, as Keras's
    ``load_weights_from_hdf5_group`` does: the layers with weights, in order, from the
    file's layers with weights, in order (not by name), each from its ``weight_names``."""
    def names(obj, key):
        return [n.decode("utf8") if isinstance(n, bytes) else str(n)
                for n in obj.attrs.get(key, [])]
    saved = [(name, group[name]) for name in names(group, "layer_names")
             if name in group and names(group[name], "weight_names")]
    layers = [layer for layer in getattr(model, "layers", ()) if layer.weights]
    if len(saved) != len(layers):
        raise ValueError(f"Layer count mismatch when loading weights from file. Model "
                         f"expected {len(layers)} layers, found {len(saved)} saved layers "
                         f"({filepath}).")
    failures = []
    for layer, (name, g) in zip(layers, saved):
        try:
            values = [np.asarray(g[n][()]) for n in names(g, "weight_names")]
        except (KeyError, OSError) as e:
            raise CorruptFileError(f"{filepath} is damaged: cannot read the weights of "
                                   f"layer '{name}' ({e}).") from e
        try:
            layer.set_weights(values)
        except ValueError as e:
            failures.append((layer, f"model_weights/{name}", e))
    return failures


def _open_archive(filepath):
    """The zip archive of a ``.keras`` file, or CorruptFileError."""
    try:
        return zipfile.ZipFile(filepath, "r")
    except zipfile.BadZipFile as e:
        size = os.path.getsize(filepath)
        raise CorruptFileError(
            f"{filepath} is not a valid .keras file: {e} ({size} bytes). It is damaged or "
            "truncated (an interrupted copy or download?); save the model again.") from e


def _read_member(zf, name, filepath):
    try:
        return zf.read(name)
    except KeyError as e:
        raise CorruptFileError(f"{filepath} is not a valid .keras file: it has no {name} "
                               f"(members: {zf.namelist()}).") from e
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise CorruptFileError(f"{filepath} is damaged: reading {name} failed ({e}). "
                               "Save the model again.") from e


def _open_h5(h5py, source, data=None):
    try:
        return h5py.File(io.BytesIO(data) if data is not None else source, "r")
    except OSError as e:
        raise CorruptFileError(f"{source} is damaged or truncated: its HDF5 weights cannot be "
                               f"opened ({e}).") from e


def read_archive(filepath):
    """The parts of a ``.keras`` file, for inspection: ``(config, metadata, weights)``.

    Args:
        filepath: a ``.keras`` file (written by tensorweave or Keras 3).

    Returns:
        ``config`` and ``metadata`` as dicts; ``weights`` maps each object path
        (``"layers/dense"``, ``"optimizer"``, ``""`` for the model) to a dict of its arrays
        (``{"0": kernel, "1": bias}``).

    Raises:
        CorruptFileError: the file is damaged, truncated or incomplete.
    """
    filepath = os.fspath(filepath)
    h5py = _h5py()
    with _open_archive(filepath) as zf:
        config = _parse_json(_read_member(zf, CONFIG_FILENAME, filepath), filepath,
                             CONFIG_FILENAME)
        metadata = _parse_json(_read_member(zf, METADATA_FILENAME, filepath), filepath,
                               METADATA_FILENAME)
        data = _read_member(zf, WEIGHTS_FILENAME, filepath)
    with _open_h5(h5py, f"{filepath}:{WEIGHTS_FILENAME}", data) as h5:
        reader = _H5Reader(h5, filepath)
        weights = {path: reader.read(path) for path in reader.paths()}
    return config, metadata, weights


def _parse_json(data, filepath, name):
    try:
        return json.loads(data)
    except ValueError as e:
        raise CorruptFileError(f"{filepath} is damaged: {name} is not valid JSON ({e}).") from e


def _raise_failures(failures, warn_only=False):
    obj, path, error = failures[0]
    message = (f"A total of {len(failures)} objects could not be loaded. Example error "
               f"message for object {type(obj).__name__} {_object_name(obj)!r} at "
               f"{path or '/'}:\n\n{error}\n\nList of objects that could not be loaded:\n"
               f"{[f'{type(o).__name__} {_object_name(o)!r}' for o, _, _ in failures]}")
    if warn_only:
        warnings.warn(message, stacklevel=3)
    else:
        raise ValueError(message)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with ``model.save("....keras")`` by tensorweave or Keras 3.

    Args:
        filepath: path of a ``.keras`` file.
        custom_objects: dict of name → class for custom layers and other objects.
        compile: restore the compile settings (optimizer, loss, metrics) and optimizer state.
        safe_mode: accepted for Keras compatibility; no code is ever deserialized.

    Returns:
        The model, with its weights (and optimizer state when ``compile``).

    Raises:
        CorruptFileError: the file is damaged, truncated or lacks a part.
        ValueError: a class cannot be found, or saved weights do not fit the model.
        MissingExtraError: h5py is not installed.

    Example:
        >>> model = load_model("model.keras")  # doctest: +SKIP
    """
    filepath = os.fspath(filepath)
    if filepath.endswith(".h5") or filepath.endswith(".hdf5"):
        return _load_legacy_h5(filepath, custom_objects, compile, safe_mode)
    if not filepath.endswith(".keras"):
        raise ValueError(f"Invalid filename: expected a `.keras` extension. "
                         f"Received: filepath={filepath}")
    if not os.path.exists(filepath):
        # ValueError, as Keras 3 raises for a missing `.keras` file
        raise ValueError(f"File not found: filepath={filepath}. Make sure the path names an "
                         "existing `.keras` (zip) file.")
    h5py = _h5py()
    with _open_archive(filepath) as zf:
        config = _parse_json(_read_member(zf, CONFIG_FILENAME, filepath), filepath,
                             CONFIG_FILENAME)
        data = _read_member(zf, WEIGHTS_FILENAME, filepath)
    config = _drop_keras_only_defaults(config)
    if not compile:
        config.pop("compile_config", None)
    model = deserialize_keras_object(config, custom_objects, safe_mode, compile=compile)
    with _open_h5(h5py, f"{filepath}:{WEIGHTS_FILENAME}", data) as h5:
        failures = _restore_state(model, h5, filepath, compile)
    if failures:
        _raise_failures(failures)
    return model


def _load_legacy_h5(filepath, custom_objects, compile, safe_mode):
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath}")
    h5py = _h5py()
    with _open_h5(h5py, filepath) as h5:
        raw = h5.attrs.get("model_config")
        if raw is None:
            raise ValueError(f"No model config found in the file at {filepath}.")
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8")
        config = _drop_keras_only_defaults(_parse_json(raw, filepath, "model_config"))
        if not compile:
            config.pop("compile_config", None)
        model = deserialize_keras_object(config, custom_objects, safe_mode, compile=compile)
        legacy = _legacy_weights_group(h5)
        if legacy is not None and not _has_own_layout(h5):  # written by Keras
            failures = _load_legacy_layers(model, legacy, filepath)
        else:
            failures = _restore_state(model, h5, filepath, compile)
    if failures:
        _raise_failures(failures)
    return model


def _restore_state(model, h5, filepath, compile):
    """Loads the saved weights (and, when compiled, the optimizer's state) of ``model`` from
    the open HDF5 file; returns the failures to report."""
    failures = []
    visited = set() if compile else _optimizer_ids(model)
    _load_state(model, _H5Reader(h5, filepath), "", visited, failures, model)
    return failures


def _optimizer_ids(model):
    optimizer = getattr(model, "optimizer", None)
    return {id(optimizer)} if optimizer is not None else set()


def save_weights(model, filepath, overwrite=True):
    """Saves the model's variables (layers and optimizer) to a Keras 3 ``.weights.h5`` file.

    Args:
        model: the model.
        filepath: path ending in ``.weights.h5``.
        overwrite: replace an existing file; if False and the file exists, raise.

    Raises:
        ValueError: ``filepath`` does not end in ``.weights.h5``.
        FileExistsError: the file exists and ``overwrite`` is False.
        MissingExtraError: h5py is not installed.
    """
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError("Invalid `filepath` argument: the filename must end in "
                         f"`.weights.h5`. Received: filepath={filepath}")
    _check_overwrite(filepath, overwrite)
    _atomic_write_bytes(filepath, _weights_bytes(model, _h5py()))


def load_weights(model, filepath, skip_mismatch=False):
    """Loads variables into ``model`` from a ``.weights.h5`` or ``.keras`` file.

    Args:
        model: a built model with the same architecture as the saved one.
        filepath: a ``.weights.h5`` or ``.keras`` file (tensorweave or Keras 3).
        skip_mismatch: warn about variables that do not fit and load the rest, instead of
            raising.

    Raises:
        ValueError: unsupported extension, or saved variables do not fit (unless
            ``skip_mismatch``).
        CorruptFileError: the file is damaged or truncated.
    """
    filepath = os.fspath(filepath)
    h5py = _h5py()
    if filepath.endswith(".keras"):
        with _open_archive(filepath) as zf:
            data = _read_member(zf, WEIGHTS_FILENAME, filepath)
        h5 = _open_h5(h5py, f"{filepath}:{WEIGHTS_FILENAME}", data)
    elif filepath.endswith(".weights.h5"):
        if not os.path.exists(filepath):
            raise FileNotFoundError(f"No such weights file: {filepath}")
        h5 = _open_h5(h5py, filepath)
    elif filepath.endswith(".h5") or filepath.endswith(".hdf5"):
        # Keras 3 reads these as legacy (Keras 2) HDF5 weights: a missing file is a
        # FileNotFoundError there too
        if not os.path.exists(filepath):
            raise FileNotFoundError(f"No such weights file: {filepath}")
        h5 = _open_h5(h5py, filepath)
    else:
        raise ValueError("Invalid `filepath` argument: expected a `.weights.h5` or `.keras` "
                         f"extension. Received: filepath={filepath}")
    with h5:
        failures = []
        legacy = _legacy_weights_group(h5)
        if legacy is not None and not _has_own_layout(h5):  # Keras's legacy layout
            failures = _load_legacy_layers(model, legacy, filepath)
        else:
            _load_state(model, _H5Reader(h5, filepath), "", set(), failures, model)
    if failures:
        _raise_failures(failures, warn_only=skip_mismatch)
