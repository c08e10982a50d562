"""Keras 3's serialized form of objects in configs: ``{"module", "class_name", "config",
"registered_name"}``, and the lookup that turns it (or a plain name) back into an object."""

import warnings

__all__ = ["serialize", "deserialize", "register_keras_serializable", "get_custom_objects",
           "deprecated_argument"]

_CUSTOM_OBJECTS = {}


def register_keras_serializable(package="Custom", name=None):
    """Class decorator: makes a custom class known to ``from_config``/``deserialize`` as
    ``"package>name"`` (and by its bare name)."""
    def decorator(obj):
        key = f"{package}>{name or obj.__name__}"
        _CUSTOM_OBJECTS[key] = obj
        _CUSTOM_OBJECTS[name or obj.__name__] = obj
        obj._registered_name = key
        return obj
    return decorator


def get_custom_objects():
    """The dict of registered custom objects (name → class or function)."""
    return _CUSTOM_OBJECTS


def serialize(obj, module):
    """``obj`` (None, a string, a function or an object with ``get_config``) → config."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, type(serialize)) or (callable(obj) and not hasattr(obj, "get_config")):
        return getattr(obj, "__name__", str(obj))
    return {"module": module, "class_name": type(obj).__name__, "config": obj.get_config(),
            "registered_name": vars(type(obj)).get("_registered_name")}


def deserialize(config, by_name, what, custom_objects=None):
    """A config (from ``serialize``), a name or an instance → the object.

    ``by_name`` maps names (class names and aliases) to classes or functions; classes are
    instantiated with the config (or no arguments for a bare name).
    """
    if config is None:
        return None
    if isinstance(config, dict):
        name = config.get("registered_name") or config["class_name"]
        cls = _lookup(name, by_name, custom_objects) or _lookup(config["class_name"], by_name,
                                                                custom_objects)
        if cls is None:
            raise ValueError(f"Unknown {what}: {config['class_name']!r}. Please ensure you "
                             "are using a `keras.utils.custom_object_scope` and that this "
                             "object is included in the scope.")
        inner = config.get("config") or {}
        if hasattr(cls, "from_config"):
            return cls.from_config(inner)
        return cls(**inner) if isinstance(cls, type) else cls
    if isinstance(config, str):
        obj = _lookup(config, by_name, custom_objects)
        if obj is None:
            raise ValueError(f"Could not interpret {what} identifier: {config!r}")
        return obj() if isinstance(obj, type) else obj
    return config


def _lookup(name, by_name, custom_objects):
    for table in (custom_objects or {}, _CUSTOM_OBJECTS, by_name):
        if name in table:
            return table[name]
    return None


def deprecated_argument(kwargs, old, new, owner):
    """Moves ``kwargs[old]`` (a Keras 1 spelling) to ``new``, warning with the new name."""
    if old in kwargs:
        value = kwargs.pop(old)
        warnings.warn(f"`{old}` is deprecated in {owner}; use `{new}` instead.",
                      DeprecationWarning, stacklevel=3)
        if new in kwargs and kwargs[new] is not None:
            raise TypeError(f"{owner} got both `{old}` and its new name `{new}`.")
        kwargs[new] = value
    return kwargs
