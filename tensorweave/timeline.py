"""Per-op timings of a ``Session.run``: TF1's ``RunOptions``/``RunMetadata`` tracing and the
Chrome-trace ``Timeline`` of ``tensorflow.python.client.timeline``.

    run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    run_metadata = tf.RunMetadata()
    sess.run(train_op, feed_dict=feed, options=run_options, run_metadata=run_metadata)

    from tensorweave import timeline          # TF1: from tensorflow.python.client import timeline
    trace = timeline.Timeline(run_metadata.step_stats)
    with open("timeline.json", "w") as f:     # open it in chrome://tracing or ui.perfetto.dev
        f.write(trace.generate_chrome_trace_format())

``writer.add_run_metadata(run_metadata, "step42")`` (``tf.summary.FileWriter``) puts the
timings in TensorBoard's graph view. A traced run executes the same plan as an untraced one,
with each step timed; a fused group of elementwise steps (see compiler/fuse.py) is one entry.
"""

import time

__all__ = ["RunOptions", "RunMetadata", "StepStats", "DeviceStepStats", "NodeExecStats",
           "Timeline"]

DEVICE = "/job:localhost/replica:0/task:0/device:CPU:0"


class RunOptions:
    """Options for one ``Session.run``; ``trace_level`` above ``NO_TRACE`` records per-op
    timings into the ``run_metadata`` passed with it. Other TF options are accepted."""

    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3

    def __init__(self, trace_level=0, **kwargs):
        self.trace_level = trace_level
        self.__dict__.update(kwargs)


class NodeExecStats:
    """One op's execution: TF's field names, times in microseconds since the epoch
    (``all_start_micros``) and relative to it."""

    def __init__(self, node_name, op_type, all_start_micros, all_end_rel_micros,
                 timeline_label=""):
        self.node_name = node_name
        self.op_type = op_type
        self.all_start_micros = all_start_micros
        self.op_start_rel_micros = 0
        self.op_end_rel_micros = all_end_rel_micros
        self.all_end_rel_micros = all_end_rel_micros
        self.timeline_label = timeline_label
        self.thread_id = 0

    def __repr__(self):
        return f"NodeExecStats({self.node_name!r}, {self.all_end_rel_micros} us)"


class DeviceStepStats:
    def __init__(self, device=DEVICE, node_stats=None):
        self.device = device
        self.node_stats = list(node_stats or [])


class StepStats:
    def __init__(self, dev_stats=None):
        self.dev_stats = list(dev_stats or [])


class RunMetadata:
    """Filled by a traced ``Session.run``: ``step_stats.dev_stats[0].node_stats`` holds one
    ``NodeExecStats`` per executed step, in execution order."""

    def __init__(self):
        self.step_stats = StepStats()
        self.partition_graphs = []
        self.cost_graph = None

    def to_proto(self):
        """This metadata as TensorFlow's ``RunMetadata`` protocol buffer (needs the
        ``tensorboard`` extra)."""
        from .summary.encode import proto
        config_pb2 = proto("config_pb2")
        out = config_pb2.RunMetadata()
        for dev in self.step_stats.dev_stats:
            d = out.step_stats.dev_stats.add(device=dev.device)
            for n in dev.node_stats:
                d.node_stats.add(
                    node_name=n.node_name, all_start_micros=n.all_start_micros,
                    op_start_rel_micros=n.op_start_rel_micros,
                    op_end_rel_micros=n.op_end_rel_micros,
                    all_end_rel_micros=n.all_end_rel_micros,
                    timeline_label=n.timeline_label, thread_id=n.thread_id)
        return out


def tracing(options, run_metadata):
    """Whether a ``Session.run`` with these arguments is traced."""
    return run_metadata is not None and options is not None and \
        getattr(options, "trace_level", 0) > RunOptions.NO_TRACE


def traced_steps(steps, step_ops, records):
    """``steps`` with each kernel wrapped to append (op, start, end) seconds to ``records``."""
    out = []
    for step, op in zip(steps, step_ops):
        kernel = step[0]

        def timed(*args, _kernel=kernel, _op=op, **kwargs):
            start = time.perf_counter()
            try:
                return _kernel(*args, **kwargs)
            finally:
                records.append((_op, start, time.perf_counter()))
        out.append((timed,) + tuple(step[1:]))
    return out


def fill(run_metadata, records, wall_start, perf_start):
    """Writes ``records`` ((op, start, end) in ``perf_counter`` seconds) into
    ``run_metadata``'s step stats, timed from the run's start."""
    nodes = []
    for op, start, end in records:
        members = getattr(op, "members", None)
        label = f"{op.name} = {op.type}" if members is None else \
            f"{op.name} = Fused({', '.join(m.type for m in members)})"
        begin = int(round((wall_start + (start - perf_start)) * 1e6))
        nodes.append(NodeExecStats(op.name, op.type, begin,
                                   max(0, int(round((end - start) * 1e6))), label))
    run_metadata.step_stats = StepStats([DeviceStepStats(DEVICE, nodes)])


class Timeline:
    """Turns ``step_stats`` into the Chrome trace event format (chrome://tracing,
    ui.perfetto.dev), as ``tensorflow.python.client.timeline.Timeline`` does."""

    def __init__(self, step_stats, graph=None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False):
        """A JSON string: one complete ("X") event per op, one process per device."""
        import json
        events = []
        for pid, dev in enumerate(self._step_stats.dev_stats):
            events.append({"name": "process_name", "ph": "M", "pid": pid,
                           "args": {"name": f"{dev.device} Compute"}})
            for n in dev.node_stats:
                op_type = getattr(n, "op_type", None) or n.timeline_label.split(" = ")[-1]
                events.append({"name": op_type, "cat": "Op", "ph": "X", "pid": pid,
                               "tid": n.thread_id, "ts": n.all_start_micros,
                               "dur": n.all_end_rel_micros,
                               "args": {"name": n.node_name, "op": op_type,
                                        "label": n.timeline_label}})
        return json.dumps({"traceEvents": events}, indent=None)
