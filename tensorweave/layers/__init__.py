"""``tf.layers``: TF1 layers as functions (``tf.layers.dense`` …) and classes (``Dense`` …).

Each layer owns a variable scope named after it (``"dense"``, ``"conv2d_1"``), creates its
variables there with ``get_variable`` and can share them with ``reuse=True``.
"""

from .base import Layer
from .core import Dense, dense, Dropout, dropout, Flatten, flatten
from .convolutional import Conv2D, conv2d, Conv2DTranspose, conv2d_transpose
from .convolutional import Conv1D, conv1d, SeparableConv2D, separable_conv2d
from .pooling import MaxPooling2D, AveragePooling2D, max_pooling2d, average_pooling2d
from .pooling import MaxPooling1D, AveragePooling1D, max_pooling1d, average_pooling1d
from .normalization import BatchNormalization, batch_normalization

# Keras-style aliases TF1 also exports under tf.layers.
MaxPool2D = MaxPooling2D
AveragePool2D = AveragePooling2D
Convolution2D = Conv2D
Convolution2DTranspose = Conv2DTranspose
MaxPool1D = MaxPooling1D
AveragePool1D = AveragePooling1D
Convolution1D = Conv1D
SeparableConvolution2D = SeparableConv2D

__all__ = ["Layer", "Dense", "dense", "Dropout", "dropout", "Flatten", "flatten", "Conv2D",
           "conv2d", "MaxPooling2D", "AveragePooling2D", "max_pooling2d", "average_pooling2d",
           "BatchNormalization", "batch_normalization", "MaxPool2D", "AveragePool2D",
           "Convolution2D", "Conv2DTranspose", "conv2d_transpose", "Convolution2DTranspose",
           "Conv1D", "conv1d", "SeparableConv2D", "separable_conv2d", "MaxPooling1D",
           "AveragePooling1D", "max_pooling1d", "average_pooling1d", "MaxPool1D",
           "AveragePool1D", "Convolution1D", "SeparableConvolution2D"]
