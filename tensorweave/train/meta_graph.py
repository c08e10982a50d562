"""Meta graphs: ``tf.train.export_meta_graph``, ``tf.train.import_meta_graph`` and the
``.meta`` file ``Saver.save`` writes beside a checkpoint.

A meta graph describes a graph well enough to rebuild it in another process: its operations,
its collections, its variables and the saver of the checkpoint it goes with. The file is
tensorweave's own format (TensorFlow's binary ``MetaGraphDef`` files are not read): one UTF-8
JSON document holding data only, so reading one never runs code from the file. Version 1::

    {"format": "tensorweave-meta-graph", "version": 1,
     "crc32": CRC-32 of "graph" written compactly with sorted keys,
     "graph": {
      "meta_info": {"tensorweave_version": "0.1.0", "tags": []},
      "ops": [                                         # in the graph's creation order
        {"name": "MatMul", "type": "MatMul",           # the primitive's registered type name
         "attrs": {"transpose_a": false, ...},         # the primitive's fields, encoded below
         "inputs": ["x:0", "w/read:0"], "control_inputs": ["init"], "device": "",
         "outputs": [{"dtype": "float32", "shape": [null, 1]}],   # shape null: unknown rank
         "cond": null}, ...],                          # index into cond_contexts, or null
      "cond_contexts": [                               # tf.cond branches, parents first
        {"pred": "Less:0", "branch": true, "parent": null,
         "switches": [["h:0", "cond/Switch:0"], ...]}],   # outside tensor -> its Switch
      "variables": [{"variable": "w", "initializer": "w/Assign", "snapshot": "w/read:0",
                     "initial_value": "w/initial_value:0", "trainable": true}],
      "collections": {"variables": [{"variable": "w"}], "pred": [{"tensor": "y:0"}],
                      "train_op": [{"op": "GradientDescent"}], "notes": [{"value": "v2"}]},
      "saver": {"var_list": {"w": "w"}, "max_to_keep": 5, ...}}}   # or null

Attribute values are JSON null, booleans, integers, finite floats, strings and lists as
themselves; every other value is an object with one key saying what it is: ``{"tuple":
[...]}``, ``{"dict": [[key, value], ...]}``, ``{"bytes": base64}``, ``{"float": "nan"}``
(also ``"inf"``, ``"-inf"``), ``{"dtype": "float32"}`` (a DType), ``{"np_dtype": "<f4"}``,
``{"shape": [2, null]}`` (a TensorShape), ``{"ndarray": {"dtype", "shape", "data"}}`` (the
little-endian bytes in base64; string arrays give ``"items"`` instead of ``"data"``),
``{"scalar": {...}}`` (a NumPy scalar, encoded as a 0-d array), ``{"tensor": "name:0"}`` (a
tensor of the graph: a ``tf.while_loop``'s condition and body) and ``{"op": {"type",
"attrs"}}`` (a nested primitive). An op whose primitive holds anything else (a Python
function, an object) cannot be exported: ``export_meta_graph`` raises
``UnsupportedGraphError`` naming the op and the field, and ``Saver.save`` warns once and
writes the checkpoint without a ``.meta`` file. A primitive's ``var_name`` field names a
variable node; it follows the node when ``import_meta_graph`` renames it.

Collection items are tensors, operations, ``Variable`` objects and Python strings, bytes,
numbers and booleans; other items (and collections whose key is not a string) are left out,
with a warning for the items, as TensorFlow leaves them out.
"""

import base64
import binascii
import errno
import heapq
import json
import os
import re
import warnings
import zlib

import numpy as np

from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from ..graph import CondContext, GraphKeys
from ..ops.registry import REGISTRY, Op, Spec
from ..shapes import TensorShape

__all__ = ["MetaGraphDef", "UnsupportedGraphError", "export_meta_graph", "import_meta_graph",
           "meta_graph_filename", "read_meta_graph_file", "write_meta_graph"]

_FORMAT = "tensorweave-meta-graph"
_VERSION = 1


class UnsupportedGraphError(ValueError):
    """The graph holds something a meta graph cannot describe as data (a Python function in
    an op's primitive, a primitive class not registered under its type name, a tf.cond
    whose predicate is not in the graph)."""


class MetaGraphDef:
    """A meta graph in memory: what ``export_meta_graph`` returns, ``import_meta_graph`` takes.

    Attributes:
        data: the whole description (the ``"graph"`` member of the file format, plain JSON
            values).
        graph_def: has ``node``, the list of op descriptions.
        collection_def: ``{key: [item, ...]}`` of the collections.
        saver_def: the saver's description, or None.
        meta_info_def: ``{"tensorweave_version", "tags"}``.
    """

    def __init__(self, data):
        self.data = data

    @property
    def graph_def(self):
        return _GraphDef(self.data["ops"])

    @property
    def collection_def(self):
        return self.data["collections"]

    @property
    def saver_def(self):
        return self.data.get("saver")

    @property
    def meta_info_def(self):
        return self.data["meta_info"]

    def to_json(self, as_text=False):
        """The file contents (indented with ``as_text``), a str."""
        body = self.data
        doc = {"format": _FORMAT, "version": _VERSION, "crc32": _checksum(body), "graph": body}
        return json.dumps(doc, indent=1 if as_text else None, allow_nan=False,
                          separators=None if as_text else (",", ":"))

    def __repr__(self):
        return (f"<MetaGraphDef: {len(self.data['ops'])} ops, "
                f"{len(self.data['collections'])} collections>")


class _GraphDef:
    def __init__(self, nodes):
        self.node = nodes


def _checksum(body):
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return zlib.crc32(text.encode("utf-8"))


def meta_graph_filename(checkpoint_filename, meta_graph_suffix="meta"):
    """``<prefix>.meta`` for a checkpoint prefix (a shard suffix is dropped, as in TF)."""
    base = re.sub(r"-[\d\?]+-of-\d+$", "", os.fspath(checkpoint_filename))
    return f"{base}.{meta_graph_suffix}"


# -- export -----------------------------------------------------------------------------------
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None,
                      collection_list=None, as_text=False, graph=None, export_scope=None,
                      clear_devices=False, clear_extraneous_savers=False,
                      strip_default_attrs=False, save_debug_info=False, **kwargs):
    """Describes ``graph`` (default: the default graph) as a ``MetaGraphDef``; writes it to
    ``filename`` (atomically) when one is given.

    Args:
        filename: the file to write (``.meta`` by convention), or None.
        meta_info_def: optional dict; its ``"tags"`` are kept.
        saver_def: a saver description (``Saver.as_saver_def()``) to store, or None.
        collection_list: the collection keys to export (default: every string key).
        as_text: write indented JSON (the file is JSON either way).
        graph: the graph to describe (default: the default graph).
        clear_devices, strip_default_attrs, save_debug_info, clear_extraneous_savers:
            accepted for compatibility (tensorweave ops carry no device and no defaults).

    Returns:
        A ``MetaGraphDef``.

    Raises:
        UnsupportedGraphError: an op's primitive holds a value that is not data (a Python
            function …); the message names the op and the field.
        NotImplementedError: for ``graph_def`` or ``export_scope``.

    Example:
        >>> tf.train.export_meta_graph("model.meta")
        >>> tf.reset_default_graph(); tf.train.import_meta_graph("model.meta")
    """
    if graph_def is not None:
        raise NotImplementedError("export_meta_graph(graph_def=...) is not supported: "
                                  "tensorweave describes the graph itself (pass graph=).")
    if export_scope is not None:
        raise NotImplementedError("export_meta_graph(export_scope=...) is not supported; "
                                  "export the whole graph and use import_scope when importing.")
    graph = graph if graph is not None else _g.get_default_graph()
    meta = _describe(graph, collection_list, saver_def, meta_info_def)
    if filename is not None:
        write_meta_graph(filename, meta, as_text)
    return meta


def write_meta_graph(filename, meta, as_text=False):
    """Writes ``meta`` to ``filename`` through a temporary file and a rename."""
    from .saver import _atomic_write
    _atomic_write(os.fspath(filename), meta.to_json(as_text).encode("utf-8"))


def _describe(graph, collection_list, saver_def, meta_info_def):
    from .. import __version__
    contexts = _Contexts()
    ops = []
    for op in graph.get_operations():
        ops.append({
            "name": op.name, "type": op.type, "attrs": _encode_primitive(op),
            "inputs": [t.name for t in op.inputs],
            "control_inputs": [c.name for c in op.control_inputs],
            "device": op.device or "",
            "outputs": [{"dtype": t.dtype.name, "shape": _dims(t.shape)} for t in op.outputs],
            "cond": contexts.index(op._cond_ctx, graph),
        })
    collections, variables = _describe_collections(graph, collection_list)
    tags = list(meta_info_def.get("tags", [])) if isinstance(meta_info_def, dict) else []
    return MetaGraphDef({
        "meta_info": {"tensorweave_version": __version__, "tags": tags},
        "ops": ops, "cond_contexts": contexts.describe(graph), "variables": variables,
        "collections": collections, "saver": saver_def,
    })


def _dims(shape):
    dims = shape.as_tuple()
    return None if dims is None else list(dims)


class _Contexts:
    """Numbers the tf.cond branch contexts of a graph, parents before children."""

    def __init__(self):
        self.order = []
        self.ids = {}

    def index(self, ctx, graph):
        if ctx is None:
            return None
        if id(ctx) not in self.ids:
            self.index(ctx.parent, graph)
            if not isinstance(ctx.pred, _g.Tensor) or ctx.pred.graph is not graph:
                raise UnsupportedGraphError(f"A tf.cond of this graph has a predicate that is "
                                            f"not a tensor of the graph: {ctx.pred!r}")
            self.ids[id(ctx)] = len(self.order)
            self.order.append(ctx)
        return self.ids[id(ctx)]

    def describe(self, graph):
        tensors = {id(t): t for op in graph.get_operations() for t in op.outputs}
        out = []
        for ctx in self.order:
            switches = [[tensors[k].name, s.name] for k, s in ctx.switches.items()
                        if k in tensors]
            out.append({"pred": ctx.pred.name, "branch": ctx.branch,
                        "parent": None if ctx.parent is None else self.ids[id(ctx.parent)],
                        "switches": switches})
        return out


def _encode_primitive(op):
    prim = op.primitive
    if REGISTRY.get(prim.type_name) is not type(prim):
        raise UnsupportedGraphError(
            f"Cannot export operation '{op.name}': its primitive class "
            f"{type(prim).__module__}.{type(prim).__qualname__} is not the class registered "
            f"as op type '{prim.type_name}' (decorate it with @register and give it its own "
            "type_name).")
    return {k: _encode(v, op, k) for k, v in sorted(vars(prim).items())}


def _encode(v, op, path):
    """One attribute value as JSON data; UnsupportedGraphError for anything else."""
    if isinstance(v, np.generic):  # before float: np.float64 is a float, and must stay numpy
        return {"scalar": _encode_array(np.asarray(v), op, path)}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        if np.isfinite(v):
            return float(v)
        return {"float": "nan" if np.isnan(v) else ("inf" if v > 0 else "-inf")}
    if isinstance(v, bytes):
        return {"bytes": base64.b64encode(v).decode("ascii")}
    if isinstance(v, list):
        return [_encode(x, op, f"{path}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, tuple):
        return {"tuple": [_encode(x, op, f"{path}[{i}]") for i, x in enumerate(v)]}
    if isinstance(v, dict):
        return {"dict": [[_encode(k, op, f"{path} key"), _encode(x, op, f"{path}[{k!r}]")]
                         for k, x in v.items()]}
    if isinstance(v, _dt.DType):
        return {"dtype": v.name}
    if isinstance(v, np.dtype):
        if v.kind not in "biufcSUO?" or v.fields is not None:
            raise _unsupported(op, path, v)
        return {"np_dtype": v.str}
    if isinstance(v, TensorShape):
        return {"shape": _dims(v)}
    if isinstance(v, np.ndarray):
        return {"ndarray": _encode_array(v, op, path)}
    if isinstance(v, _g.Tensor) and v.graph is op.graph:  # a tf.while_loop's inner tensors
        return {"tensor": v.name}
    if isinstance(v, Op) and REGISTRY.get(v.type_name) is type(v):
        return {"op": {"type": v.type_name,
                       "attrs": {k: _encode(x, op, f"{path}.{k}")
                                 for k, x in sorted(vars(v).items())}}}
    raise _unsupported(op, path, v)


def _encode_array(a, op, path):
    if a.dtype.kind == "O":
        return {"dtype": "object", "shape": list(a.shape),
                "items": [_encode(x, op, f"{path} element") for x in a.ravel().tolist()]}
    if a.dtype.kind not in "biufcSU?" or a.dtype.fields is not None:
        raise _unsupported(op, path, a)
    le = a.dtype.newbyteorder("<")  # files are little-endian on every machine
    data = np.ascontiguousarray(a).astype(le, copy=False).tobytes()
    return {"dtype": le.str, "shape": list(a.shape),
            "data": base64.b64encode(data).decode("ascii")}


def _unsupported(op, path, v):
    return UnsupportedGraphError(
        f"Cannot export operation '{op.name}' (type {op.type}) to a meta graph: its field "
        f"'{path}' holds a {type(v).__module__}.{type(v).__qualname__} ({_short(v)}), which a "
        "meta graph cannot store as data (only None, bool, int, float, str, bytes, lists, "
        "tuples, dicts, NumPy arrays and scalars, DTypes, TensorShapes and primitives). "
        "Graphs with Python functions in ops cannot be saved as .meta files; rebuild the "
        "graph in code and restore the checkpoint instead (Saver.save(..., "
        "write_meta_graph=False)).")


def _short(v):
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe_collections(graph, collection_list):
    from ..variables import Variable
    keys = collection_list if collection_list is not None else \
        [k for k in graph.get_all_collection_keys()]
    collections, variables, seen = {}, [], set()
    for key in keys:
        if not isinstance(key, str):
            continue  # TF exports only string keys (the variable store's key is a tuple)
        items, skipped = [], []
        for item in graph.get_collection(key):
            if isinstance(item, Variable) and item.graph is graph:
                items.append({"variable": item.op.name})
                if id(item) not in seen:
                    seen.add(id(item))
                    variables.append(_describe_variable(item))
            elif isinstance(item, _g.Tensor) and item.graph is graph:
                items.append({"tensor": item.name})
            elif isinstance(item, _g.Operation) and item.graph is graph:
                items.append({"op": item.name})
            elif isinstance(item, (str, bytes, bool, int, float, np.number, np.bool_)):
                items.append({"value": _encode(item, None, key)})
            else:
                skipped.append(type(item).__name__)
        if skipped:
            warnings.warn(f"export_meta_graph: collection '{key}' holds items a meta graph "
                          f"cannot store ({', '.join(sorted(set(skipped)))}); they are left "
                          "out.", stacklevel=4)
        collections[key] = items
    return collections, variables


def _describe_variable(v):
    return {"variable": v.op.name, "initializer": v.initializer.name,
            "snapshot": v.value().name, "initial_value": v.initial_value.name,
            "trainable": v.trainable}


# -- import -----------------------------------------------------------------------------------
def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Rebuilds a saved graph in the default graph; returns a ``Saver`` for its variables.

    The ops get their saved names (prefixed ``import_scope/`` when given). As in TensorFlow,
    a name already used in the graph is made unique (``x`` becomes ``x_1``); the collections
    and variables then refer to the ops just imported. Collections are extended, variables
    become ``Variable`` objects again (``tf.global_variables()``, optimizers and ``Saver()``
    work on them), and the returned Saver restores the checkpoint the file was saved with.

    Args:
        meta_graph_or_file: a ``.meta`` file name or a ``MetaGraphDef``.
        clear_devices: accepted for compatibility (tensorweave ops carry no device).
        import_scope: name scope to import into (made unique like a ``name_scope``).
        **kwargs: ``input_map`` ({saved tensor name: Tensor} replacing inputs),
            ``restore_collections_predicate`` (key -> bool), ``return_elements`` (ignored,
            as ``tf.train.import_meta_graph`` ignores it).

    Returns:
        A ``Saver`` (the one the file was saved with, else one over the imported global
        variables), or None when the graph has no variables.

    Raises:
        OSError: when the file does not exist.
        DataLossError: when the file is truncated or damaged.
        ValueError: when the file is not a tensorweave meta graph, or describes an op type
            this program has not registered, or refers to ops it does not contain.

    Example:
        >>> saver = tf.train.import_meta_graph("ckpt/model.ckpt-10.meta")
        >>> saver.restore(sess, tf.train.latest_checkpoint("ckpt"))
    """
    input_map = kwargs.pop("input_map", None) or {}
    predicate = kwargs.pop("restore_collections_predicate", None) or (lambda key: True)
    kwargs.pop("return_elements", None)
    kwargs.pop("unbound_inputs_col_name", None)
    if kwargs:
        raise TypeError(f"import_meta_graph() got unexpected keyword arguments: "
                        f"{sorted(kwargs)}")
    source, data = _load(meta_graph_or_file)
    return _Importer(_g.get_default_graph(), data, source, import_scope, input_map,
                     predicate).run()


def read_meta_graph_file(filename):
    """The ``MetaGraphDef`` in ``filename`` (errors as for ``import_meta_graph``)."""
    return MetaGraphDef(_load(filename)[1])


def _load(meta_graph_or_file):
    if isinstance(meta_graph_or_file, MetaGraphDef):
        return "<MetaGraphDef>", meta_graph_or_file.data
    path = os.fspath(meta_graph_or_file)
    if not os.path.exists(path):
        raise OSError(errno.ENOENT, f"File {path} does not exist.", path)
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.lstrip().startswith(b"{"):
        raise ValueError(f"{path} is not a tensorweave meta graph file: it is not JSON. "
                         "(TensorFlow's binary MetaGraphDef files cannot be read; build the "
                         "graph in tensorweave and save it with tf.train.Saver.)")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise _errors.DataLossError(None, None, f"Meta graph file {path} is truncated or "
                                    f"damaged and cannot be read: {e}") from None
    if not isinstance(doc, dict) or doc.get("format") != _FORMAT:
        raise ValueError(f"{path} is not a tensorweave meta graph file (its \"format\" is "
                         f"{doc.get('format') if isinstance(doc, dict) else None!r}).")
    if doc.get("version") != _VERSION:
        raise ValueError(f"Meta graph file {path} has format version {doc.get('version')!r}; "
                         f"this tensorweave reads version {_VERSION}.")
    body = doc.get("graph")
    if not isinstance(body, dict) or doc.get("crc32") != _checksum(body):
        raise _errors.DataLossError(None, None, f"Meta graph file {path} is damaged: its "
                                    "checksum does not match its contents.")
    return path, body


class _Invalid(Exception):
    pass


class _Importer:
    """Checks a whole description, then adds it to ``graph`` (so a bad file adds nothing)."""

    def __init__(self, graph, data, source, import_scope, input_map, predicate):
        self.graph = graph
        self.data = data
        self.source = source
        self.import_scope = import_scope
        self.input_map = input_map
        self.predicate = predicate

    def run(self):
        if self.graph.finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        try:
            prims, order = self._check()
        except _Invalid as e:
            raise ValueError(f"Cannot import meta graph {self.source}: {e}") from None
        except (KeyError, TypeError, IndexError, AttributeError, ValueError) as e:
            raise ValueError(f"Cannot import meta graph {self.source}: it is malformed "
                             f"({type(e).__name__}: {e}).") from None
        return self._build(self._new_names(self.data["ops"]), prims, order)

    # -- checking (changes nothing) ---------------------------------------------------------
    def _check(self):
        data = self.data
        entries = data["ops"]
        by_name = {}
        for e in entries:
            if not isinstance(e.get("name"), str) or e["name"] in by_name:
                raise _Invalid(f"op name {e.get('name')!r} is missing or repeated")
            by_name[e["name"]] = e
        self.by_name = by_name
        self.contexts = data.get("cond_contexts", [])
        prims = {}
        for e in entries:
            cls = REGISTRY.get(e["type"])
            if cls is None:
                raise _Invalid(f"op '{e['name']}' has type '{e['type']}', which is not a "
                               "registered op type in this program (import the module that "
                               "defines it before importing the graph)")
            prims[e["name"]] = (cls, {k: self._decode(v, e) for k, v in e["attrs"].items()})
            if e.get("cond") is not None and not 0 <= e["cond"] < len(self.contexts):
                raise _Invalid(f"op '{e['name']}' refers to a tf.cond context that is not in "
                               "the file")
            for t in e["inputs"]:
                self._check_tensor(t, f"op '{e['name']}'")
            for c in e["control_inputs"]:
                if c not in by_name:
                    raise _Invalid(f"op '{e['name']}' has control input '{c}', which is not "
                                   "in the file")
        for i, c in enumerate(self.contexts):
            if c["parent"] is not None and not 0 <= c["parent"] < i:
                raise _Invalid(f"tf.cond context {i} has an invalid parent {c['parent']!r}")
            self._check_tensor(c["pred"], "a tf.cond")
            for outer, switch in c["switches"]:
                self._check_tensor(outer, "a tf.cond")
                self._check_tensor(switch, "a tf.cond")
        for v in data["variables"]:
            for key in ("variable", "initializer"):
                if v[key] not in by_name:
                    raise _Invalid(f"variable '{v['variable']}' refers to op '{v[key]}', which "
                                   "is not in the file")
            self._check_tensor(v["snapshot"], f"variable '{v['variable']}'")
            self._check_tensor(v["initial_value"], f"variable '{v['variable']}'")
        variables = {v["variable"] for v in data["variables"]}
        self.collections = {}
        for key, items in data["collections"].items():
            checked = self.collections[key] = []
            for item in items:
                (kind, value), = item.items()
                if kind == "value":
                    value = self._decode(value, {"name": f"(collection '{key}')"})
                elif kind == "tensor":
                    self._check_tensor(value, f"collection '{key}'")
                elif value not in {"op": by_name, "variable": variables}.get(kind, ()):
                    raise _Invalid(f"collection '{key}' has an item {item!r} that refers to "
                                   "nothing in the file")
                checked.append((kind, value))
        for k, t in self.input_map.items():
            if not isinstance(t, _g.Tensor) or t.graph is not self.graph:
                raise _Invalid(f"input_map[{k!r}] must be a Tensor of the default graph")
            self._check_tensor(k, "input_map")
            op_name, _, index = k.rpartition(":")
            saved = by_name[op_name]["outputs"][int(index)]["dtype"]
            if t.dtype.name != saved:
                raise _Invalid(f"input_map[{k!r}] has dtype {t.dtype.name}, but the tensor it "
                               f"replaces has dtype {saved}")
        return prims, self._order(entries)

    def _check_tensor(self, name, user):
        op_name, _, index = str(name).rpartition(":")
        e = self.by_name.get(op_name)
        if e is None or not index.isdigit() or int(index) >= len(e["outputs"]):
            raise _Invalid(f"{user} refers to tensor '{name}', which is not in the file")
        return True

    def _new_names(self, entries):
        """Saved name -> name in the graph: prefixed with the import scope, and made unique
        (``x_1``) where the graph already has the name, as TF's importer does."""
        prefix = ""
        if self.import_scope:
            with self.graph.name_scope(self.import_scope) as scope:
                prefix = scope
        taken = set(self.graph._ops_by_name)
        names = {}
        for e in entries:
            target = prefix + e["name"]
            if target in taken:
                k = 1
                while f"{target}_{k}" in taken:
                    k += 1
                target = f"{target}_{k}"
            taken.add(target)
            names[e["name"]] = target
        return names

    def _order(self, entries):
        """The ops in an order where each comes after its inputs, control inputs and the
        predicates of its tf.cond branches (file order where free)."""
        index = {e["name"]: i for i, e in enumerate(entries)}
        deps = []
        for e in entries:
            d = {t.rpartition(":")[0] for t in e["inputs"]} | set(e["control_inputs"]) | \
                {t.rpartition(":")[0] for t in _tensor_refs(e["attrs"])}
            c = e.get("cond")
            while c is not None:
                d.add(self.contexts[c]["pred"].rpartition(":")[0])
                c = self.contexts[c]["parent"]
            deps.append({index[n] for n in d})
        users = [[] for _ in entries]
        for i, d in enumerate(deps):
            for j in d:
                users[j].append(i)
        waiting = [len(d) for d in deps]
        ready = [i for i, n in enumerate(waiting) if n == 0]
        heapq.heapify(ready)
        order = []
        while ready:
            i = heapq.heappop(ready)
            order.append(entries[i])
            for u in users[i]:
                waiting[u] -= 1
                if waiting[u] == 0:
                    heapq.heappush(ready, u)
        if len(order) != len(entries):
            stuck = sorted(entries[i]["name"] for i, n in enumerate(waiting) if n)[:5]
            raise _Invalid(f"its ops depend on each other in a cycle (among {stuck})")
        return order

    def _decode(self, v, e):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [self._decode(x, e) for x in v]
        if not isinstance(v, dict) or len(v) != 1:
            raise _Invalid(f"op '{e['name']}' has an attribute value that is not understood: "
                           f"{_short(v)}")
        (kind, x), = v.items()
        if kind == "tuple":
            return tuple(self._decode(y, e) for y in x)
        if kind == "dict":
            return {self._decode(k, e): self._decode(y, e) for k, y in x}
        if kind == "bytes":
            return _b64(x)
        if kind == "float":
            return {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")}[x]
        if kind == "dtype":
            return _dt.as_dtype(x)
        if kind == "np_dtype":
            return np.dtype(x)
        if kind == "shape":
            return TensorShape(x)
        if kind == "ndarray":
            return self._decode_array(x, e)
        if kind == "scalar":
            return self._decode_array(x, e)[()]
        if kind == "tensor":
            self._check_tensor(x, f"op '{e['name']}'")
            return _TensorRef(x)
        if kind == "op":
            cls = REGISTRY.get(x["type"])
            if cls is None:
                raise _Invalid(f"op '{e['name']}' holds a primitive of type '{x['type']}', "
                               "which is not registered in this program")
            return _make_primitive(cls, {k: self._decode(y, e) for k, y in x["attrs"].items()})
        raise _Invalid(f"op '{e['name']}' has an attribute value of unknown kind '{kind}'")

    def _decode_array(self, x, e):
        shape = tuple(int(d) for d in x["shape"])
        if x["dtype"] == "object":
            items = [self._decode(y, e) for y in x["items"]]
            arr = np.empty(len(items), dtype=object)
            arr[:] = items
            return arr.reshape(shape)
        dtype = np.dtype(x["dtype"])
        raw = _b64(x["data"])
        if len(raw) != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize:
            raise _Invalid(f"the data of a constant array of op '{e['name']}' has "
                           f"{len(raw)} bytes, which does not fit shape {list(shape)} of "
                           f"{dtype}")
        return np.frombuffer(raw, dtype=dtype).astype(dtype.newbyteorder("="),
                                                      copy=True).reshape(shape)

    # -- building ---------------------------------------------------------------------------
    def _build(self, names, prims, order):
        from ..variables import Variable
        graph, created, contexts = self.graph, {}, {}

        def tensor(name):
            if name in self.input_map:
                return self.input_map[name]
            op_name, _, index = name.rpartition(":")
            return created[op_name].outputs[int(index)]

        def context(i):
            if i is None:
                return None
            if i not in contexts:
                c = self.contexts[i]
                contexts[i] = CondContext(tensor(c["pred"]), c["branch"], context(c["parent"]))
            return contexts[i]

        for e in order:
            cls, attrs = prims[e["name"]]
            attrs = {k: _resolve(v, tensor) for k, v in attrs.items()}
            if isinstance(attrs.get("var_name"), str) and attrs["var_name"] in names:
                attrs["var_name"] = names[attrs["var_name"]]
            specs = [Spec(None if o["shape"] is None else tuple(o["shape"]),
                          _dt.as_dtype(o["dtype"])) for o in e["outputs"]]
            created[e["name"]] = graph._add_imported_op(
                _make_primitive(cls, attrs), [tensor(t) for t in e["inputs"]],
                names[e["name"]], specs, [created[c] for c in e["control_inputs"]],
                context(e.get("cond")))
        for i, c in enumerate(self.contexts):
            ctx = context(i)
            for outer, switch in c["switches"]:
                ctx.switches[id(tensor(outer))] = tensor(switch)
        variables = {}
        for v in self.data["variables"]:
            variables[v["variable"]] = Variable._from_graph(
                created[v["variable"]].outputs[0], created[v["initializer"]],
                tensor(v["snapshot"]), tensor(v["initial_value"]), v["trainable"])
        imported_globals = []
        for key, items in self.collections.items():
            if not self.predicate(key):
                continue
            for kind, value in items:
                if kind == "tensor":
                    obj = tensor(value)
                elif kind == "op":
                    obj = created[value]
                elif kind == "variable":
                    obj = variables[value]
                else:
                    obj = value
                graph.add_to_collection(key, obj)
                if key == GraphKeys.GLOBAL_VARIABLES and kind == "variable":
                    imported_globals.append(obj)
        return _saver_for(self.data.get("saver"), variables, imported_globals)


class _TensorRef:
    """A tensor named in a primitive's field, found once its op is imported."""

    def __init__(self, name):
        self.name = name


def _resolve(v, tensor):
    """``v`` with each ``_TensorRef`` replaced by ``tensor(name)`` (in lists, tuples, dicts
    and nested primitives)."""
    if isinstance(v, _TensorRef):
        return tensor(v.name)
    if isinstance(v, list):
        return [_resolve(x, tensor) for x in v]
    if isinstance(v, tuple):
        return tuple(_resolve(x, tensor) for x in v)
    if isinstance(v, dict):
        return {k: _resolve(x, tensor) for k, x in v.items()}
    if isinstance(v, Op):
        v.__dict__.update({k: _resolve(x, tensor) for k, x in vars(v).items()})
    return v


def _tensor_refs(attrs):
    """The tensor names a saved primitive's fields refer to (``{"tensor": name}``)."""
    found = []

    def walk(v):
        if isinstance(v, dict):
            if len(v) == 1 and "tensor" in v and isinstance(v["tensor"], str):
                found.append(v["tensor"])
            else:
                for x in v.values():
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(attrs)
    return found


def _make_primitive(cls, attrs):
    """A primitive with exactly these fields (its constructor is not called: the fields are
    what it computed from its arguments)."""
    prim = cls.__new__(cls)
    prim.__dict__.update(attrs)
    return prim


def _b64(text):
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as e:
        raise _Invalid(f"a base64 field is damaged ({e})") from None


def _saver_for(spec, variables, imported_globals):
    from .saver import Saver
    if spec:
        var_list = {ckpt: variables[name] for ckpt, name in spec["var_list"].items()
                    if name in variables}
        if not var_list:
            return None
        return Saver(var_list=var_list, max_to_keep=spec.get("max_to_keep", 5),
                     keep_checkpoint_every_n_hours=spec.get("keep_checkpoint_every_n_hours",
                                                            10000.0),
                     pad_step_number=spec.get("pad_step_number", False),
                     save_relative_paths=spec.get("save_relative_paths", False))
    if not imported_globals:
        return None
    return Saver(var_list=imported_globals)
