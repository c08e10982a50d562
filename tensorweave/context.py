"""Which way ops run: at once on arrays (eager, TensorFlow 2) or as graph nodes (TensorFlow 1).

``tensorweave`` is the TF2-style namespace and ``tensorweave.compat.v1`` the TF1 one, and one
process may use both (a test suite, a notebook). The mode follows the namespace a program
uses: reading a public name of ``tensorweave`` (``tw.constant``, ``tw.Variable``) from user
code selects eager execution, reading one of ``tensorweave.compat.v1`` (``tf.placeholder``,
``tf.Session``) selects graph mode, so ``import tensorweave.compat.v1 as tf`` programs build
graphs and ``import tensorweave as tf`` programs run eagerly, without a switch. A process
starts in graph mode (what ``tensorweave.keras`` alone sees).

Explicit choices win over that: ``enable_eager_execution()`` / ``disable_eager_execution()``
fix the mode until the other is called, and inside ``with graph.as_default():`` (and while
``tw.function`` traces) ops are always graph nodes.
"""

import sys
import warnings

from . import graph as _g
from . import shapes as _shapes

__all__ = ["executing_eagerly", "enable_eager_execution", "disable_eager_execution",
           "eager_mode", "graph_mode"]

_mode = {"eager": False, "pinned": False, "chosen": False}
_shapes._mode = _mode  # TensorShape follows TF 2's rules in TF 2 code
_g._mode = _mode  # a graph tensor's == is elementwise in TF 2 code
_recording = [False]  # some GradientTape records (tape.py keeps it current)
# Eager mode, no graph entered in any thread and no tape recording: what the eager operators'
# fast path needs to know (eager._fast_operator reads one flag instead of three states). Kept
# current by _refresh, which every change of those states calls.
_fast = [False]


def _refresh():
    fast = _mode["eager"] and not _g._entered[0] and not _recording[0]
    if fast and not _fast[0]:
        _quiet_fast_path()
    _fast[0] = fast


_FAST_PATH_MODULE = r"tensorweave\.eager$"


def _quiet_fast_path():
    """The ``warnings`` filter that keeps NumPy's floating-point warnings from the eager
    operators' fast path quiet (see eager._fast_operator; a warning is attributed to the
    module that called the ufunc), after the user's own filters; put back if something
    (``catch_warnings``, ``resetwarnings``) took it away since."""
    for f in warnings.filters:
        if f[2] is RuntimeWarning and f[3] is not None and f[3].pattern == _FAST_PATH_MODULE:
            return
    warnings.filterwarnings("ignore", category=RuntimeWarning, module=_FAST_PATH_MODULE,
                            append=True)


_g._entered_changed[0] = _refresh


def executing_eagerly():
    """True when an op made now runs at once (``tf.executing_eagerly``): eager mode and no
    graph entered with ``as_default()`` (``tw.function`` traces inside one)."""
    return _mode["eager"] and not _g._state.stack


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Runs ops at once from now on, whichever namespace is used (TF 1's
    ``tf.enable_eager_execution``)."""
    _mode["eager"], _mode["pinned"] = True, True
    _refresh()


def disable_eager_execution():
    """Builds graphs from now on, whichever namespace is used
    (``tf.compat.v1.disable_eager_execution``)."""
    _mode["eager"], _mode["pinned"] = False, True
    _refresh()


def _select(eager):
    """What reading a namespace's public name does: selects its mode unless one is pinned."""
    if not _mode["pinned"]:
        _mode["eager"], _mode["chosen"] = eager, True
        _refresh()


def _reset():
    """A fresh process's state (graph mode, nothing pinned): for test isolation."""
    _mode["eager"], _mode["pinned"], _mode["chosen"] = False, False, False
    _g._entered[0] = len(_g._state.stack)  # graphs a test left entered do not count
    _refresh()


class _ModeScope:
    def __init__(self, eager):
        self._eager = eager

    def __enter__(self):
        self._saved = dict(_mode)
        _mode["eager"], _mode["pinned"] = self._eager, True
        _refresh()
        return self

    def __exit__(self, *exc):
        _mode.update(self._saved)
        _refresh()


def eager_mode():
    """A context in which ops run eagerly (outside any ``as_default()`` graph)."""
    return _ModeScope(True)


def graph_mode():
    """A context in which ops build graph nodes in the default graph."""
    return _ModeScope(False)


def selecting_module(module_name, eager, neutral=(), first=False):
    """Makes module ``module_name`` select its mode when user code reads a public name of it
    (names in ``neutral`` do not: ``keras`` serves both namespaces). Reads from tensorweave's
    own code or from the import machinery select nothing. With ``first``, a read selects
    only while no namespace has selected a mode yet (``tensorweave.keras``: a Keras program
    runs eagerly, as Keras 3 does, while ``tf.keras`` in a TF 1 program, read after
    ``tf.placeholder`` or ``tf.Session``, stays in that program's graph mode)."""
    module = sys.modules[module_name]
    neutral = frozenset(neutral)

    class _Selecting(type(module)):
        def __getattribute__(self, name):
            if name[0] != "_" and name not in neutral and not _mode["pinned"] and \
                    (_mode["eager"] is not eager or not _mode["chosen"]) and \
                    not (first and _mode["chosen"]):
                caller = sys._getframe(1).f_globals.get("__name__", "")
                if not (caller == "tensorweave" or
                        caller.startswith(("tensorweave.", "importlib"))):
                    _mode["eager"] = eager
                    _mode["chosen"] = not first
                    _refresh()
            return super().__getattribute__(name)

    module.__class__ = _Selecting
