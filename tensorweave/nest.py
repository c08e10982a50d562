"""Nested structures (``tf.nest``): lists, tuples, namedtuples and dicts of leaves.

Dicts flatten in sorted key order and come back with their own key order, as in TF.
(``tf.data`` keeps lists as leaves; it has its own rules in ``data/structure.py``.)

Example:
    >>> tw.nest.flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
"""

__all__ = ["flatten", "pack_sequence_as", "map_structure", "is_nested",
           "assert_same_structure"]


def is_nested(x):
    """Whether ``x`` is a structure (list, tuple or dict) rather than a leaf."""
    return isinstance(x, (list, tuple, dict))


def flatten(structure):
    """The leaves of ``structure`` in order (None is a leaf, as in TF)."""
    if isinstance(structure, dict):
        return [v for k in sorted(structure) for v in flatten(structure[k])]
    if isinstance(structure, (list, tuple)):
        return [v for item in structure for v in flatten(item)]
    return [structure]


def pack_sequence_as(structure, flat_sequence):
    """``flat_sequence`` put back into the nesting of ``structure``."""
    flat = list(flat_sequence)
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            built = {k: build(s[k]) for k in sorted(s)}
            return type(s)((k, built[k]) for k in s)
        if isinstance(s, (list, tuple)):
            items = [build(v) for v in s]
            return type(s)(*items) if hasattr(s, "_fields") else type(s)(items)
        return next(it)
    out = build(structure)
    if next(it, it) is not it:
        raise ValueError(f"Could not pack sequence: structure has {len(flatten(structure))} "
                         f"elements, but flat_sequence had {len(flat)} elements.")
    return out


def map_structure(func, *structures, check_types=True):
    """``func`` applied to the leaves of ``structures`` (all of the same nesting)."""
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=check_types)
    flats = [flatten(s) for s in structures]
    if any(len(f) != len(flats[0]) for f in flats):
        raise ValueError("The two structures don't have the same number of elements.")
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises ValueError when the two structures nest differently (TypeError when
    ``check_types`` and a sequence type differs: a list against a tuple)."""
    def walk(a, b):
        if is_nested(a) != is_nested(b):
            raise ValueError(f"The two structures don't have the same nested structure.\n\n"
                             f"First structure: {nest1}\n\nSecond structure: {nest2}")
        if not is_nested(a):
            return
        if check_types and type(a) is not type(b):
            raise TypeError(f"The two structures don't have the same sequence type. Input "
                            f"structure has type {type(a)}, while shallow structure has type "
                            f"{type(b)}.")
        if isinstance(a, dict):
            if sorted(a) != sorted(b):
                raise ValueError(f"The two dictionaries don't have the same set of keys. "
                                 f"First structure has keys {sorted(a)}, while second "
                                 f"structure has keys {sorted(b)}.")
            for k in a:
                walk(a[k], b[k])
            return
        if len(a) != len(b):
            raise ValueError(f"The two structures don't have the same nested structure.\n\n"
                             f"First structure: {nest1}\n\nSecond structure: {nest2}")
        for x, y in zip(a, b):
            walk(x, y)
    walk(nest1, nest2)
