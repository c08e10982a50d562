"""Nested structures (``tf.nest``): lists, tuples, namedtuples and dicts of leaves.

Dicts flatten in sorted key order and come back with their own key order, as in TF.
(``tf.data`` keeps lists as leaves; it has its own rules in ``data/structure.py``.)

Example:
    >>> tw.nest.flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
"""

__all__ = ["flatten", "pack_sequence_as", "map_structure", "is_nested"]


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


def map_structure(func, *structures):
    """``func`` applied to the leaves of ``structures`` (all of the same nesting)."""
    flats = [flatten(s) for s in structures]
    if any(len(f) != len(flats[0]) for f in flats):
        raise ValueError("The two structures don't have the same number of elements.")
    return pack_sequence_as(structures[0], [func(*xs) for xs in zip(*flats)])
