"""``keras.models``: ``Model``, ``Sequential``, functional models, and loading."""

from .model import Model
from .functional import Functional
from .sequential import Sequential

__all__ = ["Model", "Sequential", "Functional", "load_model", "save_model",
           "model_from_json", "model_from_config", "clone_model"]


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with ``model.save`` (``tensorweave.keras.saving``)."""
    from .. import saving
    return saving.load_model(filepath, custom_objects=custom_objects, compile=compile,
                             safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True, **kwargs):
    from .. import saving
    return saving.save_model(model, filepath, overwrite=overwrite)


def model_from_config(config, custom_objects=None):
    """A new model (or layer) from ``{"class_name", "config", …}``; compiled when the
    config holds a non-empty ``compile_config`` (as Keras 3's ``model_from_json`` does)."""
    from ..layers import deserialize
    model = deserialize(config, custom_objects=custom_objects)
    compile_config = config.get("compile_config") if isinstance(config, dict) else None
    if compile_config and hasattr(model, "compile_from_config"):
        model.compile_from_config(compile_config)
    return model


def model_from_json(json_string, custom_objects=None):
    import json
    return model_from_config(json.loads(json_string), custom_objects=custom_objects)


def clone_model(model, input_tensors=None, clone_function=None):
    """A model of the same architecture with new (freshly initialized) weights."""
    from ..layers import deserialize, serialize
    return deserialize(serialize(model))        # not compiled, as in Keras 3
