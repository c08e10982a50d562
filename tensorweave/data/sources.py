"""``tf.data``'s sources: datasets made from arrays, tensors, ranges and generators."""


import numpy as np

from .. import dtypes as _dt
from ..shapes import TensorShape, as_shape
from .dataset import UNKNOWN, Dataset
from .structure import (
    TensorSpec,
    dtype_of,
    flatten,
    flatten_shapes,
    is_tensor,
    item,
    map_structure,
    normalize,
    pack,
    to_array,
)


# -- sources ---------------------------------------------------------------------------------
def _shape_of(value):
    return value.shape if is_tensor(value) else TensorShape(value.shape)


def _leaf(value):
    """A dataset input's component: a tensor (captured) or a NumPy array."""
    return value if is_tensor(value) else to_array(value)


def _dtype(value):
    return value.dtype if is_tensor(value) else dtype_of(value)


class TensorSliceDataset(Dataset):
    def __init__(self, tensors):
        structure = normalize(tensors)
        self._leaves = [_leaf(v) for v in flatten(structure)]
        first = None
        specs = []
        for v in self._leaves:
            shape = _shape_of(v)
            if shape.ndims == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            if shape.ndims is not None:
                d = shape.as_tuple()[0]
                if first is not None and d is not None and d != first:
                    raise ValueError(f"Dimensions {first} and {d} are not compatible")
                first = d if d is not None else first
                shape = TensorShape(shape.as_tuple()[1:])
            specs.append(TensorSpec(shape, _dtype(v)))
        super().__init__(pack(structure, specs),
                         captured=[v for v in self._leaves if is_tensor(v)])

    def _cardinality(self):
        for v in self._leaves:
            d = _shape_of(v).as_tuple()[0] if _shape_of(v).ndims else None
            if d is not None:
                return int(d)
        return UNKNOWN

    def _slices(self, env):
        arrays = [env.value(v) if is_tensor(v) else v for v in self._leaves]
        n = {len(a) for a in arrays}
        if len(n) > 1:
            from .. import errors
            sizes = sorted(n)
            raise errors.InvalidArgumentError(
                None, None, f"Expected all tensors to have the same dimension 0, but got "
                f"{sizes[0]} and {sizes[1]}")
        return arrays, (n.pop() if n else 0)

    def _generate(self, env):
        arrays, n = self._slices(env)
        for i in range(n):
            yield [item(a, i) for a in arrays]


class TensorDataset(Dataset):
    def __init__(self, tensors):
        structure = normalize(tensors)
        self._leaves = [_leaf(v) for v in flatten(structure)]
        specs = [TensorSpec(_shape_of(v), _dtype(v)) for v in self._leaves]
        super().__init__(pack(structure, specs),
                         captured=[v for v in self._leaves if is_tensor(v)])

    def _cardinality(self):
        return 1

    def _generate(self, env):
        yield [env.value(v) if is_tensor(v) else v for v in self._leaves]


class RangeDataset(Dataset):
    def __init__(self, *args, output_type=_dt.int64):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to range: {args}")
        self._args = [int(a) for a in args]
        self._dtype = _dt.as_dtype(output_type)
        super().__init__(TensorSpec([], self._dtype))

    def _cardinality(self):
        return len(range(*self._args))

    def _generate(self, env):
        np_dtype = self._dtype.as_numpy_dtype
        for i in range(*self._args):
            yield [np.asarray(i, dtype=np_dtype)]


class GeneratorDataset(Dataset):
    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            output_types = map_structure(lambda s: s.dtype, normalize(output_signature))
            output_shapes = map_structure(lambda s: s.shape, normalize(output_signature))
        if output_types is None:
            raise TypeError("The `output_types` argument can not be None.")
        types = normalize(output_types)
        if output_shapes is None:
            shapes = map_structure(lambda t: TensorShape(None), types)
        else:
            flat = [as_shape(s) for s in flatten_shapes(output_shapes)]
            shapes = pack(types, flat)
        specs = pack(types, [TensorSpec(s, t) for s, t in
                             zip(flatten(shapes), flatten(types))])
        self._generator, self._args = generator, tuple(args or ())
        super().__init__(specs)

    def _generate(self, env):
        from .. import errors
        specs = self._flat_specs()
        for value in self._generator(*self._args):
            flat = flatten(normalize(value))
            if len(flat) != len(specs):
                raise errors.InvalidArgumentError(
                    None, None, "`generator` yielded an element that did not match the "
                    "expected structure.")
            out = []
            for v, spec in zip(flat, specs):
                arr = to_array(v, spec.dtype)
                if not spec.shape.is_compatible_with(arr.shape):
                    raise errors.InvalidArgumentError(
                        None, None, f"`generator` yielded an element of shape "
                        f"{list(arr.shape)} where an element of shape "
                        f"{spec.shape} was expected.")
                out.append(arr)
            yield out
