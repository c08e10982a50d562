"""``model.summary()``: Keras 3's table, laid out as Keras's (rich) renderer lays it out.

Width: 88 columns for sequential-like models (Layer (type) | Output Shape | Param #) and 108
for others (adding "Connected to"), capped at the terminal width minus 4; column positions
[0.45, 0.80, 1.0] and [0.3, 0.56, 0.74, 1.0], reduced evenly to fit as rich reduces them.
Then "Total params", "Trainable params", "Non-trainable params" (and "Optimizer params" once
the optimizer is built), with sizes in B/KB/MB. Cells wrap at spaces; a word too long for
its cell is cut with an ellipsis (``…``), as rich does. A ``print_fn`` gets the whole text in
one call.
"""

import itertools
import math
import os
import re
import shutil
import sys

__all__ = ["print_summary", "count_params"]


def count_params(weights):
    return int(sum(math.prod(w.shape) for w in weights))


def _dtype_bits(dtype):
    name = str(dtype)
    digits = re.findall(r"\d+", name)
    if name == "bool":
        return 8
    return int(digits[-1]) if digits else 32


def weight_memory_size(weights):
    unique = {id(w): w for w in weights}.values()
    return sum(math.prod(w.shape) * _dtype_bits(w.dtype) for w in unique) / 8


def readable_memory_size(size):
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _format_shape(shape):
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _layer_shape(layer):
    shape = layer._output_shape
    if shape is None:
        if getattr(layer, "_build_shapes", None) is not None:
            try:
                shape = layer.compute_output_shape(layer._build_shapes)
            except Exception:  # noqa: BLE001 - no shape to show
                return "?"
        else:
            return "?"
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return "[" + ", ".join(_format_shape(s) for s in shape) + "]"
    if isinstance(shape, (list, tuple)):
        return _format_shape(shape)
    return str(shape)


def _rich_widths(line_length, positions, n_cols):
    """Column widths (padding included) as Keras asks rich and rich reduces them."""
    widths, current = [], 0
    for pos in positions:
        w = int(pos * line_length) - current
        if w < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(w)
        current += w
    widths = [w + 2 for w in widths]            # rich adds one space of padding each side
    max_width = line_length - (n_cols + 1)      # minus the box's vertical lines
    if sum(widths) > max_width:
        excess = sum(widths) - max_width
        total_ratio = n_cols
        out = []
        for w in widths:
            d = min(w, round(excess / total_ratio))
            out.append(w - d)
            excess -= d
            total_ratio -= 1
        widths = out
    return widths


_WORD = re.compile(r"\s*\S+\s*")


def _wrap(text, width):
    """Lines of at most ``width`` characters, as rich lays out a table cell: words (with the
    spaces after them) fill a line while they fit; a word longer than a whole line gets a
    line of its own and is cut to ``width`` with an ellipsis (``…``), never folded."""
    lines = []
    for para in text.split("\n"):
        breaks, used = [], 0
        for match in _WORD.finditer(para):
            start, word = match.start(), match.group(0)
            length = len(word.rstrip())
            if width - used >= length:
                used += len(word)
            elif length > width or used:
                if start:
                    breaks.append(start)
                used = len(word)
        bounds = [0] + breaks + [len(para)]
        for a, b in itertools.pairwise(bounds):
            line = para[a:b].rstrip()
            lines.append(line if len(line) <= width else line[:width - 1] + "…")
    return lines or [""]


def _row(cells, widths, aligns, sep):
    wrapped = [_wrap(c, w - 2) for c, w in zip(cells, widths)]
    height = max(len(w) for w in wrapped)
    out = []
    for i in range(height):
        parts = []
        for lines, w, align in zip(wrapped, widths, aligns):
            text = lines[i] if i < len(lines) else ""
            inner = w - 2
            if align == "right":
                text = text.rjust(inner)
            elif align == "center":     # rich: the odd space of padding goes to the right
                left = (inner - len(text)) // 2
                text = " " * left + text.ljust(inner - left)
            else:
                text = text.ljust(inner)
            parts.append(" " + text + " ")
        out.append(sep + sep.join(parts) + sep)
    return out


def _sequential_like(model, layers):
    from .functional import Functional
    if not isinstance(model, Functional):
        return True
    for node in model._nodes:
        if len(node.input_tensors) > 1:
            return False
    for layer in layers:
        if sum(1 for n in layer._inbound_nodes if n in model._nodes) > 1:
            return False
    # a chain: every node feeds at most one other
    consumers = {}
    for node in model._nodes:
        for p in node.parent_nodes:
            consumers[id(p)] = consumers.get(id(p), 0) + 1
    return all(c <= 1 for c in consumers.values()) and \
        len(model._input_tensors) == 1 and len(model._output_tensors) == 1


def _connections(layer, model):
    out = []
    for node in layer._inbound_nodes:
        if node not in model._nodes:
            continue
        for t in node.input_tensors:
            h = t._keras_history
            out.append(f"{h.operation.name}[{h.node_index}][{h.tensor_index}]")
    return ", ".join(out) if out else "-"


def _console_width():
    """The width Keras's console renderer (rich) assumes: the first of stdin/stdout/stderr
    that is a terminal, overridden by a numeric ``COLUMNS``, else 80."""
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def print_summary(model, line_length=None, positions=None, print_fn=None,
                  expand_nested=False, show_trainable=False, layer_range=None):
    from .functional import Functional
    layers = model.layers
    seq = _sequential_like(model, layers)
    if seq:
        default_length = 88
        positions = positions or [0.45, 0.80, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
        aligns = ["left", "left", "right"]
    else:
        default_length = 108
        positions = positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        aligns = ["left", "left", "right", "left"]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        aligns.append("center")
    default_length = min(default_length, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default_length
    if positions[-1] <= 1:
        positions = list(positions)
    else:
        positions = [p / line_length for p in positions]
    widths = _rich_widths(line_length, positions, len(header))

    if layer_range is not None:
        names = [layer.name for layer in layers]
        lo = min(i for i, n in enumerate(names) if re.match(layer_range[0], n))
        hi = max(i for i, n in enumerate(names) if re.match(layer_range[1], n))
        layers = layers[lo:hi + 1]

    rows = []

    def add(layer, prefix=""):
        if not layer.built:
            params = "0 (unbuilt)"
        else:
            params = f"{layer.count_params():,}"
        cells = [f"{prefix}{layer.name} ({type(layer).__name__})", _layer_shape(layer),
                 params]
        if not seq:
            cells.append(_connections(layer, model) if isinstance(model, Functional) else "-")
        if show_trainable:
            cells.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        rows.append(cells)
        if expand_nested and hasattr(layer, "layers") and layer is not model:
            for sub in layer.layers:
                add(sub, prefix="   " * (prefix.count("└") + 1) + "└ ")

    for layer in layers:
        add(layer)

    lines = [f'Model: "{model.name}"']
    lines.append("┏" + "┳".join("━" * w for w in widths) + "┓")
    lines += _row(header, widths, aligns, "┃")
    lines.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    for i, cells in enumerate(rows):
        if i:
            lines.append("├" + "┼".join("─" * w for w in widths) + "┤")
        lines += _row(cells, widths, aligns, "│")
    lines.append("└" + "┴".join("─" * w for w in widths) + "┘")
    # Keras prints the table through a console as wide as the terminal (80 columns when
    # there is none, ``COLUMNS`` when set): a table wider than that is cut at its edge.
    console = _console_width()
    lines = [line[:console] for line in lines]

    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    t_count, nt_count = count_params(trainable), count_params(non_trainable)
    t_mem, nt_mem = weight_memory_size(trainable), weight_memory_size(non_trainable)
    opt = getattr(model, "optimizer", None)
    opt_built = bool(getattr(model, "compiled", False) and opt is not None and
                     getattr(opt, "built", False))
    o_count = count_params(opt.variables) if opt_built else 0
    o_mem = weight_memory_size(opt.variables) if opt_built else 0
    lines.append(f" Total params: {t_count + nt_count + o_count:,} "
                 f"({readable_memory_size(t_mem + nt_mem + o_mem)})")
    lines.append(f" Trainable params: {t_count:,} ({readable_memory_size(t_mem)})")
    lines.append(f" Non-trainable params: {nt_count:,} ({readable_memory_size(nt_mem)})")
    if opt_built:
        lines.append(f" Optimizer params: {o_count:,} ({readable_memory_size(o_mem)})")
    text = "\n".join(lines) + "\n"
    if print_fn is None:
        sys.stdout.write(text)
    else:
        print_fn(text)      # once, with the whole table, as Keras does
