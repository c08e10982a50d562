"""``keras.layers``: the layer classes (``Dense``, ``Conv2D``, ``BatchNormalization`` …),
``Input``/``InputLayer`` and the ``Layer`` base class for custom layers."""

from .layer import Layer, InputSpec
from .input_layer import Input, InputLayer
from .core import (Dense, Activation, Dropout, Flatten, Reshape, Lambda, Embedding, ReLU,
                   LeakyReLU, Softmax, ELU, PReLU, Rescaling, Identity, Masking)
from .reshaping import (ZeroPadding1D, ZeroPadding2D, Cropping1D, Cropping2D, UpSampling1D,
                        UpSampling2D, RepeatVector, Permute, TimeDistributed)
from .regularization import (SpatialDropout1D, SpatialDropout2D, GaussianNoise,
                             GaussianDropout, ActivityRegularization)
from .preprocessing import Normalization, Resizing
from .convolutional import (Conv1D, Conv2D, Conv2DTranspose, Convolution1D, Convolution2D,
                            Convolution2DTranspose)
from .pooling import (MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
                      GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
                      GlobalMaxPooling2D, MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D,
                      GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D, GlobalMaxPool2D)
from .normalization import BatchNormalization, LayerNormalization
from .recurrent import (SimpleRNNCell, LSTMCell, GRUCell, RNN, SimpleRNN, LSTM, GRU,
                        Bidirectional)
from .merging import (Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum,
                      concatenate, add, subtract, multiply, average, maximum, minimum)
from .. import _serialization

__all__ = [
    "Layer", "InputSpec", "Input", "InputLayer", "Dense", "Activation", "Dropout", "Flatten",
    "Reshape", "Lambda", "Embedding", "ReLU", "LeakyReLU", "Softmax", "Conv1D", "Conv2D",
    "Conv2DTranspose", "MaxPooling1D",
    "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D",
    "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "BatchNormalization", "LayerNormalization", "Concatenate", "Add", "Subtract", "Multiply",
    "Average", "Maximum", "Minimum", "concatenate", "add", "subtract", "multiply", "average",
    "maximum", "minimum", "serialize", "deserialize", "Convolution1D", "Convolution2D",
    "Convolution2DTranspose", "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D",
    "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalMaxPool1D", "GlobalMaxPool2D",
    "SimpleRNNCell", "LSTMCell", "GRUCell", "RNN", "SimpleRNN", "LSTM", "GRU", "Bidirectional",
    "ELU", "PReLU", "Rescaling", "Identity", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D",
    "Cropping2D", "UpSampling1D", "UpSampling2D", "RepeatVector", "Permute", "TimeDistributed",
    "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
    "ActivityRegularization", "Normalization", "Masking", "Resizing",
]


def _by_name():
    table = {name: obj for name, obj in globals().items()
             if isinstance(obj, type) and issubclass(obj, Layer)}
    from ..models import Sequential, Model, Functional
    table.update(Sequential=Sequential, Model=Model, Functional=Functional)
    return table


def serialize(layer):
    """A layer → ``{"module", "class_name", "config", "registered_name"}``."""
    from .layer import serialize_layer
    return serialize_layer(layer)


def deserialize(config, custom_objects=None):
    """A serialized layer → a new layer (built if the config says how)."""
    layer = _serialization.deserialize(config, _by_name(), "layer", custom_objects)
    build = config.get("build_config") if isinstance(config, dict) else None
    if build and hasattr(layer, "build_from_config"):
        layer.build_from_config(build)
    return layer
